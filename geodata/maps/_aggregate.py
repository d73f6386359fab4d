"""Aggregation for the interactive map: grid cells of dense events, heat points, day numbers.

**Aggregation rule** (see :mod:`geodata.maps.layers`): when there are more point events than
``max_markers``, points are aggregated per event type into a square lat/lon grid whose cell is
the smallest of :data:`GRID_SIZES` that gives at most ``max_markers`` cells.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from geodata.maps._frames import strings

__all__ = ["GRID_SIZES", "aggregate_cells", "cell_bbox", "day_numbers", "days_at", "grid", "heat_data"]

#: Grid cell sizes (degrees) tried, in order, when events are aggregated.
GRID_SIZES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 45.0)


def grid(lat: np.ndarray, lon: np.ndarray, group: np.ndarray, limit: int,
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
    text = strings(event_dates).str.slice(0, 10)
    d = pd.to_datetime(text, errors="coerce", format="%Y-%m-%d").to_numpy(dtype="datetime64[D]")
    out = d.astype("int64").astype(float)
    out[np.isnat(d)] = np.nan
    return out


def days_at(df: pd.DataFrame, rows: np.ndarray) -> np.ndarray:
    """Days since 1970 of ``event_date`` at ``rows`` (NaN: unknown); ``_day`` when given."""
    if "_day" in df.columns:
        given: np.ndarray = df["_day"].to_numpy(dtype=float)[rows]
        return given
    if "event_date" not in df.columns:
        return np.full(len(rows), np.nan)
    return day_numbers(df["event_date"].iloc[rows])


def day_text(day: float) -> str:
    """ISO date of a day number (``""`` for NaN or infinite).

    >>> day_text(18997.0), day_text(float("nan"))
    ('2022-01-05', '')
    """
    if not np.isfinite(day):
        return ""
    return str(np.datetime64(int(day), "D"))


def aggregate_cells(df: pd.DataFrame, rows: np.ndarray, tcodes: np.ndarray, tnames: list[str],
                    limit: int) -> tuple[float, pd.DataFrame]:
    """Aggregate the events at ``rows`` per type into the grid of :func:`grid`.

    Returns the cell size and one row per cell: ``event_type``, ``n``, ``regional`` (how many
    are region-level), ``lat``/``lon`` (mean), ``fatalities`` (sum), ``severity`` (max, NaN
    when unknown), ``first``/``last`` (ISO dates, ``""`` when unknown)."""
    lat = df["latitude"].to_numpy(dtype=float)[rows]
    lon = df["longitude"].to_numpy(dtype=float)[rows]
    codes = tcodes[rows]
    size, cell, gy, gx = grid(lat, lon, codes, limit)
    k = int(cell.max()) + 1 if len(cell) else 0
    n = np.bincount(cell, minlength=k)
    sev = df["severity"].to_numpy(dtype=float)[rows]
    sev_max = np.full(k, -np.inf)
    np.maximum.at(sev_max, cell, np.where(np.isnan(sev), -np.inf, sev))
    days = days_at(df, rows)
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
        "first": [day_text(d) for d in first],
        "last": [day_text(d) for d in last],
        "south": np.round(gy * size - 90, 6), "west": np.round(gx * size - 180, 6),
    })
    return size, out


def cell_bbox(west: float, south: float, size: float) -> list[float]:
    """``[west, south, east, north]`` of a grid cell (a map-area filter)."""
    nd = max(2, -math.floor(math.log10(size)) + 1)  # edges are multiples of the size
    return [round(float(west), nd), round(float(south), nd),
            round(min(180.0, float(west) + size), nd), round(min(90.0, float(south) + size), nd)]


def heat_data(df: pd.DataFrame, lat: np.ndarray, lon: np.ndarray, mask: np.ndarray,
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
    size, cell, gy, gx = grid(y, x, np.zeros(len(w), dtype=np.int64), limit, snap=np.round)
    total = np.bincount(cell, weights=w, minlength=len(gy))
    out = np.column_stack([np.round((gy * size) - 90, 3), np.round((gx * size) - 180, 3),
                           np.round(total, 2)])
    points: list[list[float]] = out.tolist()
    return points

