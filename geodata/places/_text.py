"""Text normalisation shared by the gazetteer build and the geoparser.

One function, :func:`norm`, maps every spelling variant of a name to one key: case, diacritics,
hyphens and spaces, apostrophes and dotted abbreviations are folded, and the few Latin letters
that Unicode does not decompose (ı, ø, ł, đ, ß, æ, œ, þ) are spelled out.

>>> norm("Aqtöbe") == norm("AQTOBE") == "aqtobe"
True
>>> norm("Alma-Ata"), norm("Novyy Uzen'"), norm("St. Louis"), norm("U.S.")
('alma ata', 'novyy uzen', 'st louis', 'us')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["fold", "norm", "script_ok", "skeleton", "skeletons"]

_SPECIAL = str.maketrans(
    {
        "ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe",
        "þ": "th", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k", "ŋ": "n", "ə": "a", "ё": "е",
        "й": "и",
    }
)
_APOS = re.compile(r"[\u0027\u2018\u2019\u02bc\u02bb\u02be\u02bf\u0060\u00b4\u2032\u201b]")
_DOTTED = re.compile(r"\b(?:\w\.){2,}")
_SEP = re.compile(r"[\s\-\u2010-\u2015\u00ad_/.,()]+")


def fold(s: str) -> str:
    """Lower-case and strip diacritics, keep punctuation (for display-insensitive compares)."""
    s = unicodedata.normalize("NFKD", s.casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.translate(_SPECIAL)


@lru_cache(maxsize=200_000)
def norm(s: str) -> str:
    """The lookup key of a name (see the module docstring)."""
    s = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), s)
    s = _APOS.sub("", fold(s))
    s = _SEP.sub(" ", s)
    return s.strip()


_OK_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def script_ok(s: str) -> bool:
    """True when every letter of ``s`` is Latin, Cyrillic or Greek (the scripts indexed)."""
    for c in s:
        if c.isalpha():
            name = unicodedata.name(c, "")
            if not name.startswith(_OK_SCRIPTS):
                return False
    return True


_VOWELS = re.compile(r"[aeiouy\s]+")


def skeleton(key: str) -> str:
    """Consonants of a normalised name, first letter kept.

    Transliteration mostly changes vowels, so near-miss spellings share a skeleton:

    >>> skeleton("zhanaozen"), skeleton("zhanuzin")
    ('zhnzn', 'zhnzn')
    """
    return key[:1] + _VOWELS.sub("", key[1:])


def skeletons(keys: Sequence[str]) -> list[str]:
    """:func:`skeleton` of each key (the same strings), in one pass over them all: the keys
    are joined with NUL, which the vowel pattern neither matches nor crosses.

    >>> skeletons(["zhanaozen", "al kut", "a", ""]) == [skeleton(k) for k in ["zhanaozen", "al kut", "a", ""]]
    True
    """
    rest = "\x00".join(k[1:] for k in keys)
    if not keys or rest.count("\x00") != len(keys) - 1:
        return [skeleton(k) for k in keys]
    return [k[:1] + r for k, r in zip(keys, _VOWELS.sub("", rest).split("\x00"), strict=True)]
