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
