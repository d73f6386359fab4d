"""Map exports for briefings: static PNG/SVG/PDF maps (matplotlib) and a self-contained HTML map.

:func:`export_map` writes one file; its format comes from the suffix (``.png``, ``.svg``,
``.pdf``, ``.html``). The dashboard's export buttons and ``unrest-atlas export-map`` call it.

What a static map holds
-----------------------
* events styled as on the dashboard: colour by type (:data:`geodata.maps.styles.EVENT_TYPE_COLORS`),
  marker size by severity (:func:`geodata.maps.styles.severity_radius`, pixels read as points
  at 96 dpi; scaled down on dense maps, and the legend says by how much);
* location precision shown honestly: exact places as solid circles, "near" places as light
  rings, region-level events (``geo_precision`` 3) as their admin-1 region's outline and fill
  (a 40 km halo when no outline matches), country-level events (4) listed in a text box,
  not pinned;
* country and admin-1 outlines (Natural Earth) over a sea-coloured background, or raster
  tiles when asked (``tiles="offline"``: the bundled OpenStreetMap tiles; ``"web"``: online);
* labels of the event places (de-duplicated, most events first, placed where they overlap
  nothing), region names and country names;
* an extent fitted to the events with padding and a minimum span, a legend (types with
  counts, severity sizes, precision key), scale bar, north arrow, locator inset, title, the
  date range, filters, data source and attribution lines.

Pages are A4 landscape by default: PNG at 200 dpi (2338 x 1654 px), PDF and SVG vector with
the point layer rasterized at 300 dpi when it holds more than 2,000 markers. Text stays
text in SVG (``svg.fonttype = 'none'``) and PDF (TrueType fonts). 200,000 events render a
PNG in under two seconds (``tools/bench_export.py``).

Examples
--------
>>> from geodata.maps.static import export_map
>>> info = export_map(store.events(countries="KZ"), "kz.png", title="Kazakhstan, January 2022")  # doctest: +SKIP
>>> info.size_px, info.points  # doctest: +SKIP
((2339, 1654), 41)
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from geodata._atomic import atomic_path
from geodata.exceptions import DataMissingError, ExportError
from geodata.maps import styles

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from geodata.maps.regions import Boundaries

__all__ = [
    "ATTRIBUTION",
    "DEFAULT_DPI",
    "MAP_FORMATS",
    "PAGE_SIZES",
    "TILES_ATTRIBUTION",
    "MapExport",
    "describe_filters",
    "export_html",
    "export_map",
    "filter_events",
    "map_bytes",
    "map_format_for",
    "render_map",
]

#: Output formats of :func:`export_map`.
MAP_FORMATS: tuple[str, ...] = ("png", "svg", "pdf", "html")
#: Page sizes in inches (landscape).
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "a4": (11.69, 8.27),
    "a3": (16.54, 11.69),
    "letter": (11.0, 8.5),
    "slide": (13.333, 7.5),
}
#: Default resolution per format (PNG pixels; raster layers of SVG/PDF).
DEFAULT_DPI: dict[str, int] = {"png": 200, "svg": 300, "pdf": 300}
ATTRIBUTION = "Boundaries: Natural Earth (public domain). Places: GeoNames (CC BY 4.0)."
TILES_ATTRIBUTION = "Basemap tiles © OpenStreetMap contributors (ODbL)"
#: Radius of the halo of a region-level event without an outline (as in geodata.maps.layers).
HALO_METRES = 40_000
#: Above this many point markers, the point layer is rasterized in SVG/PDF.
RASTERIZE_ABOVE = 2000
#: Marker size factor: 1 up to this many points, then shrinking to :data:`MIN_MARKER_SCALE`.
DENSE_FROM = 1000
MIN_MARKER_SCALE = 0.35

Tiles = Literal["none", "offline", "web"]


@dataclass
class MapExport:
    """What :func:`export_map` / :func:`render_map` drew.

    Attributes
    ----------
    path
        The file written (``None`` from :func:`render_map`).
    format
        ``png``, ``svg``, ``pdf`` or ``html``.
    extent
        ``(min_lon, min_lat, max_lon, max_lat)`` of the map axes (static maps).
    size_px
        Page size in pixels at ``dpi`` (PNG: the image size).
    dpi
        Resolution.
    events, points, regions, region_events, halos, country_level, unplaced
        Events given; drawn as points; region areas drawn and the events in them; halos;
        listed as country-level; without a usable location.
    labels
        Place labels written, in order.
    types
        Event type -> events drawn (points, regions, halos).
    date_range
        First and last day covered (``YYYY-MM-DD``).
    tiles
        ``none``, ``offline`` or ``web`` (what the basemap really used).
    marker_scale
        The factor applied to marker sizes (1: as on the dashboard).
    warnings
        Things the caller should be told (tiles unavailable, no boundaries ...).
    title
        The title written.
    """

    path: Path | None
    format: str
    extent: tuple[float, float, float, float] | None = None
    size_px: tuple[int, int] = (0, 0)
    dpi: int = 0
    events: int = 0
    points: int = 0
    regions: int = 0
    region_events: int = 0
    halos: int = 0
    country_level: int = 0
    unplaced: int = 0
    labels: list[str] = field(default_factory=list)
    types: dict[str, int] = field(default_factory=dict)
    date_range: tuple[str | None, str | None] = (None, None)
    tiles: str = "none"
    marker_scale: float = 1.0
    warnings: list[str] = field(default_factory=list)
    title: str = ""


# ============================================================================ inputs
def map_format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The map format of ``path`` (``fmt`` wins).

    >>> map_format_for("brief.PDF"), map_format_for("x", "svg")
    ('pdf', 'svg')
    """
    f = (fmt or Path(path).suffix).lower().lstrip(".")
    if f == "htm":
        f = "html"
    if f not in MAP_FORMATS:
        raise ExportError(f"cannot export a map as {f or os.fspath(path)!r}: use .png, .svg, .pdf or .html")
    return f


def _frame(events: Any) -> pd.DataFrame:
    if isinstance(events, pd.DataFrame):
        return events.copy()
    from geodata.io.interchange import event_rows

    return pd.DataFrame(event_rows(events))


def _as_list(value: str | Iterable[Any] | None) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return list(value)


def filter_events(
    events: pd.DataFrame,
    *,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    event_types: str | Iterable[str] | None = None,
    min_severity: int | None = None,
    countries: str | Iterable[str] | None = None,
    admin1: str | Iterable[str] | None = None,
    bbox: Sequence[float] | None = None,
    include_rejected: bool = False,
    sources: str | Iterable[str] | None = None,
    **more: Any,
) -> pd.DataFrame:
    """Events of a DataFrame that pass every filter (the semantics of ``EventStore.events``).

    Used for ``export-map --events FILE``; a store applies the same filters in SQL. Any other
    filter of :class:`geodata.store.filter.EventFilter` may be given too (``sub_event_types``,
    ``max_severity``, ``actors``, ``text``, ``statuses`` ...).

    >>> df = pd.DataFrame({"event_date": ["2022-01-02", "2022-01-09"], "severity": [1, 4],
    ...                    "event_type": ["Protests", "Riots"], "country_code": ["KZ", "KZ"]})
    >>> len(filter_events(df, date_from="2022-01-05")), len(filter_events(df, min_severity=3))
    (1, 1)
    """
    from geodata.store.filter import EventFilter

    flt = EventFilter.from_kwargs(
        date_from=date_from, date_to=date_to, event_types=event_types, min_severity=min_severity,
        countries=countries, admin1=admin1, bbox=bbox, include_rejected=include_rejected,
        sources=sources, **more,
    )  # fmt: skip
    return events[flt.mask(events)]


def describe_filters(
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    event_types: Sequence[str] | None = None,
    min_severity: int | None = None,
    countries: Sequence[str] | None = None,
    admin1: Sequence[str] | None = None,
    bbox: Sequence[float] | None = None,
    sources: Sequence[str] | None = None,
    **more: Any,
) -> str:
    """The filters of an export in words (for the map's subtitle), ``""`` for none
    (:meth:`geodata.store.filter.EventFilter.describe`).

    >>> describe_filters(event_types=["Riots"], min_severity=3, countries=["KZ"])
    'type: Riots · severity ≥ 3 · country: KZ'
    """
    from geodata.store.filter import EventFilter

    return EventFilter.from_kwargs(
        date_from=date_from, date_to=date_to, event_types=event_types, min_severity=min_severity,
        countries=countries, admin1=admin1, bbox=bbox, sources=sources, **more,
    ).describe()  # fmt: skip


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(iso: str) -> str:
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _date_text(first: str | None, last: str | None) -> str:
    if not first and not last:
        return "dates unknown"
    if first and last and first[:10] == last[:10]:
        return _day(first)
    return f"{_day(first) if first else '…'} – {_day(last) if last else '…'}"


# ============================================================================ preparation
@dataclass
class _Prepared:
    df: pd.DataFrame
    prec: np.ndarray
    has_xy: np.ndarray
    region_idx: np.ndarray
    is_point: np.ndarray
    is_region: np.ndarray
    is_halo: np.ndarray
    is_country: np.ndarray
    is_unplaced: np.ndarray


def _prepare(df: pd.DataFrame, b: Boundaries | None) -> _Prepared:
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
    return _Prepared(df, prec, has_xy, region_idx, is_point, is_region, is_halo, is_country, is_unplaced)


def _boundaries(boundaries: Any, warn: list[str]) -> Boundaries | None:
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


def _bounds(p: _Prepared, b: Boundaries | None) -> tuple[float, float, float, float] | None:
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
        geoms = b.admin1.geometry.iloc[np.unique(p.region_idx[p.is_region])]  # type: ignore[attr-defined]
        bb = geoms.bounds.to_numpy()
        xs += [bb[:, 0], bb[:, 2]]
        ys += [bb[:, 1], bb[:, 3]]
    if not xs and b is not None and p.is_country.any():
        ccs = set(df.loc[p.is_country, "country_code"].dropna().astype(str).str.upper())
        sel = b.countries[b.countries["iso_a2"].isin(ccs)]  # type: ignore[attr-defined]
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


def _marker_scale(n_points: int) -> float:
    if n_points <= DENSE_FROM:
        return 1.0
    return max(MIN_MARKER_SCALE, (DENSE_FROM / n_points) ** 0.2)


def _marker_diameter(severity: float, scale: float) -> float:
    """Marker diameter in points: the dashboard's radius in CSS pixels, read at 96 dpi."""
    return 2.0 * styles.severity_radius(severity) * 0.75 * scale


def _rgba(hex_color: str, alpha: float) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(hex_color, alpha)


def _type_order(types: Iterable[str]) -> list[str]:
    present = list(dict.fromkeys(types))
    return [t for t in styles.EVENT_TYPES if t in present] + sorted(t for t in present if t not in styles.EVENT_TYPES)


# ============================================================================ drawing
def _draw_basemap(ax: Any, b: Boundaries, extent: tuple[float, float, float, float], px_width: float,
                  land: bool) -> list[tuple[str, float, float, float]]:  # fmt: skip
    """Countries and admin-1 outlines in view; returns country label candidates (name, x, y, area)."""
    import shapely

    from geodata.maps._mapdraw import (
        ADMIN1,
        BORDER,
        LAND,
        add_polygons,
        clip_simplify,
        repaired_countries,
    )
    from geodata.maps._mapdraw import drop_slivers as drop_slivers_arr

    x0, y0, x1, y1 = extent
    dx, dy = x1 - x0, y1 - y0
    view = (x0 - dx * 0.05, y0 - dy * 0.05, x1 + dx * 0.05, y1 + dy * 0.05)
    tol = dx / max(400.0, px_width) * 0.6
    box = shapely.box(*view)
    countries = b.countries  # type: ignore[attr-defined]
    fixed = repaired_countries(countries, b.admin1)  # type: ignore[attr-defined]
    idx = np.sort(countries.sindex.query(box, predicate="intersects"))
    sel = countries.iloc[idx]
    sel_geoms = fixed[idx]
    geoms = clip_simplify(sel_geoms, view, tol)
    add_polygons(ax, geoms, facecolors=LAND if land else "none", edgecolors=BORDER,
                 linewidths=0.7, zorder=1)  # fmt: skip
    if dx < 70:
        admin1 = b.admin1  # type: ignore[attr-defined]
        aidx = admin1.sindex.query(box, predicate="intersects")
        if 0 < len(aidx) <= 2500:
            ag = clip_simplify(admin1.geometry.iloc[np.sort(aidx)].to_numpy(), view, tol)
            add_polygons(ax, ag, facecolors="none", edgecolors=ADMIN1, linewidths=0.35,
                         linestyles=(0, (4, 2)), zorder=1.2)  # fmt: skip
    out = []
    view_area = dx * dy
    with np.errstate(all="ignore"):
        clipped = shapely.clip_by_rect(drop_slivers_arr(sel_geoms), x0, y0, x1, y1)
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


def _draw_regions(ax: Any, p: _Prepared, b: Boundaries) -> tuple[int, list[tuple[str, float, float, int]]]:
    """Region-level events as their admin-1 outline and fill; returns (areas, label candidates)."""
    from geodata.maps._mapdraw import add_polygons

    df = p.df
    sel = np.flatnonzero(p.is_region)
    admin1 = b.admin1  # type: ignore[attr-defined]
    areas = 0
    labels: dict[int, list[Any]] = {}
    for t in _type_order(df["event_type"].to_numpy()[sel]):
        rows = sel[df["event_type"].to_numpy()[sel] == t]
        regs, counts = np.unique(p.region_idx[rows], return_counts=True)
        geoms = admin1.geometry.iloc[regs].to_numpy()
        color = styles.type_color(t)
        add_polygons(ax, geoms, facecolors=[_rgba(color, 0.16)], edgecolors=[_rgba(color, 0.95)],
                     linewidths=1.1, linestyles=(0, (3, 2)), zorder=3)  # fmt: skip
        areas += len(regs)
        for r, n in zip(regs, counts, strict=True):
            rec = labels.setdefault(int(r), [admin1["name"].iloc[r], float(admin1["label_lon"].iloc[r]),
                                             float(admin1["label_lat"].iloc[r]), 0])  # fmt: skip
            rec[3] += int(n)
    cands = [(str(v[0]), v[1], v[2], v[3]) for v in labels.values()]
    cands.sort(key=lambda r: -r[3])
    return areas, cands


def _draw_halos(ax: Any, p: _Prepared) -> int:
    from matplotlib.collections import EllipseCollection

    df = p.df
    sel = np.flatnonzero(p.is_halo)
    r = HALO_METRES / 1000.0 / 111.32
    for t in _type_order(df["event_type"].to_numpy()[sel]):
        rows = sel[df["event_type"].to_numpy()[sel] == t]
        lat = df["latitude"].to_numpy()[rows]
        lon = df["longitude"].to_numpy()[rows]
        w = 2 * r / np.maximum(0.05, np.cos(np.radians(lat)))
        color = styles.type_color(t)
        coll = EllipseCollection(w, np.full(len(rows), 2 * r), np.zeros(len(rows)), units="xy",
                                 offsets=np.column_stack([lon, lat]), offset_transform=ax.transData,
                                 facecolors=[_rgba(color, 0.14)], edgecolors=[_rgba(color, 0.9)],
                                 linewidths=0.9, linestyles=(0, (3, 2)), zorder=3.5)  # fmt: skip
        ax.add_collection(coll, autolim=False)
    return len(sel)


def _draw_points(ax: Any, p: _Prepared, scale: float, rasterize: bool) -> None:
    """All point events as marker groups (one Line2D per precision, type and severity)."""
    df = p.df
    sel = np.flatnonzero(p.is_point)
    n = len(sel)
    dense = n > 5000
    types = df["event_type"].to_numpy()[sel]
    sev = np.clip(np.nan_to_num(df["severity"].to_numpy()[sel], nan=1.0), 1, 5).round().astype(int)
    prec = p.prec[sel]
    lon, lat = df["longitude"].to_numpy()[sel], df["latitude"].to_numpy()[sel]
    for t in _type_order(types):
        color = styles.type_color(t)
        in_t = types == t
        for s in styles.SEVERITY_LEVELS:
            ms = _marker_diameter(s, scale)
            for pr in (2, 1):
                m = in_t & (sev == s) & (prec == pr)
                if not m.any():
                    continue
                if pr == 1:
                    kw = {"mfc": _rgba(color, 0.62 if dense else 0.85),
                          "mec": "none" if dense else "white", "mew": 0 if dense else 0.5}  # fmt: skip
                else:
                    kw = {"mfc": _rgba(color, 0.3), "mec": _rgba(color, 0.9), "mew": 0.5 if dense else 0.9}
                ax.plot(lon[m], lat[m], ls="none", marker="o", ms=ms, zorder=5 + s * 0.1 + (pr == 1) * 0.05,
                        rasterized=rasterize, **kw)  # fmt: skip


def _place_candidates(p: _Prepared, scale: float) -> list[tuple[str, float, float, int, float]]:
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
    return [(r.name, float(r.x), float(r.y), int(r.n), _marker_diameter(r.s, scale) / 2)
            for r in agg.itertuples(index=False)]  # fmt: skip


class _Panel:
    """Writes the legend column top-down in figure coordinates."""

    def __init__(self, fig: Any, x: float, top: float, width: float) -> None:
        self.fig, self.x, self.y, self.width = fig, x, top, width
        self.h_in = fig.get_figheight()

    def gap(self, pts: float) -> None:
        self.y -= pts / 72.0 / self.h_in

    def heading(self, text: str) -> None:
        self.gap(3)
        self.fig.text(self.x, self.y, text, fontsize=9.5, fontweight="bold", va="top", color="#222222")
        self.gap(14)

    def row(self, text: str, symbol: Any = None, size: float = 8.5, indent: float = 0.018) -> None:
        mid = self.y - 5.5 / 72.0 / self.h_in
        if symbol is not None:
            symbol(self.x + indent / 2, mid)
        self.fig.text(self.x + indent + 0.004, mid, text, fontsize=size, va="center", color="#222222")
        self.gap(13)

    def marker(self, x: float, y: float, **kw: Any) -> None:
        from matplotlib.lines import Line2D

        self.fig.add_artist(Line2D([x], [y], transform=self.fig.transFigure, ls="none", marker="o", **kw))

    def box(self, x: float, y: float, face: Any, edge: Any, dashed: bool = True) -> None:
        from matplotlib.patches import Rectangle

        w, h = 0.014, 9 / 72.0 / self.h_in
        self.fig.add_artist(Rectangle((x - w / 2, y - h / 2), w, h, transform=self.fig.transFigure,
                                      facecolor=face, edgecolor=edge, linewidth=1.0,
                                      linestyle=(0, (3, 2)) if dashed else "-"))  # fmt: skip


def _legend(panel: _Panel, type_counts: list[tuple[str, int]], scale: float, info: MapExport,
            has_near: bool) -> None:  # fmt: skip
    panel.heading("Event types")
    for t, n in type_counts:
        color = styles.type_color(t)
        panel.row(f"{t} ({n:,})", lambda x, y, c=color: panel.marker(x, y, ms=8, mfc=c, mec="white", mew=0.5))
    if not type_counts:
        panel.row("no events to draw")
    panel.heading("Severity")
    y = panel.y - 8 / 72.0 / panel.h_in
    step = panel.width / 6.2
    for i, s in enumerate(styles.SEVERITY_LEVELS):
        x = panel.x + 0.01 + i * step
        panel.marker(x, y, ms=_marker_diameter(s, scale), mfc="#8c8c8c", mec="white", mew=0.5)
        panel.fig.text(x, y - 12.5 / 72.0 / panel.h_in, str(s), fontsize=7.5, ha="center", va="top", color="#222222")
    panel.gap(34)
    note = "1 minor … 5 ten or more deaths"
    if scale != 1:
        note += f"; markers ×{scale:.2f} (dense)"
    panel.fig.text(panel.x, panel.y + 4 / 72.0 / panel.h_in, note, fontsize=7, color="#555555", va="top")
    panel.gap(8)
    panel.heading("Location precision")
    panel.row("exact place", lambda x, y: panel.marker(x, y, ms=8, mfc="#8c8c8c", mec="white", mew=0.5))
    if has_near:
        panel.row("near a place", lambda x, y: panel.marker(x, y, ms=8, mfc=_rgba("#8c8c8c", 0.3), mec="#8c8c8c", mew=0.9))
    if info.regions:
        panel.row(f"region-level: whole region ({info.region_events:,})",
                  lambda x, y: panel.box(x, y, _rgba("#8c8c8c", 0.16), "#6f6f6f"))  # fmt: skip
    if info.halos:
        panel.row(f"region-level, no outline: 40 km halo ({info.halos:,})",
                  lambda x, y: panel.marker(x, y, ms=11, mfc=_rgba("#8c8c8c", 0.14), mec="#6f6f6f", mew=0.9))  # fmt: skip


def _country_box(panel: _Panel, p: _Prepared, bottom: float) -> None:
    """The country-level events (not pinned), by country, down to ``bottom`` (figure y)."""
    df = p.df
    sel = df[p.is_country]
    panel.heading(f"Country-level, not mapped ({len(sel):,})")
    by_c = sel.assign(_c=sel["country"].fillna(sel["country_code"]).fillna("country unknown").astype(str))
    groups = sorted(by_c.groupby("_c"), key=lambda kv: -len(kv[1]))
    per = 23 / 72.0 / panel.h_in
    room = max(1, int((panel.y - bottom - 13 / 72.0 / panel.h_in) / per))
    for i, (name, grp) in enumerate(groups):
        if i == room and len(groups) > room:
            rest = sum(len(g) for _n, g in groups[room:])
            panel.row(f"… and {len(groups) - room} more countr{'ies' if len(groups) - room > 1 else 'y'} "
                      f"({rest:,} events)", size=7.5, indent=0)  # fmt: skip
            break
        types = grp["event_type"].value_counts()
        kinds = ", ".join(f"{t} ×{n}" for t, n in types.head(3).items())
        dates = grp["event_date"].dropna().astype(str).str.slice(0, 10)
        when = _date_text(dates.min(), dates.max()) if len(dates) else "dates unknown"
        panel.row(f"{name}: {len(grp)} — {when}", size=7.5, indent=0)
        panel.gap(-3)
        panel.row(f"   {kinds}", size=7, indent=0)


def _sources_line(df: pd.DataFrame, source: str | None) -> str:
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


def _fetcher(tiles: str, warn: list[str]) -> tuple[Any, int] | None:
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
                    return r.read()
            except OSError as exc:
                failures.append(str(exc))
                return None

        return fetch, 16
    raise ExportError(f"unknown tiles {tiles!r}: use 'none', 'offline' or 'web'")


def render_map(
    events: Any,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    bbox: Sequence[float] | None = None,
    page: str = "a4",
    figsize: tuple[float, float] | None = None,
    dpi: int = 200,
    tiles: Tiles = "none",
    boundaries: Any = None,
    source: str | None = None,
    filters: str | None = None,
    max_labels: int = 15,
    rasterize: bool | None = None,
) -> tuple[Figure, MapExport]:
    """Draw the static map of ``events`` on a matplotlib Figure (Agg canvas, no pyplot).

    Parameters
    ----------
    events
        A DataFrame with the :data:`geodata.model.EVENT_FIELDS` columns (``event_type``,
        ``latitude``, ``longitude`` required; ``geo_precision``, ``severity``, ``location``,
        ``admin1``, ``country``, ``country_code``, ``event_date`` used when present), or Event
        objects.
    title, subtitle
        Default title "Civil unrest events" (plus the country when there is one); default
        subtitle: the date range, the count and ``filters``.
    date_from, date_to
        The period the map covers (default: the events' first and last day).
    bbox
        ``(min_lon, min_lat, max_lon, max_lat)``: show exactly this area (widened to fill the
        frame) instead of fitting the events.
    page, figsize
        Page name from :data:`PAGE_SIZES` (landscape), or a size in inches.
    dpi
        Resolution of the figure.
    tiles
        ``"none"`` (vector outlines), ``"offline"`` (bundled OSM tiles, zoom <= 6) or
        ``"web"`` (online OSM tiles; falls back to outlines, with a warning, when offline).
    boundaries
        A :class:`geodata.maps.regions.Boundaries`, a GeoPackage path, ``None`` (the bundled
        file) or ``False`` (no outlines).
    source
        What the data is ("Unrest Atlas store sample_store.gpkg"), for the footer.
    filters
        The filters in words (see :func:`describe_filters`).
    max_labels
        Most place labels written.
    rasterize
        Rasterize the point layer (vector outputs); default: above 2,000 markers.

    Returns
    -------
    (Figure, MapExport)
        The map axes has the label ``"map"`` (``[a for a in fig.axes if a.get_label() == "map"]``).

    Raises
    ------
    ExportError
        Missing columns, a bad page, dpi or tiles option.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    from geodata.maps._mapdraw import (
        LabelCandidate,
        add_north_arrow,
        add_scalebar,
        draw_locator,
        draw_tiles,
        fit_extent,
        place_labels,
    )

    if not 30 <= int(dpi) <= 1200:
        raise ExportError(f"dpi must be 30-1200, not {dpi}")
    if figsize is None:
        if page.lower() not in PAGE_SIZES:
            raise ExportError(f"unknown page {page!r}; use one of {', '.join(PAGE_SIZES)}")
        figsize = PAGE_SIZES[page.lower()]
    if tiles not in ("none", "offline", "web"):
        raise ExportError(f"unknown tiles {tiles!r}: use 'none', 'offline' or 'web'")
    warn: list[str] = []
    df = _frame(events)
    b = _boundaries(boundaries, warn)
    p = _prepare(df, b)
    df = p.df
    info = MapExport(path=None, format="png", dpi=int(dpi), events=len(df))
    info.size_px = (round(figsize[0] * dpi), round(figsize[1] * dpi))

    # --- figure and layout
    fig = Figure(figsize=figsize, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    W, H = figsize
    map_rect = (0.035, 0.105, 0.685, 0.765)
    ax = fig.add_axes(map_rect, label="map")
    box_ratio = (map_rect[3] * H) / (map_rect[2] * W)
    if bbox is not None:
        if len(bbox) != 4 or not (bbox[0] < bbox[2] and bbox[1] < bbox[3]):
            raise ExportError("bbox is MIN_LON,MIN_LAT,MAX_LON,MAX_LAT with min < max")
        extent, aspect = fit_extent(tuple(float(v) for v in bbox), box_ratio, exact=True)  # type: ignore[arg-type]
    else:
        extent, aspect = fit_extent(_bounds(p, b), box_ratio)
    x0, y0, x1, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect, adjustable="box")
    from geodata.maps._mapdraw import SEA

    ax.set_facecolor(SEA)
    deg = FuncFormatter(lambda v, _pos: f"{abs(v):.4g}°{'E' if v > 0 else 'W' if v < 0 else ''}")
    degy = FuncFormatter(lambda v, _pos: f"{abs(v):.4g}°{'N' if v > 0 else 'S' if v < 0 else ''}")
    ax.xaxis.set_major_formatter(deg)
    ax.yaxis.set_major_formatter(degy)
    ax.tick_params(labelsize=6.5, colors="#666666", length=2.5, width=0.5)
    for s in ax.spines.values():
        s.set_edgecolor("#555555")
        s.set_linewidth(0.8)
    px_width = map_rect[2] * W * dpi

    # --- basemap
    used_tiles = "none"
    if tiles != "none":
        got = _fetcher(tiles, warn)
        if got is not None:
            fetch, zmax = got
            n_tiles = draw_tiles(ax, extent, int(px_width), fetch, zmax)
            if n_tiles:
                used_tiles = tiles
            else:
                warn.append(f"no {tiles} tiles could be had: vector basemap used")
    country_labels: list[tuple[str, float, float, float]] = []
    if b is not None:
        country_labels = _draw_basemap(ax, b, extent, px_width, land=used_tiles == "none")
    info.tiles = used_tiles

    # --- events
    region_labels: list[tuple[str, float, float, int]] = []
    if p.is_region.any() and b is not None:
        info.regions, region_labels = _draw_regions(ax, p, b)
        info.region_events = int(p.is_region.sum())
    if p.is_halo.any():
        info.halos = _draw_halos(ax, p)
    n_points = int(p.is_point.sum())
    scale = _marker_scale(n_points)
    info.marker_scale = round(scale, 3)
    info.points = n_points
    if n_points:
        _draw_points(ax, p, scale, rasterize if rasterize is not None else n_points > RASTERIZE_ABOVE)
    info.country_level = int(p.is_country.sum())
    info.unplaced = int(p.is_unplaced.sum())
    drawn = p.is_point | p.is_region | p.is_halo
    counts = pd.Series(df["event_type"].to_numpy()[drawn]).value_counts()
    type_counts = [(t, int(counts[t])) for t in _type_order(counts.index)]
    info.types = dict(type_counts)
    info.extent = (x0, y0, x1, y1)

    # --- furniture
    lat_span = y1 - y0
    sb = add_scalebar(ax, (y0 + y1) / 2, lat_span)
    arrow = add_north_arrow(ax)
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()
    axbox = ax.get_window_extent(renderer)
    from matplotlib.transforms import Bbox

    occupied = [arrow.get_window_extent(renderer).expanded(1.3, 1.2),
                Bbox.from_bounds(axbox.x0, axbox.y0, axbox.width * 0.3, axbox.height * 0.13)]  # fmt: skip
    del sb
    places = _place_candidates(p, scale)
    # markers of the busiest places: no region or country name is written over them
    px_per_pt = dpi / 72.0
    for _n, x, y, _c, r in places[:60]:
        cx, cy = ax.transData.transform((x, y))
        rp = max(2.0, r * px_per_pt)
        occupied.append(Bbox.from_extents(cx - rp, cy - rp, cx + rp, cy + rp))
    cands = [LabelCandidate(n, x, y, r, "place") for n, x, y, _c, r in places]
    cands += [LabelCandidate(n, x, y, 0, "region") for n, x, y, _c in region_labels[:8]]
    cands += [LabelCandidate(n.upper(), x, y, 0, "country") for n, x, y, _a in country_labels[:10]]
    info.labels = place_labels(ax, cands, renderer, occupied, limit=max_labels + 18)

    # --- texts
    dates = df["event_date"].dropna().astype(str).str.slice(0, 10)
    dates = dates[dates.str.match(r"^\d{4}-\d{2}-\d{2}$")]
    first = date_from or (dates.min() if len(dates) else None)
    last = date_to or (dates.max() if len(dates) else None)
    info.date_range = (first, last)
    if title is None:
        names = df.loc[drawn | p.is_country, "country"].dropna().astype(str).unique()
        title = "Civil unrest events" + (f", {names[0]}" if len(names) == 1 else "")
    info.title = title
    if subtitle is None:
        subtitle = f"{_date_text(first, last)} · {len(df):,} event{'s' if len(df) != 1 else ''}"
        if filters:
            subtitle += f" · {filters}"
    fig.text(map_rect[0], 0.955, title, fontsize=18, fontweight="bold", va="top", color="#1a1a1a")
    fig.text(map_rect[0], 0.905, subtitle, fontsize=10.5, va="top", color="#444444")
    if not len(df):
        ax.text(0.5, 0.5, "No events match", transform=ax.transAxes, ha="center", va="center",
                fontsize=14, color="#555555", zorder=30)  # fmt: skip

    panel = _Panel(fig, 0.745, 0.87, 0.23)
    _legend(panel, type_counts, scale, info, has_near=bool((p.prec[p.is_point] == 2).any()))
    loc_h = 0.21
    loc_bottom = 0.105
    if info.country_level:
        _country_box(panel, p, loc_bottom + loc_h + 0.035 + (0.025 if info.unplaced else 0))
    if info.unplaced:
        panel.gap(4)
        panel.row(f"{info.unplaced:,} event(s) without a usable location not mapped", size=7.5, indent=0)
    if panel.y - 0.02 > loc_bottom + loc_h and b is not None:
        lax = fig.add_axes((0.745, loc_bottom, 0.23, loc_h), label="locator")
        highlight = df.loc[drawn | p.is_country, "country_code"].dropna().astype(str).str.upper().unique()
        from geodata.maps._mapdraw import repaired_countries

        fixed = repaired_countries(b.countries, b.admin1)  # type: ignore[attr-defined]
        draw_locator(lax, b.countries, extent, list(highlight), geoms=fixed)  # type: ignore[attr-defined]
    elif b is not None:
        warn.append("no room left for the locator inset (long legend)")

    foot = [_sources_line(df, source), ATTRIBUTION + (f" {TILES_ATTRIBUTION}." if used_tiles != "none" else "")]
    foot.append(f"Made with Unrest Atlas on {date.today().isoformat()}. Locations and figures are as "
                "reported; precision is shown as coded (exact place, near a place, region, country).")  # fmt: skip
    for i, line in enumerate(foot):
        fig.text(map_rect[0], 0.058 - i * 0.018, line, fontsize=7, va="top", color="#444444")
    info.warnings = warn
    return fig, info


# ============================================================================ files
def export_map(
    events: Any,
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    dpi: int | None = None,
    title: str | None = None,
    **kwargs: Any,
) -> MapExport:
    """Write a map of ``events`` to ``path`` (PNG, SVG, PDF or self-contained HTML), atomically.

    Parameters
    ----------
    events
        What :func:`render_map` takes.
    path
        The output file; its suffix picks the format unless ``fmt`` is given.
    fmt
        ``png``, ``svg``, ``pdf`` or ``html``.
    dpi
        Resolution (default :data:`DEFAULT_DPI`: PNG 200, SVG/PDF raster layers 300).
    title
        The map title.
    **kwargs
        Passed to :func:`render_map` (static formats) or :func:`export_html` (HTML).

    Returns
    -------
    MapExport
        What was drawn, with ``path`` set.

    Raises
    ------
    ExportError
        Unknown format or option, or the file cannot be written (nothing is left behind).

    Examples
    --------
    >>> info = export_map(events, "out/riots.pdf", title="Riots, January 2022")  # doctest: +SKIP
    >>> info.format, info.dpi  # doctest: +SKIP
    ('pdf', 300)
    """
    kind = map_format_for(path, fmt)
    target = Path(path)
    if kind == "html":
        html_kw = {k: v for k, v in kwargs.items() if k in _HTML_KWARGS}
        unknown = sorted(set(kwargs) - set(html_kw) - _STATIC_ONLY)
        if unknown:
            raise ExportError(f"unknown option(s) for an HTML map: {', '.join(unknown)}")
        return export_html(events, target, title=title, **html_kw)
    import matplotlib

    dpi = int(dpi or DEFAULT_DPI[kind])
    fig, info = render_map(events, title=title, dpi=dpi, **kwargs)
    info.format = kind
    subject = fig.texts[1].get_text() if len(fig.texts) > 1 else ""
    credits = ATTRIBUTION + (f" {TILES_ATTRIBUTION}" if info.tiles != "none" else "")
    if kind == "png":
        meta: dict[str, Any] = {"Title": info.title, "Description": subject, "Software": "Unrest Atlas",
                                "Copyright": credits}  # fmt: skip
    elif kind == "pdf":
        meta = {"Title": info.title, "Subject": subject, "Creator": "Unrest Atlas", "Keywords": credits}
    else:
        meta = {"Title": info.title, "Description": f"{subject}. {credits}", "Date": None}
    try:
        with atomic_path(target) as tmp, matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42,
                                                                 "svg.hashsalt": "unrest-atlas"}):  # fmt: skip
            fig.savefig(tmp, format=kind, dpi=dpi, metadata=meta, facecolor="white")
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    info.path = target
    return info


def map_bytes(events: Any, fmt: str = "png", **kwargs: Any) -> bytes:
    """The bytes of :func:`export_map`'s file (for a dashboard download button).

    >>> png = map_bytes(store.events(countries="KZ"), "png", dpi=100)  # doctest: +SKIP
    >>> png[:4]  # doctest: +SKIP
    b'\\x89PNG'
    """
    import tempfile

    kind = map_format_for(f"map.{fmt}")
    with tempfile.TemporaryDirectory(prefix="ua-map-") as tmp:
        out = Path(tmp) / f"map.{kind}"
        export_map(events, out, **kwargs)
        return out.read_bytes()


_HTML_KWARGS = {"subtitle", "date_from", "date_to", "boundaries", "source", "filters", "cluster", "heatmap",
                "choropleth", "max_markers", "selected_event_id", "heat_weight"}  # fmt: skip
_STATIC_ONLY = {"bbox", "page", "figsize", "tiles", "max_labels", "rasterize"}


def export_html(
    events: Any,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    subtitle: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    source: str | None = None,
    filters: str | None = None,
    boundaries: Any = None,
    **build_map_kwargs: Any,
) -> MapExport:
    """Write ONE self-contained HTML map (works opened from disk, no network).

    The map is :func:`geodata.maps.layers.build_map` in ``inline`` mode (the dashboard's layers,
    popups and legend, assets as ``data:`` URIs, vector basemap) written by
    :func:`geodata.maps.layers.save_html`, which refuses anything that would load from the network.
    A title box (escaped) names the period, the count and the filters.

    Parameters
    ----------
    events
        A DataFrame of events (or Event objects).
    path
        The ``.html`` file.
    title, subtitle, date_from, date_to, source, filters
        As for :func:`render_map`.
    boundaries
        As for :func:`geodata.maps.layers.build_map`.
    **build_map_kwargs
        ``cluster``, ``heatmap``, ``choropleth``, ``max_markers`` ... of ``build_map``.

    Raises
    ------
    ExportError
        The map cannot be built or would need the network.
    """
    from branca.element import Element

    from geodata.maps import layers

    df = _frame(events)
    if "geo_precision" not in df:
        df["geo_precision"] = 1
    if "event_id" not in df:
        df["event_id"] = [f"ev{i}" for i in range(len(df))]
    m = layers.build_map(df, mode="inline", basemap="vector", boundaries=boundaries, **build_map_kwargs)
    s = m.unrest_summary  # type: ignore[attr-defined]
    dates = df["event_date"].dropna().astype(str).str.slice(0, 10) if "event_date" in df else pd.Series([], dtype=str)
    first = date_from or (dates.min() if len(dates) else None)
    last = date_to or (dates.max() if len(dates) else None)
    if title is None:
        names = df["country"].dropna().astype(str).unique() if "country" in df else []
        title = "Civil unrest events" + (f", {names[0]}" if len(names) == 1 else "")
    if subtitle is None:
        subtitle = f"{_date_text(first, last)} · {len(df):,} event{'s' if len(df) != 1 else ''}"
        if filters:
            subtitle += f" · {filters}"
    foot = _sources_line(df, source) + " " + ATTRIBUTION
    e = html.escape
    box = (
        '<div class="ua-export-title" style="position:absolute;top:10px;left:54px;z-index:1000;'
        "max-width:60%;background:rgba(255,255,255,.92);padding:6px 12px;border-radius:4px;"
        'box-shadow:0 1px 4px rgba(0,0,0,.3);font-family:sans-serif;pointer-events:none">'
        f'<div style="font-weight:700;font-size:16px">{e(title)}</div>'
        f'<div style="font-size:12px;color:#444">{e(subtitle)}</div>'
        f'<div style="font-size:10px;color:#666">{e(foot)}</div></div>'
    )
    m.get_root().html.add_child(Element(box), name="ua_export_title")
    m.get_root().title = html.escape(title)  # type: ignore[attr-defined]  (branca does not escape it)
    target = Path(path)
    layers.save_html(m, target)
    return MapExport(path=target, format="html", events=len(df), points=s.points, regions=s.regions,
                     region_events=s.region_events, halos=s.halos, country_level=s.country_level,
                     unplaced=len(s.unplaced), date_range=(first, last), title=title,
                     types={}, warnings=[])  # fmt: skip

