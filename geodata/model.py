"""The records Unrest Atlas passes around: reports, place mentions and events.

They are plain dataclasses so that every part of the tool (CLI, store, dashboard, exports)
speaks the same language. ``to_dict()`` gives JSON-ready values.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

__all__ = [
    "EVENT_FIELDS",
    "Candidate",
    "Event",
    "Mention",
    "Report",
]

Kind = Literal["city", "region", "country", "landmark"]
Role = Literal["event", "context"]


@dataclass
class Report:
    """One report: its text and what is known about it.

    Attributes
    ----------
    id
        The report's id (a file stem, or the ``id`` field of a JSONL line).
    text
        The text, as given: mention offsets index into it.
    published
        Publication date, if known: relative dates ("on Wednesday") are read against it.
    title, source, url
        Optional metadata, carried into events.
    """

    id: str
    text: str
    published: date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None

    @property
    def sha1(self) -> str:
        """A digest of the text, to tell a re-ingest of the same report."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d


@dataclass
class Candidate:
    """A gazetteer entry a mention could refer to, with its score."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str
    admin1: str | None
    kind: Kind
    score: float
    feature_code: str = ""
    population: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Mention:
    """A place named in a report, found and resolved.

    Attributes
    ----------
    report_id
        The report it was found in.
    mention
        The surface text, ``text[start:end]``.
    start, end
        Character offsets (code points, end exclusive) into the report text as given.
    name
        Canonical gazetteer name of the resolved place.
    geonameid
        GeoNames id (negative for an analyst's own override entries, ``None`` if unresolved).
    lat, lon
        Coordinates (WGS84) of the resolved place.
    country_code
        ISO 3166-1 alpha-2 code.
    admin1
        Name of the first-level administrative region it lies in (or is).
    admin1_code
        GeoNames admin-1 code such as ``KZ.09``.
    kind
        ``city``, ``region``, ``country`` or ``landmark``.
    role
        ``event`` when something related to the unrest happened there, ``context`` otherwise.
    confidence
        0-1: how sure the resolution is (fuzzy matches and ambiguous names are lower).
    alternatives
        Runner-up candidates, best first, so an analyst can correct the pick.
    method
        How it was found: ``exact``, ``fuzzy``, ``override`` or ``online``.
    """

    report_id: str
    mention: str
    start: int
    end: int
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country_code: str | None
    admin1: str | None
    kind: Kind
    role: Role = "context"
    confidence: float = 0.0
    alternatives: list[Candidate] = field(default_factory=list)
    admin1_code: str | None = None
    feature_code: str = ""
    population: int = 0
    method: str = "exact"

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["alternatives"] = [a.to_dict() for a in self.alternatives]
        return d


@dataclass
class Event:
    """An ACLED-style event extracted from a report.

    Field names follow ACLED's codebook where ACLED has the field. ``event_id`` is stable
    across re-runs: it is derived from the report, place, date and type.
    """

    event_id: str
    report_id: str
    event_date: str | None
    time_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    location: str
    admin1: str | None
    country: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    fatalities: int | None
    injuries: int | None
    severity: int
    notes: str
    source: str | None
    confidence: float
    geonameid: int | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    assoc_actor_1: str = ""
    assoc_actor_2: str = ""
    inter1: int | None = None
    inter2: int | None = None
    arrests: int | None = None
    tags: str = ""
    source_url: str | None = None
    status: str = "unreviewed"
    sources_count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


#: Names of every field of :class:`Event`, in order.
EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))
