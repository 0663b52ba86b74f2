"""Korean temporal expressions, which date belongs to which event, and publication-date inference."""

from citydip.dates.expressions import DateMention, find_dates, parse_published
from citydip.dates.published import PublishedGuess, infer_published, story_year
from citydip.dates.resolver import DateResolver
from citydip.dates.tense import clause_tense

__all__ = [
    "DateMention",
    "DateResolver",
    "PublishedGuess",
    "clause_tense",
    "find_dates",
    "infer_published",
    "parse_published",
    "story_year",
]
