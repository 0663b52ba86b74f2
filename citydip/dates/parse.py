"""Read date expressions out of Korean text: numbers, relative words, periods, ranges and stays."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from citydip.dates.lexicon import (
    PeriodWord,
    RelativeWord,
    alternation,
    country_words,
    cues,
    period_words,
    relative_rows,
    relative_words,
)

WEEKDAYS = "월화수목금토일"
NATIVE_DAYS = {
    "하루": 1,
    "이틀": 2,
    "사흘": 3,
    "나흘": 4,
    "닷새": 5,
    "엿새": 6,
    "이레": 7,
    "열흘": 10,
    "보름": 15,
    "일주일": 7,
}
NATIVE_COUNTS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6}
PARTICLES = r"(?:에서|에는|에도|부터|까지|에게|으로|이면|로|에|은|는|이|가|을|를|의|도|만|과|와|엔|께|쯤|경|인|부|무렵|중)"
_BOUNDARY = rf"(?=$|[^가-힣]|{PARTICLES})"


@dataclass
class Side:
    """One end of an expression as written: what it names outright and what it leaves to the anchor."""

    year: int | None = None
    year_rel: int | None = None  # offset from the publication year
    year_ctx: int | None = None  # offset from the year in context (이듬해)
    month: int | None = None
    month_rel: int | None = None
    day: int | None = None


@dataclass
class Raw:
    """An expression found in the folded text, before any calendar arithmetic."""

    start: int
    end: int
    kind: str  # cal (numbers, 지난달, 올봄 …) | rel (어제, 다음 주, 이날 …) | offset (3일 전) | range
    a: Side = field(default_factory=Side)
    b: Side | None = None  # the range end
    pre: str | None = None  # 지난 | 오는 | 다가오는 | 이번 | 다음
    period: PeriodWord | None = None
    weekday: int | None = None
    word: RelativeWord | None = None
    offset: tuple[int, str] | None = None  # (-3, "day") for "3일 전"
    decade: int | None = None
    decade_span: int = 10  # "1990년대" is ten years, "1700년대" a hundred
    stay_days: int | None = None  # "2박 3일" attached to a start day
    stay_back: int | None = None  # "29일까지 3박 4일": the stay ends on the day told
    role: str = "event"
    parts: tuple[Raw, Raw] | None = None  # the two expressions a range was joined from
    extra: Raw | None = None  # the second day of "3·10일"


def _hangul_alt(words: list[str]) -> str:
    return alternation(words) if words else r"(?!)"


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    """The expressions' patterns, built once from the lexicons under data/."""
    rel = relative_rows()
    year_words = [w.expression for w in rel if w.unit in ("year", "ctx_year")]
    month_words = [w.expression for w in rel if w.unit == "month"]
    day_words = [w.expression for w in rel if w.unit in ("day", "week", "weekend", "ctx_day", "ctx")]
    periods = period_words()
    period_alt = _hangul_alt([p.expression for p in periods.values()])
    season_alt = _hangul_alt([p.expression for p in periods.values() if p.scope == "season"])
    lead = r"(?:(?P<pre>지난|오는|다가오는|이번|다음)\s*(?=\d|'|" + season_alt + r"))?"
    # Every part of the calendar pattern is optional, so the engine would try it at every position of a
    # text; a match that is more than white space starts with one of these characters, and looking for
    # them first skips every other position at once (same matches, a fraction of the time).
    openers = {"'", "지", "오", "다", "이", *(w[0] for w in year_words + month_words if w)}
    openers.update(p.expression[0] for p in periods.values() if p.expression)
    first = "".join(sorted(re.escape(ch) for ch in openers))
    # and such a match starts with a whole word of these (or a digit or '): where one of those characters
    # only begins another word ('이', '다', '지'), the second look spares the attempt and its empty match
    starters = alternation(
        [
            "지난",
            "오는",
            "다가오는",
            "이번",
            "다음",
            *(w for w in year_words + month_words if w),
            *(p.expression for p in periods.values() if p.expression),
        ]
    )
    cal = (
        r"(?=\s*[\d" + first + r"])(?=\s*(?:\d|'|" + starters + r"))"
        r"(?<!\d)(?<!\d\.)"
        + lead
        + r"(?:(?<!\d)(?P<ydec>\d{3}0|\d0)\s*년대"
        # a year glued to its month where a page lost the 년 ('19994월', '201510월') is that year and month
        + r"|(?:(?P<yr>(?<!\d)(?P<y4>\d{4})(?:\s*[~-]\s*(?P<y4b>\d{4}))?"
        # a chronology's year and month written with a dot ('2010. 3월', '2011.04월') is that year and month
        + r"(?:\s*년(?P<y4do>도)?|(?<=(?:19|20)\d\d)(?:\s*\.\s*)?(?=(?:1[0-2]|0?[1-9])\s*월))"
        + r"|'(?P<yq>\d{2})\s*년(?P<yqdo>도)?"
        + r"|(?<!\d)(?P<y2>\d{2})\s*년(?P<y2do>도)?"
        + r"|(?<![가-힣])(?P<yrel>"
        + _hangul_alt(year_words)
        + r")(?P<yreldo>도)?))?"
        + r"(?:\s*(?:(?:(?<!\d)|(?<=(?:19|20)\d\d))(?P<m>\d{1,2})(?:\s*[~-]\s*(?P<mb>\d{1,2}))?\s*월"
        + r"|(?<![가-힣])(?P<mrel>"
        + _hangul_alt(month_words)
        + r")))?"
        + r"(?:\s*(?<!\d)(?P<d>\d{1,2})(?:\s*(?P<dsep>[~\-·,])\s*(?P<db>\d{1,2}))?\s*일)?"
        + r"(?:\s*(?P<per>"
        + period_alt
        + r")"
        + _BOUNDARY
        + r")?)"
    )
    dotted = (
        r"(?<![\d.])(?P<y>\d{4}|'\d{2})\s*(?P<s>[.\-/])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<d>\d{1,2})"
        r"(?:\s*\.(?!\d))?(?![\d])"
        r"(?:\s*~\s*(?:(?P<m2>\d{1,2})\s*\.\s*)?(?P<d2>\d{1,2})(?:\s*\.(?!\d))?(?![\d]))?"
    )
    # a chronology's month, year and month written with dots ('2019.03.', '2025. 11.'): no day follows
    year_dot_month = r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*\.\s*(?P<m>1[0-2]|0?[1-9])\s*\.(?!\s*\d)"
    month_dot_day = r"(?<![\d.])(?P<m>\d{1,2})\s*\.\s*(?P<d>\d{1,2})\.?(?=\s*\(\s*[" + WEEKDAYS + r"]\s*\))"
    offset = (
        r"(?<![\d가-힣])(?P<n>\d{1,3}|" + "|".join(list(NATIVE_DAYS) + list(NATIVE_COUNTS)) + r")"
        r"\s*(?P<u>년|개월|달|주일|주|일)?\s*(?P<dir>전|후|뒤)"
        + r"(?=$|[^가-힣]|에|부터|까지|인|의|엔|쯤|께|만)"
    )
    relword = (
        r"(?<![가-힣])(?P<w>" + _hangul_alt(day_words) + r")"
        r"(?:\s*(?P<wd>[" + WEEKDAYS + r"])요일)?" + _BOUNDARY
    )
    duration_cues = cues().get("duration", ())
    attached = [c for c in duration_cues if len(c) == 1]
    spaced = [c for c in duration_cues if len(c) > 1]
    # '30년 전통' is a length, '1일 전통시장에서' a day before a name: these words follow only a year
    year_spaced = spaced + [c for c in cues().get("year_length", ())]
    return {
        "cal": re.compile(cal),
        "dotted": re.compile(dotted),
        "ymdot": re.compile(year_dot_month),
        "mdot": re.compile(month_dot_day),
        "offset": re.compile(offset),
        "rel": re.compile(relword),
        "tail": re.compile(
            r"\s*\(\s*(?:(?P<wd>["
            + WEEKDAYS
            + r"])(?:요일)?|(?:현지|한국|미국|중국|일본|이하\s*현지)\s*(?:시간|시각)?)\s*\)"
            r"|\s+(?P<wd2>[" + WEEKDAYS + r"])요일" + _BOUNDARY + r"|(?:께|경|쯤|무렵)" + _BOUNDARY
        ),
        "duration": re.compile(
            r"^(?:(?:" + "|".join(map(re.escape, attached)) + r")|\s*(?:" + alternation(spaced) + r"))"
            if duration_cues
            else r"(?!)"
        ),
        "year_duration": re.compile(
            r"^(?:(?:" + "|".join(map(re.escape, attached)) + r")|\s*(?:" + alternation(year_spaced) + r"))"
            if year_spaced
            else r"(?!)"
        ),
        "stay": re.compile(
            r"(?P<n>\d{1,2})\s*박\s*(?P<m>\d{1,2})\s*일|(?P<k>\d{1,2}|이틀|사흘|나흘|닷새|엿새|열흘|일주일)"
            r"\s*(?:일)?\s*(?:간|동안)"
        ),
        "report": re.compile(
            r"\s*(?:[가-힣A-Za-z·]+(?:가|이|는|은)\s+)?(?:"
            + alternation(cues().get("report", ("밝혔",)))
            + r")"
            r"|\s*[가-힣A-Za-z·]+(?:\s+[가-힣A-Za-z·]+)?에\s*(?:"
            + alternation(cues().get("according", ("따르면",)))
            + r")"
        ),
    }


def parse(folded: str, published: date | None) -> list[Raw]:
    """Every expression in ``folded``, left to right, the longest winning where two overlap."""
    pats = patterns()
    found: list[Raw] = []
    for m in pats["dotted"].finditer(folded):
        year = m.group("y")
        y = two_digit_year(int(year[1:]), published) if year.startswith("'") else int(year)
        raw = Raw(m.start(), m.end(), "cal", Side(year=y, month=int(m.group("m")), day=int(m.group("d"))))
        if m.group("d2"):
            raw.b = Side(year=y, month=int(m.group("m2") or m.group("m")), day=int(m.group("d2")))
        found.append(raw)
    for m in pats["ymdot"].finditer(folded):
        found.append(Raw(m.start(), m.end(), "cal", Side(year=int(m.group("y")), month=int(m.group("m")))))
    for m in pats["mdot"].finditer(folded):
        found.append(Raw(m.start(), m.end(), "cal", Side(month=int(m.group("m")), day=int(m.group("d")))))
    for m in pats["offset"].finditer(folded):
        raw = _offset(m)
        if raw:
            found.append(raw)
    rel = relative_words()
    for m in pats["rel"].finditer(folded):
        word = rel.get(re.sub(r"\s+", "", m.group("w")))
        if word is None:
            continue
        if (
            word.needs_lead
            and folded[: m.start()].strip()
            and not re.search(r"(?<![가-힣])[그이]\s*$", folded[: m.start()])
        ):
            continue
        if word.unit == "day" and re.match(r"의(?![가-힣])", folded[m.end() :]):
            continue  # "내일의 도시": a figure of speech, not a day
        raw = Raw(m.start(), m.end(), "rel", word=word)
        if m.group("wd") and word.unit == "week":
            raw.weekday = WEEKDAYS.index(m.group("wd"))
        if word.unit in ("ctx_day", "ctx"):
            raw.role = "anaphor"
        found.append(raw)
    for m in pats["cal"].finditer(folded):
        # every part of the pattern is optional, so it also matches nothing (or only spaces) at almost
        # every position; _calendar would turn those down, this only spares the call
        if m.end() == m.start() or folded[m.start() : m.end()].isspace():
            continue
        raw = _calendar(m, folded, published)
        if raw:
            found.append(raw)
            if raw.extra is not None:
                found.append(raw.extra)
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[Raw] = []
    for raw in found:
        if kept and raw.start < kept[-1].end:
            continue
        kept.append(raw)
    for raw in kept:
        _take_tail(raw, folded)
    return kept


def _offset(m: re.Match[str]) -> Raw | None:
    n, unit, direction = m.group("n"), m.group("u"), m.group("dir")
    sign = -1 if direction == "전" else 1
    if n in NATIVE_DAYS:
        if unit not in (None, "일"):
            return None
        return Raw(m.start(), m.end(), "offset", offset=(sign * NATIVE_DAYS[n], "day"))
    if n in NATIVE_COUNTS:
        if unit not in ("달", "주", "주일", "년"):
            return None
        count = NATIVE_COUNTS[n]
    else:
        if unit is None:
            return None
        count = int(n)
    kind = {"년": "year", "개월": "month", "달": "month", "주": "week", "주일": "week", "일": "day"}[unit]
    if kind == "week":
        kind, count = "day", count * 7
    return Raw(m.start(), m.end(), "offset", offset=(sign * count, kind))


def two_digit_year(two: int, published: date | None) -> int:
    if published is None:
        return 1900 + two if two >= 30 else 2000 + two
    year = published.year // 100 * 100 + two
    return year - 100 if year > published.year + 1 else year


def _calendar(m: re.Match[str], folded: str, published: date | None) -> Raw | None:
    g = m.groupdict()
    start, end = m.start(), m.end()
    while start < end and folded[start].isspace():
        start += 1
    if start >= end:
        return None
    raw = Raw(start, end, "cal", pre=g["pre"])
    side = raw.a
    after = folded[end:]
    has_month = bool(g["m"] or g["mrel"])
    has_day = bool(g["d"])
    pats = patterns()
    if g["ydec"]:
        decade = int(g["ydec"])
        raw.decade = decade if decade >= 1000 else two_digit_year(decade, published) // 10 * 10
        if decade >= 1000 and decade % 100 == 0 and decade != 2000:
            raw.decade_span = 100  # "1900년대" is the 1900s; "2000년대" in use means 2000-2009
        return raw
    if g["y4"]:
        side.year = int(g["y4"])
        if not 1800 <= side.year <= 2199:
            return None
        if g["y4b"]:
            raw.b = Side(year=int(g["y4b"]))
        if not has_month and not has_day and pats["year_duration"].match(after):
            return None  # "2000년 역사", "1000년간"
    elif g["yq"]:
        if not has_month and _quoted_years(folded, m):
            return None
        side.year = two_digit_year(int(g["yq"]), published)
    elif g["y2"]:
        if not _two_digit_is_year(g, folded, m, published, has_month):
            return None
        side.year = two_digit_year(int(g["y2"]), published)
    elif g["yrel"]:
        word = relative_words()[re.sub(r"\s+", "", g["yrel"])]
        if word.needs_follow and not (has_month or g["per"]):
            return None
        if word.unit == "ctx_year":
            side.year_ctx = word.offset
        else:
            side.year_rel = word.offset
    with_do = g["y4do"] or g["yqdo"] or g["y2do"] or g["yreldo"]
    if (
        with_do
        and not has_month
        and re.match(r"\s+[가-힣]", after)
        and not re.match(r"\s*" + PARTICLES + r"(?![가-힣])", after)
    ):
        raw.role = "attribute"  # "96년도 우호교류사업", "내년도 예산"
    if g["m"]:
        side.month = int(g["m"])
        if not 1 <= side.month <= 12:
            return None
        if g["mb"]:
            end_month = int(g["mb"])
            if not 1 <= end_month <= 12:
                return None
            raw.b = Side(month=end_month)
    elif g["mrel"]:
        side.month_rel = relative_words()[re.sub(r"\s+", "", g["mrel"])].offset
    if has_day:
        side.day = int(g["d"])
        if not 1 <= side.day <= 31:
            return None
        before = folded[max(0, start - 8) : start]
        if re.search(r"\d\s*박\s*$", before) or re.search(r"(매월|매달|매주|매년|주)\s*$", before):
            return None  # "2박 3일" is a length; "매월 15일" recurs
        dated = side.year or side.month or side.month_rel is not None
        if not g["per"] and not dated and pats["duration"].match(after):
            return None  # "24일간", "3일 동안"
        if g["db"]:
            second = int(g["db"])
            if not 1 <= second <= 31:
                return None
            if g["dsep"] in "·," and second != side.day + 1:
                # "3·10일": two separate days, the second sharing the first one's month and year
                raw.end = m.start("dsep")
                raw.extra = Raw(
                    m.start("db"),
                    m.end(),
                    "cal",
                    Side(side.year, side.year_rel, side.year_ctx, side.month, side.month_rel, second),
                )
            else:
                raw.b = Side(day=second)
    if g["per"]:
        scope = "month" if (has_month and not has_day) else "year" if not has_day else None
        key = re.sub(r"\s+", "", g["per"])
        periods = period_words()
        period = None
        if scope:
            period = periods.get((key, scope)) or periods.get((key, "season")) or periods.get((key, "none"))
        has_year = bool(g["y4"] or g["yq"] or g["y2"] or g["yrel"])
        if scope == "year" and not has_year:  # standing alone: "중순께" is this month's, "하반기" this year's
            alone = [periods.get((key, sc)) for sc in ("year", "month", "season")]
            period = next((p for p in alone if p is not None and (p.alone or p.scope == "season")), None)
        if period is None or (period.scope == "season" and scope != "year"):
            raw.end = m.start("per")  # not a period of what precedes it
            while raw.end > raw.start and folded[raw.end - 1].isspace():
                raw.end -= 1
        else:
            raw.period = period
    no_core = not (g["y4"] or g["yq"] or g["y2"] or g["yrel"] or has_month or has_day)
    if no_core:
        if raw.period is None:
            return None
        if raw.period.scope == "season":
            if not raw.pre:
                return None
        elif not raw.period.alone:
            return None
    elif raw.pre and raw.period is None and not (has_month or has_day or side.year):
        return None
    if raw.end <= raw.start:
        return None
    return raw


def _quoted_years(folded: str, m: re.Match[str]) -> bool:
    """Is "'NN년" a number of years in quotation marks ('27년의 결연', '40년 우정') rather than '96 with an
    apostrophe? Folding made every single quote an apostrophe: a quote that closes a few words later, or
    "의" right after (27 years of …), says it is a quotation."""
    after = folded[m.end("yq") :]
    after = after[after.index("년") + 1 :] if "년" in after else after
    return bool(re.match(r"\s*의(?![가-힣])", after) or re.match(r"[^'.\n]{0,20}'", after))


# an item of a list dated year by year: '84년 나가노현 A군, 91년 B시, 2003년 C시'
_DATED_ITEM = r"(?:\d{2}|(?:19|20)\d{2})\s*년\s+[^,.\d]{2,40}"
_DATED_LIST_RE = re.compile(_DATED_ITEM + r"(?:,\s*" + _DATED_ITEM + r"){2,}")


def _in_dated_list(folded: str, start: int, end: int) -> bool:
    """Is the "NN년" at start..end an item of a list of three or more that dates each item with its year,
    one of them written with four digits? Then every two-digit year of the list is a year too."""
    window = folded[max(0, start - 120) : end + 120]
    if not re.search(r"(?<!\d)(?:19|20)\d{2}\s*년", window) or not re.match(r"\s*년\s+[가-힣]", folded[end:]):
        return False
    at = start - max(0, start - 120)
    return any(item.start() <= at < item.end() for item in _DATED_LIST_RE.finditer(window))


# a place's name right after a year: a country or a short lead word ('97년 캐나다 A시', '83년 미 텍사스주'), or a
# name ending in a unit with a particle ('68년 타이베이시를')
_UNIT_NAME = re.compile(r"\s*[가-힣]{1,10}(?:시|군|구|현|주|성)(?:와|과|를|을|에|,|·|\s|\()")


@cache
def _place_lead_re() -> re.Pattern[str]:
    words = alternation(list(country_words()) + list(cues().get("place_lead", ())))
    return re.compile(r"\s+(?:" + words + r")(?=\s|,|·)")


def _year_before_a_place(two: str, pre: str | None, after: str) -> bool:
    """A bare 'NN년' of 50-99 (or written with a leading zero) told before a place's name ('97년 캐나다 A시',
    '66년 대만 A시를 시작으로') or, after '지난', before 에/부터 ('지난 94년에 … 자매결연') dates an act, also in
    a later article: no number of years of a tie is read so ('50년 우정', '70년 역사', '60년간' stay counts)."""
    if not (int(two) >= 50 or two.startswith("0")):
        return False
    after = after[after.index("년") + 1 :] if "년" in after else after
    if patterns()["year_duration"].match(after) or after.startswith("대"):
        return False
    if pre == "지난" and re.match(r"\s*(?:에|부터)(?![가-힣])(?!\s*걸)", after):
        return True
    return bool(_place_lead_re().match(after) or _UNIT_NAME.match(after))


def _two_digit_is_year(
    g: dict, folded: str, m: re.Match[str], published: date | None, has_month: bool
) -> bool:
    """A bare two-digit "NN년" is a year only in contexts old articles use for years."""
    if has_month or g["y2do"]:
        return True
    # (a year before 1950 is no date of a tie between cities: '10년 교류' then counts years)
    listed = not g["pre"] and two_digit_year(int(g["y2"]), published) >= 1950
    if listed and _in_dated_list(folded, m.start("y2"), m.end("y2")):
        return True
    if _year_before_a_place(g["y2"], g["pre"], folded[m.end("y2") :]):
        return True
    if published is not None and published.year >= 2000:
        return False
    after = folded[m.end("y2") :]
    after = after[after.index("년") + 1 :] if "년" in after else after
    if patterns()["year_duration"].match(after) or re.match(
        r"\s*(의|이|을|를|동안|전|후|뒤)(?![가-힣])", after
    ):
        return False
    if g["pre"] == "지난":
        return True
    before = folded[max(0, m.start("y2") - 12) : m.start("y2")]
    return bool(re.search(r"[(.·,]\s*[^()]*$", before) and re.match(r"\s*\)", after) and "(" in before)


def _take_tail(raw: Raw, folded: str) -> None:
    """Swallow weekday hints, "(현지시간)" and "께/경" after an expression."""
    tail = patterns()["tail"]
    pos = raw.end
    while True:
        m = tail.match(folded, pos)
        if not m or m.end() == pos:
            break
        wd = m.group("wd") or m.group("wd2")
        if wd and raw.kind == "cal" and (raw.b or raw.a).day is not None:
            raw.weekday = WEEKDAYS.index(wd)
        pos = m.end()
    raw.end = pos


# ---------------------------------------------------------------- combining


def combine(raws: list[Raw], folded: str) -> list[Raw]:
    """Join "A~B", "A부터 B까지", "A일과 B일" into ranges; attach stays ("2박 3일 일정으로 21일부터")."""
    out: list[Raw] = []
    i = 0
    while i < len(raws):
        raw = raws[i]
        if i + 1 < len(raws):
            nxt = raws[i + 1]
            between = folded[raw.end : nxt.start]
            joined = None
            if _rangeable(raw) and _rangeable(nxt):
                after_next = folded[nxt.end : nxt.end + 6]
                if (
                    re.fullmatch(r"\s*[~-]\s*", between)
                    or (re.fullmatch(r"\s*(부터|에서)\s*", between) and re.match(r"\s*까지", after_next))
                    or (re.fullmatch(r"\s*(과|와|,|·)\s*", between) and _consecutive(raw, nxt))
                ):
                    joined = _join(raw, nxt)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(raw)
        i += 1
    for raw in out:
        _attach_stay(raw, folded)
    return out


def _rangeable(raw: Raw) -> bool:
    return (raw.kind == "cal" and raw.b is None and raw.period is None and raw.decade is None) or (
        raw.kind == "rel" and raw.word is not None and raw.word.unit == "day"
    )


def _consecutive(first: Raw, second: Raw) -> bool:
    a, b = first.a, second.a
    return (
        first.kind == second.kind == "cal"
        and a.day is not None
        and b.day is not None
        and b.day == a.day + 1
        and b.month is None
        and b.month_rel is None
        and b.year is None
        and second.pre is None
    )


def _join(first: Raw, second: Raw) -> Raw:
    joined = Raw(first.start, second.end, "range", a=first.a, pre=first.pre, weekday=first.weekday)
    joined.b = second.a
    joined.role = first.role
    joined.word = first.word
    # the end keeps what anchors it on its own ("지난달 30일부터 오는 5일까지")
    joined.period = None
    joined.parts = (first, second)
    return joined


def _attach_stay(raw: Raw, folded: str) -> None:
    if raw.kind != "cal" or raw.b is not None or raw.a.day is None:
        return
    stay = patterns()["stay"]
    ahead = folded[raw.end : raw.end + 24]
    m = re.match(r"\s*(?:부터\s*)?", ahead)
    # '오는 29일까지 3박 4일 일정으로', '지난 24일까지 나흘간': a stay that ends on the day told
    until = re.match(r"\s*까지\s*", ahead)
    back = stay.match(ahead, until.end()) if until else None
    if back is not None and (back.group("n") or back.group("k")):
        raw.stay_back = _stay_length(back)
        return
    span = stay.match(ahead, m.end() if m else 0)
    if span and (span.group("n") or "부터" in ahead[: span.start()]):
        raw.stay_days = _stay_length(span)
        return
    behind = folded[max(0, raw.start - 24) : raw.start]
    if re.match(r"\s*부터", folded[raw.end : raw.end + 4]):
        for span in stay.finditer(behind):
            if re.fullmatch(r"\s*(?:의\s*)?(?:일정으로|일정|간)?\s*", behind[span.end() :]) and span.group(
                "n"
            ):
                raw.stay_days = _stay_length(span)


def _stay_length(span: re.Match[str]) -> int | None:
    if span.group("n"):
        return int(span.group("m"))
    k = span.group("k")
    return NATIVE_DAYS.get(k) or (int(k) if k and k.isdigit() else None)
