"""What a visual report holds for its filters: the events, the partner pairs, the summary, the positions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from citydip.errors import CitydipError
from citydip.models import LEVEL_RANK, Place
from citydip.report.geo import Position, position
from citydip.reports import (
    PartnerRow,
    TimelineFilter,
    TimelineRow,
    _country_code,  # the country names timeline takes, with its errors
    cities,
    iter_timeline,
    partner_rows,
    sort_partners,
)
from citydip.store import Store


@dataclass(frozen=True, slots=True)
class Summary:
    """The report's first lines: who and what it covers."""

    actors: int
    partners: int
    countries: int
    events: int
    first_year: str | None
    last_year: str | None
    undated: int  # events without a date: in the tables, not in the charts by year
    articles: int  # articles that reported the events
    sources: int  # distinct outlets among them
    reviewed: int  # events shown that a person accepted, edited or added (citydip review)


@dataclass
class Report:
    """One report's content; citydip.report.page writes it as HTML."""

    filters: TimelineFilter
    summary: Summary
    events: list[TimelineRow]  # timeline order
    sources: dict[str, list[dict]]  # event id -> its reporting articles, earliest first
    pairs: list[PartnerRow]  # highest level first
    places: dict[str, Place]  # every actor and partner shown, by key
    positions: dict[str, Position | None] = field(default_factory=dict)  # by key; None: not on the map

    @property
    def unplaced(self) -> list[Place]:
        """Partners the map leaves off: no coordinates, no parent or city to stand in."""
        keys = {row.partner.key for row in self.pairs}
        return sorted(
            (self.places[k] for k in keys if self.positions.get(k) is None), key=lambda p: p.name_ko
        )

    def by_year(self) -> dict[str, Counter]:
        """Dated events per year, counted by type."""
        years: dict[str, Counter] = {}
        for row in self.events:
            if row.record.date:
                years.setdefault(row.record.date[:4], Counter())[row.record.type] += 1
        return dict(sorted(years.items()))


def build(store: Store, flt: TimelineFilter | None = None) -> Report:
    """The report for ``flt`` (actor, country, since, until as ``citydip timeline`` takes them).

    Names, countries and dates that ``timeline`` refuses are refused here with the same errors; no event
    to show is an error too (a report of nothing would be an empty page)."""
    flt = flt or TimelineFilter()
    rows = list(iter_timeline(store, flt))
    if not rows:
        raise CitydipError(_nothing(flt))
    pairs = _pairs(store, flt, rows)
    sources = {row.record.id: row.sources for row in rows}
    places: dict[str, Place] = {}
    for pair in pairs:
        if pair.actor is not None:
            places[pair.actor.key] = pair.actor
        places[pair.partner.key] = pair.partner
    for row in rows:
        if row.record.actor is not None:
            places.setdefault(row.record.actor.key, row.record.actor)
    articles = {s["id"]: s for found in sources.values() for s in found}
    dated = sorted(row.record.date[:4] for row in rows if row.record.date)
    summary = Summary(
        actors=len({row.record.actor.key for row in rows if row.record.actor}),
        partners=len({p.partner.key for p in pairs}),
        countries=len({p.partner.country for p in pairs}),
        events=len(rows),
        first_year=dated[0] if dated else None,
        last_year=dated[-1] if dated else None,
        undated=len(rows) - len(dated),
        articles=len(articles),
        sources=len({a["source"] for a in articles.values() if a.get("source")}),
        # the events shown that a person accepted, edited or added (rejected ones are not shown)
        reviewed=sum(1 for row in rows if row.reviewed),
    )
    report = Report(flt, summary, rows, sources, pairs, places)
    report.positions = {key: position(place) for key, place in places.items()}
    return report


def _pairs(store: Store, flt: TimelineFilter, rows: list[TimelineRow]) -> list[PartnerRow]:
    """The partner table of these events, highest level first: without dates to cut the history it is
    `citydip cities` (the summary kept at write time), else the same fold over the events in the window."""
    if not (flt.since or flt.until):
        return cities(store, actor=flt.actor, country=flt.country, sort="level")
    code = _country_code(flt.country) if flt.country else None
    pairs = [p for p in partner_rows(rows) if code is None or p.partner.country == code]
    return sort_partners(pairs, "level")


def _nothing(flt: TimelineFilter) -> str:
    given = filter_words(flt)
    if not given:
        return "the database holds no events yet: nothing to report (run `citydip ingest` first)"
    return f"no events match {' '.join(given)}: nothing to report"


def filter_words(flt: TimelineFilter) -> list[str]:
    """The filters as they were given on the command line (--actor 서울 --since 2020)."""
    return [
        f"--{name} {value}"
        for name, value in (
            ("actor", flt.actor),
            ("country", flt.country),
            ("since", flt.since),
            ("until", flt.until),
        )
        if value
    ]


def highest(levels: Iterable[str | None]) -> str | None:
    """The highest agreement level among ``levels`` (None: no agreement)."""
    ranked = [lv for lv in levels if lv]
    return max(ranked, key=lambda lv: LEVEL_RANK.get(lv, -1)) if ranked else None
