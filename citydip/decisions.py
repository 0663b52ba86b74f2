"""A person's decisions on events, and how they apply to an article's extracted events (pure; the store writes).

A decision is keyed by what identifies an event in its article (type, partners, date; the agreement level
tells two agreements of one day apart), never by a row id: when the article is extracted again and the
extractor finds the same event, the decision applies to it again; an edited or added event it no longer
finds is put back as the person left it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace

from citydip.models import Event, Person, Place

ACCEPTED, REJECTED, EDITED, ADDED = "accepted", "rejected", "edited", "added"
VERDICTS = (ACCEPTED, REJECTED, EDITED, ADDED)
# What timeline and show call a reviewed event, the strongest first: a row with several reports shows the
# strongest of their decisions (a person made the event, changed it, or confirmed it).
REVIEWED = (ADDED, EDITED, ACCEPTED)
# The fields of an event a person may set (``citydip edit`` and ``add``); a date comes with its end and precision.
FIELDS = (
    "type",
    "level",
    "partners",
    "date",
    "date_end",
    "precision",
    "status",
    "direction",
    "evidence",
    "actor",
)
ADDED_REASON = "added by a person"


@dataclass(frozen=True, slots=True)
class EventKey:
    """What identifies an event in its article: its type, partners (sorted place keys), date and level."""

    article: str
    type: str
    partners: tuple[str, ...]
    date: str | None
    level: str | None

    @property
    def loose(self) -> tuple:
        """The key without the level: a decision still finds its event when only the level was read anew."""
        return (self.type, self.partners, self.date)


def event_key(article: str, event: Event) -> EventKey:
    return EventKey(
        article, str(event.type), tuple(sorted({p.key for p in event.partners})), event.date, event.level
    )


@dataclass(frozen=True)
class Decision:
    """A person's word on one event of one article."""

    key: EventKey
    verdict: str  # one of VERDICTS
    reason: str | None = None  # why it was rejected
    changes: Mapping[str, object] = field(default_factory=dict)  # FIELDS a person set (edited, added)
    base: Event | None = None  # the event it governs as the extractor read it (as the person wrote it: added)
    event_id: str | None = None  # the stored event it governs now
    decided_at: str = ""

    @property
    def final(self) -> Event | None:
        """The event as reports show it: the base with the person's changes."""
        return None if self.base is None else apply_changes(self.base, self.changes)


def apply_changes(event: Event, changes: Mapping[str, object]) -> Event:
    """``event`` with a person's changes; an event that is no agreement has no level."""
    out = replace(event, **dict(changes)) if changes else event
    if out.type != "agreement" and (out.level is not None or out.upgrade):
        out = replace(out, level=None, upgrade=False)
    return out


def decide(
    old: Decision | None,
    key: EventKey,
    base: Event,
    verdict: str,
    *,
    reason: str | None = None,
    changes: Mapping[str, object] | None = None,
    event_id: str | None = None,
    now: str,
) -> Decision:
    """The decision on an event after a person's ``verdict`` (``old``: the decision it had, if any).

    Accepting keeps an earlier edit (an edited or added event stays so); editing a rejected event brings it
    back, edited; rejecting keeps the edits made, in case the event is accepted again.
    """
    merged = dict(old.changes) if old is not None else {}
    merged.update(changes or {})
    was = old.verdict if old is not None else None
    if verdict == ACCEPTED:
        verdict = was if was in (EDITED, ADDED) else (EDITED if merged else ACCEPTED)
    elif verdict == EDITED and was == ADDED:
        verdict = ADDED
    return Decision(
        key=old.key if old is not None else key,
        verdict=verdict,
        reason=reason if verdict == REJECTED else None,
        changes=merged,
        base=old.base if old is not None and old.base is not None else base,
        event_id=event_id or (old.event_id if old is not None else None),
        decided_at=now,
    )


def added_event_id(key: EventKey) -> str:
    """The id of an event a person added: from its key, so it is the same in every database."""
    raw = "added|" + "|".join(
        [key.article, key.type, ",".join(key.partners), key.date or "", key.level or ""]
    )
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


# -- applying the decisions of one article to its extracted events ---------------------------------------


@dataclass(frozen=True, slots=True)
class Planned:
    """One event to store: its id and position in the article, the event, and its review (None: not reviewed)."""

    id: str
    seq: int
    event: Event
    review: str | None


@dataclass(frozen=True, slots=True)
class Governs:
    """What a decision governs after the article was stored: the stored event and its base (None: nothing)."""

    event_id: str | None
    base: Event | None


def match(
    decisions: Sequence[Decision], candidates: Sequence[tuple[str, Event]], article: str
) -> list[int | None]:
    """For each decision, the index of the candidate event it governs (or None); each event is governed once.

    A decision takes the first event with its whole key; failing that, the first with its type, partners
    and date (the level read anew); failing that, an edited or added one takes the first event that is what
    the person made of it (the extractor now reads the event as the person said it is).
    """
    keys = [event_key(article, event) for _id, event in candidates]
    taken: set[int] = set()
    out: list[int | None] = [None] * len(decisions)
    made = [
        event_key(article, d.final) if d.verdict in (EDITED, ADDED) and d.final is not None else None
        for d in decisions
    ]
    for own, exact in ((True, True), (True, False), (False, True), (False, False)):
        for d_index, decision in enumerate(decisions):
            wanted = decision.key if own else made[d_index]
            if out[d_index] is not None or wanted is None:
                continue
            for c_index, key in enumerate(keys):
                if c_index in taken:
                    continue
                if (key == wanted) if exact else (key.loose == wanted.loose):
                    out[d_index] = c_index
                    taken.add(c_index)
                    break
    return out


def plan(
    article: str,
    extracted: Sequence[Event],
    decisions: Sequence[Decision],
    event_id: Callable[[int, Event], str],
) -> tuple[list[Planned], list[Governs]]:
    """The events to store for ``article`` given what the extractor read and the article's decisions, and
    what each decision governs then.

    An extracted event a decision finds is stored with the decision applied (rejected ones too: reports leave
    them out, ``--all`` shows them). An edited or added event not found is put back as the person left it,
    after the extracted ones; an accepted or rejected one not found governs nothing until it is found again.
    """
    ids = [event_id(seq, event) for seq, event in enumerate(extracted)]
    found = match(decisions, list(zip(ids, extracted, strict=True)), article)
    by_event = {index: d_index for d_index, index in enumerate(found) if index is not None}
    taken = set(ids)
    planned: list[Planned] = []
    governs: list[Governs] = [Governs(None, d.base) for d in decisions]
    for seq, (eid, event) in enumerate(zip(ids, extracted, strict=True)):
        d_index = by_event.get(seq)
        if d_index is None:
            planned.append(Planned(eid, seq, event, None))
            continue
        decision = decisions[d_index]
        if decision.event_id and decision.event_id not in taken:
            # a decided event keeps its id whatever the extractor reads now: the one a person noted
            taken.discard(eid)
            eid = decision.event_id
            taken.add(eid)
        final = event if decision.verdict in (ACCEPTED, REJECTED) else apply_changes(event, decision.changes)
        planned.append(Planned(eid, seq, final, decision.verdict))
        governs[d_index] = Governs(eid, event)
    seq = len(extracted)
    for d_index, decision in enumerate(decisions):
        if found[d_index] is not None or decision.verdict not in (EDITED, ADDED) or decision.base is None:
            continue
        eid = decision.event_id if decision.event_id and decision.event_id not in taken else None
        eid = eid or added_event_id(decision.key)
        taken.add(eid)
        planned.append(Planned(eid, seq, apply_changes(decision.base, decision.changes), decision.verdict))
        governs[d_index] = Governs(eid, decision.base)
        seq += 1
    return planned, governs


# -- JSON: the decisions table and decision files ----------------------------------------------------------


def place_json(place: Place) -> dict:
    return asdict(place)


def place_from_json(data: Mapping) -> Place:
    return Place(**data)


def event_json(event: Event) -> dict:
    return asdict(event)


def event_from_json(data: Mapping) -> Event:
    return Event(
        **{
            **data,
            "partners": tuple(place_from_json(p) for p in data["partners"]),
            "actor": place_from_json(data["actor"]) if data.get("actor") else None,
            "people": tuple(Person(**p) for p in data.get("people", ())),
        }
    )


def changes_json(changes: Mapping[str, object]) -> dict:
    out: dict = {}
    for name, value in changes.items():
        if name == "partners":
            out[name] = [place_json(p) for p in value]  # type: ignore[attr-defined]
        elif name == "actor":
            out[name] = place_json(value) if value is not None else None  # type: ignore[arg-type]
        else:
            out[name] = value
    return out


def changes_from_json(data: Mapping) -> dict:
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r} in changes")
    out: dict = {}
    for name, value in data.items():
        if name == "partners":
            out[name] = tuple(place_from_json(p) for p in value)
        elif name == "actor":
            out[name] = place_from_json(value) if value is not None else None
        else:
            out[name] = value
    return out


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
