"""Train the pair model (citydip.extract.pairs) on the real-article tuning split and write data/pair_model.json.

    python scripts/train_pair_model.py PAGES [--dev ../shared/corpus/dev] [--out data/pair_model.json]

PAGES is a folder of fetched pages named by their key (see tests/realdev/README.md); the dev corpus (its
articles and gold files) is learnt from too when it is there, so that the model keeps what the written
articles hold as well. Every (event, partner)
pair the rules read out of a page is an example: a partner when the gold has a required event of that type
with that place, not one when the gold has none (pairs that only match optional gold events are left out).
The regularisation and the threshold are the ones whose predictions, cross-validated over whole pages,
give the best event F1 plus partner F1, scored per page as the set's evaluation scores them (the gold
pairs the rules never found count as misses); the dev corpus's pairs weigh more (DEV_WEIGHT). Needs scikit-learn (the `train` extra). Prints the figures that go into the file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from realdev import training_allowed  # noqa: E402

MIN_PAIRS = 5  # a trigger word enters the model only when this many training pairs have it
# inverse regularisation strengths tried; the one with the best page-grouped cross-validated scores is taken
C_GRID = (0.03, 0.1, 0.3, 1.0)
# the dev corpus's written articles hold the quality floors (tests/quality_floors.json): their pairs count
# this many times, so that the model does not trade them away for the real pages' majority
DEV_WEIGHT = 5.0


def _read(path: Path) -> str:
    """A page's text as citydip reads it (any encoding, NFC)."""
    from citydip.models import Article
    from citydip.sources import read_inputs

    for item in read_inputs([str(path)]):
        if isinstance(item, Article):
            return item.text
    return ""


class PageScores:
    """What scoring a page needs, as the set's evaluation scores it (citydip.evaluate): for every example, the
    (type, place) pair and the place it stands for, and whether each is a gold one, one only optional gold
    names (neither right nor wrong), or a false one; and how many gold pairs and partners the page has."""

    def __init__(self) -> None:
        self.pages: list[tuple[list[int], dict, dict, int, int]] = []
        self.pair_of: list[tuple[str, str]] = []
        self.place_of: list[str] = []

    def add_page(self, record: dict, found: list[tuple[str, object]]) -> None:
        """``found``: (event type, partner Place) for each example of the page, in the order the examples are
        made (the page's examples follow the ones added before)."""
        from citydip.evaluate import place_matches

        required = [(e["type"], p) for e in record["events"] if not e.get("optional") for p in e["partners"]]
        optional = [(e["type"], p) for e in record["events"] if e.get("optional") for p in e["partners"]]
        gold_pairs: list[tuple[str, dict]] = []
        for kind, place in required:
            if not any(k == kind and place_matches(place, q) for k, q in gold_pairs):
                gold_pairs.append((kind, place))
        gold_places: list[dict] = []
        for _, place in required:
            if not any(place_matches(place, q) for q in gold_places):
                gold_places.append(place)
        pairs: dict[tuple[str, str], object] = {}
        places: dict[str, object] = {}
        first = len(self.pair_of)
        for kind, partner in found:
            key = (kind, partner.key)
            if key not in pairs:
                hits = frozenset(
                    i for i, (k, q) in enumerate(gold_pairs) if k == kind and place_matches(q, partner)
                )
                neutral = any(k == kind and place_matches(q, partner) for k, q in optional)
                pairs[key] = hits or ("neutral" if neutral else "false")
            if partner.key not in places:
                hits = frozenset(i for i, q in enumerate(gold_places) if place_matches(q, partner))
                neutral = any(place_matches(q, partner) for _, q in optional)
                places[partner.key] = hits or ("neutral" if neutral else "false")
            self.pair_of.append(key)
            self.place_of.append(partner.key)
        indices = list(range(first, len(self.pair_of)))
        self.pages.append((indices, pairs, places, len(gold_pairs), len(gold_places)))

    def f1s(self, kept) -> tuple[float, float]:
        """(event F1, partner F1) over the pages when only the ``kept`` examples stay."""
        counts = [0, 0, 0, 0, 0, 0]  # event tp fp fn, partner tp fp fn
        for indices, pairs, places, gold_pairs, gold_places in self.pages:
            for offset, (table, key_of, total) in enumerate(
                ((pairs, self.pair_of, gold_pairs), (places, self.place_of, gold_places))
            ):
                hit: set[int] = set()
                false = 0
                for key in {key_of[i] for i in indices if kept[i]}:
                    status = table[key]
                    if status == "false":
                        false += 1
                    elif status != "neutral":
                        hit |= status
                counts[3 * offset] += len(hit)
                counts[3 * offset + 1] += false
                counts[3 * offset + 2] += total - len(hit)

        def f1(tp: int, fp: int, fn: int) -> float:
            return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

        return f1(*counts[:3]), f1(*counts[3:])


def examples(
    pages: Path, gold: Path, groups: list[str] | None = None, scores: PageScores | None = None
) -> tuple[list[dict], list[bool], int]:
    """(features, labels, gold pairs the rules never found); ``groups``, when given, gets each example's page,
    and ``scores`` what scoring each page needs."""
    from citydip.evaluate import place_matches
    from citydip.extract import Extractor
    from citydip.extract.events import MIN_PAGE_CHARS
    from citydip.extract.pairs import pair_features
    from citydip.models import Article

    extractor = Extractor(pair_model=False)
    features, labels, unfound = [], [], 0
    for line in gold.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        path = pages / record["doc"]
        if not path.exists():
            continue
        text = _read(path)
        if not training_allowed(text):
            continue  # the publisher forbids AI training on this page
        if len(text) < MIN_PAGE_CHARS:
            continue  # the model judges pages, as the extractor asks it to (Extractor.extract)
        result = extractor.extract(Article(id=record["doc"], text=text, published=record.get("published")))
        found: set[tuple[int, int]] = set()
        on_page: list[tuple[str, object]] = []
        for event in result.events:
            for partner in event.partners:
                required = optional = False
                for i, gold_event in enumerate(record["events"]):
                    if gold_event["type"] != event.type:
                        continue
                    for j, gold_partner in enumerate(gold_event["partners"]):
                        if place_matches(gold_partner, partner):
                            found.add((i, j))
                            if gold_event.get("optional"):
                                optional = True
                            else:
                                required = True
                if optional and not required:
                    continue
                on_page.append((event.type, partner))
                features.append(pair_features(event, partner, text, result.events))
                labels.append(required)
                if groups is not None:
                    groups.append(f"{pages.name}/{record['doc']}")
        if scores is not None:
            scores.add_page(record, on_page)
        for i, gold_event in enumerate(record["events"]):
            if gold_event.get("optional"):
                continue
            unfound += sum((i, j) not in found for j in range(len(gold_event["partners"])))
    return features, labels, unfound


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "realdev" / "tune.jsonl")
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "pair_model.json")
    args = parser.parse_args(argv)

    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from train_page_model import named_weights

    groups: list[str] = []
    scores = PageScores()
    features, labels, unfound = examples(args.pages, args.gold, groups, scores)
    dev_pairs = 0
    if args.dev.is_dir():
        for gold in sorted(args.dev.glob("gold*.jsonl")):
            more, more_labels, more_unfound = examples(args.dev / "articles", gold, groups, scores)
            features += more
            labels += more_labels
            unfound += more_unfound
            dev_pairs += len(more)
    y = np.array(labels)
    used: dict[str, int] = {}
    for f in features:
        for name in f:
            used[name] = used.get(name, 0) + 1
    keep = {n for n, k in used.items() if not n.startswith(("trigger:", "w:")) or k >= MIN_PAIRS}
    features = [{n: v for n, v in f.items() if n in keep} for f in features]
    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform(features)
    sample = np.where(np.arange(len(y)) >= len(y) - dev_pairs, DEV_WEIGHT, 1.0)
    # folds hold whole pages: a page's pairs share its words, and folds that split a page would score the
    # model on sentences it has seen and reward memorising them
    folds = list(GroupKFold(n_splits=5).split(x, y, groups))
    candidates = [round(t, 3) for t in np.arange(0.0, 0.6, 0.01)]

    def f1(p: np.ndarray, threshold: float) -> float:
        kept = p >= threshold
        tp = int((kept & y).sum())
        fp = int((kept & ~y).sum())
        fn = int((~kept & y).sum()) + unfound
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def predicted(c: float) -> np.ndarray:
        p = np.zeros(len(y))
        for train, test in folds:
            fold = LogisticRegression(C=c, max_iter=3000).fit(x[train], y[train], sample_weight=sample[train])
            p[test] = fold.predict_proba(x[test])[:, 1]
        return p

    # C and the threshold are the ones whose cross-validated predictions give the best event F1 plus partner
    # F1 over the pages, scored as the set's evaluation scores them
    tried = {}
    for c in C_GRID:
        guess = predicted(c)
        best = max(candidates, key=lambda t, g=guess: (sum(scores.f1s(g >= t)), -t))
        tried[c] = (sum(scores.f1s(guess >= best)), best, guess)
    c = max(tried, key=lambda k: (tried[k][0], -k))
    _, threshold, p = tried[c]
    without, with_it = scores.f1s(p >= 0.0), scores.f1s(p >= threshold)
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, y, sample_weight=sample)
    weights = named_weights(vectoriser, model)
    out = {
        "about": "citydip.extract.pairs: logistic model of whether a place the rules read as an event's partner "
        "is one; made by scripts/train_pair_model.py on tests/realdev/tune.jsonl and the dev corpus",
        "training": {
            "pairs": len(y),
            "of them from the dev corpus": dev_pairs,
            "partners": int(y.sum()),
            "not partners": int((~y).sum()),
            "gold pairs the rules miss": unfound,
            "dev corpus weight": DEV_WEIGHT,
            "cross-validation": "5 folds of whole pages",
            "C": c,
            "cross-validated event F1 + partner F1 by C": {str(k): round(v[0], 4) for k, v in tried.items()},
            "cross-validated event and partner F1 without the model": [round(v, 4) for v in without],
            "cross-validated event and partner F1 with it": [round(v, 4) for v in with_it],
            "cross-validated pair F1 without the model": round(f1(p, 0.0), 3),
            "cross-validated pair F1 with it": round(f1(p, threshold), 3),
            "cross-validated: not partners dropped": round(float((p[~y] < threshold).mean()), 3),
            "cross-validated: partners dropped": round(float((p[y] < threshold).mean()), 3),
        },
        "threshold": threshold,
        "bias": round(float(model.intercept_[0]), 4),
        "weights": dict(sorted(weights.items())),
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out["training"], ensure_ascii=False), "threshold", threshold, "features", len(weights))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
