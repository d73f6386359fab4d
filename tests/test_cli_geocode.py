"""`unrest-atlas geocode`: every input kind, every bad input, every output format."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from geodata.cli import main

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]

KZ = ("Riot police fired tear gas at protesters outside the akimat in Alma-Ata on Wednesday. "
      "Kate Brennan, an analyst at Chatham House in London, said the anger was old.")
LK = "Protesters stormed the presidential residence in Colombo on Saturday."


@pytest.fixture(autouse=True)
def _need_gazetteer(gazetteer):
    """Skip when the index is not built."""


def run(args, capsys, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["geocode", *map(str, args)])
    out = capsys.readouterr()
    return code, out.err


def read_fc(path):
    fc = json.loads(path.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection"
    return fc["features"]


def test_txt_file_mentions_and_events(tmp_path, capsys):
    rep = tmp_path / "kz-0105.txt"
    rep.write_text(KZ, encoding="utf-8")
    code, err = run([rep, "--published", "2022-01-06", "--out", tmp_path / "ev.geojson",
                     "--mentions", tmp_path / "m.geojson"], capsys)
    assert code == 0, err
    feats = read_fc(tmp_path / "m.geojson")
    by = {f["properties"]["mention"]: f for f in feats}
    alma = by["Alma-Ata"]["properties"]
    for key in ("report_id", "mention", "start", "end", "name", "geonameid", "country_code", "admin1",
                "kind", "role", "confidence", "alternatives"):
        assert key in alma, key
    assert alma["report_id"] == "kz-0105" and alma["name"] == "Almaty" and alma["role"] == "event"
    assert KZ[alma["start"]:alma["end"]] == "Alma-Ata"
    assert by["London"]["properties"]["role"] == "context"
    lon, lat = by["Alma-Ata"]["geometry"]["coordinates"]
    assert abs(lat - 43.25) < 0.2 and abs(lon - 76.92) < 0.2
    events = read_fc(tmp_path / "ev.geojson")
    assert any(e["properties"]["location"] == "Almaty" and e["properties"]["event_date"] == "2022-01-05"
               for e in events)
    assert not any(e["properties"]["location"] == "London" for e in events)
    assert "1 reports" in err and "0 skipped" in err


def test_jsonl_and_folder_and_csv_format(tmp_path, capsys):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.jsonl").write_text(json.dumps({"id": "lk1", "text": LK, "published": "2022-07-10",
                                          "source": "Island Wire"}) + "\n", encoding="utf-8")
    (d / "b.txt").write_text(KZ, encoding="utf-8")
    out = tmp_path / "events.csv"
    code, err = run([d, "--published", "2022-01-06", "--out", out], capsys)
    assert code == 0, err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and list(rows[0])[:3] == ["event_id_cnty", "event_date", "year"]
    assert {r["country"] for r in rows} >= {"Sri Lanka", "Kazakhstan"}
    lk = next(r for r in rows if r["country"] == "Sri Lanka")
    assert lk["event_date"] == "2022-07-09" and lk["source"] == "Island Wire"


def test_stdin_text(tmp_path, capsys, monkeypatch):
    code, err = run(["-", "--mentions", tmp_path / "m.geojson"], capsys, stdin=LK, monkeypatch=monkeypatch)
    assert code == 0, err
    feats = read_fc(tmp_path / "m.geojson")
    assert [f["properties"]["name"] for f in feats] == ["Colombo"]
    assert feats[0]["properties"]["report_id"] == "stdin"


def test_gpkg_output(tmp_path, capsys):
    import pyogrio

    rep = tmp_path / "r.txt"
    rep.write_text(KZ, encoding="utf-8")
    code, err = run([rep, "--published", "2022-01-06", "--out", tmp_path / "ev.gpkg"], capsys)
    assert code == 0, err
    df = pyogrio.read_dataframe(tmp_path / "ev.gpkg")
    assert "Almaty" in set(df["location"])


def test_bad_inputs_are_reported_skipped_and_exit_1(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(LK, encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("Émeutes à Paris".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(
        '{"id": "ok", "text": "Crowds gathered in Kandy."}\n{"id": "bad", "text": \n{"id": "notext"}\n',
        encoding="utf-8")
    m = tmp_path / "m.geojson"
    code, err = run([tmp_path, "--mentions", m], capsys)
    assert code == 1
    assert "bin.txt" in err and "latin1.txt" in err and "empty.txt" in err
    assert "lines.jsonl:2" in err and "lines.jsonl:3" in err
    names = {f["properties"]["name"] for f in read_fc(m)}
    assert names == {"Colombo", "Kandy"}, "the good reports are all processed"
    assert "5 skipped" in err


def test_nothing_usable_exits_2_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("  ", encoding="utf-8")
    out = tmp_path / "ev.geojson"
    code, err = run([tmp_path / "empty.txt", "--out", out], capsys)
    assert code == 2 and not out.exists()
    code, err = run([tmp_path / "missing.txt", "--out", out], capsys)
    assert code == 2 and "no such file" in err


def test_bad_published_date_exits_2(tmp_path, capsys):
    rep = tmp_path / "r.txt"
    rep.write_text(LK, encoding="utf-8")
    code, err = run([rep, "--published", "06/01/2022", "--out", tmp_path / "x.geojson"], capsys)
    assert code == 2 and "--published" in err


def test_failed_write_leaves_no_partial_file(tmp_path, capsys, monkeypatch):
    import geodata.io.files as gio

    rep = tmp_path / "r.txt"
    rep.write_text(KZ, encoding="utf-8")
    out = tmp_path / "ev.geojson"
    out.write_text("previous", encoding="utf-8")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(gio.json, "dump", boom)
    monkeypatch.setattr(gio.json, "dumps", boom)
    code, err = run([rep, "--out", out], capsys)
    assert code == 2 and "disk full" in err
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ev.geojson", "r.txt"]


def test_store_option_adds_to_store(tmp_path, capsys):
    from geodata.store.eventstore import EventStore

    rep = tmp_path / "r.txt"
    rep.write_text(KZ, encoding="utf-8")
    store = tmp_path / "s.gpkg"
    for _ in range(2):
        code, err = run([rep, "--published", "2022-01-06", "--store", store], capsys)
        assert code == 0, err
    with EventStore(store) as s:
        df = s.events()
    assert "Almaty" in set(df["location"])
    assert df["event_id"].is_unique, "re-ingesting the same report adds nothing"


def test_script_wrapper_is_the_same_command(tmp_path):
    rep = tmp_path / "r.txt"
    rep.write_text(LK, encoding="utf-8")
    out = tmp_path / "m.geojson"
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "geocode_reports.py"), str(rep),
                        "--mentions", str(out)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert [f["properties"]["name"] for f in read_fc(out)] == ["Colombo"]
    assert "1 reports" in r.stderr


def test_help_lists_subcommands():
    r = subprocess.run([sys.executable, "-m", "geodata.cli", "--help"], capture_output=True, text=True, timeout=60)
    assert "geocode" in r.stdout


def test_unknown_output_suffix_is_refused_before_any_work(tmp_path, capsys):
    rep = tmp_path / "r.txt"
    rep.write_text("Protesters marched in Almaty on Monday.", encoding="utf-8")
    out = tmp_path / "events.txt"
    assert main(["geocode", str(rep), "--published", "2022-01-05", "--out", str(out)]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert not out.exists()
    # the same file with the format named works
    assert main(["geocode", str(rep), "--published", "2022-01-05", "--out", str(out),
                 "--format", "csv"]) == 0
    assert out.read_text(encoding="utf-8").startswith("event_id_cnty")


def _jsonl(path, *rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_one_failing_report_is_skipped_and_the_rest_written_and_stored(tmp_path, capsys, monkeypatch):
    import geodata.pipeline

    real = geodata.pipeline.process_report

    def process(report, **kw):  # an internal failure on one report (e.g. a bug in a rule)
        if report.id == "boom":
            raise RecursionError("maximum recursion depth exceeded")
        return real(report, **kw)

    monkeypatch.setattr(geodata.pipeline, "process_report", process)
    src = _jsonl(tmp_path / "in.jsonl",
                 {"id": "boom", "published": "2022-01-05",
                  "text": "Gunmen killed five people in Maiduguri on Monday."},
                 {"id": "ok", "published": "2022-01-05",
                  "text": "Police shot dead two protesters in Lagos on Monday."})
    out, store = tmp_path / "ev.geojson", tmp_path / "s.gpkg"
    assert main(["geocode", str(src), "--out", str(out), "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert "report 'boom' not processed: RecursionError" in err and "1 reports" in err
    feats = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["report_id"] for f in feats} == {"ok"}
    from geodata.store.eventstore import EventStore

    with EventStore.open_readonly(store) as s:
        assert set(s.events()["report_id"]) == {"ok"}


def test_outputs_that_would_destroy_an_input_or_each_other_are_refused(tmp_path, capsys):
    src = _jsonl(tmp_path / "in.jsonl", {"id": "r", "text": "Riot in Osh.", "published": "2022-01-05"})
    before = src.read_bytes()
    for argv in (["--out", str(src), "--format", "csv"],
                 ["--out", str(tmp_path / "x.geojson"), "--mentions", str(tmp_path / "x.geojson")],
                 ["--out", str(tmp_path / "s.gpkg"), "--store", str(tmp_path / "s.gpkg")]):
        assert main(["geocode", str(src), *argv]) == 2, argv
        assert "error" in capsys.readouterr().err
    assert src.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_a_fifo_target_is_refused_not_replaced(tmp_path, capsys):
    import os

    src = _jsonl(tmp_path / "in.jsonl", {"id": "r", "text": "Riot in Osh.", "published": "2022-01-05"})
    fifo = tmp_path / "pipe.geojson"
    os.mkfifo(fifo)
    assert main(["geocode", str(src), "--out", str(fifo)]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert fifo.is_fifo()


def test_duplicate_ids_are_warned_and_both_kept(tmp_path, capsys):
    src = _jsonl(tmp_path / "in.jsonl",
                 {"id": "r", "text": "Police shot dead two protesters in Lagos on Monday.",
                  "published": "2022-01-05"},
                 {"id": "r", "text": "Rioters burned a police station in Kano on Monday.",
                  "published": "2022-01-05"})
    out = tmp_path / "ev.csv"
    assert main(["geocode", str(src), "--out", str(out)]) == 0
    assert "kept as 'r~2'" in capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert "Lagos" in text and "Kano" in text
