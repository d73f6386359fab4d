"""How concurrent writers of a PostGIS store stay out of each other's way: merge-key locks.

Why advisory locks (and not ``SERIALIZABLE`` with retry)
    Every write runs at ``READ COMMITTED`` and first takes *transaction-level advisory locks*
    (``pg_advisory_xact_lock``, released by COMMIT or ROLLBACK, also when the client dies).
    Serialisable isolation would be correct too, but PostgreSQL's predicate locks work on
    index pages: two ingests of unrelated reports whose ids, dates or places sit on the same
    B-tree page (a batch ``r0001``, ``r0002``... always does) conflict and one of them redoes
    its whole report, so four writers would mostly retry each other's work. The locks below
    follow the merge rule instead, so writers that cannot affect each other never wait.

The merge key
    :func:`~geodata.events.merge.match_score` only matches events of the same ``event_type``
    whose countries agree (an unknown country agrees with any) and whose date windows overlap;
    only events with a date and a type are ever matched or matchable. So an event's keys are
    its type, its country and each calendar month its date window touches (one, or two for a
    window across a month's end): two overlapping windows always share a month.

    - an event of type ``T`` in country ``C`` takes ``T|C|month`` *exclusive* and ``T|*|month``
      *shared*;
    - an event of type ``T`` without a country takes ``T|*|month`` *exclusive* (it may match
      events of any country, so it excludes every writer of type ``T`` in that month);
    - an event without a type or a date takes nothing (it can neither match nor be matched).

    Two reports of one event therefore always want one same exclusive lock: the second waits
    for the first to commit, then finds its event and merges (one event, two sources), exactly
    as one ingest after the other. Reports of other types, countries or months proceed in
    parallel.

Rules every write follows
    1. Take, blocking and in one global order (sorted lock ids; no deadlock between writers),
       the report's own lock (``report|ID``: one ingest per report at a time) and the keys of
       all incoming events.
    2. Before changing a stored event (merging into it, recomputing it after a re-ingest,
       correcting it), hold the keys of its state before *and* after the change
       (:meth:`Locks.ensure`). Those not yet held are tried without waiting; when one is busy,
       the transaction rolls back and starts again with it among the blocking locks of step 1
       (:class:`Relock`), so waiting only ever happens in step 1.
    3. Deadlocks the server still detects (row locks), serialisation failures and a unique
       key taken by a concurrent transaction (two reports choosing the same new event id) roll
       back and retry the whole write (:func:`retryable`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geodata.events.merge import date_window

__all__ = ["EXCLUSIVE", "SHARED", "Locks", "Relock", "event_keys", "report_key", "retryable"]

SHARED = 1
EXCLUSIVE = 2

#: SQLSTATEs after which a write is retried from the start: serialization_failure,
#: deadlock_detected, unique_violation (a concurrent transaction took the same new id).
RETRY_STATES = frozenset({"40001", "40P01", "23505"})

_LOCK = {
    SHARED: sa.text("SELECT pg_advisory_xact_lock_shared(:k)"),
    EXCLUSIVE: sa.text("SELECT pg_advisory_xact_lock(:k)"),
}
#: Many locks in one round trip, taken one after the other in the arrays' order.
_LOCK_MANY = sa.text(
    "SELECT count(CASE WHEN t.m = 2 THEN pg_advisory_xact_lock(t.k)::text"
    " ELSE pg_advisory_xact_lock_shared(t.k)::text END)"
    " FROM unnest(CAST(:ks AS bigint[]), CAST(:ms AS integer[])) AS t(k, m)"
)
_TRY = {
    SHARED: sa.text("SELECT pg_try_advisory_xact_lock_shared(:k)"),
    EXCLUSIVE: sa.text("SELECT pg_try_advisory_xact_lock(:k)"),
}


def lock_id(name: str) -> int:
    """The signed 64-bit advisory lock id of a key name (the same in every process)."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8, person=b"ua-store").digest()
    return int.from_bytes(digest, "big", signed=True)


def report_key(report_id: str) -> dict[str, int]:
    """The lock of one report (one ingest of a report id at a time)."""
    return {f"report|{report_id}": EXCLUSIVE}


def event_keys(rec: Mapping[str, Any]) -> dict[str, int]:
    """The merge-key locks a writer holds to create, find or change an event like ``rec``.

    >>> event_keys({"event_type": "Riots", "event_date": "2022-01-05", "country_code": "kz"})
    {'merge|Riots|KZ|2022-01': 2, 'merge|Riots|*|2022-01': 1}
    >>> sorted(event_keys({"event_type": "Riots", "event_date": "2022-01-30", "time_precision": 2}))
    ['merge|Riots|*|2022-01', 'merge|Riots|*|2022-02']
    >>> event_keys({"event_type": "Riots", "event_date": None, "country_code": "KZ"})
    {}
    """
    etype = rec.get("event_type")
    window = date_window(rec.get("event_date"), rec.get("time_precision"))
    if not etype or window is None:
        return {}
    months = sorted({f"{d:%Y-%m}" for d in (window[0], window[1])})  # a window is at most a month long
    cc = rec.get("country_code")
    out: dict[str, int] = {}
    for month in months:
        if cc:  # as match_score compares countries: an empty value agrees with any
            out[f"merge|{etype}|{str(cc).casefold().upper()}|{month}"] = EXCLUSIVE
            out[f"merge|{etype}|*|{month}"] = SHARED
        else:
            out[f"merge|{etype}|*|{month}"] = EXCLUSIVE
    return out


def merge_keys(*groups: Mapping[str, int]) -> dict[str, int]:
    """The union of key groups; a key wanted shared and exclusive is taken exclusive."""
    out: dict[str, int] = {}
    for group in groups:
        for name, mode in group.items():
            out[name] = max(mode, out.get(name, 0))
    return out


class Relock(Exception):
    """A lock needed mid-transaction was busy: roll back, retry with ``keys`` taken first."""

    def __init__(self, keys: Mapping[str, int]) -> None:
        super().__init__(f"{len(keys)} locks to take first")
        self.keys = dict(keys)


class Locks:
    """The advisory locks one write transaction holds (see the module docstring)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.held: dict[int, int] = {}
        self.names: dict[str, int] = {}

    def _merged_ids(self, keys: Mapping[str, int]) -> dict[int, int]:
        ids: dict[int, int] = {}
        for name, mode in keys.items():
            lid = lock_id(name)
            ids[lid] = max(mode, ids.get(lid, 0))
        return ids

    def acquire(self, keys: Mapping[str, int]) -> None:
        """Take ``keys`` (name -> mode), waiting, in lock-id order. Call once, first."""
        todo = [(lid, mode) for lid, mode in sorted(self._merged_ids(keys).items()) if self.held.get(lid, 0) < mode]
        if len(todo) == 1:
            self.conn.execute(_LOCK[todo[0][1]], {"k": todo[0][0]})
        elif todo:
            self.conn.execute(_LOCK_MANY, {"ks": [k for k, _ in todo], "ms": [m for _, m in todo]})
        self.held.update(todo)
        self.names = merge_keys(self.names, keys)

    def ensure(self, *groups: Mapping[str, int]) -> None:
        """Hold ``groups`` too: take the missing ones without waiting, or raise :class:`Relock`."""
        keys = merge_keys(*groups)
        for lid, mode in sorted(self._merged_ids(keys).items()):
            if self.held.get(lid, 0) >= mode:
                continue
            if not self.conn.execute(_TRY[mode], {"k": lid}).scalar():
                raise Relock(merge_keys(self.names, keys))
            self.held[lid] = mode
        self.names = merge_keys(self.names, keys)


def retryable(exc: BaseException) -> bool:
    """Whether a database error means "a concurrent transaction got there first: try again"."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) in RETRY_STATES


def all_event_keys(records: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """:func:`event_keys` of many records, merged."""
    return merge_keys(*(event_keys(r) for r in records))
