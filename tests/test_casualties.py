"""Casualty counts in digits and words, in our own sentences."""

from __future__ import annotations

import pytest

from geodata.events.extract import parse_casualties, parse_number


@pytest.mark.parametrize(
    ("sentence", "fatalities"),
    [
        ("At least 14 dockers were killed when police fired.", 14),
        ("Eight members of the security forces were killed in the fighting.", 8),
        ("Two police officers died of their wounds.", 2),
        ("A protester was killed near the bridge.", 1),
        ("Police opened fire, killing a student.", 1),
        ("Twenty-five people were killed.", 25),
        ("More than 2,000 people died in the famine.", 2000),
        ("Dozens were killed in the raid.", 12),
        ("Several people died.", 3),
        ("Clashes left 3 dead and 40 wounded.", 3),
        ("Eight police officers and 12 protesters were killed.", 20),  # one verb: added up
        ("Officials said 10 people were killed; activists put the death toll at 30.", 10),  # lowest
        ("No one was killed, but 20 were injured.", 0),
        ("There were no casualties.", 0),
        ("A 25-year-old man was shot dead.", 1),  # the age is not a count
        ("In 2011, 14 were killed in the town.", 14),  # the year is not a count
    ],
)
def test_fatalities(sentence, fatalities):
    assert parse_casualties(sentence)["fatalities"] == fatalities


@pytest.mark.parametrize(
    ("sentence", "injuries"),
    [
        ("Hundreds more were injured.", 100),
        ("Dozens were hurt in the stampede.", 12),
        ("Nearly 60 people were injured at the rally.", 60),
        ("The blast killed two and wounded eleven.", 11),
    ],
)
def test_injuries(sentence, injuries):
    assert parse_casualties(sentence)["injuries"] == injuries


@pytest.mark.parametrize(
    ("sentence", "arrests"),
    [
        ("Police arrested more than 2,000 people.", 2000),
        ("Some 300 demonstrators were detained.", 300),
        ("Four people died, and twenty-five were arrested.", 25),
    ],
)
def test_arrests(sentence, arrests):
    assert parse_casualties(sentence)["arrests"] == arrests


def test_no_figure_is_none_not_zero():
    c = parse_casualties("There were no similar reports of injuries or deaths among the protesters.")
    assert c["fatalities"] is None and c["injuries"] is None


def test_numbers_without_casualty_verbs_are_not_casualties():
    c = parse_casualties("Militants attacked 500 civilians and looted hundreds of shops.")
    assert c == {"fatalities": None, "injuries": None, "arrests": None, "cumulative": False, "victims": None,
                 "total_at": None}


@pytest.mark.parametrize(
    "sentence",
    [
        "The death toll has risen to 225 so far.",
        "In total, 164 people have died.",
        "At least 40 people have been killed this week.",
        "Since the unrest began, 3,000 people have been detained.",
        "Seven people were killed in the violence, police said.",
    ],
)
def test_cumulative_tolls_are_flagged(sentence):
    assert parse_casualties(sentence)["cumulative"] is True


def test_toll_of_a_named_day_is_not_cumulative():
    assert parse_casualties("Three people were killed in the clashes on Tuesday.")["cumulative"] is False


def test_victims():
    assert parse_casualties("Two police officers died.")["victims"] == "security"
    assert parse_casualties("Three protesters were shot dead.")["victims"] == "protesters"
    assert parse_casualties("Four villagers were killed.")["victims"] == "civilians"


@pytest.mark.parametrize(("phrase", "value"), [
    ("at least 14", 14), ("eight", 8), ("twenty five", 25), ("two hundred", 200), ("a dozen", 12),
    ("hundreds", 100), ("thousands", 1000), ("several", 3), ("1,250", 1250),
])
def test_parse_number(phrase, value):
    assert parse_number(phrase) == value


@pytest.mark.parametrize("sentence", [
    "Police said 1234567890 people were arrested.",
    "Officials said 12,000,001 protesters were detained.",
    "A run of " + "7" * 5000 + " people were killed, the garbled copy said.",
])
def test_unreadable_figures_are_not_stored(sentence):
    cas = parse_casualties(sentence)
    assert cas["fatalities"] is None and cas["arrests"] is None


def test_the_largest_readable_figure_is_kept():
    assert parse_casualties("Officials said 10,000,000 people were detained.")["arrests"] == 10_000_000
    assert parse_number("999999999") is None
    assert parse_number("9,999,999") == 9_999_999


def test_the_killing_of_one_person_is_one_death():
    assert parse_casualties("A group claimed the killing of a journalist in the port city.")["fatalities"] == 1


# Coder-note closers and forms (our own sentences in the style of event descriptions).
@pytest.mark.parametrize(("sentence", "fatalities", "injuries"), [
    ("Fatalities: 4.", 4, None),
    ("Fatalities: 0.", 0, None),
    ("Injuries: 7.", None, 7),
    ("There were no reported fatalities.", 0, None),
    ("No injuries or fatalities were reported.", 0, 0),
    ("No deaths and no injuries were recorded.", 0, 0),
    ("Fatalities unknown.", None, None),
    ("[size=around 300]", None, None),
])
def test_coder_note_closers(sentence, fatalities, injuries):
    cas = parse_casualties(sentence)
    assert (cas["fatalities"], cas["injuries"]) == (fatalities, injuries)


@pytest.mark.parametrize(("sentence", "field", "value"), [
    ("Bandits shot dead a herder and his brother near the river.", "fatalities", 2),
    ("Soldiers wounded a trader and her daughter at the checkpoint.", "injuries", 2),
    ("Police arrested a journalist and his driver on the highway.", "arrests", 2),
    ("Bandits shot dead a herder near the river.", "fatalities", 1),
    ("Raiders killed a village head and his nephew.", "fatalities", 2),
    ("Raiders shot a shopkeeper in the head.", "fatalities", None),
])
def test_two_singular_victims_of_an_active_verb(sentence, field, value):
    assert parse_casualties(sentence)[field] == value


def test_the_day_numbers_of_a_span_are_no_count():
    cas = parse_casualties("Between 3 and 6 April 2023, raiders killed 9 villagers.")
    assert cas["fatalities"] == 9


def test_a_killing_named_as_the_cause_is_no_toll():
    assert parse_casualties("Youths angry over the army killing of a herder burned tyres.")["fatalities"] is None
    assert parse_casualties("Pupils marched after the killing of a teacher.")["fatalities"] is None
    assert parse_casualties("Soldiers fired at protesters killing a student.")["fatalities"] == 1


@pytest.mark.parametrize(("sentence", "fatalities", "injuries", "arrests"), [
    ("Raiders killed 4 herders and 3 traders near the well.", 7, None, None),
    ("Police shot dead 2 men in Kano and 1 in Zaria.", 3, None, None),
    ("Insurgents killed 9 soldiers and 2 civilians, and wounded 5.", 11, 5, None),
    ("Soldiers killed 20 fighters and arrested 6.", 20, None, 6),
    ("Gunmen killed 6 people and 11 were injured.", 6, 11, None),
    ("Gunmen killed 8 people, including 3 children.", 8, None, None),
])
def test_the_object_list_of_an_active_verb_adds_up(sentence, fatalities, injuries, arrests):
    cas = parse_casualties(sentence)
    assert (cas["fatalities"], cas["injuries"], cas["arrests"]) == (fatalities, injuries, arrests)


def test_the_coders_figure_for_an_unknown_toll():
    assert parse_casualties("An unknown number of villagers were killed; fatalities coded as 10.")["fatalities"] == 10
    assert parse_casualties("Fatalities coded as 10.")["fatalities"] == 10
    assert parse_casualties("Deaths were estimated at 40.")["fatalities"] == 40
