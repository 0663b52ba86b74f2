"""Which stored mentions report the same real event: pure rules shared by the store and the reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}


@dataclass(frozen=True, slots=True)
class Mention:
    """What consolidation needs to know about one stored event (one article's report of it)."""

    id: str
    article: str
    published: str | None
    actor: str | None  # place key
    type: str
    level: str | None
    partners: frozenset[str]  # place keys
    date: str | None
    date_end: str | None
    precision: str
    rejected: bool = False  # a person rejected it (citydip.decisions)

    @property
    def key(self) -> tuple:
        """Reports of one event agree on these (the spec: actor, type, partners; and an agreement's rank,
        since a sister-city agreement and an MOU signed the same day are two documents). Status may
        differ (a plan, then the deed) and so may the direction of a visit, which articles word loosely.
        A rejected mention joins only rejected ones: the others' event stays whole without it."""
        return (self.actor, self.type, self.level, self.partners, self.rejected)

    @property
    def order(self) -> tuple:
        """Canonical order: the most precise report first, then the earliest article."""
        return (
            PRECISION_RANK.get(self.precision, 3),
            self.date or "",
            self.date_end or "",
            self.published or "9999",
            self.article,
            self.id,
        )


def span(date: str | None, date_end: str | None = None) -> tuple[str, str] | None:
    """The days a date prefix (and optional end) can mean, as ISO strings: 2023-09 -> (2023-09-01, 2023-09-31)."""
    if not date:
        return None
    end = date_end or date
    lo = {4: date + "-01-01", 7: date + "-01"}.get(len(date), date)
    hi = {4: end + "-12-31", 7: end + "-31"}.get(len(end), end)
    return lo, max(lo, hi)


def compatible(a: tuple[str, str] | None, b: tuple[str, str] | None) -> bool:
    """Two dates can name the same event when one span lies inside the other (2023-09 and 2023-09-16)."""
    if a is None or b is None:
        return a is None and b is None
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])


def consolidate(mentions: Iterable[Mention]) -> dict[str, str]:
    """Map each mention id to the id of its event's canonical mention.

    Deterministic whatever the input order: mentions are visited in canonical order, so the canonical
    mention of an event is its most precise report (ties: the earliest article). A mention joins an
    event whose canonical mention has the same key and a compatible date, never one that already has a
    mention from its own article (the extractor keeps an article's events apart on purpose). A mention
    that fits several events (a bare "2023" beside 2023-09 and 2023-10) joins the one whose date equals
    its own, else stays on its own rather than guess.
    """
    canonical: dict[str, str] = {}
    events: dict[tuple, list[tuple[tuple[str, str] | None, str, set[str]]]] = {}
    for m in sorted(mentions, key=lambda m: m.order):
        own = span(m.date, m.date_end)
        candidates = [ev for ev in events.get(m.key, []) if m.article not in ev[2] and compatible(ev[0], own)]
        exact = [ev for ev in candidates if ev[0] == own]
        chosen = exact[0] if exact else (candidates[0] if len(candidates) == 1 else None)
        if chosen is None:
            chosen = (own, m.id, set())
            events.setdefault(m.key, []).append(chosen)
        chosen[2].add(m.article)
        canonical[m.id] = chosen[1]
    return canonical
