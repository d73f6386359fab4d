"""Shapely geometries as rounded GeoJSON for the interactive map, simplified as asked.

Shapely is imported on first use (a map without outlines does not need it).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["coarse", "extent_of", "feature", "round_coords", "simplified"]


def round_coords(obj: Any, nd: int) -> Any:
    """``obj`` (nested lists/tuples of coordinates) with every float rounded to ``nd`` places.

    >>> round_coords(((1.23456, 2.0), [3.14159]), 2)
    [[1.23, 2.0], [3.14]]
    """
    if isinstance(obj, float):
        return round(obj, nd)
    if isinstance(obj, (list, tuple)):
        return [round_coords(o, nd) for o in obj]
    return obj


def feature(geom: Any, props: dict[str, Any], nd: int = 4) -> dict[str, Any]:
    """A GeoJSON Feature of a shapely geometry, coordinates rounded to ``nd`` places."""
    import shapely

    gj = shapely.geometry.mapping(geom)
    return {"type": "Feature", "properties": props,
            "geometry": {"type": gj["type"], "coordinates": round_coords(gj["coordinates"], nd)}}


def simplified(geoms: Any, tolerance: float) -> Any:
    """``geoms`` (an array) simplified to ``tolerance`` degrees, topology kept (as they are
    for ``tolerance <= 0``)."""
    import shapely

    if tolerance <= 0:
        return geoms
    out = shapely.simplify(np.asarray(geoms), tolerance, preserve_topology=True)
    return out


def extent_of(lat: np.ndarray, lon: np.ndarray,
              mask: np.ndarray) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of the points where ``mask``, or ``None``."""
    if not mask.any():
        return None
    y, x = lat[mask], lon[mask]
    return float(y.min()), float(x.min()), float(y.max()), float(x.max())


def coarse(geom: Any, tolerance: float = 0.5, min_area: float = 1.0) -> Any:
    """A world-view outline: heavily simplified, small islands dropped."""
    import shapely

    g = shapely.simplify(geom, tolerance, preserve_topology=True)
    parts = [p for p in shapely.get_parts(g) if p.area >= min_area]
    return shapely.MultiPolygon(parts) if parts else None

