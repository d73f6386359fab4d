"""``unrest-atlas events``: filters, formats and exit codes."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
from _factories import AKTOBE, ZHANAOZEN, make_event, make_report

from geodata.cli import main
from geodata.io.files import read_events
from geodata.store.eventstore import EventStore


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "s.gpkg"
    with EventStore(path) as s:
        s.add_report(make_report("a"), [], [make_event("a", event_date="2022-01-04", severity=1)])
        s.add_report(make_report("b"), [], [make_event("b", place=AKTOBE, event_type="Riots",
                                                       sub_event_type="Violent demonstration", severity=3)])
        s.add_report(make_report("c"), [], [make_event("c", place=ZHANAOZEN, event_date="2022-01-06", severity=4)])
        s.add_report(make_report("d"), [], [make_event("d", place=ZHANAOZEN, event_date="2022-01-07",
                                                       event_type="Riots", sub_event_type="Mob violence")])
        s.reject("d-ev1", who="qa", note="duplicate")
    return path


def _ids(path):
    return sorted(e.event_id for e in read_events(path))


def test_exports_everything_but_rejected_by_default(store_path, tmp_path, capsys):
    out = tmp_path / "all.geojson"
    assert main(["events", "--store", str(store_path), "--out", str(out)]) == 0
    assert _ids(out) == ["a-ev1", "b-ev1", "c-ev1"]
    assert "wrote 3 events" in capsys.readouterr().err
    assert main(["events", "--store", str(store_path), "--include-rejected", "--out", str(out)]) == 0
    assert "d-ev1" in _ids(out)


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--from", "2022-01-05"], ["b-ev1", "c-ev1"]),
        (["--to", "2022-01-05"], ["a-ev1", "b-ev1"]),
        (["--type", "riots"], ["b-ev1"]),
        (["--type", "Riots", "--type", "Protests", "--from", "2022-01-06"], ["c-ev1"]),
        (["--min-severity", "3"], ["b-ev1", "c-ev1"]),
        (["--country", "KZ"], ["a-ev1", "b-ev1", "c-ev1"]),
        (["--country", "kazakhstan", "--admin1", "Aktobe"], ["b-ev1"]),
        (["--country", "NG"], []),
        (["--text", "zhanaozen"], ["c-ev1"]),
        (["--bbox", "50,40,60,52"], ["b-ev1", "c-ev1"]),
        (["--status", "rejected"], ["d-ev1"]),
        (["--source", "Wire b"], ["b-ev1"]),
        (["--source", "Wire a", "--source", "Wire c"], ["a-ev1", "c-ev1"]),
        (["--source", "Wire"], []),  # a whole source name, not a part of one
    ],
)
def test_filters(store_path, tmp_path, args, expected):
    out = tmp_path / "f.csv"
    assert main(["events", "--store", str(store_path), *args, "--out", str(out)]) == 0
    assert _ids(out) == expected


def test_formats_from_suffix_and_flag(store_path, tmp_path):
    for name in ("e.csv", "e.gpkg", "e.geojson"):
        out = tmp_path / name
        assert main(["events", "--store", str(store_path), "--out", str(out)]) == 0
        assert _ids(out) == ["a-ev1", "b-ev1", "c-ev1"]
    dat = tmp_path / "e.dat"
    assert main(["events", "--store", str(store_path), "--out", str(dat), "--format", "geojson"]) == 0
    assert len(json.loads(dat.read_text(encoding="utf-8"))["features"]) == 3
    header = next(csv.reader((tmp_path / "e.csv").open(encoding="utf-8")))
    assert header[:3] == ["event_id_cnty", "event_date", "year"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "2022-02-30"], "not a date"),
        (["--type", "parade"], "unknown event type"),
        (["--min-severity", "9"], "severity must be 1-5"),
        (["--bbox", "1,2,3"], "bbox"),
        (["--from", "2022-02-01", "--to", "2022-01-01"], "after --to"),
    ],
)
def test_bad_arguments_exit_2(store_path, tmp_path, capsys, args, message):
    out = tmp_path / "x.csv"
    try:
        code = main(["events", "--store", str(store_path), *args, "--out", str(out)])
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_missing_store_and_bad_suffix_exit_2(tmp_path, store_path, capsys):
    assert main(["events", "--store", str(tmp_path / "none.gpkg"), "--out", str(tmp_path / "x.csv")]) == 2
    assert "no event store" in capsys.readouterr().err
    assert not (tmp_path / "none.gpkg").exists()
    assert main(["events", "--store", str(store_path), "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "suffix" in capsys.readouterr().err


def test_console_entry_point_runs(store_path, tmp_path):
    out = tmp_path / "e.geojson"
    proc = subprocess.run(
        [sys.executable, "-m", "geodata.cli", "events", "--store", str(store_path), "--type", "Riots", "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert _ids(out) == ["b-ev1"]


def test_source_filter_is_the_same_on_a_file_and_in_the_store(store_path, tmp_path):
    """`export-map --events FILE` filters a file with geodata.maps.static.filter_events: the same
    events as the store's query, merged sources ("A; B") included."""
    import pandas as pd

    from geodata.maps.static import filter_events

    with EventStore.open_readonly(store_path) as s:
        df = s.events(include_rejected=True)
        df = pd.concat([df, df.iloc[[0]].assign(event_id="merged", source="Wire x; Wire b")],
                       ignore_index=True)
        for names in (["Wire b"], ["Wire a", "Wire c"], ["Wire"], ["Wire x"]):
            got = set(filter_events(df, sources=names)["event_id"])
            want = set(s.events(sources=names)["event_id"])
            if "Wire b" in names or "Wire x" in names:
                want.add("merged")
            assert got == want, names
