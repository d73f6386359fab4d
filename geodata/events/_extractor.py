"""The sentence-by-sentence reading of a report: specs, places and dates become protos."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from geodata.events._actors import find_organisations
from geodata.events._casualties import parse_casualties
from geodata.events._cues import (
    AGENT_AFTER_RX,
    ARMED_WORDS_RX,
    ATTRIBUTION_RX,
    CAS_VERB_RX,
    DEMO_CATS,
    DEMO_WORDS_RX,
    ELSEWHERE_RX,
    FIRED_ON_CROWD_RX,
    FUTURE_RX,
    SUB_OF_CAT,
    armed_clash,
)
from geodata.events._places import (
    dateline_spans,
    focus_country,
    held_by,
    holds,
    is_heading,
    label,
    normalise_mentions,
    own_places,
    semicolon_clauses,
    sentence_mentions,
    stated_unresolved,
    unresolved_place,
    within_place,
)
from geodata.events._records import Place, Proto, Sentence, Spec, place_from_mention
from geodata.events._scene import Borrowed, LastLocal, SceneReader, first_figure_pos
from geodata.events._sentences import split_sentences
from geodata.events._triggers import MEDIUM, WEAK, TriggerHit, find_triggers
from geodata.events.dates import DateHit, best_hit, find_dates, parse_date
from geodata.events.detect import Detector, casualty_type, clauses
from geodata.events.taxonomy import tactic_rank
from geodata.model import Mention, Report
from geodata.places.geoparse import Unresolved

_NO_CASUALTIES: dict[str, Any] = {
    "fatalities": None, "injuries": None, "arrests": None, "cumulative": False, "victims": None,
    "total_at": None}
#: Words of sending forces somewhere (a deployment announced, decided or under way).
_DEPLOY_WORDS_RX = re.compile(r"\b(?:deploy\w*|dispatch\w*|send(?:s|ing)?|sent|peacekeep\w*|troops|contingent)\b", re.IGNORECASE)
#: A sentence that may state that nobody was hurt ("No injuries were reported.").
_NONE_HURT_RX = re.compile(r"\b(?:no|nobody|none|without)\b", re.IGNORECASE)
#: A sentence that is only a toll, as coders close a note ("2 fatalities.", "Fatalities: 3.").
_DAYS_APART_RX = re.compile(r"\b(?P<n>a|one|two|three|four|five|six|\d)\s+days?\s*,?\s*(?P<rel>after|before)\b", re.IGNORECASE)


def _value_of_days(word: str) -> int:
    """The number of days of "a"/"one"/"two"/.../"3"."""
    w = word.lower()
    return int(w) if w.isdigit() else {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}[w]


_PREMODIFIER_YEAR_RX = re.compile(r"^the\s+(?:1[89]|20)\d\d$", re.IGNORECASE)
_TOLL_ONLY_RX = re.compile(
    r"^\W*(?:(?:fatalities|deaths|casualties)\s*[:=]\s*\d+|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:fatalit(?:y|ies)|deaths?|(?:people\s+)?(?:killed|dead))(?:\s+reported)?)\W*$", re.IGNORECASE)



def _main_date(sents: list[Sentence], published: date | None) -> tuple[str | None, int]:
    if published is None:
        return None, 0
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    lo = (published - timedelta(days=31)).isoformat()
    for s in sents:
        w = 2 if s.hits else 1
        seen: set[str] = set()  # (a day said twice in one sentence counts once)
        for h in s.dates:
            if _names_a_noun(s.text, h.start, h.end):
                continue  # "Sunday's election", "the election of Sunday" date the election
            if h.iso and not h.future and h.precision in (1, 2) and h.iso >= lo and not h.until and h.iso not in seen:
                seen.add(h.iso)
                counts[h.iso] += w
                first.setdefault(h.iso, s.start + h.start)
    if not counts:
        return published.isoformat(), 2
    # The most frequent day; on a tie, the one the report gives first (its lead).
    return max(counts, key=lambda d: (counts[d], -first[d])), 1


#: "the election of Sunday", "the killing of 3 June": a date after "of" that a noun (not a
#: part of a day: "the night of Sunday") governs.
_OF_NOUN_BEFORE_RX = re.compile(
    r"\b(?!(?:night|nights|morning|mornings|evening|afternoon|hours|day|days|weekend|dawn|midnight|noon|week|end|beginning|start|"
    r"middle|course|events?|eve)\b)[a-z][\w-]+\s+of\s+(?:the\s+)?$")


def _names_a_noun(text: str, start: int, end: int) -> bool:
    """Whether a date phrase modifies a noun ("Sunday's election", "the vote of Sunday") rather
    than telling when the sentence's act happened."""
    return text[end:end + 2] in ("'s", "’s") or bool(_OF_NOUN_BEFORE_RX.search(text[max(0, start - 30):start]))


#: ", and <subject> <verb>": a coordinated clause with its own subject ("crowds torched hotels in
#: A, and protesters were shot dead in B"), not a list ("in A, and in B").
_AND_CLAUSE_RX = re.compile(
    r",\s+and\s+(?=(?:the\s+|a\s+|an\s+|some\s+|several\s+|\d+\s+|at least\s+\w+\s+)?(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:was|were|had|have|has|is|are|\w+ed)\b"
    # ", and in the port city of B a bank was set ablaze": a place first, then the subject and verb
    r"|(?:in|at|outside|near)\s+[^,;]{1,60}?\s+(?:was|were|had|have|has|\w+ed)\b)", re.IGNORECASE)
_PROTESTERS_HIT_RX = re.compile(r"\b(?:protesters|protestors|demonstrators|marchers|students|strikers)\b(?:\s+\w+){0,3}\s*$", re.IGNORECASE)


#: A process's start ("protests began in A on January 2 and spread to B"): its day dates the
#: start, not what the next sentence tells of the unrest's course.
# a sentence opening at a place: "In A", "Back in A", "Meanwhile, in the northern city of A"
_FRONTED_RX = re.compile(
    r"^\W*(?:(?:meanwhile|elsewhere|back|later|also)\s*,?\s+)?(?:in|at|inside|outside|near)\s+"
    r"(?:the\s+(?:[\w'-]+\s+){0,4}?)?$", re.IGNORECASE)
_ONSET_RX = re.compile(r"\b(?:began|begun|begin|begins|started|starts|erupted|broke out|flared up)\b", re.IGNORECASE)


def _and_clauses(text: str, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clause spans, also cut at ", and" before a clause with its own subject and verb."""
    cuts = sorted({a for a, _ in parts} | {m.start() for m in _AND_CLAUSE_RX.finditer(text)})
    return [(a, b) for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True) if b > a]


def _shift(iso: str | None, days: int) -> str | None:
    d = parse_date(iso)
    if d is None:
        return None
    return (d + timedelta(days=days)).isoformat()


def _act_and_doer(text: str, anchor: int) -> tuple[str, str]:
    """The clause of the act at ``anchor`` and who did it (the words before the act in its
    clause, and the agent of a passive: "was shot dead by police")."""
    a, b = next(((a, b) for a, b in clauses(text) if a <= anchor < b), (0, len(text)))
    act = ATTRIBUTION_RX.sub(" ", text[a:b])
    doer = ATTRIBUTION_RX.sub(" ", text[a:anchor])
    m = AGENT_AFTER_RX.match(text, anchor, b)
    if m:
        doer = f"{doer} {m.group(1)}"
    return act, doer


@dataclass
class _Carry:
    """What one sentence hands the next: the last located event, the last date and places."""

    last_local: LastLocal | None = None
    prev_date: tuple[str | None, int] | None = None
    prev_keys: set[str] = field(default_factory=set)
    prev_index: int = -9


@dataclass
class _Step:
    """What the reading of one sentence collects (its figures go to one spec)."""

    national_toll: bool
    has_own_date: bool
    cas_spec: Spec | None
    keys: set[str] = field(default_factory=set)
    date: tuple[str | None, int] | None = None


#: A day and month with a year ("3 March 2024", "March 3, 2024"); and a day and month alone,
#: with at most a leading preposition or article ("on 28 February", "the 28th of February").
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY_MONTH_YEAR_RX = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS},?\s+\d{{4}}\b|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b", re.I)
_DAY_MONTH_RX = re.compile(rf"(?:(?:on|the)\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?)", re.I)


class Extractor(SceneReader):
    """Reads one report: :meth:`run` returns its protos (events before merging)."""

    def __init__(self, report: Report, mentions: Sequence[Mention], detector: Detector,
                 unresolved: Sequence[Unresolved] = ()) -> None:
        self.report = report
        self.unresolved = sorted(unresolved, key=lambda u: u.start)
        self._u_starts = [u.start for u in self.unresolved]
        self.stated: dict[int, Unresolved] = {}
        self.mentions = normalise_mentions(report.text, mentions)
        self.text = report.text
        self.detector = detector
        self.used: set[int] = set()
        self.protos: list[Proto] = []
        self.named: tuple[int, Place] | None = None
        self._written_day: date | None = None  # the first day written with its year

    def prepare(self) -> None:
        """Sentences with their triggers, dates, labelled mentions and casualties; then the
        report's dateline, focus country, main date, specs and own places."""
        text = self.text
        spans = semicolon_clauses(text, split_sentences(text), [m.start for m in self.mentions])
        # clauses cut at a semicolon go on from the one before: they share its day
        self.continues = {k for k, (a, _b) in enumerate(spans) if k and text[max(0, a - 8):a].rstrip().endswith(";")}
        datelines = dateline_spans(text)
        per = sentence_mentions([m.start for m in self.mentions], spans, self.mentions)
        self.sents: list[Sentence] = [self._sentence(k, a, b, per[k], datelines) for k, (a, b) in enumerate(spans)]
        # (damage done where no crowd is told, "unknown persons torched a church", makes no
        # report of unrest by itself)
        self.demo_context = any(h.cat in DEMO_CATS and not (h.cat == "riot" and h.tag in ("arson", "property destruction")
                                                            and not DEMO_WORDS_RX.search(s.text))
                                for s in self.sents for h in s.hits)
        # the dateline's town: the scene when the copy names no other place for what it tells
        self.dateline = next(
            (place_from_mention(self.mentions[i], i, 1) for s in self.sents for i in s.mention_ix
             if s.labels[i] == "dateline" and self.mentions[i].kind == "city"), None)
        self.focus = focus_country(self.sents, self.mentions)
        self.main_date, self.main_prec = _main_date(self.sents, self.report.published)
        self.specs = self.detector.specs(self.sents, self.demo_context)
        for s, specs in zip(self.sents, self.specs, strict=True):
            if specs and not s.hits:
                # an event the learned model alone found: its figures are read too
                s.casualties = parse_casualties(s.text, [(h.start, h.end) for h in s.dates])
        self.own = [self._own_places(s) for s in self.sents]
        for s in self.sents:
            self._split_by_clause(s)

    def _sentence(self, k: int, a: int, b: int, ix: list[int], datelines: list[tuple[int, int]]) -> Sentence:
        text = self.text
        st = text[a:b]
        hits = find_triggers(st)
        # (a dateline's date is when the copy was filed, not when things happened)
        found = self._year_carried(find_dates(st, self.report.published))
        dates = [h for h in found if not any(x <= a + h.start < y for x, y in datelines)]
        labels = {i: "dateline" if any(x <= self.mentions[i].start < y for x, y in datelines)
                  else label(text, a, b, self.mentions[i]) for i in ix}
        cas = (parse_casualties(st, [(h.start, h.end) for h in found]) if hits or _NONE_HURT_RX.search(st) or _TOLL_ONLY_RX.match(st)
               else dict(_NO_CASUALTIES))
        # a name the geoparser could not place (with the unit it states), else a locative
        # phrase's name no mention covers
        u = stated_unresolved(a, b, self.unresolved[bisect_left(self._u_starts, a):bisect_left(self._u_starts, b)],
                              text=text, mentions=self.mentions)
        if u is not None:
            self.stated[k] = u
            return Sentence(k, a, b, st, hits, dates, ix, labels, cas, u.surface,
                            within_place(u, self.mentions, ix, text=text))
        unresolved = unresolved_place(st, a, self.mentions, ix) if hits else None
        return Sentence(k, a, b, st, hits, dates, ix, labels, cas, unresolved)

    def _year_carried(self, found: list[DateHit]) -> list[DateHit]:
        """A day and month written without a year after a day written with one ("On 3 March
        2024, ... the 28 February killings") take that day's year, not publication's: a
        note coded long after the fact reads its days against its own date. Weekdays and
        relative phrases keep publication's reference, and nothing moves when the report is
        published within two months of that day (wire copy)."""
        pub = self.report.published
        out = []
        for h in found:
            if self._written_day is None:
                if h.iso and h.precision == 1 and _DAY_MONTH_YEAR_RX.search(h.text):
                    self._written_day = parse_date(h.iso)
            elif pub is not None and h.iso and _DAY_MONTH_RX.fullmatch(h.text.strip()):
                ref = self._written_day + timedelta(days=62)
                if ref < pub:
                    again = find_dates(h.text, ref)
                    if len(again) == 1 and again[0].iso and not again[0].future:
                        h = dataclasses.replace(h, iso=again[0].iso)
            out.append(h)
        return out

    def _own_places(self, s: Sentence) -> list[Place]:
        """The sentence's own places; a name the geoparser could not place replaces the unit
        that holds it and that unit's containers ("Kpankou village (Kalale district, Borgou
        region)": somewhere in Kalale, at ``geo_precision`` 2)."""
        own = own_places(s, self.text, self.mentions)
        u = self.stated.get(s.index)
        if s.within is None or u is None or u.within is None:
            return own
        w = u.within
        keep = [p for p in own if p.mention_index is None or not holds(self.mentions[p.mention_index], w)]
        if any(p.key == s.within.key for p in keep):
            return keep

        def pos(p: Place) -> int:
            return u.start if p is s.within or p.mention_index is None else self.mentions[p.mention_index].start

        return sorted([s.within, *keep], key=pos)

    def _split_by_clause(self, s: Sentence) -> None:
        """One demonstration spec per clause that names its own place.

        "Protesters set fire to Bordeaux city hall as a million people marched across France"
        tells two events; "Protesters gathered in Almaty before storming it" tells one.
        """
        specs = self.specs[s.index]
        demo = [sp for sp in specs if sp.family == "demo"]
        if not demo:
            return
        parts = _and_clauses(s.text, clauses(s.text))
        if len(parts) < 2:
            return
        hits: list[tuple[TriggerHit, tuple[str, str]]] = []
        for h in s.hits:
            if h.cat in DEMO_CATS:
                hits.append((h, SUB_OF_CAT[h.cat]))
            elif h.cat in ("vac:Attack", "kill") and _PROTESTERS_HIT_RX.search(
                    s.text[next(a for a, b in parts if a <= h.start < b or b == len(s.text)):h.start]):
                # "..., and protesters were shot dead in A and B": force against that clause's crowd
                hits.append((h, SUB_OF_CAT["excessive"]))
            elif (h.cat == "clash" and not armed_clash(s.text, self.demo_context, h.start)) or (
                    h.cat == "loot" and not (ARMED_WORDS_RX.search(s.text) and not DEMO_WORDS_RX.search(s.text))):
                hits.append((h, SUB_OF_CAT["riot"]))
        own_ids = {self.mentions[p.mention_index].geonameid for p in self.own[s.index] if p.mention_index is not None}
        own_ix = {p.mention_index for p in self.own[s.index] if p.mention_index is not None}
        # (a place named again in another clause places that clause's act too: "... in A and in
        # B on Thursday, one day after demonstrators burned the consulate in B")
        own_ix |= {i for i in s.mention_ix if self.mentions[i].geonameid is not None and self.mentions[i].geonameid in own_ids}
        # (a dateline is where the copy was filed, no clause's place)
        own_pos = [self.mentions[i].start - s.start for i in sorted(own_ix) if s.labels.get(i) != "dateline"]
        nat = self._nationwide(s)

        def ci(pos: int) -> int:
            return next(k for k, (a, b) in enumerate(parts) if a <= pos < b or k == len(parts) - 1)

        placed = {ci(p) for p in own_pos}
        if nat is not None:
            placed.add(ci(nat[0]))
        groups: dict[int, list[tuple[TriggerHit, tuple[str, str]]]] = {}
        for h, pair in hits:
            groups.setdefault(ci(h.start), []).append((h, pair))
        placed_groups = sorted(k for k in groups if k in placed)
        if len(placed_groups) < 2:
            return
        merged: dict[int, list[tuple[TriggerHit, tuple[str, str]]]] = {k: list(groups[k]) for k in placed_groups}
        for k, g in groups.items():
            if k in placed:
                continue
            target = max((p for p in placed_groups if p < k), default=placed_groups[0])
            merged[target].extend(g)
        old = demo[0]
        new: list[Spec] = []
        bounds = [*placed_groups, len(parts)]
        for n, k in enumerate(placed_groups):
            g = merged[k]
            et, sub = min((pair for _, pair in g), key=lambda p: tactic_rank(*p))
            strongest = max((h for h, _ in g), key=lambda h: (h.strength, -h.start))
            start = parts[k][0] if n else 0
            end = parts[bounds[n + 1] - 1][1]
            tags = [h.tag for h, _ in g if h.tag]
            new.append(Spec("demo", et, sub, max(h.strength for h, _ in g), strongest.start, tags, clause=(start, end)))
        self.specs[s.index] = [sp for sp in specs if sp is not old] + new

    # -- dates --------------------------------------------------------------------------
    def _own_date(self, s: Sentence, anchor: int, prev_date: tuple[str | None, int] | None) -> tuple[str | None, int, str, bool]:
        """``(iso, precision, how, future)`` from the sentence's own phrases (those of the
        anchor's clause first)."""
        # "the 2019 bombing" dates the bombing, not another act of the sentence ("police arrest a
        # suspect in the 2019 bombing")
        hits = [h for h in s.dates if not ((_PREMODIFIER_YEAR_RX.match(h.text) or s.text[h.end:h.end + 2] in ("'s", "’s"))
                                           and not 0 <= anchor - h.end <= 30)
                and not _OF_NOUN_BEFORE_RX.search(s.text[max(0, h.start - 30):h.start])]
        if len({h.iso for h in hits if h.iso}) > 1:
            a, b = next(((a, b) for a, b in clauses(s.text) if a <= anchor < b), (0, len(s.text)))
            inside = [h for h in hits if a <= h.start < b]
            if any(h.iso or h.prev_delta is not None for h in inside):
                hits = inside
        a, b = next(((a, b) for a, b in clauses(s.text) if a <= anchor < b), (0, len(s.text)))
        rel = _DAYS_APART_RX.search(s.text[max(0, a - 20):a + 8]) if a else None
        if rel is not None and not any(a <= h.start < b for h in hits if h.iso):
            # "killed 40 on Thursday, one day after demonstrators burned the consulate": the
            # clause after "one day after" is a day before the other clause's date
            other = best_hit([h for h in hits if h.iso and not a <= h.start < b], anchor)
            if other is not None and other.precision == 1:
                n = _value_of_days(rel.group("n"))
                return _shift(other.iso, -n if rel.group("rel").lower() == "after" else n), 1, "explicit", False
        hit = best_hit(hits, anchor)
        if hit is None:
            return None, 0, "", False
        if hit.prev_delta is not None:
            if prev_date and prev_date[0]:
                return _shift(prev_date[0], hit.prev_delta), prev_date[1], "explicit", False
            return None, 0, "", False
        if hit.iso is None:
            return None, 0, "unknown", False
        future = hit.future or bool(self.report.published and hit.iso > self.report.published.isoformat())
        return hit.iso, hit.precision, ("since" if hit.since else "explicit"), future

    # -- main loop -----------------------------------------------------------------------
    def run(self) -> list[Proto]:
        """The protos of the report, sentence by sentence."""
        self.prepare()
        carry = _Carry()
        for s in self.sents:
            specs = self.specs[s.index]
            if is_heading(s.text):
                # A headline or byline starts a new section: no scene carries over it.
                carry.last_local = None
                carry.prev_index = -9
            toll_only = bool(specs) and _TOLL_ONLY_RX.match(s.text) is not None and carry.last_local is not None \
                and 0 < s.index - carry.last_local[0] <= 2
            if not specs or toll_only:
                # (a closing "10 fatalities." is the scene's toll, no event of its own)
                self._none_hurt(s, carry)
                self._carry_own_date(s, carry)
                self._remember_named(s)
                continue
            local_specs = [sp for sp in specs if not sp.national]
            fig = CAS_VERB_RX.search(s.text)
            step = _Step(
                national_toll=self._national_toll(s),
                has_own_date=any(h.iso is not None or h.prev_delta is not None for h in s.dates),
                cas_spec=min(local_specs, key=lambda sp: abs(sp.anchor - fig.start())) if fig and local_specs else None,
            )
            for spec in specs:
                self._read_spec(s, spec, step, carry)
            if step.date is not None:
                carry.prev_date, carry.prev_index, carry.prev_keys = step.date, s.index, step.keys
            else:
                self._carry_own_date(s, carry)
            self._remember_named(s)
        return self.protos

    @staticmethod
    def _carry_own_date(s: Sentence, carry: _Carry) -> None:
        """A sentence that made no event still dates the next one."""
        own_hit = best_hit(s.dates)
        if own_hit is not None and own_hit.iso and not own_hit.future:
            carry.prev_date, carry.prev_index, carry.prev_keys = (own_hit.iso, own_hit.precision), s.index, set()

    def _remember_named(self, s: Sentence) -> None:
        """The last town the report named as a place of what it tells (its scene so far)."""
        towns = [p for p in self.own[s.index] if p.geo_precision == 1]
        hit = best_hit(s.dates)
        if hit is not None and hit.iso and self.main_date and hit.iso < (_shift(self.main_date, -7) or ""):
            self.named = None  # background ("the scene of deadly unrest in 2011"), not the scene
        elif towns and not ELSEWHERE_RX.search(s.text):
            self.named = (s.index, towns[-1])

    def _none_hurt(self, s: Sentence, carry: _Carry) -> None:
        """A closing "no injuries were reported" or "2 fatalities.": the unknown figures of the
        scene become 0 or the count."""
        cas = s.casualties
        if carry.last_local is None or not 0 < s.index - carry.last_local[0] <= 2:
            return
        proto = self.protos[carry.last_local[4]]
        toll = bool(_TOLL_ONLY_RX.match(s.text))
        for attr in ("fatalities", "injuries"):
            if cas[attr] is not None and (cas[attr] == 0 or toll) and getattr(proto, attr) is None:
                # (a closing "2 fatalities." states the scene's toll)
                setattr(proto, attr, cas[attr])
            elif toll and cas[attr] and getattr(proto, attr) != cas[attr]:
                # the coder's closing count is the toll, not a figure read in the body ("dozens
                # were killed when gunmen attacked X. 10 fatalities.")
                setattr(proto, attr, cas[attr])

    def _read_spec(self, s: Sentence, spec: Spec, step: _Step, carry: _Carry) -> None:
        """The protos of one spec (one per place)."""
        if spec.family in ("casualty", "sd:arrests") and step.national_toll:
            return  # a national figure, not an event of its own
        pd = carry.prev_date if carry.prev_index == s.index - 1 else None
        iso, prec, how, future = self._own_date(s, spec.anchor, pd)
        if future and (FUTURE_RX.search(s.text) or (iso and self.report.published and iso > self.report.published.isoformat())):
            return
        if spec.strength < MEDIUM and not (spec.strength >= WEAK and self.own[s.index] and step.has_own_date):
            return
        places, borrowed = self._places(s, spec, carry.last_local)
        # one act of one sentence has one day at all its places ("imposed martial law in A and
        # neighbouring B" after a sentence about A): the best fallback any place earns
        shared: tuple[str | None, int, str] | None = None
        if iso is None and how != "unknown" and places:
            falls = [self._fallback_date(s, place, borrowed, pd, carry) for place in places]
            shared = next((f for f in falls if f[2] in ("borrowed", "carried")), falls[0])
        for place in places:
            p_iso, p_prec, p_how = iso, prec, how
            if shared is not None:
                p_iso, p_prec, p_how = shared
            proto = self._proto(s, spec, place, (p_iso, p_prec, p_how), borrowed, step, len(places))
            if place.mention_index is not None:
                self.used.add(place.mention_index)
            self.protos.append(proto)
            step.keys.add(place.key)
            if step.date is None and p_iso:
                step.date = (p_iso, p_prec)
            if place.geo_precision in (1, 2, 3) and not spec.national:
                carry.last_local = (s.index, place, p_iso, p_prec, len(self.protos) - 1)

    def _fallback_date(self, s: Sentence, place: Place, borrowed: Borrowed | None,
                       pd: tuple[str | None, int] | None, carry: _Carry) -> tuple[str | None, int, str]:
        """A date for a sentence that gives none: the borrowed scene's, the previous
        sentence's (same place, or no place of its own), else the report's main date."""
        if borrowed is not None and borrowed[0] is not None:
            return borrowed[0], borrowed[1], "borrowed"
        if pd is not None and pd[0] and s.index > 0 and place.geo_precision == 4 and "\n" in self.text[self.sents[s.index - 1].end:s.start] \
                and self.main_date is not None and all(sp.national for sp in self.specs[s.index]):
            # an undated nationwide measure opening a paragraph ("The authorities imposed a
            # curfew") is told in the report's own time, not the previous paragraph's day
            return self.main_date, max(2, self.main_prec), "inferred"
        if pd is not None and pd[0] and (not self.own[s.index] or place.key in carry.prev_keys
                                         or s.index in self.continues):
            return pd[0], pd[1], "carried"
        earlier = next((q for q in reversed(self.protos) if q.place.key == place.key and q.date), None)
        if earlier is not None and earlier.date is not None and self._fronted(s, place):
            # back to a scene the report has dated already ("In A the mayor's office was set on
            # fire" after other towns): that scene's day; a town told only inside the clause
            # ("Looters broke into warehouses in A and B") goes on with the paragraph's day
            return earlier.date, max(2, earlier.precision), "inferred"
        if pd is not None and pd[0] and s.index > 0 and "\n" not in self.text[self.sents[s.index - 1].end:s.start] \
                and not _ONSET_RX.search(self.sents[s.index - 1].text):
            # an undated sentence at a new place goes on in the same paragraph as the last dated
            # one ("On Wednesday gangs set fire to ... . Looters broke into warehouses in A."):
            # most likely the same day, still only inferred
            return pd[0], max(2, pd[1]), "inferred"
        if self.main_date is not None:
            return self.main_date, max(2, self.main_prec), "inferred"
        return None, 0, ""

    def _fronted(self, s: Sentence, place: Place) -> bool:
        """Whether the sentence opens at the place ("In A, ...", "In the northern city of A")."""
        if place.mention_index is None:
            return False
        return _FRONTED_RX.match(self.text[s.start:self.mentions[place.mention_index].start]) is not None

    def _proto(self, s: Sentence, spec: Spec, place: Place, when: tuple[str | None, int, str],
               borrowed: Borrowed | None, step: _Step, n_places: int) -> Proto:
        """One proto: the spec's type (a bare casualty takes the scene's), date, tags, casualties."""
        p_iso, p_prec, p_how = when
        family, et, sub = spec.family, spec.event_type, spec.sub_event_type
        if family == "casualty":
            if borrowed is not None and borrowed[2] is not None:
                family, et, sub = self.protos[borrowed[2]].family, None, None
            else:
                family, et, sub = casualty_type(s, self.demo_context)
        proto = Proto(
            place=place, family=family, event_type=et, sub_event_type=sub,
            strength=spec.strength, date=p_iso, precision=p_prec if p_iso else 3,
            date_how=p_how or "unknown", sentences=[(s.start, s.end)], sentence_ix=[s.index],
            tags=list(spec.tags), measure=spec.measure,
        )
        proto.act, proto.doer = _act_and_doer(s.text, spec.anchor)
        proto.fired_on_crowd = family == "demo" and bool(FIRED_ON_CROWD_RX.search(s.text))
        if s.unresolved and not spec.national:
            if s.within is not None:
                if place.key == s.within.key and place.geo_precision == s.within.geo_precision:
                    proto.tags.append(f"place not found: {s.unresolved}")
            elif place.geo_precision >= 3:
                proto.tags.append(f"place not found: {s.unresolved}")
            elif place.mention_index is not None and held_by(
                    s.text, s.unresolved, self.mentions[place.mention_index].start - s.start):
                # "X village (Y district, Z region)": somewhere in Y, not Y's town itself.
                proto.place = dataclasses.replace(place, geo_precision=2)
                proto.tags.append(f"place not found: {s.unresolved}")
        if spec.measure == "deployment":
            proto.orgs = self._deploying_orgs(s)
            proto.sender = next(
                (self.mentions[i].country_code for i in s.mention_ix
                 if s.labels[i] in ("actor", "origin") and self.mentions[i].kind == "country"
                 and self.mentions[i].country_code != place.country_code), None)
        if not spec.national and (step.cas_spec is None or spec is step.cas_spec):
            cas = s.casualties
            if cas["cumulative"] or step.national_toll:
                n = cas["fatalities"]
                if n:
                    proto.tags.append(f"{'cumulative' if cas['cumulative'] else 'national'} toll: {n} killed")
            else:
                self._add_casualties(proto, s, place, n_places)
        return proto

    def _deploying_orgs(self, s: Sentence) -> list[str]:
        """The organisations a deployment is of: named in its sentence, else in one of the two
        before that speaks of sending forces ("The bloc said it would deploy peacekeepers. The
        first paratroopers landed on Thursday.")."""
        orgs = find_organisations(s.text)
        for k in (s.index - 1, s.index - 2):
            if orgs or k < 0:
                break
            if _DEPLOY_WORDS_RX.search(self.sents[k].text):
                orgs = find_organisations(self.sents[k].text)
        return orgs

    def _add_casualties(self, proto: Proto, s: Sentence, place: Place, n_places: int) -> None:
        cas = s.casualties
        if n_places > 1 and place.mention_index is not None:
            # Several places in one sentence: the figures go to the place named nearest them.
            m = self.mentions[place.mention_index]
            nearest = min(
                (self.mentions[i] for i in s.mention_ix if s.labels[i] == "ok"),
                key=lambda x: abs(x.start - first_figure_pos(s)),
                default=m,
            )
            if nearest.start != m.start:
                return
        proto.fatalities = cas["fatalities"]
        proto.injuries = cas["injuries"]
        proto.arrests = cas["arrests"]
        proto.victims = cas["victims"]
