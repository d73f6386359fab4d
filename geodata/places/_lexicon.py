"""Closed word classes the geoparser reasons with (lower-case, normalised).

These are grammar, not gazetteer data: generic words for kinds of places, words that head an
organisation's or a building's name, calendar words, and cue words before a place.
"""

from __future__ import annotations

#: Generic words for administrative areas ("Mangystau region", "province of Ontario").
REGION_WORDS = frozenset(
    """
    region province oblast oblysy state county district governorate prefecture department
    parish municipality territory canton voivodeship krai kray republic okrug emirate division
    wilaya muhafazah raion rayon zone area borough shire arrondissement commune regency
    oblisi oblasti viloyati viloyat ostan
    lga cercle woreda tehsil kebele upazila subcounty subdistrict chiefdom constituency taluk taluka
    mandal sub
    """.split()
)

#: Words after a name that make it a town ("Kansas City", "Zhanaozen town").
CITY_WORDS = frozenset("city town village township capital port settlement municipality".split())

#: Words before a name that say a place follows ("the city of X", "in the town of X").
PLACE_CUE_NOUNS = frozenset(
    """
    city town village capital port region province oblast district state county settlement
    republic country kingdom emirate island islands municipality governorate prefecture
    """.split()
)

#: Words after a name that make it a town's or county's own ("Richmond police", "Mansfield
#: residents", "Dover officials").
LOCAL_BODIES = frozenset(
    """
    police mayor sheriff residents resident officials authorities council councillors firefighters
    schools hospital prosecutors voters
    """.split()
)

#: Prepositions that commonly introduce a place.
LOCATIVE_PREPS = frozenset(
    "in at near from to outside across throughout around toward towards into via between "
    "across within inside".split()
)

#: Compass and size adjectives in cues ("the western city of Aktobe").
DIRECTION_WORDS = frozenset(
    """
    north south east west northern southern eastern western central northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern north-eastern
    north-western south-eastern south-western coastal mountainous remote rural industrial
    oil port border restive largest biggest main former old ancient
    """.split()
)

#: Heads that make "<Place> <Head>" an organisation or event name, the place being embedded.
ORG_HEADS = frozenset(
    """
    university college school institute academy department ministry council committee commission
    agency authority bureau office party movement front union federation association society
    league club fc united city-fc times post herald tribune journal gazette news daily telegraph
    chronicle review magazine press radio tv television network company corporation corp inc ltd
    group bank airlines airways railways railway exchange police army navy forces guard court
    parliament assembly senate congress government administration municipality municipal hospital
    church cathedral mosque temple museum library stadium airport station hotel prize award
    agreement accord treaty protocol declaration convention summit conference festival games
    open marathon cup championship symphony orchestra opera ballet zoo
    """.split()
)

#: Heads that make "<Name> <Head>" a building or an estate named after a person or title
#: (Chatham House, Somerset House): no place mention at all.
BUILDING_HEADS = frozenset("house hall palace castle manor lodge tower towers court mansion abbey".split())

#: Titles and roles before a person's name ("President Nursultan Nazarbayev").
TITLES = frozenset(
    """
    mr mrs ms miss dr prof professor sir dame lord lady president vice-president premier prime
    minister chancellor king queen prince princess emperor sheikh sheik emir sultan ayatollah
    imam pope bishop archbishop cardinal rev reverend father brother sister general gen
    lieutenant lt colonel col major maj captain capt sergeant sgt commander admiral marshal
    officer detective inspector chief superintendent governor gov mayor senator sen
    representative rep congressman congresswoman councillor councilman councilwoman judge justice
    attorney ambassador secretary spokesman spokeswoman spokesperson director chairman chairwoman
    chair leader deputy head founder ceo coach mp mep akim hakim speaker
    """.split()
)

#: Calendar words: never places.
CALENDAR = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec christmas easter ramadan
    """.split()
)

#: Words that, right before a capitalised name, make it a person ("said Jordan").
PERSON_VERBS_BEFORE = frozenset("said says told added asked wrote according".split())

#: Determiners and pronouns: a capitalised one at a sentence start is not a name.
FUNCTION_WORDS = frozenset(
    """
    the a an this that these those it its he she they we i you his her their our my your there
    here in on at of for to from by with and or but as if when while after before since during
    so yet not no all some many most more much other such one two three
    """.split()
)

#: Arabic articles as transliterated ("Deir ez-Zor", "Ras al-Ain", "Tell ad-Dahab", "al-Ain").
ARABIC_ARTICLES = frozenset("al el ez es ed ad ar ash as az at an ul ud".split())

#: Words that join parts of one place name ("Rio de Janeiro", "Stratford-upon-Avon"): the
#: Arabic articles too, but "as" and "at", which are English words between two names.
NAME_JOINERS = frozenset(
    "de del della di da do dos das du des la le les upon on of y sur am im au aux et".split()
) | (ARABIC_ARTICLES - {"as", "at"})

#: Common names of world regions that the gazetteer knows under their UN M49 name (the
#: gazetteer's ``RGN`` places): "Middle East" must not become a village of that name.
MACRO_REGION_ALIASES: dict[str, str] = {
    "middle east": "western asia",
    "the middle east": "western asia",
    "near east": "western asia",
    "levant": "western asia",
    "north africa": "northern africa",
    "maghreb": "northern africa",
    "west africa": "western africa",
    "east africa": "eastern africa",
    "horn of africa": "eastern africa",
    "central africa": "middle africa",
    "south asia": "southern asia",
    "east asia": "eastern asia",
    "south east asia": "southeast asia",
    "south-east asia": "southeast asia",
    "balkans": "southern europe",
    "scandinavia": "northern europe",
    "latin america and the caribbean": "latin america",
}

#: Heads of water-body names: "<X> Sea", "Gulf of <X>". When the whole name is not in the
#: gazetteer, its <X> is not a place of its own (the Gulf of Aden is not Aden).
WATER_SUFFIXES = frozenset("sea ocean gulf strait straits".split())
WATER_PREFIXES = frozenset("sea gulf bay strait straits lake mount mt".split())

#: Heads of street, square and venue names: "Plaza de Bolívar", "Tahrir Square", "Moscow
#: Avenue". When the whole name is not in the gazetteer, its name part is not a place: a square
#: named after a hero is in the city the text is about.
LANDMARK_PREFIXES = frozenset("plaza avenida calle rue piazza praça praca maidan".split())
LANDMARK_SUFFIXES = frozenset("square street avenue road boulevard bridge park stadium".split())

#: Large physical regions that share their name with small towns (Siberia, Mexico; Pacific,
#: Missouri): the town is meant only when the text says so ("the town of", "Pacific, Mo.").
PHYSICAL_REGIONS = frozenset(
    """
    siberia patagonia sahara pacific atlantic arctic antarctic antarctica mediterranean andes
    himalayas himalaya alps caucasus balkans
    """.split()
)

#: Armed groups, movements and organisations whose names are also (alternate) place names
#: somewhere ("Taliban", "Hamas", "Red Cross"): never a place on their own.
ACTOR_NAMES = frozenset(
    n.strip()
    for n in """
    taliban | hamas | hezbollah | hizbollah | fatah | houthi | houthis | isis | isil | daesh |
    al qaeda | al qaida | al shabaab | al shabab | boko haram | janjaweed | wagner | red cross |
    red crescent | amnesty international | human rights watch | muslim brotherhood | pkk | ypg |
    islamic state | jnim | iswap | interpol | unicef | unhcr
    """.split("|")
)

#: Heads after a name that make it a landmark inside a town: squares, streets, buildings,
#: campuses, markets ("Independence Square", "Liberty Avenue", "the Interior Ministry").
LANDMARK_HEADS = frozenset(
    """
    square avenue boulevard prospekt prospect plaza roundabout ministry palace university campus
    embassy consulate mosque cathedral
    """.split()
)

#: Heads of an institution's name that is also a place inside its town or region ("Dhaka
#: University", "the University of Lagos", "Kano General Hospital", "Ohio State University").
FACILITY_HEADS = frozenset(
    """
    university college campus polytechnic school hospital clinic airport airbase stadium
    prison jail market bazaar mosque church cathedral temple
    """.split()
)

#: Words that make a name a part of a town ("the Mirpur district of Dhaka", "the capital's
#: Rampura district", "the Karrada neighbourhood").
TOWN_PART_WORDS = frozenset(
    """
    district neighbourhood neighborhood quarter suburb borough township area precinct
    """.split()
)

#: Police stations and precincts ("the 75th Precinct", "Precinct 12", "Gulshan police station").
POLICE_WORDS = frozenset("precinct station".split())
