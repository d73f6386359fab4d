"""How the event reader uses the geoparser's places: roles of containing units, landmark
precision, names the gazetteer lacks. Own-written sentences; single behaviours, no accuracy."""

from __future__ import annotations

from datetime import date

from geodata.events.detect import RULES
from geodata.events.extract import Extraction, extract
from geodata.model import Candidate, Mention, Report
from geodata.places.geoparse import Unresolved

FRI = date(2025, 3, 8)

# name -> (geonameid, kind, country code, admin1, admin1 code, feature code, lat, lon)
PLACES: dict[str, tuple[int | None, str, str, str | None, str | None, str, float, float]] = {
    "Rangpur": (1185188, "city", "BD", "Rangpur Division", "BD.87", "PPLA", 25.75, 89.25),
    "Dhaka": (1185241, "city", "BD", "Dhaka Division", "BD.81", "PPLC", 23.71, 90.41),
    "Bangladesh": (1210997, "country", "BD", None, None, "PCLI", 24.0, 90.0),
    "Kalale": (2393722, "city", "BJ", "Borgou", "BJ.10", "PPL", 10.29, 3.38),
    "Borgou": (2394992, "region", "BJ", "Borgou", "BJ.10", "ADM1", 10.5, 2.75),
}


def _mention(text: str, surface: str, name: str | None = None, **kw: object) -> Mention:
    gid, kind, cc, admin1, code, fcode, lat, lon = PLACES[name or surface]
    start = text.index(surface)
    fields: dict[str, object] = dict(
        geonameid=gid, lat=lat, lon=lon, country_code=cc, admin1=admin1, kind=kind,
        confidence=0.9, admin1_code=code, feature_code=fcode)
    fields.update(kw)
    return Mention("r", surface, start, start + len(surface), name or surface, **fields)  # type: ignore[arg-type]


def _read(text: str, mentions: list[Mention], unresolved: list[Unresolved] | None = None) -> Extraction:
    report = Report("r", text, FRI, source="Test Wire")
    return extract(report, sorted(mentions, key=lambda m: m.start), detector=RULES,
                   unresolved=unresolved or [])


def _candidate(name: str) -> Candidate:
    gid, kind, cc, admin1, _code, fcode, lat, lon = PLACES[name]
    assert gid is not None
    return Candidate(gid, name, lat, lon, cc, admin1, kind, 0.0, fcode)  # type: ignore[arg-type]


def test_a_country_that_contains_the_events_is_an_event_place() -> None:
    text = "Garment workers blocked the highway in Rangpur, Bangladesh, on Friday over unpaid wages."
    out = _read(text, [_mention(text, "Rangpur"), _mention(text, "Bangladesh")])
    assert [e.location for e in out.events] == ["Rangpur"]
    assert {m.name: m.role for m in out.mentions} == {"Rangpur": "event", "Bangladesh": "event"}


def test_a_capital_that_only_comments_stays_context() -> None:
    text = ("Garment workers blocked the highway in Rangpur on Friday over unpaid wages. "
            "Officials in Dhaka said talks with the factory owners would resume next week.")
    out = _read(text, [_mention(text, "Rangpur"), _mention(text, "Dhaka")])
    assert [e.location for e in out.events] == ["Rangpur"]
    assert {m.name: m.role for m in out.mentions} == {"Rangpur": "event", "Dhaka": "context"}


def test_a_landmark_at_its_towns_point_gives_precision_2_there() -> None:
    text = "Students staged a sit-in at the Education Ministry on Friday demanding lower fees."
    lm = _mention(text, "Education Ministry", "Dhaka", geonameid=None, kind="landmark",
                  feature_code="LMK", method="landmark")
    (e,) = _read(text, [lm]).events
    assert (e.geo_precision, e.latitude, e.longitude) == (2, 23.71, 90.41)
    assert e.event_type == "Protests"


def test_a_landmark_the_gazetteer_holds_keeps_precision_1() -> None:
    text = "Students staged a sit-in at the Education Ministry on Friday demanding lower fees."
    lm = _mention(text, "Education Ministry", "Dhaka", geonameid=9999001, kind="landmark",
                  feature_code="BLDG", method="landmark")
    (e,) = _read(text, [lm]).events
    assert e.geo_precision == 1


def _village(text: str, within: str) -> Unresolved:
    start = text.index("Borokandi")
    return Unresolved(start, start + len("Borokandi"), "Borokandi", "city", "BJ", _candidate(within))


def test_an_unknown_village_in_a_stated_district_town_goes_there_at_precision_2() -> None:
    text = "Armed men torched a dozen homes in Borokandi village (Kalale district, Borgou region) on Friday."
    ms = [_mention(text, "Kalale"), _mention(text, "Borgou")]
    out = _read(text, ms, [_village(text, "Kalale")])
    (e,) = out.events
    assert (e.location, e.geo_precision) == ("Kalale", 2)
    assert "place not found: Borokandi" in e.tags
    assert {m.name: m.role for m in out.mentions} == {"Kalale": "event", "Borgou": "event"}


def test_an_unknown_village_in_a_stated_region_goes_there_at_precision_3() -> None:
    text = "Armed men torched a dozen homes in Borokandi village (Borgou region) on Friday."
    out = _read(text, [_mention(text, "Borgou")], [_village(text, "Borgou")])
    (e,) = out.events
    assert (e.location, e.geo_precision) == ("Borgou", 3)
    assert "place not found: Borokandi" in e.tags


def test_an_unknown_name_in_a_sentence_without_events_changes_nothing() -> None:
    text = ("Armed men torched a dozen homes in Kalale on Friday. "
            "Borokandi village (Borgou region) has a weekly market.")
    out = _read(text, [_mention(text, "Kalale"), _mention(text, "Borgou")], [_village(text, "Borgou")])
    (e,) = out.events
    assert (e.location, e.geo_precision, e.tags.count("place not found")) == ("Kalale", 1, 0)


def test_the_pipeline_hands_the_geoparsers_unplaced_names_to_the_events(gazetteer) -> None:  # type: ignore[no-untyped-def]
    from geodata.pipeline import process_report
    from geodata.places.geoparse import Geoparser

    text = "Armed men torched a dozen homes in Borokandi village (Kalale district, Borgou region) on Friday."
    result = process_report(Report("r", text, FRI), geoparser=Geoparser(gazetteer), detector=RULES)
    assert any(u.surface == "Borokandi" and u.within is not None for u in result.unresolved)
    (e,) = result.events
    assert e.geo_precision == 2 and e.country_code == "BJ"
    assert "place not found: Borokandi" in e.tags


def test_an_act_in_a_report_that_names_only_a_country_is_placed_at_the_country() -> None:
    text = "Gunmen shot dead three farmers in Bangladesh."
    out = _read(text, [_mention(text, "Bangladesh")])
    assert [(e.location, e.geo_precision, e.event_type) for e in out.events] == [
        ("Bangladesh", 4, "Violence against civilians")]


def test_a_country_only_fallback_never_overrides_a_named_town() -> None:
    text = ("Garment workers blocked the highway in Rangpur on Friday over unpaid wages. "
            "Elsewhere, gunmen shot dead three farmers, officials in Bangladesh said.")
    out = _read(text, [_mention(text, "Rangpur"), _mention(text, "Bangladesh")])
    assert "Bangladesh" not in [e.location for e in out.events]


def test_a_district_named_to_locate_a_village_is_not_a_second_event() -> None:
    text = "Gunmen killed two farmers in Kpankou village, Kalale district, on Friday."
    near = Mention("r", "Kpankou", text.index("Kpankou"), text.index("Kpankou") + 7, "Kpankou", 999001, 10.4, 3.3,
                   "BJ", "Borgou", "city", confidence=0.9, admin1_code="BJ.10", feature_code="PPL")
    out = _read(text, [near, _mention(text, "Kalale")])
    assert [(e.location, e.geo_precision) for e in out.events] == [("Kpankou", 1)]


def test_a_village_resolved_far_from_its_stated_district_goes_to_the_district() -> None:
    text = "Gunmen killed two farmers in Kpankou village, Kalale district, on Friday."
    far = Mention("r", "Kpankou", text.index("Kpankou"), text.index("Kpankou") + 7, "Kpankou", 999002, 6.4, 2.4,
                  "BJ", "Littoral", "city", confidence=0.5, admin1_code="BJ.08", feature_code="PPL")
    out = _read(text, [far, _mention(text, "Kalale")])
    assert [(e.location, e.geo_precision) for e in out.events] == [("Kalale", 2)]


def test_a_toll_at_an_unknown_place_in_a_report_naming_only_a_country_is_at_the_country() -> None:
    text = "Six people were killed in Xyzvillage in Bangladesh."
    u = Unresolved(text.index("Xyzvillage"), text.index("Xyzvillage") + 10, "Xyzvillage", "city", "BD", None)
    out = _read(text, [_mention(text, "Bangladesh")], [u])
    assert [(e.location, e.geo_precision) for e in out.events] == [("Bangladesh", 4)]
