"""Casualty, injury and arrest counts stated in a sentence.

Rules (ACLED's codebook where it has one):

* digits ("14", "2,000") and words ("eight", "twenty-five", "two hundred") count as written;
  qualifiers are dropped ("at least 14" = 14, "more than 100" = 100);
* vague quantities: "a dozen"/"dozens" = 12, "scores" = 20, "tens of" = 10, "hundreds" = 100,
  "thousands" = 1000, "several"/"a few"/"a number of" = 3, "many" = 10;
* a singular victim ("a protester was killed", "killing a policeman") = 1;
* figures for one verb joined by "and" add up ("eight police officers and 12 protesters were
  killed" = 20), and so do tolls of different groups with verbs of their own ("20 villagers were
  killed and six soldiers died" = 26); otherwise conflicting figures for the same count in one
  sentence give the lowest ("14 people were killed ...; residents said 20 died" = 14);
* "no one was killed", "no deaths" = 0; "no reports of deaths" gives nothing (``None``);
* a cumulative toll ("so far", "in total", "this week", "since the unrest began", "since the
  vote", "the death toll rose to") is flagged ``cumulative``: it is not a new event's count;
* numbers inside dates, ages ("25-year-old"), percentages, money and durations are ignored;
* a run of more than nine digits, or a count above 10,000,000, is unreadable and not stored.

>>> parse_casualties("At least 14 oil workers were killed in a police crackdown.")["fatalities"]
14
>>> parse_casualties("Eight members of the security forces were killed, and hundreds more were injured.")
{'fatalities': 8, 'injuries': 100, 'arrests': None, 'cumulative': False, 'victims': 'security', 'total_at': None}
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from geodata.events.dates import find_dates

__all__ = ["parse_casualties", "parse_number"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_VAGUE = {
    "a dozen": 12, "dozen": 12, "dozens": 12, "scores": 20, "tens": 10, "hundreds": 100,
    "thousands": 1000, "several": 3, "a few": 3, "a number of": 3, "a handful of": 3,
    "many": 10, "a couple of": 2, "a couple": 2, "tens of thousands": 10000,
    "hundreds of thousands": 100000, "several hundred": 300, "several thousand": 3000,
    "several dozen": 36, "a hundred": 100, "a thousand": 1000,
}

_WORDNUM = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(k for k in _UNITS if _UNITS[k] < 10 and k != "zero") + r"))?"
    r"|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)
_SCALE = r"(?:\s+(?:hundred|thousand))"
_NUM_CORE = (
    r"(?:tens of thousands|hundreds of thousands|several (?:hundred|thousand|dozen)"
    r"|a (?:dozen|hundred|thousand)|dozens|hundreds|thousands|scores|tens"
    r"|a few|a number of|a handful of|a couple(?: of)?|several|many"
    r"|\d{1,3}(?:,\d{3})+|\d+"
    rf"|{_WORDNUM}{_SCALE}?(?:\s+and\s+{_WORDNUM})?)"
)
_QUAL = (
    r"(?:(?:at least|more than|over|nearly|almost|about|around|some|up to|as many as|roughly|"
    r"approximately|an estimated|a further|another|a total of|at most|fewer than|less than|"
    r"no fewer than|no less than|upwards of|in excess of|well over|just over|close to)\s+)?"
)
_NUM_RX = re.compile(rf"\b{_QUAL}(?P<num>{_NUM_CORE})\b(?!\s*(?:%|percent|per cent|-year|year-old|years? old|km|kilomet|miles|metres|meters|hours|minutes|days|weeks|months|years|dollars|tenge|rupees|euros|o'clock|am\b|pm\b|times\b))", re.IGNORECASE)

_FATAL = (r"killed|liquidated|shot dead|shot and killed|gunned down|died|die(?![-'’])|dead|deaths?|slain|murdered|massacred|assassinated|"
          r"lost (?:their|his|her) lives|fatalities|fatality|fatally (?:shot|wounded|injured)|perished|bodies|"
          r"beaten to death|hacked to death|burned to death|lifeless")
_INJ = r"injured|wounded|hurt|hospitali[sz]ed|injuries|in hospital|needed treatment|treated for injuries"
_ARR = r"arrested|detained|arrests|detentions|taken into custody|rounded up|apprehended|jailed|held in custody|under arrest"
_CATS = (("fatalities", _FATAL), ("injuries", _INJ), ("arrests", _ARR))

_AFTER_RX = re.compile(
    r"^(?P<gap>(?:\s+[\w'’-]+,?){0,9}?)\s+(?:(?:were|was|have been|had been|has been|are|is|been|being|got|reportedly|also|later|all|now|allegedly|confirmed|left|lay|found)\s+){0,3}"
    rf"(?P<verb>{_FATAL}|{_INJ}|{_ARR})\b",
    re.IGNORECASE,
)
_ACTIVE_RX = re.compile(
    r"\b(?P<verb>killing|killed|kills|kill|executed|executing|executes|execute|murdered|murdering|murders|massacred|massacring|"
    r"beheaded|beheading|gunned down|gunning down|guns down|shot dead|shooting dead|shoots dead|injuring|injured|injures|wounding|wounded|wounds|"
    r"arresting|arrested|arrests|detaining|detained|detains|left|leaving|leaves|leave|claimed the lives of|claiming the lives of|claims the lives of|"
    r"(?:death )?toll (?:of|at|to|rose to|reached|stood at|stands at|climbed to|has risen to|rose to at least)|"
    r"(?:lower |higher |official |new )?(?:figure|tally|count) (?:of|at)|put the (?:death )?toll at|"
    r"arrest of|detention of|deaths of|killings of|death of|"
    # a count given as a field: "Fatalities: 3", "fatalities = 0"
    r"(?:fatalities|fatality|deaths|dead|killed|injuries|injured|wounded|arrests|arrested)\s*[:=]|"
    # "fatalities (were) coded as 10": the coder's figure for an unknown number
    r"(?:fatalities|deaths)\s+(?:were\s+|are\s+|was\s+)?(?:coded|recorded|estimated)\s+(?:as|at))\s*$",
    re.IGNORECASE,
)
_LEFT_RX = re.compile(rf"^\s*(?:[\w'’-]+\s+){{0,2}}?(?P<verb>dead|injured|wounded|{_FATAL})\b", re.IGNORECASE)
#: One person named by a singular noun (a headline's victim has no article: "Gunmen kill guard").
_ONE_PERSON = (r"(?:man|woman|boy|girl|child|teen(?:ager)?|baby|infant|youth|soldier|servicem[ae]n|police(?:man|woman)|cop|"
               r"officer|journalist|reporter|photographer|guard|commander|leader|official|chief|mayor|governor|teacher|"
               r"priest|pastor|imam|cleric|monk|student|farmer|herder|driver|civilian|villager|activist|lawyer|judge|"
               r"businessman|businesswoman|trader|worker|administrator|candidate|politician|lawmaker|elder|doctor|nurse|"
               r"resident|boss|lieutenant|militant|rebel|fighter|hitman|gunman|suspect|thief|robber|pilot|peacekeeper|informer|bodyguard|"
               r"wife|husband|son|daughter|brother|sister|father|mother|"
               r"volunteer|defender|captain|major|colonel|general|sergeant|prosecutor|councillor|councilor|musician|singer|"
               r"head(?:man|master|mistress)?|ruler|chairman|chairwoman|emir|king|sheikh|hunter|miner|fisherman|herdsman|vendor|"
               r"shopkeeper|tailor|mechanic|bishop|catechist|nun|missionary|engineer|contractor|nephew|niece|cousin|uncle|aunt|grandson|granddaughter)")
_SINGLE_RX = re.compile(
    # "a man was detained and later died in custody", "a woman was beaten and died in hospital"
    r"\b(?:a|an|one)\s+(?:[\w'’-]+\s+){0,3}?(?:was|had been)\s+(?:[\w'’-]+\s+){0,3}?and\s+(?:later\s+|subsequently\s+|then\s+)?(?P<verb7>died)\b|"
    r"\b(?:a|an|one)\s+(?:[\w'’-]+\s+){0,4}?(?:was|has been|had been|is|got)\s+(?:reportedly\s+|also\s+|later\s+|allegedly\s+|found\s+)?"
    rf"(?P<verb>{_FATAL}|{_INJ}|{_ARR})\b"
    r"|\b(?:a|an|one)\s+(?:[\w'’-]+\s+){0,3}?(?P<verb2>died|was shot dead|lost (?:his|her) life)\b"
    r"|\b(?P<verb3>killing|killed|shot dead|injuring|injured|wounding|wounded|arresting|arrested|detaining|detained)\s+(?:(?<=killing )of\s+)?(?:a|an|one)\s+(?!number\b|few\b|dozen\b|hundred\b|thousand\b|couple\b|handful\b|total\b|unknown\b|undisclosed\b|unspecified\b|undetermined\b)[\w'’-]+"
    r"|\b(?:beat|beats|stoned|stones|hacked|hacks|stabbed|stabs|burned|burnt|burns)\s+(?:an?|one)\s+(?:[\w'’-]+\s+){0,3}?(?P<verb6>to death)\b"
    rf"|\b(?P<verb4>kills|kill|shoots dead|shoot dead|guns down|gun down|murders|murder|executes|execute|behead|beheads|lynched|lynches|lynch)\s+"
    rf"(?:(?!and\b|of\b)[\w'’-]+\s+){{0,3}}?{_ONE_PERSON}\b(?![\w'’-]|\s*,\s*\d|\s+and\b)"
    rf"|^\W*(?:(?!\d|one\b|two\b|three\b|several\b|many\b|and\b)[\w'’.-]+\s+){{0,3}}?{_ONE_PERSON}\s+(?:was\s+|is\s+)?"
    rf"(?P<verb5>killed|shot dead|gunned down|murdered|executed|slain|found dead|shot and killed|stabbed to death|beheaded)\b",
    re.IGNORECASE,
)
#: Two singular victims joined by "and": "a lawmaker and his bodyguard were killed" (2).
_PAIR_RX = re.compile(
    rf"\b(?:an?|one|the)\s+(?:[\w'’-]+\s+)?{_ONE_PERSON}\s+and\s+(?:his|her|their|an?|one|the)\s+(?:[\w'’-]+\s+)?{_ONE_PERSON}\s+"
    rf"(?:were|have been|had been)\s+(?:reportedly\s+|also\s+)?(?P<verb>{_FATAL}|{_INJ}|{_ARR})\b"
    # the active voice: "gunmen killed a farmer and his son"
    r"|\b(?P<verb2>killing|killed|kills|kill|shot dead|shooting dead|shoots dead|gunned down|murdered|executed|"
    r"injuring|injured|wounding|wounded|arresting|arrested|detaining|detained)\s+"
    rf"(?:an?|one|the)\s+(?:[\w'’-]+\s+)?{_ONE_PERSON}\s+and\s+(?:his|her|their|an?|one|the)\s+(?:[\w'’-]+\s+)?{_ONE_PERSON}\b(?![\w'’-])",
    re.IGNORECASE,
)
_ZERO_RX = re.compile(
    rf"\b(?:no one|nobody|no-one|none)\s+(?:was|were|has been|had been|is)\s+(?:reported\s+)?(?P<verb>{_FATAL}|{_INJ}|{_ARR})\b"
    r"|\bno\s+(?:reported\s+|known\s+)?(?P<noun>deaths|fatalities|casualties|injuries|arrests|one died|lives were lost)\b(?!\s+(?:or|and|nor)\b)"
    # "no injuries or fatalities were reported", "no deaths and no injuries"
    r"|\bno\s+(?:reported\s+)?(?P<noun3>deaths|fatalities|casualties|injuries)\s+(?:or|and|nor)\s+(?:no\s+)?(?P<noun4>deaths|fatalities|casualties|injuries|arrests)\b"
    r"|\bwithout\s+(?P<noun2>casualties|loss of life|injuries|bloodshed)\b",
    re.IGNORECASE,
)
_CUMUL_RX = re.compile(
    r"\b(?:so far|in total|a total of|total of|to date|overall|altogether|in all|cumulative|thus far|"
    r"since (?:the|this|that|his|her|their|its|a|an)\s+(?!(?:morning|afternoon|evening|night|early hours|dawn|small hours)\b)[\w'’-]+|"
    r"since (?:it|they|the unrest|the protests) (?:began|started|erupted)|this week|this month|"
    r"over the (?:past|last) (?:\w+ )?(?:days|weeks|months|week|month)|in recent (?:days|weeks)|"
    r"bringing the (?:\w+ )?(?:toll|number|total)|(?:death |casualty )?toll (?:has |had )?(?:rose|risen|climbed|increased|reached|stands|stood|now)|"
    r"during the (?:week|month)|"
    r"since (?:last |early |late |mid-)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|january|february|"
    r"march|april|may|june|july|august|september|october|november|december|\d))",
    re.IGNORECASE,
)
# Weaker cues: a toll "in the violence" is a total unless the sentence names its day.
_CUMUL_WEAK_RX = re.compile(
    r"\b(?:during|in) the (?:unrest|protests|crisis|uprising|riots|violence|clashes|demonstrations|crackdown|turmoil)\b",
    re.IGNORECASE,
)
_DAY_RX = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|last night|overnight)\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b",
    re.IGNORECASE,
)
_BREAK_RX = re.compile(r"[.;:!?]|,\s+and\s+(?:a|an|the|one)\b|\b(?:while|whereas|but|although|though|after|when|who|which|because|"
                       r"attend(?:s|ed|ing)?|mourn(?:s|ed|ing)?|gather(?:s|ed|ing)?|rall(?:y|ies|ied)|march(?:ed|es)?|"
                       r"protest(?:s|ed)?|demand(?:s|ed)?|join(?:s|ed)?|held|hold|buried|bury)\b", re.IGNORECASE)
_SECURITY_RX = re.compile(
    r"\b(?:police(?:men|man|women|woman)?|officers?|soldiers?|troops|security forces|security personnel|"
    r"servicemen|service members|law enforcement|guards?|gendarmes?|military personnel|members of the (?:security|armed) forces|"
    r"national guard(?:smen)?|agents|conscripts|paramilitar(?:y|ies))\b", re.IGNORECASE)
_PROTESTER_RX = re.compile(r"\b(?:protesters?|protestors?|demonstrators?|marchers?|students?|activists?|strikers?|rioters?)\b", re.IGNORECASE)

_MASK_RX = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d+(?:\.\d+)?\s*(?:%|percent|per cent)|[$€£]\s?\d[\d,.]*|\b\d+-year-old\b|\baged\s+\d+\b|\bno\.\s*\d+\b|\barticle\s+\d+\b", re.IGNORECASE)


def parse_number(phrase: str) -> int | None:
    """The value of a number phrase: ``"at least 14"`` = 14, ``"dozens"`` = 12.

    Examples
    --------
    >>> parse_number("twenty-five"), parse_number("2,000"), parse_number("hundreds"), parse_number("two hundred")
    (25, 2000, 100, 200)
    """
    m = _NUM_RX.search(phrase)
    if m is None:
        return None
    return _value(m.group("num"))


#: A count above this, or written with more digits than :data:`MAX_DIGITS`, is unreadable (an
#: id, a phone number, a garbled run of digits), not a casualty figure: it is not stored.
MAX_COUNT = 10_000_000
MAX_DIGITS = 9


def _value(raw: str) -> int | None:
    s = raw.lower().strip()
    if s in _VAGUE:
        return _VAGUE[s]
    digits = s.replace(",", "")
    if digits.isdigit():
        # (the length first: int() of a long run is slow and fails past 4,300 digits)
        if len(digits) > MAX_DIGITS:
            return None
        n = int(digits)
        return n if n <= MAX_COUNT else None
    total = 0
    current = 0
    for tok in re.split(r"[\s-]+", s):
        if tok == "and":
            continue
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok == "hundred":
            current = max(current, 1) * 100
        elif tok == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif tok in ("a", "of"):
            continue
        else:
            return None
    n = total + current
    return n if n <= MAX_COUNT else None


def _category(verb: str) -> str:
    v = verb.lower()
    for name, rx in _CATS:
        if re.fullmatch(rf"(?:{rx})", v, re.IGNORECASE):
            return name
    if v.startswith(("kill", "shot", "shooting", "claim", "death", "toll")) or "toll" in v:
        return "fatalities"
    if v.startswith(("injur", "wound")):
        return "injuries"
    if v.startswith(("arrest", "detain", "detention")):
        return "arrests"
    return "fatalities"


#: An appositive or a relative clause between a victim and its verb: "a student, Abu Sayeed,
#: was shot", "a man, 34, was killed", "a driver, who was passing by, was shot".
_APPOSITIVE_RX = re.compile(
    r",\s+(?:(?:(?:(?:al|el|ad|ar|as|an|bin|ibn|bint|de|da|van|von|der|del|la|le)[-'’\s])?[A-Z][\w'’.-]*\s+){0,3}"
    r"(?:(?:al|el|ad|ar|as|an|bin|ibn|bint|de|da|van|von|der|del|la|le)[-'’\s])?[A-Z][\w'’.-]*|(?:aged\s+)?\d{1,3}(?:(?:,\s*|\s+and\s+)\d{1,3})*(?:-year-old)?|(?:who|whom|whose|which)\b[^,;]{1,80}),"
    r"(?=\s+(?:was|were|is|are|has|have|had|got|died|later|also|reportedly|and)\b)"
)


#: Every word a figure can hang on (a stem of each verb and noun above): a sentence without
#: one states no count, so nothing else is read (a necessary condition, same results).
_ANY_FIGURE_RX = re.compile(
    r"kill|liquidat|shot|shoot|gunned|guns down|gunning|execut|behead|die|dead|death|slain|murder|massacr|assassinat|lost|lives|fatal|perish|"
    r"bodies|beaten|hacked|burned|lifeless|injur|wound|hurt|hospital|treatment|arrest|detain|detention|custody|"
    r"rounded|apprehend|jail|toll|casualt|bloodshed|loss of life",
    re.IGNORECASE,
)


#: A range ("between 25 and 29", "from 10 to 12"): ACLED codes the lower figure, so the upper
#: one is blanked (it is not a second group to add).
_RANGE_RX = re.compile(rf"\b(?P<lead>between|from)\s+{_QUAL}(?:{_NUM_CORE})(?P<upper>\s+(?:and|to)\s+(?:{_NUM_CORE}))\b", re.IGNORECASE)


_AGE_OF_RX = re.compile(
    r"\b(?:boys?|girls?|m[ae]n|wom[ae]n|child(?:ren)?|teenagers?|youths?|sons?|daughters?|students?|pupils?|persons?|victims?)"
    r"\s+of\s+(?:about\s+|around\s+)?(?P<n>\d{1,2})(?!\d)(?=\s*(?:years?\b|yrs\b|[,.;:)]|\s+(?:was|were|is|has|had|and|who|died|in|on)\b))",
    re.IGNORECASE)


def _masked(sentence: str, date_spans: list[tuple[int, int]] | None = None) -> str:
    chars = list(sentence)
    for m in _RANGE_RX.finditer(sentence):
        for g in ("lead", "upper"):
            chars[m.start(g):m.end(g)] = " " * (m.end(g) - m.start(g))
    spans = list(date_spans) if date_spans is not None else [(h.start, h.end) for h in find_dates(sentence, None)]
    spans += [(m.start(), m.end()) for m in _MASK_RX.finditer(sentence)]
    for m in _AGE_OF_RX.finditer(sentence):  # "a girl of 12": an age, not a count
        chars[m.start("n"):m.end("n")] = "x" * (m.end("n") - m.start("n"))
    for m in _APPOSITIVE_RX.finditer(sentence):  # blanked, not masked: the words around join up
        chars[m.start():m.end()] = " " * (m.end() - m.start())
    for a, b in spans:
        for i in range(a, b):
            if not chars[i].isspace():
                chars[i] = "x"
    return "".join(chars)


def parse_casualties(sentence: str, date_spans: list[tuple[int, int]] | None = None) -> dict[str, Any]:
    """Fatalities, injuries and arrests a sentence states.

    Parameters
    ----------
    sentence
        One sentence (or a short passage).
    date_spans
        The spans of its date phrases when the caller has found them already
        (:func:`geodata.events.dates.find_dates`); their numbers are not counts.

    Returns
    -------
    dict
        ``fatalities``, ``injuries``, ``arrests`` (int, or ``None`` when the text gives none),
        ``cumulative`` (the figures are a running total, not one event's), ``victims``
        (``"security"``, ``"armed"``, ``"protesters"``, ``"civilians"`` or ``None``: who was killed or,
        failing that, injured), ``total_at`` (where a closing running total starts in a
        sentence that also gives the day's figures, whose figures are left out; else ``None``).

    Examples
    --------
    >>> parse_casualties("Two police officers died and dozens were hurt.")["injuries"]
    12
    >>> parse_casualties("The death toll has risen to 225 so far.")["cumulative"]
    True
    >>> parse_casualties("No one was killed.")["fatalities"]
    0
    """
    if not _ANY_FIGURE_RX.search(sentence):
        return {"fatalities": None, "injuries": None, "arrests": None, "cumulative": False, "victims": None,
                "total_at": None}
    text = _masked(sentence, date_spans)
    found: dict[str, list[int]] = {"fatalities": [], "injuries": [], "arrests": []}
    victim_text: dict[str, list[str]] = {"fatalities": [], "injuries": []}
    nums = list(_NUM_RX.finditer(text))
    groups, total_at = _own_day_figures(text, sentence, _numbered(text, nums, victim_text))
    for (cat, _pos), values in groups.items():
        found[cat].append(sum(values))
    for cat in ("fatalities", "injuries"):
        if _distinct_victims(text, nums, [k for k in groups if k[0] == cat]):
            found[cat] = [sum(found[cat])]
    _singles_and_zeros(text, nums, found, victim_text)
    return {
        "fatalities": min(found["fatalities"]) if found["fatalities"] else None,
        "injuries": min(found["injuries"]) if found["injuries"] else None,
        "arrests": min(found["arrests"]) if found["arrests"] else None,
        "cumulative": total_at is None and any(found[c] for c in found) and bool(
            _CUMUL_RX.search(sentence) or (_CUMUL_WEAK_RX.search(sentence) and not _DAY_RX.search(sentence))),
        "victims": _victims(victim_text),
        "total_at": total_at,
    }


_ARMED_VICTIMS_RX = re.compile(
    r"\b(?:militants?|insurgents?|jihadists?|rebels?|gunmen|attackers|assailants|fighters|bandits|terrorists|"
    r"armed (?:men|criminals|assailants|group members|robbers)|militiamen|militia members|gangsters|gang members?|"
    r"cartel (?:members?|gunmen)|kidnappers|pirates)\b", re.IGNORECASE)
#: Members of an armed group named by its kind ("3 members of the 400 Mawozo gang").
_MEMBERS_OF_ARMED_RX = re.compile(r"\b(?:members|fighters|militants|elements|gunmen) of (?:the |a |an |two |rival |several )?(?:[\w'’-]+ ){0,3}?"
                                  r"(?:gangs?|cartels?|militias?|armed groups?|rebel groups?|insurgent groups?)\b", re.IGNORECASE)
_CLAUSE_CUT_RX = re.compile(r",\s+(?:and|while|but|whereas)\s+|;|\s+but\s+|\s+while\s+"
                            r"|,\s+(?=(?:bringing|raising|taking|pushing|lifting)\b)", re.IGNORECASE)


def _own_day_figures(text: str, sentence: str, groups: dict[tuple[str, int], list[int]]
                     ) -> tuple[dict[tuple[str, int], list[int]], int | None]:
    """The figures of a sentence that mixes a running total with the day's figures ("26 were
    killed, and more than 3,000 people were arrested since the unrest began"): the total's
    clause and those after it are dropped; the figures before it are the event's. Also the
    offset where the total's clause starts (``None``: no such mix)."""
    cues = [m.start() for m in _CUMUL_RX.finditer(sentence)]
    if not cues or len(groups) < 2:
        return groups, None
    cuts = [0, *(m.start() for m in _CLAUSE_CUT_RX.finditer(text)), len(text)]

    def clause(pos: int) -> int:
        return bisect_right(cuts, pos)

    # (figures after the total's clause share it: "225 killed since May, and 10,000 arrested")
    first_total = min(clause(c) for c in cues)
    running = {k for k in groups if clause(k[1]) >= first_total}
    if not running or len(running) == len(groups):
        return groups, None
    return {k: v for k, v in groups.items() if k not in running}, cuts[first_total - 1]


#: Victim nouns (the head noun of a figure) by the group they belong to; a figure naming none
#: of them ("20 people", "14 were killed") is generic and may restate another figure.
_GENERIC_VICTIM_RX = re.compile(r"^(?:\s*(?:of\s+)?(?:the\s+)?(?:people|persons|individuals|others|more|bodies|dead|casualties|"
                                r"lives|of them|of whom|were|was|have|has|had|are|died|killed)\b|\s*$)", re.IGNORECASE)
_CIVILIAN_VICTIM_RX = re.compile(
    r"\b(?:civilians?|villagers?|residents?|passers-?by|bystanders?|children|women|men|worshippers?|passengers?|"
    r"farmers?|herders?|workers?|miners?|pupils?|shoppers?|commuters?|pilgrims?|mourners?|refugees?|migrants?|"
    r"family members|relatives|voters?|journalists?|traders?|vendors?|fishermen|teachers?|patients?)\b", re.IGNORECASE)
_SUBSET_RX = re.compile(r"\b(?:including|among (?:them|whom|those)|of (?:them|whom|which)|of those|most of|many of|among the dead)\b",
                        re.IGNORECASE)


def _victim_group(after: str) -> str | None:
    """The group the words right after a figure name ("14 protesters", "six soldiers"): security,
    armed, protesters or civilians; ``None`` for a generic or missing noun ("20 people")."""
    head = " ".join(after.split()[:4])
    if not head or _GENERIC_VICTIM_RX.match(after):
        return None
    for name, rx in (("security", _SECURITY_RX), ("armed", _ARMED_VICTIMS_RX), ("protesters", _PROTESTER_RX),
                     ("civilians", _CIVILIAN_VICTIM_RX)):
        if rx.match(head) or rx.search(" ".join(after.split()[:3])):
            return name
    return None


def _distinct_victims(text: str, nums: list[re.Match[str]], keys: list[tuple[str, int]]) -> bool:
    """Two or more tolls of one sentence that name different groups of victims ("20 villagers were
    killed and six soldiers died", "12 protesters ... and 18 officers died") count different dead:
    they add up. Figures naming the same group, a generic one ("people") or a part of another
    ("including three officers") may restate one toll, which keeps the lowest."""
    if len(keys) < 2:
        return False
    groups = []
    spans = []
    for _cat, pos in sorted(keys, key=lambda k: k[1]):
        # the figure nearest before the verb (passive) or right after it (active)
        before = [m for m in nums if m.end() <= pos]
        after = [m for m in nums if m.start() >= pos]
        near = before[-1] if before and pos - before[-1].end() < 60 else (after[0] if after else None)
        if near is None:
            return False
        group = _victim_group(text[near.end():near.end() + 60])
        if group is None:
            return False
        groups.append(group)
        spans.append(near.start())
    # a part named between the figures ("12 died, including three officers") is no second toll
    return len(set(groups)) == len(groups) and not _SUBSET_RX.search(text, min(spans), max(spans))


#: Between two figures of one active verb's objects: a victim noun (and where), then "and"
#: or a comma ("3 soldiers and ", "4 men in Jos, ").
_OBJECT_LIST_RX = re.compile(r"\s+(?:(?!and\b|were\b|was\b|had\b|have\b|who\b|while\b|but\b)[\w'’-]+\s+){0,3}?"
                             r"(?!and\b|were\b|was\b)[\w'’-]+\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+|\s+plus\s+)",
                             re.IGNORECASE)


def _numbered(text: str, nums: list[re.Match[str]], victim_text: dict[str, list[str]]) -> dict[tuple[str, int], list[int]]:
    """Figures with a number, grouped by the verb they share: passive and noun forms ("14 oil
    workers were killed", "20 injured", "3 dead") and active ones ("killing at least 14")."""
    groups: dict[tuple[str, int], list[int]] = {}
    last_active: tuple[tuple[str, int], int] | None = None  # an active verb's group and where its last figure ends
    for i, m in enumerate(nums):
        value = _value(m.group("num"))
        if value is None:
            continue
        word = m.group("num").lower()
        before = text[max(0, m.start() - 30):m.start()]
        if re.search(r"\bno\s+$", before, re.IGNORECASE):
            continue
        if word in ("many", "several", "a few", "a number of") and re.search(r"\b(?:in|of|for)\s+$", before):
            continue
        # An active verb right before: "killing at least 14", "arrested 30", "left 3 dead".
        act = _ACTIVE_RX.search(text[max(0, m.start() - 40):m.start()])
        if act is not None:
            verb = act.group("verb").lower()
            if verb in ("left", "leaving", "leaves", "leave"):
                lm = _LEFT_RX.match(text[m.end():m.end() + 40])
                if lm is None:
                    continue
                verb = lm.group("verb")
            if re.search(r"figure|tally|count|toll at", verb) and not re.search(r"\b(?:death|dead|died|killed|toll)", text, re.IGNORECASE):
                continue
            cat = _category(verb)
            groups.setdefault((cat, m.start()), []).append(value)
            if cat in victim_text:
                victim_text[cat].append(text[m.start():m.end() + 40])
            last_active = ((cat, m.start()), m.end())
            continue
        after = text[m.end():m.end() + 110]
        am = _AFTER_RX.match(after)
        ws = re.match(r"\s+", after[am.end():]) if am is not None else None
        if am is not None and ws is not None and _NUM_RX.match(after, am.end() + ws.end()):
            am = None  # "..., and wounded 8": the verb is the next figure's, active
        if am is None:
            # the object list of an active verb: "killed 3 soldiers and 2 civilians", "shot dead
            # 4 men in A and 2 in B"
            if last_active is not None and _OBJECT_LIST_RX.fullmatch(text, last_active[1], m.start()):
                key0 = last_active[0]
                groups[key0].append(value)
                if key0[0] in victim_text:
                    victim_text[key0[0]].append(text[m.start():m.end() + 40])
                last_active = (key0, m.end())
            continue
        gap = am.group("gap")
        if _BREAK_RX.search(gap):
            continue
        # Another number in the gap: joined by "and" the two share the verb, else skip this one.
        inner = [n for n in nums[i + 1:] if n.start() < m.end() + am.start("verb")]
        if inner:
            if not re.search(r"\b(?:and|plus)\b|,", text[m.end():inner[0].start()]):
                continue
            if re.search(r"\b(?:of|out of|from|among)\s*$", text[m.end():inner[0].start()]):
                continue
        cat = _category(am.group("verb"))
        key = (cat, m.end() + am.start("verb"))
        groups.setdefault(key, []).append(value)
        if cat in victim_text:
            victim_text[cat].append(text[m.start():m.end() + am.end()])
    return groups


def _singles_and_zeros(text: str, nums: list[re.Match[str]], found: dict[str, list[int]],
                       victim_text: dict[str, list[str]]) -> None:
    """Singular victims ("a man was shot dead": 1) and stated zeros ("no one was hurt": 0),
    each only where no figure was found."""
    zeros = list(_ZERO_RX.finditer(text))
    for pm in _PAIR_RX.finditer(text):
        cat = _category(pm.group("verb") or pm.group("verb2"))
        if not found[cat]:
            found[cat].append(2)
            if cat in victim_text:
                victim_text[cat].append(pm.group(0))
    for sm in _SINGLE_RX.finditer(text):
        if any(z.start() <= sm.start() + 4 and sm.start() < z.end() for z in zeros):
            continue
        if re.search(r"\bno\s*$", text[max(0, sm.start() - 4):sm.start()], re.IGNORECASE):
            continue
        if sm.group("verb3") and _MOTIVE_RX.search(text, max(0, sm.start() - 50), sm.start()):
            continue  # "youths angry over the police killing of a teenager": why, not a toll
        verb = sm.group("verb") or sm.group("verb2") or sm.group("verb3") or sm.group("verb4") or sm.group("verb5") or sm.group("verb6") or sm.group("verb7")
        cat = _category(verb)
        pos = sm.start()
        if any(m.start() <= pos < m.end() for m in nums if _value(m.group("num")) not in (None, 1)):
            continue
        if not found[cat]:
            found[cat].append(1)
            if cat in victim_text:
                victim_text[cat].append(sm.group(0))
    for zm in zeros:
        cats = []
        for word in (zm.group("verb") or zm.group("noun") or zm.group("noun2") or zm.group("noun3") or "", zm.group("noun4") or ""):
            word = word.lower()
            if not word:
                continue
            if word in ("casualties", "bloodshed", "loss of life", "lives were lost", "one died"):
                cats += ["fatalities"] if word != "casualties" else ["fatalities", "injuries"]
            else:
                cats.append(_category(word))
        # "no deaths were reported, except a teenager who fell from a roof": one, not none
        one = _EXCEPT_ONE_RX.match(text, zm.end()) is not None
        if not one and _EXCEPT_RX.match(text, zm.end()):
            continue  # "no one was hurt apart from a few officers": some, not none
        for cat in cats:
            if not found[cat]:
                found[cat].append(1 if one else 0)


#: A killing named as the cause of what followed ("angry over the killing of a student",
#: "after the police killing of a teenager"): an earlier death, not one of this event.
_MOTIVE_RX = re.compile(r"\b(?:over|after|following|against|about|at|protesting|denouncing|condemning|mourning|"
                        r"demanding justice for|in protest (?:at|over|against))\s+(?:the|his|her|their|its)\s+(?:[\w'’-]+\s+){0,2}$",
                        re.IGNORECASE)
_EXCEPT_RX = re.compile(r"[^.;]{0,50}?\b(?:except(?: for)?|apart from|other than|save for|but for|with the exception of)\b", re.IGNORECASE)
_EXCEPT_ONE_RX = re.compile(r"[^.;]{0,50}?\b(?:except(?: for)?|apart from|other than|save for|but for|with the exception of)\s+"
                            r"(?:a|an|one)\s+(?!few\b|number\b|handful\b|couple\b|dozen\b)", re.IGNORECASE)


def _victims(victim_text: dict[str, list[str]]) -> str | None:
    """Who was killed or, failing that, injured: from the words of the first figure."""
    for cat in ("fatalities", "injuries"):
        for vt in victim_text[cat]:
            if _SECURITY_RX.search(vt):
                return "security"
            if _ARMED_VICTIMS_RX.search(vt) or _MEMBERS_OF_ARMED_RX.search(vt):
                return "armed"
            if _PROTESTER_RX.search(vt):
                return "protesters"
            return "civilians"
    return None
