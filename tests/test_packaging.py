"""The wheel ships every subpackage and the data files, found the same way installed or not."""

from __future__ import annotations

import tomllib
from pathlib import Path

from citydip.datafiles import data_dir, data_path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {"citydip"} | {
        "citydip." + ".".join(p.parent.relative_to(ROOT / "citydip").parts)
        for p in (ROOT / "citydip").rglob("__init__.py")
        if p.parent != ROOT / "citydip"
    }
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"


def test_data_files_are_found():
    assert data_dir().is_dir()
    for name in ("triggers.tsv", "places.tsv", "place_names.tsv", "countries.tsv", "aliases.tsv"):
        assert data_path(name).is_file(), name
