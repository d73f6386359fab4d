"""The event store: file format, ingest, re-ingest, transactions, read-only use."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import warnings

import pyogrio
import pytest
from _factories import AKTOBE, make_event, make_mention, make_report

from geodata.exceptions import StoreError
from geodata.model import EVENT_FIELDS
from geodata.store import _ingest
from geodata.store.eventstore import STORE_EVENT_COLUMNS, EventStore


def _dump(path) -> dict[str, list[tuple]]:
    """Every row of every table, to compare a store before and after."""
    with sqlite3.connect(path) as c:
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(map(repr, c.execute(f'SELECT * FROM "{t}"'))) for t in tables}


@pytest.fixture
def store(tmp_path):
    with EventStore(tmp_path / "s.gpkg") as s:
        yield s


def _two_events(rid="r1"):
    return [
        make_event(rid),
        make_event(rid, n=2, place=AKTOBE, event_type="Riots", sub_event_type="Violent demonstration", fatalities=2),
    ]


# ---------------------------------------------------------------- the file is a GeoPackage
def test_new_store_is_a_geopackage_with_point_and_attribute_layers(tmp_path):
    path = tmp_path / "new.gpkg"
    with EventStore(path) as s:
        s.add_report(make_report("r1"), [make_mention("r1")], _two_events())
    with sqlite3.connect(path) as c:
        assert c.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert c.execute("PRAGMA user_version").fetchone()[0] == 10400
        contents = dict(c.execute("SELECT table_name, data_type FROM gpkg_contents"))
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert contents == {
        "events": "features",
        "mentions": "features",
        "reports": "attributes",
        "event_sources": "attributes",
        "corrections": "attributes",
    }
    layers = {name: gtype for name, gtype in pyogrio.list_layers(path)}
    assert layers["events"] == "Point" and layers["mentions"] == "Point"
    assert layers["reports"] is None and layers["event_sources"] is None and layers["corrections"] is None
    assert "event_overrides" not in layers and "store_meta" not in layers


def test_events_layer_reads_in_geopandas_with_right_points_and_fields(tmp_path):
    import geopandas as gpd

    path = tmp_path / "s.gpkg"
    with EventStore(path) as s:
        s.add_report(make_report("r1"), [make_mention("r1")], _two_events())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # GDAL complaints surface as RuntimeWarnings
        gdf = gpd.read_file(path, layer="events")
        info = pyogrio.read_info(path, layer="events")
    assert gdf.crs.to_epsg() == 4326
    assert info["geometry_type"] == "Point" and info["features"] == 2
    for name in (*EVENT_FIELDS, "fatalities_low", "fatalities_high"):
        assert name in gdf.columns
    row = gdf.set_index("event_id").loc["r1-ev2"]
    assert (row.geometry.x, row.geometry.y) == (AKTOBE["longitude"], AKTOBE["latitude"])
    mentions = gpd.read_file(path, layer="mentions")
    assert mentions.geometry.iloc[0].x == pytest.approx(76.92861)
    assert mentions["end"].iloc[0] == 16
    reports = pyogrio.read_dataframe(path, layer="reports")
    assert reports["report_id"].tolist() == ["r1"]


def test_country_level_event_keeps_precision_4_and_the_country_point(store):
    ev = make_event("r1", location="Kazakhstan", admin1=None, latitude=48.0, longitude=68.0,
                    geonameid=1522867, geo_precision=4, event_type="Strategic developments",
                    sub_event_type="Other", tags="curfew")  # fmt: skip
    store.add_report(make_report("r1"), [], [ev])
    gdf = store.events_gdf()
    assert gdf.loc[0, "geo_precision"] == 4
    assert (gdf.geometry[0].x, gdf.geometry[0].y) == (68.0, 48.0)
    lyr = pyogrio.read_dataframe(store.path, layer="events")
    assert lyr.loc[0, "geo_precision"] == 4 and lyr.geometry[0].x == 68.0


def test_event_without_coordinates_has_null_geometry(store):
    store.add_report(make_report("r1"), [], [make_event("r1", latitude=None, longitude=None, geonameid=None)])
    lyr = pyogrio.read_dataframe(store.path, layer="events")
    assert lyr.geometry[0] is None
    assert store.events_gdf().geometry[0] is None


def test_opening_something_else_fails_clearly(tmp_path):
    junk = tmp_path / "junk.gpkg"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        EventStore(junk)
    other = tmp_path / "other.gpkg"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not an Unrest Atlas event store"):
        EventStore(other)
    with pytest.raises(StoreError, match="no event store"):
        EventStore.open_readonly(tmp_path / "missing.gpkg")
    assert not (tmp_path / "missing.gpkg").exists()


# ---------------------------------------------------------------- ingest
def test_add_report_stores_everything(store):
    res = store.add_report(make_report("r1"), [make_mention("r1")], _two_events())
    assert (res.added, res.merged, res.unchanged, res.replaced) == (2, 0, 0, False)
    assert res.event_ids == ["r1-ev1", "r1-ev2"]
    df = store.events()
    assert list(df.columns) == list(STORE_EVENT_COLUMNS)
    assert list(df.columns[: len(EVENT_FIELDS)]) == list(EVENT_FIELDS)
    assert df["event_id"].tolist() == ["r1-ev1", "r1-ev2"]
    assert str(df["fatalities"].dtype) == "Int64" and df["fatalities"].tolist() == [0, 2]
    ev = store.event("r1-ev1")
    assert ev["sources_count"] == 1
    (src,) = ev["sources"]
    assert src["report_id"] == "r1" and src["sentence"] == "Crowds in Almaty marched on the square."
    assert src["mention"] == "Almaty" and src["url"] == "https://example.org/r1"
    (m,) = store.mention_records("r1")
    assert m == make_mention("r1")
    assert store.mentions()["alternatives"][0][0]["name"] == "Almaty Oblysy"
    assert store.report("r1") == make_report("r1")
    assert store.reports()["n_events"].tolist() == [2]


def test_reingest_same_report_adds_nothing(store):
    store.add_report(make_report("r1"), [make_mention("r1")], _two_events())
    before = _dump(store.path)
    res = store.add_report(make_report("r1"), [make_mention("r1")], _two_events())
    assert (res.added, res.merged, res.unchanged) == (0, 0, 2)
    assert res.event_ids == ["r1-ev1", "r1-ev2"]
    assert _dump(store.path) == before


def test_changed_text_replaces_the_previous_extraction(store):
    store.add_report(make_report("r1"), [make_mention("r1")], _two_events())
    new = make_report("r1", text="Crowds in Almaty marched on the square again, said the police. (r1)")
    res = store.add_report(new, [make_mention("r1")], [make_event("r1", fatalities=1, notes="again")])
    assert res.replaced and res.added == 1 and res.removed == 1
    df = store.events()
    assert df["event_id"].tolist() == ["r1-ev1"]
    assert df.loc[0, "fatalities"] == 1 and df.loc[0, "notes"] == "again"
    assert len(store.mention_records()) == 1
    assert store.report("r1").text.startswith("Crowds in Almaty marched on the square again")
    assert len(store.event("r1-ev1")["sources"]) == 1


def test_events_of_another_report_are_refused(store):
    with pytest.raises(StoreError, match="belongs to report"):
        store.add_report(make_report("r1"), [], [make_event("r2")])
    assert store.summary()["reports"] == 0


def test_add_reports_one_transaction_each(store, monkeypatch):
    items = [(make_report(r), [make_mention(r)], [make_event(r, place=p)])
             for r, p in (("a", AKTOBE), ("b", AKTOBE))]  # fmt: skip
    results = store.add_reports(items)
    assert [r.merged for r in results] == [0, 1]
    assert store.summary()["events"] == 1


# ---------------------------------------------------------------- transactions
def test_interrupted_write_leaves_the_store_exactly_as_before(store, monkeypatch):
    riot = make_event("r0", place=AKTOBE, event_type="Riots", sub_event_type="Violent demonstration")
    store.add_report(make_report("r0"), [make_mention("r0")], [riot])
    before = _dump(store.path)
    calls = {"n": 0}
    real = _ingest.aggregate

    def failing(records):
        calls["n"] += 1
        if calls["n"] == 2:  # the first event is already written in the transaction
            raise RuntimeError("power cut")
        return real(records)

    monkeypatch.setattr(_ingest, "aggregate", failing)
    with pytest.raises(RuntimeError, match="power cut"):
        store.add_report(make_report("r1"), [make_mention("r1")], _two_events())
    assert calls["n"] == 2
    assert _dump(store.path) == before
    monkeypatch.setattr(_ingest, "aggregate", real)
    assert store.add_report(make_report("r1"), [make_mention("r1")], _two_events()).added == 1  # r1-ev2 merges


def test_interrupted_replacement_keeps_the_old_version(store, monkeypatch):
    store.add_report(make_report("r1"), [make_mention("r1")], _two_events())
    before = _dump(store.path)

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(_ingest, "_insert_source", boom)
    with pytest.raises(RuntimeError):
        store.add_report(make_report("r1", text="changed text"), [], [make_event("r1")])
    assert _dump(store.path) == before


def test_killed_process_mid_write_loses_nothing(tmp_path):
    path = tmp_path / "s.gpkg"
    with EventStore(path) as s:
        s.add_report(make_report("r0"), [], [make_event("r0", place=AKTOBE)])
    before = _dump(path)
    code = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(__import__("pathlib").Path(__file__).parent)!r})
        from _factories import make_event, make_report, AKTOBE
        from geodata.store import _ingest, eventstore as m
        real = _ingest.aggregate
        n = [0]
        def die(records):
            n[0] += 1
            if n[0] == 2:
                os._exit(9)  # no cleanup, no rollback: like a crash
            return real(records)
        _ingest.aggregate = die
        s = m.EventStore({str(path)!r})
        s.add_report(make_report("r1"), [], [make_event("r1"), make_event("r1", n=2)])
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 9, proc.stderr
    with EventStore(path) as s:  # recovers the hot journal
        assert s.events()["event_id"].tolist() == ["r0-ev1"]
    assert _dump(path) == before


def test_writes_still_work_when_a_gis_added_an_rtree_index(store):
    store.add_report(make_report("r0"), [], [make_event("r0", place=AKTOBE)])
    with sqlite3.connect(store.path) as c:  # what GDAL/QGIS create for a spatial index
        c.execute("CREATE VIRTUAL TABLE rtree_events_geom USING rtree(id, minx, maxx, miny, maxy)")
        c.execute(
            """CREATE TRIGGER rtree_events_geom_insert AFTER INSERT ON events
               WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
               BEGIN INSERT OR REPLACE INTO rtree_events_geom VALUES (NEW.fid, ST_MinX(NEW.geom),
               ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END"""
        )
    store.add_report(make_report("r1"), [], [make_event("r1")])
    with sqlite3.connect(store.path) as c:
        (row,) = c.execute("SELECT minx, miny FROM rtree_events_geom").fetchall()
    assert row == pytest.approx((76.92861, 43.25667), abs=1e-4)


# ---------------------------------------------------------------- read-only and bulk
def test_read_only_store_reads_but_refuses_writes(tmp_path):
    path = tmp_path / "s.gpkg"
    with EventStore(path) as s:
        s.add_report(make_report("r1"), [], _two_events())
    with EventStore.open_readonly(path) as ro:
        assert len(ro.events()) == 2
        with pytest.raises(StoreError, match="read-only"):
            ro.add_report(make_report("r2"), [], [make_event("r2")])
        with pytest.raises(StoreError, match="read-only"):
            ro.correct("r1-ev1", who="ana", status="verified")


def test_bulk_insert_is_all_or_nothing(store):
    from geodata.store.synthetic import synthetic_events

    evs = synthetic_events(500, seed=3)
    assert store.bulk_insert(evs) == 500
    assert store.count() == 500 and store.summary()["sources"] == 500
    before = _dump(store.path)
    with pytest.raises(StoreError, match="nothing was inserted"):
        store.bulk_insert([*synthetic_events(10, seed=4), evs[0]])
    assert _dump(store.path) == before
    ev = store.event(evs[7].event_id)
    assert ev["location"] == evs[7].location and ev["sources"][0]["report_id"] == evs[7].report_id


def test_summary_and_facets(store):
    store.add_report(make_report("r1"), [make_mention("r1")], _two_events())
    store.add_report(make_report("r2"), [], [make_event("r2", fatalities=4)])
    s = store.summary()
    assert s["events"] == 2 and s["reports"] == 2 and s["sources"] == 3 and s["corroborated"] == 1
    assert s["date_min"] == s["date_max"] == "2022-01-05"
    assert s["countries"] == {"KZ": 2} and s["event_types"] == {"Protests": 1, "Riots": 1}
    assert s["fatalities"] == 0 + 2
    f = store.facets()
    assert f["event_types"] == ["Protests", "Riots"]
    assert f["sub_event_types"]["Riots"] == ["Violent demonstration"]
    assert f["countries"] == ["KZ"] and f["country_names"] == {"KZ": "Kazakhstan"}
    assert f["admin1_by_country"]["KZ"] == ["Aktobe", "Almaty"]
    assert f["actors"] == ["Protesters (Kazakhstan)"]
    store.reject("r1-ev2", who="ana")
    assert store.summary()["events"] == 1  # the cache follows writes
    assert store.summary(include_rejected=True)["events"] == 2


def test_big_bulk_insert_rebuilds_indexes_and_rolls_back_whole(store):
    from geodata.store.synthetic import synthetic_events

    def indexes():
        return sorted(r[0] for r in store._conn.execute("SELECT name FROM sqlite_master WHERE type='index'"))

    before = indexes()
    evs = synthetic_events(6000, seed=8)  # above the size where indexes are dropped and rebuilt
    with pytest.raises(StoreError):
        store.bulk_insert([*evs, evs[0]])
    assert store.count() == 0 and indexes() == before
    assert store.bulk_insert(evs) == 6000 and indexes() == before
    assert store.count(countries="NG") == sum(e.country_code == "NG" for e in evs)


def test_build_sample_store_script(tmp_path):
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "tools" / "build_sample_store.py"
    spec = importlib.util.spec_from_file_location("build_sample_store", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    empty = tmp_path / "none"
    empty.mkdir()
    assert mod.main(["--reports", str(empty), "--out", str(tmp_path / "x.gpkg")]) == 2
    assert not (tmp_path / "x.gpkg").exists()
    samples = mod.DATA / "sample_reports"
    if not any(samples.glob("*.jsonl")):
        pytest.skip("no bundled sample reports (geodata/data/sample_reports/*.jsonl)")
    try:
        mod._processor()
    except SystemExit as exc:
        pytest.skip(str(exc))
    out = tmp_path / "sample.gpkg"
    try:
        assert mod.main(["--reports", str(samples), "--out", str(out)]) == 0
    except Exception as exc:  # the gazetteer may be absent in a bare checkout
        from geodata.exceptions import DataMissingError

        if isinstance(exc, DataMissingError):
            pytest.skip(f"bundled data missing: {exc}")
        raise
    with EventStore.open_readonly(out) as s:
        summary = s.summary()
    assert summary["reports"] >= 1 and summary["events"] >= 1
    assert pyogrio.read_info(out, layer="events")["features"] == summary["events"]
