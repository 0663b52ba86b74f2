"""What reading inputs yields besides articles: skipped records and notices for the user."""

from __future__ import annotations

from dataclasses import dataclass

from citydip.errors import InputError
from citydip.models import Article

# Bigger files are refused before they are read: no real article export comes near this,
# and reading one would hold the whole batch in memory.
MAX_INPUT_BYTES = 50 * 1024 * 1024

FORMATS = ("text", "md", "html", "json", "jsonl", "csv", "xlsx")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record deliberately left out (e.g. a BigKinds row flagged 중복); counted, not a failure."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know about an input that was read (e.g. "decoded as CP949")."""

    source: str
    message: str


SourceItem = Article | InputError | Skipped | Notice
