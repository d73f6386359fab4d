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
import copy
import functools
import json
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import STATIC_DIR
from dashboard.filters import Filters, ViewOptions, day_number
from geodata import settings
from geodata.events.merge import sources_key
from geodata.exceptions import DataMissingError, StoreError
from geodata.store.eventstore import STORE_EVENT_COLUMNS, EventStore

__all__ = [
    "ENV_DATA_HOME",
    "ENV_READONLY",
    "ENV_STORE",
    "MAP_COLUMNS",
    "MAX_MARKERS",
    "TABLE_COLUMNS",
    "RenderedMap",
    "StoreChoice",
    "audit_trail",
    "boundaries",
    "by_region",
    "country_level_events",
    "day_number",
    "event_count",
    "event_detail",
    "event_map",
    "export_bytes",
    "facets",
    "filtered",
    "frame",
    "frame_cache_path",
    "fresh_copy",
    "gazetteer",
    "ingest_report",
    "json_dumps",
    "load_frame",
    "make_map",
    "map_export_bytes",
    "newest_first",
    "not_pinned",
    "patch_frame",
    "read_cached_frame",
    "region_codes",
    "region_frame",
    "reports_table",
    "reset_sample_copy",
    "resolve_store",
    "select_events",
    "set_status",
    "static_assets",
    "store",
    "store_version",
    "summary",
    "text_ids",
    "timeline",
    "timeline_frame",
    "unplaced_events",
    "update_event",
    "user_data_dir",
    "write_cached_frame",
]

ENV_STORE = "UNREST_ATLAS_DASHBOARD_STORE"
ENV_READONLY = "UNREST_ATLAS_DASHBOARD_READONLY"
ENV_DATA_HOME = "UNREST_ATLAS_DATA_HOME"

#: Columns :func:`make_map` passes to :func:`geodata.maps.layers.build_map` (popups included).
MAP_COLUMNS: tuple[str, ...] = (
    "event_id", "report_id", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "location", "admin1", "country", "country_code", "latitude",
    "longitude", "geo_precision", "fatalities", "injuries", "severity", "notes", "source",
    "confidence", "mention_start", "mention_end", "sentence_start", "sentence_end", "status",
    "sources_count", "admin1_code",
)  # fmt: skip
#: Helper columns of :func:`load_frame` that :func:`make_map` passes on (see
#: :func:`geodata.maps.layers.prepare_events`).
_MAP_HELPERS: tuple[str, ...] = ("_prec", "_has_xy", "_region", "_day")
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
@dataclass(frozen=True)
class StoreChoice:
    """The store the dashboard shows.

    Attributes
    ----------
    path
        The GeoPackage file.
    writable
        Whether corrections and ingests can be written to it.
    is_sample
        Whether it is the user's copy of the bundled sample.
    origin
        ``"command line"``, ``"environment"`` or ``"sample"``.
    note
        Why it is read-only, or what was done to get it (empty when nothing to say).
    """

    path: Path
    writable: bool
    is_sample: bool
    origin: str
    note: str = ""


def user_data_dir() -> Path:
    """The folder for the user's copy of the sample store (created when needed)."""
    base = os.environ.get(ENV_DATA_HOME)
    if base:
        return Path(base).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "unrest-atlas"


def _store_arg(argv: Sequence[str]) -> str | None:
    """``--store PATH`` / ``--store=PATH`` among the script arguments."""
    for i, a in enumerate(argv):
        if a == "--store" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--store="):
            return a.split("=", 1)[1]
    return None


def _writable(path: Path) -> bool:
    if os.environ.get(ENV_READONLY, "").strip().lower() in ("1", "true", "yes"):
        return False
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return path.parent.is_dir() and os.access(path.parent, os.W_OK)


def resolve_store(argv: Sequence[str] | None = None) -> StoreChoice:
    """Which store to show (see the module docstring); makes the sample copy when needed.

    Raises
    ------
    StoreError
        When an explicit store cannot be read or created, or the sample cannot be set up.
    """
    arg = _store_arg(list(sys.argv[1:] if argv is None else argv))
    origin = "command line"
    if arg is None:
        arg = os.environ.get(ENV_STORE) or None
        origin = "environment"
    if arg:
        path = Path(arg).expanduser().resolve()
        if path.exists() and not path.is_file():
            raise StoreError(f"{path} is not a file")
        if not path.exists() and not path.parent.is_dir():
            raise StoreError(f"no event store at {path} (and its folder does not exist)")
        writable = _writable(path)
        note = "" if writable else "read-only: corrections and ingest are off"
        if not path.exists():
            if not writable:
                raise StoreError(f"no event store at {path}")
            note = "a new, empty store"
        return StoreChoice(path, writable, False, origin, note)
    path, note = _sample_copy()
    return StoreChoice(path, _writable(path), True, "sample", note)


@st.cache_resource(show_spinner="Setting up the sample store…")
def _sample_copy() -> tuple[Path, str]:
    """The user's copy of the bundled sample store, made once per process when missing."""
    target = user_data_dir() / "sample_store.gpkg"
    if target.is_file():
        return target, ""
    return _make_sample_copy(target)


def _make_sample_copy(target: Path) -> tuple[Path, str]:
    from geodata._atomic import atomic_path

    target.parent.mkdir(parents=True, exist_ok=True)
    bundled = settings.get().sample_store_path
    if bundled.is_file():
        with atomic_path(target) as tmp:
            shutil.copyfile(bundled, tmp)
        return target, f"copied the bundled sample to {target}"
    from geodata.io.reports import read_reports
    from geodata.pipeline import process_report

    folder = settings.DATA_DIR / "sample_reports"
    reports = list(read_reports([folder])) if folder.is_dir() else []
    if not reports:
        raise StoreError(f"no bundled sample store ({bundled}) and no sample reports in {folder}")
    with atomic_path(target) as tmp, EventStore(tmp) as s:
        for report in reports:
            result = process_report(report)
            s.add_report(report, result.mentions, result.events)
    return target, f"built the sample store from {len(reports)} bundled reports at {target}"


def reset_sample_copy() -> Path:
    """Replace the user's sample copy with a fresh one (drops its corrections and ingests)."""
    target = user_data_dir() / "sample_store.gpkg"
    store.clear()
    _sample_copy.clear()
    with _known_lock:
        _known.pop(str(target), None)
    if target.exists():
        target.unlink()
    path, _ = _sample_copy()
    _bump()
    return path


# ----------------------------------------------------------------------------- handles
@st.cache_resource(show_spinner=False)
def store(path: str, writable: bool) -> EventStore:
    """The open store (one per file and mode, shared by every session)."""
    if writable:
        return EventStore(path)
    return EventStore.open_readonly(path)


def store_version(path: str | Path) -> tuple[int, int, int]:
    """A token that changes whenever the store file changes (cache key)."""
    try:
        st_ = Path(path).stat()
    except OSError:
        return (0, 0, _writes)
    return (st_.st_mtime_ns, st_.st_size, _writes)


def _bump() -> None:
    global _writes
    with _write_lock:
        _writes += 1


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
    from geodata.maps.assets import install_static

    return install_static(STATIC_DIR)


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


def _with_helpers(df: pd.DataFrame, bounds: Any) -> pd.DataFrame:
    """Store rows plus the helper columns of :func:`load_frame` (any number of rows)."""
    from geodata.maps.layers import day_numbers, prepare_events

    df["_day"] = day_numbers(df["event_date"])
    df["_admin1_cf"] = df["admin1"].map(lambda v: v.casefold() if isinstance(v, str) else None)
    df["_sources"] = sources_key(df["source"])
    df = prepare_events(df, bounds if bounds is not None else False)
    if bounds is not None:
        df["admin1_code"] = region_codes(df, bounds)
    for col in ("_admin1_cf", "admin1_code"):  # strings as the store's (and the cache's) are
        if col in df.columns:
            df[col] = df[col].astype(df["event_id"].dtype)
    return df


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    # newest first, as the table shows them: filtered rows keep the order, so no page run
    # sorts 200,000 dates again
    df = df.sort_values(**_NEWEST_FIRST_ORDER, ignore_index=True)
    df.attrs[_ORDER_ATTR] = _NEWEST_FIRST
    return df


def patch_frame(df: pd.DataFrame, rows: pd.DataFrame, bounds: Any = None) -> pd.DataFrame:
    """``df`` (from :func:`load_frame`) with the store rows ``rows`` put in: the events of
    ``rows`` replace theirs, new ones are added (as :func:`load_frame` would give them after
    the store changed only there). Only the columns that differ are copied, and the rows are
    sorted again only when a date changed or an event is new: a review click on a store of
    200,000 events costs milliseconds, not a reload of the store.
    """
    if rows.empty:
        return df
    new = _with_helpers(rows.reset_index(drop=True), bounds)[list(df.columns)]
    for col in df.columns:  # a few rows may read back with narrower types (no gaps)
        if new[col].dtype != df[col].dtype:
            with contextlib.suppress(TypeError, ValueError):
                new[col] = new[col].astype(df[col].dtype)
    pos = pd.Index(df["event_id"]).get_indexer(new["event_id"])
    old_pos = pos[pos >= 0]
    same_day = bool((df["event_date"].iloc[old_pos].to_numpy(dtype=object)
                     == new["event_date"].iloc[np.flatnonzero(pos >= 0)].to_numpy(dtype=object)).all())
    if (pos < 0).any() or not same_day:
        keep = np.ones(len(df), dtype=bool)
        keep[old_pos] = False
        out = pd.concat([df[keep], new], ignore_index=True)
        out.attrs.update(df.attrs)
        return _sorted(out)
    out = df.copy(deep=False)
    for col in df.columns:
        before, after = df[col].iloc[pos], new[col]
        if before.reset_index(drop=True).equals(after):
            continue
        values = df[col].copy()
        values.iloc[pos] = after.to_numpy()
        out[col] = values
    out.attrs.update(df.attrs)
    return out


_ORDER_ATTR, _NEWEST_FIRST = "unrest_atlas.order", "event_date desc, event_id"
_NEWEST_FIRST_ORDER = {"by": ["event_date", "event_id"], "ascending": [False, True]}


def newest_first(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` by date, newest first (then by event id); rows of :func:`load_frame` (and any
    filtered subset of them) already are, and come back as they are."""
    if df.attrs.get(_ORDER_ATTR) == _NEWEST_FIRST:
        return df
    return df.sort_values(**_NEWEST_FIRST_ORDER)


def region_codes(df: pd.DataFrame, bounds: Any) -> pd.Series:
    """The GeoNames admin-1 code of the outline each event falls in (``None`` when none, or
    when the code names more than one outline): from the ``_region`` column of
    :func:`geodata.maps.layers.prepare_events` when ``df`` has one, else found by
    :func:`geodata.maps.regions.match_regions` (names, then point in polygon)."""
    from geodata.maps.regions import match_regions

    out = pd.Series([None] * len(df), index=df.index, dtype=object)
    if df.empty:
        return out
    if "_region" in df.columns:
        idx = df["_region"].to_numpy(dtype="int64")
    else:
        idx = match_regions(df, bounds).to_numpy()
    codes = bounds.admin1["gn_a1_code"]
    unique = codes.notna() & ~codes.duplicated(keep=False) & (codes.astype(str) != "")
    ok_codes = codes.where(unique)
    hit = idx >= 0
    vals = np.full(len(df), None, dtype=object)
    vals[hit] = ok_codes.reindex(idx[hit]).to_numpy(dtype=object)
    vals = np.where(pd.isna(vals), None, vals)
    out[:] = vals
    return out


#: Bump when :func:`load_frame` changes what it computes (old cache files are then ignored).
FRAME_CACHE_FORMAT = 3


def frame_cache_path(path: str | Path) -> Path:
    """Where the prepared frame of the store at ``path`` is kept between runs (one file per
    store, in ``settings.cache_dir/frames``)."""
    import hashlib

    digest = hashlib.blake2b(str(Path(path).resolve()).encode(), digest_size=10).hexdigest()
    return settings.get().cache_dir / "frames" / f"{digest}.arrow"


def _content_stamp(path: str | Path) -> str | None:
    """What changes when the store's content does: size, modification time and SQLite's
    file change counter (header bytes 24-27, bumped by every committed write)."""
    try:
        p = Path(path)
        st_ = p.stat()
        with p.open("rb") as fh:
            head = fh.read(28)
    except OSError:
        return None
    counter = int.from_bytes(head[24:28], "big") if len(head) >= 28 else -1
    return f"{st_.st_size}:{st_.st_mtime_ns}:{counter}"


def _frame_cache_key(path: str | Path, bounds: Any) -> str | None:
    stamp = _content_stamp(path)
    if stamp is None:
        return None
    token = getattr(bounds, "token", None) if bounds is not None else "none"
    return json.dumps([FRAME_CACHE_FORMAT, str(Path(path).resolve()), stamp, token,
                       list(STORE_EVENT_COLUMNS), pd.__version__])


def read_cached_frame(path: str | Path, bounds: Any = None) -> pd.DataFrame | None:
    """The frame :func:`load_frame` made for this very content of the store, read back from
    :func:`frame_cache_path` (``None``: no cache file, another version, or unreadable)."""
    key = _frame_cache_key(path, bounds)
    file = frame_cache_path(path)
    if key is None or not file.is_file():
        return None
    try:
        import pyarrow.feather as feather

        table = feather.read_table(file, memory_map=False)
        meta = table.schema.metadata or {}
        if meta.get(b"unrest_atlas_key", b"").decode() != key:
            return None
        attrs = json.loads(meta.get(b"unrest_atlas_attrs", b"{}"))
        df = table.to_pandas()
    except Exception:  # a broken or foreign file: rebuild it
        return None
    df.attrs.update(attrs)  # region token, row order (the key holds the boundaries' token)
    return df


def write_cached_frame(path: str | Path, df: pd.DataFrame, bounds: Any = None) -> Path | None:
    """Keep ``df`` (from :func:`load_frame`) for the next start; written atomically. A cache
    that cannot be written is skipped (returns ``None``): it only saves time."""
    key = _frame_cache_key(path, bounds)
    if key is None:
        return None
    file = frame_cache_path(path)
    try:
        import pyarrow as pa
        import pyarrow.feather as feather

        from geodata._atomic import atomic_path

        table = pa.Table.from_pandas(df, preserve_index=False)
        table = table.replace_schema_metadata({
            **(table.schema.metadata or {}), b"unrest_atlas_key": key.encode(),
            b"unrest_atlas_attrs": json.dumps(df.attrs).encode()})
        file.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(file) as tmp:
            # zstd: a third of lz4's size here, and as quick to read back
            feather.write_feather(table, str(tmp), compression="zstd")
    except Exception:  # read-only cache folder, full disk, a column Arrow cannot hold
        return None
    return file


@dataclass
class _Known:
    """The last frame loaded of a store, the store's content stamp it matches (moved on by
    each write made here) and the events those writes changed."""

    stamp: str | None
    frame: pd.DataFrame
    changed: set[str]


_known: dict[str, _Known] = {}
_known_lock = threading.Lock()


def _after_write(path: str | Path, before: str | None, event_ids: Iterable[str]) -> None:
    """Record that this process changed ``event_ids`` (the next :func:`frame` patches them
    in); forgets the frame when someone else changed the store in between."""
    key = str(Path(path))
    with _known_lock:
        k = _known.get(key)
        if k is None:
            return
        if before is None or k.stamp != before:
            _known.pop(key, None)
            return
        k.stamp = _content_stamp(path)
        k.changed.update(str(e) for e in event_ids)


def _write_cache_soon(path: str, df: pd.DataFrame, bounds: Any) -> None:
    threading.Thread(target=write_cached_frame, args=(path, df, bounds), daemon=True,
                     name="unrest-atlas-frame-cache").start()


@st.cache_resource(show_spinner="Loading events…", max_entries=2)
def frame(path: str, version: tuple, writable: bool = False) -> pd.DataFrame:
    """All events of the store at this version (shared: do not change it).

    After a correction, review or ingest made here, the previous frame is patched with the
    changed events (:func:`patch_frame`); else it is read back from the frame cache when the
    store has not changed since it was written (:func:`read_cached_frame`: a restart on
    200,000 events loads in a tenth of a second instead of about two), else loaded and
    prepared. The cache file is then (re)written.
    """
    bounds = boundaries()
    key = str(Path(path))
    stamp = _content_stamp(path)
    with _known_lock:
        k = _known.get(key)
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
                _write_cache_soon(path, df, bounds)
    if df is None:
        df = read_cached_frame(path, bounds)
        if df is None:
            df = load_frame(store(path, writable), bounds)
            write_cached_frame(path, df, bounds)
    with _known_lock:
        _known[key] = _Known(stamp, df, set())
    return df


@st.cache_data(show_spinner=False, max_entries=64)
def text_ids(path: str, version: tuple, text: str, writable: bool = False) -> frozenset[str]:
    """Ids of the events whose sources contain ``text`` (the store's search index)."""
    df = store(path, writable).events(text=text, include_rejected=True, columns=["event_id"])
    return frozenset(df["event_id"].astype(str))


def select_events(all_events: pd.DataFrame, filters: Filters,
                  ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The rows of :func:`frame` that pass ``filters`` (``ids``: the text search's hits)."""
    return all_events[filters.mask(all_events, ids)]


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
    return out


@st.cache_data(show_spinner=False, max_entries=4)
def event_count(path: str, version: tuple, writable: bool = False) -> int:
    """How many events the store holds, rejected ones left out (from the loaded frame: the
    store's own :meth:`~geodata.store.eventstore.EventStore.summary` takes a second on 200,000)."""
    status = frame(path, version, writable)["status"]
    return int((status.fillna("") != "rejected").sum())


_NOT_FOUND_RX = r"place not found: ([^;]+)"


def unplaced_events(df: pd.DataFrame) -> pd.DataFrame:
    """Events the extractor put at region or country level because a place the report names
    is not in the gazetteer (tag ``place not found: X``): ``event_id``, ``event_date``,
    ``event_type``, ``country``, ``not_found`` (X), ``notes``, newest first, rejected left out."""
    cols = ["event_id", "event_date", "event_type", "country", "not_found", "notes"]
    if df.empty or "tags" not in df.columns:
        return pd.DataFrame(columns=cols)
    found = df["tags"].astype("string").str.extract(_NOT_FOUND_RX, expand=False)
    keep = found.notna() & (df["status"].astype("string") != "rejected").fillna(True)
    if "geo_precision" in df.columns:
        keep &= pd.to_numeric(df["geo_precision"], errors="coerce").fillna(4) >= 3
    out = df.loc[keep.to_numpy(dtype=bool)].assign(not_found=found[keep].str.strip())
    return newest_first(out)[cols]


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


def timeline_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Events and fatalities per day and event type (long form: ``date``, ``event_type``,
    ``events``, ``fatalities``), by date then type. Week- and month-precise events count on
    their recorded day; events without a date are left out."""
    cols = {"date": "datetime64[ns]", "event_type": object, "events": "int64",
            "fatalities": "int64"}
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in cols.items()})  # type: ignore[call-overload]
    if "_day" in df.columns:  # days since 1970, from load_frame
        day = df["_day"].to_numpy(dtype=float)
    else:
        from geodata.maps.layers import day_numbers

        day = day_numbers(df["event_date"])
    ok = np.isfinite(day)
    tcode, tnames = pd.factorize(df["event_type"].fillna("Unknown"))
    fat = pd.to_numeric(df["fatalities"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    fat = np.nan_to_num(fat).astype("int64")
    key = day[ok].astype("int64") * (len(tnames) + 1) + tcode[ok]
    uniq, inv = np.unique(key, return_inverse=True)  # sorted: by day, then type code
    days, codes = np.divmod(uniq, len(tnames) + 1)
    g = pd.DataFrame({
        "date": (days.astype("datetime64[D]")).astype("datetime64[ns]"),
        "event_type": np.asarray([str(t) for t in tnames], dtype=object)[codes],
        "events": np.bincount(inv, minlength=len(uniq)).astype("int64"),
        "fatalities": np.bincount(inv, weights=fat[ok], minlength=len(uniq)).astype("int64"),
    })
    return g.sort_values(["date", "event_type"], ignore_index=True)


@st.cache_data(show_spinner=False, max_entries=32)
def timeline(path: str, version: tuple, filters: Filters, writable: bool = False) -> pd.DataFrame:
    """:func:`timeline_frame` of the filtered events."""
    return timeline_frame(filtered(path, version, filters, writable))


def region_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Events and fatalities per admin-1 region (``country``, ``admin1``, ``events``,
    ``fatalities``), most events first; country-level events count as "(country-level)"."""
    cols = ["country", "admin1", "events", "fatalities"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    prec = pd.to_numeric(df["geo_precision"], errors="coerce").fillna(1).to_numpy()
    # one label per distinct value, not per row (200,000 Arrow strings are slow to touch)
    a_code, a_names = pd.factorize(df["admin1"])
    a_labels = np.asarray([str(v) for v in a_names] + ["(unknown)", "(country-level)"],
                          dtype=object)
    a_code = np.where(a_code < 0, len(a_names), a_code)
    blank = np.flatnonzero(a_labels[: len(a_names)] == "")
    if len(blank):
        a_code = np.where(a_code == blank[0], len(a_names), a_code)
    a_code = np.where(prec >= 4, len(a_names) + 1, a_code)
    c_code, c_names = pd.factorize(df["country"].fillna(df["country_code"]).fillna("?"))
    fat = pd.to_numeric(df["fatalities"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    key = c_code.astype("int64") * len(a_labels) + a_code
    grp, uniq = pd.factorize(key)  # in order of first appearance, as groupby(sort=False)
    cc, aa = np.divmod(uniq.astype("int64"), len(a_labels))
    g = pd.DataFrame({
        "country": np.asarray([str(v) for v in c_names], dtype=object)[cc],
        "admin1": a_labels[aa],
        "events": np.bincount(grp, minlength=len(uniq)).astype("int64"),
        "fatalities": np.bincount(grp, weights=np.nan_to_num(fat),
                                  minlength=len(uniq)).astype("int64"),
    })
    return g.sort_values(["events", "fatalities", "admin1"], ascending=[False, False, True],
                         ignore_index=True, kind="stable")[cols]


@st.cache_data(show_spinner=False, max_entries=32)
def by_region(path: str, version: tuple, filters: Filters, writable: bool = False) -> pd.DataFrame:
    """:func:`region_frame` of the filtered events."""
    return region_frame(filtered(path, version, filters, writable))


def not_pinned(df: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The events the map does not pin: country-level (``geo_precision`` 4) and point events
    without usable coordinates (the rule of :func:`geodata.maps.layers.country_level`, vectorised:
    it runs on every filter change); only ``columns`` when given."""
    if "_prec" in df.columns and "_has_xy" in df.columns:  # from load_frame
        prec, ok = df["_prec"].to_numpy(), df["_has_xy"].to_numpy()
    else:
        lat = pd.to_numeric(df["latitude"], errors="coerce").to_numpy(dtype=float)
        lon = pd.to_numeric(df["longitude"], errors="coerce").to_numpy(dtype=float)
        ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        prec = pd.to_numeric(df["geo_precision"], errors="coerce").to_numpy(dtype=float)
        prec = np.where(np.isnan(prec), np.where(ok, 2, 4), prec).clip(1, 4).round()
    rows = np.flatnonzero((prec >= 4) | ((prec <= 2) & ~ok))
    sub = df if columns is None else df[[c for c in columns if c in df.columns]]
    return sub.iloc[rows]


@st.cache_data(show_spinner=False, max_entries=32)
def country_level_events(path: str, version: tuple, filters: Filters,
                         writable: bool = False) -> pd.DataFrame:
    """The filtered events the map does not pin (country-level, or without coordinates)."""
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
    from geodata.maps.layers import build_map

    b = boundaries() if bounds is None else bounds
    # the helper columns of :func:`load_frame` spare build_map their work on every change
    cols = [c for c in (*MAP_COLUMNS, *_MAP_HELPERS) if c in df.columns]
    m = build_map(df[cols], boundaries=b if b is not None else False, mode="static",
                  cluster=view.cluster, heatmap=True, heat_weight=view.heat_weight,  # type: ignore[arg-type]
                  choropleth=view.choropleth, basemap="offline",  # type: ignore[arg-type]
                  selected_event_id=focus, height=height,
                  max_markers=settings.get().map_max_markers,
                  legend_open=False)
    _hide_popup_flag(m)
    return _lean(m)


def _hide_popup_flag(m) -> None:
    """Hide the popups' "Flag as wrong" button: in the dashboard it could not store anything
    (the component reports clicks on features, not on buttons). A click on the event selects
    it, and the detail panel beside the map flags it for real (audited)."""
    import folium

    m.get_root().header.add_child(
        folium.Element("<style>.ua-popup .ua-flag{display:none}</style>"), name="ua_no_flag")


def _lean(m):
    """Leave out the assets the map does not use (Bootstrap, and awesome-markers / Font
    Awesome when there is no icon marker): fewer files for the browser to fetch one after
    another before the map draws. (``build_map`` keeps them in static mode.)"""
    from geodata.maps.assets import _OfflineSetup, localize

    att = next((list(c.attributions) for c in m._children.values()
                if isinstance(c, _OfflineSetup)), [])
    return localize(m, mode="static", attributions=att, lean=True)


@dataclass(frozen=True)
class RenderedMap:
    """A map of filtered events, rendered once for streamlit-folium.

    Attributes
    ----------
    summary
        What was drawn (:class:`geodata.maps.layers.MapSummary`).
    args
        The component arguments (:func:`dashboard.foliumkit.component_args`), or ``None``.
    rebuild
        A zero-argument function that builds the same map again (for the plain
        ``st_folium`` fallback; a folium map can be rendered only once).
    """

    summary: Any
    args: dict[str, Any] | None
    rebuild: Any


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


def _walk(el: Any):
    yield el
    for child in list(getattr(el, "_children", {}).values()):
        yield from _walk(child)


def fresh_copy(m):
    """A deep copy of a folium map that renders like the original.

    branca drops an element's ``_template`` when it is copied and rebuilds it only from
    ``_template_str``/``_template_name``; elements that set ``_template`` directly (the
    Leaflet snippets of :mod:`geodata.maps._mapjs`) would lose their script, so the original
    (immutable) templates are put back.
    """
    c = copy.deepcopy(m)
    for a, b in zip(_walk(m.get_root()), _walk(c.get_root()), strict=True):
        t = a.__dict__.get("_template")
        if t is not None and b.__dict__.get("_template") is not t:
            b._template = t
    return c


# ----------------------------------------------------------------------------- exports
def map_export_bytes(df: pd.DataFrame, fmt: str, subtitle: str = "") -> bytes:
    """A briefing map (``pdf``, ``png``, ``svg`` or self-contained ``html``) of exactly the
    events of ``df``, through :func:`geodata.maps.static.map_bytes` (as ``unrest-atlas export-map``)."""
    from geodata.maps.static import map_bytes

    return map_bytes(df, fmt, title="Civil unrest events", subtitle=subtitle or None)


def export_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """The events of ``df`` as a CSV (ACLED columns first) or GeoJSON file's bytes, through
    :func:`geodata.io.files.write_events` (exactly these rows)."""
    from geodata.io.files import write_events

    if fmt not in ("csv", "geojson"):
        raise ValueError(f"unknown export format {fmt!r}")
    cols = [c for c in df.columns if not c.startswith("_")]
    with tempfile.TemporaryDirectory(prefix="ua-export-") as tmp:
        out = Path(tmp) / f"events.{fmt}"
        write_events(df[cols], out, fmt)
        return out.read_bytes()


# ----------------------------------------------------------------------------- writes
def _writable_store(choice: StoreChoice) -> EventStore:
    if not choice.writable:
        raise StoreError(f"{choice.path} is open read-only")
    return store(str(choice.path), True)


def update_event(choice: StoreChoice, event_id: str, *, who: str, note: str = "",
                 **changes: Any) -> dict[str, Any]:
    """Correct an event (audited by :meth:`geodata.store.eventstore.EventStore.correct`)."""
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
    finally:
        ids = list(result.event_ids) if result is not None else []
        if result is None:  # nothing known of what changed: the next frame reads it all
            with _known_lock:
                _known.pop(str(Path(choice.path)), None)
        else:
            _after_write(choice.path, before, ids)
        _bump()
    return result, problems


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
def json_dumps(obj: Any) -> str:
    """Compact JSON with dates as ISO strings."""
    return json.dumps(obj, ensure_ascii=False, default=lambda v: v.isoformat()
                      if isinstance(v, date) else str(v))
