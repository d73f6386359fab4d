"""ACLED CSV exports in: rows become events that keep ACLED's ids, sources and notes; bad rows
are returned with their line numbers and the reason."""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from datetime import date, datetime

from geodata.events.taxonomy import EVENT_TYPES, INTER_CODES, severity_of
from geodata.exceptions import ImportFormatError
from geodata.io._import import (
    MAX_CASUALTIES,
    ImportResult,
    RejectedRow,
    RowError,
    bounded_float,
    bounded_int,
    check_file,
    first_lines,
    join_tags,
    looks_gdelt,
)
from geodata.model import Event
from geodata.places.countries import name_to_iso, numeric_to_iso

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


#: ``confidence`` given to imported events (geocoding confidence is not in either source).
ACLED_CONFIDENCE = 1.0


_ACLED_REQUIRED = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude", "country")


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
        raise RowError("no event_date")
    try:
        return date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        pass
    for f in _ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(s, f).date().isoformat()
        except ValueError:
            continue
    raise RowError(f"event_date {s!r} is not a date")


def _inter(value: str | None, what: str) -> int | None:
    s = (value or "").strip()
    if not s:
        return None
    if s.casefold() in _INTER_BY_LABEL:
        return _INTER_BY_LABEL[s.casefold()]
    v = bounded_int(s, what, 0, 8)
    return v or None  # ACLED's 0 = no second actor


def _acled_event(d: Mapping[str, str]) -> Event:
    raw_id = (d.get("event_id_cnty") or "").strip()
    if not raw_id:
        raise RowError("no event_id_cnty")
    event_id = raw_id if raw_id.startswith("acled:") else f"acled:{raw_id}"
    event_date = _acled_date(d.get("event_date"))
    etype = (d.get("event_type") or "").strip()
    if etype not in EVENT_TYPES:
        raise RowError(f"event_type {etype!r} is not one of ACLED's: {'; '.join(EVENT_TYPES)}")
    sub = (d.get("sub_event_type") or "").strip()
    lat = bounded_float(d.get("latitude"), "latitude", -90, 90)
    lon = bounded_float(d.get("longitude"), "longitude", -180, 180)
    fat = bounded_int(d.get("fatalities"), "fatalities", 0, MAX_CASUALTIES)
    tp = bounded_int(d.get("time_precision"), "time_precision", 1, 3, default=1)
    gp = bounded_int(d.get("geo_precision"), "geo_precision", 1, 3, default=1)
    country = (d.get("country") or "").strip() or None
    cc = numeric_to_iso(d.get("iso")) or name_to_iso(country)
    extra = {k: (d.get(k) or "").strip() for k in ACLED_EXTRA_TAGS}
    tags = join_tags(d.get("tags"), extra)
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
    p = check_file(path)
    lines = first_lines(p, 5)
    if not lines:
        raise ImportFormatError(f"{p}: empty file, not an ACLED export")
    delim = _sniff_delimiter(lines[0])
    if delim is None:
        hint = " (it looks like a GDELT 2.0 event file: use --format gdelt)" if looks_gdelt(lines) else ""
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
            while True:
                try:
                    rec = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:  # a field over MAX_FIELD_CHARS: this row only
                    line, last = last + 1, reader.line_num
                    rejected.append(RejectedRow(line, f"bad CSV row: {exc}"))
                    continue
                line, last = last + 1, reader.line_num
                if not any(c.strip() for c in rec):
                    continue
                if len(rec) != len(header):
                    rejected.append(RejectedRow(line, f"{len(rec)} fields, the header has {len(header)}"))
                    continue
                d = dict(zip(header, rec, strict=True))
                try:
                    ev = _acled_event(d)
                except RowError as exc:
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
