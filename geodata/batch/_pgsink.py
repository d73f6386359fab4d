"""A batch into a PostGIS store: the workers write, each partition in one transaction.

Each partition is two Dask tasks: ``geocode`` (its reports, mentions and events stay in the
worker's memory) and ``store`` (the worker adds them to the store with
:meth:`~geodata.store.postgis.PostgisStore.add_reports_atomic`: the whole partition and a row
``(batch, number)`` of ``batch_partitions`` in one transaction). Hence:

- **atomic**: a worker killed mid-write leaves nothing of its partition (PostgreSQL rolls
  the transaction back); Dask runs the task again, recomputing the lost ``geocode`` result;
- **idempotent**: a partition whose row exists is not written again (a re-run skips it without
  geocoding it; a task run twice finds the row, or waits on the other's uncommitted row);
- **the same store as geocode**: by default each partition's write waits for the previous
  one (a Dask dependency, no worker blocked), so reports are added in input order and
  cross-report merging chooses what ``geocode --store`` chooses. The writes are done by
  whichever workers hold the partitions, while the others geocode. With ``ordered=False``
  the writes run concurrently (the store's merge-key locks keep them correct: the result is
  that of *some* order, and a merged event may keep another report's event id).

A batch is named by its inputs, partition size and options (:func:`batch_key`); the same
command resumes it.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geodata.batch._worker import Options, PartitionSummary, geocode_reports
from geodata.model import Event, Mention, Report

__all__ = ["MARKERS", "PostgisSink", "batch_key", "geocode_partition", "store_partition"]

#: The table that records each finished partition of each batch.
MARKERS = "batch_partitions"
_CREATE = (f"CREATE TABLE IF NOT EXISTS {MARKERS} (batch text NOT NULL, number integer NOT NULL, "
           "reports integer NOT NULL, done_at timestamptz NOT NULL DEFAULT now(), "
           "PRIMARY KEY (batch, number))")

_stores: dict[str, Any] = {}
_lock = threading.Lock()


def batch_key(inputs: Iterable[str | Path], partition_size: int, options: Options) -> str:
    """The name of a batch: a digest of its absolute input paths, partition size and options."""
    paths = ["-" if str(i) == "-" else str(Path(i).resolve()) for i in inputs]
    blob = json.dumps([paths, partition_size, options.include_demonyms, options.include_embedded])
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:24]


@dataclass
class Geocoded:
    """A geocoded partition, kept in a worker's memory until it is stored."""

    summary: PartitionSummary
    reports: list[Report]
    mentions: list[Mention]
    events: list[Event]


def geocode_partition(number: int, reports: list[Report], options: Options) -> Geocoded:
    """Dask task: geocode one partition (nothing written)."""
    summary = PartitionSummary(number)
    kept, mentions, events = geocode_reports(reports, options, summary)
    return Geocoded(summary, kept, mentions, events)


def _worker_store(url: str) -> Any:
    """This process's store at ``url``, opened on first use and kept (a connection pool)."""
    with _lock:
        store = _stores.get(url)
        if store is None:
            from geodata.store.postgis import PostgisStore

            store = _stores[url] = PostgisStore(url)
        return store


def store_partition(part: Geocoded, url: str, key: str, after: object = None) -> PartitionSummary:
    """Dask task: add a geocoded partition to the store in one transaction, unless done.

    ``after`` is the previous partition's write (a Dask dependency that orders the writes;
    its value is not used).
    """
    import sqlalchemy as sa

    by_report: dict[str, tuple[Report, list[Mention], list[Event]]] = {
        r.id: (r, [], []) for r in part.reports}
    for m in part.mentions:
        by_report[m.report_id][1].append(m)
    for e in part.events:
        by_report[e.report_id][2].append(e)
    summary = part.summary
    insert = sa.text(f"INSERT INTO {MARKERS} (batch, number, reports) VALUES (:b, :n, :r) "
                     "ON CONFLICT DO NOTHING")

    def first(conn: Any) -> bool:
        done = conn.execute(insert, {"b": key, "n": summary.number, "r": len(by_report)})
        return bool(done.rowcount)

    results = _worker_store(url).add_reports_atomic(list(by_report.values()), first=first)
    if results is None:  # written by an earlier attempt (counted there), as a file sink says
        return PartitionSummary(summary.number, skipped=True)
    return PartitionSummary(summary.number, summary.reports, summary.events, summary.mentions,
                            summary.words, stored=len(results), problems=list(summary.problems))


class PostgisSink:
    """The client's side: which partitions are done, and the two tasks of each new one."""

    def __init__(self, url: str, key: str, options: Options, ordered: bool = True) -> None:
        self.url, self.key, self.options, self.ordered = url, key, options, ordered
        self._previous: Any = None
        self._done: set[int] = set()

    def prepare(self) -> None:
        """Create the store (when missing) and the markers table; read the finished partitions.

        Raises
        ------
        StoreError
            When the store cannot be opened or created.
        """
        import sqlalchemy as sa

        from geodata.store.postgis import PostgisStore

        # opening the store creates or upgrades its schema, once, before any worker opens it
        with PostgisStore(self.url) as store, store._engine.begin() as conn:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": MARKERS})
            conn.execute(sa.text(_CREATE))
            rows = conn.execute(sa.text(f"SELECT number FROM {MARKERS} WHERE batch = :b"),
                                {"b": self.key})
            self._done = {int(r[0]) for r in rows}

    def done(self, number: int) -> bool:
        return number in self._done

    def submit(self, client: Any, number: int, chunk: list[Report]) -> Any:
        """The future of partition ``number``'s write (a :class:`PartitionSummary`)."""
        geocoded = client.submit(geocode_partition, number, chunk, self.options, pure=False)
        after = self._previous if self.ordered else None
        write = client.submit(store_partition, geocoded, self.url, self.key, after, pure=False)
        self._previous = write
        return write
