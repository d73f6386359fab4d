"""Issue 11 on coder-style place descriptions and short reports, in sentences of our own:
cue words that say place, a metropolis's other names against a town's own name."""

from __future__ import annotations

import pytest

from geodata.places.geoparse import Geoparser
from tests.test_geoparse_places import _get, km


def test_the_town_of_a_given_name_is_a_place(gp: Geoparser) -> None:
    # Bria (Central African Republic) is also a given name: alone it is a person first,
    # after "the town of" it is the town
    m = _get(gp.parse("Armed men looted shops in the town of Bria on Friday."), "Bria")
    assert m.country_code == "CF" and m.kind == "city"


def test_a_towns_own_name_beats_another_name_of_a_metropolis(gp: Geoparser) -> None:
    # GeoNames lists "Cancun" among Changchun's other names; Cancún's own name is it
    for text in ("Two bodies were found near a hotel in Cancun.", "Cancún"):
        assert gp.parse(text)[0].country_code == "MX"


def test_a_metropolis_by_another_name_still_wins(gp: Geoparser) -> None:
    assert _get(gp.parse("Workers rallied in Bombay on Monday."), "Bombay").country_code == "IN"
    assert _get(gp.parse("Factory workers struck in Canton last week."), "Canton").country_code == "CN"


def test_a_preposition_opening_a_sentence_is_no_first_name(gp: Geoparser) -> None:
    ms = gp.parse("Between Alindao and Bambari, gunmen stopped a convoy; later they returned to Alindao.")
    assert [m.country_code for m in ms if m.mention == "Alindao"] == ["CF", "CF"]


def test_a_capitalised_township_says_town(gp: Geoparser) -> None:
    # a Thai adjective alone would make the Burmese town a namesake abroad; "Township" says town
    m = _get(gp.parse("Thai medics treated villagers who fled shelling in Myawaddy Township."), "Myawaddy")
    assert m.country_code == "MM"


def test_two_small_towns_of_two_countries_do_not_both_go(gp: Geoparser) -> None:
    # "Shin" is also a Syrian village: the Burmese town the text calls a region stays
    ms = gp.parse("Mortar rounds fell near Shin Hpaw village in Laukkai region.")
    assert _get(ms, "Laukkai").country_code == "MM"



def test_an_adjective_is_no_witness_against_a_sizeable_town(gp: Geoparser) -> None:
    # "Turkish" names who shelled, not where: Afrin (Syria, ~49,000 people) stays
    m = _get(gp.parse("Turkish artillery shelled the outskirts of Afrin on Sunday."), "Afrin")
    assert m.country_code == "SY"


def test_an_adjective_still_refuses_a_small_namesake_abroad(gp: Geoparser) -> None:
    # Bagram is only another name of a small Iranian village in the gazetteer
    ms = gp.parse("Afghan police said a rocket landed near Bagram.")
    assert all(m.country_code in ("AF", None) for m in ms if m.mention == "Bagram")


def test_a_part_of_a_longer_village_name_is_no_place(gp: Geoparser) -> None:
    # Kone is a town of New Caledonia; here it is the last word of a Burmese village's name
    ms, un = gp.parse_detailed("Soldiers burned houses in Zee Phyu Kone village, Pale township.")
    assert all(m.country_code != "NC" for m in ms)
    assert "Zee Phyu Kone" in [u.surface for u in un]


def test_a_possessive_ends_an_unknown_name(gp: Geoparser) -> None:
    ms, un = gp.parse_detailed("Troops shelled villages in Magway’s Myaing township.")
    assert _get(ms, "Magway").country_code == "MM"
    # "Magway’s Myaing" is no name: Myaing is read inside Magway, or left unplaced
    assert "Magway’s Myaing" not in [u.surface for u in un]
    assert all(m.country_code == "MM" for m in ms)


def test_a_title_case_town_after_a_word_is_no_cue(gp: Geoparser) -> None:
    # "Annual Town Meeting": no near miss for "Annual" (Annandale)
    ms = gp.parse("Voters in Concord, Massachusetts, gathered for the Annual Town Meeting.")
    assert "Annual" not in [m.mention for m in ms]
    # a place's own name before a title-case unit still counts (as an embedded mention)
    emb = Geoparser(gp.gaz, include_embedded=True)
    ms = emb.parse("Fargo City Commissioner Tim Olson said the dikes in North Dakota would hold.")
    assert _get(ms, "Fargo").country_code == "US"


@pytest.mark.parametrize("text", [
    "Gambo, a village 70 km from Bangassou, was looted overnight.",
    "Gambo, in the province of Mbomou, was looted overnight.",
    "Gambo, in Mbomou prefecture, was looted overnight.",
])
def test_a_name_described_as_a_place_is_one(gp: Geoparser, text: str) -> None:
    # Gambo is also a given name; the words after it say village
    assert _get(gp.parse(text), "Gambo").country_code == "CF"


def test_an_unknown_village_falls_back_up_the_stated_chain(gp: Geoparser) -> None:
    # neither the village nor its township is in the bundled gazetteer: the state holds both
    ms, un = gp.parse_detailed("Kyauk Hlay Ga village, Thazi Gyi township, Rakhine state")
    assert all(m.admin1 == "Rakhine" for m in ms)  # no near miss for the township elsewhere
    held = {u.surface: u.within for u in un}
    within = held["Kyauk Hlay Ga"]
    assert within is not None and within.name == "Rakhine" and within.kind == "region"


def test_a_distance_after_a_name_says_place(gp: Geoparser) -> None:
    m = _get(gp.parse("Bria, about 600 km northeast of Bangui, saw heavy fighting."), "Bria")
    assert m.country_code == "CF"
    # a share is no distance: "Marina, about 85 percent of ..." says nothing
    assert "Marina" not in [m.mention for m in gp.parse("At the Hammond Marina, about 85 percent of boats")]


def test_a_village_named_with_its_town_is_the_one_near_the_town(gp: Geoparser) -> None:
    # many Bohdanivkas: the one beside Kyiv (the city; the village is in the oblast)
    m = _get(gp.parse("Bohdanivka, Kyiv"), "Bohdanivka")
    assert km((50.45, 30.52), (m.lat, m.lon)) < 60


@pytest.mark.parametrize(("text", "town", "state"), [
    ("Gunmen ambushed police in Mier Tamaulipas, five dead", "Mier", "Tamaulipas"),
    ("Two bodies found on a hill outside Iguala Guerrero", "Iguala", "Guerrero"),
])
def test_a_town_and_its_state_without_a_comma(gp: Geoparser, text: str, town: str, state: str) -> None:
    ms = gp.parse(text)
    m = _get(ms, town)
    assert m.country_code == "MX" and m.kind == "city" and m.admin1 is not None and state in m.admin1


def test_an_arabic_article_is_no_place(gp: Geoparser) -> None:
    # "Al" alone is Ål in Norway: the article of a longer name is none
    ms = gp.parse("Shelling hit Al-Suwaidaa countryside and the town of Al-Bab.")
    assert all(m.country_code != "NO" for m in ms)
    assert _get(ms, "Al-Bab").country_code == "SY"


@pytest.mark.parametrize(("text", "surface", "cc"), [
    ("Paktya province", "Paktya", "AF"),  # GeoNames: Paktia
    ("Shells hit Deir Ezzor city overnight", "Deir Ezzor", "SY"),  # Deir ez-Zor
    ("Gunmen killed two guards in Deir Ezzor on Monday", "Deir Ezzor", "SY"),  # after "in" alone
])
def test_a_spelling_variant_with_a_cue_and_no_country_named(gp: Geoparser, text: str, surface: str, cc: str) -> None:
    m = _get(gp.parse(text), surface)
    assert m.country_code == cc and m.method == "fuzzy" and m.confidence < 0.7


def test_a_spelling_variant_several_countries_share_stays_unresolved(gp: Geoparser) -> None:
    # "Kale" folds to towns in Turkey, Greece, Myanmar and more: no guess without a country
    ms, un = gp.parse_detailed("Kale township")
    assert ms == [] and [u.surface for u in un] == ["Kale"]


def test_an_adjective_is_no_witness_against_a_city_by_another_name(gp: Geoparser) -> None:
    # "Hama" is another name of Ḩamāh (460,000 people): Iranian fighters do not move it
    m = _get(gp.parse("A rocket hit a base south of Hama, killing Iranian fighters."), "Hama")
    assert m.country_code == "SY"


def test_kosovo_is_a_country_and_blm_no_territory(gp: Geoparser) -> None:
    m = _get(gp.parse("Police and protesters clashed in northern Kosovo on Friday."), "Kosovo")
    assert m.kind == "country" and m.country_code == "XK"
    assert 41.8 < (m.lat or 0) < 43.3 and 20.0 < (m.lon or 0) < 21.8  # inside Kosovo
    ms = gp.parse("BLM supporters marched through Portland, Oregon.")
    assert all(m.country_code == "US" for m in ms)


# --- the hierarchy the text states decides between a near miss and the stated unit ----------

def _unknown(gp: Geoparser, text: str, name: str):  # type: ignore[no-untyped-def]
    ms, un = gp.parse_detailed(text)
    assert all(m.mention != name for m in ms), [(m.mention, m.name) for m in ms]
    [u] = [u for u in un if u.surface == name]
    return u


def test_a_near_miss_far_from_the_stated_lga_town_loses_to_the_unit(gp: Geoparser) -> None:
    # Kawo is a quarter of Kaduna; the only close spelling the bundled gazetteer holds is Kwoi,
    # a town of the same state some 130 km away in another LGA
    text = "Bandits raided Kawo village (Kaduna North LGA, Kaduna state) at night and took four residents."
    u = _unknown(gp, text, "Kawo")
    assert u.within is not None and u.within.name == "Kaduna" and u.within.kind == "city"


def test_a_near_miss_close_to_the_stated_town_still_stands(gp: Geoparser) -> None:
    # a misspelt Kafanchan next to Kagoro, 12 km away, is still read as Kafanchan
    m = _get(gp.parse("Bandits stormed Kafanchen village, near Kagoro, and took six people."), "Kafanchen")
    assert m.name == "Kafanchan" and m.method == "fuzzy"


def test_a_small_town_outside_the_stated_region_is_not_the_place(gp: Geoparser) -> None:
    # "Chiro" finds only Ciro, in another Ethiopian region: the text puts the town in Oromia
    u = _unknown(gp, "Gunmen killed two traders near Chiro town in West Hararghe zone, Oromia.", "Chiro")
    assert u.within is not None and u.within.name == "Oromia"
    # without a stated region the namesake stays
    assert _get(gp.parse("Protesters were shot dead in Ambo and Chiro."), "Chiro").country_code == "ET"


@pytest.mark.parametrize(("text", "name", "cc"), [
    ("Armed men killed a herder in Xyzbaru (Bauchi LGA, Bauchi state).", "Bauchi", "NG"),
    ("Soldiers repelled an attack on Douentza cercle (Mopti region).", "Douentza", "ML"),
])
def test_a_unit_below_a_state_named_after_its_seat_is_the_seat(gp: Geoparser, text: str, name: str,
                                                              cc: str) -> None:
    m = gp.parse(text)[0]
    assert (m.mention, m.kind, m.country_code) == (name, "city", cc)


def test_a_sub_county_is_read_as_a_unit_held_by_its_county(gp: Geoparser) -> None:
    text = "Cattle raiders killed three herders in Kapedo (Tiaty sub-county, Baringo county)."
    u = _unknown(gp, text, "Tiaty")
    assert u.kind == "region" and u.within is not None and u.within.name == "Baringo"


def test_a_french_name_joined_by_au_or_et_is_one_name(gp: Geoparser) -> None:
    for text in ("Gangs and police exchanged fire in Port-au-Prince on Monday.",
                 "Gangs and police exchanged fire in Port au Prince (Ouest) on Monday."):
        m = gp.parse(text)[0]
        assert (m.mention.replace("-", " "), m.country_code, m.kind) == ("Port au Prince", "HT", "city")


def test_a_unit_is_searched_for_before_the_name_it_holds(gp: Geoparser) -> None:
    # "Mahas" is also a Jordanian town and "Hiraan" is spelt "Hiiraan" in GeoNames: the region,
    # read first, puts the note in Somalia, and the Jordanian town goes
    ms, un = gp.parse_detailed("Militants ambushed a patrol near Aborey village (Mahas district, Hiraan region).")
    assert [(m.name, m.country_code) for m in ms] == [("Hiiraan", "SO")]
    assert {u.surface: u.country_code for u in un}["Aborey"] == "SO"


@pytest.mark.parametrize(("text", "cc"), [
    ("Teachers marched in Cordoba (Cordoba province) over pay.", "AR"),
    ("Nurses held a sit-in in Colombo (Colombo district, Western province).", "LK"),
])
def test_a_town_before_a_unit_of_its_own_name_is_that_units_seat(gp: Geoparser, text: str, cc: str) -> None:
    first, unit = gp.parse(text)[:2]
    assert (first.kind, first.country_code, unit.country_code) == ("city", cc, cc)


def test_a_rare_given_name_that_is_a_citys_own_name_is_the_city(gp: Geoparser) -> None:
    # Goma is also listed as a given name; as a city of 400,000 it needs no "in" before it
    assert _get(gp.parse("Rebel fighters seized Goma after a week of fighting."), "Goma").country_code == "CD"
    # but "the Duma" is a parliament, not Douma in Syria
    assert all(m.mention != "Duma" for m in gp.parse("The bill was sent back to the Duma on Friday."))


def test_an_armys_mixed_case_acronym_is_no_place(gp: Geoparser) -> None:
    ms = gp.parse("Jihadists ambushed a FAMa patrol near Douentza on Monday.")
    assert [(m.mention, m.country_code) for m in ms] == [("Douentza", "ML")]


def test_a_spelling_of_a_towns_own_name_survives_a_foreign_adjective(gp: Geoparser) -> None:
    # "Jenin" is an alternate spelling of Janin (same consonants): the Israeli army acts there
    m = _get(gp.parse("Israeli troops raided a refugee camp in Jenin at dawn."), "Jenin")
    assert m.country_code == "PS"


def test_a_name_before_a_group_noun_is_who_not_where(gp: Geoparser) -> None:
    # Fano is an Italian town of 60,000; "Fano militiamen" are Ethiopians in an Ethiopian town
    ms = gp.parse("Fano militiamen fought federal troops in Debre Tabor.")
    assert [m.country_code for m in ms] == ["ET"]


def test_a_unit_in_brackets_is_searched_in_the_country_of_the_name_it_holds(gp: Geoparser) -> None:
    # a US village named Canaan must not pull "Centre department" to a county in Pennsylvania
    ms = gp.parse("Canaan and Gran Grif gang members attacked farmers in Mirebalais (Centre department).")
    assert {(m.mention, m.country_code) for m in ms} == {("Mirebalais", "HT"), ("Centre", "HT")}


def test_the_tail_of_a_name_after_del_is_no_town(gp: Geoparser) -> None:
    ms = gp.parse("Troops killed two gunmen in Datu Piang (Maguindanao del Sur) on Tuesday.")
    assert [(m.mention, m.country_code) for m in ms] == [("Datu Piang", "PH")]
    assert _get(gp.parse("Protests spread to Ciudad del Este."), "Ciudad del Este").country_code == "PY"


@pytest.mark.parametrize(("text", "seat"), [
    ("Drones hit a farm in Kupianskyi raion, Kharkiv oblast.", "Kupyansk"),
    ("Two shells landed in Odeskyi raion overnight.", "Odesa"),  # not Ode, a Nigerian town
    ("Mortars hit a school in the Polohivskyi raion of Zaporizhzhia oblast.", "Polohy"),
])
def test_a_raion_named_by_its_seats_adjective_is_the_seat(gp: Geoparser, text: str, seat: str) -> None:
    m = gp.parse(text)[0]
    assert (m.name, m.country_code, m.kind) == (seat, "UA", "city")


def test_a_village_the_gazetteer_lacks_is_held_by_its_raion_seat(gp: Geoparser) -> None:
    # Robotyne is not in the bundled index; its nearest spelling, Rybotyn, is 500 km north
    ms, un = gp.parse_detailed("Shelling damaged houses in Robotyne (Polohivskyi raion, Zaporizhia).")
    assert all(m.name != "Rybotyn" for m in ms)
    assert {u.surface: u.within.name for u in un if u.within is not None}["Robotyne"] == "Polohy"
    # and the oblast after the unit word is found though spelt with one "zh"
    assert _get(ms, "Zaporizhia").country_code == "UA"


def test_a_foreign_name_written_apart_finds_its_solid_spelling(gp: Geoparser) -> None:
    m = _get(gp.parse("Militants overran a base in Ceel Dheer (Galguduud region)."), "Ceel Dheer")
    assert (m.name, m.country_code) == ("Ceeldheer", "SO")
    # English words are never joined ("Sunny Hills" is no Sunnyhills)
    assert all(m.country_code in ("US", None) for m in gp.parse("A fire hit the Sunny Hills flats in Texas."))


def test_the_head_of_a_persian_compound_is_no_town_of_its_own(gp: Geoparser) -> None:
    ms = gp.parse("Police posts were attacked in Qala-e-Zal district, Kunduz.")
    assert all(m.country_code == "AF" for m in ms)


def test_an_armed_groups_name_is_no_town_abroad(gp: Geoparser) -> None:
    # "Fano" is an Amhara militia in the events' table of armed groups, and a town in Italy
    ms = gp.parse("Fano and federal troops fought on the outskirts of Gondar (Amhara region).")
    assert all(m.country_code == "ET" for m in ms) and any(m.mention == "Gondar" for m in ms)
    assert _get(gp.parse("Tourists crowded the beach at Fano, Italy."), "Fano").country_code == "IT"
    # a place inside a group's longer name is embedded, not where it happened
    ms = gp.parse("Gunmen of the Sinaloa Cartel ambushed soldiers near Aguililla.")
    assert [m.mention for m in ms] == ["Aguililla"]


def test_a_peoples_name_before_a_group_noun_is_no_village(gp: Geoparser) -> None:
    # "Nuer" is only another name of a hamlet in China
    ms, _ = gp.parse_detailed("Nuer and Murle community leaders met at a church in Pibor town.")
    assert ms == []


def test_a_name_before_a_bracketed_unit_is_not_held_by_a_name_before_it(gp: Geoparser) -> None:
    ms = gp.parse("A mob burned homes of Christians in Jaranwala (Faisalabad district, Punjab).")
    assert [m.mention for m in ms] == ["Jaranwala", "Faisalabad", "Punjab"]


def test_a_capital_that_is_a_unit_of_its_own_stays_beside_its_island(gp: Geoparser) -> None:
    # Honiara is its own admin-1 unit in GeoNames, surrounded by Guadalcanal
    m = _get(gp.parse("Rioters stoned offices in Honiara (Guadalcanal) on Wednesday."), "Honiara")
    assert m.country_code == "SB" and m.kind == "city"


def test_a_square_in_a_country_with_no_town_named_is_the_capitals(gp: Geoparser) -> None:
    m = _get(gp.parse("Egyptian students filled Tahrir Square on Friday."), "Tahrir Square")
    assert (m.kind, m.country_code, m.alternatives[0].name) == ("landmark", "EG", "Cairo")
    # with no country at all it stays unplaced, and a town the text names still wins
    assert gp.parse("Crowds filled Tahrir Square on Friday.") == []
    m = _get(gp.parse("Egyptian students filled Tahrir Square in Alexandria."), "Tahrir Square")
    assert m.alternatives[0].name == "Alexandria"


def test_of_two_landmarks_of_one_name_the_capitals_is_meant() -> None:
    from geodata.places.gazetteer import Gazetteer

    gaz = Gazetteer(overrides="")
    gaz.add_override("Liberation Plaza", 30.044, 31.236, "EG", "landmark")  # in Cairo
    gaz.add_override("Liberation Plaza", 31.20, 29.92, "EG", "landmark")  # in Alexandria (listed first)
    m = _get(Geoparser(gaz).parse("Thousands marched on Liberation Plaza."), "Liberation Plaza")
    assert km((30.04, 31.24), (m.lat, m.lon)) < 5


def test_a_first_order_unit_misspelt_by_one_vowel_after_a_preposition(gp: Geoparser) -> None:
    m = _get(gp.parse("Farmers rallied in Khuzistan over water shortages."), "Khuzistan")
    assert (m.name, m.country_code, m.kind) == ("Khūzestān", "IR", "region")


def test_a_direction_word_is_a_place_when_the_text_names_its_holder(gp: Geoparser) -> None:
    m = _get(gp.parse("Riot police cleared roads in Central, Hong Kong, on Monday."), "Central")
    assert (m.country_code, m.kind) == ("HK", "city")
    assert all(m.mention != "Central" for m in gp.parse("Police cleared roads in Central on Monday."))


@pytest.mark.parametrize(("text", "name", "cc"), [
    ("Israeli soldiers carried out a raid on Tubas (Tubas governorate) before dawn.", "Tubas", "PS"),
    ("Azerbaijani troops shelled Jermuk overnight.", "Jermuk", "AM"),
])
def test_an_adjective_before_a_force_is_no_witness_against_a_small_town(gp: Geoparser, text: str, name: str,
                                                                       cc: str) -> None:
    # forces act abroad: "Israeli soldiers" say who raided, not which country the town is in
    assert _get(gp.parse(text), name).country_code == cc
