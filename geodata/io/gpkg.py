"""GeoPackage layers of events or mentions (point geometries, EPSG:4326) through pyogrio."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from geodata.atomic import atomic_path
from geodata.exceptions import ExportError, ImportFormatError
from geodata.model import EVENT_FIELDS


def layer_frame(rows: list[dict[str, Any]], layer: str, kinds: dict[str, tuple[str, bool]],
                lon: str, lat: str) -> Any:
    """Rows of events or mentions as a GeoDataFrame (EPSG:4326 points, typed columns)."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

    cols = list(rows[0]) if rows else [k for k in kinds if k in EVENT_FIELDS or layer == "mentions"]
    data: dict[str, Any] = {}
    for c in cols:
        values = [r.get(c) for r in rows]
        base = kinds.get(c, ("str", True))[0]
        if c == "alternatives":
            data[c] = pd.array([json.dumps(v, ensure_ascii=False) for v in values], dtype=object)
        elif base == "int":
            data[c] = pd.array(values, dtype="Int64")
        elif base == "float":
            data[c] = pd.array([math.nan if v is None else float(v) for v in values], dtype="float64")
        else:
            data[c] = pd.array(values, dtype=object)
    geom = [
        None if r.get(lon) is None or r.get(lat) is None else (float(r[lon]), float(r[lat])) for r in rows
    ]
    return gpd.GeoDataFrame(
        pd.DataFrame(data), geometry=[Point(g) if g else None for g in geom], crs="EPSG:4326"
    )


def write_layer(rows: list[dict[str, Any]], path: Path, layer: str, kinds: dict[str, tuple[str, bool]],
                lon: str, lat: str) -> None:  # fmt: skip
    """Write one layer to a new GeoPackage, atomically."""
    import pyogrio

    gdf = layer_frame(rows, layer, kinds, lon, lat)
    with atomic_path(path) as tmp:
        try:
            pyogrio.write_dataframe(gdf, tmp, layer=layer, driver="GPKG", geometry_type="Point")
        except Exception as exc:
            raise ExportError(f"cannot write GeoPackage {path}: {exc}") from exc


def read_layer(path: Path, layer: str) -> list[tuple[int, dict[str, Any], tuple[float | None, float | None]]]:
    import pyogrio

    try:
        layers = [name for name, _ in pyogrio.list_layers(path)]
        df = pyogrio.read_dataframe(path, layer=layer if layer in layers else None)
    except Exception as exc:
        raise ImportFormatError(f"{path}: cannot read as GeoPackage: {exc}") from None
    geoms = df.geometry.values if "geometry" in df else [None] * len(df)
    cols = [c for c in df.columns if c != "geometry"]
    out: list[tuple[int, dict[str, Any], tuple[float | None, float | None]]] = []
    for i, (rec, g) in enumerate(zip(df[cols].to_dict("records"), geoms, strict=True)):
        xy: tuple[float | None, float | None] = (None, None) if g is None or g.is_empty else (float(g.x), float(g.y))
        out.append((i, rec, xy))
    return out
