"""Offline web assets for folium maps: swap every CDN link for a vendored local copy.

folium elements carry ``default_js`` / ``default_css`` lists of ``(name, url)`` pointing at
CDNs. :func:`localize` walks a map's element tree and sets those lists *on each instance*
(never on the class: ``add_js_link`` edits a class-level list shared by every map) to

* ``mode="inline"``: ``data:`` URIs (base64), images and fonts referenced by the CSS inlined as
  ``data:`` URIs too: one self-contained HTML that works opened from disk with no network;
* ``mode="static"``: URLs under Streamlit's static serving (``/app/static/unrest-atlas/...``
  by default); :func:`install_static` copies the asset folder (and the basemap tiles) there.

A link whose URL is not in the table below raises :class:`~geodata.exceptions.ExportError`,
so a new plugin cannot silently put a map online. The vendored files live in
``geodata/data/web/`` (built by ``tools/build_web_assets.py``, licences alongside).

Examples
--------
>>> import folium
>>> m = folium.Map(tiles=None)
>>> _ = localize(m, mode="static")
>>> "cdn.jsdelivr" in m.get_root().render()
False
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import mimetypes
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import branca
import folium
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from folium.template import Template

from geodata.exceptions import DataMissingError, ExportError
from geodata.settings import DATA_DIR

__all__ = [
    "DEFAULT_STATIC_PREFIX",
    "WEB_DIR",
    "OfflineSetup",
    "asset_path",
    "install_static",
    "localize",
]

WEB_DIR = DATA_DIR / "web"
#: Where the dashboard serves the assets: ``dashboard/static/unrest-atlas/`` under Streamlit's
#: static serving (``server.enableStaticServing = true``).
DEFAULT_STATIC_PREFIX = "/app/static/unrest-atlas"

Mode = Literal["inline", "static"]

_J = "https://cdn.jsdelivr.net/"
_CF = "https://cdnjs.cloudflare.com/ajax/libs/"
#: Known CDN URL -> local file under ``WEB_DIR`` (``None``: deliberately left out).
CDN_TO_LOCAL: dict[str, str | None] = {
    _J + "npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/leaflet.js",
    _J + "npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/leaflet.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/jquery.min.js",
    _J + "npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
    _J + "npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
    _CF + "Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js":
        "awesome-markers/leaflet.awesome-markers.min.js",
    _CF + "Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css":
        "awesome-markers/leaflet.awesome-markers.css",
    _J + "npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": "fontawesome/css/all.min.css",
    _J + "gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css":
        "folium/leaflet.awesome.rotate.min.css",
    # Bootstrap 3 glyphicons (awesome-markers' ``prefix="glyphicon"``): not vendored; use
    # ``prefix="fa"`` icons offline.
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": None,
    _CF + "leaflet.markercluster/1.1.0/leaflet.markercluster.js":
        "markercluster/leaflet.markercluster.js",
    _CF + "leaflet.markercluster/1.1.0/MarkerCluster.css": "markercluster/MarkerCluster.css",
    _CF + "leaflet.markercluster/1.1.0/MarkerCluster.Default.css":
        "markercluster/MarkerCluster.Default.css",
    _J + "gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js":
        "heat/leaflet_heat.min.js",
}

#: Bootstrap and jQuery (which only Bootstrap's script needs): nothing in Unrest Atlas maps
#: uses them; left out of ``lean`` maps (inline exports, the dashboard's map: one script less
#: for streamlit-folium to load, one after another, before the map can draw).
_BOOTSTRAP_ASSETS = {"bootstrap/bootstrap.bundle.min.js", "bootstrap/bootstrap.min.css",
                     "jquery/jquery.min.js"}
#: Links only needed by awesome-marker icons (``folium.Icon``): left out of inline maps that
#: have none, to keep exported files small (Font Awesome alone is ~0.4 MB as base64).
_ICON_ASSETS = {
    "awesome-markers/leaflet.awesome-markers.min.js",
    "awesome-markers/leaflet.awesome-markers.css",
    "fontawesome/css/all.min.css",
    "folium/leaflet.awesome.rotate.min.css",
}

_LOCAL_RELS = tuple(sorted({r for r in CDN_TO_LOCAL.values() if r}))
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def asset_path(rel: str) -> Path:
    """Absolute path of a vendored asset, e.g. ``asset_path("leaflet/leaflet.js")``.

    Raises
    ------
    DataMissingError
        If the file is not there (run ``python tools/build_web_assets.py``).
    """
    p = WEB_DIR / rel
    if not p.is_file():
        raise DataMissingError(f"offline map asset missing: {p} (run tools/build_web_assets.py)")
    return p


def _mime(path: Path) -> str:
    if path.suffix == ".woff2":
        return "font/woff2"
    if path.suffix == ".js":
        return "text/javascript"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


@functools.lru_cache(maxsize=64)
def _data_uri(rel: str) -> str:
    """``data:`` URI of an asset; a CSS file gets its ``url(...)`` references inlined."""
    path = asset_path(rel)
    if path.suffix == ".css":
        css = path.read_text(encoding="utf-8")
        base = path.parent

        def inline(m: re.Match[str]) -> str:
            ref = m.group(2)
            if ref.startswith(("data:", "#")):
                return m.group(0)
            if re.match(r"^[a-z]+:", ref):
                raise ExportError(f"{rel}: CSS refers to a remote resource {ref!r}")
            target = (base / ref.split("?")[0].split("#")[0]).resolve()
            sub = target.relative_to(WEB_DIR.resolve()).as_posix()
            return f'url("{_data_uri(sub)}")'

        data = _CSS_URL.sub(inline, css).encode("utf-8")
    else:
        data = path.read_bytes()
    return f"data:{_mime(path)};base64,{base64.b64encode(data).decode('ascii')}"


def _walk(el: Element) -> Iterator[Element]:
    yield el
    for child in list(getattr(el, "_children", {}).values()):
        yield from _walk(child)


def _uses_icons(root: Element) -> bool:
    return any(isinstance(e, folium.Icon) for e in _walk(root))


def _local(url: str, mode: Mode, prefix: str, icons: bool, lean: bool) -> str | None:
    """The local replacement of ``url`` (``None``: drop the link)."""
    if url.startswith("data:"):
        return url  # already inline
    if url in CDN_TO_LOCAL:
        rel = CDN_TO_LOCAL[url]
    else:
        # a URL localized before (static mode, any prefix): map it back to its asset
        rel = next((r for r in _LOCAL_RELS if not re.match(r"^[a-z][a-z0-9+.-]*:|^//", url)
                    and url.endswith("/" + r)), None)
        if rel is None:
            raise ExportError(
                f"no offline copy of {url!r}: vendor it in tools/build_web_assets.py and add "
                "it to geodata.maps.assets.CDN_TO_LOCAL (maps must not load from the network)")
    if rel is None or (lean and ((not icons and rel in _ICON_ASSETS)
                                 or rel in _BOOTSTRAP_ASSETS)):
        return None
    asset_path(rel)  # fail early when the asset is missing
    if mode == "inline":
        return _data_uri(rel)
    return f"{prefix.rstrip('/')}/{rel}"


class OfflineSetup(MacroElement):
    """First child of a localized map: fixes Leaflet's default icon paths, adds attribution.

    :func:`localize` adds it (once per map); ``attributions`` holds the attribution lines
    (HTML) it adds to the map's attribution control, which a second :func:`localize` of the
    same map keeps.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = "";
            L.Icon.Default.mergeOptions({{ this.icon_options|tojson }});
            {%- for a in this.attributions %}
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ a|tojson }});
            {%- endfor %}
        {% endmacro %}
        """
    )

    def __init__(self, icon_options: dict[str, str], attributions: list[str]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "UnrestAtlasOfflineSetup"
        self.icon_options = icon_options
        self.attributions = attributions


#: Former private name of :class:`OfflineSetup` (kept while callers move over).


def _icon_options(mode: Mode, prefix: str) -> dict[str, str]:
    names = {"iconUrl": "marker-icon.png", "iconRetinaUrl": "marker-icon-2x.png",
             "shadowUrl": "marker-shadow.png"}
    if mode == "inline":
        return {k: _data_uri(f"leaflet/images/{v}") for k, v in names.items()}
    return {k: f"{prefix.rstrip('/')}/leaflet/images/{v}" for k, v in names.items()}


def localize(m: folium.Map, mode: Mode = "inline", static_prefix: str = DEFAULT_STATIC_PREFIX,
             *, attributions: list[str] | None = None, max_zoom: int = 18,
             lean: bool | None = None) -> folium.Map:
    """Point every asset link of ``m`` at a local copy; return ``m`` (changed in place).

    Parameters
    ----------
    m
        The map (its whole element tree is walked: plugins, clusters, heat layers...).
    mode
        ``"inline"``: ``data:`` URIs, for a self-contained HTML file (see
        :func:`geodata.maps.layers.save_html`). ``"static"``: URLs under ``static_prefix``, for the
        dashboard (the files are put there by :func:`install_static`).
    static_prefix
        URL folder of the assets in ``"static"`` mode.
    attributions
        Extra attribution strings (HTML) added to the map's attribution control.
    lean
        Leave out assets the map does not use: Bootstrap (folium links it; nothing here
        needs it) and, when the map has no ``folium.Icon``, awesome-markers and Font Awesome.
        Default: on in ``"inline"`` mode (smaller files), off in ``"static"`` mode.
    max_zoom
        Set as the map's ``maxZoom`` when it has none (``tiles=None`` leaves it unset, and
        MarkerCluster and HeatMap then fail).

    Raises
    ------
    ExportError
        A link has no vendored copy, or the map holds a branca colormap (streamlit-folium
        would add d3 from a CDN for it: draw legends as HTML instead).
    DataMissingError
        The vendored assets are missing.

    Examples
    --------
    >>> import folium
    >>> from folium.plugins import HeatMap
    >>> m = folium.Map(tiles=None)
    >>> _ = HeatMap([[0, 0, 1]]).add_to(m)
    >>> html = localize(m, mode="inline").get_root().render()
    >>> "https://cdn" in html
    False
    """
    if mode not in ("inline", "static"):
        raise ExportError(f"unknown asset mode {mode!r} (use 'inline' or 'static')")
    root = m.get_root()
    icons = _uses_icons(root)
    if lean is None:
        lean = mode == "inline"
    for el in _walk(root):
        if isinstance(el, branca.colormap.ColorMap):
            raise ExportError("branca colormaps load d3 from a CDN in streamlit-folium; "
                              "use an HTML legend instead")
        for attr in ("default_js", "default_css"):
            links = getattr(el, attr, None)
            if not links:
                continue
            new = []
            for name, url in links:
                local = _local(url, mode, static_prefix, icons, lean)
                if local is not None:
                    new.append((name, local))
            setattr(el, attr, new)  # per instance: the class list stays untouched
    header = getattr(root, "header", None)
    if header is not None:  # links left there by an earlier render
        for key, child in list(header._children.items()):
            if isinstance(child, (JavascriptLink, CssLink)):
                local = _local(child.url, mode, static_prefix, icons, lean)
                if local is None:
                    del header._children[key]
                else:
                    child.url = local
    for el in _walk(root):
        if isinstance(el, folium.Map):
            _setup_map(el, mode, static_prefix, attributions or [], max_zoom)
    return m


def _setup_map(m: folium.Map, mode: Mode, prefix: str, attributions: list[str],
               max_zoom: int) -> None:
    has_tiles = any(isinstance(c, folium.TileLayer) for c in m._children.values())
    if not has_tiles and "max_zoom" not in m.options:
        m.options["max_zoom"] = max_zoom
    existing = [v for v in m._children.values() if isinstance(v, OfflineSetup)]
    if existing:  # keep the element (and its name): a re-render then replaces its script
        setup = existing[0]
        setup.icon_options = _icon_options(mode, prefix)
        setup.attributions = list(dict.fromkeys([*setup.attributions, *attributions]))
    else:
        setup = OfflineSetup(_icon_options(mode, prefix), list(attributions))
        setup._parent = m
    children = [(k, v) for k, v in m._children.items() if not isinstance(v, OfflineSetup)]
    m._children.clear()
    m._children[setup.get_name()] = setup
    for k, v in children:
        m._children[k] = v


def _manifest(folder: Path) -> str:
    p = folder / "manifest.json"
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else ""


def install_static(dest_dir: str | Path, *, tiles: bool = True, max_zoom: int = 6) -> Path:
    """Copy the vendored assets (and the basemap tiles) into ``dest_dir``; return it.

    Streamlit refuses to serve symlinks out of its ``static/`` folder, so files are copied.
    Nothing is copied when ``dest_dir`` already holds the same asset set (``manifest.json``),
    so calling it at every dashboard start is cheap.

    Parameters
    ----------
    dest_dir
        E.g. ``dashboard/static/unrest-atlas`` (served as ``/app/static/unrest-atlas``).
    tiles
        Also write the offline raster tiles as ``tiles/{z}/{x}/{y}.png`` (see
        :func:`geodata.maps.basemap.export_tiles`; ~5,500 files, ~24 MB).
    max_zoom
        Highest tile zoom level written.

    Examples
    --------
    >>> install_static("/tmp/ua-static", tiles=False)  # doctest: +SKIP
    PosixPath('/tmp/ua-static')
    """
    dest = Path(dest_dir)
    if not (WEB_DIR / "manifest.json").is_file():
        raise DataMissingError(f"offline map assets missing in {WEB_DIR} "
                               "(run tools/build_web_assets.py)")
    if _manifest(dest) != _manifest(WEB_DIR):
        dest.mkdir(parents=True, exist_ok=True)
        files = json.loads((WEB_DIR / "manifest.json").read_text(encoding="utf-8"))["files"]
        for rel in files:
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(WEB_DIR / rel, out)
        shutil.copyfile(WEB_DIR / "manifest.json", dest / "manifest.json")  # last: marks done
    if tiles:
        from geodata.maps.basemap import export_tiles

        export_tiles(dest / "tiles", max_zoom=max_zoom)
    return dest
