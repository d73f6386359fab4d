"""Typed settings of Unrest Atlas, in one place.

Read once from the environment (``UNREST_ATLAS_*`` variables) when first used; change them in
code with :func:`configure`::

    >>> from geodata import settings
    >>> settings.configure(online_geocoder="nominatim")  # doctest: +SKIP

Everything online is off by default: the tool works with no network.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DATA_DIR", "Settings", "configure", "get"]

#: Folder of the data that ships inside the package (gazetteer, boundaries, sample store).
DATA_DIR = Path(__file__).resolve().parent / "data"


def _env_path(name: str, default: Path | None) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


def _env_int(name: str, default: int, lowest: int) -> int:
    """An integer from the environment (unset, unreadable or below ``lowest``: ``default``)."""
    try:
        value = int(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value >= lowest else default


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "unrest-atlas"


@dataclass(frozen=True)
class Settings:
    """All tunable settings.

    Attributes
    ----------
    gazetteer_path
        The built gazetteer index (SQLite) shipped in the package.
    overrides_path
        An analyst's CSV of extra names and overrides (``name,lat,lon,country,kind[,replaces]``),
        applied on load without rebuilding. ``None``: none.
    boundaries_path
        Country and admin-1 outlines (GeoPackage) shipped in the package.
    sample_store_path
        The bundled sample event store the dashboard opens by default.
    store_path
        The store used when a command is given no ``--store``.
    online_geocoder
        ``None`` (default: offline only) or a geopy geocoder name such as ``"nominatim"``.
    online_url
        Base URL of the online geocoder (``None``: geopy's default domain).
    user_agent
        User agent sent to online services, as their usage policies require.
    online_timeout
        Seconds a connection may stay silent before an online request is given up.
    online_deadline
        Seconds one name may take in all (a server that trickles bytes is cut off here).
    online_budget
        Seconds all online requests of one run may take together; past it the offline
        result is kept without asking.
    online_min_delay
        Minimum seconds between two online requests (Nominatim's policy: 1).
    cache_dir
        Folder of the disk cache for online answers.
    web_tiles
        Whether maps add online web tiles (off: offline basemap only).
    map_max_markers
        Above this many point events the dashboard's map draws grid cells instead of single
        events (each event carries its popup; this bounds the map's size and drawing time).
    """

    gazetteer_path: Path = DATA_DIR / "gazetteer.sqlite"
    overrides_path: Path | None = None
    boundaries_path: Path = DATA_DIR / "boundaries.gpkg"
    sample_store_path: Path = DATA_DIR / "sample_store.gpkg"
    store_path: Path = field(default_factory=lambda: Path("unrest-atlas.gpkg"))
    online_geocoder: str | None = None
    online_url: str | None = None
    user_agent: str = "unrest-atlas/0.1 (offline-first unrest geoparser)"
    online_timeout: float = 10.0
    online_deadline: float = 15.0
    online_budget: float = 300.0
    online_min_delay: float = 1.0
    cache_dir: Path = field(default_factory=_default_cache_dir)
    web_tiles: bool = False
    map_max_markers: int = 2500

    @classmethod
    def from_env(cls) -> Settings:
        """Settings with ``UNREST_ATLAS_*`` environment variables applied."""
        base = cls()
        return dataclasses.replace(
            base,
            gazetteer_path=_env_path("UNREST_ATLAS_GAZETTEER", base.gazetteer_path) or base.gazetteer_path,
            overrides_path=_env_path("UNREST_ATLAS_OVERRIDES", None),
            store_path=_env_path("UNREST_ATLAS_STORE", base.store_path) or base.store_path,
            cache_dir=_env_path("UNREST_ATLAS_CACHE", base.cache_dir) or base.cache_dir,
            online_geocoder=os.environ.get("UNREST_ATLAS_ONLINE") or None,
            user_agent=os.environ.get("UNREST_ATLAS_USER_AGENT", base.user_agent),
            map_max_markers=_env_int("UNREST_ATLAS_MAP_MAX_MARKERS", base.map_max_markers, 1),
        )


_current: Settings | None = None


def get() -> Settings:
    """The settings in force."""
    global _current
    if _current is None:
        _current = Settings.from_env()
    return _current


def configure(**changes: object) -> Settings:
    """Change settings for this process and return the new settings.

    Parameters
    ----------
    **changes
        Field names of :class:`Settings` and their new values.
    """
    global _current
    _current = dataclasses.replace(get(), **changes)  # type: ignore[arg-type]
    return _current
