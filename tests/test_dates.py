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
