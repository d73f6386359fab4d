"""Static map exports (PNG, SVG, PDF) and the HTML export: what each file holds."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geodata.exceptions import ExportError
from geodata.io.interchange import events_frame
from geodata.maps import styles
from geodata.maps.static import (
    ATTRIBUTION,
    TILES_ATTRIBUTION,
    export_map,
    filter_events,
    render_map,
)
from geodata.settings import DATA_DIR

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

HAS_BOUNDARIES = (DATA_DIR / "boundaries.gpkg").is_file()
needs_boundaries = pytest.mark.skipif(not HAS_BOUNDARIES, reason="geodata/data/boundaries.gpkg not built")


def _ev(i: int, **kw) -> dict:
    base = {
        "event_id": f"t-{i}", "report_id": f"r-{i}", "event_date": f"2022-01-{1 + i % 9:02d}",
        "time_precision": 1, "event_type": "Protests", "sub_event_type": "Peaceful protest",
        "actor1": "Protesters (Kazakhstan)", "actor2": "", "location": "Almaty", "admin1": "Almaty",
        "country": "Kazakhstan", "country_code": "KZ", "latitude": 43.25667, "longitude": 76.92861,
        "geo_precision": 1, "fatalities": 0, "injuries": None, "severity": 1,
        "notes": f"Test event {i}.", "source": "Test Wire", "confidence": 0.9, "status": "unreviewed",
    }  # fmt: skip
    base.update(kw)
    return base


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    rows = [_ev(i) for i in range(12)]  # 12 protests in Almaty
    rows += [_ev(20 + i, location="Aktobe", admin1="Aktobe", latitude=50.27969, longitude=57.20718,
                 event_type="Riots", sub_event_type="Violent demonstration", severity=3) for i in range(3)]  # fmt: skip
    rows += [_ev(30, location="Zhanaozen", admin1="Mangystau", latitude=43.34116, longitude=52.86192,
                 event_type="Violence against civilians", sub_event_type="Attack", severity=5, fatalities=12,
                 geo_precision=2)]  # fmt: skip
    rows += [_ev(40, location="Mangystau", admin1="Mangystau", latitude=44.0, longitude=53.5,
                 event_type="Strategic developments", sub_event_type="Arrests", geo_precision=3, severity=2)]  # fmt: skip
    rows += [_ev(50, location="Kazakhstan", admin1=None, latitude=48.0, longitude=68.0, geo_precision=4,
                 event_type="Strategic developments", sub_event_type="Other", tags="curfew", severity=2)]  # fmt: skip
    return pd.DataFrame(rows)


def _map_axes(fig):
    return next(a for a in fig.axes if a.get_label() == "map")


# ----------------------------------------------------------------------------- PNG
@needs_boundaries
@pytest.mark.parametrize("dpi", [60, 100])
def test_png_size_follows_dpi_and_is_not_blank(events, tmp_path, dpi):
    from matplotlib.image import imread

    info = export_map(events, tmp_path / "m.png", dpi=dpi)
    img = imread(tmp_path / "m.png")
    assert img.shape[:2] == (round(8.27 * dpi), round(11.69 * dpi))  # A4 landscape
    assert info.size_px == (img.shape[1], img.shape[0])
    assert float(img[..., :3].var()) > 0.01  # not a blank page
    # the Protests colour is on the page (markers and legend swatch)
    target = np.array([int(styles.EVENT_TYPE_COLORS["Protests"][i:i + 2], 16) / 255 for i in (1, 3, 5)])
    close = np.abs(img[..., :3] - target).max(axis=2) < 0.08
    assert close.sum() > 10


# ----------------------------------------------------------------------------- SVG
@needs_boundaries
def test_svg_keeps_legend_title_dates_and_attribution_as_text(events, tmp_path):
    export_map(events, tmp_path / "m.svg", title="Unrest <test> & co")
    svg = (tmp_path / "m.svg").read_text(encoding="utf-8")
    assert "<text" in svg  # svg.fonttype 'none': text stays text
    for t in ("Protests", "Riots", "Violence against civilians", "Strategic developments"):
        assert t in svg
    assert "Battles" not in svg  # only types present are in the legend
    assert "Unrest &lt;test&gt; &amp; co" in svg
    assert ATTRIBUTION in svg
    assert TILES_ATTRIBUTION not in svg  # no tiles used
    assert "1 Jan 2022 – 9 Jan 2022" in svg
    assert "Country-level, not mapped (1)" in svg
    for word in ("Event types", "Severity", "Location precision", "Almaty", "Aktobe"):
        assert word in svg
    assert re.search(r">\s*N\s*<", svg)  # the north arrow's N
    assert "km" in svg  # the scale bar


@needs_boundaries
def test_svg_rasterizes_the_point_layer_only_when_large(tmp_path):
    from geodata.store.synthetic import synthetic_events

    small = events_frame(synthetic_events(50, seed=1, countries=["KZ"]))
    big = events_frame(synthetic_events(3000, seed=1, countries=["KZ"]))
    export_map(small, tmp_path / "s.svg")
    export_map(big, tmp_path / "b.svg")
    assert "<image" not in (tmp_path / "s.svg").read_text(encoding="utf-8")
    text = (tmp_path / "b.svg").read_text(encoding="utf-8")
    assert "<image" in text
    assert (tmp_path / "b.svg").stat().st_size < 5_000_000


# ----------------------------------------------------------------------------- PDF
@needs_boundaries
def test_pdf_is_a4_landscape_with_metadata(events, tmp_path):
    info = export_map(events, tmp_path / "m.pdf", title="Briefing map")
    data = (tmp_path / "m.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box and abs(float(box.group(1)) - 841.7) < 1 and abs(float(box.group(2)) - 595.4) < 1
    assert b"Briefing map" in data and b"Unrest Atlas" in data
    assert info.dpi == 300 and info.format == "pdf"


# ----------------------------------------------------------------------------- content
@needs_boundaries
def test_every_event_lies_inside_the_drawn_extent(events):
    fig, info = render_map(events)
    ax = _map_axes(fig)
    fig.canvas.draw()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    placed = events[events["geo_precision"] <= 3]
    assert (placed["longitude"] >= x0).all() and (placed["longitude"] <= x1).all()
    assert (placed["latitude"] >= y0).all() and (placed["latitude"] <= y1).all()
    assert info.extent == pytest.approx((x0, y0, x1, y1))
    # padded, but not the whole world
    assert x1 - x0 < 60 and y1 - y0 < 40
    assert info.points == 16 and info.region_events == 1 and info.country_level == 1


@needs_boundaries
def test_a_single_event_gets_a_minimum_extent():
    _fig, info = render_map(pd.DataFrame([_ev(1)]))
    x0, y0, x1, y1 = info.extent
    assert y1 - y0 >= 1.5 and x1 - x0 >= 1.5
    assert x0 < 76.92861 < x1 and y0 < 43.25667 < y1


@needs_boundaries
def test_bbox_sets_the_extent(events):
    _fig, info = render_map(events, bbox=(50, 40, 60, 52))
    x0, y0, x1, y1 = info.extent
    assert x0 <= 50 and y0 <= 40 and x1 >= 60 and y1 >= 52
    assert x1 - x0 < 25 and y1 - y0 < 16


def test_filter_events_applies_the_store_semantics(events):
    assert len(filter_events(events, event_types=["Riots"])) == 3
    assert len(filter_events(events, min_severity=3)) == 4
    assert len(filter_events(events, countries=["kazakhstan"])) == len(events)
    assert len(filter_events(events, admin1=["mangystau"])) == 2
    assert len(filter_events(events, date_from="2022-01-09")) == 1
    assert len(filter_events(events, date_from="2022-01-03", date_to="2022-01-04")) == 6
    assert set(filter_events(events, bbox=(50, 40, 60, 52))["location"]) == {"Aktobe", "Zhanaozen", "Mangystau"}


@needs_boundaries
def test_markers_use_the_dashboard_styles(events):
    fig, info = render_map(events)
    ax = _map_axes(fig)
    lines = [ln for ln in ax.lines if len(ln.get_xdata()) and ln.get_marker() == "o"]
    protests = [ln for ln in lines if np.allclose(ln.get_markerfacecolor()[:3],
                                                  [int(styles.EVENT_TYPE_COLORS["Protests"][i:i + 2], 16) / 255
                                                   for i in (1, 3, 5)])]  # fmt: skip
    assert protests and sum(len(ln.get_xdata()) for ln in protests) == 12
    assert protests[0].get_markersize() == pytest.approx(2 * styles.severity_radius(1) * 0.75)
    severe = [ln for ln in lines if ln.get_markersize() == pytest.approx(2 * styles.severity_radius(5) * 0.75)]
    assert severe  # the Zhanaozen attack (severity 5)
    assert info.marker_scale == 1.0


@needs_boundaries
def test_labels_are_deduplicated_most_events_first_and_do_not_overlap(events):
    fig, info = render_map(events)
    places = [lbl for lbl in info.labels if lbl in ("Almaty", "Aktobe", "Zhanaozen")]
    assert places[0] == "Almaty"  # 12 events
    assert len(places) == len(set(places))
    ax = _map_axes(fig)
    r = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(r) for t in ax.texts if t.get_gid() != "ua-halo"]
    assert len(boxes) >= 3
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


@needs_boundaries
def test_region_level_event_is_an_area_and_country_level_is_listed(events):
    fig, info = render_map(events)
    assert info.regions == 1 and info.region_events == 1 and info.halos == 0
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "Country-level, not mapped (1)" in texts and "Kazakhstan: 1" in texts


def test_region_level_without_outlines_is_a_halo(events):
    fig, info = render_map(events, boundaries=False)
    assert info.halos == 1 and info.regions == 0
    assert "region-level, no outline" in " ".join(t.get_text() for t in fig.texts)


def test_empty_selection_still_renders(tmp_path):
    info = export_map(pd.DataFrame(columns=["event_id", "event_type", "latitude", "longitude"]),
                      tmp_path / "e.png", boundaries=False, dpi=40)  # fmt: skip
    assert info.events == 0 and (tmp_path / "e.png").stat().st_size > 1000


def test_bad_format_or_option_writes_nothing(events, tmp_path):
    with pytest.raises(ExportError):
        export_map(events, tmp_path / "m.jpg")
    with pytest.raises(ExportError):
        export_map(events, tmp_path / "m.png", dpi=5, boundaries=False)
    with pytest.raises(ExportError):
        export_map(events, tmp_path / "m.png", tiles="satellite", boundaries=False)
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- tiles
def test_web_tiles_fall_back_to_outlines_when_offline(events, monkeypatch):
    import urllib.request

    calls = []

    def refuse(*a, **k):
        calls.append(a)
        raise OSError("network is unreachable (test)")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    fig, info = render_map(events, tiles="web", boundaries=False)
    assert calls and info.tiles == "none"
    assert any("tiles" in w for w in info.warnings)
    assert TILES_ATTRIBUTION not in " ".join(t.get_text() for t in fig.texts)


def test_offline_tiles_are_drawn_and_attributed(events):
    from geodata.maps import basemap

    if not basemap.has_tiles():
        pytest.skip("offline tiles not bundled")
    fig, info = render_map(events, tiles="offline", boundaries=False, dpi=50)
    assert info.tiles == "offline"
    assert _map_axes(fig).images
    assert TILES_ATTRIBUTION in " ".join(t.get_text() for t in fig.texts)


# ----------------------------------------------------------------------------- HTML
@needs_boundaries
def test_html_export_is_self_contained_and_escaped(events, tmp_path):
    from geodata.maps.layers import check_offline_html

    ev = events.copy()
    ev.loc[0, "notes"] = "<script>alert('x')</script> & <img src=x onerror=alert(1)>"
    info = export_map(ev, tmp_path / "m.html", title="Map <b>bold</b>")
    text = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert check_offline_html(text) == []
    assert "<script>alert('x')" not in text and "<img src=x" not in text
    assert "Map &lt;b&gt;bold&lt;/b&gt;" in text and "<title>Map &lt;b&gt;" in text
    assert "Natural Earth" in text
    assert info.format == "html" and info.points == 16 and info.country_level == 1


def test_halo_radius_matches_the_dashboard():
    from geodata.maps import layers
    from geodata.maps import static as export

    assert export.HALO_METRES == layers.HALO_METRES


# ----------------------------------------------------------------------------- CLI
@needs_boundaries
def test_cli_export_map_from_store_and_events_file(events, tmp_path, capsys):
    from geodata.cli import main
    from geodata.io.interchange import export_events
    from geodata.store.eventstore import EventStore

    with EventStore(tmp_path / "s.gpkg") as store:
        store.bulk_insert(events.to_dict("records"))
    out = tmp_path / "kz.png"
    rc = main(["export-map", "--store", str(tmp_path / "s.gpkg"), "--out", str(out), "--type", "Riots",
               "--type", "Protests", "--dpi", "50", "--title", "Two types"])  # fmt: skip
    assert rc == 0 and out.is_file()
    err = capsys.readouterr().err
    assert "15 events" in err and "584x414 px" in err
    export_events(events, tmp_path / "ev.geojson")
    rc = main(["export-map", "--events", str(tmp_path / "ev.geojson"), "--out", str(tmp_path / "m.svg"),
               "--min-severity", "3"])  # fmt: skip
    assert rc == 0
    svg = (tmp_path / "m.svg").read_text(encoding="utf-8")
    assert "severity ≥ 3" in svg and "4 events" in svg
    assert main(["export-map", "--events", str(tmp_path / "ev.geojson"), "--out", str(tmp_path / "m.gif")]) == 2
    assert main(["export-map", "--store", str(tmp_path / "missing.gpkg"), "--out", str(tmp_path / "x.png")]) == 2
    assert not (tmp_path / "x.png").exists()


def test_scripts_export_map_is_the_cli(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    r = subprocess.run([sys.executable, str(root / "scripts" / "export_map.py"), "--help"],
                       capture_output=True, text=True, timeout=60)  # fmt: skip
    assert r.returncode == 0 and "--bbox" in r.stdout and "--tiles" in r.stdout


def test_map_bytes_for_download_buttons(events):
    from geodata.maps.static import map_bytes

    assert map_bytes(events, "png", dpi=30, boundaries=False).startswith(b"\x89PNG")
    assert b"Protests" in map_bytes(events, "svg", boundaries=False)
    with pytest.raises(ExportError):
        map_bytes(events, "bmp")


def test_stacked_events_show_their_count(events):
    """Events at one place would be drawn on one another: the static map writes how many."""
    fig, _info = render_map(events, title="Stacks")
    try:
        ax = _map_axes(fig)
        badges = sorted(t.get_text() for t in ax.texts
                        if t.get_text().isdigit() and t.get_bbox_patch() is not None)
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
    assert badges == ["12", "3"]  # 12 protests in Almaty, 3 riots in Aktobe


def test_static_map_uses_the_web_basemap_palette(events):
    """The briefing map's sea, land, borders and label colours are the dashboard basemap's
    (``style.json``), so a printed map matches the screen."""
    import json

    from geodata.maps.static import map_bytes

    pal = styles.BASEMAP_PALETTE
    style = json.loads((DATA_DIR / "basemap" / "style.json").read_text(encoding="utf-8"))
    paint = {layer["id"]: layer.get("paint", {}) for layer in style["layers"]}
    assert paint["sea"]["background-color"] == pal["sea"]
    assert paint["lakes"]["fill-color"] == pal["sea"]
    assert paint["land"]["fill-color"] == pal["land"]
    assert paint["coast"]["line-color"] == pal["coast"]
    assert paint["borders"]["line-color"] == pal["border"]
    assert paint["admin1"]["line-color"] == pal["admin1"]
    for layer, key in (("place-labels", "place"), ("region-labels", "region"),
                       ("district-labels", "district"), ("country-labels", "country")):
        assert paint[layer]["text-color"] == pal[key], layer
    svg = map_bytes(events, "svg").decode("utf-8")
    assert pal["sea"] in svg
    if HAS_BOUNDARIES:
        assert pal["land"] in svg and pal["border"] in svg


@needs_boundaries
@pytest.mark.skipif(not (DATA_DIR / "gazetteer.sqlite").is_file(), reason="no gazetteer")
def test_a_city_extent_names_the_towns_around_it(events):
    """At a city's extent the map names the gazetteer's towns around the events (as the web
    basemap does), beside the events' own places and never over them; a continent gets none."""
    fig, info = render_map(events, bbox=(76.45, 43.0, 77.4, 43.55))
    assert info.labels[0] == "Almaty"
    towns = set(info.labels) - {"Almaty"}
    assert {"Talghar", "Burunday"} <= towns
    ax = _map_axes(fig)
    r = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(r) for t in ax.texts if t.get_gid() != "ua-halo"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    fig2, wide = render_map(events)  # Kazakhstan: wider than a country's reference extent
    import matplotlib.pyplot as plt

    plt.close(fig)
    plt.close(fig2)
    assert "Talghar" not in wide.labels


@needs_boundaries
def test_static_map_draws_the_lakes_in_the_basemap_colours(events):
    """Lakes the dashboard shows (Issyk-Kul, Kapchagay near Almaty) are on the briefing map,
    in the web basemap's water colour; raster tiles bring their own."""
    import matplotlib.pyplot as plt
    import shapely
    from matplotlib.colors import to_hex

    from geodata.maps import _static_draw

    _geoms, tree = _static_draw.lakes()
    assert tree is not None, "geodata/data/basemap/lakes.geojson.gz missing"
    for lon, lat in ((77.3, 42.4), (77.5, 43.8)):  # Issyk-Kul, Kapchagay
        assert len(tree.query(shapely.Point(lon, lat), predicate="within")) == 1
    fig, _info = render_map(events, bbox=(74.0, 41.5, 80.0, 45.5))
    try:
        coll = [c for c in _map_axes(fig).collections if c.get_gid() == "ua-lakes"]
        assert len(coll) == 1 and len(coll[0].get_paths()) >= 2
        assert to_hex(coll[0].get_facecolor()[0]) == styles.BASEMAP_PALETTE["sea"]
    finally:
        plt.close(fig)
