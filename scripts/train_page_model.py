"""Train the page model (citydip.extract.page) on the real-article tuning split and write data/page_model.json.

    python scripts/train_page_model.py PAGES [--out data/page_model.json]

PAGES is a folder of fetched pages named by their key (see tests/realdev/README.md). A page is labelled as
holding local-government diplomacy when its gold has an event that is not optional. Needs scikit-learn
(the `train` extra). Prints the cross-validated figures that go into the JSON file.
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

MIN_PAGES = 4  # a word enters the model only when this many training pages use it
C = 0.5  # inverse regularisation strength: few pages, many words
MAX_LOST = 0.02  # the threshold may silence at most this share of real diplomacy pages (cross-validated)


def examples(pages: Path, gold: Path):
    from citydip.extract import Extractor
    from citydip.extract.events import MIN_PAGE_CHARS, _named_only
    from citydip.extract.page import page_features
    from citydip.models import Article

    extractor = Extractor(page_model=False)
    for line in gold.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        path = pages / record["doc"]
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        if not training_allowed(text):
            continue  # the publisher forbids AI training on this page
        view = extractor.read_places(Article(id=record["doc"], text=text, published=record.get("published")))
        if not _named_only(view.actor_reason) or len(text) < MIN_PAGE_CHARS:
            continue  # the model decides only where the extractor asks it (Extractor.extract)
        label = any(not e.get("optional") for e in record["events"])
        yield page_features(text, view.actor, view.actor_reason, view.mentions), label


def named_weights(vectoriser, model) -> dict[str, float]:
    """A fitted logistic model's weights by feature name, rounded, the negligible ones left out."""
    return {
        name: round(float(w), 4)
        for name, w in zip(vectoriser.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "realdev" / "tune.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "page_model.json")
    args = parser.parse_args(argv)

    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    rows = list(examples(args.pages, args.gold))
    features, labels = [f for f, _ in rows], np.array([y for _, y in rows])
    used: dict[str, int] = {}
    for f in features:
        for name in f:
            used[name] = used.get(name, 0) + 1
    keep = {n for n, k in used.items() if not n.startswith("w:") or k >= MIN_PAGES}
    features = [{n: v for n, v in f.items() if n in keep} for f in features]
    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform(features)
    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    p = cross_val_predict(model, x, labels, cv=folds, method="predict_proba")[:, 1]
    real, none = p[labels], p[~labels]
    # the highest threshold that silences at most MAX_LOST of the real pages in cross-validation
    threshold = float(np.quantile(real, MAX_LOST)) if len(real) else 0.5
    threshold = min(threshold, 0.5)
    caught = float((none < threshold).mean()) if len(none) else 0.0
    lost = float((real < threshold).mean()) if len(real) else 0.0
    model.fit(x, labels)
    weights = named_weights(vectoriser, model)
    out = {
        "about": "citydip.extract.page: logistic model of whether a page holds local-government diplomacy; "
        "made by scripts/train_page_model.py on tests/realdev/tune.jsonl",
        "training": {
            "pages": len(labels),
            "diplomacy pages": int(labels.sum()),
            "other pages": int((~labels).sum()),
            "cross-validated: other pages silenced": round(caught, 3),
            "cross-validated: diplomacy pages silenced": round(lost, 3),
        },
        "threshold": round(threshold, 4),
        "bias": round(float(model.intercept_[0]), 4),
        "weights": dict(sorted(weights.items())),
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        json.dumps(out["training"], ensure_ascii=False),
        "threshold",
        out["threshold"],
        "features",
        len(weights),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
