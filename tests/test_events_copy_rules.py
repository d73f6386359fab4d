"""Detection rules for shapes of ordinary wire copy (QA's findings, in our own sentences about
made-up or well-known places): tolls of two groups, a running total since an event, a measure
told by a participle, arson that is no looting, a device going off in a hand, passive arson of
a police post, assaults on bystanders, and the date of an undated nationwide measure."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.events._casualties import parse_casualties
from geodata.model import Event, Report
from geodata.pipeline import process_report


def _events(gp, text: str, published: date = date(2024, 6, 28)) -> list[Event]:
    return process_report(Report("rules", text, published), geoparser=gp).events


# --- two tolls of one sentence -------------------------------------------------------------

@pytest.mark.parametrize(("text", "dead"), [
    ("Twenty villagers were killed in the raid and six soldiers died.", 26),
    ("At least 14 protesters were shot dead on Friday and three police officers were killed.", 17),
    ("Dozens of marchers were killed as they tried to storm the palace, police said, and 18 officers died, two of them beheaded.", 30),
    # the same group twice, a generic figure, or a part of the first: conflicting or nested tolls keep the lowest
    ("At least 14 people were killed on Monday, officials said; residents said 20 died.", 14),
    ("Twelve people died, including three police officers who were killed by a mob.", 12),
])
def test_tolls_of_two_different_groups_add_up_and_restated_tolls_do_not(text: str, dead: int) -> None:
    assert parse_casualties(text)["fatalities"] == dead


def test_two_groups_killed_at_one_place_are_one_event_with_both_tolls(gp) -> None:
    evs = _events(gp, "At least 14 protesters were shot dead in Mombasa on Friday and three police officers were killed.")
    assert [e.fatalities for e in evs] == [17]


# --- a running total since an event -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "At least 23 people have been killed in Kenya since the vote on Tuesday, police said.",
    "At least 23 people have died in Nairobi since the arrest of the opposition leader on Monday night.",
])
def test_a_toll_since_an_event_is_a_running_total(gp, text: str) -> None:
    assert parse_casualties(text)["cumulative"] is True
    assert not any(e.fatalities for e in _events(gp, text))


def test_since_the_morning_is_the_days_own_toll() -> None:
    assert parse_casualties("Five protesters have been killed since the morning in the capital.")["cumulative"] is False


# --- a measure told by a participle, and its object is no protest ---------------------------

@pytest.mark.parametrize("text", [
    "The governor imposed a curfew, banning public gatherings, in Nakuru county on Monday.",
    "Police in Kisumu on Monday prohibited all street demonstrations.",
    "The authorities declared a state of emergency in Mombasa on Monday, prohibiting protests.",
])
def test_banning_gatherings_is_a_ban_and_no_protest(gp, text: str) -> None:
    evs = _events(gp, text)
    assert [e.event_type for e in evs] == ["Strategic developments"]
    assert "ban on gatherings" in evs[0].tags


# --- arson is not looting ------------------------------------------------------------------

def test_torching_an_office_is_arson_not_looting(gp) -> None:
    (ev,) = _events(gp, "Rioters torched the offices of the county assembly in Kisumu on Monday.")
    assert ev.event_type == "Riots"
    assert "arson" in ev.tags and "looting" not in ev.tags


def test_burning_and_looting_keep_both_tags(gp) -> None:
    (ev,) = _events(gp, "Protesters burned the headquarters of the ruling party in Kisumu on Monday and looted shops.")
    assert "arson" in ev.tags and "looting" in ev.tags


# --- a device going off in someone's hand --------------------------------------------------

def test_a_grenade_exploding_in_a_marchers_hands_is_no_remote_attack(gp) -> None:
    evs = _events(gp, "Police fired tear gas at marchers in Kisumu on Monday, and a student died when a grenade exploded in his hands.")
    assert [(e.event_type, e.fatalities) for e in evs] == [("Protests", 1)]


def test_a_bomb_at_a_market_stays_a_remote_attack(gp) -> None:
    (ev,) = _events(gp, "A bomb exploded at a market in Mandera on Monday, killing four people.")
    assert ev.event_type == "Explosions/Remote violence"


# --- a police post burned, bystanders beaten ------------------------------------------------

def test_a_police_post_burned_with_officers_inside_is_a_riot_against_police(gp) -> None:
    (ev,) = _events(gp, "In Kisumu, a police post (the county post) was burned with six officers inside on Friday night.")
    assert (ev.event_type, ev.sub_event_type) == ("Riots", "Violent demonstration")
    assert "Police" in ev.actor2


def test_cars_burned_when_armed_men_attacked_marchers_are_not_the_marchers_riot(gp) -> None:
    (ev,) = _events(gp, "In Kisumu, hundreds of students marched to the county offices; they were attacked by men "
                        "armed with clubs and several cars were burned.")
    assert ev.event_type == "Protests"


@pytest.mark.parametrize("victims", ["commuters", "travellers", "passers-by"])
def test_hooded_men_beating_bystanders_is_an_attack_on_civilians(gp, victims: str) -> None:
    (ev,) = _events(gp, f"Hooded men beat {victims} at a railway station in Kisumu on Saturday night.")
    assert (ev.event_type, ev.sub_event_type) == ("Violence against civilians", "Attack")
    assert "Civilians" in ev.actor2


# --- the date of an undated nationwide measure --------------------------------------------

def test_an_undated_national_measure_opening_a_paragraph_takes_the_reports_day(gp) -> None:
    text = ("NAIROBI, June 28 (Wire) - Police shot dead at least eight people in Nairobi on Thursday as crowds stormed parliament.\n"
            "On Tuesday, two students were killed in Nakuru.\n"
            "The government imposed a nationwide curfew and said troops would patrol the streets.")
    (measure,) = [e for e in _events(gp, text) if e.event_type == "Strategic developments"]
    assert measure.event_date == "2024-06-27"


def test_a_measure_in_the_same_paragraph_keeps_the_day_just_told(gp) -> None:
    text = ("NAIROBI, June 28 (Wire) - Police shot dead at least eight people in Nairobi on Thursday as crowds stormed parliament.\n"
            "On Tuesday, two students were killed in Nakuru. The government imposed a nationwide curfew.")
    (measure,) = [e for e in _events(gp, text) if e.event_type == "Strategic developments"]
    assert measure.event_date == "2024-06-25"


# --- ages, postnominal dates, coordinated clauses -----------------------------------------

@pytest.mark.parametrize("text", [
    "A girl of 12 was shot dead in Kisumu on Wednesday, her mother said.",
    "A boy of 14 years was shot dead in Kisumu on Wednesday.",
])
def test_a_victims_age_after_of_is_no_count(text: str) -> None:
    assert parse_casualties(text)["fatalities"] == 1


def test_a_date_after_a_noun_and_of_dates_that_noun_not_the_act(gp) -> None:
    (ev,) = _events(gp, "Protesters disputing the presidential election of Sunday burned tyres in Kisumu, the police said.",
                    date(2024, 6, 5))
    assert ev.event_date == "2024-06-05"


def test_the_night_of_a_day_still_dates_the_act(gp) -> None:
    (ev,) = _events(gp, "Protesters burned tyres in Kisumu on the night of Sunday, the police said.", date(2024, 6, 5))
    assert ev.event_date == "2024-06-02"


def test_a_second_clause_with_its_own_subject_has_its_own_type(gp) -> None:
    evs = _events(gp, "On Tuesday, crowds torched hotels and shops in Nakuru, and protesters were shot dead in Eldoret "
                      "and Kitale, witnesses said.", date(2024, 6, 5))
    types = {e.location: e.sub_event_type for e in evs}
    assert types["Nakuru"] == "Violent demonstration"
    assert types["Eldoret"] == types["Kitale"] == "Excessive force against protesters"


def test_one_day_after_in_a_town_of_the_first_clause_is_an_act_of_its_own(gp) -> None:
    evs = _events(gp, "Police killed at least 30 protesters in Nakuru and in Kisumu on Thursday, one day after "
                      "demonstrators burned the Ugandan embassy in Kisumu.", date(2024, 6, 5))
    got = sorted((e.location, e.event_date, e.event_type) for e in evs)
    assert got == [("Kisumu", "2024-05-29", "Riots"), ("Kisumu", "2024-05-30", "Protests"), ("Nakuru", "2024-05-30", "Protests")]


def test_one_measure_at_two_places_of_one_sentence_is_dated_alike(gp) -> None:
    text = ("YANGON, March 15 (Wire) - Troops in Myanmar killed at least 30 protesters on Sunday, most of them in the Hlaingthaya "
            "industrial district of Yangon, where factories were set on fire, a rights group said.\n"
            "The military declared martial law in Hlaingthaya and nearby Shwepyitha township.\n"
            "Mobile data have been cut across the country since Monday.")
    martial = [e for e in _events(gp, text, date(2021, 3, 15)) if "martial law" in e.tags]
    assert len(martial) == 2
    assert {(e.event_date, "date inferred" in e.tags) for e in martial} == {("2021-03-14", False)}


def test_a_death_in_custody_in_a_protest_report_is_violence_against_a_civilian(gp) -> None:
    evs = _events(gp, "Thousands of protesters marched in Kisumu on Monday. In the town of Nakuru, a teacher, John Otieno, "
                      "died in the custody of the intelligence service on Tuesday.", date(2024, 6, 5))
    (death,) = [e for e in evs if e.location == "Nakuru"]
    assert (death.event_type, death.fatalities) == ("Violence against civilians", 1)


@pytest.mark.parametrize(("text", "country"), [
    ("Students clashed with carabineros in Valparaiso on Monday.", "Chile"),
    ("Fans fought carabinieri outside the stadium in Naples on Monday, throwing stones.", "Italy"),
])
def test_a_national_police_force_by_its_own_name_is_the_police(gp, text: str, country: str) -> None:
    (ev,) = _events(gp, text, date(2024, 6, 5))
    assert ev.actor2 == f"Police Forces of {country}"


def test_the_dateline_town_named_again_does_not_split_the_leads_act(gp) -> None:
    text = ("ALMA-ATA, Jan 6 (Wire) - Scores of protesters were killed as they tried to storm state buildings in Alma-Ata, "
            "the country's largest city, overnight, officials said, and 12 policemen died, one of them beheaded.\n"
            "The unrest started in the oil town of Zhanaozen (Mangistau region) on January 2 after fuel prices doubled, "
            "and spread to Aktau and Aktobe. In Alma-Ata the mayor's office was set on fire and shops were looted.\n"
            "The president declared a state of emergency in the city and in Mangystau oblast.")
    lead = [e for e in _events(gp, text, date(2022, 1, 6)) if e.event_date == "2022-01-05" and e.event_type != "Strategic developments"]
    assert [(e.location, e.event_type, e.fatalities) for e in lead] == [("Almaty", "Riots", 32)]


def test_a_clause_opening_with_its_own_place_is_its_own_act(gp) -> None:
    evs = _events(gp, "Students gathered again in Providencia on Sunday, and in the port city of Valparaiso a bank was set ablaze.",
                  date(2019, 10, 21))
    assert sorted((e.location, e.event_type) for e in evs) == [("Providencia", "Protests"), ("Valparaíso", "Riots")]


@pytest.mark.parametrize(("text", "riot"), [
    ("Youths erected barricades in the suburbs of Nairobi on Monday.", True),
    ("Police erected barricades around parliament in Nairobi on Monday.", False),
])
def test_a_crowd_barricading_streets_riots_and_police_barricades_do_not(gp, text: str, riot: bool) -> None:
    assert any(e.event_type == "Riots" for e in _events(gp, text, date(2024, 6, 5))) is riot


def test_a_rights_group_saying_people_were_killed_in_a_town_places_the_killing_there(gp) -> None:
    (ev,) = _events(gp, "A rights group said at least 8 people had been killed in Kisumu on Tuesday.", date(2024, 6, 5))
    assert (ev.location, ev.fatalities) == ("Kisumu", 8)
    # the seat of a commentator right before its statement stays context
    evs = _events(gp, "An analyst at a think tank in London said at least 8 people had been killed in Kisumu on Tuesday.",
                  date(2024, 6, 5))
    assert [e.location for e in evs] == ["Kisumu"]


@pytest.mark.parametrize("text", [
    "In Eldoret a student was detained and later died in custody, his family said.",
    "A woman was beaten by soldiers and died in hospital.",
])
def test_a_victim_who_was_held_or_beaten_and_died_is_one_dead(text: str) -> None:
    assert parse_casualties(text)["fatalities"] == 1


def test_a_death_in_custody_after_where_is_its_own_event_at_that_place(gp) -> None:
    evs = _events(gp, "Thousands marched in Kisumu on Monday. Clashes were also reported in Nakuru and Eldoret, where a 30-year-old "
                      "man, John Kamau, was detained and later died in custody, his wife said.", date(2024, 6, 5))
    got = sorted((e.location, e.event_type, e.fatalities) for e in evs if e.location != "Kisumu")
    assert got == [("Eldoret", "Riots", None), ("Eldoret", "Violence against civilians", 1), ("Nakuru", "Riots", None)]
    (death,) = [e for e in evs if e.event_type == "Violence against civilians"]
    assert death.actor1 == "Police Forces of Kenya"  # custody is the state's


@pytest.mark.parametrize(("text", "field", "n"), [
    ("No deaths were reported, except a teenager who fell from a roof in Grenoble on Thursday night.", "fatalities", 1),
    ("Nobody was injured except one policeman.", "injuries", 1),
    ("No one was hurt apart from a few officers.", "injuries", None),
    ("No one was killed, police said.", "fatalities", 0),
])
def test_none_except_one_is_one(text: str, field: str, n: int | None) -> None:
    assert parse_casualties(text)[field] == n


def test_an_undated_sentence_at_a_new_place_in_the_same_paragraph_goes_on_with_its_day(gp) -> None:
    text = ("NAIROBI, June 28 (Wire) - Police shot dead two protesters in Nairobi on Thursday.\n"
            "The county imposed a curfew and on Wednesday youths set fire to a police post in Kisumu. "
            "Looters broke into warehouses in Nakuru.")
    (loot,) = [e for e in _events(gp, text) if e.location == "Nakuru"]
    assert (loot.event_date, loot.time_precision) == ("2024-06-26", 2)
    assert "date inferred" in loot.tags


def test_the_day_an_unrest_began_does_not_date_the_next_sentences_new_place(gp) -> None:
    text = ("ALMATY, Jan 6 (Wire) - Police shot dead 12 rioters in Almaty on Wednesday.\n"
            "Protests began in Zhanaozen on January 2 and spread to Aktau. In Taraz crowds set fire to the akimat.")
    (taraz,) = [e for e in _events(gp, text, date(2022, 1, 6)) if e.location == "Taraz"]
    assert taraz.event_date == "2022-01-05"


def test_an_undated_sentence_back_at_a_dated_scene_keeps_that_scenes_day(gp) -> None:
    text = ("ALMATY, Jan 6 (Wire) - Crowds stormed the akimat in Taraz overnight.\n"
            "On January 3 students marched in Aktobe and Aktau. In Taraz shops were looted in the city centre.")
    taraz = [e for e in _events(gp, text, date(2022, 1, 6)) if e.location == "Taraz"]
    assert [e.event_date for e in taraz] == ["2022-01-05"]


@pytest.mark.parametrize(("text", "sub"), [
    ("Police shot at demonstrators in the Kondele neighbourhood of Kisumu during the night of Monday.",
     "Excessive force against protesters"),
    ("Gunmen shot at a bus in Mandera on Monday.", "Attack"),
])
def test_shooting_at_someone_is_typed_by_the_target(gp, text: str, sub: str) -> None:
    (ev,) = _events(gp, text, date(2024, 6, 5))
    assert ev.sub_event_type == sub
