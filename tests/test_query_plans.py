"""The queries behind `timeline` and `cities` use the indexes (EXPLAIN QUERY PLAN of what they really run)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from citydip.pipeline import ingest
from citydip.reports import TimelineFilter, cities, timeline
from citydip.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


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


def event_query(found: list[tuple[str, list[str]]]) -> list[str]:
    (plan,) = [lines for sql, lines in found if "FROM events e JOIN articles a" in sql]
    return plan


def no_scans_but(found: list[tuple[str, list[str]]], allowed: tuple[str, ...]) -> None:
    for sql, lines in found:
        for line in lines:
            if line.startswith("SCAN") and not line.startswith(allowed):
                pytest.fail(f"{line!r} in the plan of {sql[:120]!r}")


@pytest.mark.parametrize(
    ("name", "report", "index"),
    [
        ("timeline --actor", lambda s: timeline(s, TimelineFilter(actor="대구")), "idx_events_actor_date"),
        ("cities --actor", lambda s: cities(s, actor="대구"), "idx_events_actor_date"),
        (
            "timeline --partner",
            lambda s: timeline(s, TimelineFilter(partner="칭다오")),
            "idx_event_partners_place",
        ),
    ],
)
def test_filtered_reports_read_through_an_index(db, name, report, index):
    found = plans(db, report)
    assert any(index in line for line in event_query(found)), name
    # the place-name look-up may read the (small) places table; events and partners never
    no_scans_but(found, ("SCAN places",))


@pytest.mark.parametrize("report", [lambda s: timeline(s, limit=5), lambda s: cities(s)])
def test_whole_reports_read_the_events_once_and_look_the_rest_up(db, report):
    found = plans(db, report)
    assert any(line.startswith("SCAN e") for line in event_query(found))
    no_scans_but(found, ("SCAN e ", "SCAN e\n", "SCAN e USING"))
