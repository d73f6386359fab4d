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

import pandas as pd

from geodata.atomic import atomic_path
from geodata.exceptions import DataMissingError, ExportError
from geodata.maps._event_layers import HALO_METRES
from geodata.maps._static_data import (
    DENSE_FROM,
    MIN_MARKER_SCALE,
    boundaries_of,
    date_text,
    prepare,
    sources_line,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "ATTRIBUTION",
    "DEFAULT_DPI",
    "DENSE_FROM",
    "HALO_METRES",
    "MAP_FORMATS",
    "MIN_MARKER_SCALE",
    "PAGE_SIZES",
    "RASTERIZE_ABOVE",
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
#: Above this many point markers, the point layer is rasterized in SVG/PDF.
RASTERIZE_ABOVE = 2000

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
    """A copy of a DataFrame of events, or the rows of Event objects."""
    if isinstance(events, pd.DataFrame):
        return events.copy()
    from geodata.io.interchange import event_rows

    return pd.DataFrame(event_rows(events))


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

    from geodata.maps import _static_layout as page_

    if not 30 <= int(dpi) <= 1200:
        raise ExportError(f"dpi must be 30-1200, not {dpi}")
    if figsize is None:
        if page.lower() not in PAGE_SIZES:
            raise ExportError(f"unknown page {page!r}; use one of {', '.join(PAGE_SIZES)}")
        figsize = PAGE_SIZES[page.lower()]
    if tiles not in ("none", "offline", "web"):
        raise ExportError(f"unknown tiles {tiles!r}: use 'none', 'offline' or 'web'")
    warn: list[str] = []
    b = boundaries_of(boundaries, warn)
    p = prepare(_frame(events), b)
    info = MapExport(path=None, format="png", dpi=int(dpi), events=len(p.df))
    info.size_px = (round(figsize[0] * dpi), round(figsize[1] * dpi))
    fig = Figure(figsize=figsize, dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    ax, extent, px_width = page_.map_axes(fig, p, b, bbox, figsize, dpi)
    used_tiles, country_labels = page_.draw_background(ax, b, extent, px_width, tiles, warn)
    info.tiles = used_tiles
    n_points = int(p.is_point.sum())
    d = page_.draw_events(ax, p, b, info,
                          rasterize if rasterize is not None else n_points > RASTERIZE_ABOVE)
    x0, y0, x1, y1 = extent
    info.extent = (x0, y0, x1, y1)
    info.labels = page_.add_furniture(fig, ax, p, d, extent, dpi, country_labels, max_labels)
    page_.add_titles(fig, ax, p, d, info, title=title, subtitle=subtitle, date_from=date_from,
                     date_to=date_to, filters=filters)
    page_.add_side_panel(fig, p, b, d, extent, info, warn)
    credits = ATTRIBUTION + (f" {TILES_ATTRIBUTION}." if used_tiles != "none" else "")
    page_.footer(fig, p.df, source, credits)
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


def _html_map(df: pd.DataFrame, boundaries: Any, build_map_kwargs: dict[str, Any]) -> Any:
    """The interactive map of an HTML export: over the embedded vector tiles
    (:mod:`geodata.maps.vector_basemap`: the world to zoom 3 and the tiles around the events,
    sharp to zoom 12) when the archive is bundled, else over the embedded outlines."""
    from geodata.maps import layers, vector_basemap

    kw = {k: v for k, v in build_map_kwargs.items() if k != "basemap"}
    if build_map_kwargs.get("basemap", "vector") != "vector" or \
            not vector_basemap.PMTILES_PATH.is_file():
        return layers.build_map(df, mode="inline", boundaries=boundaries,
                                basemap=build_map_kwargs.get("basemap", "vector"), **kw)
    m = layers.build_map(df, mode="inline", basemap="none", boundaries=boundaries, **kw)
    ext = m.unrest_summary.extent  # type: ignore[attr-defined]  # (south, west, north, east)
    bounds = None if ext is None else ((ext[0], ext[1]), (ext[2], ext[3]))
    try:
        vector_basemap.add_vector_basemap(m, mode="inline", bounds=bounds)
    except DataMissingError:  # vendored scripts missing: the outlines, as before
        return layers.build_map(df, mode="inline", basemap="vector", boundaries=boundaries, **kw)
    return m


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
    m = _html_map(df, boundaries, build_map_kwargs)
    s = m.unrest_summary  # type: ignore[attr-defined]
    dates = df["event_date"].dropna().astype(str).str.slice(0, 10) if "event_date" in df else pd.Series([], dtype=str)
    first = date_from or (dates.min() if len(dates) else None)
    last = date_to or (dates.max() if len(dates) else None)
    if title is None:
        names: Any = df["country"].dropna().astype(str).unique() if "country" in df else []
        title = "Civil unrest events" + (f", {names[0]}" if len(names) == 1 else "")
    if subtitle is None:
        subtitle = f"{date_text(first, last)} · {len(df):,} event{'s' if len(df) != 1 else ''}"
        if filters:
            subtitle += f" · {filters}"
    foot = sources_line(df, source) + " " + ATTRIBUTION
    e = html.escape
    box = (
        '<div class="ua-export-title" style="position:absolute;top:10px;left:54px;z-index:1000;'
        "max-width:60%;background:rgba(255,255,255,.92);padding:6px 12px;border-radius:4px;"
        'box-shadow:0 1px 4px rgba(0,0,0,.3);font-family:sans-serif;pointer-events:none">'
        f'<div style="font-weight:700;font-size:16px">{e(title)}</div>'
        f'<div style="font-size:12px;color:#444">{e(subtitle)}</div>'
        f'<div style="font-size:10px;color:#666">{e(foot)}</div></div>'
    )
    root: Any = m.get_root()  # a branca Figure
    root.html.add_child(Element(box), name="ua_export_title")
    root.title = html.escape(title)  # branca does not escape it
    target = Path(path)
    layers.save_html(m, target)
    return MapExport(path=target, format="html", events=len(df), points=s.points, regions=s.regions,
                     region_events=s.region_events, halos=s.halos, country_level=s.country_level,
                     unplaced=len(s.unplaced), date_range=(first, last), title=title,
                     types={}, warnings=[])  # fmt: skip

