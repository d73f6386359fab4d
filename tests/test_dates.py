"""Dates relative to publication: every phrase pattern, in our own sentences."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.events.dates import find_dates
from geodata.events.extract import resolve_date

THU = date(2022, 1, 6)  # a Thursday


@pytest.mark.parametrize(
    ("phrase", "iso", "precision"),
    [
        ("Crowds massed in the square on Wednesday.", "2022-01-05", 1),
        ("Shops were looted late Sunday.", "2022-01-02", 1),
        ("Gunfire rang out in the early hours of Thursday.", "2022-01-06", 1),
        ("Police fired tear gas on Thursday.", "2022-01-06", 1),  # publication day itself
        ("Students rallied Monday night.", "2022-01-03", 1),
        ("The strike began last Thursday.", "2021-12-30", 1),  # "last": strictly before
        ("Protesters were detained yesterday.", "2022-01-05", 1),
        ("A rally is under way today.", "2022-01-06", 1),
        ("Cars burned overnight.", "2022-01-05", 1),
        ("Two days ago the road was blocked.", "2022-01-04", 1),
        ("Miners walked out last week.", "2021-12-29", 2),  # Wednesday of the previous week
        ("Vigils were held over the weekend.", "2022-01-01", 2),
        ("Earlier this month the price doubled.", "2022-01-03", 3),
        ("The decree was signed on January 5.", "2022-01-05", 1),
        ("The decree was signed on 5 January 2022.", "2022-01-05", 1),
        ("The decree was signed on Jan. 5.", "2022-01-05", 1),
        ("It happened on 2022-01-04.", "2022-01-04", 1),
        ("The town saw deadly unrest in 2011.", "2011-07-01", 3),
        ("Oil workers struck in December 2011.", "2011-12-15", 3),
        ("Services were down since Tuesday.", "2022-01-04", 1),
        ("By Wednesday the blackout was total.", "2022-01-05", 1),
    ],
)
def test_phrase_patterns(phrase, iso, precision):
    assert resolve_date(phrase, THU) == (iso, precision)


def test_since_marks_a_start():
    (hit,) = find_dates("Internet services were cut since Tuesday.", THU)
    assert hit.since and hit.iso == "2022-01-04"


def test_until_does_not_date_an_event():
    (hit,) = find_dates("The curfew was extended until 19 January.", THU)
    assert hit.until
    assert resolve_date("The curfew was extended until 19 January.", THU) == (None, 0)


def test_date_without_year_shortly_after_publication_is_future_not_last_year():
    (hit,) = find_dates("Unions plan a march on January 20.", THU)
    assert hit.future
    assert resolve_date("Unions plan a march on January 20.", THU) == (None, 0)


def test_date_without_year_long_after_publication_is_last_year():
    assert resolve_date("Fuel prices rose on November 3.", date(2022, 1, 6)) == ("2021-11-03", 1)


def test_month_and_year_of_publication_never_after_it():
    iso, prec = resolve_date("Protests erupted in January 2022.", THU)
    assert prec == 3 and iso <= THU.isoformat()
    iso, prec = resolve_date("Protests erupted in 2022.", THU)
    assert prec == 3 and iso <= THU.isoformat()


def test_future_year_is_not_resolved():
    assert resolve_date("Elections are due in 2024.", THU) == (None, 0)


def test_without_publication_only_absolute_dates():
    assert resolve_date("on Wednesday", None) == (None, 0)
    assert resolve_date("yesterday", None) == (None, 0)
    assert resolve_date("last week", None) == (None, 0)
    assert resolve_date("on January 5", None) == (None, 0)  # no year: unknown
    assert resolve_date("on 16 December 2011", None) == ("2011-12-16", 1)
    assert resolve_date("in 2011", None) == ("2011-07-01", 3)


def test_may_and_march_as_words_are_not_months():
    assert find_dates("Protesters may march again.", THU) == []


def test_finest_precision_wins_in_a_sentence():
    s = "The largest protests since 2011 erupted on Tuesday."
    assert resolve_date(s, THU) == ("2022-01-04", 1)


def test_relative_to_previous_sentence():
    (hit,) = find_dates("The following day, unrest spread.", None)
    assert hit.prev_delta == 1 and hit.iso is None


# Spans of days and named nights, weekends and weeks, as event descriptions write them.
SAT = date(2024, 6, 22)


@pytest.mark.parametrize(("phrase", "iso", "precision"), [
    ("Between 3 and 5 May 2024, raiders burned two hamlets.", "2024-05-03", 2),
    ("Sometime between 28 April and 2 May 2024, a clinic was looted.", "2024-04-28", 2),
    ("Overnight on 4-5 June 2024, a police post was overrun.", "2024-06-04", 1),
    ("On the night of 10-11 June 2024, shots were fired at a bus.", "2024-06-10", 1),
    ("On 4 and 5 June 2024, dockers stopped work.", "2024-06-04", 1),
    ("On the weekend of 15-16 June 2024, nurses marched.", "2024-06-15", 2),
    ("Over the weekend of 16 June 2024, nurses marched.", "2024-06-15", 2),  # a Sunday: its Saturday
    ("During the week of 10 June 2024, farmers blocked roads.", "2024-06-10", 2),
    ("From 1 to 20 May 2024, a siege went on.", "2024-05-01", 3),
    ("Between May 3 and 5, 2024, miners struck.", "2024-05-03", 2),
    ("On 29 December 2023 - 2 January 2024, a blockade held.", "2023-12-29", 2),
    ("Between 3 and 5 June, pupils boycotted classes.", "2024-06-03", 2),  # no year: before publication
    ("On or around 12 May 2024, a convoy was ambushed.", "2024-05-12", 1),
    ("Around 9 March 2024 (as reported), a pastor was abducted.", "2024-03-09", 1),
])
def test_spans_and_named_periods(phrase, iso, precision):
    assert resolve_date(phrase, SAT) == (iso, precision)


def test_a_backwards_span_is_no_span():
    hits = find_dates("On 5-3 May 2024 nothing happened.", SAT)
    assert all(h.text != "5-3 May 2024" for h in hits)


def test_overnight_beside_a_written_day_is_that_day():
    assert resolve_date("On 4 June 2024, gunmen raided a farm overnight.", SAT) == ("2024-06-04", 1)
    assert resolve_date("Gunmen raided a farm overnight.", SAT) == ("2024-06-21", 1)


@pytest.mark.parametrize(("phrase", "iso", "precision"), [
    ("On 15 June 2024 (week of), nurses picketed a hospital.", "2024-06-15", 2),
    ("On 15 May 2024 (month of), a trader was abducted.", "2024-05-15", 3),
    ("On 15 May 2024 (as reported), a trader was abducted.", "2024-05-15", 1),
])
def test_a_coders_qualifier_after_the_day(phrase, iso, precision):
    assert resolve_date(phrase, SAT) == (iso, precision)
