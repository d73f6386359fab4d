"""Admin-1 outlines: loading ``boundaries.gpkg`` and matching events to their region."""

from __future__ import annotations

import functools
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geodata.exceptions import DataMissingError

__all__ = ["Boundaries", "load_boundaries", "match_regions", "normalize_name"]

#: (GeoNames code -> row, (country, exact name) -> row, (country, generic-stripped name) -> row).
_Keys = tuple[dict[str, int], dict[tuple[str, str], int | None], dict[tuple[str, str], int | None]]
#: Per country: the normalized admin-1 names and their rows (fuzzy matching).
_FuzzyCache = dict[str, tuple[list[str], list[Any]]]

#: Words that name the kind of region rather than the region ("Mangghystaū oblysy").
_GENERIC = {
    "oblast", "oblasty", "oblysy", "oblys", "region", "regione", "province", "provincia",
    "provinsi", "governorate", "muhafazat", "state", "estado", "prefecture", "county", "district",
    "department", "departamento", "municipality", "autonomous", "republic", "of", "the", "krai",
    "kray", "okrug", "voivodeship", "wilayah", "ostan", "territory", "division", "qalasy",
}


def normalize_name(name: object, *, strip_generic: bool = False) -> str:
    """Lower-case, accent-free, punctuation-free form of a region name.

    >>> normalize_name("Mangghystaū oblysy", strip_generic=True)
    'mangghystau'
    >>> normalize_name("Aqtöbe")
    'aqtobe'
    """
    if name is None or (isinstance(name, float) and np.isnan(name)):
        return ""
    return _normalize(str(name), strip_generic)


@functools.lru_cache(maxsize=100_000)
def _normalize(name: str, strip_generic: bool) -> str:
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace("'", "").replace("’", "").replace("ʼ", "")
    words = re.findall(r"[^\W_]+", s)
    if strip_generic:
        kept = [w for w in words if w not in _GENERIC]
        words = kept or words
    return " ".join(words)


@dataclass(frozen=True)
class Boundaries:
    """Country and admin-1 outlines (GeoDataFrames in EPSG:4326).

    Attributes
    ----------
    countries
        Columns ``iso_a2``, ``iso_a3``, ``iso_n3``, ``name``, ``geometry``.
    admin1
        Columns ``gn_a1_code``, ``iso_3166_2``, ``name``, ``name_alt``, ``country_code``,
        ``admin``, ``code_hasc``, ``label_lat``, ``label_lon``, ``geometry``.
    """

    countries: Any  # geopandas.GeoDataFrame (kept untyped: geopandas is imported lazily)
    admin1: Any

    @functools.cached_property
    def _keys(self) -> _Keys:
        return _build_keys(self.admin1)

    @functools.cached_property
    def token(self) -> str:
        """A fingerprint of the admin-1 table (which rows mean which regions): region
        indexes computed against one :class:`Boundaries` are valid for another with the same
        token."""
        import hashlib

        admin1 = self.admin1
        h = hashlib.blake2b(digest_size=12)
        for col in ("gn_a1_code", "name", "country_code"):
            h.update("\x1f".join(map(str, admin1[col].tolist())).encode())
        h.update(",".join(map(str, admin1.index.tolist())).encode())
        return f"{len(admin1)}:{h.hexdigest()}"


def _build_keys(admin1: Any) -> _Keys:
    """(gn code -> idx, (cc, exact name) -> idx, (cc, generic-stripped name) -> idx)."""
    codes: dict[str, int] = {}
    exact: dict[tuple[str, str], int | None] = {}
    loose: dict[tuple[str, str], int | None] = {}
    for idx, code, cc, name, alt in zip(admin1.index, admin1["gn_a1_code"],
                                        admin1["country_code"], admin1["name"],
                                        admin1["name_alt"], strict=True):
        if isinstance(code, str):
            codes.setdefault(code, idx)
        cc = cc if isinstance(cc, str) else ""
        names = [name] + (alt.split("|") if isinstance(alt, str) else [])
        for i, n in enumerate(names):
            for table, strip in ((exact, False), (loose, True)):
                key = (cc, normalize_name(n, strip_generic=strip))
                if not key[1]:
                    continue
                if key in table and table[key] != idx:
                    if i == 0 and table is exact:
                        table[key] = idx  # a region's own name beats another's alternate
                    else:
                        table[key] = None  # ambiguous
                elif key not in table:
                    table[key] = idx
    return (codes, {k: v for k, v in exact.items() if v is not None},
            {k: v for k, v in loose.items() if v is not None})


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Boundaries:
    import geopandas as gpd

    countries = gpd.read_file(path, layer="countries", engine="pyogrio")
    admin1 = gpd.read_file(path, layer="admin1", engine="pyogrio")
    return Boundaries(countries=countries, admin1=admin1)


def load_boundaries(path: str | os.PathLike[str] | None = None) -> Boundaries:
    """Read (and cache) the outlines GeoPackage.

    Parameters
    ----------
    path
        Default: ``settings.get().boundaries_path`` (the bundled ``boundaries.gpkg``).

    Raises
    ------
    DataMissingError
        The file is absent or unreadable.
    """
    if path is None:
        from geodata import settings

        path = settings.get().boundaries_path
    p = Path(path)
    if not p.is_file():
        raise DataMissingError(f"boundaries file missing: {p} (run tools/build_boundaries.py)")
    try:
        return _load(str(p.resolve()), p.stat().st_mtime)
    except DataMissingError:
        raise
    except Exception as exc:  # pyogrio / GDAL errors
        raise DataMissingError(f"cannot read boundaries {p}: {exc}") from exc


def _fuzzy(cc: str, name: str, admin1: Any, cache: _FuzzyCache) -> int | None:
    from rapidfuzz import fuzz, process

    if cc not in cache:
        sub = admin1[admin1["country_code"] == cc]
        cache[cc] = ([normalize_name(n, strip_generic=True) for n in sub["name"]], list(sub.index))
    names, idxs = cache[cc]
    if not names:
        return None
    hit = process.extractOne(name, names, scorer=fuzz.ratio, score_cutoff=85)
    return idxs[hit[2]] if hit else None


def match_regions(events: pd.DataFrame, boundaries: Boundaries) -> pd.Series:
    """Index of each event's admin-1 polygon in ``boundaries.admin1`` (``-1``: none).

    Rules, first hit wins: the GeoNames admin-1 code (an ``admin1_code`` column, when the frame
    has one); the ``admin1`` name (or a Natural Earth alternate name) within ``country_code``,
    exact then without generic words ("oblysy", "province"...); the polygon that contains the
    event's coordinates; a fuzzy name match (rapidfuzz ratio >= 85) within the country.
    """
    admin1 = boundaries.admin1
    codes, exact, loose = boundaries._keys
    out = pd.Series(-1, index=events.index, dtype="int64")
    if events.empty:
        return out
    has_code = "admin1_code" in events.columns
    cols = ["country_code", "admin1"] + (["admin1_code"] if has_code else [])
    # one lookup per distinct (country, admin-1[, code]) key, vectorised back onto the rows
    group = np.zeros(len(events), dtype=np.int64)
    for c in cols:
        codes_c, uniq = pd.factorize(events[c], use_na_sentinel=True)
        group = group * (len(uniq) + 1) + (codes_c + 1)
    group_ids, firsts = np.unique(group, return_index=True)
    row_group = np.searchsorted(group_ids, group)
    key_rows = events[cols].iloc[firsts].astype(object)
    key_rows = key_rows.where(key_rows.notna(), None)
    uniq_keys = list(zip(*(key_rows[c] for c in cols), strict=True))
    resolved = np.full(len(uniq_keys), -1, dtype="int64")
    for n, key in enumerate(uniq_keys):
        cc, name = key[0] or "", key[1]
        if has_code and isinstance(key[2], str) and key[2] in codes:
            resolved[n] = codes[key[2]]
        elif name:
            resolved[n] = exact.get((cc, normalize_name(name)),
                                    loose.get((cc, normalize_name(name, strip_generic=True)), -1))
    out[:] = resolved[row_group]
    # Point in polygon for the rest that have coordinates.
    lat = pd.to_numeric(events["latitude"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(events["longitude"], errors="coerce").to_numpy(dtype=float)
    todo = (out.to_numpy() < 0) & np.isfinite(lat) & np.isfinite(lon)
    if todo.any():
        import shapely

        pts = shapely.points(lon[todo], lat[todo])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            src, tree = admin1.sindex.query(pts, predicate="within")
        hit = np.full(len(pts), -1, dtype="int64")
        hit[src[::-1]] = admin1.index.to_numpy()[tree[::-1]]  # first polygon wins
        vals = out.to_numpy().copy()
        vals[np.flatnonzero(todo)] = hit
        out[:] = vals
    # Fuzzy names for what is still unmatched.
    left = out.to_numpy() < 0
    if left.any():
        cache: _FuzzyCache = {}
        fuzzy: dict[tuple[str, str], int | None] = {}
        vals = out.to_numpy().copy()
        for i in np.flatnonzero(left):
            cc, name = uniq_keys[row_group[i]][0], uniq_keys[row_group[i]][1]
            if not cc or not name:
                continue
            k = (cc, normalize_name(name, strip_generic=True))
            if k not in fuzzy:
                fuzzy[k] = _fuzzy(cc, k[1], admin1, cache)
            found = fuzzy[k]
            if found is not None:
                vals[i] = found
        out[:] = vals
    return out
