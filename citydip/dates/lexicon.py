"""Load the date lexicons under data/ (relative words, period words, cue words) once, on first use."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from citydip.datafiles import data_path

RELATIVE_FILE = "dates_relative.tsv"
PERIODS_FILE = "dates_periods.tsv"
CUES_FILE = "dates_cues.tsv"
COUNTRIES_FILE = "countries.tsv"


@dataclass(frozen=True, slots=True)
class RelativeWord:
    expression: str
    unit: str  # day | week | weekend | month | year | ctx_day | ctx_year | ctx
    offset: int
    needs_follow: bool  # "올" counts only before a month, a period or a season
    needs_lead: bool = False  # "당시" counts only opening a sentence


@dataclass(frozen=True, slots=True)
class PeriodWord:
    expression: str
    scope: str  # month | year | season | none
    start: int | None
    end: int | None  # None with scope month = the month's last day
    alone: bool


def _rows(name: str) -> list[list[str]]:
    rows = []
    with open(data_path(name), encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@cache
def relative_rows() -> tuple[RelativeWord, ...]:
    """Every spelling of every relative word, as written in the file."""
    rows = []
    for row in _rows(RELATIVE_FILE):
        needs = row[3] if len(row) > 3 else "-"
        rows.append(RelativeWord(row[0], row[1], int(row[2]), needs == "follow", needs == "lead"))
    return tuple(rows)


@cache
def relative_words() -> dict[str, RelativeWord]:
    """Relative words keyed by their spelling with spaces removed."""
    return {_key(word.expression): word for word in relative_rows()}


@cache
def period_words() -> dict[tuple[str, str], PeriodWord]:
    """Period words keyed by (spelling without spaces, scope)."""
    words: dict[tuple[str, str], PeriodWord] = {}
    for row in _rows(PERIODS_FILE):
        expression, scope = row[0], row[1]
        start = None if row[2] == "-" else int(row[2])
        end = None if row[3] in ("-", "end") else int(row[3])
        words[(_key(expression), scope)] = PeriodWord(expression, scope, start, end, row[4] == "yes")
    return words


@cache
def cues() -> dict[str, tuple[str, ...]]:
    """Cue words by category, longest first so alternations prefer the longest spelling."""
    found: dict[str, list[str]] = defaultdict(list)
    for row in _rows(CUES_FILE):
        found[row[0]].append(row[1])
    return {category: tuple(sorted(set(ws), key=len, reverse=True)) for category, ws in found.items()}


def _key(expression: str) -> str:
    return re.sub(r"\s+", "", expression)


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first; a space inside a word matches any spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s*".join(re.escape(part) for part in w.split(" ")) for w in ordered)


@cache
def country_words() -> tuple[str, ...]:
    """The Korean names of countries (and their Hangul aliases of two or more letters), longest first."""
    words: set[str] = set()
    for row in _rows(COUNTRIES_FILE)[1:]:  # the first row names the columns
        names = [row[1], *(row[2].split("|") if len(row) > 2 else ())]
        words.update(n for n in names if len(n) >= 2 and re.fullmatch(r"[가-힣]+", n))
    return tuple(sorted(words, key=lambda w: (-len(w), w)))
