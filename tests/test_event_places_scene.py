"""Which named place is the act's: a country named only as the border the act was near, a
town named only as where a victim came from. Own-written sentences."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.model import Candidate, Mention, Report
from geodata.pipeline import process_report

DAY = date(2024, 9, 3)


def _places(gazetteer, text: str) -> list[tuple[str | None, str | None]]:
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    return [(e.country_code, e.location) for e in res.events]


def test_border_country_is_not_the_scene_of_another_countrys_forces(gazetteer) -> None:
    got = _places(gazetteer, "Colombian soldiers killed four guerrillas near the Venezuela border on Monday")
    assert [cc for cc, _ in got] == ["CO"]


def test_border_with_a_list_of_countries(gazetteer) -> None:
    got = _places(gazetteer, "Hungarian police fired tear gas at migrants at the borders with Serbia and Croatia on Monday")
    assert [cc for cc, _ in got] == ["HU"]


def test_border_country_stays_when_it_is_all_there_is(gazetteer) -> None:
    got = _places(gazetteer, "Gunmen killed three herders near the Chad border on Monday")
    assert [cc for cc, _ in got] == ["TD"]


def test_hometown_of_a_victim_is_not_the_scene(gazetteer) -> None:
    got = _places(gazetteer, "An Ohio student was shot dead in Honduras on Monday")
    assert [cc for cc, _ in got] == ["HN"]


@pytest.mark.parametrize("text", [
    "Ohio students marched to the state capitol on Monday",  # no other place named
    "In Ohio, students were shot at on Monday",              # the place is a locative's
])
def test_a_place_before_people_stays_the_scene_otherwise(gazetteer, text: str) -> None:
    got = _places(gazetteer, text)
    assert got and all(cc == "US" for cc, _ in got)


def _m(text: str, surface: str, name: str, cc: str, lat: float, lon: float, conf: float,
       alternatives: list[Candidate] | None = None) -> Mention:
    a = text.index(surface)
    return Mention("r", surface, a, a + len(surface), name, 1000 + a, lat, lon, cc, None, "city",
                   confidence=conf, alternatives=alternatives or [], feature_code="PPL")


def test_an_unsure_town_abroad_is_not_the_scene_of_a_report_about_elsewhere() -> None:
    from geodata.events.detect import RULES
    from geodata.events.extract import extract

    text = "Protesters blocked roads in Kisumu on Tuesday, and shops were looted in the Old Town."
    mentions = [_m(text, "Kisumu", "Kisumu", "KE", -0.1, 34.75, 0.9),
                _m(text, "Old Town", "Las Vegas", "US", 36.17, -115.14, 0.21)]
    out = extract(Report("r", text, DAY), mentions, detector=RULES)
    assert out.events and {e.location for e in out.events} == {"Kisumu"}


def test_an_unsure_town_abroad_takes_its_namesake_in_the_reports_country() -> None:
    from geodata.events._places import normalise_mentions

    text = "Peru's police found four bodies near Trujillo on Sunday."
    home = Candidate(3691175, "Trujillo", -8.11, -79.03, "PE", "La Libertad", "city", -0.2, "PPLA", 900000)
    mentions = [_m(text, "Peru", "Peru", "PE", -10.0, -76.0, 0.95),
                _m(text, "Trujillo", "Trujillo", "VE", 9.37, -70.43, 0.25, [home])]
    mentions[0].kind = "country"
    got = normalise_mentions(text, mentions)[1]
    assert (got.country_code, got.lat) == ("PE", -8.11)
    assert got.alternatives[0].country_code == "VE"  # the first reading stays a runner-up


def test_a_sure_town_abroad_stays() -> None:
    from geodata.events._places import normalise_mentions

    text = "Peru's envoy spoke in Caracas on Sunday."
    mentions = [_m(text, "Peru", "Peru", "PE", -10.0, -76.0, 0.95),
                _m(text, "Caracas", "Caracas", "VE", 10.49, -66.88, 0.9)]
    mentions[0].kind = "country"
    assert normalise_mentions(text, mentions) == mentions


def _event(gazetteer, text: str):  # type: ignore[no-untyped-def]
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    assert len(res.events) == 1, res.events
    return res.events[0]


@pytest.mark.parametrize(("one", "other", "axis"), [
    ("Gunmen killed eight people in northern Mexico on Monday",
     "Gunmen killed eight people in Mexico's south on Monday", "lat"),
    ("Shelling killed two civilians in the east of Ukraine on Monday",
     "Shelling killed two civilians in western Ukraine on Monday", "lon"),
    ("Troops killed five insurgents in the Afghan east on Monday",
     "Troops killed five insurgents in the Afghan west on Monday", "lon"),
])
def test_a_named_part_of_a_country_is_a_region_on_that_side(gazetteer, one: str, other: str, axis: str) -> None:
    a, b = _event(gazetteer, one), _event(gazetteer, other)
    assert (a.geo_precision, b.geo_precision) == (3, 3) and a.admin1 and b.admin1
    assert a.country_code == b.country_code
    if axis == "lat":
        assert a.latitude - b.latitude > 2.0
    else:
        assert a.longitude - b.longitude > 2.0


def test_a_country_without_a_side_stays_the_country(gazetteer) -> None:
    e = _event(gazetteer, "Gunmen killed eight people in Mexico on Monday")
    assert (e.geo_precision, e.location) == (4, "Mexico")


def test_a_bearing_from_something_else_is_not_a_part_of_the_country(gazetteer) -> None:
    e = _event(gazetteer, "Gunmen killed eight people in Syria north of the river on Monday")
    assert (e.geo_precision, e.location) == (4, "Syria")


def test_a_countrys_own_forces_by_the_possessive_place_the_act(gazetteer) -> None:
    e = _event(gazetteer, "Villagers fled after Sudan's army shelled their homes, killing nine")
    assert (e.country_code, e.geo_precision) == ("SD", 4)


def test_an_unfound_place_in_a_report_about_one_country_is_in_that_country(gazetteer) -> None:
    text = ("Myanmar's election commission met on Sunday. "
            "Rebels stormed an army outpost and killed four soldiers in the village of Zzyqtonbaw on Monday.")
    e = _event(gazetteer, text)
    assert (e.country_code, e.geo_precision) == ("MM", 4)


def test_of_several_countries_the_one_after_a_locative_is_the_scene(gazetteer) -> None:
    e = _event(gazetteer, "Officials said two UK citizens died when a drone strike hit their car in Syria on August 21.")
    assert e.country_code == "SY"


def test_the_part_of_the_country_named_by_the_country_word(gazetteer) -> None:
    north = _event(gazetteer, "Rebels killed 12 soldiers in Mali, in the north of the country, on Monday.")
    south = _event(gazetteer, "Rebels killed 12 soldiers in Mali, in the country's south, on Monday.")
    assert (north.country_code, north.geo_precision, south.geo_precision) == ("ML", 3, 3)
    assert north.latitude - south.latitude > 2.0


def test_a_bare_direction_is_a_part_of_the_acts_country(gazetteer) -> None:
    north = _event(gazetteer, "Rebels killed 12 soldiers in Mali on Monday, in the north.")
    south = _event(gazetteer, "Rebels killed 12 soldiers in Mali on Monday, in the south.")
    assert north.latitude - south.latitude > 2.0
    # a direction from a place is not a part of the country
    e = _event(gazetteer, "Rebels killed 12 soldiers in Mali in the north of the river valley on Monday.")
    assert (e.location, e.geo_precision) == ("Mali", 4)


def test_an_unsure_town_is_the_best_guess_when_nothing_is_surer() -> None:
    from geodata.events.detect import RULES
    from geodata.events.extract import extract

    text = "Protesters clashed with police in Valverde on Sunday."
    alone = [_m(text, "Valverde", "Valverde", "DO", 19.59, -71.08, 0.1)]
    out = extract(Report("r", text, DAY), alone, detector=RULES)
    assert [e.location for e in out.events] == ["Valverde"]
    assert [m.role for m in out.mentions] == ["event"]


def test_an_unsure_town_is_no_scene_beside_a_sure_place() -> None:
    from geodata.events.detect import RULES
    from geodata.events.extract import extract

    text = "Protesters clashed with police in Valverde on Sunday, a week after the vote in Madrid."
    both = [_m(text, "Valverde", "Valverde", "DO", 19.59, -71.08, 0.1),
            _m(text, "Madrid", "Madrid", "ES", 40.42, -3.70, 0.95)]
    out = extract(Report("r", text, DAY), both, detector=RULES)
    assert "Valverde" not in [e.location for e in out.events]


def test_each_of_two_joined_acts_takes_its_own_clauses_place(gazetteer) -> None:
    text = ("Protests spread to dozens of towns across Kenya on Tuesday, "
            "and the government shut down internet access in Kisumu.")
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    got = {(e.event_type, e.location, e.geo_precision) for e in res.events}
    assert got == {("Protests", "Kenya", 4), ("Strategic developments", "Kisumu", 1)}


def test_two_towns_naming_a_road_are_one_scene_along_it(gazetteer) -> None:
    e = _event(gazetteer, "Farmers blocked the Lahore-Islamabad motorway with tractors on Monday.")
    assert (e.location, e.geo_precision) == ("Lahore", 2)


def test_a_unit_after_a_comma_and_on_only_locates_the_town(gazetteer) -> None:
    res = process_report(Report("r", "Police fired tear gas at protesters in Mong Kok, on the Kowloon peninsula, on Monday.", DAY),
                         gazetteer=gazetteer)
    assert [e.location for e in res.events] == ["Mong Kok"]


def test_the_capital_of_the_reports_country(gazetteer) -> None:
    text = ("NAIROBI, March 3 (Wire) - Traders blocked roads in Kisumu on Monday over new taxes. "
            "On Tuesday hundreds of people marched in the capital towards parliament; police used tear gas.")
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    assert {e.location for e in res.events} == {"Kisumu", "Nairobi"}


def test_a_city_before_suburbs_of_only_qualifies_the_suburbs(gazetteer) -> None:
    res = process_report(Report("r", "Youths fought running battles with police in the Dakar suburbs of Pikine and "
                                     "Guediawaye on Friday.", DAY), gazetteer=gazetteer)
    assert {(e.location, e.geo_precision) for e in res.events} == {("Pikine", 1), ("Guédiawaye", 1)}


def test_a_dateline_town_does_not_override_the_country_the_act_is_put_in(gazetteer) -> None:
    put = _event(gazetteer, "BAMAKO, March 5 (Wire) - At least nine soldiers were killed in Mali on Thursday, officials said.")
    bare = _event(gazetteer, "BAMAKO, March 5 (Wire) - At least nine soldiers were killed on Thursday, officials said.")
    assert (put.location, put.geo_precision) == ("Mali", 4)
    assert bare.location == "Bamako"


def test_where_the_wounded_were_taken_is_not_the_scene(gazetteer) -> None:
    res = process_report(Report("r", "Two protesters were shot in Kilinochchi on Monday and taken to hospital in Jaffna.", DAY),
                         gazetteer=gazetteer)
    assert {e.location for e in res.events} == {"Kilinochchi"}


def test_an_adjective_after_a_locative_beats_a_country_named_as_a_side(gazetteer) -> None:
    e = _event(gazetteer, "Two French soldiers of the U.N. mission and a US adviser were wounded in a Malian border clash on Monday.")
    assert e.country_code == "ML"


def test_a_sides_weapon_after_a_locative_is_not_the_scene(gazetteer) -> None:
    e = _event(gazetteer, "Three Lebanese farmers were killed in an Israeli air strike on Monday.")
    assert e.country_code == "LB"


def test_one_act_told_over_two_clauses_keeps_the_places_of_both(gazetteer) -> None:
    text = "On Tuesday, crowds torched shops in Kisumu, and protesters were shot dead in Eldoret, residents said."
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    assert {"Kisumu", "Eldoret"} <= {e.location for e in res.events}


def test_in_the_whole_country_is_nationwide_and_a_verb_after_and_starts_a_clause(gazetteer) -> None:
    text = ("Pakistan's government suspended mobile internet service in the whole country "
            "and imposed a curfew in Lahore on Tuesday.")
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    assert {(e.location, e.geo_precision) for e in res.events} == {("Pakistan", 4), ("Lahore", 1)}


@pytest.mark.parametrize("text", [
    "Pakistan's government suspended mobile internet service in the whole country on Tuesday.",
    "The Pakistani government suspended mobile internet service in the whole country on Tuesday.",
])
def test_a_governments_measure_at_home_is_in_its_country(gazetteer, text: str) -> None:
    e = _event(gazetteer, text)
    assert (e.country_code, e.geo_precision) == ("PK", 4)


def test_a_government_that_only_speaks_places_nothing(gazetteer) -> None:
    res = process_report(Report("r", "France condemned the curfew on Wednesday.", DAY), gazetteer=gazetteer)
    assert res.events == []


def _where(gazetteer, text: str) -> list[tuple[str | None, int, str | None]]:
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    return [(e.location, e.geo_precision, e.sub_event_type) for e in res.events]


def test_an_act_put_in_a_country_does_not_borrow_the_next_sentences_town(gazetteer) -> None:
    text = ("ACCRA, Sept 3 (Wire) - Four people were killed in Ghana on Monday during clashes between opposition "
            "youths and the police. Young men burned tyres and threw stones at officers in Kumasi.")
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    toll = [e for e in res.events if e.fatalities == 4]
    assert [(e.country_code, e.geo_precision) for e in toll] == [("GH", 4)]
    assert "Kumasi" in {e.location for e in res.events}


def test_a_national_measure_under_a_dateline_is_in_the_datelines_country(gazetteer) -> None:
    text = "YANGON, Sept 3 (Wire) - Mobile internet service was cut across the country on Monday."
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    assert [(e.country_code, e.geo_precision) for e in res.events] == [("MM", 4)]


def test_where_troops_were_sent_from_is_not_the_scene(gazetteer) -> None:
    text = "Protesters clashed with police in Kumasi on Monday. Extra soldiers were deployed from Accra."
    assert "Accra" not in {loc for loc, _gp, _sub in _where(gazetteer, text)}


def test_towns_of_a_countrys_adjective_are_nationwide_and_an_after_clause_keeps_its_town(gazetteer) -> None:
    text = ("Rioters burned cars and smashed windows in Chilean cities on Saturday after a student was shot "
            "dead by police in Valparaiso on Friday.")
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    got = {(e.event_type, e.location, e.geo_precision) for e in res.events}
    assert ("Riots", "Chile", 4) in got
    assert not any(t == "Riots" and loc != "Chile" for t, loc, _gp in got)
    killing = [e for e in res.events if e.fatalities == 1]
    assert [e.location for e in killing] == ["Valparaíso"]



def test_a_building_stormed_is_a_scene_not_a_speakers_seat(gazetteer) -> None:
    text = ("Crowds tried to storm the governor's office in Kisumu on Monday, officials said. "
            "Police fired tear gas at marchers in Eldoret on Tuesday.")
    got = {(loc, sub) for loc, _gp, sub in _where(gazetteer, text)}
    assert ("Kisumu", "Violent demonstration") in got
    assert ("Eldoret", "Violent demonstration") not in got


def test_an_act_whose_sentence_names_the_dateline_town_stays_there(gazetteer) -> None:
    text = ("KISUMU, Sept 3 (Wire) - Police fired tear gas at hundreds of marchers overnight, an official in Kisumu said.\n"
            "In Eldoret, youths burned tyres on Tuesday.")
    got = {(loc, sub) for loc, _gp, sub in _where(gazetteer, text)}
    assert ("Kisumu", "Protest with intervention") in got
    assert ("Eldoret", "Protest with intervention") not in got


def test_a_killing_at_a_place_the_gazetteer_lacks_is_kept_in_the_reports_country(gazetteer) -> None:
    text = ("Youths fought running battles with police in Kisumu on Monday. "
            "A girl was shot dead in Kondelexyz on Monday, her mother said.")
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    killed = [e for e in res.events if e.fatalities == 1]
    assert [(e.country_code, e.geo_precision) for e in killed] == [("KE", 4)]
    assert any("Kondelexyz" in t for t in killed[0].tags.split("; "))
    assert "Kisumu" in {e.location for e in res.events}


def test_a_protest_at_an_unfound_building_makes_no_country_level_event(gazetteer) -> None:
    text = ("KISUMU, Sept 3 (Wire) - Thousands of protesters stormed the governor's residence in Kisumu on Monday. "
            "Protesters filled Uhuru Green and then broke through police lines outside the Provincial Secretariat.")
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    assert all(e.geo_precision < 4 for e in res.events)


def test_a_toll_in_a_unit_including_towns_is_the_units(gazetteer) -> None:
    text = "Police shot dead at least 14 protesters in Oromia region on Monday, including in Adama and Ambo."
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    assert [(e.geo_precision, e.fatalities) for e in res.events] == [(3, 14)]


@pytest.mark.parametrize("text", [
    "Riot police fired tear gas at marchers in Soweto in Johannesburg on Friday.",
    "Riot police fired tear gas at marchers at the Soweto taxi rank in Johannesburg on Friday.",
])
def test_a_district_in_its_city_is_one_scene(gazetteer, text: str) -> None:
    assert [loc for loc, _gp, _sub in _where(gazetteer, text)] == ["Soweto"]


def test_two_cities_joined_by_and_in_stay_two_scenes(gazetteer) -> None:
    text = "Riot police fired tear gas at marchers in Mombasa and in Nairobi on Friday."
    assert {loc for loc, _gp, _sub in _where(gazetteer, text)} == {"Mombasa", "Nairobi"}


def test_an_unfound_name_an_earlier_sentence_put_in_a_town_is_in_that_town(gazetteer) -> None:
    text = ("Youths fought police in Kisumu on Monday. The estates of Kondelexyz and Nyalendaxyz on the outskirts "
            "of Kisumu were sealed off. A girl was shot dead in Kondelexyz on Monday, her mother said.")
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    killed = [e for e in res.events if e.fatalities == 1]
    assert [(e.location, e.geo_precision) for e in killed] == [("Kisumu", 2)]


def test_a_landmark_of_one_town_stays_a_scene_beside_another_town(gazetteer) -> None:
    text = ("SANTIAGO, Sept 3 (Wire) - Students rallied at Plaza Italia on Monday, and in the port of Antofagasta "
            "a bank was set on fire.")
    got = {(loc, sub) for loc, _gp, sub in _where(gazetteer, text)}
    assert ("Plaza Italia", "Peaceful protest") in got
    assert ("Antofagasta", "Violent demonstration") in got


def test_an_after_clause_with_a_named_victim_keeps_its_own_town(gazetteer) -> None:
    text = ("Rioters burned cars and smashed windows in Chilean cities on Saturday after a student, Pablo R., was "
            "shot dead by police in Valparaiso on Friday.")
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    assert {(e.event_type, e.location) for e in res.events} == {("Riots", "Chile"), ("Violence against civilians", "Valparaíso")}


def test_a_landmark_the_text_puts_in_a_town_is_in_that_town(gazetteer) -> None:
    text = "On Monday a student was shot dead by police outside Rajshahi University in the northern city of Rajshahi."
    assert [loc for loc, _gp, _sub in _where(gazetteer, text)] == ["Rajshahi"]


def test_a_square_and_its_new_name_are_one_scene(gazetteer) -> None:
    text = ("SANTIAGO, Sept 3 (Wire) - Students rallied at Plaza Italia, which they call Plaza de la Dignidad, on Monday, "
            "and in the port of Antofagasta a bank was set on fire.")
    locs = [loc for loc, _gp, _sub in _where(gazetteer, text)]
    assert "Plaza de la Dignidad" not in locs and "Plaza Italia" in locs
