"""geodata/data/boundaries.gpkg (tools/build_boundaries.py) and region matching."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from geodata.exceptions import DataMissingError
from geodata.maps.regions import load_boundaries, match_regions, normalize_name
from geodata.settings import DATA_DIR

PATH = DATA_DIR / "boundaries.gpkg"
pytestmark = pytest.mark.skipif(not PATH.is_file(),
                                reason="geodata/data/boundaries.gpkg not built "
                                       "(python tools/build_boundaries.py)")


@pytest.fixture(scope="module")
def b():
    return load_boundaries(PATH)


def test_layers_columns_and_size(b):
    assert {"iso_a2", "iso_a3", "iso_n3", "name"} <= set(b.countries.columns)
    assert {"gn_a1_code", "iso_3166_2", "name", "name_alt", "country_code", "admin",
            "code_hasc", "label_lat", "label_lon"} <= set(b.admin1.columns)
    assert len(b.countries) > 200 and len(b.admin1) > 4000
    assert str(b.admin1.crs).endswith("4326")
    assert PATH.stat().st_size < 15_000_000


def test_geometries_valid(b):
    assert b.countries.is_valid.all()
    assert b.admin1.is_valid.all()
    assert set(b.admin1.geom_type) <= {"Polygon", "MultiPolygon"}


def test_countries_have_iso_codes(b):
    kz = b.countries[b.countries.iso_a2 == "KZ"]
    assert len(kz) == 1
    assert (kz.iloc[0].iso_a3, kz.iloc[0].iso_n3, kz.iloc[0]["name"]) == ("KAZ", "398",
                                                                          "Kazakhstan")
    assert b.countries.iso_a2.notna().mean() > 0.97


def test_mangystau_and_its_label_point(b):
    row = b.admin1[b.admin1.gn_a1_code == "KZ.09"]
    assert len(row) == 1
    r = row.iloc[0]
    assert r["name"] == "Mangghystau" and r.country_code == "KZ" and r.iso_3166_2 == "KZ-47"
    assert "Mangistau" in r.name_alt
    assert r.geometry.contains(shapely.Point(r.label_lon, r.label_lat))
    # the label of a Caspian region must be on land inside it, near its centre
    assert 42.0 < r.label_lat < 46.0 and 51.0 < r.label_lon < 56.5


def test_every_label_point_inside_its_region(b):
    inside = shapely.contains_xy(b.admin1.geometry.values, b.admin1.label_lon.values,
                                 b.admin1.label_lat.values)
    assert inside.all(), b.admin1[~inside][["name", "admin"]].head()


def test_codes_are_clean(b):
    codes = b.admin1.gn_a1_code.dropna()
    assert codes.str.fullmatch(r"[A-Z]{2}\.[A-Z0-9]{1,3}").all()
    assert b.admin1.iso_3166_2.dropna().str.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}").all()
    assert b.admin1.country_code.notna().mean() > 0.99
    us = b.admin1[b.admin1.country_code == "US"]
    assert len(us) == 51 and "US.TX" in set(us.gn_a1_code)


@pytest.mark.parametrize("admin1, extra", [
    ("Mangghystau", {}),
    ("Mangghystaū oblysy", {}),
    ("Mangistau", {}),
    ("Mangystau", {}),  # fuzzy
    ("No such region", {"latitude": 43.65, "longitude": 51.17}),  # point in polygon (Aktau)
    (None, {"admin1_code": "KZ.09"}),
])
def test_match_regions_finds_mangystau(b, admin1, extra):
    row = {"country_code": "KZ", "admin1": admin1, "latitude": None, "longitude": None}
    row.update(extra)
    idx = match_regions(pd.DataFrame([row]), b).iloc[0]
    assert idx >= 0 and b.admin1.loc[idx, "gn_a1_code"] == "KZ.09"


def test_match_regions_no_match(b):
    ev = pd.DataFrame([{"country_code": "KZ", "admin1": "Atlantis", "latitude": 44.5,
                        "longitude": 50.2}])  # in the Caspian Sea
    assert match_regions(ev, b).iloc[0] == -1


def test_normalize_name():
    assert normalize_name("Aqtöbe") == "aqtobe"
    assert normalize_name("Almaty Oblysy", strip_generic=True) == "almaty"
    assert normalize_name(None) == ""


def test_missing_file(tmp_path):
    with pytest.raises(DataMissingError):
        load_boundaries(tmp_path / "none.gpkg")
