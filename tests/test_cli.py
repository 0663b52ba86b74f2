"""The command line end to end: ingest, timeline, cities, eval, errors and start-up cost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citydip.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED = "000_a4afc4f82c152c77.txt"
runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def seeded(db_path, corpus_dir):
    result = run(
        "ingest", str(corpus_dir / "articles" / SEED), "--published", "2023-10-03", "--db", str(db_path)
    )
    assert result.exit_code == 0, result.output
    return db_path


def timeline_json(db_path: Path, *extra: str) -> list[dict]:
    result = run("timeline", "--format", "json", "--db", str(db_path), *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_seed_article_gives_seoul_and_its_partners(seeded):
    events = timeline_json(seeded)
    assert events, "no events extracted"
    assert {e["actor"]["geonameid"] for e in events} == {1835848}
    partner_ids = {p["geonameid"] for e in events for p in e["partners"]}
    assert {5128581, 2179537, 703448, 2964574} <= partner_ids  # New York City, Wellington, Kyiv, Dublin
    first = events[0]
    assert set(first) >= {
        "id",
        "type",
        "level",
        "upgrade",
        "status",
        "direction",
        "date",
        "date_end",
        "precision",
        "actor",
        "partners",
        "people",
        "evidence",
        "article",
        "sources",
        "mentions",
    }
    assert first["article"]["path"].endswith(SEED)
    assert all(e["evidence"] for e in events)


def test_ingest_twice_changes_nothing(seeded, corpus_dir):
    before = timeline_json(seeded)
    again = run(
        "ingest", str(corpus_dir / "articles" / SEED), "--published", "2023-10-03", "--db", str(seeded)
    )
    assert again.exit_code == 0
    assert "0 new" in again.stdout and "1 unchanged" in again.stdout
    assert timeline_json(seeded) == before


def test_timeline_filters_and_formats(seeded):
    agreements = timeline_json(seeded, "--type", "agreement")
    assert agreements and {e["type"] for e in agreements} == {"agreement"}
    wellington = timeline_json(seeded, "--partner", "웰링턴")
    assert wellington and all(any(p["geonameid"] == 2179537 for p in e["partners"]) for e in wellington)
    assert all(
        any(p["country"] == "NZ" for p in e["partners"]) for e in timeline_json(seeded, "--country", "NZ")
    )
    assert timeline_json(seeded, "--since", "2030") == []
    csv_out = run("timeline", "--format", "csv", "--db", str(seeded)).stdout
    assert csv_out.splitlines()[0] == "date,actor,type,partners,evidence,source,reviewed"
    md_out = run("timeline", "--format", "md", "--db", str(seeded)).stdout
    assert md_out.startswith("| date | actor |")
    table = run("timeline", "--db", str(seeded))
    assert table.exit_code == 0 and "Timeline" in table.stdout


def test_cities_partner_table(seeded):
    result = run("cities", "--format", "json", "--db", str(seeded))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    by_id = {r["partner"]["geonameid"]: r for r in rows}
    wellington = by_id[2179537]
    assert wellington["actor"]["name_ko"] == "서울"
    assert set(wellington) >= {
        "actor",
        "partner",
        "level",
        "since",
        "history",
        "first_contact",
        "last_contact",
        "events",
        "types",
    }
    assert wellington["partner"]["lat"] == pytest.approx(-41.28, abs=0.1)
    assert wellington["events"] == sum(wellington["types"].values())
    assert by_id[5128581]["level"] == "amity"


def test_usage_errors_exit_2_with_one_line(seeded):
    bad_format = run("timeline", "--format", "xml", "--db", str(seeded))
    assert bad_format.exit_code == 2
    assert "unknown format" in bad_format.stderr and len(bad_format.stderr.strip().splitlines()) == 1
    bad_date = run("ingest", "x.txt", "--published", "last tuesday", "--db", str(seeded))
    assert bad_date.exit_code == 2 and "--published" in bad_date.stderr
    bad_type = run("timeline", "--type", "party", "--db", str(seeded))
    assert bad_type.exit_code == 2


def test_missing_database_is_one_red_line(tmp_path):
    result = run("timeline", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "run `citydip ingest` first" in result.stderr
    assert "Traceback" not in result.output


def test_foreign_database_is_refused(tmp_path, corpus_dir):
    foreign = tmp_path / "foreign.db"
    foreign.write_bytes(b"not sqlite at all")
    result = run("ingest", str(corpus_dir / "articles" / SEED), "--db", str(foreign))
    assert result.exit_code == 1
    assert "not a SQLite database" in result.stderr
    assert foreign.read_bytes() == b"not sqlite at all"


def test_missing_input_fails_but_others_are_ingested(db_path, corpus_dir, tmp_path):
    result = run(
        "ingest",
        str(tmp_path / "missing.txt"),
        str(corpus_dir / "articles" / SEED),
        "--published",
        "2023-10-03",
        "--db",
        str(db_path),
    )
    assert result.exit_code == 1
    assert "missing.txt" in result.stderr
    assert "1 new" in result.stdout and "1 failed" in result.stdout


def test_stdin_and_env_database(tmp_path, corpus_dir, monkeypatch):
    monkeypatch.setenv("CITYDIP_DB", str(tmp_path / "env.db"))
    text = (corpus_dir / "articles" / SEED).read_bytes()
    result = runner.invoke(app, ["ingest", "-", "--published", "2023-10-03"], input=text)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.db").exists()
    events = json.loads(runner.invoke(app, ["timeline", "--format", "json"]).stdout)
    assert events and events[0]["article"]["path"] == "-"


def test_folder_of_samples(db_path):
    result = run("ingest", str(ROOT / "data" / "samples"), "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert "4 new" in result.stdout
    assert result.stderr.count("publication date unknown") == 1  # one note per article, even with workers
    events = timeline_json(db_path)
    assert {e["actor"]["name_ko"] for e in events} >= {"대구", "송파구", "경기도"}


@pytest.mark.parametrize(
    "command", [["--help"], ["timeline", "--format", "json"], ["cities", "--format", "json"]]
)
def test_read_commands_never_import_kiwi(seeded, command):
    code = (
        "import sys\n"
        f"sys.argv = ['citydip', *{command!r}, *(['--db', {str(seeded)!r}] if {command!r} != ['--help'] else [])]\n"
        "from citydip.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('KIWI-LOADED' if 'kiwipiepy' in sys.modules else 'KIWI-ABSENT')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    assert "KIWI-ABSENT" in proc.stderr, proc.stderr


def test_python_dash_m_entry_point():
    proc = subprocess.run([sys.executable, "-m", "citydip", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "ingest" in proc.stdout and "timeline" in proc.stdout and "cities" in proc.stdout


def test_a_bug_ends_in_one_line_not_a_traceback(seeded, monkeypatch):
    import citydip.reports

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(citydip.reports, "timeline", broken)
    monkeypatch.delenv("CITYDIP_DEBUG", raising=False)
    result = runner.invoke(app, ["timeline", "--db", str(seeded)])
    assert result.exit_code == 1
    assert "unexpected error (RuntimeError: boom)" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--help"],
        ["cities", "--help"],
        ["ingest", "--help"],
        ["eval", "--help"],
        ["alias", "--help"],  # a group: the whole app
        ["timeline", "--no-such-option"],
        ["no-such-command"],
        ["--help"],
    ],
)
def test_the_command_line_run_alone_answers_as_the_whole_app(args):
    """`citydip CMD` builds only CMD (start-up); what it prints and returns is the whole app's."""
    from citydip.cli import _lean_app

    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "citydip", *args], capture_output=True, text=True, env=env)
    whole = CliRunner().invoke(app, args, env={"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"})

    def norm(text: str) -> str:  # the program's name and the padding after it are all that differ
        text = text.replace("python -m citydip", "citydip")
        return "\n".join(line.rstrip(" │").rstrip() for line in text.splitlines())

    assert proc.returncode == whole.exit_code
    assert norm(proc.stdout + proc.stderr) == norm(whole.output)
    lean = _lean_app(args)
    assert (lean is app) == (args[0].startswith("-") or args[0] in ("alias", "no-such-command"))


READER_PROBE = """
import sys
from citydip.cli import main
sys.argv = ["citydip", *sys.argv[1:]]
try:
    main()
except SystemExit as stop:
    code = stop.code
sys.stdout = sys.__stdout__
print("\\nLOADED", "sqlite_utils" in sys.modules, "numpy" in sys.modules, "kiwipiepy" in sys.modules, code)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--limit", "3", "--format", "json"],
        ["cities", "--limit", "3"],
        ["stats", "--format", "json"],
        ["city", "울란바토르", "--format", "json"],
    ],
)
def test_reading_commands_leave_sqlite_utils_and_kiwi_unloaded(db_path, args):
    # sqlite-utils loads numpy when it is installed: a third of a short command's run. Reading needs neither it
    # nor Kiwi; only writes and schema steps bring sqlite-utils in.
    assert run("ingest", str(ROOT / "data" / "samples"), "--db", str(db_path)).exit_code == 0
    done = subprocess.run(
        [sys.executable, "-c", READER_PROBE, *args, "--db", str(db_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().endswith("LOADED False False False 0"), done.stdout[-500:] + done.stderr[-500:]
    assert len(done.stdout) > 100  # and it printed its answer


def test_a_reading_command_on_an_older_database_brings_its_schema_up_to_date(db_path, pre_0006):
    from sqlite_utils import Database

    from citydip.store import Store, migrations

    assert run("ingest", str(ROOT / "data" / "samples"), "--db", str(db_path)).exit_code == 0
    expected = run("cities", "--format", "json", "--db", str(db_path)).stdout
    with Store(db_path) as store:
        pre_0006(store.conn)
    assert [m.name for m in migrations.pending(Database(db_path))] == [
        "0006_timeline_order_and_partner_summary",
        "0007_event_group_keys",
    ]
    # the undone step is pending again: the read command takes sqlite-utils to run it, then answers
    done = subprocess.run(
        [sys.executable, "-c", READER_PROBE, "cities", "--format", "json", "--db", str(db_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = done.stdout.strip().rsplit("\n", 1)[-1].split()
    assert loaded[:2] == ["LOADED", "True"] and loaded[3:] == ["False", "0"], (
        done.stdout[-300:] + done.stderr[-300:]
    )
    assert done.stdout.split("\nLOADED")[0].strip() == expected.strip()
    assert [m.name for m in migrations.pending(Database(db_path))] == []


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_reader_that_goes_away_stops_the_output_quietly(db_path, fmt):
    assert run("ingest", str(ROOT / "data" / "samples"), "--db", str(db_path)).exit_code == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "citydip", "timeline", "--format", fmt, "--db", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # like `| head` that has read enough: nothing reads what citydip writes
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141, stderr
    assert stderr == ""


EVERYDAY = """---
title: 원주 시민축구단, 안방서 3연승
published: 2024-06-02
---
원주시는 1일 시민축구단이 홈경기에서 춘천을 2-1로 꺾었다고 밝혔다.

축구단 관계자들은 지난달 일본 오사카를 방문해 전지훈련 장소를 둘러봤다. 여자 대표팀은 다음 달 중국 상하이에서 열리는 대회에서 일본과 만난다.

강릉시는 관내 기업 8곳과 청년 일자리 협약을 맺었다.

시는 이날 캐나다 토론토에 본사를 둔 식품 기업과 공장 설립 투자협약도 체결했다. 관광과 직원들은 대만 타이베이의 한 호텔에서 현지 여행사 관계자들과 만났다.
"""


def test_everyday_news_with_trips_meetings_and_other_cities_deals_gives_no_event(db_path, tmp_path):
    # A club's trip, a team's match abroad, another city's deal with firms, a deal with a company seated
    # abroad and a meeting with travel agents pass the prefilter (trigger words and places) but are not
    # the city's diplomacy.
    path = tmp_path / "everyday.md"
    path.write_text(EVERYDAY, encoding="utf-8")
    result = run("ingest", str(path), "--db", str(db_path))
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stdout and "events found: 0" in result.stdout
    assert timeline_json(db_path) == []


def test_eval_counts_distractor_pages_and_pages_without_an_actor(tmp_path):
    """A gold page with no event is a distractor: clean when citydip writes none; actor null is unscored."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "tie.txt").write_text(
        "수원시는 베트남 다낭시와 자매결연 협약을 맺었다고 3일 밝혔다.\n", encoding="utf-8"
    )
    (articles / "company.txt").write_text(
        "한 반도체 기업이 3일 독일 드레스덴에 공장을 세우기로 하고 현지 대학과 협력하기로 했다.\n",
        encoding="utf-8",
    )
    danang = {"name": "Da Nang", "name_ko": "다낭", "country": "VN", "geonameid": 1583992, "kind": "city"}
    lines = [
        {
            "doc": "tie.txt",
            "published": "2024-05-03",
            "actor": {"name": "Suwon", "name_ko": "수원시", "country": "KR"},
            "events": [{"type": "agreement", "level": "sister", "partners": [danang], "date": "2024-05-03"}],
        },
        {"doc": "company.txt", "published": "2024-05-03", "actor": None, "events": []},
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    result = run("eval", str(gold), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["distractors"] == {"clean": 1, "total": 1}
    assert summary["actors"] == {"correct": 1, "total": 1}
    assert summary["partner"]["f1"] == 1.0
    table = run("eval", str(gold))
    assert "distractors clean" in table.output and "1/1" in table.output


def test_headline_restating_the_body_gives_one_event(seeded):
    """Seed 000's headline names the New York agreement the body dates to the 16th: one event, not two."""
    events = json.loads(run("timeline", "--raw", "--format", "json", "--db", str(seeded)).output)
    new_york = [
        e for e in events if e["type"] == "agreement" and any(p["name_ko"] == "뉴욕" for p in e["partners"])
    ]
    assert [e["date"] for e in new_york] == ["2023-09-16"]


def test_lead_event_kept_undated_without_a_publication_date(db_path, corpus_dir):
    """Seed 001 ingested without --published keeps its lead forum beside the planned one: dated only by the
    year the article names ('…(WCS) 2022'), as its day ('1일') has no month to stand in."""
    article = corpus_dir / "articles" / "001_6ef43e2731afccca.txt"
    assert run("ingest", str(article), "--db", str(db_path)).exit_code == 0
    events = json.loads(run("timeline", "--raw", "--format", "json", "--db", str(db_path)).output)
    forums = sorted((e["status"], e["date"] or "") for e in events if e["type"] == "forum")
    assert ("done", "2022") in forums and ("planned", "2023") in forums


def test_days_of_an_undated_article_take_the_year_it_names_most(db_path, tmp_path):
    """Without --published and without a year that pins the publication down, the year the article names most
    anchors its days told without a year; a history year told once keeps its own."""
    article = tmp_path / "undated.txt"
    article.write_text(
        "2014 동아시아 문화도시 축제를 계기로 일본 기타큐슈시 대표단이 9월 19일 인천시를 방문했다. "
        "대표단은 2014년 축제 개막식에 참석했다. 두 도시는 1988년 자매결연을 맺었다.",
        encoding="utf-8",
    )
    assert run("ingest", str(article), "--db", str(db_path)).exit_code == 0
    events = json.loads(run("timeline", "--raw", "--format", "json", "--db", str(db_path)).output)
    dated = {(e["type"], e["date"]) for e in events}
    assert ("visit", "2014-09-19") in dated and ("agreement", "1988") in dated


@pytest.fixture
def readonly_db(tmp_path):
    """A database in a folder neither may be written: chattr +i binds root as well (CI runs as root)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "citydip.db"
    assert run("ingest", str(ROOT / "data" / "samples"), "--db", str(db)).exit_code == 0
    for side in folder.glob("citydip.db-*"):
        side.unlink()
    with _immutable(db, folder):
        yield db


@contextmanager
def _immutable(*paths: Path):
    """Files and folders nobody may change while the block runs (chattr +i binds root as well)."""
    locked = []
    try:
        for path in paths:
            subprocess.run(["chattr", "+i", str(path)], check=True, capture_output=True)
            locked.append(path)
    except (OSError, subprocess.CalledProcessError):
        for path in reversed(locked):
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        pytest.skip("chattr +i is not available here")
    try:
        yield
    finally:
        for path in reversed(locked):
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def test_read_only_database_answers_reading_commands(readonly_db):
    db = str(readonly_db)
    for args in (["timeline"], ["cities"], ["stats"], ["alias", "list"]):
        result = runner.invoke(app, [*args, "--format", "json", "--db", db])
        assert result.exit_code == 0, (args, result.output)
        json.loads(result.output)
    events = json.loads(run("timeline", "--format", "json", "--db", db).output)
    assert run("show", events[0]["id"], "--format", "json", "--db", db).exit_code == 0


def test_read_only_database_from_an_older_citydip_is_read_as_it_is(tmp_path):
    """A database written before a schema step (here 0008, decisions) that cannot be migrated in place is
    read through an in-memory copy; writing commands still say it is read-only."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from citydip.store import _STEPS, MIGRATION_SET

    folder = tmp_path / "old"
    folder.mkdir()
    db = folder / "citydip.db"
    older = Migrations(MIGRATION_SET)
    for name, fn in _STEPS:
        if not name.startswith("0008"):
            older(name=name)(fn)
    database = Database(db)
    older.apply(database)
    database.conn.close()
    with _immutable(db, folder):
        for args in (["timeline"], ["cities"], ["stats"]):
            result = runner.invoke(app, [*args, "--format", "json", "--db", str(db)])
            assert result.exit_code == 0, (args, result.output)
            json.loads(result.output)
        result = run("ingest", str(ROOT / "data" / "samples"), "--db", str(db))
        assert result.exit_code == 1 and "read-only" in result.output


def test_writing_to_a_read_only_database_says_so_in_one_line(readonly_db):
    db = str(readonly_db)
    for args in (
        [
            "ingest",
            str(ROOT / "data" / "samples" / "01_daegu_qingdao_friendship.md"),
            "--published",
            "2020-01-01",
        ],
        ["alias", "add", "수원", "gn:1835553"],
        ["alias", "remove", "수원"],
        ["search", "다낭"],
    ):
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code == 1, (args, result.output)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and "read-only" in lines[0], (args, result.output)
        assert "unexpected error" not in result.output and "citydip ingest" not in result.output


def test_dateline_names_the_source_and_leaves_the_evidence(db_path, tmp_path):
    """'(부산=연합뉴스) 김민수 기자 =' is no part of the evidence; its outlet is the article's source."""
    article = tmp_path / "wire.txt"
    article.write_text(
        "부산시, 상하이와 협약\n\n(부산=연합뉴스) 김민수 기자 = 부산시는 3일 중국 상하이시와 우호협력 협약을 맺었다.\n",
        encoding="utf-8",
    )
    assert run("ingest", str(article), "--published", "2024-05-03", "--db", str(db_path)).exit_code == 0
    events = json.loads(
        run("timeline", "--format", "json", "--source", "연합뉴스", "--db", str(db_path)).output
    )
    assert events and all(e["article"]["source"] == "연합뉴스" for e in events)
    assert all(e["evidence"].startswith("부산시는 3일") for e in events)


def test_version_and_debug_on_every_command(db_path):
    version = subprocess.run(
        [sys.executable, "-m", "citydip", "--version"], capture_output=True, text=True, check=True
    )
    assert version.stdout.startswith("citydip ")
    # --debug is taken by any command, not only ingest
    for args in (["timeline"], ["cities"], ["stats"], ["places", "서울"]):
        done = subprocess.run(
            [sys.executable, "-m", "citydip", *args, "--debug", "--db", str(db_path)],
            capture_output=True,
            text=True,
        )
        assert "No such option" not in done.stderr, (args, done.stderr)


def test_not_found_is_exit_1_for_places_city_and_show(seeded):
    for args in (["places", "없는곳이름"], ["city", "없는곳이름"], ["show", "ffffffffffff"]):
        result = runner.invoke(app, [*args, "--db", str(seeded)])
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("error:"), (args, result.output)


def test_alias_add_warns_when_the_name_is_a_known_place(db_path):
    result = runner.invoke(app, ["alias", "add", "수원", "gn:1583992", "--db", str(db_path)])
    assert result.exit_code == 0
    assert "warning: 수원 is already the name of 수원시" in " ".join(result.output.split())


def test_folder_skips_are_counted_by_kind_and_one_failure_is_one_line(db_path, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("수원시는 3일 베트남 다낭시와 자매결연을 맺었다.\n", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "logo.png").write_bytes(b"\x89PNG")
    result = runner.invoke(app, ["ingest", str(folder), "--published", "2024-05-03", "--db", str(db_path)])
    assert result.exit_code == 0
    assert "3 skipped: image 2, pdf 1" in " ".join(result.output.split())
    pdf = runner.invoke(app, ["ingest", str(folder / "scan.pdf"), "--db", str(db_path)])
    assert pdf.exit_code == 1
    lines = [line for line in pdf.output.splitlines() if line.strip()]
    assert "PDF is not supported; extract its text first" in lines[0]
    assert "Ingest summary" not in pdf.output and len(lines) == 2  # the failure, then the counts


def test_distributed_without_a_database_or_dask_says_one_line(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "citydip.distributed",
            str(ROOT / "data" / "samples"),
            "--out",
            str(tmp_path / "o"),
            "--db",
            str(tmp_path / "none.db"),
        ],
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in done.stderr
    assert "no database yet, so no aliases of yours apply" in done.stderr


def test_progress_line_counts_totals_and_rates(tmp_path):
    """The status line of a running ingest: the article, how many of how many, and the rate."""
    from citydip.cli import _Progress

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"기사 {i}\n", encoding="utf-8")

    class Status:
        line = ""

        def update(self, text):
            self.line = text

    status = Status()
    progress = _Progress(status, [str(folder)], None)
    progress("0.txt")
    progress("1.txt")
    assert status.line.startswith("extracting 1.txt · 2/3 · ") and status.line.endswith("/s")
    assert _Progress(Status(), ["-"], None).total is None  # stdin: no total to show


def test_load_names_the_line_of_any_malformed_record(db_path, tmp_path):
    events = tmp_path / "shard.events.jsonl"
    events.write_text('[1, 2]\n{"format": "citydip-events/1", "article": 5}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["load", str(events), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "unexpected error" not in result.output
    for lineno in (1, 2, 3):
        assert f"#line {lineno}: not an extracted article" in result.output


def test_ingest_reads_a_sentence_wrapped_over_lines(tmp_path, db_path):
    # a broadcast script: one sentence over four lines, its partners on different lines
    page = (
        "강릉시는\n올해 일본 도야마시에 이어\n내년에는 미국 시애틀시와\n캐나다 밴쿠버시와도 자매결연을\n"
        "추진하기로 했습니다.\n"
    )
    (tmp_path / "script.txt").write_text(page, encoding="utf-8")
    result = run("ingest", str(tmp_path), "--db", str(db_path), "--published", "2024-05-22")
    assert result.exit_code == 0, result.output
    events = timeline_json(db_path)
    partners = {p["name_ko"] for e in events if e["type"] == "agreement" for p in e["partners"]}
    assert {"시애틀", "밴쿠버"} <= partners
    assert all("\n" not in e["evidence"] for e in events)
