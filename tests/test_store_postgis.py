"""The PostGIS store backend: the store behaviours on both backends, concurrency, crashes, copy.

The PostGIS half runs against a throwaway cluster (tests/_postgis.py); without PostgreSQL,
PostGIS or the drivers it skips with the reason. All tests here share one xdist group so one
worker owns the cluster.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from _factories import AKTOBE, ALMATY, ZHANAOZEN, make_event, make_mention, make_report

from geodata.exceptions import CorrectionError, StoreError
from geodata.store.eventstore import STORE_EVENT_COLUMNS, EventStore
from geodata.store.filter import EventFilter

pytest_plugins = ["_postgis"]  # the postgis_cluster and postgis_url fixtures
pytestmark = pytest.mark.xdist_group("postgis")

TESTS = Path(__file__).resolve().parent
SAMPLE = TESTS.parent / "geodata" / "data" / "sample_store.gpkg"
LAGOS = {"location": "Lagos", "admin1": "Lagos", "latitude": 6.45407, "longitude": 3.39467, "geonameid": 2332459}


@pytest.fixture(params=["gpkg", "postgis"])
def backend(request):
    """A function opening the test's store (created on first use) on each backend."""
    if request.param == "gpkg":
        location = str(request.getfixturevalue("tmp_path") / "s.gpkg")
    else:
        location = request.getfixturevalue("postgis_url")
    from geodata.store.backends import open_store

    opened = []

    def _open(readonly=False):
        s = open_store(location, readonly=readonly)
        opened.append(s)
        return s

    _open.location = location
    yield _open
    for s in opened:
        s.close()


def _dump(location: str) -> dict[str, list[str]]:
    """Every row of every table of a store, to compare it before and after."""
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location) as c:
            tables = [r[0] for r in c.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                                              " AND tablename != 'spatial_ref_sys' ORDER BY 1")]  # fmt: skip
            return {t: sorted(map(repr, c.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    with sqlite3.connect(location) as c:
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(map(repr, c.execute(f'SELECT * FROM "{t}"'))) for t in tables}


def _two_events(rid="r1"):
    return [make_event(rid), make_event(rid, n=2, place=AKTOBE, event_type="Riots",
                                        sub_event_type="Violent demonstration", fatalities=2)]  # fmt: skip


# ---------------------------------------------------------------- both backends
def test_ingest_stores_everything(backend):
    store = backend()
    res = store.add_report(make_report("r1"), [make_mention("r1")], _two_events())
    assert (res.added, res.merged, res.unchanged, res.replaced) == (2, 0, 0, False)
    df = store.events()
    assert list(df.columns) == list(STORE_EVENT_COLUMNS)
    assert df["event_id"].tolist() == ["r1-ev1", "r1-ev2"]
    assert str(df["fatalities"].dtype) == "Int64" and df["fatalities"].tolist() == [0, 2]
    assert df["event_date"].tolist() == ["2022-01-05"] * 2
    (src,) = store.event("r1-ev1")["sources"]
    assert src["sentence"] == "Crowds in Almaty marched on the square." and src["mention"] == "Almaty"
    assert store.mention_records("r1") == [make_mention("r1")]
    assert store.report("r1") == make_report("r1")
    assert store.reports()["n_events"].tolist() == [2]
    gdf = store.events_gdf(columns=["event_id"])
    assert gdf.crs.to_epsg() == 4326 and gdf.geometry[1].x == AKTOBE["longitude"]


def test_reingest_adds_nothing_and_changed_text_replaces(backend):
    store = backend()
    store.add_report(make_report("r1"), [make_mention("r1")], _two_events())
    before = _dump(backend.location)
    res = store.add_report(make_report("r1"), [make_mention("r1")], _two_events())
    assert (res.added, res.merged, res.unchanged, res.event_ids) == (0, 0, 2, ["r1-ev1", "r1-ev2"])
    assert _dump(backend.location) == before
    new = make_report("r1", text="Crowds in Almaty marched on the square again, said the police. (r1)")
    res = store.add_report(new, [make_mention("r1")], [make_event("r1", fatalities=1, notes="again")])
    assert res.replaced and res.added == 1 and res.removed == 1
    assert store.events()["event_id"].tolist() == ["r1-ev1"] and store.events().loc[0, "notes"] == "again"


def test_merging_is_the_same(backend):
    store = backend()

    def add(rid, **kw):
        return store.add_report(make_report(rid), [], [make_event(rid, **kw)])

    add("r1", fatalities=3)
    res = add("r2", fatalities=7, sub_event_type="Protest with intervention")
    assert (res.added, res.merged, res.event_ids) == (0, 1, ["r1-ev1"])
    assert add("r3", latitude=43.2567, longitude=76.96, geonameid=None).merged == 1  # ~2.5 km away
    assert add("r4", latitude=43.2567, longitude=76.96, geonameid=None, admin1="Almaty Oblysy").added == 1
    assert add("r5", event_type="Riots", sub_event_type="Violent demonstration").added == 1
    assert add("r6", event_date="2022-01-06").added == 1
    row = store.events().set_index("event_id").loc["r1-ev1"]
    assert (row["sources_count"], row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == (3, 0, 0, 7)
    assert row["sub_event_type"] == "Protest with intervention" and row["source"] == "Wire r1; Wire r2; Wire r3"
    assert store.event("r2-ev1")["event_id"] == "r1-ev1"
    store.add_report(make_report("r2", text="A correction: nothing happened."), [], [])
    assert store.events().set_index("event_id").loc["r1-ev1", "sources_count"] == 2


def test_corrections_are_audited_and_survive_reingest(backend):
    store = backend()
    store.add_report(make_report("r1"), [], [make_event("r1"), make_event("r1", n=2, place=AKTOBE)])
    ev = store.correct("r1-ev1", who="ana", note="pin", lat=43.24, lon=76.95, name="Almaty (Medeu)")
    assert (ev["latitude"], ev["longitude"], ev["location"]) == (43.24, 76.95, "Almaty (Medeu)")
    store.correct("r1-ev1", who="ana", note="type", event_type="Riots", sub_event_type="Mob violence")
    store.reject("r1-ev2", who="bo", note="not an event")
    with pytest.raises(CorrectionError, match="sub_event_type"):
        store.correct("r1-ev1", who="ana", event_type="Protests")
    with pytest.raises(CorrectionError, match="no event"):
        store.correct("nope", who="ana", status="verified")
    new_text = make_report("r1", text="Re-sent with a new paragraph. Crowds in Almaty marched on the square.")
    store.add_report(new_text, [], [make_event("r1", fatalities=0), make_event("r1", n=2, place=AKTOBE)])
    df = store.events(include_rejected=True).set_index("event_id")
    assert (df.loc["r1-ev1", "event_type"], df.loc["r1-ev1", "latitude"]) == ("Riots", 43.24)
    assert df.loc["r1-ev2", "status"] == "rejected" and store.events()["event_id"].tolist() == ["r1-ev1"]
    audit = store.audit()
    assert len(audit) == 6 and set(audit["who"]) == {"ana", "bo"}
    lat = audit.set_index("field").loc["latitude"]
    assert (lat["before"], lat["after"], lat["note"]) == (43.25667, 43.24, "pin")
    assert lat["at"].endswith("Z") and len(lat["at"]) == 24
    # the corrected place attracts later reports
    store.correct("r1-ev2", who="ana", status="verified", name=ZHANAOZEN["location"], lat=ZHANAOZEN["latitude"],
                  lon=ZHANAOZEN["longitude"], geonameid=ZHANAOZEN["geonameid"], admin1=ZHANAOZEN["admin1"])  # fmt: skip
    assert store.add_report(make_report("r4"), [], [make_event("r4", place=ZHANAOZEN)]).event_ids == ["r1-ev2"]


def test_failed_write_changes_nothing_and_read_only_refuses(backend, monkeypatch):
    import importlib

    from geodata.store import _pgwrite

    store = backend()
    store.add_report(make_report("r0"), [], [make_event("r0", place=AKTOBE)])
    before = _dump(backend.location)
    calls = {"n": 0}
    real = _pgwrite.aggregate

    def failing(records):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("power cut")
        return real(records)

    for name in ("geodata.store._pgwrite", "geodata.store._ingest", "geodata.store.eventstore"):
        mod = importlib.import_module(name) if importlib.util.find_spec(name) else None
        if mod is not None and hasattr(mod, "aggregate"):
            monkeypatch.setattr(mod, "aggregate", failing)
    with pytest.raises(RuntimeError, match="power cut"):
        store.add_report(make_report("r1"), [], _two_events())
    assert _dump(backend.location) == before
    ro = backend(readonly=True)
    assert len(ro.events()) == 1
    with pytest.raises(StoreError, match="read-only"):
        ro.add_report(make_report("r2"), [], [make_event("r2")])
    with pytest.raises(StoreError, match="read-only"):
        ro.correct("r0-ev1", who="ana", status="verified")


def _query_store(store):
    rows = [
        ("a", ALMATY, "2022-01-04", "Protests", "Peaceful protest", 1, "Protesters (Kazakhstan)", ""),
        ("b", AKTOBE, "2022-01-05", "Riots", "Violent demonstration", 3, "Rioters (Kazakhstan)", "Police Forces of Kazakhstan"),
        ("c", ZHANAOZEN, "2022-01-06", "Protests", "Protest with intervention", 2, "Protesters (Kazakhstan)", "Police Forces of Kazakhstan"),
        ("d", ALMATY, "2022-01-07", "Battles", "Armed clash", 5, "Military Forces of Kazakhstan", "Unidentified Armed Group (Kazakhstan)"),
        ("e", LAGOS, "2022-01-05", "Protests", "Peaceful protest", 1, "Protesters (Nigeria)", ""),
    ]  # fmt: skip
    for rid, place, day, etype, sub, sev, a1, a2 in rows:
        country = ("Nigeria", "NG") if place is LAGOS else ("Kazakhstan", "KZ")
        ev = make_event(rid, place=place, event_date=day, event_type=etype, sub_event_type=sub, severity=sev,
                        actor1=a1, actor2=a2, country=country[0], country_code=country[1],
                        notes=f"Report {rid}: something in {place['location']}.")  # fmt: skip
        store.add_report(make_report(rid, source=f"Wire {rid}; Desk"), [], [ev])
    store.reject("b-ev1", who="qa")


FILTERS = [
    {}, {"date_from": "2022-01-05"}, {"date_to": "2022-01-05"}, {"event_types": ["Riots", "Battles"]},
    {"sub_event_types": ["Peaceful protest"]}, {"min_severity": 3}, {"countries": ["NG"]}, {"countries": "kz"},
    {"countries": ["Nigeria"]}, {"countries": ["Atlantis"]}, {"admin1": ["almaty"]},
    {"actors": ["Police Forces of Kazakhstan"]}, {"text": "ZHANAOZEN"}, {"text": "report b:"}, {"text": "100%_"},
    {"bbox": (50.0, 40.0, 80.0, 55.0)}, {"bbox": (170.0, -90.0, 60.0, 90.0)}, {"report_id": "c"},
    {"include_rejected": True}, {"statuses": ["rejected"]}, {"sources": ["Wire c"]}, {"sources": ["Desk"]},
    {"sources": []}, {"event_ids": ["a-ev1", "e-ev1"]}, {"event_ids": []},
    {"countries": "KZ", "event_types": ["Protests"], "date_to": "2022-01-05"}, {"max_severity": 2},
    {"admin1": ["MANGGHYSTAU", "aktobe"], "include_rejected": True},
]  # fmt: skip


def test_filters_summary_and_facets_equal_on_both_backends(postgis_url, tmp_path):
    from geodata.store.postgis import PostgisStore

    with EventStore(tmp_path / "q.gpkg") as g, PostgisStore(postgis_url) as p:
        _query_store(g)
        _query_store(p)
        for filters in FILTERS:
            a, b = g.events(**filters), p.events(**filters)
            assert b["event_id"].tolist() == a["event_id"].tolist(), filters
            pd.testing.assert_frame_equal(a.drop(columns="updated_at"), b.drop(columns="updated_at"), check_dtype=False)
            assert [str(b[c].dtype) for c in ("fatalities", "geonameid", "inter2")] == ["Int64"] * 3
            assert p.count(**filters) == g.count(**filters) == len(a)
        assert p.events(columns=["event_id", "event_date"], limit=2).equals(g.events(columns=["event_id", "event_date"], limit=2))
        flt = EventFilter.from_kwargs(countries=["kazakhstan"], min_severity=2)
        assert p.events(where=flt)["event_id"].tolist() == g.events(where=flt)["event_id"].tolist() == ["c-ev1", "d-ev1"]
        assert p.count(where=flt) == 2
        for incl in (False, True):
            assert p.summary(include_rejected=incl) == g.summary(include_rejected=incl)
        assert p.facets() == g.facets()
        a, b = g.audit(), p.audit()
        pd.testing.assert_frame_equal(a.drop(columns="at"), b.drop(columns="at"))


def test_bulk_insert_all_or_nothing(backend):
    from geodata.store.synthetic import synthetic_events

    store = backend()
    evs = synthetic_events(300, seed=3)
    assert store.bulk_insert(evs) == 300
    before = _dump(backend.location)
    with pytest.raises(StoreError, match="nothing was inserted"):
        store.bulk_insert([*synthetic_events(10, seed=4), evs[0]])
    assert _dump(backend.location) == before
    assert store.count() == 300 and store.summary()["sources"] == 300
    assert store.count(countries="NG") == sum(e.country_code == "NG" for e in evs)


# ---------------------------------------------------------------- PostGIS only
def test_schema_is_migrated_with_indexes_and_counter(postgis_url):
    import sqlalchemy as sa

    from geodata.store import migrations
    from geodata.store._pgschema import metadata
    from geodata.store.postgis import PostgisStore

    with PostgisStore(postgis_url) as store:
        with store._engine.connect() as conn:
            assert migrations.current(conn) == migrations.HEAD
            insp = sa.inspect(conn)
            for name, table in metadata.tables.items():
                assert [c["name"] for c in insp.get_columns(name)] == [c.name for c in table.columns], name
            kinds = dict(conn.execute(sa.text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('events', 'mentions')")).all())
            srid = conn.execute(sa.text("SELECT Find_SRID('public', 'events', 'geom')")).scalar()
        assert "USING gist (geom)" in kinds["events_geom"] and "events_date" in kinds and srid == 4326
        n0 = store.change_counter()
        store.add_report(make_report("r1"), [], [make_event("r1")])
        assert store.change_counter() == n0 + 1
        store.add_report(make_report("r1"), [], [make_event("r1")])  # unchanged: no write
        assert store.change_counter() == n0 + 1
        store.verify("r1-ev1", who="ana")
        assert store.change_counter() == n0 + 2
        assert store.events(bbox=(76.0, 43.0, 77.0, 44.0))["event_id"].tolist() == ["r1-ev1"]


def test_open_store_picks_the_backend_and_errors_are_clear(postgis_cluster, tmp_path):
    import psycopg

    from geodata.store.backends import open_store
    from geodata.store.postgis import PostgisStore

    with open_store(tmp_path / "x.gpkg") as s:
        assert isinstance(s, EventStore)
    with pytest.raises(StoreError, match="no event store"):
        PostgisStore.open_readonly(postgis_cluster.url("postgres"))
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    with psycopg.connect(postgis_cluster.url(), autocommit=True) as c:  # a plain user, a database without PostGIS
        c.execute("CREATE ROLE clerk LOGIN")
        c.execute("CREATE DATABASE plain TEMPLATE template0 OWNER clerk")
    url = f"postgresql://clerk:hunter2@127.0.0.1:{postgis_cluster.port}/plain"
    proc = subprocess.run([sys.executable, "-m", "geodata.cli", "store", "init", url],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 2
    assert "CREATE EXTENSION postgis" in proc.stderr and "hunter2" not in proc.stderr


def test_a_server_without_postgis_gets_a_clear_error():
    from unittest import mock

    pytest.importorskip("sqlalchemy", reason="sqlalchemy missing: pip install -e '.[team]'")
    from geodata.store._pgsetup import _extensions

    conn = mock.MagicMock()
    conn.execute.return_value.scalars.return_value = ["plpgsql", "pg_trgm"]
    conn.execute.return_value.scalar_one.return_value = "150004"
    with pytest.raises(StoreError, match=r"PostGIS is not installed .* postgresql-15-postgis-3"):
        _extensions(conn, "postgresql://ana@db/unrest")
    with pytest.raises(StoreError, match="not a PostgreSQL URL"):
        open_store_url("postgresql://ana@db:port/unrest")


def open_store_url(url):
    from geodata.store.backends import open_store

    return open_store(url)


def test_four_concurrent_writers_equal_a_sequential_geopackage_run(postgis_url, tmp_path):
    import _pg_workers as w

    from geodata.store.postgis import PostgisStore

    plan = w.workload()
    with PostgisStore(postgis_url) as pg, EventStore(tmp_path / "seq.gpkg") as seq:
        for report, events in w.base_reports():
            pg.add_report(report, [], events)
            seq.add_report(report, [], events)
        for k, ops in enumerate(plan):  # sequential: one worker's operations after another's
            w.run_ops(seq, ops, who=f"w{k}")
        ctx = multiprocessing.get_context("fork")
        barrier = ctx.Barrier(w.WORKERS)
        procs = [ctx.Process(target=w.worker, args=(postgis_url, ops, f"w{k}", barrier)) for k, ops in enumerate(plan)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=120)
        assert [p.exitcode for p in procs] == [0] * w.WORKERS
        got, want = w.canonical(pg), w.canonical(seq)
        assert got["reports"] == want["reports"]
        assert got["audit"] == want["audit"]
        assert got["events"] == want["events"]
        for i in range(36):  # each event told by 2-3 reports at once: one event with all its sources
            tellers = {(f"c{i:03d}r{j}", f"c{i:03d}r{j}-ev1") for j in range(3 if i % 3 == 0 else 2)}
            assert sum(tellers <= key for key in got["events"]) == 1
        assert pg.summary() == seq.summary()


_KILL = """
import sys, time
sys.path.insert(0, {tests!r})
from _factories import make_event, make_mention, make_report
from geodata.store import _pgwrite
from geodata.store.postgis import PostgisStore
real, n = _pgwrite.aggregate, [0]
def stall(records):
    n[0] += 1
    if n[0] == 2:  # the first event and the mentions are written, uncommitted
        print("mid-transaction", flush=True)
        time.sleep(600)
    return real(records)
_pgwrite.aggregate = stall
PostgisStore({url!r}).add_report(make_report("r1"), [make_mention("r1")],
                                 [make_event("r1"), make_event("r1", n=2, latitude=43.3)])
"""


def test_sigkilled_ingest_leaves_the_store_as_before_and_a_rerun_completes(postgis_url):
    from geodata.store.postgis import PostgisStore

    with PostgisStore(postgis_url) as store:
        store.add_report(make_report("r0"), [], [make_event("r0", place=AKTOBE)])
    before = _dump(postgis_url)
    code = textwrap.dedent(_KILL.format(tests=str(TESTS), url=postgis_url))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "mid-transaction", proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert _dump(postgis_url) == before
    with PostgisStore(postgis_url) as store:  # waits for the dead writer's locks, then completes
        res = store.add_report(make_report("r1"), [make_mention("r1")],
                               [make_event("r1"), make_event("r1", n=2, latitude=43.3)])  # fmt: skip
        assert (res.added, res.merged) == (2, 0)
        assert sorted(store.events()["event_id"]) == ["r0-ev1", "r1-ev1", "r1-ev2"]
        assert len(store.mention_records()) == 1


def test_store_copy_round_trips_the_sample_with_every_row_and_geometry(postgis_url, tmp_path):
    import shutil

    from geodata.cli import main

    if not SAMPLE.is_file():
        pytest.skip("no bundled sample store")
    src = tmp_path / "sample.gpkg"
    shutil.copyfile(SAMPLE, src)
    with EventStore(src) as s:  # corrections and overrides travel too
        first = s.events()["event_id"].iloc[0]
        s.correct(first, who="ana", note="moved", lat=10.5, lon=20.25)
        s.reject(s.events()["event_id"].iloc[1], who="bo")
    back = tmp_path / "back.gpkg"
    assert main(["store", "copy", str(src), postgis_url]) == 0
    assert main(["store", "copy", postgis_url, str(back)]) == 0
    a, b = _dump(str(src)), _dump(str(back))
    for meta in ("gpkg_contents", "sqlite_sequence"):  # change stamps; the next free fid of each table
        a.pop(meta), b.pop(meta)
    assert a == b
    assert main(["store", "copy", str(src), postgis_url]) == 2  # not empty: refused
    assert main(["store", "info", postgis_url]) == 0
    with EventStore.open_readonly(back) as s:
        assert s.event(first)["latitude"] == 10.5 and len(s.audit()) == 3
