"""``unrest-atlas batch``: ``geocode`` at archive scale, in partitions on a Dask cluster."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import Any

from geodata.commands._args import add_common_options, published_date, show_progress
from geodata.exceptions import UnrestAtlasError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str) -> None:
    p = sub.add_parser(
        name,
        help="geocode an archive of reports in partitions on a Dask cluster",
        description="The same results as 'geocode', on many cores or machines: the input (as for "
        "geocode, plus Parquet files or folders of them with columns id, text, published) is "
        "read in order and cut into partitions of K reports; Dask workers process "
        "them, and each partition's events (and mentions) are written as one GeoParquet file "
        "of a partitioned dataset (part-NNNNNN.parquet). A re-run skips finished partitions. "
        "With --store FILE.gpkg, finished partitions are added to the store in input order "
        "through one writer; with --store postgresql://..., the workers add each partition in "
        "one transaction, in input order. Needs the 'archive' extra (pip install 'unrest-atlas[archive]'). Exit 0: all "
        "read; 1: something skipped; 2: nothing usable.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--out", type=Path, metavar="EVENTS_DIR",
                     help="folder of the events dataset (GeoParquet, one file per partition)")
    out.add_argument("--store", metavar="PATH|URL",
                     help="event store to add everything to: a GeoPackage (the partitions are "
                     "kept in PATH.batch/; delete it once the store is complete) or a "
                     "postgresql:// URL (written by the workers; every worker must reach it)")
    p.add_argument("--mentions", type=Path, metavar="MENTIONS_DIR",
                   help="folder of the mentions dataset (with --out)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=None, metavar="N",
                       help="local worker processes (default: the number of cores)")
    where.add_argument("--scheduler", metavar="tcp://HOST:8786",
                       help="an existing Dask scheduler (every worker must see the input's "
                       "output folders at the same paths)")
    p.add_argument("--partition-size", type=int, default=200, metavar="K",
                   help="reports per partition (default 200)")
    p.add_argument("--unordered", action="store_true",
                   help="with a PostGIS --store: write partitions concurrently, in any order "
                   "(a merged event may keep another report's event id than geocode gives)")
    add_common_options(p, see="geocode")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        published = published_date(args)
    except ValueError as exc:
        return _error(str(exc))
    if args.mentions is not None and args.out is None:
        return _error("--mentions goes with --out")
    if args.partition_size < 1:
        return _error("--partition-size must be at least 1")
    if args.workers is not None and args.workers < 1:
        return _error("--workers must be at least 1")
    try:
        import distributed  # noqa: F401
    except ImportError:
        return _error("batch needs Dask: pip install 'unrest-atlas[archive]'")
    from geodata.batch import Layout, Options, run_batch
    from geodata.store.backends import is_postgres_url

    url = args.store if is_postgres_url(args.store) else None
    if args.unordered and url is None:
        return _error("--unordered goes with --store postgresql://...")
    layout: Layout | None
    if url is not None:
        layout = None
    elif args.store is not None:
        work = Path(f"{args.store}.batch")
        layout = Layout(events=str(work / "events"), mentions=str(work / "mentions"),
                        reports=str(work / "reports"))
    else:
        layout = Layout(events=str(args.out),
                        mentions=None if args.mentions is None else str(args.mentions))
    show = show_progress(args)
    options = Options(args.include_demonyms, args.include_embedded)
    try:
        with contextlib.ExitStack() as stack:
            client = _client(args, stack)
            store = None if url is not None else _open_store(args, stack)
            tally = run_batch(args.inputs, client, layout, partition_size=args.partition_size,
                              published=published, options=options, store=store,
                              store_url=url, ordered=not args.unordered, progress=show)
    except UnrestAtlasError as exc:
        return _error(str(exc))
    done = f", {tally.skipped_partitions} finished before" if tally.skipped_partitions else ""
    stored = f", {tally.stored} reports stored" if args.store is not None else ""
    print(f"batch: {tally.partitions} partitions{done}, {tally.reports} reports, "
          f"{tally.mentions} mentions, {tally.events} events, {len(tally.problems)} skipped"
          f"{stored}", file=sys.stderr)
    if tally.reports == 0 and tally.skipped_partitions == 0:
        print("unrest-atlas batch: nothing usable in the input", file=sys.stderr)
        return 2
    return 1 if tally.problems else 0


def _client(args: argparse.Namespace, stack: contextlib.ExitStack) -> Any:
    """A client of the given scheduler, or of a local cluster of worker processes."""
    import os

    import distributed

    dask: Any = distributed  # untyped library

    if args.scheduler:
        client = stack.enter_context(dask.Client(args.scheduler))
    else:
        n = args.workers or os.cpu_count() or 1
        cluster = stack.enter_context(dask.LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address="127.0.0.1:0"))
        client = stack.enter_context(dask.Client(cluster))
    link = client.dashboard_link if _has_dashboard() else "not available (pip install bokeh)"
    print(f"batch: Dask scheduler {client.scheduler.address}; dashboard {link}", file=sys.stderr)
    return client


def _has_dashboard() -> bool:
    import importlib.util

    return importlib.util.find_spec("bokeh") is not None


def _open_store(args: argparse.Namespace, stack: contextlib.ExitStack) -> Any:
    if args.store is None:
        return None
    from geodata.store.eventstore import EventStore

    return stack.enter_context(EventStore(Path(args.store)))


def _error(message: str) -> int:
    print(f"unrest-atlas batch: error: {message}", file=sys.stderr)
    return 2
