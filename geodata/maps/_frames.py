"""The event frame of the interactive map: helper columns, region matching, drawing classes.

:func:`prepare` checks the columns and adds ``_prec`` (location precision 1-4) and ``_has_xy``
(usable coordinates); :func:`classify` splits the rows by how :func:`geodata.maps.layers.build_map`
draws them (points, region areas, halos, country-level, unplaced).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from geodata.exceptions import DataMissingError, ExportError
from geodata.maps.regions import Boundaries, load_boundaries, match_regions

__all__ = [
    "REGIONS_ATTR",
    "REQUIRED",
    "Classified",
    "boundaries_of",
    "classify",
    "match",
    "prepare",
    "strings",
]

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Columns :func:`prepare` requires.
REQUIRED = ("event_id", "event_type", "latitude", "longitude", "geo_precision")
#: ``DataFrame.attrs`` key telling which boundaries a ``_region`` column was matched against.
REGIONS_ATTR = "unrest_atlas.regions"


def strings(col: pd.Series[Any]) -> pd.Series[str]:
    """A column as plain strings, missing values as ``""`` (vectorised ``_popups.plain``).

    >>> strings(pd.Series(["a", None, 3])).tolist()
    ['a', '', '3']
    """
    if isinstance(col.dtype, pd.StringDtype):
        return col.fillna("")
    return col.astype("object").where(col.notna(), "").astype(str)


def prepare(events: pd.DataFrame) -> pd.DataFrame:
    """A shallow copy of ``events`` with a fresh index, string ids and types, float
    coordinates, severity and fatalities, and ``_prec``/``_has_xy`` (kept when already there).

    Raises
    ------
    ExportError
        ``events`` is not a DataFrame or lacks a column of :data:`REQUIRED`.
    """
    if not isinstance(events, pd.DataFrame):
        raise ExportError(f"events must be a pandas DataFrame, not {type(events).__name__}")
    missing = [c for c in REQUIRED if c not in events.columns]
    if missing:
        raise ExportError(f"events lack the column(s) {', '.join(missing)}")
    df = events.copy(deep=False)  # copy-on-write: the caller's frame is not touched
    df.index = pd.RangeIndex(len(df))
    df["event_id"] = strings(df["event_id"])
    df["event_type"] = strings(df["event_type"]).replace("", "Unknown")
    for col in ("latitude", "longitude", "severity", "fatalities"):
        if col not in df.columns:
            df[col] = np.nan
        elif df[col].dtype != float:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    if not is_prepared(df):
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


def is_prepared(df: pd.DataFrame) -> bool:
    """Whether ``df`` carries the columns of ``prepare_events`` (with their dtypes)."""
    return ("_prec" in df.columns and "_has_xy" in df.columns
            and df["_has_xy"].dtype == bool and df["_prec"].dtype.kind == "i")


def match(df: pd.DataFrame, b: Boundaries) -> IntArray:
    """Row of ``b.admin1`` per event of ``df`` (``-1``: none)."""
    rcols = [c for c in ("country_code", "admin1", "admin1_code", "latitude", "longitude")
             if c in df.columns]
    out: IntArray = match_regions(df[rcols], b).to_numpy()
    return out


def region_index(df: pd.DataFrame, b: Boundaries, need: BoolArray) -> IntArray:
    """Row of ``b.admin1`` per event of ``df`` (``-1``: none), matched where ``need``."""
    if "_region" in df.columns and df.attrs.get(REGIONS_ATTR) == b.token:
        region = df["_region"].to_numpy(dtype="int64", na_value=-1)
        out: IntArray = np.where(need, region, -1)
        return out
    region = np.full(len(df), -1, dtype="int64")
    rows = np.flatnonzero(need)
    if len(rows):
        region[rows] = match(df.iloc[rows], b)
    return region


def boundaries_of(boundaries: Any) -> Boundaries | None:
    """The outlines ``boundaries`` names (``None``: the bundled file, ``False``: none).

    Warns (at the caller of the caller) and returns ``None`` when the bundled file is missing.
    """
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


@dataclass
class Classified:
    """The rows of a prepared frame split by how the map draws them (arrays per row of ``df``).

    Attributes
    ----------
    df
        The frame of :func:`prepare`.
    prec, has_xy, lat, lon
        Location precision, usable coordinates, latitude and longitude.
    region, region_idx, has_poly
        Row of ``boundaries.admin1`` (``-1``: none; as a Series on ``df.index``) and whether
        there is one.
    is_point, is_region, is_halo, unplaced
        Drawn as a point (precision 1-2 with coordinates); region-level (3); region-level
        without an outline but with coordinates (a halo); not drawn for want of a location.
    tcodes, tnames
        Event type code of each row and the type names (``pd.factorize``).
    """

    df: pd.DataFrame
    prec: IntArray
    has_xy: BoolArray
    lat: FloatArray
    lon: FloatArray
    region: IntArray
    region_idx: pd.Series[int]
    has_poly: BoolArray
    is_point: BoolArray
    is_region: BoolArray
    is_halo: BoolArray
    unplaced: BoolArray
    tcodes: IntArray
    tnames: list[str]


def classify(df: pd.DataFrame, b: Boundaries | None, regions_needed: bool) -> Classified:
    """Split the prepared ``df`` by precision; regions are matched when ``b`` is given and
    there are region-level events or ``regions_needed`` (a choropleth)."""
    prec, has_xy = df["_prec"].to_numpy(), df["_has_xy"].to_numpy()
    lat, lon = df["latitude"].to_numpy(dtype=float), df["longitude"].to_numpy(dtype=float)
    is_point = (prec <= 2) & has_xy
    is_region = prec == 3
    if b is not None and (is_region.any() or regions_needed):
        region = region_index(df, b, prec <= 3)
    else:
        region = np.full(len(df), -1, dtype="int64")
    has_poly = region >= 0
    is_halo = is_region & ~has_poly & has_xy
    unplaced = ((prec <= 2) & ~has_xy) | (is_region & ~has_poly & ~has_xy)
    tcodes, tnames_ = pd.factorize(df["event_type"])
    return Classified(df=df, prec=prec, has_xy=has_xy, lat=lat, lon=lon, region=region,
                      region_idx=pd.Series(region, index=df.index), has_poly=has_poly,
                      is_point=is_point, is_region=is_region, is_halo=is_halo,
                      unplaced=unplaced, tcodes=tcodes, tnames=[str(t) for t in tnames_])
