"""Find and resolve place mentions in report text, offline.

>>> from geodata.places.geoparse import geoparse
>>> ms = geoparse("Protesters stormed the mayor's office in Alma-Ata on Wednesday.")
>>> [(m.mention, m.name, m.country_code) for m in ms]
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

import math
import re

from geodata.model import Candidate, Mention
from geodata.places._landmarks import (
    Landmark,
    facilities,
    find_landmarks,
    held_place,
    keep_landmarks,
    overlapping,
    refuse_namesakes,
    scene_towns,
    town_of,
)
from geodata.places._text import norm, skeleton
from geodata.places._tokenize import Unresolved, _Span, _tokens
from geodata.places.gazetteer import CANONICAL, Gazetteer, Place, default_gazetteer
from geodata.places.recognise import _Recogniser
from geodata.places.resolve import _Context, _margin, _Resolver

__all__ = ["Geoparser", "Unresolved", "around", "geo_precision", "geoparse"]


class Geoparser(_Recogniser, _Resolver):
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
        named = find_landmarks(text)
        spans, marks = keep_landmarks(self._recognise(text, toks), named)
        self._cues(text, toks, spans)
        spelled = self._region_variants(spans)
        for lm in marks:  # "the Mirpur district of Dhaka": Dhaka the city, not the division
            if lm.town_start is not None:
                for s in overlapping(spans, lm.town_start, lm.town_start + 1):
                    s.cue_city, s.cue_region = True, False
        # pass 1: priors and local cues, containers first (they come later in the text)
        for s in reversed(spans):
            self._pick(s, None)
        ctx = _Context(spans)
        for s in reversed(spans):  # containers first: "Mahas district, Hiraan region"
            if s.fuzzy:
                self._fuzzy(s, ctx)
                s.priors = []
                self._pick(s, None)
        for s in reversed(spans):
            self._pick(s, None)
        ctx = _Context(spans)
        coherence = self._coherence(spans)
        # pass 2, one name at a time, the surest first, each seeing the others' latest
        # readings (two names must not both flip to each other's old country)
        for s in sorted(spans, key=_margin, reverse=True):
            before = s.choice
            # (an adjective names a country, not a spot near the others: no coherence)
            self._pick(s, ctx, None if s.demonym else coherence)
            if s.choice is not before:
                ctx = _Context(spans)
        # a namesake abroad goes; the smallest first, and a name the text calls a place
        # ("Laukkai region") stays when its only witnesses against it went before it (two small
        # towns of two countries do not both go)
        # towns; an adjective names the people who act, not where, so it is no witness against
        # a town of some size by its own name ("Turkish troops in Afrin"), or a city by another
        # name ("Hama" for Ḩamāh)
        # an adjective before a force ("Israeli forces", "a Russian drone") names who acts, and
        # forces act abroad: it is no witness against a town by its own name ("a raid on Tubas")
        forces = {id(s) for s in spans if s.demonym and _FORCE_AFTER.match(text, s.end)}
        seen = here = ctx
        seen_p = here_p = _Context(s for s in spans if not s.demonym)
        for s in sorted(spans, key=lambda s: s.choice.population if s.choice is not None else 0):
            own_name = s.choice is not None and (
                bool(s.choice.flags & CANONICAL) or skeleton(norm(s.choice.name)) == skeleton(s.key))
            own = s.choice is not None and s.choice.kind == "city" and s.choice.population >= (
                _SIZEABLE_TOWN if own_name else 10 * _SIZEABLE_TOWN)  # (a spelling of the own name: "Jenin")
            a, b = (seen_p, here_p) if own else (seen, here)
            if forces and own_name and not own and s.choice is not None:
                # (foreign forces only: "Ukrainian soldiers" still witness for Kupiansk)
                cc = s.choice.country_code
                a = _Context(t for t in spans if id(t) not in forces or t.choice is None or t.choice.country_code == cc)
                b = _Context(t for t in spans if t.choice is not None and (
                    id(t) not in forces or t.choice.country_code == cc))
            group = _GROUP_AFTER.match(text, s.end) is not None  # "Fano militiamen": who, not where
            if (_lone_abroad(s, a, group) and (not (s.cue_city or s.cue_region) or _lone_abroad(s, b, group))) \
                    or (group and s.choice is not None and s.choice.kind == "city" and not s.choice.flags & CANONICAL
                        and s.choice.population < _LONE_POP):  # "Nuer and Murle community leaders"
                s.choice = None
                here = _Context(spans)
                here_p = _Context(s for s in spans if not s.demonym)
        ctx = here
        _group_names(text, spans, ctx)
        refused = {id(s) for s in self._against_stated(spans)}
        spans, marks = refuse_namesakes(text, toks, spans, marks, named)
        if not self.include_embedded:
            marks = sorted(marks + facilities(text, toks, spans), key=lambda lm: lm.start)
        mentions = []
        unresolved = []
        top_cc = max(ctx.country_share, key=ctx.country_share.__getitem__) if ctx.country_share else None
        for s in spans:
            if s.choice is None:
                if s.fuzzy or id(s) in refused:
                    within = _held_in(s) or _unit_before(text, spans, s)
                    unresolved.append(Unresolved(
                        s.start, s.end, text[s.start : s.end], "region" if s.cue_region else "city",
                        top_cc, _candidate(within, 0.0) if within is not None else None))
                continue
            if s.demonym and not self.include_demonyms:
                continue
            if s.embedded and not self.include_embedded:
                continue
            mentions.append(self._mention(text, s, report_id, id(s) in spelled and s.choice.kind == "region"))
        towns = scene_towns(spans)
        for lm in marks:
            m = self._landmark(text, lm, spans, towns, top_cc, report_id)
            if m is not None:
                mentions.append(m)
            else:
                unresolved.append(Unresolved(lm.start, lm.end, lm.surface, "landmark", top_cc))
        mentions.sort(key=lambda m: m.start)
        return mentions, unresolved

    def _landmark(
        self, text: str, lm: Landmark, spans: list[_Span], towns: list[_Span], top_cc: str | None,
        report_id: str,
    ) -> Mention | None:
        """A landmark placed inside its town: at the gazetteer's own entry for it when the index
        holds one near the town, else at the town's point (``feature_code`` ``LMK``; events
        place it at ``geo_precision`` 2, see :func:`geo_precision`)."""
        town = town_of(lm, text, spans, self.gaz, top_cc, towns)
        if town is None and top_cc and not lm.civic and not towns and any(
                s.choice is not None and s.choice.kind == "country" and s.choice.country_code == top_cc
                for s in spans):
            # no town named at all, only the country (or its people): a square or an avenue of
            # that country is the capital's first ("Egyptians filled Tahrir Square")
            town = self.gaz.capital(top_cc)
        if town is None:
            return None
        own = held_place(lm, text, self.gaz, town)
        p = own or town
        return Mention(
            report_id=report_id, mention=lm.surface, start=lm.start, end=lm.end,
            name=own.name if own else lm.surface, geonameid=own.id if own else None,
            lat=p.lat, lon=p.lon, country_code=p.country_code, admin1=p.admin1, kind="landmark",
            role="context", confidence=0.8 if own else 0.7 if lm.town or lm.capital or lm.scene else 0.6,
            alternatives=[_candidate(town, 0.0)] + ([_candidate(lm.namesake, -1.0)] if lm.namesake else []),
            admin1_code=p.admin1_code,
            feature_code=own.feature_code if own else "LMK", population=own.population if own else 0,
            method="landmark",
        )

    def _mention(self, text: str, s: _Span, report_id: str, spelled: bool = False) -> Mention:
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
        if spelled:
            conf *= _W_SPELLED  # read through a variant spelling: less sure than the name as written
        seen = {p.id}
        alts: list[Candidate] = []
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


_LONE_POP = 50_000
_W_SPELLED = 0.9
_SIZEABLE_TOWN = 30_000  # a town this big by its own name is meant though only adjectives name its country
#: Between a unit and a name it holds, the unit written first: "Taungoo District, Klo Lu
#: village", "Ye Township (in Haw Klaing village", "Kunduz province: Qala-i-Zal".
_UNIT_FIRST = re.compile(r"(?:[ \t]+(?:district|township|province|region|state|county|governorate|prefecture))?"
                         r"[ \t]*[,(:][ \t]*(?:in[ \t]+)?(?:the[ \t]+)?(?:village[ \t]+of[ \t]+)?",
                         re.IGNORECASE)


def _held_in(s: _Span) -> Place | None:
    """The most precise unit the text states around ``s`` that the gazetteer knows, up the
    stated chain: "X village, Y township, Z state" with Y unknown too gives Z."""
    c = s.container
    for _ in range(4):
        if c is None or c is s:
            return None
        if c.choice is not None and not c.demonym:
            return c.choice
        c = c.container
    return None


def _unit_before(text: str, spans: list[_Span], s: _Span) -> Place | None:
    """The unit the text names right before an unknown name, as its holder."""
    prev = [t for t in spans if t.end <= s.start and t.choice is not None and not t.demonym and not t.embedded]
    if not prev:
        return None
    p = prev[-1]
    m = _UNIT_FIRST.fullmatch(text, p.end, s.start)
    if m is None or p.choice is None or p.choice.kind not in ("city", "region"):
        return None
    gap = text[p.end : s.start]
    if "(" not in gap and gap.lstrip()[:1] in (",", ":") and not (s.cue_city or s.cue_region):
        return None  # "Magwe, Killing Two": a clause, unless a unit or "village" says hierarchy
    return p.choice


#: Words after a country's adjective that make it the actor's: "Israeli forces", "Russian drones"
_FORCE_AFTER = re.compile(
    r"[ \t]+(?:(?:security|armed|special|air|naval|ground|government|occupation|border)[ \t]+)?"
    r"(?:forces|troops|army|military|soldiers|police|jets|warplanes|aircraft|planes|drones?|"
    r"air[ -]?strikes?|strikes?|missiles?|rockets?|shells?|artillery|navy|units?|tanks?|helicopters?|"
    r"settlers|gunboats|commandos)\b", re.IGNORECASE)

_GROUP_RX: list[tuple[re.Pattern[str], str]] | None = None
_GROUP_WORDS: dict[str, list[tuple[str, int]]] = {}  # first three letters -> (word of an alias, group)


def _group_names(text: str, spans: list[_Span], ctx: _Context) -> None:
    """Names of armed groups (the events' reference table, :mod:`geodata.events._armed_groups`):
    a place inside a longer group name is embedded ("the Sinaloa Cartel near Aguililla"); a
    place that is the group's whole name is dropped when the document's other places are in
    the group's country and it is not ("Fano and the army clashed near Gondar": not Fano, Italy)."""
    global _GROUP_RX
    if _GROUP_RX is None:
        try:
            from geodata.events._armed_groups import GROUPS
        except ImportError:  # pragma: no cover - the table is optional for the geoparser
            GROUPS = ()
        # each group's pattern, and the words of three letters or more its aliases spell out
        # (a span is checked only against groups whose words it contains)
        _GROUP_RX = [(re.compile(r"(?<![\w-])(?:" + "|".join(g.aliases) + r")(?![\w-])"), g.country)
                     for g in GROUPS if g.aliases]
        for k, g in enumerate(g for g in GROUPS if g.aliases):
            for w in {w.lower() for a in g.aliases for w in re.findall(r"[A-Za-z]{3,}", a)}:
                _GROUP_WORDS.setdefault(w[:3], []).append((w, k))
    hits: list[tuple[int, int, str]] = []
    for s in spans:
        if s.choice is None or s.choice.kind == "country" or s.demonym:
            continue
        wanted = {k for tok in re.findall(r"[a-z]{3,}", text[s.start : s.end].lower())
                  for w, k in _GROUP_WORDS.get(tok[:3], ()) if tok.startswith(w) or w.startswith(tok)}
        for k in sorted(wanted):
            rx, cc = _GROUP_RX[k]
            hits += [(m.start(), m.end(), cc) for m in rx.finditer(text, max(0, s.start - 80),
                                                                   min(len(text), s.end + 80))]
    if not hits:
        return
    inside = {id(s) for s in spans for a, b, _ in hits if a <= s.start and s.end <= b}
    elsewhere = any(s.choice is not None and id(s) not in inside and not s.demonym for s in spans)
    for s in spans:
        p = s.choice
        if p is None or p.kind == "country" or s.demonym:
            continue
        for a, b, cc in hits:
            if a <= s.start and s.end <= b:
                if (a, b) != (s.start, s.end):
                    # a place inside a group's name; still the only clue when the text names no other place
                    s.embedded = s.embedded or elsewhere
                elif p.country_code != cc and cc in ctx.view(s.key).country_share:
                    s.choice = None
                break


#: Words after a name that make it a group's name: "Fano militiamen", "Canaan gang members"
_GROUP_AFTER = re.compile(
    r"(?:['’]s)?(?:[ \t]+and[ \t]+[A-Z][\w'’-]*)?[ \t]+(?:militia(?:s|men)?|militants?|fighters|gangs?|gangsters|rebels|insurgents|"
    r"clan|clansmen|tribe|tribesmen|community|communities|youths?|herders|herdsmen|farmers|elders|"
    r"leaders|members|supporters|combatants|vigilantes)\b")  # (lower case: not "Community Hospital")


def _lone_abroad(s: _Span, ctx: _Context, group: bool = False) -> bool:
    """A small town in a country no other name of the document is in, while the document is
    about other countries, and nothing in the text says town: a namesake, not the place
    ("Muse" in a report on Myanmar is not Muse, Pennsylvania)."""
    p = s.choice
    if p is not None and p.kind == "region" and p.feature_code in ("ADM1", "ADM2") and not s.cue_region \
            and s.container is None:
        v = ctx.view(s.key)  # "West Coast": not NZ's (one other name is too weak a witness)
        return v.n_all >= 2 and bool(v.country_share) and (p.country_code or "") not in v.country_share
    if p is None or p.kind != "city" or p.feature_code.startswith("OVR"):
        return False  # not a town, or an analyst's own entry
    if s.cue_city and p.flags & CANONICAL:
        return False  # "the town of X": its own name, the text says town
    if p.population >= (_LONE_POP if p.flags & CANONICAL else 10 * _LONE_POP) * (10 if group else 1):
        return False  # big enough to be meant ("Mansi" is only another name of Muncie)
    c = s.container.choice if s.container is not None else None
    if c is not None:
        return bool(c.country_code) and c.country_code != p.country_code  # "Baja, Mexico"
    shares = ctx.view(s.key).country_share
    return bool(shares) and (p.country_code or "") not in shares


_COMPASS = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
#: Words before a name that put the event somewhere around it, not in it: "coded to Kandahar",
#: "north of Aleppo", "on the outskirts of Kano", "the countryside of Idlib".
_AROUND_BEFORE = re.compile(
    rf"\b(?:coded to|{_COMPASS} of|(?:on )?the outskirts of|outskirts of|(?:the )?{_COMPASS} outskirts of|"
    rf"(?:the )?(?:{_COMPASS} )?(?:countryside|environs|hinterland|rural areas?) of|"
    rf"(?:\d+|a few|several) ?(?:km|kilometres|kilometers|miles) (?:\w+ )?(?:from|of|outside))"
    rf"\s+(?:the\s+)?(?:(?:city|town|village|capital) of\s+)?$", re.IGNORECASE)
#: Words after a name that do the same: "the Idlib countryside", "Kano's outskirts".
_AROUND_AFTER = re.compile(r"(?:['’]s)?\s+(?:countryside|outskirts|environs|hinterland)\b", re.IGNORECASE)


def around(text: str, m: Mention) -> bool:
    """Whether the text puts what happened around the place ``m`` names rather than in it
    ("coded to X", "north of X", "the outskirts of X", "the X countryside")."""
    return bool(_AROUND_BEFORE.search(text, max(0, m.start - 60), m.start)
                or _AROUND_AFTER.match(text, m.end))


def geo_precision(m: Mention, text: str | None = None) -> int:
    """ACLED's geo-precision for an event placed at this mention: 1 the place itself, 2 a
    landmark placed at its town's point (the gazetteer does not hold it), 3 a region (or a
    landmark placed at its region's point, or a town the ``text`` puts the event around:
    see :func:`around`), 4 a country."""
    if m.kind == "country":
        return 4
    if m.kind == "region":
        return 3
    if text is not None and around(text, m):
        return 3
    if m.kind == "landmark" and m.geonameid is None and m.method == "landmark":
        inside = m.alternatives[0].kind if m.alternatives else "city"
        return 3 if inside in ("region", "country") else 2
    return 1


def _candidate(p: Place, score: float) -> Candidate:
    kind = p.kind if p.kind in ("city", "region", "country", "landmark") else "region"
    return Candidate(p.id, p.name, p.lat, p.lon, p.country_code or "", p.admin1, kind,  # type: ignore[arg-type]
                     score, p.feature_code, p.population)



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
