"""Small builders of synthetic reports, mentions and events for the store and io tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from geodata.model import Candidate, Event, Mention, Report

ALMATY = {"location": "Almaty", "admin1": "Almaty", "latitude": 43.25667, "longitude": 76.92861, "geonameid": 1526384}
AKTOBE = {"location": "Aktobe", "admin1": "Aktobe", "latitude": 50.27969, "longitude": 57.20718, "geonameid": 610611}
ZHANAOZEN = {
    "location": "Zhanaozen",
    "admin1": "Mangghystau",
    "latitude": 43.34116,
    "longitude": 52.86192,
    "geonameid": 607610,
}


def make_report(rid: str = "r1", text: str | None = None, **kw: Any) -> Report:
    """A report; its text names Almaty at offset 10 by default."""
    if text is None:
        text = f"Crowds in Almaty marched on the square. Police detained many. ({rid})"
    kw.setdefault("published", date(2022, 1, 6))
    kw.setdefault("source", f"Wire {rid}")
    kw.setdefault("url", f"https://example.org/{rid}")
    kw.setdefault("title", f"Report {rid}")
    return Report(id=rid, text=text, **kw)


def make_event(report_id: str = "r1", n: int = 1, **kw: Any) -> Event:
    """A protest in Almaty on 2022-01-05 from ``report_id``; keyword arguments override."""
    place = kw.pop("place", ALMATY)
    fields: dict[str, Any] = {
        "event_id": f"{report_id}-ev{n}",
        "report_id": report_id,
        "event_date": "2022-01-05",
        "time_precision": 1,
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": "Protesters (Kazakhstan)",
        "actor2": "",
        "country": "Kazakhstan",
        "country_code": "KZ",
        "geo_precision": 1,
        "fatalities": 0,
        "injuries": None,
        "severity": 2,
        "notes": f"Crowds in Almaty marched on the square. ({report_id})",
        "source": f"Wire {report_id}",
        "confidence": 0.8,
        "mention_start": 10,
        "mention_end": 16,
        "sentence_start": 0,
        "sentence_end": 39,
        "inter1": 6,
        "tags": "crowd size=hundreds",
        "source_url": f"https://example.org/{report_id}",
        **place,
    }
    fields.update(kw)
    return Event(**fields)


def make_mention(report_id: str = "r1", **kw: Any) -> Mention:
    """The mention of Almaty in :func:`make_report`'s text, with one alternative."""
    fields: dict[str, Any] = {
        "report_id": report_id,
        "mention": "Almaty",
        "start": 10,
        "end": 16,
        "name": "Almaty",
        "geonameid": 1526384,
        "lat": 43.25667,
        "lon": 76.92861,
        "country_code": "KZ",
        "admin1": "Almaty",
        "kind": "city",
        "role": "event",
        "confidence": 0.93,
        "alternatives": [
            Candidate(
                geonameid=1537162,
                name="Almaty Oblysy",
                lat=45.0,
                lon=78.0,
                country_code="KZ",
                admin1="Almaty Oblysy",
                kind="region",
                score=0.41,
                feature_code="ADM1",
                population=2000000,
            )
        ],
        "admin1_code": "KZ.02",
        "feature_code": "PPLA",
        "population": 2000900,
        "method": "exact",
    }
    fields.update(kw)
    return Mention(**fields)
