"""The dashboard's filters and view options, and their form in the URL query string.

Pure Python (no Streamlit), so the same rules serve the pages, the tests and the benchmark.

>>> f = Filters.from_query({"type": ["Riots"], "sev": ["3"], "from": ["2022-01-02"]})
>>> f.types, f.min_severity, f.date_from
(('Riots',), 3, datetime.date(2022, 1, 2))
>>> f.to_query()
{'from': '2022-01-02', 'type': ['Riots'], 'sev': '3'}

Query keys: ``from``, ``to`` (ISO dates), ``play`` (``cumulative`` or ``window``), ``day``
(playback day), ``win`` (window days), ``type``, ``sub``, ``cc``, ``region``, ``actor``,
``status``, ``src`` (source names; repeatable), ``sev`` (minimum severity), ``q`` (text
search), ``bbox`` (map area
``W,S,E,N`` in degrees: a grid cell clicked on an aggregated map), and for the view ``sel``
(selected event), ``heat``, ``choro``, ``cluster``, ``base`` (``raster``: the raster
tiles instead of the vector basemap).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from geodata.store.filter import REVIEW_STATUSES, EventFilter, day_number

__all__ = [
    "PLAY_MODES",
    "Filters",
    "ViewOptions",
    "day_number",
    "effective_range",
]

#: Playback modes: every day up to the playback day, or a window of days ending on it.
PLAY_MODES: tuple[str, ...] = ("off", "cumulative", "window")
_MAX_TEXT = 200


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _first(params: Mapping[str, Any], key: str) -> str | None:
    v = params.get(key)
    if v is None:
        return None
    if isinstance(v, (list, tuple)):
        return str(v[0]) if v else None
    return str(v)


def _all(params: Mapping[str, Any], key: str) -> tuple[str, ...]:
    v = params.get(key)
    if v is None:
        return ()
    vals = list(v) if isinstance(v, (list, tuple)) else [v]
    out: list[str] = []
    for item in vals:  # "a,b" is not split: ACLED names contain commas
        s = str(item).strip()
        if s and s not in out:
            out.append(s)
    return tuple(out)


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``W,S,E,N`` degrees (west may exceed east: across the antimeridian), else ``None``.

    >>> _bbox("51.5,43.0,53.0,44.5"), _bbox("1,2,3"), _bbox("0,50,1,40")
    ((51.5, 43.0, 53.0, 44.5), None, None)
    """
    if not value:
        return None
    try:
        w, s, e, n = (float(v) for v in str(value).split(","))
    except ValueError:
        return None
    ok = all(np.isfinite([w, s, e, n])) and -180 <= w <= 180 and -180 <= e <= 180 \
        and -90 <= s <= n <= 90
    return (w, s, e, n) if ok else None


def _int(value: str | None, lo: int, hi: int) -> int | None:
    if value is None:
        return None
    try:
        n = int(value)
    except ValueError:
        return None
    return n if lo <= n <= hi else None


@dataclass(frozen=True)
class Filters:
    """What the analyst filtered on (hashable: a cache key).

    Attributes
    ----------
    date_from, date_to
        Inclusive date bounds (``None``: open).
    play, day, window
        Time playback: ``"off"``; ``"cumulative"`` (``date_from`` .. ``day``); ``"window"``
        (``window`` days ending on ``day``).
    types, sub_types
        ACLED event and sub-event types to keep (empty: all).
    min_severity
        Keep events with at least this severity (``None``: all).
    countries, regions, actors
        ISO alpha-2 codes, admin-1 names, actor names (``actor1`` or ``actor2``).
    text
        Case-insensitive text searched in the sources (notes, places, actors, source).
    statuses
        Review states to keep (empty: every state but ``rejected``).
    sources
        Source names to keep (an event is kept when one of its sources is one of them).
    bbox
        Map area ``(west, south, east, north)`` in degrees, edges included; ``west > east``
        crosses the antimeridian (``None``: anywhere). Events without coordinates fall outside.
    """

    date_from: date | None = None
    date_to: date | None = None
    play: str = "off"
    day: date | None = None
    window: int = 7
    types: tuple[str, ...] = ()
    sub_types: tuple[str, ...] = ()
    min_severity: int | None = None
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    text: str = ""
    statuses: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    sources: tuple[str, ...] = ()

    # ------------------------------------------------------------------ URL form
    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> Filters:
        """Filters from query parameters (``{key: [values]}`` or ``{key: value}``).

        Unknown keys and unreadable values are ignored (a shared link never breaks the page).
        """
        play = _first(params, "play") or "off"
        if play not in PLAY_MODES:
            play = "off"
        text = (_first(params, "q") or "").strip()[:_MAX_TEXT]
        statuses = tuple(s for s in _all(params, "status") if s in REVIEW_STATUSES)
        return cls(
            date_from=_date(_first(params, "from")),
            date_to=_date(_first(params, "to")),
            play=play,
            day=_date(_first(params, "day")),
            window=_int(_first(params, "win"), 1, 366) or 7,
            types=_all(params, "type"),
            sub_types=_all(params, "sub"),
            min_severity=_int(_first(params, "sev"), 0, 5),
            countries=tuple(c.upper() for c in _all(params, "cc")),
            regions=_all(params, "region"),
            actors=_all(params, "actor"),
            text=text,
            statuses=statuses,
            bbox=_bbox(_first(params, "bbox")),
            sources=_all(params, "src"),
        ).normalised()

    def to_query(self) -> dict[str, str | list[str]]:
        """The query parameters of these filters (defaults left out)."""
        q: dict[str, str | list[str]] = {}
        if self.date_from:
            q["from"] = self.date_from.isoformat()
        if self.date_to:
            q["to"] = self.date_to.isoformat()
        if self.play != "off":
            q["play"] = self.play
            if self.day:
                q["day"] = self.day.isoformat()
            if self.play == "window":
                q["win"] = str(self.window)
        for key, values in (("type", self.types), ("sub", self.sub_types), ("cc", self.countries),
                            ("region", self.regions), ("actor", self.actors),
                            ("status", self.statuses), ("src", self.sources)):
            if values:
                q[key] = list(values)
        if self.min_severity:
            q["sev"] = str(self.min_severity)
        if self.text:
            q["q"] = self.text
        if self.bbox:
            q["bbox"] = ",".join(f"{v:g}" for v in self.bbox)
        return q

    def normalised(self) -> Filters:
        """A copy with swapped date bounds fixed and a playback day inside the range."""
        f = self
        if f.date_from and f.date_to and f.date_from > f.date_to:
            f = dataclasses.replace(f, date_from=f.date_to, date_to=f.date_from)
        if f.play != "off" and f.day is not None:
            if f.date_from and f.day < f.date_from:
                f = dataclasses.replace(f, day=f.date_from)
            if f.date_to and f.day is not None and f.day > f.date_to:
                f = dataclasses.replace(f, day=f.date_to)
        return f

    # ------------------------------------------------------------------ queries
    def date_range(self) -> tuple[date | None, date | None]:
        """The dates the filters keep, playback applied (see :func:`effective_range`)."""
        return effective_range(self.date_from, self.date_to, self.play, self.day, self.window)

    def event_filter(self) -> EventFilter:
        """The :class:`~geodata.store.filter.EventFilter` of these filters (playback applied;
        an empty selection, or severity 0, filters nothing)."""
        lo, hi = self.date_range()
        return EventFilter(
            date_from=lo, date_to=hi, event_types=self.types or None,
            sub_event_types=self.sub_types or None, min_severity=self.min_severity or None,
            countries=self.countries or None, admin1=self.regions or None, actors=self.actors or None,
            sources=self.sources or None, text=self.text or None, statuses=self.statuses or None,
            bbox=self.bbox or None,
        )  # fmt: skip

    def store_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :meth:`geodata.store.eventstore.EventStore.events` / ``count``
        that select the same events."""
        return self.event_filter().store_kwargs()

    def mask(self, frame: pd.DataFrame, text_ids: Iterable[str] | None = None) -> npt.NDArray[np.bool_]:
        """Boolean mask of the rows of ``frame`` that pass (the store's query, on a frame: see
        :meth:`geodata.store.filter.EventFilter.mask`).

        ``frame`` holds the event columns plus ``_day`` (:func:`day_number` of ``event_date``,
        NaN when unknown); with ``_region_name`` (the dashboard's frame), regions are matched
        against it (``_admin1_cf`` is it case-folded); ``text_ids`` are the ids matching :attr:`text` (from the store's
        search index), required when :attr:`text` is set.
        """
        if self.text and text_ids is None:
            raise ValueError("a text filter needs the ids of the matching events")
        if self.regions and "_region_name" in frame.columns:
            # the region the map and the chart count the event in (see
            # :func:`dashboard.frames.region_names`), not the store's admin-1 name
            rest = dataclasses.replace(self, regions=()).event_filter().mask(frame, text_ids)
            want = {r.casefold() for r in self.regions}
            return rest & frame["_admin1_cf"].isin(want).to_numpy(dtype=bool)
        return self.event_filter().mask(frame, text_ids)

    def describe(self) -> str:
        """The filters in a few words (for captions and file metadata)."""
        lo, hi = self.date_range()
        bits = []
        if lo or hi:
            bits.append(f"{lo.isoformat() if lo else '…'} to {hi.isoformat() if hi else '…'}")
        if self.play == "window":
            bits.append(f"{self.window}-day window")
        elif self.play == "cumulative":
            bits.append("cumulative")
        for label, values in (("types", self.types), ("sub-types", self.sub_types),
                              ("countries", self.countries), ("regions", self.regions),
                              ("actors", self.actors), ("status", self.statuses),
                              ("sources", self.sources)):
            if values:
                bits.append(f"{label}: {', '.join(values)}")
        if self.min_severity:
            bits.append(f"severity ≥ {self.min_severity}")
        if self.text:
            bits.append(f'text "{self.text}"')
        if self.bbox:
            w, s, e, n = self.bbox
            bits.append(f"map area lat {s:g} to {n:g}, lon {w:g} to {e:g}")
        return "; ".join(bits) or "all events"


def effective_range(date_from: date | None, date_to: date | None, play: str, day: date | None,
                    window: int) -> tuple[date | None, date | None]:
    """The date bounds with playback applied.

    >>> d = date(2022, 1, 10)
    >>> effective_range(date(2022, 1, 1), date(2022, 1, 31), "cumulative", d, 7)
    (datetime.date(2022, 1, 1), datetime.date(2022, 1, 10))
    >>> effective_range(date(2022, 1, 1), date(2022, 1, 31), "window", d, 3)
    (datetime.date(2022, 1, 8), datetime.date(2022, 1, 10))
    """
    if play == "off" or day is None:
        return date_from, date_to
    hi = day if date_to is None else min(day, date_to)
    if play == "cumulative":
        return date_from, hi
    lo = hi - timedelta(days=max(1, int(window)) - 1)
    if date_from is not None and lo < date_from:
        lo = date_from
    return lo, hi


@dataclass(frozen=True)
class ViewOptions:
    """What the map shows (not a filter): the selected event and the layer options."""

    selected: str | None = None
    heat_weight: str = "severity"
    choropleth: str | None = "events"
    cluster: bool = True
    basemap: str = "vector"

    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> ViewOptions:
        """View options from query parameters (bad values fall back to defaults)."""
        heat = _first(params, "heat") or "severity"
        choro = _first(params, "choro") or "events"
        sel = (_first(params, "sel") or "").strip()[:200] or None
        return cls(
            selected=sel,
            heat_weight=heat if heat in ("severity", "fatalities") else "severity",
            choropleth=None if choro == "off" else (choro if choro in ("events", "fatalities")
                                                    else "events"),
            cluster=(_first(params, "cluster") or "1") != "0",
            basemap="raster" if _first(params, "base") == "raster" else "vector",
        )

    def to_query(self) -> dict[str, str]:
        """The query parameters of these options (defaults left out)."""
        q: dict[str, str] = {}
        if self.selected:
            q["sel"] = self.selected
        if self.heat_weight != "severity":
            q["heat"] = self.heat_weight
        if self.choropleth != "events":
            q["choro"] = self.choropleth or "off"
        if not self.cluster:
            q["cluster"] = "0"
        if self.basemap != "vector":
            q["base"] = self.basemap
        return q
