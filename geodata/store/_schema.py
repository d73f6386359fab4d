"""Tables of the event store (one GeoPackage file), their columns and SQL types.

Layers seen by GIS software (registered in ``gpkg_contents``):

- ``events``: point features, one row per (merged) event;
- ``mentions``: point features, one row per place mention;
- ``reports``, ``event_sources``, ``corrections``: attribute tables.

Private tables (not registered, hidden from GIS layer lists): ``event_overrides`` (the
effective corrections, re-applied whenever an event is recomputed), ``event_search`` (the
case-folded searchable text of each event) and ``store_meta``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geodata.model import EVENT_FIELDS
from geodata.store.filter import SEARCH_FIELDS

SCHEMA_VERSION = "1"

#: SQL type of each column of the ``events`` layer (after ``fid`` and ``geom``).
EVENT_SQL_TYPES: dict[str, str] = {
    "event_id": "TEXT NOT NULL UNIQUE",
    "report_id": "TEXT",
    "event_date": "DATE",
    "time_precision": "INTEGER",
    "event_type": "TEXT",
    "sub_event_type": "TEXT",
    "actor1": "TEXT",
    "actor2": "TEXT",
    "location": "TEXT",
    "admin1": "TEXT",
    "country": "TEXT",
    "country_code": "TEXT",
    "latitude": "REAL",
    "longitude": "REAL",
    "geo_precision": "INTEGER",
    "fatalities": "INTEGER",
    "injuries": "INTEGER",
    "severity": "INTEGER",
    "notes": "TEXT",
    "source": "TEXT",
    "confidence": "REAL",
    "geonameid": "INTEGER",
    "mention_start": "INTEGER",
    "mention_end": "INTEGER",
    "sentence_start": "INTEGER",
    "sentence_end": "INTEGER",
    "assoc_actor_1": "TEXT",
    "assoc_actor_2": "TEXT",
    "inter1": "INTEGER",
    "inter2": "INTEGER",
    "arrests": "INTEGER",
    "tags": "TEXT",
    "source_url": "TEXT",
    "status": "TEXT",
    "sources_count": "INTEGER",
    # store-only columns
    "fatalities_low": "INTEGER",
    "fatalities_high": "INTEGER",
    "reports_count": "INTEGER",
    "date_start": "TEXT",
    "date_end": "TEXT",
    "updated_at": "TEXT",
}
assert tuple(EVENT_SQL_TYPES)[: len(EVENT_FIELDS)] == EVENT_FIELDS, "schema out of step with Event"

#: Columns of the ``events`` layer beyond the :class:`~geodata.model.Event` fields.
EXTRA_EVENT_COLUMNS: tuple[str, ...] = tuple(EVENT_SQL_TYPES)[len(EVENT_FIELDS) :]
EVENT_COLUMNS: tuple[str, ...] = tuple(EVENT_SQL_TYPES)

MENTION_SQL_TYPES: dict[str, str] = {
    "report_id": "TEXT NOT NULL",
    "mention": "TEXT",
    "start": "INTEGER",
    "end": "INTEGER",
    "name": "TEXT",
    "geonameid": "INTEGER",
    "lat": "REAL",
    "lon": "REAL",
    "country_code": "TEXT",
    "admin1": "TEXT",
    "admin1_code": "TEXT",
    "kind": "TEXT",
    "role": "TEXT",
    "confidence": "REAL",
    "alternatives": "TEXT",
    "feature_code": "TEXT",
    "population": "INTEGER",
    "method": "TEXT",
}
MENTION_COLUMNS: tuple[str, ...] = tuple(MENTION_SQL_TYPES)

REPORT_COLUMNS: tuple[str, ...] = (
    "report_id",
    "title",
    "source",
    "url",
    "published",
    "sha1",
    "ingested_at",
    "n_mentions",
    "n_events",
)

#: Fields of an extracted event kept per source in ``event_sources`` (besides the columns
#: below that name the source itself).
SOURCE_RECORD_FIELDS: tuple[str, ...] = tuple(
    f for f in EVENT_FIELDS if f not in ("event_id", "report_id", "source", "source_url", "sources_count")
)
#: Columns of ``event_sources``: the stored event it feeds, the source, then its record.
SOURCE_COLUMNS: tuple[str, ...] = (
    "event_id",
    "src_event_id",
    "report_id",
    "source",
    "url",
    "published",
    "added_at",
    *SOURCE_RECORD_FIELDS,
)
SOURCE_SQL_TYPES: dict[str, str] = {
    "event_id": "TEXT NOT NULL",
    "src_event_id": "TEXT NOT NULL",
    "report_id": "TEXT NOT NULL",
    "source": "TEXT",
    "url": "TEXT",
    "published": "DATE",
    "added_at": "DATETIME",
    **{f: EVENT_SQL_TYPES[f] for f in SOURCE_RECORD_FIELDS},
}

CORRECTION_COLUMNS: tuple[str, ...] = ("event_id", "field", "before", "after", "who", "at", "note")


def _cols(types: dict[str, str]) -> str:
    return ",\n    ".join(f'"{k}" {v}' for k, v in types.items())


DDL = f"""
CREATE TABLE IF NOT EXISTS events (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    geom POINT,
    {_cols(EVENT_SQL_TYPES)}
);
CREATE INDEX IF NOT EXISTS events_date ON events (event_date);
-- candidates for merging: same type, nearby (a 2-D range read from the index alone), or same place
CREATE INDEX IF NOT EXISTS events_match ON events (event_type, latitude, longitude, date_start, date_end);
CREATE INDEX IF NOT EXISTS events_sub_type ON events (sub_event_type);
CREATE INDEX IF NOT EXISTS events_types ON events (event_type, sub_event_type);
CREATE INDEX IF NOT EXISTS events_status ON events (status);
CREATE INDEX IF NOT EXISTS events_country ON events (country_code, admin1);
CREATE INDEX IF NOT EXISTS events_country_name ON events (country COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS events_admin1 ON events (admin1 COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS events_severity ON events (severity);
CREATE INDEX IF NOT EXISTS events_lon ON events (longitude);
CREATE INDEX IF NOT EXISTS events_lat ON events (latitude);
CREATE INDEX IF NOT EXISTS events_geonameid ON events (geonameid, event_type, date_start);
CREATE INDEX IF NOT EXISTS events_actor1 ON events (actor1);
CREATE INDEX IF NOT EXISTS events_actor2 ON events (actor2);

CREATE TABLE IF NOT EXISTS mentions (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    geom POINT,
    {_cols(MENTION_SQL_TYPES)}
);
CREATE INDEX IF NOT EXISTS mentions_report ON mentions (report_id);
CREATE INDEX IF NOT EXISTS mentions_lon ON mentions (lon);
CREATE INDEX IF NOT EXISTS mentions_lat ON mentions (lat);

CREATE TABLE IF NOT EXISTS reports (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    report_id TEXT NOT NULL UNIQUE,
    title TEXT,
    source TEXT,
    url TEXT,
    published DATE,
    sha1 TEXT NOT NULL,
    text TEXT,
    ingested_at DATETIME,
    n_mentions INTEGER,
    n_events INTEGER
);

CREATE TABLE IF NOT EXISTS event_sources (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    {_cols(SOURCE_SQL_TYPES)}
);
CREATE INDEX IF NOT EXISTS event_sources_event ON event_sources (event_id);
CREATE INDEX IF NOT EXISTS event_sources_report ON event_sources (report_id);
CREATE INDEX IF NOT EXISTS event_sources_src ON event_sources (src_event_id);

CREATE TABLE IF NOT EXISTS corrections (
    fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    event_id TEXT NOT NULL,
    field TEXT NOT NULL,
    before TEXT,
    after TEXT,
    who TEXT NOT NULL,
    at DATETIME NOT NULL,
    note TEXT
);
CREATE INDEX IF NOT EXISTS corrections_event ON corrections (event_id);

CREATE TABLE IF NOT EXISTS event_overrides (
    event_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    who TEXT,
    at DATETIME,
    PRIMARY KEY (event_id, field)
);

CREATE TABLE IF NOT EXISTS event_search (
    event_id TEXT PRIMARY KEY,
    text TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS store_meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
"""

def search_text(rec: Mapping[str, Any]) -> str:
    """The case-folded text an event is found by."""
    return "\n".join(str(rec.get(k) or "") for k in SEARCH_FIELDS).casefold()


LAYERS = {
    "events": ("features", "Unrest events (ACLED fields), merged across reports"),
    "mentions": ("features", "Places named in reports, as resolved"),
    "reports": ("attributes", "Ingested reports"),
    "event_sources": ("attributes", "Each report's account of each event"),
    "corrections": ("attributes", "Audit trail of analysts' corrections"),
}


def create_tables(c: sqlite3.Connection) -> None:
    """Create the GeoPackage metadata, the store's tables and its layers in an empty file."""
    from geodata.store import _gpkg

    _gpkg.create_metadata(c)
    _gpkg.execute_script(c, DDL)
    for table, (kind, desc) in LAYERS.items():
        if kind == "features":
            _gpkg.register_points(c, table, desc)
        else:
            _gpkg.register_attributes(c, table, desc)
    c.executemany(
        "INSERT OR REPLACE INTO store_meta VALUES (?, ?)",
        [
            ("schema_version", SCHEMA_VERSION),
            ("created_at", _gpkg.utc_now()),
            ("generator", "unrest-atlas"),
        ],
    )


def check_tables(c: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that is not a store of this schema version.

    Raises
    ------
    StoreError
        Naming the missing tables or the other schema version.
    """
    from geodata.exceptions import StoreError

    tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = {"store_meta", "events", "event_sources", "reports"} - tables
    if missing:
        raise StoreError(
            f"{path} is not an Unrest Atlas event store (missing tables: {', '.join(sorted(missing))})"
        )
    version = c.execute("SELECT value FROM store_meta WHERE key='schema_version'").fetchone()
    if version is None or version[0] != SCHEMA_VERSION:
        raise StoreError(
            f"{path}: store schema version {version[0] if version else '?'} is not {SCHEMA_VERSION}"
        )
