"""The working records of event extraction: a place, a sentence, what a sentence states
(a spec) and an event before merging (a proto)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from geodata.events._actors import country_info
from geodata.events._triggers import TriggerHit
from geodata.events.dates import DateHit
from geodata.model import Mention


@dataclass
class Place:
    key: str
    name: str
    admin1: str | None
    country_code: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    geo_precision: int
    mention_index: int | None = None
    mconf: float = 0.8


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    hits: list[TriggerHit]
    dates: list[DateHit]
    mention_ix: list[int]
    labels: dict[int, str]
    casualties: dict[str, Any]
    #: A place the sentence names that the geoparser could not find ("the village of X").
    unresolved: str | None = None
    #: Where the geoparser places that name: the unit it states (``geo_precision`` 2 or 3).
    within: Place | None = None


@dataclass
class Spec:
    """What one sentence says happened (before a place is found)."""

    family: str
    event_type: str | None
    sub_event_type: str | None
    strength: float
    anchor: int
    tags: list[str] = field(default_factory=list)
    national: bool = False
    measure: str | None = None
    clause: tuple[int, int] | None = None


@dataclass
class Proto:
    place: Place
    family: str
    event_type: str | None
    sub_event_type: str | None
    strength: float
    date: str | None
    precision: int
    date_how: str
    sentences: list[tuple[int, int]]
    sentence_ix: list[int]
    fatalities: int | None = None
    injuries: int | None = None
    arrests: int | None = None
    tags: list[str] = field(default_factory=list)
    victims: str | None = None
    measure: str | None = None
    sender: str | None = None
    #: International organisations whose deployment it is (named in its sentence, or in the
    #: sentence just before that announced it: "the bloc said it would send troops").
    orgs: list[str] = field(default_factory=list)
    #: A demonstration at which the security forces fired on the crowd: an unclaimed toll of
    #: its place and day that follows is theirs (:func:`geodata.events._build.merge_protos`).
    fired_on_crowd: bool = False
    #: ``sentence_ix`` as a set (merging thousands of sentences into one event stays linear).
    ix_seen: set[int] = field(default_factory=set, repr=False, compare=False)
    #: The words that say who did it: the subject before the act, or the agent after it.
    doer: str = ""
    #: The clause of the act (who did it is read here before the whole notes).
    act: str = ""


def place_from_mention(m: Mention, idx: int, geo_precision: int) -> Place:
    if m.kind == "country":
        key = f"c:{(m.country_code or m.name).upper()}"
    elif m.geonameid is not None:
        key = f"g:{m.geonameid}"
    else:
        key = f"n:{m.name.casefold()}|{m.country_code or ''}"
    return Place(
        key=key, name=m.name, admin1=None if m.kind == "country" else m.admin1,
        country_code=m.country_code, lat=m.lat, lon=m.lon, geonameid=m.geonameid,
        geo_precision=geo_precision, mention_index=idx, mconf=m.confidence,
    )


def country_place(code: str, mentions: Sequence[Mention], idx: int | None = None) -> Place:
    if idx is not None:
        p = place_from_mention(mentions[idx], idx, 4)
        info = country_info(code)
        if p.lat is None:
            p.lat, p.lon = info.lat, info.lon
        return p
    for i, m in enumerate(mentions):
        if m.kind == "country" and m.country_code == code and m.lat is not None:
            p = place_from_mention(m, i, 4)
            p.mention_index = None
            return p
    info = country_info(code)
    return Place(f"c:{code.upper()}", info.name, None, code, info.lat, info.lon, info.geonameid, 4, None, 0.7)
