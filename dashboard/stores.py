"""Which event store the dashboard shows (no caching here: :mod:`dashboard.data` caches).

See :func:`dashboard.data.resolve_store` for the order in which a store is chosen. A store is
a GeoPackage file or, in team mode, a ``postgresql://`` URL (:func:`is_url`); the URL's
password never appears in messages or cache keys (:func:`location_key`)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geodata import settings
from geodata.exceptions import StoreError
from geodata.store.eventstore import EventStore
from geodata.store.postgis import is_postgres_url, mask_url

ENV_STORE = "UNREST_ATLAS_DASHBOARD_STORE"


ENV_READONLY = "UNREST_ATLAS_DASHBOARD_READONLY"


ENV_DATA_HOME = "UNREST_ATLAS_DATA_HOME"


@dataclass(frozen=True)
class StoreChoice:
    """The store the dashboard shows.

    Attributes
    ----------
    path
        The GeoPackage file, or the PostGIS store's ``postgresql://`` URL (a ``str``).
    writable
        Whether corrections and ingests can be written to it.
    is_sample
        Whether it is the user's copy of the bundled sample.
    origin
        ``"command line"``, ``"environment"`` or ``"sample"``.
    note
        Why it is read-only, or what was done to get it (empty when nothing to say).
    """

    path: Path | str
    writable: bool
    is_sample: bool
    origin: str
    note: str = ""


def is_url(location: str | Path) -> bool:
    """Whether a store location is a PostGIS URL (else a GeoPackage path)."""
    return is_postgres_url(str(location)) and not isinstance(location, Path)


def location_key(location: str | Path) -> str:
    """A store location for cache keys and messages: a resolved path, or a URL without its
    password."""
    return mask_url(str(location)) if is_url(location) else str(Path(location).resolve())


def url_choice(url: str, origin: str) -> StoreChoice:
    """The :class:`StoreChoice` of a PostGIS store (writable unless forced read-only; the
    database's own grants still apply)."""
    readonly = os.environ.get(ENV_READONLY, "").strip().lower() in ("1", "true", "yes")
    return StoreChoice(url, not readonly, False, origin,
                       "read-only: corrections and ingest are off" if readonly else "")


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


def _make_sample_copy(target: Path) -> tuple[Path, str]:
    from geodata.atomic import atomic_path

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


# ----------------------------------------------------------------------------- PostGIS frames
#: Where a PostGIS frame keeps the store's change marks it holds (``DataFrame.attrs``; kept in
#: the frame cache file with the other attrs).
MARKS_ATTR = "unrest_atlas.pg_marks"
#: More writes than this since the frame was read: read the store again instead of patching.
MAX_PATCHED_WRITES = 500


def _marks_stmt() -> Any:
    import sqlalchemy as sa

    from geodata.store._pgschema import changes, corrections, reports

    def agg(table: Any) -> list[Any]:  # its last row id and its number of rows
        return [sa.select(sa.func.coalesce(sa.func.max(table.c.fid), 0)).scalar_subquery(),
                sa.select(sa.func.count()).select_from(table).scalar_subquery()]

    return sa.select(sa.select(changes.c.counter).where(changes.c.id == 1).scalar_subquery(),
                     *agg(corrections), *agg(reports))


def change_marks(store: Any) -> dict[str, int]:
    """Where a PostGIS store's writes stand: its change counter, and the last row id and row
    count of its corrections and of its reports. Read them *before* reading the events: the
    events then hold at least every write the marks count (see :func:`changed_events`)."""
    with store._engine.connect() as conn:  # (PostgisStore's engine: one read, no write)
        row = conn.execute(_marks_stmt()).one()
    return dict(zip(("counter", "corr_max", "corr_n", "rep_max", "rep_n"), map(int, row), strict=True))


def changed_events(store: Any, marks: dict[str, int]
                   ) -> tuple[list[str], dict[str, int], int, float] | None:
    """What other writers changed in a PostGIS store since ``marks``: the ids of the events
    corrected or reviewed since (new corrections) or fed by reports stored since (new or merged
    events), the new marks, and the store's number of events and sum of ``sources_count`` (to
    check the patched frame against), all read in one snapshot.

    ``None`` when patching cannot be trusted, and the frame must be read again: too many
    writes since, or a write older than the marks committed after them (row ids are handed out
    before commit: a correction or report with an id at or below the marks' last appeared).
    """
    import sqlalchemy as sa

    from geodata.store._pgschema import corrections, event_sources, events, reports

    with store._engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            row = conn.execute(_marks_stmt()).one()
            new = dict(zip(("counter", "corr_max", "corr_n", "rep_max", "rep_n"), map(int, row), strict=True))
            if new["counter"] - marks.get("counter", 0) > MAX_PATCHED_WRITES:
                return None
            late = conn.execute(sa.select(
                sa.select(sa.func.count()).select_from(corrections)
                .where(corrections.c.fid <= marks["corr_max"]).scalar_subquery(),
                sa.select(sa.func.count()).select_from(reports)
                .where(reports.c.fid <= marks["rep_max"]).scalar_subquery())).one()
            if tuple(late) != (marks["corr_n"], marks["rep_n"]):
                return None
            corrected = sa.select(corrections.c.event_id).where(corrections.c.fid > marks["corr_max"])
            fed = (sa.select(event_sources.c.event_id)
                   .join(reports, reports.c.report_id == event_sources.c.report_id)
                   .where(reports.c.fid > marks["rep_max"]))
            ids = sorted(set(conn.execute(sa.union(corrected, fed)).scalars()))
            n, total = conn.execute(sa.select(
                sa.func.count(), sa.func.coalesce(sa.func.sum(events.c.sources_count), 0))).one()
    return [str(i) for i in ids], new, int(n), float(total)


def refresh_frame(store: Any, prev: Any, bounds: Any = None) -> Any:
    """``prev`` (a frame of this PostGIS store, with its marks) brought up to date with what
    was written since (by anyone): the changed events read and patched in
    (:func:`dashboard.frames.patch_frame`), checked against the store's number of events and
    sum of sources. ``None`` when the frame must be read again (no marks, see
    :func:`changed_events`, or the check fails). ``prev`` is never changed."""
    import pandas as pd

    from dashboard.frames import patch_frame
    from geodata.store.eventstore import STORE_EVENT_COLUMNS

    marks = prev.attrs.get(MARKS_ATTR)
    if not isinstance(marks, dict):
        return None
    got = changed_events(store, marks)
    if got is None:
        return None
    ids, new, n, total = got
    df = prev
    if ids:
        rows = store.events(include_rejected=True, event_ids=ids, columns=list(STORE_EVENT_COLUMNS))
        df = patch_frame(prev, rows, bounds)
    if len(df) != n or float(pd.to_numeric(df["sources_count"], errors="coerce").fillna(0).sum()) != total:
        return None  # a write the marks cannot see (a report replaced, an event removed): reload
    df = df.copy(deep=False) if df is prev else df
    df.attrs[MARKS_ATTR] = new
    return df


def choose(argv: Sequence[str], sample: Callable[[], tuple[Path, str]]) -> StoreChoice:
    """The store to show: ``--store`` in ``argv``, else ``$UNREST_ATLAS_DASHBOARD_STORE``,
    else the user's copy of the bundled sample (``sample()`` makes it when missing).

    Raises
    ------
    StoreError
        When an explicit store cannot be read or created.
    """
    arg = _store_arg(argv)
    origin = "command line"
    if arg is None:
        arg = os.environ.get(ENV_STORE) or None
        origin = "environment"
    if arg and is_url(arg):  # PostGIS (team mode)
        return url_choice(arg, origin)
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
    path, note = sample()
    return StoreChoice(path, _writable(path), True, "sample", note)
