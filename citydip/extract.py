"""Pure extraction: one Article in, its actor and city-diplomacy events out (no I/O, no database)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from re import _parser as sre_parse  # the stdlib's own regex parser

from citydip import dates, nlp
from citydip.datafiles import data_path
from citydip.gazetteer import Gazetteer, Morphemes, PlaceMention
from citydip.models import LEVEL_RANK, Article, Direction, Event, EventType, Person, Place, Precision, Status

EVENT_TYPES = {t.value for t in EventType}
MARKER_CLASSES = {
    "level",
    "upgrade",
    "hypothetical",
    "negation",
    "exclude",
    "private",
    "relation",
    "aid_context",
}

# A title right after a name ties a person (and often a city) to an event: 뉴욕시장, 송파구청장, 경기도지사.
TITLE_RE = re.compile(
    r"(?:행정\d?|정무|경제)?(?:부?시장|구청장|부구청장|도지사|부지사|지사|주지사|군수|성장|부성장|현지사|"
    r"인민위원장|위원장|당서기|서기|주석|시의회\s?의장|의장|총영사|대사|대표단장|단장)"
)
# Words that refer back to the partners already in play.
ANAPHORA_RE = re.compile(
    r"두\s?도시|양\s?도시|두\s?시장|양\s?시장|양측|양\s?기관|두\s?지역|양\s?지역|두\s?자치단체|양\s?자치단체|"
    r"두\s?구|양\s?구|두\s?도|양\s?도|이들\s?도시|상대\s?도시|현지|자매도시(?:와|인)|우호도시(?:와|인)|이\s?도시"
)
# The delegation just mentioned: only for the partners of the last two sentences, never for counted cities.
DELEGATION_RE = re.compile(r"대표단|방문단|사절단|일행")
COUNTED_RE = re.compile(r"\d+\s?개\s?(?:도시|국|나라|지역|지자체)")
ITINERARY_RE = re.compile(r"\s*[△▲◇○•■-]\s*\d")  # an itinerary line: '△6월 26~27일 모스크바 △…'
ANNIVERSARY_RE = re.compile(
    r"\s?(?:을|의)?\s?(\d{1,3})\s?(?:주년|돌|년)(?=\s?(?:을|를|이|에|째|기념|맞|…|\.|,|\s))(?!\s?만)"
)
CONTINUATION_RE = re.compile(r"\s*(?:이후|이어|이어서|또|또한|앞서|이와\s?함께|아울러|이\s?자리에서|이날)\s")
EARLIER_RE = re.compile(r"에\s?이어\s(?:[가-힣]+\s)?(?:두|세|네|다섯|여섯|\d+)\s?(?:번째|번|차)")
# a subject particle, possibly after a parenthesis ('서울 종로구(구청장 정문헌)가')
SUBJECT_PARTICLE_RE = re.compile(
    r"^(?:\([^)]{0,20}\))?(?:은|는|이|가|도|에서는|에서도|측은|측이|대표단이|대표단은|에\s?따르면)"
)
INBOUND_RE = re.compile(
    r"방한|내방|답방|(?:을|를|에)\s?(?:방문|찾)|방문단이|대표단이|일행이|방문한\s?(?:[^ ]+\s)?(?:대표단|시장|일행)"
)
OUTBOUND_RE = re.compile(r"출장|순방|방중|방일|방미|방러|방독|떠나|떠났")
VENUE_AFTER_RE = re.compile(r"^(?:\s?[^\s,]{0,12}){0,2}?\s?에서")
# what may come before a sentence's opening subject: '또 ', '이와 함께 ', quotes and brackets
OPENING_RE = re.compile(r"[\s\"'“‘(\[]*(?:(?:또|또한|이어|아울러|특히|이와\s?함께|앞서)\s*,?\s*)?")
CLAUSE_BREAK_RE = re.compile(r"(?<=[다고며서면])\s|,\s|·")


@dataclass(frozen=True, slots=True)
class TriggerRule:
    kind: str  # an event type or a marker class
    pattern: re.Pattern[str]
    attrs: dict[str, str]
    note: str


@dataclass(frozen=True, slots=True)
class Hit:
    rule: TriggerRule
    start: int  # offsets into the article text
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Extraction:
    actor: Place | None
    events: tuple[Event, ...]
    actor_reason: str = ""


@cache
def trigger_rules() -> tuple[TriggerRule, ...]:
    """The lexicon in data/triggers.tsv, compiled once."""
    rules: list[TriggerRule] = []
    for lineno, line in enumerate(data_path("triggers.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        kind, pattern = cols[0].strip(), cols[1]
        if kind not in EVENT_TYPES | MARKER_CLASSES:
            raise ValueError(f"triggers.tsv line {lineno}: unknown type {kind!r}")
        attrs = {}
        for pair in (cols[2] if len(cols) > 2 else "").split(";"):
            if "=" in pair:
                key, value = pair.split("=", 1)
                attrs[key.strip()] = value.strip()
        rules.append(TriggerRule(kind, re.compile(pattern), attrs, cols[3] if len(cols) > 3 else ""))
    return tuple(rules)


@cache
def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The characters every match of ``pattern`` starts with; None when that cannot be told (a class
    such as \\w, a range, case folding) or a match may be empty."""
    if pattern.flags & re.IGNORECASE:
        return None
    chars, nullable = _first_of(sre_parse.parse(pattern.pattern).data)
    return None if chars is None or nullable else frozenset(chars)


def _first_of(items) -> tuple[set[str] | None, bool]:
    """(first characters, may match empty) of a parsed sequence."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _first_item(str(op), av)
        if chars is None:
            return None, True
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_item(op: str, av) -> tuple[set[str] | None, bool]:
    if op == "LITERAL":
        return {chr(av)}, False
    if op == "IN":
        if all(str(kind) == "LITERAL" for kind, _ in av):
            return {chr(value) for _, value in av}, False
        return None, True
    if op == "BRANCH":
        out: set[str] = set()
        nullable = False
        for branch in av[1]:
            chars, empty = _first_of(branch)
            if chars is None:
                return None, True
            out |= chars
            nullable = nullable or empty
        return out, nullable
    if op == "SUBPATTERN":
        return _first_of(av[-1])
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        chars, empty = _first_of(av[2])
        return chars, empty or av[0] == 0
    if op in ("ASSERT", "ASSERT_NOT", "AT"):
        return set(), True  # looks without consuming: the next item starts the match
    return None, True


@dataclass
class _Context:
    """Per-article state while walking its sentences."""

    article: Article
    gazetteer: Gazetteer
    actor: Place | None
    resolver: dates.DateResolver
    last_partners: tuple[Place, ...] = ()
    last_partners_at: int = -99  # sentence index where last_partners were named
    last_visit_at: int = -99  # sentence index of the last visit trigger (an itinerary may follow)
    last_forum_hosts: tuple[Place, ...] = ()
    contexts: frozenset[str] = frozenset()  # article-level vocabularies present (aid_context …)
    person_names: set[int] = field(default_factory=set)  # starts of mentions that spell a person's name
    person_places: dict[str, Place] = field(default_factory=dict)  # '호른' → Freiburg (its mayor's name)
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One sentence as the event builder sees it."""

    index: int
    sent: nlp.Sentence
    hits: list[Hit]
    candidates: list[PlaceMention]
    actor: Place | None
    people: tuple[Person, ...]

    def voided(self, trigger: Hit) -> bool:
        void = trigger.rule.attrs.get("void")
        if void and re.search(void, self.sent.text[trigger.end - self.sent.start :]):
            return True  # '교류 확대를 요청했다': asked for, not done
        return self._wished_or_denied(trigger)

    def _wished_or_denied(self, trigger: Hit) -> bool:
        """A wish ('방문하고 싶다') or a negation ('체결하지 못했다') right after the trigger voids it,
        and so does a private traveller ('관광객들은 … 떠났다') before a visit, or a team, club or company as
        the subject before any trigger ('대표팀은 … 도쿄에서 … 만난다')."""
        for h in self.hits:
            if h.rule.kind == "private" and 0 <= trigger.start - h.end <= 60:
                voids = h.rule.attrs.get("voids")  # None: a traveller; next: a party (_with_private_party)
                if voids == "any" or (voids is None and trigger.rule.kind == "visit"):
                    return True
            if h.rule.kind == "hypothetical" and trigger.start <= h.start <= trigger.end + 25:
                return True
            if h.rule.kind == "negation" and trigger.start <= h.start <= trigger.end + 20:
                return True
        return False


def _with_private_party(trigger: Hit, hits: list[Hit]) -> bool:
    """A meeting or visit whose other party is a private one ('현지 여행사 관계자들과 만났다') is no city's."""
    return trigger.rule.kind in ("meeting", "visit") and any(
        h.rule.kind == "private" and h.rule.attrs.get("voids") == "next" and 0 <= trigger.start - h.end <= 2
        for h in hits
    )


CLAUSE_END_RE = re.compile(r"(?:다|고|며|서|면|지만)[\s,]|[.;]")


def _excluded(m: PlaceMention, kind: str, hits: list[Hit], text: str) -> bool:
    """A place in the list right before '처럼' or '… 제치고' is compared with or beaten, not a partner."""
    for h in hits:
        if h.rule.kind != "exclude" or h.start < m.end:
            continue
        types = h.rule.attrs.get("types")
        if types and kind not in types.split(","):
            continue
        if not CLAUSE_END_RE.search(text, m.end, h.start):
            return True
    return False


def _name_span(m: PlaceMention, text: str) -> tuple[int, int]:
    """The name without a gloss folded into the mention ('시모노세키(下關.76년)' → '시모노세키'), so a date
    inside the parentheses counts as written with the partner."""
    paren = text.find("(", m.start, m.end)
    return (m.start, paren if paren > m.start else m.end)


def _coordinated_dates(
    when: dates.DateMention | None, mentions: Sequence[dates.DateMention], text: str
) -> list[dates.DateMention]:
    """The other dates of a list the event's date belongs to: '2009년과 2014년, 2015년'."""
    if when is None or when.date is None:
        return []
    ordered = sorted((m for m in mentions if m.date), key=lambda m: m.start)
    if when not in ordered:
        return []
    i = ordered.index(when)
    chain = [when]
    for step in (-1, 1):
        j = i
        while 0 <= j + step < len(ordered):
            a, b = (ordered[j + step], ordered[j]) if step < 0 else (ordered[j], ordered[j + step])
            if not re.fullmatch(r"\s*(?:과|와|,|및|그리고)\s*", text[a.end : b.start]):
                break
            j += step
            chain.append(ordered[j])
    return [m for m in chain if m is not when]


def _date_key(when: dates.DateMention | None) -> tuple:
    if when is None or when.date is None:
        return (None, None)
    return (when.date, when.date_end)


class Extractor:
    """Reads events out of articles with Kiwi, the gazetteer and the trigger lexicon."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or Gazetteer.default()
        self.rules = trigger_rules()
        self._openers = [(rule, first_chars(rule.pattern)) for rule in self.rules]
        # one pass that tells whether a sentence can hold an event at all, before every rule runs on it
        self._gate = re.compile(
            "|".join(f"(?:{r.pattern.pattern})" for r in self.rules if r.kind in EVENT_TYPES | {"relation"})
        )

    # -- public ----------------------------------------------------------------------------------

    def extract(self, article: Article) -> Extraction:
        text = article.text
        sents = nlp.sentences(text)
        spans = [(s.start, s.end) for s in sents]
        morphemes = Morphemes(
            spans,
            lambda i, end: (
                nlp.sentence_tokens(text, spans[i][0], end) if self._may_hold_event(sents[i].text) else None
            ),
        )
        countries = {c.code for c in self.gazetteer.find_countries(text)}
        mentions = _one_sense(self.gazetteer.find(text, tokens=morphemes, countries=countries))
        actor, actor_reason = self.find_actor(article, sents, mentions)
        resolver = dates.DateResolver(text, [(s.start, s.end) for s in sents], article.published)
        contexts = frozenset(
            r.kind for r in self.rules if r.kind.endswith("_context") and r.pattern.search(text)
        )
        ctx = _Context(
            article,
            self.gazetteer,
            actor,
            resolver,
            contexts=contexts,
            person_names=_person_name_spans(mentions, text),
        )
        ctx.person_places = _person_places(
            text, mentions, ctx.person_names, actor, [(x.start, x.end) for x in sents]
        )
        seen: set[str] = set()
        for index, sent in enumerate(sents):
            key = re.sub(r"\s+", "", sent.text)
            if len(key) > 15 and key in seen:
                continue  # news sites repeat paragraphs; a repeat adds nothing
            seen.add(key)
            in_sentence = [m for m in mentions if sent.start <= m.start < sent.end]
            self._sentence_events(ctx, index, sent, in_sentence)
        return Extraction(actor, tuple(_merge(_domestic_ties(ctx.events))), actor_reason)

    # -- actor -----------------------------------------------------------------------------------

    def find_actor(
        self, article: Article, sents: Sequence[nlp.Sentence], mentions: Sequence[PlaceMention]
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
            if _is_locator(m, korean, text):
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
            for m in self.gazetteer.find(article.title):
                if m.place.country == "KR" and m.place.key in places:
                    scores[m.place.key] += 2.0
        if not scores:
            return None, "no Korean local government named"
        best = max(scores, key=lambda k: (scores[k], -_first_offset(korean, k)))
        return places[best], f"{reasons[best]} ({places[best].name_ko})"

    # -- events ----------------------------------------------------------------------------------

    def _may_hold_event(self, sentence: str) -> bool:
        return bool(self._gate.search(sentence) or ITINERARY_RE.match(sentence))

    def _hits(self, sent: nlp.Sentence, contexts: frozenset[str]) -> list[Hit]:
        hits = []
        wanted = contexts | {""}
        chars = set(sent.text)
        for rule, first in self._openers:
            if rule.kind.endswith("_context") or rule.attrs.get("needs", "") not in wanted:
                continue
            if first is not None and first.isdisjoint(chars):
                continue  # no character a match of this row could start with
            for m in rule.pattern.finditer(sent.text):
                hits.append(Hit(rule, sent.start + m.start(), sent.start + m.end(), m.group(0)))
        hits.sort(key=lambda h: h.start)
        return hits

    def _sentence_events(
        self, ctx: _Context, index: int, sent: nlp.Sentence, mentions: list[PlaceMention]
    ) -> None:
        if not self._may_hold_event(sent.text):
            return
        hits = self._hits(sent, ctx.contexts)
        if any(h.rule.kind == "visit" for h in hits):
            ctx.last_visit_at = index
        elif ITINERARY_RE.match(sent.text) and index - ctx.last_visit_at <= 2:
            # '이번 순방의 동선은 다음과 같다. △6월 26~27일 모스크바 △28~29일 울랴놉스크 …'
            rule = TriggerRule("visit", ITINERARY_RE, {"weight": "0.7"}, "itinerary after a trip")
            hits.insert(0, Hit(rule, sent.start, sent.start + 1, sent.text[:1]))
        if not any(h.rule.kind in EVENT_TYPES or h.rule.kind == "relation" for h in hits):
            return
        text = ctx.article.text
        candidates = self._partner_candidates(ctx, mentions)
        local_actor = self._passage_actor(ctx, sent, mentions)
        if local_actor is not None:
            candidates = [m for m in candidates if m.place.key != local_actor.key]
        here = _Sentence(
            index, sent, hits, candidates, local_actor or ctx.actor, _people(text, sent, mentions)
        )
        by_type: dict[str, list[Hit]] = {}
        present = {h.rule.kind for h in hits}
        for hit in hits:
            if (
                hit.rule.kind in EVENT_TYPES
                and hit.rule.attrs.get("unless") not in present
                and not _with_private_party(hit, hits)
            ):
                by_type.setdefault(hit.rule.kind, []).append(hit)
        produced: list[Event] = self._relations(ctx, here)
        for kind, kind_hits in by_type.items():
            if kind == "agreement":
                kind_hits = [h for h in kind_hits if _agreement_hit_ok(h, hits)]
                if not kind_hits:
                    continue
            produced += self._build(ctx, here, kind, kind_hits)
        if produced:
            ctx.last_partners = produced[-1].partners
            ctx.last_partners_at = index

    def _build(self, ctx: _Context, here: _Sentence, kind: str, kind_hits: list[Hit]) -> list[Event]:
        """The events one trigger type yields in one sentence: one per (level, date) of its partners."""
        text = ctx.article.text
        trigger = kind_hits[0]
        if here.voided(trigger):
            return []
        mentions = self._partner_mentions(ctx, kind, here)
        reason_partners = "named in the sentence"
        anniversaries: list[Event] = []
        if kind == "agreement" and ctx.article.published:
            # '자매결연 10주년을 맞아 … 협약을 맺었다': the anniversary dates the old agreement, the rest is new
            for act in [h for h in kind_hits if ANNIVERSARY_RE.match(text, h.end)]:
                old = self._anniversary(ctx, here, act, mentions)
                if old is not None:
                    anniversaries.append(old)
            kind_hits = [h for h in kind_hits if not ANNIVERSARY_RE.match(text, h.end)]
            if not kind_hits:
                ctx.events.extend(anniversaries)
                return anniversaries
            trigger = kind_hits[0]
        fallback: tuple[Place, ...] = ()
        if not mentions:
            if kind == "forum" and ctx.last_forum_hosts:
                fallback, reason_partners = ctx.last_forum_hosts, "host of the forum named earlier"
            elif official := _official_place(here.sent.text, ctx.person_places):
                fallback, reason_partners = (official,), "an official of the partner named earlier"
            elif (
                CONTINUATION_RE.match(here.sent.text)
                and ctx.last_partners
                and here.index - ctx.last_partners_at <= 1
            ):
                fallback, reason_partners = (
                    ctx.last_partners,
                    "the sentence continues the previous one (이후, 이어 …)",
                )
            elif ANAPHORA_RE.search(here.sent.text) and ctx.last_partners:
                fallback, reason_partners = ctx.last_partners, "partners referred back to (두 도시, 현지 …)"
            elif (
                DELEGATION_RE.search(here.sent.text)
                and not COUNTED_RE.search(here.sent.text)
                and ctx.last_partners
                and here.index - ctx.last_partners_at <= 2
            ):
                fallback, reason_partners = ctx.last_partners, "the delegation just mentioned"
            else:
                return []
        # which (level, date) each partner takes: a list may date and rank every partner on its own
        buckets: dict[tuple, list[Place]] = {}
        moments: dict[tuple, tuple[dates.DateMention | None, Hit]] = {}

        def slot(level: str | None, when: dates.DateMention | None, act: Hit) -> list[Place]:
            key = (level, _date_key(when), act.start)
            moments.setdefault(key, (when, act))
            return buckets.setdefault(key, [])

        if kind == "agreement" and len({m.place.key for m in mentions}) <= 1:
            # one partner, several acts: "2016년 8월 우호도시 체결 7년 만에 친선도시로 격상"
            partners = tuple(dict.fromkeys(m.place for m in mentions)) or fallback
            groups = _agreement_groups(kind_hits, here.hits, ctx.resolver, here.index)
            # with one act, a date written with the partner wins ('2003년 일본 도쿄도 스미다구 이후')
            span = _name_span(mentions[0], text) if len(groups) == 1 and mentions else None
            for group in groups:
                when = ctx.resolver.date_for(here.index, group[0].start, group[0].end, partner=span)
                slot(_level_for(group, here.hits), when, group[0]).extend(partners)
        elif mentions:
            several_dates = len({d.date for d in ctx.resolver.mentions(here.index) if d.date}) > 1
            for m in mentions:
                span = _name_span(m, text) if several_dates or kind == "agreement" else None
                when = ctx.resolver.date_for(here.index, trigger.start, trigger.end, partner=span)
                level = _partner_level(m, mentions, here.hits) or _level_for(kind_hits, here.hits)
                slot(level if kind == "agreement" else None, when, trigger).append(m.place)
        else:
            when = ctx.resolver.date_for(here.index, trigger.start, trigger.end)
            level = _level_for(kind_hits, here.hits) if kind == "agreement" else None
            slot(level, when, trigger).extend(fallback)
        events = []
        # '… 보낸 것은 2009년과 2014년, 2015년에 이어 네 번째다': the earlier occurrences are events too
        earlier = EARLIER_RE.search(here.sent.text)
        if earlier and kind != "agreement" and buckets:
            listed = [
                d
                for d in ctx.resolver.mentions(here.index)
                if d.date
                and d.end <= here.sent.start + earlier.start()
                and not re.search(r"[.!?]", text[d.end : here.sent.start + earlier.start()])
            ]
            key = next(iter(buckets))
            for d in listed:
                extra = (key[0], _date_key(d), key[2])
                if extra not in buckets:
                    buckets[extra] = list(buckets[key])
                    moments[extra] = (d, moments[key][1])
        # '2009년과 2014년, 2015년에': one event for each coordinated date
        for key in list(buckets):
            when, act = moments[key]
            for other in (
                _coordinated_dates(when, ctx.resolver.mentions(here.index), text)
                if kind != "agreement"
                else ()
            ):
                extra = (key[0], _date_key(other), act.start)
                if extra not in buckets:
                    buckets[extra] = list(buckets[key])
                    moments[extra] = (other, act)
        for key, places in buckets.items():
            level = key[0]
            when, act = moments[key]
            partners = tuple(dict.fromkeys(places))
            events.append(self._event(ctx, here, kind, act, partners, level, when, reason_partners))
        if kind == "forum" and events:
            ctx.last_forum_hosts = events[-1].partners
        events = anniversaries + events
        ctx.events.extend(events)
        return events

    def _anniversary(
        self, ctx: _Context, here: _Sentence, act: Hit, mentions: list[PlaceMention]
    ) -> Event | None:
        text = ctx.article.text
        found = ANNIVERSARY_RE.match(text, act.end)
        # the places named before the act in its clause: '하이난성과의 결연 30주년을 기념하고 쓰촨성과 …'
        before = [
            m for m in mentions if m.end <= act.start and not CLAUSE_END_RE.search(text, m.end, act.start)
        ]
        partners = tuple(dict.fromkeys(m.place for m in before or mentions)) or ctx.last_partners
        if not partners or found is None or not ctx.article.published:
            return None
        year = int(ctx.article.published[:4]) - int(found.group(1))
        when = dates.DateMention(
            act.start, found.end(), found.group(0).strip(), str(year), None, "year", True, historical=True
        )
        event = self._event(
            ctx,
            here,
            "agreement",
            act,
            partners,
            _level_for([act], here.hits),
            when,
            "named in the sentence (anniversary)",
        )
        return replace(
            event, status=Status.DONE, reason=event.reason + f"; signed {found.group(1)} years before"
        )

    def _relations(self, ctx: _Context, here: _Sentence) -> list[Event]:
        """'자매도시인 계림시와 래주시, 우호도시인 곤산시': each rank covers the places listed after it."""
        text = ctx.article.text
        relations = [h for h in here.hits if h.rule.kind == "relation"]
        events = []
        for i, hit in enumerate(relations):
            if hit.rule.attrs.get("side") == "before":
                # the list ends at the marker and starts after the last clause break before it
                breaks = [b.end() for b in CLAUSE_END_RE.finditer(text, here.sent.start, hit.start)]
                start = breaks[-1] if breaks else here.sent.start
                places = [m for m in here.candidates if start <= m.start and m.end <= hit.start]
            else:
                stop = relations[i + 1].start if i + 1 < len(relations) else here.sent.end
                clause_end = CLAUSE_END_RE.search(text, hit.end, stop)
                stop = clause_end.end() if clause_end else stop
                places = [m for m in here.candidates if hit.end <= m.start < stop]
            if not places:
                continue
            level = "sister" if "자매" in hit.text else "amity" if "친선" in hit.text else "friendship"
            rule = TriggerRule("agreement", hit.rule.pattern, {"weight": "0.6"}, "relation named in passing")
            # each member keeps a date written with its own name ('1996년 일본 아사히카와시, 2001년 …')
            dated: dict[tuple, tuple[dates.DateMention | None, list[Place]]] = {}
            for m in places:
                when = ctx.resolver.written_with(here.index, _name_span(m, text), (hit.start, hit.end))
                dated.setdefault(_date_key(when), (when, []))[1].append(m.place)
            for when, members in dated.values():
                event = self._event(
                    ctx,
                    here,
                    "agreement",
                    Hit(rule, hit.start, hit.end, hit.text),
                    tuple(dict.fromkeys(members)),
                    level,
                    when,
                    "named after the rank (…도시인)",
                )
                events.append(replace(event, status=Status.DONE))
        ctx.events.extend(events)
        return events

    def _event(
        self,
        ctx: _Context,
        here: _Sentence,
        kind: str,
        trigger: Hit,
        partners: tuple[Place, ...],
        level: str | None,
        when: dates.DateMention | None,
        reason_partners: str,
    ) -> Event:
        text = ctx.article.text
        status = _status(text, trigger, here.sent)
        published = ctx.article.published
        if (
            status == Status.DONE
            and when is not None
            and when.date
            and published
            and when.date[:10] > published
        ):
            if here.sent.start <= when.start < here.sent.end:
                status = Status.PLANNED  # '내년에 열리는 포럼에 초청했다': the sentence dates a coming event
            else:
                # a done event cannot lie after the report: the date came from a plan told nearby
                main = ctx.resolver.main_date()
                when = main if main is not None and main.date and main.date <= published else None
        if status == Status.PLANNED and when is not None and when.date and published:
            last_day = when.date_end or when.date
            if last_day < published[: len(last_day)]:
                status = Status.DONE  # '지난 3월 … 협약 체결 이후 …': a date before the report is no plan
        # '2016년 8월 우호도시 체결 7년 만에 친선도시로 격상': the raise belongs to the act dated with it
        upgrade = kind == "agreement" and any(
            h.rule.kind == "upgrade"
            and abs(h.start - trigger.start) < 40
            and _date_key(ctx.resolver.date_for(here.index, h.start, h.end)) == _date_key(when)
            for h in here.hits
        )
        direction = None
        if kind == "visit":
            direction = _visit_direction(text, here.sent, trigger, here.actor, partners)
            if direction == Direction.OUTBOUND and _official_place(
                text[here.sent.start : trigger.start], ctx.person_places
            ):
                direction = (
                    Direction.INBOUND
                )  # '마르틴 호른 시장 등 대표단 방문': the partner's official came
        elif kind == "aid":
            direction = _aid_direction(text, here.sent, trigger)
        weight = float(trigger.rule.attrs.get("weight", "0.6"))
        confidence = round(min(0.99, weight * (0.9 if reason_partners.startswith("named") else 0.7)), 3)
        dated = when is not None and when.date is not None
        return Event(
            type=kind,
            partners=partners,
            evidence=here.sent.text.strip(),
            actor=here.actor,
            level=level,
            upgrade=upgrade,
            status=status,
            direction=direction,
            date=when.date if dated else None,
            date_end=when.date_end if dated else None,
            precision=when.precision if dated else Precision.UNKNOWN,
            people=here.people,
            confidence=confidence,
            reason=f"trigger '{trigger.text}' ({kind}); partners {reason_partners}"
            + (f"; date from '{when.text}'" if dated else "; no date"),
        )

    def _partner_candidates(self, ctx: _Context, mentions: list[PlaceMention]) -> list[PlaceMention]:
        text = ctx.article.text
        actor = ctx.actor
        out = []
        for m in mentions:
            if actor is not None and m.place.key == actor.key:
                continue
            if actor is not None and _related_korean(m.place, actor):
                continue
            if (
                _is_locator(m, mentions, text)
                or m.start in ctx.person_names
                or FACILITY_RE.match(text, m.end)
            ):
                continue
            out.append(m)
        return out

    def _partner_mentions(self, ctx: _Context, kind: str, here: _Sentence) -> list[PlaceMention]:
        """The sentence's partner mentions for one event type, first mention of each place kept."""
        text = ctx.article.text
        chosen = [m for m in here.candidates if not _excluded(m, kind, here.hits, text)]
        if kind != "forum" and len(chosen) > 1:
            # a city that is only the venue where the actor met someone from elsewhere is not a partner
            venues = [m for m in chosen if VENUE_AFTER_RE.match(text[m.end : m.end + 20])]
            others = [m for m in chosen if m not in venues]
            if venues and others:
                chosen = others
        first: dict[str, PlaceMention] = {}
        for m in chosen:
            first.setdefault(m.place.key, m)
        return list(first.values())

    def _passage_actor(self, ctx: _Context, sent: nlp.Sentence, mentions: list[PlaceMention]) -> Place | None:
        """'한편 부산시도 …' hands the passage to another Korean government; a sentence that opens with
        another Korean government as its subject and never names the actor is that government's own
        ('고양시는 지역 기업 30곳과 업무협약을 체결했다' in an article about Jeju: 고양시 is no partner)."""
        stripped = sent.text.lstrip()
        text = ctx.article.text
        if stripped.startswith("한편"):
            for m in mentions:
                is_subject = m.place.country == "KR" and SUBJECT_PARTICLE_RE.match(text[m.end : m.end + 6])
                if is_subject and (ctx.actor is None or m.place.key != ctx.actor.key):
                    return m.place
            return None
        if ctx.actor is None or not mentions or any(m.place.key == ctx.actor.key for m in mentions):
            return None
        first = mentions[0]
        if (
            first.place.country == "KR"
            and OPENING_RE.fullmatch(text, sent.start, first.start)
            and SUBJECT_PARTICLE_RE.match(text[first.end : first.end + 6])
        ):
            return first.place
        return None


# -- helpers ---------------------------------------------------------------------------------------


def _one_sense(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """One sense per article: an ambiguous name resolved once keeps that sense later on
    ('강원특별자치도 고성군 … 함명준 고성군수와' stays Gangwon's 고성군, not Gyeongnam's)."""
    settled: dict[str, Place] = {}
    out = []
    for m in mentions:
        earlier = next((settled[a.key] for a in m.alternatives if a.key in settled), None)
        if earlier is not None and m.place.key not in settled:
            m = replace(m, place=earlier, reason=f"{m.reason}; as resolved earlier in the article")
        settled.setdefault(m.place.key, m.place)
        out.append(m)
    return out


OFFICIAL_TITLE = r"\s?(?:시장|부시장|구청장|구장|도지사|지사|주지사|군수|성장|당서기|의장|위원장)"


def _person_places(
    text: str,
    mentions: Sequence[PlaceMention],
    person_names: set[int],
    actor: Place | None,
    sentences: Sequence[tuple[int, int]] = (),
) -> dict[str, Place]:
    """Name → place for officials introduced as '<name> <place> <title>' ('마르틴 호른 프라이부르크시장',
    '구로이와 유지(黒岩祐治) 일본 가나가와현 지사'), so '호른 시장', '구로이와 지사' later point to the place."""
    found: dict[str, Place] = {}
    for m in mentions:
        if m.start in person_names or (actor is not None and m.place.key == actor.key):
            continue
        if not re.match(OFFICIAL_TITLE, text[m.end : m.end + 6]):
            continue
        line = text[max(0, m.start - 40) : m.start].split("\n")[-1]
        words = [re.sub(r"\(.*", "", w) for w in re.findall(r"[가-힣]{2,6}(?:\([^)]{0,30}\))?", line)[-3:]]
        # a country or a word with a particle is no part of the name ('일본', '시장은')
        names = [
            w for w in words if w not in COUNTRY_WORDS and not w.endswith(("의", "는", "은", "가", "이"))
        ]
        for word in names[-2:]:
            found.setdefault(word, m.place)
    # '노르베르트 코프(Norbert Kopp) 구청장과': an official named with a bare title in a sentence whose
    # only foreign place is X is X's official
    for sent in sentences:
        places = {
            m.place.key: m.place
            for m in mentions
            if sent[0] <= m.start < sent[1] and m.place.country != "KR" and m.start not in person_names
        }
        if len(places) != 1:
            continue
        (place,) = places.values()
        for hit in re.finditer(
            r"([가-힣]{2,6})(?:\([A-Za-z .,'-]{2,40}\))?" + OFFICIAL_TITLE, text[sent[0] : sent[1]]
        ):
            at = sent[0] + hit.start(1)
            if any(m.start <= at < m.end for m in mentions):
                continue  # '이재준 수원시장': the word before the title is a place's, not a person's name
            found.setdefault(hit.group(1), place)
    return found


COUNTRY_WORDS = frozenset(
    [
        "중국",
        "일본",
        "미국",
        "독일",
        "프랑스",
        "영국",
        "러시아",
        "베트남",
        "대만",
        "캐나다",
        "호주",
        "몽골",
        "인도",
        "태국",
        "필리핀",
        "인도네시아",
        "말레이시아",
        "싱가포르",
        "이탈리아",
        "스페인",
        "뉴질랜드",
        "우즈베키스탄",
        "카자흐스탄",
        "튀르키예",
        "터키",
        "브라질",
        "멕시코",
    ]
)


def _official_place(sentence: str, person_places: dict[str, Place]) -> Place | None:
    for m in re.finditer(r"([가-힣]{2,6})" + OFFICIAL_TITLE, sentence):
        place = person_places.get(m.group(1))
        if place is not None:
            return place
    return None


def _domestic_ties(events: list[Event]) -> list[Event]:
    """A Korean place is a partner of a meeting, visit, forum, award or policy only when the article ties
    the actor to it by an agreement, aid or exchange ('종로구–고성군'); '서울 방문' alone is no diplomacy."""
    tied = {p.key for e in events if e.type in ("agreement", "aid", "exchange") for p in e.partners}
    out = []
    for e in events:
        if e.type in ("agreement", "aid", "exchange"):
            out.append(e)
            continue
        partners = tuple(p for p in e.partners if p.country != "KR" or p.key in tied)
        if partners:
            out.append(replace(e, partners=partners) if partners != e.partners else e)
    return out


def _first_offset(mentions: Sequence[PlaceMention], key: str) -> int:
    return min((m.start for m in mentions if m.place.key == key), default=1 << 30)


def _is_locator(m: PlaceMention, mentions: Sequence[PlaceMention], text: str) -> bool:
    """'독일 베를린주 슈테글리츠-첼렌도르프구', '서울 송파구', '베를린의 …구': the first only locates the second."""
    for other in mentions:
        if other.start <= m.end:
            continue
        gap = text[m.end : other.start]
        if len(gap) > 3:
            break
        if (
            LOCATOR_GAP_RE.fullmatch(gap)
            and other.place.country == m.place.country
            and other.place.key != m.place.key
        ):
            return _rank(m.place) >= _rank(other.place)
        break
    return False


# a place name that only names a facility or a club: '프라이부르크 전망대', '뉴욕 한인회'
FACILITY_RE = re.compile(
    r"\s?(?:전망대|공원|거리|광장|정원|숲길|마을|빌딩|타워|호텔|박물관|기념관|전시관|미술관|대학교?|공항|"
    r"한인회|총영사관|대사관|무역관|사무소|FC|필하모닉|교향악단|국제영화제)"
    # a university's short name ('후쿠오카대와'), a company placed by its seat ('뮌헨에 본사를 둔', '뮌헨 소재')
    r"|대(?=[와과는가의에를도이]|\s)"
    r"|에\s?(?:본사|본부|본점|공장|법인|지사)(?:를|을|가|이)?\s?(?:둔|두고|있는|세운)|\s?소재\s"
)
PERSON_AFTER_RE = re.compile(
    r"\s[가-힣]{1,4}\s?\([A-Z][A-Za-z .'-]{1,40}\)\s?(?:의장|시장|구청장|주지사|지사|군수|부시장|위원장|대사|총영사)"
)
NAME_GAP_RE = re.compile(r"\s*(?:\([A-Za-z .,'-]{1,40}\))?\s*")
TITLE_AFTER_RE = re.compile(r"\s?(?:시장|구청장|도지사|지사|주지사|군수|부시장|성장|당서기)")


def _person_name_spans(mentions: Sequence[PlaceMention], text: str) -> set[int]:
    """Starts of mentions that spell a person's name: '마르틴 호른(Martin Horn) 프라이부르크시장', '마르틴 호른 시장'.

    Adjacent mentions (only spaces or a Latin gloss between them) of different countries form no locator
    chain. When such a chain ends in an official's title, the mentions before the office's city are the
    person's name; the last one is the city only if the article names that place elsewhere too.
    """
    ordered = sorted(mentions, key=lambda x: x.start)
    names: set[int] = set()
    i = 0
    while i < len(ordered):
        chain = [ordered[i]]
        while i + len(chain) < len(ordered) and NAME_GAP_RE.fullmatch(
            text[chain[-1].end : ordered[i + len(chain)].start]
        ):
            chain.append(ordered[i + len(chain)])
        i += len(chain)
        if len(chain) < 2 or len({x.place.country for x in chain}) < 2:
            continue
        last = chain[-1]
        if not TITLE_AFTER_RE.match(text, last.end):
            continue
        names.update(x.start for x in chain[:-1])
        # the last is the office's city only if the article also names it as a place (not before a title)
        if not any(
            x.start != last.start and not TITLE_AFTER_RE.match(text, x.end)
            for x in ordered
            if x.place.key == last.place.key
        ):
            names.add(last.start)
    # a given name that is a town: '샬럿 내시(Charlotte Nash) 의장이' (a name word and a Latin gloss follow)
    for x in ordered:
        if PERSON_AFTER_RE.match(text, x.end):
            names.add(x.start)
    # a given name read as a city and its suffix: '무라야마 다카시 시장' (Takashi, not Dhaka) — a surname-like
    # word, the '…시' name, then a separate title; a city is written '다카 시장' or '다카시장' instead
    for x in ordered:
        before = GIVEN_NAME_BEFORE_RE.search(text, max(0, x.start - 8), x.start)
        if (
            text[x.start : x.end].endswith("시")
            and TITLE_AFTER_RE.match(text, x.end)
            and text[x.end : x.end + 1] == " "
            and before is not None
            and before.group(1) not in COUNTRY_WORDS
            and not any(y.start <= before.start(1) < y.end for y in ordered)
        ):
            names.add(x.start)
    # a surname read as a place: '우에다 후미오 시장', '우에다 후미오(上田文雄) 삿포로시장' — a mention, one bare
    # word (the given name, no particle, no office or place suffix) and a title, or a city and its title
    for x in ordered:
        given = GIVEN_NAME_AFTER_RE.match(text, x.end)
        if given is None or any(y.start <= x.end + 1 < y.end for y in ordered):
            continue
        rest = given.end()
        if TITLE_AFTER_RE.match(text, rest) or any(
            y.start == rest and TITLE_AFTER_RE.match(text, y.end) for y in ordered
        ):
            names.add(x.start)
    # a surname found in a name chain is a name wherever it stands before a title ('호른 시장에게')
    name_keys = {x.place.key for x in ordered if x.start in names}
    names.update(x.start for x in ordered if x.place.key in name_keys and TITLE_AFTER_RE.match(text, x.end))
    return names


# a bare word right before a mention, as a surname stands before a given name (no particle, no place suffix)
GIVEN_NAME_BEFORE_RE = re.compile(r"(?<![가-힣])([가-힣]{2,5})(?<![의은는이가과와을를에도시구군주현성])\s$")
# a given name right after a surname: one bare word, an optional gloss ('후미오(上田文雄) ')
GIVEN_NAME_AFTER_RE = re.compile(
    r" ([가-힣]{2,4})(?<![의은는이가과와을를에도시구군주현성회청부처원국단])(?:\([^)]{1,20}\))? ?"
)
LOCATOR_GAP_RE = re.compile(r"\s*(?:의|[도시주성현부군])?\s*")  # '도쿄(東京)도 분쿄구': a stray suffix


def _rank(place: Place) -> int:
    return {"region": 2, "city": 1, "district": 0}.get(str(place.kind), 1)


def _related_korean(place: Place, actor: Place) -> bool:
    """The actor's own parent (서울 for 송파구) or its own districts are never its partners."""
    if place.country != "KR" or actor.country != "KR":
        return False
    actor_names = {_bare(actor.name_ko), _bare(actor.name)}
    if place.parent and _bare(place.parent) in actor_names:
        return True
    return bool(actor.parent) and _bare(actor.parent) in {_bare(place.name_ko), _bare(place.name)}


def _bare(name: str) -> str:
    """A Korean local government's name without its administrative suffix: 서울특별시 → 서울."""
    name = name.replace(" ", "")
    for suffix in ("특별자치도", "특별자치시", "특별시", "광역시", "특례시", "-si", "-do", "-gu", "시", "도"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _agreement_hit_ok(hit: Hit, hits: list[Hit]) -> bool:
    """Signing verbs need an agreement noun or a rank word shortly before them (not '결실을 맺다')."""
    if hit.rule.attrs.get("level") or re.search(r"협약|협정|결연", hit.text):
        return True
    for other in hits:
        if other is hit or not (hit.start - 25 <= other.start < hit.start):
            continue
        if other.rule.kind == "level" or (
            other.rule.kind == "agreement" and re.search(r"협약|협정|결연|각서|MOU", other.text)
        ):
            return True
    return False


def _level_for(kind_hits: list[Hit], hits: list[Hit]) -> str | None:
    """The rank of an agreement: its own rank word, else the one nearest the act; None when unstated."""
    for h in kind_hits:
        if h.rule.attrs.get("level") and h.rule.attrs["level"] != "mou":
            return h.rule.attrs["level"]
    anchor = kind_hits[0]
    best: tuple[int, str] | None = None
    for h in hits:
        if h.rule.kind != "level" or h.start > anchor.end + 8:
            continue
        distance = abs(anchor.start - h.end)
        if distance <= 40 and (best is None or distance < best[0]):
            best = (distance, h.rule.attrs["level"])
    if best:
        return best[1]
    if any(h.rule.attrs.get("level") == "mou" for h in kind_hits):
        return "mou"
    if any("결연" in h.text for h in kind_hits):
        return "sister"
    return None


def _partner_level(m: PlaceMention, mentions: list[PlaceMention], hits: list[Hit]) -> str | None:
    """In a list the rank belongs to the act that governs the partners before it:
    'A, B와 자매결연을, C와 우호도시 협약을 맺었다'; '분쿄구와 우호 협력을 위한 자매결연을 맺었다'."""
    for h in hits:
        if h.start >= m.end and h.rule.kind == "agreement" and h.rule.attrs.get("act"):
            return _level_for([h], hits)
    return None


def _agreement_groups(
    kind_hits: list[Hit], hits: list[Hit], resolver: dates.DateResolver, index: int
) -> list[list[Hit]]:
    """Split one partner's signing acts into separate agreements when their rank or date differ."""
    keyed: list[tuple[tuple, Hit]] = []
    for hit in kind_hits:
        level = _level_for([hit], hits)
        keyed.append(((level, _date_key(resolver.date_for(index, hit.start, hit.end))), hit))
    groups: dict[tuple, list[Hit]] = {}
    last: tuple | None = None
    for key, hit in keyed:
        if key[0] is None and last is not None and key[1] == last[1]:
            key = last  # an act with no rank of its own belongs with the act before it
        groups.setdefault(key, []).append(hit)
        last = key
    return list(groups.values())


OWN_FUTURE_RE = re.compile(
    r"^\S{0,4}?(?:할|될|한다|된다|하기로|키로|하겠|을|를)?\s?(?:예정|계획|방침|것)|^\S{0,3}(?:하기로|키로|한다|할\s)"
)
CONNECTIVE_RE = re.compile(
    r"^\S{0,3}?(?:하고|해|하며|하여|했고|했으며|한\s?뒤|한\s?후|하면서|을\s?갖고|를\s?갖고|을\s?하고|를\s?하고)\s"
)


def _status(text: str, trigger: Hit, sent: nlp.Sentence) -> str:
    """Planned when the trigger's own predicate is future; a '…하고' chain takes the sentence's last verb."""
    after = text[trigger.end : sent.end]
    if OWN_FUTURE_RE.match(after):
        return Status.PLANNED
    if CONNECTIVE_RE.match(after):
        # '접견하고 … 열기로 합의했다', '답방해 … 이어 나갈 것을 요청했다': a chained act takes the tense of the
        # sentence's last predicate, not of a plan embedded on the way
        last = " ".join(after.split()[-2:])
        return Status.PLANNED if dates.clause_tense(last) == "future" else Status.DONE
    return Status.PLANNED if dates.clause_tense(text[trigger.start : sent.end]) == "future" else Status.DONE


def _visit_direction(
    text: str, sent: nlp.Sentence, trigger: Hit, actor: Place | None, partners: tuple[Place, ...]
) -> str:
    window = text[max(sent.start, trigger.start - 20) : min(sent.end, trigger.end + 12)]
    if re.match(r"방한|내방|답방", trigger.text):
        return Direction.INBOUND
    if OUTBOUND_RE.search(trigger.text):
        return Direction.OUTBOUND
    if actor is not None:
        short = actor.name_ko.removesuffix("시")
        if re.search(rf"{re.escape(short)}\S*\s?(?:을|를|에)\s?(?:\S+\s)?(?:방문|찾)", window):
            return Direction.INBOUND
    head = text[sent.start : trigger.start]
    # '방문단은 …' / '대표단이 …' with no '시'/'구'/'도' before it: the partner's delegation is the subject
    opening = text[sent.start : trigger.end + 3]
    if re.match(
        r"\s*(?:[가-힣]+\s)?(?:대표단|방문단|일행|사절단)(?:은|는|이|가)\s", opening
    ) and not re.match(r"\s*(?:[시구도군]|[가-힣]+[시구도군])\s?(?:대표단|방문단|일행|사절단)", opening):
        return Direction.INBOUND
    if INBOUND_RE.search(window) and any(f"{p.name_ko}" in head for p in partners):
        for p in partners:
            pos = head.find(p.name_ko.removesuffix("시"))
            if pos >= 0 and re.match(
                r"\S*\s?(?:시장|대표단|일행|방문단|구청장|지사|성장)?\s?(?:이|가|은|는)\s",
                head[pos + len(p.name_ko.removesuffix("시")) :],
            ):
                return Direction.INBOUND
    return Direction.OUTBOUND


def _aid_direction(text: str, sent: nlp.Sentence, trigger: Hit) -> str:
    head = text[sent.start : trigger.start]
    if re.search(
        r"(?:로부터|에서\s?보내온|이\s?보낸|가\s?보낸)", head + text[trigger.start : trigger.end + 10]
    ):
        return Direction.INBOUND
    return Direction.OUTBOUND


def _people(text: str, sent: nlp.Sentence, mentions: list[PlaceMention]) -> tuple[Person, ...]:
    """Named officials with their titles: '에릭 애덤스 뉴욕시장', '이기염(李其炎) 북경시장'."""
    out: list[Person] = []
    body = sent.text
    for m in re.finditer(
        r"(?<![가-힣])((?:[가-힣]{1,6}\s){0,2}[가-힣]{2,6})(?:\([^)]{1,12}\))?\s((?:[가-힣]{2,12}?)?"
        + TITLE_RE.pattern
        + r")(?=[은는이가과와을를의도,\s]|$)",
        body,
    ):
        name, title = m.group(1).strip(), m.group(2).strip()
        if name.endswith(("시", "구", "도", "군", "의")) or len(name.replace(" ", "")) < 2:
            continue
        if name in ("오", "이", "박", "김", "최", "정"):
            continue
        city = None
        abs_start = sent.start + m.start(2)
        for pm in mentions:
            if abs_start <= pm.start < sent.start + m.end(2):
                city = pm.place.name
                break
        out.append(Person(name=name, title=title, city=city))
    return tuple(dict.fromkeys(out))


def _merge(events: list[Event]) -> list[Event]:
    """One event per (type, partner set, date); undated or unranked twins of a fuller event add nothing."""
    ranked = [e for e in events if e.type == "agreement" and e.level is not None]

    def told_elsewhere(ev: Event, partner: Place) -> bool:
        return any(partner in r.partners and _dates_agree(r.date, ev.date) for r in ranked)

    folded: list[Event] = []
    for ev in events:
        if ev.type == "agreement" and ev.level is None:
            if all(told_elsewhere(ev, p) for p in ev.partners):
                continue  # '협약식은 … 열렸다' tells of an agreement the article ranks elsewhere
            ev = replace(ev, level="mou", reason=ev.reason + "; rank unstated: memorandum")
        folded.append(ev)
    merged: dict[tuple, Event] = {}
    for ev in folded:
        key = (
            ev.type,
            frozenset(p.key for p in ev.partners),
            ev.date,
            ev.level if ev.type == "agreement" else None,
        )
        if key in merged:
            prev = merged[key]
            merged[key] = replace(
                prev,
                people=tuple(dict.fromkeys(prev.people + ev.people)),
                upgrade=prev.upgrade or ev.upgrade,
                date_end=prev.date_end or ev.date_end,
            )
        else:
            merged[key] = ev
    out = list(merged.values())

    def twin(e: Event) -> tuple:
        return (e.type, frozenset(p.key for p in e.partners), e.level if e.type == "agreement" else None)

    dated = {twin(e) for e in out if e.date}
    return [e for e in out if e.date or twin(e) not in dated]


def _dates_agree(a: str | None, b: str | None) -> bool:
    """Either is undated, or one is a prefix of the other (2023-09 and 2023-09-16)."""
    if a is None or b is None:
        return True
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def highest_level(levels: Sequence[str]) -> str | None:
    return max(levels, key=lambda lv: LEVEL_RANK.get(lv, -1), default=None)
