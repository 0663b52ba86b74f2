"""Partner candidates: which place mentions are partners, locators, people's names, facilities or the actor's own."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from citydip import nlp
from citydip.dateline import without_byline
from citydip.extract.lexicon import CLAUSE_END_RE, Hit
from citydip.gazetteer import Gazetteer, PlaceMention
from citydip.gazetteer.phonetic import lead_of, strip_admin_suffix, with_lead
from citydip.models import Event, Place


def excluded(m: PlaceMention, kind: str, hits: list[Hit], text: str) -> bool:
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


def name_span(m: PlaceMention, text: str) -> tuple[int, int]:
    """The name without a gloss folded into the mention ('시모노세키(下關.76년)' → '시모노세키'), so a date
    inside the parentheses counts as written with the partner."""
    paren = text.find("(", m.start, m.end)
    return (m.start, paren if paren > m.start else m.end)


def _explicit(m: PlaceMention) -> bool:
    """Was the sense read from the text (its country or parent named with it), not from a prior?"""
    if " " in m.place.name_ko and m.surface.replace(" ", "").startswith(m.place.name_ko.replace(" ", "")):
        return True  # written with its city: '서울 강서구' is the gazetteer's full name of the district
    return "named before it" in m.reason or m.reason.startswith(
        ("parent in the sentence", "country in the sentence")
    )


def one_sense(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """One sense per article: an ambiguous name resolved once keeps that sense later on
    ('강원특별자치도 고성군 … 함명준 고성군수와' stays Gangwon's 고성군, not Gyeongnam's), and a sense the
    article makes explicit anywhere wins over a guess ('강서구청장, …' in a headline, then '서울 강서구청장')."""
    explicit = {m.place.key: m.place for m in mentions if _explicit(m)}
    settled: dict[str, Place] = {}
    out = []
    for m in mentions:
        if not _explicit(m) and m.place.key not in explicit:
            firm = next((explicit[a.key] for a in m.alternatives if a.key in explicit), None)
            if firm is not None:
                m = replace(m, place=firm, reason=f"{m.reason}; as the article names it elsewhere")
        earlier = next((settled[a.key] for a in m.alternatives if a.key in settled), None)
        if earlier is not None and m.place.key not in settled:
            m = replace(m, place=earlier, reason=f"{m.reason}; as resolved earlier in the article")
        settled.setdefault(m.place.key, m.place)
        out.append(m)
    return out


OFFICIAL_TITLE = r"\s?(?:시장|부시장|구청장|구장|도지사|지사|주지사|군수|성장|당서기|의장|위원장)"


# an official introduced by the place that owns the office: '시부야구의 하세베 겐 구청장'
_OWNED_OFFICIAL_RE = re.compile(
    r"의\s([가-힣]{2,6})(?:\s([가-힣]{1,6}))?(?:\([^)]{0,30}\))?" + OFFICIAL_TITLE
)


def person_places(
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
    # '시부야구의 하세베 겐 구청장': the place, 의, then the official's name and title
    for m in mentions:
        if m.start in person_names or (actor is not None and m.place.key == actor.key):
            continue
        owned = _OWNED_OFFICIAL_RE.match(text, m.end)
        if owned is None:
            continue
        for word in (owned.group(1), owned.group(2)):
            if word and word not in COUNTRY_WORDS and not word.endswith(NOT_A_NAME_END):
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
            if hit.group(1).endswith(NOT_A_NAME_END) or (hit.start(1) and text[at - 1] not in " (\"'“‘·,"):
                continue  # '참가를 위해 도지사가': a verb or a particle, not a name, stands before the title
            found.setdefault(hit.group(1), place)
    return found


# endings of words that are no person's name: particles and connective verb endings ('위해', '함께하고')
NOT_A_NAME_END = (
    "의",
    "는",
    "은",
    "가",
    "이",
    "을",
    "를",
    "에",
    "와",
    "과",
    "로",
    "도",
    "해",
    "고",
    "며",
    "서",
    "면",
)
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
# a country word right before a name ('일본 구마모토 …'): the name is a place after its country
COUNTRY_WORD_BEFORE_RE = re.compile(r"(?:^|\s)(?:" + "|".join(sorted(COUNTRY_WORDS)) + r")\s$")


def official_place(sentence: str, person_places: dict[str, Place]) -> Place | None:
    for m in re.finditer(r"([가-힣]{2,6})" + OFFICIAL_TITLE, sentence):
        place = person_places.get(m.group(1))
        if place is not None:
            return place
    return None


def domestic_ties(events: list[Event]) -> list[Event]:
    """A Korean place is a partner of a meeting, visit, forum, award or policy only when the article ties
    the actor to it by an agreement, aid or exchange ('종로구–고성군'), or sits with foreign members in the
    same forum; '서울 방문' alone is no diplomacy."""
    tied = {p.key for e in events if e.type in ("agreement", "aid", "exchange") for p in e.partners}
    out = []
    for e in events:
        if e.type in ("agreement", "aid", "exchange"):
            out.append(e)
            continue
        if e.type == "forum" and any(p.country != "KR" for p in e.partners):
            # a council of Korean and foreign governments ('부산시, 경남도와 일본 후쿠오카현 등 8개 시도현'):
            # the Korean members sit in it as the foreign ones do
            out.append(e)
            continue
        partners = tuple(p for p in e.partners if p.country != "KR" or p.key in tied)
        if partners:
            out.append(replace(e, partners=partners) if partners != e.partners else e)
    return out


def district_cities(events: list[Event]) -> list[Event]:
    """A foreign city written only to locate its district ('중국 A시 B구와 협약', 'A시 B구 대표단'): where the
    district is a partner of the article's agreement, the city is no partner of its own anywhere in the
    article, and an event that named the city takes that district instead."""
    districts = {
        (p.country, p.parent)
        for e in events
        for p in e.partners
        if p.kind == "district" and p.country != "KR" and p.parent and e.type == "agreement"
    }
    if not districts:
        return events
    out = []
    for e in events:
        partners = tuple(p for p in e.partners if not (p.kind == "city" and (p.country, p.name) in districts))
        if len(partners) < len(e.partners):
            cities = {(p.country, p.name) for p in e.partners} - {(p.country, p.name) for p in partners}
            ours = [
                p
                for x in events
                for p in x.partners
                if p.kind == "district" and (p.country, p.parent) in cities and p not in partners
            ]
            partners = partners + tuple(dict.fromkeys(ours))
        if partners:
            out.append(replace(e, partners=partners) if partners != e.partners else e)
    return out


# the subject a sentence opens with ('A시는 …', '경북 A군이 …') and its written name
_OPENING_SUBJECT = re.compile(
    r"\s*(?:[가-힣]{1,6},?\s){0,2}([가-힣]{1,10}(?:특별자치도|특별시|광역시|시|군|구|도|현|성|주))(?:\([^)]{0,30}\))?(?:은|는|이|가)\s"
)


def _place_stem(name: str) -> str:
    name = name.split()[-1]
    return re.sub(r"(?:특별자치도|특별자치시|광역시|특별시|시|군|구|도|주|성|현)$", "", name) or name


def third_party_ties(events: list[Event], actor_place: Place | None) -> list[Event]:
    """An agreement a sentence tells of another government ('B시는 C군과 2001년 자매결연을 맺었다', where B is
    not the actor) ties its subject to the Korean government joined to it by 와/과, not to the actor: that
    Korean government and the subject itself are no partners of the actor there (a round-up of other
    cities' ties, a page about two other governments)."""
    out = []
    for e in events:
        if e.type != "agreement" or actor_place is None:
            out.append(e)
            continue
        text = without_byline(e.evidence)
        subject = _OPENING_SUBJECT.match(text)
        actor = _place_stem(actor_place.name_ko)
        said = _place_stem(subject.group(1)) if subject else ""
        if len(said) < 2 or said[:2] == actor[:2] or actor in text[: subject.end()]:
            out.append(e)
            continue
        drop = set()
        for p in e.partners:
            stem = _place_stem(p.name_ko)
            if (
                p.country == "KR"
                and stem[:2] != actor[:2]
                and len(stem) >= 2
                and re.search(re.escape(stem) + r"[가-힣]{0,3}?(?:과|와)\s", text[subject.end() :])
            ):
                drop.add(p.key)
        if drop:
            drop |= {p.key for p in e.partners if _place_stem(p.name_ko)[:2] == said[:2]}
        partners = tuple(p for p in e.partners if p.key not in drop)
        if partners:
            out.append(replace(e, partners=partners) if partners != e.partners else e)
    return out


def first_offset(mentions: Sequence[PlaceMention], key: str) -> int:
    return min((m.start for m in mentions if m.place.key == key), default=1 << 30)


def is_locator(m: PlaceMention, mentions: Sequence[PlaceMention], text: str) -> bool:
    """'독일 베를린주 슈테글리츠-첼렌도르프구', '서울 송파구', '베를린의 …구': the first only locates the second
    (a town the gazetteer does not know is a mention too: see ``unknown_towns``)."""
    if PLACE_DESCRIPTION_RE.match(text, m.end):
        return True  # '텍사스주에 위치한 샌안토니오시', '아이치현의 최북단에 있는': geography, not a party
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


# a name with a municipal suffix right after a region ('조요시', '로어노크시', '지즈정'), three syllables or
# more so two-syllable words ('당시', '도시', '일정') never count, and less the longer common words that end
# like a municipality: '자매도시', '방문시' (when visiting), '우호협정', '공동연구', '주한미군', '농촌'
_COMMON_ENDINGS = [
    "도시",
    "일정",
    "예정",
    "협정",
    "과정",
    "결정",
    "행정",
    "사정",
    "조정",
    "지정",
    "선정",
    "인정",
    "확정",
    "개정",
    "규정",
    "수정",
    "설정",
    "방문시",
    "도착시",
    "출국시",
    "귀국시",
    "체결시",
    "개최시",
    "참석시",
    "요청시",
    "필요시",
    "발생시",
    "재난시",
    "연구",
    "지구",
    "특구",
    "항구",
    "요구",
    "입구",
    "출구",
    "지역구",
    "선거구",
    "미군",
    "해군",
    "공군",
    "육군",
    "국군",
    "장군",
    "실현",
    "표현",
    "재현",
    "구현",
    "출현",
    "농촌",
    "어촌",
    "산촌",
    "지구촌",
    "이번주",
    "지난주",
    "다음주",
    "매주",
    "격주",
    "일주",
    "주주",
    # an organisation, a federal district, a field, a Korean special city ('세계유산도시기구', '극동연방관구',
    # '항공우주', '시민주권특별자치시')
    "기구",
    "관구",
    "우주",
    "자치시",
]
UNKNOWN_TOWN_RE = re.compile(
    # a compound name keeps its hyphen ('차탐-켄트시'); a US borough or township is a town of its own
    # ('포트리자치구', '몽고메리 타운십')
    r"(?:의)?\s?(?:[주성현]\s)?((?:[가-힣]{1,8}-[가-힣]{1,8}|[가-힣]{2,8}|[가-힣](?=카운티)|\d{1,2})"
    # a gloss in Latin letters or characters may stand between the name and its suffix ('A(Fujairah)시')
    r"(?:\([A-Za-z\u00c0-\u024f\u1e00-\u1eff\u4e00-\u9fff][A-Za-z\u00c0-\u024f\u1e00-\u1eff\u4e00-\u9fff .'-]{0,30}\)"
    r"(?=[시군현구정촌주]))?"
    r"(?:자치구|\s?타운[십쉽]|시|군|현|구|정|촌|마치|무라|카운티|주))"
    + "".join(f"(?<!{word})" for word in _COMMON_ENDINGS)
    # the town's office, head or council right after its name ('코치코르군청을', '훈춘시장과', '야즈정의회') is the town,
    # and so is its people's committee or government (a Vietnamese or Chinese town's: 'A구인민위원회', 'B현인민정부')
    + r"(?:\([^)]{1,20}\))?(?=(?:청사?|청장|장|수|의회|인민위원회|인민정부)?[은는이가과와을를의에도,·]|\s|$)"
)


INNER_GLOSS_RE = re.compile(r"\([^()]*\)")
SPACED_TOWN_RE = re.compile(
    r"(?:의)?\s?([가-힣]{2,8} (?:시|군|현|카운티))(?=[은는이가과와을를의에도,·]|\s|$)"
)
TOWN_LIST_GAP_RE = re.compile(r"\s?(?:,|·|및|와|과)\s?")


# suffixes no Korean local government takes (a Japanese or Chinese county 현, a castle 성, a prefecture 부, a
# Japanese town 정 or village 촌)
_NOT_KOREAN_SUFFIXES = ("현", "성", "부", "정", "촌")


def korean_name_misread(m: PlaceMention, text: str) -> bool:
    """Whether a mention read as a Korean local government carries a suffix none takes, which makes it another
    word: a person's name ('구미현 기자', '남동현 기자' are no 구미시 or 남동구), a castle ('진주성'), or a
    foreign county named like a Korean one ('장흥현')."""
    if m.place.country != "KR":
        return False
    surface = text[m.start : m.end]
    if surface.endswith("부") and text.startswith(("시장", "군수", "구청장", "지사", "청장"), m.end):
        return False  # a deputy's title after the name: '남구부구청장' is 남구 and its 부구청장
    return (
        surface.endswith(_NOT_KOREAN_SUFFIXES)
        and not m.place.name_ko.startswith(surface)
        and not any(surface.endswith(s) and m.place.name_ko.endswith(s) for s in _NOT_KOREAN_SUFFIXES)
    )


def common_word_misread(m: PlaceMention, text: str, gazetteer: Gazetteer) -> bool:
    """Whether a foreign place read only because its country is named in the sentence or the article is a
    Korean word spelled like it: Kiwi reads the bare surface as one common noun ('연안' is a coast, not Yan'an;
    '백제' the kingdom, not Baidi; '본부' headquarters, not Bonn; '기타' 'other', not Kita). A place written
    right after its country or parent, or in a list of its country's places, stays."""
    if m.place.country == "KR" or not m.reason.startswith(("country in the sentence", "article names")):
        return False
    surface = text[m.start : m.end]
    # Kiwi is asked only about a short name the tables flag as a Korean word too
    return (
        len(surface) <= 3
        and all("가" <= ch <= "힣" for ch in surface)
        and gazetteer.common_word(surface)
        and _korean_word(surface)
    )


def unknown_towns(
    mentions: Sequence[PlaceMention],
    text: str,
    countries: Sequence[tuple[int, int, str]] = (),
    gazetteer: Gazetteer | None = None,
) -> list[PlaceMention]:
    """Towns the gazetteer does not know, named right after their region ('버지니아주 로어노크시', '교토부
    조요시', '경상남도 마산시' of before 2010), a district after its city ('위해시 환취구', '파리 17구') or a
    town after its country ('필리핀 바왕시', '몽골 준모드시', given as (start, end, code)), each town of a list
    after one such anchor ('필리핀 A시, B시, C시') too, and a foreign name there without a suffix when it
    sounds like a place of that country ('이탈리아 폼페이': see _bare_town). A foreign town
    whose name sounds like a GeoNames place of that country (or region) is that place (the gazetteer's
    phonetic fallback: '호주 뱅크스타운시' is Bankstown); any other becomes a place of its own, as written, in
    that country. The region or city then only locates it."""
    found: list[PlaceMention] = []
    anchors: list[tuple[int, str, Place | None]] = [(end, code, None) for _start, end, code in countries]
    # a country with its towns in brackets after it: '미국(샌타페이, 산타클라라)'
    anchors += [(end + 1, code, None) for _start, end, code in countries if text.startswith("(", end)]
    anchors += [(m.end, m.place.country, m.place) for m in mentions]
    for end, country, parent in anchors:
        if parent is not None and (
            parent.kind not in ("region", "city") or (parent.kind == "city" and country == "KR")
        ):
            continue
        if parent is None and country == "KR":
            continue
        # the towns of one anchor may come as a list: '필리핀 A시, B시, C시', '일본 A정·B촌', with known towns of
        # that country among them ('중국 투먼시와 쟈무스시')
        at = anchor_end = end
        while True:
            town = _unknown_town(mentions, text, at, anchor_end, country, parent, gazetteer)
            if town is not None:
                found.append(town)
            else:
                town = next(
                    (
                        m
                        for m in mentions
                        if m.start in (at, at + 1)
                        and m.place.country == country
                        and m.place.kind != "region"
                        and not text[at : m.start].strip()
                    ),
                    None,
                )
                if town is None:
                    break
                anchor_end = town.end
            more = TOWN_LIST_GAP_RE.match(text, town.end)
            if more is None:
                break
            at = more.end()
    found += _towns_before_country(mentions, text, countries, gazetteer)
    return found


# the names a country in brackets follows: '▴카트만두‧틸로타마(네팔)', '알사스주(프랑스)'
NAMES_BEFORE_BRACKET_RE = re.compile(r"[가-힣]{2,12}(?:\s?[‧·,]\s?[가-힣]{2,12}){0,4}$")
NAME_IN_LIST_RE = re.compile(r"[가-힣]{2,12}")


def _towns_before_country(
    mentions: Sequence[PlaceMention],
    text: str,
    countries: Sequence[tuple[int, int, str]],
    gazetteer: Gazetteer | None,
) -> list[PlaceMention]:
    """Places written before their country in brackets ('카트만두‧틸로타마(네팔)', '알사스주(프랑스)') that no
    table names: each only when it sounds like a place of that country (as _bare_town hears a name)."""
    found: list[PlaceMention] = []
    for start, end, code in countries:
        if code in ("KR", "JP") or not (text.startswith("(", start - 1) and text.startswith(")", end)):
            continue
        names = NAMES_BEFORE_BRACKET_RE.search(text, max(0, start - 60), start - 1)
        if names is None:
            continue
        given = re.search(
            r"([가-힣]{2,6})(?<![은는이가을를와과의에로도]) $",
            text[max(0, names.start() - 8) : names.start()],
        )
        if given is not None and any(t.oov or t.tag == "NNP" for t in nlp.kiwi().tokenize(given.group(1))):
            continue  # a person and their country ('수잔네 뵈얼레(독일)'), not a place
        for name in NAME_IN_LIST_RE.finditer(text, names.start(), names.end()):
            if any(o.start < name.end() and o.end > name.start() for o in mentions):
                continue
            town = _bare_town(mentions, text, name.start(), code, None, gazetteer, suffixed=True)
            if town is not None and town.end == name.end():
                found.append(town)
    return found


def repeated_towns(
    towns: Sequence[PlaceMention], mentions: Sequence[PlaceMention], text: str
) -> list[PlaceMention]:
    """The same unknown town named again without its anchor ('미국 펜실베이니아주 몽고메리 타운십을 방문해 …
    몽고메리 타운십은 …', '일본 야즈정 … 야즈정 실무단'): one name keeps one sense in an article. Where the
    gazetteer reads a place of its own at that spot, or the town's reading may not be its name, it stays."""
    taken = [(t.start, t.end) for t in towns]
    taken += [(m.start, m.end) for m in mentions if " " not in text[m.start : m.end]]
    found: list[PlaceMention] = []
    for town in {t.surface: t for t in towns}.values():
        if len(town.surface.replace(" ", "")) < 3 or town.reason == UNREAD:
            continue
        for m in re.finditer(re.escape(town.surface) + r"(?![가-힣]{3})", text):
            if m.start() > 0 and "가" <= text[m.start() - 1] <= "힣":
                continue  # inside a longer word
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(replace(town, start=m.start(), end=m.end()))
    return found


def _unknown_town(
    mentions: Sequence[PlaceMention],
    text: str,
    at: int,
    anchor_end: int,
    country: str,
    parent: Place | None,
    gazetteer: Gazetteer | None,
) -> PlaceMention | None:
    """The unknown town written at ``at`` (after its anchor or the previous town of a list), or None."""
    unknown = UNKNOWN_TOWN_RE.match(text, at)
    spaced = False
    if unknown is None:
        # a suffix written apart ('산마테오 시'): taken only when the name sounds like a place there, since
        # '방문 시' (when visiting) is written the same way
        unknown, spaced = SPACED_TOWN_RE.match(text, at), True
    if unknown is None:
        return _two_word_town(mentions, text, at, country, parent, gazetteer) or _bare_town(
            mentions, text, at, country, parent, gazetteer
        )
    name = INNER_GLOSS_RE.sub("", unknown.group(1)).replace(" ", "")
    if name != unknown.group(1).replace(" ", "") and text.startswith(("장", "수"), unknown.end(1)):
        return None  # a glossed person's name before a title ('다나카(田中)시장'), not a town
    # a compound name may hold a known name inside ('차탐-켄트시', '몽고메리 타운십'): the whole is the town
    compound = "-" in name or name.endswith(("자치구", "타운십", "타운쉽"))
    if any(o.start <= unknown.start(1) and o.end >= unknown.end(1) for o in mentions):
        return None  # the gazetteer knows the whole name ('광서장족자치구' is Guangxi): no unknown town
    if any(
        o.start < unknown.end(1) and o.end > anchor_end and not (compound and o.start >= unknown.start(1))
        for o in mentions
    ):
        return None
    township = name.endswith(("타운십", "타운쉽"))
    if name.endswith("자치구"):
        # a borough ('포트리자치구'): the town itself, as the gazetteer or the ear knows it ('자치구' alone
        # is the common noun)
        if country == "KR" or len(name) < 5:
            return None
        name = name[:-3]
    elif township:
        name = unknown.group(1)  # 'Montgomery Township', written as news write it
    if name.endswith(("마치", "무라")):
        if country != "JP":
            return None
        # a Japanese town or village written with its Japanese reading (고노헤마치, 아스카무라) takes the
        # Sino-Korean suffix Korean news mostly write (고노헤정, 아스카촌)
        name = name[:-2] + ("정" if name.endswith("마치") else "촌")
    if country == "JP":
        name = japanese_standard_spelling(name)
    # a city locates only a district or county inside it (a foreign city's county may be written 군)
    if parent is not None and parent.kind == "city" and not name.endswith(("구", "현", "군")):
        return None
    if name[0].isdigit():  # '파리 17구': a numbered district takes its city's name
        if parent is None:
            return None
        name = f"{parent.name_ko} {name}"
    kind = "district" if name.endswith("구") else "region" if name.endswith(("카운티", "주")) else "city"
    heard = None if township else _heard(gazetteer, name, kind, country, parent)
    if heard is None and gazetteer is not None:
        # respelled as the tables write it: 오쯔시 is 오쓰시, 오오타구 (a long vowel written out) 오타구
        heard = _known_respelling(
            gazetteer, name, INNER_GLOSS_RE.sub("", unknown.group(1)).replace(" ", ""), country
        )
    if heard is not None:
        return PlaceMention(unknown.start(1), unknown.end(1), name, heard[0], heard[1], heard[2])
    if spaced and not (kind == "region" and name.endswith("카운티") and _foreign_word(name[:-3])):
        # '방문 시' (when visiting) is written as a spaced town is; a county written apart from its name
        # ('윌리엄슨 카운티') is no such word
        return None
    place = Place(name=name, name_ko=name, country=country, kind=kind, parent=parent.name if parent else None)
    # a Chinese name the gazetteer lacks is mostly a Sino-Korean reading (관남현 for 灌南, Guannan), not
    # the standard spelling of the name: it makes its region a locator, and no partner
    where = parent.name_ko if parent else country
    reason = UNREAD if country in ("CN", "TW") else f"not in the gazetteer; in {where}"
    return PlaceMention(unknown.start(1), unknown.end(1), name, place, 0.0, reason)


BARE_NAME_RE = re.compile(r"\s?([가-힣]{3,10})(?=[\s,·‧.()]|$)")
# particles a name may carry, longest first
_PARTICLES = (
    "와의", "과의", "에서", "에는", "으로", "까지", "와", "과", "를", "을", "의", "에", "은", "는", "이", "가", "도", "로",
)  # fmt: skip
_NAME_ENDINGS = frozenset(["이", "가", "도", "로", "은", "는"])
BARE_BAR = 0.9  # a bare name needs a closer sound than one with its suffix
# a bare name is a person's when another word and a title follow it ('독일 프랑크발터 슈타인마이어 대통령')
BARE_PERSON_RE = re.compile(
    r"\s[가-힣]{2,8}\s?(?:대통령|총리|수상|장관|대사|총영사|영사|시장|부시장|주지사|지사|성장|군수|구청장|의장|의원"
    r"|위원장|회장|총장)(?=[\s은는이가과와을를의께도,.)]|$)"
)


def _bare_town(
    mentions: Sequence[PlaceMention],
    text: str,
    at: int,
    country: str,
    parent: Place | None,
    gazetteer: Gazetteer | None,
    *,
    suffixed: bool = False,
) -> PlaceMention | None:
    """A foreign town or region written right after its country or region without a suffix ('이탈리아 폼페이',
    '말레이시아 푸트라자야를', '스페인 갈리시아'), which no table names: taken only when it sounds like a place
    there (never as a place of its own) and Kiwi reads no Korean word in it ('미국 정부', '일본 현지').
    ``suffixed``: a name with its suffix is heard too (where no suffix rule reads it: before a bracket)."""
    if gazetteer is None or not _may_hear_bare(country, parent):
        return None
    word = BARE_NAME_RE.match(text, at)
    if word is None or any(o.start < word.end(1) and o.end > word.start(1) for o in mentions):
        return None
    whole = word.group(1)
    if BARE_PERSON_RE.match(text, word.end(1)) or gazetteer.find_countries(whole):
        return None
    # a particle only a particle can be is cut first; one a name often ends with (폼페이, 샌타페이) only after
    # the whole word is tried
    cut = [whole[: -len(p)] for p in _PARTICLES if whole.endswith(p) and len(whole) - len(p) >= 3]
    names = [n for n in cut if whole[len(n) :] not in _NAME_ENDINGS] + [whole]
    names += [n for n in cut if whole[len(n) :] in _NAME_ENDINGS]
    for name in names:
        suffix = strip_admin_suffix(name)[1]
        # a word ending like a suffix ('칸화성', '부랴티야주') is a town or province the suffix rules read
        if (name[-1] in "시군구현주성도정촌" and not suffixed) or not _foreign_word(
            strip_admin_suffix(name)[0]
        ):
            continue
        # a known place's other spelling first: it is the one news more likely mean (푸랑크푸르트 is
        # Frankfurt am Main, not the Frankfurt on the Oder that GeoNames also spells Francfort)
        heard = _heard_bare(gazetteer, name, country, parent)
        if heard is None:
            continue
        if suffix in ("주", "성", "도") and heard[0].kind != "region":
            continue  # '알사스주' is a province, not a town that sounds like it
        start = word.start(1)
        return PlaceMention(start, start + len(name), name, *heard)
    return None


def _may_hear_bare(country: str, parent: Place | None) -> bool:
    """Whether a name written without its suffix after this anchor may be heard by ear: never in Korea or
    Japan (their towns are all in the tables), and only after a country or a region, not after a city."""
    return country not in ("KR", "JP") and (parent is None or parent.kind == "region")


def _heard_bare(
    gazetteer: Gazetteer, name: str, country: str, parent: Place | None
) -> tuple[Place, float, str] | None:
    """A name written without its suffix, by ear: a known place's other spelling first (the one news more
    likely mean), then the phonetic fallback; None unless one sounds at least BARE_BAR close."""
    heard = gazetteer.spelled_like(name, country, within=parent)
    if heard is None or heard[1] < BARE_BAR:
        heard = _heard(gazetteer, name, "city", country, parent)
    return heard if heard is not None and heard[1] >= BARE_BAR else None


TWO_WORDS_RE = re.compile(r"\s?([가-힣]{2,8}) ([가-힣]{2,10})(?=[\s,·.()]|$)")


def _two_word_town(
    mentions: Sequence[PlaceMention],
    text: str,
    at: int,
    country: str,
    parent: Place | None,
    gazetteer: Gazetteer | None,
) -> PlaceMention | None:
    """A foreign name written in two words after its country or region ('인도 우타르 프라데시주', '에티오피아
    아디스 아바바시를'): the words together, heard as _bare_town hears one (the tables' spelling first)."""
    if gazetteer is None or not _may_hear_bare(country, parent):
        return None
    words = TWO_WORDS_RE.match(text, at)
    if words is None or any(o.start < words.end(2) and o.end > words.start(1) for o in mentions):
        return None
    first, second = words.group(1), words.group(2)
    if BARE_PERSON_RE.match(text, words.end(2)) or not _foreign_word(first):
        return None
    cut = [second[: -len(p)] for p in _PARTICLES if second.endswith(p) and len(second) - len(p) >= 2]
    for tail in [n for n in cut if second[len(n) :] not in _NAME_ENDINGS] + [second]:
        name = first + tail
        heard = _heard_bare(gazetteer, name, country, parent)
        if heard is None:
            continue
        if strip_admin_suffix(name)[1] in ("주", "성", "도") and heard[0].kind != "region":
            continue
        return PlaceMention(words.start(1), words.start(2) + len(tail), name, *heard)
    return None


@lru_cache(maxsize=4096)
def _word_tokens(word: str) -> tuple:
    """Kiwi's best reading of one word on its own. Kept per word: the words after a country ('정부', '현지',
    '대사관') recur from article to article."""
    analyses = nlp.kiwi().analyze(word, top_n=1)
    return tuple(analyses[0][0]) if analyses else ()


def _foreign_word(name: str) -> bool:
    """Whether Kiwi reads a word as a name or a word it does not know, not as Korean words ('교류도시')."""
    tokens = _word_tokens(name)
    return any(t.oov for t in tokens) or (len(tokens) == 1 and tokens[0].tag.startswith("NNP"))


# 외래어 표기법 for Japanese: a word-initial voiceless k, t, ch is written ㄱ, ㄷ, ㅈ (가사오카, not 카사오카), and
# つ is 쓰 anywhere (쓰난, not 츠난); news often keep the aspirated forms
_INITIAL_PLAIN = {"ㅋ": "ㄱ", "ㅌ": "ㄷ", "ㅊ": "ㅈ"}


def japanese_standard_spelling(name: str) -> str:
    """A Japanese place name in the standard Korean spelling: '카미아마쿠사시' → '가미아마쿠사시' (the inverse of
    the transcription variants scripts/build_gazetteer.py generates for the names it knows)."""
    name = name.replace("츠", "쓰").replace("쯔", "쓰")
    first = name[:1]
    if first and "가" <= first <= "힣" and lead_of(first) in _INITIAL_PLAIN:
        name = with_lead(first, _INITIAL_PLAIN[lead_of(first)]) + name[1:]
    return name


def _heard(
    gazetteer: Gazetteer | None, name: str, kind: str, country: str, parent: Place | None
) -> tuple[Place, float, str] | None:
    """The phonetic fallback for an unknown foreign town (not a district: GeoNames lists cities; and see
    Gazetteer.phonetic for the countries it leaves out), then another spelling of a place the tables know
    (Gazetteer.spelled_like)."""
    if gazetteer is None:
        return None
    by_sound = None
    if kind != "district":
        within = parent if parent is not None and parent.kind == "region" else None
        heard = gazetteer.phonetic(name, (country,), within=within)
        by_sound = heard[0] if heard else None
    # a place the tables know under another Hangul spelling of its sound (리틀락 for 리틀록); a Korean word
    # before the suffix is no such name ('중국 여행시', when travelling in China)
    if _korean_word(strip_admin_suffix(name)[0]):
        return by_sound
    found = gazetteer.spelled_like(name, country, within=parent)
    if by_sound is not None:
        # a spelling the tables hold that sounds closer than any Latin name wins (하이증 is 하이즈엉, 0.95,
        # more than Ha Thin, 0.90), and so does one as close as a GeoNames place the tables lack (타이응웬 is
        # 타이응우옌, Thái Nguyên, not Tân Uyên); a tie among places the tables know keeps the Latin match
        if found is not None and (
            found[1] > by_sound[1] or (found[1] == by_sound[1] and gazetteer.by_key(by_sound[0].key) is None)
        ):
            return found
        return by_sound
    if found is None and country not in _TENSE_STANDARD and (respelled := _aspirated(name)) != name:
        # a European name heard with tense consonants (뚜르시 for Tours, 빠리): the standard spelling writes
        # them aspirated (투르); too short for the sound comparison, so the respelling is looked up as it is
        for place, score, reason in gazetteer.lookup(respelled, gazetteer.country_name(country)):
            if place.country == country and place.kind == kind:
                return place, score, f"standard spelling {respelled}: {reason}"
    return found


# countries whose standard Korean spelling itself uses tense consonants (Vietnamese, Thai, Lao, Khmer) or
# whose names are read otherwise (Korea, Japan, China, Taiwan)
_TENSE_STANDARD = frozenset(("VN", "TH", "LA", "KH", "KR", "KP", "JP", "CN", "TW"))
_ASPIRATED = {"ㄲ": "ㅋ", "ㄸ": "ㅌ", "ㅃ": "ㅍ", "ㅉ": "ㅊ"}


def _aspirated(name: str) -> str:
    """The name with the tense lead consonant of each syllable made aspirated (뚜르시 → 투르시)."""
    out = []
    for ch in name:
        if "가" <= ch <= "힣" and lead_of(ch) in _ASPIRATED:
            ch = with_lead(ch, _ASPIRATED[lead_of(ch)])
        out.append(ch)
    return "".join(out)


def _korean_word(stem: str) -> bool:
    """Whether Kiwi reads a stem as one ordinary Korean word (여행/NNG), not a name."""
    tokens = _word_tokens(stem)
    return (
        len(tokens) == 1
        and not tokens[0].oov
        and not tokens[0].tag.startswith("NNP")
        and tokens[0].form == stem
    )


UNREAD = "not in the gazetteer, and its reading may not be its name"
# a place that only describes where another lies: '…에 위치한', '…의 최북단에', '… 사이에 있는'
PLACE_DESCRIPTION_RE = re.compile(
    r"(?:와|과)?\s?(?:[가-힣]{1,6}\s)?(?:사이)?에\s?(?:위치한|위치해|위치하고|자리한|자리잡은|있는)"
    # a part of the place written without '의' before it: '강소성 동북쪽에 위치한', '전남 서해안에 있으며'
    r"|\s(?:[동서남북중]|동북|동남|서북|서남|북동|북서|남동|남서)(?:쪽|부|단)?(?:\s?(?:해안|연안|내륙|지역|지방|끝))?에\s?"
    r"(?:위치|자리|있)"
    # a place the city belongs to, told as the city's description: '나가사키현의 현청 소재지', '홋카이도 도청소재지',
    # '산둥성 서부의 경제 문화 중심 도시', '비엘코폴스카주에 속해 있는'
    r"|의?\s?(?:현청|도청|주청|성청|군청)\s?소재지|의\s?(?:행정\s?)?중심지"
    r"|\s(?:[동서남북중]|동북|동남|서북|서남)(?:쪽|부)의\s"
    r"|에\s?속(?:해|한|하는)"
    r"|의\s?(?:최?(?:북단|남단|동단|서단)|(?:동|서|남|북|동북|동남|서북|서남)(?:쪽|부)|중심부?|한가운데)(?:에|에서|인)"
)
# a Korean place before a neighbourhood (동, 면, 읍; numbered: 호원2동, 신월 2동) names that unit, never the
# city itself
SUB_MUNICIPAL_RE = re.compile(
    r"\s?[가-힣]{1,3}(?:\s?\d{1,2})?(?:동|면|읍)(?<!공동)(?<!활동)(?<!운동)(?<!이동)(?<!행동)(?<!협동)(?<!합동)(?<!노동)"
    r"(?<!감동)(?<!변동)(?<!출동)(?<!가동)(?<!작동)(?<!연동)(?<!측면)(?<!반면)(?<!전면)(?<!정면)(?<!대면)"
    r"(?<!화면)(?<!방면)(?<!직면)(?<!외면)(?=\s?(?:주민|행정복지센터|사무소|[은는이가과와의을를에,·-]|\(|\s))"
)
# a place name that only names a facility or a club: '프라이부르크 전망대', '뉴욕 한인회'
FACILITY_RE = re.compile(
    r"\s?(?:전망대|공원|거리|광장|정원|숲길|마을|빌딩|타워|호텔|박물관|기념관|전시관|미술관|대학교?|공항|"
    r"한인\s?(?:회|상공회의소|상공회|경제인|사회|단체|협회|축제)|총영사관|대사관|무역관|사무소|FC|필하모닉|교향악단|국제영화제|특파원|올림픽|아시안게임|월드컵|"
    # a national body's post named after the place: '연해주 사령관', '…함대'
    r"사령관|사령부|함대|국경수비대|"
    # a state or city university ('콜럼버스 주립대'), a season's games ('베이징 동계올림픽'), a port ('로테르담항과',
    # '청도항 간'): the body, not the government
    r"(?:주립|시립|도립|국립|공립)\s?대(?:학교?)?|(?:동계|하계)\s?(?:올림픽|아시안게임|유니버시아드)|패럴림픽|"
    r"항(?=[과와은는이가의을를에]|\s?(?:간|사이|및|,))|항만|항구)"
    # an organisation named after the place, written as one word with it ('흑룡강성대외우호협회', '뉴욕한국상공회의소')
    # or apart ('리마 상공회의소', '청도 국제상회', '오사카 한국교육원')
    r"|\s?[가-힣]{0,8}(?:협회|협의회|연합회|상공회의소|상회|재단|교육원|로타리클럽|라이온스클럽|공단|관리청|공동모금회|부녀회|향우회)(?=[\s은는이가의을를와과에,.]|$)"
    # a facility named with a word of its own before its kind, as the place the actor visits ('A 항공박물관을
    # 찾아', 'A 첨단산업단지를 둘러보고'); a gift built there ('A 역사박물관에 기증') may still be the tie's
    r"|\s?[가-힣]{1,6}(?:박물관|기념관|전시관|미술관|공원|공장|산업단지|연구단지)(?:\([^)]{1,30}\))?(?:을|를)\s?"
    r"(?:방문|찾|견학|둘러|시찰)"
    # a company's local office or plant, after the company's Latin name ('시애틀 ABC 미국법인', '… XYZ 현지 공장')
    r"|의?\s(?:[A-Z][A-Za-z&]{1,12}\s)(?:[가-힣]{1,4}\s?)?(?:법인|공장|사옥|신사옥|지사|본사)(?=[\s은는이가의을를와과에,.]|$)"
    # an event named after the place, written as one word ('이스탄불경주세계문화엑스포', '부산엑스포')
    r"|[가-힣]{0,10}(?:엑스포|박람회|영화제|비엔날레)"
    # a dateline, '[대구=동양뉴스]', '(서울=연합뉴스)': where the report was filed
    r"|\s?="
    # a university's short name ('후쿠오카대와'), a company placed by its seat ('뮌헨에 본사를 둔', '뮌헨 소재')
    r"|대(?=[와과는가의에를도이]|\s)"
    r"|에\s?(?:본사|본부|본점|공장|법인|지사)(?:를|을|가|이)?\s?(?:둔|두고|있는|세운)|\s?소재\s"
)


PERSON_AFTER_RE = re.compile(
    r"\s[가-힣]{1,4}\s?\([A-Z][A-Za-z .'-]{1,40}\)\s?(?:의장|시장|구청장|주지사|지사|군수|부시장|위원장|대사|총영사)"
)


NAME_GAP_RE = re.compile(r"\s*(?:\([A-Za-z .,'-]{1,40}\))?\s*")


# a mayor's delegation ('윈푸시 부시장단', '효감시 시장단'): the town's officials, never a person's title
DELEGATION_AFTER_RE = re.compile(r"\s?(?:부?시장단)")
TITLE_AFTER_RE = re.compile(r"\s?(?:시장|구청장|도지사|지사|주지사|군수|부시장|성장|당서기)")


def person_name_spans(mentions: Sequence[PlaceMention], text: str) -> set[int]:
    """Starts of mentions that spell a person's name: '마르틴 호른(Martin Horn) 프라이부르크시장', '마르틴 호른 시장'.

    Adjacent mentions (only spaces or a Latin gloss between them) of different countries form no locator
    chain. When such a chain ends in an official's title, the mentions before the office's city are the
    person's name; the last one is the city only if the article names that place elsewhere too.
    """
    ordered = sorted(mentions, key=lambda x: x.start)
    names: set[int] = set()
    # which characters a mention covers, and how often each place is named: the checks below ask both of
    # every mention, and a scan of all mentions for each one grew with the square of a long article's
    covered = {at for y in ordered for at in range(y.start, y.end)}
    named = Counter(y.place.key for y in ordered)
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
        # the office may be a department's or a council's ('존 헤일 오리건주 경제실장')
        if not (TITLE_AFTER_RE.match(text, last.end) or PERSON_TITLE_RE.match(text, last.end)):
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
    # word, the '…시' name, then a separate title or the office's town with its title; a city is written '다카
    # 시장' or '다카시장' instead
    for x in ordered:
        before = GIVEN_NAME_BEFORE_RE.search(text, max(0, x.start - 8), x.start)
        country = COUNTRY_THEN_RE.match(text, x.end)
        rest = country.end() if country is not None and country.group(1) in COUNTRY_LETTERS else x.end
        if (
            text[x.start : x.end].endswith("시")
            and (
                TITLE_AFTER_RE.match(text, x.end)
                or (rest > x.end and OFFICE_WORD_RE.match(text, rest))
                # or the office's town and its title after it ('무라야마 다카시 가나자와시장')
                or any(
                    y.start == x.end + 1
                    and (TITLE_AFTER_RE.match(text, y.end) or text.startswith("시장", y.end - 1))
                    for y in ordered
                )
            )
            and not DELEGATION_AFTER_RE.match(text, x.end)
            and text[x.end : x.end + 1] == " "
            and before is not None
            and before.group(1) not in COUNTRY_WORDS
            and before.start(1) not in covered
            # the article names the town as a place too ('윈푸시 방문단', '… 윈푸시 부시장은'): the word
            # before it is the official's name, not a surname
            and not any(
                y.place.key == x.place.key and y is not x and not _before_office(text, y.end) for y in ordered
            )
        ):
            names.add(x.start)
    # a surname read as a place: '우에다 후미오 시장', '우에다 후미오(上田文雄) 삿포로시장' — a mention, one bare
    # word (the given name, no particle, no office or place suffix) and a title, or a city and its title
    for x in ordered:
        if x.end + 1 in covered:
            continue
        if _suffixed(x, text):
            continue  # a place written with its suffix is no surname ('래주시 텐창칭(田長靑) 부시장')
        # a place written after its country, or named again, may be the office's town before a full name
        # ('일본 구마모토 테라사키 히데토시 부시장', '키이우 블로디미르 프로코핍 부시장' in a story about Kyiv)
        town_like = (
            bool(COUNTRY_WORD_BEFORE_RE.search(text[max(0, x.start - 8) : x.start])) or named[x.place.key] > 1
        )
        if any(_given_name_then_title(text, x.end, size, ordered, town_like) for size in range(6, 1, -1)):
            names.add(x.start)
    # given names before a surname that is a town, then a title written apart, in a sentence that names the
    # official's own town elsewhere: '포르투갈 신트라시를 방문해 바실리오 오르타 시장과' (Horta is his surname)
    for x in ordered:
        before = GIVEN_NAME_BEFORE_RE.search(text, max(0, x.start - 8), x.start)
        if (
            before is None
            or before.group(1) in COUNTRY_WORDS
            or before.group(1) in NOT_A_GIVEN_NAME
            or before.start(1) in covered
            or text[x.start : x.end].endswith(PLACE_SUFFIXES)
            or not SPACED_TITLE_RE.match(text, x.end)
        ):
            continue
        start, end = _sentence_around(text, x.start)
        if any(
            y.place.key == x.place.key and not TITLE_AFTER_RE.match(text, y.end)
            for y in ordered
            if y is not x
        ):
            continue  # the article names the town as a place too: '애덤스 뉴욕 시장' in a story about New York
        if any(
            start <= y.start < end
            and y.place.country != "KR"
            and y.place.key != x.place.key
            and y.start not in names
            and y.place.kind != "region"
            and not TITLE_AFTER_RE.match(text, y.end)
            for y in ordered
        ):
            names.add(x.start)
    # a title, then the full name: '브레아시(시장 로이 무어)', '(시의회 의장 아난 수미오, …)'
    for hit in TITLE_THEN_NAME_RE.finditer(text):
        names.update(x.start for x in ordered if hit.start(1) <= x.start < hit.end(1))
    # the last word of a full name glossed whole, then the office: '웨스 무어(Wes Moore) 메릴랜드 주지사'
    for x in ordered:
        gloss = re.search(r"\(([A-Za-z .'-]+)\)$", text[x.start : x.end])
        before = GIVEN_NAME_BEFORE_RE.search(text, max(0, x.start - 8), x.start)
        if gloss is None or before is None or len(gloss.group(1).split()) != 2:
            continue
        if before.start(1) in covered or before.group(1) in COUNTRY_WORDS:
            continue
        rest = x.end + (text[x.end : x.end + 1] == " ")
        if (
            TITLE_AFTER_RE.match(text, x.end)
            or PERSON_TITLE_RE.match(text, x.end)
            or OFFICE_WORD_RE.match(text, rest)
            or any(y.start == rest and TITLE_AFTER_RE.match(text, y.end) for y in ordered)
        ):
            names.add(x.start)
    # a name, the country, then the office: '스킵 헨더슨 미국 콜럼버스시장' — places are written country first,
    # so a place right before a country word and an official's city is a person's name
    for x in ordered:
        after = COUNTRY_THEN_RE.match(text, x.end)
        if after is None or after.group(1) not in COUNTRY_WORDS:
            continue
        rest = after.end()
        if OFFICE_WORD_RE.match(text, rest) or any(
            y.start == rest and (TITLE_AFTER_RE.match(text, y.end) or PERSON_TITLE_RE.match(text, y.end))
            for y in ordered
        ):
            names.add(x.start)
    # a Korean full name that starts with a place's name: '이춘희 세종시장' (Yichun is no partner) — the mention
    # runs on into one more syllable of the same word, neither a particle nor a suffix, and an office follows
    for x in ordered:
        tail = KOREAN_NAME_TAIL_RE.match(text, x.end)
        if tail is None or x.end - x.start != 2:
            continue
        rest = tail.end()
        if (
            TITLE_AFTER_RE.match(text, rest)
            or PERSON_TITLE_RE.match(text, rest)
            or OFFICE_WORD_RE.match(text, rest)
            or any(y.start == rest and TITLE_AFTER_RE.match(text, y.end) for y in ordered)
        ):
            names.add(x.start)
    # a surname found in a name chain is a name wherever it stands before a title ('호른 시장에게')
    name_keys = {x.place.key for x in ordered if x.start in names}
    names.update(x.start for x in ordered if x.place.key in name_keys and TITLE_AFTER_RE.match(text, x.end))
    return names


PLACE_SUFFIXES = ("시", "성", "현", "주", "구", "군", "도")


def _suffixed(m: PlaceMention, text: str) -> bool:
    """Is the mention written with an administrative suffix ('래주시')? A Japanese town whose own name ends in
    '시' ('고바야시', '가와니시', surnames as often as towns) carries none."""
    surface = text[m.start : m.end]
    if not surface.endswith(PLACE_SUFFIXES):
        return False
    return not (
        m.place.country == "JP"
        and m.place.kind == "city"
        and m.place.name_ko.endswith("시")
        and surface[-1] == "시"
    )


# the last syllable of a three-syllable Korean name after a mention, then a space ('이춘희 ', not '이춘시 ')
KOREAN_NAME_TAIL_RE = re.compile(r"(?![은는이가을를의에도와과로시군구현성주])[가-힣] ")
# a bare word right before a mention, as a surname stands before a given name (no particle, no place suffix)
GIVEN_NAME_BEFORE_RE = re.compile(r"(?<![가-힣])([가-힣]{2,5})(?<![의은는이가과와을를에도시구군주현성])\s$")


# endings of a given name that are also a place's suffix or a particle: only before a title written apart
GIVEN_NAME_BAD_END = ("시", "도", "사")
# words that stand between a place and a title without being a given name ('도쿄 방문 당시 시장')
NOT_A_GIVEN_NAME = frozenset(
    ["도시", "당시", "역시", "동시", "현지", "출신", "방문", "출장", "이날", "현재", "전직", "신임"]
)
# a country written with one Hanja letter in headlines ('日 구마모토현지사')
COUNTRY_LETTERS = frozenset(["日", "中", "美", "英", "獨", "佛", "露"])
# a title written apart after the name ('오르타 시장'), not the word for a market or a mayors' delegation
SPACED_TITLE_RE = re.compile(
    r" (?:시장|부시장|주지사|지사|현지사|성장|군수|구청장)(?![가-힣])|(?: (?:시장|부시장|지사))(?=[은는이가과와을를의께])"
)
# an unknown town written apart from its title after a full name ('로렌스 아르카 마라곤돈 시장')
SPACED_OFFICE_RE = re.compile(
    r"[가-힣]{2,8}(?<![의은는이가과와을를에로서고며])\s(?:시장|부시장|주지사|현지사|성장|군수)(?=[\s은는이가과와을를의,]|$)"
)
# a title and then the full name, as written in brackets after a government ('(시장 로이 무어)')
TITLE_THEN_NAME_RE = re.compile(
    r"[(,]\s?(?:[가-힣]{0,4}의회\s?)?(?:시장|부시장|의장|부의장|군수|구청장|지사|주지사|현지사|성장|회장)\s"
    r"((?:[가-힣]{1,6}\s){0,3}[가-힣]{1,6})(?=[),])"
)


def _given_name_then_title(
    text: str, at: int, size: int, ordered: Sequence[PlaceMention], town_like: bool
) -> bool:
    """Does a given name of ``size`` syllables follow at ``at``, and then a title or an office?"""
    given = GIVEN_NAME_AFTER_RE.match(text, at)
    if given is None or len(given.group(1)) < size:
        return False
    word = given.group(1)[:size]
    if word in NOT_A_GIVEN_NAME or word.endswith((*NOT_A_NAME_END[:10], *_COMMON_ENDINGS)):
        return False
    if size < len(given.group(1)):
        rest = at + 1 + size
        gloss = None
    else:
        rest, gloss = given.end(), given.group(2)
    # a '…시' or '…도' word is a given name only before a title written apart ('히토시 부시장')
    if word.endswith(GIVEN_NAME_BAD_END) and not SPACED_TITLE_RE.match(text, rest - (text[rest - 1] == " ")):
        return False
    # the office's country may stand between the name and the office ('마에다 신타로 일본 시모노세키시 시장')
    country = COUNTRY_THEN_RE.match(text, rest - 1) if text[rest - 1 : rest] == " " else None
    if country is not None and country.group(1) in COUNTRY_WORDS | COUNTRY_LETTERS:
        rest = country.end()
    return bool(
        gloss  # '무라야마 도미이치(村山富市)': one gloss spells both words, a person's full name
        or TITLE_AFTER_RE.match(text, rest)
        or PERSON_TITLE_RE.match(text, rest)
        or OFFICE_WORD_RE.match(text, rest)
        # '로렌스 아르카 마라곤돈 시장': a given name, the surname, then the town and a title written apart
        or (not town_like and SPACED_OFFICE_RE.match(text, rest))
        or any(y.start == rest and TITLE_AFTER_RE.match(text, y.end) for y in ordered)
    )


OFFICE_AFTER_RE = re.compile(r"\s?(?:현|주|도|부)?(?:시장|구청장|지사|군수|성장|당서기)(?!단)")


def _before_office(text: str, at: int) -> bool:
    """Does a title or an office follow at ``at`` ('… 시장', '… 日 구마모토현지사', '… 미토요시장')?"""
    if OFFICE_AFTER_RE.match(text, at):
        return True
    country = COUNTRY_THEN_RE.match(text, at)
    if country is not None and country.group(1) in COUNTRY_WORDS | COUNTRY_LETTERS:
        at = country.end() - 1
    return text[at : at + 1] == " " and bool(OFFICE_WORD_RE.match(text, at + 1))


def _sentence_around(text: str, at: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    end = min((i for i in (text.find(". ", at), text.find("\n", at)) if i >= 0), default=len(text))
    return start, end


# a city's name written together with an office title: '벳푸시장', '구마모토현지사'
OFFICE_WORD_RE = re.compile(
    r"[가-힣]{1,8}?(?:시장|구청장|도지사|현지사|주지사|군수|성장)(?=[\s은는이가과와을를의,]|$)"
)
COUNTRY_THEN_RE = re.compile(r"\s([가-힣]{2,8}|[日中美英獨佛露])\s")
# other offices a full name comes before: a council's chair or member, an envoy, a department head
# ('후지타 히로유키 시의회 의장', '… 총영사', '… 경제실장')
PERSON_TITLE_RE = re.compile(
    r"(?:\s?(?:[가-힣]{0,4}의회\s?|시|상원|하원)?(?:의장|부의장|의원|대사|총영사|영사|위원장|[가-힣]{1,3}(?:실장|국장|청장|과장|팀장))"
    r"|\s?(?:[가-힣]{1,6}\s)?(?:부장|회장))"
    r"(?=[\s은는이가과와을를의,]|$)"
)
# a given name right after a surname: one bare word, an optional gloss ('후미오(上田文雄) ')
GIVEN_NAME_AFTER_RE = re.compile(
    r" ([가-힣]{2,6})(?<![의은는이가과와을를에구군주현성회청부처원국단문장관측팀])"
    r"(?:\(([\u4e00-\u9fff]{3,5})\)|\([^)]{1,20}\))? ?"
)


LOCATOR_GAP_RE = re.compile(r"\s*(?:의|[도시주성현부군])?\s*")  # '도쿄(東京)도 분쿄구': a stray suffix


def _rank(place: Place) -> int:
    return {"region": 2, "city": 1, "district": 0}.get(str(place.kind), 1)


def related_korean(place: Place, actor: Place) -> bool:
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


# a foreign-looking name with an administrative suffix, anywhere in the text ('즈보시가', '칸화성 관계자')
SUFFIXED_NAME_RE = re.compile(
    r"(?<![가-힣])([가-힣]{2,8})(시|성|주|현|구|군|정|촌|쵸|초|카운티)"
    + "".join(f"(?<!{word})" for word in _COMMON_ENDINGS)
    + r"(?=(?:청사?|청장|장|수|의회)?[은는이가과와을를의에도,·‧)]|\s|$)"
)
# a person's name before a title or an office, or after a title in brackets ('윤장현 시장', '김동성 기자',
# '야마구치 마사토시 총장', '(총장 권동현)')
PERSON_NEXT_RE = re.compile(
    r"\s(?:[가-힣]{1,8}(?:\([^)]{1,20}\))?\s){0,2}[가-힣]{0,8}?(?:시장|구청장|군수|지사|의장|국장|과장|실장|부장|회장|총장|단장|"
    r"서기|위원장|청장|대표|교수|총영사|대사|영사|기자|장관|이사장|사장|의원|담당관|특파원)"
    r"(?=[\s은는이가과와을를의께에도로,.()]|$)"
)
PERSON_BEFORE_RE = re.compile(r"(?:장|사|관|자|원)\s(?:[가-힣]{2,5}\s)?$")
ELSEWHERE_BAR = 0.9  # as close as a bare name must sound
JAPANESE_BAR = (
    0.95  # kana spellings differ in ㄱ/ㅋ, 쓰/츠 and long vowels, which the sound key does not hear
)
_PLAIN = {"ㄲ": "ㄱ", "ㄸ": "ㄷ", "ㅃ": "ㅂ", "ㅆ": "ㅅ", "ㅉ": "ㅈ"}


def _plain(name: str) -> str:
    """The name with each tense lead consonant written plain (쯔보 → 즈보)."""
    return "".join(
        with_lead(ch, _PLAIN[lead_of(ch)]) if "가" <= ch <= "힣" and lead_of(ch) in _PLAIN else ch
        for ch in name
    )


def heard_elsewhere(
    mentions: Sequence[PlaceMention],
    towns: Sequence[PlaceMention],
    text: str,
    countries: Sequence[str],
    gazetteer: Gazetteer | None,
) -> list[PlaceMention]:
    """A known foreign place written, away from its country, in another Hangul spelling of its sound (news
    transcribe by ear: '칸화성' for 칸호아성, '기노가와시' for 기노카와, '스트래퍼드시' for 스트랫퍼드): a name
    with an administrative suffix that no table holds and Kiwi reads as no Korean word is that place when it
    sounds like a place of a foreign country the article names (Gazetteer.spelled_like, at least
    ELSEWHERE_BAR), the closest of them. A Chinese or Taiwanese name counts only when it differs from the
    spelling by tense consonants alone ('즈보시' for 쯔보): a Sino-Korean reading sounds like other places'
    pinyin (이양 like 야안). A name the article never places stays unread, and so does a person's name before
    a title ('윤장현 시장', '다나카 카즈요시 회장')."""
    codes = [c for c in dict.fromkeys(countries) if c not in ("KR", "KP")]
    if gazetteer is None or not codes:
        return []
    taken = [(m.start, m.end) for m in (*mentions, *towns)]
    found: list[PlaceMention] = []
    for m in SUFFIXED_NAME_RE.finditer(text):
        start, end = m.start(1), m.end(2)
        if any(s < end and start < e for s, e in taken):
            continue
        stem, suffix = m.group(1), m.group(2)
        if (
            gazetteer.knows(stem + suffix)
            or gazetteer.knows(stem)
            or _korean_word(stem)
            or _korean_word(stem + suffix)
            or gazetteer.find_countries(stem)
            or PERSON_NEXT_RE.match(text, end)
            or PERSON_BEFORE_RE.search(text, max(0, start - 9), start)
        ):
            continue
        best = None
        for code in codes:
            name = stem + suffix
            if code == "JP":
                if not _japanese_like(stem):
                    continue  # kana close a syllable only with ㄴ or ㅅ: '일야정' is a Sino-Korean reading
                if suffix in ("쵸", "초"):
                    name = stem + "정"
                name = japanese_standard_spelling(name)
                heard = _known_respelling(gazetteer, name, stem + suffix, code)
            elif suffix in ("쵸", "초", "정", "촌") or (code in ("CN", "TW") and suffix == "군"):
                continue  # a Chinese county is a 현, a 정 or 촌 a Japanese town
            else:
                heard = None
            heard = heard or gazetteer.spelled_like(name, code)
            if heard is None or heard[1] < (JAPANESE_BAR if code == "JP" else ELSEWHERE_BAR):
                continue
            if code in ("CN", "TW"):
                spelling = heard[2].removeprefix("spelled like ").rsplit(" (", 1)[0]
                if _plain(strip_admin_suffix(spelling)[0]) != _plain(stem):
                    continue
            if best is None or heard[1] > best[1]:
                best = heard
        if (
            best is None
            and len(codes) == 1
            and codes[0] not in _READ_OTHERWISE
            and suffix in ("시", "군", "구", "주", "카운티")
            and _foreign_town_name(gazetteer, stem, suffix, text[end : end + 1])
        ):
            # the article's only foreign country: a foreign name with a suffix is a town of it, as after it
            kind = "district" if suffix == "구" else "region" if suffix in ("주", "카운티") else "city"
            name = stem + suffix
            place = Place(name=name, name_ko=name, country=codes[0], kind=kind)
            best = (place, 0.0, f"not in the gazetteer; the article's foreign country {codes[0]}")
        if best is not None:
            place, score, reason = best
            found.append(
                PlaceMention(start, end, text[start:end], place, score, f"heard elsewhere: {reason}")
            )
            taken.append((start, end))
    return found


# common Korean surnames: a full name is one of them and two syllables ('박형준', '김영배')
_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉"
)


def _foreign_town_name(gazetteer: Gazetteer, stem: str, suffix: str, after: str) -> bool:
    """Whether '<stem><suffix>' may be an unknown foreign town: Kiwi knows no Korean word or compound in it
    ('유동인구', '항공우주'), no Korean place ends it ('맑음대구' in a weather box), and it is no person's
    full name ('박형준 시', '배민구')."""
    word = stem + suffix + (after if after in "장청" else "")
    if len(stem) < 2 or not _foreign_word(stem):
        return False
    tokens = _word_tokens(word)
    if tokens and all(not t.oov and not t.tag.startswith("NNP") for t in tokens):
        return False  # Korean words: '수상택시', '정무부시장'
    whole = stem + suffix
    if any(gazetteer.names_korean(whole[i:]) for i in range(1, len(whole) - 1)):
        return False
    for name in (stem, whole):
        if len(name) == 3 and name[0] in _SURNAMES:
            read = _word_tokens(name)
            if (len(read) == 1 and read[0].tag == "NNP" and not read[0].oov) or name == whole:
                return False
    return True


# countries whose towns are all in the tables (Japan), or whose unknown names are mostly Sino-Korean readings
# (China, Taiwan) or Korean
_READ_OTHERWISE = frozenset(("KR", "KP", "JP", "CN", "TW", "HK", "MO"))


# a Japanese long vowel written out: 오 after a syllable in ㅗ or ㅛ, 우 after one in ㅗ, ㅛ, ㅜ, ㅠ (오오타, 도우쿄,
# 큐우슈우); 외래어 표기법 writes none (오타, 도쿄, 규슈), but a long vowel and two words' vowels (도요 + 오카) look
# alike, so the short form counts only where the tables spell a place so
_LONG_VOWEL_RE = re.compile(r"(?<=[가-힣])[오우]")


def _short_vowels(name: str) -> str:
    """The name with the Japanese long vowels written out dropped (오오타구 → 오타구)."""

    def drop(m: re.Match) -> str:
        before = ord(name[m.start() - 1]) - 0xAC00
        if not 0 <= before < 11172 or before % 28:
            return m.group(0)
        vowel = (before % 588) // 28  # ㅗ 8, ㅛ 12, ㅜ 13, ㅠ 17
        return "" if vowel in (8, 12) or (m.group(0) == "우" and vowel in (13, 17)) else m.group(0)

    return _LONG_VOWEL_RE.sub(drop, name)


def _known_as(gazetteer: Gazetteer, name: str, country: str) -> tuple[Place, float, str] | None:
    """The place of ``country`` the tables name ``name`` (a respelling: 오쯔시 as 오쓰시), or None."""
    if not (gazetteer.knows(name) or gazetteer.knows(strip_admin_suffix(name)[0])):
        return None
    for place, _score, reason in gazetteer.lookup(name, gazetteer.country_name(country)):
        if place.country == country and not reason.startswith("phonetic"):
            return place, 1.0, f"standard spelling {name}: {reason}"
    return None


def _known_respelling(
    gazetteer: Gazetteer, name: str, written: str, country: str
) -> tuple[Place, float, str] | None:
    """The place the tables name by a respelling of ``written``: its standard spelling ``name``, and for Japan
    that spelling with long vowels written out dropped; None when no respelling differs or none is known."""
    forms = (name, _short_vowels(name)) if country == "JP" else (name,)
    return next((known for f in forms if f != written and (known := _known_as(gazetteer, f, country))), None)


# the finals a Hangul spelling of Japanese closes a syllable with: none, ㄴ (ん), ㅅ (っ)
_KANA_FINALS = frozenset((0, 4, 19))


def _japanese_like(name: str) -> bool:
    """Whether a Hangul name may spell Japanese kana (기노가와, 삿포로) rather than read characters (일야) or
    be a Korean word (또다시): no syllable closed by ㄱ, ㄹ, ㅁ, ㅂ, ㅇ, none led by ㄲ, ㄸ, ㅃ."""
    return all(
        not "가" <= ch <= "힣" or ((ord(ch) - 0xAC00) % 28 in _KANA_FINALS and lead_of(ch) not in "ㄲㄸㅃ")
        for ch in name
    )
