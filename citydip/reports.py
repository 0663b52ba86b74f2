"""Timeline, partner-table, city, event and stats queries: stored events in, report rows out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from citydip.consolidate import PRECISION_RANK, Mention, compatible, consolidate, span
from citydip.datafiles import data_path
from citydip.errors import CitydipError, UsageError
from citydip.models import LEVEL_RANK, Place
from citydip.store import EventRecord, Store

ARTICLE_FIELDS = ("id", "title", "published", "source", "url", "path")
GROUPS = ("year", "month")
SORTS = ("partner", "level", "events", "first", "last")
UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    """Which events a timeline shows; names are Korean or English, dates ISO prefixes."""

    actor: str | None = None
    partner: str | None = None
    country: str | None = None
    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    level: str | None = None
    status: str | None = None
    source: str | None = None  # outlet name as stored, case-insensitive


def _article(record: EventRecord) -> dict:
    return {k: record.article[k] for k in ARTICLE_FIELDS}


def _published_order(source: dict) -> tuple:
    return (source["published"] is None, source["published"] or "", source["id"])


@dataclass
class TimelineRow:
    """One real event: its most precise report stands for it, every report is kept."""

    record: EventRecord  # the canonical mention: id, date, evidence and partners come from it
    reports: list[EventRecord]  # every mention of the event, canonical order (the record first)
    group: str | None = None  # heading under --group year|month

    @property
    def sources(self) -> list[dict]:
        """Every reporting article once, earliest first."""
        seen: dict[str, dict] = {}
        for r in self.reports:
            seen.setdefault(r.article["id"], _article(r))
        return sorted(seen.values(), key=_published_order)

    @property
    def mentions(self) -> int:
        return len(self.sources)

    @property
    def article(self) -> dict:
        """The earliest report."""
        return self.sources[0]

    @property
    def status(self) -> str:
        # A plan reported before the day and the deed reported after are one event, and it happened.
        return "done" if any(r.status == "done" for r in self.reports) else self.record.status

    @property
    def upgrade(self) -> bool:
        return any(r.upgrade for r in self.reports)

    @property
    def people(self) -> list[dict]:
        people: dict[str, dict] = {}
        for r in self.reports:
            for person in r.people:
                people.setdefault(person["name"], person)
        return list(people.values())

    def as_json(self, *, reports: bool = False) -> dict:
        """The spec's event object; ``reports`` adds every mention with its evidence (``citydip show``)."""
        r = self.record
        out = {
            "id": r.id,
            "type": r.type,
            "level": r.level,
            "upgrade": self.upgrade,
            "status": self.status,
            "direction": r.direction,
            "date": r.date,
            "date_end": r.date_end,
            "precision": r.precision,
            "actor": r.actor.as_json() if r.actor else None,
            "partners": [p.as_json() for p in r.partners],
            "people": self.people,
            "evidence": r.evidence,
            "confidence": r.confidence,
            "reason": r.reason,
            "article": self.article,
            "sources": self.sources,
            "mentions": self.mentions,
        }
        if self.group is not None:
            out["group"] = self.group
        if reports:
            out["reports"] = [
                {
                    "id": m.id,
                    "status": m.status,
                    "date": m.date,
                    "date_end": m.date_end,
                    "precision": m.precision,
                    "evidence": m.evidence,
                    "article": _article(m),
                }
                for m in sorted(self.reports, key=lambda m: (_published_order(_article(m)), m.id))
            ]
        return out


@dataclass
class PartnerRow:
    """One (actor, partner) pair of the partner table."""

    actor: Place | None
    partner: Place
    level: str | None = None
    since: str | None = None
    history: list[dict] = field(default_factory=list)
    first_contact: str | None = None
    last_contact: str | None = None
    events: int = 0
    types: Counter = field(default_factory=Counter)

    def as_json(self) -> dict:
        return {
            "actor": self.actor.as_json() if self.actor else None,
            "partner": self.partner.as_json(coordinates=True),
            "level": self.level,
            "since": self.since,
            "history": self.history,
            "first_contact": self.first_contact,
            "last_contact": self.last_contact,
            "events": self.events,
            "types": dict(sorted(self.types.items())),
        }


@dataclass
class CityReport:
    """One partner's whole history: its relations with each actor and every event with its sources."""

    partner: Place
    relations: list[PartnerRow]
    events: list[TimelineRow]

    def as_json(self) -> dict:
        return {
            "partner": self.partner.as_json(coordinates=True),
            "relations": [r.as_json() for r in self.relations],
            "events": [e.as_json(reports=True) for e in self.events],
        }


@dataclass
class Stats:
    """Event counts (one per real event) by year, type, partner country and continent."""

    events: int
    articles: int
    by_year: dict[str, int]
    by_type: dict[str, int]
    by_country: dict[str, int]
    by_continent: dict[str, int]
    country_names: dict[str, str] = field(default_factory=dict)  # code -> Korean name, for tables

    def as_json(self) -> dict:
        return {
            "events": self.events,
            "articles": self.articles,
            "by_year": self.by_year,
            "by_type": self.by_type,
            "by_country": self.by_country,
            "by_continent": self.by_continent,
        }


# -- timeline ---------------------------------------------------------------------------------------


def _keys(store: Store, query: str | None) -> list[str] | None:
    if not query:
        return None
    return store.find_place_keys(query)


def _country_code(query: str) -> str:
    q = query.strip()
    if len(q) == 2 and q.isascii():
        return q.upper()
    from citydip.gazetteer import Gazetteer

    found = Gazetteer.default().find_countries(q)
    return found[0].code if found else q.upper()


def _mention(record: EventRecord) -> Mention:
    return Mention(
        id=record.id,
        article=record.article["id"],
        published=record.article["published"],
        actor=record.actor.key if record.actor else None,
        type=record.type,
        level=record.level,
        partners=frozenset(p.key for p in record.partners),
        date=record.date,
        date_end=record.date_end,
        precision=record.precision,
    )


def consolidated(records: Iterable[EventRecord]) -> list[TimelineRow]:
    """Group mentions into real events (rules in citydip.consolidate), one row each, in date order.

    ``records`` must hold every mention that could share an event with any of them, i.e. be filtered
    only on what all reports of an event share (actor, type, partners, level).
    """
    records = list(records)
    canonical = consolidate(_mention(r) for r in records)
    by_id = {r.id: r for r in records}
    groups: dict[str, list[EventRecord]] = {}
    for r in sorted(records, key=lambda r: _mention(r).order):
        groups.setdefault(canonical[r.id], []).append(r)
    return _date_order([TimelineRow(by_id[cid], members) for cid, members in groups.items()])


def _date_order(rows: list[TimelineRow]) -> list[TimelineRow]:
    return sorted(
        rows,
        key=lambda row: (
            row.record.date is None,
            row.record.date or "",
            row.record.date_end or "",
            _published_order(row.article),
            row.record.id,
        ),
    )


def _in_dates(date: str | None, since: str | None, until: str | None) -> bool:
    if since and (date is None or date < since):
        return False
    # "2023-09" as an upper bound includes every day of that month
    return not (until and (date is None or date[: len(until)] > until))


def group_label(date: str | None, group: str) -> str:
    """Heading of a date under --group: the year, or the month (a year-only date stays a year)."""
    if not date:
        return UNDATED
    return date[:4] if group == "year" else date[:7]


def timeline(
    store: Store,
    flt: TimelineFilter = TimelineFilter(),
    *,
    raw: bool = False,
    limit: int | None = None,
    group: str | None = None,
) -> list[TimelineRow]:
    """Events in date order; reports of one event by several articles are one row (unless ``raw``)."""
    records = list(
        store.events(
            types=flt.types,
            actor_keys=_keys(store, flt.actor),
            partner_keys=_keys(store, flt.partner),
        )
    )
    # Filters every report of an event shares apply before consolidation; the others after it, so
    # a row keeps all its sources and its date is its most precise one.
    if flt.country:
        code = _country_code(flt.country)
        records = [r for r in records if any(p.country == code for p in r.partners)]
    if flt.level:
        records = [r for r in records if r.level == flt.level]
    rows = _date_order([TimelineRow(r, [r]) for r in records]) if raw else consolidated(records)
    rows = [row for row in rows if _in_dates(row.record.date, flt.since, flt.until)]
    if flt.status:
        rows = [row for row in rows if row.status == flt.status]
    if flt.source:
        wanted = flt.source.strip().casefold()
        rows = [row for row in rows if any((s["source"] or "").casefold() == wanted for s in row.sources)]
    if limit is not None:
        rows = rows[:limit]
    if group:
        for row in rows:
            row.group = group_label(row.record.date, group)
    return rows


# -- partner table ----------------------------------------------------------------------------------


def _step_span(step: dict) -> tuple[str, str] | None:
    return span(step["date"], step.get("date_end"))


def _fold_history(steps: list[dict]) -> list[dict]:
    """Each relation step once: reports of one signing at several precisions (2023-09, 2023-09-16) fold
    into the most precise; an undated mention of a rank the history already dates adds nothing; and
    on one date a pair reached one rank, the highest named (친선·우호도시 협약 read as both)."""
    kept: list[dict] = []
    ordered = sorted(steps, key=lambda h: (PRECISION_RANK.get(h["precision"], 3), h["date"] or ""))
    for step in ordered:
        same = [k for k in kept if k["level"] == step["level"]]
        if step["date"] is None and any(k["date"] for k in same):
            match = next(k for k in same if k["date"])
        else:
            match = next((k for k in same if compatible(_step_span(k), _step_span(step))), None)
        if match is None:
            kept.append(dict(step))
        else:
            match["upgrade"] = match["upgrade"] or step["upgrade"]
    kept = [
        h
        for h in kept
        if not any(
            LEVEL_RANK[k["level"]] > LEVEL_RANK[h["level"]]
            and h["date"]
            and k["date"]
            and compatible(_step_span(k), _step_span(h))
            for k in kept
        )
    ]
    kept.sort(key=lambda h: (h["date"] is None, h["date"] or ""))
    return [{"level": h["level"], "date": h["date"], "upgrade": h["upgrade"]} for h in kept]


def _settle_level(entry: PartnerRow) -> None:
    """Highest rank reached (an upgrade moves it up); since = when that rank was first reached."""
    best: str | None = None
    since: str | None = None
    for h in entry.history:
        if best is None or LEVEL_RANK[h["level"]] > LEVEL_RANK[best]:
            best, since = h["level"], h["date"]
        elif h["level"] == best and since is None:
            since = h["date"]
    entry.level, entry.since = best, since


def partner_rows(rows: Iterable[TimelineRow]) -> list[PartnerRow]:
    """Fold consolidated events into one row per (actor, partner), in no particular order."""
    table: dict[tuple[str | None, str], PartnerRow] = {}
    steps: dict[tuple[str | None, str], list[dict]] = {}
    for row in rows:
        rec = row.record
        for partner in rec.partners:
            key = (rec.actor.key if rec.actor else None, partner.key)
            entry = table.get(key)
            if entry is None:
                entry = table[key] = PartnerRow(actor=rec.actor, partner=partner)
            entry.events += 1
            entry.types[rec.type] += 1
            if rec.date and row.status == "done":
                entry.first_contact = min(filter(None, [entry.first_contact, rec.date]))
                entry.last_contact = max(filter(None, [entry.last_contact, rec.date]))
            if rec.type == "agreement" and rec.level and row.status == "done":
                steps.setdefault(key, []).append(
                    {
                        "level": rec.level,
                        "date": rec.date,
                        "date_end": rec.date_end,
                        "precision": rec.precision,
                        "upgrade": row.upgrade,
                    }
                )
    for key, entry in table.items():
        entry.history = _fold_history(steps.get(key, []))
        _settle_level(entry)
    return list(table.values())


def _name(place: Place | None) -> str:
    return place.name_ko if place else ""


def sort_partners(rows: Iterable[PartnerRow], sort: str = "level") -> list[PartnerRow]:
    """partner: by Korean name; level: highest first; events: most first; first: earliest first
    contact first; last: latest last contact first. Undated contacts go last; ties by actor, partner."""
    rows = sorted(rows, key=lambda e: (_name(e.actor), e.partner.name_ko, e.partner.key))
    if sort == "partner":
        return sorted(rows, key=lambda e: e.partner.name_ko)
    if sort == "level":
        return sorted(rows, key=lambda e: -LEVEL_RANK.get(e.level or "", -1))
    if sort == "events":
        return sorted(rows, key=lambda e: -e.events)
    if sort == "first":
        return sorted(rows, key=lambda e: (e.first_contact is None, e.first_contact or ""))
    if sort == "last":
        dated = sorted((e for e in rows if e.last_contact), key=lambda e: e.last_contact or "", reverse=True)
        return dated + [e for e in rows if e.last_contact is None]
    raise UsageError(f"unknown sort {sort!r} (choose from {', '.join(SORTS)})")


def cities(
    store: Store,
    *,
    actor: str | None = None,
    country: str | None = None,
    level: str | None = None,
    sort: str = "level",
) -> list[PartnerRow]:
    """The partner table: one row per (actor, partner) with level, since, history and contacts.

    ``level`` keeps pairs whose current level is that one; ``"none"`` keeps pairs with no agreement.
    """
    code = _country_code(country) if country else None
    rows = partner_rows(timeline(store, TimelineFilter(actor=actor)))
    if code:
        rows = [e for e in rows if e.partner.country == code]
    if level:
        rows = [e for e in rows if (e.level or "none") == level]
    return sort_partners(rows, sort)


# -- one partner, one event -------------------------------------------------------------------------


def city(store: Store, name: str) -> CityReport:
    """Everything about one partner: its relation with each actor and every event, oldest first."""
    keys = set(store.find_place_keys(name))
    rows = timeline(store, TimelineFilter(partner=name)) if keys else []
    partners = {p.key: p for row in rows for p in row.record.partners if p.key in keys}
    if not partners:
        raise CitydipError(f"no partner called {name!r} in the database")
    if len(partners) > 1:
        choices = ", ".join(
            f"{p.name_ko} ({p.name}, {p.country}: {p.key})"
            for p in sorted(partners.values(), key=lambda p: p.key)
        )
        raise UsageError(f"{name!r} names several partners: {choices}; give one of the keys")
    (key, partner), *_ = partners.items()
    events = [row for row in rows if any(p.key == key for p in row.record.partners)]
    relations = [e for e in sort_partners(partner_rows(events), "level") if e.partner.key == key]
    return CityReport(partner=partner, relations=relations, events=events)


def show(store: Store, event_id: str) -> TimelineRow:
    """The real event that the stored event (or mention) ``event_id`` belongs to, with all its reports.

    ``event_id`` may be shortened to its first characters while they name one event.
    """
    prefix = event_id.strip().lower()
    ids = store.event_ids(prefix) if prefix else []
    if not ids:
        raise CitydipError(f"no event {event_id!r} in the database")
    if len(ids) > 1 and prefix not in ids:
        raise UsageError(f"{event_id!r} starts several event ids ({', '.join(ids[:5])}); give more of it")
    wanted = prefix if prefix in ids else ids[0]
    for row in timeline(store):
        if any(r.id == wanted for r in row.reports):
            return row
    raise CitydipError(f"no event {event_id!r} in the database")  # pragma: no cover - ids come from the store


# -- stats ------------------------------------------------------------------------------------------


@cache
def continents() -> dict[str, str]:
    """ISO country code -> continent name, from data/continents.tsv."""
    out: dict[str, str] = {}
    with data_path("continents.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("country\t") or not line.strip():
                continue
            code, _, name, _ = line.rstrip("\n").split("\t")
            out[code] = name
    return out


@cache
def country_names() -> dict[str, str]:
    """ISO country code -> Korean name, from data/countries.tsv."""
    out: dict[str, str] = {}
    with data_path("countries.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("code\t") or not line.strip():
                continue
            code, name_ko, *_ = line.rstrip("\n").split("\t")
            out[code] = name_ko
    return out


def _by_count(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def stats(store: Store, flt: TimelineFilter = TimelineFilter()) -> Stats:
    """Counts over real events (reports merged): each event counts once per distinct partner country."""
    rows = timeline(store, flt)
    years, types, countries, regions = Counter(), Counter(), Counter(), Counter()
    continent_of = continents()
    for row in rows:
        rec = row.record
        years[rec.date[:4] if rec.date else UNDATED] += 1
        types[rec.type] += 1
        codes = {p.country for p in rec.partners}
        countries.update(codes)
        regions.update({continent_of.get(c, "unknown") for c in codes})
    by_year = dict(sorted(years.items(), key=lambda kv: (kv[0] == UNDATED, kv[0])))
    names = country_names()
    return Stats(
        events=len(rows),
        articles=len({s["id"] for row in rows for s in row.sources}),
        by_year=by_year,
        by_type=_by_count(types),
        by_country=_by_count(countries),
        by_continent=_by_count(regions),
        country_names={c: names.get(c, c) for c in countries},
    )
