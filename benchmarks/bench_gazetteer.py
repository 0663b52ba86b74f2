"""Gazetteer speed on the dev corpus: load time and memory, and find() time as a share of Kiwi's own time.

Run on demand: python benchmarks/bench_gazetteer.py [CORPUS_DIR]
Targets (issue 16): load < 200 ms and < 60 MB resident; find() under 10% of Kiwi tokenising the same texts;
at least 97% of tests/data/place_spellings.tsv resolved to the place meant.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOAD_PROBE = """
import resource, sys, time, tracemalloc
sys.path.insert(0, {root!r})
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
tracemalloc.start() if {trace} else None
from citydip.gazetteer import Gazetteer
gazetteer = Gazetteer.default()
elapsed = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1] if {trace} else 0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, peak, (after - before) * 1024)
"""


def measure_load(runs: int = 5) -> tuple[float, float, float]:
    """Import + load in a fresh interpreter each time (the cache would hide the cost otherwise)."""
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", LOAD_PROBE.format(root=str(ROOT), trace=False)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        times.append(float(out[0]))
        rss = float(out[2])
    out = subprocess.run(
        [sys.executable, "-c", LOAD_PROBE.format(root=str(ROOT), trace=True)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return min(times), float(out[1]), rss


def article_texts(corpus: Path) -> list[str]:
    texts = []
    for path in sorted((corpus / "articles").iterdir()):
        raw = path.read_bytes()
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(raw.decode("cp949"))
    return texts


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus" / "dev"
    load_s, traced, rss = measure_load()
    print(f"load: {load_s * 1000:.0f} ms (best of 5, fresh process, import included)")
    print(
        f"memory: {traced / 1e6:.1f} MB allocated by Python (tracemalloc peak), {rss / 1e6:.1f} MB RSS growth"
    )

    from citydip import nlp
    from citydip.gazetteer import Gazetteer

    texts = article_texts(corpus)
    gazetteer = Gazetteer.default()
    nlp.tokens("워밍업")
    rounds = 3
    kiwi_s = find_s = 0.0
    mentions = 0
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            tokens = nlp.tokens(text)
            kiwi_s += time.perf_counter() - start
            start = time.perf_counter()
            mentions += len(gazetteer.find(text, tokens=tokens))
            find_s += time.perf_counter() - start
    chars = sum(map(len, texts))
    print(f"corpus: {len(texts)} articles, {chars:,} characters, {mentions // rounds} mentions per round")
    print(f"kiwi tokens: {kiwi_s / rounds * 1000:.1f} ms per round")
    print(f"gazetteer find: {find_s / rounds * 1000:.1f} ms per round")
    print(f"find / kiwi: {find_s / kiwi_s:.1%}")

    from collections import Counter

    from citydip.evaluate import score_spellings

    results = score_spellings(ROOT / "tests" / "data" / "place_spellings.tsv", gazetteer)
    right = sum(r.right for r in results)
    print(f"place spellings resolved right: {right}/{len(results)} = {right / len(results):.1%}")
    totals, good = Counter(r.phenomenon for r in results), Counter(r.phenomenon for r in results if r.right)
    print("  " + ", ".join(f"{k} {good[k]}/{n}" for k, n in sorted(totals.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
