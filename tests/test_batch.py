"""``unrest-atlas batch`` on a LocalCluster of 2 worker processes: the same events and mentions
as ``geocode``, whatever the partitioning, with a worker killed mid-run, and on a re-run."""

from __future__ import annotations

import json
import os
import random
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")

from geodata.batch import (  # noqa: E402
    Layout,
    PartitionSummary,
    partition_files,
    read_events_dataset,
    read_mentions_dataset,
    run_batch,
)
from geodata.cli import main  # noqa: E402
from geodata.exceptions import ExportError  # noqa: E402
from geodata.io.files import read_events, read_mentions  # noqa: E402
from geodata.store.eventstore import EventStore  # noqa: E402

pytest_plugins = ["_postgis"]  # the postgis_cluster and postgis_url fixtures
pytestmark = pytest.mark.xdist_group("dask")

LGL = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "lgl.jsonl"

# Own wording (never copied from any corpus): varied unrest reports and non-events.
_PLACES = ["Almaty", "Aktobe", "Nairobi", "Mombasa", "Lagos", "Kano", "Karachi", "Lahore", "Lima",
           "Cusco", "Bogota", "Medellin", "Dhaka", "Chittagong", "Khartoum", "Omdurman", "Quito",
           "Kampala", "Gulu", "Mandalay", "Yangon", "Tunis", "Sfax", "La Paz", "Harare"]
_TEMPLATES = [
    "Police fired tear gas at {n} protesters who gathered outside the governor's office in {p} "
    "on {d}, witnesses said.",
    "Hundreds of teachers marched through central {p} on {d} to demand unpaid salaries.",
    "A roadside bomb exploded near a market in {p} on {d}, killing {k} people and wounding {w}.",
    "Gunmen attacked a police post on the outskirts of {p} overnight; {k} officers died.",
    "Rioters set fire to two buses in {p} after a disputed election result was announced.",
    "Soldiers clashed with rebel fighters near {p} on {d}. The army said {k} militants were killed.",
    "Students staged a sit-in at the university in {p} against a rise in tuition fees.",
    "The city council of {p} approved a new budget for road repairs on {d}.",
    "Traders in {p} closed their shops for a day in protest at new taxes, a union leader said.",
    "Security forces arrested {n} demonstrators in {p} on {d} after a rally turned violent.",
    "Farmers blocked the main highway into {p} with tractors, demanding lower fuel prices.",
    "A new bridge linking {p} to the airport opened to traffic this week.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def own_reports(n: int, seed: int = 14) -> list[dict[str, Any]]:
    """``n`` varied reports of one to three sentences, from the templates above."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        sentences = []
        for _ in range(rnd.randint(1, 3)):
            t = rnd.choice(_TEMPLATES)
            sentences.append(t.format(p=rnd.choice(_PLACES), d=rnd.choice(_DAYS),
                                      n=rnd.choice([12, 40, 200, "dozens of"]),
                                      k=rnd.randint(1, 30), w=rnd.randint(2, 60)))
        pub = f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        out.append({"id": f"own-{i}", "text": " ".join(sentences), "published": pub})
    return out


def write_input(path: Path, rows: list[dict[str, Any]], bad_lines: bool = True) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    if bad_lines:
        lines.insert(7, "this line is not JSON")
        lines.insert(20, json.dumps({"id": "no-text"}))
        lines.append(json.dumps(rows[3]))  # a repeated id: kept as own-3~2, as geocode does
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def client() -> Any:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address="127.0.0.1:0")
    with cluster, distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def own_input(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any], list[Any], str]:
    """100 own reports with bad lines, and what geocode makes of them (run once)."""
    import contextlib
    import io

    tmp = tmp_path_factory.mktemp("own")
    src = write_input(tmp / "own.jsonl", own_reports(100))
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        events, mentions = geocode(tmp, src)
    return src, events, mentions, err.getvalue()


def geocode(tmp: Path, src: Path) -> tuple[list[Any], list[Any]]:
    ev, mn = tmp / "geocode_events.geojson", tmp / "geocode_mentions.geojson"
    main(["geocode", str(src), "--out", str(ev), "--mentions", str(mn), "--no-progress"])
    return read_events(ev), read_mentions(mn)


def test_batch_cli_equals_geocode_own_reports(tmp_path: Path, client: Any, own_input: Any,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    src, events, mentions, geocode_err = own_input
    capsys.readouterr()
    assert len(events) > 50 and len(mentions) > 100
    code = main(["batch", str(src), "--out", str(tmp_path / "ev"), "--mentions",
                 str(tmp_path / "mn"), "--scheduler", client.scheduler.address,
                 "--partition-size", "7", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1  # the bad lines were skipped, as geocode does
    for where in (f"{src}:8: malformed JSON", f"{src}:21: no 'text'"):
        assert where in err and where in geocode_err
    assert "kept as 'own-3~2'" in err
    assert read_events_dataset(tmp_path / "ev") == events
    assert read_mentions_dataset(tmp_path / "mn") == mentions
    assert len(partition_files(tmp_path / "ev")) == 15  # 101 reports in partitions of 7


@pytest.mark.skipif(not LGL.exists(), reason="../shared/benchmarks/lgl.jsonl not here")
def test_batch_equals_geocode_on_real_text(tmp_path: Path, client: Any) -> None:
    rows = []
    with LGL.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            rows.append({"id": d["id"], "text": d["text"]})
            if len(rows) == 100:
                break
    src = write_input(tmp_path / "lgl.jsonl", rows, bad_lines=False)
    events, mentions = geocode(tmp_path, src)
    tally = run_batch([src], client, Layout(events=str(tmp_path / "ev"),
                                            mentions=str(tmp_path / "mn")),
                      partition_size=13, quiet=True)
    assert tally.reports == 100 and not tally.problems
    assert read_events_dataset(tmp_path / "ev") == events
    assert read_mentions_dataset(tmp_path / "mn") == mentions


def _store_rows(path: Path) -> tuple[list[dict[str, Any]], list[Any]]:
    with EventStore(path) as store:
        frame = store.events()
        keep = [c for c in frame.columns if c not in ("updated_at", "created_at", "geometry")]
        rows = frame[keep].astype(object).where(frame[keep].notna(), None).to_dict("records")
        return rows, store.mention_records()


def test_batch_store_equals_geocode_store(tmp_path: Path, client: Any) -> None:
    rows = own_reports(40, seed=3)
    rows += [dict(r, id=f"{r['id']}-again") for r in rows[:10]]  # the same events again: merged
    src = write_input(tmp_path / "own.jsonl", rows)
    main(["geocode", str(src), "--store", str(tmp_path / "a.gpkg"), "--no-progress"])
    code = main(["batch", str(src), "--store", str(tmp_path / "b.gpkg"), "--scheduler",
                 client.scheduler.address, "--partition-size", "6", "--no-progress"])
    assert code == 1
    a_events, a_mentions = _store_rows(tmp_path / "a.gpkg")
    b_events, b_mentions = _store_rows(tmp_path / "b.gpkg")
    assert len(a_events) > 20
    assert b_events == a_events
    assert b_mentions == a_mentions


def test_rerun_skips_finished_partitions(tmp_path: Path, client: Any) -> None:
    src = write_input(tmp_path / "own.jsonl", own_reports(30, seed=5), bad_lines=False)
    layout = Layout(events=str(tmp_path / "ev"), mentions=str(tmp_path / "mn"))
    first = run_batch([src], client, layout, partition_size=10, quiet=True)
    assert (first.partitions, first.skipped_partitions, first.reports) == (3, 0, 30)
    events = read_events_dataset(tmp_path / "ev")
    stamps = {p.name: p.stat().st_mtime_ns for p in partition_files(tmp_path / "ev")}
    (tmp_path / "ev" / "part-000001.parquet").unlink()  # as if interrupted there
    second = run_batch([src], client, layout, partition_size=10, quiet=True)
    assert (second.partitions, second.skipped_partitions, second.reports) == (3, 2, 10)
    after = {p.name: p.stat().st_mtime_ns for p in partition_files(tmp_path / "ev")}
    assert after["part-000000.parquet"] == stamps["part-000000.parquet"]
    assert after["part-000002.parquet"] == stamps["part-000002.parquet"]
    assert read_events_dataset(tmp_path / "ev") == events
    code = main(["batch", str(src), "--out", str(tmp_path / "ev"), "--scheduler",
                 client.scheduler.address, "--partition-size", "5", "--no-progress"])
    assert code == 2  # another partitioning would name other reports: refused
    other = write_input(tmp_path / "other.jsonl", own_reports(30, seed=6), bad_lines=False)
    with pytest.raises(ExportError, match="other inputs"):
        run_batch([other], client, layout, partition_size=10, quiet=True)
    assert read_events_dataset(tmp_path / "ev") == events  # nothing skipped wrongly or written


def test_dataset_reads_as_one_table(tmp_path: Path, client: Any) -> None:
    """A partition without events (or with a column all missing) has the same schema as the
    others: the folder reads as one table with geopandas."""
    import geopandas as gpd

    quiet = [{"id": f"q{i}", "text": f"A new bridge linking {p} to the airport opened this week."}
             for i, p in enumerate(["Lima", "Quito", "Tunis"])]
    src = write_input(tmp_path / "in.jsonl", quiet + own_reports(6, seed=2), bad_lines=False)
    run_batch([src], client, Layout(events=str(tmp_path / "ev")), partition_size=3, quiet=True)
    events = read_events_dataset(tmp_path / "ev")
    assert events and not any(e.report_id.startswith("q") for e in events)
    table = gpd.read_parquet(tmp_path / "ev")
    assert list(table["event_id"]) == [e.event_id for e in events]
    assert str(table.crs.to_epsg()) == "4326"


# ---------------------------------------------------------------- Parquet datasets as input
def _parquet(path: Path, rows: list[dict[str, Any]], row_group_size: int | None = None) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group_size)
    return path


def test_batch_on_a_parquet_dataset_equals_geocode_on_its_jsonl(tmp_path: Path, client: Any,
                                                                capsys: pytest.CaptureFixture[str]
                                                                ) -> None:
    """A folder of Parquet files (Hive-style sub-folders, read in path order) gives what
    geocode gives on the same reports as JSONL; bad rows are reported by file and row."""
    rows = own_reports(36, seed=8)
    write_input(tmp_path / "same.jsonl", rows, bad_lines=False)
    events, mentions = geocode(tmp_path, tmp_path / "same.jsonl")
    ds = tmp_path / "ds"
    bad = [{"id": "x1", "text": None, "published": "2024-01-02"},
           {"id": "", "text": "Police arrested three men in Lima.", "published": "2024-01-02"},
           {"id": "x3", "text": "Riot in Quito.", "published": "2024-13-45"}]
    first = _parquet(ds / "month=01" / "a.parquet", rows[:10] + bad + rows[10:20], 4)
    _parquet(ds / "month=02" / "b.parquet", rows[20:], 5)
    _parquet(ds / "month=03" / "notes.parquet", [{"id": "n", "body": "no text column"}])
    capsys.readouterr()
    code = main(["batch", str(ds), "--out", str(tmp_path / "ev"), "--mentions",
                 str(tmp_path / "mn"), "--scheduler", client.scheduler.address,
                 "--partition-size", "8", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 1
    for where in (f"{first}: row 11: no 'text'", f"{first}: row 12: no 'id'",
                  f"{first}: row 13: 'published' '2024-13-45' is not a date",
                  f"{ds / 'month=03' / 'notes.parquet'}: no 'text' column"):
        assert where in err, (where, err)
    assert read_events_dataset(tmp_path / "ev") == events
    assert read_mentions_dataset(tmp_path / "mn") == mentions


def test_parquet_rows_typed_columns_and_ids_seen_before(tmp_path: Path) -> None:
    """Integer ids, date and timestamp columns; an id seen before (in JSONL or Parquet) is kept
    as ID~2 as geocode does; a JSONL-only input reads exactly as geocode reads it."""
    import datetime as dt

    from geodata.batch import read_inputs
    from geodata.io.reports import read_reports

    f = _parquet(tmp_path / "t.parquet", [
        {"id": 7, "text": "Riot in Sfax.", "published": dt.date(2023, 5, 1), "title": "T"},
        {"id": 8, "text": "Strike in Gulu.", "published": None, "title": None}])
    g = _parquet(tmp_path / "u.parquet", [
        {"id": "a", "text": "Rally in Kano.", "published": dt.datetime(2023, 5, 2, 23, 30)}])
    src = write_input(tmp_path / "j.jsonl", own_reports(12, seed=1))
    got = list(read_inputs([src, f, g, src], published=dt.date(2020, 1, 1)))
    assert [(r.id, r.published, r.title) for r in got[-16:-13]] == [
        ("7", dt.date(2023, 5, 1), "T"), ("8", dt.date(2020, 1, 1), None),
        ("a", dt.date(2023, 5, 2), None)]
    assert got[-1].id == "own-3~4"  # fourth time: twice in the first file, then again
    plain, ours = [], []
    assert [(r.id, r.text) for r in read_inputs([src], problems=ours)] == [
        (r.id, r.text) for r in read_reports([src], problems=plain)]
    assert [str(p) for p in ours] == [str(p) for p in plain] and len(ours) == 2


def test_parquet_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """A 40 MB file of 20 row groups is read a batch at a time: Arrow never holds more than a
    few row groups (it would hold the whole file if read as one table)."""
    import pyarrow as pa

    from geodata.batch import read_parquet_reports

    text = "Protesters marched through the centre of Lima. " * 40  # ~2 kB
    f = _parquet(tmp_path / "big.parquet",
                 [{"id": i, "text": f"{i} {text}"} for i in range(20_000)], 1000)
    peak, n = 0, 0
    base = pa.total_allocated_bytes()
    for _report in read_parquet_reports(f, None, []):
        n += 1
        if n % 250 == 0:
            peak = max(peak, pa.total_allocated_bytes() - base)
    assert n == 20_000
    assert peak < 12_000_000, peak


def _worker_killer(client: Any, killed: list[int]) -> Callable[[PartitionSummary], None]:
    """An ``on_partition`` hook that SIGKILLs one worker process (the first by address) when
    the first partition finishes, and records its pid in ``killed``; then does nothing."""

    def kill_one(summary: PartitionSummary) -> None:
        if killed:
            return
        address = sorted(client.scheduler_info()["workers"])[0]
        pid = client.run(os.getpid, workers=[address])[address]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    return kill_one


def test_killed_worker_loses_nothing(tmp_path: Path, client: Any, own_input: Any) -> None:
    """Runs last (it restarts a worker): one worker process is SIGKILLed after the first
    partition finishes; Dask reruns its tasks elsewhere and the output is the same."""
    src, events, mentions, _ = own_input
    killed: list[int] = []
    kill_one = _worker_killer(client, killed)
    tally = run_batch([src], client, Layout(events=str(tmp_path / "ev"),
                                            mentions=str(tmp_path / "mn")),
                      partition_size=5, quiet=True, on_partition=kill_one)
    assert killed
    # a partition the killed worker had already written is found done and skipped on the
    # retry: its reports are not processed twice
    assert tally.partitions == 21 and len(tally.problems) == 2
    assert tally.reports + 5 * tally.skipped_partitions >= 101 >= tally.reports
    assert read_events_dataset(tmp_path / "ev") == events
    assert read_mentions_dataset(tmp_path / "mn") == mentions



# ---------------------------------------------------------------- PostGIS store as the sink
@pytest.fixture(scope="module")
def store_input(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """51 own reports (10 telling events again: merged) with bad lines, and the GeoPackage
    store geocode makes of them (run once)."""
    import contextlib
    import io

    tmp = tmp_path_factory.mktemp("store")
    rows = own_reports(40, seed=3)
    rows += [dict(r, id=f"{r['id']}-again") for r in rows[:10]]
    src = write_input(tmp / "own.jsonl", rows)
    with contextlib.redirect_stderr(io.StringIO()):
        main(["geocode", str(src), "--store", str(tmp / "geocode.gpkg"), "--no-progress"])
    return src, tmp / "geocode.gpkg"


def _records(frame: Any, drop: str) -> list[dict[str, Any]]:
    """Rows with every missing value as None (the backends' dtypes differ for empty columns)."""
    frame = frame.drop(columns=drop).astype(object)
    return list(frame.where(frame.notna(), None).to_dict("records"))


def _assert_same_store(gpkg: Path, url: str) -> None:
    from geodata.store.postgis import PostgisStore

    with EventStore(gpkg) as g, PostgisStore(url) as p:
        a = g.events()
        assert len(a) > 20
        assert _records(p.events(), "updated_at") == _records(a, "updated_at")
        assert p.mention_records() == g.mention_records()
        assert _records(p.reports(), "ingested_at") == _records(g.reports(), "ingested_at")
        merged = [e for e in a["event_id"] if len(g.event(e)["sources"]) > 1]
        assert merged  # the reports told again were merged, not stored twice
        for eid in merged:
            assert ([s["report_id"] for s in p.event(eid)["sources"]]
                    == [s["report_id"] for s in g.event(eid)["sources"]])


def _markers(url: str) -> list[int]:
    import psycopg

    with psycopg.connect(url) as conn:
        return [r[0] for r in conn.execute("SELECT number FROM batch_partitions ORDER BY number")]


def test_batch_into_postgis_equals_geocode_into_geopackage(
        client: Any, store_input: tuple[Path, Path], postgis_url: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Workers write each partition in one transaction, in input order: the PostGIS store is
    the GeoPackage store geocode makes (same event ids, merges, mentions, reports). A re-run
    skips every partition and changes nothing."""
    src, gpkg = store_input
    args = ["batch", str(src), "--store", postgis_url, "--scheduler", client.scheduler.address,
            "--partition-size", "6", "--no-progress"]
    capsys.readouterr()
    assert main(args) == 1  # the bad lines
    err = capsys.readouterr().err
    assert f"{src}:8: malformed JSON" in err and "51 reports stored" in err
    _assert_same_store(gpkg, postgis_url)
    assert _markers(postgis_url) == list(range(9))
    assert main(args) == 1
    assert "9 finished before" in capsys.readouterr().err
    _assert_same_store(gpkg, postgis_url)


def test_batch_into_postgis_with_a_killed_worker(
        client: Any, store_input: tuple[Path, Path], postgis_url: str) -> None:
    """A worker SIGKILLed mid-run (its uncommitted partition rolled back by PostgreSQL, its
    tasks run again elsewhere): the store is still exactly geocode's."""
    src, gpkg = store_input
    killed: list[int] = []
    kill_one = _worker_killer(client, killed)
    tally = run_batch([src], client, store_url=postgis_url, partition_size=4, quiet=True,
                      on_partition=kill_one)
    assert killed and tally.partitions == 13
    assert tally.stored + 4 * tally.skipped_partitions >= 51 >= tally.stored
    _assert_same_store(gpkg, postgis_url)
    assert _markers(postgis_url) == list(range(13))


def test_batch_into_postgis_unordered(client: Any, store_input: tuple[Path, Path],
                                      postgis_url: str) -> None:
    """--unordered: partitions written concurrently in any order. Every report, mention and
    event account is stored once (merges may pick another report's event id than geocode)."""
    import psycopg

    src, gpkg = store_input
    assert main(["batch", str(src), "--store", postgis_url, "--scheduler",
                 client.scheduler.address, "--partition-size", "5", "--unordered",
                 "--no-progress"]) == 1
    with EventStore(gpkg) as g:
        reports = sorted(g.reports()["report_id"])
        mentions = sorted(repr(m.to_dict()) for m in g.mention_records())
        accounts = sum(len(g.event(e)["sources"]) for e in g.events()["event_id"])
    with psycopg.connect(postgis_url) as conn:
        got = sorted(r[0] for r in conn.execute("SELECT report_id FROM reports"))
        n_sources = conn.execute("SELECT count(*) FROM event_sources").fetchone()
    from geodata.store.postgis import PostgisStore

    with PostgisStore(postgis_url) as p:
        assert sorted(repr(m.to_dict()) for m in p.mention_records()) == mentions
    assert got == reports
    assert n_sources is not None and n_sources[0] == accounts
    assert _markers(postgis_url) == list(range(11))
