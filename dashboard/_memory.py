"""Hand the memory of closed dashboard sessions back to the system (issue 15, point 11).

A page run makes short-lived native buffers: Arrow tables for ``st.dataframe`` and the
charts, protobuf messages, the unpickled copies of ``st.cache_data`` values. Arrow's memory
pool (mimalloc) and glibc's heap keep freed pages for reuse, so without a release the
server's resident memory stayed 50-230 MB higher after ten sessions had come and gone on
200,000 events, though no Python object of theirs was alive (``tracemalloc``: about 5 MB).
:mod:`dashboard.data` calls :func:`release_soon` when a session ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import threading

__all__ = ["RELEASE_DELAY_S", "release_memory", "release_soon", "releases", "returnable_allocators"]

#: Seconds after a session ends before memory is handed back (sessions often close
#: together: one release for all of them).
RELEASE_DELAY_S = 2.0

_timers: dict[str, threading.Timer] = {}
_pending: set[str] = set()  # releases scheduled and not yet started
_lock = threading.Lock()
#: How many releases ran (read by the tests).
releases = [0]


#: glibc's ``mallopt`` parameter for the most heap arenas (``M_ARENA_MAX`` in malloc.h).
_M_ARENA_MAX = -8
#: Heap arenas glibc may keep: the script threads of many sessions otherwise each get one
#: (up to 8 per core), and their freed pages stay scattered over them.
ARENAS = 2
_configured = [False]


def returnable_allocators() -> None:
    """Once per process, make the memory of finished page runs returnable: Arrow allocates
    through the system allocator instead of its default mimalloc pool (mimalloc keeps the
    heaps of finished threads, and every page run is a new thread, which
    ``release_unused`` on another thread does not reach), and glibc keeps at most
    :data:`ARENAS` heap arenas, which ``malloc_trim`` then hands back. Measured with
    ``tools/bench_sessions.py --client ws --waves 3`` (README, "Sessions under load")."""
    if _configured[0]:
        return
    _configured[0] = True
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").mallopt(_M_ARENA_MAX, ARENAS)
    try:
        import pyarrow as pa

        pa.set_memory_pool(pa.system_memory_pool())
    except Exception:  # no pyarrow
        pass


def release_memory() -> None:
    """Collect unreachable objects (a closed session's objects hold reference cycles), then
    return the free pages of Arrow's default memory pool and of glibc's heap to the system
    (``release_unused``, ``malloc_trim(0)``; a no-op where either is missing). About 0.1 s
    with 200,000 events loaded.

    What survives the collection is then frozen (``gc.freeze``): the shared frames, maps and
    caches live as long as the server, and Streamlit collects garbage after every page run
    (``runner.postScriptGC``), which walked all of them each time (0.1 s of CPU per run on
    200,000 events, three runs per browser visit). Frozen objects are left out of every
    collection but this one, which unfreezes them first: a frozen object that later becomes
    garbage in a reference cycle is collected at the next session end."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:  # no pyarrow, or a pool without it
        pass
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    releases[0] += 1


def release_soon(_value: object = None) -> None:
    """:func:`release_memory` in :data:`RELEASE_DELAY_S` seconds, and again once the server
    has dropped the closed session (it keeps one ``server.disconnectedSessionTTL`` seconds in
    case the browser reconnects); on threads of their own, once for a burst of calls. Fits
    ``st.cache_resource(on_release=...)``."""
    _schedule("now", RELEASE_DELAY_S)
    _schedule("dropped", _session_ttl() + RELEASE_DELAY_S)


def _session_ttl() -> float:
    try:
        from streamlit import config

        return float(config.get_option("server.disconnectedSessionTTL"))
    except Exception:  # no such option in this Streamlit: its default
        return 120.0


def _schedule(name: str, delay: float) -> None:
    """One pending release per ``name``: a burst of calls waits for it; a call made once it
    has started (while memory is being handed back) schedules the next one."""
    with _lock:
        if name in _pending:
            return
        _pending.add(name)

    def run() -> None:
        with _lock:
            _pending.discard(name)
        release_memory()

    timer = threading.Timer(delay, run)
    timer.daemon = True
    with _lock:
        _timers[name] = timer
    timer.start()
