"""Drawing helpers of the static map export (matplotlib, Agg): outlines, tiles, scale bar,
north arrow, locator inset and label placement.

The map is drawn in longitude/latitude with an aspect of ``1 / cos(mid latitude)`` (what
geopandas does for geographic data): north is up, shapes are true near the centre, and the
axes limits are plain degrees (tests can check that events fall inside them).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.collections import PathCollection
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from geodata.maps.styles import BASEMAP_PALETTE

__all__ = [
    "LAND",
    "SEA",
    "LabelCandidate",
    "add_north_arrow",
    "add_polygons",
    "add_scalebar",
    "draw_locator",
    "draw_tiles",
    "fit_extent",
    "geoms_to_paths",
    "place_labels",
    "tile_zoom",
]

#: The web basemap's colours (:data:`geodata.maps.styles.BASEMAP_PALETTE`).
SEA = BASEMAP_PALETTE["sea"]
LAND = BASEMAP_PALETTE["land"]
BORDER = BASEMAP_PALETTE["border"]
ADMIN1 = BASEMAP_PALETTE["admin1"]
#: A white outline drawn under a label by a twin artist (gid "ua-halo"): path effects turn
#: text into paths in SVG/PDF, so the readable label itself carries none and stays text.
HALO = [patheffects.Stroke(linewidth=2.6, foreground="white")]
KM_PER_DEG = 111.32


# ----------------------------------------------------------------------------- geometry
def _ring_path(coords: np.ndarray, verts: list[np.ndarray], codes: list[np.ndarray]) -> None:
    n = len(coords)
    if n < 3:
        return
    c = np.full(n, MplPath.LINETO, dtype=MplPath.code_type)
    c[0] = MplPath.MOVETO
    c[-1] = MplPath.CLOSEPOLY
    verts.append(coords[:, :2])
    codes.append(c)


def geoms_to_paths(geoms: Iterable[Any]) -> list[MplPath | None]:
    """One matplotlib Path per (Multi)Polygon (holes kept); ``None`` for empty geometries."""
    import shapely

    out: list[MplPath | None] = []
    for g in geoms:
        if g is None or g.is_empty:
            out.append(None)
            continue
        verts: list[np.ndarray] = []
        codes: list[np.ndarray] = []
        for part in shapely.get_parts(g):
            if part.geom_type != "Polygon":
                continue
            _ring_path(np.asarray(part.exterior.coords), verts, codes)
            for hole in part.interiors:
                _ring_path(np.asarray(hole.coords), verts, codes)
        out.append(MplPath(np.concatenate(verts), np.concatenate(codes)) if verts else None)
    return out


def add_polygons(ax: Any, geoms: Iterable[Any], **kw: Any) -> PathCollection | None:
    """Draw polygons as one PathCollection (``kw``: facecolors, edgecolors, linewidths ...)."""
    paths = [p for p in geoms_to_paths(geoms) if p is not None]
    if not paths:
        return None
    coll = PathCollection(paths, **kw)
    ax.add_collection(coll, autolim=False)
    return coll


def _wide(part: Any) -> bool:
    x0, y0, x1, y1 = part.bounds
    return bool((x1 - x0) > 180 and y0 >= -80 and y1 <= 85)


def drop_slivers(geoms: Any) -> np.ndarray:
    """Geometries without the parts that wrap around the globe.

    A part wider than 180 degrees that does not reach a pole (Antarctica does) comes from a
    ring cut at the antimeridian and repaired the wrong way round; drawn, it is a band
    across the whole map.
    """
    import shapely

    arr = np.asarray(geoms, dtype=object).copy()
    b = shapely.bounds(arr)
    for i in np.flatnonzero((b[:, 2] - b[:, 0]) > 180):
        parts = [q for q in shapely.get_parts(arr[i]) if not _wide(q)]
        arr[i] = shapely.multipolygons(parts) if parts else None
    return arr


_REPAIRED: dict[int, tuple[Any, np.ndarray]] = {}


def repaired_countries(countries: Any, admin1: Any) -> np.ndarray:
    """Country outlines, with those broken at the antimeridian rebuilt from their regions.

    In the bundled outlines Russia and Fiji have bands from -180 eastwards instead of their
    Chukotka / Taveuni halves; their admin-1 regions are right, so the country becomes the
    union of its regions. Other countries are kept as they are (cached per GeoDataFrame).
    """
    import shapely

    hit = _REPAIRED.get(id(countries))
    if hit is not None and hit[0] is countries:
        return hit[1]
    geoms: np.ndarray = countries.geometry.to_numpy().copy()
    codes = countries["iso_a2"].astype(str).to_numpy() if "iso_a2" in countries else [""] * len(geoms)
    a_cc = admin1["country_code"].astype(str).to_numpy() if admin1 is not None else np.array([])
    for i, g in enumerate(geoms):
        if g is None or not any(_wide(q) for q in shapely.get_parts(g)):
            continue
        sel = np.flatnonzero(a_cc == codes[i]) if len(a_cc) else np.array([], dtype=int)
        if len(sel):
            u = shapely.union_all(shapely.make_valid(admin1.geometry.to_numpy()[sel]))
            # regions do not meet exactly: close the hairline gaps their union leaves as holes
            parts = [shapely.Polygon(q.exterior, [h for h in q.interiors if shapely.Polygon(h).area > 0.5])
                     for q in shapely.get_parts(u) if q.geom_type == "Polygon" and not _wide(q)]  # fmt: skip
        else:
            parts = [q for q in shapely.get_parts(g) if not _wide(q)]
        geoms[i] = shapely.multipolygons(parts) if parts else None
    _REPAIRED[id(countries)] = (countries, geoms)
    return geoms


def clip_simplify(geoms: Any, box: tuple[float, float, float, float], tolerance: float) -> list[Any]:
    """Geometries clipped to ``box`` (x0, y0, x1, y1) and simplified (``tolerance`` degrees)."""
    import shapely

    arr = drop_slivers(geoms)
    if len(arr) == 0:
        return []
    with np.errstate(all="ignore"):
        clipped = shapely.clip_by_rect(arr, *box)
        if tolerance > 0:
            clipped = shapely.simplify(clipped, tolerance, preserve_topology=True)
    return [g for g in clipped if g is not None and not g.is_empty]


# ----------------------------------------------------------------------------- extent
def fit_extent(
    bounds: tuple[float, float, float, float] | None,
    box_ratio: float,
    *,
    pad: float = 0.08,
    min_span: float = 1.5,
    exact: bool = False,
) -> tuple[tuple[float, float, float, float], float]:
    """The map extent ``(x0, y0, x1, y1)`` and axes aspect for data ``bounds``.

    Parameters
    ----------
    bounds
        ``(min_lon, min_lat, max_lon, max_lat)`` of what must be shown; ``None``: the world.
    box_ratio
        Height / width of the axes box (inches).
    pad
        Padding on each side, as a fraction of the span.
    min_span
        Smallest latitude span in degrees (a single town still shows its surroundings).
    exact
        Take ``bounds`` as they are (a ``--bbox``): no padding, no minimum, only widened to
        fill the box.

    Returns
    -------
    (x0, y0, x1, y1), aspect
        Limits that contain ``bounds`` and fill the box, and the ``set_aspect`` value.
    """
    if bounds is None:
        return (-180.0, -60.0, 180.0, 85.0), 1.0
    x0, y0, x1, y1 = (float(v) for v in bounds)
    if not exact:
        dx, dy = x1 - x0, y1 - y0
        x0, x1 = x0 - dx * pad, x1 + dx * pad
        y0, y1 = y0 - dy * pad, y1 + dy * pad
        cy = (y0 + y1) / 2
        k = 1.0 / max(0.1, math.cos(math.radians(cy)))
        if y1 - y0 < min_span:
            y0, y1 = cy - min_span / 2, cy + min_span / 2
        if x1 - x0 < min_span * k:
            cx = (x0 + x1) / 2
            x0, x1 = cx - min_span * k / 2, cx + min_span * k / 2
    cy = min(80.0, max(-80.0, (y0 + y1) / 2))
    aspect = 1.0 / max(0.1, math.cos(math.radians(cy)))
    dx, dy = x1 - x0, y1 - y0
    # widen the short side so that aspect * dy / dx == box_ratio
    if aspect * dy / dx < box_ratio:
        need = box_ratio * dx / aspect
        y0, y1 = (y0 + y1) / 2 - need / 2, (y0 + y1) / 2 + need / 2
    else:
        need = aspect * dy / box_ratio
        x0, x1 = (x0 + x1) / 2 - need / 2, (x0 + x1) / 2 + need / 2
    # keep latitudes on the globe (shift, then cut: the box then shrinks, aspect is kept)
    if y1 - y0 >= 180:
        y0, y1 = -90.0, 90.0
    elif y1 > 90:
        y0, y1 = y0 - (y1 - 90), 90.0
    elif y0 < -90:
        y0, y1 = -90.0, y1 + (-90 - y0)
    if x1 - x0 > 360:
        x0, x1 = -180.0, 180.0
    return (x0, y0, x1, y1), aspect


# ----------------------------------------------------------------------------- tiles
def tile_zoom(extent: tuple[float, float, float, float], px_width: int, max_zoom: int, max_tiles: int = 64) -> int:
    """Tile zoom whose resolution matches ``px_width`` pixels across ``extent``."""
    x0, _y0, x1, _y1 = extent
    dx = max(1e-6, min(360.0, x1 - x0))
    z = max(0, min(max_zoom, math.ceil(math.log2(max(1.0, px_width * 360.0 / (256.0 * dx))))))
    while z > 0 and _tile_range(extent, z)[4] > max_tiles:
        z -= 1
    return z


def _merc_y(lat: Any, z: int) -> Any:
    """Web-Mercator tile row (fractional) of latitude(s) ``lat`` at zoom ``z``."""
    lat = np.clip(lat, -85.0511, 85.0511)
    r = np.radians(lat)
    return (1.0 - np.log(np.tan(r) + 1.0 / np.cos(r)) / math.pi) / 2.0 * (1 << z)


def _tile_range(extent: tuple[float, float, float, float], z: int) -> tuple[int, int, int, int, int]:
    x0, y0, x1, y1 = extent
    n = 1 << z
    tx0 = math.floor((max(-180.0, x0) + 180.0) / 360.0 * n)
    tx1 = math.floor((min(180.0, x1) + 180.0) / 360.0 * n - 1e-9)
    ty0 = math.floor(float(_merc_y(min(85.0511, y1), z)))
    ty1 = math.floor(float(_merc_y(max(-85.0511, y0), z)) - 1e-9)
    tx0, tx1 = max(0, tx0), min(n - 1, tx1)
    ty0, ty1 = max(0, ty0), min(n - 1, ty1)
    return tx0, tx1, ty0, ty1, (tx1 - tx0 + 1) * (ty1 - ty0 + 1)


def draw_tiles(ax: Any, extent: tuple[float, float, float, float], px_width: int,
               fetch: Callable[[int, int, int], bytes | None], max_zoom: int) -> int:  # fmt: skip
    """Draw XYZ raster tiles (Web Mercator) under the map, resampled to lon/lat rows.

    Returns the number of tiles drawn (0: none could be had).
    """
    from matplotlib.image import imread

    z = tile_zoom(extent, px_width, max_zoom)
    tx0, tx1, ty0, ty1, _n = _tile_range(extent, z)
    nx, ny = tx1 - tx0 + 1, ty1 - ty0 + 1
    mosaic = np.zeros((ny * 256, nx * 256, 4), dtype=np.float32)
    got = 0
    for ty in range(ty0, ty1 + 1):
        for tx in range(tx0, tx1 + 1):
            data = fetch(z, tx, ty)
            if not data:
                continue
            img = imread(io.BytesIO(data), format="png")
            if img.dtype != np.float32:
                img = img.astype(np.float32) / (255.0 if img.max() > 1 else 1.0)
            if img.ndim == 2:
                img = np.dstack([img, img, img])
            if img.shape[2] == 3:
                img = np.dstack([img, np.ones(img.shape[:2], dtype=np.float32)])
            h, w = img.shape[:2]
            if (h, w) != (256, 256):
                continue
            mosaic[(ty - ty0) * 256:(ty - ty0 + 1) * 256, (tx - tx0) * 256:(tx - tx0 + 1) * 256] = img
            got += 1
    if not got:
        return 0
    n = 1 << z
    lon0 = tx0 / n * 360.0 - 180.0
    lon1 = (tx1 + 1) / n * 360.0 - 180.0

    def lat_of(ty: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * ty / n))))

    lat_top, lat_bot = lat_of(ty0), lat_of(ty1 + 1)
    rows = mosaic.shape[0]
    lats = np.linspace(lat_top, lat_bot, rows)
    src = ((_merc_y(lats, z) - ty0) * 256).astype(int).clip(0, rows - 1)
    ax.imshow(mosaic[src], extent=(lon0, lon1, lat_bot, lat_top), origin="upper",
              interpolation="bilinear", zorder=0.5, aspect="auto")  # fmt: skip
    return got


# ----------------------------------------------------------------------------- furniture
def add_scalebar(ax: Any, lat0: float, lat_span: float, fontsize: float = 8) -> Any:
    """A metric scale bar (matplotlib-scalebar), true at latitude ``lat0``."""
    from matplotlib_scalebar.scalebar import ScaleBar

    metres_per_degree = KM_PER_DEG * 1000.0 * max(0.05, math.cos(math.radians(lat0)))
    x0, x1 = ax.get_xlim()
    km = 0.2 * (x1 - x0) * metres_per_degree / 1000.0
    if km >= 1:  # a round number of kilometres (matplotlib-scalebar would say "2 Mm")
        mag = 10 ** math.floor(math.log10(km))
        value = max(m * mag for m in (1, 2, 5) if m * mag <= km) if km >= mag else mag
        fixed: dict[str, Any] = {"fixed_value": value, "fixed_units": "km"}
    else:
        fixed = {}
    label = None
    if lat_span > 12:
        label = f"scale true at {abs(lat0):.0f}°{'N' if lat0 >= 0 else 'S'}"
    sb = ScaleBar(metres_per_degree, units="m", location="lower left", length_fraction=0.22,
                  box_alpha=0.8, box_color="white", color="#222222", scale_loc="top",
                  label=label, label_loc="bottom", border_pad=0.6, pad=0.4,
                  font_properties={"size": fontsize}, rotation="horizontal-only", **fixed)  # fmt: skip
    sb.set_zorder(20)
    ax.add_artist(sb)
    return sb


def add_north_arrow(ax: Any, x: float = 0.045, y: float = 0.9, size: float = 0.075) -> Any:
    """A north arrow in axes coordinates (the map has north up)."""
    ann = ax.annotate(
        "N", xy=(x, y), xytext=(x, y - size), xycoords="axes fraction", textcoords="axes fraction",
        ha="center", va="top", fontsize=11, fontweight="bold", color="#222222", zorder=21,
        arrowprops={"arrowstyle": "-|>,head_length=0.8,head_width=0.35", "color": "#222222", "lw": 1.6},
    )  # fmt: skip
    return ann


def draw_locator(ax: Any, countries: Any, extent: tuple[float, float, float, float],
                 highlight: Sequence[str] = (), geoms: Any = None) -> None:  # fmt: skip
    """The locator inset: a wider area (or the world) with the map extent as a red box."""
    import shapely
    from matplotlib.patches import Rectangle

    x0, y0, x1, y1 = extent
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    span = max(x1 - x0, (y1 - y0) * 1.5)
    if span > 60:
        lx0, ly0, lx1, ly1 = -180.0, -58.0, 180.0, 84.0
    else:
        w = max(40.0, span * 4)
        lx0, lx1 = max(-180.0, cx - w / 2), min(180.0, cx + w / 2)
        h = w * 0.62
        ly0, ly1 = max(-85.0, cy - h / 2), min(85.0, cy + h / 2)
    ax.set_facecolor(SEA)
    geoms = drop_slivers(countries.geometry.to_numpy() if geoms is None else geoms)
    tol = (lx1 - lx0) / 300.0
    with np.errstate(all="ignore"):
        simple = shapely.simplify(shapely.clip_by_rect(geoms, lx0 - 1, ly0 - 1, lx1 + 1, ly1 + 1), tol)
    hl = set(highlight)
    iso = countries["iso_a2"].astype(str).to_numpy() if "iso_a2" in countries else np.array([""] * len(geoms))
    keep = [g is not None and not g.is_empty for g in simple]
    faces = ["#d9cdb8" if c in hl else "#ece8df" for c in iso]
    add_polygons(ax, [g for g, k in zip(simple, keep, strict=True) if k],
                 facecolors=[f for f, k in zip(faces, keep, strict=True) if k],
                 edgecolors="#9a9a9a", linewidths=0.25)  # fmt: skip
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#d7191c", linewidth=1.4, zorder=5))
    if x1 - x0 < (lx1 - lx0) / 60:  # too small to see as a box: mark the centre too
        ax.plot([cx], [cy], marker="o", ms=4, mfc="#d7191c", mec="white", mew=0.6, zorder=6)
    ax.set_xlim(lx0, lx1)
    ax.set_ylim(ly0, ly1)
    mid = min(70.0, max(-70.0, (ly0 + ly1) / 2))
    ax.set_aspect(1.0 / math.cos(math.radians(mid)), adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_edgecolor("#666666")
        s.set_linewidth(0.6)


# ----------------------------------------------------------------------------- labels
@dataclass
class LabelCandidate:
    """A place name to write on the map, at ``(x, y)``, beside a marker of ``radius`` points."""

    text: str
    x: float
    y: float
    radius: float = 3.0
    kind: str = "place"  # place | town (a reference town, no marker) | region | country


def _overlaps(box: Bbox, boxes: Sequence[Bbox]) -> bool:
    return any(box.overlaps(b) for b in boxes)


def place_labels(ax: Any, candidates: Sequence[LabelCandidate], renderer: Any,
                 occupied: Sequence[Bbox] = (), limit: int = 15) -> list[str]:  # fmt: skip
    """Write up to ``limit`` labels (in order of ``candidates``) where they overlap nothing.

    Each place label tries eight positions around its marker (NE, SE, NW, SW, E, W, N, S);
    region and country labels are centred. A label that fits nowhere is left out.

    Returns
    -------
    list of str
        The labels written, in order.
    """
    taken: list[Bbox] = list(occupied)
    axbox = ax.get_window_extent(renderer)
    inner = Bbox.from_extents(axbox.x0 + 2, axbox.y0 + 2, axbox.x1 - 2, axbox.y1 - 2)
    placed: list[str] = []
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    for c in candidates:
        if len([p for p in placed]) >= limit:
            break
        if not (x0 <= c.x <= x1 and y0 <= c.y <= y1):
            continue
        if c.kind == "place":
            d = c.radius + 2.0
            spots = [((d, d), "left", "bottom"), ((d, -d), "left", "top"), ((-d, d), "right", "bottom"),
                     ((-d, -d), "right", "top"), ((d + 1, 0), "left", "center"),
                     ((-d - 1, 0), "right", "center"), ((0, d + 1), "center", "bottom"),
                     ((0, -d - 1), "center", "top")]  # fmt: skip
            style = {"fontsize": 8, "color": BASEMAP_PALETTE["place"], "fontweight": "bold"}
        elif c.kind == "town":  # as the web basemap's place labels: centred, regular weight
            spots = [((0, 0), "center", "center")]
            style = {"fontsize": 7, "color": BASEMAP_PALETTE["place"]}
        elif c.kind == "region":  # the web basemap's admin-1 label colour
            spots = [((0, 0), "center", "center")]
            style = {"fontsize": 7.5, "color": BASEMAP_PALETTE["region"], "fontstyle": "italic"}
        else:
            spots = [((0, 0), "center", "center")]
            style = {"fontsize": 9, "color": BASEMAP_PALETTE["country"], "fontweight": "bold"}
        for (dx, dy), ha, va in spots:
            t = ax.annotate(c.text, (c.x, c.y), xytext=(dx, dy), textcoords="offset points",
                            ha=ha, va=va, zorder={"place": 15, "town": 5}.get(c.kind, 4),
                            annotation_clip=True, **style)  # fmt: skip
            box = t.get_window_extent(renderer).expanded(1.04, 1.1)
            if inner.containsx(box.x0) and inner.containsx(box.x1) and inner.containsy(box.y0) \
                    and inner.containsy(box.y1) and not _overlaps(box, taken):
                taken.append(box)
                placed.append(c.text)
                halo = ax.annotate(c.text, (c.x, c.y), xytext=(dx, dy), textcoords="offset points",
                                   ha=ha, va=va, zorder=t.get_zorder() - 0.01, annotation_clip=True,
                                   gid="ua-halo", **style)  # fmt: skip
                halo.set_path_effects(HALO)
                break
            t.remove()
    return placed
