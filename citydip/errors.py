"""Typed errors raised by the core; the CLI maps them to one-line messages and exit codes."""

from __future__ import annotations


class CitydipError(Exception):
    """Base class: ``str(err)`` is a complete one-line message for a person."""


class InputError(CitydipError):
    """An input (file, row, stdin) could not be read as an article."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class StoreError(CitydipError):
    """The database cannot be opened or used."""


class ReadOnlyStoreError(StoreError):
    """The database (its file or folder) cannot be written: reading commands still read it as it is."""


class UsageError(CitydipError):
    """A command was called with values that make no sense (bad date, unknown filter)."""
