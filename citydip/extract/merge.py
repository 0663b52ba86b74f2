"""One event per fact in an article: folding twins, unranked agreements and undated repeats."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from citydip.models import LEVEL_RANK, Event, Place

# the partners' reason Extractor._relations gives its events
PASSING_REASON = "partners named after the rank"


def merge(events: list[Event]) -> list[Event]:
    """One event per (type, partner set, date); undated, unranked or less precise twins of a fuller event
    add nothing."""
    # a tie named in passing ('자매도시 A시', '자매도시인 A시') is an old relation, not the act an unranked
    # signing sentence tells of ('A시와 교류협약을 맺었다'): it ranks no other agreement
    ranked = [
        e for e in events if e.type == "agreement" and e.level is not None and PASSING_REASON not in e.reason
    ]

    def told_elsewhere(ev: Event, partner: Place) -> bool:
        return any(partner in r.partners and _dates_agree(r.date, ev.date) for r in ranked)

    folded: list[Event] = []
    for ev in events:
        if ev.type == "agreement" and ev.level is None:
            if all(told_elsewhere(ev, p) for p in ev.partners):
                continue  # '협약식은 … 열렸다' tells of an agreement the article ranks elsewhere
            ev = replace(ev, level="mou", reason=ev.reason + "; rank unstated: memorandum")
        folded.append(ev)
    merged: dict[tuple, Event] = {}
    for ev in folded:
        key = (
            ev.type,
            frozenset(p.key for p in ev.partners),
            ev.date,
            ev.level if ev.type == "agreement" else None,
        )
        if key in merged:
            prev = merged[key]
            merged[key] = replace(
                prev,
                people=tuple(dict.fromkeys(prev.people + ev.people)),
                upgrade=prev.upgrade or ev.upgrade,
                date_end=prev.date_end or ev.date_end,
            )
        else:
            merged[key] = ev
    out = list(merged.values())

    def twin(e: Event) -> tuple:
        return (e.type, frozenset(p.key for p in e.partners), e.level if e.type == "agreement" else None)

    # an undated twin of a dated event adds nothing, unless one is a plan and the other done (a forum
    # attended now, undated, and the next one announced for a year)
    dated = {(twin(e), e.status) for e in out if e.date}
    out = [e for e in out if e.date or (twin(e), e.status) not in dated]
    # a headline's month restates the body's day ('…뉴욕시와 친선도시 협약' over '16일 … 협약'): one fact
    dates = {}
    for e in out:
        if e.date:
            dates.setdefault(twin(e), []).append(e.date)
    return [
        e
        for e in out
        if not e.date or not any(d != e.date and d.startswith(e.date + "-") for d in dates[twin(e)])
    ]


def _dates_agree(a: str | None, b: str | None) -> bool:
    """Either is undated, or one is a prefix of the other (2023-09 and 2023-09-16)."""
    if a is None or b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def highest_level(levels: Sequence[str]) -> str | None:
    return max(levels, key=lambda lv: LEVEL_RANK.get(lv, -1), default=None)
