"""End-to-end: ``streamlit run dashboard/app.py`` on 127.0.0.1, driven by headless Chromium
through Playwright, with every request that is not local aborted (and asserted unneeded), so
the page is proved to work offline.

One server and one browser serve every test (session fixtures). The store is the sample plus
our own reports dated before the default view (see ``tests/_dashboard_stores.py``), so the
default view and the screenshot show the sample data. The screenshot goes to
``tests/artifacts/dashboard.png`` (or ``$UNREST_ATLAS_ARTIFACTS``).
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_folium")
playwright_api = pytest.importorskip("playwright.sync_api")

from dashboard import data  # noqa: E402
from dashboard.filters import Filters  # noqa: E402
from geodata.commands._warm import warm  # noqa: E402
from geodata.store.eventstore import EventStore  # noqa: E402
from tests._browser import (  # noqa: E402
    BROWSER_MARKS,
    ROOT,
    offline_browser,
)
from tests._browser import idle as _idle  # noqa: E402
from tests._browser import map_frame as _map_frame  # noqa: E402
from tests._browser import serve as _serve  # noqa: E402
from tests._dashboard_stores import INGEST_PUBLISHED, INGEST_TEXT, build_store  # noqa: E402

ARTIFACTS = Path(os.environ.get("UNREST_ATLAS_ARTIFACTS") or ROOT / "tests" / "artifacts")

pytestmark = BROWSER_MARKS

# Every Leaflet layer that carries an event id (clusters opened): the events drawn.
DRAWN_JS = """() => {
  const m = window.map; if (!m || !window.L) { return null; }
  const ids = new Set(); const seen = new Set();
  const visit = (layer) => {
    if (seen.has(layer)) { return; } seen.add(layer);
    const p = layer.feature && layer.feature.properties;
    if (p && !p.cell) {
      if (Array.isArray(p.event_ids)) { p.event_ids.forEach(i => ids.add(i)); }
      else if (p.event_id) { ids.add(p.event_id); }
    }
    if (L.MarkerClusterGroup && layer instanceof L.MarkerClusterGroup) {
      layer.getLayers().forEach(visit);
    } else if (layer.eachLayer) { layer.eachLayer(visit); }
  };
  m.eachLayer(visit);
  return Array.from(ids).sort();
}"""


@pytest.fixture(scope="session")
def e2e_store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("e2e") / "store.gpkg")


@pytest.fixture(scope="session")
def server(e2e_store, tmp_path_factory):
    """The app on the e2e store."""
    with _serve(e2e_store, tmp_path_factory.mktemp("home")) as base:
        yield base


@pytest.fixture(scope="session")
def browser(tmp_path_factory, playwright):
    """Chromium with a fresh profile; every non-local request is aborted and recorded."""
    with offline_browser(playwright, tmp_path_factory.mktemp("profile"), height=1700) as both:
        yield both


@pytest.fixture
def page(browser):
    ctx, blocked = browser
    pg = ctx.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.errors, pg.dialogs = errors, dialogs  # type: ignore[attr-defined]
    before = len(blocked)
    yield pg
    pg.close()
    assert blocked[before:] == [], f"the page needed the network: {blocked[before:]}"
    assert not dialogs, f"a script ran: {dialogs}"


# ----------------------------------------------------------------------------- helpers
def _drawn(page, want: set[str] | None = None, timeout: float = 20) -> set[str]:
    """The ids of the events drawn on the map (waits until they equal ``want``)."""
    deadline = time.monotonic() + timeout
    got: set[str] = set()
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            ids = _map_frame(page, timeout=5).evaluate(DRAWN_JS)
            if ids is not None:
                got = set(ids)
                if want is None or got == want:
                    return got
        time.sleep(0.3)
    return got


def _open(page, base: str, query: str = "") -> None:
    page.goto(base + "/" + query)
    _map_frame(page, timeout=45)
    _idle(page)


def _expected(store: Path, **kw) -> tuple[set[str], set[str]]:
    """(ids of the filtered events, ids of those drawn on the map) for the default view."""
    from geodata.maps.layers import country_level

    with EventStore.open_readonly(store) as s:
        fac = s.facets()
        frame = data.load_frame(s)
        kw.setdefault("date_from", date.fromisoformat(fac["date_min"]))  # all events
        kw.setdefault("date_to", date.fromisoformat(fac["date_max"]))
        f = Filters(**kw)
        ids = data.text_ids.__wrapped__(str(store), (), f.text) if f.text else None
        df = data.select_events(frame, f, ids)
    not_drawn = set(country_level(df)["event_id"])
    return set(df["event_id"]), set(df["event_id"]) - not_drawn


FREE_POINT_JS = """() => {
  const ps = Array.from(document.querySelectorAll('path.ua-point'));
  for (let i = 0; i < ps.length; i++) {
    const r = ps[i].getBoundingClientRect();
    if (r.width < 2) { continue; }
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    if (hit === ps[i]) { return i; }
  }
  return -1;
}"""


def _click_free_point(fr) -> None:
    """Click an event point that nothing (the legend, a control) covers."""
    idx = fr.evaluate(FREE_POINT_JS)
    assert idx >= 0, "no uncovered event point on the map"
    fr.locator("path.ua-point").nth(idx).click()


def _caption_count(page) -> int:
    text = page.get_by_text(re.compile(r"events on the map")).first.inner_text()
    return int(re.search(r"([\d,]+)\s+events on the map", text).group(1).replace(",", ""))


# ----------------------------------------------------------------------------- tests
def test_map_renders_offline_with_the_filtered_events(page, server, e2e_store):
    _open(page, server)
    shown, drawn = _expected(e2e_store)
    got = _drawn(page, drawn)
    assert got == drawn and drawn
    assert _caption_count(page) == len(drawn)
    assert page.get_by_text(f"Showing {len(shown):,} events").count() == 1
    fr = _map_frame(page)
    # the offline vector basemap and the legend are there
    # (its scripts load after the events are drawn: the markers do not wait for them)
    assert fr.evaluate("() => window.unrestAtlasBasemapReady.then((layer) => !!layer)")
    fr.locator("canvas.maplibregl-canvas").wait_for(timeout=10_000)
    assert fr.locator("canvas.maplibregl-canvas").count() == 1
    assert fr.locator(".ua-legend").count() == 1
    assert fr.locator(".leaflet-control-layers").count() == 1
    # country-level events are listed beside the map
    assert page.get_by_text(re.compile(r"Country-level events \(\d+\)")).count() == 1
    assert not [e for e in page.errors if "is not defined" in e], page.errors
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    time.sleep(0.5)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"))
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 20_000


SEND_COUNTER_JS = """(() => {
  const send = WebSocket.prototype.send;
  window.__uaSent = 0;
  WebSocket.prototype.send = function (d) { window.__uaSent += 1; return send.call(this, d); };
})();"""


def test_pan_and_zoom_do_not_rerun_the_script(browser, server):
    ctx, blocked = browser
    page = ctx.new_page()
    page.add_init_script(SEND_COUNTER_JS)  # counts the messages the page sends the server

    def sent() -> int:
        return int(page.evaluate("() => window.__uaSent || 0"))

    try:
        _open(page, server)
        time.sleep(0.5)
        # control: a click on an event reaches the server (it selects the event)
        before = sent()
        fr = _map_frame(page)
        _click_free_point(fr)
        page.wait_for_url(re.compile(r"sel="), timeout=20_000)
        assert sent() > before, "a click did not reach the server"
        _idle(page)
        time.sleep(0.5)
        # pan and zoom: nothing goes to the server, so nothing reruns
        before = sent()
        fr = _map_frame(page)
        fr.evaluate("() => { window.map.setZoom(window.map.getZoom() + 1); }")
        time.sleep(0.6)
        fr.evaluate("() => { window.map.panBy([150, 80], {animate: false}); }")
        fr.locator(".leaflet-container").hover()
        page.mouse.wheel(0, -300)
        time.sleep(1.5)
        assert sent() == before, "pan/zoom sent something to the server (a rerun)"
    finally:
        page.close()
    assert not blocked


class _Runs:
    """The script runs of a page's session, read from the messages the server sends it."""

    def __init__(self, page) -> None:
        self.ended: list[str] = []  # how each run ended (ScriptFinishedStatus names)
        self.last = time.monotonic()
        page.on("websocket", self._on_ws)

    def _on_ws(self, ws) -> None:
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if not isinstance(payload, bytes):
            return
        fm = ForwardMsg()
        fm.ParseFromString(payload)
        self.last = time.monotonic()
        if fm.WhichOneof("type") == "script_finished":
            self.ended.append(ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished))

    def settle(self, page, quiet: float = 3.0, timeout: float = 60) -> None:
        """Wait until no message came for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and time.monotonic() - self.last < quiet:
            page.wait_for_timeout(200)


def test_a_first_visit_runs_the_page_twice_then_rests(browser, server):
    """A first visit runs the page twice: the map first, the charts and tables a moment later
    (one deferred run, asked for by a timer fragment). Every run costs the server CPU (with
    ten browsers, three runs a visit against one of the websocket bench cost eight times the
    CPU), so: no more whole-page runs, at most two timer runs (one more when the browser is
    slow), and nothing at all once the page is complete (the map's component sends no value
    on its first render, writing the filters into the URL reruns nothing)."""
    ctx, blocked = browser
    page = ctx.new_page()
    runs = _Runs(page)
    try:
        _open(page, server)
        runs.settle(page)
        page.get_by_text("Drawing the table…").wait_for(state="detached", timeout=30_000)
        runs.settle(page)
        ended = list(runs.ended)
        assert ended.count("FINISHED_SUCCESSFULLY") == 2, ended
        others = [e for e in ended if e != "FINISHED_SUCCESSFULLY"]
        assert set(others) <= {"FINISHED_EARLY_FOR_RERUN", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"}
        assert 1 <= len(others) <= 2, ended
        page.wait_for_timeout(3000)  # complete: no timer, no component value, no URL rerun
        assert runs.ended == ended, runs.ended[len(ended):]
    finally:
        page.close()
    assert not blocked


def test_click_opens_escaped_popup_and_selects_the_event(page, server, e2e_store):
    _open(page, server, "?from=2019-01-01&q=onerror")
    _shown, drawn = _expected(e2e_store, date_from=date(2019, 1, 1), text="onerror")
    assert len(drawn) == 1
    assert _drawn(page, drawn) == drawn
    fr = _map_frame(page)
    fr.locator("path.ua-point").first.click(force=True)
    popup = fr.locator(".leaflet-popup-content").filter(has_text="onerror")
    popup.wait_for()
    text = popup.inner_text()
    assert "<script>window.__uaXss=1</script>" in text
    assert "<img src=x onerror=window.__uaXss=2>" in text
    assert "&lt;script&gt;" in popup.inner_html()
    assert fr.locator(".leaflet-popup-content img").count() == 0
    assert fr.evaluate("() => window.__uaXss === undefined")
    # the click selects the event: detail panel, URL and table
    eid = next(iter(drawn))
    page.wait_for_url(re.compile(rf"sel={re.escape(eid)}"), timeout=20_000)
    _idle(page)
    card = page.locator(".ua-card").first
    card.wait_for()
    assert "<script>window.__uaXss=1</script>" in card.inner_text()
    assert page.locator(".ua-card mark").first.inner_text() == "Aktobe"
    assert page.evaluate("() => window.__uaXss === undefined")
    # the popup stays open: the map was not redrawn by the selection
    assert fr.locator(".leaflet-popup-content").filter(has_text="onerror").count() == 1


def test_filter_change_updates_map_and_url(page, server, e2e_store):
    _open(page, server)
    page.get_by_role("combobox", name="Event type", exact=True).click()
    page.get_by_role("option", name="Riots", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"type=Riots"), timeout=20_000)
    _idle(page)
    shown, drawn = _expected(e2e_store, types=("Riots",))
    assert _drawn(page, drawn) == drawn and drawn
    assert page.get_by_text(f"Showing {len(shown):,} events").count() == 1


def test_shared_url_restores_the_view(page, server, e2e_store):
    q = "?from=2022-01-02&to=2022-01-07&type=Protests&sev=2&cc=KZ"
    _open(page, server, q)
    shown, drawn = _expected(e2e_store, date_from=date(2022, 1, 2), date_to=date(2022, 1, 7),
                             types=("Protests",), min_severity=2, countries=("KZ",))
    assert _drawn(page, drawn) == drawn and drawn
    assert page.get_by_text(f"Showing {len(shown):,} events").count() == 1
    box = page.get_by_test_id("stMultiSelect").filter(
        has=page.get_by_role("combobox", name="Event type", exact=True))
    assert "Protests" in box.inner_text()
    for part in ("from=2022-01-02", "to=2022-01-07", "type=Protests", "sev=2", "cc=KZ"):
        assert part in page.url


def test_playback_steps_through_the_days(page, server):
    _open(page, server, "?from=2022-01-01&to=2022-01-14&play=cumulative&day=2022-01-03")
    assert "day=2022-01-03" in page.url
    page.get_by_role("button", name="Day ▶").click()
    page.wait_for_url(re.compile(r"day=2022-01-04"), timeout=20_000)
    _idle(page)
    page.get_by_text("Play (one day every 2 s)").click()
    page.wait_for_url(re.compile(r"day=2022-01-0[6-9]"), timeout=20_000)
    page.get_by_text("Play (one day every 2 s)").click()  # stop


def test_ingest_flow_adds_an_event_to_the_store(page, server, e2e_store):
    with EventStore.open_readonly(e2e_store) as s:
        before = s.count(include_rejected=True)
    page.goto(server + "/ingest")
    page.get_by_role("heading", name="Ingest reports").wait_for()
    _idle(page)
    area = page.get_by_label("Report text")
    area.fill(INGEST_TEXT)
    area.press("Control+Enter")
    page.get_by_label("Report id (optional)").fill("e2e-ingest-1")
    page.get_by_label("Report id (optional)").press("Enter")
    _idle(page)
    # no dateline, no date: the analyst must give it before extraction (waits for the
    # rerun that reads the text: the button is disabled before it too)
    page.get_by_text("Set the publication date first").wait_for(timeout=20_000)
    assert page.get_by_text("Set the publication date first").count() == 1
    assert page.get_by_role("button", name="Find places and events").is_disabled()
    # the report's dateline gives the date
    area.fill(f"KYZYLORDA, {INGEST_PUBLISHED:%B} {INGEST_PUBLISHED.day}, {INGEST_PUBLISHED.year}"
              " (Test Wire) - " + INGEST_TEXT)
    area.press("Control+Enter")
    _idle(page)
    page.get_by_text("From the dateline").wait_for(timeout=20_000)
    assert page.get_by_role("spinbutton", name="year, Publication date").inner_text() == "2019"
    page.get_by_role("button", name="Find places and events").click()
    page.get_by_role("heading", name="Review").wait_for(timeout=60_000)
    _idle(page)
    assert page.locator(".ua-sentence mark").first.inner_text() == "Kyzylorda"
    page.get_by_role("button", name=re.compile(r"Store 1 accepted event")).click()
    page.get_by_text("Stored report e2e-ingest-1").wait_for(timeout=30_000)
    with EventStore.open_readonly(e2e_store) as s:
        assert s.count(include_rejected=True) == before + 1
        ev = s.events(report_id="e2e-ingest-1")
        total = s.count()
    assert ev["location"].tolist() == ["Kyzylorda"]
    assert ev["status"].tolist() == ["verified"]  # accepted after review
    # the new (2019) event is on the map page, and the page says so
    page.get_by_role("link", name="Open the map").click()
    page.get_by_text(re.compile(r"just stored from")).wait_for(timeout=30_000)
    _idle(page)
    assert _showing(page) == total


BASEMAP_IDLE_JS = """() => window.unrestAtlasBasemapReady.then(() => new Promise((done) => {
  const gl = window.unrestAtlasBasemap && window.unrestAtlasBasemap.getMaplibreMap();
  if (!gl) { done(false); return; }
  const check = () => { if (gl.loaded() && gl.areTilesLoaded()) { done(true); }
                        else { setTimeout(check, 100); } };
  check();
}))"""


def test_basemap_tiles_at_zoom_12_offline_with_screenshots(page, server):
    """The vector basemap reads its tiles from the dashboard (HTTP range requests on the
    PMTiles archive), at zoom 3, 8 and 12, with every outside request aborted (the fixture
    asserts none was needed); the map never zooms past 12. Screenshots for the README."""
    ranges: list[str] = []
    page.on("request", lambda r: ranges.append(r.headers.get("range", ""))
            if r.url.endswith("/basemap.pmtiles") else None)
    _open(page, server)
    fr = _map_frame(page)
    assert fr.evaluate("() => window.map.getMaxZoom()") == 12
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    frame_el = page.locator('iframe[title="streamlit_folium.st_folium"]').first
    for z, (lat, lon) in ((3, (45.0, 68.0)), (8, (43.4, 77.2)), (12, (43.245, 76.92))):
        before = len(ranges)
        fr.evaluate(f"() => window.map.setView([{lat}, {lon}], {z}, {{animate: false}})")
        assert fr.evaluate(BASEMAP_IDLE_JS) is True
        assert fr.evaluate("() => window.map.getZoom()") == z
        if z > 3:
            assert len(ranges) > before, f"no tile read at zoom {z}"
        time.sleep(0.3)
        frame_el.screenshot(path=str(ARTIFACTS / f"dashboard_z{z}.png"))
    assert all(r.startswith("bytes=") for r in ranges) and ranges
    fr.evaluate("() => window.map.setZoom(15, {animate: false})")
    assert fr.evaluate("() => window.map.getZoom()") == 12  # never past the basemap's data


def test_events_at_one_place_are_spread(page, server):
    """Events at one place (several reports on Almaty) are drawn apart, none under another."""
    _open(page, server)
    fr = _map_frame(page)
    fr.evaluate("() => window.map.setView([43.25, 76.92], 10, {animate: false})")
    time.sleep(0.5)
    assert fr.evaluate("() => window.uaStacks") >= 1
    spots = fr.evaluate("""() => {
      const out = {};
      window.map.eachLayer((l) => {
        const c = l.options && l.options.className;
        if (!(l instanceof L.CircleMarker) || !c || c.indexOf('ua-point') < 0) { return; }
        const k = l.getLatLng().lat.toFixed(5) + ',' + l.getLatLng().lng.toFixed(5);
        const p = l._point;  // where Leaflet draws it (layer pixels)
        (out[k] = out[k] || []).push([Math.round(p.x), Math.round(p.y)]);
      });
      return Object.values(out).filter((g) => g.length > 1);
    }""")
    assert spots, "no place with more than one event"
    for group in spots:
        assert len({tuple(p) for p in group}) == len(group), group  # all apart on screen


def test_warm_up_runs_the_app_once(server):
    """What `unrest-atlas dashboard` does at start: the server runs the app script once (it
    loads the store into the shared caches) and says whether it ran without an error."""
    ok, message, seconds = warm(server, start_timeout=30, run_timeout=120)
    assert (ok, message) == (True, "ok") and seconds > 0


def _showing(page) -> int:
    text = page.get_by_text(re.compile(r"Showing [\d,]+ events")).first.inner_text()
    return int(re.search(r"Showing ([\d,]+) events", text).group(1).replace(",", ""))


def test_click_on_a_grid_cell_shows_its_events(e2e_store, tmp_path_factory, page):
    """With more events than the map draws one by one (here: over 3), the map shows grid
    cells; a click on one filters the page to the cell's area, in the URL too."""
    with _serve(e2e_store, tmp_path_factory.mktemp("home-agg"),
                UNREST_ATLAS_MAP_MAX_MARKERS="3") as base:
        _open(page, base, "?cluster=0")
        before = _showing(page)
        caption = page.get_by_text(re.compile("events on the map")).first.inner_text()
        assert "grid cells" in caption, caption
        fr = _map_frame(page)
        idx = fr.evaluate(FREE_POINT_JS.replace("path.ua-point", "path.ua-cell"))
        assert idx >= 0, "no uncovered grid cell on the map"
        fr.locator("path.ua-cell").nth(idx).click()
        page.wait_for_url(re.compile(r"bbox="), timeout=30_000)
        _idle(page)
        after = _showing(page)
        raw = re.search(r"bbox=([^&]+)", page.url).group(1).replace("%2C", ",")
        box = Filters.from_query({"bbox": raw}).bbox
        assert box is not None and 0 < after < before
        shown, _ = _expected(e2e_store, bbox=box)
        assert after == len(shown)
        assert page.get_by_text("Map area: latitude").count() == 1


# Every Vega chart's axes: [{axis: aria label, labels: [text...]}] per chart, and its bars'
# widths and the chart's width (Streamlit draws small charts as SVG).
CHARTS_JS = """() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"] svg'))
  .map((svg) => ({
    width: svg.getBoundingClientRect().width,
    axes: Array.from(svg.querySelectorAll('g.role-axis')).map((g) => ({
      axis: g.getAttribute('aria-label') || '',
      labels: Array.from(g.querySelectorAll('g.role-axis-label text'))
        .map((t) => t.textContent)})),
    bars: Array.from(svg.querySelectorAll('g.mark-rect.role-mark path'))
      .map((p) => p.getBoundingClientRect().width)}))"""


def _charts(page, timeout: float = 20) -> list[dict]:
    deadline = time.monotonic() + timeout
    charts: list[dict] = []
    while time.monotonic() < deadline:
        charts = page.evaluate(CHARTS_JS)
        if len(charts) >= 2 and all(c["axes"] for c in charts):
            return charts
        time.sleep(0.3)
    return charts


def test_region_chart_names_every_bar_in_full_with_whole_number_ticks(page, server, e2e_store):
    """One labelled row per region, the whole name, and counts ticked 0, 1, 2... (no 0.5)."""
    from dashboard.frames import region_frame

    _open(page, server)
    with EventStore.open_readonly(e2e_store) as s:
        frame = data.load_frame(s, data.boundaries())  # the map's region of each event
    regions = region_frame(data.select_events(frame, Filters(date_from=date(1900, 1, 1)), None))
    want = [f"{r.admin1} ({r.country})" for r in regions.itertuples()]
    assert len(want) >= 5
    page.get_by_text("Events by region").first.scroll_into_view_if_needed()
    chart = next((c for c in _charts(page) for a in c["axes"] if want[0] in a["labels"]), None)
    assert chart is not None, "no chart labelled with the regions"
    y = next(a for a in chart["axes"] if want[0] in a["labels"])
    assert sorted(y["labels"]) == sorted(want)  # every bar, its full name
    x = next(a for a in chart["axes"] if a["axis"].startswith("X-axis"))
    assert x["labels"] and all(re.fullmatch(r"\d+", v) for v in x["labels"]), x["labels"]
    assert len(chart["bars"]) == len(want)


def test_timeline_of_a_single_day_reads_right(page, server, e2e_store):
    """One day shown: narrow bars, the day's date once on the axis, no repeated date."""
    with EventStore.open_readonly(e2e_store) as s:
        frame = data.load_frame(s)
    days = frame["event_date"].dropna().astype(str).str.slice(0, 10)
    day = date.fromisoformat(days.value_counts().index[0])  # the busiest day
    _open(page, server, f"?from={day}&to={day}")
    page.get_by_role("heading", name="Timeline").scroll_into_view_if_needed()
    label = f"{day:%b %d, %Y}"
    deadline = time.monotonic() + 20
    timeline = None
    while timeline is None and time.monotonic() < deadline:
        timeline = next((c for c in _charts(page, 5) for a in c["axes"]
                         if label in a["labels"]), None)
    assert timeline is not None, f"no timeline axis naming {label}"
    x_axes = [a["labels"] for a in timeline["axes"] if a["axis"].startswith("X-axis")]
    assert x_axes  # (events and fatalities: one x axis each)
    for dates in x_axes:  # each names the day once, no date twice
        assert dates.count(label) == 1 and len(dates) == len(set(dates)), dates
    assert timeline["bars"] and max(timeline["bars"]) < timeline["width"] / 4, timeline


RINGS_JS = """() => Array.from(document.querySelectorAll('.ua-cluster .ua-ring')).map((d) => ({
  n: Number(d.dataset.n),
  types: d.dataset.types ? d.dataset.types.split(';').map((s) => s.split(':')[0]) : [],
  colors: Array.from(d.querySelectorAll('g circle')).map((c) => c.getAttribute('stroke')),
}))"""


def test_many_events_cluster_in_rings_coloured_by_type(tmp_path_factory, page):
    """Above 300 points the dashboard's map clusters them: each cluster a ring with an arc
    per type inside, in the type's colour; every point is in a ring or drawn alone. With
    clustering off (?cluster=0) there is no ring."""
    from geodata.maps import styles
    from geodata.store.synthetic import synthetic_events

    store = tmp_path_factory.mktemp("crowd") / "crowd.gpkg"
    with EventStore(store) as s:
        s.bulk_insert(synthetic_events(600, seed=7, countries=["KZ"]))
    with _serve(store, tmp_path_factory.mktemp("home-crowd")) as base:
        _open(page, base)
        fr = _map_frame(page)
        fr.locator(".ua-cluster .ua-ring").first.wait_for(timeout=20_000)
        rings = fr.evaluate(RINGS_JS)
        mixed = [r for r in rings if len(r["types"]) >= 2]
        assert mixed, rings
        for r in mixed:
            assert r["colors"] == [styles.type_color(t) for t in r["types"]]
        points = fr.evaluate("""() => { let n = 0; window.map.eachLayer((l) => {
          if (l instanceof L.MarkerClusterGroup) { n += l.getLayers().length; } });
          return n; }""")
        assert points > 300
        assert sum(r["n"] for r in rings) + fr.locator("path.ua-point").count() == points
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        assert fr.evaluate(BASEMAP_IDLE_JS) is True
        page.locator('iframe[title="streamlit_folium.st_folium"]').first.screenshot(
            path=str(ARTIFACTS / "dashboard_clusters.png"))
        _open(page, base, "?cluster=0")
        fr = _map_frame(page)
        assert fr.locator(".ua-cluster").count() == 0
        assert fr.locator("path.ua-point").count() == points
