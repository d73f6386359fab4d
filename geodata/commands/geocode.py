"""``unrest-atlas geocode``: reports in, place mentions and events out."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from geodata.commands._args import add_common_options, published_date, show_progress
from geodata.exceptions import InputError, UnrestAtlasError
from geodata.io._skipped import SkipReporter, not_processed
from geodata.io.reports import read_reports
from geodata.model import Report

FORMATS = ("geojson", "csv", "gpkg")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str) -> None:
    p = sub.add_parser(
        name,
        help="find and geocode the places in reports, extract their events",
        description="Geocode reports offline: every place mention, resolved, and the unrest events "
        "they place. INPUT is a .txt file (one report, id = file stem), a .jsonl file (one report "
        "a line: id, text, optional published, title, source, url), a folder of such files, or - "
        "for standard input. Exit 0: all read; 1: something skipped; 2: nothing usable.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    add_common_options(p, "--published")
    p.add_argument("--out", type=Path, metavar="EVENTS", help="events file (GeoJSON, CSV or GeoPackage)")
    p.add_argument("--mentions", type=Path, metavar="MENTIONS", help="mentions file (GeoJSON Points)")
    p.add_argument("--format", choices=FORMATS, help="format of --out (default: from its suffix)")
    p.add_argument("--store", metavar="PATH_OR_URL",
                   help="also add everything to this event store (a GeoPackage, or a "
                   "postgresql://USER@HOST/DB URL for a shared PostGIS store)")
    p.add_argument("--overrides", type=Path, metavar="CSV",
                   help="analyst's names and overrides: name,lat,lon,country,kind[,replaces]")
    p.add_argument("--online", metavar="SERVICE",
                   help="ask this online geocoder (geopy name, e.g. nominatim) for names the offline "
                   "gazetteer cannot place; off by default")
    p.add_argument("--online-url", metavar="URL", help="base URL of the online geocoder")
    p.add_argument("--user-agent", help="user agent for the online geocoder")
    add_common_options(p, "--include-demonyms", "--include-embedded")
    p.add_argument("--raw-csv", action="store_true",
                   help="write CSV cells verbatim (default: cells a spreadsheet would run as "
                   "formulas get a leading ')")
    add_common_options(p, "--progress")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from geodata.events.detect import default_detector
    from geodata.pipeline import process_report
    from geodata.places.gazetteer import Gazetteer
    from geodata.places.geoparse import Geoparser

    try:
        published = published_date(args)
    except ValueError as exc:
        return _error(str(exc))
    if args.out is None and args.mentions is None and args.store is None:
        return _error("give --out, --mentions or --store")
    try:
        _check_outputs(args)
    except UnrestAtlasError as exc:
        return _error(str(exc))
    if args.overrides:
        gp = Geoparser(Gazetteer(overrides=args.overrides), include_demonyms=args.include_demonyms,
                       include_embedded=args.include_embedded)
    else:
        gp = _shared_geoparser(args.include_demonyms, args.include_embedded)
    online = None
    if args.online:
        from geodata.places.online import OnlineGeocoder

        online = OnlineGeocoder(args.online, url=args.online_url, user_agent=args.user_agent)
    detector = default_detector()

    def process(report: Report) -> Any:
        return process_report(report, geoparser=gp, online=online, detector=detector)

    try:
        tally = _stream(args, published, process)
    except _NothingUsable as exc:
        print(f"unrest-atlas geocode: nothing usable in the input ({exc} skipped)", file=sys.stderr)
        return 2
    except UnrestAtlasError as exc:
        return _error(f"{exc} ({_stored_note(args, tally_of(exc))})")
    extra = f", {tally.failures} online failures (offline results kept)" if tally.failures else ""
    print(f"geocode: {tally.reports} reports, {tally.mentions} mentions, {tally.events} events, "
          f"{tally.skipped} skipped{extra}", file=sys.stderr)
    return 1 if tally.skipped else 0


#: Geoparsers over the shared gazetteer, by options: kept for the process, as the gazetteer is,
#: so a second run in the same process (the dashboard, a benchmark) finds their caches warm.
_GEOPARSERS: dict[tuple[bool, bool], Any] = {}


def _shared_geoparser(demonyms: bool, embedded: bool) -> Any:
    """The geoparser over :func:`~geodata.places.gazetteer.default_gazetteer` with these options."""
    from geodata.places.gazetteer import default_gazetteer
    from geodata.places.geoparse import Geoparser

    gaz = default_gazetteer()
    gp = _GEOPARSERS.get((demonyms, embedded))
    if gp is None or gp.gaz is not gaz:
        gp = Geoparser(gaz, include_demonyms=demonyms, include_embedded=embedded)
        _GEOPARSERS[(demonyms, embedded)] = gp
    return gp


def _error(message: str) -> int:
    print(f"unrest-atlas geocode: error: {message}", file=sys.stderr)
    return 2


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse outputs that are an input, the store, each other, or not regular files; and an
    output format that cannot be told (before any work)."""
    from geodata.atomic import check_output
    from geodata.io.files import format_for
    from geodata.store.backends import is_postgres_url

    if args.out is not None:
        format_for(args.out, args.format)
        check_output(args.out, inputs=args.inputs, others=[args.mentions, _file(args.store)],
                     what="--out")
    if args.mentions is not None:
        format_for(args.mentions)
        check_output(args.mentions, inputs=args.inputs, others=[_file(args.store)],
                     what="--mentions")
    if args.store is not None and not is_postgres_url(args.store):
        for item in args.inputs:
            if str(item) != "-" and Path(item).resolve() == Path(args.store).resolve():
                raise InputError("--store is also an input of this command", str(args.store))


def _file(store: str | None) -> str | None:
    """The store's file, if it is one (a PostGIS URL is not)."""
    from geodata.store.backends import is_postgres_url

    return None if store is None or is_postgres_url(store) else store


@dataclass
class _Tally:
    reports: int = 0
    mentions: int = 0
    events: int = 0
    skipped: int = 0
    failures: int = 0
    stored: int = 0


class _NothingUsable(Exception):
    pass


def tally_of(exc: BaseException) -> _Tally:
    return getattr(exc, "tally", None) or _Tally()


def _stored_note(args: argparse.Namespace, tally: _Tally) -> str:
    if args.store is None:
        return "nothing was written"
    return (f"{tally.stored} reports were stored in {args.store} before this; the output files "
            "were not written")


def _stream(args: argparse.Namespace, published: date | None,
            process: Callable[[Report], Any]) -> _Tally:
    """Read, process and write one report at a time: a report that fails anywhere is reported
    (where and why) and skipped; the rest go to the outputs and the store as they are made."""
    from tqdm import tqdm

    from geodata.io.stream import OutputStream

    tally = _Tally()
    problems: list[InputError] = []
    warnings: list[InputError] = []
    show = show_progress(args)
    reporter = SkipReporter(problems, warnings)
    reports = read_reports(args.inputs, published=published, problems=problems, warnings=warnings)
    try:
        with contextlib.ExitStack() as stack:
            raw = getattr(args, "raw_csv", False)
            ev_out = (stack.enter_context(OutputStream(args.out, "events", args.format, raw_csv=raw))
                      if args.out is not None else None)
            mn_out = (stack.enter_context(OutputStream(args.mentions, "mentions", raw_csv=raw))
                      if args.mentions is not None else None)
            store = _open_store(args, stack)
            bar = stack.enter_context(tqdm(desc="geocoding", unit="report", disable=not show,
                                           file=sys.stderr))
            for report in reports:
                tally.skipped += reporter.say()
                try:
                    result = process(report)
                    if store is not None:
                        store.add_report(result.report, result.mentions, result.events)
                        tally.stored += 1
                except Exception as exc:  # one report never ends the run (RecursionError included)
                    problems.append(InputError(not_processed(report.id, exc)))
                    continue
                if ev_out is not None:
                    ev_out.add(result.events)
                if mn_out is not None:
                    mn_out.add(result.mentions)
                tally.reports += 1
                tally.events += len(result.events)
                tally.mentions += len(result.mentions)
                tally.failures += result.online_failures
                bar.update(1)
            tally.skipped += reporter.say()
            if tally.reports == 0:
                raise _NothingUsable(len(problems))
    except UnrestAtlasError as exc:
        exc.tally = tally  # type: ignore[attr-defined]
        raise
    return tally


def _open_store(args: argparse.Namespace, stack: contextlib.ExitStack) -> Any:
    if args.store is None:
        return None
    from geodata.store.backends import open_store

    return stack.enter_context(open_store(args.store))
