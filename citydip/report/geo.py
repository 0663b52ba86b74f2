"""Where the report's map puts each place, and the Natural Earth outlines it draws them on."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from citydip.datafiles import data_path
from citydip.models import Place

WORLD_OUTLINES = "world-atlas-countries-110m.json"
EAST_ASIA_OUTLINES = "world-atlas-east-asia-50m.json"
# The East Asia view: where most partners of Korean local governments are (lon, lat of its corners).
EAST_ASIA = ((100.0, 20.0), (148.0, 50.0))
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
def world_outlines() -> str:
    """Country outlines of the world (Natural Earth 1:110m), the TopoJSON text as shipped."""
    return data_path(WORLD_OUTLINES).read_text(encoding="utf-8")


@cache
def east_asia_outlines() -> str:
    """The countries around East Asia at 1:50m (those reaching into EAST_ASIA_OUTLINE_BOX), TopoJSON text
    cut from world-atlas's countries-50m by scripts/build_report_assets.py."""
    return data_path(EAST_ASIA_OUTLINES).read_text(encoding="utf-8")
