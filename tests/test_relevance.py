"""The relevance prefilter: what it rules out before Kiwi, and that it never costs an event."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citydip.evaluate import evaluate
from citydip.extract import Extractor
from citydip.gazetteer import Gazetteer
from citydip.models import Article
from citydip.relevance import RelevanceFilter, ScreenedExtractor, Screening, _widened
from citydip.sources import read_inputs


@pytest.fixture(scope="module")
def screen() -> RelevanceFilter:
    return RelevanceFilter()


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_the_shipped_lexicon_is_screened_exactly(screen):
    # every event row of data/triggers.tsv can be widened to the whole text, so none keeps every article
    assert screen.exact


@pytest.mark.parametrize(
    ("text", "relevant", "reason"),
    [
        ("오늘 낮 최고기온은 25도로 예상된다.", False, "no diplomacy trigger"),
        ("시는 지역 기업들과 업무협약을 체결했다.", False, "no place named"),
        ("부산 해운대 해수욕장을 찾은 피서객들이 더위를 식혔다.", False, "Korean places only"),
        ("런던 현지 팬들이 결승골에 환호했다.", False, "no diplomacy trigger"),
        ("수원시는 지역 기업 세 곳과 업무협약을 체결했다.", True, "korean place"),
        ("서울시장은 일본 도쿄를 방문했다.", True, "foreign place"),
        ("서울시 대표단이 싱가포르를 방문했다.", True, "foreign place"),  # a city-state's country name
    ],
)
def test_screening(screen, text, relevant, reason):
    verdict = screen.screen(text)
    assert verdict.relevant is relevant
    assert verdict.reason.startswith(reason)


def test_context_gated_rows_count_only_with_their_context(screen):
    # '전달했' is an aid trigger only in an article about relief (needs=aid_context in triggers.tsv)
    assert not screen.relevant("수원시는 일본 요코하마시에 기념품을 전달했다.")
    assert screen.relevant("수원시는 지진 피해를 입은 일본 요코하마시에 기념품을 전달했다.")


def test_widening_drops_lookarounds_and_refuses_anchors():
    assert _widened("방문(?!객)|순방") == "방문|순방"
    assert _widened("회의(?=에|를)") == "회의"
    assert _widened(r"^방문") is None  # a sentence start is no text start
    assert _widened(r"(방문)\1") is None


def test_place_scope():
    gazetteer = Gazetteer.default()
    assert gazetteer.place_scope("서울시와 수원시") == "korean"
    # every name the automaton finds counts, even inside a longer one: 부산시 holds 산시 (Shanxi), which
    # find() could only take if Kiwi cut the word there, so the scope stays the safe "foreign"
    assert gazetteer.place_scope("부산시") == "foreign"
    assert gazetteer.place_scope("서울시와 요코하마시") == "foreign"
    assert gazetteer.place_scope("오늘은 맑다") is None


def test_a_ruled_out_article_keeps_its_actor_without_kiwi(extractor, monkeypatch):
    screened = ScreenedExtractor(extractor)
    article = Article(
        id="x", text="순천시는 오늘부터 시립도서관 야간 개관을 늘린다고 밝혔다. 시민 반응이 좋다."
    )
    import citydip.nlp

    def no_kiwi(*args, **kwargs):
        raise AssertionError("a ruled-out article never reaches Kiwi")

    monkeypatch.setattr(citydip.nlp, "sentence_tokens", no_kiwi)
    result = screened.extract(article)
    assert result.events == () and result.actor is not None and result.actor.name_ko == "순천시"
    assert result.actor_reason.startswith("not read")
    assert screened.screened_out == 1
    assert screened.extract(Article(id="y", text="오늘은 맑고 낮 최고기온은 25도다.")).actor is None


def test_eval_scores_the_actor_of_a_page_without_diplomacy(tmp_path):
    """Through the CLI: a local government's everyday page (a distractor) is scored for its actor too."""
    from typer.testing import CliRunner

    from citydip.cli import app

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "library.txt").write_text(
        "순천시는 오늘부터 시립도서관 야간 개관을 늘린다고 밝혔다. 시민 반응이 좋다.\n", encoding="utf-8"
    )
    gold = tmp_path / "gold.jsonl"
    actor = {"name": "Suncheon", "name_ko": "순천시", "country": "KR", "kind": "city"}
    gold.write_text(
        json.dumps({"doc": "library.txt", "published": "2024-05-22", "actor": actor, "events": []}) + "\n",
        encoding="utf-8",
    )
    done = CliRunner().invoke(app, ["eval", str(gold), "--articles", str(articles), "--format", "json"])
    assert done.exit_code == 0, done.output
    scores = json.loads(done.stdout)
    assert scores["actor_accuracy"] == 1.0 and scores["distractors"] == {"clean": 1, "total": 1}


def test_every_dev_article_reaches_kiwi_with_the_same_result(corpus_dir, screen, extractor):
    screened = ScreenedExtractor(extractor, screen)
    for article in read_inputs([str(corpus_dir / "articles")]):
        if isinstance(article, Article):
            assert screened.extract(article) == extractor.extract(article), article.path
    assert screened.screened_out == 0


def test_the_evaluation_is_the_same_without_the_prefilter(corpus_dir, monkeypatch):
    gold = sorted(str(p) for p in corpus_dir.glob("gold*.jsonl"))
    with_filter = evaluate(gold).as_json()
    monkeypatch.setattr(RelevanceFilter, "screen", lambda self, text: Screening(True, "prefilter off"))
    without = evaluate(gold).as_json()
    assert json.dumps(with_filter, sort_keys=True) == json.dumps(without, sort_keys=True)


# Sentences written for this test: diplomacy wording, everyday uses of trigger words, places at home and
# abroad, and sentences with neither; any mix of them must never lose an event to the prefilter.
SENTENCES = [
    "수원시는 일본 요코하마시와 자매결연을 맺었다.",
    "고양시 대표단은 지난 5일 중국 칭다오를 방문했다.",
    "두 도시는 청소년 교류를 이어가기로 했다.",
    "시장은 하코다테 시장을 접견하고 관광 협력을 논의했다.",
    "서울시는 지진 피해를 입은 튀르키예에 구호 물품을 보냈다.",
    "부산시는 지역 기업과 업무협약을 체결했다.",
    "주말 해수욕장을 찾은 피서객이 크게 늘었다.",
    "대표팀은 다음 달 도쿄에서 숙적과 다시 만난다.",
    "오늘 낮 최고기온은 31도까지 오르겠다.",
    "배추 도매가격이 1년 전보다 20% 올랐다.",
    "경부고속도로 하행선 곳곳에서 정체가 빚어졌다.",
    "인천시는 자매도시인 톈진시에 마스크를 기증했다.",
    "관람객들은 전시장을 찾아 작품을 감상했다.",
    "창원시와 김해시는 공동 관광 사업을 추진한다.",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6), st.booleans())
def test_a_ruled_out_text_yields_no_event(screen, extractor, picked, lines):
    text = ("\n" if lines else " ").join(picked)
    if not screen.relevant(text):
        assert extractor.extract(Article(id="h", text=text, published="2024-05-06")).events == ()


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"자매\s?결연", {"자매"}),
        (r"협약|협정", {"협약", "협정"}),
        (r"상(?:을|도|은)\s?받", {"상을", "상도", "상은"}),  # fixed pieces joined
        (r"맺(?:었|은)|체결", {"맺었", "맺은", "체결"}),
        (r"(?:대표단|방문단)[을를]\s?파견", {"대표단을", "대표단를", "방문단을", "방문단를"}),
        (r"[가-힣]+시", {"시"}),
        (r"[가-힣]+\s?\d", None),  # nothing fixed
        (r"방문(?!객)", {"방문"}),
        (r"(?:MOU)?협약", {"협약"}),  # an optional piece is not needed
        (r"mou", {"mou"}),
    ],
)
def test_needed_words(pattern, words):
    import re

    from citydip.relevance import needed_words

    assert needed_words(re.compile(pattern)) == words
    if words is not None:
        assert needed_words(re.compile(pattern, re.IGNORECASE)) is None


def test_needed_words_never_change_a_verdict(screen, corpus_dir):
    """Running every row on every text gives the verdicts the word prefilter gives."""

    class Everything:
        def present(self, text):
            return {p.pattern for _, group in screen._foreign + screen._domestic for p in group or ()}

    plain = RelevanceFilter()
    plain._words = Everything()
    from citydip.sources import read_inputs

    articles = [a for a in read_inputs([str(corpus_dir)]) if isinstance(a, Article)]
    lines = [line for a in articles for line in a.text.splitlines() if line.strip()]
    # single lines, and windows of three: most rule a text out, some keep it, for every reason
    texts = lines + ["\n".join(lines[i : i + 3]) for i in range(0, len(lines), 2)]
    verdicts = [screen.screen(t) for t in texts]
    assert [v.relevant for v in verdicts] == [plain.relevant(t) for t in texts]
    reasons = {v.reason for v in verdicts}
    assert {"no diplomacy trigger", "no place named", "foreign place and a trigger"} <= reasons
