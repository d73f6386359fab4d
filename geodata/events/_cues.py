"""Cue patterns of event extraction: what is said around a place mention or a trigger.

Regular expressions only (no logic): the cues that make a mention a commentator's seat, a
speaking government or a sender of troops; the words of a nationwide scope, of a continuing
scene, of the future; the words that name crowds, armed groups and the security forces.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
DEMO_CATS = {"protest", "intervention", "excessive", "riot", "mob"}
VIOLENCE_CATS = {"battle", "regain", "overtake"}
SUB_OF_CAT = {
    "riot": ("Riots", "Violent demonstration"),
    "mob": ("Riots", "Mob violence"),
    "excessive": ("Protests", "Excessive force against protesters"),
    "intervention": ("Protests", "Protest with intervention"),
    "protest": ("Protests", "Peaceful protest"),
    "battle": ("Battles", "Armed clash"),
    "regain": ("Battles", "Government regains territory"),
    "overtake": ("Battles", "Non-state actor overtakes territory"),
}
MEASURE_TAGS = (
    (re.compile(r"state of (?:emergency|siege|exception|alarm)|emergency (?:rule|decree|powers)", _I), "state of emergency"),
    (re.compile(r"curfew", _I), "curfew"),
    (re.compile(r"martial law", _I), "martial law"),
    (re.compile(r"\bban|prohibit|outlaw|forb[ia]d", _I), "ban on gatherings"),
)
NATIONAL_MEASURES = {"emergency", "internet", "deployment", "agreement"}

# --- place cues --------------------------------------------------------------------------
ATTRIB_BEFORE_RX = re.compile(
    r"\b(?:told reporters|speaking|spoke|said|press conference|news conference|statement|interview|summit|talks|meeting|"
    r"visit(?:ing|ed)?|flew|returned|exile|fled|studied|lives|living|born|based|headquartered|summoned)\s+(?:\w+\s+){0,2}?"
    r"\b(?:in|from|to|at|based in)\s+(?:the\s+)?$",
    _I,
)
# An institution's or a commentator's seat ("an analyst at a think tank in London"), when the
# sentence reports speech.
SEAT_BEFORE_RX = re.compile(
    r"\b(?:think[- ]?tanks?|institutes?|universit(?:y|ies)|colleges?|cent(?:er|re)s? for|foundations?|councils?|"
    r"analysts?|experts?|researchers?|professors?|fellows?|scholars?|lecturers?|correspondents?|reporters?|"
    r"journalists?|embass(?:y|ies)|ministr(?:y|ies)|departments?|spokes(?:wo)?m[ae]n|spokespersons?|agenc(?:y|ies)|"
    r"newspapers?|broadcasters?|watchdogs?|rights groups?|monitoring groups?|advocacy groups?|"
    r"rights organi[sz]ations?|consultanc(?:y|ies)|firms?|exchanges?|offices?|commissions?|clerics?|officials?|"
    # (the seat's own noun phrase: not across the verb of its statement, "a rights group said
    # eight people had been killed in X" puts the killing in X)
    r"commentators?)\b(?:(?!\b(?:said|says|say|told|tells|reported|reports|stated|states|claimed|claims|added|adds|announced|"
    r"announces|confirmed|confirms|warned|warns|estimated|estimates|counted|recorded|documented)\b)[^.;,]){0,45}?"
    r"\b(?:in|from|at|based in)\s+(?:the\s+)?$",
    _I,
)
#: The names before the last one of a list of places ("London, Paris and "), cut to find the
#: cue that opens the list (an "and" list only: "Afaka, Kaduna State" is a town and its region).
LIST_TAIL_RX = re.compile(r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3},\s+)*"
                           r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3},?\s+and\s+$")
SPEECH_RX = re.compile(r"\b(?:said|says|say|told|tells|stated|announced|warned|urged|according to|commented|argued|wrote|"
                        r"called|added|noted|believes?|thinks?|expressed|described|condemned|claimed|insisted|predicted)\b", _I)
BASED_AFTER_RX = re.compile(r"^[-\s]?based\b", _I)
SPEAKER_AFTER_RX = re.compile(
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
COUNTRY_ACTOR_AFTER_RX = re.compile(
    r"^\s+(?:prime minister|president|foreign minister|minister|officials?|authorities|government|embassy|"
    r"ambassador|envoy|troops|soldiers|forces|paratroopers|peacekeepers|army|military|diplomats?|leaders?|"
    r"state department|state media|media|news agency|television|newspaper|defen[cs]e ministry|foreign ministry)\b",
    _I,
)
LOCATIVE_BEFORE_RX = re.compile(r"\b(?:in|at|near|outside|across|throughout|of|into|around|to|within|inside)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?$", _I)
ORIGIN_BEFORE_RX = re.compile(r"\bfrom\s+(?:the\s+)?(?:neighbou?ring\s+)?$", _I)
NEAR_BEFORE_RX = re.compile(
    r"\b(?:near|outside|outskirts of|on the outskirts of|suburbs? of|north of|south of|east of|west of|"
    r"north-?east of|north-?west of|south-?east of|south-?west of|(?:\d+|a few|several)\s*(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?(?:from|of|outside)|"
    r"district of|villages? (?:near|outside)|not far from|close to|on the road (?:to|from))\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$",
    _I,
)
REFERENCE_BEFORE_RX = re.compile(
    r"\b(?:outskirts of|suburbs? of|(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west) of|"
    r"(?:\d+|a few|several)\s*(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?(?:from|of|outside))\s+(?:the\s+)?(?:(?:city|town|capital)\s+of\s+)?$",
    _I,
)
ACROSS_BEFORE_RX = re.compile(r"\b(?:across|throughout|all over|around|nationwide in)\s+(?:the\s+)?$", _I)
CAS_VERB_RX = re.compile(r"\b(?:killed|killing|died|dead|deaths|injured|wounded|arrested|detained|arrests)\b", _I)
DEST_BEFORE_RX = re.compile(r"\b(?:to|into|in|for)\s+(?:help\s+)?(?:\S+\s+){0,1}$", _I)
NATIONWIDE_RX = re.compile(
    r"\b(?:nationwide|countrywide|national (?:curfew|state of emergency|emergency|lockdown|strike|shutdown|blackout|mourning)|"
    r"across the country|throughout the country|all over the country|"
    r"across (?:the )?(?:whole )?(?:country|nation)|in (?:several|many|multiple|dozens of|other|major|all|most) (?:\w+ )?(?:cities|towns|regions|provinces|states|parts)|"
    r"in cities across|across (?:\w+ )?(?:cities|regions|provinces))\b",
    _I,
)
ELSEWHERE_RX = re.compile(r"\b(?:elsewhere|in other (?:cities|towns|parts|regions)|other cities|meanwhile,? in)\b", _I)
CONTINUE_RX = re.compile(
    r"\b(?:the (?:city|town|village|capital|region|province|district|area|building|square|airport|streets|port|centre|center)(?:['’]s)?|"
    r"there|the same (?:city|town|day|place)|nearby|local|outside|the crowd)\b",
    _I,
)
FUTURE_RX = re.compile(r"\b(?:will|would|planned|plan to|plans to|scheduled|set to|expected to|next (?:week|month|year|\w+day))\b", _I)
DEMO_WORDS_RX = re.compile(r"\b(?:protest\w*|demonstrat\w+|rioters?|crowds?|marchers|rall(?:y|ies)|(?<!armed )youths|strikers|mobs?)\b", _I)
ARMED_WORDS_RX = re.compile(r"\b(?:rebels?|militants?|insurgents?|jihadists?|fighters|militia(?:men|s)?|gunmen|armed (?:men|groups?|youths?)|bandits|terrorists)\b", _I)
#: Natural hazards and accidents: deaths, damage, blasts or an emergency they cause are not
#: political violence ("floods killed ten", "a chemical plant exploded", "a stampede").
DISASTER_RX = re.compile(
    r"\b(?:(?:flash )?floods?|flooding|floodwaters|landslides?|mudslides?|earthquakes?|quakes?|tsunamis?|"
    r"(?:tropical |winter |snow |dust |sand)?storms?|typhoons?|hurricanes?|cyclones?|tornado(?:e?s)?|"
    r"volcano(?:es)?|volcanic|wildfires?|(?:forest|bush|brush|factory|house) ?fires?|bushfires?|heavy rain(?:fall|s)?|"
    r"torrential rains?|monsoon|avalanches?|droughts?|heat ?waves?|lightning|stampedes?|crush|"
    r"(?:plane|air|bus|car|road|train|rail|helicopter|boat|ferry|mining|mine|traffic|industrial) (?:crash|accident|disaster|collision)s?|"
    r"accident(?:al|ally|s)?|derail(?:s|ed|ment)|capsiz(?:ed|es|ing)|shipwreck|drown(?:ed|ing)|"
    r"(?:bus|minibus|truck|lorry|car|van|train|plane|aircraft|airliner|helicopter|boat|ferry|ship|vessel|tanker)\b[^.;]{0,40}?\b"
    r"(?:crash(?:ed|es)?|plung(?:ed|es)|overturn(?:ed|s)|collid(?:ed|es)|skidded|veered|sank|went down)|"
    r"(?<!opened )(?<!open )(?<!opens )(?<!set )(?<!sets )(?<!under )(?:fire|blaze)\s+(?:at|in|broke out|swept|engulfed|gutted|ripped through|tore through)|"
    r"(?:gas|boiler|propane|chemical|fireworks?|factory|plant|tanker|pipeline|fuel|ammonium nitrate) (?:leak|explosion|blast|fire)s?|chemical plant|"
    r"explosions? (?:involving|of|at) (?:a |an |the )?(?:gas|propane|fuel|chemicals?|fireworks|boilers?|tankers?|ammonium nitrate)|"
    r"(?:building|bridge|mine|dam|roof|wall|stage) (?:collapse[sd]?)|collapsed|outbreaks?|epidemic|pandemic|cholera|ebola|covid(?:-19)?)\b",
    _I,
)
#: A named fire ("the Valley Fire", "the Camp Creek Fire"): a wildfire.
NAMED_FIRE_RX = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:Fire|Complex Fire|Wildfire)\b")
#: Unarmed sides whose fight is a riot ("villagers clashed with police", "rival fans clashed").
CROWD_SIDES_RX = re.compile(
    r"\b(?:villagers|residents|locals|(?<!armed )youths?|students|supporters|fans|workers|farmers|herders|herdsmen|traders|vendors|inmates|prisoners|"
    r"worshippers|mourners|motorists|drivers|groups? of (?:men|people|young men))\b", _I)


def armed_clash(text: str, demo_context: bool, at: int | None = None) -> bool:
    """A clash in ``text`` is a battle (armed, organised sides), not a riot: no crowd or protest
    words, and an armed group named, or, outside a report of protests, no unarmed side named
    ("clashes between the army and the TNLA", "fresh clashes broke out in the north"). With
    the clash word's offset ``at``, an unarmed side counts only next to it ("villagers clashed
    with police", "clashes between herders and farmers"), not as bystanders ("villagers flee as
    clashes continue")."""
    if DEMO_WORDS_RX.search(text):
        return False
    if ARMED_WORDS_RX.search(text):
        return True
    if demo_context:
        return False
    if at is None:
        return not CROWD_SIDES_RX.search(text)
    before = text[max(0, at - 40):at]
    after = text[at:at + 80]
    return not (re.search(rf"{CROWD_SIDES_RX.pattern}(?:\s+of\s+[^.;,]{{0,30}}?)?(?:\s+(?:and|or|with)\s+[^.;,]{{0,25}}?)?\s+(?:have\s+|had\s+|also\s+)?$", before, _I)
                or re.search(rf"^\w*\s+(?:\w+\s+){{0,2}}?(?:between|with|among|involving)\b[^.;]{{0,40}}?{CROWD_SIDES_RX.pattern}", after, _I))


#: National police forces by their own names ("carabineros", "gendarmes", "OMON").
NATIONAL_POLICE = r"(?:gendarm(?:es?|erie)|carabiner(?:os|o|i)|carabinieri|militsiya|OMON|guardia civil|polic[ií]a nacional)"
STATE_SUBJECT_RX = re.compile(
    r"\b(?:police(?:men)?|security forces|troops|soldiers|the army|paramilitar(?:y|ies)(?: fighters| forces)?|riot police|"
    rf"officers|{NATIONAL_POLICE}|national guard|militiamen|militia)(?!\s+(?:stations?|posts?|cars?|vehicles?|vans?|trucks?|headquarters|"
    r"buildings?|precincts?|barracks|offices?|checkpoints?|bases?|academy|compound)\b)\s+(?:had\s+|have\s+|also\s+|then\s+|later\s+|reportedly\s+)?"
    r"(?:[\w-]+\s+(?:and|,)\s+)?(?:\w+\s+){0,3}?$",
    _I,
)
#: Who said it, not who did it: "police said", "officials told reporters", "according to the
#: army". Left out when the actors of an event are read.
ATTRIBUTION_RX = re.compile(
    r"(?:,\s*)?\b(?:(?:the|a|local|provincial|district|state|\w+'s)\s+)*"
    r"(?:police|army|military|officials?|authorities|security (?:officials|sources)|spokes(?:wo)?m[ae]n|spokesperson|"
    r"witnesses|residents|medics|doctors|ministry|government|sources?)"
    r"(?:\s+(?:chief|officials?|spokes\w+|sources?|officers?))?(?:\s+[A-Z][\w'’-]+){0,3}"
    r"\s+(?:said|say|says|told(?:\s+\w+){0,2}|reported|confirmed|added|stated|claimed)\b"
    r"|\b(?:said|told|according to)\s+(?:the\s+)?(?:local\s+)?(?:police|army|military|officials?|authorities|witnesses|residents)\b",
    _I,
)
#: A party's or the government's partisans (not state forces): "the ruling party's student
#: wing", "supporters of the governing party", "pro-government thugs", "counter-protesters".
PARTISANS_RX = re.compile(
    r"\b(?:party|league|front|movement)(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:wing|activists|supporters|members|cadres|youths?|"
    r"workers|loyalists|men|thugs|militants)\b"
    r"|\b(?:supporters|activists|members|loyalists|cadres|thugs) of (?:the )?(?:ruling|governing|opposition|rival|\w+) (?:party|league|front)\b"
    r"|\bpro-government (?:supporters|activists|mobs?|thugs|groups?|youths|men)\b|\bcounter-?protesters\b|\bvigilantes\b",
    _I,
)
#: "was shot dead by police": the doer after a passive verb.
AGENT_AFTER_RX = re.compile(r"[^,;]{0,40}?\bby\s+((?:[\w'’-]+\s+){0,4}[\w'’-]+)", _I)
POLICE_WORDS_RX = re.compile(rf"\b(?:police|security forces|officers|troops|soldiers|riot police|army|{NATIONAL_POLICE})\b", _I)
#: The security forces firing on a crowd ("police fired tear gas and live rounds at protesters",
#: "troops opened fire on the marchers", "demonstrators were shot at by soldiers").
FIRED_ON_CROWD_RX = re.compile(
    rf"\b(?:police(?:men)?|security forces|troops|soldiers|the army|officers|{NATIONAL_POLICE}|paramilitar(?:y|ies)|guards)\b"
    r"[^.;]{0,60}?\b(?:fired|opened fire|shot|shooting|used live (?:ammunition|rounds|bullets))\b[^.;]{0,60}?"
    r"\b(?:protesters|protestors|demonstrators|marchers|crowds?|rioters|mourners|rall(?:y|ies)|protests?)\b"
    r"|\b(?:protesters|protestors|demonstrators|marchers|crowds?|rioters|mourners)\b[^.;]{0,40}?"
    r"\b(?:fired (?:on|at|upon)|shot at)\s+by\s+(?:the\s+)?(?:police|security forces|troops|soldiers|the army|officers|gendarmes)\b",
    _I,
)

# --- what a learned verdict alone may report -------------------------------------------------
#: The words of an act of violence or unrest, or of its toll (general conflict vocabulary): a
#: sentence with none of them ("two countries exchange spies", "a parade is held") reports no
#: event whatever a learned model says.
ACT_WORDS_RX = re.compile(
    r"\b(?:kill(?:s|ed|ing|ings|er|ers)?|dead|deaths?|die[sd]?|dying|slain|slay\w*|murder\w*|homicides?|"
    r"execut(?:e|es|ed|ing|ion|ions)|massacr\w+|bod(?:y|ies)|corpses?|graves?|behead\w*|decapitat\w+|dismember\w+|"
    r"(?:severed |human )?heads|human remains|remains of|bones|atrocit(?:y|ies)|decimat\w+|hunt(?:s|ed|ing)? down|"
    r"advanc(?:e|es|ed|ing|ement)|enter(?:s|ed)|occup(?:y|ies|ied)|confrontations?|push(?:es|ed)? back|"
    r"tortur\w+|shot|shoot(?:s|ing|ings|outs?)?|shoot-outs?|gunned|gunfire|gunmen|gunman|"
    r"attack(?:s|ed|ing|ers?)?|assault(?:s|ed|ing)?|raid(?:s|ed|ing)?|ambush\w*|fight(?:s|ing|ers)?|fought|"
    r"battles?|clash\w*|combat|offensives?|counter-?attack\w*|counter-?offensives?|repel(?:s|led|ling)?|"
    r"repuls\w+|seiz(?:e|es|ed|ing)|captur(?:e|es|ed|ing)|overr[au]n|recaptur\w+|retak(?:e|es|en|ing)|retook|"
    r"besieg\w+|sieges?|bomb(?:s|ed|ing|ings|er|ers|ard\w*)?|blasts?|explo(?:sions?|sives?|ded|des)|"
    r"shell(?:s|ed|ing)|artillery|mortars?|rockets?|missiles?|air ?strikes?|airstrikes?|air[- ]raids?|"
    r"drone (?:strikes?|attacks?)|warplanes?|grenades?|casualt(?:y|ies)|wounded|injur(?:ed|ies|ing)|martyr(?:s|ed)?|violen(?:ce|t)|"
    r"war|insurgen(?:cy|ts?)|hostages?|abduct\w*|kidnap\w*|rap(?:e|ed|es|ing)|arrest(?:s|ed|ing)?|"
    r"detain(?:s|ed|ing)?|protest(?:s|ed|ing|ers?)?|demonstrat(?:ions?|ors?|ed)|riot(?:s|ed|ing|ers)?|"
    r"rall(?:y|ies|ied)|marche[sd]|marchers|marching|loot(?:s|ed|ing|ers)?|torch(?:es|ed|ing)|burn(?:s|t|ed|ing)|"
    r"ablaze|destroy(?:s|ed|ing)|rob(?:s|bed|bing|bery|beries)|gunpoint|knifepoint|beat(?:en|ing)|stabb(?:ed|ing)|lynch\w*)\b",
    _I,
)
_V = "Violence against civilians"
_E = "Explosions/Remote violence"
#: Weapons name the type of an act whoever did it (ACLED types remote violence by its means).
WEAPON_TYPES: tuple[tuple[re.Pattern[str], tuple[str, str]], ...] = (
    (re.compile(r"\bsuicide (?:bomb\w*|attack\w*|vests?|car bombs?)\b", _I), (_E, "Suicide bomb")),
    (re.compile(r"\bchemical (?:weapons?|attacks?|agents?)\b|\b(?:sarin|chlorine gas|mustard gas|nerve agents?)\b", _I),
     (_E, "Chemical weapon")),
    (re.compile(r"\b(?:air ?strikes?|airstrikes?|air[- ]raids?|air (?:and ground )?(?:attacks?|bombardments?|operations?)|"
                r"aerial (?:bombardments?|attacks?|bombings?)|warplanes?|war ?planes?|(?:fighter )?jets?|drones?|"
                r"helicopters?|gunships?|air ?force|barrel bombs?|bombers?)\b", _I),
     (_E, "Air/drone strike")),
    (re.compile(r"\b(?:shell(?:s|ed|ing)|artillery|mortars?|rockets?|missiles?|bombard(?:s|ed|ing|ments?)|barrages?)\b", _I),
     (_E, "Shelling/artillery/missile attack")),
    (re.compile(r"\b(?:bomb(?:s|ed|ing|ings)?|IEDs?|VBIEDs?|explosive (?:devices?|attacks?)|explosives|land ?mines?|mines? (?:blasts?|explo\w+)|"
                r"blasts?|explosions?|exploded|detonat\w+)\b", _I),
     (_E, "Remote explosive/landmine/IED")),
    (re.compile(r"\bgrenades?\b", _I), (_E, "Grenade")),
)
#: Armed men as the ones hit ("kill five separatists", "soldiers killed"): a fight, not violence
#: against civilians.
ARMED_PEOPLE = (r"(?:soldiers?|troops|servicem[ae]n|militants?|rebels?|insurgents?|fighters|militiam[ae]n|militias?|"
                r"guerrill\w+|jihadists?|separatists?|extremists?|terrorists?|gunmen|hitm[ae]n|police(?:m[ae]n)?|police officers?|officers|commanders?|generals|"
                r"combatants|paramilitar(?:y|ies)|gendarmes?|guards|members of (?:the )?[\w'’ -]{0,30}?(?:forces|army|militia|group))")
ARMED_HIT_RX = re.compile(
    rf"\b(?:kill\w*|shot dead|gunned down|wounded|wounding|ambush\w*|attack\w*|raid\w*)\s+"
    rf"(?:(?:at least|some|about|over|more than|nearly|up to|an?|the|two|three|four|five|six|seven|eight|nine|ten|"
    rf"several|dozens of|scores of|many|\d[\d,]*)\s+)*(?:[\w'’-]+\s+){{0,3}}?{ARMED_PEOPLE}\b"
    rf"|\b{ARMED_PEOPLE}\s+(?:(?:were|was|are|is|have been|had been|reportedly)\s+)?(?:killed|die[sd]?|dead|slain|shot dead|"
    rf"ambushed|attacked|wounded)\b",
    _I,
)
FIGHT_RX = re.compile(
    r"\b(?:fight(?:s|ing)?|fought|battles?|clash\w*|shoot-?outs?|gun ?fights?|fire ?fights?|gun ?battles?|combat|"
    r"offensives?|counter-?attack\w*|counter-?offensives?|repel(?:s|led|ling)?|repuls\w+|ambush\w*|skirmish\w*|"
    r"exchanges? of fire|front ?lines?|advance[sd]?|advancing|besieg\w+|war)\b",
    _I,
)
_PLACE_OBJECT = (r"(?:towns?|villages?|cit(?:y|ies)|bases?|posts?|outposts?|positions?|hills?|areas?|territor(?:y|ies)|"
                 r"districts?|stations?|camps?|airports?|airbases?|checkpoints?|neighbou?rhoods?|strongholds?|sites?|"
                 r"control)")
REGAIN_RX = re.compile(r"\b(?:recaptur\w+|retak(?:e|es|en|ing)|retook|regain\w*|liberat(?:e|es|ed|ing)|took back|take back)\b", _I)
OVERTAKE_RX = re.compile(
    rf"\b(?:seiz(?:e|es|ed|ing)|captur(?:e|es|ed|ing)|overr[au]n|occup(?:y|ies|ied)|took|take[sn]?|taking|enter(?:s|ed)?)\s+"
    rf"(?:over\s+|control\s+of\s+)?(?:(?:the|a|an|key|two|three|several|\d+|new|more|strategic|military|army|police)\s+)*"
    rf"(?:[\w'’-]+\s+){{0,2}}?{_PLACE_OBJECT}\b|\b(?:seiz(?:e|es|ed|ing)|captur(?:e|es|ed|ing)|overr[au]n)\b(?=\s+[A-Z])",
    re.IGNORECASE,
)
NONSTATE_RX = re.compile(r"\b(?:rebels?|militants?|insurgents?|jihadists?|fighters|militia(?:s|men)?|gunmen|resistance|"
                          r"guerrill\w+|separatists?|factions?|armed groups?|cartels?|gangs?)\b", _I)
ABDUCT_RX = re.compile(r"\b(?:abduct\w*|kidnap\w*|hostages?|forcibly disappeared|disappearances?)\b", _I)
SEXUAL_RX = re.compile(r"\b(?:rap(?:e|ed|es|ing)|gang-?rap\w*|sexual (?:violence|assaults?|abuse))\b", _I)
ARREST_RX = re.compile(r"\b(?:arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|rounds? up|rounded up|apprehend\w*|taken into custody)\b", _I)
UNREST_RX = re.compile(r"\b(?:protest\w*|demonstrat(?:ions?|ors?|ed)|riot(?:s|ed|ing|ers)?|rall(?:y|ies|ied)|marchers|strikers|looting)\b", _I)
#: Armed actors, the state's or others' (no crowd): their arson is destruction, not a riot.
ARMED_ACTOR_RX = re.compile(
    r"\b(?:junta|regime|army|military|troops|soldiers|forces|militia(?:s|men)?|rebels?|"
    r"militants?|insurgents?|jihadists?|gunmen|fighters|paramilitar(?:y|ies)|peacekeepers|peacekeeping (?:mission|troops|forces)|armed youths?|bandits)\b", _I)
#: The dead found, not a toll: bodies, remains, graves, a murder (violence against civilians
#: unless the words tell a fight or a weapon).
BODIES_RX = re.compile(
    r"\b(?:bod(?:y|ies)|corpses?|(?:severed |human )?heads|human remains|remains of|bones|graves?|murder(?:s|ed|ing)?|"
    r"homicides?|execut(?:e|es|ed|ing|ion|ions)|behead\w*|decapitat\w+|dismember\w+|tortur\w+|massacr\w+)\b", _I)
#: Captives let go or rescued: the abduction is background, the news a release.
RELEASE_RX = re.compile(r"\b(?:releas(?:e|es|ed|ing)|rescu(?:e|es|ed|ing)|freed|frees|freeing|free)\b", _I)
#: Death or abuse in the hands of the state ("died in police custody"): violence against a civilian.
CUSTODY_RX = re.compile(r"\b(?:in|under) (?:police|military|army|security|state|prison|government|junta) (?:custody|detention)\b"
                        r"|\bin the custody of\b|\b(?:died|death|deaths|killed|dying)\s+(?:while\s+)?in\s+custody\b", _I)

#: A non-state agent after a passive: "attacked by men armed with machetes", "by unknown gunmen".
BY_NON_STATE_RX = re.compile(
    r"[^.;]{0,20}?\bby\s+(?:an?\s+|the\s+|some\s+|several\s+|dozens of\s+|hundreds of\s+)?(?:group of\s+)?(?:unknown\s+|unidentified\s+|masked\s+|armed\s+)?"
    r"(?:men|gunmen|assailants|attackers|thugs|youths|militiamen|militia|vigilantes|supporters|counter-?protesters|gangs?|mobs?)\b", _I)
