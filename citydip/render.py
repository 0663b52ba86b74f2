"""Report rows to text: rich tables, JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from citydip.reports import PartnerRow, TimelineRow

FORMATS = ("table", "json", "csv", "md")
NO_WRAP = {"date", "actor", "type", "level", "since", "events", "first_contact", "last_contact"}
WRAP_RATIO = {"evidence": 4, "partners": 2, "partner": 2, "types": 2}


def _date_span(date: str | None, date_end: str | None) -> str:
    """2023-09-16~23 and 2025-06~08 for ranges within one month or year; the full end date otherwise."""
    if not date:
        return "undated"
    if not date_end:
        return date
    if len(date) == len(date_end) == 10 and date[:8] == date_end[:8]:
        return f"{date}~{date_end[8:]}"
    if len(date) == len(date_end) == 7 and date[:5] == date_end[:5]:
        return f"{date}~{date_end[5:]}"
    return f"{date}~{date_end}"


def _place_label(place) -> str:
    return f"{place.name_ko} ({place.name}, {place.country})" if place else ""


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _source_label(source: dict) -> str:
    if source.get("source"):
        return source["source"]
    path = source.get("path") or source["id"]
    return path.rsplit("/", 1)[-1]


def _timeline_cells(row: TimelineRow, *, brief: bool = False) -> dict[str, str]:
    r = row.record
    kind = r.type + (f"/{r.level}" if r.level else "") + (" ↑" if r.upgrade else "")
    notes = [n for n in (r.direction, "planned" if r.status == "planned" else None) if n]
    if notes:
        kind += f" ({', '.join(notes)})"
    return {
        "date": _date_span(r.date, r.date_end),
        "actor": r.actor.name_ko if r.actor else "",
        "type": kind,
        "partners": ", ".join(p.name_ko for p in r.partners),
        "evidence": _short(r.evidence, 60) if brief else r.evidence,
        "source": ", ".join(_source_label(s) for s in row.sources),
    }


def _partner_cells(row: PartnerRow) -> dict[str, str]:
    return {
        "actor": row.actor.name_ko if row.actor else "",
        "partner": _place_label(row.partner),
        "level": row.level or "",
        "since": row.since or "",
        "events": str(row.events),
        "first_contact": row.first_contact or "",
        "last_contact": row.last_contact or "",
        "types": ", ".join(f"{k} {v}" for k, v in sorted(row.types.items())),
    }


def _tabular(cells: Sequence[dict[str, str]], fmt: str, title: str, console: Console) -> str | None:
    if not cells:
        if fmt == "table":
            console.print(f"[dim]no {title.lower()} to show[/dim]")
            return None
        return ""
    headers = list(cells[0])
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=headers, lineterminator="\n")
        writer.writeheader()
        writer.writerows(cells)
        return buf.getvalue().rstrip("\n")
    if fmt == "md":

        def esc(v: str) -> str:
            return v.replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
        lines += ["| " + " | ".join(esc(c[h]) for h in headers) + " |" for c in cells]
        return "\n".join(lines)
    table = Table(title=title, show_lines=False, expand=True)
    for h in headers:
        # short fields stay on one line; the evidence sentence takes the room that is left
        if h == "source":
            table.add_column(h, no_wrap=True, max_width=18, overflow="ellipsis")
            continue
        table.add_column(h.replace("_", " "), overflow="fold", no_wrap=h in NO_WRAP, ratio=WRAP_RATIO.get(h))
    for c in cells:
        table.add_row(*(c[h] for h in headers))
    console.print(table)
    return None


def render_timeline(rows: Sequence[TimelineRow], fmt: str, console: Console) -> str | None:
    """Return text for stdout, or print a rich table to ``console`` and return None."""
    if fmt == "json":
        return json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2)
    return _tabular([_timeline_cells(r, brief=fmt == "table") for r in rows], fmt, "Timeline", console)


def render_cities(rows: Sequence[PartnerRow], fmt: str, console: Console) -> str | None:
    if fmt == "json":
        return json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2)
    return _tabular([_partner_cells(r) for r in rows], fmt, "Partners", console)
