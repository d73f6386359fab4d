"""Interactive event maps (folium/Leaflet) that work with no network.

:func:`build_map` turns a table of events (the columns of :data:`geodata.model.EVENT_FIELDS`)
into a :class:`folium.Map` for the dashboard (``mode="static"``: assets served by Streamlit)
or for a self-contained HTML export (``mode="inline"``, written by :func:`save_html`).

What is drawn
-------------
* One layer per event type (ACLED's six, then any other), toggled in the layer control,
  coloured by type (:data:`geodata.maps.styles.EVENT_TYPE_COLORS`), radius by severity
  (:func:`geodata.maps.styles.severity_radius`).
* Location precision, honestly: ``geo_precision`` 1 -> a solid circle; 2 -> a circle with a
  dashed ring ("near" the place); 3 -> the admin-1 region's outline (one area per region and
  type, listing its events), or a faint halo circle when no outline matches; 4 -> not drawn
  (:func:`country_level` lists them; the legend counts them).
* Point events are circle markers carrying a GeoJSON ``feature`` whose properties hold
  ``event_id``: streamlit-folium returns it in ``last_active_drawing`` on click, and every
  popup shows "Event ID: ..." (``last_object_clicked_popup``). :func:`event_id_from_click`
  reads either.
* Clustering (Leaflet.markercluster, one cluster group per type, coloured, counts summed)
  when ``cluster=True``. **Aggregation rule**: when there are more point events than
  ``max_markers``, points are aggregated per event type into a square lat/lon grid whose cell
  is the smallest of 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20 or 45 degrees that
  gives at most ``max_markers`` cells; each cell is one circle (radius by log of its count,
  popup with counts, fatalities and dates, no event id) and the legend says so. The selected
  event is always drawn on its own. 200,000 events stay a few MB of HTML.
* A heat layer (Leaflet.heat; weights severity or fatalities, summed on a 0.01 degree grid or
  the aggregation grid) in its own pane above the outlines, ``pointer-events: none``.
* An admin-1 choropleth (events or fatalities per region) on the real outlines from
  ``boundaries.gpkg``, only regions with events, in a pane below the events.
* Basemap: ``"offline"`` -> in ``inline`` mode, embedded vector outlines (countries and
  admin-1 regions from ``boundaries.gpkg``, with labels) over a sea-coloured background; in
  ``static`` mode, the bundled OpenStreetMap raster tiles (zoom 0-6, upscaled beyond) served at
  ``tiles_url`` (default ``<static_prefix>/tiles/{z}/{x}/{y}.png``, see
  :func:`geodata.maps.assets.install_static`). ``"vector"`` and ``"tiles"`` force one of them;
  ``"web"`` uses online OpenStreetMap tiles and needs ``settings.web_tiles``; ``"none"``.
* A legend (types, severity sizes, precision key, counts) and attribution lines.

Popups escape every piece of report text (``html.escape``); the source sentence (``notes``)
shows the place highlighted with ``<mark>`` when the mention and sentence offsets are known.
A "Flag as wrong" button carries ``data-event-id`` (clicking it fires ``unrest-atlas:flag``).

Examples
--------
>>> import pandas as pd
>>> ev = pd.DataFrame([{"event_id": "e1", "event_type": "Protests", "latitude": 43.35,
...                     "longitude": 52.86, "geo_precision": 1, "severity": 2,
...                     "event_date": "2022-01-02", "time_precision": 1,
...                     "notes": "Crowds gathered in Zhanaozen."}])
>>> m = build_map(ev, boundaries=False, mode="inline", basemap="none")
>>> "Protests" in m.get_root().render()
True
"""

from __future__ import annotations

import html
import math
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import folium
import numpy as np
import pandas as pd
from folium.plugins import MarkerCluster

from geodata import settings
from geodata._atomic import atomic_write_text
from geodata.exceptions import DataMissingError, ExportError
from geodata.maps import _mapjs, styles
from geodata.maps import basemap as _basemap
from geodata.maps.assets import DEFAULT_STATIC_PREFIX, localize
from geodata.maps.regions import Boundaries, load_boundaries, match_regions

__all__ = [
    "NATURAL_EARTH_ATTRIBUTION",
    "Boundaries",
    "MapSummary",
    "build_map",
    "cell_from_click",
    "check_offline_html",
    "country_level",
    "day_numbers",
    "event_id_from_click",
    "event_popup_html",
    "format_event_date",
    "load_boundaries",
    "prepare_events",
    "save_html",
]

NATURAL_EARTH_ATTRIBUTION = ('Outlines: <a href="https://www.naturalearthdata.com/">'
                             "Natural Earth</a>")
#: Hosts an exported HTML may still link to (attribution links, never loaded).
ATTRIBUTION_HOSTS = ("www.openstreetmap.org", "openstreetmap.org", "www.naturalearthdata.com",
                     "naturalearthdata.com", "leafletjs.com", "www.geonames.org")
#: Grid cell sizes (degrees) tried, in order, when events are aggregated.
GRID_SIZES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 45.0)
#: Radius (metres) of the halo drawn for a region-level event with no matching outline.
HALO_METRES = 40_000
#: Events listed in the popup of one region area (the rest are counted).
REGION_POPUP_EVENTS = 8

_REQUIRED = ("event_id", "event_type", "latitude", "longitude", "geo_precision")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_LONG = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")

Mode = Literal["inline", "static"]


@dataclass
class MapSummary:
    """What :func:`build_map` drew (``m.unrest_summary``)."""

    points: int = 0
    regions: int = 0
    region_events: int = 0
    halos: int = 0
    country_level: int = 0
    unplaced: list[str] = field(default_factory=list)
    aggregated: bool = False
    grid_degrees: float | None = None
    cells: int = 0
    #: Events counted in the grid cells (aggregated maps).
    cell_events: int = 0
    heat_points: int = 0
    choropleth_regions: int = 0
    basemap: str = "none"
    #: (south, west, north, east) of the drawn events, ``None`` when nothing is drawn.
    extent: tuple[float, float, float, float] | None = None


# ----------------------------------------------------------------------------- formatting

def _s(value: Any) -> str:
    """``str(value)`` with ``None``/NaN as ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def _int(value: Any) -> int | None:
    try:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return None
        return int(value)
    except (TypeError, ValueError):
        return None


def format_event_date(event_date: Any, time_precision: Any = 1) -> str:
    """An event date in words, with its precision.

    >>> format_event_date("2022-01-05", 1)
    '5 Jan 2022 (exact day)'
    >>> format_event_date("2022-01-05", 2)
    'week of 5 Jan 2022'
    >>> format_event_date("2022-01-05", 3)
    'January 2022 (month)'
    >>> format_event_date(None)
    'date unknown'
    """
    text = _s(event_date)[:10]
    try:
        d = date.fromisoformat(text)
    except ValueError:
        return html.unescape(html.escape(text)) if text else "date unknown"
    p = _int(time_precision) or 1
    if p >= 3:
        return f"{_MONTHS_LONG[d.month - 1]} {d.year} (month)"
    day = f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    return f"week of {day}" if p == 2 else f"{day} (exact day)"


def _highlighted_notes(row: Mapping[str, Any], limit: int = 700) -> str:
    """Escaped ``notes`` with the mention in ``<mark>`` (offsets permitting), shortened."""
    notes = _s(row.get("notes"))
    if not notes:
        return ""
    a = b = None
    ms, me, ss = (_int(row.get(k)) for k in ("mention_start", "mention_end", "sentence_start"))
    if ms is not None and me is not None and ss is not None:
        a, b = ms - ss, me - ss
        if not (0 <= a < b <= len(notes)):
            a = b = None
    if a is None or b is None:
        if len(notes) > limit:
            notes = notes[: limit - 1] + "…"
        return html.escape(notes)
    before, mid, after = notes[:a], notes[a:b], notes[b:]
    room = max(40, (limit - len(mid)) // 2)
    if len(before) > room:
        before = "…" + before[-room:]
    if len(after) > room:
        after = after[:room] + "…"
    return f"{html.escape(before)}<mark>{html.escape(mid)}</mark>{html.escape(after)}"


def _status_html(status: str) -> str:
    s = status.strip().lower() or "unreviewed"
    label = {"verified": "✔ verified", "flagged": "⚑ flagged"}.get(s, html.escape(s))
    cls = re.sub(r"[^a-z0-9-]", "", s)
    return f'<span class="ua-status-{cls}">{label}</span>'


def event_popup_html(row: Mapping[str, Any]) -> str:
    """The popup of one event: every value escaped.

    Shows the date with its precision, type and sub-type, actors, fatalities/injuries,
    severity, the source sentence with the place in ``<mark>``, report id and source,
    corroborating sources, review status, the event id and a "Flag as wrong" button
    (``class="ua-flag" data-event-id="..."``).

    >>> h = event_popup_html({"event_id": "e1", "event_type": "Riots",
    ...                       "notes": "<script>x</script>"})
    >>> "<script>" in h, "&lt;script&gt;" in h
    (False, True)
    """
    e = html.escape
    eid = _s(row.get("event_id"))
    etype = _s(row.get("event_type")) or "Event"
    sub = _s(row.get("sub_event_type"))
    color = styles.type_color(etype)
    place = ", ".join(p for p in (_s(row.get("location")), _s(row.get("admin1")),
                                  _s(row.get("country"))) if p)
    prec = _int(row.get("geo_precision"))
    prec_label = styles.PRECISION_LABELS.get(prec or 0, "precision unknown")
    actors = " vs ".join(a for a in (_s(row.get("actor1")), _s(row.get("actor2"))) if a)
    fat, inj = _int(row.get("fatalities")), _int(row.get("injuries"))
    sev = _int(row.get("severity"))
    parts = [
        f'<div class="ua-popup" data-event-id="{e(eid)}">',
        f'<div class="ua-h"><span class="ua-swatch" style="background:{color}"></span> '
        f"{e(etype)}{(' · ' + e(sub)) if sub else ''}</div>",
        f'<div class="ua-meta">{e(format_event_date(row.get("event_date"), row.get("time_precision")))}'
        f"</div>",
        f'<div class="ua-meta">{e(place) or "place unknown"} <i>({e(prec_label)})</i></div>',
    ]
    if actors:
        parts.append(f"<div>Actors: {e(actors)}</div>")
    figures = [f"Fatalities: {fat if fat is not None else 'unknown'}"]
    if inj is not None:
        figures.append(f"Injuries: {inj}")
    if sev is not None:
        figures.append(f"Severity: {sev}/5")
    parts.append(f"<div>{' · '.join(figures)}</div>")
    notes = _highlighted_notes(row)
    if notes:
        parts.append(f'<div class="ua-notes">{notes}</div>')
    src_bits = []
    report = _s(row.get("report_id"))
    if report:
        src_bits.append(f"Report {e(report)}")
    if _s(row.get("source")):
        src_bits.append(f"source: {e(_s(row.get('source')))}")
    n_src = _int(row.get("sources_count"))
    if n_src is not None:
        src_bits.append(f"{n_src} source{'s' if n_src != 1 else ''}"
                        f"{' (corroborated)' if n_src > 1 else ''}")
    conf = row.get("confidence")
    try:
        if conf is not None and not math.isnan(float(conf)):
            src_bits.append(f"geocoding confidence {float(conf):.0%}")
    except (TypeError, ValueError):
        pass
    if src_bits:
        parts.append(f'<div class="ua-src">{" · ".join(src_bits)}</div>')
    parts.append(f"<div>{_status_html(_s(row.get('status')))} · "
                 f'<span class="ua-id">Event ID: {e(eid)}</span></div>')
    parts.append(f'<button type="button" class="ua-flag" data-event-id="{e(eid)}" '
                 f'title="Flag this event as wrong">⚑ Flag as wrong</button></div>')
    return "".join(parts)


# ----------------------------------------------------------------------------- inputs

#: ``DataFrame.attrs`` key telling which boundaries a ``_region`` column was matched against.
_REGIONS_ATTR = "unrest_atlas.regions"


def _prepare(events: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(events, pd.DataFrame):
        raise ExportError(f"events must be a pandas DataFrame, not {type(events).__name__}")
    missing = [c for c in _REQUIRED if c not in events.columns]
    if missing:
        raise ExportError(f"events lack the column(s) {', '.join(missing)}")
    df = events.copy(deep=False)  # copy-on-write: the caller's frame is not touched
    df.index = pd.RangeIndex(len(df))
    df["event_id"] = _strings(df["event_id"])
    df["event_type"] = _strings(df["event_type"]).replace("", "Unknown")
    for col in ("latitude", "longitude", "severity", "fatalities"):
        if col not in df.columns:
            df[col] = np.nan
        elif df[col].dtype != float:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    if not _is_prepared(df):
        lat, lon = df["latitude"].to_numpy(), df["longitude"].to_numpy()
        ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        df["_has_xy"] = ok
        prec = pd.to_numeric(df["geo_precision"], errors="coerce")
        prec = prec.where(prec.notna(), np.where(ok, 2, 4)).clip(1, 4).round().astype(int)
        df["_prec"] = prec
    for col in ("admin1", "country_code"):
        if col not in df.columns:
            df[col] = None
    return df


def _is_prepared(df: pd.DataFrame) -> bool:
    """Whether ``df`` carries the columns of :func:`prepare_events` (with their dtypes)."""
    return ("_prec" in df.columns and "_has_xy" in df.columns
            and df["_has_xy"].dtype == bool and df["_prec"].dtype.kind == "i")


def prepare_events(events: pd.DataFrame,
                   boundaries: Boundaries | str | Path | bool | None = None) -> pd.DataFrame:
    """``events`` plus the helper columns :func:`build_map` would derive on every call.

    Adds ``_prec`` (location precision 1-4, inferred when missing), ``_has_xy`` (usable
    coordinates) and, with boundaries, ``_region`` (the row of ``boundaries.admin1`` each
    event is counted in, ``-1`` for none: :func:`geodata.maps.regions.match_regions`); the other
    columns are left as they are. A frame prepared once (the dashboard does it once per store
    version) and then filtered by rows is drawn without that work: on 200,000 events it is
    most of what a filter change costs. ``build_map`` trusts ``_region`` only with the same
    boundaries it was matched against (:attr:`Boundaries.token`).

    >>> ev = pd.DataFrame({"event_id": [1], "event_type": ["Riots"], "latitude": [43.3],
    ...                    "longitude": [52.9], "geo_precision": [None]})
    >>> p = prepare_events(ev, boundaries=False)
    >>> p["_prec"].tolist(), p["_has_xy"].tolist(), p["event_id"].tolist()
    ([2], [True], [1])
    """
    work = _prepare(events)
    df = events.copy(deep=False)
    df["_prec"] = work["_prec"].to_numpy()
    df["_has_xy"] = work["_has_xy"].to_numpy()
    b = _boundaries(boundaries)
    if b is not None:
        region = np.full(len(df), -1, dtype="int64")
        need = np.flatnonzero(work["_prec"].to_numpy() <= 3)
        if len(need):
            region[need] = _match(work.iloc[need], b)
        df["_region"] = region
        df.attrs[_REGIONS_ATTR] = b.token
    return df


def _match(df: pd.DataFrame, b: Boundaries) -> np.ndarray:
    rcols = [c for c in ("country_code", "admin1", "admin1_code", "latitude", "longitude")
             if c in df.columns]
    return match_regions(df[rcols], b).to_numpy()


def _region_index(df: pd.DataFrame, b: Boundaries, need: np.ndarray) -> np.ndarray:
    """Row of ``b.admin1`` per event of ``df`` (``-1``: none), matched where ``need``."""
    if "_region" in df.columns and df.attrs.get(_REGIONS_ATTR) == b.token:
        region = df["_region"].to_numpy(dtype="int64", na_value=-1)
        return np.where(need, region, -1)
    region = np.full(len(df), -1, dtype="int64")
    rows = np.flatnonzero(need)
    if len(rows):
        region[rows] = _match(df.iloc[rows], b)
    return region


def _strings(col: pd.Series) -> pd.Series:
    """A column as plain strings, missing values as ``""`` (vectorised :func:`_s`)."""
    if isinstance(col.dtype, pd.StringDtype):
        return col.fillna("")
    return col.astype("object").where(col.notna(), "").astype(str)


def country_level(events: pd.DataFrame) -> pd.DataFrame:
    """The events the map does not draw at a place: ``geo_precision`` 4 (country-level), and
    point events (precision 1-2) without usable coordinates. Same columns as ``events``.

    >>> ev = pd.DataFrame({"event_id": ["a", "b"], "event_type": ["Protests"] * 2,
    ...                    "latitude": [43.0, None], "longitude": [52.0, None],
    ...                    "geo_precision": [1, 4]})
    >>> list(country_level(ev).event_id)
    ['b']
    """
    df = _prepare(events)
    mask = (df["_prec"] >= 4) | ((df["_prec"] <= 2) & ~df["_has_xy"])
    return events.iloc[np.flatnonzero(mask.to_numpy())].copy()


def _boundaries(boundaries: Any) -> Boundaries | None:
    if boundaries is False:
        return None
    if isinstance(boundaries, Boundaries):
        return boundaries
    if boundaries is None:
        try:
            return load_boundaries()
        except DataMissingError as exc:
            warnings.warn(f"{exc}; drawing without outlines", stacklevel=3)
            return None
    return load_boundaries(boundaries)


# ----------------------------------------------------------------------------- geometry

def _round_coords(obj: Any, nd: int) -> Any:
    if isinstance(obj, float):
        return round(obj, nd)
    if isinstance(obj, (list, tuple)):
        return [_round_coords(o, nd) for o in obj]
    return obj


def _feature(geom, props: dict[str, Any], nd: int = 4) -> dict[str, Any]:
    import shapely

    gj = shapely.geometry.mapping(geom)
    return {"type": "Feature", "properties": props,
            "geometry": {"type": gj["type"], "coordinates": _round_coords(gj["coordinates"], nd)}}


def _simplified(geoms, tolerance: float):
    import shapely

    if tolerance <= 0:
        return geoms
    out = shapely.simplify(np.asarray(geoms), tolerance, preserve_topology=True)
    return out


def _extent(lat: np.ndarray, lon: np.ndarray,
            mask: np.ndarray) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of the points where ``mask``, or ``None``."""
    if not mask.any():
        return None
    y, x = lat[mask], lon[mask]
    return float(y.min()), float(x.min()), float(y.max()), float(x.max())


# ----------------------------------------------------------------------------- map parts

def _panes(m: folium.Map) -> None:
    for name, z, pe in (("ua-basemap", 250, False), ("ua-labels", 260, False),
                        ("ua-choropleth", 300, True), ("ua-regions", 350, True),
                        ("ua-heat", 390, False)):
        folium.map.CustomPane(name, z_index=z, pointer_events=pe).add_to(m)


def _coarse(geom, tolerance: float = 0.5, min_area: float = 1.0):
    """A world-view outline: heavily simplified, small islands dropped."""
    import shapely

    g = shapely.simplify(geom, tolerance, preserve_topology=True)
    parts = [p for p in shapely.get_parts(g) if p.area >= min_area]
    return shapely.MultiPolygon(parts) if parts else None


def _vector_basemap(m: folium.Map, b: Boundaries, extent, event_ccs: set[str],
                    summary: MapSummary) -> None:
    """Countries (detailed near the events, coarse elsewhere), admin-1 outlines and labels of
    the countries with events."""
    import shapely

    countries, admin1 = b.countries, b.admin1
    if extent is None:
        box = None
    else:
        s, w, n, e = extent
        pad_lat, pad_lon = max(4.0, (n - s) * 0.3), max(6.0, (e - w) * 0.3)
        box = shapely.box(max(-180, w - pad_lon), max(-90, s - pad_lat),
                          min(180, e + pad_lon), min(90, n + pad_lat))
    geoms = countries.geometry.to_numpy()
    near = (countries.geometry.intersects(box).to_numpy() if box is not None
            else np.zeros(len(countries), dtype=bool))
    c_feats = []
    detailed = _simplified(geoms[near], 0.03)
    for g in detailed:
        if g is not None and not g.is_empty:
            c_feats.append(_feature(g, {}, 2))
    for g in geoms[~near]:
        cg = _coarse(g) if box is not None else _coarse(g, 0.2, 0.3)
        if cg is not None:
            c_feats.append(_feature(cg, {}, 1))
    a_sel = admin1[admin1["country_code"].isin(event_ccs).to_numpy()]
    a_feats = [_feature(g, {}, 2) for g in _simplified(a_sel.geometry.to_numpy(), 0.02)
               if g is not None and not g.is_empty]
    labels: list[list[Any]] = []
    for name, geom, nr in zip(countries["name"], geoms, near, strict=True):
        if (nr or box is None) and geom is not None and not geom.is_empty:
            p = max(shapely.get_parts(geom), key=lambda g: g.area).representative_point()
            labels.append([round(p.y, 2), round(p.x, 2), html.escape(_s(name)), "country"])
    for name, lat, lon in zip(a_sel["name"], a_sel["label_lat"], a_sel["label_lon"], strict=True):
        labels.append([round(float(lat), 2), round(float(lon), 2), html.escape(_s(name)),
                       "admin1"])
    _mapjs.VectorBasemap({"type": "FeatureCollection", "features": c_feats},
                         {"type": "FeatureCollection", "features": a_feats}, labels).add_to(m)
    summary.basemap = "vector"


def _grid(lat: np.ndarray, lon: np.ndarray, group: np.ndarray, limit: int,
          sizes: tuple[float, ...] = GRID_SIZES,
          snap: Any = np.floor) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """The finest cell size of ``sizes`` giving at most ``limit`` cells (the last size when
    none does): ``(size, cell of each point, cell row, cell column)``. Cells are counted per
    ``group`` (event type codes; zeros for one group); cells are numbered in order of first
    appearance."""
    group = group.astype(np.int64)
    for size in sizes:
        gy = snap((lat + 90) / size).astype(np.int64)
        gx = snap((lon + 180) / size).astype(np.int64)
        ny, nx = int(180 / size) + 2, int(360 / size) + 2
        cell, uniq = pd.factorize((group * ny + gy) * nx + gx)
        if len(uniq) <= limit or size == sizes[-1]:
            rest, col = np.divmod(uniq.astype(np.int64), nx)
            return size, cell, rest % ny, col
    raise AssertionError("unreachable")


def day_numbers(event_dates: pd.Series) -> np.ndarray:
    """Days since 1970-01-01 of ISO ``event_date`` values, as floats (NaN: no readable date).

    The ``_day`` helper column the dashboard keeps, and what the map's cells compare.

    >>> day_numbers(pd.Series(["1970-01-02", None, "2022-01-05T10:00"])).tolist()
    [1.0, nan, 18997.0]
    """
    text = _strings(event_dates).str.slice(0, 10)
    d = pd.to_datetime(text, errors="coerce", format="%Y-%m-%d").to_numpy(dtype="datetime64[D]")
    out = d.astype("int64").astype(float)
    out[np.isnat(d)] = np.nan
    return out


def _days(df: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """Days since 1970 of ``event_date`` at ``rows`` (NaN: unknown); ``_day`` when given."""
    if "_day" in df.columns:
        return df["_day"].to_numpy(dtype=float)[rows]
    if "event_date" not in df.columns:
        return np.full(len(rows), np.nan)
    return day_numbers(df["event_date"].iloc[rows])


def _day_text(day: float) -> str:
    if not np.isfinite(day):
        return ""
    return str(np.datetime64(int(day), "D"))


def _cells(df: pd.DataFrame, rows: np.ndarray, tcodes: np.ndarray, tnames: list[str],
           limit: int) -> tuple[float, pd.DataFrame]:
    """Aggregate the events at ``rows`` per type into the grid of :func:`_grid`.

    Returns the cell size and one row per cell: ``event_type``, ``n``, ``regional`` (how many
    are region-level), ``lat``/``lon`` (mean), ``fatalities`` (sum), ``severity`` (max, NaN
    when unknown), ``first``/``last`` (ISO dates, ``""`` when unknown)."""
    lat = df["latitude"].to_numpy(dtype=float)[rows]
    lon = df["longitude"].to_numpy(dtype=float)[rows]
    codes = tcodes[rows]
    size, cell, gy, gx = _grid(lat, lon, codes, limit)
    k = int(cell.max()) + 1 if len(cell) else 0
    n = np.bincount(cell, minlength=k)
    sev = df["severity"].to_numpy(dtype=float)[rows]
    sev_max = np.full(k, -np.inf)
    np.maximum.at(sev_max, cell, np.where(np.isnan(sev), -np.inf, sev))
    days = _days(df, rows)
    first, last = np.full(k, np.inf), np.full(k, -np.inf)
    np.minimum.at(first, cell, np.where(np.isnan(days), np.inf, days))
    np.maximum.at(last, cell, np.where(np.isnan(days), -np.inf, days))
    cell_type = np.zeros(k, dtype=np.int64)
    cell_type[cell] = codes
    out = pd.DataFrame({
        "event_type": [tnames[c] for c in cell_type],
        "n": n,
        "regional": np.bincount(cell, weights=(df["_prec"].to_numpy()[rows] == 3), minlength=k),
        "lat": np.bincount(cell, weights=lat, minlength=k) / np.maximum(n, 1),
        "lon": np.bincount(cell, weights=lon, minlength=k) / np.maximum(n, 1),
        "fatalities": np.bincount(cell, weights=np.nan_to_num(
            df["fatalities"].to_numpy(dtype=float)[rows]), minlength=k),
        "severity": np.where(np.isfinite(sev_max), sev_max, np.nan),
        "first": [_day_text(d) for d in first],
        "last": [_day_text(d) for d in last],
        "south": np.round(gy * size - 90, 6), "west": np.round(gx * size - 180, 6),
    })
    return size, out


def _cell_popup(row: Any, size: float, limit: int) -> str:
    e = html.escape
    n = int(row.n)
    dates = row.first if row.first == row.last else f"{row.first} – {row.last}"
    sev = "" if math.isnan(row.severity) else f" · max severity {int(row.severity)}/5"
    regional = (f"<div>{int(row.regional):,} of them region-level (placed at the region's "
                "reference point)</div>") if row.regional else ""
    return (f'<div class="ua-popup"><div class="ua-h"><span class="ua-swatch" '
            f'style="background:{styles.type_color(row.event_type)}"></span> '
            f"{n:,} {e(row.event_type)} event{'s' if n != 1 else ''}</div>"
            f"<div>in a {size:g}° grid cell around {row.lat:.2f}, {row.lon:.2f}</div>{regional}"
            f"<div>Fatalities: {int(row.fatalities):,}{sev}</div>"
            f"<div>Dates: {e(dates) or 'unknown'}</div>"
            f'<div class="ua-src">Aggregated: more than {limit:,} events on the map. '
            "Filter the selection (in the dashboard: click the cell) to see single events."
            "</div></div>")


def _cell_bbox(west: float, south: float, size: float) -> list[float]:
    """``[west, south, east, north]`` of a grid cell (a map-area filter)."""
    nd = max(2, -math.floor(math.log10(size)) + 1)  # edges are multiples of the size
    return [round(float(west), nd), round(float(south), nd),
            round(min(180.0, float(west) + size), nd), round(min(90.0, float(south) + size), nd)]


def _heat_data(df: pd.DataFrame, lat: np.ndarray, lon: np.ndarray, mask: np.ndarray,
               weight: str, limit: int = 20_000) -> list[list[float]]:
    """Heat points ``[lat, lon, weight]`` of the events where ``mask``, summed on the finest
    grid (0.01 degrees and up) that leaves at most ``limit`` points."""
    if not mask.any():
        return []
    if weight == "fatalities":
        w = np.clip(np.nan_to_num(df["fatalities"].to_numpy(dtype=float)[mask]), 0, None)
    else:
        sev = df["severity"].to_numpy(dtype=float)[mask]
        w = np.clip(np.where(np.isnan(sev), 1.0, sev), 1, 5)
    keep = w > 0
    y, x, w = lat[mask][keep], lon[mask][keep], w[keep]
    if not len(w):
        return []
    size, cell, gy, gx = _grid(y, x, np.zeros(len(w), dtype=np.int64), limit, snap=np.round)
    total = np.bincount(cell, weights=w, minlength=len(gy))
    out = np.column_stack([np.round((gy * size) - 90, 3), np.round((gx * size) - 180, 3),
                           np.round(total, 2)])
    return out.tolist()


def _legend_html(types: list[tuple[str, int]], summary: MapSummary, choropleth: str | None,
                 breaks: list[float], heat_weight: str | None, limit: int, open_: bool = True) -> str:
    e = html.escape
    rows = [f'<details{" open" if open_ else ""}><summary><b>Legend</b></summary><h4>Event types</h4>']
    for t, n in types:
        rows.append(f'<div class="ua-row"><span class="ua-swatch" style="background:'
                    f'{styles.type_color(t)}"></span>{e(t)}'
                    f'{f" ({n:,})" if n else ""}</div>')
    rows.append("<h4>Severity</h4><div class=\"ua-row\">")
    for s in styles.SEVERITY_LEVELS:
        r = styles.severity_radius(s)
        d = 2 * r + 2
        rows.append(f'<svg width="{d:.0f}" height="{d:.0f}"><circle cx="{d / 2}" cy="{d / 2}" '
                    f'r="{r}" fill="#888" stroke="#fff"/></svg>{s}')
    rows.append("</div><h4>Location precision</h4>")
    rows.append('<div class="ua-row"><svg width="16" height="16"><circle cx="8" cy="8" r="6" '
                'fill="#888" stroke="#fff"/></svg>exact place</div>')
    rows.append('<div class="ua-row"><svg width="16" height="16"><circle cx="8" cy="8" r="6" '
                'fill="#888" fill-opacity=".35" stroke="#888" stroke-width="2" '
                'stroke-dasharray="3 2"/></svg>near a place</div>')
    rows.append('<div class="ua-row"><span class="ua-box" style="background:rgba(136,136,136,.2);'
                'border:2px dashed #888"></span>region-level (area)</div>')
    if summary.country_level:
        rows.append(f'<div class="ua-note">{summary.country_level:,} country-level event'
                    f'{"s" if summary.country_level != 1 else ""} not drawn (listed separately)'
                    "</div>")
    if summary.unplaced:
        rows.append(f'<div class="ua-note">{len(summary.unplaced):,} event(s) without a usable '
                    "location not drawn</div>")
    if summary.aggregated:
        rows.append(f'<div class="ua-note"><b>Aggregated</b>: more than {limit:,} events to '
                    f"draw, shown as {summary.cells:,} grid cells of "
                    f"{summary.grid_degrees:g}°.</div>")
    if choropleth and breaks:
        label = "Fatalities" if choropleth == "fatalities" else "Events"
        rows.append(f"<h4>{label} per region</h4>")
        lo = 1
        for b in breaks:
            color = styles.choropleth_color(b, breaks)
            rng = f"{lo:,}" if lo >= b else f"{lo:,}–{int(b):,}"
            rows.append(f'<div class="ua-row"><span class="ua-box" style="background:{color}">'
                        f"</span>{rng}</div>")
            lo = int(b) + 1
    if heat_weight:
        rows.append(f'<div class="ua-note">Heat layer weighted by {e(heat_weight)}.</div>')
    rows.append("</details>")
    return "".join(rows)


# ----------------------------------------------------------------------------- build_map

def build_map(
    events: pd.DataFrame,
    *,
    boundaries: Boundaries | str | Path | bool | None = None,
    mode: Mode = "static",
    cluster: bool = True,
    heatmap: bool = True,
    heat_weight: Literal["severity", "fatalities"] = "severity",
    choropleth: Literal["events", "fatalities"] | None = "events",
    basemap: Literal["offline", "vector", "tiles", "web", "none"] = "offline",
    selected_event_id: str | None = None,
    max_markers: int = 5000,
    static_prefix: str = DEFAULT_STATIC_PREFIX,
    tiles_url: str | None = None,
    location: tuple[float, float] | None = None,
    zoom_start: int | None = None,
    width: str | int = "100%",
    height: str | int = "100%",
    show_heat: bool | None = None,
    show_choropleth: bool = True,
    collapsed_control: bool = True,
    legend_open: bool = True,
) -> folium.Map:
    """Build an offline folium map of ``events``.

    Parameters
    ----------
    events
        One row per event with the columns of :data:`geodata.model.EVENT_FIELDS` (only
        ``event_id``, ``event_type``, ``latitude``, ``longitude`` and ``geo_precision`` are
        required; an optional ``admin1_code`` column (GeoNames, ``KZ.09``) helps region
        matching).
    boundaries
        Outlines for region-level events, the choropleth and the vector basemap: a
        :class:`Boundaries`, a path to a GeoPackage, ``None`` (the bundled file; drawn
        without outlines, with a warning, when it is missing) or ``False`` (none).
    mode
        ``"static"``: assets linked under ``static_prefix`` (dashboard); ``"inline"``:
        ``data:`` URIs (self-contained export, see :func:`save_html`).
    cluster
        Cluster dense point events (one cluster group per event type).
    heatmap, heat_weight, show_heat
        Add a heat layer weighted by ``"severity"`` or ``"fatalities"``; shown at start when
        ``show_heat`` (default: only when events are aggregated).
    choropleth, show_choropleth
        Fill admin-1 regions by ``"events"`` or ``"fatalities"`` (``None``: no choropleth).
    basemap
        ``"offline"`` (vector outlines inline, raster tiles static), ``"vector"``, ``"tiles"``
        (served at ``tiles_url``), ``"web"`` (online OSM, needs ``settings.web_tiles``),
        ``"none"``.
    selected_event_id
        Draw this event with a highlight ring and centre the map on it.
    max_markers
        Above this many point events, points are aggregated into grid cells (see module doc).
    static_prefix, tiles_url
        URL folder of the assets, and the tile URL template (default
        ``<static_prefix>/tiles/{z}/{x}/{y}.png``).
    location, zoom_start
        Initial view; default: fit the drawn events.
    width, height
        Map size (CSS).
    collapsed_control
        Collapse the layer control.
    legend_open
        Show the legend unfolded (a click on "Legend" folds and unfolds it).

    Returns
    -------
    folium.Map
        With ``m.unrest_summary`` (a :class:`MapSummary`) telling what was drawn.

    Raises
    ------
    ExportError
        Missing columns, bad options, or web tiles asked for while ``settings.web_tiles``
        is off.
    """
    if mode not in ("inline", "static"):
        raise ExportError(f"unknown mode {mode!r} (use 'static' or 'inline')")
    if heat_weight not in ("severity", "fatalities"):
        raise ExportError(f"heat_weight must be 'severity' or 'fatalities', not {heat_weight!r}")
    if choropleth not in (None, "events", "fatalities"):
        raise ExportError(f"choropleth must be 'events', 'fatalities' or None, not {choropleth!r}")
    if basemap not in ("offline", "vector", "tiles", "web", "none"):
        raise ExportError(f"unknown basemap {basemap!r}")
    if max_markers < 1:
        raise ExportError("max_markers must be at least 1")
    df = _prepare(events)
    b = _boundaries(boundaries)
    summary = MapSummary()

    # --- classify by precision
    prec, has_xy = df["_prec"].to_numpy(), df["_has_xy"].to_numpy()
    lat, lon = df["latitude"].to_numpy(dtype=float), df["longitude"].to_numpy(dtype=float)
    is_point = (prec <= 2) & has_xy
    is_region = prec == 3
    summary.country_level = int((prec >= 4).sum())
    if b is not None and (is_region.any() or choropleth):
        region = _region_index(df, b, prec <= 3)
    else:
        region = np.full(len(df), -1, dtype="int64")
    region_idx = pd.Series(region, index=df.index)
    has_poly = region >= 0
    is_halo = is_region & ~has_poly & has_xy
    unplaced = ((prec <= 2) & ~has_xy) | (is_region & ~has_poly & ~has_xy)
    summary.unplaced = df["event_id"].to_numpy()[unplaced].tolist() if unplaced.any() else []
    tcodes, tnames_ = pd.factorize(df["event_type"])
    tnames = [str(t) for t in tnames_]

    # --- the map
    extent = _extent(lat, lon, (is_point | is_region) & has_xy)
    summary.extent = extent
    selected = None
    if selected_event_id is not None:
        hit = df[(df["event_id"] == str(selected_event_id)) & df["_has_xy"]]
        if not hit.empty:
            selected = hit.iloc[0]
    if location is None and selected is not None:
        location, zoom_start = (float(selected.latitude), float(selected.longitude)), \
            zoom_start or 8
    m = folium.Map(location=location, zoom_start=zoom_start or (2 if location is None else 6),
                   tiles=None, control_scale=True, width=width, height=height,
                   world_copy_jump=True)
    m.options["max_zoom"] = 18
    m.get_root().header.add_child(_mapjs.css_element(), name="unrest_atlas_css")
    _panes(m)

    # --- basemap
    attributions: list[str] = []
    kind = basemap
    if kind == "offline":
        kind = "vector" if mode == "inline" or not _basemap.has_tiles() else "tiles"
    if kind == "web":
        if not settings.get().web_tiles:
            raise ExportError("web tiles are off (settings.web_tiles); use basemap='offline'")
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", control=False,
                         max_zoom=18).add_to(m)
        summary.basemap = "web"
    elif kind == "tiles":
        if mode == "inline":
            raise ExportError("raster tiles cannot be embedded in a self-contained map; "
                              "use basemap='offline' or 'vector' with mode='inline'")
        url = tiles_url or f"{static_prefix.rstrip('/')}/tiles/{{z}}/{{x}}/{{y}}.png"
        folium.TileLayer(tiles=url, attr=_basemap.ATTRIBUTION, name="Basemap (offline)",
                         max_native_zoom=_basemap.MAX_ZOOM, max_zoom=18, min_zoom=0,
                         control=False, no_wrap=False).add_to(m)
        summary.basemap = "tiles"
    elif kind == "vector":
        if b is None:
            warnings.warn("no boundaries: vector basemap left out", stacklevel=2)
        else:
            ccs = set(df.loc[(prec <= 3), "country_code"].dropna().astype(str))
            _vector_basemap(m, b, extent, ccs, summary)
    if b is not None and (kind == "vector" or choropleth or is_region.any()):
        attributions.append(NATURAL_EARTH_ATTRIBUTION)

    # --- choropleth
    breaks: list[float] = []
    if choropleth and b is not None:
        placed = (prec <= 3) & has_poly
        if placed.any():
            keys, inv = np.unique(region[placed], return_inverse=True)
            counts = pd.Series(np.bincount(inv), index=keys)
            fat = np.nan_to_num(df["fatalities"].to_numpy(dtype=float)[placed])
            fats = pd.Series(np.bincount(inv, weights=fat, minlength=len(keys)), index=keys)
            values = fats if choropleth == "fatalities" else counts
            breaks = styles.choropleth_breaks(list(values.astype(float)))
            feats = []
            span = 0.0 if extent is None else max(extent[2] - extent[0], extent[3] - extent[1])
            tol = min(0.2, max(0.005, span / 600))
            geoms = _simplified(b.admin1.geometry.loc[values.index].to_numpy(), tol)
            for (ridx, val), geom in zip(values.items(), geoms, strict=True):
                reg = b.admin1.loc[ridx]
                fill = styles.choropleth_color(float(val), breaks)
                n_ev, n_fat = int(counts[ridx]), int(fats[ridx])
                tip = (f"<b>{html.escape(_s(reg['name']))}</b> ({html.escape(_s(reg['admin']))})"
                       f"<br>{n_ev:,} event{'s' if n_ev != 1 else ''} · {n_fat:,} fatalities")
                feats.append(_feature(geom, nd=2 if tol >= 0.05 else 4, props={
                    "region": _s(reg["name"]), "gn_a1_code": _s(reg["gn_a1_code"]) or None,
                    "country_code": _s(reg["country_code"]) or None, "events": n_ev,
                    "fatalities": n_fat, "_fill": fill or "#ffffff", "_tip": tip}))
            if feats:
                label = "Fatalities" if choropleth == "fatalities" else "Events"
                fg = folium.FeatureGroup(name=f"{label} per region (admin-1)",
                                         show=show_choropleth)
                _mapjs.ChoroplethLayer({"type": "FeatureCollection", "features": feats}).add_to(fg)
                fg.add_to(m)
                summary.choropleth_regions = len(feats)

    # --- events per type
    rp = is_region & has_poly
    n_region_areas = (len(np.unique(tcodes[rp].astype(np.int64) * (len(b.admin1) + 1) + region[rp]))  # type: ignore[union-attr]
                      if rp.any() else 0)
    n_drawn = int(is_point.sum() + is_halo.sum()) + n_region_areas
    aggregate = n_drawn > max_markers
    size = None
    in_cells = is_point | (is_region & has_xy)
    sel_id = str(selected_event_id) if selected is not None else None
    all_cells = None
    if aggregate:
        size, all_cells = _cells(df, np.flatnonzero(in_cells), tcodes, tnames, max_markers)
        summary.aggregated, summary.grid_degrees = True, size
    present = [tnames[k] for k in pd.unique(tcodes[prec <= 3]) if k >= 0]
    order = [t for t in styles.EVENT_TYPES if t in present] + sorted(
        t for t in present if t not in styles.EVENT_TYPES)
    type_counts: list[tuple[str, int]] = []
    for t in order:
        sel = tcodes == tnames.index(t)
        popups: list[str] = []
        points: list[list[Any]] = []
        regions: list[dict[str, Any]] = []
        halos: list[list[Any]] = []
        if aggregate:
            cells = all_cells[all_cells["event_type"] == t]  # type: ignore[index]
            for row in cells.itertuples(index=False):
                popups.append(_cell_popup(row, size, max_markers))  # type: ignore[arg-type]
                points.append([round(row.lat, 5), round(row.lon, 5),
                               styles.cell_radius(int(row.n)), 0, len(popups) - 1,
                               {"cell": True, "event_type": t, "event_count": int(row.n),
                                "bbox": _cell_bbox(row.west, row.south, size)}])
            summary.cells += len(cells)
            summary.cell_events += int(cells["n"].sum())
            if sel_id is not None and selected is not None and selected.event_type == t:
                popups.append(event_popup_html(selected))
                points.append([round(selected.latitude, 5), round(selected.longitude, 5),
                               styles.severity_radius(selected.severity),
                               min(2, int(selected["_prec"])), len(popups) - 1,
                               _props(selected)])
                summary.points += 1
        else:
            for row in df[sel & is_point].to_dict("records"):
                popups.append(event_popup_html(row))
                points.append([round(row["latitude"], 5), round(row["longitude"], 5),
                               styles.severity_radius(row["severity"]), int(row["_prec"]),
                               len(popups) - 1, _props(row)])
            summary.points += len(points)
            sub = df[sel & is_region & has_poly]
            if not sub.empty:
                regions = _region_features(sub, region_idx, b, popups, summary)  # type: ignore[arg-type]
            for row in df[sel & is_halo].to_dict("records"):
                popups.append(event_popup_html(row))
                halos.append([round(row["latitude"], 5), round(row["longitude"], 5),
                              HALO_METRES, len(popups) - 1, _props(row)])
            summary.halos += len(halos)
        n_type = int((sel & (prec <= 3)).sum())
        type_counts.append((t, n_type))
        color = styles.type_color(t)
        fg = folium.FeatureGroup(
            name=f'<span class="ua-swatch" style="background:{color}"></span> '
                 f"{html.escape(t)} ({n_type:,})", show=True)
        target = None
        if cluster and points:
            target = MarkerCluster(
                control=False, icon_create_function=_mapjs.cluster_icon_js(color),
                options={"maxClusterRadius": 45, "disableClusteringAtZoom": 11,
                         "chunkedLoading": True, "showCoverageOnHover": False,
                         "spiderfyOnMaxZoom": True})
            target.add_to(fg)
        _mapjs.EventLayer(color=color, points=points,
                          regions={"type": "FeatureCollection", "features": regions},
                          halos=halos, popups=popups, target=target).add_to(fg)
        fg.add_to(m)

    # --- heat
    if heatmap:
        data = _heat_data(df, lat, lon, has_xy & (prec <= 3), heat_weight)
        summary.heat_points = len(data)
        if data:
            _mapjs.HeatLayer(data, name=f"Heat ({heat_weight})", radius=18, blur=16, min_opacity=0.25,
                    max_zoom=9, pane="ua-heat",
                    show=aggregate if show_heat is None else show_heat).add_to(m)

    # --- selected event ring
    if selected is not None:
        folium.CircleMarker(
            [float(selected.latitude), float(selected.longitude)],
            radius=styles.severity_radius(selected.severity) + 7, color="#111", weight=3,
            fill=False, interactive=False, class_name="ua-selected").add_to(m)

    # --- legend, control, view
    _mapjs.Legend(_legend_html(type_counts, summary, choropleth, breaks,
                               heat_weight if heatmap else None, max_markers, open_=legend_open)).add_to(m)
    _mapjs.Behaviour().add_to(m)
    folium.LayerControl(collapsed=collapsed_control, position="topright").add_to(m)
    if location is None and extent is not None:
        s, w, n, e = extent
        if n - s < 0.2 and e - w < 0.2:
            m.location, m.options["zoom"] = [(s + n) / 2, (w + e) / 2], 9
        else:
            # room on the right for the legend
            m.fit_bounds([[s, w], [n, e]], padding_top_left=(30, 30),
                         padding_bottom_right=(250, 30), max_zoom=9)
    localize(m, mode=mode, static_prefix=static_prefix, attributions=attributions)
    m.unrest_summary = summary  # type: ignore[attr-defined]
    return m


def _region_features(sub: pd.DataFrame, region_idx: pd.Series, b: Boundaries,
                     popups: list[str], summary: MapSummary) -> list[dict[str, Any]]:
    """One area per region for the region-level events ``sub`` (one event type)."""
    by_region = sub.assign(_r=region_idx[sub.index]).groupby("_r", sort=False)
    keys = list(by_region.groups)
    geoms = _simplified(b.admin1.geometry.loc[keys].to_numpy(), 0.005)
    feats = []
    for (ridx, grp), geom in zip(by_region, geoms, strict=True):
        order = ["severity", "event_date"] if "event_date" in grp else ["severity"]
        grp = grp.sort_values(order, ascending=False, na_position="last")
        reg = b.admin1.loc[ridx]
        shown = [event_popup_html(r) for r in grp.head(REGION_POPUP_EVENTS).to_dict("records")]
        head = (f'<div class="ua-popup"><div class="ua-src">Region-level: '
                f"{html.escape(_s(reg['name']))}, {html.escape(_s(reg['admin']))} · "
                f"{len(grp)} event{'s' if len(grp) != 1 else ''}</div></div>")
        more = (f'<div class="ua-popup ua-src">… and {len(grp) - REGION_POPUP_EVENTS} more</div>'
                if len(grp) > REGION_POPUP_EVENTS else "")
        popups.append(head + "<hr>".join(shown) + more)
        props = _props(grp.iloc[0])
        props.update({"event_ids": grp["event_id"].tolist()[:200], "region": _s(reg["name"]),
                      "gn_a1_code": _s(reg["gn_a1_code"]) or None, "_p": len(popups) - 1})
        feats.append(_feature(geom, props))
        summary.regions += 1
        summary.region_events += len(grp)
    return feats


def _props(row: Any) -> dict[str, Any]:
    """The GeoJSON properties of a drawn event (returned by streamlit-folium on click)."""
    return {"event_id": _s(row["event_id"]), "event_type": _s(row["event_type"]),
            "geo_precision": int(row["_prec"]), "status": _s(row.get("status")) or None}


# ----------------------------------------------------------------------------- clicks

_POPUP_ID = re.compile(r"Event ID:\s*(\S+)")


def event_id_from_click(returned: Mapping[str, Any] | None) -> str | None:
    """The event id of the feature last clicked, from ``st_folium``'s return value.

    Reads ``last_active_drawing["properties"]["event_id"]`` (point, halo and region
    features carry it; a region area gives its most severe event), else the "Event ID: ..."
    line of ``last_object_clicked_popup``. Aggregated cells, choropleth regions and the map
    background give ``None``. Ask ``st_folium`` for
    ``returned_objects=["last_active_drawing", "last_object_clicked_popup",
    "last_object_clicked"]``; ``last_active_drawing`` keeps its value until another feature
    is clicked, so compare ``last_object_clicked`` to notice a new click.

    >>> event_id_from_click({"last_active_drawing": {"properties": {"event_id": "e7"}}})
    'e7'
    >>> event_id_from_click({"last_object_clicked_popup": "Riots ... Event ID: e9 ⚑ Flag"})
    'e9'
    >>> event_id_from_click({}) is None
    True
    """
    if not returned:
        return None
    drawing = returned.get("last_active_drawing")
    if isinstance(drawing, Mapping):
        props = drawing.get("properties")
        if isinstance(props, Mapping):
            if props.get("cell") or ("region" in props and "event_id" not in props):
                return None
            eid = props.get("event_id")
            if eid not in (None, ""):
                return str(eid)
    popup = returned.get("last_object_clicked_popup")
    if isinstance(popup, str):
        hit = _POPUP_ID.search(popup)
        if hit:
            return hit.group(1)
    return None


def cell_from_click(returned: Mapping[str, Any] | None) -> tuple[float, float, float, float] | None:
    """The area ``(west, south, east, north)`` of the aggregated grid cell last clicked, from
    ``st_folium``'s return value (``None`` when the click was not on a cell).

    The dashboard turns it into a map-area filter: a click on a cell shows its events.

    >>> cell_from_click({"last_active_drawing": {"properties": {
    ...     "cell": True, "bbox": [51.0, 43.0, 51.5, 43.5]}}})
    (51.0, 43.0, 51.5, 43.5)
    >>> cell_from_click({"last_active_drawing": {"properties": {"event_id": "e1"}}}) is None
    True
    """
    drawing = (returned or {}).get("last_active_drawing")
    props = drawing.get("properties") if isinstance(drawing, Mapping) else None
    if not isinstance(props, Mapping) or not props.get("cell"):
        return None
    box = props.get("bbox")
    try:
        w, s, e, n = (float(v) for v in box)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        return None
    return w, s, e, n


# ----------------------------------------------------------------------------- export

_REMOTE_ATTR = re.compile(r"""\b(src|href|srcset|data)\s*=\s*\\?["']\s*((?:https?:)?//[^"'\\\s>]*)""",
                          re.IGNORECASE)
_REMOTE_CSS = re.compile(r"""url\(\s*\\?["']?\s*(?:https?:)?//""", re.IGNORECASE)
_TILE = re.compile(r"L\.tileLayer\s*\(|https?://[^\s\"']*\{[zxy]\}", re.IGNORECASE)


def check_offline_html(text: str) -> list[str]:
    """Problems that would make an HTML map need the network (empty list: none).

    Looks for ``src``/``href`` attributes with an ``http(s)://`` or ``//`` URL (``<a href>``
    links to attribution hosts excepted), remote ``url(...)`` and ``@import`` in CSS, and tile
    layers (``L.tileLayer``, ``{z}/{x}/{y}`` URL templates). Escaped report text cannot match:
    its quotes are ``&quot;``.
    """
    problems = []
    for mt in _REMOTE_ATTR.finditer(text):
        attr, url = mt.group(1).lower(), mt.group(2)
        host = re.sub(r"^(?:https?:)?//", "", url).split("/")[0].lower()
        before = text[max(0, mt.start() - 200):mt.start()]
        is_anchor = attr == "href" and re.search(r"(?:<|\\u003c)a\s[^<>]*$", before) is not None
        if is_anchor and host in ATTRIBUTION_HOSTS:
            continue
        problems.append(f"remote {attr}: {url}")
    if _REMOTE_CSS.search(text):
        problems.append("remote url(...) in CSS")
    if re.search(r"@import", text):
        problems.append("CSS @import")
    if _TILE.search(text):
        problems.append("tile layer (needs tile files or the network)")
    return problems


def save_html(m: folium.Map, path: str | Path) -> Path:
    """Write ``m`` as ONE self-contained HTML file (assets inlined) and return its path.

    The map is localized in ``inline`` mode first; the output is checked with
    :func:`check_offline_html` and refused when anything would load from the network (a
    tile layer, a remote script or stylesheet). Written atomically.

    Raises
    ------
    ExportError
        The map cannot work offline (e.g. built with ``basemap="tiles"`` or ``"web"``).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame([{"event_id": "e1", "event_type": "Riots", "latitude": 43.6,
    ...                     "longitude": 51.2, "geo_precision": 1}])
    >>> save_html(build_map(ev, mode="inline"), "/tmp/ua-map.html")  # doctest: +SKIP
    PosixPath('/tmp/ua-map.html')
    """
    localize(m, mode="inline")
    text = m.get_root().render()
    problems = check_offline_html(text)
    if problems:
        raise ExportError("map would need the network: " + "; ".join(sorted(set(problems))[:5]))
    target = Path(path)
    atomic_write_text(target, text)
    return target
