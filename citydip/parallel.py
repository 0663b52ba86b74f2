"""Parallel extraction: worker processes run the pure extractor ahead of ingest, which stays the one writer."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from citydip.models import Article, Place

if TYPE_CHECKING:  # pragma: no cover
    from citydip.dates.published import PublishedGuess
    from citydip.extract import Extraction
    from citydip.relevance import ScreenedExtractor, Screening
    from citydip.store import Store

# Articles read ahead and handed to the workers, per worker: enough to keep each busy while the writer
# stores, few enough that an interrupted run has done little work nobody asked for.
AHEAD_PER_JOB = 4
# Once the workers run, every article not stored yet goes to them in tasks of this many, unscreened: the
# workers run the prefilter too, so the writer only reads and stores. (Screening in the writer, and a task
# per article, made the writer the bottleneck of a mostly irrelevant feed.) Tasks kept ahead, per worker:
CHUNK = 16
CHUNKS_AHEAD_PER_JOB = 3
# Items held while looking ahead (articles the prefilter rules out, failures, notices pass straight through).
MAX_BUFFERED = 1024


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def screened_extractor(aliases: Sequence[tuple[str, Place]] = ()) -> ScreenedExtractor:
    """The extractor ingest runs: the shipped gazetteer with the user's aliases, behind the prefilter."""
    from citydip.extract import Extractor
    from citydip.gazetteer import Gazetteer
    from citydip.relevance import ScreenedExtractor

    return ScreenedExtractor(Extractor(Gazetteer.default().with_aliases(aliases) if aliases else None))


@dataclass
class _Ahead:
    article: Article  # as read, before ingest sets its publication date
    future: Future | None = None  # the task holding it, whose result lists its articles' results
    index: int = 0  # its place in that task
    queued: bool = False  # in the task being filled, not sent yet


class ExtractionPool:
    """Extracts the articles ingest is about to reach in ``jobs`` worker processes.

    ingest keeps its loop and its order: ``prefetch`` passes the input items through unchanged while
    sending the articles a few steps ahead to the workers, and ``extract`` answers with a worker's result
    when one was computed for exactly that article (same text, metadata and publication date), else
    extracts in this process. Results are therefore those of ``--jobs 1``, whatever the workers did.
    Workers start only once two articles need Kiwi, and each builds Kiwi once; until then this process
    screens, afterwards the workers screen and extract whole chunks of articles.
    """

    def __init__(
        self,
        jobs: int,
        *,
        aliases: Sequence[tuple[str, Place]] = (),
        published: str | None = None,
        store: Store | None = None,
        version: str | None = None,
    ):
        self.jobs = max(1, jobs)
        self.aliases = list(aliases)
        self.published = published
        self.store = store
        self.version = version
        self.local: ScreenedExtractor | None = None  # for what the workers did not do
        self.ahead: dict[str, _Ahead] = {}  # article id -> its entry, while ingest has not reached it
        # article id -> (its text, the prefilter's verdict) for those it ruled out: not screened twice
        self.ruled_out: dict[str, tuple[str, Screening]] = {}
        self.waiting: list[_Ahead] = []  # wanted before the workers start
        self.chunk: list[_Ahead] = []  # the next task, being filled
        self.executor: ProcessPoolExecutor | None = None
        self.broken = False
        self.from_workers = 0
        self.in_process = 0

    # -- the input side --------------------------------------------------------------------------

    def prefetch(self, items: Iterable[object]) -> Iterator[object]:
        """Yield ``items`` unchanged, extracting upcoming articles in the workers meanwhile."""
        source = iter(items)
        buffer: deque[object] = deque()
        exhausted = False
        try:
            while True:
                while not exhausted and len(self.ahead) < self._ahead_limit() and len(buffer) < MAX_BUFFERED:
                    try:
                        item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    buffer.append(item)
                    if isinstance(item, Article):
                        self._consider(item)
                if not buffer:
                    return
                item = buffer.popleft()
                if exhausted or (isinstance(item, Article) and self._queued(item)):
                    self._flush()  # ingest wants it now: send its task as it is
                yield item
                if isinstance(item, Article):
                    self._forget(item)  # ingest is past it: it asked for it, or did not need it
        finally:
            self.close()

    def _ahead_limit(self) -> int:
        per_job = AHEAD_PER_JOB if self.executor is None else CHUNKS_AHEAD_PER_JOB * CHUNK
        return self.jobs * per_job

    def _consider(self, article: Article) -> None:
        if article.id in self.ahead or not self._wanted(article):
            return
        entry = _Ahead(article)
        self.ahead[article.id] = entry
        if self.broken:
            return
        if self.executor is None:
            # those ingest reached meanwhile were extracted here
            self.waiting = [e for e in self.waiting if self.ahead.get(e.article.id) is e] + [entry]
            if len(self.waiting) < 2:
                return  # one article alone is quicker in this process than after starting workers
            self.executor = _start(self.jobs, self.aliases)
            for waiting in self.waiting:
                self._queue(waiting)
            self.waiting.clear()
            self._flush()
        else:
            self._queue(entry)

    def _queue(self, entry: _Ahead) -> None:
        entry.queued = True
        self.chunk.append(entry)
        if len(self.chunk) >= CHUNK:
            self._flush()

    def _queued(self, article: Article) -> bool:
        entry = self.ahead.get(article.id)
        return entry is not None and entry.queued

    def _flush(self) -> None:
        """Send the task being filled to the workers."""
        entries, self.chunk = self.chunk, []
        for entry in entries:
            entry.queued = False
        if self.executor is None or not entries:
            return
        try:
            future = self.executor.submit(
                extract_in_worker, [entry.article for entry in entries], self.published
            )
        except (BrokenProcessPool, RuntimeError):
            # the workers could not start or died: everything left is extracted in this process
            self.broken = True
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None
            return
        for index, entry in enumerate(entries):
            entry.future, entry.index = future, index

    def _wanted(self, article: Article) -> bool:
        """Worth a worker's time: the database does not hold it already, and (until the workers run, after
        which they screen) the prefilter keeps it."""
        if self.store is not None and self.version is not None:
            stored = self.store.stored_article(article.id)
            if stored is not None and stored.extractor == self.version:
                return False
        if self.executor is not None:
            return True
        verdict = self._local().filter.screen(article.text)
        if not verdict.relevant:
            self.ruled_out[article.id] = (article.text, verdict)
        return verdict.relevant

    def _forget(self, article: Article) -> None:
        self.ruled_out.pop(article.id, None)
        entry = self.ahead.get(article.id)
        if entry is not None and entry.article is article:
            del self.ahead[article.id]  # its task runs on: the others in it are still wanted

    # -- the extraction side --------------------------------------------------------------------

    def dated(self, article: Article) -> tuple[Article, PublishedGuess | None] | None:
        """``article`` with the publication date its worker gave it (as ``dated_article`` would), and the
        guess behind it; None when no worker has this very article (ingest then dates it itself)."""
        entry = self.ahead.get(article.id)
        if entry is None or entry.article is not article or entry.future is None:
            return None
        try:
            published, inferred, guess, _extraction, _error = entry.future.result()[entry.index]
        except BrokenProcessPool:
            self.broken = True
            return None
        return replace(article, published=published, published_inferred=inferred), guess

    def extract(self, article: Article) -> Extraction:
        """The events of ``article``, from a worker when one extracted this very article."""
        entry = self.ahead.pop(article.id, None)
        if entry is not None and entry.future is not None:
            try:
                published, inferred, _guess, extraction, error = entry.future.result()[entry.index]
            except BrokenProcessPool:  # a worker died (out of memory?): carry on in this process
                self.broken = True
                extraction = error = None
            else:
                same = replace(entry.article, published=published, published_inferred=inferred) == article
                if same and error is not None:
                    self.from_workers += 1
                    raise error
                if same and extraction is not None:
                    self.from_workers += 1
                    return extraction
        self.in_process += 1
        ruled_out = self.ruled_out.pop(article.id, None)
        if ruled_out is not None and ruled_out[0] == article.text:  # the verdict is the text's alone
            return self._local().extract(article, ruled_out[1])
        return self._local().extract(article)

    def _local(self) -> ScreenedExtractor:
        if self.local is None:
            self.local = screened_extractor(self.aliases)
        return self.local

    def close(self) -> None:
        for entry in self.ahead.values():
            if entry.future is not None:
                entry.future.cancel()
        self.ahead.clear()
        self.ruled_out.clear()
        self.waiting.clear()
        self.chunk.clear()
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None


def _start(jobs: int, aliases: Sequence[tuple[str, Place]]) -> ProcessPoolExecutor:
    # Never fork this process: its SQLite connection and threads must not be copied. A fork server is a
    # clean process that loads Kiwi and the gazetteer once (citydip._kiwi_preload) and forks every worker
    # from there, ready at once and sharing that memory; where there is none (macOS, Windows), spawn.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["citydip._kiwi_preload"])
    else:  # pragma: no cover
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_init_worker,
        initargs=(list(aliases), os.getpid()),
    )


# -- in the worker ---------------------------------------------------------------------------------

_worker_extractor: ScreenedExtractor | None = None


def _init_worker(aliases: list[tuple[str, Place]], ingest_pid: int) -> None:
    from citydip import nlp

    global _worker_extractor
    # a worker's parent is the fork server, not ingest: it watches ingest itself, so that a killed ingest
    # (SIGKILL included) leaves no worker behind holding its output open
    threading.Thread(target=_end_with, args=(ingest_pid,), name="watch-ingest", daemon=True).start()
    _worker_extractor = screened_extractor(aliases)
    nlp.kiwi().tokenize("준비")  # ready before the first article (a no-op when the fork server built it)


WATCH_SECONDS = 0.5


def _end_with(pid: int) -> None:
    """End this worker at once when process ``pid`` is gone."""
    while True:
        time.sleep(WATCH_SECONDS)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:  # pragma: no cover - alive, another user's (cannot be ours)
            pass


def extract_in_worker(articles: list[Article], published: str | None) -> list[tuple]:
    """For each article, set the publication date as ingest does, then screen and extract: (published,
    inferred, the date's guess, extraction, error)."""
    return [_extract_one(article, published) for article in articles]


def _extract_one(
    article: Article, published: str | None
) -> tuple[str | None, bool, PublishedGuess | None, Extraction | None, BaseException | None]:
    from citydip.pipeline import dated_article

    if _worker_extractor is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("extraction worker used before it was initialised")
    article, guess = dated_article(article, published)
    try:
        extraction = _worker_extractor.extract(article)
    except Exception as err:  # reported by ingest as that article's failure, as in one process
        try:
            pickle.dumps(err)
        except Exception:
            err = RuntimeError(f"{type(err).__name__}: {err}")
        return article.published, article.published_inferred, guess, None, err
    return article.published, article.published_inferred, guess, extraction, None
