"""Detection on real-copy shapes: a learned verdict alone needs an act told as done, and the
words (means, who was hit) type what the rules or the model found. Sentences are our own."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.events.detect import Detector, lexical_type, reported_act, weapon_type
from geodata.events.extract import extract
from geodata.model import Mention, Report


class _Sure:
    """A stand-in model that is sure every sentence reports one sub-type."""

    def __init__(self, sub: str) -> None:
        self.sub = sub

    def predict(self, texts):
        return [self for _ in texts]

    @property
    def is_event(self) -> float:
        return 0.97

    @property
    def sub_event_type(self) -> str:
        return self.sub


def _town(text: str, name: str = "Mopti") -> list[Mention]:
    i = text.index(name)
    return [Mention("r", name, i, i + len(name), name, 2453348, 14.49, -4.19, "ML", "Mopti", "city", confidence=0.9)]


def _events(text: str, sub: str = "Armed clash"):
    return extract(Report("r", text, date(2023, 3, 8)), _town(text), detector=Detector(_Sure(sub))).events


@pytest.mark.parametrize("text", [
    "The two governments exchanged ambassadors at a ceremony in Mopti.",
    "A parade of veterans was held in Mopti to mark the national day.",
    "The regional council in Mopti reintroduced checks on buses entering the town.",
])
def test_a_sure_model_alone_makes_no_event_when_nothing_violent_is_told(text):
    assert _events(text) == []


def test_a_sure_model_alone_makes_an_event_when_an_act_is_told():
    (e,) = _events("Jihadists seized the army post outside Mopti.", "Peaceful protest")
    # the words, not the model's sub-type, type it: an armed group took a place
    assert (e.event_type, e.sub_event_type) == ("Battles", "Non-state actor overtakes territory")


def test_an_act_the_sentence_only_warns_of_is_not_reported():
    assert not reported_act("The governor warned of attacks on the roads around the town.")
    assert reported_act("Gunmen attacked a bus on the road to the town.")


def test_the_month_may_is_not_a_modal():
    assert reported_act("Clashes between the army and a militia in May 2021")


@pytest.mark.parametrize(("text", "pair"), [
    ("Two dead as rockets hit a market", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("Suicide bomber strikes a wedding, killing nine", ("Explosions/Remote violence", "Suicide bomb")),
    ("Government troops recapture the district centre", ("Battles", "Government regains territory")),
    ("Six killed in a shootout between rival gangs", ("Battles", "Armed clash")),
    ("Villagers say three children were abducted from a school", ("Violence against civilians", "Abduction/forced disappearance")),
    ("Residents say 40 people were detained overnight", ("Strategic developments", "Arrests")),
])
def test_lexical_type_reads_the_means_then_who_did_what(text, pair):
    assert lexical_type(text) == pair


def test_a_protest_is_left_to_the_rules_and_the_model():
    assert lexical_type("Thousands protest against fuel prices") is None


def test_a_massacre_by_aircraft_is_an_air_strike():
    text = "A massacre carried out by warplanes killed 14 villagers near Mopti."
    (e,) = extract(Report("r", text, date(2023, 3, 8)), _town(text)).events
    assert (e.event_type, e.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")


def test_a_toll_of_fighting_is_a_battle():
    text = "Eleven people were killed in fighting near Mopti."
    (e,) = extract(Report("r", text, date(2023, 3, 8)), _town(text)).events
    assert (e.event_type, e.fatalities) == ("Battles", 11)


def test_weapon_type_is_none_without_a_weapon():
    assert weapon_type("Gunmen shot dead a trader") is None


@pytest.mark.parametrize(("text", "n"), [
    ("Shelling kills 17 in the old town", 17),
    ("Car bomb wounds nine near a checkpoint", None),
    ("Clan fighting leaves 12 dead in the valley", 12),
    ("Bandits kill herder near the river", 1),
    ("Judge shot dead outside his home", 1),
    ("Five farmers and a teacher kill nobody", None),
])
def test_headline_tolls_present_tense_and_a_bare_singular_victim(text, n):
    from geodata.events._casualties import parse_casualties

    assert parse_casualties(text)["fatalities"] == n


def test_a_headline_wound_count_in_the_present_tense():
    from geodata.events._casualties import parse_casualties

    assert parse_casualties("Car bomb wounds nine near a checkpoint")["injuries"] == 9


def _rules(text: str, name: str = "Mopti"):
    return extract(Report("r", text, date(2023, 3, 8)), _town(text, name)).events


@pytest.mark.parametrize("text", [
    "A series of explosions involving fuel tankers killed 31 people at a depot in Mopti.",
    "The Sahel Ridge Fire has destroyed 80 homes around Mopti.",
])
def test_accidents_and_named_wildfires_are_not_political_violence(text):
    assert _rules(text) == []


def test_a_law_allowing_force_is_not_force_used():
    text = "Parliament passed a law allowing police in Mopti to use force such as tear gas and rubber bullets."
    assert _rules(text) == []


def test_such_as_does_not_open_a_new_clause():
    text = "Police in Mopti used force such as tear gas against protesters on Tuesday."
    (e,) = _rules(text)
    assert e.sub_event_type == "Protest with intervention"


def test_arson_by_soldiers_is_destruction_not_a_riot():
    (e,) = _rules("Soldiers set fire to dozens of houses in Mopti.")
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Looting/property destruction")


def test_houses_burnt_in_a_killing_raid_are_one_attack():
    (e,) = _rules("Soldiers torched houses and killed two farmers in Mopti.")
    assert (e.event_type, e.sub_event_type, e.fatalities) == ("Violence against civilians", "Attack", 2)


def test_a_crowd_setting_fire_is_still_a_riot():
    (e,) = _rules("Villagers set fire to the police station in Mopti.")
    assert e.event_type == "Riots"


@pytest.mark.parametrize("text", [
    "A court in Mopti sentenced four men to life for a bombing that killed 12 people in 2019.",
    "The state executed a prisoner in Mopti for his role in the murder of a shopkeeper.",
    "Prosecutors in Mopti opened an investigation into the killing of a local councillor.",
])
def test_court_rulings_about_violence_are_not_violence(text):
    assert _rules(text) == []


def test_surveillance_drone_flights_are_not_an_act():
    assert not reported_act("The air force began flying drones on surveillance missions over the border.")


@pytest.mark.parametrize("text", [
    "Fighting broke out near Mopti despite the ceasefire.",
    "Rebel and government envoys resumed ceasefire talks in Mopti.",
])
def test_a_ceasefire_named_is_not_an_agreement_reached(text):
    assert all(e.sub_event_type != "Agreement" for e in _rules(text))


def test_a_ceasefire_signed_is_an_agreement():
    (e,) = _rules("The army and the rebels signed a ceasefire in Mopti on Monday.")
    assert e.sub_event_type == "Agreement"


@pytest.mark.parametrize(("text", "pair"), [
    ("Militants killed scores of soldiers in an attack on Mopti.", ("Battles", "Armed clash")),
    ("Insurgents killed four police officers in Mopti on Monday.", ("Battles", "Armed clash")),
    ("The air force killed nine fighters near Mopti on Monday.", ("Explosions/Remote violence", "Air/drone strike")),
])
def test_who_was_hit_and_with_what_types_a_killing(text, pair):
    (e,) = _rules(text)
    assert (e.event_type, e.sub_event_type) == pair


def test_an_execution_count_is_read():
    from geodata.events._casualties import parse_casualties

    assert parse_casualties("Jihadists executed five villagers near the well.")["fatalities"] == 5


def test_officers_shooting_dead_demonstrators_join_the_riot_not_a_battle():
    text = ("Protesters stormed the county assembly in Mopti on Tuesday. "
            "Officers shot dead at least four demonstrators outside the building.")
    evs = extract(Report("r", text, date(2023, 3, 8)), _town(text)).events
    assert [(e.event_type, e.fatalities) for e in evs] == [("Riots", 4)]


def test_forces_shot_dead_in_a_headline_are_still_the_victims():
    (e,) = _rules("Two soldiers shot dead in Mopti on Tuesday.")
    assert (e.event_type, e.fatalities) == ("Battles", 2)


def test_a_plant_explosion_killing_people_is_an_accident():
    assert _rules("A chemical plant exploded in Mopti on Tuesday, killing at least one person.") == []


def test_bodies_found_are_violence_against_civilians_whatever_the_model_says():
    (e,) = _events("Farmers found the bodies of three men dumped near Mopti.", "Peaceful protest")
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")


def test_a_town_retaken_is_regained_territory():
    (e,) = _rules("Government troops have retaken Mopti from the rebels.")
    assert e.sub_event_type == "Government regains territory"


def test_a_word_count_after_killing_is_its_victims():
    evs = _rules("Soldiers torched a village near Mopti, killing two.")
    assert [(e.event_type, e.fatalities) for e in evs] == [("Violence against civilians", 2)]


def test_a_police_reporter_is_not_the_police():
    (e,) = _rules("A gunman killed a police beat reporter in Mopti on Monday.")
    assert e.event_type == "Violence against civilians"


@pytest.mark.parametrize("text", [
    "Rebels released six foreign hostages in Mopti on Sunday.",
    "Soldiers rescued 12 kidnapped traders near Mopti on Sunday.",
])
def test_a_release_or_rescue_is_not_a_new_abduction(text):
    assert all(e.sub_event_type != "Abduction/forced disappearance" for e in _events(text, "Abduction/forced disappearance"))


def test_a_model_naming_a_weapon_the_sentence_does_not_name_gives_an_attack():
    (e,) = _events("Gunmen attacked travellers near Mopti, killing five.", "Chemical weapon")
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")


def test_figures_of_an_event_the_model_alone_found_are_read():
    (e,) = _events("A raid on a market near Mopti kills 14 traders.", "Attack")
    assert e.fatalities == 14


def test_a_headline_source_after_a_colon_is_no_event():
    from geodata.events._triggers import find_triggers

    text = "Gunmen kill nine in the north: peacekeepers"
    assert any(h.text == "peacekeepers" for h in find_triggers(text, keep_suppressed=True))
    assert all(h.text != "peacekeepers" for h in find_triggers(text))


def test_soldiers_killed_by_a_blast_are_its_toll_not_a_battle():
    (e,) = _rules("On 2 February 2023, a roadside bomb exploded under an army truck near Mopti, killing 4 soldiers.")
    assert (e.event_type, e.sub_event_type, e.fatalities) == (
        "Explosions/Remote violence", "Remote explosive/landmine/IED", 4)


@pytest.mark.parametrize("text", [
    "On 5 March 2023, soldiers defused an IED planted on the road near Mopti.",
    "On 5 March 2023, an explosive device was found and defused near Mopti.",
    "On 5 March 2023, air defences intercepted two drones over Mopti.",
])
def test_a_weapon_defused_or_intercepted_is_disrupted_weapons_use(text):
    (e,) = _rules(text)
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Disrupted weapons use")


def test_a_closing_toll_sentence_gives_the_scene_its_fatalities():
    (e,) = _rules("On 5 March 2023, protesters threw stones at police in Mopti; police used tear gas. 1 fatality.")
    assert (e.event_type, e.fatalities) == ("Riots", 1)


def test_a_group_splitting_is_a_change_to_group_activity():
    (e,) = _rules("On 4 March 2023, the rebel group announced it had split into two factions in Mopti.")
    assert e.sub_event_type == "Change to group/activity"


def test_a_withdrawal_without_fighting_is_a_non_violent_transfer():
    (e,) = _rules("On 4 March 2023, militants withdrew from Mopti without a fight.")
    assert e.sub_event_type == "Non-violent transfer of territory"


def test_a_withdrawal_after_fighting_is_the_battle():
    evs = _rules("On 4 March 2023, the army retreated from Mopti after heavy fighting with militants.")
    assert [e.sub_event_type for e in evs] == ["Armed clash"]


def test_a_candidate_withdrawing_is_no_event():
    assert _rules("On 4 March 2023, the opposition candidate withdrew from the race in Mopti.") == []


def test_residents_beating_a_thief_to_death_is_mob_violence():
    (e,) = _rules("On 4 March 2023, residents beat a suspected thief to death in Mopti.")
    assert (e.event_type, e.sub_event_type, e.fatalities) == ("Riots", "Mob violence", 1)


def test_looting_after_an_accidental_blast_is_still_a_riot():
    (e,) = _rules("On 4 March 2023, youths looted shops in Mopti after a fuel tanker explosion.")
    assert e.event_type == "Riots"


def test_an_unknown_number_killed_is_no_count():
    from geodata.events._casualties import parse_casualties

    assert parse_casualties("Jets bombed a camp, killing an unknown number of fighters.")["fatalities"] is None


@pytest.mark.parametrize("text", [
    "On 4 March 2023, a bus plunged into a ravine near Mopti, killing 24 passengers.",
    "On 4 March 2023, a fire at a nightclub in Mopti killed 13 people.",
    "On 4 March 2023, a train derails near Mopti, killing 28 people.",
])
def test_road_rail_and_fire_accidents_are_not_attacks(text):
    assert _rules(text) == []


def test_gunmen_opening_fire_at_a_bar_is_still_an_attack():
    (e,) = _rules("On 4 March 2023, gunmen opened fire at a bar in Mopti, killing 3 people.")
    assert (e.event_type, e.fatalities) == ("Violence against civilians", 3)


def test_gunmen_storming_and_kidnapping_without_hurting_is_an_abduction():
    (e,) = _rules("On 4 March 2023, gunmen stormed a school in Mopti and kidnapped 28 pupils.")
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Abduction/forced disappearance")


def test_drones_shot_down_are_not_a_drone_strike():
    (e,) = _rules("On 4 March 2023, the army said it shot down 30 drones overnight over Mopti.")
    assert e.sub_event_type == "Disrupted weapons use"


def test_a_crowd_at_a_funeral_is_not_the_toll():
    evs = _rules("On 4 March 2023, thousands attended the funeral in Mopti of a teenager killed by soldiers.")
    assert all(e.fatalities != 1000 for e in evs)


def test_a_report_accusing_the_army_is_no_event_by_itself():
    assert _rules("On 4 March 2023, a rights group accused the army of killing civilians in Mopti.") == []


def test_a_suspect_in_an_old_bombing_is_no_bombing():
    evs = _rules("On 4 March 2023, police arrested a suspect in the bombing of a church in Mopti.")
    assert [e.sub_event_type for e in evs] == ["Arrests"]


def test_present_tense_storming_and_dying():
    (e,) = _rules("On 4 March 2023, hundreds of migrants storm the border fence at Mopti; 23 die.")
    assert (e.event_type, e.fatalities) == ("Riots", 23)


def test_a_weather_storm_is_not_storming():
    assert _rules("On 4 March 2023, a storm hit Mopti, flooding streets.") == []


def test_a_past_act_named_with_its_year_is_background_to_todays_protest():
    (e,) = _rules("Survivors of the 2011 massacre in Mopti protested on Monday.")
    assert (e.sub_event_type, e.event_date) == ("Peaceful protest", "2023-03-06")


def test_a_premodifier_year_does_not_date_another_act():
    (e,) = _rules("Police in Mopti arrested a suspect in the 2019 bombing of a church.")
    assert e.event_date.startswith("2023")


@pytest.mark.parametrize(("text", "et"), [
    ("On 4 March 2023, villagers fled as clashes continued around Mopti.", "Battles"),
    ("On 4 March 2023, villagers clashed with police in Mopti.", "Riots"),
    ("On 4 March 2023, youths and police clashed in Mopti.", "Riots"),
])
def test_an_unarmed_side_counts_only_next_to_the_clash(text, et):
    (e,) = _rules(text)
    assert e.event_type == et


# --- QA report shapes (own sentences) ------------------------------------------------------
def _cas(text: str):
    from geodata.events._casualties import parse_casualties

    return parse_casualties(text)


@pytest.mark.parametrize(("text", "n"), [
    ("Police shot dead between two and four demonstrators in the square.", 2),
    ("Soldiers fired on a crowd; between 25 and 29 people were killed.", 25),
    ("A mayor and his driver were killed in an ambush.", 2),
    ("In the town, a nurse, Fatima al-Zahra, died in the custody of the police.", 1),
    ("In the town, a judge, Omar Bello, and his bodyguard were killed on Monday.", 2),
])
def test_ranges_pairs_and_named_victims_are_counted(text, n):
    assert _cas(text)["fatalities"] == n


def test_a_toll_since_a_past_day_is_a_running_total():
    assert _cas("At least 19 people have died in the protests since last Wednesday.")["cumulative"]


@pytest.mark.parametrize(("text", "pair"), [
    ("On Wednesday demonstrators burned the consulate in Mopti.", ("Riots", "Violent demonstration")),
    ("Security forces stormed the sit-in outside the army headquarters in Mopti on Monday.", ("Protests", "Protest with intervention")),
    ("On Tuesday a traffic officer shot a young protester in Mopti.", ("Protests", "Excessive force against protesters")),
    ("A student died in police custody in Mopti on Monday.", ("Violence against civilians", "Attack")),
    ("A teacher and his son were killed by a mob in Mopti on Monday.", ("Riots", "Mob violence")),
    ("Soldiers stormed a village near Mopti on Monday.", ("Violence against civilians", "Attack")),
])
def test_who_did_what_to_whom_in_qa_shapes(text, pair):
    evs = _rules(text)
    assert [(e.event_type, e.sub_event_type) for e in evs][:1] == [pair]


def test_a_possessive_day_dates_its_noun_not_the_act():
    (e,) = _rules("Demonstrators disputing the result of Sunday's vote built barricades in Mopti.")
    assert e.event_date == "2023-03-08"


def test_one_day_after_dates_its_own_clause_a_day_earlier():
    text = "Soldiers killed 12 protesters in Mopti on Tuesday, one day after demonstrators burned the town hall in Sevare."
    sevare = Mention("r", "Sevare", text.index("Sevare"), text.index("Sevare") + 6, "Sévaré", 2451478, 14.53, -4.10,
                     "ML", "Mopti", "city", confidence=0.9)
    ms = [*_town(text), sevare]
    evs = extract(Report("r", text, date(2023, 3, 8)), ms).events
    assert sorted((e.location, e.event_date) for e in evs) == [("Mopti", "2023-03-07"), ("Sévaré", "2023-03-06")]


def test_a_day_said_twice_in_one_sentence_counts_once_for_the_main_date():
    from geodata.events._extractor import _main_date
    from geodata.events._records import Sentence
    from geodata.events.dates import find_dates

    pub = date(2023, 3, 8)
    t1 = "Protesters marched in Mopti on Wednesday."
    t2 = "After prayers on March 3 the crowd, which had gathered on March 3, dispersed."
    sents = [Sentence(0, 0, len(t1), t1, [], find_dates(t1, pub), [], {}, {}),
             Sentence(1, len(t1) + 1, len(t1) + 1 + len(t2), t2, [], find_dates(t2, pub), [], {}, {})]
    assert _main_date(sents, pub)[0] == "2023-03-08"


def test_more_bodies_bringing_the_toll_count_the_new_dead_only():
    c = _cas("Two more bodies were found in a burned warehouse on Sunday, bringing the toll to at least seven.")
    assert (c["fatalities"], c["cumulative"]) == (2, False)
    (e,) = _rules("Two more bodies were found in a burned warehouse in Mopti on Sunday, bringing the toll to at least seven.")
    assert (e.event_type, e.fatalities) == ("Violence against civilians", 2)


def test_marchers_attacked_by_armed_men_are_an_intervention_by_an_armed_group():
    (e,) = _rules("Hundreds of students marched in Mopti on Tuesday and were attacked by men armed with machetes.")
    assert (e.sub_event_type, e.actor2) == ("Protest with intervention", "Unidentified Armed Group (Mali)")


def test_police_attacking_marchers_stay_excessive_force():
    (e,) = _rules("Police attacked protesters in Mopti on Tuesday, killing two.")
    assert (e.sub_event_type, e.actor2) == ("Excessive force against protesters", "Police Forces of Mali")
