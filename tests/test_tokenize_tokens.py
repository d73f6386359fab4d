"""The geoparser's tokenizer: tokens, offsets and flags, on sentences written here."""

from __future__ import annotations

from geodata.places._tokenize import _tokens


def _texts(text: str) -> list[str]:
    return [t.text for t in _tokens(text)]


def test_offsets_index_the_text() -> None:
    text = "  Crowds rallied in Côte d'Ivoire’s capital, near the U.S. embassy!\n\nMore later."
    toks = _tokens(text)
    assert [text[t.start : t.end] for t in toks] == [t.text for t in toks]
    assert [t.text for t in toks] == ["Crowds", "rallied", "in", "Côte", "d'Ivoire’s", "capital",
                                      "near", "the", "U.S.", "embassy", "More", "later"]


def test_dotted_abbreviations_and_apostrophes() -> None:
    assert _texts("N.Y. and S.Ct. and e.g. x") == ["N.Y.", "and", "S.Ct.", "and", "e.g.", "x"]
    assert _texts("rock'n'roll isn't 'quoted' o'") == ["rock'n'roll", "isn't", "quoted", "o"]
    # a digit starts a token but no abbreviation; an underscore starts none
    assert _texts("3.5 km _ab 2nd") == ["3", "5", "km", "ab", "2nd"]


def test_case_flags() -> None:
    toks = {t.text: t for t in _tokens("The UK's envoy met NATO and Nato staff in Kyiv")}
    assert toks["UK's"].cap and toks["UK's"].upper and toks["UK's"].low == "uk's"
    assert toks["NATO"].upper and not toks["Nato"].upper and toks["Nato"].cap
    assert not toks["envoy"].cap and not toks["envoy"].upper


def test_sentence_starts() -> None:
    toks = _tokens("Police came. Then: riots! “Calm” returned")
    starts = [t.text for t in toks if t.sentence_start]
    assert starts == ["Police", "Then", "riots", "Calm"]
    assert all(t.initial == t.sentence_start for t in toks)


def test_title_case_short_line_counts_as_initial_but_not_as_sentence_start() -> None:
    toks = _tokens("Protests Spread Across Northern Towns\nThe police said Salem was calm.")
    head = [t for t in toks if t.start < 37]
    assert all(t.initial for t in head)
    assert [t.text for t in head if t.sentence_start] == ["Protests"]
    body = [t for t in toks if t.start > 37]
    assert [t.text for t in body if t.initial] == ["The"]


def test_a_line_ending_with_a_period_or_in_lower_case_is_no_headline() -> None:
    for line in ("Protests Spread Across Northern Towns.\nx", "protests spread across northern towns\nx"):
        assert [t.text for t in _tokens(line) if t.initial] == [_texts(line)[0], "x"]
