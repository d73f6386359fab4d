"""Private: analysts' corrections (audited overrides) and the ids they refer to."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from geodata.exceptions import CorrectionError
from geodata.store import _gpkg
from geodata.store._ops import to_json, validate_correction

__all__ = ["AUDIT_COLUMNS", "CORRECTABLE_FIELDS", "apply", "audit_rows", "check", "resolve"]

#: Fields :meth:`EventStore.correct` accepts (keyword -> event column).
CORRECTABLE_FIELDS: dict[str, str] = {
    "name": "location",
    "location": "location",
    "lat": "latitude",
    "latitude": "latitude",
    "lon": "longitude",
    "longitude": "longitude",
    "geonameid": "geonameid",
    "admin1": "admin1",
    "country": "country",
    "country_code": "country_code",
    "geo_precision": "geo_precision",
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "event_date": "event_date",
    "time_precision": "time_precision",
    "fatalities": "fatalities",
    "injuries": "injuries",
    "actor1": "actor1",
    "actor2": "actor2",
    "status": "status",
}

#: Columns of :meth:`EventStore.audit`.
AUDIT_COLUMNS: tuple[str, ...] = ("id", "event_id", "field", "before", "after", "who", "at", "note")


def resolve(c: sqlite3.Connection, event_id: str) -> str | None:
    """The stored event an id refers to: itself, or the event it was merged into."""
    if c.execute("SELECT 1 FROM events WHERE event_id=?", (event_id,)).fetchone():
        return event_id
    row = c.execute(
        "SELECT s.event_id FROM event_sources s JOIN events e ON e.event_id = s.event_id"
        " WHERE s.src_event_id=? ORDER BY s.fid LIMIT 1",
        (event_id,),
    ).fetchone()
    return str(row[0]) if row else None


def check(who: str, changes: Mapping[str, Any]) -> None:
    """Refuse a correction without an analyst, without changes, or with unknown fields.

    Raises
    ------
    CorrectionError
        Saying what is missing or unknown.
    """
    if not isinstance(who, str) or not who.strip():
        raise CorrectionError("a correction needs who= (the analyst's name)")
    if not changes:
        raise CorrectionError("nothing to correct: give at least one field")
    unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
    if unknown:
        raise CorrectionError(
            f"cannot correct {', '.join(unknown)}; correctable: {', '.join(sorted(CORRECTABLE_FIELDS))}"
        )


def apply(
    c: sqlite3.Connection, eid: str, current: Mapping[str, Any], changes: Mapping[str, Any], who: str, note: str
) -> None:
    """Write the overrides and audit rows of a correction of the stored event ``eid``.

    Raises
    ------
    CorrectionError
        A field given twice with different values, or an invalid value (nothing is written).
    """
    new: dict[str, Any] = {}
    for key, value in changes.items():
        col = CORRECTABLE_FIELDS[key]
        if col in new and new[col] != value:
            raise CorrectionError(f"{col} given twice with different values")
        new[col] = value
    new = validate_correction(new, current)
    now = _gpkg.utc_now()
    for col, after in new.items():
        before = current.get(col)
        if before == after:
            continue
        c.execute(
            "INSERT INTO event_overrides (event_id, field, value, who, at) VALUES (?,?,?,?,?)"
            " ON CONFLICT(event_id, field) DO UPDATE SET value=excluded.value, who=excluded.who,"
            " at=excluded.at",
            (eid, col, to_json(after), who, now),
        )
        c.execute(
            "INSERT INTO corrections (event_id, field, before, after, who, at, note) VALUES (?,?,?,?,?,?,?)",
            (eid, col, to_json(before), to_json(after), who, now, note),
        )


def audit_rows(c: sqlite3.Connection, event_id: str | None) -> list[dict[str, Any]]:
    """The audit rows (all events, or one), oldest first, ``before``/``after`` decoded."""
    sql = "SELECT fid, event_id, field, before, after, who, at, note FROM corrections"
    params: tuple[Any, ...] = ()
    if event_id is not None:
        sql += " WHERE event_id=?"
        params = (event_id,)
    out = []
    for row in c.execute(sql + " ORDER BY fid", params):
        d = dict(zip(AUDIT_COLUMNS, row, strict=True))
        d["before"] = json.loads(d["before"]) if d["before"] is not None else None
        d["after"] = json.loads(d["after"]) if d["after"] is not None else None
        out.append(d)
    return out
