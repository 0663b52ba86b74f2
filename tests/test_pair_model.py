"""The pair model: a place the rules read as an event's partner is dropped when the sentence tells of no such
event with it (a look back on a tie's results), though the rules alone would keep it (citydip.extract.pairs,
data/pair_model.json)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from citydip.cli import app
from citydip.datafiles import data_path
from citydip.extract import Extractor
from citydip.extract.events import MIN_PAGE_CHARS
from citydip.extract.pairs import default_model, pair_features
from citydip.models import Article

runner = CliRunner()

# written for these tests: a page of city news where an official looks back on twenty years of ties with a
# Japanese city; nothing happens between the cities here and now
_CITY_NEWS = (
    "시는 올해 하반기 도심 공원 정비와 도서관 확충에 예산을 집중하기로 했다. "
    "시민들이 많이 찾는 수변 산책로에는 조명과 쉼터를 더 설치한다. "
    "시 관계자는 여름철 폭염에 대비해 무더위 쉼터 운영 시간을 늘리고, 취약계층 방문 건강관리도 강화한다고 "
    "설명했다. 또 전통시장 주차장 확충과 골목상권 활성화를 위한 지원 사업도 이어간다. "
    "시는 시민 의견을 모아 내년 예산안에 반영할 계획이다. 시의회도 관련 조례 개정을 검토하고 있다. "
    "버스 노선 개편안은 다음 달 공청회를 거쳐 확정된다. 시는 교통 약자를 위한 저상버스도 늘린다. "
    "어린이 보호구역에는 과속 단속 카메라를 더 달고, 통학로 보도 폭을 넓히는 공사도 시작한다. "
)
# a signing with a Japanese city, and an official looking back, in a quote, on ties with two Chinese ones: the
# rules read an exchange with Qingdao and Weihai out of the look-back, which tells of no programme here and now
PAGE = (
    "대구시는 22일 일본 히로시마시와 우호협력 협약을 체결했다고 밝혔다.\n"
    "시장은 히로시마시장과 만나 두 도시의 관광과 경제 협력 방안을 논의했다. "
    "시 관계자는 “지난 20년간 중국 칭다오시, 웨이하이시와도 민간교류 성과가 컸다”고 말했다. " + _CITY_NEWS
)
SHORT = "대구시는 22일 일본 히로시마시와 우호협력 협약을 체결했다고 밝혔다."


def test_shipped_model_carries_its_training_figures():
    raw = json.loads(data_path("pair_model.json").read_text(encoding="utf-8"))
    training = raw["training"]
    assert training["pairs"] >= 1000 and training["of them from the dev corpus"] > 0
    assert (
        training["cross-validated pair F1 with it"] >= training["cross-validated pair F1 without the model"]
    )
    assert training["cross-validated: partners dropped"] <= 0.05
    assert 0.0 < raw["threshold"] < 1.0


def test_features_are_the_rules_view_of_the_pair():
    event = Extractor(pair_model=False).extract(Article(id="s", text=SHORT, published="2024-05-22")).events[0]
    features = pair_features(event, event.partners[0], SHORT, [event])
    assert features["type:agreement"] == 1.0 and features["found:named in the sentence"] == 1.0
    assert features["particle:와"] == 1.0 and features["w:우호협력"] == 1.0
    # where the name stands to the trigger, what follows the trigger, the word before the name, the actor
    assert any(name.startswith("side:before+") for name in features)
    assert any(name.startswith("after trigger:") for name in features)
    assert features["actor in sentence"] == 1.0
    # whose story the sentence tells: here the actor's own
    assert features["subject:actor"] == 1.0


def test_a_sentence_told_of_another_government_is_a_feature():
    """'구마모토현은 중국 난징시와 자매결연을 맺고': the subject is neither the actor nor the partner. (A Korean
    government joined to such a subject, '구마모토현은 충청남도와 …', is dropped by the rules themselves.)"""
    text = "군산시는 22일 일본 우키시와 교류 협약을 맺었다. 구마모토현은 중국 난징시와 자매결연을 맺고 있다."
    events = Extractor(pair_model=False).extract(Article(id="o", text=text, published="2024-05-22")).events
    tie = next(e for e in events if any(p.name_ko == "난징" for p in e.partners))
    partner = next(p for p in tie.partners if p.name_ko == "난징")
    assert pair_features(tie, partner, text, events)["subject:other"] == 1.0


def test_the_model_drops_a_pair_the_rules_read_from_a_look_back():
    article = Article(id="p", text=PAGE, published="2024-05-22")
    assert len(PAGE) >= MIN_PAGE_CHARS  # the model judges pages, not sentences
    rules = Extractor(pair_model=False).extract(article).events
    looked_back = next(e for e in rules if e.type == "exchange")
    assert [p.name_ko for p in looked_back.partners] == ["칭다오", "웨이하이"]
    model = default_model()
    assert model is not None
    for partner in looked_back.partners:
        assert model.probability(pair_features(looked_back, partner, PAGE, rules)) < model.threshold
    kept = {(e.type, p.name_ko) for e in Extractor().extract(article).events for p in e.partners}
    assert kept == {("agreement", "히로시마"), ("meeting", "히로시마")}


def test_a_short_text_is_left_to_the_rules():
    text = "대구시 관계자는 22일 지난 20년간 중국 칭다오시와 민간교류 성과가 컸다고 말했다."
    article = Article(id="t", text=text, published="2024-05-22")
    assert Extractor().extract(article).events == Extractor(pair_model=False).extract(article).events


def test_ingest_through_the_cli(tmp_path, db_path):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db_path), "--published", "2024-05-22"])
    assert result.exit_code == 0, result.output
    events = json.loads(runner.invoke(app, ["timeline", "--db", str(db_path), "--format", "json"]).stdout)
    partners = {(e["type"], p["name_ko"]) for e in events for p in e["partners"]}
    assert ("agreement", "히로시마") in partners and not any(
        name in ("칭다오", "웨이하이") for _, name in partners
    )
