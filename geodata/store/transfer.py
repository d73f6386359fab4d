"""``store copy``: copy an event store between backends (GeoPackage <-> PostGIS), nothing lost.

Every row of ``reports``, ``events``, ``event_sources``, ``mentions``, ``corrections``,
``event_overrides`` and ``event_search`` is copied with its ``fid`` (so source order, merge
tie-breaks and audit order stay the same), every point geometry with its exact coordinates,
and ``store_meta`` (``created_at``, ``generator``; the schema version is the destination's).
The destination must be new (a GeoPackage path that does not exist) or an empty PostGIS store;
a GeoPackage is written beside its target and renamed when complete, a PostGIS copy is one
transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geodata.exceptions import StoreError
from geodata.store._pgschema import TABLES
from geodata.store.backends import describe, is_postgres_url

__all__ = ["copy_store"]

#: Tables with a point geometry, and the columns it is made of.
_POINTS = {"events": ("longitude", "latitude"), "mentions": ("lon", "lat")}
#: Tables without ``fid``: their order key.
_KEYS = {"event_overrides": ("event_id", "field"), "event_search": ("event_id",)}
_BATCH = 2000

Rows = Iterator[list[dict[str, Any]]]


def _columns(table: str) -> list[str]:
    """The columns copied (``fid`` first when the table has one; ``geom`` as ``_xy``)."""
    from geodata.store._pgschema import metadata

    return [c.name for c in metadata.tables[table].columns if c.name != "geom"]


# ------------------------------------------------------------------ readers
def _read_gpkg(path: Path, table: str) -> Rows:
    from geodata.store import _gpkg

    cols = _columns(table)
    has_geom = table in _POINTS
    order = ", ".join(f'"{k}"' for k in _KEYS.get(table, ("fid",)))
    select = ", ".join([*(f'"{k}"' for k in cols), *(["geom"] if has_geom else [])])
    conn = _gpkg.connect(path, readonly=True)
    try:
        cur = conn.execute(f'SELECT {select} FROM "{table}" ORDER BY {order}')  # names are ours
        while batch := cur.fetchmany(_BATCH):
            out = []
            for row in batch:
                d = dict(zip(cols, row, strict=False))
                if has_geom:
                    d["_xy"] = _gpkg.point_from_blob(row[-1])
                out.append(d)
            yield out
    finally:
        conn.close()


def _read_pg(store: Any, table: str) -> Rows:
    import sqlalchemy as sa

    from geodata.store._pgschema import metadata
    from geodata.store._pgwrite import as_text

    t = metadata.tables[table]
    cols = _columns(table)
    exprs = [as_text(t, k) for k in cols]
    if table in _POINTS:
        exprs += [sa.func.ST_X(t.c.geom).label("_x"), sa.func.ST_Y(t.c.geom).label("_y")]
    stmt = sa.select(*exprs).order_by(*(t.c[k].collate("C") if k != "fid" else t.c[k]
                                        for k in _KEYS.get(table, ("fid",))))  # fmt: skip
    with store._engine.connect() as conn:
        result = conn.execution_options(yield_per=_BATCH).execute(stmt)
        for part in result.mappings().partitions():
            out = []
            for r in part:
                d = {k: r[k] for k in cols}
                if table in _POINTS:
                    d["_xy"] = None if r["_x"] is None else (r["_x"], r["_y"])
                out.append(d)
            yield out


def _meta_gpkg(path: Path) -> dict[str, str]:
    from geodata.store import _gpkg

    conn = _gpkg.connect(path, readonly=True)
    try:
        return dict(conn.execute("SELECT key, value FROM store_meta WHERE key != 'schema_version'"))
    finally:
        conn.close()


def _meta_pg(store: Any) -> dict[str, str]:
    import sqlalchemy as sa

    from geodata.store._pgschema import store_meta

    with store._engine.connect() as conn:
        return dict(conn.execute(sa.select(store_meta.c.key, store_meta.c.value)).all())


# ------------------------------------------------------------------ writers
def _write_gpkg(src: Any, target: Path) -> dict[str, int]:
    from geodata.atomic import atomic_path
    from geodata.store import _gpkg
    from geodata.store.eventstore import EventStore

    if target.exists() and target.stat().st_size > 0:
        raise StoreError(f"{target} exists: copy into a new file")
    counts: dict[str, int] = {}
    with atomic_path(target) as tmp:
        EventStore(tmp).close()  # the empty store: schema and GeoPackage metadata
        conn = _gpkg.connect(tmp)
        try:
            conn.execute("BEGIN IMMEDIATE")
            for table in TABLES:
                cols = _columns(table)
                has_geom = table in _POINTS
                names = ", ".join([*(f'"{k}"' for k in cols), *(["geom"] if has_geom else [])])
                marks = ", ".join("?" for _ in range(len(cols) + has_geom))
                n = 0
                for batch in src.read(table):
                    values = []
                    for d in batch:
                        row = [d[k] for k in cols]
                        if has_geom:
                            row.append(_gpkg.point_blob(*d["_xy"]) if d["_xy"] else None)
                        values.append(row)
                    conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)
                    n += len(values)
                counts[table] = n
            conn.executemany("INSERT OR REPLACE INTO store_meta VALUES (?, ?)", list(src.meta().items()))
            _gpkg.update_extent(conn, ["events"])
            _gpkg.update_extent(conn, ["mentions"], lon="lon", lat="lat")
            _gpkg.touch(conn, ["reports", "event_sources", "corrections"])
            conn.execute("COMMIT")
        finally:
            conn.close()
    return counts


def _write_pg(src: Any, url: str) -> dict[str, int]:
    import sqlalchemy as sa

    from geodata.store._pgschema import metadata, store_meta
    from geodata.store._pgwrite import ewkt, to_db
    from geodata.store.postgis import PostgisStore

    with PostgisStore(url) as dst:

        def work(conn: Any, locks: Any) -> tuple[dict[str, int], bool]:
            counts: dict[str, int] = {}
            for table in TABLES:
                if conn.execute(sa.select(sa.func.count()).select_from(metadata.tables[table])).scalar_one():
                    raise StoreError(f"{dst.path} is not empty ({table}): copy into an empty store")
            for table in TABLES:
                t, cols, n = metadata.tables[table], _columns(table), 0
                for batch in src.read(table):
                    values = []
                    for d in batch:
                        row = {k: to_db(k, d[k]) for k in cols}
                        if table in _POINTS:
                            row["geom"] = ewkt(*d["_xy"]) if d["_xy"] else None
                        values.append(row)
                    conn.execute(sa.insert(t), values)
                    n += len(values)
                counts[table] = n
                if "fid" in cols:  # new rows continue after the copied ids
                    conn.execute(sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'fid'),"
                        f" coalesce((SELECT max(fid) FROM {table}), 0) + 1, false)"
                    ))  # fmt: skip  (table names are ours)
            for key, value in src.meta().items():
                stmt = sa.dialects.postgresql.insert(store_meta).values(key=key, value=value)
                conn.execute(stmt.on_conflict_do_update(index_elements=[store_meta.c.key], set_={"value": value}))
            return counts, True

        return dst._write(work)


class _Source:
    """Batches of canonical rows (GeoPackage-style values, ``_xy`` points) from either backend."""

    def __init__(self, location: str | Path) -> None:
        from geodata.store.backends import open_store

        self.location = location
        self.store = open_store(location, readonly=True)  # checks that it is a store

    def read(self, table: str) -> Rows:
        if is_postgres_url(self.location):
            return _read_pg(self.store, table)
        return _read_gpkg(Path(self.location), table)

    def meta(self) -> dict[str, str]:
        return _meta_pg(self.store) if is_postgres_url(self.location) else _meta_gpkg(Path(self.location))

    def close(self) -> None:
        self.store.close()


def copy_store(src: str | Path, dst: str | Path) -> dict[str, int]:
    """Copy the store at ``src`` to ``dst`` (GeoPackage path or ``postgresql://`` URL).

    Returns
    -------
    dict
        Rows copied per table.

    Raises
    ------
    StoreError
        ``src`` is not a store, ``dst`` is not new/empty, or the copy failed (then nothing of
        it is left in ``dst``).
    """
    if str(src) == str(dst):
        raise StoreError(f"cannot copy {describe(src)} onto itself")
    source = _Source(src)
    try:
        if is_postgres_url(dst):
            return _write_pg(source, str(dst))
        return _write_gpkg(source, Path(dst))
    except sqlite3.Error as exc:
        raise StoreError(f"copying {describe(src)} to {describe(dst)} failed: {exc}") from None
    finally:
        source.close()
