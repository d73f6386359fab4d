"""The event store in PostgreSQL + PostGIS: one database shared by a desk of analysts.

Same tables, columns and semantics as the GeoPackage :class:`~geodata.store.eventstore.EventStore`
(reports, mentions, events, event sources, audited corrections), the same public methods, and
the same merge and correction rules (the pure functions of :mod:`geodata.events.merge` and
:mod:`geodata.store._ops` are shared, not rewritten). What differs:

- several processes may ingest and correct at once: writes take merge-key advisory locks
  (why and how: :mod:`geodata.store._pglocks`), so concurrent ingests merge exactly as if
  they had run one after the other, and lose or duplicate nothing;
- the schema is versioned with Alembic (:mod:`geodata.store.migrations`), created or upgraded
  when a store is opened for writing (or by ``unrest-atlas store init URL``);
- every write bumps ``store_changes.counter`` (:meth:`PostgisStore.change_counter`), which
  the dashboard's frame cache follows;
- ``geom`` is a ``geometry(Point, 4326)`` with a GiST index (``bbox`` filters use it).

>>> from geodata.store.postgis import PostgisStore
>>> with PostgisStore("postgresql://ana@db.example/unrest") as store:  # doctest: +SKIP
...     store.add_report(report, mentions, events)

Every write is one transaction: an error, or the process being killed, leaves the database as
it was before that write. Filters are SQLAlchemy expressions with bound parameters.
"""

from __future__ import annotations

import copy
import json
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

from geodata.exceptions import CorrectionError, StoreError
from geodata.model import Candidate, Event, Mention, Report
from geodata.store._base import ReviewMixin, filter_of
from geodata.store._ops import event_record, slice_text, to_json, validate_correction
from geodata.store._schema import (
    EVENT_COLUMNS,
    EVENT_SQL_TYPES,
    MENTION_COLUMNS,
    REPORT_COLUMNS,
    SOURCE_COLUMNS,
)
from geodata.store.eventstore import CORRECTABLE_FIELDS, IngestResult
from geodata.store.filter import EventFilter, FilterArgs

if TYPE_CHECKING:  # pragma: no cover
    import geopandas
    import pandas
    from sqlalchemy.engine import Connection

    from geodata.store._pglocks import Locks

__all__ = ["PostgisStore", "init_store", "is_postgres_url", "mask_url"]

T = TypeVar("T")
_MAX_ATTEMPTS = 40
_MENTION_INT = ("start", "end", "geonameid", "population")


def is_postgres_url(value: object) -> bool:
    """Whether a store location is a PostgreSQL URL (``postgresql://`` or ``postgres://``)."""
    return isinstance(value, str) and value.split("://", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


def mask_url(url: str) -> str:
    """``url`` with its password replaced by ``***`` (for messages and ``repr``)."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL: show no part of it that may hold a secret
        return url.split("@")[-1]


def init_store(url: str) -> str:
    """Create (or upgrade) the store schema in the database at ``url``; returns the revision.

    Raises
    ------
    StoreError
        No connection, PostGIS not installed on the server, no right to create the
        extensions, or a database holding other tables named like the store's.
    """
    from geodata.store._pgsetup import engine_for, init_schema

    engine = engine_for(url, readonly=False)
    try:
        return init_schema(engine, mask_url(url))
    finally:
        engine.dispose()


class PostgisStore(ReviewMixin):
    """An event store in a PostgreSQL database with PostGIS.

    Parameters
    ----------
    url
        ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DB``. The schema is created (or upgraded)
        when missing, unless ``readonly``.
    readonly
        Open without write access (the server refuses writes too).

    Raises
    ------
    StoreError
        No connection, missing drivers or PostGIS, not a store, or (read-only) no store yet.
    """

    backend = "postgis"

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        import sqlalchemy as sa

        from geodata.store import migrations
        from geodata.store._pgsetup import engine_for, init_schema

        self.url = url
        self.path = mask_url(url)
        self.readonly = readonly
        self._lock = threading.RLock()
        self._cache: dict[str, tuple[int, dict[str, Any]]] = {}
        self._engine = engine_for(url, readonly)
        try:
            with self._engine.connect() as conn:
                rev = migrations.current(conn)
            if rev != migrations.HEAD:
                if readonly and rev is None:
                    raise StoreError(f"no event store at {self.path} (create it: unrest-atlas store init URL)")
                if readonly:
                    raise StoreError(f"{self.path}: store schema {rev} is not {migrations.HEAD}: run unrest-atlas store init URL")
                init_schema(self._engine, self.path)
        except sa.exc.OperationalError as exc:
            self._engine.dispose()
            raise StoreError(f"cannot connect to {self.path}: {str(exc.orig).strip().splitlines()[0]}") from None
        except BaseException:
            self._engine.dispose()
            raise

    # ------------------------------------------------------------------ life cycle
    @classmethod
    def open_readonly(cls, url: str) -> PostgisStore:
        """Open an existing store for reading only."""
        return cls(url, readonly=True)

    def close(self) -> None:
        """Close the connections. The store cannot be used afterwards."""
        self._engine.dispose()

    def __enter__(self) -> PostgisStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgisStore({self.path!r}, {'read-only' if self.readonly else 'read-write'})"

    def _write(self, work: Callable[[Connection, Locks], tuple[T, bool]], keys: Mapping[str, int] = ()) -> T:  # type: ignore[assignment]
        """Run ``work(conn, locks)`` in one transaction holding ``keys``; retry on a conflict.

        ``work`` returns ``(result, changed)``; a change bumps the change counter.
        """
        import sqlalchemy as sa

        from geodata.store._pglocks import Locks, Relock, merge_keys, retryable
        from geodata.store._pgschema import changes

        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        wanted = dict(keys)
        for attempt in range(_MAX_ATTEMPTS):
            try:
                with self._engine.begin() as conn:
                    locks = Locks(conn)
                    locks.acquire(wanted)
                    result, changed = work(conn, locks)
                    if changed:
                        conn.execute(
                            sa.update(changes).where(changes.c.id == 1)
                            .values(counter=changes.c.counter + 1, changed_at=sa.func.now())
                        )  # fmt: skip
                return result
            except Relock as exc:
                wanted = merge_keys(wanted, exc.keys)
            except sa.exc.DBAPIError as exc:
                if not retryable(exc) or attempt == _MAX_ATTEMPTS - 1:
                    detail = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
                    raise StoreError(f"writing {self.path} failed, nothing was changed: {detail}") from exc
                time.sleep(random.uniform(0, 0.005 * 2 ** min(attempt, 6)))
        raise StoreError(f"writing {self.path} failed after {_MAX_ATTEMPTS} attempts, nothing was changed")

    def change_counter(self) -> int:
        """A number that goes up with every committed write (by any process): a cache key."""
        import sqlalchemy as sa

        from geodata.store._pgschema import changes

        with self._engine.connect() as conn:
            return int(conn.execute(sa.select(changes.c.counter).where(changes.c.id == 1)).scalar_one())

    # ------------------------------------------------------------------ ingest
    def add_report(self, report: Report, mentions: Sequence[Mention] = (), events: Sequence[Event] = ()) -> IngestResult:
        """Store one report with its mentions and events, in one transaction.

        Same behaviour as :meth:`geodata.store.eventstore.EventStore.add_report`; safe to call
        from several processes at once.
        """
        return self._write(*_ingest_work(report, mentions, events))

    def add_reports(self, items: Iterable[tuple[Report, Sequence[Mention], Sequence[Event]]]) -> list[IngestResult]:
        """:meth:`add_report` for each ``(report, mentions, events)``, one transaction each."""
        return [self.add_report(r, m, e) for r, m, e in items]

    def add_reports_atomic(
        self,
        items: Sequence[tuple[Report, Sequence[Mention], Sequence[Event]]],
        first: Callable[[Connection], bool] | None = None,
    ) -> list[IngestResult] | None:
        """:meth:`add_report` for each item in order, all in one transaction (all or nothing).

        ``first(conn)`` runs first in that transaction (a caller's marker, e.g. "partition N
        done", written atomically with the reports): when it returns ``False`` nothing is
        written and ``None`` is returned. Used by ``unrest-atlas batch`` (one partition, one
        transaction).
        """
        from geodata.store._pglocks import merge_keys

        works = [_ingest_work(r, m, e) for r, m, e in items]
        keys: dict[str, int] = {}
        for _work, k in works:
            keys = merge_keys(keys, k)

        def work(conn: Connection, locks: Locks) -> tuple[list[IngestResult] | None, bool]:
            if first is not None and not first(conn):
                return None, False
            results = [one(conn, locks) for one, _k in works]
            return [r for r, _changed in results], True

        return self._write(work, keys)

    def bulk_insert(self, events: Iterable[Event | Mapping[str, Any]]) -> int:
        """Insert many events in one transaction, with no merging (benchmarks, imports).

        As :meth:`geodata.store.eventstore.EventStore.bulk_insert`: one source row per event,
        a placeholder report for unknown report ids; ids must be new, else nothing is inserted.
        """
        from geodata.store._pgbulk import bulk_rows, write_bulk
        from geodata.store._pglocks import all_event_keys

        recs = [event_record(ev) for ev in events]
        rows = bulk_rows(recs)

        def work(conn: Connection, locks: Locks) -> tuple[int, bool]:
            write_bulk(conn, rows)
            return len(recs), bool(recs)

        return self._write(work, all_event_keys(recs))

    # ------------------------------------------------------------------ corrections
    def resolve(self, event_id: str) -> str | None:
        """The stored event an id refers to: itself, or the event it was merged into."""
        from geodata.store._pgwrite import resolve

        with self._engine.connect() as conn:
            return resolve(conn, event_id)

    def correct(self, event_id: str, *, who: str, note: str = "", **changes: Any) -> dict[str, Any]:
        """Correct an event; every changed field is audited and kept across re-ingests.

        Same fields, checks and audit rows as :meth:`geodata.store.eventstore.EventStore.correct`.

        Raises
        ------
        CorrectionError
            Unknown event, unknown field, or an invalid value (nothing is changed).
        """
        if not isinstance(who, str) or not who.strip():
            raise CorrectionError("a correction needs who= (the analyst's name)")
        if not changes:
            raise CorrectionError("nothing to correct: give at least one field")
        unknown = sorted(set(changes) - set(CORRECTABLE_FIELDS))
        if unknown:
            raise CorrectionError(f"cannot correct {', '.join(unknown)}; correctable: {', '.join(sorted(CORRECTABLE_FIELDS))}")

        def work(conn: Connection, locks: Locks) -> tuple[str, bool]:
            import sqlalchemy as sa
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            from geodata.store import _pgwrite as w
            from geodata.store._gpkg import utc_now
            from geodata.store._pglocks import event_keys
            from geodata.store._pgschema import corrections, event_overrides

            eid = w.resolve(conn, event_id)
            current = w.event_row(conn, eid, for_update=True) if eid is not None else None
            if eid is None or current is None:
                raise CorrectionError(f"no event {event_id!r} in {self.path}")
            locks.ensure(event_keys(current))
            new: dict[str, Any] = {}
            for key, value in changes.items():
                col = CORRECTABLE_FIELDS[key]
                if col in new and new[col] != value:
                    raise CorrectionError(f"{col} given twice with different values")
                new[col] = value
            new = validate_correction(new, current)
            now = w.to_db("at", utc_now())
            for col, after in new.items():
                before = current.get(col)
                if before == after:
                    continue
                ov = pg_insert(event_overrides).values(event_id=eid, field=col, value=to_json(after), who=who, at=now)
                conn.execute(ov.on_conflict_do_update(
                    index_elements=[event_overrides.c.event_id, event_overrides.c.field],
                    set_={"value": ov.excluded.value, "who": ov.excluded.who, "at": ov.excluded.at},
                ))  # fmt: skip
                conn.execute(sa.insert(corrections).values(event_id=eid, field=col, before=to_json(before),
                                                           after=to_json(after), who=who, at=now, note=note))  # fmt: skip
            w.recompute(conn, locks, eid)
            return eid, True

        return self.event(self._write(work))

    # ------------------------------------------------------------------ queries
    def events(
        self,
        *,
        where: EventFilter | None = None,
        columns: Sequence[str] | None = None,
        limit: int | None = None,
        **filters: Unpack[FilterArgs],
    ) -> pandas.DataFrame:
        """Events matching every filter given, sorted by date: as
        :meth:`geodata.store.eventstore.EventStore.events` (same filters, given as keywords
        or as ``where=EventFilter(...)``; same columns and dtypes)."""
        import sqlalchemy as sa

        from geodata.store._pgframe import read_frame
        from geodata.store._pgquery import where as conditions
        from geodata.store._pgschema import events
        from geodata.store._pgwrite import as_text

        cols = tuple(columns) if columns is not None else EVENT_COLUMNS
        bad = [k for k in cols if k not in EVENT_SQL_TYPES]
        if bad:
            raise StoreError(f"unknown event columns: {', '.join(bad)}")
        flt = filter_of(where, filters)
        with self._engine.connect() as conn:
            stmt = sa.select(*(as_text(events, k) for k in cols)).where(*conditions(conn, flt))
            stmt = stmt.order_by(events.c.event_date.asc().nulls_last(), events.c.fid)
            if limit is not None:
                stmt = stmt.limit(max(0, int(limit)))
            return read_frame(conn, stmt, cols)

    def events_gdf(self, *args: Any, **kwargs: Any) -> geopandas.GeoDataFrame:
        """:meth:`events` as a GeoDataFrame of points (EPSG:4326); same filters."""
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

    def count(self, *, where: EventFilter | None = None, **filters: Unpack[FilterArgs]) -> int:
        """How many events match :meth:`events`' filters (without fetching them)."""
        import sqlalchemy as sa

        from geodata.store._pgquery import where as conditions
        from geodata.store._pgschema import events

        flt = filter_of(where, filters)
        with self._engine.connect() as conn:
            stmt = sa.select(sa.func.count()).select_from(events).where(*conditions(conn, flt))
            return int(conn.execute(stmt).scalar_one())

    def event(self, event_id: str) -> dict[str, Any]:
        """One event with its ``sources`` and ``corrections`` (as the GeoPackage store gives it).

        Raises
        ------
        StoreError
            When there is no such event.
        """
        import sqlalchemy as sa

        from geodata.store import _pgwrite as w
        from geodata.store._pgschema import event_sources, reports

        with self._engine.connect() as conn:
            eid = w.resolve(conn, event_id)
            out = w.event_row(conn, eid) if eid is not None else None
            if eid is None or out is None:
                raise StoreError(f"no event {event_id!r} in {self.path}")
            s = event_sources.c
            stmt = (
                sa.select(*(s[k] for k in SOURCE_COLUMNS[1:]), reports.c.title, reports.c.text)
                .outerjoin(reports, reports.c.report_id == s.report_id)
                .where(s.event_id == eid)
                .order_by(s.fid)
            )
            sources = []
            for src in w.rows(conn, stmt):
                text = src.pop("text") or ""
                src["sentence"] = slice_text(text, src["sentence_start"], src["sentence_end"]) or src["notes"]
                src["mention"] = slice_text(text, src["mention_start"], src["mention_end"])
                sources.append(src)
            out["sources"] = sources
            out["corrections"] = self._audit_rows(conn, eid)
        return out

    def _audit_rows(self, conn: Connection, event_id: str | None) -> list[dict[str, Any]]:
        import sqlalchemy as sa

        from geodata.store._pgschema import corrections
        from geodata.store._pgwrite import rows

        c = corrections.c
        stmt = sa.select(c.fid.label("id"), c.event_id, c.field, c.before, c.after, c.who, c.at, c.note)
        if event_id is not None:
            stmt = stmt.where(c.event_id == event_id)
        out = rows(conn, stmt.order_by(c.fid))
        for d in out:
            d["before"] = json.loads(d["before"]) if d["before"] is not None else None
            d["after"] = json.loads(d["after"]) if d["after"] is not None else None
        return out

    def audit(self, event_id: str | None = None) -> pandas.DataFrame:
        """The corrections audit trail (all events, or one), oldest first."""
        import pandas as pd

        from geodata.store._pgwrite import resolve

        with self._engine.connect() as conn:
            eid = (resolve(conn, event_id) or event_id) if event_id is not None else None
            data = self._audit_rows(conn, eid)
        return pd.DataFrame(data, columns=["id", "event_id", "field", "before", "after", "who", "at", "note"])

    def mention_records(self, report_id: str | None = None) -> list[Mention]:
        """Stored mentions as :class:`~geodata.model.Mention` objects, in report order."""
        import sqlalchemy as sa

        from geodata.store._pgschema import mentions
        from geodata.store._pgwrite import rows

        m = mentions.c
        stmt = sa.select(*(m[k] for k in MENTION_COLUMNS))
        if report_id is not None:
            stmt = stmt.where(m.report_id == report_id)
        with self._engine.connect() as conn:
            found = rows(conn, stmt.order_by(m.report_id.collate("C"), m.start, m.fid))
        out = []
        for d in found:
            alts = json.loads(d.pop("alternatives") or "[]")
            out.append(Mention(**d, alternatives=[Candidate(**a) for a in alts]))
        return out

    def mentions(self, report_id: str | None = None) -> pandas.DataFrame:
        """Stored mentions (all, or one report's) as a DataFrame with the Mention fields."""
        import pandas as pd

        df = pd.DataFrame([m.to_dict() for m in self.mention_records(report_id)], columns=list(MENTION_COLUMNS))
        for col in _MENTION_INT:
            df[col] = df[col].astype("Int64")
        return df

    def report(self, report_id: str) -> Report | None:
        """A stored report with its text, or ``None``."""
        import sqlalchemy as sa

        from geodata.store._pgschema import reports

        r = reports.c
        with self._engine.connect() as conn:
            row = conn.execute(
                sa.select(r.report_id, r.text, r.published, r.title, r.source, r.url).where(r.report_id == report_id)
            ).first()
        if row is None:
            return None
        return Report(id=row[0], text=row[1] or "", published=row[2], title=row[3], source=row[4], url=row[5])

    def reports(self) -> pandas.DataFrame:
        """The stored reports (without their text), in ingest order."""
        import pandas as pd
        import sqlalchemy as sa

        from geodata.store._pgschema import reports
        from geodata.store._pgwrite import rows

        with self._engine.connect() as conn:
            data = rows(conn, sa.select(*(reports.c[k] for k in REPORT_COLUMNS)).order_by(reports.c.fid))
        df = pd.DataFrame(data, columns=list(REPORT_COLUMNS))
        for col in ("n_mentions", "n_events"):
            df[col] = df[col].astype("Int64")
        return df

    def _cached(self, key: str, compute: Callable[[Connection], dict[str, Any]]) -> dict[str, Any]:
        """``compute(conn)``, remembered until the change counter moves."""
        with self._lock:
            stamp = self.change_counter()
            hit = self._cache.get(key)
            if hit is None or hit[0] != stamp:
                with self._engine.connect() as conn:
                    hit = (stamp, compute(conn))
                self._cache[key] = hit
            return copy.deepcopy(hit[1])

    def summary(self, include_rejected: bool = False) -> dict[str, Any]:
        """Counts for a dashboard header (as the GeoPackage store's; cached until a write)."""
        from geodata.store._pgquery import summary

        return self._cached(f"summary-{include_rejected}", lambda conn: summary(conn, include_rejected))

    def facets(self) -> dict[str, Any]:
        """Distinct values for filter widgets (as the GeoPackage store's; cached until a write)."""
        from geodata.store._pgquery import facets

        return self._cached("facets", facets)



def _ingest_work(
    report: Report, mentions: Sequence[Mention], events: Sequence[Event]
) -> tuple[Callable[[Connection, Locks], tuple[IngestResult, bool]], dict[str, int]]:
    """The write of one report (for :meth:`PostgisStore._write`) and the merge keys it takes."""
    from geodata.store import _pgwrite as w
    from geodata.store._pglocks import all_event_keys, merge_keys, report_key

    for m in mentions:
        if m.report_id != report.id:
            raise StoreError(f"mention {m.mention!r} belongs to report {m.report_id!r}, not {report.id!r}")
    for e in events:
        if e.report_id != report.id:
            raise StoreError(f"event {e.event_id!r} belongs to report {e.report_id!r}, not {report.id!r}")
    keys = merge_keys(report_key(report.id), all_event_keys(event_record(e) for e in events))

    def work(conn: Connection, locks: Locks) -> tuple[IngestResult, bool]:
        import sqlalchemy as sa

        from geodata.store._pgschema import event_sources, reports

        result = IngestResult(report_id=report.id)
        sha1 = conn.execute(sa.select(reports.c.sha1).where(reports.c.report_id == report.id)).scalar()
        if sha1 is not None and sha1 == report.sha1:
            result.unchanged = len(events)
            src = event_sources.c
            where = dict(conn.execute(sa.select(src.src_event_id, src.event_id).where(src.report_id == report.id)).all())
            result.event_ids = [where.get(e.event_id, e.event_id) for e in events]
            return result, False
        gone: list[str] = []
        if sha1 is not None:
            result.replaced = True
            gone = w.remove_report(conn, locks, report.id)
        w.write_report(conn, report, len(mentions), len(events))
        w.write_mentions(conn, mentions)
        for ev in events:
            target, merged = w.place_event(conn, locks, report, ev)
            result.event_ids.append(target)
            if merged:
                result.merged += 1
            else:
                result.added += 1
        result.removed = sum(1 for eid in gone if w.event_row(conn, eid) is None)
        return result, True

    return work, keys
