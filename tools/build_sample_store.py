"""Build the bundled sample event store from the bundled sample reports.

    python tools/build_sample_store.py [--reports DIR] [--out geodata/data/sample_store.gpkg]

Each report in ``geodata/data/sample_reports/*.jsonl`` is geoparsed and its events extracted
by :func:`geodata.pipeline.process_report` (the code path of ``unrest-atlas geocode``), then stored
report by report, so reports of the same event are merged. The store is built beside the
target and renamed into place only when complete.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "geodata" / "data"


def _processor() -> Callable[[Any], tuple[list[Any], list[Any]]]:
    """report -> (mentions, events), by :func:`geodata.pipeline.process_report`."""
    from geodata.pipeline import process_report

    def run(report: Any) -> tuple[list[Any], list[Any]]:
        result = process_report(report)
        return result.mentions, result.events

    return run


def _self_contained(path: Path) -> None:
    """Rollback-journal mode: the shipped file reads on its own, even from a read-only folder
    (a WAL file would need -wal/-shm files beside it, in the package)."""
    import sqlite3

    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        conn.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Build the store; returns the exit code (0 built, 2 nothing to build from)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, default=DATA / "sample_reports", help="folder of .jsonl/.txt reports")
    parser.add_argument("--out", type=Path, default=DATA / "sample_store.gpkg", help="the store to write")
    args = parser.parse_args(argv)

    from geodata.atomic import atomic_path
    from geodata.exceptions import InputError
    from geodata.io.reports import read_reports
    from geodata.store.eventstore import EventStore

    if not args.reports.is_dir() or (not any(args.reports.glob("*.jsonl")) and not any(args.reports.glob("*.txt"))):
        print(f"build_sample_store: no sample reports in {args.reports}", file=sys.stderr)
        return 2
    process = _processor()
    problems: list[InputError] = []
    reports = list(read_reports([args.reports], problems=problems))
    for p in problems:
        print(f"build_sample_store: skipped: {p}", file=sys.stderr)
    if not reports:
        print(f"build_sample_store: no usable report in {args.reports}", file=sys.stderr)
        return 2
    added = merged = 0
    with atomic_path(args.out) as tmp:
        with EventStore(tmp) as store:
            for report in reports:
                mentions, events = process(report)
                res = store.add_report(report, mentions, events)
                added += res.added
                merged += res.merged
            summary = store.summary()
        _self_contained(tmp)
    print(
        f"build_sample_store: {len(reports)} reports -> {summary['events']} events "
        f"({added} new, {merged} merged into another report's), {summary['mentions']} mentions "
        f"-> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
