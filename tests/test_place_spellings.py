"""The gazetteer on 468 foreign place names as Korean news spells them (issue 16): standard spellings,
common variants, Sino-Korean readings, names no table holds, and parents that decide among namesakes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from citydip.evaluate import score_spellings

TABLE = Path(__file__).parent / "data" / "place_spellings.tsv"


@pytest.fixture(scope="module")
def results():
    return score_spellings(TABLE)


def test_the_table_covers_the_kinds_across_forty_countries(results):
    rows = [line.split("\t") for line in TABLE.read_text(encoding="utf-8").splitlines()[4:]]
    assert len(results) >= 300
    assert len({r[2] for r in rows}) >= 40
    kinds = Counter(r.phenomenon for r in results)
    assert set(kinds) == {"standard", "variant", "reading", "phonetic", "parent"}
    assert min(kinds.values()) >= 50


def test_at_least_97_percent_resolve_to_the_place_meant(results):
    wrong = [
        (r.spelling, r.context, r.expected, r.got.key if r.got else None) for r in results if not r.right
    ]
    assert len(wrong) <= 0.03 * len(results), wrong


@pytest.mark.parametrize("phenomenon", ["standard", "parent"])
def test_standard_spellings_and_parents_never_miss(results, phenomenon):
    assert all(r.right for r in results if r.phenomenon == phenomenon)
