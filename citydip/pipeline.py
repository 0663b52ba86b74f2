"""Ingest: read sources, extract events, store each article whole (all of it or nothing)."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from citydip import __version__
from citydip.datafiles import data_dir
from citydip.errors import InputError, StoreError
from citydip.models import Article, Place
from citydip.store import Store

if TYPE_CHECKING:  # pragma: no cover
    from citydip.dates import PublishedGuess
    from citydip.extract import Extraction
    from citydip.sources import SourceItem


class Extracting(Protocol):
    """What ingest extracts with: citydip.extract.Extractor and the wrappers around it."""

    def extract(self, article: Article) -> Extraction: ...


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    """What ingest did, or in a dry run would do, with one article."""

    source: str  # the input (path, "path#row 3", "-", URL) it was read from
    article: str  # its id
    status: str  # "new", "updated" (re-extracted, or replacing an older version at its URL) or "unchanged"
    events: int | None  # events extracted; None when the stored ones were kept as they are
    replaces: tuple[str, ...] = ()  # older versions at the same URL that it replaces


@dataclass
class IngestReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    events: int = 0
    dry_run: bool = False
    errors: list[InputError] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)
    outcomes: list[ArticleOutcome] = field(default_factory=list)
    # The database failed (locked for too long, disk full, damaged): the batch stopped here; what was
    # stored before stays stored, and running the same ingest again completes it.
    stopped: str | None = None
    # Stored articles another extractor version read (older citydip, other data files or aliases): ingest
    # leaves them as they are, and says once that `citydip reprocess` would update them.
    outdated: int = 0
    _notices: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @property
    def articles(self) -> int:
        return self.new + self.updated + self.unchanged

    @property
    def failures(self) -> list[str]:
        """One line per failure, naming the input and the reason."""
        return [str(err) for err in self.errors]

    @property
    def notices(self) -> list[str]:
        """Each distinct notice once; one said of several inputs lists them instead of repeating."""
        lines = []
        for message, sources in self._notices.items():
            if len(sources) == 1:
                lines.append(f"{sources[0]}: {message}")
            else:
                shown = ", ".join(sources[:3]) + (f" and {len(sources) - 3} more" if len(sources) > 3 else "")
                lines.append(f"{message} ({shown})")
        return lines

    def notice(self, source: str, message: str) -> None:
        sources = self._notices.setdefault(message, [])
        if source not in sources:
            sources.append(source)

    def fail(self, err: InputError) -> None:
        self.failed += 1
        self.errors.append(err)


# The code that extraction runs, relative to the package: a change to any of it changes the extractor
# version, so that `citydip reprocess` (and ingest, for an article fed again) re-extracts what it stored.
EXTRACTION_CODE = (
    "extract",
    "gazetteer",
    "dates",
    "nlp.py",
    "relevance.py",
    "dateline.py",
    "models.py",
    "datafiles.py",
    "pipeline.py",  # dated_article: the publication date relative dates are anchored on
)


def extraction_digest(package: Path, data: Path) -> str:
    """A digest of citydip's version, Kiwi's, the extraction code under ``package`` (EXTRACTION_CODE) and
    the data files in ``data``: any change to what extraction reads changes it."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(__version__.encode())
    with contextlib.suppress(PackageNotFoundError):  # a dependency, always installed
        digest.update(version("kiwipiepy").encode())  # its model decides the morphemes extraction reads
    code: list[Path] = []
    for name in EXTRACTION_CODE:
        path = package / name
        code += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    for path in code:
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    for path in sorted(data.glob("*.tsv")) + sorted(data.glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def _data_digest() -> str:
    return extraction_digest(Path(__file__).resolve().parent, data_dir())


def extractor_version(aliases: Sequence[tuple[str, Place]] = ()) -> str:
    """citydip's version, the code and data files extraction depends on, and the user's aliases: a change to
    any makes stored articles outdated (`citydip reprocess` re-extracts them)."""
    version = f"{__version__}+{_data_digest()}"
    if aliases:
        version += "+" + hashlib.sha256(repr(sorted((s, p.key) for s, p in aliases)).encode()).hexdigest()[:8]
    return version


def ingest(
    store: Store | None,
    inputs: Sequence[str],
    *,
    published: str | None = None,
    fmt: str | None = None,
    fields: Mapping[str, str] | None = None,
    glob: str | None = None,
    stdin: BinaryIO | None = None,
    progress: Callable[[str], None] | None = None,
    dry_run: bool = False,
    reraise: bool = False,
    jobs: int = 1,
    items: Iterable[SourceItem] | None = None,
    extractor: Extracting | None = None,
) -> IngestReport:
    """Ingest every article found in ``inputs``; a failing input never stops the others.

    An article is identified by its normalised text and, when it has one, by its URL: the same
    text again changes nothing; other text at a stored article's URL is a new version of that article
    and replaces it (and its events), the change recorded. Each article is stored all or nothing (a
    savepoint), committed in batches of at most 200 articles or half a second (Store.batched), so an
    interrupted ingest leaves whole articles only and running it again completes it.

    ``dry_run`` reads and extracts but writes nothing; ``store`` is then the database to compare
    with (opened with ``Store.read_only``), or None when there is none yet. ``reraise`` lets an
    unexpected error in the extractor propagate instead of costing one article (for ``--debug``).

    An article with no diplomacy trigger or no place that could be a partner never reaches Kiwi
    (citydip.relevance): it is stored with zero events. ``jobs`` > 1 extracts in that many worker
    processes (citydip.parallel) while this process stays the one writer; the result is the same.
    ``items`` replaces reading ``inputs`` (articles already read), and ``extractor`` the extractor
    (events extracted elsewhere: citydip.distributed.load_extracted).
    """
    from citydip.parallel import ExtractionPool
    from citydip.sources import read_inputs

    if store is None and not dry_run:
        raise ValueError("ingest needs a store unless it is a dry run")
    report = IngestReport(dry_run=dry_run)
    aliases = store.aliases() if store is not None else []
    version = extractor_version(aliases)
    pool = None
    if jobs > 1 and extractor is None:
        pool = ExtractionPool(jobs, aliases=aliases, published=published, store=store, version=version)
    if items is None:
        items = read_inputs(inputs, fmt=fmt, fields=fields, glob=glob, stdin=stdin)
    # a commit costs more than storing an article with no event: articles are committed in small batches
    with store.batched() if store is not None and not dry_run else nullcontext():
        _ingest_items(
            store,
            pool.prefetch(items) if pool is not None else items,
            report,
            published=published,
            progress=progress,
            dry_run=dry_run,
            reraise=reraise,
            version=version,
            extractor=extractor,
            pool=pool,
            aliases=aliases,
        )
    if store is not None and report.stopped is None:
        report.outdated = store.outdated_count(version)
    return report


def _ingest_items(
    store, items, report, *, published, progress, dry_run, reraise, version, extractor, pool, aliases
) -> None:
    from citydip.parallel import screened_extractor
    from citydip.sources import Notice, Skipped

    # What this run stored (or would store): id → input, and URL → input of the article stored with it.
    seen: dict[str, str] = {}
    urls: dict[str, str] = {}
    for item in items:
        if isinstance(item, InputError):
            report.fail(item)
            continue
        if isinstance(item, Skipped):
            report.skipped += 1
            continue
        if isinstance(item, Notice):
            report.notice(item.source, item.message)
            continue
        article: Article = item
        source = article.path or article.id
        if progress:
            progress(source)
        # a worker that extracted this article dated it too: inferring a date takes about a millisecond
        dated = pool.dated(article) if pool is not None else None
        article, guess = dated or dated_article(article, published)
        if guess is not None and guess.date:
            report.inferred.append(f"{source}: publication date inferred as {guess.date} ({guess.reason})")
        elif guess is not None and guess.year:
            report.inferred.append(
                f"{source}: publication date unknown; relative dates read within {guess.year}, the year the text gives"
            )
        elif guess is not None:
            report.inferred.append(f"{source}: publication date unknown; relative dates left open")
        if article.id in seen:  # the same text twice in one batch: a copy, or another encoding of a file
            report.unchanged += 1
            report.outcomes.append(ArticleOutcome(source, article.id, "unchanged", None))
            continue
        stored = store.stored_article(article.id) if store is not None else None
        if stored and stored.extractor == version and stored.published == article.published:
            # Its URL counts as this run's too: a rerun of an interrupted batch must keep the
            # batch's other texts at that URL as the uninterrupted run did, not let them replace it.
            seen[article.id] = source
            if article.url:
                urls.setdefault(article.url, source)
            report.unchanged += 1
            report.outcomes.append(ArticleOutcome(source, article.id, "unchanged", None))
            continue
        replaces: tuple[str, ...] = ()
        if not stored and article.url:
            verdict = _url_verdict(store, article.url, article.id, urls)
            if verdict.notice:
                report.notice(source, verdict.notice)
            if verdict.outdated:
                seen[article.id] = source
                report.unchanged += 1
                report.outcomes.append(ArticleOutcome(source, article.id, "unchanged", None))
                continue
            replaces = verdict.replaces
        if extractor is None:
            extractor = pool or screened_extractor(aliases)
        try:
            extraction = extractor.extract(article)
        except Exception as err:  # an extractor bug must cost one article, not the batch
            if reraise:
                raise
            report.fail(InputError(source, f"extraction failed ({type(err).__name__}: {err})"))
            continue
        if not dry_run:
            try:
                store.save_article_version(
                    article,
                    extraction.events,
                    actor=extraction.actor,
                    extractor=version,
                    replaces=replaces,
                )
            except StoreError as err:
                report.stopped = str(err)
                break
            except sqlite3.Error as err:
                if reraise:
                    raise
                report.stopped = f"{store.path}: cannot store {source} ({err})"
                break
        seen[article.id] = source
        if article.url:
            urls.setdefault(article.url, source)
        report.events += len(extraction.events)
        status = "updated" if stored or replaces else "new"
        if status == "updated":
            report.updated += 1
        else:
            report.new += 1
        report.outcomes.append(ArticleOutcome(source, article.id, status, len(extraction.events), replaces))


def dated_article(article: Article, published: str | None) -> tuple[Article, PublishedGuess | None]:
    """The article with the publication date ingest stores: ``published`` (given for the batch) wins, then
    the article's own; else one inferred from its text, and the guess is returned to be reported."""
    from citydip.dates import infer_published

    if published:
        return replace(article, published=published, published_inferred=False), None
    if article.published:
        return article, None
    guess = infer_published(article.text, article.title)
    if guess.date:
        return replace(article, published=guess.date, published_inferred=True), guess
    return article, guess


@dataclass(frozen=True, slots=True)
class _UrlVerdict:
    replaces: tuple[str, ...] = ()  # stored versions that a new text at the URL replaces
    notice: str | None = None
    outdated: bool = False  # the text is a version the URL's article already moved on from


def _url_verdict(store: Store | None, url: str, article_id: str, urls: dict[str, str]) -> _UrlVerdict:
    """What a new text at ``url`` means, given the stored articles and what this run stored (``urls``)."""
    if url in urls:
        # Two texts with one URL in one batch are two articles (say, an export that gives every row
        # the outlet's home page), not two versions: keep both.
        return _UrlVerdict(notice=f"same URL as {urls[url]} but other text; both kept")
    if store is None:
        return _UrlVerdict()
    if when := store.replaced_at(article_id, url):
        # Re-reading an old export must not undo a newer version.
        return _UrlVerdict(
            notice=f"an older version of the article at {url} (replaced on {when[:10]}); not stored again",
            outdated=True,
        )
    older = tuple(i for i in store.article_ids_at_url(url) if i != article_id)
    if len(older) > 1:
        return _UrlVerdict(
            notice=f"{len(older)} stored articles share the URL {url}: stored as another article, replacing none"
        )
    return _UrlVerdict(replaces=older)
