"""The basemap of the interactive map: panes, embedded vector outlines, offline or web tiles.

``"offline"`` picks the embedded vector outlines in ``inline`` mode (and when the bundled
tiles are missing), the bundled raster tiles otherwise; see :func:`add_basemap`.
"""

from __future__ import annotations

import html
import warnings
from typing import Any, Literal

import folium
import numpy as np

from geodata import settings
from geodata.exceptions import ExportError
from geodata.maps import _mapjs
from geodata.maps import basemap as _basemap
from geodata.maps._frames import Classified
from geodata.maps._geojson import coarse, feature, simplified
from geodata.maps._popups import plain
from geodata.maps._summary import MapSummary
from geodata.maps.regions import Boundaries

__all__ = ["NATURAL_EARTH_ATTRIBUTION", "Basemap", "add_basemap", "add_panes"]

NATURAL_EARTH_ATTRIBUTION = ('Outlines: <a href="https://www.naturalearthdata.com/">'
                             "Natural Earth</a>")

Basemap = Literal["offline", "vector", "tiles", "web", "none"]
Extent = tuple[float, float, float, float]


def add_panes(m: folium.Map) -> None:
    """The map panes, bottom up: basemap, labels, choropleth, region areas, heat."""
    for name, z, pe in (("ua-basemap", 250, False), ("ua-labels", 260, False),
                        ("ua-choropleth", 300, True), ("ua-regions", 350, True),
                        ("ua-heat", 390, False)):
        folium.map.CustomPane(name, z_index=z, pointer_events=pe).add_to(m)


def add_basemap(m: folium.Map, c: Classified, b: Boundaries | None, summary: MapSummary, *,
                basemap: Basemap, mode: str, static_prefix: str, tiles_url: str | None,
                choropleth: str | None) -> list[str]:
    """Add the basemap ``basemap`` asks for; returns the attribution lines it needs.

    Raises
    ------
    ExportError
        Web tiles while ``settings.web_tiles`` is off; raster tiles in ``inline`` mode.
    """
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
            warnings.warn("no boundaries: vector basemap left out", stacklevel=3)
        else:
            ccs = set(c.df.loc[(c.prec <= 3), "country_code"].dropna().astype(str))
            _vector_basemap(m, b, summary.extent, ccs, summary)
    if b is not None and (kind == "vector" or choropleth or c.is_region.any()):
        attributions.append(NATURAL_EARTH_ATTRIBUTION)
    return attributions


def _near_box(extent: Extent | None) -> Any:
    """The events' extent widened (at least 4 degrees of latitude, 6 of longitude), or
    ``None``."""
    import shapely

    if extent is None:
        return None
    s, w, n, e = extent
    pad_lat, pad_lon = max(4.0, (n - s) * 0.3), max(6.0, (e - w) * 0.3)
    return shapely.box(max(-180, w - pad_lon), max(-90, s - pad_lat),
                       min(180, e + pad_lon), min(90, n + pad_lat))


def _vector_basemap(m: folium.Map, b: Boundaries, extent: Extent | None, event_ccs: set[str],
                    summary: MapSummary) -> None:
    """Countries (detailed near the events, coarse elsewhere), admin-1 outlines and labels of
    the countries with events."""
    import shapely

    countries, admin1 = b.countries, b.admin1
    box = _near_box(extent)
    geoms = countries.geometry.to_numpy()
    near = (countries.geometry.intersects(box).to_numpy() if box is not None
            else np.zeros(len(countries), dtype=bool))
    c_feats = []
    detailed = simplified(geoms[near], 0.03)
    for g in detailed:
        if g is not None and not g.is_empty:
            c_feats.append(feature(g, {}, 2))
    for g in geoms[~near]:
        cg = coarse(g) if box is not None else coarse(g, 0.2, 0.3)
        if cg is not None:
            c_feats.append(feature(cg, {}, 1))
    a_sel = admin1[admin1["country_code"].isin(event_ccs).to_numpy()]
    a_feats = [feature(g, {}, 2) for g in simplified(a_sel.geometry.to_numpy(), 0.02)
               if g is not None and not g.is_empty]
    labels: list[list[Any]] = []
    for name, geom, nr in zip(countries["name"], geoms, near, strict=True):
        if (nr or box is None) and geom is not None and not geom.is_empty:
            p = max(shapely.get_parts(geom), key=lambda g: g.area).representative_point()
            labels.append([round(p.y, 2), round(p.x, 2), html.escape(plain(name)), "country"])
    for name, lat, lon in zip(a_sel["name"], a_sel["label_lat"], a_sel["label_lon"], strict=True):
        labels.append([round(float(lat), 2), round(float(lon), 2), html.escape(plain(name)),
                       "admin1"])
    _mapjs.VectorBasemap({"type": "FeatureCollection", "features": c_feats},
                         {"type": "FeatureCollection", "features": a_feats}, labels).add_to(m)
    summary.basemap = "vector"
