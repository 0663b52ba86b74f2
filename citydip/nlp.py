"""The only module that imports kiwipiepy: one lazily built Kiwi, sentences and morphemes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

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


class Token(NamedTuple):  # a tuple: built for every morpheme, ~3x cheaper than a frozen dataclass
    form: str
    tag: str
    start: int  # offsets into the analysed text
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    end: int


@cache
def kiwi() -> Kiwi:
    """Build Kiwi once per process (about a second and a few hundred MB)."""
    from kiwipiepy import Kiwi

    model = Kiwi(load_multi_dict=False)
    for word, tag in USER_WORDS:
        model.add_user_word(word, tag)
    return model


# A sentence ends at a full stop, question or exclamation mark (ASCII or full-width), after any closing
# quotes or brackets, where white space follows.
# (or a declarative ending's stop glued to the next sentence where a page lost the space: '연다.경북도는')
_END = re.compile(
    r"[.!?\uff0e\uff01\uff1f\u3002][\"'\u201d\u2019\u300d\u300f\uff02)\]]*(?=\s)|(?<=[가-힣][다요])\.(?=[가-힣])"
)
# Quotations whose full stops do not end the sentence that quotes them: '"… 서 있다. 4차 …"고 말했다'.
_QUOTED = re.compile(r'"[^"\n]*"|\u201c[^\u201d\n]*\u201d|\uff02[^\uff02\n]*\uff02')
# Before a stop, a digit or a Latin letter makes it a number, a date or an abbreviation (2025. 7. 16., U.S.).
_NOT_AN_END = re.compile(r"[0-9A-Za-z\uff10-\uff19]")


# A line that ends on a particle or a connective ending cannot end a sentence: the page wrapped the sentence
# by hand (broadcast scripts: '대구시는\n올해 …에 이어\n내년에는 …와도 자매결연을\n추진해'). Such a break
# joins the next line when that line goes on in Hangul.
_WRAPPED = re.compile(
    r"(?:[가-힣](?:는|은|를|와|과|에|에서|에는|로|으로|및|하며|하고)|에\s?이어|[가-힣][^마\s]을)[ \t]*\n(?=[ \t]*[가-힣])"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets in ``text``, read from its punctuation and line breaks alone.

    A line break ends a sentence (headlines, subtitles and datelines carry no final period), unless the line
    ends on a particle or a connective and the next goes on in Hangul (a sentence wrapped by hand). Within a
    line a sentence ends at a stop followed by white space, except inside a quotation and after a digit or a
    Latin letter. Kiwi's own splitter needs a full morphological analysis of every sentence and still cuts
    '한.중 수교' and '동경.북경' in two; news prose marks its sentence ends plainly enough.
    """
    spans: list[tuple[int, int]] = []
    lines = re.finditer(r"[^\n]+", _WRAPPED.sub(lambda m: m.group(0).replace("\n", " "), text))
    for line in lines:
        body, base = line.group(0), line.start()
        quoted = (
            [(m.start(), m.end()) for m in _QUOTED.finditer(body)]
            if '"' in body or "\u201c" in body or "\uff02" in body
            else []
        )
        cuts = []
        for m in _END.finditer(body):
            at = m.start()
            if at and _NOT_AN_END.match(body, at - 1):
                continue
            if any(qs < at and m.end() < qe for qs, qe in quoted):
                continue
            cuts.append(m.end())
        cuts.append(len(body))
        begin = 0
        for cut in cuts:
            piece = body[begin:cut]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                spans.append((base + begin + lead, base + begin + lead + len(stripped)))
            begin = cut
    return spans


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences (see sentence_spans); offsets refer to ``text``."""
    return [Sentence(text[start:end], start, end) for start, end in sentence_spans(text)]


def sentence_tokens(text: str, start: int, end: int) -> list[Token]:
    """Morphemes of ``text[start:end]`` (one sentence), with offsets into ``text``."""
    # tuple.__new__ builds the named tuple without the Python-level __new__ namedtuple defines: one
    # call fewer for every morpheme of every sentence Kiwi reads
    return [
        _new_tuple(Token, (t.form, t.tag, (at := start + t.start), at + t.len))
        for t in kiwi().tokenize(text[start:end])
    ]


_new_tuple = tuple.__new__


def tokens(text: str) -> list[Token]:
    """Morphemes of ``text`` without sentence splitting."""
    if not text.strip():
        return []
    return sentence_tokens(text, 0, len(text))


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
