"""Report rows to text: rich tables, JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.columns import Columns
from rich.console import Console
from rich.table import Table
from rich.text import Text

from citydip.reports import CityReport, PartnerRow, Stats, TimelineRow
from citydip.search import SearchHit

if TYPE_CHECKING:  # pragma: no cover
    from citydip.reprocess import ReprocessReport
    from citydip.review import Decided, ReviewItem

FORMATS = ("table", "json", "csv", "md")
NO_WRAP = {
    "date",
    "actor",
    "since",
    "first_contact",
    "last_contact",
    "country",
    "rank",
    "published",
    "matched",
}
# Columns that share the room left, in these proportions, never narrower than MIN_WIDTH.
WRAP_RATIO = {
    "evidence": 4,
    "snippet": 4,
    "title": 2,
    "partners": 2,
    "partner": 2,
    "history": 2,
    "events": 2,
    "sources": 2,
}
MIN_WIDTH = {
    "evidence": 16,
    "snippet": 16,
    "partners": 8,
    "partner": 10,
    "history": 10,
    "type": 10,
    "level_since": 10,
}
BAR_WIDTH = 40


def to_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def json_array(items: Iterable[object]) -> Iterator[str]:
    """``to_json(list(items))`` in pieces, one item at a time: a whole table is never held as one string.

    Exact, since a JSON text holds no raw line break: each item's lines just move two spaces right.
    """
    opened = False
    for item in items:
        yield ("[\n  " if not opened else ",\n  ") + to_json(item).replace("\n", "\n  ")
        opened = True
    yield "\n]" if opened else "[]"


def date_span(date: str | None, date_end: str | None) -> str:
    """2023-09-16~23 and 2025-06~08 for ranges within one month or year; the full end date otherwise.

    A date is shown at the precision the text gave (2023-09 stays 2023-09), never padded to a day.
    """
    if not date:
        return "undated"
    if not date_end:
        return date
    if len(date) == len(date_end) == 10 and date[:8] == date_end[:8]:
        return f"{date}~{date_end[8:]}"
    if len(date) == len(date_end) == 7 and date[:5] == date_end[:5]:
        return f"{date}~{date_end[5:]}"
    return f"{date}~{date_end}"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def source_label(source: dict) -> str:
    """The outlet, else the file name, else the article id."""
    if source.get("source"):
        return source["source"]
    path = source.get("path") or source["id"]
    return path.rsplit("/", 1)[-1]


def _sources_cell(sources: Sequence[dict], *, brief: bool) -> str:
    labels = list(dict.fromkeys(source_label(s) for s in sources))
    if brief and len(labels) > 1:
        return f"{labels[0]} +{len(labels) - 1}"
    return "; ".join(labels)


def _kind(row: TimelineRow, sep: str = "", *, review: bool = True) -> str:
    """agreement/amity ↑ (planned): type, level, upgrade, direction; planned events always say so, and so
    do events a person reviewed (accepted, edited, added; rejected under --all).

    ``sep`` "\n" puts level and notes on lines of their own, for narrow table columns.
    """
    r = row.record
    kind = r.type + (f"/{sep}{r.level}" if r.level else "") + (" ↑" if row.upgrade else "")
    notes = [n for n in (r.direction, "planned" if row.status == "planned" else None) if n]
    if review and row.reviewed:
        notes.append(row.reviewed)
    if notes:
        kind += (sep or " ") + f"({', '.join(notes)})"
    return kind


def _timeline_cells(row: TimelineRow, *, brief: bool = False) -> dict[str, str]:
    """A timeline row's cells; ``brief`` (a terminal's table) says a person's review in the type cell alone,
    CSV and Markdown in a column of their own too."""
    r = row.record
    cells = {
        "date": date_span(r.date, r.date_end),
        "actor": r.actor.name_ko if r.actor else "",
        "type": _kind(row, "\n" if brief else "", review=brief),
        "partners": ", ".join(p.name_ko for p in r.partners),
        "evidence": _short(r.evidence, 60) if brief else r.evidence,
        "source": _sources_cell(row.sources, brief=brief),
    }
    if not brief:
        cells["reviewed"] = row.reviewed or ""
    return cells


def history_text(row: PartnerRow) -> str:
    return " → ".join(
        f"{h['level']} {h['date'] or 'undated'}" + (" ↑" if h["upgrade"] else "") for h in row.history
    )


def _partner_cells(row: PartnerRow) -> dict[str, str]:
    return {
        "actor": row.actor.name_ko if row.actor else "",
        "partner": row.partner.name_ko,
        "partner_en": row.partner.name,
        "country": row.partner.country,
        "level": row.level or "",
        "since": row.since or "",
        "history": history_text(row),
        "first_contact": row.first_contact or "",
        "last_contact": row.last_contact or "",
        "events": str(row.events),
        "types": _types_text(row),
    }


def _types_text(row: PartnerRow) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(row.types.items()))


def _partner_table_cells(row: PartnerRow) -> dict[str, str]:
    """The partner row folded into few columns, so that it fits a terminal."""
    contacts = " – ".join(dict.fromkeys(filter(None, [row.first_contact, row.last_contact])))
    return {
        "actor": row.actor.name_ko if row.actor else "",
        "partner": f"{row.partner.name_ko}\n{row.partner.name}, {row.partner.country}",
        "level_since": f"{row.level}\n{row.since or 'undated'}" if row.level else "",
        "history": history_text(row),
        "contact": contacts,
        "events": f"{row.events}: {_types_text(row)}",
    }


def _csv(cells: Sequence[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(cells[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(cells)
    return buf.getvalue().rstrip("\n")


def _md_table(cells: Sequence[dict[str, str]]) -> str:
    def esc(v: str) -> str:
        return v.replace("|", "\\|").replace("\n", " ")

    headers = list(cells[0])
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(esc(c[h]) for h in headers) + " |" for c in cells]
    return "\n".join(lines)


# Columns a narrow terminal does without, first to last; --format json/csv/md keep them all.
DROPPABLE = ("source", "contact", "sources", "id", "history")
# Free text that may break inside a word when a word is longer than its column; no other column does.
FREE_TEXT = {"evidence", "snippet", "title"}


def _widest_word(cells: Sequence[dict[str, str]], h: str) -> int:
    """The terminal cells the longest word of a column takes (Korean characters count two)."""
    return max((cell_len(w) for c in cells for w in c[h].split()), default=1)


def _column_floor(cells: Sequence[dict[str, str]], h: str) -> int:
    if h == "source":
        return 12
    if h in NO_WRAP:
        return max((cell_len(line) for c in cells for line in c[h].splitlines()), default=1)
    if h in FREE_TEXT:
        return MIN_WIDTH.get(h, 8)
    # a column never breaks inside a word ('agreeme/nt', '울란/바토/르'): at least its longest word
    return max(MIN_WIDTH.get(h, 1), min(_widest_word(cells, h), 24))


def _fitting_headers(cells: Sequence[dict[str, str]], width: int | None) -> list[str]:
    """The columns to show: all of them, less the droppable ones a terminal this narrow has no room for."""
    headers = list(cells[0])
    if width is None:
        return headers
    for h in (*DROPPABLE, None):
        need = sum(_column_floor(cells, x) for x in headers) + 3 * len(headers) + 1
        if need <= width or h is None:
            break
        if h in headers and len(headers) > 2:
            headers.remove(h)
    return headers


def _natural(cells: Sequence[dict[str, str]], h: str) -> int:
    return max([cell_len(h)] + [cell_len(line) for c in cells for line in c[h].splitlines()])


def _widths(cells: Sequence[dict[str, str]], headers: list[str], width: int) -> dict[str, int]:
    """Each column's width: one-line columns as wide as their text, the others at least their longest
    word, and the room left shared by WRAP_RATIO up to what each needs."""
    fixed = {
        h: min(_natural(cells, h), 12) if h == "source" else _natural(cells, h)
        for h in headers
        if h in NO_WRAP or h == "source"
    }
    flexible = [h for h in headers if h not in fixed]
    out = {**fixed, **{h: _column_floor(cells, h) for h in flexible}}
    room = width - (3 * len(headers) + 1) - sum(out.values())
    while room > 0:
        growing = [h for h in flexible if out[h] < _natural(cells, h)]
        if not growing:
            break
        total = sum(WRAP_RATIO.get(h, 1) for h in growing)
        step = 0
        for h in growing:
            share = max(1, room * WRAP_RATIO.get(h, 1) // total)
            grow = min(share, _natural(cells, h) - out[h], room - step)
            out[h] += grow
            step += grow
        room -= step
        if step == 0:
            break
    return out


def _rich_table(
    cells: Sequence[dict[str, str]],
    title: str | None,
    groups: Sequence[str] | None = None,
    width: int | None = None,
) -> Table:
    headers = _fitting_headers(cells, width)
    widths = _widths(cells, headers, width) if width else {}
    table = Table(title=title, expand=width is None)
    for h in headers:
        # one-line fields stay on one line and wrapping columns never break inside a word; free text
        # (the evidence sentence) takes the room that is left. Rich measures Korean (wide) characters as
        # two cells, so wrapping stays inside the terminal width.
        table.add_column(
            h.replace("_", " "),
            overflow="fold" if h in FREE_TEXT else "ellipsis",
            no_wrap=h in NO_WRAP or h == "source",
            width=widths.get(h),
            ratio=None if widths or h in NO_WRAP else WRAP_RATIO.get(h),
            min_width=None if widths else _column_floor(cells, h),
        )
    previous: str | None = None
    for i, c in enumerate(cells):
        if groups is not None and groups[i] != previous:
            if i:
                table.add_section()
            table.add_row(Text(groups[i], style="bold"), *([""] * (len(headers) - 1)))
            previous = groups[i]
        # Text, not markup: a cell is shown as written ('[사진=…]' is no style), and rich skips parsing it
        table.add_row(*(Text(c[h]) for h in headers))
    return table


def _tabular(
    cells: Sequence[dict[str, str]],
    fmt: str,
    title: str,
    console: Console,
    groups: Sequence[str] | None = None,
) -> str | None:
    if not cells:
        if fmt == "table":
            console.print(f"[dim]no {title.lower()} to show[/dim]")
            return None
        return ""
    if fmt == "csv":
        if groups is not None:
            cells = [{"group": g, **c} for g, c in zip(groups, cells, strict=True)]
        return _csv(cells)
    if fmt == "md":
        if groups is None:
            return _md_table(cells)
        parts: list[str] = []
        for label in dict.fromkeys(groups):
            parts += [
                f"### {label}",
                "",
                _md_table([c for g, c in zip(groups, cells, strict=True) if g == label]),
                "",
            ]
        return "\n".join(parts).rstrip("\n")
    console.print(_rich_table(cells, title, groups, console.width))
    return None


def render_timeline(rows: Iterable[TimelineRow], fmt: str, console: Console) -> str | Iterator[str] | None:
    """Return text for stdout (JSON in pieces, read from ``rows`` as written), or print a rich table to
    ``console`` and return None."""
    if fmt == "json":
        return json_array(r.as_json() for r in rows)
    rows = list(rows)
    grouped = bool(rows) and rows[0].group is not None
    groups = [r.group or "" for r in rows] if grouped else None
    return _tabular(
        [_timeline_cells(r, brief=fmt == "table") for r in rows], fmt, "Timeline", console, groups
    )


def render_cities(rows: Sequence[PartnerRow], fmt: str, console: Console) -> str | Iterator[str] | None:
    if fmt == "json":
        return json_array(r.as_json() for r in rows)
    cells = [_partner_table_cells(r) if fmt == "table" else _partner_cells(r) for r in rows]
    return _tabular(cells, fmt, "Partners", console)


def _event_cells(row: TimelineRow) -> dict[str, str]:
    r = row.record
    return {
        "date": date_span(r.date, r.date_end),
        "actor": r.actor.name_ko if r.actor else "",
        "type": _kind(row, "\n"),
        "evidence": r.evidence,
        "sources": "\n".join(f"{source_label(s)} {s['published'] or ''}".strip() for s in row.sources),
        "id": r.id,
    }


def render_city(report: CityReport, fmt: str, console: Console) -> str | None:
    if fmt == "json":
        return to_json(report.as_json())
    cells = [_event_cells(e) for e in report.events]
    if fmt in ("csv", "md"):
        for c in cells:
            c["sources"] = c["sources"].replace("\n", "; ")
        return _csv(cells) if fmt == "csv" else _md_table(cells)
    p = report.partner
    where = f"  ({p.lat:.4f}, {p.lon:.4f})" if p.lat is not None and p.lon is not None else ""
    console.print(f"[bold]{p.name_ko}[/bold] {p.name}, {p.country} · {p.kind}{where}", highlight=False)
    if report.relations:
        relations = [_partner_table_cells(r) for r in report.relations]
        console.print(_rich_table(relations, "Relations", width=console.width))
    console.print(_rich_table(cells, "Events", width=console.width))
    return None


def _report_cells(row: TimelineRow) -> list[dict[str, str]]:
    return [
        {
            "id": m["id"],
            "published": m["article"]["published"] or "",
            "source": source_label(m["article"]),
            "title": m["article"]["title"] or "",
            "date": date_span(m["date"], m["date_end"]),
            "status": m["status"],
            "evidence": m["evidence"],
            "url": m["article"]["url"] or "",
        }
        for m in row.as_json(reports=True)["reports"]
    ]


def render_event(row: TimelineRow, fmt: str, console: Console) -> str | None:
    """One event in full: its fields, then every report of it with evidence and source."""
    if fmt == "json":
        return to_json(row.as_json(reports=True))
    reports = _report_cells(row)
    if fmt == "csv":
        return _csv(reports)
    r = row.record
    fields = {
        "id": r.id,
        "type": _kind(row),
        "date": f"{date_span(r.date, r.date_end)} (precision: {r.precision})",
        "actor": f"{r.actor.name_ko} ({r.actor.name}, {r.actor.country})" if r.actor else "",
        "partners": ", ".join(f"{p.name_ko} ({p.name}, {p.country})" for p in r.partners),
        "people": ", ".join(f"{p['name']} ({p['title']})" for p in row.people),
        "evidence": r.evidence,
        "mentions": str(row.mentions),
    }
    if row.reviewed:
        fields["reviewed"] = row.reviewed + (f" ({row.review_reason})" if row.review_reason else "")
    if fmt == "md":
        lines = [f"## {r.type} {fields['date']}", ""] + [f"- **{k}**: {v}" for k, v in fields.items() if v]
        return "\n".join([*lines, "", _md_table(reports)])
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for k, v in fields.items():
        grid.add_row(k, v)
    console.print(grid)
    console.print(
        _rich_table(
            [{k: c[k] for k in ("published", "source", "evidence", "id")} for c in reports], "Reports"
        )
    )
    return None


def _stat_cells(stats: Stats) -> list[dict[str, str]]:
    cells = []
    for dimension, counts in (
        ("year", stats.by_year),
        ("type", stats.by_type),
        ("country", stats.by_country),
        ("continent", stats.by_continent),
    ):
        cells += [{"dimension": dimension, "key": k, "events": str(v)} for k, v in counts.items()]
    return cells


def render_stats(stats: Stats, fmt: str, console: Console) -> str | None:
    if fmt == "json":
        return to_json(stats.as_json())
    if fmt in ("csv", "md"):
        cells = _stat_cells(stats)
        if not cells:
            return ""
        return _csv(cells) if fmt == "csv" else _md_table(cells)
    console.print(f"[bold]{stats.events}[/bold] events from [bold]{stats.articles}[/bold] articles")
    if not stats.events:
        return None
    top = max(stats.by_year.values())
    years = Table(title="Events per year", expand=False)
    years.add_column("year", no_wrap=True)
    years.add_column("events", justify="right")
    years.add_column("", no_wrap=True)
    for year, n in stats.by_year.items():
        years.add_row(year, str(n), "[cyan]" + "█" * max(1, round(n * BAR_WIDTH / top)) + "[/cyan]")
    console.print(years)

    def small(title: str, counts: dict[str, int], label=lambda k: k) -> Table:
        table = Table(title=title)
        table.add_column(title.split()[-1], no_wrap=True)
        table.add_column("events", justify="right")
        for k, v in counts.items():
            table.add_row(label(k), str(v))
        return table

    console.print(
        Columns(
            [
                small("By type", stats.by_type),
                small(
                    "By country", stats.by_country, lambda c: f"{c} {stats.country_names.get(c, '')}".strip()
                ),
                small("By continent", stats.by_continent),
            ]
        )
    )
    if stats.unresolved:
        names = Table(title="Unresolved partner names", caption="name one with: citydip alias add NAME gn:ID")
        for col in ("name", "country", "mentions"):
            names.add_column(col, no_wrap=True, justify="right" if col == "mentions" else "left")
        for u in stats.unresolved:
            names.add_row(u.name_ko, u.country, str(u.mentions))
        console.print(names)
    return None


def _hit_cells(rank: int, hit: SearchHit) -> dict[str, str]:
    return {
        "rank": str(rank),
        "published": hit.article["published"] or "",
        "source": source_label(hit.article),
        "title": hit.article["title"] or "",
        "snippet": hit.snippet,
        "matched": str(len(hit.events)),
    }


def render_search(hits: Sequence[SearchHit], fmt: str, console: Console) -> str | Iterator[str] | None:
    if fmt == "json":
        return json_array(h.as_json() for h in hits)
    return _tabular([_hit_cells(i, h) for i, h in enumerate(hits, 1)], fmt, "Search results", console)


# -- reviewing ------------------------------------------------------------------------------------------


def decided_line(decided: Decided) -> str:
    """One line per decision: what was decided on which event, and the event as it stands now."""
    row = decided.row
    if row is None:
        return f"{decided.verdict:<8}  {decided.event_id}  (the event is no longer stored)"
    r = row.record
    partners = ", ".join(p.name_ko for p in r.partners)
    actor = r.actor.name_ko if r.actor else "?"
    reports = "" if len(decided.reports) < 2 else f"  ({len(decided.reports)} reports)"
    return (
        f"{decided.verdict:<8}  {r.id}  {_kind(row)}  {date_span(r.date, r.date_end)}  {actor} – {partners}"
        f"{reports}"
    )


def render_review_item(item: ReviewItem, console: Console) -> None:
    """One event to review: why it is uncertain, what it says, and the sentences around its evidence."""
    row, r = item.row, item.row.record
    why = [f"confidence {r.confidence:.2f}", *item.weak]
    console.print(
        Text.assemble((f"[{item.left} left] ", "bold"), (r.id, "cyan"), " · " + " · ".join(why)),
        soft_wrap=True,
    )
    partners = ", ".join(f"{p.name_ko} ({p.name}, {p.country})" for p in r.partners)
    actor = f"{r.actor.name_ko} ({r.actor.name})" if r.actor else "no actor"
    console.print(
        Text.assemble((_kind(row), "bold"), f"  {date_span(r.date, r.date_end)}  {actor} – {partners}"),
        soft_wrap=True,
    )
    article = row.article
    console.print(
        Text(
            " · ".join(filter(None, [article["title"], source_label(article), article["published"]])), "dim"
        ),
        soft_wrap=True,
    )
    for sentence in item.before:
        console.print(Text("  " + sentence, "dim"), soft_wrap=True)
    console.print(Text("▶ " + item.sentence, "bold"), soft_wrap=True)
    for sentence in item.after:
        console.print(Text("  " + sentence, "dim"), soft_wrap=True)
    if row.mentions > 1:
        console.print(Text(f"  (reported by {row.mentions} articles)", "dim"), soft_wrap=True)


def render_reprocess(report: ReprocessReport, fmt: str, console: Console) -> str | None:
    """What re-extraction changed (or, in a dry run, would change): totals, by type, the largest changes."""
    if fmt == "json":
        return to_json(report.as_json())
    added, removed, changed = (sum(c.values()) for c in (report.added, report.removed, report.changed))
    head = "dry run, nothing written: " if report.dry_run else ""
    if not report.articles and not report.failed:
        console.print(
            f"{head}nothing to re-extract: {report.current} articles already extracted by this citydip",
            highlight=False,
            soft_wrap=True,
        )
        return None
    verb = "would re-extract" if report.dry_run else "re-extracted"
    console.print(
        f"{head}{verb} {report.articles} articles ({report.current} already current, {len(report.failed)} failed): "
        f"events {report.before} → {report.after}; {added} added, {removed} removed, {changed} changed",
        highlight=False,
        soft_wrap=True,
    )
    if added or removed or changed:
        cells = [
            {"type": t, "added": str(c["added"]), "removed": str(c["removed"]), "changed": str(c["changed"])}
            for t, c in report.by_type().items()
        ]
        cells.append({"type": "total", "added": str(added), "removed": str(removed), "changed": str(changed)})
        console.print(_rich_table(cells, "Changes by type", width=console.width))
        largest = [
            {
                "article": d.label.rsplit("/", 1)[-1],
                "added": str(d.added),
                "removed": str(d.removed),
                "changed": str(d.changed),
                "id": d.article,
            }
            for d in report.largest
        ]
        console.print(_rich_table(largest, "Largest changes", width=console.width))
    return None
