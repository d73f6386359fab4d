"""Drawing a static map's layers on matplotlib axes: outlines, region areas, halos, points,
raster tiles, and the place-label candidates.

Imports matplotlib: :mod:`geodata.maps.static` imports this module when it draws.
"""

from __future__ import annotations

import functools
import gzip
from typing import Any, cast

import numpy as np
import pandas as pd
import shapely
from matplotlib.collections import EllipseCollection, PathCollection
from matplotlib.colors import to_rgba

from geodata.exceptions import ExportError
from geodata.maps import styles
from geodata.maps._event_layers import HALO_METRES
from geodata.maps._mapdraw import (
    ADMIN1,
    BORDER,
    LAND,
    add_polygons,
    clip_simplify,
    drop_slivers,
    repaired_countries,
)
from geodata.maps._static_data import Prepared, marker_diameter
from geodata.maps.regions import Boundaries
from geodata.settings import DATA_DIR

__all__ = [
    "LAKES_PATH",
    "draw_basemap",
    "draw_halos",
    "draw_points",
    "draw_regions",
    "fetcher",
    "lakes",
    "place_candidates",
    "rgba",
]

Extent = tuple[float, float, float, float]

#: Natural Earth lakes, simplified (written by ``tools/build_vector_basemap.py``): the web
#: basemap's lakes, drawn in its colours.
LAKES_PATH = DATA_DIR / "basemap" / "lakes.geojson.gz"


@functools.lru_cache(maxsize=1)
def lakes() -> tuple[np.ndarray, Any]:
    """The lakes (geometries, and an STRtree over them); empty when the file is missing."""
    if not LAKES_PATH.is_file():
        return np.array([], dtype=object), None
    with gzip.open(LAKES_PATH, "rt", encoding="utf-8") as f:
        text = f.read()
    # one FeatureCollection read by GEOS at once (a tenth of a second; per feature: 1 s)
    geoms = shapely.get_parts(shapely.from_geojson(text))
    return geoms, shapely.STRtree(geoms)


def _draw_lakes(ax: Any, view: Extent, tol: float) -> bool:
    """The lakes in view over the land; returns whether any was drawn."""
    geoms, tree = lakes()
    if tree is None:
        return False
    idx = np.sort(tree.query(shapely.box(*view), predicate="intersects"))
    if not len(idx):
        return False
    pal = styles.BASEMAP_PALETTE
    return add_polygons(ax, clip_simplify(geoms[idx], view, tol), facecolors=pal["sea"],
                        edgecolors=pal["coast"], linewidths=0.4, zorder=1.1,
                        gid="ua-lakes") is not None


def rgba(hex_color: str, alpha: float) -> tuple[float, float, float, float]:
    """``hex_color`` with ``alpha`` as a matplotlib RGBA tuple."""
    return to_rgba(hex_color, alpha)


def draw_basemap(ax: Any, b: Boundaries, extent: tuple[float, float, float, float], px_width: float,
                  land: bool) -> list[tuple[str, float, float, float]]:  # fmt: skip
    """Countries and admin-1 outlines in view; returns country label candidates (name, x, y, area)."""
    x0, y0, x1, y1 = extent
    dx, dy = x1 - x0, y1 - y0
    view = (x0 - dx * 0.05, y0 - dy * 0.05, x1 + dx * 0.05, y1 + dy * 0.05)
    tol = dx / max(400.0, px_width) * 0.6
    box = shapely.box(*view)
    countries = b.countries
    fixed = repaired_countries(countries, b.admin1)
    idx = np.sort(countries.sindex.query(box, predicate="intersects"))
    sel = countries.iloc[idx]
    sel_geoms = fixed[idx]
    geoms = clip_simplify(sel_geoms, view, tol)
    coll = add_polygons(ax, geoms, facecolors=LAND if land else "none", edgecolors=BORDER,
                        linewidths=0.7, zorder=1)  # fmt: skip
    # lakes as on the web basemap (raster tiles draw their own), borders over them
    if land and _draw_lakes(ax, view, tol) and coll is not None:
        coll.set_edgecolor("none")
        ax.add_collection(PathCollection(coll.get_paths(), facecolors="none", edgecolors=BORDER,
                                         linewidths=0.7, zorder=1.15), autolim=False)
    if dx < 70:
        admin1 = b.admin1
        aidx = admin1.sindex.query(box, predicate="intersects")
        if 0 < len(aidx) <= 2500:
            ag = clip_simplify(admin1.geometry.iloc[np.sort(aidx)].to_numpy(), view, tol)
            add_polygons(ax, ag, facecolors="none", edgecolors=ADMIN1, linewidths=0.35,
                         linestyles=(0, (4, 2)), zorder=1.2)  # fmt: skip
    out = []
    view_area = dx * dy
    with np.errstate(all="ignore"):
        clipped = shapely.clip_by_rect(drop_slivers(sel_geoms), x0, y0, x1, y1)
    for name, g in zip(sel["name"], clipped, strict=True):
        if g is None or g.is_empty or not isinstance(name, str):
            continue
        part = max(shapely.get_parts(g), key=lambda q: q.area)
        if part.area < view_area * 0.004:
            continue
        pt = part.representative_point()
        out.append((name, pt.x, pt.y, part.area))
    out.sort(key=lambda r: -r[3])
    return out


def draw_regions(ax: Any, p: Prepared, b: Boundaries) -> tuple[int, list[tuple[str, float, float, int]]]:
    """Region-level events as their admin-1 outline and fill; returns (areas, label candidates)."""
    df = p.df
    sel = np.flatnonzero(p.is_region)
    admin1 = b.admin1
    areas = 0
    labels: dict[int, list[Any]] = {}
    for t in styles.type_order(df["event_type"].to_numpy()[sel]):
        rows = sel[df["event_type"].to_numpy()[sel] == t]
        regs, counts = np.unique(p.region_idx[rows], return_counts=True)
        geoms = admin1.geometry.iloc[regs].to_numpy()
        color = styles.type_color(t)
        add_polygons(ax, geoms, facecolors=[rgba(color, 0.16)], edgecolors=[rgba(color, 0.95)],
                     linewidths=1.1, linestyles=(0, (3, 2)), zorder=3)  # fmt: skip
        areas += len(regs)
        for r, n in zip(regs, counts, strict=True):
            rec = labels.setdefault(int(r), [admin1["name"].iloc[r], float(admin1["label_lon"].iloc[r]),
                                             float(admin1["label_lat"].iloc[r]), 0])  # fmt: skip
            rec[3] += int(n)
    cands = [(str(v[0]), v[1], v[2], v[3]) for v in labels.values()]
    cands.sort(key=lambda r: -r[3])
    return areas, cands


def draw_halos(ax: Any, p: Prepared) -> int:
    """Region-level events without an outline as 40 km halos; returns how many."""
    df = p.df
    sel = np.flatnonzero(p.is_halo)
    r = HALO_METRES / 1000.0 / 111.32
    for t in styles.type_order(df["event_type"].to_numpy()[sel]):
        rows = sel[df["event_type"].to_numpy()[sel] == t]
        lat = df["latitude"].to_numpy()[rows]
        lon = df["longitude"].to_numpy()[rows]
        w = 2 * r / np.maximum(0.05, np.cos(np.radians(lat)))
        color = styles.type_color(t)
        coll = EllipseCollection(w, np.full(len(rows), 2 * r), np.zeros(len(rows)), units="xy",
                                 offsets=np.column_stack([lon, lat]), offset_transform=ax.transData,
                                 facecolors=[rgba(color, 0.14)], edgecolors=[rgba(color, 0.9)],
                                 linewidths=0.9, linestyles=(0, (3, 2)), zorder=3.5)  # fmt: skip
        ax.add_collection(coll, autolim=False)
    return len(sel)


def draw_points(ax: Any, p: Prepared, scale: float, rasterize: bool) -> None:
    """All point events as marker groups (one Line2D per precision, type and severity)."""
    df = p.df
    sel = np.flatnonzero(p.is_point)
    n = len(sel)
    dense = n > 5000
    types = df["event_type"].to_numpy()[sel]
    sev = np.clip(np.nan_to_num(df["severity"].to_numpy()[sel], nan=1.0), 1, 5).round().astype(int)
    prec = p.prec[sel]
    lon, lat = df["longitude"].to_numpy()[sel], df["latitude"].to_numpy()[sel]
    for t in styles.type_order(types):
        color = styles.type_color(t)
        in_t = types == t
        for s in styles.SEVERITY_LEVELS:
            ms = marker_diameter(s, scale)
            for pr in (2, 1):
                m = in_t & (sev == s) & (prec == pr)
                if not m.any():
                    continue
                if pr == 1:
                    kw = {"mfc": rgba(color, 0.62 if dense else 0.85),
                          "mec": "none" if dense else "white", "mew": 0 if dense else 0.5}  # fmt: skip
                else:
                    kw = {"mfc": rgba(color, 0.3), "mec": rgba(color, 0.9), "mew": 0.5 if dense else 0.9}
                ax.plot(lon[m], lat[m], ls="none", marker="o", ms=ms, zorder=5 + s * 0.1 + (pr == 1) * 0.05,
                        rasterized=rasterize, **kw)  # fmt: skip
    if not dense:
        draw_stack_counts(ax, lon, lat)


#: At most this many stack-count badges on a static map (the densest places first).
MAX_STACK_LABELS = 300


def draw_stack_counts(ax: Any, lon: np.ndarray, lat: np.ndarray) -> int:
    """A count badge beside each place holding more than one point event (markers drawn on
    one another would show one): returns how many badges were drawn."""
    if len(lon) < 2:
        return 0
    keys = pd.DataFrame({"lon": np.round(lon, 5), "lat": np.round(lat, 5)})
    counts = keys.value_counts(sort=True)
    stacked = counts[counts > 1].head(MAX_STACK_LABELS)
    for key, n in stacked.items():
        x, y = (float(v) for v in cast("tuple[float, float]", key))
        # below left of the place: its name label goes to the right or above it
        ax.annotate(str(int(n)), (x, y), xytext=(-4, -4), textcoords="offset points",
                    fontsize=6.5, fontweight="bold", color="#222", zorder=7, ha="right",
                    va="top", annotation_clip=True, gid="ua-stack",
                    bbox={"boxstyle": "round,pad=0.18", "fc": "white", "ec": "#444", "lw": 0.5})
    return len(stacked)


def place_candidates(p: Prepared, scale: float) -> list[tuple[str, float, float, int, float]]:
    """Point places to label: (name, lon, lat, events, marker radius pt), most events first."""
    df = p.df
    sel = np.flatnonzero(p.is_point)
    if not len(sel):
        return []
    sub = pd.DataFrame({
        "name": df["location"].to_numpy()[sel],
        "cc": df["country_code"].to_numpy()[sel],
        "x": df["longitude"].to_numpy()[sel],
        "y": df["latitude"].to_numpy()[sel],
        "s": np.nan_to_num(df["severity"].to_numpy()[sel], nan=1.0),
    })  # fmt: skip
    sub = sub[sub["name"].notna()]
    sub["name"] = sub["name"].astype(str).str.strip()
    sub = sub[sub["name"] != ""]
    if sub.empty:
        return []
    sub["key"] = sub["name"].str.casefold() + "|" + sub["cc"].astype(str)
    g = sub.groupby("key", sort=False)
    agg = pd.DataFrame({"name": g["name"].first(), "n": g.size(), "s": g["s"].max(),
                        "x": g["x"].median(), "y": g["y"].median()})  # fmt: skip
    agg = agg.sort_values(["n", "s"], ascending=False).head(80)
    recs: Any = agg.itertuples(index=False)
    return [(r.name, float(r.x), float(r.y), int(r.n), marker_diameter(r.s, scale) / 2)
            for r in recs]  # fmt: skip



def fetcher(tiles: str, warn: list[str]) -> tuple[Any, int] | None:
    """A tile fetcher ``(z, x, y) -> PNG bytes or None`` for ``tiles`` and its highest zoom;
    ``None`` (with a line in ``warn``) when the offline tiles are missing.

    Raises
    ------
    ExportError
        ``tiles`` is neither ``"offline"`` nor ``"web"``.
    """
    if tiles == "offline":
        from geodata.maps import basemap

        if not basemap.has_tiles():
            warn.append("offline tiles missing (geodata/data/basemap/tiles.mbtiles): vector basemap used")
            return None

        def fetch(z: int, x: int, y: int) -> bytes | None:
            return basemap.tile_bytes(z, x, y)

        return fetch, basemap.MAX_ZOOM
    if tiles == "web":
        import urllib.request

        from geodata import settings

        s = settings.get()
        failures: list[str] = []

        def fetch(z: int, x: int, y: int) -> bytes | None:
            if len(failures) >= 2:
                return None
            req = urllib.request.Request(f"https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                                         headers={"User-Agent": s.user_agent})  # fmt: skip
            try:
                with urllib.request.urlopen(req, timeout=s.online_timeout) as r:
                    data: bytes = r.read()
                    return data
            except OSError as exc:
                failures.append(str(exc))
                return None

        return fetch, 16
    raise ExportError(f"unknown tiles {tiles!r}: use 'none', 'offline' or 'web'")

