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

import csv
import dataclasses
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from geodata._atomic import atomic_path
from geodata.events.taxonomy import EVENT_TYPES, INTER_CODES, severity_of
from geodata.exceptions import ExportError, ImportFormatError
from geodata.io import files as gio
from geodata.io._acled import tag_values
from geodata.io._common import plain
from geodata.io._gdelt import (
    ACTOR_TYPE_INTER,
    CAMEO_TAGS,
    COLUMN_ALIASES,
    GDELT_COLUMNS,
    GEO_TYPE_PRECISION,
    UNREST_ROOTS,
    cameo_label,
    cameo_to_acled,
)
from geodata.io.acled_csv import EVENT_CSV_COLUMNS, acled_row, write_rows
from geodata.model import EVENT_FIELDS, Event
from geodata.places.countries import country_name, fips_to_iso, name_to_iso, numeric_to_iso

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from geodata.store.eventstore import EventStore

__all__ = [
    "ACLED_EXTRA_TAGS",
    "ACLED_FIELD_MAP",
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
    "export_format_for",
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
#: Formats :func:`import_file` reads.
IMPORT_FORMATS: tuple[str, ...] = ("acled", "gdelt")

#: ACLED columns with no Event field, kept as ``key=value`` entries in ``tags`` on import and
#: written back to their ACLED columns by the CSV export.
ACLED_EXTRA_TAGS: tuple[str, ...] = ("region", "admin2", "admin3", "source_scale", "timestamp")

#: ACLED column -> where it goes (an Event field, ``tags``, or "derived" = recomputed on export).
ACLED_FIELD_MAP: dict[str, str] = {
    "event_id_cnty": "event_id ('acled:' + value) and report_id (the same)",
    "event_date": "event_date (ISO; '05 January 2022' and '2022-01-05' are read)",
    "year": "derived from event_date",
    "time_precision": "time_precision",
    "disorder_type": "derived from event_type and sub_event_type",
    "event_type": "event_type (must be one of ACLED's six)",
    "sub_event_type": "sub_event_type",
    "actor1": "actor1",
    "assoc_actor_1": "assoc_actor_1",
    "inter1": "inter1 (code, or ACLED's label such as 'Protesters')",
    "actor2": "actor2",
    "assoc_actor_2": "assoc_actor_2",
    "inter2": "inter2",
    "interaction": "derived from inter1 and inter2",
    "civilian_targeting": "derived from event_type, sub_event_type and inter2",
    "iso": "country_code (ISO numeric -> alpha-2; else from the country name)",
    "region": "tags 'region=...'",
    "country": "country",
    "admin1": "admin1",
    "admin2": "tags 'admin2=...'",
    "admin3": "tags 'admin3=...'",
    "location": "location",
    "latitude": "latitude",
    "longitude": "longitude",
    "geo_precision": "geo_precision (1-3)",
    "source": "source",
    "source_scale": "tags 'source_scale=...'",
    "notes": "notes",
    "fatalities": "fatalities (and severity, from fatalities and the type)",
    "tags": "tags (ACLED's own tags first)",
    "timestamp": "tags 'timestamp=...' (ACLED's last update, Unix seconds)",
}

#: GDELT 2.0 column -> where it goes.
GDELT_FIELD_MAP: dict[str, str] = {
    "GlobalEventID": "event_id and report_id ('gdelt:' + value)",
    "Day": "event_date (time_precision 1)",
    "MonthYear, Year, FractionDate": "derived from Day (checked for nothing)",
    "Actor1Code, Actor2Code": "tags 'actor1_code=...', 'actor2_code=...'",
    "Actor1Name, Actor2Name": "actor1, actor2 (title-cased; a protest or riot with no Actor1 "
    "gets 'Protesters (country)' / 'Rioters (country)')",
    "Actor*CountryCode, KnownGroupCode, EthnicCode, Religion*Code, Type2/3Code": "not kept "
    "(they are parts of Actor*Code, which is kept)",
    "Actor1Type1Code, Actor2Type1Code": "inter1, inter2 (GOV/MIL/COP/JUD/SPY/LEG 1, REB/INS/SEP 2, "
    "UAF 3, CVL/EDU/MED/HLH/REF/LAB/AGR/REL/BUS 7, IGO/NGO/IMG 8; protest actor1 6, riot 5)",
    "IsRootEvent": "tags 'root_event=...'",
    "EventCode, EventBaseCode, EventRootCode": "event_type, sub_event_type (CAMEO table in "
    "geodata.io._gdelt); tags 'cameo=...'",
    "QuadClass": "tags 'quad_class=...'",
    "GoldsteinScale": "tags 'goldstein=...'",
    "NumMentions": "tags 'num_mentions=...'",
    "NumSources": "sources_count",
    "NumArticles": "tags 'num_articles=...'",
    "AvgTone": "tags 'avg_tone=...'",
    "Actor1Geo_*, Actor2Geo_*": "not kept (where the actors are from, not where it happened)",
    "ActionGeo_Type": "geo_precision (1 country -> 4, 2 US state -> 3, 3/4 city -> 1, 5 ADM1 -> 3)",
    "ActionGeo_FullName": "location (first part), admin1 (second part of 'City, ADM1, Country'; "
    "the region itself for ADM1 rows), country (last part)",
    "ActionGeo_CountryCode": "country_code (FIPS 10-4 -> ISO alpha-2); tags 'fips=...'",
    "ActionGeo_ADM1Code, ActionGeo_ADM2Code": "tags 'adm1=...', 'adm2=...'",
    "ActionGeo_Lat, ActionGeo_Long": "latitude, longitude",
    "ActionGeo_FeatureID": "tags 'feature_id=...' (a GNS/GeoNames feature or ADM1 code)",
    "DATEADDED": "tags 'dateadded=...'",
    "SOURCEURL": "source_url; source = its host name",
}

#: ``confidence`` given to imported events (geocoding confidence is not in either source).
ACLED_CONFIDENCE = 1.0
GDELT_CONFIDENCE = 0.5

_ACLED_REQUIRED = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude", "country")
_INT_FIELDS = {f.name for f in dataclasses.fields(Event) if str(f.type).startswith("int")}
_FLOAT_FIELDS = {f.name for f in dataclasses.fields(Event) if str(f.type).startswith("float")}
_OPTIONAL = {f.name for f in dataclasses.fields(Event) if "None" in str(f.type)}
_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Event) if f.default is not dataclasses.MISSING}


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


def _join_tags(own: str | None, extra: Mapping[str, Any]) -> str:
    parts = [p.strip() for p in (own or "").split(";") if p.strip()]
    parts += [f"{k}={v}" for k, v in extra.items() if v not in (None, "")]
    return "; ".join(parts)


def export_format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The export format of ``path``: ``fmt`` if given, else from the suffix.

    Raises
    ------
    ExportError
        For an unknown format or suffix.

    >>> export_format_for("x.GeoParquet"), export_format_for("x.dat", "kml")
    ('parquet', 'kml')
    """
    return gio.pick_format(path, fmt, EXPORT_FORMATS, {"geoparquet": "parquet"})


# ============================================================================ export
def _write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    """ACLED's columns then ours: the one row writer of :func:`geodata.io.files.write_events`."""
    write_rows(EVENT_CSV_COLUMNS, (acled_row(r) for r in rows), path)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    extra = [k for k in gio.EVENT_EXTRA_FIELDS if any(k in r for r in rows)]
    return [*EVENT_FIELDS, *extra]


def _kind(col: str) -> str:
    if col in _INT_FIELDS or col in ("fatalities_low", "fatalities_high", "reports_count"):
        return "int"
    if col in _FLOAT_FIELDS:
        return "float"
    return "str"


def _typed_frame(rows: list[dict[str, Any]]) -> Any:
    """A GeoDataFrame (EPSG:4326 points) with nullable integer columns."""
    import geopandas as gpd
    import pandas as pd

    cols = _columns(rows)
    data: dict[str, Any] = {}
    for c in cols:
        values = [r.get(c) for r in rows]
        kind = _kind(c)
        if kind == "int":
            data[c] = pd.array(values, dtype="Int64")
        elif kind == "float":
            data[c] = pd.array([math.nan if v is None else float(v) for v in values], dtype="float64")
        else:
            data[c] = pd.array([None if v is None else str(v) for v in values], dtype=object)
    df = pd.DataFrame(data)
    lon = df["longitude"].to_numpy(dtype="float64")
    lat = df["latitude"].to_numpy(dtype="float64")
    geom = gpd.points_from_xy(lon, lat)
    gs = gpd.GeoSeries(geom, crs="EPSG:4326")
    missing = ~(pd.notna(lon) & pd.notna(lat))
    if missing.any():
        gs[missing] = None
    return gpd.GeoDataFrame(df, geometry=gs, crs="EPSG:4326")


def _write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    gdf = _typed_frame(rows)
    with atomic_path(path) as tmp:
        try:
            gdf.to_parquet(tmp, index=False, compression="zstd", schema_version=None)
        except Exception as exc:
            raise ExportError(f"cannot write GeoParquet {path}: {exc}") from exc


def _write_kml(rows: list[dict[str, Any]], path: Path, name: str) -> None:
    from geodata.io._kml import write_kml

    fields = [(c, _kind(c)) for c in _columns(rows)]
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        write_kml(rows, fh, fields, name=name)


def export_events(
    events: Any,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    name: str | None = None,
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
    * KML: one Placemark per event (see :mod:`geodata.io._kml`).

    Examples
    --------
    >>> export_events([event], "out/events.kml")  # doctest: +SKIP
    PosixPath('out/events.kml')
    """
    path = Path(path)
    kind = export_format_for(path, fmt)
    try:
        if kind in ("geojson", "gpkg"):
            return gio.write_events(events, path, kind)
        rows = event_rows(events)
        if kind == "csv":
            _write_csv(rows, path)
        elif kind == "parquet":
            _write_parquet(rows, path)
        else:
            _write_kml(rows, path, name or path.stem)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def events_bytes(events: Any, fmt: str) -> bytes:
    """The bytes of :func:`export_events`' file in ``fmt`` (for a dashboard download button)."""
    import tempfile

    kind = export_format_for("events", fmt)
    with tempfile.TemporaryDirectory(prefix="ua-export-") as tmp:
        out = Path(tmp) / f"events.{EXPORT_FORMATS[kind][0].lstrip('.')}"
        export_events(events, out, kind)
        return out.read_bytes()


# ============================================================================ reading back
def _coerce(name: str, value: Any) -> Any:
    value = plain(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None if name in _OPTIONAL else _DEFAULTS.get(name, "" if name not in _INT_FIELDS else 0)
    if name in _INT_FIELDS:
        return int(value)
    if name in _FLOAT_FIELDS:
        return float(value)
    return str(value)


def _read_parquet(path: Path) -> list[Event]:
    import geopandas as gpd

    try:
        gdf = gpd.read_parquet(path)
    except Exception as exc:
        raise ImportFormatError(f"{path}: cannot read as GeoParquet: {exc}") from None
    missing = [c for c in ("event_id", "report_id") if c not in gdf.columns]
    if missing:
        raise ImportFormatError(f"{path}: not an events file (no {', '.join(missing)} column)")
    cols = [c for c in EVENT_FIELDS if c in gdf.columns]
    out = []
    for i, rec in enumerate(gdf[cols].to_dict("records")):
        try:
            fields = {k: _coerce(k, rec.get(k)) for k in EVENT_FIELDS}
        except (TypeError, ValueError) as exc:
            raise ImportFormatError(f"{path}: row {i}: {exc}") from None
        if fields["report_id"] is None:
            fields["report_id"] = ""
        out.append(Event(**fields))
    return out


def read_events(path: str | os.PathLike[str], fmt: str | None = None) -> list[Event]:
    """Read events written by :func:`export_events` (CSV, GeoJSON, GeoPackage, GeoParquet).

    KML is an output format for viewers (Google Earth, QGIS): read it with GDAL if needed.

    Raises
    ------
    ImportFormatError
        When the file is not of the format, or a value has the wrong type.
    """
    path, kind = gio._input(path, fmt, export_format_for)
    if kind == "parquet":
        return _read_parquet(path)
    if kind == "kml":
        raise ImportFormatError(f"{path}: KML is written for viewers, not read back")
    return gio.read_events(path, kind)


def events_frame(events: Sequence[Event]) -> pandas.DataFrame:
    """Events as a DataFrame with the :data:`EVENT_FIELDS` columns (integers nullable)."""
    import pandas as pd

    df = pd.DataFrame([e.__dict__ for e in events], columns=list(EVENT_FIELDS))
    for c in EVENT_FIELDS:
        if c in _INT_FIELDS:
            df[c] = df[c].astype("Int64")
        elif c in _FLOAT_FIELDS:
            df[c] = df[c].astype("float64")
    return df


def read_events_frame(path: str | os.PathLike[str], fmt: str | None = None) -> pandas.DataFrame:
    """:func:`read_events` as a DataFrame (what :func:`geodata.maps.static.export_map` takes)."""
    return events_frame(read_events(path, fmt))


# ============================================================================ import: common
@dataclass(frozen=True)
class RejectedRow:
    """A source row that was not imported.

    Attributes
    ----------
    line
        1-based line number in the file (the first line of a multi-line CSV record).
    reason
        Why.
    skipped
        ``True`` when the row is valid but out of scope (a GDELT row whose CAMEO code is not
        an unrest event); ``False`` when it is bad.
    """

    line: int
    reason: str
    skipped: bool = False

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class ImportResult(NamedTuple):
    """What an import read: ``events, rejected = import_acled(path)``."""

    events: list[Event]
    rejected: list[RejectedRow]


class _RowError(ValueError):
    pass


def _float(value: str | None, what: str, lo: float, hi: float) -> float:
    s = (value or "").strip()
    if not s:
        raise _RowError(f"no {what}")
    try:
        v = float(s)
    except ValueError:
        raise _RowError(f"{what} {s!r} is not a number") from None
    if not math.isfinite(v) or not lo <= v <= hi:
        raise _RowError(f"{what} {s} is out of range ({lo:g}..{hi:g})")
    return v


def _int(value: str | None, what: str, lo: int | None = None, hi: int | None = None,
         default: int | None = None) -> int | None:  # fmt: skip
    s = (value or "").strip()
    if not s:
        return default
    try:
        f = float(s)
        if f != int(f):
            raise ValueError
        v = int(f)
    except (ValueError, OverflowError):
        raise _RowError(f"{what} {s!r} is not a whole number") from None
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        rng = f"{lo}..{hi}" if hi is not None else f">= {lo}"
        raise _RowError(f"{what} {v} is out of range ({rng})")
    return v


def _check_file(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    if not p.is_file():
        raise ImportFormatError(f"{p}: no such file")
    with p.open("rb") as fh:
        head = fh.read(8192)
    if b"\x00" in head:
        raise ImportFormatError(f"{p}: binary file, not a text export")
    return p


def _first_lines(p: Path, n: int = 5) -> list[str]:
    out = []
    with p.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        for line in fh:
            if line.strip():
                out.append(line.rstrip("\r\n"))
            if len(out) >= n:
                break
    return out


def _looks_gdelt(lines: Sequence[str]) -> bool:
    return any(len(ln.split("\t")) in (57, 58, 61) and ln.split("\t")[0].strip().isdigit() for ln in lines)


# ============================================================================ ACLED
_ACLED_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%Y/%m/%d", "%B %d, %Y")
_INTER_BY_LABEL = {v.casefold(): k for k, v in INTER_CODES.items()}
_INTER_BY_LABEL.update({
    "state forces": 1, "rebel group": 2, "rebel groups": 2, "political militia": 3,
    "political militias": 3, "identity militia": 4, "identity militias": 4, "rioters": 5,
    "protesters": 6, "civilians": 7, "external/other forces": 8, "external/other force": 8,
})  # fmt: skip


def _acled_date(value: str | None) -> str:
    s = (value or "").strip()
    if not s:
        raise _RowError("no event_date")
    try:
        return date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        pass
    for f in _ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(s, f).date().isoformat()
        except ValueError:
            continue
    raise _RowError(f"event_date {s!r} is not a date")


def _inter(value: str | None, what: str) -> int | None:
    s = (value or "").strip()
    if not s:
        return None
    if s.casefold() in _INTER_BY_LABEL:
        return _INTER_BY_LABEL[s.casefold()]
    v = _int(s, what, 0, 8)
    return v or None  # ACLED's 0 = no second actor


def _acled_event(d: Mapping[str, str]) -> Event:
    raw_id = (d.get("event_id_cnty") or "").strip()
    if not raw_id:
        raise _RowError("no event_id_cnty")
    event_id = raw_id if raw_id.startswith("acled:") else f"acled:{raw_id}"
    event_date = _acled_date(d.get("event_date"))
    etype = (d.get("event_type") or "").strip()
    if etype not in EVENT_TYPES:
        raise _RowError(f"event_type {etype!r} is not one of ACLED's: {'; '.join(EVENT_TYPES)}")
    sub = (d.get("sub_event_type") or "").strip()
    lat = _float(d.get("latitude"), "latitude", -90, 90)
    lon = _float(d.get("longitude"), "longitude", -180, 180)
    fat = _int(d.get("fatalities"), "fatalities", 0)
    tp = _int(d.get("time_precision"), "time_precision", 1, 3, default=1)
    gp = _int(d.get("geo_precision"), "geo_precision", 1, 3, default=1)
    country = (d.get("country") or "").strip() or None
    cc = numeric_to_iso(d.get("iso")) or name_to_iso(country)
    extra = {k: (d.get(k) or "").strip() for k in ACLED_EXTRA_TAGS}
    tags = _join_tags(d.get("tags"), extra)
    return Event(
        event_id=event_id,
        report_id=event_id,
        event_date=event_date,
        time_precision=tp or 1,
        event_type=etype,
        sub_event_type=sub,
        actor1=(d.get("actor1") or "").strip(),
        actor2=(d.get("actor2") or "").strip(),
        location=(d.get("location") or "").strip(),
        admin1=(d.get("admin1") or "").strip() or None,
        country=country,
        country_code=cc,
        latitude=lat,
        longitude=lon,
        geo_precision=gp or 1,
        fatalities=fat,
        injuries=None,
        severity=severity_of(etype, sub, fat, None, d.get("tags") or ""),
        notes=(d.get("notes") or "").strip(),
        source=(d.get("source") or "").strip() or None,
        confidence=ACLED_CONFIDENCE,
        assoc_actor_1=(d.get("assoc_actor_1") or "").strip(),
        assoc_actor_2=(d.get("assoc_actor_2") or "").strip(),
        inter1=_inter(d.get("inter1"), "inter1"),
        inter2=_inter(d.get("inter2"), "inter2"),
        tags=tags,
        source_url=None,
    )


def _sniff_delimiter(header_line: str) -> str | None:
    best, best_n = None, 0
    for delim in (",", ";", "\t", "|"):
        cells = [c.strip().strip('"').casefold() for c in header_line.split(delim)]
        if "event_id_cnty" in cells and len(cells) > best_n:
            best, best_n = delim, len(cells)
    return best


def import_acled(path: str | os.PathLike[str]) -> ImportResult:
    """Read an ACLED CSV export into events.

    Every ACLED column is mapped (see :data:`ACLED_FIELD_MAP`): ids become ``acled:<id>``
    (``event_id`` and ``report_id``), ``source`` is kept, columns without an Event field
    (``region``, ``admin2``, ``admin3``, ``source_scale``, ``timestamp``) go into ``tags`` as
    ``key=value``; ``severity`` is computed from the type and fatalities.

    Parameters
    ----------
    path
        The CSV file (UTF-8, comma-separated as ACLED exports; ``;`` and tab also read).

    Returns
    -------
    ImportResult
        ``(events, rejected)``: the good rows, and each bad row's line number and reason
        (coordinates out of range, unparseable date, unknown event type, a repeated id, ...).

    Raises
    ------
    ImportFormatError
        The file is not an ACLED export (no header with ACLED's columns; a GDELT file is
        recognised and named), not UTF-8, or missing.

    Examples
    --------
    >>> events, rejected = import_acled("tests/fixtures/acled_sample.csv")  # doctest: +SKIP
    >>> events[0].event_id  # doctest: +SKIP
    'acled:KAZ1001'
    """
    p = _check_file(path)
    lines = _first_lines(p, 5)
    if not lines:
        raise ImportFormatError(f"{p}: empty file, not an ACLED export")
    delim = _sniff_delimiter(lines[0])
    if delim is None:
        hint = " (it looks like a GDELT 2.0 event file: use --format gdelt)" if _looks_gdelt(lines) else ""
        raise ImportFormatError(f"{p}: not an ACLED export: the first line is not a header with "
                                f"ACLED's columns ({', '.join(_ACLED_REQUIRED)}){hint}")  # fmt: skip
    events: list[Event] = []
    rejected: list[RejectedRow] = []
    seen: dict[str, int] = {}
    try:
        with p.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, delimiter=delim)
            header = [h.strip().casefold() for h in next(reader)]
            missing = [c for c in _ACLED_REQUIRED if c not in header]
            if missing:
                raise ImportFormatError(f"{p}: not an ACLED export: missing column(s) {', '.join(missing)}")
            last = reader.line_num
            for rec in reader:
                line, last = last + 1, reader.line_num
                if not any(c.strip() for c in rec):
                    continue
                if len(rec) != len(header):
                    rejected.append(RejectedRow(line, f"{len(rec)} fields, the header has {len(header)}"))
                    continue
                d = dict(zip(header, rec, strict=True))
                try:
                    ev = _acled_event(d)
                except _RowError as exc:
                    rejected.append(RejectedRow(line, str(exc)))
                    continue
                if ev.event_id in seen:
                    rejected.append(RejectedRow(line, f"event_id_cnty {ev.event_id[6:]!r} repeats line {seen[ev.event_id]}"))
                    continue
                seen[ev.event_id] = line
                events.append(ev)
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"{p}: not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise ImportFormatError(f"{p}: bad CSV: {exc}") from None
    return ImportResult(events, rejected)


# ============================================================================ GDELT
def _gdelt_layout(p: Path, lines: Sequence[str]) -> tuple[str, list[str] | None]:
    """(delimiter, header columns or ``None`` when the file has no header)."""
    first = lines[0]
    for delim in ("\t", ","):
        cells = [c.strip().strip('"') for c in first.split(delim)]
        low = [COLUMN_ALIASES.get(c.casefold(), c).casefold() for c in cells]
        if "globaleventid" in low:
            canon = {c.casefold(): c for c in GDELT_COLUMNS}
            names = [canon.get(c, c) for c in low]
            need = [c for c in ("GlobalEventID", "Day", "EventCode", "ActionGeo_Lat", "ActionGeo_Long")
                    if c not in names]  # fmt: skip
            if need:
                raise ImportFormatError(f"{p}: GDELT header lacks {', '.join(need)}")
            return delim, names
    n = len(first.split("\t"))
    if n == 61:
        return "\t", None
    if "event_id_cnty" in first.casefold():
        raise ImportFormatError(f"{p}: not a GDELT file: this is an ACLED export (use --format acled)")
    if n in (57, 58) and first.split("\t")[0].strip().isdigit():
        raise ImportFormatError(f"{p}: a GDELT 1.0 event file ({n} columns); only GDELT 2.0 "
                                "event files (61 columns) are read")  # fmt: skip
    raise ImportFormatError(f"{p}: not a GDELT 2.0 event file: expected 61 tab-separated "
                            f"columns and no header, found {n} on the first line")  # fmt: skip


def _title(name: str) -> str:
    name = name.strip()
    return name.title() if name.isupper() else name


def _actor_inter(d: Mapping[str, str], n: int) -> int | None:
    for k in (f"Actor{n}Type1Code", f"Actor{n}Type2Code", f"Actor{n}Type3Code"):
        code = (d.get(k) or "").strip().upper()
        if code in ACTOR_TYPE_INTER:
            return ACTOR_TYPE_INTER[code]
    return None


def _gdelt_event(d: Mapping[str, str], roots: Sequence[str]) -> Event | str:
    """The event of a row, or the reason (a string) it is out of scope. Raises _RowError."""
    gid = (d.get("GlobalEventID") or "").strip()
    if not gid.isdigit():
        raise _RowError(f"GlobalEventID {gid!r} is not a number")
    day = (d.get("Day") or "").strip()
    try:
        event_date = datetime.strptime(day, "%Y%m%d").date().isoformat()
    except ValueError:
        raise _RowError(f"Day {day!r} is not a date YYYYMMDD") from None
    code = (d.get("EventCode") or "").strip()
    root = (d.get("EventRootCode") or "").strip() or code[:2]
    if root and root.isdigit() and len(root) == 1:
        root = "0" + root
    mapped = cameo_to_acled(code, root)
    if mapped is None or root not in roots:
        return f"CAMEO {code or root or '?'} is not an unrest event (root {root or '?'})"
    etype, sub = mapped
    gtype = _int(d.get("ActionGeo_Type"), "ActionGeo_Type", 0, 5, default=0) or 0
    if gtype == 0:
        raise _RowError("no ActionGeo location (ActionGeo_Type 0)")
    lat = _float(d.get("ActionGeo_Lat"), "ActionGeo_Lat", -90, 90)
    lon = _float(d.get("ActionGeo_Long"), "ActionGeo_Long", -180, 180)
    full = (d.get("ActionGeo_FullName") or "").strip()
    parts = [x.strip() for x in full.split(",") if x.strip()]
    fips = (d.get("ActionGeo_CountryCode") or "").strip().upper()
    cc = fips_to_iso(fips)
    country = parts[-1] if parts else country_name(cc)
    location = parts[0] if parts else (country or "")
    if gtype in (2, 5):
        admin1: str | None = parts[0] if parts else None
    elif gtype in (3, 4):
        admin1 = parts[1] if len(parts) >= 3 else None
    else:
        admin1 = None
    n_sources = _int(d.get("NumSources"), "NumSources", 0, default=None)
    n_articles = _int(d.get("NumArticles"), "NumArticles", 0, default=None)
    n_mentions = _int(d.get("NumMentions"), "NumMentions", 0, default=None)
    tone = (d.get("AvgTone") or "").strip()
    goldstein = (d.get("GoldsteinScale") or "").strip()
    for what, v in (("AvgTone", tone), ("GoldsteinScale", goldstein)):
        if v:
            _float(v, what, -100, 100)
    place = country or "unknown country"
    actor1 = _title(d.get("Actor1Name") or "") or (d.get("Actor1Code") or "").strip()
    inter1 = _actor_inter(d, 1)
    if etype in ("Protests", "Riots"):
        if not actor1:
            actor1 = f"{'Rioters' if etype == 'Riots' else 'Protesters'} ({place})"
        if inter1 in (None, 7):  # civilians who protest are protesters (ACLED 6) or rioters (5)
            inter1 = 5 if etype == "Riots" else 6
    actor2 = _title(d.get("Actor2Name") or "") or (d.get("Actor2Code") or "").strip()
    inter2 = _actor_inter(d, 2) if actor2 else None
    url = (d.get("SOURCEURL") or "").strip() or None
    host = urlsplit(url).hostname if url and "//" in url else None
    source = (host[4:] if host and host.startswith("www.") else host) or "GDELT"
    label = cameo_label(code or root)
    bits = [f"GDELT event {gid}: CAMEO {code or root}" + (f" ({label})" if label else "")]
    who = " / ".join(a for a in (actor1, actor2) if a)
    if who:
        bits.append(who)
    if full:
        bits.append(f"at {full}")
    counts = ", ".join(f"{n} {w}" for n, w in ((n_articles, "articles"), (n_sources, "sources"),
                                               (n_mentions, "mentions")) if n is not None)  # fmt: skip
    notes = "; ".join(bits) + (f". {counts}" if counts else "") + (f", tone {tone}" if tone else "") + "."
    extra = {
        "cameo": code or root,
        "quad_class": (d.get("QuadClass") or "").strip(),
        "goldstein": goldstein,
        "num_mentions": n_mentions,
        "num_articles": n_articles,
        "avg_tone": tone,
        "root_event": (d.get("IsRootEvent") or "").strip(),
        "fips": fips,
        "adm1": (d.get("ActionGeo_ADM1Code") or "").strip(),
        "adm2": (d.get("ActionGeo_ADM2Code") or "").strip(),
        "feature_id": (d.get("ActionGeo_FeatureID") or "").strip(),
        "actor1_code": (d.get("Actor1Code") or "").strip(),
        "actor2_code": (d.get("Actor2Code") or "").strip(),
        "dateadded": (d.get("DATEADDED") or "").strip(),
    }
    measure = next((CAMEO_TAGS[code[:n]] for n in (4, 3) if code[:n] in CAMEO_TAGS), "")
    event_id = f"gdelt:{gid}"
    return Event(
        event_id=event_id,
        report_id=event_id,
        event_date=event_date,
        time_precision=1,
        event_type=etype,
        sub_event_type=sub,
        actor1=actor1,
        actor2=actor2,
        location=location,
        admin1=admin1,
        country=country,
        country_code=cc,
        latitude=lat,
        longitude=lon,
        geo_precision=GEO_TYPE_PRECISION.get(gtype, 1),
        fatalities=None,
        injuries=None,
        severity=severity_of(etype, sub, None, None, measure),
        notes=notes,
        source=source,
        confidence=GDELT_CONFIDENCE,
        inter1=inter1,
        inter2=inter2,
        tags=_join_tags(measure, extra),
        source_url=url,
        sources_count=max(1, n_sources or 1),
    )


def _gdelt_records(p: Path, delim: str, header: list[str] | None) -> Iterator[tuple[int, list[str] | str]]:
    """(line number, fields) per data line; fields is an error string for undecodable lines."""
    with p.open("rb") as fh:
        for i, raw in enumerate(fh, start=1):
            if i == 1 and header is not None:
                continue
            try:
                text = raw.decode("utf-8-sig" if i == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield i, f"not UTF-8 (byte {exc.start})"
                continue
            text = text.rstrip("\r\n")
            if not text.strip():
                continue
            if delim == ",":
                yield i, next(csv.reader([text]))
            else:
                yield i, text.split("\t")


def import_gdelt(path: str | os.PathLike[str], *, roots: Iterable[str] = UNREST_ROOTS) -> ImportResult:
    """Read a GDELT 2.0 event file (``*.export.CSV``: 61 tab-separated columns, no header).

    A file with a header line naming the columns (BigQuery exports; tab or comma separated)
    is read too. CAMEO codes are mapped to ACLED's taxonomy (:mod:`geodata.io._gdelt`); rows of
    other roots (diplomacy, statements) are returned as ``skipped`` rejections. FIPS country
    codes are converted to ISO. See :data:`GDELT_FIELD_MAP` for every column.

    Parameters
    ----------
    path
        The file (unzipped).
    roots
        CAMEO root codes to keep (default: 14, 15, 17, 18, 19, 20).

    Returns
    -------
    ImportResult
        ``(events, rejected)``; rejected rows carry their line number and reason
        (``skipped=True`` for out-of-scope rows).

    Raises
    ------
    ImportFormatError
        Not a GDELT 2.0 event file (an ACLED export or a GDELT 1.0 file is named), or missing.
    """
    p = _check_file(path)
    lines = _first_lines(p, 5)
    if not lines:
        raise ImportFormatError(f"{p}: empty file, not a GDELT event file")
    delim, header = _gdelt_layout(p, lines)
    cols = header or list(GDELT_COLUMNS)
    keep = tuple(r.zfill(2) for r in roots)
    events: list[Event] = []
    rejected: list[RejectedRow] = []
    seen: dict[str, int] = {}
    for line, rec in _gdelt_records(p, delim, header):
        if isinstance(rec, str):
            rejected.append(RejectedRow(line, rec))
            continue
        if len(rec) != len(cols):
            rejected.append(RejectedRow(line, f"{len(rec)} fields, expected {len(cols)}"))
            continue
        d = dict(zip(cols, rec, strict=True))
        try:
            ev = _gdelt_event(d, keep)
        except _RowError as exc:
            rejected.append(RejectedRow(line, str(exc)))
            continue
        if isinstance(ev, str):
            rejected.append(RejectedRow(line, ev, skipped=True))
            continue
        if ev.event_id in seen:
            rejected.append(RejectedRow(line, f"GlobalEventID {ev.event_id[6:]} repeats line {seen[ev.event_id]}"))
            continue
        seen[ev.event_id] = line
        events.append(ev)
    return ImportResult(events, rejected)


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


def import_to_store(path: str | os.PathLike[str], fmt: str, store: str | os.PathLike[str] | EventStore) -> ImportSummary:
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
    from geodata.store.eventstore import EventStore

    events, rejected = import_file(path, fmt)
    summary = ImportSummary(path=os.fspath(path), fmt=fmt.lower(), read=len(events))
    summary.rejected = [r for r in rejected if not r.skipped]
    summary.skipped = [r for r in rejected if r.skipped]
    own = not isinstance(store, EventStore)
    s = EventStore(store) if own else store
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


def _stored_ids(store: EventStore, ids: Sequence[str]) -> set[str]:
    """The ids among ``ids`` the store has (imported events are never merged away)."""
    df = store.events(columns=["event_id"], include_rejected=True)
    return set(df["event_id"].astype(str)) & set(ids)
