"""`citydip report` at scale: a 10,000-event database, the page's size and the time to write it.

Run on demand: python benchmarks/bench_report.py [--events N] [--db PATH] [--keep]

Targets of issue 18, each printed PASS or FAIL:
  - the report of 10,000 events is under 5 MB;
  - writing it takes under 2 s (`citydip report`, a fresh process, start-up included).
The time is also printed as a ratio to a baseline measured in the same run on the same database:
`citydip timeline --format json` (the same events, read the same way, printed as JSON).

The database is written straight into citydip's schema (no extractor), with real places from the gazetteer
(so the map places them as it would real partners, provinces and districts among them) and evidence
sentences, titles and URLs as long as real ones. A third of each sentence is random syllables, so the
packed page is no smaller than real news would make it.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CITYDIP = [PYTHON, "-m", "citydip"]
SIZE_LIMIT = 5 * 1024 * 1024
TIME_LIMIT = 2.0
TYPES = ["agreement"] * 3 + ["meeting"] * 3 + ["visit"] * 3 + ["exchange", "forum", "policy", "aid", "award"]
LEVELS = ["sister", "friendship", "amity", "mou"]
OUTLETS = [
    "연합뉴스",
    "뉴시스",
    "뉴스1",
    "서울신문",
    "문화일보",
    "부산일보",
    "매일신문",
    "경인일보",
    "전북일보",
    "제주일보",
]
FIELDS = [
    "관광",
    "문화",
    "청소년",
    "경제",
    "물류",
    "환경",
    "스마트시티",
    "보건",
    "교육",
    "체육",
    "농업",
    "항만",
]
ACTS = {
    "agreement": "협약을 체결했다고",
    "meeting": "면담을 가졌다고",
    "visit": "방문했다고",
    "exchange": "교류 행사를 열었다고",
    "forum": "국제 포럼에 참가했다고",
    "policy": "정책 사례를 공유했다고",
    "aid": "지원 물품을 전달했다고",
    "award": "상을 받았다고",
}


def _syllables(r: random.Random, n: int) -> str:
    return "".join(chr(0xAC00 + r.randrange(11172)) for _ in range(n))


def _evidence(r: random.Random, actor: str, partner: str, kind: str, year: int) -> str:
    words = " ".join(_syllables(r, r.randint(2, 4)) for _ in range(r.randint(6, 9)))
    return (
        f"{actor}는 지난 {year}년 {r.randint(1, 12)}월 {partner}와 {r.choice(FIELDS)}·{r.choice(FIELDS)} 분야의 "
        f"교류를 넓히기 위한 {ACTS[kind]} {r.randint(1, 28)}일 밝혔다. {words} 두 도시는 앞으로도 협력하기로 했다."
    )


def _places(r: random.Random, actors: int, partners: int) -> tuple[list[tuple], list[tuple]]:
    """Korean actors and foreign partners from data/places.tsv, as citydip stores places."""
    korean, foreign = [], []
    with (ROOT / "data" / "places.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(("#", "key\t")):
                continue
            key, kind, country, _admin1, name, name_ko, parent, gid, lat, lon = line.rstrip("\n").split("\t")[
                :10
            ]
            row = (key, int(gid) if gid else None, name, name_ko, country, kind, float(lat) if lat else None,
                   float(lon) if lon else None, parent or None)  # fmt: skip
            if country == "KR" and kind in ("city", "region") and name_ko:
                korean.append(row)
            elif country not in ("KR", "KP") and name_ko:
                foreign.append(row)
    return r.sample(korean, actors), r.sample(foreign, partners)


def database(path: Path, events: int, *, seed: int = 18) -> None:
    """``events`` real events (one in five reported by a second article too) over 3,000 partner pairs."""
    sys.path.insert(0, str(ROOT))
    from citydip.store import Store, group_key

    Store(path).close()  # the schema, through citydip's own migrations
    r = random.Random(seed)
    actors, partners = _places(r, 80, 1500)
    pairs = [(r.choice(actors), r.choice(partners)) for _ in range(3000)]
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO places (id, geonameid, name, name_ko, country, kind, lat, lon, parent) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        actors + partners,
    )
    articles, rows, links = [], [], []
    used: set[tuple] = set()
    for n in range(events):
        while True:  # one event per pair, type, level and year, so that no two are one real event
            (actor, partner) = r.choice(pairs)
            kind = r.choice(TYPES)
            level = r.choice(LEVELS) if kind == "agreement" else None
            year = r.randint(1990, 2025)
            if (actor[0], partner[0], kind, level, year) not in used:
                used.add((actor[0], partner[0], kind, level, year))
                break
        precision = r.choice(["day", "day", "month", "year"])
        date = {"day": f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", "month": f"{year}-{r.randint(1, 12):02d}", "year": str(year)}[precision]  # fmt: skip
        evidence = _evidence(r, actor[3], partner[3], kind, year)
        reports = 2 if r.random() < 0.2 else 1
        for copy in range(reports):
            article = f"a{len(articles):015d}"
            published = f"{year}-12-{r.randint(1, 28):02d}" if precision != "day" else date
            articles.append(
                (
                    article,
                    f"{actor[3]}, {partner[3]}와 {r.choice(FIELDS)} 교류 확대 {_syllables(r, 6)}",
                    r.choice(OUTLETS),
                    f"https://news.example.org/{year}/{r.randrange(10**9):09d}.html",
                    published,
                    evidence,
                    actor[0],
                )
            )
            eid = f"{n:012x}{copy:04x}"
            rows.append((eid, article, 0, actor[0], kind, level, "done", date, precision, evidence,
                         f"{n:012x}0000", group_key(actor[0], kind, level, [partner[0]])))  # fmt: skip
            links.append((eid, partner[0], 0))
    conn.executemany(
        "INSERT INTO articles (id, title, source, url, published, text, actor, ingested_at, extractor) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, '2025-01-01T00:00:00', 'synthetic')",
        articles,
    )
    conn.executemany(
        "INSERT INTO events (id, article, seq, actor, type, level, upgrade, status, direction, date, date_end, "
        "precision, evidence, confidence, reason, canonical, group_key) VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL, ?, "
        "NULL, ?, ?, 0.9, 'synthetic', ?, ?)",
        rows,
    )
    conn.executemany("INSERT INTO event_partners (event, place, position) VALUES (?, ?, ?)", links)
    conn.execute("COMMIT")
    conn.close()
    with Store(path) as store:  # group the reports as ingest would, and fold the partner summary
        store.regroup(everything=True)


def timed(cmd: list[str], runs: int) -> float:
    """Best wall time of ``runs`` runs of ``cmd`` (output discarded)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--db", type=Path, help="database to use (made when missing)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command; the best counts")
    parser.add_argument("--keep", action="store_true", help="keep the report in the working folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "report.db"
        if not db.exists():
            start = time.perf_counter()
            database(db, args.events)
            print(f"database: {args.events:,} events written in {time.perf_counter() - start:.1f} s")
        with sqlite3.connect(db) as conn:
            (real,) = conn.execute("SELECT count(*) FROM events WHERE canonical = id").fetchone()
        page = Path.cwd() / "bench-report.html" if args.keep else Path(tmp) / "report.html"
        baseline = timed([*CITYDIP, "timeline", "--format", "json", "--db", str(db)], args.runs)
        report = timed([*CITYDIP, "report", "-o", str(page), "--db", str(db)], args.runs)
        size = page.stat().st_size
        print(f"real events: {real:,}")
        print(f"baseline, timeline --format json: {baseline:.2f} s")
        print(f"report: {report:.2f} s ({report / baseline:.2f}x the baseline), {size / 1024 / 1024:.2f} MB")
        verdicts = [
            (f"report of {real:,} events under 5 MB", size < SIZE_LIMIT, f"{size / 1024 / 1024:.2f} MB"),
            (f"report of {real:,} events written in under 2 s", report < TIME_LIMIT, f"{report:.2f} s"),
        ]
        for name, ok, detail in verdicts:
            print(f"  {'PASS' if ok else 'FAIL'}  {name}: {detail}")
        if args.keep:
            print(f"kept: {page}")
        return 0 if all(ok for _name, ok, _detail in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
