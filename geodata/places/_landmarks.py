"""Landmarks and town parts: squares, streets, buildings, campuses, police stations, districts.

Copy places events at "Independence Square", "the Interior Ministry", "the State University",
"the 75th Precinct" or "the Mirpur district of Dhaka". Such a name is a point inside a town:
it is never a namesake town elsewhere (Rampura, a district of Dhaka, is also another name of
Rangpur, 190 km away). :func:`find_landmarks` finds them in a text, with the town the text
states ("of Dhaka", "Dhaka's", "the capital's"); the geoparser then places each inside that
town, or the town of the scene.

>>> [(x.surface, x.town) for x in find_landmarks("Police cleared Independence Square.")]
[('Independence Square', None)]
>>> [(x.surface, x.name_start, x.town) for x in find_landmarks("clashes in the Mirpur district of Dhaka")]
[('Mirpur', 15, 'Dhaka')]
>>> [(x.surface, x.capital) for x in find_landmarks("in the capital's Rampura district")]
[('Rampura', True)]
>>> [x.surface for x in find_landmarks("outside the 75th Precinct and Precinct 12")]
['75th Precinct', 'Precinct 12']
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from geodata.places._lexicon import (
    FACILITY_HEADS,
    LANDMARK_HEADS,
    LANDMARK_PREFIXES,
    REGION_WORDS,
    TOWN_PART_WORDS,
)
from geodata.places._text import norm
from geodata.places._tokenize import _Span, _Tok
from geodata.places.gazetteer import CANONICAL, Gazetteer, Place

__all__ = ["Landmark", "facilities", "find_landmarks", "held_place", "keep_landmarks", "overlapping", "refuse_namesakes", "town_of"]

_NAME = r"[A-Z][\w’'-]*"
_NAMES = rf"{_NAME}(?:[ -]{_NAME}){{0,2}}"
_HEADS = "|".join(sorted((h.capitalize() for h in LANDMARK_HEADS), key=len, reverse=True))
_PARTS = "|".join(sorted(TOWN_PART_WORDS, key=len, reverse=True))
_PREFIXES = "|".join(sorted((h.capitalize() for h in LANDMARK_PREFIXES), key=len, reverse=True))
_TOWN = rf"(?P<town>{_NAME}(?: {_NAME})?)"
_NOT_ADMIN = "(?! (?:" + "|".join(sorted(REGION_WORDS)) + r")\b)"  # "of Kunduz province": admin units

# A name at a word boundary. ``[A-Z](?<!\w[A-Z])`` is ``\b[A-Z]`` written so that the
# pattern starts with a character class: the engine then skips to the capitals at C speed
# instead of trying the pattern at every position (the same matches).
_NAMES_AT = rf"[A-Z](?<!\w[A-Z])[\w’'-]*(?:[ -]{_NAME}){{0,2}}"

_PATTERNS = (
    # "the Mirpur district of Dhaka", "the Karrada neighbourhood of Baghdad"
    re.compile(rf"(?P<name>{_NAMES_AT}) (?P<part>{_PARTS}) (?:of|in) {_TOWN}\b{_NOT_ADMIN}"),
    # "the capital's Rampura district", "Dhaka's Gulshan area", "the city's Old Town quarter"
    re.compile(rf"(?:\b(?P<cap>capital|city)|{_TOWN})['’]s (?P<name>{_NAMES}) (?P<part>{_PARTS})\b"),
    # "the Karrada neighbourhood" (a neighbourhood, quarter or suburb is always a town part)
    re.compile(r"\bthe (?P<name>" + _NAMES + r") (?P<part>neighbou?rhood|suburb)\b"),
    # "the 75th Precinct", "Precinct 12", "Police Station No. 5", "the Gulshan police station"
    re.compile(r"\b(?P<name>\d+(?:st|nd|rd|th) (?:Police )?Precinct|Precinct (?:No\.? ?)?\d+"
               r"|[Pp]olice [Ss]tation (?:No\.? ?)?\d+)"),
    re.compile(rf"(?P<name>{_NAMES_AT}) (?P<part>[Pp]olice [Ss]tation)\b"),
    # "Independence Square", "the Interior Ministry", "the State University", "Liberty Avenue"
    re.compile(rf"(?P<name>{_NAMES_AT}) (?P<part>{_HEADS})\b"),
    # "Plaza Altamira", "Avenida Paulista", "Plaza de Mayo", "Rue de Rivoli", "Maidan Nezalezhnosti"
    re.compile(rf"\b(?P<name>(?P<part>{_PREFIXES}) (?:(?:de|del|da|do|di|des|du)(?: la| las| los| el)? )?{_NAMES})"),
    # "outside Parliament", "at City Hall", "the State House": a town's own seats of power
    re.compile(r"\b(?P<name>(?P<part>Parliament(?: House| Building)?|City Hall|Town Hall|State House"
               r"|Government House|National Assembly|Supreme Court|High Court|Central Bank))\b"),
    # "the Ministry of (the) Interior", "the University of Dhaka"
    re.compile(rf"\b(?P<part>University|Palace) of (?:the )?(?P<name>{_NAMES})"),
)


def _has(*words: str) -> Callable[[str], bool]:
    return lambda text: any(w in text for w in words)


def _found(rx: str) -> Callable[[str], bool]:
    return re.compile(rx).search  # type: ignore[return-value]  # a match or None


_PART_ENDS = tuple(TOWN_PART_WORDS)
_OF_IN = re.compile(r" (?:of|in) [A-Z]")


def _part_of_town(text: str) -> bool:
    return any(text.endswith(_PART_ENDS, 0, m.start()) for m in _OF_IN.finditer(text))


#: For each pattern, a cheap test that every text it matches passes (a necessary condition:
#: a keyword of the pattern, found at C speed), so that most texts run few of the patterns.
_GATES: tuple[Callable[[str], bool], ...] = (
    _part_of_town,
    _found(rf"['’]s {_NAMES} (?:{_PARTS})\b"),
    _has("neighbo", "suburb"),
    _has("Precinct", "olice station", "olice Station"),
    _has("olice station", "olice Station"),
    _found(rf"(?:{_HEADS})\b"),
    _found(rf"(?:{_PREFIXES}) "),
    _found(r"Parliament|City Hall|Town Hall|State House|Government House|National Assembly"
           r"|Supreme Court|High Court|Central Bank"),
    _has("University of ", "Palace of "),
)


@dataclass(frozen=True)
class Landmark:
    """A landmark or town part named in a text.

    ``start``/``end`` cover the mention: the name with its head for a landmark ("Independence
    Square", "Interior Ministry"), the proper name alone for a town part ("Mirpur" of "the
    Mirpur district"); ``name_start``/``name_end`` the proper name alone; ``town`` the town the
    text states for it and ``town_start`` where; ``capital`` when the text says "the capital's".
    """

    start: int
    end: int
    surface: str
    name_start: int
    name_end: int
    town: str | None = None
    town_start: int | None = None
    capital: bool = False
    part: bool = False  # a district, neighbourhood or police station, not a named building
    civic: bool = False  # a ministry, palace, embassy or campus (also the institution itself)
    locative: bool = False  # after a locative preposition ("outside the Interior Ministry")
    #: The town it lies in when the geoparser has already decided it (a namesake refused).
    scene: Place | None = None
    #: The gazetteer's reading of the name that was refused (a namesake town far away).
    namesake: Place | None = None


_CIVIC = frozenset("ministry palace embassy consulate university campus".split()) | {
    "parliament", "parliament house", "parliament building", "city hall", "town hall", "state house",
    "government house", "national assembly", "supreme court", "high court", "central bank"}
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:at|in|outside|inside|near|into|to|toward|towards|around|from|before|by|opposite"
    r"|stormed|attacked|besieged|occupied|surrounded|blockaded|torched|raided|entered|picketed)"
    r"(?: the)?(?: [a-z’']+'?s)? ?$")
_SPEAKS_AFTER = re.compile(r"[’']?s? (?:said|says|announced|told|stated|reported|denied|confirmed)\b")
_WINDOW = 80  # how far before a landmark its locative may stand
_SENTENCE = 2000  # how far a sentence boundary is looked for
_SKIP_FIRST = frozenset("The A An In At On Of And Or But For From To With By As".split())


def find_landmarks(text: str, *, gated: bool = True) -> list[Landmark]:
    """Landmarks and town parts in ``text``, in text order, none overlapping another
    (``gated=False`` runs every pattern, for tests: the same result)."""
    found: list[Landmark] = []
    taken: list[tuple[int, int]] = []  # sorted, none overlapping another
    for rx, gate in zip(_PATTERNS, _GATES, strict=True):
        if gated and not gate(text):
            continue
        for m in rx.finditer(text):
            ns, ne = m.span("name")
            words = text[ns:ne].split(" ")
            while words and words[0] in _SKIP_FIRST:
                ns += len(words.pop(0)) + 1
            if ns >= ne:
                continue
            part = m.groupdict().get("part") or ""
            whole = part and part.lower() not in TOWN_PART_WORDS and "police" not in part.lower()
            start = min(ns, m.start("part")) if whole else ns
            end = max(ne, m.end("part")) if whole else ne
            k = bisect.bisect_left(taken, (start, end))
            if (k > 0 and taken[k - 1][1] > start) or (k < len(taken) and taken[k][0] < end):
                continue
            town = m.groupdict().get("town")
            taken.insert(k, (start, end))
            found.append(Landmark(
                start, end, text[start:end], ns, ne, town,
                m.start("town") if town else None, bool(m.groupdict().get("cap")), not whole,
                part.lower() in _CIVIC, bool(_LOCATIVE_BEFORE.search(text, max(0, start - _WINDOW), start)),
            ))
    found.sort(key=lambda x: x.start)
    return found


_TOWN_POP = 50_000  # a stated "of Y" is a town (not a province) when Y can be a town this big
_HELD_KM = 30.0  # a gazetteer place of the landmark's name this close to its town is the landmark


def keep_landmarks(spans: list[_Span], marks: list[Landmark]) -> tuple[list[_Span], list[Landmark]]:
    """Settle landmarks against the gazetteer matches: which spans and landmarks stay.

    A town part ("the Mirpur district of Dhaka") removes every match inside its name: it is not
    a namesake town elsewhere. It is no town part when its stated "town" can only be a
    province ("the Imam Sahib district of Kunduz"): the hierarchy then reads as admin units.
    A named building or square gives way to a real place inside it ("University of Texas",
    "Kyiv Independence Square"): the place is reported as before.
    """
    drop: set[int] = set()
    kept: list[Landmark] = []
    for lm in marks:
        inside = overlapping(spans, lm.name_start, lm.name_end)
        if lm.part and lm.town and lm.town.rsplit(" ", 1)[-1].lower() in REGION_WORDS:
            continue  # "Karen State's Myawaddy district": an admin unit of a region
        if lm.part:
            town = next(iter(overlapping(spans, lm.town_start, lm.town_start + 1)), None) \
                if lm.town_start is not None else None
            if town is not None and not any(p.kind == "city" and p.population >= _TOWN_POP
                                            for p in town.cands):
                continue
            drop.update(id(s) for s in inside)
            kept.append(lm)
            continue
        if inside or (lm.civic and not lm.locative):
            continue  # "University of Texas": the place, as before; "the ministry said": no place
        drop.update(id(s) for s in inside)
        kept.append(lm)
    return [s for s in spans if id(s) not in drop], kept


def town_of(
    lm: Landmark, text: str, spans: list[_Span], gaz: Gazetteer, top_cc: str | None,
    towns: list[_Span] | None = None,
) -> Place | None:
    """The town a landmark lies in: the one the text states, the capital it means, or the
    town of the scene (a town named before it in its sentence, else the dateline's town, else
    the last town named before it in the document's main country, else the first town after it
    in its sentence; ``None`` when there is none)."""
    if lm.scene is not None:
        return lm.scene
    if lm.town_start is not None:
        for s in overlapping(spans, lm.town_start, lm.town_start + 1):
            if s.choice is not None:
                return s.choice
    if lm.capital:
        return gaz.capital(top_cc) if top_cc else None
    towns = towns if towns is not None else scene_towns(spans)
    k = bisect.bisect_right(towns, lm.start, key=lambda s: s.end)  # towns[:k] end before it
    sentence = max(text.rfind(c, max(0, lm.start - _SENTENCE), lm.start) for c in ".!?\n")
    if k and towns[k - 1].start > sentence:
        return towns[k - 1].choice  # a town of the same sentence
    dateline = _dateline_town(text, towns)
    if dateline is not None:
        return dateline.choice  # else the dateline's town
    # else the last town named in the document's main country (a digest of many countries
    # must not lend the last story's town); else the first town after, in the same sentence
    for q in range(k - 1, -1, -1):
        c = towns[q].choice
        if c is not None and c.country_code == top_cc:
            return c
    end = min((i for i in (text.find(c, lm.end, lm.end + _SENTENCE) for c in ".!?\n") if i >= 0),
              default=len(text))
    q = bisect.bisect_left(towns, lm.end, key=lambda s: s.start)
    return towns[q].choice if q < len(towns) and towns[q].start < end else None


def scene_towns(spans: list[_Span]) -> list[_Span]:
    """The towns a landmark may lie in, in text order (no adjective, no organisation's name)."""
    return [s for s in spans if s.choice is not None and s.choice.kind == "city"
            and not s.demonym and not s.embedded]


def _dateline_town(text: str, towns: list[_Span]) -> _Span | None:
    head = _DATELINE.match(text)
    if head is None or not towns or towns[0].start >= head.end() or text[: towns[0].start].strip():
        return None
    return towns[0]


def overlapping(spans: list[_Span], a: int, b: int) -> list[_Span]:
    """The spans (sorted, none overlapping another) that overlap ``[a, b)``."""
    k = max(0, bisect.bisect_right(spans, a, key=lambda s: s.start) - 1)
    out = []
    while k < len(spans) and spans[k].start < b:
        if a < spans[k].end:
            out.append(spans[k])
        k += 1
    return out


#: Words after a name that make it a part of a town whatever the gazetteer says ("the Rampura
#: neighbourhood"); "district" may also be an admin unit named after its seat ("the Kalale
#: district"), so a district keeps a reading the gazetteer holds under its own name.
_ALWAYS_PART = frozenset("neighbourhood neighborhood quarter suburb".split())
_SECTIONS = frozenset("PPLX ADM2 ADM3 ADM4".split())
_DATELINE = re.compile(r"\s*[A-Z][^\n,(]{0,40}?(?:,|\s\(|\s[-–—]+\s)")


def refuse_namesakes(
    text: str, toks: list[_Tok], spans: list[_Span], marks: list[Landmark], named: list[Landmark]
) -> tuple[list[_Span], list[Landmark]]:
    """Town parts and landmarks that resolution lent to a namesake far from the scene, turned
    back into landmarks inside the scene's town.

    "DHAKA - ... in the Rampura district" is a district of Dhaka, not Rangpur (190 km away,
    which GeoNames also calls Rampura); "Royal Street at Washington Square" in a report from
    New Orleans is not the square of that name in Philadelphia (``named``: every landmark
    the text names, also those a gazetteer match had displaced). The scene is the dateline's
    town, else the last town named before (the first after); without a dateline, a square or
    avenue moves only to a scene in its namesake's own country. A reading is kept when it lies
    within 30 km of the scene's town, or is a section or lower admin unit (PPLX, ADM2-4) of
    the scene's country, or, for a "district", is the place's own name (not another name) in
    the scene's country ("the Kalale district" of Benin is the district of Kalalé).
    """
    heads = {(lm.start, lm.end) for lm in named if not lm.part}
    towns = [s for s in spans if s.choice is not None and s.choice.kind == "city" and not s.demonym]
    dateline = _dateline_town(text, towns)
    drop: set[int] = set()
    out = list(marks)
    for s in spans:
        p = s.choice
        if p is None or s.fuzzy or s.embedded or s.demonym or p.kind not in ("city", "landmark"):
            continue
        nxt = toks[s.j + 1] if s.j + 1 < len(toks) else None
        word = nxt.low if nxt is not None and not nxt.cap and text[s.end : nxt.start] == " " else ""
        landmark = (s.start, s.end) in heads
        if word not in _ALWAYS_PART and word != "district" and not landmark:
            continue
        def other(t: _Span, s: _Span = s, p: Place = p) -> bool:
            return t is not s and t.choice is not None and t.choice.id != p.id

        scene = dateline if dateline is not None and other(dateline) else None
        if scene is None:
            k = bisect.bisect_right(towns, s.start, key=lambda t: t.end)
            scene = next((towns[q] for q in range(k - 1, -1, -1) if other(towns[q])), None) \
                or next((t for t in towns if other(t)), None)
        if scene is None or scene.choice is None:
            continue
        town = scene.choice
        if _km(p.lat, p.lon, town.lat, town.lon) <= _HELD_KM:
            continue
        if landmark and scene is not dateline and town.country_code != p.country_code:
            continue  # a square named after the last town abroad: too weak a scene
        if p.country_code == town.country_code and (
                p.feature_code in _SECTIONS or (word == "district" and p.flags & CANONICAL)):
            continue
        drop.add(id(s))
        part = not landmark
        out.append(Landmark(s.start, s.end, text[s.start : s.end], s.start, s.end, part=part,
                            scene=town, namesake=p))
    if not drop:
        return spans, marks
    out.sort(key=lambda x: x.start)
    return [s for s in spans if id(s) not in drop], out


def facilities(text: str, toks: list[_Tok], spans: list[_Span]) -> list[Landmark]:
    """Institutions named after their place, as landmarks inside it: "Dhaka University",
    "the University of Lagos", "Ohio State University", "Kano General Hospital". The place
    alone is an embedded mention (reported only on request); the institution is where
    things happen ("students at Dhaka University").
    """
    out: list[Landmark] = []
    n = len(toks)
    for s in spans:
        p = s.choice
        if not s.embedded or p is None or p.kind not in ("city", "region"):
            continue
        start, end = s.start, -1
        k = s.j + 1
        while k < n and k - s.j <= 3 and toks[k].cap and text[toks[k - 1].end : toks[k].start] == " ":
            if toks[k].low in FACILITY_HEADS:
                end = toks[k].end
                break
            k += 1
        if end < 0 and s.i >= 2 and toks[s.i - 1].low == "of" and toks[s.i - 2].low in FACILITY_HEADS \
                and toks[s.i - 2].cap:
            start, end = toks[s.i - 2].start, s.end
        if end < 0:
            continue
        locative = bool(_LOCATIVE_BEFORE.search(text, max(0, start - _WINDOW), start))
        if not locative and _SPEAKS_AFTER.match(text, end):
            continue  # "Dhaka University said": the institution, no place
        out.append(Landmark(start, end, text[start:end], s.start, s.end, civic=True,
                            locative=locative, scene=p))
    return out


def held_place(lm: Landmark, text: str, gaz: Gazetteer, town: Place) -> Place | None:
    """A gazetteer entry for the landmark itself near its town (a city district the index
    holds, or a landmark feature of a full GeoNames build)."""
    for key in (norm(text[lm.start : lm.end]), norm(text[lm.name_start : lm.name_end])):
        for p in gaz.lookup_many([key]).get(key, []):
            if p.kind in ("city", "landmark") and _km(p.lat, p.lon, town.lat, town.lon) <= _HELD_KM \
                    and p.id != town.id:
                return p
    return None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))
