"""Score citydip against gold annotations, following the spec's scoring rules to the letter."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from citydip.errors import InputError, UsageError
from citydip.models import Place

# Administrative suffixes scoring ignores on both sides (spec: "scoring ignores such suffixes").
_KO_SUFFIXES = (
    "특별자치도",
    "특별자치시",
    "특별시",
    "광역시",
    "특례시",
    "자치구",
    "자치주",
    "카운티",
    "지방",
    "공화국",
    "시",
    "도",
    "구",
    "군",
    "현",
    "성",
    "주",
    "부",
    "정",  # a Japanese town (町): 지즈정
    "촌",  # a Japanese village (村)
)
_EN_SUFFIXES = (
    " prefecture",
    " province",
    " county",
    " district",
    " city",
    " state",
    " oblast",
    " krai",
    "-gu",
    "-si",
    "-do",
    "-gun",
    " ward",
    " municipality",
)


def _strip_ko(name: str) -> str:
    name = re.sub(r"\s+", "", name or "")
    for suffix in _KO_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _strip_en(name: str) -> str:
    name = (name or "").strip().lower()
    for suffix in _EN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)].strip()
    return name


def place_matches(gold: dict, out: dict | Place) -> bool:
    """Equal GeoNames ids; where gold has none, equal Korean or English name (suffixes ignored) and country."""
    if isinstance(out, Place):
        out = out.as_json()
    if gold.get("geonameid") is not None:
        return out.get("geonameid") == gold["geonameid"]
    if (gold.get("country") or "").upper() != (out.get("country") or "").upper():
        return False
    if gold.get("name_ko") and out.get("name_ko") and _strip_ko(gold["name_ko"]) == _strip_ko(out["name_ko"]):
        return True
    return bool(gold.get("name") and out.get("name") and _strip_en(gold["name"]) == _strip_en(out["name"]))


@dataclass
class Tally:
    """Micro-averaged counts: output items matched / unmatched, gold items found / missed."""

    tp_out: int = 0
    fp: int = 0
    tp_gold: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        self.tp_out += other.tp_out
        self.fp += other.fp
        self.tp_gold += other.tp_gold
        self.fn += other.fn

    @property
    def precision(self) -> float:
        total = self.tp_out + self.fp
        return self.tp_out / total if total else 1.0

    @property
    def recall(self) -> float:
        total = self.tp_gold + self.fn
        return self.tp_gold / total if total else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_json(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp_gold,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class ArticleScore:
    doc: str
    actor_ok: bool
    actor: str | None
    has_actor: bool = True  # gold names an actor (a distractor page may name none)
    distractor: bool = False  # gold holds no event at all, not even an optional one
    output_events: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    date_misses: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    partner: Tally = field(default_factory=Tally)
    event: Tally = field(default_factory=Tally)
    agreement: Tally = field(default_factory=Tally)
    dates_ok: int = 0
    dates_total: int = 0
    actors_ok: int = 0
    status_ok: int = 0
    status_total: int = 0
    articles: list[ArticleScore] = field(default_factory=list)

    @property
    def date_accuracy(self) -> float:
        return self.dates_ok / self.dates_total if self.dates_total else 1.0

    @property
    def actors_total(self) -> int:
        return sum(a.has_actor for a in self.articles)

    @property
    def actor_accuracy(self) -> float:
        return self.actors_ok / self.actors_total if self.actors_total else 1.0

    @property
    def distractors(self) -> int:
        return sum(a.distractor for a in self.articles)

    @property
    def distractors_clean(self) -> int:
        """Distractor pages (gold without any event) for which citydip wrote no event either."""
        return sum(a.distractor and not a.output_events for a in self.articles)

    def summary(self) -> dict:
        return {
            "articles": len(self.articles),
            "partner": self.partner.as_json(),
            "event": self.event.as_json(),
            "agreement": self.agreement.as_json(),
            "date_accuracy": round(self.date_accuracy, 4),
            "dates": {"correct": self.dates_ok, "total": self.dates_total},
            "actor_accuracy": round(self.actor_accuracy, 4),
            "actors": {"correct": self.actors_ok, "total": self.actors_total},
            "distractors": {"clean": self.distractors_clean, "total": self.distractors},
            "status_accuracy": round(self.status_ok / self.status_total, 4) if self.status_total else 1.0,
        }

    def as_json(self) -> dict:
        out = self.summary()
        out["per_article"] = [
            {
                "doc": a.doc,
                "actor_ok": a.actor_ok,
                "actor": a.actor,
                "distractor": a.distractor,
                "output_events": a.output_events,
                "misses": a.misses,
                "extras": a.extras,
                "date_misses": a.date_misses,
            }
            for a in self.articles
        ]
        return out


def _label(place: dict) -> str:
    return place.get("name_ko") or place.get("name") or "?"


def _match_sets(
    gold_required: Sequence[tuple], gold_optional: Sequence[tuple], output: Sequence[tuple], same
) -> tuple[Tally, list, list]:
    """Count one item kind: output matching only optional gold is ignored; returns (tally, misses, extras)."""
    tally = Tally()
    misses, extras = [], []
    for g in gold_required:
        if any(same(g, o) for o in output):
            tally.tp_gold += 1
        else:
            tally.fn += 1
            misses.append(g)
    for o in output:
        if any(same(g, o) for g in gold_required):
            tally.tp_out += 1
        elif not any(same(g, o) for g in gold_optional):
            tally.fp += 1
            extras.append(o)
    return tally, misses, extras


def _dedupe(items: Iterable[tuple], same) -> list[tuple]:
    out: list[tuple] = []
    for item in items:
        if not any(same(item, kept) and same(kept, item) for kept in out):
            out.append(item)
    return out


def score_article(gold: dict, actor: Place | None, events: Sequence[dict]) -> tuple[ArticleScore, dict]:
    """Score one article's output events (spec JSON dicts) against its gold record."""
    gold_events = gold.get("events", [])
    req = [e for e in gold_events if not e.get("optional")]
    opt = [e for e in gold_events if e.get("optional")]

    def partners(evs):
        return [p for e in evs for p in e["partners"]]

    def same_place(g, o):
        return place_matches(g[0], o[0])

    def same_pair(g, o):
        return g[0] == o[0] and place_matches(g[1], o[1])

    def levels(e):
        lv = e.get("level")
        return tuple(lv) if isinstance(lv, list) else (lv,)

    def same_agreement(g, o):
        return place_matches(g[0], o[0]) and bool(set(g[1]) & set(o[1]))

    out_partners = _dedupe([(p,) for e in events for p in e["partners"]], same_place)
    gold_partner_req = _dedupe([(p,) for p in partners(req)], same_place)
    gold_partner_opt = [(p,) for p in partners(opt)]
    partner_t, p_miss, p_extra = _match_sets(gold_partner_req, gold_partner_opt, out_partners, same_place)

    out_pairs = _dedupe([(e["type"], p) for e in events for p in e["partners"]], same_pair)
    gold_pairs_req = _dedupe([(e["type"], p) for e in req for p in e["partners"]], same_pair)
    gold_pairs_opt = [(e["type"], p) for e in opt for p in e["partners"]]
    event_t, e_miss, e_extra = _match_sets(gold_pairs_req, gold_pairs_opt, out_pairs, same_pair)

    def agreements(evs):
        return [(p, levels(e)) for e in evs if e["type"] == "agreement" for p in e["partners"]]

    out_agr = _dedupe(agreements(events), same_agreement)
    agr_t, a_miss, a_extra = _match_sets(
        _dedupe(agreements(req), same_agreement), agreements(opt), out_agr, same_agreement
    )

    dates_ok = dates_total = 0
    date_misses = []
    for g in req:
        if not g.get("date"):
            continue
        for p in g["partners"]:
            found = [
                e
                for e in events
                if e["type"] == g["type"] and any(place_matches(p, q) for q in e["partners"])
            ]
            if not found:
                continue
            dates_total += 1
            if any(e.get("date") and e["date"].startswith(g["date"]) for e in found):
                dates_ok += 1
            else:
                got = sorted({e.get("date") or "null" for e in found})
                date_misses.append(f"{g['type']} {_label(p)}: gold {g['date']}, got {', '.join(got)}")

    # not a spec measure, reported to keep planned/done honest: matched gold pairs whose status some
    # output event of the pair shares
    status_ok = status_total = 0
    for g in req:
        for p in g["partners"]:
            found = [
                e
                for e in events
                if e["type"] == g["type"] and any(place_matches(p, q) for q in e["partners"])
            ]
            if found and g.get("status"):
                status_total += 1
                status_ok += any(e.get("status") == g["status"] for e in found)

    # a page with no local government behind it (a distractor) has actor null in gold: not scored
    has_actor = gold.get("actor") is not None
    actor_ok = has_actor and actor is not None and place_matches(gold["actor"], actor)
    score = ArticleScore(
        doc=gold["doc"],
        actor_ok=actor_ok,
        actor=actor.name_ko if actor else None,
        has_actor=has_actor,
        distractor=not gold_events,
        output_events=len(events),
        misses=[f"{t} {_label(p)}" for t, p in e_miss]
        + [f"agreement/{'|'.join(map(str, lv))} {_label(p)}" for p, lv in a_miss],
        extras=[f"{t} {_label(p)}" for t, p in e_extra]
        + [f"agreement/{'|'.join(map(str, lv))} {_label(p)}" for p, lv in a_extra],
        date_misses=date_misses,
    )
    del p_miss, p_extra
    return score, {
        "partner": partner_t,
        "event": event_t,
        "agreement": agr_t,
        "dates_ok": dates_ok,
        "dates_total": dates_total,
        "status_ok": status_ok,
        "status_total": status_total,
    }


def read_gold(paths: Sequence[str | Path]) -> list[dict]:
    records = []
    for path in paths:
        path = Path(path)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as err:
            raise InputError(str(path), f"cannot read gold file ({err.strerror})") from None
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{path}:{lineno}", f"not valid JSON ({err.msg})") from None
            if not isinstance(record, dict) or "doc" not in record or "actor" not in record:
                # 'actor' may be null (a page no local government speaks for) but must be there
                raise InputError(f"{path}:{lineno}", "a gold line needs 'doc', 'actor' and 'events'")
            record["_gold_dir"] = str(path.parent)
            records.append(record)
    return records


def evaluate(gold_paths: Sequence[str | Path], articles_dir: str | Path | None = None) -> Evaluation:
    """Ingest each gold article (with its gold publication date) into a temporary database and score it."""
    from citydip.pipeline import ingest
    from citydip.sources import read_inputs
    from citydip.store import Store

    records = read_gold(gold_paths)
    result = Evaluation()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "eval.db") as store:
        for gold in records:
            base = Path(articles_dir) if articles_dir else Path(gold["_gold_dir"]) / "articles"
            doc_path = base / gold["doc"]
            if not doc_path.is_file():
                raise UsageError(f"{doc_path}: gold article not found (use --articles DIR)")
            items = [i for i in read_inputs([str(doc_path)]) if hasattr(i, "text")]
            if not items:
                raise InputError(str(doc_path), "could not be read as an article")
            article_id = items[0].id
            report = ingest(store, [str(doc_path)], published=gold.get("published"))
            events = [
                {
                    "type": rec.type,
                    "level": rec.level,
                    "date": rec.date,
                    "status": rec.status,
                    "partners": [p.as_json() for p in rec.partners],
                }
                for rec in store.events(article_ids=[article_id])
            ]
            actor = store.article_actor(article_id)
            score, parts = score_article(gold, actor, events)
            score.misses[:0] = [f"failed: {line}" for line in report.failures]
            result.articles.append(score)
            result.partner.add(parts["partner"])
            result.event.add(parts["event"])
            result.agreement.add(parts["agreement"])
            result.dates_ok += parts["dates_ok"]
            result.dates_total += parts["dates_total"]
            result.status_ok += parts["status_ok"]
            result.status_total += parts["status_total"]
            result.actors_ok += int(score.actor_ok)
    return result


# -- place spellings: the gazetteer on a table of foreign names as Korean news writes them ---------------


@dataclass(frozen=True)
class SpellingResult:
    spelling: str
    context: str
    expected: str  # gn:<id> or CC.ADMIN1
    phenomenon: str
    got: Place | None
    right: bool


def score_spellings(path: str | Path, gazetteer=None) -> list[SpellingResult]:
    """Resolve each spelling of a table (tests/data/place_spellings.tsv) with its context, and say whether
    the best place is the one meant: the same GeoNames id; for a region (CC.ADMIN1) a region of that
    country and first-level code; a gazetteer place without an id (a district such as 미테구) counts when
    its English name is the expected one."""
    import csv

    from citydip.gazetteer import Gazetteer

    gazetteer = gazetteer or Gazetteer.default()
    with Path(path).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))
    out = []
    for row in rows:
        found = gazetteer.lookup(row["spelling"], row["context"])
        place = found[0][0] if found else None
        out.append(
            SpellingResult(
                row["spelling"],
                row["context"],
                row["expected"],
                row["phenomenon"],
                place,
                place is not None and _is_expected(gazetteer, place, row),
            )
        )
    return out


def _is_expected(gazetteer, place: Place, row: dict) -> bool:
    expected = row["expected"]
    if expected.startswith("gn:"):
        if place.geonameid is not None:
            return place.geonameid == int(expected[3:])
        english = row["english"].casefold()
        return place.country == row["country"] and place.name.casefold().startswith(english)
    country, admin1 = expected.split(".", 1)
    return place.kind == "region" and place.country == country and gazetteer.admin1(place) == admin1
