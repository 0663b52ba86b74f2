"""Time citydip.dates on the dev corpus: find_dates, DateResolver and infer_published per article.

Run: python benchmarks/bench_dates.py [corpus_dir]. Sentences come from a plain splitter so that only
the date stage is timed (Kiwi is not loaded).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from citydip.dates import DateResolver, find_dates, infer_published

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev" / "articles"


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"(?<=다\.)[ \t]+|\n+", text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp949")


def main(corpus: Path) -> None:
    texts = [_read(p) for p in sorted(corpus.iterdir()) if p.is_file()]
    find_dates("지난달 16~23일", "2023-10-03")  # load lexicons and compile patterns outside the timing
    rounds = 5
    timings = {"find_dates (all sentences)": 0.0, "DateResolver + 20 date_for": 0.0, "infer_published": 0.0}
    for _ in range(rounds):
        for text in texts:
            spans = _sentences(text)
            t0 = time.perf_counter()
            for s, e in spans:
                find_dates(text[s:e], "2023-10-03")
            t1 = time.perf_counter()
            resolver = DateResolver(text, spans, "2023-10-03")
            for i, (s, e) in enumerate(spans[:20]):
                resolver.date_for(i, (s + e) // 2, (s + e) // 2 + 2)
            t2 = time.perf_counter()
            infer_published(text)
            t3 = time.perf_counter()
            timings["find_dates (all sentences)"] += t1 - t0
            timings["DateResolver + 20 date_for"] += t2 - t1
            timings["infer_published"] += t3 - t2
    n = rounds * len(texts)
    print(
        f"{len(texts)} articles, {sum(map(len, texts)) // len(texts)} characters on average, {rounds} rounds"
    )
    for name, total in timings.items():
        print(f"  {name:30s} {1000 * total / n:7.2f} ms per article")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS)
