"""Whether a place the rules read as an event's partner is one: a small logistic model over the rules' own
view of each (event, partner) pair, trained on the annotated real pages by scripts/train_pair_model.py and
shipped as data/pair_model.json.

The rules decide which places of a sentence take part in which event by position, particles and trigger
words; on real pages they also take places that only locate, host or stand beside the act. The model weighs
what the rules saw (the event type, how the partner was found, the trigger word, where the sentence stands,
how often the page names the place) and drops the pairs it finds unlikely.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from citydip.datafiles import data_path
from citydip.dateline import without_byline
from citydip.extract.page import PageModel
from citydip.models import Event, Place

LEAD_CHARS = 600
_TRIGGER = re.compile(r"^trigger '([^']*)' \((\w+)\); partners ([^;(]*)")
_SPACES = re.compile(r"\s+")
_SUFFIX = re.compile(
    r"^(?:\([^)]{0,20}\))?(?:특별자치도|특별자치시|광역시|특별시|시|군|구|도|주|성|현)?(?:\([^)]{0,20}\))?"
)
_PARTICLES = (
    "와의",
    "과의",
    "에서",
    "에게",
    "으로",
    "로",
    "와",
    "과",
    "를",
    "을",
    "의",
    "은",
    "는",
    "이",
    "가",
    "에",
    "도",
    ",",
    "·",
    " ",
)
_WORDS = re.compile(r"[가-힣]{2,}")
_PARTICLE_END = re.compile(
    r"(?:으로|에서|에게|까지|부터|과의|와의|에는|에도|은|는|이|가|을|를|의|에|와|과|도|로|만)$"
)


def _how_found(reason: str) -> tuple[str, str]:
    """(trigger word, how the partners were found) from an event's reason."""
    m = _TRIGGER.match(reason)
    if m is None:
        return "", "other"
    return _SPACES.sub("", m.group(1))[:12], m.group(3).strip()


def _stem(name: str) -> str:
    return re.sub(r"(?:특별자치도|특별자치시|광역시|특별시|시|군|구|도|주|성|현)$", "", name) or name


_SENTENCE_SUBJECT = re.compile(
    r"\s*(?:[가-힣]{1,6}\s)?([가-힣]{1,10}(?:특별자치도|특별시|광역시|시|군|구|도|현|성|주))(?:\([^)]{0,30}\))?(?:은|는|이|가)\s"
)


def pair_features(event: Event, partner: Place, text: str, events: Sequence[Event]) -> dict[str, float]:
    """The features the model weighs for one (event, partner) pair of an article."""
    trigger, found = _how_found(event.reason)
    foreign = partner.country != "KR"
    at = text.find(event.evidence[:40]) if event.evidence else -1
    first_line_end = text.find("\n")
    stem = _stem(partner.name_ko)
    features: dict[str, float] = {
        f"type:{event.type}": 1.0,
        f"found:{found}": 1.0,
        f"type+found:{event.type}+{found}": 1.0,
        f"trigger:{trigger}": 1.0,
        f"where:{'abroad' if foreign else 'korea'}+{event.type}": 1.0,
        f"kind:{partner.kind}": 1.0,
        f"status:{event.status}": 1.0,
        f"precision:{event.precision if event.date else 'none'}": 1.0,
        "gazetteer": 1.0 if partner.geonameid is not None or partner.kind == "region" else 0.0,
        "partners": math.log1p(len(event.partners)),
        "confidence": event.confidence,
        "mentions": math.log1p(text.count(stem)) if len(stem) >= 2 else 0.0,
        "same type": math.log1p(sum(e.type == event.type for e in events)),
        "headline": 1.0 if 0 <= at < (first_line_end if first_line_end > 0 else len(text)) else 0.0,
        "lead": 1.0 if 0 <= at < LEAD_CHARS else 0.0,
        "named in headline": 1.0
        if stem and stem in text[: first_line_end if first_line_end > 0 else 80]
        else 0.0,
        "quoted": 1.0 if re.search(r"[\"“”]", event.evidence) else 0.0,
    }
    # the particle the partner's name takes in the sentence: '…와' (with), '…에서' (where), '…의' (of)
    if len(stem) >= 2 and (found_at := event.evidence.find(stem)) >= 0:
        after = _SUFFIX.sub("", event.evidence[found_at + len(stem) : found_at + len(stem) + 8])
        particle = next((p for p in _PARTICLES if after.startswith(p)), "other")
        features[f"particle:{particle}"] = 1.0
        features[f"type+particle:{event.type}+{particle}"] = 1.0
    else:
        features["particle:unseen"] = 1.0
    # where the name stands to the trigger word, and what the trigger word is in the sentence: a predicate
    # ('방문했다', '방문해') or a noun of a list or a title ('친선방문,', '방문단')
    found_at = event.evidence.find(stem) if len(stem) >= 2 else -1
    t_at = event.evidence.find(trigger[:2]) if trigger else -1
    if found_at >= 0 and t_at >= 0:
        gap = t_at - found_at
        side = "before" if gap > 0 else "after"
        size = abs(gap)
        bucket = "near" if size < 15 else "mid" if size < 40 else "far"
        features[f"side:{side}+{bucket}"] = 1.0
        features[f"type+side:{event.type}+{side}+{bucket}"] = 1.0
    if t_at >= 0:
        rest = event.evidence[t_at + len(trigger) : t_at + len(trigger) + 1]
        form = rest if rest and ("가" <= rest <= "힣") else "space" if rest in (" ", "") else "mark"
        features[f"after trigger:{form}"] = 1.0
    # the word right before the name: '자매도시인', '주한', '위치한'
    if found_at > 0:
        before = _WORDS.findall(event.evidence[max(0, found_at - 12) : found_at])
        if before:
            features[f"prev:{_PARTICLE_END.sub('', before[-1])}"] = 1.0
    if event.actor is not None:
        actor_stem = _stem(event.actor.name_ko)
        actor_stem = actor_stem if len(actor_stem) >= 2 else event.actor.name_ko  # '대구' keeps its 구
        features["actor in sentence"] = 1.0 if actor_stem in event.evidence else 0.0
    # whose story the sentence tells: the government its first words make the subject ('구마모토현은 …
    # 충청남도와 자매결연을 맺고' is another government's tie, not the actor's)
    subject = _SENTENCE_SUBJECT.match(without_byline(event.evidence))
    if subject is not None:
        said = _stem(subject.group(1))
        whose = (
            "partner"
            if len(stem) >= 2 and said.startswith(stem[:2])
            else "actor"
            if event.actor is not None and said.startswith(_stem(event.actor.name_ko)[:2])
            else "other"
        )
        features[f"subject:{whose}"] = 1.0
        features[f"type+subject:{event.type}+{whose}"] = 1.0
    # the sentence's words (particles cut off); a word must recur on several training pages to count
    for word in _WORDS.findall(event.evidence):
        word = _PARTICLE_END.sub("", word)
        if len(word) >= 2:
            features[f"w:{word}"] = 1.0
    if event.type == "agreement":
        features[f"level:{event.level}"] = 1.0
    if event.direction is not None:
        features[f"direction:{event.direction}"] = 1.0
    return features


class PairModel(PageModel):
    """The page model's logistic form; a pair whose probability of being a partner is below the threshold is
    dropped."""

    def keep(self, events: Sequence[Event], text: str) -> list[Event]:
        """The events with the partners the model doubts taken out; an event left without any is dropped."""
        out = []
        for event in events:
            partners = tuple(
                p
                for p in event.partners
                if self.probability(pair_features(event, p, text, events)) >= self.threshold
            )
            if partners:
                out.append(event if partners == event.partners else replace(event, partners=partners))
        return out


@cache
def default_model() -> PairModel | None:
    path = data_path("pair_model.json")
    return PairModel.load(path) if path.exists() else None
