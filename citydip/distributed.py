"""Past one machine: extract sharded archives on a Dask cluster into JSON Lines that `citydip load` stores.

Extraction is a pure function from an article to its events, so an archive of tens of millions of
articles splits into shards (files: daily exports, JSONL parts) that any number of machines extract
independently. Each shard gives one ``<shard>.events.jsonl``: one line per article with the article
itself, its actor and its events, and the extractor version that produced them. Storing stays on one
machine, with the same rules as ``citydip ingest`` (identity by text, versions by URL, one transaction
per article): ``citydip load`` reads those files back. Needs the ``distributed`` extra (Dask).

    python -m citydip.distributed --scheduler tcp://host:8786 --out extracted/ archive/2024-*.jsonl
    citydip load extracted/
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from citydip.errors import CitydipError, InputError, UsageError
from citydip.models import Article, Event, Person, Place

SUFFIX = ".events.jsonl"
FORMAT = "citydip-events/1"


# -- one record per article: JSON and back ------------------------------------------------------------


def record(article: Article, extraction, version: str) -> dict:
    """The JSON object of one extracted article (``extraction``: citydip.extract.Extraction)."""
    return {
        "format": FORMAT,
        "extractor": version,
        "article": asdict(article),
        "actor": asdict(extraction.actor) if extraction.actor else None,
        "actor_reason": extraction.actor_reason,
        "events": [asdict(event) for event in extraction.events],
    }


def _place(data: dict) -> Place:
    return Place(**data)


def _event(data: dict) -> Event:
    return Event(
        **{
            **data,
            "partners": tuple(_place(p) for p in data["partners"]),
            "actor": _place(data["actor"]) if data.get("actor") else None,
            "people": tuple(Person(**p) for p in data.get("people", ())),
        }
    )


@dataclass(frozen=True, slots=True)
class Extracted:
    """One article read back from an events file, with what the cluster extracted from it."""

    article: Article
    extraction: object  # citydip.extract.Extraction
    version: str


def read_extracted(paths: Sequence[str | os.PathLike]) -> Iterator[Extracted | InputError]:
    """Records of the events files in ``paths`` (files, or folders holding ``*.events.jsonl``), in order."""
    from citydip.extract import Extraction

    for path in _expand(paths, SUFFIX):
        source = str(path)
        try:
            lines = path.open(encoding="utf-8")
        except OSError as err:
            yield InputError(source, f"cannot read events file ({err.strerror})")
            continue
        with lines:
            for lineno, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                    if not isinstance(data, dict) or data.get("format") != FORMAT:
                        raise ValueError(f"not a {FORMAT} record")
                    article = Article(**data["article"])
                    extraction = Extraction(
                        _place(data["actor"]) if data["actor"] else None,
                        tuple(_event(e) for e in data["events"]),
                        data.get("actor_reason", ""),
                    )
                    extractor = data["extractor"]
                except (ValueError, KeyError, TypeError, AttributeError) as err:
                    # any record not of the format is one failure naming its line, never a traceback
                    yield InputError(f"{source}#line {lineno}", f"not an extracted article ({err})")
                    continue
                yield Extracted(article, extraction, extractor)


class Precomputed:
    """An extractor that answers with the events read from events files, for exactly those articles."""

    def __init__(self) -> None:
        self.by_id: dict[str, Extracted] = {}

    def extract(self, article: Article):
        found = self.by_id.get(article.id)
        if found is None or found.article != article:
            raise ValueError("the events file holds no extraction of this article as stored")
        return found.extraction


def load_extracted(store, paths: Sequence[str | os.PathLike], *, progress=None):
    """Store the articles and events of events files through ingest's own loop (``citydip load``).

    A record extracted by another citydip version, other data files or other user aliases than this
    database's is refused (it fails, naming the file and line), so stored events always match their label.
    """
    from citydip.pipeline import extractor_version, ingest

    version = extractor_version(store.aliases())
    precomputed = Precomputed()

    def items() -> Iterator[object]:
        for item in read_extracted(paths):
            if isinstance(item, InputError):
                yield item
                continue
            if item.version != version:
                yield InputError(
                    item.article.path or item.article.id,
                    f"extracted by citydip {item.version}, this database needs {version}: extract it again",
                )
                continue
            precomputed.by_id[item.article.id] = item
            yield item.article

    return ingest(store, [], items=items(), extractor=precomputed, progress=progress)


# -- the cluster side ----------------------------------------------------------------------------------


def extract_shard(
    shard: str, out_dir: str, *, published: str | None = None, aliases: Sequence[tuple[str, Place]] = ()
) -> dict:
    """Extract every article of one input (file or folder) into ``out_dir``; runs on a Dask worker.

    The worker process keeps its Kiwi and gazetteer between shards. The output is written to a temporary
    name and renamed when complete, so a shard is either done or absent and a rerun redoes only the
    missing ones.
    """
    from citydip.pipeline import dated_article, extractor_version
    from citydip.sources import read_inputs

    extractor = _worker_extractor(tuple(aliases))
    version = extractor_version(aliases)
    target = Path(out_dir) / (_shard_name(shard) + SUFFIX)
    partial = target.with_name(target.name + ".part")
    counts = {"shard": shard, "output": str(target), "articles": 0, "events": 0, "failed": 0, "screened": 0}
    with partial.open("w", encoding="utf-8") as out:
        for item in read_inputs([shard]):
            if not isinstance(item, Article):
                counts["failed"] += isinstance(item, InputError)
                continue
            article, _ = dated_article(item, published)
            try:
                extraction = extractor.extract(article)
            except Exception:  # as in ingest: an extractor bug costs one article
                counts["failed"] += 1
                continue
            out.write(json.dumps(record(article, extraction, version), ensure_ascii=False) + "\n")
            counts["articles"] += 1
            counts["events"] += len(extraction.events)
            counts["screened"] += not extraction.events and extraction.actor_reason.startswith("not read")
    partial.replace(target)
    return counts


_extractors: dict[tuple, object] = {}


def _worker_extractor(aliases: tuple):
    from citydip.parallel import screened_extractor

    if aliases not in _extractors:
        _extractors[aliases] = screened_extractor(list(aliases))
    return _extractors[aliases]


def _shard_name(shard: str) -> str:
    path = Path(shard)
    parent = path.parent.name
    return f"{parent}-{path.stem}" if parent else path.stem


def run(
    shards: Sequence[str],
    out_dir: str | os.PathLike,
    *,
    client=None,
    published: str | None = None,
    aliases: Sequence[tuple[str, Place]] = (),
    skip_done: bool = True,
) -> list[dict]:
    """Extract ``shards`` on the Dask cluster of ``client`` (default: a local one, a process per core).

    Returns one summary per shard extracted (articles, events, failed, screened, output).
    """
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:  # the extra is not installed
        raise UsageError("citydip.distributed needs Dask: pip install 'citydip[distributed]'") from None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    todo = [
        str(s)
        for s in _expand(shards, None)
        if not (skip_done and (out / (_shard_name(str(s)) + SUFFIX)).exists())
    ]
    if not todo:
        return []
    own = client is None
    if own:
        cluster = LocalCluster(processes=True, threads_per_worker=1)
        client = Client(cluster)
    try:
        futures = client.map(
            extract_shard, todo, out_dir=str(out), published=published, aliases=list(aliases), pure=False
        )
        return sorted((f.result() for f in as_completed(futures)), key=lambda c: c["shard"])
    finally:
        if own:
            client.close()
            cluster.close()


def _expand(paths: Iterable[str | os.PathLike], suffix: str | None) -> list[Path]:
    """Files in order; a folder stands for its files (those ending in ``suffix``), sorted, hidden ones left out."""
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            out += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and (suffix is None or p.name.endswith(suffix))
            )
        else:
            out.append(path)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m citydip.distributed", description=__doc__.splitlines()[0]
    )
    parser.add_argument("shards", nargs="+", help="input files or folders; each file is one shard")
    parser.add_argument("--out", required=True, help="folder for the <shard>.events.jsonl files")
    parser.add_argument("--scheduler", help="address of a Dask scheduler (default: a local cluster)")
    parser.add_argument("--published", help="publication date of every article (YYYY-MM-DD)")
    parser.add_argument("--db", help="take the user's aliases from this citydip database")
    args = parser.parse_args(argv)
    aliases: list[tuple[str, Place]] = []
    if args.db:
        from pathlib import Path

        from citydip.store import Store

        if not Path(args.db).exists():
            # before the first ingest there is no database, and so no alias of the user's to apply
            print(f"note: {args.db}: no database yet, so no aliases of yours apply", file=sys.stderr)
        else:
            try:
                with Store(args.db, create=False) as store:
                    aliases = store.aliases()
            except CitydipError as err:
                print(f"error: {err}", file=sys.stderr)
                return 1
    try:
        client = None
        if args.scheduler:
            try:
                from dask.distributed import Client
            except ImportError:
                raise UsageError(
                    "citydip.distributed needs Dask: pip install 'citydip[distributed]'"
                ) from None
            client = Client(args.scheduler)
        shards = [str(p) for p in _expand(args.shards, None)]
        for summary in run(shards, args.out, client=client, published=args.published, aliases=aliases):
            print(
                f"{summary['shard']}: {summary['articles']} articles, {summary['events']} events, "
                f"{summary['screened']} ruled out before Kiwi, {summary['failed']} failed -> {summary['output']}"
            )
    except CitydipError as err:  # one line, never a traceback
        print(f"error: {err}", file=sys.stderr)
        return 2 if isinstance(err, UsageError) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
