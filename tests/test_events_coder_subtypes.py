"""Sub-event types of coder-style event notes ("On 3 May 2022, ..."): the act's verb, its
arguments (who did it, to what, with what) and ACLED's definitions type it. Sentences are our
own; the place is a hand mention of Mopti so only detection and typing are tested."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.events._triggers import find_triggers
from geodata.events.detect import lexical_type
from geodata.events.extract import extract
from geodata.model import Mention, Report


def _town(text: str, name: str = "Mopti") -> list[Mention]:
    i = text.index(name)
    return [Mention("r", name, i, i + len(name), name, 2453348, 14.49, -4.19, "ML", "Mopti", "city", confidence=0.9)]


def _types(text: str) -> list[tuple[str | None, str | None]]:
    evs = extract(Report("r", text, date(2023, 3, 8)), _town(text)).events
    return [(e.event_type, e.sub_event_type) for e in evs]


SD = "Strategic developments"


@pytest.mark.parametrize(("text", "sub"), [
    # a base, camp or office an armed side sets up for itself
    ("On 2 March 2023, soldiers established a military camp in a school compound in Mopti.", "Headquarters or base established"),
    ("On 2 March 2023, the rebels opened an administrative office in Mopti.", "Headquarters or base established"),
    # captives let go: ACLED counts prisoner releases as agreements
    ("On 2 March 2023, the militia released 14 abducted farmers in Mopti.", "Agreement"),
    ("On 2 March 2023, the two sides exchanged prisoners of war in Mopti.", "Agreement"),
    # an armed group's allegiance or defection
    ("On 2 March 2023, a local militia in Mopti pledged allegiance to the Islamic State.", "Change to group/activity"),
    # a place that changes hands without a fight
    ("On 2 March 2023, the army took control of Mopti after the rebels withdrew.", "Non-violent transfer of territory"),
    ("On 2 March 2023, Russian forces withdrew from Mopti and the other side entered without a fight.",
     "Non-violent transfer of territory"),
    ("On 2 March 2023, the peacekeepers handed over their camp in Mopti to the national army.", "Non-violent transfer of territory"),
    # damage no crowd is said to have done
    ("On 2 March 2023, unidentified persons vandalised a church in Mopti.", "Looting/property destruction"),
    ("On 2 March 2023, unknown men burnt two trucks on the highway near Mopti.", "Looting/property destruction"),
    # weapons that never struck
    ("On 2 March 2023, two drones were shot down over Mopti.", "Disrupted weapons use"),
])
def test_strategic_developments(text: str, sub: str) -> None:
    assert _types(text) == [(SD, sub)]


def test_a_candidate_handing_over_control_of_security_is_no_transfer_of_territory() -> None:
    assert (SD, "Non-violent transfer of territory") not in _types(
        "On 2 March 2023, the president handed control of security in Mopti to the army.")


@pytest.mark.parametrize(("text", "sub"), [
    ("On 2 March 2023, rebels seized a military outpost near Mopti after clashes with the army. 4 fatalities.",
     "Non-state actor overtakes territory"),
    ("On 2 March 2023, the Liberation Army took control of Mopti after weeks of fighting.", "Non-state actor overtakes territory"),
    ("On 2 March 2023, the militants took over Mopti following fighting with soldiers who later withdrew.",
     "Non-state actor overtakes territory"),
    ("On 2 March 2023, government troops seized the rebel stronghold of Mopti after heavy fighting.", "Government regains territory"),
    ("On 2 March 2023, the rebels recaptured Mopti from a rival faction.", "Non-state actor overtakes territory"),
])
def test_territory_taken_by_fighting_is_typed_by_who_took_it(text: str, sub: str) -> None:
    assert _types(text) == [("Battles", sub)]


def test_a_crowd_occupying_a_building_is_a_riot_not_territory() -> None:
    assert _types("On 2 March 2023, protesters occupied the town hall in Mopti.") == [("Riots", "Violent demonstration")]


@pytest.mark.parametrize(("text", "sub"), [
    ("On 2 March 2023, a Russian drone struck a residential building in Mopti. 2 fatalities.", "Air/drone strike"),
    ("On 2 March 2023, foreign jets struck a fuel depot near Mopti.", "Air/drone strike"),
    ("On 2 March 2023, a woman blew herself up at a market in Mopti, killing 4 traders.", "Suicide bomb"),
    ("On 2 March 2023, an attacker detonated his explosive vest at a checkpoint in Mopti.", "Suicide bomb"),
    ("On 2 March 2023, a suicide bomber attacked worshippers at a mosque in Mopti.", "Suicide bomb"),
    ("On 2 March 2023, helicopters dropped cylinders of chlorine gas on houses in Mopti. 9 fatalities.", "Chemical weapon"),
    ("On 2 March 2023, militants fired shells containing mustard agent at troops near Mopti.", "Chemical weapon"),
])
def test_remote_violence_by_its_means(text: str, sub: str) -> None:
    assert _types(text) == [("Explosions/Remote violence", sub)]


@pytest.mark.parametrize(("text", "sub"), [
    ("On 2 March 2023, villagers beat to death a man accused of theft in Mopti. 1 fatality.", "Mob violence"),
    ("On 2 March 2023, a mob set fire to shops owned by migrants in Mopti.", "Mob violence"),
    ("On 2 March 2023, residents of Sevare assaulted and set alight a suspected robber in Mopti.", "Mob violence"),
    ("On 2 March 2023, a mob set fire to the police post in Mopti and beat two policemen to death.", "Mob violence"),
    ("On 2 March 2023, riot police forcibly removed a sit-in by teachers in Mopti.", "Protest with intervention"),
])
def test_crowds(text: str, sub: str) -> None:
    et = "Protests" if sub.startswith("Protest") else "Riots"
    assert _types(text) == [(et, sub)]


@pytest.mark.parametrize(("text", "sub"), [
    ("On 2 March 2023, a militia attacked a village near Mopti, killing residents and burning houses. 12 fatalities.", "Attack"),
    ("On 2 March 2023, armed youths attacked a cattle camp near Mopti, burning huts.", "Attack"),
    ("On 2 March 2023, unknown armed men took away a village chief in Mopti.", "Abduction/forced disappearance"),
])
def test_violence_against_civilians(text: str, sub: str) -> None:
    assert _types(text) == [("Violence against civilians", sub)]


def test_a_police_station_burned_with_people_inside_stays_a_riot() -> None:
    assert _types("In Mopti, a police station was burned with six officers inside on Friday night.") == [
        ("Riots", "Violent demonstration")]


def test_a_fight_the_sentence_denies_does_not_type_it() -> None:
    assert lexical_type("The militia entered the town without a fight.") != ("Battles", "Armed clash")


def test_a_company_opening_an_office_is_no_base() -> None:
    assert not any(h.cat.startswith("sd:") for h in find_triggers("The bank opened a new regional office in the capital."))


def test_the_actors_the_clause_names_reach_the_event() -> None:
    # (the event's generic actors go through geodata.events._actors.refine_actors)
    text = "On 2 March 2023, a Russian airstrike hit a market in Mopti, killing 4 civilians."
    (e,) = extract(Report("r", text, date(2023, 3, 8)), _town(text)).events
    assert (e.actor1, e.inter1) == ("Military Forces of Russia", 8)


@pytest.mark.parametrize(("text", "pair"), [
    # a named weapon types the blast; a grenade thrown at a post is no shelling
    ("On 2 March 2023, a grenade exploded at a bus stop in Mopti, wounding 3.", ("Explosions/Remote violence", "Grenade")),
    ("On 2 March 2023, militants lobbed a grenade at a police checkpoint in Mopti.", ("Explosions/Remote violence", "Grenade")),
    # a crowd's act beside a clash makes it a riot
    ("On 2 March 2023, dockers burned tyres outside the port of Mopti, clashing with police.", ("Riots", "Violent demonstration")),
    # the grievance of a protest is no battle
    ("On 2 March 2023, students protested in Mopti against a police shooting in the capital.", ("Protests", "Peaceful protest")),
    # a bare blast word after 'after' is the cause of the looting told before it
    ("On 2 March 2023, residents looted a fuel depot in Mopti after an explosion.", (SD, "Looting/property destruction")),
    # armed men shooting villagers: their attack, not the gunfire noun's battle
    ("On 2 March 2023, bandits stormed a hamlet near Mopti, shooting residents.", ("Violence against civilians", "Attack")),
    # the state's forces with an allied militia regain a place
    ("On 2 March 2023, national army forces and a clan militia regained control of Mopti.", ("Battles", "Government regains territory")),
    # a road blocked in defence of a cause is a protest
    ("On 2 March 2023, farmers blocked the highway near Mopti in defence of their land rights.", ("Protests", "Peaceful protest")),
    # a building taken or burned by the crowd, in the passive
    ("On 2 March 2023, the governor's residence in Mopti was stormed by the crowd and burned.", ("Riots", "Violent demonstration")),
    # a crowd turning on someone's home with no demonstration: mob violence
    ("On 2 March 2023, a crowd attacked and burned the house of a man accused of sorcery in Mopti.", ("Riots", "Mob violence")),
    # arrests as a demonstration was about to start
    ("On 2 March 2023, police arrested opposition leaders in Mopti as they tried to hold a rally.", ("Protests", "Protest with intervention")),
    # taken, and not seen again
    ("On 2 March 2023, soldiers took a trader from his shop in Mopti; his whereabouts remain unknown.",
     ("Violence against civilians", "Abduction/forced disappearance")),
    # a curfew told with its cause
    ("On 2 March 2023, the governor imposed a curfew in Mopti after student protests.", (SD, "Other")),
])
def test_qa_shapes(text: str, pair: tuple[str, str]) -> None:
    assert _types(text) == [pair]


@pytest.mark.parametrize(("text", "pair"), [
    # people gathered or on the move for a cause
    ("On 2 March 2023, herders gathered in Mopti to mark a feast day and called for the release of their leader.",
     ("Protests", "Peaceful protest")),
    ("On 2 March 2023, students set up an encampment in solidarity with striking teachers at the university in Mopti.",
     ("Protests", "Peaceful protest")),
    ("On 2 March 2023, fishermen drove their lorries through the centre of Mopti against the new fishing rules.",
     ("Protests", "Peaceful protest")),
    # a group's new shape or a new practice
    ("On 2 March 2023, a faction of the movement announced it was splitting from the group in Mopti.",
     (SD, "Change to group/activity")),
    ("On 2 March 2023, the militants imposed a blockade on Mopti, stopping all lorries.", (SD, "Change to group/activity")),
    # a mass grave found
    ("On 2 March 2023, investigators found a mass grave with the bodies of 30 men near Mopti.", (SD, "Other")),
    # the crowd stays the subject across a parenthesis
    ("On 2 March 2023, residents of Sevare (Mopti cercle, Mopti region) beat and set alight a suspected robber in Mopti. 1 fatality.",
     ("Riots", "Mob violence")),
])
def test_qa_shapes_second_set(text: str, pair: tuple[str, str]) -> None:
    assert _types(text) == [pair]


def test_officials_gathering_to_discuss_measures_is_no_protest() -> None:
    assert _types("On 2 March 2023, ministers gathered in Mopti to discuss new measures against inflation.") == []


@pytest.mark.parametrize(("text", "pair"), [
    # people, not a place, seized
    ("On 2 March 2023, gunmen seized 14 pupils from a school near Mopti.", ("Violence against civilians", "Abduction/forced disappearance")),
    # armed men taking a building unopposed and moving on are no protest
    ("On 2 March 2023, the fighters took over the army headquarters in Mopti without resistance and began marching south.",
     (SD, "Non-violent transfer of territory")),
    # stones thrown at vehicles; a suspect stoned to death by residents
    ("On 2 March 2023, students stoned police vehicles during a demonstration in Mopti.", ("Riots", "Violent demonstration")),
    ("On 2 March 2023, a group of residents stoned to death a suspected thief in Mopti. 1 fatality.", ("Riots", "Mob violence")),
    # two crowds against each other, no demonstration, no state side
    ("On 2 March 2023, supporters of two rival parties fought with sticks in Mopti, injuring 4.", ("Riots", "Mob violence")),
])
def test_qa_shapes_third_set(text: str, pair: tuple[str, str]) -> None:
    assert _types(text) == [pair]


@pytest.mark.parametrize(("text", "pair"), [
    ("On 2 March 2023, the national military struck a fuel depot near Mopti. No fatalities reported.",
     ("Explosions/Remote violence", "Air/drone strike")),
    ("On 2 March 2023, the rebels launched a drone at a river ferry near Mopti.", ("Explosions/Remote violence", "Air/drone strike")),
    ("On 2 March 2023, rebels fired bombs at a camp for displaced people near Mopti.",
     ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    # victims named before the burning are no crowd of doers
    ("On 2 March 2023, unidentified gunmen killed nine villagers and burned houses in Mopti.", ("Violence against civilians", "Attack")),
    # a convoy of passenger vehicles is no armed target
    ("On 2 March 2023, gunmen attacked a convoy of passenger vehicles near Mopti.", ("Violence against civilians", "Attack")),
    ("On 2 March 2023, the authorities announced that they had dissolved a former militia group in Mopti.",
     (SD, "Change to group/activity")),
    ("On 2 March 2023, police used tear gas against party supporters who stoned the governor's office in Mopti.",
     ("Riots", "Violent demonstration")),
])
def test_qa_shapes_fourth_set(text: str, pair: tuple[str, str]) -> None:
    assert _types(text) == [pair]


def _events_of(text: str):
    return extract(Report("r", text, date(2023, 3, 8)), _town(text)).events


def test_damage_told_after_an_attack_at_its_place_is_part_of_it() -> None:
    (e,) = _events_of("On 2 March 2023, militiamen attacked Mopti, killing 12 civilians. The militiamen also looted the market.")
    assert (e.event_type, e.fatalities) == ("Violence against civilians", 12)
    assert "looting" in (e.tags or "")


def test_the_closing_count_is_the_toll() -> None:
    (e,) = _events_of("On 2 March 2023, dozens were killed when gunmen attacked Mopti. 10 fatalities.")
    assert e.fatalities == 10


def test_communities_fighting_to_kill_are_an_armed_clash() -> None:
    assert _types("On 2 March 2023, herders of one community clashed with farmers near Mopti, leaving 5 dead.") == [
        ("Battles", "Armed clash")]
    assert _types("On 2 March 2023, herders of one community clashed with farmers near Mopti, injuring 3.") == [
        ("Riots", "Mob violence")]


def test_people_detained_at_a_commemoration_are_a_protest_with_intervention() -> None:
    assert _types("On 2 March 2023, police detained 40 people who laid flowers in memory of a jailed activist in Mopti.") == [
        ("Protests", "Protest with intervention")]


@pytest.mark.parametrize(("text", "sub"), [
    # a country's adjective before Army/Navy names the state's own force
    ("On 2 March 2023, the Malian Army took control of Mopti after two days of fighting with jihadists.",
     "Government regains territory"),
    ("On 2 March 2023, the Burkinabe Army captured Mopti from the militants.", "Government regains territory"),
    # a capitalised word before the adjective makes a group's own name; no adjective at all, too
    ("On 2 March 2023, the Free Syrian Army took control of Mopti after two days of fighting.",
     "Non-state actor overtakes territory"),
    ("On 2 March 2023, the Arakan Army captured Mopti after heavy fighting.", "Non-state actor overtakes territory"),
])
def test_an_army_named_by_its_countrys_adjective_is_the_states(text: str, sub: str) -> None:
    assert _types(text) == [("Battles", sub)]


def test_a_named_place_captured_from_an_armed_side_is_territory() -> None:
    assert _types("On 2 March 2023, the army captured Mopti from the insurgents.") == [("Battles", "Government regains territory")]
    # a person taken from home is no place taken
    assert _types("On 2 March 2023, police captured Mopti Keita from his home.") == []


@pytest.mark.parametrize("victims", ["5 gang members", "4 suspected kidnappers", "6 armed robbers"])
def test_security_forces_killing_criminal_armed_men_fight_them(victims: str) -> None:
    # gangs, kidnappers and armed robbers are armed groups to ACLED: a battle, not an attack on civilians
    (e,) = _events_of(f"On 2 March 2023, police killed {victims} during an operation in Mopti. 5 fatalities.")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor2 == "Unidentified Armed Group (Mali)"  # a count is no gang's name


def test_armed_communities_killing_in_a_clash_fight_a_battle() -> None:
    # a named people's youths fighting each other to kill: identity militias, both named
    (e,) = _events_of("On 2 March 2023, Bambara and Dogon youths clashed in Mopti, killing 4 people.")
    assert (e.event_type, e.actor1, e.actor2) == ("Battles", "Bambara Ethnic Militia (Mali)", "Dogon Ethnic Militia (Mali)")
    # herders fighting soldiers with deaths: a battle, not a riot
    (e,) = _events_of("On 2 March 2023, Fulani herders clashed with soldiers near Mopti, leaving 5 dead.")
    assert (e.event_type, e.actor2) == ("Battles", "Military Forces of Mali")
    # villagers against the police stay a riot
    assert _types("On 2 March 2023, villagers clashed with police in Mopti, leaving 2 dead.") == [("Riots", "Violent demonstration")]


def test_water_cannon_at_a_vessel_with_no_crowd_is_no_protest() -> None:
    assert _types("On 2 March 2023, coast guard ships fired water cannon at a fishing boat near Mopti.") == [(SD, "Other")]
    # at people, or at protesters on boats, it stays a protest's intervention
    assert _types("On 2 March 2023, police fired water cannon at a crowd in Mopti.") == [("Protests", "Protest with intervention")]
    assert _types("On 2 March 2023, police fired water cannon at fishermen protesting on boats in Mopti.") == [
        ("Protests", "Protest with intervention")]


def test_members_of_an_armed_group_killed_by_police_fell_fighting() -> None:
    assert _types("On 2 March 2023, police killed 3 members of a criminal gang in Mopti.") == [("Battles", "Armed clash")]
    # members of anything else are civilians
    assert _types("On 2 March 2023, gunmen killed 3 members of a farming cooperative in Mopti.") == [
        ("Violence against civilians", "Attack")]


def test_fighting_named_as_a_measures_cause_is_no_event_of_its_own() -> None:
    assert _types("On 2 March 2023, the government deployed troops to Mopti following clashes.") == [(SD, "Other")]
    # fighting told as done by the deployed force stays a battle
    assert ("Battles", "Armed clash") in _types("On 2 March 2023, the army deployed troops to Mopti and clashed with rebels there.")


def test_goods_seized_with_no_fight_told_are_a_seizure_not_a_battle() -> None:
    assert lexical_type("On 2 March 2023, the army seized a drug lab belonging to a cartel near Mopti.") == (SD, "Other")
    assert lexical_type("On 2 March 2023, police confiscated 40 rifles near Mopti.") == (SD, "Other")
    # a fight told with it stays the fight
    assert lexical_type("On 2 March 2023, soldiers seized weapons after clashes with gunmen near Mopti, killing 3.") == (
        "Battles", "Armed clash")


def test_a_journalists_past_work_on_killings_is_no_event_of_its_own() -> None:
    from geodata.events.detect import default_detector, reported_act

    text = "On 5 June 2022, police detained a radio reporter in Mopti. She had covered the 11 April killings."
    evs = extract(Report("r", text, date(2024, 12, 30)), _town(text), detector=default_detector()).events
    assert [(e.event_type, e.sub_event_type) for e in evs] == [(SD, "Arrests")]
    assert not reported_act("She had written about the 11 April massacre of herders.")
    assert not reported_act("He was held over his reporting on the killings of fishermen.")
    # a report told on a day is news, not background
    assert reported_act("Officials reported on Monday that gunmen killed seven fishermen.")


def test_an_intercepted_launch_is_one_disrupted_weapons_event() -> None:
    assert _types("On 5 June 2022, air defences intercepted two missiles fired at Mopti from the north.") == [
        (SD, "Disrupted weapons use")]
    assert _types("On 5 June 2022, the army shot down drones launched towards Mopti. No casualties.") == [
        (SD, "Disrupted weapons use")]
    # rockets fired and not stopped struck: a shelling
    assert _types("On 5 June 2022, militants fired rockets at Mopti from the north.") == [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack")]
