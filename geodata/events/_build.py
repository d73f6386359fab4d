"""From merged protos to :class:`geodata.model.Event`: merging, actors, ids, confidence."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Sequence

from geodata.events._actors import (
    _CLAIM_RX,
    INTER_OF,
    actor_for,
    country_info,
    find_organisations,
    first_forces,
    forces_kind,
    refine_actors,
)
from geodata.events._cues import (
    ARMED_WORDS_RX,
    ATTRIBUTION_RX,
    BY_NON_STATE_RX,
    CUSTODY_RX,
    DEMO_WORDS_RX,
    PARTISANS_RX,
    POLICE_WORDS_RX,
)
from geodata.events._records import Proto
from geodata.events.taxonomy import severity_of, tactic_rank
from geodata.model import Event, Mention, Report

_I = re.IGNORECASE
_Key = tuple[str | None, ...]


def merge_protos(protos: list[Proto]) -> list[Proto]:
    """One proto per place, day and family (a national measure: per place and family)."""
    groups: dict[_Key, Proto] = {}
    order: list[_Key] = []
    for p in _tolls_of_the_force(protos):
        if p.family in ("sd:emergency", "sd:internet", "sd:deployment"):
            key: _Key = (p.place.key, p.family)
        else:
            key = (p.place.key, p.date, p.family)
        g = groups.get(key)
        if g is None:
            groups[key] = dataclasses.replace(p, sentences=list(p.sentences), sentence_ix=list(p.sentence_ix), tags=list(p.tags),
                                              ix_seen=set(p.sentence_ix))
            order.append(key)
            continue
        _absorb(g, p)
    merged = _one_measure_event(groups[k] for k in order)
    # Arrests at a protest of the same place and day are part of it.
    demo = {(p.place.key, p.date): p for p in merged if p.family == "demo"}
    # Damage told right after an attack at its place and day is part of it ("RSF fighters
    # attacked X, killing 12. They also looted the market.": one event, the looting a tag).
    violent = [p for p in merged if p.family in ("vac", "battle", "explosion")]
    out: list[Proto] = []
    for p in merged:
        v = next((q for q in violent if p.family == "sd:looting" and q.place.key == p.place.key and q.date == p.date
                  and 0 < min(p.sentence_ix) - max(q.sentence_ix) <= 2), None)
        if v is not None:
            _absorb(v, p, keep_type=True)
            continue
        d = demo.get((p.place.key, p.date))
        if p.family == "sd:arrests" and d is not None:
            _absorb(d, p, keep_type=True)
            if d.event_type == "Protests" and d.sub_event_type == "Peaceful protest":
                d.sub_event_type = "Protest with intervention"
            continue
        out.append(p)
    for p in out:
        if p.event_type is None:  # casualties with no event of their own: keep the scene's type
            p.event_type, p.sub_event_type = "Violence against civilians", "Attack"
        if (p.event_type, p.sub_event_type) == ("Violence against civilians", "Attack") and p.victims in ("security", "armed"):
            # An attack whose dead or wounded are the security forces or armed men is a battle.
            p.event_type, p.sub_event_type = "Battles", "Armed clash"
        if p.family == "demo" and (p.fatalities or 0) > 0 and p.event_type == "Protests" and p.sub_event_type != "Excessive force against protesters":
            if p.victims == "security":
                p.event_type, p.sub_event_type = "Riots", "Violent demonstration"
            else:
                p.sub_event_type = "Excessive force against protesters"
    return out


_MEASURES = ("sd:emergency", "sd:internet", "sd:deployment")


def _unclaimed_toll(p: Proto) -> bool:
    """A killing or wounding whose clause names no doer but the state's forces ("five people
    were shot dead outside parliament", "police shot dead two men")."""
    return (p.family in ("vac", "casualty") and p.event_type in (None, "Violence against civilians")
            and p.sub_event_type in (None, "Attack") and p.victims != "armed"
            and first_forces(p.doer) in (None, "police", "military") and not ARMED_WORDS_RX.search(p.act))


def _tolls_of_the_force(protos: list[Proto]) -> list[Proto]:
    """A toll told after the security forces fired on a crowd, at the same place and day (its
    sentence or the next two), is the force's act at that demonstration, not an attack by an
    unknown group: it joins the demonstration (excessive force against peaceful protesters; a
    violent demonstration with fatalities when the crowd rioted)."""
    out: list[Proto] = []
    for p in protos:
        if _unclaimed_toll(p):
            d = next((q for q in reversed(out) if q.fired_on_crowd and q.place.key == p.place.key and q.date == p.date
                      and 0 <= min(p.sentence_ix) - max(q.sentence_ix) <= 2), None)
            if d is not None:
                p = dataclasses.replace(p, family=d.family, event_type=None, sub_event_type=None)
        out.append(p)
    return out


def _one_measure_event(protos: Iterable[Proto]) -> list[Proto]:
    """National measures of one place and day are one event (Strategic developments: Other)
    tagged with each measure ("cut mobile internet and deployed troops")."""
    out: list[Proto] = []
    first: dict[tuple[str, str | None], Proto] = {}
    for p in protos:
        if p.family in _MEASURES and p.date is not None:
            g = first.get((p.place.key, p.date))
            if g is not None:
                _absorb(g, p, keep_type=True)
                continue
            first[(p.place.key, p.date)] = p
        out.append(p)
    return out


def _absorb(g: Proto, p: Proto, keep_type: bool = False) -> None:
    if not keep_type and p.event_type is not None and (
        g.event_type is None or tactic_rank(p.event_type, p.sub_event_type or "") < tactic_rank(g.event_type, g.sub_event_type or "")
    ):
        g.event_type, g.sub_event_type = p.event_type, p.sub_event_type
    g.strength = max(g.strength, p.strength)
    if p.date is not None and (g.date is None or p.date < g.date):
        g.date, g.precision, g.date_how = p.date, p.precision, p.date_how
    elif p.date == g.date and p.precision < g.precision:
        g.precision, g.date_how = p.precision, p.date_how
    if len(g.ix_seen) != len(g.sentence_ix):
        g.ix_seen = set(g.sentence_ix)
    for sp, ix in zip(p.sentences, p.sentence_ix, strict=True):
        if ix not in g.ix_seen:
            g.sentences.append(sp)
            g.sentence_ix.append(ix)
            g.ix_seen.add(ix)
    for attr in ("fatalities", "injuries", "arrests"):
        a, b = getattr(g, attr), getattr(p, attr)
        if b is not None and (a is None or b > a):
            setattr(g, attr, b)
    if g.victims is None:
        g.victims = p.victims
    if g.sender is None:
        g.sender = p.sender
    if not g.orgs:
        g.orgs = list(p.orgs)
    if not g.doer.strip() and not g.act.strip():
        g.doer, g.act = p.doer, p.act
    for t in p.tags:
        if t not in g.tags:
            g.tags.append(t)
    if g.place.mention_index is None and p.place.mention_index is not None and p.place.key == g.place.key:
        g.place = p.place
    if p.place.geo_precision < g.place.geo_precision and p.place.key == g.place.key:
        g.place = p.place


#: The sentence right after an act's, up to its end.
_NEXT_SENTENCE_RX = re.compile(r"[.!?]?\s+[^.!?]{1,200}[.!?]?")


def _claim_after(text: str, end: int) -> str:
    """The sentence right after an act's when it is a claim of it ("... killing 3. Al Shabaab
    claimed responsibility for the attack."), else ``""``: the claimant is the act's doer."""
    m = _NEXT_SENTENCE_RX.match(text, end)
    if m is None or not _CLAIM_RX.search(m.group(0)):
        return ""
    return m.group(0).lstrip(".!? ")


def _actors(p: Proto, country: str | None, notes: str, claim: str = "") -> tuple[str, int | None, str, int | None, str]:
    """``actor1, inter1, actor2, inter2, assoc_actor_1``: the generic actors the event's type
    gives, then those the clause of the act names (:func:`geodata.events._actors.refine_actors`;
    a claim told in the next sentence, ``claim``, is read with the notes)."""
    a1, i1, a2, i2, assoc = _base_actors(p, country, notes)
    a1, i1, a2, i2 = refine_actors(a1, i1, a2, i2, event_type=p.event_type or "", sub_event_type=p.sub_event_type or "",
                                   doer=p.doer, act=p.act, notes=notes, claim=claim, country=country,
                                   country_code=p.place.country_code)
    return a1, i1, a2, i2, assoc


def _base_actors(p: Proto, country: str | None, notes: str) -> tuple[str, int | None, str, int | None, str]:
    """The generic ``actor1, inter1, actor2, inter2, assoc_actor_1`` of the event's type."""
    et, sub = p.event_type or "", p.sub_event_type or ""
    notes = ATTRIBUTION_RX.sub(" ", notes)
    forces = first_forces(p.doer) or first_forces(p.act) or forces_kind(notes)
    state = forces if forces in ("police", "military") else "police"

    def a(kind: str) -> tuple[str, int]:
        return actor_for(kind, country), INTER_OF[kind]

    if et == "Protests":
        a1, i1 = a("protesters")
        if sub == "Peaceful protest":
            return a1, i1, "", None, ""
        a2, i2 = a("armed") if forces is None and BY_NON_STATE_RX.search(notes) else a(state)
        return a1, i1, a2, i2, ""
    if et == "Riots":
        a1, i1 = a("rioters")
        if sub == "Mob violence":
            a2, i2 = a("protesters") if DEMO_WORDS_RX.search(p.act or notes) else a("civilians")
            return a1, i1, a2, i2, ""
        if PARTISANS_RX.search(notes) and not POLICE_WORDS_RX.search(p.act or notes):
            a2, i2 = a("rioters")  # two sides in the street: students and a party's partisans
            return a1, i1, a2, i2, ""
        if POLICE_WORDS_RX.search(notes):
            a2, i2 = a(state)
            return a1, i1, a2, i2, ""
        return a1, i1, "", None, ""
    if et == "Battles":
        a1, i1 = a(state if forces in ("police", "military") else "military")
        a2, i2 = a("rebels" if re.search(r"\brebel|insurgen", notes, _I) else "armed")
        return a1, i1, a2, i2, ""
    if et == "Explosions/Remote violence":
        if sub in ("Air/drone strike", "Shelling/artillery/missile attack"):
            a1, i1 = a("military")
        else:
            a1, i1 = a("armed")
        a2, i2 = a("civilians") if p.victims in ("civilians", "protesters") else ("", None)  # type: ignore[assignment]
        return a1, i1, a2, i2, ""
    if et == "Violence against civilians":
        # a death "in custody" (of the security service, of the state) is the state's act
        kind = forces if forces else ("police" if CUSTODY_RX.search(p.act or notes) else "armed")
        if kind not in INTER_OF:
            kind = "armed"
        a1, i1 = a(kind)
        a2, i2 = a("civilians")
        return a1, i1, a2, i2, ""
    # Strategic developments
    if p.family == "sd:deployment":
        orgs = find_organisations(notes) or p.orgs
        if orgs:
            assoc = "; ".join(orgs[1:] + ([actor_for("military", country_info(p.sender).name)] if p.sender else []))
            return orgs[0], 8, "", None, assoc
        if p.sender:
            return actor_for("military", country_info(p.sender).name), 8, "", None, ""
        a1, i1 = a("military")
        return a1, i1, "", None, ""
    if p.family == "sd:arrests":
        a1, i1 = a(state)
        a2, i2 = a("protesters") if DEMO_WORDS_RX.search(notes) else a("civilians")
        return a1, i1, a2, i2, ""
    if p.family == "sd:looting":
        a1, i1 = a("rioters") if DEMO_WORDS_RX.search(notes) else a("armed")
        return a1, i1, "", None, ""
    a1, i1 = a("government")
    return a1, i1, "", None, ""


def _event_id(report_id: str, p: Proto) -> str:
    disc = p.family if p.family.startswith("sd:") else ""
    raw = f"{report_id}|{p.place.key}|{p.date}|{p.event_type}|{disc}"
    return "ev-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def build_event(report: Report, p: Proto, mentions: Sequence[Mention]) -> Event:
    text = report.text
    order = sorted(range(len(p.sentences)), key=lambda k: p.sentences[k][0])
    spans = [p.sentences[k] for k in order]
    notes = " ".join(text[a:b] for a, b in spans)
    code = p.place.country_code
    country = country_info(code).name if code else None
    a1, i1, a2, i2, assoc = _actors(p, country, notes, _claim_after(text, spans[-1][1]))
    tags = list(p.tags)
    if p.date_how == "inferred":
        tags.append("date inferred")
    elif p.date_how == "since":
        tags.append("start date")
    elif p.date_how == "unknown" or p.date is None:
        tags.append("date unknown")
    if p.place.geo_precision == 4:
        tags.append("country-level")
    if p.place.mention_index is not None:
        m = mentions[p.place.mention_index]
        if m.method == "landmark" and m.alternatives and m.alternatives[0].name != m.name:
            # placed at its town's point: say which town, for the analyst to check
            tags.append(f"landmark in {m.alternatives[0].name}: {m.name}")
    tags = list(dict.fromkeys(tags))
    et, sub = p.event_type or "Protests", p.sub_event_type or "Peaceful protest"
    sev = severity_of(et, sub, p.fatalities, p.injuries, tags)
    place_factor = 0.6 + 0.4 * (p.place.mconf if p.place.mconf else 0.5)
    if p.place.geo_precision == 4:
        place_factor *= 0.85
    date_factor = {"explicit": 1.0, "since": 1.0, "carried": 0.95, "borrowed": 0.95, "inferred": 0.85}.get(p.date_how, 0.7)
    conf = round(min(1.0, (0.45 + 0.55 * p.strength) * place_factor * date_factor), 3)
    m_start = m_end = None
    if p.place.mention_index is not None:
        m = mentions[p.place.mention_index]
        m_start, m_end = m.start, m.end
    return Event(
        event_id=_event_id(report.id, p),
        report_id=report.id,
        event_date=p.date,
        time_precision=p.precision if p.date else 3,
        event_type=et,
        sub_event_type=sub,
        actor1=a1,
        actor2=a2,
        location=p.place.name,
        admin1=p.place.admin1,
        country=country,
        country_code=code,
        latitude=p.place.lat,
        longitude=p.place.lon,
        geo_precision=p.place.geo_precision,
        fatalities=p.fatalities,
        injuries=p.injuries,
        severity=sev,
        notes=notes,
        source=report.source,
        confidence=conf,
        geonameid=p.place.geonameid,
        mention_start=m_start,
        mention_end=m_end,
        sentence_start=spans[0][0],
        sentence_end=spans[0][1],
        assoc_actor_1=assoc,
        inter1=i1,
        inter2=i2,
        arrests=p.arrests,
        tags="; ".join(tags),
        source_url=report.url,
    )

