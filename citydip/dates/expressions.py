"""Resolve date expressions against the publication date: find_dates and the DateMention it returns."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from citydip.dates.normalize import Folded
from citydip.dates.parse import Raw, Side, combine, parse, patterns
from citydip.dates.tense import predicate_tense
from citydip.errors import UsageError
from citydip.models import Precision

DAY, MONTH, YEAR, UNKNOWN = (
    Precision.DAY.value,
    Precision.MONTH.value,
    Precision.YEAR.value,
    Precision.UNKNOWN.value,
)
_RANK = {DAY: 3, MONTH: 2, YEAR: 1, UNKNOWN: 0}
HISTORICAL_DAYS = 62  # ends this long before publication: "far from" it, a fact of the past


@dataclass(frozen=True, slots=True)
class DateMention:
    """One temporal expression: its span in the string given and its date at the precision it supports."""

    start: int
    end: int
    text: str
    date: str | None  # "2023-09-16" | "2023-09" | "2023" | None
    date_end: str | None  # end of a range, same format
    precision: str  # day | month | year | unknown
    relative: bool  # anchored on the publication date
    historical: bool = False  # a past fact well before publication ("지난 2016년 8월")
    role: str = (
        "event"  # event | report ("…했다고 3일 밝혔다") | anaphor (이날, 전날) | attribute ("96년도 사업")
    )


@dataclass(frozen=True)
class _Value:
    start: tuple[int, int, int]  # (year, month, day); month/day 0 when below precision
    end: tuple[int, int, int]
    precision: str
    relative: bool


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _first(value: tuple[int, int, int]) -> date:
    y, m, d = value
    return date(y, m or 1, d or 1)


def _last(value: tuple[int, int, int], precision: str) -> date:
    y, m, d = value
    if precision == YEAR:
        return date(y, 12, 31)
    if precision == MONTH:
        return date(y, m, _last_day(y, m))
    return date(y, m, d)


def _pick(candidates: list[date], published: date, tense: str | None) -> date | None:
    """The past reading is the latest on or before publication, the future one the earliest after."""
    if not candidates:
        return None
    past = [c for c in candidates if c <= published]
    future = [c for c in candidates if c >= published]
    if tense == "past" and past:
        return max(past)
    if tense == "future" and future:
        return min(future)
    return min(candidates, key=lambda c: (abs((c - published).days), c > published))


def safe_date(y: int, m: int, d: int) -> date | None:
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1 <= y <= 9999) or d > _last_day(y, m):
        return None
    return date(y, m, d)


RECENT_DAYS = 3  # a bare day this close before publication is read as past even in a future-tense sentence


def _day_only(day: int, published: date, tense: str | None, weekday: int | None) -> date | None:
    candidates = []
    for k in range(-3, 4):
        y, m = _shift_month(published.year, published.month, k)
        if 1 <= y <= 9999 and (c := safe_date(y, m, day)):
            candidates.append(c)
    return _pick(_weekday_filter(candidates, weekday), published, tense)


def _month_day(month: int, day: int, published: date, tense: str | None, weekday: int | None) -> date | None:
    candidates = [c for y in range(published.year - 1, published.year + 2) if (c := safe_date(y, month, day))]
    return _pick(_weekday_filter(candidates, weekday), published, tense)


def _weekday_filter(candidates: list[date], weekday: int | None) -> list[date]:
    if weekday is None:
        return candidates
    agreeing = [c for c in candidates if c.weekday() == weekday]
    return agreeing or candidates


def _month_only(month: int, published: date, tense: str | None) -> int | None:
    """Year of a bare month: compared month by month with the publication month."""
    here = (published.year, published.month)
    options = [(y, month) for y in range(published.year - 1, published.year + 2)]
    past = [o for o in options if o <= here]
    future = [o for o in options if o >= here]
    if tense == "past" and past:
        return max(past)[0]
    if tense == "future" and future:
        return min(future)[0]
    return min(options, key=lambda o: (abs((o[0] - here[0]) * 12 + o[1] - here[1]), o > here))[0]


class _Resolver:
    def __init__(self, published: date | None, tense: str | None, folded: str, year: int | None = None):
        self.published = published
        # the publication year alone, when the text pins it down but not the day: anchors what needs only a
        # year, and nothing finer than the year where the day is missing
        self.year = year if published is None else None
        self.tense = tense
        self.folded = folded
        self.last_year: int | None = None  # for 이듬해 within the same text

    def tense_of(self, raw: Raw) -> str | None:
        pre = raw.pre or (raw.parts[0].pre if raw.parts else None)
        if pre == "지난":
            return "past"
        if pre in ("오는", "다가오는", "다음"):
            return "future"
        if raw.role == "report":
            return "past"
        if self.tense in ("past", "future"):
            return self.tense
        if re.search(r"[△▲◇○•■]\s*$", self.folded[max(0, raw.start - 3) : raw.start]):
            return None  # an item of a list has no predicate of its own: read it as the nearest date
        return predicate_tense(self.folded[raw.end : raw.end + 200])

    def resolve(self, raw: Raw) -> _Value | None:
        try:
            if raw.kind == "rel":
                return self._relative(raw)
            if raw.kind == "offset":
                return self._offset(raw)
            if raw.kind == "range":
                return self._range(raw)
            return self._calendar(raw, raw.a, self.tense_of(raw))
        except (ValueError, OverflowError):
            return None

    # -- pieces

    def _relative(self, raw: Raw) -> _Value | None:
        word, p = raw.word, self.published
        if word is None or word.unit in ("ctx_day", "ctx"):
            return None
        if p is None:
            return self._in_year()
        if word.unit == "day":
            d = p + timedelta(days=word.offset)
            return _Value((d.year, d.month, d.day), (d.year, d.month, d.day), DAY, True)
        monday = p - timedelta(days=p.weekday()) + timedelta(weeks=word.offset)
        if word.unit == "week" and raw.weekday is not None:
            d = monday + timedelta(days=raw.weekday)
            return _Value((d.year, d.month, d.day), (d.year, d.month, d.day), DAY, True)
        first = monday + timedelta(days=5) if word.unit == "weekend" else monday
        last = monday + timedelta(days=6)
        return _Value((first.year, first.month, first.day), (last.year, last.month, last.day), DAY, True)

    def _offset(self, raw: Raw) -> _Value | None:
        if raw.offset is None:
            return None
        amount, unit = raw.offset
        p = self.published
        if p is None:
            if self.year is None:
                return None
            if unit == "year":
                return _Value((self.year + amount, 0, 0), (self.year + amount, 0, 0), YEAR, True)
            return self._in_year()
        if unit == "day":
            d = p + timedelta(days=amount)
            return _Value((d.year, d.month, d.day), (d.year, d.month, d.day), DAY, True)
        if unit == "month":
            y, m = _shift_month(p.year, p.month, amount)
            return _Value((y, m, 0), (y, m, 0), MONTH, True)
        return _Value((p.year + amount, 0, 0), (p.year + amount, 0, 0), YEAR, True)

    def _in_year(self) -> _Value | None:
        """A day or month told relative to a publication date of which only the year is known."""
        if self.year is None:
            return None
        return _Value((self.year, 0, 0), (self.year, 0, 0), YEAR, True)

    def _year_of(self, side: Side) -> tuple[int | None, bool]:
        """(year, relative) for a side that names its year, else (None, False)."""
        anchor = self.published.year if self.published is not None else self.year
        if side.year is not None:
            return side.year, False
        if side.year_ctx is not None:
            if self.last_year is not None:
                return self.last_year + side.year_ctx, False
            if anchor is not None:
                return anchor + side.year_ctx, True
            return None, True
        if side.year_rel is not None:
            return (anchor + side.year_rel, True) if anchor is not None else (None, True)
        return None, False

    def _calendar(self, raw: Raw, side: Side, tense: str | None) -> _Value | None:
        p = self.published
        if raw.decade is not None:
            return _Value((raw.decade, 0, 0), (raw.decade + raw.decade_span - 1, 0, 0), YEAR, False)
        year, relative = self._year_of(side)
        if year is None and p is None:
            if self.year is None:
                return None  # anchored on a publication date we do not have
            if side.month is not None:
                # "9월 30일" in a text of a known year and unknown day: that year's (the tense cannot say
                # whether a month lies before or after a publication day nobody knows)
                year, relative = self.year, True
            elif side.month_rel is not None or side.day is not None:
                return self._in_year()
            else:
                return None
        if side.month_rel is not None:
            if p is None:
                return None
            y, m = _shift_month(p.year, p.month, side.month_rel)
            if side.day is not None:
                if safe_date(y, m, side.day) is None:
                    return None
                return self._with_range(raw, _Value((y, m, side.day), (y, m, side.day), DAY, True), tense)
            return self._narrow(raw, y, m, True)
        if year is not None:
            if side.month is None:
                if raw.b is not None and raw.b.year is not None:
                    return _Value((year, 0, 0), (raw.b.year, 0, 0), YEAR, relative)
                if raw.b is not None and raw.b.month is not None:
                    return None
                return self._narrow(raw, year, None, relative)
            if side.day is None:
                return self._narrow(raw, year, side.month, relative)
            if safe_date(year, side.month, side.day) is None:
                return None
            value = _Value((year, side.month, side.day), (year, side.month, side.day), DAY, relative)
            return self._with_range(raw, value, tense)
        assert p is not None
        if side.month is not None:
            if side.day is None:
                y = _month_only(side.month, p, tense)
                if y is None:
                    return None
                return self._narrow(raw, y, side.month, True)
            d = _month_day(side.month, side.day, p, tense, raw.weekday if raw.b is None else None)
            if d is None:
                return None
            return self._with_range(
                raw, _Value((d.year, d.month, d.day), (d.year, d.month, d.day), DAY, True), tense
            )
        if side.day is not None:
            pre = raw.pre or (raw.parts[0].pre if raw.parts else None)
            read_from_predicate = pre is None and self.tense not in ("past", "future")
            if tense == "future" and read_from_predicate and 0 < (p.day - side.day) <= RECENT_DAYS:
                # a bare day just before the report is that day, whatever tense the sentence takes ('24일
                # … 협정을 맺는다' in a report of the 25th): a day a month ahead would be named with its month
                tense = "past"
            d = _day_only(side.day, p, tense, raw.weekday if raw.b is None else None)
            if d is None:
                return None
            return self._with_range(
                raw, _Value((d.year, d.month, d.day), (d.year, d.month, d.day), DAY, True), tense
            )
        if raw.period is not None:
            return self._standalone_period(raw, tense)
        return None

    def _narrow(self, raw: Raw, year: int, month: int | None, relative: bool) -> _Value | None:
        """Apply a period word ("말", "상반기", "봄") or a month range to a year or a month."""
        period = raw.period
        if month is not None:
            if raw.b is not None and raw.b.month is not None and raw.b.day is None:
                end_year = year + (1 if raw.b.month < month else 0)
                return _Value((year, month, 0), (end_year, raw.b.month, 0), MONTH, relative)
            if period is not None and period.scope == "month" and period.start is not None:
                last = period.end or _last_day(year, month)
                return _Value(
                    (year, month, period.start),
                    (year, month, min(last, _last_day(year, month))),
                    DAY,
                    relative,
                )
            return _Value((year, month, 0), (year, month, 0), MONTH, relative)
        if period is not None and period.scope == "season":
            return self._season(raw, year, relative)
        if (
            period is not None
            and period.scope == "year"
            and period.start is not None
            and period.end is not None
        ):
            return _Value((year, period.start, 0), (year, period.end, 0), MONTH, relative)
        return _Value((year, 0, 0), (year, 0, 0), YEAR, relative)

    def _season(self, raw: Raw, year: int | None, relative: bool) -> _Value | None:
        period = raw.period
        assert period is not None and period.start is not None and period.end is not None
        p = self.published

        def span(y: int) -> _Value:
            end_year = y + 1 if period.end < period.start else y
            return _Value((y, period.start, 0), (end_year, period.end, 0), MONTH, relative)

        if year is not None:
            y = year
            if raw.a.year_rel == 0 and p is not None and period.end < period.start and p.month <= period.end:
                y -= 1  # "올겨울" in January is the winter already under way
            return span(y)
        if p is None:
            return None
        options = [span(y) for y in range(p.year - 2, p.year + 2)]
        if raw.pre == "지난":
            done = [o for o in options if _last(o.end, MONTH) < p]
            return _Value(done[-1].start, done[-1].end, MONTH, True) if done else None
        if raw.pre in ("오는", "다가오는", "다음"):
            ahead = [o for o in options if _first(o.start) > p]
            return _Value(ahead[0].start, ahead[0].end, MONTH, True) if ahead else None
        current = [o for o in options if _last(o.end, MONTH) >= p]
        return _Value(current[0].start, current[0].end, MONTH, True) if current else None

    def _standalone_period(self, raw: Raw, tense: str | None) -> _Value | None:
        """ "연말", "하반기", "중순께" without a year or month: this one, the last one or the next by tense."""
        period, p = raw.period, self.published
        if period is None or p is None:
            return None
        if period.scope == "season":
            return self._season(raw, None, True)
        options: list[_Value] = []
        for shift in (-1, 0, 1):
            if period.scope == "year":
                value = self._narrow(raw, p.year + shift, None, True)
            elif period.scope == "month" and period.start is not None:
                y, m = _shift_month(p.year, p.month, shift)
                last = min(period.end or 31, _last_day(y, m))
                value = _Value((y, m, period.start), (y, m, last), DAY, True)
            else:
                return None
            if value is not None:
                options.append(value)
        started = [o for o in options if _first(o.start) <= p]
        running = [o for o in options if _last(o.end, o.precision) >= p]
        if tense == "past" and started:
            return started[-1]
        if tense == "future" and running:
            return running[0]
        return options[1] if len(options) == 3 else (options[0] if options else None)

    def _with_range(self, raw: Raw, value: _Value, tense: str | None) -> _Value | None:
        """Extend a day to a range: "16~23일", "2박 3일 일정으로 21일부터"."""
        y, m, d = value.start
        if raw.b is not None and raw.b.day is not None and raw.b.month is None:
            end_day = raw.b.day
            ey, em = (y, m) if end_day >= d else _shift_month(y, m, 1)
            if safe_date(ey, em, end_day) is None:
                return value
            return _Value(value.start, (ey, em, end_day), DAY, value.relative)
        if raw.b is not None and raw.b.month is not None and raw.b.day is not None:
            ey = raw.b.year if raw.b.year is not None else y + (1 if (raw.b.month, raw.b.day) < (m, d) else 0)
            if safe_date(ey, raw.b.month, raw.b.day) is None:
                return value
            return _Value(value.start, (ey, raw.b.month, raw.b.day), DAY, value.relative)
        if raw.stay_back and raw.stay_back > 1 and raw.b is None:
            first = date(y, m, d) - timedelta(days=raw.stay_back - 1)
            return _Value((first.year, first.month, first.day), value.start, DAY, value.relative)
        if raw.stay_days and raw.stay_days > 1:
            last = date(y, m, d) + timedelta(days=raw.stay_days - 1)
            return _Value(value.start, (last.year, last.month, last.day), DAY, value.relative)
        return value

    def _range(self, raw: Raw) -> _Value | None:
        assert raw.parts is not None
        first, second = raw.parts
        tense = self.tense_of(raw)
        a, b = first.a, second.a
        independent_end = (
            second.kind != "cal" or second.pre is not None or b.year is not None or b.month_rel is not None
        )
        start_partial = first.kind == "cal" and a.month is None and a.month_rel is None and a.year is None
        if start_partial and second.kind == "cal" and (b.month is not None or b.month_rel is not None):
            end = self._calendar(second, b, tense)
            if end is None or end.precision != DAY or a.day is None:
                return None
            ey, em, ed = end.start
            sy, sm = (ey, em) if a.day <= ed else _shift_month(ey, em, -1)
            if safe_date(sy, sm, a.day) is None:
                return None
            return _Value((sy, sm, a.day), end.start, DAY, end.relative)
        start = self.resolve(first) if first.kind != "cal" else self._calendar(first, a, tense)
        if start is None:
            return None
        if independent_end:
            end = self.resolve(second)
        else:
            shadow = Raw(first.start, second.end, "cal", a=a, b=b, weekday=None)
            end = self._with_range(shadow, start, tense) if start.precision == DAY else None
            if end is not None:
                end = _Value(end.end, end.end, DAY, end.relative)
        if end is None:
            return start
        precision = start.precision if _RANK[start.precision] <= _RANK[end.precision] else end.precision
        return _Value(start.start, end.end, precision, start.relative or end.relative)


def _format(value: tuple[int, int, int], precision: str) -> str:
    y, m, d = value
    if precision == YEAR:
        return f"{y:04d}"
    if precision == MONTH:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_published(published: str | date | None) -> date | None:
    """The publication date as a ``date``: accepts a date, "YYYY-MM-DD" (time allowed after it) or None."""
    if published is None or published == "":
        return None
    if isinstance(published, date):
        return published
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", str(published))
    if m:
        parsed = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if parsed is not None:
            return parsed
    raise UsageError(f"publication date {published!r} is not a YYYY-MM-DD date")


def find_dates(
    text: str, published: str | date | None, *, tense: str | None = None, year: int | None = None
) -> list[DateMention]:
    """Every temporal expression in ``text``, left to right, resolved against ``published``.

    ``tense`` ("past" | "future") fixes how bare days and months are read; None reads the predicate
    that governs each expression. Without ``published`` relative expressions stay unresolved
    (date None, precision "unknown"); absolute ones still resolve. ``year``, the publication year when
    only it is known, anchors them as far as a year can: "9월 30일" → that year's day, "30일" → the year.
    """
    if not text:
        return []
    p = parse_published(published)
    folded = Folded(text)
    raws = combine(parse(folded.text, p), folded.text)
    resolver = _Resolver(p, tense if tense in ("past", "future") else None, folded.text, year)
    report = patterns()["report"]
    mentions: list[DateMention] = []
    for i, raw in enumerate(raws):
        if (
            _relative_only(raw)
            and i + 1 < len(raws)
            and re.fullmatch(r"\s*인\s*", folded.text[raw.end : raws[i + 1].start])
        ):
            continue  # "수교 이듬해인 1993년": the explicit date says it
        if raw.role == "event" and raw.kind in ("cal", "range") and report.match(folded.text, raw.end):
            raw.role = "report"  # a report is told after the fact: read its day as past
        value = resolver.resolve(raw)
        role = raw.role
        start, end = folded.span(raw.start, raw.end)
        if value is None:
            mentions.append(
                DateMention(start, end, text[start:end], None, None, UNKNOWN, _is_relative(raw), False, role)
            )
            continue
        if value.precision != UNKNOWN:
            resolver.last_year = value.end[0]
        begin, finish = _format(value.start, value.precision), _format(value.end, value.precision)
        if finish < begin:
            begin, finish = finish, begin  # a range written backwards ('이달~지난달') spans the same months
        mentions.append(
            DateMention(
                start,
                end,
                text[start:end],
                begin,
                finish if finish != begin else None,
                value.precision,
                value.relative,
                _historical(raw, value, p),
                role,
            )
        )
    return mentions


def _relative_only(raw: Raw) -> bool:
    a = raw.a
    return raw.kind == "rel" or (
        raw.kind == "cal"
        and a.year is None
        and a.month is None
        and a.day is None
        and a.month_rel is None
        and (a.year_rel is not None or a.year_ctx is not None)
    )


def _is_relative(raw: Raw) -> bool:
    return not (raw.kind == "cal" and raw.a.year is not None) and raw.decade is None


def _historical(raw: Raw, value: _Value, published: date | None) -> bool:
    if published is None:
        return raw.pre == "지난" and raw.a.year is not None
    try:
        return _last(value.end, value.precision) < published - timedelta(days=HISTORICAL_DAYS)
    except (ValueError, OverflowError):
        return False
