"""The event layers of the interactive map: one layer per event type (points, region areas,
halos, or aggregated grid cells), the admin-1 choropleth, the heat layer and the ring around
the selected event.

Each layer is one :class:`geodata.maps._mapjs.EventLayer` (points, cells and halos as compact
arrays, region areas as GeoJSON, popups as compact records the map's script turns into HTML
when one opens) in a ``folium.FeatureGroup`` named with the type's colour swatch and count.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import folium
import numpy as np
import pandas as pd
from folium.plugins import MarkerCluster

from geodata.maps import _mapjs, styles
from geodata.maps._aggregate import aggregate_cells, heat_data
from geodata.maps._frames import Classified
from geodata.maps._geojson import feature, simplified
from geodata.maps._popups import cell_popup_data, event_popup_data, plain
from geodata.maps._summary import MapSummary
from geodata.maps.regions import Boundaries

__all__ = [
    "HALO_METRES",
    "REGION_POPUP_EVENTS",
    "add_choropleth",
    "add_event_types",
    "add_heat",
    "add_selected_ring",
]

#: Radius (metres) of the halo drawn for a region-level event with no matching outline.
HALO_METRES = 40_000
#: Events listed in the popup of one region area (the rest are counted).
REGION_POPUP_EVENTS = 8


@dataclass
class _Items:
    """What one event type's layer draws: popup records, the points, region areas and halos
    pointing at them by index, and aggregated cells (each its own popup record)."""

    records: list[list[Any]] = field(default_factory=list)
    points: list[list[Any]] = field(default_factory=list)
    cells: list[list[Any]] = field(default_factory=list)
    regions: list[dict[str, Any]] = field(default_factory=list)
    halos: list[list[Any]] = field(default_factory=list)


def add_choropleth(m: folium.Map, c: Classified, b: Boundaries, summary: MapSummary,
                   choropleth: str, show: bool) -> list[float]:
    """Fill the admin-1 regions with events by count or fatalities; returns the class breaks
    (empty when no event is in a region)."""
    placed = (c.prec <= 3) & c.has_poly
    if not placed.any():
        return []
    keys, inv = np.unique(c.region[placed], return_inverse=True)
    counts = pd.Series(np.bincount(inv), index=keys)
    fat = np.nan_to_num(c.df["fatalities"].to_numpy(dtype=float)[placed])
    fats = pd.Series(np.bincount(inv, weights=fat, minlength=len(keys)), index=keys)
    values = fats if choropleth == "fatalities" else counts
    breaks = styles.choropleth_breaks(list(values.astype(float)))
    feats = []
    extent = summary.extent
    span = 0.0 if extent is None else max(extent[2] - extent[0], extent[3] - extent[1])
    tol = min(0.2, max(0.005, span / 600))
    geoms = simplified(b.admin1.geometry.loc[values.index].to_numpy(), tol)
    for ridx, val, geom in zip(values.index.tolist(), values.tolist(), geoms, strict=True):
        reg = b.admin1.loc[ridx]
        fill = styles.choropleth_color(float(val), breaks)
        n_ev, n_fat = int(counts[ridx]), int(fats[ridx])
        tip = (f"<b>{html.escape(plain(reg['name']))}</b> ({html.escape(plain(reg['admin']))})"
               f"<br>{n_ev:,} event{'s' if n_ev != 1 else ''} · {n_fat:,} fatalities")
        feats.append(feature(geom, nd=2 if tol >= 0.05 else 4, props={
            "region": plain(reg["name"]), "gn_a1_code": plain(reg["gn_a1_code"]) or None,
            "country_code": plain(reg["country_code"]) or None, "events": n_ev,
            "fatalities": n_fat, "_fill": fill or "#ffffff", "_tip": tip}))
    if feats:
        label = "Fatalities" if choropleth == "fatalities" else "Events"
        fg = folium.FeatureGroup(name=f"{label} per region (admin-1)", show=show)
        _mapjs.ChoroplethLayer({"type": "FeatureCollection", "features": feats}).add_to(fg)
        fg.add_to(m)
        summary.choropleth_regions = len(feats)
    return breaks


def _drawn_count(c: Classified, b: Boundaries | None) -> int:
    """Markers the map would draw unaggregated: points, halos and region areas (one per
    region and type)."""
    rp = c.is_region & c.has_poly
    n_region_areas = 0
    if rp.any() and b is not None:
        keys = c.tcodes[rp].astype(np.int64) * (len(b.admin1) + 1) + c.region[rp]
        n_region_areas = len(np.unique(keys))
    return int(c.is_point.sum() + c.is_halo.sum()) + n_region_areas


def add_event_types(m: folium.Map, c: Classified, b: Boundaries | None, summary: MapSummary,
                    *, selected: pd.Series[Any] | None, max_markers: int,
                    cluster: bool) -> tuple[list[tuple[str, int]], bool]:
    """One layer per event type (ACLED's order, then the others by name); returns the types
    with their counts and whether the points were aggregated into grid cells."""
    aggregate = _drawn_count(c, b) > max_markers
    size = 0.0
    all_cells = pd.DataFrame()
    if aggregate:
        in_cells = c.is_point | (c.is_region & c.has_xy)
        size, all_cells = aggregate_cells(c.df, np.flatnonzero(in_cells), c.tcodes, c.tnames,
                                          max_markers)
        summary.aggregated, summary.grid_degrees = True, size
    _mapjs.Popups(styles.PRECISION_LABELS).add_to(m)
    present = [c.tnames[k] for k in pd.unique(c.tcodes[c.prec <= 3]) if k >= 0]
    per_type: list[tuple[str, int, _Items]] = []
    for t in styles.type_order(present):
        sel = c.tcodes == c.tnames.index(t)
        if aggregate:
            items = _cell_items(all_cells[all_cells["event_type"] == t], t, size, selected,
                                summary)
        else:
            items = _event_items(c, sel, b, summary)
        per_type.append((t, int((sel & (c.prec <= 3)).sum()), items))
    shared = None
    if cluster and any(items.points or items.cells for _t, _n, items in per_type):
        # one cluster group for every type: a cluster's ring shows the mix of types inside
        shared = _cluster_group()
        shared.add_to(m)
        summary.clustered = True
    for t, n_type, items in per_type:
        _type_layer(m, t, n_type, items, shared,
                    f"{size:g}" if aggregate else "", f"{max_markers:,}" if aggregate else "")
    type_counts = [(t, n) for t, n, _items in per_type]
    return type_counts, aggregate


def _cell_items(cells: pd.DataFrame, t: str, size: float, selected: pd.Series[Any] | None,
                summary: MapSummary) -> _Items:
    """The grid cells of type ``t`` (and the selected event, drawn on its own)."""
    items = _Items()
    items.cells = [cell_popup_data(row, size) for row in cells.itertuples(index=False)]
    summary.cells += len(cells)
    summary.cell_events += int(cells["n"].sum())
    if selected is not None and selected.event_type == t:
        items.records.append(event_popup_data(selected))
        items.points.append([round(selected.latitude, 5), round(selected.longitude, 5),
                             styles.severity_radius(selected.severity),
                             min(2, int(selected["_prec"])), len(items.records) - 1,
                             _props(selected)])
        summary.points += 1
    return items


def _event_items(c: Classified, sel: Any, b: Boundaries | None,
                 summary: MapSummary) -> _Items:
    """The events of one type where ``sel``: points, region areas, halos."""
    items = _Items()
    df = c.df
    for row in df[sel & c.is_point].to_dict("records"):
        items.records.append(event_popup_data(row))
        items.points.append([round(row["latitude"], 5), round(row["longitude"], 5),
                             styles.severity_radius(row["severity"]), int(row["_prec"]),
                             len(items.records) - 1, _props(row)])
    summary.points += len(items.points)
    sub = df[sel & c.is_region & c.has_poly]
    if not sub.empty and b is not None:
        items.regions = _region_features(sub, c.region_idx, b, items.records, summary)
    for row in df[sel & c.is_halo].to_dict("records"):
        items.records.append(event_popup_data(row))
        items.halos.append([round(row["latitude"], 5), round(row["longitude"], 5),
                            HALO_METRES, len(items.records) - 1, _props(row)])
    summary.halos += len(items.halos)
    return items


def _cluster_group() -> MarkerCluster:
    """The map's one cluster group: rings coloured by the types inside, a count in the
    middle; events at one place spread (spiderfy) on a click at the map's top zoom."""
    group: MarkerCluster = MarkerCluster(  # type: ignore[no-untyped-call]
        control=False, icon_create_function=_mapjs.cluster_icon_js(),
        options={"maxClusterRadius": 45, "chunkedLoading": True,
                 "showCoverageOnHover": False, "spiderfyOnMaxZoom": True})
    return group


def _type_layer(m: folium.Map, t: str, n_type: int, items: _Items,
                cluster: MarkerCluster | None, size_text: str, limit_text: str) -> None:
    """The layer of event type ``t``; its points and cells go to ``cluster`` when given (and
    leave it when the layer is switched off). ``size_text``/``limit_text``: the grid and
    the marker limit, written in the cells' popups."""
    color = styles.type_color(t)
    fg = folium.FeatureGroup(
        name=f'<span class="ua-swatch" style="background:{color}"></span> '
             f"{html.escape(t)} ({n_type:,})", show=True)
    _mapjs.EventLayer(color=color, etype=t, type_html=html.escape(t), points=items.points,
                      cells=items.cells, size_text=size_text, limit_text=limit_text,
                      regions={"type": "FeatureCollection", "features": items.regions},
                      halos=items.halos, records=items.records,
                      target=cluster if items.points or items.cells else None).add_to(fg)
    fg.add_to(m)


def _region_features(sub: pd.DataFrame, region_idx: pd.Series[int], b: Boundaries,
                     records: list[list[Any]], summary: MapSummary) -> list[dict[str, Any]]:
    """One area per region for the region-level events ``sub`` (one event type)."""
    by_region = sub.assign(_r=region_idx[sub.index]).groupby("_r", sort=False)
    keys = list(by_region.groups)
    geoms = simplified(b.admin1.geometry.loc[keys].to_numpy(), 0.005)
    feats = []
    for (ridx, grp), geom in zip(by_region, geoms, strict=True):
        order = ["severity", "event_date"] if "event_date" in grp else ["severity"]
        grp = grp.sort_values(order, ascending=False, na_position="last")
        reg = b.admin1.loc[ridx]
        shown = []
        for r in grp.head(REGION_POPUP_EVENTS).to_dict("records"):
            records.append(event_popup_data(r))
            shown.append(len(records) - 1)
        props = _props(grp.iloc[0])
        props.update({"event_ids": grp["event_id"].tolist()[:200], "region": plain(reg["name"]),
                      "gn_a1_code": plain(reg["gn_a1_code"]) or None,
                      "_r": [html.escape(plain(reg["name"])), html.escape(plain(reg["admin"])),
                             len(grp), shown]})
        feats.append(feature(geom, props))
        summary.regions += 1
        summary.region_events += len(grp)
    return feats


def _props(row: Any) -> dict[str, Any]:
    """The GeoJSON properties of a drawn event (returned by streamlit-folium on click)."""
    return {"event_id": plain(row["event_id"]), "event_type": plain(row["event_type"]),
            "geo_precision": int(row["_prec"]), "status": plain(row.get("status")) or None}


def add_heat(m: folium.Map, c: Classified, summary: MapSummary, weight: str,
             show: bool) -> None:
    """The heat layer (its own pane above the outlines), weighted by ``weight``."""
    data = heat_data(c.df, c.lat, c.lon, c.has_xy & (c.prec <= 3), weight)
    summary.heat_points = len(data)
    if data:
        _mapjs.HeatLayer(data, name=f"Heat ({weight})", radius=18, blur=16, min_opacity=0.25,
                         max_zoom=9, pane="ua-heat", show=show).add_to(m)


def add_selected_ring(m: folium.Map, selected: pd.Series[Any]) -> None:
    """A dark ring around the selected event."""
    folium.CircleMarker(
        [float(selected.latitude), float(selected.longitude)],
        radius=styles.severity_radius(selected.severity) + 7, color="#111", weight=3,
        fill=False, interactive=False, class_name="ua-selected").add_to(m)
