"""The SQLite store: schema through numbered migrations, transactional writes, typed queries."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from citydip.errors import StoreError
from citydip.models import Article, Event, Place

MIGRATION_SET = "citydip"
DEFAULT_DB = "citydip.db"
SQLITE_MAGIC = b"SQLite format 3\x00"

migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_initial")
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


@migrations(name="0002_user_aliases")
def _user_aliases(db: Database) -> None:
    db.execute(
        """CREATE TABLE user_aliases (
            surface TEXT PRIMARY KEY,
            place TEXT NOT NULL REFERENCES places(id),
            added_at TEXT NOT NULL
        )"""
    )


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: str
    published: str | None
    extractor: str


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


class Store:
    """A citydip database. Opening applies pending migrations; foreign files are refused untouched."""

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
        self.db = Database(conn)
        try:
            self._prepare(fresh=not exists or self.path.stat().st_size == 0)
        except sqlite3.DatabaseError as err:
            conn.close()
            raise StoreError(f"{self.path}: not a usable SQLite database ({err})") from None

    def _prepare(self, *, fresh: bool) -> None:
        conn = self.db.conn
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        if not fresh:
            tables = set(self.db.table_names())
            applied = {m.name for m in migrations.applied(self.db)} if tables else set()
            if tables and not applied:
                raise StoreError(f"{self.path}: not a citydip database (it has other tables); left untouched")
            known = {m.name for m in migrations._migrations}
            newer = sorted(applied - known)
            if newer:
                raise StoreError(
                    f"{self.path}: written by a newer citydip (schema step {newer[-1]}); upgrade citydip"
                )
        if migrations.pending(self.db):
            conn.execute("PRAGMA journal_mode = WAL")
            migrations.apply(self.db)

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles -------------------------------------------------------------------------------

    def stored_article(self, article_id: str) -> StoredArticle | None:
        row = self.db.execute(
            "SELECT id, published, extractor FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        return StoredArticle(*row) if row else None

    def article_actor(self, article_id: str) -> Place | None:
        row = self.db.execute("SELECT actor FROM articles WHERE id = ?", [article_id]).fetchone()
        if not row or not row[0]:
            return None
        return self.places([row[0]]).get(row[0])

    def article_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def save_article(
        self, article: Article, events: Sequence[Event], *, actor: Place | None = None, extractor: str
    ) -> None:
        """Replace the article and all its events in one transaction."""
        with self.db.atomic():
            self.db.execute("DELETE FROM articles WHERE id = ?", [article.id])
            actor_key = self._upsert_place(actor) if actor else None
            self.db["articles"].insert(
                {
                    "id": article.id,
                    "path": article.path,
                    "url": article.url,
                    "title": article.title,
                    "source": article.source,
                    "published": article.published,
                    "published_inferred": int(article.published_inferred),
                    "text": article.text,
                    "actor": actor_key,
                    "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "extractor": extractor,
                }
            )
            for seq, event in enumerate(events):
                self._insert_event(article.id, seq, event)

    def _upsert_place(self, place: Place) -> str:
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

    def _insert_event(self, article_id: str, seq: int, event: Event) -> None:
        eid = event_id(article_id, seq, event)
        actor = self._upsert_place(event.actor) if event.actor else None
        self.db.execute(
            """INSERT INTO events (id, article, seq, actor, type, level, upgrade, status, direction, date,
                 date_end, precision, evidence, confidence, reason)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
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
            ],
        )
        for position, partner in enumerate(event.partners):
            key = self._upsert_place(partner)
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
        with self.db.atomic():
            key = self._upsert_place(place)
            self.db.execute(
                "INSERT INTO user_aliases (surface, place, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(surface) DO UPDATE SET place = excluded.place, added_at = excluded.added_at",
                [surface, key, datetime.now(UTC).isoformat(timespec="seconds")],
            )

    def remove_alias(self, surface: str) -> bool:
        with self.db.atomic():
            cursor = self.db.execute("DELETE FROM user_aliases WHERE surface = ?", [surface])
        return cursor.rowcount > 0

    def aliases(self) -> list[tuple[str, Place]]:
        rows = self.db.execute("SELECT surface, place FROM user_aliases ORDER BY surface").fetchall()
        places = self.places(r[1] for r in rows)
        return [(surface, places[key]) for surface, key in rows if key in places]

    # -- queries --------------------------------------------------------------------------------

    def places(self, keys: Iterable[str]) -> dict[str, Place]:
        keys = list(set(keys))
        out: dict[str, Place] = {}
        for chunk_start in range(0, len(keys), 500):
            chunk = keys[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT id, geonameid, name, name_ko, country, kind, lat, lon, parent FROM places "
                f"WHERE id IN ({marks})",
                chunk,
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
    ) -> Iterator[EventRecord]:
        """Stored events in date order (undated last), optionally filtered."""
        where: list[str] = []
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
            "SELECT e.id, e.type, e.level, e.upgrade, e.status, e.direction, e.date, e.date_end, e.precision, "
            "e.evidence, e.confidence, e.reason, e.actor, a.id, a.title, a.published, a.source, a.url, a.path, "
            "a.published_inferred "
            "FROM events e JOIN articles a ON a.id = e.article"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY e.date IS NULL, e.date, a.published, e.article, e.seq"
        )
        rows = self.db.execute(sql, params).fetchall()
        ids = [r[0] for r in rows]
        partners: dict[str, list[str]] = {}
        people: dict[str, list[dict]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for ev, place in self.db.execute(
                f"SELECT event, place FROM event_partners WHERE event IN ({marks}) ORDER BY event, position",
                chunk,
            ):
                partners.setdefault(ev, []).append(place)
            for ev, name, title, city in self.db.execute(
                f"SELECT event, name, title, city FROM people WHERE event IN ({marks}) ORDER BY event, position",
                chunk,
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
            )

    def find_place_keys(self, query: str) -> list[str]:
        """Keys of stored places whose name, Korean name or key matches ``query`` (case-insensitive)."""
        q = query.strip()
        rows = self.db.execute(
            "SELECT id FROM places WHERE lower(name) = lower(?) OR name_ko = ? OR id = ? "
            "OR name_ko = ? || '시' OR name_ko || '시' = ? OR CAST(geonameid AS TEXT) = ?",
            [q, q, q, q, q, q],
        ).fetchall()
        return [r[0] for r in rows]


def _check_is_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as err:
        raise StoreError(f"{path}: cannot read database ({err.strerror})") from None
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path}: not a SQLite database; left untouched")
