"""Report rows to files other tools open: iCalendar (RFC 5545) for calendars, GeoJSON for maps."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from citydip import __version__
from citydip.render import date_span, history_text, source_label
from citydip.reports import PartnerRow, TimelineRow

PRECISION_NOTE = {
    "month": "known to the month only; shown on its first day",
    "year": "known to the year only; shown on its first day",
}


def _ics_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        width = len(ch.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # a continuation line starts with one space
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _ics_date(iso: str) -> str:
    return (iso + "-01-01"[len(iso) - 4 :] if len(iso) < 10 else iso).replace("-", "")


def _vevent(row: TimelineRow, stamp: str) -> list[str]:
    r = row.record
    partners = ", ".join(p.name_ko for p in r.partners)
    actor = r.actor.name_ko if r.actor else "?"
    summary = f"{actor} – {partners}: {r.type}" + (f" ({r.level})" if r.level else "")
    if row.status == "planned":
        summary += " [planned]"
    when = date_span(r.date, r.date_end)
    note = PRECISION_NOTE.get(r.precision)
    description = [f"Date: {when}" + (f" ({note})" if note else ""), f"Evidence: {r.evidence}"]
    description += [
        "Source: " + " · ".join(filter(None, [source_label(s), s["published"], s["title"], s["url"]]))
        for s in row.sources
    ]
    lines = [
        "BEGIN:VEVENT",
        f"UID:{r.id}@citydip",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_ics_date(r.date or '')}",
    ]
    if r.precision == "day" and r.date_end and len(r.date_end) == 10:
        # an all-day DTEND is exclusive: the day after the last day
        end = date.fromisoformat(r.date_end) + timedelta(days=1)
        lines.append(f"DTEND;VALUE=DATE:{end:%Y%m%d}")
    lines += [
        f"SUMMARY:{_ics_text(summary)}",
        f"DESCRIPTION:{_ics_text(chr(10).join(description))}",
        f"CATEGORIES:{_ics_text(r.type)}",
        f"STATUS:{'TENTATIVE' if row.status == 'planned' else 'CONFIRMED'}",
    ]
    if row.article.get("url"):
        lines.append(f"URL:{row.article['url']}")
    lines.append("END:VEVENT")
    return lines


def timeline_ics(rows: Sequence[TimelineRow], *, now: datetime | None = None) -> tuple[str, int]:
    """An iCalendar file of the dated events, and how many undated events were left out.

    Day-precision events are all-day events (ranges span their days); a month or year stands on its
    first day, the precision said in the description with the evidence and every source.
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//citydip//citydip {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:citydip timeline",
    ]
    skipped = 0
    for row in rows:
        if not row.record.date:
            skipped += 1
            continue
        lines += _vevent(row, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines), skipped


def partners_geojson(rows: Sequence[PartnerRow]) -> tuple[str, int]:
    """A GeoJSON FeatureCollection of partner points, and how many partners had no coordinates.

    Properties are flat (names, level, since, history and type counts as text) so that any map tool
    can label and filter on them; ``cities --format json`` keeps the structured form.
    """
    features = []
    skipped = 0
    for row in rows:
        p = row.partner
        if p.lat is None or p.lon is None:
            skipped += 1
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": {
                    "actor": row.actor.name_ko if row.actor else None,
                    "actor_en": row.actor.name if row.actor else None,
                    "partner": p.name_ko,
                    "partner_en": p.name,
                    "country": p.country,
                    "kind": str(p.kind),
                    "geonameid": p.geonameid,
                    "level": row.level,
                    "since": row.since,
                    "history": history_text(row),
                    "first_contact": row.first_contact,
                    "last_contact": row.last_contact,
                    "events": row.events,
                    "types": ", ".join(f"{k} {v}" for k, v in sorted(row.types.items())),
                },
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=2), skipped
