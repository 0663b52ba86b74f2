"""Text normalisation, content identity and publication-date parsing shared by every format."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime
from email.utils import parsedate_to_datetime

# Characters that end a line in some editor or platform; all become "\n" (CRLF as one, replaced first: a
# pattern that starts with a class, not an alternation, is scanned three times as fast).
_LINE_BREAKS = re.compile(r"[\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# C0/C1 controls except tab and newline, plus stray byte-order marks and deletion characters.
# Invisible characters that web pages scatter through text (zero-width space, word joiner, soft hyphen)
# are dropped too, so an article copied from a page and from a file gets the same id.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\xad\u200b\u2060\ufeff\ufffe]")

# Full-width forms of ASCII (U+FF01–U+FF5E: '（', '，', '．', '１') and the ideographic space: Korean text set
# in a full-width font reads the same as with ASCII punctuation, and every rule is written for the latter.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# 16 hex digits (64 bits): collisions are negligible below billions of articles and the id stays readable.
ID_LENGTH = 16


def normalise_text(text: str) -> str:
    """NFC, ASCII punctuation and digits for their full-width forms, LF line endings, no control characters, no
    trailing spaces, no blank lines at either end.

    Idempotent: the same article saved with another encoding, line ending or Unicode form
    normalises to the same string (and so gets the same ``article_id``).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text).translate(_FULL_WIDTH)
    # no trailing white space on any line (str.rstrip strips what the pattern [^\S\n] would, and faster)
    return "\n".join([line.rstrip() for line in text.split("\n")]).strip()


def normalise_line(value: object) -> str | None:
    """A one-line field (title, outlet, URL): normalised, inner whitespace collapsed; empty → None."""
    if value is None:
        return None
    line = " ".join(normalise_text(str(value)).split())
    return line or None


def article_id(text: str, *, normalised: bool = False) -> str:
    """Content hash of the normalised text: the first 16 hex digits of its SHA-256. ``normalised``: the
    text is normalise_text's output already."""
    body = text if normalised else normalise_text(text)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:ID_LENGTH]


_YMD = re.compile(
    r"""^\s*(?P<y>\d{4})\s*(?:[-./년]\s*)(?P<m>\d{1,2})\s*(?:[-./월]\s*)(?P<d>\d{1,2})\s*(?:일|\.)?
        (?:$|[\sT_].*$)""",
    re.VERBOSE,
)
_COMPACT = re.compile(r"^\s*(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:\d{2,6})?(?:\.0+)?\s*$")
# Outside this window a "date" is almost surely junk (a serial number, an id) rather than a news date.
_YEARS = range(1900, 2101)


def _ymd(year: int, month: int, day: int) -> str | None:
    if year not in _YEARS:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_published(value: object) -> str | None:
    """A publication date as given by an input → "YYYY-MM-DD", or None when it is not a date.

    Accepts date/datetime objects, ISO dates and timestamps ("2023-10-03T09:00:00+09:00" keeps its
    own calendar day), "19931021" (BigKinds 일자, also as a number), "1993.10.21", "1993/10/21",
    "1993. 10. 21.", "1993년 10월 21일" and RFC 2822 ("Tue, 03 Oct 2023 09:00:00 +0900").
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _ymd(value.year, value.month, value.day)
    if isinstance(value, date):
        return _ymd(value.year, value.month, value.day)
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    text = str(value)
    if len(text) > 100:
        return None
    if match := _YMD.match(text) or _COMPACT.match(text):
        return _ymd(int(match["y"]), int(match["m"]), int(match["d"]))
    try:
        stamp = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return _ymd(stamp.year, stamp.month, stamp.day)
