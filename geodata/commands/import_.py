"""``unrest-atlas import``: ACLED or GDELT event files into an event store.

    unrest-atlas import --format acled 2022-01-01-2022-01-31-Kazakhstan.csv --store unrest.gpkg
    unrest-atlas import --format gdelt 20220105120000.export.CSV

Ids are kept (``acled:<event_id_cnty>``, ``gdelt:<GlobalEventID>``), so importing the same file
again adds nothing. Each bad row is printed on stderr with its line number and left out; the
good rows are stored. Exit codes: 0 all rows imported (GDELT rows that are not unrest events
are skipped and counted), 1 some rows rejected, 2 the file is not of the named format (nothing
is stored), or the store cannot be written.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], name: str) -> None:
    """Add the ``import`` sub-command."""
    p = subparsers.add_parser(
        name,
        help="import an ACLED CSV export or a GDELT 2.0 event file into an event store",
        description="Read an ACLED CSV export or a GDELT 2.0 event file (61 tab-separated "
        "columns), map its fields to Unrest Atlas events and add them to a store.",
    )
    p.add_argument("file", metavar="FILE", help="the export (unzipped)")
    p.add_argument("--format", dest="fmt", required=True, choices=("acled", "gdelt"), help="what FILE is")
    p.add_argument("--store", metavar="PATH", help="event store (.gpkg, created if missing); default: the configured store")
    p.add_argument("--dry-run", action="store_true", help="check and count the rows, store nothing")
    p.add_argument("--show-skipped", action="store_true", help="list the skipped (out-of-scope) rows too")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Import the file; returns the exit code."""
    from geodata import settings
    from geodata.io.interchange import ImportSummary, import_file, import_to_store

    store = args.store or str(settings.get().store_path)
    if args.dry_run:
        events, rejected = import_file(args.file, args.fmt)
        summary = ImportSummary(path=args.file, fmt=args.fmt, read=len(events),
                                rejected=[r for r in rejected if not r.skipped],
                                skipped=[r for r in rejected if r.skipped])  # fmt: skip
    else:
        summary = import_to_store(args.file, args.fmt, store)
    for r in summary.rejected:
        print(f"{args.file}:{r.line}: rejected: {r.reason}", file=sys.stderr)
    if summary.skipped:
        if args.show_skipped:
            for r in summary.skipped:
                print(f"{args.file}:{r.line}: skipped: {r.reason}", file=sys.stderr)
        else:
            first = summary.skipped[0]
            print(f"{args.file}: skipped {len(summary.skipped):,} row(s) that are not unrest events "
                  f"(first: line {first.line}, {first.reason}; --show-skipped lists them)", file=sys.stderr)  # fmt: skip
    where = "(dry run, nothing stored)" if args.dry_run else f"into {store}"
    print(f"import {args.fmt}: {summary.read:,} good rows, {summary.inserted:,} added, "
          f"{summary.already_stored:,} already stored, {len(summary.rejected):,} rejected, "
          f"{len(summary.skipped):,} skipped {where}", file=sys.stderr)  # fmt: skip
    return 1 if summary.rejected else 0
