"""The event frame of a static map: precision classes, region matching, extent, text lines.

Imports no matplotlib (used by :mod:`geodata.maps.static` at import time).

>>> date_text("2022-01-02", "2022-01-09"), date_text(None, None)
('2 Jan 2022 – 9 Jan 2022', 'dates unknown')
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from geodata.exceptions import DataMissingError, ExportError
from geodata.maps import styles
from geodata.maps._event_layers import HALO_METRES
from geodata.settings import DATA_DIR

if TYPE_CHECKING:  # pragma: no cover
    from geodata.maps.regions import Boundaries

__all__ = [
    "DENSE_FROM",
    "MIN_MARKER_SCALE",
    "Prepared",
    "boundaries_of",
    "bounds",
    "date_text",
    "marker_diameter",
    "marker_scale",
    "prepare",
    "reference_towns",
    "sources_line",
]

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
Extent = tuple[float, float, float, float]

#: Marker size factor: 1 up to this many points, then shrinking to :data:`MIN_MARKER_SCALE`.
DENSE_FROM = 1000
MIN_MARKER_SCALE = 0.35

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_words(iso: str) -> str:
    """``"5 Jan 2022"`` for an ISO date (the text itself when it is not one)."""
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def date_text(first: str | None, last: str | None) -> str:
    """A date range in words (one day when ``first`` and ``last`` are the same day)."""
    if not first and not last:
        return "dates unknown"
    if first and last and first[:10] == last[:10]:
        return day_words(first)
    return f"{day_words(first) if first else '…'} – {day_words(last) if last else '…'}"



@dataclass
class Prepared:
    """The events of a static map (fresh index, the columns the map reads) and, per row,
    the location precision, usable coordinates, admin-1 row (``-1``: none) and how the row
    is drawn: point, region area, halo, country-level (listed) or unplaced."""

    df: pd.DataFrame
    prec: np.ndarray
    has_xy: np.ndarray
    region_idx: np.ndarray
    is_point: np.ndarray
    is_region: np.ndarray
    is_halo: np.ndarray
    is_country: np.ndarray
    is_unplaced: np.ndarray


def prepare(df: pd.DataFrame, b: Boundaries | None) -> Prepared:
    """Classify the events of ``df`` (region-level ones matched against ``b``).

    Raises
    ------
    ExportError
        ``event_type``, ``latitude`` or ``longitude`` is missing.
    """
    need = ("event_type", "latitude", "longitude")
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ExportError(f"events lack the column(s) {', '.join(missing)}")
    df = df.reset_index(drop=True)
    df["event_type"] = df["event_type"].astype("string").fillna("Unknown").replace("", "Unknown").astype(object)
    for col in ("latitude", "longitude", "severity"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(float) if col in df else np.nan
    for col in ("admin1", "country_code", "country", "location", "event_date", "event_id"):
        if col not in df:
            df[col] = None
    lat, lon = df["latitude"].to_numpy(), df["longitude"].to_numpy()
    has_xy = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    gp = pd.to_numeric(df["geo_precision"], errors="coerce") if "geo_precision" in df else pd.Series(np.nan, index=df.index)
    prec = gp.where(gp.notna(), np.where(has_xy, 2, 4)).clip(1, 4).round().astype(int).to_numpy()
    region_idx = np.full(len(df), -1, dtype=np.int64)
    if b is not None and (prec == 3).any():
        from geodata.maps.regions import match_regions

        sub = df[prec == 3]
        region_idx[prec == 3] = match_regions(sub, b).to_numpy()
    has_poly = region_idx >= 0
    is_point = (prec <= 2) & has_xy
    is_region = (prec == 3) & has_poly
    is_halo = (prec == 3) & ~has_poly & has_xy
    is_country = prec >= 4
    is_unplaced = ((prec <= 2) & ~has_xy) | ((prec == 3) & ~has_poly & ~has_xy)
    return Prepared(df, prec, has_xy, region_idx, is_point, is_region, is_halo, is_country, is_unplaced)


def boundaries_of(boundaries: Any, warn: list[str]) -> Boundaries | None:
    """The outlines ``boundaries`` names (``None``: the bundled file, ``False``: none); a
    missing file adds a line to ``warn`` and gives ``None``."""
    from geodata.maps.regions import Boundaries, load_boundaries

    if boundaries is False:
        return None
    if isinstance(boundaries, Boundaries):
        return boundaries
    try:
        return load_boundaries(boundaries)
    except DataMissingError as exc:
        warn.append(f"{exc}; map drawn without outlines")
        return None


def bounds(p: Prepared, b: Boundaries | None) -> tuple[float, float, float, float] | None:
    """``(min_lon, min_lat, max_lon, max_lat)`` of what the map draws (points, halos, region
    outlines; else the main landmass of the country-level events' countries), or ``None``."""
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    df = p.df
    pts = p.is_point | p.is_halo
    if pts.any():
        xs.append(df["longitude"].to_numpy()[pts])
        ys.append(df["latitude"].to_numpy()[pts])
    if p.is_halo.any():
        r = HALO_METRES / 1000.0 / 111.32
        lat = df["latitude"].to_numpy()[p.is_halo]
        ys += [lat - r, lat + r]
        xs.append(df["longitude"].to_numpy()[p.is_halo])
    if b is not None and p.is_region.any():
        geoms = b.admin1.geometry.iloc[np.unique(p.region_idx[p.is_region])]
        bb = geoms.bounds.to_numpy()
        xs += [bb[:, 0], bb[:, 2]]
        ys += [bb[:, 1], bb[:, 3]]
    if not xs and b is not None and p.is_country.any():
        ccs = set(df.loc[p.is_country, "country_code"].dropna().astype(str).str.upper())
        sel = b.countries[b.countries["iso_a2"].isin(ccs)]
        if len(sel):
            bb = sel.geometry.bounds.to_numpy()
            # the main landmass, not far-off islands: bounds of the largest part of each
            import shapely

            parts = [max(shapely.get_parts(g), key=lambda q: q.area).bounds for g in sel.geometry]
            bb = np.asarray(parts)
            xs += [bb[:, 0], bb[:, 2]]
            ys += [bb[:, 1], bb[:, 3]]
    if not xs:
        return None
    x, y = np.concatenate(xs), np.concatenate(ys)
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())



def sources_line(df: pd.DataFrame, source: str | None) -> str:
    """The footer's "Data: ..." line (``source`` and the ACLED / GDELT credits the event ids
    call for)."""
    bits = []
    if source:
        bits.append(source)
    ids = df["event_id"].dropna().astype(str) if "event_id" in df else pd.Series([], dtype=str)
    if len(ids):
        if ids.str.startswith("acled:").any():
            bits.append("ACLED (acleddata.com)")
        if ids.str.startswith("gdelt:").any():
            bits.append("The GDELT Project (gdeltproject.org)")
    return "Data: " + ("; ".join(bits) if bits else "Unrest Atlas events") + "."


def marker_scale(n_points: int) -> float:
    """Factor applied to the marker sizes of a map of ``n_points`` points.

    >>> marker_scale(10), round(marker_scale(100_000), 3)
    (1.0, 0.398)
    """
    if n_points <= DENSE_FROM:
        return 1.0
    return max(MIN_MARKER_SCALE, float((DENSE_FROM / n_points) ** 0.2))


def marker_diameter(severity: float, scale: float) -> float:
    """Marker diameter in points: the dashboard's radius in CSS pixels, read at 96 dpi."""
    return 2.0 * styles.severity_radius(severity) * 0.75 * scale


#: The gazetteer whose towns the static map names for reference (as the web basemap does).
GAZETTEER_PATH = DATA_DIR / "gazetteer.sqlite"
#: Reference towns are written on maps at most this many degrees wide (a country or less).
TOWNS_MAX_SPAN = 12.0


def reference_towns(extent: tuple[float, float, float, float], limit: int = 12,
                    path: Any = None) -> list[tuple[str, float, float]]:
    """The biggest towns of the gazetteer inside ``extent`` (``x0, y0, x1, y1``), as
    ``(name, lon, lat)``, most populous first; none on a map wider than
    :data:`TOWNS_MAX_SPAN` degrees or when the gazetteer is missing.

    The web basemap labels the same places (GeoNames, ranked by population), so a briefing
    map at a city's extent names the towns around it as the dashboard does.
    """
    x0, y0, x1, y1 = extent
    src = GAZETTEER_PATH if path is None else path
    if x1 - x0 > TOWNS_MAX_SPAN or not src.is_file():
        return []
    con = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT name, lon, lat FROM places WHERE kind = 'city' AND lat BETWEEN ? AND ?"
            " AND lon BETWEEN ? AND ? ORDER BY population DESC, id LIMIT ?",
            (y0, y1, x0, x1, int(limit))).fetchall()
    except sqlite3.Error:
        return []
    finally:
        con.close()
    return [(str(n), float(lon), float(lat)) for n, lon, lat in rows]
