"""The event store: one GeoPackage file with reports, mentions, events, sources and corrections.

It needs no server. The ``events`` and ``mentions`` tables are GeoPackage point layers (WGS84)
that QGIS, GDAL, pyogrio and geopandas open directly; ``reports``, ``event_sources`` and
``corrections`` are GeoPackage attribute tables.

>>> import tempfile
>>> from pathlib import Path
>>> from geodata.store import EventFilter, EventStore
>>> from geodata.store.synthetic import synthetic_events
>>> path = Path(tempfile.mkdtemp()) / "unrest.gpkg"
>>> with EventStore(path) as store:
...     n = store.bulk_insert(synthetic_events(60, seed=1, countries=["KZ", "NG"]))
...     df = store.events(date_from="2022-06-01", countries=["KZ"], min_severity=2)
...     flt = EventFilter.from_kwargs(date_from="2022-06-01", countries="KZ", min_severity=2)
...     same = store.events(where=flt)
>>> n, df["event_id"].tolist() == same["event_id"].tolist(), len(df) == int(flt.mask(df).sum())
(60, True, True)
>>> set(df["country_code"]), bool((df["severity"] >= 2).all() and (df["event_date"] >= "2022-06-01").all())
({'KZ'}, True)

With reports from the pipeline: ``store.add_report(report, mentions, events)``.

Filters are an :class:`~geodata.store.filter.EventFilter` (given as keywords or as
``where=``), turned into SQL with bound parameters.

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

The work is done in private modules: ``_ingest`` (writes and merging), ``_corrections``
(audited overrides), ``_query`` (reads, summary, facets), ``_ops`` and ``_schema``.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

from geodata.exceptions import CorrectionError, StoreError
from geodata.model import Event, Mention, Report
from geodata.store import _corrections, _gpkg, _ingest, _locking, _query
from geodata.store._base import ReviewMixin, filter_of
from geodata.store._corrections import CORRECTABLE_FIELDS
from geodata.store._ops import STATUSES
from geodata.store._schema import EVENT_COLUMNS, EVENT_SQL_TYPES, check_tables, create_tables
from geodata.store.filter import REVIEW_STATUSES, EventFilter, FilterArgs

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping

    import geopandas
    import pandas

__all__ = [
    "CORRECTABLE_FIELDS",
    "REVIEW_STATUSES",
    "STATUSES",
    "STORE_EVENT_COLUMNS",
    "EventFilter",
    "EventStore",
    "IngestResult",
]

#: Columns of :meth:`EventStore.events`: the Event fields, then the store's own.
STORE_EVENT_COLUMNS: tuple[str, ...] = EVENT_COLUMNS

log = logging.getLogger(__name__)

_T = TypeVar("_T")


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


class EventStore(ReviewMixin):
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
        try:
            self._conn = _gpkg.connect(self.path, readonly=readonly)
            # fresh: no tables yet (a new file, or one another process is creating right now)
            fresh = self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
            if readonly and self._conn.execute("PRAGMA database_list").fetchone()[2] != str(
                self.path.resolve()
            ):
                self._use_arrow = False  # a private recovered copy: GDAL cannot read the original
            if self._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                # GDAL links its own SQLite: in this process it cannot see this connection's
                # locks, reads stale pages and, closing, may delete the -wal file under it
                # (commits then lost). Reads of a WAL store go through sqlite3 only.
                self._use_arrow = False
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
            if c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                create_tables(c)  # else another process created the store meanwhile

    def _check(self) -> None:
        check_tables(self._conn, self.path)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any exception."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        with self._lock:
            c = self._conn
            try:
                _locking.begin_immediate(c)
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
            # copy the commit into the main file now (never waits): a plain file copy, a
            # modification-time check or a reader of the main file alone sees it
            with contextlib.suppress(sqlite3.Error):
                c.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

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
            _ingest.ingest_report(c, report, mentions, events, result)
        return result

    def add_reports(
        self, items: Iterable[tuple[Report, Sequence[Mention], Sequence[Event]]]
    ) -> list[IngestResult]:
        """:meth:`add_report` for each ``(report, mentions, events)``, one transaction each.

        A failing report raises; the reports before it stay stored.
        """
        return [self.add_report(r, m, e) for r, m, e in items]

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
        rows = _ingest.BulkRows(events, _gpkg.utc_now())
        with self._transaction() as c:
            return _ingest.bulk_write(c, rows)

    # ------------------------------------------------------------------ corrections
    def resolve(self, event_id: str) -> str | None:
        """The stored event an id refers to: itself, or the event it was merged into."""
        with self._lock:
            return _corrections.resolve(self._conn, event_id)

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
            ``actor1``, ``actor2``, ``status`` (one of :data:`REVIEW_STATUSES`).

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
        _corrections.check(who, changes)
        with self._transaction() as c:
            eid = _corrections.resolve(c, event_id)
            if eid is None:
                raise CorrectionError(f"no event {event_id!r} in {self.path}")
            current = _query.row(c, eid)
            assert current is not None
            _corrections.apply(c, eid, current, changes, who, note)
            _ingest.recompute(c, eid)
            _gpkg.update_extent(c, ["events"])
            _gpkg.touch(c, ["corrections"])
        return self.event(eid)

    # ------------------------------------------------------------------ queries
    _filter = staticmethod(filter_of)

    def _where_sql(self, flt: EventFilter) -> tuple[str, list[Any]]:
        with self._lock:
            return _query.where(self._conn, flt)

    def events(
        self,
        *,
        where: EventFilter | None = None,
        columns: Sequence[str] | None = None,
        limit: int | None = None,
        **filters: Unpack[FilterArgs],
    ) -> pandas.DataFrame:
        """Events matching every filter given, as a DataFrame sorted by date.

        The filters are those of :class:`~geodata.store.filter.EventFilter`, given as keywords
        or as one ``where=EventFilter(...)``.

        Parameters
        ----------
        date_from, date_to, event_types, sub_event_types, min_severity, countries, admin1, \
        actors, text, bbox, include_rejected, statuses, report_id, event_ids, sources, max_severity
            The filters, as the attributes of :class:`~geodata.store.filter.EventFilter` say:
            inclusive ``YYYY-MM-DD`` dates; ACLED types; ``severity`` bounds; ISO codes or
            country names; admin-1 names (case-insensitive); ``actor1``/``actor2``; a
            case-insensitive substring; ``(min_lon, min_lat, max_lon, max_lat)`` (may cross the
            antimeridian); rejected events too; review states (override ``include_rejected``);
            a report among the sources; event ids; whole source names.
        where
            All the filters as one :class:`~geodata.store.filter.EventFilter` (then give no
            other filter).
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

        Raises
        ------
        StoreError
            An unknown column, or a filter value that cannot be read (a date, a bbox).

        Examples
        --------
        >>> store.events(date_from="2022-01-04", event_types=["Riots"], countries="KZ")  # doctest: +SKIP
        """
        cols = tuple(columns) if columns is not None else EVENT_COLUMNS
        bad = [k for k in cols if k not in EVENT_SQL_TYPES]
        if bad:
            raise StoreError(f"unknown event columns: {', '.join(bad)}")
        flt = self._filter(where, filters)
        where_sql, params = self._where_sql(flt)
        # (read-only: GDAL would also fold a pending -wal file into the store on closing)
        if self._use_arrow and not _locking.wal_pending(self.path):
            try:
                return _query.events_arrow(self.path, where_sql, params, cols, limit)
            except Exception as exc:  # GDAL busy or unavailable: the plain SQLite path gives the same
                if self._strict_arrow:
                    raise
                log.debug("arrow read of %s failed (%s); reading with sqlite3", self.path, exc)
        with self._lock:
            return _query.events_sqlite(self._conn, where_sql, params, cols, limit)

    #: Read query results through GDAL's Arrow stream (C speed) rather than row by row.
    _use_arrow = True
    #: Raise instead of falling back to sqlite3 when the Arrow read fails (tests).
    _strict_arrow = False

    def events_gdf(self, *args: Any, **kwargs: Any) -> geopandas.GeoDataFrame:
        """:meth:`events` as a GeoDataFrame of points (EPSG:4326); same filters.

        Events without coordinates get an empty (``None``) geometry.
        """
        cols = kwargs.pop("columns", None)
        if cols is not None:
            cols = list(dict.fromkeys([*cols, "latitude", "longitude"]))
        return _query.points(self.events(*args, columns=cols, **kwargs))

    def count(self, *, where: EventFilter | None = None, **filters: Unpack[FilterArgs]) -> int:
        """How many events match :meth:`events`' filters (without fetching them)."""
        where_sql, params = self._where_sql(self._filter(where, filters))
        with self._lock:
            return int(self._conn.execute(f"SELECT count(*) FROM events{where_sql}", params).fetchone()[0])

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
            eid = _corrections.resolve(c, event_id)
            if eid is None:
                raise StoreError(f"no event {event_id!r} in {self.path}")
            out = _query.row(c, eid)
            assert out is not None
            out["sources"] = _query.event_sources(c, eid)
            out["corrections"] = _corrections.audit_rows(c, eid)
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
                eid = _corrections.resolve(self._conn, event_id) or event_id
            rows = _corrections.audit_rows(self._conn, eid)
        return pd.DataFrame(rows, columns=list(_corrections.AUDIT_COLUMNS))

    def mention_records(self, report_id: str | None = None) -> list[Mention]:
        """Stored mentions as :class:`~geodata.model.Mention` objects, in report order."""
        with self._lock:
            return _query.mention_records(self._conn, report_id)

    def mentions(self, report_id: str | None = None) -> pandas.DataFrame:
        """Stored mentions (all, or one report's) as a DataFrame with the Mention fields.

        ``alternatives`` holds lists of dicts.
        """
        return _query.mentions_frame(self.mention_records(report_id))

    def report(self, report_id: str) -> Report | None:
        """A stored report with its text, or ``None``."""
        with self._lock:
            return _query.report(self._conn, report_id)

    def reports(self) -> pandas.DataFrame:
        """The stored reports (without their text), in ingest order."""
        with self._lock:
            return _query.reports_frame(self._conn)

    def _cached(self, key: str, compute: Callable[[], _T]) -> _T:
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
        return self._cached(f"summary-{include_rejected}", lambda: _query.summary(self._conn, include_rejected))

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
        return self._cached("facets", lambda: _query.facets(self._conn))
