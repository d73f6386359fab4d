"""``unrest-atlas export-events``: events of a store, filtered, to CSV, GeoJSON, GeoPackage,
GeoParquet or KML.

    unrest-atlas export-events --store unrest.gpkg --from 2022-01-01 --type Riots \\
        --country KZ --format parquet --out riots.parquet

``unrest-atlas events`` is the same command under its older name (same options, same files).
CSV has ACLED's 31 columns in ACLED's order first. Exit codes: 0 written (even when no event
matched), 2 bad arguments, a missing store, or an output that cannot be written.
"""

from __future__ import annotations

import argparse
import sys

from geodata.commands._filters import add_filter_args

__all__ = ["register", "run"]

_FORMATS = ("csv", "geojson", "gpkg", "parquet", "kml")


def register(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    alias_of: str | None = None,
) -> None:
    """Add the ``export-events`` sub-command (under ``name``; ``alias_of``: the name it repeats)."""
    what = "export events to CSV (ACLED columns), GeoJSON, GeoPackage, GeoParquet or KML"
    p = subparsers.add_parser(
        name,
        help=f"the same as '{alias_of}'" if alias_of else what,
        description=("The same command as 'unrest-atlas export-events'. " if alias_of else "")
        + "Write the events of a store, filtered, for GIS tools and ACLED-style workflows. "
        "Rejected events are left out unless --include-rejected or --status is given.",
    )
    p.add_argument("--store", metavar="PATH_OR_URL",
                   help="event store (.gpkg, or a postgresql:// URL); default: the configured store")
    add_filter_args(p)
    p.add_argument("--format", dest="fmt", choices=_FORMATS, help="output format (default: from the --out suffix)")
    p.add_argument("--out", required=True, metavar="FILE", help="output file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export the matching events; returns the exit code."""
    from geodata import settings
    from geodata.atomic import check_output
    from geodata.io.files import format_for
    from geodata.io.interchange import EXPORT_ALIASES, EXPORT_FORMATS, export_events
    from geodata.store.backends import is_postgres_url, open_store
    from geodata.store.filter import EventFilter

    flt = EventFilter.from_args(args)  # bad filters fail before any work
    fmt = format_for(args.out, args.fmt, EXPORT_FORMATS, EXPORT_ALIASES)  # and a bad suffix
    path = args.store or str(settings.get().store_path)
    # the store itself (or a file of its own, -wal/-journal) is never a target
    if not is_postgres_url(path):
        check_output(args.out, others=[path, *(f"{path}{s}" for s in ("-wal", "-shm", "-journal"))],
                     what="--out")
    with open_store(path, readonly=True) as store:
        df = store.events(**flt.store_kwargs())
    export_events(df, args.out, fmt)
    print(f"wrote {len(df):,} event{'s' if len(df) != 1 else ''} to {args.out} ({fmt})", file=sys.stderr)
    return 0
