"""Where a spec happened: its sentence's own places, the scene it continues, the country.

:class:`SceneReader` is the place-finding half of :class:`geodata.events._extractor.Extractor`
(a mixin: it reads the extractor's sentences, own places and mentions).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from geodata.events._cues import (
    ACROSS_BEFORE_RX,
    CAS_VERB_RX,
    CONTINUE_RX,
    DEST_BEFORE_RX,
    ELSEWHERE_RX,
    LOCATIVE_BEFORE_RX,
    NATIONWIDE_RX,
)
from geodata.events._places import (
    border_reference,
    country_mentions,
    demonym_country,
    demonym_of,
    forces_country,
)
from geodata.events._records import Place, Sentence, Spec, country_place, place_from_mention
from geodata.events._triggers import MEDIUM, STRONG
from geodata.events.dates import best_hit
from geodata.model import Mention

if TYPE_CHECKING:
    from geodata.places.gazetteer import Place as GazPlace

#: The last located event: ``(sentence index, place, date, precision, proto index)``.
LastLocal = tuple[int, Place, str | None, int, int]
#: A date borrowed with a place: ``(iso, precision, index of the proto it came from)``.
Borrowed = tuple[str | None, int, int | None]


class SceneReader:
    """Place finding for the specs of a report's sentences."""

    text: str
    mentions: list[Mention]
    sents: list[Sentence]
    specs: list[list[Spec]]
    own: list[list[Place]]
    focus: str | None
    dateline: Place | None
    named: tuple[int, Place] | None
    main_date: str | None

    def _nationwide(self, s: Sentence, *, areas: bool = True) -> tuple[int, int] | None:
        """Span of the phrase that makes a sentence country-wide ("nationwide", "across France",
        and with ``areas`` "in French cities"); not in a closing running total ("..., and 3,000
        arrested across the country since")."""
        end = s.casualties.get("total_at") or len(s.text)
        m = NATIONWIDE_RX.search(s.text, 0, end) or _WHOLE_COUNTRY_RX.search(s.text, 0, end)
        if m:
            return m.start(), m.end()
        for m in _ADJECTIVE_AREAS_RX.finditer(s.text, 0, end) if areas else ():  # "looted shops in French cities"
            if demonym_of(m.group("adj")):
                return m.start(), m.end()
        for i in s.mention_ix:
            mm = self.mentions[i]
            if mm.kind == "country" and mm.start - s.start < end:
                a = mm.start - s.start
                bm = ACROSS_BEFORE_RX.search(s.text[max(0, a - 20):a])
                if bm:
                    return max(0, a - 20) + bm.start(), mm.end - s.start
        return None

    def _national_toll(self, s: Sentence) -> bool:
        """The sentence's casualty or arrest figure is stated for the whole country."""
        nat = self._nationwide(s, areas=False)
        if nat is None:
            return False
        for v in CAS_VERB_RX.finditer(s.text):
            if abs(nat[0] - v.end()) <= 45 or abs(v.start() - nat[1]) <= 45:
                return True
        return False

    def _scene(self, s: Sentence, last_local: LastLocal | None, limit: int) -> tuple[list[Place], Borrowed] | None:
        """The place of the last located event, when it is at most ``limit`` sentences back."""
        if last_local is None or ELSEWHERE_RX.search(s.text):
            return None
        if 0 <= s.index - last_local[0] <= limit:
            return [dataclasses.replace(last_local[1])], (last_local[2], last_local[3], last_local[4])
        return None

    def _country(self, s: Sentence, spec: Spec) -> list[Place]:
        """The country of a national measure: the one the sentence names, else the focus."""
        mentions = self.mentions
        cix = country_mentions(s, mentions)
        if spec.measure == "deployment" and not cix:
            # "Chad sends troops to back CAR army": the country whose forces they go to help
            cix = [i for i in s.mention_ix if mentions[i].kind == "country" and s.labels[i] == "actor"
                   and DEST_BEFORE_RX.search(self.text[max(s.start, mentions[i].start - 25):mentions[i].start])]
        if spec.measure == "deployment" and cix:
            dest = [i for i in cix if DEST_BEFORE_RX.search(self.text[max(s.start, mentions[i].start - 25):mentions[i].start])]
            cix = dest or cix
        if cix:
            pick = next((i for i in cix if mentions[i].country_code == self.focus), cix[0])
            return [country_place(mentions[pick].country_code or "", mentions, pick)]
        for m in _ADJECTIVE_AREAS_RX.finditer(s.text):  # "riots in French cities": France
            code = demonym_of(m.group("adj"))
            if code:
                return [country_place(code, mentions)]
        if self.focus:
            return [country_place(self.focus, mentions)]
        if self.dateline is not None and self.dateline.country_code:
            # "KHARTOUM, June 4 - The internet was shut down across the country": the country
            # of the town the copy was filed from, when the text names no other
            return [country_place(self.dateline.country_code, mentions)]
        if spec.measure != "deployment":
            # "Pakistan's government suspended internet service in the whole country": the
            # government that takes a measure at home
            gov = [i for i in s.mention_ix if mentions[i].kind == "country" and s.labels[i] in ("actor", "context")
                   and _GOVERNMENT_AFTER_RX.match(self.text, mentions[i].end)]
            if gov:
                return [country_place(mentions[gov[0]].country_code or "", mentions, gov[0])]
            code = demonym_country(s.text)  # "The Kazakh government declared a state of emergency"
            if code:
                return [country_place(code, mentions)]
        return []

    def _places(self, s: Sentence, spec: Spec, last_local: LastLocal | None) -> tuple[list[Place], Borrowed | None]:
        """Places of a spec and, when borrowed from a neighbour, that neighbour's date."""
        mentions = self.mentions
        own = self.own[s.index]
        nat = self._nationwide(s)
        if spec.clause is not None:
            a, b = spec.clause
            own = [p for p in own if p.mention_index is not None and a <= mentions[p.mention_index].start - s.start < b]
            if nat is not None and not a <= nat[0] < b:
                nat = None
        else:
            # two acts joined in one sentence, each with its own place ("Protests spread
            # across Iran, and the authorities cut internet access in Tehran"): the act's own
            # clause places it when it names a place or says nationwide
            others = [sp.anchor for sp in self.specs[s.index] if sp is not spec]
            part = _act_clause(s.text, spec.anchor, others)
            if part is not None and any(not part[0] <= x < part[1] for x in others):  # (another act elsewhere)
                a, b = part
                own_in = [p for p in own if p.mention_index is not None and a <= mentions[p.mention_index].start - s.start < b]
                nat_in = nat if nat is not None and a <= nat[0] < b else None
                if own_in or nat_in:
                    own, nat = own_in, nat_in
        nationwide = nat is not None
        cont = bool(CONTINUE_RX.search(s.text))
        if spec.national:
            if own and not nationwide:
                return own, None
            if not own and not nationwide and cont:
                # "A curfew was imposed in the town": the scene of the previous sentences.
                sc = self._scene(s, last_local, 4)
                if sc is not None:
                    return sc[0], (None, 0, None)
            return self._country(s, spec), None
        if own:
            return [self._capital_or(s, p) if p.geo_precision == 4 else p for p in own], None
        cap = self._the_capital(s)
        if cap is not None:
            return [cap], None
        if s.unresolved:
            told = self._told_before(s, s.unresolved)
            if told is not None:
                return [told], None
            # "in the village of Kpankou in northern Benin": a place the gazetteer lacks. Not
            # the scene of another sentence; the country the sentence names, at country
            # level (the event says which place was not found, for the analyst to fix), or
            # its part ("northern Benin")
            cix = self._scene_countries(s)
            if spec.strength >= STRONG or (spec.strength >= MEDIUM and not any(self.own)):
                if cix:
                    return [self._capital_or(s, self._country_of(s, cix))], None
                if not any(self.own):
                    # (else the report's country: "... Commander Killed as Resistance Seizes
                    # Base in Karen State" after a sentence that names Myanmar)
                    acting = self._acting_country(s)
                    return acting or ([country_place(self.focus, mentions)] if self.focus else []), None
                if spec.strength >= STRONG and s.casualties.get("fatalities"):
                    # "A boy was shot dead in Hamdallaye" after a sentence about Conakry: a killing
                    # somewhere in the report's country (the event says which place was not
                    # found), not lost, nor at another sentence's town. (Other acts at a name the
                    # gazetteer lacks, "outside the Presidential Secretariat", go on the scene.)
                    code = self.focus or (last_local[1].country_code if last_local is not None else None)
                    if code:
                        return [country_place(code, mentions)], None
            return [], None
        if cont:
            sc = self._scene(s, last_local, 2)
            if sc is not None:
                return sc
        if nationwide:
            return self._country(s, spec), None
        sc = self._scene(s, last_local, 4 if cont else 2)
        if sc is not None:
            return sc
        return self._fallback_places(s, spec, last_local)

    def _told_before(self, s: Sentence, name: str) -> Place | None:
        """The town an earlier sentence located the unfound ``name`` in ("the neighbourhoods of
        Hamdallaye and Bambeto in the suburbs of Conakry were sealed off"), at
        ``geo_precision`` 2 (somewhere in it); else ``None``."""
        for m in re.compile(rf"\b{re.escape(name)}\b").finditer(self.text, 0, s.start):
            for i, mm in enumerate(self.mentions):
                if mm.kind == "city" and m.end() < mm.start <= m.end() + 80 and mm.lat is not None \
                        and _IN_TOWN_GAP_RX.match(self.text[m.end():mm.start]):
                    return place_from_mention(mm, i, 2)
        return None

    def _scene_countries(self, s: Sentence) -> list[int]:
        """The countries the sentence names as where things are (:func:`country_mentions`),
        less those named only as a border the act was near ("Mexican troops kill 11 gunmen
        near the US border"), unless the side that acts is of none other."""
        cix = country_mentions(s, self.mentions)
        inside = [i for i in cix if not border_reference(self.text, self.mentions[i])]
        if inside or not cix:
            return inside
        acting = self._acting_country(s)
        border = {self.mentions[i].country_code for i in cix}
        return [] if acting and acting[0].country_code not in border else cix

    def _only_country(self, s: Sentence, spec: Spec) -> list[Place]:
        """An act in a report that names no place below the country ("Gunmen kill eight in
        northwestern Mexico"): the country the sentence names, at ``geo_precision`` 4 (the one
        after a locative first: "MIL-OSI China: 12 killed in CAR" is in CAR)."""
        if any(self.own):
            return []
        cix = self._scene_countries(s)
        if not cix:
            code = self._locative_adjective(s)
            if code:
                return [self._capital_or(s, country_place(code, self.mentions))]
            return [self._capital_or(s, p) for p in self._acting_country(s)]
        return [self._capital_or(s, self._country_of(s, cix))]

    def _locative_adjective(self, s: Sentence) -> str | None:
        """The country of an adjective right after a locative ("wounded in a Malian border
        clash", "in southern Afghan clash"), else ``None``."""
        m = _IN_ADJECTIVE_RX.search(s.text)
        return demonym_of(m.group("adj")) if m else None

    def _country_of(self, s: Sentence, cix: list[int]) -> Place:
        """The one of the countries ``cix`` (non-empty) the act was in: the last one after a
        locative ("... UK citizens, were killed in Syria"), else the country of an adjective
        after a locative, else the report's focus, else the first."""
        mentions = self.mentions
        loc = [i for i in cix if LOCATIVE_BEFORE_RX.search(self.text[max(s.start, mentions[i].start - 30):mentions[i].start])]
        if not loc:
            # "3 U.S. coalition troops wounded in southern Afghan clash": the country of the
            # adjective after a locative, not one named otherwise
            code = self._locative_adjective(s)
            if code and all(mentions[i].country_code != code for i in cix):
                return country_place(code, mentions)
        pick = (loc or [i for i in cix if mentions[i].country_code == self.focus] or cix)[-1 if loc else 0]
        return country_place(mentions[pick].country_code or "", mentions, pick)

    def _capital_or(self, s: Sentence, place: Place) -> Place:
        """The country's capital when the sentence names it by the country ("in the Afghan
        capital", "in Central African Republic's capital"), else ``place``."""
        code = place.country_code
        if not code or place.geo_precision != 4:
            return place
        if "capital" not in s.text.lower():
            return self._part_of(s, place)
        for m in _CAPITAL_RX.finditer(s.text):
            named = any(self.mentions[i].kind == "country" and self.mentions[i].country_code == code
                        and 0 <= m.start() - (self.mentions[i].end - s.start) <= 3 for i in s.mention_ix)
            w = _WORD_BEFORE_RX.search(s.text, 0, m.start())
            if named or (w is not None and demonym_of(w.group(1)) == code):
                cap = _capital(code)
                if cap is not None:
                    return dataclasses.replace(cap)
        return self._part_of(s, place)

    def _the_capital(self, s: Sentence) -> Place | None:
        """"Hundreds marched in the capital": the capital of the country the sentence names,
        else of the report's focus country, else of its dateline's."""
        m = _THE_CAPITAL_RX.search(s.text)
        if m is None:
            return None
        named = {self.mentions[i].country_code for i in s.mention_ix
                 if self.mentions[i].kind == "country" and s.labels[i] != "context"}
        code = (named.pop() if len(named) == 1 else None) or self.focus or (
            self.dateline.country_code if self.dateline is not None else None)
        cap = _capital(code) if code else None
        return dataclasses.replace(cap) if cap is not None else None

    def _part_of(self, s: Sentence, place: Place) -> Place:
        """The part of the country the sentence names ("in northern Mexico", "in the east of
        Congo", "Mexico's south", "in the Afghan east"): the admin-1 region nearest the middle
        of the third of the country's regions that lie furthest that way (the middle third for
        "central"), at ``geo_precision`` 3; else ``place``."""
        code = place.country_code or ""
        spans = [(self.mentions[i].start - s.start, self.mentions[i].end - s.start) for i in s.mention_ix
                 if self.mentions[i].kind == "country" and self.mentions[i].country_code == code]
        spans += [(m.start(), m.end()) for m in _CAP_RX.finditer(s.text) if demonym_of(m.group(0)) == code]
        # "in the east of the country", "the country's north", or a bare "in the north"
        this = _THE_COUNTRYS_PART_RX.search(s.text) or _BARE_PART_RX.search(s.text)
        for a, b in [*spans, *([(this.start(), this.start())] if this else [])]:
            w = this if a == b else _PART_BEFORE_RX.search(s.text, max(0, a - 25), a) or _PART_AFTER_RX.match(s.text, b)
            if w is None:
                continue
            region = _country_part(code, (w.group("dir") or w.group("dir2")).casefold())
            if region is not None:
                return Place(f"g:{region.id}", region.name, region.admin1 or region.name, code, region.lat, region.lon,
                             region.id, 3, place.mention_index, place.mconf)
        return place

    def _acting_country(self, s: Sentence) -> list[Place]:
        """"Sudan army attacks villages", "Sudanese rebels attack a convoy": the country of the
        side that acts, named or by its adjective, for a report that names no place at all."""
        fix = forces_country(s, self.mentions)
        if fix:
            return [country_place(self.mentions[fix[0]].country_code or "", self.mentions, fix[0])]
        code = demonym_country(s.text)
        return [country_place(code, self.mentions)] if code else []

    def _fallback_places(self, s: Sentence, spec: Spec,
                         last_local: LastLocal | None) -> tuple[list[Place], Borrowed | None]:
        """No place of its own and no scene: the dateline's town, the next sentence's place,
        a strong dated act the country the sentence names; else the report's scene (an act
        that names no place happened where the report is: its dateline town, else the last
        event place, then at ``geo_precision`` 2 at best)."""
        if self.dateline is not None and not any(self.own):
            # (not over a country the sentence puts the act in: "nine were killed in Senegal"
            # under a DAKAR dateline is somewhere in Senegal)
            cix = [i for i in self._scene_countries(s) if LOCATIVE_BEFORE_RX.search(
                self.text[max(s.start, self.mentions[i].start - 30):self.mentions[i].start])]
            if cix:
                return [self._capital_or(s, self._country_of(s, cix))], None
            return [dataclasses.replace(self.dateline)], None
        # an act the sentence says was in a country ("nine were killed in Senegal") is somewhere
        # in that country, not at the town the next sentence names
        cix = [i for i in self._scene_countries(s)
               if _IN_COUNTRY_BEFORE_RX.search(self.text, max(s.start, self.mentions[i].start - 20), self.mentions[i].start)]
        if cix:
            return [self._capital_or(s, self._country_of(s, cix))], None
        if self.dateline is not None and self.dateline.geonameid is not None and any(
                self.mentions[i].geonameid == self.dateline.geonameid for i in s.mention_ix):
            # the sentence names the dateline's town again, in whatever role ("the mayor's
            # office in Almaty, officials said"): there, not at the next sentence's town
            return [dataclasses.replace(self.dateline)], None
        nxt = s.index + 1
        if spec.family != "casualty" and nxt < len(self.sents) and self.own[nxt] and self.specs[nxt]:
            place = dataclasses.replace(self.own[nxt][0])
            hit = best_hit(self.sents[nxt].dates)
            if hit is not None and hit.iso and not hit.future:
                return [place], (hit.iso, hit.precision, None)
            return [place], None
        if spec.strength >= STRONG and spec.family != "casualty" and any(h.iso for h in s.dates):
            cix = self._scene_countries(s)
            if cix:
                return [self._capital_or(s, self._country_of(s, cix))], None
        if spec.strength < MEDIUM or ELSEWHERE_RX.search(s.text):
            return [], None
        if self.dateline is not None and spec.family != "casualty":
            return [dataclasses.replace(self.dateline)], None
        # (not a background scene: an event dated well before the report's main date)
        recent = last_local is not None and (
            last_local[2] is None or self.main_date is None or last_local[2] >= _days_before(self.main_date, 7))
        scenes = [(last_local[0], last_local[1])] if last_local is not None and recent else []
        if self.named is not None:
            scenes.append(self.named)
        if not scenes:
            return self._only_country(s, spec), None
        k, place = max(scenes, key=lambda x: x[0])
        if spec.family == "casualty" and s.index - k > 2:
            return [], None  # a toll far from any scene may be anyone's
        precision = place.geo_precision if s.index - k <= 2 else max(2, place.geo_precision)
        return [dataclasses.replace(place, geo_precision=precision)], None


_CAPITAL_RX = re.compile(r"(?:['’]s)?\s+capital\b", re.IGNORECASE)
#: Where a sentence joins two main clauses: ", and", ", but", ", while", ";", a dash, and a
#: bare "and" before a verb in the past ("suspended internet service in the whole country and
#: imposed a ban in Punjab").
_JOIN_RX = re.compile(r",[ \t]+(?:and|but|while|whereas)[ \t]+|;[ \t]+|[ \t][–—][ \t]|[ \t]and[ \t]+(?=[a-z]{3,}ed[ \t])",
                      re.IGNORECASE)
_GOVERNMENT_AFTER_RX = re.compile(
    r"(?:['’]s)?[ \t]+(?:(?:interim|military|federal|new)[ \t]+)?(?:government|authorities|junta|cabinet|president|prime minister)\b",
    re.IGNORECASE)
#: Between an unfound name and the town an earlier sentence puts it in: ", Bambeto and Cosa in
#: the suburbs of ", " district of ", " in ".
_IN_TOWN_GAP_RX = re.compile(
    r"^(?:(?:,[ \t]*|[ \t]+and[ \t]+)[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?)*,?[ \t]+(?:(?:in|of|on|at|near)[ \t]+)?(?:the[ \t]+)?"
    r"(?:(?:suburbs?|outskirts|districts?|neighbou?rhoods?|area|centre|center|east|west|north|south)[ \t]+of[ \t]+|in[ \t]+)?"
    r"(?:(?:the[ \t]+)?(?:city|town|capital)[ \t]+of[ \t]+)?$")
_IN_COUNTRY_BEFORE_RX = re.compile(r"\b(?:in|across|throughout|inside|within)[ \t]+(?:the[ \t]+)?$", re.IGNORECASE)
#: "in French cities", "across several Iranian provinces": many places of one country, named
#: by its adjective
_ADJECTIVE_AREAS_RX = re.compile(
    r"\b(?:in|across|throughout|around)[ \t]+(?:(?:several|many|multiple|dozens[ \t]+of|other|major|all|most|some)[ \t]+)?"
    r"(?P<adj>[A-Z][a-z]+)[ \t]+(?:cities|towns|provinces|regions|states|streets)\b")
#: A subordinate clause of its own act after the main one: "... on Friday after a teenager was
#: shot dead by police in Nanterre" (a verb follows; not "after Friday prayers").
_AFTER_CLAUSE_RX = re.compile(
    r"[ \t,](?:after|before|when|following)[ \t]+(?=[^;]{0,60}?\b(?:was|were|had|has|have|is|are|[a-z]{3,}ed)\b)", re.IGNORECASE)
_WHOLE_COUNTRY_RX = re.compile(r"\b(?:in|across|throughout|over)[ \t]+the[ \t]+(?:whole|entire)[ \t]+(?:country|nation)\b",
                               re.IGNORECASE)


def _act_clause(text: str, anchor: int, others: Sequence[int] = ()) -> tuple[int, int] | None:
    """The main clause of ``text`` that holds offset ``anchor``, with the clauses after it up
    to the next one that holds another act (an offset of ``others``; "set fire to cars and
    looted shops in French cities" is one act's), and those before the first act; ``None``
    for a sentence of one clause."""
    cuts = sorted({m.end() for m in _JOIN_RX.finditer(text)} | {m.start() for m in _AFTER_CLAUSE_RX.finditer(text)})
    if not cuts:
        return None
    bounds = [0, *cuts, len(text) + 1]
    parts = list(itertools.pairwise(bounds))
    k = next((k for k, (a, b) in enumerate(parts) if a <= anchor < b), None)
    if k is None:
        return None

    def free(j: int) -> bool:  # no other act in part j
        return not any(parts[j][0] <= x < parts[j][1] for x in others)

    lo, hi = k, k
    while hi + 1 < len(parts) and free(hi + 1):
        hi += 1
    if all(x > anchor for x in others):
        lo = 0
    return parts[lo][0], parts[hi][1]


_DIR = r"(?P<dir>(?:north|south)[ -]?(?:east|west)(?:ern)?|north(?:ern)?|south(?:ern)?|east(?:ern)?|west(?:ern)?|central)"
#: "in northern Mexico", "in the east of Congo", "across south-eastern Turkey"
_PART_BEFORE_RX = re.compile(rf"\b(?:{_DIR}[ \t]+|the[ \t]+{_DIR.replace('dir', 'dir2', 1)}[ \t]+of[ \t]+(?:the[ \t]+)?)$", re.IGNORECASE)
#: "Mexico's south", "the Afghan east", "Iraq's far north" (not "Syria north of Aleppo")
_PART_AFTER_RX = re.compile(rf"(?:['’]s)?[ \t]+(?:far[ \t]+)?{_DIR}\b(?![ \t]+of\b)", re.IGNORECASE)
_THE_COUNTRYS_PART_RX = re.compile(
    rf"\bthe[ \t]+(?:{_DIR}[ \t]+of[ \t]+the[ \t]+country\b|country['’]s[ \t]+(?:far[ \t]+)?{_DIR.replace('dir', 'dir2', 1)}\b)",
    re.IGNORECASE)
#: "killed in the north", "attacks in southeast, ..." (a direction standing alone: of the country)
_BARE_PART_RX = re.compile(rf"\bin[ \t]+(?:the[ \t]+)?(?:far[ \t]+)?{_DIR}(?=[ \t]*(?:[,;:.!?)\]–—-]|$))", re.IGNORECASE)
_CAP_RX = re.compile(r"\b[A-Z][a-z]+\b")
#: "in southern Afghan clash", "in an Iraqi border town": a locative before a country's adjective
_IN_ADJECTIVE_RX = re.compile(
    rf"\b(?:in|at|near|outside)[ \t]+(?:(?:an?|the)[ \t]+)?(?:{_DIR.replace('dir', 'dir3', 1)}[ \t]+)?(?P<adj>[A-Z][a-z]+)[ \t]+"
    r"(?:[a-z-]+[ \t]+)?(?:clash(?:es)?|fighting|violence|unrest|battles?|border|towns?|city|cities|villages?|provinces?|"
    r"states?|districts?|regions?|countryside|capital|camps?|port|prisons?|jails?|markets?|mosques?|churches|church|schools?|"
    r"hospitals?|bases?|outposts?|checkpoints?|highways?|roads?|desert|mountains?|forests?|coast|waters)\b")
#: (not "killed in Israeli air raid": the weapon of a side, which may strike abroad)
_COMPASS = ("north", "south", "east", "west")


@functools.lru_cache(maxsize=1024)
def _country_part(code: str, word: str) -> GazPlace | None:
    """The admin-1 region (a gazetteer place) for "northern", "south-east", "central"... of
    the country ``code``: of the third of its regions that lie furthest that way, the one
    nearest their mean point; ``None`` for a country with fewer than four regions or no
    gazetteer."""
    try:
        from geodata.places.gazetteer import default_gazetteer

        gaz = default_gazetteer()
        _names, ids, _sk = gaz.names_in(code, kind="region")
        regions = list({p.id: p for p in gaz.places(i for lst in ids for i in lst) if p.feature_code == "ADM1"}.values())
    except Exception:  # no gazetteer built
        return None
    if len(regions) < 4:
        return None
    lat0 = sum(p.lat for p in regions) / len(regions)
    lon0 = sum(p.lon for p in regions) / len(regions)
    k = math.cos(math.radians(lat0))
    word = word.replace("-", "").replace(" ", "").replace("ern", "")
    if word == "central":
        def score(p: GazPlace) -> float:
            return -math.hypot(p.lat - lat0, (p.lon - lon0) * k)
    else:
        vy = sum((d == "north") - (d == "south") for d in _COMPASS if d in word)
        vx = sum((d == "east") - (d == "west") for d in _COMPASS if d in word)

        def score(p: GazPlace) -> float:
            return float((p.lat - lat0) * vy + (p.lon - lon0) * k * vx)
    part = sorted(regions, key=score, reverse=True)[:max(1, len(regions) // 3)]
    mid_lat = sum(p.lat for p in part) / len(part)
    mid_lon = sum(p.lon for p in part) / len(part)
    return min(part, key=lambda p: math.hypot(p.lat - mid_lat, (p.lon - mid_lon) * k))
_WORD_BEFORE_RX = re.compile(r"([A-Z][\w'’.-]*)$")
#: "in the capital", "the capital's centre", "across the capital" (not "the capital of X", a
#: place the geoparser reads)
_THE_CAPITAL_RX = re.compile(
    r"\b(?:in|at|near|around|across|outside|into|to|through|on)[ \t]+the[ \t]+(?:(?:country|nation)['’]s[ \t]+)?"
    r"(?P<capital>capital)\b(?![ \t]+(?:city[ \t]+)?of\b|,[ \t]+[A-Z])", re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _capital(code: str) -> Place | None:
    """The capital city of a country (GeoNames ``PPLC``) as an event place, or ``None``."""
    try:
        from geodata.places.gazetteer import default_gazetteer

        p = default_gazetteer().capital(code)
    except Exception:  # no gazetteer built
        return None
    if p is None:
        return None
    return Place(f"g:{p.id}", p.name, p.admin1, p.country_code, p.lat, p.lon, p.id, 1, None, 0.7)


def _days_before(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) - timedelta(days=days)).isoformat()


def first_figure_pos(s: Sentence) -> int:
    """Offset in the text of the sentence's first casualty or arrest word."""
    m = CAS_VERB_RX.search(s.text)
    return s.start + (m.start() if m else 0)


def event_mentions(sents: Sequence[Sentence], mentions: Sequence[Mention], ix: list[int], key: str) -> set[int]:
    """Mentions of the place ``key`` in the sentences ``ix`` (labelled as event places)."""
    used: set[int] = set()
    for k in ix:
        s = sents[k]
        for i in s.mention_ix:
            if s.labels[i] in ("ok", "unsure") and place_from_mention(mentions[i], i, 1).key == key:
                used.add(i)
    return used
