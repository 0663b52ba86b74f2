"""The words extraction looks for: the trigger table of data/triggers.tsv and the patterns every stage shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from re import _parser as sre_parse  # the stdlib's own regex parser

from citydip.datafiles import data_path
from citydip.models import EventType

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
    r"(?<![가-힣])(?:두|양)\s?(?:시|군)(?=는|은|가|이|의|간|\s)|두\s?구|양\s?구|두\s?도|양\s?도|이들\s?도시|상대\s?도시|현지|자매도시(?:와|인)|우호도시(?:와|인)|이\s?도시"
)


# The delegation just mentioned: only for the partners of the last two sentences, never for counted cities.
DELEGATION_RE = re.compile(r"대표단|방문단|사절단|일행")


COUNTED_RE = re.compile(r"\d+\s?개\s?(?:도시|국|나라|지역|지자체)")


ITINERARY_RE = re.compile(r"\s*[△▲◇○•■-]\s*\d")  # an itinerary line: '△6월 26~27일 모스크바 △…'


ANNIVERSARY_RE = re.compile(
    r"\s?(?:을|의|(?:(?:을|를)\s?(?:맺|체결))?[은한]\s?지)?\s?(\d{1,3})\s?(?:주년|돌|년)(?=\s?(?:을|를|이|에|째|기념|맞|…|\.|,|\s))(?!\s?만)"
)


CONTINUATION_RE = re.compile(r"\s*(?:이후|이어|이어서|또|또한|앞서|이와\s?함께|아울러|이\s?자리에서|이날)\s")


EARLIER_RE = re.compile(r"에\s?이어\s(?:[가-힣]+\s)?(?:두|세|네|다섯|여섯|\d+)\s?(?:번째|번|차)")


# a subject particle, possibly after a parenthesis ('서울 종로구(구청장 정문헌)가')
SUBJECT_PARTICLE_RE = re.compile(
    r"^(?:\([^)]{0,20}\))?(?:은|는|이|가|도|에서는|에서도|측은|측이|대표단이|대표단은|에\s?따르면)"
)


INBOUND_RE = re.compile(
    r"방한(?!용품|복|물품|의류|장갑|대책|화)|내방|답방|(?:을|를|에)\s?(?:방문|찾)|방문단이|대표단이|일행이|방문한\s?(?:[^ ]+\s)?(?:대표단|시장|일행)"
)


OUTBOUND_RE = re.compile(r"출장|순방|방중|방일|방미|방러|방독|떠나|떠났")


VENUE_AFTER_RE = re.compile(r"^(?:\s?[^\s,]{0,12}){0,2}?\s?에서")
# an agreement named to refer back to one told before ('협약에 이어 축제에 참석', '이번 협약을 통해'):
# no act of its own
# what follows a tie's anniversary when the tie's place comes after it: '…주년을 맞는 일본 A현'
TIE_ANNIVERSARY_AFTER_RE = re.compile(r"\s?(?:을|를)\s?(?:맞는|맞은|맞이한|맞이하는|앞둔)\s(?:[가-힣]+\s)?")

# the year an anniversary falls in, written right before the tie ('2026년 자매결연 10주년', '2030년은 결연 …')
ANNIVERSARY_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s?년\s?(?:은|에는|에|이면)?\s?(?:국제\s|해외\s)?$")

# a heading over a table or a bulleted list of ties ('국제 자매도시 현황', '자매·우호도시', '해외 교류도시 목록'): a
# rank noun with no predicate after it, and the rank it gives the rows
TIE_HEADING_RE = re.compile(
    r"(?:자매|우호|친선|교류|결연|협력)[·ㆍ\s]?(?:(?:자매|우호|친선|교류|협력)[·ㆍ\s]?)?(?:도시|지역|단체|결연)"
    r"(?:\s?(?:현황|목록|명단|일람|결연\s?현황|교류\s?현황))?\s?[:：]?\s*$"
)
# a row of such a table or list: cells split by '|' or a line opened by a bullet
TABLE_ROW_RE = re.compile(r"^\s*(?:[-•·▪▸◦○●◇◆□■▲△*]\s|[^|\n]+\|)")
# a tie told as a standing state after its trigger ('자매결연을 맺고 있는', '우호 관계를 이어오고 있다'): a relation the
# sentence names in passing, dated only by a date written with it (DateResolver.standing_tie_date). '체결하고 있다' is
# left out: a photo caption tells the signing act so ('…시장이 협약을 체결하고 있다')
STANDING_TIE_RE = re.compile(
    r"(?:\s?관계)?\s?(?:을|를)?\s?(?:맺고|유지하고|이어오고|이어\s오고|맺어오고|맺어\s오고|지속하고|이어가고)\s?있"
)
REFERRED_ACT_RE = re.compile(
    r"\s?(?:식)?(?:에\s?(?:이어|따라|따른|앞서)|을\s?(?:통해|계기로|바탕으로|토대로)|의\s?후속)(?![가-힣])"
)
# a company, a chamber or a university as the other party of an act ('LA 한인 상공회의소, 식품 수입업체인
# ㈜가나(Gana Trading)와 … 협약'): the city where they signed only hosts it
ORGANISATION_PARTY_RE = re.compile(
    r"(?:상공회의소|회의소|협회|연합회|단체|업체|기업|회사|재단|은행|그룹|대학교|대학|병원|법인|\))\s?(?:과|와)\s"
)


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


CLAUSE_END_RE = re.compile(r"(?:다|고|며|서|면|지만)[\s,]|[.;]")
