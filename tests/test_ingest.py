"""`citydip ingest` end to end: options, identity, interrupted and concurrent runs, bad input, fuzzing."""

from __future__ import annotations

import functools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from citydip.cli import app
from citydip.models import Article
from citydip.store import Store

runner = CliRunner()

CITIES = ["수원", "고양", "성남", "용인", "부천", "안산", "전주", "청주", "포항", "창원"]
PARTNERS = ["칭다오", "요코하마", "프라이부르크", "하코다테", "톈진", "시애틀", "밴쿠버", "오사카"]
UTF8_TWIN = "d024_goyang_hakodate_sister_2011.txt"
CP949_TWIN = "d037_cp949_goyang_hakodate_sister_2011.txt"


def article_text(n: int, *, url: str | None = None, extra: str = "") -> str:
    """A short made-up article: a city, a partner and a sister-city agreement, different for each n."""
    city, partner, day = CITIES[n % len(CITIES)], PARTNERS[(n * 3) % len(PARTNERS)], 1 + n % 27
    front = f"---\ntitle: {city}시, {partner}시와 자매결연\npublished: 2023-05-{day:02d}\n"
    front += f"url: {url}\n---\n" if url else "---\n"
    return (
        front + f"{city}시는 {partner}시와 자매결연을 맺었다고 {day}일 밝혔다.\n\n"
        f"{city}시 대표단은 지난 {day}일 {partner}시를 방문해 청소년 교류 방안을 논의했다.\n"
        f"두 도시는 {1990 + n}년부터 교류해 왔다.{extra}"
    )


def one_line_body(n: int) -> str:
    return article_text(n).split("---\n")[-1].replace("\n", " ")


def write_articles(folder: Path, count: int, *, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        (folder / f"a{n:03d}.txt").write_text(article_text(n), encoding="utf-8")
    return folder


def ingest(*args: str | Path, db: Path, input: bytes | str | None = None, catch: bool = False):
    return runner.invoke(
        app, ["ingest", *map(str, args), "--db", str(db)], input=input, catch_exceptions=catch
    )


def timeline(db: Path) -> list[dict]:
    result = runner.invoke(app, ["timeline", "--format", "json", "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def without_article_identity(events: list[dict]) -> list[dict]:
    """Timeline JSON minus the article ids and paths that differ between two copies of one article."""
    strip = ("id", "path")
    out = []
    for event in events:
        event = {k: v for k, v in event.items() if k != "id"}
        event["article"] = {k: v for k, v in event["article"].items() if k not in strip}
        event["sources"] = [{k: v for k, v in s.items() if k not in strip} for s in event["sources"]]
        out.append(event)
    return out


def db_rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def assert_consistent(db: Path) -> None:
    """Nothing half-written: no event without its article, no partner or person without its event."""
    assert db_rows(db, "PRAGMA foreign_key_check") == []
    assert db_rows(db, "SELECT count(*) FROM events WHERE article NOT IN (SELECT id FROM articles)") == [(0,)]
    assert db_rows(db, "SELECT count(*) FROM event_partners WHERE event NOT IN (SELECT id FROM events)") == [
        (0,)
    ]
    assert db_rows(db, "SELECT count(*) FROM people WHERE event NOT IN (SELECT id FROM events)") == [(0,)]


def failure_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("failed: ")]


# --- options ----------------------------------------------------------------------------------


def test_format_option_overrides_the_extension(tmp_path, db_path):
    record = {"title": "협약", "published": "2023-05-03", "text": article_text(3).split("---\n")[-1]}
    path = tmp_path / "export.txt"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    as_json = ingest(path, "--format", "json", db=db_path)
    assert as_json.exit_code == 0, as_json.output
    assert "1 new" in as_json.stdout
    (event, *_) = timeline(db_path)
    assert event["article"]["title"] == "협약" and event["article"]["published"] == "2023-05-03"
    # an extension works as a format name too: txt → text
    as_text = ingest(path, "--format", "txt", db=tmp_path / "text.db")
    assert as_text.exit_code == 0 and "1 new" in as_text.stdout


def test_field_option_maps_columns(tmp_path, db_path):
    table = tmp_path / "export.csv"
    table.write_text(f'기사,헤드라인,발행\n"{one_line_body(4)}",협약 소식,2023-05-05\n', encoding="utf-8")
    unmapped = ingest(table, db=db_path)
    assert unmapped.exit_code == 1
    assert "missing text column" in unmapped.stderr and "'기사'" in unmapped.stderr
    mapped = ingest(
        table, "--field", "text=기사", "--field", "title=헤드라인", "--field=published=발행", db=db_path
    )
    assert mapped.exit_code == 0, mapped.output
    assert "1 new" in mapped.stdout
    article = timeline(db_path)[0]["article"]
    assert article["title"] == "협약 소식" and article["published"] == "2023-05-05"


def test_jsonl_feed_with_unicode_line_separators_in_its_texts(tmp_path, db_path):
    lines = [
        json.dumps(
            {"text": one_line_body(n).replace(". ", ".\u2028", 1), "published": "2023-05-02"},
            ensure_ascii=False,
        )
        for n in range(3)
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = ingest(feed, db=db_path)
    assert result.exit_code == 0, result.output
    assert "3 new" in result.stdout and "failed" not in result.stderr
    assert db_rows(db_path, "SELECT count(*) FROM articles WHERE text LIKE '%밝혔다.%'") == [(3,)]
    assert {e["article"]["path"] for e in timeline(db_path)} == {f"{feed}#line {n}" for n in (1, 2, 3)}


def test_glob_option_filters_folder_files(tmp_path, db_path):
    folder = write_articles(tmp_path / "mixed", 3)
    (folder / "extra.md").write_text(article_text(7), encoding="utf-8")
    result = ingest(folder, "--glob", "*.md", db=db_path)
    assert result.exit_code == 0, result.output
    assert "1 new" in result.stdout
    none = ingest(folder, "--glob", "*.json", db=db_path)
    assert none.exit_code == 1 and "folder has no files matching '*.json'" in none.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--field", "bogus=x"], "unknown field 'bogus'"),
        (["--field", "text"], "KEY=COLUMN"),
        (["--field", "text=a", "--field", "text=b"], "given twice"),
        (["--format", "pdf"], "unknown input format 'pdf'"),
        (["--published", "yesterday"], "--published"),
    ],
)
def test_bad_options_are_usage_errors_and_create_nothing(tmp_path, db_path, args, message):
    path = write_articles(tmp_path / "in", 1) / "a000.txt"
    result = ingest(path, *args, db=db_path)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not db_path.exists()


def test_dry_run_writes_nothing(tmp_path, db_path):
    folder = write_articles(tmp_path / "in", 3)
    result = ingest(folder, "--dry-run", db=db_path)
    assert result.exit_code == 0, result.output
    assert not db_path.exists() and not list(tmp_path.glob("citydip.db*"))
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 4 and all(line.startswith("new") and " events " in line for line in lines[:3])
    assert lines[-1].startswith("dry run, nothing written: articles: 3 new,")

    assert ingest(folder, db=db_path).exit_code == 0
    before = db_path.read_bytes()
    sidecars = sorted(p.name for p in tmp_path.iterdir())
    (folder / "a001.txt").write_text(article_text(1, extra=" 새 문장."), encoding="utf-8")
    again = ingest(folder, "--dry-run", db=db_path)
    assert again.exit_code == 0, again.output
    assert "1 new, 0 updated, 2 unchanged" in again.stdout  # with no URL, a changed text is another article
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sidecars


def test_dry_run_against_an_older_database_leaves_it_old(tmp_path, db_path):
    from sqlite_utils import Database

    from citydip.store import migrations

    conn = sqlite3.connect(db_path)
    migrations.apply(Database(conn), stop_before="0003_article_changes")
    conn.close()
    before = db_path.read_bytes()
    result = ingest(write_articles(tmp_path / "in", 2), "--dry-run", db=db_path)
    assert result.exit_code == 0, result.output
    assert "2 new" in result.stdout
    assert db_path.read_bytes() == before


def test_dry_run_refuses_a_foreign_database_untouched(tmp_path, db_path):
    db_path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    result = ingest(write_articles(tmp_path / "in", 1), "--dry-run", db=db_path)
    assert result.exit_code == 1 and "not a usable SQLite database" in result.stderr
    assert db_path.read_bytes() == b"SQLite format 3\x00" + b"\x07" * 4000


def test_debug_shows_tracebacks_only_when_asked(tmp_path, db_path, monkeypatch):
    from citydip.extract import Extractor

    def broken(self, article):
        raise RuntimeError("boom")

    monkeypatch.setattr(Extractor, "extract", broken)
    path = write_articles(tmp_path / "in", 1) / "a000.txt"
    quiet = ingest(path, db=db_path)
    assert quiet.exit_code == 1
    assert failure_lines(quiet.stderr) == [f"failed: {path}: extraction failed (RuntimeError: boom)"]
    assert "Traceback" not in quiet.output
    loud = ingest(path, "--debug", db=db_path, catch=True)
    assert isinstance(loud.exception, RuntimeError)


def test_unexpected_error_is_one_line_without_debug(tmp_path, db_path, monkeypatch):
    import citydip.pipeline

    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(citydip.pipeline, "ingest", broken)
    path = write_articles(tmp_path / "in", 1) / "a000.txt"
    quiet = ingest(path, db=db_path)
    assert quiet.exit_code == 1
    assert "unexpected error (KeyError: 'surprise'); run again with --debug" in quiet.stderr
    assert "Traceback" not in quiet.output
    assert isinstance(ingest(path, "--debug", db=db_path, catch=True).exception, KeyError)


def test_bigkinds_skips_are_counted_and_the_excerpt_notice_shown_once(tmp_path, db_path):
    header = "뉴스 식별자,일자,언론사,기고자,제목,본문,URL,분석제외 여부\n"
    for name, start in (("first.csv", 0), ("second.csv", 10)):
        rows = [
            f'{start + n},2023050{n + 1},가상일보,기자,제목 {n},"{one_line_body(start + n)}",'
            f"https://news.example/{start + n},{flag}\n"
            for n, flag in enumerate(["", "중복", "예외"])
        ]
        (tmp_path / name).write_text(header + "".join(rows), encoding="utf-8")
    result = ingest(tmp_path / "first.csv", tmp_path / "second.csv", db=db_path)
    assert result.exit_code == 0, result.output
    assert "2 new" in result.stdout and "4 skipped" in result.stdout
    excerpt = [line for line in result.stderr.splitlines() if "excerpt" in line]
    assert len(excerpt) == 1 and "first.csv" in excerpt[0] and "second.csv" in excerpt[0]
    assert "Ingest summary" in result.stderr


# --- identity ----------------------------------------------------------------------------------


def test_reencoded_and_reformatted_copies_change_nothing(tmp_path, db_path):
    original = tmp_path / "article.txt"
    original.write_text(article_text(5), encoding="utf-8")
    assert ingest(original, db=db_path).exit_code == 0
    before = timeline(db_path)
    body = article_text(5).split("---\n")[-1]
    copies = tmp_path / "copies"
    copies.mkdir()
    (copies / "cp949.txt").write_bytes(article_text(5).encode("cp949"))
    (copies / "utf16.txt").write_bytes(article_text(5).encode("utf-16"))
    (copies / "crlf_bom.md").write_bytes(b"\xef\xbb\xbf" + article_text(5).replace("\n", "\r\n").encode())
    (copies / "record.json").write_text(
        json.dumps({"text": body, "title": "다른 제목", "published": "2023-05-06"}, ensure_ascii=False),
        encoding="utf-8",
    )
    result = ingest(copies, db=db_path)
    assert result.exit_code == 0, result.output
    assert "0 new, 0 updated, 4 unchanged" in result.stdout
    assert timeline(db_path) == before
    notes = [line for line in result.stderr.splitlines() if "decoded as" in line]
    assert len(notes) == 2  # one per encoding, each naming its file


def test_full_width_punctuation_reads_as_ascii(tmp_path, db_path):
    """Text set in full-width forms ('（1997년）', '，', '．') keeps each listed partner's own year."""
    body = "충주시는 일본 가와사키시(1997년), 미국 애너하임시(2010년)와 자매결연을 맺었다."
    wide = body.replace("(", "（").replace(")", "）").replace(",", "，").replace(".", "．")
    (tmp_path / "wide.txt").write_text(wide, encoding="utf-8")
    assert ingest(tmp_path / "wide.txt", "--published", "2024-05-22", db=db_path).exit_code == 0
    got = {(e["partners"][0]["name_ko"], e["date"]) for e in timeline(db_path)}
    assert got == {("가와사키", "1997"), ("애너하임", "2010")}


def test_changed_article_at_same_url_replaces_the_old_one(tmp_path, db_path):
    url = "https://news.example/view/1"
    first = tmp_path / "v1.txt"
    first.write_text(article_text(1, url=url), encoding="utf-8")
    assert ingest(first, db=db_path).exit_code == 0
    old = timeline(db_path)
    old_id = old[0]["article"]["id"]

    second = tmp_path / "v2.txt"
    second.write_text(article_text(1, url=url).replace("청소년 교류", "관광 교류"), encoding="utf-8")
    preview = ingest(second, "--dry-run", db=db_path)
    assert preview.stdout.startswith("updated") and f"(replaces {old_id})" in preview.stdout
    assert timeline(db_path) == old
    result = ingest(second, db=db_path)
    assert result.exit_code == 0, result.output
    assert "0 new, 1 updated, 0 unchanged" in result.stdout
    new = timeline(db_path)
    assert {e["article"]["id"] for e in new} != {old_id}
    assert {e["article"]["path"] for e in new} == {str(second)}
    assert len(new) == len(old)
    assert db_rows(db_path, "SELECT count(*) FROM articles") == [(1,)]
    with Store(db_path) as store:
        (change,) = store.article_changes()
    assert (change.url, change.old_id) == (url, old_id) and change.new_id == new[0]["article"]["id"]
    assert_consistent(db_path)

    # the old export read again does not undo the newer version
    stale = ingest(first, db=db_path)
    assert stale.exit_code == 0
    assert "0 new, 0 updated, 1 unchanged" in stale.stdout and "older version" in stale.stderr
    assert timeline(db_path) == new


def test_two_texts_with_one_url_in_one_batch_are_both_kept(tmp_path, db_path):
    url = "https://news.example/"
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(2):
        (folder / f"a{n}.txt").write_text(article_text(n, url=url), encoding="utf-8")
    result = ingest(folder, db=db_path)
    assert result.exit_code == 0 and "2 new" in result.stdout
    assert "both kept" in result.stderr
    assert db_rows(db_path, "SELECT count(*) FROM articles") == [(2,)]
    # a run interrupted after the first file, run again, ends the same way
    rerun_db = tmp_path / "rerun.db"
    assert ingest(folder / "a0.txt", db=rerun_db).exit_code == 0
    rerun = ingest(folder, db=rerun_db)
    assert "1 new, 0 updated, 1 unchanged" in rerun.stdout
    assert timeline(rerun_db) == timeline(db_path)


def test_cp949_twin_yields_the_same_events_as_utf8(corpus_dir, tmp_path):
    results = []
    for name in (UTF8_TWIN, CP949_TWIN):
        db = tmp_path / f"{name}.db"
        result = ingest(corpus_dir / "articles" / name, db=db)
        assert result.exit_code == 0, result.output
        results.append(without_article_identity(timeline(db)))
    assert results[0] and results[0] == results[1]


# --- interrupted and concurrent runs -----------------------------------------------------------


def article_count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def start_ingest(folder: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "citydip", "ingest", str(folder), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, so a kill reaches its extraction workers too
    )


def test_killed_ingest_completes_on_rerun(tmp_path):
    # enough articles that ingest commits several batches (at most half a second each) before the end
    total = 300
    folder = write_articles(tmp_path / "in", total)
    killed = tmp_path / "killed.db"
    proc = start_ingest(folder, killed)
    deadline = time.monotonic() + 120
    while article_count(killed) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)  # kill -9 of the whole job: the writer and its workers
    proc.communicate(timeout=60)
    stored = article_count(killed)
    assert 2 <= stored < total, f"kill landed after {stored} articles"
    assert_consistent(killed)

    rerun = ingest(folder, db=killed)
    assert rerun.exit_code == 0, rerun.output
    assert f"{total - stored} new, 0 updated, {stored} unchanged" in rerun.stdout
    fresh = tmp_path / "fresh.db"
    assert ingest(folder, db=fresh).exit_code == 0
    assert timeline(killed) == timeline(fresh)
    assert_consistent(killed)


def test_two_writers_and_a_reader_at_once(tmp_path):
    first = write_articles(tmp_path / "first", 60)
    second = write_articles(tmp_path / "second", 60, start=60)
    db = tmp_path / "shared.db"  # new: both writers also race to create the schema
    writers = [start_ingest(first, db), start_ingest(second, db)]
    reads_during_ingest = 0
    while any(w.poll() is None for w in writers):
        if db.exists() and reads_during_ingest < 2:  # each read starts a Python: two are enough
            read = subprocess.run(
                [sys.executable, "-m", "citydip", "timeline", "--format", "json", "--db", str(db)],
                capture_output=True,
                text=True,
            )
            assert read.returncode == 0, read.stderr
            json.loads(read.stdout)
            reads_during_ingest += any(w.poll() is None for w in writers)
        time.sleep(0.02)
    for writer in writers:
        out, errors = writer.communicate()
        assert writer.returncode == 0, errors
        assert "60 new" in out
    assert reads_during_ingest >= 1
    assert article_count(db) == 120
    assert_consistent(db)


def test_a_failing_database_stops_the_batch_with_what_was_stored_kept(tmp_path, db_path, monkeypatch):
    folder = write_articles(tmp_path / "in", 3)
    real = Store.save_article_version
    calls = []

    def failing(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "save_article_version", failing)
    result = ingest(folder, db=db_path)
    assert result.exit_code == 1
    assert "cannot store" in result.stderr and "disk I/O error" in result.stderr
    assert "Traceback" not in result.output
    assert "1 new" in result.stdout
    monkeypatch.undo()
    again = ingest(folder, db=db_path)
    assert again.exit_code == 0 and "2 new, 0 updated, 1 unchanged" in again.stdout


# --- bad input ---------------------------------------------------------------------------------


def bad_inputs(root: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of bad input → (its path, the reason its failure line must give)."""
    root.mkdir()
    empty = root / "empty.txt"
    empty.write_bytes(b"")
    binary = root / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    huge = root / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)  # sparse: costs no disk and no time
    lines = root / "feed.jsonl"
    good = article_text(8).split("---\n")[-1]
    lines.write_text(json.dumps({"text": good}, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    columns = root / "table.csv"
    columns.write_text("제목,날짜\n협약,2023-01-01\n", encoding="utf-8")
    database = root / "other.db"
    conn = sqlite3.connect(database)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    cases = {
        "empty": (empty, "empty file"),
        "binary": (binary, "binary file (a PNG image)"),
        "huge": (huge, "file too large"),
        "json line": (Path(f"{lines}#line 2"), "malformed JSON line"),
        "columns": (columns, "missing text column"),
        "missing": (root / "absent.txt", "no such file or directory"),
        "not a folder": (empty / "child.txt", "a part of the path is not a directory"),
        "sqlite input": (database, "binary file (an SQLite database)"),
    }
    if os.geteuid() != 0:  # root reads anything
        locked = root / "locked.txt"
        locked.write_text(good, encoding="utf-8")
        locked.chmod(0)
        cases["unreadable"] = (locked, "permission denied")
    return cases


def test_bad_inputs_each_fail_in_one_line_and_the_rest_continues(tmp_path, db_path):
    cases = bad_inputs(tmp_path / "bad")
    good = write_articles(tmp_path / "good", 2)
    inputs = [str(path).split("#")[0] for path, _ in cases.values()]
    result = ingest(good / "a000.txt", *inputs, good / "a001.txt", db=db_path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = failure_lines(result.stderr)
    assert len(lines) == len(cases)
    for path, reason in cases.values():
        assert any(line.startswith(f"failed: {path}: {reason}") for line in lines), (path, lines)
    assert f"3 new, 0 updated, 0 unchanged, {len(cases)} failed" in result.stdout  # 2 files + 1 JSON line
    assert "Ingest summary" in result.stderr
    assert_consistent(db_path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"SQLite format 3\x00" + b"\x07" * 4000, "not a usable SQLite database"),
        (None, "not a citydip database"),
        (b"name,score\nkim,3\n", "not a SQLite database"),
    ],
    ids=["corrupt", "foreign", "not-sqlite"],
)
def test_corrupt_or_foreign_database_is_one_line_and_untouched(tmp_path, db_path, content, reason):
    if content is None:
        conn = sqlite3.connect(db_path)
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        conn.commit()
        conn.close()
    else:
        db_path.write_bytes(content)
    before = db_path.read_bytes()
    result = ingest(write_articles(tmp_path / "in", 1), db=db_path)
    assert result.exit_code == 1
    assert reason in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert str(db_path) in result.stderr and "Traceback" not in result.output
    assert db_path.read_bytes() == before


def test_stdin_bad_and_good(db_path):
    empty = ingest("-", db=db_path, input=b"")
    assert empty.exit_code == 1 and failure_lines(empty.stderr) == ["failed: -: empty file"]
    good = ingest("-", db=db_path, input=article_text(9).encode("cp949"))
    assert good.exit_code == 0 and "1 new" in good.stdout and "decoded as CP949" in good.stderr


# --- fuzzing -----------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [*CITIES, *PARTNERS, "시는", "시와", "구청장", "자매결연을", "우호도시", "협약을 맺었다", "방문했다",
     "지난", "오는", "23일", "2019년", "5월", "밝혔다.", "---\n", "title: ", "published: 2023-01-02\n",
     "url: https://x.example/1\n", "# 제목\n", "<p>", "</p>", '{"text": "', '"}', ",", "\n", "\r\n", " ",
     "\ufeff", "\x00", "\u200b", "본문", "제목", "뉴스 식별자"]
)  # fmt: skip
_HANGUL = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), max_size=6)
_KOREAN_LIKE = st.lists(st.one_of(_FRAGMENTS, _HANGUL), max_size=40).map("".join)
_PAYLOAD = st.one_of(
    st.binary(max_size=1500),
    _KOREAN_LIKE.map(lambda text: text.encode("utf-8")),
    _KOREAN_LIKE.map(lambda text: text.encode("cp949", errors="ignore")),
    _KOREAN_LIKE.map(lambda text: text.encode("utf-16")),
)
_FILES = st.lists(
    st.tuples(st.sampled_from(["txt", "md", "json", "jsonl", "csv", "html", ""]), _PAYLOAD),
    min_size=1,
    max_size=3,
)


@functools.cache
def _extractor():
    from citydip.extract import Extractor

    return Extractor()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=_FILES)
def test_fuzzed_inputs_never_crash_nor_leave_partial_articles(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for n, (ext, payload) in enumerate(files):
            (folder / (f"f{n}.{ext}" if ext else f"f{n}")).write_bytes(payload)
        db = Path(tmp) / "fuzz.db"
        result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.output
        summary = result.stdout.strip().splitlines()[-1]
        new = int(summary.split("articles: ")[1].split(" new")[0])
        assert db_rows(db, "SELECT count(*) FROM articles") == [(new,)]
        assert_consistent(db)
        # every stored article carries all of its events: exactly what extraction gives
        extractor = _extractor()
        for row in db_rows(db, "SELECT id, text, title, published, url, path, source FROM articles"):
            article = Article(
                id=row[0], text=row[1], title=row[2], published=row[3], url=row[4], path=row[5], source=row[6]
            )
            stored = db_rows(db, f"SELECT count(*) FROM events WHERE article = '{row[0]}'")[0][0]
            assert stored == len(extractor.extract(article).events)
