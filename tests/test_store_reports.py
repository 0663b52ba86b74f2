"""Timeline and partner table read from what the store keeps (0006) give what reading every mention gave."""

from __future__ import annotations

import contextlib
import io
import json
import random
import sqlite3
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from citydip import reports, review, store_reports
from citydip.cli import app
from citydip.consolidate import Mention, consolidate
from citydip.errors import CitydipError, UsageError
from citydip.models import Article, Event, Person, Place
from citydip.render import render_cities, render_timeline
from citydip.reports import PartnerRow, TimelineFilter, TimelineRow, sort_partners
from citydip.store import Store
from citydip.store_reports import all_relations

runner = CliRunner()

ACTORS = [
    Place("Seoul", "서울", "KR", "city", 1835848, 37.566, 126.978),
    Place("Busan", "부산", "KR", "city", 1838524, 35.102, 129.04),
    Place("Songpa-gu", "송파구", "KR", "district"),
]
PARTNERS = [
    Place("New York City", "뉴욕", "US", "city", 5128581, 40.714, -74.006),
    Place("Utah", "유타주", "US", "region"),
    Place("Wellington", "웰링턴", "NZ", "city", 2179537, -41.28664, 174.77557),
    Place("Bunkyo", "분쿄구", "JP", "district"),
    Place("Osaka", "오사카", "JP", "city", 1853909, 34.694, 135.502),
    Place("Qingdao", "칭다오", "CN", "city", 1797929, 36.066, 120.383),
]
TYPES = ["agreement", "agreement", "meeting", "visit", "exchange", "forum"]
LEVELS = ["sister", "amity", "friendship", "mou"]
OUTLETS = ["연합뉴스", "Yonhap", "YONHAP", "뉴스1", None]


# -- the reference: the timeline as citydip computed it before migration 0006 -------------------------


def reference_timeline(
    store: Store, flt: TimelineFilter | None = None, *, raw=False, limit=None, group=None
) -> list[TimelineRow]:
    """Every mention read and grouped in Python, then filtered, cut and labelled: the algorithm the
    stored order and summary replace, kept here word for word to hold the new one to it."""
    flt = flt or TimelineFilter()
    records = list(
        store.events(
            types=flt.types,
            actor_keys=reports._keys(store, flt.actor, "actor"),
            partner_keys=reports._keys(store, flt.partner, "partner"),
            include_rejected=flt.include_rejected,  # a person's decisions (issue 17): rejected events left out
        )
    )
    if flt.country:
        code = reports._country_code(flt.country)
        records = [r for r in records if any(p.country == code for p in r.partners)]
    if flt.level:
        records = [r for r in records if r.level == flt.level]
    rows = (
        reports._date_order([TimelineRow(r, [r]) for r in records]) if raw else reports.consolidated(records)
    )
    if flt.reviewed_only:
        wanted = ("accepted", "edited", "added", "rejected" if flt.include_rejected else "")
        rows = [row for row in rows if row.reviewed in wanted]
    rows = [row for row in rows if reports._in_dates(row.record.date, flt.since, flt.until)]
    if flt.status:
        rows = [row for row in rows if row.status == flt.status]
    if flt.source:
        wanted = flt.source.strip().casefold()
        rows = [row for row in rows if any((s["source"] or "").casefold() == wanted for s in row.sources)]
    if limit is not None:
        rows = rows[:limit]
    if group:
        for row in rows:
            row.group = reports.group_label(row.record.date, group)
    return rows


def reference_cities(
    store: Store, *, actor=None, country=None, level=None, sort="level", limit=None
) -> list[PartnerRow]:
    code = reports._country_code(country) if country else None
    rows = reports.partner_rows(reference_timeline(store, TimelineFilter(actor=actor)))
    if code:
        rows = [e for e in rows if e.partner.country == code]
    if level:
        rows = [e for e in rows if (e.level or "none") == level]
    return sort_partners(rows, sort)[: None if limit is None else int(limit)]


def reference_stats(store: Store, flt: TimelineFilter) -> dict:
    rows = reference_timeline(store, flt)
    years, types, countries, regions = Counter(), Counter(), Counter(), Counter()
    for row in rows:
        rec = row.record
        years[rec.date[:4] if rec.date else reports.UNDATED] += 1
        types[rec.type] += 1
        codes = {p.country for p in rec.partners}
        countries.update(codes)
        regions.update({reports.continents().get(c, "unknown") for c in codes})
    return {
        "events": len(rows),
        "articles": len({s["id"] for row in rows for s in row.sources}),
        "by_year": dict(sorted(years.items(), key=lambda kv: (kv[0] == reports.UNDATED, kv[0]))),
        "by_type": reports._by_count(types),
        "by_country": reports._by_count(countries),
        "by_continent": reports._by_count(regions),
        "unresolved_names": reference_unresolved(rows),
    }


def reference_unresolved(rows) -> list[dict]:
    """Foreign partners without a GeoNames id that the shipped tables do not hold, counted per mention."""
    known = reports.gazetteer_keys_without_id()
    mentions: Counter = Counter()
    for row in rows:
        for p in row.record.partners:
            if p.geonameid is None and p.country != "KR" and p.key not in known:
                mentions[(p.name_ko, p.country)] += len(row.sources)
    ranked = sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0][0]))
    return [{"name_ko": name, "country": country, "mentions": n} for (name, country), n in ranked]


def as_text(rows, render) -> str:
    return "".join(render(rows, "json", Console(file=io.StringIO()))) + "\n"


# -- the option combinations ------------------------------------------------------------------------------

TIMELINE_OPTIONS = [
    {},
    {"raw": True},
    {"group": "year"},
    {"group": "month", "limit": 7},
    {"limit": 0},
    {"limit": 1},
    {"limit": 5, "raw": True},
    {"actor": "서울"},
    {"actor": "Busan", "limit": 3},
    {"actor": "송파구", "raw": True, "since": "2021"},
    {"actor": "없는곳"},
    {"partner": "뉴욕"},
    {"partner": "Wellington", "types": ("agreement",)},
    {"partner": "오사카", "raw": True, "status": "planned"},
    {"country": "JP"},
    {"country": "US", "level": "sister"},
    {"types": ("agreement",), "level": "amity"},
    {"types": ("visit", "meeting"), "limit": 4},
    {"level": "mou", "group": "year"},
    {"status": "done"},
    {"status": "planned", "limit": 2},
    {"source": "yonhap"},
    {"source": "연합뉴스", "actor": "서울"},
    {"source": "뉴스1", "raw": True},
    {"source": "없는 신문"},
    {"since": "2021"},
    {"until": "2021-06"},
    {"since": "2021-03", "until": "2022"},
    {"since": "2021-05-10", "until": "2021-05-10", "raw": True},
    {"country": "CN", "status": "done", "since": "2020", "limit": 3, "group": "month"},
    {"include_rejected": True},
    {"include_rejected": True, "raw": True},
    {"include_rejected": True, "actor": "서울", "types": ("agreement",)},
    {"reviewed_only": True},
    {"reviewed_only": True, "raw": True, "since": "2021"},
    {"reviewed_only": True, "include_rejected": True},
    {"reviewed_only": True, "include_rejected": True, "raw": True},
]
CITIES_OPTIONS = [
    {},
    *({"sort": sort} for sort in reports.SORTS),
    {"actor": "서울"},
    {"actor": "Busan", "sort": "events"},
    {"actor": "없는곳"},
    {"country": "JP"},
    {"country": "US", "sort": "last"},
    {"level": "sister"},
    {"level": "none", "sort": "first"},
    {"level": "amity", "actor": "서울", "sort": "partner"},
    # a page: the first pairs in each order, picked in SQL from the summary
    *({"sort": sort, "limit": "4"} for sort in reports.SORTS),
    {"limit": "1"},
    {"limit": "0"},
    {"limit": "1000"},
    {"actor": "서울", "level": "sister", "limit": "2"},
    {"country": "US", "sort": "last", "limit": "3"},
    {"level": "none", "sort": "first", "limit": "5"},
]


def timeline_args(opts: dict) -> list[str]:
    args = ["timeline"]
    for key, value in opts.items():
        if key == "raw":
            args.append("--raw")
        elif key == "include_rejected":
            args.append("--all")
        elif key == "reviewed_only":
            args.append("--reviewed-only")
        elif key == "types":
            for kind in value:
                args += ["--type", kind]
        else:
            args += [f"--{key}", str(value)]
    return args


def timeline_reference_text(store: Store, opts: dict) -> str:
    opts = dict(opts)
    kw = {k: opts.pop(k) for k in ("raw", "limit", "group") if k in opts}
    return as_text(reference_timeline(store, TimelineFilter(**opts), **kw), render_timeline)


def cities_args(opts: dict) -> list[str]:
    return ["cities", *(a for key, value in opts.items() for a in (f"--{key}", value))]


def run_json(db: Path, args: list[str]) -> str:
    """The command's JSON, or its one-line usage error (a name the database does not hold)."""
    result = runner.invoke(app, [*args, "--format", "json", "--db", str(db)], catch_exceptions=False)
    if result.exit_code == 2:
        return " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    return result.stdout


def outcome(compute, *args, **kwargs):
    """What computing gives, or the usage error it raises, as the CLI prints it (an unknown name)."""
    try:
        return compute(*args, **kwargs)
    except UsageError as err:
        return " ".join(f"error: {err}".split())


STATS_OPTIONS = [
    {},
    {"actor": "서울"},
    {"since": "2021"},
    {"actor": "부산", "since": "2020-05", "until": "2022"},
]


def assert_same_as_reference(db: Path) -> None:
    with Store(db, create=False) as store:
        expected_timelines = [outcome(timeline_reference_text, store, opts) for opts in TIMELINE_OPTIONS]
        expected_cities = [
            outcome(lambda o: as_text(reference_cities(store, **o), render_cities), opts)
            for opts in CITIES_OPTIONS
        ]
        expected_stats = [outcome(reference_stats, store, TimelineFilter(**opts)) for opts in STATS_OPTIONS]
        # the library takes every timeline filter
        for opts, expected in zip(TIMELINE_OPTIONS, expected_timelines, strict=True):
            flt = TimelineFilter(**{k: v for k, v in opts.items() if k not in ("raw", "limit", "group")})
            got = outcome(lambda f: reports.stats(store, f).as_json(), flt)
            assert got == outcome(reference_stats, store, flt), opts
            # read a few events at a time (the CLI's JSON reads a thousand), it is the same timeline
            kw = {k: v for k, v in opts.items() if k in ("raw", "limit", "group")}
            streamed = outcome(
                lambda f, k: as_text(reports.iter_timeline(store, f, chunk=3, **k), render_timeline), flt, kw
            )
            assert streamed == expected, opts
    for opts, expected in zip(STATS_OPTIONS, expected_stats, strict=True):
        args = ["stats", *(a for key, value in opts.items() for a in (f"--{key}", value))]
        got = run_json(db, args)
        assert (got if isinstance(expected, str) else json.loads(got)) == expected, opts
    assert any(json.loads(text) for text in expected_timelines if not text.startswith("error:"))
    assert any(text.startswith("error: no actor called '없는곳'") for text in expected_timelines)
    for opts, expected in zip(TIMELINE_OPTIONS, expected_timelines, strict=True):
        assert run_json(db, timeline_args(opts)) == expected, opts
    for opts, expected in zip(CITIES_OPTIONS, expected_cities, strict=True):
        assert run_json(db, cities_args(opts)) == expected, opts


# -- a randomised database -------------------------------------------------------------------------------


def random_events(r: random.Random, earlier: list[Event]) -> list[Event]:
    """A few events; dates come from small pools, and one in three retells an earlier event (same actor,
    type, level and partners) at some precision, so that articles often report one event."""
    events = []
    for _ in range(r.randint(0, 5)):
        kind = r.choice(TYPES)
        year = str(r.choice([2020, 2021, 2022]))
        precision = r.choice(["day", "day", "month", "year", "unknown"])
        month = f"{year}-{r.choice([3, 5]):02d}"
        day = f"{month}-{r.choice([10, 11])}"
        date = {"day": day, "month": month, "year": year, "unknown": None}[precision]
        date_end = f"{month}-12" if precision == "day" and r.random() < 0.2 else None
        event = Event(
            type=kind,
            partners=tuple(r.sample(PARTNERS, r.choice([0, 1, 1, 1, 2]))),
            evidence=f"근거 문장 {r.randint(0, 10**6)}",
            actor=r.choice([*ACTORS, ACTORS[0], None]),
            level=r.choice(LEVELS) if kind == "agreement" else None,
            upgrade=r.random() < 0.2,
            status=r.choice(["done", "done", "planned"]),
            direction=r.choice(["outbound", "inbound"]) if kind == "visit" else None,
            date=date,
            date_end=date_end,
            precision=precision,
            people=(Person("홍길동", "시장"),) if r.random() < 0.2 else (),
            confidence=0.8,
        )
        if earlier and r.random() < 1 / 3:
            told = r.choice(earlier)
            event = replace(event, actor=told.actor, type=told.type, level=told.level, partners=told.partners)
            if told.date and r.random() < 0.7:
                cut = r.choice([4, 7, 10])
                date = told.date[:cut]
                event = replace(
                    event,
                    date=date,
                    date_end=told.date_end if len(date) == 10 else None,
                    precision={4: "year", 7: "month"}.get(len(date), "day"),
                )
        events.append(event)
    earlier += events
    return events


def random_article(r: random.Random, n: int) -> Article:
    published = r.choice(["2021-05-12", "2021-05-12", "2022-01-03", "2020-03-11", None])
    return Article(
        id=f"art{n:03d}",
        text=f"기사 {n}",
        title=f"제목 {n}",
        published=published,
        source=r.choice(OUTLETS),
        url=f"https://news.example/{n}",
        path=f"{n}.txt",
    )


def fill_randomly(store: Store, seed: int, articles: int = 45, *, as_ingest: bool = False) -> None:
    """Articles saved, saved again with other events, replaced by a new version, and deleted behind
    Store's back (then regrouped, as its docs ask), each step through the store's own writes
    (``as_ingest``: each save in a write transaction, as ingest does, so a batch holds them)."""
    r = random.Random(seed)
    told: list[Event] = []

    def save(article: Article, events: list[Event]) -> None:
        with store.write_transaction() if as_ingest else contextlib.nullcontext():
            store.save_article(article, events, extractor="test")

    for n in range(articles):
        save(random_article(r, n), random_events(r, told))
    for n in r.sample(range(articles), 6):  # another extraction of a stored article
        save(random_article(r, n), random_events(r, told))
    for n in r.sample(range(articles), 3):  # a new version at the same URL replaces the old one
        new = random_article(r, 100 + n)
        store.save_article_version(new, random_events(r, told), extractor="test", replaces=[f"art{n:03d}"])
    with store.write_transaction():
        for n in r.sample(range(articles), 3):
            store.db.execute("DELETE FROM articles WHERE id = ?", [f"art{n:03d}"])
    store.regroup()


def derived_state_is_current(store: Store) -> None:
    """events.first_article/first_published and partner_summary hold what they would if rebuilt now."""
    rows = store.db.execute(
        "SELECT e.id, e.canonical, e.first_article, e.first_published, a.id, a.published "
        "FROM events e JOIN articles a ON a.id = e.article"
    ).fetchall()
    earliest: dict[str, tuple] = {}
    for _, canonical, _, _, article, published in rows:
        key = (published is None, published or "", article)
        if canonical not in earliest or key < earliest[canonical][0]:
            earliest[canonical] = (key, article, published)
    for eid, canonical, first_article, first_published, _, _ in rows:
        if eid == canonical:
            assert (first_article, first_published) == earliest[eid][1:]
        else:
            assert first_article is None and first_published is None
    assert store.db.execute("SELECT count(*) FROM partner_summary_stale").fetchone()[0] == 0
    stored = store.partner_relations()
    assert stored == all_relations(store.db.conn)
    assert len(stored) == store.db.execute("SELECT count(*) FROM partner_summary").fetchone()[0]


def decide_randomly(store: Store, r: random.Random) -> None:
    """A person's decisions on a random third of the stored events: rejected, accepted, edited; and a few
    events added."""
    ids = sorted(row[0] for row in store.db.execute("SELECT id FROM events"))
    for eid in r.sample(ids, len(ids) // 3):
        if not store.db.execute("SELECT 1 FROM events WHERE id = ?", [eid]).fetchone():
            continue  # a report of an event decided on with another of its reports
        verdict = r.choice(["rejected", "accepted", "edited", "edited"])
        changes = {}
        if verdict == "edited":
            changes = r.choice(
                [
                    {"date": "2021-05", "date_end": None, "precision": "month"},
                    {"partners": (r.choice(PARTNERS),)},
                    {"status": "planned"},
                    {"type": "meeting"},
                ]
            )
        review.decide_events(
            store, [eid], verdict, reason="wrong" if verdict == "rejected" else None, changes=changes
        )
    articles = [row[0] for row in store.db.execute("SELECT id FROM articles ORDER BY id")]
    for article in r.sample(articles, 4):
        text = store.articles([article])[article]["text"]
        partner = r.choice(PARTNERS)
        with contextlib.suppress(CitydipError):  # the article has this event already
            review.add_event(
                store, article, type="aid", partners=[partner.name], evidence=text, actor="Seoul"
            )


@pytest.mark.parametrize("seed", [11, 12])
def test_decisions_keep_what_the_store_derives_as_deriving_it_afresh_gives(db_path, seed):
    """After random decisions the stored groups, first reports and partner table are what computing them
    afresh gives; every report agrees with reading every mention; and saving each article again with the
    same extraction (as reprocess does) changes nothing: the decisions apply again."""
    r = random.Random(seed)
    told: list[Event] = []
    extracted = {}
    with Store(db_path) as store:
        for n in range(30):
            article, events = random_article(r, n), random_events(r, told)
            extracted[article.id] = (article, events)
            store.save_article(article, events, extractor="test")
        decide_randomly(store, r)
        assert store.decision_count() > 5
        derived_state_is_current(store)
        rejected = store.db.execute("SELECT count(*) FROM events WHERE review = 'rejected'").fetchone()[0]
        assert rejected > 0
        rows = store.db.execute(
            "SELECT e.id, e.article, a.published, e.actor, e.type, e.level, e.date, e.date_end, e.precision, "
            "e.review IS 'rejected', e.canonical FROM events e JOIN articles a ON a.id = e.article"
        ).fetchall()
        places: dict[str, frozenset] = {}
        for event, place in store.db.execute("SELECT event, place FROM event_partners"):
            places[event] = places.get(event, frozenset()) | {place}
        mentions = [
            Mention(*row[:6], places.get(row[0], frozenset()), *row[6:9], bool(row[9])) for row in rows
        ]
        assert consolidate(mentions) == {row[0]: row[10] for row in rows}
    assert_same_as_reference(db_path)
    before = [
        run_json(db_path, args)
        for args in (["timeline", "--all"], ["timeline", "--raw", "--all"], ["cities"])
    ]
    with Store(db_path) as store:
        for article, events in extracted.values():
            store.save_article(article, events, extractor="test")
        derived_state_is_current(store)
    after = [
        run_json(db_path, args)
        for args in (["timeline", "--all"], ["timeline", "--raw", "--all"], ["cities"])
    ]
    assert after == before


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_database_gives_what_reading_every_mention_gave(db_path, seed):
    with Store(db_path) as store:
        fill_randomly(store, seed)
        assert not store.ungrouped_events()
        derived_state_is_current(store)
        merged = store.db.execute("SELECT count(*) FROM events WHERE canonical != id").fetchone()[0]
        assert merged >= 10  # the pools make reports of one event common
    assert_same_as_reference(db_path)


def test_groups_kept_at_write_time_match_grouping_afresh(db_path):
    with Store(db_path) as store:
        fill_randomly(store, 4)
        rows = store.db.execute(
            "SELECT e.id, e.article, a.published, e.actor, e.type, e.level, e.date, e.date_end, e.precision, "
            "e.canonical FROM events e JOIN articles a ON a.id = e.article"
        ).fetchall()
        places: dict[str, frozenset] = {}
        for event, place in store.db.execute("SELECT event, place FROM event_partners"):
            places[event] = places.get(event, frozenset()) | {place}
    mentions = [Mention(*row[:6], places.get(row[0], frozenset()), *row[6:9]) for row in rows]
    assert consolidate(mentions) == {row[0]: row[9] for row in rows}


def test_show_and_city_and_stats_agree_with_the_timeline(db_path):
    with Store(db_path) as store:
        fill_randomly(store, 5)
        every = reference_timeline(store)
        for row in every:
            for report in row.reports:
                assert reports.show(store, report.id).as_json(reports=True) == row.as_json(reports=True)
        city = reports.city(store, "오사카")
        assert [e.as_json() for e in city.events] == [
            row.as_json() for row in reference_timeline(store, TimelineFilter(partner="오사카"))
        ]
        assert reports.stats(store).events == len(every)


def test_pairs_changed_behind_the_stores_back_are_folded_afresh(db_path):
    with Store(db_path) as store:
        fill_randomly(store, 6)
        # a real event reported once, deleted with plain SQL: no group to redo, but its pair changed
        (lone,) = store.db.execute(
            "SELECT e.id FROM events e JOIN event_partners ep ON ep.event = e.id WHERE e.canonical = e.id "
            "AND NOT EXISTS (SELECT 1 FROM events m WHERE m.canonical = e.id AND m.id != e.id) LIMIT 1"
        ).fetchone()
        store.db.execute("DELETE FROM events WHERE id = ?", [lone])
        store.db.conn.commit()
        assert not store.ungrouped_events()
        assert store.db.execute("SELECT count(*) FROM partner_summary_stale").fetchone()[0] > 0
    assert_same_as_reference(db_path)
    with Store(db_path) as store:
        store.regroup()
        derived_state_is_current(store)


def test_events_not_grouped_yet_are_grouped_as_they_are_read(db_path):
    with Store(db_path) as store:
        fill_randomly(store, 7)
        # one report of an event reported twice, deleted with plain SQL: the other is left ungrouped
        (report,) = store.db.execute(
            "SELECT e.id FROM events e WHERE e.canonical != e.id ORDER BY e.id LIMIT 1"
        ).fetchone()
        store.db.execute("DELETE FROM events WHERE id = ?", [report])
        store.db.conn.commit()
        assert store.ungrouped_events()
        every = reference_timeline(store)
        some = next(row for row in every if row.mentions > 1)
        assert reports.show(store, some.reports[-1].id).as_json(reports=True) == some.as_json(reports=True)
    assert_same_as_reference(db_path)


# -- the dev corpus, and a database from before migration 0006 --------------------------------------------


@pytest.fixture(scope="module")
def dev_db(corpus_dir, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("dev") / "dev.db"
    result = runner.invoke(app, ["ingest", str(corpus_dir / "articles"), "--db", str(db), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return db


def test_dev_corpus_gives_what_reading_every_mention_gave(dev_db):
    with Store(dev_db, create=False) as store:
        assert not store.ungrouped_events()
        derived_state_is_current(store)
        assert store.db.execute("SELECT count(*) FROM events WHERE canonical != id").fetchone()[0] > 0
    assert_same_as_reference(dev_db)
    # filters that name what the dev corpus holds
    for opts in (
        {"actor": "수원시"},
        {"partner": "분쿄구", "raw": True},
        {"source": "문화일보"},
        {"country": "일본"},
    ):
        with Store(dev_db, create=False) as store:
            expected = timeline_reference_text(store, opts)
        assert json.loads(expected)
        assert run_json(dev_db, timeline_args(opts)) == expected


def test_a_database_from_before_0006_is_upgraded_and_answers_the_same(dev_db, tmp_path, pre_0006):
    old = tmp_path / "old.db"
    with sqlite3.connect(dev_db) as source, sqlite3.connect(old) as target:
        source.backup(target)
    conn = sqlite3.connect(old)
    pre_0006(conn)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    assert "first_article" not in columns
    conn.close()
    before = [run_json(dev_db, timeline_args(opts)) for opts in TIMELINE_OPTIONS[:8]]
    before += [run_json(dev_db, cities_args(opts)) for opts in CITIES_OPTIONS]
    after = [run_json(old, timeline_args(opts)) for opts in TIMELINE_OPTIONS[:8]]
    after += [run_json(old, cities_args(opts)) for opts in CITIES_OPTIONS]
    assert after == before
    with Store(old, create=False) as store:
        applied = {r[0] for r in store.db.execute("SELECT name FROM _sqlite_migrations")}
        assert "0006_timeline_order_and_partner_summary" in applied
        derived_state_is_current(store)
        assert store.db.execute("SELECT count(*) FROM partner_summary").fetchone()[0] > 0


def test_a_long_page_of_cities_reads_the_whole_summary_once(db_path, monkeypatch):
    with Store(db_path) as store:
        fill_randomly(store, 5)
        everything = reports.cities(store, sort="events")
        assert len(everything) > 3
        monkeypatch.setattr(store_reports, "PAIRS_BY_KEY", 2)
        for limit in (1, 3, len(everything) + 5):
            page = reports.cities(store, sort="events", limit=limit)
            assert [r.as_json() for r in page] == [r.as_json() for r in everything[:limit]]


def test_a_page_of_cities_skips_pairs_whose_place_is_gone(db_path):
    with Store(db_path) as store:
        fill_randomly(store, 7)
        # a partner's place row deleted with plain SQL: the table leaves its pairs out, and so must a page
        (gone,) = store.db.execute(
            "SELECT partner FROM partner_summary GROUP BY partner ORDER BY min(events) LIMIT 1"
        ).fetchone()
        store.db.conn.execute("PRAGMA foreign_keys = OFF")
        store.db.execute("DELETE FROM places WHERE id = ?", [gone])
        store.db.conn.commit()
        for sort in reports.SORTS:
            everything = reports.cities(store, sort=sort)
            assert all(r.partner.key != gone for r in everything)
            for limit in (1, 5, len(everything)):
                page = reports.cities(store, sort=sort, limit=limit)
                assert [r.as_json() for r in page] == [r.as_json() for r in everything[:limit]], (sort, limit)


@pytest.mark.parametrize("max_writes", [1, 7, 1000])
def test_batched_saves_group_once_per_batch_and_end_as_saving_one_by_one(tmp_path, max_writes, monkeypatch):
    one_by_one, batched = tmp_path / "one.db", tmp_path / "batched.db"
    with Store(one_by_one) as store:
        fill_randomly(store, 8)
    groupings = []
    group_saved = Store._group_saved
    monkeypatch.setattr(Store, "_group_saved", lambda self: groupings.append(1) or group_saved(self))
    with Store(batched) as store:
        with store.batched(max_writes=max_writes, max_seconds=3600):
            fill_randomly(store, 8, as_ingest=True)
        assert not store.ungrouped_events()
        saves = 45 + 6 + 3
        assert len(groupings) == (saves if max_writes == 1 else 1 if max_writes == 1000 else -(-saves // 7))
        derived_state_is_current(store)

    def state(path: Path) -> list:
        conn = sqlite3.connect(path)
        return [
            conn.execute(
                "SELECT id, canonical, first_article, first_published FROM events ORDER BY id"
            ).fetchall(),
            conn.execute("SELECT * FROM partner_summary ORDER BY actor, partner").fetchall(),
        ]

    assert state(batched) == state(one_by_one)


def test_an_event_that_leaves_regroups_the_events_it_kept_apart(db_path):
    """A bare '2023' beside 2023-09 and 2023-10 stays on its own; when the article with 2023-10 is read again
    without it, the '2023' joins 2023-09 (consolidate's rule), as grouping afresh would have it."""
    seoul, osaka = ACTORS[0], PARTNERS[4]

    def event(date: str, precision: str) -> Event:
        return Event("visit", (osaka,), f"{date} 방문", seoul, date=date, precision=precision)

    articles = [Article(f"a{n}", f"기사 {n}", published=f"2024-01-0{n + 1}") for n in range(3)]
    with Store(db_path) as store:
        store.save_article(articles[0], [event("2023", "year")], extractor="test")
        store.save_article(articles[1], [event("2023-09", "month")], extractor="test")
        store.save_article(articles[2], [event("2023-10", "month")], extractor="test")
        assert len(reports.timeline(store)) == 3
        store.save_article(articles[2], [], extractor="test")
        (row,) = reports.timeline(store)
        assert row.mentions == 2 and row.record.date == "2023-09"
        derived_state_is_current(store)
