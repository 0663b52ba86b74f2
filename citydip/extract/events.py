"""Triggers into events: walks an article's sentences and builds its city-diplomacy events."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from citydip import dates, nlp
from citydip.dateline import without_byline
from citydip.extract.actor import SELF_SUBJECT_RE, find_actor, self_kind
from citydip.extract.attributes import (
    agreement_groups,
    agreement_hit_ok,
    aid_direction,
    coordinated_dates,
    date_key,
    event_status,
    level_for,
    partner_level,
    people,
    visit_destination,
    visit_direction,
)
from citydip.extract.lexicon import (
    ANAPHORA_RE,
    ANNIVERSARY_RE,
    ANNIVERSARY_YEAR_RE,
    CLAUSE_END_RE,
    CONTINUATION_RE,
    COUNTED_RE,
    DELEGATION_RE,
    EARLIER_RE,
    EVENT_TYPES,
    ITINERARY_RE,
    OPENING_RE,
    ORGANISATION_PARTY_RE,
    REFERRED_ACT_RE,
    STANDING_TIE_RE,
    SUBJECT_PARTICLE_RE,
    TABLE_ROW_RE,
    TIE_ANNIVERSARY_AFTER_RE,
    TIE_HEADING_RE,
    VENUE_AFTER_RE,
    Hit,
    TriggerRule,
    first_chars,
    trigger_rules,
)
from citydip.extract.merge import merge
from citydip.extract.page import default_model as default_page_model
from citydip.extract.page import page_features
from citydip.extract.pairs import default_model as default_pair_model
from citydip.extract.partners import (
    FACILITY_RE,
    SUB_MUNICIPAL_RE,
    UNREAD,
    common_word_misread,
    district_cities,
    domestic_ties,
    excluded,
    heard_elsewhere,
    is_locator,
    korean_name_misread,
    name_span,
    official_place,
    one_sense,
    person_name_spans,
    person_places,
    related_korean,
    repeated_towns,
    third_party_ties,
    unknown_towns,
)
from citydip.gazetteer import Gazetteer, Morphemes, PlaceMention
from citydip.models import Article, Direction, Event, Person, Place, Precision, Status

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class PlacesView:
    """What Extractor.read_places() reads before any event: sentences, morphemes, place mentions, actor."""

    sents: Sequence[nlp.Sentence]
    morphemes: Morphemes
    mentions: list[PlaceMention]  # by start
    actor: Place | None
    actor_reason: str


@dataclass(frozen=True, slots=True)
class Extraction:
    actor: Place | None
    events: tuple[Event, ...]
    actor_reason: str = ""


# what a report tells as news without a date of its own happened about when it was published: a visit, a
# meeting, an exchange, aid, an award, a policy shared or a forum. An agreement is left undated: it is as often
# a tie named in passing ('자매도시인 …'), made years before.
NEWS_TYPES = frozenset({"visit", "meeting", "exchange", "aid", "award", "policy", "forum"})


def reported_in_month(events: Sequence[Event], published: str) -> list[Event]:
    """Undated events of the kinds news reports as they happen, dated to the publication month (precision
    month): '하이난성 부성장이 … 제주를 방문해 지사를 예방했다' in a report of 2015-05-24 is a visit of 2015-05.
    Done only after the pair model has judged the partners, which it learnt to do on undated events."""
    month = published[:7]
    return [
        replace(e, date=month, precision=Precision.MONTH, reason=f"{e.reason}; the report's month")
        if e.date is None and e.type in NEWS_TYPES and e.status == Status.DONE and len(month) == 7
        else e
        for e in events
    ]


# a subject or owner particle right after a place ('서울은', '부산시가', '목포시의')
TIE_SUBJECT_RE = re.compile(r"(?:\([^)]{0,20}\))?(?:은|는|이|가|의)\s")


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
    korean_mentions: list[PlaceMention] = field(default_factory=list)  # Korean governments, in text order
    events: list[Event] = field(default_factory=list)
    # a heading of ties over a table or a list ('국제 자매도시 현황'): its rank and the last row's index
    tie_table: tuple[str, int] | None = None


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One sentence as the event builder sees it."""

    index: int
    sent: nlp.Sentence
    hits: list[Hit]
    candidates: list[PlaceMention]
    actor: Place | None
    # the officials it names with their titles, read when its first event is built: most sentences with a
    # trigger word build none
    people: Callable[[], tuple[Person, ...]]

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


# the act a row under a heading of ties stands for (Extractor._tie_row)
_TABLE_ROW_RULE = TriggerRule("agreement", TIE_HEADING_RE, {"weight": "0.6"}, "a row under a heading of ties")


# an act pursued, then turned ('추진했으나', '추진해 왔지만', '추진하다가'): a negation later in the sentence undoes it
PURSUED_BUT_RE = re.compile(r"추진(?:했|해\s?왔|하였)?(?:으나|지만|는데|다가)")


# a party joined to another signer by 및, a comma or 와/과: 'A시 및 현지 기업과', 'A시, 상공회의소와'
JOINED_PARTY_RE = re.compile(r"및|,|[와과]\s")


# how far a place may sit after a rank written right before it ('자매도시 일본 A시': a country between)
ADJACENT_GAP = 8


def _with_private_party(trigger: Hit, hits: list[Hit], text: str) -> bool:
    """A meeting or visit whose other party is a private one ('현지 여행사 관계자들과 만났다') is no city's, nor
    an agreement signed shortly after such a party ('상공회의소와 관광 협력 업무협약을 체결'), unless the party
    is joined to another signer ('A시 및 현지 기업과 …')."""
    if trigger.rule.kind == "agreement":
        return any(
            h.rule.kind == "private"
            and h.rule.attrs.get("voids") == "agreement"
            and 0 <= trigger.start - h.end <= 30
            and not JOINED_PARTY_RE.search(text, max(0, h.start - 15), h.start)
            for h in hits
        )
    return trigger.rule.kind in ("meeting", "visit") and any(
        h.rule.kind == "private" and h.rule.attrs.get("voids") == "next" and 0 <= trigger.start - h.end <= 2
        for h in hits
    )


# a local government acting without its name, as press releases write: '시는 …', '구청장은 …'
ANONYMOUS_GOVERNMENT_RE = re.compile(
    r"(?:^|[\s\"“'(])(?:시|구|군|도|시장|부시장|구청장|부구청장|군수|부군수|도지사|부지사)(?:은|는|이|가)\s"
)

# the word right before a bare title: a name of four syllables or more is no Korean official's ('야마시타 시장은')
_FOREIGN_NAME_BEFORE_RE = re.compile(r"(?:^|\s)[가-힣]{4,}\s$")


def _anonymous_is_ours(match: re.Match[str], mentions: Sequence[PlaceMention], text: str) -> bool:
    """Is a bare '시장은', '시는' a Korean government acting without its name? Not when a foreign place or a
    foreign official's name stands right before it ('카트만두 시장은', '야마시타 시장은'): that is the partner's
    mayor, and a page where only such a mayor speaks has no Korean side to act."""
    at = match.start() + (1 if match.group(0)[0] in " \t\n\"“'(" else 0)
    if any(m.end in (at, at - 1) and m.place.country != "KR" for m in mentions):
        return False
    return not _FOREIGN_NAME_BEFORE_RE.search(text, max(0, at - 12), at)


def _nobody_speaks(actor: Place | None, reason: str, mentions: Sequence[PlaceMention], text: str) -> bool:
    """No Korean local government speaks in the article, by name or as '시는', '구청장은' (a president's
    tour, a university's or a company's deal abroad), or the only one is named in passing, once or twice,
    never as the lead's subject or by an official (a campus's seat, the president's office in 용산구, a
    related-news link): whatever it tells is no city's diplomacy."""
    if reason.startswith("unit's subject"):
        return True  # a 읍·면·동's twinning counts for no one (the page's actor is the unit's government)
    if any(_anonymous_is_ours(m, mentions, text) for m in ANONYMOUS_GOVERNMENT_RE.finditer(text)):
        return False
    if actor is None:
        return True
    return reason.startswith("named ") and sum(m.place.key == actor.key for m in mentions) < 3


MIN_PAGE_CHARS = 400


def _named_only(actor_reason: str) -> bool:
    return actor_reason.startswith(("named ", "lead named "))


# a trigger row, the characters its matches start with (None: any), its pattern's finditer
_Opener = tuple[TriggerRule, frozenset[str] | None, Callable[[str], Iterator[re.Match[str]]]]


class Extractor:
    """Reads events out of articles with Kiwi, the gazetteer and the trigger lexicon."""

    def __init__(
        self, gazetteer: Gazetteer | None = None, *, page_model: bool = True, pair_model: bool = True
    ):
        self.gazetteer = gazetteer or Gazetteer.default()
        self.page_model = page_model  # False: the rules alone (training the model, measuring it)
        self.pair_model = pair_model  # False: every partner the rules read (training the pair model)
        self.rules = trigger_rules()
        self._openers = [(rule, first_chars(rule.pattern)) for rule in self.rules]
        self._openers_memo: dict[frozenset[str], list[_Opener]] = {}
        # what tells whether a sentence can hold an event at all, before every rule runs on it: some event or
        # relation row matches. Each row is searched alone, and only where the sentence holds a character
        # its matches can start with: one alternation of every row tries each row at every position.
        self._gate = [
            (rule.pattern.search, first)
            for rule, first in self._openers
            if rule.kind in EVENT_TYPES or rule.kind == "relation"
        ]
        self._gate_memo: dict[str, bool] = {}

    # -- public ----------------------------------------------------------------------------------

    def actor_only(self, article: Article) -> tuple[Place | None, str]:
        """The actor alone, from the gazetteer's names without Kiwi and without the foreign towns it does not
        know: cheap enough for every article the prefilter rules out (citydip.relevance)."""
        sents = nlp.sentences(article.text)
        mentions = one_sense(self.gazetteer.find(article.text))
        return self.find_actor(article, sents, mentions)

    def read_places(self, article: Article) -> PlacesView:
        """The article's sentences, place mentions and actor: what is read before any event."""
        text = article.text
        sents = nlp.sentences(text)
        spans = [(s.start, s.end) for s in sents]
        morphemes = Morphemes(
            spans,
            lambda i, end: (
                nlp.sentence_tokens(text, spans[i][0], end) if self._may_hold_event(sents[i].text) else None
            ),
        )
        named_countries = self.gazetteer.find_countries(text)
        countries = {c.code for c in named_countries}
        mentions = one_sense(self.gazetteer.find(text, tokens=morphemes, countries=countries))
        mentions = [m for m in mentions if not korean_name_misread(m, text)]
        # a common word read as a place, unless the article names that place otherwise too ('시안시가 … 시안은')
        misread = [m for m in mentions if common_word_misread(m, text, self.gazetteer)]
        if misread:
            named = {m.place.key for m in mentions if m not in misread}
            mentions = [m for m in mentions if m not in misread or m.place.key in named]
        country_spans = [(c.start, c.end, c.code) for c in named_countries]
        towns = unknown_towns(mentions, text, country_spans, self.gazetteer)
        towns += repeated_towns(towns, mentions, text)
        towns += heard_elsewhere(mentions, towns, text, [c.code for c in named_countries], self.gazetteer)
        # a name inside a compound town's name ('켄트' in '차탐-켄트시') is no place of its own
        mentions = [m for m in mentions if not any(t.start <= m.start and m.end <= t.end for t in towns)]
        mentions = sorted([*mentions, *towns], key=lambda m: m.start)
        actor, actor_reason = self.find_actor(article, sents, mentions)
        return PlacesView(sents, morphemes, mentions, actor, actor_reason)

    def extract(self, article: Article) -> Extraction:
        text = article.text
        view = self.read_places(article)
        mentions, actor, actor_reason = view.mentions, view.actor, view.actor_reason
        if _nobody_speaks(actor, actor_reason, mentions, text):
            return Extraction(actor, (), actor_reason)  # decided before any sentence is read for events
        # where the rules only saw the actor named (never its subject, never its officials), a model trained
        # on annotated pages decides whether the page holds its diplomacy (citydip.extract.page); a text
        # shorter than a page's lead is left to the rules: the model learnt from pages, not sentences
        model = (
            default_page_model()
            if self.page_model and _named_only(actor_reason) and len(text) >= MIN_PAGE_CHARS
            else None
        )
        if model is not None:
            chance = model.probability(page_features(text, actor, actor_reason, mentions))
            if chance < model.threshold:
                return Extraction(
                    actor, (), f"{actor_reason}; page model: no local-government diplomacy ({chance:.2f})"
                )
        # with no publication date, the year the text pins down ("1992년 … 22주년") still anchors its days
        year = None if article.published else dates.infer_published(text, article.title).year
        # nothing pins the year down, but the text names one year most: it anchors the days and months told
        # without a year ('9월 19일', '지난 3일')
        told = None if article.published or year is not None else dates.story_year(text)
        # which of the places the rules read as partners are partners: a model trained on annotated pages
        # drops the pairs it finds unlikely (citydip.extract.pairs); like the page model, it reads pages,
        # so a text shorter than a page's lead is left to the rules
        pairs = default_pair_model() if self.pair_model and len(text) >= MIN_PAGE_CHARS else None
        events = self._events(article, view, told if pairs is None and told is not None else year)
        if pairs is not None:
            events = pairs.keep(events, text)
            if told is not None:
                # the pair model learnt such pages undated, so it has judged the undated reading; the dated
                # reading keeps only the pairs it kept
                kept = {(e.type, p.key) for e in events for p in e.partners}
                dated = self._events(article, view, told)
                events = [
                    replace(e, partners=partners)
                    for e in dated
                    if (partners := tuple(p for p in e.partners if (e.type, p.key) in kept))
                ]
        if article.published:
            events = reported_in_month(events, article.published)
        return Extraction(actor, tuple(events), actor_reason)

    def _events(self, article: Article, view: PlacesView, year: int | None) -> list[Event]:
        """The article's events, merged, with days and months told without a year anchored to ``year`` when
        there is no publication date."""
        text, sents, mentions, actor = article.text, view.sents, view.mentions, view.actor
        resolver = dates.DateResolver(text, [(s.start, s.end) for s in sents], article.published, year)
        contexts = frozenset(
            r.kind for r in self.rules if r.kind.endswith("_context") and r.pattern.search(text)
        )
        ctx = _Context(
            article,
            self.gazetteer,
            actor,
            resolver,
            contexts=contexts,
            person_names=person_name_spans(mentions, text),
            korean_mentions=[m for m in mentions if m.place.country == "KR"],
        )
        ctx.person_places = person_places(
            text, mentions, ctx.person_names, actor, [(x.start, x.end) for x in sents]
        )
        seen: set[str] = set()
        # read_places() gives the mentions by start: a sentence's are one slice of them, found by bisection
        starts = [m.start for m in mentions]
        for index, sent in enumerate(sents):
            key = _SPACES.sub("", sent.text)
            if len(key) > 15 and key in seen:
                continue  # news sites repeat paragraphs; a repeat adds nothing
            seen.add(key)
            in_sentence = mentions[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
            if self._tie_row(ctx, index, sent, in_sentence):
                continue
            self._sentence_events(ctx, index, sent, in_sentence)
        return merge(domestic_ties(third_party_ties(district_cities(ctx.events), actor)))

    # -- actor -----------------------------------------------------------------------------------

    def find_actor(
        self, article: Article, sents: Sequence[nlp.Sentence], mentions: Sequence[PlaceMention]
    ) -> tuple[Place | None, str]:
        """The Korean local government whose side the article tells (see citydip.extract.actor)."""
        return find_actor(self.gazetteer, article, sents, mentions)

    # -- events ----------------------------------------------------------------------------------

    def _may_hold_event(self, sentence: str) -> bool:
        # asked twice of every sentence (which sentences Kiwi reads, then which ones rules read): the
        # answer for the article's sentences is kept, and the memo starts anew before it grows large
        known = self._gate_memo.get(sentence)
        if known is None:
            chars = set(sentence)
            known = any(
                (first is None or not first.isdisjoint(chars)) and search(sentence)
                for search, first in self._gate
            ) or bool(ITINERARY_RE.match(sentence))
            if len(self._gate_memo) >= 4096:
                self._gate_memo.clear()
            self._gate_memo[sentence] = known
        return known

    def _hits(self, sent: nlp.Sentence, contexts: frozenset[str]) -> list[Hit]:
        hits = []
        chars = set(sent.text)
        base = sent.start
        for rule, first, finditer in self._openers_for(contexts):
            if first is not None and first.isdisjoint(chars):
                continue  # no character a match of this row could start with
            for m in finditer(sent.text):
                start, end = m.span()
                hits.append(Hit(rule, base + start, base + end, m.group(0)))
        hits.sort(key=lambda h: h.start)
        return hits

    def _openers_for(self, contexts: frozenset[str]) -> list[_Opener]:
        """The rows _hits runs where the article's context markers are ``contexts``, in the table's order:
        asked for every sentence, the choice is made once per set of markers."""
        chosen = self._openers_memo.get(contexts)
        if chosen is None:
            wanted = contexts | {""}
            chosen = [
                (rule, first, rule.pattern.finditer)
                for rule, first in self._openers
                if not rule.kind.endswith("_context") and rule.attrs.get("needs", "") in wanted
            ]
            self._openers_memo[contexts] = chosen
        return chosen

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
            index,
            sent,
            hits,
            candidates,
            local_actor or ctx.actor,
            cache(lambda: people(text, sent, mentions)),
        )
        by_type: dict[str, list[Hit]] = {}
        # an agreement named only for its anniversary ('결연 30주년 기념행사') signs nothing: the
        # commemorative event held for it is a joint event of its own, not an agreement's content
        present = {
            h.rule.kind
            for h in hits
            if not (h.rule.kind == "agreement" and ANNIVERSARY_RE.match(ctx.article.text, h.end))
        }
        for hit in hits:
            if (
                hit.rule.kind in EVENT_TYPES
                and hit.rule.attrs.get("unless") not in present
                and not _with_private_party(hit, hits, ctx.article.text)
            ):
                by_type.setdefault(hit.rule.kind, []).append(hit)
        produced: list[Event] = self._relations(ctx, here)
        for kind, kind_hits in by_type.items():
            if kind == "agreement":
                kind_hits = [
                    h
                    for h in kind_hits
                    if agreement_hit_ok(h, hits) and not REFERRED_ACT_RE.match(ctx.article.text, h.end)
                ]
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
        if (
            kind == "agreement"
            and PURSUED_BUT_RE.search(text, trigger.end, trigger.end + 20)
            and any(h.rule.kind == "negation" and h.start > trigger.end for h in here.hits)
        ):
            return []  # '자매결연을 추진했으나 … 협약식을 취소했다': pursued, then called off
        mentions = self._partner_mentions(ctx, kind, here)
        reason_partners = "named in the sentence"
        anniversaries: list[Event] = []
        if kind == "agreement" and (ctx.article.published or ctx.resolver.year):
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
            elif official := official_place(here.sent.text, ctx.person_places):
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
            key = (level, date_key(when), act.start)
            moments.setdefault(key, (when, act))
            return buckets.setdefault(key, [])

        # a tie told as a standing state takes no date from the act its sentence reports
        standing = kind == "agreement" and any(STANDING_TIE_RE.match(text, h.end) for h in kind_hits)

        def date_of(
            start: int, end: int, partner: tuple[int, int] | None, tie: bool
        ) -> dates.DateMention | None:
            if standing:
                return ctx.resolver.standing_tie_date(here.index, start, end, partner)
            return ctx.resolver.date_for(here.index, start, end, partner=partner, tie=tie)

        if kind == "agreement" and len({m.place.key for m in mentions}) <= 1:
            # one partner, several acts: "2016년 8월 우호도시 체결 7년 만에 친선도시로 격상"
            partners = tuple(dict.fromkeys(m.place for m in mentions)) or fallback
            groups = agreement_groups(kind_hits, here.hits, ctx.resolver, here.index)
            # with one act, a date written with the partner wins ('2003년 일본 도쿄도 스미다구 이후')
            span = name_span(mentions[0], text) if len(groups) == 1 and mentions else None
            for group in groups:
                when = date_of(group[0].start, group[0].end, span, True)
                slot(level_for(group, here.hits), when, group[0]).extend(partners)
        elif mentions:
            several_dates = len({d.date for d in ctx.resolver.mentions(here.index) if d.date}) > 1
            # 'A시와 B시는 각각 1995년과 1997년 …': each partner takes its own date, in order
            respective = (
                ctx.resolver.respective(here.index, [name_span(m, text) for m in mentions])
                if several_dates
                else {}
            )
            for m in mentions:
                own = name_span(m, text)
                span = own if several_dates or kind == "agreement" else None
                when = respective.get(own) or date_of(trigger.start, trigger.end, span, kind == "agreement")
                level = partner_level(m, mentions, here.hits) or level_for(kind_hits, here.hits)
                slot(level if kind == "agreement" else None, when, trigger).append(m.place)
        else:
            when = date_of(trigger.start, trigger.end, None, False)
            level = level_for(kind_hits, here.hits) if kind == "agreement" else None
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
                extra = (key[0], date_key(d), key[2])
                if extra not in buckets:
                    buckets[extra] = list(buckets[key])
                    moments[extra] = (d, moments[key][1])
        # '2009년과 2014년, 2015년에': one event for each coordinated date
        for key in list(buckets):
            when, act = moments[key]
            for other in (
                coordinated_dates(when, ctx.resolver.mentions(here.index), text)
                if kind != "agreement"
                else ()
            ):
                extra = (key[0], date_key(other), act.start)
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
        if act.rule.attrs.get("tie") and found is not None:
            # a rank's anniversary ('자매도시 20주년') names no act, so it claims only the places of its
            # own clause: before it ('A시와 자매도시 20주년') or right after '…주년을 맞은' ('… 맞는 B시')
            after = TIE_ANNIVERSARY_AFTER_RE.match(text, found.end())
            later = [m for m in mentions if after and found.end() <= m.start <= after.end()]
            partners = tuple(dict.fromkeys(m.place for m in later or before[-1:]))
        else:
            partners = tuple(dict.fromkeys(m.place for m in before or mentions)) or ctx.last_partners
        now = int(ctx.article.published[:4]) if ctx.article.published else ctx.resolver.year
        if not partners or found is None or now is None:
            return None
        year = now - int(found.group(1))
        if written := ANNIVERSARY_YEAR_RE.search(text, max(0, act.start - 16), act.start):
            # the year the anniversary falls in is written before it ('2026년 우호교류 10주년을 앞두고')
            year = int(written.group(1)) - int(found.group(1))
        elif said := self._anniversary_said(ctx, here, act):
            # or told by the clause's date ('지난해 광둥성과 우호교류 30주년을 맞아'): that year's anniversary
            year = said - int(found.group(1))
        when = dates.DateMention(
            act.start, found.end(), found.group(0).strip(), str(year), None, "year", True, historical=True
        )
        event = self._event(
            ctx,
            here,
            "agreement",
            act,
            partners,
            level_for([act], here.hits),
            when,
            "named in the sentence (anniversary)",
        )
        return replace(
            event, status=Status.DONE, reason=event.reason + f"; signed {found.group(1)} years before"
        )

    @staticmethod
    def _anniversary_said(ctx: _Context, here: _Sentence, act: Hit) -> int | None:
        """The year of a date told before an anniversary in its clause ('지난해 … 30주년', '지난 5월 …'): a
        relative one or a day or month; a bare year there may be the tie's own ('1994년 결연 30주년')."""
        text = ctx.article.text
        told = [
            d
            for d in ctx.resolver.mentions(here.index)
            if d.date
            and (d.relative or d.precision in ("day", "month"))
            and d.end <= act.start
            and not CLAUSE_END_RE.search(text, d.end, act.start)
        ]
        return int(told[-1].date[:4]) if told else None

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
                if hit.rule.attrs.get("adjacent"):
                    # a rank written right before its place ('자매도시 일본 A시', '자매도시 A시와 B시'): only
                    # the places that follow it closely, each within a few characters of the one before
                    near, last = [], hit.end
                    for m in places:
                        if m.start - last > ADJACENT_GAP or CLAUSE_END_RE.search(text, last, m.start):
                            break
                        near.append(m)
                        last = m.end
                    places = near
            if not places:
                continue
            level = "sister" if "자매" in hit.text else "amity" if "친선" in hit.text else "friendship"
            rule = TriggerRule("agreement", hit.rule.pattern, {"weight": "0.6"}, "relation named in passing")
            # each member keeps a date written with its own name ('1996년 일본 아사히카와시, 2001년 …')
            dated: dict[tuple, tuple[dates.DateMention | None, list[Place]]] = {}
            for m in places:
                when = ctx.resolver.written_with(here.index, name_span(m, text), (hit.start, hit.end))
                dated.setdefault(date_key(when), (when, []))[1].append(m.place)
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
        status = event_status(text, trigger, here.sent)
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
            and date_key(ctx.resolver.date_for(here.index, h.start, h.end)) == date_key(when)
            for h in here.hits
        )
        direction = None
        if kind == "visit":
            direction = visit_destination(text, here.sent, trigger, here.actor, partners)
        if kind == "visit" and direction is None:
            direction = visit_direction(text, here.sent, trigger, here.actor, partners)
            if direction == Direction.OUTBOUND and official_place(
                text[here.sent.start : trigger.start], ctx.person_places
            ):
                direction = (
                    Direction.INBOUND
                )  # '마르틴 호른 시장 등 대표단 방문': the partner's official came
        elif kind == "aid":
            direction = aid_direction(text, here.sent, trigger, here.actor)
        weight = float(trigger.rule.attrs.get("weight", "0.6"))
        confidence = round(min(0.99, weight * (0.9 if reason_partners.startswith("named") else 0.7)), 3)
        dated = when is not None and when.date is not None
        return Event(
            type=kind,
            partners=partners,
            evidence=without_byline(re.sub(r"\s*\n\s*", " ", here.sent.text)),
            actor=here.actor,
            level=level,
            upgrade=upgrade,
            status=status,
            direction=direction,
            date=when.date if dated else None,
            date_end=when.date_end if dated else None,
            precision=when.precision if dated else Precision.UNKNOWN,
            people=here.people(),
            confidence=confidence,
            reason=f"trigger '{trigger.text}' ({kind}); partners {reason_partners}"
            + (f"; date from '{when.text}'" if dated else "; no date"),
        )

    def _tie_row(self, ctx: _Context, index: int, sent: nlp.Sentence, mentions: list[PlaceMention]) -> bool:
        """A table or a bulleted list under a heading of ties ('안산시 국제 자매도시 현황' over 'A시 | 일본 | 1989년
        10월 20일' rows, or '- 일본 A시 (1989. 10. 20.)'): every row names a tie of the heading's rank, dated by
        the row's own date. A row without a place (the table's header) keeps the table open; any other line
        closes it. True when the sentence was read as such a row."""
        line = sent.text.strip()
        if ctx.tie_table is not None and index - ctx.tie_table[1] <= 1 and TABLE_ROW_RE.match(line):
            level, _ = ctx.tie_table
            ctx.tie_table = (level, index)
            places = tuple(dict.fromkeys(m.place for m in self._partner_candidates(ctx, mentions)))
            # a header row, or a row that tells its own act ('… 자매결연'): the rules read it
            if not places or self._may_hold_event(line):
                return False
            when = next((d for d in ctx.resolver.mentions(index) if d.date), None)
            rank = "friendship" if "우호" in line else "sister" if "자매" in line else level
            hit = Hit(_TABLE_ROW_RULE, sent.start, sent.start + 1, line[:1])
            here = _Sentence(index, sent, [hit], [], ctx.actor, tuple)
            event = self._event(ctx, here, "agreement", hit, places, rank, when, "a row of a table of ties")
            ctx.events.append(replace(event, status=Status.DONE))
            return True
        ctx.tie_table = None
        heading = TIE_HEADING_RE.search(line)
        if heading and len(line) <= 40:
            word = heading.group(0)
            level = "friendship" if "우호" in word and "자매" not in word else "sister"
            ctx.tie_table = (level, index)
        return False

    def _partner_candidates(self, ctx: _Context, mentions: list[PlaceMention]) -> list[PlaceMention]:
        text = ctx.article.text
        actor = ctx.actor
        out = []
        # a person's name locates nothing: '하코다테시의 무라야마 다카시 시장' keeps Hakodate a partner
        places = [m for m in mentions if m.start not in ctx.person_names]
        for m in mentions:
            if actor is not None and m.place.key == actor.key:
                continue
            if actor is not None and related_korean(m.place, actor):
                continue
            if is_locator(m, places, text) or m.start in ctx.person_names or FACILITY_RE.match(text, m.end):
                continue
            if m.reason == UNREAD:
                continue
            if m.place.country == "KR" and SUB_MUNICIPAL_RE.match(text, m.end):
                continue  # '남양주시 조안면 주민자치위원회': a neighbourhood's body is no partner of the city's
            out.append(m)
        return out

    def _partner_mentions(self, ctx: _Context, kind: str, here: _Sentence) -> list[PlaceMention]:
        """The sentence's partner mentions for one event type, first mention of each place kept."""
        text = ctx.article.text
        chosen = [m for m in here.candidates if not excluded(m, kind, here.hits, text)]
        if kind != "forum" and len(chosen) > 1:
            # a city that is only the venue where the actor met someone from elsewhere is not a partner
            venues = [m for m in chosen if VENUE_AFTER_RE.match(text[m.end : m.end + 20])]
            others = [m for m in chosen if m not in venues]
            if venues and others:
                chosen = others
        if kind == "forum":
            # a Korean city where a forum sits ('부산 벡스코에서 열린 지사회의') is its venue, not a member
            chosen = [
                m
                for m in chosen
                if m.place.country != "KR" or not VENUE_AFTER_RE.match(text[m.end : m.end + 20])
            ]
        if kind == "agreement":
            # a city where the actor signed with a company or a chamber is only the venue
            act = next((h.start for h in here.hits if h.rule.kind == "agreement"), None)
            chosen = [
                m
                for m in chosen
                if act is None
                or not VENUE_AFTER_RE.match(text[m.end : m.end + 20])
                or not ORGANISATION_PARTY_RE.search(text, m.end, act)
            ]
        if kind == "agreement":
            chosen = [m for m in chosen if not self._own_tie_subject(ctx, here, m)]
        first: dict[str, PlaceMention] = {}
        for m in chosen:
            first.setdefault(m.place.key, m)
        return list(first.values())

    def _own_tie_subject(self, ctx: _Context, here: _Sentence, m: PlaceMention) -> bool:
        """'서울은 베이징과, 부산은 상해와 자매결연을 맺고 있으며', '목포시의 중국 롄윈강시와의 자매결연': another
        Korean government marked as the subject or owner of a tie, the next place named after it foreign, is
        the Korean side of that tie, not the actor's partner."""
        if m.place.country != "KR" or not TIE_SUBJECT_RE.match(ctx.article.text, m.end):
            return False
        around = [x for x in here.candidates if x.start > m.start] + [
            x for x in ctx.korean_mentions if here.sent.start <= x.start < here.sent.end and x.start > m.start
        ]
        after = min(around, key=lambda x: x.start, default=None)
        return after is not None and after.place.country != "KR"

    def _passage_actor(self, ctx: _Context, sent: nlp.Sentence, mentions: list[PlaceMention]) -> Place | None:
        """'한편 부산시도 …' hands the passage to another Korean government; a sentence that opens with
        another Korean government as its subject and never names the actor is that government's own
        ('고양시는 지역 기업 30곳과 업무협약을 체결했다' in an article about Jeju: 고양시 is no partner)."""
        stripped = sent.text.lstrip()
        text = ctx.article.text
        if stripped.startswith("한편"):
            # '한편 B군은 1999년 A군과 자매결연을 맺었다' in A's article: the partner, as subject, tells its tie
            # with the actor, and the passage stays the actor's
            if ctx.actor is not None and any(
                m.place.key == ctx.actor.key and re.match(r"(?:과|와)\s", text[m.end : m.end + 2])
                for m in mentions
            ):
                return None
            for i, m in enumerate(mentions):
                is_subject = m.place.country == "KR" and SUBJECT_PARTICLE_RE.match(text[m.end : m.end + 6])
                # '한편 A군과 B군은 …': the actor shares the subject with its partner and keeps the passage
                joint = (
                    ctx.actor is not None
                    and i > 0
                    and mentions[i - 1].place.key == ctx.actor.key
                    and re.fullmatch(
                        r"[이은는가]?\s*(?:과|와|및|·|,)\s*", text[mentions[i - 1].end : m.start]
                    )
                )
                if is_subject and not joint and (ctx.actor is None or m.place.key != ctx.actor.key):
                    return m.place
            return None
        if ctx.actor is not None:
            # '군은 …' in an article about a 구: the county named in the article speaks, not the actor
            self_ref = SELF_SUBJECT_RE.match(sent.text)
            if self_ref and self_ref.group(1) != self_kind(ctx.actor):
                named = [
                    m.place
                    for m in ctx.korean_mentions
                    if m.start < sent.start
                    and m.place.key != ctx.actor.key
                    and self_kind(m.place) == self_ref.group(1)
                ]
                if named:
                    return named[-1]
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
