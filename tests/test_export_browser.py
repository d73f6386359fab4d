"""The exported HTML map renders offline in headless Chromium with no network request."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]


def _events(n: int = 6) -> pd.DataFrame:
    rows = []
    places = [("Almaty", 43.25667, 76.92861), ("Aktobe", 50.27969, 57.20718), ("Zhanaozen", 43.34116, 52.86192)]
    for i in range(n):
        name, lat, lon = places[i % 3]
        rows.append({
            "event_id": f"h-{i}", "report_id": f"r-{i}", "event_date": f"2022-01-0{1 + i % 7}",
            "time_precision": 1, "event_type": ("Protests", "Riots")[i % 2],
            "sub_event_type": ("Peaceful protest", "Violent demonstration")[i % 2],
            "location": name, "admin1": None, "country": "Kazakhstan", "country_code": "KZ",
            "latitude": lat, "longitude": lon, "geo_precision": 1, "severity": 1 + i % 5,
            "fatalities": 0, "source": "Test Wire", "status": "unreviewed",
            "notes": f"Marchers gathered in {name} <img src=x onerror=\"window.__pwned=1\"> & sang.",
        })  # fmt: skip
    rows.append({**rows[0], "event_id": "h-country", "geo_precision": 4, "location": "Kazakhstan"})
    return pd.DataFrame(rows)


@pytest.fixture()
def browser_context(tmp_path, playwright):
    ctx = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    )  # fmt: skip
    blocked: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    ctx.route("**/*", route)
    try:
        yield ctx, blocked
    finally:
        ctx.close()


def test_html_export_renders_offline_with_popups_and_legend(tmp_path, browser_context):
    from geodata.maps.static import export_map

    out = tmp_path / "map.html"
    export_map(_events(), out, title="Offline <map>", cluster=False, heatmap=False)
    ctx, blocked = browser_context
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.resolve().as_uri(), wait_until="load")
    page.wait_for_selector("path.leaflet-interactive", timeout=15_000)
    assert blocked == [], f"network requests were needed: {blocked[:5]}"
    assert errors == []
    assert page.title() == "Offline <map>"
    assert "Offline <map>" in page.locator(".ua-export-title").inner_text()
    legend = page.locator("body").inner_text()
    assert "Protests" in legend and "Riots" in legend
    assert page.locator("path.leaflet-interactive").count() >= 3
    # a popup opens with the escaped report text and the event id
    assert page.locator("path.ua-point").count() >= 3  # the dashboard's point markers
    page.locator("path.ua-point").first.click(force=True)
    page.wait_for_selector(".leaflet-popup-content", timeout=5_000)
    popup = page.locator(".leaflet-popup-content").first.inner_text()
    assert "Event ID: h-" in popup
    assert "<img src=x" in popup  # shown as text, not run
    assert page.evaluate("() => window.__pwned === undefined")
    assert blocked == []


def _crowd(per_place: int = 40) -> pd.DataFrame:
    """Many events (above the clustering threshold), every place holding several types."""
    from geodata.maps.styles import EVENT_TYPES

    places = [(f"Town {i}", 41.0 + (i % 5) * 1.7, 52.0 + (i // 5) * 4.3) for i in range(10)]
    rows = []
    for p, (name, lat, lon) in enumerate(places):
        for j in range(per_place):
            t = EVENT_TYPES[(p + j) % 3 + (3 if p % 2 else 0)]  # three types per place
            rows.append({"event_id": f"c-{p}-{j}", "event_type": t, "event_date": "2022-01-05",
                         "location": name, "latitude": lat, "longitude": lon,
                         "geo_precision": 1, "severity": 1 + j % 5, "country_code": "KZ",
                         "notes": f"A gathering in {name}."})
    return pd.DataFrame(rows)


RINGS_JS = """() => Array.from(document.querySelectorAll('.ua-cluster .ua-ring')).map((d) => ({
  n: Number(d.dataset.n),
  types: d.dataset.types ? d.dataset.types.split(';').map((s) => s.split(':')[0]) : [],
  colors: Array.from(d.querySelectorAll('g circle')).map((c) => c.getAttribute('stroke')),
}))"""


def test_clusters_are_rings_coloured_by_the_types_inside(tmp_path, browser_context):
    """Above the threshold, points cluster in ONE group: each cluster's ring has an arc per
    type inside, in the type's colour, and the counts add up to every event; switching a
    type off takes its events out of the rings; at the top zoom a click on the cluster of one
    place spreads its events apart (spiderfy)."""
    from geodata.maps import layers, styles

    df = _crowd()
    assert len(df) > layers.CLUSTER_MIN_POINTS
    m = layers.build_map(df, mode="inline", basemap="none", boundaries=False, heatmap=False,
                         choropleth=None)
    assert m.unrest_summary.clustered
    out = tmp_path / "crowd.html"
    layers.save_html(m, out)
    ctx, blocked = browser_context
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.resolve().as_uri(), wait_until="load")
    page.wait_for_selector(".ua-cluster .ua-ring", timeout=15_000)
    page.evaluate("() => { window.map = window[document.querySelector('.folium-map').id]; }")
    page.evaluate("() => window.map.setView([43.0, 58.0], 4, {animate: false})")
    page.wait_for_timeout(400)
    rings = page.evaluate(RINGS_JS)
    assert rings and errors == [] and blocked == []
    singles = page.locator("path.ua-point").count()
    assert sum(r["n"] for r in rings) + singles == len(df)
    mixed = [r for r in rings if len(r["types"]) >= 2]
    assert mixed, rings  # a cluster holds several types...
    for r in mixed:  # ...and shows each in its colour, one arc per type
        assert r["colors"] == [styles.type_color(t) for t in r["types"]]
    # switch "Riots" off in the layer control: the rings lose it, the count drops
    riots = int((df["event_type"] == "Riots").sum())
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-overlays label", has_text="Riots").locator(
        "input").uncheck()
    page.wait_for_timeout(400)
    after = page.evaluate(RINGS_JS)
    assert all("Riots" not in r["types"] for r in after)
    assert sum(r["n"] for r in after) + page.locator("path.ua-point").count() == len(df) - riots
    # one place at the top zoom: a click on its cluster spreads its events apart
    place = df.iloc[-1]  # a place with Riots among its types
    lat, lon = float(place["latitude"]), float(place["longitude"])
    page.evaluate(f"() => window.map.setView([{lat}, {lon}], window.map.getMaxZoom(),"
                  " {animate: false})")
    page.wait_for_timeout(400)
    assert page.locator("path.ua-point").count() == 0  # all under one cluster
    page.locator(".ua-cluster").first.click()
    page.wait_for_timeout(800)
    pts = page.evaluate("""() => Array.from(document.querySelectorAll('path.ua-point'))
      .map((p) => { const r = p.getBoundingClientRect();
                    return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)]; })""")
    here = int(((df["location"] == place["location"]) & (df["event_type"] != "Riots")).sum())
    assert len(pts) == here
    assert len({tuple(p) for p in pts}) == here  # every event apart on screen
    assert errors == [] and blocked == []
