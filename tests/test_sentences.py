"""Sentence splitting without Kiwi, and Kiwi's morphemes fetched only for the sentences that need them."""

from __future__ import annotations

from pathlib import Path

import pytest

from citydip import nlp
from citydip.extract import Extractor
from citydip.gazetteer import Gazetteer, Morphemes
from citydip.models import Article
from citydip.sources import read_inputs


def split(text: str) -> list[str]:
    return [s.text for s in nlp.sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("시장이 도착했다. 협약을 맺었다.", ["시장이 도착했다.", "협약을 맺었다."]),
        ("제목 줄\n본문 첫 문장이다. 둘째 문장이다.", ["제목 줄", "본문 첫 문장이다.", "둘째 문장이다."]),
        # a line break ends a sentence even without a stop; blank lines and indentation add nothing
        ("  첫 줄  \n\n\n  둘째 줄", ["첫 줄", "둘째 줄"]),
        # no white space after the stop: abbreviations of country pairs and lists of cities
        ("지난해 한.중 수교 이후 처음이다.", ["지난해 한.중 수교 이후 처음이다."]),
        ("시장 동경.북경.울란바토르 순방", ["시장 동경.북경.울란바토르 순방"]),
        # numbers, dates and Latin abbreviations
        ("2025. 7. 16. 서울에서 열렸다.", ["2025. 7. 16. 서울에서 열렸다."]),
        ("예산은 3.5% 늘었다. 다음 해에도 늘린다.", ["예산은 3.5% 늘었다.", "다음 해에도 늘린다."]),
        ("U.S. 대표단이 왔다.", ["U.S. 대표단이 왔다."]),
        # a quotation keeps its own stops; a whole quoted sentence ends where its quote closes
        (
            '그는 "도시는 변한다. 우리도 변한다"고 말했다. 이어 서명했다.',
            ['그는 "도시는 변한다. 우리도 변한다"고 말했다.', "이어 서명했다."],
        ),
        ('"협약을 환영한다." 시장은 이렇게 말했다.', ['"협약을 환영한다."', "시장은 이렇게 말했다."]),
        ("\u201c함께 가자.\u201d 그가 답했다.", ["\u201c함께 가자.\u201d", "그가 답했다."]),
        # an unclosed quote does not swallow the rest of the line
        ('그는 "좋다. 다음 문장이다.', ['그는 "좋다.', "다음 문장이다."]),
        # question and exclamation marks, full-width ones, closing brackets after the stop
        (
            "왜 왔나? 교류 때문이다! 끝이다。 정말？ 그렇다.",
            ["왜 왔나?", "교류 때문이다!", "끝이다。", "정말？", "그렇다."],
        ),
        ("(사진은 지난해 모습이다.) 올해도 열린다.", ["(사진은 지난해 모습이다.)", "올해도 열린다."]),
        ("", []),
        ("   \n ", []),
    ],
)
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert split(text) == expected
    for sentence in nlp.sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def dev_texts(corpus: Path) -> list[str]:
    return [a.text for a in read_inputs([str(corpus)]) if isinstance(a, Article)]


def test_morphemes_on_demand_equal_all_at_once(corpus_dir: Path) -> None:
    """Analysing each sentence when find() first asks gives the mentions of analysing the whole text."""
    gazetteer = Gazetteer.default()
    for text in dev_texts(corpus_dir):
        spans = nlp.sentence_spans(text)
        asked: list[int] = []

        def analyse(i: int, end: int, text=text, spans=spans, asked=asked):
            asked.append(i)
            return nlp.sentence_tokens(text, spans[i][0], spans[i][1])

        lazy = gazetteer.find(text, tokens=Morphemes(spans, analyse))
        assert lazy == gazetteer.find(text, tokens=nlp.tokens(text))
        assert len(asked) == len(set(asked))  # each sentence analysed at most once


def test_analysing_up_to_the_last_name_loses_no_mention(corpus_dir: Path) -> None:
    """Kiwi reads each sentence only up to a word past its last possible name; every mention found
    reading the whole sentence is still found (the dev texts)."""
    gazetteer = Gazetteer.default()
    found = 0
    for text in dev_texts(corpus_dir):
        spans = nlp.sentence_spans(text)
        whole = gazetteer.find(
            text, tokens=Morphemes(spans, lambda i, end, t=text, s=spans: nlp.sentence_tokens(t, *s[i]))
        )
        cut = gazetteer.find(
            text,
            tokens=Morphemes(spans, lambda i, end, t=text, s=spans: nlp.sentence_tokens(t, s[i][0], end)),
        )
        keys = {(m.start, m.end, m.place.key) for m in cut}
        assert {(m.start, m.end, m.place.key) for m in whole} <= keys
        found += len(whole)
    assert found > 500


def test_unanalysed_sentences_fall_back_to_character_checks() -> None:
    gazetteer = Gazetteer.default()
    text = "고양이가 울었다. 고양시는 협약을 맺었다."
    spans = nlp.sentence_spans(text)
    with_kiwi = gazetteer.find(
        text, tokens=Morphemes(spans, lambda i, end: nlp.sentence_tokens(text, *spans[i]))
    )
    without = gazetteer.find(text, tokens=Morphemes(spans, lambda i, end: None))
    assert without == gazetteer.find(text)
    assert [m.surface for m in with_kiwi] == ["고양시"]  # Kiwi reads 고양이 as the animal


def test_extractor_analyses_only_sentences_that_may_hold_an_event(monkeypatch) -> None:
    analysed: list[str] = []
    real = nlp.sentence_tokens

    def spy(text: str, start: int, end: int):
        analysed.append(text[start:end])
        return real(text, start, end)

    monkeypatch.setattr(nlp, "sentence_tokens", spy)
    text = (
        "서울시는 일본 도쿄도와 자매결연 30주년을 기념했다.\n"
        "이날 서울 날씨는 맑았고 기온은 25도까지 올랐다.\n"
        "부산 해운대에는 피서객이 몰렸다."
    )
    extraction = Extractor().extract(Article(id="t", text=text, published="2018-10-01"))
    assert [e.partners[0].name for e in extraction.events] == ["Tokyo Metropolis"]
    assert extraction.actor is not None and extraction.actor.name == "Seoul"
    # analysed up to the word after the word holding the last name: the rest decides no boundary
    assert analysed == ["서울시는 일본 도쿄도와 자매결연"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"자매결연|우호도시", {"자", "우"}),
        (r"(?:방문|찾)(?:했|한)", {"방", "찾"}),
        (r"(?<![가-힣])협약", {"협"}),
        (r"[△▲]\s*\d", {"△", "▲"}),
        (r"\s*협약", None),  # may start with any white space
        (r"[가-힣]+시", None),  # a range
        (r"(?:새\s?)?협약", {"새", "협"}),  # an optional opening
        (r"a?", None),  # may match nothing
        (r"mou", {"m"}),
    ],
)
def test_first_chars(pattern: str, expected: set[str] | None) -> None:
    import re

    from citydip.extract import first_chars

    got = first_chars(re.compile(pattern))
    assert got == (None if expected is None else frozenset(expected))
    assert first_chars(re.compile(pattern, re.IGNORECASE)) is None


def test_every_trigger_match_starts_with_one_of_its_first_chars(corpus_dir: Path) -> None:
    from citydip.extract import first_chars, trigger_rules

    rules = [(rule, first_chars(rule.pattern)) for rule in trigger_rules()]
    seen = 0
    for text in dev_texts(corpus_dir):
        for rule, first in rules:
            for m in rule.pattern.finditer(text):
                if m.group(0):
                    seen += 1
                    assert first is None or m.group(0)[0] in first, (rule.note, m.group(0))
    assert seen > 500


def test_a_stop_glued_to_the_next_sentence_still_ends_it():
    # a page that lost the space after a declarative ending: '연다.경북도는'
    text = (
        "도가 기념품 전시회를 연다.도는 21개국 26개 도시와 교류한다.그러나 한.중 노선은 2025.7.16. 재개된다."
    )
    assert [s.text for s in nlp.sentences(text)] == [
        "도가 기념품 전시회를 연다.",
        "도는 21개국 26개 도시와 교류한다.",
        "그러나 한.중 노선은 2025.7.16. 재개된다.",
    ]


def test_a_line_wrapped_by_hand_goes_on_in_the_next_line():
    # broadcast scripts wrap a sentence by hand: a line ending on a particle or a connective cannot end it
    text = "군산시는\n올해 캐나다 A시에 이어\n내년에는 칠레 B시와\n자매결연을 추진한다.\n새 마을\n제목 줄"
    assert split(text) == [
        "군산시는\n올해 캐나다 A시에 이어\n내년에는 칠레 B시와\n자매결연을 추진한다.",
        "새 마을",  # a noun ending in 을 (마을) is no particle
        "제목 줄",
    ]
    # a line that ends on a noun or a sentence ending still ends its sentence
    assert split("시정 소식\n시는 교류를 넓힌다") == ["시정 소식", "시는 교류를 넓힌다"]
