"""Data interchange: GIS round-trips, KML, and ACLED / GDELT imports."""

from __future__ import annotations

import csv
import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from geodata.cli import main
from geodata.exceptions import ExportError, ImportFormatError
from geodata.io._acled import ACLED_COLUMNS
from geodata.io._gdelt import GDELT_COLUMNS
from geodata.io.interchange import (
    ACLED_FIELD_MAP,
    GDELT_FIELD_MAP,
    export_events,
    import_acled,
    import_gdelt,
    import_to_store,
    read_events,
    tag_values,
)
from geodata.model import EVENT_FIELDS, Event
from geodata.store.eventstore import EventStore

FIXTURES = Path(__file__).parent / "fixtures"
ACLED = FIXTURES / "acled_sample.csv"
GDELT = FIXTURES / "gdelt_sample.CSV"
KML_NS = "{http://www.opengis.net/kml/2.2}"


def _events() -> list[Event]:
    """Events that use every field, with awkward values (quotes, commas, newlines, unicode)."""
    a = Event(
        event_id="x-1", report_id="rep-1", event_date="2022-01-05", time_precision=1,
        event_type="Riots", sub_event_type="Violent demonstration", actor1="Rioters (Kazakhstan)",
        actor2="Police Forces of Kazakhstan (2019-)", location="Алматы, \"old\" town", admin1="Almaty",
        country="Kazakhstan", country_code="KZ", latitude=43.25667, longitude=76.92861, geo_precision=2,
        fatalities=8, injuries=40, severity=4, notes="Line one, with a comma;\nline two <b>&amp;</b>",
        source="Wire A; Wire B", confidence=0.87, geonameid=1526384, mention_start=12, mention_end=18,
        sentence_start=0, sentence_end=77, assoc_actor_1="Students (Kazakhstan)", assoc_actor_2="",
        inter1=5, inter2=1, arrests=3, tags="crowd size=thousands; curfew",
        source_url="https://example.org/a?b=1&c=2", status="verified", sources_count=2,
    )  # fmt: skip
    b = Event(
        event_id="x-2", report_id="rep-2", event_date="2022-01-07", time_precision=3,
        event_type="Strategic developments", sub_event_type="Other", actor1="Government of Kazakhstan",
        actor2="", location="Kazakhstan", admin1=None, country="Kazakhstan", country_code="KZ",
        latitude=None, longitude=None, geo_precision=4, fatalities=None, injuries=None, severity=2,
        notes="A nationwide curfew.", source=None, confidence=0.5, tags="curfew",
    )  # fmt: skip
    return [a, b]


# ----------------------------------------------------------------------------- round trips
@pytest.mark.parametrize("fmt", ["csv", "geojson", "gpkg", "parquet"])
def test_round_trip_keeps_every_field(tmp_path, fmt):
    events = _events()
    path = export_events(events, tmp_path / f"ev.{fmt}")
    back = read_events(path)
    assert len(back) == len(events)
    for want, got in zip(events, back, strict=True):
        for f in EVENT_FIELDS:
            assert getattr(got, f) == getattr(want, f), f"{fmt}: {f}"


@pytest.mark.parametrize("fmt", ["csv", "geojson", "gpkg", "parquet"])
def test_round_trip_of_a_store_selection(tmp_path, fmt):
    with EventStore(tmp_path / "s.gpkg") as store:
        store.bulk_insert(_events())
        df = store.events()
    path = export_events(df, tmp_path / f"sel.{fmt}")
    back = {e.event_id: e for e in read_events(path)}
    for want in _events():
        got = back[want.event_id]
        assert dataclasses.asdict(got) == dataclasses.asdict(want)


def test_csv_has_acled_columns_in_acled_order(tmp_path):
    export_events(_events(), tmp_path / "ev.csv")
    with (tmp_path / "ev.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert tuple(header[: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert {"injuries", "arrests", "severity", "confidence", "status", "source_url"} <= set(header)


def test_parquet_is_geoparquet(tmp_path):
    import pyarrow.parquet as pq

    export_events(_events(), tmp_path / "ev.parquet")
    import json

    geo = json.loads(pq.read_schema(tmp_path / "ev.parquet").metadata[b"geo"])
    assert geo["primary_column"] == "geometry" and geo["version"].startswith("1.")
    col = geo["columns"]["geometry"]
    assert col["encoding"] == "WKB" and "Point" in col["geometry_types"]


def test_kml_has_one_placemark_per_event(tmp_path):
    import pyogrio

    events = _events()
    events.append(dataclasses.replace(events[0], event_id="x-3", location="Aktobe & <co>", event_type="Protests",
                                      sub_event_type="Peaceful protest", latitude=50.28, longitude=57.21))  # fmt: skip
    export_events(events, tmp_path / "ev.kml")
    root = ET.parse(tmp_path / "ev.kml").getroot()  # well-formed XML
    marks = root.findall(f".//{KML_NS}Placemark")
    assert len(marks) == len(events)
    names = [m.findtext(f"{KML_NS}name") for m in marks]
    assert "Aktobe & <co>" in names
    no_point = [m for m in marks if m.find(f"{KML_NS}Point") is None]
    assert len(no_point) == 1  # the country-level event without coordinates
    ids = {m.find(f".//{KML_NS}SimpleData[@name='event_id']").text for m in marks}
    assert ids == {e.event_id for e in events}
    riot = next(m for m in marks if m.find(f".//{KML_NS}SimpleData[@name='event_id']").text == "x-1")
    assert riot.findtext(f"{KML_NS}TimeStamp/{KML_NS}when") == "2022-01-05"
    assert riot.findtext(f"{KML_NS}styleUrl") == "#t-riots-s4"
    # GIS software reads it: GDAL sees one layer per event type (folder) and every placemark
    layers = [name for name, _ in pyogrio.list_layers(tmp_path / "ev.kml")]
    assert sorted(layers) == ["Protests (1)", "Riots (1)", "Strategic developments (1)"]
    frames = [pyogrio.read_dataframe(tmp_path / "ev.kml", layer=name) for name in layers]
    assert sum(len(f) for f in frames) == len(events)
    assert {v for f in frames for v in f["event_id"]} == {e.event_id for e in events}


def test_unknown_export_format_writes_nothing(tmp_path):
    with pytest.raises(ExportError):
        export_events(_events(), tmp_path / "ev.xlsx")
    assert not list(tmp_path.iterdir())


# ----------------------------------------------------------------------------- ACLED
def _fixture_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_acled_field_map_covers_every_acled_column():
    assert set(ACLED_FIELD_MAP) == set(ACLED_COLUMNS)


def test_acled_import_maps_every_field():
    events, rejected = import_acled(ACLED)
    assert rejected == []
    assert len(events) == len(_fixture_rows(ACLED)) == 8
    e = next(ev for ev in events if ev.event_id == "acled:KAZ1002")
    assert (e.report_id, e.event_date, e.time_precision) == ("acled:KAZ1002", "2022-01-04", 1)
    assert (e.event_type, e.sub_event_type) == ("Protests", "Protest with intervention")
    assert (e.actor1, e.assoc_actor_1, e.inter1) == ("Protesters (Kazakhstan)", "", 6)
    assert (e.actor2, e.inter2) == ("Police Forces of Kazakhstan (2019-)", 1)
    assert (e.country, e.country_code, e.admin1, e.location) == ("Kazakhstan", "KZ", "Aktobe", "Aktobe")
    assert (e.latitude, e.longitude, e.geo_precision) == (50.2797, 57.2072, 1)
    assert (e.source, e.fatalities, e.severity) == ("Regional Bulletin; Steppe Courier", 0, 2)
    assert e.notes.startswith('On 4 January 2022, a crowd marched to the "akimat" building')
    tags = tag_values(e.tags)
    assert e.tags.startswith("crowd size=around 1000")
    assert tags == {"crowd size": "around 1000", "region": "Caucasus and Central Asia", "admin2": "Aktobe",
                    "source_scale": "Subnational-National", "timestamp": "1643723400"}  # fmt: skip
    multi = next(ev for ev in events if ev.event_id == "acled:KAZ1003")
    assert "\n" in multi.notes and multi.fatalities == 8 and multi.severity == 4
    col = next(ev for ev in events if ev.event_id == "acled:COL3001")
    assert (col.country_code, col.assoc_actor_1, col.inter1, col.inter2) == ("CO", "Students (Colombia)", 6, 1)
    week = next(ev for ev in events if ev.event_id == "acled:KAZ1004")
    assert (week.time_precision, week.geo_precision, week.inter2) == (2, 2, 7)
    region = next(ev for ev in events if ev.event_id == "acled:KAZ1005")
    assert region.geo_precision == 3
    assert {e.country_code for e in events} == {"KZ", "NG", "CO"}


def test_acled_rows_survive_import_and_csv_export_column_for_column(tmp_path):
    """ACLED -> store -> our ACLED CSV gives back every one of ACLED's 31 columns."""
    from datetime import datetime

    with EventStore(tmp_path / "s.gpkg") as store:
        import_to_store(ACLED, "acled", store)
        df = store.events()
    export_events(df, tmp_path / "out.csv")
    original = {r["event_id_cnty"]: r for r in _fixture_rows(ACLED)}
    exported = {r["event_id_cnty"]: r for r in _fixture_rows(tmp_path / "out.csv")}
    assert set(exported) == {f"acled:{k}" for k in original}
    for key, want in original.items():
        got = exported[f"acled:{key}"]
        for col in ACLED_COLUMNS:
            w, g = want[col], got[col]
            if col == "event_id_cnty":
                assert g == f"acled:{w}"
            elif col == "event_date":
                assert g == datetime.strptime(w, "%d %B %Y").date().isoformat()
            elif col in ("latitude", "longitude"):
                assert float(g) == float(w)
            elif col == "inter2" and w == "0":
                assert g == ""  # no second actor
            elif col == "tags":
                assert g.startswith(w)
            else:
                assert g == w, f"{key}: {col}"


def test_acled_bad_rows_are_rejected_with_line_numbers(tmp_path):
    text = ACLED.read_text(encoding="utf-8")
    header, *_ = text.splitlines()
    good = _fixture_rows(ACLED)[0]

    def row(**kw) -> str:
        import io

        d = {**good, **kw}
        buf = io.StringIO()
        csv.writer(buf).writerow([d[c] for c in header.split(",")])
        return buf.getvalue().rstrip("\r\n")

    lines = [
        header,
        row(event_id_cnty="OK1"),                                  # 2
        row(event_id_cnty="BAD1", latitude="123.5"),               # 3
        row(event_id_cnty="BAD2", event_date="31 Februar 2022"),   # 4
        row(event_id_cnty="OK2", notes="two\nlines"),              # 5-6
        row(event_id_cnty="BAD3", event_type="Picnic"),            # 7
        row(event_id_cnty=""),                                     # 8
        row(event_id_cnty="OK1"),                                  # 9: repeats line 2
        "TOO,FEW,FIELDS",                                          # 10
        row(event_id_cnty="BAD4", longitude="east"),               # 11
        row(event_id_cnty="BAD5", fatalities="many"),              # 12
        row(event_id_cnty="OK3"),                                  # 13
    ]  # fmt: skip
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    events, rejected = import_acled(path)
    assert [e.event_id for e in events] == ["acled:OK1", "acled:OK2", "acled:OK3"]
    got = {r.line: r.reason for r in rejected}
    assert sorted(got) == [3, 4, 7, 8, 9, 10, 11, 12]
    assert "latitude" in got[3] and "out of range" in got[3]
    assert "event_date" in got[4]
    assert "Picnic" in got[7]
    assert "event_id_cnty" in got[8]
    assert "line 2" in got[9]
    assert "fields" in got[10]
    assert "longitude" in got[11]
    assert "fatalities" in got[12]
    assert not any(r.skipped for r in rejected)


# ----------------------------------------------------------------------------- GDELT
def test_gdelt_field_map_covers_every_gdelt_column():
    named: set[str] = set()
    for key in GDELT_FIELD_MAP:
        for part in (p.strip() for p in key.split(",")):
            if part.endswith("*") or "*" in part:
                prefix = part.split("*")[0]
                named |= {c for c in GDELT_COLUMNS if c.startswith(prefix)}
            else:
                named.add(part)
    assert set(GDELT_COLUMNS) <= named


def test_gdelt_fixture_is_a_gdelt_2_export():
    lines = GDELT.read_text(encoding="utf-8").splitlines()
    assert all(len(ln.split("\t")) == 61 for ln in lines)
    assert not lines[0].startswith("GlobalEventID")  # no header, like the real exports


def test_gdelt_import_maps_every_field():
    events, rejected = import_gdelt(GDELT)
    assert [(r.line, r.skipped) for r in rejected] == [(8, True)]  # CAMEO 042, a visit
    by = {e.event_id: e for e in events}
    e = by["gdelt:1021930001"]
    assert (e.report_id, e.event_date, e.time_precision) == ("gdelt:1021930001", "2022-01-02", 1)
    assert (e.event_type, e.sub_event_type) == ("Protests", "Peaceful protest")
    assert (e.actor1, e.inter1, e.actor2, e.inter2) == ("Protester", 6, "Kazakhstan", 1)
    assert (e.location, e.admin1, e.country, e.country_code) == ("Zhanaozen", "Mangghystau", "Kazakhstan", "KZ")
    assert (e.latitude, e.longitude, e.geo_precision) == (43.3412, 52.8619, 1)
    assert e.source == "steppe-courier.example"
    assert e.source_url == "https://www.steppe-courier.example/2022/01/02/gas-prices-rally"
    assert e.sources_count == 4 and e.fatalities is None
    assert tag_values(e.tags) == {
        "cameo": "1412", "quad_class": "3", "goldstein": "-6.5", "num_mentions": "12",
        "num_articles": "11", "avg_tone": "-3.8461538", "root_event": "1", "fips": "KZ", "adm1": "KZ09",
        "feature_id": "-2456713", "actor1_code": "KAZCVL", "actor2_code": "KAZGOV",
        "dateadded": "20220102154500",
    }  # fmt: skip
    assert "Demonstrate for policy change" in e.notes
    riot = by["gdelt:1021930002"]
    assert (riot.event_type, riot.sub_event_type, riot.inter1, riot.inter2) == ("Riots", "Violent demonstration", 5, 1)
    arrest = by["gdelt:1021930003"]
    assert (arrest.sub_event_type, arrest.geo_precision, arrest.admin1) == ("Arrests", 3, "Mangghystau")
    national = by["gdelt:1021930004"]
    assert (national.geo_precision, national.admin1, national.location) == (4, None, "Kazakhstan")
    assert "state of emergency" in national.tags and national.severity == 2
    # FIPS 10-4 country codes become ISO 3166 codes
    assert by["gdelt:1021930005"].country_code == "NG"  # FIPS NI
    assert by["gdelt:1021930006"].country_code == "GB"  # FIPS UK
    assert by["gdelt:1021930007"].country_code == "SD"  # FIPS SU
    assert by["gdelt:1021930005"].sub_event_type == "Remote explosive/landmine/IED"
    assert by["gdelt:1021930007"].sub_event_type == "Air/drone strike"
    assert by["gdelt:1021930006"].admin1 == "London" and by["gdelt:1021930006"].country == "United Kingdom"


def test_gdelt_bad_rows_are_rejected_with_line_numbers(tmp_path):
    good = GDELT.read_text(encoding="utf-8").splitlines()[0].split("\t")
    idx = {c: i for i, c in enumerate(GDELT_COLUMNS)}

    def row(**kw) -> str:
        f = list(good)
        for k, v in kw.items():
            f[idx[k]] = str(v)
        return "\t".join(f)

    lines = [
        row(GlobalEventID=1),                              # 1
        row(GlobalEventID=2, Day="2022-01-02"),            # 2
        row(GlobalEventID=3, ActionGeo_Lat="95.0"),        # 3
        "\t".join(good[:40]),                              # 4
        "",                                                # 5 (blank: ignored)
        row(GlobalEventID=5, ActionGeo_Type=0, ActionGeo_Lat="", ActionGeo_Long=""),  # 6
        row(GlobalEventID=1),                              # 7: repeats line 1
        row(GlobalEventID="abc"),                          # 8
        row(GlobalEventID=9),                              # 9
    ]  # fmt: skip
    path = tmp_path / "bad.export.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    events, rejected = import_gdelt(path)
    assert [e.event_id for e in events] == ["gdelt:1", "gdelt:9"]
    got = {r.line: r.reason for r in rejected}
    assert sorted(got) == [2, 3, 4, 6, 7, 8]
    assert "Day" in got[2] and "ActionGeo_Lat" in got[3] and "40 fields" in got[4]
    assert "location" in got[6] and "line 1" in got[7] and "GlobalEventID" in got[8]


def test_gdelt_with_a_header_line_is_read(tmp_path):
    body = GDELT.read_text(encoding="utf-8")
    path = tmp_path / "bq.tsv"
    path.write_text("\t".join(GDELT_COLUMNS) + "\n" + body, encoding="utf-8")
    events, rejected = import_gdelt(path)
    assert len(events) == 7 and [r.line for r in rejected] == [9]


# ----------------------------------------------------------------------------- wrong formats
@pytest.mark.parametrize(
    ("content", "fmt", "message"),
    [
        (None, "acled", "GDELT"),  # the GDELT fixture given as ACLED
        ("ACLED", "gdelt", "ACLED"),  # the ACLED fixture given as GDELT
        ("name,lat,lon\nAlmaty,43.2,76.9\n", "acled", "not an ACLED export"),
        ("name,lat,lon\nAlmaty,43.2,76.9\n", "gdelt", "not a GDELT 2.0"),
        ("\t".join(["1", "20220101"] + [""] * 55) + "\n", "gdelt", "GDELT 1.0"),
        ("", "acled", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "gdelt", "binary"),
    ],
)
def test_files_of_another_format_are_refused(tmp_path, content, fmt, message):
    from geodata.io.interchange import import_file

    if content is None:
        path = GDELT
    elif content == "ACLED":
        path = ACLED
    else:
        path = tmp_path / "input.csv"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFormatError, match=message):
        import_file(path, fmt)


# ----------------------------------------------------------------------------- store and CLI
def test_cli_import_keeps_ids_and_sources_and_is_idempotent(tmp_path, capsys):
    store = tmp_path / "s.gpkg"
    assert main(["import", "--format", "acled", str(ACLED), "--store", str(store)]) == 0
    assert main(["import", "--format", "gdelt", str(GDELT), "--store", str(store)]) == 0
    err = capsys.readouterr().err
    assert "8 added" in err and "7 added" in err and "skipped 1 row" in err
    assert main(["import", "--format", "gdelt", str(GDELT), "--store", str(store)]) == 0
    assert "0 added, 7 already stored" in capsys.readouterr().err
    with EventStore.open_readonly(store) as s:
        df = s.events()
        ev = s.event("acled:KAZ1003")
    assert len(df) == 15
    assert df["event_id"].str.match(r"^(acled|gdelt):").all()
    assert ev["source"] == "Capital Wire" and ev["fatalities"] == 8
    g = df.set_index("event_id").loc["gdelt:1021930002"]
    assert g["source_url"] == "https://capital-wire.example/almaty-unrest-0105" and g["sources_count"] == 9


def test_cli_import_reports_bad_rows_and_refuses_wrong_formats(tmp_path, capsys):
    store = tmp_path / "s.gpkg"
    bad = tmp_path / "bad.csv"
    text = ACLED.read_text(encoding="utf-8").replace("50.2797", "250.2797")
    bad.write_text(text, encoding="utf-8")
    assert main(["import", "--format", "acled", str(bad), "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:3: rejected: latitude 250.2797 is out of range" in err and "7 added" in err
    assert main(["import", "--format", "acled", str(GDELT), "--store", str(tmp_path / "new.gpkg")]) == 2
    assert "use --format gdelt" in capsys.readouterr().err
    assert not (tmp_path / "new.gpkg").exists()  # nothing created for a refused file
    with EventStore.open_readonly(store) as s:
        assert s.count() == 7


def test_cli_import_dry_run_stores_nothing(tmp_path, capsys):
    store = tmp_path / "s.gpkg"
    assert main(["import", "--format", "gdelt", str(GDELT), "--store", str(store), "--dry-run"]) == 0
    assert "dry run" in capsys.readouterr().err and not store.exists()


@pytest.mark.parametrize("fmt", ["csv", "geojson", "gpkg", "parquet", "kml"])
def test_cli_export_events_filters_and_formats(tmp_path, fmt, capsys):
    store = tmp_path / "s.gpkg"
    import_to_store(ACLED, "acled", store)
    out = tmp_path / f"out.{fmt}"
    rc = main(["export-events", "--store", str(store), "--country", "KZ", "--from", "2022-01-04",
               "--type", "Protests", "--type", "Riots", "--format", fmt, "--out", str(out)])  # fmt: skip
    assert rc == 0 and "wrote 2 events" in capsys.readouterr().err
    if fmt == "kml":
        assert len(ET.parse(out).getroot().findall(f".//{KML_NS}Placemark")) == 2
    else:
        assert {e.event_id for e in read_events(out)} == {"acled:KAZ1002", "acled:KAZ1003"}
    assert main(["export-events", "--store", str(store), "--out", str(tmp_path / "x.doc")]) == 2
    assert main(["export-events", "--store", str(tmp_path / "none.gpkg"), "--out", str(tmp_path / "y.csv")]) == 2


def test_country_codes():
    from geodata.places.countries import fips_to_iso, iso_numeric, name_to_iso, numeric_to_iso

    assert [fips_to_iso(c) for c in ("KZ", "UK", "NI", "SU", "GM", "KV", "OS")] == ["KZ", "GB", "NG", "SD", "DE", "XK", None]
    assert numeric_to_iso(398) == "KZ" and numeric_to_iso("566") == "NG" and iso_numeric("CO") == 170
    assert name_to_iso("Côte d'Ivoire") == "CI" and name_to_iso("Democratic Republic of Congo") == "CD"


def test_events_bytes_for_download_buttons():
    from geodata.io.interchange import events_bytes

    assert events_bytes(_events(), "kml").startswith(b"<?xml")
    assert events_bytes(_events(), "parquet")[:4] == b"PAR1"
    assert events_bytes(_events(), "csv").startswith(b"event_id_cnty,event_date,year")


def test_every_csv_writer_gives_the_same_acled_columns(tmp_path):
    """`unrest-atlas events --out x.csv` (geodata.io.files) and `export-events` (interchange) write
    the same file: ACLED's region/admin2/source_scale/timestamp come back from the tags."""
    from geodata.io.files import write_events

    with EventStore(tmp_path / "s.gpkg") as store:
        import_to_store(ACLED, "acled", store)
        df = store.events()
    write_events(df, tmp_path / "io.csv")
    export_events(df, tmp_path / "interchange.csv")
    assert (tmp_path / "io.csv").read_bytes() == (tmp_path / "interchange.csv").read_bytes()
    row = next(r for r in _fixture_rows(tmp_path / "io.csv") if r["event_id_cnty"] == "acled:KAZ1002")
    assert (row["region"], row["admin2"], row["source_scale"], row["timestamp"]) == (
        "Caucasus and Central Asia", "Aktobe", "Subnational-National", "1643723400")
    assert main(["events", "--store", str(tmp_path / "s.gpkg"), "--out",
                 str(tmp_path / "cli.csv")]) == 0
    cli = {r["event_id_cnty"]: r for r in _fixture_rows(tmp_path / "cli.csv")}
    assert cli["acled:KAZ1002"]["admin2"] == "Aktobe"
