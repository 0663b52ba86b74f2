"""Timeline, partner-table, city, event and stats queries: stored events in, report rows out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from citydip.consolidate import Mention, consolidate
from citydip.datafiles import data_path
from citydip.decisions import REJECTED, REVIEWED
from citydip.errors import CitydipError, UsageError
from citydip.models import LEVEL_RANK, Place
from citydip.relations import PairEvent, Relation
from citydip.store import EventRecord, Store
from citydip.store_reports import EventQuery

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
    include_rejected: bool = False  # keep the events a person rejected (--all)
    reviewed_only: bool = False  # only events a person accepted, edited or added (--reviewed-only); with
    # include_rejected, the rejected ones too: every event a person decided on


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
    review_reason: str | None = None  # why a person rejected it (show fills it in)

    @property
    def reviewed(self) -> str | None:
        """A person's decision on the event: rejected, or the strongest of its reports' (added, edited,
        accepted); None when nobody reviewed it. A rejected report is grouped only with rejected ones."""
        labels = {r.review for r in self.reports}
        return next((label for label in (REJECTED, *REVIEWED) if label in labels), None)

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
            "reviewed": self.reviewed,
            "article": self.article,
            "sources": self.sources,
            "mentions": self.mentions,
        }
        if self.review_reason is not None:
            out["review_reason"] = self.review_reason
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
                    "reviewed": m.review,
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
    # foreign partner names no table resolved, as written, with how many event mentions name them
    unresolved: list[UnresolvedName] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "events": self.events,
            "articles": self.articles,
            "by_year": self.by_year,
            "by_type": self.by_type,
            "by_country": self.by_country,
            "by_continent": self.by_continent,
            "unresolved_names": [u.as_json() for u in self.unresolved],
        }


@dataclass(frozen=True)
class UnresolvedName:
    """A partner name the gazetteer could not place: kept as written, with no id or coordinates."""

    name_ko: str
    country: str
    mentions: int

    def as_json(self) -> dict:
        return {"name_ko": self.name_ko, "country": self.country, "mentions": self.mentions}


# -- timeline ---------------------------------------------------------------------------------------


def _keys(store: Store, query: str | None, role: str = "place") -> list[str] | None:
    """Keys of the stored places ``query`` names; a name the database does not hold is an error naming
    the closest ones, never a silently empty result."""
    if not query:
        return None
    keys = store.find_place_keys(query)
    if not keys:
        raise UsageError(_unknown(role, query, store.place_names()))
    return keys


def _unknown(role: str, query: str, known: Iterable[str]) -> str:
    import difflib

    names = sorted({n for n in known if n})
    folded = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(query.strip().casefold(), list(folded), n=3, cutoff=0.5)
    hint = f"; closest: {', '.join(folded[c] for c in close)}" if close else ""
    return f"no {role} called {query!r} in the database{hint}"


def _country_code(query: str) -> str:
    """An ISO code, a Korean name (베트남, 越) or an English name (Vietnam) as the ISO code."""
    q = query.strip()
    korean = country_names()
    if len(q) == 2 and q.isascii() and q.upper() in korean:
        return q.upper()
    english = english_country_names()
    wanted = re.sub(r"[\s.'-]", "", q.casefold())
    for code, name in english.items():
        if re.sub(r"[\s.'-]", "", name.casefold()) == wanted:
            return code
    from citydip.gazetteer import Gazetteer

    found = Gazetteer.default().find_countries(q)
    if found and found[0].surface == q:
        return found[0].code
    import difflib

    names = [*english.values(), *korean.values()]
    close = difflib.get_close_matches(q, names, n=3, cutoff=0.6) or difflib.get_close_matches(
        q.casefold(), [n.casefold() for n in names], n=3, cutoff=0.6
    )
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise UsageError(f"unknown country {query!r} (an ISO code, or its Korean or English name){hint}")


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
        rejected=record.review == REJECTED,
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


def _event_query(store: Store, flt: TimelineFilter) -> EventQuery:
    """The filter with names resolved: place keys, a country code, the outlets as stored."""
    sources = None
    if flt.source:
        wanted = flt.source.strip().casefold()
        sources = tuple(s for s in store.outlets() if (s or "").casefold() == wanted)
    actors, partners = _keys(store, flt.actor, "actor"), _keys(store, flt.partner, "partner")
    return EventQuery(
        types=tuple(flt.types),
        actor_keys=None if actors is None else tuple(actors),
        partner_keys=None if partners is None else tuple(partners),
        country=_country_code(flt.country) if flt.country else None,
        level=flt.level or None,
        since=flt.since or None,
        until=flt.until or None,
        status=flt.status or None,
        sources=sources,
        rejected=flt.include_rejected,
        reviewed_only=flt.reviewed_only,
    )


def _grouped_rows(store: Store, ids: list[str]) -> list[TimelineRow]:
    """Rows of these real events (ids of their canonical mentions), in the order given."""
    groups = store.event_groups(ids)
    rows = []
    for cid in ids:
        reports = sorted(groups[cid], key=lambda r: _mention(r).order)
        rows.append(TimelineRow(next(r for r in reports if r.id == cid), reports))
    return rows


def timeline(
    store: Store,
    flt: TimelineFilter = TimelineFilter(),
    *,
    raw: bool = False,
    limit: int | None = None,
    group: str | None = None,
) -> list[TimelineRow]:
    """Events in date order; reports of one event by several articles are one row (unless ``raw``).

    The events grouped when they were stored (events.canonical) are filtered, ordered and cut to
    ``limit`` in SQL, and only the rows shown are read; while some events are not grouped yet (rows
    written without Store), they are grouped here as they are read.
    """
    return list(iter_timeline(store, flt, raw=raw, limit=limit, group=group))


def iter_timeline(
    store: Store,
    flt: TimelineFilter = TimelineFilter(),
    *,
    raw: bool = False,
    limit: int | None = None,
    group: str | None = None,
    chunk: int = 1000,
) -> Iterator[TimelineRow]:
    """timeline()'s rows, read ``chunk`` events at a time: a whole timeline of a large database is never
    held at once (only the ordered ids of its events)."""
    if not raw and store.ungrouped_events():
        rows = _timeline_in_python(store, flt)
        yield from _labelled(rows[:limit] if limit is not None else rows, group)
        return
    # a negative limit drops rows from the end, as a slice does: that needs every id
    page = limit if limit is not None and limit >= 0 else None
    ids = store.timeline_ids(_event_query(store, flt), raw=raw, limit=page)
    if limit is not None:
        ids = ids[:limit]  # one row per id
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        if raw:
            records = store.events_by_id(part)
            rows = [TimelineRow(records[i], [records[i]]) for i in part]
        else:
            rows = _grouped_rows(store, part)
        yield from _labelled(rows, group)


def _labelled(rows: Iterable[TimelineRow], group: str | None) -> Iterator[TimelineRow]:
    for row in rows:
        if group:
            row.group = group_label(row.record.date, group)
        yield row


def _timeline_in_python(store: Store, flt: TimelineFilter) -> list[TimelineRow]:
    """The timeline from every stored mention, grouped and filtered here: for events not grouped yet."""
    records = list(
        store.events(
            types=flt.types,
            actor_keys=_keys(store, flt.actor, "actor"),
            partner_keys=_keys(store, flt.partner, "partner"),
            include_rejected=flt.include_rejected,
        )
    )
    # Filters every report of an event shares apply before consolidation; the others after it, so
    # a row keeps all its sources and its date is its most precise one.
    if flt.country:
        code = _country_code(flt.country)
        records = [r for r in records if any(p.country == code for p in r.partners)]
    if flt.level:
        records = [r for r in records if r.level == flt.level]
    rows = [row for row in consolidated(records) if _in_dates(row.record.date, flt.since, flt.until)]
    if flt.status:
        rows = [row for row in rows if row.status == flt.status]
    if flt.source:
        wanted = flt.source.strip().casefold()
        rows = [row for row in rows if any((s["source"] or "").casefold() == wanted for s in row.sources)]
    if flt.reviewed_only:
        rows = [row for row in rows if row.reviewed in REVIEWED or (flt.include_rejected and row.reviewed)]
    return rows


# -- partner table ----------------------------------------------------------------------------------


def partner_rows(rows: Iterable[TimelineRow]) -> list[PartnerRow]:
    """Fold consolidated events into one row per (actor, partner), in no particular order."""
    places: dict[tuple[str | None, str], tuple[Place | None, Place]] = {}
    relations: dict[tuple[str | None, str], Relation] = {}
    for row in rows:
        rec = row.record
        event = PairEvent(
            rec.type, rec.level, rec.date, rec.date_end, rec.precision, row.status == "done", row.upgrade
        )
        for partner in rec.partners:
            key = (rec.actor.key if rec.actor else None, partner.key)
            if key not in relations:
                places[key] = (rec.actor, partner)
                relations[key] = Relation()
            relations[key].add(event)
    return [_partner_row(*places[key], rel.settle()) for key, rel in relations.items()]


def _partner_row(actor: Place | None, partner: Place, rel: Relation) -> PartnerRow:
    return PartnerRow(
        actor=actor,
        partner=partner,
        level=rel.level,
        since=rel.since,
        history=rel.history,
        first_contact=rel.first_contact,
        last_contact=rel.last_contact,
        events=rel.events,
        types=rel.types,
    )


def _stored_partner_rows(
    store: Store, actor: str | None, *, pairs: Sequence[tuple[str | None, str]] | None = None
) -> list[PartnerRow]:
    """The partner table (or these pairs of it) from the summary the store keeps (the same fold, done when
    events were stored)."""
    relations = store.partner_relations(_keys(store, actor, "actor"), pairs=pairs)
    places = store.places({k for pair in relations for k in pair if k})
    return [
        _partner_row(places[a] if a else None, places[p], rel)
        for (a, p), rel in relations.items()
        if p in places and (a is None or a in places)
    ]


def _name(place: Place | None) -> str:
    return place.name_ko if place else ""


def sort_partners(rows: Iterable[PartnerRow], sort: str = "level") -> list[PartnerRow]:
    """partner: by Korean name; level: highest first; events: most first; first: earliest first
    contact first; last: latest last contact first. Undated contacts go last; ties by actor, partner."""
    rows = sorted(
        rows, key=lambda e: (_name(e.actor), e.partner.name_ko, e.partner.key, e.actor.key if e.actor else "")
    )
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
    limit: int | None = None,
    include_rejected: bool = False,
) -> list[PartnerRow]:
    """The partner table: one row per (actor, partner) with level, since, history and contacts.

    ``level`` keeps pairs whose current level is that one; ``"none"`` keeps pairs with no agreement.
    ``limit`` keeps the first rows in ``sort`` order, picked in SQL when the summary is current.
    ``include_rejected`` folds the events a person rejected in too (the summary kept never holds them).
    """
    code = _country_code(country) if country else None
    if include_rejected:
        rows = partner_rows(timeline(store, TimelineFilter(actor=actor, include_rejected=True)))
        rows = [e for e in rows if (not code or e.partner.country == code)]
        rows = sort_partners([e for e in rows if not level or (e.level or "none") == level], sort)
        return rows if limit is None else rows[:limit]
    if limit is not None and not store.ungrouped_events():
        page = store.partner_page(
            _keys(store, actor, "actor"), country=code, level=level, sort=sort, limit=limit
        )
        if page is not None:
            return sort_partners(_stored_partner_rows(store, None, pairs=page), sort)
    rows = _all_partner_rows(store, actor, code, level, sort)
    return rows if limit is None else rows[:limit]


def _all_partner_rows(
    store: Store, actor: str | None, code: str | None, level: str | None, sort: str
) -> list[PartnerRow]:
    if store.ungrouped_events():
        rows = partner_rows(_timeline_in_python(store, TimelineFilter(actor=actor)))
    else:
        rows = _stored_partner_rows(store, actor)
    if code:
        rows = [e for e in rows if e.partner.country == code]
    if level:
        rows = [e for e in rows if (e.level or "none") == level]
    return sort_partners(rows, sort)


# -- one partner, one event -------------------------------------------------------------------------


def city(store: Store, name: str, *, include_rejected: bool = False) -> CityReport:
    """Everything about one partner: its relation with each actor and every event, oldest first."""
    keys = set(store.find_place_keys(name))
    rows = timeline(store, TimelineFilter(partner=name, include_rejected=include_rejected)) if keys else []
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


def resolve_event_id(store: Store, event_id: str) -> str:
    """The stored event ``event_id`` names: a whole id, or its first characters while they name one event."""
    prefix = event_id.strip().lower()
    ids = store.event_ids(prefix) if prefix else []
    if not ids:
        raise CitydipError(f"no event {event_id!r} in the database")
    if len(ids) > 1 and prefix not in ids:
        count = store.event_id_count(prefix)
        raise UsageError(
            f"{event_id!r} starts {count} event ids ({', '.join(ids[:5])}{', …' if count > 5 else ''}); "
            "give more of it"
        )
    return prefix if prefix in ids else ids[0]


def show(store: Store, event_id: str, *, include_rejected: bool = False) -> TimelineRow:
    """The real event that the stored event (or mention) ``event_id`` belongs to, with all its reports.

    ``event_id`` may be shortened to its first characters while they name one event. An event a person
    rejected is shown only with ``include_rejected``, with the reason given.
    """
    wanted = resolve_event_id(store, event_id)
    row = _event_row(store, wanted)
    if row.reviewed == REJECTED:
        reason = store.decision_reasons([r.id for r in row.reports])
        row.review_reason = next(iter(reason.values()), None)
        if not include_rejected:
            why = f" ({row.review_reason})" if row.review_reason else ""
            raise CitydipError(f"event {wanted} was rejected{why}; `citydip show --all` shows it")
    return row


def _event_row(store: Store, wanted: str) -> TimelineRow:
    canonical = store.canonical_of(wanted)
    if canonical is not None and not store.ungrouped_events():
        return _grouped_rows(store, [canonical])[0]
    for row in _timeline_in_python(store, TimelineFilter(include_rejected=True)):
        if any(r.id == wanted for r in row.reports):
            return row
    raise CitydipError(f"no event {wanted!r} in the database")  # pragma: no cover - ids come from the store


# -- stats ------------------------------------------------------------------------------------------


def _table_rows(name: str, header: str) -> Iterator[list[str]]:
    """The rows of one of data/'s TSV tables, without comments and its header line."""
    with data_path(name).open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith(header + "\t") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


@cache
def continents() -> dict[str, str]:
    """ISO country code -> continent name, from data/continents.tsv."""
    return {cols[0]: cols[2] for cols in _table_rows("continents.tsv", "country")}


@cache
def english_country_names() -> dict[str, str]:
    """ISO country code -> English name (GeoNames'), from data/countries.tsv."""
    return {cols[0]: cols[4] for cols in _table_rows("countries.tsv", "code") if len(cols) > 4 and cols[4]}


@cache
def country_names() -> dict[str, str]:
    """ISO country code -> Korean name, from data/countries.tsv."""
    return {cols[0]: cols[1] for cols in _table_rows("countries.tsv", "code")}


def _by_count(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def stats(store: Store, flt: TimelineFilter = TimelineFilter()) -> Stats:
    """Counts over real events (reports merged): each event counts once per distinct partner country."""
    years, types, countries, regions = Counter(), Counter(), Counter(), Counter()
    continent_of = continents()
    if store.ungrouped_events():
        rows = timeline(store, flt)
        counts = Counter(
            (
                row.record.date[:4] if row.record.date else None,
                row.record.type,
                frozenset(p.country for p in row.record.partners),
            )
            for row in rows
        )
        articles = len({s["id"] for row in rows for s in row.sources})
    else:
        counted = store.event_counts(_event_query(store, flt))
        counts, articles = counted.events, counted.articles
    for (year, kind, codes), n in counts.items():
        years[year or UNDATED] += n
        types[kind] += n
        for code in codes:
            countries[code] += n
        for region in {continent_of.get(c, "unknown") for c in codes}:
            regions[region] += n
    by_year = dict(sorted(years.items(), key=lambda kv: (kv[0] == UNDATED, kv[0])))
    names = country_names()
    known = gazetteer_keys_without_id() | {p.key for _, p in store.aliases()}
    unresolved = [
        UnresolvedName(name_ko, country, n)
        for key, name_ko, country, n in store.unplaced_partners(_event_query(store, flt))
        if key not in known
    ]
    return Stats(
        events=sum(counts.values()),
        articles=articles,
        by_year=by_year,
        by_type=_by_count(types),
        by_country=_by_count(countries),
        by_continent=_by_count(regions),
        country_names={c: names.get(c, c) for c in countries},
        unresolved=unresolved,
    )


@cache
def gazetteer_keys_without_id() -> frozenset[str]:
    """Keys of the shipped places that have no GeoNames id (curated regions such as AO:나미베주): resolved
    places, though like an unknown name they have none. Read from places.tsv's first column alone, so
    that stats never loads the gazetteer."""
    keys = set()
    with data_path("places.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith(("gn:", "#", "key\t")):
                keys.add(line.split("\t", 1)[0])
    return frozenset(keys)
