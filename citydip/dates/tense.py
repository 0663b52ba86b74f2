"""Past or future: read the predicate that governs a clause or a date, from the verb endings alone."""

from __future__ import annotations

import re
from functools import cache

from citydip.dates.lexicon import cues

_HANGUL_FIRST = 0xAC00
_HANGUL_COUNT = 11172
JONG_NONE, JONG_N, JONG_L, JONG_SS = 0, 4, 8, 20  # final consonants: none, ㄴ, ㄹ, ㅆ

_QUOTES = "\"'“”‘’「」『』《》<>()[]"
_TRAILING = ".,!?;:…·" + _QUOTES
_DROP_QUOTES = str.maketrans("", "", _QUOTES)
# words after an adnominal that only order two acts ("도착한 뒤"), not place them in time, or set the scene
# of the main act ("50여명이 참석한 가운데 … 행사를 갖는다": the attendance takes the main verb's tense)
_SEQUENCE_NOUNS = ("뒤", "뒤에", "후", "후에", "다음", "다음에", "직후", "이후", "끝에", "채", "즈음")
_SEQUENCE_NOUNS += ("가운데",)
_PLAN_NOUNS = ("예정", "계획", "방침", "전망")
_CONNECTIVE = re.compile(r"(으며|며|면서|고|지만|는데|으나|나|어서|아서|해서|더니|기에|으니|니)$")
_QUOTE_FINITE = re.compile(r"(다고|라고|다며|라며|자고|냐고|다면서|라면서)$")


def jong(char: str) -> int:
    """The final-consonant index of a Hangul syllable (0 = none), or -1 for any other character."""
    code = ord(char) - _HANGUL_FIRST
    if 0 <= code < _HANGUL_COUNT:
        return code % 28
    return -1


def with_jong(char: str, final: int) -> str:
    code = ord(char) - _HANGUL_FIRST
    return chr(_HANGUL_FIRST + code - code % 28 + final)


# documents and places named with a plan word: '의향서에 서명했다', '계획서를 냈다' are done acts
_PLAN_DOCUMENTS = ("의향서", "계획서", "예정지")


@cache
def _future_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in cues()["future"])
    documents = "|".join(_PLAN_DOCUMENTS)
    return re.compile(rf"(?!{documents})(?:{words})")


@cache
def adnominal_forms() -> dict[str, str]:
    """Adnominal forms of event verbs ("열린" past, "열리는"/"열릴" future) built from their stems."""
    forms: dict[str, str] = {}
    for stem in cues().get("event_verb", ()):
        last, final = stem[-1], jong(stem[-1])
        if final == JONG_NONE:
            forms[stem[:-1] + with_jong(last, JONG_N)] = "past"
            forms[stem[:-1] + with_jong(last, JONG_L)] = "future"
            forms[stem + "는"] = "future"
        elif final == JONG_L:  # 머물 → 머문 / 머물 / 머무는
            bare = stem[:-1] + with_jong(last, JONG_NONE)
            forms[bare[:-1] + with_jong(bare[-1], JONG_N)] = "past"
            forms[stem] = "future"
            forms[bare + "는"] = "future"
        elif final > 0:
            forms[stem + "은"] = "past"
            forms[stem + "을"] = "future"
            forms[stem + "는"] = "future"
    # a plan stays a plan in its past-looking adnominal
    forms["예정된"] = forms["예정인"] = forms["앞둔"] = forms["계획된"] = "future"
    return forms


def _clean(word: str) -> str:
    return word.translate(_DROP_QUOTES).rstrip(_TRAILING)


def _adnominal(word: str) -> str | None:
    forms = adnominal_forms()
    if word in forms:
        return forms[word]
    if word.endswith("를"):
        return None  # an object ("칭다오를") is never an adnominal verb, though it ends like 오를
    for size in (4, 3, 2):  # compounds: "공식방문한" ends with "방문한"
        if len(word) > size and word[-size:] in forms:
            return forms[word[-size:]]
    if len(word) >= 2 and word.endswith("던") and jong(word[-2]) == JONG_SS:
        return "past"  # 했던, 열렸던
    return None


def _finite_tense(previous: str, word: str, before_previous: str = "") -> str | None:
    """Tense of a clause-ending word such as 했다, 한다, 할 예정이다, 했다고, 하기로 했다."""
    if previous.startswith("것") and before_previous and jong(before_previous[-1]) in (JONG_L, JONG_N):
        return "future" if jong(before_previous[-1]) == JONG_L else "past"  # 만날/만난 것으로 알려졌다
    core = word
    quote = _QUOTE_FINITE.search(core)
    if quote:
        core = core[: quote.start()] + quote.group(1)[0]  # keep 다 / 라 / 자 / 냐
    if _future_re().search(previous[-6:] + " " + core):
        return "future"
    if core.endswith(("자", "냐")):
        return "future" if core.endswith("자") else None
    if len(core) < 2:
        return None
    before = core[-2]
    if before == "겠":
        return "future"
    if core.endswith("이다") and previous and jong(previous[-1]) == JONG_L and core.startswith("것"):
        return "future"  # …할 것이다
    final = jong(before)
    if final == JONG_SS:
        return "past"
    if final == JONG_N and core.endswith("다"):
        return "future"  # news present tense (한다, 맺는다, 연다) announces a coming act
    return None


def _connective_tense(previous: str, word: str) -> str | None:
    """A connective only carries tense when it has one of its own: 했으며, 맺었고, 할 예정이며."""
    match = _CONNECTIVE.search(word)
    if not match or match.start() == 0:
        return None
    stem = word[: match.start()]
    if _future_re().search(previous[-6:] + " " + stem):
        return "future"
    if stem.endswith(("이", "으")) and len(stem) >= 2:
        stem = stem[:-1]
    if stem and jong(stem[-1]) == JONG_SS:
        return "future" if stem[-1] == "겠" else "past"
    return None


def _words(text: str) -> list[str]:
    return text.split()


def _governor(text: str, adnominals: bool) -> tuple[str | None, str]:
    """(tense, kind) of the first tense-bearing word: kind is "adnominal", "finite", "connective" or ""."""
    words = _words(text.split("\n", 1)[0])
    previous = before_previous = ""
    for i, raw in enumerate(words[:60]):
        word = _clean(raw)
        if not word:
            continue
        if adnominals:
            tense = _adnominal(word)
            if tense is not None:
                following = _clean(words[i + 1]) if i + 1 < len(words) else ""
                if following.startswith("바"):
                    return "past", "finite"  # …한 바 있다
                if following.startswith(_PLAN_NOUNS):
                    return "future", "finite"  # …할 예정이다
                if following.startswith("것"):
                    return tense, "finite"  # …한 것이다, …할 것이다
                if following not in _SEQUENCE_NOUNS:
                    return tense, "adnominal"
        if word.endswith("다") or _QUOTE_FINITE.search(word):
            return _finite_tense(previous, word, before_previous), "finite"
        tense = _connective_tense(previous, word)
        if tense is not None:
            return tense, "connective"
        previous, before_previous = word, previous
    return None, ""


def predicate_tense(text: str, *, adnominals: bool = True) -> str | None:
    """Tense of the first tense-bearing predicate in ``text``; None when there is none.

    ``text`` starts right after a date (or at a clause's start) and should not run past the
    sentence. Adnominal event verbs ("열린", "열리는") count when ``adnominals`` is set, unless they
    only order two acts ("도착한 뒤").
    """
    return _governor(text, adnominals)[0]


def modifies_noun(text: str) -> bool:
    """Is the date just before ``text`` inside a noun phrase ("오는 8월 2일 예정된 뱃길 재개")?"""
    return _governor(text, True)[1] == "adnominal"


def clause_tense(text: str) -> str:
    """ "past" or "future" for a clause: its first finite predicate decides, else cue words, else past.

    "…진행했다고 3일 밝혔다" is past, "…맺는다고 29일 밝혔다" and "서명할 예정이다" are future.
    """
    tense = predicate_tense(text or "", adnominals=False)
    if tense is not None:
        return tense
    if re.search(r"(?<![가-힣])(오는|다가오는)\s*\d", text or "") or _future_re().search(text or ""):
        return "future"
    return "past"
