"""Analysts' corrections: audited, validated, and kept across re-ingests."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pyogrio
import pytest
from _factories import AKTOBE, ZHANAOZEN, make_event, make_report

from geodata.exceptions import CorrectionError
from geodata.store.eventstore import EventStore


@pytest.fixture
def store(tmp_path):
    with EventStore(tmp_path / "s.gpkg") as s:
        s.add_report(make_report("r1"), [], [make_event("r1"), make_event("r1", n=2, place=AKTOBE)])
        yield s


def test_moving_a_pin_is_audited_and_moves_the_geometry(store):
    ev = store.correct("r1-ev1", who="ana", note="pin was on the airport", lat=43.24, lon=76.95,
                       name="Almaty (Medeu)", geonameid=None)  # fmt: skip
    assert (ev["latitude"], ev["longitude"], ev["location"], ev["geonameid"]) == (43.24, 76.95, "Almaty (Medeu)", None)
    audit = store.audit("r1-ev1")
    assert sorted(audit["field"]) == ["geonameid", "latitude", "location", "longitude"]
    lat = audit.set_index("field").loc["latitude"]
    assert (lat["before"], lat["after"], lat["who"], lat["note"]) == (43.25667, 43.24, "ana", "pin was on the airport")
    when = datetime.fromisoformat(lat["at"].replace("Z", "+00:00"))
    assert when.tzinfo is not None and abs((datetime.now(UTC) - when).total_seconds()) < 60
    lyr = pyogrio.read_dataframe(store.path, layer="events").set_index("event_id")
    assert (lyr.loc["r1-ev1"].geometry.x, lyr.loc["r1-ev1"].geometry.y) == (76.95, 43.24)
    assert len(store.events()) == 2  # moved, not duplicated
    corrections = pyogrio.read_dataframe(store.path, layer="corrections")
    assert len(corrections) == 4


def test_corrections_survive_reingesting_a_changed_report(store):
    store.correct("r1-ev1", who="ana", note="type", event_type="Riots", sub_event_type="Mob violence")
    store.correct("r1-ev1", who="ana", fatalities=5, event_date="2022-01-04")
    store.reject("r1-ev2", who="bo", note="not an event")
    new_text = make_report("r1", text="Re-sent with a new paragraph. Crowds in Almaty marched on the square.")
    store.add_report(new_text, [], [make_event("r1", fatalities=0), make_event("r1", n=2, place=AKTOBE)])
    df = store.events(include_rejected=True).set_index("event_id")
    row = df.loc["r1-ev1"]
    assert (row["event_type"], row["sub_event_type"], row["fatalities"], row["event_date"]) == (
        "Riots", "Mob violence", 5, "2022-01-04",
    )  # fmt: skip
    assert df.loc["r1-ev2", "status"] == "rejected"
    assert len(store.audit()) == 5  # nothing re-recorded by the re-ingest


def test_rejected_events_are_hidden_by_default(store):
    store.reject("r1-ev2", who="bo", note="a sports match")
    assert store.events()["event_id"].tolist() == ["r1-ev1"]
    assert sorted(store.events(include_rejected=True)["event_id"]) == ["r1-ev1", "r1-ev2"]
    assert store.events(statuses=["rejected"])["event_id"].tolist() == ["r1-ev2"]
    assert store.count() == 1
    assert store.event("r1-ev2")["status"] == "rejected"


def test_flag_and_verify(store):
    with pytest.raises(CorrectionError, match="note"):
        store.flag("r1-ev1", who="ana", note="  ")
    ev = store.flag("r1-ev1", who="ana", note="wrong town: it was Aktau")
    assert ev["status"] == "flagged" and ev["corrections"][-1]["note"] == "wrong town: it was Aktau"
    assert store.verify("r1-ev2", who="bo")["status"] == "verified"
    assert store.events(statuses="flagged")["event_id"].tolist() == ["r1-ev1"]


def test_correcting_a_merged_id_corrects_the_merged_event(store):
    store.add_report(make_report("r2"), [], [make_event("r2")])
    ev = store.correct("r2-ev1", who="ana", status="verified")
    assert ev["event_id"] == "r1-ev1" and ev["sources_count"] == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"lat": 123.0}, "latitude"),
        ({"lon": "east"}, "longitude"),
        ({"fatalities": -1}, "fatalities"),
        ({"fatalities": 2.5}, "fatalities"),
        ({"event_date": "5 Jan 2022"}, "event_date"),
        ({"time_precision": 4}, "time_precision"),
        ({"status": "maybe"}, "status"),
        ({"event_type": "Parade"}, "event_type"),
        ({"event_type": "Riots"}, "sub_event_type"),  # 'Peaceful protest' is not a riot
        ({"sub_event_type": "Armed clash"}, "sub_event_type"),
        ({"colour": "red"}, "cannot correct colour"),
        ({}, "nothing to correct"),
    ],
)
def test_invalid_corrections_change_nothing(store, changes, message):
    with sqlite3.connect(store.path) as c:
        before = c.execute("SELECT * FROM events ORDER BY fid").fetchall()
    with pytest.raises(CorrectionError, match=message):
        store.correct("r1-ev1", who="ana", **changes)
    with sqlite3.connect(store.path) as c:
        assert c.execute("SELECT * FROM events ORDER BY fid").fetchall() == before
    assert store.audit().empty


def test_unknown_event_and_missing_who(store):
    with pytest.raises(CorrectionError, match="no event"):
        store.correct("nope", who="ana", status="verified")
    with pytest.raises(CorrectionError, match="who"):
        store.correct("r1-ev1", who="", status="verified")


def test_a_correction_to_the_same_value_records_nothing(store):
    store.correct("r1-ev1", who="ana", fatalities=0)
    assert store.audit().empty


def test_corrected_place_attracts_later_reports(store):
    # the analyst moves r1-ev2 from Aktobe to Zhanaozen; a later Zhanaozen report merges into it
    store.correct("r1-ev2", who="ana", note="it was Zhanaozen", **{
        "name": ZHANAOZEN["location"], "lat": ZHANAOZEN["latitude"], "lon": ZHANAOZEN["longitude"],
        "geonameid": ZHANAOZEN["geonameid"], "admin1": ZHANAOZEN["admin1"],
    })  # fmt: skip
    res = store.add_report(make_report("r4"), [], [make_event("r4", place=ZHANAOZEN)])
    assert res.merged == 1 and res.event_ids == ["r1-ev2"]
    assert store.add_report(make_report("r5"), [], [make_event("r5", place=AKTOBE)]).added == 1
