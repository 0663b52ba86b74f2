"""How an (actor, partner) relation folds out of its real events: pure rules for the store and reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from citydip.consolidate import PRECISION_RANK, compatible, span
from citydip.models import LEVEL_RANK


@dataclass(frozen=True, slots=True)
class PairEvent:
    """One real event (reports merged) as the partner table sees it."""

    type: str
    level: str | None
    date: str | None
    date_end: str | None
    precision: str
    done: bool  # some report says it happened
    upgrade: bool  # some report calls the agreement an upgrade


@dataclass(slots=True)
class Relation:
    """What the partner table says about one (actor, partner) pair: ``add`` its real events in timeline
    order (the order decides ties in the history), then ``settle`` level, since and history."""

    level: str | None = None
    since: str | None = None
    history: list[dict] = field(default_factory=list)
    first_contact: str | None = None
    last_contact: str | None = None
    events: int = 0
    types: Counter = field(default_factory=Counter)
    steps: list[dict] = field(default_factory=list, repr=False, compare=False)  # agreements, until settled

    def add(self, ev: PairEvent) -> None:
        self.events += 1
        self.types[ev.type] += 1
        if ev.date and ev.done:
            self.first_contact = min(filter(None, [self.first_contact, ev.date]))
            self.last_contact = max(filter(None, [self.last_contact, ev.date]))
        if ev.type == "agreement" and ev.level and ev.done:
            self.steps.append(
                {
                    "level": ev.level,
                    "date": ev.date,
                    "date_end": ev.date_end,
                    "precision": ev.precision,
                    "upgrade": ev.upgrade,
                }
            )

    def settle(self) -> Relation:
        self.history = fold_history(self.steps)
        self.level, self.since = settle_level(self.history)
        return self


def _step_span(step: dict) -> tuple[str, str] | None:
    return span(step["date"], step.get("date_end"))


def fold_history(steps: list[dict]) -> list[dict]:
    """Each relation step once: reports of one signing at several precisions (2023-09, 2023-09-16) fold
    into the most precise; an undated mention of a rank the history already dates adds nothing; and
    on one date a pair reached one rank, the highest named (친선·우호도시 협약 read as both)."""
    kept: list[dict] = []
    ordered = sorted(steps, key=lambda h: (PRECISION_RANK.get(h["precision"], 3), h["date"] or ""))
    for step in ordered:
        same = [k for k in kept if k["level"] == step["level"]]
        if step["date"] is None and any(k["date"] for k in same):
            match = next(k for k in same if k["date"])
        else:
            match = next((k for k in same if compatible(_step_span(k), _step_span(step))), None)
        if match is None:
            kept.append(dict(step))
        else:
            match["upgrade"] = match["upgrade"] or step["upgrade"]
    kept = [
        h
        for h in kept
        if not any(
            LEVEL_RANK[k["level"]] > LEVEL_RANK[h["level"]]
            and h["date"]
            and k["date"]
            and compatible(_step_span(k), _step_span(h))
            for k in kept
        )
    ]
    kept.sort(key=lambda h: (h["date"] is None, h["date"] or ""))
    return [{"level": h["level"], "date": h["date"], "upgrade": h["upgrade"]} for h in kept]


def settle_level(history: list[dict]) -> tuple[str | None, str | None]:
    """(highest rank reached, when it was first reached): an upgrade moves it up, never down."""
    best: str | None = None
    since: str | None = None
    for h in history:
        if best is None or LEVEL_RANK[h["level"]] > LEVEL_RANK[best]:
            best, since = h["level"], h["date"]
        elif h["level"] == best and since is None:
            since = h["date"]
    return best, since


def relation(events: Iterable[PairEvent]) -> Relation:
    """One pair's real events, given in timeline order, folded."""
    out = Relation()
    for ev in events:
        out.add(ev)
    return out.settle()
