"""Read articles from files, folders, stdin and URLs in every format users have, decoded and normalised.

``read_inputs`` yields, for each input, ``Article`` items plus ``InputError`` (a failure naming the
input and the reason), ``Skipped`` (a record left out on purpose, e.g. a BigKinds row flagged 중복)
and ``Notice`` (something to tell the user, e.g. "decoded as CP949"). It never raises once iterating.

An article's id is the first 16 hex digits of the SHA-256 of its normalised body text (front matter,
title and other metadata excluded), so re-encoding or re-formatting a file does not change it.
"""

from .inputs import EXTENSIONS, count_single_articles, read_inputs
from .items import FORMATS, MAX_INPUT_BYTES, Notice, Skipped, SourceItem
from .normalise import article_id, normalise_text, parse_published

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "MAX_INPUT_BYTES",
    "Notice",
    "Skipped",
    "SourceItem",
    "article_id",
    "count_single_articles",
    "normalise_text",
    "parse_published",
    "read_inputs",
]
