"""geodata.maps.layers: what the generated map HTML/JS contains."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from _map_events import XSS_IMG, XSS_SCRIPT, sample_events

from geodata import settings
from geodata.exceptions import ExportError
from geodata.maps import _mapjs, _popups, layers, styles
from geodata.settings import DATA_DIR

HAVE_BOUNDARIES = (DATA_DIR / "boundaries.gpkg").is_file()
needs_boundaries = pytest.mark.skipif(not HAVE_BOUNDARIES,
                                      reason="geodata/data/boundaries.gpkg not built")


def _render(m) -> str:
    return m.get_root().render()


def _event_layers(m) -> list[_mapjs.EventLayer]:
    out = []

    def walk(el):
        if isinstance(el, _mapjs.EventLayer):
            out.append(el)
        for c in getattr(el, "_children", {}).values():
            walk(c)

    walk(m)
    return out


def _popup(els, event_id: str) -> str:
    """The popup HTML of an event drawn as a point (built from its record, as in the page)."""
    return next(_popups.event_html(el.records[p[4]], el.color) for el in els for p in el.points
                if p[5]["event_id"] == event_id)


def _cell_popup(el, cell) -> str:
    return _popups.cell_html(cell, el.type_html, el.color, el.size_text, el.limit_text)


def _drawn_ids(m) -> tuple[set[str], set[str], set[str]]:
    points, regions, halos = set(), set(), set()
    for el in _event_layers(m):
        points |= {p[5].get("event_id") for p in el.points if p[5].get("event_id")}
        for f in el.regions["features"]:
            regions |= set(f["properties"]["event_ids"])
        halos |= {h[4]["event_id"] for h in el.halos}
    return points, regions, halos


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return sample_events()


@pytest.fixture(scope="module")
def inline_map(events):
    return layers.build_map(events, mode="inline")


@pytest.fixture(scope="module")
def inline_html(inline_map) -> str:
    return _render(inline_map)


def test_one_layer_per_event_type_in_layer_control(inline_html, events):
    control = re.search(r"overlays\s*:\s*\{(.*?)\}", inline_html, re.S)
    assert control, "no layer control"
    names = control.group(1)
    for t in styles.EVENT_TYPES:
        n = int(((events.event_type == t) & (events.geo_precision <= 3)).sum())
        assert f"{t} ({n})" in names, t
    assert "Heat (severity)" in names
    assert "Events per region (admin-1)" in names


def test_colours_by_type_and_radius_by_severity(inline_map):
    by_color = {el.color: el for el in _event_layers(inline_map)}
    assert set(by_color) >= {styles.EVENT_TYPE_COLORS[t] for t in styles.EVENT_TYPES}
    battle = by_color[styles.EVENT_TYPE_COLORS["Battles"]].points[0]
    protest = by_color[styles.EVENT_TYPE_COLORS["Protests"]].points[0]
    assert battle[2] == styles.severity_radius(5) > protest[2] == styles.severity_radius(2)


def test_legend_present(inline_html):
    for text in ("Event types", "Severity", "Location precision", "exact place",
                 "near a place", "region-level (area)", "1 country-level event not drawn",
                 "Events per region"):
        assert text in inline_html, text
    for t in styles.EVENT_TYPES:
        assert t in inline_html


def test_report_text_is_escaped(inline_html):
    assert XSS_SCRIPT not in inline_html
    assert XSS_IMG not in inline_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in inline_html
    assert "&lt;img src=x onerror=alert(1)&gt;" in inline_html
    assert "onerror=alert(1)>" not in inline_html


def test_place_is_highlighted(inline_html):
    inline_html = inline_html.replace("<\\/", "</")  # as the browser's JSON parse gives it
    assert "marched through <mark>Zhanaozen</mark> demanding" in inline_html
    assert "set cars alight in <mark>Aktau</mark>." in inline_html


def test_popup_fields(events):
    row = events[events.event_id == "ev-protest"].iloc[0]
    h = layers.event_popup_html(row)
    for text in ("2 Jan 2022 (exact day)", "Protests", "Peaceful protest",
                 "Protesters (Kazakhstan)", "Fatalities: 0", "Severity: 2/5", "Report rep-1",
                 "source: Test Wire", "3 sources (corroborated)", "✔ verified",
                 "Event ID: ev-protest", 'data-event-id="ev-protest"'):
        assert text in h, text
    assert "Flag as wrong" not in h and "ua-flag" not in h  # nothing that records nothing
    riot = layers.event_popup_html(events[events.event_id == "ev-riot"].iloc[0])
    assert "week of 4 Jan 2022" in riot and "⚑ flagged" in riot
    assert "near a place" in riot


def test_event_id_attribute_is_escaped():
    h = layers.event_popup_html({"event_id": 'x" onmouseover="alert(1)', "event_type": "Riots"})
    assert 'onmouseover="alert(1)' not in h
    assert "x&quot; onmouseover=&quot;alert(1)" in h


@needs_boundaries
def test_precision_rules(inline_map, events):
    points, regions, halos = _drawn_ids(inline_map)
    assert points == {"ev-protest", "ev-riot", "ev-battle", "ev-explosion", "ev-civilians"}
    assert regions == {"ev-region"}  # drawn as the Mangystau outline, not as a marker
    assert halos == {"ev-halo"}  # region-level with no matching outline: a halo circle
    s = inline_map.unrest_summary
    assert (s.points, s.regions, s.halos, s.country_level) == (5, 1, 1, 1)
    near = [p for el in _event_layers(inline_map) for p in el.points if p[3] == 2]
    assert [p[5]["event_id"] for p in near] == ["ev-riot"]  # dashed ring


@needs_boundaries
def test_region_event_is_a_polygon(inline_map):
    feats = [f for el in _event_layers(inline_map) for f in el.regions["features"]]
    (f,) = feats
    assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert f["properties"]["event_id"] == "ev-region"
    assert f["properties"]["gn_a1_code"] == "KZ.09"
    coords = f["geometry"]["coordinates"]
    ring = coords[0] if f["geometry"]["type"] == "Polygon" else coords[0][0]
    lon, lat = np.array(ring).T
    assert 49 < lon.min() < lon.max() < 57 and 40 < lat.min() < lat.max() < 47


def test_country_level_not_drawn(inline_html, events):
    assert "ev-country" not in inline_html
    assert "Mobile internet was cut" not in inline_html
    assert list(layers.country_level(events).event_id) == ["ev-country"]


def test_country_level_includes_points_without_coordinates():
    ev = pd.DataFrame({"event_id": ["a", "b", "c"], "event_type": ["Riots"] * 3,
                       "latitude": [43.0, None, 44.0], "longitude": [51.0, None, 52.0],
                       "geo_precision": [1, 1, 4]})
    assert list(layers.country_level(ev).event_id) == ["b", "c"]
    m = layers.build_map(ev, boundaries=False, basemap="none", mode="inline")
    assert m.unrest_summary.unplaced == ["b"]
    assert _drawn_ids(m)[0] == {"a"}


def test_no_cdn_links(events):
    for mode in ("static", "inline"):
        h = _render(layers.build_map(events, mode=mode))
        assert not re.search(r"""(?:src|href)=["']https?://""", h), mode
        for host in ("cdn.jsdelivr", "cdnjs", "code.jquery", "unpkg", "bootstrapcdn"):
            assert host not in h, (mode, host)
        srcs = re.findall(r"""<script[^>]+src=["']([^"']+)""", h)
        assert srcs
        prefix = "data:" if mode == "inline" else "/app/static/unrest-atlas/"
        assert all(s.startswith(prefix) for s in srcs), (mode, srcs)
        if mode == "inline":
            assert layers.check_offline_html(h) == []


def test_heat_layer(inline_html, inline_map):
    assert "L.heatLayer(" in inline_html
    assert '"pane": "ua-heat"' in inline_html
    assert re.search(r"ua-heat.*?pointerEvents = 'none'", inline_html, re.S)
    assert inline_map.unrest_summary.heat_points == 7
    fat = _render(layers.build_map(sample_events(), mode="inline", heat_weight="fatalities"))
    assert "Heat (fatalities)" in fat


@needs_boundaries
def test_choropleth(inline_html, inline_map):
    assert "pane: 'ua-choropleth'" in inline_html
    assert "Mangghystau" in inline_html and "fatalities" in inline_html
    assert inline_map.unrest_summary.choropleth_regions >= 3  # Mangystau, Almaty City, ...
    none = layers.build_map(sample_events(), mode="inline", choropleth=None)
    assert "pane: 'ua-choropleth'" not in _render(none)


def test_aggregation_keeps_200k_events_small():
    rng = np.random.default_rng(7)
    n = 200_000
    ev = pd.DataFrame({
        "event_id": [f"e{i}" for i in range(n)],
        "event_type": rng.choice(list(styles.EVENT_TYPES), n),
        "latitude": rng.uniform(40.6, 55.4, n), "longitude": rng.uniform(46.5, 87.3, n),
        "geo_precision": rng.choice([1, 2, 3, 4], n, p=[0.5, 0.3, 0.15, 0.05]),
        "severity": rng.integers(1, 6, n), "fatalities": rng.integers(0, 4, n),
        "event_date": "2022-01-05", "notes": "A crowd gathered.", "admin1": None,
        "country_code": "KZ"})
    m = layers.build_map(ev, mode="inline", selected_event_id="e0")
    h = _render(m)
    assert len(h) < 5_000_000, len(h)
    s = m.unrest_summary
    assert s.aggregated and 0 < s.cells <= 5000
    # no per-event popups, except the selected event's; each cell's popup made from its record
    assert [r[0] for el in _event_layers(m) for r in el.records] == ["e0"]
    assert '"e1"' not in h and "Event ID: e0" in _popup(_event_layers(m), "e0")
    cells = [(el, c) for el in _event_layers(m) for c in el.cells]
    assert len(cells) == s.cells and sum(c[3] for _el, c in cells) == s.cell_events
    # the cells join the map's one cluster group (thousands of circles would each be a path)
    assert s.clustered and all(el.target is not None for el, _c in cells)
    assert _render(m).count("L.markerClusterGroup(") == 1
    assert "Aggregated" in _cell_popup(*cells[0])
    assert "L.heatLayer(" in h


def test_small_sets_are_not_aggregated(events):
    # the rule counts drawn features: 5 points, 1 halo, 1 region area = 7
    m = layers.build_map(events, mode="inline", max_markers=7)
    assert not m.unrest_summary.aggregated
    m2 = layers.build_map(events, mode="inline", max_markers=6)
    assert m2.unrest_summary.aggregated and m2.unrest_summary.points == 0


def test_clustering(events):
    clustered = _render(layers.build_map(events, mode="inline", cluster=True,
                                         cluster_min_points=0))
    assert clustered.count("L.markerClusterGroup(") == 1  # one group: rings mix the types
    plain = _render(layers.build_map(events, mode="inline", cluster=False))
    assert "L.markerClusterGroup(" not in plain
    # a few events read fine one by one: clusters only above CLUSTER_MIN_POINTS points
    few = layers.build_map(events, mode="inline", cluster=True)
    assert not few.unrest_summary.clustered
    assert "L.markerClusterGroup(" not in _render(few)


def test_event_ids_carried_for_clicks(inline_map):
    for el in _event_layers(inline_map):
        for p in el.points:
            popup = _popups.event_html(el.records[p[4]], el.color)
            assert p[5]["event_id"] and f"Event ID: {p[5]['event_id']}" in popup


def test_event_id_from_click():
    f = layers.event_id_from_click
    assert f(None) is None and f({}) is None
    assert f({"last_active_drawing": {"type": "Feature", "properties": {"event_id": "ev-1"}}}) \
        == "ev-1"
    assert f({"last_active_drawing": {"properties": {"cell": True, "event_count": 9}},
              "last_object_clicked_popup": "9 Riots events"}) is None
    assert f({"last_active_drawing": {"properties": {"region": "Mangghystau", "events": 3}}}) \
        is None
    assert f({"last_active_drawing": None,
              "last_object_clicked_popup": "Riots\n5 Jan 2022\nunreviewed · Event ID: ev-9\n"}) \
        == "ev-9"


def test_format_event_date():
    assert layers.format_event_date("2022-01-05", 1) == "5 Jan 2022 (exact day)"
    assert layers.format_event_date("2022-01-05", 2) == "week of 5 Jan 2022"
    assert layers.format_event_date("2022-01-05", 3) == "January 2022 (month)"
    assert layers.format_event_date(None, 1) == "date unknown"


def test_selected_event_ring(events):
    m = layers.build_map(events, mode="inline", selected_event_id="ev-battle")
    h = _render(m)
    assert "ua-selected" in h
    assert m.location == [43.25, 76.92]


def test_bad_input():
    with pytest.raises(ExportError, match="event_type"):
        layers.build_map(pd.DataFrame({"event_id": ["a"]}))
    with pytest.raises(ExportError):
        layers.build_map(sample_events(), mode="pdf")  # type: ignore[arg-type]
    with pytest.raises(ExportError):
        layers.build_map(sample_events(), choropleth="deaths")  # type: ignore[arg-type]


def test_web_tiles_need_the_setting(events):
    old = settings.get()
    try:
        settings.configure(web_tiles=False)
        with pytest.raises(ExportError, match="web tiles"):
            layers.build_map(events, basemap="web")
        settings.configure(web_tiles=True)
        h = _render(layers.build_map(events, basemap="web", mode="static"))
        assert "tile.openstreetmap.org" in h
        assert "OpenStreetMap" in h
    finally:
        settings.configure(**{"web_tiles": old.web_tiles})


def test_offline_tiles_url_and_attribution(events):
    h = _render(layers.build_map(events, mode="static", basemap="tiles"))
    assert "/app/static/unrest-atlas/tiles/{z}/{x}/{y}.png" in h
    assert "OpenStreetMap" in h and "ODbL" in h
    assert '"maxNativeZoom": 6' in h
    with pytest.raises(ExportError, match="self-contained"):
        layers.build_map(events, mode="inline", basemap="tiles")


@needs_boundaries
def test_vector_basemap_and_attribution(inline_html):
    assert "ua-basemap" in inline_html and "Natural Earth" in inline_html
    assert "Kazakhstan" in inline_html


def test_save_html_self_contained(tmp_path, events):
    m = layers.build_map(events, mode="static", basemap="vector")
    out = layers.save_html(m, tmp_path / "map.html")
    text = out.read_text(encoding="utf-8")
    assert layers.check_offline_html(text) == []
    assert not re.search(r"""<(?:script|link)[^>]+(?:src|href)=["'](?!data:)""", text)
    assert not list(tmp_path.glob("*.part*"))
    with pytest.raises(ExportError, match="network"):
        layers.save_html(layers.build_map(events, mode="static", basemap="tiles"),
                         tmp_path / "tiles.html")
    assert not (tmp_path / "tiles.html").exists()


def test_check_offline_html_catches_remote_resources():
    ok = '<a href="https://www.openstreetmap.org/copyright">OSM</a> text http://example.org'
    assert layers.check_offline_html(ok) == []
    assert layers.check_offline_html('<script src="https://x.org/a.js"></script>')
    assert layers.check_offline_html('<link rel="stylesheet" href="//x.org/a.css"/>')
    assert layers.check_offline_html('L.tileLayer("tiles/{z}/{x}/{y}.png")')
    assert layers.check_offline_html('<a href="https://evil.example/">x</a>')
    assert layers.check_offline_html("<style>a{background:url(https://x.org/i.png)}</style>")


def test_js_json_cannot_close_script():
    s = _mapjs.js_json(["</script><script>alert(1)</script>"])
    assert "</script" not in s
    assert json.loads(s.replace("<\\/", "</")) == ["</script><script>alert(1)</script>"]


def test_empty_events():
    ev = pd.DataFrame(columns=["event_id", "event_type", "latitude", "longitude",
                               "geo_precision"])
    m = layers.build_map(ev, mode="inline", boundaries=False, basemap="none")
    h = _render(m)
    assert "Event types" in h and m.unrest_summary.points == 0


def test_a_copied_or_pickled_map_keeps_its_event_scripts():
    import copy
    import pickle

    from _map_events import sample_events

    from geodata.maps.layers import build_map

    html = build_map(sample_events(), mode="static").get_root().render()
    for clone in (copy.deepcopy(build_map(sample_events(), mode="static")),
                  pickle.loads(pickle.dumps(build_map(sample_events(), mode="static")))):
        again = clone.get_root().render()
        assert again.count("ua-point") == html.count("ua-point") > 0, "event scripts lost in the copy"
        assert abs(len(again) - len(html)) < 0.05 * len(html)


def test_report_text_is_never_evaluated_as_a_template():
    from _map_events import sample_events

    from geodata.maps.layers import build_map

    df = sample_events()
    df.loc[df.index[0], "notes"] = "Crowds chanted {{ 7*7 }} and {% if 1 %}yes{% endif %}"
    df.loc[df.index[0], ["mention_start", "mention_end"]] = None
    html = build_map(df, mode="static").get_root().render()
    assert "{{ 7*7 }}" in html and "{% if 1 %}yes{% endif %}" in html
    assert "chanted 49" not in html


def _mixed_events(n: int, seed: int = 3) -> pd.DataFrame:
    """Many events over Kazakhstan: every precision, some without dates or figures."""
    rng = np.random.default_rng(seed)
    ev = pd.DataFrame({
        "event_id": [f"m{i}" for i in range(n)],
        "event_type": rng.choice(list(styles.EVENT_TYPES), n),
        "latitude": rng.uniform(41.0, 54.0, n), "longitude": rng.uniform(50.0, 85.0, n),
        "geo_precision": pd.array(rng.choice([1, 2, 3, 4], n, p=[0.5, 0.2, 0.2, 0.1]),
                                  dtype="Int64"),
        "severity": pd.array(rng.integers(1, 6, n), dtype="Int64"),
        "fatalities": pd.array(rng.integers(0, 5, n), dtype="Int64"),
        "event_date": rng.choice(["2022-01-04", "2022-01-05", None], n),
        "notes": "A crowd gathered.",
        "admin1": rng.choice(["Mangystau", "Almaty City", None], n), "country_code": "KZ"})
    ev.loc[ev.index[::7], "severity"] = pd.NA
    ev.loc[ev.index[::11], "latitude"] = np.nan
    return ev


def test_cells_count_sum_and_date_range():
    ev = pd.DataFrame({
        "event_id": ["a", "b", "c", "d"], "event_type": ["Riots"] * 3 + ["Protests"],
        "latitude": [43.2512, 43.2518, 43.2515, 51.17],
        "longitude": [76.9212, 76.9215, 76.9218, 71.45], "geo_precision": [1, 1, 2, 1],
        "severity": [2, 4, None, 1], "fatalities": [1, None, 2, 0],
        "event_date": ["2022-01-07", None, "2022-01-03", "2022-01-05"]})
    m = layers.build_map(ev, boundaries=False, mode="inline", basemap="none", max_markers=2)
    s = m.unrest_summary
    assert s.aggregated and s.grid_degrees == 0.01 and s.cells == 2
    riots = next(el for el in _event_layers(m) if el.etype == "Riots")
    assert [c[3] for c in riots.cells] == [3] and not riots.points
    popup = _cell_popup(riots, riots.cells[0])
    assert "3 Riots events" in popup and "Fatalities: 3" in popup
    assert "max severity 4/5" in popup and "in a 0.01° grid cell around 43.25, 76.92" in popup
    assert "Dates: 2022-01-03 – 2022-01-07" in popup  # the undated event does not widen it
    assert "more than 2 events on the map" in popup
    assert riots.cells[0][0] == pytest.approx(43.2515, abs=1e-4)


@needs_boundaries
def test_prepared_frame_draws_the_same_map():
    from dataclasses import asdict

    b = layers.load_boundaries()
    ev = pd.concat([sample_events(), _mixed_events(6000)], ignore_index=True)
    prepared = layers.prepare_events(ev, b)
    assert list(prepared.columns[: len(ev.columns)]) == list(ev.columns)
    assert prepared["severity"].dtype == ev["severity"].dtype  # the caller's columns untouched
    for rows, max_markers in ((slice(None), 2500), (slice(0, 400), 2500), (slice(0, 9), 5000)):
        raw_map = layers.build_map(ev.iloc[rows], boundaries=b, mode="inline", max_markers=max_markers)
        fast_map = layers.build_map(prepared.iloc[rows], boundaries=b, mode="inline",
                                    max_markers=max_markers)
        assert asdict(raw_map.unrest_summary) == asdict(fast_map.unrest_summary)
        raw_pts = [(p[0], p[1], p[2], p[3]) for el in _event_layers(raw_map)
                   for p in el.points + el.cells]
        fast_pts = [(p[0], p[1], p[2], p[3]) for el in _event_layers(fast_map)
                    for p in el.points + el.cells]
        assert raw_pts == fast_pts and raw_pts
    assert raw_map.unrest_summary.regions >= 1


@needs_boundaries
def test_region_column_is_trusted_only_for_its_boundaries():
    b = layers.load_boundaries()
    ev = sample_events()
    prepared = layers.prepare_events(ev, b)
    assert (prepared["_region"] >= 0).sum() >= 3
    expected = layers.build_map(ev, boundaries=b, mode="inline").unrest_summary
    blanked = prepared.assign(_region=-1)  # same token: the column is used as it is
    s = layers.build_map(blanked, boundaries=b, mode="inline").unrest_summary
    assert s.choropleth_regions == 0 and s.regions == 0
    blanked.attrs["unrest_atlas.regions"] = "other boundaries"  # matched again
    s = layers.build_map(blanked, boundaries=b, mode="inline").unrest_summary
    assert (s.choropleth_regions, s.regions) == (expected.choropleth_regions, expected.regions)


def test_heat_layer_is_not_templated_twice():
    ev = sample_events().assign(notes="{{ 7*7 }}")
    h = _render(layers.build_map(ev, mode="inline", boundaries=False, basemap="none"))
    assert "{{ 7*7 }}" in h and ">49<" not in h
    m = layers.build_map(ev, mode="inline", boundaries=False, basemap="none")
    heat = [c for c in m._children.values() if isinstance(c, _mapjs.HeatLayer)]
    assert len(heat) == 1 and heat[0].data == json.loads(heat[0].data_js)
    assert all(len(p) == 3 for p in heat[0].data)



def test_cells_join_the_cluster_group():
    m = layers.build_map(_mixed_events(3000), boundaries=False, mode="inline", basemap="none",
                         max_markers=50, cluster=True)
    s = m.unrest_summary
    assert s.aggregated and s.points == 0 and s.cells > 0
    assert s.clustered and _render(m).count("L.markerClusterGroup(") == 1
    assert all(el.target is not None for el in _event_layers(m) if el.cells)


def test_cells_carry_their_area_for_a_drill_down():
    ev = _mixed_events(3000)
    m = layers.build_map(ev, boundaries=False, mode="inline", basemap="none", max_markers=50)
    s = m.unrest_summary
    assert s.aggregated and s.cell_events == int(((ev["geo_precision"] <= 3)
                                                  & ev["latitude"].notna()).sum())
    assert sum(len(el.cells) for el in _event_layers(m)) == s.cells > 0
    for el in _event_layers(m):
        for p in el.cells:
            # the properties the map's script gives a cell (returned on a click)
            props = {"cell": True, "event_type": el.etype, "event_count": p[3], "bbox": p[10]}
            w, so, e, n = layers.cell_from_click({"last_active_drawing": {"properties": props}})
            assert e - w == pytest.approx(s.grid_degrees) and n - so == pytest.approx(s.grid_degrees)
            assert so <= p[0] <= n and w <= p[1] <= e  # the cell's mean point lies inside
            t = props["event_type"]
            inside = ev[(ev["event_type"] == t) & (ev["geo_precision"] <= 3)
                        & ev["latitude"].between(so, n, inclusive="left")
                        & ev["longitude"].between(w, e, inclusive="left")]
            assert len(inside) == props["event_count"]
    assert layers.cell_from_click({"last_active_drawing": {"properties": {
        "cell": True, "bbox": [0, 50, 1, 40]}}}) is None  # south above north: refused


def test_styles_follow_the_one_taxonomy():
    from geodata.events import taxonomy

    assert tuple(taxonomy.EVENT_TYPES) == styles.EVENT_TYPES
    assert list(styles.EVENT_TYPE_COLORS) == list(taxonomy.EVENT_TYPES)
    # each type keeps its colour (a reordered taxonomy must not swap them)
    assert styles.type_color("Battles") == "#e31a1c"
    assert styles.type_color("Protests") == "#1f78b4"
    assert styles.type_color("Strategic developments") == "#33a02c"
    assert styles.type_order(["Zeta", "Protests", "Battles"]) == ["Battles", "Protests", "Zeta"]


def test_layer_control_lists_types_in_taxonomy_order():
    ev = pd.DataFrame([
        {"event_id": f"e{i}", "event_type": t, "latitude": 43.0 + i, "longitude": 52.0,
         "geo_precision": 1}
        for i, t in enumerate(["Unlisted kind", "Protests", "Riots", "Battles"])])
    m = layers.build_map(ev, boundaries=False, mode="inline", basemap="none")
    names = [el.layer_name for el in m._children.values() if hasattr(el, "layer_name")
             and "ua-swatch" in str(el.layer_name)]
    order = [re.sub(r"<[^>]+>", "", n).strip().rsplit(" (", 1)[0] for n in names]
    assert order == ["Battles", "Riots", "Protests", "Unlisted kind"]


def test_offline_setup_is_public():
    from geodata.maps.assets import OfflineSetup

    ev = pd.DataFrame([{"event_id": "e1", "event_type": "Riots", "latitude": 43.6,
                        "longitude": 51.2, "geo_precision": 1}])
    m = layers.build_map(ev, boundaries=False, mode="inline", basemap="none")
    setups = [c for c in m._children.values() if isinstance(c, OfflineSetup)]
    assert len(setups) == 1
