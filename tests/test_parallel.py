"""Parallel ingest: worker processes extract, one writer stores, and nothing differs from one process."""

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

import citydip.parallel as parallel
from citydip.cli import app
from citydip.pipeline import ingest
from citydip.store import Store

runner = CliRunner()

# Columns that say when a row was written, not what it holds.
VOLATILE = {"ingested_at", "changed_at"}


def contents(path: Path) -> dict[str, list[tuple]]:
    """Every table of a citydip database, rows sorted, write times left out."""
    with Store(path, create=False) as store:
        conn = store.db.conn
        out = {}
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_terms_fts%'"
        ):
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in VOLATILE]
            if table == "_sqlite_migrations" or not columns:
                continue
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out


def summary(report) -> tuple:
    return (
        report.new,
        report.updated,
        report.unchanged,
        report.failed,
        report.skipped,
        report.events,
        [(o.source, o.article, o.status, o.events, o.replaces) for o in report.outcomes],
        report.failures,
        report.notices,
        report.inferred,
    )


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, corpus_dir) -> Path:
    """Dev articles, non-diplomacy articles, a copy, and two versions of one article at one URL."""
    folder = tmp_path_factory.mktemp("inputs")
    articles = sorted((corpus_dir / "articles").iterdir())[:14]
    for path in articles:
        shutil.copy(path, folder / path.name)
    shutil.copy(articles[0], folder / "zz_copy.txt")
    records = [
        {
            "text": f"{day}일 수원은 대체로 맑겠습니다. 낮 최고기온은 {20 + day}도입니다.",
            "published": "2024-06-01",
        }
        for day in range(1, 9)
    ]
    # no publication date: ingest infers one (or none) from the text, in a worker or in this process alike
    records += [
        {
            "text": "부산시는 미국 시애틀시와 자매결연 30주년 기념식을 열었다고 4일 밝혔다. 두 도시는 1994년 결연했다."
        },
        {"text": "인천시 대표단이 지난 3일 중국 톈진시를 방문해 교류 확대를 논의했다."},
    ]
    records += [
        {
            "url": "https://example.org/news/1",
            "published": "2024-05-02",
            "text": "수원시는 일본 요코하마시와 자매결연을 맺었다고 2일 밝혔다.",
        },
        {
            "url": "https://example.org/news/1",
            "published": "2024-05-03",
            "text": "수원시는 일본 요코하마시와 자매결연을 맺었다고 2일 밝혔다. 두 도시는 청소년 교류도 한다.",
        },
    ]
    (folder / "feed.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    return folder


def run(tmp_path: Path, name: str, inputs: Path, jobs: int):
    with Store(tmp_path / name) as store:
        report = ingest(store, [str(inputs)], jobs=jobs)
    return report, contents(tmp_path / name)


def test_two_workers_store_what_one_process_stores(tmp_path, inputs):
    one, stored_one = run(tmp_path, "one.db", inputs, jobs=1)
    two, stored_two = run(tmp_path, "two.db", inputs, jobs=2)
    assert one.events > 0 and one.unchanged >= 1
    assert any("inferred" in note or "unknown" in note for note in one.inferred)
    assert summary(two) == summary(one)
    assert stored_two == stored_one
    # a second run in either mode changes nothing
    with Store(tmp_path / "two.db") as store:
        again = ingest(store, [str(inputs)], jobs=2)
    assert again.new == again.updated == 0
    assert contents(tmp_path / "two.db") == stored_one


def test_the_writer_screens_until_the_workers_run_and_each_article_once(tmp_path, inputs, monkeypatch):
    from collections import Counter

    from citydip.relevance import RelevanceFilter

    screened: Counter[str] = Counter()
    screen = RelevanceFilter.screen

    def counting(self, text):
        screened[text] += 1
        return screen(self, text)

    monkeypatch.setattr(RelevanceFilter, "screen", counting)  # in this process; the workers are others
    _, stored_one = run(tmp_path, "one.db", inputs, jobs=1)
    in_one = sum(screened.values())
    assert screened and max(screened.values()) == 1
    screened.clear()
    _, stored = run(tmp_path, "two.db", inputs, jobs=2)
    assert stored == stored_one
    # the writer screened until two articles needed Kiwi (a verdict it keeps); then the workers screened
    assert screened and max(screened.values()) == 1
    assert sum(screened.values()) < in_one


def test_workers_that_cannot_start_leave_the_work_to_this_process(tmp_path, inputs, monkeypatch):
    _, stored_one = run(tmp_path, "one.db", inputs, jobs=1)

    class Broken:
        def submit(self, *args, **kwargs):
            raise parallel.BrokenProcessPool("no workers here")

        def shutdown(self, **kwargs):
            pass

    monkeypatch.setattr(parallel, "_start", lambda jobs, aliases: Broken())
    _, stored = run(tmp_path, "broken.db", inputs, jobs=2)
    assert stored == stored_one


def test_cli_jobs(tmp_path, inputs):
    first = runner.invoke(app, ["ingest", str(inputs), "--db", str(tmp_path / "a.db"), "--jobs", "2"])
    second = runner.invoke(app, ["ingest", str(inputs), "--db", str(tmp_path / "b.db"), "--jobs", "1"])
    assert first.exit_code == second.exit_code == 0, first.output
    assert first.stdout == second.stdout
    assert contents(tmp_path / "a.db") == contents(tmp_path / "b.db")
    bad = runner.invoke(app, ["ingest", str(inputs), "--db", str(tmp_path / "c.db"), "--jobs", "0"])
    assert bad.exit_code == 2


def test_default_jobs_is_every_core():
    assert parallel.default_jobs() >= 1


def _written_articles(folder: Path, count: int) -> Path:
    folder.mkdir()
    cities = ["베트남 다낭시", "일본 요코하마시", "중국 칭다오시", "미국 시애틀시", "몽골 울란바토르시"]
    for i in range(count):
        city = cities[i % len(cities)]
        body = f"수원시는 {i % 27 + 1}일 {city}와 우호도시 협약을 체결했다고 밝혔다. 시장은 {city} 대표단을 접견했다.\n"
        (folder / f"a{i:03d}.txt").write_text(f"수원시, {city}와 협약 {i}호\n\n" + body * 8, encoding="utf-8")
    return folder


def _process_group(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                members.append(int(entry.name))
    return members


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process groups from /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killing_ingest_leaves_no_worker_and_a_rerun_completes(tmp_path, sig):
    """Only the parent is signalled: its workers (children of the fork server) are gone within seconds,
    SIGTERM ends ingest as Ctrl-C does (exit 143), and running ingest again stores every article."""
    folder = _written_articles(tmp_path / "articles", 300)
    db = tmp_path / "citydip.db"
    command = [sys.executable, "-m", "citydip", "ingest", str(folder), "--jobs", "2", "--db", str(db)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_process_group(proc.pid)) < 4 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    assert proc.poll() is None, "ingest ended before its workers started"
    os.kill(proc.pid, sig)
    code = proc.wait(timeout=30)
    if sig == signal.SIGTERM:
        assert code == 143, proc.stderr.read().decode()
    deadline = time.monotonic() + 10
    while _process_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _process_group(proc.pid) == []
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 300
