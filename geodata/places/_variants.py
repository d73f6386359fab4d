"""Spelling variants of place names: one folded form for transliterations and misspellings.

Transliteration systems and careless copy spell one name many ways: j/zh/dzh (Zhambyl,
Jambyl, Dzhambul), kh/h (Khujand, Hujand), ou/u and oo/u (Oust, Nooristan), q/k and gh/g
(Qaraghandy, Karaganda), doubled letters, -iston/-stan (Tojikiston), the Russian -ov against
the Ukrainian and Belarusian -iv (Kharkov, Kharkiv), the Arabic feminine ending written
-a, -ah or -iyya/-iyah (Nassiriya, Nasiriyah; Falluja, Fallujah), and the Arabic article written
apart, joined or dropped (Deir ez-Zor, Deir Ezzor). :func:`fold` maps them to one form; the
geoparser compares folded forms with an edit ratio, so a dropped vowel still comes close.

>>> fold("zhambyl") == fold("dzhambyl") == fold("jambyl")
True
>>> fold("kharkov") == fold("kharkiv"), fold("deir ez zor") == fold("deir ezzor")
(True, True)
>>> fold("nassiriya") == fold("an nasiriyah"), fold("falluja") == fold("fallujah")
(True, True)
>>> fold("qaraghandy"), fold("karaganda")
('karagandi', 'karaganda')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["fold", "fold_many"]

_ARTICLE = re.compile(r"\b(?:(?:al|el|ez|es|ed|ad|ar|ash|as|az|at|an|ul|ud)\s+(?=\w)|[ae]([zsdrtn])(?=\1))")
_PAIRS = (
    ("dzh", "j"), ("zh", "j"), ("dj", "j"), ("kh", "h"), ("gh", "g"), ("q", "k"), ("ck", "k"),
    ("ph", "f"), ("sch", "sh"), ("tch", "sh"), ("ch", "sh"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("w", "v"),
    ("y", "i"), ("x", "ks"), ("c", "k"),
)
_DOUBLE = re.compile(r"(\w)\1+")
_ENDINGS = ((re.compile(r"iston\b"), "stan"), (re.compile(r"(?<=\w\w)iv\b"), "ov"),
            (re.compile(r"(?<=\w\w)ev\b"), "ov"), (re.compile(r"iia\b"), "ia"),
            (re.compile(r"(?<=\w\w)ah\b"), "a"))


@lru_cache(maxsize=100_000)
def fold(key: str) -> str:
    """The folded form of a normalised name (see the module docstring)."""
    return _fold_text(key)


def fold_many(keys: Sequence[str]) -> list[str]:
    """:func:`fold` of each key (the same strings), in one pass over them all: the keys are
    joined with NUL, which none of the patterns matches, crosses or sees as a word character.

    >>> fold_many(["dzhambyl", "deir ez zor", "kharkiv"]) == [fold("dzhambyl"), fold("deir ez zor"), fold("kharkiv")]
    True
    """
    joined = "\x00".join(keys)
    if not keys or joined.count("\x00") != len(keys) - 1:
        return [fold(k) for k in keys]
    return _fold_text(joined).split("\x00")


def _fold_text(s: str) -> str:
    s = _ARTICLE.sub("", s)
    for a, b in _PAIRS:
        s = s.replace(a, b)
    s = _DOUBLE.sub(r"\1", s)
    for rx, b in _ENDINGS:
        s = rx.sub(b, s)
    return s.replace(" ", "")
