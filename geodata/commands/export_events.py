"""``unrest-atlas export-events``: events of a store, filtered, to CSV, GeoJSON, GeoPackage,
GeoParquet or KML.

    unrest-atlas export-events --store unrest.gpkg --from 2022-01-01 --type Riots \\
        --country KZ --format parquet --out riots.parquet

CSV has ACLED's 31 columns in ACLED's order first. Exit codes: 0 written (even when no event
matched), 2 bad arguments, a missing store, or an output that cannot be written.
"""

from __future__ import annotations

import argparse
import sys

from geodata.commands._filters import add_filter_args, filter_kwargs

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    """Add the ``export-events`` sub-command."""
    p = subparsers.add_parser(
        name,
        help="export events to CSV (ACLED columns), GeoJSON, GeoPackage, GeoParquet or KML",
        description="Write the events of a store, filtered, for GIS tools and ACLED-style "
        "workflows. Rejected events are left out unless --include-rejected is given.",
    )
    p.add_argument("--store", metavar="PATH", help="event store (.gpkg); default: the configured store")
    add_filter_args(p)
    p.add_argument("--format", dest="fmt", choices=("csv", "geojson", "gpkg", "parquet", "kml"),
                   help="output format (default: from the --out suffix)")  # fmt: skip
    p.add_argument("--out", required=True, metavar="FILE", help="output file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export the matching events; returns the exit code."""
    from geodata import settings
    from geodata.io.interchange import export_events, export_format_for
    from geodata.store.eventstore import EventStore

    fmt = export_format_for(args.out, args.fmt)  # a bad suffix fails before any work
    kw = filter_kwargs(args)
    path = args.store or str(settings.get().store_path)
    with EventStore.open_readonly(path) as store:
        df = store.events(**kw)
    export_events(df, args.out, fmt)
    print(f"wrote {len(df):,} event{'s' if len(df) != 1 else ''} to {args.out} ({fmt})", file=sys.stderr)
    return 0
