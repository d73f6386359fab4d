"""The offline vector basemap: archive content, inline subset, and drawing with no network."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from geodata.maps import vector_basemap as vb

CHROMIUM = Path("/usr/bin/chromium")
ALMATY = (43.25249, 76.9115)

needs_archive = pytest.mark.skipif(not vb.PMTILES_PATH.is_file(), reason="no basemap archive")
pmtiles = pytest.importorskip("pmtiles")


def _xyz(lat: float, lon: float, z: int) -> tuple[int, int]:
    xs, ys = vb._tile_range(((lat, lon), (lat, lon)), z)
    return xs.start, ys.start


@needs_archive
def test_archive_has_every_layer_over_almaty_at_its_top_zoom():
    from pmtiles.reader import MmapSource, Reader

    zooms = vb.source_maxzooms()
    assert zooms == {"base": 7, "labels": 9}
    with vb.PMTILES_PATH.open("rb") as f:
        reader = Reader(MmapSource(f))
        assert reader.header()["max_zoom"] == max(zooms.values())
        base = reader.get(zooms["base"], *_xyz(*ALMATY, zooms["base"]))
        labels = reader.get(zooms["labels"], *_xyz(*ALMATY, zooms["labels"]))
    assert base and labels
    import gzip

    assert b"land" in gzip.decompress(base) and b"admin1" in gzip.decompress(base)
    assert b"Almaty" in gzip.decompress(labels)
    assert vb.PMTILES_PATH.stat().st_size < 40_000_000


def _tiles_over(reader, z: int, lat: float, lon: float, pad: float) -> bytes:
    import gzip

    xs, ys = vb._tile_range(((lat - pad, lon - pad), (lat + pad, lon + pad)), z)
    return b"".join(gzip.decompress(t) for x in xs for y in ys if (t := reader.get(z, x, y)))


@needs_archive
@pytest.mark.parametrize(("lat", "lon", "names"), [
    (23.7104, 90.40744, [b"Dhaka", b"Motijheel", b"Paltan", b"Dhanmondi", b"Azimpur"]),
    (-1.28333, 36.81667, [b"Nairobi", b"Pumwani", b"Imara Daima Estate", b"Ngewa"]),
    (43.25249, 76.9115, [b"Almaty", b"Burunday", b"Pervomayka", b"Otegen Batyra"]),
])  # fmt: skip
def test_city_zoom_tiles_name_the_quarters_and_towns_around_a_city(lat, lon, names):
    """Zoomed to a city (the labels' top zoom, over-zoomed to 12), the tiles hold the
    gazetteer's quarters and towns around it, down to villages, not only the city."""
    from pmtiles.reader import MmapSource, Reader

    with vb.PMTILES_PATH.open("rb") as f:
        reader = Reader(MmapSource(f))
        top = _tiles_over(reader, vb.source_maxzooms()["labels"], lat, lon, 0.2)
        z8 = _tiles_over(reader, 8, lat, lon, 0.2)  # every place is in by zoom 8
    for name in names:
        assert name in top and name in z8, name


@needs_archive
def test_archive_has_district_labels():
    """Admin-2 names (GeoNames ADM2 of the gazetteer) label districts from zoom 8."""
    import sqlite3

    from pmtiles.reader import MmapSource, Reader

    from geodata.settings import DATA_DIR

    con = sqlite3.connect(f"file:{DATA_DIR / 'gazetteer.sqlite'}?mode=ro", uri=True)
    try:
        name, lat, lon = con.execute(
            "SELECT name, lat, lon FROM places WHERE kind = 'region' AND fcode = 'ADM2'"
            " AND cc = 'YE' AND name NOT IN (SELECT name FROM places WHERE kind = 'city')"
            " ORDER BY id LIMIT 1").fetchone()
    finally:
        con.close()
    with vb.PMTILES_PATH.open("rb") as f:
        tiles = _tiles_over(Reader(MmapSource(f)), 8, lat, lon, 0.0)
    assert b"districts" in tiles and name.encode() in tiles


@needs_archive
def test_style_reads_every_source_through_the_pmtiles_protocol():
    style = vb.basemap_style("http://127.0.0.1/x.pmtiles", cap_zoom=5)
    assert "glyphs" not in style  # labels drawn with local fonts: nothing fetched
    for src in style["sources"].values():
        assert src["tiles"] == ["pmtiles://http://127.0.0.1/x.pmtiles/{z}/{x}/{y}"]
        assert src["maxzoom"] <= 5
    ids = {layer["id"] for layer in style["layers"]}
    assert {"land", "lakes", "borders", "admin1", "place-labels", "district-labels"} <= ids


@needs_archive
def test_inline_subset_keeps_the_world_and_the_bounds_within_budget():
    from pmtiles.reader import MemorySource, Reader

    data, top = vb.subset_pmtiles(((42.3, 69.6), (43.6, 77.0)), budget=3_000_000)
    assert len(data) < 3_100_000 and top >= vb.WORLD_MAXZOOM + 2
    reader = Reader(MemorySource(data))
    assert reader.get(0, 0, 0)
    assert reader.get(top, *_xyz(*ALMATY, top))
    far = _xyz(-33.9, 18.4, top)  # Cape Town: outside the bounds
    assert not reader.get(top, *far)


# ---------------------------------------------------------------- browser


def _map_html(tmp_path: Path, mode: str, prefix: str = vb.DEFAULT_STATIC_PREFIX) -> str:
    import folium

    from geodata.maps.assets import localize

    m = folium.Map(location=ALMATY, zoom_start=12, tiles=None, width=800, height=600)
    folium.CircleMarker(ALMATY, radius=5).add_to(m)
    localize(m, mode=mode, static_prefix=prefix)  # type: ignore[arg-type]
    # after localize: its table does not know the basemap's (already local) links
    vb.add_vector_basemap(m, mode=mode, static_prefix=prefix,  # type: ignore[arg-type]
                          bounds=((42.3, 69.6), (43.6, 77.0)))
    return m.get_root().render()


@pytest.fixture()
def browser_context(tmp_path, playwright):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    ctx = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    )  # fmt: skip
    blocked: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:", "http://127.0.0.1:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    ctx.route("**/*", route)
    try:
        yield ctx, blocked
    finally:
        ctx.close()


_READY = """() => {
    const layer = window.unrestAtlasBasemap;
    const gl = layer && layer.getMaplibreMap();
    return !!gl && gl.loaded() && gl.areTilesLoaded();
}"""
_LABELS = """() => window.unrestAtlasBasemap.getMaplibreMap()
    .queryRenderedFeatures({layers: ["place-labels"]}).map(f => f.properties.name)"""


def _check_drawn(page, blocked: list[str], errors: list[str]) -> None:
    page.wait_for_function(_READY, timeout=30_000)
    assert page.evaluate("() => window.unrestAtlasBasemap._map.getZoom()") == 12
    assert page.evaluate("() => window.unrestAtlasBasemap._map.getMaxZoom()") == vb.MAX_ZOOM
    assert "Almaty" in page.evaluate(_LABELS)
    assert blocked == [], f"network requests were needed: {blocked[:5]}"
    assert errors == []


@pytest.mark.browser
@needs_archive
def test_exported_html_draws_zoom_12_offline_from_disk(tmp_path, browser_context):
    out = tmp_path / "map.html"
    out.write_text(_map_html(tmp_path, "inline"), encoding="utf-8")
    ctx, blocked = browser_context
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.resolve().as_uri(), wait_until="load")
    _check_drawn(page, blocked, errors)


@pytest.fixture()
def static_server(tmp_path) -> Iterator[str]:
    """Starlette's FileResponse under /app/static/ (what Streamlit's static serving uses,
    with HTTP range requests), served by uvicorn on 127.0.0.1."""
    import socket

    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import FileResponse
    from starlette.routing import Route

    from geodata.maps.assets import install_static

    root = tmp_path / "static"
    vb.install_static(root / "unrest-atlas")
    install_static(root / "unrest-atlas", tiles=False)
    (root / "index.html").write_text(_map_html(tmp_path, "static"), encoding="utf-8")

    async def static(request):  # type: ignore[no-untyped-def]
        return FileResponse(root / request.path_params["path"])

    app = Starlette(routes=[Route("/app/static/{path:path}", static)])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        threading.Event().wait(0.05)
    try:
        yield f"http://127.0.0.1:{port}/app/static/index.html"
    finally:
        server.should_exit = True
        thread.join(5)


@pytest.mark.browser
@needs_archive
def test_static_served_map_draws_zoom_12_with_range_requests(static_server, browser_context):
    ctx, blocked = browser_context
    page = ctx.new_page()
    errors: list[str] = []
    ranged: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: ranged.append(r.headers.get("range", ""))
            if r.url.endswith(".pmtiles") else None)
    page.goto(static_server, wait_until="load")
    _check_drawn(page, blocked, errors)
    assert ranged and all(r.startswith("bytes=") for r in ranged)  # never the whole archive


_RING_QUERY = """([lon, lat]) => {
    const gl = window.unrestAtlasBasemap.getMaplibreMap();
    const p = gl.project([lon, lat]);
    const ext = Math.max(...window.uaSpots.map((s) => s[2])) - 2;
    const names = (box) => gl.queryRenderedFeatures(box,
        {layers: ["place-labels", "place-labels-at-events"]}).map((f) => f.properties.name);
    return {under: names([[p.x - ext, p.y - ext], [p.x + ext, p.y + ext]]), all: names(),
            moved: gl.queryRenderedFeatures({layers: ["place-labels-at-events"]})
                     .map((f) => f.properties.name),
            offset: gl.getLayoutProperty("place-labels-at-events", "text-radial-offset"),
            ext: ext + 2};
}"""


@pytest.mark.browser
@needs_archive
def test_a_town_label_under_event_markers_moves_beside_them(tmp_path, browser_context):
    """Events stacked on Almaty at zoom 12: the town's name is drawn beside the ring of
    markers (nothing of it under them) and stays on the map; other towns keep theirs."""
    import pandas as pd

    from geodata.maps import layers

    rows = [{"event_id": f"e{i}", "event_date": "2022-01-05", "event_type": t,
             "location": "Almaty", "country": "Kazakhstan", "latitude": ALMATY[0],
             "longitude": ALMATY[1], "geo_precision": 1, "severity": 3, "fatalities": 0,
             "notes": "Test event.", "source": "Test Wire"}
            for i, t in enumerate(["Protests", "Riots", "Battles", "Protests", "Riots"])]
    m = layers.build_map(pd.DataFrame(rows), mode="inline", basemap="none", boundaries=False)
    vb.add_vector_basemap(m, mode="inline", bounds=(ALMATY, ALMATY))
    out = tmp_path / "stack.html"
    layers.save_html(m, out)
    ctx, blocked = browser_context
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.resolve().as_uri(), wait_until="load")
    page.wait_for_function("() => window.uaLabelsMoved >= 1", timeout=30_000)
    page.evaluate(f"() => window.unrestAtlasBasemap._map.setView({list(ALMATY)}, 12, "
                  "{animate: false})")
    page.wait_for_timeout(300)
    page.wait_for_function(_READY, timeout=30_000)
    got = page.evaluate(_RING_QUERY, [ALMATY[1], ALMATY[0]])
    assert got["ext"] > 15  # a ring of five markers
    assert got["offset"] * vb.AVOID_EM_PX >= got["ext"]
    assert "Almaty" in got["moved"] and "Almaty" in got["all"]
    assert got["under"] == []  # no name under the markers
    assert blocked == [] and errors == []
