"""GeoPackage plumbing on plain :mod:`sqlite3`: metadata tables, point blobs, layer registration.

A GeoPackage is an SQLite file with three metadata tables (``gpkg_spatial_ref_sys``,
``gpkg_contents``, ``gpkg_geometry_columns``), the ``GPKG`` application id and geometries
stored as a small ``GP`` header followed by WKB. Writing them here, with no GDAL in the write
path, keeps transactions in our hands (one ``BEGIN`` .. ``COMMIT`` per report) while QGIS,
GDAL, pyogrio and geopandas still open the file as ordinary layers.

The spatial index (R-tree) is left out on purpose: the store filters on indexed
``latitude``/``longitude`` columns. If a GIS later adds one, its triggers call ``ST_IsEmpty``
and ``ST_MinX`` etc.; :func:`register_functions` provides them so writes keep working.
"""

from __future__ import annotations

import math
import sqlite3
import struct
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

__all__ = [
    "APPLICATION_ID",
    "USER_VERSION",
    "connect",
    "create_metadata",
    "execute_script",
    "point_blob",
    "point_from_blob",
    "register_attributes",
    "register_functions",
    "register_points",
    "touch",
    "update_extent",
    "utc_now",
]

#: ``PRAGMA application_id`` of a GeoPackage: the ASCII bytes ``GPKG``.
APPLICATION_ID = 0x47504B47
#: ``PRAGMA user_version`` of GeoPackage 1.4.0.
USER_VERSION = 10400

_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)

_METADATA_SQL = f"""
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
    srs_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL PRIMARY KEY,
    organization TEXT NOT NULL,
    organization_coordsys_id INTEGER NOT NULL,
    definition TEXT NOT NULL,
    description TEXT
);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
    ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined',
     'undefined cartesian coordinate reference system'),
    ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined',
     'undefined geographic coordinate reference system'),
    ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{_WGS84_WKT}',
     'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE IF NOT EXISTS gpkg_contents (
    table_name TEXT NOT NULL PRIMARY KEY,
    data_type TEXT NOT NULL,
    identifier TEXT UNIQUE,
    description TEXT DEFAULT '',
    last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
    srs_id INTEGER,
    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
    table_name TEXT NOT NULL,
    column_name TEXT NOT NULL,
    geometry_type_name TEXT NOT NULL,
    srs_id INTEGER NOT NULL,
    z TINYINT NOT NULL,
    m TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
"""

# 'GP', version 0, flags 0b00000001 (little-endian header, no envelope), srs_id 4326.
_HEADER_4326 = b"GP\x00\x01" + struct.pack("<i", 4326)
_POINT = struct.Struct("<BIdd")


def utc_now() -> str:
    """The current UTC time as GeoPackage writes it (``2024-05-01T12:00:00.000Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def point_blob(lon: float | None, lat: float | None) -> bytes | None:
    """A GeoPackage geometry blob of a WGS84 point; ``None`` when a coordinate is missing.

    >>> point_blob(76.9, 43.25)[:2]
    b'GP'
    >>> point_blob(None, 1.0) is None
    True
    """
    if lon is None or lat is None:
        return None
    lon, lat = float(lon), float(lat)
    if math.isnan(lon) or math.isnan(lat):
        return None
    return _HEADER_4326 + _POINT.pack(1, 1, lon, lat)


def _parse(blob: bytes) -> tuple[bool, tuple[float, float, float, float] | None]:
    """(empty, (minx, maxx, miny, maxy)) of a GeoPackage blob holding any geometry."""
    if blob is None or len(blob) < 8 or blob[:2] != b"GP":
        return True, None
    flags = blob[3]
    empty = bool(flags & 0x10)
    env = (flags >> 1) & 0x07
    endian = "<" if flags & 0x01 else ">"
    env_len = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get(env, 0)
    if env_len:
        minx, maxx, miny, maxy = struct.unpack_from(endian + "4d", blob, 8)
        return empty, (minx, maxx, miny, maxy)
    if empty:
        return True, None
    wkb_bytes = blob[8:]
    if len(wkb_bytes) == 21:  # a 2-D point: byte order, type, x, y
        order = "<" if wkb_bytes[0] == 1 else ">"
        gtype, x, y = struct.unpack_from(order + "Idd", wkb_bytes, 1)
        if gtype == 1:
            if math.isnan(x) or math.isnan(y):
                return True, None
            return False, (x, x, y, y)
    try:
        from shapely import wkb  # only for non-point geometries a GIS may have written

        geom = wkb.loads(bytes(wkb_bytes))
    except Exception:
        return True, None
    if geom.is_empty:
        return True, None
    minx, miny, maxx, maxy = geom.bounds
    return False, (minx, maxx, miny, maxy)


def point_from_blob(blob: bytes | None) -> tuple[float, float] | None:
    """``(lon, lat)`` of a point blob written by :func:`point_blob` (or by GDAL)."""
    empty, env = _parse(blob) if blob is not None else (True, None)
    if empty or env is None:
        return None
    return env[0], env[2]


def register_functions(conn: sqlite3.Connection) -> None:
    """Provide the ``ST_*`` functions GDAL's R-tree triggers call, in case a GIS added them."""

    def _env(i: int) -> Callable[[bytes], float | None]:
        def f(blob: bytes) -> float | None:
            empty, env = _parse(blob)
            return None if empty or env is None else env[i]

        return f

    conn.create_function("ST_IsEmpty", 1, lambda b: 1 if _parse(b)[0] else 0, deterministic=True)
    for i, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, _env(i), deterministic=True)
    # GDAL also registers these; harmless no-ops keep its triggers from failing.
    conn.create_function("GPKG_IsAssignable", 2, lambda a, b: 1, deterministic=True)


def connect(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """Open an SQLite connection suited to the store (autocommit; explicit transactions).

    A read-write connection puts the file in WAL mode (see :mod:`geodata.store._locking`):
    readers never wait on a writer. A read-only one never writes the user's files; when the
    file cannot be read in place (the hot rollback journal of a killed writer of an older,
    non-WAL store) it reads a private, recovered copy instead.
    """
    from geodata.store import _locking

    path = Path(path)
    if readonly:
        conn = _locking.connect_readonly(path)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            _locking.setup_writer(conn)
        except BaseException:
            conn.close()
            raise
    conn.execute("PRAGMA foreign_keys = OFF")
    register_functions(conn)
    return conn


def execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Run an SQL script statement by statement, inside the caller's transaction.

    (:meth:`sqlite3.Connection.executescript` would commit a pending transaction first.)
    """
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                conn.execute(buf)
            buf = ""
    if buf.strip():
        conn.execute(buf)


def create_metadata(conn: sqlite3.Connection) -> None:
    """Create the GeoPackage metadata tables and set the application id (idempotent)."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    execute_script(conn, _METADATA_SQL)


def register_points(conn: sqlite3.Connection, table: str, description: str = "", geom_column: str = "geom") -> None:
    """Record ``table`` as a WGS84 point feature layer in the metadata tables."""
    conn.execute(
        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)"
        " VALUES (?, 'features', ?, ?, 4326)",
        (table, table, description),
    )
    conn.execute(
        "INSERT OR IGNORE INTO gpkg_geometry_columns VALUES (?, ?, 'POINT', 4326, 0, 0)",
        (table, geom_column),
    )


def register_attributes(conn: sqlite3.Connection, table: str, description: str = "") -> None:
    """Record ``table`` as a GeoPackage attribute table (no geometry)."""
    conn.execute(
        "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description)"
        " VALUES (?, 'attributes', ?, ?)",
        (table, table, description),
    )


def update_extent(conn: sqlite3.Connection, tables: Iterable[str], lon: str = "longitude", lat: str = "latitude") -> None:
    """Refresh ``gpkg_contents`` extents and ``last_change`` of point layers from their columns."""
    now = utc_now()
    for table in tables:
        # one aggregate per sub-query: each is then a single seek on an index, not a scan
        row = conn.execute(
            f'SELECT (SELECT min("{lon}") FROM "{table}"), (SELECT min("{lat}") FROM "{table}"),'
            f' (SELECT max("{lon}") FROM "{table}"), (SELECT max("{lat}") FROM "{table}")'
        ).fetchone()
        conn.execute(
            "UPDATE gpkg_contents SET min_x=?, min_y=?, max_x=?, max_y=?, last_change=? WHERE table_name=?",
            (*row, now, table),
        )


def touch(conn: sqlite3.Connection, tables: Iterable[str]) -> None:
    """Set ``last_change`` of attribute tables."""
    now = utc_now()
    for table in tables:
        conn.execute("UPDATE gpkg_contents SET last_change=? WHERE table_name=?", (now, table))
