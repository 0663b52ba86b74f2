"""The report's Vega-Lite charts: the partner maps, events per year by type, and relations over time."""

from __future__ import annotations

import math
from datetime import date

from citydip.models import EventType, Level
from citydip.report.content import Report, highest
from citydip.report.geo import EAST_ASIA, Position

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # a name only: nothing is fetched
FONT = (
    'system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK KR", '
    '"Noto Sans KR", "Nanum Gothic", sans-serif'
)
NO_LEVEL = "none"
LEVELS = [*(lv.value for lv in reversed(Level)), NO_LEVEL]  # highest first
LEVEL_COLOURS = {  # highest ties warmest; no agreement grey
    "sister": "#c0392b",
    "amity": "#e67e22",
    "friendship": "#2e86c1",
    "mou": "#76b7b2",
    NO_LEVEL: "#8c8c8c",
}
TYPES = [t.value for t in EventType]
WIDTH = 860
WORLD_HEIGHT = 420
LABELS_UP_TO = 40  # names written beside the points on a map showing at most this many partners
ACTOR_LABELS_UP_TO = 12
MAX_LABEL_ROWS = 4
STEP_ROW = 22  # pixels per pair in the relations chart
RELATIONS_WIDTH = WIDTH - 260  # the rest is the pairs' names
LABEL_CHAR = 6.0  # pixels a character of a 10-pixel label takes, near enough


def _config() -> dict:
    return {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 11, "titleFontSize": 12},
        "legend": {"labelFontSize": 11, "titleFontSize": 12},
    }


def _level_colour(title: str = "relation") -> dict:
    return {
        "field": "level",
        "type": "nominal",
        "scale": {"domain": LEVELS, "range": [LEVEL_COLOURS[lv] for lv in LEVELS]},
        "legend": {"title": title, "orient": "bottom", "direction": "horizontal"},
    }


# -- maps --------------------------------------------------------------------------------------------------


MapPoints = tuple[list[dict], list[dict], list[dict]]  # partners, lines, actors


def map_points(report: Report) -> MapPoints:
    """(partners, lines from each actor, actors) as the maps draw them: one point per partner placed,
    sized by its events and coloured by the highest level any actor reached with it."""
    by_partner: dict[str, list] = {}
    for pair in report.pairs:
        by_partner.setdefault(pair.partner.key, []).append(pair)
    partners, links, actors = [], [], {}
    for key, pairs in by_partner.items():
        where = report.positions.get(key)
        if where is None:
            continue
        partner = pairs[0].partner
        partners.append(
            {
                "key": key,
                "partner": partner.name_ko,
                "name": partner.name,
                "country": partner.country,
                "lon": where.lon,
                "lat": where.lat,
                "events": sum(p.events for p in pairs),
                "level": highest(p.level for p in pairs) or NO_LEVEL,
                "relations": " · ".join(
                    f"{p.actor.name_ko if p.actor else '?'} {p.level or 'no agreement'}"
                    + (f" {p.since}" if p.since else "")
                    for p in pairs
                ),
                "shown at": where.via or "its own coordinates",
            }
        )
        for pair in pairs:
            origin = report.positions.get(pair.actor.key) if pair.actor else None
            if origin is None:
                continue
            links.append(
                {
                    "actor": pair.actor.name_ko if pair.actor else "",
                    "partner": partner.name_ko,
                    "lon": origin.lon,
                    "lat": origin.lat,
                    "lon2": where.lon,
                    "lat2": where.lat,
                    "level": pair.level or NO_LEVEL,
                }
            )
            actors.setdefault(pair.actor.key, _actor_point(pair.actor.name_ko, origin))
    return partners, links, list(actors.values())


def _actor_point(name: str, where: Position) -> dict:
    return {"actor": name, "lon": where.lon, "lat": where.lat}


def _in_view(lon: float, lat: float) -> bool:
    (west, south), (east, north) = EAST_ASIA
    return west <= lon <= east and south <= lat <= north


def _geo(lon: str = "lon", lat: str = "lat") -> dict:
    return {
        "longitude": {"field": lon, "type": "quantitative"},
        "latitude": {"field": lat, "type": "quantitative"},
    }


def stack_labels(points: list[dict], name: str, near: tuple[float, float]) -> list[list[dict]]:
    """Points in rows of labels: a point within ``near`` (degrees of longitude, latitude) of one already
    labelled goes one line further out, so names in one place stack instead of printing over each other
    (the biggest point keeps the first line). Points past MAX_LABEL_ROWS lines keep their tooltip only."""
    anchors: list[list[float]] = []  # lon, lat, lines used
    rows: list[list[dict]] = [[] for _ in range(MAX_LABEL_ROWS)]
    for point in sorted(points, key=lambda p: (-p.get("events", 0), p[name])):
        for anchor in anchors:
            if abs(point["lon"] - anchor[0]) < near[0] and abs(point["lat"] - anchor[1]) < near[1]:
                line = int(anchor[2])
                anchor[2] += 1
                break
        else:
            line = 0
            anchors.append([point["lon"], point["lat"], 1])
        if line < MAX_LABEL_ROWS:
            rows[line].append({name: point[name], "lon": point["lon"], "lat": point["lat"]})
    return [row for row in rows if row]


def _labels(
    rows: list[list[dict]], name: str, *, first: int, step: int, clip: bool, bold: bool
) -> list[dict]:
    return [
        {
            "name": f"{name}_labels_{i}",
            "data": {"values": row},
            "mark": {
                "type": "text",
                "dy": first + step * i,
                "fontSize": 11,
                "fontWeight": "bold" if bold else "normal",
                "color": "#222222",
                "clip": clip,
            },
            "encoding": {**_geo(), "text": {"field": name}},
        }
        for i, row in enumerate(rows)
    ]


def _map_layers(
    outlines: str,
    partners: list[dict],
    links: list[dict],
    actors: list[dict],
    *,
    clip: bool,
    near: tuple[float, float],
    actor_labels: bool,
) -> list[dict]:
    tooltip = [
        {"field": "partner", "title": "partner"},
        {"field": "name", "title": "name"},
        {"field": "country", "title": "country"},
        {"field": "level", "title": "highest level"},
        {"field": "events", "title": "events"},
        {"field": "relations", "title": "relations"},
        {"field": "shown at", "title": "shown at"},
    ]
    # the sea: the globe's outline, filled (each view's projection is fixed, so it does not move the fit)
    layers: list[dict] = [
        {"data": {"sphere": True}, "mark": {"type": "geoshape", "fill": "#eef3f7", "clip": clip}},
        {
            # the page puts the outlines named here in place (citydip.report.page: shipped TopoJSON text)
            "data": {"outlines": outlines, "format": {"type": "topojson", "feature": "countries"}},
            "transform": [{"filter": "datum.properties.name !== 'Antarctica'"}],  # no partner there
            "mark": {
                "type": "geoshape",
                "fill": "#e6e2d9",
                "stroke": "#ffffff",
                "strokeWidth": 0.6,
                "clip": clip,
            },
        },
        {
            "name": "links",
            "data": {"values": links},
            "mark": {"type": "rule", "strokeWidth": 1.1, "opacity": 0.55, "clip": clip},
            "encoding": {
                **_geo(),
                "longitude2": {"field": "lon2"},
                "latitude2": {"field": "lat2"},
                "color": _level_colour(),
            },
        },
        {
            "name": "actors",
            "data": {"values": actors},
            "mark": {"type": "square", "size": 36, "color": "#222222", "opacity": 0.9, "clip": clip},
            "encoding": {**_geo(), "tooltip": [{"field": "actor", "title": "actor"}]},
        },
        {
            "name": "partners",
            "data": {"values": partners},
            "mark": {
                "type": "circle",
                "opacity": 0.85,
                "stroke": "#ffffff",
                "strokeWidth": 0.8,
                "clip": clip,
            },
            "encoding": {
                **_geo(),
                "size": {
                    "field": "events",
                    "type": "quantitative",
                    "scale": {"type": "sqrt", "range": [40, 900]},
                    "legend": {"title": "events", "orient": "bottom", "direction": "horizontal"},
                },
                "color": _level_colour(),
                "tooltip": tooltip,
            },
        },
    ]
    if len(partners) <= LABELS_UP_TO:
        layers += _labels(
            stack_labels(partners, "partner", near), "partner", first=-12, step=-13, clip=clip, bold=False
        )
    if actor_labels and len(actors) <= ACTOR_LABELS_UP_TO:
        layers += _labels(
            stack_labels(actors, "actor", near), "actor", first=13, step=13, clip=clip, bold=True
        )
    return layers


# The world view is fitted to the inhabited world, not to the outlines (Antarctica would take a fifth of
# it): the meridians at 180° are widest at the equator, so these points span equalEarth's full width.
WORLD_FIT = {
    "type": "Feature",
    "properties": {},
    "geometry": {
        "type": "MultiPoint",
        "coordinates": [
            [-180, 0],
            [180, 0],
            [-180, -56],
            [180, -56],
            [-180, 84],
            [180, 84],
            [0, -56],
            [0, 84],
        ],
    },
}


def world_map(points: MapPoints) -> dict:
    partners, links, actors = points
    return {
        "$schema": SCHEMA,
        "width": WIDTH,
        "height": WORLD_HEIGHT,
        "projection": {"type": "equalEarth", "fit": WORLD_FIT},
        "layer": _map_layers(
            "world", partners, links, actors, clip=True, near=(18.0, 5.0), actor_labels=False
        ),
        "config": _config(),
    }


def mercator_view(width: int) -> dict:
    """A Mercator projection showing exactly EAST_ASIA across ``width`` pixels, and the height it needs."""
    (west, south), (east, north) = EAST_ASIA

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    scale = width / math.radians(east - west)
    height = round(scale * (y(north) - y(south)))
    middle = math.degrees(2 * math.atan(math.exp((y(north) + y(south)) / 2)) - math.pi / 2)
    return {
        "projection": {
            "type": "mercator",
            "scale": round(scale, 3),
            "center": [(west + east) / 2, round(middle, 5)],
            "translate": [width / 2, height / 2],
        },
        "height": height,
    }


def east_asia_map(points: MapPoints) -> dict:
    partners, links, actors = points
    shown = [p for p in partners if _in_view(p["lon"], p["lat"])]
    view = mercator_view(WIDTH)
    return {
        "$schema": SCHEMA,
        "width": WIDTH,
        "height": view["height"],
        "projection": view["projection"],
        "layer": _map_layers(
            "eastAsia",
            shown,
            links,
            [a for a in actors if _in_view(a["lon"], a["lat"])],
            clip=True,
            near=(2.5, 0.8),
            actor_labels=True,
        ),
        "config": _config(),
    }


# -- events per year by type ------------------------------------------------------------------------------


def year_rows(report: Report) -> list[dict]:
    return [
        {"year": year, "type": kind, "events": n}
        for year, counts in report.by_year().items()
        for kind, n in sorted(counts.items(), key=lambda kv: TYPES.index(kv[0]) if kv[0] in TYPES else 99)
    ]


def years_chart(report: Report) -> dict | None:
    rows = year_rows(report)
    if not rows:
        return None
    first, last = int(rows[0]["year"]), int(rows[-1]["year"])
    years = [str(y) for y in range(first, last + 1)]  # years without events stand as gaps
    return {
        "$schema": SCHEMA,
        "name": "years",
        "width": WIDTH - 120,
        "height": 260,
        "data": {"values": rows},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {
                "field": "year",
                "type": "ordinal",
                "scale": {"domain": years},
                "axis": {"title": None, "labelAngle": 0 if len(years) <= 16 else -90, "labelOverlap": True},
            },
            "y": {"field": "events", "type": "quantitative", "aggregate": "sum", "title": "events"},
            "color": {
                "field": "type",
                "type": "nominal",
                "scale": {"domain": TYPES, "scheme": "tableau10"},
                "legend": {"title": "type"},
            },
            "order": {"field": "type"},
            "tooltip": [
                {"field": "year", "title": "year"},
                {"field": "type", "title": "type"},
                {"field": "events", "title": "events", "aggregate": "sum"},
            ],
        },
        "config": _config(),
    }


# -- relations over time ----------------------------------------------------------------------------------


def _start(value: str) -> str:
    return (value + "-01-01"[len(value) - 4 :]) if len(value) < 10 else value


def _day(value: str) -> date:
    return date.fromisoformat(_start(value))


def relation_steps(report: Report) -> tuple[list[dict], list[str], list[str]]:
    """(one bar per dated agreement step, reaching to the next step or the end of the report's last year;
    the pairs in order; pairs whose only agreements are undated, as text)."""
    last_dates = [row.record.date_end or row.record.date for row in report.events if row.record.date]
    horizon_year = max((d[:4] for d in last_dates if d), default=str(date.today().year))
    steps: list[dict] = []
    order: list[str] = []
    labels: set[str] = set()
    undated: list[str] = []
    pairs = sorted(
        (p for p in report.pairs if p.history),
        key=lambda p: (
            p.actor.name_ko if p.actor else "",
            next((h["date"] for h in p.history if h["date"]), "9999"),
            p.partner.name_ko,
        ),
    )
    for pair in pairs:
        actor = pair.actor.name_ko if pair.actor else "?"
        label = f"{actor} – {pair.partner.name_ko}"
        if label in labels:  # two districts of one name (중구): the English names tell them apart
            label += f" ({pair.actor.name if pair.actor else '?'} – {pair.partner.name})"
        dated = [h for h in pair.history if h["date"]]
        if not dated:
            undated.append(f"{label}: " + ", ".join(h["level"] for h in pair.history))
            continue
        order.append(label)
        labels.add(label)
        for i, step in enumerate(dated):
            start = _start(step["date"])
            if i + 1 < len(dated):
                end = _start(dated[i + 1]["date"])
            else:
                end = f"{max(horizon_year, step['date'][:4])}-12-31"
            steps.append(
                {
                    "pair": label,
                    "row": len(order),
                    "actor": actor,
                    "partner": pair.partner.name_ko,
                    "level": step["level"],
                    "date": step["date"],
                    "upgrade": "yes" if step["upgrade"] else "no",
                    "start": start,
                    "end": max(end, start),
                    "label": f"{step['level']} {step['date']}",
                }
            )
    if steps:
        # a label goes inside its bar (white) when it fits there, else just after the bar's end (dark)
        first = date(min(_day(s["start"]) for s in steps).year, 1, 1)
        last = max(_day(s["end"]) for s in steps)
        per_day = RELATIONS_WIDTH / max((last - first).days, 1)
        for step in steps:
            room = (_day(step["end"]) - _day(step["start"])).days * per_day
            step["inside"] = room >= len(step["label"]) * LABEL_CHAR + 8
    return steps, order, undated


def relations_chart(steps: list[dict]) -> dict | None:
    if not steps:
        return None
    first = min(_day(s["start"]) for s in steps)
    last = max(_day(s["end"]) for s in steps)
    domain = [
        {"year": first.year, "month": 1, "date": 1, "utc": True},
        {"year": last.year, "month": last.month, "date": last.day, "utc": True},
    ]
    x = {
        "field": "start",
        "type": "temporal",
        "scale": {"type": "utc", "domain": domain},
        "axis": {"title": None, "format": "%Y"},
    }
    # sorted by a number of each pair's own: a list of thousands of names in "sort" overflows Vega's parser
    y = {
        "field": "pair",
        "type": "nominal",
        "sort": {"field": "row", "op": "min"},
        "axis": {"title": None, "labelLimit": 240},
    }
    tooltip = [
        {"field": "pair", "title": "pair"},
        {"field": "level", "title": "level"},
        {"field": "date", "title": "since"},
        {"field": "upgrade", "title": "upgrade"},
    ]
    return {
        "$schema": SCHEMA,
        "width": RELATIONS_WIDTH,
        "height": {"step": STEP_ROW},
        "data": {"values": steps},
        "encoding": {"y": y},
        "layer": [
            {
                "name": "steps",
                "mark": {"type": "bar", "height": 14, "cornerRadius": 2},
                "encoding": {
                    "x": x,
                    "x2": {"field": "end"},
                    "color": {
                        **_level_colour("level"),
                        "scale": {"domain": LEVELS[:-1], "range": [LEVEL_COLOURS[lv] for lv in LEVELS[:-1]]},
                    },
                    "tooltip": tooltip,
                },
            },
            {
                "name": "step_labels",
                "transform": [{"filter": "datum.inside"}],
                "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10, "color": "#ffffff"},
                "encoding": {"x": x, "text": {"field": "label"}},
            },
            {
                "name": "step_labels_after",
                "transform": [{"filter": "!datum.inside"}],
                "mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10, "color": "#333333"},
                "encoding": {"x": {**x, "field": "end"}, "text": {"field": "label"}},
            },
        ],
        "config": _config(),
    }
