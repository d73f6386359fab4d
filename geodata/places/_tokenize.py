"""Tokens and name spans: the geoparser's working units (see :mod:`geodata.places.geoparse`).

>>> [t.text for t in _tokens("Riots in St. Louis, Mo.")]
['Riots', 'in', 'St', 'Louis', 'Mo']
>>> _initials("kyzylorda")
'cghkq'
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from dataclasses import dataclass, field

from geodata.model import Candidate
from geodata.places._lexicon import TITLES
from geodata.places.gazetteer import Place

#: A token: a dotted abbreviation ("U.S.", "N.Y.", "S.Ct."), else a word with its inner
#: apostrophes ("d'Ivoire", "Nation's"). Written to start with a character class (the
#: engine skips to it at C speed) and with single-character repeats; one capturing group, for
#: :func:`re.split`.
_TOKEN = re.compile(r"([^\W_](?:(?<=[^\W\d_])\.(?:[^\W\d_]\.)+|(?<=[^\W\d_])\.[^\W\d_]{1,3}\.|\w*(?:['’]\w+)*))")
_POSSESSIVE = re.compile(r"['’]s$|s['’]$", re.IGNORECASE)
_SENT_END = set(".!?\n")
_OPENERS = set("\"'“‘«([")
_MAX_NGRAM = 6


@dataclass(frozen=True)
class Unresolved:
    """A name the context calls a place that the gazetteer could not place."""

    start: int
    end: int
    surface: str
    kind: str
    country_code: str | None
    #: The most precise unit the text states around it that the gazetteer knows ("X village
    #: (District, Region)" with X unknown: the district), for placing an event at precision 2/3.
    within: Candidate | None = None


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    low: str
    cap: bool
    upper: bool
    initial: bool  # starts a sentence, or stands on a headline-like line
    sentence_start: bool = False  # really starts a sentence


@dataclass
class _Span:
    i: int  # first token
    j: int  # last token (inclusive)
    start: int
    end: int
    key: str
    cands: list[Place]
    fuzzy: bool = False
    fuzzy_score: float = 100.0
    loose: bool = False  # a near miss that only a preposition or a list calls a place
    embedded: bool = False
    demonym: bool = False
    cue_region: bool = False
    cue_city: bool = False
    container: _Span | None = None
    choice: Place | None = None
    scores: list[tuple[float, Place]] = field(default_factory=list)
    priors: list[tuple[float, Place]] = field(default_factory=list)



_START = re.compile(r"(?:^|[.!?\n:;•*–—|]|(?<=\s)-)[\s\"'“‘«(\[]*")


def _is_caps(t: str) -> bool:
    """All in capitals, a possessive aside ("UK's" is UK)."""
    if t[-1] in "sS" and len(t) > 2 and t[-2] in "'’":
        t = t[:-2]
    return len(t) > 1 and t.isupper()


def _tokens(text: str) -> list[_Tok]:
    # One split gives the tokens and the gaps between them, alternately; their running
    # lengths give every offset. Each per-token value is computed by a C-level map.
    parts = _TOKEN.split(text)
    ends = list(itertools.accumulate(map(len, parts)))
    words = parts[1::2]
    n = len(words)
    starts = ends[0 : 2 * n : 2]
    caps = list(map(str.isupper, map(_first, words)))
    uppers = [c and _is_caps(w) for c, w in zip(caps, words, strict=True)]
    sentence = list(map({m.end() for m in _START.finditer(text)}.__contains__, starts))
    initial = _headlines(text, starts, words, caps, sentence)
    return list(map(_Tok, starts, ends[1::2], words, map(str.lower, words), caps, uppers, initial, sentence))


_first = operator.itemgetter(0)


def _headlines(text: str, starts: list[int], words: list[str], caps: list[bool], initial: list[bool]) -> list[bool]:
    """``initial`` with the tokens of every short line written in title case set (they count
    as sentence-initial); the list itself when there is none."""
    out = initial
    pos, size = 0, len(text)
    while pos < size:
        nl = text.find("\n", pos)
        end = size if nl < 0 else nl
        if 0 < end - pos < 160 and not text[pos:end].rstrip().endswith("."):
            lo = bisect.bisect_left(starts, pos)
            hi = bisect.bisect_left(starts, end, lo)
            long = [k for k in range(lo, hi) if len(words[k]) > 3]
            if len(long) >= 3 and sum(1 for k in long if caps[k]) >= 0.7 * len(long):
                if out is initial:
                    out = initial.copy()
                out[lo:hi] = [True] * (hi - lo)
        if nl < 0:
            break
        pos = nl + 1
    return out


_CONTRACTION = re.compile(r"['’](?:ve|ll|re|d|m|t)$", re.IGNORECASE)


_SURNAME_END = re.compile(r"(?:ov|ev|yev|ova|eva|enko|vich|ovic|sson|ski|sky|yan|shvili|dze|oglu)$")


# Letters that transliterations swap at the start of a name (Kyzylorda/Qyzylorda,
# Zhambyl/Jambyl/Dzhambul, Khujand/Hujand, Chimkent/Shymkent, Ust/Oust).
_INITIAL_CLASSES = ("kqcg", "zjdy", "hk", "cs", "aeiouy", "vwb", "fp", "tc")


def _initials(key: str) -> str:
    """Initial letters a near-miss spelling of ``key`` may start with."""
    c = key[:1]
    out = {c}
    for cls in _INITIAL_CLASSES:
        if c in cls:
            out.update(cls)
    return "".join(sorted(out))


def _cannot_start(t: _Tok) -> bool:
    """A token that cannot start a place name: a contraction (I've) or a title (Dr)."""
    return bool(_CONTRACTION.search(t.text)) or t.low.rstrip(".") in TITLES


def _container_follows(text: str, toks: list[_Tok], j: int) -> bool:
    """Whether a capitalised name follows token ``j`` after a comma: "X, Y" ("Pacific, Mo.")."""
    return text[toks[j].end : toks[j].end + 2] == ", " and j + 1 < len(toks) and toks[j + 1].cap


def _gap_ok(text: str, a: _Tok, b: _Tok) -> bool:
    """Whether two tokens can belong to one name: only a space or hyphen between them, or the
    period of a short abbreviation ("St. Louis", "Ft. Worth")."""
    gap = text[a.end : b.start]
    if len(gap) <= 2 and all(c in " -" for c in gap):
        return True
    return gap == ". " and a.cap and len(a.text) <= 3 and not a.upper
