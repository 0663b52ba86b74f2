"""A person's word on events through the command line: review, accept, reject, edit, add; decisions that hold
through re-extraction (reprocess) and travel between databases (decisions export/import)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citydip import parallel
from citydip.cli import app
from citydip.pipeline import EXTRACTION_CODE, extraction_digest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
runner = CliRunner()
TOKYO = "gn:1850147"
AID = "서울시는 몽골 울란바토르시에 대기질 측정 장비 20대를 지원했다고 8일 밝혔다."


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def ok(*args: str, input: str | None = None):
    result = run(*args, input=input)
    assert result.exit_code == 0, result.output
    return result


def cli_json(db: Path, *args: str):
    return json.loads(ok(*args, "--format", "json", "--db", str(db)).stdout)


def timeline(db: Path, *extra: str) -> list[dict]:
    return cli_json(db, "timeline", *extra)


def find(
    events: list[dict], kind: str, actor: str, *, date: str | None = None, partner: str | None = None
) -> dict:
    (event,) = [
        e
        for e in events
        if e["type"] == kind
        and e["actor"]["name_ko"] == actor
        and (date is None or e["date"] == date)
        and (partner is None or any(p["name_ko"] == partner for p in e["partners"]))
    ]
    return event


def article_id(db: Path, name: str) -> str:
    conn = sqlite3.connect(db)
    (aid,) = conn.execute("SELECT id FROM articles WHERE path LIKE ?", [f"%{name}%"]).fetchone()
    conn.close()
    return aid


@pytest.fixture
def samples_db(tmp_path) -> Path:
    db = tmp_path / "citydip.db"
    ok("ingest", str(SAMPLES), "--jobs", "1", "--db", str(db))
    return db


@pytest.fixture
def decided(samples_db):
    """The sample database with one decision of each kind, and what they were made on."""
    db = samples_db
    events = timeline(db)
    exchange = find(events, "exchange", "대구")
    sister = find(events, "agreement", "서울")
    friendship = find(events, "agreement", "경기도", date="2019")
    meeting = find(events, "meeting", "송파구")
    visit = find(events, "visit", "송파구")
    ok("reject", exchange["id"][:8], "--why", "a plan, not an exchange", "--db", str(db))
    ok("accept", sister["id"], "--db", str(db))
    ok("edit", friendship["id"][:6], "--level", "amity", "--date", "2019-07", "--db", str(db))
    # the person reads 분쿄 as Tokyo; an alias added later makes the extractor read it so too
    ok("edit", meeting["id"], "--partner", TOKYO, "--db", str(db))
    ok("reject", visit["id"], "--db", str(db))
    added = ok(
        "add",
        article_id(db, "04_seoul")[:6],
        "--type",
        "aid",
        "--partner",
        "울란바토르",
        "--direction",
        "outbound",
        "--evidence",
        AID,
        "--db",
        str(db),
    )
    return {
        "db": db,
        "exchange": exchange,
        "sister": sister,
        "friendship": friendship,
        "meeting": meeting,
        "visit": visit,
        "added": added.stdout.split()[1],
        "before": events,
    }


def check_decisions_hold(d: dict, *, visit_found: bool = True) -> list[dict]:
    """Every decision of ``decided`` shows in the reports; returns the timeline."""
    db = d["db"]
    events = timeline(db)
    ids = {e["id"] for e in events}
    assert d["exchange"]["id"] not in ids
    by_id = {e["id"]: e for e in events}
    assert by_id[d["sister"]["id"]]["reviewed"] == "accepted"
    friendship = find(events, "agreement", "경기도", date="2019-07")
    assert (friendship["level"], friendship["precision"], friendship["reviewed"]) == (
        "amity",
        "month",
        "edited",
    )
    meeting = find(events, "meeting", "송파구", partner="도쿄")
    assert meeting["reviewed"] == "edited" and [p["geonameid"] for p in meeting["partners"]] == [1850147]
    aid = find(events, "aid", "서울")
    assert (aid["id"], aid["evidence"], aid["reviewed"], aid["direction"]) == (
        d["added"],
        AID,
        "added",
        "outbound",
    )
    if visit_found:
        assert d["visit"]["id"] not in ids
    # --reviewed-only keeps just what a person accepted, edited or added
    reviewed = timeline(db, "--reviewed-only")
    assert {e["reviewed"] for e in reviewed} == {"accepted", "edited", "added"}
    assert {e["id"] for e in reviewed} == {e["id"] for e in events if e["reviewed"]}
    # --all brings the rejected back, marked so
    every = timeline(db, "--all")
    rejected = {e["id"]: e for e in every if e["reviewed"] == "rejected"}
    assert d["exchange"]["id"] in rejected
    assert len(every) == len(events) + len(rejected)
    # both: every event a person decided on
    decided_on = timeline(db, "--reviewed-only", "--all")
    assert {e["id"] for e in decided_on} == {e["id"] for e in every if e["reviewed"]}
    return events


# -- decisions and the reports -------------------------------------------------------------------------


def test_reject_accept_edit_and_add_show_in_every_report(decided):
    db = decided["db"]
    events = check_decisions_hold(decided)
    assert len(events) == len(decided["before"]) - 2 + 1  # two rejected, one added
    # show: the reason of a rejection, and --all to see it
    shown = run("show", decided["exchange"]["id"][:8], "--db", str(db))
    assert shown.exit_code == 1 and "rejected (a plan, not an exchange)" in shown.stderr
    assert len(shown.stderr.strip().splitlines()) == 1
    full = cli_json(db, "show", decided["exchange"]["id"], "--all")
    assert (full["reviewed"], full["review_reason"]) == ("rejected", "a plan, not an exchange")
    assert cli_json(db, "show", decided["sister"]["id"][:7])["reviewed"] == "accepted"
    table = ok("show", decided["added"], "--db", str(db)).stdout
    assert "reviewed  added" in table
    # cities and city: the rejected exchange is no contact of Daegu and Qingdao any more; the edit is
    pairs = {(r["actor"]["name_ko"], r["partner"]["name_ko"]): r for r in cli_json(db, "cities")}
    assert pairs[("대구", "칭다오")]["types"].get("exchange") is None
    assert pairs[("경기도", "캘리포니아주")]["history"][0] == {
        "level": "amity",
        "date": "2019-07",
        "upgrade": False,
    }
    assert pairs[("서울", "울란바토르")]["types"]["aid"] == 1
    assert pairs[("송파구", "도쿄")]["types"] == {"meeting": 1}
    every_pair = {
        (r["actor"]["name_ko"], r["partner"]["name_ko"]): r for r in cli_json(db, "cities", "--all")
    }
    assert every_pair[("대구", "칭다오")]["types"]["exchange"] == 1
    qingdao = cli_json(db, "city", "칭다오")
    assert decided["exchange"]["id"] not in {e["id"] for e in qingdao["events"]}
    assert decided["exchange"]["id"] in {e["id"] for e in cli_json(db, "city", "칭다오", "--all")["events"]}
    # stats count what the timeline shows
    stats = cli_json(db, "stats")
    assert stats["events"] == len(events) and stats["by_type"]["aid"] == 1
    assert cli_json(db, "stats", "--all")["events"] == len(events) + 2
    # exports: CSV says it in a column, the calendar and the map leave rejected events out
    csv_lines = ok("timeline", "--format", "csv", "--db", str(db)).stdout.splitlines()
    assert csv_lines[0].endswith(",reviewed") and sum(line.endswith(",accepted") for line in csv_lines) == 1
    ics = ok("timeline", "--format", "ics", "--db", str(db)).stdout
    assert f"UID:{decided['exchange']['id']}@citydip" not in ics
    assert (
        f"UID:{decided['exchange']['id']}@citydip"
        in ok("timeline", "--format", "ics", "--all", "--db", str(db)).stdout
    )
    # the Datasette views agree with the timeline and the partner table
    conn = sqlite3.connect(db)
    view = dict(conn.execute("SELECT id, reviewed FROM timeline").fetchall())
    assert view == {e["id"]: e["reviewed"] for e in events}
    assert ("대구", "칭다오") in {r for r in conn.execute("SELECT actor, partner FROM partners")}
    (types,) = conn.execute(
        "SELECT types FROM partners WHERE actor = '대구' AND partner = '칭다오'"
    ).fetchone()
    assert "exchange" not in types
    (count,) = conn.execute("SELECT count(*) FROM decisions").fetchone()
    assert count == 6
    conn.close()
    # search: the article is found, but not the rejected event's evidence
    hits = cli_json(db, "search", "청소년 교류")
    daegu = next(h for h in hits if h["article"]["path"].endswith("01_daegu_qingdao_friendship.md"))
    assert decided["exchange"]["id"] not in {e["id"] for e in daegu["events"]}
    hits = cli_json(db, "search", "청소년 교류", "--all")
    daegu = next(h for h in hits if h["article"]["path"].endswith("01_daegu_qingdao_friendship.md"))
    assert decided["exchange"]["id"] in {e["id"] for e in daegu["events"]}


def test_decisions_are_one_transaction_and_bad_input_is_one_line(samples_db):
    db = str(samples_db)
    events = timeline(samples_db)
    first = events[0]["id"]
    # an unknown id among good ones: nothing is decided
    result = run("reject", first, "ffffffffffff", "--db", db)
    assert result.exit_code == 1 and "no event 'ffffffffffff'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert all(e["reviewed"] is None for e in timeline(samples_db))
    # a prefix that starts several ids says how many
    ids = [e["id"] for e in timeline(samples_db, "--all", "--raw")]
    prefix = next(p for p in "0123456789abcdef" if sum(i.startswith(p) for i in ids) > 1)
    many = sum(i.startswith(prefix) for i in ids)
    result = run("accept", prefix, "--db", db)
    assert result.exit_code == 2 and f"starts {many} event ids" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    meeting = find(events, "meeting", "대구")["id"]
    for args, code, words in [
        (["edit", meeting], 2, "nothing to change"),
        (["edit", meeting, "--level", "sister"], 2, "--level is for agreements"),
        (["edit", meeting, "--date", "2024-13"], 2, "not a real date"),
        (["edit", meeting, "--partner", "어디에도없는곳"], 2, "no place called"),
        (["edit", meeting, "--status", "maybe"], 2, "unknown status"),
        (["add", "0000", "--type", "aid", "--partner", "칭다오", "--evidence", "x"], 1, "no article '0000'"),
        (
            [
                "add",
                article_id(samples_db, "01_daegu"),
                "--type",
                "aid",
                "--partner",
                "칭다오",
                "--evidence",
                "없는 문장.",
            ],
            1,
            "evidence does not occur",
        ),
        (["add", article_id(samples_db, "01_daegu"), "--type", "aid", "--evidence", "x"], 2, "--partner"),
    ]:
        result = run(*args, "--db", db)
        assert result.exit_code == code, (args, result.output)
        assert words in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
    assert all(e["reviewed"] is None for e in timeline(samples_db, "--all"))
    # the same event added twice, or one the extractor found, is refused
    added = ["--type", "aid", "--partner", "울란바토르", "--evidence", AID, "--db", db]
    ok("add", article_id(samples_db, "04_seoul"), *added)
    again = run("add", article_id(samples_db, "04_seoul"), *added)
    assert again.exit_code == 1 and "already has this event" in again.stderr


def test_an_edit_of_an_event_reported_twice_applies_to_every_report(tmp_path):
    """Two articles reporting one signing are one timeline row; deciding on it decides on both reports."""
    db = tmp_path / "twice.db"
    text = SAMPLES.joinpath("04_seoul_ulaanbaatar_aid.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("20대를", "30대를"), encoding="utf-8")
    ok("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--jobs", "1", "--db", str(db))
    sister = find(timeline(db), "agreement", "서울")
    assert sister["mentions"] == 2
    ok("edit", sister["id"], "--level", "amity", "--db", str(db))
    (row,) = [e for e in timeline(db) if e["type"] == "agreement"]
    assert (row["level"], row["mentions"], row["reviewed"]) == ("amity", 2, "edited")
    assert [r["reviewed"] for r in cli_json(db, "show", row["id"])["reports"]] == ["edited", "edited"]
    ok("reject", row["id"], "--db", str(db))
    assert [e for e in timeline(db) if e["type"] == "agreement"] == []
    assert cli_json(db, "cities")[0]["history"] == []


# -- re-extraction ----------------------------------------------------------------------------------------


def test_decisions_hold_through_reprocess_with_a_changed_alias_table(decided):
    db = decided["db"]
    ok("alias", "add", "분쿄", TOKYO, "--db", str(db))
    # ingest notices the database was extracted by another extractor (the aliases changed), once
    noted = ok("ingest", str(SAMPLES / "01_daegu_qingdao_friendship.md"), "--jobs", "1", "--db", str(db))
    assert noted.stderr.count("`citydip reprocess` would update them") == 1
    assert "3 stored articles extracted by another citydip version" in noted.stderr
    before = timeline(db, "--all")
    dry = cli_json(db, "reprocess", "--dry-run", "--jobs", "1")
    assert dry["dry_run"] and dry["articles"] == 3 and dry["current"] == 1
    assert dry["changed"] >= 3 and dry["largest"][0]["label"].endswith("02_songpa_bunkyo_visit.md")
    assert timeline(db, "--all") == before  # a dry run writes nothing
    done = cli_json(db, "reprocess", "--jobs", "1")
    assert {k: v for k, v in done.items() if k != "dry_run"} == {
        k: v for k, v in dry.items() if k != "dry_run"
    }
    # the rejected visit was read with 분쿄구 as its partner; now it is Tokyo's, another event: said so
    assert done["decisions_not_found"] == [
        f"{article_id(db, '02_songpa')}: rejected visit JP:분쿄구 2025-03-13"
    ]
    events = check_decisions_hold(decided, visit_found=False)
    # the alias applied; the meeting the person had already made Tokyo's is one event, not two
    assert [e["id"] for e in events if e["type"] == "meeting" and e["actor"]["name_ko"] == "송파구"] == [
        decided["meeting"]["id"]
    ]
    assert {p["name_ko"] for e in events if e["actor"]["name_ko"] == "송파구" for p in e["partners"]} == {
        "도쿄"
    }
    again = cli_json(db, "reprocess", "--jobs", "1")
    assert (again["articles"], again["current"]) == (0, 4)
    text = ok("reprocess", "--db", str(db)).stdout
    assert "nothing to re-extract: 4 articles already extracted by this citydip" in text


def test_reprocess_in_worker_processes_gives_what_one_process_gives(decided, tmp_path):
    db = decided["db"]
    ok("alias", "add", "분쿄", TOKYO, "--db", str(db))
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    one = cli_json(db, "reprocess", "--jobs", "1")
    two = cli_json(copy, "reprocess", "--jobs", "2")
    assert one == two
    assert timeline(db, "--all") == timeline(copy, "--all")


class _Interrupting:
    """The extractor, interrupted (as by Ctrl-C) when it is asked for its ``after``-th article."""

    def __init__(self, inner, after: int):
        self.inner, self.after, self.calls = inner, after, 0
        self.filter = inner.filter

    def extract(self, article, *args):
        self.calls += 1
        if self.calls == self.after:
            raise KeyboardInterrupt
        return self.inner.extract(article, *args)


def test_an_interrupted_reprocess_loses_nothing_and_a_rerun_completes_it(decided, tmp_path, monkeypatch):
    db = decided["db"]
    ok("alias", "add", "분쿄", TOKYO, "--db", str(db))
    reference = tmp_path / "reference.db"
    shutil.copy(db, reference)
    ok("reprocess", "--jobs", "1", "--db", str(reference))
    real = parallel.screened_extractor
    monkeypatch.setattr(parallel, "screened_extractor", lambda aliases=(): _Interrupting(real(aliases), 3))
    interrupted = run("reprocess", "--jobs", "1", "--db", str(db))  # Ctrl-C: exit 130
    assert interrupted.exit_code == 130
    monkeypatch.setattr(parallel, "screened_extractor", real)
    # the two articles re-extracted before the interruption are stored, whole; two are left
    left = cli_json(db, "reprocess", "--dry-run", "--jobs", "1")
    assert (left["articles"], left["current"]) == (2, 2)
    check_decisions_hold(decided)
    ok("reprocess", "--jobs", "1", "--db", str(db))
    assert timeline(db, "--all") == timeline(reference, "--all")
    assert cli_json(db, "cities") == cli_json(reference, "cities")


def test_the_extractor_version_follows_the_extraction_code_and_data(tmp_path):
    package, data = tmp_path / "citydip", tmp_path / "data"
    (package / "extract").mkdir(parents=True)
    data.mkdir()
    (package / "extract" / "events.py").write_text("RULE = 1\n")
    (package / "cli.py").write_text("print('hello')\n")
    (data / "triggers.tsv").write_text("자매결연\tagreement\n")
    first = extraction_digest(package, data)
    (package / "cli.py").write_text("print('hello, world')\n")  # not extraction code
    assert extraction_digest(package, data) == first
    (package / "extract" / "events.py").write_text("RULE = 2\n")
    second = extraction_digest(package, data)
    assert second != first
    (data / "triggers.tsv").write_text("자매결연\tagreement\n우호\tagreement\n")
    assert extraction_digest(package, data) not in (first, second)
    assert "extract" in EXTRACTION_CODE and "gazetteer" in EXTRACTION_CODE


# -- the interactive review ------------------------------------------------------------------------------


def test_review_takes_keys_least_certain_first(samples_db):
    db = str(samples_db)
    # accept; reject with a reason; skip; edit the date (every other field kept); unknown key; quit
    keys = "a\nr\nnot an exchange\ns\ne\n\n\n\n2024-06\n\n\nx\nq\n"
    result = ok("review", "--db", db, input=keys)
    out = result.stdout
    assert "reviewed: 1 accepted, 1 rejected, 1 edited, 1 skipped" in out
    assert "▶ " in out and "confidence 0.42" in out  # the least certain event first, with its sentence
    assert "type one of a, r, e, s, q" in result.stderr
    events = timeline(samples_db, "--all")
    reviewed = [e for e in events if e["reviewed"]]
    assert sorted(e["reviewed"] for e in reviewed) == ["accepted", "edited", "rejected"]
    edited = next(e for e in reviewed if e["reviewed"] == "edited")
    assert edited["date"] == "2024-06"
    rejected = next(e for e in reviewed if e["reviewed"] == "rejected")
    assert cli_json(samples_db, "show", rejected["id"], "--all")["review_reason"] == "not an exchange"
    # the next review starts with what is left, reviewed events never come back
    again = ok("review", "--db", db, input="q\n").stdout
    assert "[16 left]" in again
    confidences = [e["confidence"] for e in timeline(samples_db) if not e["reviewed"]]
    first_shown = again.split("confidence ")[1].split()[0]
    assert float(first_shown) == min(confidences)


def test_review_ends_when_nothing_is_left(samples_db):
    ids = [e["id"] for e in timeline(samples_db)]
    ok("accept", *ids, "--db", str(samples_db))
    result = ok("review", "--db", str(samples_db), input="")
    assert "nothing left to review" in result.stdout


def test_an_interrupted_review_keeps_every_decision_typed(samples_db, monkeypatch):
    answers = iter(["a", "r", "", "s"])

    def typed(*_args, **_kwargs):
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr("builtins.input", typed)
    interrupted = run("review", "--db", str(samples_db))  # Ctrl-C: exit 130
    assert interrupted.exit_code == 130
    reviewed = sorted(e["reviewed"] for e in timeline(samples_db, "--all") if e["reviewed"])
    assert reviewed == ["accepted", "rejected"]


def test_a_review_interrupted_by_ctrl_c_exits_130_and_keeps_its_decisions(samples_db):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "120"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "citydip", "review", "--db", str(samples_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # a shell runs background jobs with Ctrl-C ignored, and Python then never raises KeyboardInterrupt
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("a\n")
        proc.stdin.flush()
        lines = []
        for line in proc.stdout:  # the decision is confirmed, and the next event shown
            lines.append(line)
            if "accepted " in line:
                break
        assert any("accepted " in line for line in lines), lines
        for line in proc.stdout:
            if line.startswith("▶ "):
                break
        time.sleep(0.5)  # waiting for the next key
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert [e["reviewed"] for e in timeline(samples_db) if e["reviewed"]] == ["accepted"]


# -- decisions travel ----------------------------------------------------------------------------------


def test_decisions_export_and_import_round_trip(decided, tmp_path):
    db = decided["db"]
    path = tmp_path / "review.jsonl"
    assert ok("decisions", "export", str(path), "--db", str(db)).stdout.startswith("6 decisions written")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["decision"] for r in lines) == [
        "accepted",
        "added",
        "edited",
        "edited",
        "rejected",
        "rejected",
    ]
    other = tmp_path / "other.db"
    ok("ingest", str(SAMPLES), "--jobs", "1", "--db", str(other))
    first = cli_json(other, "decisions", "import", str(path))
    assert (first["new"], first["unchanged"], first["failed"], first["absent_decisions"]) == (6, 0, [], 0)
    assert timeline(other, "--all") == timeline(db, "--all")
    assert cli_json(other, "cities") == cli_json(db, "cities")
    again = cli_json(other, "decisions", "import", str(path))  # idempotent
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 0, 6)
    assert timeline(other, "--all") == timeline(db, "--all")
    # exporting the imported decisions gives the same file
    copy = tmp_path / "copy.jsonl"
    ok("decisions", "export", str(copy), "--db", str(other))
    assert copy.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_a_decision_whose_article_is_absent_is_kept_and_reported(decided, tmp_path):
    path = tmp_path / "review.jsonl"
    ok("decisions", "export", str(path), "--db", str(decided["db"]))
    partial = tmp_path / "partial.db"
    for name in (
        "01_daegu_qingdao_friendship.md",
        "02_songpa_bunkyo_visit.md",
        "03_gyeonggi_california_mou.txt",
    ):
        ok("ingest", str(SAMPLES / name), "--jobs", "1", "--db", str(partial))
    result = run("decisions", "import", str(path), "--db", str(partial))
    assert result.exit_code == 0, result.output
    seoul = article_id(decided["db"], "04_seoul")
    assert f"2 decisions on 1 article not in this database ({seoul})" in result.stderr
    assert "decisions: 6 new" in result.stdout and "2 for articles not in this database" in result.stdout
    # ingesting the article later applies them: the accepted agreement and the added aid
    ok("ingest", str(SAMPLES / "04_seoul_ulaanbaatar_aid.txt"), "--jobs", "1", "--db", str(partial))
    assert timeline(partial, "--all") == timeline(decided["db"], "--all")


def test_malformed_decision_lines_are_named_and_the_others_imported(decided, tmp_path):
    path = tmp_path / "review.jsonl"
    ok("decisions", "export", str(path), "--db", str(decided["db"]))
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(1, "{not json")
    lines.insert(3, json.dumps({"format": "citydip-decision/1", "article": "x"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other = tmp_path / "other.db"
    ok("ingest", str(SAMPLES), "--jobs", "1", "--db", str(other))
    result = run("decisions", "import", str(path), "--db", str(other))
    assert result.exit_code == 1
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert [f.split(":")[1].strip() for f in failures] == [f"{path}#line 2", f"{path}#line 4"]
    assert "decisions: 6 new" in result.stdout
    assert timeline(other, "--all") == timeline(decided["db"], "--all")
    missing = run("decisions", "import", str(tmp_path / "none.jsonl"), "--db", str(other))
    assert missing.exit_code == 1 and "cannot read" in missing.stderr


def test_reprocess_picks_articles_by_actor_and_publication_date(samples_db):
    db = samples_db
    ok("alias", "add", "분쿄", TOKYO, "--db", str(db))
    songpa = cli_json(db, "reprocess", "--dry-run", "--jobs", "1", "--actor", "송파구")
    assert (songpa["articles"], songpa["current"]) == (1, 0)
    assert [d["label"].rsplit("/", 1)[-1] for d in songpa["largest"]] == ["02_songpa_bunkyo_visit.md"]
    recent = cli_json(db, "reprocess", "--dry-run", "--jobs", "1", "--since", "2025")
    assert recent["articles"] == 2  # Songpa's and Gyeonggi's; the Seoul article has no publication date
    unknown = run("reprocess", "--actor", "없는곳", "--db", str(db))
    assert unknown.exit_code == 2 and "no actor called '없는곳'" in unknown.stderr
    bad = run("reprocess", "--since", "2025-13", "--db", str(db))
    assert bad.exit_code == 2
    done = cli_json(db, "reprocess", "--jobs", "1", "--actor", "Songpa-gu")
    assert (done["articles"], done["changed"]) == (1, 5)
    assert cli_json(db, "reprocess", "--dry-run", "--jobs", "1")["articles"] == 3


def test_decisions_change_their_mind(samples_db):
    """A rejected event accepted again comes back; an added event edited stays added; review filters."""
    db = str(samples_db)
    events = timeline(samples_db)
    forum = find(events, "forum", "대구")
    ok("reject", forum["id"], "--db", db)
    assert forum["id"] not in {e["id"] for e in timeline(samples_db)}
    ok("accept", forum["id"], "--db", db)
    (back,) = [e for e in timeline(samples_db) if e["id"] == forum["id"]]
    assert back["reviewed"] == "accepted"
    ok("edit", forum["id"], "--status", "done", "--db", db)
    ok("accept", forum["id"], "--db", db)  # accepting keeps the edit
    assert cli_json(samples_db, "show", forum["id"])["reviewed"] == "edited"
    added = ok(
        "add",
        article_id(samples_db, "04_seoul"),
        "--type",
        "aid",
        "--partner",
        "울란바토르",
        "--evidence",
        AID,
        "--db",
        db,
    ).stdout.split()[1]
    ok("edit", added, "--date", "2024-11-08", "--db", db)
    shown = cli_json(samples_db, "show", added)
    assert (shown["reviewed"], shown["date"], shown["precision"]) == ("added", "2024-11-08", "day")
    # review --actor and --type show only those events
    only = ok("review", "--actor", "경기도", "--type", "visit", "--db", db, input="q\n").stdout
    assert "[1 left]" in only and "경기도 (Gyeonggi" in only
