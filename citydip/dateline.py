"""Datelines and bylines: '(부산=연합뉴스) 김민수 기자 =' says where and by whom, and is no part of a fact."""

from __future__ import annotations

import re

# '(부산=연합뉴스)', '[대구=동양뉴스]', '(서울=뉴스1)': the place a report was filed from and its outlet
DATELINE_RE = re.compile(r"[(\[（【]\s*([가-힣]{1,10})\s*=\s*([가-힣A-Za-z0-9·]{2,20})\s*[)\]）】]")
# what opens a paragraph before its first word of fact: a dateline, then a byline ('김민수 기자 =',
# '[매일일보 황경근 기자]', '아주경제 박흥서 기자 =') or an outlet's own tag ('(정도일보)')
_OPENING = re.compile(
    r"^\s*(?:"
    r"[(\[（【]\s*[가-힣]{1,10}\s*=\s*[가-힣A-Za-z0-9·]{2,20}\s*[)\]）】]\s*"  # (부산=연합뉴스)
    r"|[(\[（【]\s*[가-힣A-Za-z0-9·]{2,15}(?:\s+[가-힣]{2,4}\s?(?:기자|특파원))?\s*[)\]）】]\s*"  # [매일일보 황경근 기자]
    r")?"
    r"(?:[가-힣A-Za-z0-9·]{2,15}\s+)?(?:[가-힣]{2,8}\s+)?[가-힣]{2,4}\s?(?:기자|특파원)\s*[=＝]\s*"  # 아주경제 박흥서 기자 =
)
_DATELINE_ONLY = re.compile(
    r"^\s*(?:[(\[（【]\s*[가-힣]{1,10}\s*=\s*[가-힣A-Za-z0-9·]{2,20}\s*[)\]）】]"
    r"|[(\[（【]\s*[가-힣A-Za-z0-9·]{2,15}\s+[가-힣]{2,4}\s?(?:기자|특파원)\s*[)\]）】])\s*"
)


def outlet(text: str) -> str | None:
    """The outlet a dateline near the start names ('(부산=연합뉴스)' → 연합뉴스), else None."""
    found = DATELINE_RE.search(text[:400])
    return found.group(2) if found else None


def without_byline(sentence: str) -> str:
    """The sentence without the dateline and byline it opens with: the evidence of a fact."""
    for pattern in (_OPENING, _DATELINE_ONLY):
        stripped = pattern.sub("", sentence, count=1)
        if stripped != sentence and stripped.strip():
            return stripped.strip()
    return sentence.strip()
