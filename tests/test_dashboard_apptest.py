"""The dashboard under streamlit.testing.v1.AppTest: every page and every filter.

The app runs without a browser here: the map is an unknown element whose arguments hold the
generated Leaflet script, so the tests read layers, popups and links from it. Counts are
checked against the store's own query (``EventStore.count``) with the same filters.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_folium")

from streamlit.testing.v1 import AppTest

from dashboard import APP_PATH, data, frames
from dashboard.filters import Filters, ViewOptions
from geodata.store.eventstore import EventStore
from tests._dashboard_stores import (
    INGEST_PUBLISHED,
    INGEST_TEXT,
    XSS_REPORT,
    build_store,
)

TIMEOUT = 60


@pytest.fixture(scope="module")
def base_store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("dash") / "base.gpkg")


@pytest.fixture
def store_copy(base_store, tmp_path) -> Path:
    """A private writable copy (for tests that write)."""
    p = tmp_path / "copy.gpkg"
    shutil.copyfile(base_store, p)
    return p


def _app(store: Path, monkeypatch, query: dict | None = None) -> AppTest:
    monkeypatch.setenv(data.ENV_STORE, str(store))
    monkeypatch.delenv(data.ENV_READONLY, raising=False)
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    # the whole page at once (a browser session's first page draws the map first, the
    # tables and charts a moment later: test_first_page_draws_the_map_first)
    at.session_state["_ua_page_full"] = True
    return at


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _default_range(store: Path) -> tuple[date, date]:
    with EventStore.open_readonly(store) as s:
        f = s.facets()
    return date.fromisoformat(f["date_min"]), date.fromisoformat(f["date_max"])


def _expected(store: Path, **kw) -> int:
    lo, hi = _default_range(store)
    kw.setdefault("date_from", lo)
    kw.setdefault("date_to", hi)
    f = Filters(**kw)
    with EventStore.open_readonly(store) as s:
        return s.count(**f.store_kwargs())


def _shown(at: AppTest) -> int:
    return int(at.metric[0].value.replace(",", ""))


def _map_args(at: AppTest) -> dict:
    comps = [e for e in at.get("component_instance")
             if "streamlit_folium" in str(e.proto.component_name) or "json_args" in str(e.proto)]
    assert comps, "no st_folium element"
    return json.loads(comps[0].proto.json_args)


def _query(at: AppTest) -> dict:
    return {k: at.query_params[k] for k in at.query_params}


# ----------------------------------------------------------------------------- pages
def test_map_page_renders_offline_map(base_store, monkeypatch):
    at = _run(_app(base_store, monkeypatch))
    assert _shown(at) == _expected(base_store) > 0
    args = _map_args(at)
    script = args["script"]
    assert "L.circleMarker(" in script and "L.heatLayer(" in script
    assert "markerClusterGroup" not in script  # a few events: no clusters, stacks spread
    links = args["js_links"] + args["css_links"]
    assert links and all(u.startswith("/app/static/unrest-atlas/") for u in links), links
    assert not [u for u in links if "bootstrap" in u or "fontawesome" in u]  # lean
    assert not re.search(r"https?://[^\"']*\{z\}", script), "a web tile layer"
    # the vector basemap (PMTiles, served by the dashboard), never past its zoom 12
    assert "L.maplibreGL(" in script and "/app/static/unrest-atlas/basemap.pmtiles" in script
    assert re.search(r'"maxZoom": 12\b', script) and "tiles/{z}/{x}/{y}.png" not in script
    assert (data.STATIC_DIR / "basemap.pmtiles").is_file()
    # the raster tiles stay an option
    at.radio(key="v_base").set_value("raster")
    _run(at)
    script = _map_args(at)["script"]
    assert "/app/static/unrest-atlas/tiles/{z}/{x}/{y}.png" in script
    assert "L.maplibreGL(" not in script and _query(at)["base"] == "raster"
    at.radio(key="v_base").set_value("vector")
    _run(at)
    # the URL holds the (default) date range
    lo, hi = _default_range(base_store)
    assert _query(at)["from"] == lo.isoformat() and _query(at)["to"] == hi.isoformat()
    # country-level events are listed beside the map, not pinned
    caption = " ".join(c.value for c in at.caption)
    assert "country-level listed beside the map" in caption
    cl_tables = [d for d in at.dataframe if "Source sentence" in str(d.proto)]
    assert cl_tables


def test_new_empty_store_renders_every_page(tmp_path, monkeypatch):
    at = _run(_app(tmp_path / "new.gpkg", monkeypatch))
    assert _shown(at) == 0
    assert any("0** events on the map" in c.value for c in at.caption)
    for page in ("views/ingest.py", "views/audit.py"):
        at.switch_page(page)
        _run(at)


def test_ingest_page_renders(base_store, monkeypatch):
    at = _app(base_store, monkeypatch)
    _run(at)
    at.switch_page("views/ingest.py")
    _run(at)
    assert at.title[0].value == "Ingest reports"
    assert at.button(key="ing_run").disabled  # nothing pasted yet


def test_audit_page_renders(base_store, monkeypatch):
    at = _app(base_store, monkeypatch)
    _run(at)
    at.switch_page("views/audit.py")
    _run(at)
    assert at.title[0].value == "Review & audit"
    with EventStore.open_readonly(base_store) as s:
        n = s.summary()["events"]
    assert at.metric[0].value == f"{n:,}"


# ----------------------------------------------------------------------------- filters
def test_filter_date_range(base_store, monkeypatch):
    at = _run(_app(base_store, monkeypatch))
    d1, d2 = date(2022, 1, 4), date(2022, 1, 5)
    at.date_input(key="f_dates").set_value((d1, d2))
    _run(at)
    assert _shown(at) == _expected(base_store, date_from=d1, date_to=d2) > 0
    assert _query(at)["from"] == "2022-01-04" and _query(at)["to"] == "2022-01-05"
    # the page says how many events the narrowed range hides
    with EventStore.open_readonly(base_store) as s:
        hidden = s.count() - _shown(at)
    assert any(f"{hidden:,} events matching the other filters are outside" in i.value
               for i in at.info), [i.value for i in at.info]


def test_default_date_range_shows_every_event(base_store, monkeypatch):
    """No link, no choice: every event of the store is shown (the 2019 and 2020 reports
    beside the 2022 sample too), and nothing says events are hidden."""
    at = _run(_app(base_store, monkeypatch))
    with EventStore.open_readonly(base_store) as s:
        assert _shown(at) == s.count() > 0
    assert not [i.value for i in at.info if "outside the date range" in i.value]
    assert at.title[0].value == "Map"


def test_filter_playback_cumulative_and_window(base_store, monkeypatch):
    at = _run(_app(base_store, monkeypatch, {"from": "2022-01-01", "to": "2022-01-31"}))
    at.button_group(key="f_play").set_value("cumulative")
    _run(at)
    at.slider(key="f_day").set_value(date(2022, 1, 4))
    _run(at)
    cum = _expected(base_store, date_from=date(2022, 1, 1), date_to=date(2022, 1, 4))
    assert _shown(at) == cum
    assert _query(at)["play"] == "cumulative" and _query(at)["day"] == "2022-01-04"
    at.button(key="day_next").click()  # step one day
    _run(at)
    assert at.slider(key="f_day").value == date(2022, 1, 5)
    assert _shown(at) == _expected(base_store, date_from=date(2022, 1, 1),
                                   date_to=date(2022, 1, 5)) > cum
    at.button_group(key="f_play").set_value("window")
    _run(at)
    at.number_input(key="f_win").set_value(1)
    _run(at)
    assert _shown(at) == _expected(base_store, date_from=date(2022, 1, 5),
                                   date_to=date(2022, 1, 5))
    assert _query(at)["win"] == "1"
    # the timeline shows the playback window
    assert any("Shaded: the playback window" in c.value for c in at.caption)


def test_filter_event_type_and_sub_type(base_store, monkeypatch):
    at = _run(_app(base_store, monkeypatch))
    at.multiselect(key="f_types").set_value(["Protests"])
    _run(at)
    assert _shown(at) == _expected(base_store, types=("Protests",)) > 0
    assert _query(at)["type"] in ("Protests", ["Protests"])
    # only the sub-types of the chosen type are offered
    subs = at.multiselect(key="f_subs").options
    assert "Peaceful protest" in subs and "Armed clash" not in subs
    at.multiselect(key="f_subs").set_value(["Peaceful protest"])
    _run(at)
    assert _shown(at) == _expected(base_store, types=("Protests",),
                                   sub_types=("Peaceful protest",))
    script = _map_args(at)["script"]
    assert '"event_type":"Riots"' not in script and '"event_type":"Protests"' in script


def test_filter_min_severity(base_store, monkeypatch):
    at = _run(_app(base_store, monkeypatch))
    at.slider(key="f_sev").set_value(4)
    _run(at)
    assert _shown(at) == _expected(base_store, min_severity=4) > 0
    assert _query(at)["sev"] == "4"


def test_filter_country_and_region(base_store, monkeypatch):
    at = _run(_app(base_store, monkeypatch))
    at.multiselect(key="f_cc").set_value(["KZ"])
    _run(at)
    assert _shown(at) == _expected(base_store, countries=("KZ",)) > 0
    regions = at.multiselect(key="f_region").options
    assert "Almaty" in regions
    at.multiselect(key="f_region").set_value(["Almaty"])
    _run(at)
    # the region the map counts an event in (its outline), which the chart uses too
    # (Taldykorgan's "Zhetisū" lies in the bundled Almaty outline)
    with EventStore.open_readonly(base_store) as s:
        full = data.load_frame(s, data.boundaries())
    lo, hi = _default_range(base_store)
    want = data.select_events(full, Filters(date_from=lo, date_to=hi, countries=("KZ",),
                                            regions=("Almaty",)))
    assert _shown(at) == len(want) > 0
    assert int(data.region_frame(want).set_index("admin1").loc["Almaty", "events"]) == len(
        want[want["geo_precision"] < 4])
    assert set(want["admin1"]) >= {"Almaty", "Zhetisū"}
    assert _query(at)["region"] in ("Almaty", ["Almaty"])


def test_filter_actor(base_store, monkeypatch):
    at = _run(_app(base_store, monkeypatch))
    actor = "Police Forces of Kazakhstan"
    assert actor in at.multiselect(key="f_actor").options
    at.multiselect(key="f_actor").set_value([actor])
    _run(at)
    assert _shown(at) == _expected(base_store, actors=(actor,)) > 0


def test_filter_text_search(base_store, monkeypatch):
    at = _run(_app(base_store, monkeypatch, {"from": "2019-01-01"}))
    at.text_input(key="f_q").input("onerror")
    _run(at)
    assert _shown(at) == 1
    assert _query(at)["q"] == "onerror"
    # the popup of the one event escapes the report's markup
    script = _map_args(at)["script"]
    assert "onerror" in script
    assert "<script>window.__uaXss" not in script and "<img src=x" not in script
    assert "&lt;script&gt;" in script


def test_filter_review_status(store_copy, monkeypatch):
    with EventStore(store_copy) as s:
        eid = s.events(date_from="2022-01-01", limit=1)["event_id"].iloc[0]
        s.flag(eid, who="tester", note="wrong town")
    at = _run(_app(store_copy, monkeypatch))
    at.multiselect(key="f_status").set_value(["flagged"])
    _run(at)
    assert _shown(at) == 1
    assert _query(at)["status"] in ("flagged", ["flagged"])


def test_map_layer_options(base_store, monkeypatch):
    at = _run(_app(base_store, monkeypatch))
    at.radio(key="v_choro").set_value("off")
    at.checkbox(key="v_cluster").uncheck()
    _run(at)
    script = _map_args(at)["script"]
    assert "markerClusterGroup" not in script and "UnrestAtlasChoropleth" not in script
    assert _query(at)["choro"] == "off" and _query(at)["cluster"] == "0"


# ----------------------------------------------------------------------------- URL, selection
def test_shared_url_restores_the_view(base_store, monkeypatch):
    q = {"from": "2022-01-02", "to": "2022-01-06", "type": ["Protests", "Riots"], "sev": "2",
         "cc": "KZ"}
    at = _run(_app(base_store, monkeypatch, q))
    assert at.date_input(key="f_dates").value == (date(2022, 1, 2), date(2022, 1, 6))
    assert at.multiselect(key="f_types").value == ["Protests", "Riots"]
    assert at.slider(key="f_sev").value == 2
    assert at.multiselect(key="f_cc").value == ["KZ"]
    assert _shown(at) == _expected(base_store, date_from=date(2022, 1, 2),
                                   date_to=date(2022, 1, 6), types=("Protests", "Riots"),
                                   min_severity=2, countries=("KZ",))


def test_bad_url_values_are_ignored(base_store, monkeypatch):
    at = _run(_app(base_store, monkeypatch, {"type": ["Nonsense"], "sev": "9", "from": "x"}))
    assert at.multiselect(key="f_types").value == []
    assert any("Ignored from the link" in w.value for w in at.warning)
    assert _shown(at) == _expected(base_store)


def test_selected_event_from_url_shows_detail_and_escapes(base_store, monkeypatch):
    with EventStore.open_readonly(base_store) as s:
        eid = s.events(report_id=XSS_REPORT.id)["event_id"].iloc[0]
    at = _run(_app(base_store, monkeypatch, {"from": "2019-01-01", "sel": eid}))
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "&lt;script&gt;window.__uaXss=1&lt;/script&gt;" in html
    assert "<script>window" not in html and "<img src=x" not in html
    assert "<mark>Aktobe</mark>" in html
    assert "Test &lt;i&gt;Wire&lt;/i&gt;" in html
    assert "<b>Fatalities</b>: 2" in html
    # the map is centred on it with a ring; the table row is selected
    assert "ua-selected" in _map_args(at)["script"]
    state = at.session_state["table"]
    ids = at.session_state["_table_ids"]
    assert ids[state["selection"]["rows"][0]] == eid
    assert _query(at)["sel"] == eid


def _render_both():
    """An app that shows one map through st_folium and through foliumkit (AppTest)."""
    import pandas as pd
    from streamlit_folium import st_folium

    from dashboard import foliumkit
    from dashboard.data import fresh_copy
    from geodata.maps.layers import build_map

    ev = pd.DataFrame([{"event_id": "e1", "event_type": "Riots", "latitude": 43.3,
                        "longitude": 52.8, "geo_precision": 1, "severity": 3,
                        "notes": "<b>x</b>"}])
    m = build_map(ev, boundaries=False, basemap="none")
    st_folium(fresh_copy(m), key="a", height=300, use_container_width=True,
              returned_objects=["last_active_drawing"])
    foliumkit.show(foliumkit.component_args(fresh_copy(m)), key="b", height=300,
                   returned_objects=["last_active_drawing"])


def test_foliumkit_sends_what_st_folium_sends():
    at = AppTest.from_function(_render_both, default_timeout=TIMEOUT)
    _run(at)
    a, b = (json.loads(e.proto.json_args) for e in at.get("component_instance"))
    for k in ("script", "header", "html", "css_links", "js_links", "returned_objects",
              "default", "height"):
        assert a[k] == b[k], k
    assert "L.circleMarker(" in a["script"]


def test_country_level_selection_is_not_pinned(base_store, monkeypatch):
    with EventStore.open_readonly(base_store) as s:
        df = s.events(date_from="2021-01-01")
    eid = df[df["geo_precision"] == 4]["event_id"].iloc[0]
    at = _run(_app(base_store, monkeypatch, {"sel": eid}))
    assert "ua-selected" not in _map_args(at)["script"]  # no ring at the country's centroid
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "country-level" in html


def test_click_selection_helper():
    from geodata.maps.layers import event_id_from_click

    click = {"last_active_drawing": {"properties": {"event_id": "ev-1"}},
             "last_object_clicked": {"lat": 1, "lng": 2}}
    assert event_id_from_click(click) == "ev-1"
    assert event_id_from_click({"last_active_drawing": {"properties": {"cell": True}}}) is None


def test_review_actions_write_audit_trail(store_copy, monkeypatch):
    with EventStore.open_readonly(store_copy) as s:
        eid = s.events(date_from="2022-01-01", limit=1)["event_id"].iloc[0]
    at = _run(_app(store_copy, monkeypatch, {"sel": eid}))
    at.text_input(key="analyst").input("tester")
    # flagging needs a note: without one the store refuses and the page says so
    forms = [b for b in at.button if b.label == "⚑ Flag"]
    assert forms
    forms[0].click()
    _run(at)
    assert any("note" in e.value for e in at.error)
    note_inputs = [t for t in at.text_input if t.label == "Note"]
    note_inputs[0].input("the town is wrong")
    next(b for b in at.button if b.label == "⚑ Flag").click()
    _run(at)
    with EventStore.open_readonly(store_copy) as s:
        ev = s.event(eid)
        audit = s.audit(eid)
    assert ev["status"] == "flagged"
    assert audit["who"].tolist()[-1] == "tester" and audit["note"].tolist()[-1] == "the town is wrong"
    assert any("marked flagged" in m.value for m in at.success)
    next(b for b in at.button if b.label.startswith("✔ Verify")).click()
    _run(at)
    with EventStore.open_readonly(store_copy) as s:
        assert s.event(eid)["status"] == "verified"


def test_read_only_store_has_no_review_buttons(base_store, monkeypatch):
    with EventStore.open_readonly(base_store) as s:
        eid = s.events(limit=1)["event_id"].iloc[0]
    at = _app(base_store, monkeypatch, {"sel": eid})
    monkeypatch.setenv(data.ENV_READONLY, "1")
    _run(at)
    assert not [b for b in at.button if b.label == "⚑ Flag"]
    assert any("Read-only store" in c.value for c in at.caption)


# ----------------------------------------------------------------------------- ingest
def test_ingest_flow_reviews_and_stores(store_copy, monkeypatch):
    at = _app(store_copy, monkeypatch)
    _run(at)
    at.switch_page("views/ingest.py")
    _run(at)
    at.text_input(key="analyst").input("tester")
    at.text_area(key="ing_text").input(INGEST_TEXT + " <script>alert(1)</script>")
    at.text_input(key="ing_id").input("test-ingest-1")
    at.date_input(key="ing_published").set_value(INGEST_PUBLISHED)
    _run(at)
    at.button(key="ing_run").click()
    _run(at)
    assert at.get("progress"), "no progress bar"
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "<mark>Kyzylorda</mark>" in html and "&lt;script&gt;" in html
    assert "<script>alert" not in html
    keys = [c.key for c in at.checkbox if c.key and c.key.endswith("-accept")]
    assert len(keys) == 1
    prefix = keys[0][: -len("-accept")]
    at.selectbox(key=f"{prefix}-type").set_value("Riots")
    _run(at)
    at.selectbox(key=f"{prefix}-sub").set_value("Mob violence")
    _run(at)
    with EventStore.open_readonly(store_copy) as s:
        before = s.count(include_rejected=True)
    next(b for b in at.button if b.key == "ing_store").click()
    _run(at)
    with EventStore.open_readonly(store_copy) as s:
        assert s.count(include_rejected=True) == before + 1
        ev = s.events(report_id="test-ingest-1").iloc[0]
        audit = s.audit(ev["event_id"])
    assert ev["event_type"] == "Riots" and ev["sub_event_type"] == "Mob violence"
    assert set(audit["field"]) >= {"event_type", "sub_event_type", "status"}
    assert set(audit["who"]) == {"tester"}
    # accepted after review: verified, in the audit trail
    assert ev["status"] == "verified"
    assert audit[audit["field"] == "status"]["after"].tolist() == ["verified"]
    assert any("Stored report test-ingest-1" in re.sub(r"\\(.)", r"\1", m.value)
               for m in at.success)
    listed = [d.value for d in at.dataframe]  # the new events, listed on the page
    assert any(ev["event_id"] in set(v["event_id"]) for v in listed if "event_id" in v), listed
    # the map page shows the new (2019) events, and says so
    at.switch_page("views/explore.py")
    _run(at)
    assert any("just stored from test-ingest-1" in re.sub(r"\\(.)", r"\1", m.value)
               for m in at.success)  # (markdown escapes taken off)
    with EventStore.open_readonly(store_copy) as s:
        assert _shown(at) == s.count()


def test_ingest_publication_date_from_dateline_or_required(store_copy, monkeypatch):
    at = _app(store_copy, monkeypatch)
    _run(at)
    at.switch_page("views/ingest.py")
    _run(at)
    assert at.date_input(key="ing_published").value is None  # never "today" by default
    at.text_area(key="ing_text").input(INGEST_TEXT)  # no dateline, no date
    _run(at)
    assert at.button(key="ing_run").disabled
    assert any("Set the publication date first" in w.value for w in at.warning)
    at.date_input(key="ing_published").set_value(INGEST_PUBLISHED)
    _run(at)
    assert not at.button(key="ing_run").disabled
    # a dateline gives the date (the analyst's own choice above is kept meanwhile)
    at.date_input(key="ing_published").set_value(None)
    _run(at)
    at.text_area(key="ing_text").input("DHAKA, July 19, 2024 (Test Wire) - " + INGEST_TEXT)
    _run(at)
    assert at.date_input(key="ing_published").value == date(2024, 7, 19)
    assert not at.button(key="ing_run").disabled
    assert any("From the dateline" in c.value for c in at.caption)


def test_ingest_rejected_event_is_not_stored(store_copy, monkeypatch):
    at = _app(store_copy, monkeypatch)
    _run(at)
    at.switch_page("views/ingest.py")
    _run(at)
    at.text_area(key="ing_text").input(INGEST_TEXT)
    at.text_input(key="ing_id").input("test-ingest-2")
    at.date_input(key="ing_published").set_value(INGEST_PUBLISHED)
    _run(at)
    at.button(key="ing_run").click()
    _run(at)
    next(c for c in at.checkbox if c.key and c.key.endswith("-accept")).uncheck()
    _run(at)
    at.text_input(key="analyst").input("tester")
    next(b for b in at.button if b.key == "ing_store").click()
    _run(at)
    with EventStore.open_readonly(store_copy) as s:
        assert s.events(report_id="test-ingest-2").empty
        assert s.report("test-ingest-2") is not None  # the report and its places are kept


def test_ingest_upload_jsonl(store_copy, monkeypatch):
    at = _app(store_copy, monkeypatch)
    _run(at)
    at.switch_page("views/ingest.py")
    _run(at)
    at.radio(key="ing_mode").set_value("Upload files")
    _run(at)
    line = json.dumps({"id": "test-up-1", "text": INGEST_TEXT, "published": "2019-03-07"})
    at.file_uploader(key="ing_files").upload("batch.jsonl", (line + "\nnot json\n").encode())
    _run(at)
    assert any("line 2" in w.value for w in at.warning)
    at.button(key="ing_run").click()
    _run(at)
    assert [c for c in at.checkbox if c.key and c.key.endswith("-accept")]


# ----------------------------------------------------------------------------- data module
def test_exports_hold_exactly_the_filtered_events(base_store):
    import io

    import pandas as pd

    with EventStore.open_readonly(base_store) as s:
        frame = data.load_frame(s)
        f = Filters(types=("Protests",), date_from=date(2022, 1, 1))
        df = data.select_events(frame, f)
        want = set(s.events(**f.store_kwargs())["event_id"])
    assert set(df["event_id"]) == want and want
    csv = pd.read_csv(io.BytesIO(data.export_bytes(df, "csv")))
    assert set(csv["event_id_cnty"]) == want
    gj = json.loads(data.export_bytes(df, "geojson"))
    assert {f_["properties"]["event_id"] for f_ in gj["features"]} == want


def test_filters_round_trip_and_mask_match_the_store(base_store):
    f = Filters(date_from=date(2022, 1, 1), date_to=date(2022, 1, 31), play="window",
                day=date(2022, 1, 6), window=3, types=("Protests", "Riots"), min_severity=2,
                countries=("KZ",), regions=("almaty",), text="", statuses=("unreviewed",),
                bbox=(50.25, 40.0, 80.5, 48.75), sources=("Steppe Wire", "Test <i>Wire</i>"))
    assert Filters.from_query(f.to_query()) == f
    v = ViewOptions(selected="e1", heat_weight="fatalities", choropleth=None, cluster=False)
    assert ViewOptions.from_query(v.to_query()) == v
    with EventStore.open_readonly(base_store) as s:
        frame = data.load_frame(s)
        west = Filters(bbox=(45.0, 40.0, 60.0, 50.0))  # the Caspian side of Kazakhstan
        across = Filters(bbox=(170.0, -90.0, 60.0, 90.0))  # W > E: across the antimeridian
        assert 0 < len(data.select_events(frame, west)) < len(data.select_events(frame, Filters()))
        steppe = Filters(sources=("Steppe Wire",))  # alone, and inside "A; Steppe Wire"
        assert 0 < len(data.select_events(frame, steppe)) < len(data.select_events(frame, Filters()))
        for flt in (f, Filters(actors=("Police Forces of Kazakhstan",)), Filters(text="almaty"),
                    west, across, steppe, Filters(sources=("Steppe",)),
                    Filters(sources=("Test <i>Wire</i>", "Caspian Daily Monitor"))):
            ids = data.text_ids.__wrapped__(str(base_store), (), flt.text) if flt.text else None
            got = set(data.select_events(frame, flt, ids)["event_id"])
            assert got == set(s.events(**flt.store_kwargs())["event_id"])


def test_not_pinned_matches_layers_country_level(base_store):
    import pandas as pd

    from geodata.maps.layers import country_level

    with EventStore.open_readonly(base_store) as s:
        df = s.events(include_rejected=True)
    extra = pd.DataFrame([{**df.iloc[0].to_dict(), "event_id": "x1", "latitude": None,
                           "geo_precision": 1},
                          {**df.iloc[0].to_dict(), "event_id": "x2", "geo_precision": None,
                           "latitude": None, "longitude": None}])
    df = pd.concat([df, extra], ignore_index=True)
    got = set(data.not_pinned(df)["event_id"])
    assert got == set(country_level(df)["event_id"]) and {"x1", "x2"} <= got


def test_sample_copy_is_made_in_the_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(data.ENV_DATA_HOME, str(tmp_path / "home"))
    target = data.user_data_dir() / "sample_store.gpkg"
    path, note = data._make_sample_copy(target)
    assert path == target and target.is_file() and note
    with EventStore.open_readonly(target) as s:
        assert s.summary()["events"] > 0


def test_resolve_store_explicit_and_read_only(tmp_path, monkeypatch, base_store):
    monkeypatch.delenv(data.ENV_READONLY, raising=False)
    c = data.resolve_store(["--store", str(base_store)])
    assert c.path == base_store.resolve() and c.writable and not c.is_sample
    monkeypatch.setenv(data.ENV_READONLY, "1")
    assert not data.resolve_store(["--store", str(base_store)]).writable
    from geodata.exceptions import StoreError

    with pytest.raises(StoreError):
        data.resolve_store(["--store", str(tmp_path / "nowhere" / "x.gpkg")])


def test_store_version_changes_on_write(store_copy):
    v1 = data.store_version(store_copy)
    with EventStore(store_copy) as s:
        eid = s.events(limit=1)["event_id"].iloc[0]
        s.verify(eid, who="tester")
    assert data.store_version(store_copy) != v1


# ----------------------------------------------------------------------------- command
def test_dashboard_command_builds_streamlit_run(tmp_path, monkeypatch, base_store, capsys):
    from geodata import cli
    from geodata.commands import dashboard as cmd

    seen = {}
    monkeypatch.setattr(cmd, "_exec", lambda c, env: seen.update(cmd=c, env=env) or 0)
    monkeypatch.setattr(cmd, "_start_warmer", lambda a, p, env: seen.update(warm=(a, p)))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["dashboard", "--store", str(base_store), "--port", "8765"]) == 0
    assert seen.pop("warm") == ("127.0.0.1", 8765)  # the store is loaded while it starts
    assert cli.main(["dashboard", "--store", str(base_store), "--port", "8765", "--no-warm"]) == 0
    assert "warm" not in seen
    c = seen["cmd"]
    assert c[1:4] == ["-m", "streamlit", "run"] and c[4].endswith("dashboard/app.py")
    flags = dict(zip(c[5::2], c[6::2], strict=False))
    assert flags["--server.port"] == "8765" and flags["--server.address"] == "127.0.0.1"
    assert flags["--browser.gatherUsageStats"] == "false"
    assert flags["--server.headless"] == "true"
    assert flags["--server.enableStaticServing"] == "true"
    assert flags["--server.scriptHealthCheckEnabled"] == "true"  # for the warm-up
    assert seen["env"][cmd.ENV_STORE] == str(base_store.resolve())
    assert cli.main(["dashboard", "--store", str(tmp_path / "no" / "x.gpkg")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_downloads_are_exactly_the_filtered_events_and_briefing_maps(base_store, monkeypatch):
    """The page offers CSV, GeoJSON and map (PDF, offline HTML) downloads; the library code
    behind them gives exactly the filtered events."""
    import json

    from dashboard import data

    at = _run(_app(base_store, monkeypatch, {"type": "Riots"}))
    keys = {el.key for el in at.get("download_button")}
    assert {"dl_csv", "dl_geojson", "dl_map_pdf", "dl_map_html"} <= keys
    with EventStore.open_readonly(base_store) as s:
        riots = s.events(event_types=["Riots"])
    fc = json.loads(data.export_bytes(riots, "geojson"))
    assert len(fc["features"]) == len(riots) > 0
    assert {f["properties"]["event_type"] for f in fc["features"]} == {"Riots"}
    assert data.map_export_bytes(riots, "pdf")[:5] == b"%PDF-"
    html = data.map_export_bytes(riots, "html").decode()
    assert "<script src=\"http" not in html and "Riots" in html


def test_timeline_and_region_counts():
    import numpy as np
    import pandas as pd

    df = pd.DataFrame({
        "event_id": list("abcdef"),
        "event_date": ["2022-01-05", "2022-01-05", "2022-01-04", None, "2022-01-05", "2022-01-06"],
        "event_type": ["Riots", "Protests", "Riots", "Riots", "Riots", None],
        "fatalities": pd.array([2, None, 1, 5, 3, 0], dtype="Int64"),
        "geo_precision": pd.array([1, 1, 3, 1, 4, 2], dtype="Int64"),
        "admin1": ["Almaty City", "", None, "Almaty City", "Almaty City", "Mangystau"],
        "country": ["Kazakhstan"] * 5 + [None], "country_code": ["KZ"] * 6,
        "latitude": 43.2, "longitude": 76.9,
    })
    tl = data.timeline_frame(df)
    assert [(str(d.date()), t, n, f) for d, t, n, f in tl.itertuples(index=False)] == [
        ("2022-01-04", "Riots", 1, 1), ("2022-01-05", "Protests", 1, 0),
        ("2022-01-05", "Riots", 2, 5), ("2022-01-06", "Unknown", 1, 0)]
    days = pd.to_datetime(df["event_date"]).to_numpy(dtype="datetime64[D]").astype("int64")
    with_day = df.assign(_day=np.where(df["event_date"].isna(), np.nan, days))
    assert data.timeline_frame(with_day).equals(tl)  # the store frame's _day column, same result
    rf = data.region_frame(df)
    assert [tuple(r) for r in rf.itertuples(index=False)] == [
        ("Kazakhstan", "Almaty City", 2, 7),  # most events first, then most fatalities
        ("Kazakhstan", "(unknown)", 2, 1),  # blank and missing admin-1: one row
        ("Kazakhstan", "(country-level)", 1, 3),
        ("KZ", "Mangystau", 1, 0),  # no country name: its code
    ]
    assert data.timeline_frame(df.iloc[:0]).empty and data.region_frame(df.iloc[:0]).empty


@pytest.fixture
def cache_dir(tmp_path):
    from geodata import settings

    before = settings.get().cache_dir
    settings.configure(cache_dir=tmp_path / "cache")
    yield tmp_path / "cache"
    settings.configure(cache_dir=before)


def test_frame_cache_round_trip_and_invalidation(store_copy, cache_dir):
    import pandas as pd

    from geodata import settings

    b = data.boundaries.__wrapped__()
    with EventStore.open_readonly(store_copy) as s:
        fresh = data.load_frame(s, b)
    assert data.read_cached_frame(store_copy, b) is None  # nothing cached yet
    file = data.write_cached_frame(store_copy, fresh, b)
    assert file is not None and file.is_file() and file.is_relative_to(cache_dir)
    assert not list(file.parent.glob(".*part*"))  # written atomically
    back = data.read_cached_frame(store_copy, b)
    pd.testing.assert_frame_equal(back, fresh)
    assert back.attrs == fresh.attrs and "_region" in back.columns
    for flt in (Filters(), Filters(countries=("KZ",)), Filters(min_severity=3)):
        assert list(data.select_events(back, flt)["event_id"]) == list(
            data.select_events(fresh, flt)["event_id"])
    # another content of the store: the cached frame is not used
    eid = str(fresh["event_id"].iloc[0])
    with EventStore(store_copy) as s:
        s.verify(eid, who="tester", note="checked")
    assert data.read_cached_frame(store_copy, b) is None
    # a broken cache file is ignored, not fatal
    data.write_cached_frame(store_copy, fresh, b)
    file.write_bytes(b"not arrow")
    assert data.read_cached_frame(store_copy, b) is None
    # a cache folder that cannot be written is skipped
    settings.configure(cache_dir=file)  # a file, not a folder
    assert data.write_cached_frame(store_copy, fresh, b) is None


def test_warm_up_reports_a_server_that_is_missing_or_lacks_the_check():
    import http.server
    import threading

    from geodata.commands._warm import warm

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"ok" if self.path == "/_stcore/health" else b"not found"
            self.send_response(200 if self.path == "/_stcore/health" else 404)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        ok, message, _ = warm(f"http://127.0.0.1:{srv.server_address[1]}", start_timeout=5)
        assert (ok, message) == (False, "unavailable")
    finally:
        srv.shutdown()
    ok, message, _ = warm(f"http://127.0.0.1:{srv.server_address[1]}", start_timeout=0.3, poll=0.05)
    assert (ok, message) == (False, "not started")


def test_map_area_from_the_url_filters_and_can_be_cleared(base_store, monkeypatch):
    """A grid cell clicked on an aggregated map becomes a map-area filter (``bbox`` in the
    URL): the page shows the events inside it, says so, and can drop it."""
    box = (45.0, 40.0, 60.0, 50.0)
    at = _run(_app(base_store, monkeypatch, {"bbox": ",".join(map(str, box))}))
    assert _shown(at) == _expected(base_store, bbox=box) > 0
    assert _shown(at) < _expected(base_store)
    assert any("Map area: latitude 40 to 50, longitude 45 to 60" in c.value for c in at.caption)
    assert _query(at)["bbox"] == "45,40,60,50"
    at.button(key="clear_bbox").click()
    _run(at)
    assert _shown(at) == _expected(base_store) and "bbox" not in _query(at)
    at = _run(_app(base_store, monkeypatch, {"bbox": "1,2,3"}))  # unreadable: ignored
    assert _shown(at) == _expected(base_store)


def test_frame_after_a_review_is_patched_not_reloaded(store_copy, cache_dir, monkeypatch):
    """A review or correction made in the dashboard patches the loaded frame (the same rows
    a reload gives); a write by anyone else makes the next frame read the store again."""
    import pandas as pd

    from geodata.io.reports import Report
    from geodata.pipeline import process_report

    p = str(store_copy)
    choice = data.StoreChoice(store_copy, True, False, "test")
    first = data.frame.__wrapped__(p, data.store_version(p), True)
    ids = list(first["event_id"])
    dated = first[first["event_date"].notna()].iloc[0]
    data.set_status(choice, ids[0], "verified", who="tester", note="checked")
    data.update_event(choice, str(dated["event_id"]), who="tester", note="a day later",
                      event_date=(date.fromisoformat(str(dated["event_date"])[:10])
                                  + timedelta(days=1)).isoformat())
    report = Report(id="patch-1", text="Police dispersed a rally in Aktau on Monday with tear gas.",
                    published=date(2022, 1, 11), source="Test Wire")
    res = process_report(report)
    result, problems = data.ingest_report(choice, report, res.mentions, res.events, who="tester")
    assert not problems and result.event_ids

    def no_reload(*a, **k):
        raise AssertionError("the store was read again")

    with monkeypatch.context() as m:
        m.setattr(data, "load_frame", no_reload)
        m.setattr(data, "read_cached_frame", lambda *a, **k: no_reload())
        patched = data.frame.__wrapped__(p, data.store_version(p), True)
    with EventStore.open_readonly(store_copy) as s:
        fresh = data.load_frame(s, data.boundaries.__wrapped__())
    pd.testing.assert_frame_equal(patched, fresh)
    assert patched.loc[patched["event_id"] == ids[0], "status"].item() == "verified"
    assert set(result.event_ids) <= set(patched["event_id"])
    # a status change alone: the rows stay where they are, two columns are copied
    data.set_status(choice, ids[2], "rejected", who="tester", note="not an event")
    with monkeypatch.context() as m:
        m.setattr(data, "load_frame", no_reload)
        m.setattr(data, "read_cached_frame", lambda *a, **k: no_reload())
        m.setattr(frames, "_sorted", lambda *a, **k: no_reload())  # no sort either
        patched2 = data.frame.__wrapped__(p, data.store_version(p), True)
    with EventStore.open_readonly(store_copy) as s:
        pd.testing.assert_frame_equal(patched2, data.load_frame(s, data.boundaries.__wrapped__()))
    assert patched2.loc[patched2["event_id"] == ids[2], "status"].item() == "rejected"
    # someone else writes: the next frame is read from the store, not patched
    with EventStore(store_copy) as s:
        s.flag(ids[1], who="colleague", note="double-check the place")
    again = data.frame.__wrapped__(p, data.store_version(p), True)
    assert again.loc[again["event_id"] == ids[1], "status"].item() == "flagged"


def test_filter_source(base_store, monkeypatch):
    """The sources are a filter (widget and URL): an event counts for each of its sources."""
    at = _run(_app(base_store, monkeypatch, {"src": "Steppe Wire"}))
    assert _shown(at) == _expected(base_store, sources=("Steppe Wire",)) > 0
    assert _shown(at) < _expected(base_store)
    with EventStore.open_readonly(base_store) as s:
        assert "Steppe Wire" in s.facets()["sources"]
        assert not any(";" in x for x in s.facets()["sources"])  # each name once, split
    box = next(m for m in at.multiselect if m.label == "Source")
    assert box.value == ["Steppe Wire"]
    box.set_value(["Steppe Wire", "Caspian Daily Monitor"])
    _run(at)
    assert _shown(at) == _expected(base_store, sources=("Steppe Wire", "Caspian Daily Monitor"))
    src = _query(at)["src"]  # AppTest keeps a repeated key as a list
    assert set(src if isinstance(src, list) else [src]) == {"Steppe Wire", "Caspian Daily Monitor"}


def test_move_an_event_to_another_place(store_copy, monkeypatch):
    """The correction panel moves an event to a gazetteer place (audited): what an event whose
    town was not found needs."""
    pytest.importorskip("geodata.places.gazetteer")
    from geodata.settings import DATA_DIR

    if not (DATA_DIR / "gazetteer.sqlite").exists():
        pytest.skip("gazetteer index not built")
    with EventStore.open_readonly(store_copy) as s:
        eid = s.events(date_from="2022-01-01", limit=1)["event_id"].iloc[0]
    at = _run(_app(store_copy, monkeypatch, {"sel": eid}))
    at.text_input(key="analyst").input("tester")
    at.text_input(key=f"move-q-{eid}").input("Aktau")
    _run(at)
    pick = at.selectbox(key=f"move-pick-{eid}")
    assert pick.options and "Aktau" in pick.options[0]  # labelled "Aktau, Mangystau, KZ (city)"
    at.button(key=f"move-{eid}").click()
    _run(at)
    with EventStore.open_readonly(store_copy) as s:
        ev = s.event(eid)
        audit = s.audit(eid)
    assert ev["location"] == "Aktau" and ev["country_code"] == "KZ"
    assert abs(ev["latitude"] - 43.65) < 0.2 and abs(ev["longitude"] - 51.17) < 0.2
    assert audit["who"].tolist()[-1] == "tester" and "moved to Aktau" in audit["note"].tolist()[-1]
    assert any("moved to Aktau" in m.value for m in at.success)


def test_audit_page_lists_events_whose_place_was_not_found(store_copy, monkeypatch):
    """An event put at country level because its village is not in the gazetteer is listed
    on the review page with the name that was not found and a link that opens it."""
    from geodata.io.reports import Report
    from geodata.pipeline import process_report

    report = Report(id="unplaced-1", published=date(2022, 1, 11), source="Test Wire",
                    text="Gunmen killed five herders in the village of Qwertyzhol in "
                         "Kazakhstan on Monday.")
    res = process_report(report)
    assert [e.geo_precision for e in res.events] == [4]
    with EventStore(store_copy) as s:
        s.add_report(report, res.mentions, res.events)
        eid = s.events(report_id="unplaced-1")["event_id"].iloc[0]
    with EventStore.open_readonly(store_copy) as s:
        listed = data.unplaced_events(data.load_frame(s))
    assert listed["event_id"].tolist() == [eid] and listed["not_found"].tolist() == ["Qwertyzhol"]
    at = _app(store_copy, monkeypatch)
    _run(at)
    at.switch_page("views/audit.py")
    _run(at)
    assert any("whose place was not found" in h.value for h in at.subheader)
    shown = [t.value for t in at.dataframe if "not_found" in t.value.columns]
    assert shown and shown[0]["not_found"].tolist() == ["Qwertyzhol"]
    assert shown[0]["open"].tolist() == [f"./?sel={eid}"]


def test_region_chart_names_every_bar_with_integer_ticks():
    import pandas as pd

    from dashboard import charts

    names = [f"Region number {i} with a long official name" for i in range(9)]
    regions = pd.DataFrame({"country": "Kazakhstan", "admin1": names,
                            "events": [3, 2, 2, 1, 1, 1, 1, 1, 1], "fatalities": 0})
    spec = charts.region_chart(regions).to_dict()
    y, x = spec["encoding"]["y"], spec["encoding"]["x"]
    assert y["axis"]["labelLimit"] == 0 and y["axis"]["labelOverlap"] is False
    assert spec["height"] == {"step": 22}  # a row per bar: every label drawn
    assert x["axis"]["values"] == [0, 1, 2, 3] and x["axis"]["format"] == "d"
    data_rows = next(iter(spec["datasets"].values()))
    assert [r["label"] for r in data_rows] == [f"{n} (Kazakhstan)" for n in names]


@pytest.mark.parametrize(("days", "unit", "least"), [(1, "day", 7), (7, "day", 7),
                                                      (3650, "month", 3650)])
def test_timeline_bar_width_fits_the_span(days, unit, least):
    import pandas as pd

    from dashboard import charts

    dates = pd.date_range("2015-03-02", periods=days, freq="D")
    tl = pd.DataFrame({"date": dates, "event_type": "Riots", "events": 1, "fatalities": 0})
    spec = charts.timeline_chart(tl).to_dict()
    x = spec["vconcat"][0]["layer"][0]["encoding"]["x"]
    lo, hi = (pd.Timestamp(v) for v in x["scale"]["domain"])
    assert (hi - lo).days >= least  # one day is a narrow bar, not the full width
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == len(charts.binned_timeline(tl, unit))
    assert charts.span_unit(dates[0], dates[-1]) == unit
    assert x["axis"]["format"] == ("%b %Y" if unit == "month" else "%b %d, %Y")


def test_warm_up_process_is_not_left_a_zombie(tmp_path):
    """`unrest-atlas dashboard` starts its warm-up beside the server it becomes: started as a
    grandchild, it is adopted by init, so the server (which never waits for it) keeps no
    zombie."""
    import os
    import sys
    import time

    from geodata.commands.dashboard import spawn_detached

    out = tmp_path / "ppid"
    spawn_detached([sys.executable, "-c",
                    f"import os; open({str(out)!r}, 'w').write(str(os.getppid()))"],
                   dict(os.environ))
    deadline = time.monotonic() + 20
    while not (out.is_file() and out.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert out.read_text() and int(out.read_text()) != os.getpid()  # not our child


def test_first_page_draws_the_map_first(base_store, monkeypatch):
    """A session's first page leaves the tables and charts to a second run a moment later
    (they held the map back in the browser); that run draws the whole page."""
    monkeypatch.setenv(data.ENV_STORE, str(base_store))
    monkeypatch.delenv(data.ENV_READONLY, raising=False)
    at = _run(AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT))
    assert _map_args(at)["script"]  # the map is there
    captions = " ".join(c.value for c in at.caption)
    assert "Drawing the table" in captions and "Drawing the timeline" in captions
    assert not at.get("download_button") and not at.get("vega_lite_chart")
    _run(at)  # the second run (the page's timer asks for it)
    assert "Drawing the table" not in " ".join(c.value for c in at.caption)
    assert {el.key for el in at.get("download_button")} >= {"dl_csv", "dl_geojson"}
    assert at.dataframe and at.get("vega_lite_chart")
