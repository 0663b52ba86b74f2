"""The only module that imports kiwipiepy: one lazily built Kiwi, sentences and morphemes."""

from __future__ import annotations

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

    model = Kiwi()
    for word, tag in USER_WORDS:
        model.add_user_word(word, tag)
    return model


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, each with its morphemes; offsets refer to ``text``."""
    if not text.strip():
        return []
    out: list[Sentence] = []
    for sent in kiwi().split_into_sents(text, return_tokens=True):
        tokens = tuple(Token(t.form, t.tag, t.start, t.start + t.len) for t in (sent.tokens or ()))
        out.append(Sentence(sent.text, sent.start, sent.end, tokens))
    return out


def tokens(text: str) -> list[Token]:
    """Morphemes of ``text`` without sentence splitting."""
    if not text.strip():
        return []
    return [Token(t.form, t.tag, t.start, t.start + t.len) for t in kiwi().tokenize(text)]
