"""The page of a static map, part by part, in drawing order: the map axes and its extent, the
basemap, the events, scale bar / north arrow / labels, title and subtitle, the legend column
with the locator inset, and the footer (:func:`geodata.maps.static.render_map` calls them).

Imports matplotlib: :mod:`geodata.maps.static` imports this module when it draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import Bbox

from geodata.exceptions import ExportError
from geodata.maps import styles
from geodata.maps._mapdraw import (
    SEA,
    LabelCandidate,
    add_north_arrow,
    add_scalebar,
    draw_locator,
    draw_tiles,
    fit_extent,
    place_labels,
    repaired_countries,
)
from geodata.maps._static_data import (
    Prepared,
    bounds,
    date_text,
    marker_scale,
    reference_towns,
    sources_line,
)
from geodata.maps._static_draw import (
    draw_basemap,
    draw_halos,
    draw_points,
    draw_regions,
    fetcher,
    place_candidates,
)
from geodata.maps._static_legend import Panel, country_box, legend
from geodata.maps.regions import Boundaries

if TYPE_CHECKING:  # pragma: no cover
    from geodata.maps.static import MapExport

__all__ = [
    "MAP_RECT",
    "Drawn",
    "add_furniture",
    "add_side_panel",
    "add_titles",
    "draw_background",
    "draw_events",
    "footer",
    "map_axes",
]

Extent = tuple[float, float, float, float]
#: The map axes in figure coordinates (left, bottom, width, height).
MAP_RECT = (0.035, 0.105, 0.685, 0.765)


@dataclass
class Drawn:
    """What :func:`draw_events` drew: the marker scale, the region label candidates
    ``(name, x, y, events)``, the types with counts, and which rows are on the map."""

    scale: float
    region_labels: list[tuple[str, float, float, int]]
    type_counts: list[tuple[str, int]]
    mask: npt.NDArray[np.bool_]


def _degrees(positive: str, negative: str) -> FuncFormatter:
    """Tick labels in degrees with a hemisphere letter."""
    return FuncFormatter(
        lambda v, _pos: f"{abs(v):.4g}°{positive if v > 0 else negative if v < 0 else ''}")


def map_axes(fig: Figure, p: Prepared, b: Boundaries | None, bbox: Sequence[float] | None,
             figsize: tuple[float, float], dpi: int) -> tuple[Axes, Extent, float]:
    """The map axes (label ``"map"``) fitted to ``bbox`` or the events; returns it, its
    extent ``(min_lon, min_lat, max_lon, max_lat)`` and its width in pixels.

    Raises
    ------
    ExportError
        A ``bbox`` that is not ``MIN_LON,MIN_LAT,MAX_LON,MAX_LAT`` with min < max.
    """
    W, H = figsize
    ax = fig.add_axes(MAP_RECT, label="map")
    box_ratio = (MAP_RECT[3] * H) / (MAP_RECT[2] * W)
    if bbox is not None:
        if len(bbox) != 4 or not (bbox[0] < bbox[2] and bbox[1] < bbox[3]):
            raise ExportError("bbox is MIN_LON,MIN_LAT,MAX_LON,MAX_LAT with min < max")
        x_0, y_0, x_1, y_1 = (float(v) for v in bbox)
        extent, aspect = fit_extent((x_0, y_0, x_1, y_1), box_ratio, exact=True)
    else:
        extent, aspect = fit_extent(bounds(p, b), box_ratio)
    x0, y0, x1, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect, adjustable="box")
    ax.set_facecolor(SEA)
    ax.xaxis.set_major_formatter(_degrees("E", "W"))
    ax.yaxis.set_major_formatter(_degrees("N", "S"))
    ax.tick_params(labelsize=6.5, colors="#666666", length=2.5, width=0.5)
    for s in ax.spines.values():
        s.set_edgecolor("#555555")
        s.set_linewidth(0.8)
    return ax, extent, MAP_RECT[2] * W * dpi


def draw_background(ax: Axes, b: Boundaries | None, extent: Extent, px_width: float,
                    tiles: str, warn: list[str]) -> tuple[str, list[tuple[str, float, float, float]]]:
    """Raster tiles when asked and available, then the outlines; returns the tiles really
    used (``"none"`` when none) and the country label candidates."""
    used_tiles = "none"
    if tiles != "none":
        got = fetcher(tiles, warn)
        if got is not None:
            fetch, zmax = got
            n_tiles = draw_tiles(ax, extent, int(px_width), fetch, zmax)
            if n_tiles:
                used_tiles = tiles
            else:
                warn.append(f"no {tiles} tiles could be had: vector basemap used")
    country_labels: list[tuple[str, float, float, float]] = []
    if b is not None:
        country_labels = draw_basemap(ax, b, extent, px_width, land=used_tiles == "none")
    return used_tiles, country_labels


def draw_events(ax: Axes, p: Prepared, b: Boundaries | None, info: MapExport,
                rasterize: bool) -> Drawn:
    """Region areas, halos and points (``info`` counts them); ``rasterize``: the points."""
    region_labels: list[tuple[str, float, float, int]] = []
    if p.is_region.any() and b is not None:
        info.regions, region_labels = draw_regions(ax, p, b)
        info.region_events = int(p.is_region.sum())
    if p.is_halo.any():
        info.halos = draw_halos(ax, p)
    n_points = int(p.is_point.sum())
    scale = marker_scale(n_points)
    info.marker_scale = round(scale, 3)
    info.points = n_points
    if n_points:
        draw_points(ax, p, scale, rasterize)
    info.country_level = int(p.is_country.sum())
    info.unplaced = int(p.is_unplaced.sum())
    drawn = p.is_point | p.is_region | p.is_halo
    counts = pd.Series(p.df["event_type"].to_numpy()[drawn]).value_counts()
    type_counts = [(t, int(counts[t])) for t in styles.type_order(counts.index)]
    info.types = dict(type_counts)
    return Drawn(scale, region_labels, type_counts, drawn)


def add_furniture(fig: Figure, ax: Axes, p: Prepared, d: Drawn, extent: Extent, dpi: int,
                  country_labels: list[tuple[str, float, float, float]],
                  max_labels: int) -> list[str]:
    """Scale bar, north arrow and labels (places, regions, countries) where they overlap
    nothing; returns the labels written."""
    _x0, y0, _x1, y1 = extent
    add_scalebar(ax, (y0 + y1) / 2, y1 - y0)
    arrow = add_north_arrow(ax)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax.apply_aspect()
    axbox = ax.get_window_extent(renderer)
    occupied = [arrow.get_window_extent(renderer).expanded(1.3, 1.2),
                Bbox.from_bounds(axbox.x0, axbox.y0, axbox.width * 0.3, axbox.height * 0.13)]
    places = place_candidates(p, d.scale)
    # markers of the busiest places: no region or country name is written over them
    px_per_pt = dpi / 72.0
    for _n, x, y, _c, r in places[:60]:
        cx, cy = ax.transData.transform((x, y))
        rp = max(2.0, r * px_per_pt)
        occupied.append(Bbox.from_extents(cx - rp, cy - rp, cx + rp, cy + rp))
    cands = [LabelCandidate(n, x, y, r, "place") for n, x, y, _c, r in places]
    named = {n for n, *_rest in places}
    cands += [LabelCandidate(n, x, y, 0, "town") for n, x, y in reference_towns(extent)
              if n not in named]
    cands += [LabelCandidate(n, x, y, 0, "region") for n, x, y, _c in d.region_labels[:8]]
    cands += [LabelCandidate(n.upper(), x, y, 0, "country")
              for n, x, y, _a in country_labels[:10]]
    labels: list[str] = place_labels(ax, cands, renderer, occupied, limit=max_labels + 18)
    return labels


def add_titles(fig: Figure, ax: Axes, p: Prepared, d: Drawn, info: MapExport, *,
               title: str | None, subtitle: str | None, date_from: str | None,
               date_to: str | None, filters: str | None) -> None:
    """Title and subtitle (defaults: the country, the date range, the count and the
    filters); "No events match" on an empty map."""
    df = p.df
    dates = df["event_date"].dropna().astype(str).str.slice(0, 10)
    dates = dates[dates.str.match(r"^\d{4}-\d{2}-\d{2}$")]
    first = date_from or (dates.min() if len(dates) else None)
    last = date_to or (dates.max() if len(dates) else None)
    info.date_range = (first, last)
    if title is None:
        names = df.loc[d.mask | p.is_country, "country"].dropna().astype(str).unique()
        title = "Civil unrest events" + (f", {names[0]}" if len(names) == 1 else "")
    info.title = title
    if subtitle is None:
        subtitle = f"{date_text(first, last)} · {len(df):,} event{'s' if len(df) != 1 else ''}"
        if filters:
            subtitle += f" · {filters}"
    fig.text(MAP_RECT[0], 0.955, title, fontsize=18, fontweight="bold", va="top",
             color="#1a1a1a")
    fig.text(MAP_RECT[0], 0.905, subtitle, fontsize=10.5, va="top", color="#444444")
    if not len(df):
        ax.text(0.5, 0.5, "No events match", transform=ax.transAxes, ha="center", va="center",
                fontsize=14, color="#555555", zorder=30)


def add_side_panel(fig: Figure, p: Prepared, b: Boundaries | None, d: Drawn, extent: Extent,
                   info: MapExport, warn: list[str]) -> None:
    """The legend column: legend, country-level events, unplaced count, locator inset (when
    there is room left)."""
    panel = Panel(fig, 0.745, 0.87, 0.23)
    legend(panel, d.type_counts, d.scale, info, has_near=bool((p.prec[p.is_point] == 2).any()))
    loc_h = 0.21
    loc_bottom = 0.105
    if info.country_level:
        country_box(panel, p, loc_bottom + loc_h + 0.035 + (0.025 if info.unplaced else 0))
    if info.unplaced:
        panel.gap(4)
        panel.row(f"{info.unplaced:,} event(s) without a usable location not mapped", size=7.5,
                  indent=0)
    if panel.y - 0.02 > loc_bottom + loc_h and b is not None:
        lax = fig.add_axes((0.745, loc_bottom, 0.23, loc_h), label="locator")
        highlight = (p.df.loc[d.mask | p.is_country, "country_code"].dropna().astype(str)
                     .str.upper().unique())
        fixed = repaired_countries(b.countries, b.admin1)
        draw_locator(lax, b.countries, extent, list(highlight), geoms=fixed)
    elif b is not None:
        warn.append("no room left for the locator inset (long legend)")


def footer(fig: Figure, df: pd.DataFrame, source: str | None, credits: str) -> None:
    """The footer lines: data sources, ``credits`` (attribution), the making date."""
    foot = [sources_line(df, source), credits]
    foot.append(f"Made with Unrest Atlas on {date.today().isoformat()}. Locations and figures "
                "are as reported; precision is shown as coded (exact place, near a place, "
                "region, country).")
    for i, line in enumerate(foot):
        fig.text(MAP_RECT[0], 0.058 - i * 0.018, line, fontsize=7, va="top", color="#444444")
