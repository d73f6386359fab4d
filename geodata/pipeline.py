"""From a report to its resolved mentions and events: the one code path every entry point uses
(the ``geocode`` command, the dashboard's ingest page, the sample-store build).

>>> from geodata.model import Report
>>> from geodata.pipeline import process_report
>>> result = process_report(Report("r1", "Riot police clashed with protesters in Aktobe."))  # doctest: +SKIP
>>> [m.name for m in result.mentions], [e.event_type for e in result.events]               # doctest: +SKIP
(['Aktobe'], ['Riots'])
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from geodata.exceptions import GeocoderServiceError
from geodata.model import Event, Kind, Mention, Report
from geodata.places.gazetteer import Gazetteer, default_gazetteer
from geodata.places.geoparse import Geoparser, Unresolved

if TYPE_CHECKING:
    from geodata.events.detect import Detector
    from geodata.places.online import OnlineGeocoder, OnlinePlace

__all__ = ["ReportResult", "process_report"]

log = logging.getLogger(__name__)
_KINDS: dict[str, Kind] = {"city": "city", "region": "region", "country": "country"}


@dataclass
class ReportResult:
    """What one report gave."""

    report: Report
    mentions: list[Mention]
    events: list[Event]
    unresolved: list[Unresolved] = field(default_factory=list)
    online_failures: int = 0


def _online_mention(report: Report, u: Unresolved, place: OnlinePlace) -> Mention:
    return Mention(
        report_id=report.id, mention=u.surface, start=u.start, end=u.end, name=place.name,
        geonameid=None, lat=place.lat, lon=place.lon, country_code=place.country_code, admin1=None,
        kind=_KINDS.get(place.kind, "city"),
        role="context", confidence=0.5, method="online",
    )


def process_report(
    report: Report,
    *,
    gazetteer: Gazetteer | None = None,
    geoparser: Geoparser | None = None,
    online: OnlineGeocoder | None = None,
    detector: Detector | None = None,
) -> ReportResult:
    """Geoparse a report, set mention roles, and extract its events.

    Parameters
    ----------
    report
        The report.
    gazetteer, geoparser
        What to resolve names with (default: the shared gazetteer).
    online
        An optional :class:`geodata.places.online.OnlineGeocoder`, asked only for names the offline
        gazetteer cannot place; a failure there keeps the offline result and loses nothing.
    detector
        Who decides which sentences report events (default: the learned classifier arbitrating
        the trigger rules, :func:`geodata.events.detect.default_detector`).
    """
    from geodata.events.detect import default_detector
    from geodata.events.extract import extract

    gp = geoparser or Geoparser(gazetteer or default_gazetteer())
    mentions, unresolved = gp.parse_detailed(report.text, report.id)
    failures = 0
    if online is not None and unresolved:
        still: list[Unresolved] = []
        for u in unresolved:
            try:
                place = online.geocode(u.surface, u.country_code)
            except GeocoderServiceError as exc:
                log.warning("online geocoder failed for %r: %s", u.surface, exc)
                failures += 1
                still.append(u)
                continue
            if place is None:
                still.append(u)
            else:
                mentions.append(_online_mention(report, u, place))
        mentions.sort(key=lambda m: m.start)
        unresolved = still
    found = extract(report, mentions, detector=detector or default_detector(), unresolved=unresolved)
    mentions = [m if m.report_id == report.id else dataclasses.replace(m, report_id=report.id)
                for m in found.mentions]
    return ReportResult(report, mentions, found.events, unresolved, failures)
