"""Recognition: which capitalised runs of a text name places (see :mod:`geodata.places.geoparse`).

Gazetteer matches are kept or dropped from the words around them (persons, buildings,
organisations, calendar and dictionary words); names the gazetteer lacks become fuzzy
candidates when the context calls them places.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from geodata.places._lexicon import (
    ACTOR_NAMES,
    ARABIC_ARTICLES,
    BUILDING_HEADS,
    CALENDAR,
    CITY_WORDS,
    DIRECTION_WORDS,
    FUNCTION_WORDS,
    LANDMARK_PREFIXES,
    LANDMARK_SUFFIXES,
    LOCAL_BODIES,
    LOCATIVE_PREPS,
    MACRO_REGION_ALIASES,
    NAME_JOINERS,
    ORG_HEADS,
    PERSON_VERBS_BEFORE,
    PHYSICAL_REGIONS,
    PLACE_CUE_NOUNS,
    REGION_WORDS,
    TITLES,
    WATER_PREFIXES,
    WATER_SUFFIXES,
)
from geodata.places._text import norm
from geodata.places._tokenize import (
    _MAX_NGRAM,
    _POSSESSIVE,
    _SURNAME_END,
    _cannot_start,
    _container_follows,
    _gap_ok,
    _Span,
    _Tok,
)
from geodata.places.gazetteer import (
    ACRONYM,
    CANONICAL,
    DEMONYM,
    GIVEN_NAME,
    LOWER_WORD,
    POSTAL,
    SURNAME,
    Gazetteer,
    Place,
)

#: A name found only as another name of a place, this frequent in English (Zipf), names no
#: place below this population unless the text says place ("Hamas", "Eid", "Passover").
_WORD_ALIAS_ZIPF = 3.0
_WORD_ALIAS_POP = 500_000
_LOOSE_MIN_LEN = 5  # no near-miss matching of short names ("Mansi", "Al")
#: Prepositions after which an unknown name is taken for a place ("to" and "from" also take
#: people: "a letter to Putin").
_LOOSE_PREPS = frozenset("in near outside inside across throughout around within".split())
_FOR_ORG_HEADS = ORG_HEADS | frozenset("center centre foundation fund endowment initiative coalition alliance forum".split())
_EZAFE = frozenset(("e", "i", "ye", "yi"))
_ABBREVIATIONS = frozenset("st ste ave rd mt ft co no jr sr inc ltd vs est dept pt sta hwy blvd".split())
_SENTENCE_END = re.compile(r"\.(?:\s*$|[ \t]*\n|[ \t]+[A-Z])")  # a full stop, not an abbreviation's
_OWN_CITY = 100_000
_RARE_NAME_ZIPF = 3.0  # a given name this rare in English is a city of 100,000 by its own name first
#: A short word in capitals with a lower-case tail, as armies and parties are written ("FAMa",
#: "FARDCs"): an acronym, not a place unless a place is known by it
_MIXED_ACRONYM = re.compile(r"[A-Z]{2,}[a-z]{1,2}")
_TAIL_JOINERS = frozenset("del della dos das y".split())
_BARE_TOWN_NOUNS = frozenset("city town village".split())  # "the southern city X" without "of"
_DATELINE_POP = 50_000  # a town this big may open a dateline in capitals ("KYIV -")
_INFLECTIONS = ("ing", "ed", "s")  # endings of English words in title case after a name


def _adjective(text: str, toks: list[_Tok], j: int) -> bool:
    """Whether the name ending at token ``j`` qualifies the lower-case noun right after it: a
    demonym is then an adjective even after a preposition or before "city" ("in Canadian
    pension funds", "the southern English city of Salisbury")."""
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    return nxt is not None and not nxt.cap and text[toks[j].end : nxt.start] == " " \
        and nxt.low not in FUNCTION_WORDS and nxt.low not in LOCATIVE_PREPS


def _qualifies_a_town(text: str, toks: list[_Tok], j: int) -> bool:
    """Whether the name ending at token ``j`` is an adjective of a town named after it: "the
    English city of Salisbury", "the Kurdish town of Kobani"."""
    return (j + 3 < len(toks) and toks[j + 1].low in CITY_WORDS and not toks[j + 1].cap
            and toks[j + 2].low == "of" and toks[j + 3].cap and text[toks[j].end : toks[j + 1].start] == " ")


_DATELINE_AFTER = re.compile(r"[ \t]*(?:,|\(|[-–—]{1,2}[ \t])")


def _dateline(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens a line as a wire dateline: "KYIV, May 2 (Wire) -"."""
    return (start == 0 or text[start - 1] == "\n") and bool(_DATELINE_AFTER.match(text, end))


def _held_by_unit(text: str, toks: list[_Tok], j: int, taken: set[int]) -> bool:
    """Whether a recognised admin unit follows the name ending at token ``j``, as its holder:
    "Makhmalwal in Helmand province", "Makhmalwal, Nad Ali district"."""
    k = j + 1
    if k >= len(toks) or text[toks[j].end : toks[k].start] not in (" ", ", "):
        return False
    if toks[k].low == "in" and text[toks[j].end : toks[k].start] == " ":
        k += 2 if k + 1 < len(toks) and toks[k + 1].low == "the" else 1
    elif text[toks[j].end : toks[k].start] == " ":
        return False
    if k not in taken:
        return False
    while k + 1 < len(toks) and k + 1 in taken and text[toks[k].end : toks[k + 1].start] == " ":
        k += 1  # (one name, not the next one across a bracket: "Christians in Jaranwala (Faisalabad district")
    return k + 1 < len(toks) and toks[k + 1].low in REGION_WORDS and text[toks[k].end : toks[k + 1].start] == " "


def _unit_in_brackets(text: str, toks: list[_Tok], j: int) -> bool:
    """Whether a unit the text names as such opens a bracket after the name ending at token
    ``j``, as coders state a place's hierarchy: "Robotyne (Polohivskyi raion, ...)"."""
    k = j + 1
    if k >= len(toks) or text[toks[j].end : toks[k].start].strip() != "(":
        return False
    e = k
    while e < len(toks) and e - k < 4 and toks[e].cap and (e == k or _gap_ok(text, toks[e - 1], toks[e])):
        e += 1
    return k < e < len(toks) and toks[e].low in REGION_WORDS and not toks[e].cap \
        and text[toks[e - 1].end : toks[e].start] == " "


#: After a name, words that describe it as a place: "X, a village 70 km from Y", "X, a small
#: mining town", "X, in the province of Y", "X, in Y province", "X, about 600 km northeast of
#: Y", "X, located ..."
_DESCRIBED_AFTER = re.compile(
    r",[ \t]+(?:(?:an?|the)[ \t]+(?:[a-z-]+[ \t]+){0,2}"
    r"(?:village|town|city|hamlet|settlement|locality|community|suburb|district|camp)\b"
    r"|in[ \t]+the[ \t]+(?:" + "|".join(sorted(REGION_WORDS)) + r")[ \t]+of[ \t]+[A-Z]"
    r"|in[ \t]+[A-Z][\w'’-]*[ \t]+(?:" + "|".join(sorted(REGION_WORDS)) + r")\b"
    r"|(?:located|situated|lying)[ \t]"
    r"|(?:(?:some|about|around|approximately|roughly)[ \t]+)?\d+[ \t]*(?:km|kilomet(?:er|re)s?|miles?)\b)")

#: Lower-case words after a name that say it is a village or a town ("Kyauk Tan village")
_SETTLEMENT_WORDS = frozenset("village town township hamlet settlement".split())


def _run_word(t: _Tok) -> bool:
    """Whether a capitalised token may belong to a longer unknown name."""
    return t.cap and not t.upper and t.low not in FUNCTION_WORDS and t.low not in LOCATIVE_PREPS \
        and t.low not in DIRECTION_WORDS and t.low not in PLACE_CUE_NOUNS and t.low not in TITLES \
        and t.low not in REGION_WORDS and t.low not in CITY_WORDS and not _POSSESSIVE.search(t.text)


def _fragment(text: str, toks: list[_Tok], i: int, j: int) -> bool:
    """Whether tokens i..j are only a part of a longer capitalised name that the text calls a
    village or a town and the gazetteer lacks: "Du Char Yar Tan village", "Shein Makar
    village" (the whole name is the village; it may still be found near its unit)."""
    a, b = i, j
    while a > 0 and _run_word(toks[a - 1]) and text[toks[a - 1].end : toks[a].start] == " ":
        a -= 1
    while b + 1 < len(toks) and _run_word(toks[b + 1]) and text[toks[b].end : toks[b + 1].start] == " " \
            and not _POSSESSIVE.search(toks[b].text):
        b += 1
    if (a, b) == (i, j) or b + 1 >= len(toks):
        return False
    nxt = toks[b + 1]
    return not nxt.cap and nxt.low in _SETTLEMENT_WORDS and text[toks[b].end : nxt.start] == " "


class _Recogniser:
    """The recognition half of :class:`geodata.places.geoparse.Geoparser`."""

    gaz: Gazetteer

    def _candidate_spans(self, text: str, toks: list[_Tok]) -> list[tuple[int, int, str]]:
        out = []
        n = len(toks)
        for i, t in enumerate(toks):
            article = (t.low in ARABIC_ARTICLES and i + 1 < n and toks[i + 1].cap
                       and text[t.end : toks[i + 1].start] == "-")  # "al-Ain", "el-Arish"
            if (not t.cap and not article) or _cannot_start(t):
                continue
            if i + 1 < n and toks[i + 1].low == "of" and (t.low in REGION_WORDS or t.low in CITY_WORDS):
                continue  # "State of Ohio": the name is Ohio
            for j in range(i, min(n, i + _MAX_NGRAM)):
                tj = toks[j]
                if j > i:
                    if not _gap_ok(text, toks[j - 1], tj):
                        break
                    if not tj.cap and tj.low not in NAME_JOINERS and tj.low != "and" and not (
                            tj.low in _EZAFE and text[toks[j - 1].end : tj.start] == "-"):
                        break  # (the Persian ezafe joins names too: "Mazar-i-Sharif", "Qala-e-Naw")
                if not tj.cap:
                    continue
                s, e = t.start, tj.end
                surface = text[s:e]
                pm = _POSSESSIVE.search(surface)
                if pm:
                    e -= len(pm.group(0))
                    surface = text[s:e]
                key = norm(surface)
                out.append((i, j, key))
                if j > i and "-" in surface:
                    # "Taldy-Korgan" may be written solid in the gazetteer: Taldykorgan
                    out.append((i, j, norm(surface.replace("-", ""))))
                elif j == i + 1 and text[t.end : tj.start] == " " and self._foreign_pair(t, tj):
                    out.append((i, j, norm(t.text + tj.text.lower())))  # "Ceel Dheer": Ceeldheer
        return out

    def _foreign_pair(self, a: _Tok, b: _Tok) -> bool:
        """Whether two words may be one foreign name written apart ("Ceel Dheer" for Ceeldheer):
        neither an English word nor a personal name, nor an abbreviation."""
        for t in (a, b):
            if len(t.text) < 3 or not t.text.isalpha() or t.upper:
                return False
            zipf, flags = self.gaz.word(t.low)
            if zipf >= _WORD_ALIAS_ZIPF or flags & (LOWER_WORD | GIVEN_NAME | SURNAME):
                return False
        return True

    def _persons(self, text: str, toks: list[_Tok], places: set[str]) -> tuple[set[int], set[str]]:
        """Tokens that belong to a person's name, and surnames to recognise later alone.

        A person is a title followed by capitalised words ("President Kassym-Jomart Tokayev",
        "Gen. Jackson"), or a given name followed by a capitalised word ("David Jones").
        """
        person: set[int] = set()
        surnames: set[str] = set()
        n = len(toks)
        word = self.gaz.word
        i = 0
        while i < n:
            t = toks[i]
            if not t.cap or i + 1 >= n:
                i += 1
                continue
            nx = toks[i + 1]
            if (t.low.rstrip(".") in TITLES and nx.cap and not nx.sentence_start
                    and text[t.end : nx.start].strip(". ") == ""):
                k = i + 1
            elif (word(t.low)[1] & GIVEN_NAME and not word(t.low)[1] & LOWER_WORD
                  and nx.cap and not nx.upper and text[t.end : nx.start] == " "
                  and (norm(t.text) not in places or word(nx.low)[1] & SURNAME)
                  and norm(text[t.start : nx.end]) not in places
                  and _POSSESSIVE.sub("", nx.low) not in REGION_WORDS and nx.low not in CITY_WORDS
                  and nx.low not in ORG_HEADS and nx.low not in BUILDING_HEADS):
                k = i
            else:
                i += 1
                continue
            j = k
            while (j + 1 < n and toks[j + 1].cap and text[toks[j].end : toks[j + 1].start] in (" ", ". ", "-")
                   and j - k < 3 and toks[j + 1].low not in ORG_HEADS and not toks[j + 1].sentence_start):
                j += 1
            if j == i:
                i += 1
                continue
            person.update(range(k, j + 1))
            surnames.add(norm(_POSSESSIVE.sub("", toks[j].text)))
            i = j + 1
        return person, surnames

    def _macro_regions(self, keys: Iterable[str], found: dict[str, list[Place]]) -> None:
        """Put the world region (UN M49, ``RGN``) in for its common name ("Middle East")."""
        wanted = {k: MACRO_REGION_ALIASES[k] for k in keys if k in MACRO_REGION_ALIASES}
        if not wanted:
            return
        regions = self.gaz.lookup_many(set(wanted.values()))
        for k, m49 in wanted.items():
            rgn = [p for p in regions.get(m49, []) if p.feature_code == "RGN"]
            if rgn:
                found[k] = rgn

    def _water(self, text: str, toks: list[_Tok], found: dict[str, list[Place]]) -> set[int]:
        """Tokens of water-body, mountain, street and square names the gazetteer does not
        know as a whole: "Gulf of Aden", "Sea of Azov", "Aral Sea", "Lake Victoria", "Mount
        Kenya", "Plaza de Bolívar", "Tahrir Square". Their parts are not places of their own."""
        out: set[int] = set()
        n = len(toks)
        for h, t in enumerate(toks):
            if not t.cap:
                continue
            head = t.low.rstrip(".")
            if head in WATER_PREFIXES or head in LANDMARK_PREFIXES:
                # "Gulf of Aden" / "Lake Victoria" / "Plaza de (la) Bolívar": the name after
                k = h + 1
                if k < n and toks[k].low in ("of", "de", "del", "da", "do", "di", "dos", "das"):
                    k += 1
                    if k < n and toks[k].low in ("la", "las", "los", "el", "the"):
                        k += 1
                if k >= n or not toks[k].cap or (k == h + 1 and head not in ("lake", "mount", "mt")
                                                 and head not in LANDMARK_PREFIXES):
                    continue  # "Sea of X", "Gulf of X", "Lake X", "Mount X"; not "Bay Area"
                j = k
                while j + 1 < n and toks[j + 1].cap and j - k < 2 and _gap_ok(text, toks[j], toks[j + 1]):
                    j += 1
                if not any(norm(text[t.start : toks[e].end]) in found for e in range(k, j + 1)):
                    out.update(range(h, j + 1))
            elif (t.low in WATER_SUFFIXES or t.low in LANDMARK_SUFFIXES) and h > 0 and toks[h - 1].cap \
                    and _gap_ok(text, toks[h - 1], t):
                # "Aral Sea", "Persian Gulf": the words before the head
                i = h - 1
                while i > 0 and toks[i - 1].cap and h - i < 3 and _gap_ok(text, toks[i - 1], toks[i]) \
                        and not toks[i - 1].sentence_start:
                    i -= 1
                if not any(norm(text[toks[b].start : t.end]) in found for b in range(i, h)):
                    out.update(range(i, h + 1))
        return out

    def _recognise(self, text: str, toks: list[_Tok]) -> list[_Span]:
        cands = self._candidate_spans(text, toks)
        found = self.gaz.lookup_many(k for _, _, k in cands)
        self._macro_regions({k for _, _, k in cands}, found)
        water = self._water(text, toks, found)
        water.update(k for i, j, key in cands if key in ACTOR_NAMES for k in range(i, j + 1))
        by_start: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for i, j, k in cands:
            if k in found and not water.intersection(range(i, j + 1)):
                by_start[i].append((j, k))
        person, surnames = self._persons(text, toks, set(found))
        spans: list[_Span] = []
        i = 0
        n = len(toks)
        while i < n:
            opts = by_start.get(i)
            if not opts:
                i += 1
                continue
            t = toks[i]
            if (i >= 2 and toks[i - 1].low in NAME_JOINERS and text[toks[i - 1].end : t.start] == "-"
                    and toks[i - 2].cap and _gap_ok(text, toks[i - 2], toks[i - 1])):
                # the tail of a longer name the gazetteer lacks: "Ras al-Ain" is not Ain
                i += 1
                continue
            if (i >= 2 and toks[i - 1].low in _TAIL_JOINERS and not toks[i - 1].cap and toks[i - 2].cap
                    and text[toks[i - 2].end : toks[i - 1].start] == " " and text[toks[i - 1].end : t.start] == " "
                    and not any((p.kind != "city" or (p.flags & CANONICAL and p.population >= _OWN_CITY))
                                and not p.flags & ACRONYM for k in opts for p in found[k[1]])):
                i += 1  # "Maguindanao del Sur", "Comuneros del Sur": the tail of a longer name, not Sur
                continue
            if (not t.cap and i > 0 and toks[i - 1].cap and text[toks[i - 1].end : t.start] == " "
                    and not toks[i - 1].sentence_start):
                i += 1  # "Ras al-Ain": an article inside a longer name starts no name
                continue
            article = (t.low in ARABIC_ARTICLES and i + 1 < n and toks[i + 1].cap
                       and text[t.end : toks[i + 1].start] in ("-", " - ", "- "))
            chosen = None
            # longest first; for one length the name as written ("al ain") before its solid
            # variant ("alain", made for "Taldy-Korgan" -> Taldykorgan)
            for j, k in sorted(opts, key=lambda o: (-o[0], -o[1].count(" "), o[1])):
                if article and j == i:
                    continue  # "Al-Suwaidaa", "al- Raqqa": the article of a name, not Ål (Norway)
                if (j + 2 < n and toks[j + 1].low in ARABIC_ARTICLES and toks[j + 2].cap
                        and text[toks[j].end : toks[j + 1].start] == " "
                        and text[toks[j + 1].end : toks[j + 2].start] == "-"):
                    continue  # the head of a longer name: "Jisr al-Shughur" is not Jisr
                if (j + 2 < n and toks[j + 1].low in _EZAFE and toks[j + 2].cap
                        and text[toks[j].end : toks[j + 1].start] == "-"
                        and text[toks[j + 1].end : toks[j + 2].start] == "-"):
                    continue  # "Qala-e-Zal" the gazetteer lacks is not Qala (Malta)
                places = self._usable(text, found[k], toks, i, j)
                if places and k in PHYSICAL_REGIONS and not self._town_cued(text, toks, i, j):
                    # "Siberia", "the Atlantic": the region or ocean, not a hamlet or a county
                    # of that name (the gazetteer has no physical regions: leave it
                    # unresolved rather than wrong)
                    places = [p for p in places
                              if p.kind == "country" or p.feature_code in ("RGN", "CONT")]
                if places:
                    chosen = (j, k, places)
                    break
            if chosen is None:
                i += 1
                continue
            j, k, places = chosen
            if _fragment(text, toks, i, j):
                i = j + 1  # "Zee Phyu Kone village": Kone (New Caledonia) is no place here
                continue
            end = toks[j].end
            surface = text[t.start : end]
            pm = _POSSESSIVE.search(surface)
            if pm:
                end -= len(pm.group(0))
            if text[end : end + 1] == "." and any(p.flags & POSTAL for p in places) and not toks[j].upper:
                end += 1  # "W. Va.", "Kan.": the abbreviation's period is part of the name
            elif (i == j and text[end : end + 1] == "." and len(t.text) <= 3 and not t.upper
                  and not any(p.flags & POSTAL for p in places)
                  and not (t.low not in TITLES and t.low not in _ABBREVIATIONS
                           and max(p.population for p in places) >= _OWN_CITY
                           and _SENTENCE_END.match(text, end))):
                # "St.", "Ave.": an abbreviation, not a name; a town's short name ending a
                # sentence stays ("protests in Kut.", "in Osh. Police said")
                i = j + 1
                continue
            span = _Span(i, j, t.start, end, k, places)
            verdict = self._context_verdict(text, toks, span, person, surnames)
            if verdict == "reject":
                i = j + 1
                continue
            span.embedded = verdict == "embedded"
            span.demonym = any(p.flags & DEMONYM for p in places) and (
                not self._cued(text, toks, i, j) or _adjective(text, toks, j))
            if span.demonym:
                span.cands = [p for p in places if p.flags & DEMONYM]
            spans.append(span)
            i = j + 1
        spans += self._near_misses(text, toks, spans, person | water, surnames)
        spans.sort(key=lambda s: s.start)
        return spans

    def _usable(self, text: str, places: list[Place], toks: list[_Tok], i: int, j: int) -> list[Place]:
        span_toks = toks[i : j + 1]
        surface_upper = all(t.upper or not t.cap for t in span_toks) and any(t.upper for t in span_toks)
        dotted = "." in span_toks[0].text
        after_comma = i > 0 and text[toks[i - 1].end : toks[i].start] == ", " and toks[i - 1].cap
        ok = []
        short_caps = i == j and span_toks[0].upper and len(span_toks[0].text) <= 4
        dateline = short_caps and _dateline(text, toks[i].start, toks[j].end)  # "KYIV, May 2 -"
        mixed = i == j and _MIXED_ACRONYM.fullmatch(span_toks[0].text) is not None
        for p in places:
            if mixed and not p.flags & ACRONYM:
                continue  # "FAMa": the Malian army, not Fama (Brazil)
            if p.flags & ACRONYM and not (surface_upper or dotted) and not (
                    p.flags & POSTAL and after_comma and text[toks[j].end : toks[j].end + 1] == "."):
                continue  # but "Louisville, Ky.": a postal abbreviation with its period
            if short_caps and not p.flags & ACRONYM and not p.name.isupper() \
                    and not (dateline and p.kind == "city" and p.population >= _DATELINE_POP):
                continue  # NATO, AMLO, BA: an acronym matches only a place known by it
            if p.flags & POSTAL and not after_comma:
                continue
            ok.append(p)
        if ok and not any(p.flags & CANONICAL for p in ok):
            ok = self._no_word_aliases(ok, toks, i, j, text)
        return ok

    def _no_word_aliases(
        self, places: list[Place], toks: list[_Tok], i: int, j: int, text: str
    ) -> list[Place]:
        """Drop places found only through an alternate name that is a common English word
        ("Taliban", "Passover", "Persia" as other names of small towns) or that has three
        letters or fewer, unless the text says place (not for the tiny ones) or the place is a
        metropolis (Kiev, Bombay, Peking stay)."""
        key = norm(text[toks[i].start : toks[j].end])
        tiny = len(key) <= 3  # "Bui" as another name of Bowie
        if not tiny and (self.gaz.word(key)[0] < _WORD_ALIAS_ZIPF or self._cued(text, toks, i, j)):
            return places
        return [p for p in places if p.population >= _WORD_ALIAS_POP or p.kind == "country"
                or p.flags & (ACRONYM | POSTAL) or p.feature_code in ("RGN", "CONT")]

    def _context_verdict(
        self, text: str, toks: list[_Tok], span: _Span, person: set[int], surnames: set[str]
    ) -> str:
        """'keep', 'embedded' or 'reject' for a gazetteer match, from the words around it."""
        i, j = span.i, span.j
        first, last = toks[i], toks[j]
        single = i == j
        low = first.low
        places = span.cands
        big = max((p.population for p in places), default=0)
        is_country = any(p.kind == "country" and not p.flags & DEMONYM for p in places)
        is_demonym = any(p.flags & DEMONYM for p in places)
        is_region = any(p.feature_code in ("ADM1", "CONT", "RGN") for p in places)
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        next_adj = nxt is not None and _gap_ok(text, last, nxt) and "." not in text[last.end : nxt.start]
        key_tokens = span.key.split()

        if single and (low in CALENDAR or low in FUNCTION_WORDS or low in DIRECTION_WORDS) and not first.upper \
                and not (low in DIRECTION_WORDS and self._held_by_next(text, toks, j, places)):
            return "reject"  # (but "Central, Hong Kong": the text names what holds it)
        if single and (i in person or (key_tokens[0] in surnames and not is_country and not is_region
                                      and big < 1_000_000)):
            return "reject"
        if single and not is_country and not is_demonym and not first.upper:
            zipf, wflags = self.gaz.word(key_tokens[0])
            cued = self._cued(text, toks, i, j) or self._body_cued(text, toks, j)
            if wflags & LOWER_WORD:
                # a dictionary word (Police, Mobile, Reading, Central): only as a cued place
                if not cued or (first.sentence_start and big < 1_000_000):
                    return "reject"
                if big < 100_000 and zipf >= 4.5 and not self._held_by_next(text, toks, j, places):
                    return "reject"  # (but "Central, Hong Kong": the text names what holds it)
            elif wflags & SURNAME and not wflags & GIVEN_NAME and big < 100_000 and not cued \
                    and not is_region:
                return "reject"
            elif wflags & GIVEN_NAME and big < 500_000 and not cued and not is_region and not (
                    zipf < _RARE_NAME_ZIPF and any(p.flags & CANONICAL and p.kind == "city"
                                                   and p.population >= _OWN_CITY for p in places)
                    and (prev is None or (not prev.cap and prev.low not in ("the", "a", "an")))):
                return "reject"  # Mary, Tyler, Victoria alone: people first; not Goma, Zaria, Erbil
            elif first.sentence_start and zipf >= 5.0 and big < 500_000:
                return "reject"
        if not is_demonym and not is_country and _qualifies_a_town(text, toks, j):
            return "reject"  # "the English city of Salisbury": an adjective of the city's
        if not single and last.low in BUILDING_HEADS:
            return "reject"  # White House, Chatham House
        # "<Name> House" and the like: a building named after a person or a title.
        if next_adj and nxt is not None and nxt.cap and nxt.low in BUILDING_HEADS:
            return "reject"
        # "<Place> University", "<Place> Police", "<Place> International Airport": embedded.
        if next_adj and nxt is not None and nxt.cap:
            k = j + 1
            while k < len(toks) and k - j <= 3 and toks[k].cap and _gap_ok(text, toks[k - 1], toks[k]):
                if toks[k].low in ORG_HEADS:
                    return "embedded"
                k += 1
        # "University of Texas", "Bank of America": embedded.
        if prev is not None and prev.low == "of" and i > 1 and toks[i - 2].cap and toks[i - 2].low in ORG_HEADS:
            return "embedded"
        # "Institute for Near East Policy", "Center for Middle East Studies": inside the name
        if prev is not None and prev.low == "for" and not prev.cap and i > 1 and toks[i - 2].cap \
                and toks[i - 2].low in _FOR_ORG_HEADS and next_adj and nxt is not None and nxt.cap:
            return "embedded"
        # A capitalised word right after ("Nursultan Nazarbayev", "Washington Redskins"); in a
        # title-case headline a dictionary word after is only title case ("Tijuana Reels").
        if (
            next_adj and nxt is not None and nxt.cap and not nxt.upper
            and not self._word(nxt)
            and nxt.low not in REGION_WORDS and nxt.low not in CITY_WORDS
            and not nxt.sentence_start and text[last.end : nxt.start] == " "
            and not is_country and not is_region and not first.upper and not is_demonym
            and not self._state_follows(text, toks, j)
        ):
            # a person ("Nursultan Nazarbayev", "Paris Hilton") or an organisation named
            # after the place ("Cambridge Analytica")
            nflags = self.gaz.word(nxt.low)[1]
            if nflags & SURNAME or _SURNAME_END.search(nxt.low) or self.gaz.word(key_tokens[0])[1] & GIVEN_NAME:
                surnames.add(norm(_POSSESSIVE.sub("", nxt.text)))
                return "reject"
            return "embedded"
        # "Puerto Resistencia", a name the gazetteer lacks: a capitalised word right before
        # that it knows only as another name of some town is the head of the longer name,
        # and the last word is not its namesake elsewhere
        if (
            prev is not None and prev.cap and not prev.upper and text[prev.end : first.start] == " "
            and not first.sentence_start and not is_country and not is_demonym and not is_region
            and prev.low not in FUNCTION_WORDS and prev.low not in DIRECTION_WORDS
            and prev.low not in PLACE_CUE_NOUNS and prev.low not in LOCATIVE_PREPS
            and not prev.text.endswith(("'s", "’s"))
        ):
            known = self.gaz.lookup(prev.text)
            if known and not any(p.flags & (CANONICAL | DEMONYM) or p.kind != "city" for p in known):
                return "reject"
        # A capitalised unknown word right before ("Kassym Tokayev").
        if (
            prev is not None and prev.cap and _gap_ok(text, prev, first) and not first.sentence_start
            and not (first.initial and self._word(prev, before=True))
            and prev.low not in FUNCTION_WORDS and prev.low not in DIRECTION_WORDS
            and prev.low not in PLACE_CUE_NOUNS and prev.low not in LOCATIVE_PREPS and not prev.text.endswith(("'s", "’s"))
            and not is_country and not is_region and not is_demonym and not self.gaz.lookup(prev.text)
        ):
            surnames.add(span.key)
            return "reject"
        # "said Jordan", "according to Washington": persons after reporting verbs, unless big.
        if prev is not None and prev.low in PERSON_VERBS_BEFORE and not is_country and big < 1_000_000:
            return "reject"
        return "keep"

    def _held_by_next(self, text: str, toks: list[_Tok], j: int, places: list[Place]) -> bool:
        """Whether the name after a comma ("X, Y") is a country or first-order unit that holds
        one of ``places``: "Central, Hong Kong", "Mobile, Alabama"."""
        if not _container_follows(text, toks, j):
            return False
        k = j + 1
        while k + 1 < len(toks) and k - j < 3 and toks[k + 1].cap and _gap_ok(text, toks[k], toks[k + 1]):
            k += 1
        codes = {(p.country_code, p.admin1_code if p.feature_code.endswith("ADM1") else None)
                 for p in self.gaz.lookup(text[toks[j + 1].start : toks[k].end])
                 if (p.kind == "country" or p.feature_code.endswith("ADM1")) and not p.flags & DEMONYM}
        return any((p.country_code, None) in codes or (p.country_code, p.admin1_code) in codes for p in places)

    def _state_follows(self, text: str, toks: list[_Tok], j: int) -> bool:
        """Whether a state or a country follows the name ending at token ``j`` without a comma,
        as headlines and coders write a town's holder: "Iguala Guerrero", "Mier Tamaulipas"."""
        k = j + 1
        while k < len(toks) and k - j <= 3 and toks[k].cap and text[toks[k - 1].end : toks[k].start] == " ":
            if any((p.feature_code.endswith("ADM1") or p.kind == "country") and not p.flags & DEMONYM
                   for p in self.gaz.lookup(text[toks[j + 1].start : toks[k].end])):
                after = text[toks[k].end : toks[k].end + 2]
                return after[:1] in ("", ",", ".", ";", ":", ")", "\n") or (after[:1] == " " and (
                    k + 1 >= len(toks) or not toks[k + 1].cap))
            k += 1
        return False

    def _word(self, t: _Tok, before: bool = False) -> bool:
        """Whether a capitalised token on a title-case headline line is only title case: a
        preposition before the name ("Found Near Tijuana"), an inflected word after it
        ("Tijuana Reels", "Kyaukme Fighting"); never a personal name, an organisation's or
        building's head word, nor a short word that may be part of a longer foreign name
        ("Zee Phyu Kone")."""
        if not t.initial or t.sentence_start or self.gaz.word(t.low)[1] & (GIVEN_NAME | SURNAME):
            return False
        if before:
            return t.low in LOCATIVE_PREPS or t.low in FUNCTION_WORDS
        return t.low.endswith(_INFLECTIONS) and len(t.low) >= 4 and t.low not in ORG_HEADS \
            and t.low not in BUILDING_HEADS and t.low not in TITLES

    def _cued(self, text: str, toks: list[_Tok], i: int, j: int) -> bool:
        """Whether the words around tokens i..j say a place: "in X", "X province", "X, Y"."""
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if prev is not None and (prev.low in LOCATIVE_PREPS or prev.low in PLACE_CUE_NOUNS):
            return True
        if prev is not None and prev.low == "of" and not prev.cap and i > 1 and toks[i - 2].low in PLACE_CUE_NOUNS:
            return True  # "the town of Bria": a place, though Bria is also a given name
        if nxt is not None and (nxt.low in REGION_WORDS or nxt.low in CITY_WORDS):
            return True
        if _DESCRIBED_AFTER.match(text, toks[j].end):
            return True  # "Gambo, a village 70 km from Bangassou": a place, though Gambo is a name
        if prev is not None and prev.cap and text[prev.end : toks[i].start] == ", " and i == j \
                and len(toks[i].text) <= 4 and text[toks[j].end : toks[j].end + 1] == ".":
            return True  # "Louisville, Ky.", "Indiana, Ill.": a postal abbreviation after a place
        return _container_follows(text, toks, j)

    def _body_cued(self, text: str, toks: list[_Tok], j: int) -> bool:
        """Whether a town's own bodies follow the name: "Richmond police", "Mansfield Mayor"."""
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        return nxt is not None and nxt.low in LOCAL_BODIES and text[toks[j].end : nxt.start] == " " \
            and (not nxt.cap or nxt.low in ("mayor", "sheriff", "police"))

    def _town_cued(self, text: str, toks: list[_Tok], i: int, j: int) -> bool:
        """Whether the text says tokens i..j are a town: "the town of X", "X city", "X, Y"."""
        prev = toks[i - 1] if i > 0 else None
        prev2 = toks[i - 2] if i > 1 else None
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if prev is not None and prev.low == "of" and prev2 is not None and prev2.low in CITY_WORDS:
            return True
        if nxt is not None and nxt.low in CITY_WORDS and not nxt.cap:
            return True
        return _container_follows(text, toks, j)

    def _near_misses(
        self, text: str, toks: list[_Tok], spans: list[_Span], person: set[int], surnames: set[str]
    ) -> list[_Span]:
        """Unknown capitalised names that the context says are places: fuzzy-match them."""
        taken = {k for s in spans for k in range(s.i, s.j + 1)}
        out: list[_Span] = []
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            if (not t.cap or i in taken or i in person or t.low in CALENDAR or t.low in FUNCTION_WORDS
                    or t.low in TITLES or t.low in REGION_WORDS or t.low in ORG_HEADS or t.low in CITY_WORDS
                    or norm(t.text) in surnames):
                i += 1
                continue
            j = i
            while j + 1 < n and toks[j + 1].cap and j + 1 not in taken and _gap_ok(text, toks[j], toks[j + 1]) \
                    and _run_word(toks[j + 1]) and not _POSSESSIVE.search(toks[j].text) and j - i < 3:
                j += 1
            prev = toks[i - 1] if i > 0 else None
            prev2 = toks[i - 2] if i > 1 else None
            nxt = toks[j + 1] if j + 1 < n else None
            cue_region = nxt is not None and nxt.low in REGION_WORDS and not nxt.cap and _gap_ok(text, toks[j], nxt)
            # a lower-case "city" between two names is the second one's ("the Holy city
            # Kerbala"): it says nothing of the first
            nxt2 = toks[j + 2] if j + 2 < n else None
            heads_next = nxt is not None and not nxt.cap and nxt2 is not None and nxt2.cap \
                and _gap_ok(text, nxt, nxt2)
            cue_region = cue_region and not heads_next
            cue_city = (
                prev is not None and prev.low == "of" and prev2 is not None and prev2.low in PLACE_CUE_NOUNS
            ) or (prev is not None and prev.low in _BARE_TOWN_NOUNS and not prev.cap
                  and text[prev.end : t.start] == " "  # "the southern city Nassiriya", not "the town Hall"
                  and not any(self.gaz.word(x.low)[1] & (LOWER_WORD | GIVEN_NAME | SURNAME)
                              or x.low in BUILDING_HEADS for x in toks[i : j + 1])
                  ) or (nxt is not None and nxt.low in CITY_WORDS and _gap_ok(text, toks[j], nxt)
                        and not heads_next
                        and (not nxt.cap or nxt.low == "township"
                             # "Fargo City Commissioner", but not "Annual Town Election"
                             or bool(self.gaz.lookup(text[t.start : toks[j].end]))))
            if cue_city and _qualifies_a_town(text, toks, j):
                i = j + 1
                continue
            loose = not (cue_region or cue_city) and self._loose_place(text, toks, i, j, taken)
            if cue_region or cue_city or loose:
                end = toks[j].end
                surface = text[t.start:end]
                pm = _POSSESSIVE.search(surface)
                if pm:
                    end -= len(pm.group(0))
                out.append(_Span(i, j, t.start, end, norm(text[t.start:end]), [], fuzzy=True,
                                 cue_region=cue_region, cue_city=cue_city, loose=loose))
            i = j + 1
        return out

    def _loose_place(self, text: str, toks: list[_Tok], i: int, j: int, taken: set[int]) -> bool:
        """Whether an unknown name stands where places stand: after a locative preposition
        ("clashes in Nooristan"), or in a list beside a recognised place ("Kabul, Nooristan
        and Kunar"). Short names, acronyms, words and people's names never qualify."""
        name = toks[i : j + 1]
        if len("".join(t.low for t in name)) < _LOOSE_MIN_LEN or any(t.upper for t in name):
            return False
        if norm(text[toks[i].start : toks[j].end]) in ACTOR_NAMES:
            return False
        for k, t in enumerate(name):
            if t.low in ARABIC_ARTICLES and k + 1 < len(name) and text[t.end : name[k + 1].start] == "-":
                continue  # "Al-Obeid": the article of a name, not the given name Al
            zipf, flags = self.gaz.word(t.low)
            if flags & (LOWER_WORD | GIVEN_NAME | SURNAME) or zipf >= _WORD_ALIAS_ZIPF:
                return False
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if nxt is not None and nxt.cap and _gap_ok(text, toks[j], nxt):
            return False  # a longer name ("in Nooristan Province Police ...")
        prev = toks[i - 1] if i > 0 else None
        if prev is not None and not prev.cap and prev.low in _LOOSE_PREPS \
                and text[prev.end : toks[i].start] == " ":
            return True
        before = text[toks[i - 2].end : toks[i].start] if i > 1 else ""
        after = text[toks[j].end : toks[j + 2].start] if j + 2 < len(toks) else ""
        listed_before = i > 0 and ((i - 1 in taken and text[toks[i - 1].end : toks[i].start] == ", ")
                                   or (i > 1 and i - 2 in taken and before == " and "))
        listed_after = j + 1 < len(toks) and ((j + 1 in taken and text[toks[j].end : toks[j + 1].start] == ", ")
                                              or (j + 2 < len(toks) and j + 2 in taken and after == " and "))
        # (a capitalised word opening a sentence is no name before "in Y province": "Fighting")
        held = not toks[i].initial and _held_by_unit(text, toks, j, taken)
        # "(Polohivskyi raion, Zaporizhia)": the next unit up in a stated hierarchy
        after_unit = prev is not None and not prev.cap and prev.low in REGION_WORDS \
            and text[prev.end : toks[i].start] == ", "
        return listed_before or listed_after or held or after_unit or _unit_in_brackets(text, toks, j)
