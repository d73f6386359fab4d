"""Which store backend a location selects: a ``postgresql://`` URL is PostGIS, anything else a
GeoPackage file (the default).

>>> from geodata.store.backends import open_store
>>> with open_store("unrest.gpkg") as store:  # doctest: +SKIP
...     store.summary()
>>> with open_store("postgresql://ana@db.example/unrest", readonly=True) as store:  # doctest: +SKIP
...     store.events(countries="KZ")

Both classes have the same public methods (``add_report``, ``events``, ``count``, ``event``,
``correct``/``flag``/``verify``/``reject``, ``audit``, ``summary``, ``facets``, ...).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from geodata.store.postgis import is_postgres_url, mask_url

if TYPE_CHECKING:  # pragma: no cover
    from geodata.store.eventstore import EventStore
    from geodata.store.postgis import PostgisStore

__all__ = ["AnyStore", "describe", "is_postgres_url", "open_store"]

#: A store of either backend.
AnyStore: TypeAlias = "EventStore | PostgisStore"


def open_store(path_or_url: str | Path, readonly: bool = False) -> AnyStore:
    """Open the event store at a GeoPackage path or a ``postgresql://`` URL.

    Parameters
    ----------
    path_or_url
        A ``.gpkg`` path, or ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DB``.
    readonly
        Open for reading only (the store must exist).

    Raises
    ------
    StoreError
        As the backend's constructor raises it (missing store, no connection, ...).
    """
    if is_postgres_url(path_or_url):
        from geodata.store.postgis import PostgisStore

        return PostgisStore(str(path_or_url), readonly=readonly)
    from geodata.store.eventstore import EventStore

    return EventStore(path_or_url, readonly=readonly)


def describe(path_or_url: str | Path) -> str:
    """A store location for messages: URLs without their password."""
    return mask_url(str(path_or_url)) if is_postgres_url(path_or_url) else str(path_or_url)
