"""Unrest Atlas: offline geoparsing, event extraction and mapping of civil-unrest reports.

The main entry points, imported lazily so that ``import geodata`` stays fast:

>>> from geodata import geoparse, Gazetteer                      # doctest: +SKIP
>>> [m.name for m in geoparse("Riots broke out in Alma-Ata.")]   # doctest: +SKIP
['Almaty']

- :func:`geoparse` / :class:`Geoparser` (``geodata.places.geoparse``): place mentions in text;
- :class:`Gazetteer` (``geodata.places.gazetteer``): the offline gazetteer and analysts' overrides;
- :func:`extract_events` (``geodata.events.extract``): ACLED-style events from a report;
- :func:`process_report` (``geodata.pipeline``): text to mentions and events, one code path;
- :class:`EventStore` (``geodata.store.eventstore``): the GeoPackage event store;
- :func:`build_map` (``geodata.maps.layers``): folium maps, offline.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "geoparse": "geodata.places.geoparse",
    "Geoparser": "geodata.places.geoparse",
    "Gazetteer": "geodata.places.gazetteer",
    "extract_events": "geodata.events.extract",
    "process_report": "geodata.pipeline",
    "EventStore": "geodata.store.eventstore",
    "build_map": "geodata.maps.layers",
    "Report": "geodata.model",
    "Mention": "geodata.model",
    "Event": "geodata.model",
    "UnrestAtlasError": "geodata.exceptions",
}

__all__ = [*_LAZY, "__version__"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'geodata' has no attribute {name!r}")
