"""Matching and combining event records from several reports (pure functions, no SQL).

An incoming event *matches* a stored one when it has the same ``event_type``, their date
windows overlap and they are at the same place: the same GeoNames id, or within
:data:`MERGE_KM` kilometres in the same admin-1 region. Country-level events
(``geo_precision`` 4) only match other country-level events of the same country.

The stored event is then recomputed from all its source records by :func:`aggregate`.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from geodata.events.dates import parse_date
from geodata.events.taxonomy import EVENT_TYPES

__all__ = [
    "MERGE_KM",
    "SOURCES_SEP",
    "SUB_EVENT_RANK",
    "aggregate",
    "date_window",
    "distance_km",
    "match_score",
    "sources_key",
]

#: Two events at most this far apart (and in the same admin-1) are at the same place.
MERGE_KM = 10.0

#: How a merged event's ``source`` joins the names of its sources.
SOURCES_SEP = "; "


def sources_key(source: Any) -> Any:
    """``";A;B;"`` for the sources ``"A; B"`` (a pandas Series of ``source`` values): the key
    in which a whole source name ``X`` is found as ``";X;"`` (the store's SQL does the same).

    >>> import pandas as pd
    >>> sources_key(pd.Series(["Steppe Wire; Caspian Daily", None])).tolist()
    [';Steppe Wire;Caspian Daily;', ';;']
    """
    return ";" + source.fillna("").astype(str).str.replace(SOURCES_SEP, ";", regex=False) + ";"

#: ACLED's event types and their sub-event types; within a type, earlier = higher tactic.

#: sub_event_type -> rank (0 = highest tactic of its type).
SUB_EVENT_RANK: dict[str, int] = {s: i for subs in EVENT_TYPES.values() for i, s in enumerate(subs)}

#: Fields that describe where an event is: taken together from the most precise source.
LOCATION_FIELDS = (
    "location",
    "admin1",
    "country",
    "country_code",
    "latitude",
    "longitude",
    "geo_precision",
    "geonameid",
)
DATE_FIELDS = ("event_date", "time_precision")


def date_window(event_date: object, time_precision: object) -> tuple[date, date] | None:
    """The days an event may have happened on, from its date and ACLED time precision.

    Precision 1: that day; 2: three days either side (the middle of a week is recorded);
    3 or more: the calendar month.

    >>> date_window("2022-01-05", 2)
    (datetime.date(2022, 1, 2), datetime.date(2022, 1, 8))
    >>> date_window("2022-02-10", 3)
    (datetime.date(2022, 2, 1), datetime.date(2022, 2, 28))
    """
    d = parse_date(event_date)
    if d is None:
        return None
    p = int(time_precision or 1)  # type: ignore[call-overload]
    if p <= 1:
        return d, d
    if p == 2:
        return d - timedelta(days=3), d + timedelta(days=3)
    last = calendar.monthrange(d.year, d.month)[1]
    return d.replace(day=1), d.replace(day=last)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine).

    >>> round(distance_km(43.25, 76.95, 43.25, 77.05), 1)
    8.1
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _same_text(a: object, b: object) -> bool:
    """Equal ignoring case; an unknown side does not contradict."""
    if not a or not b:
        return True
    return str(a).casefold() == str(b).casefold()


def match_score(new: Mapping[str, Any], old: Mapping[str, Any]) -> float | None:
    """How well a stored event ``old`` matches an incoming ``new`` one (lower is better).

    ``None`` when they are not the same event.
    """
    if new.get("event_type") != old.get("event_type"):
        return None
    wn = date_window(new.get("event_date"), new.get("time_precision"))
    wo = date_window(old.get("event_date"), old.get("time_precision"))
    if wn is None or wo is None or wn[0] > wo[1] or wo[0] > wn[1]:
        return None
    day_gap = abs((parse_date(new["event_date"]) - parse_date(old["event_date"])).days)  # type: ignore[operator]
    if not _same_text(new.get("country_code"), old.get("country_code")):
        return None
    gn, go = new.get("geonameid"), old.get("geonameid")
    if gn is not None and go is not None and int(gn) == int(go):
        return float(day_gap / 100.0)
    national = (new.get("geo_precision") == 4, old.get("geo_precision") == 4)
    if any(national):
        if all(national) and new.get("country_code") and new.get("country_code") == old.get("country_code"):
            return float(0.5 + day_gap / 100.0)
        return None
    coords = (new.get("latitude"), new.get("longitude"), old.get("latitude"), old.get("longitude"))
    if any(c is None for c in coords):
        return None
    km = distance_km(*coords)  # type: ignore[arg-type]
    if km > MERGE_KM or not _same_text(new.get("admin1"), old.get("admin1")):
        return None
    return float(1.0 + km / MERGE_KM + day_gap / 100.0)


def _empty(v: object) -> bool:
    return v is None or v == ""


def aggregate(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Combine the per-report records of one event into the stored event.

    ``records`` are dicts of :class:`~geodata.model.Event` fields, first-ingested first, each
    with an extra ``_source`` key (the name of the source, or the report id if unnamed).

    - everything comes from the first record, empty fields filled from the others;
    - place fields together from the record with the finest ``geo_precision``, date fields from
      the one with the finest ``time_precision``;
    - ``sub_event_type``: the highest tactic any source reports (ACLED's order);
    - ``fatalities``: the lowest figure reported, with ``fatalities_low``/``fatalities_high``;
      ``injuries`` and ``arrests``: the lowest reported; ``severity`` and ``confidence``: the highest;
    - ``source``: the distinct source names joined by ``"; "``; ``sources_count``: how many
      distinct sources; ``reports_count``: how many reports.
    """
    if not records:
        raise ValueError("no records to aggregate")
    first = records[0]
    out: dict[str, Any] = {k: v for k, v in first.items() if not k.startswith("_")}
    for rec in records[1:]:
        for k, v in rec.items():
            if not k.startswith("_") and _empty(out.get(k)) and not _empty(v):
                out[k] = v

    located = [r for r in records if r.get("latitude") is not None and r.get("longitude") is not None]
    if located:
        best = min(located, key=lambda r: r.get("geo_precision") or 9)
        for k in LOCATION_FIELDS:
            out[k] = best.get(k)
    dated = [r for r in records if r.get("event_date")]
    if dated:
        best = min(dated, key=lambda r: r.get("time_precision") or 9)
        for k in DATE_FIELDS:
            out[k] = best.get(k)

    subs = [str(r.get("sub_event_type")) for r in records if r.get("sub_event_type") in SUB_EVENT_RANK]
    if subs:
        out["sub_event_type"] = min(subs, key=lambda s: SUB_EVENT_RANK[s])

    def _vals(key: str) -> list[Any]:
        return [r[key] for r in records if r.get(key) is not None]

    fat = [int(v) for v in _vals("fatalities")]
    out["fatalities"] = min(fat) if fat else None
    out["fatalities_low"] = min(fat) if fat else None
    out["fatalities_high"] = max(fat) if fat else None
    for key in ("injuries", "arrests"):
        vals = [int(v) for v in _vals(key)]
        out[key] = min(vals) if vals else None
    sev = [int(v) for v in _vals("severity")]
    out["severity"] = max(sev) if sev else 0
    conf = [float(v) for v in _vals("confidence")]
    out["confidence"] = max(conf) if conf else 0.0

    names: list[str] = []
    keys: list[str] = []
    for r in records:
        name = r.get("source") or ""
        if name and name not in names:
            names.append(name)
        key = str(r.get("_source") or name or r.get("report_id") or "").casefold()
        if key not in keys:
            keys.append(key)
    out["source"] = SOURCES_SEP.join(names) if names else first.get("source")
    out["sources_count"] = len(keys)
    out["reports_count"] = len({r.get("report_id") for r in records})

    tags: list[str] = []
    for r in records:
        for t in str(r.get("tags") or "").split(";"):
            t = t.strip()
            if t and t not in tags:
                tags.append(t)
    out["tags"] = "; ".join(tags)
    return out
