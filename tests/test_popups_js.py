"""The map's popups are built in the browser from compact records (``window.uaPopup``):
the same HTML as the Python renderers, and report text never becomes markup."""

from __future__ import annotations

import pandas as pd
import pytest
from _map_events import _event, sample_events
from test_layers import _event_layers as _layers
from test_offline_html import ARGS, CHROMIUM

from geodata.maps import _popups, layers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium (/usr/bin/chromium) missing"),
]

#: Markup that would run if it ever became HTML: it sets a flag the test reads.
PAYLOAD_IMG = '<img src=x onerror="window.__uaXss=1">'
PAYLOAD_SCRIPT = "<script>window.__uaXss=2</script>"


def _hostile_events() -> pd.DataFrame:
    """Events whose every text field from the store carries markup."""
    note = f"Stones were thrown {PAYLOAD_SCRIPT} at the gate in Oral {PAYLOAD_IMG} today."
    rows = [
        _event(event_id='ev-x"1', event_type="Riots", sub_event_type=PAYLOAD_IMG,
               event_date="2022-02-03", location=f"Oral {PAYLOAD_IMG}", admin1=PAYLOAD_SCRIPT,
               country="Kazakhstan & co", latitude=51.23, longitude=51.37, geo_precision=1,
               severity=4, notes=note, sentence_start=0, sentence_end=len(note),
               mention_start=note.index("Oral"), mention_end=note.index("Oral") + 4,
               actor1=PAYLOAD_IMG, actor2="Police's <b>unit</b>", source=PAYLOAD_SCRIPT,
               report_id="r<1>", injuries=1200, fatalities=3, sources_count=2,
               status=f"odd {PAYLOAD_IMG}", confidence=0.875),
        _event(event_id="ev-x2", event_type="Riots", event_date="not a date",
               latitude=51.3, longitude=51.4, geo_precision=2, severity=None, fatalities=None,
               notes=PAYLOAD_IMG * 3, status=None, confidence=None, sources_count=None),
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return pd.concat([sample_events(), _hostile_events()], ignore_index=True)


@pytest.fixture(scope="module")
def opened(tmp_path_factory, playwright, events):
    """Two exported maps (single events; aggregated cells) open in Chromium, offline."""
    tmp = tmp_path_factory.mktemp("popups")
    ctx = playwright.chromium.launch_persistent_context(
        str(tmp / "profile"), executable_path=str(CHROMIUM), headless=True, args=ARGS,
        viewport={"width": 1100, "height": 700})
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
              else r.abort())
    pages = {}
    for name, kw in (("events", {}), ("cells", {"max_markers": 3})):
        m = layers.build_map(events, mode="inline", cluster=False, **kw)
        path = layers.save_html(m, tmp / f"{name}.html")
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_function("() => window.uaPopup && document.querySelectorAll("
                               "'path.ua-point, path.ua-cell').length > 0", timeout=20_000)
        pages[name] = (page, m, errors)
    try:
        yield pages
    finally:
        ctx.close()


def test_records_replace_popup_html(events):
    m = layers.build_map(events, mode="inline")
    html = m.get_root().render()
    # the popup's fixed wording is in the script once, not once per event
    assert html.count("geocoding confidence") == 1 and html.count("Event ID: ") == 1
    recs = {r[0]: r for el in _layers(m) for r in el.records}
    rec = recs["ev-x&quot;1"]
    assert rec[_popups.EVENT_FIELDS.index("injuries")] == 1200
    assert rec[_popups.EVENT_FIELDS.index("confidence")] == "88%"  # as Python rounds it
    for text in (PAYLOAD_IMG, PAYLOAD_SCRIPT, "<b>unit"):
        assert text not in html


def test_browser_builds_the_same_html_as_python(opened):
    for page, m, errors in opened.values():
        n = 0
        for el in _layers(m):
            for rec in el.records:
                got = page.evaluate("([r, c]) => window.uaPopup.event(r, c)", [rec, el.color])
                assert got == _popups.event_html(rec, el.color)
                n += 1
            for cell in el.cells:
                got = page.evaluate("([c, h, col, g, lim]) => window.uaPopup.cell(c, h, col, g, lim)",
                                    [cell, el.type_html, el.color, el.size_text, el.limit_text])
                assert got == _popups.cell_html(cell, el.type_html, el.color, el.size_text,
                                                el.limit_text)
                n += 1
            for f in el.regions["features"]:
                r = f["properties"]["_r"]
                got = page.evaluate("([g, recs, c]) => window.uaPopup.region(g, recs, c)",
                                    [r, el.records, el.color])
                assert got == _popups.region_html(r, el.records, el.color)
                assert "ev-region" in got
                n += 1
        assert n > 3 and errors == []
    # and the Python renderer is the popup of the event's row
    row = _hostile_events().iloc[0]
    assert _popups.event_popup_html(row) == _popups.event_html(_popups.event_popup_data(row),
                                                               "#ff7f00")


def _open_popup(page, js_filter: str) -> None:
    page.evaluate(f"""() => {{ window.map.closePopup(); const hits = []; window.map.eachLayer(l => {{
        const p = l.feature && l.feature.properties; if (p && ({js_filter})) hits.push(l); }});
        hits[0].openPopup(); }}""")


@pytest.mark.parametrize("event_id", ['ev-x"1', "ev-x2"])
def test_hostile_text_never_becomes_markup(opened, event_id):
    page, _m, errors = opened["events"]
    page.evaluate("() => { window.map = Object.values(window).find(v => v instanceof L.Map); }")
    _open_popup(page, f"p.event_id === {event_id!r}")
    popup = page.locator(".leaflet-popup-content").filter(has_text=f"Event ID: {event_id}")
    popup.wait_for(timeout=5_000)
    text = popup.inner_text()
    assert f"Event ID: {event_id}" in text
    assert PAYLOAD_IMG in text  # shown as text...
    assert popup.locator("img, script, b").count() == 0  # ...never as markup
    if event_id == 'ev-x"1':
        assert PAYLOAD_SCRIPT in text and "Police's <b>unit</b>" in text
        assert "Injuries: 1200" in text and "geocoding confidence 88%" in text
        assert popup.locator("mark").inner_text() == "Oral"
        assert popup.locator(".ua-id").get_attribute("data-event-id") == event_id
    else:
        assert "not a date" in text and "Fatalities: unknown" in text
    page.wait_for_timeout(200)
    assert page.evaluate("window.__uaXss") is None and errors == []


def test_cell_popup_opens_with_its_counts(opened):
    page, m, errors = opened["cells"]
    assert m.unrest_summary.aggregated
    page.evaluate("() => { window.map = Object.values(window).find(v => v instanceof L.Map); }")
    _open_popup(page, "p.cell && p.event_type === 'Riots'")
    popup = page.locator(".leaflet-popup-content").filter(has_text="Riots event")
    popup.wait_for(timeout=5_000)
    text = popup.inner_text()
    assert "Riots event" in text and "Aggregated: more than 3 events" in text
    # what streamlit-folium returns on a click: the cell's properties (its area, its count)
    props = page.evaluate("""() => { const out = []; window.map.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (p && p.cell && p.event_type === 'Riots') out.push(l.toGeoJSON().properties); });
        return out; }""")
    assert sum(p["event_count"] for p in props) == 3 and all(p["cell"] is True for p in props)
    assert all(layers.cell_from_click({"last_active_drawing": {"properties": p}}) for p in props)
    assert errors == []
