"""Resolution: which gazetteer entry each recognised name means (see
:mod:`geodata.places.geoparse`).

Each candidate gets a prior (kind, population, main name or not) and a score from the
document: its countries and regions, a stated container, cue words, and the distance to the
other names' candidates.

>>> round(_km(51.5, -0.13, 48.86, 2.35))
343
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from geodata.places._lexicon import CITY_WORDS, REGION_WORDS
from geodata.places._text import skeleton
from geodata.places._tokenize import _gap_ok, _initials, _Span, _Tok
from geodata.places._variants import fold, fold_many
from geodata.places.gazetteer import CANONICAL, DERIVED, Gazetteer, Place

_MAX_CANDIDATES = 25  # best candidates by prior that the context may reorder
_COHERENCE_CANDIDATES = 8
_W_LOCAL = 1.5  # weight of the share of the other towns and regions in the same country
_W_COUNTRY = 1.5  # weight of the share of all other mentions (countries included)
# (both chosen on LGL alone, GeoWebNews held out: see tools/bench_geoparse.py)
_FUZZY_CUTOFF = 78.0
_BIG_TOWN = 250_000
_SMALL_TOWN = 20_000
_OWN_CITY = 100_000
_BARE_REGION_NOUNS = frozenset(
    "region province oblast governorate prefecture district county territory canton voivodeship krai okrug "
    "wilaya raion rayon".split())
_SMALL_PLACES = frozenset("hamlet community locality camp neighbourhood neighborhood area".split())
_LOOSE_CUTOFF = 88.0  # a name only a preposition or a list calls a place must match closer
#: A unit word that says town even capitalised, as coders write it ("Myawaddy Township");
#: not "City", "Town", "Village" ("Leicester City", "Grants Town", "Greenwich Village")
_UNIT_CITY_WORDS = frozenset({"township"})
_W_FOLD = 0.95
_LOOSE_MIN_FOLD = 5  # no spelling-only match anywhere for shorter names  # a folded spelling that matches counts a little less than the name as written


class _Resolver:
    """The resolution half of :class:`geodata.places.geoparse.Geoparser`."""

    gaz: Gazetteer

    def _cues(self, text: str, toks: list[_Tok], spans: list[_Span]) -> None:
        start_of = {s.i: s for s in spans}
        self.__dict__["_near_links"] = set()  # spans whose stated unit is a town they lie near
        self.__dict__["_lower_units"] = set()  # spans named as a unit below a state ("X LGA")
        self.__dict__["_seat_units"] = set()  # units named after the town just before ("X (X province)")
        self.__dict__["_holds"] = {}  # id of a stated unit -> the first name it holds
        for s in spans:
            nxt = toks[s.j + 1] if s.j + 1 < len(toks) else None
            prev = toks[s.i - 1] if s.i > 0 else None
            prev2 = toks[s.i - 2] if s.i > 1 else None
            if nxt is not None and nxt.low in REGION_WORDS and _gap_ok(text, toks[s.j], nxt):
                s.cue_region = True
                if nxt.low in _LOWER_UNITS:
                    self.__dict__["_lower_units"].add(id(s))
            if nxt is not None and nxt.low in CITY_WORDS and (not nxt.cap or nxt.low in _UNIT_CITY_WORDS) \
                    and _gap_ok(text, toks[s.j], nxt):
                s.cue_city = True  # "Kawlin township", and as coders write it, "Kawlin Township"
            if prev is not None and prev.low == "of" and prev2 is not None:
                if prev2.low in ("city", "town", "village", "capital", "port", "settlement"):
                    s.cue_city = True
                elif prev2.low in REGION_WORDS:
                    s.cue_region = True
            if prev is not None and prev.low in ("city", "town", "village") and not prev.cap:
                s.cue_city = True
            if prev is not None and prev.low in _BARE_REGION_NOUNS and not prev.cap and text[prev.end : s.start] == " ":
                s.cue_region, s.cue_city = True, False  # "in the region Zhambyl", as translations write it
            c = _container(text, toks, s, start_of)
            if c is None and (c := _near(text, toks, s, start_of)) is not None:
                self.__dict__.setdefault("_near_links", set()).add(id(s))
            s.container = c or s.container
            if c is not None:
                self.__dict__["_holds"].setdefault(id(c), s)
            if c is not None and c.key == s.key and c.j + 1 < len(toks) and toks[c.j + 1].low in REGION_WORDS \
                    and not s.cue_region:
                # "Cordoba (Cordoba province)": the town, and the province that holds it
                s.cue_city = True
                self.__dict__["_seat_units"].add(id(c))

    def _region_variants(self, spans: list[_Span]) -> set[int]:
        """Before "region"/"province"..., a name matched only as towns also gets the admin
        units its folded spelling (:func:`~geodata.places._variants.fold`) names in a country
        of those towns ("Zhanaozen (Mangistau region)": the region Mangystau, not the town
        Mangistau). The ids of the spans given such a variant."""
        out: set[int] = set()
        for s in spans:
            if not s.cue_region or s.fuzzy or s.demonym or any(p.kind != "city" for p in s.cands):
                continue
            folded = fold(s.key)
            if len(folded) < _LOOSE_MIN_FOLD:
                continue
            codes = {p.country_code for p in s.cands}
            have = {p.id for p in s.cands}
            extra = [p for p in self.gaz.places(self.gaz.folded(_initials(s.key)).get(folded, []))
                     if p.kind == "region" and p.country_code in codes and p.id not in have
                     and p.feature_code in ("ADM1", "ADM2")]
            if extra:
                s.cands = s.cands + extra
                out.add(id(s))
        return out

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
            if p.population >= 1_000_000 and p.flags & CANONICAL:
                # so are metropolises ("New York" the city before the state), by their own
                # name: "Cancun" is Cancún, not one of Changchun's other names
                sc += 0.5
        if p.flags & CANONICAL:
            sc += 0.6
        elif p.flags & DERIVED:
            sc -= 0.4
        elif p.kind == "city" and p.population < 10_000:
            sc -= 0.8
        if p.feature_code.startswith("OVR"):
            sc += 10.0
        if p.kind == "landmark" and self._near_capital(p):
            sc += 0.5  # "Tahrir Square" with no town named: Cairo's before Alexandria's
        if s.cue_region and id(s) in self.__dict__.get("_lower_units", ()):
            # "Bauchi LGA", "Kasese district", "Douentza cercle": a unit below a state, named
            # after its seat, is the seat's area; the state of that name is the last reading
            sc += -1.5 if p.feature_code.endswith("ADM1") else 2.5 if p.kind == "region" else 1.0
        elif s.cue_region:
            sc += 2.5 if p.kind == "region" else -1.0
        if s.cue_city:
            sc += 1.5 if p.kind == "city" else -1.5
        return sc

    def _near_capital(self, p: Place) -> bool:
        """Whether a place lies within 30 km of its country's capital (landmarks of the same
        name in several towns: news names the capital's)."""
        caps: dict[str, Place | None] = self.__dict__.setdefault("_capitals", {})
        cc = p.country_code or ""
        if cc not in caps:
            caps[cc] = self.gaz.capital(cc) if cc else None
        c = caps[cc]
        return c is not None and _km(p.lat, p.lon, c.lat, c.lon) <= 30.0

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
            if c.kind == "city" and p.kind == "city" and p is not c and c.population > max(p.population, _SMALL_TOWN):
                # "Bohdanivka, Kyiv": the Bohdanivka near Kyiv (a bigger town named as the holder
                # of a village lies near it, whatever unit the two are in; not a list of names)
                sc += 2.0 * max(0.0, 1.0 - _km(p.lat, p.lon, c.lat, c.lon) / 150.0)
        if ctx is not None:
            v = ctx.view(s.key)
            cc = p.country_code or ""
            # the country of the document's other towns and regions counts most; a country
            # named in passing ("U.S. officials") counts less
            # (one other town alone is a weaker witness than several)
            w_local = _W_LOCAL * min(1.0, v.n_local / 2.0)
            sc += w_local * v.local_share.get(cc, 0.0) + _W_COUNTRY * v.country_share.get(cc, 0.0)
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
                # a city of this size abroad is what the name means before a province of
                # another country ("Gaza" the city, not the province of Mozambique)
                big = {p.country_code for p in s.cands if p.kind == "city" and p.population >= _BIG_TOWN}
                pri = [(sc - 1.0 if p.feature_code.endswith("ADM1")
                        and (p.admin1_code in towns or (big and p.country_code not in big)) else sc, p)
                       for sc, p in pri]
            if not s.cue_city:
                # a village that bears a state's name ("Florida", New York): the state, unless
                # the text says town
                states = {p.country_code for p in s.cands if p.feature_code.endswith("ADM1")}
                pri = [(sc - 2.0 if p.kind == "city" and p.population < _SMALL_TOWN
                        and p.country_code in states else sc, p) for sc, p in pri]
            if s.demonym and len(s.cands) > 1:
                # an adjective several countries share ("Chinese": China, Hong Kong, Macao)
                # is the most populous one's unless the text says otherwise
                top = max(s.cands, key=lambda p: p.population)
                pri = [(sc + 1.0 if p is top else sc, p) for sc, p in pri]
            if id(s) in self.__dict__.get("_seat_units", ()):
                # the unit of that name that holds the biggest town of that name
                seat = max((p for p in s.cands if p.kind == "city"), key=lambda p: p.population, default=None)
                if seat is not None:
                    pri = [(sc + 2.0 if p is seat or (p.kind == "region" and p.admin1_code == seat.admin1_code
                                                      and p.country_code == seat.country_code) else sc, p)
                           for sc, p in pri]
            pri.sort(key=lambda x: (-x[0], -x[1].population))
            s.priors = pri[:_MAX_CANDIDATES]
        coh = dict(coherence or {})
        if coh and any(p.flags & CANONICAL and p.kind == "city" and p.population >= _OWN_CITY for _, p in s.priors):
            # a city of this size by its own name is not outvoted by a village that bears the
            # name only as another name, merely because the village lies near the other
            # places ("Paris ... Nanterre ... Marseille": not Marseille-en-Beauvaisis)
            for _, p in s.priors:
                if p.kind == "city" and not p.flags & CANONICAL and p.population < _SMALL_TOWN and id(p) in coh:
                    coh[id(p)] *= 0.5
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

    def _against_stated(self, spans: list[_Span]) -> list[_Span]:
        """Drop a town's reading that lies outside the region the text states around it when no
        reading lies inside ("Chiro town in West Hararghe zone, Oromia": not Ciro in another
        region); the name stays unknown, held by the stated unit. Only towns below
        ``_STATED_POP``, and only regions the text names as written (not a near miss). The
        spans whose reading went."""
        out = []
        for s in spans:
            p = s.choice
            if p is None or s.fuzzy or s.demonym or s.embedded or p.kind != "city" or p.feature_code == "PPLC" \
                    or p.population >= _STATED_POP or p.feature_code.startswith("OVR"):
                continue  # (a capital is often a unit of its own: "Honiara (Guadalcanal)")
            a1, _ = stated_units(s, exact=True, near=self.__dict__.get("_near_links", set()))
            if a1 is None or any(q.admin1_code == a1 for _, q in s.scores):
                continue
            s.choice = None
            out.append(s)
        return out

    def _folded(self, cc: str, kind: str | None, initials: str, keys: list[str]) -> list[str]:
        """Folded spellings (:func:`~geodata.places._variants.fold`) of a country's names."""
        cache: dict[tuple[str, str | None, str], list[str]] = self.__dict__.setdefault("_fold_cache", {})
        ck = (cc, kind, initials)
        if ck not in cache:
            cache[ck] = fold_many(keys)
        return cache[ck]

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
        held = self.__dict__.get("_holds", {}).get(id(s))
        if held is not None and held.choice is not None and held.choice.country_code \
                and held.choice.country_code not in countries:
            countries.insert(0, held.choice.country_code)  # "Mirebalais (Centre department)": Haiti's
        if s.cue_region and self._adjectival_unit(s, countries):
            return
        skel = skeleton(s.key)
        folded = fold(s.key)
        if not countries:
            self._fold_anywhere(s, kind, folded)
            return
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
            folds = self._folded(cc, kind, _initials(s.key), keys)
            for _, _, idx in process.extract(folded, folds, scorer=fuzz.ratio, score_cutoff=85, limit=10):
                hits.setdefault(idx, fuzz.ratio(s.key, keys[idx]))
            for idx, full in hits.items():
                sc = max(full, 0.5 * full + 0.5 * fuzz.ratio(skel, skels[idx]),
                         _W_FOLD * fuzz.ratio(folded, folds[idx]))
                if sc >= _FUZZY_CUTOFF - 10:
                    for pid in ids[idx]:
                        scored[pid] = max(scored.get(pid, 0.0), sc)
        if not scored:
            if kind == "region" and not self.gaz.lookup(s.key):
                # "Hiraan region" beside a namesake abroad: admin units are few (a name refused
                # as written, "Asian-Pacific region", is not looked for elsewhere)
                self._fold_anywhere(s, kind, folded, units_only=True)
            return
        places = self.gaz.places(scored)
        a1, town = stated_units(s)
        best: tuple[float, list[Place]] = (0.0, [])
        best_near = False  # places near a stated town rank first, but none is lifted over the cutoff
        for p in places:
            sc = scored[p.id] + (8.0 if a1 and p.admin1_code == a1 else 0.0)
            near = town is not None and _km(p.lat, p.lon, town.lat, town.lon) <= _STATED_TOWN_KM
            if (near, sc) > (best_near, best[0] + 1e-9):
                best, best_near = (sc, [p]), near
            elif near == best_near and abs(sc - best[0]) <= 1e-9:
                best[1].append(p)
        if best[0] < (_LOOSE_CUTOFF if s.loose else _FUZZY_CUTOFF):
            if kind == "region" and not self.gaz.lookup(s.key):
                self._fold_anywhere(s, kind, folded, units_only=True)
            return
        if a1 and not any(p.admin1_code == a1 for p in best[1]):
            return  # "Thazi Gyi township, Rakhine state": no near miss outside the stated state
        if town is not None and not any(_km(p.lat, p.lon, town.lat, town.lon) <= _STATED_TOWN_KM
                                        for p in best[1]):
            # "Kawo village (Kaduna North LGA, Kaduna state)": not Kwoi, 130 km from Kaduna in
            # another LGA; the name stays unknown, held by the unit the text states
            return
        s.fuzzy_score = min(100.0, best[0])
        s.cands = best[1]


    def _adjectival_unit(self, s: _Span, countries: list[str]) -> bool:
        """A unit named by its seat's adjective, as Ukrainian, Russian and Belarusian raions
        are ("Kupianskyi raion": Kupiansk; "Bakhmutskyi": Bakhmut; "Polohivskyi": Polohy):
        the seat town, in one of ``countries`` (or in one country only when none is known)."""
        m = _ADJECTIVAL.fullmatch(s.key)
        if m is None:
            return False
        stem = m.group(1)
        keys = [stem + "sk", stem + "sa", stem + "s", stem + "a", stem + "e", stem + "i"]
        if len(stem) >= 5:
            keys.insert(1, stem)  # "Bakhmutskyi": Bakhmut (not "Odeskyi": Ode)
        if stem.endswith(("iv", "ov", "ev")):
            keys += [stem[:-2] + "y", stem[:-2] + "i", stem[:-2] + "a"]  # Polohy -> Polohivskyi
        found = self.gaz.lookup_many(keys)
        towns: list[Place] = []
        for k in keys:  # the first spelling that names a town of the document's countries
            towns = [p for p in found.get(k, []) if p.kind == "city" and (not countries or p.country_code in countries)]
            if towns:
                break
        if towns and not countries:  # no country known: the country of the biggest such town
            top = max(towns, key=lambda p: p.population)
            towns = [p for p in towns if p.country_code == top.country_code]
        if not towns:
            return False
        s.cands = list({p.id: p for p in towns}.values())
        s.fuzzy_score = 90.0
        return True

    def _fold_anywhere(self, s: _Span, kind: str | None, folded: str, units_only: bool = False) -> None:
        """A name the text calls a place ("Paktya province", "Mehtarlam city") in a document
        that names no country: the places anywhere whose folded spelling is the same, when
        they all lie in one country (a spelling several countries share stays unresolved)."""
        if not (s.loose or s.cue_city or s.cue_region) or len(folded) < _LOOSE_MIN_FOLD:
            return
        by_fold = self.gaz.folded(_initials(s.key))
        ids = by_fold.get(folded, [])
        score = 90.0
        if not ids and (kind == "region" or (kind is None and s.loose)) and len(folded) >= _LOOSE_MIN_FOLD + 2:
            # (a first-order unit after a preposition too: "rallies in Khuzistan", admin-1 only)
            # a region the text names as such may differ by a vowel too ("Baluchistan
            # province": Balochistan); admin units are few, so a close spelling is enough
            from rapidfuzz import fuzz, process

            hits = process.extract(folded, list(by_fold), scorer=fuzz.ratio, score_cutoff=_LOOSE_CUTOFF - 5, limit=20)
            # close enough: the spelling, or the same consonants with one vowel changed ("Khuzistan")
            skel = skeleton(folded)
            regions = {pid: max(sc, _LOOSE_CUTOFF) if sc < _LOOSE_CUTOFF else sc for key, sc, _ in hits
                       if sc >= _LOOSE_CUTOFF or (skeleton(key) == skel and abs(len(key) - len(folded)) <= 1)
                       for pid in by_fold[key]}
            found = [p for p in self.gaz.places(regions) if p.kind == "region"
                     and p.feature_code in (("ADM1", "ADM2") if kind == "region" else ("ADM1",))]
            if found:
                top = max(regions[p.id] for p in found)
                ids = [p.id for p in found if regions[p.id] == top]
                score = _W_FOLD * top
        found = [p for p in self.gaz.places(ids) if p.kind != "country"]
        # a district may be known only by its main town ("Rangae district")
        places = [p for p in found if kind is None or p.kind == kind] or \
            [p for p in found if kind == "region" and p.kind == "city" and not units_only]
        if not places or len({p.country_code for p in places}) != 1:
            return
        s.fuzzy_score = score
        s.cands = places


#: A unit's name made an adjective of its seat's ("Kupianskyi", "Bakhmutskiy", "Odeska")
_ADJECTIVAL = re.compile(r"([a-z][a-z' -]{2,})(?:s'?kyi|s'?kyy|s'?kiy|s'?kij|s'?ky|s'?ka|s'?kaya|s'?ki)")

#: Unit words for areas below a state: an admin-1 region is not what they name
_LOWER_UNITS = frozenset(
    "lga cercle woreda tehsil kebele upazila subcounty sub subdistrict chiefdom constituency taluk taluka "
    "mandal district raion rayon".split())
_STATED_TOWN_KM = 75.0  # a village the text puts in a town's unit lies this close to the town
_STATED_POP = 100_000  # a town this big is meant even outside the region the text states


def stated_chain(s: _Span, near: set[int] | frozenset[int] = frozenset()) -> list[_Span]:
    """The units the text states around ``s``, innermost first: "X village (Y LGA, Z state)"
    gives Y, Z; "X, near Y" gives Y (not when ``near`` holds the id of X: only units that
    hold X)."""
    out: list[_Span] = []
    c = s.container
    while c is not None and c is not s and c not in out and len(out) < 4:
        if id(s) in near:
            break
        out.append(c)
        s, c = c, c.container
    return out


def stated_units(s: _Span, exact: bool = False,
                 near: set[int] | frozenset[int] = frozenset()) -> tuple[str | None, Place | None]:
    """The admin-1 code of the first region and the first town the text states around ``s``
    (see :func:`stated_chain`), as resolved so far (``exact``: only names as written)."""
    a1: str | None = None
    town: Place | None = None
    for c in stated_chain(s, near):
        p = c.choice
        if p is None or c.demonym or (exact and c.fuzzy):
            continue
        if p.kind == "region" and a1 is None and p.admin1_code:
            a1 = p.admin1_code
        elif p.kind == "city" and town is None and a1 is None and (not c.fuzzy or c.fuzzy_score >= 90.0):
            town = p
    return a1, town


def _container(text: str, toks: list[_Tok], s: _Span, start_of: dict[int, _Span]) -> _Span | None:
    """The name the text states around ``s``: "X, Y", "X, in Y province", "X village
    (District, Region)", "the X district of Y province", "X in Y province"."""
    k = s.j + 1
    if k >= len(toks):
        return None
    gap = text[s.end : toks[k].start]
    if gap.strip() in (",", "("):
        if toks[k].low in ("a", "an"):
            # "X, a village in Y district": skip the description to the unit
            k = next((q + 1 for q in range(k + 1, min(len(toks), k + 5))
                      if toks[q].low in ("in", "of") and toks[q - 1].low in CITY_WORDS | _SMALL_PLACES), k)
            if k + 1 < len(toks) and toks[k].low == "the":
                k += 1
        elif toks[k].low in ("in", "of") and k + 1 < len(toks):
            k += 1
        return start_of.get(k)
    if toks[k].low in REGION_WORDS or toks[k].low in CITY_WORDS:
        # "X village (District, Region)", "the X district of Y province"
        k += 1
        if k < len(toks) and toks[k].low in REGION_WORDS and text[toks[k - 1].end : toks[k].start] == "-":
            k += 1  # "X sub-county, Y county"
        if k < len(toks) and text[toks[k - 1].end : toks[k].start].strip() in ("(", ","):
            return start_of.get(k)  # "X village (District, Region)", "X township, Region"
        if k + 1 < len(toks) and toks[k].low == "of" and not toks[k].cap:
            return start_of.get(k + 1)
        if k + 1 < len(toks) and toks[k].low == "in" and text[toks[k - 1].end : toks[k].start] == " ":
            # "X town in Y zone", "X village in the Y North LGA": a unit the text names as such
            k += 2 if k + 2 < len(toks) and toks[k + 1].low == "the" else 1
            c = start_of.get(k)
            if c is not None and _unit_word_after(toks, c.j):
                return c
        return None
    if gap == " " and toks[k].cap and (c := start_of.get(k)) is not None and not c.demonym and c.cands \
            and all(p.feature_code.endswith("ADM1") or p.kind == "country" for p in c.cands[:1]) \
            and any(p.kind == "city" for p in s.cands):
        return c  # "Iguala Guerrero", "Mier Tamaulipas": a town and its state, no comma
    if toks[k].low in ("in", "of") and not toks[k].cap and gap == " ":
        # "X in Y province", "X in the Y district", "X of Y region": a unit the text names as such
        k += 2 if k + 1 < len(toks) and toks[k + 1].low == "the" else 1
        c = start_of.get(k)
        if c is not None and _unit_word_after(toks, c.j):
            return c
    return None


def _unit_word_after(toks: list[_Tok], j: int) -> bool:
    """Whether a unit word follows token ``j``, past a compass word of the unit's own name
    ("Y province", "Kaduna North LGA": an LGA named after Kaduna)."""
    k = j + 1
    if k + 1 < len(toks) and toks[k].cap and toks[k].low in _COMPASS_PARTS:
        k += 1
    return k < len(toks) and toks[k].low in REGION_WORDS


#: Compass words that end a unit's name after its town's ("Kaduna North", "Jos South")
_COMPASS_PARTS = frozenset("north south east west central northeast northwest southeast southwest".split())


#: After a name, the town it lies near: "X village near Y", "X, near Y", "X (near Y)", "X,
#: located about 13 km from Y", "X, 20 km north of the town of Y".
_NEAR_AFTER = re.compile(
    r"(?:[ \t]+(?:village|town|hamlet|settlement|camp|area|locality))?[ \t]*[,(]?[ \t]*"
    r"(?:(?:located|situated|lying)[ \t]+)?(?:(?:some|about|around|approximately|roughly)[ \t]+)?"
    r"(?:(?P<n>\d+)[ \t]*(?P<unit>km|kilomet(?:er|re)s?|mi(?:les?)?)[ \t]*(?:\([^)]{0,30}\)[ \t]*)?"
    r"(?:[a-z-]+[ \t]+)?(?:from|of|outside)|near|close[ \t]+to|outside)"
    r"[ \t]+(?:the[ \t]+)?(?:(?:[a-z]+[ \t]+)?(?:town|city|village|capital)[ \t]+(?:of[ \t]+)?)?",
    re.IGNORECASE)
_NEAR_KM = 50.0  # farther than this, a town named as a bearing holds nothing


def _near(text: str, toks: list[_Tok], s: _Span, start_of: dict[int, _Span]) -> _Span | None:
    """The town the text places ``s`` near, within 50 km ("X village near Y", "X, 13 km from
    Y"): the unit to fall back on when X itself is not in the gazetteer."""
    m = _NEAR_AFTER.match(text, s.end)
    if m is None or m.end() == s.end:
        return None
    if m.group("n") is not None:
        dist = float(m.group("n")) * (1.609 if m.group("unit").lower().startswith("mi") else 1.0)
        if dist > _NEAR_KM:
            return None
    k = next((t for t in range(s.j + 1, min(len(toks), s.j + 16)) if toks[t].start >= m.end()), None)
    if k is None or toks[k].start != m.end():
        return None
    c = start_of.get(k)
    return c if c is not None and any(p.kind == "city" for p in c.cands) else None


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
    n_local: float = 0.0  # how many other mentions of towns and regions
    n_all: int = 0  # how many other mentions


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
            cc: defaultdict[str, float] = defaultdict(float)
            local: defaultdict[str, float] = defaultdict(float)
            a1: defaultdict[str, float] = defaultdict(float)
            pts: list[tuple[float, float]] = []
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
            v = _View(_shares(cc), _shares(local), _shares(a1), centroid, dict(states), dict(towns),
                      sum(local.values()), sum(1 for r in self._rows if r[0] != key))
            self._views[key] = v
        return v


def _margin(s: _Span) -> float:
    """How clearly a name's priors favour one reading."""
    if not s.priors:
        return 0.0
    if len(s.priors) == 1:
        return 10.0
    return s.priors[0][0] - s.priors[1][0]


def _shares(c: Mapping[str, float]) -> dict[str, float]:
    tot = sum(c.values()) or 1.0
    return {k: n / tot for k, n in c.items()}
