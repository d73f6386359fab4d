"""Private plumbing of :mod:`geodata.store.postgis`: values in and out, and the steps of an ingest.

The steps mirror the GeoPackage store's (:class:`~geodata.store.eventstore.EventStore`) one
for one and reuse its pure logic (:func:`~geodata.events.merge.match_score`,
:func:`~geodata.events.merge.aggregate`, the row builders of :mod:`geodata.store._ops`), so both
backends merge and correct identically. Every statement is an SQLAlchemy expression with
bound parameters. Each function runs inside the caller's transaction and, before changing a
stored event, makes sure the caller holds its merge-key locks (:mod:`geodata.store._pglocks`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from geodata.events.merge import MERGE_KM, aggregate, date_window, match_score
from geodata.model import Event, Report
from geodata.store._gpkg import utc_now
from geodata.store._ops import clean, event_record, record_from_source, source_row, to_json
from geodata.store._pglocks import Locks, event_keys
from geodata.store._pgschema import (
    DATE_COLUMNS,
    TIME_COLUMNS,
    event_overrides,
    event_search,
    event_sources,
    events,
    mentions,
    reports,
)
from geodata.store._schema import EVENT_COLUMNS, MENTION_COLUMNS, SOURCE_COLUMNS, search_text

_MAX_WINDOW_DAYS = 31
#: What :func:`~geodata.events.merge.match_score` looks at.
_MATCH_COLUMNS = (
    "fid", "event_id", "event_type", "event_date", "time_precision", "country_code", "geonameid",
    "geo_precision", "latitude", "longitude", "admin1",
)  # fmt: skip
_TIME_FORMAT = "YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\""


# Statements of the ingest path, built once (SQLAlchemy then reuses their compiled form and
# cache key; each run only binds new values).
def _upsert(table: sa.Table, keys: list[str], columns: list[str]) -> Any:
    stmt = pg_insert(table)
    return stmt.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys], set_={k: stmt.excluded[k] for k in columns if k not in keys}
    )


_EVENT_ROW = sa.select(*(events.c[k] for k in EVENT_COLUMNS)).where(events.c.event_id == sa.bindparam("eid"))
_EVENT_ROW_LOCKED = _EVENT_ROW.with_for_update()
_SOURCES_OF = (
    sa.select(*(event_sources.c[k] for k in SOURCE_COLUMNS))
    .where(event_sources.c.event_id == sa.bindparam("eid"))
    .order_by(event_sources.c.fid)
)
_OVERRIDES_OF = sa.select(event_overrides.c.field, event_overrides.c.value).where(
    event_overrides.c.event_id == sa.bindparam("eid")
)
_INSERT_SOURCE = sa.insert(event_sources)
_UPSERT_EVENT = _upsert(events, ["event_id"], ["geom", *EVENT_COLUMNS])
_UPSERT_SEARCH = _upsert(event_search, ["event_id"], ["event_id", "text"])


# ------------------------------------------------------------------ values
def to_db(column: str, value: Any) -> Any:
    """A Python value of the GeoPackage's kind (ISO strings) as the PostGIS column takes it."""
    value = clean(value)
    if value is None or not isinstance(value, str):
        return value
    if column in DATE_COLUMNS:
        return date.fromisoformat(value[:10])
    if column in TIME_COLUMNS:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def from_db(value: Any) -> Any:
    """A PostGIS value as the GeoPackage store gives it (dates and times as ISO strings)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


def as_text(table: sa.Table, name: str) -> sa.ColumnElement[Any]:
    """A column read as the GeoPackage has it: dates and times formatted in SQL (fast)."""
    col = table.c[name]
    if name in DATE_COLUMNS:
        return sa.func.to_char(col, "YYYY-MM-DD").label(name)
    if name in TIME_COLUMNS:
        return sa.func.to_char(sa.func.timezone("UTC", col), _TIME_FORMAT).label(name)
    return col


def ewkt(lon: Any, lat: Any) -> str | None:
    """``SRID=4326;POINT(lon lat)`` (shortest exact float text), or ``None`` without both."""
    lon, lat = clean(lon), clean(lat)
    if lon is None or lat is None:
        return None
    x, y = float(lon), float(lat)
    if math.isnan(x) or math.isnan(y):
        return None
    return f"SRID=4326;POINT({x!r} {y!r})"


def rows(conn: Connection, stmt: sa.Select[Any]) -> list[dict[str, Any]]:
    """The result of ``stmt`` as dicts of GeoPackage-style values."""
    return [{k: from_db(v) for k, v in r.items()} for r in conn.execute(stmt).mappings()]


# ------------------------------------------------------------------ reads inside a write
def event_row(conn: Connection, event_id: str, *, for_update: bool = False) -> dict[str, Any] | None:
    """The stored event ``event_id`` (its columns), or ``None``."""
    found = conn.execute(_EVENT_ROW_LOCKED if for_update else _EVENT_ROW, {"eid": event_id}).mappings().first()
    return {k: from_db(v) for k, v in found.items()} if found is not None else None


def resolve(conn: Connection, event_id: str) -> str | None:
    """The stored event an id refers to: itself, or the event it was merged into."""
    if conn.execute(sa.select(events.c.fid).where(events.c.event_id == event_id)).first():
        return event_id
    stmt = (
        sa.select(event_sources.c.event_id)
        .join(events, events.c.event_id == event_sources.c.event_id)
        .where(event_sources.c.src_event_id == event_id)
        .order_by(event_sources.c.fid)
        .limit(1)
    )
    return conn.execute(stmt).scalar()


def overrides(conn: Connection, event_id: str) -> dict[str, Any]:
    return {f: json.loads(v) for f, v in conn.execute(_OVERRIDES_OF, {"eid": event_id})}


# ------------------------------------------------------------------ ingest steps
def write_report(conn: Connection, report: Report, n_mentions: int, n_events: int) -> None:
    values = {
        "report_id": report.id,
        "title": report.title,
        "source": report.source,
        "url": report.url,
        "published": report.published,
        "sha1": report.sha1,
        "text": report.text,
        "ingested_at": to_db("ingested_at", utc_now()),
        "n_mentions": n_mentions,
        "n_events": n_events,
    }
    stmt = pg_insert(reports).values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[reports.c.report_id],
        set_={k: stmt.excluded[k] for k in values if k != "report_id"},
    )
    conn.execute(stmt)


def write_mentions(conn: Connection, items: Sequence[Any]) -> None:
    if not items:
        return
    batch = []
    for m in items:
        d = m.to_dict()
        d["alternatives"] = to_json(d["alternatives"])
        batch.append({"geom": ewkt(m.lon, m.lat), **{k: clean(d.get(k)) for k in MENTION_COLUMNS}})
    conn.execute(sa.insert(mentions), batch)


def remove_report(conn: Connection, locks: Locks, report_id: str) -> list[str]:
    """Drop a report's mentions and sources; recompute the events they fed.

    Returns the ids of the events deleted because no source was left.
    """
    conn.execute(sa.delete(mentions).where(mentions.c.report_id == report_id))
    src = event_sources.c
    affected = conn.execute(
        sa.select(src.event_id).where(src.report_id == report_id).group_by(src.event_id).order_by(sa.func.min(src.fid))
    ).scalars().all()
    for eid in affected:  # hold their keys before their sources change
        row = event_row(conn, eid, for_update=True)
        if row is not None:
            locks.ensure(event_keys(row))
    conn.execute(sa.delete(event_sources).where(src.report_id == report_id))
    return [eid for eid in affected if recompute(conn, locks, eid) is None]


def place_event(conn: Connection, locks: Locks, report: Report, ev: Event) -> tuple[str, bool]:
    """Merge ``ev`` into a matching event of another report, or store it as new."""
    rec = event_record(ev)
    rec["source"] = rec.get("source") or report.source
    rec["source_url"] = rec.get("source_url") or report.url
    target = find_match(conn, locks, rec, report.id)
    merged = target is not None
    exists = True
    if target is None:
        target = rec["event_id"]
        src = event_sources.c
        exists, owner = conn.execute(sa.select(
            sa.exists().where(events.c.event_id == target),
            sa.exists().where(src.event_id == target, src.report_id == report.id),
        )).one()  # fmt: skip
        if exists and owner:
            merged = True  # the same id twice in one report: one event
        elif exists:
            n = 2
            while conn.execute(sa.select(events.c.fid).where(events.c.event_id == f"{target}-{n}")).first():
                n += 1
            target = f"{target}-{n}"
    insert_source(conn, target, rec, report)
    recompute(conn, locks, target, new=not merged and not exists)
    return target, merged


def find_match(conn: Connection, locks: Locks, rec: Mapping[str, Any], report_id: str) -> str | None:
    """The stored event of another report that ``rec`` is a further account of, if any."""
    window = date_window(rec.get("event_date"), rec.get("time_precision"))
    if window is None or not rec.get("event_type"):
        return None
    locks.ensure(event_keys(rec))  # normally taken before the transaction's first read
    e = events.c
    lo = window[0] - timedelta(days=_MAX_WINDOW_DAYS)
    places = []
    if rec.get("geonameid") is not None:
        places.append(e.geonameid == int(rec["geonameid"]))
    lat, lon = rec.get("latitude"), rec.get("longitude")
    if lat is not None and lon is not None:
        dlat = MERGE_KM / 111.0 * 1.1
        dlon = dlat / max(0.05, math.cos(math.radians(float(lat))))
        places.append(sa.and_(e.latitude.between(lat - dlat, lat + dlat), e.longitude.between(lon - dlon, lon + dlon)))
    if rec.get("geo_precision") == 4 and rec.get("country_code"):
        places.append(sa.and_(e.country_code == rec["country_code"], e.geo_precision == 4))
    if not places:
        return None
    mine = sa.select(event_sources.c.event_id).where(event_sources.c.report_id == report_id)
    stmt = sa.select(*(as_text(events, k) for k in _MATCH_COLUMNS)).where(
        e.event_type == rec["event_type"],
        e.date_start.between(lo, window[1]),
        e.date_end >= window[0],
        e.event_id.not_in(mine),
        sa.or_(*places),
    )
    best: tuple[float, int, str] | None = None
    for old in rows(conn, stmt):
        score = match_score(rec, old)
        if score is not None and (best is None or (score, old["fid"]) < best[:2]):
            best = (score, old["fid"], old["event_id"])
    return best[2] if best else None


def insert_source(conn: Connection, event_id: str, rec: Mapping[str, Any], report: Report) -> None:
    published = report.published.isoformat() if report.published else None
    row = source_row(event_id, rec, rec.get("source") or report.source, rec.get("source_url") or report.url,
                     published, utc_now())  # fmt: skip
    conn.execute(_INSERT_SOURCE, {k: to_db(k, v) for k, v in zip(SOURCE_COLUMNS, row, strict=True)})


def recompute(conn: Connection, locks: Locks, event_id: str, *, new: bool = False) -> dict[str, Any] | None:
    """Rebuild an event row from its sources and overrides; delete it if it has no sources.

    ``new``: the caller knows there is no such event yet (one read less).
    """
    before = None if new else event_row(conn, event_id, for_update=True)
    if before is not None:
        locks.ensure(event_keys(before))
    sources = [{k: from_db(v) for k, v in r.items()} for r in conn.execute(_SOURCES_OF, {"eid": event_id}).mappings()]
    if not sources:
        conn.execute(sa.delete(events).where(events.c.event_id == event_id))
        conn.execute(sa.delete(event_search).where(event_search.c.event_id == event_id))
        return None
    ev = aggregate([record_from_source(s) for s in sources])
    ev["event_id"] = event_id
    ev.update(overrides(conn, event_id))
    window = date_window(ev.get("event_date"), ev.get("time_precision"))
    ev["date_start"], ev["date_end"] = (window[0].isoformat(), window[1].isoformat()) if window else (None, None)
    ev["updated_at"] = utc_now()
    locks.ensure(event_keys(ev))
    write_event(conn, ev)
    return ev


def write_event(conn: Connection, ev: Mapping[str, Any]) -> None:
    """Insert or update (same ``fid``) one event row and its search text."""
    values = {"geom": ewkt(ev.get("longitude"), ev.get("latitude"))}
    values.update({k: to_db(k, ev.get(k)) for k in EVENT_COLUMNS})
    conn.execute(_UPSERT_EVENT, values)
    conn.execute(_UPSERT_SEARCH, {"event_id": ev["event_id"], "text": search_text(dict(ev))})
