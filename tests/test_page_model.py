"""The page model: a page where a ministry, a university or a club acts and a city is only named yields no
event, though the rules alone would read one out of it (citydip.extract.page, data/page_model.json)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from citydip.cli import app
from citydip.datafiles import data_path
from citydip.extract import Extractor
from citydip.extract.events import MIN_PAGE_CHARS
from citydip.extract.page import default_model, lead_words, page_features
from citydip.models import Article

runner = CliRunner()

# written for this test: a minister's trip; 부산 is only where a summit will be held
NATIONAL = (
    "외교부 장관, 베트남 하노이 방문해 외교장관 회담\n"
    "외교부 장관은 22일 베트남 하노이를 방문해 베트남 외교장관과 회담을 갖고 두 나라의 교역과 투자 확대 방안을 "
    "논의했다고 외교부가 밝혔다. 장관은 회담에서 다음 달 부산에서 열리는 한-아세안 특별정상회의 준비 상황을 설명하고, "
    "베트남 정상의 참석을 요청했다. 두 장관은 이어 하노이 시내의 한국 기업 공장을 찾아 현지 직원들을 격려했다. "
    "외교부는 이번 방문이 정상회의를 앞두고 두 나라의 협력을 다지는 계기가 될 것이라고 설명했다. 정상회의는 부산 "
    "해운대의 전시장에서 사흘 동안 열리며, 아세안 열 개 나라 정상이 모두 참석할 예정이다. 정부는 부산 시내 곳곳에서 "
    "문화 행사도 함께 열어 방문객을 맞을 계획이다. 외교부 관계자는 정상회의 기간에 각국 대표단의 안전과 편의를 위해 "
    "관계 기관과 긴밀히 협의하고 있다고 말했다.\n"
)
# the same kind of page where the city acts
CITY = (
    "부산시, 베트남 하노이시와 우호협력 협약\n"
    "부산시는 22일 베트남 하노이시를 방문해 하노이시와 우호협력 협약을 체결했다고 밝혔다. 부산시장은 하노이시 "
    "인민위원장과 만나 두 도시의 교역과 관광, 청소년 교류를 넓히기로 합의했다. 부산시 대표단은 이어 하노이 시내의 "
    "부산 기업 공장을 찾아 현지 직원들을 격려했다. 부산시는 이번 협약이 다음 달 부산에서 열리는 한-아세안 "
    "특별정상회의를 앞두고 두 도시의 협력을 다지는 계기가 될 것이라고 설명했다. 두 도시는 해마다 번갈아 대표단을 "
    "보내고, 내년에는 하노이에서 부산 주간 행사를 열 계획이다. 부산시 관계자는 하노이시와의 협약으로 베트남의 "
    "자매·우호도시가 네 곳으로 늘었다고 말했다.\n"
)


def test_shipped_model_carries_its_training_figures():
    raw = json.loads(data_path("page_model.json").read_text(encoding="utf-8"))
    assert raw["training"]["pages"] >= 150
    assert raw["training"]["cross-validated: diplomacy pages silenced"] <= 0.05
    assert 0.0 < raw["threshold"] < 1.0
    assert any(name.startswith("w:") for name in raw["weights"])


def test_features_are_the_leads_words_and_the_rules_view():
    assert {"외교부", "장관", "하노이"} <= lead_words(NATIONAL)
    view = Extractor().read_places(Article(id="n", text=NATIONAL, published="2024-05-22"))
    features = page_features(NATIONAL, view.actor, view.actor_reason, view.mentions)
    assert features["actor:lead named"] == 1.0 and features["w:외교부"] == 1.0


def test_the_model_silences_a_page_where_the_city_is_only_named():
    article = Article(id="n", text=NATIONAL, published="2024-05-22")
    assert len(NATIONAL) >= MIN_PAGE_CHARS
    assert Extractor(page_model=False).extract(article).events  # the rules alone read a visit out of it
    result = Extractor().extract(article)
    assert result.events == () and "page model" in result.actor_reason
    assert (
        default_model().probability(page_features(NATIONAL, result.actor, "lead named (부산)", []))
        < default_model().threshold
    )


def test_a_city_acting_on_the_same_kind_of_page_keeps_its_events():
    result = Extractor().extract(Article(id="c", text=CITY, published="2024-05-22"))
    assert {e.type for e in result.events} >= {"agreement", "visit"}


def test_ingest_through_the_cli(tmp_path, db_path):
    (tmp_path / "national.txt").write_text(NATIONAL, encoding="utf-8")
    (tmp_path / "city.txt").write_text(CITY, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db_path), "--published", "2024-05-22"])
    assert result.exit_code == 0, result.output
    events = json.loads(runner.invoke(app, ["timeline", "--db", str(db_path), "--format", "json"]).stdout)
    assert events and all(e["actor"]["name_ko"] == "부산" for e in events)
    assert {s["path"].rsplit("/", 1)[-1] for e in events for s in e["sources"]} == {"city.txt"}
