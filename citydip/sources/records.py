"""Field-name resolution and the one way any record (front matter, JSON object, table row) becomes an Article."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from citydip.dateline import outlet
from citydip.errors import InputError
from citydip.models import Article

from .normalise import article_id, normalise_line, normalise_text, parse_published

# Our field → the names an input may use for it, tried in order (case-insensitively after an exact miss).
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "본문", "내용"),
    "title": ("title", "headline", "제목"),
    "published": ("published", "date", "일자", "날짜"),
    "url": ("url", "link", "canonical"),
    "source": ("source", "outlet", "언론사", "매체"),
}
FIELDS = tuple(DEFAULT_FIELDS)


class FieldMap:
    """Which input column or key holds each of our fields; a user mapping ({"text": "본문"}) wins."""

    def __init__(self, overrides: Mapping[str, str] | None = None):
        overrides = dict(overrides or {})
        unknown = sorted(set(overrides) - set(FIELDS))
        if unknown:
            raise ValueError(f"unknown field {', '.join(unknown)}: fields are {', '.join(FIELDS)}")
        self.names: dict[str, tuple[str, ...]] = {
            field: (overrides[field],) if field in overrides else DEFAULT_FIELDS[field] for field in FIELDS
        }
        self.overridden = frozenset(overrides)

    def resolve(self, columns: Iterable[str]) -> dict[str, str]:
        """Our field → the actual column name among ``columns`` (fields with no column are left out)."""
        columns = [column for column in columns if isinstance(column, str)]
        folded = {}
        for column in columns:
            folded.setdefault(column.strip().casefold(), column)
        found: dict[str, str] = {}
        for field, names in self.names.items():
            for name in names:
                if name in columns:
                    found[field] = name
                    break
                if (column := folded.get(name.strip().casefold())) is not None:
                    found[field] = column
                    break
        return found

    def describe(self, field: str) -> str:
        """The names tried for ``field``, for a failure message."""
        return " / ".join(repr(name) for name in self.names[field])


def build_article(
    text: object,
    *,
    path: str,
    title: object = None,
    published: object = None,
    source: object = None,
    url: object = None,
) -> Article:
    """Normalise and check one article; raises InputError when it has no text."""
    if isinstance(text, (dict, list, tuple, set)):
        raise InputError(path, f"text is a {type(text).__name__}, not a string")
    body = normalise_text("" if text is None else str(text))
    if not body:
        raise InputError(path, "no article text (empty)")
    return Article(
        id=article_id(body, normalised=True),
        text=body,
        title=normalise_line(title),
        published=parse_published(published),
        # no outlet given: the one a dateline names ('(부산=연합뉴스)'), so --source finds the article
        source=normalise_line(source) or outlet(body),
        url=normalise_line(url),
        path=path,
    )


def unparsed_date(raw: object, article: Article) -> str | None:
    """A notice message when the input gave a publication date that could not be read, else None."""
    if article.published is None and raw is not None and str(raw).strip():
        return f"published value {str(raw)[:40]!r} is not a date; left empty"
    return None
