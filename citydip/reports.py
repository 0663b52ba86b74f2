"""Timeline and partner-table queries: stored events in, report rows (plain data) out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from citydip.models import LEVEL_RANK, Place
from citydip.store import EventRecord, Store

ARTICLE_FIELDS = ("id", "title", "published", "source", "url", "path")


@dataclass(frozen=True, slots=True)
class TimelineFilter:
    actor: str | None = None
    partner: str | None = None
    country: str | None = None
    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None


@dataclass
class TimelineRow:
    """One real event, possibly reported by several articles."""

    record: EventRecord
    sources: list[dict] = field(default_factory=list)

    @property
    def mentions(self) -> int:
        return len(self.sources)

    def as_json(self) -> dict:
        r = self.record
        return {
            "id": r.id,
            "type": r.type,
            "level": r.level,
            "upgrade": r.upgrade,
            "status": r.status,
            "direction": r.direction,
            "date": r.date,
            "date_end": r.date_end,
            "precision": r.precision,
            "actor": r.actor.as_json() if r.actor else None,
            "partners": [p.as_json() for p in r.partners],
            "people": list(r.people),
            "evidence": r.evidence,
            "confidence": r.confidence,
            "reason": r.reason,
            "article": {k: r.article[k] for k in ARTICLE_FIELDS},
            "sources": self.sources,
            "mentions": self.mentions,
        }


@dataclass
class PartnerRow:
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


def _dates_compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def timeline(store: Store, flt: TimelineFilter = TimelineFilter(), *, raw: bool = False) -> list[TimelineRow]:
    """Events in date order; reports of one event by several articles become one row (unless ``raw``)."""
    records = list(
        store.events(
            since=flt.since,
            until=flt.until,
            types=flt.types,
            actor_keys=_keys(store, flt.actor),
            partner_keys=_keys(store, flt.partner),
        )
    )
    if flt.country:
        code = _country_code(flt.country)
        records = [r for r in records if any(p.country == code for p in r.partners)]
    rows: list[TimelineRow] = []
    groups: dict[tuple, list[TimelineRow]] = {}
    for rec in records:
        source = {k: rec.article[k] for k in ARTICLE_FIELDS}
        if raw:
            rows.append(TimelineRow(rec, [source]))
            continue
        key = (
            rec.actor.key if rec.actor else None,
            rec.type,
            frozenset(p.key for p in rec.partners),
            rec.level,
            rec.status,
        )
        for row in groups.get(key, []):
            if _dates_compatible(row.record.date, rec.date) and all(
                s["id"] != rec.article["id"] for s in row.sources
            ):
                row.sources.append(source)
                if rec.date and len(rec.date) > len(row.record.date or ""):
                    # keep the most precise report as the row's face, the earliest article as its source
                    row.record = rec
                break
        else:
            row = TimelineRow(rec, [source])
            groups.setdefault(key, []).append(row)
            rows.append(row)
    for row in rows:
        row.sources.sort(key=lambda s: (s["published"] or "9999", s["id"]))
        first = row.sources[0]
        if row.record.article["id"] != first["id"]:
            row.record = _with_article(row.record, first)
    return rows


def _with_article(rec: EventRecord, article: dict) -> EventRecord:
    from dataclasses import replace

    merged = dict(rec.article)
    merged.update(article)
    return replace(rec, article=merged)


def cities(store: Store, *, actor: str | None = None, country: str | None = None) -> list[PartnerRow]:
    """The partner table: one row per (actor, partner) with level, since, history and contacts."""
    rows = timeline(store, TimelineFilter(actor=actor))
    code = _country_code(country) if country else None
    table: dict[tuple[str | None, str], PartnerRow] = {}
    for row in rows:
        rec = row.record
        for partner in rec.partners:
            if code and partner.country != code:
                continue
            key = (rec.actor.key if rec.actor else None, partner.key)
            entry = table.get(key)
            if entry is None:
                entry = table[key] = PartnerRow(actor=rec.actor, partner=partner)
            entry.events += 1
            entry.types[rec.type] += 1
            if rec.date and rec.status == "done":
                entry.first_contact = min(filter(None, [entry.first_contact, rec.date]))
                entry.last_contact = max(filter(None, [entry.last_contact, rec.date]))
            if rec.type == "agreement" and rec.level and rec.status == "done":
                entry.history.append({"level": rec.level, "date": rec.date, "upgrade": rec.upgrade})
    for entry in table.values():
        entry.history.sort(key=lambda h: (h["date"] is None, h["date"] or ""))
        _settle_level(entry)
    return sorted(
        table.values(),
        key=lambda e: (
            e.actor.name_ko if e.actor else "",
            -(LEVEL_RANK.get(e.level or "", -1)),
            e.partner.name_ko,
        ),
    )


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
