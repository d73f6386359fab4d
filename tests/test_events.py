"""Event extraction with hand-built mentions: types, places, dates, casualties, merging."""

from __future__ import annotations

import re
from datetime import date

import pytest

from geodata.events.extract import assign_roles, extract_events, split_sentences
from geodata.events.taxonomy import EVENT_TYPES, TACTIC_ORDER, severity_of, tactic_rank
from geodata.model import EVENT_FIELDS, Mention, Report

# name -> (kind, country code, admin1, lat, lon)
PLACES = {
    "Almaty": ("city", "KZ", "Almaty", 43.25, 76.92),
    "Aktobe": ("city", "KZ", "Aktobe", 50.28, 57.21),
    "Zhanaozen": ("city", "KZ", "Mangystau", 43.34, 52.86),
    "Mangystau": ("region", "KZ", "Mangystau", 44.0, 53.0),
    "Kazakhstan": ("country", "KZ", None, 48.0, 68.0),
    "Russia": ("country", "RU", None, 60.0, 100.0),
    "London": ("city", "GB", "England", 51.51, -0.13),
    "Washington": ("city", "US", "Washington, D.C.", 38.9, -77.04),
    "Moscow": ("city", "RU", "Moscow", 55.75, 37.62),
    "Lagos": ("city", "NG", "Lagos", 6.45, 3.39),
    "Ikorodu": ("city", "NG", "Lagos", 6.62, 3.51),
    "Nairobi": ("city", "KE", "Nairobi", -1.28, 36.82),
    "Colombo": ("city", "LK", "Western", 6.93, 79.85),
    "Paris": ("city", "FR", "Île-de-France", 48.85, 2.35),
    "Santiago": ("city", "CL", "Santiago Metropolitan", -33.46, -70.65),
    "Chile": ("country", "CL", None, -30.0, -71.0),
}
THU = date(2022, 1, 6)


def mentions(text: str, *names: str, rid: str = "r") -> list[Mention]:
    """Mentions of the named places at every place ``str.find`` finds them."""
    out = []
    for name in names:
        kind, cc, admin1, lat, lon = PLACES[name]
        start = text.find(name)
        assert start >= 0, name
        while start >= 0:
            out.append(Mention(rid, name, start, start + len(name), name, abs(hash(name)) % 10**7, lat, lon, cc,
                               admin1, kind, confidence=0.9, admin1_code=f"{cc}.{admin1}" if admin1 else None))
            start = text.find(name, start + 1)
    return sorted(out, key=lambda m: m.start)


def events(text: str, *names: str, published: date | None = THU, rid: str = "r"):
    return extract_events(Report(rid, text, published, source="Test Wire"), mentions(text, *names, rid=rid))


def one(text: str, *names: str, **kw):
    evs = events(text, *names, **kw)
    assert len(evs) == 1, [(e.location, e.event_type, e.sub_event_type, e.event_date) for e in evs]
    return evs[0]


# --- types --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "place", "event_type", "sub_event_type", "severity"),
    [
        ("Thousands of teachers marched through Lagos on Monday.", "Lagos", "Protests", "Peaceful protest", 1),
        ("Police fired tear gas and water cannon at protesters in Lagos on Monday.", "Lagos", "Protests", "Protest with intervention", 2),
        ("Soldiers opened fire on demonstrators in Lagos on Monday, killing three.", "Lagos", "Protests", "Excessive force against protesters", 4),
        ("Rioters torched police cars and looted shops in Lagos on Monday.", "Lagos", "Riots", "Violent demonstration", 3),
        ("Protesters stormed the parliament in Nairobi on Tuesday.", "Nairobi", "Riots", "Violent demonstration", 3),
        ("A mob lynched a suspected thief in Lagos on Monday.", "Lagos", "Riots", "Mob violence", 3),
        ("Gunmen abducted 20 villagers in Lagos on Monday.", "Lagos", "Violence against civilians", "Abduction/forced disappearance", 3),
        ("A roadside bomb exploded in Lagos on Monday, killing 11 people.", "Lagos", "Explosions/Remote violence", "Remote explosive/landmine/IED", 5),
        ("A bomb killed two policemen in Lagos on Monday.", "Lagos", "Explosions/Remote violence", "Remote explosive/landmine/IED", 4),
        ("Gendarmes threw tear gas grenades at protesters in Lagos on Monday.", "Lagos", "Protests", "Protest with intervention", 2),
        ("Troops and militants exchanged fire in Lagos on Monday.", "Lagos", "Battles", "Armed clash", 3),
        ("Police arrested 40 people in Lagos on Monday.", "Lagos", "Strategic developments", "Arrests", 2),
        ("A curfew was imposed in Lagos on Monday.", "Lagos", "Strategic developments", "Other", 2),
    ],
)
def test_sub_event_types(text, place, event_type, sub_event_type, severity):
    e = one(text, place)
    assert (e.location, e.event_type, e.sub_event_type, e.severity) == (place, event_type, sub_event_type, severity)
    assert e.event_date == "2022-01-03" or e.event_date == "2022-01-04"
    assert e.notes == text


def test_a_semicolon_between_two_scenes_makes_two_events():
    """Wire copy joins two events with a semicolon: each clause gets its own type; the second
    keeps the first one's day."""
    text = ("Teachers marched peacefully through Lagos on Monday; in Nairobi, a bomb killed two "
            "soldiers.")
    evs = {e.location: e for e in events(text, "Lagos", "Nairobi")}
    assert (evs["Lagos"].event_type, evs["Lagos"].fatalities) == ("Protests", None)
    assert (evs["Nairobi"].event_type, evs["Nairobi"].sub_event_type, evs["Nairobi"].fatalities) == (
        "Explosions/Remote violence", "Remote explosive/landmine/IED", 2)
    assert evs["Nairobi"].event_date == evs["Lagos"].event_date == "2022-01-03"
    assert evs["Nairobi"].time_precision == 1 and "date inferred" not in evs["Nairobi"].tags
    # a clause that tells nothing new stays with its sentence
    e = one("Police fired tear gas at protesters in Lagos on Monday; nobody was hurt.", "Lagos")
    assert e.notes.endswith("nobody was hurt.")


def test_a_village_the_gazetteer_lacks_gives_a_country_level_event_that_says_so():
    """An attack in a village the geoparser could not place is not lost: it is an event at the
    level of the country the sentence names, tagged with the name that was not found."""
    text = "Gunmen killed five herders in the village of Tasbulak in Kazakhstan on Monday."
    e = one(text, "Kazakhstan")
    assert (e.country_code, e.geo_precision, e.fatalities) == ("KZ", 4, 5)
    assert "place not found: Tasbulak" in e.tags
    assert e.event_date == "2022-01-03"
    # with no country named, there is nothing to put it in
    assert events("Gunmen killed five herders in the village of Tasbulak on Monday.") == []


def test_a_dateline_is_where_the_copy_was_filed():
    """"ALMATY, Jan 6 (Test Wire) - ...": the dateline's town is the scene only when the copy
    names no other place, and its date is the filing date, not the event's."""
    elsewhere = "Almaty, Jan 6 (Test Wire) - Police fired tear gas at protesters in Aktobe on Tuesday."
    e = one(elsewhere, "Almaty", "Aktobe")
    assert (e.location, e.event_date) == ("Aktobe", "2022-01-04")
    here = "Almaty, Jan 6 (Test Wire) - Police fired tear gas at protesters on Tuesday."
    e = one(here, "Almaty")
    assert (e.location, e.event_date) == ("Almaty", "2022-01-04")


def test_higher_tactic_wins_in_a_sentence():
    e = one("Protesters marched peacefully in Santiago on Friday before some set fire to a bus.", "Santiago")
    assert e.sub_event_type == "Violent demonstration"


def test_riot_police_is_not_a_riot():
    e = one("Riot police watched as students rallied in Colombo on Monday.", "Colombo")
    assert e.event_type == "Protests"


def test_killing_of_security_forces_by_a_crowd_is_a_riot():
    text = "Protesters gathered in Almaty on Wednesday. Two police officers were killed."
    e = one(text, "Almaty")
    assert (e.event_type, e.fatalities, e.severity) == ("Riots", 2, 4)


# --- statements, hypotheticals, negation ---------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "The minister vowed a tough response to the protests in Almaty.",
        "Opposition leaders called for protests in Colombo next week.",
        "The embassy urged protesters in Nairobi to exercise restraint.",
        "Police did not use tear gas in Aktobe on Wednesday.",
        "No clashes were reported in Lagos on Monday.",
        "The government said it would not impose a curfew in Santiago.",
        "Dissent and protests are rare in Kazakhstan.",
        "Unions will march in Paris on January 20.",
    ],
)
def test_no_event(text):
    names = [n for n in PLACES if re.search(rf"\b{n}\b", text)]
    assert events(text, *names) == []


def test_think_tank_city_is_not_the_event_place():
    text = ("Protesters stormed the city hall in Almaty on Wednesday, said Jane Roe, an analyst at a "
            "think tank in London.")
    e = one(text, "Almaty", "London")
    assert e.location == "Almaty"


@pytest.mark.parametrize("seat", ["rights groups in London", "two universities in London",
                                  "the foreign ministries in London and Paris"])
def test_plural_seats_that_comment_get_no_event(seat):
    text = (f"Police beat protesters in Almaty and arrested dozens on Wednesday, {seat} said.")
    names = [n for n in ("Almaty", "London", "Paris") if n in text]
    assert [e.location for e in events(text, *names)] == ["Almaty"]


def test_capital_that_comments_gets_no_event():
    text = ("Police fired rubber bullets at protesters in Aktobe on Wednesday. "
            "The State Department in Washington said it was following the protests closely. "
            "Moscow condemned the riots.")
    evs = events(text, "Aktobe", "Washington", "Moscow")
    assert [e.location for e in evs] == ["Aktobe"]


def test_assign_roles():
    text = "Protesters stormed the akimat in Almaty on Wednesday. An analyst in London said it was grim."
    report = Report("r", text, THU)
    roles = assign_roles(report, mentions(text, "Almaty", "London"))
    assert [(m.mention, m.role) for m in roles] == [("Almaty", "event"), ("London", "context")]


# --- places --------------------------------------------------------------------------------

def test_national_measures_are_country_level():
    text = ("Protesters clashed with police in Almaty. The president declared a nationwide state of emergency "
            "and a curfew on Wednesday. Kazakhstan also shut down the internet across the country since Tuesday.")
    evs = events(text, "Almaty", "Kazakhstan")
    nat = [e for e in evs if e.geo_precision == 4]
    assert {e.location for e in nat} == {"Kazakhstan"}
    by_tag = {e.tags.split("; ")[0]: e for e in nat}
    assert by_tag["state of emergency"].event_date == "2022-01-05"
    assert "curfew" in by_tag["state of emergency"].tags
    assert by_tag["internet shutdown"].event_date == "2022-01-04"
    assert all(e.sub_event_type == "Other" and e.severity == 2 for e in nat)
    assert all(e.latitude is not None for e in nat)


def test_troops_sent_to_a_country_are_placed_there_not_in_the_sender():
    text = "Russia sent paratroopers to Kazakhstan on Thursday."
    e = one(text, "Russia", "Kazakhstan")
    assert (e.location, e.country_code, e.geo_precision) == ("Kazakhstan", "KZ", 4)
    assert e.actor1 == "Military Forces of Russia" and e.inter1 == 8


def test_known_organisation_is_the_actor():
    text = "The Collective Security Treaty Organization deployed peacekeepers to Kazakhstan on Thursday."
    assert one(text, "Kazakhstan").actor1 == "CSTO: Collective Security Treaty Organization"


def test_sentence_without_place_continues_the_scene():
    text = ("Protesters gathered in front of the city hall in Almaty on Wednesday. "
            "Later they stormed the building and set it on fire.")
    e = one(text, "Almaty")
    assert (e.sub_event_type, e.event_date) == ("Violent demonstration", "2022-01-05")
    assert "stormed the building" in e.notes and "gathered" in e.notes


def test_placeless_sentence_introduces_the_next_place():
    text = ("Crowds were seen pulling down a statue of the former leader. "
            "The monument that was toppled stood in Aktobe.")
    e = one(text, "Aktobe")
    assert e.location == "Aktobe" and "statue toppled" in e.tags


def test_reference_town_is_not_a_second_event():
    text = "Protesters set fire to a police station in Ikorodu, on the outskirts of Lagos, on Wednesday."
    e = one(text, "Ikorodu", "Lagos")
    assert e.location == "Ikorodu"


def test_one_event_per_place_day_and_type():
    text = ("Students rallied in Almaty and in Aktobe on Wednesday. "
            "In Almaty, police later dispersed the rally with tear gas.")
    evs = events(text, "Almaty", "Aktobe")
    assert sorted((e.location, e.sub_event_type) for e in evs) == [
        ("Aktobe", "Peaceful protest"), ("Almaty", "Protest with intervention")]


def test_region_and_near_precision():
    text = "Workers went on strike across Mangystau on Monday."
    assert one(text, "Mangystau").geo_precision == 3
    text = "Protesters blocked a road near Zhanaozen on Monday."
    assert one(text, "Zhanaozen").geo_precision == 2


# --- dates ---------------------------------------------------------------------------------

def test_background_year_carried_to_the_next_sentence():
    text = ("The town of Zhanaozen saw deadly unrest in 2011. "
            "At least 14 oil workers were killed in a police crackdown on a protest.")
    e = one(text, "Zhanaozen")
    assert (e.event_date[:4], e.time_precision) == ("2011", 3)
    assert (e.event_type, e.sub_event_type, e.fatalities, e.severity) == (
        "Protests", "Excessive force against protesters", 14, 5)


def test_undated_sentence_gets_the_report_date_with_week_precision():
    text = "Protesters gathered in Almaty on Wednesday. Police used water cannon in Aktobe."
    aktobe = next(e for e in events(text, "Almaty", "Aktobe") if e.location == "Aktobe")
    assert (aktobe.event_date, aktobe.time_precision) == ("2022-01-05", 2)
    assert "date inferred" in aktobe.tags


def test_no_event_after_publication():
    assert events("Protesters will rally in Almaty on January 10.", "Almaty") == []


def test_without_publication_date_relative_dates_stay_unknown():
    e = one("Protesters stormed the akimat in Almaty on Wednesday.", "Almaty", published=None)
    assert e.event_date is None and "date unknown" in e.tags
    e = one("Protesters stormed the akimat in Almaty on 5 January 2022.", "Almaty", published=None)
    assert (e.event_date, e.time_precision) == ("2022-01-05", 1)


def test_the_following_day_counts_from_the_previous_date():
    text = ("On 16 December 2011, police opened fire on strikers in Zhanaozen. "
            "The following day, protesters set fire to the akimat in Aktobe.")
    evs = {e.location: e for e in events(text, "Zhanaozen", "Aktobe", published=None)}
    assert evs["Aktobe"].event_date == "2011-12-17"


# --- casualties ----------------------------------------------------------------------------

def test_cumulative_toll_is_not_a_new_event():
    text = ("Police fired on protesters in Almaty on Wednesday. "
            "The death toll has risen to 225 so far, officials said.")
    e = one(text, "Almaty")
    assert e.fatalities is None


def test_national_toll_is_not_given_to_a_city():
    text = "Security forces opened fire on protesters in Nairobi on Tuesday, killing 17 people across the country."
    e = one(text, "Nairobi")
    assert e.fatalities is None and "national toll: 17 killed" in e.tags


def test_casualties_follow_their_event_and_injuries_arrests_are_kept():
    text = ("Police dispersed a rally in Aktobe on Wednesday. Two protesters were killed and dozens were "
            "injured. In Almaty, police arrested 300 people.")
    evs = {e.location: e for e in events(text, "Aktobe", "Almaty")}
    assert (evs["Aktobe"].fatalities, evs["Aktobe"].injuries) == (2, 12)
    assert evs["Aktobe"].sub_event_type == "Excessive force against protesters"
    assert evs["Almaty"].arrests == 300 and evs["Almaty"].fatalities is None


# --- records -------------------------------------------------------------------------------

def test_event_record_fields_offsets_and_stable_id():
    text = "Headline\nPolice fired tear gas at protesters in Aktobe on Wednesday."
    (a,) = events(text, "Aktobe", rid="rep-1")
    (b,) = events(text, "Aktobe", rid="rep-1")
    (c,) = events(text, "Aktobe", rid="rep-2")
    assert a.event_id == b.event_id != c.event_id
    assert text[a.mention_start:a.mention_end] == "Aktobe"
    assert text[a.sentence_start:a.sentence_end] == a.notes
    assert a.source == "Test Wire"
    assert (a.actor1, a.inter1, a.actor2, a.inter2) == ("Protesters (Kazakhstan)", 6, "Police Forces of Kazakhstan", 1)
    assert (a.country, a.country_code, a.admin1) == ("Kazakhstan", "KZ", "Aktobe")
    assert 0 < a.confidence <= 1
    d = a.to_dict()
    assert tuple(d) == EVENT_FIELDS


def test_confidence_is_lower_for_inferred_places_and_dates():
    text = ("Police fired tear gas at protesters in Aktobe on Wednesday. "
            "The president imposed a nationwide curfew.")
    aktobe, curfew = events(text, "Aktobe")
    assert curfew.geo_precision == 4 and curfew.confidence < aktobe.confidence


# --- taxonomy, severity, sentences ------------------------------------------------------------

def test_tactic_order_is_acleds():
    assert TACTIC_ORDER[0] == ("Battles", "Government regains territory")
    assert TACTIC_ORDER[-1] == ("Strategic developments", "Other")
    assert len(TACTIC_ORDER) == sum(len(v) for v in EVENT_TYPES.values()) == 25
    assert tactic_rank("Riots", "Mob violence") < tactic_rank("Protests", "Excessive force against protesters")


@pytest.mark.parametrize(
    ("args", "level"),
    [
        (("Protests", "Peaceful protest", None, None), 1),
        (("Protests", "Protest with intervention", None, None), 2),
        (("Strategic developments", "Other", None, None, "internet shutdown"), 2),
        (("Strategic developments", "Arrests", None, None), 2),
        (("Riots", "Violent demonstration", None, None), 3),
        (("Protests", "Protest with intervention", 0, 5), 3),
        (("Riots", "Violent demonstration", 1, None), 4),
        (("Protests", "Excessive force against protesters", 9, None), 4),
        (("Protests", "Excessive force against protesters", 10, None), 5),
    ],
)
def test_severity_scale(args, level):
    assert severity_of(*args) == level


def test_split_sentences_keeps_offsets_and_abbreviations():
    text = "Gen. Smith spoke on Jan. 5 in the U.S. capital. Crowds left!\nHEADLINE line\n  Next one?"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Gen. Smith spoke on Jan. 5 in the U.S. capital.", "Crowds left!", "HEADLINE line", "Next one?"]


# --- a place named only to locate another --------------------------------------------------

def test_town_located_by_a_nearby_city_is_one_event_there():
    e = one("Soldiers fired on marchers near Ikorodu, outside Lagos, on Wednesday, killing three.",
            "Ikorodu", "Lagos")
    assert (e.location, e.fatalities, e.geo_precision) == ("Ikorodu", 3, 2)


def test_a_list_of_cities_is_still_one_event_each():
    evs = events("Riots broke out in Almaty, Aktobe and Zhanaozen on Wednesday.", "Almaty", "Aktobe", "Zhanaozen")
    assert sorted(e.location for e in evs) == ["Aktobe", "Almaty", "Zhanaozen"]
