"""Private plumbing of :mod:`geodata.store.postgis`: the no-merge bulk insert (benchmarks, imports)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection

from geodata.events.merge import date_window
from geodata.exceptions import StoreError
from geodata.model import EVENT_FIELDS, Report
from geodata.store._gpkg import utc_now
from geodata.store._ops import source_row
from geodata.store._pgschema import event_search, event_sources, events, reports
from geodata.store._pgwrite import ewkt, to_db
from geodata.store._schema import SOURCE_COLUMNS, search_text

__all__ = ["bulk_rows", "write_bulk"]

_BATCH = 5000


def bulk_rows(recs: Sequence[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The rows of ``events``, ``event_sources``, ``event_search`` and placeholder ``reports``
    for events stored one each, unmerged (as the GeoPackage store's ``bulk_insert``)."""
    now = utc_now()
    out: dict[str, list[dict[str, Any]]] = {"events": [], "sources": [], "search": [], "reports": []}
    seen: dict[str, Any] = {}
    for rec in recs:
        fat = rec.get("fatalities")
        window = date_window(rec.get("event_date"), rec.get("time_precision"))
        row: dict[str, Any] = {"geom": ewkt(rec.get("longitude"), rec.get("latitude"))}
        row.update({k: to_db(k, rec[k]) for k in EVENT_FIELDS})
        row.update(fatalities_low=fat, fatalities_high=fat, reports_count=1, updated_at=to_db("updated_at", now),
                   date_start=window[0] if window else None, date_end=window[1] if window else None)  # fmt: skip
        out["events"].append(row)
        out["search"].append({"event_id": rec["event_id"], "text": search_text(dict(rec))})
        src = source_row(rec["event_id"], rec, rec.get("source"), rec.get("source_url"), None, now)
        out["sources"].append({k: to_db(k, v) for k, v in zip(SOURCE_COLUMNS, src, strict=True)})
        seen.setdefault(rec["report_id"], rec.get("source"))
    empty_sha1 = Report(id="", text="").sha1
    at = to_db("ingested_at", now)
    out["reports"] = [
        {"report_id": rid, "source": src, "sha1": empty_sha1, "text": "", "ingested_at": at, "n_mentions": 0, "n_events": 0}
        for rid, src in seen.items()
    ]
    return out


def _insert(conn: Connection, table: sa.Table, batch: list[dict[str, Any]]) -> None:
    for i in range(0, len(batch), _BATCH):
        conn.execute(sa.insert(table), batch[i : i + _BATCH])


def write_bulk(conn: Connection, rows: Mapping[str, list[dict[str, Any]]]) -> None:
    """Insert :func:`bulk_rows`; an id already stored raises :class:`StoreError` (caller rolls back)."""
    if not rows["events"]:
        return
    try:
        with conn.begin_nested():
            _insert(conn, events, rows["events"])
    except sa.exc.IntegrityError as exc:
        detail = str(exc.orig).strip().splitlines()[0]
        raise StoreError(f"bulk insert refused, nothing was inserted: {detail}") from None
    _insert(conn, event_sources, rows["sources"])
    _insert(conn, event_search, rows["search"])
    conn.execute(pg_insert(reports).on_conflict_do_nothing(index_elements=[reports.c.report_id]), rows["reports"])
    empty_sha1 = rows["reports"][0]["sha1"]
    n = sa.select(sa.func.count()).where(event_sources.c.report_id == reports.c.report_id).scalar_subquery()
    conn.execute(sa.update(reports).where(reports.c.sha1 == empty_sha1).values(n_events=n))
    if len(rows["events"]) > _BATCH:
        conn.execute(sa.text("ANALYZE events"))
