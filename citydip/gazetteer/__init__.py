"""Find place mentions in Korean text and resolve them to places of the shipped gazetteer (data/*.tsv)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import ahocorasick

from citydip.datafiles import data_path
from citydip.gazetteer.context import (
    CLOSE,
    DEFAULT_PRIOR,
    RANK_BONUS,
    SENTENCE_END,
    _anchor,
    _Context,
    _context_ok,
    _list_neighbours,
    _Record,
    _Scored,
    _sentence,
)
from citydip.gazetteer.data import read_tables
from citydip.gazetteer.text import (
    CONTINUATION,
    GLOSS,
    HANGUL,
    PARTICLE,
    PARTICLE_START,
    SUFFIX_KIND,
    SUFFIX_THEN_PARTICLE,
    Morphemes,
    _LazyTokens,
    _normalise_surface,
    _normalise_text,
    _prefix_ok,
    _Span,
    _strip_suffix,
    _suffix_stands,
    _token_spans,
    _Tokens,
)
from citydip.models import Place

if TYPE_CHECKING:  # pragma: no cover
    from citydip.nlp import Token

__all__ = ["CountryMention", "Gazetteer", "Morphemes", "PlaceMention"]

_LATIN_LETTER = re.compile(r"[A-Za-z]")
_HANGUL_NAME = re.compile(r"[\uac00-\ud7a3]+")
# the ranks an administrative suffix may write (spelled_like): 구 a district, 시 a city, 주 a region
_SUFFIX_RANKS = {
    "구": ("district",),
    "시": ("city",),
    "주": ("region",),
    "카운티": ("region",),
    "군": ("city", "district"),  # a county or a town (Vietnam's huyện), never a province
}
# particles of place and direction: '동대문시장에서' is at a market, not the mayor's
_PLACE_PARTICLES = frozenset(("에", "에서", "로", "으로", "까지", "부터"))
_HANGUL_THEN_LATIN = re.compile(r"(?<=[\uac00-\ud7a3])(?=[A-Za-z])")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    surface: str  # text[start:end]; includes an attached admin suffix (요코하마시, 산둥성) and a Hanja gloss
    place: Place
    score: float
    reason: str
    alternatives: tuple[Place, ...] = ()


@dataclass(frozen=True, slots=True)
class CountryMention:
    start: int
    end: int
    surface: str
    code: str  # ISO 3166-1 alpha-2


# LATIN's and HAN's character classes (citydip.gazetteer.text), tested on one character without a regex call
_LATIN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


class Gazetteer:
    """Places, their Korean names and country names; find() and lookup() work on Korean text."""

    def __init__(
        self,
        records: list[_Record],
        names: dict[str, list[tuple[int, str, bool]]],
        countries: dict[str, str],
        country_names: dict[str, str],
        city_states: dict[str, int],
        stopwords: Collection[str],
    ):
        self._records = records
        self._names = names
        self._countries = countries  # surface -> ISO code
        self._country_names = country_names  # ISO code -> Korean name
        self._city_states = city_states  # ISO code -> record index of the city that shares its name
        self._stopwords = frozenset(stopwords)
        self._by_key = {r.key: i for i, r in enumerate(records)}
        self._automaton = self._build_automaton()
        self._foreign_names: dict[str, bool] = {}  # place_scope's memo: surface -> may name a foreign place
        self._last_matches: tuple[str | None, list] = (None, [])
        self._heard_admin1: dict[str, str] = {}  # first-level code of the places phonetic() made
        self._spelling_pools: dict[str, list[tuple[str, int, str]]] | None = None  # spelled_like()'s memo
        self._spelling_pool_cache: dict[tuple, tuple[list[tuple[str, int, str]], list[str]]] = {}

    # ------------------------------------------------------------------------------------------ loading
    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The shipped gazetteer, loaded once per process."""
        return cls.load(data_path("places.tsv").parent)

    @classmethod
    def load(cls, folder: Path) -> Gazetteer:
        """A gazetteer from the TSV files in ``folder`` (places, place_names, countries, place_stopwords)."""
        return cls(*read_tables(folder))

    def _build_automaton(self) -> ahocorasick.Automaton:
        """One automaton over every surface; a value is (kind, payload, length): P place, C country, X stop."""
        surfaces: dict[str, tuple[str, str]] = {}
        for surface in self._stopwords:
            surfaces[surface] = ("X", surface)
        for surface in self._names:
            surfaces.setdefault(surface, ("P", surface))
            # "워싱턴D.C." is also written "워싱턴 D.C." (few names hold Latin letters: test before rewriting)
            if surface.isascii() or not _LATIN_LETTER.search(surface):
                continue
            spaced = _HANGUL_THEN_LATIN.sub(" ", surface)
            if spaced != surface:
                surfaces.setdefault(spaced, ("P", surface))
        for record in self._records:
            name_ko = record.name_ko
            if " " in name_ko and name_ko.replace(" ", "") in self._names:  # "광주 남구"
                surfaces.setdefault(name_ko, ("P", name_ko.replace(" ", "")))
        for surface, code in self._countries.items():
            surfaces[surface] = ("C", code)
        automaton = ahocorasick.Automaton()
        for surface, (kind, payload) in surfaces.items():
            automaton.add_word(surface, (kind, payload, len(surface)))
        automaton.make_automaton()
        return automaton

    def with_aliases(self, aliases: Iterable[tuple[str, Place]]) -> Gazetteer:
        """A copy where each user alias names exactly its place, winning over the shipped names."""
        records = list(self._records)
        index = dict(self._by_key)
        names = {surface: list(entries) for surface, entries in self._names.items()}
        for surface, place in aliases:
            surface = _normalise_surface(surface)
            if not surface:
                continue
            if place.key not in index:
                prior = DEFAULT_PRIOR.get(str(place.kind), 4.0) + (3.0 if place.country == "KR" else 0.0)
                records.append(_Record.of(place, prior))
                index[place.key] = len(records) - 1
            names[surface] = [(index[place.key], "u", False)]
        countries = {s: c for s, c in self._countries.items() if s not in names}
        return Gazetteer(records, names, countries, self._country_names, self._city_states, self._stopwords)

    # ------------------------------------------------------------------------------------------ queries
    def admin1(self, place: Place) -> str:
        """The GeoNames first-level code of a place this gazetteer holds or heard (phonetic()), else ""."""
        index = self._by_key.get(place.key)
        if index is not None:
            return self._records[index].admin1
        return self._heard_admin1.get(place.key, "")

    def place_named(self, value: str) -> Place | None:
        """A place as a person names it on the command line: a key (gn:1835848, KR:송파구), a bare GeoNames
        id, or a name, taken as lookup()'s best candidate; None when nothing answers."""
        value = value.strip()
        place = self.by_key(f"gn:{value}" if value.isdigit() else value)
        if place is None:
            found = self.lookup(value)
            place = found[0][0] if found else None
        return place

    def names_korean(self, surface: str) -> bool:
        """Whether some table names a Korean place ``surface`` (대구, 강진군)."""
        return any(
            self._records[e[0]].country == "KR" for e in self._names.get(_normalise_surface(surface), ())
        )

    def common_word(self, surface: str) -> bool:
        """Whether ``surface``, or its stem before a one-letter suffix ('본부' as 본 + 부), is a place name that
        is also an ordinary Korean word (the tables' c flag: 연안, 기타, 본)."""
        norm = _normalise_surface(surface)
        entries = self._names.get(norm) or (
            self._names.get(norm[:-1], ()) if norm[-1:] in SUFFIX_KIND else ()
        )
        return any(flagged for _index, _rank, flagged in entries)

    def knows(self, surface: str) -> bool:
        """Whether any table names a place ``surface`` (spaces and case as find() reads them)."""
        return _normalise_surface(surface) in self._names

    def by_key(self, key: str) -> Place | None:
        index = self._by_key.get(key)
        return self._records[index].place if index is not None else None

    def country_name(self, code: str) -> str:
        try:
            return self._country_names[code.upper()]
        except KeyError:
            raise KeyError(f"unknown country code {code!r}") from None

    def find_countries(self, text: str) -> list[CountryMention]:
        norm, to_orig = _normalise_text(text)
        spans = self._select(norm, None)
        return [
            CountryMention(to_orig(s.start), to_orig(s.end), text[to_orig(s.start) : to_orig(s.end)], s.code)
            for s in spans
            if s.kind == "C"
        ]

    def find(
        self,
        text: str,
        *,
        tokens: Sequence[Token] | Morphemes | None = None,
        countries: Collection[str] = (),
    ) -> list[PlaceMention]:
        """Every place mention, left to right, non-overlapping, longest first, each resolved in context.

        ``tokens``: Kiwi's morphemes of ``text`` (all at once, or per sentence on demand as Morphemes) for the
        word-boundary checks; without them a name is judged by the characters around it."""
        norm, to_orig = _normalise_text(text)
        token_spans = _token_spans(tokens, text, norm) if tokens is not None else None
        spans = self._select(norm, token_spans)
        resolved = self._resolve_all(norm, spans, {c.upper() for c in countries}, gate=True)
        out = []
        before: tuple[_Span, int | None] | None = None
        for span, scored, alternatives in resolved:
            previous, before = before, (span, scored.record if scored is not None else None)
            if scored is None:
                continue
            start, end = to_orig(span.start), to_orig(span.end)
            place, score, reason = self._records[scored.record].place, round(scored.score, 2), scored.reason
            others = tuple(self._records[a.record].place for a in alternatives)
            heard = self._heard_inside(norm, previous, span, scored.record)
            if heard is not None:
                (place, score, reason), others = heard, ()
            out.append(PlaceMention(start, end, text[start:end], place, score, reason, others))
        return out

    def _heard_inside(
        self, norm: str, previous: tuple[_Span, int | None] | None, span: _Span, record: int
    ) -> tuple[Place, float, str] | None:
        """Parents decide: a name written right after a foreign country or region ('미국 일리노이주 오로라시',
        '영국 버밍엄') whose every known place lies elsewhere is the place inside it that sounds the same,
        where one does (the tables know Aurora, Colorado by its Hangul name; Illinois' Aurora only by sound)."""
        if previous is None or norm[previous[0].end : span.start].strip():
            return None
        parent_span, parent_record = previous
        place = self._records[record]
        if place.country == "KR":
            return None  # a Korean name after a foreign country is a word there ('베트남 동남부')
        region = None
        if parent_span.kind == "C":
            code = parent_span.code
            if code in ("KR", place.country):
                return None
        elif parent_record is not None:
            region = self._records[parent_record]
            if region.kind != "region" or region.country == "KR" or self._is_parent(region, place):
                return None
            code = region.country
            if place.country == code and not region.admin1:
                return None
        else:
            return None
        heard = self.phonetic(span.surface, (code,), within=region.place if region is not None else None)
        return heard[0] if heard else None

    def lookup(self, query: str, context: str = "") -> list[tuple[Place, float, str]]:
        """Candidates for a place name, best first, scored with the countries and places named in ``context``.

        A name no table holds is tried by sound (phonetic()) when it has an administrative suffix or the
        context names its country or region."""
        ranked = self._rank_query(query, context)
        if not ranked:
            return self._phonetic_lookup(query, context)
        found = [(self._records[s.record].place, round(s.score, 2), s.reason) for s in ranked]
        if context.strip():
            # a parent in the context may decide for a place the tables know only by sound (see find())
            prefix = unicodedata.normalize("NFC", context).strip()
            at = prefix.find(query.strip())
            prefix = prefix[:at].rstrip() if at >= 0 else prefix
            text = f"{prefix} {query.strip()}"
            last = next((m for m in reversed(self.find(text)) if m.end == len(text)), None)
            if last is not None and last.reason.startswith("phonetic"):
                found = [(last.place, last.score, last.reason)] + [
                    f for f in found if f[0].key != last.place.key
                ]
        return found

    def _phonetic_lookup(self, query: str, context: str) -> list[tuple[Place, float, str]]:
        from citydip.gazetteer.phonetic import strip_admin_suffix

        context = unicodedata.normalize("NFC", context).strip()
        at = context.find(query)
        context = context[:at] if at >= 0 else context
        countries = [c.code for c in self.find_countries(context)]
        within = next(
            (
                m.place
                for m in reversed(self.find(context))
                if m.place.kind == "region" and m.place.country != "KR"
            ),
            None,
        )
        _, suffix = strip_admin_suffix(_normalise_surface(query))
        if not (suffix or countries or within):
            return []
        return self.phonetic(query, countries, within=within)

    def phonetic(
        self, name: str, countries: Collection[str] = (), *, within: Place | None = None
    ) -> list[tuple[Place, float, str]]:
        """Places no table names ``name`` for, matched by how it sounds against GeoNames' Latin names of
        ``countries`` (or of ``within``, a region, whose places come first); an empty list when none is close.
        A match the gazetteer holds under another spelling comes back as that place (콜롬비아시 -> Columbia)."""
        from citydip.gazetteer.phonetic import default_index, strip_admin_suffix

        surface = _normalise_surface(name)
        stem, _ = strip_admin_suffix(surface)
        if stem in self._stopwords or surface in self._stopwords:
            return []
        admin1 = None
        codes = tuple(dict.fromkeys(c.upper() for c in countries))
        if within is not None:
            record = self._by_key.get(within.key)
            admin1 = self._records[record].admin1 if record is not None and within.kind == "region" else None
            codes = (within.country,)
        if any(c in ("CN", "TW", "KR") for c in codes):
            # a Chinese or Taiwanese name no table holds is mostly a Sino-Korean reading (관남현 for Guannan),
            # which does not sound like its pinyin; Korea's own places all have their Hangul names
            codes = tuple(c for c in codes if c not in ("CN", "TW", "KR"))
            if not codes:
                return []
        out = []
        for match in default_index().match(surface, codes, admin1=admin1 or None):
            found = match.place
            place = self.by_key(found.key) if found.key else None
            if place is None:
                kind = "region" if found.kind == "region" else "city"
                place = Place(
                    name=found.name,
                    name_ko=stem,
                    country=found.country,
                    kind=kind,
                    geonameid=found.geonameid,
                    lat=found.lat,
                    lon=found.lon,
                    parent=within.name if within is not None else None,
                )
                self._heard_admin1[place.key] = found.admin1
            out.append((place, match.score, f"phonetic {match.score:.2f}: sounds like {match.latin}"))
        return out

    def spelled_like(
        self, name: str, country: str, *, within: Place | None = None
    ) -> tuple[Place, float, str] | None:
        """A foreign place the tables know under another Hangul spelling of the same sound: news transcribe a
        name by ear, so one place is written several ways (리틀락 and 리틀록, 파세이 and 파사이, 허위엔 and
        허위안, 칸화 and 칸호아); None when no spelling of a place of ``country`` (inside ``within``, a region
        or a district's city) sounds close enough, with an administrative suffix of the same rank.

        A Chinese or Taiwanese name is compared only when it and the spelling are both written as pinyin is
        (no syllable closed by ㄱ, ㄹ, ㅁ, ㅂ: 익양 and 악양 are Sino-Korean readings, where one syllable off is
        another place), and its consonants must all agree. A Japanese name keeps its number of syllables
        (삿포르 for 삿포로): one shorter or longer is another town (가와나베정 is not 가와베정)."""
        from citydip.gazetteer.phonetic import MIN_KEY, close_keys, consonants, hangul_key, strip_admin_suffix

        surface = _normalise_surface(name)
        stem, suffix = strip_admin_suffix(surface)
        key = hangul_key(stem)
        chinese = country in ("CN", "TW")
        if (
            country == "KR"
            or (chinese and not _pinyin_like(stem))
            or len(key) < MIN_KEY - 1
            or stem in self._stopwords
            or surface in self._stopwords
        ):
            return None
        pool, keys = self._spelling_pool(country, _SUFFIX_RANKS.get(suffix), within)
        if not pool:
            return None
        skeleton = consonants(key)
        best: tuple[float, float, int, str] | None = None
        for i, score in close_keys(key, keys):
            k, index, spelling = pool[i]
            if len(key) < MIN_KEY and (k != key or len(strip_admin_suffix(spelling)[0]) != len(stem)):
                # a key of three letters matches only a spelling of the same sound and as many syllables,
                # one consonant written otherwise (즈보 for 쯔보, 쑤저우 for 수저우): any other is chance
                continue
            if chinese and (consonants(k) != skeleton or not _pinyin_like(spelling)):
                continue
            if country == "JP" and len(strip_admin_suffix(spelling)[0]) != len(stem):
                continue
            rank = (score, self._records[index].prior, index, spelling)
            if best is None or rank[:2] > best[:2]:
                best = rank
        if best is None:
            return None
        score, _, index, spelling = best
        return self._records[index].place, round(score, 2), f"spelled like {spelling} ({score:.2f})"

    def _spelling_pool(
        self, country: str, kinds: Collection[str] | None, within: Place | None
    ) -> tuple[list[tuple[str, int, str]], list[str]]:
        """The spellings spelled_like() compares a name with, and their sound keys: a country's places of the
        suffix's ranks, inside ``within``. Kept per (country, ranks, within): filtering a large country's
        names anew for every unknown name cost more than the comparison itself."""
        cache_key = (country, tuple(kinds) if kinds is not None else None, within.key if within else None)
        found = self._spelling_pool_cache.get(cache_key)
        if found is None:
            pool = [
                (k, index, spelling)
                for k, index, spelling in self._spellings(country)
                if (kinds is None or self._records[index].kind in kinds)
                and (within is None or self._inside(self._records[index], within))
            ]
            found = (pool, [p[0] for p in pool])
            if len(self._spelling_pool_cache) >= 256:
                self._spelling_pool_cache.clear()
            self._spelling_pool_cache[cache_key] = found
        return found

    def _spellings(self, country: str) -> list[tuple[str, int, str]]:
        """(sound key of the name without its suffix, record, surface) of every Hangul name of a country's
        places (for China and Taiwan not their generated Sino-Korean readings: those are read by their
        characters, not by ear)."""
        if self._spelling_pools is None:
            from citydip.gazetteer.phonetic import hangul_key, strip_admin_suffix

            pools: dict[str, list[tuple[str, int, str]]] = {}
            for surface, entries in self._names.items():
                if not _HANGUL_NAME.fullmatch(surface):
                    continue
                key = hangul_key(strip_admin_suffix(surface)[0])
                for index, rank, _gated in entries:
                    record = self._records[index]
                    if record.country == "KR" or (record.country in ("CN", "TW") and rank == "h"):
                        continue
                    pools.setdefault(record.country, []).append((key, index, surface))
            self._spelling_pools = pools
        return self._spelling_pools.get(country, [])

    def _inside(self, record: _Record, within: Place) -> bool:
        parent = self._by_key.get(within.key)
        if parent is None:
            return False
        if within.kind == "region":
            admin1 = self._records[parent].admin1
            return bool(admin1) and record.admin1 == admin1 and record.key != within.key
        return record.parent_key == within.key

    def korean(self, surface: str, context: str = "") -> Place | None:
        """Resolve a Korean local government's name: 서울시, 서울, 송파구, 경기도, 부산 중구, 경기도 광주시."""
        ranked = self._rank_query(surface, context, country="KR")
        return self._records[ranked[0].record].place if ranked else None

    def place_scope(self, text: str) -> str | None:
        """Which places ``text`` may name, read from the raw names alone (no Kiwi, no resolving):
        "foreign" when some name could be a place outside Korea (a city-state's country name too),
        "korean" when every name is Korea's own, None when it names none. Every mention find() returns
        is among these names, so a text without them has no place mention at all."""
        norm, _ = _normalise_text(text)
        scope = None
        for _end, (kind, payload, _length) in self._automaton.iter(norm):
            if kind == "C":
                record = self._city_states.get(payload)
                if record is not None and self._records[record].country != "KR":
                    return "foreign"
            elif kind == "P":
                if self._may_be_foreign(payload):
                    return "foreign"
                scope = "korean"
        return scope

    def _may_be_foreign(self, surface: str) -> bool:
        # the candidates _score() weighs for a surface: its own names and, after a unit suffix, its stem's
        foreign = self._foreign_names
        if surface not in foreign:
            entries = list(self._names.get(surface, ()))
            if surface[-1:] in SUFFIX_KIND:
                entries += self._names.get(surface[:-1], ())
            foreign[surface] = any(self._records[e[0]].country != "KR" for e in entries)
        return foreign[surface]

    # ------------------------------------------------------------------------------------------ matching
    def _select(self, norm: str, token_spans: _Tokens | _LazyTokens | None) -> list[_Span]:
        """Leftmost-longest matches that pass the word-boundary checks; a rejected match gives way to a
        shorter one at the same start (제주특별자치도관광협회 -> neither 제주특별자치도 nor 제주)."""
        spans: list[_Span] = []
        cursor = 0
        matches = self._matches(norm)
        if isinstance(token_spans, _LazyTokens):
            token_spans.note_names(norm, (m[1] for m in matches))
        for start, end, kind, payload in matches:
            if start < cursor:
                continue
            local = token_spans.region(start) if token_spans is not None else None
            if not self._boundary_ok(norm, start, end, kind, local):
                continue
            if kind == "C":
                spans.append(_Span(start, end, norm[start:end], "C", code=payload))
            elif kind == "P":
                spans.append(_Span(start, end, payload, "P"))
            cursor = end
        return self._attach(norm, spans, token_spans)

    def _matches(self, norm: str) -> list[tuple[int, int, str, object]]:
        """Every automaton match in ``norm`` as (start, end, kind, payload), by start, longest first.
        The last text's list is kept: the extractor asks find_countries() and find() about the same text."""
        last_text, matches = self._last_matches  # one read: threads may share a gazetteer
        if last_text != norm:
            matches = [
                (end + 1 - length, end + 1, kind, payload)
                for end, (kind, payload, length) in self._automaton.iter(norm)
            ]
            matches.sort(key=lambda m: (m[0], m[0] - m[1]))
            self._last_matches = (norm, matches)
        return matches

    def _boundary_ok(self, norm: str, start: int, end: int, kind: str, tokens: _Tokens | None) -> bool:
        first, last = norm[start], norm[end - 1]
        before = norm[start - 1] if start else " "
        after = norm[end] if end < len(norm) else " "
        # asked of every automaton match: the one-character tests are comparisons (LATIN, HAN, HANGUL's
        # classes), not regex calls
        if first in _LATIN_CHARS and before in _LATIN_CHARS:
            return False
        if last in _LATIN_CHARS and after in _LATIN_CHARS:
            return False
        first_han = _is_han(first)
        if first_han and end - start == 1:
            # one-character Hanja country abbreviations stand alone: 美 대사, 獨 베를린, 中하이난 (not 北京)
            return not _is_han(before) and not _is_han(after)
        if first_han and (_is_han(before) or _is_han(after)):
            return False
        if (
            kind == "P"
            and "\uac00" <= first <= "\ud7a3"
            and "\uac00" <= before <= "\ud7a3"
            and not _prefix_ok(norm, start)
            and all(
                needs_context for _, _, needs_context in self._names.get(norm[start:end], ((0, "", False),))
            )
        ):
            # a name that only counts in context (a generated reading, a short form that is also a word) is
            # never read out of the middle of a word: 회이산구 is no mention of 이산 (Yishan)
            return False
        if tokens is not None:
            return tokens.allows(start, end, norm, self._names.__contains__)
        if HANGUL.match(first) and HANGUL.match(before):
            return _prefix_ok(norm, start)
        if HANGUL.match(last) and HANGUL.match(after) and kind != "C":
            rest = re.match(r"[\uac00-\ud7a3]+", norm[end:]).group(0)
            return bool(
                CONTINUATION.match(rest)
                or PARTICLE_START.match(rest)
                or SUFFIX_THEN_PARTICLE.match(rest)
                # a foreign name, its suffix and an office, then a particle: 기타큐슈|시장이, 리옹|시의회와
                or (
                    kind == "P"
                    and self._may_be_foreign(norm[start:end])
                    and (cut := PARTICLE.search(rest)) is not None
                    and cut.group(0) not in _PLACE_PARTICLES
                    and rest[: cut.start()][:1] in SUFFIX_KIND
                    and CONTINUATION.match(rest[: cut.start()])
                )
            )
        return True

    def _attach(self, norm: str, spans: list[_Span], morphemes: _Tokens | _LazyTokens | None) -> list[_Span]:
        """Fold a Hanja gloss and an admin suffix after a place name into its span: 북경(北京)시, 러산시."""
        out: list[_Span] = []
        skip_until = -1
        for span in spans:
            if span.start < skip_until:
                continue  # inside a gloss
            out.append(span)
            if span.kind != "P":
                continue
            tokens = morphemes.region(span.start) if morphemes is not None else None
            end = span.end
            gloss = GLOSS.match(norm, end)
            content = gloss.group(1) if gloss else ""
            if (
                gloss
                and re.search(r"[A-Za-z\u3400-\u9fff]", content)
                and not HANGUL.search(re.sub(r"\d+년", "", content))
            ):
                end = gloss.end()
                span.glossed = True
                skip_until = end
            suffix = norm[end] if end < len(norm) else ""
            if suffix in SUFFIX_KIND and _suffix_stands(norm, end, tokens):
                end += 1
                span.suffix_kind = SUFFIX_KIND[suffix]
            elif span.surface[-1:] in SUFFIX_KIND and span.surface[:-1] in self._names:
                span.suffix_kind = SUFFIX_KIND[span.surface[-1]]
            span.glued = (
                tokens is not None
                and tokens.glued_noun(end)
                and not CONTINUATION.match(norm[end : tokens.at(end).end])
            )
            span.end = end
            skip_until = max(skip_until, end)
        return out

    # ------------------------------------------------------------------------------------------ resolving
    def _resolve_all(
        self,
        norm: str,
        spans: list[_Span],
        countries: set[str],
        *,
        gate: bool,
        only_country: str | None = None,
    ) -> list[tuple[_Span, _Scored | None, list[_Scored]]]:
        bounds = [m.end() for m in SENTENCE_END.finditer(norm)]
        ctx = _Context(
            norm,
            spans,
            countries | {s.code for s in spans if s.kind == "C"},
            [_sentence(bounds, s.start) for s in spans],
            gate,
            only_country,
        )
        first = self._resolve_pass(ctx, None)
        if not any(_list_neighbours(norm, spans, i, first) for i, s in enumerate(spans) if s.kind == "P"):
            return first  # no list of places: a second look adds nothing
        return self._resolve_pass(ctx, first)

    def _resolve_pass(self, ctx: _Context, previous):
        results: list[tuple[_Span, _Scored | None, list[_Scored]]] = []
        before: list[tuple[_Span, int | None]] = []  # (span, record) for anchors
        by_sentence: dict[int, list[tuple[_Span, int | None]]] = {}
        changed = False
        for i, span in enumerate(ctx.spans):
            if span.kind == "C":
                record = self._city_states.get(span.code) if not ctx.only_country else None
                if record is not None:
                    results.append(
                        (span, _Scored(record, self._records[record].prior, "city-state", 0.0), [])
                    )
                else:
                    results.append((span, None, []))
            else:
                neighbours = (
                    _list_neighbours(ctx.norm, ctx.spans, i, previous) if previous is not None else []
                )
                if previous is not None and not neighbours and not changed:
                    results.append(previous[i])  # nothing this pass adds has reached it
                else:
                    ranked = self._score(ctx, i, before, by_sentence.get(ctx.sentence_of[i], []), neighbours)
                    best = ranked[0] if ranked else None
                    alternatives = [s for s in ranked[1:] if s.score >= best.score - CLOSE] if best else []
                    results.append((span, best, alternatives))
                    if previous is not None:
                        old = previous[i][1]
                        changed = changed or (old.record if old else None) != (best.record if best else None)
            resolved = results[-1][1]
            entry = (span, resolved.record if resolved else None)
            before.append(entry)
            by_sentence.setdefault(ctx.sentence_of[i], []).append(entry)
        return results

    def _score(self, ctx: _Context, i: int, before, in_sentence, neighbours) -> list[_Scored]:
        span, norm, article, gate, only_country = (
            ctx.spans[i],
            ctx.norm,
            ctx.article,
            ctx.gate,
            ctx.only_country,
        )
        entries = list(self._names.get(span.surface, ()))
        stem = span.surface[:-1]
        stem_entries: set[int] = set()
        if span.surface[-1:] in SUFFIX_KIND and stem in self._names:
            # 양주시 is Korea's 양주시 or 양주 (Yangzhou) + 시: both compete, the suffix marks the second
            have = {e[0] for e in entries}
            stem_entries = {e[0] for e in self._names[stem] if e[0] not in have}
            entries += [e for e in self._names[stem] if e[0] in stem_entries]
        anchor = _anchor(norm, span, before)
        # places named earlier in the sentence, and countries named anywhere in it
        in_sentence = in_sentence + ctx.countries_in(ctx.sentence_of[i])
        county_written = norm[span.start : span.end].endswith("군") or norm[span.end : span.end + 1] == "군"
        korean_too = any(self._records[e[0]].country == "KR" for e in entries)
        # the surface is a Korean government's own full name ('안산시', '안양시'), not a short or alternate form
        korean_name = any(self._records[e[0]].country == "KR" and e[1] == "p" for e in entries)
        ranked: list[_Scored] = []
        for index, rank, flagged in entries:
            record = self._records[index]
            country = record.country
            if only_country and country != only_country:
                continue
            if country in ("CN", "TW") and county_written:
                continue  # Chinese counties are 현: 양양군 is Korea's, never 양양 (Xiangyang) + 군
            foreign = country != "KR"
            bonus, reason, located = 0.0, "", False
            if anchor is not None:
                a_span, a_record = anchor
                if a_span.kind == "C" and a_span.code == country and foreign:
                    bonus, reason, located = 6.0, f"country named before it ({a_span.surface})", True
                elif a_record is not None and a_record != index:
                    parent = self._records[a_record]
                    if self._is_parent(parent, record):
                        bonus, reason, located = 8.0, f"parent named before it ({a_span.surface})", True
                    elif parent.country == country and foreign and record.kind != "district":
                        # a district is located only by its own city (칭다오 시청 is not Beijing's 시청구)
                        bonus, reason, located = 3.0, f"{parent.name_ko} named before it", True
            anchored = located
            if not located:
                for s, r in in_sentence:
                    if s.kind == "C" and s.code == country and foreign:
                        bonus, reason, located = 4.0, f"country in the sentence ({s.surface})", True
                        break
                    if r is not None and r != index and self._is_parent(self._records[r], record):
                        bonus, reason, located = 3.0, f"parent in the sentence ({s.surface})", True
                        break
            if not located and foreign and country in article:
                bonus, reason = 2.0, f"article names {self._country_names.get(country, country)}"
            listed = False
            listed_with_own = False
            for n_record in neighbours:
                other = self._records[n_record]
                if other.country == country and n_record != index:
                    bonus += 1.5
                    reason = reason or f"listed with {other.name_ko}"
                    listed = listed_with_own = True
                    break
                if other.kind == "city" and record.kind == "city":
                    listed = True
            if (
                index in stem_entries
                and flagged
                and foreign
                and korean_too
                and not (anchored or listed_with_own)
            ):
                # a reading that is also a Korean government's full name (양주시: Yangzhou read 양주 + 시)
                # means the foreign place only with its country or parent right before it ('중국 양주시') or
                # in a list of that country's places ('계림시·곤산시·양주시')
                continue
            if foreign and korean_name and not (anchored or listed_with_own):
                # a Korean government's full name read as a foreign place's Korean reading ('안산시' for
                # Anshan, '안양시' for Anyang) means the foreign place only with its country or parent right
                # before it or in a list of its country's places, never because the sentence or the article
                # names that country somewhere ('안산시는 중국 옌타이시와 …' is Ansan)
                continue
            # a short foreign name or a clipped form glued to a noun reads as part of a compound
            needs_context = flagged or (span.glued and (rank == "d" or (foreign and len(span.surface) <= 2)))
            if gate and needs_context and not located and self._child_follows(ctx, i, record):
                located = True  # 경기 안산시: a province named by the city after it
                reason = reason or f"{ctx.spans[i + 1].surface} follows it"
            if (
                gate
                and needs_context
                and not _context_ok(foreign, located, listed, span, bonus > 0 and country in article)
            ):
                continue
            score = record.prior + RANK_BONUS[rank] + bonus
            if index in stem_entries:
                score -= 1.0  # named by the stem only: 루안다 + 주 is less likely Luanda city than 루안다주
            if span.suffix_kind:
                score += 1.5 if span.suffix_kind == record.kind else -1.5
            if rank == "u":
                reason = "user alias"
            ranked.append(_Scored(index, score, reason, bonus))
        ranked.sort(key=lambda s: (-s.score, self._records[s.record].key))
        if ranked:
            top = ranked[0]
            if not top.reason:
                top.reason = "only place with this name" if len(ranked) == 1 else "population prior"
        return ranked

    def _child_follows(self, ctx: _Context, i: int, record: _Record) -> bool:
        """Is the next name, after nothing but white space, a place inside ``record``?"""
        if i + 1 >= len(ctx.spans):
            return False
        span, nxt = ctx.spans[i], ctx.spans[i + 1]
        if nxt.kind != "P" or not ctx.norm[span.end : nxt.start].isspace():
            return False
        return any(self._is_parent(record, self._records[e[0]]) for e in self._names.get(nxt.surface, ()))

    def _is_parent(self, parent: _Record, child: _Record) -> bool:
        if child.parent_key == parent.key:
            return True
        return (
            parent.kind == "region"
            and parent.country == child.country
            and bool(parent.admin1)
            and parent.admin1 == child.admin1
            and child.kind != "region"
        )

    def _rank_query(self, query: str, context: str, country: str | None = None) -> list[_Scored]:
        query = unicodedata.normalize("NFC", query).strip()
        if not query:
            return []
        # the context goes right before the query, so "아일랜드" + "더블린" reads as "아일랜드 더블린"; a context
        # that holds the name is read up to it ("미국 조지아주 콜럼버스시": Georgia's Columbus)
        context = unicodedata.normalize("NFC", context).strip()
        at = context.find(query)
        text = context[: at + len(query)] if at >= 0 else (f"{context} {query}" if context else query)
        norm, _ = _normalise_text(text)
        offset = len(norm) - len(query)
        spans = self._select(norm, None)
        solid = _normalise_surface(query)
        if " " in query.strip() and solid in self._names:
            # "인천 남구" is a name of its own (the old name of 미추홀구), not 인천 + 남구
            spans = [s for s in spans if s.end <= offset]
            spans.append(_Span(offset, len(norm), solid, "P"))
        target = next(
            (
                s
                for s in reversed(spans)
                if s.kind == "P" and s.end >= len(norm.rstrip()) and s.start >= offset
            ),
            None,
        )
        if target is None:
            surface = _normalise_surface(query)
            stem = _strip_suffix(surface)
            found = next((s for s in (surface, stem) if s in self._names), None)
            if found is None:
                return []
            target = _Span(
                len(norm) - len(query),
                len(norm),
                found,
                "P",
                suffix_kind=SUFFIX_KIND.get(surface[-1:]) if found == stem and stem != surface else None,
            )
            spans = [s for s in spans if s.end <= target.start] + [target]
        index = spans.index(target)
        resolved = self._resolve_all(norm, spans[: index + 1], set(), gate=False, only_country=country)
        last = resolved[-1]
        if last[1] is None:
            return []
        head = [last[1]]
        # the full candidate list, not only the close ones, with the same context
        spans = spans[: index + 1]
        bounds = [m.end() for m in SENTENCE_END.finditer(norm)]
        ctx = _Context(
            norm,
            spans,
            {s.code for s in spans if s.kind == "C"},
            [_sentence(bounds, s.start) for s in spans],
            False,
            country,
        )
        before = [(s, r.record if r else None) for s, r, _ in resolved[:-1]]
        same = [
            b for b, sentence in zip(before, ctx.sentence_of, strict=False) if sentence == ctx.sentence_of[-1]
        ]
        ranked = self._score(ctx, index, before, same, [])
        return head + [s for s in ranked if s.record != head[0].record]


# ---------------------------------------------------------------------------------------------- helpers
# the finals a Hangul spelling of pinyin may close a syllable with: none, ㄴ (-n), ㅇ (-ng); ㄹ only in 얼 (er)
_PINYIN_FINALS = frozenset((0, 4, 21))


def _pinyin_like(name: str) -> bool:
    """Whether a Hangul name may spell pinyin (허위엔, 룽청) rather than read characters (익양, 악양)."""
    for ch in name:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172 and code % 28 not in _PINYIN_FINALS and ch != "얼":
            return False
    return True
