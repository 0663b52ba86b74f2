"""The report as one HTML file: summary and notes in HTML, the data packed inline, the charts drawn by Vega.

Nothing in the page is fetched: the Vega bundle, the map outlines, the data, the style and the script
are all inside it, fonts are the reader's own (a stack that names the usual Korean fonts), and a
Content-Security-Policy forbids every request besides, so the file works offline by double-click.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import os
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from citydip import __version__
from citydip.datafiles import data_path
from citydip.errors import CitydipError
from citydip.models import Place
from citydip.render import date_span, history_text, source_label
from citydip.report import charts
from citydip.report.content import Report, filter_words
from citydip.report.geo import east_asia_outlines, world_outlines
from citydip.reports import TimelineRow

VEGA_BUNDLE = "report-vega.js"
# No fetch of any kind: scripts and styles are inline only, images and fonts data: or blob: URLs
# (Vega's export buttons make those). Vega compiles its expressions with Function(), hence unsafe-eval.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; frame-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)


@cache
def _asset(name: str) -> str:
    """The page's own script or style, shipped beside this module."""
    return resources.files("citydip.report").joinpath(name).read_text(encoding="utf-8")


@cache
def _vega() -> str:
    return data_path(VEGA_BUNDLE).read_text(encoding="utf-8")


def _script(code: str) -> str:
    if "</script" in code.lower():  # would end the inline script early
        raise ValueError("an inline script holds '</script'")
    return f"<script>{code}</script>"


# -- the data the page's script reads -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Drawing:
    """What the maps and the relations chart draw, worked out once for the charts and the notes."""

    points: charts.MapPoints
    steps: list[dict]
    order: list[str]  # the relations chart's pairs, top to bottom
    undated: list[str]  # pairs whose agreements are all undated

    @classmethod
    def of(cls, report: Report) -> Drawing:
        steps, order, undated = charts.relation_steps(report)
        return cls(charts.map_points(report), steps, order, undated)


def _href(article: dict) -> str | None:
    """Where a source opens: its web address, else its file when the file is there now. Only http(s) and
    file links: an address stored as something else (javascript:…) stays text."""
    url = (article.get("url") or "").strip()
    if url.lower().startswith(("http://", "https://")):
        return url
    path = article.get("path")
    if path:
        file = Path(path).expanduser()
        if file.is_file():
            return file.resolve().as_uri()
    return None


def _kind(row: TimelineRow) -> str:
    r = row.record
    text = r.type + (f"/{r.level}" if r.level else "")
    if row.upgrade:
        text += " ↑"
    notes = [n for n in (r.direction, row.reviewed) if n]
    if notes:
        text += f" ({', '.join(notes)})"
    return text


def payload(report: Report, drawing: Drawing) -> dict:
    """Everything the page's script shows: places and articles listed once and referred to by number."""
    place_index: dict[str, int] = {}
    places: list[list] = []

    def place(p: Place | None) -> int:
        if p is None:
            return -1
        key = p.key
        if key not in place_index:
            place_index[key] = len(places)
            places.append([p.name_ko, p.name, p.country])
        return place_index[key]

    article_index: dict[str, int] = {}
    articles: list[list] = []

    def article(a: dict) -> int:
        if a["id"] not in article_index:
            article_index[a["id"]] = len(articles)
            articles.append(
                [a["title"] or "", a["published"] or "", source_label(a), _href(a), a.get("path")]
            )
        return article_index[a["id"]]

    events = []
    for row in report.events:
        r = row.record
        events.append(
            [
                r.id,
                date_span(r.date, r.date_end) + (" (planned)" if row.status == "planned" else ""),
                r.date or "",
                _kind(row),
                place(r.actor),
                [place(p) for p in r.partners],
                r.evidence,
                [article(a) for a in report.sources[r.id]],
            ]
        )
    pairs = [
        [
            place(p.actor),
            place(p.partner),
            p.level or charts.NO_LEVEL,
            p.since or "",
            history_text(p),
            p.first_contact or "",
            p.last_contact or "",
            p.events,
            ", ".join(f"{k} {v}" for k, v in sorted(p.types.items())),
        ]
        for p in report.pairs
    ]
    specs = {
        "world": charts.world_map(drawing.points),
        "eastAsia": charts.east_asia_map(drawing.points),
        "years": charts.years_chart(report),
        "relations": charts.relations_chart(drawing.steps),
    }
    return {
        "places": places,
        "articles": articles,
        "events": events,
        "pairs": pairs,
        "types": charts.TYPES,
        "levels": charts.LEVELS,
        "specs": specs,
    }


def packed(value: dict) -> str:
    """The page's data as JSON, the map outlines' TopoJSON spliced in as shipped (parsing and writing them
    again would cost a tenth of a 10,000-event report's time), gzipped and in base64: Korean text packs to
    a third of its UTF-8 size, so that ten thousand events with their evidence and sources stay well under
    5 MB. The page unpacks it with the browser's own DecompressionStream."""
    outlines = f'{{"world":{world_outlines()},"eastAsia":{east_asia_outlines()}}}'
    text = '{"outlines":' + outlines + "," + json.dumps(value, ensure_ascii=False, separators=(",", ":"))[1:]
    # level 3: a tenth bigger than level 6 and four times faster
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=3, mtime=0)).decode("ascii")


# -- the page ---------------------------------------------------------------------------------------------


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def _summary(report: Report) -> str:
    s = report.summary
    if s.first_year and s.last_year:
        span = s.first_year if s.first_year == s.last_year else f"{s.first_year}–{s.last_year}"
    else:
        span = "undated"
    cards = [
        ("actors", f"{s.actors:,}", "Korean local governments"),
        ("partners", f"{s.partners:,}", f"in {_count(s.countries, 'country', 'countries')}"),
        ("events", f"{s.events:,}", (f"{s.undated:,} undated" if s.undated else "all dated")),
        ("years", span, "first and last dated event"),
        ("articles", f"{s.articles:,}", f"from {_count(s.sources, 'source')}"),
        (
            "reviewed",
            f"{s.reviewed:,}",
            "of them a person accepted, edited or added",
        ),
    ]
    items = "".join(
        f'<div class="card" data-key="{_e(key)}"><dt>{_e(key)}</dt><dd><strong>{_e(value)}</strong>'
        f"<span>{_e(note)}</span></dd></div>"
        for key, value, note in cards
    )
    return f'<dl class="summary">{items}</dl>'


def _map_notes(report: Report) -> str:
    partners = {p.partner.key for p in report.pairs}
    stand_ins = sorted(
        (report.places[k].name_ko, where.via)
        for k, where in report.positions.items()
        if where is not None and where.via and k in partners
    )
    notes: list[tuple[str, str]] = []  # (a short line, the whole note)
    if stand_ins:
        notes.append(
            (
                f"{_count(len(stand_ins), 'partner')} without coordinates of their own are shown at their parent "
                "or their largest city",
                "Without coordinates of their own, "
                + "; ".join(f"{_e(name)} is shown at {_e(via)}" for name, via in stand_ins)
                + ".",
            )
        )
    unplaced = report.unplaced
    if unplaced:
        notes.append(
            (
                f"{_count(len(unplaced), 'partner')} without coordinates are not on the map",
                f"Not on the map ({_count(len(unplaced), 'partner')} without coordinates): "
                + ", ".join(_e(p.name_ko) for p in unplaced)
                + ".",
            )
        )
    # a long list (an archive's hundreds of partners) folds away behind its short line
    return "".join(
        f'<p class="note">{full}</p>'
        if len(full) < LONG_NOTE
        else f'<details class="note"><summary>{_e(short)}</summary><p>{full}</p></details>'
        for short, full in notes
    )


LONG_NOTE = 600  # characters


def _relation_notes(drawing: Drawing) -> str:
    if not drawing.undated:
        return ""
    return (
        '<p class="note">Agreements without a date (in the partner table): '
        f"{_e('; '.join(drawing.undated))}.</p>"
    )


def render(report: Report, *, today: date | None = None) -> str:
    """The whole page as text."""
    words = filter_words(report.filters)
    title = "citydip report" + (f" ({' '.join(words)})" if words else "")
    made = (today or date.today()).isoformat()
    undated = report.summary.undated
    drawing = Drawing.of(report)
    years_note = (
        f'<p class="note">{_count(undated, "undated event")} not counted here (listed in the events).</p>'
        if undated
        else ""
    )
    body = f"""<header>
<h1>City diplomacy report</h1>
<p class="filters">{_e(" ".join(words) if words else "All events in the database")}</p>
<p class="made">Made by citydip {_e(__version__)} on {_e(made)} from news articles; every event below links to
the articles that reported it.</p>
</header>
<noscript><p class="warning">The maps, charts and tables of this report are drawn by the script inside it:
allow JavaScript for this file to see them.</p></noscript>
<p class="warning" id="report-error" hidden></p>
<section id="summary"><h2>Summary</h2>{_summary(report)}</section>
<section id="map"><h2>Partners on the map</h2>
<p class="lede">One point per partner, sized by its events and coloured by the highest relation any actor
reached with it; lines run from each actor (black squares) to its partners.</p>
<h3>World</h3><div class="chart" lang="ko" id="chart-world"></div>
<h3>East Asia</h3><div class="chart" lang="ko" id="chart-east-asia"></div>
{_map_notes(report)}</section>
<section id="years"><h2>Events per year</h2>
<div class="chart" lang="ko" id="chart-years" data-empty="No event here has a date to count by year."></div>{years_note}</section>
<section id="relations"><h2>Relations over time</h2>
<p class="lede">Each pair with an agreement: its level from the date it was reached to the next step.</p>
<div class="chart" lang="ko" id="chart-relations" data-empty="No agreement here has a date."></div>
{_relation_notes(drawing)}</section>
<section id="partners"><h2>Partners</h2><div class="table" lang="ko" id="table-partners"></div></section>
<section id="events"><h2>Events</h2><div class="table" lang="ko" id="table-events"></div></section>
<footer><p>Map outlines: Natural Earth (public domain), via world-atlas (© 2013-2019 Michael Bostock, ISC
licence). Charts: Vega, Vega-Lite and vega-embed (© University of Washington Interactive Data Lab, BSD-3-Clause;
the licence is at the head of the script inside this file).</p></footer>
<!-- world-atlas: Copyright 2013-2019 Michael Bostock. Permission to use, copy, modify, and/or distribute this
software for any purpose with or without fee is hereby granted, provided that the above copyright notice and
this permission notice appear in all copies. THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL
WARRANTIES WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. -->
<output id="render-check" hidden></output>"""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="citydip {_e(__version__)}">
<title>{_e(title)}</title>
<style>{_asset("page.css")}</style>
</head>
<body data-state="loading">
{body}
<script type="application/octet-stream" id="report-data">{packed(payload(report, drawing))}</script>
{_script(_vega())}
{_script(_asset("page.js"))}
</body>
</html>
"""


def write(report: Report, path: Path) -> Path:
    """Write the page to ``path`` whole or not at all; the path written, absolute."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise CitydipError(f"{path}: is a folder; give the report a file name (-o report.html)")
    text = render(report)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise CitydipError(f"{path}: cannot write the report ({err.strerror or err})") from None
    return path.resolve()
