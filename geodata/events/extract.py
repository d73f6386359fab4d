"""ACLED-style events from a report and its resolved place mentions.

>>> from datetime import date
>>> from geodata.model import Report
>>> from geodata.events.extract import extract_events
>>> r = Report("r1", "Police fired tear gas at protesters in Aktobe on Wednesday.", date(2022, 1, 6))
>>> extract_events(r, [])  # no place resolved: nothing to put on a map
[]

How a report becomes events (rule-based, for any country and year):

1. **Sentences** (:func:`split_sentences`), each searched for **triggers**: a lexicon per ACLED
   sub-event type (``geodata.events._triggers``). Triggers governed by a statement, plan or negation
   ("vowed a tough response to the protests", "urged restraint", "no clashes") are dropped. A
   bare noun ("the protests") makes an event only with a place and a date in its sentence.
2. **Type**: the highest tactic of the sentence in ACLED's order wins (a riot over a protest);
   killings in a protest crackdown are *Excessive force against protesters*; killings of the
   security forces by a crowd make it a riot. National measures (state of emergency, curfew,
   internet shutdown, troop deployment) are *Strategic developments: Other*, one event per
   measure, tagged.
3. **Place**: the sentence's own mentions, where things happened. A mention that is a
   commentator's base ("an analyst at X in London"), a government that speaks ("Washington
   said", "Russia's foreign ministry"), or a sender of troops is never an event place. A
   sentence without a place continues the scene of the previous event sentence (two sentences
   back at most; four when it says "the city", "there"), or introduces the next sentence's
   place. National measures without a place go to the country, ``geo_precision`` 4.
4. **Date** (``geodata.events.dates``): the sentence's own date; else the date of the scene it
   continues; else the date of the previous sentence when it continues the same place; else
   the report's main date (its most frequent recent day) with ``time_precision`` 2 and the
   tag ``date inferred``. Events dated after publication are dropped; without a publication
   date relative dates stay unknown (``event_date`` ``None``), never today's date.
5. **Casualties** (:func:`parse_casualties`) go to the event of their sentence (or of the scene
   it continues). A cumulative toll ("so far", "this week") is not a new event: it becomes a
   ``cumulative toll`` tag of its sentence's events and is not counted as their fatalities.
6. **Merge**: one event per place, day and family (protests and riots of one day merge, the
   higher tactic wins; fatalities: the largest single figure of the merged sentences, since
   reports repeat tolls). A national measure reported on several days is one event dated at
   its start. Arrests at a protest make it a *Protest with intervention*.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from geodata.events._actors import (
    INTER_OF,
    actor_for,
    country_info,
    find_organisations,
    forces_kind,
)
from geodata.events._casualties import parse_casualties, parse_number
from geodata.events._sentences import split_sentences
from geodata.events._triggers import MEDIUM, STRONG, WEAK, TriggerHit, find_triggers
from geodata.events.dates import DateHit, best_hit, find_dates, resolve_date
from geodata.events.taxonomy import (
    DISORDER_TYPES,
    EVENT_TYPES,
    INTER_CODES,
    SEVERITY_SCALE,
    TACTIC_ORDER,
    disorder_type,
    severity_of,
    tactic_rank,
)
from geodata.model import Event, Mention, Report

__all__ = [
    "DISORDER_TYPES",
    "EVENT_TYPES",
    "INTER_CODES",
    "SEVERITY_SCALE",
    "TACTIC_ORDER",
    "assign_roles",
    "disorder_type",
    "extract_events",
    "find_dates",
    "parse_casualties",
    "parse_number",
    "resolve_date",
    "severity_of",
    "split_sentences",
    "tactic_rank",
]

_I = re.IGNORECASE
_DEMO_CATS = {"protest", "intervention", "excessive", "riot", "mob"}
_VIOLENCE_CATS = {"battle", "regain", "overtake"}
_SUB_OF_CAT = {
    "riot": ("Riots", "Violent demonstration"),
    "mob": ("Riots", "Mob violence"),
    "excessive": ("Protests", "Excessive force against protesters"),
    "intervention": ("Protests", "Protest with intervention"),
    "protest": ("Protests", "Peaceful protest"),
    "battle": ("Battles", "Armed clash"),
    "regain": ("Battles", "Government regains territory"),
    "overtake": ("Battles", "Non-state actor overtakes territory"),
}
_MEASURE_TAGS = (
    (re.compile(r"state of (?:emergency|siege|exception|alarm)|emergency (?:rule|decree|powers)", _I), "state of emergency"),
    (re.compile(r"curfew", _I), "curfew"),
    (re.compile(r"martial law", _I), "martial law"),
    (re.compile(r"ban|banned|prohibited|outlawed", _I), "ban on gatherings"),
)
_NATIONAL_MEASURES = {"emergency", "internet", "deployment", "agreement"}

# --- place cues --------------------------------------------------------------------------
_ATTRIB_BEFORE_RX = re.compile(
    r"\b(?:told reporters|speaking|spoke|said|press conference|news conference|statement|interview|summit|talks|meeting|"
    r"visit(?:ing|ed)?|flew|returned|exile|fled|studied|lives|living|born|based|headquartered|summoned)\s+(?:\w+\s+){0,2}?"
    r"\b(?:in|from|to|at|based in)\s+(?:the\s+)?$",
    _I,
)
# An institution's or a commentator's seat ("an analyst at a think tank in London"), when the
# sentence reports speech.
_SEAT_BEFORE_RX = re.compile(
    r"\b(?:think[- ]?tanks?|institutes?|universit(?:y|ies)|colleges?|cent(?:er|re)s? for|foundations?|councils?|"
    r"analysts?|experts?|researchers?|professors?|fellows?|scholars?|lecturers?|correspondents?|reporters?|"
    r"journalists?|embass(?:y|ies)|ministr(?:y|ies)|departments?|spokes(?:wo)?m[ae]n|spokespersons?|agenc(?:y|ies)|"
    r"newspapers?|broadcasters?|watchdogs?|rights groups?|monitoring groups?|advocacy groups?|"
    r"rights organi[sz]ations?|consultanc(?:y|ies)|firms?|exchanges?|offices?|commissions?|clerics?|officials?|"
    r"commentators?)\b[^.;,]{0,45}?"
    r"\b(?:in|from|at|based in)\s+(?:the\s+)?$",
    _I,
)
#: The names before the last one of a list of places ("London, Paris and "), cut to find the
#: cue that opens the list (an "and" list only: "Afaka, Kaduna State" is a town and its region).
_LIST_TAIL_RX = re.compile(r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3},\s+)*"
                           r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3},?\s+and\s+$")
_SPEECH_RX = re.compile(r"\b(?:said|says|say|told|tells|stated|announced|warned|urged|according to|commented|argued|wrote|"
                        r"called|added|noted|believes?|thinks?|expressed|described|condemned|claimed|insisted|predicted)\b", _I)
_BASED_AFTER_RX = re.compile(r"^[-\s]?based\b", _I)
_SPEAKER_AFTER_RX = re.compile(
    r"^(?:[’']s\s+(?:foreign|interior|defen[cs]e|justice|state|prime|president|government|ministry|embassy|envoy|"
    r"ambassador|leaders?|parliament|officials?|authorities|spokes\w+|military|army|troops|forces|diplomats?|"
    r"representative|mission|delegation|response|reaction|position|stance|decision|role|support|allies|ally)\b"
    r"|\s+(?:(?:has|had|have|also|on \w+|later|quickly|swiftly)\s+)?(?:said|says|condemned|condemns|urged|urges|called|calls|warned|"
    r"warns|announced|announces|expressed|stated|denied|denies|accused|accuses|welcomed|critici[sz]ed|demanded|"
    r"pledged|vowed|responded|reacted|hopes|believes|insisted|insists|rejected|blamed|claimed|decided|agreed|offered|"
    r"sent|sends|send|will send|would send|is (?:closely )?following|was following|dispatched|deployed|promised|"
    r"backed|supported|imposed sanctions|voiced|summoned|recalled)\b)",
    _I,
)
_COUNTRY_ACTOR_AFTER_RX = re.compile(
    r"^\s+(?:prime minister|president|foreign minister|minister|officials?|authorities|government|embassy|"
    r"ambassador|envoy|troops|soldiers|forces|paratroopers|peacekeepers|army|military|diplomats?|leaders?|"
    r"state department|state media|media|news agency|television|newspaper|defen[cs]e ministry|foreign ministry)\b",
    _I,
)
_LOCATIVE_BEFORE_RX = re.compile(r"\b(?:in|at|near|outside|across|throughout|of|into|around|to|within|inside)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?$", _I)
_ORIGIN_BEFORE_RX = re.compile(r"\bfrom\s+(?:the\s+)?(?:neighbou?ring\s+)?$", _I)
_NEAR_BEFORE_RX = re.compile(
    r"\b(?:near|outside|outskirts of|on the outskirts of|suburbs? of|north of|south of|east of|west of|"
    r"north-?east of|north-?west of|south-?east of|south-?west of|(?:\d+|a few|several)\s*(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?(?:from|of|outside)|"
    r"district of|villages? (?:near|outside)|not far from|close to|on the road (?:to|from))\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$",
    _I,
)
_REFERENCE_BEFORE_RX = re.compile(
    r"\b(?:outskirts of|suburbs? of|(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west) of|"
    r"(?:\d+|a few|several)\s*(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?(?:from|of|outside))\s+(?:the\s+)?(?:(?:city|town|capital)\s+of\s+)?$",
    _I,
)
_ACROSS_BEFORE_RX = re.compile(r"\b(?:across|throughout|all over|around|nationwide in)\s+(?:the\s+)?$", _I)
_CAS_VERB_RX = re.compile(r"\b(?:killed|killing|died|dead|deaths|injured|wounded|arrested|detained|arrests)\b", _I)
_DEST_BEFORE_RX = re.compile(r"\b(?:to|into|in|for)\s+(?:help\s+)?(?:\S+\s+){0,1}$", _I)
_NATIONWIDE_RX = re.compile(
    r"\b(?:nationwide|countrywide|national (?:curfew|state of emergency|emergency|lockdown|strike|shutdown|blackout|mourning)|"
    r"across the country|throughout the country|all over the country|"
    r"across (?:the )?(?:whole )?(?:country|nation)|in (?:several|many|multiple|dozens of|other|major|all|most) (?:\w+ )?(?:cities|towns|regions|provinces|states|parts)|"
    r"in cities across|across (?:\w+ )?(?:cities|regions|provinces))\b",
    _I,
)
_ELSEWHERE_RX = re.compile(r"\b(?:elsewhere|in other (?:cities|towns|parts|regions)|other cities|meanwhile,? in)\b", _I)
_CONTINUE_RX = re.compile(
    r"\b(?:the (?:city|town|village|capital|region|province|district|area|building|square|airport|streets|port|centre|center)(?:['’]s)?|"
    r"there|the same (?:city|town|day|place)|nearby|local|outside|the crowd)\b",
    _I,
)
_FUTURE_RX = re.compile(r"\b(?:will|would|planned|plan to|plans to|scheduled|set to|expected to|next (?:week|month|year|\w+day))\b", _I)
_DEMO_WORDS_RX = re.compile(r"\b(?:protest\w*|demonstrat\w+|rioters?|crowds?|marchers|rall(?:y|ies)|youths|strikers|mobs?)\b", _I)
_ARMED_WORDS_RX = re.compile(r"\b(?:rebels?|militants?|insurgents?|jihadists?|fighters|militia(?:men|s)?|gunmen|armed (?:men|groups?)|bandits|terrorists)\b", _I)
_STATE_SUBJECT_RX = re.compile(
    r"\b(?:police(?:men)?|security forces|troops|soldiers|the army|paramilitar(?:y|ies)(?: fighters| forces)?|riot police|"
    r"officers|gendarmes|national guard|militiamen|militia)(?!\s+(?:stations?|posts?|cars?|vehicles?|vans?|trucks?|headquarters|"
    r"buildings?|precincts?|barracks|offices?|checkpoints?|bases?|academy|compound)\b)\s+(?:had\s+|have\s+|also\s+|then\s+|later\s+|reportedly\s+)?"
    r"(?:[\w-]+\s+(?:and|,)\s+)?(?:\w+\s+){0,3}?$",
    _I,
)
_POLICE_WORDS_RX = re.compile(r"\b(?:police|security forces|officers|troops|soldiers|riot police|gendarmes|army)\b", _I)


@dataclass
class _Place:
    key: str
    name: str
    admin1: str | None
    country_code: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    geo_precision: int
    mention_index: int | None = None
    mconf: float = 0.8


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    text: str
    hits: list[TriggerHit]
    dates: list[DateHit]
    mention_ix: list[int]
    labels: dict[int, str]
    casualties: dict
    #: A place the sentence names that the geoparser could not find ("the village of X").
    unresolved: str | None = None


@dataclass
class _Spec:
    """What one sentence says happened (before a place is found)."""

    family: str
    event_type: str | None
    sub_event_type: str | None
    strength: float
    anchor: int
    tags: list[str] = field(default_factory=list)
    national: bool = False
    measure: str | None = None
    clause: tuple[int, int] | None = None


@dataclass
class _Proto:
    place: _Place
    family: str
    event_type: str | None
    sub_event_type: str | None
    strength: float
    date: str | None
    precision: int
    date_how: str
    sentences: list[tuple[int, int]]
    sentence_ix: list[int]
    fatalities: int | None = None
    injuries: int | None = None
    arrests: int | None = None
    tags: list[str] = field(default_factory=list)
    victims: str | None = None
    measure: str | None = None
    sender: str | None = None


def _place_from_mention(m: Mention, idx: int, geo_precision: int) -> _Place:
    if m.kind == "country":
        key = f"c:{(m.country_code or m.name).upper()}"
    elif m.geonameid is not None:
        key = f"g:{m.geonameid}"
    else:
        key = f"n:{m.name.casefold()}|{m.country_code or ''}"
    return _Place(
        key=key, name=m.name, admin1=None if m.kind == "country" else m.admin1,
        country_code=m.country_code, lat=m.lat, lon=m.lon, geonameid=m.geonameid,
        geo_precision=geo_precision, mention_index=idx, mconf=m.confidence,
    )


def _country_place(code: str, mentions: Sequence[Mention], idx: int | None = None) -> _Place:
    if idx is not None:
        p = _place_from_mention(mentions[idx], idx, 4)
        info = country_info(code)
        if p.lat is None:
            p.lat, p.lon = info.lat, info.lon
        return p
    for i, m in enumerate(mentions):
        if m.kind == "country" and m.country_code == code and m.lat is not None:
            p = _place_from_mention(m, i, 4)
            p.mention_index = None
            return p
    info = country_info(code)
    return _Place(f"c:{code.upper()}", info.name, None, code, info.lat, info.lon, info.geonameid, 4, None, 0.7)


def _label(text: str, s0: int, s1: int, m: Mention) -> str:
    """``ok`` (can be an event place), ``context`` (a commentator's city...), ``actor`` (a
    government that speaks or sends troops) or ``origin`` ("from X")."""
    if m.country_code is None or (m.lat is None and m.kind != "country"):
        return "context"
    if m.confidence and m.confidence < 0.2:
        return "context"
    before = text[max(s0, m.start - 80):m.start]
    after = text[m.end:min(s1, m.end + 60)]
    if _BASED_AFTER_RX.match(after):
        return "context"
    if _ATTRIB_BEFORE_RX.search(before):
        return "context"
    # (a seat may open a list: "the ministries in London and Paris said")
    if _SEAT_BEFORE_RX.search(_LIST_TAIL_RX.sub("", before)) and _SPEECH_RX.search(text, s0, s1):
        return "context"
    locative = bool(_LOCATIVE_BEFORE_RX.search(before[-40:]))
    if not locative and _SPEAKER_AFTER_RX.match(after):
        return "actor"
    if m.kind == "country" and (_COUNTRY_ACTOR_AFTER_RX.match(after) or re.match(r"^[’']s\s+(?:president|prime|government|foreign|interior|defen)", after, _I)):
        return "actor"
    if _ORIGIN_BEFORE_RX.search(before[-30:]):
        return "origin"
    return "ok"


def _sentence_mentions(starts: list[int], sents: list[tuple[int, int]], mentions: Sequence[Mention]) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in sents]
    sent_starts = [a for a, _ in sents]
    for i, m in enumerate(mentions):
        k = bisect_right(sent_starts, m.start) - 1
        if 0 <= k < len(sents) and m.start < sents[k][1]:
            out[k].append(i)
    for lst in out:
        lst.sort(key=lambda i: mentions[i].start)
    return out


def _measure_tags(hits: list[TriggerHit], kind: str) -> list[str]:
    tags: list[str] = []
    if kind == "emergency":
        for h in hits:
            for rx, tag in _MEASURE_TAGS:
                if rx.search(h.text) and tag not in tags:
                    tags.append(tag)
                    break
    elif kind == "internet":
        tags.append("internet shutdown")
    elif kind == "deployment":
        tags.append("troop deployment")
    return tags


def _specs(s: _Sentence, demo_context: bool) -> list[_Spec]:
    """The events one sentence states, by family."""
    hits = s.hits
    text = s.text
    specs: list[_Spec] = []
    demo: list[TriggerHit] = []
    violence: list[tuple[str, str, TriggerHit]] = []
    for h in hits:
        if h.cat == "riot" and _STATE_SUBJECT_RX.search(text[max(0, h.start - 60):h.start]):
            # "Security forces stormed the protest camp": force against protesters, not a riot.
            demo.append(TriggerHit("intervention", h.start, h.end, h.strength, "", h.text))
        elif h.cat in _DEMO_CATS:
            demo.append(h)
        elif h.cat == "clash":
            if _ARMED_WORDS_RX.search(text) and not _DEMO_WORDS_RX.search(text):
                violence.append(("Battles", "Armed clash", h))
            else:
                demo.append(TriggerHit("riot", h.start, h.end, h.strength, "clashes", h.text))
        elif h.cat == "loot":
            if demo or _DEMO_WORDS_RX.search(text) or demo_context:
                demo.append(TriggerHit("riot", h.start, h.end, h.strength, "looting", h.text))
            else:
                specs.append(_Spec("sd:looting", "Strategic developments", "Looting/property destruction", h.strength, h.start, ["looting"]))
        elif h.cat in _VIOLENCE_CATS:
            et, sub = _SUB_OF_CAT[h.cat]
            violence.append((et, sub, h))
        elif h.cat.startswith("explosion:"):
            violence.append(("Explosions/Remote violence", h.cat.split(":", 1)[1], h))
        elif h.cat.startswith("vac:"):
            violence.append(("Violence against civilians", h.cat.split(":", 1)[1], h))
    arrests = [h for h in hits if h.cat == "arrest"]
    separate: list[_Spec] = []
    cas = s.casualties
    lethal = (cas["fatalities"] or 0) > 0 and not cas["cumulative"]
    demo_spec: _Spec | None = None
    if demo or (arrests and _DEMO_WORDS_RX.search(text) and any(h.cat == "protest" for h in hits)):
        cands = [_SUB_OF_CAT[h.cat] for h in demo]
        if arrests and demo:
            cands.append(_SUB_OF_CAT["intervention"])
        et, sub = min(cands, key=lambda p: tactic_rank(*p))
        strength = max(h.strength for h in demo)
        if any(h.cat != "protest" for h in demo) or (not cas["cumulative"] and (cas["fatalities"] or cas["injuries"])):
            strength = max(strength, MEDIUM)
        tags = [h.tag for h in demo if h.tag]
        attacks = [v for v in violence if v[0] == "Violence against civilians" and v[1] == "Attack"]
        if attacks and not _separate_clauses(s, attacks[0][2], demo):
            # Killings at a protest are excessive force, not a separate attack.
            if et == "Protests":
                et, sub = _SUB_OF_CAT["excessive"]
            violence = [v for v in violence if v[1] != "Attack"]
        elif attacks:
            # "Rioters torched cars on Thursday after police shot dead a driver on Tuesday": two events.
            separate.append(_Spec("vac", "Violence against civilians", "Attack", attacks[0][2].strength, attacks[0][2].start))
            violence = [v for v in violence if v[1] != "Attack"]
        if lethal and et == "Protests" and sub != "Excessive force against protesters":
            if cas["victims"] == "security":
                et, sub = _SUB_OF_CAT["riot"]
            else:
                et, sub = _SUB_OF_CAT["excessive"]
        strongest = max(demo, key=lambda h: (h.strength, -h.start))
        demo_spec = _Spec("demo", et, sub, strength, strongest.start, tags)
    if violence:
        et, sub, h = min(violence, key=lambda v: tactic_rank(v[0], v[1]))
        strength = max(v[2].strength for v in violence)
        fam = {"Battles": "battle", "Explosions/Remote violence": "explosion", "Violence against civilians": "vac"}[et]
        vspec = _Spec(fam, et, sub, strength, h.start)
        if demo_spec is not None and tactic_rank(et, sub) < tactic_rank(demo_spec.event_type or "", demo_spec.sub_event_type or ""):
            vspec.tags = demo_spec.tags
            demo_spec = None
            specs.append(vspec)
        elif demo_spec is None:
            specs.append(vspec)
    if demo_spec is not None:
        specs.append(demo_spec)
    specs.extend(separate)
    if cas["cumulative"]:
        # A running total is not a new event.
        specs = [sp for sp in specs if sp.family not in ("sd:arrests", "casualty")]
        arrests = []
    if arrests and demo_spec is None:
        specs.append(_Spec("sd:arrests", "Strategic developments", "Arrests", max(h.strength for h in arrests), arrests[0].start))
    for kind in ("emergency", "internet", "deployment"):
        mh = [h for h in hits if h.cat == f"measure:{kind}"]
        if mh:
            specs.append(_Spec(f"sd:{kind}", "Strategic developments", "Other", max(h.strength for h in mh), mh[0].start,
                               _measure_tags(mh, kind), national=True, measure=kind))
    ag = [h for h in hits if h.cat == "agreement"]
    if ag:
        specs.append(_Spec("sd:agreement", "Strategic developments", "Agreement", ag[0].strength, ag[0].start, [], national=True, measure="agreement"))
    if not specs:
        cas_hits = [h for h in hits if h.cat in ("kill", "injure")]
        if cas_hits and not cas["cumulative"] and (cas["fatalities"] or cas["injuries"]):
            specs.append(_Spec("casualty", None, None, MEDIUM, cas_hits[0].start))
    return specs


_CLAUSE_RX = re.compile(
    r";|\s[–—]\s|,?\s+(?:while|whereas|where|after|before|when|following)\s+|(?<!such)(?<!as well)\s+as\s+(?!well\b|many\b|much\b|part\b|a result\b|long\b|if\b|though\b)",
    _I,
)


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence (split at ";", "as", "while", "after", "when"...)."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_RX.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
            start = m.start()
    out.append((start, len(text)))
    return out


_SEPARATE_RX = re.compile(r"\b(?:after|before|when|following|days after|a day after)\b|;", _I)


def _separate_clauses(s: _Sentence, hit: TriggerHit, demo: list[TriggerHit]) -> bool:
    """The hit and the demonstration are told as two events: another clause, another date."""
    days = {h.iso for h in s.dates if h.iso and h.precision == 1}
    if len(days) < 2:
        return False
    for d in demo:
        a, b = sorted((d.end, hit.start)) if d.start < hit.start else sorted((hit.end, d.start))
        if not _SEPARATE_RX.search(s.text[a:b]):
            return False
    return True


def _casualty_type(s: _Sentence, demo_context: bool) -> tuple[str, str, str]:
    """Type of an event known only from its casualties (``family, type, sub``)."""
    victims = s.casualties["victims"]
    armed = _ARMED_WORDS_RX.search(s.text)
    if demo_context and not armed:
        if victims == "security":
            return ("demo", "Riots", "Violent demonstration")
        return ("demo", "Protests", "Excessive force against protesters")
    if armed and victims == "security":
        return ("battle", "Battles", "Armed clash")
    return ("vac", "Violence against civilians", "Attack")


def _own_places(s: _Sentence, text: str, mentions: Sequence[Mention], *, any_label: bool = False) -> list[_Place]:
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
    refs = [i for i in chosen if _REFERENCE_BEFORE_RX.search(text[max(s.start, mentions[i].start - 40):mentions[i].start])]
    if refs and len(refs) < len(chosen):
        first_other = min(mentions[i].start for i in chosen if i not in refs)
        chosen = [i for i in chosen if i not in refs or mentions[i].start < first_other]
    chosen = _drop_appositions(chosen, text, mentions)
    out: list[_Place] = []
    seen: set[str] = set()
    for i in chosen:
        m = mentions[i]
        if m.kind == "region":
            gp = 3
        else:
            gp = 2 if _NEAR_BEFORE_RX.search(text[max(s.start, m.start - 50):m.start]) else 1
        p = _place_from_mention(m, i, gp)
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


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _country_mentions(s: _Sentence, mentions: Sequence[Mention]) -> list[int]:
    return [i for i in s.mention_ix if mentions[i].kind == "country" and s.labels[i] == "ok"]


def _focus_country(sents: list[_Sentence], mentions: Sequence[Mention]) -> str | None:
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


def _main_date(sents: list[_Sentence], published: date | None) -> tuple[str | None, int]:
    if published is None:
        return None, 0
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    lo = (published - timedelta(days=31)).isoformat()
    for s in sents:
        w = 2 if s.hits else 1
        for h in s.dates:
            if h.iso and not h.future and h.precision in (1, 2) and h.iso >= lo and not h.until:
                counts[h.iso] += w
                first.setdefault(h.iso, s.start + h.start)
    if not counts:
        return published.isoformat(), 2
    # The most frequent day; on a tie, the one the report gives first (its lead).
    return max(counts, key=lambda d: (counts[d], -first[d])), 1


_UNRESOLVED_RX = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Oo]utside|[Ii]nto|[Aa]round)\s+(?:the\s+)?(?:(?:city|town|village|region|province|district|oblast) of\s+)?"
    r"(?P<name>[A-Z][\w'’-]+)"
)
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


def _unresolved_place(s_text: str, s0: int, mentions: Sequence[Mention], ix: list[int]) -> str | None:
    """The name a locative phrase gives that the geoparser did not resolve ("in the village of
    Kpankou"), or ``None``."""
    for m in _UNRESOLVED_RX.finditer(s_text):
        name = m.group("name")
        if name.casefold().strip("'’") in _NOT_PLACE or (name.isupper() and len(name) <= 4):
            continue
        a, b = s0 + m.start("name"), s0 + m.end("name")
        if any(mentions[i].start < b and a < mentions[i].end for i in ix):
            continue
        return name
    return None


_HEADING_END_RX = re.compile(r"[.!?:;\"”’'»)]\s*$")


def _is_heading(text: str) -> bool:
    return len(text) < 90 and not _HEADING_END_RX.search(text)


def _shift(iso: str | None, days: int) -> str | None:
    if iso is None:
        return None
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()


def _normalise(m: Mention) -> Mention:
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


#: A wire dateline at the start of a report or line: "MOSCOW, Jan 25 (Wire) - ",
#: "Yangon, 3 March – ", "KYIV, Ukraine (AP) — ". Its place is where the copy was filed.
_DATELINE_RX = re.compile(
    r"(?m)^[ \t]*[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}(?:,[ \t]*[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2})?"
    r"(?:,?[ \t]*(?:\d{1,2}[ \t]+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?[ \t]+\d{1,2})(?:,?[ \t]*\d{4})?)?"
    r"(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*(?:-{1,2}|–|—)[ \t]+(?=[A-Z\"“])"
)


def _dateline_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the datelines of ``text`` (at the start of the text or of a line)."""
    return [(m.start(), m.end()) for m in _DATELINE_RX.finditer(text)]


_SEMICOLON_RX = re.compile(r";\s+")


def _semicolon_clauses(text: str, spans: list[tuple[int, int]],
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


class _Extractor:
    def __init__(self, report: Report, mentions: Sequence[Mention]) -> None:
        self.report = report
        self.mentions = [_normalise(m) for m in mentions]
        self.text = report.text
        self.used: set[int] = set()

    def prepare(self) -> None:
        text = self.text
        spans = _semicolon_clauses(text, split_sentences(text), [m.start for m in self.mentions])
        # clauses cut at a semicolon go on from the one before: they share its day
        self.continues = {k for k, (a, _b) in enumerate(spans) if k and text[max(0, a - 8):a].rstrip().endswith(";")}
        datelines = _dateline_spans(text)
        per = _sentence_mentions([m.start for m in self.mentions], spans, self.mentions)
        self.sents: list[_Sentence] = []
        for k, (a, b) in enumerate(spans):
            st = text[a:b]
            hits = find_triggers(st)
            # (a dateline's date is when the copy was filed, not when things happened)
            dates = [h for h in find_dates(st, self.report.published)
                     if not any(x <= a + h.start < y for x, y in datelines)]
            labels = {i: "dateline" if any(x <= self.mentions[i].start < y for x, y in datelines)
                      else _label(text, a, b, self.mentions[i]) for i in per[k]}
            cas = parse_casualties(st) if any(h.cat in ("kill", "injure", "arrest", "excessive") for h in hits) or hits else {
                "fatalities": None, "injuries": None, "arrests": None, "cumulative": False, "victims": None}
            unresolved = _unresolved_place(st, a, self.mentions, per[k]) if hits else None
            self.sents.append(_Sentence(k, a, b, st, hits, dates, per[k], labels, cas, unresolved))
        self.demo_context = any(h.cat in _DEMO_CATS for s in self.sents for h in s.hits)
        # the dateline's town: the scene when the copy names no other place for what it tells
        self.dateline = next(
            (_place_from_mention(self.mentions[i], i, 1) for s in self.sents for i in s.mention_ix
             if s.labels[i] == "dateline" and self.mentions[i].kind == "city"), None)
        self.focus = _focus_country(self.sents, self.mentions)
        self.main_date, self.main_prec = _main_date(self.sents, self.report.published)
        self.specs = [_specs(s, self.demo_context) for s in self.sents]
        self.own = [_own_places(s, text, self.mentions) for s in self.sents]
        for s in self.sents:
            self._split_by_clause(s)

    def _split_by_clause(self, s: _Sentence) -> None:
        """One demonstration spec per clause that names its own place.

        "Protesters set fire to Bordeaux city hall as a million people marched across France"
        tells two events; "Protesters gathered in Almaty before storming it" tells one.
        """
        specs = self.specs[s.index]
        demo = [sp for sp in specs if sp.family == "demo"]
        if not demo:
            return
        clauses = _clauses(s.text)
        if len(clauses) < 2:
            return
        hits = []
        for h in s.hits:
            if h.cat in _DEMO_CATS:
                hits.append((h, _SUB_OF_CAT[h.cat]))
            elif h.cat in ("clash", "loot") and not (_ARMED_WORDS_RX.search(s.text) and not _DEMO_WORDS_RX.search(s.text)):
                hits.append((h, _SUB_OF_CAT["riot"]))
        own_pos = [self.mentions[p.mention_index].start - s.start for p in self.own[s.index] if p.mention_index is not None]
        nat = self._nationwide(s)

        def ci(pos: int) -> int:
            return next(k for k, (a, b) in enumerate(clauses) if a <= pos < b or k == len(clauses) - 1)

        placed = {ci(p) for p in own_pos}
        if nat is not None:
            placed.add(ci(nat[0]))
        groups: dict[int, list] = {}
        for h, pair in hits:
            groups.setdefault(ci(h.start), []).append((h, pair))
        placed_groups = sorted(k for k in groups if k in placed)
        if len(placed_groups) < 2:
            return
        merged: dict[int, list] = {k: list(groups[k]) for k in placed_groups}
        for k, g in groups.items():
            if k in placed:
                continue
            target = max((p for p in placed_groups if p < k), default=placed_groups[0])
            merged[target].extend(g)
        old = demo[0]
        new: list[_Spec] = []
        bounds = [*placed_groups, len(clauses)]
        for n, k in enumerate(placed_groups):
            g = merged[k]
            et, sub = min((pair for _, pair in g), key=lambda p: tactic_rank(*p))
            strongest = max((h for h, _ in g), key=lambda h: (h.strength, -h.start))
            start = clauses[k][0] if n else 0
            end = clauses[bounds[n + 1] - 1][1]
            tags = [h.tag for h, _ in g if h.tag]
            new.append(_Spec("demo", et, sub, max(h.strength for h, _ in g), strongest.start, tags, clause=(start, end)))
        self.specs[s.index] = [sp for sp in specs if sp is not old] + new

    # -- dates --------------------------------------------------------------------------
    def _own_date(self, s: _Sentence, anchor: int, prev_date: tuple[str | None, int] | None) -> tuple[str | None, int, str, bool]:
        """``(iso, precision, how, future)`` from the sentence's own phrases (those of the
        anchor's clause first)."""
        hits = s.dates
        if len({h.iso for h in hits if h.iso}) > 1:
            a, b = next(((a, b) for a, b in _clauses(s.text) if a <= anchor < b), (0, len(s.text)))
            inside = [h for h in hits if a <= h.start < b]
            if any(h.iso or h.prev_delta is not None for h in inside):
                hits = inside
        hit = best_hit(hits, anchor)
        if hit is None:
            return None, 0, "", False
        if hit.prev_delta is not None:
            if prev_date and prev_date[0]:
                return _shift(prev_date[0], hit.prev_delta), prev_date[1], "explicit", False
            return None, 0, "", False
        if hit.iso is None:
            return None, 0, "unknown", False
        future = hit.future or bool(self.report.published and hit.iso > self.report.published.isoformat())
        return hit.iso, hit.precision, ("since" if hit.since else "explicit"), future

    # -- main loop -----------------------------------------------------------------------
    def run(self) -> list[_Proto]:
        self.prepare()
        protos: list[_Proto] = []
        last_local: tuple[int, _Place, str | None, int, int] | None = None  # (sentence, place, date, prec, proto index)
        prev_date: tuple[str | None, int] | None = None
        prev_keys: set[str] = set()
        prev_index = -9
        for s in self.sents:
            specs = self.specs[s.index]
            if _is_heading(s.text):
                # A headline or byline starts a new section: no scene carries over it.
                last_local = None
                prev_index = -9
            if not specs:
                own_hit = best_hit(s.dates)
                if own_hit is not None and own_hit.iso and not own_hit.future:
                    prev_date, prev_index, prev_keys = (own_hit.iso, own_hit.precision), s.index, set()
                continue
            cas = s.casualties
            national_toll = self._national_toll(s)
            this_keys: set[str] = set()
            this_date: tuple[str | None, int] | None = None
            has_own_date = any(h.iso is not None or h.prev_delta is not None for h in s.dates)
            local_specs = [sp for sp in specs if not sp.national]
            fig = _CAS_VERB_RX.search(s.text)
            cas_spec = min(local_specs, key=lambda sp: abs(sp.anchor - fig.start())) if fig and local_specs else None
            for spec in specs:
                if spec.family in ("casualty", "sd:arrests") and national_toll:
                    continue  # a national figure, not an event of its own
                pd = prev_date if prev_index == s.index - 1 else None
                iso, prec, how, future = self._own_date(s, spec.anchor, pd)
                if future and (_FUTURE_RX.search(s.text) or (iso and self.report.published and iso > self.report.published.isoformat())):
                    continue
                if spec.strength < MEDIUM and not (spec.strength >= WEAK and self.own[s.index] and has_own_date):
                    continue
                places, borrowed = self._places(s, spec, last_local)
                if not places:
                    continue
                for place in places:
                    p_iso, p_prec, p_how = iso, prec, how
                    if p_iso is None and how != "unknown":
                        if borrowed is not None and borrowed[0] is not None:
                            p_iso, p_prec, p_how = borrowed[0], borrowed[1], "borrowed"
                        elif pd is not None and pd[0] and (not self.own[s.index] or place.key in prev_keys
                                                           or s.index in self.continues):
                            p_iso, p_prec, p_how = pd[0], pd[1], "carried"
                        elif self.main_date is not None:
                            p_iso, p_prec, p_how = self.main_date, max(2, self.main_prec), "inferred"
                    family, et, sub = spec.family, spec.event_type, spec.sub_event_type
                    if family == "casualty":
                        if borrowed is not None and borrowed[2] is not None:
                            target = protos[borrowed[2]]
                            family, et, sub = target.family, None, None
                        else:
                            family, et, sub = _casualty_type(s, self.demo_context)
                    proto = _Proto(
                        place=place, family=family, event_type=et, sub_event_type=sub,
                        strength=spec.strength, date=p_iso, precision=p_prec if p_iso else 3,
                        date_how=p_how or "unknown", sentences=[(s.start, s.end)], sentence_ix=[s.index],
                        tags=list(spec.tags), measure=spec.measure,
                    )
                    if s.unresolved and place.geo_precision >= 3 and not spec.national:
                        proto.tags.append(f"place not found: {s.unresolved}")
                    if spec.measure == "deployment":
                        proto.sender = next(
                            (self.mentions[i].country_code for i in s.mention_ix
                             if s.labels[i] in ("actor", "origin") and self.mentions[i].kind == "country"
                             and self.mentions[i].country_code != place.country_code), None)
                    if not spec.national and (cas_spec is None or spec is cas_spec):
                        if cas["cumulative"] or national_toll:
                            n = cas["fatalities"]
                            if n:
                                proto.tags.append(f"{'cumulative' if cas['cumulative'] else 'national'} toll: {n} killed")
                        else:
                            self._add_casualties(proto, s, place, len(places))
                    if place.mention_index is not None:
                        self.used.add(place.mention_index)
                    protos.append(proto)
                    this_keys.add(place.key)
                    if this_date is None and p_iso:
                        this_date = (p_iso, p_prec)
                    if place.geo_precision in (1, 2, 3) and not spec.national:
                        last_local = (s.index, place, p_iso, p_prec, len(protos) - 1)
            if this_date is not None:
                prev_date, prev_index, prev_keys = this_date, s.index, this_keys
        return protos

    def _nationwide(self, s: _Sentence) -> tuple[int, int] | None:
        """Span of the phrase that makes a sentence country-wide ("nationwide", "across France")."""
        m = _NATIONWIDE_RX.search(s.text)
        if m:
            return m.start(), m.end()
        for i in s.mention_ix:
            mm = self.mentions[i]
            if mm.kind == "country":
                a = mm.start - s.start
                bm = _ACROSS_BEFORE_RX.search(s.text[max(0, a - 20):a])
                if bm:
                    return max(0, a - 20) + bm.start(), mm.end - s.start
        return None

    def _national_toll(self, s: _Sentence) -> bool:
        """The sentence's casualty or arrest figure is stated for the whole country."""
        nat = self._nationwide(s)
        if nat is None:
            return False
        for v in _CAS_VERB_RX.finditer(s.text):
            if abs(nat[0] - v.end()) <= 45 or abs(v.start() - nat[1]) <= 45:
                return True
        return False

    def _add_casualties(self, proto: _Proto, s: _Sentence, place: _Place, n_places: int) -> None:
        cas = s.casualties
        if n_places > 1 and place.mention_index is not None:
            # Several places in one sentence: the figures go to the place named nearest them.
            m = self.mentions[place.mention_index]
            nearest = min(
                (self.mentions[i] for i in s.mention_ix if s.labels[i] == "ok"),
                key=lambda x: abs(x.start - self._first_figure_pos(s)),
                default=m,
            )
            if nearest.start != m.start:
                return
        proto.fatalities = cas["fatalities"]
        proto.injuries = cas["injuries"]
        proto.arrests = cas["arrests"]
        proto.victims = cas["victims"]

    @staticmethod
    def _first_figure_pos(s: _Sentence) -> int:
        m = _CAS_VERB_RX.search(s.text)
        return s.start + (m.start() if m else 0)

    def _places(self, s: _Sentence, spec: _Spec, last_local) -> tuple[list[_Place], tuple[str | None, int, int | None] | None]:
        """Places of a spec and, when borrowed from a neighbour, that neighbour's date."""
        mentions = self.mentions
        own = self.own[s.index]
        nat = self._nationwide(s)
        if spec.clause is not None:
            a, b = spec.clause
            own = [p for p in own if p.mention_index is not None and a <= mentions[p.mention_index].start - s.start < b]
            if nat is not None and not a <= nat[0] < b:
                nat = None
        nationwide = nat is not None
        cont = bool(_CONTINUE_RX.search(s.text))

        def scene(limit: int) -> tuple[list[_Place], tuple[str | None, int, int | None]] | None:
            if last_local is None or _ELSEWHERE_RX.search(s.text):
                return None
            if 0 <= s.index - last_local[0] <= limit:
                return [dataclasses.replace(last_local[1])], (last_local[2], last_local[3], last_local[4])
            return None

        def country() -> list[_Place]:
            cix = _country_mentions(s, mentions)
            if spec.measure == "deployment" and cix:
                dest = [i for i in cix if _DEST_BEFORE_RX.search(self.text[max(s.start, mentions[i].start - 25):mentions[i].start])]
                cix = dest or cix
            if cix:
                pick = next((i for i in cix if mentions[i].country_code == self.focus), cix[0])
                return [_country_place(mentions[pick].country_code or "", mentions, pick)]
            if self.focus:
                return [_country_place(self.focus, mentions)]
            return []

        if spec.national:
            if own and not nationwide:
                return own, None
            if not own and not nationwide and cont:
                # "A curfew was imposed in the town": the scene of the previous sentences.
                sc = scene(4)
                if sc is not None:
                    return sc[0], (None, 0, None)
            return country(), None
        if own:
            return own, None
        if s.unresolved:
            # "in the village of Kpankou in northern Benin": a place the gazetteer lacks. Not
            # the scene of another sentence; the country the sentence names, at country
            # level (the event says which place was not found, for the analyst to fix)
            cix = _country_mentions(s, mentions)
            if cix and spec.strength >= STRONG:
                return [_country_place(mentions[cix[0]].country_code or "", mentions, cix[0])], None
            return [], None
        if cont:
            sc = scene(2)
            if sc is not None:
                return sc
        if nationwide:
            return country(), None
        sc = scene(4 if cont else 2)
        if sc is not None:
            return sc
        if self.dateline is not None and not any(self.own):
            return [dataclasses.replace(self.dateline)], None
        nxt = s.index + 1
        if spec.family != "casualty" and nxt < len(self.sents) and self.own[nxt] and self.specs[nxt]:
            place = dataclasses.replace(self.own[nxt][0])
            hit = best_hit(self.sents[nxt].dates)
            if hit is not None and hit.iso and not hit.future:
                return [place], (hit.iso, hit.precision, None)
            return [place], None
        if spec.strength >= STRONG and spec.family != "casualty" and any(h.iso for h in s.dates):
            cix = _country_mentions(s, mentions)
            if cix:
                return [_country_place(mentions[cix[0]].country_code or "", mentions, cix[0])], None
        return [], None


def _merge(protos: list[_Proto]) -> list[_Proto]:
    groups: dict[tuple, _Proto] = {}
    order: list[tuple] = []
    for p in protos:
        if p.family in ("sd:emergency", "sd:internet", "sd:deployment"):
            key: tuple = (p.place.key, p.family)
        else:
            key = (p.place.key, p.date, p.family)
        g = groups.get(key)
        if g is None:
            groups[key] = dataclasses.replace(p, sentences=list(p.sentences), sentence_ix=list(p.sentence_ix), tags=list(p.tags))
            order.append(key)
            continue
        _absorb(g, p)
    merged = [groups[k] for k in order]
    # Arrests at a protest of the same place and day are part of it.
    demo = {(p.place.key, p.date): p for p in merged if p.family == "demo"}
    out: list[_Proto] = []
    for p in merged:
        d = demo.get((p.place.key, p.date))
        if p.family == "sd:arrests" and d is not None:
            _absorb(d, p, keep_type=True)
            if d.event_type == "Protests" and d.sub_event_type == "Peaceful protest":
                d.sub_event_type = "Protest with intervention"
            continue
        out.append(p)
    for p in out:
        if p.event_type is None:  # casualties with no event of their own: keep the scene's type
            p.event_type, p.sub_event_type = "Violence against civilians", "Attack"
        if p.family == "demo" and (p.fatalities or 0) > 0 and p.event_type == "Protests" and p.sub_event_type != "Excessive force against protesters":
            if p.victims == "security":
                p.event_type, p.sub_event_type = "Riots", "Violent demonstration"
            else:
                p.sub_event_type = "Excessive force against protesters"
    return out


def _absorb(g: _Proto, p: _Proto, keep_type: bool = False) -> None:
    if not keep_type and p.event_type is not None and (
        g.event_type is None or tactic_rank(p.event_type, p.sub_event_type or "") < tactic_rank(g.event_type, g.sub_event_type or "")
    ):
        g.event_type, g.sub_event_type = p.event_type, p.sub_event_type
    g.strength = max(g.strength, p.strength)
    if p.date is not None and (g.date is None or p.date < g.date):
        g.date, g.precision, g.date_how = p.date, p.precision, p.date_how
    elif p.date == g.date and p.precision < g.precision:
        g.precision, g.date_how = p.precision, p.date_how
    for sp, ix in zip(p.sentences, p.sentence_ix, strict=True):
        if ix not in g.sentence_ix:
            g.sentences.append(sp)
            g.sentence_ix.append(ix)
    for attr in ("fatalities", "injuries", "arrests"):
        a, b = getattr(g, attr), getattr(p, attr)
        if b is not None and (a is None or b > a):
            setattr(g, attr, b)
    if g.victims is None:
        g.victims = p.victims
    if g.sender is None:
        g.sender = p.sender
    for t in p.tags:
        if t not in g.tags:
            g.tags.append(t)
    if g.place.mention_index is None and p.place.mention_index is not None and p.place.key == g.place.key:
        g.place = p.place
    if p.place.geo_precision < g.place.geo_precision and p.place.key == g.place.key:
        g.place = p.place


def _actors(p: _Proto, country: str | None, notes: str) -> tuple[str, int | None, str, int | None, str]:
    """``actor1, inter1, actor2, inter2, assoc_actor_1``."""
    et, sub = p.event_type or "", p.sub_event_type or ""
    forces = forces_kind(notes)
    state = forces if forces in ("police", "military") else "police"

    def a(kind: str) -> tuple[str, int]:
        return actor_for(kind, country), INTER_OF[kind]

    if et == "Protests":
        a1, i1 = a("protesters")
        if sub == "Peaceful protest":
            return a1, i1, "", None, ""
        a2, i2 = a(state)
        return a1, i1, a2, i2, ""
    if et == "Riots":
        a1, i1 = a("rioters")
        if sub == "Mob violence":
            a2, i2 = a("civilians")
            return a1, i1, a2, i2, ""
        if _POLICE_WORDS_RX.search(notes):
            a2, i2 = a(state)
            return a1, i1, a2, i2, ""
        return a1, i1, "", None, ""
    if et == "Battles":
        a1, i1 = a(state if forces in ("police", "military") else "military")
        a2, i2 = a("rebels" if re.search(r"\brebel|insurgen", notes, _I) else "armed")
        return a1, i1, a2, i2, ""
    if et == "Explosions/Remote violence":
        if sub in ("Air/drone strike", "Shelling/artillery/missile attack"):
            a1, i1 = a("military")
        else:
            a1, i1 = a("armed")
        a2, i2 = a("civilians") if p.victims in ("civilians", "protesters") else ("", None)
        return a1, i1, a2, i2, ""
    if et == "Violence against civilians":
        kind = forces if forces else "armed"
        if kind not in INTER_OF:
            kind = "armed"
        a1, i1 = a(kind)
        a2, i2 = a("civilians")
        return a1, i1, a2, i2, ""
    # Strategic developments
    if p.family == "sd:deployment":
        orgs = find_organisations(notes)
        if orgs:
            assoc = "; ".join(orgs[1:] + ([actor_for("military", country_info(p.sender).name)] if p.sender else []))
            return orgs[0], 8, "", None, assoc
        if p.sender:
            return actor_for("military", country_info(p.sender).name), 8, "", None, ""
        a1, i1 = a("military")
        return a1, i1, "", None, ""
    if p.family == "sd:arrests":
        a1, i1 = a(state)
        a2, i2 = a("protesters") if _DEMO_WORDS_RX.search(notes) else a("civilians")
        return a1, i1, a2, i2, ""
    if p.family == "sd:looting":
        a1, i1 = a("rioters") if _DEMO_WORDS_RX.search(notes) else a("armed")
        return a1, i1, "", None, ""
    a1, i1 = a("government")
    return a1, i1, "", None, ""


def _event_id(report_id: str, p: _Proto) -> str:
    disc = p.family if p.family.startswith("sd:") else ""
    raw = f"{report_id}|{p.place.key}|{p.date}|{p.event_type}|{disc}"
    return "ev-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def _build(report: Report, p: _Proto, mentions: Sequence[Mention]) -> Event:
    text = report.text
    order = sorted(range(len(p.sentences)), key=lambda k: p.sentences[k][0])
    spans = [p.sentences[k] for k in order]
    notes = " ".join(text[a:b] for a, b in spans)
    code = p.place.country_code
    country = country_info(code).name if code else None
    a1, i1, a2, i2, assoc = _actors(p, country, notes)
    tags = list(p.tags)
    if p.date_how == "inferred":
        tags.append("date inferred")
    elif p.date_how == "since":
        tags.append("start date")
    elif p.date_how == "unknown" or p.date is None:
        tags.append("date unknown")
    if p.place.geo_precision == 4:
        tags.append("country-level")
    tags = list(dict.fromkeys(tags))
    et, sub = p.event_type or "Protests", p.sub_event_type or "Peaceful protest"
    sev = severity_of(et, sub, p.fatalities, p.injuries, tags)
    place_factor = 0.6 + 0.4 * (p.place.mconf if p.place.mconf else 0.5)
    if p.place.geo_precision == 4:
        place_factor *= 0.85
    date_factor = {"explicit": 1.0, "since": 1.0, "carried": 0.95, "borrowed": 0.95, "inferred": 0.85}.get(p.date_how, 0.7)
    conf = round(min(1.0, (0.45 + 0.55 * p.strength) * place_factor * date_factor), 3)
    m_start = m_end = None
    if p.place.mention_index is not None:
        m = mentions[p.place.mention_index]
        m_start, m_end = m.start, m.end
    return Event(
        event_id=_event_id(report.id, p),
        report_id=report.id,
        event_date=p.date,
        time_precision=p.precision if p.date else 3,
        event_type=et,
        sub_event_type=sub,
        actor1=a1,
        actor2=a2,
        location=p.place.name,
        admin1=p.place.admin1,
        country=country,
        country_code=code,
        latitude=p.place.lat,
        longitude=p.place.lon,
        geo_precision=p.place.geo_precision,
        fatalities=p.fatalities,
        injuries=p.injuries,
        severity=sev,
        notes=notes,
        source=report.source,
        confidence=conf,
        geonameid=p.place.geonameid,
        mention_start=m_start,
        mention_end=m_end,
        sentence_start=spans[0][0],
        sentence_end=spans[0][1],
        assoc_actor_1=assoc,
        inter1=i1,
        inter2=i2,
        arrests=p.arrests,
        tags="; ".join(tags),
        source_url=report.url,
    )


_CACHE: dict[tuple, tuple[list[Event], set[int]]] = {}
_CACHE_SIZE = 8


def _cache_key(report: Report, mentions: Sequence[Mention]) -> tuple:
    return (
        report.id, report.text, report.published, report.source, report.url,
        tuple((m.start, m.end, m.name, m.geonameid, m.kind, m.country_code, m.lat, m.lon, m.admin1,
               m.admin1_code, m.confidence, tuple((a.kind, a.name) for a in m.alternatives)) for m in mentions),
    )


def _run_cached(report: Report, mentions: Sequence[Mention]) -> tuple[list[Event], set[int]]:
    """:func:`_run`, remembered for the last few reports (the geoparser calls
    :func:`assign_roles` and then :func:`extract_events` on the same input)."""
    key = _cache_key(report, mentions)
    hit = _CACHE.get(key)
    if hit is None:
        events, used, _ = _run(report, mentions)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        hit = _CACHE[key] = (events, used)
    return [dataclasses.replace(e) for e in hit[0]], set(hit[1])


def _run(report: Report, mentions: Sequence[Mention]) -> tuple[list[Event], set[int], _Extractor]:
    ex = _Extractor(report, mentions)
    protos = _merge(ex.run())
    events = [_build(report, p, ex.mentions) for p in protos]
    # Every mention of an event's place inside its sentences is an event mention.
    used = set(ex.used)
    for p in protos:
        for k in p.sentence_ix:
            s = ex.sents[k]
            for i in s.mention_ix:
                if s.labels[i] == "ok" and _place_from_mention(ex.mentions[i], i, 1).key == p.place.key:
                    used.add(i)
    events.sort(key=lambda e: (e.sentence_start or 0, e.event_id))
    return events, used, ex


def extract_events(report: Report, mentions: list[Mention]) -> list[Event]:
    """The ACLED-style events a report states, one per place, day and type.

    Parameters
    ----------
    report
        The report; ``published`` anchors relative dates.
    mentions
        Its resolved place mentions (offsets into ``report.text``), e.g. from
        :func:`geodata.places.geoparse.geoparse`. Their ``role`` is not used: this function decides
        which mentions are event places (see :func:`assign_roles`).

    Returns
    -------
    list of Event
        In order of their first sentence. Each has a type, a date (``None`` only when the
        report gives none it can use), a severity, its source sentences in ``notes`` and the
        offsets of the mention and sentence it came from.

    Examples
    --------
    >>> from datetime import date
    >>> from geodata.model import Mention, Report
    >>> text = "Police fired tear gas at protesters in Aktobe on Wednesday."
    >>> m = Mention("r1", "Aktobe", 39, 45, "Aktobe", 610611, 50.28, 57.21, "KZ", "Aktobe", "city", confidence=0.9)
    >>> (e,) = extract_events(Report("r1", text, date(2022, 1, 6)), [m])
    >>> (e.location, e.event_date, e.sub_event_type, e.severity)
    ('Aktobe', '2022-01-05', 'Protest with intervention', 2)
    """
    events, _ = _run_cached(report, mentions)
    return events


def assign_roles(report: Report, mentions: list[Mention]) -> list[Mention]:
    """Copies of ``mentions`` with ``role`` set: ``event`` where an event of the report is
    placed, ``context`` elsewhere (a commentator's city, a capital that reacted, background).

    Examples
    --------
    >>> from datetime import date
    >>> from geodata.model import Mention, Report
    >>> text = "Protesters stormed the akimat in Almaty. An analyst in London said it was grim."
    >>> ms = [Mention("r", "Almaty", 33, 39, "Almaty", 1526384, 43.25, 76.95, "KZ", "Almaty", "city", confidence=0.9),
    ...       Mention("r", "London", 55, 61, "London", 2643743, 51.5, -0.13, "GB", "England", "city", confidence=0.9)]
    >>> [m.role for m in assign_roles(Report("r", text, date(2022, 1, 6)), ms)]
    ['event', 'context']
    """
    _, used = _run_cached(report, mentions)
    return [dataclasses.replace(m, role="event" if i in used else "context") for i, m in enumerate(mentions)]
