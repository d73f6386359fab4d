"""One event filter for the store's SQL, for frames, and for the command line.

:class:`EventFilter` says which events to keep: dates, types, sub-types, severity, countries,
admin-1 regions, actors, sources, text, review statuses, a map area and a few store-only keys.
The same filter selects the same events three ways:

- :meth:`EventFilter.to_sql`: a ``WHERE`` condition with bound parameters for the store;
- :meth:`EventFilter.mask`: a boolean array over a frame of events (exports, the dashboard);
- :meth:`EventFilter.from_args`: built from the command line's filter options.

>>> f = EventFilter.from_kwargs(date_from="2022-01-04", event_types="Riots", countries=["KZ"])
>>> sql, params = f.to_sql()
>>> sql
'event_date >= ? AND "event_type" IN (?) AND "country_code" IN (?) AND status != \\'rejected\\''
>>> params
['2022-01-04', 'Riots', 'KZ']
>>> import pandas as pd
>>> frame = pd.DataFrame({"event_date": ["2022-01-03", "2022-01-05"], "event_type": ["Riots"] * 2,
...                       "country_code": ["KZ", "KZ"], "status": ["unreviewed"] * 2})
>>> f.mask(frame).tolist()
[False, True]
>>> f.describe()
'dates: 2022-01-04 to … · type: Riots · country: KZ'

This module imports no pandas or numpy until a frame is masked (``import geodata`` stays fast).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:  # pragma: no cover
    import argparse

    import numpy as np
    import numpy.typing as npt
    import pandas as pd

__all__ = ["REVIEW_STATUSES", "SEARCH_FIELDS", "EventFilter", "FilterArgs", "day_number", "nocase"]

#: Review states of an event, in workflow order. ``rejected`` events are left out of queries
#: unless asked for (``include_rejected`` or ``statuses``).
REVIEW_STATUSES: tuple[str, ...] = ("unreviewed", "verified", "flagged", "rejected")

#: Event fields whose text a ``text`` filter searches (the store keeps them case-folded in its
#: ``event_search`` table).
SEARCH_FIELDS: tuple[str, ...] = (
    "notes", "location", "actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "admin1", "country",
    "sub_event_type", "source", "tags",
)  # fmt: skip

#: How a store looks up country names: ``(names, codes already known) -> more codes``.
CountryLookup = Callable[[Sequence[str], Collection[str]], Iterable[str]]

_EPOCH = date(1970, 1, 1)
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def nocase(value: str) -> str:
    """``value`` with only ASCII letters lower-cased: SQLite's ``COLLATE NOCASE``.

    >>> nocase("ÎLE-de-France")
    'Île-de-france'
    """
    return value.translate(_ASCII_LOWER)


def _strings(value: str | int | Iterable[Any] | None) -> tuple[str, ...] | None:
    """``None``, or the values as a tuple of strings (one value or several; order kept)."""
    if value is None:
        return None
    if isinstance(value, (str, int)):
        return (str(value),)
    return tuple(str(v) for v in value)


def _day(value: str | date | None, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return date(value.year, value.month, value.day)  # a datetime's day
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError(f"{what} must be a date YYYY-MM-DD, not {value!r}") from None


def _int(value: Any, what: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be an integer, not {value!r}") from None


def _bbox(value: Sequence[float] | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    if isinstance(value, str) or len(value) != 4:
        raise ValueError("bbox is (min_lon, min_lat, max_lon, max_lat)")
    try:
        w, s, e, n = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError("bbox is (min_lon, min_lat, max_lon, max_lat), in degrees") from None
    if not all(math.isfinite(v) for v in (w, s, e, n)):
        raise ValueError("bbox values must be finite numbers")
    return (w, s, e, n)


def _q(name: str) -> str:
    return f'"{name}"'


class FilterArgs(TypedDict, total=False):
    """The filters as keyword arguments (of ``EventStore.events``, ``count``, ``from_kwargs``)."""

    date_from: str | date | None
    date_to: str | date | None
    event_types: str | Iterable[str] | None
    sub_event_types: str | Iterable[str] | None
    min_severity: int | None
    countries: str | Iterable[str] | None
    admin1: str | Iterable[str] | None
    actors: str | Iterable[str] | None
    text: str | None
    bbox: Sequence[float] | None
    include_rejected: bool
    statuses: str | Iterable[str] | None
    report_id: str | None
    event_ids: Iterable[str] | None
    sources: str | Iterable[str] | None
    max_severity: int | None


@dataclass(frozen=True)
class EventFilter:
    """Which events to keep; every filter given must pass (hashable: a cache key).

    ``None`` (the default) means "any"; an empty tuple keeps nothing. Build one from loose
    values (a string or a list for a tuple, ISO strings for dates) with :meth:`from_kwargs`.

    Attributes
    ----------
    date_from, date_to
        Inclusive bounds on ``event_date``; events without a date fall outside.
    event_types, sub_event_types
        ACLED types and sub-types to keep.
    min_severity, max_severity
        Inclusive bounds on ``severity`` (1-5); events without one fall outside.
    countries
        ISO alpha-2 codes (any case), or country names (``COLLATE NOCASE``): a name keeps the
        events of every code stored with that name.
    admin1
        Admin-1 region names (``COLLATE NOCASE``: ASCII letters in any case).
    actors
        Keep events whose ``actor1`` or ``actor2`` is one of these.
    sources
        Keep events reported by one of these sources: a whole name among the event's
        ``"; "``-joined ``source``.
    text
        Case-insensitive substring of an event's :data:`SEARCH_FIELDS`.
    statuses
        Review states to keep (one of :data:`REVIEW_STATUSES`); given, it overrides
        ``include_rejected``.
    include_rejected
        Also keep events an analyst rejected.
    bbox
        ``(min_lon, min_lat, max_lon, max_lat)`` in degrees, edges included; ``min_lon >
        max_lon`` crosses the antimeridian. Events without coordinates fall outside.
    report_id
        Keep events with a source in this report (the store only: a frame has no sources).
    event_ids
        Keep only these events.
    """

    date_from: date | None = None
    date_to: date | None = None
    event_types: tuple[str, ...] | None = None
    sub_event_types: tuple[str, ...] | None = None
    min_severity: int | None = None
    max_severity: int | None = None
    countries: tuple[str, ...] | None = None
    admin1: tuple[str, ...] | None = None
    actors: tuple[str, ...] | None = None
    sources: tuple[str, ...] | None = None
    text: str | None = None
    statuses: tuple[str, ...] | None = None
    include_rejected: bool = False
    bbox: tuple[float, float, float, float] | None = None
    report_id: str | None = None
    event_ids: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        put = object.__setattr__  # frozen: normalise in place, once
        put(self, "date_from", _day(self.date_from, "date_from"))
        put(self, "date_to", _day(self.date_to, "date_to"))
        for name in ("event_types", "sub_event_types", "countries", "admin1", "actors", "sources",
                     "statuses", "event_ids"):  # fmt: skip
            put(self, name, _strings(getattr(self, name)))
        put(self, "min_severity", _int(self.min_severity, "min_severity"))
        put(self, "max_severity", _int(self.max_severity, "max_severity"))
        text = self.text.strip() if isinstance(self.text, str) else None
        put(self, "text", text or None)
        put(self, "include_rejected", bool(self.include_rejected))
        put(self, "bbox", _bbox(self.bbox))
        put(self, "report_id", None if self.report_id is None else str(self.report_id))

    # ------------------------------------------------------------------ building
    @classmethod
    def from_kwargs(
        cls,
        date_from: str | date | None = None,
        date_to: str | date | None = None,
        event_types: str | Iterable[str] | None = None,
        sub_event_types: str | Iterable[str] | None = None,
        min_severity: int | None = None,
        countries: str | Iterable[str] | None = None,
        admin1: str | Iterable[str] | None = None,
        actors: str | Iterable[str] | None = None,
        text: str | None = None,
        bbox: Sequence[float] | None = None,
        include_rejected: bool = False,
        statuses: str | Iterable[str] | None = None,
        report_id: str | None = None,
        event_ids: Iterable[str] | None = None,
        sources: str | Iterable[str] | None = None,
        max_severity: int | None = None,
    ) -> EventFilter:
        """A filter from the keyword arguments of ``EventStore.events`` (same order).

        Raises
        ------
        ValueError
            For a date that is not ``YYYY-MM-DD``, a severity that is not an integer, or a
            bbox that is not four finite numbers.
        """
        return cls(
            date_from=date_from,  # type: ignore[arg-type]  # normalised by __post_init__
            date_to=date_to,  # type: ignore[arg-type]
            event_types=_strings(event_types),
            sub_event_types=_strings(sub_event_types),
            min_severity=min_severity,
            max_severity=max_severity,
            countries=_strings(countries),
            admin1=_strings(admin1),
            actors=_strings(actors),
            sources=_strings(sources),
            text=text,
            statuses=_strings(statuses),
            include_rejected=include_rejected,
            bbox=bbox,  # type: ignore[arg-type]
            report_id=report_id,
            event_ids=None if event_ids is None else tuple(dict.fromkeys(str(x) for x in event_ids)),
        )

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> EventFilter:
        """The filter of the command line's options (see ``geodata.commands._filters``).

        Raises
        ------
        geodata.exceptions.InputError
            ``--from`` after ``--to``, or ``--min-severity`` above ``--max-severity``.
        """
        from geodata.exceptions import InputError

        def get(name: str) -> Any:
            return getattr(args, name, None)

        lo, hi = get("date_from"), get("date_to")
        if lo and hi and str(lo) > str(hi):
            raise InputError(f"--from {lo} is after --to {hi}")
        smin, smax = get("min_severity"), get("max_severity")
        if smin is not None and smax is not None and smin > smax:
            raise InputError(f"--min-severity {smin} is above --max-severity {smax}")
        types = [*(get("types") or []), *(t for lst in (get("type_lists") or []) for t in lst)]
        return cls.from_kwargs(
            date_from=lo, date_to=hi, event_types=list(dict.fromkeys(types)) or None,
            sub_event_types=get("sub_types"), min_severity=smin, max_severity=smax,
            countries=get("countries"), admin1=get("admin1"), actors=get("actors"),
            text=get("text"), bbox=get("bbox"), include_rejected=bool(get("include_rejected")),
            statuses=get("statuses"), sources=get("sources"),
        )  # fmt: skip

    def replace(self, **changes: Any) -> EventFilter:
        """A copy with some fields changed (normalised as the constructor does)."""
        return dataclasses.replace(self, **changes)

    def store_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of ``EventStore.events``/``count`` for this filter (only the
        filters set, dates as ISO strings).

        >>> EventFilter.from_kwargs(countries="KZ", min_severity=3).store_kwargs()
        {'min_severity': 3, 'countries': ['KZ']}
        """
        kw: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None or (f.name == "include_rejected" and not value):
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple) and f.name != "bbox":
                value = list(value)
            kw[f.name] = value
        return kw

    # ------------------------------------------------------------------ SQL
    def to_sql(self, country_codes: CountryLookup | None = None) -> tuple[str, list[Any]]:
        """The condition on the store's ``events`` table, with its bound parameters.

        Parameters
        ----------
        country_codes
            How the store finds the codes stored with country names (an index lookup);
            without it a name is matched by a sub-query (same events).

        Returns
        -------
        tuple of (str, list)
            The SQL condition (``""``: every event) with one ``?`` per parameter.
        """
        clauses: list[str] = []
        params: list[Any] = []

        def isin(col: str, values: Sequence[Any], coll: str = "") -> None:
            if not values:
                clauses.append("0")
                return
            clauses.append(f"{_q(col)}{coll} IN ({', '.join('?' for _ in values)})")
            params.extend(values)

        if self.date_from:
            clauses.append("event_date >= ?")
            params.append(self.date_from.isoformat())
        if self.date_to:
            clauses.append("event_date <= ?")
            params.append(self.date_to.isoformat())
        if self.event_types is not None:
            isin("event_type", self.event_types)
        if self.sub_event_types is not None:
            isin("sub_event_type", self.sub_event_types)
        if self.min_severity is not None:
            clauses.append("severity >= ?")
            params.append(self.min_severity)
        if self.max_severity is not None:
            clauses.append("severity <= ?")
            params.append(self.max_severity)
        if self.countries is not None:
            self._countries_sql(clauses, params, country_codes)
        if self.admin1 is not None:
            isin("admin1", self.admin1, " COLLATE NOCASE")
        if self.actors is not None:
            marks = ", ".join("?" for _ in self.actors)
            clauses.append(f"(actor1 IN ({marks}) OR actor2 IN ({marks}))" if self.actors else "0")
            params += list(self.actors) * 2
        if self.text:
            # instr() rather than LIKE: GDAL replaces LIKE with a slower function of its own
            clauses.append("event_id IN (SELECT event_id FROM event_search WHERE instr(text, ?) > 0)")
            params.append(self.text.casefold())
        self._place_sql(clauses, params, isin)
        return " AND ".join(clauses), params

    def _countries_sql(self, clauses: list[str], params: list[Any], lookup: CountryLookup | None) -> None:
        assert self.countries is not None
        codes = sorted(self.country_codes())
        names = self.country_names()
        if names and lookup is not None:
            codes = sorted({*codes, *lookup(names, codes)})
            names = ()
        ors = []
        if codes:
            ors.append(f"{_q('country_code')} IN ({', '.join('?' for _ in codes)})")
            params.extend(codes)
        for name in names:
            ors.append("country_code IN (SELECT country_code FROM events WHERE country = ? COLLATE NOCASE"
                       " AND country_code != '')")  # fmt: skip
            params.append(name)
        clauses.append(ors[0] if len(ors) == 1 else f"({' OR '.join(ors)})" if ors else "0")

    def _place_sql(self, clauses: list[str], params: list[Any], isin: Callable[..., None]) -> None:
        """The map area, status, report, source and id conditions of :meth:`to_sql`."""
        if self.bbox is not None:
            x0, y0, x1, y1 = self.bbox
            clauses.append("latitude BETWEEN ? AND ?")
            params += [y0, y1]
            if x0 <= x1:
                clauses.append("longitude BETWEEN ? AND ?")
            else:  # crosses the antimeridian
                clauses.append("(longitude >= ? OR longitude <= ?)")
            params += [x0, x1]
        if self.statuses is not None:
            isin("status", self.statuses)
        elif not self.include_rejected:
            clauses.append("status != 'rejected'")
        if self.report_id is not None:
            clauses.append("event_id IN (SELECT event_id FROM event_sources WHERE report_id = ?)")
            params.append(self.report_id)
        names = self.source_names()
        if names is not None:
            # one of the "; "-joined source names, whole (as the facets list them)
            ors = " OR ".join("instr(';' || replace(coalesce(source, ''), '; ', ';') || ';', ?) > 0"
                              for _ in names)  # fmt: skip
            clauses.append(f"({ors})" if names else "0")
            params += [f";{n};" for n in names]
        if self.event_ids is not None:
            isin("event_id", self.event_ids)

    def country_codes(self) -> set[str]:
        """The ISO codes among :attr:`countries` (two letters), upper-cased."""
        return {c.strip().upper() for c in self.countries or () if len(c.strip()) == 2}

    def country_names(self) -> tuple[str, ...]:
        """The country names among :attr:`countries` (anything but two letters), stripped."""
        return tuple(c.strip() for c in self.countries or () if len(c.strip()) != 2)

    def source_names(self) -> list[str] | None:
        """The whole source names of :attr:`sources` (stripped, blanks dropped), or ``None``."""
        if self.sources is None:
            return None
        return [s.strip() for s in self.sources if s.strip()]

    # ------------------------------------------------------------------ frames
    def mask(self, frame: pd.DataFrame, text_ids: Iterable[str] | None = None) -> npt.NDArray[np.bool_]:
        """Which rows of a frame of events pass (the same events as :meth:`to_sql`).

        Parameters
        ----------
        frame
            Event columns as ``EventStore.events`` gives them (missing columns count as
            empty). Helper columns make it faster when present: ``_day`` (days since
            1970-01-01 of ``event_date``, NaN when unknown), ``_admin1_cf`` (``admin1``
            case-folded) and ``_sources`` (see :func:`geodata.events.merge.sources_key`).
        text_ids
            The ids of the events matching :attr:`text` (e.g. from the store's search index);
            without them the text is searched in the frame's :data:`SEARCH_FIELDS`.

        Returns
        -------
        numpy.ndarray
            One bool per row.

        Raises
        ------
        ValueError
            With :attr:`report_id` (the sources of merged events are in the store only).
        """
        from geodata.store import _mask

        return _mask.mask(self, frame, text_ids)

    def apply(self, frame: pd.DataFrame, text_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """The rows of ``frame`` that pass (see :meth:`mask`), in their order."""
        return frame[self.mask(frame, text_ids)]

    # ------------------------------------------------------------------ words
    def describe(self) -> str:
        """The filters in words (a map's subtitle), ``""`` for none.

        >>> EventFilter.from_kwargs(event_types=["Riots"], min_severity=3, countries="KZ").describe()
        'type: Riots · severity ≥ 3 · country: KZ'
        """

        def plural(word: str, many: str, values: Sequence[str]) -> str:
            return f"{many if len(values) > 1 else word}: {', '.join(values)}"

        bits = []
        if self.date_from or self.date_to:
            lo = self.date_from.isoformat() if self.date_from else "…"
            bits.append(f"dates: {lo} to {self.date_to.isoformat() if self.date_to else '…'}")
        if self.event_types:
            bits.append(plural("type", "types", self.event_types))
        if self.sub_event_types:
            bits.append(plural("sub-type", "sub-types", self.sub_event_types))
        if self.min_severity is not None:
            bits.append(f"severity ≥ {self.min_severity}")
        if self.max_severity is not None:
            bits.append(f"severity ≤ {self.max_severity}")
        if self.countries:
            bits.append(plural("country", "countries", self.countries))
        if self.admin1:
            bits.append(plural("region", "regions", self.admin1))
        if self.actors:
            bits.append(plural("actor", "actors", self.actors))
        if self.bbox:
            bits.append("bbox: " + ", ".join(f"{v:g}" for v in self.bbox))
        if self.sources:
            bits.append(plural("source", "sources", self.sources))
        if self.text:
            bits.append(f'text: "{self.text}"')
        if self.statuses:
            bits.append(plural("status", "statuses", self.statuses))
        return " · ".join(bits)


def day_number(d: date) -> int:
    """Days since 1970-01-01 (the frames' fast date key ``_day``).

    >>> day_number(date(1970, 1, 2))
    1
    """
    return (d - _EPOCH).days
