"""An exported map opened from disk in headless Chromium with the network cut off."""

from __future__ import annotations

from pathlib import Path

import pytest
from _map_events import XSS_SCRIPT, sample_events

from geodata.maps import layers

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium (/usr/bin/chromium) missing"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page_and_requests(tmp_path_factory, playwright):
    tmp = tmp_path_factory.mktemp("offline")
    events = sample_events()
    html_path = layers.save_html(layers.build_map(events, mode="inline"), tmp / "map.html")
    ctx = playwright.chromium.launch_persistent_context(
        str(tmp / "profile"), executable_path=str(CHROMIUM), headless=True, args=ARGS,
        viewport={"width": 1100, "height": 700})
    blocked: list[str] = []
    dialogs: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(html_path.as_uri())
    page.wait_for_function("() => document.querySelectorAll('path.ua-point').length > 0",
                           timeout=15_000)
    try:
        yield page, blocked, errors, dialogs, events
    finally:
        ctx.close()


def test_no_request_needed_and_leaflet_loaded(page_and_requests):
    page, blocked, errors, _, _ = page_and_requests
    assert page.evaluate("typeof window.L") == "object"
    # a few events are not clustered (clusters only above layers.CLUSTER_MIN_POINTS points):
    # the plugin is not even loaded
    assert page.evaluate("typeof L.markerClusterGroup") == "undefined"
    assert page.evaluate("typeof L.heatLayer") == "function"
    assert blocked == []
    assert errors == []


def test_one_circle_per_point_event(page_and_requests):
    page, *_, events = page_and_requests
    n_points = int((events.geo_precision <= 2).sum())
    assert page.locator("path.ua-point").count() == n_points == 5
    assert page.locator("path.ua-p2").count() == 1  # the "near" event: dashed ring
    assert page.locator("path.ua-region").count() == 1
    assert page.locator("path.ua-halo").count() == 1
    assert page.locator(".ua-legend").inner_text().count("Event types") == 1


def test_click_opens_popup_with_escaped_text(page_and_requests):
    page, blocked, errors, dialogs, _ = page_and_requests
    riot = page.locator("path.ua-p2")
    # the ring may lie under a neighbour's marker at this zoom: raise it, then click it
    riot.evaluate("el => el.parentNode.appendChild(el)")
    riot.click(force=True)
    popup = page.locator(".leaflet-popup-content").filter(has_text="Event ID: ev-riot")
    popup.wait_for(timeout=20_000)
    text = popup.inner_text()
    assert XSS_SCRIPT in text  # shown as text...
    assert popup.locator("script").count() == 0  # ...not run
    assert popup.locator("mark").inner_text() == "Aktau"
    assert "week of 4 Jan 2022" in text
    # no control that records nothing: the exported page has no "Flag as wrong" button
    assert popup.locator("button").count() == 0
    assert popup.locator(".ua-id").get_attribute("data-event-id") == "ev-riot"
    assert dialogs == [] and blocked == [] and errors == []


def test_no_injected_markup_in_any_popup(page_and_requests):
    page, blocked, errors, dialogs, _ = page_and_requests
    circles = page.locator("path.ua-point")
    seen = set()
    for i in range(circles.count()):
        page.keyboard.press("Escape")
        circles.nth(i).click(force=True)
        page.wait_for_timeout(250)
        for t in page.locator(".leaflet-popup-content").all_inner_texts():
            seen.update(part.split()[0] for part in t.split("Event ID: ")[1:])
    assert {"ev-battle", "ev-protest", "ev-riot"} <= seen
    assert page.locator("img[src='x']").count() == 0
    assert page.locator(".leaflet-popup-content script").count() == 0
    assert dialogs == [] and blocked == [] and errors == []


def test_exported_map_draws_vector_tiles_at_zoom_12_from_disk(tmp_path, playwright):
    """`export_html` embeds the vector basemap (world to zoom 3, tiles around the events):
    opened from disk with the network cut, it draws at zoom 12 and never zooms past it."""
    from geodata.maps import vector_basemap
    from geodata.maps.static import export_html

    if not vector_basemap.PMTILES_PATH.is_file():
        pytest.skip("no bundled vector basemap")
    out = export_html(sample_events(), tmp_path / "export.html").path
    ctx = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True,
        args=[a for a in ARGS if a != "--disable-gpu"], viewport={"width": 900, "height": 600})
    blocked: list[str] = []
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
              else (blocked.append(r.request.url), r.abort()))
    try:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(out.as_uri())
        page.wait_for_function("() => !!window.unrestAtlasBasemap", timeout=20_000)
        name = page.evaluate("() => Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))")
        page.evaluate(f"() => window['{name}'].setView([43.25, 76.92], 12, {{animate: false}})")
        done = page.evaluate("""() => new Promise((ok) => {
          const gl = window.unrestAtlasBasemap.getMaplibreMap(); let n = 0;
          const check = () => { n += 1;
            if (gl.loaded() && gl.areTilesLoaded()) { ok(gl.queryRenderedFeatures().length); }
            else if (n > 150) { ok(-1); } else { setTimeout(check, 100); } };
          check(); })""")
        assert done > 0  # vector features drawn at zoom 12
        page.evaluate(f"() => window['{name}'].setZoom(16, {{animate: false}})")
        assert page.evaluate(f"() => window['{name}'].getZoom()") == 12
        assert blocked == [] and errors == []
    finally:
        ctx.close()
