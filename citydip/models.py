"""Domain records shared by every stage: places, articles, people and events."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EventType(StrEnum):
    AGREEMENT = "agreement"
    MEETING = "meeting"
    VISIT = "visit"
    FORUM = "forum"
    AWARD = "award"
    POLICY = "policy"
    AID = "aid"
    EXCHANGE = "exchange"


class Level(StrEnum):
    """Agreement rank, lowest first; ``RANK`` orders them."""

    MOU = "mou"
    FRIENDSHIP = "friendship"
    AMITY = "amity"
    SISTER = "sister"


LEVEL_RANK: dict[str, int] = {"mou": 0, "friendship": 1, "amity": 2, "sister": 3}


class Status(StrEnum):
    DONE = "done"
    PLANNED = "planned"


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class PlaceKind(StrEnum):
    CITY = "city"
    REGION = "region"
    DISTRICT = "district"


@dataclass(frozen=True, slots=True)
class Place:
    """A local government: a city, a region (province, state, prefecture) or a district."""

    name: str
    name_ko: str
    country: str
    kind: str = PlaceKind.CITY
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    parent: str | None = None

    @property
    def key(self) -> str:
        """Stable identity: the GeoNames id where known, else country and Korean name."""
        if self.geonameid is not None:
            return f"gn:{self.geonameid}"
        return f"{self.country}:{self.name_ko}"

    def as_json(self, *, coordinates: bool = False) -> dict:
        out: dict = {
            "name": self.name,
            "name_ko": self.name_ko,
            "country": self.country,
            "geonameid": self.geonameid,
            "kind": str(self.kind),
        }
        if self.parent:
            out["parent"] = self.parent
        if coordinates:
            out["lat"] = self.lat
            out["lon"] = self.lon
        return out


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    title: str
    city: str | None = None

    def as_json(self) -> dict:
        return {"name": self.name, "title": self.title, "city": self.city}


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from an input, text already normalised (NFC, clean whitespace)."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    published_inferred: bool = False
    source: str | None = None
    url: str | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One city-diplomacy event read from one article, with the sentence it was read from."""

    type: str
    partners: tuple[Place, ...]
    evidence: str
    actor: Place | None = None
    level: str | None = None
    upgrade: bool = False
    status: str = Status.DONE
    direction: str | None = None
    date: str | None = None
    date_end: str | None = None
    precision: str = Precision.UNKNOWN
    people: tuple[Person, ...] = field(default=())
    confidence: float = 0.5
    reason: str = ""
