"""Which event store the dashboard shows (no caching here: :mod:`dashboard.data` caches).

See :func:`dashboard.data.resolve_store` for the order in which a store is chosen. A store is
a GeoPackage file or, in team mode, a ``postgresql://`` URL (:func:`is_url`); the URL's
password never appears in messages or cache keys (:func:`location_key`)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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
