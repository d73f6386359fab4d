"""The one set of filter options of ``events``, ``export-events`` and ``export-map``.

:func:`add_filter_args` declares them; :meth:`geodata.store.filter.EventFilter.from_args`
reads them back into the filter the store, the frames and the map subtitle share.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from geodata.commands._args import bounded_int
from geodata.events.taxonomy import EVENT_TYPES
from geodata.store.filter import REVIEW_STATUSES, EventFilter

__all__ = ["add_filter_args", "event_filter", "filter_kwargs", "filters_text"]

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
    return parts[0], parts[1], parts[2], parts[3]


def add_filter_args(p: argparse.ArgumentParser) -> None:
    """``--from --to --type/--types --sub-type --min-severity --max-severity --country --admin1
    --actor --text --bbox --source --status --include-rejected``."""
    g = p.add_argument_group("filters (every one given must pass)")
    g.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD", help="first day")
    g.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD", help="last day")
    g.add_argument("--type", dest="types", type=_event_type, action="append", metavar="TYPE",
                   help="ACLED event type to keep (repeatable)")  # fmt: skip
    g.add_argument("--types", dest="type_lists", type=_event_types, action="append", metavar="T1,T2",
                   help="event types to keep, comma-separated")  # fmt: skip
    g.add_argument("--sub-type", dest="sub_types", action="append", metavar="SUB_TYPE",
                   help="ACLED sub-event type to keep (repeatable)")  # fmt: skip
    g.add_argument("--min-severity", type=_severity, metavar="N", help="keep severity >= N (1-5)")
    g.add_argument("--max-severity", type=_severity, metavar="N", help="keep severity <= N (1-5)")
    g.add_argument("--country", dest="countries", action="append", metavar="CC_OR_NAME",
                   help="ISO alpha-2 code or country name (repeatable)")  # fmt: skip
    g.add_argument("--admin1", action="append", metavar="NAME", help="admin-1 region (repeatable)")
    g.add_argument("--actor", dest="actors", action="append", metavar="NAME", help="actor1/actor2 (repeatable)")
    g.add_argument("--text", help="substring of notes, place, actors or source")
    g.add_argument("--bbox", type=_bbox, metavar="W,S,E,N",
                   help="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT (W > E: across the antimeridian)")  # fmt: skip
    g.add_argument("--source", dest="sources", action="append", metavar="NAME",
                   help="keep events reported by this source (repeatable)")  # fmt: skip
    g.add_argument("--status", dest="statuses", action="append", choices=REVIEW_STATUSES,
                   help="review state to keep (repeatable)")  # fmt: skip
    g.add_argument("--include-rejected", action="store_true", help="also take events an analyst rejected")


def event_filter(args: argparse.Namespace) -> EventFilter:
    """The parsed filters (see :meth:`EventFilter.from_args`).

    Raises
    ------
    InputError
        ``--from`` after ``--to``, ``--min-severity`` above ``--max-severity``.
    """
    return EventFilter.from_args(args)


def filter_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """The parsed filters as keyword arguments of ``EventStore.events`` (every key, ``None``
    when not given; dates as ISO strings).

    Raises
    ------
    InputError
        ``--from`` after ``--to``, ``--min-severity`` above ``--max-severity``.
    """
    flt = event_filter(args)
    kw: dict[str, Any] = dict.fromkeys(_KEYS)
    kw.update(flt.store_kwargs(), include_rejected=flt.include_rejected)
    return kw


#: The keys of :func:`filter_kwargs`.
_KEYS = ("date_from", "date_to", "event_types", "sub_event_types", "min_severity", "max_severity",
         "countries", "admin1", "actors", "text", "bbox", "include_rejected", "statuses", "sources")  # fmt: skip


def filters_text(kw: EventFilter | dict[str, Any]) -> str:
    """The filters other than dates in words, for a map subtitle (which states the dates).

    >>> filters_text({"event_types": ["Riots"], "min_severity": 3, "date_from": "2022-01-04"})
    'type: Riots · severity ≥ 3'
    """
    flt = kw if isinstance(kw, EventFilter) else EventFilter.from_kwargs(**kw)
    return flt.replace(date_from=None, date_to=None).describe()
