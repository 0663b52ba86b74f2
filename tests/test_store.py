"""Store: migrations once, refusal of foreign files, transactional replace, typed queries."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from citydip.errors import StoreError
from citydip.models import Article, Event, Person, Place
from citydip.store import Store, migrations, resolve_db_path

SEOUL = Place("Seoul", "서울", "KR", "city", 1835848, 37.566, 126.978)
NYC = Place("New York City", "뉴욕", "US", "city", 5128581, 40.714, -74.006)
UTAH = Place("Utah", "유타주", "US", "region")


def _article(text: str = "서울시는 뉴욕시와 친선도시 협약을 맺었다.", **kw) -> Article:
    return Article(id=kw.pop("id", "a1"), text=text, published=kw.pop("published", "2023-10-03"), **kw)


def _event(**kw) -> Event:
    base = dict(
        type="agreement",
        partners=(NYC,),
        evidence="서울시는 뉴욕시와 친선도시 협약을 맺었다.",
        actor=SEOUL,
        level="amity",
        date="2023-09",
        precision="month",
        people=(Person("에릭 애덤스", "뉴욕시장", "New York City"),),
    )
    base.update(kw)
    return Event(**base)


def test_new_database_gets_schema_wal_and_indexes(db_path):
    with Store(db_path) as store:
        tables = set(store.db.table_names())
        assert {"articles", "places", "events", "event_partners", "people", "_sqlite_migrations"} <= tables
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        indexes = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"idx_events_date", "idx_events_actor_date", "idx_event_partners_place"} <= indexes


def test_migrations_apply_once(db_path):
    Store(db_path).close()
    with Store(db_path) as store:
        names = [r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")]
    registered = [m.name for m in migrations.pending(Database(memory=True))]
    assert names == registered  # every step once, in order
    assert names[0] == "0001_initial" and len(set(names)) == len(names)


def test_save_replaces_events_and_reads_back(db_path):
    with Store(db_path) as store:
        store.save_article(
            _article(), [_event(), _event(type="meeting", level=None)], actor=SEOUL, extractor="x"
        )
        store.save_article(_article(), [_event()], actor=SEOUL, extractor="x")
        records = list(store.events())
        assert len(records) == 1
        rec = records[0]
        assert rec.partners == (NYC,)
        assert rec.actor == SEOUL
        assert rec.people[0]["name"] == "에릭 애덤스"
        assert store.article_actor("a1") == SEOUL
        assert store.db.execute("SELECT count(*) FROM event_partners").fetchone()[0] == 1


def test_event_filters(db_path):
    with Store(db_path) as store:
        store.save_article(
            _article(),
            [
                _event(),
                _event(type="visit", level=None, partners=(UTAH,), date="2024-09-30", precision="day"),
            ],
            actor=SEOUL,
            extractor="x",
        )
        assert [r.type for r in store.events(types=["visit"])] == ["visit"]
        assert [r.type for r in store.events(since="2024")] == ["visit"]
        assert [r.type for r in store.events(until="2023-09")] == ["agreement"]
        assert [r.type for r in store.events(partner_keys=store.find_place_keys("유타주"))] == ["visit"]
        assert [r.type for r in store.events(partner_keys=store.find_place_keys("new york city"))] == [
            "agreement"
        ]


def test_foreign_sqlite_file_is_refused_untouched(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="not a citydip database"):
        Store(db_path)
    assert db_path.read_bytes() == before


def test_non_sqlite_file_is_refused_untouched(db_path):
    db_path.write_text("hello, not a database\n")
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store(db_path)
    assert db_path.read_text() == "hello, not a database\n"


def test_newer_schema_is_refused_untouched(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('citydip', '9999_future', 'x')"
    )
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer citydip"):
        Store(db_path)
    assert db_path.read_bytes() == before


def test_missing_database_for_reading(tmp_path):
    with pytest.raises(StoreError, match="run `citydip ingest` first"):
        Store(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_db_path_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("CITYDIP_DB", raising=False)
    assert resolve_db_path(None).name == "citydip.db"
    monkeypatch.setenv("CITYDIP_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(None) == tmp_path / "env.db"
    assert resolve_db_path(tmp_path / "flag.db") == tmp_path / "flag.db"


def _count(db_path) -> int:
    with sqlite3.connect(db_path) as other:  # another connection sees committed rows only
        return other.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_batched_writes_commit_together_and_a_failed_one_alone_is_undone(db_path):
    with Store(db_path) as store:
        with store.batched(max_writes=3, max_seconds=60):
            for n in range(2):
                store.save_article_version(_article(f"기사 {n}", id=f"a{n}"), [_event()], extractor="t")
            assert _count(db_path) == 0  # the batch is still open
            with pytest.raises(RuntimeError), store.write_transaction():
                store.save_article(_article("실패할 기사", id="bad"), [_event()], extractor="t")
                raise RuntimeError("boom")  # this write is undone, the batch goes on
            store.save_article_version(_article("기사 2", id="a2"), [], extractor="t")
            assert _count(db_path) == 3  # the third completed write closed the batch
            store.save_article_version(_article("기사 3", id="a3"), [], extractor="t")
        assert _count(db_path) == 4  # leaving commits what is open
        ids = [r[0] for r in store.db.execute("SELECT id FROM articles ORDER BY id")]
        assert ids == ["a0", "a1", "a2", "a3"]
        assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 2
        assert not store.db.conn.in_transaction


def test_batched_commits_what_completed_when_the_run_stops(db_path):
    with (
        Store(db_path) as store,
        pytest.raises(KeyboardInterrupt),
        store.batched(max_writes=100, max_seconds=60),
    ):
        store.save_article_version(_article("기사", id="a0"), [_event()], extractor="t")
        raise KeyboardInterrupt
    assert _count(db_path) == 1
