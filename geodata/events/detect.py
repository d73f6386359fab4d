"""Event detection: what a sentence states happened, and the seam where a learned model decides.

:func:`specs_of` is the trigger-rule reading of one sentence (``geodata.events._triggers``):
the events it states, by family, with ACLED type and sub-type. :class:`Detector` is what the
extractor asks; by default (:data:`RULES`) the rules decide; ``Detector(model)`` lets any
object with ``predict(texts) -> [verdict with .is_event, .sub_event_type]`` decide whether
each sentence reports an event (see :class:`Detector`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from typing import Protocol

from geodata.events._cues import (
    ABDUCT_RX,
    ACT_WORDS_RX,
    ARMED_ACTOR_RX,
    ARMED_HIT_RX,
    ARMED_WORDS_RX,
    ARREST_RX,
    BODIES_RX,
    BY_NON_STATE_RX,
    CROWD_SIDES_RX,
    CUSTODY_RX,
    DEMO_CATS,
    DEMO_WORDS_RX,
    DISASTER_RX,
    FIGHT_RX,
    MEASURE_TAGS,
    NAMED_FIRE_RX,
    NONSTATE_RX,
    OVERTAKE_RX,
    PARTISANS_RX,
    POLICE_WORDS_RX,
    REGAIN_RX,
    RELEASE_RX,
    SEXUAL_RX,
    STATE_SUBJECT_RX,
    SUB_OF_CAT,
    UNREST_RX,
    VIOLENCE_CATS,
    WEAPON_TYPES,
    armed_clash,
)
from geodata.events._records import Sentence, Spec
from geodata.events._triggers import MEDIUM, STRONG, WEAK, TriggerHit, stated_as_fact
from geodata.events.taxonomy import EVENT_TYPES, tactic_rank

_I = re.IGNORECASE
_Violence = tuple[str, str, TriggerHit]
_FAMILY_OF_TYPE = {"Battles": "battle", "Explosions/Remote violence": "explosion", "Violence against civilians": "vac"}


def _measure_tags(hits: list[TriggerHit], kind: str) -> list[str]:
    tags: list[str] = []
    if kind == "emergency":
        for h in hits:
            for rx, tag in MEASURE_TAGS:
                if rx.search(h.text) and tag not in tags:
                    tags.append(tag)
                    break
    elif kind == "internet":
        tags.append("internet shutdown")
    elif kind == "deployment":
        tags.append("troop deployment")
    return tags


def _sort_hits(s: Sentence, demo_context: bool) -> tuple[list[Spec], list[TriggerHit], list[_Violence]]:
    """A sentence's hits as demonstration hits and violence ``(type, sub, hit)``; looting
    without a crowd is a spec of its own."""
    text = s.text
    specs: list[Spec] = []
    demo: list[TriggerHit] = []
    violence: list[_Violence] = []
    no_crowd = not DEMO_WORDS_RX.search(text)
    # "survivors of the 2011 massacre protested on Monday": an act named with its own past year,
    # in a sentence dated otherwise, is background
    dated_otherwise = any(d.iso and not _PREMODIFIER_YEAR_RX.match(d.text) for d in s.dates)
    disrupted = [h for h in _day_hits(s) if h.cat == "sd:Disrupted weapons use"]
    protest_words = any(x.cat == "protest" for x in _day_hits(s))
    measures = [h for h in _day_hits(s) if h.cat.startswith("measure:")]
    for h in _day_hits(s):
        if h.cat in DEMO_CATS and any(m.start <= h.start < m.end for m in measures):
            continue  # "banning gatherings", "prohibited all street demonstrations": the measure's object
        if h.cat == "riot" and protest_words and STATE_SUBJECT_RX.search(text[max(0, h.start - 60):h.start]):
            # "Security forces stormed the sit-in": force against protesters, not a riot
            demo.append(TriggerHit("intervention", h.start, h.end, h.strength, "", h.text))
            continue
        if h.cat == "protest" and _MOVE_RX.fullmatch(h.text) and ARMED_ACTOR_RX.search(text[:h.start]) \
                and not DEMO_WORDS_RX.search(text):
            continue  # "fighters took the headquarters and began marching on the capital": troops on the move
        if dated_otherwise and _YEAR_BEFORE_RX.search(text[max(0, h.start - 12):h.start]):
            continue
        if h.cat != "sd:Disrupted weapons use" and any(d.start <= h.start < _stopped_end(text, d) for d in disrupted):
            continue  # "soldiers defused an IED", "shot down 30 drones": the weapon did not strike
        if h.cat == "sd:Non-violent transfer of territory" and not ARMED_ACTOR_RX.search(text):
            continue  # "the candidate withdrew from the race": no armed side
        armed_arson = no_crowd and bool(ARMED_ACTOR_RX.search(text[:h.start])) and not _crowd_side(text[:h.start])
        if armed_arson and h.cat == "riot" and h.tag not in ("arson", "property destruction"):
            # "gunmen stormed a school", "soldiers stormed the village": armed men, not a crowd
            violence.append(("Violence against civilians", "Attack", h))
            continue
        if armed_arson and (h.cat == "loot" or (h.cat == "riot" and h.tag in ("arson", "property destruction"))):
            # "troops torched the village", "regime arson attacks": no crowd, an armed actor
            if not any(sp.family == "sd:looting" for sp in specs):
                specs.append(Spec("sd:looting", "Strategic developments", "Looting/property destruction", h.strength, h.start,
                                  [h.tag] if h.tag else []))
        elif h.cat == "riot" and h.tag in ("arson", "property destruction") and no_crowd and not demo_context \
                and not CROWD_SIDES_RX.search(text) and not _MANY_RX.search(text) \
                and not _STATE_SEAT_RX.search(text[h.start:h.end + 60]) and not _STREET_FIRE_RX.search(text) \
                and not any(x.cat in ("clash", "protest", "intervention", "excessive") for x in _day_hits(s)):
            # "unidentified persons vandalised a church", "a party office was set on fire": damage
            # with no crowd told anywhere is property destruction, not a riot
            if not any(sp.family == "sd:looting" for sp in specs):
                specs.append(Spec("sd:looting", "Strategic developments", "Looting/property destruction", h.strength, h.start, [h.tag]))
        elif h.cat == "riot" and STATE_SUBJECT_RX.search(text[max(0, h.start - 60):h.start]):
            # "Security forces stormed the protest camp": force against protesters, not a riot.
            demo.append(TriggerHit("intervention", h.start, h.end, h.strength, "", h.text))
        elif h.cat == "intervention" and _AT_A_VESSEL_RX.match(text, h.end) and not DEMO_WORDS_RX.search(text):
            # "coast guard ships fired water cannon at a supply boat": a stand-off at sea, no crowd
            if not any(sp.family == "sd:Other" for sp in specs):
                specs.append(Spec("sd:Other", "Strategic developments", "Other", h.strength, h.start))
        elif h.cat in DEMO_CATS:
            demo.append(h)
        elif h.cat == "clash":
            crowd_act = any(x.cat in ("riot", "protest", "mob") and x.strength >= MEDIUM for x in _day_hits(s)) \
                and not ARMED_WORDS_RX.search(text)
            if armed_clash(text, demo_context, h.start) and not crowd_act:
                violence.append(("Battles", "Armed clash", h))
            elif not (demo_context or _PROTEST_ACT_RX.search(text) or POLICE_WORDS_RX.search(text) or STATE_SUBJECT_RX.search(text + " ")):
                if _COMMUNAL_RX.search(text) and (s.casualties["fatalities"] or 0) > 0 and not s.casualties["cumulative"]:
                    # "members of the X community clashed with Y farmers, leaving 6 dead": communities
                    # fighting to kill are identity militias in an armed clash
                    violence.append(("Battles", "Armed clash", h))
                else:
                    # "supporters of rival parties fought with sticks": crowds against each other,
                    # no demonstration and no state side
                    demo.append(TriggerHit("mob", h.start, h.end, h.strength, "clashes", h.text))
            elif (_ARMED_COMMUNITY_RX.search(text) and not (demo_context or _PROTEST_ACT_RX.search(text))
                  and (s.casualties["fatalities"] or 0) > 0 and not s.casualties["cumulative"]):
                # "herders clashed with soldiers, leaving 5 dead": an identity militia's battle
                violence.append(("Battles", "Armed clash", h))
            else:
                demo.append(TriggerHit("riot", h.start, h.end, h.strength, "clashes", h.text))
        elif h.cat == "loot":
            tag = destruction_tag(h.text)
            if demo or DEMO_WORDS_RX.search(text) or demo_context:
                if not any(d.tag == tag and d.start <= h.start < d.end for d in demo):
                    demo.append(TriggerHit("riot", h.start, h.end, h.strength, tag, h.text))
            else:
                specs.append(Spec("sd:looting", "Strategic developments", "Looting/property destruction", h.strength, h.start, [tag]))
        elif h.cat == "territory":
            taken = _territory(text, h)
            if taken is None:
                continue
            if taken[0] == "Strategic developments":
                if not any(sp.family == "sd:Non-violent transfer of territory" for sp in specs):
                    specs.append(Spec("sd:Non-violent transfer of territory", *taken, h.strength, h.start))
            else:
                violence.append((*taken, h))
        elif h.cat == "overtake" and _HUMAN_OBJECT_RX.match(text, h.end):
            # "gunmen seized 27 schoolboys from a school": people taken, not a place
            violence.append(("Violence against civilians", "Abduction/forced disappearance", h))
        elif h.cat == "overtake" and (taken := _territory(text, h)) is not None and taken[0] == "Strategic developments":
            # "fighters took over the headquarters without resistance"
            if not any(sp.family == "sd:Non-violent transfer of territory" for sp in specs):
                specs.append(Spec("sd:Non-violent transfer of territory", *taken, h.strength, h.start))
        elif h.cat in VIOLENCE_CATS:
            et, sub = SUB_OF_CAT[h.cat]
            if h.cat == "regain" and _NONSTATE_SUBJECT_RX.search(_subject_words(text, h.start)) \
                    and not _state_subject(_subject_words(text, h.start)) \
                    and not re.search(r"\b(?:forces|army|troops|soldiers|military)\b", _subject_words(text, h.start), _I):
                et, sub = SUB_OF_CAT["overtake"]  # "rebels recaptured the town": an armed group's gain
            violence.append((et, sub, h))
        elif h.cat.startswith("explosion:"):
            violence.append(("Explosions/Remote violence", h.cat.split(":", 1)[1], h))
        elif h.cat.startswith("vac:"):
            violence.append(("Violence against civilians", h.cat.split(":", 1)[1], h))
        elif h.cat.startswith("sd:") and not any(sp.family == h.cat for sp in specs):
            specs.append(Spec(h.cat, "Strategic developments", h.cat.split(":", 1)[1], h.strength, h.start))
    return specs, demo, violence


#: The launch that the stopped weapon's own words go on to tell ("intercepted rockets fired at
#: X", "shot down drones launched from Y"): the same weapon, which did not strike.
_LAUNCHED_AFTER_RX = re.compile(r"\s+(?:(?:that|which) (?:were|was|had been) )?(?:\w+ly )?(?:fired|launched|sent|aimed|flown)\b", _I)


def _stopped_end(text: str, hit: TriggerHit) -> int:
    """Where a disrupted weapon's words end, with the launch told of it ("intercepted rockets
    fired at the town")."""
    m = _LAUNCHED_AFTER_RX.match(text, hit.end)
    return m.end() if m else hit.end


#: The words of a demonstration (not of a crowd alone).
_PROTEST_ACT_RX = re.compile(r"\b(?:protest\w*|demonstrat\w+|rall(?:y|ies|ied)|marche[sd]|marchers|marching|(?-i:march)|strik(?:e|es|ers|ing)|sit-ins?|"
                             r"riot(?:s|ed|ing|ers)?|rioters)\b", _I)
#: A mob as the subject ("a mob", "an angry mob of villagers").
_MOB_SUBJECT_RX = re.compile(r"\b(mobs?|crowds?|residents|villagers|locals|(?:angry|enraged) (?:men|people|youths))\b[^.;,]{0,40}$", _I)
#: A street's barricades and fires: a riot's, not a mob's attack on someone.
_STREET_RX = re.compile(r"\b(?:tyres|tires|barricades?|roads?|highways?|streets?|traffic|police)\b", _I)
#: A verb whose object the next words are ("killing residents", "attacked villagers").
_VERB_BEFORE_RX = re.compile(r"\b(?:kill\w*|attack\w*|abduct\w*|kidnap\w*|shoot\w*|shot|wound\w*|injur\w*|target\w*|displac\w*|"
                             r"rap\w+|beat\w*|robb\w+|loot\w*|of|and|leaving|left|among)\s+(?:(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                             r"\w+teen|\w+ty|several|many|dozens of|scores of|hundreds of|at least|more than|about|the|some|local)\s+)*$", _I)


def _crowd_side(before: str) -> bool:
    """Whether an unarmed side is named as a doer in ``before``: "villagers", "youths", not
    the victims of an act ("militia attacked the village, killing residents and burning
    houses": the burning is the militia's)."""
    return any(not _VERB_BEFORE_RX.search(before[:m.start()]) for m in CROWD_SIDES_RX.finditer(before))


#: The state's seats a crowd turns on, or people inside what burned: a riot against them, not
#: damage to property ("a police station was burned with ten officers inside").
_STATE_SEAT_RX = re.compile(
    r"\b(?:police (?:stations?|posts?|headquarters|station buildings?)|government (?:buildings?|offices?)|parliament|city hall|town hall|"
    r"courthouses?|(?:council|municipal|provincial|district|regional|governor's) (?:buildings?|offices?|headquarters)|tax offices?|"
    r"mayor's office)\b|\binside\b|\balive\b", _I)
#: A street's fires and barricades, or the police faced: a riot's marks.
_STREET_FIRE_RX = re.compile(r"\b(?:tyres|tires|barricades?|police(?!\s+(?:said|say|says|told|reported|confirmed|spokes\w+))|riot)\b", _I)
#: Many people as the doers: a crowd by its number or its mood ("hundreds of angry residents").
_MANY_RX = re.compile(r"\b(?:hundreds|thousands|dozens|scores|angry|enraged|furious|irate)\b", _I)
#: Sides of a communal fight (ACLED's identity militias when they kill).
_COMMUNAL_RX = re.compile(r"\b(?:communit(?:y|ies)|clans?|sub-clans?|tribes?|tribesmen|tribal|ethnic|herders|herdsmen|farmers|families|"
                          r"pastoralists|villagers from|youths? from)\b"
                          # a named people's youths ("Dinka and Nuer youths")
                          r"|(?<![\w-])(?-i:[A-Z][a-z]+)\s+(?:and\s+(?-i:[A-Z][a-z]+)\s+)?youths\b", _I)
#: A vessel as what a crowd-control weapon was aimed at ("water cannon at a supply boat").
_AT_A_VESSEL_RX = re.compile(r"\s+(?:(?:was|were)\s+)?(?:used\s+)?(?:at|against|on)\s+(?:an?\s+|the\s+|two\s+|several\s+)?(?:[\w'’-]+\s+){0,3}?"
                             r"(?:boats?|ships?|vessels?|ferr(?:y|ies)|trawlers?|yachts?)\b", _I)
#: Armed sides of a community (ACLED's identity militias), who fight even the state's forces.
_ARMED_COMMUNITY_RX = re.compile(r"\b(?:herders|herdsmen|pastoralists|tribesmen|clansmen|clan militia(?:s|men)?|ethnic militia(?:s|men)?|"
                                 r"communal militia(?:s|men)?)\b", _I)
#: A movement verb a protest trigger reads (armed men on the move are no demonstration).
_MOVE_RX = re.compile(r"(?:march(?:ed|ing)?|rall(?:ied|ying)|(?:the|a|their) march|paraded)", _I)
#: People as the object of a taking verb ("seized 27 schoolboys", "captured two aid workers").
_HUMAN_OBJECT_RX = re.compile(
    r"\s+(?:(?:at least|some|about|around|more than|over|nearly|up to|an?|the|two|three|four|five|six|seven|eight|nine|ten|"
    r"several|dozens of|scores of|hundreds of|\d[\d,]*)\s+)+(?:[\w-]+\s+){0,2}?"
    r"(?:civilians?|people|persons?|m[ae]n|wom[ae]n|child(?:ren)?|boys?|girls?|schoolboys|schoolgirls|schoolchildren|pupils|students?|"
    r"villagers?|residents?|farmers?|herders?|travell?ers?|passengers?|workers?|aid workers?|traders?|hostages?|worshippers|"
    r"teachers?|pastors?|priests?|journalists?|officials?|chiefs?|tourists?|fishermen|miners?)\b", _I)
#: The state's forces as a subject (a named "X Army" is an armed group's name, not the state's).
_STATE_WORDS_RX = re.compile(
    r"(?<!(?-i:[A-Z])[\w'’-]{2} )(?<!(?-i:[A-Z])[\w'’-]{3} )(?<!(?-i:[A-Z])[\w'’-]{4} )(?<!(?-i:[A-Z])[\w'’-]{5} )(?<!(?-i:[A-Z])[\w'’-]{6} )"
    r"(?<!(?-i:[A-Z])[\w'’-]{7} )(?<!(?-i:[A-Z])[\w'’-]{8} )(?<!(?-i:[A-Z])[\w'’-]{9} )(?<!(?-i:[A-Z])[\w'’-]{10} )(?<!(?-i:[A-Z])[\w'’-]{11} )"
    r"(?<!(?-i:[A-Z])[\w'’-]{12} )(?<!(?-i:[A-Z])[\w'’-]{13} )\b(?-i:Army)\b|\b(?:(?-i:army)|troops|soldiers|military|(?:government|security|regime|state|federal|national|pro-government|defen[cs]e|armed) forces|"
    r"national guard|police|gendarmes?|gendarmerie|marines|paratroopers)\b", _I)
#: A force named by its country's adjective ("the Sudanese Army", "the Ethiopian Navy"): a
#: state's, unless a capitalised word before the adjective makes a group's name ("the Free
#: Syrian Army").
_ADJ_FORCE_RX = re.compile(r"(?<![\w'’-])(?<!(?-i:[A-Z])[\w'’-] )(?<!(?-i:[A-Z])[\w'’-]{2} )(?<!(?-i:[A-Z])[\w'’-]{3} )"
                           r"(?<!(?-i:[A-Z])[\w'’-]{4} )(?<!(?-i:[A-Z])[\w'’-]{5} )(?<!(?-i:[A-Z])[\w'’-]{6} )"
                           r"(?<!(?-i:[A-Z])[\w'’-]{7} )(?<!(?-i:[A-Z])[\w'’-]{8} )(?<!(?-i:[A-Z])[\w'’-]{9} )"
                           r"(?<!(?-i:[A-Z])[\w'’-]{10} )(?<!(?-i:[A-Z])[\w'’-]{11} )"
                           r"((?-i:[A-Z][\w'’-]+))\s+(?-i:Army|Navy|Air Force|National Army|Defen[cs]e Forces?)\b")


def _state_subject(subject: str) -> bool:
    """Whether the words before a verb name the state's forces: their common words ("troops",
    "the army") or a force after a country's adjective ("the Sudanese Army")."""
    if _STATE_WORDS_RX.search(subject):
        return True
    from geodata.events._places import demonym_of  # (late: the place layer loads the gazetteer)

    return any(demonym_of(m.group(1)) for m in _ADJ_FORCE_RX.finditer(subject))


_NONSTATE_SUBJECT_RX = re.compile(r"\b(?:rebels?|militants?|insurgents?|jihadists?|fighters|militia(?:s|men)?|gunmen|"
                                  r"guerrill\w+|separatists?|armed groups?|gangs?|bandits)\b", _I)
#: What says a place changed hands without a fight.
_UNFOUGHT_RX = re.compile(r"\bwithout (?:a |any )?(?:fight|fighting|resistance|a shot|firing a shot|bloodshed|clashes|opposition|combat)\b|"
                          r"\bunopposed\b|\buncontested\b|\bpeacefully\b", _I)
_WITHDRAWN_RX = re.compile(r"\b(?:withdr[ae]w\w*|pulled out|pull-?out|retreat(?:ed|ing)?|abandon(?:ed|ing)|vacat(?:ed|ing)|left|"
                           r"evacuat(?:ed|ing)|depart(?:ed|ure)|handed over|handover)\b", _I)
_FOUGHT_RX = re.compile(r"\b(?:fight(?:ing|s)?|fought|clash\w*|battles?|offensive|assault|attack\w*|shell\w*|air ?strikes?|"
                        r"exchange of fire|exchanged fire|ambush\w*|killed|killing|dead|deaths|fatalit\w+|casualt\w+|wounded|injured)\b", _I)
_SUBJECT_CUT_RX = re.compile(r"[;:]|,\s+(?:and|but|while|after|as)\b|\b(?:after|when|before|while|as|and then)\b", _I)


def _subject_words(text: str, at: int) -> str:
    """The words before a verb in its clause (where its subject is)."""
    before = text[max(0, at - 90):at]
    cuts = list(_SUBJECT_CUT_RX.finditer(before))
    return before[cuts[-1].end():] if cuts else before


def _territory(text: str, h: TriggerHit) -> tuple[str, str] | None:
    """The type of a place taken: without a fight (a withdrawal, "unopposed") a non-violent
    transfer; else the state's forces regain it, anyone else overtakes it. ``None`` when a crowd
    took it (a riot's) or nothing armed is told."""
    subject = _subject_words(text, h.start)
    if DEMO_WORDS_RX.search(subject) or _crowd_side(subject):
        return None  # "protesters occupied the town hall": the riot triggers tell it
    armed = (ARMED_ACTOR_RX.search(text) or _NONSTATE_SUBJECT_RX.search(text) or FIGHT_RX.search(text)
             or re.search(r"\b(?-i:[A-Z][A-Z0-9-]{1,})\b", subject) or re.search(r"(?-i:Army|Forces|Front|Movement|Brigade)", subject))
    if not armed:
        return None
    fought = any(stated_as_fact(text, m.start(), m.end()) for m in _FOUGHT_RX.finditer(text))
    if _UNFOUGHT_RX.search(text) or (_WITHDRAWN_RX.search(text) and not fought):
        return ("Strategic developments", "Non-violent transfer of territory")
    if _state_subject(subject) and not _NONSTATE_SUBJECT_RX.search(subject):
        return SUB_OF_CAT["regain"]
    return SUB_OF_CAT["overtake"]


_LOOT_VERB_RX = re.compile(r"loot|plunder|pillag|ransack|rob|steal|stole|carr(?:y|ied) off|made off", _I)
_ARSON_VERB_RX = re.compile(r"burn|torch|fire|ablaze|alight|arson|petrol|molotov", _I)


def destruction_tag(verb: str) -> str:
    """The tag a verb of damage earns: 'looting' only when goods were taken ("looted",
    "plundered"), 'arson' for a fire ("torched", "burned"), else 'property destruction'."""
    if _LOOT_VERB_RX.search(verb):
        return "looting"
    if _ARSON_VERB_RX.search(verb):
        return "arson"
    return "property destruction"


_CUSTODY_WHERE_RX = re.compile(
    r"(?P<place>\b[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*)*)\s*,\s+where\s+[^.;]{0,120}?(?P<act>\b(?:died|killed|death)\b[^.;]{0,30}?\bcustody\b)")
_OWN_DEVICE_RX = re.compile(
    r"\b(?:exploded|went off|blew up|detonated|burst)\s+(?:prematurely\s+)?(?:in|while in|inside)\s+(?:his|her|their|the man's|the victim's)\s+"
    r"(?:own\s+)?(?:hands?|pockets?)\b", _I)
_YEAR_BEFORE_RX = re.compile(r"\bthe\s+(?:1[89]|20)\d\d\s+$", _I)
_PREMODIFIER_YEAR_RX = re.compile(r"^the\s+(?:1[89]|20)\d\d$", _I)
_TOLL_VERB_RX = re.compile(r"(?:kill(?:s|ed|ing)?|shot dead|shoot(?:s|ing)? dead|slain|wound(?:s|ed|ing)?|injur(?:es|ed|ing))$", _I)


def _demo_spec(s: Sentence, demo: list[TriggerHit], violence: list[_Violence],
               arrests: list[TriggerHit]) -> tuple[Spec, list[_Violence], list[Spec]]:
    """The demonstration a sentence states, the violence left to type on its own, and an
    attack told as a separate event."""
    cas = s.casualties
    lethal = (cas["fatalities"] or 0) > 0 and not cas["cumulative"]
    separate: list[Spec] = []
    if any(h.cat == "mob" for h in demo) and not _PROTEST_ACT_RX.search(s.text):
        # "a mob beat a thief and burned his house", "residents assaulted and set alight two
        # robbers": no demonstration, the crowd's damage is part of its mob violence
        demo = [TriggerHit("mob", h.start, h.end, h.strength, h.tag, h.text) if h.cat == "riot" else h for h in demo]
    elif any(h.cat == "riot" and (m := _MOB_SUBJECT_RX.search(s.text[max(0, h.start - 60):h.start])) is not None
             and not _VERB_BEFORE_RX.search(s.text[max(0, h.start - 60):h.start][:m.start(1)])
             and not ARMED_WORDS_RX.search(s.text[:h.start])
             and (m.group(1).lower().startswith("mob") or not (_STATE_SEAT_RX.search(s.text) or _STREET_RX.search(s.text)))
             for h in demo) and not _PROTEST_ACT_RX.search(s.text):
        # "a mob set fire to churches": a mob, not a demonstration
        demo = [TriggerHit("mob", h.start, h.end, h.strength, h.tag, h.text) if h.cat == "riot" else h for h in demo]
    cands = [SUB_OF_CAT[h.cat] for h in demo]
    if arrests and demo:
        cands.append(SUB_OF_CAT["intervention"])
    et, sub = min(cands, key=lambda p: tactic_rank(*p))
    strength = max(h.strength for h in demo)
    if arrests and demo:
        # "arrested leaders as they tried to hold a demonstration": the arrest is told as done
        strength = max(strength, MEDIUM, *(h.strength for h in arrests))
    if any(h.cat != "protest" for h in demo) or (not cas["cumulative"] and (cas["fatalities"] or cas["injuries"])):
        strength = max(strength, MEDIUM)
    tags = [h.tag for h in demo if h.tag]
    attacks = [v for v in violence if v[0] == "Violence against civilians" and v[1] == "Attack"]
    if attacks and not _separate_clauses(s, attacks[0][2], demo):
        if et == "Protests" and PARTISANS_RX.search(s.text) and not STATE_SUBJECT_RX.search(s.text[:attacks[0][2].end]):
            # Partisans, not the state, attacking a protest: mob violence, not force by police.
            et, sub = SUB_OF_CAT["mob"]
        elif et == "Protests" and BY_NON_STATE_RX.match(s.text, attacks[0][2].end) \
                and not STATE_SUBJECT_RX.search(s.text[:attacks[0][2].end]):
            # "marchers were attacked by men armed with machetes": not the state's force, an
            # intervention by others
            et, sub = SUB_OF_CAT["intervention"]
        elif et == "Protests":
            # Killings at a protest are excessive force, not a separate attack.
            et, sub = SUB_OF_CAT["excessive"]
        violence = [v for v in violence if v[1] != "Attack"]
    elif attacks:
        # "Rioters torched cars on Thursday after police shot dead a driver on Tuesday": two events.
        separate.append(Spec("vac", "Violence against civilians", "Attack", attacks[0][2].strength, attacks[0][2].start))
        violence = [v for v in violence if v[1] != "Attack"]
    if lethal and et == "Protests" and sub != "Excessive force against protesters":
        if cas["victims"] == "security":
            et, sub = SUB_OF_CAT["riot"]
        else:
            et, sub = SUB_OF_CAT["excessive"]
    strongest = max(demo, key=lambda h: (h.strength, -h.start))
    return Spec("demo", et, sub, strength, strongest.start, tags), violence, separate


def _day_hits(s: Sentence) -> list[TriggerHit]:
    """The hits of a sentence, less those in a running total's closing clause ("..., and
    3,000 were arrested since the unrest began")."""
    cut = s.casualties.get("total_at")
    return s.hits if cut is None else [h for h in s.hits if h.start < cut]


def specs_of(s: Sentence, demo_context: bool) -> list[Spec]:
    """The events one sentence states, by family (the trigger rules)."""
    hits = _day_hits(s)
    specs, demo, violence = _sort_hits(s, demo_context)
    arrests = [h for h in hits if h.cat == "arrest"]
    separate: list[Spec] = []
    cas = s.casualties
    demo_spec: Spec | None = None
    if demo or (arrests and DEMO_WORDS_RX.search(s.text) and any(h.cat == "protest" for h in hits)):
        demo_spec, violence, separate = _demo_spec(s, demo, violence, arrests)
    if any(v[0] == "Explosions/Remote violence" for v in violence) and _OWN_DEVICE_RX.search(s.text):
        # "a man died when a device went off in his hand": a mishap with the victim's own
        # device, no remote attack (the death stays with the sentence's other act)
        violence = [v for v in violence if v[0] != "Explosions/Remote violence"]
    if violence and is_disaster(s.text):
        # "looted shops after a fuel tanker explosion": the blast is the accident's
        violence = [v for v in violence if v[0] != "Explosions/Remote violence"]
    blasts = [v[2].start for v in violence if v[0] == "Explosions/Remote violence"]
    if blasts:
        # "an IED exploded under a patrol, killing four soldiers": the killing after the blast is
        # its toll, armed victims do not make it a battle
        violence = [v for v in violence if not (v[0] == "Battles" and _TOLL_VERB_RX.match(v[2].text)
                                                and min(blasts) < v[2].start)] or violence
    strong_acts = [h.start for h in hits if h.strength >= STRONG and h.cat not in ("kill", "injure")]
    if violence and strong_acts:
        # a bare noun ("shooting", "an explosion") gives way to an act told with its verb or its
        # weapon ("a grenade exploded", "bandits stormed the village, shooting residents"), and a
        # lesser word after "after" is the cause of the act told before it ("residents looted a
        # depot after an explosion")
        first = min(strong_acts)
        told = any(v[2].strength >= STRONG for v in violence)
        violence = [v for v in violence if v[2].strength >= STRONG or not (
            (v[2].start > first and _CAUSE_BEFORE_RX.search(s.text[first:v[2].start]))
            or (told and (v[2].strength < MEDIUM or _generic_blast(v, violence))))]
    done_measures = [h for h in hits if h.cat.startswith("measure:") and h.strength >= STRONG]
    if violence and done_measures:
        # "deployed troops to X following clashes": fighting named by a noun as the measure's
        # cause is an earlier event, not one of this sentence
        m_end = min(h.end for h in done_measures)
        violence = [v for v in violence if not (
            v[2].start > m_end and not v[2].text.lower().endswith("ed")
            and _CAUSE_NOUN_RX.search(s.text, max(m_end, v[2].start - 40), v[2].start))]
    if violence and demo_spec is not None and all(v[2].strength < MEDIUM for v in violence):
        violence = []  # "protested against a police shooting": the noun is the grievance
    if violence:
        et, sub, h = min(violence, key=lambda v: tactic_rank(v[0], v[1]))
        if (et, sub) == ("Violence against civilians", "Attack") and not (s.casualties["fatalities"] or s.casualties["injuries"]) \
                and any(v[1] == "Abduction/forced disappearance" for v in violence):
            # "gunmen stormed a school and kidnapped 280 pupils": nobody hurt, an abduction
            et, sub, h = next(v for v in violence if v[1] == "Abduction/forced disappearance")
        if (et, sub) == ("Violence against civilians", "Attack"):
            # "a massacre carried out by warplanes", "targeted the market with missiles": the
            # means type the attack
            et, sub = weapon_type(s.text) or (et, sub)
        strength = max(v[2].strength for v in violence)
        vspec = Spec(_FAMILY_OF_TYPE[et], et, sub, strength, h.start)
        if demo_spec is not None and tactic_rank(et, sub) < tactic_rank(demo_spec.event_type or "", demo_spec.sub_event_type or ""):
            vspec.tags = demo_spec.tags
            demo_spec = None
            specs.append(vspec)
        elif demo_spec is None:
            specs.append(vspec)
    if demo_spec is not None:
        specs.append(demo_spec)
        custody = _CUSTODY_WHERE_RX.search(s.text)
        if custody is not None and (cas["fatalities"] or 0) > 0 and not any(sp.family == "vac" for sp in specs):
            # "Clashes were reported in A and B, where a man was detained and died in custody":
            # a death in custody at the place before "where" is an event of its own
            separate.append(Spec("vac", "Violence against civilians", "Attack", MEDIUM, custody.start("act"),
                                 clause=(custody.start("place"), len(s.text))))
    specs.extend(separate)
    if cas["cumulative"]:
        # A running total is not a new event.
        specs = [sp for sp in specs if sp.family not in ("sd:arrests", "casualty")]
        arrests = []
    if arrests and any(sp.sub_event_type == "Abduction/forced disappearance" for sp in specs):
        arrests = []  # "detained him; his whereabouts are unknown": a disappearance, not an arrest
    if arrests and demo_spec is None:
        specs.append(Spec("sd:arrests", "Strategic developments", "Arrests", max(h.strength for h in arrests), arrests[0].start))
    measures = [h for h in hits if h.cat.startswith("measure:") and h.strength >= STRONG]
    if measures and demo_spec is not None and demo_spec.strength < STRONG and all(
            h.start > measures[0].end and _CAUSE_BEFORE_RX.search(s.text[measures[0].end:h.start]) for h in demo):
        # "imposed a curfew after student protests": the protests are the curfew's cause
        specs = [sp for sp in specs if sp is not demo_spec]
        demo_spec = None
    for kind in ("emergency", "internet", "deployment"):
        mh = [h for h in hits if h.cat == f"measure:{kind}"]
        if mh and kind == "deployment" and all(h.strength <= WEAK for h in mh) and specs:
            continue  # "peacekeepers handed over their camp": the word names who acted, no deployment
        if mh:
            specs.append(Spec(f"sd:{kind}", "Strategic developments", "Other", max(h.strength for h in mh), mh[0].start,
                              _measure_tags(mh, kind), national=True, measure=kind))
    ag = [h for h in hits if h.cat == "agreement"]
    if ag:
        specs.append(Spec("sd:agreement", "Strategic developments", "Agreement", ag[0].strength, ag[0].start, [], national=True, measure="agreement"))
    if not specs:
        cas_hits = [h for h in hits if h.cat in ("kill", "injure")]
        if cas_hits and not cas["cumulative"] and (cas["fatalities"] or cas["injuries"]):
            specs.append(Spec("casualty", None, None, MEDIUM, cas_hits[0].start))
    if any(sp.family in ("vac", "battle", "explosion") for sp in specs):
        # houses burnt in a raid that killed: one attack, the destruction is part of it; a
        # withdrawal after fighting is no non-violent transfer
        specs = [sp for sp in specs if sp.family not in ("sd:looting", "sd:Non-violent transfer of territory")]
    if [sp.family for sp in specs] == ["sd:looting"] and cas["fatalities"] and not cas["cumulative"]:
        # "two bodies were found in a burned warehouse": the dead, not the damage, are the event
        specs = [Spec("casualty", None, None, MEDIUM, specs[0].anchor)]
    if specs and is_disaster(s.text):
        # a flood's toll, a plant's blast, an emergency over haze: only an unambiguous act stays
        specs = [sp for sp in specs if _act_despite_disaster(sp)]
    return specs


#: Goods seized or dismantled: drugs, arms, a lab ("seized a drug lab", "confiscated 40 rifles").
_GOODS_SEIZED_RX = re.compile(
    r"\b(?:seiz(?:e|es|ed|ing)|confiscat\w+|dismantl\w+)\s+(?:(?:an?|the|some|over|more than|about|\d[\d,.]*)\s+)*(?:[\w'’-]+\s+){0,3}?"
    r"(?:drugs?|narcotics|cocaine|heroin|methamphetamine|cannabis|marijuana|weapons?|arms|rifles|guns|firearms|ammunition|"
    r"rounds|explosives|(?:drug|cocaine|meth)\s+lab\w*|laborator(?:y|ies)|caches?|stockpiles?)\b", _I)
#: A cause word right before a noun of violence ("following clashes", "after renewed fighting in").
_CAUSE_NOUN_RX = re.compile(r"\b(?:after|following|in the wake of|in response to|amid)\s+(?:[\w'’-]+\s+){0,3}$", _I)
_CAUSE_BEFORE_RX = re.compile(r"\b(?:after|following|in the wake of|in response to|over|against)\b", _I)


def _generic_blast(v: _Violence, violence: list[_Violence]) -> bool:
    """A bare blast word ("exploded", "an explosion") beside a named weapon: the weapon types it."""
    return v[1] == "Remote explosive/landmine/IED" and v[2].strength < STRONG and any(
        w[0] == "Explosions/Remote violence" and w[2].strength >= STRONG and w[1] != v[1] for w in violence)


def is_disaster(text: str) -> bool:
    """Whether a sentence names a natural hazard or an accident (a flood, a gas explosion, a
    named wildfire: "the Valley Fire")."""
    return bool(DISASTER_RX.search(text) or NAMED_FIRE_RX.search(text))


def _act_despite_disaster(sp: Spec) -> bool:
    """A spec that stands in a sentence naming a natural hazard or an accident: a strong act of
    people on people (an attack, a clash, a protest), not a toll, damage, a blast or a measure."""
    return (sp.strength >= STRONG and not sp.national and sp.family not in ("casualty", "sd:looting", "explosion"))


_CLAUSE_RX = re.compile(
    r";|\s[–—]\s|,?\s+(?:while|whereas|where|after|before|when|following)\s+|(?<!such)(?<!as well)\s+as\s+(?!well\b|many\b|much\b|part\b|a result\b|long\b|if\b|though\b)",
    _I,
)


def clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence (split at ";", "as", "while", "after", "when"...)."""
    return list(_clauses(text))


@functools.lru_cache(maxsize=256)
def _clauses(text: str) -> tuple[tuple[int, int], ...]:
    # (asked once per spec and per date of a sentence: the last sentences' spans are kept)
    out: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_RX.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
            start = m.start()
    out.append((start, len(text)))
    return tuple(out)


_SEPARATE_RX = re.compile(r"\b(?:after|before|when|following|days after|a day after)\b|;", _I)


def _separate_clauses(s: Sentence, hit: TriggerHit, demo: list[TriggerHit]) -> bool:
    """The hit and the demonstration are told as two events: another clause, another date."""
    days = {h.iso for h in s.dates if h.iso and h.precision == 1}
    if len(days) < 2:
        return False
    for d in demo:
        a, b = sorted((d.end, hit.start)) if d.start < hit.start else sorted((hit.end, d.start))
        if not _SEPARATE_RX.search(s.text[a:b]):
            return False
    return True


def casualty_type(s: Sentence, demo_context: bool) -> tuple[str, str, str]:
    """Type of an event known only from its casualties (``family, type, sub``)."""
    victims = s.casualties["victims"]
    armed = ARMED_WORDS_RX.search(s.text)
    if CUSTODY_RX.search(s.text) and not DEMO_WORDS_RX.search(s.text):
        # a death in custody is the state's violence against a detainee, also in a report of
        # protests (unless the sentence itself is about the protest)
        return ("vac", "Violence against civilians", "Attack")
    if demo_context and not armed:
        if victims == "security":
            return ("demo", "Riots", "Violent demonstration")
        return ("demo", "Protests", "Excessive force against protesters")
    lex = lexical_type(s.text)
    if lex is not None and lex[0] in _FAMILY_OF_TYPE and lex[0] != "Violence against civilians":
        # "12 killed in fighting", "two dead in an artillery exchange": the fight or the weapon
        return (_FAMILY_OF_TYPE[lex[0]], lex[0], lex[1])
    if victims == "armed" or (victims == "security" and not demo_context):
        # the dead were armed (militants, soldiers): they fell fighting, not as civilians
        return ("battle", "Battles", "Armed clash")
    return ("vac", "Violence against civilians", "Attack")



def reported_act(text: str) -> bool:
    """Whether a sentence names an act of violence or unrest, or its toll, as having happened
    (see :data:`geodata.events._cues.ACT_WORDS_RX`): the least a sentence must say for a
    learned verdict alone to make an event of it."""
    return any(stated_as_fact(text, m.start(), m.end()) for m in ACT_WORDS_RX.finditer(text))


def weapon_type(text: str) -> tuple[str, str] | None:
    """The remote-violence type of the first weapon a sentence names, or ``None``.

    >>> weapon_type("A massacre carried out by warplanes in the north")
    ('Explosions/Remote violence', 'Air/drone strike')
    """
    return next((pair for rx, pair in WEAPON_TYPES if rx.search(text)), None)


def lexical_type(text: str) -> tuple[str, str] | None:
    """ACLED type and sub-type of the act a sentence names, from its words alone (who did what
    with what to whom), or ``None`` when they do not tell.

    The means first (an air strike, shelling, a bomb), then a fight or armed men hit (a battle;
    territory seized or retaken), then abduction, sexual violence, arrests, and a killing or an
    attack (violence against civilians); a protest or a riot is left to the caller.

    >>> lexical_type("Warplanes pound rebel-held villages")
    ('Explosions/Remote violence', 'Air/drone strike')
    >>> lexical_type("Army kills five separatists in the north")
    ('Battles', 'Armed clash')
    >>> lexical_type("Insurgents seize two towns in the east")
    ('Battles', 'Non-state actor overtakes territory')
    >>> lexical_type("Bodies of three men found dumped by a road")
    ('Violence against civilians', 'Attack')
    """
    weapon = weapon_type(text)
    if weapon is not None:
        return weapon
    if CUSTODY_RX.search(text):
        return ("Violence against civilians", "Attack")  # "died in police custody"
    if _GOODS_SEIZED_RX.search(text) and not FIGHT_RX.search(text) and not ARMED_HIT_RX.search(text) \
            and not re.search(r"\b(?:kill\w*|killed|dead|died|wounded|injured|clash\w*|fighting|gunfire|exchange of fire)\b", text, _I):
        return ("Strategic developments", "Other")  # "soldiers seized a drug lab": a seizure, no fight told
    if REGAIN_RX.search(text):
        return ("Battles", "Government regains territory")
    om = OVERTAKE_RX.search(text)
    if om is not None and NONSTATE_RX.search(text[:om.start()]):
        return ("Battles", "Non-state actor overtakes territory")
    fought = any(stated_as_fact(text, m.start(), m.end()) for m in FIGHT_RX.finditer(text))
    if fought or ARMED_HIT_RX.search(text) or om is not None:
        return ("Battles", "Armed clash")
    am = ABDUCT_RX.search(text)
    if am is not None and RELEASE_RX.search(text[:am.start()]):
        return ("Strategic developments", "Agreement")  # "rebels release six hostages": ACLED's prisoner release
    if am is not None:
        return ("Violence against civilians", "Abduction/forced disappearance")
    if SEXUAL_RX.search(text):
        return ("Violence against civilians", "Sexual violence")
    if UNREST_RX.search(text):
        return None
    if BODIES_RX.search(text):
        return ("Violence against civilians", "Attack")
    if ARREST_RX.search(text):
        return ("Strategic developments", "Arrests")
    return None


def _told_by_words(event_type: str, text: str) -> bool:
    """Whether a sentence has the words a type needs: a weapon for remote violence, a crowd or
    a protest for demonstrations, an arrest for arrests."""
    if event_type == "Explosions/Remote violence":
        return weapon_type(text) is not None
    if event_type in ("Protests", "Riots"):
        return bool(UNREST_RX.search(text) or DEMO_WORDS_RX.search(text))
    return True


# --- the seam: who decides -------------------------------------------------------------------
class Verdict(Protocol):
    """What a learned detector says about one sentence or clause (e.g.
    :class:`geodata.events.classifier.Prediction`)."""

    @property
    def is_event(self) -> float: ...  # probability that an event is *reported*

    @property
    def sub_event_type(self) -> str | None: ...  # one of ACLED's 25 sub-event types


class ClauseModel(Protocol):
    """A learned detector: one verdict per text, in order (batched for speed)."""

    def predict(self, texts: Sequence[str]) -> Sequence[Verdict]: ...


EVENT_TYPE_OF_SUB = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}
_FAMILY_OF_SUB = {
    "Arrests": "sd:arrests", "Looting/property destruction": "sd:looting", "Agreement": "sd:agreement",
}


def _family(event_type: str, sub: str) -> str:
    if event_type in ("Protests", "Riots"):
        return "demo"
    if event_type in _FAMILY_OF_TYPE:
        return _FAMILY_OF_TYPE[event_type]
    return _FAMILY_OF_SUB.get(sub, "sd:other")


class Detector:
    """Decides, per sentence, which events are reported: the trigger rules, optionally
    overruled by a learned model.

    Parameters
    ----------
    model
        ``None``: the trigger rules decide (:func:`specs_of`). Otherwise a :class:`ClauseModel`
        whose verdict on each sentence decides *whether* an event is reported: below
        ``threshold`` only the rules' unambiguous (``STRONG``) specs stand; at or above it, the
        rules' specs stand when they found any (they also carry tags, anchors and measures),
        else one spec of the model's sub-event type is made.
    threshold
        Probability from which the model's verdict is an event.
    add_threshold
        Probability from which the model alone (no trigger found) makes an event: higher, since
        it then also decides the type, and a sentence about an event (an announcement, a toll,
        a building's state) reads much like one that reports it.
    """

    def __init__(self, model: ClauseModel | None = None, threshold: float = 0.5,
                 add_threshold: float = 0.8) -> None:
        self.model = model
        self.threshold = threshold
        self.add_threshold = add_threshold

    def specs(self, sents: Sequence[Sentence], demo_context: bool) -> list[list[Spec]]:
        """One list of specs per sentence."""
        rules = [specs_of(s, demo_context) for s in sents]
        if self.model is None or not sents:
            return rules
        # (the verdict changes nothing where every rule reading is unambiguous: not asked)
        ask = [k for k, sp in enumerate(rules) if not sp or any(x.strength < STRONG for x in sp)]
        if not ask:
            return rules
        verdicts = self.model.predict([sents[k].text for k in ask])
        out = list(rules)
        for k, v in zip(ask, verdicts, strict=True):
            out[k] = self._arbitrate(rules[k], v, sents[k].text)
        return out

    def _arbitrate(self, specs: list[Spec], verdict: Verdict, text: str) -> list[Spec]:
        if verdict.is_event < self.threshold:
            # the model vetoes what the rules only guessed; an unambiguous trigger stands
            return [sp for sp in specs if sp.strength >= STRONG]
        if specs and verdict.is_event >= self.add_threshold and all(sp.strength < MEDIUM for sp in specs):
            # the model is sure an event is reported: a bare noun ("gunfire") it confirms is one
            return [dataclasses.replace(sp, strength=MEDIUM) for sp in specs]
        if specs or not verdict.sub_event_type or verdict.is_event < self.add_threshold or is_disaster(text):
            return specs
        if not reported_act(text):
            # nothing violent or unruly is told as done: a statement, a visit, a policy
            return specs
        sub = verdict.sub_event_type
        et = EVENT_TYPE_OF_SUB.get(sub)
        if et is None:
            return specs
        lex = lexical_type(text)
        if lex is not None:
            # the words tell who did what with what: they type the event, not the model
            et, sub = lex
        elif not _told_by_words(et, text):
            # the model names a means or a crowd the sentence does not: an attack it is
            et, sub = "Violence against civilians", "Attack"
        strength = STRONG if verdict.is_event >= 0.9 else MEDIUM
        return [Spec(_family(et, sub), et, sub, strength, 0)]


#: The trigger rules alone.
RULES = Detector()


@functools.lru_cache(maxsize=1)
def default_detector() -> Detector:
    """The learned classifier (:mod:`geodata.events.classifier`) arbitrating the rules, loaded
    once (and this detector made once per process); the rules alone when the model file is not
    there."""
    from geodata.events.classifier import EventClassifier

    try:
        model = EventClassifier.load()
    except FileNotFoundError:
        return RULES
    return Detector(model, threshold=model.threshold)
