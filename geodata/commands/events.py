"""``unrest-atlas events``: read events out of a store, filtered, into GeoJSON, CSV or GeoPackage.

    unrest-atlas events --store unrest.gpkg --from 2022-01-01 --to 2022-01-31 \\
        --type Riots --type Protests --min-severity 3 --country KZ --out riots.geojson

Exit codes: 0 written (even when no event matched), 2 bad arguments, a missing or unreadable
store, or an output that cannot be written.
"""

from __future__ import annotations

import argparse
import sys

from geodata.commands._filters import _bbox, _event_type, _iso_date, _severity
from geodata.exceptions import InputError

__all__ = ["register", "run"]

_STATUSES = ("unreviewed", "verified", "flagged", "rejected")


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    """Add the ``events`` sub-command."""
    p = subparsers.add_parser(
        name,
        help="export events from a store (filtered) to GeoJSON, CSV or GeoPackage",
        description="Read events out of an event store, filtered, into a GeoJSON, CSV "
        "(ACLED's columns first) or GeoPackage file. Rejected events are left out unless "
        "--include-rejected is given.",
    )
    p.add_argument("--store", required=False, help="the event store (.gpkg); default: the configured store")
    p.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help="first day")
    p.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help="last day")
    p.add_argument("--type", dest="types", type=_event_type, action="append", metavar="TYPE",
                   help="ACLED event type to keep (repeatable)")  # fmt: skip
    p.add_argument("--sub-type", dest="sub_types", action="append", metavar="SUB_TYPE",
                   help="ACLED sub-event type to keep (repeatable)")  # fmt: skip
    p.add_argument("--min-severity", type=_severity, metavar="N", help="keep severity >= N (1-5)")
    p.add_argument("--country", dest="countries", action="append", metavar="CC_OR_NAME",
                   help="ISO alpha-2 code or country name (repeatable)")  # fmt: skip
    p.add_argument("--admin1", action="append", metavar="NAME", help="admin-1 region (repeatable)")
    p.add_argument("--actor", dest="actors", action="append", metavar="NAME", help="actor1/actor2 (repeatable)")
    p.add_argument("--text", help="substring of notes, place, actors or source")
    p.add_argument("--bbox", type=_bbox, metavar="W,S,E,N", help="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT")
    p.add_argument("--source", dest="sources", action="append", metavar="NAME",
                   help="keep events reported by this source (repeatable)")
    p.add_argument("--status", dest="statuses", action="append", choices=_STATUSES,
                   help="review state to keep (repeatable)")  # fmt: skip
    p.add_argument("--include-rejected", action="store_true", help="also export rejected events")
    p.add_argument("--out", required=True, metavar="FILE", help="output file (.geojson, .csv or .gpkg)")
    p.add_argument("--format", dest="fmt", choices=("geojson", "csv", "gpkg"),
                   help="output format (default: from the --out suffix)")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export the matching events; returns the exit code."""
    from geodata import settings
    from geodata.io.files import format_for, write_events
    from geodata.store.eventstore import EventStore

    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise InputError(f"--from {args.date_from} is after --to {args.date_to}")
    fmt = format_for(args.out, args.fmt)  # a bad suffix fails before any work
    store_path = args.store or str(settings.get().store_path)
    with EventStore.open_readonly(store_path) as store:
        df = store.events(
            date_from=args.date_from,
            date_to=args.date_to,
            event_types=args.types,
            sub_event_types=args.sub_types,
            min_severity=args.min_severity,
            countries=args.countries,
            admin1=args.admin1,
            actors=args.actors,
            text=args.text,
            bbox=args.bbox,
            include_rejected=args.include_rejected,
            statuses=args.statuses,
            sources=args.sources,
        )
    write_events(df, args.out, fmt)
    print(f"wrote {len(df)} event{'s' if len(df) != 1 else ''} to {args.out} ({fmt})", file=sys.stderr)
    return 0
