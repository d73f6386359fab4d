"""Plumbing shared by the event and mention readers and writers (not public): plain values,
rows of events and mentions, typed coercion of what is read back, the format picker."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from geodata.exceptions import ExportError, ImportFormatError
from geodata.model import EVENT_FIELDS, Candidate, Event, Mention

#: Columns of the event store beyond the Event fields, written when present.
EVENT_EXTRA_FIELDS: tuple[str, ...] = (
    "fatalities_low",
    "fatalities_high",
    "reports_count",
    "date_start",
    "date_end",
    "updated_at",
)

#: Mention fields, in the order of files (``alternatives`` as a list of dicts / JSON text).
MENTION_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Mention))
CANDIDATE_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Candidate))

#: ACLED column -> our field, where the names differ; ACLED columns we derive ourselves.
FROM_ACLED = {"event_id_cnty": "event_id"}
DERIVED = {"year", "disorder_type", "interaction", "civilian_targeting", "iso", "region", "admin2",
            "admin3", "source_scale", "timestamp"}  # fmt: skip


def field_kinds(cls: type) -> dict[str, tuple[str, bool]]:
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


EVENT_KINDS = field_kinds(Event)
EVENT_KINDS.update({k: ("int", True) for k in ("fatalities_low", "fatalities_high", "reports_count")})
EVENT_KINDS.update({k: ("str", True) for k in ("date_start", "date_end", "updated_at")})
MENTION_KINDS = field_kinds(Mention)
EVENT_DEFAULTS: dict[str, Any] = {
    f.name: f.default for f in dataclasses.fields(Event) if f.default is not dataclasses.MISSING
}
EVENT_DEFAULTS.update(time_precision=1, geo_precision=1, severity=0, confidence=0.0)


DATE_FIELDS = {"event_date", "date_start", "date_end"}


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


def plain(value: Any) -> Any:
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
            return plain(value.item())
    return value


def records(items: Any) -> list[Any]:
    if hasattr(items, "columns") and hasattr(items, "to_dict"):  # a (Geo)DataFrame
        cols = [c for c in items.columns if c != getattr(items, "_geometry_column_name", None)]
        rows: list[Any] = items[cols].to_dict("records")
        return rows
    return list(items)


def event_dicts(events: Any) -> list[dict[str, Any]]:
    rows = []
    for i, e in enumerate(records(events)):
        if isinstance(e, Event):
            d: Mapping[str, Any] = e.__dict__
        elif isinstance(e, Mapping):
            d = e
        else:
            raise ExportError(f"item {i} is a {type(e).__name__}, not an Event or a mapping")
        row = {k: plain(d.get(k, EVENT_DEFAULTS.get(k))) for k in EVENT_FIELDS}
        if not row["event_id"]:
            raise ExportError(f"item {i} has no event_id")
        for k in EVENT_EXTRA_FIELDS:
            if k in d:
                row[k] = plain(d[k])
        if row.get("event_date"):
            row["event_date"] = str(row["event_date"])[:10]
        rows.append(row)
    return rows


def _mention_row(m: Mention) -> dict[str, Any] | None:
    """The row of a plain :class:`Mention` (the common case, without
    :func:`dataclasses.asdict`'s deep copies); ``None`` when its alternatives are not all
    :class:`Candidate` objects (the general path then decides)."""
    alts = m.alternatives
    if type(alts) is not list or any(type(a) is not Candidate for a in alts):
        return None
    d = m.__dict__
    row = _plain_all({k: d[k] for k in MENTION_COLUMNS})
    row["alternatives"] = [_plain_all({k: a.__dict__[k] for k in CANDIDATE_FIELDS}) for a in alts]
    return row


_AS_IS = frozenset({str, int, bool, type(None)})


def _plain_all(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with :func:`plain` applied to every value, in place (its common types inline)."""
    for k, v in row.items():
        t = type(v)
        if t is float:
            if v != v:
                row[k] = None
        elif t not in _AS_IS:
            row[k] = plain(v)
    return row


def mention_dicts(mentions: Any) -> list[dict[str, Any]]:
    rows = []
    for i, m in enumerate(records(mentions)):
        if type(m) is Mention and (fast := _mention_row(m)) is not None:
            rows.append(fast)
            continue
        if isinstance(m, Mention):
            d = m.to_dict()
        elif isinstance(m, Mapping):
            d = dict(m)
        else:
            raise ExportError(f"item {i} is a {type(m).__name__}, not a Mention or a mapping")
        row = {k: plain(d.get(k)) if k != "alternatives" else d.get(k) for k in MENTION_COLUMNS}
        alts = row.get("alternatives")
        if isinstance(alts, str):
            alts = json.loads(alts or "[]")
        elif alts is None or (isinstance(alts, float) and math.isnan(alts)):
            alts = []
        row["alternatives"] = [
            a.to_dict() if isinstance(a, Candidate) else {k: plain(v) for k, v in dict(a).items()}
            for a in list(alts)
        ]
        rows.append(row)
    return rows


def point(lon: Any, lat: Any) -> dict[str, Any] | None:
    if lon is None or lat is None:
        return None
    return {"type": "Point", "coordinates": [lon, lat]}


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def coerce(name: str, value: Any, kinds: dict[str, tuple[str, bool]], empty_is_none: bool, where: str) -> Any:
    base, optional = kinds.get(name, ("str", True))
    value = plain(value)
    if isinstance(value, str) and base != "str":
        value = value.strip()
    if value is None or (value == "" and (empty_is_none or base != "str")):
        if optional:
            return None
        return EVENT_DEFAULTS.get(name, "" if base == "str" else None)
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
    if name in DATE_FIELDS:
        value = value[:10]
    return value


def to_event(d: Mapping[str, Any], where: str, empty_is_none: bool) -> Event:
    d = {FROM_ACLED.get(k, k): v for k, v in d.items() if k not in DERIVED}
    if not d.get("event_id"):
        raise ImportFormatError(f"{where}: no event_id")
    fields = {k: coerce(k, d.get(k), EVENT_KINDS, empty_is_none, where) for k in EVENT_FIELDS}
    if fields["report_id"] is None:
        fields["report_id"] = ""
    return Event(**fields)


def to_mention(d: Mapping[str, Any], where: str, empty_is_none: bool) -> Mention:
    fields = {k: coerce(k, d.get(k), MENTION_KINDS, empty_is_none, where) for k in MENTION_COLUMNS
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
