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
* Clustering (Leaflet.markercluster) when ``cluster=True`` and there are more than
  :data:`CLUSTER_MIN_POINTS` point events: one cluster group for all types, each cluster a
  ring cut in arcs coloured by the types inside, the summed count in the middle; events at
  one place spread on a click at the top zoom (spiderfy). Unclustered, events at one place
  are drawn in a small ring around it. **Aggregation rule**: when there are more point events than
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

Popups escape every piece of report text (``html.escape``). They travel as compact records
(:mod:`geodata.maps._popups`) and the page's script builds a popup's HTML when it opens: the
popup wording is in the page once, not once per event or cell. The source sentence (``notes``)
shows the place highlighted with ``<mark>`` when the mention and sentence offsets are known.
The event id carries ``data-event-id``. There is no "Flag as wrong" button: a page opened from disk
has nowhere to record it (the dashboard's detail panel flags events, audited).

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

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import folium
import numpy as np
import pandas as pd

from geodata.atomic import atomic_write_text
from geodata.exceptions import ExportError
from geodata.maps import _mapjs
from geodata.maps._aggregate import GRID_SIZES, day_numbers
from geodata.maps._basemap_layer import NATURAL_EARTH_ATTRIBUTION, add_basemap, add_panes
from geodata.maps._event_layers import (
    HALO_METRES,
    REGION_POPUP_EVENTS,
    add_choropleth,
    add_event_types,
    add_heat,
    add_selected_ring,
)
from geodata.maps._frames import REGIONS_ATTR, boundaries_of, classify, match, prepare
from geodata.maps._geojson import extent_of
from geodata.maps._legend import legend_html
from geodata.maps._popups import event_popup_html, format_event_date
from geodata.maps._summary import MapSummary
from geodata.maps.assets import DEFAULT_STATIC_PREFIX, localize
from geodata.maps.regions import Boundaries, load_boundaries

__all__ = [
    "ATTRIBUTION_HOSTS",
    "CLUSTER_MIN_POINTS",
    "GRID_SIZES",
    "HALO_METRES",
    "NATURAL_EARTH_ATTRIBUTION",
    "REGION_POPUP_EVENTS",
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

#: Hosts an exported HTML may still link to (attribution links, never loaded).
ATTRIBUTION_HOSTS = ("www.openstreetmap.org", "openstreetmap.org", "www.naturalearthdata.com",
                     "naturalearthdata.com", "leafletjs.com", "www.geonames.org")

Mode = Literal["inline", "static"]

#: Points are clustered only when the map has more than this many (fewer read fine one by one).
CLUSTER_MIN_POINTS = 300


# ----------------------------------------------------------------------------- inputs

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
    work = prepare(events)
    df = events.copy(deep=False)
    df["_prec"] = work["_prec"].to_numpy()
    df["_has_xy"] = work["_has_xy"].to_numpy()
    b = boundaries_of(boundaries)
    if b is not None:
        region = np.full(len(df), -1, dtype="int64")
        need = np.flatnonzero(work["_prec"].to_numpy() <= 3)
        if len(need):
            region[need] = match(work.iloc[need], b)
        df["_region"] = region
        df.attrs[REGIONS_ATTR] = b.token
    return df


def country_level(events: pd.DataFrame) -> pd.DataFrame:
    """The events the map does not draw at a place: ``geo_precision`` 4 (country-level), and
    point events (precision 1-2) without usable coordinates. Same columns as ``events``.

    >>> ev = pd.DataFrame({"event_id": ["a", "b"], "event_type": ["Protests"] * 2,
    ...                    "latitude": [43.0, None], "longitude": [52.0, None],
    ...                    "geo_precision": [1, 4]})
    >>> list(country_level(ev).event_id)
    ['b']
    """
    df = prepare(events)
    mask = (df["_prec"] >= 4) | ((df["_prec"] <= 2) & ~df["_has_xy"])
    return events.iloc[np.flatnonzero(mask.to_numpy())].copy()


# ----------------------------------------------------------------------------- build_map

def build_map(
    events: pd.DataFrame,
    *,
    boundaries: Boundaries | str | Path | bool | None = None,
    mode: Mode = "static",
    cluster: bool = True,
    cluster_min_points: int = CLUSTER_MIN_POINTS,
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
    cluster, cluster_min_points
        Cluster the point events when there are more than ``cluster_min_points`` of them
        (one cluster group; each cluster is a ring coloured by the types inside, with the
        count in the middle). Fewer are drawn one by one, events at one place in a ring.
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
    _check_options(mode, heat_weight, choropleth, basemap, max_markers)
    df = prepare(events)
    b = boundaries_of(boundaries)
    summary = MapSummary()
    c = classify(df, b, regions_needed=bool(choropleth))
    summary.country_level = int((c.prec >= 4).sum())
    summary.unplaced = df["event_id"].to_numpy()[c.unplaced].tolist() if c.unplaced.any() else []
    summary.extent = extent_of(c.lat, c.lon, (c.is_point | c.is_region) & c.has_xy)
    selected = _selected(df, selected_event_id)
    if location is None and selected is not None:
        location, zoom_start = (float(selected.latitude), float(selected.longitude)), \
            zoom_start or 8
    m = folium.Map(location=location, zoom_start=zoom_start or (2 if location is None else 6),
                   tiles=None, control_scale=True, width=width, height=height,
                   world_copy_jump=True)
    m.options["max_zoom"] = 18
    m.get_root().header.add_child(  # type: ignore[attr-defined]
        _mapjs.css_element(), name="unrest_atlas_css")
    add_panes(m)
    attributions = add_basemap(m, c, b, summary, basemap=basemap, mode=mode,
                               static_prefix=static_prefix, tiles_url=tiles_url,
                               choropleth=choropleth)
    breaks: list[float] = []
    if choropleth and b is not None:
        breaks = add_choropleth(m, c, b, summary, choropleth, show_choropleth)
    type_counts, aggregate = add_event_types(m, c, b, summary, selected=selected,
                                             max_markers=max_markers,
                                             cluster=cluster and int(c.is_point.sum()) > cluster_min_points)
    if heatmap:
        add_heat(m, c, summary, heat_weight, aggregate if show_heat is None else show_heat)
    if selected is not None:
        add_selected_ring(m, selected)
    _mapjs.Legend(legend_html(type_counts, summary, choropleth, breaks,
                              heat_weight if heatmap else None, max_markers,
                              open_=legend_open)).add_to(m)
    _mapjs.Behaviour().add_to(m)
    folium.LayerControl(collapsed=collapsed_control, position="topright").add_to(m)
    if location is None:
        _fit_view(m, summary.extent)
    localize(m, mode=mode, static_prefix=static_prefix, attributions=attributions)
    m.unrest_summary = summary  # type: ignore[attr-defined]
    return m


def _check_options(mode: str, heat_weight: str, choropleth: str | None, basemap: str,
                   max_markers: int) -> None:
    """Refuse an option :func:`build_map` does not know (:class:`ExportError`)."""
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


def _selected(df: pd.DataFrame, selected_event_id: str | None) -> pd.Series[Any] | None:
    """The row of the selected event when it has coordinates, else ``None``."""
    if selected_event_id is None:
        return None
    hit = df[(df["event_id"] == str(selected_event_id)) & df["_has_xy"]]
    return None if hit.empty else hit.iloc[0]


def _fit_view(m: folium.Map, extent: tuple[float, float, float, float] | None) -> None:
    """Centre ``m`` on a small ``extent`` at zoom 9, or fit a larger one (room on the right
    for the legend); nothing when there is no extent."""
    if extent is None:
        return
    s, w, n, e = extent
    if n - s < 0.2 and e - w < 0.2:
        m.location, m.options["zoom"] = [(s + n) / 2, (w + e) / 2], 9
    else:
        # room on the right for the legend
        m.fit_bounds([[s, w], [n, e]], padding_top_left=(30, 30),
                     padding_bottom_right=(250, 30), max_zoom=9)


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
