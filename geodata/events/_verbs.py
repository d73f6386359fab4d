"""Acts by verb class: ordinary English verbs of violence, coercion and protest, matched by lemma.

The trigger table (:mod:`geodata.events._triggers`) lists phrases; this module lists *verbs*
(their lemmas), grouped in classes, and generates their inflections ("shoot": shoots, shot,
shooting; "beat": beats, beaten, beating). One compiled alternation finds every inflected
form in a sentence; the class and the words around it (a person or a place as object, a
passive's agent, "in protest") decide the act:

========================  ==============================================  =====================
class                     verbs (lemmas)                                  trigger category
========================  ==============================================  =====================
assault                   attack, assault, beat, stab, hack, lynch,       ``vac:Attack``
                          torture, whip, shoot, gun down, shoot and ...
abduct                    abduct, kidnap, snatch                          ``vac:Abduction/...``
fire                      open fire on/at                                 by target: protesters
                                                                          ``excessive``, armed
                                                                          ``battle``, else
                                                                          ``vac:Attack``
shell                     shell, bombard, fire/launch (artillery,         ``explosion:Shelling``
                          mortar, shells, rockets, missiles) at
fight                     clash, fight, exchange fire, engage             ``clash``
block                     barricade, block, blockade (a road, a highway)  ``protest`` (strong
                          in protest                                      with "in protest")
base                      establish, set up, build (a checkpoint, base,   ``sd:Headquarters or
                          camp, outpost, headquarters)                    base established``
destroy                   destroy, demolish, raze, burn, torch, vandalise ``loot``
                          (a building, airstrip, houses...)
detain                    arrest, detain, round up, apprehend             ``arrest``
========================  ==============================================  =====================

Every hit then goes through the trigger module's negation, hedge and statement cues like any
other trigger.

>>> [h.cat for h in find_acts("Gunmen shot and injured a civilian on the road.")]
['vac:Attack']
>>> [h.cat for h in find_acts("Soldiers opened fire on protesters outside the office.")]
['excessive']
>>> find_acts("Liverpool beat Chelsea on Sunday.")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geodata.events._cues import DISASTER_RX
from geodata.events._gate import trie_pattern

__all__ = ["VERB_CLASSES", "Act", "find_acts", "inflections"]

_I = re.IGNORECASE

#: Lemmas by class (a lemma may be a phrasal verb: "gun down", "round up").
VERB_CLASSES: dict[str, tuple[str, ...]] = {
    "assault": ("attack", "assault", "beat", "stab", "hack", "lynch", "torture", "whip", "shoot",
                "gun down", "shoot down", "club", "bludgeon", "maim", "execute", "behead", "massacre",
                "ambush", "raid", "storm", "stone", "decapitate", "strangle", "mutilate", "dismember", "assassinate"),
    "kill": ("kill", "murder", "slay", "slaughter"),
    "abduct": ("abduct", "kidnap", "snatch"),
    "fire": ("open fire",),
    "shell": ("shell", "bombard", "fire", "launch", "lob", "bomb", "pound"),
    "fight": ("clash", "fight", "exchange fire", "engage"),
    "block": ("barricade", "block", "blockade"),
    "base": ("establish", "set up", "build", "erect", "install", "open"),
    "destroy": ("destroy", "demolish", "raze", "burn", "torch", "vandalise", "vandalize", "blow up", "loot",
                "ransack"),
    "detain": ("arrest", "detain", "round up", "apprehend"),
}

_IRREGULAR: dict[str, tuple[str, ...]] = {
    "beat": ("beat", "beats", "beaten", "beating"),
    "shoot": ("shoot", "shoots", "shot", "shooting"),
    "fight": ("fight", "fights", "fought", "fighting"),
    "set": ("set", "sets", "setting"),
    "build": ("build", "builds", "built", "building"),
    "burn": ("burn", "burns", "burned", "burnt", "burning"),
    "blow": ("blow", "blows", "blew", "blown", "blowing"),
    "open": ("open", "opens", "opened", "opening"),
    "round": ("round", "rounds", "rounded", "rounding"),
    "gun": ("gun", "guns", "gunned", "gunning"),
    "stab": ("stab", "stabs", "stabbed", "stabbing"),
    "club": ("club", "clubs", "clubbed", "clubbing"),
    "whip": ("whip", "whips", "whipped", "whipping"),
    "kidnap": ("kidnap", "kidnaps", "kidnapped", "kidnapping", "kidnaped"),
    "lob": ("lob", "lobs", "lobbed", "lobbing"),
    "snatch": ("snatch", "snatches", "snatched", "snatching"),
    "slay": ("slay", "slays", "slew", "slain", "slaying"),
    "stone": ("stoned", "stoning"),  # (not "stone", "stones": the nouns)
}


def inflections(verb: str) -> tuple[str, ...]:
    """The forms of a verb (its first word inflected: "gun down" -> "gunned down").

    >>> inflections("torch")
    ('torch', 'torches', 'torched', 'torching')
    >>> inflections("raze")
    ('raze', 'razes', 'razed', 'razing')
    """
    head, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    if head in _IRREGULAR:
        forms = _IRREGULAR[head]
    elif head.endswith("e"):
        forms = (head, head + "s", head + "d", head[:-1] + "ing")
    elif head.endswith(("sh", "ch", "x", "s")):
        forms = (head, head + "es", head + "ed", head + "ing")
    else:
        forms = (head, head + "s", head + "ed", head + "ing")
    return tuple(f + tail for f in forms)


_LEMMA_OF: dict[str, tuple[str, str]] = {}
for _cls, _verbs in VERB_CLASSES.items():
    for _v in _verbs:
        for _f in inflections(_v):
            _LEMMA_OF.setdefault(_f, (_cls, _v))
#: Every form of every verb, longest first, as one alternation.
_VERB_RX = re.compile(r"\b(?:" + trie_pattern(_LEMMA_OF).replace("\\ ", r"\s+") + r")\b", _I)

_PERSON = (r"(?:civilians?|people|persons?|man|men|woman|women|child(?:ren)?|boys?|girls?|students?|villagers?|"
           r"residents?|farmers?|herders?|workers?|journalists?|reporters?|protesters?|demonstrators?|"
           r"activists?|worshippers?|passengers?|drivers?|traders?|shopkeepers?|teachers?|pupils?|"
           r"officials?|politicians?|candidates?|lawmakers?|leaders?|members?|supporters?|family|families|"
           r"soldiers?|troops|police(?:m[ae]n|wom[ae]n)?|officers?|guards?|personnel|militants?|rebels?|"
           r"fighters|gunmen|refugees|migrants|prisoners|monks|priests?|imams?|chiefs?|doctors?|nurses?|"
           r"patients|mourners|commuters?|travell?ers?|passers-?by|bystanders?|pedestrians?|shoppers?|customers?|"
           r"tourists?|voters?|pilgrims?|fans|youths?|locals|neighbou?rs?|"
           r"him|her|them|a \w+|an \w+|two \w+|three \w+|several \w+|dozens|scores)")
#: A count right after the verb is its victims: "gunmen kill 8", "troops killed at least 15".
_COUNT_OBJECT_RX = re.compile(
    r"\s+(?:at least |some |about |around |more than |over |nearly |up to )?(?:\d[\d,]*|(?:two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|dozens|scores|hundreds)\b)"
    r"(?![\d,]|[-–:]\d|\s*(?:%|percent|km|kilomet|miles|metres|meters|hours|days|weeks|months|years|times)\b)", _I)
_ARMED = (r"(?:military|army|troops|soldiers?|forces|units?|bases?|positions?|convoys?(?!\s+of\s+(?:\w+\s+)?(?:passenger|civilian|aid|humanitarian|commercial|"
          r"trucks|lorries|buses|cars|vehicles|traders|pilgrims|travell?ers|passengers|refugees|displaced))|patrols?|checkpoints?|posts?|"
          r"barracks|garrisons?|police stations?|militants|rebels|insurgents|fighters|militiamen|jihadists|gunmen|"
          r"police(?:m[ae]n)|police(?=\s*(?:$|[,.;:]|\s+(?:in|at|on|near|and|who|after|during|outside|inside)\b))|police officers?|guerrill\w+|separatists|paramilitar(?:y|ies)|gendarmes|"
          r"peacekeepers|servicem[ae]n|combatants|hitm[ae]n|extremists|terrorists|outposts?|generals|commanders?)")
_DEMO = r"(?:protesters?|demonstrators?|crowds?|marchers|rally|rallies|protest|demonstration|strikers|students)"
_SHELLS = r"(?:artillery|shells?|mortars?(?: rounds| shells| bombs)?|rockets?|missiles?|projectiles|grenades?|rounds|bombs|drones?|UAVs?)"
_FACILITY = (r"(?:houses?|homes?|buildings?|offices?|shops?|stores?|markets?|vehicles?|cars?|trucks?|buses|"
             r"churche?s?|mosques?|schools?|clinics?|hospitals?|airstrip|airport|bridges?|roads?|"
             r"police stations?|stations?|headquarters|property|properties|crops|villages?|farms?|"
             r"towers?|pipelines?|warehouses?|facilit(?:y|ies)|infrastructure|polling (?:stations?|booths?))")
#: Words of the object's noun phrase before its head (not a preposition: "stormed the camp
#: outside the army headquarters" has "camp" as object, not "army").
_OBJ_GAP = (r"(?:(?!(?:in|at|on|near|outside|inside|of|from|to|into|with|by|during|after|before|while|as|when|"
            r"and|or|but|who|which|that)\b)[\w'’-]+\s+){0,4}?")
_PASSIVE_AUX_RX = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$", _I)
#: Forces as the subject of a passive: "two soldiers were ambushed", "police officers attacked".
_FORCES_SUBJECT_RX = re.compile(
    r"\b(?:soldiers?|troops|servicem[ae]n|police(?:m[ae]n)?|(?:police )?officers?|gendarmes?|guards?|militants?|"
    r"rebels?|insurgents?|fighters|militiam[ae]n|jihadists?|personnel|peacekeepers?|convoy|patrol)\s+"
    r"(?:(?:was|were|have been|has been|had been|are|is)\s+)?(?:\w+ly\s+)?$", _I)
_WEAPON_BEFORE_RX = re.compile(
    r"\b(?:bombs?|blasts?|explosions?|explosives?|(?:land)?mines?|IEDs?|devices?|shells?|shelling|rockets?|missiles?|"
    r"mortars?|grenades?|air ?strikes?|airstrikes?|drones?|strikes?|bombers?|bombings?)\b[^,;]{0,30}$", _I)
_WEAPON_AFTER_RX = re.compile(
    r"\s+(?:(?:to\s+)?death\s+)?by\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,2}?(?:(?:air ?|drone |missile |rocket |coalition )?strikes?|"
    r"airstrikes?|air raids?|shelling|shells?|bombs?|bombing|mines?|landmines?|IEDs?|explosions?|blasts?|explosives?|"
    r"mortars?|rockets?|missiles?|artillery|grenades?|drones?|warplanes?)\b", _I)
#: An event noun as the subject: "an attack kills 21", "fighting killed 50" (the event's own
#: words and the casualty reader type it, not the verb).
_EVENT_SUBJECT_RX = re.compile(
    r"\b(?:attacks?|violence|fighting|clash(?:es)?|raids?|battles?|assaults?|offensives?|operations?|ambush(?:es)?|"
    r"shootouts?|gunfights?|firefights?|gunfire|crossfire|unrest|riots?|incidents?|violent acts?)\b[^,;]{0,60}$", _I)
_AIRCRAFT_BEFORE_RX = re.compile(
    r"\b(?:warplanes?|(?:fighter )?jets?|helicopters?|(?<!anti-)aircraft|planes|drones?|air force|(?<!suicide )bombers?|gunships?)\b[^,;]{0,25}$", _I)
_CROWD_BEFORE_RX = re.compile(
    r"\b(?:protesters|demonstrators|rioters|crowds?|mobs?|marchers|students|(?<!armed )youths|strikers)\b"
    # (the crowd stays the subject across a second verb: "a mob set fire to the station and beat
    # policemen to death", not across an armed side)
    r"(?:(?!\b(?:police|soldiers|troops|gunmen|militants|rebels|officers|forces|army)\b"
    r"(?!\s+(?:stations?|posts?|vehicles?|cars?|vans?|headquarters|barracks|checkpoints?|bases?))\b)[^,;]){0,80}$"
    r"|\b(?:residents|villagers|locals|angry (?:\w+ )?(?:men|people))(?:\s+of\s+(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?)?\s+(?:\w+\s+)?$", _I)


@dataclass(frozen=True)
class Act:
    """An act found by verb class: a trigger category, offsets into the sentence, a strength."""

    cat: str
    start: int
    end: int
    strength: float
    text: str


def _after(text: str, pos: int, n: int = 80) -> str:
    return text[pos:pos + n]


#: Past participles that end in neither "-ed" nor "-en" (the forms a headline passive takes).
_PARTICIPLES = frozenset({"shot", "slain", "beat", "fought", "set", "built", "burnt", "blown", "kidnaped"})


#: Verbs that name violence on a person whatever their subject ("Cartel hitman gunned down").
_UNAMBIGUOUS = frozenset({"gun down", "stab", "behead", "decapitate", "lynch", "execute", "massacre", "abduct",
                          "kidnap", "assassinate", "strangle", "mutilate", "dismember", "torture", "hack"})
#: What may follow a headline passive: no object, a place, a time or the end.
_NO_OBJECT_RX = re.compile(
    r"\s*(?:$|[,.;:!?(—–-]|(?:in|at|on|near|inside|outside|during|after|as|while|from|over|and|with|for|"
    r"when|amid|across|along|around|to death|dead|overnight|today|yesterday|last)\b)", _I)


def _headline_passive(lemma: str, form: str, before: str, after: str) -> bool:
    """"Cartel hitman gunned down inside a supermarket", "two soldiers were ambushed": a
    participle with a person (or a force) as subject and no object."""
    head = form.split()[0]
    if not (head.endswith(("ed", "en")) or head in _PARTICIPLES):
        return False
    if _PASSIVE_AUX_RX.search(before):
        return True
    if not _NO_OBJECT_RX.match(after):
        return False
    return lemma in _UNAMBIGUOUS or bool(_PERSON_BEFORE_RX.search(before))


#: The patterns of :func:`_classify`, compiled once.
_PERSON_BEFORE_RX = re.compile(rf"\b{_PERSON}\s+(?:\w+ly\s+)?$", _I)
_AT_DEMO_RX = re.compile(rf"\s+(?:on|at|into|upon)\s+{_OBJ_GAP}{_DEMO}\b", _I)
_AT_ARMED_RX = re.compile(rf"\s+(?:on|at|into|upon)\s+{_OBJ_GAP}{_ARMED}\b", _I)
_AT_RX = re.compile(r"\s+(?:on|at|into|upon)\b", _I)
_BY_RX = re.compile(r"\s+(?:(?:to\s+)?death\s+)?by\b", _I)
#: A count or a quantity before the object ("scores of troops", "dozens of militants").
_QUANTITY = (r"(?:(?:at least|some|about|around|more than|over|up to|nearly|scores of|dozens of|hundreds of|"
             r"several|a number of|members of(?: the)?|\d[\d,]*|\w+ of the)\s+)*")
_PERSON_OBJECT_RX = re.compile(rf"\s*(?:and\s+\w+\s+)?(?:up\s+)?{_QUANTITY}{_OBJ_GAP}{_PERSON}\b")
_TARGET_OBJECT_RX = re.compile(rf"\s+{_OBJ_GAP}(?:{_FACILITY}|{_PERSON})\b", _I)
_ON_RX = re.compile(r"\s+(?:on|at|upon)\b", _I)
_SHELLS_AT_RX = re.compile(rf"\s+{_OBJ_GAP}{_SHELLS}\s+(?:at|on|into|towards?)\b", _I)
_ARMED_OBJECT_RX = re.compile(rf"\s*(?:and\s+\w+\s+)?{_QUANTITY}{_OBJ_GAP}{_ARMED}\b", _I)
_CLAUSE_CUT_RX = re.compile(r"[,;]")
_FACILITY_OBJECT_RX = re.compile(rf"\s+{_OBJ_GAP}{_FACILITY}", _I)
_SHOOT_DOWN_IDEA_RX = re.compile(r"\s+(?:down\s+)?(?:the\s+)?(?:idea|proposal|plan|bill|motion|film|video|scene)", _I)
_WITH_RX = re.compile(r"\s+(?:with|against|between)\b", _I)
_AND_WITH_RX = re.compile(r"\b(?:and|with)\b")
_ROAD_OBJECT_RX = re.compile(rf"\s+{_OBJ_GAP}(?:roads?|highways?|streets?|routes?|bridges?|railway|rail line|junctions?|entrances?|access)\b", _I)
_IN_PROTEST_RX = re.compile(r"\bin protest\b|\bto protest\b|\bdemanding\b|\bover\b|\bin (?:defen[cs]e|support|solidarity) (?:of|with)\b|"
                            r"\bagainst\b|\bto (?:demand|denounce|reject|oppose|press for)\b|\bcalling for\b", _I)
#: What an armed group sets up as its own seat: a base, a camp, a post, a headquarters, with the
#: words that say whose and what for ("a new military camp", "a forward operating base", "an
#: administrative office"), not a protest camp or a camp for the displaced.
_BASE_MODIFIERS = (r"(?:new|military|army|police|rebel|militia|insurgent|jihadist|forward|operating|operational|temporary|"
                   r"permanent|makeshift|fortified|command|security|administrative|tax|training|logistics?|regional|local|"
                   r"main|naval|air|first|second|another|several|two|three)")
_BASE_OBJECT_RX = re.compile(
    rf"\s+(?:(?:a|an|the|its|their|his|several|two|three)\s+)*(?:{_BASE_MODIFIERS}\s+){{0,3}}"
    r"(?:checkpoints?|bases?|camps?|outposts?|headquarters|positions|posts?|garrisons?|command (?:posts?|cent(?:re|er)s?)|"
    r"offices?|courts?)\b(?!\s+(?:for|of)\s+(?:the\s+)?(?:displaced|refugees|IDPs|migrants|protesters))", _I)
#: The seats only an armed group's own offices are ("opened an office": a business too).
_OWN_SEAT_RX = re.compile(r"\s+(?:(?:a|an|the|its|their)\s+)*(?:new\s+)?(?:(?:administrative|tax|command|military|rebel|militia|"
                          r"regional|local)\s+){1,2}(?:offices?|headquarters|courts?|posts?|bases?|camps?)\b"
                          r"|\s+(?:(?:a|an|the|its|their)\s+)*(?:new\s+)?(?:headquarters|bases?|camps?|outposts?)\b", _I)
#: An armed subject in the words before a verb (whose base it is).
_ARMED_SUBJECT_RX = re.compile(
    r"\b(?:army|military|troops|soldiers|forces|militia(?:s|men)?|rebels?|militants?|insurgents?|jihadists?|fighters|"
    r"gunmen|guerrill\w+|paramilitar(?:y|ies)|gendarmes?|police|group|movement|front|brigades?|battalions?|units?|"
    r"[A-Z][A-Z0-9]+|Army|Forces|Militia|Front|Movement|Brigades?)\b[^.;,]{0,40}$")
_FACILITY_WORD_RX = re.compile(rf"\s+{_OBJ_GAP}{_FACILITY}\b", _I)


#: Small arms' ammunition after "fired" ("fired tear gas and live rounds"): not artillery.
_BULLETS_RX = re.compile(
    r"\s+(?:(?:[\w-]+\s+){1,2}(?:and|or)\s+)?(?:(live|real)|rubber(?:-coated)?|plastic|blank|warning|pellet|tear[- ]?gas)\s+"
    r"(?:rounds|ammunition|bullets|shots|canisters|shells)(?=\s+(?:at|on|into|upon)\b)", _I)


def _fired_at(after: str) -> tuple[str, float] | None:
    """"opened fire on ...": at a crowd excessive force, at armed men a battle, else an attack."""
    if _AT_DEMO_RX.match(after):
        return "excessive", 1.0
    if _AT_ARMED_RX.match(after):
        return "battle", 1.0
    return ("vac:Attack", 1.0) if _AT_RX.match(after) else None


#: A parenthesis (a place's units, a crowd's size): left out when the subject is looked for.
_PAREN_RX = re.compile(r"\s*\([^()]*\)|\s*\[[^\[\]]*\]")
_BUILDING_BEFORE_RX = re.compile(rf"\b(?:{_FACILITY}|residences?|palace|compound|parliament|embass(?:y|ies)|consulates?)\b[^,;]{{0,40}}$", _I)
_BY_MOB_RX = re.compile(r"\s+(?:(?:to\s+)?death\s+)?by\s+(?:an?\s+|the\s+)?(?:angry\s+|enraged\s+)?(?:mob|crowd|villagers|residents)\b", _I)
#: "beat to death a man", "stabbed to death two traders": the object after the manner.
_TO_DEATH_RX = re.compile(r"\s+to death\b(?=\s+(?:at least|some|about|more than|an?|the|his|her|their|two|three|four|five|six|seven|eight|nine|ten|\d|[\w-]+\s+\w))", _I)
_DEAD_RX = re.compile(r"\s+dead\b(?=\s+(?:at least|some|about|more than|an?|the|his|her|their|two|three|four|five|six|seven|eight|nine|ten|\d|[\w-]+\s+\w))", _I)


def _classify(cls: str, lemma: str, text: str, m: re.Match[str]) -> tuple[str, float] | None:
    """The trigger category and strength of one verb form, or ``None`` (not an act here)."""
    after = _after(text, m.end())
    if lemma == "shoot" and (dead := _DEAD_RX.match(after)) is not None:
        after = after[dead.end():]  # "shot dead five demonstrators": the object follows "dead"
    elif cls in ("assault", "kill") and (death := _TO_DEATH_RX.match(after)) is not None:
        after = after[death.end():]  # "villagers beat to death a man": the object follows
    passive = _BY_RX.match(after) is not None
    person = (_PERSON_OBJECT_RX.match(after) is not None
              or _COUNT_OBJECT_RX.match(after) is not None)
    if cls == "fire":
        return _fired_at(after)
    if cls == "shell":
        if lemma in ("bomb", "pound", "bombard") and _AIRCRAFT_BEFORE_RX.search(text[max(0, m.start() - 40):m.start()]):
            return "explosion:Air/drone strike", 1.0  # "warplanes bombed the market"
        if lemma == "bomb":
            return ("explosion:Remote explosive/landmine/IED", 1.0) if _TARGET_OBJECT_RX.match(after) else None
        if lemma in ("shell", "bombard", "pound"):
            return "explosion:Shelling/artillery/missile attack", 1.0
        if lemma == "fire" and m.group(0).lower() != "fire" and _ON_RX.match(after):
            return _fired_at(after)  # "the army fired on villages"
        bullets = _BULLETS_RX.match(after) if lemma == "fire" else None
        if bullets is not None:
            # "fired live rounds at protesters": gunfire, typed by its target (rubber bullets
            # and tear gas are the trigger table's intervention)
            return _fired_at(after[bullets.end():]) if bullets.group(1) else None
        if (shells := _SHELLS_AT_RX.match(after)) is not None:
            if "grenade" in shells.group(0).lower():
                return "explosion:Grenade", 1.0  # "lobbed a grenade at a post": thrown by hand
            if re.search(r"drone|uav", shells.group(0), _I):
                return "explosion:Air/drone strike", 1.0  # "launched a drone at a ship"
            return "explosion:Shelling/artillery/missile attack", 1.0
        return None
    armed = _ARMED_OBJECT_RX.match(after) is not None
    before = text[max(0, m.start() - 60):m.start()]
    if lemma == "shoot" and _AT_RX.match(after) and not _PASSIVE_AUX_RX.search(before):
        # "police shot at demonstrators": fire at a target (typed by it), not "police shot" as a
        # headline passive
        return _fired_at(after)
    if cls == "kill" and _PASSIVE_AUX_RX.search(before) and not passive:
        return None  # "26 were killed": a toll (the casualty reader's), not an act with a doer
    if cls in ("assault", "kill") and _AIRCRAFT_BEFORE_RX.search(before):
        return "explosion:Air/drone strike", 1.0  # "the air force killed two fighters"
    if cls in ("assault", "kill") and _WEAPON_BEFORE_RX.search(before):
        return None  # "a bomb killed two soldiers": the weapon's trigger types it
    if cls in ("assault", "kill") and passive and _WEAPON_AFTER_RX.match(after):
        return None  # "killed by coalition strikes", "wounded by shelling": the weapon types it
    if cls == "kill" and _EVENT_SUBJECT_RX.search(_CLAUSE_CUT_RX.split(before)[-1]):
        return None  # "fighting killed 50": a toll of the fighting
    if cls in ("assault", "kill", "destroy") and (DISASTER_RX.search(_CLAUSE_CUT_RX.split(before)[-1]) or (
            m.group(0).lower().endswith("ing") and DISASTER_RX.search(text[:m.start()]))):
        # "floods killed twelve", "a wildfire destroyed homes", "a plant exploded, killing two": no one's act
        return None
    if cls in ("assault", "kill") and (armed or person) and _CROWD_BEFORE_RX.search(_PAREN_RX.sub("", text[max(0, m.start() - 160):m.start()])):
        # "a mob lynched a man" (mob violence), "demonstrators tried to storm a base" (riot)
        return ("riot", 1.0) if armed else ("mob", 1.0)
    if lemma == "stone" and armed:
        return "riot", 1.0  # "youths stoned gendarmes": stones are a crowd's weapon, no battle
    if cls in ("assault", "kill") and armed:
        return "battle", 1.0  # "rebels attacked an army convoy", "troops killed three militants"
    if cls in ("kill", "assault") and passive and _BY_MOB_RX.match(after):
        if cls == "assault" and _BUILDING_BEFORE_RX.search(before):
            return "riot", 1.0  # "the residence was stormed by the crowd": a building, a riot's
        return "mob", 1.0  # "killed by a mob"
    if cls == "kill":
        return ("vac:Attack", 1.0) if person or passive else None
    if cls in ("assault", "abduct") and not (person or passive) and lemma not in ("raid", "storm", "shoot down") \
            and _headline_passive(lemma, m.group(0).lower(), before, after):
        if cls == "assault" and _FORCES_SUBJECT_RX.search(before):
            return "battle", 1.0  # "two soldiers were ambushed": armed men attacked
        return ("vac:Attack", 1.0) if cls == "assault" else ("vac:Abduction/forced disappearance", 1.0)
    if cls == "assault":
        if lemma in ("raid", "storm", "ambush") and not (person or _FACILITY_OBJECT_RX.match(after)):
            return None
        if lemma == "shoot" and _SHOOT_DOWN_IDEA_RX.match(after):
            return None
        return ("vac:Attack", 1.0) if person or passive else None
    if cls == "abduct":
        return ("vac:Abduction/forced disappearance", 1.0) if person or passive else None
    if cls == "fight":
        if _WITH_RX.match(after) or _AND_WITH_RX.search(text[max(0, m.start() - 40):m.start()]):
            return "clash", 1.0
        return None
    if cls == "block":
        road = _ROAD_OBJECT_RX.match(after)
        if road and _IN_PROTEST_RX.search(text[m.end():m.end() + 120]):
            return "protest", 1.0
        return None
    if cls == "base":
        if lemma == "open":
            # "rebels opened an administrative office": a seat of an armed group's, not a shop
            if _OWN_SEAT_RX.match(after) and _ARMED_SUBJECT_RX.search(before):
                return "sd:Headquarters or base established", 1.0
            return None
        if _BASE_OBJECT_RX.match(after) and not _CROWD_BEFORE_RX.search(before):
            return "sd:Headquarters or base established", 1.0
        return None
    if cls == "destroy":
        if _FACILITY_WORD_RX.match(after) or passive:
            return "loot", 1.0
        return None
    if cls == "detain":
        return ("arrest", 1.0) if person or passive else None
    return None  # pragma: no cover


def find_acts(sentence: str) -> list[Act]:
    """The acts a sentence names by verb class, in order (see the module docstring)."""
    out: list[Act] = []
    for m in _VERB_RX.finditer(sentence):
        form = re.sub(r"\s+", " ", m.group(0).lower())
        cls, lemma = _LEMMA_OF[form]
        got = _classify(cls, lemma, sentence, m)
        if got is not None:
            out.append(Act(got[0], m.start(), m.end(), got[1], m.group(0)))
    return out
