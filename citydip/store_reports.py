"""Store side of timeline and cities: real events paged in timeline order, and the partner summary kept."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from citydip.models import LEVEL_RANK
from citydip.relations import PairEvent, Relation

# The timeline's order of real events (reports.TimelineRow: date, end date, earliest report, id) over
# their canonical rows ``e``. The same expressions as the partial indexes idx_events_timeline and
# idx_events_actor_timeline, so that SQLite reads rows in this order instead of sorting them all.
TIMELINE_ORDER = (
    "e.date IS NULL, e.date, ifnull(e.date_end, ''), e.first_published IS NULL, e.first_published, "
    "e.first_article, e.id"
)
# One row per mention (timeline --raw): its own article stands where the earliest report does.
MENTION_ORDER = "e.date IS NULL, e.date, ifnull(e.date_end, ''), a.published IS NULL, a.published, a.id, e.id"
# A real event is done when any of its reports says so (a plan reported before, the deed after).
_GROUP_STATUS = (
    "CASE WHEN EXISTS (SELECT 1 FROM events m WHERE m.canonical = e.id AND m.status = 'done') "
    "THEN 'done' ELSE e.status END"
)
# Events a person rejected are left out of every report (unless asked for: --all) and of the partner table.
NOT_REJECTED = "e.review IS NOT 'rejected'"
# Above this many pairs to bring up to date, one pass over all events beats a query per pair.
BULK_PAIRS = 1000
# Above this many pairs to read from the summary, one pass over it beats naming each (and SQL's variable limit).
PAIRS_BY_KEY = 500


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Timeline filters, each exact in SQL; names already resolved to place keys and stored outlets."""

    types: tuple[str, ...] = ()
    actor_keys: tuple[str, ...] | None = None
    partner_keys: tuple[str, ...] | None = None
    country: str | None = None  # ISO code of some partner
    level: str | None = None
    since: str | None = None
    until: str | None = None
    status: str | None = None
    sources: tuple[str | None, ...] | None = None  # outlets as stored; None stands for no outlet
    rejected: bool = False  # keep the events a person rejected too (--all)
    reviewed_only: bool = (
        False  # only the events a person accepted, edited or added (rejected too, with --all)
    )


def _marks(values: Sequence) -> str:
    return ",".join("?" * len(values))


def _where(query: EventQuery, *, raw: bool) -> tuple[list[str], list]:
    """WHERE terms on ``e``: a mention (``raw``, its article ``a``) or a real event's canonical row."""
    where: list[str] = [] if raw else ["e.canonical = e.id"]
    params: list = []
    if not query.rejected:  # a rejected mention is grouped only with rejected ones: its row says it for all
        where.append(NOT_REJECTED)
    if query.reviewed_only:  # with the rejected ones (--all): every event a person decided on
        labels = "'accepted', 'edited', 'added'" + (", 'rejected'" if query.rejected else "")
        where.append(
            f"e.review IN ({labels})"
            if raw
            else f"EXISTS (SELECT 1 FROM events m WHERE m.canonical = e.id AND m.review IN ({labels}))"
        )
    if query.types:
        where.append(f"e.type IN ({_marks(query.types)})")
        params += query.types
    if query.actor_keys is not None:
        where.append(f"e.actor IN ({_marks(query.actor_keys)})")
        params += query.actor_keys
    if query.partner_keys is not None:
        where.append(
            f"e.id IN (SELECT event FROM event_partners WHERE place IN ({_marks(query.partner_keys)}))"
        )
        params += query.partner_keys
    if query.country:
        where.append(
            "EXISTS (SELECT 1 FROM event_partners ep JOIN places p ON p.id = ep.place "
            "WHERE ep.event = e.id AND p.country = ?)"
        )
        params.append(query.country)
    if query.level:
        where.append("e.level = ?")
        params.append(query.level)
    if query.since:
        where.append("e.date >= ?")
        params.append(query.since)
    if query.until:
        # "2023-09" as an upper bound includes every day of that month
        where.append("substr(e.date, 1, ?) <= ?")
        params += [len(query.until), query.until]
    if query.status:
        where.append(f"{'e.status' if raw else _GROUP_STATUS} = ?")
        params.append(query.status)
    if query.sources is not None:
        named = [s for s in query.sources if s is not None]
        test = f"{{0}}.source IN ({_marks(named)})" + (
            " OR {0}.source IS NULL" if None in query.sources else ""
        )
        if raw:
            where.append("(" + test.format("a") + ")")
        else:
            where.append(
                "EXISTS (SELECT 1 FROM events m JOIN articles s ON s.id = m.article "
                f"WHERE m.canonical = e.id AND ({test.format('s')}))"
            )
        params += named
    return where, params


def page(
    conn: sqlite3.Connection, query: EventQuery, *, raw: bool = False, limit: int | None = None
) -> list[str]:
    """Ids of the real events (canonical mentions), or with ``raw`` of the mentions, in timeline order."""
    if any(keys == () for keys in (query.actor_keys, query.partner_keys, query.sources)):
        return []  # a name that matches nothing
    where, params = _where(query, raw=raw)
    source = "events e JOIN articles a ON a.id = e.article" if raw else "events e"
    sql = f"SELECT e.id FROM {source}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY " + (MENTION_ORDER if raw else TIMELINE_ORDER)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [row[0] for row in conn.execute(sql, params)]


# -- the partner summary ----------------------------------------------------------------------------------

Pair = tuple[str | None, str]  # (actor key or None, partner key)

_PAIR_EVENTS = f"""SELECT e.actor, ep.place, e.type, e.level, e.date, e.date_end, e.precision,
       EXISTS (SELECT 1 FROM events m WHERE m.canonical = e.id AND m.status = 'done'),
       (SELECT max(m.upgrade) FROM events m WHERE m.canonical = e.id)
FROM events e JOIN event_partners ep ON ep.event = e.id
WHERE e.canonical = e.id {{reviewed}} {{where}}
ORDER BY {TIMELINE_ORDER}"""


def _fold(rows: Iterable[tuple]) -> dict[Pair, Relation]:
    relations: dict[Pair, Relation] = {}
    for actor, partner, kind, level, date, date_end, precision, done, upgrade in rows:
        key = (actor, partner)
        rel = relations.get(key)
        if rel is None:
            rel = relations[key] = Relation()
        rel.add(PairEvent(kind, level, date, date_end, precision, bool(done), bool(upgrade)))
    for rel in relations.values():
        rel.settle()
    return relations


def _reviewed(conn: sqlite3.Connection | None = None) -> str:
    """The term that leaves rejected events out; none in a database from before events.review (0008), as
    the schema steps before it see it."""
    if conn is not None and not any(r[1] == "review" for r in conn.execute("PRAGMA table_info(events)")):
        return ""
    return "AND " + NOT_REJECTED


def all_relations(conn: sqlite3.Connection) -> dict[Pair, Relation]:
    """Every (actor, partner) pair folded from the stored real events, in one pass in timeline order."""
    return _fold(conn.execute(_PAIR_EVENTS.format(where="", reviewed=_reviewed(conn))))


def pair_relations(conn: sqlite3.Connection, pairs: Iterable[Pair]) -> dict[Pair, Relation]:
    """These pairs folded from the stored real events; a pair without events is left out."""
    pairs = set(pairs)
    if len(pairs) > BULK_PAIRS:
        return {k: v for k, v in all_relations(conn).items() if k in pairs}

    def rows() -> Iterator[tuple]:
        sql = _PAIR_EVENTS.format(where="AND ep.place = ? AND e.actor IS ?", reviewed=_reviewed())
        for actor, partner in pairs:
            yield from conn.execute(sql, [partner, actor])

    return _fold(rows())


def _summary_row(pair: Pair, rel: Relation) -> tuple:
    return (
        *pair,
        rel.level,
        rel.since,
        json.dumps(rel.history, ensure_ascii=False),
        rel.first_contact,
        rel.last_contact,
        rel.events,
        json.dumps(dict(sorted(rel.types.items())), ensure_ascii=False),
    )


_INSERT_SUMMARY = (
    "INSERT INTO partner_summary (actor, partner, level, since, history, first_contact, last_contact, "
    "events, types) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def refresh_partner_summary(conn: sqlite3.Connection) -> None:
    """Recompute the summary rows of the pairs whose events changed (the triggers of 0006 list them)."""
    stale = conn.execute("SELECT actor, partner FROM partner_summary_stale").fetchall()
    if not stale:
        return
    if len(stale) > BULK_PAIRS:
        rebuild_partner_summary(conn)
        return
    relations = pair_relations(conn, stale)
    conn.executemany("DELETE FROM partner_summary WHERE actor IS ? AND partner = ?", stale)
    conn.executemany(_INSERT_SUMMARY, [_summary_row(pair, rel) for pair, rel in relations.items()])
    conn.execute("DELETE FROM partner_summary_stale")


def rebuild_partner_summary(conn: sqlite3.Connection) -> None:
    """The whole summary again, from every stored real event."""
    conn.execute("DELETE FROM partner_summary")
    conn.executemany(_INSERT_SUMMARY, (_summary_row(pair, rel) for pair, rel in all_relations(conn).items()))
    conn.execute("DELETE FROM partner_summary_stale")


# cities' orders (reports.sort_partners) over partner_summary ``s``: one key of the summary's own, ascending
# or descending (undated contacts last), then the ties: actor name, partner name, partner key, actor key
# (``a`` and ``p``: the actor's and the partner's rows in places). ``partner`` sorts by a name alone.
_PARTNER_TIES = "ifnull(a.name_ko, ''), p.name_ko, p.id, ifnull(s.actor, '')"
_LEVEL_KEY = (
    "CASE s.level " + " ".join(f"WHEN '{k}' THEN {-v}" for k, v in LEVEL_RANK.items()) + " ELSE 1 END"
)
PARTNER_ORDERS = {
    "partner": ("p.name_ko", "ASC"),
    "level": (_LEVEL_KEY, "ASC"),
    "events": ("s.events", "DESC"),
    "first": ("ifnull(s.first_contact, char(1114111))", "ASC"),  # U+10FFFF: after every date
    "last": ("ifnull(s.last_contact, '')", "DESC"),
}


def partner_page(
    conn: sqlite3.Connection,
    *,
    actor_keys: Sequence[str] | None,
    country: str | None,
    level: str | None,
    sort: str,
    limit: int,
) -> list[Pair] | None:
    """The first ``limit`` pairs of the partner table in ``sort`` order, read from the summary; None when
    some pairs wait to be folded afresh (rows written without Store), which only a full fold answers.

    Joining every pair to its names costs more than the rest; so where the sort's key is the summary's own,
    the key of the ``limit``-th pair is found first, and only pairs up to it are joined and sorted."""
    if conn.execute("SELECT 1 FROM partner_summary_stale LIMIT 1").fetchone():
        return None
    key, direction = PARTNER_ORDERS[sort]
    own, params = ["1"], []
    if actor_keys is not None:
        own.append(f"s.actor IN ({_marks(actor_keys)})")
        params += actor_keys
    if level:
        own.append("ifnull(s.level, 'none') = ?")
        params.append(level)
    where = list(own)
    if country:
        where.append("p.country = ?")
        params_all = [*params, country]
    else:
        params_all = params
    sql = (
        "SELECT s.actor, s.partner FROM partner_summary s JOIN places p ON p.id = s.partner "
        "LEFT JOIN places a ON a.id = s.actor WHERE (s.actor IS NULL OR a.id IS NOT NULL) AND {where} "
        f"ORDER BY {key} {direction}, {_PARTNER_TIES} LIMIT ?"
    )
    # every order but ``partner`` sorts first by a column of the summary, which needs no join to cut at
    cut = None
    if limit and not country and sort != "partner":
        cut = conn.execute(
            f"SELECT {key} FROM partner_summary s WHERE {' AND '.join(own)} ORDER BY {key} {direction} "
            "LIMIT 1 OFFSET ?",
            [*params, limit - 1],
        ).fetchone()
    if cut is not None:  # else fewer pairs than the page: every one of them, below
        up_to = f"{key} {'<=' if direction == 'ASC' else '>='} ?"
        pairs = conn.execute(
            sql.format(where=" AND ".join([*where, up_to])), [*params_all, cut[0], limit]
        ).fetchall()
        if len(pairs) == limit:
            return [(actor, partner) for actor, partner in pairs]
        # some pairs up to the cut have no place row to join (only when written behind the Store's back)
    pairs = conn.execute(sql.format(where=" AND ".join(where)), [*params_all, limit]).fetchall()
    return [(actor, partner) for actor, partner in pairs]


def partner_summary(
    conn: sqlite3.Connection,
    actor_keys: Sequence[str] | None = None,
    *,
    pairs: Sequence[Pair] | None = None,
) -> dict[Pair, Relation]:
    """The summary of every pair (or of these actors' pairs, or of just these pairs). Pairs whose events
    changed since it was last brought up to date (rows written without Store) are folded afresh, so the
    answer is always current."""
    where, params = "", list(actor_keys or ())
    if actor_keys is not None:
        where = f" WHERE actor IN ({_marks(actor_keys)})"
    if pairs is not None and len(pairs) > PAIRS_BY_KEY:
        wanted = set(pairs)
        return {k: v for k, v in partner_summary(conn).items() if k in wanted}
    if pairs is not None:
        where = " WHERE " + (" OR ".join(["(actor IS ? AND partner = ?)"] * len(pairs)) or "0")
        params = [k for pair in pairs for k in pair]
    out: dict[Pair, Relation] = {}
    counts: dict[str, dict] = {}  # few distinct texts: each is parsed once
    for actor, partner, level, since, history, first, last, events, types in conn.execute(
        "SELECT actor, partner, level, since, history, first_contact, last_contact, events, types "
        "FROM partner_summary" + where,
        params,
    ):
        if types not in counts:
            counts[types] = json.loads(types)
        out[(actor, partner)] = Relation(
            level=level,
            since=since,
            history=json.loads(history) if history != "[]" else [],
            first_contact=first,
            last_contact=last,
            events=events,
            types=Counter(counts[types]),
        )
    stale = conn.execute("SELECT actor, partner FROM partner_summary_stale" + where, params).fetchall()
    if stale:
        fresh = pair_relations(conn, stale)
        for pair in stale:
            out.pop(pair, None)
        out.update(fresh)
    return out


# -- a person's review ---------------------------------------------------------------------------------------


def reviewed_count(conn: sqlite3.Connection) -> int:
    """Rows of the ``decisions`` table, one per event a person reviewed (``citydip review``); 0 in a database
    from before review, which has no such table."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'decisions'").fetchone()
    if found is None:
        return 0
    return conn.execute("SELECT count(*) FROM decisions").fetchone()[0]


# -- counts for stats ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventCounts:
    """Real events counted by (year or None, type, their partners' distinct countries); and the articles
    that reported them."""

    events: Counter  # (year | None, type, frozenset of country codes) -> real events
    articles: int


def event_counts(conn: sqlite3.Connection, query: EventQuery) -> EventCounts:
    """What stats shows, counted in SQL over the real events ``query`` keeps."""
    if any(keys == () for keys in (query.actor_keys, query.partner_keys, query.sources)):
        return EventCounts(Counter(), 0)
    where, params = _where(query, raw=False)
    clause = " AND ".join(where)
    # counted here rather than by GROUP BY, which would run the countries' subquery twice a row
    rows = Counter(
        conn.execute(
            "SELECT substr(e.date, 1, 4), e.type, (SELECT group_concat(DISTINCT p.country) FROM event_partners ep "
            f"JOIN places p ON p.id = ep.place WHERE ep.event = e.id) FROM events e WHERE {clause}",
            params,
        )
    )
    counts: Counter = Counter()
    for (year, kind, countries), n in rows.items():
        counts[(year or None, kind, frozenset(countries.split(",") if countries else ()))] += n
    (articles,) = conn.execute(
        f"SELECT count(DISTINCT r.article) FROM events e JOIN events r ON r.canonical = e.id WHERE {clause}",
        params,
    ).fetchone()
    return EventCounts(counts, articles)


def unplaced_partners(conn: sqlite3.Connection, query: EventQuery) -> list[tuple[str, str, str, int]]:
    """Foreign partners with no GeoNames id, with the number of event mentions naming each (most first):
    (key, name_ko, country, mentions). Which of them the gazetteer holds after all, the caller decides."""
    if any(keys == () for keys in (query.actor_keys, query.partner_keys, query.sources)):
        return []
    where, params = _where(query, raw=True)
    clause = " AND ".join(["p.geonameid IS NULL", "p.country != 'KR'", *where])
    return conn.execute(
        "SELECT p.id, p.name_ko, p.country, count(*) AS n FROM events e JOIN articles a ON a.id = e.article "
        "JOIN event_partners ep ON ep.event = e.id JOIN places p ON p.id = ep.place "
        f"WHERE {clause} GROUP BY p.id ORDER BY n DESC, p.name_ko",
        params,
    ).fetchall()
