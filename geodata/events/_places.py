"""Where a sentence's events happened: labels of its mentions (event place, a commentator's
seat, a speaking government, an origin), its own places, datelines and unresolved names."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

from geodata.events._cues import (
    ATTRIB_BEFORE_RX,
    BASED_AFTER_RX,
    COUNTRY_ACTOR_AFTER_RX,
    LIST_TAIL_RX,
    LOCATIVE_BEFORE_RX,
    NEAR_BEFORE_RX,
    ORIGIN_BEFORE_RX,
    REFERENCE_BEFORE_RX,
    SEAT_BEFORE_RX,
    SPEAKER_AFTER_RX,
    SPEECH_RX,
)
from geodata.events._records import Place, Sentence, place_from_mention
from geodata.events._triggers import find_triggers
from geodata.model import Candidate, Mention
from geodata.places.geoparse import Unresolved, geo_precision

_I = re.IGNORECASE

def label(text: str, s0: int, s1: int, m: Mention) -> str:
    """``ok`` (can be an event place), ``context`` (a commentator's city...), ``actor`` (a
    government that speaks or sends troops) or ``origin`` ("from X")."""
    if m.country_code is None or (m.lat is None and m.kind != "country"):
        return "context"
    if m.confidence and m.confidence < 0.2:
        return "context"
    before = text[max(s0, m.start - 80):m.start]
    after = text[m.end:min(s1, m.end + 60)]
    if BASED_AFTER_RX.match(after):
        return "context"
    if ATTRIB_BEFORE_RX.search(before):
        return "context"
    # (a seat may open a list: "the ministries in London and Paris said")
    if SEAT_BEFORE_RX.search(LIST_TAIL_RX.sub("", before)) and SPEECH_RX.search(text, s0, s1):
        return "context"
    locative = bool(LOCATIVE_BEFORE_RX.search(before[-40:]))
    if not locative and SPEAKER_AFTER_RX.match(after):
        return "actor"
    if m.kind == "country" and (COUNTRY_ACTOR_AFTER_RX.match(after) or re.match(r"^[’']s\s+(?:president|prime|government|foreign|interior|defen)", after, _I)):
        return "actor"
    if ORIGIN_BEFORE_RX.search(before[-30:]):
        return "origin"
    return "ok"


def sentence_mentions(starts: list[int], sents: list[tuple[int, int]], mentions: Sequence[Mention]) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in sents]
    sent_starts = [a for a, _ in sents]
    for i, m in enumerate(mentions):
        k = bisect_right(sent_starts, m.start) - 1
        if 0 <= k < len(sents) and m.start < sents[k][1]:
            out[k].append(i)
    for lst in out:
        lst.sort(key=lambda i: mentions[i].start)
    return out


def own_places(s: Sentence, text: str, mentions: Sequence[Mention], *, any_label: bool = False) -> list[Place]:
    """Town-level places of a sentence, else its regions."""
    ok = [i for i in s.mention_ix if s.labels[i] == "ok" or (any_label and s.labels[i] == "origin")]
    if not ok:
        ok = [i for i in s.mention_ix if s.labels[i] == "origin"]
    local = [i for i in ok if mentions[i].kind in ("city", "landmark")]
    if any(mentions[i].kind == "city" for i in local):
        local = [i for i in local if mentions[i].kind == "city"]
    # A region stays unless a town of the sentence lies in it ("Zhanaozen, in Mangystau").
    inside = {mentions[i].admin1_code for i in local if mentions[i].admin1_code}
    inside |= {(mentions[i].admin1 or "").casefold() for i in local if mentions[i].admin1}
    regions = [i for i in ok if mentions[i].kind == "region"
               and not (mentions[i].admin1_code in inside or mentions[i].name.casefold() in inside)
               and not (local and not mentions[i].admin1_code and not mentions[i].admin1)]
    chosen = sorted(local + regions, key=lambda i: mentions[i].start)
    # A town named only as a reference point for another ("Ikorodu, on the outskirts of Lagos").
    refs = [i for i in chosen if REFERENCE_BEFORE_RX.search(text[max(s.start, mentions[i].start - 40):mentions[i].start])]
    if refs and len(refs) < len(chosen):
        first_other = min(mentions[i].start for i in chosen if i not in refs)
        chosen = [i for i in chosen if i not in refs or mentions[i].start < first_other]
    chosen = _drop_appositions(chosen, text, mentions)
    chosen, coarse = _stated_districts(chosen, text, mentions)
    out: list[Place] = []
    seen: set[str] = set()
    for i in chosen:
        m = mentions[i]
        if m.kind == "region":
            gp = 3
        else:  # a landmark placed at its town's point is somewhere in that town: 2
            near = NEAR_BEFORE_RX.search(text[max(s.start, m.start - 50):m.start])
            gp = max(geo_precision(m, text), 2 if near or i in coarse else 1)
        p = place_from_mention(m, i, gp)
        if p.key in seen:
            continue
        seen.add(p.key)
        out.append(p)
    return out


_APPOSITION_RX = re.compile(
    r"^,\s*(?:(?:just\s+|on\s+the\s+outskirts\s+of\s+)?(?:outside|near|in|north of|south of|east of|west of)\s+"
    r"(?:the\s+)?(?:(?:city|town|capital)\s+of\s+)?)?$",
    _I,
)


def _drop_appositions(chosen: list[int], text: str, mentions: Sequence[Mention]) -> list[int]:
    """Drop a place named right after another only to locate it: "near Sacaba, outside
    Cochabamba", "in Lekki, Lagos". A list ("Almaty, Aktobe and Shymkent") is kept: the
    second place must lie within 60 km of the first, or be the region that holds it."""
    drop: set[int] = set()
    for a, b in itertools.pairwise(chosen):
        ma, mb = mentions[a], mentions[b]
        if not _APPOSITION_RX.match(text[ma.end : mb.start]):
            continue
        holds = mb.kind == "region" and mb.admin1_code is not None and ma.admin1_code == mb.admin1_code
        near = (None not in (ma.lat, ma.lon, mb.lat, mb.lon)
                and _km(ma.lat, ma.lon, mb.lat, mb.lon) < 60.0)  # type: ignore[arg-type]
        if holds or (near and ma.kind != "region"):
            drop.add(b)
    return [i for i in chosen if i not in drop]


_SETTLEMENT_GAP_RX = re.compile(
    r"^\s*(?:village|town|city|hamlet|locality|area|settlement|community|neighbou?rhood|ward|camp)?\s*(?:,|\()\s*(?:in\s+)?(?:the\s+)?$", _I)
_UNIT_AFTER_RX = re.compile(
    r"^\s+(?:district|county|province|region|state|division|municipality|local government(?: area)?|lga|department|"
    r"governorate|prefecture|sub-?district|township|tehsil|upazila|commune|zone|municipal)\b", _I)


def _stated_districts(chosen: list[int], text: str, mentions: Sequence[Mention]) -> tuple[list[int], set[int]]:
    """"In X village, Y district" / "X (Y district)": Y is named to locate X, not as a second
    place. X is kept when it lies within 80 km of Y's town; else X was resolved to a namesake
    elsewhere, and the event is somewhere in Y's district (Y kept, at ``geo_precision`` 2:
    the indices returned apart)."""
    drop: set[int] = set()
    coarse: set[int] = set()
    for a, b in itertools.pairwise(chosen):
        ma, mb = mentions[a], mentions[b]
        if mb.kind != "city" or not _SETTLEMENT_GAP_RX.match(text[ma.end:mb.start]) \
                or not _UNIT_AFTER_RX.match(text[mb.end:mb.end + 40]):
            continue
        near = (None not in (ma.lat, ma.lon, mb.lat, mb.lon)
                and _km(ma.lat, ma.lon, mb.lat, mb.lon) < 80.0)  # type: ignore[arg-type]
        if near or ma.kind == "region":
            drop.add(b)
        else:
            drop.add(a)
            coarse.add(b)
    return [i for i in chosen if i not in drop], coarse


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def country_mentions(s: Sentence, mentions: Sequence[Mention]) -> list[int]:
    return [i for i in s.mention_ix if mentions[i].kind == "country" and s.labels[i] == "ok"]


def focus_country(sents: list[Sentence], mentions: Sequence[Mention]) -> str | None:
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for s in sents:
        for i in s.mention_ix:
            m = mentions[i]
            if s.labels[i] != "ok" or not m.country_code:
                continue
            w = 2 if m.kind in ("city", "landmark", "region") else 1
            counts[m.country_code] += w
            first.setdefault(m.country_code, m.start)
    if not counts:
        return None
    return max(counts, key=lambda c: (counts[c], -first[c]))


_UNRESOLVED_RX = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Oo]utside|[Ii]nto|[Aa]round)\s+(?:the\s+)?(?:(?:city|town|village|region|province|district|oblast) of\s+)?"
    r"(?P<name>[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){0,2})"
)
#: Between a name the gazetteer lacks and the unit that holds it: "Kpankou village (Kalale
#: district", "Dargai, Malakand district", "Tungan Kawo, Zamfara State".
_HELD_BY_RX = re.compile(
    r"(?:[ \t]+(?:village|town|hamlet|settlement|community|locality|area|camp|neighbou?rhood))?"
    r"[ \t]*(?:\(|,|\bin\b)[ \t]*(?:in[ \t]+)?(?:the[ \t]+)?(?:[a-z]+[ \t]+)?$",
)


def held_by(s_text: str, name: str, mention_offset: int) -> bool:
    """The unresolved ``name`` is placed by the mention at ``mention_offset`` (sentence
    offsets): "X village (Y district", "X, Y district"."""
    k = s_text.find(name)
    return k >= 0 and k + len(name) <= mention_offset and bool(
        _HELD_BY_RX.match(s_text[k + len(name):mention_offset]))
_NOT_PLACE = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "the", "this", "that", "a", "an", "addition", "response", "total",
    "fact", "particular", "turn", "general", "short", "brief", "all", "least", "first", "last",
    "recent", "spite", "order", "front", "late", "early", "mid", "some", "many", "most", "one",
    "two", "his", "her", "their", "its", "our", "my", "your", "what", "which", "such",
    # institutions and buildings named without a place ("outside Parliament")
    "parliament", "congress", "senate", "court", "courts", "government", "police", "state",
    "city", "town", "capital", "university", "campus", "hospital", "ministry", "embassy",
    "headquarters", "office", "offices", "prison", "jail", "square", "street", "streets",
    "downtown", "central", "north", "south", "east", "west", "northern", "southern", "eastern",
    "western", "christmas", "easter", "ramadan", "eid",
}


def unresolved_place(s_text: str, s0: int, mentions: Sequence[Mention], ix: list[int]) -> str | None:
    """The name a locative phrase gives that the geoparser did not resolve ("in the village of
    Kpankou"), or ``None``."""
    for m in _UNRESOLVED_RX.finditer(s_text):
        name = m.group("name")
        if name.casefold().strip("'’") in _NOT_PLACE or (name.isupper() and len(name) <= 4) or demonym_of(name):
            continue  # (an adjective, "in Afghan capital", is no unknown place)
        a, b = s0 + m.start("name"), s0 + m.end("name")
        if any(mentions[i].start < b and a < mentions[i].end for i in ix):
            continue
        return name
    return None


def stated_unresolved(a: int, b: int, unresolved: Sequence[Unresolved]) -> Unresolved | None:
    """The first name in ``[a, b)`` the geoparser could not place: one with the unit that holds
    it (``within``: "X village (Y district, Z region)"), else a landmark with no town in the
    text; ``None`` when there is neither."""
    inside = [u for u in unresolved if a <= u.start < b]
    return next((u for u in inside if u.within is not None),
                next((u for u in inside if u.kind == "landmark"), None))


def within_place(u: Unresolved, mentions: Sequence[Mention], ix: Sequence[int]) -> Place | None:
    """Where to place an event at ``u``: its ``within`` unit, ``geo_precision`` 2 for a town
    (somewhere in it, not the town itself), 3 for a region; ``None`` without ``within``. The
    sentence's mention of that unit (``ix``) becomes the place's mention."""
    w: Candidate | None = u.within
    if w is None or w.kind not in ("city", "region"):
        return None
    k = next((i for i in ix if mentions[i].geonameid == w.geonameid), None)
    return Place(
        key=f"g:{w.geonameid}", name=w.name, admin1=w.admin1, country_code=w.country_code or None,
        lat=w.lat, lon=w.lon, geonameid=w.geonameid, geo_precision=2 if w.kind == "city" else 3,
        mention_index=k, mconf=mentions[k].confidence if k is not None else 0.6,
    )


def holds(outer: Mention, w: Candidate) -> bool:
    """``outer`` is the unit ``w`` itself or a region or country that contains it."""
    if outer.geonameid == w.geonameid:
        return True
    if outer.country_code != w.country_code:
        return False
    if outer.kind == "country":
        return True
    return outer.kind == "region" and bool(w.admin1) and (outer.name == w.admin1 or outer.admin1 == w.admin1) \
        and (outer.feature_code or "").endswith("ADM1")


_HEADING_END_RX = re.compile(r"[.!?:;\"”’'»)]\s*$")


def is_heading(text: str) -> bool:
    return len(text) < 90 and not _HEADING_END_RX.search(text)



def normalise(m: Mention) -> Mention:
    """A village that bears its country's name ("Kazakhstan", KZ) read as the country."""
    if m.kind == "country" or not m.alternatives:
        return m
    for alt in m.alternatives:
        if alt.kind == "country" and alt.name.casefold() == m.name.casefold() and m.population < 100000:
            return dataclasses.replace(
                m, name=alt.name, geonameid=alt.geonameid, lat=alt.lat, lon=alt.lon,
                country_code=alt.country_code, admin1=None, admin1_code=None, kind="country",
                feature_code=alt.feature_code, population=alt.population,
            )
    return m


def normalise_mentions(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The report's mentions as event extraction reads them, each one through :func:`normalise`."""
    return [normalise(m) for m in mentions]


#: A wire dateline at the start of a report or line: "MOSCOW, Jan 25 (Wire) - ",
#: "Yangon, 3 March – ", "KYIV, Ukraine (AP) — ". Its place is where the copy was filed.
_DATELINE_RX = re.compile(
    r"(?m)^[ \t]*[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}(?:,[ \t]*[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2})?"
    r"(?:,?[ \t]*(?:\d{1,2}[ \t]+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?[ \t]+\d{1,2})(?:,?[ \t]*\d{4})?)?"
    r"(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*(?:-{1,2}|–|—)[ \t]+(?=[A-Z\"“])"
)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the datelines of ``text`` (at the start of the text or of a line)."""
    return [(m.start(), m.end()) for m in _DATELINE_RX.finditer(text)]


_SEMICOLON_RX = re.compile(r";\s+")


def semicolon_clauses(text: str, spans: list[tuple[int, int]],
                       places: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Sentences cut at semicolons that join two scenes, each with its own place and something
    that happened ("farmers blocked roads near Lahore; in Karachi, a bomb killed three"): each
    part is read as a sentence of its own; a part without a place of its own stays joined
    ("police fired tear gas in Lagos; nobody was hurt"). A part with no date of its own takes
    the one before, as a next sentence does. ``places``: start offsets of the place mentions."""
    marks = sorted(places)

    def named(lo: int, hi: int) -> bool:  # a place mention starts in [lo, hi)
        k = bisect_right(marks, lo - 1)
        return k < len(marks) and marks[k] < hi

    out: list[tuple[int, int]] = []
    for a, b in spans:
        start = a
        for m in _SEMICOLON_RX.finditer(text[a:b]):
            cut, nxt = a + m.start(), a + m.end()
            if (named(start, cut) and named(nxt, b) and find_triggers(text[start:cut])
                    and find_triggers(text[nxt:b])):
                out.append((start, cut + 1))
                start = nxt
        out.append((start, b))
    return out



_CAP_WORD_RX = re.compile(r"\b[A-Z][a-z'’]+(?:[ -][A-Z][a-z'’]+)?")
#: Who an adjective of a country may qualify to say where an act was: forces, armed groups,
#: the state, people ("Sudanese rebels", "Burmese warplanes", "Kenyan villagers"); not a
#: company or a product ("a German airline").
_ACTOR_AFTER_RX = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:army|armed forces|military|troops|soldiers|forces|security|police(?:m[ae]n)?|gendarmes?|"
    r"navy|air force|border guards?|rebels?|insurgents?|militants?|jihadists?|islamists?|militia\w*|fighters|gunmen|"
    r"guerrill\w+|separatists?|paramilitar\w+|government|junta|regime|authorities|officials?|warplanes|planes|jets|"
    r"aircraft|helicopters?|drones?|artillery|tanks|protesters|demonstrators|students|villagers|civilians|farmers|"
    r"herders|people|opposition|refugees|men|women|children|man|woman|boy|girl|journalists?|soldier|troop|"
    # a place of the country or its conflict: "a northern Mexican border city", "Afghan unrest"
    r"provinces?|districts?|cit(?:y|ies)|towns?|villages?|regions?|border|coast|capital|countryside|territory|"
    r"(?:north|south)(?:-?(?:east|west))?|east|west|heartland|interior|highlands|hinterland|"
    r"state(?!\s+(?:media|television|tv|news|agency|broadcaster|company|firm|department|secretary|visit)\b|-)|"
    r"unrest|fighting|violence|clashes|conflict|war|insurgency)\b"
    # the people themselves: "160 Syrians were killed"
    r"|s\b",
    re.IGNORECASE)


def demonym_country(text: str) -> str | None:
    """The country whose adjective or name qualifies the sentence's forces, people, places or
    fighting ("Sudanese rebels attack a convoy": ``SD``; "Myanmar Army troops"), the first one;
    ``None`` when there is none or no gazetteer is installed. (The geoparser leaves adjectives
    and names inside an organisation's name out of the mentions; an act with no place at all
    takes it.)"""
    for m in _CAP_WORD_RX.finditer(text):
        two = m.group(0)
        words = re.split(r"[ -]", two)
        # the pair ("South Sudanese"), then each word ("Five Burmese villagers")
        cands = [(two, m.end())] if len(words) > 1 else []
        cands += [(words[0], m.start() + len(words[0]))] + ([(words[1], m.end())] if len(words) > 1 else [])
        for w, end in cands:
            if w.endswith("s") and _ACTOR_AFTER_RX.match(text, end - 1) and not _ACTOR_AFTER_RX.match(text, end):
                code = demonym_of(w[:-1])  # "Syrians", "Afghans"
            else:
                code = country_named(w) if _ACTOR_AFTER_RX.match(text, end) else None
            if code:
                return code
    return None


@functools.lru_cache(maxsize=4096)
def demonym_of(word: str) -> str | None:
    """The country code of a country's adjective ("Afghan": ``AF``), else ``None``."""
    try:
        from geodata.places.gazetteer import DEMONYM, default_gazetteer

        places = default_gazetteer().lookup(word)
    except Exception:  # no gazetteer built: nothing to read adjectives with
        return None
    return next((p.country_code for p in places if p.flags & DEMONYM and p.kind == "country" and p.country_code), None)


@functools.lru_cache(maxsize=4096)
def country_named(word: str) -> str | None:
    """The country code of a country's name or adjective ("Myanmar", "Burmese": ``MM``)."""
    try:
        from geodata.places.gazetteer import default_gazetteer

        places = default_gazetteer().lookup(word)
    except Exception:  # no gazetteer built
        return None
    return next((p.country_code for p in places if p.kind == "country" and p.country_code), None)


def forces_country(s: Sentence, mentions: Sequence[Mention]) -> list[int]:
    """Countries the sentence names as the side that acts ("Sudan army attacks villages"),
    not as a speaker ("France condemned")."""
    return [i for i in s.mention_ix if mentions[i].kind == "country" and s.labels[i] == "actor"
            and _ACTOR_AFTER_RX.match(s.text, mentions[i].end - s.start)]
