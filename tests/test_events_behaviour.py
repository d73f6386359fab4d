"""Single behaviours of the event reader, each in own-written sentences (never accuracy figures)."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.events.extract import extract
from geodata.model import Event, Mention, Report

# name -> (kind, country code, admin1, lat, lon)
PLACES = {
    "Rangpur": ("city", "BD", "Rangpur Division", 25.75, 89.25),
    "Dhaka": ("city", "BD", "Dhaka Division", 23.71, 90.41),
    "Bangladesh": ("country", "BD", None, 24.0, 90.0),
    "Kano": ("city", "NG", "Kano", 12.0, 8.52),
    "Maiduguri": ("city", "NG", "Borno", 11.85, 13.16),
    "Zamfara": ("region", "NG", "Zamfara", 12.17, 6.25),
    "Kalale": ("city", "BJ", "Borgou", 10.29, 3.38),
    "Almaty": ("city", "KZ", "Almaty", 43.25, 76.92),
}
SAT = date(2024, 7, 20)


def _mentions(text: str, names: tuple[str, ...]) -> list[Mention]:
    out = []
    for name in names:
        kind, cc, admin1, lat, lon = PLACES[name]
        start = text.find(name)
        while start >= 0:
            out.append(Mention("r", name, start, start + len(name), name, abs(hash(name)) % 10**7, lat, lon, cc,
                               admin1, kind, confidence=0.9, admin1_code=f"{cc}.{admin1}" if admin1 else None))
            start = text.find(name, start + 1)
    return sorted(out, key=lambda m: m.start)


def events(text: str, *names: str) -> list[Event]:
    return extract(Report("r", text, SAT, source="Test Wire"), _mentions(text, names)).events


def one(text: str, *names: str) -> Event:
    evs = events(text, *names)
    assert len(evs) == 1, [(e.location, e.event_type, e.sub_event_type, e.tags) for e in evs]
    return evs[0]


def test_a_closing_no_injuries_sets_zero_and_keeps_the_attack():
    e = one("Gunmen attacked a bus on the highway near Kano on Thursday. No injuries were reported.", "Kano")
    assert e.event_type == "Violence against civilians" and e.injuries == 0


@pytest.mark.parametrize("text", [
    "A nationwide curfew now looks very likely in Bangladesh, an analyst in Dhaka said.",
    "The government may impose a curfew in Dhaka next week.",
    "Protests are expected in Dhaka after Friday prayers.",
])
def test_a_hedged_measure_or_protest_is_no_event(text):
    assert events(text, "Dhaka", *(["Bangladesh"] if "Bangladesh" in text else [])) == []


def test_an_appositive_between_place_and_act_keeps_the_event():
    e = one("In the northern city of Rangpur, a student, Abu Sayeed, was shot dead by police on Tuesday.", "Rangpur")
    assert (e.location, e.fatalities, e.event_date) == ("Rangpur", 1, "2024-07-16")


def test_the_doer_is_read_from_the_act_not_from_who_said_it():
    e = one("Police said gunmen shot and injured a shopkeeper in Kano on Friday.", "Kano")
    assert e.actor1.startswith("Unidentified Armed Group") and e.injuries == 1


def test_two_national_measures_of_one_day_are_one_event():
    e = one("On Friday the authorities cut mobile internet across Bangladesh and deployed border guard troops.",
            "Bangladesh")
    assert "internet shutdown" in e.tags and "troop deployment" in e.tags


def test_an_arrest_sweep_without_a_place_takes_the_report_scene():
    text = ("Students blocked the main highway in Dhaka on Friday. The interior minister blamed the opposition. "
            "A spokesman called for calm. Officials gave no figures. Police arrested dozens of opposition "
            "activists overnight.")
    evs = events(text, "Dhaka")
    assert any(e.location == "Dhaka" and e.arrests == 12 for e in evs)


def test_partisans_attacking_students_are_not_police_force():
    e = one("Members of the ruling party's student wing attacked protesting students with sticks in Dhaka "
            "on Monday.", "Dhaka")
    assert e.event_type == "Riots" and "Police" not in e.actor2


def test_arrests_of_activists_are_an_arrests_event():
    e = one("Police arrested dozens of opposition activists overnight in Dhaka.", "Dhaka")
    assert (e.event_type, e.sub_event_type, e.arrests) == ("Strategic developments", "Arrests", 12)


@pytest.mark.parametrize(("text", "event_type"), [
    ("A mob beat and injured a worker in Kano on Friday.", "Riots"),
    ("Unknown men assaulted a journalist in Kano on Friday.", "Violence against civilians"),
    ("Gunmen gunned down a trader in Kano on Friday.", "Violence against civilians"),
    ("Militants opened fire on a military patrol near Maiduguri on Friday.", "Battles"),
    ("Insurgents fired ten artillery shells at Maiduguri on Friday.", "Explosions/Remote violence"),
    ("Residents barricaded a road in Kano on Friday in protest over power cuts.", "Protests"),
    ("Troops established a checkpoint at the entrance to Maiduguri on Friday.", "Strategic developments"),
    ("Fighters destroyed an airstrip near Maiduguri on Friday.", "Strategic developments"),
    ("Herders clashed with farmers in Kano on Friday.", "Riots"),
])
def test_ordinary_verbs_of_violence_make_events(text, event_type):
    names = [n for n in PLACES if n in text]
    assert one(text, *names).event_type == event_type


def test_a_village_the_gazetteer_lacks_goes_to_its_district_town():
    e = one("Gunmen killed three farmers in Kpankou village (Kalale district, Borgou region) on Monday.", "Kalale")
    assert (e.location, e.geo_precision) == ("Kalale", 2)
    assert "place not found: Kpankou" in e.tags


def test_a_village_in_a_named_state_goes_to_the_state():
    e = one("Gunmen abducted five villagers in Tungan Kawo, Zamfara State, on Sunday.", "Zamfara")
    assert e.geo_precision == 3 and "place not found: Tungan Kawo" in e.tags


def test_a_killing_after_a_named_scene_is_placed_there():
    text = ("On Thursday in Almaty the army carried out an operation against armed groups. "
            "Officers said that 26 gunmen were killed and 18 wounded, and more than 3,000 people were "
            "arrested across the country since the unrest began.")
    e = one(text, "Almaty")
    assert (e.location, e.fatalities, e.injuries) == ("Almaty", 26, 18)


@pytest.mark.parametrize(("text", "event_type"), [
    ("Fresh clashes broke out between the army and the separatists near Maiduguri on Friday.", "Battles"),
    ("Heavy clashes were reported near Maiduguri on Friday.", "Battles"),
    ("Villagers clashed with police near Maiduguri on Friday over a land dispute.", "Riots"),
    ("Protesters clashed with police near Maiduguri on Friday.", "Riots"),
])
def test_a_clash_is_a_battle_unless_an_unarmed_side_is_named(text, event_type):
    assert one(text, "Maiduguri").event_type == event_type


@pytest.mark.parametrize(("text", "event_type"), [
    ("Eight militants were killed near Maiduguri on Friday.", "Battles"),
    ("Two soldiers were killed near Maiduguri on Friday.", "Battles"),
    ("Three farmers were killed near Maiduguri on Friday.", "Violence against civilians"),
])
def test_a_toll_alone_is_typed_by_who_died(text, event_type):
    assert one(text, "Maiduguri").event_type == event_type


@pytest.mark.parametrize("text", [
    "Flash floods killed twelve people near Maiduguri on Friday.",
    "A gas explosion at a chemical plant near Maiduguri killed four workers on Friday.",
    "A stampede at a stadium near Maiduguri left nine people dead on Friday.",
    "A wildfire destroyed forty homes near Maiduguri on Friday.",
    "The governor declared a state of emergency near Maiduguri on Friday after heavy rains.",
])
def test_a_natural_hazard_or_an_accident_is_not_an_event(text):
    assert events(text, "Maiduguri") == []


def test_an_attack_in_a_flooded_town_is_still_an_event():
    e = one("Gunmen shot dead three farmers near Maiduguri on Friday as floods cut the roads.", "Maiduguri")
    assert e.event_type == "Violence against civilians"


@pytest.mark.parametrize(("text", "event_type"), [
    ("Gunmen kill 8 near Maiduguri on Friday.", "Violence against civilians"),
    ("Shopkeeper gunned down near Maiduguri on Friday.", "Violence against civilians"),
    ("A teacher was assassinated near Maiduguri on Friday.", "Violence against civilians"),
    ("Two soldiers were ambushed near Maiduguri on Friday.", "Battles"),
])
def test_headline_tenses_and_passives_make_events(text, event_type):
    assert one(text, "Maiduguri").event_type == event_type


def test_a_score_is_not_a_count_of_victims():
    assert events("Kano Pillars beat Maiduguri United 3-0 on Friday.", "Kano", "Maiduguri") == []


@pytest.mark.parametrize(("text", "event_type"), [
    ("Two people were killed as fighting flared near Maiduguri on Friday.", "Battles"),
    ("Insurgents staged an attack on an army convoy near Maiduguri on Friday.", "Battles"),
    ("Warplanes bombed a market near Maiduguri on Friday.", "Explosions/Remote violence"),
    ("Four farmers were killed by drone strikes near Maiduguri on Friday.", "Explosions/Remote violence"),
    ("Soldiers fired on villagers near Maiduguri on Friday.", "Violence against civilians"),
    ("Eight people died in an army attack on separatists near Maiduguri on Friday.", "Battles"),
    ("Troops launched an offensive against rebels near Maiduguri on Friday.", "Battles"),
])
def test_fighting_attacks_on_forces_and_weapons_type_the_event(text, event_type):
    assert one(text, "Maiduguri").event_type == event_type


def test_a_fire_on_take_off_is_not_an_attack():
    assert events("An engine fire on take-off from Maiduguri airport forced the crew to stop on Friday.",
                  "Maiduguri") == []


@pytest.mark.parametrize("text", [
    "The president said on Friday that the army would be deployed in Kano to support the police.",
    "Troops will be sent to Kano, the interior minister said on Friday.",
    "On Friday the governor said soldiers are to be deployed in Kano.",
    "The government plans to deploy troops in Kano, officials said on Friday.",
    "The president vowed to send the army into Kano on Friday.",
    "Officials said on Friday a curfew will be imposed in Kano.",
])
def test_a_future_or_planned_measure_is_no_event(text):
    assert events(text, "Kano") == []


@pytest.mark.parametrize("text", [
    "The army was deployed in Kano on Friday to support the police.",
    "On Friday the authorities deployed troops in Kano.",
])
def test_a_measure_that_was_taken_is_an_event(text):
    e = one(text, "Kano")
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Other")
    assert "troop deployment" in e.tags


def test_a_toll_after_police_fired_on_a_peaceful_crowd_is_excessive_force():
    e = one("Police fired tear gas at protesters in Kano on Friday. At least five people were shot dead "
            "near the market, a rights group said.", "Kano")
    assert (e.event_type, e.sub_event_type, e.fatalities) == ("Protests", "Excessive force against protesters", 5)
    assert e.actor1.startswith("Protesters") and e.actor2.startswith("Police Forces")


def test_a_toll_after_police_fired_on_a_rioting_crowd_is_a_deadly_riot():
    e = one("Police fired live rounds at protesters who stormed the governor's office in Kano on Friday. "
            "Four people were shot dead outside the building.", "Kano")
    assert (e.event_type, e.sub_event_type, e.fatalities) == ("Riots", "Violent demonstration", 4)
    assert e.actor2.startswith("Police Forces") and "Unidentified" not in e.actor1


@pytest.mark.parametrize(("text", "names"), [
    ("Police fired tear gas at protesters in Kano on Friday. Gunmen shot dead five villagers near the town.", ("Kano",)),
    ("Police fired tear gas at protesters in Kano on Friday. In Maiduguri, five people were shot dead.",
     ("Kano", "Maiduguri")),
    ("Police fired tear gas at protesters in Kano on Friday. Five people were shot dead in Kano on Saturday.", ("Kano",)),
])
def test_a_toll_by_others_elsewhere_or_another_day_stays_apart(text, names):
    evs = events(text, *names)
    assert len(evs) == 2
    assert any(e.event_type == "Violence against civilians" and e.fatalities == 5 for e in evs)


@pytest.mark.parametrize(("text", "sub_event_type"), [
    ("Police fired live rounds at protesters in Kano on Friday.", "Excessive force against protesters"),
    ("Troops fired mortar rounds at a village near Kano on Friday.", "Shelling/artillery/missile attack"),
])
def test_live_rounds_are_gunfire_not_artillery(text, sub_event_type):
    assert one(text, "Kano").sub_event_type == sub_event_type


def test_a_deployment_announced_before_it_happens_is_the_announcers():
    text = ("The African Union said on Thursday it would deploy peacekeepers to Bangladesh. The first "
            "troops landed in Dhaka on Friday.")
    e = one(text, "Dhaka", "Bangladesh")
    assert e.actor1.startswith("AU") and "troop deployment" in e.tags


def test_an_event_at_a_landmark_says_which_town_holds_it():
    from geodata.model import Candidate

    text = "Students clashed with police at Dhaka University on Tuesday."
    start = text.find("Dhaka University")
    town = Candidate(1185241, "Dhaka", 23.71, 90.41, "BD", "Dhaka Division", "city", 0.9, "PPLC")
    m = Mention("r", "Dhaka University", start, start + 16, "Dhaka University", None, 23.71, 90.41, "BD",
                "Dhaka Division", "landmark", confidence=0.9, alternatives=[town], feature_code="LMK",
                method="landmark")
    e = extract(Report("r", text, SAT, source="Test Wire"), [m]).events[0]
    assert e.location == "Dhaka University" and "landmark in Dhaka: Dhaka University" in e.tags.split("; ")


@pytest.mark.parametrize(("text", "sub_event_type"), [
    ("The government sends troops to Maiduguri on Friday.", "Other"),
    ("Gunmen attacks villages near Maiduguri on Friday.", "Attack"),
])
def test_headline_present_tense_sends_and_attacks(text, sub_event_type):
    assert one(text, "Maiduguri").sub_event_type == sub_event_type


def _gazetteer_has(code: str) -> bool:
    try:
        from geodata.places.gazetteer import default_gazetteer

        return default_gazetteer().country(code) is not None
    except Exception:
        return False


@pytest.mark.skipif(not _gazetteer_has("SD"), reason="no gazetteer built")
@pytest.mark.parametrize(("text", "country"), [
    ("Sudanese rebels attacked an army convoy on Friday, killing 12 soldiers.", "SD"),
    ("South Sudanese troops clashed with rebels on Friday.", "SS"),
    ("Fighting in a Mexican border city left nine dead on Friday.", "MX"),
    ("About forty Syrians were killed by air strikes on Friday.", "SY"),
    ("A car bomb killed six police officers in an Afghan border town on Friday.", "AF"),
    ("A roadside bomb killed four workers in an Afghan village on Friday.", "AF"),
    ("Myanmar Army troops shelled a village on Friday, killing three people.", "MM"),
])
def test_an_act_named_only_by_a_countrys_adjective_is_placed_at_the_country(text, country):
    e = one(text)
    assert (e.country_code, e.geo_precision) == (country, 4)


@pytest.mark.skipif(not _gazetteer_has("DE"), reason="no gazetteer built")
def test_a_countrys_adjective_before_a_company_places_nothing():
    assert events("A German airline cancelled its flights on Friday as pilots went on strike.") == []


@pytest.mark.skipif(not _gazetteer_has("SD"), reason="no gazetteer built")
def test_an_act_of_a_countrys_forces_with_no_other_place_is_in_that_country():
    from geodata.places.geoparse import geoparse

    text = "Sudan army attacks villages, killing seven people on Friday."
    e = one_with(text, geoparse(text, "r"))
    assert (e.country_code, e.geo_precision) == ("SD", 4)


def one_with(text: str, mentions: list[Mention]) -> Event:
    evs = extract(Report("r", text, SAT, source="Test Wire"), mentions).events
    assert len(evs) == 1, [(e.location, e.event_type, e.tags) for e in evs]
    return evs[0]


@pytest.mark.skipif(not _gazetteer_has("SD"), reason="no gazetteer built")
def test_an_act_at_an_unknown_place_named_only_by_its_forces_adjective_goes_to_the_country():
    e = one("Sudanese soldiers opened fire on a bus in the Qoz Dango hills on Friday, killing six passengers.")
    assert (e.country_code, e.geo_precision) == ("SD", 4)
    assert any(t.startswith("place not found:") for t in e.tags.split("; "))


@pytest.mark.skipif(not _gazetteer_has("AF"), reason="no gazetteer built")
@pytest.mark.parametrize("text", [
    "A car bomb killed six police officers in the Afghan capital on Friday.",
    "A car bomb killed six police officers in Afghanistan's capital on Friday.",
])
def test_the_capital_named_by_its_country_is_the_capital_city(text):
    from geodata.places.geoparse import geoparse

    e = one_with(text, geoparse(text, "r"))
    assert (e.country_code, e.geo_precision, e.location) == ("AF", 1, "Kabul")


@pytest.mark.skipif(not _gazetteer_has("MM"), reason="no gazetteer built")
def test_a_countrys_adjective_after_a_number_word_still_places_the_act():
    e = one("Five Burmese villagers were arrested on Friday for helping rebels.")
    assert (e.country_code, e.sub_event_type) == ("MM", "Arrests")


@pytest.mark.skipif(not _gazetteer_has("TD"), reason="no gazetteer built")
def test_troops_sent_to_back_a_countrys_army_are_deployed_in_that_country():
    from geodata.places.geoparse import geoparse

    text = "Chad sends troops to back Niger army against rebels on Friday."
    e = one_with(text, geoparse(text, "r"))
    assert e.country_code == "NE" and "troop deployment" in e.tags
