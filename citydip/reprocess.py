"""Re-extract stored articles from their stored text with the installed extractor, data files and aliases."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field

from citydip.decisions import ACCEPTED, REJECTED, Decision, plan
from citydip.errors import InputError, StoreError
from citydip.models import Event
from citydip.store import Store, event_id

# How many of the articles that changed most a report names.
LARGEST = 5


@dataclass(frozen=True, slots=True)
class ArticleDiff:
    """How one article's events changed: events added, removed, and changed (the same event read otherwise)."""

    article: str
    label: str  # its path, else its title
    added: int
    removed: int
    changed: int

    @property
    def total(self) -> int:
        return self.added + self.removed + self.changed


@dataclass
class ReprocessReport:
    dry_run: bool
    version: str
    articles: int = 0  # re-extracted (or, in a dry run, that would be)
    current: int = 0  # already extracted by this version: left as they are
    before: int = 0  # their events before (those a person rejected left out, as in every report)
    after: int = 0
    added: Counter = field(default_factory=Counter)  # by event type
    removed: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    diffs: list[ArticleDiff] = field(default_factory=list)  # the articles whose events changed
    lost: list[str] = field(default_factory=list)  # accepted or rejected events the extractor no longer finds
    failed: list[InputError] = field(default_factory=list)
    stopped: str | None = None  # the database failed: what was stored before stays; run it again

    @property
    def largest(self) -> list[ArticleDiff]:
        return sorted(self.diffs, key=lambda d: (-d.total, d.label, d.article))[:LARGEST]

    def by_type(self) -> dict[str, dict[str, int]]:
        types = sorted(set(self.added) | set(self.removed) | set(self.changed))
        return {
            t: {"added": self.added[t], "removed": self.removed[t], "changed": self.changed[t]} for t in types
        }

    def as_json(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "extractor": self.version,
            "articles": self.articles,
            "current": self.current,
            "failed": [str(e) for e in self.failed],
            "events_before": self.before,
            "events_after": self.after,
            "added": sum(self.added.values()),
            "removed": sum(self.removed.values()),
            "changed": sum(self.changed.values()),
            "by_type": self.by_type(),
            "largest": [
                {
                    "article": d.article,
                    "label": d.label,
                    "added": d.added,
                    "removed": d.removed,
                    "changed": d.changed,
                }
                for d in self.largest
            ],
            "decisions_not_found": self.lost,
            "stopped": self.stopped,
        }


def _identity(event: Event) -> tuple:
    return (str(event.type), tuple(sorted(p.key for p in event.partners)), event.date, event.level)


def _details(event: Event, review: str | None) -> tuple:
    return (
        str(event.status),
        event.direction,
        event.date_end,
        str(event.precision),
        event.evidence,
        event.actor.key if event.actor else None,
        event.upgrade,
        review,
    )


def _type_partners(event: Event) -> tuple:
    return _identity(event)[:2]


def _type_date_level(event: Event) -> tuple:
    kind, _partners, day, level = _identity(event)
    return (kind, day, level)


def diff_events(
    old: Sequence[tuple[Event, str | None]], new: Sequence[tuple[Event, str | None]]
) -> tuple[Counter, Counter, Counter]:
    """(added, removed, changed) events by type between two versions of an article's events (and reviews).

    The same event is one with the same type, partners, date and level; failing that, one with the same type
    and partners (its date or level read otherwise), or the same type, date and level (its partners read
    otherwise): then it counts as changed, as it does when anything else about it (status, direction,
    evidence, actor, review …) differs."""
    added, removed, changed = Counter(), Counter(), Counter()
    left = list(old)
    pending = list(new)
    for same in (_identity, _type_partners, _type_date_level):
        unmatched = []
        for event, review in pending:
            at = next((i for i, (o, _) in enumerate(left) if same(o) == same(event)), None)
            if at is None:
                unmatched.append((event, review))
                continue
            before, before_review = left.pop(at)
            if same is not _identity or _details(before, before_review) != _details(event, review):
                changed[str(event.type)] += 1
        pending = unmatched
    for event, _review in pending:
        added[str(event.type)] += 1
    for event, _review in left:
        removed[str(event.type)] += 1
    return added, removed, changed


def reprocess(
    store: Store,
    *,
    actor_keys: Sequence[str] | None = None,
    since: str | None = None,
    dry_run: bool = False,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    reraise: bool = False,
) -> ReprocessReport:
    """Extract again, from their stored text, the stored articles that another extractor version read.

    Every article is stored all or nothing and committed in batches (as ingest does), so a killed run leaves
    whole articles, and running it again skips those already re-extracted. The decisions on an article's
    events apply to what the extractor finds now (citydip.decisions). ``actor_keys`` keeps the articles of
    these actors, ``since`` those published on or after that date; ``dry_run`` (``store`` opened with
    Store.read_only) reports the same changes and writes nothing; ``jobs`` > 1 extracts in worker processes.
    """
    from citydip.parallel import ExtractionPool, screened_extractor
    from citydip.pipeline import dated_article, extractor_version

    aliases = store.aliases()
    version = extractor_version(aliases)
    report = ReprocessReport(dry_run=dry_run, version=version)
    ids, report.current = store.outdated_articles(version, actor_keys=actor_keys, since=since)
    if not ids:
        return report
    pool = ExtractionPool(jobs, aliases=aliases, store=store, version=version) if jobs > 1 else None
    extractor = pool or screened_extractor(aliases)
    articles: Iterable[object] = store.stored_articles(ids)
    with store.batched() if not dry_run else nullcontext():
        for article in pool.prefetch(articles) if pool is not None else articles:
            label = article.path or article.title or article.id  # type: ignore[attr-defined]
            if progress:
                progress(label)
            dated = pool.dated(article) if pool is not None else None  # type: ignore[arg-type]
            article, _guess = dated or dated_article(article, None)  # type: ignore[arg-type]
            try:
                extraction = extractor.extract(article)
            except Exception as err:  # an extractor bug costs one article, as in ingest
                if reraise:
                    raise
                report.failed.append(InputError(label, f"extraction failed ({type(err).__name__}: {err})"))
                continue
            _count(store, report, article.id, label, extraction.events)
            if dry_run:
                continue
            try:
                # one write transaction, a savepoint of the batch's: the article whole or not at all
                store.save_article_version(
                    article, extraction.events, actor=extraction.actor, extractor=version
                )
            except StoreError as err:
                report.stopped = str(err)
                break
            except sqlite3.Error as err:
                if reraise:
                    raise
                report.stopped = f"{store.path}: cannot store {label} ({err})"
                break
    return report


def _count(store: Store, report: ReprocessReport, article: str, label: str, events: Sequence[Event]) -> None:
    """Add what storing ``events`` does to the article's events (its decisions applied) to the report."""
    stored = list(store.events(article_ids=[article], include_rejected=True))
    decisions: list[Decision] = store.decisions(article)
    planned, governs = plan(article, events, decisions, lambda seq, event: event_id(article, seq, event))
    old = [(r.as_event(), r.review) for r in stored if r.review != REJECTED]
    new = [(p.event, p.review) for p in planned if p.review != REJECTED]
    added, removed, changed = diff_events(old, new)
    report.articles += 1
    report.before += len(old)
    report.after += len(new)
    report.added.update(added)
    report.removed.update(removed)
    report.changed.update(changed)
    change = ArticleDiff(article, label, sum(added.values()), sum(removed.values()), sum(changed.values()))
    if change.total:
        report.diffs.append(change)
    stored_ids = {r.id for r in stored}
    for decision, now in zip(decisions, governs, strict=True):
        if (
            decision.verdict in (ACCEPTED, REJECTED)
            and now.event_id is None
            and decision.event_id in stored_ids
        ):
            key = decision.key
            report.lost.append(
                f"{article}: {decision.verdict} {key.type} {', '.join(key.partners)} {key.date or 'undated'}"
            )
