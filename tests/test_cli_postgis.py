"""The command line on a PostGIS store: a postgresql:// URL wherever a store path is accepted."""

from __future__ import annotations

import json

import pytest

from geodata.cli import main

pytest_plugins = ["_postgis"]  # the postgis_cluster and postgis_url fixtures
pytestmark = pytest.mark.xdist_group("postgis")


def test_geocode_into_postgis_then_export_from_it(postgis_url, tmp_path, capsys, gazetteer):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in (
        {"id": "a", "published": "2024-07-17",
         "text": "Police shot dead two students in Rangpur on Tuesday."},
        {"id": "b", "published": "2024-07-17",
         "text": "Protesters blocked the highway in Chittagong on Tuesday."},
    )), encoding="utf-8")
    assert main(["store", "init", postgis_url]) == 0
    assert main(["geocode", str(src), "--store", postgis_url]) == 0
    assert main(["geocode", str(src), "--store", postgis_url]) == 0  # re-ingest adds nothing
    out = tmp_path / "ev.csv"
    assert main(["export-events", "--store", postgis_url, "--out", str(out)]) == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3, rows  # a header and one event per report
    assert any("Rangpur" in r for r in rows) and any("Chittagong" in r for r in rows)
    capsys.readouterr()


def test_import_and_export_map_on_postgis(postgis_url, tmp_path, capsys):
    from pathlib import Path

    acled = Path(__file__).parent / "fixtures" / "acled_sample.csv"
    assert main(["store", "init", postgis_url]) == 0
    assert main(["import", "--format", "acled", str(acled), "--store", postgis_url]) in (0, 1)
    out = tmp_path / "map.png"
    assert main(["export-map", "--store", postgis_url, "--out", str(out)]) == 0
    assert out.stat().st_size > 10_000
    capsys.readouterr()
