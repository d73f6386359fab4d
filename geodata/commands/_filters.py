"""Filter options shared by ``export-map`` and ``export-events`` (the store's filters)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from geodata.exceptions import InputError

__all__ = ["add_filter_args", "filter_kwargs", "filters_text"]

from geodata.commands._args import bounded_int
from geodata.events.taxonomy import EVENT_TYPES

_EVENT_TYPES = tuple(EVENT_TYPES)


def _iso_date(value: str) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def _event_type(value: str) -> str:
    for t in _EVENT_TYPES:
        if value.strip().casefold() == t.casefold():
            return t
    raise argparse.ArgumentTypeError(f"unknown event type {value!r}; use one of: {'; '.join(_EVENT_TYPES)}")


def _event_types(value: str) -> list[str]:
    return [_event_type(v) for v in value.split(",") if v.strip()]


_severity = bounded_int("severity", 1, 5)


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        parts = tuple(float(v) for v in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or not (-180 <= parts[0] <= 180 and -180 <= parts[2] <= 180
                               and -90 <= parts[1] < parts[3] <= 90):  # fmt: skip
        raise argparse.ArgumentTypeError("bbox is MIN_LON,MIN_LAT,MAX_LON,MAX_LAT (degrees, min lat < max lat)")
    return parts  # type: ignore[return-value]


def add_filter_args(p: argparse.ArgumentParser) -> None:
    """``--from --to --type/--types --min-severity --country --admin1 --bbox --source
    --include-rejected``."""
    p.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help="first day")
    p.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help="last day")
    p.add_argument("--type", dest="types", type=_event_type, action="append", metavar="TYPE",
                   help="ACLED event type to keep (repeatable)")  # fmt: skip
    p.add_argument("--types", dest="type_lists", type=_event_types, action="append", metavar="T1,T2",
                   help="event types to keep, comma-separated")  # fmt: skip
    p.add_argument("--min-severity", type=_severity, metavar="N", help="keep severity >= N (1-5)")
    p.add_argument("--country", dest="countries", action="append", metavar="CC_OR_NAME",
                   help="ISO alpha-2 code or country name (repeatable)")  # fmt: skip
    p.add_argument("--admin1", action="append", metavar="NAME", help="admin-1 region (repeatable)")
    p.add_argument("--bbox", type=_bbox, metavar="W,S,E,N", help="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT")
    p.add_argument("--source", dest="sources", action="append", metavar="NAME",
                   help="keep events reported by this source (repeatable)")
    p.add_argument("--include-rejected", action="store_true", help="also take events an analyst rejected")


def filter_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """The parsed filters as keyword arguments of ``EventStore.events``.

    Raises
    ------
    InputError
        ``--from`` after ``--to``.
    """
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise InputError(f"--from {args.date_from} is after --to {args.date_to}")
    types = list(args.types or []) + [t for lst in (args.type_lists or []) for t in lst]
    return {
        "date_from": args.date_from,
        "date_to": args.date_to,
        "event_types": list(dict.fromkeys(types)) or None,
        "min_severity": args.min_severity,
        "countries": args.countries,
        "admin1": args.admin1,
        "bbox": args.bbox,
        "include_rejected": args.include_rejected,
        "sources": args.sources,
    }


def filters_text(kw: dict[str, Any]) -> str:
    """The filters other than dates in words, for a map subtitle (which states the dates)."""
    from geodata.maps.static import describe_filters

    return describe_filters(
        event_types=kw["event_types"],
        min_severity=kw["min_severity"], countries=kw["countries"], admin1=kw["admin1"], bbox=kw["bbox"],
        sources=kw.get("sources"),
    )  # fmt: skip
