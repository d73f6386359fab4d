"""Store: events, mentions, reports, sources and audited corrections on disk (the third stage).

Owns the GeoPackage event store (:class:`~geodata.store.eventstore.EventStore`: the public API
in ``eventstore``, writes in ``_ingest``, corrections in ``_corrections``, reads in ``_query``,
its schema and plumbing in ``_schema``, ``_ops``, ``_gpkg``), the one event filter
(:class:`~geodata.store.filter.EventFilter`: SQL for the store, a mask for frames; ``_mask``)
and synthetic stores for benchmarks (:mod:`~geodata.store.synthetic`).

May import: :mod:`geodata.settings`, :mod:`geodata.exceptions`, :mod:`geodata.model`,
:mod:`geodata.events` (taxonomy and merge rules). Never imports maps, io or the dashboard.

The names below are imported on first use (``import geodata.store`` stays cheap):

>>> from geodata.store import REVIEW_STATUSES, EventFilter
>>> REVIEW_STATUSES
('unreviewed', 'verified', 'flagged', 'rejected')
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["REVIEW_STATUSES", "STORE_EVENT_COLUMNS", "EventFilter", "EventStore"]

_WHERE = {
    "EventFilter": "geodata.store.filter",
    "REVIEW_STATUSES": "geodata.store.filter",
    "EventStore": "geodata.store.eventstore",
    "STORE_EVENT_COLUMNS": "geodata.store.eventstore",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
