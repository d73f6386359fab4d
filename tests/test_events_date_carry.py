"""The day an undated sentence takes (our own sentences about well-known places): a sentence
going on in a paragraph keeps the paragraph's last day even when one of its towns was dated
earlier in the report; only a sentence that fronts a town dated before ("In A, ...") goes back
to that town's day."""

from __future__ import annotations

from datetime import date

from geodata.model import Event, Report
from geodata.pipeline import process_report


def _events(gp, text: str, published: date) -> list[Event]:
    return process_report(Report("carry", text, published), geoparser=gp).events


def test_an_undated_sentence_going_on_in_a_paragraph_keeps_the_paragraphs_day(gp) -> None:
    text = ("NAIROBI, June 27 (Wire) - Police fired tear gas at protesters in Kisumu on Monday night.\n"
            "Parliament was adjourned and on Wednesday crowds set fire to a police station in Nakuru. "
            "Looters ransacked shops in Kisumu and Eldoret.")
    looting = [e for e in _events(gp, text, date(2024, 6, 27)) if e.location in ("Kisumu", "Eldoret")
               and "tear gas" not in e.notes]
    assert looting and {e.event_date for e in looting} == {"2024-06-26"}


def test_a_fronted_town_dated_before_keeps_its_own_day(gp) -> None:
    text = ("NAIROBI, June 27 (Wire) - Police fired tear gas at protesters in Kisumu on Monday night.\n"
            "On Wednesday crowds set fire to a police station in Nakuru. In Kisumu shops were looted in the city centre.")
    kisumu = [e for e in _events(gp, text, date(2024, 6, 27)) if e.location == "Kisumu"]
    assert [e.event_date for e in kisumu] == ["2024-06-24"]
