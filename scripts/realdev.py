"""Keep and score the real-article development set: facts about public pages, never their text.

The set lives in ``tests/realdev/`` as two gold files in the spec's format (``tune.jsonl`` and
``blind.jsonl``), one line a page with its ``url`` and the ``query`` that found it in the page search.
The texts are fetched by re-running those queries into a scratch folder outside the repository, one file
a page named ``<key>.txt`` (``key`` below); ``eval`` then scores citydip on that folder.

    python scripts/realdev.py key URL...          # the page key, and whether the URL is reserved
    python scripts/realdev.py check               # validate both gold files
    python scripts/realdev.py stats               # actors, countries, decades, distractors
    python scripts/realdev.py eval PAGES [--split tune|blind|all] [--totals-only] [--format json]
    python scripts/realdev.py requery SEEN.tsv    # fewest queries that re-fetch the set (see below)
    python scripts/realdev.py batches PAGES OUT [--parts N]   # the queries still to run, split for helpers
    python scripts/realdev.py save PAGES URL QUERY FILE      # keep one fetched excerpt, if it is the set's
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDEV = ROOT / "tests" / "realdev"
SPLITS = {"tune": REALDEV / "tune.jsonl", "blind": REALDEV / "blind.jsonl"}
RESERVED = ROOT.parent / "shared" / "corpus" / "reserved-urls.sha256"
TYPES = {"agreement", "meeting", "visit", "forum", "award", "policy", "aid", "exchange"}
LEVELS = {"sister", "friendship", "amity", "mou"}


def normalise_url(url: str) -> str:
    """The URL as the reserved list hashes it: no scheme, no leading 'www.', no trailing '/'."""
    url = url.strip()
    for scheme in ("https://", "http://"):
        if url.lower().startswith(scheme):
            url = url[len(scheme) :]
            break
    if url.lower().startswith("www."):
        url = url[4:]
    return url.rstrip("/")


def url_hash(url: str) -> str:
    return hashlib.sha256(normalise_url(url).encode("utf-8")).hexdigest()


def page_key(url: str) -> str:
    """A page's file name stem in the scratch folder."""
    return url_hash(url)[:16]


# A publisher's notice that forbids AI training ('무단 전재-재배포, AI 학습 및 활용 금지', 'AI학습 이용 금지'):
# such a page is scored like any other, but no model is trained on it.
AI_TRAINING_BAN_RE = re.compile(r"(?:AI|인공지능)\s?학습[^\n.]{0,12}?금지")


def training_allowed(text: str) -> bool:
    """Whether a page's text lets a model learn from it (no notice that forbids AI training)."""
    return AI_TRAINING_BAN_RE.search(text) is None


def reserved_hashes() -> set[str] | None:
    if not RESERVED.is_file():
        return None
    return {
        line.strip().lower()
        for line in RESERVED.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


def all_records() -> list[dict]:
    """Every page of the set, the tuning split's first."""
    return [r for path in SPLITS.values() for r in read_split(path)]


def read_split(path: Path) -> list[dict]:
    records = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise SystemExit(f"{path}:{lineno}: not valid JSON ({err.msg})") from None
    return records


def _problems(record: dict) -> list[str]:
    problems = []
    for key in ("url", "query", "doc", "actor", "events"):
        if key not in record:
            problems.append(f"no {key!r}")
    if record.get("doc") and record.get("url") and record["doc"] != page_key(record["url"]) + ".txt":
        problems.append("'doc' is not the url's key")
    for event in record.get("events", []):
        if event.get("type") not in TYPES:
            problems.append(f"unknown type {event.get('type')!r}")
        levels = event.get("level")
        for level in levels if isinstance(levels, list) else [levels]:
            if event.get("type") == "agreement" and level not in LEVELS:
                problems.append(f"agreement level {level!r}")
        if not event.get("partners"):
            problems.append(f"{event.get('type')} event without partners")
        for place in event.get("partners", []):
            if not place.get("country") or not (place.get("name_ko") or place.get("name")):
                problems.append(f"partner without name or country: {place}")
    return problems


def check() -> int:
    reserved = reserved_hashes()
    seen: dict[str, str] = {}
    bad = 0
    for split, path in SPLITS.items():
        for record in read_split(path):
            problems = _problems(record)
            url = record.get("url", "")
            if reserved is not None and url_hash(url) in reserved:
                problems.append("URL is reserved for independent evaluation")
            if url in seen:
                problems.append(f"URL also in {seen[url]}")
            seen[url] = split
            for problem in problems:
                print(f"{split}: {url}: {problem}")
                bad += 1
    if reserved is None:
        print("note: ../shared/corpus/reserved-urls.sha256 not found; reserved URLs not checked")
    print(f"{len(seen)} pages, {bad} problems")
    return 1 if bad else 0


def stats() -> int:
    every = {split: read_split(path) for split, path in SPLITS.items()}
    every["all"] = [r for records in every.values() for r in records]
    for split, records in every.items():
        actors = Counter(
            (r["actor"] or {}).get("name_ko") or (r["actor"] or {}).get("name")
            for r in records
            if r.get("actor")
        )
        countries = Counter(
            p["country"] for r in records for e in r["events"] for p in e["partners"] if p["country"] != "KR"
        )
        decades = Counter(f"{r['published'][:3]}0s" for r in records if r.get("published"))
        distractors = sum(1 for r in records if not r["events"])
        print(
            f"{split}: {len(records)} pages, {len(actors)} actors, {len(countries)} partner countries, "
            f"{distractors} distractors; decades {dict(sorted(decades.items()))}"
        )
    return 0


def evaluate_split(pages: Path, gold_files: list[Path], totals_only: bool, fmt: str, label: str) -> int:
    import tempfile

    from citydip.evaluate import evaluate

    records = [r for path in gold_files for r in read_split(path)]
    missing = [r["url"] for r in records if not (pages / r["doc"]).is_file()]
    present = [r for r in records if (pages / r["doc"]).is_file()]
    if missing:
        print(f"{len(missing)} of {len(records)} pages not in {pages}; scoring the others", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.jsonl"
        gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in present), encoding="utf-8")
        result = evaluate([gold], pages)
    summary = result.as_json() if not totals_only and fmt == "json" else result.summary()
    if fmt == "json":
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{label}: {len(result.articles)} pages  "
        f"partner F1 {result.partner.f1:.3f}  event F1 {result.event.f1:.3f}  "
        f"agreement F1 {result.agreement.f1:.3f}  date {result.date_accuracy:.3f} "
        f"({result.dates_ok}/{result.dates_total})  actor {result.actor_accuracy:.3f}  "
        f"distractors clean {result.distractors_clean}/{result.distractors}"
    )
    if not totals_only:
        for art in result.articles:
            actor_wrong = art.has_actor and not art.actor_ok
            if art.misses or art.extras or art.date_misses or actor_wrong:
                url = next(r["url"] for r in present if r["doc"] == art.doc)
                print(f"{art.doc} {url}" + (f"  actor {art.actor}" if actor_wrong else ""))
                for line in art.misses:
                    print(f"  miss  {line}")
                for line in art.extras:
                    print(f"  extra {line}")
                for line in art.date_misses:
                    print(f"  date  {line}")
    return 0


def fewest_queries(records: list[dict], seen: dict[str, set[str]]) -> dict[str, str]:
    """Each page's query, chosen so that as few distinct queries as possible re-fetch the whole set.

    ``seen`` maps a page key to the queries that returned it when the set was last fetched. A page keeps
    a query that returned it: its own when that one is chosen anyway, otherwise the one that returned
    the most pages still to cover (greedy set cover; ties go to the query more pages already carry).
    Pages never seen keep their query.
    """
    keys = {r["doc"].removesuffix(".txt"): r for r in records}
    covers: dict[str, set[str]] = {}
    for key, queries in seen.items():
        if key in keys:
            for query in queries:
                covers.setdefault(query, set()).add(key)
    carried = Counter(r["query"] for r in records)
    left = {k for k in keys if seen.get(k)}
    chosen: list[str] = []
    while left:
        best = max(covers, key=lambda q: (len(covers[q] & left), carried[q], q))
        chosen.append(best)
        left -= covers[best]
    order = {q: i for i, q in enumerate(chosen)}
    result = {}
    for key, record in keys.items():
        options = [q for q in seen.get(key, ()) if q in order]
        if not options or record["query"] in options:
            result[key] = record["query"]
        else:
            result[key] = min(options, key=order.__getitem__)
    return result


def requery(seen_path: Path) -> int:
    """Rewrite each page's query from a fetch log (``query<TAB>key`` lines) to the fewest queries."""
    seen: dict[str, set[str]] = {}
    for lineno, line in enumerate(seen_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        query, sep, key = line.rpartition("\t")
        if not sep or not query.strip():
            raise SystemExit(f"{seen_path}:{lineno}: expected 'query<TAB>page key'")
        seen.setdefault(key.strip().removesuffix(".txt"), set()).add(query)
    splits = {name: read_split(path) for name, path in SPLITS.items()}
    records = [r for rs in splits.values() for r in rs]
    before = len({r["query"] for r in records})
    chosen = fewest_queries(records, seen)
    for name, rs in splits.items():
        for record in rs:
            record["query"] = chosen[record["doc"].removesuffix(".txt")]
        SPLITS[name].write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rs), encoding="utf-8"
        )
    after = len({r["query"] for r in records})
    print(f"{len(records)} pages: {before} distinct queries before, {after} now")
    return 0


FETCH_LOG = "fetch-log.tsv"  # in the scratch folder: 'query<TAB>page key' for each page a query returned


def batches(pages: Path, out: Path, parts: int) -> int:
    """Write the queries whose pages are not all in ``pages`` yet, each with its pages' URLs, into ``parts``
    files (``batch1.txt`` …), the queries that return the most missing pages first, dealt out in turn."""
    records = all_records()
    missing: dict[str, list[str]] = {}
    for record in records:
        if not (pages / record["doc"]).is_file():
            missing.setdefault(record["query"], []).append(record["url"])
    queries = sorted(missing, key=lambda q: (-len(missing[q]), q))
    out.mkdir(parents=True, exist_ok=True)
    for i in range(parts):
        blocks = [f"QUERY: {q}\n" + "".join(f"URL: {u}\n" for u in missing[q]) for q in queries[i::parts]]
        (out / f"batch{i + 1}.txt").write_text("\n".join(blocks), encoding="utf-8")
    pages_left = sum(len(urls) for urls in missing.values())
    print(f"{pages_left} of {len(records)} pages still to fetch, {len(queries)} queries in {parts} batches")
    return 0


def save(pages: Path, url: str, query: str, source: Path) -> int:
    """Keep a fetched excerpt as ``pages/<key>.txt`` when its URL is one of the set's pages, and log which
    query returned it (``requery`` reads the log)."""
    keys = {r["doc"].removesuffix(".txt") for r in all_records()}
    key = page_key(url)
    if key not in keys:
        print(f"not in the set: {url}")
        return 0
    text = source.read_text(encoding="utf-8")
    if len(text.strip()) < 40:
        print(f"{source}: too short to be a page's text; not saved", file=sys.stderr)
        return 1
    pages.mkdir(parents=True, exist_ok=True)
    (pages / f"{key}.txt").write_text(text, encoding="utf-8")
    with (pages / FETCH_LOG).open("a", encoding="utf-8") as log:
        log.write(f"{query}\t{key}\n")
    print(f"saved {key}.txt")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    key = sub.add_parser("key", help="page key of each URL, and whether it is reserved")
    key.add_argument("urls", nargs="+")
    sub.add_parser("check", help="validate the gold files")
    sub.add_parser("stats", help="what the set covers")
    ev = sub.add_parser("eval", help="score citydip on a folder of fetched pages")
    ev.add_argument("pages", type=Path)
    ev.add_argument("--split", choices=["tune", "blind", "all"], default="tune")
    ev.add_argument("--totals-only", action="store_true", help="no per-page errors (the blind split)")
    ev.add_argument("--format", choices=["text", "json"], default="text")
    ev.add_argument("--gold", type=Path, nargs="+", help="score these gold files instead of a split")
    rq = sub.add_parser("requery", help="give pages the fewest queries that re-fetch them all")
    rq.add_argument("seen", type=Path, help="fetch log: one 'query<TAB>page key' line per page returned")
    bt = sub.add_parser("batches", help="the queries still to run, split into batch files for helpers")
    bt.add_argument("pages", type=Path)
    bt.add_argument("out", type=Path)
    bt.add_argument("--parts", type=int, default=8)
    sv = sub.add_parser("save", help="keep one fetched excerpt when its URL is the set's, and log its query")
    sv.add_argument("pages", type=Path)
    sv.add_argument("url")
    sv.add_argument("query")
    sv.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.command == "batches":
        return batches(args.pages, args.out, max(1, args.parts))
    if args.command == "save":
        return save(args.pages, args.url, args.query, args.file)
    if args.command == "requery":
        return requery(args.seen)
    if args.command == "key":
        reserved = reserved_hashes() or set()
        for url in args.urls:
            flag = "RESERVED" if url_hash(url) in reserved else "ok"
            print(f"{page_key(url)}\t{flag}\t{url}")
        return 0
    if args.command == "check":
        return check()
    if args.command == "stats":
        return stats()
    if args.gold:
        return evaluate_split(args.pages, args.gold, args.totals_only, args.format, "gold")
    splits = ["tune", "blind"] if args.split == "all" else [args.split]
    totals_only = args.totals_only or args.split != "tune"
    return evaluate_split(args.pages, [SPLITS[s] for s in splits], totals_only, args.format, args.split)


if __name__ == "__main__":
    sys.exit(main())
