"""Data interchange: events out to GIS formats, ACLED and GDELT files in.

Export
    :func:`export_events` writes events (a DataFrame from :meth:`EventStore.events
    <geodata.store.eventstore.EventStore.events>`, :class:`~geodata.model.Event` objects or mappings) as
    CSV (ACLED's 31 columns in ACLED's order, then ours), GeoJSON, GeoPackage, GeoParquet or
    KML. :func:`read_events` reads the first four back with no field lost.

Import
    :func:`import_acled` and :func:`import_gdelt` read an ACLED CSV export or a GDELT 2.0 event
    file (61 tab-separated columns) into events, keeping the source's ids (``acled:`` /
    ``gdelt:`` prefixes), sources and URLs. Bad rows are returned with their line numbers and
    the reason; good rows are kept. A file that is not of the named format raises
    :class:`~geodata.exceptions.ImportFormatError`. :func:`import_to_store` adds them to an
    event store (rows already stored are skipped, so a second import of a file adds nothing).

Field mappings are documented in :data:`ACLED_FIELD_MAP` and :data:`GDELT_FIELD_MAP` (and in
the README's "Exports and interchange" section).

>>> from geodata.io.interchange import export_events, import_acled
>>> export_events(store.events(countries="KZ"), "kz.parquet")  # doctest: +SKIP
>>> events, rejected = import_acled("acled_export.csv")        # doctest: +SKIP
>>> [str(r) for r in rejected]                                  # doctest: +SKIP
['line 7: latitude 123.0 is out of range (-90..90)']
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geodata.atomic import atomic_path
from geodata.exceptions import ExportError, ImportFormatError
from geodata.io import files as gio
from geodata.io._acled import tag_values
from geodata.io._import import (
    FLOAT_FIELDS,
    INT_FIELDS,
    ImportResult,
    RejectedRow,
    column_kind,
    export_columns,
)
from geodata.io.acled import ACLED_EXTRA_TAGS, ACLED_FIELD_MAP, import_acled
from geodata.io.acled_csv import EVENT_CSV_COLUMNS, acled_row, write_rows
from geodata.io.gdelt import GDELT_FIELD_MAP, import_gdelt
from geodata.io.geoparquet import read_parquet, write_parquet
from geodata.model import EVENT_FIELDS, Event

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from geodata.store.backends import AnyStore

__all__ = [
    "ACLED_EXTRA_TAGS",
    "ACLED_FIELD_MAP",
    "EXPORT_ALIASES",
    "EXPORT_FORMATS",
    "GDELT_FIELD_MAP",
    "IMPORT_FORMATS",
    "ImportResult",
    "ImportSummary",
    "RejectedRow",
    "event_rows",
    "events_bytes",
    "events_frame",
    "export_events",
    "import_acled",
    "import_file",
    "import_gdelt",
    "import_to_store",
    "read_events",
    "read_events_frame",
    "tag_values",
]

#: Export formats and the suffixes that select them.
EXPORT_FORMATS: dict[str, tuple[str, ...]] = {
    "csv": (".csv",),
    "geojson": (".geojson", ".json"),
    "gpkg": (".gpkg",),
    "parquet": (".parquet", ".geoparquet"),
    "kml": (".kml",),
}
#: Other names of export formats.
EXPORT_ALIASES: dict[str, str] = {"geoparquet": "parquet"}
#: Formats :func:`import_file` reads.
IMPORT_FORMATS: tuple[str, ...] = ("acled", "gdelt")


# ============================================================================ rows and tags
def event_rows(events: Any) -> list[dict[str, Any]]:
    """Plain-value rows (Event fields, then the store's extra columns when present).

    Accepts what :func:`geodata.io.files.write_events` accepts.

    Raises
    ------
    ExportError
        An item that is not an event.
    """
    return [f["properties"] for f in gio.events_geojson(events)["features"]]


# ============================================================================ export
def _write_csv(rows: list[dict[str, Any]], path: Path, raw: bool) -> None:
    """ACLED's columns then ours: the one row writer of :func:`geodata.io.files.write_events`."""
    write_rows(EVENT_CSV_COLUMNS, (acled_row(r) for r in rows), path, raw=raw)


def _write_kml(rows: list[dict[str, Any]], path: Path, name: str) -> None:
    from geodata.io.kml import write_kml

    fields = [(c, column_kind(c)) for c in export_columns(rows)]
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        write_kml(rows, fh, fields, name=name)


def export_events(
    events: Any,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    name: str | None = None,
    raw_csv: bool = False,
) -> Path:
    """Write events as CSV, GeoJSON, GeoPackage, GeoParquet or KML, atomically.

    Parameters
    ----------
    events
        A DataFrame such as :meth:`geodata.store.eventstore.EventStore.events` returns (its extra columns
        ``fatalities_low`` ... ``updated_at`` are kept), Event objects, or mappings.
    path
        The output file; an existing file is replaced only when the new one is complete.
    fmt
        ``csv``, ``geojson``, ``gpkg``, ``parquet`` or ``kml``; default from the suffix.
    name
        KML document name (default: the file stem).
    raw_csv
        CSV cells as they are; by default formula-like cells get a leading ``'`` (OWASP), which
        :func:`read_events` removes again.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ExportError
        Unknown format, an item that is not an event, or a failed write (nothing left behind).

    Notes
    -----
    * CSV: ACLED's 31 columns in ACLED's order (``event_id_cnty`` holds ``event_id``; derived
      columns computed as in :mod:`geodata.io.files`; ``region``/``admin2``/``admin3``/
      ``source_scale``/``timestamp`` from ``tags`` when an ACLED import put them there), then
      :data:`geodata.io._acled.CSV_EXTRA_COLUMNS`.
    * GeoJSON and GeoPackage: :func:`geodata.io.files.write_events`.
    * GeoParquet: geopandas ``to_parquet`` (GeoParquet 1.x metadata, WKB points, zstd),
      integer columns nullable.
    * KML: one Placemark per event (see :mod:`geodata.io.kml`).

    Examples
    --------
    >>> export_events([event], "out/events.kml")  # doctest: +SKIP
    PosixPath('out/events.kml')
    """
    path = Path(path)
    kind = gio.format_for(path, fmt, EXPORT_FORMATS, EXPORT_ALIASES)
    try:
        if kind in ("geojson", "gpkg"):
            return gio.write_events(events, path, kind)
        rows = event_rows(events)
        if kind == "csv":
            _write_csv(rows, path, raw_csv)
        elif kind == "parquet":
            write_parquet(rows, path)
        else:
            _write_kml(rows, path, name or path.stem)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def events_bytes(events: Any, fmt: str) -> bytes:
    """The bytes of :func:`export_events`' file in ``fmt`` (for a dashboard download button)."""
    import tempfile

    kind = gio.format_for("events", fmt, EXPORT_FORMATS, EXPORT_ALIASES)
    with tempfile.TemporaryDirectory(prefix="ua-export-") as tmp:
        out = Path(tmp) / f"events.{EXPORT_FORMATS[kind][0].lstrip('.')}"
        export_events(events, out, kind)
        return out.read_bytes()


# ============================================================================ reading back


def read_events(path: str | os.PathLike[str], fmt: str | None = None) -> list[Event]:
    """Read events written by :func:`export_events` (CSV, GeoJSON, GeoPackage, GeoParquet).

    KML is an output format for viewers (Google Earth, QGIS): read it with GDAL if needed.

    Raises
    ------
    ImportFormatError
        When the file is not of the format, or a value has the wrong type.
    """
    path, kind = gio.input_path(path, fmt, EXPORT_FORMATS, EXPORT_ALIASES)
    if kind == "parquet":
        return read_parquet(path)
    if kind == "kml":
        raise ImportFormatError(f"{path}: KML is written for viewers, not read back")
    return gio.read_events(path, kind)


def events_frame(events: Sequence[Event]) -> pandas.DataFrame:
    """Events as a DataFrame with the :data:`EVENT_FIELDS` columns (integers nullable)."""
    import pandas as pd

    df = pd.DataFrame([e.__dict__ for e in events], columns=list(EVENT_FIELDS))
    for c in EVENT_FIELDS:
        if c in INT_FIELDS:
            df[c] = df[c].astype("Int64")
        elif c in FLOAT_FIELDS:
            df[c] = df[c].astype("float64")
    return df


def read_events_frame(path: str | os.PathLike[str], fmt: str | None = None) -> pandas.DataFrame:
    """:func:`read_events` as a DataFrame (what :func:`geodata.maps.static.export_map` takes)."""
    return events_frame(read_events(path, fmt))


def import_file(path: str | os.PathLike[str], fmt: str) -> ImportResult:
    """:func:`import_acled` or :func:`import_gdelt`, by name.

    Raises
    ------
    ImportFormatError
        Unknown format name, or the file is not of the format.
    """
    f = (fmt or "").strip().lower()
    if f == "acled":
        return import_acled(path)
    if f == "gdelt":
        return import_gdelt(path)
    raise ImportFormatError(f"unknown import format {fmt!r}; use one of {', '.join(IMPORT_FORMATS)}")


@dataclass
class ImportSummary:
    """What :func:`import_to_store` did.

    Attributes
    ----------
    path, fmt
        The file and its format.
    read
        Good rows read.
    inserted
        Events added to the store.
    already_stored
        Good rows whose id the store already had (not changed).
    rejected
        Bad rows (line numbers and reasons).
    skipped
        Out-of-scope rows (GDELT rows that are not unrest events).
    """

    path: str
    fmt: str
    read: int = 0
    inserted: int = 0
    already_stored: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    skipped: list[RejectedRow] = field(default_factory=list)


def import_to_store(path: str | os.PathLike[str], fmt: str, store: str | os.PathLike[str] | AnyStore) -> ImportSummary:
    """Import an ACLED or GDELT file into an event store, in one transaction.

    Events go in with :meth:`EventStore.bulk_insert <geodata.store.eventstore.EventStore.bulk_insert>`:
    each row is its own event (ACLED and GDELT rows are not merged with each other or with
    extracted events: both sources code their own events, and a 10 km merge would fold
    distinct ACLED events together). Rows whose id is already stored are left alone, so
    importing the same file twice adds nothing.

    Parameters
    ----------
    path
        The file.
    fmt
        ``acled`` or ``gdelt``.
    store
        An open :class:`~geodata.store.eventstore.EventStore` or the path of one (created if missing).

    Raises
    ------
    ImportFormatError
        The file is not of the format (the store is not touched).
    StoreError
        The store cannot be written (nothing is changed).
    """
    from geodata.store.backends import open_store

    events, rejected = import_file(path, fmt)
    summary = ImportSummary(path=os.fspath(path), fmt=fmt.lower(), read=len(events))
    summary.rejected = [r for r in rejected if not r.skipped]
    summary.skipped = [r for r in rejected if r.skipped]
    own = isinstance(store, str | os.PathLike)
    s = open_store(os.fspath(store)) if isinstance(store, str | os.PathLike) else store
    try:
        if events:
            ids = [e.event_id for e in events]
            have = _stored_ids(s, ids)
            new = [e for e in events if e.event_id not in have]
            summary.already_stored = len(events) - len(new)
            if new:
                summary.inserted = s.bulk_insert(new)
    finally:
        if own:
            s.close()
    return summary


def _stored_ids(store: AnyStore, ids: Sequence[str]) -> set[str]:
    """The ids among ``ids`` the store has (imported events are never merged away)."""
    df = store.events(columns=["event_id"], include_rejected=True)
    return set(df["event_id"].astype(str)) & set(ids)
