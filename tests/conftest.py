"""Shared fixtures: the dev corpus, a fixed console width, one temp database per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (ROOT.parent / "shared" / "corpus" / "dev").resolve()

# Rich renders to this width in every test, so table output never depends on the terminal.
os.environ.setdefault("COLUMNS", "140")
os.environ.pop("CITYDIP_DB", None)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"dev corpus missing at {CORPUS}")
        pytest.skip("dev corpus not available")
    return CORPUS


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "citydip.db"
