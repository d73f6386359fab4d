"""GeoParquet: events as a typed GeoDataFrame (EPSG:4326 points, nullable integers), written
atomically with zstd compression and read back."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from geodata.atomic import atomic_path
from geodata.exceptions import ExportError, ImportFormatError
from geodata.io._common import plain
from geodata.io._import import (
    FIELD_DEFAULTS,
    FLOAT_FIELDS,
    INT_FIELDS,
    OPTIONAL_FIELDS,
    column_kind,
    export_columns,
)
from geodata.model import EVENT_FIELDS, Event


def typed_frame(rows: list[dict[str, Any]]) -> Any:
    """A GeoDataFrame (EPSG:4326 points) with nullable integer columns."""
    import geopandas as gpd
    import pandas as pd

    cols = export_columns(rows)
    data: dict[str, Any] = {}
    for c in cols:
        values = [r.get(c) for r in rows]
        kind = column_kind(c)
        if kind == "int":
            data[c] = pd.array(values, dtype="Int64")
        elif kind == "float":
            data[c] = pd.array([math.nan if v is None else float(v) for v in values], dtype="float64")
        else:
            data[c] = pd.array([None if v is None else str(v) for v in values], dtype=object)
    df = pd.DataFrame(data)
    lon = df["longitude"].to_numpy(dtype="float64")
    lat = df["latitude"].to_numpy(dtype="float64")
    geom = gpd.points_from_xy(lon, lat)
    gs = gpd.GeoSeries(geom, crs="EPSG:4326")
    missing = ~(pd.notna(lon) & pd.notna(lat))
    if missing.any():
        gs[missing] = None
    return gpd.GeoDataFrame(df, geometry=gs, crs="EPSG:4326")


def write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    gdf = typed_frame(rows)
    with atomic_path(path) as tmp:
        try:
            gdf.to_parquet(tmp, index=False, compression="zstd", schema_version=None)
        except Exception as exc:
            raise ExportError(f"cannot write GeoParquet {path}: {exc}") from exc


def _coerce(name: str, value: Any) -> Any:
    value = plain(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None if name in OPTIONAL_FIELDS else FIELD_DEFAULTS.get(name, "" if name not in INT_FIELDS else 0)
    if name in INT_FIELDS:
        return int(value)
    if name in FLOAT_FIELDS:
        return float(value)
    return str(value)


def read_parquet(path: Path) -> list[Event]:
    import geopandas as gpd

    try:
        gdf = gpd.read_parquet(path)
    except Exception as exc:
        raise ImportFormatError(f"{path}: cannot read as GeoParquet: {exc}") from None
    missing = [c for c in ("event_id", "report_id") if c not in gdf.columns]
    if missing:
        raise ImportFormatError(f"{path}: not an events file (no {', '.join(missing)} column)")
    cols = [c for c in EVENT_FIELDS if c in gdf.columns]
    out = []
    for i, rec in enumerate(gdf[cols].to_dict("records")):
        try:
            fields = {k: _coerce(k, rec.get(k)) for k in EVENT_FIELDS}
        except (TypeError, ValueError) as exc:
            raise ImportFormatError(f"{path}: row {i}: {exc}") from None
        if fields["report_id"] is None:
            fields["report_id"] = ""
        out.append(Event(**fields))
    return out
