"""Trigger lexicon: the words that say an unrest event happened, and the cues that cancel them.

Each :class:`Trigger` maps a compiled pattern to a category (``protest``, ``riot``,
``intervention``, ``measure:emergency``...) and a strength: 1.0 an act ("protesters stormed",
"police fired tear gas"), 0.7 an event noun with an occurrence verb ("protests erupted"), 0.35 a
bare noun ("the protests"), which only makes an event with a place and a date in its sentence.

:func:`find_triggers` drops triggers that a hypothetical, statement or negation cue governs
("vowed a tough response to the protests", "urged protesters to exercise restraint", "there
were no clashes").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geodata.events._gate import GateSet
from geodata.events._verbs import find_acts

__all__ = ["MEDIUM", "STRONG", "WEAK", "Trigger", "TriggerHit", "find_triggers", "stated_as_fact"]

STRONG, MEDIUM, WEAK = 1.0, 0.7, 0.35
_I = re.IGNORECASE

_CROWD = (r"(?:protesters|protestors|demonstrators|marchers|crowds?|students|workers|activists|residents|"
          r"people|thousands|hundreds|supporters|youths?|strikers|women|farmers|teachers|miners|"
          r"doctors|nurses|drivers|villagers|opposition supporters|participants|mourners|fans|"
          r"dockers|employees|pensioners|truckers|lawyers|citizens|locals|rioters|mobs?|men|relatives|"
          r"families|mothers|parents|wives|groups? of (?:about |some |around )?\w+ (?:people|men|women|youths))")
_PROTEST_NOUN = r"(?:protests?|rall(?:y|ies)|demonstrations?|marches|sit-ins?|vigils?|walkouts?|strikes?|pickets?|rallies|gatherings?)"
_OCCUR = (r"(?:erupted|broke out|took place|were held|was held|continued|spread|began|started|swept|"
          r"rocked|hit|flared|resumed|intensified|escalated|gripped|engulfed|were staged|was staged|"
          r"drew|attracted|turned|entered|reached|persisted|raged|shook|paralysed|paralyzed|went ahead|"
          r"have been held|has been held|were taking place|was taking place|taking place|have spread)")


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry."""

    cat: str
    rx: re.Pattern[str]
    strength: float
    tag: str = ""


@dataclass(frozen=True)
class TriggerHit:
    """A trigger found in a sentence (offsets relative to the sentence)."""

    cat: str
    start: int
    end: int
    strength: float
    tag: str
    text: str


#: A place as the object of "control of": a name or a place noun ("control of Kalehe", "control
#: of the border post"), not "control of security".
_TERRITORY = (r"(?:(?:the|a|an|its|their|two|three|several|\d+|key|strategic|main)\s+)*(?:(?-i:[A-Z])[\w'’-]+|(?:[\w'’-]+\s+){0,2}?"
              r"(?:towns?|cit(?:y|ies)|villages?|bases?|camps?|barracks|garrisons?|posts?|outposts?|positions?|checkpoints?|airports?|"
              r"airfields?|areas?|territor(?:y|ies)|districts?|localit(?:y|ies)|hills?|crossings?|border|bridges?|roads?|highways?))\b")

#: A place noun as the object ("the town of X", "a military post", "most neighbourhoods of").
_TERRITORY_NOUN = (r"(?:(?:the|a|an|its|their|two|three|several|\d+|key|strategic|main)\s+)*(?:[\w'’-]+\s+){0,2}?"
                   r"(?:towns?|cit(?:y|ies)|villages?|bases?|camps?|barracks|garrisons?|posts?|outposts?|positions?|checkpoints?|airports?|"
                   r"airfields?|territor(?:y|ies)|district (?:centres?|centers?|headquarters)|localit(?:y|ies)|neighbou?rhoods?|"
                   r"hills?|border crossings?|crossings?|strongholds?|military (?:posts?|bases?|camps?))\b")

#: A crowd as the agent of a passive ("by the crowd", "by angry protesters").
_BY_CROWD = r"(?:an?\s+|the\s+)?(?:angry\s+|enraged\s+|large\s+)?(?:crowds?|mobs?|protesters|protestors|demonstrators|rioters|youths)\b"


def _t(cat: str, pattern: str, strength: float = STRONG, tag: str = "", flags: int = _I) -> Trigger:
    return Trigger(cat, re.compile(pattern, flags), strength, tag)


TRIGGERS: tuple[Trigger, ...] = (
    # --- Protests -----------------------------------------------------------------------
    _t("protest", r"\b(?:took|take|taking|takes|poured|pouring|flooded|flooding) (?:in)?to the streets?\b"),
    _t("protest", r"\b(?:staged?|staging|held|holding|organi[sz]ed|organi[sz]ing|join(?:ed|ing)?|led|mounted|launched) "
                  r"(?:a |an |the |their |several |mass |large |huge |massive |peaceful |new |fresh |another |"
                  r"nationwide |street |sit-down |silent |candlelight |rival |\w+ ){0,3}"
                  r"(?:protests?|rall(?:y|ies)|demonstrations?|marche?s?|sit-ins?|strikes?|vigils?|walkouts?|pickets?|blockades?|hunger strikes?)\b"),
    _t("protest", rf"\b{_CROWD} (?:(?!(?:as|after|while|when|because|fled|flee|fleeing|forced)\b)\w+ ){{0,3}}?(?:gathered|rallied|marched|protested|demonstrated|chanted|"
                  r"massed|assembled|converged|blocked|blockaded|occupied|picketed|paraded|took to|poured into|"
                  r"filled|staged|held up|waved|shouted|camped|walked out|went on strike|beat pots|"
                  r"banged pots|formed a human chain|held placards|carried placards|defied|braved|entered|"
                  r"gathering|marching|rallying|chanting|blocking|protesting|came out|continued|continue|continues|"
                  r"refused to leave|refuse to go home|stayed on|remained on)\b"),
    _t("protest", r"\bcame out (?:on)?to the (?:streets?|squares?|main square|central square)\b|\bwith (?:the )?(?:slogans|placards|banners|posters)\b", MEDIUM),
    _t("protest", r"\bprotest(?:ed|ing)\b(?! (?:the|a|this|his|her) (?:decision|ruling|verdict|move|appointment)s?\b)"),
    _t("protest", r"\b(?:rallied|rallying|demonstrated|picketed|picketing)\b"),
    _t("protest", r"\b[Mm]arch(?:ed|ing)\b|\b(?:a|the|their) march\b|\bmarchers\b", STRONG, "", 0),
    _t("protest", r"\b(?:went|go|going|gone|are|were|is|was) on (?:a |an )?(?:general |hunger |national |nationwide |indefinite |\w+ )?strike\b"),
    _t("protest", r"\b(?:general|nationwide|national|indefinite|hunger|labou?r|workers'?|teachers'?|doctors'?|transport|truckers'?) strikes?\b", MEDIUM),
    _t("protest", r"\bstriking (?:workers|miners|teachers|doctors|nurses|drivers|employees|dockers|truckers|oil workers)\b"),
    _t("protest", r"\b(?:sit-ins?|hunger strikes?|road ?blocks?|roadblocks|human chain|pot-banging|cacerolazos?)\b", MEDIUM),
    _t("protest", rf"\b{_PROTEST_NOUN}\b(?:\s+[\w'’-]+){{0,7}}?\s+{_OCCUR}\b", MEDIUM),
    _t("protest", r"\b(?:mass|massive|large|huge|big|peaceful|anti-government|anti-war|street|fresh|new|nationwide|rival|"
                  r"spontaneous|student|opposition|pro-democracy|antigovernment|violent) (?:protests?|demonstrations?|rall(?:y|ies)|marches)\b", MEDIUM),
    _t("protest", r"\b(?:protests?|protesters|protestors|demonstrations?|demonstrators|rall(?:y|ies)|unrest|"
                  r"disturbances|uprising|agitation|dissent|marches)\b", WEAK),
    # people gathered, camped or on the move for a cause ("gathered ... and called for the
    # release of", "set up an encampment in solidarity with", "drove tractors into the city
    # against new rules"): a protest
    _t("protest", r"\b(?:gathered|assembled|converged|camped|massed|rallied|paraded|marched|walked|drove|rode|"
                  r"set up (?:an? |their )?(?:encampment|protest camp|camp|tents?)|(?:led|held|staged|organi[sz]ed|joined) (?:an? |the )?(?:convoy|caravan|procession|motorcade|"
                  r"hikoi|long march|vigil|sit-in|encampment|tractor (?:rally|convoy)))\b[^.;]{0,90}?"
                  r"\b(?:in solidarity with|in support of|to demand|demanding|to denounce|denouncing|(?:and )?called for|calling for|to call for|"
                  r"to protest|in protest|to press for|to condemn|condemning|to oppose|opposing|against (?:the |a |an )?(?:[\w-]+ ){0,3}?"
                  r"(?:bill|law|rules?|reforms?|decision|government|ban|tax|taxes|war|plan|policy|policies|measures?|election results|closure|eviction|price|prices))\b"),
    # a political commemoration: flowers or candles brought in memory of someone
    _t("protest", r"\b(?:brought|laid|lay|laying|placed|placing|left|lit|lighting)\s+(?:\w+\s+){0,2}?(?:flowers|wreaths|candles)\b[^.;]{0,60}?"
                  r"\b(?:in memory of|to commemorate|commemorating|to honou?r|in tribute to|at (?:a|the) (?:\w+\s+)?(?:memorial|monument))\b", MEDIUM),
    # --- Protest with intervention ------------------------------------------------------------
    _t("intervention", r"\btear[- ]?gas(?:sed)?\b|\bteargas(?:sed)?\b"),
    _t("intervention", r"\bwater[- ]?cannons?\b"),
    _t("intervention", r"\b(?:rubber(?:-coated)?|plastic) bullets\b|\bpellet guns?\b|\bbirdshot\b"),
    _t("intervention", r"\b(?:stun|sound|flash) (?:grenades?|bombs?)\b|\bflash-?bangs?\b"),
    _t("intervention", r"\bpepper[- ]?spray(?:ed)?\b|\bbaton[- ]?charg(?:e|ed|ing)\b|\bbatons\b|\bcharged (?:at )?(?:the )?(?:crowd|protesters|demonstrators)\b"),
    _t("intervention", r"\b(?:dispersed?|dispersing|broke up|break up|breaking up|broken up|cleared|scattered|evicted|"
                       r"pushed back|kettled|blocked|(?:forcibly |violently )?removed|expelled|dismantled|tore down)\b(?:\s+\w+){0,4}?\s+(?:protests?|protesters|protestors|demonstrat\w+|crowds?|"
                       r"rall(?:y|ies)|gatherings?|march(?:es|ers)?|sit-ins?|camps?|encampments?)\b"),
    _t("intervention", r"\b(?:protests?|protesters|protestors|demonstrat\w+|crowds?|rall(?:y|ies)|gatherings?|sit-ins?|marchers|camps?)\b"
                       r"(?:\s+\w+){0,3}?\s+(?:was|were|had been|have been)\s+(?:forcibly |violently |quickly |brutally )?(?:dispersed|broken up|cleared)\b"),
    _t("intervention", r"\bcrackdown\b|\bcracked down\b", MEDIUM),
    _t("intervention", r"\b(?:beat|beaten|beating|clubbed|manhandled|dragged)\b(?:\s+\w+){0,2}?\s+(?:protesters|protestors|demonstrators|marchers|students)\b"),
    _t("intervention", r"\bfired (?:warning shots|into the air|in the air|shots in the air)\b"),
    # --- Excessive force -----------------------------------------------------------------------
    _t("excessive", r"\b(?:opened fire|fired|shot|shooting)\b(?:\s+(?:live ammunition|live rounds|live bullets|bullets|live fire))?\s+(?:at|on|into|upon)\s+(?:\w+\s+){0,3}?"
                    r"(?:protesters|protestors|demonstrators|crowds?|marchers|rally|protest|students|mourners|people)\b"),
    _t("excessive", r"\blive (?:ammunition|rounds?|fire|bullets?)\b"),
    _t("excessive", r"\b(?:shot dead|gunned down|killed|killing|shot and killed|shot|shoots|shooting|wounded)\s+(?:[\w-]+\s+){0,3}?"
                    r"(?:protesters?|protestors?|demonstrators?|marchers?)\b"),
    _t("excessive", r"\bshoot[- ]to[- ]kill\b|\bshoot without warning\b"),
    # --- Riots ---------------------------------------------------------------------------------
    _t("riot", r"\b(?<!anti-)riot(?:s|ed|ing|ers)?\b(?!\s+(?:police|gear|squads?|shields?|units?|officers|troops|control|act|police officers|helmets))"),
    _t("riot", r"\bstorm(?:ed|ing)\b(?!\s+(?:of (?:criticism|protest|outrage)))|\b(?:to|tried to|attempted to|trying to) storm\b"
               r"|\bstorms?\s+(?:the|a|an|into)\s+(?!(?:\w+\s+)?(?:hit|hits|struck|strikes|caused|causes|battered|batters|lashed|swept)\b)"),
    _t("riot", r"\b(?:set|setting|sets)\s+(?:\w+\s+){0,5}?(?:on fire|ablaze|alight|afire)\b|\bset(?:ting)? fire\b|\bsets fire\b", STRONG, "arson"),
    _t("riot", r"\b(?:torch(?:ed|ing)|arson|firebomb(?:ed|ing|s)?|petrol[- ]bomb(?:ed|ing|s)?|molotov(?: cocktails?)?)\b", STRONG, "arson"),
    _t("riot", r"\b(?:burn(?:ed|t|ing)|set alight)\s+(?:down\s+)?(?:\w+\s+){0,3}?(?:cars?|vehicles?|tyres|tires|buildings?|police (?:stations?|cars?|vehicles?|posts?)|"
               r"shops?|offices?|banks?|headquarters|houses|homes|buses|barricades|stations?|government buildings?|"
               r"parliament|city hall|town hall|mayor's office|akimat|kiosks?|trucks?|lorries|vans?|ambulances?|churches|mosques|"
               r"consulates?|embass(?:y|ies)|courthouses?|court buildings?|party offices?|(?:council|municipal|provincial|district) (?:buildings?|offices?|headquarters)|"
               r"schools?|markets?|toll (?:booths?|plazas?)|stations?)\b", STRONG, "arson"),
    # the passive with no doer, of the state's buildings a crowd turns on: "a police station
    # was burned (with ten officers inside)" (cars or houses burned may be anyone's act)
    _t("riot", r"\b(?:police (?:stations?|posts?|cars?|vehicles?|headquarters)|police (?:station|post) buildings?|government (?:buildings?|offices?)|"
               r"parliament(?: building)?|city hall|town hall|courthouses?|consulates?|embass(?:y|ies)|party (?:offices?|headquarters)|"
               r"(?:council|municipal|provincial|district|regional|governor's) (?:buildings?|offices?|headquarters)|tax offices?|mayor's office)(?:\s*\([^()]{1,30}\))?\s+(?:was|were|had been|has been|have been)\s+(?:\w+ly\s+)?"
               r"(?:burned|burnt|set alight|set on fire|set ablaze|firebombed|petrol-bombed)\b", STRONG, "arson"),
    # a crowd barricading streets: "youths erected barricades in the suburbs" (police barricades are no riot)
    _t("riot", rf"\b{_CROWD} (?:(?!police|troops|soldiers|authorities)\w+ ){{0,3}}?(?:erected|built|put up|set up|raised|threw up|manned|erecting|building|putting up|setting up)\s+"
               r"(?:\w+\s+){0,2}?barricades\b", STRONG, "barricades"),
    _t("riot", r"\b(?:ransack(?:ed|ing)|vandali[sz](?:ed|ing|m)|rampag(?:ed|ing|e)|went on the rampage)\b", STRONG, "property destruction"),
    _t("riot", r"\bsmash(?:ed|ing)\s+(?:\w+\s+){0,3}?(?:windows|shops|cars|storefronts|shopfronts|vehicles|cameras|glass|doors|atms|banks)\b", STRONG, "property destruction"),
    _t("riot", r"\b(?:stoned|stoning)\s+(?:[\w'’-]+\s+){0,3}?(?:police|officers|security forces|soldiers|troops|vehicles?|cars?|buses|convoys?|"
               r"buildings?|offices?|houses|homes|shops|trains?|the motorcade)\b"),
    _t("riot", r"\b(?:threw|throwing|hurled|hurling|pelted|pelting|lobbed)\s+(?:\w+\s+){0,3}?(?:stones|rocks|bricks|bottles|molotov|petrol bombs|firebombs|fireworks|"
               r"projectiles|objects|missiles|paving stones|firecrackers)\b|\bstone[- ]throw(?:ing|ers)\b"),
    _t("riot", r"\b(?:toppl(?:ed|ing|e)|pull(?:ed|ing)? down|tore down|tearing down|torn down|brought down|bring down|bringing down|"
               r"dismantl(?:ed|ing)|destroy(?:ed|ing)|defac(?:ed|ing)|behead(?:ed|ing)|knocked down)\b[^.;]{0,60}?\b(?:statues?|monuments?|busts?|memorials?)\b",
       STRONG, "statue toppled"),
    _t("riot", r"\b(?:statues?|monuments?|busts?)\b[^.;]{0,60}?\b(?:toppled|pulled down|torn down|brought down|dismantled|destroyed|defaced|knocked down)\b",
       STRONG, "statue toppled"),
    _t("riot", r"\b(?:protests?|demonstrations?|rall(?:y|ies)|marches|crowds?)\s+(?:\w+\s+){0,2}?turned (?:violent|deadly|ugly|bloody)\b|\bviolent (?:protests?|demonstrations?)\b"),
    _t("riot", rf"\b{_CROWD}\s+(?:\w+\s+){{0,3}}?(?:attacked|stormed|broke into|forced their way into|ransacked|burned|seized|occupied|besieged|overran)\s+"
               r"(?:\w+\s+){0,3}?(?:police|buildings?|offices?|headquarters|station|parliament|airport|akimat|city hall|town hall|residence|palace|compound)\b"),
    _t("riot", r"\b(?:broke into|forced (?:their|its) way into|seized|occupied) (?:the )?(?:\w+\s+){0,2}?(?:airport|parliament|akimat|city hall|town hall|"
               r"presidential (?:residence|palace)|governor's office|mayor's office|administration building|government buildings?|state television|"
               r"national assembly|congress|legislature|senate|ministry|palace|assembly building|state broadcaster)\b"),
    # a building taken or burned by a crowd, told in the passive ("the residence was captured by
    # the crowd and burned")
    _t("riot", rf"\b(?:was|were|had been|has been|have been)\s+(?:\w+ly\s+)?(?:(?:captured|seized|stormed|occupied|ransacked|looted|attacked)\s+(?:and\s+(?:then\s+)?)?)?"
               rf"(?:burned|burnt|torched|set on fire|set ablaze|set alight)?\s*(?:and\s+(?:then\s+)?\w+\s+)?by\s+{_BY_CROWD}(?=\s+and\s+(?:then\s+)?(?:burned|burnt|torched|set on fire|set ablaze|set alight))"
               rf"|\b(?:was|were|had been|has been|have been)\s+(?:\w+ly\s+)?(?:burned|burnt|torched|set on fire|set ablaze|set alight)\s+(?:down\s+)?by\s+{_BY_CROWD}",
       STRONG, "arson"),
    _t("riot", rf"\b(?:was|were|had been|has been|have been)\s+(?:\w+ly\s+)?(?:captured|seized|stormed|occupied|ransacked|looted|vandali[sz]ed|attacked)\s+"
               rf"(?:and\s+(?:then\s+)?\w+\s+)?by\s+{_BY_CROWD}"),
    _t("mob", r"\b(?:supporters|loyalists|thugs|gangs?|vigilantes|men armed with [\w ]{3,30}?|counter-protesters|militants of the ruling party)\b(?:\s+[\w-]+){0,6}?\s+"
                r"(?:attacked|assaulted|beat|stabbed|charged at|set upon|clubbed|chased)\s+(?:\w+\s+){0,3}?(?:protesters|protestors|demonstrators|marchers|camps?|students|journalists)\b"),
    _t("mob", r"\b(?:mob|mobs)\b(?:\s+\w+){0,3}?\s+(?:attacked|lynched|killed|beat|burned|torched|stoned|chased)\b|\blynch(?:ed|ing|ings)\b|\bvigilantes?\b|\bmob justice\b"),
    _t("intervention", r"\bscuffl(?:ed|es|ing)\b|\bjostl(?:ed|ing)\b|\bscuffles?\b"),
    _t("clash", r"\bclash(?:ed|es|ing)?\b|\bskirmish(?:ed|es)?\b|\bstreet battles?\b|\bpitched battles?\b|\bfought running battles\b|\brunning battles\b"),
    _t("loot", r"\bloot(?:ed|ing|ers)\b|\bplunder(?:ed|ing)\b|\bpillag(?:ed|ing)\b", STRONG, "looting"),
    # --- Battles ---------------------------------------------------------------------------------
    _t("battle", r"\b(?:counter-?terror(?:ism|ist)?|anti-?terror(?:ist|ism)?|security|military|clean-?up|mopping-?up|special) operations?\b", MEDIUM),
    _t("battle", r"\b(?:gunfire|shooting|shots (?:were|was) (?:heard|fired)|shots rang out|automatic weapons fire)\b", 0.2),
    _t("battle", r"\b(?:firefights?|gun ?battles?|gunfights?|exchanges? of fire|exchanged fire|armed clash(?:es)?|heavy fighting|fierce fighting|"
                 r"fighting (?:between|with|erupted|broke out)|ambush(?:ed|es)?)\b"),
    _t("battle", r"\b(?:(?:the|latest|fresh|renewed|new|intense|intensified|continued|continuing|ongoing|heavy|fierce|"
                 r"deadly|bloody|sporadic|sustained|factional|inter-factional|weekend|overnight|days of|weeks of) fighting|"
                 r"fighting (?:flared|flares|continued|continues|raged|rages|intensified|intensifies|escalated|escalates|resumed|resumes|erupts|"
                 r"breaks out|spread|spreads|left|leaves|killed|kills))\b", MEDIUM),
    _t("battle", r"\b(?:battles?|fighting) (?:erupt(?:s|ed)?|rag(?:es|ed|ing)|broke out|breaks out)\b|\b(?:attacks?|assaults?|raids?) (?:on|against) "
                 r"(?:an? |the |two |three |several )?(?:[\w'’-]+ ){0,3}?(?:army|military|police|security|border guard|government|regime|junta) "
                 r"(?:convoys?|bases?|posts?|outposts?|positions?|checkpoints?|camps?|stations?|barracks|patrols?|forces|troops|units?)\b"
                 r"|\b(?:attacks?|assaults?|raids?|offensives?) (?:on|against) (?:an? |the |two |three |several )?(?:[\w'’-]+ ){0,3}?"
                 r"(?:rebels|militants|insurgents|separatists|jihadists|guerrill\w+|militia(?:s|men)?|(?:rebel|militant|insurgent) "
                 r"(?:positions|bases|camps|strongholds|hideouts))\b"),
    _t("explosion:Air/drone strike", r"\b(?:coalition|aerial|drone|missile|helicopter|warplanes?['’]?|jets?['’]?) (?:strikes?|raids?|bombing)\b"),
    # a place taken (whose side took it, and whether it was fought for, type it: see
    # geodata.events.detect)
    _t("territory", rf"\b(?:took over|taken over|takes over|taking over|overran|overruns|overrun|overrunning|"
                    rf"(?:took|taken|takes|taking|seized|seizes|seizing|gained|gains|wrested|wrests|assumed|established)\s+(?:full\s+|total\s+|effective\s+)?control\s+(?:of|over))\s+"
                    rf"(?:most\s+(?:of\s+)?|much\s+of\s+|parts?\s+of\s+|all\s+of\s+|large parts of\s+)?{_TERRITORY}"
                    rf"|\b(?:seized|seizes|seizing|captured|captures|capturing)\s+(?:most\s+(?:of\s+)?|much\s+of\s+|parts?\s+of\s+|all\s+of\s+)?{_TERRITORY_NOUN}"
                    # (a bare name after "seized" may be a person's: only beside a fight)
                    r"|\b(?:seized|captured)\s+(?-i:[A-Z])[\w'’-]+(?=[^.;]{0,80}?\b(?:fighting|clashes|battles?|offensive|assault)\b)"
                    # (or taken from an armed side: "captured Kidal from the rebels")
                    r"|\b(?:seized|captured)\s+(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?(?=\s+from\s+(?:the\s+)?(?:rebels|militants|"
                    r"insurgents|jihadists|fighters|militia(?:s|men)?|separatists|gangs|(?-i:[A-Z]{2,})\b))"),
    _t("regain", r"\b(?:recaptured|recaptures|retook|retaken|retakes|regained control of|regains control of|recovered control of|liberated|took back)\b"),
    _t("overtake", r"\b(?:rebels|militants|insurgents|jihadists|fighters|militia(?:men)?|gunmen)\b(?:\s+\w+){0,4}?\s+(?:seized|captured|took control of|overran|took over)\b"),
    # --- Explosions/Remote violence ------------------------------------------------------------
    _t("explosion:Chemical weapon", r"\bchemical (?:weapons?|attacks?|munitions?|agents?|bombs?|shells?)\b|\bsarin\b|\bchlorine gas attack\b"
                                    r"|\b(?:chlorine|mustard|nerve|toxic|poison(?:ous)?|VX|tabun)\s+(?:gas|agents?)\b(?=[^.;]{0,80}?\b(?:attack\w*|dropped|fired|"
                                    r"used|launched|shells?|rockets?|bombs?|cylinders?|canisters?|barrels?|munitions?|struck|hit|on|against)\b)"
                                    r"|\b(?:dropped|fired|launched|used|released)\s+(?:\w+\s+){0,4}?(?:containing|filled with|loaded with|of)\s+"
                                    r"(?:chlorine|mustard|sarin|nerve|toxic|poison(?:ous)?)\b"),
    _t("explosion:Air/drone strike", r"\b(?:air ?strikes?|airstrikes?|air raids?|drone (?:strikes?|attacks?)|warplanes? (?:bombed|struck|hit)|aerial bombardment)\b"),
    # an aircraft as the doer: "a Russian drone struck a building", "Israeli jets struck the port"
    _t("explosion:Air/drone strike",
       r"\b(?:drones?|(?:fighter |military |war ?)?jets?|warplanes?|war planes|(?<!anti-)aircraft|helicopters?|helicopter gunships?|gunships?|"
       r"(?<!suicide )bombers?|(?:military |fighter )planes?|UAVs?)\b(?:\s+(?:[\w'’-]+\s+){0,3}?)?\s*"
       r"(?:struck|strikes|hit|hits|bombed|bombs|targeted|targets|attacked|attacks|pounded|pounds|raided|shelled|"
       r"fired (?:on|at|upon|missiles|rockets)|opened fire|dropped (?:\w+\s+){0,2}?(?:bombs?|explosives?|munitions|barrel bombs|grenades?|shells?|cylinders?|canisters?))\b"),
    _t("explosion:Suicide bomb", r"\bsuicide (?:bomb(?:er|ers|ing|ings)?|attack(?:er|ers)?|vests?|belts?|car bombs?|truck bombs?|VBIEDs?)\b"
                                 r"|\b(?:blew|blow|blows|blowing|blown)\s+(?:himself|herself|themselves|itself)\s+up\b"
                                 r"|\b(?:detonated|detonating|triggered|set off)\s+(?:his|her|their)\s+(?:own\s+)?(?:explosive|explosives|bomb|suicide)?\s*(?:vests?|belts?)\b"
                                 r"|\bself-detonat\w+\b"),
    _t("explosion:Shelling/artillery/missile attack", r"\b(?:shell(?:ed|ing)|artillery (?:fire|strikes?|barrage)|mortar (?:fire|rounds|shells|attacks?)|mortars|"
                                                      r"rockets? (?:fire|attacks?|hit|struck|landed)|missiles? (?:strikes?|attacks?|hit|struck)|fired (?:\w+ ){0,2}?(?:rockets|missiles|mortars))\b"),
    _t("explosion:Remote explosive/landmine/IED", r"\b(?:IEDs?|improvised explosive|roadside bombs?|landmines?|land mines?|car bombs?|bombs? (?:exploded|went off|blast)|"
                                                  r"explosive devices?|bomb attacks?|bombings?|bomb blasts?)\b"),
    _t("explosion:Remote explosive/landmine/IED",
       r"\b(?<!petrol )(?<!stun )(?<!sound )(?<!flash )bombs?\s+(?:killed|kills|wounded|wounds|injured|"
       r"injures|hit|struck|ripped|tore|damaged|destroyed|detonated)\b|\b(?:detonated|set off)\s+"
       r"(?:a |an |two |three |several )?(?:\w+ )?bombs?\b|\bbombs? (?:was|were) (?:detonated|set off)\b"),
    _t("explosion:Grenade", r"\b(?<!stun )(?<!sound )(?<!flash )(?<!gas )(?<!smoke )(?<!-)grenades?\b"
                           r"(?!\s+launchers?)"),
    _t("explosion:Remote explosive/landmine/IED", r"\b(?:explosions?|blasts?|exploded)\b", MEDIUM),
    # --- Violence against civilians --------------------------------------------------------------
    _t("vac:Abduction/forced disappearance", r"\b(?:abduct(?:ed|ion|ions|ing)|kidnapp?(?:ed|ing|ings)|forcibly disappeared|enforced disappearances?)\b"),
    # a person taken whose fate is unknown: a forced disappearance, whoever took them ("security
    # forces seized an activist from his home; his whereabouts remain unknown")
    _t("vac:Abduction/forced disappearance",
       r"\b(?:seized|snatched|grabbed|picked up|took|taken|whisked|detained|arrested|abducted|kidnapped|led)\b[^.]{0,140}?"
       r"\b(?:(?:his|her|their|whose)\s+whereabouts\s+(?:\w+\s+)?(?:remain|remains|are|is|were|was|have been|has been)\s+(?:still\s+)?unknown|"
       r"to an? (?:unknown|undisclosed) (?:location|destination|place)|held incommunicado|(?:has|have) not been seen since)\b"),
    # a person led off by armed men: "took away a village chief", "whisked the two men away to
    # an unknown location"
    _t("vac:Abduction/forced disappearance",
       r"\b(?:took|taken|whisked|carried|led|dragged|marched)\s+(?:away|off)\s+(?:(?:an?|the|two|three|four|five|several|\d+)\s+)?(?:[\w-]+\s+){0,2}?"
       r"(?:m[ae]n|wom[ae]n|boys?|girls?|child(?:ren)?|chiefs?|civilians?|villagers?|residents?|farmers?|herders?|traders?|"
       r"pastors?|priests?|imams?|teachers?|pupils|students?|officials?|journalists?|activists?|persons?|people|relatives|sons?|daughters?|"
       r"wives|wife|husbands?|passengers|workers?|leaders?|councillors?|elders?)\b"
       r"|\b(?:took|taken|whisked|carried|led|dragged)\s+(?:\w+\s+){1,4}?(?:away|off)\s+to\s+(?:an?\s+)?(?:unknown|undisclosed)\s+(?:location|destination|place)\b"),
    _t("vac:Sexual violence", r"\b(?:rap(?:ed|es|ing)|gang-?rape[ds]?|sexual(?:ly)? (?:violence|assault(?:ed)?|abuse[ds]?))\b"),
    _t("vac:Attack", r"\b(?:massacred?|massacres|executed|extrajudicial(?:ly)? kill\w*|summarily (?:executed|killed)|beaten to death|hacked to death|burned alive|"
                     r"gunmen (?:\w+ ){0,3}?(?:killed|shot|opened fire|attacked|stormed))\b"),
    _t("vac:Attack", r"\b(?:police(?:man| officers?)?|officers?|soldiers?|troops|security forces|gunmen|militiamen|assailants)\b(?:\s+[\w-]+){0,3}?\s+"
                     r"(?:shot dead|shot and killed|gunned down|beat to death|beaten to death|killed|executed)\s+(?:an? |two |three |\w+ )?(?:[\w-]+\s+){0,2}?"
                     r"(?:driver|man|woman|boy|girl|teenager|child|children|civilians?|villagers?|residents?|farmers?|herders?|worshippers|passengers|journalists?|students?|youths?|people)\b"),
    _t("vac:Attack", r"\b(?:attacked|attacking|attacks|targeted|targets|assaulted|assaults|shot at)\s+(?:\w+\s+){0,3}?(?:civilians|villagers|villages?|worshippers|passengers|"
                     r"residents|farmers|herders|journalists|reporters|bystanders|pedestrians|a village|a church|a mosque|a market|a school|a bus)\b"),
    # --- Strategic developments ------------------------------------------------------------------
    _t("measure:emergency", r"\b(?:state of (?:emergency|siege|exception|alarm)|emergency rule|martial law|emergency decree|emergency powers|"
                            r"curfews?|(?:ban(?:ned|ning|s)?|prohibit(?:ed|ing|s)?|outlaw(?:ed|ing|s)?|forb(?:id|ids|idding|ade))\s+(?:on\s+)?(?:all\s+|any\s+)?"
                            r"(?:(?!and\b|or\b)[\w-]+\s+){0,2}?(?:gatherings|protests|demonstrations|rallies|assemblies|marches|meetings of)|"
                            r"(?:protests|demonstrations|rallies|gatherings) (?:were |was |have been |are )?(?:banned|prohibited|outlawed))\b"),
    _t("measure:internet", r"\binternet (?:shut ?downs?|shut-downs?|blackouts?|outages?|cuts?|disruptions?|restrictions?|was (?:cut|shut down|blocked|restricted|disrupted)|access (?:was |had been )?(?:cut|blocked|restricted|disrupted))\b"),
    _t("measure:internet", r"\b(?:shut(?:ting)?|cut(?:ting)?|block(?:ed|ing)|disrupt(?:ed|ing)|restrict(?:ed|ing)|suspend(?:ed|ing)|throttl(?:ed|ing)|switch(?:ed|ing))\s+"
                           r"(?:off\s+|down\s+)?(?:\w+\s+){0,3}?(?:internet|mobile data|mobile internet|social media|messaging apps?|whatsapp|telegram|facebook|twitter|instagram|tiktok|online services|phone lines|communications)\b"),
    _t("measure:internet", r"\b(?:internet|mobile data|social media|messaging apps?|whatsapp|telegram|facebook|twitter|instagram|tiktok)\s+(?:\w+\s+){0,3}?"
                           r"(?:was |were |has been |have been |had been |remained |remains )(?:\w+\s+)?(?:shut down|cut|cut off|blocked|restricted|disrupted|down|suspended|unavailable|inaccessible|throttled|off)\b"),
    _t("measure:internet", r"\b(?:nationwide|national|total|near-total|countrywide|communications|digital) (?:internet )?blackout\b|\bnetblocks\b", MEDIUM),
    _t("measure:deployment", r"\b(?:deploy(?:ed|ing|ment|s)?|order(?:ed|ing|s)|sen[dt]|sends|sending|dispatch(?:ed|ing|es)?|rush(?:ed|ing|es)|mobili[sz](?:ed|ing|es)|call(?:ed|ing) in|br(?:ought|ing|inging) in|"
                             r"mov(?:ed|ing) in|arriv(?:ed|ing|al of)|land(?:ed|ing)|fl(?:ew|own|ying) in)\s+(?:\w+\s+){0,4}?"
                             r"(?:troops|soldiers|peacekeepers|peacekeeping (?:forces|troops|contingent|units)|paratroopers|the army|army units|military units|"
                             r"the military|national guard|gendarmes|armou?red vehicles|tanks|reinforcements|forces|contingent)\b"),
    _t("measure:deployment", r"\b(?:(?:security|police|military|riot) (?:forces|reinforcements|units)\s+(?:\w+\s+){0,2}?(?:moved|poured|rolled|swept|were sent|were deployed|were rushed) (?:in)?to)\b"),
    _t("measure:deployment", r"\b(?:troops|soldiers|peacekeepers|paratroopers|army units|the army|the military|national guard(?:smen)?|armou?red vehicles|tanks|reinforcements)\s+"
                             r"(?:\w+\s+){0,3}?(?:were |was |have been |had been |has been |are |began |started )?(?:deployed|sent|dispatched|arrived|landed|patrolled|patrolling|"
                             r"took up positions|moved in|moved into|rolled into|were on the streets|on the streets|onto the streets|stationed)\b"),
    _t("measure:deployment", r"\bpeacekeep(?:ers|ing (?:forces|troops|mission|contingent))\b", WEAK),
    _t("sd:Disrupted weapons use",
       r"\b(?:defus(?:ed|es|ing)|dismantl(?:ed|es|ing)|neutrali[sz](?:ed|es|ing)|intercept(?:ed|s|ing)|shot down|shoots down|"
       r"seiz(?:ed|es|ing)|recover(?:ed|s|ing))\s+(?:\w+\s+){0,3}?(?:IEDs?|bombs?|explosives?|explosive devices?|(?:land)?mines?|"
       r"drones?|missiles?|rockets?|weapons caches?|arms caches?|caches? of (?:arms|weapons))\b"
       r"|\b(?:IEDs?|bombs?|explosive devices?|(?:land)?mines?)\s+(?:\w+\s+){0,4}?(?:was|were|had been|has been)\s+"
       r"(?:found and\s+)?(?:defused|dismantled|neutrali[sz]ed|safely detonated|detonated safely)\b"
       r"|\b(?:drones?|UAVs?|missiles?|rockets?|cruise missiles?|ballistic missiles?|projectiles|shells)\s+(?:\w+\s+){0,3}?(?:were|was|had been|have been|has been)\s+"
       r"(?:\w+ly\s+)?(?:shot down|intercepted|downed|neutrali[sz]ed|destroyed in (?:the air|flight|mid-air))\b"),
    # a group dissolved by its leaders or the authorities
    _t("sd:Change to group/activity",
       r"\b(?:dissolved|disbanded|dismantled)\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:former\s+|local\s+|armed\s+|pro-government\s+|rebel\s+)*"
       r"(?:militia|armed group|group|faction|brigade|battalion|movement|vigilante group|self-defen[cs]e (?:group|force|militia))s?\b"),
    # a military striking a place with no weapon named: an air strike, ACLED's usual reading
    _t("explosion:Air/drone strike",
       r"\b(?:the\s+)?(?:[A-Z][a-z]+\s+)?(?:military|air force|armed forces)\s+(?:struck|hit|bombed|targeted)\s+(?:an?\s+|the\s+|two\s+|several\s+)?"
       r"(?:[\w-]+\s+){0,2}?(?:facilit(?:y|ies)|infrastructure|plants?|depots?|stations?|buildings?|targets?|positions?|bases?|ports?|airports?|"
       r"bridges?|refiner(?:y|ies)|warehouses?|factor(?:y|ies)|compounds?|headquarters)\b"),
    # a group's new shape or a new practice: a unified command formed, a blockade imposed
    _t("sd:Change to group/activity",
       r"\b(?:formation|creation|establishment|launch) of (?:an? |the )?(?:new |unified |joint |single )?(?:command|coalition|alliance|front|armed group|militia|movement)\b"
       r"|\b(?:imposed|imposes|imposing|declared|enforced|enforcing|announced)\s+(?:an? |the )?(?:total |full |economic |road )?(?:blockade|siege|embargo)\s+(?:on|of|around)\b"),
    # the dead found in a mass grave: a discovery, ACLED's other development
    _t("sd:Other", r"\b(?:found|discovered|uncovered|unearthed|exhumed|located)\s+(?:\w+\s+){0,3}?mass graves?\b"
                   r"|\bmass graves?\s+(?:\w+\s+){0,3}?(?:was|were|had been|has been|have been)\s+(?:found|discovered|uncovered|unearthed|exhumed)\b"),
    # an armed group's allegiance, defection or merger: an act of the group, told as done
    _t("sd:Change to group/activity",
       r"\b(?:militia(?:s|men)?|rebels?|militants?|insurgents?|fighters|jihadists?|armed groups?|factions? of (?:the )?[\w-]+|"
       r"(?:rebel|militant|armed|jihadist|insurgent) (?:groups?|factions?|commanders?|leaders?)|commanders?)\b[^.;]{0,60}?"
       r"\b(?:pledged allegiance|swore allegiance|declared allegiance|defected|merged|split from|splitting from|broke away from|breaking away from|disbanded|"
       r"joined forces with|rebranded|renamed (?:itself|themselves))\b"),
    _t("sd:Change to group/activity",
       r"\b(?:split|splits|splitting|splintered|breaking away|merged|merges|defected|defects|pledged allegiance|swore allegiance|disbanded|"
       r"dissolved itself|rebranded|renamed itself|formed a new (?:armed )?(?:group|faction|coalition|alliance|militia))\b"
       r"(?=[^.;]{0,80}?\b(?:group|faction|militia|rebels?|movement|coalition|alliance|front|army|fighters|militants)\b)"
       r"|\b(?:group|faction|militia|rebels?|movement|coalition|alliance|front|fighters|militants)\b[^.;]{0,60}?"
       r"\b(?:split|splintered|merged|defected|pledged allegiance|swore allegiance|disbanded|dissolved itself|rebranded|renamed itself)\b",
       MEDIUM),
    _t("sd:Non-violent transfer of territory",
       r"\b(?:withdrew|withdraws|withdrawn|pulled out|retreated|handed over|hands over|ceded|cedes|relinquished|abandoned)\s+"
       r"(?:from\s+)?(?:(?-i:[A-Z])[\w'’-]+|(?:(?:the|a|an|its|their|key|strategic)\s+)*(?:[\w'’-]+\s+){0,2}?(?:towns?|cit(?:y|ies)|villages?|"
       r"bases?|camps?|barracks|garrisons?|posts?|outposts?|positions?|checkpoints?|airports?|airfields?|areas?|territor(?:y|ies)|district|control))\b", MEDIUM),
    # a place taken with no fight: "entered the town unopposed", "took control of X after the
    # army withdrew", "handed control of the base to the militia"
    _t("sd:Non-violent transfer of territory",
       rf"\b(?:took|taken|takes|taking|assumed|seized|gained|handed|hands|handing|transferred)\s+(?:full\s+)?control\s+of\s+{_TERRITORY}[^.;]{{0,120}}?"
       r"\b(?:after|following|when|once|as)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?(?:withdr[ae]w\w*|pulled out|retreated|left|vacated|abandoned|"
       r"evacuated|departed|withdrawal|departure|pull-?out)\b"
       r"|\b(?:entered|entering|took over|taking over|moved into|occupied|took control of|taken control of|took|captured|seized)\b[^.;]{0,80}?"
       r"\b(?:without (?:a |any )?(?:fight|fighting|resistance|a shot|firing a shot|bloodshed|clashes|opposition)|unopposed|uncontested|peacefully)\b"
       rf"|\b(?:handed|hands|handing) (?:over )?control of\s+{_TERRITORY}|\bhanded (?:over )?(?:the |its |their )?(?:town|city|base|camp|positions?|posts?|barracks|territory)\b"),
    _t("agreement", r"\b(?:cease-?fire|truce|peace (?:deal|agreement|accord)|signed (?:an? |the )?(?:agreement|deal|accord|pact)|reached (?:an? )?(?:agreement|deal))\b"
                    r"(?!\s+(?:talks|negotiations|signator(?:y|ies)|monitors?|violations?|lines?|proposals?|plans?)\b)"),
    # captives let go: ACLED's agreement (prisoner releases and exchanges)
    _t("sd:Agreement", r"\b(?:released|freed|set free|handed over|exchanged|swapped)\s+(?:(?:at least|some|about|around|over|more than|nearly|all|the|"
                       r"its|their|two|three|four|five|six|seven|eight|nine|ten|several|dozens of|scores of|hundreds of|\d[\d,]*)\s+)*"
                       r"(?:[\w-]+\s+){0,3}?(?:hostages|captives|prisoners|detainees|abductees|prisoners of war|POWs|kidnap victims|"
                       r"kidnapped \w+|abducted \w+|detained \w+|hostage)\b"
                       r"|\b(?:hostages|captives|abductees|prisoners of war|POWs|detainees)\s+(?:\w+\s+){0,3}?(?:were|was|had been|have been)\s+"
                       r"(?:released|freed|set free|exchanged|handed over)\b|\bprisoner (?:exchange|swap|release)s?\b"),
    _t("arrest", r"\b(?:arrest(?:ed|s|ing)?|detain(?:ed|ing|s)?|detentions?|taken into custody|rounded up|apprehended|jailed|under arrest|house arrest)\b"),
    # --- Casualty verbs (they date and place nothing by themselves) -------------------------
    _t("kill", r"\b(?:killed|killing|shot dead|died|dead|deaths|slain|lost their lives|fatalities|death toll|bodies)\b", MEDIUM),
    _t("injure", r"\b(?:injured|wounded|hurt|injuries|hospitali[sz]ed)\b", MEDIUM),
)

# Cues that govern what follows them in their clause: a statement, a plan, a hypothesis.
_HYPO_RX = re.compile(
    r"\b(?:vow(?:ed|s|ing)?|threaten(?:ed|s|ing)?|urg(?:ed|es|ing)|call(?:ed|s|ing) (?:for|on)|appeal(?:ed|s|ing)? (?:for|to)|"
    r"warn(?:ed|s|ing)? (?:of|against|that)|plan(?:s|ned|ning)? to|planned|planning|intend(?:s|ed)? to|would|could|might|(?-i:may)|should|"
    r"will|shall|promis(?:ed|es|ing)|pledg(?:ed|es|ing)|fears? (?:of|that)|feared|risk of|to prevent|prevent(?:ing)? (?:further )?|"
    r"in case of|if|unless|whether|deni(?:ed|es)|deny|rejected|refused to|ruled out|describ(?:ed|ing)|claimed that|blamed|"
    r"condemn(?:ed|s|ing)|expressed concern|closely following|following the situation|monitoring the situation|"
    r"exercise restraint|rumou?rs? (?:of|that)|allegations? (?:of|that)|accus(?:e|es|ed|ing) (?:[\w'’-]+ ){1,3}?of|"
    r"suspects? (?:in|of|behind)|masterminds? (?:of|behind)|perpetrators? of|the right to|ahead of|in advance of|"
    r"anniversary of|commemorat\w+|in memory of|the work of|against holding|lifted|lifting|ended|end to|to end|scheduled|set to|"
    r"accused of|suspected of|charged with|on suspicion of|convicted of|sentenced (?:for|over)|release of|freedom for|"
    r"releas(?:e|es|ed|ing)|rescu(?:e|es|ed|ing)|freed|frees|freeing|"
    r"convict(?:s|ed|ing)?|sentenc(?:e|es|ed|ing)|acquit(?:s|ted|ting)?|indict(?:s|ed|ing)?|investigat(?:e|es|ed|ing|ions?)|"
    r"prosecut(?:e|es|ed|ing|ion)|on trial|trial (?:of|for|over)|found guilty|pleaded guilty|"
    r"for (?:his|her|their|its) (?:alleged )?(?:roles?|part|involvement) in|"
    r"order(?:ed|s)? (?:\w+ )?to|gave (?:the |an )?orders? to|authori[sz](?:ed|es|ing) (?:\w+ )?to|during the|in the wake of|following the|after the|"
    r"(?:allow|permit)(?:s|ed|ted|ing|ting)? (?:[\w-]+ ){0,4}?to|"
    r"expected to|hopes? (?:to|that)|seeking to|sought to|"
    r"(?:tried|trying|attempted|attempting|attempts?) to (?!bring|pull|tear|topple|storm|break|force|set|burn|torch|loot|seize|enter|occupy|block|march|reach|disperse|"
    r"hold|stage|gather|rally|protest|demonstrate|organi[sz]e)|"
    r"after (?:\w+ )?(?:days|weeks|months|years|nights) of|following (?:\w+ )?(?:days|weeks|months|years|nights) of|in connection with|"
    r"call(?:ed|s)? off|postponed|cancel(?:l)?ed|instead of|rather than|symptoms? of|root causes? of|"
    r"respon(?:se|d|ded|ding) to|reaction to|because of|due to|amid|over the|since the|about the|regarding|"
    r"no (?:\w+ )?reports? of|no (?:sign|signs|evidence|indication) of|ha(?:ve|s|d) to|needs? to|in order to|"
    # a journalist's or critic's past work on an act: background, not the news ("he had
    # reported on the killings", "arrested over her reporting on the massacre")
    r"had (?:\w+ly )?(?:reported|written|blogged|posted|spoken|commented|talked|campaigned) (?:out )?(?:on|about|against)|"
    r"had (?:\w+ly )?(?:covered|critici[sz]ed|exposed|documented|denounced)|"
    r"(?:over|for) (?:his|her|their) (?:reporting|coverage|articles?|posts?|comments|criticism|investigations?) (?:on|of|about|into))\b",
    _I,
)
# Cues that cancel a trigger within a few words: negation.
_NEG_RX = re.compile(r"\b(?:no|not|never|without|nor|none|neither|n't|hardly|denied|deny|denies|free of|absence of|no sign of|no reports? of)\s+(?:\w+\s+){0,2}$|n't\s+(?:\w+\s+){0,2}$", _I)
_CLAUSE_BREAK_RX = re.compile(r"[;:]|\s[–—-]\s|\b(?:but|while|whereas|however|although|though|and then|before|after|when|(?<!such )as|where)\b|,\s+(?:and\s+)?(?:police|protesters|demonstrators|security|troops|the|a|an)\b", _I)
# Cues that do not cancel a measure ("amid the protests, a curfew was imposed"); a future or a
# plan does ("the army would be deployed", "plans to send troops": no deployment yet).
_MEASURE_OK_RX = re.compile(r"^(?:lifted|lifting|ended|end to|to end|amid|over the|since the|about the|regarding|respon\w+ to|reaction to|because of|due to|to prevent|prevent\w*|in case of)$", _I)
# A future or a plan inside the trigger's own words: "the army would be deployed", "troops are
# to be sent", "reinforcements will be flown in".
_FUTURE_IN_RX = re.compile(
    r"\b(?:would|will|shall|(?:is|are|was|were) (?:\w+ )?to be|(?:set|due|expected|going|about|plans?|planned|vowed) to)\b", _I)
_DEMO_OK_RX = re.compile(r"^(?:amid|over the|since the|about the|regarding|respon\w+ to|reaction to|because of|due to|the work of|during the|in the wake of|following the|after the)$", _I)
_BACKGROUND_CUES = ("amid", "over the", "since the", "about the", "regarding", "due to", "because of",
                    "during the", "in the wake of", "following the", "after the")


#: An execution carried out for a crime ("executes a man for his role in a murder"): a
#: sentence served, not an attack.
_JUDICIAL_AFTER_RX = re.compile(r"\s+(?:[\w'’.-]+\s+){0,4}?for (?:his|her|their|the) (?:alleged )?(?:roles?|part|involvement|crimes?|murders?|conviction)\b", _I)
_MEASURE_BG_RX = re.compile(r"\b(?:enforc\w+|defy\w*|defied|violat\w+|violations? (?:of|to)|despite|in breach of|breaking|broke|in defiance of|flout\w*|collapse of)\s+(?:the |a |an |their |its )?(?:[\w-]+ ){0,2}$", _I)


# Hedges after the trigger, in its clause: "a curfew now looks very likely", "a strike is
# expected", "protests are feared", "an attack was ruled out".
_HEDGE_AFTER_RX = re.compile(
    r"(?:(?!\b(?:and|but|while|who|which|that|as|after|before|when|where)\b)[^;:,.]){0,40}?"
    r"\b(?:(?:looks?|looked|seems?|seemed|appears?|appeared|is|are|was|were|remains?|becomes?)\s+"
    r"(?:now\s+|still\s+|also\s+)?(?:very\s+|increasingly\s+|more\s+|highly\s+|quite\s+|less\s+)?"
    r"(?:likely|unlikely|possible|probable|imminent|expected|feared|planned|threatened|considered|mooted|"
    r"being considered|under consideration|on the cards|in the offing|ruled out|rumou?red)"
    r"|(?:could|may|might|would|will)\s+(?:soon\s+|also\s+)?(?:be|follow|come|happen)\b)",
    _I,
)

#: One scan of a sentence tells which trigger patterns can match it.
_GATES = GateSet([t.rx for t in TRIGGERS])


def _source_tail(sentence: str, start: int) -> bool:
    """Whether ``start`` lies in a headline's closing source after a colon ("Gunmen kill 17:
    peacekeepers", "... : UN officials"): a few words that say who told it."""
    c = sentence.rfind(":", 0, start)
    return c > len(sentence) // 2 and len(sentence[c + 1:].split()) <= 4 and not re.search(r"[.;!?]", sentence[c + 1:].rstrip(" .!?"))


def _suppressed(sentence: str, hit: TriggerHit) -> bool:
    before = sentence[:hit.start]
    if _source_tail(sentence, hit.start):
        return True
    if _FUTURE_IN_RX.search(hit.text) or _HEDGE_AFTER_RX.match(sentence, hit.end):
        return True
    if hit.text.lower().startswith("execut") and _JUDICIAL_AFTER_RX.match(sentence, hit.end):
        return True
    if (hit.cat.startswith("measure") or hit.cat == "agreement") and _MEASURE_BG_RX.search(before[-50:]):
        return True
    if _NEG_RX.search(before[-40:]):
        return True
    # The clause the trigger sits in: from the last clause break before it.
    cut = 0
    for m in _CLAUSE_BREAK_RX.finditer(before):
        # "after"/"following" open a clause that their own cue may govern ("after days of").
        cut = m.start() if m.group(0).lower() in ("after", "before", "when") else m.end()
    clause = before[cut:]
    for m in _HYPO_RX.finditer(clause):
        cue = m.group(0).lower()
        if hit.cat.startswith("measure") or hit.cat == "agreement":
            if _MEASURE_OK_RX.match(cue):
                continue
        elif hit.strength >= STRONG and _DEMO_OK_RX.match(cue):
            continue
        elif cue in _BACKGROUND_CUES and hit.strength < STRONG:
            # "fuel prices rose amid protests": the noun is background, not the news.
            return True
        elif cue in _BACKGROUND_CUES:
            continue
        return True
    return False


def find_triggers(sentence: str, *, keep_suppressed: bool = False) -> list[TriggerHit]:
    """Trigger hits in a sentence, suppressed ones dropped, ordered by position.

    Overlapping hits of one category keep the strongest.

    Examples
    --------
    >>> [h.cat for h in find_triggers("Police fired tear gas at protesters in Aktobe.")]
    ['intervention', 'protest']
    >>> find_triggers("The minister urged protesters to exercise restraint.")
    []
    """
    hits: list[TriggerHit] = []
    for i in _GATES.runnable(sentence.lower()):  # (only the patterns whose keywords occur)
        trig = TRIGGERS[i]
        for m in trig.rx.finditer(sentence):
            hits.append(TriggerHit(trig.cat, m.start(), m.end(), trig.strength, trig.tag, m.group(0)))
    hits.extend(TriggerHit(a.cat, a.start, a.end, a.strength, "", a.text) for a in find_acts(sentence))
    hits.sort(key=lambda h: (h.start, -h.strength, -(h.end - h.start)))
    kept: list[TriggerHit] = []
    for h in hits:
        if any(k.cat == h.cat and k.start < h.end and h.start < k.end for k in kept):
            # Keep the stronger/longer of two overlapping hits of one category.
            continue
        kept.append(h)
    if keep_suppressed:
        return kept
    return [h for h in kept if not _suppressed(sentence, h)]


def stated_as_fact(sentence: str, start: int, end: int) -> bool:
    """Whether the words at ``start:end`` are told as having happened: not planned, feared,
    denied, hypothetical or the object of a statement ("vowed to attack", "no one was killed",
    "condemned the attack").

    >>> stated_as_fact("Rebels attacked the town.", 7, 15)
    True
    >>> stated_as_fact("The minister warned of attacks.", 23, 30)
    False
    """
    return not _suppressed(sentence, TriggerHit("act", start, end, STRONG, "", sentence[start:end]))
