"""Unrest Atlas: offline geoparsing, event extraction and mapping of civil-unrest reports.

The public API, one name per job, imported lazily so that ``import geodata`` stays fast:

>>> from geodata import geoparse
>>> [(m.name, m.country_code) for m in geoparse("Riots broke out in Alma-Ata.")]
[('Almaty', 'KZ')]

Stages (each a subpackage; see the README's "Architecture"):

- places: :func:`geoparse` / :class:`Geoparser` (place mentions in text), :class:`Gazetteer`
  (the offline gazetteer and analysts' overrides);
- events: :func:`extract` (mentions with roles and events, one call), :func:`extract_events`;
- the one code path from text to mentions and events: :func:`process_report`;
- store: :class:`EventStore` (the GeoPackage event store), :class:`EventFilter` (one filter for
  the store, frames, exports and the command line);
- maps: :func:`build_map` (folium, offline), :func:`export_map` (PNG/SVG/PDF/HTML briefings);
- io: :func:`read_reports`, :func:`write_events`, :func:`write_mentions`;
- records: :class:`Report`, :class:`Mention`, :class:`Event`; errors: :class:`UnrestAtlasError`
  and its subclasses in :mod:`geodata.exceptions`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "geoparse": "geodata.places.geoparse",
    "Geoparser": "geodata.places.geoparse",
    "Gazetteer": "geodata.places.gazetteer",
    "extract": "geodata.events.extract",
    "extract_events": "geodata.events.extract",
    "process_report": "geodata.pipeline",
    "EventStore": "geodata.store.eventstore",
    "EventFilter": "geodata.store.filter",
    "build_map": "geodata.maps.layers",
    "export_map": "geodata.maps.static",
    "read_reports": "geodata.io.reports",
    "write_events": "geodata.io.files",
    "write_mentions": "geodata.io.files",
    "Report": "geodata.model",
    "Mention": "geodata.model",
    "Event": "geodata.model",
    "UnrestAtlasError": "geodata.exceptions",
}

__all__ = [
    "Event",
    "EventFilter",
    "EventStore",
    "Gazetteer",
    "Geoparser",
    "Mention",
    "Report",
    "UnrestAtlasError",
    "__version__",
    "build_map",
    "export_map",
    "extract",
    "extract_events",
    "geoparse",
    "process_report",
    "read_reports",
    "write_events",
    "write_mentions",
]

if TYPE_CHECKING:  # pragma: no cover
    from geodata.events.extract import extract, extract_events
    from geodata.exceptions import UnrestAtlasError
    from geodata.io.files import write_events, write_mentions
    from geodata.io.reports import read_reports
    from geodata.maps.layers import build_map
    from geodata.maps.static import export_map
    from geodata.model import Event, Mention, Report
    from geodata.pipeline import process_report
    from geodata.places.gazetteer import Gazetteer
    from geodata.places.geoparse import Geoparser, geoparse
    from geodata.store.eventstore import EventStore
    from geodata.store.filter import EventFilter


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module 'geodata' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
