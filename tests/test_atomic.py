"""Atomic output: no partial file on error, kill or SIGTERM; stale temporaries cleaned."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from geodata.atomic import atomic_path, remove_stale_parts


def test_an_error_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_stale_temporaries_of_dead_writers_are_removed_live_ones_kept(tmp_path):
    target = tmp_path / "events.geojson"
    dead = tmp_path / ".events.4194999.k2j3.part.geojson"  # above Linux's pid_max: no such process
    live = tmp_path / f".events.{os.getpid()}.x9z8.part.geojson"
    other = tmp_path / ".mentions.4194999.aaaa.part.geojson"
    for p in (dead, live, other):
        p.write_text("{}", encoding="utf-8")
    with atomic_path(target) as tmp:
        tmp.write_text("{}", encoding="utf-8")
    assert not dead.exists() and live.exists() and other.exists() and target.exists()
    assert remove_stale_parts(tmp_path / "mentions.geojson") == [other]


def test_sigterm_during_geocode_removes_partial_outputs(tmp_path, gazetteer):
    src = tmp_path / "many.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(20000):
            fh.write(json.dumps({"id": f"r{i}", "published": "2022-01-05",
                                 "text": f"Police dispersed {i % 90 + 10} protesters in Almaty and "
                                         "Aktobe on Tuesday; two were injured."}) + "\n")
    out = tmp_path / "events.geojson"
    proc = subprocess.Popen([sys.executable, "-m", "geodata.cli", "geocode", str(src),
                             "--out", str(out), "--mentions", str(tmp_path / "m.csv")],
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob(".events.*.part*")):
        time.sleep(0.1)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many.jsonl"]
