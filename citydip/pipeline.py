"""Ingest: read sources, extract events, store each article in its own transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import BinaryIO

from citydip import __version__
from citydip.datafiles import data_dir
from citydip.errors import InputError
from citydip.models import Article, Place
from citydip.store import Store


@dataclass
class IngestReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    events: int = 0
    failures: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return self.new + self.updated + self.unchanged


@cache
def _data_digest() -> str:
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(data_dir().glob("*.tsv")) + sorted(data_dir().glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def extractor_version(aliases: Sequence[tuple[str, Place]] = ()) -> str:
    """citydip's version, its data files and the user's aliases: a change to any re-extracts stored articles."""
    version = f"{__version__}+{_data_digest()}"
    if aliases:
        version += "+" + hashlib.sha256(repr(sorted((s, p.key) for s, p in aliases)).encode()).hexdigest()[:8]
    return version


def ingest(
    store: Store,
    inputs: Sequence[str],
    *,
    published: str | None = None,
    fmt: str | None = None,
    fields: dict[str, str] | None = None,
    glob: str | None = None,
    stdin: BinaryIO | None = None,
    progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest every article found in ``inputs``; a failing input never stops the others."""
    from citydip.dates import infer_published
    from citydip.extract import Extractor
    from citydip.sources import Notice, Skipped, read_inputs

    report = IngestReport()
    extractor: Extractor | None = None
    aliases = store.aliases()
    version = extractor_version(aliases)
    for item in read_inputs(inputs, fmt=fmt, fields=fields, glob=glob, stdin=stdin):
        if isinstance(item, InputError):
            report.failed += 1
            report.failures.append(str(item))
            continue
        if isinstance(item, Skipped):
            report.skipped += 1
            continue
        if isinstance(item, Notice):
            report.notices.append(f"{item.source}: {item.message}")
            continue
        article: Article = item
        if progress:
            progress(article.path or article.id)
        if published:
            article = replace(article, published=published, published_inferred=False)
        elif not article.published:
            guess = infer_published(article.text, article.title)
            if guess.date:
                article = replace(article, published=guess.date, published_inferred=True)
                report.inferred.append(
                    f"{article.path}: publication date inferred as {guess.date} ({guess.reason})"
                )
            else:
                report.inferred.append(f"{article.path}: publication date unknown; relative dates left open")
        stored = store.stored_article(article.id)
        if stored and stored.extractor == version and stored.published == article.published:
            report.unchanged += 1
            continue
        if extractor is None:
            from citydip.gazetteer import Gazetteer

            extractor = Extractor(Gazetteer.default().with_aliases(aliases) if aliases else None)
        try:
            extraction = extractor.extract(article)
        except Exception as err:  # an extractor bug must cost one article, not the batch
            report.failed += 1
            report.failures.append(f"{article.path}: extraction failed ({type(err).__name__}: {err})")
            continue
        store.save_article(article, extraction.events, actor=extraction.actor, extractor=version)
        report.events += len(extraction.events)
        if stored:
            report.updated += 1
        else:
            report.new += 1
    return report
