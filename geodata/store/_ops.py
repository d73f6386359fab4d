"""Private plumbing of :mod:`geodata.store.eventstore`: value cleaning, source rows, SQL literals, validation."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from geodata.events.taxonomy import EVENT_TYPES
from geodata.exceptions import CorrectionError, StoreError
from geodata.model import EVENT_FIELDS, Event
from geodata.store._schema import EVENT_SQL_TYPES, SOURCE_COLUMNS, SOURCE_RECORD_FIELDS
from geodata.store.filter import REVIEW_STATUSES

if TYPE_CHECKING:  # pragma: no cover
    import pandas

#: Review states of an event (:data:`geodata.store.filter.REVIEW_STATUSES`, the one list).
STATUSES: tuple[str, ...] = REVIEW_STATUSES

_INT_COLS = frozenset(k for k, v in EVENT_SQL_TYPES.items() if v.startswith("INTEGER"))
_FLOAT_COLS = frozenset(k for k, v in EVENT_SQL_TYPES.items() if v.startswith("REAL"))


def q(name: str) -> str:
    return f'"{name}"'


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def clean(value: Any) -> Any:
    """Plain Python value for SQLite (NaN and pandas' NA become None, dates ISO strings)."""
    if value is None or type(value) in (str, int):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    if type(value).__module__.startswith(("numpy", "pandas")):
        try:
            if value != value:  # NaN / NaT
                return None
        except (TypeError, ValueError):
            return None
        if hasattr(value, "item"):
            return value.item()
    return value


def event_record(ev: Event | Mapping[str, Any]) -> dict[str, Any]:
    # an Event's fields are all scalars: no need for dataclasses.asdict's (slow) deep copy
    rec = dict(ev.__dict__) if isinstance(ev, Event) else {k: ev.get(k) for k in EVENT_FIELDS}
    for k, v in rec.items():
        if v is not None and type(v) is not str and type(v) is not int:
            rec[k] = clean(v)
    if rec.get("event_date") is not None:
        rec["event_date"] = str(rec["event_date"])[:10]
    if not rec.get("event_id") or not rec.get("report_id"):
        raise StoreError(f"an event needs an event_id and a report_id: {rec.get('event_id')!r}")
    if rec.get("status") in (None, ""):
        rec["status"] = "unreviewed"
    return rec


INSERT_SOURCE = (
    f"INSERT INTO event_sources ({', '.join(q(k) for k in SOURCE_COLUMNS)})"
    f" VALUES ({', '.join('?' for _ in SOURCE_COLUMNS)})"
)


def source_row(
    event_id: str, rec: Mapping[str, Any], source: str | None, url: str | None, published: str | None, now: str
) -> tuple[Any, ...]:
    """A row of ``event_sources`` (in :data:`SOURCE_COLUMNS` order) for one extracted event."""
    head = (event_id, rec["event_id"], rec["report_id"], source, url, published, now)
    return head + tuple(rec.get(k) for k in SOURCE_RECORD_FIELDS)


def record_from_source(row: Mapping[str, Any]) -> dict[str, Any]:
    """The extracted event (Event fields, plus ``_source``) a row of ``event_sources`` keeps."""
    rec = {k: row[k] for k in SOURCE_RECORD_FIELDS}
    rec.update(
        event_id=row["src_event_id"],
        report_id=row["report_id"],
        source=row["source"],
        source_url=row["url"],
        _source=row["source"] or row["report_id"],
    )
    return rec


def literal(value: Any) -> str:
    """An SQL literal for a parameter of :meth:`geodata.store.filter.EventFilter.to_sql` (for GDAL's
    attribute filter, which takes no bound parameters)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise StoreError(f"not a finite number: {value}")
        return repr(value)
    return "'" + str(value).replace("\x00", "").replace("'", "''") + "'"


def inline(sql: str, params: Sequence[Any]) -> str:
    """``sql`` with each ``?`` replaced by its parameter as a literal (the SQL is ours, no ``?`` in it)."""
    parts = sql.split("?")
    if len(parts) != len(params) + 1:
        raise StoreError("internal error: parameter count mismatch")
    out = [parts[0]]
    for value, part in zip(params, parts[1:], strict=True):
        out += [literal(value), part]
    return "".join(out)


def as_list(value: str | Iterable[Any] | None) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, (str, int)):
        return [value]
    out = list(value)
    return out


def slice_text(text: str, start: Any, end: Any) -> str | None:
    if not text or start is None or end is None:
        return None
    try:
        s, e = int(start), int(end)
    except (TypeError, ValueError):
        return None
    if not 0 <= s < e <= len(text):
        return None
    return text[s:e]


def fix_dtypes(df: pandas.DataFrame) -> pandas.DataFrame:
    for col in df.columns:
        if col in _INT_COLS:
            df[col] = df[col].astype("Int64")
        elif col in _FLOAT_COLS:
            df[col] = df[col].astype("float64")
    return df


def validate_correction(new: dict[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """Check and normalise corrected values; raise :class:`CorrectionError` when invalid."""
    out: dict[str, Any] = {}

    def _int(col: str, v: Any, lo: int, hi: int | None, nullable: bool) -> int | None:
        if v is None and nullable:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float, str)):
            raise CorrectionError(f"{col} must be an integer, not {v!r}")
        try:
            iv = int(v)
            if isinstance(v, float) and v != iv:
                raise ValueError
        except (TypeError, ValueError):
            raise CorrectionError(f"{col} must be an integer, not {v!r}") from None
        if iv < lo or (hi is not None and iv > hi):
            rng = f"{lo}..{hi}" if hi is not None else f">= {lo}"
            raise CorrectionError(f"{col} must be {rng}, not {iv}")
        return iv

    for col, v in new.items():
        if col in ("latitude", "longitude"):
            limit = 90.0 if col == "latitude" else 180.0
            try:
                fv = float(v)
            except (TypeError, ValueError):
                raise CorrectionError(f"{col} must be a number, not {v!r}") from None
            if not -limit <= fv <= limit:
                raise CorrectionError(f"{col} must be within ±{limit:g}, not {fv}")
            out[col] = fv
        elif col in ("fatalities", "injuries"):
            out[col] = _int(col, v, 0, None, nullable=True)
        elif col == "geonameid":
            out[col] = None if v is None else _int(col, v, -(2**62), 2**62, nullable=True)
        elif col == "time_precision":
            out[col] = _int(col, v, 1, 3, nullable=False)
        elif col == "geo_precision":
            out[col] = _int(col, v, 1, 4, nullable=False)
        elif col == "event_date":
            try:
                out[col] = date.fromisoformat(str(v)[:10]).isoformat() if not isinstance(v, date) else v.isoformat()
            except ValueError:
                raise CorrectionError(f"event_date must be YYYY-MM-DD, not {v!r}") from None
        elif col == "status":
            if v not in STATUSES:
                raise CorrectionError(f"status must be one of {', '.join(STATUSES)}, not {v!r}")
            out[col] = v
        elif col in ("location", "event_type", "sub_event_type", "actor1"):
            if not isinstance(v, str) or not v.strip():
                raise CorrectionError(f"{col} must be a non-empty string")
            out[col] = v.strip()
        elif col == "country_code":
            if not isinstance(v, str) or len(v.strip()) != 2:
                raise CorrectionError(f"country_code must be an ISO 3166 alpha-2 code, not {v!r}")
            out[col] = v.strip().upper()
        else:  # admin1, country, actor2: free text, may be emptied
            if v is not None and not isinstance(v, str):
                raise CorrectionError(f"{col} must be a string")
            out[col] = v.strip() if isinstance(v, str) else v

    etype = out.get("event_type", current.get("event_type"))
    if "event_type" in out and etype not in EVENT_TYPES:
        raise CorrectionError(f"event_type must be one of: {'; '.join(EVENT_TYPES)}")
    if "event_type" in out or "sub_event_type" in out:
        sub = out.get("sub_event_type", current.get("sub_event_type"))
        allowed = EVENT_TYPES.get(etype) if isinstance(etype, str) else None
        if allowed is not None and sub not in allowed:
            what = "give sub_event_type too: " if "sub_event_type" not in out else ""
            raise CorrectionError(f"{what}sub_event_type of {etype!r} must be one of: {'; '.join(allowed)}")
    return out
