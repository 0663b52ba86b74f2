"""Text side of place finding: normalisation that keeps offsets, and word boundaries from Kiwi morphemes."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from citydip.nlp import Token


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    surface: str
    kind: str  # P place, C country
    suffix_kind: str | None = None  # kind implied by an attached admin suffix
    glossed: bool = False
    glued: bool = False  # a noun follows inside the same word: 파라아이스하키, 송파아카데미
    code: str = ""


HANGUL = re.compile(r"[\uac00-\ud7a3]")
_NEEDS_FOLD = re.compile("[\uff01-\uff5e\u3000\u00a0\u2027\u30fb]")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z0-9]")
# One-to-one character fixes so offsets stay put: full-width ASCII, ideographic and no-break spaces.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {
    0x3000: 0x20,
    0x00A0: 0x20,
    0x2027: 0xB7,
    0x30FB: 0xB7,
}
# Suffixes that name the kind of unit right after a name: 요코하마시, 산둥성, 분쿄(文京)구.
SUFFIX_KIND = {
    "시": "city",
    "市": "city",
    "군": "city",
    "구": "district",
    "區": "district",
    "区": "district",
    "성": "region",
    "省": "region",
    "주": "region",
    "州": "region",
    "현": "region",
    "縣": "region",
    "県": "region",
    "도": "region",
    "道": "region",
    "부": "region",
    "府": "region",
}
# What may follow a name inside one Kiwi token: a suffix, an office or a title (송파구청장, 루안다주지사);
# 정 and 촌 are Japanese towns and villages (町, 村: 소에다정, 지즈정장).
CONTINUATION = re.compile(
    r"(?:특별자치시|특별자치도|특별시|광역시|자치도|시|군|구|도|주|성|현|부|정|촌)?"
    r"(?:청장|청사|청|시장|장단|장|구청장|군수|수|도지사|주지사|현지사|지사|의회|의장|당서기|서기|당국|정부|측|민|"
    r"성장|위원장|인민위원장|대표단|방문단|시내|현지|일대|지역|)$"
)
GLOSS = re.compile(r"[(（]([^()（）\n]{1,40})[)）]")
LONG_SUFFIXES = (
    "특별자치도",
    "특별자치시",
    "특별시",
    "광역시",
    "자치도",
    "시",
    "군",
    "구",
    "도",
    "주",
    "성",
    "현",
    "부",
)
# what a surface is stripped of to find its stem: the same units, less 자치도, plus US counties
STRIP_SUFFIXES = (*(x for x in LONG_SUFFIXES if x != "자치도"), "카운티")
NOUN_TAGS = frozenset({"NNP", "NNG", "NNB", "SL", "SH", "XR", "XPN"})
ADMIN_SUFFIX_THEN_BREAK = re.compile(r"[시군구주성현](?=[은는이가을를의에와과로도만\s,.·]|$)")
PARTICLE = re.compile(r"(?:의|은|는|이|가|을|를|에|에서|에게|와|과|로|으로|도|만|까지|부터|측)$")
PARTICLE_START = re.compile(r"[은는이가을를의에와과로도만까부측]")
# a name's admin suffix and then a particle, where no morphemes tell the word apart: 호찌민|시와, 산둥|성의
SUFFIX_THEN_PARTICLE = re.compile(
    r"(?:특별자치시|특별자치도|특별시|광역시|시|군|구|도|주|성|현|부|정|촌)"
    r"(?:의|은|는|이|가|을|를|에|에서|에게|와|과|로|으로|도|만|까지|부터|과의|와의|에는|에도)$"
)


def _normalise_surface(surface: str) -> str:
    surface = unicodedata.normalize("NFC", surface).translate(_WIDTH).strip()
    return re.sub(r"\s*\([^)]*\)", "", surface).replace(" ", "")


def _strip_suffix(surface: str) -> str:
    for suffix in STRIP_SUFFIXES:
        if surface.endswith(suffix) and len(surface) > len(suffix) + 1:
            return surface[: -len(suffix)]
    return surface


def _normalise_text(text: str):
    """NFC and width-folded text plus a function mapping its offsets back to ``text``."""
    folded = text.translate(_WIDTH) if _NEEDS_FOLD.search(text) else text
    if unicodedata.is_normalized("NFC", folded):
        return folded, _identity
    pieces: list[str] = []
    origin: list[int] = []
    for m in re.finditer(
        r"[\u1100-\u115f]+[\u1160-\u11a7]*[\u11a8-\u11ff]*|.[\u0300-\u036f\u1160-\u11ff]*", folded, re.S
    ):
        piece = unicodedata.normalize("NFC", m.group(0))
        pieces.append(piece)
        origin.extend([m.start()] * len(piece))
    origin.append(len(text))
    norm = "".join(pieces)
    return norm, origin.__getitem__


def _identity(offset: int) -> int:
    return offset


class _Tokens:
    """Kiwi morphemes as offsets into the normalised text, for word-boundary checks."""

    def __init__(self, tokens: Sequence[Token] | Sequence[_Tok]):
        self.tokens = tokens  # in text order, as Kiwi gives them
        self.starts = [t.start for t in tokens]

    def at(self, offset: int) -> Token | _Tok | None:
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and self.tokens[i].start <= offset < self.tokens[i].end:
            return self.tokens[i]
        return None

    def unknown_name(self, start: int, end: int, norm: str) -> bool:
        """Kiwi cut a name it does not know into nouns (래/NNG 주시/NNG) and an admin suffix plus a particle
        follows: 래주시와. Verb pieces (해주시는 = 하/VV 주/VX 시/EP) never pass."""
        if not ADMIN_SUFFIX_THEN_BREAK.match(norm, end):
            return False
        offset = start
        while offset <= end:
            token = self.at(offset)
            if token is None or token.tag not in ("NNG", "NNP"):
                return False
            offset = token.end
        return True

    def region(self, offset: int) -> _Tokens:
        return self

    def starts_at(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and self.starts[i] == offset

    def allows(self, start: int, end: int, norm: str, is_name: Callable[[str], bool]) -> bool:
        first = self.at(start)
        if not self.starts_at(start):
            if not _prefix_ok(norm, start):
                return False
        elif first is not None and first.tag not in NOUN_TAGS and not self.suffix_follows(end, norm):
            return False  # 위해/VV, 지난/VV, 라고/JKQ, 이다/VCP, 하나/NR are words here, not names
        last = self.at(end - 1)
        if last is None or last.end <= end:
            return True
        rest = norm[end : last.end]
        if last.start > start and self.unknown_name(start, end, norm):
            return True
        if last.start > start:
            # the match cuts a morpheme in two: only "<name><suffix>" + title, as in 서울시|장 (서울/시장),
            # and not 조시|장 (조/시장), where 조 names nothing
            inside = norm[last.start : end]
            if inside not in SUFFIX_KIND or not (CONTINUATION.match(rest) or PARTICLE.match(rest)):
                return False
            name = norm[start:end]
            return any(
                name.endswith(suffix) and is_name(name[: -len(suffix)])
                for suffix in LONG_SUFFIXES
                if suffix.endswith(inside)
            )
        # the name is the head of a longer word: only a suffix or a title may follow (송파구청장, not 고양이);
        # Kiwi sometimes keeps a particle on an unknown proper noun (레이캬비크의/NNP)
        if CONTINUATION.match(rest):
            return True
        # Kiwi keeps a particle on an unknown proper noun (레이캬비크의/NNP, 벵갈루루와/NNG); for a known
        # common noun the "particle" is part of the word (고양이), so 이/가/도/만 only count after an NNP
        return bool(PARTICLE.match(rest)) and (last.tag == "NNP" or rest not in ("이", "가", "도", "만"))

    def suffix_follows(self, offset: int, norm: str) -> bool:
        """An admin suffix morpheme right after a match (지난|시: Kiwi reads 지나+ㄴ, the 시 says Jinan)."""
        token = self.at(offset)
        return (
            token is not None
            and token.start == offset
            and token.form in SUFFIX_KIND
            and token.tag in ("NNG", "NNB")
        )

    def glued_noun(self, offset: int) -> bool:
        """Whether a noun starts right at ``offset`` inside the same word (파라|아이스하키, 구로|이와)."""
        token = self.at(offset)
        return token is not None and token.start == offset and token.tag in ("NNG", "NNP")

    def standalone(self, offset: int, form: str, norm: str) -> bool:
        token = self.at(offset)
        if token is None or token.tag.startswith("J"):
            return False
        if token.start == offset:
            return token.form == form
        # name and suffix in one morpheme (버지니아주/NNP): the suffix must end it
        return token.end == offset + len(form)


@dataclass(frozen=True, slots=True)
class _Tok:
    form: str
    tag: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Morphemes:
    """Kiwi's morphemes sentence by sentence, analysed on demand: find() asks ``analyse(i, end)`` for the
    morphemes of sentence ``spans[i]`` up to offset ``end`` (offsets into the text) the first time it
    checks a name there; None means the sentence is not analysed and its names get the checks that need
    no morphemes. ``end`` stops a word after the word holding the sentence's last possible name: what
    follows decides no boundary, and Kiwi's time grows with every character."""

    spans: Sequence[tuple[int, int]]
    analyse: Callable[[int, int], Sequence[Token] | None]


_WORD_AND_NEXT = re.compile(r"\S*\s+\S+")


class _LazyTokens:
    """The morphemes of the sentence around an offset, as offsets into the normalised text."""

    def __init__(self, source: Morphemes, back: Callable[[int], int]):
        self.source = source
        self.back = back
        self.spans = [(back(start), back(end)) for start, end in source.spans]
        self.starts = [start for start, _ in self.spans]
        self.done: dict[int, _Tokens | None] = {}
        self.reach: dict[int, int] = {}  # sentence -> where its last possible name ends (normalised text)
        self.norm = ""

    def note_names(self, norm: str, ends: Iterable[int]) -> None:
        """Where the names that may be checked end, so that each sentence is analysed only that far."""
        self.norm = norm
        for end in ends:
            i = bisect_right(self.starts, end - 1) - 1
            if i >= 0 and end <= self.spans[i][1] and end > self.reach.get(i, -1):
                self.reach[i] = end

    def _end(self, i: int) -> int:
        """Where to stop analysing sentence ``i``, as an offset into the original text."""
        end = self.source.spans[i][1]
        if self.back is not _identity or i not in self.reach:
            return end
        # the rest of the word holding the last name, and the next word: Kiwi reads a word with its neighbour
        word = _WORD_AND_NEXT.match(self.norm, self.reach[i])
        return min(end, word.end()) if word else end

    def region(self, offset: int) -> _Tokens | None:
        i = bisect_right(self.starts, offset) - 1
        if i < 0 or offset >= self.spans[i][1]:
            return None
        if i not in self.done:
            tokens = self.source.analyse(i, self._end(i))
            self.done[i] = None if tokens is None else _mapped(tokens, self.back)
        return self.done[i]


def _offset_map(text: str, norm: str) -> Callable[[int], int]:
    """Offsets into ``text`` -> offsets into its normalised form ``norm``."""
    if len(norm) == len(text):
        return _identity
    _, to_orig = _normalise_text(text)
    back: dict[int, int] = {}
    for i in range(len(norm) + 1):
        back.setdefault(to_orig(i), i)
    return lambda offset: back.get(offset, offset)


def _token_spans(tokens: Sequence[Token] | Morphemes, text: str, norm: str) -> _Tokens | _LazyTokens:
    back = _offset_map(text, norm)
    if isinstance(tokens, Morphemes):
        return _LazyTokens(tokens, back)
    return _mapped(tokens, back)


def _mapped(tokens: Sequence[Token], back: Callable[[int], int]) -> _Tokens:
    """Morphemes with offsets into the normalised text (as they come when the two texts align)."""
    if back is _identity:
        return _Tokens(tokens)
    return _Tokens([_Tok(t.form, t.tag, back(t.start), back(t.end)) for t in tokens])


def _prefix_ok(norm: str, start: int) -> bool:
    # 주광저우 총영사 (駐), 재일본 (在): a one-syllable prefix glued to a foreign place name
    return start >= 1 and norm[start - 1] in "주재駐在" and (start < 2 or not HANGUL.match(norm[start - 2]))


def _suffix_stands(norm: str, offset: int, tokens: _Tokens | None) -> bool:
    suffix = norm[offset]
    after = norm[offset + 1] if offset + 1 < len(norm) else " "
    if HAN.match(suffix):
        return not HAN.match(after)
    if tokens is not None:
        return tokens.standalone(offset, suffix, norm)
    if suffix in "도부":
        return False  # 서울도 (also Seoul), 서울부터: without morphemes a particle is likelier
    return not HANGUL.match(after) or bool(PARTICLE_START.match(after))
