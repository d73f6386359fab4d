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
from geodata.places.countries import COUNTRIES, country_name, country_names, name_to_iso
from geodata.places.geoparse import Unresolved, geo_precision

_I = re.IGNORECASE

def label(text: str, s0: int, s1: int, m: Mention) -> str:
    """``ok`` (can be an event place), ``context`` (a commentator's city...), ``actor`` (a
    government that speaks or sends troops), ``origin`` ("from X") or ``unsure`` (the
    geoparser's confidence is under 0.2)."""
    if m.country_code is None or (m.lat is None and m.kind != "country"):
        return "context"
    if m.confidence and m.confidence < 0.2:
        return "unsure"  # (an event place only in a report with no surer place: own_places)
    before = text[max(s0, m.start - 80):m.start]
    after = text[m.end:min(s1, m.end + 60)]
    if BASED_AFTER_RX.match(after):
        return "context"
    if ATTRIB_BEFORE_RX.search(before):
        return "context"
    # (a seat may open a list: "the ministries in London and Paris said"; not a building an
    # act is done to: "tried to storm the mayor's office in Almaty, officials said")
    head = LIST_TAIL_RX.sub("", before)
    seat = SEAT_BEFORE_RX.search(head)
    if seat and SPEECH_RX.search(text, s0, s1) and not _TARGET_BEFORE_RX.search(head, 0, seat.start()):
        return "context"
    locative = bool(LOCATIVE_BEFORE_RX.search(before[-40:]))
    if not locative and SPEAKER_AFTER_RX.match(after):
        return "actor"
    if m.kind == "country" and (COUNTRY_ACTOR_AFTER_RX.match(after) or re.match(r"^[’']s\s+(?:president|prime|government|foreign|interior|defen)", after, _I)):
        return "actor"
    if ORIGIN_BEFORE_RX.search(before[-30:]) or _HEADING_TO_BEFORE_RX.search(before[-40:]) or _in_the_cause(text, s0, m):
        return "origin"  # (where they came from or were heading: a scene only when no other is named)
    if _CARE_BEFORE_RX.search(before):
        return "context"  # where the wounded were taken ("taken to the National Hospital")
    if m.kind != "country" and _PERSON_AFTER_RX.match(after) and _LOCATIVE_LATER_RX.search(text, m.end, s1) \
            and not LOCATIVE_BEFORE_RX.search(before[-40:]):
        return "origin"  # "a Texas teenager killed in Mexico": where the victim came from
    return "ok"


def _in_the_cause(text: str, s0: int, m: Mention) -> bool:
    """A place named inside what a protest is about, after its own scene ("students protested in
    Ibadan against the killing of a student by police in Ogbomoso", "rallied in Lahore to demand
    the release of X, who is detained in Rawalpindi"): context, a scene only when no other is."""
    if m.kind == "country":
        return False  # (the country a cause is told of is still the scene's country)
    head = text[s0:m.start]
    demo = _PROTEST_RX.search(head)
    if demo is None:
        return False
    cause = None
    for c in _CAUSE_RX.finditer(head, demo.end()):
        cause = c
    if cause is None or not _SCENE_NAMED_RX.search(head, demo.start(), cause.start()):
        return False
    return not _CLAUSE_BREAK_RX.search(head, cause.end())


_PROTEST_RX = re.compile(
    r"\b(?:protest\w*|rall(?:y|ied|ies|ying)|march\w*|demonstrat\w*|gather\w*|sit-?ins?|strik(?:e|es|ing)|picket\w*|"
    r"boycott\w*|staged|took[ \t]+to[ \t]+the[ \t]+streets)\b", _I)
_CAUSE_RX = re.compile(
    r"\b(?:against|over|demanding|to[ \t]+demand|calling[ \t]+for|to[ \t]+call[ \t]+for|in[ \t]+protest[ \t]+(?:at|against|over)|"
    r"denouncing|to[ \t]+denounce|condemning|to[ \t]+condemn|in[ \t]+solidarity[ \t]+with|to[ \t]+protest)\b|,[ \t]+(?:who|where|which)\b", _I)
_SCENE_NAMED_RX = re.compile(r"\b(?:in|at|outside|near|across)[ \t]+(?:the[ \t]+)?[A-Z]")
_CLAUSE_BREAK_RX = re.compile(r",[ \t]+(?:and|but|while|as|whereas)\b|;|[ \t][–—][ \t]", _I)


#: Where a crowd or a convoy was heading: "marching towards X", "on their way to X".
_HEADING_TO_BEFORE_RX = re.compile(
    r"\b(?:(?:march|head|mov|walk|travel|advanc|proceed|driv|flee|fled)\w*[ \t]+(?:towards?|to[ \t]+(?=[A-Z]))|"
    r"on[ \t]+(?:their|its|his|her)[ \t]+way[ \t]+to)[ \t]+(?:the[ \t]+)?$")
#: An act done to a building ("stormed the mayor's office", "set fire to the ministry",
#: "gathered outside the offices of"): the building is a scene, not a speaker's seat.
_TARGET_BEFORE_RX = re.compile(
    r"\b(?:storm\w*|attack\w*|raid\w*|burn\w*|torch\w*|set[ \t]+fire[ \t]+to|set[ \t]+ablaze|ransack\w*|loot\w*|"
    r"occup(?:y|ied|ying)|besieg\w+|surround\w*|blockad\w+|block\w*|ston(?:e|ed|ing)|bomb\w*|shell(?:ed|ing)|seiz\w+|"
    r"invad\w+|broke[ \t]+into|break\w*[ \t]+into|outside|in[ \t]+front[ \t]+of|march\w*[ \t]+(?:on|to)|"
    r"gather\w*[ \t]+(?:at|outside))[ \t]+(?:(?:the|a|an)[ \t]+)?(?:[\w'’-]+[ \t]+){0,3}$", _I)
_CARE_BEFORE_RX = re.compile(
    r"\b(?:(?:taken|rushed|admitted|brought|transferred|flown|airlifted|evacuated|moved)[ \t]+(?:to|into)|treated[ \t]+(?:at|in))"
    r"[ \t]+(?:(?:a|the)[ \t]+)?(?:(?:local|nearby|military|main|district|general|state|private)[ \t]+)?"
    r"(?:hospitals?[ \t]+(?:in|at)[ \t]+(?:the[ \t]+)?)?$", _I)
#: A person a place qualifies as where they come from ("a Texas teenager", "New York Marine").
_PERSON_AFTER_RX = re.compile(
    r"^[ \t]+(?:-?born[ \t]+)?(?:marines?|soldiers?|sailors?|airm[ae]n|troopers?|teen(?:ager)?s?|boys?|girls?|m[ae]n|wom[ae]n|"
    r"students?|journalists?|reporters?|photographers?|tourists?|businessm[ae]n|aid workers?|missionar(?:y|ies)|"
    r"priests?|nuns?|doctors?|nurses?|contractors?|volunteers?|couples?|famil(?:y|ies)|native)\b", _I)
#: Where the act happened, named later in the sentence ("... killed in Mexico").
_LOCATIVE_LATER_RX = re.compile(r"\b(?:in|at|near|outside)[ \t]+(?:the[ \t]+)?[A-Z]")


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
    if not s.mention_ix:
        return []  # (no place named: nothing to choose from, nor any stated hierarchy to read)
    ok = [i for i in s.mention_ix if s.labels[i] == "ok" or (any_label and s.labels[i] == "origin")]
    if not ok:
        # (not where forces were sent from: "The military was sent from Kankan")
        ok = [i for i in s.mention_ix if s.labels[i] == "origin"
              and not _SENT_FROM_RX.search(text, max(s.start, mentions[i].start - 50), mentions[i].start)]
    if not ok and not any(m.confidence >= 0.5 for m in mentions):
        # the geoparser's best guess, in a report with no surer place ("Protesters clashed
        # with police in Concepcion": one of many namesakes, none confident)
        ok = [i for i in s.mention_ix if s.labels[i] == "unsure"]
    ok = [i for i in ok if not _stray(mentions[i], mentions)]
    # "8 killed in the province of Kurdistan, including in A and B": the places after
    # "including" are parts of the unit before it, which is where the toll is (it cannot be
    # shared out; acts with no figure keep each place named)
    figures = any(s.casualties.get(k) for k in ("fatalities", "injuries", "arrests"))
    for q in [i for i in ok if figures and mentions[i].kind in ("region", "city")]:
        inc = _INCLUDING_AFTER_RX.match(text, mentions[q].end, min(s.end, mentions[q].end + 80))
        if inc is not None:
            ok = [i for i in ok if i == q or not inc.end() <= mentions[i].start < inc.end() + 60
                  or mentions[i].kind == "country"]
    local = [i for i in ok if mentions[i].kind in ("city", "landmark")]
    if any(mentions[i].kind == "city" for i in local):
        # a landmark goes beside its own town ("Tahrir Square in Cairo"), not beside a town
        # elsewhere ("gathered in Plaza Italia, and in Valparaiso a bank burned")
        # ("outside Begum Rokeya University in the northern city of Rangpur": the town the
        # text puts it in, wherever the geoparser placed it)
        towns = [mentions[i] for i in local if mentions[i].kind == "city"]
        local = [i for i in local if mentions[i].kind == "city" or not any(
            None in (t.lat, t.lon, mentions[i].lat, mentions[i].lon)
            or _km(t.lat, t.lon, mentions[i].lat, mentions[i].lon) < 30.0  # type: ignore[arg-type]
            or (t.start > mentions[i].end and _LANDMARK_IN_TOWN_RX.match(text[mentions[i].end:t.start]))
            for t in towns)]
    # "Plaza Italia, which demonstrators have renamed Plaza de la Dignidad": one place, two names
    ok_local = [i for i in local if not _RENAMED_BEFORE_RX.search(text, max(s.start, mentions[i].start - 40), mentions[i].start)]
    local = ok_local or local
    # A region stays unless a town of the sentence lies in it ("Zhanaozen, in Mangystau").
    inside = {mentions[i].admin1_code for i in local if mentions[i].admin1_code}
    inside |= {(mentions[i].admin1 or "").casefold() for i in local if mentions[i].admin1}
    regions = [i for i in ok if mentions[i].kind == "region"
               and not (mentions[i].admin1_code in inside or mentions[i].name.casefold() in inside)
               and not (local and not mentions[i].admin1_code and not mentions[i].admin1)]
    chosen = sorted(local + regions, key=lambda i: mentions[i].start)
    # A town named only as a reference point for another ("Ikorodu, on the outskirts of Lagos").
    refs = [i for i in chosen if REFERENCE_BEFORE_RX.search(text[max(s.start, mentions[i].start - 40):mentions[i].start])]
    # "the Dakar suburbs of Pikine and Guediawaye": the city before "suburbs of" qualifies the
    # places after it, which are the scenes
    parts = {q: {i for i in chosen if 0 < mentions[i].start - mentions[q].end < 40}
             for q in chosen if _QUALIFIES_PARTS_RX.match(text, mentions[q].end)}
    after: set[int] = set()
    if any(parts.values()):
        after = set().union(*parts.values())
        refs = [i for i in refs if i not in after]
        chosen = [i for i in chosen if not parts.get(i)]
    if refs and len(refs) < len(chosen):
        first_other = min(mentions[i].start for i in chosen if i not in refs)
        chosen = [i for i in chosen if i not in refs or mentions[i].start < first_other]
    chosen, stated = _hierarchies(chosen, s, text, mentions, set(refs))
    chosen = _drop_appositions(chosen, text, mentions)
    chosen, coarse = _stated_districts(chosen, text, mentions)
    chosen, road = _road_ends(chosen, text, mentions)
    coarse |= road
    out: list[Place] = []
    seen: set[str] = set()
    for i in chosen:
        m = mentions[i]
        if i in stated:
            gp = stated[i]
        elif m.kind == "region":
            gp = 3
        else:  # a landmark placed at its town's point is somewhere in that town: 2
            near = NEAR_BEFORE_RX.search(text[max(s.start, m.start - 50):m.start]) and i not in after
            gp = max(geo_precision(m, text), 2 if near or i in coarse else 1)
            near = bool(near or _RURAL_BEFORE_RX.search(text, max(s.start, m.start - 40), m.start))
            if near and gp == 3 and m.kind == "city" and not _FAR_FROM_RX.search(text, max(s.start, m.start - 60), m.start):
                gp = 2  # "east of Gaza City", "on the outskirts of Kano": near the town (ACLED's 2)
        p = place_from_mention(m, i, gp)
        if p.key in seen:
            continue
        seen.add(p.key)
        out.append(p)
    return out


def _namesake_at_home(m: Mention, mentions: Sequence[Mention]) -> Mention:
    """A :func:`_stray` town that has a namesake in a country the report's confident mentions
    name ("Mexico finds bodies in La Paz": La Paz in Mexico, not Bolivia): that namesake."""
    if not _stray(m, mentions):
        return m
    sure = {x.country_code for x in mentions if x.confidence >= 0.5 and x.country_code}
    alt = next((a for a in m.alternatives if a.country_code in sure and a.kind == m.kind
                and a.name.casefold() == m.name.casefold()), None)
    if alt is None:
        return m
    was = Candidate(m.geonameid or 0, m.name, m.lat or 0.0, m.lon or 0.0, m.country_code or "", m.admin1, m.kind,
                    alt.score, m.feature_code, m.population)
    return dataclasses.replace(
        m, name=alt.name, geonameid=alt.geonameid, lat=alt.lat, lon=alt.lon, country_code=alt.country_code,
        admin1=alt.admin1, admin1_code=None, feature_code=alt.feature_code, population=alt.population,
        confidence=0.4, alternatives=[was, *(a for a in m.alternatives if a is not alt)])


def _stray(m: Mention, mentions: Sequence[Mention]) -> bool:
    """A town the geoparser was unsure of (confidence under 0.35) in a country no confident
    mention of the report names: a common phrase read as a far namesake ("the Old Town" of a
    Kenyan report as Las Vegas), not where the report's acts are."""
    if m.kind == "country" or not m.confidence or m.confidence >= 0.35 or not m.country_code:
        return False
    sure = {x.country_code for x in mentions if x.confidence >= 0.5 and x.country_code}
    return bool(sure) and m.country_code not in sure


_RURAL_BEFORE_RX = re.compile(r"\brural[ \t]+(?:areas?|parts?|zones?)[ \t]+(?:of|around)[ \t]+(?:the[ \t]+)?$", _I)
#: A distance of 30 km or more before a town ("120 km from Bangui", "60 miles north of"): the
#: event is only somewhere in the town's region.
_FAR_FROM_RX = re.compile(
    r"\b(?:[3-9]\d|\d{3,})[ \t]*(?:km|kms|kilomet(?:er|re)s|(?P<mi>miles))\b(?:[ \t]*\([^()]{0,30}\))?[ \t]+"
    r"(?:\w+(?:-\w+)?[ \t]+)?(?:from|of|outside)[ \t]+(?:the[ \t]+)?(?:(?:city|town|capital|village)[ \t]+(?:of[ \t]+)?)?$", _I)
#: Between a landmark and the town it is in: " in the northern city of ", ", in ".
_LANDMARK_IN_TOWN_RX = re.compile(
    r"^,?[ \t]+(?:in|at|near|outside|of)[ \t]+(?:the[ \t]+)?(?:[\w-]+[ \t]+){0,2}?"
    r"(?:(?:city|town|capital|village|district|port)[ \t]+(?:of[ \t]+)?)?$", _I)
#: Another name of the place just named: "which protesters renamed X", "known as X".
_RENAMED_BEFORE_RX = re.compile(
    r"\b(?:renamed|re-named|known[ \t]+as|call(?:s|ed)?|dubbed|nicknamed|formerly)[ \t]+(?:it[ \t]+)?(?:the[ \t]+)?$", _I)
#: ", including in": after a unit, what follows names its parts ("in Kurdistan province on
#: Monday, including in Sanandaj and Saqqez")
_INCLUDING_AFTER_RX = re.compile(
    r"(?:[ \t]+(?:province|region|state|district|county|governorate|oblast|department|city|area))?"
    r"(?:[ \t]+(?:on|last|this|late|early)[ \t]+\w+(?:[ \t]+\w+)?)?,?[ \t]+including[ \t]+(?:(?:in|at)[ \t]+)?", _I)
#: Forces moved from a place: "troops were sent from X", "reinforcements flown in from X".
_SENT_FROM_RX = re.compile(
    r"\b(?:sent|deployed|dispatched|despatched|flown|airlifted|brought|drafted|moved|redeployed|transferred|"
    r"mobili[sz]ed|called)(?:[ \t]+(?:in|up|out))?[ \t]+from[ \t]+(?:the[ \t]+)?(?:neighbou?ring[ \t]+)?$", _I)
_QUALIFIES_PARTS_RX = re.compile(
    r"[ \t]+(?:suburbs?|districts?|neighbou?rhoods?|townships?|outskirts|quarters?|boroughs?)[ \t]+of[ \t]", _I)
_APPOSITION_RX = re.compile(
    r"^(?:\s+(?:town|city|village|municipality))?,\s*(?:(?:just\s+|on\s+the\s+outskirts\s+of\s+)?(?:outside|near|in|on|north of|south of|east of|west of)\s+"
    r"(?:the\s+)?(?:(?:city|town|capital)\s+of\s+)?)?$",
    _I,
)


#: Between a place and the town it lies in, with no comma: " in ", " toll gate in ", " area of
#: ... in the city of " (not a list: "and in", "or in").
_IN_CITY_GAP_RX = re.compile(
    r"^(?:[ \t]+(?!(?:and|or|but|as|then|to|from|with)\b)[\w'’-]+){0,3}[ \t]+in[ \t]+(?:the[ \t]+)?(?:(?:city|town|capital)[ \t]+of[ \t]+)?$",
    _I)


def _names_region(m: Mention) -> bool:
    """A town whose name is its admin-1 region's ("Mopti"), or the gazetteer's other reading of
    which is that region ("Sinaloa", "Veracruz"): in a hierarchy it may stand for the region."""
    if m.kind != "city" or not m.admin1:
        return False
    if m.name.casefold() == m.admin1.casefold():
        return True
    return any(a.kind == "region" and a.feature_code == "ADM1" and a.admin1 == m.admin1 for a in m.alternatives)


#: After a town, words that make the next name a reference point: ", a suburb of", ", a
#: village near", ", about 300 km from the town of".
_REFERENCE_APPOSITION_RX = re.compile(
    r"^,[ \t]+(?:(?:an?|the)[ \t]+(?:[\w-]+[ \t]+){0,3}?(?:suburb|district|neighbou?rhood|town|village|city|area|part|"
    r"quarter|locality|community|settlement)[ \t]+(?:of|in|near|outside|close[ \t]+to)|"
    r"(?:about|some|around|roughly|approximately|nearly|almost)?[ \t]*\d+[ \t]*(?:km|kms|kilomet(?:er|re)s|miles)"
    r"(?:[ \t]*\([^()]{0,30}\))?(?:[ \t]+[\w-]+){0,2}?[ \t]+(?:from|of|outside))"
    r"[ \t]+(?:the[ \t]+)?(?:[\w-]+[ \t]+){0,3}?(?:(?:city|town|capital|village|port)[ \t]+(?:of[ \t]+)?)?$", _I)


#: A list going on after the second name ("A, B and C", "A, B, C"): not an apposition.
_NAME_CONTINUES_RX = re.compile(r"\s*(?:,\s*[A-Z]|(?:and|or)\s+[A-Z])")


def _drop_appositions(chosen: list[int], text: str, mentions: Sequence[Mention]) -> list[int]:
    """Drop a place named right after another only to locate it: "near Sacaba, outside
    Cochabamba", "in Lekki, Lagos". A list ("Almaty, Aktobe and Shymkent") is kept: the
    second place must lie within 60 km of the first, or be the region that holds it."""
    drop: set[int] = set()
    for a, b in itertools.pairwise(chosen):
        ma, mb = mentions[a], mentions[b]
        gap = text[ma.end : mb.start]
        near = (None not in (ma.lat, ma.lon, mb.lat, mb.lon)
                and _km(ma.lat, ma.lon, mb.lat, mb.lon) < 60.0)  # type: ignore[arg-type]
        if _REFERENCE_APPOSITION_RX.match(gap) and ma.kind in ("city", "landmark"):
            drop.add(b)  # "Santa Catarina, a suburb of Monterrey", "Bria, about 300 km from Bangassou"
            continue
        if _IN_CITY_GAP_RX.match(gap):
            # "at the Lekki toll gate in Lagos", "in Ikeja in Lagos": a district or a spot
            # of the larger town that follows, which only locates it
            if near and ma.kind != "region" and mb.kind == "city" and (mb.population or 0) >= (ma.population or 0):
                drop.add(b)
            continue
        if not _APPOSITION_RX.match(gap):
            continue
        holds = mb.kind == "region" and mb.admin1_code is not None and ma.admin1_code == mb.admin1_code
        # ("Ciudad Juarez, Chihuahua": a town that bears its state's name stands for the state)
        state = (mb.kind == "city" and ma.kind == "city" and _names_region(mb) and ma.admin1 == mb.admin1
                 and not _NAME_CONTINUES_RX.match(text, mb.end))

        if holds or state or (near and ma.kind != "region"):
            drop.add(b)
    return [i for i in chosen if i not in drop]


#: Words that say what kind of place a name is: a settlement or an administrative unit.
_PLACE_WORD = (r"(?i:village|town|city|hamlet|locality|area|settlement|community|neighbou?rhood|quarter|ward|camp|colonia|barrio|"
               r"district|sub-?district|county|sub-?county|province|region|state|division|sub-?division|municipality|"
               r"local[ \t]+government(?:[ \t]+area)?|LGA|department|governorate|prefecture|sub-?prefecture|township|"
               r"tehsil|taluka?|upazila|commune|zone|territory|cercle|circle|woreda|kebele|oblast|raion|rayon|"
               r"parish|canton|arrondissement|municipio|barangay|wilaya|daira|emirate|island|atoll)")
#: Units a name of the region level carries ("Kaduna state", "Lower Shabelle region").
_REGION_WORD_RX = re.compile(
    r"[ \t]+(?:state|region|province|governorate|oblast|prefecture|wilaya|emirate|department)\b", _I)
#: A name a hierarchy follows, and its kind word: "Kawo village", "Hays district", "Boni".
#: Small words inside a place's name ("Ras al-Ain", "Guadalupe y Calvo", "San Julian de la Sierra").
_NAME_JOINER = (r"(?:al|el|ad|an|as|ar|ash|at|az|ed|es|de|du|la|le|les|los|las|di|da|do|dos|das|del|della|van|von|bin|ibn|wa|"
                r"ul|e|i|y)")
#: A capitalised name of up to four words (and the joiners inside it); not a place word.
_NAME = rf"[a-z]{{0,3}}[A-Z][\w'’.-]*(?:[ \t-]+(?:{_NAME_JOINER}[ \t-]+){{0,2}}(?!{_PLACE_WORD}\b)[A-Z][\w'’.-]*){{0,3}}"
#: A name a hierarchy follows, and its kind word: "Kawo village", "Hays district", "Boni".
_HEAD_BEFORE_RX = re.compile(rf"(?P<name>(?<![\w'’.-]){_NAME})(?:[ \t]+(?P<kind>{_PLACE_WORD}))?[ \t]*$")
#: The same before brackets, with the words of a spot in it: "the Lekki toll gate (", "Nevatim air base (".
_HEAD_SPOT_BEFORE_RX = re.compile(
    rf"(?P<name>(?<![\w'’.-]){_NAME})(?:[ \t]+(?P<kind>{_PLACE_WORD}))?(?:[ \t]+[a-z][a-z-]+){{1,3}}[ \t]*$")
#: A locative before an unfound name (it is a place, "in Bulo Marer", "near the village of Boni").
_PLACE_CUE_BEFORE_RX = re.compile(
    rf"\b(?:in|at|near|outside|around|into|from|to|towards?|of|between|and|along|on)[ \t]+(?:the[ \t]+)?"
    rf"(?:(?:remote|small|nearby|rural)[ \t]+)?(?:(?:{_PLACE_WORD}|villages?|towns?)[ \t]+of[ \t]+)?$", _I)
#: One unit of a stated hierarchy: "Kaduna North LGA", "uMgungundlovu", "Lower Shabelle region".
_UNIT_ITEM = rf"(?:the[ \t]+)?{_NAME}(?:[ \t]+{_PLACE_WORD})?"
_PAREN_HIERARCHY_RX = re.compile(rf"\([ \t]*(?P<items>{_UNIT_ITEM}(?:[ \t]*,[ \t]*{_UNIT_ITEM}){{0,4}})[ \t]*\)")
#: The same after a comma, the first unit saying its kind: ", Marka district, Lower Shabelle region".
_COMMA_HIERARCHY_RX = re.compile(
    rf",[ \t]*(?P<items>(?:the[ \t]+)?{_NAME}[ \t]+{_PLACE_WORD}\b(?:[ \t]*,[ \t]*{_UNIT_ITEM}\b){{0,3}})")

#: The same after "in": "X, in the municipality of Y", "X village in Y district (Z state)".
_IN_UNIT_TAIL = (rf"in[ \t]+(?P<items>(?:the[ \t]+)?(?:{_PLACE_WORD}[ \t]+of[ \t]+{_NAME}|{_NAME}[ \t]+{_PLACE_WORD}\b)"
                 rf"(?:[ \t]*,[ \t]*{_UNIT_ITEM}\b){{0,2}})")
_IN_UNIT_HIERARCHY_RX = re.compile(rf",?[ \t]+{_IN_UNIT_TAIL}")
#: Its part from "in" on, which leads with a literal and so is found fast: a necessary condition.
_IN_UNIT_GATE_RX = re.compile(_IN_UNIT_TAIL)

#: A bare unit after a settlement named as such: "Mazatlan town, Sinaloa", "Los Pinos neighbourhood, Culiacan".
_COMMA_AFTER_KIND_RX = re.compile(rf",[ \t]*(?P<items>{_NAME})(?=[ \t]*(?:[.;:)]|$|,[ \t]+(?:[a-z]|{_NAME}[ \t]+{_PLACE_WORD})))")


def _hierarchies(chosen: list[int], s: Sentence, text: str, mentions: Sequence[Mention],
                 refs: set[int] | None = None) -> tuple[list[int], dict[int, int]]:
    """"X village (District, Region)", "X (District LGA, State)", "X, District district, Region
    region": the units after a place only locate it, they are never event places of their own.
    X stays when they agree with where the geoparser put it (the same country; within 80 km of
    a district's town or in the region's admin-1; an exact name in the district's admin-1). X
    not found, or found as a namesake elsewhere ("Kawo" read as a far "Kwoi" while the note
    says Kaduna North): the event is at the finest unit that agrees with the coarser ones,
    ``geo_precision`` 2 for a district or its town (1 for the town of an unfound neighbourhood),
    3 for a region. X named as a district ("Musakhel district (Balochistan)") is 2. (The
    indices returned with their precision.)"""
    forced: dict[int, int] = {}
    keep = list(chosen)
    seen_units: set[int] = set()
    for head, (lo, hi) in _stated_hierarchies(text, s.start, s.end):
        a, b = _head_name(text, head)
        if a >= b:
            continue
        # (a name read from its first word is that place: "Nairobi CBD"; one read only from a
        # later word is not found: "Kawo" of "Tungan Kawo")
        x = next((i for i in s.mention_ix if (mentions[i].end == b and mentions[i].start <= a)
                  or (mentions[i].start == a and mentions[i].end <= b)), None)
        if x is not None and x in seen_units:
            keep = [i for i in keep if not lo <= mentions[i].start < hi]
            continue  # ("X village in Y LGA (Z state)": Z locates Y, a unit of X already)
        if x is not None and x not in keep and (s.labels.get(x) != "ok" or x not in (refs or set())):
            x = None  # (a reading too unsure or too far to be the place: the name is not found)
        part = [i for i in s.mention_ix if a <= mentions[i].start and mentions[i].end <= b and i != x]
        kind = (head.group("kind") or "").casefold()
        if x is None and not _SETTLEMENT_KIND_RX.fullmatch(kind) and not _PLACE_CUE_BEFORE_RX.search(text, max(s.start, a - 40), a):
            continue  # ("the FAMa (Malian army)": no place before the brackets)
        name = text[a:b]
        if x is None and (name.casefold() in _NOT_PLACE or name.isupper() or demonym_of(name)):
            continue  # (nor an acronym: "supporters of the PTI (...)")
        items = _items(text, lo, hi)
        # a unit is a mention read from an item's first word ("Maguindanao del Sur" is not Sur)
        inner = [i for i in s.mention_ix if lo <= mentions[i].start < hi and i != x]
        seen_units.update(inner)
        units = [i for i in inner if any(x0 <= mentions[i].start and mentions[i].end <= y0
                                         and _ITEM_LEAD_RX.fullmatch(text, x0, mentions[i].start) for x0, y0 in items)
                 and mentions[i].lat is not None and mentions[i].kind != "landmark"
                 and not (mentions[i].kind == "region" and (mentions[i].feature_code or "ADM")[:3] not in ("ADM", "PCL"))]
        if not units:
            keep = [i for i in keep if i not in inner]
            continue
        if x is not None and (mentions[x].kind == "country" or (mentions[x].kind == "region" and (
                mentions[x].feature_code or "ADM1") in ("ADM1", "PCLI"))):
            continue  # "in Borno state (Gwoza, Bama)": the brackets name its parts
        if x is not None and mentions[x].confidence >= 0.5:
            # (a unit the geoparser was unsure of does not overrule a place it found: "Monterrey
            # town, Nuevo Leon" with the state read as a small namesake town elsewhere)
            units = [i for i in units if mentions[i].confidence >= 0.35]
            if not units:
                keep = [i for i in keep if i not in inner]
                continue
        if x is not None and any(mentions[i].country_code == mentions[x].country_code for i in units):
            # a unit read abroad beside units of the place's own country is a misreading
            # ("Lome (Golfe prefecture, Maritime region)": Golfe read in Angola)
            units = [i for i in units if mentions[i].country_code == mentions[x].country_code]
        levels = {i: _unit_level(text, mentions, i, last=len(items) > 1 and items[-1][0] <= mentions[i].start,
                                 alone=len(items) == 1) for i in units}
        if (x in keep and all(_agrees(mentions[x], mentions[i], levels[i]) for i in units)) or (x is not None and x not in keep):
            # (a place named only as a reference point, "east of Mexico City, Veracruz state",
            # stays out with its units)
            keep = [i for i in keep if i not in inner]
            if x in keep and mentions[x].kind == "city" and _DISTRICT_WORD_RX.fullmatch(kind):
                forced[x] = 2  # "in Bokkos LGA (Plateau state)": somewhere in the district
            continue
        # the finest unit that agrees with the coarser ones ("Mahas district" read in another
        # country than "Hiraan region" is not the unit)
        finest = next((i for k, i in enumerate(units) if mentions[i].kind != "country"
                       and all(_agrees(mentions[i], mentions[j], levels[j]) for j in units[k + 1:])), None)
        if finest is None:
            keep = [i for i in keep if i not in inner]
            continue  # ("X (Country)" only names the country: the geoparser has read it)
        keep = [i for i in keep if i not in inner and i != x and i not in part]
        keep.append(finest)
        same = next((i for i in units if mentions[i].kind == "city" and mentions[i].mention.casefold() == name.casefold()), None)
        if same is not None:
            # ("the University of Lagos (Akoka, Lagos)": the name before the brackets is that town's)
            keep = [i for i in keep if i != finest] + [same]
            finest = same
        if mentions[finest].kind == "city" and (same is not None or _bears(name, mentions[finest])):
            forced[finest] = 1  # "the Islamabad High Court (Islamabad Capital Territory)": in the town
        elif levels[finest] == "region":
            forced[finest] = 3
        elif mentions[finest].kind == "city" and (
                (_QUARTER_WORD_RX.fullmatch(kind) or _SPOT_WORD_RX.fullmatch(name.split()[-1]))
                and not any(x0 <= mentions[finest].start < y0 and _DISTRICT_IN_RX.search(text, x0, y0) for x0, y0 in items)):
            forced[finest] = 1  # "Tinkune area (Kathmandu, Bagmati)", "the Islamabad High Court (...)": in the town
        else:
            forced[finest] = 2
    return sorted(set(keep), key=lambda i: mentions[i].start), forced


def _bears(name: str, town: Mention) -> bool:
    """An unfound name of a spot that bears the town's name ("Islamabad High Court"): in it."""
    words = [w.casefold() for w in name.split()]
    return len(words) > 1 and town.mention.casefold() in words and bool(_SPOT_WORD_RX.fullmatch(words[-1]))


#: The last word of a building's or an institution's name.
_SPOT_WORD_RX = re.compile(
    r"(?:court|ministry|parliament|assembly|senate|congress|palace|house|office|headquarters|embassy|consulate|university|"
    r"college|school|academy|hospital|clinic|market|bazaar|mall|square|plaza|park|stadium|station|terminal|airport|port|"
    r"harbou?r|bridge|mosque|church|cathedral|temple|monastery|prison|jail|barracks|hall|centre|center|tower|hotel|"
    r"roundabout|junction|street|avenue|road|boulevard|gate)s?", _I)


def _items(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans of the units of a hierarchy (cut at commas and at " in "; without "the")."""
    out: list[tuple[int, int]] = []
    cuts = [lo, *(c for m in _ITEM_CUT_RX.finditer(text, lo, hi) for c in (m.start(), m.end())), hi]
    for x0, y0 in zip(cuts[::2], cuts[1::2], strict=True):
        part = text[x0:y0]
        x1 = x0 + len(part) - len(part.lstrip())
        if text.startswith("the ", x1):
            x1 += 4
        out.append((x1, x0 + len(part.rstrip())))
    return out


_ITEM_CUT_RX = re.compile(r"[ \t]*,[ \t]*(?:in[ \t]+)?|[ \t]+in[ \t]+")
#: Words an item may open with before the unit's name: "Southern Shan State", "Upper Nile".
_ITEM_LEAD_RX = re.compile(rf"(?:[A-Z][\w-]+['’]s[ \t]+)?(?:{_PLACE_WORD}[ \t]+of[ \t]+)?"
                           r"(?:(?:north|south|east|west|central|upper|lower|middle|greater|inner|outer)(?:ern)?[ \t-]+)?", _I)
#: Kind words of a district-level unit, and of a part of a town.
_DISTRICT_WORD_RX = re.compile(
    r"district|sub-?district|county|sub-?county|lga|local[ \t]+government(?:[ \t]+area)?|territory|cercle|township|tehsil|"
    r"taluka?|upazila|raion|rayon|woreda|municipality|department|prefecture|sub-?prefecture|commune|zone|arrondissement|daira")
_DISTRICT_AFTER_RX = re.compile(rf"[ \t]+(?:{_DISTRICT_WORD_RX.pattern})\b", _I)
#: Kind words that make a name a place with no locative before it ("attacked Masala village").
_SETTLEMENT_KIND_RX = re.compile(r"village|town|hamlet|locality|settlement|community|neighbou?rhood|camp|ward|quarter|colonia|barrio|sector")
_DISTRICT_IN_RX = re.compile(rf"\b(?:{_DISTRICT_WORD_RX.pattern})\b", _I)
_QUARTER_WORD_RX = re.compile(r"neighbou?rhood|area|quarter|ward|suburb|township")


def _head_name(text: str, head: re.Match[str]) -> tuple[int, int]:
    """The span of the name a hierarchy follows, less words before it that name no place
    ("On Monday Kawo village (...)": Kawo)."""
    a, b = head.start("name"), head.end("name")
    for w in re.finditer(r"[\w'’.]+", text[a:b]):
        if w.group(0).casefold().strip("'’.") not in _NOT_PLACE and not _MONTH_OR_TITLE_RX.fullmatch(w.group(0)):
            return a + w.start(), b
    return b, b


_MONTH_OR_TITLE_RX = re.compile(r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?|(?:Mr|Mrs|Ms|Dr|Gen|Col|Capt|Lt)\.?|On|At|In")


def _stated_hierarchies(text: str, lo: int, hi: int) -> list[tuple[re.Match[str], tuple[int, int]]]:
    """The hierarchies stated in ``text[lo:hi]`` after a name: ``(name match, (start, end) of
    its units)``; a chain is one hierarchy ("X in the Y neighbourhood in the municipality of Z,
    W state": Y, Z and W locate X)."""
    out: list[tuple[re.Match[str], tuple[int, int]]] = []
    found = [*_PAREN_HIERARCHY_RX.finditer(text, lo, hi), *_COMMA_HIERARCHY_RX.finditer(text, lo, hi),
             *(_IN_UNIT_HIERARCHY_RX.finditer(text, lo, hi) if _IN_UNIT_GATE_RX.search(text, lo, hi) else ()),
             *_COMMA_AFTER_KIND_RX.finditer(text, lo, hi)]
    done = 0  # (the end of the last hierarchy read: ", Zamfara state" inside its brackets is part of it)
    for h in sorted(found, key=lambda x: x.start()):
        if h.start() < done or any(ch.isdigit() for ch in h.group("items")):
            continue
        if out and h.start() == done and h.re is _IN_UNIT_HIERARCHY_RX:
            out[-1] = (out[-1][0], (out[-1][1][0], h.end("items")))  # (the chain goes on)
            done = h.end()
            continue
        head = _HEAD_BEFORE_RX.search(text, max(lo, h.start() - 80), h.start())
        if h.re is _COMMA_AFTER_KIND_RX and (head is None or not _SETTLEMENT_KIND_RX.fullmatch((head.group("kind") or "").casefold())):
            continue  # (a bare ", Y" is a unit only after "X town", "X neighbourhood")
        if head is None and text[h.start()] == "(":
            head = _HEAD_SPOT_BEFORE_RX.search(text, max(lo, h.start() - 80), h.start())
        if head is None:
            continue
        done = h.end()
        out.append((head, (h.start("items"), h.end("items"))))
    return out


def _unit_level(text: str, mentions: Sequence[Mention], i: int, *, last: bool, alone: bool = False) -> str:
    """``region`` for a unit of the admin-1 level ("Kaduna state", an ADM1, the last of several
    units when it bears its region's name: "(Douentza, Mopti)"), else ``district``."""
    m = mentions[i]
    if m.kind == "country":
        return "country"
    if m.kind == "region":
        return "region" if (m.feature_code or "ADM1") == "ADM1" or _REGION_WORD_RX.match(text, m.end) else "district"
    if _REGION_WORD_RX.match(text, m.end):
        return "region"
    if (last or (alone and _names_region(m))) and not _DISTRICT_AFTER_RX.match(text, m.end):
        return "region"  # (the last of "(District, Region)": "Kharkiv" for its oblast; "Mazatlan town, Sinaloa")
    return "district"


def _agrees(x: Mention, unit: Mention, level: str) -> bool:
    """Where the geoparser put the place ``x`` agrees with a unit the text says holds it."""
    if x.country_code != unit.country_code:
        return False
    if level == "country":
        return True
    if None not in (x.lat, x.lon, unit.lat, unit.lon) and _km(x.lat, x.lon, unit.lat, unit.lon) < 80.0:  # type: ignore[arg-type]
        return True
    same = bool(x.admin1_code and x.admin1_code == unit.admin1_code) or bool(
        x.admin1 and (x.admin1 == unit.admin1 or x.admin1 == unit.name))
    if level == "region":
        return same
    # a district may be large: an exact name in its region and not far stands, a guessed
    # spelling does not
    far = None not in (x.lat, x.lon, unit.lat, unit.lon) and _km(x.lat, x.lon, unit.lat, unit.lon) > 150.0  # type: ignore[arg-type]
    return same and not far and x.method != "fuzzy" and x.confidence >= 0.5


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


_ROAD_AFTER_RX = re.compile(
    r"[ \t]+(?:highway|road|expressway|motorway|freeway|railway|railroad|rail line|route|corridor|pipeline|axis)\b", _I)


_ROAD_BEFORE_RX = re.compile(
    r"\b(?:highway|road|expressway|motorway|freeway|route|axis|corridor)(?:[ \t]+(?:no\.?|number)?[ \t]*[\w-]{1,6})?[ \t]+(?:from[ \t]+)?$", _I)
_BETWEEN_BEFORE_RX = re.compile(r"\bbetween[ \t]+(?:the[ \t]+)?(?:(?:towns?|villages?|cities)[ \t]+of[ \t]+)?$", _I)


def _road_ends(chosen: list[int], text: str, mentions: Sequence[Mention]) -> tuple[list[int], set[int]]:
    """"On the Dhaka-Mymensingh highway": the two towns name a road, not two scenes. The first
    stays, at ``geo_precision`` 2 (somewhere along the road near it); the second goes."""
    drop: set[int] = set()
    coarse: set[int] = set()
    for a, b in itertools.pairwise(chosen):
        ma, mb = mentions[a], mentions[b]
        gap = text[ma.end:mb.start].strip()
        if (gap in ("-", "–", "—", "/") and (_ROAD_AFTER_RX.match(text, mb.end)
                                             or _ROAD_BEFORE_RX.search(text, max(0, ma.start - 30), ma.start))) \
                or (gap.casefold() == "and" and _BETWEEN_BEFORE_RX.search(text, max(0, ma.start - 40), ma.start)):
            # ("on the road between A and B", "an ambush between A and B": one scene near one of
            # them, the surer reading)
            keep_a = ma.confidence >= mb.confidence
            drop.add(b if keep_a else a)
            coarse.add(a if keep_a else b)
            road = _ROAD_AFTER_RX.match(text, mb.end)
            if road and _SPOT_ON_ROAD_RX.match(text, road.end()) and any(mentions[c].start > mb.end for c in chosen):
                drop.add(a)  # "along the Abuja-Kaduna highway near Katari (...)": the road only says where Katari is
                drop.add(b)
    return [i for i in chosen if i not in drop], coarse


_SPOT_ON_ROAD_RX = re.compile(r"[ \t]+(?:near|at|in|outside|close[ \t]+to|around)[ \t]+(?:the[ \t]+)?[A-Z\w]", _I)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def country_mentions(s: Sentence, mentions: Sequence[Mention]) -> list[int]:
    return [i for i in s.mention_ix if mentions[i].kind == "country" and s.labels[i] == "ok"]


#: A country named as a border ("US border", "India-Myanmar border", "the border with Iraq").
_BORDER_AFTER_RX = re.compile(r"(?:[ \t]*[-–/][ \t]*[A-Z]\w*(?:[ \t]+[A-Z]\w*)?)?[ \t]+borders?\b", _I)
_BORDER_BEFORE_RX = re.compile(
    r"\bborders?[ \t]+(?:with|of)[ \t]+(?:the[ \t]+)?(?:[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*)*(?:,[ \t]*|[ \t]+(?:and|or)[ \t]+))*$")


_NEAR_THE_RX = re.compile(r"\b(?:near|close to|towards?|by)[ \t]+(?:the[ \t]+)?$", _I)


def border_reference(text: str, m: Mention) -> bool:
    """The country mention ``m`` names a border the act was near ("near the US border", "the
    border with Iraq"), not the country it was in ("on the Saudi-Yemeni border" is either)."""
    return bool(_BORDER_AFTER_RX.match(text, m.end) and _NEAR_THE_RX.search(text, max(0, m.start - 20), m.start)) \
        or bool(_BORDER_BEFORE_RX.search(text, max(0, m.start - 60), m.start))


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
    offsets): "X village (Y district", "X, Y district"; not a part of the town that follows
    ("Mayo neighbourhood (Khartoum, ...)": in Khartoum itself)."""
    k = s_text.find(name)
    gap = s_text[k + len(name):mention_offset]
    if k >= 0 and (_THE_BEFORE_RX.search(s_text, max(0, k - 5), k) or _SPOT_WORD_RX.fullmatch(name.split()[-1])) \
            and re.match(r"^[ \t]+(?:in|at)[ \t]+$|^[ \t]*\([ \t]*$", gap):
        return False  # a building or an institution in the town ("the Legislative Yuan in Taipei"): in it
    return k >= 0 and k + len(name) <= mention_offset and bool(_HELD_BY_RX.match(gap)) \
        and not _QUARTER_GAP_RX.match(gap)


_THE_BEFORE_RX = re.compile(r"\bthe[ \t]+$", _I)


_QUARTER_GAP_RX = re.compile(r"[ \t]+(?:neighbou?rhood|area|quarter|ward|suburb)[ \t]*(?:\(|,)", _I)
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


def stated_unresolved(a: int, b: int, unresolved: Sequence[Unresolved], *, text: str = "",
                      mentions: Sequence[Mention] = ()) -> Unresolved | None:
    """The first name in ``[a, b)`` the geoparser could not place: one with the unit that holds
    it (``within``: "X village (Y district, Z region)"), else a landmark with no town in the
    text; ``None`` when there is neither. With the ``text`` and its ``mentions``, not a unit
    of the hierarchy that locates a place found ("Goma (Nyiragongo, North Kivu)": Nyiragongo
    only says where Goma is)."""
    inside = [u for u in unresolved if a <= u.start < b]
    if text and inside:
        ends = {m.end for m in mentions}
        starts = {m.start for m in mentions}
        units = [span for head, items in _stated_hierarchies(text, a, b)
                 if head.end("name") in ends or _head_name(text, head)[0] in starts
                 for span in (items, _head_name(text, head))]
        inside = [u for u in inside if not any(x <= u.start < y for x, y in units)]
    return next((u for u in inside if u.within is not None),
                next((u for u in inside if u.kind == "landmark"), None))


def within_place(u: Unresolved, mentions: Sequence[Mention], ix: Sequence[int], *, text: str = "") -> Place | None:
    """Where to place an event at ``u``: its ``within`` unit, ``geo_precision`` 2 for a town
    (somewhere in it, not the town itself), 3 for a region; ``None`` without ``within``. The
    sentence's mention of that unit (``ix``) becomes the place's mention."""
    w: Candidate | None = u.within
    if w is None or w.kind not in ("city", "region"):
        return None
    k = next((i for i in ix if mentions[i].geonameid == w.geonameid), None)
    return Place(
        key=f"g:{w.geonameid}", name=w.name, admin1=w.admin1, country_code=w.country_code or None,
        lat=w.lat, lon=w.lon, geonameid=w.geonameid,
        # (a part of a town the text names, "Tinkune area (Kathmandu, ...)", is in the town: 1)
        geo_precision=(1 if text and k is not None and _QUARTER_GAP_RX.match(text, u.end)
                       and not _DISTRICT_AFTER_RX.match(text, mentions[k].end) else 2) if w.kind == "city" else 3,
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
    """The report's mentions as event extraction reads them: each one through :func:`normalise`,
    then the countries the text names in a form the geoparser missed (:func:`country_spans`)
    replace what it read there ("S. Sudan" is South Sudan, not Sudan; "C.Africa" the Central
    African Republic, not the continent; "DR Congo" and "Democratic Republic of Congo" the
    DRC), and a town found under a country's own name is that country ("Kosovo")."""
    out = [_country_named_as_town(text, normalise(m)) for m in mentions]
    out = [_namesake_at_home(m, out) for m in out]
    report_id = mentions[0].report_id if mentions else ""
    for a, b, code in country_spans(text):
        inside = [m for m in out if m.start < b and a < m.end]
        if any(m.kind == "country" and m.country_code == code for m in inside) \
                or any(m.start < a or m.end > b for m in inside):
            continue  # read right already, or part of a longer name
        new = _country_mention(report_id, text, a, b, code)
        if new is not None:
            out = sorted([m for m in out if m not in inside] + [new], key=lambda m: m.start)
    return out


#: An initial standing for a compass word before a name: "C.Africa", "S. Sudan", "CAfrica".
_INITIAL_RX = re.compile(r"(?<![\w.&])([CNSEW])(?:\.[ \t]?|(?=[A-Z][a-z]))(?=[A-Z][a-z])")
_INITIAL_WORDS = {"C": ("Central",), "N": ("North", "Northern"), "S": ("South", "Southern"),
                  "E": ("East", "Eastern"), "W": ("West", "Western")}
#: Capitalised words joined by spaces, hyphens and the small words of country names
#: ("Democratic Republic of Congo", "Cote d'Ivoire", "DR Congo").
_CAP_RUN_RX = re.compile(
    r"[A-Z]\w*(?:(?:[ \t]+(?:(?:of|the|and|de|du|del)[ \t]+)*|[ \t]+d['’]|-)[A-Z]\w*)+")
_CAP_WORD_IN_RUN_RX = re.compile(r"[A-Z]\w*")
_COMPLEMENT_RX = re.compile(r"\b(?:of|de|du|del|for)[ \t]+$")
#: Titles before a surname that a country's short form can follow ("Dr Congo" is a person).
_TITLES = {"dr", "mr", "mrs", "ms", "prof", "gen", "sen", "rep", "gov", "capt", "col", "lt", "sgt", "st",
           "president", "general", "minister", "king", "queen", "prince", "bishop", "pope"}


def expand_initial(word: str) -> list[str]:
    """The names an initial-abbreviated name may stand for: "C.Africa" -> ["Central Africa"],
    "S. Sudan" -> ["South Sudan", "Southern Sudan"]; ``[]`` when it has no such initial."""
    m = _INITIAL_RX.match(word)
    if m is None:
        return []
    rest = word[m.end():]
    return [f"{w} {rest}" for w in _INITIAL_WORDS[m.group(1)]]


def country_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, alpha-2)`` of the country names of ``text`` that a registry spelling of
    the gazetteer gives in full (not an adjective, not an acronym): runs of two or more
    capitalised words ("DR Congo", "Cote d'Ivoire"; "of Congo" also read as "of the Congo"),
    names abbreviated to a compass initial ("C.Africa", "S. Sudan", "N. Korea"), and one-word
    names of countries the gazetteer's country table lacks (GeoNames' names: "Kosovo").
    Spans do not overlap (abbreviations first, then longer runs first)."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []

    def add(a: int, b: int, code: str | None) -> None:
        if code and not any(x < b and a < y for x, y in taken):
            found.append((a, b, code))
            taken.append((a, b))

    for m in _INITIAL_RX.finditer(text):
        words = list(_CAP_WORD_IN_RUN_RX.finditer(text, m.end(), min(len(text), m.end() + 60)))
        run = [words[0]] if words and words[0].start() == m.end() else []
        for w in words[1:3]:
            if not run or not re.fullmatch(r"[ \t]+", text[run[-1].end():w.start()]):
                break
            run.append(w)
        for k in range(len(run), 0, -1):
            rest = text[m.end():run[k - 1].end()]
            code = next((c for w in _INITIAL_WORDS[m.group(1)] if (c := _full_country_name(f"{w} {rest}"))), None)
            if code:
                add(m.start(), run[k - 1].end(), code)
                break
    missing = _one_word_countries_missing()
    for w in _CAP_WORD_IN_RUN_RX.finditer(text):  # a one-word country the gazetteer lacks ("Kosovo")
        code = missing.get(w.group(0).casefold())
        if code:
            add(w.start(), w.end(), code)
    ends = _country_name_ends()
    for run_m in _CAP_RUN_RX.finditer(text):
        words = list(_CAP_WORD_IN_RUN_RX.finditer(text, run_m.start(), run_m.end()))
        if not any(w.group(0).casefold() in ends for w in words[1:]):
            continue  # (no word of it ends a country's name: nothing to look up)
        spans = sorted(((i, j) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 6))),
                       key=lambda ij: (ij[0] - ij[1], ij[0]))
        for i, j in spans:
            first = words[i].group(0)
            if words[j].group(0).casefold() not in ends:
                continue
            if first.casefold() in _TITLES and not first.isupper():  # ("DR Congo" is no doctor)
                continue
            a, b = words[i].start(), words[j].end()
            if any(x < b and a < y for x, y in taken) or _COMPLEMENT_RX.search(text, run_m.start(), a):
                continue  # (or the complement of a longer name: "the Chinese University of Hong Kong")
            name = text[a:b]
            code = _full_country_name(name)
            if code is None and " of " in name and " of the " not in name:
                code = _full_country_name(name.replace(" of ", " of the "))
            add(a, b, code)
    return sorted(found)


@functools.lru_cache(maxsize=1)
def _country_name_ends() -> frozenset[str]:
    """The last words of the gazetteer's names of countries ("congo", "ivoire", "republic")."""
    try:
        from geodata.places.gazetteer import default_gazetteer

        gaz = default_gazetteer()
        names = [n for code in {c[0] for c in COUNTRIES} for n in gaz.names_in(code, kind="country")[0]]
    except Exception:  # no gazetteer built
        return frozenset()
    return frozenset(n.split()[-1] for n in names if " " in n)


@functools.lru_cache(maxsize=1)
def _one_word_countries_missing() -> dict[str, str]:
    """One-word country names (ISO tables) whose country the gazetteer has no entry for."""
    return {n: c for n, c in country_names().items() if " " not in n and not _in_gazetteer(c)}


@functools.lru_cache(maxsize=4096)
def _full_country_name(name: str) -> str | None:
    """The country a name spells in full in the gazetteer (no adjective, no acronym)."""
    try:
        from geodata.places.gazetteer import ACRONYM, DEMONYM, default_gazetteer

        places = default_gazetteer().lookup(name)
    except Exception:  # no gazetteer built
        return None
    return next((p.country_code for p in places
                 if p.kind == "country" and p.country_code and not p.flags & (DEMONYM | ACRONYM)), None)


def _country_named_as_town(text: str, m: Mention) -> Mention:
    """A town the geoparser found under a country's own name, where the country is not in the
    gazetteer ("Kosovo", read as the town Kosovo Polje): that country (ISO name tables)."""
    if m.kind != "city":
        return m
    surface = text[m.start:m.end]
    code = name_to_iso(surface)
    if not code or m.name.casefold() == surface.casefold() or _in_gazetteer(code):
        return m
    new = _country_mention(m.report_id, text, m.start, m.end, code)
    return new if new is not None else m


def _country_mention(report_id: str, text: str, a: int, b: int, code: str) -> Mention | None:
    """A mention of the country ``code`` at ``text[a:b]`` (its point: the gazetteer's, else its
    capital's); ``None`` without any point."""
    point = _country_point(code)
    if point is None:
        return None
    name, lat, lon, gid, fcode = point
    return Mention(report_id=report_id, mention=text[a:b], start=a, end=b, name=name, geonameid=gid,
                   lat=lat, lon=lon, country_code=code, admin1=None, kind="country", confidence=0.8,
                   feature_code=fcode, method="exact")


@functools.lru_cache(maxsize=512)
def _in_gazetteer(code: str) -> bool:
    """The gazetteer has the country ``code`` (as a country); ``True`` without a gazetteer."""
    try:
        from geodata.places.gazetteer import default_gazetteer

        return default_gazetteer().country(code) is not None
    except Exception:  # no gazetteer built
        return True


@functools.lru_cache(maxsize=512)
def _country_point(code: str) -> tuple[str, float, float, int, str] | None:
    try:
        from geodata.places.gazetteer import default_gazetteer

        gaz = default_gazetteer()
        p = gaz.country(code)
        if p is None:  # (a country the gazetteer's country table lacks: its capital)
            cap = gaz.capital(code)
            return None if cap is None else (country_name(code) or code, cap.lat, cap.lon, cap.id, "PCLI")
    except Exception:  # no gazetteer built
        return None
    return p.name, p.lat, p.lon, p.id, p.feature_code


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
    # ("C.African troops": a compass initial spelt out, "Central African troops")
    text = _INITIAL_RX.sub(lambda m: _INITIAL_WORDS[m.group(1)][0] + " ", text)
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
    # else a country's adjective before any other word, or standing for its people ("Five
    # killed at a Mexican car wash", "Burmese kill 33"): not an origin or a source ("a
    # Chinese-made drone", "Iranian radio said"), nor a side's sponsor ("pro-Turkish factions")
    for m in _CAP_WORD_RX.finditer(text):
        two = m.group(0)
        words = re.split(r"[ -]", two)
        spans = [(words[0], m.start(), m.start() + len(words[0]))]
        if len(words) > 1:
            spans = [(two, m.start(), m.end()), *spans, (words[1], m.end() - len(words[1]), m.end())]
        for w, start, end in spans:
            if _SPONSOR_BEFORE_RX.search(text, max(0, start - 6), start) or _NOT_A_SCENE_AFTER_RX.match(text, end):
                continue
            code = demonym_of(w)
            if code:
                return code
    return None


_SPONSOR_BEFORE_RX = re.compile(r"\b(?:pro|anti|non|ex)-$", re.IGNORECASE)
_NOT_A_SCENE_AFTER_RX = re.compile(
    r"(?:-|\s+)(?:made|born|owned|based|built|backed|flagged|registered|language|speaking|speakers?|radio|tv|television|"
    r"media|news|newspapers?|press|agency|daily|channels?|websites?|sources?|embassy|consulate|ambassador|envoy|"
    r"diplomats?|foreign|citizens?|nationals?|passports?|origin|descent|compan(?:y|ies)|firms?|airlines?|banks?|"
    r"currency|pounds?|dollars?|pesos?|rupees?|dinars?|euros?|cuisine|food|football|team|league|side)\b",
    re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def demonym_of(word: str) -> str | None:
    """The country code of a country's adjective ("Afghan": ``AF``), else ``None``."""
    try:
        from geodata.places.gazetteer import DEMONYM, default_gazetteer

        gaz = default_gazetteer()
        # ("C.African": the initial of a compass word, "Central African")
        places = gaz.lookup(word) or [p for name in expand_initial(word) for p in gaz.lookup(name)]
        if not any(p.kind == "country" for p in places):
            # the adjective a plural name gives ("Philippine": the Philippines)
            places += [dataclasses.replace(p, flags=p.flags | DEMONYM)
                       for p in gaz.lookup(word + "s") if p.kind == "country" and p.name.endswith("s")]
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
    def acts(end: int) -> bool:  # "Sudan army", "Myanmar's military"
        return bool(_ACTOR_AFTER_RX.match(s.text, end) or (
            s.text[end:end + 2] in ("'s", "’s") and _ACTOR_AFTER_RX.match(s.text, end + 2)))

    return [i for i in s.mention_ix if mentions[i].kind == "country" and s.labels[i] == "actor"
            and acts(mentions[i].end - s.start)]
