"""The queries behind `timeline` and `cities` use the indexes (EXPLAIN QUERY PLAN of what they really run)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from citydip.pipeline import ingest
from citydip.reports import TimelineFilter, cities, show, timeline
from citydip.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
PAGE = "ORDER BY e.date IS NULL"  # the statement that picks the real events a timeline shows


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "plans.db"
    with Store(path) as store:
        ingest(store, [str(SAMPLES)])
    return path


def plans(db: Path, report) -> list[tuple[str, list[str]]]:
    """(statement, plan lines) for every SELECT ``report(store)`` runs."""
    statements: list[str] = []
    with Store(db, create=False) as store:
        store.db.conn.set_trace_callback(statements.append)
        report(store)
        store.db.conn.set_trace_callback(None)
    conn = sqlite3.connect(db)
    out = []
    for sql in statements:
        if sql.lstrip().upper().startswith("SELECT"):
            out.append((sql, [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]))
    conn.close()
    return out


def plan_of(found: list[tuple[str, list[str]]], marker: str) -> list[str]:
    (plan,) = [lines for sql, lines in found if marker in sql]
    return plan


def no_scans_but(found: list[tuple[str, list[str]]], allowed: tuple[str, ...]) -> None:
    for sql, lines in found:
        for line in lines:
            if line.startswith("SCAN") and not line.startswith(allowed):
                pytest.fail(f"{line!r} in the plan of {sql[:120]!r}")


def never_sorts_events(found: list[tuple[str, list[str]]]) -> None:
    for sql, lines in found:
        if "FROM events" in sql and any("TEMP B-TREE FOR ORDER BY" in line for line in lines):
            pytest.fail(f"sorts events: {sql[:120]!r}")


@pytest.mark.parametrize(
    ("name", "report", "index"),
    [
        ("timeline", lambda s: timeline(s, limit=5), "SCAN e USING INDEX idx_events_timeline"),
        (
            "timeline --type --level --status --since",
            lambda s: timeline(
                s,
                TimelineFilter(types=("agreement",), level="sister", status="done", since="1990"),
                limit=5,
            ),
            "SCAN e USING INDEX idx_events_timeline",
        ),
        (
            "timeline --actor",
            lambda s: timeline(s, TimelineFilter(actor="대구"), limit=5),
            "SEARCH e USING INDEX idx_events_actor_timeline (actor=?)",
        ),
        (
            "timeline --actor --group",
            lambda s: timeline(s, TimelineFilter(actor="대구", source="CITYDIP 예시 기사"), group="year"),
            "SEARCH e USING INDEX idx_events_actor_timeline (actor=?)",
        ),
    ],
)
def test_timeline_pages_through_its_index_in_its_own_order(db, name, report, index):
    found = plans(db, report)
    assert index in plan_of(found, PAGE), name
    never_sorts_events(found)
    # the walk along the timeline index stops at the limit; the place-name look-up may read the (small)
    # places table, and --source the outlet names (an index of them); nothing else is scanned
    no_scans_but(
        found,
        (
            "SCAN e USING INDEX idx_events_timeline",
            "SCAN places",
            "SCAN articles USING COVERING INDEX idx_articles_source",
        ),
    )


def test_timeline_of_a_partner_starts_from_its_events(db):
    found = plans(db, lambda s: timeline(s, TimelineFilter(partner="칭다오")))
    assert any("idx_event_partners_place" in line for line in plan_of(found, PAGE))
    no_scans_but(found, ("SCAN places",))


def test_timeline_reads_only_the_reports_of_the_rows_shown(db):
    found = plans(db, lambda s: timeline(s, limit=2))
    (reports,) = [lines for sql, lines in found if "WHERE e.canonical IN" in sql]
    assert any("idx_events_canonical" in line for line in reports)
    statement = next(sql for sql, _ in found if "WHERE e.canonical IN" in sql)
    assert statement.count("'") == 4  # the two ids of the page, nothing more


@pytest.mark.parametrize(
    ("report", "allowed"),
    [
        (lambda s: cities(s), ("SCAN partner_summary",)),
        (lambda s: cities(s, country="CN", level="friendship", sort="last"), ("SCAN partner_summary",)),
        (lambda s: cities(s, actor="대구"), ()),
    ],
)
def test_cities_reads_the_partner_summary_not_the_events(db, report, allowed):
    found = plans(db, report)
    assert any("partner_summary" in sql for sql, _ in found)
    for sql, lines in found:
        if "FROM events" in sql:
            # only the look-up for events not grouped yet, which an index answers at once
            assert lines == ["SEARCH events USING COVERING INDEX idx_events_canonical (canonical=?)"], sql
    no_scans_but(found, (*allowed, "SCAN places", "SCAN partner_summary_stale"))
    if not allowed:
        assert any(
            "SEARCH partner_summary USING INDEX idx_partner_summary_pair (actor=?)" in line
            for _, lines in found
            for line in lines
        )


def test_show_reads_one_event(db):
    with Store(db, create=False) as store:
        some_id = store.db.execute("SELECT id FROM events ORDER BY id LIMIT 1").fetchone()[0]
    found = plans(db, lambda s: show(s, some_id[:6]))
    never_sorts_events(found)
    no_scans_but(found, ())
