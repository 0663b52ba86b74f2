"""Every actor and partner of the dev gold files is found by Gazetteer.find() in its article and resolves
to the gold place (same geonameid when gold has one, else same Korean or English name and country)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from citydip import nlp
from citydip.gazetteer import Gazetteer
from citydip.models import Place

SUFFIX = re.compile(r"(특별자치시|특별자치도|특별시|광역시|자치도|카운티|시|군|구|도|주|성|현|부)$")
# Gold places that no data source names yet: each needs a reviewed row in data/aliases.tsv.
KNOWN_GAPS: dict[
    tuple[str, str], str
] = {}  # none left: d030's gold follows its text, d033's 래주 is generated


def _strip(name: str | None) -> str:
    return SUFFIX.sub("", (name or "").replace(" ", "")).lower()


def _same(gold: dict, place: Place) -> bool:
    if gold.get("geonameid"):
        return place.geonameid == gold["geonameid"]
    if place.country != gold.get("country"):
        return False
    return _strip(gold.get("name_ko")) == _strip(place.name_ko) or (
        (gold.get("name") or "").lower() == (place.name or "").lower()
    )


def _gold_places() -> list:
    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev"
    params = []
    for name in ("gold.jsonl", "gold-written.jsonl"):
        path = corpus / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            doc = json.loads(line)
            seen = set()
            for role, place in [("actor", doc["actor"])] + [
                ("partner", p) for e in doc["events"] for p in e.get("partners", [])
            ]:
                key = json.dumps(place, sort_keys=True, ensure_ascii=False)
                if key in seen:
                    continue
                seen.add(key)
                gap = KNOWN_GAPS.get((doc["doc"][:4], place.get("name_ko")))
                marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
                label = f"{doc['doc'][:4]}-{role}-{place.get('name_ko') or place['name']}"
                params.append(pytest.param(doc["doc"], place, marks=marks, id=label))
    return params or [pytest.param(None, None, marks=pytest.mark.skip(reason="no gold files"))]


def _article_text(path: Path) -> str:
    raw = path.read_bytes()
    # d037 is stored in CP949, as some Korean sites still serve it
    text = raw.decode("cp949") if path.name.startswith("d037") else raw.decode("utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4 :] if end > 0 else text
    return text


_MENTIONS: dict[str, list] = {}


@pytest.mark.parametrize(("doc", "gold"), _gold_places())
def test_gold_place_is_found(corpus_dir: Path, doc: str, gold: dict) -> None:
    if doc not in _MENTIONS:
        text = _article_text(corpus_dir / "articles" / doc)
        _MENTIONS[doc] = Gazetteer.default().find(text, tokens=nlp.tokens(text))
    mentions = _MENTIONS[doc]
    assert any(_same(gold, m.place) for m in mentions), sorted({m.surface for m in mentions})


def test_no_country_is_a_place(corpus_dir: Path) -> None:
    gazetteer = Gazetteer.default()
    for path in sorted((corpus_dir / "articles").iterdir()):
        text = _article_text(path)
        countries = {(c.start, c.end) for c in gazetteer.find_countries(text)}
        for mention in gazetteer.find(text, tokens=nlp.tokens(text)):
            if (mention.start, mention.end) in countries:
                assert mention.reason == "city-state", (path.name, mention.surface)
