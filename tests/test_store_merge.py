"""Merging the same event reported by several reports."""

from __future__ import annotations

import pytest
from _factories import AKTOBE, ALMATY, make_event, make_report

from geodata.events.merge import date_window, distance_km, match_score
from geodata.store.eventstore import EventStore


@pytest.fixture
def store(tmp_path):
    with EventStore(tmp_path / "s.gpkg") as s:
        yield s


def _add(store, rid, **kw):
    return store.add_report(make_report(rid), [], [make_event(rid, **kw)])


def test_two_reports_of_one_event_become_one_event_with_two_sources(store):
    _add(store, "r1", fatalities=3, sub_event_type="Peaceful protest")
    res = _add(store, "r2", fatalities=7, sub_event_type="Protest with intervention", notes="Police broke it up.")
    assert (res.added, res.merged) == (0, 1) and res.event_ids == ["r1-ev1"]
    df = store.events()
    assert len(df) == 1
    row = df.iloc[0]
    assert row["sources_count"] == 2 and row["reports_count"] == 2
    assert (row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == (3, 3, 7)
    assert row["sub_event_type"] == "Protest with intervention"  # the higher tactic wins
    assert row["source"] == "Wire r1; Wire r2"
    ev = store.event("r1-ev1")
    assert [s["report_id"] for s in ev["sources"]] == ["r1", "r2"]
    assert [s["fatalities"] for s in ev["sources"]] == [3, 7]
    assert ev["sources"][1]["notes"] == "Police broke it up."  # every sentence is kept
    assert store.event("r2-ev1")["event_id"] == "r1-ev1"  # the merged id still finds it


def test_nearby_point_in_same_admin1_merges_but_not_across_admin1(store):
    _add(store, "r1")
    # ~2.5 km east, no geonameid (a district of the city)
    assert _add(store, "r2", latitude=43.2567, longitude=76.96, geonameid=None).merged == 1
    # same spot, but the analyst's gazetteer puts it in another region: kept apart
    assert _add(store, "r3", latitude=43.2567, longitude=76.96, geonameid=None, admin1="Almaty Oblysy").added == 1
    # 30 km away: another place
    assert _add(store, "r4", latitude=43.2567, longitude=77.30, geonameid=None).added == 1
    assert len(store.events()) == 3


def test_different_type_or_day_is_another_event(store):
    _add(store, "r1")
    assert _add(store, "r2", event_type="Riots", sub_event_type="Violent demonstration").added == 1
    assert _add(store, "r3", event_date="2022-01-06").added == 1
    assert len(store.events()) == 3


def test_week_precision_overlaps_and_takes_the_exact_date(store):
    _add(store, "r1", event_date="2022-01-08", time_precision=2)  # some day 5-11 January
    res = _add(store, "r2", event_date="2022-01-06", time_precision=1)
    assert res.merged == 1
    row = store.events().iloc[0]
    assert (row["event_date"], row["time_precision"]) == ("2022-01-06", 1)
    assert (row["date_start"], row["date_end"]) == ("2022-01-06", "2022-01-06")
    assert _add(store, "r3", event_date="2022-01-20", time_precision=1).added == 1


def test_events_of_the_same_report_are_not_merged_together(store):
    store.add_report(make_report("r1"), [], [make_event("r1"), make_event("r1", n=2, latitude=43.26)])
    assert len(store.events()) == 2


def test_country_level_events_merge_only_with_country_level_ones(store):
    nat = {"location": "Kazakhstan", "admin1": None, "latitude": 48.0, "longitude": 68.0, "geonameid": 1522867}
    kw = {"event_type": "Strategic developments", "sub_event_type": "Other", "geo_precision": 4}
    _add(store, "r1", place=nat, **kw)
    assert _add(store, "r2", place={**nat, "geonameid": None}, **kw).merged == 1
    # a town event that happens to sit at the country's point is not the national one
    town = {**nat, "location": "Somewhere", "geonameid": 99, "admin1": None}
    assert _add(store, "r3", place=town, event_type="Strategic developments", sub_event_type="Other").added == 1
    df = store.events()
    assert sorted(df["geo_precision"].tolist()) == [1, 4]


def test_place_and_date_come_from_the_most_precise_source(store):
    region = {**ALMATY, "geonameid": 1537162, "latitude": 43.3, "longitude": 76.95, "location": "Almaty Region"}
    _add(store, "r1", place=region, geo_precision=3)
    res = _add(store, "r2", geo_precision=1)  # within 10 km, same admin1
    assert res.merged == 1
    row = store.events().iloc[0]
    assert (row["location"], row["geo_precision"], row["geonameid"]) == ("Almaty", 1, 1526384)


def test_reingesting_a_changed_report_recomputes_the_merged_event(store):
    _add(store, "r1", fatalities=3)
    _add(store, "r2", fatalities=7)
    # r2 now says nothing about this event
    store.add_report(make_report("r2", text="A correction: nothing happened."), [], [])
    row = store.events().iloc[0]
    assert row["sources_count"] == 1 and (row["fatalities_low"], row["fatalities_high"]) == (3, 3)
    # r1 changes; r2 reports it again: back to two sources, same id
    store.add_report(make_report("r1", text="Updated text."), [], [make_event("r1", fatalities=2)])
    _add(store, "r2", fatalities=9, notes="again")
    df = store.events()
    assert df["event_id"].tolist() == ["r1-ev1"]
    assert (df.loc[0, "fatalities"], df.loc[0, "fatalities_high"], df.loc[0, "sources_count"]) == (2, 9, 2)


def test_sources_count_counts_distinct_sources(store):
    store.add_report(make_report("r1", source="Same Wire"), [], [make_event("r1", source=None)])
    store.add_report(make_report("r2", source="Same Wire"), [], [make_event("r2", source=None)])
    row = store.events().iloc[0]
    assert row["reports_count"] == 2 and row["sources_count"] == 1
    assert row["source"] == "Same Wire"


def test_merge_rules_directly():
    a = make_event("a").to_dict()
    assert match_score(a, make_event("b").to_dict()) is not None
    assert match_score(a, make_event("b", event_date=None).to_dict()) is None
    assert match_score(a, make_event("b", place=AKTOBE).to_dict()) is None
    assert date_window("2022-01-31", 3)[0].isoformat() == "2022-01-01"
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.1)
