"""Resolution side of place finding: places as the scorer sees them, and what a text says around a name."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from citydip.gazetteer.text import _Span
from citydip.models import Place


class _Record:
    """A place as the resolver sees it; the Place itself is built on first use (most are never shown)."""

    __slots__ = (
        "_fields",
        "_place",
        "admin1",
        "country",
        "key",
        "kind",
        "name",
        "parent_key",
        "parent_name",
        "prior",
    )

    def __init__(
        self,
        key: str,
        kind: str,
        country: str,
        admin1: str,
        name: str,
        parent_key: str | None,
        prior: float,
        fields: tuple[str, str, str, str] = ("", "", "", ""),
        place: Place | None = None,
    ):
        self.key, self.kind, self.country, self.admin1, self.name = key, kind, country, admin1, name
        self.parent_key, self.prior = parent_key, prior
        self.parent_name: str | None = None
        self._fields = fields  # name_ko, geonameid, lat, lon as read
        self._place = place

    @classmethod
    def of(cls, place: Place, prior: float) -> _Record:
        return cls(place.key, str(place.kind), place.country, "", place.name, None, prior, place=place)

    @property
    def name_ko(self) -> str:
        return self._place.name_ko if self._place is not None else self._fields[0]

    @property
    def place(self) -> Place:
        if self._place is None:
            name_ko, gid, lat, lon = self._fields
            self._place = Place(
                name=self.name,
                name_ko=name_ko,
                country=self.country,
                kind=self.kind,
                geonameid=int(gid) if gid else None,
                lat=float(lat) if lat else None,
                lon=float(lon) if lon else None,
                parent=self.parent_name,
            )
        return self._place


@dataclass(slots=True)
class _Scored:
    record: int
    score: float
    reason: str
    bonus: float


# Between a country or parent and the name it locates: nothing, spaces, or a possessive (베를린의 슈테글리츠).
ANCHOR_GAP = re.compile(r"\s*(?:의\s*)?$")
# Between two items of a list of places: 런던·파리, 곤산시, 양주시, 계림시와 래주시.
LIST_GAP = re.compile(r"\s*(?:[,·、/]|와|과|및|그리고)\s*$")
SENTENCE_END = re.compile(r"[.!?。](?=\s)|\n")
DEFAULT_PRIOR = {"city": 4.0, "region": 7.0, "district": 5.0}
# u user alias, p primary, a alias, d derived short form; h Sino-Korean reading and v transcription
# variant are generated at build time and weigh least (scripts/build_gazetteer.py)
RANK_BONUS = {"u": 3.0, "p": 1.0, "a": 0.5, "d": 0.0, "h": -0.5, "v": -0.5}
CLOSE = 2.0  # candidates scoring within this of the best are reported as alternatives


class _Context:
    """What one find() call knows about its text while it resolves the spans."""

    def __init__(
        self,
        norm: str,
        spans: list[_Span],
        article: set[str],
        sentence_of: list[int],
        gate: bool,
        only_country: str | None,
    ):
        self.norm, self.spans, self.article, self.sentence_of = norm, spans, article, sentence_of
        self.gate, self.only_country = gate, only_country
        self._countries: dict[int, list[tuple[_Span, None]]] = {}
        for span, sentence in zip(spans, sentence_of, strict=True):
            if span.kind == "C":
                self._countries.setdefault(sentence, []).append((span, None))

    def countries_in(self, sentence: int) -> list[tuple[_Span, None]]:
        return self._countries.get(sentence, [])


def _context_ok(foreign: bool, located: bool, listed: bool, span: _Span, in_article: bool) -> bool:
    """A name that is also a common word (나라, 지난, 파리) needs its country or parent near it."""
    if located or listed:
        return True
    marked = span.glossed or span.suffix_kind is not None
    return marked and (in_article or not foreign)


def _anchor(norm: str, span: _Span, before: list[tuple[_Span, int | None]]):
    """The country or place named right before ``span`` (미국 오리건주 포틀랜드, 베를린의 슈테글리츠)."""
    if not before:
        return None
    prev_span, prev_record = before[-1]
    if prev_span.end > span.start or not ANCHOR_GAP.match(norm[prev_span.end : span.start]):
        return None
    return prev_span, prev_record


def _sentence(bounds: list[int], offset: int) -> int:
    return bisect_right(bounds, offset)


def _list_neighbours(norm: str, spans: list[_Span], i: int, previous) -> list[int]:
    out = []
    for j in (i - 1, i + 1):
        if not 0 <= j < len(spans) or spans[j].kind != "P":
            continue
        a, b = (spans[j], spans[i]) if j < i else (spans[i], spans[j])
        if b.start >= a.end and LIST_GAP.match(norm[a.end : b.start]):
            scored = previous[j][1]
            if scored is not None:
                out.append(scored.record)
    return out
