"""Writing and reading events and mentions: GeoJSON, CSV (ACLED's columns first), GeoPackage.

>>> from geodata.io.files import write_events, read_events
>>> write_events(events, "events.csv")            # doctest: +SKIP
>>> write_events(store.events(), "events.geojson")  # a DataFrame works too  # doctest: +SKIP
>>> read_events("events.csv") == events           # doctest: +SKIP
True

The format comes from the suffix (``.geojson``/``.json``, ``.csv``, ``.gpkg``) unless ``fmt`` is
given. Every file is written atomically: a failure leaves any previous file as it was.

GeoJSON and CSV need only the standard library (the ``geocode`` command starts fast);
GeoPackage imports geopandas when used.

CSV layout for events: ACLED's 31 columns in ACLED's order (``event_id_cnty`` holds our
``event_id``; ``year``, ``disorder_type``, ``interaction``, ``civilian_targeting``, ``iso`` and
``timestamp`` are derived; ``region``, ``admin2``, ``admin3``, ``source_scale`` and an ACLED
``timestamp`` come from ``tags`` when an ACLED import put them there, else stay empty), then
:data:`~geodata.io._acled.CSV_EXTRA_COLUMNS`. :func:`geodata.io.interchange.export_events` writes
CSV through the same row writer.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geodata.exceptions import ExportError, ImportFormatError
from geodata.io._common import (
    EVENT_EXTRA_FIELDS,
    EVENT_KINDS,
    MENTION_COLUMNS,
    MENTION_KINDS,
    cell,
    event_dicts,
    mention_dicts,
    pick_format,
    to_event,
    to_mention,
)
from geodata.io.acled_csv import EVENT_CSV_COLUMNS, acled_row, read_rows, write_rows
from geodata.io.geojson import (
    event_features,
    events_geojson,
    mention_features,
    mentions_geojson,
    point_coords,
    read_features,
    write_features,
)
from geodata.io.gpkg import read_layer, write_layer
from geodata.model import Event, Mention

__all__ = [
    "EVENT_CSV_COLUMNS",
    "EVENT_EXTRA_FIELDS",
    "FORMATS",
    "MENTION_COLUMNS",
    "events_geojson",
    "format_for",
    "input_path",
    "mentions_geojson",
    "read_events",
    "read_mentions",
    "write_events",
    "write_mentions",
]

#: Output formats and the suffixes that select them.
FORMATS: dict[str, tuple[str, ...]] = {
    "geojson": (".geojson", ".json"),
    "csv": (".csv",),
    "gpkg": (".gpkg",),
}


def format_for(
    path: str | os.PathLike[str], fmt: str | None = None,
    formats: Mapping[str, tuple[str, ...]] = FORMATS, aliases: Mapping[str, str] | None = None,
) -> str:
    """The format name for ``path``: ``fmt`` if given, else from the suffix (the one format
    picker: ``formats`` maps names to suffixes, e.g. ``geodata.io.interchange.EXPORT_FORMATS``).

    Raises
    ------
    ExportError
        For an unknown format or suffix (never a silent default).

    >>> format_for("out/events.GeoJSON"), format_for("x.txt", "csv")
    ('geojson', 'csv')
    >>> from geodata.io.interchange import EXPORT_ALIASES, EXPORT_FORMATS
    >>> format_for("x.GeoParquet", None, EXPORT_FORMATS), format_for("x", "geoparquet", EXPORT_FORMATS, EXPORT_ALIASES)
    ('parquet', 'parquet')
    """
    return pick_format(path, fmt, formats, aliases)


# ---------------------------------------------------------------------- public writers
def write_events(events: Any, path: str | os.PathLike[str], fmt: str | None = None, *,
                 raw_csv: bool = False) -> Path:
    """Write events to a GeoJSON, CSV or GeoPackage file, atomically.

    Parameters
    ----------
    events
        :class:`~geodata.model.Event` objects, mappings of their fields, or a DataFrame such as
        :meth:`geodata.store.eventstore.EventStore.events` returns (the store's ``fatalities_low``,
        ``fatalities_high``, ``reports_count`` ... are kept).
    path
        The output file.
    fmt
        ``geojson``, ``csv`` or ``gpkg``; default from the suffix.
    raw_csv
        Write CSV cells as they are; by default a cell that a spreadsheet would run as a
        formula (``=``, ``+``, ``-``, ``@`` ...) gets a leading ``'`` (read back unchanged).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ExportError
        Unknown format, an item that is not an event, or a write failure (nothing is left
        behind and an existing file is untouched).

    Examples
    --------
    >>> write_events([event], "out/events.csv")  # doctest: +SKIP
    PosixPath('out/events.csv')
    """
    path = Path(path)
    kind = format_for(path, fmt)
    rows = event_dicts(events)
    try:
        if kind == "geojson":
            write_features(event_features(rows), path)
        elif kind == "csv":
            write_rows(EVENT_CSV_COLUMNS, (acled_row(r) for r in rows), path, raw=raw_csv)
        else:
            write_layer(rows, path, "events", EVENT_KINDS, "longitude", "latitude")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def write_mentions(mentions: Any, path: str | os.PathLike[str], fmt: str | None = None, *,
                   raw_csv: bool = False) -> Path:
    """Write place mentions to a GeoJSON, CSV or GeoPackage file, atomically.

    GeoJSON properties: ``report_id``, ``mention``, ``start``, ``end``, ``name``,
    ``geonameid``, ``country_code``, ``admin1``, ``admin1_code``, ``kind``, ``role``,
    ``confidence``, ``alternatives`` (a list of dicts), ``feature_code``, ``population``,
    ``method``; the point is the geometry. CSV and GeoPackage have the same columns plus
    ``lat``/``lon``, with ``alternatives`` as JSON text.

    Raises
    ------
    ExportError
        As :func:`write_events`.
    """
    path = Path(path)
    kind = format_for(path, fmt)
    rows = mention_dicts(mentions)
    try:
        if kind == "geojson":
            write_features(mention_features(rows), path)
        elif kind == "csv":
            write_rows(
                MENTION_COLUMNS,
                (
                    [cell(json.dumps(r[c], ensure_ascii=False) if c == "alternatives" else r.get(c))
                     for c in MENTION_COLUMNS]
                    for r in rows
                ),
                path,
                raw=raw_csv,
            )  # fmt: skip
        else:
            write_layer(rows, path, "mentions", MENTION_KINDS, "lon", "lat")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


# ---------------------------------------------------------------------- readers


def input_path(path: str | os.PathLike[str], fmt: str | None,
           formats: Mapping[str, tuple[str, ...]] = FORMATS,
           aliases: Mapping[str, str] | None = None) -> tuple[Path, str]:
    """``(path, format)`` of a file to read (:func:`format_for` with ``formats``), or
    :class:`ImportFormatError` for an unknown format or no file."""
    path = Path(path)
    try:
        kind = format_for(path, fmt, formats, aliases)
    except ExportError as exc:
        raise ImportFormatError(str(exc)) from None
    if not path.is_file():
        raise ImportFormatError(f"{path}: no such file")
    return path, kind


def read_events(path: str | os.PathLike[str], fmt: str | None = None) -> list[Event]:
    """Read events written by :func:`write_events` (or the ``events`` layer of a store).

    CSV files may use ACLED's column names (``event_id_cnty``); empty CSV cells of optional
    fields read as ``None``.

    Raises
    ------
    ImportFormatError
        When the file is not of the format, or a value has the wrong type.
    """
    path, kind = input_path(path, fmt)
    events = []
    if kind == "csv":
        for line, row in read_rows(path):
            events.append(to_event(row, f"{path}:{line}", empty_is_none=True))
    elif kind == "geojson":
        for i, props, geom in read_features(path):
            lon, lat = point_coords(geom)
            props = dict(props)
            props.setdefault("longitude", lon)
            props.setdefault("latitude", lat)
            events.append(to_event(props, f"{path}: feature {i}", empty_is_none=False))
    else:
        for i, rec, (lon, lat) in read_layer(path, "events"):
            if rec.get("longitude") is None:
                rec["longitude"] = lon
            if rec.get("latitude") is None:
                rec["latitude"] = lat
            events.append(to_event(rec, f"{path}: feature {i}", empty_is_none=False))
    return events


def read_mentions(path: str | os.PathLike[str], fmt: str | None = None) -> list[Mention]:
    """Read mentions written by :func:`write_mentions` (or the ``mentions`` layer of a store).

    Raises
    ------
    ImportFormatError
        When the file is not of the format, or a value has the wrong type.
    """
    path, kind = input_path(path, fmt)
    out = []
    if kind == "csv":
        for line, row in read_rows(path):
            out.append(to_mention(row, f"{path}:{line}", empty_is_none=True))
    elif kind == "geojson":
        for i, props, geom in read_features(path):
            lon, lat = point_coords(geom)
            out.append(to_mention({**props, "lon": lon, "lat": lat}, f"{path}: feature {i}", False))
    else:
        for i, rec, (lon, lat) in read_layer(path, "mentions"):
            rec.setdefault("lon", lon)
            rec.setdefault("lat", lat)
            out.append(to_mention(rec, f"{path}: feature {i}", empty_is_none=False))
    return out
