"""citydip.dates: Korean temporal expressions, tense, which date belongs to which event, publication dates."""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citydip.dates import DateMention, DateResolver, clause_tense, find_dates, infer_published, story_year
from citydip.dates.expressions import RECENT_DAYS
from citydip.errors import UsageError

CASES = Path(__file__).parent / "data" / "dates_cases.tsv"


# ---------------------------------------------------------------- find_dates: the table


def _render(m: DateMention) -> str:
    value = m.date or "?"
    if m.date_end:
        value += ".." + m.date_end
    flags = ("#h" if m.historical else "") + ("" if m.role == "event" else "#" + m.role)
    return f"{m.text}={value}{flags}"


def _cases() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            published, tense, sentence, expected = line.split("\t")
            rows.append((published, tense, sentence, expected))
    return rows


def test_the_table_is_big_enough():
    assert len(_cases()) >= 200


@pytest.mark.parametrize(("published", "tense", "sentence", "expected"), _cases(), ids=lambda v: v[:30])
def test_find_dates_table(published, tense, sentence, expected):
    found = find_dates(
        sentence, None if published == "-" else published, tense=None if tense == "-" else tense
    )
    assert (" | ".join(_render(m) for m in found) or "-") == expected


def test_spans_point_into_the_text_given():
    text = "서울시는 지난달 16~23일 북미 출장에서 협약을 맺었다고 3일 밝혔다."
    for m in find_dates(text, "2023-10-03"):
        assert text[m.start : m.end] == m.text


def test_decomposed_hangul_keeps_original_offsets():
    text = unicodedata.normalize("NFD", "시장은 지난달 16~23일 북미 출장을 다녀왔다.")
    (m,) = find_dates(text, "2023-10-03")
    assert (m.date, m.date_end) == ("2023-09-16", "2023-09-23")
    assert text[m.start : m.end] == m.text
    assert unicodedata.normalize("NFC", m.text) == "지난달 16~23일"


def test_precision_is_never_invented():
    by_text = {m.text: m for m in find_dates("지난달 협약, 2023년 결연, 내년 3월 답방", "2024-03-15")}
    assert by_text["지난달"].precision == "month" and by_text["지난달"].date == "2024-02"
    assert by_text["2023년"].precision == "year" and by_text["2023년"].date == "2023"
    assert by_text["내년 3월"].precision == "month"


def test_relative_flag():
    found = {
        m.text: m for m in find_dates("지난 2016년 8월 결연, 지난 12일 방문, 9월 16일 개막했다", "2024-03-15")
    }
    assert not found["지난 2016년 8월"].relative
    assert found["지난 12일"].relative and found["9월 16일"].relative


def test_published_accepts_date_objects_and_rejects_garbage():
    assert find_dates("지난 12일 만났다", date(2024, 3, 15))[0].date == "2024-03-12"
    assert find_dates("지난 12일 만났다", "2024-03-15T09:00:00")[0].date == "2024-03-12"
    with pytest.raises(UsageError):
        find_dates("지난 12일 만났다", "15 March 2024")


def test_empty_text():
    assert find_dates("", "2024-03-15") == []


# ---------------------------------------------------------------- clause_tense


@pytest.mark.parametrize(
    ("clause", "tense"),
    [
        ("두 도시는 협약을 체결했다.", "past"),
        ("협약서에 서명했다고 3일 밝혔다.", "past"),
        ("대표단은 지난해 시청을 방문한 바 있다.", "past"),
        ("두 도시는 교류를 이어오고 있다.", "past"),
        ("시장은 출국했으며 현지에서 기자회견을 열 예정이다.", "past"),
        ("협약을 맺었고, 공연도 열었다.", "past"),
        ("협약을 통해 교류가 늘었다.", "past"),
        ("협약을 체결할 예정이다.", "future"),
        ("내년 초 방문할 계획이다.", "future"),
        ("두 시장은 협약서에 서명한다.", "future"),
        ("자매결연을 맺는다고 29일 밝혔다.", "future"),
        ("교류를 확대하기로 했다.", "future"),
        ("교류를 확대키로 했다.", "future"),
        ("총회에 참석해 달라고 요청했다.", "future"),
        ("대표단을 보낼 방침이다.", "future"),
        ("축제는 오는 20일 개막한다.", "future"),
        ("총리와도 만날 것으로 알려졌다.", "future"),
        ("내년에 꼭 방문하겠다고 말했다.", "future"),
        ("시청 광장에서 축하 공연을 연다.", "future"),
        ("협약은 오는 5월 체결된다.", "future"),
        ("10월 자매결연을 맺을 예정이라고 밝혔다.", "future"),
        ('연락사무소를 설치할 방침"이라고 말했다.', "future"),
        ("오는 9월 개막", "future"),
        ("두 도시의 우정", "past"),
        ("", "past"),
    ],
)
def test_clause_tense(clause, tense):
    assert clause_tense(clause) == tense


# ---------------------------------------------------------------- DateResolver


def _split(text: str) -> list[tuple[int, int]]:
    """Sentences for the resolver tests: split after "다." and at line ends (what Kiwi gives, roughly)."""
    spans, start = [], 0
    for m in re.finditer(r"(?<=다\.)[ \t]+|\n+", text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


class Article:
    def __init__(self, text: str, published: str | None):
        self.text = text
        self.spans = _split(text)
        self.resolver = DateResolver(text, self.spans, published)

    def at(
        self, trigger: str, nth: int = 0, partner: str | None = None, tie: bool = False
    ) -> DateMention | None:
        starts = [m.start() for m in re.finditer(re.escape(trigger), self.text)]
        start = starts[nth]
        index = next(i for i, (s, e) in enumerate(self.spans) if s <= start < e)
        span = None
        if partner is not None:
            p = self.text.index(partner, self.spans[index][0])
            span = (p, p + len(partner))
        return self.resolver.date_for(index, start, start + len(trigger), partner=span, tie=tie)

    def date(self, trigger: str, nth: int = 0, partner: str | None = None, tie: bool = False) -> str | None:
        found = self.at(trigger, nth, partner, tie)
        return found.date if found else None


TRIP = """구청은 5월 한 달간 해외 도시 12곳과 교류 사업을 벌였다고 2일 밝혔다.

먼저 지난달 8~12일 유럽 출장에서는 프라하시와 우호도시 협약을 맺었다. 구청장은 프라하 시장과 면담하고 문화 교류를 논의했다.

이어 구청장은 빈에서 열린 도시포럼에 참석해 기조연설을 했다.

이 자리에서 구청장은 청년 정책을 소개했다.

구청장은 귀국길에 기자들과 만나 성과를 설명했다.

한편 구청은 지난 2015년 3월 부다페스트와 자매결연을 맺었다."""


def test_trip_date_covers_the_sentences_that_continue_it():
    article = Article(TRIP, "2024-06-02")
    trip = article.at("협약")
    assert (trip.date, trip.date_end) == ("2024-05-08", "2024-05-12")
    assert article.date("면담") == "2024-05-08"  # same paragraph
    assert article.date("포럼") == "2024-05-08"  # 이어
    assert article.date("소개") == "2024-05-08"  # 이 자리에서
    assert article.date("자매결연") == "2015-03"


def test_main_date_is_the_leads_event_not_the_report_day():
    article = Article(TRIP, "2024-06-02")
    main = article.resolver.main_date()
    assert (main.date, main.precision) == ("2024-05", "month")
    assert article.date("성과") == "2024-05"  # a new paragraph without a marker falls back to it


UPGRADE = """시는 오스트리아 그라츠시와 자매결연을 맺었다고 3일 밝혔다.

시장은 지난 1일(현지시간) 그라츠 시청에서 시장과 협약서에 서명했다.

두 도시는 지난 2017년 5월 우호도시 협약 체결 7년 만에 자매도시로 관계를 격상했다."""


def test_a_historical_date_does_not_leak_onto_the_current_act():
    article = Article(UPGRADE, "2024-06-03")
    assert article.date("체결") == "2017-05"
    assert article.date("격상") == "2024-06-01"
    assert article.resolver.main_date().date == "2024-06-01"


def test_years_after_only_blocks_the_date_it_counts_from():
    article = Article("지난해 7월에는 29년 만에 우호교류 협정서를 새로 고쳐 썼다.", "2024-07-04")
    assert article.date("협정서") == "2023-07"


def test_since_anchor_ties_the_date_to_the_earlier_act():
    text = "시는 뉴욕시와 친선도시 협약을 맺었다고 3일 밝혔다. 더블린 시장은 지난 3월 우호도시 협약 체결 이후 답방해 교류 확대를 요청했다."
    article = Article(text, "2023-10-03")
    assert article.date("체결") == "2023-03"
    assert article.date("답방") == "2023-10"  # the report's month: nothing closer is told


def test_anaphor_points_back_to_the_day_the_story_stands_at():
    text = "21일 시에 따르면 시장은 23일 오후 시청에서 협정서에 서명할 예정이다. 이날 서명식에는 대사가 배석한다."
    article = Article(text, "2024-05-21")
    assert article.date("서명식") == "2024-05-23"


def test_anaphor_skips_a_coming_date_inside_a_noun_phrase():
    text = (
        "지사는 7월 4일 오전 방문단을 접견했다. 지사는 오는 8월 2일 예정된 뱃길 재개를 축하했다. "
        "이날 저녁에는 우정 콘서트가 열린다."
    )
    article = Article(text, "2024-07-04")
    assert article.date("콘서트") == "2024-07-04"


def test_anaphor_day_after():
    article = Article("대표단은 12일 도착했다. 대표단은 이튿날 공장을 둘러봤다.", "2024-05-20")
    assert article.date("공장") == "2024-05-13"


def test_report_only_lead_gives_the_reports_month():
    article = Article("시는 자매도시 6곳에 마스크 2만장을 보낸다고 18일 밝혔다.", "2020-02-18")
    main = article.resolver.main_date()
    assert (main.date, main.precision) == ("2020-02", "month")
    assert article.date("마스크") == "2020-02"


def test_main_date_skips_headline_and_caption():
    text = (
        "시, 베를린과 자매결연\n\n[사진] 시장(왼쪽)이 지난 2일 베를린에서 서명하고 있다.\n\n"
        "시는 베를린시와 자매결연을 맺었다고 5일 밝혔다. 협약식은 3일(현지시간) 베를린 시청에서 열렸다."
    )
    article = Article(text, "2024-06-05")
    assert article.resolver.main_date().date == "2024-06-03"
    assert article.date("협약식") == "2024-06-03"


def test_partner_dates_in_a_list():
    text = "구는 2010년 3월 미국 포틀랜드시를 시작으로 같은 해 9월 일본 나라시, 2012년 5월 중국 칭다오시와 자매결연을 했다."
    article = Article(text, "2024-05-01")
    assert article.date("자매결연", partner="포틀랜드") == "2010-03"
    assert article.date("자매결연", partner="나라") == "2010-09"
    assert article.date("자매결연", partner="칭다오") == "2012-05"
    assert article.date("자매결연") == "2012-05"


def test_partner_dates_in_parentheses():
    article = Article(
        "시는 올 들어 베트남 하노이(5월), 폴란드 바르샤바(6월)와 잇따라 자매결연을 했다.", "1996-10-30"
    )
    assert article.date("자매결연", partner="하노이") == "1996-05"
    assert article.date("자매결연", partner="바르샤바") == "1996-06"


def test_partner_itinerary_line():
    text = (
        "시장의 순방 일정은 다음과 같다.\n△6월 3~4일 독일 베를린 △5~6일 체코 프라하 △7일 오스트리아 빈\n\n"
        "첫 방문지인 베를린에서 시장은 4일 시장과 만나 협약을 체결했다."
    )
    article = Article(text, "2024-06-10")
    visit = article.at("방문지", partner="베를린")
    assert (visit.date, visit.date_end) == ("2024-06-03", "2024-06-04")
    assert article.date("만나", partner="베를린") == "2024-06-04"


def test_earlier_clause_of_the_same_sentence():
    article = Article("대표단은 지난해 7월 시청을 방문해 시장과 접견한 바 있다.", "2025-06-19")
    assert article.date("접견") == "2024-07"


def test_comma_inside_a_list_of_names_is_not_a_clause_break():
    text = "유 시장은 지난 6월 톈진을 방문했을 때도 당서기, 시장과 만나 회의를 제안한 바 있다."
    assert Article(text, "2023-11-01").date("만나") == "2023-06"


def test_date_after_the_trigger_in_its_clause():
    assert Article("협약식은 18일(현지시간) 시청에서 열렸다.", "2025-06-19").date("협약식") == "2025-06-18"


def test_a_historical_date_after_the_trigger_needs_the_partner():
    text = "구가 해외 도시와 자매결연을 한 것은 2003년 일본 스미다구 이후 21년 만이다."
    article = Article(text, "2024-05-14")
    assert article.date("자매결연") is None
    assert article.date("자매결연", partner="스미다구") == "2003"


def test_partner_date_after_a_sequence_anchor_is_not_the_triggers():
    text = "시장은 21일 출국한다고 20일 밝혔다. 시장은 협약을 맺은 뒤 24일 뉴욕시를 방문한다."
    article = Article(text, "2024-05-20")
    assert article.date("협약", partner="뉴욕") == "2024-05-21"
    assert article.date("방문", partner="뉴욕") == "2024-05-24"


def test_each_name_of_a_dated_list_keeps_its_own_year():
    text = "시는 2006년 미국 로스앤젤레스와 우호도시를 체결한 후 2007년 이탈리아 밀라노, 2008년 벨라루스 민스크와 교류했다."
    article = Article(text, "2013-05-04")
    assert article.date("체결", partner="밀라노", tie=True) == "2007"
    assert article.date("체결", partner="민스크", tie=True) == "2008"


def test_a_year_in_a_clause_about_the_tie_dates_the_tie_not_the_visit():
    text = "군수는 30일 1992년 자매결연을 맺은 일본 무나카타시를 방문했다."
    article = Article(text, "2014-10-01")
    assert article.date("방문", partner="무나카타") == "2014-09-30"
    assert article.date("자매결연", partner="무나카타", tie=True) == "1992"


def test_a_date_after_a_sequence_anchor_belongs_to_the_later_act():
    text = "시장은 21일 출국한다고 20일 밝혔다. 시장은 협약을 맺은 뒤 24일 귀국한다."
    assert Article(text, "2024-05-20").date("협약") == "2024-05-21"


def test_then_refers_back():
    text = "두 도시의 인연은 2013년 수원에서 열린 축제로 거슬러 올라간다. 당시 시는 방문단을 보냈다."
    assert Article(text, "2015-11-02").date("방문단") == "2013"


def test_a_list_item_does_not_lend_its_date_to_the_next():
    text = "지사는 16일 방문단을 만났다. 지사는 이 자리에서 △10월 박람회에 통상단 초청 △투자협력 세미나 정례화를 제안했다."
    article = Article(text, "2025-07-16")
    assert article.date("박람회") == "2025-10"
    assert article.date("세미나") == "2025-07-16"


def test_resolver_without_publication_date():
    article = Article("두 도시는 2015년 11월 자매결연을 했다. 시장은 지난 12일 방한했다.", None)
    assert article.date("자매결연") == "2015-11"
    assert article.resolver.main_date() is not None
    assert (
        article.date("방한") is None
    )  # "지난 12일" names its own date, unknown without publication: no guess


def test_resolver_out_of_range_sentence_falls_back_to_main_date():
    article = Article(TRIP, "2024-06-02")
    assert article.resolver.date_for(99, 0, 1) == article.resolver.main_date()


def test_resolver_offsets_refer_to_the_whole_text():
    article = Article(TRIP, "2024-06-02")
    found = article.at("소개")
    assert TRIP[found.start : found.end] == found.text == "지난달 8~12일"


def test_seed_articles_of_the_dev_corpus(corpus_dir):
    """The dates issue 4 names: the North America trip, Wellington 2016-08, Dublin 2023-03, WCS 2022."""
    seoul = Article(
        (corpus_dir / "articles" / "000_a4afc4f82c152c77.txt").read_text(encoding="utf-8"), "2023-10-03"
    )
    trip = seoul.at("출장")
    assert (trip.date, trip.date_end) == ("2023-09-16", "2023-09-23")
    assert seoul.date("우호도시 체결") == "2016-08"
    assert seoul.date("격상") == "2023-09"
    assert seoul.date("신규 우호도시 협약") == "2023-03"
    assert seoul.date("답방해") == "2023-09"
    assert seoul.resolver.main_date().date == "2023-09"
    wcs = Article(
        (corpus_dir / "articles" / "001_6ef43e2731afccca.txt").read_text(encoding="utf-8"), "2022-08-01"
    )
    assert wcs.date("참석해") == "2022-08-01"
    assert wcs.date("시장포럼(WCSMF)") == "2022-07-31"


# ---------------------------------------------------------------- infer_published


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("시는 자매결연을 맺었다고 11일 밝혔다.\n\n<오늘신문 1998년 5월 12일자>", "1998-05-12"),
        ("입력 2021.04.05 09:12 | 수정 2021.04.06 10:00\n시는 협약을 맺었다고 5일 밝혔다.", "2021-04-05"),
        (
            "시장이 협약서에 서명하고 있다. 2019.11.05. photo@example.com\n시는 5일 협약을 맺었다.",
            "2019-11-05",
        ),
        ("---\npublished: 2020-01-02\n---\n시는 협약을 맺었다고 2일 밝혔다.", "2020-01-02"),
        (
            "시는 미국 포틀랜드시와 자매결연 10주년을 맞아 대표단과 협약을 맺었다고 22일 밝혔다. "
            "대표단은 4월 20일 입국했다. 두 도시는 2014년 4월 자매결연을 맺었다.",
            "2024-04-22",
        ),
        (
            "구는 6월 한 달간 해외 도시와 교류 사업을 벌였다고 2일 밝혔다. 지난달 9~12일 출장에서는 협약을 맺었다. "
            "두 도시는 지난 2017년 3월 우호도시 협약 체결 5년 만에 자매도시가 됐다.",
            "2022-07-02",
        ),
        ("시는 협약을 맺었다고 3일 밝혔다. 대표단은 10월 2일 입국했다.\nⓒ 2023 오늘신문", "2023-10-03"),
    ],
)
def test_infer_published_reads_what_the_text_says(text, expected):
    guess = infer_published(text)
    assert guess.date == expected
    assert 0 < guess.confidence <= 1 and guess.reason


@pytest.mark.parametrize(
    "text",
    [
        "김 국장은 1998년 5월 12일자로 임명됐다.",  # an effective date, not an edition line
        "행사는 2023.10.05 14:00 시청에서 열린다.",  # an event's time inside a sentence
        "시는 협약을 맺었다고 3일 밝혔다. 두 도시는 2014년 자매결연을 맺었다.",  # a year, but no month
    ],
)
def test_infer_published_does_not_take_other_dates_for_the_stamp(text):
    assert infer_published(text).date is None


def test_infer_published_day_without_month_or_year_is_unknown():
    guess = infer_published("시는 뉴욕시와 친선도시 협약을 맺었다고 3일 밝혔다.")
    assert guess.date is None and guess.day == 3 and "unknown" in guess.reason


def test_infer_published_conflicting_years_is_unknown():
    text = (
        "시는 자매도시에 마스크를 보낸다고 18일 밝혔다. 대표단은 2월 17일 출국했다. "
        "두 도시와는 각각 1995년과 1997년 자매결연을 했다. 첫 도시와는 올해로 결연 25주년을 맞는다."
    )
    assert infer_published(text).date is None


def test_infer_published_never_a_day_the_text_contradicts():
    text = (
        "시는 자매결연 10주년을 맞아 협약을 맺었다고 5일 밝혔다. 대표단은 3월 4일 입국했다. "
        "두 도시는 2014년 자매결연을 맺었다. 실무진은 지난달 31일 사전 협의를 했다."
    )
    guess = infer_published(text)
    assert guess.date is None and "contradicts" in guess.reason


def test_infer_published_title_is_read_for_stamps():
    assert infer_published("시는 협약을 맺었다.", title="2023.10.03 10:21 송고").date == "2023-10-03"


def test_infer_published_empty():
    assert infer_published("").date is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a month and day: that year's, whatever the tense (the publication day is unknown)
        ("대표단은 9월 20일 만찬에 참석했다.", "9월 20일=2018-09-20"),
        ("대표단은 11월 3일 방문할 예정이다.", "11월 3일=2018-11-03"),
        # a bare start day reaches its month through the end of the range
        ("대표단은 29일부터 10월 3일까지 자매도시에 머물렀다.", "29일부터 10월 3일=2018-09-29..2018-10-03"),
        # a bare day, a last month or a yesterday: the year and no more
        ("시는 12일 협약을 체결했다.", "12일=2018"),
        ("시는 지난달 대표단을 보냈다.", "지난달=2018"),
        ("시는 어제 협약을 맺었다.", "어제=2018"),
        # years told relative to the publication year move from it
        ("시는 내년 축제에 대표단을 초청했다.", "내년=2019"),
        ("두 도시는 지난해 결연했다.", "지난해=2017"),
        ("두 도시는 3년 전 결연했다.", "3년 전=2015"),
        # what the text dates itself is left as it is
        ("두 도시는 2009년 5월 결연했다.", "2009년 5월=2009-05"),
    ],
)
def test_a_known_publication_year_anchors_what_it_can(sentence, expected):
    """With no publication date but its year pinned down by the text ("1998년 … 결연 20주년"), relative
    expressions resolve as far as a year allows."""
    found = find_dates(sentence, None, year=2018)
    assert " | ".join(_render(m) for m in found) == expected
    assert all(m.date is None for m in find_dates(sentence, None) if m.relative)


def _dev_articles(corpus_dir: Path):
    gold = {}
    for path in sorted(corpus_dir.glob("gold*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                gold[record["doc"]] = record["published"]
    for path in sorted((corpus_dir / "articles").iterdir()):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp949")
        text = re.sub(r"\A\ufeff?---\n.*?\n---\n", "", text, flags=re.S)  # front matter removed
        if path.name in gold:
            yield path.name, text, gold[path.name]


# Recorded figure (dev corpus, front matter removed): 7 of 39 right, 0 wrong, 32 unknown. Most dev
# articles never print their year or month in the body ("…했다고 3일 밝혔다" gives the day only), so
# "unknown" is the honest answer for them; the day alone is kept in PublishedGuess.day.
DEV_PUBLISHED_RIGHT_FLOOR = 7


def test_published_inference_on_the_dev_corpus(corpus_dir):
    right, wrong, unknown, days = 0, [], 0, 0
    articles = list(_dev_articles(corpus_dir))
    for name, text, gold in articles:
        guess = infer_published(text)
        if guess.day == int(gold[8:]):
            days += 1
        if guess.date is None:
            unknown += 1
        elif guess.date == gold:
            right += 1
        else:
            wrong.append(f"{name}: {guess.date} != {gold} ({guess.reason})")
    assert not wrong, "a wrong publication day was inferred:\n" + "\n".join(wrong)
    assert right >= DEV_PUBLISHED_RIGHT_FLOOR, f"{right}/{len(articles)} right, {unknown} unknown"
    assert days >= len(articles) // 2, f"day of month right for only {days}/{len(articles)}"


# ---------------------------------------------------------------- properties

_dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))


@given(d=_dates, p=st.one_of(st.none(), _dates), form=st.sampled_from(["ko", "dot", "iso", "spaced"]))
def test_absolute_dates_round_trip(d, p, form):
    text = {
        "ko": f"두 도시는 {d.year}년 {d.month}월 {d.day}일 협약을 맺었다.",
        "dot": f"두 도시는 {d.year}.{d.month}.{d.day} 협약을 맺었다.",
        "iso": f"두 도시는 {d.isoformat()} 협약을 맺었다.",
        "spaced": f"두 도시는 {d.year}. {d.month}. {d.day}. 협약을 맺었다.",
    }[form]
    (m,) = find_dates(text, p)
    assert (m.date, m.precision, m.relative) == (d.isoformat(), "day", False)


@given(p=_dates, k=st.integers(0, 27), direction=st.sampled_from(["지난", "오는", "past", "future"]))
def test_days_relative_to_publication_round_trip(p, k, direction):
    if direction in ("지난", "past"):
        d = p - timedelta(days=k)
        text = (
            f"시는 지난 {d.day}일 협약을 맺었다." if direction == "지난" else f"시는 {d.day}일 협약을 맺었다."
        )
    else:
        d = p + timedelta(days=k)
        text = (
            f"시는 오는 {d.day}일 협약을 맺는다." if direction == "오는" else f"시는 {d.day}일 협약을 맺는다."
        )
        if direction == "future" and 0 < p.day - d.day <= RECENT_DAYS:
            d = p - timedelta(days=p.day - d.day)  # a bare day just before the report is that recent day
    (m,) = find_dates(text, p)
    assert (m.date, m.precision, m.relative) == (d.isoformat(), "day", True)


@given(p=_dates, k=st.integers(0, 360))
def test_month_day_in_a_past_clause_round_trips(p, k):
    d = p - timedelta(days=k)
    (m,) = find_dates(f"두 도시는 {d.month}월 {d.day}일 결연했다.", p)
    assert m.date == d.isoformat()


def _shift(p: date, months: int) -> tuple[int, int]:
    index = p.year * 12 + p.month - 1 + months
    return index // 12, index % 12 + 1


@given(
    p=_dates,
    form=st.sampled_from(["지난달", "이달", "다음 달"]),
    day=st.one_of(st.none(), st.integers(1, 28)),
)
def test_relative_months_round_trip(p, form, day):
    offset = {"지난달": -1, "이달": 0, "다음 달": 1}[form]
    y, m = _shift(p, offset)
    text = f"시는 {form} {day}일 교류 행사를 열었다." if day else f"시는 {form} 교류 행사를 열었다."
    (found,) = find_dates(text, p)
    expected = f"{y:04d}-{m:02d}" + (f"-{day:02d}" if day else "")
    assert (found.date, found.precision) == (expected, "day" if day else "month")


@given(p=_dates, month=st.integers(1, 12), form=st.sampled_from(["내년", "지난해", "올해"]))
def test_relative_years_with_a_month_round_trip(p, month, form):
    year = p.year + {"내년": 1, "지난해": -1, "올해": 0}[form]
    (found,) = find_dates(f"두 도시는 {form} {month}월 자매결연을 맺는다.", p)
    assert (found.date, found.precision) == (f"{year:04d}-{month:02d}", "month")


@given(p=_dates, n=st.integers(0, 999))
def test_days_ago_round_trip(p, n):
    (found,) = find_dates(f"대표단은 {n}일 전 출국했다.", p)
    assert found.date == (p - timedelta(days=n)).isoformat()


@given(p=_dates, y=st.integers(1900, 2100))
def test_bare_years_stay_years(p, y):
    (found,) = find_dates(f"두 도시는 {y}년 자매결연을 맺었다.", p)
    assert (found.date, found.precision) == (str(y), "year")


_fragments = st.sampled_from(
    [
        "지난",
        "오는",
        "이번",
        "다음",
        "지난달",
        "이달",
        "내년",
        "올해",
        "올",
        "이듬해",
        "이날",
        "전날",
        "당시",
        "년",
        "월",
        "일",
        "년도",
        "년대",
        "~",
        "-",
        "∼",
        "～",
        "·",
        ",",
        ".",
        "(",
        ")",
        "(화)",
        "(현지시간)",
        "부터",
        "까지",
        "박",
        "간",
        "동안",
        "만에",
        "주년",
        "전",
        "후",
        "뒤",
        "초",
        "말",
        "중순",
        "하반기",
        "봄",
        "겨울",
        "밝혔다",
        "했다고",
        "한다",
        "예정이다",
        "에 따르면",
        " ",
        "\n",
        "'",
        "１２",
        "０",
        "△",
    ]
)
_soup = st.lists(st.one_of(_fragments, st.integers(0, 3000).map(str)), max_size=30).map("".join)
_published = st.one_of(st.none(), _dates)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(st.text(max_size=200), _soup),
    p=_published,
    tense=st.sampled_from([None, "past", "future"]),
)
def test_arbitrary_text_never_raises(text, p, tense):
    for m in find_dates(text, p, tense=tense):
        assert text[m.start : m.end] == m.text
        assert m.precision in ("day", "month", "year", "unknown")
        if m.date and m.date_end:
            assert len(m.date) == len(m.date_end)
            assert m.date <= m.date_end
    assert clause_tense(text) in ("past", "future")
    guess = infer_published(text)
    assert guess.date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", guess.date)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(st.text(max_size=200), _soup),
    p=_published,
    cuts=st.lists(st.integers(0, 200), max_size=6),
    trigger=st.integers(0, 200),
)
def test_resolver_never_raises(text, p, cuts, trigger):
    bounds = sorted({0, len(text), *(c for c in cuts if c <= len(text))})
    spans = [(a, b) for a, b in itertools.pairwise(bounds) if b > a]
    resolver = DateResolver(text, spans, p)
    resolver.main_date()
    for i, (s, e) in enumerate(spans):
        t = min(max(trigger, s), e)
        found = resolver.date_for(i, t, min(t + 2, e), partner=(s, min(s + 2, e)))
        assert found is None or text[found.start : found.end] == found.text


def test_unresolvable_clause_date_is_not_replaced_by_another_date():
    text = "시 대표단은 지난 6일 울란바토르를 방문했다. 두 도시는 1995년 자매결연을 맺었다."
    first_end = text.index(".") + 1
    resolver = DateResolver(text, [(0, first_end), (first_end + 1, len(text))], None)
    trigger = text.index("방문")
    when = resolver.date_for(0, trigger, trigger + 2)
    assert when is not None and when.date is None and when.text.startswith("지난 6일")


@pytest.mark.parametrize(
    "sentence", ["대표단은 19일부터 21일까지 칭다오를 방문했다.", "대표단은 19일 칭다오를 찾았다."]
)
def test_object_ending_like_a_verb_does_not_flip_tense(sentence):
    found = find_dates(sentence, "2024-05-22")
    assert found[0].date == "2024-05-19"


def test_a_year_glued_to_its_month_is_that_year_and_month():
    # a page that lost its 년 ('1999년 4월' printed as '19994월')
    text = "시는 19994월 남해군과, 201510월 정읍시와 자매결연을 맺었다."
    assert [(m.text, m.date) for m in find_dates(text, "2021-10-22")] == [
        ("19994월", "1999-04"),
        ("201510월", "2015-10"),
    ]


def test_two_digit_years_of_a_list_dated_item_by_item():
    # '84년 A, 91년 B, 2003년 C': beside a four-digit year, a list's two-digit years are years too
    text = "군은 이미 86년 일본 가나현 아마군, 93년 나카시, 2002년 중국 린현, 97년 캐나다 B시와 결연했다."
    got = [m.date for m in find_dates(text, "2008-03-01")]
    assert got == ["1986", "1993", "2002", "1997"]
    # a count of years stays a count: no list, or a year before 1950
    assert [m.date for m in find_dates("두 도시는 30년 교류를 이어 2020년 협약을 맺었다.", "2008-03-01")] == [
        "2020"
    ]
    assert [m.date for m in find_dates("10년 교류 성과, 20년 우정, 2020년 협약", "2008-03-01")] == ["2020"]


def test_a_chronologys_year_and_month_with_dots():
    text = "2019.03. 대표단 방문\n2025. 11. 실무진 내방\n2020.4.5 협약"
    assert [(m.text, m.date) for m in find_dates(text, "2025-12-01")] == [
        ("2019.03.", "2019-03"),
        ("2025. 11.", "2025-11"),
        ("2020.4.5", "2020-04-05"),
    ]
    # a version number or a decimal is no month
    assert find_dates("버전 2.3. 출시, 비율 12.5", "2025-12-01") == []


def test_a_range_written_backwards_spans_the_same_months():
    # found by the property test: '이달~지난달' resolved to an end before its start
    got = find_dates("이달~지난달", "2000-01-01")
    assert [(m.date, m.date_end) for m in got] == [("1999-12", "2000-01")]


def test_a_bare_day_just_before_the_report_is_that_day_whatever_the_tense():
    # a report of the 25th: '24일 … 맺는다' told in the present is the 24th, not next month's
    assert [m.date for m in find_dates("대표단은 24일 타슈켄트주와 협정을 맺는다.", "2025-09-25")] == [
        "2025-09-24"
    ]
    # a range that runs over the report's day is this month's
    got = find_dates("21일부터 23일까지 진행되는 이번 방문은 교류를 넓힌다.", "2017-06-22")
    assert [(m.date, m.date_end) for m in got] == [("2017-06-21", "2017-06-23")]
    # '오는' still points ahead, and so does a day after the report
    assert [m.date for m in find_dates("대표단은 오는 24일 협정을 맺는다.", "2025-09-25")] == ["2025-10-24"]
    assert [m.date for m in find_dates("대표단은 28일 협정을 맺는다.", "2025-09-25")] == ["2025-09-28"]


# ---------------------------------------------------------------- story_year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the year told again and again, not the history year told once
        ("2019 한중 청소년 축제에 맞춰 2019년 7월 대표단이 왔다. 두 도시는 1995년 자매결연을 맺었다.", 2019),
        # a tie of counts: the latest year, unless it is told only of what is to come
        ("1997년 결연을 맺은 두 도시는 2008년 공무원 교류를 시작했다.", 2008),
        ("포럼(ACF) 2021'에 참석한 시장은 2022년 부산에서 열릴 다음 포럼에도 참석할 예정이다.", 2021),
        # a span, a goal and a starting point are no years the story stands in
        ("2030년까지 교류를 넓히기로 했다. 3년간 이어진 사업이다.", None),
        ("두 도시는 2005년부터 교류했다.", None),
        ("연도가 없는 글이다.", None),
    ],
)
def test_story_year_is_the_year_a_text_names_most(text, expected):
    assert story_year(text) == expected
