#!/usr/bin/env python3
"""Benchmark ``unrest-atlas batch`` (issue 14): reports/s and words/s with 1 and 2 Dask workers,
beside ``unrest-atlas geocode`` on the same archive in the same run; peak memory per worker.

    python tools/bench_batch.py [--reports N] [--partition-size K] [--workers 1 2]

The archive: N reports in one JSONL file, a third the public corpora's article texts
(``../shared/benchmarks/*.jsonl``, read at run time, never copied; given new ids), the rest
the project's own wording (templates below, varied). Timings:

- ``geocode``: :func:`geodata.cli.main` in this process (``--out EVENTS.csv``), after a warm-up
  call (gazetteer and model loaded), as ``tools/bench_geocode.py`` does;
- ``batch``: :func:`geodata.batch.run_batch` on a fresh ``LocalCluster`` of N worker processes
  (1 thread each), timed after every worker is warm (its start and warm-up printed apart);
  peak resident memory of each worker (``ru_maxrss``) read from the workers at the end.

The machine may be shared: the load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CORPORA = ROOT.parent / "shared" / "benchmarks"
_PLACES = ["Almaty", "Nairobi", "Lagos", "Karachi", "Lima", "Dhaka", "Khartoum", "Quito", "Kampala",
           "Yangon", "Tunis", "Harare", "Bogota", "Manila", "Caracas", "Beirut", "Dakar", "Tbilisi"]
_TEMPLATES = [
    "Police used water cannon on {n} demonstrators outside parliament in {p} on {d}.",
    "Nurses in {p} walked out for a second day over unpaid overtime, their union said.",
    "An explosion at a checkpoint near {p} killed {k} soldiers on {d}, officials said.",
    "Armed men raided a village south of {p} and abducted {k} residents overnight.",
    "Youths burned tyres and blocked roads across {p} after fuel prices doubled.",
    "The mayor of {p} unveiled plans for a new tram line at a news conference.",
    "Opposition supporters rallied peacefully in central {p}, calling for early elections.",
    "Fighting between two armed groups near {p} forced hundreds of families to flee.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def archive(path: Path, n: int, seed: int = 1) -> int:
    """Write ``n`` reports to ``path``; returns the number of corpus texts among them."""
    rnd = random.Random(seed)
    corpus: list[str] = []
    for f in sorted(CORPORA.glob("*.jsonl")) if CORPORA.is_dir() else []:
        with f.open(encoding="utf-8") as fh:
            corpus.extend(json.loads(line)["text"] for line in fh if line.strip())
    used = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            if corpus and i % 3 == 0:
                text = corpus[(i // 3) % len(corpus)]
                used += 1
            else:
                text = " ".join(rnd.choice(_TEMPLATES).format(
                    p=rnd.choice(_PLACES), d=rnd.choice(_DAYS), n=rnd.randint(20, 900),
                    k=rnd.randint(1, 40)) for _ in range(rnd.randint(1, 4)))
            out.write(json.dumps({"id": f"a{i}", "text": text, "published": "2024-05-01"}) + "\n")
    return used


def bench_geocode(src: Path, tmp: Path) -> tuple[float, float]:
    from geodata.cli import main

    warm = tmp / "warm.jsonl"
    warm.write_text(json.dumps({"id": "w", "text": "Riot in Almaty."}) + "\n", encoding="utf-8")
    with contextlib.redirect_stderr(io.StringIO()):
        main(["geocode", str(warm), "--out", str(tmp / "w.csv"), "--no-progress"])
        t, c = time.perf_counter(), _cpu()
        main(["geocode", str(src), "--out", str(tmp / "geocode.csv"), "--no-progress"])
    return time.perf_counter() - t, _cpu() - c


def _warm() -> float:
    t = time.perf_counter()
    from geodata.batch import Options, worker_geoparser
    from geodata.model import Report
    from geodata.pipeline import process_report

    process_report(Report("w", "Riot in Almaty."), geoparser=worker_geoparser(Options()))
    return time.perf_counter() - t


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def bench_batch(src: Path, tmp: Path, workers: int, size: int) -> dict[str, Any]:
    import distributed

    from geodata.batch import Layout, run_batch

    dask: Any = distributed  # untyped library

    t0 = time.perf_counter()
    with dask.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster, \
            dask.Client(cluster) as client:
        client.run(_warm)
        start = time.perf_counter() - t0
        cpu0 = client.run(_cpu)
        t = time.perf_counter()
        tally = run_batch([src], client, Layout(events=str(tmp / f"ev{workers}")),
                          partition_size=size, quiet=True)
        secs = time.perf_counter() - t
        cpu = sum(v - cpu0[k] for k, v in client.run(_cpu).items())
        peaks = sorted(client.run(_peak_mb).values())
    return {"secs": secs, "cpu": cpu, "start": start, "peaks": peaks, "reports": tally.reports,
            "words": tally.words}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=3000)
    ap.add_argument("--partition-size", type=int, default=100)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_batch.") as d:
        tmp = Path(d)
        src = tmp / "archive.jsonl"
        used = archive(src, args.reports)
        words = sum(len(json.loads(line)["text"].split()) for line in src.open(encoding="utf-8"))
        print(f"archive: {args.reports} reports ({used} corpus texts), {words} words; "
              f"partitions of {args.partition_size}; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.1f}")
        g, gcpu = bench_geocode(src, tmp)
        print("| run | wall s | reports/s | words/s | speed-up | CPU s (workers) | reports per "
              "CPU s | start+warm s | peak MB/worker |")
        print("|---|---|---|---|---|---|---|---|---|")
        print(f"| geocode (1 process) | {g:.1f} | {args.reports / g:.1f} | {words / g:,.0f} | 1.00 "
              f"| {gcpu:.1f} | {args.reports / gcpu:.1f} | - | {_peak_mb():.0f} (this process) |",
              flush=True)
        for n in args.workers:
            r = bench_batch(src, tmp, n, args.partition_size)
            assert r["reports"] == args.reports, r
            print(f"| batch, {n} worker{'s' if n > 1 else ''} | {r['secs']:.1f} | "
                  f"{args.reports / r['secs']:.1f} | {words / r['secs']:,.0f} | "
                  f"{g / r['secs']:.2f} | {r['cpu']:.1f} | {args.reports / r['cpu']:.1f} | "
                  f"{r['start']:.1f} | "
                  f"{', '.join(f'{p:.0f}' for p in r['peaks'])} |", flush=True)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
