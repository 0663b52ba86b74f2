"""Shared fixtures: the dev corpus, a fixed console width, one temp database per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (ROOT.parent / "shared" / "corpus" / "dev").resolve()

# Rich renders to this width in every test, so table output never depends on the terminal.
os.environ.setdefault("COLUMNS", "140")
os.environ.pop("CITYDIP_DB", None)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"dev corpus missing at {CORPUS}")
        pytest.skip("dev corpus not available")
    return CORPUS


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "citydip.db"


def undo_migration_0007(conn) -> None:
    """Turn a database back into one from before migration 0007 (events without group keys)."""
    conn.execute("DROP INDEX idx_events_group_key")
    conn.execute("ALTER TABLE events DROP COLUMN group_key")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name LIKE '0007%'")
    conn.commit()


def undo_migration_0006(conn) -> None:
    """Turn a database back into one from before migration 0006 (and the later ones)."""
    undo_migration_0007(conn)
    for trigger in (
        "events_first_report_insert",
        "events_first_report_regroup",
        "event_partners_stale",
        "events_stale_update",
        "events_stale_delete",
    ):
        conn.execute(f"DROP TRIGGER {trigger}")
    for index in ("idx_events_timeline", "idx_events_actor_timeline", "idx_articles_source"):
        conn.execute(f"DROP INDEX {index}")
    conn.execute("DROP TABLE partner_summary")
    conn.execute("DROP TABLE partner_summary_stale")
    conn.execute("ALTER TABLE events DROP COLUMN first_article")
    conn.execute("ALTER TABLE events DROP COLUMN first_published")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name LIKE '0006%'")
    conn.commit()


@pytest.fixture
def pre_0006():
    return undo_migration_0006


@pytest.fixture
def pre_0007():
    return undo_migration_0007
