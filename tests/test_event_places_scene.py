"""Which named place is the act's: a country named only as the border the act was near, a
town named only as where a victim came from. Own-written sentences."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.model import Report
from geodata.pipeline import process_report

DAY = date(2024, 9, 3)


def _places(gazetteer, text: str) -> list[tuple[str | None, str | None]]:
    res = process_report(Report("r", text, DAY), gazetteer=gazetteer)
    return [(e.country_code, e.location) for e in res.events]


def test_border_country_is_not_the_scene_of_another_countrys_forces(gazetteer) -> None:
    got = _places(gazetteer, "Colombian soldiers killed four guerrillas near the Venezuela border on Monday")
    assert [cc for cc, _ in got] == ["CO"]


def test_border_with_a_list_of_countries(gazetteer) -> None:
    got = _places(gazetteer, "Hungarian police fired tear gas at migrants at the borders with Serbia and Croatia on Monday")
    assert [cc for cc, _ in got] == ["HU"]


def test_border_country_stays_when_it_is_all_there_is(gazetteer) -> None:
    got = _places(gazetteer, "Gunmen killed three herders near the Chad border on Monday")
    assert [cc for cc, _ in got] == ["TD"]


def test_hometown_of_a_victim_is_not_the_scene(gazetteer) -> None:
    got = _places(gazetteer, "An Ohio student was shot dead in Honduras on Monday")
    assert [cc for cc, _ in got] == ["HN"]


@pytest.mark.parametrize("text", [
    "Ohio students marched to the state capitol on Monday",  # no other place named
    "In Ohio, students were shot at on Monday",              # the place is a locative's
])
def test_a_place_before_people_stays_the_scene_otherwise(gazetteer, text: str) -> None:
    got = _places(gazetteer, text)
    assert got and all(cc == "US" for cc, _ in got)
