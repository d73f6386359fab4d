"""Actors of coder-style event descriptions: named groups, a state's forces by name or by a
country's adjective, who did it to whom from the clause's syntax, ACLED inter codes.

Our own sentences; the groups are taken from the reference table in
geodata/events/_armed_groups.py (general knowledge, not from any corpus)."""

from __future__ import annotations

import pytest

from geodata.events._actors import find_parties, refine_actors
from geodata.events._armed_groups import GROUPS


def refine(event_type, sub, a1, i1, a2, i2, act, doer, country, code):
    return refine_actors(a1, i1, a2, i2, event_type=event_type, sub_event_type=sub, doer=doer, act=act, notes=act,
                         country=country, country_code=code)


def names(text, country, code):
    return [(p.name, p.inter) for p in find_parties(text, country, code)]


def test_the_reference_table_is_well_formed():
    assert len(GROUPS) >= 50
    assert all(g.inter in (1, 2, 3, 4, 8) and len(g.country) == 2 and g.aliases for g in GROUPS)
    assert all(g.kind in ("", "military", "police") for g in GROUPS)
    assert all((g.kind != "") == (g.inter == 1) for g in GROUPS)


@pytest.mark.parametrize(("text", "country", "code", "want"), [
    ("Boko Haram insurgents raided a farm.", "Nigeria", "NG", ("Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", 2)),
    ("Fighters of ISWAP burned a school.", "Nigeria", "NG", ("Islamic State (West Africa)", 2)),
    ("al-Shabab gunmen stormed a hotel.", "Somalia", "SO", ("Al Shabaab", 2)),
    ("Taliban fighters seized a district centre.", "Afghanistan", "AF", ("Taliban", 2)),
    ("The Houthis fired rockets at a port.", "Yemen", "YE", ("Houthi Movement", 2)),
    ("ISIS cells ambushed a patrol.", "Iraq", "IQ", ("Islamic State (Iraq)", 2)),
    ("The FARDC shelled a hill.", "Democratic Republic of the Congo", "CD",
     ("Military Forces of Democratic Republic of the Congo", 1)),
])
def test_named_groups_and_state_forces(text, country, code, want):
    assert names(text, country, code)[0] == want


def test_an_abbreviation_that_means_something_else_elsewhere_is_read_only_where_it_belongs():
    assert names("PDF fighters attacked an outpost.", "Myanmar", "MM")[0][0] == "PDF: People's Defense Force"
    assert all(n != "PDF: People's Defense Force" for n, _ in names("The PDF file was leaked.", "Kenya", "KE"))


@pytest.mark.parametrize(("text", "country", "code", "want"), [
    ("A Turkish drone strike hit a car.", "Iraq", "IQ", ("Military Forces of Turkey", 8)),
    ("Ukrainian shelling damaged a school.", "Russia", "RU", ("Military Forces of Ukraine", 8)),
    ("French troops patrolled the road.", "Mali", "ML", ("Military Forces of France", 8)),
    ("Kenyan police dispersed the crowd.", "Kenya", "KE", ("Police Forces of Kenya", 1)),
])
def test_a_country_adjective_on_a_force_or_weapon_names_the_force(text, country, code, want):
    assert names(text, country, code)[0] == want


def test_a_sponsor_is_not_the_force():
    assert all(i != 8 for _, i in names("Pro-Turkish factions shelled a village.", "Syria", "SY"))


def test_identity_militia_from_a_community_named_by_its_people():
    assert names("Members of the Tiv community attacked herders.", "Nigeria", "NG")[0] == ("Tiv Ethnic Militia (Nigeria)", 4)


def test_battle_doer_is_the_subject_and_the_state_is_the_other_side():
    act = "Ansar al-Islam militants ambushed an army convoy near the town."
    got = refine("Battles", "Armed clash", "Military Forces of Burkina Faso", 1, "Unidentified Armed Group (Burkina Faso)", 3,
                 act, "Ansar al-Islam militants ", "Burkina Faso", "BF")
    assert got == ("Ansaroul Islam", 2, "Military Forces of Burkina Faso", 1)


def test_battle_with_a_named_target_keeps_the_state_as_doer():
    act = "Soldiers killed five Al Shabaab fighters in an operation."
    got = refine("Battles", "Armed clash", "Military Forces of Somalia", 1, "Unidentified Armed Group (Somalia)", 3,
                 act, "Soldiers ", "Somalia", "SO")
    assert got == ("Military Forces of Somalia", 1, "Al Shabaab", 2)


def test_the_agent_after_by_is_the_doer():
    act = "A roadside bomb planted by JNIM hit a FAMa vehicle."
    got = refine("Explosions/Remote violence", "Remote explosive/landmine/IED", "Unidentified Armed Group (Mali)", 3, "", None,
                 act, "A roadside ", "Mali", "ML")
    assert got == ("JNIM: Group for Support of Islam and Muslims", 2, "Military Forces of Mali", 1)


def test_a_passive_subject_is_the_target():
    act = "Two soldiers were killed by M23 rebels near the border."
    got = refine("Battles", "Armed clash", "Military Forces of Democratic Republic of the Congo", 1,
                 "Rebel Group (Democratic Republic of the Congo)", 2, act, "Two soldiers were ", "Democratic Republic of the Congo", "CD")
    assert got[0] == "M23: March 23 Movement"
    assert got[2] == "Military Forces of Democratic Republic of the Congo"


def test_a_foreign_air_strike_is_the_foreign_state_external_force():
    act = "An Israeli air strike hit a flat, killing three civilians."
    got = refine("Explosions/Remote violence", "Air/drone strike", "Military Forces of Lebanon", 1, "Civilians (Lebanon)", 7,
                 act, "An Israeli air ", "Lebanon", "LB")
    assert got == ("Military Forces of Israel", 8, "Civilians (Lebanon)", 7)


def test_protesters_stay_actor_one_and_the_named_force_is_actor_two():
    act = "Iranian security forces fired on Kurdish demonstrators."
    got = refine("Protests", "Excessive force against protesters", "Protesters (Iran)", 6, "Police Forces of Iran", 1,
                 act, "Iranian security ", "Iran", "IR")
    assert got[:2] == ("Protesters (Iran)", 6)
    assert got[2:] == ("Military Forces of Iran", 1)


def test_a_mob_victim_is_a_civilian_unless_the_mob_attacked_a_demonstration():
    got = refine("Riots", "Mob violence", "Rioters (Kenya)", 5, "Protesters (Kenya)", 6,
                 "A mob beat a suspected cattle thief to death.", "A ", "Kenya", "KE")
    assert got[2:] == ("Civilians (Kenya)", 7)
    got = refine("Riots", "Mob violence", "Rioters (Kenya)", 5, "Protesters (Kenya)", 6,
                 "A mob attacked marchers of the opposition.", "A ", "Kenya", "KE")
    assert got[2:] == ("Protesters (Kenya)", 6)


def test_generic_actors_are_left_alone():
    act = "Gunmen shot dead a trader at a market."
    got = refine("Violence against civilians", "Attack", "Unidentified Armed Group (Nigeria)", 3, "Civilians (Nigeria)", 7,
                 act, "Gunmen ", "Nigeria", "NG")
    assert got == ("Unidentified Armed Group (Nigeria)", 3, "Civilians (Nigeria)", 7)


def test_a_state_by_its_own_name_arrests():
    act = "The Tatmadaw detained a monk and two students."
    got = refine("Strategic developments", "Arrests", "Police Forces of Myanmar", 1, "Civilians (Myanmar)", 7,
                 act, "The Tatmadaw ", "Myanmar", "MM")
    assert got == ("Military Forces of Myanmar", 1, "Civilians (Myanmar)", 7)


@pytest.mark.parametrize(("text", "country", "code", "want"), [
    ("Members of the Red Scorpion gang robbed a bus.", "Haiti", "HT", ("Red Scorpion Gang", 3)),
    ("Sinaloa cartel hitmen shot a reporter.", "Mexico", "MX", ("Sinaloa Cartel", 3)),
    ("Norte cartel gunmen burned a ranch.", "Mexico", "MX", ("Norte Cartel", 3)),
    ("Jewish and Israeli settlers torched cars.", "Palestinian Territory", "PS", ("Settlers (Israel)", 4)),
    ("Hausa and Yoruba youths fought in the market.", "Nigeria", "NG", ("Hausa Ethnic Militia (Nigeria)", 4)),
])
def test_gangs_cartels_settlers_and_peoples(text, country, code, want):
    assert want in names(text, country, code)


def test_the_subject_is_found_when_the_clause_gives_no_doer():
    act = "On 5 March 2024, the ADF raided a FARDC camp near the river."
    got = refine("Battles", "Armed clash", "Military Forces of Democratic Republic of the Congo", 1,
                 "Unidentified Armed Group (Democratic Republic of the Congo)", 3, act, "", "Democratic Republic of the Congo", "CD")
    assert got[0] == "ADF: Allied Democratic Forces"
    assert got[2] == "Military Forces of Democratic Republic of the Congo"


def test_an_act_clause_naming_nobody_reads_the_note():
    note = "On 2 May 2024, the RSF entered the town after SAF troops withdrew following clashes."
    got = refine_actors("Military Forces of Sudan", 1, "Unidentified Armed Group (Sudan)", 3, event_type="Battles",
                        sub_event_type="Armed clash", doer=" following ", act=" following clashes.", notes=note,
                        country="Sudan", country_code="SD")
    assert got == ("RSF: Rapid Support Forces", 2, "Military Forces of Sudan", 1)


def test_a_claim_names_the_group_behind_an_unclaimed_act():
    note = "A car bomb exploded at a checkpoint. Al Shabaab claimed responsibility for the blast."
    got = refine_actors("Unidentified Armed Group (Somalia)", 3, "", None, event_type="Explosions/Remote violence",
                        sub_event_type="Remote explosive/landmine/IED", doer="A car ", act="A car bomb exploded at a checkpoint.",
                        notes=note, country="Somalia", country_code="SO")
    assert got[:2] == ("Al Shabaab", 2)


def test_a_crowd_that_kills_is_rioters():
    act = "On 3 May 2024, a crowd in Kasese beat to death a man accused of theft."
    got = refine("Violence against civilians", "Attack", "Unidentified Armed Group (Uganda)", 3, "Civilians (Uganda)", 7,
                 act, "", "Uganda", "UG")
    assert got == ("Rioters (Uganda)", 5, "Civilians (Uganda)", 7)


def test_a_named_side_of_a_strategic_development():
    got = refine("Strategic developments", "Other", "Government of Myanmar", 1, "", None,
                 "The Kachin Independence Army imposed a curfew on the town.", "The Kachin Independence Army ", "Myanmar", "MM")
    assert got[:2] == ("KIA: Kachin Independence Army", 2)
    got = refine("Strategic developments", "Headquarters or base established", "Government of Syria", 1, "", None,
                 "Iraqi forces set up a post near the border.", "Iraqi forces ", "Syria", "SY")
    assert got[:2] == ("Military Forces of Iraq", 8)
    got = refine("Strategic developments", "Agreement", "Government of Nigeria", 1, "", None,
                 "Tiv and Jukun community leaders signed a truce.", "Tiv and Jukun community leaders ", "Nigeria", "NG")
    assert got[:2] == ("Tiv Ethnic Militia (Nigeria)", 4)


def battle(act, country, code):
    return refine_actors(f"Military Forces of {country}", 1, f"Unidentified Armed Group ({country})", 3, event_type="Battles",
                         sub_event_type="Armed clash", doer="", act=act, notes=act, country=country, country_code=code)


def test_a_battle_without_a_state_force_is_between_non_state_sides():
    got = battle("On 2 April 2024, armed men of two rival gangs shot at each other in Colon.", "Panama", "PA")
    assert got == ("Unidentified Armed Group (Panama)", 3, "Unidentified Armed Group (Panama)", 3)
    got = battle("On 2 April 2024, two feuding clans fought with spears near Wajir.", "Kenya", "KE")
    assert got == ("Unidentified Clan Militia (Kenya)", 4, "Unidentified Clan Militia (Kenya)", 4)


def test_generic_sides_of_a_battle_follow_the_syntax():
    got = battle("On 2 April 2024, unidentified gunmen ambushed a police patrol near Bannu.", "Pakistan", "PK")
    assert got == ("Unidentified Armed Group (Pakistan)", 3, "Police Forces of Pakistan", 1)
    got = battle("On 2 April 2024, troops repelled militants near Bannu.", "Pakistan", "PK")
    assert got == ("Military Forces of Pakistan", 1, "Unidentified Armed Group (Pakistan)", 3)
    got = battle("On 2 April 2024, fighting was reported near Bannu.", "Pakistan", "PK")
    assert got == ("Military Forces of Pakistan", 1, "Unidentified Armed Group (Pakistan)", 3)


def test_who_stopped_a_weapon_is_actor_one():
    act = "The Houthis launched a missile that was shot down by Saudi air defences over Jizan."
    got = refine("Strategic developments", "Disrupted weapons use", "Houthi Movement", 2, "", None, act, "The Houthis ",
                 "Saudi Arabia", "SA")
    assert got[:2] == ("Military Forces of Saudi Arabia", 1)
    assert got[2:] == ("Houthi Movement", 2)


def test_armed_men_from_a_named_place_are_its_communal_militia():
    got = names("Armed youths from Gogrial county raided a cattle camp.", "South Sudan", "SS")
    assert got[0] == ("Gogrial Communal Militia (South Sudan)", 4)


def test_one_name_for_two_groups_is_read_by_country():
    assert names("Al-Shabaab fighters beheaded two villagers.", "Mozambique", "MZ")[0] == ("Islamic State (Mozambique)", 2)
    assert names("Al-Shabaab fighters beheaded two villagers.", "Somalia", "SO")[0] == ("Al Shabaab", 2)
    assert all(n != "Military Forces of Somalia" for n, _ in names("SNA fighters shelled a village.", "Syria", "SY"))


def test_a_transfer_of_territory_is_between_who_took_it_and_who_left():
    act = "On 3 March 2024, the army took control of Rubaya town after M23 withdrew."
    got = refine("Strategic developments", "Non-violent transfer of territory", "Government of Democratic Republic of the Congo", 1,
                 "", None, act, "On 3 March 2024, the army ", "Democratic Republic of the Congo", "CD")
    assert got == ("Military Forces of Democratic Republic of the Congo", 1, "M23: March 23 Movement", 2)


@pytest.mark.parametrize(("text", "country", "code", "want"), [
    ("A rocket was shot down by the French Navy off the coast.", "Yemen", "YE", ("Military Forces of France", 8)),
    ("Clan militias fought over grazing land.", "Somalia", "SO", ("Unidentified Clan Militia (Somalia)", 4)),
    ("Dinka armed youths raided a cattle camp.", "South Sudan", "SS", ("Dinka Ethnic Militia (South Sudan)", 4)),
    ("Armed youths from nearby villages raided a cattle camp.", "South Sudan", "SS", ("Unidentified Communal Militia (South Sudan)", 4)),
])
def test_more_forces_and_militias(text, country, code, want):
    assert want in names(text, country, code)


def _battle_actors(text: str) -> tuple[str | None, str | None]:
    from datetime import date

    from geodata.events.extract import extract
    from geodata.model import Mention, Report

    i = text.index("Mopti")
    m = Mention("r", "Mopti", i, i + 5, "Mopti", 2453348, 14.49, -4.19, "ML", "Mopti", "city", confidence=0.9)
    (e,) = extract(Report("r", text, date(2023, 3, 8)), [m]).events
    assert e.event_type == "Battles"
    return e.actor1, e.actor2


@pytest.mark.parametrize(("text", "want"), [
    # one people named, fighting another named people: both identity militias, no state force
    ("On 2 March 2023, members of the Dogon community clashed with Bozo fishermen near Mopti, leaving 6 dead.",
     ("Dogon Ethnic Militia (Mali)", "Bozo Ethnic Militia (Mali)")),
    # "X and Y herders": the first-named people first
    ("On 2 March 2023, Bambara and Fulani herders clashed near Mopti, leaving 3 dead.",
     ("Bambara Ethnic Militia (Mali)", "Fulani Ethnic Militia (Mali)")),
    # the other side unnamed: an unidentified communal militia, not the army
    ("On 2 March 2023, Fulani herders clashed with farmers near Mopti, leaving 4 dead.",
     ("Fulani Ethnic Militia (Mali)", "Unidentified Communal Militia (Mali)")),
])
def test_a_communal_clash_with_no_state_force_is_between_communities(text, want):
    assert _battle_actors(text) == want


def test_a_community_attacking_the_police_still_fights_the_state():
    assert _battle_actors("On 2 March 2023, Fulani herders attacked a police patrol near Mopti, killing 2 officers.") == (
        "Fulani Ethnic Militia (Mali)", "Police Forces of Mali")


def _actors_of(text: str) -> tuple[str | None, str | None]:
    from datetime import date

    from geodata.events.extract import extract
    from geodata.model import Mention, Report

    i = text.index("Mopti")
    m = Mention("r", "Mopti", i, i + 5, "Mopti", 2453348, 14.49, -4.19, "ML", "Mopti", "city", confidence=0.9)
    (e,) = extract(Report("r", text, date(2023, 3, 8)), [m]).events
    return e.actor1, e.actor2


def test_a_claim_in_the_next_sentence_names_the_unidentified_doer():
    a1, _ = _actors_of("On 2 March 2023, gunmen stormed a church in Mopti and killed 3 worshippers. "
                       "JNIM claimed responsibility for the attack.")
    assert a1 is not None and a1.startswith("JNIM")
    a1, _ = _actors_of("On 2 March 2023, unknown assailants shot dead a village chief in Mopti! "
                       "The Islamic State Sahel Province later claimed the killing.")
    assert a1 is not None and a1.startswith("Islamic State")
    # nobody claimed it: the doer stays unidentified
    a1, _ = _actors_of("On 2 March 2023, a roadside bomb exploded near a bus in Mopti, killing 4 passengers. "
                       "No group claimed responsibility for the bombing.")
    assert a1 == "Unidentified Armed Group (Mali)"


def test_a_claim_in_the_next_sentence_names_the_unidentified_side_of_a_battle():
    assert _actors_of("On 2 March 2023, unidentified gunmen ambushed an army patrol near Mopti, killing 3 soldiers. "
                      "JNIM claimed responsibility for the attack.") == (
        "JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali")


def test_refine_actors_reads_a_claim_passed_apart_from_the_notes():
    act = "Unidentified gunmen attacked a church, killing 3 worshippers."
    got = refine_actors("Unidentified Armed Group (Mali)", 3, "Civilians (Mali)", 7, event_type="Violence against civilians",
                        sub_event_type="Attack", doer="Unidentified gunmen ", act=act, notes=act,
                        claim="JNIM claimed responsibility for the attack.", country="Mali", country_code="ML")
    assert got[0].startswith("JNIM") and got[2] == "Civilians (Mali)"


@pytest.mark.parametrize(("text", "want"), [
    # a group's own name ending in Army, not in the table: named as written, a rebel group
    ("The Free Syrian Army shelled a base.", [("Free Syrian Army", 2)]),
    ("Fighters of the Shan State Progress Army ambushed a convoy.", [("Shan State Progress Army", 2)]),
    # a country's adjective first: the state's army
    ("The Sudanese Army shelled a base.", [("Military Forces of Sudan", 1)]),
])
def test_an_army_by_its_own_name_is_a_group_unless_a_country_names_it(text, want):
    assert names(text, "Sudan", "SD") == want


@pytest.mark.parametrize(("act", "doer", "want2"), [
    ("On 3 May 2023, soldiers and police clashed with bandits in Gusau.", "On 3 May 2023, soldiers and police ",
     "Unidentified Armed Group (Nigeria)"),
    ("The army and the police carried out an operation against gunmen in Gusau.", "The army and the police ",
     "Unidentified Armed Group (Nigeria)"),
])
def test_two_state_forces_in_the_subject_act_together(act, doer, want2):
    """A state's forces named together as the subject are one side: the other side is the armed
    group they fought (or the generic one), never the second force."""
    a1, i1, a2, i2 = refine("Battles", "Armed clash", "Military Forces of Nigeria", 1,
                            "Unidentified Armed Group (Nigeria)", 3, act, doer, "Nigeria", "NG")
    assert (a1, i1) == ("Military Forces of Nigeria", 1)
    assert (a2, i2) == (want2, 3)


def test_two_communities_in_the_subject_still_fight_each_other():
    a1, _, a2, _ = refine("Battles", "Armed clash", "Military Forces of Nigeria", 1, "Unidentified Armed Group (Nigeria)", 3,
                          "On 3 May 2023, Fulani militiamen and Tiv farmers clashed in Makurdi.",
                          "On 3 May 2023, Fulani militiamen and Tiv farmers ", "Nigeria", "NG")
    assert {a1, a2} == {"Fulani Ethnic Militia (Nigeria)", "Tiv Ethnic Militia (Nigeria)"}
