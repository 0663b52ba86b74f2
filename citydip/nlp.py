"""The only module that imports kiwipiepy: one lazily built Kiwi, sentences and morphemes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from kiwipiepy import Kiwi

# Multi-word terms Kiwi would otherwise split into pieces that no longer say what they are.
USER_WORDS: tuple[tuple[str, str], ...] = (
    ("세계도시정상회의", "NNP"),
    ("자매결연", "NNG"),
    ("우호교류", "NNG"),
    ("양해각서", "NNG"),
    ("업무협약", "NNG"),
)


@dataclass(frozen=True, slots=True)
class Token:
    form: str
    tag: str
    start: int  # offsets into the analysed text
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int
    tokens: tuple[Token, ...]


@cache
def kiwi() -> Kiwi:
    """Build Kiwi once per process (about a second and a few hundred MB)."""
    from kiwipiepy import Kiwi

    model = Kiwi(load_multi_dict=False)
    for word, tag in USER_WORDS:
        model.add_user_word(word, tag)
    return model


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, each with its morphemes; offsets refer to ``text``.

    A line break always ends a sentence: headlines, subtitles and datelines carry no final period, and
    Kiwi would otherwise run a headline into the next line.
    """
    if not text.strip():
        return []
    out: list[Sentence] = []
    model = kiwi()
    for line in re.finditer(r"[^\n]+", text):
        body = line.group(0)
        if not body.strip():
            continue
        base = line.start()
        # What split_into_sents(return_tokens=True) computes, without the embedded-sentence list it also
        # builds in Python (unused here): a sentence spans its first to its last morpheme.
        for morphemes in model.tokenize(body, split_sents=True):
            if not morphemes:
                continue
            start, end = morphemes[0].start, morphemes[-1].end
            tokens = tuple(Token(t.form, t.tag, base + t.start, base + t.start + t.len) for t in morphemes)
            out.append(Sentence(body[start:end], base + start, base + end, tokens))
    return out


def tokens(text: str) -> list[Token]:
    """Morphemes of ``text`` without sentence splitting."""
    if not text.strip():
        return []
    return [Token(t.form, t.tag, t.start, t.start + t.len) for t in kiwi().tokenize(text)]


# Search terms: content morphemes only, so particles and endings never decide a match.
SEARCH_TAGS = frozenset({"NNG", "NNP", "NR", "SL", "SH", "SN", "XR", "VV", "VA"})
# Kiwi keeps 서울시, 부산광역시, 서울시장 whole; a search for 서울 or 부산 must still find them, so such a
# noun is also indexed as its stem and its suffix (longest suffix first).
ADMIN_SUFFIXES = (
    "특별자치시",
    "특별자치도",
    "광역시",
    "특별시",
    "자치구",
    "자치주",
    "카운티",
    "구청장",
    "도지사",
    "시장",
    "군수",
    "시청",
    "구청",
    "도청",
    "시",
    "도",
    "구",
    "군",
    "주",
    "성",
    "현",
)


def _split_admin(form: str, tag: str) -> tuple[str, str] | None:
    if tag not in ("NNP", "NNG"):
        return None
    for suffix in ADMIN_SUFFIXES:
        stem = form[: -len(suffix)]
        if form.endswith(suffix) and len(stem) >= 2 and all("가" <= ch <= "힣" for ch in stem):
            return stem, suffix
    return None


def index_terms(text: str) -> str:
    """Space-joined search terms of ``text`` for the FTS index: 서울시는 → "서울시 서울 시"."""
    terms: list[str] = []
    for token in tokens(text):
        if token.tag not in SEARCH_TAGS:
            continue
        terms.append(token.form)
        split = _split_admin(token.form, token.tag)
        if split:
            terms.extend(split)
    return " ".join(terms)


# A unit suffix adds nothing to a query (서울시 means 서울); an office or title suffix (서울시장) does.
TITLE_SUFFIXES = frozenset({"구청장", "도지사", "시장", "군수", "시청", "구청", "도청"})


def query_terms(text: str) -> list[str]:
    """Terms a document must all contain to match the query ``text``: 서울시 → [서울], 서울시장 → [서울, 시장]."""
    terms: list[str] = []
    for token in tokens(text):
        if token.tag not in SEARCH_TAGS:
            continue
        split = _split_admin(token.form, token.tag)
        wanted = (token.form,) if not split else split if split[1] in TITLE_SUFFIXES else split[:1]
        for term in wanted:
            if term not in terms:
                terms.append(term)
    return terms
