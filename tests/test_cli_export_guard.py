"""``export-events`` / ``events`` never write over the store they read (issue 15, point 4)."""

from __future__ import annotations

import hashlib
import os

import pytest
from _factories import make_event, make_report

from geodata.cli import main
from geodata.store.eventstore import EventStore


@pytest.fixture()
def store_path(tmp_path):
    path = tmp_path / "s.gpkg"
    with EventStore(path) as s:
        s.add_report(make_report("a"), [], [make_event("a")])
        s.correct("a-ev1", who="qa", note="checked", status="verified")
    return path


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", ["export-events", "events"])
@pytest.mark.parametrize("how", ["same", "relative", "symlink", "wal"])
def test_the_store_is_refused_as_the_output(store_path, tmp_path, capsys, monkeypatch, command, how):
    before = _digest(store_path)
    if how == "same":
        out = str(store_path)
    elif how == "relative":
        monkeypatch.chdir(tmp_path)
        out = "./sub/../s.gpkg"
        (tmp_path / "sub").mkdir()
    elif how == "symlink":
        out = str(tmp_path / "link.gpkg")
        os.symlink(store_path, out)
    else:
        out = str(store_path) + "-wal"
    code = main([command, "--store", str(store_path), "--out", out, "--format", "gpkg"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "--out" in err
    assert _digest(store_path) == before
    with EventStore.open_readonly(store_path) as s:
        assert len(s.audit()) == 1 and s.report("a") is not None


def test_another_output_still_works(store_path, tmp_path, capsys):
    out = tmp_path / "copy.gpkg"
    assert main(["export-events", "--store", str(store_path), "--out", str(out)]) == 0
    assert out.is_file()
