"""Whether a page holds any local-government diplomacy at all: a small logistic model over the lead's words
and the rules' own view of the page (who speaks, how often, with which places), trained on the annotated
real pages by scripts/train_page_model.py and shipped as data/page_model.json.

The rules find a Korean local government on most pages that name foreign cities; the model decides whether
that government acts (a sister-city signing, a mayor's visit) or is only named where a ministry, a
university, a company, a club or a 읍·면·동 acts.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from citydip.datafiles import data_path
from citydip.gazetteer import PlaceMention
from citydip.models import Place

LEAD_CHARS = 600  # the headline and lead: where a page says who does what
_WORD = re.compile(r"[가-힣]{2,}")
_PARTICLE = re.compile(
    r"(?:으로|에서|에게|까지|부터|과의|와의|에는|에도|이다|은|는|이|가|을|를|의|에|와|과|도|로|만)$"
)
ACTOR_KINDS = (
    "none",
    "named",
    "lead named",
    "subject",
    "lead subject",
    "official's title",
    "lead official's title",
)


def lead_words(text: str) -> set[str]:
    """The distinct words of a page's lead, particles cut off (시장은 -> 시장)."""
    words = set()
    for word in _WORD.findall(text[:LEAD_CHARS]):
        stem = _PARTICLE.sub("", word)
        if len(stem) >= 2:
            words.add(stem)
    return words


def page_features(
    text: str, actor: Place | None, actor_reason: str, mentions: Sequence[PlaceMention]
) -> dict[str, float]:
    """The features the model weighs: ``w:<word>`` for the lead's words, ``actor:<kind>`` for how the rules
    found the actor, and counts of the actor's mentions and of Korean and foreign places."""
    features: dict[str, float] = {f"w:{w}": 1.0 for w in lead_words(text)}
    kind = re.sub(r" \(.*", "", actor_reason) if actor is not None else "none"
    features[f"actor:{kind if kind in ACTOR_KINDS else 'none'}"] = 1.0
    if actor is not None:
        features["actor mentions"] = math.log1p(sum(m.place.key == actor.key for m in mentions))
    features["korean places"] = math.log1p(len({m.place.key for m in mentions if m.place.country == "KR"}))
    features["foreign places"] = math.log1p(len({m.place.key for m in mentions if m.place.country != "KR"}))
    return features


@dataclass(frozen=True)
class PageModel:
    weights: dict[str, float]
    bias: float
    threshold: float  # a page whose probability of diplomacy is below this yields no event

    @classmethod
    def load(cls, path) -> PageModel:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(raw["weights"], raw["bias"], raw["threshold"])

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-z))


@cache
def default_model() -> PageModel | None:
    path = data_path("page_model.json")
    return PageModel.load(path) if path.exists() else None
