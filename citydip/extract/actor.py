"""The actor: the Korean local government from whose side an article is written."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from citydip import nlp
from citydip.extract.lexicon import SUBJECT_PARTICLE_RE, TITLE_RE
from citydip.extract.partners import first_offset, is_locator
from citydip.gazetteer import Gazetteer, PlaceMention
from citydip.models import Article, Place


def find_actor(
    gazetteer: Gazetteer, article: Article, sents: Sequence[nlp.Sentence], mentions: Sequence[PlaceMention]
) -> tuple[Place | None, str]:
    """The Korean local government whose side the article tells: lead subject, titles, frequency."""
    text = article.text
    korean = [m for m in mentions if m.place.country == "KR"]
    if not korean:
        return None, "no Korean local government named"
    lead_end = sents[min(len(sents), 3) - 1].end if sents else len(text)
    scores: Counter[str] = Counter()
    places: dict[str, Place] = {}
    reasons: dict[str, str] = {}
    for m in korean:
        if is_locator(m, korean, text):
            continue
        key = m.place.key
        places[key] = m.place
        after = text[m.end : m.end + 30]
        weight = 1.0
        why = "named"
        if SUBJECT_PARTICLE_RE.match(after):
            weight += 2.0
            why = "subject"
        elif TITLE_RE.match(after.lstrip()):
            weight += 1.5
            why = "official's title"
        if m.start < lead_end:
            weight *= 3.0
            why = f"lead {why}"
        scores[key] += weight
        reasons.setdefault(key, why)
    if article.title:
        for m in gazetteer.find(article.title):
            if m.place.country == "KR" and m.place.key in places:
                scores[m.place.key] += 2.0
    if not scores:
        return None, "no Korean local government named"
    best = max(scores, key=lambda k: (scores[k], -first_offset(korean, k)))
    return places[best], f"{reasons[best]} ({places[best].name_ko})"
