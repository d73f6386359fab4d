"""The places modules' doctests run in the suite."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "geodata.places._landmarks",
    "geodata.places._text",
    "geodata.places._tokenize",
    "geodata.places.gazetteer",
    "geodata.places.geoparse",
    "geodata.places.resolve",
    "geodata.places.roles",
    "geodata.places._variants",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    mod = importlib.import_module(name)
    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert res.attempted > 0
    assert res.failed == 0
