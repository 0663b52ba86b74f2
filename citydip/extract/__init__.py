"""Pure extraction: one Article in, its actor and city-diplomacy events out (no I/O, no database).

Stages, one module each: ``lexicon`` (the trigger table and shared word patterns), ``partners`` (which
place mentions are partners: lists, locators, people's names), ``actor`` (whose side the article tells),
``attributes`` (level, status, direction, dates of an event), ``events`` (the sentence walk that turns
triggers into events) and ``merge`` (one event per fact in an article).
"""

from citydip.extract.events import Extraction, Extractor
from citydip.extract.lexicon import EVENT_TYPES, MARKER_CLASSES, Hit, TriggerRule, first_chars, trigger_rules
from citydip.extract.merge import highest_level

__all__ = [
    "EVENT_TYPES",
    "MARKER_CLASSES",
    "Extraction",
    "Extractor",
    "Hit",
    "TriggerRule",
    "first_chars",
    "highest_level",
    "trigger_rules",
]
