"""Relevance prefilter: rule out, before Kiwi, the articles that cannot yield a city-diplomacy event."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from re import _parser as sre_parse  # the stdlib's own parser: compares a pattern's shape exactly

from citydip.extract import EVENT_TYPES, Extraction, Extractor, TriggerRule, trigger_rules
from citydip.gazetteer import Gazetteer
from citydip.models import Article

# Rows of data/triggers.tsv that start an event in Extractor._sentence_events: the event types, and
# relations named in passing ('자매도시인 …'), which make agreements.
EVENT_KINDS = frozenset(EVENT_TYPES | {"relation"})
# A Korean place survives as a partner only in agreements, aid and exchanges (extract._domestic_ties),
# and meetings or visits only with a partner those tie to the actor: with no foreign place in the
# text, only these rows can make an event.
DOMESTIC_KINDS = frozenset({"agreement", "aid", "exchange", "relation"})

_LOOKAROUND = re.compile(r"\(\?<?[=!](?:[^()\\]|\\.)*\)")


@dataclass(frozen=True, slots=True)
class Screening:
    relevant: bool
    reason: str


class RelevanceFilter:
    """Says whether an article may hold an event, from its raw text: trigger words and place names.

    Exact, never a guess: an article it rules out gives no event when extracted in full. Every event
    needs a trigger row matching inside one sentence (the same pattern matches the whole text, once its
    lookarounds, which could see past a sentence end, are dropped) and a partner found by the gazetteer
    (Gazetteer.place_scope sees every name find() could return). Rows gated by an article-level
    context (``needs=aid_context``) count only when that context matches, as in the extractor.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, rules: Sequence[TriggerRule] | None = None):
        self.gazetteer = gazetteer or Gazetteer.default()
        rules = trigger_rules() if rules is None else tuple(rules)
        self._contexts = [(r.kind, r.pattern) for r in rules if r.kind.endswith("_context")]
        self.exact, self._foreign, self._domestic = (
            _default_screens() if rules == trigger_rules() else _screens(rules)
        )

    def screen(self, text: str) -> Screening:
        scope = self.gazetteer.place_scope(text)
        if scope is None:
            return Screening(False, "no place named")
        contexts = {kind for kind, pattern in self._contexts if pattern.search(text)}
        groups = self._foreign if scope == "foreign" else self._domestic
        for needs, pattern in groups:
            if needs and needs not in contexts:
                continue
            if pattern is None or pattern.search(text):
                return Screening(True, f"{scope} place and a trigger")
        if scope == "foreign":
            return Screening(False, "no diplomacy trigger")
        return Screening(False, "Korean places only, and no agreement, aid or exchange trigger")

    def relevant(self, text: str) -> bool:
        return self.screen(text).relevant


class ScreenedExtractor:
    """An Extractor that answers "no events" itself for the articles the prefilter rules out.

    Such an article is stored with zero events and no actor (finding the actor needs Kiwi).
    """

    def __init__(self, extractor: Extractor, screen: RelevanceFilter | None = None):
        self.extractor = extractor
        self.filter = screen or RelevanceFilter(extractor.gazetteer, extractor.rules)
        self.screened_out = 0

    @property
    def gazetteer(self) -> Gazetteer:
        return self.extractor.gazetteer

    def extract(self, article: Article) -> Extraction:
        verdict = self.filter.screen(article.text)
        if not verdict.relevant:
            self.screened_out += 1
            return Extraction(None, (), f"not read: {verdict.reason}")
        return self.extractor.extract(article)


@cache
def _default_screens() -> tuple[bool, list, list]:
    return _screens(trigger_rules())  # widening and compiling every row takes ~50 ms: once a process


def _screens(rules: Sequence[TriggerRule]) -> tuple[bool, list, list]:
    triggers = [r for r in rules if r.kind in EVENT_KINDS]
    # A row whose pattern cannot be widened safely (an anchor such as ^ or \b) keeps every article
    # of its scope: slower, never wrong.
    exact = all(_widened(r.pattern.pattern) is not None for r in triggers)
    return exact, _by_context(triggers), _by_context(r for r in triggers if r.kind in DOMESTIC_KINDS)


def _by_context(rules: Iterable[TriggerRule]) -> list[tuple[str, re.Pattern[str] | None]]:
    """One combined pattern per ``needs`` value; None stands for "always matches"."""
    grouped: dict[str, list[str | None]] = {}
    for rule in rules:
        grouped.setdefault(rule.attrs.get("needs", ""), []).append(_widened(rule.pattern.pattern))
    out: list[tuple[str, re.Pattern[str] | None]] = []
    for needs, patterns in grouped.items():
        if any(p is None for p in patterns):
            out.append((needs, None))
        else:
            out.append((needs, re.compile("|".join(f"(?:{p})" for p in patterns))))
    return out


def _widened(pattern: str) -> str | None:
    """``pattern`` without its lookarounds, so that a match inside a sentence is a match in the whole text;
    None when that cannot be done safely (an anchor, a back-reference, a lookaround holding parentheses)."""
    widened = _LOOKAROUND.sub("", pattern)
    try:
        expected = _shape(sre_parse.parse(pattern).data, drop_asserts=True)
        got = _shape(sre_parse.parse(widened).data, drop_asserts=False)
    except (re.error, _Unscreenable):
        return None
    return widened if got == expected else None


class _Unscreenable(Exception):
    pass


_ASSERTS = {"ASSERT", "ASSERT_NOT"}
_UNSAFE = {
    "AT",
    "GROUPREF",
    "GROUPREF_EXISTS",
    "GROUPREF_IGNORE",
    "GROUPREF_LOC_IGNORE",
    "GROUPREF_UNI_IGNORE",
}


def _shape(data, *, drop_asserts: bool) -> tuple:
    """A parsed pattern as nested tuples, to compare two patterns' structure exactly."""
    out = []
    for op, av in data:
        name = str(op)
        if name in _UNSAFE:
            raise _Unscreenable(name)
        if name in _ASSERTS:
            if drop_asserts:
                continue
            raise _Unscreenable(name)
        out.append((name, _shape_value(av, drop_asserts)))
    return tuple(out)


def _shape_value(av, drop_asserts: bool):
    if isinstance(av, sre_parse.SubPattern):
        return _shape(av.data, drop_asserts=drop_asserts)
    if isinstance(av, list | tuple):
        return tuple(_shape_value(x, drop_asserts) for x in av)
    return str(av)
