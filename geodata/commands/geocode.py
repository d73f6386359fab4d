"""``unrest-atlas geocode``: reports in, place mentions and events out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geodata.exceptions import InputError, UnrestAtlasError
from geodata.io.reports import parse_date, read_reports

FORMATS = ("geojson", "csv", "gpkg")


def register(sub: argparse._SubParsersAction, name: str) -> None:
    p = sub.add_parser(
        name,
        help="find and geocode the places in reports, extract their events",
        description="Geocode reports offline: every place mention, resolved, and the unrest events "
        "they place. INPUT is a .txt file (one report, id = file stem), a .jsonl file (one report "
        "a line: id, text, optional published, title, source, url), a folder of such files, or - "
        "for standard input. Exit 0: all read; 1: something skipped; 2: nothing usable.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date for reports that give none")
    p.add_argument("--out", type=Path, metavar="EVENTS", help="events file (GeoJSON, CSV or GeoPackage)")
    p.add_argument("--mentions", type=Path, metavar="MENTIONS", help="mentions file (GeoJSON Points)")
    p.add_argument("--format", choices=FORMATS, help="format of --out (default: from its suffix)")
    p.add_argument("--store", type=Path, metavar="PATH", help="also add everything to this event store")
    p.add_argument("--overrides", type=Path, metavar="CSV",
                   help="analyst's names and overrides: name,lat,lon,country,kind[,replaces]")
    p.add_argument("--online", metavar="SERVICE",
                   help="ask this online geocoder (geopy name, e.g. nominatim) for names the offline "
                   "gazetteer cannot place; off by default")
    p.add_argument("--online-url", metavar="URL", help="base URL of the online geocoder")
    p.add_argument("--user-agent", help="user agent for the online geocoder")
    p.add_argument("--include-demonyms", action="store_true",
                   help="also report country adjectives ('Russian') as mentions of the country, as "
                   "research corpora (LGL, GeoWebNews) count them")
    p.add_argument("--include-embedded", action="store_true",
                   help="also report places inside organisation names ('US' in 'US Army'), role "
                   "context, as research corpora count them")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from geodata.io import files as gio
    from geodata.pipeline import process_report
    from geodata.places.gazetteer import Gazetteer, default_gazetteer
    from geodata.places.geoparse import Geoparser

    try:
        published = parse_date(args.published, "--published")
    except ValueError as exc:
        print(f"unrest-atlas geocode: error: {exc}", file=sys.stderr)
        return 2
    if args.out is None and args.mentions is None and args.store is None:
        print("unrest-atlas geocode: error: give --out, --mentions or --store", file=sys.stderr)
        return 2
    try:
        out_format = gio.format_for(args.out, args.format) if args.out is not None else None
        if args.mentions is not None:
            gio.format_for(args.mentions)
    except UnrestAtlasError as exc:
        print(f"unrest-atlas geocode: error: {exc}", file=sys.stderr)
        return 2
    gaz = Gazetteer(overrides=args.overrides) if args.overrides else default_gazetteer()
    gp = Geoparser(gaz, include_demonyms=args.include_demonyms, include_embedded=args.include_embedded)
    online = None
    if args.online:
        from geodata.places.online import OnlineGeocoder

        online = OnlineGeocoder(args.online, url=args.online_url, user_agent=args.user_agent)

    problems: list[InputError] = []
    reports = read_reports(args.inputs, published=published, problems=problems)
    show = sys.stderr.isatty() if args.progress is None else args.progress
    from tqdm import tqdm

    results = []
    reported = 0
    with tqdm(desc="geocoding", unit="report", disable=not show, file=sys.stderr) as bar:
        for report in reports:
            while reported < len(problems):
                print(f"skipped: {problems[reported]}", file=sys.stderr)
                reported += 1
            results.append(process_report(report, geoparser=gp, online=online))
            bar.update(1)
    for p in problems[reported:]:
        print(f"skipped: {p}", file=sys.stderr)

    mentions = [m for r in results for m in r.mentions]
    events = [e for r in results for e in r.events]
    failures = sum(r.online_failures for r in results)
    if not results:
        print(f"unrest-atlas geocode: nothing usable in the input ({len(problems)} skipped)", file=sys.stderr)
        return 2
    try:
        if args.mentions is not None:
            gio.write_mentions(mentions, args.mentions)
        if args.out is not None:
            gio.write_events(events, args.out, out_format)
        if args.store is not None:
            from geodata.store.eventstore import EventStore

            with EventStore(args.store) as store:
                for r in results:
                    store.add_report(r.report, r.mentions, r.events)
    except UnrestAtlasError as exc:
        print(f"unrest-atlas geocode: error: {exc}", file=sys.stderr)
        return 2
    extra = f", {failures} online failures (offline results kept)" if failures else ""
    print(f"geocode: {len(results)} reports, {len(mentions)} mentions, {len(events)} events, "
          f"{len(problems)} skipped{extra}", file=sys.stderr)
    return 1 if problems else 0
