"""Plumbing of the ingest page (no Streamlit): reports from pasted or uploaded text, place
choices for an extracted event, and the reviewer's fixes as store corrections.

>>> reports, problems = reports_from_upload("a.jsonl",
...     b'{"id": "r1", "text": "Riot in Aktobe."}\\nnot json\\n', None)
>>> [r.id for r in reports], len(problems)
(['r1'], 1)
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from geodata.exceptions import InputError
from geodata.io.reports import reports_from_bytes
from geodata.model import Event, Mention, Report

__all__ = [
    "PlaceChoice",
    "dateline_date",
    "fill_published",
    "fixes_for",
    "lookup_choices",
    "place_choices",
    "report_from_text",
    "reports_from_upload",
    "sentence_of",
]

_KIND_PRECISION = {"city": 1, "landmark": 1, "region": 3, "country": 4}

_MONTHS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_MON = r"(?P<mon{k}>[A-Z][a-z]{{2,8}})\.?"
#: A wire dateline on the first line: "DHAKA, July 19 (Wire) -", "Yangon, 3 March 2021 –".
_DATELINE_DATE_RX = re.compile(
    r"\A\s*[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}(?:,[ \t]*[A-Z][\w'’.-]*){0,2},?[ \t]+"
    r"(?:" + _MON.format(k=1) + r"[ \t]+(?P<day1>\d{1,2})|(?P<day2>\d{1,2})[ \t]+"
    + _MON.format(k=2) + r")(?:,?[ \t]+(?P<year>\d{4}))?(?![\w])")


def dateline_date(text: str, today: date | None = None) -> tuple[date | None, str]:
    """The date of the report's dateline and the dateline's words (``(None, "")`` when none).

    A dateline without a year ("DHAKA, July 19") is given the latest such day not after
    ``today`` (the caller says so: the analyst checks the year).

    >>> dateline_date("DHAKA, July 19 (Wire) - Police fired...", date(2024, 8, 2))
    (datetime.date(2024, 7, 19), 'DHAKA, July 19')
    >>> dateline_date("YANGON, 3 March 2021 – Troops...")[0]
    datetime.date(2021, 3, 3)
    >>> dateline_date("Hundreds of people protested on Tuesday.")
    (None, '')
    """
    m = _DATELINE_DATE_RX.match(text or "")
    if not m:
        return None, ""
    mon = _MONTHS.get((m.group("mon1") or m.group("mon2") or "")[:3].casefold())
    day = int(m.group("day1") or m.group("day2") or 0)
    if mon is None:
        return None, ""
    today = today or date.today()
    try:
        if m.group("year"):
            return date(int(m.group("year")), mon, day), m.group(0).strip()
        got = date(today.year, mon, day)
        if got > today:
            got = date(today.year - 1, mon, day)
    except ValueError:
        return None, ""
    return got, m.group(0).strip()


def fill_published(reports: Sequence[Report], fallback: date | None
                   ) -> tuple[list[Report], list[str]]:
    """Each report with a publication date: its own (a JSONL ``published``), else its
    dateline's, else ``fallback``. Returns the reports and the ids of those still without one
    (relative dates cannot be read in them: the analyst must give the date)."""
    out: list[Report] = []
    missing: list[str] = []
    for r in reports:
        if r.published is None:
            r = dataclasses.replace(r, published=dateline_date(r.text)[0] or fallback)
        if r.published is None:
            missing.append(r.id)
        out.append(r)
    return out, missing


def report_from_text(text: str, published: date | None, *, report_id: str = "",
                     title: str = "", source: str = "", url: str = "") -> Report:
    """One pasted report; its id defaults to ``paste-<digest of the text>``.

    Raises
    ------
    InputError
        When the text is empty.
    """
    if not text or not text.strip():
        raise InputError("the report text is empty")
    rid = report_id.strip() or "paste-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return Report(id=rid, text=text, published=published, title=title.strip() or None,
                  source=source.strip() or None, url=url.strip() or None)


def reports_from_upload(name: str, data: bytes, published: date | None
                        ) -> tuple[list[Report], list[str]]:
    """Reports in an uploaded ``.txt`` (one report, id = file stem) or ``.jsonl`` file (one
    per line; a line's own ``published`` wins over ``published``), read exactly as the CLI
    reads a file of that name (:func:`geodata.io.reports.reports_from_bytes`). Bad lines are
    skipped and reported: returns the reports and the problems."""
    problems: list[InputError] = []
    reports = reports_from_bytes(name.rsplit("/", 1)[-1], data, published, problems)
    return reports, [f"{p.path}, line {p.line}: {p.reason}" if p.line else str(p)
                     for p in problems]


def sentence_of(report: Report, ev: Event) -> tuple[str, int | None, int | None]:
    """The event's source sentence and the place's offsets within it."""
    ss, se = ev.sentence_start, ev.sentence_end
    if ss is None or se is None or not (0 <= ss < se <= len(report.text)):
        return ev.notes or "", None, None
    sentence = report.text[ss:se]
    ms, me = ev.mention_start, ev.mention_end
    if ms is None or me is None or not (ss <= ms < me <= se):
        return sentence, None, None
    return sentence, ms - ss, me - ss


@dataclass(frozen=True)
class PlaceChoice:
    """A place the reviewer can put an event at."""

    label: str
    location: str
    latitude: float | None
    longitude: float | None
    geonameid: int | None
    admin1: str | None
    country_code: str | None
    geo_precision: int
    current: bool = False

    def changes(self, country_names: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The :meth:`geodata.store.eventstore.EventStore.correct` fields that move an event here."""
        out: dict[str, Any] = {"location": self.location, "geo_precision": self.geo_precision,
                               "admin1": self.admin1 or ""}
        if self.latitude is not None and self.longitude is not None:
            out.update(latitude=self.latitude, longitude=self.longitude)
        out["geonameid"] = self.geonameid
        if self.country_code:
            out["country_code"] = self.country_code
            name = (country_names or {}).get(self.country_code)
            if name:
                out["country"] = name
        return out


def _current(ev: Event) -> PlaceChoice:
    where = ", ".join(p for p in (ev.location, ev.admin1, ev.country) if p)
    return PlaceChoice(label=f"{where or 'unknown'} (as found)", location=ev.location,
                       latitude=ev.latitude, longitude=ev.longitude, geonameid=ev.geonameid,
                       admin1=ev.admin1, country_code=ev.country_code,
                       geo_precision=ev.geo_precision, current=True)


def place_choices(ev: Event, mentions: Sequence[Mention], lookup: Iterable[Any] = ()
                  ) -> list[PlaceChoice]:
    """The event's place first, then the runner-up candidates of its mention, then
    ``lookup`` (gazetteer places, e.g. :meth:`geodata.places.gazetteer.Gazetteer.lookup` of a name
    the reviewer typed); duplicates dropped."""
    out = [_current(ev)]
    mention = next((m for m in mentions if m.start == ev.mention_start
                    and m.end == ev.mention_end), None)
    cands: list[Any] = list(mention.alternatives) if mention is not None else []
    out += lookup_choices([*cands, *lookup], skip={(ev.geonameid, ev.location)})
    return out


def lookup_choices(places: Iterable[Any], skip: set | None = None) -> list[PlaceChoice]:
    """Places to move an event to, from gazetteer places or a mention's candidates (labelled
    "name, region, country (kind)"; duplicates and ``skip`` (geonameid, name) pairs dropped)."""
    seen = set(skip or ())
    out: list[PlaceChoice] = []
    for c in places:
        gid = getattr(c, "geonameid", None) or getattr(c, "id", None)
        name = getattr(c, "name", "")
        if (gid, name) in seen:
            continue
        seen.add((gid, name))
        kind = getattr(c, "kind", "city")
        cc = getattr(c, "country_code", None)
        a1 = getattr(c, "admin1", None)
        label = ", ".join(p for p in (name, a1, cc) if p) + f" ({kind})"
        out.append(PlaceChoice(label=label, location=name, latitude=getattr(c, "lat", None),
                               longitude=getattr(c, "lon", None), geonameid=gid, admin1=a1,
                               country_code=cc, geo_precision=_KIND_PRECISION.get(kind, 1)))
    return out


def fixes_for(ev: Event, *, place: PlaceChoice | None = None, event_type: str | None = None,
              sub_event_type: str | None = None, event_date: date | None = None,
              country_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The corrections a reviewer made to one extracted event (empty: none)."""
    out: dict[str, Any] = {}
    if place is not None and not place.current:
        out.update(place.changes(country_names))
    if event_type and (event_type != ev.event_type or (sub_event_type or ev.sub_event_type)
                       != ev.sub_event_type):
        out["event_type"] = event_type
        out["sub_event_type"] = sub_event_type or ev.sub_event_type
    if event_date is not None and event_date.isoformat() != (ev.event_date or "")[:10]:
        out["event_date"] = event_date.isoformat()
    return out
