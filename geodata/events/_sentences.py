"""Sentence splitting for wire copy, with character offsets.

A line break always ends a sentence (headlines and bylines stand alone). Inside a line, a
sentence ends at ``.``, ``!`` or ``?`` (and any closing quotes or brackets) followed by space
and a capital, a digit or an opening quote, unless the word before the period is an
abbreviation ("Jan.", "Gen.", "U.S.") or a single initial.

>>> text = "Police fired tear gas in Jan. 2022. Protesters fled.\\nHeadline"
>>> [text[a:b] for a, b in split_sentences(text)]
['Police fired tear gas in Jan. 2022.', 'Protesters fled.', 'Headline']
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "maj", "brig", "adm",
    "st", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "no", "nos", "inc", "ltd", "co", "corp", "vs", "v", "u.s", "u.n", "u.k",
    "e.g", "i.e", "approx", "gov", "sen", "rep", "pres", "rev", "dept", "est", "fig",
    "jr", "sr", "govt", "al", "op", "cf", "sq", "ave", "blvd", "rd", "km", "mln", "bn",
}
_END_RX = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9\u00C0-\u024F\u0400-\u04FF])")
_WORD_BEFORE_RX = re.compile(r"([\w.]+)$")
#: Longer than any abbreviation: a longer word before a stop is never one.
_WORD_MAX = 12


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the sentences of ``text``, whitespace trimmed.

    Parameters
    ----------
    text
        Report text; offsets index into it as given.

    Returns
    -------
    list of tuple
        One ``(start, end)`` per non-empty sentence, in order; ``text[start:end]`` is the
        sentence.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start = pos
        pos += len(line)
        body = line.rstrip("\r\n")
        start = 0
        for m in _END_RX.finditer(body):
            dot = m.start()
            # (the few characters before the stop, not the whole line: linear in the line)
            wm = _WORD_BEFORE_RX.search(body, max(start, dot - _WORD_MAX), dot)
            word = wm.group(1).lower().rstrip(".") if wm else ""
            if body[m.start()] == "." and (word in _ABBREV or (len(word) == 1 and word.isalpha())):
                continue
            _add(spans, text, line_start + start, line_start + m.end())
            start = m.end()
        _add(spans, text, line_start + start, line_start + len(body))
    return spans


def _add(spans: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))
