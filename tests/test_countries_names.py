"""The table of English country names in geodata.places.countries."""

from __future__ import annotations

from geodata.places.countries import country_names, name_to_iso


def test_every_name_and_alias_is_listed_normalised() -> None:
    names = country_names()
    assert names["kosovo"] == "XK"
    assert names["democratic republic of the congo"] == "CD"
    assert names["cote divoire"] == "CI"  # an alias, accents and apostrophe gone
    assert all(n == n.casefold().strip() for n in names)
    assert all(name_to_iso(n) == c for n, c in names.items())


def test_the_table_is_a_copy() -> None:
    country_names()["atlantis"] = "ZZ"
    assert "atlantis" not in country_names()
