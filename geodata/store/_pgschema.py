"""Tables of the PostGIS event store as SQLAlchemy Core objects (the runtime view).

The columns are those of the GeoPackage store (:mod:`geodata.store._schema`), with PostgreSQL
types: ``DATE`` columns (``event_date``, ``date_start``, ``date_end``, ``published``) are
``date``, the GeoPackage's ISO ``DATETIME`` texts (``updated_at``, ``added_at``,
``ingested_at``, ``at``) are ``timestamptz``, ``INTEGER`` is ``bigint``, ``REAL`` is ``double
precision``. ``geom`` is a ``geometry(Point, 4326)`` with a GiST index.

The tables are *created* by the Alembic migrations in :mod:`geodata.store.migrations` (frozen
copies of these definitions); a test checks that the migrated database has exactly these
columns.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.dialects.postgresql import TIMESTAMP

from geodata.store._schema import (
    EVENT_SQL_TYPES,
    MENTION_SQL_TYPES,
    SOURCE_SQL_TYPES,
)

__all__ = [
    "DATE_COLUMNS",
    "TABLES",
    "TIME_COLUMNS",
    "changes",
    "corrections",
    "event_overrides",
    "event_search",
    "event_sources",
    "events",
    "mentions",
    "metadata",
    "reports",
    "store_meta",
]

#: Columns that are ``date`` in PostgreSQL (ISO ``YYYY-MM-DD`` strings in Python and GeoPackage).
DATE_COLUMNS = frozenset({"event_date", "date_start", "date_end", "published"})
#: Columns that are ``timestamptz`` (``2024-05-01T12:00:00.000Z`` strings in Python and GeoPackage).
TIME_COLUMNS = frozenset({"updated_at", "added_at", "ingested_at", "at"})

metadata = sa.MetaData()


def _type(name: str, sql: str) -> Any:
    if name in DATE_COLUMNS:
        return sa.Date()
    if name in TIME_COLUMNS:
        return TIMESTAMP(timezone=True)
    head = sql.split()[0]
    return {"TEXT": sa.Text(), "INTEGER": sa.BigInteger(), "REAL": sa.Float(53)}[head]


def _columns(types: dict[str, str]) -> list[sa.Column[Any]]:
    out = []
    for name, sql in types.items():
        out.append(sa.Column(name, _type(name, sql), nullable="NOT NULL" not in sql, unique="UNIQUE" in sql))
    return out


def _fid() -> sa.Column[Any]:
    return sa.Column("fid", sa.BigInteger, sa.Identity(always=False), primary_key=True)


def _point() -> sa.Column[Any]:
    return sa.Column("geom", Geometry("POINT", srid=4326, spatial_index=False), nullable=True)


events = sa.Table("events", metadata, _fid(), _point(), *_columns(EVENT_SQL_TYPES))
mentions = sa.Table("mentions", metadata, _fid(), _point(), *_columns(MENTION_SQL_TYPES))
reports = sa.Table(
    "reports",
    metadata,
    _fid(),
    sa.Column("report_id", sa.Text, nullable=False, unique=True),
    sa.Column("title", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("sha1", sa.Text, nullable=False),
    sa.Column("text", sa.Text),
    sa.Column("ingested_at", TIMESTAMP(timezone=True)),
    sa.Column("n_mentions", sa.BigInteger),
    sa.Column("n_events", sa.BigInteger),
)
event_sources = sa.Table("event_sources", metadata, _fid(), *_columns(SOURCE_SQL_TYPES))
corrections = sa.Table(
    "corrections",
    metadata,
    _fid(),
    sa.Column("event_id", sa.Text, nullable=False),
    sa.Column("field", sa.Text, nullable=False),
    sa.Column("before", sa.Text),
    sa.Column("after", sa.Text),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("at", TIMESTAMP(timezone=True), nullable=False),
    sa.Column("note", sa.Text),
)
event_overrides = sa.Table(
    "event_overrides",
    metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("field", sa.Text, primary_key=True),
    sa.Column("value", sa.Text),
    sa.Column("who", sa.Text),
    sa.Column("at", TIMESTAMP(timezone=True)),
)
event_search = sa.Table(
    "event_search",
    metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
)
store_meta = sa.Table(
    "store_meta",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text),
)
#: One row (``id`` 1): ``counter`` goes up by one in every write transaction.
changes = sa.Table(
    "store_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("counter", sa.BigInteger, nullable=False),
    sa.Column("changed_at", TIMESTAMP(timezone=True)),
)

#: The tables ``store copy`` carries over, in copy order (same names in both backends).
TABLES: tuple[str, ...] = (
    "reports", "events", "event_sources", "mentions", "corrections", "event_overrides", "event_search",
)  # fmt: skip
