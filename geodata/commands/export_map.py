"""``unrest-atlas export-map``: a briefing map (PNG, SVG, PDF) or a self-contained HTML map.

    unrest-atlas export-map --store unrest.gpkg --country KZ --from 2022-01-01 --to 2022-01-31 \\
        --title "Kazakhstan, January 2022" --out kz.pdf
    unrest-atlas export-map --events riots.geojson --out riots.html

With neither ``--store`` nor ``--events`` the bundled sample store is used. Exit codes: 0
written (even when no event matched), 2 bad arguments, a missing store or file, or an output
that cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from geodata.commands._args import bounded_int
from geodata.commands._filters import add_filter_args, filter_kwargs, filters_text

__all__ = ["register", "run"]

_EVENT_FORMATS = ("csv", "geojson", "gpkg", "parquet", "acled", "gdelt")


_dpi = bounded_int("dpi", 30, 1200)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], name: str) -> None:
    """Add the ``export-map`` sub-command."""
    p = subparsers.add_parser(
        name,
        help="export a map of events: PNG, SVG, PDF (A4 landscape) or self-contained HTML",
        description="Draw the events of a store (default: the bundled sample store) or of an "
        "events file as a briefing map: legend, scale bar, north arrow, locator, labels, date "
        "range, sources and attribution. The format comes from the --out suffix.",
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument("--store", metavar="PATH_OR_URL",
                     help="event store (.gpkg, or a postgresql:// URL); default: the bundled sample store")
    src.add_argument("--events", metavar="FILE", help="events file (CSV, GeoJSON, GeoPackage, GeoParquet)")
    p.add_argument("--events-format", choices=_EVENT_FORMATS,
                   help="format of --events (default: from its suffix; acled/gdelt read their exports)")  # fmt: skip
    p.add_argument("--out", required=True, metavar="FILE", help="map.png, map.svg, map.pdf or map.html")
    add_filter_args(p)
    p.add_argument("--title", help="map title (default: 'Civil unrest events', plus the country)")
    p.add_argument("--subtitle", help="subtitle (default: date range, count and filters)")
    p.add_argument("--dpi", type=_dpi, metavar="N", help="resolution (default: PNG 200, PDF/SVG 300)")
    p.add_argument("--page", choices=("a4", "a3", "letter", "slide"), default="a4", help="page size, landscape")
    p.add_argument("--tiles", choices=("none", "offline", "web"), default="none",
                   help="raster basemap: none (vector outlines), offline (bundled OSM tiles), "
                   "web (online OSM tiles; needs the network)")  # fmt: skip
    p.add_argument("--max-labels", type=int, default=15, metavar="N", help="most place labels (default 15)")
    p.set_defaults(func=run)


def _load(args: argparse.Namespace, kw: dict[str, Any]) -> tuple[Any, str]:
    from geodata import settings
    from geodata.exceptions import DataMissingError

    if args.events:
        from geodata.io.interchange import events_frame, import_file, read_events_frame
        from geodata.maps.static import filter_events

        fmt = args.events_format
        if fmt in ("acled", "gdelt"):
            events, rejected = import_file(args.events, fmt)
            for r in rejected:
                if not r.skipped:
                    print(f"{args.events}:{r.line}: rejected: {r.reason}", file=sys.stderr)
            df = events_frame(events)
        else:
            df = read_events_frame(args.events, fmt)
        return filter_events(df, **kw), f"events file {Path(args.events).name}"
    from geodata.store.backends import describe, is_postgres_url, open_store

    if args.store and is_postgres_url(args.store):
        with open_store(args.store, readonly=True) as store:
            return store.events(**kw), f"Unrest Atlas event store {describe(args.store)}"
    path = Path(args.store) if args.store else settings.get().sample_store_path
    if not args.store and not path.is_file():
        raise DataMissingError(f"no --store or --events given and the sample store {path} is not built "
                               "(python tools/build_sample_store.py)")  # fmt: skip
    with open_store(path, readonly=True) as store:
        df = store.events(**kw)
    return df, f"Unrest Atlas event store {path.name}"


def run(args: argparse.Namespace) -> int:
    """Export the map; returns the exit code."""
    from geodata.atomic import check_output
    from geodata.maps.static import export_map, map_format_for

    fmt = map_format_for(args.out)  # a bad suffix fails before any work
    check_output(args.out, others=[args.events] if args.store is None or "://" in args.store
                 else [args.store, args.events], what="--out")
    kw = filter_kwargs(args)
    df, source = _load(args, kw)
    opts: dict[str, Any] = {"title": args.title, "subtitle": args.subtitle, "date_from": kw["date_from"],
                  "date_to": kw["date_to"], "source": source, "filters": filters_text(kw) or None}  # fmt: skip
    if fmt != "html":
        opts.update(bbox=kw["bbox"], page=args.page, tiles=args.tiles, max_labels=args.max_labels)
    elif args.tiles == "web":
        print("export-map: --tiles web is ignored for HTML (a self-contained map uses no tiles)", file=sys.stderr)
    info = export_map(df, args.out, dpi=args.dpi, **opts)
    for w in info.warnings:
        print(f"export-map: warning: {w}", file=sys.stderr)
    if fmt == "html":
        size = "self-contained HTML"
    else:
        size = f"{info.size_px[0]}x{info.size_px[1]} px at {info.dpi} dpi" if fmt == "png" else f"{fmt.upper()}, {args.page.upper()}"
    print(f"wrote {args.out} ({size}): {info.events:,} events, {info.points:,} points, "
          f"{info.region_events:,} region-level, {info.country_level:,} country-level", file=sys.stderr)  # fmt: skip
    return 0
