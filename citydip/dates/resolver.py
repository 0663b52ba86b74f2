"""Which date belongs to which event: clause, sentence, paragraph, then the article's main event date."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import cache

from citydip.dates.expressions import DAY, MONTH, DateMention, find_dates, parse_published
from citydip.dates.lexicon import alternation, cues, relative_words
from citydip.dates.tense import clause_tense, modifies_noun

_USABLE = ("event", "anaphor")
_CAPTION = re.compile(r"^\s*(\[사진|사진\s*=|\(사진|<사진|\||▲|■|◆|☞|※)|\((왼쪽|오른쪽|가운데|앞줄|뒷줄)")
_SENTENCE_END = re.compile(r"(다|요)[\"'”’)]?\.[\"'”’)]?\s*$|다\.\s")
# clause breaks: connective endings (with or without a comma after them), quote frames, list marks
_CLAUSE_END = re.compile(
    r"(?<=[가-힣])(?:고|며|면서|지만|는데|으나|다고|라고|해|해서|어서|아서)(?=[\s,])|[\n△▲■◆]"
)
_NOT_CLAUSE_END = (
    "광고",
    "보고",
    "최고",
    "신고",
    "경고",
    "창고",
    "참고",
    "재고",
    "사고",
    "원고",
    "공고",
    "기고",
    "올해",
    "지난해",
    "피해",
    "이해",
    "동해",
    "서해",
    "남해",
    "손해",
    "견해",
    "새해",
    "매해",
    "방해",
    "침해",
    "화해",
    "재해",
    "공해",
)
# "7년 만에": the date before it is the start of the span only if the span ends near publication
_SINCE = re.compile(r"(\d{1,3})\s*(년|개월|달|일)\s*(?:여\s*)?만(?:에|의|이|인)")
_BARE_DAY = re.compile(r"(\d{1,2})\s*일")
_LIST_ITEM = re.compile(r"[△▲■◆◇○•]")
_LIST_MARK = re.compile(r"(^|[\n△▲◇○•\-])\s*$")
LEAD_WINDOW = 4  # sentences after the lead searched for its event date
REPORT_LAG_DAYS = 31  # an event told in the lead happened at most this long before the report


@cache
def _block_re() -> re.Pattern[str]:
    return re.compile(r"(?<![가-힣])(?:" + alternation(cues().get("block", ())) + r")(?![가-힣])")


@cache
def _continuation_re() -> re.Pattern[str]:
    return re.compile(
        r"(?<![가-힣])(?:" + alternation(cues().get("continuation", ())) + r")(?=[\s,]|에|부터|$)"
    )


# 'respectively', and what joins the dates it distributes ('1999년과 2007년', '1995, 1997년')
_RESPECTIVELY = re.compile(r"각각")
_RESPECTIVE_GAP = re.compile(r"\s?(?:과|와|및|,|·|、)\s?")
# a date right before a name, at most a country word between: the name's own date in a list
_ADJACENT = re.compile(r"\s*(?:[가-힣]{2,8}\s+)?")
# names joined by a middle dot after one date: '2011년 케냐 나이로비·일본 오키나와현' (each item may keep its
# country before it); a comma or another date ends the run
_DOT_RUN = re.compile(
    r"\s*(?:(?:[가-힣]{2,8}\s+)?[가-힣]{1,15}(?:\([^()]{0,20}\))?\s*[·ㆍ‧]\s*)+(?:[가-힣]{2,8}\s+)?"
)
# a name made the clause's topic, its date right after it: '다롄시는 2003년부터, 방콕은 2011년부터', also
# for names joined to the topic ('다롄·옌타이시는 2003년부터', '다롄시와 옌타이시는 …')
_TOPIC_BEFORE_DATE = re.compile(
    r"(?:\s*\([^()]{0,20}\))?(?:\s*(?:[·ㆍ‧]|와|과)\s*[가-힣]{1,15}(?:\([^()]{0,20}\))?)*"
    r"(?:와|과)?(?:은|는)\s+(?:지난\s*)?"
)
# a date followed by "이후" or "부터": when a standing tie began
_SINCE_START = re.compile(r"\s?(?:이후|이래|부터)")
_PAIR_LISTED = re.compile(r"(?:부터|에)?\s*[,，]")
_SPAN_END = re.compile(r"\s?(?:까지|이후|이래|만에|동안)")
# a relative clause about a tie between a date and a name ('…년 자매결연을 맺은 …')
_TIE_CLAUSE = re.compile(
    r"(?:자매|우호|친선)?\s?(?:결연|협약|협정|관계)\S*\s?(?:을|를)?\s?(?:맺은|맺었던|체결한|체결했던|맺고\s있는"
    # and the tie kept since ('1992년부터 … 자매결연을 맺어오고 있는', '…맺어 온')
    r"|(?:맺어|체결해|이어)\s?(?:오고\s있는|온|오는))"
)
_TIE_AFTER = re.compile(r"(?:에|부터)?\s?(?:[가-힣]{1,6}\s?)?" + _TIE_CLAUSE.pattern)


class DateResolver:
    """Which date belongs to which event, for one article.

    ``sentences`` are (start, end) offsets into ``text``; a newline between two sentences starts a new
    paragraph. Every mention returned refers to ``text``. Relative expressions are anchored on
    ``published``; pass an inferred date when the article has none, or None to leave them open.
    """

    def __init__(
        self,
        text: str,
        sentences: Sequence[tuple[int, int]],
        published: str | date | None,
        year: int | None = None,
    ):
        self.text = text
        self.sentences = [(int(s), int(e)) for s, e in sentences]
        self.published = parse_published(published)
        self.year = year  # the publication year when only it is known (see find_dates)
        # each sentence's mentions, parsed (and its anaphors resolved) when first needed: most sentences of
        # an article never are
        self._parsed: list[list[DateMention] | None] = [None] * len(self.sentences)
        self._paragraph: list[int] = []
        paragraph, previous_end = 0, None
        for s, e in self.sentences:
            if previous_end is not None and "\n" in text[min(previous_end, s) : s]:
                paragraph += 1
            self._paragraph.append(paragraph)
            previous_end = e
        self._continues: list[bool | None] = [None] * len(self.sentences)
        # a coming date inside a noun phrase ("오는 8월 2일 예정된 뱃길 재개") is not where the story stands
        self._aside: set[tuple[int, int]] = set()
        self._narrative_cache: dict[int, DateMention | None] = {}
        self._main: DateMention | None = None
        self._main_done = False

    # ------------------------------------------------------------ public

    def mentions(self, sentence_index: int) -> list[DateMention]:
        """Every date expression in one sentence (anaphors such as 이날 already resolved)."""
        return list(self._mentions(sentence_index))

    def date_for(
        self,
        sentence_index: int,
        trigger_start: int,
        trigger_end: int,
        *,
        partner: tuple[int, int] | None = None,
        tie: bool = False,
    ) -> DateMention | None:
        """The date of the event whose trigger spans ``trigger_start:trigger_end`` in sentence ``i``.

        In order: the nearest date before the trigger in its clause (unless an anchor such as "이후"
        or "7년 만에" ties that date to an earlier act), a current date after it in the clause, a
        current date elsewhere before it in the sentence, the date the paragraph stands at, the
        article's main event date. ``partner`` (the span of the partner's name) lets a date written
        with that partner win: "하노이(5월)", "1995년 2월 뉴질랜드 크라이스트처치시", and an
        itinerary line "△6월 26~27일 러시아 모스크바" elsewhere in the article. ``tie`` says the event is the
        agreement itself, so a date in a clause about the tie ("1992년 자매결연을 맺은 무나카타시") is its own.
        """
        if not 0 <= sentence_index < len(self.sentences):
            return self.main_date()
        usable = [m for m in self._mentions(sentence_index) if m.role in _USABLE and m.date]
        if not tie:
            # '1992년 자매결연을 맺은 무나카타시를 방문': that year dates the tie, never a visit or a meeting
            usable = [m for m in usable if not _TIE_AFTER.match(self.text, m.end)]
        if partner is not None:
            own = self._partner_date(usable, partner, trigger_start, trigger_end, tie)
            if own is not None:
                return own
        # a trigger row that spans a clause ('대표단은 지난 9일부터 11일까지 … 방문해 … 논의했다') holds its date
        inside = [m for m in usable if trigger_start <= m.start and m.end <= trigger_end]
        if inside:
            return max(inside, key=lambda m: m.end)
        clause_start, clause_end = self._clause(sentence_index, trigger_start)
        before = [m for m in usable if m.end <= trigger_start and not self._blocked(m, m.end, trigger_start)]
        same = [m for m in before if m.start >= clause_start]
        if same:
            return max(same, key=lambda m: m.end)
        # the clause names its date but the text cannot resolve it ("지난 6일" with no publication date):
        # the event's date is unknown; borrowing another date would be a guess
        pending = [
            m
            for m in self._mentions(sentence_index)
            if m.role in _USABLE and not m.date and clause_start <= m.start and m.end <= trigger_start
        ]
        if pending:
            return max(pending, key=lambda m: m.end)
        unresolved_before = [
            m
            for m in self._mentions(sentence_index)
            if m.role in _USABLE and not m.date and m.end <= trigger_start
        ]
        if partner is not None:
            listed = self._itinerary_date(partner)
            if listed is not None:
                return listed
        after = [
            m
            for m in usable
            if m.start >= trigger_end
            and m.end <= clause_end
            and not m.historical
            and not self._blocked(None, trigger_end, m.start)
        ]
        if after:
            return min(after, key=lambda m: m.start)
        # an earlier clause of the same sentence, nothing tying its date to another act; an item of a
        # list ("△10월 G-페어 … △투자협력 세미나") never lends its date to the next item
        before = [m for m in before if not _LIST_ITEM.search(self.text, m.end, trigger_start)]
        if before:
            return max(before, key=lambda m: m.end)
        if unresolved_before:
            return max(unresolved_before, key=lambda m: m.end)
        inherited = self._inherited(sentence_index)
        if inherited is not None:
            return inherited
        return self.main_date()

    def standing_tie_date(
        self,
        sentence_index: int,
        trigger_start: int,
        trigger_end: int,
        partner: tuple[int, int] | None = None,
    ) -> DateMention | None:
        """The date of a tie told as a standing state ('…와 자매결연을 맺고 있는 A시 대표단이 지난 17일 …'): only
        a date written with the partner or before the tie in its own clause, where "이후" or "부터" right after
        it tells when the tie began ('2005년 이후 자매결연 관계를 맺고 있다'). The act the sentence reports, the
        paragraph's date and the article's main date are not the tie's; without its own date it is undated."""
        if not 0 <= sentence_index < len(self.sentences):
            return None
        usable = [m for m in self._mentions(sentence_index) if m.role in _USABLE and m.date]
        if partner is not None:
            own = self._partner_date(usable, partner, trigger_start, trigger_end, True)
            if own is not None:
                return own
        clause_start, _ = self._clause(sentence_index, trigger_start)
        before = [
            m
            for m in usable
            if clause_start <= m.start
            and m.end <= trigger_start
            and (_SINCE_START.match(self.text, m.end) or not self._blocked(m, m.end, trigger_start))
        ]
        return max(before, key=lambda m: m.end) if before else None

    def written_with(
        self, sentence_index: int, partner: tuple[int, int], trigger: tuple[int, int]
    ) -> DateMention | None:
        """Only a past date written with the partner's name ("하노이(5월)", "1996년 일본 아사히카와시"), else None:
        for a list whose members each keep their own date and take none from the sentence."""
        if not 0 <= sentence_index < len(self.sentences):
            return None
        # a past date only: '10월 미국 볼티모어 … 등 자매도시의 시장을 초청해' dates the coming summit
        usable = [m for m in self._mentions(sentence_index) if m.role in _USABLE and m.date and m.historical]
        return self._partner_date(usable, partner, *trigger)

    def respective(
        self, sentence_index: int, partners: Sequence[tuple[int, int]]
    ) -> dict[tuple[int, int], DateMention]:
        """Dates given 'respectively' (각각): 'A시와 B시는 각각 1995년과 1997년 자매결연을', '…와 지난 1991년과
        2008년 각각 …'. Two or more dates joined by 과/와/,/· next to 각각 date the partners named before them,
        in order, when the counts agree; otherwise (and for each partner not so dated) nothing."""
        if not 0 <= sentence_index < len(self.sentences) or len(partners) < 2:
            return {}
        s, e = self.sentences[sentence_index]
        dated = [m for m in self._mentions(sentence_index) if m.role in _USABLE and m.date]
        for word in _RESPECTIVELY.finditer(self.text, s, e):
            run: list[DateMention] = []
            for m in sorted(dated, key=lambda m: m.start):
                if m.end <= word.start() - 25 or m.start >= word.end() + 25:
                    continue
                if run and not _RESPECTIVE_GAP.fullmatch(self.text[run[-1].end : m.start]):
                    if len(run) >= 2:
                        break
                    run = []
                run.append(m)
            if len(run) < 2:
                continue
            first = min(run[0].start, word.start())
            named = sorted(p for p in partners if p[1] <= first)
            if len(named) != len(run):
                continue
            return dict(zip(named, run, strict=True))
        return {}

    def main_date(self) -> DateMention | None:
        """The date of the lead's main event: its own date, one told right after it, else the report's month.

        "…했다고 3일 밝혔다" dates the report, not the event: the event is the lead's own date
        ("9월 한 달간", "오는 23일"), else the first current date in the next sentences that falls
        within a month before the report, else (the text saying no more) the report's month.
        """
        if not self._main_done:
            self._main = self._find_main()
            self._main_done = True
        return self._main

    # ------------------------------------------------------------ pieces

    def _after_publication(self, mention: DateMention) -> bool:
        return (
            self.published is not None
            and mention.date is not None
            and _start_of(mention.date) > self.published
        )

    def _clause(self, index: int, position: int) -> tuple[int, int]:
        s, e = self.sentences[index]
        start, end = s, e
        for m in _CLAUSE_END.finditer(self.text, s, e):
            word_start = max(self.text.rfind(" ", s, m.start()) + 1, s)
            if self.text[word_start : m.end()].strip() in _NOT_CLAUSE_END:
                continue
            if m.end() <= position:
                start = m.end()
            elif m.start() >= position:
                end = m.end()
                break
        return start, end

    def _blocked(self, mention: DateMention | None, start: int, end: int) -> bool:
        """Does an anchor such as "이후" or "7년 만에" tie the date before it to an earlier act?"""
        if start >= end:
            return False
        for m in _block_re().finditer(self.text, start, end):
            since = _SINCE.search(self.text, max(start, m.start() - 10), m.end())
            if since is None or mention is None or self._starts_span(mention, since):
                return True
        return False

    def _starts_span(self, mention: DateMention, since: re.Match[str]) -> bool:
        """ "2016년 8월 … 7년 만에" measures from that date only if the span reaches publication."""
        if self.published is None or mention.date is None:
            return True
        amount, unit = int(since.group(1)), since.group(2)
        begin = _start_of(mention.date)
        p = self.published
        if unit == "년":
            return abs(begin.year + amount - p.year) <= 1
        if unit in ("개월", "달"):
            return abs((begin.year * 12 + begin.month + amount) - (p.year * 12 + p.month)) <= 1
        return abs((begin + timedelta(days=amount) - p).days) <= 3

    def _partner_date(
        self,
        usable: list[DateMention],
        partner: tuple[int, int],
        trigger_start: int,
        trigger_end: int,
        tie: bool = True,
    ) -> DateMention | None:
        start, end = partner
        for m in usable:  # "하노이(5월)", "시모노세키(下關.76년)"
            if (
                m.start >= end
                and re.fullmatch(r"\s*\([^()]{0,10}", self.text[end : m.start])
                and re.match(r"\s*\)", self.text[m.end : m.end + 3])
            ):
                return m
        for m in usable if tie else ():  # a tie's date: "다롄시는 2003년부터, 방콕은 2011년부터"
            if (
                m.start >= end
                and m.precision in ("year", "month")
                and _TOPIC_BEFORE_DATE.fullmatch(self.text[end : m.start])
                and not _SPAN_END.match(self.text, m.end)  # '지린성은 지난해까지 139회 …' ends a span
                # the date is the act's own: none stands between it and the trigger ('1994년 첫 교류를
                # 시작으로 1997년 6월 결연' dates the tie by the later one), unless the pairs run as a list
                and (
                    _PAIR_LISTED.match(self.text, m.end)
                    or not any(m.end <= d.start and d.end <= trigger_start for d in usable)
                )
            ):
                return m
        for m in sorted(usable, key=lambda m: -m.end):  # "1995년 2월 뉴질랜드 크라이스트처치시"
            if m.end > start:
                continue
            gap = self.text[m.end : start]
            if not tie and _TIE_CLAUSE.search(gap):
                break  # '1992년 자매결연을 맺은 무나카타시를 방문': the year dates the tie, not the visit
            if m.precision == "year" and (_ADJACENT.fullmatch(gap) or _DOT_RUN.fullmatch(gap)):
                return m  # '2007년 이탈리아 밀라노, 2008년 벨라루스 민스크': each name keeps its own year
            tied = self._blocked(m, m.end, trigger_start) or self._blocked(None, trigger_end, m.start)
            if len(gap) <= 20 and not re.search(r"[,，\n]", gap) and not tied:
                return m
            break
        return None

    def _itinerary_date(self, partner: tuple[int, int]) -> DateMention | None:
        """A dated list item naming the partner elsewhere: "△6월 26~27일 러시아 모스크바"."""
        name = self.text[partner[0] : partner[1]].strip()
        if len(name) < 2:
            return None
        # a sentence can hold such an item only if the name follows within 14 characters of its end
        found_at = []
        at = self.text.find(name)
        while at >= 0:
            found_at.append(at)
            at = self.text.find(name, at + 1)
        for i, (s, e) in enumerate(self.sentences):
            if not any(s <= at <= e + 14 for at in found_at):
                continue
            for m in self._mentions(i):
                if (
                    m.role != "event"
                    or not m.date
                    or not _LIST_MARK.search(self.text[max(0, m.start - 3) : m.start])
                ):
                    continue
                ahead = self.text[m.end : m.end + len(name) + 14]
                cut = re.search(r"[\n△▲◇○•]", ahead)
                if name in (ahead[: cut.start()] if cut else ahead):
                    return m
        return None

    def _inherited(self, index: int) -> DateMention | None:
        if index <= 0 or not self._continues_from_previous(index):
            return None
        return self._narrative(index - 1)

    def _continues_from_previous(self, index: int) -> bool:
        if self._paragraph[index] == self._paragraph[index - 1]:
            return True
        if self._continues[index] is None:
            s, e = self.sentences[index]
            self._continues[index] = bool(_continuation_re().search(self.text[s : min(e, s + 25)]))
        return bool(self._continues[index])

    def _current(self, index: int) -> list[DateMention]:
        return [
            m
            for m in self._mentions(index)
            if m.role in _USABLE
            and m.date
            and not m.historical
            and (m.start, m.end) not in self._aside
            # a tie's date in a clause about it ('1992년 자매결연을 맺은 …') is no date the story stands at
            and not _TIE_AFTER.match(self.text, m.end)
        ]

    def _narrative(self, index: int) -> DateMention | None:
        """The date the story stands at after sentence ``index``: its last current date, or an inherited one."""
        if index in self._narrative_cache:
            return self._narrative_cache[index]
        chain = []
        i = index
        found: DateMention | None = None
        while i >= 0:
            if i in self._narrative_cache:
                found = self._narrative_cache[i]
                break
            chain.append(i)
            own = self._current(i)
            if own:
                found = max(own, key=lambda m: m.end)
                break
            if i == 0 or not self._continues_from_previous(i):
                break
            i -= 1
        for j in chain:
            self._narrative_cache[j] = found
        return found

    def _mentions(self, i: int) -> list[DateMention]:
        found = self._parsed[i]
        if found is None:
            s, e = self.sentences[i]
            text = self.text
            found = [
                replace(m, start=m.start + s, end=m.end + s)
                for m in find_dates(text[s:e], self.published, year=self.year)
            ]
            found = [self._within_trip(i, m) for m in found]
            self._parsed[i] = found
            for m in found:
                if (
                    m.role == "event"
                    and m.date
                    and self._after_publication(m)
                    and modifies_noun(text[m.end : e])
                ):
                    self._aside.add((m.start, m.end))
            self._resolve_anaphors(i, found)
        return found

    def _within_trip(self, i: int, mention: DateMention) -> DateMention:
        """A bare day inside a span told just before ('다음 달 15일부터 20일까지 … 방문한다. … 16일 선양에서 …')
        is that span's day, not the next such day after the report: an itinerary's days fall in its trip."""
        bare = _BARE_DAY.fullmatch(mention.text)
        if mention.role != "event" or bare is None or not mention.date:
            return mention
        day = int(bare.group(1))
        for j in range(i - 1, max(-1, i - 4), -1):
            if self._paragraph[j] < self._paragraph[i] - 1:
                break
            spans = [m for m in self._mentions(j) if m.role in _USABLE and m.date and m.date_end]
            for span in reversed(spans):
                if span.precision != DAY or len(span.date) != 10 or len(span.date_end) != 10:
                    continue
                first, last = _start_of(span.date), _start_of(span.date_end)
                inside = [
                    d
                    for d in (first + timedelta(days=k) for k in range((last - first).days + 1))
                    if d.day == day
                ]
                if len(inside) != 1:
                    continue
                when = inside[0].isoformat()
                if when == mention.date:
                    return mention
                return replace(mention, date=when, date_end=None, relative=span.relative)
        return mention

    def _resolve_anaphors(self, i: int, found: list[DateMention]) -> None:
        words = relative_words()
        for k, mention in enumerate(found):
            if mention.role != "anaphor":
                continue
            word = words.get(re.sub(r"\s+", "", mention.text))
            wants_day = word is not None and word.unit == "ctx_day"
            context = self._context_before(i, mention.start, wants_day)
            if context is None:
                # the lead's "전날 … 방문했다고 9일 밝혔다": with no day told before it, an anaphor counts
                # from the day its own sentence reports on
                context = next(
                    (m for m in found if m.role == "report" and m.date and m.start > mention.start), None
                )
            resolved = _shift_context(context, word.offset if word else 0, wants_day) if context else None
            if resolved is None or context is None:
                continue
            found[k] = replace(
                mention,
                date=resolved[0],
                date_end=resolved[1],
                precision=resolved[2],
                relative=context.relative,
                historical=context.historical,
            )

    def _context_before(self, index: int, position: int, wants_day: bool) -> DateMention | None:
        """The date an anaphor (이날, 같은 날, 전날) points back to: the day the story stands at.

        A day anaphor prefers a single day; a range or a month nearer to it is used only when no
        single day comes within a few sentences.
        """
        fallback = None
        for j in range(index, max(-1, index - 8), -1):
            candidates = [
                m
                for m in self._mentions(j)
                if m.date and (j < index or m.end <= position) and (m.start, m.end) not in self._aside
            ]
            events = [m for m in candidates if m.role in _USABLE]
            if j != index and self._paragraph[j] != self._paragraph[index]:
                events = [m for m in events if not m.historical]
            reports = [m for m in candidates if m.role == "report"]
            for group in (events, reports):
                if not group:
                    continue
                best = max(group, key=lambda m: m.end)
                if not wants_day or (best.precision == DAY and not best.date_end):
                    return best
                fallback = fallback or best
                break
            if fallback is not None and index - j >= 3:
                break
        return fallback

    def _lead_index(self) -> int | None:
        for i, (s, e) in enumerate(self.sentences):
            sentence = self.text[s:e].strip()
            if _is_lead_like(sentence):
                return i
        return None

    def _find_main(self) -> DateMention | None:
        lead = self._lead_index()
        if lead is None:
            return None
        current = self._current(lead)
        if current:
            return min(current, key=lambda m: m.start)
        reports = [m for m in self._mentions(lead) if m.role == "report" and m.date and m.precision == DAY]
        if not reports and lead + 1 < len(self.sentences) and not self._current(lead + 1):
            # a lead that opens with a dateless summary ('서울시가 도시외교에 나선다.') gives its report day in
            # the next sentence ('7일 서울시에 따르면 …'), when that sentence tells no date of its own
            reports = [
                m for m in self._mentions(lead + 1) if m.role == "report" and m.date and m.precision == DAY
            ]
        report = reports[0] if reports else None
        s, e = self.sentences[lead]
        past_lead = clause_tense(self.text[s:e]) == "past"
        last_paragraph = self._paragraph[lead] + 1
        for k in range(lead + 1, min(len(self.sentences), lead + 1 + LEAD_WINDOW)):
            if self._paragraph[k] > last_paragraph:
                break
            if _CAPTION.search(self.text[self.sentences[k][0] : self.sentences[k][1]]):
                continue
            for m in sorted(self._current(k), key=lambda m: m.start):
                if report is None:
                    return m
                if past_lead and _within_lag(m, report):
                    return m
        if report is not None and report.date:
            # the lead's event is told without a date: the report's month is as far as the text goes
            return replace(report, date=report.date[:7], date_end=None, precision=MONTH, role="event")
        return None


def _is_lead_like(sentence: str) -> bool:
    """A body sentence, not a headline, a caption or an opening quote."""
    if len(sentence) < 20 or _CAPTION.search(sentence) or sentence[:1] in "\"“'‘":
        return False
    return bool(_SENTENCE_END.search(sentence))


def _start_of(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return date(parts[0], parts[1], parts[2])


def _within_lag(mention: DateMention, report: DateMention) -> bool:
    assert mention.date is not None and report.date is not None
    when, told = _start_of(mention.date), _start_of(report.date)
    return told - timedelta(days=REPORT_LAG_DAYS) <= when <= told


def _shift_context(context: DateMention, offset: int, wants_day: bool) -> tuple[str, str | None, str] | None:
    if context.date is None:
        return None
    if offset == 0:
        if wants_day and context.precision == DAY:
            return context.date, None, DAY  # "이날" after "4~5일" is one day: the first
        return context.date, context.date_end, context.precision
    if context.precision != DAY:
        return None
    base = _start_of(context.date if offset < 0 or not context.date_end else context.date_end)
    moved = base + timedelta(days=offset)
    return moved.isoformat(), None, DAY
