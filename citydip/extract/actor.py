"""The actor: the Korean local government from whose side an article is written."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from citydip import nlp
from citydip.extract.lexicon import SUBJECT_PARTICLE_RE, TITLE_RE
from citydip.extract.partners import first_offset, is_locator
from citydip.gazetteer import Gazetteer, PlaceMention
from citydip.models import Article, Place

# a Korean place written with a national agency's branch: the agency, not the local government
AGENCY_AFTER_RE = re.compile(
    r"\s?(?:지방)?(?:교육청|교육지원청|교육감|경찰청|경찰서|소방본부|소방서|지방법원|법원|검찰청|세무서|병무청|"
    r"지방환경청|국토관리청|해양수산청|지방노동청|우정청)"
)


# '…와 자매결연', '…과 협약': the partner a tie is made with
COMITATIVE_RE = re.compile(r"^(?:와|과)(?:의)?\s")
COMITATIVE_WITH_RE = re.compile(r"(?:\([^)]{0,30}\))?(?:와|과)\s")


def _joint_subject_with(m: PlaceMention, korean: Sequence[PlaceMention], text: str) -> bool:
    """Is ``m`` the first of two governments that are one subject ('A(시장 …)와 경남 B가', 'A와 B는')?"""
    joined = COMITATIVE_WITH_RE.match(text, m.end)
    if joined is None:
        return False
    for other in korean:
        if other.start < joined.end():
            continue
        if other.start - joined.end() > 12 or "\n" in text[joined.end() : other.start]:
            return False  # a headline's '…와 자매결연' does not run into the next line's subject
        unit = UNIT_SUBJECT_RE.match(text, other.end)  # '… 금산군 부리면(면장 …)이': the other's 읍·면·동
        end = unit.end() if unit else other.end
        if other.place.key != m.place.key and SUBJECT_PARTICLE_RE.match(_without_gloss(text, end)):
            return True
    return False


# two governments joined at a headline's start: '동대문구-보성군, …', '영천시·대구 동구, …', '대구 동구청 – 경북 청송군'
PAIR_JOIN_RE = re.compile(r"청?\s?[-–—·ㆍ‧]\s?")
PROVINCE_WORD_RE = re.compile(r"[가-힣]{1,4}\s")  # the other side's province: '… – 경북 청송군'


def _joined_at(text: str, offset: int) -> set[int]:
    """Where the second of a pair may start after the joining mark at ``offset``."""
    joined = PAIR_JOIN_RE.match(text, offset)
    if joined is None:
        return set()
    word = PROVINCE_WORD_RE.match(text, joined.end())
    return {joined.end(), word.end()} if word else {joined.end()}


def _headline_pairs(korean: Sequence[PlaceMention], text: str) -> dict[int, str]:
    """Starts of two Korean governments joined at the start of a line: 'first' and 'second'."""
    roles: dict[int, str] = {}
    for m in korean:
        if not LINE_START_RE.search(text, 0, m.start):
            continue
        starts = _joined_at(text, m.end)
        other = next((o for o in korean if o.start in starts and o.place.key != m.place.key), None)
        if other is not None:
            roles.setdefault(m.start, "first")
            roles.setdefault(other.start, "second")
    return roles


def _without_gloss(text: str, offset: int) -> str:
    rest = text[offset : offset + 40]
    return re.sub(r"^\([^)]{0,30}\)", "", rest)


# a headline that opens with its subject and a comma: '청양군, 자매결연 서초구에 구호물품 지원'
HEADLINE_SUBJECT_RE = re.compile(r"\s?,\s")
LINE_START_RE = re.compile(r"(?:^|\n)[\s\[\]()<>\"'“‘]*$")
# a government naming itself without its name, as press releases do: '구는 …', '군에 따르면 …'
SELF_REFERENCE_RE = re.compile(r"(?:^|[\s\"“'(])(시|구|군|도)(?:는|은|에\s?따르면)\s")
# a sentence opening with such a self-reference: '군은 …'
SELF_SUBJECT_RE = re.compile(r"[\s\"“'(]*(?:또한?\s|이어\s|아울러\s)?(시|구|군|도)(?:는|은)\s")


def self_kind(place: Place) -> str:
    """The word a government calls itself by: 시, 구, 군 or 도."""
    name = place.name_ko
    if place.kind == "region" or name.endswith("도"):
        return "도"
    if place.kind == "district" or name.endswith("구"):
        return "구"
    return "군" if name.endswith("군") else "시"


# what the lead's first subject adds: more than another government's mentions in a page usually come to
# (chosen on the tuning split among 3, 6, 10 and 20; 10 and 20 scored the same)
FIRST_SUBJECT_BONUS = 10.0
# a 읍·면·동 right after its government ('도통동', '화곡4동', '수성1가동', '교동행정복지센터'), with its office or its
# residents' body: '… 주민자치회는', '… 행정복지센터(동장 …)는'
UNIT_SUBJECT_RE = re.compile(
    r"\s?[가-힣]{1,3}(?:\d가?)?(?:읍|면|동)(?:\s?(?:행정복지센터|주민센터|주민자치회|주민자치위원회|통장협의회|"
    r"발전협의회|새마을부녀회|부녀회))?(?=[\s(은는이가과와])"
)


def _unit_subject(m: PlaceMention, korean: Sequence[PlaceMention], text: str) -> bool:
    """Is a 읍·면·동 of ``m``'s government (or its residents' body) the subject, alone or first of a pair?"""
    unit = UNIT_SUBJECT_RE.match(text, m.end)
    if unit is None:
        return False
    if SUBJECT_PARTICLE_RE.match(text[unit.end() : unit.end() + 30]):
        return True
    return _joint_subject_with(PlaceMention(m.start, unit.end(), "", m.place, 0.0, ""), korean, text)


# a subject particle as a word of its own: '송파구는 ', '양천구(구청장 …)는 ', '동구청이 ' — not the
# '이' of a longer word ('구로이와 지사' is a person)
LEAD_SUBJECT_RE = re.compile(r"(?:\([^)]{0,30}\))?청?(?:은|는|이|가)\s")


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
    located = {o.start for o in korean for m in korean if m.end < o.start and is_locator(m, korean, text)}
    pairs = _headline_pairs(korean, text)
    first_subject: str | None = None
    unit_story = False
    for m in korean:
        if is_locator(m, korean, text) or AGENCY_AFTER_RE.match(text, m.end):
            continue  # '전북교육청', '충남지방경찰청': a national agency's branch speaks, not the government
        key = m.place.key
        places[key] = m.place
        after = text[m.end : m.end + 30]
        weight = 1.0
        why = "named"
        unit_subject = False
        joint = _joint_subject_with(m, korean, text)
        pair = pairs.get(m.start)
        if pair == "first":
            # a headline naming the pair joined by a dash or a dot tells the story from the first one's side
            # ('동대문구-보성군, 우호교류 협정 체결', '대구 동구청 – 경북 청송군 자매결연')
            weight += 2.5
            why = "headline subject"
        elif pair == "second":
            weight *= 0.5
        elif joint:
            # 'A와 B는 … 협약을 맺었다': the government named first tells the story (its press release)
            weight += 2.5
            why = "subject"
        elif SUBJECT_PARTICLE_RE.match(after) or (after[:1] == "청" and SUBJECT_PARTICLE_RE.match(after[1:])):
            # '송파구는', and its office: '동구청은'
            weight += 2.0
            why = "subject"
        elif HEADLINE_SUBJECT_RE.match(after) and LINE_START_RE.search(text, 0, m.start):
            weight += 2.0
            why = "headline subject"
        elif TITLE_RE.match(after.lstrip()):
            weight += 1.5
            why = "official's title"
        elif unit_subject := _unit_subject(m, korean, text):
            # a 읍·면·동 of the government, or its residents' committee, is the subject ('남원시 도통동과 …
            # 사천시 선구동이', '울산 중구 중앙동 행정복지센터는'): the page belongs to that government
            weight += 2.0
        elif COMITATIVE_RE.match(after) or m.start in located:
            # the other side of a domestic tie: the article names its own government bare and locates
            # the other one by its province ('용산구, 경북 상주시와 자매결연', '성북구-경기도 가평군 결연')
            weight *= 0.5
        if m.start < lead_end:
            weight *= 3.0
            if first_subject is None and (joint or unit_subject or LEAD_SUBJECT_RE.match(after)):
                first_subject = key
                unit_story = bool(unit_subject)
            why = f"lead {why}"
        scores[key] += weight
        reasons.setdefault(key, why)
    # the first government the lead makes its subject tells the story; the other side of a domestic tie is
    # named as often ('양천구(구청장 …)는 … 자매도시 울진군을 돕기 위해 … 울진군의 …')
    if first_subject is not None:
        scores[first_subject] += FIRST_SUBJECT_BONUS
    selves = Counter(found.group(1) for found in SELF_REFERENCE_RE.finditer(text))
    for key, place in places.items():
        scores[key] += min(selves[self_kind(place)], 3)
    if article.title:
        for m in gazetteer.find(article.title):
            if m.place.country == "KR" and m.place.key in places:
                scores[m.place.key] += 2.0
    if not scores:
        return None, "no Korean local government named"
    best = max(scores, key=lambda k: (scores[k], -first_offset(korean, k)))
    why = reasons[best]
    if best == first_subject and unit_story:
        # the lead's first subject is one of its 읍·면·동: the page tells that unit's ties, no event of the
        # government's own
        return places[best], f"unit's subject ({places[best].name_ko})"
    if why in ("named", "lead named") and selves[self_kind(places[best])]:
        # named only with a particle ('충북도와 …'), but the page calls itself the subject ('도는 …')
        why = "self-reference"
    return places[best], f"{why} ({places[best].name_ko})"
