"""Landmark finding with keyword gates: the same landmarks as running every pattern."""

from __future__ import annotations

import pytest

from geodata.places._landmarks import _GATES, _PATTERNS, find_landmarks

# One sentence (written here) per landmark pattern, in the order of the patterns.
_ONE_EACH = [
    "Shops stayed shut in the Banani area of Dhaka after the strike.",
    "Crowds gathered in the city's Old Town quarter before dusk.",
    "Youths threw stones in the Soweto Heights suburb on Monday.",
    "Two men were held at the 41st Precinct overnight.",
    "Villagers marched to the Sadar police station at noon.",
    "Workers rallied outside the Finance Ministry on Friday.",
    "Teachers blocked Avenida da Liberdade for an hour.",
    "Farmers drove tractors to City Hall in the morning.",
    "Students occupied the University of Jos library.",
]


def _rows(text: str, gated: bool) -> list[tuple[object, ...]]:
    return [tuple(vars(x).values()) for x in find_landmarks(text, gated=gated)]


@pytest.mark.parametrize("k", range(len(_ONE_EACH)))
def test_each_pattern_passes_its_gate_and_finds_its_landmark(k: int) -> None:
    text = _ONE_EACH[k]
    assert _PATTERNS[k].search(text), "the sentence exercises its pattern"
    assert _GATES[k](text)
    assert _rows(text, True) == _rows(text, False) != []


def test_all_sentences_together_give_what_every_pattern_gives() -> None:
    text = " ".join(_ONE_EACH)
    got = _rows(text, True)
    assert got == _rows(text, False)
    assert len(got) >= len(_ONE_EACH)


def test_text_without_keywords_skips_every_pattern() -> None:
    text = "Protesters in Lagos and Abuja demanded lower fuel prices on Tuesday."
    assert not any(gate(text) for gate in _GATES)
    assert find_landmarks(text) == find_landmarks(text, gated=False) == []


def test_a_name_starts_at_a_word_boundary() -> None:
    # 'xLiberty' is no name: the landmark is not read from inside a word
    assert [x.surface for x in find_landmarks("a sign at xLiberty Square")] == []
    assert [x.surface for x in find_landmarks("a sign at Liberty Square")] == ["Liberty Square"]
    assert [x.surface for x in find_landmarks("Liberty Square filled up")] == ["Liberty Square"]
