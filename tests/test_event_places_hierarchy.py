"""Coder-style notes state where a place is: "X village (District, Region)", "X, District
district, Region region". The units only locate X: one note, one event. Own-written sentences;
hand-made mentions (what the geoparser would give) keep each rule apart from the gazetteer."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.events.detect import RULES
from geodata.events.extract import extract
from geodata.model import Event, Mention, Report

DAY = date(2024, 4, 20)

# surface -> (geonameid, kind, country, admin1, admin1 code, feature code, lat, lon, method, confidence)
P: dict[str, tuple[int, str, str, str, str, str, float, float, str, float]] = {
    "Zaria": (2319133, "city", "NG", "Kaduna", "NG.23", "PPL", 11.11, 7.72, "exact", 0.9),
    "Kaduna": (2335727, "city", "NG", "Kaduna", "NG.23", "PPLA", 10.52, 7.44, "exact", 0.95),
    "Kaduna state": (2335722, "region", "NG", "Kaduna", "NG.23", "ADM1", 10.36, 7.70, "exact", 0.95),
    "Sabon Gari": (2324000, "city", "NG", "Kaduna", "NG.23", "PPL", 11.16, 7.70, "exact", 0.8),
    "Kachia": (2335000, "city", "NG", "Kaduna", "NG.23", "PPL", 9.87, 7.95, "exact", 0.9),
    "Mopti": (2453348, "city", "ML", "Mopti", "ML.04", "PPLA", 14.48, -4.18, "exact", 0.6),
    "Bandiagara": (2460489, "city", "ML", "Mopti", "ML.04", "PPL", 14.35, -3.61, "exact", 0.9),
    "Hombori": (2456000, "city", "ML", "Tombouctou", "ML.06", "PPL", 15.28, -1.70, "exact", 0.9),
    "Kenya": (192950, "country", "KE", "", "", "PCLI", 1.0, 38.0, "exact", 0.9),
    "Garissa": (197745, "city", "KE", "Garissa", "KE.06", "PPLA", -0.45, 39.65, "exact", 0.9),
    "Garissa County": (197744, "region", "KE", "Garissa", "KE.06", "ADM1", -0.50, 39.70, "exact", 0.9),
    "Borno state": (2346794, "region", "NG", "Borno", "NG.27", "ADM1", 11.5, 13.0, "exact", 0.9),
    "Gwoza": (2339287, "city", "NG", "Borno", "NG.27", "PPL", 11.08, 13.69, "exact", 0.9),
    "Bama": (2348000, "city", "NG", "Borno", "NG.27", "PPL", 11.52, 13.69, "exact", 0.9),
}


def _m(text: str, surface: str, *, at: int = 0, name: str | None = None, **kw: object) -> Mention:
    gid, kind, cc, admin1, code, fcode, lat, lon, method, conf = P[name or surface]
    start = text.index(surface, at)
    fields: dict[str, object] = dict(
        geonameid=gid, lat=lat, lon=lon, country_code=cc, admin1=admin1 or None, kind=kind, confidence=conf,
        admin1_code=code or None, feature_code=fcode, method=method)
    fields.update(kw)
    return Mention("r", surface, start, start + len(surface), name or surface, **fields)  # type: ignore[arg-type]


def _events(text: str, *mentions: Mention) -> list[Event]:
    out = extract(Report("r", text, DAY), sorted(mentions, key=lambda m: m.start), detector=RULES)
    return out.events


def _where(events: list[Event]) -> list[tuple[str | None, int | None]]:
    return [(e.location, e.geo_precision) for e in events]


def test_a_found_village_keeps_its_place_and_its_units_make_no_event() -> None:
    text = "On 18 April 2024, gunmen shot dead a farmer in Sabon Gari village (Zaria LGA, Kaduna state)."
    evs = _events(text, _m(text, "Sabon Gari"), _m(text, "Zaria"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Sabon Gari", 1)]
    assert evs[0].fatalities == 1


def test_an_unfound_village_is_at_its_district_town_near_it() -> None:
    text = "On 18 April 2024, gunmen shot dead a farmer in Kurmin Dankali (Zaria LGA, Kaduna state)."
    evs = _events(text, _m(text, "Zaria"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Zaria", 2)]


def test_the_region_a_district_bears_the_name_of_is_no_second_event() -> None:
    # "(District, Region)" where the region is read as its capital town: still only a unit
    text = "On 18 April 2024, an IED struck an army truck near Dourou (Bandiagara, Mopti). 4 soldiers killed."
    evs = _events(text, _m(text, "Bandiagara"), _m(text, "Mopti"))
    assert _where(evs) == [("Bandiagara", 2)]
    assert evs[0].fatalities == 4


def test_a_namesake_far_from_the_stated_district_gives_way_to_the_district() -> None:
    # the geoparser guessed a spelling ("Kachia") 140 km from the district the note names
    text = "On 18 April 2024, bandits abducted two traders in Kachiya village (Zaria LGA, Kaduna state)."
    guess = _m(text, "Kachiya", name="Kachia", method="fuzzy", confidence=0.5)
    evs = _events(text, guess, _m(text, "Zaria"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Zaria", 2)]


def test_an_exact_name_in_the_stated_region_stands_though_far_from_its_town() -> None:
    text = "On 18 April 2024, bandits abducted two traders in Kachia (Kaduna state)."
    evs = _events(text, _m(text, "Kachia"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Kachia", 1)]


def test_a_place_read_in_another_region_than_the_stated_one_gives_way() -> None:
    text = "On 18 April 2024, militants burned a school in Hombori (Bandiagara, Mopti)."
    evs = _events(text, _m(text, "Hombori"), _m(text, "Bandiagara"), _m(text, "Mopti"))
    assert _where(evs) == [("Bandiagara", 2)]


def test_a_hierarchy_after_a_comma_locates_the_place_too() -> None:
    text = "On 18 April 2024, gunmen shot dead a farmer in Kurmin Dankali, Zaria LGA, Kaduna state."
    evs = _events(text, _m(text, "Zaria"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Zaria", 2)]


def test_only_a_region_stated_puts_an_unfound_place_in_the_region() -> None:
    text = "On 18 April 2024, herders attacked farmers in Dabagi (Garissa County). 3 fatalities."
    evs = _events(text, _m(text, "Garissa County"))
    assert _where(evs) == [("Garissa County", 3)]
    assert evs[0].fatalities == 3


@pytest.mark.parametrize("text, names, expected", [
    # brackets naming the parts of a region are the places, not units
    ("On 18 April 2024, troops clashed with insurgents in Borno state (Gwoza, Bama).",
     ("Borno state", "Gwoza"), {"Gwoza"}),
    # a country in brackets changes nothing
    ("On 18 April 2024, police dispersed a march in Garissa (Kenya).", ("Garissa", "Kenya"), {"Garissa"}),
])
def test_brackets_that_are_no_hierarchy_of_units(text: str, names: tuple[str, ...], expected: set[str]) -> None:
    evs = _events(text, *(_m(text, n) for n in names))
    assert {e.location for e in evs} == expected


def test_brackets_after_no_place_locate_nothing() -> None:
    text = "On 18 April 2024, members of the ZLM (Zaria Liberation Movement) marched in Kaduna."
    evs = _events(text, _m(text, "Zaria"), _m(text, "Kaduna"))
    assert "Kaduna" in {e.location for e in evs}


def test_two_places_each_with_their_units_are_two_events() -> None:
    text = "On 18 April 2024, police arrested 6 protesters in Zaria (Zaria, Kaduna) and 4 in Gwoza (Gwoza, Borno)."
    evs = _events(text, _m(text, "Zaria"), _m(text, "Zaria", at=text.index("(")), _m(text, "Kaduna"),
                  _m(text, "Gwoza"), _m(text, "Gwoza", at=text.index("(Gwoza")))
    assert sorted(_where(evs)) == [("Gwoza", 1), ("Zaria", 1)]


@pytest.mark.parametrize("text, precision", [
    ("On 18 April 2024, soldiers fired on protesters gathered east of Kaduna, killing 3.", 2),
    ("On 18 April 2024, soldiers fired on protesters on the outskirts of Kaduna, killing 3.", 2),
    ("On 18 April 2024, soldiers fired on protesters 10 km north of Kaduna, killing 3.", 2),
    ("On 18 April 2024, soldiers fired on protesters 140 km north of Kaduna, killing 3.", 3),
])
def test_near_a_town_is_precision_2_far_from_it_3(text: str, precision: int) -> None:
    (e,) = _events(text, _m(text, "Kaduna"))
    assert (e.location, e.geo_precision) == ("Kaduna", precision)


def test_coder_notes_through_the_pipeline(gazetteer) -> None:  # type: ignore[no-untyped-def]
    from geodata.pipeline import process_report
    from geodata.places.geoparse import Geoparser

    gp = Geoparser(gazetteer)
    text = "On 18 April 2024, rioters burned two shops in Gombe town (Gombe LGA, Gombe state). 1 fatality."
    evs = process_report(Report("r", text, DAY), geoparser=gp, detector=RULES).events
    assert _where(evs) == [("Gombe", 1)] and evs[0].fatalities == 1
    text = "On 18 April 2024, gunmen killed a herder in Xyzbaru (Misau LGA, Bauchi state)."
    evs = process_report(Report("r", text, DAY), geoparser=gp, detector=RULES).events
    assert _where(evs) == [("Misau", 2)]


def test_an_unfound_unit_of_a_found_places_hierarchy_is_no_place_of_its_own() -> None:
    from geodata.model import Candidate
    from geodata.places.geoparse import Unresolved

    text = "On 18 April 2024, traders blocked the main road in Zaria (Sabongarix, Kaduna state) over taxes."
    state = Candidate(2335722, "Kaduna", 10.36, 7.70, "NG", "Kaduna", "region", 0.0, "ADM1")
    u = Unresolved(text.index("Sabongarix"), text.index("Sabongarix") + 10, "Sabongarix", "city", "NG", state)
    out = extract(Report("r", text, DAY), [_m(text, "Zaria"), _m(text, "Kaduna", name="Kaduna state")],
                  detector=RULES, unresolved=[u])
    assert _where(out.events) == [("Zaria", 1)]
    assert not any("place not found" in (e.tags or "") for e in out.events)


def test_a_place_named_as_a_district_is_somewhere_in_it() -> None:
    text = "On 18 April 2024, herders attacked farmers in Zaria LGA (Kaduna state). 5 fatalities."
    evs = _events(text, _m(text, "Zaria"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Zaria", 2)] and evs[0].fatalities == 5


def test_a_spot_in_a_place_before_its_hierarchy_is_at_the_place() -> None:
    text = "On 18 April 2024, soldiers fired on protesters at the Zaria toll gate (Sabon Gari LGA, Kaduna state)."
    evs = _events(text, _m(text, "Zaria"), _m(text, "Sabon Gari"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Zaria", 1)]


def test_a_word_read_inside_a_unit_is_not_the_unit() -> None:
    # "Garissa" read inside "Xyz Garissa Highlands" (a name the gazetteer lacks) is no unit, nor a place
    text = "On 18 April 2024, raiders burned huts in Xyzdaba (Xyz Garissa Highlands). 2 fatalities."
    evs = _events(text, _m(text, "Garissa"))
    assert "Garissa" not in {e.location for e in evs}


def test_the_last_unit_without_a_kind_word_is_the_region() -> None:
    text = "On 18 April 2024, gunmen shot dead a farmer in Kurmin Dankali (Xyzraion raion, Kaduna)."
    evs = _events(text, _m(text, "Kaduna"))
    assert _where(evs) == [("Kaduna", 3)]


def test_the_finest_unit_must_agree_with_the_coarser_ones() -> None:
    # "Hombori" read in Mali cannot be a district of a Nigerian state
    text = "On 18 April 2024, gunmen shot dead a farmer in Kurmin Dankali (Hombori district, Kaduna state)."
    evs = _events(text, _m(text, "Hombori"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Kaduna state", 3)]


def test_an_unfound_neighbourhood_is_in_its_town() -> None:
    text = "On 18 April 2024, rioters torched a police post in Tudun Xyz neighbourhood (Zaria, Kaduna state)."
    evs = _events(text, _m(text, "Zaria"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Zaria", 1)]


def test_where_a_march_was_heading_is_not_its_scene() -> None:
    text = "On 18 April 2024, police fired tear gas at students marching towards Kaduna at a checkpoint in Zaria."
    evs = _events(text, _m(text, "Kaduna"), _m(text, "Zaria"))
    assert _where(evs) == [("Zaria", 1)]


def test_a_unit_after_in_locates_the_place_before_it() -> None:
    text = "On 18 April 2024, gunmen shot dead a farmer in Kurmin Dankali, in the municipality of Zaria."
    assert _where(_events(text, _m(text, "Zaria"))) == [("Zaria", 2)]
    text = "On 18 April 2024, gunmen shot dead a farmer in Sabon Gari village in Zaria LGA (Kaduna state)."
    evs = _events(text, _m(text, "Sabon Gari"), _m(text, "Zaria"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Sabon Gari", 1)]


def test_between_two_towns_is_one_scene_near_the_first() -> None:
    text = "On 18 April 2024, bandits ambushed a bus on the road between Kaduna and Zaria, killing 4."
    evs = _events(text, _m(text, "Kaduna"), _m(text, "Zaria"))
    assert _where(evs) == [("Kaduna", 2)] and evs[0].fatalities == 4


def test_a_town_that_bears_its_states_name_after_a_comma_is_the_state() -> None:
    # "Mopti" after a town of Mopti region stands for the region; a list goes on ("A, B and C")
    text = "On 18 April 2024, militants burned a school in Bandiagara, Mopti."
    assert _where(_events(text, _m(text, "Bandiagara"), _m(text, "Mopti"))) == [("Bandiagara", 1)]
    text = "On 18 April 2024, militants burned schools in Bandiagara, Mopti and Hombori."
    evs = _events(text, _m(text, "Bandiagara"), _m(text, "Mopti"), _m(text, "Hombori"))
    assert {e.location for e in evs} == {"Bandiagara", "Mopti", "Hombori"}


def test_a_chain_of_units_is_one_hierarchy() -> None:
    text = ("On 18 April 2024, gunmen shot dead a trader on Xyz Street in the Xyzpark neighbourhood "
            "in the municipality of Zaria, Kaduna state.")
    evs = _events(text, _m(text, "Zaria"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Zaria", 2)]


def test_a_country_s_possessive_before_a_unit_is_no_obstacle() -> None:
    text = "On 18 April 2024, gunmen shot dead a trader in the town of Xyzagua in Nigeria's Kaduna state."
    evs = _events(text, _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Kaduna state", 3)]


def test_an_exact_namesake_far_across_the_region_gives_way_to_the_district() -> None:
    # Kachia lies 140 km from Zaria; a village of Zaria LGA named like it is not that town...
    text = "On 18 April 2024, bandits abducted two traders in Kachia village (Zaria LGA, Kaduna state)."
    far = _m(text, "Kachia", lat=12.3, lon=8.9)  # (a namesake 180 km away)
    evs = _events(text, far, _m(text, "Zaria"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Zaria", 2)]



def test_a_unit_read_abroad_never_demotes_the_place() -> None:
    # "Hombori" (read in Mali) beside the place's own state: a misreading, dropped
    text = "On 18 April 2024, students marched in Zaria (Hombori district, Kaduna state) against fees."
    evs = _events(text, _m(text, "Zaria"), _m(text, "Hombori"), _m(text, "Kaduna", name="Kaduna state"))
    assert _where(evs) == [("Zaria", 1)]


@pytest.mark.parametrize("text, at", [
    ("On 18 April 2024, students staged a sit-in outside the Xyz Secretariat in Kaduna.", "in Kaduna"),
    ("On 18 April 2024, students staged a sit-in at the Kaduna Xyz Court (Kaduna, Kaduna state).", "(Kaduna"),
    ("On 18 April 2024, a bomb went off outside the Xyz Ministry in Kaduna. 2 fatalities.", "in Kaduna"),
])
def test_a_building_in_a_named_town_is_in_the_town(text: str, at: str) -> None:
    (e,) = _events(text, _m(text, "Kaduna", at=text.index(at)))
    assert (e.location, e.geo_precision) == ("Kaduna", 1)


def test_the_rural_area_of_a_town_is_near_it() -> None:
    text = "On 18 April 2024, soldiers clashed with rebels in the rural area of Kaduna. 4 fatalities."
    (e,) = _events(text, _m(text, "Kaduna"))
    assert (e.location, e.geo_precision) == ("Kaduna", 2)


def test_an_unfound_area_the_geoparser_puts_in_a_town_is_in_the_town() -> None:
    from geodata.model import Candidate
    from geodata.places.geoparse import Unresolved

    text = "On 18 April 2024, rioters torched cars in Xyzkune area (Zaria, Kaduna state). 2 fatalities."
    zaria = Candidate(2319133, "Zaria", 11.11, 7.72, "NG", "Kaduna", "city", 0.0, "PPL")
    u = Unresolved(text.index("Xyzkune"), text.index("Xyzkune") + 7, "Xyzkune", "city", "NG", zaria)
    out = extract(Report("r", text, DAY), [_m(text, "Zaria"), _m(text, "Kaduna", name="Kaduna state")],
                  detector=RULES, unresolved=[u])
    assert _where(out.events) == [("Zaria", 1)] and out.events[0].fatalities == 2


def test_a_town_named_with_its_state_word_in_the_brackets_is_the_region() -> None:
    # "(Xyz LGA, Kaduna state)" with the state read as its capital town: the region, p3
    text = "On 18 April 2024, gunmen shot dead a farmer in Kurmin Dankali (Xyzwa LGA, Kaduna state)."
    evs = _events(text, _m(text, "Kaduna"))
    assert _where(evs) == [("Kaduna", 3)]


def test_an_unfound_area_of_a_district_is_somewhere_in_the_district() -> None:
    from geodata.model import Candidate
    from geodata.places.geoparse import Unresolved

    text = "On 18 April 2024, rioters torched cars in Xyzkune area (Zaria LGA, Kaduna state)."
    zaria = Candidate(2319133, "Zaria", 11.11, 7.72, "NG", "Kaduna", "city", 0.0, "PPL")
    u = Unresolved(text.index("Xyzkune"), text.index("Xyzkune") + 7, "Xyzkune", "city", "NG", zaria)
    out = extract(Report("r", text, DAY), [_m(text, "Zaria"), _m(text, "Kaduna", name="Kaduna state")],
                  detector=RULES, unresolved=[u])
    assert _where(out.events) == [("Zaria", 2)]


def test_a_road_that_only_says_where_a_spot_is_makes_no_place() -> None:
    text = "On 18 April 2024, bandits abducted 4 travellers on the Kaduna-Zaria highway near Xyzmawa (Kachia, Kaduna)."
    evs = _events(text, _m(text, "Kaduna"), _m(text, "Zaria"), _m(text, "Kachia"),
                  _m(text, "Kaduna", at=text.index("(Kachia")))
    assert _where(evs) == [("Kachia", 2)]
    text = "On 18 April 2024, bandits abducted 4 travellers on the Kaduna-Zaria highway."
    assert _where(_events(text, _m(text, "Kaduna"), _m(text, "Zaria"))) == [("Kaduna", 2)]


@pytest.mark.parametrize("text", [
    "On 18 April 2024, gunmen shot dead two traders in Sabon Gari, a suburb of the northern city of Zaria.",
    "On 18 April 2024, gunmen shot dead two traders in Sabon Gari, about 300 km (190 miles) from the town of Zaria.",
])
def test_a_town_named_after_a_comma_as_a_reference_point_is_no_place(text: str) -> None:
    evs = _events(text, _m(text, "Sabon Gari"), _m(text, "Zaria"))
    assert _where(evs) == [("Sabon Gari", 1)] and evs[0].fatalities == 2


def test_a_bare_town_after_a_named_neighbourhood_locates_it() -> None:
    # the neighbourhood read as a namesake elsewhere; the town after the comma is where it is
    text = "On 18 April 2024, gunmen shot dead two traders in the Kachia neighbourhood, Zaria."
    evs = _events(text, _m(text, "Kachia", lat=12.3, lon=8.9), _m(text, "Zaria"))
    assert _where(evs) == [("Zaria", 1)]


def test_a_town_whose_other_reading_is_the_state_stands_for_the_state() -> None:
    from geodata.model import Candidate

    state = Candidate(2335722, "Kaduna", 10.36, 7.70, "NG", "Kaduna", "region", 0.0, "ADM1")
    text = "On 18 April 2024, gunmen shot dead two traders in Zaria town, Kadunax."
    kx = _m(text, "Kadunax", name="Kachia", alternatives=[state])  # (a town of the state, read first)
    assert _where(_events(text, _m(text, "Zaria"), kx)) == [("Zaria", 1)]


def test_an_unsure_unit_does_not_overrule_a_found_place() -> None:
    text = "On 18 April 2024, gunmen shot dead two traders in Zaria town, Hombori."
    evs = _events(text, _m(text, "Zaria"), _m(text, "Hombori", confidence=0.25, country_code="NG"))
    assert _where(evs) == [("Zaria", 1)]


@pytest.mark.parametrize("text", [
    "On 18 April 2024, students protested in Zaria against the killing of a classmate by police in Kaduna last week.",
    "On 18 April 2024, traders rallied in Zaria to demand the release of their leader, who is detained in Kaduna.",
])
def test_a_place_inside_what_a_protest_is_about_is_not_its_scene(text: str) -> None:
    assert _where(_events(text, _m(text, "Zaria"), _m(text, "Kaduna"))) == [("Zaria", 1)]


def test_a_place_in_the_cause_is_the_scene_when_no_other_is_named() -> None:
    text = "On 18 April 2024, students protested against the killing of a classmate by police in Kaduna."
    assert _where(_events(text, _m(text, "Kaduna"))) == [("Kaduna", 1)]


def test_a_building_bearing_the_towns_name_is_in_the_town_whatever_the_unit() -> None:
    # the unit is the town's own region ("Kaduna" for Kaduna state): the court is in the town
    text = "On 18 April 2024, police arrested a journalist at the Kaduna High Court (Kaduna Capital Territory)."
    assert _where(_events(text, _m(text, "Kaduna", at=text.index("(")))) == [("Kaduna", 1)]


def test_an_unfound_name_that_is_its_units_town_is_that_town() -> None:
    # "University of Zaria" not read as a place; the bracket names the same town
    text = "On 18 April 2024, students protested at the University of Zaria (Samaru, Zaria) over fees."
    assert _where(_events(text, _m(text, "Zaria", at=text.index("(")))) == [("Zaria", 1)]
