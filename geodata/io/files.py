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

import csv
import dataclasses
import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from geodata._atomic import atomic_path
from geodata.exceptions import ExportError, ImportFormatError
from geodata.io._acled import (
    ACLED_COLUMNS,
    CSV_EXTRA_COLUMNS,
    civilian_targeting,
    disorder_type,
    interaction,
    iso_numeric,
    tag_values,
    unix_timestamp,
)
from geodata.model import EVENT_FIELDS, Candidate, Event, Mention

__all__ = [
    "EVENT_CSV_COLUMNS",
    "EVENT_EXTRA_FIELDS",
    "FORMATS",
    "MENTION_COLUMNS",
    "events_geojson",
    "format_for",
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

#: Columns of the event store beyond the Event fields, written when present.
EVENT_EXTRA_FIELDS: tuple[str, ...] = (
    "fatalities_low",
    "fatalities_high",
    "reports_count",
    "date_start",
    "date_end",
    "updated_at",
)

#: Header of an events CSV.
EVENT_CSV_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + CSV_EXTRA_COLUMNS

#: Mention fields, in the order of files (``alternatives`` as a list of dicts / JSON text).
MENTION_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Mention))

# ACLED column -> our field, where the names differ.
_FROM_ACLED = {"event_id_cnty": "event_id"}
_DERIVED = {"year", "disorder_type", "interaction", "civilian_targeting", "iso", "region", "admin2",
            "admin3", "source_scale", "timestamp"}  # fmt: skip


def _kinds(cls: type) -> dict[str, tuple[str, bool]]:
    """field -> (base type name, optional) from a dataclass's (string) annotations."""
    out = {}
    for f in dataclasses.fields(cls):
        parts = [p.strip() for p in str(f.type).split("|")]
        optional = "None" in parts
        base = next((p for p in parts if p != "None"), "str")
        if base.startswith(("Kind", "Role")):
            base = "str"
        out[f.name] = (base, optional)
    return out


_EVENT_KINDS = _kinds(Event)
_EVENT_KINDS.update({k: ("int", True) for k in ("fatalities_low", "fatalities_high", "reports_count")})
_EVENT_KINDS.update({k: ("str", True) for k in ("date_start", "date_end", "updated_at")})
_MENTION_KINDS = _kinds(Mention)
_DEFAULTS: dict[str, Any] = {
    f.name: f.default for f in dataclasses.fields(Event) if f.default is not dataclasses.MISSING
}
_DEFAULTS.update(time_precision=1, geo_precision=1, severity=0, confidence=0.0)
_DATE_FIELDS = {"event_date", "date_start", "date_end"}


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The format name for ``path``: ``fmt`` if given, else from the suffix.

    Raises
    ------
    ExportError
        For an unknown format or suffix.

    >>> format_for("out/events.GeoJSON"), format_for("x.txt", "csv")
    ('geojson', 'csv')
    """
    return pick_format(path, fmt, FORMATS)


def pick_format(
    path: str | os.PathLike[str], fmt: str | None, formats: Mapping[str, tuple[str, ...]],
    aliases: Mapping[str, str] | None = None,
) -> str:
    """A format name from ``formats`` (name -> suffixes): ``fmt`` if given (or its alias),
    else the one whose suffixes hold the path's suffix.

    Raises
    ------
    ExportError
        For an unknown format or suffix.
    """
    if fmt is not None:
        f = fmt.lower().lstrip(".")
        f = {"json": "geojson", **(aliases or {})}.get(f, f)
        if f not in formats:
            raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(formats)}")
        return f
    suffix = Path(path).suffix.lower()
    for name, suffixes in formats.items():
        if suffix in suffixes:
            return name
    raise ExportError(
        f"cannot tell the format of {os.fspath(path)!r} from its suffix; use one of "
        f"{', '.join(s for v in formats.values() for s in v)} or give the format"
    )


# ---------------------------------------------------------------------- plain values
def _plain(value: Any) -> Any:
    """A JSON/CSV-ready Python value (NaN, NaT and pandas' NA become None)."""
    if value is None or type(value) in (str, int, bool):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    mod = type(value).__module__
    if mod.startswith(("numpy", "pandas")):
        try:
            if value != value:  # NaN, NaT
                return None
        except (TypeError, ValueError):  # pandas.NA
            return None
        if hasattr(value, "isoformat"):  # pandas.Timestamp
            return value.isoformat()
        if hasattr(value, "item"):
            return _plain(value.item())
    return value


def _records(items: Any) -> list[Any]:
    if hasattr(items, "columns") and hasattr(items, "to_dict"):  # a (Geo)DataFrame
        cols = [c for c in items.columns if c != getattr(items, "_geometry_column_name", None)]
        return items[cols].to_dict("records")
    return list(items)


def _event_rows(events: Any) -> list[dict[str, Any]]:
    rows = []
    for i, e in enumerate(_records(events)):
        if isinstance(e, Event):
            d: Mapping[str, Any] = e.__dict__
        elif isinstance(e, Mapping):
            d = e
        else:
            raise ExportError(f"item {i} is a {type(e).__name__}, not an Event or a mapping")
        row = {k: _plain(d.get(k, _DEFAULTS.get(k))) for k in EVENT_FIELDS}
        if not row["event_id"]:
            raise ExportError(f"item {i} has no event_id")
        for k in EVENT_EXTRA_FIELDS:
            if k in d:
                row[k] = _plain(d[k])
        if row.get("event_date"):
            row["event_date"] = str(row["event_date"])[:10]
        rows.append(row)
    return rows


def _mention_rows(mentions: Any) -> list[dict[str, Any]]:
    rows = []
    for i, m in enumerate(_records(mentions)):
        if isinstance(m, Mention):
            d = m.to_dict()
        elif isinstance(m, Mapping):
            d = dict(m)
        else:
            raise ExportError(f"item {i} is a {type(m).__name__}, not a Mention or a mapping")
        row = {k: _plain(d.get(k)) if k != "alternatives" else d.get(k) for k in MENTION_COLUMNS}
        alts = row.get("alternatives")
        if isinstance(alts, str):
            alts = json.loads(alts or "[]")
        elif alts is None or (isinstance(alts, float) and math.isnan(alts)):
            alts = []
        row["alternatives"] = [
            a.to_dict() if isinstance(a, Candidate) else {k: _plain(v) for k, v in dict(a).items()}
            for a in list(alts)
        ]
        rows.append(row)
    return rows


def _point(lon: Any, lat: Any) -> dict[str, Any] | None:
    if lon is None or lat is None:
        return None
    return {"type": "Point", "coordinates": [lon, lat]}


# ---------------------------------------------------------------------- GeoJSON
def events_geojson(events: Any) -> dict[str, Any]:
    """Events as a GeoJSON FeatureCollection of points (all fields as properties).

    Events without coordinates get ``"geometry": null``.
    """
    return {"type": "FeatureCollection", "features": list(_event_features(_event_rows(events)))}


def _event_features(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {
            "type": "Feature",
            "id": row["event_id"],
            "geometry": _point(row.get("longitude"), row.get("latitude")),
            "properties": row,
        }


def mentions_geojson(mentions: Any) -> dict[str, Any]:
    """Mentions as a GeoJSON FeatureCollection of points; ``alternatives`` is a list of dicts."""
    return {"type": "FeatureCollection", "features": list(_mention_features(_mention_rows(mentions)))}


def _mention_features(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for row in rows:
        props = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        yield {"type": "Feature", "geometry": _point(row.get("lon"), row.get("lat")), "properties": props}


def _write_geojson(features: Iterable[dict[str, Any]], path: Path) -> None:
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write('{"type": "FeatureCollection", "features": [\n')
        for i, feat in enumerate(features):
            if i:
                fh.write(",\n")
            try:
                fh.write(json.dumps(feat, ensure_ascii=False, allow_nan=False, default=str))
            except ValueError as exc:
                raise ExportError(f"feature {i} cannot be written as JSON: {exc}") from None
        fh.write("\n]}\n")


# ---------------------------------------------------------------------- CSV
def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _acled_row(row: Mapping[str, Any]) -> list[str]:
    """One CSV row in :data:`EVENT_CSV_COLUMNS` order: ACLED's derived columns computed from
    our fields; ``region``, ``admin2``, ``admin3``, ``source_scale`` and ``timestamp`` from
    ``tags`` when an ACLED import put them there (:func:`geodata.io._acled.tag_values`)."""
    date_s = row.get("event_date") or ""
    tags = tag_values(row.get("tags"))
    derived = {
        "event_id_cnty": row["event_id"],
        "year": date_s[:4] if len(date_s) >= 4 else None,
        "disorder_type": disorder_type(row.get("event_type"), row.get("sub_event_type")),
        "interaction": interaction(row.get("inter1"), row.get("inter2")),
        "civilian_targeting": civilian_targeting(row),
        "iso": iso_numeric(row.get("country_code")),
        "region": tags.get("region"),
        "admin2": tags.get("admin2"),
        "admin3": tags.get("admin3"),
        "source_scale": tags.get("source_scale"),
        "timestamp": tags.get("timestamp") or unix_timestamp(row.get("updated_at")),
    }
    return [_cell(derived[c] if c in derived else row.get(c)) for c in EVENT_CSV_COLUMNS]


def _write_csv(header: Iterable[str], rows: Iterable[list[str]], path: Path) -> None:
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(list(header))
        w.writerows(rows)


# ---------------------------------------------------------------------- GeoPackage
def _write_gpkg(rows: list[dict[str, Any]], path: Path, layer: str, kinds: dict[str, tuple[str, bool]],
                lon: str, lat: str) -> None:  # fmt: skip
    import geopandas as gpd
    import pandas as pd
    import pyogrio

    cols = list(rows[0]) if rows else [k for k in kinds if k in EVENT_FIELDS or layer == "mentions"]
    data: dict[str, Any] = {}
    for c in cols:
        values = [r.get(c) for r in rows]
        base = kinds.get(c, ("str", True))[0]
        if c == "alternatives":
            data[c] = pd.array([json.dumps(v, ensure_ascii=False) for v in values], dtype=object)
        elif base == "int":
            data[c] = pd.array(values, dtype="Int64")
        elif base == "float":
            data[c] = pd.array([math.nan if v is None else float(v) for v in values], dtype="float64")
        else:
            data[c] = pd.array(values, dtype=object)
    geom = [
        None if r.get(lon) is None or r.get(lat) is None else (float(r[lon]), float(r[lat])) for r in rows
    ]
    from shapely.geometry import Point

    gdf = gpd.GeoDataFrame(
        pd.DataFrame(data), geometry=[Point(g) if g else None for g in geom], crs="EPSG:4326"
    )
    with atomic_path(path) as tmp:
        try:
            pyogrio.write_dataframe(gdf, tmp, layer=layer, driver="GPKG", geometry_type="Point")
        except Exception as exc:
            raise ExportError(f"cannot write GeoPackage {path}: {exc}") from exc


# ---------------------------------------------------------------------- public writers
def write_events(events: Any, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
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
    rows = _event_rows(events)
    try:
        if kind == "geojson":
            _write_geojson(_event_features(rows), path)
        elif kind == "csv":
            _write_csv(EVENT_CSV_COLUMNS, (_acled_row(r) for r in rows), path)
        else:
            _write_gpkg(rows, path, "events", _EVENT_KINDS, "longitude", "latitude")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def write_mentions(mentions: Any, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
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
    rows = _mention_rows(mentions)
    try:
        if kind == "geojson":
            _write_geojson(_mention_features(rows), path)
        elif kind == "csv":
            _write_csv(
                MENTION_COLUMNS,
                (
                    [_cell(json.dumps(r[c], ensure_ascii=False) if c == "alternatives" else r.get(c))
                     for c in MENTION_COLUMNS]
                    for r in rows
                ),
                path,
            )  # fmt: skip
        else:
            _write_gpkg(rows, path, "mentions", _MENTION_KINDS, "lon", "lat")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


# ---------------------------------------------------------------------- readers
def _coerce(name: str, value: Any, kinds: dict[str, tuple[str, bool]], empty_is_none: bool, where: str) -> Any:
    base, optional = kinds.get(name, ("str", True))
    value = _plain(value)
    if isinstance(value, str) and base != "str":
        value = value.strip()
    if value is None or (value == "" and (empty_is_none or base != "str")):
        if optional:
            return None
        return _DEFAULTS.get(name, "" if base == "str" else None)
    if base == "int":
        try:
            if isinstance(value, float):
                if value != int(value):
                    raise ValueError
                return int(value)
            return int(value)
        except (TypeError, ValueError):
            raise ImportFormatError(f"{where}: {name} {value!r} is not an integer") from None
    if base == "float":
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ImportFormatError(f"{where}: {name} {value!r} is not a number") from None
    value = str(value)
    if name in _DATE_FIELDS:
        value = value[:10]
    return value


def _to_event(d: Mapping[str, Any], where: str, empty_is_none: bool) -> Event:
    d = {_FROM_ACLED.get(k, k): v for k, v in d.items() if k not in _DERIVED}
    if not d.get("event_id"):
        raise ImportFormatError(f"{where}: no event_id")
    fields = {k: _coerce(k, d.get(k), _EVENT_KINDS, empty_is_none, where) for k in EVENT_FIELDS}
    if fields["report_id"] is None:
        fields["report_id"] = ""
    return Event(**fields)


def _to_mention(d: Mapping[str, Any], where: str, empty_is_none: bool) -> Mention:
    fields = {k: _coerce(k, d.get(k), _MENTION_KINDS, empty_is_none, where) for k in MENTION_COLUMNS
              if k != "alternatives"}  # fmt: skip
    alts = d.get("alternatives")
    if isinstance(alts, str):
        try:
            alts = json.loads(alts) if alts.strip() else []
        except ValueError:
            raise ImportFormatError(f"{where}: alternatives is not JSON") from None
    elif alts is None or (isinstance(alts, float) and math.isnan(alts)):
        alts = []
    try:
        fields["alternatives"] = [Candidate(**a) for a in alts]
    except TypeError as exc:
        raise ImportFormatError(f"{where}: bad alternative: {exc}") from None
    for k in ("report_id", "mention", "name", "kind"):
        if fields.get(k) is None:
            fields[k] = ""
    if fields.get("start") is None or fields.get("end") is None:
        raise ImportFormatError(f"{where}: a mention needs start and end offsets")
    return Mention(**fields)


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames:
                raise ImportFormatError(f"{path}: empty CSV, no header")
            for row in reader:
                yield reader.line_num, row
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise ImportFormatError(f"{path}: bad CSV: {exc}") from None


def _read_geojson(path: Path) -> list[tuple[int, dict[str, Any], dict[str, Any] | None]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportFormatError(f"{path}: not GeoJSON: {exc}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportFormatError(f"{path}: not a GeoJSON FeatureCollection")
    out = []
    for i, feat in enumerate(data.get("features") or []):
        props = feat.get("properties") or {}
        geom = feat.get("geometry")
        out.append((i, props, geom))
    return out


def _coords(geom: Mapping[str, Any] | None) -> tuple[float | None, float | None]:
    if not geom or geom.get("type") != "Point":
        return None, None
    lon, lat = geom["coordinates"][:2]
    return lon, lat


def _read_gpkg(path: Path, layer: str) -> list[tuple[int, dict[str, Any], tuple[float | None, float | None]]]:
    import pyogrio

    try:
        layers = [name for name, _ in pyogrio.list_layers(path)]
        df = pyogrio.read_dataframe(path, layer=layer if layer in layers else None)
    except Exception as exc:
        raise ImportFormatError(f"{path}: cannot read as GeoPackage: {exc}") from None
    geoms = df.geometry.values if "geometry" in df else [None] * len(df)
    cols = [c for c in df.columns if c != "geometry"]
    out = []
    for i, (rec, g) in enumerate(zip(df[cols].to_dict("records"), geoms, strict=True)):
        xy = (None, None) if g is None or g.is_empty else (float(g.x), float(g.y))
        out.append((i, rec, xy))
    return out


def _input(path: str | os.PathLike[str], fmt: str | None,
           pick: Any = None) -> tuple[Path, str]:
    """``(path, format)`` of a file to read (``pick``: the format picker, default
    :func:`format_for`), or :class:`ImportFormatError` for an unknown format or no file."""
    path = Path(path)
    try:
        kind = (pick or format_for)(path, fmt)
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
    path, kind = _input(path, fmt)
    events = []
    if kind == "csv":
        for line, row in _read_csv(path):
            events.append(_to_event(row, f"{path}:{line}", empty_is_none=True))
    elif kind == "geojson":
        for i, props, geom in _read_geojson(path):
            lon, lat = _coords(geom)
            props = dict(props)
            props.setdefault("longitude", lon)
            props.setdefault("latitude", lat)
            events.append(_to_event(props, f"{path}: feature {i}", empty_is_none=False))
    else:
        for i, rec, (lon, lat) in _read_gpkg(path, "events"):
            if rec.get("longitude") is None:
                rec["longitude"] = lon
            if rec.get("latitude") is None:
                rec["latitude"] = lat
            events.append(_to_event(rec, f"{path}: feature {i}", empty_is_none=False))
    return events


def read_mentions(path: str | os.PathLike[str], fmt: str | None = None) -> list[Mention]:
    """Read mentions written by :func:`write_mentions` (or the ``mentions`` layer of a store).

    Raises
    ------
    ImportFormatError
        When the file is not of the format, or a value has the wrong type.
    """
    path, kind = _input(path, fmt)
    out = []
    if kind == "csv":
        for line, row in _read_csv(path):
            out.append(_to_mention(row, f"{path}:{line}", empty_is_none=True))
    elif kind == "geojson":
        for i, props, geom in _read_geojson(path):
            lon, lat = _coords(geom)
            out.append(_to_mention({**props, "lon": lon, "lat": lat}, f"{path}: feature {i}", False))
    else:
        for i, rec, (lon, lat) in _read_gpkg(path, "mentions"):
            rec.setdefault("lon", lon)
            rec.setdefault("lat", lat)
            out.append(_to_mention(rec, f"{path}: feature {i}", empty_is_none=False))
    return out
