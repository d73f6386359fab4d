"""GDELT 2.0 event files: their 61 columns, and CAMEO codes mapped to ACLED's taxonomy.

GDELT 2.0 "export" files (``YYYYMMDDHHMMSS.export.CSV``) are tab-separated, UTF-8, with no
header; the column order is that of the GDELT 2.0 Event Codebook (:data:`GDELT_COLUMNS`).

CAMEO -> ACLED
    The most specific code wins (four digits, then three, then the two-digit root). Roots
    01-13 and 16 (statements, appeals, consultations, diplomacy, sanctions) are not unrest:
    :func:`cameo_to_acled` returns ``None`` for them and the importer skips those rows.

    ======================================  ===============================================
    CAMEO                                   ACLED event type / sub-event type
    ======================================  ===============================================
    140-144 (dissent, rally, hunger strike,  Protests / Peaceful protest
    strike, boycott, blockade by protest)
    145, 1451-1454 (protest violently, riot) Riots / Violent demonstration
    15x (exhibit force posture)              Strategic developments / Other
    170, 172x, 174, 176 (coerce, admin.      Strategic developments / Other
    sanctions, curfew, expel, cyber)
    171, 1711, 1712 (seize/destroy property) Strategic developments / Looting/property destruction
    173 (arrest, detain)                     Strategic developments / Arrests
    175 (violent repression)                 Violence against civilians / Attack
    180, 182, 1822, 1823, 184-186 (assault,  Violence against civilians / Attack
    torture, killing, human shield,
    assassination)
    181 (abduct, take hostage)               Violence against civilians / Abduction/forced disappearance
    1821 (sexual assault)                    Violence against civilians / Sexual violence
    183, 1832-1834 (non-military bombing)    Explosions/Remote violence / Remote explosive/landmine/IED
    1831 (suicide bombing)                   Explosions/Remote violence / Suicide bomb
    190, 192, 193, 196 (military force,      Battles / Armed clash
    occupation, small arms, ceasefire
    violation)
    191 (blockade)                           Strategic developments / Other
    194 (artillery and tanks)                Explosions/Remote violence / Shelling/artillery/missile attack
    195, 1951, 1952 (aerial weapons, drones) Explosions/Remote violence / Air/drone strike
    200-203 (mass expulsion, killings,       Violence against civilians / Attack
    ethnic cleansing)
    204, 2041, 2042 (weapons of mass         Explosions/Remote violence / Chemical weapon
    destruction)
    ======================================  ===============================================

>>> cameo_to_acled("1451")
('Riots', 'Violent demonstration')
>>> cameo_to_acled("141"), cameo_to_acled("0211")
(('Protests', 'Peaceful protest'), None)
"""

from __future__ import annotations

__all__ = [
    "ACTOR_TYPE_INTER",
    "CAMEO_LABELS",
    "CAMEO_TAGS",
    "GDELT_COLUMNS",
    "GEO_TYPE_PRECISION",
    "cameo_label",
    "cameo_to_acled",
]

#: The 61 columns of a GDELT 2.0 event file, in order (GDELT 2.0 Event Codebook).
GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
assert len(GDELT_COLUMNS) == 61

#: Other spellings of column names seen in headers (BigQuery exports, GDELT 1.0 habits).
COLUMN_ALIASES: dict[str, str] = {"sqldate": "Day", "globaleventid": "GlobalEventID"}

#: ActionGeo_Type -> our geo_precision (1 country, 2 US state, 3 US city, 4 world city, 5 ADM1).
GEO_TYPE_PRECISION: dict[int, int] = {1: 4, 2: 3, 3: 1, 4: 1, 5: 3}

#: CAMEO actor type codes (Actor*Type1Code) -> ACLED inter codes (see the README table).
ACTOR_TYPE_INTER: dict[str, int] = {
    "GOV": 1, "MIL": 1, "COP": 1, "JUD": 1, "SPY": 1, "LEG": 1,
    "REB": 2, "INS": 2, "SEP": 2,
    "UAF": 3,
    "CVL": 7, "EDU": 7, "MED": 7, "HLH": 7, "REF": 7, "LAB": 7, "AGR": 7, "REL": 7, "BUS": 7,
    "IGO": 8, "NGO": 8, "IMG": 8,
}  # fmt: skip

_PROTEST = ("Protests", "Peaceful protest")
_RIOT = ("Riots", "Violent demonstration")
_SD_OTHER = ("Strategic developments", "Other")
_LOOT = ("Strategic developments", "Looting/property destruction")
_ARREST = ("Strategic developments", "Arrests")
_ATTACK = ("Violence against civilians", "Attack")
_ABDUCT = ("Violence against civilians", "Abduction/forced disappearance")
_SEXUAL = ("Violence against civilians", "Sexual violence")
_IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
_SUICIDE = ("Explosions/Remote violence", "Suicide bomb")
_CLASH = ("Battles", "Armed clash")
_SHELL = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
_AIR = ("Explosions/Remote violence", "Air/drone strike")
_CHEM = ("Explosions/Remote violence", "Chemical weapon")

#: CAMEO code (root, base or full) -> (ACLED event type, sub-event type).
CAMEO_TO_ACLED: dict[str, tuple[str, str]] = {
    "14": _PROTEST, "140": _PROTEST, "141": _PROTEST, "142": _PROTEST, "143": _PROTEST,
    "144": _PROTEST, "145": _RIOT,
    "15": _SD_OTHER,
    "17": _SD_OTHER, "170": _SD_OTHER, "171": _LOOT, "172": _SD_OTHER, "173": _ARREST,
    "174": _SD_OTHER, "175": _ATTACK, "176": _SD_OTHER,
    "18": _ATTACK, "180": _ATTACK, "181": _ABDUCT, "182": _ATTACK, "1821": _SEXUAL,
    "183": _IED, "1831": _SUICIDE, "184": _ATTACK, "185": _ATTACK, "186": _ATTACK,
    "19": _CLASH, "190": _CLASH, "191": _SD_OTHER, "192": _CLASH, "193": _CLASH, "194": _SHELL,
    "195": _AIR, "196": _CLASH,
    "20": _ATTACK, "204": _CHEM,
}  # fmt: skip

#: CAMEO event labels (codebook wording, shortened) for the codes the importer keeps.
CAMEO_LABELS: dict[str, str] = {
    "14": "Protest", "140": "Engage in political dissent", "141": "Demonstrate or rally",
    "1411": "Demonstrate for leadership change", "1412": "Demonstrate for policy change",
    "1413": "Demonstrate for rights", "1414": "Demonstrate for change in institutions, regime",
    "142": "Conduct hunger strike", "143": "Conduct strike or boycott",
    "144": "Obstruct passage, block", "145": "Protest violently, riot",
    "1451": "Engage in violent protest for leadership change",
    "1452": "Engage in violent protest for policy change",
    "1453": "Engage in violent protest for rights",
    "1454": "Engage in violent protest for change in institutions, regime",
    "15": "Exhibit force posture", "150": "Demonstrate military or police power",
    "151": "Increase police alert status", "152": "Increase military alert status",
    "153": "Mobilize or increase police power", "154": "Mobilize or increase armed forces",
    "17": "Coerce", "170": "Coerce", "171": "Seize or damage property",
    "1711": "Confiscate property", "1712": "Destroy property",
    "172": "Impose administrative sanctions", "1721": "Impose restrictions on political freedoms",
    "1722": "Ban political parties or politicians", "1723": "Impose curfew",
    "1724": "Impose state of emergency or martial law",
    "173": "Arrest, detain, or charge with legal action", "174": "Expel or deport individuals",
    "175": "Use tactics of violent repression", "176": "Attack cybernetically",
    "18": "Assault", "180": "Use unconventional violence",
    "181": "Abduct, hijack, or take hostage", "182": "Physically assault",
    "1821": "Sexually assault", "1822": "Torture", "1823": "Kill by physical assault",
    "183": "Conduct suicide, car, or other non-military bombing",
    "1831": "Carry out suicide bombing", "1832": "Carry out vehicular bombing",
    "1833": "Carry out roadside bombing", "1834": "Carry out location bombing",
    "184": "Use as human shield", "185": "Attempt to assassinate", "186": "Assassinate",
    "19": "Fight", "190": "Use conventional military force",
    "191": "Impose blockade, restrict movement", "192": "Occupy territory",
    "193": "Fight with small arms and light weapons", "194": "Fight with artillery and tanks",
    "195": "Employ aerial weapons", "1951": "Employ precision-guided aerial munitions",
    "1952": "Employ remotely piloted aerial munitions", "196": "Violate ceasefire",
    "20": "Use unconventional mass violence", "200": "Use unconventional mass violence",
    "201": "Engage in mass expulsion", "202": "Engage in mass killings",
    "203": "Engage in ethnic cleansing", "204": "Use weapons of mass destruction",
    "2041": "Use chemical, biological, or radiological weapons",
    "2042": "Detonate nuclear weapons",
}  # fmt: skip

#: Tags (as the event extractor writes them) implied by a CAMEO code: national measures.
CAMEO_TAGS: dict[str, str] = {"1723": "curfew", "1724": "state of emergency", "154": "troop deployment"}

#: CAMEO roots the importer keeps (the rest is diplomacy, not unrest).
UNREST_ROOTS: tuple[str, ...] = ("14", "15", "17", "18", "19", "20")


def _clean(code: str | None) -> str:
    return (code or "").strip()


def cameo_to_acled(code: str | None, root: str | None = None) -> tuple[str, str] | None:
    """ACLED (event type, sub-event type) of a CAMEO event code, or ``None`` (not unrest).

    Parameters
    ----------
    code
        ``EventCode`` (two to four digits, leading zero kept: ``"0211"``).
    root
        ``EventRootCode``, used when ``code`` is empty.
    """
    c = _clean(code) or _clean(root)
    if not c.isdigit():
        return None
    if len(c) == 1:
        c = "0" + c
    for n in (4, 3, 2):
        hit = CAMEO_TO_ACLED.get(c[:n]) if len(c) >= n else None
        if hit is not None:
            return hit
    return None


def cameo_label(code: str | None) -> str:
    """Codebook label of a CAMEO code (most specific known), ``""`` when unknown."""
    c = _clean(code)
    for n in (4, 3, 2):
        if len(c) >= n and c[:n] in CAMEO_LABELS:
            return CAMEO_LABELS[c[:n]]
    return ""
