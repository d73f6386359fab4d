"""QA on coder-style event notes: one-paragraph descriptions in the manner of a conflict-data coder
("On 12 March 2023, gunmen ... in X village (Y LGA, Z state). 3 fatalities."), written in our own
words about episodes in over ninety countries, covering every ACLED event type and sub-type.

Each note in tests/fixtures/coder_notes_qa.jsonl carries what a coder would code (type, sub-type,
the true point and how far from it the event may sit, geo precision, fatalities, date) and the list
of behaviours this test asserts for it ("assert"): the behaviours the pipeline gets right, so that
they stay right. A behaviour fixed later is added to a note's list. One geocode pass over the
fixture serves every test.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geodata.model import Event, Report
from geodata.pipeline import process_report

FIXTURE = Path(__file__).parent / "fixtures" / "coder_notes_qa.jsonl"
NOTES: list[dict[str, Any]] = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]
BEHAVIOURS = ("one_event", "place", "precision", "type", "sub_type", "fatalities", "date")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = math.radians
    a = (math.sin(r(lat2 - lat1) / 2) ** 2
         + math.cos(r(lat1)) * math.cos(r(lat2)) * math.sin(r(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def coded_event(events: list[Event], expect: dict[str, Any]) -> Event | None:
    """The event that stands for the note: one within reach of the true point, of the coded type if
    there is one, else the nearest."""
    if not events:
        return None

    def key(ev: Event) -> tuple[bool, bool, float]:
        d = _km(expect["lat"], expect["lon"], ev.latitude, ev.longitude)
        return (d > expect["radius_km"], ev.event_type != expect["event_type"], d)

    return min(events, key=key)


def check(behaviour: str, events: list[Event], expect: dict[str, Any]) -> tuple[bool, str]:
    """Whether the note's events show ``behaviour``, and what was found instead."""
    ev = coded_event(events, expect)
    if behaviour == "one_event":
        return len(events) == 1, f"{len(events)} events: {[(e.location, e.event_type) for e in events]}"
    if ev is None:
        return False, "no event"
    got: dict[str, tuple[object, object]] = {
        "place": (_km(expect["lat"], expect["lon"], ev.latitude, ev.longitude) <= expect["radius_km"],
                  (ev.location, ev.country_code, ev.latitude, ev.longitude)),
        "precision": (ev.geo_precision == expect["geo_precision"], ev.geo_precision),
        "type": (ev.event_type == expect["event_type"], ev.event_type),
        "sub_type": (ev.sub_event_type == expect["sub_event_type"], ev.sub_event_type),
        "fatalities": ((ev.fatalities or 0) == expect["fatalities"], ev.fatalities),
        "date": (ev.event_date == expect["date"], ev.event_date),
    }
    ok, found = got[behaviour]
    return bool(ok), repr(found)


@pytest.fixture(scope="module")
def coded(gp) -> dict[str, list[Event]]:
    out = {}
    for note in NOTES:
        report = Report(note["id"], note["text"], date.fromisoformat(note["published"]))
        out[note["id"]] = process_report(report, geoparser=gp).events
    return out


CASES = [pytest.param(n["id"], b, id=f"{n['id']}-{b}") for n in NOTES for b in n["assert"]]


def test_the_fixture_covers_every_event_type_and_sub_type() -> None:
    subs = {(n["expect"]["event_type"], n["expect"]["sub_event_type"]) for n in NOTES}
    assert len({t for t, _ in subs}) == 6
    assert len(subs) == 25
    assert all(set(n["assert"]) <= set(BEHAVIOURS) for n in NOTES)


@pytest.mark.parametrize(("note_id", "behaviour"), CASES)
def test_coder_note(coded: dict[str, list[Event]], note_id: str, behaviour: str) -> None:
    note = next(n for n in NOTES if n["id"] == note_id)
    ok, found = check(behaviour, coded[note_id], note["expect"])
    assert ok, f"{behaviour}: expected {note['expect']}, found {found}\n{note['text']}"
