"""``unrest-atlas gazetteer``: build the full GeoNames index, or say which index is in use."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from geodata.exceptions import GazetteerError


def register(sub: argparse._SubParsersAction, name: str) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        name,
        help="build the full GeoNames gazetteer, or show which gazetteer is in use",
        description="The bundled gazetteer (GeoNames cities500) is the default. 'build --full' "
        "builds a gazetteer of every populated place, district, admin area and landmark from "
        "GeoNames' own dump (downloaded once, or from a folder you bring); pick it with "
        "UNREST_ATLAS_GAZETTEER=PATH. 'info' shows which index is in use.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    b = actions.add_parser("build", help="build the full index from a GeoNames dump")
    b.add_argument("--full", action="store_true", required=True,
                   help="build from the full GeoNames dump (the only kind of build offered here)")
    b.add_argument("--from", dest="source", metavar="DIR_OR_URL",
                   help="a folder holding allCountries.zip, alternateNamesV2.zip, "
                   "admin1CodesASCII.txt, admin2Codes.txt, countryInfo.txt (air-gapped machines), "
                   "or a base URL to download them from (default: GeoNames)")
    b.add_argument("--out", type=Path, metavar="PATH",
                   help="index to write (default: $XDG_DATA_HOME/unrest-atlas/gazetteer-full.sqlite)")
    b.add_argument("--cache", type=Path, metavar="DIR",
                   help="download cache (default: the cache folder's geonames/)")
    b.add_argument("--checksums", type=Path, metavar="FILE",
                   help="expected SHA-256 of the dump files (sha256sum format)")
    b.add_argument("--refresh", action="store_true",
                   help="download again even when the cache holds a verified copy")
    b.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress on stderr (default: when stderr is a terminal)")
    b.set_defaults(func=run_build)
    i = actions.add_parser("info", help="which index is in use: path, size, counts, date, sources")
    i.add_argument("--path", type=Path, metavar="PATH", help="describe this index instead")
    i.set_defaults(func=run_info)
    p.set_defaults(func=lambda _a: (p.print_help(sys.stderr), 2)[1])


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C, so the temporary files are removed."""

    def handler(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def run_build(args: argparse.Namespace) -> int:
    from geodata.places import _dump
    from geodata.places.geonames import build_full, default_full_path

    sums = None
    if args.checksums:
        try:
            sums = _dump.read_checksums(args.checksums.read_text(encoding="utf-8"))
        except OSError as exc:
            raise GazetteerError(f"{args.checksums}: {exc.strerror}") from None
    out = args.out or default_full_path()
    show = sys.stderr.isatty() if args.progress is None else args.progress
    with _sigterm_as_interrupt():
        meta = build_full(args.source, out, cache_dir=args.cache, checksums=sums,
                          refresh=args.refresh, progress=show)
    size = out.stat().st_size / 1e6
    print(f"{out}: {int(meta['places']):,} places, {int(meta['names']):,} names, {size:,.0f} MB, "
          f"built in {meta['build_seconds']} s")
    print(f"use it with: export UNREST_ATLAS_GAZETTEER={out}")
    return 0


def run_info(args: argparse.Namespace) -> int:
    import os

    from geodata.places.geonames import index_info

    info = index_info(args.path)
    chosen = "--path" if args.path else (
        "UNREST_ATLAS_GAZETTEER" if os.environ.get("UNREST_ATLAS_GAZETTEER") else "default")
    size = int(info["size"])
    print(f"index:   {info['edition']}")
    print(f"path:    {info['path']}  (chosen by: {chosen})")
    print(f"size:    {size / 1e6:,.1f} MB on disk")
    print(f"places:  {int(info['places']):,}")
    print(f"names:   {int(info['names']):,}")
    print(f"built:   {info['built']}")
    print(f"sources: {info['sources']}")
    return 0
