#!/usr/bin/env python3
"""Benchmark ``unrest-atlas batch`` (issue 14): reports/s and words/s with 1 and 2 Dask workers,
beside ``unrest-atlas geocode`` on the same archive in the same run; peak memory per worker.

    python tools/bench_batch.py --size ci       # 3,000 reports: geocode, batch with 1 and 2 workers
    python tools/bench_batch.py --size full     # 200,000 reports as a Parquet dataset, 2 workers
    python tools/bench_batch.py --size full --time-limit 3600   # stop after an hour, report so far
    python tools/bench_batch.py --size ci --no-geocode --store URL1 URL2   # into PostGIS stores

(``--reports``, ``--workers``, ``--input jsonl|parquet``, ``--geocode/--no-geocode`` override
the size's defaults.) The archive: N reports, a third the public corpora's texts
(``../shared/benchmarks/*.jsonl`` articles and ``../shared/corpora/*.jsonl`` headlines, read at
run time, never copied; given new ids), the rest the project's own wording (templates below,
varied), published over a year. Timings:

- ``geocode``: :func:`geodata.cli.main` in this process (``--out EVENTS.csv``), after a warm-up
  call (gazetteer and model loaded), as ``tools/bench_geocode.py`` does;
- ``batch``: :func:`geodata.batch.run_batch` on a fresh ``LocalCluster`` of N worker processes
  (1 thread each), timed after every worker is warm (its start and warm-up printed apart);
  peak resident memory of each worker (``ru_maxrss``) read from the workers at the end.

With ``--time-limit`` a batch run stops after that many seconds and its figures are those of
the partitions finished by then (reports/s over that time). With ``--store URL`` the batch adds
everything to that PostGIS store (the workers write, one transaction per partition, in input
order; the store should be empty); without it, the GeoParquet dataset is written.

The machine may be shared: the load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Size:
    """The defaults of a run size."""

    reports: int
    workers: tuple[int, ...]
    input: str
    geocode: bool


_SIZES = {"ci": Size(3000, (1, 2), "jsonl", True), "full": Size(200_000, (2,), "parquet", False)}


def _corpus() -> list[tuple[str, str | None]]:
    """``(text, published)`` of the public corpora (read at run time)."""
    out: list[tuple[str, str | None]] = []
    for folder in (CORPORA, CORPORA.parent / "corpora"):
        for f in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
            with f.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        d = json.loads(line)
                        out.append((d["text"], d.get("published")))
    return out


def _rows(n: int, seed: int = 1) -> Iterator[tuple[dict[str, str], bool]]:
    rnd = random.Random(seed)
    corpus = _corpus()
    for i in range(n):
        pub = f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        if corpus and i % 3 == 0:
            text, given = corpus[(i // 3) % len(corpus)]
            yield {"id": f"a{i}", "text": text, "published": given or pub}, True
            continue
        text = " ".join(rnd.choice(_TEMPLATES).format(
            p=rnd.choice(_PLACES), d=rnd.choice(_DAYS), n=rnd.randint(20, 900),
            k=rnd.randint(1, 40)) for _ in range(rnd.randint(1, 4)))
        yield {"id": f"a{i}", "text": text, "published": pub}, False


def archive(path: Path, n: int, fmt: str = "jsonl", seed: int = 1) -> tuple[int, int]:
    """Write ``n`` reports to ``path`` (a JSONL file, or a folder of Parquet files of 20,000
    rows each, row groups of 5,000); returns (corpus texts among them, words)."""
    used = words = 0
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as out:
            for row, corpus in _rows(n, seed):
                used += corpus
                words += len(row["text"].split())
                out.write(json.dumps(row) + "\n")
        return used, words
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.mkdir()
    rows = _rows(n, seed)
    for k in itertools.count():
        chunk = list(itertools.islice(rows, 20_000))
        if not chunk:
            break
        used += sum(c for _r, c in chunk)
        words += sum(len(r["text"].split()) for r, _c in chunk)
        pq.write_table(pa.Table.from_pylist([r for r, _c in chunk]),
                       path / f"part-{k:04d}.parquet", row_group_size=5000)
    return used, words


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


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class _TimeUp(Exception):
    pass


def bench_batch(src: Path, tmp: Path, workers: int, size: int, time_limit: float | None = None,
                store: str | None = None, ordered: bool = True) -> dict[str, Any]:
    """One batch run on a fresh LocalCluster; figures of what finished (within the limit)."""
    import distributed

    from geodata.batch import Layout, PartitionSummary, run_batch

    dask: Any = distributed  # untyped library
    done = {"reports": 0, "words": 0, "partitions": 0}
    rss: list[tuple[int, list[float]]] = []  # (partitions done, resident MB of each worker)
    expected = -(-_count_reports(src) // size)

    def count(s: PartitionSummary) -> None:
        done["reports"] += s.reports
        done["words"] += s.words
        done["partitions"] += 1
        if done["partitions"] % max(1, expected // 5) == 0:
            rss.append((done["partitions"], sorted(client.run(_rss_mb).values())))
        if time_limit is not None and time.perf_counter() - t > time_limit:
            raise _TimeUp

    t0 = time.perf_counter()
    with dask.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster, \
            dask.Client(cluster) as client:
        client.run(_warm)
        start = time.perf_counter() - t0
        cpu0 = client.run(_cpu)
        t = time.perf_counter()
        layout = None if store else Layout(events=str(tmp / f"ev{workers}"))
        complete, refused = True, 0
        try:
            tally = run_batch([src], client, layout, store_url=store, ordered=ordered,
                              partition_size=size, quiet=True, on_partition=count)
            refused = len(tally.problems)
        except _TimeUp:
            complete = False
        secs = time.perf_counter() - t
        cpu = sum(v - cpu0[k] for k, v in client.run(_cpu).items())
        peaks = sorted(client.run(_peak_mb).values())
    return {"secs": secs, "cpu": cpu, "start": start, "peaks": peaks, "complete": complete,
            "refused": refused, "rss": rss, **done}


def _count_reports(src: Path) -> int:
    if src.is_dir():
        import pyarrow.parquet as pq

        return sum(pq.ParquetFile(f).metadata.num_rows for f in src.glob("*.parquet"))
    with src.open(encoding="utf-8") as fh:
        return sum(1 for _ in fh)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", choices=sorted(_SIZES), default="ci")
    ap.add_argument("--reports", type=int, help="override the size's number of reports")
    ap.add_argument("--partition-size", type=int, default=200)
    ap.add_argument("--workers", type=int, nargs="+")
    ap.add_argument("--input", choices=["jsonl", "parquet"])
    ap.add_argument("--geocode", action=argparse.BooleanOptionalAction, default=None,
                    help="time geocode in this process too (the baseline of the speed-up)")
    ap.add_argument("--time-limit", type=float, metavar="SECONDS",
                    help="stop each batch run after this long; report what finished")
    ap.add_argument("--store", metavar="URL", nargs="+",
                    help="batch into this PostGIS store (an empty one per worker count: give "
                    "as many URLs as --workers)")
    ap.add_argument("--unordered", action="store_true", help="with --store: as batch --unordered")
    args = ap.parse_args()
    preset = _SIZES[args.size]
    n = args.reports or preset.reports
    fmt = args.input or preset.input
    with_geocode = preset.geocode if args.geocode is None else args.geocode
    with tempfile.TemporaryDirectory(prefix="bench_batch.") as d:
        tmp = Path(d)
        src = tmp / ("archive.jsonl" if fmt == "jsonl" else "archive")
        t = time.perf_counter()
        used, words = archive(src, n, fmt)
        print(f"archive: {n:,} reports ({used:,} corpus texts), {words:,} words "
              f"({words / n:.0f} a report), {fmt}, written in {time.perf_counter() - t:.0f} s; "
              f"partitions of {args.partition_size}; {os.cpu_count()} cores; load average "
              f"{os.getloadavg()[0]:.1f}; sink "
              f"{('PostGIS, ' + ('unordered' if args.unordered else 'in order')) if args.store else 'GeoParquet'}",
              flush=True)
        print("| run | wall s | reports | reports/s | words/s | speed-up | CPU s (workers) | "
              "reports per CPU s | start+warm s | peak MB/worker |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        g = None
        if with_geocode and fmt == "jsonl":
            g, gcpu = bench_geocode(src, tmp)
            print(f"| geocode (1 process) | {g:.1f} | {n:,} | {n / g:.1f} | {words / g:,.0f} | "
                  f"1.00 | {gcpu:.1f} | {n / gcpu:.1f} | - | {_peak_mb():.0f} (this process) |",
                  flush=True)
        base = None
        counts = args.workers or preset.workers
        stores = args.store or [None] * len(counts)
        if len(stores) != len(counts):
            ap.error("give one --store URL per worker count")
        for w, url in zip(counts, stores, strict=True):
            r = bench_batch(src, tmp, w, args.partition_size, args.time_limit, url,
                            not args.unordered)
            assert r["reports"] + r["refused"] == n or not r["complete"], r
            rate = r["reports"] / r["secs"]
            base = base or rate
            ref = f"{g / (n / rate):.2f}" if g else f"{rate / base:.2f} (vs first)"
            refused = f" ({r['refused']} refused)" if r["refused"] else ""
            print(f"| batch, {w} worker{'s' if w > 1 else ''}"
                  f"{'' if r['complete'] else ' (time limit)'} | {r['secs']:.1f} | "
                  f"{r['reports']:,}{refused} | {rate:.1f} | {r['words'] / r['secs']:,.0f} | {ref} | "
                  f"{r['cpu']:.1f} | {r['reports'] / r['cpu']:.1f} | {r['start']:.1f} | "
                  f"{', '.join(f'{p:.0f}' for p in r['peaks'])} |", flush=True)
            print("  resident MB per worker after N partitions: " + "; ".join(
                f"{k}: {', '.join(f'{m:.0f}' for m in mb)}" for k, mb in r["rss"]), flush=True)
        print(f"load average at the end {os.getloadavg()[0]:.1f}; peak MB of this process "
              f"(the client: reads the input) {_peak_mb():.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
