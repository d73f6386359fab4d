"""Private: writing reports, mentions and events into the store (merging, recomputing).

Every function takes the open connection of a write transaction
(:meth:`geodata.store.eventstore.EventStore._transaction`); none commits.
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from geodata.events.merge import MERGE_KM, aggregate, date_window, match_score
from geodata.exceptions import StoreError
from geodata.model import EVENT_FIELDS, Event, Mention, Report
from geodata.store import _gpkg
from geodata.store._ops import (
    INSERT_SOURCE,
    clean,
    event_record,
    q,
    record_from_source,
    source_row,
    to_json,
)
from geodata.store._schema import EVENT_COLUMNS, MENTION_COLUMNS, SOURCE_COLUMNS, search_text

if TYPE_CHECKING:  # pragma: no cover
    from geodata.store.eventstore import IngestResult

__all__ = [
    "BulkRows",
    "bulk_write",
    "ingest_report",
    "place_event",
    "recompute",
    "remove_report",
    "stored_ids",
    "write_mentions",
    "write_report",
]

log = logging.getLogger(__name__)

_MAX_WINDOW_DAYS = 31
#: What :func:`~geodata.events.merge.match_score` looks at.
_MATCH_COLUMNS = (
    "fid", "event_id", "event_type", "event_date", "time_precision", "country_code", "geonameid",
    "geo_precision", "latitude", "longitude", "admin1",
)  # fmt: skip


def stored_ids(c: sqlite3.Connection, report_id: str, events: Sequence[Event]) -> list[str]:
    """For each event of an unchanged report, the id of the stored event it went into."""
    rows = c.execute(
        "SELECT src_event_id, event_id FROM event_sources WHERE report_id=?", (report_id,)
    ).fetchall()
    where: dict[str, str] = dict(rows)
    return [where.get(e.event_id, e.event_id) for e in events]


def ingest_report(
    c: sqlite3.Connection,
    report: Report,
    mentions: Sequence[Mention],
    events: Sequence[Event],
    result: IngestResult,
) -> None:
    """The writes of :meth:`EventStore.add_report`, counted in ``result``."""
    row = c.execute("SELECT sha1 FROM reports WHERE report_id=?", (report.id,)).fetchone()
    if row is not None and row[0] == report.sha1:
        result.unchanged = len(events)
        result.event_ids = stored_ids(c, report.id, events)
        return
    gone: list[str] = []
    if row is not None:
        result.replaced = True
        gone = remove_report(c, report.id)
    write_report(c, report, len(mentions), len(events))
    write_mentions(c, mentions)
    for ev in events:
        target, merged = place_event(c, report, ev)
        result.event_ids.append(target)
        if merged:
            result.merged += 1
        else:
            result.added += 1
    result.removed = sum(
        1 for eid in gone if not c.execute("SELECT 1 FROM events WHERE event_id=?", (eid,)).fetchone()
    )
    _gpkg.update_extent(c, ["events"])
    _gpkg.update_extent(c, ["mentions"], lon="lon", lat="lat")
    _gpkg.touch(c, ["reports", "event_sources"])


def write_report(c: sqlite3.Connection, report: Report, n_mentions: int, n_events: int) -> None:
    """Insert or update the ``reports`` row of ``report``."""
    c.execute(
        "INSERT INTO reports (report_id, title, source, url, published, sha1, text, ingested_at,"
        " n_mentions, n_events) VALUES (?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT(report_id) DO UPDATE SET title=excluded.title, source=excluded.source,"
        " url=excluded.url, published=excluded.published, sha1=excluded.sha1, text=excluded.text,"
        " ingested_at=excluded.ingested_at, n_mentions=excluded.n_mentions, n_events=excluded.n_events",
        (
            report.id,
            report.title,
            report.source,
            report.url,
            report.published.isoformat() if report.published else None,
            report.sha1,
            report.text,
            _gpkg.utc_now(),
            n_mentions,
            n_events,
        ),
    )


def write_mentions(c: sqlite3.Connection, mentions: Sequence[Mention]) -> None:
    """Insert the mentions (point features)."""
    cols = ", ".join(q(k) for k in MENTION_COLUMNS)
    marks = ", ".join("?" for _ in range(len(MENTION_COLUMNS) + 1))
    rows = []
    for m in mentions:
        d = m.to_dict()
        d["alternatives"] = to_json(d["alternatives"])
        rows.append((_gpkg.point_blob(m.lon, m.lat), *(clean(d.get(k)) for k in MENTION_COLUMNS)))
    c.executemany(f"INSERT INTO mentions (geom, {cols}) VALUES ({marks})", rows)


def remove_report(c: sqlite3.Connection, report_id: str) -> list[str]:
    """Drop a report's mentions and sources; recompute the events they fed.

    Returns the ids of the events deleted because no source was left.
    """
    c.execute("DELETE FROM mentions WHERE report_id=?", (report_id,))
    affected = [
        r[0]
        for r in c.execute(
            "SELECT DISTINCT event_id FROM event_sources WHERE report_id=? ORDER BY fid", (report_id,)
        )
    ]
    c.execute("DELETE FROM event_sources WHERE report_id=?", (report_id,))
    return [eid for eid in affected if recompute(c, eid) is None]


#: Casualty figures (fatalities, injuries, arrests) above this are unreadable and stored as
#: unknown: no single event on record comes near ten million dead, injured or arrested, while
#: a misread figure ("2023 killed", a phone number, 2^63) would dominate every sum and range.
MAX_CASUALTIES = 10_000_000
_CASUALTY_FIELDS = ("fatalities", "injuries", "arrests")
_INT64 = (-(2**63), 2**63 - 1)


def bounded_record(ev: Event | Mapping[str, Any]) -> dict[str, Any]:
    """:func:`event_record`, with unreadable casualty figures and out-of-range integers unknown."""
    rec = event_record(ev)
    for k, v in rec.items():
        if type(v) is not int:
            continue
        if k in _CASUALTY_FIELDS and not 0 <= v <= MAX_CASUALTIES:
            log.warning("event %s: %s %s is unreadable, stored as unknown", rec["event_id"], k, v)
            rec[k] = None
        elif not _INT64[0] <= v <= _INT64[1]:
            log.warning("event %s: %s is beyond a 64-bit integer, stored as unknown", rec["event_id"], k)
            rec[k] = None
    return rec


def place_event(c: sqlite3.Connection, report: Report, ev: Event) -> tuple[str, bool]:
    """Merge ``ev`` into a matching event of another report, or store it as new.

    Returns the stored event's id and whether ``ev`` was merged into an existing event.
    """
    rec = bounded_record(ev)
    rec["source"] = rec.get("source") or report.source
    rec["source_url"] = rec.get("source_url") or report.url
    target = find_match(c, rec, report.id)
    merged = target is not None
    if target is None:
        target = rec["event_id"]
        owner = c.execute(
            "SELECT EXISTS(SELECT 1 FROM event_sources WHERE event_id=? AND report_id=?)",
            (target, report.id),
        ).fetchone()[0]
        exists = c.execute("SELECT 1 FROM events WHERE event_id=?", (target,)).fetchone()
        if exists and owner:
            merged = True  # the same id twice in one report: one event
        elif exists:
            n = 2
            while c.execute("SELECT 1 FROM events WHERE event_id=?", (f"{target}-{n}",)).fetchone():
                n += 1
            target = f"{target}-{n}"
    assert target is not None
    _insert_source(c, target, rec, report)
    recompute(c, target)
    return target, merged


def find_match(c: sqlite3.Connection, rec: Mapping[str, Any], report_id: str) -> str | None:
    """The stored event of another report that ``rec`` is a further account of, if any."""
    window = date_window(rec.get("event_date"), rec.get("time_precision"))
    if window is None or not rec.get("event_type"):
        return None
    lo = (window[0] - timedelta(days=_MAX_WINDOW_DAYS)).isoformat()
    when = [lo, window[1].isoformat(), window[0].isoformat()]
    common = (
        "date_start BETWEEN ? AND ? AND date_end >= ?"
        " AND event_id NOT IN (SELECT event_id FROM event_sources WHERE report_id = ?)"
    )
    select = f"SELECT {', '.join(q(k) for k in _MATCH_COLUMNS)} FROM events WHERE "
    queries: list[tuple[str, list[Any]]] = []
    if rec.get("geonameid") is not None:
        queries.append((select + f"geonameid = ? AND event_type = ? AND {common}",
                        [rec["geonameid"], rec["event_type"], *when, report_id]))  # fmt: skip
    lat, lon = rec.get("latitude"), rec.get("longitude")
    if lat is not None and lon is not None:
        dlat = MERGE_KM / 111.0 * 1.1
        dlon = dlat / max(0.05, math.cos(math.radians(float(lat))))
        queries.append((
            select + "event_type = ? AND latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?"
            f" AND {common}",
            [rec["event_type"], lat - dlat, lat + dlat, lon - dlon, lon + dlon, *when, report_id],
        ))  # fmt: skip
    if rec.get("geo_precision") == 4 and rec.get("country_code"):
        queries.append((select + f"country_code = ? AND geo_precision = 4 AND event_type = ? AND {common}",
                        [rec["country_code"], rec["event_type"], *when, report_id]))  # fmt: skip
    best: tuple[float, int, str] | None = None
    for sql, params in queries:
        for row in c.execute(sql, params):
            old = dict(zip(_MATCH_COLUMNS, row, strict=True))
            score = match_score(rec, old)
            if score is not None and (best is None or (score, old["fid"]) < best[:2]):
                best = (score, old["fid"], old["event_id"])
    return best[2] if best else None


def _insert_source(c: sqlite3.Connection, event_id: str, rec: Mapping[str, Any], report: Report) -> None:
    published = report.published.isoformat() if report.published else None
    row = source_row(event_id, rec, rec.get("source") or report.source, rec.get("source_url") or report.url,
                      published, _gpkg.utc_now())  # fmt: skip
    c.execute(INSERT_SOURCE, row)


def _overrides(c: sqlite3.Connection, event_id: str) -> dict[str, Any]:
    return {
        f: json.loads(v)
        for f, v in c.execute("SELECT field, value FROM event_overrides WHERE event_id=?", (event_id,))
    }


def recompute(c: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    """Rebuild an event row from its sources and overrides; delete it if it has no sources."""
    rows = c.execute(
        f"SELECT {', '.join(q(k) for k in SOURCE_COLUMNS)} FROM event_sources WHERE event_id=? ORDER BY fid",
        (event_id,),
    ).fetchall()
    if not rows:
        c.execute("DELETE FROM events WHERE event_id=?", (event_id,))
        c.execute("DELETE FROM event_search WHERE event_id=?", (event_id,))
        return None
    ev = aggregate([record_from_source(dict(zip(SOURCE_COLUMNS, r, strict=True))) for r in rows])
    ev["event_id"] = event_id
    ev.update(_overrides(c, event_id))
    window = date_window(ev.get("event_date"), ev.get("time_precision"))
    ev["date_start"], ev["date_end"] = (window[0].isoformat(), window[1].isoformat()) if window else (None, None)
    ev["updated_at"] = _gpkg.utc_now()
    values = [clean(ev.get(k)) for k in EVENT_COLUMNS]
    cols = ", ".join(q(k) for k in EVENT_COLUMNS)
    marks = ", ".join("?" for _ in range(len(EVENT_COLUMNS) + 1))
    update = ", ".join(f"{q(k)}=excluded.{q(k)}" for k in ("geom", *EVENT_COLUMNS) if k != "event_id")
    c.execute(
        f"INSERT INTO events (geom, {cols}) VALUES ({marks}) ON CONFLICT(event_id) DO UPDATE SET {update}",
        [_gpkg.point_blob(ev.get("longitude"), ev.get("latitude")), *values],
    )
    c.execute("INSERT OR REPLACE INTO event_search VALUES (?, ?)", (event_id, search_text(ev)))
    return ev


class BulkRows:
    """The rows :func:`bulk_write` inserts, built from events before the transaction opens."""

    def __init__(self, events: Iterable[Event | Mapping[str, Any]], now: str) -> None:
        self.now = now
        self.events: list[list[Any]] = []
        self.sources: list[tuple[Any, ...]] = []
        self.search: list[tuple[str, str]] = []
        self.reports: dict[str, str | None] = {}
        n_fields = len(EVENT_FIELDS)
        for ev in events:
            rec = bounded_record(ev)
            fat = rec.get("fatalities")
            window = date_window(rec.get("event_date"), rec.get("time_precision"))
            row: list[Any] = [_gpkg.point_blob(rec.get("longitude"), rec.get("latitude"))]
            row += [rec[k] for k in EVENT_FIELDS]
            row += [fat, fat, 1]
            row += [window[0].isoformat(), window[1].isoformat()] if window else [None, None]
            row.append(now)
            assert len(row) == 1 + n_fields + 6
            self.events.append(row)
            self.search.append((rec["event_id"], search_text(rec)))
            self.reports.setdefault(rec["report_id"], rec.get("source"))
            self.sources.append(source_row(rec["event_id"], rec, rec.get("source"), rec.get("source_url"),
                                           None, now))  # fmt: skip


def _drop_indexes(c: sqlite3.Connection) -> list[str]:
    """Drop the indexes of ``events`` and ``event_sources``; returns the SQL that rebuilds them."""
    found = c.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"
        " AND tbl_name IN ('events', 'event_sources')"
    ).fetchall()
    for name, _ in found:
        c.execute(f"DROP INDEX {q(name)}")
    return [sql for _, sql in found]


def bulk_write(c: sqlite3.Connection, rows: BulkRows) -> int:
    """Insert the rows of :meth:`EventStore.bulk_insert` (no merging); returns the count."""
    cols = ", ".join(q(k) for k in EVENT_COLUMNS)
    marks = ", ".join("?" for _ in range(len(EVENT_COLUMNS) + 1))
    empty_sha1 = Report(id="", text="").sha1
    big = len(rows.events) > 5000
    # rebuilding indexes once is much faster than updating them row by row
    index_sql = _drop_indexes(c) if big else []
    try:
        c.executemany(f"INSERT INTO events (geom, {cols}) VALUES ({marks})", rows.events)
    except sqlite3.IntegrityError as exc:
        raise StoreError(f"bulk insert refused, nothing was inserted: {exc}") from None
    c.executemany(INSERT_SOURCE, rows.sources)
    c.executemany("INSERT INTO event_search VALUES (?, ?)", rows.search)
    for sql in index_sql:
        c.execute(sql)
    c.executemany(
        "INSERT OR IGNORE INTO reports (report_id, source, sha1, text, ingested_at, n_mentions, n_events)"
        " VALUES (?, ?, ?, '', ?, 0, 0)",
        [(rid, src, empty_sha1, rows.now) for rid, src in rows.reports.items()],
    )
    c.execute(
        "UPDATE reports SET n_events = (SELECT count(*) FROM event_sources s"
        " WHERE s.report_id = reports.report_id) WHERE sha1 = ?",
        (empty_sha1,),
    )
    _gpkg.update_extent(c, ["events"])
    _gpkg.touch(c, ["reports", "event_sources"])
    if big:
        c.execute("ANALYZE")
    return len(rows.events)
