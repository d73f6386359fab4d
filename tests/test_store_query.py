"""Querying the store: every filter, both read paths, and speed on 200,000 events."""

from __future__ import annotations

import pandas as pd
import pytest
from _factories import AKTOBE, ALMATY, ZHANAOZEN, make_event, make_report

from geodata.exceptions import StoreError
from geodata.store.eventstore import STORE_EVENT_COLUMNS, EventStore
from geodata.store.synthetic import COUNTRIES, synthetic_events

LAGOS = {"location": "Lagos", "admin1": "Lagos", "latitude": 6.45407, "longitude": 3.39467, "geonameid": 2332459}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "q.gpkg"
    rows = [
        # rid, place, date, type, sub, severity, actor1, actor2, country, code
        ("a", ALMATY, "2022-01-04", "Protests", "Peaceful protest", 1, "Protesters (Kazakhstan)", ""),
        ("b", AKTOBE, "2022-01-05", "Riots", "Violent demonstration", 3, "Rioters (Kazakhstan)", "Police Forces of Kazakhstan"),
        ("c", ZHANAOZEN, "2022-01-06", "Protests", "Protest with intervention", 2, "Protesters (Kazakhstan)", "Police Forces of Kazakhstan"),
        ("d", ALMATY, "2022-01-07", "Battles", "Armed clash", 5, "Military Forces of Kazakhstan", "Unidentified Armed Group (Kazakhstan)"),
        ("e", LAGOS, "2022-01-05", "Protests", "Peaceful protest", 1, "Protesters (Nigeria)", ""),
    ]  # fmt: skip
    with EventStore(path) as s:
        for rid, place, day, etype, sub, sev, a1, a2 in rows:
            country = ("Nigeria", "NG") if place is LAGOS else ("Kazakhstan", "KZ")
            ev = make_event(rid, place=place, event_date=day, event_type=etype, sub_event_type=sub,
                            severity=sev, actor1=a1, actor2=a2, country=country[0], country_code=country[1],
                            notes=f"Report {rid}: something in {place['location']}.")  # fmt: skip
            s.add_report(make_report(rid), [], [ev])
    return EventStore.open_readonly(path)


def ids(df):
    return sorted(x.split("-")[0] for x in df["event_id"])


@pytest.mark.parametrize("arrow", [True, False], ids=["arrow", "sqlite"])
@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, ["a", "b", "c", "d", "e"]),
        ({"date_from": "2022-01-05"}, ["b", "c", "d", "e"]),
        ({"date_to": "2022-01-05"}, ["a", "b", "e"]),
        ({"date_from": "2022-01-05", "date_to": "2022-01-06"}, ["b", "c", "e"]),
        ({"event_types": ["Riots", "Battles"]}, ["b", "d"]),
        ({"event_types": "Protests"}, ["a", "c", "e"]),
        ({"sub_event_types": ["Peaceful protest"]}, ["a", "e"]),
        ({"min_severity": 3}, ["b", "d"]),
        ({"countries": ["NG"]}, ["e"]),
        ({"countries": "kz"}, ["a", "b", "c", "d"]),
        ({"countries": ["Nigeria"]}, ["e"]),
        ({"countries": ["Atlantis"]}, []),
        ({"admin1": ["almaty"]}, ["a", "d"]),
        ({"admin1": ["Aktobe", "Mangghystau"]}, ["b", "c"]),
        ({"actors": ["Police Forces of Kazakhstan"]}, ["b", "c"]),
        ({"actors": "Protesters (Nigeria)"}, ["e"]),
        ({"text": "ZHANAOZEN"}, ["c"]),
        ({"text": "report b:"}, ["b"]),
        ({"text": "100%_"}, []),
        ({"bbox": (50.0, 40.0, 80.0, 55.0)}, ["a", "b", "c", "d"]),
        ({"bbox": (0.0, 0.0, 10.0, 10.0)}, ["e"]),
        ({"bbox": (170.0, -90.0, 60.0, 90.0)}, ["b", "c", "e"]),  # across the antimeridian, up to 60°E
        ({"countries": "KZ", "event_types": ["Protests"], "date_to": "2022-01-05"}, ["a"]),
        ({"report_id": "c"}, ["c"]),
    ],
)
def test_each_filter(store, monkeypatch, arrow, filters, expected):
    monkeypatch.setattr(EventStore, "_use_arrow", arrow)
    monkeypatch.setattr(EventStore, "_strict_arrow", True)
    df = store.events(**filters)
    assert ids(df) == expected
    assert store.count(**filters) == len(expected)


def test_both_read_paths_give_the_same_frame(store, monkeypatch):
    monkeypatch.setattr(EventStore, "_strict_arrow", True)
    a = store.events()
    monkeypatch.setattr(EventStore, "_use_arrow", False)
    b = store.events()
    assert list(a.columns) == list(b.columns) == list(STORE_EVENT_COLUMNS)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    for col in ("fatalities", "geonameid", "severity", "inter2"):
        assert str(a[col].dtype) == str(b[col].dtype) == "Int64"
    assert a["event_date"].tolist() == sorted(a["event_date"])


def test_columns_limit_and_gdf(store):
    df = store.events(columns=["event_id", "event_date"], limit=2)
    assert list(df.columns) == ["event_id", "event_date"] and len(df) == 2
    assert df["event_date"].tolist() == ["2022-01-04", "2022-01-05"]
    with pytest.raises(StoreError, match="unknown event columns"):
        store.events(columns=["nope"])
    gdf = store.events_gdf(countries="NG", columns=["event_id"])
    assert gdf.crs.to_epsg() == 4326 and gdf.geometry[0].x == pytest.approx(3.39467)


def test_rejected_filter_on_a_writable_copy(tmp_path):
    with EventStore(tmp_path / "r.gpkg") as s:
        s.add_report(make_report("a"), [], [make_event("a")])
        s.add_report(make_report("b"), [], [make_event("b", place=AKTOBE)])
        s.reject("b-ev1", who="qa", note="no such protest")
        assert ids(s.events()) == ["a"]
        assert ids(s.events(include_rejected=True)) == ["a", "b"]
        assert ids(s.events(countries="KZ", include_rejected=True, text="aktobe")) == ["b"]


def test_empty_store_gives_empty_typed_frames(tmp_path):
    with EventStore(tmp_path / "e.gpkg") as s:
        df = s.events()
        assert df.empty and list(df.columns) == list(STORE_EVENT_COLUMNS)
        assert s.events_gdf().empty
        assert s.summary()["events"] == 0 and s.facets()["date_min"] is None


def test_synthetic_events_are_plausible_and_repeatable():
    evs = synthetic_events(2000, seed=5)
    assert evs == synthetic_events(2000, seed=5)
    assert len({e.event_id for e in evs}) == 2000
    assert len({e.country_code for e in evs}) == len(COUNTRIES)
    assert {e.event_date[:4] for e in evs} == {"2022"}
    national = [e for e in evs if e.geo_precision == 4]
    assert national and all(e.location == COUNTRIES[e.country_code][0] for e in national)
    for e in evs[:200]:
        assert -90 <= e.latitude <= 90 and -180 <= e.longitude <= 180
        assert 1 <= e.severity <= 5 and e.fatalities >= 0
    with pytest.raises(ValueError, match="no synthetic cities"):
        synthetic_events(1, countries=["XX"])


def test_bulk_insert_and_filters_on_many_events(tmp_path):
    """Many events load through the fast path and filter correctly (speed: tools/bench_dashboard.py)."""
    evs = synthetic_events(20_000, seed=11)
    path = tmp_path / "big.gpkg"
    with EventStore(path) as s:
        assert s.bulk_insert(evs) == 20_000
    with EventStore.open_readonly(path) as s:
        assert s.count() == 20_000
        march = s.events(date_from="2022-03-01", date_to="2022-03-31")
        assert len(march) == sum(1 for e in evs if e.event_date and "2022-03-01" <= e.event_date <= "2022-03-31")
        severe = s.events(min_severity=4, columns=["event_id", "severity"])
        assert len(severe) == sum(1 for e in evs if e.severity >= 4)
        assert list(severe.columns[:2]) == ["event_id", "severity"]
