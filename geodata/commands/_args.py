"""Argument types and options shared by the sub-commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

__all__ = ["COMMON_OPTIONS", "add_common_options", "bounded_int", "published_date",
           "show_progress"]

#: The options ``geocode`` and ``batch`` share: flag -> ``add_argument`` keywords, in the order
#: :func:`add_common_options` adds them.
COMMON_OPTIONS: dict[str, dict[str, Any]] = {
    "--published": {"metavar": "YYYY-MM-DD",
                    "help": "publication date for reports that give none"},
    "--include-demonyms": {"action": "store_true",
                           "help": "also report country adjectives ('Russian') as mentions of "
                           "the country, as research corpora (LGL, GeoWebNews) count them"},
    "--include-embedded": {"action": "store_true",
                           "help": "also report places inside organisation names ('US' in 'US "
                           "Army'), role context, as research corpora count them"},
    "--progress": {"action": argparse.BooleanOptionalAction, "default": None,
                   "help": "progress bar on stderr (default: when stderr is a terminal)"},
}
#: The shared options that set the geoparser (their help can point to ``geocode``'s instead).
_GEOPARSER_OPTIONS = ("--include-demonyms", "--include-embedded")


def add_common_options(p: argparse.ArgumentParser, *names: str, see: str | None = None) -> None:
    """Add the shared options ``names`` (all of :data:`COMMON_OPTIONS` if none) to ``p``, in
    the order given; with ``see``, the geoparser options' help reads "as for SEE".

    >>> p = argparse.ArgumentParser()
    >>> add_common_options(p, "--published", "--progress")
    >>> p.parse_args(["--published", "2022-01-05", "--no-progress"])
    Namespace(published='2022-01-05', progress=False)
    """
    for name in names or COMMON_OPTIONS:
        kw = COMMON_OPTIONS[name]
        if see is not None and name in _GEOPARSER_OPTIONS:
            kw = {**kw, "help": f"as for {see}"}
        p.add_argument(name, **kw)


def published_date(args: argparse.Namespace) -> date | None:
    """``--published`` as a date (``None`` if not given); a ``ValueError`` that names the
    option if it is not a date YYYY-MM-DD in the accepted range."""
    from geodata.io.reports import parse_date

    return parse_date(args.published, "--published")


def show_progress(args: argparse.Namespace) -> bool:
    """Whether to draw a progress bar: as ``--progress``/``--no-progress`` say, else when
    stderr is a terminal."""
    return sys.stderr.isatty() if args.progress is None else bool(args.progress)


def bounded_int(what: str, lo: int, hi: int) -> Callable[[str], int]:
    """An argparse ``type`` for an integer in ``lo..hi`` that names ``what`` in its errors.

    >>> port = bounded_int("port", 1, 65535)
    >>> port("8502")
    8502
    >>> port("0")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: port must be 1-65535, not 0
    """

    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} {value!r} is not an integer {lo}-{hi}") from None
        if not lo <= n <= hi:
            raise argparse.ArgumentTypeError(f"{what} must be {lo}-{hi}, not {n}")
        return n

    parse.__name__ = what.replace(" ", "_")  # argparse names the type in its messages
    return parse
