"""Reviewing events: accept, reject, edit or add them; the queue of events that need a look; decision files."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from citydip.decisions import (
    ACCEPTED,
    ADDED,
    ADDED_REASON,
    EDITED,
    REJECTED,
    VERDICTS,
    Decision,
    EventKey,
    added_event_id,
    changes_from_json,
    changes_json,
    decide,
    event_from_json,
    event_json,
    event_key,
)
from citydip.errors import CitydipError, InputError, UsageError
from citydip.models import Direction, Event, EventType, Level, Place, Precision, Status
from citydip.reports import TimelineRow, _event_row, _keys, resolve_event_id
from citydip.store import Store

# Parts of an event's reason (citydip.extract) that the evaluations found often wrong: the review shows
# events whose reasons hold more of them first, among events of equal confidence, and says which.
WEAK_RULES: tuple[tuple[str, str], ...] = (
    ("partners referred back to", "partners taken from an earlier sentence"),
    ("the delegation just mentioned", "partners of a delegation named before"),
    ("the sentence continues the previous one", "partners of the previous sentence"),
    ("host of the forum named earlier", "the forum's host named earlier"),
    ("an official of the partner named earlier", "partner read from an official's title"),
    ("named after the rank", "a tie named in passing (…도시인)"),
    ("not in the gazetteer", "a partner the gazetteer does not know"),
    ("as resolved earlier in the article", "a place resolved from an earlier mention"),
    ("rank unstated", "agreement rank not stated"),
    ("no date", "no date in the text"),
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- the review queue ---------------------------------------------------------------------------------------


@dataclass
class ReviewItem:
    """One event to look at: the real event, why it is uncertain, and where its article says it."""

    row: TimelineRow
    weak: list[str]  # notes of the weak rules its reason names
    before: list[str]  # the sentences before the evidence sentence
    sentence: str  # the sentence holding the evidence
    after: list[str]
    left: int  # events left to review, this one included


def weak_rules(reason: str) -> list[str]:
    return [note for part, note in WEAK_RULES if part in reason]


def evidence_context(text: str, evidence: str, around: int = 1) -> tuple[list[str], str, list[str]]:
    """The sentence of ``text`` that holds ``evidence`` and ``around`` sentences on each side of it."""
    from citydip.nlp import sentences  # punctuation alone: no Kiwi

    sents = [s.text for s in sentences(text)]
    at = next((i for i, s in enumerate(sents) if evidence in s or s in evidence), None)
    if at is None:
        start = text.find(evidence)
        if start < 0:
            return [], evidence, []
        offsets = sentences(text)
        at = next((i for i, s in enumerate(offsets) if s.start <= start < s.end), None)
        if at is None:
            return [], evidence, []
    return sents[max(0, at - around) : at], sents[at], sents[at + 1 : at + 1 + around]


def next_for_review(
    store: Store,
    *,
    actor: str | None = None,
    types: Sequence[str] = (),
    skip: Collection[str] = (),
    around: int = 1,
) -> ReviewItem | None:
    """The least certain real event nobody has reviewed (lowest confidence, then most weak rules), or None.

    ``skip``: ids of events passed over in this session."""
    actor_keys = _keys(store, actor, "actor")
    ids, left = store.review_candidates(
        actor_keys=actor_keys, types=types, skip=skip, weak=[part for part, _ in WEAK_RULES]
    )
    if not ids:
        return None
    row = _event_row(store, ids[0])
    text = store.articles([row.record.article["id"]])[row.record.article["id"]]["text"]
    before, sentence, after = evidence_context(text, row.record.evidence, around)
    return ReviewItem(row, weak_rules(row.record.reason), before, sentence, after, left)


# -- decisions on stored events -----------------------------------------------------------------------------


@dataclass
class Decided:
    """What a decision did: the event named, the reports it applied to, and the event as it stands now."""

    event_id: str  # the id given (resolved)
    verdict: str
    reports: list[str]  # ids of the stored events it governs now
    row: TimelineRow | None  # the real event now (None: the extractor's event is gone)


def decide_events(
    store: Store,
    event_ids: Sequence[str],
    verdict: str,
    *,
    reason: str | None = None,
    changes: dict | None = None,
) -> list[Decided]:
    """A person's ``verdict`` on each event (whole ids or their first characters; every report of the real
    event each names), stored at once, in one transaction: all or nothing.

    ``changes`` (an edit) are fields as citydip.models.Event holds them (see ``parse_changes``)."""
    if verdict not in (ACCEPTED, REJECTED, EDITED):
        raise ValueError(f"unknown verdict {verdict!r}")
    wanted = [
        resolve_event_id(store, text) for text in event_ids
    ]  # every id checked before anything is written
    now = _now()
    decisions: list[Decision] = []
    groups: list[list[str]] = []
    done: set[str] = set()
    for eid in wanted:
        mentions = [m for m in store.mention_ids(eid) if m not in done]
        done.update(mentions)
        groups.append(mentions)
        records = store.events_by_id(mentions)
        for mention in mentions:
            record = records[mention]
            base = record.as_event()
            if changes:
                _check_level(changes, base)
            old = store.decision_of_event(mention)
            key = event_key(record.article["id"], base)
            decisions.append(
                decide(old, key, base, verdict, reason=reason, changes=changes, event_id=mention, now=now)
            )
    governed = iter(store.apply_decisions(decisions))
    out = []
    for eid, mentions in zip(wanted, groups, strict=True):
        now_ids = [g for g in (next(governed) for _ in mentions) if g is not None]
        row = _event_row(store, now_ids[0]) if now_ids else None
        out.append(Decided(eid, verdict, now_ids, row))
    return out


def _check_level(changes: dict, base: Event) -> None:
    kind = changes.get("type", base.type)
    if changes.get("level") is not None and kind != "agreement":
        raise UsageError(f"--level is for agreements; this event is a {kind} (give --type agreement too)")


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_date(value: str) -> tuple[str | None, str | None, str]:
    """(date, end, precision) of ``2024``, ``2024-05``, ``2024-05-19``, a range ``2024-05-19~21`` or
    ``2024-05-19~2024-05-21`` (as timeline shows them), or ``none``."""
    text = value.strip()
    if text.lower() in ("none", "undated", ""):
        return None, None, Precision.UNKNOWN
    start, _, end = text.partition("~")
    start, end = start.strip(), end.strip()
    if end and len(end) < len(start):  # 2024-05-19~21: the end written as timeline shows it
        end = start[: len(start) - len(end)] + end
    for part in (start, end) if end else (start,):
        if not _DATE.match(part):
            raise UsageError(f"--date wants YYYY, YYYY-MM or YYYY-MM-DD (a range: START~END), not {value!r}")
        try:
            date.fromisoformat((part + "-01-01")[:10] if len(part) < 10 else part)
        except ValueError:
            raise UsageError(f"--date: {part!r} is not a real date") from None
    if end and (len(end) != len(start) or end < start):
        raise UsageError(f"--date: the range {value!r} must end after it starts, at the same precision")
    precision = {4: Precision.YEAR, 7: Precision.MONTH, 10: Precision.DAY}[len(start)]
    return start, (end if end and end != start else None), precision


def _choice(what: str, value: str, choices: Sequence[str], *, none: bool = False) -> str | None:
    text = value.strip().lower()
    if none and text == "none":
        return None
    if text not in choices:
        allowed = ", ".join([*choices, "none"] if none else choices)
        raise UsageError(f"unknown {what} {value!r} (choose from {allowed})")
    return text


def parse_changes(
    store: Store,
    *,
    type: str | None = None,
    partners: Sequence[str] = (),
    level: str | None = None,
    date: str | None = None,
    status: str | None = None,
    direction: str | None = None,
) -> dict:
    """The fields an edit sets, checked and resolved (partner names to places); a usage error on bad input."""
    changes: dict = {}
    if type is not None:
        changes["type"] = _choice("event type", type, [e.value for e in EventType])
    if partners:
        changes["partners"] = tuple(dict.fromkeys(resolve_place(store, name) for name in partners))
    if level is not None:
        changes["level"] = _choice("level", level, [e.value for e in Level], none=True)
    if date is not None:
        changes["date"], changes["date_end"], changes["precision"] = parse_date(date)
    if status is not None:
        changes["status"] = _choice("status", status, [e.value for e in Status])
    if direction is not None:
        changes["direction"] = _choice("direction", direction, [e.value for e in Direction], none=True)
    return changes


def resolve_place(store: Store, name: str) -> Place:
    """A place named on the command line: a key (gn:1835848, KR:송파구), a GeoNames id, or a name the
    database or the gazetteer (with the user's aliases) knows."""
    query = name.strip()
    key = f"gn:{query}" if query.isdigit() else query
    keys = store.find_place_keys(key)
    if len(keys) == 1:
        return store.places(keys)[keys[0]]
    if len(keys) > 1:
        places = store.places(keys)
        choices = ", ".join(f"{p.name_ko} ({p.name}, {p.country}: {k})" for k, p in sorted(places.items()))
        raise UsageError(f"{name!r} names several places: {choices}; give one of the keys")
    from citydip.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    aliases = store.aliases()
    if aliases:
        gazetteer = gazetteer.with_aliases(aliases)
    place = gazetteer.place_named(query)
    if place is None:
        raise UsageError(
            f"no place called {name!r}; give a key, a GeoNames id or a name `citydip places` knows"
        )
    return place


def resolve_article_id(store: Store, article_id: str) -> str:
    prefix = article_id.strip().lower()
    ids, count = store.article_ids(prefix) if prefix else ([], 0)
    if not ids:
        raise CitydipError(f"no article {article_id!r} in the database")
    if count > 1 and prefix not in ids:
        raise UsageError(
            f"{article_id!r} starts {count} article ids ({', '.join(ids[:5])}{', …' if count > 5 else ''}); "
            "give more of it"
        )
    return prefix if prefix in ids else ids[0]


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def add_event(
    store: Store,
    article_id: str,
    *,
    type: str,
    partners: Sequence[str],
    evidence: str,
    date: str | None = None,
    level: str | None = None,
    status: str = Status.DONE,
    direction: str | None = None,
    actor: str | None = None,
) -> Decided:
    """An event the extractor missed, added by a person to a stored article (``article_id`` or its first
    characters). ``evidence`` must occur in the article's text (white space aside)."""
    article = resolve_article_id(store, article_id)
    stored = store.articles([article])[article]
    evidence = unicodedata.normalize("NFC", evidence).strip()
    if not evidence:
        raise UsageError("--evidence is empty")
    if evidence not in stored["text"] and _squeeze(evidence) not in _squeeze(stored["text"]):
        raise CitydipError(f"article {article}: the evidence does not occur in its text")
    if not partners:
        raise UsageError("an event needs at least one --partner")
    fields = parse_changes(
        store, type=type, partners=partners, level=level, date=date, status=status, direction=direction
    )
    if fields.get("level") is not None and fields["type"] != "agreement":
        raise UsageError(f"--level is for agreements, not a {fields['type']}")
    if actor is not None:
        fields["actor"] = resolve_place(store, actor)
    else:
        fields["actor"] = store.article_actor(article)
        if fields["actor"] is None:
            raise UsageError(f"article {article} has no actor: give --actor")
    fields["evidence"] = evidence
    fields.setdefault("date", None)
    fields.setdefault("date_end", None)
    fields.setdefault("precision", Precision.UNKNOWN)
    fields.setdefault("direction", None)
    event = Event(**fields, confidence=1.0, reason=ADDED_REASON)
    key = event_key(article, event)
    for record in store.events(article_ids=[article], include_rejected=True):
        if event_key(article, record.as_event()).loose == key.loose and record.review != REJECTED:
            raise CitydipError(
                f"article {article} already has this event ({record.id}); `citydip edit` or `accept` it"
            )
    decision = Decision(
        key, ADDED, changes=fields, base=event, event_id=added_event_id(key), decided_at=_now()
    )
    (eid,) = store.apply_decisions([decision])
    return Decided(
        eid or decision.event_id or "", ADDED, [eid] if eid else [], _event_row(store, eid) if eid else None
    )


# -- decision files -----------------------------------------------------------------------------------------

FORMAT = "citydip-decision/1"


def decision_record(decision: Decision) -> dict:
    """The JSON object of one decision, as ``decisions export`` writes it."""
    key = decision.key
    return {
        "format": FORMAT,
        "article": key.article,
        "type": key.type,
        "partners": list(key.partners),
        "date": key.date,
        "level": key.level,
        "decision": decision.verdict,
        "reason": decision.reason,
        "changes": changes_json(decision.changes),
        "base": event_json(decision.base) if decision.base is not None else None,
        "event": decision.event_id,
        "decided_at": decision.decided_at,
    }


def decision_from_record(data: object) -> Decision:
    """A decision read back from its JSON object; ValueError (or KeyError, TypeError) when it is none."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} record")
    if data["decision"] not in VERDICTS:
        raise ValueError(f"unknown decision {data['decision']!r}")
    partners = data["partners"]
    if not isinstance(partners, list) or not all(isinstance(p, str) for p in partners):
        raise ValueError("partners must be a list of place keys")
    for name in ("article", "type", "decided_at"):
        if not isinstance(data[name], str) or not data[name]:
            raise ValueError(f"{name} must be a non-empty string")
    return Decision(
        key=EventKey(data["article"], data["type"], tuple(sorted(partners)), data["date"], data["level"]),
        verdict=data["decision"],
        reason=data.get("reason"),
        changes=changes_from_json(data.get("changes") or {}),
        base=event_from_json(data["base"]) if data.get("base") else None,
        event_id=data.get("event"),
        decided_at=data["decided_at"],
    )


def export_decisions(store: Store, path: str | os.PathLike) -> int:
    """Write every decision to ``path`` (JSON Lines, one decision a line), whole or not at all."""
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    count = 0
    try:
        with partial.open("w", encoding="utf-8") as out:
            for decision in store.iter_decisions():
                out.write(json.dumps(decision_record(decision), ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
        partial.replace(target)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise CitydipError(f"{target}: cannot write ({err.strerror})") from None
    return count


@dataclass
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0  # this database's own decision on the event is newer: kept
    failed: list[InputError] = field(default_factory=list)
    absent: list[str] = field(
        default_factory=list
    )  # articles not stored here (their decisions wait for them)
    absent_decisions: int = 0

    def as_json(self) -> dict:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "older": self.older,
            "failed": [str(e) for e in self.failed],
            "absent_articles": self.absent,
            "absent_decisions": self.absent_decisions,
        }


def read_decisions(path: str | os.PathLike) -> Iterator[Decision | InputError]:
    """The decisions of a decision file; a malformed line is an InputError naming it."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise CitydipError(f"{source}: cannot read ({err.strerror})") from None
    except UnicodeDecodeError:
        raise CitydipError(f"{source}: not a UTF-8 text file") from None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield decision_from_record(json.loads(line))
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            yield InputError(f"{source}#line {number}", f"not a decision ({type(err).__name__}: {err})")


def _same(a: Decision, b: Decision) -> bool:
    return (a.verdict, a.reason, dict(a.changes)) == (b.verdict, b.reason, dict(b.changes))


def import_decisions(store: Store, path: str | os.PathLike) -> ImportReport:
    """Store the decisions of a file ``decisions export`` wrote and apply them, in one transaction.

    Importing a file twice changes nothing; where this database decided on the same event, the later
    decision wins. A malformed line is one failure naming its line; the others are imported. A decision on
    an article this database does not hold is kept, applies when the article is ingested, and is reported.
    """
    report = ImportReport()
    chosen: dict[EventKey, Decision] = {}
    for item in read_decisions(path):
        if isinstance(item, InputError):
            report.failed.append(item)
            continue
        earlier = chosen.get(item.key)
        if earlier is None or item.decided_at >= earlier.decided_at:
            chosen[item.key] = item
    present = set(store.articles(k.article for k in chosen))
    changed: list[Decision] = []
    absent: dict[str, None] = {}
    for key, incoming in chosen.items():
        if key.article not in present:
            absent[key.article] = None
            report.absent_decisions += 1
        local = store.decision(key)
        if local is None:
            report.new += 1
            changed.append(incoming)
        elif _same(local, incoming):
            report.unchanged += 1
        elif incoming.decided_at > local.decided_at:
            report.updated += 1
            # this database's own extraction stays the base; the other's decision applies to it
            changed.append(replace(incoming, base=local.base or incoming.base, event_id=local.event_id))
        else:
            report.older += 1
    report.absent = list(absent)
    if changed:
        store.apply_decisions(changed)
    return report
