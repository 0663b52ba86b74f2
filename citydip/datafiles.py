"""Locate the runtime data files (gazetteer, lexicons) in a wheel or a source checkout."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def data_dir() -> Path:
    """The directory holding citydip's shipped data files.

    An installed wheel carries them as the package ``citydip.data``; an editable install maps that
    package onto the repository's top-level ``data/``; a bare checkout on ``sys.path`` falls back to it.
    """
    checkout = Path(__file__).resolve().parent.parent / "data"
    try:
        shipped = Path(str(resources.files("citydip.data")))
    except (ModuleNotFoundError, TypeError):
        shipped = None
    if shipped is not None and shipped.is_dir():
        return shipped
    return checkout


def data_path(name: str) -> Path:
    return data_dir() / name
