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


def test_a_day_without_its_year_takes_the_year_of_the_notes_full_date() -> None:
    from geodata.events.extract import extract
    from geodata.model import Mention

    def run(text: str, published: date) -> list[tuple[str, str | None]]:
        ms, i = [], 0
        while (j := text.find("Gao", i)) >= 0:
            ms.append(Mention("r", "Gao", j, j + 3, "Gao", 2457163, 16.27, -0.04, "ML", "Gao", "city", confidence=0.9))
            i = j + 1
        return [(e.event_type, e.event_date) for e in extract(Report("r", text, published), ms).events]

    note = "On 3 March 2024, gunmen attacked a village near Gao, killing 4. On 6 March, soldiers arrested two suspects in Gao."
    # coded long after: the bare day is in 2024, not in the year before publication
    assert run(note, date(2025, 11, 30)) == [("Violence against civilians", "2024-03-03"), ("Strategic developments", "2024-03-06")]
    # published days later (wire copy): the same
    assert run(note, date(2024, 3, 8))[1] == ("Strategic developments", "2024-03-06")
    # a weekday still counts back from publication
    weekday = note.replace("On 6 March", "On Tuesday")
    assert run(weekday, date(2025, 11, 30))[1] == ("Strategic developments", "2025-11-25")
