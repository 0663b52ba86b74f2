"""Full-text search of article text and evidence through the FTS5 index of Kiwi morphemes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from citydip.errors import UsageError
from citydip.reports import ARTICLE_FIELDS
from citydip.store import EventRecord, Store


@dataclass
class SearchHit:
    """One article matching a search, with the events whose evidence matched."""

    article: dict
    score: float  # higher is better
    snippet: str
    events: list[EventRecord]

    def as_json(self) -> dict:
        return {
            "article": {k: self.article[k] for k in ARTICLE_FIELDS},
            "score": self.score,
            "snippet": self.snippet,
            "events": [
                {
                    "id": e.id,
                    "type": e.type,
                    "level": e.level,
                    "status": e.status,
                    "date": e.date,
                    "actor": e.actor.as_json() if e.actor else None,
                    "partners": [p.as_json() for p in e.partners],
                    "evidence": e.evidence,
                }
                for e in self.events
            ],
        }


_ASCII_WORD = re.compile(r"\w+")


def _fts_match(terms: Sequence[str]) -> str:
    # A term of two or more characters also matches as the start of a longer one: Kiwi keeps compounds
    # such as 자매결연 and 자매도시 whole, and 자매 should find both.
    return " AND ".join('"' + t.replace('"', '""') + '"' + ("*" if len(t) > 1 else "") for t in terms)


def _snippet(text: str, terms: Sequence[str], width: int = 80) -> str:
    flat = " ".join(text.split())
    folded = flat.casefold()
    hits = [i for i in (folded.find(t.casefold()) for t in terms) if i >= 0]
    if not hits:
        return flat[:width] + ("…" if len(flat) > width else "")
    start = max(0, min(hits) - width // 3)
    end = min(len(flat), start + width)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def search(
    store: Store,
    query: str,
    *,
    limit: int = 20,
    index_terms: Callable[[str], str] | None = None,
    query_terms: Callable[[str], list[str]] | None = None,
    include_rejected: bool = False,
) -> list[SearchHit]:
    """Articles whose text (and events whose evidence) hold every term of ``query``, best first.

    Text is matched on Kiwi morphemes, so 서울시 finds 서울시는, 부산 finds 부산시가 and 자매 finds
    자매결연 (a term matches the start of a morpheme). Articles stored
    without search terms are indexed first (that loads Kiwi). A pure-ASCII query needs no Kiwi: FTS5
    splits it the same way Kiwi splits Latin words. ``index_terms``/``query_terms`` default to
    citydip.nlp's. Events a person rejected are not listed unless ``include_rejected``.
    """
    if index_terms is None or query_terms is None:
        from citydip import nlp  # kiwipiepy itself loads only when a function below is called

        index_terms = index_terms or nlp.index_terms
        query_terms = query_terms or nlp.query_terms
    store.index_pending(index_terms)
    terms = _ASCII_WORD.findall(query) if query.isascii() else query_terms(query)
    if not terms:
        raise UsageError(f"nothing to search for in {query!r}")
    matches = store.search_terms(_fts_match(terms), limit=max(limit, 1) * 20)
    best: dict[str, float] = {}
    matched_events: dict[str, set[str]] = {}
    for article, event, score in matches:
        best[article] = min(best.get(article, score), score)
        if event:
            matched_events.setdefault(article, set()).add(event)
    ranked = sorted(best, key=lambda a: (best[a], a))[:limit]
    articles = store.articles(ranked)
    events = (
        {e.id: e for e in store.events(article_ids=ranked, include_rejected=include_rejected)}
        if ranked
        else {}
    )
    return [
        SearchHit(
            article=articles[a],
            score=round(-best[a], 4),
            snippet=_snippet(articles[a]["text"], terms),
            events=sorted(
                (events[e] for e in matched_events.get(a, ()) if e in events),
                key=lambda e: (e.date is None, e.date or "", e.id),
            ),
        )
        for a in ranked
        if a in articles
    ]
