"""Relevance prefilter: rule out, before Kiwi, the articles that cannot yield a city-diplomacy event."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from re import _parser as sre_parse  # the stdlib's own parser: compares a pattern's shape exactly

from citydip.extract import EVENT_TYPES, Extraction, Extractor, TriggerRule, trigger_rules
from citydip.gazetteer import Gazetteer
from citydip.models import Article

# Rows of data/triggers.tsv that start an event in Extractor._sentence_events: the event types, and
# relations named in passing ('자매도시인 …'), which make agreements.
EVENT_KINDS = frozenset(EVENT_TYPES | {"relation"})
# A Korean place survives as a partner only in agreements, aid and exchanges (extract.partners.domestic_ties),
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
        self._words = _Needles([p for _, group in self._foreign + self._domestic for p in group or ()])

    def screen(self, text: str) -> Screening:
        present = self._words.present(text)
        if not present:  # not one word any trigger row needs: the cheapest way out, so the first
            return Screening(False, "no diplomacy trigger")
        scope = self.gazetteer.place_scope(text)
        if scope is None:
            return Screening(False, "no place named")
        contexts = {kind for kind, pattern in self._contexts if pattern.search(text)}
        groups = self._foreign if scope == "foreign" else self._domestic
        for needs, patterns in groups:
            if needs and needs not in contexts:
                continue
            if patterns is None or any(p.pattern in present and p.search(text) for p in patterns):
                return Screening(True, f"{scope} place and a trigger")
        if scope == "foreign":
            return Screening(False, "no diplomacy trigger")
        return Screening(False, "Korean places only, and no agreement, aid or exchange trigger")

    def relevant(self, text: str) -> bool:
        return self.screen(text).relevant


ACTOR_LEAD_CHARS = 250  # how much of a ruled-out article is read for its actor


class ScreenedExtractor:
    """An Extractor that answers "no events" itself for the articles the prefilter rules out.

    Such an article is stored with zero events and its actor, found by the gazetteer alone (no Kiwi):
    a local government's everyday page still says whose page it is.
    """

    def __init__(self, extractor: Extractor, screen: RelevanceFilter | None = None):
        self.extractor = extractor
        self.filter = screen or RelevanceFilter(extractor.gazetteer, extractor.rules)
        self.screened_out = 0

    @property
    def gazetteer(self) -> Gazetteer:
        return self.extractor.gazetteer

    def extract(self, article: Article, verdict: Screening | None = None) -> Extraction:
        """``verdict``: the prefilter's, when the caller screened this article's text already."""
        verdict = verdict or self.filter.screen(article.text)
        if not verdict.relevant:
            self.screened_out += 1
            # the lead says whose page it is; reading only it keeps a ruled-out article cheap
            lead = replace(article, text=article.text[:ACTOR_LEAD_CHARS])
            actor, reason = self.extractor.actor_only(lead)
            return Extraction(actor, (), f"not read: {verdict.reason}; actor: {reason}")
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


def _by_context(rules: Iterable[TriggerRule]) -> list[tuple[str, list[re.Pattern[str]] | None]]:
    """The widened rows per ``needs`` value; None stands for "always matches" (a row that cannot be
    widened)."""
    grouped: dict[str, list[str | None]] = {}
    for rule in rules:
        grouped.setdefault(rule.attrs.get("needs", ""), []).append(_widened(rule.pattern.pattern))
    out: list[tuple[str, list[re.Pattern[str]] | None]] = []
    for needs, patterns in grouped.items():
        if any(p is None for p in patterns):
            out.append((needs, None))
        else:
            out.append((needs, [re.compile(p) for p in dict.fromkeys(patterns) if p is not None]))
    return out


class _Needles:
    """Which patterns may match a text, from literal words every match of theirs contains.

    Python's regex engine has no literal prefilter, so a long alternation costs ~0.2 µs a character; one
    Aho-Corasick pass finds every needed word at once, and a pattern none of whose words occurs is not run.
    A pattern without such words (a match that may start with any character) is always run."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]):
        import ahocorasick

        self.always: set[str] = set()
        self.automaton = ahocorasick.Automaton()
        owners: dict[str, set[str]] = {}
        for pattern in patterns:
            words = needed_words(pattern)
            if words is None:
                self.always.add(pattern.pattern)
                continue
            for word in words:
                owners.setdefault(word, set()).add(pattern.pattern)
        for word, names in owners.items():
            self.automaton.add_word(word, frozenset(names))
        if owners:
            self.automaton.make_automaton()
        self.empty = not owners

    def present(self, text: str) -> set[str]:
        """The patterns (by source) that may match ``text``."""
        found = set(self.always)
        if not self.empty:
            for _end, names in self.automaton.iter(text):
                found |= names
        return found


@cache
def needed_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Words one of which every match of ``pattern`` contains; None when that cannot be told."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        words = _needed(sre_parse.parse(pattern.pattern).data)
    except (re.error, RecursionError):  # pragma: no cover - compiled patterns always parse
        return None
    return frozenset(words) if words is not None else None


def _needed(items) -> set[str] | None:
    """The most selective set of words a sequence's every match contains (None: none known).

    Consecutive fixed pieces are joined: 상(?:을|도|은) needs one of 상을, 상도, 상은, not just 상."""
    candidates: list[set[str]] = []
    run: set[str] | None = None
    for op, av in [*items, (None, None)]:
        fixed = _fixed(str(op), av)
        if fixed is not None and (run is None or len(run) * len(fixed) <= MAX_NEEDLES):
            run = fixed if run is None else {a + b for a in run for b in fixed}
            continue
        if run:
            candidates.append(run)
        run = fixed  # a fixed piece too many to join starts a run of its own
        inner = _inner(str(op), av) if fixed is None else None
        if inner:
            candidates.append(inner)
    # the set whose shortest word is longest misses least often
    return max(candidates, key=lambda words: min(map(len, words)), default=None)


MAX_NEEDLES = 64


def _fixed(op: str, av) -> set[str] | None:
    """The strings a piece matches, when it matches only fixed strings: a literal, [을를], (?:과|와)."""
    if op == "LITERAL":
        return {chr(av)}
    if op == "IN" and all(str(kind) == "LITERAL" for kind, _ in av):
        return {chr(value) for _, value in av}
    if op == "SUBPATTERN":
        return _fixed_sequence(av[-1])
    if op == "BRANCH":
        out: set[str] = set()
        for branch in av[1]:
            strings = _fixed_sequence(branch)
            if strings is None:
                return None
            out |= strings
        return out if len(out) <= MAX_NEEDLES else None
    return None


def _fixed_sequence(items) -> set[str] | None:
    out = {""}
    for op, av in items:
        strings = _fixed(str(op), av)
        if strings is None or len(out) * len(strings) > MAX_NEEDLES:
            return None
        out = {a + b for a in out for b in strings}
    return out


def _inner(op: str, av) -> set[str] | None:
    """Words needed inside a piece that is not fixed: a group, alternatives, a repeat of one or more."""
    if op == "SUBPATTERN":
        return _needed(av[-1])
    if op == "BRANCH":
        out: set[str] = set()
        for branch in av[1]:
            words = _needed(branch)
            if words is None:
                return None
            out |= words
        return out
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
        return _needed(av[2])
    return None


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
