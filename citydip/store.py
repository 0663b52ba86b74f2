"""The SQLite store: schema through numbered migrations, transactional writes, typed queries."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from citydip.decisions import REJECTED, plan
from citydip.errors import ReadOnlyStoreError, StoreError
from citydip.models import Article, Event, Person, Place
from citydip.relations import Relation
from citydip.store_decisions import StoreDecisions
from citydip.store_reports import (
    EventCounts,
    EventQuery,
    event_counts,
    page,
    partner_page,
    partner_summary,
    rebuild_partner_summary,
    refresh_partner_summary,
    reviewed_count,
    unplaced_partners,
)

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "citydip"
MIGRATIONS_TABLE = "_sqlite_migrations"
DEFAULT_DB = "citydip.db"
SQLITE_MAGIC = b"SQLite format 3\x00"

# The schema steps, in order. They are sqlite-utils migrations (``migrations`` below); the store reads which
# ones a database has with plain SQL, so that a command that only reads never imports sqlite-utils (with
# numpy, which it loads when present, that import alone is a third of such a command's run).
_STEPS: list[tuple[str, Callable[[Database], None]]] = []


def _step(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
        _STEPS.append((name, fn))
        return fn

    return register


@cache
def _migrations() -> Migrations:
    from sqlite_utils.migrations import Migrations

    out = Migrations(MIGRATION_SET)
    for name, fn in _STEPS:
        out(name=name)(fn)
    return out


def __getattr__(name: str) -> object:
    if name == "migrations":  # citydip.store.migrations: the sqlite-utils Migrations, made on first use
        return _migrations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _applied_steps(conn: sqlite3.Connection, tables: set[str]) -> list[str]:
    """The schema steps this database has, in the order applied (as sqlite-utils' Migrations.applied)."""
    if MIGRATIONS_TABLE not in tables:
        return []
    sql = f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid"
    return [r[0] for r in conn.execute(sql, [MIGRATION_SET])]


def _partners_view(keep: str) -> str:
    """The partners view: one row per (actor, partner), what `citydip cities` shows. ``keep`` narrows the
    events it counts (0008 leaves out the rejected ones). The history lists distinct (level, date) steps; the
    CLI also folds "2023-09" into "2023-09-16" reports of the same signing."""
    return f"""CREATE VIEW partners AS
        WITH event AS (
          SELECT f.id, f.actor, f.type, f.level, f.date,
                 EXISTS (SELECT 1 FROM events m WHERE m.canonical = f.id AND m.status = 'done') AS done,
                 (SELECT max(m.upgrade) FROM events m WHERE m.canonical = f.id) AS upgrade
          FROM events f WHERE f.canonical = f.id{keep}
        ),
        pair AS (
          SELECT e.*, ep.place AS partner,
                 CASE e.level WHEN 'sister' THEN 3 WHEN 'amity' THEN 2 WHEN 'friendship' THEN 1
                              WHEN 'mou' THEN 0 END AS rank
          FROM event e JOIN event_partners ep ON ep.event = e.id
        ),
        agreement AS (
          SELECT * FROM pair WHERE type = 'agreement' AND level IS NOT NULL AND done
        ),
        best AS (
          SELECT actor, partner, max(rank) AS rank FROM agreement GROUP BY actor, partner
        ),
        summary AS (
          SELECT actor, partner, count(*) AS events,
                 min(CASE WHEN done THEN date END) AS first_contact,
                 max(CASE WHEN done THEN date END) AS last_contact
          FROM pair GROUP BY actor, partner
        )
        SELECT
          a.name_ko AS actor,
          a.name AS actor_en,
          p.name_ko AS partner,
          p.name AS partner_en,
          p.country,
          p.kind,
          p.geonameid,
          p.lat,
          p.lon,
          CASE b.rank WHEN 3 THEN 'sister' WHEN 2 THEN 'amity' WHEN 1 THEN 'friendship'
                      WHEN 0 THEN 'mou' END AS level,
          (SELECT min(g.date) FROM agreement g
           WHERE g.actor IS s.actor AND g.partner = s.partner AND g.rank = b.rank) AS since,
          (SELECT group_concat(step, ', ') FROM (
             SELECT DISTINCT g.level || ' ' || coalesce(g.date, 'undated')
                    || CASE WHEN g.upgrade THEN ' (upgrade)' ELSE '' END AS step
             FROM agreement g WHERE g.actor IS s.actor AND g.partner = s.partner
             ORDER BY g.date IS NULL, g.date)) AS history,
          s.first_contact,
          s.last_contact,
          s.events,
          (SELECT group_concat(type || ' ' || n, ', ') FROM (
             SELECT type, count(*) AS n FROM pair x
             WHERE x.actor IS s.actor AND x.partner = s.partner GROUP BY type ORDER BY type)) AS types
        FROM summary s
        JOIN places p ON p.id = s.partner
        LEFT JOIN places a ON a.id = s.actor
        LEFT JOIN best b ON b.actor IS s.actor AND b.partner = s.partner
        ORDER BY a.name_ko, b.rank IS NULL, b.rank DESC, p.name_ko"""


@_step("0001_initial")
def _initial(db: Database) -> None:
    db.execute(
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            path TEXT,
            url TEXT,
            title TEXT,
            source TEXT,
            published TEXT,
            published_inferred INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL,
            actor TEXT REFERENCES places(id),
            ingested_at TEXT NOT NULL,
            extractor TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE places (
            id TEXT PRIMARY KEY,
            geonameid INTEGER,
            name TEXT NOT NULL,
            name_ko TEXT NOT NULL,
            country TEXT NOT NULL,
            kind TEXT NOT NULL,
            lat REAL,
            lon REAL,
            parent TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE events (
            id TEXT PRIMARY KEY,
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            actor TEXT REFERENCES places(id),
            type TEXT NOT NULL,
            level TEXT,
            upgrade INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL,
            direction TEXT,
            date TEXT,
            date_end TEXT,
            precision TEXT NOT NULL,
            evidence TEXT NOT NULL,
            confidence REAL NOT NULL,
            reason TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE event_partners (
            event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            place TEXT NOT NULL REFERENCES places(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (event, place)
        )"""
    )
    db.execute(
        """CREATE TABLE people (
            event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            title TEXT NOT NULL,
            city TEXT,
            PRIMARY KEY (event, position)
        )"""
    )
    db.execute("CREATE INDEX idx_articles_url ON articles(url)")
    db.execute("CREATE INDEX idx_events_date ON events(date)")
    db.execute("CREATE INDEX idx_events_actor_date ON events(actor, date)")
    db.execute("CREATE INDEX idx_events_article ON events(article)")
    db.execute("CREATE INDEX idx_event_partners_place ON event_partners(place)")


@_step("0002_user_aliases")
def _user_aliases(db: Database) -> None:
    db.execute(
        """CREATE TABLE user_aliases (
            surface TEXT PRIMARY KEY,
            place TEXT NOT NULL REFERENCES places(id),
            added_at TEXT NOT NULL
        )"""
    )


@_step("0003_article_changes")
def _article_changes(db: Database) -> None:
    # The article at a URL changed: its old version (and events) gave way to the new one. No foreign
    # keys: the old article row is gone, and the record must outlive later replacements.
    db.execute(
        """CREATE TABLE article_changes (
            url TEXT NOT NULL,
            old_id TEXT NOT NULL,
            new_id TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            PRIMARY KEY (url, old_id, new_id)
        )"""
    )
    db.execute("CREATE INDEX idx_article_changes_old ON article_changes(old_id)")


@_step("0004_consolidated_events")
def _consolidated_events(db: Database) -> None:
    # events.canonical: id of the mention that stands for the real event several articles report
    # (rules in citydip.consolidate). Derived data for SQL readers such as the Datasette views: a deleted
    # mention clears its whole event, and the next save_article regroups what was cleared or is new.
    db.execute("ALTER TABLE events ADD COLUMN canonical TEXT")
    db.execute("CREATE INDEX idx_events_canonical ON events(canonical)")
    db.execute(
        """CREATE TRIGGER events_ungroup AFTER DELETE ON events WHEN OLD.canonical IS NOT NULL
           BEGIN UPDATE events SET canonical = NULL WHERE canonical = OLD.canonical; END"""
    )
    _regroup(db)
    # One row per real event, names instead of keys, newest reports last: what `citydip timeline` shows.
    db.execute(
        """CREATE VIEW timeline AS
        SELECT
          f.id,
          f.date,
          f.date_end,
          f.precision,
          actor.name_ko AS actor,
          f.type,
          f.level,
          (SELECT max(m.upgrade) FROM events m WHERE m.canonical = f.id) AS upgrade,
          CASE WHEN EXISTS (SELECT 1 FROM events m WHERE m.canonical = f.id AND m.status = 'done')
               THEN 'done' ELSE 'planned' END AS status,
          f.direction,
          (SELECT group_concat(name_ko, ', ') FROM (
             SELECT p.name_ko FROM event_partners ep JOIN places p ON p.id = ep.place
             WHERE ep.event = f.id ORDER BY ep.position)) AS partners,
          (SELECT group_concat(country, ', ') FROM (
             SELECT DISTINCT p.country FROM event_partners ep JOIN places p ON p.id = ep.place
             WHERE ep.event = f.id ORDER BY p.country)) AS countries,
          f.evidence,
          (SELECT count(DISTINCT m.article) FROM events m WHERE m.canonical = f.id) AS mentions,
          (SELECT group_concat(label, ' | ') FROM (
             SELECT DISTINCT coalesce(a.source, replace(a.path, rtrim(a.path, replace(a.path, '/', '')), ''),
                                      a.id) || coalesce(' ' || a.published, '') AS label
             FROM events m JOIN articles a ON a.id = m.article
             WHERE m.canonical = f.id ORDER BY a.published, a.id)) AS sources,
          (SELECT a.title FROM events m JOIN articles a ON a.id = m.article
           WHERE m.canonical = f.id ORDER BY a.published IS NULL, a.published, a.id LIMIT 1) AS first_title,
          (SELECT a.url FROM events m JOIN articles a ON a.id = m.article
           WHERE m.canonical = f.id ORDER BY a.published IS NULL, a.published, a.id LIMIT 1) AS first_url
        FROM events f
        LEFT JOIN places actor ON actor.id = f.actor
        WHERE f.canonical = f.id
        ORDER BY f.date IS NULL, f.date, f.id"""
    )
    db.execute(_partners_view(""))


@_step("0005_search_index")
def _search_index(db: Database) -> None:
    # Kiwi morphemes (citydip.nlp.index_terms), space-joined, of each article (event NULL) and of each
    # event's evidence; FTS5's own tokenizers cannot find 서울 in 서울시는 nor two-syllable names with
    # trigrams. Filled by save_article(index_terms=...) or, for older rows, by Store.index_pending.
    # The integer key keeps the FTS rowids stable through VACUUM; content="search_terms" lets Datasette
    # offer its search box on this table.
    db.execute(
        """CREATE TABLE search_terms (
            id INTEGER PRIMARY KEY,
            article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            event TEXT REFERENCES events(id) ON DELETE CASCADE,
            terms TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX idx_search_terms_article ON search_terms(article)")
    db.execute("CREATE INDEX idx_search_terms_event ON search_terms(event)")
    db.execute(
        'CREATE VIRTUAL TABLE search_terms_fts USING fts5(terms, content="search_terms", content_rowid="id")'
    )
    db.execute(
        """CREATE TRIGGER search_terms_ai AFTER INSERT ON search_terms BEGIN
             INSERT INTO search_terms_fts (rowid, terms) VALUES (new.id, new.terms);
           END"""
    )
    db.execute(
        """CREATE TRIGGER search_terms_ad AFTER DELETE ON search_terms BEGIN
             INSERT INTO search_terms_fts (search_terms_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
           END"""
    )


@_step("0006_timeline_order_and_partner_summary")
def _timeline_order_and_partner_summary(db: Database) -> None:
    # The timeline shows real events by (date, end date, earliest report, id). The earliest report of each
    # (its article and publication date, the TimelineRow.article) sits on the event's canonical row, so that
    # a page of the timeline is read from a partial index in that order instead of sorting every event.
    # Kept by triggers: whenever a mention joins or leaves an event, that event's first report is looked up.
    db.execute("ALTER TABLE events ADD COLUMN first_article TEXT")
    db.execute("ALTER TABLE events ADD COLUMN first_published TEXT")
    first_report = """(SELECT a.id, a.published FROM events m JOIN articles a ON a.id = m.article
         WHERE m.canonical = events.id ORDER BY a.published IS NULL, a.published, a.id LIMIT 1)"""
    db.execute(f"UPDATE events SET (first_article, first_published) = {first_report} WHERE canonical = id")
    order = "date IS NULL, date, ifnull(date_end, ''), first_published IS NULL, first_published, first_article, id"
    db.execute(f"CREATE INDEX idx_events_timeline ON events({order}) WHERE canonical = id")
    db.execute(f"CREATE INDEX idx_events_actor_timeline ON events(actor, {order}) WHERE canonical = id")
    db.execute("CREATE INDEX idx_articles_source ON articles(source)")
    db.execute(
        f"""CREATE TRIGGER events_first_report_insert AFTER INSERT ON events WHEN NEW.canonical IS NOT NULL
           BEGIN UPDATE events SET (first_article, first_published) = {first_report} WHERE id = NEW.canonical; END"""
    )
    db.execute(
        f"""CREATE TRIGGER events_first_report_regroup AFTER UPDATE OF canonical ON events
           BEGIN UPDATE events SET (first_article, first_published) = {first_report}
                 WHERE id IN (OLD.canonical, NEW.canonical, NEW.id); END"""
    )
    # One row per (actor, partner): `citydip cities`, folded in Python (citydip.relations) from the pair's
    # real events. Triggers list the pairs whose events change; the Store refolds them before it commits.
    db.execute(
        """CREATE TABLE partner_summary (
            actor TEXT REFERENCES places(id),
            partner TEXT NOT NULL REFERENCES places(id),
            level TEXT,
            since TEXT,
            history TEXT NOT NULL,
            first_contact TEXT,
            last_contact TEXT,
            events INTEGER NOT NULL,
            types TEXT NOT NULL
        )"""
    )
    db.execute("CREATE UNIQUE INDEX idx_partner_summary_pair ON partner_summary(actor, partner)")
    db.execute("CREATE TABLE partner_summary_stale (actor TEXT, partner TEXT NOT NULL)")
    db.execute(
        "CREATE UNIQUE INDEX idx_partner_summary_stale_pair ON partner_summary_stale(ifnull(actor, ''), partner)"
    )
    db.execute(
        """CREATE TRIGGER event_partners_stale AFTER INSERT ON event_partners BEGIN
             INSERT OR IGNORE INTO partner_summary_stale (actor, partner)
             SELECT actor, NEW.place FROM events WHERE id = NEW.event;
           END"""
    )
    db.execute(
        """CREATE TRIGGER events_stale_update
           AFTER UPDATE OF canonical, actor, type, level, upgrade, status, date, date_end, precision ON events
           BEGIN
             INSERT OR IGNORE INTO partner_summary_stale (actor, partner)
             SELECT OLD.actor, place FROM event_partners WHERE event = NEW.id;
             INSERT OR IGNORE INTO partner_summary_stale (actor, partner)
             SELECT NEW.actor, place FROM event_partners WHERE event = NEW.id;
           END"""
    )
    db.execute(
        """CREATE TRIGGER events_stale_delete BEFORE DELETE ON events BEGIN
             INSERT OR IGNORE INTO partner_summary_stale (actor, partner)
             SELECT OLD.actor, place FROM event_partners WHERE event = OLD.id;
           END"""
    )
    rebuild_partner_summary(db.conn)


@_step("0007_event_group_keys")
def _event_group_keys(db: Database) -> None:
    # events.group_key: a digest of what consolidate() groups by (actor, type, level, partners), indexed,
    # so that grouping a batch's new mentions reads just the mentions they could join.
    db.execute("ALTER TABLE events ADD COLUMN group_key TEXT")
    db.execute("CREATE INDEX idx_events_group_key ON events(group_key)")  # first: it finds the rows to fill
    _fill_group_keys(db.conn)


@_step("0008_decisions")
def _decisions(db: Database) -> None:
    # A person's word on events (citydip.decisions): keyed by what identifies an event in its article, not
    # by a row id, so that extracting the article again applies it again. No foreign key: a decision outlives
    # its article's re-extraction and waits, when imported, for an article not ingested yet.
    db.execute(
        """CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            article TEXT NOT NULL,
            type TEXT NOT NULL,
            partners TEXT NOT NULL,  -- JSON array of the partners' place keys, sorted
            date TEXT,
            level TEXT,
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'edited', 'added')),
            reason TEXT,  -- why it was rejected
            changes TEXT,  -- JSON: the fields a person set (edited, added)
            base TEXT,  -- JSON: the event it governs as extracted (as written by the person: added)
            event TEXT,  -- id of the stored event it governs now; NULL when the extractor no longer finds it
            decided_at TEXT NOT NULL
        )"""
    )
    db.execute(
        "CREATE UNIQUE INDEX idx_decisions_key ON decisions(article, type, partners, ifnull(date, ''), "
        "ifnull(level, ''))"
    )
    db.execute("CREATE INDEX idx_decisions_event ON decisions(event)")
    # the decision applied to a stored event: accepted, rejected, edited, added; NULL: nobody reviewed it
    db.execute("ALTER TABLE events ADD COLUMN review TEXT")
    # The SQL views leave out rejected events, as the reports do, and say which events a person reviewed.
    db.execute("DROP VIEW timeline")
    db.execute(
        """CREATE VIEW timeline AS
        SELECT
          f.id,
          f.date,
          f.date_end,
          f.precision,
          actor.name_ko AS actor,
          f.type,
          f.level,
          (SELECT max(m.upgrade) FROM events m WHERE m.canonical = f.id) AS upgrade,
          CASE WHEN EXISTS (SELECT 1 FROM events m WHERE m.canonical = f.id AND m.status = 'done')
               THEN 'done' ELSE 'planned' END AS status,
          f.direction,
          (SELECT group_concat(name_ko, ', ') FROM (
             SELECT p.name_ko FROM event_partners ep JOIN places p ON p.id = ep.place
             WHERE ep.event = f.id ORDER BY ep.position)) AS partners,
          (SELECT group_concat(country, ', ') FROM (
             SELECT DISTINCT p.country FROM event_partners ep JOIN places p ON p.id = ep.place
             WHERE ep.event = f.id ORDER BY p.country)) AS countries,
          f.evidence,
          (SELECT count(DISTINCT m.article) FROM events m WHERE m.canonical = f.id) AS mentions,
          (SELECT group_concat(label, ' | ') FROM (
             SELECT DISTINCT coalesce(a.source, replace(a.path, rtrim(a.path, replace(a.path, '/', '')), ''),
                                      a.id) || coalesce(' ' || a.published, '') AS label
             FROM events m JOIN articles a ON a.id = m.article
             WHERE m.canonical = f.id ORDER BY a.published, a.id)) AS sources,
          (SELECT a.title FROM events m JOIN articles a ON a.id = m.article
           WHERE m.canonical = f.id ORDER BY a.published IS NULL, a.published, a.id LIMIT 1) AS first_title,
          (SELECT a.url FROM events m JOIN articles a ON a.id = m.article
           WHERE m.canonical = f.id ORDER BY a.published IS NULL, a.published, a.id LIMIT 1) AS first_url,
          (SELECT CASE WHEN max(m.review = 'added') THEN 'added' WHEN max(m.review = 'edited') THEN 'edited'
                       WHEN max(m.review = 'accepted') THEN 'accepted' END
           FROM events m WHERE m.canonical = f.id) AS reviewed
        FROM events f
        LEFT JOIN places actor ON actor.id = f.actor
        WHERE f.canonical = f.id AND f.review IS NOT 'rejected'
        ORDER BY f.date IS NULL, f.date, f.id"""
    )
    db.execute("DROP VIEW partners")
    db.execute(_partners_view(" AND f.review IS NOT 'rejected'"))


def _regroup(db: Database, *, everything: bool = True, reviewed: bool = False) -> None:
    """Recompute events.canonical for every (actor, type) that has an ungrouped event, or for all.

    ``reviewed``: the database has events.review (0008), and a rejected mention is grouped only with rejected
    ones. (The schema steps before 0008 call this without it.)"""
    from citydip.consolidate import Mention, consolidate

    if not everything:
        _regroup_ungrouped(db)
        return
    pairs = db.execute("SELECT DISTINCT actor, type FROM events").fetchall()
    rejected = "e.review IS 'rejected'" if reviewed else "0"
    for actor, kind in pairs:
        rows = db.execute(
            "SELECT e.id, e.article, a.published, e.level, e.date, e.date_end, e.precision, e.canonical, "
            f"{rejected} FROM events e JOIN articles a ON a.id = e.article WHERE e.actor IS ? AND e.type = ?",
            [actor, kind],
        ).fetchall()
        partners: dict[str, set[str]] = {}
        for event, place in db.execute(
            "SELECT ep.event, ep.place FROM event_partners ep JOIN events e ON e.id = ep.event "
            "WHERE e.actor IS ? AND e.type = ?",
            [actor, kind],
        ):
            partners.setdefault(event, set()).add(place)
        mentions = [
            Mention(
                id=r[0],
                article=r[1],
                published=r[2],
                actor=actor,
                type=kind,
                level=r[3],
                partners=frozenset(partners.get(r[0], ())),
                date=r[4],
                date_end=r[5],
                precision=r[6],
                rejected=bool(r[8]),
            )
            for r in rows
        ]
        canonical = consolidate(mentions)
        current = {r[0]: r[7] for r in rows}
        changed = [(canon, eid) for eid, canon in canonical.items() if current.get(eid) != canon]
        if changed:
            db.conn.executemany("UPDATE events SET canonical = ? WHERE id = ?", changed)


def group_key(
    actor: str | None, kind: str, level: str | None, partners: Iterable[str], rejected: bool = False
) -> str:
    """The events.group_key of a mention: consolidate() only ever joins mentions with equal keys.

    A digest of (actor, type, level, partners, rejected), the Mention.key, so that one indexed look-up finds
    every mention an ungrouped one could join.
    """
    raw = "\x1f".join((actor or "", kind, level or "", "\x1e".join(sorted(set(partners)))))
    if rejected:  # a person rejected it: it joins no event of the reports, only other rejected mentions
        raw += "\x1frejected"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def _fill_group_keys(conn: sqlite3.Connection, chunk: int = 20_000, *, reviewed: bool = False) -> None:
    """Key the events that lack a group key (all of them in the migration; else rows other SQL wrote).
    ``reviewed``: the database has events.review (0008), which keys rejected mentions apart."""
    rejected = "e.review IS 'rejected'" if reviewed else "0"
    while True:
        rows = conn.execute(
            f"SELECT e.id, e.actor, e.type, e.level, {rejected}, "
            "(SELECT group_concat(place, char(30)) FROM event_partners WHERE event = e.id) "
            "FROM events e WHERE e.group_key IS NULL LIMIT ?",
            [chunk],
        ).fetchall()
        if not rows:
            return
        conn.executemany(
            "UPDATE events SET group_key = ? WHERE id = ?",
            [
                (group_key(actor, kind, level, places.split("\x1e") if places else (), bool(no)), eid)
                for eid, actor, kind, level, no, places in rows
            ],
        )


def _regroup_ungrouped(db: Database) -> None:
    """Regroup only the mentions that share a key (actor, type, level, partners) with an ungrouped one.

    consolidate() never joins mentions of different keys, so this gives what regrouping every (actor,
    type) would, while a batch of saved articles costs one indexed read of their keys' mentions instead
    of all their actors' events.
    """
    from citydip.consolidate import Mention, consolidate

    conn = db.conn
    _fill_group_keys(conn, reviewed=True)
    rows = conn.execute(
        "SELECT e.group_key, e.id, e.article, a.published, e.actor, e.type, e.level, e.date, e.date_end, "
        "e.precision, e.canonical FROM events e JOIN articles a ON a.id = e.article "
        "WHERE e.group_key IN (SELECT group_key FROM events WHERE canonical IS NULL)"
    ).fetchall()
    # the group key stands for the partners (equal keys, equal partners), so they need not be read
    mentions = [
        Mention(eid, article, published, actor, kind, level, frozenset((key,)), date, date_end, precision)
        for key, eid, article, published, actor, kind, level, date, date_end, precision, _ in rows
    ]
    current = {r[1]: r[10] for r in rows}
    changed = [(canon, eid) for eid, canon in consolidate(mentions).items() if current[eid] != canon]
    if changed:
        conn.executemany("UPDATE events SET canonical = ? WHERE id = ?", changed)


# The columns Store._records turns into EventRecords.
_EVENT_RECORD_COLUMNS = (
    "e.id, e.type, e.level, e.upgrade, e.status, e.direction, e.date, e.date_end, e.precision, "
    "e.evidence, e.confidence, e.reason, e.actor, a.id, a.title, a.published, a.source, a.url, a.path, "
    "a.published_inferred, e.review, e.seq"
)
_EVENT_RECORD_SQL = f"SELECT {_EVENT_RECORD_COLUMNS} FROM events e JOIN articles a ON a.id = e.article"


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: str
    published: str | None
    extractor: str


@dataclass(frozen=True, slots=True)
class ArticleChange:
    """The article at ``url`` changed: version ``old_id`` was replaced by ``new_id``."""

    url: str
    old_id: str
    new_id: str
    changed_at: str


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One stored event with everything a report needs, flattened from the tables."""

    id: str
    type: str
    level: str | None
    upgrade: bool
    status: str
    direction: str | None
    date: str | None
    date_end: str | None
    precision: str
    evidence: str
    confidence: float
    reason: str
    actor: Place | None
    partners: tuple[Place, ...]
    people: tuple[dict, ...]
    article: dict
    review: str | None = None  # a person's decision on it (citydip.decisions); None: not reviewed
    seq: int = 0  # its place among its article's events

    def as_event(self) -> Event:
        """The stored event as the extractor's record (what a decision keeps as its base)."""
        return Event(
            type=self.type,
            partners=self.partners,
            evidence=self.evidence,
            actor=self.actor,
            level=self.level,
            upgrade=self.upgrade,
            status=self.status,
            direction=self.direction,
            date=self.date,
            date_end=self.date_end,
            precision=self.precision,
            people=tuple(Person(p["name"], p["title"], p["city"]) for p in self.people),
            confidence=self.confidence,
            reason=self.reason,
        )


def resolve_db_path(explicit: str | os.PathLike | None) -> Path:
    """``--db`` wins, then ``CITYDIP_DB``, then ``./citydip.db``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("CITYDIP_DB")
    return Path(env) if env else Path(DEFAULT_DB)


def event_id(article_id: str, seq: int, event: Event) -> str:
    partners = ",".join(sorted(p.key for p in event.partners))
    raw = f"{article_id}|{seq}|{event.type}|{partners}|{event.date}|{event.level}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


@dataclass(slots=True)
class _Batch:
    max_writes: int
    max_seconds: float
    writes: int = 0
    opened: float = 0.0
    regroup: bool = False  # saved events wait to be grouped and their pairs refolded, before the commit


class Store(StoreDecisions):
    """A citydip database. Opening applies pending migrations; foreign files are refused untouched."""

    _batch: _Batch | None = None  # set while batched() groups writes

    def __init__(self, path: str | os.PathLike, *, create: bool = True):
        self.path = Path(path)
        exists = self.path.exists()
        if not exists and not create:
            raise StoreError(f"{self.path}: no citydip database here (run `citydip ingest` first)")
        if exists:
            _check_is_sqlite(self.path)
        try:
            conn = sqlite3.connect(self.path, timeout=30)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot open database ({err})") from None
        self.conn = conn
        self.readonly = False
        self._db: Database | None = None
        try:
            self._prepare(fresh=not exists or self.path.stat().st_size == 0)
        except ReadOnlyStoreError:
            # a database from an older citydip that cannot be migrated in place: read as it is (migrated
            # in memory), unless the command writes
            conn.close()
            if create:
                raise
            self._open_readonly()
        except sqlite3.OperationalError as err:
            conn.close()
            if not (exists and _is_readonly(err)):
                raise StoreError(f"{self.path}: not a usable SQLite database ({err})") from None
            if create:  # a command that writes
                raise StoreError(f"{self.path}: the database is read-only ({err})") from None
            self._open_readonly()
        except sqlite3.DatabaseError as err:
            conn.close()
            raise StoreError(f"{self.path}: not a usable SQLite database ({err})") from None

    def _open_readonly(self) -> None:
        """Read a database this process may not write to (a read-only file or folder), as ``read_only``
        does: writing commands then say it is read-only."""
        other = Store.read_only(self.path)
        self.conn, self._db, self.readonly = other.conn, other._db, True

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection, made on first use (writes and migrations use it)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def _prepare(self, *, fresh: bool) -> None:
        conn = self.conn
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        # With WAL, NORMAL syncs at checkpoints instead of at every commit: a crash of citydip still leaves
        # whole articles only, and an OS crash or a power cut at worst loses the last few, which the next
        # ingest stores again. One sync per article cost more than extracting a non-diplomacy article.
        conn.execute("PRAGMA synchronous = NORMAL")
        # a new file lacks every step; an existing one is checked (foreign or newer files refused) first
        pending = self._check_schema() if not fresh else [name for name, _ in _STEPS]
        if pending:
            # Several ingests may open one new database at once: each re-checks and migrates while
            # holding the write lock, so every schema step is applied exactly once.
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                _retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL"), self.path)
            with self.write_transaction():
                self._check_schema()
                _migrations().apply(self.db)

    def _check_schema(self) -> list[str]:
        """Refuse a foreign database or one from a newer citydip; the schema steps this one lacks."""
        tables = _tables(self.conn)
        applied = set(_applied_steps(self.conn, tables))
        if tables and not applied:
            raise StoreError(f"{self.path}: not a citydip database (it has other tables); left untouched")
        known = {name for name, _ in _STEPS}
        newer = sorted(applied - known)
        if newer:
            raise StoreError(
                f"{self.path}: written by a newer citydip (schema step {newer[-1]}); upgrade citydip"
            )
        return [name for name, _ in _STEPS if name not in applied]

    @contextmanager
    def write_transaction(self) -> Iterator[None]:
        """One write transaction holding the write lock from its start (BEGIN IMMEDIATE).

        Taking the lock up front means the transaction never fails half-way because another process
        wrote meanwhile; while another writer holds it, SQLite waits (busy timeout) and we retry.
        Inside ``batched()`` it is a savepoint of the batch's transaction instead: all or nothing still,
        committed with the batch.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: the database is read-only; this command writes to it")
        conn = self.conn
        batch = self._batch
        if batch is not None:
            if not conn.in_transaction:
                _retry_busy(lambda: conn.execute("BEGIN IMMEDIATE"), self.path)
                batch.opened = time.monotonic()
            conn.execute("SAVEPOINT citydip_write")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK TO citydip_write")
                    conn.execute("RELEASE citydip_write")
                raise
            conn.execute("RELEASE citydip_write")
            batch.writes += 1
            if batch.writes >= batch.max_writes or time.monotonic() - batch.opened >= batch.max_seconds:
                self._commit_batch()
            return
        _retry_busy(lambda: conn.execute("BEGIN IMMEDIATE"), self.path)
        try:
            yield
        except sqlite3.OperationalError as err:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if _is_readonly(err):  # a file this process may read but not write
                raise ReadOnlyStoreError(f"{self.path}: the database is read-only ({err})") from None
            raise
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextmanager
    def batched(self, *, max_writes: int = 200, max_seconds: float = 0.5) -> Iterator[None]:
        """Group the write transactions inside into fewer commits (each still all or nothing).

        A commit costs more than storing an article that holds no event; ingest stores articles in
        batches of at most ``max_writes`` or ``max_seconds``, whichever comes first. Whatever stops the
        run, the writes that completed are committed (each is whole); a crash loses at most the open
        batch, which the next ingest stores again. Other writers wait for a batch at most that long.
        """
        if self._batch is not None:
            yield  # already batching
            return
        self._batch = _Batch(max_writes, max_seconds)
        try:
            yield
        finally:
            try:
                self._commit_batch()
            finally:
                self._batch = None

    def _commit_batch(self) -> None:
        batch = self._batch
        if self.conn.in_transaction:
            if batch is not None and batch.regroup:
                self._group_saved()
            self.conn.execute("COMMIT")
        if batch is not None:
            batch.writes = 0
            batch.regroup = False

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles -------------------------------------------------------------------------------

    def stored_article(self, article_id: str) -> StoredArticle | None:
        row = self.conn.execute(
            "SELECT id, published, extractor FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        return StoredArticle(*row) if row else None

    def article_actor(self, article_id: str) -> Place | None:
        row = self.conn.execute("SELECT actor FROM articles WHERE id = ?", [article_id]).fetchone()
        if not row or not row[0]:
            return None
        return self.places([row[0]]).get(row[0])

    def article_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def outdated_count(self, version: str) -> int:
        """How many stored articles another extractor version read (``citydip reprocess`` would update them)."""
        return self.conn.execute("SELECT count(*) FROM articles WHERE extractor != ?", [version]).fetchone()[
            0
        ]

    def outdated_articles(
        self, version: str, *, actor_keys: Sequence[str] | None = None, since: str | None = None
    ) -> tuple[list[str], int]:
        """Ids of the stored articles another extractor version read, oldest first, and how many others
        (read by ``version``) the same filters keep: articles of these actors, published since ``since``."""
        where, params = ["1"], []
        if actor_keys is not None:
            where.append(f"actor IN ({','.join('?' * len(actor_keys))})")
            params += list(actor_keys)
        if since:
            where.append("published >= ?")
            params.append(since)
        clause = " AND ".join(where)
        ids = [
            r[0]
            for r in self.conn.execute(
                f"SELECT id FROM articles WHERE {clause} AND extractor != ? ORDER BY ingested_at, id",
                [*params, version],
            )
        ]
        (current,) = self.conn.execute(
            f"SELECT count(*) FROM articles WHERE {clause} AND extractor = ?", [*params, version]
        ).fetchone()
        return ids, current

    def stored_articles(self, ids: Sequence[str], chunk: int = 200) -> Iterator[Article]:
        """The stored articles ``ids``, in that order, as ingest read them, read ``chunk`` at a time."""
        columns = "id, text, title, published, published_inferred, source, url, path"
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            rows = {
                r[0]: r
                for r in self._rows_in(f"SELECT {columns} FROM articles WHERE id IN ({{marks}})", part)
            }
            for aid in part:
                if aid in rows:
                    r = rows[aid]
                    yield Article(
                        id=r[0],
                        text=r[1],
                        title=r[2],
                        published=r[3],
                        published_inferred=bool(r[4]),
                        source=r[5],
                        url=r[6],
                        path=r[7],
                    )

    def save_article(
        self,
        article: Article,
        events: Sequence[Event],
        *,
        actor: Place | None = None,
        extractor: str,
        index_terms: Callable[[str], str] | None = None,
    ) -> None:
        """Replace the article and all its events in one transaction.

        The article's decisions (citydip.decisions) apply to the events as they are stored: an event a person
        rejected, accepted or edited is stored so again, and an edited or added one the extractor no longer
        finds is put back. ``index_terms`` (citydip.nlp.index_terms) indexes the article and its evidence
        for ``citydip search`` in the same transaction; without it, ``search`` indexes them when first run.
        """
        # Kiwi is slow next to SQLite: tokenise before taking the write lock.
        terms = _search_rows(article, events, index_terms) if index_terms else []
        # inside a batch's open transaction, grouping waits for the batch's commit
        batch = self._batch if self.conn.in_transaction else None
        with self.db.atomic():
            self._delete_article(article.id)
            upserted: set[str] = set()
            actor_key = self._upsert_place(actor, upserted) if actor else None
            self.db.execute(
                """INSERT INTO articles (id, path, url, title, source, published, published_inferred, text,
                     actor, ingested_at, extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    article.id,
                    article.path,
                    article.url,
                    article.title,
                    article.source,
                    article.published,
                    int(article.published_inferred),
                    article.text,
                    actor_key,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    extractor,
                ],
            )
            decisions = self.decisions(article.id)
            if decisions:
                planned, governs = plan(
                    article.id, events, decisions, lambda seq, event: event_id(article.id, seq, event)
                )
                for p in planned:
                    self._insert_event(article.id, p.seq, p.event, upserted, eid=p.id, review=p.review)
                self._set_governs(decisions, governs)
                # a decided event keeps the id it had: its evidence's search terms follow it
                renamed = {
                    event_id(article.id, p.seq, events[p.seq]): p.id for p in planned if p.seq < len(events)
                }
                terms = [(aid, renamed.get(eid, eid) if eid else eid, t) for aid, eid, t in terms]
            else:
                for seq, event in enumerate(events):
                    self._insert_event(article.id, seq, event, upserted)
            if terms:
                self.conn.executemany(
                    "INSERT INTO search_terms (article, event, terms) VALUES (?, ?, ?)", terms
                )
            if batch is not None:
                # once for the whole batch, just before it commits: the same groups and summary (both are
                # functions of the stored mentions alone), but each key's mentions read once, not per article
                batch.regroup = True
            else:
                self._group_saved()

    def _delete_article(self, article_id: str) -> None:
        """Delete an article and (by cascade) its events. Every real event that shares a key with one of its
        events is regrouped: an event that leaves can change how the others group (a bare '2023' stays apart
        beside 2023-09 and 2023-10, and joins the one left when the other goes)."""
        self.db.execute(
            "UPDATE events SET canonical = NULL WHERE canonical IS NOT NULL AND group_key IN "
            "(SELECT group_key FROM events WHERE article = ?)",
            [article_id],
        )
        self.db.execute("DELETE FROM articles WHERE id = ?", [article_id])

    def _group_saved(self) -> None:
        """Group the mentions saved since the last time (and those a deletion ungrouped); refold their pairs."""
        _regroup(self.db, everything=False)
        refresh_partner_summary(self.conn)

    def _upsert_place(self, place: Place, done: set[str] | None = None) -> str:
        """Insert or refresh ``place``; ``done`` holds the keys this write already stored."""
        if done is not None:
            if place.key in done:
                return place.key
            done.add(place.key)
        self.db.execute(
            """INSERT INTO places (id, geonameid, name, name_ko, country, kind, lat, lon, parent)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET geonameid=excluded.geonameid, name=excluded.name,
                 name_ko=excluded.name_ko, country=excluded.country, kind=excluded.kind,
                 lat=excluded.lat, lon=excluded.lon, parent=excluded.parent""",
            [
                place.key,
                place.geonameid,
                place.name,
                place.name_ko,
                place.country,
                str(place.kind),
                place.lat,
                place.lon,
                place.parent,
            ],
        )
        return place.key

    def _insert_event(
        self,
        article_id: str,
        seq: int,
        event: Event,
        upserted: set[str] | None = None,
        *,
        eid: str | None = None,
        review: str | None = None,
    ) -> None:
        eid = eid or event_id(article_id, seq, event)
        actor = self._upsert_place(event.actor, upserted) if event.actor else None
        partners = [self._upsert_place(partner, upserted) for partner in event.partners]
        self.db.execute(
            """INSERT INTO events (id, article, seq, actor, type, level, upgrade, status, direction, date,
                 date_end, precision, evidence, confidence, reason, group_key, review)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                eid,
                article_id,
                seq,
                actor,
                str(event.type),
                event.level,
                int(event.upgrade),
                str(event.status),
                event.direction,
                event.date,
                event.date_end,
                str(event.precision),
                event.evidence,
                round(event.confidence, 3),
                event.reason,
                group_key(actor, str(event.type), event.level, partners, review == REJECTED),
                review,
            ],
        )
        for position, key in enumerate(partners):
            self.db.execute(
                "INSERT OR IGNORE INTO event_partners (event, place, position) VALUES (?, ?, ?)",
                [eid, key, position],
            )
        for position, person in enumerate(event.people):
            self.db.execute(
                "INSERT INTO people (event, position, name, title, city) VALUES (?, ?, ?, ?, ?)",
                [eid, position, person.name, person.title, person.city],
            )

    # -- user aliases ---------------------------------------------------------------------------

    def add_alias(self, surface: str, place: Place) -> None:
        """A user's own name for a place; it wins over the shipped gazetteer at the next ingest."""
        with self.write_transaction():
            key = self._upsert_place(place)
            self.db.execute(
                "INSERT INTO user_aliases (surface, place, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(surface) DO UPDATE SET place = excluded.place, added_at = excluded.added_at",
                [surface, key, datetime.now(UTC).isoformat(timespec="seconds")],
            )

    def remove_alias(self, surface: str) -> bool:
        with self.write_transaction():
            cursor = self.db.execute("DELETE FROM user_aliases WHERE surface = ?", [surface])
        return cursor.rowcount > 0

    def aliases(self) -> list[tuple[str, Place]]:
        rows = self.conn.execute("SELECT surface, place FROM user_aliases ORDER BY surface").fetchall()
        places = self.places(r[1] for r in rows)
        return [(surface, places[key]) for surface, key in rows if key in places]

    # -- article versions: identity by content, and by URL when there is one ------------------

    @classmethod
    def read_only(cls, path: str | os.PathLike) -> Store:
        """An existing database opened for look-ups only (``ingest --dry-run``): nothing is ever written.

        A database from an older citydip is copied into memory and migrated there, never in place.
        """
        store = cls.__new__(cls)
        store.path = Path(path)
        store.readonly = False  # its writes, if any, go to the in-memory copy below
        _check_is_sqlite(store.path)
        # With no writer about (no -wal file) open it immutable, so not even SQLite's side files appear.
        wal = store.path.with_name(store.path.name + "-wal")
        query = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
        try:
            conn = sqlite3.connect(f"{store.path.resolve().as_uri()}?{query}", uri=True, timeout=30)
        except sqlite3.Error as err:
            raise StoreError(f"{store.path}: cannot open database ({err})") from None
        store.conn, store._db = conn, None
        try:
            if store._check_schema():
                memory = sqlite3.connect(":memory:")
                conn.backup(memory)
                conn.close()
                store.conn, store._db = memory, None
                _migrations().apply(store.db)
        except sqlite3.DatabaseError as err:
            store.close()
            raise StoreError(f"{store.path}: not a usable SQLite database ({err})") from None
        except StoreError:
            store.close()
            raise
        return store

    def article_ids_at_url(self, url: str) -> list[str]:
        """Stored articles read from ``url``, oldest first."""
        rows = self.conn.execute("SELECT id FROM articles WHERE url = ? ORDER BY ingested_at, id", [url])
        return [row[0] for row in rows]

    def replaced_at(self, article_id: str, url: str) -> str | None:
        """When this version of the article at ``url`` gave way to a newer one; None if it never did."""
        row = self.conn.execute(
            "SELECT max(changed_at) FROM article_changes WHERE url = ? AND old_id = ?", [url, article_id]
        ).fetchone()
        return row[0]

    def save_article_version(
        self,
        article: Article,
        events: Sequence[Event],
        *,
        actor: Place | None = None,
        extractor: str,
        replaces: Sequence[str] = (),
    ) -> None:
        """Store an article and its events in one write transaction.

        ``replaces`` are older versions of the same article (same URL, other text): they and their
        events are removed in the same transaction, and each change is recorded in article_changes.
        """
        with self.write_transaction():
            changed_at = datetime.now(UTC).isoformat(timespec="seconds")
            for old_id in replaces:
                self._delete_article(old_id)
                self.db.execute(
                    "INSERT OR IGNORE INTO article_changes (url, old_id, new_id, changed_at) VALUES (?, ?, ?, ?)",
                    [article.url, old_id, article.id, changed_at],
                )
            self.save_article(article, events, actor=actor, extractor=extractor)

    def article_changes(self) -> list[ArticleChange]:
        """Every recorded change of an article at a URL, oldest first."""
        rows = self.conn.execute(
            "SELECT url, old_id, new_id, changed_at FROM article_changes ORDER BY changed_at, rowid"
        )
        return [ArticleChange(*row) for row in rows]

    # -- queries --------------------------------------------------------------------------------

    def _rows_in(self, sql: str, keys: Sequence) -> Iterator[tuple]:
        """Rows of ``sql`` for every key, its ``{marks}`` filled in chunks below SQLite's variable limit."""
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            yield from self.conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)

    def places(self, keys: Iterable[str]) -> dict[str, Place]:
        keys = list(set(keys))
        out: dict[str, Place] = {}
        for row in self._rows_in(
            "SELECT id, geonameid, name, name_ko, country, kind, lat, lon, parent FROM places WHERE id IN ({marks})",
            keys,
        ):
            out[row[0]] = Place(
                name=row[2],
                name_ko=row[3],
                country=row[4],
                kind=row[5],
                geonameid=row[1],
                lat=row[6],
                lon=row[7],
                parent=row[8],
            )
        return out

    def events(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        types: Sequence[str] = (),
        actor_keys: Sequence[str] | None = None,
        partner_keys: Sequence[str] | None = None,
        article_ids: Sequence[str] | None = None,
        include_rejected: bool = False,
    ) -> Iterator[EventRecord]:
        """Stored events in date order (undated last), optionally filtered; rejected ones only when asked."""
        where: list[str] = [] if include_rejected else ["e.review IS NOT 'rejected'"]
        params: list = []
        if since:
            where.append("e.date >= ?")
            params.append(since)
        if until:
            # "2023-09" as an upper bound includes every day of that month
            where.append("substr(e.date, 1, ?) <= ?")
            params += [len(until), until]
        if types:
            where.append(f"e.type IN ({','.join('?' * len(types))})")
            params += list(types)
        if actor_keys is not None:
            where.append(f"e.actor IN ({','.join('?' * len(actor_keys))})")
            params += list(actor_keys)
        if partner_keys is not None:
            where.append(
                f"e.id IN (SELECT event FROM event_partners WHERE place IN ({','.join('?' * len(partner_keys))}))"
            )
            params += list(partner_keys)
        if article_ids is not None:
            where.append(f"e.article IN ({','.join('?' * len(article_ids))})")
            params += list(article_ids)
        sql = (
            _EVENT_RECORD_SQL
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY e.date IS NULL, e.date, a.published, e.article, e.seq"
        )
        yield from self._records(self.conn.execute(sql, params).fetchall())

    def events_by_id(self, ids: Sequence[str]) -> dict[str, EventRecord]:
        """Stored events by id."""
        rows = list(self._rows_in(_EVENT_RECORD_SQL + " WHERE e.id IN ({marks})", ids))
        return {record.id: record for record in self._records(rows)}

    def reviewed_count(self) -> int:
        """Events a person reviewed: the rows of review's ``decisions`` table, 0 when the database has none."""
        return reviewed_count(self.conn)

    def event_groups(self, canonical_ids: Sequence[str]) -> dict[str, list[EventRecord]]:
        """Every report of these real events (by the id of their canonical mention), in no particular order."""
        sql = (
            f"SELECT {_EVENT_RECORD_COLUMNS}, e.canonical FROM events e JOIN articles a ON a.id = e.article "
            "WHERE e.canonical IN ({marks})"
        )
        rows = list(self._rows_in(sql, canonical_ids))
        groups: dict[str, list[EventRecord]] = {}
        for row, record in zip(rows, self._records(rows), strict=True):
            groups.setdefault(row[-1], []).append(record)
        return groups

    def _records(self, rows: list[tuple]) -> Iterator[EventRecord]:
        """EventRecords of rows selected by _EVENT_RECORD_SQL, with their partners, people and places."""
        ids = [r[0] for r in rows]
        partners: dict[str, list[str]] = {}
        people: dict[str, list[dict]] = {}
        for ev, place in self._rows_in(
            "SELECT event, place FROM event_partners WHERE event IN ({marks}) ORDER BY event, position", ids
        ):
            partners.setdefault(ev, []).append(place)
        for ev, name, title, city in self._rows_in(
            "SELECT event, name, title, city FROM people WHERE event IN ({marks}) ORDER BY event, position",
            ids,
        ):
            people.setdefault(ev, []).append({"name": name, "title": title, "city": city})
        place_keys = {r[12] for r in rows if r[12]} | {k for ks in partners.values() for k in ks}
        place_by_key = self.places(place_keys)
        for r in rows:
            yield EventRecord(
                id=r[0],
                type=r[1],
                level=r[2],
                upgrade=bool(r[3]),
                status=r[4],
                direction=r[5],
                date=r[6],
                date_end=r[7],
                precision=r[8],
                evidence=r[9],
                confidence=r[10],
                reason=r[11],
                actor=place_by_key.get(r[12]) if r[12] else None,
                partners=tuple(place_by_key[k] for k in partners.get(r[0], ()) if k in place_by_key),
                people=tuple(people.get(r[0], ())),
                article={
                    "id": r[13],
                    "title": r[14],
                    "published": r[15],
                    "source": r[16],
                    "url": r[17],
                    "path": r[18],
                    "published_inferred": bool(r[19]),
                },
                review=r[20],
                seq=r[21],
            )

    def place_names(self) -> list[str]:
        """Every stored place's Korean and English name (for suggestions when a name is not found)."""
        return [n for row in self.conn.execute("SELECT name_ko, name FROM places") for n in row if n]

    def find_place_keys(self, query: str) -> list[str]:
        """Keys of stored places whose name, Korean name or key matches ``query`` (case-insensitive)."""
        q = query.strip()
        rows = self.conn.execute(
            "SELECT id FROM places WHERE lower(name) = lower(?) OR name_ko = ? OR id = ? "
            "OR name_ko = ? || '시' OR name_ko || '시' = ? OR CAST(geonameid AS TEXT) = ?",
            [q, q, q, q, q, q],
        ).fetchall()
        return [r[0] for r in rows]

    # -- consolidated events and the search index --------------------------------------------------

    def regroup(self, *, everything: bool = False) -> None:
        """Bring events.canonical (and the partner summary) up to date; save_article does it, this is for
        rows written otherwise."""
        with self.write_transaction():
            _regroup(self.db, everything=everything, reviewed=True)
            refresh_partner_summary(self.conn)

    def index_pending(self, index_terms: Callable[[str], str]) -> int:
        """Index the articles and evidence that have no search terms yet; return how many were added.

        Databases from before the index, or articles saved without ``index_terms``, catch up here.
        """
        articles = self.conn.execute(
            "SELECT id, title, text FROM articles "
            "WHERE id NOT IN (SELECT article FROM search_terms WHERE event IS NULL) ORDER BY id"
        ).fetchall()
        events = self.conn.execute(
            "SELECT id, article, evidence FROM events "
            "WHERE id NOT IN (SELECT event FROM search_terms WHERE event IS NOT NULL) ORDER BY id"
        ).fetchall()
        if self.readonly and (articles or events):
            raise StoreError(
                f"{self.path}: {len(articles)} articles and {len(events)} evidence sentences are not in the "
                "search index yet and the database is read-only; search it once where it can be written"
            )
        rows = [(aid, None, index_terms(_article_text(title, text))) for aid, title, text in articles]
        rows += [(article, eid, index_terms(evidence)) for eid, article, evidence in events]
        if rows:
            with self.write_transaction():
                self.conn.executemany(
                    "INSERT INTO search_terms (article, event, terms) VALUES (?, ?, ?)", rows
                )
        return len(rows)

    def search_terms(self, match: str, *, limit: int = 200) -> list[tuple[str, str | None, float]]:
        """(article, event or None, bm25 score: lower is better) for an FTS5 ``match`` expression."""
        try:
            rows = self.conn.execute(
                "SELECT s.article, s.event, bm25(search_terms_fts) AS score "
                "FROM search_terms_fts JOIN search_terms s ON s.id = search_terms_fts.rowid "
                "WHERE search_terms_fts MATCH ? ORDER BY score, s.article, s.event LIMIT ?",
                [match, limit],
            ).fetchall()
        except sqlite3.OperationalError as err:
            raise StoreError(f"cannot search for {match!r} ({err})") from None
        return [(r[0], r[1], r[2]) for r in rows]

    def articles(self, ids: Iterable[str]) -> dict[str, dict]:
        """Stored articles by id: metadata, text and actor key."""
        ids = sorted(set(ids))
        out: dict[str, dict] = {}
        for row in self._rows_in(
            "SELECT id, title, published, source, url, path, text, actor FROM articles WHERE id IN ({marks})",
            ids,
        ):
            out[row[0]] = dict(zip(ARTICLE_COLUMNS, row, strict=True))
        return out

    def event_ids(self, prefix: str) -> list[str]:
        """Ids of stored events starting with ``prefix`` (a whole id or its first characters)."""
        rows = self.conn.execute(
            "SELECT id FROM events WHERE id >= ? AND id < ? ORDER BY id LIMIT 10", [prefix, prefix + "\uffff"]
        )
        return [r[0] for r in rows]

    def event_id_count(self, prefix: str) -> int:
        """How many stored event ids start with ``prefix``."""
        sql = "SELECT count(*) FROM events WHERE id >= ? AND id < ?"
        return self.conn.execute(sql, [prefix, prefix + "\uffff"]).fetchone()[0]

    def article_ids(self, prefix: str) -> tuple[list[str], int]:
        """Up to ten ids of stored articles starting with ``prefix``, and how many there are."""
        bounds = [prefix, prefix + "\uffff"]
        rows = self.conn.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 10", bounds
        )
        count = self.conn.execute(
            "SELECT count(*) FROM articles WHERE id >= ? AND id < ?", bounds
        ).fetchone()[0]
        return [r[0] for r in rows], count

    # -- the timeline and the partner table -----------------------------------------------------------

    def ungrouped_events(self) -> bool:
        """Whether some events are not grouped into real events yet (rows written without Store)."""
        return (
            self.conn.execute("SELECT 1 FROM events WHERE canonical IS NULL LIMIT 1").fetchone() is not None
        )

    def timeline_ids(self, query: EventQuery, *, raw: bool = False, limit: int | None = None) -> list[str]:
        """Ids of the real events (their canonical mentions), or with ``raw`` of every mention, that
        ``query`` keeps, in timeline order; at most ``limit``."""
        return page(self.conn, query, raw=raw, limit=limit)

    def outlets(self) -> list[str | None]:
        """Every outlet name stored on an article (None: articles without one)."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT source FROM articles")]

    def canonical_of(self, event_id: str) -> str | None:
        """Id of the canonical mention of the real event that ``event_id`` reports."""
        row = self.conn.execute("SELECT canonical FROM events WHERE id = ?", [event_id]).fetchone()
        return row[0] if row else None

    def event_counts(self, query: EventQuery) -> EventCounts:
        """Real events that ``query`` keeps, counted by year, type and partner countries (``citydip stats``)."""
        return event_counts(self.conn, query)

    def unplaced_partners(self, query: EventQuery) -> list[tuple[str, str, str, int]]:
        """Foreign partners without a GeoNames id and how many event mentions name them (``citydip stats``)."""
        return unplaced_partners(self.conn, query)

    def partner_relations(
        self,
        actor_keys: Sequence[str] | None = None,
        *,
        pairs: Sequence[tuple[str | None, str]] | None = None,
    ) -> dict[tuple[str | None, str], Relation]:
        """The partner table by (actor key, partner key), from the summary kept at write time."""
        return partner_summary(self.conn, actor_keys, pairs=pairs)

    def partner_page(
        self,
        actor_keys: Sequence[str] | None,
        *,
        country: str | None,
        level: str | None,
        sort: str,
        limit: int,
    ) -> list[tuple[str | None, str]] | None:
        """The first ``limit`` (actor, partner) pairs of the partner table in ``sort`` order (reports.cities),
        or None when the summary has pairs to bring up to date first."""
        return partner_page(
            self.conn, actor_keys=actor_keys, country=country, level=level, sort=sort, limit=limit
        )


# Tries at taking the write lock; each already waits up to the 30 s busy timeout.
WRITE_ATTEMPTS = 3


def _is_busy(err: sqlite3.OperationalError) -> bool:
    message = str(err).lower()
    return "locked" in message or "busy" in message


def _is_readonly(err: sqlite3.OperationalError) -> bool:
    """SQLite's words for a file or folder it may not write ('attempt to write a readonly database'; a
    WAL database in a read-only folder cannot even be opened for writing)."""
    text = str(err).lower()
    return "readonly" in text or "read-only" in text or "unable to open database file" in text


def _retry_busy(step: Callable[[], object], path: Path) -> None:
    """Run a statement that needs the write lock, retrying while another process holds it."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            step()
            return
        except sqlite3.OperationalError as err:
            if _is_readonly(err):
                raise ReadOnlyStoreError(f"{path}: the database is read-only ({err})") from None
            if not _is_busy(err):
                raise
            if attempt == WRITE_ATTEMPTS:
                raise StoreError(f"{path}: database stays locked by another process ({err})") from None
            time.sleep(0.2 * attempt)


ARTICLE_COLUMNS = ("id", "title", "published", "source", "url", "path", "text", "actor")


def _article_text(title: str | None, text: str) -> str:
    return f"{title}\n{text}" if title else text


def _search_rows(
    article: Article, events: Sequence[Event], index_terms: Callable[[str], str]
) -> list[tuple[str, str | None, str]]:
    rows: list[tuple[str, str | None, str]] = [
        (article.id, None, index_terms(_article_text(article.title, article.text)))
    ]
    rows += [
        (article.id, event_id(article.id, seq, event), index_terms(event.evidence))
        for seq, event in enumerate(events)
    ]
    return rows


def _check_is_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as err:
        raise StoreError(f"{path}: cannot read database ({err.strerror})") from None
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path}: not a SQLite database; left untouched")
