"""Data access for the dashboard: the ONE module that caches (``st.cache_data`` /
``st.cache_resource``) and the only one that talks to the event store.

Which store
    :func:`resolve_store` picks, in order: ``--store PATH`` after ``--`` on the ``streamlit
    run`` command line, the ``UNREST_ATLAS_DASHBOARD_STORE`` environment variable (what
    ``unrest-atlas dashboard --store`` sets), else the bundled sample. The bundled sample is
    never written: on first use it is copied to the user's data folder
    (``$UNREST_ATLAS_DATA_HOME``, else ``$XDG_DATA_HOME/unrest-atlas``, else
    ``~/.local/share/unrest-atlas``) as ``sample_store.gpkg``, and that copy takes the
    corrections and ingested reports (the sidebar can reset it). When the package has no built
    sample store, the copy is built from the bundled sample reports through
    :func:`geodata.pipeline.process_report`. A store given explicitly is opened read-write
    when the file is writable (``UNREST_ATLAS_DASHBOARD_READONLY=1`` forces read-only).

Caching
    Every cached value is keyed by the store's *version* (:func:`store_version`: the file's
    modification time and size, plus a counter bumped by each write made here), so a
    correction or an ingest made anywhere shows on the next rerun. The events of the store
    are loaded once per version into memory (:func:`frame`) and filtered there
    (:func:`filtered`, a few milliseconds for 200,000 events); the text search uses the
    store's own index. Large shared objects (frames, maps) are ``st.cache_resource``: callers
    must not change them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import STATIC_DIR, _framecache, auth
from dashboard._memory import release_memory, release_soon
from dashboard.filters import Filters, ViewOptions, day_number
from dashboard.frames import (
    _sorted,
    _with_helpers,
    json_dumps,
    newest_first,
    not_pinned,
    patch_frame,
    region_codes,
    region_frame,
    select_events,
    timeline_frame,
    unplaced_events,
)
from dashboard.mapview import (
    _MAP_HELPERS,
    MAP_COLUMNS,
    RenderedMap,
    export_bytes,
    fresh_copy,
    lean_assets,
    map_export_bytes,
)
from dashboard.stores import (
    ENV_DATA_HOME,
    ENV_READONLY,
    ENV_STORE,
    MARKS_ATTR,
    StoreChoice,
    _make_sample_copy,
    change_marks,
    choose,
    is_url,
    refresh_frame,
    user_data_dir,
)
from geodata import settings
from geodata.exceptions import DataMissingError, StoreError
from geodata.store.eventstore import STORE_EVENT_COLUMNS, EventStore

__all__ = [
    "ENV_DATA_HOME", "ENV_READONLY", "ENV_STORE", "MAP_COLUMNS", "MAX_MARKERS",
    "TABLE_COLUMNS", "RenderedMap", "StoreChoice", "audit_trail", "boundaries", "by_region",
    "country_level_events", "day_number", "event_count", "event_detail", "event_map",
    "export_bytes", "facets", "filtered", "frame", "frame_cache_path", "fresh_copy",
    "gazetteer", "ingest_report", "json_dumps", "load_frame", "make_map",
    "map_export_bytes", "newest_first", "not_pinned", "patch_frame", "read_cached_frame",
    "region_codes", "region_frame", "release_memory", "reports_table", "reset_sample_copy",
    "resolve_store", "select_events", "session_started", "set_status", "static_assets",
    "store", "store_version", "summary", "text_ids", "timeline", "timeline_frame",
    "unplaced_events", "update_event", "user_data_dir", "write_cached_frame",
]  # fmt: skip


#: Above this many point events the map shows grid cells (see :func:`geodata.maps.layers.build_map`):
#: each drawn event carries its popup (~1 kB), so this bounds the map payload (~2.5 MB) and
#: the time to render it; the table and the downloads still hold every event. The default of
#: ``settings.map_max_markers`` (``UNREST_ATLAS_MAP_MAX_MARKERS``), which :func:`make_map` reads.
MAX_MARKERS = settings.Settings.map_max_markers
#: Columns of the events table, in order.
TABLE_COLUMNS: tuple[str, ...] = (
    "event_date", "event_type", "sub_event_type", "location", "admin1", "country",
    "fatalities", "severity", "sources_count", "status", "actor1", "actor2", "geo_precision",
    "event_id",
)  # fmt: skip

_writes = 0  # bumped by every write made through this module (same process)
_write_lock = threading.Lock()


# ----------------------------------------------------------------------------- which store


def resolve_store(argv: Sequence[str] | None = None) -> StoreChoice:
    """Which store to show (see the module docstring and :func:`dashboard.stores.choose`);
    makes the sample copy when needed.

    Raises
    ------
    StoreError
        When an explicit store cannot be read or created, or the sample cannot be set up.
    """
    return choose(list(sys.argv[1:] if argv is None else argv), _sample_copy)


@st.cache_resource(show_spinner="Setting up the sample store…")
def _sample_copy() -> tuple[Path, str]:
    """The user's copy of the bundled sample store, made once per process when missing."""
    target = user_data_dir() / "sample_store.gpkg"
    if target.is_file():
        return target, ""
    return _make_sample_copy(target)


def reset_sample_copy() -> Path:
    """Replace the user's sample copy with a fresh one (drops its corrections and ingests)."""
    auth.authorize("manage_users")  # team mode: admins only
    target = user_data_dir() / "sample_store.gpkg"
    store.clear()
    _sample_copy.clear()
    _framecache.forget(target)
    if target.exists():
        target.unlink()
    path, _ = _sample_copy()
    _bump()
    return path


# ----------------------------------------------------------------------------- handles
@st.cache_resource(show_spinner=False)
def store(path: str, writable: bool) -> EventStore:
    """The open store (one per file and mode, shared by every session)."""
    if is_url(path):
        from geodata.store.postgis import PostgisStore

        return PostgisStore(path, readonly=not writable)  # type: ignore[return-value]
    if writable:
        return EventStore(path)
    return EventStore.open_readonly(path)


def store_version(path: str | Path) -> tuple[int, int, int]:
    """A token that changes whenever the store file changes (cache key).

    A WAL store's writes land in its ``-wal`` file first (the main file changes only at a
    checkpoint): both files count. A PostGIS store's: its change counter (every write by
    any process moves it).
    """
    session_started()
    if is_url(path):
        return (store(str(path), False).change_counter(), 0, _writes)  # type: ignore[attr-defined]
    try:
        st_ = Path(path).stat()
    except OSError:
        return (0, 0, _writes)
    stamp, size = st_.st_mtime_ns, st_.st_size
    try:
        wal = Path(f"{path}-wal").stat()
    except OSError:
        wal = None
    if wal is not None and wal.st_size:  # (an empty one, made by opening the store, holds none)
        stamp, size = stamp ^ (wal.st_mtime_ns * 31), size + (wal.st_size << 40)
    return (stamp, size, _writes)


def _bump() -> None:
    global _writes
    with _write_lock:
        _writes += 1


# ----------------------------------------------------------------------------- sessions
@st.cache_resource(show_spinner=False, scope="session", on_release=release_soon)
def _session_token() -> object:
    """One per session; Streamlit releases it when the session ends (memory handed back)."""
    return object()


def session_started() -> None:
    """Register this session so that its end hands memory back (:func:`release_memory`);
    :func:`store_version`, which every page calls, calls it. Nothing outside a session."""
    with contextlib.suppress(Exception):  # no script run context (a test, a script)
        _session_token()


@st.cache_resource(show_spinner=False)
def boundaries():
    """The bundled admin-1 and country outlines (``None`` when they are missing)."""
    from geodata.maps.layers import load_boundaries

    try:
        return load_boundaries()
    except DataMissingError:
        return None


@st.cache_resource(show_spinner="Installing the offline map assets…")
def static_assets() -> Path:
    """Copy Leaflet, its plugins and the basemap tiles under ``dashboard/static`` (once).

    Streamlit serves them at ``/app/static/unrest-atlas/...`` (``server.enableStaticServing``).
    """
    from geodata.maps import vector_basemap
    from geodata.maps.assets import install_static

    out = install_static(STATIC_DIR)
    vector_basemap.install_static(STATIC_DIR)  # scripts and the PMTiles archive, range-read
    return out


@st.cache_resource(show_spinner="Loading the gazetteer…")
def gazetteer():
    """The shared offline gazetteer."""
    from geodata.places.gazetteer import default_gazetteer

    return default_gazetteer()


# ----------------------------------------------------------------------------- reads
def load_frame(s: EventStore, bounds: Any = None) -> pd.DataFrame:
    """Every event of the store (rejected ones too) with the helper columns the filters and
    the map use: ``_day`` (days since 1970 of ``event_date``, NaN when unknown),
    ``_admin1_cf``, and those of :func:`geodata.maps.layers.prepare_events` (``_prec``,
    ``_has_xy``; with ``bounds``, a :class:`geodata.maps.layers.Boundaries`, also ``_region`` and
    ``admin1_code``, see :func:`region_codes`), so a filter change redoes none of it. Newest
    first (then by event id)."""
    df = s.events(include_rejected=True, columns=list(STORE_EVENT_COLUMNS))
    return _sorted(_with_helpers(df, bounds))


FRAME_CACHE_FORMAT = _framecache.FRAME_CACHE_FORMAT
frame_cache_path = _framecache.frame_cache_path


def _content_stamp(path: str | Path) -> str | None:
    """What changes when the store's content does (:func:`dashboard._framecache.file_stamp`);
    for PostGIS, the store's change counter (``None``: cannot tell)."""
    if is_url(path):
        try:
            return f"pg:{store(str(path), False).change_counter()}"  # type: ignore[attr-defined]
        except Exception:  # no connection: no cache
            return None
    return _framecache.file_stamp(path)


def read_cached_frame(path: str | Path, bounds: Any = None) -> pd.DataFrame | None:
    """The frame :func:`load_frame` made for this very content of the store, read back from
    :func:`frame_cache_path` (``None``: no cache file, another version, or unreadable)."""
    return _framecache.read(path, _framecache.cache_key(path, _content_stamp(path), bounds))


def write_cached_frame(path: str | Path, df: pd.DataFrame, bounds: Any = None) -> Path | None:
    """Keep ``df`` (from :func:`load_frame`) for the next start; written atomically. A cache
    that cannot be written is skipped (returns ``None``): it only saves time."""
    return _framecache.write(path, df, _framecache.cache_key(path, _content_stamp(path), bounds))


def _after_write(path: str | Path, before: str | None, event_ids: Iterable[str]) -> None:
    _framecache.after_write(path, before, lambda: _content_stamp(path), event_ids)


@st.cache_resource(show_spinner="Loading events…", max_entries=2)
def frame(path: str, version: tuple, writable: bool = False) -> pd.DataFrame:
    """All events of the store at this version (shared: do not change it).

    After a correction, review or ingest made here, the previous frame is patched with the
    changed events (:func:`patch_frame`); else it is read back from the frame cache when the
    store has not changed since it was written (:func:`read_cached_frame`: a restart on
    200,000 events loads in a tenth of a second instead of about two), else loaded and
    prepared. On PostGIS, a frame carries the store's change
    marks, and a change by anyone (another analyst's correction or ingest) is patched in the
    same way (:func:`dashboard.stores.refresh_frame`). The cache file is then (re)written.
    """
    bounds = boundaries()
    key = str(Path(path))
    stamp = _content_stamp(path)
    with _framecache.known_lock:
        k = _framecache.known.get(key)
        usable = k is not None and stamp is not None and k.stamp == stamp
        prev, ids = (k.frame, set(k.changed)) if usable and k is not None else (None, set())
    df = None
    if prev is not None:
        if not ids:
            df = prev
        else:
            try:
                rows = store(path, writable).events(
                    include_rejected=True, event_ids=sorted(ids),
                    columns=list(STORE_EVENT_COLUMNS))
                df = patch_frame(prev, rows, bounds)
            except Exception:  # anything odd: read it all again
                df = None
            else:
                _framecache.write_soon(write_cached_frame, path, df, bounds)
    if df is None and k is not None and is_url(path):  # PostGIS: patch in what changed
        with contextlib.suppress(Exception):  # (anything odd: read it all again)
            df = refresh_frame(store(path, writable), k.frame, bounds)
        if df is not None:
            _framecache.write_soon(write_cached_frame, path, df, bounds)
    if df is None:
        df = read_cached_frame(path, bounds)
        if df is None:
            marks = change_marks(store(path, writable)) if is_url(path) else None  # (first)
            df = load_frame(store(path, writable), bounds)
            if marks is not None:
                df.attrs[MARKS_ATTR] = marks
            write_cached_frame(path, df, bounds)
    with _framecache.known_lock:
        _framecache.known[key] = _framecache.Known(stamp, df, set())
    return df


@st.cache_data(show_spinner=False, max_entries=64)
def text_ids(path: str, version: tuple, text: str, writable: bool = False) -> frozenset[str]:
    """Ids of the events whose sources contain ``text`` (the store's search index)."""
    df = store(path, writable).events(text=text, include_rejected=True, columns=["event_id"])
    return frozenset(df["event_id"].astype(str))


@st.cache_resource(show_spinner=False, max_entries=16)
def filtered(path: str, version: tuple, filters: Filters, writable: bool = False) -> pd.DataFrame:
    """The filtered events, sorted by date (shared: do not change it)."""
    ids = text_ids(path, version, filters.text, writable) if filters.text else None
    return select_events(frame(path, version, writable), filters, ids)


@st.cache_data(show_spinner=False, max_entries=4)
def facets(path: str, version: tuple, writable: bool = False) -> dict[str, Any]:
    """Values for the filter widgets (see :meth:`geodata.store.eventstore.EventStore.facets`)."""
    out = dict(store(path, writable).facets())
    df = frame(path, version, writable)[["country_code", "country"]]
    names = df[df["country_code"].notna()].drop_duplicates("country_code")
    out["country_names"] = {**out.get("country_names", {}),
                            **dict(zip(names["country_code"], names["country"].fillna(""),
                                       strict=True))}
    full = frame(path, version, writable)
    if "_region_name" in full.columns:  # the regions the map and the chart count in
        reg = full.loc[full["_region_name"].notna() & full["country_code"].notna(),
                       ["country_code", "_region_name"]].drop_duplicates()
        out["admin1"] = sorted(set(reg["_region_name"].astype(str)))
        out["admin1_by_country"] = {str(c): sorted(set(g["_region_name"].astype(str)))
                                    for c, g in reg.groupby("country_code")}
    return out


@st.cache_data(show_spinner=False, max_entries=4)
def event_count(path: str, version: tuple, writable: bool = False) -> int:
    """How many events the store holds, rejected ones left out (from the loaded frame: the
    store's own :meth:`~geodata.store.eventstore.EventStore.summary` takes a second on 200,000)."""
    status = frame(path, version, writable)["status"]
    return int((status.fillna("") != "rejected").sum())


@st.cache_data(show_spinner=False, max_entries=4)
def summary(path: str, version: tuple, writable: bool = False) -> dict[str, Any]:
    """Store-wide counts (see :meth:`geodata.store.eventstore.EventStore.summary`)."""
    return store(path, writable).summary()


@st.cache_data(show_spinner=False, max_entries=256)
def event_detail(path: str, version: tuple, event_id: str,
                 writable: bool = False) -> dict[str, Any] | None:
    """One event with its sources and corrections, or ``None`` when it does not exist."""
    try:
        return store(path, writable).event(event_id)
    except StoreError:
        return None


# The aggregates below are shared by every session (``st.cache_resource``, like the frames):
# ``st.cache_data`` would unpickle a private copy for every call of every session (4.5 MB of
# country-level events per page run on 200,000 events; issue 15 point 11). Do not change them.
@st.cache_resource(show_spinner=False, max_entries=32)
def timeline(path: str, version: tuple, filters: Filters, writable: bool = False) -> pd.DataFrame:
    """:func:`timeline_frame` of the filtered events (shared: do not change it)."""
    return timeline_frame(filtered(path, version, filters, writable))


@st.cache_resource(show_spinner=False, max_entries=32)
def by_region(path: str, version: tuple, filters: Filters, writable: bool = False) -> pd.DataFrame:
    """:func:`region_frame` of the filtered events (shared: do not change it)."""
    return region_frame(filtered(path, version, filters, writable))


@st.cache_resource(show_spinner=False, max_entries=32)
def country_level_events(path: str, version: tuple, filters: Filters,
                         writable: bool = False) -> pd.DataFrame:
    """The filtered events the map does not pin (country-level, or without coordinates;
    shared: do not change it)."""
    return not_pinned(filtered(path, version, filters, writable), MAP_COLUMNS)


# ----------------------------------------------------------------------------- the map
def make_map(df: pd.DataFrame, view: ViewOptions, focus: str | None = None, *,
             bounds: Any = None, height: str | int = "100%"):
    """The folium map of ``df`` for the dashboard (assets served locally, offline basemap).

    Parameters
    ----------
    df
        Filtered events (the columns of :data:`MAP_COLUMNS` are used).
    view
        Layer options (clustering, heat weight, choropleth).
    focus
        An event drawn with a highlight ring, the map centred on it.
    bounds
        A :class:`geodata.maps.layers.Boundaries` (default: the bundled outlines, cached).
    """
    from geodata.maps import vector_basemap
    from geodata.maps.layers import build_map

    b = boundaries() if bounds is None else bounds
    # the helper columns of :func:`load_frame` spare build_map their work on every change
    cols = [c for c in (*MAP_COLUMNS, *_MAP_HELPERS) if c in df.columns]
    raster = view.basemap == "raster"
    m = build_map(df[cols], boundaries=b if b is not None else False, mode="static",
                  cluster=view.cluster, heatmap=True, heat_weight=view.heat_weight,  # type: ignore[arg-type]
                  choropleth=view.choropleth,  # type: ignore[arg-type]
                  basemap="offline" if raster else "none",
                  selected_event_id=focus, height=height,
                  max_markers=settings.get().map_max_markers,
                  legend_open=False)
    m = lean_assets(m)  # (localize first: the basemap's links are local already)
    if not raster:
        try:
            vector_basemap.add_vector_basemap(m, mode="static")
        except DataMissingError:  # no archive: the raster tiles, as before
            return make_map(df, dataclasses.replace(view, basemap="raster"), focus,
                            bounds=bounds, height=height)
    # never zoom past the basemap's data (a selection or a small fit stays at or below it)
    m.options["max_zoom"] = vector_basemap.MAX_ZOOM
    if m.options.get("zoom", 0) > vector_basemap.MAX_ZOOM:
        m.options["zoom"] = vector_basemap.MAX_ZOOM
    return m


@st.cache_resource(show_spinner="Drawing the map…", max_entries=8)
def event_map(path: str, version: tuple, filters: Filters, view: ViewOptions,
              focus: str | None, writable: bool = False) -> RenderedMap:
    """The map of the filtered events, built and rendered once (shared: do not change it).

    ``st_folium`` renames a map's elements in place while rendering, and a second render of
    the same object emits references to the old names; so the map is rendered once, on a
    copy, and the arguments are kept for every rerun (a click, the playback).
    """
    from dashboard import foliumkit

    df = filtered(path, version, filters, writable)
    m = make_map(df, view, focus)
    summary = m.unrest_summary
    # rendered once, this very map: no copy on the hot path of a filter change
    return RenderedMap(summary, foliumkit.component_args(m), functools.partial(make_map, df, view, focus))


# ----------------------------------------------------------------------------- writes
def _writable_store(choice: StoreChoice) -> EventStore:
    if not choice.writable:
        raise StoreError(f"{choice.path} is open read-only")
    return store(str(choice.path), True)


def update_event(choice: StoreChoice, event_id: str, *, who: str, note: str = "",
                 **changes: Any) -> dict[str, Any]:
    """Correct an event (audited by :meth:`geodata.store.eventstore.EventStore.correct`)."""
    who = auth.authorize("correct", who)  # team mode: the signed-in user, if allowed
    s = _writable_store(choice)
    before = _content_stamp(choice.path)  # the stamp before this write
    try:
        return s.correct(event_id, who=who, note=note, **changes)
    finally:
        _after_write(choice.path, before, [event_id])
        _bump()


def set_status(choice: StoreChoice, event_id: str, status: str, *, who: str,
               note: str = "") -> dict[str, Any]:
    """Verify, flag (a note is required) or reject an event; audited."""
    who = auth.authorize("correct", who)  # team mode: the signed-in user, if allowed
    s = _writable_store(choice)
    before = _content_stamp(choice.path)  # the stamp before this write
    try:
        if status == "verified":
            return s.verify(event_id, who=who, note=note)
        if status == "flagged":
            return s.flag(event_id, who=who, note=note)
        if status == "rejected":
            return s.reject(event_id, who=who, note=note)
        return s.correct(event_id, who=who, note=note, status=status)
    finally:
        _after_write(choice.path, before, [event_id])
        _bump()


def ingest_report(choice: StoreChoice, report, mentions, events,
                  fixes: Mapping[int, Mapping[str, Any]] | None = None, *, who: str,
                  note: str = "reviewed on ingest") -> tuple[Any, list[str]]:
    """Store one reviewed report: its accepted ``events`` through
    :meth:`~geodata.store.eventstore.EventStore.add_report`, then each reviewer's fix (``fixes``:
    index into ``events`` -> field changes) as an audited correction of the stored event.

    Returns
    -------
    tuple
        The :class:`~geodata.store.eventstore.IngestResult` and the problems met applying fixes (a fix
        that fails is reported, the report stays stored).
    """
    who = auth.authorize("ingest", who)  # team mode: the signed-in user, if allowed
    s = _writable_store(choice)
    problems: list[str] = []
    before = _content_stamp(choice.path)  # the stamp before this write
    result = None
    try:
        result = s.add_report(report, mentions, events)
        for i, changes in (fixes or {}).items():
            if not changes or i >= len(result.event_ids):
                continue
            try:
                s.correct(result.event_ids[i], who=who, note=note, **dict(changes))
            except Exception as exc:  # a CorrectionError: keep going, tell the reviewer
                problems.append(f"event {i + 1}: {exc}")
        problems += _mark_reviewed(s, result.event_ids, who=who, note=note)
    finally:
        ids = list(result.event_ids) if result is not None else []
        if result is None:  # nothing known of what changed: the next frame reads it all
            _framecache.forget(choice.path)
        else:
            _after_write(choice.path, before, ids)
        _bump()
    return result, problems


def stored_events(choice: StoreChoice, event_ids: Sequence[str]) -> pd.DataFrame:
    """The stored events ``event_ids`` (date, type, place, status, id), newest first."""
    cols = ["event_date", "event_type", "sub_event_type", "location", "admin1", "country",
            "status", "event_id"]
    ids = sorted({str(e) for e in event_ids if e})
    if not ids:
        return pd.DataFrame(columns=cols)
    df = store(str(choice.path), choice.writable).events(include_rejected=True, event_ids=ids,
                                                         columns=cols)
    return newest_first(df)[cols]


def _mark_reviewed(s: EventStore, event_ids: Sequence[str], *, who: str,
                   note: str) -> list[str]:
    """Mark the events a reviewer accepted as verified (audited), unless someone already
    reviewed them (a merged event flagged or rejected before keeps that status)."""
    ids = sorted({str(e) for e in event_ids if e})
    if not ids:
        return []
    rows = s.events(include_rejected=True, event_ids=ids, columns=["event_id", "status"])
    problems = []
    for eid, status in zip(rows["event_id"], rows["status"], strict=True):
        if status not in (None, "", "unreviewed"):
            continue
        try:
            s.verify(str(eid), who=who, note=note)
        except Exception as exc:  # a CorrectionError: the event stays stored, unreviewed
            problems.append(f"event {eid} not marked verified: {exc}")
    return problems


@st.cache_data(show_spinner=False, max_entries=4)
def audit_trail(path: str, version: tuple, writable: bool = False) -> pd.DataFrame:
    """The corrections audit trail, oldest first (values as JSON text)."""
    df = store(path, writable).audit()
    for col in ("before", "after"):
        df[col] = df[col].map(lambda v: json_dumps(v) if v is not None else "")
    return df


@st.cache_data(show_spinner=False, max_entries=4)
def reports_table(path: str, version: tuple, writable: bool = False) -> pd.DataFrame:
    """The stored reports (no text), in ingest order."""
    return store(path, writable).reports()


# ----------------------------------------------------------------------------- helpers
