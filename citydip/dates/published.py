"""Infer an article's publication date from its text, or say "unknown" rather than guess a day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

from citydip.dates.expressions import find_dates, safe_date
from citydip.dates.lexicon import alternation, cues
from citydip.dates.normalize import Folded
from citydip.dates.tense import predicate_tense


@dataclass(frozen=True)
class PublishedGuess:
    """A publication date read from the text, how sure the reading is, and why.

    ``date`` is "YYYY-MM-DD" or None (unknown). ``year``/``month``/``day`` keep what the text does
    support when the full date does not follow from it (e.g. the day from "…했다고 3일 밝혔다").
    """

    date: str | None
    confidence: float
    reason: str
    year: int | None = None
    month: int | None = None
    day: int | None = None


LEAD_SENTENCES = 4
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*(\n|\Z)", re.S)
_FRONT_DATE = re.compile(
    r"^(?:published|date|pubdate|발행일|작성일)\s*:\s*['\"]?(\d{4})-(\d{1,2})-(\d{1,2})", re.M
)
# "<한국경제신문 1993년 10월 21일자>": an edition line, not "11월 1일자로 임명" (an effective date)
_EDITION = re.compile(
    r"(?<!\d)(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일\s*자(?=\s*[>〉》)\]]|[^\S\n]*$)", re.M
)
_CREDIT = re.compile(r"(?<![\d.])(\d{4})\.(\d{1,2})\.(\d{1,2})\.?\s+(?:[\w.+-]+@[\w.-]+|photo@|사진=)")
# a timestamp opening a line (or a byline), not an event's "2023.10.05 14:00" inside a sentence
_TIMESTAMP = re.compile(
    r"^[^\S\n]*(?:[가-힣]{2,4}\s*기자\s*)?(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})\.?[^\S\n]+(\d{1,2}):(\d{2})(?!\d)",
    re.M,
)
_COPYRIGHT = re.compile(r"(?:ⓒ|©|\(c\)|Copyright)\s*(?:[^\n\d]{0,20})?((?:19|20)\d{2})(?!\d)", re.I)
_SENTENCE_SPLIT = re.compile(r"(?<=다\.)\s+|(?<=[!?])\s+|\n+")
_YEAR = re.compile(r"(?<![\d'])((?:18|19|20|21)\d{2})\s*년(?!\s*(?:간|째|차|동안|대))")
_ANNIVERSARY = re.compile(r"(?<!\d)(\d{1,3})\s*주년")
_YEARS_AFTER = re.compile(r"(?<!\d)(\d{1,3})\s*년\s*만(?:에|의|이)")
_NTH_YEAR = re.compile(r"올해로\s*(?:[가-힣]+\s*)?(\d{1,3})\s*(?:년째|주년)")
_MONTH_DAY = re.compile(
    r"(?<![\d.])(?:(?P<y>\d{4})\s*년\s*)?(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})(?:\s*[~-]\s*(?P<d2>\d{1,2}))?\s*일"
)
_WHOLE_MONTH = re.compile(r"(?<![\d.])(\d{1,2})\s*월\s*한\s*달\s*(?:간|동안|내내)")
_DAY = re.compile(r"(\d{1,2})\s*일")
_FINITE_END = re.compile(r"다[.!?\"'”’]*$")


@cache
def _stamp_re() -> re.Pattern[str]:
    labels = alternation(cues().get("stamp", ("입력",)))
    return re.compile(
        r"(?:" + labels + r")\s*(?:일시)?\s*[:：]?\s*(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})"
    )


@cache
def _relation_words() -> tuple[str, ...]:
    return cues().get("relation", ())


# ingest infers an undated article's date and the extractor asks again for the year: the second ask is free
@lru_cache(maxsize=64)
def infer_published(text: str, title: str | None = None) -> PublishedGuess:
    """The publication date the text supports, with a confidence and a reason; date None when unknown.

    Read in order: front matter; printed stamps (edition line "<…1993년 10월 21일자>", labelled
    timestamps "입력 2023.10.03 10:21", photo credits "2025.07.16. photo@…"); else the report day of the
    lead ("…했다고 3일 밝혔다", "21일 서울시에 따르면") combined with a month and a year that the text
    pins down (a dated act just before the report, "9월 한 달간 … 지난달", anniversaries such as
    "1993년 … 결연 30주년"). Any missing or conflicting part leaves the date unknown.
    """
    try:
        return _infer(text or "", title)
    except (ValueError, OverflowError, IndexError) as err:  # malformed numbers in odd text
        return PublishedGuess(None, 0.0, f"unreadable date evidence ({type(err).__name__})")


def _infer(text: str, title: str | None) -> PublishedGuess:
    front = _FRONT_MATTER.match(text)
    if front:
        m = _FRONT_DATE.search(front.group(1))
        if m and (when := safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))):
            return _guess(when, 1.0, "front matter")
        text = text[front.end() :]
    body = Folded(text).text
    everything = body + ("\n" + Folded(title).text if title else "")
    stamp = _stamp(everything)
    if stamp is not None:
        return stamp
    sentences = [s.strip() for s in _SENTENCE_SPLIT.split(body) if s and s.strip()]
    day, month_hint, day_reason, weak = _report_day(sentences)
    years, year_reason = _year(sentences, everything)
    year = years[0] if len(years) == 1 else None
    month, month_reason = _month(body, day)
    if month is None:
        month, month_reason = month_hint, "the report's own month" if month_hint else ""
    parts = {"year": year, "month": month, "day": day}
    if day is None or month is None or year is None:
        missing = ", ".join(k for k, v in parts.items() if v is None)
        known = "; ".join(r for r in (day_reason, month_reason, year_reason) if r)
        return PublishedGuess(
            None,
            0.0,
            f"unknown: no {missing} in the text" + (f" ({known})" if known else ""),
            year,
            month,
            day,
        )
    when = safe_date(year, month, day)
    if when is None:
        return PublishedGuess(None, 0.0, f"unknown: {year}-{month}-{day} is not a date", year, month, day)
    conflict = _conflict(body, when)
    if conflict:
        return PublishedGuess(
            None, 0.0, f"unknown: {when.isoformat()} contradicts {conflict}", year, month, day
        )
    confidence = 0.6 if weak else 0.75
    return _guess(when, confidence, f"{day_reason}; {month_reason}; {year_reason}")


def _guess(when: date, confidence: float, reason: str) -> PublishedGuess:
    return PublishedGuess(when.isoformat(), confidence, reason, when.year, when.month, when.day)


def _stamp(text: str) -> PublishedGuess | None:
    """A date the page prints about itself."""
    for pattern, confidence, reason in (
        (_stamp_re(), 0.95, "labelled timestamp"),
        (_EDITION, 0.95, "edition line (…일자)"),
        (_CREDIT, 0.9, "dated photo or byline credit"),
        (_TIMESTAMP, 0.85, "date with a clock time"),
    ):
        for m in pattern.finditer(text):
            when = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if when is not None:
                return _guess(when, confidence, f"{reason} '{m.group(0).strip()}'")
    return None


def _report_day(sentences: list[str]) -> tuple[int | None, int | None, str, bool]:
    """(day, month if the report names it, reason, weak) from the lead's report or, failing that, its event."""
    lead = [
        s
        for s in sentences
        if len(s) >= 12 and not s.startswith(("[사진", "|", "▲", "■")) and _FINITE_END.search(s)
    ][:LEAD_SENTENCES]
    for sentence in lead:
        for mention in find_dates(sentence, None):
            if mention.role != "report":
                continue
            found = _MONTH_DAY.search(mention.text)
            if found:
                return int(found.group("d")), int(found.group("m")), f"report day '{mention.text}'", False
            day = _DAY.search(mention.text)
            if day:
                return int(day.group(1)), None, f"report day '{mention.text}'", False
    # no report date: a dateline story usually runs on the day of the act it opens with
    for sentence in lead[:3]:
        for mention in find_dates(sentence, None):
            if mention.role != "event" or mention.date_end or "현지" in mention.text:
                continue
            if re.match(r"(지난|오는|다가오는|이번|다음)", mention.text):
                continue
            found = _MONTH_DAY.fullmatch(mention.text.split("(")[0].strip())
            bare = re.fullmatch(r"(\d{1,2})\s*일", mention.text.strip())
            if not (found and not found.group("y")) and not bare:
                continue
            end = sentence.find(mention.text) + len(mention.text)
            if predicate_tense(sentence[end:]) != "past":
                continue
            if found:
                return int(found.group("d")), int(found.group("m")), f"lead event day '{mention.text}'", True
            return int(bare.group(1)), None, f"lead event day '{mention.text}'", True  # type: ignore[union-attr]
    return None, None, "", False


def _month(body: str, day: int | None) -> tuple[int | None, str]:
    months: set[int] = set()
    reasons = []
    if day is not None:
        for m in _MONTH_DAY.finditer(body):
            if m.group("y"):
                continue
            before = body[max(0, m.start() - 6) : m.start()]
            if re.search(r"(오는|다가오는|다음|내년|지난해|작년)\s*$", before):
                continue
            last = int(m.group("d2") or m.group("d"))
            tense = predicate_tense(body[m.end() : m.end() + 200])
            if last == day or (last < day <= last + 10 and tense != "future"):
                months.add(int(m.group("m")))
                reasons.append(m.group(0))
    if "지난달" in body.replace(" ", ""):
        for m in _WHOLE_MONTH.finditer(body):
            months.add(int(m.group(1)) % 12 + 1)
            reasons.append(f"{m.group(0)} … 지난달")
    if len(months) == 1:
        return months.pop(), "month from " + ", ".join(f"'{r}'" for r in reasons)
    return None, ""


def _year(sentences: list[str], text: str) -> tuple[list[int], str]:
    votes: dict[int, list[str]] = {}

    def vote(year: int, why: str) -> None:
        if 1800 <= year <= 2199:
            votes.setdefault(year, []).append(why)

    for i, sentence in enumerate(sentences):
        squeezed = sentence.replace(" ", "")
        for m in _ANNIVERSARY.finditer(sentence):
            if _YEAR.search(sentence):
                continue  # "2004년 … 30주년": an anniversary of its own time
            word = re.sub(r"\s+", "", sentence[max(0, m.start() - 8) : m.start()])
            word = re.sub(r"[^가-힣]", "", word)
            for j, other in enumerate(sentences):
                if j == i or _ANNIVERSARY.search(other):
                    continue
                if not _shares_subject(word, other):
                    continue
                for y in _YEAR.finditer(other):
                    vote(int(y.group(1)) + int(m.group(1)), f"'{y.group(0)}' + '{m.group(0)}'")
        for m in _YEARS_AFTER.finditer(sentence):
            earlier = list(_YEAR.finditer(sentence, 0, m.start()))
            if earlier:
                vote(
                    int(earlier[-1].group(1)) + int(m.group(1)), f"'{earlier[-1].group(0)}' + '{m.group(0)}'"
                )
            elif "그로부터" in sentence and i > 0 and len(found := _YEAR.findall(sentences[i - 1])) == 1:
                vote(int(found[0]) + int(m.group(1)), f"'{found[0]}년' + '{m.group(0)}'")
        for m in _NTH_YEAR.finditer(sentence):
            earlier = list(_YEAR.finditer(sentence, 0, m.start()))
            bases = (
                [int(earlier[-1].group(1))]
                if earlier
                else ([int(y) for y in _YEAR.findall(sentences[i - 1])] if i > 0 else [])
            )
            for base in bases:
                vote(base + int(m.group(1)), f"'{base}년' + '{m.group(0)}'")
        for m in re.finditer(r"올해\s*\(?\s*((?:19|20)\d{2})\s*년?\s*\)?", squeezed):
            vote(int(m.group(1)), f"'{m.group(0)}'")
    for m in _COPYRIGHT.finditer(text):
        vote(int(m.group(1)), f"copyright '{m.group(0).strip()}'")
    if not votes:
        return [], ""
    ranked = sorted(votes, key=lambda y: -len(votes[y]))
    if len(ranked) > 1:
        return ranked, "conflicting years " + ", ".join(map(str, sorted(ranked)))
    year = ranked[0]
    return [year], "year from " + ", ".join(votes[year][:3])


# a year the text names: '2014년', '2014 인천아시아경기대회' (an event named with its year), not a span ('3년간' has no
# four digits; '2030년까지' is a goal, '2005년부터' where a tie began)
_NAMED_YEAR = re.compile(
    r"(?<![\d'.])((?:19|20)\d{2})(?:\s*년(?!\s*(?:간|째|차|동안|대|까지|부터))|\s(?=[가-힣A-Za-z]))"
    # or after an event's name: '세계도시정상회의(WCS) 2022'
    r"|(?<=[가-힣A-Za-z)]\s)((?:19|20)\d{2})(?=['\"’”)\]])"
)


def story_year(text: str) -> int | None:
    """The year a text without a publication date names most (the latest of equals): news names the year it
    tells about again and again ('2014 인천아시아경기대회 … 2014년 9월'), a history each past year once. A
    weaker reading than ``infer_published``'s year, for anchoring days and months told without a year. Between
    years named as often, one told only of what is to come ('2023년 … 개최될') is the story's next year."""
    counts: dict[int, int] = {}
    ahead: set[int] = set()
    folded = Folded(text).text
    for m in _NAMED_YEAR.finditer(folded):
        year = int(m.group(1) or m.group(2))
        counts[year] = counts.get(year, 0) + 1
        if predicate_tense(folded[m.end() : m.end() + 80]) == "future":
            ahead.add(year)  # '2023년 서울에서 개최될 …': maybe a year ahead of the story
    if not counts:
        return None
    # of years named as often, one never told of what is to come, then the latest
    return max(counts, key=lambda y: (counts[y], y not in ahead, y))


def _shares_subject(word: str, sentence: str) -> bool:
    """Does ``sentence`` speak of the relation the anniversary ``word`` counts ("결연 30주년")?"""
    squeezed = sentence.replace(" ", "")
    relations = _relation_words()
    if any(r in word for r in relations):
        return any(r in squeezed for r in relations)
    return len(word) >= 2 and word[-2:] in squeezed


def _conflict(body: str, when: date) -> str | None:
    """An explicit past date after ``when``, or "지난달 31일" in a month after a short one."""
    for m in _MONTH_DAY.finditer(body):
        if not m.group("y"):
            continue
        told = safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if told and told > when and predicate_tense(body[m.end() : m.end() + 200]) == "past":
            return f"'{m.group(0)}' told as past"
    last_month = when.replace(day=1) - timedelta(days=1)
    for m in re.finditer(r"지난\s*달\s*(\d{1,2})\s*일", body):
        if int(m.group(1)) > last_month.day:
            return f"'{m.group(0)}'"
    return None
