"""Store side of decisions: the decisions table read and written, and a decision applied to stored events."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from citydip.decisions import (
    ADDED,
    EDITED,
    Decision,
    EventKey,
    Governs,
    added_event_id,
    apply_changes,
    changes_from_json,
    changes_json,
    dumps,
    event_from_json,
    event_json,
    match,
)
from citydip.store_reports import TIMELINE_ORDER

if TYPE_CHECKING:  # pragma: no cover
    from citydip.models import Event
    from citydip.store import EventRecord

_COLUMNS = "article, type, partners, date, level, decision, reason, changes, base, event, decided_at"
_BY_KEY = "article = ? AND type = ? AND partners = ? AND ifnull(date, '') = ? AND ifnull(level, '') = ?"


def key_params(key: EventKey) -> list:
    return [key.article, key.type, dumps(list(key.partners)), key.date or "", key.level or ""]


def _decision(row: Sequence) -> Decision:
    article, kind, partners, date, level, verdict, reason, changes, base, event, decided_at = row
    return Decision(
        key=EventKey(article, kind, tuple(json.loads(partners)), date, level),
        verdict=verdict,
        reason=reason,
        changes=changes_from_json(json.loads(changes)) if changes else {},
        base=event_from_json(json.loads(base)) if base else None,
        event_id=event,
        decided_at=decided_at,
    )


class StoreDecisions:
    """The Store's methods for decisions (mixed into citydip.store.Store)."""

    conn: sqlite3.Connection

    # -- reading --------------------------------------------------------------------------------------

    def decisions(self, article_id: str | None = None) -> list[Decision]:
        """The decisions on one article's events (or every decision), oldest first."""
        if article_id is None:
            rows = self.conn.execute(f"SELECT {_COLUMNS} FROM decisions ORDER BY article, id")
        else:
            rows = self.conn.execute(
                f"SELECT {_COLUMNS} FROM decisions WHERE article = ? ORDER BY id", [article_id]
            )
        return [_decision(row) for row in rows]

    def iter_decisions(self) -> Iterator[Decision]:
        """Every decision, by article, oldest first, read a thousand at a time."""
        last = 0
        while True:
            rows = self.conn.execute(
                f"SELECT id, {_COLUMNS} FROM decisions WHERE id > ? ORDER BY id LIMIT 1000", [last]
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield _decision(row[1:])
            last = rows[-1][0]

    def decision(self, key: EventKey) -> Decision | None:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM decisions WHERE {_BY_KEY}", key_params(key)
        ).fetchone()
        return _decision(row) if row else None

    def decision_of_event(self, event_id: str) -> Decision | None:
        """The decision that governs the stored event ``event_id``, if any."""
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM decisions WHERE event = ?", [event_id]).fetchone()
        return _decision(row) if row else None

    def decision_reasons(self, event_ids: Iterable[str]) -> dict[str, str]:
        """Why these stored events were rejected, for those rejected with a reason."""
        ids = list(event_ids)
        out: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for event, reason in self.conn.execute(
                f"SELECT event, reason FROM decisions WHERE event IN ({','.join('?' * len(chunk))}) "
                "AND reason IS NOT NULL",
                chunk,
            ):
                out[event] = reason
        return out

    def decision_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM decisions").fetchone()[0]

    def mention_ids(self, event_id: str) -> list[str]:
        """Ids of every report of the real event that the stored event ``event_id`` reports, by id."""
        row = self.conn.execute("SELECT canonical FROM events WHERE id = ?", [event_id]).fetchone()
        if row is None:
            return []
        if row[0] is None:
            return [event_id]
        return [
            r[0] for r in self.conn.execute("SELECT id FROM events WHERE canonical = ? ORDER BY id", [row[0]])
        ]

    def review_candidates(
        self,
        *,
        actor_keys: Sequence[str] | None = None,
        types: Sequence[str] = (),
        skip: Collection[str] = (),
        weak: Sequence[str] = (),
    ) -> tuple[list[str], int]:
        """The real event nobody reviewed that is least certain (lowest confidence, then the most ``weak``
        parts in its reason, then timeline order), as a list of at most one id, and how many such events
        there are. ``skip``: canonical ids left out (passed over in this session)."""
        where = [
            "e.canonical = e.id",
            "NOT EXISTS (SELECT 1 FROM events m WHERE m.canonical = e.id AND m.review IS NOT NULL)",
        ]
        params: list = []
        if actor_keys is not None:
            where.append(f"e.actor IN ({','.join('?' * len(actor_keys))})")
            params += actor_keys
        if types:
            where.append(f"e.type IN ({','.join('?' * len(types))})")
            params += types
        if skip:
            where.append(f"e.id NOT IN ({','.join('?' * len(skip))})")
            params += list(skip)
        clause = " AND ".join(where)
        score = " + ".join(["(instr(e.reason, ?) > 0)"] * len(weak)) or "0"
        ids = [
            r[0]
            for r in self.conn.execute(
                f"SELECT e.id FROM events e WHERE {clause} ORDER BY e.confidence, ({score}) DESC, {TIMELINE_ORDER} "
                "LIMIT 1",
                [*params, *weak],
            )
        ]
        (count,) = self.conn.execute(f"SELECT count(*) FROM events e WHERE {clause}", params).fetchone()
        return ids, count

    # -- writing --------------------------------------------------------------------------------------

    def apply_decisions(self, decisions: Sequence[Decision]) -> list[str | None]:
        """Store each decision (its key's earlier decision gives way) and apply it to its article's stored
        events, all in one transaction; the groups of real events and the partner table follow. Returns the
        id of the stored event each one governs now (None: its article is not stored, or the extractor did
        not find its event)."""
        out: list[str | None] = []
        with self.write_transaction():  # type: ignore[attr-defined]
            for decision in decisions:
                out.append(self._govern(decision))
            self._group_saved()  # type: ignore[attr-defined]
        return out

    def _save_decision(self, decision: Decision, governs: Governs) -> None:
        params = key_params(decision.key)
        values = [
            decision.verdict,
            decision.reason,
            dumps(changes_json(decision.changes)) if decision.changes else None,
            dumps(event_json(governs.base)) if governs.base is not None else None,
            governs.event_id,
            decision.decided_at,
        ]
        if governs.event_id is not None:  # an event is governed by one decision
            self.conn.execute(
                f"UPDATE decisions SET event = NULL WHERE event = ? AND NOT ({_BY_KEY})",
                [governs.event_id, *params],
            )
        cursor = self.conn.execute(
            f"UPDATE decisions SET decision = ?, reason = ?, changes = ?, base = ?, event = ?, decided_at = ? "
            f"WHERE {_BY_KEY}",
            [*values, *params],
        )
        if cursor.rowcount == 0:
            stored_key = [
                decision.key.article,
                decision.key.type,
                params[2],
                decision.key.date,
                decision.key.level,
            ]
            self.conn.execute(
                f"INSERT INTO decisions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [*stored_key, *values],
            )

    def _set_governs(self, decisions: Sequence[Decision], governs: Sequence[Governs]) -> None:
        """After an article was stored: which stored event each of its decisions governs, on what base."""
        self.conn.executemany(
            f"UPDATE decisions SET event = ?, base = ? WHERE {_BY_KEY}",
            [
                [g.event_id, dumps(event_json(g.base)) if g.base is not None else None, *key_params(d.key)]
                for d, g in zip(decisions, governs, strict=True)
            ],
        )

    def _govern(self, decision: Decision) -> str | None:
        """Apply one decision to the stored events of its article, as citydip.decisions.plan does when the
        article is stored: to the event it governs, else to the first ungoverned one with its key; an edited
        or added event found nowhere is put back. Saves the decision."""
        article = decision.key.article
        if not self.conn.execute("SELECT 1 FROM articles WHERE id = ?", [article]).fetchone():
            self._save_decision(decision, Governs(None, decision.base))
            return None
        records: list[EventRecord] = sorted(
            self.events(article_ids=[article], include_rejected=True),  # type: ignore[attr-defined]
            key=lambda r: r.seq,
        )
        governed = {
            r[0]
            for r in self.conn.execute(
                f"SELECT event FROM decisions WHERE article = ? AND event IS NOT NULL AND NOT ({_BY_KEY})",
                [article, *key_params(decision.key)],
            )
        }
        row = next((r for r in records if r.id == decision.event_id and r.id not in governed), None)
        base = decision.base if row is not None and row.review is not None else None
        if row is None:
            free = [r for r in records if r.id not in governed]
            found = match([decision], [(r.id, r.as_event()) for r in free], article)[0]
            if found is not None:
                row = free[found]
        if row is not None:
            base = base or row.as_event()
            final = apply_changes(base, decision.changes) if decision.verdict in (EDITED, ADDED) else base
            self._rewrite_event(article, row.id, row.seq, final, decision.verdict, old_evidence=row.evidence)
            self._save_decision(decision, Governs(row.id, base))
            return row.id
        if decision.verdict not in (EDITED, ADDED) or decision.base is None:
            self._save_decision(decision, Governs(None, decision.base))
            return None
        taken = {r.id for r in records}
        eid = decision.event_id if decision.event_id and not self._event_exists(decision.event_id) else None
        eid = eid or added_event_id(decision.key)
        if eid in taken or self._event_exists(eid):
            raise ValueError(
                f"event id {eid} is taken"
            )  # pragma: no cover - ids are digests of distinct keys
        seq = max((r.seq for r in records), default=-1) + 1
        self._insert_event(  # type: ignore[attr-defined]
            article, seq, apply_changes(decision.base, decision.changes), eid=eid, review=decision.verdict
        )
        self._save_decision(decision, Governs(eid, decision.base))
        return eid

    def _event_exists(self, event_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone() is not None

    def _rewrite_event(
        self, article: str, event_id: str, seq: int, event: Event, review: str, *, old_evidence: str
    ) -> None:
        """Replace a stored event by ``event`` under the same id: the triggers ungroup its real event and mark
        its partner pairs, which the caller regroups and refolds. Its search terms stay if its evidence does."""
        terms = self.conn.execute(
            "SELECT terms FROM search_terms WHERE event = ? ORDER BY id", [event_id]
        ).fetchall()
        # the event leaves its key's real events (see Store._delete_article): they are all grouped again
        self.conn.execute(
            "UPDATE events SET canonical = NULL WHERE canonical IS NOT NULL AND group_key = "
            "(SELECT group_key FROM events WHERE id = ?)",
            [event_id],
        )
        self.conn.execute("DELETE FROM events WHERE id = ?", [event_id])
        self._insert_event(article, seq, event, eid=event_id, review=review)  # type: ignore[attr-defined]
        if terms and event.evidence == old_evidence:
            self.conn.executemany(
                "INSERT INTO search_terms (article, event, terms) VALUES (?, ?, ?)",
                [(article, event_id, t[0]) for t in terms],
            )
