"""Sharing one GeoPackage store between processes: WAL mode, write retries, read-only opens.

Several ``unrest-atlas geocode --store`` runs, an ``import`` and the dashboard may use one store
at once. Three rules make that safe:

WAL mode
    A read-write open switches the file to write-ahead logging (``PRAGMA journal_mode=WAL``,
    kept in the file). Readers then read the last committed state while a writer writes: a
    dashboard page never waits on an ingest, and an ingest never waits on a page.
Fair write retries
    SQLite's own busy handler sleeps ever longer (up to 100 ms at a time) while it waits for
    the write lock, so a writer that commits and begins again at once can starve the others
    for longer than any timeout ("database is locked" after 254 of 2,000 reports). Here a
    write transaction starts with ``BEGIN IMMEDIATE`` under a short busy timeout, and on
    ``SQLITE_BUSY`` the writer sleeps a random time (full jitter, the bound doubling from
    1 ms up to :data:`MAX_BACKOFF_S`) and tries again, for up to :data:`LOCK_WAIT_S` seconds.
    Every waiter polls often and at random moments, so each one gets its turn in the gaps
    between the other writers' transactions (one report each): every writer finishes.
Read-only opens
    ``mode=ro`` never writes the user's files. A WAL store left by a killed writer opens
    read-only as it is (SQLite reads the committed frames of the ``-wal`` file and rebuilds
    the index it needs in memory). A store still in rollback-journal mode (written by an
    older version) with the *hot journal* of a killed writer cannot: its recovery is a write
    ("attempt to write a readonly database"). Then the file and its journal are copied to a
    private temporary folder, recovered there (exactly what the next writer would do: the
    unfinished transaction is rolled back) and read from that copy; the folder is removed at
    once (the open connection keeps the unlinked file). The reader then sees the store as of
    its opening, which is what a read-only session shows anyway until it is reopened.
"""

from __future__ import annotations

import contextlib
import logging
import random
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

__all__ = [
    "LOCK_WAIT_S",
    "MAX_BACKOFF_S",
    "begin_immediate",
    "connect_readonly",
    "is_busy",
    "retry_busy",
    "setup_writer",
    "wal_pending",
]

log = logging.getLogger(__name__)

_T = TypeVar("_T")

#: How long a writer waits for the write lock before giving up (seconds).
LOCK_WAIT_S = 600.0
#: The largest pause between two attempts to take the write lock (seconds).
MAX_BACKOFF_S = 0.05
#: Busy timeout of one attempt (milliseconds): SQLite's handler polls densely this long.
_ATTEMPT_MS = 20
#: Busy timeout of other statements (milliseconds).
_STATEMENT_MS = 10_000

_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED (and their extended codes, masked)


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` says another connection holds a lock (worth waiting and retrying)."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (int(code) & 0xFF) in _BUSY_CODES
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


def retry_busy(fn: Callable[[], _T], *, wait_s: float | None = None) -> _T:
    """``fn()``, tried again after a random pause while it fails with a busy/locked error.

    Parameters
    ----------
    fn
        The attempt.
    wait_s
        Give up (re-raise the last error) after this many seconds; default :data:`LOCK_WAIT_S`.
    """
    limit = LOCK_WAIT_S if wait_s is None else wait_s
    start = time.monotonic()
    bound = 0.001
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() - start >= limit:
                raise
        time.sleep(random.uniform(0.0, bound))
        bound = min(bound * 2.0, MAX_BACKOFF_S)


def begin_immediate(conn: sqlite3.Connection, *, wait_s: float | None = None) -> None:
    """Start a write transaction, waiting fairly for the write lock (see the module notes)."""
    conn.execute(f"PRAGMA busy_timeout = {_ATTEMPT_MS}")
    try:
        retry_busy(lambda: conn.execute("BEGIN IMMEDIATE"), wait_s=wait_s)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {_STATEMENT_MS}")


def setup_writer(conn: sqlite3.Connection) -> None:
    """Busy timeout and WAL mode for a read-write connection.

    On a file system without shared memory (some network mounts) SQLite keeps the old
    journal mode; the store still works, readers then wait on writers.
    """
    conn.execute(f"PRAGMA busy_timeout = {_ATTEMPT_MS}")
    try:
        mode = retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
    finally:
        conn.execute(f"PRAGMA busy_timeout = {_STATEMENT_MS}")
    if str(mode).lower() != "wal":
        log.warning("the store stays in %s journal mode (no WAL on this file system)", mode)
    else:
        conn.execute("PRAGMA synchronous = NORMAL")  # durable at checkpoints; never corrupt


def wal_pending(path: Path) -> bool:
    """Whether ``path`` has a non-empty ``-wal`` file (writes not yet in the main file)."""
    try:
        return path.with_name(path.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def _ro_connect(path: Path) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection to ``path`` that survives what a killed writer left behind.

    Raises
    ------
    sqlite3.DatabaseError
        When the file is no database, or cannot be read even through a private copy.
    """
    conn = _ro_connect(path)
    conn.execute(f"PRAGMA busy_timeout = {_STATEMENT_MS}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        if is_busy(exc):
            raise
        log.warning("%s cannot be read in place (%s); reading a private recovered copy", path, exc)
        try:
            return _private_copy(path)
        except (OSError, sqlite3.Error):
            raise exc from None


def _private_copy(path: Path) -> sqlite3.Connection:
    """A read-only connection to a recovered copy of ``path`` (its folder already removed)."""
    folder = Path(tempfile.mkdtemp(prefix="unrest-atlas-ro-"))
    try:
        copy = folder / path.name
        shutil.copyfile(path, copy)
        for suffix in ("-journal", "-wal"):
            side = path.with_name(path.name + suffix)
            with contextlib.suppress(FileNotFoundError):
                shutil.copyfile(side, copy.with_name(copy.name + suffix))
        rw = sqlite3.connect(str(copy), isolation_level=None)
        try:
            rw.execute("SELECT count(*) FROM sqlite_master").fetchone()  # rolls a hot journal back
            rw.execute("PRAGMA journal_mode = DELETE")  # folds a WAL in: one self-contained file
        finally:
            rw.close()
        conn = _ro_connect(copy)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    finally:
        shutil.rmtree(folder, ignore_errors=True)
