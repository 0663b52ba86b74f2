"""The phonetic fallback: a Hangul name no table holds, matched by sound against GeoNames' Latin names.

Korean writes foreign names by ear (외래어 표기법, or less standard habits), so 오르후스 is Aarhus and
뱅크스타운 Bankstown although no gazetteer spells them in Hangul. Both sides are reduced to one coarse
sound key: Hangul by a romanisation tuned on loanword spelling (the epenthetic 으 of 스·트·크 is silent,
a final ㅅ is a t), Latin by folding the letters Korean ears hear alike (b/p/f/v, d/t/th, g/k/c/q, s/z/j/ch/sh,
l/r). Keys are compared with an edit-distance ratio; only close matches count, and they carry the ratio as
their confidence. The Latin side is generated at build time into data/phonetic_places.tsv.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# initial consonants in Unicode order: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
_INITIAL = ("k", "k", "n", "t", "t", "l", "m", "p", "p", "s", "s", "", "s", "s", "s", "k", "t", "p", "h")
# vowels: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ; ㅐ writes the English a of land and bank
# (랜드, 뱅크); ㅡ is the vowel Korean adds to a lone consonant (스, 트, 크), so it has no sound of its own
_VOWEL = (
    "a", "a", "ia", "ia", "o", "e", "io", "ie", "o", "ua", "ue", "ue", "io", "u", "uo", "ue", "ui", "iu", "",
    "ui", "i",
)  # fmt: skip
# final consonants: none ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
_FINAL = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "l", "l", "l", "l", "l", "l", "l", "m", "p", "p", "t", "t",
    "n", "t", "t", "k", "t", "p", "",
)  # fmt: skip

# Latin spellings Korean hears as one sound, longest first; applied in this order
_LATIN_RULES = (
    (re.compile(r"[^a-z]"), ""),
    (re.compile(r"ng(?![aeiouy])"), "n"),
    (re.compile(r"tsch|tch|sch|sh|ch|zh|tz|ts|dz|dj|j|z|x(?=[aeiouy])"), "s"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"ph|ff|f|v|b"), "p"),
    (re.compile(r"th|dt|d"), "t"),
    (re.compile(r"ck|qu|q|gh|c(?![eiy])|g"), "k"),
)
# then single letters: c (before e, i, y) is s, r is l, w is u, y is i
_LATIN_LETTERS = str.maketrans({"c": "s", "r": "l", "w": "u", "y": "i"})
_LATIN_VOWELS = re.compile(r"ee|oo|ou")
_LATIN_TAIL = (
    (re.compile(r"(?<=[^aeiou])e$"), ""),  # the silent final e of English names
    # o and u are one vowel here: Korean writes Latin u with ㅓ as often as with ㅜ (Columbus 컬럼버스)
    (re.compile(r"u"), "o"),
    (re.compile(r"(.)\1+"), r"\1"),
)
_HANGUL_RULES = ((re.compile(r"u"), "o"), (re.compile(r"(.)\1+"), r"\1"))

_ARTICLE = re.compile(r"^(?:al|el|ad|as|ar|an|at)[- ](?=\w)")
_SILENT_GH = re.compile(r"gh\b")
_SILENT_H = re.compile(r"(?<=[a-z])(?:ng)?ham\b")
_R_COLOURED = re.compile(r"[eiuy]r(?=[^aeiouy\W]|$)")
_ENGLISH_G = re.compile(r"d?g(?=[eiy])")
_SPANISH_H = re.compile(r"j|g(?=[ei])")
_NON_RHOTIC = re.compile(r"(?<=[aeiouy])r(?=[^aeiouy\W]|$)")
_NO_VOWELS = str.maketrans("", "", "aeiou")
_CODE = re.compile(r"[A-Z]{2,4}")


def consonants(key: str) -> str:
    """A sound key without its vowels: the consonant skeleton two spellings of one name must share."""
    return key.translate(_NO_VOWELS)


ADMIN_SUFFIXES = ("카운티", "시", "주", "현", "성", "구", "군")
MIN_KEY = 4  # shorter keys match too much by chance
THRESHOLD = 0.87  # a key ratio at least this close is a match (country known)
SHORT_THRESHOLD = 0.95  # keys of four letters or fewer
THRESHOLD_WORLD = 0.92  # with no country named, closer still, and only among places of 100,000 people or more
WORLD_POPULATION = 100_000


LEADS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"  # a Hangul syllable's initial consonants, in code order


def lead_of(syllable: str) -> str:
    """The initial consonant of a Hangul syllable: 카 -> ㅋ."""
    return LEADS[(ord(syllable) - 0xAC00) // 588]


def with_lead(syllable: str, lead: str) -> str:
    """The syllable with another initial consonant: (카, ㄱ) -> 가."""
    return chr(0xAC00 + LEADS.index(lead) * 588 + (ord(syllable) - 0xAC00) % 588)


def hangul_key(name: str) -> str:
    """The sound key of a Hangul name: 오르후스 -> olhus, 뱅크스타운 -> pankstaun."""
    out = []
    for ch in unicodedata.normalize("NFC", name):
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            continue
        initial, vowel, final = code // 588, (code % 588) // 28, code % 28
        out.append(_INITIAL[initial] + _VOWEL[vowel] + _FINAL[final])
    key = "".join(out)
    for pattern, repl in _HANGUL_RULES:
        key = pattern.sub(repl, key)
    return key


def latin_key(name: str, *, reading: str = "") -> str:
    """The sound key of a Latin name: Aarhus -> alhus, Bankstown -> pankstun.

    ``reading`` "english" reads it as Korean writes English names: an r after a vowel and before a
    consonant is silent (Clarksville 클락스빌, Portland 포틀랜드, where German keeps it: Hamburg 함부르크) and
    er, ir, ur there are ㅓ (Birmingham 버밍엄, Fullerton 풀러턴), th is ㅅ (Perth 퍼스, where German and
    Greek have ㅌ: Gotha 고타), a final gh and the h of a final -ham are silent (Edinburgh 에든버러,
    Nottingham 노팅엄) and g before e, i, y is ㅈ (Cambridge 케임브리지).
    "spanish" reads j and g before e, i as ㅎ (Vallejo 발레호, Gijón 히혼), and "spanish-y" also ll as y
    (Chillán 치얀), as Korean writes it about as often as l."""
    return _reduce(_read(_fold(name), reading))


def _fold(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    key = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    key = key.replace("ø", "o").replace("æ", "e").replace("ß", "s").replace("ł", "l")
    # Arabic names' article is mostly left out in Korean (Al Jubayl 주바일, El Minya 민야)
    return _ARTICLE.sub("", key)


def _read(key: str, reading: str) -> str:
    if reading == "english":
        key = _R_COLOURED.sub("o", key)
        key = _NON_RHOTIC.sub("", key).replace("th", "s")
        key = _ENGLISH_G.sub("j", _SILENT_GH.sub("", _SILENT_H.sub(_unvoiced_ham, key)))
    elif reading == "spanish":
        key = _SPANISH_H.sub("h", key)
    elif reading == "spanish-y":
        key = _SPANISH_H.sub("h", key).replace("ll", "y")
    return key


def _reduce(key: str) -> str:
    for pattern, repl in _LATIN_RULES:
        key = pattern.sub(repl, key)
    key = _LATIN_VOWELS.sub(_vowel, key.translate(_LATIN_LETTERS))
    for pattern, repl in _LATIN_TAIL:
        key = pattern.sub(repl, key)
    return key


def _vowel(match: re.Match) -> str:
    return "i" if match.group(0) == "ee" else "u"


def _unvoiced_ham(match: re.Match) -> str:
    # -ham is 엄 and -ingham 잉엄 (Nottingham 노팅엄): the g and the h are not heard
    return "nom" if match.group(0).startswith("ng") else "om"


def latin_keys(name: str) -> tuple[str, ...]:
    """The keys a Korean spelling of ``name`` may match: read as most languages are, as English is, and
    as Spanish is (each only where it differs)."""
    folded = _fold(name)
    keys = [_reduce(folded)]
    readings = ["english"]
    if "j" in folded or "ge" in folded or "gi" in folded:
        readings += ["spanish", "spanish-y"] if "ll" in folded else ["spanish"]
    elif "ll" in folded:
        readings.append("spanish-y")
    for reading in readings:
        key = _reduce(_read(folded, reading))
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def strip_admin_suffix(name: str) -> tuple[str, str]:
    """(stem, suffix): 콘야시 -> (콘야, 시); a name without one comes back whole with an empty suffix."""
    for suffix in ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)], suffix
    return name, ""


@dataclass(frozen=True, slots=True)
class PhoneticPlace:
    geonameid: int
    country: str
    admin1: str
    kind: str  # city or region
    population: int
    lat: float | None
    lon: float | None
    name: str
    key: str  # the gazetteer's key for it when places.tsv holds it, else ""


@dataclass(frozen=True, slots=True)
class PhoneticMatch:
    place: PhoneticPlace
    score: float  # the key ratio, 0..1
    latin: str  # which Latin name matched


class PhoneticIndex:
    """GeoNames' Latin names by country (data/phonetic_places.tsv). Rows are read as text once and parsed,
    with their sound keys made, only for the countries asked about: most articles never ask."""

    def __init__(self, body: str, blocks: dict[str, tuple[int, int]]):
        self._body = body  # the rows, grouped by country
        self._blocks = blocks  # country -> (start, end) of its rows in the body
        self._pools: dict[str, list[tuple[str, PhoneticPlace, str]]] = {}

    @classmethod
    def load(cls, path: Path) -> PhoneticIndex:
        text = path.read_text(encoding="utf-8")
        blocks: dict[str, tuple[int, int]] = {}
        at = 0
        while text.startswith("#", at) or text.startswith("geonameid\t", at):
            end = text.index("\n", at)
            if text.startswith("# countries: ", at):
                for block in text[at + len("# countries: ") : end].split():
                    code, start, stop = block.split(":")
                    blocks[code] = (int(start), int(stop))
            at = end + 1
        return cls(text[at:], blocks)

    def _lines(self, country: str) -> list[str]:
        start, end = self._blocks.get(country, (0, 0))
        return [line for line in self._body[start:end].split("\n") if line]

    @staticmethod
    def _parse(line: str) -> tuple[PhoneticPlace, tuple[str, ...]]:
        gid, country, admin1, kind, population, lat, lon, key, names = line.split("\t")
        latin = tuple(names.split("|"))
        place = PhoneticPlace(
            int(gid),
            country,
            admin1,
            kind,
            int(population or 0),
            float(lat) if lat else None,
            float(lon) if lon else None,
            latin[0],
            key,
        )
        return place, latin

    def _pool(self, country: str | None) -> list[tuple[str, PhoneticPlace, str]]:
        """(sound key, place, Latin name) of a country's places; None: large places anywhere."""
        name = country or "*"
        if name not in self._pools:
            if country is None:
                rows = [self._parse(line) for code in self._blocks for line in self._lines(code)]
                rows = [r for r in rows if r[0].population >= WORLD_POPULATION]
            else:
                rows = [self._parse(line) for line in self._lines(country)]
            pool = []
            for place, names in rows:
                for latin in names:
                    if _CODE.fullmatch(latin):
                        continue  # an airport's or an agency's code ('KOA' for Kailua-Kona) is heard in any name
                    for key in latin_keys(latin):
                        if len(key) >= MIN_KEY - 1:
                            pool.append((key, place, latin))
            self._pools[name] = pool
        return self._pools[name]

    def match(
        self, name: str, countries: tuple[str, ...] = (), *, admin1: str | None = None, limit: int = 5
    ) -> list[PhoneticMatch]:
        """Places whose Latin name sounds like the Hangul ``name``, best first.

        With ``countries`` only their places are tried; with none, only large places and a stricter bar."""
        stem, _suffix = strip_admin_suffix(unicodedata.normalize("NFC", name).replace(" ", ""))
        key = hangul_key(stem)
        if len(key) < MIN_KEY:
            return []
        if countries:
            pool = [e for c in countries for e in self._pool(c.upper())]
            bar = THRESHOLD
        else:
            pool, bar = self._pool(None), THRESHOLD_WORLD
        if admin1:  # a region written with the name: only its places
            pool = [e for e in pool if e[1].admin1 == admin1]
        if not pool:
            return []
        best: dict[int, PhoneticMatch] = {}
        for i, score in close_keys(key, [e[0] for e in pool], bar):
            _, place, latin = pool[i]
            if place.geonameid not in best or best[place.geonameid].score < score:
                best[place.geonameid] = PhoneticMatch(place, round(score, 3), latin)
        # a closer sound first; among equals the larger place (the one news more likely means)
        ranked = sorted(best.values(), key=lambda m: (-m.score, -math.log10(m.place.population + 10)))
        return ranked[:limit]


def close_keys(key: str, keys: list[str], bar: float = THRESHOLD) -> list[tuple[int, float]]:
    """(index, score) of the ``keys`` that sound close enough to ``key``: an edit-distance ratio averaged
    with the same ratio over consonants alone, at least ``bar`` (SHORT_THRESHOLD for a key of four letters)."""
    from rapidfuzz import fuzz, process

    # a wide first cut on the whole key, then the score that weighs consonants as much as the whole
    found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=55, limit=200)
    skeleton = consonants(key)
    out = []
    for candidate, ratio, i in found:
        score = (ratio + fuzz.ratio(skeleton, consonants(candidate))) / 200
        # a short name needs its vowels to agree too: 사랑 is not Sharon
        if score < bar or ratio < 75 or (len(key) <= 4 and score < SHORT_THRESHOLD):
            continue
        out.append((i, score))
    return out


@cache
def default_index() -> PhoneticIndex:
    from citydip.datafiles import data_path

    return PhoneticIndex.load(data_path("phonetic_places.tsv"))
