"""Plain text and Markdown, with optional YAML front matter (title, published/date, source, url)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from citydip.errors import InputError

from .items import Notice, SourceItem
from .normalise import normalise_text
from .records import FieldMap, build_article, unparsed_date

# libyaml's parser when PyYAML was built with it (wheels are): same results, about ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_HEADING = re.compile(r"#[ \t]+(?P<title>\S.*)$", re.MULTILINE)


def split_front_matter(text: str, source: str) -> tuple[dict, str]:
    """(front-matter mapping, body) of normalised text; no front matter → ({}, text)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.load(match["yaml"] or "", Loader=_LOADER)
    except yaml.YAMLError as err:
        where = getattr(err, "problem_mark", None)
        line = f" at line {where.line + 2}" if where is not None else ""
        problem = getattr(err, "problem", None) or "syntax error"
        raise InputError(source, f"front matter is not valid YAML{line}: {problem}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(source, f"front matter is a YAML {type(meta).__name__}, expected key: value lines")
    return {str(key): value for key, value in meta.items()}, text[match.end() :]


def read_text(text: str, source: str, fields: FieldMap, *, markdown: bool = False) -> Iterator[SourceItem]:
    """One article from a decoded text or Markdown file."""
    text = normalise_text(text)
    if not text:
        raise InputError(source, "empty file (no text)")
    meta, body = split_front_matter(text, source)
    if meta and not body.strip():
        raise InputError(source, "no article text after the front matter")
    columns = fields.resolve(meta)
    values = {field: meta.get(column) for field, column in columns.items() if field != "text"}
    title = values.get("title")
    if title is None and markdown and (heading := _MD_HEADING.match(body.lstrip())):
        title = heading["title"].rstrip("#").strip()
    article = build_article(
        body,
        path=source,
        title=title,
        published=values.get("published"),
        source=values.get("source"),
        url=values.get("url"),
    )
    if message := unparsed_date(values.get("published"), article):
        yield Notice(source, message)
    yield article
