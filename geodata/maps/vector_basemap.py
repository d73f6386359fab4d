"""Offline vector basemap for folium maps: MapLibre GL drawn inside Leaflet, tiles from PMTiles.

The archive ``geodata/data/basemap/basemap.pmtiles`` (built by ``tools/build_vector_basemap.py``:
Natural Earth 10m land, lakes, coast, borders and admin-1 lines to zoom 7; country, admin-1,
admin-2 and GeoNames place labels to zoom 9, every place of the gazetteer from zoom 8) is drawn with the style ``geodata/data/basemap/style.json``
by npm ``maplibre-gl`` through ``@maplibre/maplibre-gl-leaflet`` and read with npm
``pmtiles`` (vendored in ``geodata/data/web/``, see ``tools/build_web_assets.py``). Vector
tiles are over-zoomed, so labels and lines stay sharp up to :data:`MAX_ZOOM`; the style has no
``glyphs`` URL, so MapLibre draws the (English) labels with the browser's own sans-serif font.
Nothing is fetched from the network.

Event markers never hide their town's name: the map's markers report where they are
(``window.uaSpots``) and :data:`AVOID_JS` draws the place labels on them beside the markers
(MapLibre variable anchors, placed first) and leaves out other names under them at that zoom.

Two ways to ship it, as :func:`geodata.maps.assets.localize` does for the other assets:

* ``mode="static"`` (dashboard): scripts and the archive under Streamlit's static serving
  (:func:`install_static` copies them there); the browser reads tiles with HTTP range
  requests, so only the tiles in view travel.
* ``mode="inline"`` (exported HTML): scripts as ``data:`` URIs and a *subset* of the archive
  (:func:`subset_pmtiles`: the whole world to zoom :data:`WORLD_MAXZOOM`, then the tiles over the
  given bounds while the subset stays under ``budget`` bytes, by default
  :data:`INLINE_BUDGET`) embedded as base64.

Size budget: the archive is ~27 MB (limit tested: 40 MB). An exported HTML embeds the
world to zoom 3 (~1.3 MB) plus the tiles within 5 degrees of the events (~0.1-2 MB per
country), at most 4 MB of tiles, and ~1.1 MB of scripts (all grow by a third as base64).

Integration: make the map with ``tiles=None``; call :func:`geodata.maps.assets.localize`
*first* (its CDN table does not list these already-local links), then
:func:`add_vector_basemap`; in the dashboard call :func:`install_static` once at start with the
folder that :func:`geodata.maps.assets.install_static` fills. MapLibre needs WebGL (headless
Chromium has it through SwiftShader).

Examples
--------
>>> import folium
>>> m = folium.Map(location=[43.25, 76.9], zoom_start=8, tiles=None)
>>> layer = add_vector_basemap(m, mode="static")
>>> "pmtiles" in m.get_root().render()
True
"""

from __future__ import annotations

import base64
import copy
import functools
import importlib
import io
import json
import math
import shutil
from pathlib import Path
from typing import Any, Literal

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geodata.exceptions import DataMissingError, ExportError
from geodata.settings import DATA_DIR

__all__ = [
    "CSS_ASSETS",
    "INLINE_BUDGET",
    "JS_ASSETS",
    "MAX_ZOOM",
    "PMTILES_PATH",
    "STYLE_PATH",
    "VectorBasemap",
    "add_vector_basemap",
    "basemap_style",
    "install_static",
    "subset_pmtiles",
]

BASEMAP_DIR = DATA_DIR / "basemap"
PMTILES_PATH = BASEMAP_DIR / "basemap.pmtiles"
STYLE_PATH = BASEMAP_DIR / "style.json"
WEB_DIR = DATA_DIR / "web"
WEB_MANIFEST = WEB_DIR / "manifest-vector-basemap.json"
#: Where the dashboard serves static files (same folder as geodata.maps.assets uses).
DEFAULT_STATIC_PREFIX = "/app/static/unrest-atlas"
#: Scripts, in load order, and style sheets (paths under ``geodata/data/web/``).
JS_ASSETS = ("maplibre/maplibre-gl.js", "pmtiles/pmtiles.js",
             "maplibre-leaflet/leaflet-maplibre-gl.js")
CSS_ASSETS = ("maplibre/maplibre-gl.css",)
#: Highest Leaflet zoom the map allows over this basemap (the data is over-zoomed past 7/9).
MAX_ZOOM = 12
#: Every tile up to this zoom goes into an inline subset (the world map stays whole).
WORLD_MAXZOOM = 3
#: Default size limit of the tiles embedded in an exported HTML (bytes, before base64).
INLINE_BUDGET = 4_000_000
#: At most this many marker spots move labels (the biggest first; a ``within`` filter per
#: label costs one test per spot).
AVOID_MAX_SPOTS = 400
#: Half-width (pixels at the map's zoom) of the square around a marker spot in which a
#: place is "on" it (an event placed on a town has the town's coordinates; the tiles round
#: them to their grid, up to 0.0004 degrees at zoom 7).
AVOID_PX = 3
#: Pixels per em assumed when the label offset (ems) is set from the spot size (pixels):
#: below the smallest place label size at zoom 8 and above, so the offset clears the spot.
AVOID_EM_PX = 10
ATTRIBUTION = ("Basemap: <a href='https://www.naturalearthdata.com/'>Natural Earth</a>, "
               "places <a href='https://www.geonames.org/'>GeoNames</a> (CC BY 4.0)")

Mode = Literal["inline", "static"]
Bounds = tuple[tuple[float, float], tuple[float, float]]


def _require(path: Path) -> Path:
    if not path.is_file():
        raise DataMissingError(f"vector basemap file missing: {path} (run "
                               "tools/build_vector_basemap.py and tools/build_web_assets.py)")
    return path


@functools.lru_cache(maxsize=1)
def _style_template() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_require(STYLE_PATH).read_text(encoding="utf-8"))
    return data


def source_maxzooms() -> dict[str, int]:
    """Highest zoom stored in the archive for each style source (``base``, ``labels``)."""
    return {k: int(v["maxzoom"]) for k, v in _style_template()["sources"].items()}


def basemap_style(tiles_key: str = "basemap", *, cap_zoom: int | None = None) -> dict[str, Any]:
    """The MapLibre style with every source reading ``pmtiles://<tiles_key>/{z}/{x}/{y}``.

    Parameters
    ----------
    tiles_key
        The archive's key for the ``pmtiles`` protocol (its URL, or the name of an embedded
        archive).
    cap_zoom
        Lower every source's ``maxzoom`` to this (an inline subset stops there).
    """
    style = copy.deepcopy(_style_template())
    for src in style["sources"].values():
        src["tiles"] = [f"pmtiles://{tiles_key}/{{z}}/{{x}}/{{y}}"]
        if cap_zoom is not None:
            src["maxzoom"] = min(int(src["maxzoom"]), cap_zoom)
    return style


def _tile_range(bounds: Bounds, z: int) -> tuple[range, range]:
    """x and y tile ranges (XYZ) covering ``((south, west), (north, east))`` at zoom ``z``."""
    (south, west), (north, east) = bounds
    n = 1 << z

    def tx(lon: float) -> int:
        return min(n - 1, max(0, int((lon + 180.0) / 360.0 * n)))

    def ty(lat: float) -> int:
        lat = max(-85.05, min(85.05, lat))
        r = math.radians(lat)
        return min(n - 1, max(0, int((1 - math.asinh(math.tan(r)) / math.pi) / 2 * n)))

    return range(tx(west), tx(east) + 1), range(ty(north), ty(south) + 1)


def subset_pmtiles(bounds: Bounds | None, *, budget: int = INLINE_BUDGET,
                   pad: float = 5.0, src: Path = PMTILES_PATH) -> tuple[bytes, int]:
    """A smaller PMTiles archive for an exported map; returns ``(archive, highest_zoom)``.

    Every tile to zoom :data:`WORLD_MAXZOOM`, then zoom by zoom the tiles over ``bounds``
    (``((south, west), (north, east))``, widened by ``pad`` degrees) while the tiles stay under
    ``budget`` bytes. ``highest_zoom`` is the last zoom kept whole over the bounds: the style's
    sources are capped there (MapLibre over-zooms beyond it).

    Raises
    ------
    ExportError
        The world tiles alone exceed ``budget``.
    """
    # pmtiles (PyPI) has no type hints: reach it through Any
    reader_mod: Any = importlib.import_module("pmtiles.reader")
    tile_mod: Any = importlib.import_module("pmtiles.tile")
    writer_mod: Any = importlib.import_module("pmtiles.writer")
    MmapSource, Reader, all_tiles = reader_mod.MmapSource, reader_mod.Reader, reader_mod.all_tiles
    zxy_to_tileid, Writer = tile_mod.zxy_to_tileid, writer_mod.Writer

    top = max(source_maxzooms().values())
    levels: list[dict[int, bytes]] = [{} for _ in range(top + 1)]
    with _require(src).open("rb") as f:
        reader = Reader(MmapSource(f))
        header, metadata = reader.header(), reader.metadata()
        ranges = {}
        if bounds is not None:
            (s, w), (n, e) = bounds
            ranges = {z: _tile_range(((s - pad, w - pad), (n + pad, e + pad)), z)
                      for z in range(WORLD_MAXZOOM + 1, top + 1)}
        for (z, x, y), data in all_tiles(MmapSource(f)):
            if z > top or (z in ranges and (x not in ranges[z][0] or y not in ranges[z][1])):
                continue
            levels[z][zxy_to_tileid(z, x, y)] = bytes(data)
    tiles: dict[int, bytes] = {}
    size, highest = 0, -1
    for z, level in enumerate(levels):
        add = sum(len(d) for d in level.values())
        if size + add > budget:
            if z <= WORLD_MAXZOOM:
                raise ExportError(f"vector basemap: world tiles to zoom {z} exceed the "
                                  f"inline budget of {budget:,} bytes")
            break
        tiles.update(level)
        size += add
        highest = z
    out = io.BytesIO()
    writer = Writer(out)
    for tid in sorted(tiles):
        writer.write_tile(tid, tiles[tid])
    header = dict(header)
    header["max_zoom"] = highest
    writer.finalize(header, metadata)
    return out.getvalue(), highest


#: ``avoidSpots(layer, spots)``: the place labels on event markers (``spots``: ``[lat, lon,
#: pixels covered]``, from the map's ``window.uaSpots``) go to a layer of their own, drawn
#: beside the markers (above, below, right or left, whichever is free, at the largest spot's
#: distance) and placed before every other label; other names whose centre would fall under
#: the markers at the map's zoom are left out until zoomed in; the rest stay centred.
AVOID_JS = """
function avoidSpots(layer, spots) {
    var gl = layer.getMaplibreMap(), id = "place-labels-at-events";
    if (!gl) { return; }
    var apply = function () {
        var def = (gl.getStyle().layers || []).filter(function (l) {
            return l.id === "place-labels"; })[0];
        if (!def) { return; }
        if (gl.getLayer(id)) { gl.removeLayer(id); }
        var use = (spots || []).slice().sort(function (a, b) { return b[2] - a[2]; })
            .slice(0, @MAX@);
        if (!use.length) { gl.setFilter("place-labels", null); return; }
        var ext = use.reduce(function (m, s) { return Math.max(m, s[2]); }, 0);
        var lay = JSON.parse(JSON.stringify(def));
        lay.id = id; lay.filter = near(use, @PX@);
        lay.layout["text-variable-anchor"] = ["bottom", "top", "right", "left"];
        lay.layout["text-radial-offset"] = (ext + 3) / @EM@;
        gl.addLayer(lay);  // the top symbol layer: placed first
        window.uaLabelsMoved = use.length;
        areas(use, ext);
        if (!layer.__uaZoomHook) {
            layer.__uaZoomHook = true;
            map.on("zoomend", function () { areas(layer.__uaSpots, layer.__uaExt); });
        }
        layer.__uaSpots = use; layer.__uaExt = ext;
    };
    // other names centred near the markers are left out at this zoom (they come back when
    // zoomed in): places within the markers' pixels plus 12, region and district names
    // within 40 more (wider labels), in degrees at the map's zoom
    var near = function (use, px) {
        var deg = px * 360 / (256 * Math.pow(2, map.getZoom()));
        var boxes = use.map(function (s) {
            var dy = deg * Math.cos(s[0] * Math.PI / 180);
            return [[[s[1] - deg, s[0] - dy], [s[1] + deg, s[0] - dy], [s[1] + deg, s[0] + dy],
                     [s[1] - deg, s[0] + dy], [s[1] - deg, s[0] - dy]]];
        });
        return ["within", {type: "MultiPolygon", coordinates: boxes}];
    };
    var away = function (use, px) { return ["!", near(use, px)]; };
    var areas = function (use, ext) {
        if (gl.getLayer(id)) { gl.setFilter(id, near(use, @PX@)); }
        gl.setFilter("place-labels", away(use, ext + 12));
        var wide = away(use, ext + 40);
        ["region-labels", "district-labels"].forEach(function (l) {
            if (gl.getLayer(l)) { gl.setFilter(l, wide); }
        });
    };
    if (gl.getLayer("place-labels")) { apply(); } else { gl.once("style.load", apply); }
}
""".replace("@MAX@", str(AVOID_MAX_SPOTS)).replace("@PX@", str(AVOID_PX)).replace(
    "@EM@", str(AVOID_EM_PX))


def _link_name(rel: str) -> str:
    """Header key of a link (folium keys header links by name: a script and a style sheet
    must not share one)."""
    return "unrest-atlas-" + rel.replace("/", "-").replace(".", "-")


def _data_uri(rel: str) -> str:
    path = _require(WEB_DIR / rel)
    mime = "text/javascript" if path.suffix == ".js" else "text/css"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


class VectorBasemap(JSCSSMixin, MacroElement):
    """The basemap as a Leaflet layer (``L.maplibreGL``) in the map's tile pane.

    Use :func:`add_vector_basemap`; ``default_js`` / ``default_css`` are set per instance to
    local files (``data:`` URIs or static URLs), so nothing is taken from a CDN.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.setMaxZoom({{ this.max_zoom }});
            {%- if this.lazy %}
            // the basemap's scripts load after the events are drawn (markers first)
            var load = function (src) {
                return new Promise(function (ok, bad) {
                    var s = document.createElement("script");
                    s.src = src; s.onload = ok; s.onerror = bad;
                    document.head.appendChild(s);
                });
            };
            {{ this.lazy_css|tojson }}.forEach(function (href) {
                var l = document.createElement("link");
                l.rel = "stylesheet"; l.href = href; document.head.appendChild(l);
            });
            var js = {{ this.lazy_js|tojson }};
            var ready = (window.maplibregl && window.pmtiles && L.maplibreGL)
                ? Promise.resolve()
                : Promise.all([load(js[0]).then(function () { return load(js[2]); }),
                               load(js[1])]);
            window.unrestAtlasBasemapReady = ready.then(add);
            {%- else %}
            add();
            window.unrestAtlasBasemapReady = Promise.resolve(window.unrestAtlasBasemap);
            {%- endif %}
            function add() {
            if (!window.unrestAtlasPMTiles) {
                window.unrestAtlasPMTiles = new pmtiles.Protocol();
                maplibregl.addProtocol("pmtiles", window.unrestAtlasPMTiles.tile);
            }
            var protocol = window.unrestAtlasPMTiles, key;
            {%- if this.embedded %}
            key = {{ this.key|tojson }};
            var bin = atob({{ this.embedded|tojson }});
            var buf = new Uint8Array(bin.length);
            for (var i = 0; i < bin.length; i++) { buf[i] = bin.charCodeAt(i); }
            protocol.add(new pmtiles.PMTiles({
                getKey: function () { return key; },
                getBytes: function (offset, length) {
                    return Promise.resolve({data: buf.buffer.slice(offset, offset + length)});
                }
            }));
            {%- else %}
            key = new URL({{ this.url|tojson }}, document.baseURI).href;
            {%- endif %}
            var style = {{ this.style|tojson }};
            Object.keys(style.sources).forEach(function (name) {
                style.sources[name].tiles = ["pmtiles://" + key + "/{z}/{x}/{y}"];
            });
            var layer = L.maplibreGL({style: style, interactive: false,
                                      attributionControl: false});
            layer.addTo(map);
            window.unrestAtlasBasemap = layer;
            window.uaAvoidSpots = function (spots) { avoidSpots(layer, spots); };
            if (window.uaSpots) { window.uaAvoidSpots(window.uaSpots); }
            if (map.attributionControl) {
                map.attributionControl.addAttribution({{ this.attribution|tojson }});
            }
            return layer;
            }
            {{ this.avoid_js }}
        })();
        {% endmacro %}
        """
    )

    def __init__(self, *, url: str | None = None, embedded: str | None = None,
                 style: dict[str, Any], js: list[tuple[str, str]],
                 css: list[tuple[str, str]], max_zoom: int = MAX_ZOOM,
                 key: str = "unrest-atlas-basemap", lazy: bool = False) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "VectorBasemap"
        # lazy: the page does not load the scripts first; the layer's own script loads them
        # (``window.unrestAtlasBasemapReady`` resolves to the layer once it is added)
        self.lazy = lazy
        self.lazy_js = [src for _, src in js] if lazy else []
        self.lazy_css = [href for _, href in css] if lazy else []
        if lazy:
            js, css = [], []
        self.url = url
        self.embedded = embedded
        self.key = key
        self.style = style
        self.max_zoom = max_zoom
        self.attribution = ATTRIBUTION
        self.avoid_js = AVOID_JS
        self.default_js = js
        self.default_css = css


def add_vector_basemap(m: folium.Map, mode: Mode = "static", *,
                       static_prefix: str = DEFAULT_STATIC_PREFIX,
                       bounds: Bounds | None = None, budget: int = INLINE_BUDGET,
                       max_zoom: int = MAX_ZOOM) -> VectorBasemap:
    """Add the offline vector basemap under everything else on ``m``; return the layer.

    Parameters
    ----------
    m
        A map made with ``tiles=None`` (the basemap replaces raster tiles).
    mode
        ``"static"``: scripts and tiles as URLs under ``static_prefix`` (put there by
        :func:`install_static`); the layer's script loads MapLibre and PMTiles itself, after
        the rest of the map (the events draw first; ``window.unrestAtlasBasemapReady`` is a
        promise of the layer). ``"inline"``: scripts as ``data:`` URIs and a tile subset
        (:func:`subset_pmtiles` over ``bounds`` within ``budget`` bytes) embedded in the page.
    bounds
        ``((south, west), (north, east))`` of what the exported map shows (the events):
        tiles beyond zoom :data:`WORLD_MAXZOOM` are only embedded there. Static mode ignores it.
    max_zoom
        The map's ``maxZoom`` (set on the map too, so it never zooms past the basemap).

    Raises
    ------
    DataMissingError
        The archive, the style or the vendored scripts are missing.
    ExportError
        Unknown ``mode``.
    """
    if mode == "static":
        prefix = static_prefix.rstrip("/")
        js = [(_link_name(r), f"{prefix}/{r}") for r in JS_ASSETS]
        css = [(_link_name(r), f"{prefix}/{r}") for r in CSS_ASSETS]
        for rel in (*JS_ASSETS, *CSS_ASSETS):
            _require(WEB_DIR / rel)
        _require(PMTILES_PATH)
        layer = VectorBasemap(url=f"{prefix}/{PMTILES_PATH.name}", style=basemap_style(),
                              js=js, css=css, max_zoom=max_zoom, lazy=True)
    elif mode == "inline":
        js = [(_link_name(r), _data_uri(r)) for r in JS_ASSETS]
        css = [(_link_name(r), _data_uri(r)) for r in CSS_ASSETS]
        archive, top = subset_pmtiles(bounds, budget=budget)
        layer = VectorBasemap(embedded=base64.b64encode(archive).decode("ascii"),
                              style=basemap_style(cap_zoom=top), js=js, css=css,
                              max_zoom=max_zoom)
    else:
        raise ExportError(f"unknown basemap mode {mode!r} (use 'inline' or 'static')")
    m.options["max_zoom"] = max_zoom
    layer.add_to(m)
    return layer


def install_static(dest_dir: str | Path) -> Path:
    """Copy the basemap scripts and archive into ``dest_dir`` (the static folder); return it.

    Files already there with the same size and modification time are left alone, so calling
    this at every dashboard start is cheap. Serve ``dest_dir`` as ``static_prefix``.
    """
    dest = Path(dest_dir)
    files = json.loads(_require(WEB_MANIFEST).read_text(encoding="utf-8"))["files"]
    pairs = [(WEB_DIR / rel, dest / rel) for rel in files]
    pairs.append((_require(PMTILES_PATH), dest / PMTILES_PATH.name))
    for src, out in pairs:
        st = src.stat()
        if out.is_file() and out.stat().st_size == st.st_size and \
                out.stat().st_mtime_ns == st.st_mtime_ns:
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, out)
    return dest
