"""Where the report's map puts each place, and the Natural Earth outlines it draws them on."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from citydip.datafiles import data_path
from citydip.models import Place

WORLD_OUTLINES = "world-atlas-countries-110m.json"
DETAILED_OUTLINES = "world-atlas-countries-50m.json"
# The East Asia view: where most partners of Korean local governments are (lon, lat of its corners).
EAST_ASIA = ((100.0, 20.0), (148.0, 50.0))
# Countries drawn in the East Asia view: those with some outline point in this wider box, so that the
# view's edges are never blank land (the whole of Russia and India come along; about 140 KB).
EAST_ASIA_OUTLINE_BOX = ((95.0, 15.0), (155.0, 55.0))
PARENT_STEPS = 3  # a district's city's region is as far as a position is looked for


@dataclass(frozen=True, slots=True)
class Position:
    """A point on the map; ``via`` names the place that stands in when the place has no coordinates of
    its own (a district at its city, a province at its largest city)."""

    lon: float
    lat: float
    via: str | None = None


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    """The few columns of data/places.tsv that place a point."""

    rows: dict[str, tuple[float | None, float | None, str | None, str, str, int, str]]
    largest: dict[tuple[str, str], str]  # (country, admin1) -> key of its most populous city


@cache
def _gazetteer() -> _Gazetteer:
    rows: dict[str, tuple[float | None, float | None, str | None, str, str, int, str]] = {}
    largest: dict[tuple[str, str], tuple[int, str]] = {}
    with data_path("places.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(("#", "key\t")):
                continue
            cols = line.rstrip("\n").split("\t")
            key, kind, country, admin1, name, name_ko, parent, _gid, lat, lon, population = cols[:11]
            people = int(population) if population else 0
            rows[key] = (
                float(lat) if lat else None,
                float(lon) if lon else None,
                parent or None,
                country,
                admin1,
                people,
                f"{name_ko} ({name})" if name_ko else name,
            )
            if kind == "city" and lat and admin1:
                best = largest.get((country, admin1))
                if best is None or people > best[0]:
                    largest[(country, admin1)] = (people, key)
    return _Gazetteer(rows, {region: key for region, (_n, key) in largest.items()})


def position(place: Place) -> Position | None:
    """The place's own coordinates; else its parent's (a district at its city), up the parents; else, for
    a province or state, its most populous city in the gazetteer; else None (left off the map)."""
    if place.lat is not None and place.lon is not None:
        return Position(place.lon, place.lat)
    gazetteer = _gazetteer()
    row = gazetteer.rows.get(place.key)
    if row is None:
        return None
    lat, lon, parent, country, admin1 = row[:5]
    if lat is not None and lon is not None:
        return Position(lon, lat)
    for _ in range(PARENT_STEPS):
        if parent is None or parent not in gazetteer.rows:
            break
        lat, lon, grand, *_rest, label = gazetteer.rows[parent]
        if lat is not None and lon is not None:
            return Position(lon, lat, via=f"{label}, its parent")
        parent = grand
    if str(place.kind) == "region" and admin1:
        city = gazetteer.largest.get((country, admin1))
        if city is not None:
            lat, lon, *_rest, label = gazetteer.rows[city]
            if lat is not None and lon is not None:
                return Position(lon, lat, via=f"{label}, its largest city")
    return None


@cache
def world_outlines() -> dict:
    """Country outlines of the world (Natural Earth 1:110m) as TopoJSON, less Antarctica: no partner is
    there, and leaving it out gives the continents more room."""
    topology = json.loads(data_path(WORLD_OUTLINES).read_text(encoding="utf-8"))
    countries = topology["objects"]["countries"]
    countries["geometries"] = [
        g for g in countries["geometries"] if g.get("properties", {}).get("name") != "Antarctica"
    ]
    return topology


@cache
def east_asia_outlines() -> dict:
    """The countries around East Asia at 1:50m: the shipped TopoJSON cut down to the countries that
    reach into EAST_ASIA_OUTLINE_BOX, with only their arcs (numbered afresh)."""
    topology = json.loads(data_path(DETAILED_OUTLINES).read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    (west, south), (east, north) = EAST_ASIA_OUTLINE_BOX
    inside: list[bool] = []
    for arc in topology["arcs"]:  # delta-encoded quantized points
        x = y = 0
        hit = False
        for dx, dy in arc:
            x += dx
            y += dy
            if west <= x * sx + tx <= east and south <= y * sy + ty <= north:
                hit = True
                break
        inside.append(hit)

    def arcs_of(geometry: dict) -> list[int]:
        parts = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            return [i for ring in parts for i in ring]
        if geometry["type"] == "MultiPolygon":
            return [i for polygon in parts for ring in polygon for i in ring]
        return []

    kept = [
        g
        for g in topology["objects"]["countries"]["geometries"]
        if any(inside[i if i >= 0 else ~i] for i in arcs_of(g))
    ]
    used = sorted({i if i >= 0 else ~i for g in kept for i in arcs_of(g)})
    renumber = {old: new for new, old in enumerate(used)}

    def moved(i: int) -> int:
        return renumber[i] if i >= 0 else ~renumber[~i]

    for g in kept:
        if g["type"] == "Polygon":
            g["arcs"] = [[moved(i) for i in ring] for ring in g["arcs"]]
        elif g["type"] == "MultiPolygon":
            g["arcs"] = [[[moved(i) for i in ring] for ring in polygon] for polygon in g["arcs"]]
    return {
        "type": "Topology",
        "transform": topology["transform"],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": kept}},
        "arcs": [topology["arcs"][i] for i in used],
    }
