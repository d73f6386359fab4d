"""Sessions under load (issue 15, point 11): what the sessions of one dashboard share.

Ten analysts on one store of 200,000 events must not cost ten copies of the events: the
frame, the filtered rows, the map and the aggregates beside it are built once and handed to
every session as the same objects; a session keeps only what differs (its selection, its
widget values); the native memory a page run leaves behind is handed back when sessions end.
``tools/bench_sessions.py`` measures the same with ten browsers.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_folium")

from streamlit.testing.v1 import AppTest

from dashboard import APP_PATH, _memory, charts, data
from geodata.store.eventstore import EventStore
from geodata.store.synthetic import synthetic_events

TIMEOUT = 120
N_EVENTS = 3000


@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> Path:
    """A store of synthetic events of our own (a new path: nothing of it is cached yet)."""
    path = tmp_path_factory.mktemp("load") / "load.gpkg"
    with EventStore(path) as s:
        s.bulk_insert(synthetic_events(N_EVENTS, seed=7))
    return path


def _session(store: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv(data.ENV_STORE, str(store))
    monkeypatch.delenv(data.ENV_READONLY, raising=False)
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    for _ in range(2):  # (a session's first page draws the map first, the rest on its rerun)
        at.run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def _spy(monkeypatch, owner: Any, name: str, seen: dict[str, list[Any]]) -> None:
    """Record every first argument ``owner.name`` is called with (then call it)."""
    real = getattr(owner, name)

    def spy(*args: Any, **kw: Any) -> Any:
        seen[name].append(args[0] if args else None)
        return real(*args, **kw)

    monkeypatch.setattr(owner, name, spy)


def _size(value: Any, seen: set[int] | None = None) -> int:
    """Rough bytes held by ``value`` (frames by their memory use, containers walked)."""
    import pandas as pd

    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return int(value.memory_usage(deep=True).sum() if isinstance(value, pd.DataFrame)
                   else value.memory_usage(deep=True))
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(_size(k, seen) + _size(v, seen)
                                          for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return sys.getsizeof(value) + sum(_size(v, seen) for v in value)
    return sys.getsizeof(value)


def test_sessions_share_the_events_the_map_and_the_aggregates(big_store, monkeypatch):
    seen: dict[str, list[Any]] = defaultdict(list)
    # what the page hands to the charts and the table: the objects the cache gave it
    _spy(monkeypatch, charts, "timeline_chart", seen)
    _spy(monkeypatch, charts, "region_chart", seen)
    _spy(monkeypatch, data, "newest_first", seen)
    # and how often the expensive steps ran
    _spy(monkeypatch, data, "load_frame", seen)
    _spy(monkeypatch, data, "read_cached_frame", seen)
    _spy(monkeypatch, data, "make_map", seen)
    monkeypatch.setenv("UNREST_ATLAS_CACHE", str(big_store.parent / "cache"))
    first = _session(big_store, monkeypatch)
    n_first = {k: len(v) for k, v in seen.items()}
    second = _session(big_store, monkeypatch)
    assert first.metric[0].value == second.metric[0].value == f"{N_EVENTS:,}"
    # the store was read and the map drawn once, by the first session, for both
    assert n_first["load_frame"] == 1 and n_first["make_map"] == 1
    for name in ("load_frame", "read_cached_frame", "make_map"):
        assert len(seen[name]) == n_first[name], f"{name} ran again for the second session"
    # the second session got the very objects of the first: no copy of its own
    for name in ("timeline_chart", "region_chart"):
        assert n_first[name] == 1 and len(seen[name]) == 2, name
        a, b = seen[name]
        assert a is b, f"{name}: each session got its own copy of the data"
    # newest_first(cl) and newest_first(events): the country-level list and the filtered rows
    k = n_first["newest_first"]
    assert len(seen["newest_first"]) == 2 * k
    for a, b in zip(seen["newest_first"][:k], seen["newest_first"][k:], strict=True):
        assert a is b, "each session got its own copy of the events"


def test_a_session_keeps_only_what_differs(big_store, monkeypatch):
    at = _session(big_store, monkeypatch)
    state = at.session_state.to_dict()
    held = {k: _size(v) for k, v in state.items()}
    frame = data.filtered(str(big_store), data.store_version(big_store),
                          data.Filters(), False)
    frame_bytes = int(frame.memory_usage(deep=True).sum())
    import pandas as pd

    assert not [k for k, v in state.items() if isinstance(v, pd.DataFrame)], \
        "a frame kept per session"
    # the session's own state: ids of the rows on show, the widget values; a small fraction
    # of the events it shows (3,000 events: about 2 MB of frame, well under 0.2 MB of state)
    assert sum(held.values()) < max(frame_bytes // 10, 50_000), sorted(
        held.items(), key=lambda kv: -kv[1])[:5]


def test_a_session_ending_hands_memory_back(monkeypatch):
    calls: list[float] = []
    monkeypatch.setattr(_memory, "RELEASE_DELAY_S", 0.05)
    real = _memory.release_memory
    monkeypatch.setattr(_memory, "release_memory", lambda: (calls.append(time.monotonic()),
                                                            real()))
    for _ in range(10):  # ten sessions closing at once: one release for all of them
        _memory.release_soon(object())
    deadline = time.monotonic() + 5
    while not calls and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.2)
    assert len(calls) == 1
    _memory.release_soon()  # a later close: released again
    deadline = time.monotonic() + 5
    while len(calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(calls) == 2


def test_the_session_token_is_session_scoped_and_released(big_store, monkeypatch):
    """Every page run registers its session (``store_version``) in a session-scoped cache
    whose release is :func:`dashboard._memory.release_soon`; clearing the session's caches,
    what Streamlit does when a session ends, calls it."""
    from streamlit.runtime import caching

    released: list[float] = []
    monkeypatch.setattr(_memory, "RELEASE_DELAY_S", 0.05)
    monkeypatch.setattr(_memory, "release_memory", lambda: released.append(time.monotonic()))
    _session(big_store, monkeypatch)
    caches = getattr(caching.cache_resource_api, "_resource_caches", None)
    if not hasattr(caches, "_function_caches"):
        pytest.skip("this Streamlit keeps its resource caches elsewhere")
    ids = [sid for sid in caches._function_caches if sid is not None]
    assert ids, "the page run registered no session-scoped resource"
    for sid in ids:
        caching.clear_session_resource_cache(sid)
    deadline = time.monotonic() + 5
    while not released and time.monotonic() < deadline:
        time.sleep(0.02)
    assert released, "no session's end released memory"


def test_the_server_allocates_arrow_memory_it_can_hand_back():
    # mimalloc (Arrow's default pool) keeps the heaps of finished page-run threads, which no
    # release reaches: the dashboard switches Arrow to the system allocator, once per process.
    import subprocess

    code = ("import pyarrow as pa\n"
            "before = pa.default_memory_pool().backend_name\n"
            "from dashboard import _memory\n"
            "_memory.returnable_allocators(); _memory.returnable_allocators()\n"
            "print(before, pa.default_memory_pool().backend_name)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(APP_PATH).resolve().parents[1]).stdout.split()
    assert out[1] == "system" and out[0] != "system", out
    # the app calls it: a page run of app.py leaves the process on the system pool
    assert "returnable_allocators()" in Path(APP_PATH).read_text(encoding="utf-8")


def test_a_release_leaves_the_long_lived_heap_out_of_later_collections():
    """Streamlit collects garbage after every page run; on a server holding 200,000 events
    that walked every shared object each time (0.1 s of CPU a run). A release (a session's
    end) freezes what survives it, so later collections skip it; the next release unfreezes
    and collects it, so a frozen object that became garbage in a reference cycle is freed."""
    import gc
    import weakref

    class Node:
        pass

    try:
        keep = Node()
        keep.me = keep  # a reference cycle, alive when the release runs
        ref = weakref.ref(keep)
        _memory.release_memory()
        assert gc.get_freeze_count() > 0
        assert not any(o is keep for o in gc.get_objects()), "a survivor was not frozen"
        del keep  # garbage now, but frozen: a per-run collection leaves it
        gc.collect()
        assert ref() is not None, "a per-run collection walked the frozen heap"
        fresh = Node()
        fresh.me = fresh
        fresh_ref = weakref.ref(fresh)
        del fresh  # new garbage: an ordinary collection still frees it
        gc.collect()
        assert fresh_ref() is None
        _memory.release_memory()  # the next session end: unfrozen, collected
        assert ref() is None, "frozen garbage outlived the next release"
    finally:
        gc.unfreeze()
