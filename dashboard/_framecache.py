"""The prepared events frame kept between runs, and what this process knows of its freshness.

Plumbing of :mod:`dashboard.data` (the one module that caches; nothing else imports this):

- the on-disk cache (:func:`frame_cache_path`, :func:`read`, :func:`write`): the frame
  :func:`dashboard.data.load_frame` made, in Arrow's Feather format, keyed by the store's
  content stamp (:func:`file_stamp` for a GeoPackage), so a restart on 200,000 events loads
  in a tenth of a second instead of about two;
- the last frame loaded of each store (:data:`known`) with the events the writes made here
  changed since (:func:`after_write`), so the next frame is patched, not reloaded.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.stores import is_url, location_key
from geodata import settings
from geodata.store.eventstore import STORE_EVENT_COLUMNS

#: Bump when :func:`dashboard.data.load_frame` changes what it computes (old cache files are
#: then ignored).
FRAME_CACHE_FORMAT = 4


def frame_cache_path(path: str | Path) -> Path:
    """Where the prepared frame of the store at ``path`` is kept between runs (one file per
    store, in ``settings.cache_dir/frames``; a URL's password never reaches the name)."""
    digest = hashlib.blake2b(location_key(path).encode(), digest_size=10).hexdigest()
    return settings.get().cache_dir / "frames" / f"{digest}.arrow"


def file_stamp(path: str | Path) -> str | None:
    """What changes when a GeoPackage's content does: size, modification time and SQLite's
    file change counter (header bytes 24-27, bumped by every committed write), and the
    ``-wal`` file's size and time (``None``: the file cannot be read)."""
    try:
        p = Path(path)
        st_ = p.stat()
        with p.open("rb") as fh:
            head = fh.read(28)
    except OSError:
        return None
    counter = int.from_bytes(head[24:28], "big") if len(head) >= 28 else -1
    try:  # a WAL store: commits are in the -wal file until a checkpoint copies them over
        wal = Path(f"{path}-wal").stat()  # (an empty one, made by opening the store, holds none)
        wal_stamp = f":{wal.st_size}:{wal.st_mtime_ns}" if wal.st_size else ""
    except OSError:
        wal_stamp = ""
    return f"{st_.st_size}:{st_.st_mtime_ns}:{counter}{wal_stamp}"


def cache_key(path: str | Path, stamp: str | None, bounds: Any) -> str | None:
    """The key a cache file must carry to stand for this content (``None``: no stamp)."""
    if stamp is None:
        return None
    token = getattr(bounds, "token", None) if bounds is not None else "none"
    return json.dumps([FRAME_CACHE_FORMAT, location_key(path), stamp, token,
                       list(STORE_EVENT_COLUMNS), pd.__version__])


def read(path: str | Path, key: str | None) -> pd.DataFrame | None:
    """The cached frame of ``path`` when its file carries ``key`` (``None``: no cache file,
    another version, or unreadable)."""
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


def write(path: str | Path, df: pd.DataFrame, key: str | None) -> Path | None:
    """Keep ``df`` under ``key`` for the next start; written atomically. A cache that cannot
    be written is skipped (returns ``None``): it only saves time."""
    if key is None:
        return None
    file = frame_cache_path(path)
    try:
        import pyarrow as pa
        import pyarrow.feather as feather

        from geodata.atomic import atomic_path

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


def write_soon(writer: Callable[..., Any], path: str, df: pd.DataFrame, bounds: Any) -> None:
    """Run ``writer(path, df, bounds)`` on a daemon thread (the page does not wait)."""
    threading.Thread(target=writer, args=(path, df, bounds), daemon=True,
                     name="unrest-atlas-frame-cache").start()


@dataclass
class Known:
    """The last frame loaded of a store, the store's content stamp it matches (moved on by
    each write made here) and the events those writes changed."""

    stamp: str | None
    frame: pd.DataFrame
    changed: set[str]


known: dict[str, Known] = {}
known_lock = threading.Lock()


def after_write(path: str | Path, before: str | None, after: Callable[[], str | None],
                event_ids: Iterable[str]) -> None:
    """Record that this process changed ``event_ids`` (the next frame patches them in);
    forgets the frame when someone else changed the store in between (its stamp before the
    write is not the known one). ``after`` gives the stamp now."""
    key = str(Path(path))
    with known_lock:
        k = known.get(key)
        if k is None:
            return
        if is_url(path):  # PostGIS: the next frame asks the store what changed (ours, others')
            k.stamp = None
            return
        if before is None or k.stamp != before:
            known.pop(key, None)
            return
        k.stamp = after()
        k.changed.update(str(e) for e in event_ids)


def forget(path: str | Path) -> None:
    """Drop what is known of the store at ``path`` (the next frame reads it all)."""
    with known_lock:
        known.pop(str(Path(path)), None)
