"""The event store: one GeoPackage file with reports, mentions, events, sources and corrections.

It needs no server. The ``events`` and ``mentions`` tables are GeoPackage point layers (WGS84)
that QGIS, GDAL, pyogrio and geopandas open directly; ``reports``, ``event_sources`` and
``corrections`` are GeoPackage attribute tables.

>>> from geodata.store.eventstore import EventStore
>>> with EventStore("unrest.gpkg") as store:  # doctest: +SKIP
...     result = store.add_report(report, mentions, events)
...     df = store.events(date_from="2022-01-01", countries=["KZ"], min_severity=3)

Every write is one SQLite transaction: an error part-way leaves the file as it was.

Merging
    An incoming event that matches a stored event from *another* report (same event type,
    overlapping date window, same GeoNames id or within 10 km in the same admin-1) is added to
    it as a further source: the stored event lists every source in ``event_sources`` and
    carries ``sources_count``, the lowest reported ``fatalities`` and the
    ``fatalities_low``/``fatalities_high`` range.

Corrections
    :meth:`EventStore.correct` changes an event's place, type, date, fatalities or status. Each
    change is written to the ``corrections`` audit table (who, when, before, after, note) and
    kept as an override keyed by the event id, re-applied whenever the event is recomputed, so
    corrections survive re-ingesting a report.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import math
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geodata.events.merge import MERGE_KM, aggregate, date_window, match_score
from geodata.exceptions import CorrectionError, StoreError
from geodata.model import EVENT_FIELDS, Candidate, Event, Mention, Report
from geodata.store import _gpkg
from geodata.store._ops import (
    INSERT_SOURCE,
    STATUSES,
    as_list,
    clean,
    event_record,
    fix_dtypes,
    inline,
    q,
    record_from_source,
    slice_text,
    source_row,
    to_json,
    validate_correction,
)
from geodata.store._schema import (
    DDL,
    EVENT_COLUMNS,
    EVENT_SQL_TYPES,
    LAYERS,
    MENTION_COLUMNS,
    MENTION_SQL_TYPES,
    SCHEMA_VERSION,
    SOURCE_COLUMNS,
    search_text,
)

if TYPE_CHECKING:  # pragma: no cover
    import geopandas
    import pandas

__all__ = [
    "CORRECTABLE_FIELDS",
    "STATUSES",
    "STORE_EVENT_COLUMNS",
    "EventStore",
    "IngestResult",
]

#: Columns of :meth:`EventStore.events`: the Event fields, then the store's own.
STORE_EVENT_COLUMNS: tuple[str, ...] = EVENT_COLUMNS

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

log = logging.getLogger(__name__)

_MENTION_INT = frozenset(k for k, v in MENTION_SQL_TYPES.items() if v.startswith("INTEGER"))
_MAX_WINDOW_DAYS = 31
#: What :func:`~geodata.events.merge.match_score` looks at.
_MATCH_COLUMNS = (
    "fid", "event_id", "event_type", "event_date", "time_precision", "country_code", "geonameid",
    "geo_precision", "latitude", "longitude", "admin1",
)  # fmt: skip


@dataclass
class IngestResult:
    """What :meth:`EventStore.add_report` did with one report.

    Attributes
    ----------
    report_id
        The report.
    added
        Events stored as new events.
    merged
        Events added as a further source of an event another report gave.
    unchanged
        Events not written because the same report (same id, same text) was already stored.
    removed
        Events of the report's previous version that no longer exist (changed text only).
    replaced
        Whether a previous version of the report (same id, other text) was replaced.
    event_ids
        For each incoming event, in order, the id of the stored event it went into.
    """

    report_id: str
    added: int = 0
    merged: int = 0
    unchanged: int = 0
    removed: int = 0
    replaced: bool = False
    event_ids: list[str] = field(default_factory=list)


class EventStore:
    """An event store in one GeoPackage file.

    Parameters
    ----------
    path
        The ``.gpkg`` file; created (with its tables) when missing.
    readonly
        Open without write access (see :meth:`open_readonly`); the file must exist.

    Raises
    ------
    StoreError
        When the file is not an SQLite database, is another GeoPackage that is not a store,
        or (read-only) does not exist.

    Examples
    --------
    >>> with EventStore(tmp_path / "s.gpkg") as store:  # doctest: +SKIP
    ...     store.add_report(report, mentions, events).added
    2
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._lock = threading.RLock()
        self._cache: dict[str, tuple[Any, Any]] = {}
        if readonly and not self.path.is_file():
            raise StoreError(f"no event store at {self.path}")
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"{self.path} is not a file")
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        try:
            self._conn = _gpkg.connect(self.path, readonly=readonly)
            self._conn.execute("PRAGMA busy_timeout = 10000")
            if fresh:
                self._create()
            else:
                self._check()
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(Exception):
                self._conn.close()
            raise StoreError(f"cannot open {self.path} as an event store: {exc}") from None

    # ------------------------------------------------------------------ life cycle
    @classmethod
    def open_readonly(cls, path: str | Path) -> EventStore:
        """Open an existing store for reading only (the dashboard's way).

        Raises
        ------
        StoreError
            When ``path`` does not exist or is not a store.
        """
        return cls(path, readonly=True)

    def close(self) -> None:
        """Close the file. The store cannot be used afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self.readonly else "read-write"
        return f"EventStore({str(self.path)!r}, {mode})"

    def _create(self) -> None:
        if self.readonly:
            raise StoreError(f"{self.path} is empty, not an event store")
        with self._transaction() as c:
            _gpkg.create_metadata(c)
            _gpkg.execute_script(c, DDL)
            for table, (kind, desc) in LAYERS.items():
                if kind == "features":
                    _gpkg.register_points(c, table, desc)
                else:
                    _gpkg.register_attributes(c, table, desc)
            c.executemany(
                "INSERT OR REPLACE INTO store_meta VALUES (?, ?)",
                [
                    ("schema_version", SCHEMA_VERSION),
                    ("created_at", _gpkg.utc_now()),
                    ("generator", "unrest-atlas"),
                ],
            )

    def _check(self) -> None:
        c = self._conn
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        missing = {"store_meta", "events", "event_sources", "reports"} - tables
        if missing:
            raise StoreError(
                f"{self.path} is not an Unrest Atlas event store (missing tables: {', '.join(sorted(missing))})"
            )
        version = c.execute("SELECT value FROM store_meta WHERE key='schema_version'").fetchone()
        if version is None or version[0] != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema version {version[0] if version else '?'} is not {SCHEMA_VERSION}"
            )

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any exception."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        with self._lock:
            c = self._conn
            try:
                c.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot write {self.path}: {exc}") from None
            try:
                yield c
                c.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    c.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"writing {self.path} failed, nothing was changed: {exc}") from exc
                raise

    # ------------------------------------------------------------------ ingest
    def add_report(
        self,
        report: Report,
        mentions: Sequence[Mention] = (),
        events: Sequence[Event] = (),
    ) -> IngestResult:
        """Store one report with its mentions and events, in one transaction.

        The same report again (same id and text) adds nothing. The same id with other text
        replaces the previous version's mentions and events (corrections are kept and
        re-applied). Events that match a stored event of another report are merged into it.

        Parameters
        ----------
        report
            The report.
        mentions, events
            What the geoparser and the event extractor found in it; each must carry
            ``report_id == report.id``.

        Returns
        -------
        IngestResult
            Counts of added, merged and unchanged events, and where each event went.

        Raises
        ------
        StoreError
            When a mention or event belongs to another report, or the write fails (the store
            is then as it was).
        """
        for m in mentions:
            if m.report_id != report.id:
                raise StoreError(f"mention {m.mention!r} belongs to report {m.report_id!r}, not {report.id!r}")
        for e in events:
            if e.report_id != report.id:
                raise StoreError(f"event {e.event_id!r} belongs to report {e.report_id!r}, not {report.id!r}")
        result = IngestResult(report_id=report.id)
        with self._transaction() as c:
            row = c.execute("SELECT sha1 FROM reports WHERE report_id=?", (report.id,)).fetchone()
            if row is not None and row[0] == report.sha1:
                result.unchanged = len(events)
                ids = c.execute(
                    "SELECT src_event_id, event_id FROM event_sources WHERE report_id=?", (report.id,)
                ).fetchall()
                where = dict(ids)
                result.event_ids = [where.get(e.event_id, e.event_id) for e in events]
                return result
            gone: list[str] = []
            if row is not None:
                result.replaced = True
                gone = self._remove_report(c, report.id)
            self._write_report(c, report, len(mentions), len(events))
            self._write_mentions(c, mentions)
            for ev in events:
                target, merged = self._place_event(c, report, ev)
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
        return result

    def add_reports(
        self, items: Iterable[tuple[Report, Sequence[Mention], Sequence[Event]]]
    ) -> list[IngestResult]:
        """:meth:`add_report` for each ``(report, mentions, events)``, one transaction each.

        A failing report raises; the reports before it stay stored.
        """
        return [self.add_report(r, m, e) for r, m, e in items]

    def _write_report(self, c: sqlite3.Connection, report: Report, n_mentions: int, n_events: int) -> None:
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

    def _write_mentions(self, c: sqlite3.Connection, mentions: Sequence[Mention]) -> None:
        cols = ", ".join(q(k) for k in MENTION_COLUMNS)
        marks = ", ".join("?" for _ in range(len(MENTION_COLUMNS) + 1))
        rows = []
        for m in mentions:
            d = m.to_dict()
            d["alternatives"] = to_json(d["alternatives"])
            rows.append((_gpkg.point_blob(m.lon, m.lat), *(clean(d.get(k)) for k in MENTION_COLUMNS)))
        c.executemany(f"INSERT INTO mentions (geom, {cols}) VALUES ({marks})", rows)

    def _remove_report(self, c: sqlite3.Connection, report_id: str) -> list[str]:
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
        return [eid for eid in affected if self._recompute(c, eid) is None]

    def _place_event(self, c: sqlite3.Connection, report: Report, ev: Event) -> tuple[str, bool]:
        """Merge ``ev`` into a matching event of another report, or store it as new."""
        rec = event_record(ev)
        rec["source"] = rec.get("source") or report.source
        rec["source_url"] = rec.get("source_url") or report.url
        target = self._find_match(c, rec, report.id)
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
        self._insert_source(c, target, rec, report)
        self._recompute(c, target)
        return target, merged

    def _find_match(self, c: sqlite3.Connection, rec: Mapping[str, Any], report_id: str) -> str | None:
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

    def _insert_source(self, c: sqlite3.Connection, event_id: str, rec: Mapping[str, Any], report: Report) -> None:
        published = report.published.isoformat() if report.published else None
        row = source_row(event_id, rec, rec.get("source") or report.source, rec.get("source_url") or report.url,
                          published, _gpkg.utc_now())  # fmt: skip
        c.execute(INSERT_SOURCE, row)

    def _overrides(self, c: sqlite3.Connection, event_id: str) -> dict[str, Any]:
        return {
            f: json.loads(v)
            for f, v in c.execute("SELECT field, value FROM event_overrides WHERE event_id=?", (event_id,))
        }

    def _recompute(self, c: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
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
        ev.update(self._overrides(c, event_id))
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

    def bulk_insert(self, events: Iterable[Event | Mapping[str, Any]]) -> int:
        """Insert many events fast, in one transaction, with no merging (benchmarks, imports).

        Each event becomes its own stored event with one source row; a placeholder report row
        (no text) is written for report ids the store does not have. Event ids must be new.
        200,000 events load in well under a minute (most of it index building).

        Returns
        -------
        int
            The number of events inserted.

        Raises
        ------
        StoreError
            When an id is already stored (nothing is then inserted).
        """
        now = _gpkg.utc_now()
        ev_rows: list[list[Any]] = []
        src_rows: list[tuple[Any, ...]] = []
        search_rows: list[tuple[str, str]] = []
        reports: dict[str, str | None] = {}
        n_fields = len(EVENT_FIELDS)
        for ev in events:
            rec = event_record(ev)
            fat = rec.get("fatalities")
            window = date_window(rec.get("event_date"), rec.get("time_precision"))
            row = [_gpkg.point_blob(rec.get("longitude"), rec.get("latitude"))]
            row += [rec[k] for k in EVENT_FIELDS]
            row += [fat, fat, 1]
            row += [window[0].isoformat(), window[1].isoformat()] if window else [None, None]
            row.append(now)
            assert len(row) == 1 + n_fields + 6
            ev_rows.append(row)
            search_rows.append((rec["event_id"], search_text(rec)))
            reports.setdefault(rec["report_id"], rec.get("source"))
            src_rows.append(source_row(rec["event_id"], rec, rec.get("source"), rec.get("source_url"), None, now))
        cols = ", ".join(q(k) for k in EVENT_COLUMNS)
        marks = ", ".join("?" for _ in range(len(EVENT_COLUMNS) + 1))
        empty_sha1 = Report(id="", text="").sha1
        with self._transaction() as c:
            big = len(ev_rows) > 5000
            if big:  # rebuilding indexes once is much faster than updating them row by row
                index_sql = [
                    sql
                    for (sql,) in c.execute(
                        "SELECT sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"
                        " AND tbl_name IN ('events', 'event_sources')"
                    )
                ]
                names = [
                    n
                    for (n,) in c.execute(
                        "SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"
                        " AND tbl_name IN ('events', 'event_sources')"
                    )
                ]
                for n in names:
                    c.execute(f"DROP INDEX {q(n)}")
            try:
                c.executemany(f"INSERT INTO events (geom, {cols}) VALUES ({marks})", ev_rows)
            except sqlite3.IntegrityError as exc:
                raise StoreError(f"bulk insert refused, nothing was inserted: {exc}") from None
            c.executemany(INSERT_SOURCE, src_rows)
            c.executemany("INSERT INTO event_search VALUES (?, ?)", search_rows)
            if big:
                for sql in index_sql:
                    c.execute(sql)
            c.executemany(
                "INSERT OR IGNORE INTO reports (report_id, source, sha1, text, ingested_at, n_mentions, n_events)"
                " VALUES (?, ?, ?, '', ?, 0, 0)",
                [(rid, src, empty_sha1, now) for rid, src in reports.items()],
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
        return len(ev_rows)

    # ------------------------------------------------------------------ corrections
    def _resolve(self, c: sqlite3.Connection, event_id: str) -> str | None:
        if c.execute("SELECT 1 FROM events WHERE event_id=?", (event_id,)).fetchone():
            return event_id
        row = c.execute(
            "SELECT s.event_id FROM event_sources s JOIN events e ON e.event_id = s.event_id"
            " WHERE s.src_event_id=? ORDER BY s.fid LIMIT 1",
            (event_id,),
        ).fetchone()
        return row[0] if row else None

    def resolve(self, event_id: str) -> str | None:
        """The stored event an id refers to: itself, or the event it was merged into."""
        with self._lock:
            return self._resolve(self._conn, event_id)

    def correct(self, event_id: str, *, who: str, note: str = "", **changes: Any) -> dict[str, Any]:
        """Correct an event; every changed field is audited and kept across re-ingests.

        Parameters
        ----------
        event_id
            The event (or the id of an event merged into it).
        who
            The analyst's name (required).
        note
            Why: kept with each audit row.
        **changes
            ``name``/``location``, ``lat``/``latitude``, ``lon``/``longitude``, ``geonameid``,
            ``admin1``, ``country``, ``country_code``, ``geo_precision``, ``event_type``,
            ``sub_event_type``, ``event_date``, ``time_precision``, ``fatalities``, ``injuries``,
            ``actor1``, ``actor2``, ``status`` (one of :data:`STATUSES`).

        Returns
        -------
        dict
            The corrected event (as :meth:`event` gives it).

        Raises
        ------
        CorrectionError
            Unknown event, unknown field, or an invalid value (nothing is changed).

        Examples
        --------
        >>> store.correct("ev-1", who="ana", note="pin was in the river", lat=43.24, lon=76.91)  # doctest: +SKIP
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
        with self._transaction() as c:
            eid = self._resolve(c, event_id)
            if eid is None:
                raise CorrectionError(f"no event {event_id!r} in {self.path}")
            current = self._row(c, eid)
            assert current is not None
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
            self._recompute(c, eid)
            _gpkg.update_extent(c, ["events"])
            _gpkg.touch(c, ["corrections"])
        return self.event(eid)

    def flag(self, event_id: str, *, who: str, note: str) -> dict[str, Any]:
        """Mark an event as probably wrong (status ``flagged``), saying why."""
        if not note or not note.strip():
            raise CorrectionError("flagging an event needs a note saying what is wrong")
        return self.correct(event_id, who=who, note=note, status="flagged")

    def verify(self, event_id: str, *, who: str, note: str = "") -> dict[str, Any]:
        """Mark an event as checked and right (status ``verified``)."""
        return self.correct(event_id, who=who, note=note, status="verified")

    def reject(self, event_id: str, *, who: str, note: str = "") -> dict[str, Any]:
        """Mark an event as not an event (status ``rejected``): hidden from default queries."""
        return self.correct(event_id, who=who, note=note, status="rejected")

    # ------------------------------------------------------------------ queries
    def _row(self, c: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
        row = c.execute(
            f"SELECT {', '.join(q(k) for k in EVENT_COLUMNS)} FROM events WHERE event_id=?", (event_id,)
        ).fetchone()
        return dict(zip(EVENT_COLUMNS, row, strict=True)) if row else None

    def _where(
        self,
        date_from: str | date | None = None,
        date_to: str | date | None = None,
        event_types: str | Iterable[str] | None = None,
        sub_event_types: str | Iterable[str] | None = None,
        min_severity: int | None = None,
        countries: str | Iterable[str] | None = None,
        admin1: str | Iterable[str] | None = None,
        actors: str | Iterable[str] | None = None,
        text: str | None = None,
        bbox: Sequence[float] | None = None,
        include_rejected: bool = False,
        statuses: str | Iterable[str] | None = None,
        report_id: str | None = None,
        event_ids: Iterable[str] | None = None,
        sources: str | Iterable[str] | None = None,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []

        def _in(col: str, values: list[Any], nocase: bool = False) -> None:
            coll = " COLLATE NOCASE" if nocase else ""
            clauses.append(f"{q(col)}{coll} IN ({', '.join('?' for _ in values)})")
            params.extend(values)

        if date_from:
            clauses.append("event_date >= ?")
            params.append(str(date_from)[:10])
        if date_to:
            clauses.append("event_date <= ?")
            params.append(str(date_to)[:10])
        types = as_list(event_types)
        if types is not None:
            _in("event_type", types)
        subs = as_list(sub_event_types)
        if subs is not None:
            _in("sub_event_type", subs)
        if min_severity is not None:
            clauses.append("severity >= ?")
            params.append(int(min_severity))
        ccs = as_list(countries)
        if ccs is not None:
            codes = {str(x).strip().upper() for x in ccs if len(str(x).strip()) == 2}
            for name in (str(x).strip() for x in ccs if len(str(x).strip()) != 2):
                with self._lock:
                    while True:  # one seek per code on the country-name index
                        skip = ", ".join("?" for _ in codes) or "''"
                        row = self._conn.execute(
                            "SELECT country_code FROM events WHERE country = ? COLLATE NOCASE"
                            f" AND country_code NOT IN ({skip}) LIMIT 1",
                            (name, *codes),
                        ).fetchone()
                        if row is None or not row[0]:
                            break
                        codes.add(row[0])
            if codes:
                _in("country_code", sorted(codes))
            else:
                clauses.append("0")
        a1 = as_list(admin1)
        if a1 is not None:
            _in("admin1", [str(x) for x in a1], nocase=True)
        acts = as_list(actors)
        if acts is not None:
            marks = ", ".join("?" for _ in acts)
            clauses.append(f"(actor1 IN ({marks}) OR actor2 IN ({marks}))")
            params += list(acts) * 2
        if text and text.strip():
            # instr() rather than LIKE: GDAL replaces LIKE with a slower function of its own
            clauses.append("event_id IN (SELECT event_id FROM event_search WHERE instr(text, ?) > 0)")
            params.append(text.strip().casefold())
        if bbox is not None:
            if len(bbox) != 4:
                raise StoreError("bbox is (min_lon, min_lat, max_lon, max_lat)")
            x0, y0, x1, y1 = (float(v) for v in bbox)
            clauses.append("latitude BETWEEN ? AND ?")
            params += [y0, y1]
            if x0 <= x1:
                clauses.append("longitude BETWEEN ? AND ?")
                params += [x0, x1]
            else:  # crosses the antimeridian
                clauses.append("(longitude >= ? OR longitude <= ?)")
                params += [x0, x1]
        sts = as_list(statuses)
        if sts is not None:
            _in("status", sts)
        elif not include_rejected:
            clauses.append("status != 'rejected'")
        if report_id is not None:
            clauses.append("event_id IN (SELECT event_id FROM event_sources WHERE report_id = ?)")
            params.append(report_id)
        srcs = as_list(sources)
        if srcs is not None:
            # one of the "; "-joined source names, whole (as the facets list them)
            names = [str(x).strip() for x in srcs if str(x).strip()]
            if names:
                ors = " OR ".join("instr(';' || replace(coalesce(source, ''), '; ', ';') || ';', ?) > 0"
                                  for _ in names)
                clauses.append(f"({ors})")
                params += [f";{n};" for n in names]
            else:
                clauses.append("0")
        if event_ids is not None:
            ids = [str(x) for x in dict.fromkeys(event_ids)]
            if ids:
                _in("event_id", ids)
            else:
                clauses.append("0")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def events(
        self,
        date_from: str | date | None = None,
        date_to: str | date | None = None,
        event_types: str | Iterable[str] | None = None,
        sub_event_types: str | Iterable[str] | None = None,
        min_severity: int | None = None,
        countries: str | Iterable[str] | None = None,
        admin1: str | Iterable[str] | None = None,
        actors: str | Iterable[str] | None = None,
        text: str | None = None,
        bbox: Sequence[float] | None = None,
        include_rejected: bool = False,
        *,
        statuses: str | Iterable[str] | None = None,
        report_id: str | None = None,
        event_ids: Iterable[str] | None = None,
        sources: str | Iterable[str] | None = None,
        columns: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> pandas.DataFrame:
        """Events matching every filter given, as a DataFrame sorted by date.

        Parameters
        ----------
        date_from, date_to
            Inclusive ``YYYY-MM-DD`` bounds on ``event_date``.
        event_types, sub_event_types
            ACLED types to keep (one or several).
        min_severity
            Keep events with ``severity >= min_severity``.
        countries
            ISO alpha-2 codes or country names (case-insensitive).
        admin1
            Admin-1 region names (case-insensitive).
        actors
            Keep events whose ``actor1`` or ``actor2`` is one of these.
        text
            Case-insensitive substring of notes, location, actors, admin1, country or source.
        bbox
            ``(min_lon, min_lat, max_lon, max_lat)``; crossing the antimeridian is allowed.
        include_rejected
            Also return events an analyst rejected.
        statuses
            Keep only these review states (overrides ``include_rejected``).
        report_id
            Keep events with a source in this report.
        event_ids
            Keep only these events (by id).
        sources
            Keep events reported by one of these sources (a whole name among the event's
            ``"; "``-joined ``source``, as :meth:`facets` lists them).
        columns
            Only these columns (faster for big maps); default :data:`STORE_EVENT_COLUMNS`.
        limit
            At most this many rows.

        Returns
        -------
        pandas.DataFrame
            Columns: the :class:`~geodata.model.Event` fields, then ``fatalities_low``,
            ``fatalities_high``, ``reports_count``, ``date_start``, ``date_end`` (the window the
            event may fall in) and ``updated_at``. Integer columns with gaps are ``Int64``;
            ``event_date`` is an ISO string.

        Examples
        --------
        >>> store.events(date_from="2022-01-04", event_types=["Riots"], countries="KZ")  # doctest: +SKIP
        """
        cols = tuple(columns) if columns is not None else EVENT_COLUMNS
        bad = [k for k in cols if k not in EVENT_SQL_TYPES]
        if bad:
            raise StoreError(f"unknown event columns: {', '.join(bad)}")
        where, params = self._where(
            date_from, date_to, event_types, sub_event_types, min_severity, countries, admin1,
            actors, text, bbox, include_rejected, statuses, report_id, event_ids, sources,
        )  # fmt: skip
        if self._use_arrow:
            try:
                return self._events_arrow(where, params, cols, limit)
            except Exception as exc:  # GDAL busy or unavailable: the plain SQLite path gives the same
                if self._strict_arrow:
                    raise
                log.debug("arrow read of %s failed (%s); reading with sqlite3", self.path, exc)
        return self._events_sqlite(where, params, cols, limit)

    #: Read query results through GDAL's Arrow stream (C speed) rather than row by row.
    _use_arrow = True
    #: Raise instead of falling back to sqlite3 when the Arrow read fails (tests).
    _strict_arrow = False

    def _events_sqlite(
        self, where: str, params: list[Any], cols: Sequence[str], limit: int | None
    ) -> pandas.DataFrame:
        import pandas as pd

        sql = f"SELECT {', '.join(q(k) for k in cols)} FROM events{where} ORDER BY event_date IS NULL, event_date, fid"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        df = pd.DataFrame.from_records(rows, columns=list(cols), coerce_float=True)
        return fix_dtypes(df)

    def _events_arrow(
        self, where: str, params: list[Any], cols: Sequence[str], limit: int | None
    ) -> pandas.DataFrame:
        """The same query as :meth:`_events_sqlite`, read by pyogrio as Arrow (fast)."""
        import numpy as np
        import pandas as pd
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyogrio

        need = list(dict.fromkeys([*cols, "event_date"]))
        clause = inline(where[len(" WHERE ") :], params) if where else None
        _, table = pyogrio.read_arrow(
            str(self.path), layer="events", columns=need, read_geometry=False, where=clause, return_fids=True
        )
        fid = next(n for n in ("fid", "OGC_FID") if n in table.schema.names)
        order = pc.sort_indices(table, sort_keys=[("event_date", "ascending"), (fid, "ascending")])
        if limit is not None:
            order = order[: max(0, int(limit))]
        if len(order) == table.num_rows and np.array_equal(order.to_numpy(), np.arange(len(order))):
            table = table.select(list(cols))  # already in order: skip the (costly) gather
        else:
            table = table.take(order).select(list(cols))
        for i, name in enumerate(table.schema.names):
            typ = table.schema.field(i).type
            if pa.types.is_date(typ) or pa.types.is_timestamp(typ):
                table = table.set_column(i, name, pc.cast(table[name], pa.string()))
        df = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype()}.get)
        return fix_dtypes(df)

    def events_gdf(self, *args: Any, **kwargs: Any) -> geopandas.GeoDataFrame:
        """:meth:`events` as a GeoDataFrame of points (EPSG:4326); same filters.

        Events without coordinates get an empty (``None``) geometry.
        """
        import geopandas as gpd

        cols = kwargs.pop("columns", None)
        if cols is not None:
            cols = list(dict.fromkeys([*cols, "latitude", "longitude"]))
        df = self.events(*args, columns=cols, **kwargs)
        geom = gpd.points_from_xy(df["longitude"].astype("float64"), df["latitude"].astype("float64"))
        missing = df["longitude"].isna() | df["latitude"].isna()
        if missing.any():
            geom = gpd.GeoSeries(geom, index=df.index)
            geom[missing.to_numpy()] = None
        return gpd.GeoDataFrame(df, geometry=geom, crs="EPSG:4326")

    def count(self, **filters: Any) -> int:
        """How many events match :meth:`events`' filters (without fetching them)."""
        where, params = self._where(**filters)
        with self._lock:
            return int(self._conn.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0])

    def event(self, event_id: str) -> dict[str, Any]:
        """One event with its sources and corrections.

        Parameters
        ----------
        event_id
            Its id, or the id of an event merged into it.

        Returns
        -------
        dict
            The event's columns, plus ``sources`` (one dict per report: ``report_id``,
            ``src_event_id``, ``source``, ``url``, ``published``, ``title``, ``notes``,
            ``sentence`` (the source sentence, from the report text), ``mention``,
            offsets, ``fatalities``, ``injuries``, ``event_date``, ``location``) and
            ``corrections`` (audit rows, oldest first).

        Raises
        ------
        StoreError
            When there is no such event.
        """
        with self._lock:
            c = self._conn
            eid = self._resolve(c, event_id)
            if eid is None:
                raise StoreError(f"no event {event_id!r} in {self.path}")
            out = self._row(c, eid)
            assert out is not None
            cols = SOURCE_COLUMNS[1:]
            sql = (
                f"SELECT {', '.join('s.' + k for k in cols)}, r.title, r.text FROM event_sources s"
                " LEFT JOIN reports r ON r.report_id = s.report_id WHERE s.event_id=? ORDER BY s.fid"
            )
            sources = []
            for row in c.execute(sql, (eid,)):
                s = dict(zip((*cols, "title", "text"), row, strict=True))
                text = s.pop("text") or ""
                s["sentence"] = slice_text(text, s["sentence_start"], s["sentence_end"]) or s["notes"]
                s["mention"] = slice_text(text, s["mention_start"], s["mention_end"])
                sources.append(s)
            out["sources"] = sources
            out["corrections"] = self._audit_rows(c, eid)
        return out

    def _audit_rows(self, c: sqlite3.Connection, event_id: str | None) -> list[dict[str, Any]]:
        sql = "SELECT fid, event_id, field, before, after, who, at, note FROM corrections"
        params: tuple[Any, ...] = ()
        if event_id is not None:
            sql += " WHERE event_id=?"
            params = (event_id,)
        out = []
        for row in c.execute(sql + " ORDER BY fid", params):
            d = dict(zip(("id", "event_id", "field", "before", "after", "who", "at", "note"), row, strict=True))
            d["before"] = json.loads(d["before"]) if d["before"] is not None else None
            d["after"] = json.loads(d["after"]) if d["after"] is not None else None
            out.append(d)
        return out

    def audit(self, event_id: str | None = None) -> pandas.DataFrame:
        """The corrections audit trail (all events, or one), oldest first.

        Columns: ``id``, ``event_id``, ``field``, ``before``, ``after``, ``who``, ``at`` (UTC
        ISO), ``note``.
        """
        import pandas as pd

        with self._lock:
            eid = None
            if event_id is not None:
                eid = self._resolve(self._conn, event_id) or event_id
            rows = self._audit_rows(self._conn, eid)
        cols = ["id", "event_id", "field", "before", "after", "who", "at", "note"]
        return pd.DataFrame(rows, columns=cols)

    def mention_records(self, report_id: str | None = None) -> list[Mention]:
        """Stored mentions as :class:`~geodata.model.Mention` objects, in report order."""
        sql = f"SELECT {', '.join(q(k) for k in MENTION_COLUMNS)} FROM mentions"
        params: tuple[Any, ...] = ()
        if report_id is not None:
            sql += " WHERE report_id=?"
            params = (report_id,)
        with self._lock:
            rows = self._conn.execute(sql + ' ORDER BY report_id, start, fid', params).fetchall()
        out = []
        for row in rows:
            d = dict(zip(MENTION_COLUMNS, row, strict=True))
            alts = json.loads(d.pop("alternatives") or "[]")
            out.append(Mention(**d, alternatives=[Candidate(**a) for a in alts]))
        return out

    def mentions(self, report_id: str | None = None) -> pandas.DataFrame:
        """Stored mentions (all, or one report's) as a DataFrame with the Mention fields.

        ``alternatives`` holds lists of dicts.
        """
        import pandas as pd

        rows = [m.to_dict() for m in self.mention_records(report_id)]
        df = pd.DataFrame(rows, columns=list(MENTION_COLUMNS))
        for col in _MENTION_INT:
            df[col] = df[col].astype("Int64")
        return df

    def report(self, report_id: str) -> Report | None:
        """A stored report with its text, or ``None``."""
        from geodata.io.reports import parse_date

        with self._lock:
            row = self._conn.execute(
                "SELECT report_id, text, published, title, source, url FROM reports WHERE report_id=?",
                (report_id,),
            ).fetchone()
        if row is None:
            return None
        return Report(
            id=row[0], text=row[1] or "", published=parse_date(row[2]), title=row[3], source=row[4], url=row[5]
        )

    def reports(self) -> pandas.DataFrame:
        """The stored reports (without their text), in ingest order."""
        import pandas as pd

        from geodata.store._schema import REPORT_COLUMNS

        with self._lock:
            rows = self._conn.execute(
                f"SELECT {', '.join(REPORT_COLUMNS)} FROM reports ORDER BY fid"
            ).fetchall()
        df = pd.DataFrame.from_records(rows, columns=list(REPORT_COLUMNS))
        for col in ("n_mentions", "n_events"):
            df[col] = df[col].astype("Int64")
        return df

    def _cached(self, key: str, compute: Any) -> Any:
        """``compute()``, remembered until this or another connection changes the file."""
        with self._lock:
            stamp = (self._conn.execute("PRAGMA data_version").fetchone()[0], self._conn.total_changes)
            hit = self._cache.get(key)
            if hit is None or hit[0] != stamp:
                hit = (stamp, compute())
                self._cache[key] = hit
            return copy.deepcopy(hit[1])  # callers may change what they get

    def summary(self, include_rejected: bool = False) -> dict[str, Any]:
        """Counts for a dashboard header (cached until the store changes).

        Parameters
        ----------
        include_rejected
            Count rejected events too.

        Returns
        -------
        dict
            ``events``, ``reports``, ``mentions``, ``sources``, ``corrections``,
            ``corroborated`` (events with 2+ sources), ``fatalities`` (sum of the lowest
            figures), ``by_status``, ``date_min``, ``date_max``, ``countries`` and
            ``event_types`` (value -> count, largest first).
        """
        return self._cached(f"summary-{include_rejected}", lambda: self._summary(include_rejected))

    def _summary(self, include_rejected: bool) -> dict[str, Any]:
        c = self._conn

        def one(sql: str) -> Any:
            return c.execute(sql).fetchone()

        def grouped(col: str) -> dict[Any, int]:
            # all rows by the (covering) index, minus the few rejected ones
            counts = dict(c.execute(f"SELECT {col}, count(*) FROM events GROUP BY {col}"))
            if not include_rejected:
                for key, n in c.execute(f"SELECT {col}, count(*) FROM events WHERE status = 'rejected' GROUP BY {col}"):
                    counts[key] -= n
            return {k: n for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))) if n > 0}

        where = "" if include_rejected else " WHERE status != 'rejected'"
        n, fat, corr = one(
            "SELECT count(*), coalesce(sum(fatalities), 0), coalesce(sum(sources_count > 1), 0)"
            f" FROM events{where}"
        )
        dates = one(
            f"SELECT min(event_date), max(event_date) FROM events{where}"
        ) if not include_rejected else (
            one("SELECT event_date FROM events WHERE event_date IS NOT NULL ORDER BY event_date LIMIT 1") or (None,)
        ) + one("SELECT max(event_date) FROM events")  # fmt: skip
        return {
            "events": n,
            "reports": one("SELECT count(*) FROM reports")[0],
            "mentions": one("SELECT count(*) FROM mentions")[0],
            "sources": one("SELECT count(*) FROM event_sources")[0],
            "corrections": one("SELECT count(*) FROM corrections")[0],
            "corroborated": corr,
            "fatalities": fat,
            "date_min": dates[0],
            "date_max": dates[1],
            "by_status": dict(c.execute("SELECT status, count(*) FROM events GROUP BY status ORDER BY status")),
            "countries": grouped("country_code"),
            "event_types": grouped("event_type"),
        }

    def facets(self) -> dict[str, Any]:
        """Distinct values for filter widgets (over all events; cached until the store changes).

        Returns
        -------
        dict
            ``event_types`` (list), ``sub_event_types`` (type -> list), ``countries`` (list of
            codes), ``country_names`` (code -> name), ``admin1`` (list), ``admin1_by_country``
            (code -> list), ``actors`` (list), ``statuses`` (list), ``sources`` (source names,
            each once), ``date_min``, ``date_max``, ``severity_min``, ``severity_max``.
        """
        return self._cached("facets", self._facets)

    def _facets(self) -> dict[str, Any]:
        c = self._conn
        types: dict[str, list[str]] = {}
        for t, s in c.execute(
            "SELECT event_type, sub_event_type FROM events GROUP BY event_type, sub_event_type"
        ):
            if t is None:
                continue
            subs = types.setdefault(t, [])
            if s:
                subs.append(s)
        names: dict[str, str] = {}
        for (code,) in c.execute(
            "SELECT DISTINCT country_code FROM events WHERE country_code IS NOT NULL ORDER BY country_code"
        ):
            row = c.execute(
                "SELECT country FROM events WHERE country_code = ? AND country IS NOT NULL LIMIT 1", (code,)
            ).fetchone()
            names[code] = row[0] if row and row[0] else code
        by_country: dict[str, list[str]] = {}
        for code, a1 in c.execute(
            "SELECT DISTINCT country_code, admin1 FROM events WHERE admin1 IS NOT NULL AND admin1 != ''"
            " ORDER BY country_code, admin1"
        ):
            by_country.setdefault(code or "", []).append(a1)
        actors = sorted(
            {a for (a,) in c.execute("SELECT DISTINCT actor1 FROM events UNION SELECT DISTINCT actor2 FROM events") if a}
        )
        dmin = c.execute(
            "SELECT event_date FROM events WHERE event_date IS NOT NULL ORDER BY event_date LIMIT 1"
        ).fetchone()
        # one aggregate per query: each is then a single step down its index, not a scan
        dmax = c.execute("SELECT max(event_date) FROM events").fetchone()[0]
        smin = c.execute("SELECT min(severity) FROM events").fetchone()[0]
        smax = c.execute("SELECT max(severity) FROM events").fetchone()[0]
        statuses = [s for (s,) in c.execute("SELECT DISTINCT status FROM events ORDER BY status")]
        sources = sorted({part.strip() for (v,) in c.execute("SELECT DISTINCT source FROM events")
                          if v for part in str(v).split(";") if part.strip()}, key=str.casefold)
        return {
            "event_types": sorted(types),
            "sub_event_types": types,
            "countries": list(names),
            "country_names": names,
            "admin1": sorted({a for v in by_country.values() for a in v}),
            "admin1_by_country": by_country,
            "actors": actors,
            "statuses": statuses,
            "sources": sources,
            "date_min": dmin[0] if dmin else None,
            "date_max": dmax,
            "severity_min": smin,
            "severity_max": smax,
        }
