"""Build the bundled sample event store from the bundled sample reports.

    python tools/build_sample_store.py [--reports DIR] [--out geodata/data/sample_store.gpkg]

Each report in ``geodata/data/sample_reports/*.jsonl`` is geoparsed and its events extracted
(through :func:`geodata.pipeline.process_report` when present, else
:func:`geodata.places.geoparse.geoparse` and :func:`geodata.events.extract.extract_events`), then stored
report by report, so reports of the same event are merged. The store is built beside the
target and renamed into place only when complete.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "geodata" / "data"


def _processor() -> Callable:
    """report -> (mentions, events), from the pipeline or from geoparse + extract_events.

    Raises
    ------
    SystemExit
        With a clear message when the geoparser or the event extractor is missing.
    """
    try:
        pipeline = importlib.import_module("geodata.pipeline")
        process_report = pipeline.process_report
    except (ImportError, AttributeError):
        process_report = None
    if process_report is not None:

        def run(report):
            result = process_report(report)
            return result.mentions, result.events

        return run
    missing = []
    try:
        geoparse = importlib.import_module("geodata.places.geoparse").geoparse
    except (ImportError, AttributeError):
        missing.append("geodata.places.geoparse.geoparse")
    try:
        extract_events = importlib.import_module("geodata.events.extract").extract_events
    except (ImportError, AttributeError):
        missing.append("geodata.events.extract.extract_events")
    if missing:
        raise SystemExit(
            f"build_sample_store: cannot build the sample store yet: {' and '.join(missing)} "
            "not available (the geoparser and the event extractor are needed)"
        )

    def run(report):
        mentions = geoparse(report.text, report.id)
        return mentions, extract_events(report, mentions)

    return run


def main(argv: Sequence[str] | None = None) -> int:
    """Build the store; returns the exit code (0 built, 2 nothing to build from)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, default=DATA / "sample_reports", help="folder of .jsonl/.txt reports")
    parser.add_argument("--out", type=Path, default=DATA / "sample_store.gpkg", help="the store to write")
    args = parser.parse_args(argv)

    from geodata._atomic import atomic_path
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
    with atomic_path(args.out) as tmp, EventStore(tmp) as store:
        for report in reports:
            mentions, events = process(report)
            res = store.add_report(report, mentions, events)
            added += res.added
            merged += res.merged
        summary = store.summary()
    print(
        f"build_sample_store: {len(reports)} reports -> {summary['events']} events "
        f"({added} new, {merged} merged into another report's), {summary['mentions']} mentions "
        f"-> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
