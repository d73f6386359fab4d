"""Find and resolve place mentions in report text, offline.

>>> from geodata.places.geoparse import geoparse
>>> ms = geoparse("Protesters stormed the mayor's office in Alma-Ata on Wednesday.")  # doctest: +SKIP
>>> [(m.mention, m.name, m.country_code) for m in ms]                              # doctest: +SKIP
[('Alma-Ata', 'Almaty', 'KZ')]

How it works, in two steps:

1. **Recognition.** Runs of capitalised words (with joiners such as *de*, *upon*, *al*) are
   looked up in the gazetteer, longest first, in one query per document. A match is dropped
   when it is part of a person's name (after a title, or followed by a surname-like word),
   a building or think tank ("Chatham House"), a calendar word, or a common English word at a
   sentence start. Place-embedding organisations ("Tokyo Stock Exchange") keep the place as an
   embedded mention, which is reported only on request. A name not in the gazetteer becomes a
   mention when the context says it is a place ("the city of Zhanuzin", "Magangstau
   province"); it is matched with rapidfuzz against places of the document's country, with a
   lower confidence.
2. **Resolution.** Each candidate is scored from priors (kind, population, whether the name is
   the place's main name) and from the document: its dominant country and regions, a container
   named right after it ("Paris, Texas"; "Zhanuzin, in Magangstau province"), cue words ("the
   western city of Aktobe"), and the distance to the document's other places. The best
   candidate wins; the runners-up are kept as alternatives, and the margin gives the
   confidence.
"""

from __future__ import annotations

import bisect
import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from geodata.model import Candidate, Mention
from geodata.places._lexicon import (
    ARABIC_ARTICLES,
    BUILDING_HEADS,
    CALENDAR,
    CITY_WORDS,
    DIRECTION_WORDS,
    FUNCTION_WORDS,
    LANDMARK_PREFIXES,
    LANDMARK_SUFFIXES,
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
from geodata.places._text import norm, skeleton
from geodata.places.gazetteer import (
    ACRONYM,
    CANONICAL,
    DEMONYM,
    DERIVED,
    GIVEN_NAME,
    LOWER_WORD,
    POSTAL,
    SURNAME,
    Gazetteer,
    Place,
    default_gazetteer,
)

__all__ = ["Geoparser", "Unresolved", "geoparse"]

_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]\.[^\W\d_]{1,3}\.|[^\W_](?:\w|['’](?=\w))*")
_POSSESSIVE = re.compile(r"['’]s$|s['’]$", re.IGNORECASE)
_SENT_END = set(".!?\n")
_OPENERS = set("\"'“‘«([")
_MAX_NGRAM = 6
_MAX_CANDIDATES = 25  # best candidates by prior that the context may reorder
_COHERENCE_CANDIDATES = 8
_W_LOCAL = 1.5  # weight of the share of the other towns and regions in the same country
_W_COUNTRY = 1.5  # weight of the share of all other mentions (countries included)
# (both chosen on LGL alone, GeoWebNews held out: see tools/bench_geoparse.py)
_FUZZY_CUTOFF = 78.0


@dataclass(frozen=True)
class Unresolved:
    """A name the context calls a place that the gazetteer could not place."""

    start: int
    end: int
    surface: str
    kind: str
    country_code: str | None


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    low: str
    cap: bool
    upper: bool
    initial: bool  # starts a sentence, or stands on a headline-like line
    sentence_start: bool = False  # really starts a sentence


@dataclass
class _Span:
    i: int  # first token
    j: int  # last token (inclusive)
    start: int
    end: int
    key: str
    cands: list[Place]
    fuzzy: bool = False
    fuzzy_score: float = 100.0
    embedded: bool = False
    demonym: bool = False
    cue_region: bool = False
    cue_city: bool = False
    container: _Span | None = None
    choice: Place | None = None
    scores: list[tuple[float, Place]] = field(default_factory=list)
    priors: list[tuple[float, Place]] = field(default_factory=list)


_START = re.compile(r"(?:^|[.!?\n:;•*–—|]|(?<=\s)-)[\s\"'“‘«(\[]*")


def _is_caps(t: str) -> bool:
    """All in capitals, a possessive aside ("UK's" is UK)."""
    if t[-1] in "sS" and len(t) > 2 and t[-2] in "'’":
        t = t[:-2]
    return len(t) > 1 and t.isupper()


def _tokens(text: str) -> list[_Tok]:
    starts = {m.end() for m in _START.finditer(text)}
    toks = []
    append = toks.append
    for m in _TOKEN.finditer(text):
        t = m.group(0)
        s = m.start()
        initial = s in starts
        if t[0].isupper():
            append(_Tok(s, m.end(), t, t.lower(), True, _is_caps(t), initial, initial))
        else:
            append(_Tok(s, m.end(), t, t.lower(), False, False, initial, initial))
    _mark_headlines(text, toks)
    return toks


def _mark_headlines(text: str, toks: list[_Tok]) -> None:
    """Tokens on a short line written in title case count as sentence-initial."""
    pos, size = 0, len(text)
    start_of = operator.attrgetter("start")
    while pos < size:
        nl = text.find("\n", pos)
        end = size if nl < 0 else nl
        if 0 < end - pos < 160 and not text[pos:end].rstrip().endswith("."):
            lo = bisect.bisect_left(toks, pos, key=start_of)
            hi = bisect.bisect_left(toks, end, lo, key=start_of)
            line = toks[lo:hi]
            words = [t for t in line if len(t.text) > 3]
            if len(words) >= 3 and sum(1 for t in words if t.cap) >= 0.7 * len(words):
                for t in line:
                    t.initial = True
        if nl < 0:
            break
        pos = nl + 1


_CONTRACTION = re.compile(r"['’](?:ve|ll|re|d|m|t)$", re.IGNORECASE)


_SURNAME_END = re.compile(r"(?:ov|ev|yev|ova|eva|enko|vich|ovic|sson|ski|sky|yan|shvili|dze|oglu)$")


# Letters that transliterations swap at the start of a name (Kyzylorda/Qyzylorda,
# Zhambyl/Jambyl/Dzhambul, Khujand/Hujand, Chimkent/Shymkent, Ust/Oust).
_INITIAL_CLASSES = ("kqcg", "zjdy", "hk", "cs", "aeiouy", "vwb", "fp", "tc")


def _initials(key: str) -> str:
    """Initial letters a near-miss spelling of ``key`` may start with."""
    c = key[:1]
    out = {c}
    for cls in _INITIAL_CLASSES:
        if c in cls:
            out.update(cls)
    return "".join(sorted(out))


def _cannot_start(t: _Tok) -> bool:
    """A token that cannot start a place name: a contraction (I've) or a title (Dr)."""
    return bool(_CONTRACTION.search(t.text)) or t.low.rstrip(".") in TITLES


def _container_follows(text: str, toks: list[_Tok], j: int) -> bool:
    """Whether a capitalised name follows token ``j`` after a comma: "X, Y" ("Pacific, Mo.")."""
    return text[toks[j].end : toks[j].end + 2] == ", " and j + 1 < len(toks) and toks[j + 1].cap


def _gap_ok(text: str, a: _Tok, b: _Tok) -> bool:
    """Whether two tokens can belong to one name: only a space or hyphen between them, or the
    period of a short abbreviation ("St. Louis", "Ft. Worth")."""
    gap = text[a.end : b.start]
    if len(gap) <= 2 and all(c in " -" for c in gap):
        return True
    return gap == ". " and a.cap and len(a.text) <= 3 and not a.upper


class Geoparser:
    """A reusable geoparser bound to a gazetteer.

    Parameters
    ----------
    gazetteer
        The gazetteer to use (default: the shared one from the settings).
    include_demonyms
        Also report country adjectives ("Russian", "Kazakh") as mentions of the country. They
        are always used as cues. Research corpora (LGL, GeoWebNews) annotate them.
    include_embedded
        Also report places inside organisation names ("US" in "US Army", "Tokyo" in "Tokyo
        Stock Exchange"), with role ``context``.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        include_demonyms: bool = False,
        include_embedded: bool = False,
    ) -> None:
        self.gaz = gazetteer or default_gazetteer()
        self.include_demonyms = include_demonyms
        self.include_embedded = include_embedded

    # ---------------------------------------------------------------- recognition
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
                    if not tj.cap and tj.low not in NAME_JOINERS and tj.low != "and":
                        break
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
        return out

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
                  and nx.low not in REGION_WORDS and nx.low not in CITY_WORDS
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
            if (not t.cap and i > 0 and toks[i - 1].cap and text[toks[i - 1].end : t.start] == " "
                    and not toks[i - 1].sentence_start):
                i += 1  # "Ras al-Ain": an article inside a longer name starts no name
                continue
            chosen = None
            # longest first; for one length the name as written ("al ain") before its solid
            # variant ("alain", made for "Taldy-Korgan" -> Taldykorgan)
            for j, k in sorted(opts, key=lambda o: (-o[0], -o[1].count(" "), o[1])):
                if (j + 2 < n and toks[j + 1].low in ARABIC_ARTICLES and toks[j + 2].cap
                        and text[toks[j].end : toks[j + 1].start] == " "
                        and text[toks[j + 1].end : toks[j + 2].start] == "-"):
                    continue  # the head of a longer name: "Jisr al-Shughur" is not Jisr
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
            end = toks[j].end
            surface = text[t.start : end]
            pm = _POSSESSIVE.search(surface)
            if pm:
                end -= len(pm.group(0))
            if text[end : end + 1] == "." and any(p.flags & POSTAL for p in places) and not toks[j].upper:
                end += 1  # "W. Va.", "Kan.": the abbreviation's period is part of the name
            elif (i == j and text[end : end + 1] == "." and len(t.text) <= 3 and not t.upper
                  and not any(p.flags & POSTAL for p in places)):
                i = j + 1  # "St.", "Ave.": an abbreviation, not a name
                continue
            span = _Span(i, j, t.start, end, k, places)
            verdict = self._context_verdict(text, toks, span, person, surnames)
            if verdict == "reject":
                i = j + 1
                continue
            span.embedded = verdict == "embedded"
            span.demonym = any(p.flags & DEMONYM for p in places) and not self._cued(text, toks, i, j)
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
        for p in places:
            if p.flags & ACRONYM and not (surface_upper or dotted):
                continue
            if short_caps and not p.flags & ACRONYM and not p.name.isupper():
                continue  # NATO, AMLO, BA: an acronym matches only a place known by it
            if p.flags & POSTAL and not after_comma:
                continue
            ok.append(p)
        return ok

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
        next_adj = nxt is not None and _gap_ok(text, last, nxt)
        key_tokens = span.key.split()

        if single and (low in CALENDAR or low in FUNCTION_WORDS or low in DIRECTION_WORDS) and not first.upper:
            return "reject"
        if single and (i in person or (key_tokens[0] in surnames and not is_country and not is_region
                                      and big < 1_000_000)):
            return "reject"
        if single and not is_country and not is_demonym and not first.upper:
            zipf, wflags = self.gaz.word(key_tokens[0])
            cued = self._cued(text, toks, i, j)
            if wflags & LOWER_WORD:
                # a dictionary word (Police, Mobile, Reading, Central): only as a cued place
                if not cued or (first.sentence_start and big < 1_000_000):
                    return "reject"
                if big < 100_000 and zipf >= 4.5:
                    return "reject"
            elif wflags & SURNAME and not wflags & GIVEN_NAME and big < 100_000 and not cued:
                return "reject"
            elif wflags & GIVEN_NAME and big < 500_000 and not cued and not is_region:
                return "reject"  # Mary, Tyler, Victoria alone: people first
            elif first.sentence_start and zipf >= 5.0 and big < 500_000:
                return "reject"
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
        # A capitalised word right after ("Nursultan Nazarbayev", "Washington Redskins").
        if (
            next_adj and nxt is not None and nxt.cap and not nxt.upper
            and nxt.low not in REGION_WORDS and nxt.low not in CITY_WORDS
            and not nxt.sentence_start and text[last.end : nxt.start] == " "
            and not is_country and not is_region and not first.upper and not is_demonym
        ):
            # a person ("Nursultan Nazarbayev", "Paris Hilton") or an organisation named
            # after the place ("Cambridge Analytica")
            nflags = self.gaz.word(nxt.low)[1]
            if nflags & SURNAME or _SURNAME_END.search(nxt.low) or self.gaz.word(key_tokens[0])[1] & GIVEN_NAME:
                surnames.add(norm(_POSSESSIVE.sub("", nxt.text)))
                return "reject"
            return "embedded"
        # A capitalised unknown word right before ("Kassym Tokayev").
        if (
            prev is not None and prev.cap and _gap_ok(text, prev, first) and not first.sentence_start
            and prev.low not in FUNCTION_WORDS and prev.low not in DIRECTION_WORDS
            and prev.low not in PLACE_CUE_NOUNS and not prev.text.endswith(("'s", "’s"))
            and not is_country and not is_region and not is_demonym and not self.gaz.lookup(prev.text)
        ):
            surnames.add(span.key)
            return "reject"
        # "said Jordan", "according to Washington": persons after reporting verbs, unless big.
        if prev is not None and prev.low in PERSON_VERBS_BEFORE and not is_country and big < 1_000_000:
            return "reject"
        return "keep"

    def _cued(self, text: str, toks: list[_Tok], i: int, j: int) -> bool:
        """Whether the words around tokens i..j say a place: "in X", "X province", "X, Y"."""
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if prev is not None and (prev.low in LOCATIVE_PREPS or prev.low in PLACE_CUE_NOUNS):
            return True
        if nxt is not None and (nxt.low in REGION_WORDS or nxt.low in CITY_WORDS):
            return True
        return _container_follows(text, toks, j)

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
                    and toks[j + 1].low not in REGION_WORDS and j - i < 2:
                j += 1
            prev = toks[i - 1] if i > 0 else None
            prev2 = toks[i - 2] if i > 1 else None
            nxt = toks[j + 1] if j + 1 < n else None
            cue_region = nxt is not None and nxt.low in REGION_WORDS and not nxt.cap and _gap_ok(text, toks[j], nxt)
            cue_city = (
                prev is not None and prev.low == "of" and prev2 is not None and prev2.low in PLACE_CUE_NOUNS
            ) or (nxt is not None and nxt.low in CITY_WORDS and not nxt.cap)
            if cue_region or cue_city:
                end = toks[j].end
                surface = text[t.start:end]
                pm = _POSSESSIVE.search(surface)
                if pm:
                    end -= len(pm.group(0))
                out.append(_Span(i, j, t.start, end, norm(text[t.start:end]), [], fuzzy=True,
                                 cue_region=cue_region, cue_city=cue_city))
            i = j + 1
        return out

    # ---------------------------------------------------------------- resolution
    def _cues(self, text: str, toks: list[_Tok], spans: list[_Span]) -> None:
        start_of = {s.i: s for s in spans}
        for s in spans:
            nxt = toks[s.j + 1] if s.j + 1 < len(toks) else None
            prev = toks[s.i - 1] if s.i > 0 else None
            prev2 = toks[s.i - 2] if s.i > 1 else None
            if nxt is not None and nxt.low in REGION_WORDS and _gap_ok(text, toks[s.j], nxt):
                s.cue_region = True
            if nxt is not None and nxt.low in CITY_WORDS and not nxt.cap:
                s.cue_city = True
            if prev is not None and prev.low == "of" and prev2 is not None:
                if prev2.low in ("city", "town", "village", "capital", "port", "settlement"):
                    s.cue_city = True
                elif prev2.low in REGION_WORDS:
                    s.cue_region = True
            if prev is not None and prev.low in ("city", "town", "village") and not prev.cap:
                s.cue_city = True
            # container: "X, Y" / "X, in Y province" / "X in Y"
            k = s.j + 1
            gap = text[s.end : toks[k].start] if k < len(toks) else ""
            if k < len(toks) and gap.strip() == ",":
                if toks[k].low in ("in", "of") and k + 1 < len(toks):
                    k += 1
                nb = start_of.get(k)
                if nb is not None:
                    s.container = nb

    def _prior(self, s: _Span, p: Place) -> float:
        """What a candidate is worth before the rest of the document is read."""
        if p.kind == "country":
            sc = 4.5 + (1.5 if p.flags & CANONICAL else 0.0)
        elif p.feature_code == "CONT":
            sc = 3.5
        elif p.feature_code == "RGN":
            sc = 3.0
        elif p.feature_code.endswith("ADM1"):
            sc = 3.2
        elif p.feature_code == "ADM2":
            sc = 1.5 + 0.25 * math.log10(p.population + 1)
            if s.key.rsplit(" ", 1)[-1] in REGION_WORDS:
                sc += 1.5
            elif not s.cue_region:
                sc -= 1.5
        else:
            sc = 0.5 * math.log10(p.population + 10)
            if p.feature_code == "PPLC":
                sc += 1.2  # capitals are what news names ("Washington said")
            if p.population >= 1_000_000:
                sc += 0.5  # so are metropolises ("New York" the city before the state)
        if p.flags & CANONICAL:
            sc += 0.6
        elif p.flags & DERIVED:
            sc -= 0.4
        elif p.kind == "city" and p.population < 10_000:
            sc -= 0.8
        if p.feature_code.startswith("OVR"):
            sc += 10.0
        if s.cue_region:
            sc += 2.5 if p.kind == "region" else -1.0
        if s.cue_city:
            sc += 1.5 if p.kind == "city" else -1.5
        return sc

    def _score(self, s: _Span, p: Place, prior: float, ctx: _Context | None, coh: float) -> float:
        sc = prior
        if s.container is not None and s.container.choice is not None:
            c = s.container.choice
            if c.kind == "country" and p.country_code == c.country_code:
                sc += 2.5
            elif c.kind == "region" and p.admin1_code and c.admin1_code and p.admin1_code.startswith(c.admin1_code):
                sc += 4.0
            elif c.country_code and p.country_code == c.country_code:
                sc += 1.0
        if ctx is not None:
            v = ctx.view(s.key)
            cc = p.country_code or ""
            # the country of the document's other towns and regions counts most; a country
            # named in passing ("U.S. officials") counts less
            sc += _W_LOCAL * v.local_share.get(cc, 0.0) + _W_COUNTRY * v.country_share.get(cc, 0.0)
            if p.admin1_code and p.kind != "region":
                sc += 1.2 * v.admin1_share.get(p.admin1_code, 0.0)
            # a list of states ("California, Idaho, Hawaii and Washington"): read the name
            # as a state too
            if p.feature_code.endswith("ADM1") and v.states.get(cc, 0) >= 2 \
                    and v.states.get(cc, 0) > v.towns.get(cc, 0):
                sc += 1.5
            sc += 1.5 * coh
        return sc

    def _pick(self, s: _Span, ctx: _Context | None, coherence: dict[int, float] | None = None) -> None:
        if not s.cands:
            return
        if not s.priors:
            pri = [(self._prior(s, p), p) for p in s.cands]
            if not s.cue_region:
                # a region named after its main town ("Ziguinchor", "Aktobe", "Lagos"): the
                # town is what a report usually means, unless it says "region"
                towns = {p.admin1_code for p in s.cands if p.kind == "city" and p.population >= 20_000}
                pri = [(sc - 1.0 if p.feature_code.endswith("ADM1") and p.admin1_code in towns else sc, p)
                       for sc, p in pri]
            pri.sort(key=lambda x: (-x[0], -x[1].population))
            s.priors = pri[:_MAX_CANDIDATES]
        coh = coherence or {}
        scored = sorted(((self._score(s, p, pr, ctx, coh.get(id(p), 0.0)), p) for pr, p in s.priors),
                        key=lambda x: (-x[0], -x[1].population))
        s.scores = scored
        s.choice = scored[0][1]

    def _coherence(self, spans: list[_Span]) -> dict[int, float]:
        """How close each town or district candidate lies to the other names' candidates.

        For each candidate, the sum over the document's other names of the closeness (1 at
        the same spot, 0 beyond 250 km) of that name's nearest candidate: "Athens" near
        "Henderson County" is Athens, Texas. Countries, continents and admin-1 regions take no
        part (they are too large for distances to mean anything).
        """
        import numpy as np

        rows: list[tuple[int, float, Place]] = []  # (key index, weight, place)
        keys: dict[str, int] = {}
        inside: dict[str, dict[str, float]] = {}  # key -> country / admin-1 code -> weight
        out: dict[int, float] = {}
        for s in spans:
            if s.demonym or not s.priors or s.key in keys:
                continue
            k = keys.setdefault(s.key, len(keys))
            best = s.priors[0][0]
            codes = inside.setdefault(s.key, {})
            for pr, p in s.priors[:_COHERENCE_CANDIDATES]:
                w = math.exp(pr - best)  # an obscure reading of another name counts little
                if p.kind == "city" or p.feature_code == "ADM2":
                    rows.append((k, w, p))
                if p.kind != "country" and p.country_code:
                    codes[p.country_code] = max(codes.get(p.country_code, 0.0), w)
                    if p.admin1_code:
                        codes[p.admin1_code] = max(codes.get(p.admin1_code, 0.0), w)
        if len(keys) < 2:
            return {}
        # countries and admin-1 regions: how many other names have a reading inside them;
        # a town: how many have a reading in its admin-1 region (half weight)
        for s in spans:
            for _, p in s.priors:
                if p.kind == "country":
                    code, w = p.country_code, 1.0
                elif p.admin1_code:
                    code, w = p.admin1_code, 1.0 if p.feature_code.endswith("ADM1") else 0.5
                else:
                    continue
                if code:
                    out[id(p)] = min(2.0, w * sum(c.get(code, 0.0) for k, c in inside.items() if k != s.key))
        if not rows:
            return out
        rows.sort(key=lambda r: r[0])
        kidx = np.array([r[0] for r in rows])
        weight = np.array([r[1] for r in rows])
        lat = np.radians(np.array([r[2].lat for r in rows]))
        lon = np.radians(np.array([r[2].lon for r in rows]))
        dlat = lat[:, None] - lat[None, :]
        dlon = lon[:, None] - lon[None, :]
        h = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
        dist = 12742.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
        close = np.clip(1.0 - dist / 250.0, 0.0, 1.0) * weight[None, :]
        starts = np.flatnonzero(np.r_[True, kidx[1:] != kidx[:-1]])
        per_key = np.maximum.reduceat(close, starts, axis=1)  # rows x present keys
        present = kidx[starts]
        per_key[kidx[:, None] == present[None, :]] = 0.0  # a name does not vote for itself
        total = np.minimum(per_key.sum(axis=1), 2.0)
        for r, t in zip(rows, total, strict=True):
            out[id(r[2])] = max(out.get(id(r[2]), 0.0), float(t))
        return out

    def _fuzzy(self, s: _Span, ctx: _Context) -> None:
        """Near-miss spelling: best fuzzy match among places of the document's countries.

        The score mixes the plain edit ratio with the ratio of consonant skeletons, since
        transliteration mostly changes vowels (Zhanuzin ~ Zhanaozen: zhnzn = zhnzn).
        """
        from rapidfuzz import fuzz, process

        kind = "region" if s.cue_region else "city" if s.cue_city else None
        container = s.container.choice if s.container is not None else None
        countries = [c for c, _ in sorted(ctx.country_share.items(), key=lambda x: -x[1])[:2]]
        if container is not None and container.country_code and container.country_code not in countries:
            countries.insert(0, container.country_code)
        skel = skeleton(s.key)
        scored: dict[int, float] = {}
        for cc in countries:
            keys, ids, skels = self.gaz.names_in(cc, kind, _initials(s.key))
            if not keys:
                continue
            hits: dict[int, float] = {}
            for _, sc, idx in process.extract(s.key, keys, scorer=fuzz.ratio, score_cutoff=60, limit=15):
                hits[idx] = sc
            for _, _, idx in process.extract(skel, skels, scorer=fuzz.ratio, score_cutoff=80, limit=15):
                hits.setdefault(idx, fuzz.ratio(s.key, keys[idx]))
            for idx, full in hits.items():
                sc = max(full, 0.5 * full + 0.5 * fuzz.ratio(skel, skels[idx]))
                if sc >= _FUZZY_CUTOFF - 10:
                    for pid in ids[idx]:
                        scored[pid] = max(scored.get(pid, 0.0), sc)
        if not scored:
            return
        places = self.gaz.places(scored)
        a1 = container.admin1_code if container is not None and container.kind == "region" else None
        best: tuple[float, list[Place]] = (0.0, [])
        for p in places:
            sc = scored[p.id] + (8.0 if a1 and p.admin1_code == a1 else 0.0)
            if sc > best[0] + 1e-9:
                best = (sc, [p])
            elif abs(sc - best[0]) <= 1e-9:
                best[1].append(p)
        if best[0] < _FUZZY_CUTOFF:
            return
        s.fuzzy_score = min(100.0, best[0])
        s.cands = best[1]

    def parse(self, text: str, report_id: str = "") -> list[Mention]:
        """All place mentions in ``text``, resolved, in text order.

        Parameters
        ----------
        text
            The report text; offsets in the result index into it as given.
        report_id
            Copied into each :class:`~geodata.model.Mention`.
        """
        return self.parse_detailed(text, report_id)[0]

    def parse_detailed(self, text: str, report_id: str = "") -> tuple[list[Mention], list[Unresolved]]:
        """Like :meth:`parse`, and also the names the context calls places but the gazetteer
        cannot place (for an optional online geocoder)."""
        toks = _tokens(text)
        spans = self._recognise(text, toks)
        self._cues(text, toks, spans)
        # pass 1: priors and local cues, containers first (they come later in the text)
        for s in reversed(spans):
            self._pick(s, None)
        ctx = _Context(spans)
        for s in spans:
            if s.fuzzy:
                self._fuzzy(s, ctx)
                s.priors = []
        for s in reversed(spans):
            self._pick(s, None)
        ctx = _Context(spans)
        coherence = self._coherence(spans)
        # pass 2, one name at a time, the surest first, each seeing the others' latest
        # readings (two names must not both flip to each other's old country)
        for s in sorted(spans, key=_margin, reverse=True):
            before = s.choice
            self._pick(s, ctx, coherence)
            if s.choice is not before:
                ctx = _Context(spans)
        mentions = []
        unresolved = []
        top_cc = max(ctx.country_share, key=ctx.country_share.__getitem__) if ctx.country_share else None
        for s in spans:
            if s.choice is None:
                if s.fuzzy:
                    unresolved.append(Unresolved(s.start, s.end, text[s.start : s.end],
                                                 "region" if s.cue_region else "city", top_cc))
                continue
            if s.demonym and not self.include_demonyms:
                continue
            if s.embedded and not self.include_embedded:
                continue
            mentions.append(self._mention(text, s, report_id))
        return mentions, unresolved

    def _mention(self, text: str, s: _Span, report_id: str) -> Mention:
        p = s.choice
        assert p is not None
        scores = s.scores
        top = scores[0][0]
        z = sum(math.exp(min(0.0, sc - top) * 1.5) for sc, _ in scores)
        conf = 1.0 / z
        if len(scores) == 1:
            conf = 0.95
        conf *= 0.97 if not s.fuzzy else 0.6 * (s.fuzzy_score / 100.0)
        if s.demonym:
            conf *= 0.8
        seen = {p.id}
        alts = []
        other_country = None
        for sc, q in scores[1:]:
            if q.id in seen:
                continue
            seen.add(q.id)
            if len(alts) < 3:
                alts.append(_candidate(q, round(sc - top, 3)))
            elif other_country is None and q.country_code != p.country_code and \
                    all(a.country_code == p.country_code for a in alts):
                other_country = _candidate(q, round(sc - top, 3))
                break
        if other_country is not None:
            alts.append(other_country)  # the best reading abroad, for an analyst's correction
        kind = "country" if p.kind == "country" else p.kind
        if kind not in ("city", "region", "country", "landmark"):
            kind = "region"
        method = "override" if p.feature_code.startswith("OVR") else "fuzzy" if s.fuzzy else (
            "demonym" if s.demonym else "embedded" if s.embedded else "exact")
        return Mention(
            report_id=report_id, mention=text[s.start : s.end], start=s.start, end=s.end,
            name=p.name, geonameid=p.id, lat=p.lat, lon=p.lon, country_code=p.country_code,
            admin1=p.admin1 if p.kind != "country" else None, kind=kind,  # type: ignore[arg-type]
            role="context", confidence=round(conf, 3), alternatives=alts,
            admin1_code=p.admin1_code, feature_code=p.feature_code, population=p.population,
            method=method,
        )


def _candidate(p: Place, score: float) -> Candidate:
    kind = p.kind if p.kind in ("city", "region", "country", "landmark") else "region"
    return Candidate(p.id, p.name, p.lat, p.lon, p.country_code or "", p.admin1, kind,  # type: ignore[arg-type]
                     score, p.feature_code, p.population)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class _View:
    """What the rest of the document says, seen from one name (its own mentions left out)."""

    country_share: dict[str, float]
    local_share: dict[str, float]
    admin1_share: dict[str, float]
    centroid: tuple[float, float] | None
    states: dict[str, int] = field(default_factory=dict)  # country -> other names read as admin-1
    towns: dict[str, int] = field(default_factory=dict)  # country -> other names read as towns


class _Context:
    """Document context: countries, regions and towns of the resolved mentions.

    Shares are computed leaving out every mention of the name being scored, so a name does
    not vote for its own reading.
    """

    def __init__(self, spans: Iterable[_Span]) -> None:
        self._rows = []
        for s in spans:
            p = s.choice
            if p is None or not p.country_code:
                continue
            self._rows.append((
                s.key, p.country_code, 1.0 if p.kind in ("country", "region") else 0.7,
                p.kind != "country" and not s.demonym, p.admin1_code,
                (p.lat, p.lon) if p.kind == "city" and not s.fuzzy else None,
                "state" if p.feature_code.endswith("ADM1") else "town" if p.kind == "city" else "",
            ))
        self._views: dict[str, _View] = {}
        self.country_share = self.view("").country_share

    def view(self, key: str) -> _View:
        v = self._views.get(key)
        if v is None:
            cc: Counter[str] = Counter()
            local: Counter[str] = Counter()
            a1: Counter[str] = Counter()
            pts = []
            states: Counter[str] = Counter()
            towns: Counter[str] = Counter()
            seen: set[str] = set()
            for k, c, w, is_local, a1code, pt, level in self._rows:
                if k == key:
                    continue
                if k not in seen:
                    seen.add(k)
                    if level == "state":
                        states[c] += 1
                    elif level == "town":
                        towns[c] += 1
                cc[c] += w
                if is_local:
                    local[c] += 1.0
                if a1code:
                    a1[a1code] += 1.0
                if pt is not None:
                    pts.append(pt)
            centroid = None
            if pts:
                centroid = (sorted(x for x, _ in pts)[len(pts) // 2], sorted(y for _, y in pts)[len(pts) // 2])
            v = _View(_shares(cc), _shares(local), _shares(a1), centroid, dict(states), dict(towns))
            self._views[key] = v
        return v


def _margin(s: _Span) -> float:
    """How clearly a name's priors favour one reading."""
    if not s.priors:
        return 0.0
    if len(s.priors) == 1:
        return 10.0
    return s.priors[0][0] - s.priors[1][0]


def _shares(c: Counter[str]) -> dict[str, float]:
    tot = sum(c.values()) or 1.0
    return {k: n / tot for k, n in c.items()}


_parsers: dict[tuple[int, bool, bool], Geoparser] = {}


def geoparse(
    text: str,
    report_id: str = "",
    *,
    gazetteer: Gazetteer | None = None,
    include_demonyms: bool = False,
    include_embedded: bool = False,
) -> list[Mention]:
    """Find and resolve every place mention in ``text`` (see :class:`Geoparser`).

    Roles are left as ``context``; :func:`geodata.events.extract.assign_roles` sets ``event`` where
    the text puts an unrest event.
    """
    gaz = gazetteer or default_gazetteer()
    key = (id(gaz), include_demonyms, include_embedded)
    gp = _parsers.get(key)
    if gp is None or gp.gaz is not gaz:
        gp = _parsers[key] = Geoparser(gaz, include_demonyms=include_demonyms, include_embedded=include_embedded)
    return gp.parse(text, report_id)
