"""An event's attributes: agreement level, status, visit and aid direction, date grouping, named officials."""

from __future__ import annotations

import re
from collections.abc import Sequence

from citydip import dates, nlp
from citydip.extract.lexicon import INBOUND_RE, OUTBOUND_RE, TITLE_RE, Hit
from citydip.gazetteer import PlaceMention
from citydip.models import Direction, Person, Place, Status


def coordinated_dates(
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


def date_key(when: dates.DateMention | None) -> tuple:
    if when is None or when.date is None:
        return (None, None)
    return (when.date, when.date_end)


def agreement_hit_ok(hit: Hit, hits: list[Hit]) -> bool:
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


EXPLICIT_MEMO_RE = re.compile(r"양해\s?각서|업무\s?협약|MOU|엠오유")


def level_for(kind_hits: list[Hit], hits: list[Hit]) -> str | None:
    """The rank of an agreement: its own rank word, else the one nearest the act; None when unstated."""
    for h in kind_hits:
        if h.rule.attrs.get("level") and h.rule.attrs["level"] != "mou":
            return h.rule.attrs["level"]
    # an explicit memorandum is mou whatever rank words qualify it ('우호협력 양해각서', '우호교류 MOU'):
    # the spec ranks the document signed, not the friendship it serves; a letter of intent (의향서) is not one
    if any(h.rule.attrs.get("level") == "mou" and EXPLICIT_MEMO_RE.search(h.text) for h in kind_hits):
        return "mou"
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


def partner_level(m: PlaceMention, mentions: list[PlaceMention], hits: list[Hit]) -> str | None:
    """In a list the rank belongs to the act that governs the partners before it:
    'A, B와 자매결연을, C와 우호도시 협약을 맺었다'; '분쿄구와 우호 협력을 위한 자매결연을 맺었다'."""
    for h in hits:
        # a tie's anniversary ('자매도시 30주년') is no act that could rank a partner listed before it
        if (
            h.start >= m.end
            and h.rule.kind == "agreement"
            and h.rule.attrs.get("act")
            and not h.rule.attrs.get("tie")
        ):
            return level_for([h], hits)
    return None


def agreement_groups(
    kind_hits: list[Hit], hits: list[Hit], resolver: dates.DateResolver, index: int
) -> list[list[Hit]]:
    """Split one partner's signing acts into separate agreements when their rank or date differ."""
    keyed: list[tuple[tuple, Hit]] = []
    for hit in kind_hits:
        level = level_for([hit], hits)
        keyed.append(((level, date_key(resolver.date_for(index, hit.start, hit.end))), hit))
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


def event_status(text: str, trigger: Hit, sent: nlp.Sentence) -> str:
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


# words between a visit's destination and its verb: '… 시청을 공식 방문', '… 등을 잇따라 방문'
_ADVERBS_RE = re.compile(
    r"(?:\s?(?:공식|직접|잇따라|차례로|처음|첫|다시|함께|각각|현지|친선|우호|재|\d+(?:명|일|월|박)))+\s?$"
)
_LAST_WORD_RE = re.compile(r"(\S+?)(을|를|에게|에|으로|로|의)?\s?$")
_LISTED_RE = re.compile(r"(?:\s?(?:등|및|외|일행|관계자|\d+명))+\s?$")
_DELEGATION_RE = re.compile(r"(?:대표단|방문단|사절단|교류단|일행|시장단|관계자|공무원)(?:\s?\d+명)?$")
# a delegation as the object of sending: '대표단을 파견', '방문단을 보낸'
_SENDING_RE = re.compile(r"[가-힣]*단을?\s?([^.。\n]{0,40}?(?:에|으로|로)\s)?(?:보내|보낸|보냈|파견)")
_OFFICIAL_RE = re.compile(r"(?:부?시장|구청장|군수|도지사|현지사|주지사|지사|성장|의장)$")
# the actor's own side without its name: '시를 방문', '도청을 찾아', '한국을 방문'
_SELF_RE = re.compile(r"(?:[시구군도]|본청|[시구군도]청|[시구군도]청사|[시구군도]의회|한국|국내|우리나라)$")


def _short_names(place: Place) -> tuple[str, ...]:
    """The ways news write a government's name before a particle: '수성구', '수성'; '경상남도', '경남', '경남도'."""
    full = place.name_ko.split()[-1]
    names = {full, full.removesuffix("특별자치도").removesuffix("특별자치시")}
    if full.endswith("특별자치도"):
        names.add(full.removesuffix("특별자치도") + "도")  # 강원특별자치도 → 강원도
    # and a foreign region's: '하와이주' → '하와이', '광둥성' → '광둥'
    for suffix in ("광역시", "특례시", "특별시", "시", "군", "구", "도", "주", "성", "현"):
        if full.endswith(suffix) and len(full) > len(suffix) + 1:
            names.add(full.removesuffix(suffix))
            break
    if len(full) == 4 and full.endswith("도"):  # 경상남도 → 경남, 경남도
        names |= {full[0] + full[2], full[0] + full[2] + "도"}
    return tuple(n for n in names if len(n) >= 2)


def _names(word: str, place: Place) -> bool:
    bare = word.removesuffix("청사").removesuffix("청").removesuffix("의회")
    return any(bare == n or (bare.startswith(n) and len(bare) - len(n) <= 1) for n in _short_names(place))


def _named_side(word: str, origin: bool, actor: Place | None, partners: tuple[Place, ...]) -> str | None:
    """The direction of a trip whose one end the word names: where it comes from (``origin``) or goes to."""
    if any(_names(word, p) for p in partners):
        return Direction.INBOUND if origin else Direction.OUTBOUND
    if (actor is not None and _names(word, actor)) or _SELF_RE.fullmatch(word):
        return Direction.OUTBOUND if origin else Direction.INBOUND
    return None


def visit_destination(
    text: str, sent: nlp.Sentence, trigger: Hit, actor: Place | None, partners: tuple[Place, ...]
) -> str | None:
    """The direction a visit's own words fix, or None: the place right before the verb is where the trip
    goes ('메리다시를 방문해' outbound, '보은을 찾아', '시를 방문' inbound), and a delegation named before the
    noun is where it comes from ('파엔자시 대표단 이천 방문', '보계시장 방문을 환영', '소렌토시 방문단')."""
    if re.match(r"방한|내방", trigger.text) or OUTBOUND_RE.search(trigger.text):
        return None  # the trigger word itself tells (visit_direction); a return visit (답방) goes either way
    head = _ADVERBS_RE.sub("", text[sent.start : trigger.start])
    last = _LAST_WORD_RE.search(head)
    if last is None:
        return None
    word, particle = last.group(1).strip("'\"‘’“”()[],·"), last.group(2)
    if sending := _SENDING_RE.match(text, trigger.start):
        # '대표단을 어바인시에 파견': the place named between is where the delegation goes
        if there := sending.group(1):
            if actor is not None and any(_names(w, actor) for w in there.split()):
                return Direction.INBOUND
            if any(_names(w, p) for w in there.split() for p in partners):
                return Direction.OUTBOUND
        # '어바인시에 대표단을 파견': the delegation is sent there; '어바인시가 대표단을 보내': it came from there
        if particle in ("에", "에게", "으로", "로"):
            return _named_side(word, False, actor, partners)
        if re.search(r"[이가은는]$", word):
            return _named_side(word[:-1], True, actor, partners)
        return None
    origin = (
        particle == "의"
        or text.startswith("단", trigger.end)
        or "단" in trigger.text[:4]
        or _DELEGATION_RE.search(word) is not None
    )
    if _DELEGATION_RE.fullmatch(word) or (particle == "의" and _DELEGATION_RE.search(word)):
        # '대표단의 방문', '대표단 방문': the side named before the delegation is where it comes from
        earlier = _LAST_WORD_RE.search(_LISTED_RE.sub("", head[: last.start()]))
        word = earlier.group(1) if earlier and not earlier.group(2) else ""
        origin = True
    official = _OFFICIAL_RE.search(word)
    if official and particle not in ("을", "를"):
        word, origin = word[: official.start()], True  # '보계시장 방문을 환영': the mayor came
        if not word:
            # the title written apart from its place ('하와이 주지사 방문'): the word before names where he came from
            earlier = _LAST_WORD_RE.search(head[: last.start()])
            if earlier and not earlier.group(2) and (words := re.findall(r"[가-힣]+", earlier.group(1))):
                return _named_side(words[-1], True, actor, partners)
    if not word:
        return None
    if _SELF_RE.fullmatch(word) and not origin:
        # a hall written apart from its place's name ('어바인 시청을 방문', '도쿄 도청을 찾아') is that place's
        earlier = _LAST_WORD_RE.search(head[: last.start()])
        if earlier and not earlier.group(2):
            named = _named_side(earlier.group(1).strip("'\"‘’“”()[],·"), origin, actor, partners)
            if named is not None:
                return named
    if side := _named_side(word, origin, actor, partners):
        return side
    if origin and re.search(r"[가-힣]", word):
        return Direction.INBOUND  # a delegation from somewhere not the actor ('효감시 방문단이'): it came
    return None


def visit_direction(
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


def aid_direction(text: str, sent: nlp.Sentence, trigger: Hit, actor: Place | None = None) -> str:
    head = text[sent.start : trigger.start]
    # the actor named as where the help goes ('일본 A현, 강원도에 폭설 피해 위로금'): it came from the partner
    if actor is not None and any(
        re.search(rf"(?<![가-힣]){re.escape(name)}\s?(?:에|에게)\s", head) for name in _short_names(actor)
    ):
        return Direction.INBOUND
    if re.search(
        # '…로부터', '고치현이 보낸', and the verb bent toward the speaker: '성금을 보내왔다', '전해 온'
        r"(?:로부터|에서\s?보내온|이\s?보낸|가\s?보낸|(?:보내|전해|전달해|기탁해)\s?(?:왔|온|오))",
        head + text[trigger.start : trigger.end + 14],
    ):
        return Direction.INBOUND
    return Direction.OUTBOUND


def people(text: str, sent: nlp.Sentence, mentions: list[PlaceMention]) -> tuple[Person, ...]:
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
