"""geodata.maps.assets (offline Leaflet assets) and geodata.maps.basemap (offline raster tiles)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sqlite3

import branca
import folium
import pytest
from folium.plugins import Fullscreen, HeatMap, MarkerCluster

from geodata.exceptions import ExportError, InputError
from geodata.maps import assets as _assets
from geodata.maps import basemap

WEB = _assets.WEB_DIR
needs_assets = pytest.mark.skipif(not (WEB / "manifest.json").is_file(),
                                  reason="geodata/data/web not built (tools/build_web_assets.py)")
needs_tiles = pytest.mark.skipif(not basemap.has_tiles(),
                                 reason="geodata/data/basemap/tiles.mbtiles not built")


def _map() -> folium.Map:
    m = folium.Map(tiles=None)
    MarkerCluster().add_to(m)
    HeatMap([[43.3, 52.8, 1.0]]).add_to(m)
    return m


def _links(html: str) -> list[str]:
    return re.findall(r"""<(?:script|link)[^>]+(?:src|href)=["']([^"']+)""", html)


@needs_assets
def test_static_links_point_at_vendored_files():
    h = _assets.localize(_map(), mode="static").get_root().render()
    links = _links(h)
    assert links and all(u.startswith("/app/static/unrest-atlas/") for u in links), links
    for u in links:
        assert (WEB / u.removeprefix("/app/static/unrest-atlas/")).is_file(), u
    assert "leaflet.markercluster.js" in h and "leaflet_heat.min.js" in h


@needs_assets
def test_static_prefix_is_configurable():
    h = _assets.localize(_map(), mode="static", static_prefix="/app/static/x").get_root().render()
    assert all(u.startswith("/app/static/x/") for u in _links(h))


@needs_assets
def test_inline_uses_data_uris_with_fonts_and_images_inlined():
    m = folium.Map(tiles=None)
    folium.Marker([43, 52], icon=folium.Icon(icon="info-sign", prefix="fa")).add_to(m)
    h = _assets.localize(m, mode="inline").get_root().render()
    links = _links(h)
    assert links and all(u.startswith("data:") for u in links)
    css = [base64.b64decode(u.split(",", 1)[1]).decode() for u in links
           if u.startswith("data:text/css")]
    fa = next(c for c in css if "Font Awesome" in c)
    assert "data:font/woff2;base64," in fa
    leaflet_css = next(c for c in css if ".leaflet-pane" in c)
    assert "url(images/" not in leaflet_css and "data:image/png;base64," in leaflet_css
    for c in css:
        assert not re.search(r"url\((?!\"?data:|#)", c), c[:200]


@needs_assets
def test_inline_lean_drops_unused_assets():
    h = _assets.localize(folium.Map(tiles=None), mode="inline").get_root().render()
    decoded = " ".join(base64.b64decode(u.split(",", 1)[1]).decode("utf-8", "replace")[:300]
                       for u in _links(h))
    assert "Leaflet" in decoded
    # nothing in the maps uses Bootstrap, nor the jQuery only its script needs
    assert "Font Awesome" not in decoded and "Bootstrap" not in decoded and "jQuery" not in decoded
    assert len(h) < 450_000


@needs_assets
def test_per_instance_not_class():
    before_js, before_css = list(folium.Map.default_js), list(folium.Map.default_css)
    m = _assets.localize(_map(), mode="static")
    assert folium.Map.default_js == before_js and folium.Map.default_css == before_css
    assert MarkerCluster.default_js[0][1].startswith("https://")
    assert m.default_js[0][1].startswith("/app/static/")
    fresh = folium.Map(tiles=None).get_root().render()
    assert "cdn.jsdelivr.net/npm/leaflet@1.9.3" in fresh  # other maps untouched


@needs_assets
def test_unknown_cdn_link_raises():
    m = folium.Map(tiles=None)
    Fullscreen().add_to(m)
    with pytest.raises(ExportError, match="no offline copy"):
        _assets.localize(m, mode="static")


@needs_assets
def test_colormap_refused():
    m = folium.Map(tiles=None)
    branca.colormap.LinearColormap(["white", "red"]).add_to(m)
    with pytest.raises(ExportError, match="colormap"):
        _assets.localize(m, mode="inline")


@needs_assets
def test_icon_paths_and_max_zoom():
    m = _assets.localize(folium.Map(tiles=None), mode="static")
    h = m.get_root().render()
    assert 'L.Icon.Default.imagePath = ""' in h
    assert "/app/static/unrest-atlas/leaflet/images/marker-icon.png" in h
    assert '"maxZoom": 18' in h
    inline = _assets.localize(folium.Map(tiles=None), mode="inline").get_root().render()
    assert '"iconUrl": "data:image/png;base64,' in inline


@needs_assets
def test_relocalize_static_to_inline_and_idempotent():
    m = _assets.localize(_map(), mode="static")
    m.get_root().render()
    _assets.localize(m, mode="static")
    _assets.localize(m, mode="inline")
    h = m.get_root().render()
    assert all(u.startswith("data:") for u in _links(h))
    assert h.count("L.Icon.Default.imagePath") == 1


@needs_assets
def test_vendored_files_match_manifest_and_have_licences():
    manifest = json.loads((WEB / "manifest.json").read_text())
    for rel, meta in manifest["files"].items():
        data = (WEB / rel).read_bytes()
        assert hashlib.sha256(data).hexdigest() == meta["sha256"], rel
        if rel.endswith((".js", ".css")):
            assert b"sourceMappingURL" not in data, rel
    folders = {rel.split("/")[0] for rel in manifest["files"]} - {"folium"}
    for folder in folders:
        assert list((WEB / folder).glob("*LICEN[CS]E*")), folder
    total = sum(m["bytes"] for m in manifest["files"].values())
    assert total < 1_500_000


@needs_assets
def test_install_static(tmp_path):
    dest = _assets.install_static(tmp_path / "ua", tiles=False)
    assert (dest / "leaflet" / "leaflet.js").is_file()
    assert (dest / "fontawesome" / "LICENSE.txt").is_file()
    assert not any(p.is_symlink() for p in dest.rglob("*"))
    (dest / "leaflet" / "leaflet.js").write_text("changed")
    _assets.install_static(dest, tiles=False)  # same manifest: nothing copied
    assert (dest / "leaflet" / "leaflet.js").read_text() == "changed"


@needs_tiles
def test_tile_bytes_xyz_to_tms():
    png = basemap.tile_bytes(0, 0, 0)
    assert png is not None and png[:8] == b"\x89PNG\r\n\x1a\n"
    con = sqlite3.connect(basemap.MBTILES_PATH)
    (row,) = con.execute("SELECT tile_data FROM tiles WHERE zoom_level=2 AND tile_column=1 "
                         "AND tile_row=3").fetchone()  # TMS row 3 = XYZ y 0 (north)
    con.close()
    assert basemap.tile_bytes(2, 1, 0) == bytes(row)
    assert basemap.tile_bytes(2, 1, 0) != basemap.tile_bytes(2, 1, 3)
    assert basemap.tile_bytes(7, 0, 0) is None  # beyond zoom 6
    with pytest.raises(InputError):
        basemap.tile_bytes(1, 2, 0)


@needs_tiles
def test_export_tiles(tmp_path):
    n = basemap.export_tiles(tmp_path / "tiles", max_zoom=2)
    assert n == 1 + 4 + 16
    assert (tmp_path / "tiles" / "2" / "3" / "1.png").read_bytes() == basemap.tile_bytes(2, 3, 1)
    assert basemap.export_tiles(tmp_path / "tiles", max_zoom=2) == 0  # already there


@needs_tiles
def test_basemap_size():
    assert basemap.MBTILES_PATH.stat().st_size < 40_000_000
