"""The gazetteer index and analysts' overrides."""

from __future__ import annotations

import pytest

from geodata.exceptions import DataMissingError, GazetteerError
from geodata.places.gazetteer import Gazetteer
from geodata.places.geoparse import Geoparser
from geodata.settings import DATA_DIR


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(DataMissingError, match="build_gazetteer"):
        Gazetteer(tmp_path / "nope.sqlite")


def test_lookup_folds_case_diacritics_and_hyphens(gazetteer):
    for name in ("Aqtöbe", "AKTOBE", "Aktobe", "Актобе", "Aktyubinsk"):
        top = gazetteer.lookup(name)[0]
        assert top.country_code == "KZ" and top.admin1_code == "KZ.04", name
    assert gazetteer.lookup("Alma-Ata")[0].name == "Almaty"
    assert gazetteer.lookup("alma ata")[0].name == "Almaty"


def test_country_and_region_records(gazetteer):
    kz = gazetteer.country("kz")
    assert kz.kind == "country" and kz.name == "Kazakhstan"
    mg = gazetteer.admin1("KZ.09")
    assert mg.kind == "region" and mg.name == "Mangystau"
    meta = gazetteer.stats()
    assert int(meta["places"]) > 200_000 and "GeoNames" in meta["sources"]


def _write(tmp_path, text):
    p = tmp_path / "overrides.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_override_adds_a_landmark_and_wins(tmp_path):
    p = _write(tmp_path, "name,lat,lon,country,kind\nLekki Toll Gate,6.4318,3.4650,NG,landmark\n"
                         "Almaty,1.0,1.0,KZ,city\n")
    gaz = Gazetteer(DATA_DIR / "gazetteer.sqlite", overrides=p)
    ms = Geoparser(gaz).parse("Shots were fired at the Lekki Toll Gate, and crowds gathered in Almaty.")
    by = {m.mention: m for m in ms}
    assert by["Lekki Toll Gate"].kind == "landmark" and by["Lekki Toll Gate"].method == "override"
    assert (by["Almaty"].lat, by["Almaty"].lon) == (1.0, 1.0), "an override wins over the index"


def test_override_replaces_a_place_by_id(tmp_path):
    base = Gazetteer(DATA_DIR / "gazetteer.sqlite")
    z = base.lookup("Zhanaozen")[0]
    p = _write(tmp_path, f"name,lat,lon,country,kind,replaces\nZhanaozen,43.30,52.80,KZ,city,{z.id}\n")
    gaz = Gazetteer(DATA_DIR / "gazetteer.sqlite", overrides=p)
    top = gaz.lookup("Novyy Uzen")[0]  # another name of the same place takes the new point
    assert top.id == z.id and (top.lat, top.lon) == (43.30, 52.80)
    assert gaz.get(z.id).lat == 43.30


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("place,lat\nX,1\n", "needs columns"),
        ("name,lat,lon,country,kind\nX,abc,1,KZ,city\n", "numbers"),
        ("name,lat,lon,country,kind\nX,95,1,KZ,city\n", "out of range"),
        ("name,lat,lon,country,kind\nX,1,1,KZ,village\n", "kind"),
        ("name,lat,lon,country,kind,replaces\nX,1,1,KZ,city,abc\n", "GeoNames id"),
    ],
)
def test_bad_override_files_name_the_line(tmp_path, text, message):
    p = _write(tmp_path, text)
    with pytest.raises(GazetteerError, match=message):
        Gazetteer(DATA_DIR / "gazetteer.sqlite", overrides=p)
