"""Extraction on a Dask cluster (the distributed extra) and `citydip load`: the same database as ingest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_parallel import contents
from typer.testing import CliRunner

from citydip.cli import app
from citydip.distributed import SUFFIX, read_extracted, run
from citydip.errors import InputError

runner = CliRunner()


@pytest.fixture(scope="module")
def shards(tmp_path_factory, corpus_dir) -> Path:
    """Five shards: four dev articles and one JSONL file with a non-diplomacy article."""
    folder = tmp_path_factory.mktemp("shards")
    for path in sorted((corpus_dir / "articles").iterdir())[:4]:
        shutil.copy(path, folder / path.name)
    record = {"text": "수원은 대체로 맑겠습니다. 낮 최고기온은 25도입니다.", "published": "2024-06-01"}
    (folder / "weather.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def extracted(tmp_path_factory, shards) -> Path:
    distributed = pytest.importorskip("dask.distributed")
    out = tmp_path_factory.mktemp("extracted")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        summaries = run(sorted(str(p) for p in shards.iterdir()), out, client=client)
    assert len(summaries) == 5
    assert sum(s["screened"] for s in summaries) == 1
    return out


def test_loading_what_the_cluster_extracted_stores_what_ingest_stores(tmp_path, shards, extracted):
    assert len(list(extracted.glob(f"*{SUFFIX}"))) == 5
    loaded = runner.invoke(app, ["load", str(extracted), "--db", str(tmp_path / "loaded.db")])
    ingested = runner.invoke(
        app, ["ingest", str(shards), "--db", str(tmp_path / "ingested.db"), "--jobs", "1"]
    )
    assert loaded.exit_code == ingested.exit_code == 0, loaded.output
    assert loaded.stdout == ingested.stdout
    assert contents(tmp_path / "loaded.db") == contents(tmp_path / "ingested.db")
    again = runner.invoke(app, ["load", str(extracted), "--db", str(tmp_path / "loaded.db")])
    assert "0 new, 0 updated, 5 unchanged" in again.stdout


def test_a_shard_already_extracted_is_not_extracted_again(shards, extracted):
    assert run([str(p) for p in shards.iterdir()], extracted, client=object()) == []


def test_records_of_another_version_are_refused(tmp_path, extracted):
    source = next(extracted.glob(f"*{SUFFIX}"))
    data = json.loads(source.read_text(encoding="utf-8").splitlines()[0])
    data["extractor"] = "0.0.0+elsewhere"
    odd = tmp_path / f"odd{SUFFIX}"
    odd.write_text(json.dumps(data, ensure_ascii=False) + "\n" + "not json\n", encoding="utf-8")
    result = runner.invoke(app, ["load", str(odd), "--db", str(tmp_path / "odd.db")])
    assert result.exit_code == 1
    assert "extract it again" in result.stderr and "line 2" in result.stderr
    first, second = read_extracted([odd])
    assert first.version == "0.0.0+elsewhere" and isinstance(second, InputError)
