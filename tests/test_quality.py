"""Quality gate: extraction scores on the dev corpus must not fall below the recorded floors.

The floors live in tests/quality_floors.json and may only go up: raise them when the extractor improves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citydip.evaluate import evaluate

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def evaluation(corpus_dir):
    gold = sorted(corpus_dir.glob("gold*.jsonl"))
    assert gold, "no gold files in the dev corpus"
    return evaluate(gold, corpus_dir / "articles")


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_floor(evaluation, measure):
    summary = evaluation.summary()
    value = summary[measure]["f1"] if isinstance(summary.get(measure), dict) else summary[measure]
    assert value >= FLOORS[measure], f"{measure} fell to {value:.4f} (floor {FLOORS[measure]})"


def test_every_gold_article_was_scored(evaluation, corpus_dir):
    docs = {
        json.loads(line)["doc"]
        for f in corpus_dir.glob("gold*.jsonl")
        for line in f.open(encoding="utf-8")
        if line.strip()
    }
    assert {a.doc for a in evaluation.articles} == docs
