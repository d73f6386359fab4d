"""Ingest throughput of the event store with 1 and 4 concurrent writers: PostGIS beside the
GeoPackage (the baseline).

    python tools/bench_store_ingest.py --server postgresql://postgres@127.0.0.1:5432/postgres \\
        [--reports 400] [--writers 1 4]

The workload: ``--reports`` synthetic reports (:func:`geodata.store.synthetic.synthetic_events`,
no real text) of 3 events each, every event told by two reports (so half the events merge).
For each writer count, a new store (a new database on ``--server``, created and dropped by the
script; a new GeoPackage in a temporary folder) gets the reports through ``add_report``, split
round-robin between that many processes which start together. Prints reports/s and events/s
(wall time from the start signal to the last writer's end) and checks that every run stored
the same number of events and sources.

Not part of the test suite.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geodata.model import Event, Report
from geodata.store.backends import open_store
from geodata.store.synthetic import synthetic_events

PER_REPORT = 3


def workload(n_reports: int, seed: int = 7) -> list[tuple[Report, list[Event]]]:
    """Reports of 3 events each; every event is in two reports."""
    base = synthetic_events(n_reports * PER_REPORT // 2, seed=seed)
    out = []
    for r in range(n_reports):
        rid = f"bench{r:05d}"
        evs = []
        for j in range(PER_REPORT):
            src = base[(r * PER_REPORT + j) % len(base)]
            evs.append(replace(src, event_id=f"{rid}-ev{j + 1}", report_id=rid, source=f"Bench wire {r % 7}"))
        text = f"Synthetic benchmark report {rid}."
        out.append((Report(id=rid, text=text, source=f"Bench wire {r % 7}"), evs))
    return out


def _writer(location: str, items: list[tuple[Report, list[Event]]], barrier: Any, errors: Any) -> None:
    with open_store(location) as store:
        barrier.wait(timeout=120)
        try:
            for report, events in items:
                store.add_report(report, [], events)
        except Exception as exc:
            errors.put(str(exc).splitlines()[0])
            raise SystemExit(3) from None


def run(location: str, items: list[tuple[Report, list[Event]]], writers: int) -> tuple[float, dict[str, Any]]:
    """Seconds to ingest ``items`` with ``writers`` processes, and the store's counts (or the
    first writer's error)."""
    open_store(location).close()  # create the schema before the clock starts
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(writers + 1)
    errors = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(location, items[k::writers], barrier, errors)) for k in range(writers)]
    for p in procs:
        p.start()
    barrier.wait(timeout=120)
    start = time.perf_counter()
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    if any(p.exitcode for p in procs):
        return elapsed, {"failed": errors.get(timeout=10)}
    with open_store(location, readonly=True) as store:
        s = store.summary(include_rejected=True)
    return elapsed, {"events": s["events"], "sources": s["sources"], "reports": s["reports"]}


def _database(server: str, name: str, create: bool) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # our own fixed name
        if create:
            conn.execute(f"CREATE DATABASE {name}")
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--server", required=True, help="postgresql:// URL of a database whose user may create databases")
    p.add_argument("--reports", type=int, default=400)
    p.add_argument("--writers", type=int, nargs="+", default=[1, 4])
    args = p.parse_args(argv)
    items = workload(args.reports)
    n_events = sum(len(e) for _, e in items)
    print(f"{args.reports} reports, {n_events} events (each event in two reports)")
    print(f"{'backend':<11} {'writers':>7} {'seconds':>8} {'reports/s':>10} {'events/s':>9}  stored")
    counts = set()
    with tempfile.TemporaryDirectory() as tmp:
        for writers in args.writers:
            for backend in ("geopackage", "postgis"):
                if backend == "postgis":
                    location = _database(args.server, f"ua_bench_{writers}", create=True)
                else:
                    location = str(Path(tmp) / f"bench_{writers}.gpkg")
                secs, stored = run(location, items, writers)
                if "failed" not in stored:
                    counts.add(tuple(stored.items()))
                print(f"{backend:<11} {writers:>7} {secs:>8.2f} {args.reports / secs:>10.1f}"
                      f" {n_events / secs:>9.1f}  {stored}")  # fmt: skip
                if backend == "postgis":
                    _database(args.server, f"ua_bench_{writers}", create=False)
    if len(counts) != 1:
        print("runs stored different counts:", counts)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
