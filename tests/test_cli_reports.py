"""Report commands on the dev corpus, asserting on JSON: timeline, cities, city, show, stats, search."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citydip.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SEED = "000_a4afc4f82c152c77.txt"
# Twins: two outlets on one signing (d021/d022, d026/d027), one article in two encodings (d024/d037).
ARTICLES = (
    SEED,
    "d010_busan_shanghai_sister_1993.txt",
    "d021_suwon_freiburg_10th_a.txt",
    "d022_suwon_freiburg_10th_b.txt",
    "d024_goyang_hakodate_sister_2011.txt",
    "d037_cp949_goyang_hakodate_sister_2011.txt",
    "d026_songpa_bunkyo_sister_2024_a.txt",
    "d027_songpa_bunkyo_sister_2024_b.txt",
)
BUNKYO = "Bunkyo"


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def published_dates(corpus: Path) -> dict[str, str]:
    dates = {}
    for name in ("gold.jsonl", "gold-written.jsonl"):
        for line in (corpus / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                dates[record["doc"]] = record["published"]
    return dates


@pytest.fixture(scope="module")
def corpus_db(corpus_dir, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("reports") / "citydip.db"
    dates = published_dates(corpus_dir)
    for name in ARTICLES:
        result = run(
            "ingest", str(corpus_dir / "articles" / name), "--published", dates[name], "--db", str(db)
        )
        assert result.exit_code == 0, result.output
    return db


def cli_json(db: Path, *args: str):
    result = run(*args, "--format", "json", "--db", str(db))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def partner_names(event: dict) -> set[str]:
    return {p["name"] for p in event["partners"]}


# -- consolidation ------------------------------------------------------------------------------------


def test_two_outlets_on_one_signing_give_one_row_with_two_sources(corpus_db):
    events = cli_json(corpus_db, "timeline", "--partner", "분쿄구", "--type", "agreement")
    signing = [e for e in events if e["date"] == "2024-12-20" and e["level"] == "sister"]
    assert len(signing) == 1
    row = signing[0]
    assert row["mentions"] == 2 and len(row["sources"]) == 2
    assert {Path(s["path"]).name for s in row["sources"]} == {
        "d026_songpa_bunkyo_sister_2024_a.txt",
        "d027_songpa_bunkyo_sister_2024_b.txt",
    }
    assert row["article"]["published"] == "2024-12-23"  # the earliest report
    assert [s["published"] for s in row["sources"]] == ["2024-12-23", "2024-12-26"]


def test_every_event_is_one_row_and_raw_lists_every_mention(corpus_db):
    events = cli_json(corpus_db, "timeline")
    raw = cli_json(corpus_db, "timeline", "--raw")
    assert sum(e["mentions"] for e in events) == len(raw)
    assert all(e["mentions"] == 1 and len(e["sources"]) == 1 for e in raw)
    assert any(e["mentions"] == 2 for e in events)
    # no two rows left that the twins report alike (same actor, type, level, partners and date)
    keys = [
        (e["actor"]["name"], e["type"], e["level"], tuple(sorted(partner_names(e))), e["date"])
        for e in events
    ]
    twin_dates = {"2015-11", "2024-12-20"}
    assert all(keys.count(k) == 1 for k in keys if k[4] in twin_dates)


def test_one_article_in_two_encodings_is_one_report(corpus_db):
    hakodate = cli_json(corpus_db, "timeline", "--partner", "Hakodate")
    assert hakodate and all(e["mentions"] == 1 for e in hakodate)
    assert {Path(e["article"]["path"]).name for e in hakodate} == {"d024_goyang_hakodate_sister_2011.txt"}


def test_consolidation_is_deterministic(corpus_db):
    first = run("timeline", "--format", "json", "--db", str(corpus_db)).stdout
    assert run("timeline", "--format", "json", "--db", str(corpus_db)).stdout == first
    stored = {r[0] for r in sqlite3.connect(corpus_db).execute("SELECT DISTINCT canonical FROM events")}
    assert stored == {e["id"] for e in json.loads(first)}


# -- timeline options ---------------------------------------------------------------------------------


def test_timeline_groups_by_year_and_month(corpus_db):
    by_year = cli_json(corpus_db, "timeline", "--group", "year")
    assert by_year and all(e["group"] == (e["date"][:4] if e["date"] else "undated") for e in by_year)
    by_month = cli_json(corpus_db, "timeline", "--group", "month", "--partner", "Wellington")
    assert {e["group"] for e in by_month} >= {"2016-08", "2023-09"}
    assert "group" not in cli_json(corpus_db, "timeline", "--limit", "1")[0]
    table = run("timeline", "--group", "year", "--db", str(corpus_db)).stdout
    assert "2024" in table and "Timeline" in table
    rows = list(
        csv.DictReader(
            io.StringIO(run("timeline", "--group", "year", "-f", "csv", "--db", str(corpus_db)).stdout)
        )
    )
    assert next(iter(rows[0])) == "group" and rows[0]["group"] == by_year[0]["group"]
    md = run("timeline", "--group", "year", "-f", "md", "--db", str(corpus_db)).stdout
    assert md.startswith(f"### {by_year[0]['group']}\n")


def test_timeline_filters(corpus_db):
    sister = cli_json(corpus_db, "timeline", "--level", "sister")
    assert sister and {e["level"] for e in sister} == {"sister"}
    planned = cli_json(corpus_db, "timeline", "--status", "planned")
    assert all(e["status"] == "planned" for e in planned)
    done = cli_json(corpus_db, "timeline", "--status", "done")
    assert len(planned) + len(done) == len(cli_json(corpus_db, "timeline"))
    munhwa = cli_json(corpus_db, "timeline", "--source", "문화일보")
    assert munhwa and all(any(s["source"] == "문화일보" for s in e["sources"]) for e in munhwa)
    assert any(len(e["sources"]) == 2 for e in munhwa)  # other outlets' reports stay listed
    assert len(cli_json(corpus_db, "timeline", "--limit", "3")) == 3
    window = cli_json(corpus_db, "timeline", "--since", "2024", "--until", "2024-12")
    assert window and all("2024" <= e["date"] <= "2024-12-31" for e in window)
    assert all(
        e["actor"]["name_ko"] == "수원시" for e in cli_json(corpus_db, "timeline", "--actor", "수원시")
    )
    bad = run("timeline", "--level", "cousin", "--db", str(corpus_db))
    assert bad.exit_code == 2 and "unknown level" in bad.stderr
    assert run("timeline", "--group", "week", "--db", str(corpus_db)).exit_code == 2


def test_planned_and_precision_are_shown_as_they_are(corpus_db):
    rows = list(csv.DictReader(io.StringIO(run("timeline", "-f", "csv", "--db", str(corpus_db)).stdout)))
    events = cli_json(corpus_db, "timeline")
    for row, event in zip(rows, events, strict=True):
        assert row["date"].startswith(event["date"] or "undated")  # 2015-11 is not padded to a day
        assert ("planned" in row["type"]) == (event["status"] == "planned")
    assert any(len(e["date"] or "") == 7 for e in events)


def test_ics_export(corpus_db):
    result = run("timeline", "--format", "ics", "--db", str(corpus_db))
    assert result.exit_code == 0
    text = result.stdout_bytes.decode()  # .stdout turns CRLF into LF
    physical = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in physical)
    lines = text.replace("\r\n ", "").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    dated = [e for e in cli_json(corpus_db, "timeline") if e["date"]]
    assert lines.count("BEGIN:VEVENT") == len(dated) == lines.count("END:VEVENT")
    starts = [line.split(":", 1)[1] for line in lines if line.startswith("DTSTART;VALUE=DATE:")]
    assert starts == [
        (e["date"] + "-01-01"[len(e["date"]) - 4 :] if len(e["date"]) < 10 else e["date"]).replace("-", "")
        for e in dated
    ]
    assert any("known to the month only" in line for line in lines if line.startswith("DESCRIPTION:"))


# -- partner table ------------------------------------------------------------------------------------


def test_wellington_history_friendship_then_amity(corpus_db):
    rows = cli_json(corpus_db, "cities", "--country", "NZ")
    (wellington,) = [r for r in rows if r["partner"]["geonameid"] == 2179537]
    assert [(h["level"], h["date"]) for h in wellington["history"]] == [
        ("friendship", "2016-08"),
        ("amity", "2023-09"),
    ]
    assert wellington["history"][-1]["upgrade"] is True
    assert (wellington["level"], wellington["since"]) == ("amity", "2023-09")
    assert wellington["first_contact"] == "2016-08"
    assert wellington["events"] == sum(wellington["types"].values())
    assert set(wellington) == {
        "actor", "partner", "level", "since", "history", "first_contact", "last_contact", "events", "types"
    }  # fmt: skip
    assert wellington["partner"]["name_ko"] == "웰링턴" and wellington["partner"]["lon"] == pytest.approx(
        174.78, abs=0.01
    )


def test_cities_sort_and_filter(corpus_db):
    rows = cli_json(corpus_db, "cities")
    by_events = cli_json(corpus_db, "cities", "--sort", "events")
    assert [r["events"] for r in by_events] == sorted((r["events"] for r in rows), reverse=True)
    by_partner = cli_json(corpus_db, "cities", "--sort", "partner")
    assert [r["partner"]["name_ko"] for r in by_partner] == sorted(r["partner"]["name_ko"] for r in rows)
    first = [
        r["first_contact"] for r in cli_json(corpus_db, "cities", "--sort", "first") if r["first_contact"]
    ]
    assert first == sorted(first)
    last = [r["last_contact"] for r in cli_json(corpus_db, "cities", "--sort", "last") if r["last_contact"]]
    assert last == sorted(last, reverse=True)
    rank = {"sister": 3, "amity": 2, "friendship": 1, "mou": 0, None: -1}
    levels = [rank[r["level"]] for r in cli_json(corpus_db, "cities", "--sort", "level")]
    assert levels == sorted(levels, reverse=True)
    sisters = cli_json(corpus_db, "cities", "--level", "sister")
    assert sisters and all(r["level"] == "sister" for r in sisters)
    assert {r["partner"]["name"] for r in sisters} >= {"Freiburg", BUNKYO, "Hakodate"}
    assert all(r["actor"]["name_ko"] == "수원시" for r in cli_json(corpus_db, "cities", "--actor", "수원시"))
    assert all(r["partner"]["country"] == "JP" for r in cli_json(corpus_db, "cities", "--country", "일본"))
    assert run("cities", "--sort", "size", "--db", str(corpus_db)).exit_code == 2
    csv_rows = list(csv.DictReader(io.StringIO(run("cities", "-f", "csv", "--db", str(corpus_db)).stdout)))
    assert len(csv_rows) == len(rows) and {"partner", "partner_en", "country", "history"} <= set(csv_rows[0])


def test_cities_geojson(corpus_db):
    rows = cli_json(corpus_db, "cities")
    result = run("cities", "--format", "geojson", "--db", str(corpus_db))
    assert result.exit_code == 0
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    located = [r for r in rows if r["partner"]["lat"] is not None]
    assert len(collection["features"]) == len(located)
    skipped = len(rows) - len(located)
    assert (f"{skipped} partner" in result.stderr) == bool(skipped)
    wellington = next(f for f in collection["features"] if f["properties"]["partner_en"] == "Wellington")
    lon, lat = wellington["geometry"]["coordinates"]
    assert (round(lon), round(lat)) == (175, -41)
    assert (
        wellington["properties"]["level"] == "amity"
        and "friendship 2016-08" in wellington["properties"]["history"]
    )


# -- one partner, one event ---------------------------------------------------------------------------


def test_city_shows_one_partners_whole_history(corpus_db):
    report = cli_json(corpus_db, "city", "웰링턴")
    assert report["partner"]["geonameid"] == 2179537
    assert [r["level"] for r in report["relations"]] == ["amity"]
    timeline = cli_json(corpus_db, "timeline", "--partner", "Wellington")
    assert [e["id"] for e in report["events"]] == [e["id"] for e in timeline]
    assert all(
        e["reports"] and all(r["evidence"] and r["article"]["id"] for r in e["reports"])
        for e in report["events"]
    )
    table = run("city", "Wellington", "--db", str(corpus_db))
    assert table.exit_code == 0 and "웰링턴" in table.stdout and "Relations" in table.stdout
    missing = run("city", "Atlantis", "--db", str(corpus_db))
    assert missing.exit_code == 1 and "no partner" in missing.stderr


def test_show_one_event_with_all_its_reports(corpus_db):
    signing = next(
        e
        for e in cli_json(corpus_db, "timeline", "--partner", "분쿄구", "--type", "agreement")
        if e["mentions"] == 2
    )
    shown = cli_json(corpus_db, "show", signing["id"])
    assert shown["id"] == signing["id"] and shown["mentions"] == 2
    assert len(shown["reports"]) == 2 and len({r["evidence"] for r in shown["reports"]}) == 2
    assert {r["article"]["source"] for r in shown["reports"]} == {"문화일보", "서울신문"}
    other = next(r["id"] for r in shown["reports"] if r["id"] != signing["id"])
    assert cli_json(corpus_db, "show", other)["id"] == signing["id"]  # any report leads to its event
    assert cli_json(corpus_db, "show", signing["id"][:8])["id"] == signing["id"]
    table = run("show", signing["id"], "--db", str(corpus_db))
    assert table.exit_code == 0 and "Reports" in table.stdout
    assert run("show", "ffffffffffff", "--db", str(corpus_db)).exit_code == 1


# -- stats and search ---------------------------------------------------------------------------------


def test_stats(corpus_db):
    result = cli_json(corpus_db, "stats")
    events = cli_json(corpus_db, "timeline")
    assert result["events"] == len(events)
    assert sum(result["by_year"].values()) == sum(result["by_type"].values()) == len(events)
    assert result["by_type"]["agreement"] == sum(e["type"] == "agreement" for e in events)
    assert {"NZ", "DE", "JP", "CN"} <= set(result["by_country"])
    assert {"Asia", "Europe", "Oceania"} <= set(result["by_continent"])
    assert result["articles"] == len(ARTICLES) - 1  # d037 is d024 again
    table = run("stats", "--db", str(corpus_db))
    assert table.exit_code == 0 and "█" in table.stdout and "Events per year" in table.stdout


def test_search_finds_korean_words_inside_inflected_forms(corpus_db):
    seoul = cli_json(corpus_db, "search", "서울시")  # the text says 서울시는, 서울시가 …
    assert SEED in {Path(h["article"]["path"]).name for h in seoul}
    busan = cli_json(corpus_db, "search", "부산")  # two syllables: trigram indexes miss it
    assert [Path(h["article"]["path"]).name for h in busan] == ["d010_busan_shanghai_sister_1993.txt"]
    freiburg = cli_json(corpus_db, "search", "프라이부르크 자매결연")
    assert {Path(h["article"]["path"]).name for h in freiburg} == {
        "d021_suwon_freiburg_10th_a.txt",
        "d022_suwon_freiburg_10th_b.txt",
    }
    assert all(h["snippet"] and h["score"] > 0 for h in freiburg)
    assert any(e["evidence"] and "프라이부르크" in e["evidence"] for h in freiburg for e in h["events"])
    assert cli_json(corpus_db, "search", "horn")  # Latin words, any case
    assert cli_json(corpus_db, "search", "없는단어입니다") == []
    table = run("search", "자매결연", "--db", str(corpus_db))
    assert table.exit_code == 0 and "Search results" in table.stdout


def test_datasette_views(corpus_db):
    conn = sqlite3.connect(corpus_db)
    view = conn.execute("SELECT id, mentions FROM timeline").fetchall()
    events = cli_json(corpus_db, "timeline")
    assert {v[0] for v in view} == {e["id"] for e in events}
    assert sorted(v[1] for v in view) == sorted(e["mentions"] for e in events)
    partners = conn.execute("SELECT actor, partner_en, level FROM partners").fetchall()
    assert len(partners) == len(cli_json(corpus_db, "cities"))
    assert ("서울", "Wellington", "amity") in partners


@pytest.mark.parametrize(
    "command",
    [
        ["timeline", "--format", "ics"],
        ["cities", "--format", "geojson"],
        ["city", "웰링턴", "--format", "json"],
        ["stats", "--format", "json"],
        ["search", "horn", "--format", "json"],  # a Latin query on an indexed database needs no Kiwi
    ],
)
def test_report_commands_never_import_kiwi(corpus_db, command):
    assert run("search", "서울", "--db", str(corpus_db)).exit_code == 0  # the index is complete
    code = (
        "import sys\n"
        f"sys.argv = ['citydip', *{command!r}, '--db', {str(corpus_db)!r}]\n"
        "from citydip.cli import app\n"
        "try:\n    app()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "sys.stderr.write('KIWI-LOADED' if 'kiwipiepy' in sys.modules else 'KIWI-ABSENT')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    assert "KIWI-ABSENT" in proc.stderr, proc.stderr


@pytest.fixture
def samples_db(tmp_path):
    db = tmp_path / "samples.db"
    assert runner.invoke(app, ["ingest", str(ROOT / "data" / "samples"), "--db", str(db)]).exit_code == 0
    return str(db)


def test_country_by_english_name_iso_code_or_korean_name(samples_db):
    """--country Vietnam works like --country VN and --country 베트남 (issue: no silent filter)."""
    results = [
        json.loads(
            runner.invoke(app, ["cities", "--country", c, "--format", "json", "--db", samples_db]).output
        )
        for c in ("United States", "us", "미국")
    ]
    assert results[0] == results[1] == results[2] and results[0]


def test_unknown_country_partner_or_actor_is_an_error_naming_it(samples_db):
    cases = [
        (["timeline", "--country", "Amerika"], "unknown country 'Amerika'"),
        (["timeline", "--partner", "칭다오시청"], "no partner called '칭다오시청'"),
        (["cities", "--actor", "대구광역시청"], "no actor called '대구광역시청'"),
    ]
    for args, words in cases:
        result = runner.invoke(app, [*args, "--db", samples_db])
        assert result.exit_code == 2 and words in result.output, (args, result.output)
        assert "closest:" in result.output
    assert (
        "closest: 칭다오"
        in runner.invoke(app, ["timeline", "--partner", "칭다오시청", "--db", samples_db]).output
    )


def test_invalid_dates_are_usage_errors(samples_db):
    for value in ("2024-13", "2024-02-30", "2024-00"):
        result = runner.invoke(app, ["timeline", "--since", value, "--db", samples_db])
        assert result.exit_code == 2 and "not a real date" in result.output, value


@pytest.mark.parametrize("command", ["timeline", "cities"])
def test_tables_fit_80_columns_without_breaking_words(samples_db, command):
    """At 80 columns (and whenever output is piped) no column is squeezed to a few characters or broken
    inside a word: every partner's name and every event type stands whole on one line."""
    from rich.cells import cell_len

    done = subprocess.run(
        [sys.executable, "-m", "citydip", command, "--db", samples_db],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines and max(cell_len(line) for line in lines) <= 80
    text = "\n".join(lines)
    for word in ("울란바토르", "캘리포니아주", "agreement", "friendship"):
        assert word in text, (word, text)
