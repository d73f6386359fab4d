"""The full GeoNames gazetteer: built from a small dump in GeoNames' formats, end to end.

The dump under tests/fixtures/geonames_dump is written for these tests (a few dozen rows, facts
from anywhere); the zips GeoNames ships are made from it here. Downloads are tested against a
server on 127.0.0.1 only.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import sqlite3
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from geodata import settings
from geodata.cli import main
from geodata.exceptions import DataMissingError, GazetteerError
from geodata.places import _dump, geonames
from geodata.places.gazetteer import ACRONYM, CANONICAL, DEMONYM, DERIVED, Gazetteer
from geodata.places.geoparse import Geoparser

FIXTURE = Path(__file__).parent / "fixtures" / "geonames_dump"
BUNDLED = settings.DATA_DIR / "gazetteer.sqlite"

pytestmark = pytest.mark.skipif(not BUNDLED.exists(), reason="bundled gazetteer not built")


def _zip(folder: Path, stem: str, extra: dict[str, str] | None = None) -> None:
    with zipfile.ZipFile(folder / f"{stem}.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(folder / f"{stem}.txt", f"{stem}.txt")
        for name, text in (extra or {}).items():
            zf.writestr(name, text)
    (folder / f"{stem}.txt").unlink()


@pytest.fixture(scope="module")
def dump_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture dump as GeoNames publishes it: big files zipped, small ones as text."""
    d = tmp_path_factory.mktemp("dump")
    for f in FIXTURE.iterdir():
        shutil.copy(f, d / f.name)
    _zip(d, "allCountries")
    _zip(d, "alternateNamesV2", {"iso-languagecodes.txt": "ISO 639-3\tISO 639-2\tISO 639-1\n"})
    _zip(d, "hierarchy")
    return d


@pytest.fixture(scope="module")
def full_index(dump_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("index") / "full.sqlite"
    geonames.build_full(dump_dir, out)
    return out


def _rows(path: Path, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_tables_columns_and_indexes_as_the_bundled_index(full_index: Path) -> None:
    sql = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    full, bundled = _rows(full_index, sql), _rows(BUNDLED, sql)
    assert set(bundled) <= set(full)
    extra = {r[1] for r in set(full) - set(bundled)}
    # partial indexes, a few rows each, and the names clustered by country (for names_in)
    assert extra == {"places_country", "places_adm1", "names_cc"}
    plan = _rows(full_index, "EXPLAIN QUERY PLAN SELECT id FROM places p WHERE p.kind = 'country'")
    assert "places_country" in str(plan)


def test_feature_codes_become_kinds(full_index: Path) -> None:
    got = {r[0]: r[1:] for r in _rows(full_index, "SELECT name, kind, fcode, cc, admin1 FROM places")}
    assert got["Mirpur"] == ("landmark", "PPLX", "BD", "Dhaka")  # a city district
    assert got["Shapla Square"][:2] == ("landmark", "SQR")
    assert got["University of Dhaka"][:2] == ("landmark", "UNIV")
    assert got["Shahbag Police Station"][:2] == ("landmark", "PP")
    assert got["Nur-Zholy Border Post"][:2] == ("landmark", "PSTB")
    assert got["Almaly District"][:2] == ("region", "ADM2")
    assert got["Samal Ward"][:2] == ("region", "ADM3")
    assert got["Zhanatalap"][:2] == ("city", "PPL")
    assert _rows(full_index, "SELECT kind, fcode FROM places WHERE id = 1185241") == [("city", "PPLC")]
    for left_out in ("Old Dacca Fort", "Buriganga River", "Alatau Mountains"):  # PPLH, STM, MTS
        assert left_out not in got


def test_names_come_from_the_alternate_names_file(full_index: Path) -> None:
    gaz = Gazetteer(full_index)
    for name in ("Qaraghandy", "Караганда", "Karaganda"):  # transliterations of one town
        assert any(p.id == 609655 for p in gaz.lookup(name)), name
    assert gaz.lookup("Kharkov")[0].name == "Kharkiv"
    assert gaz.lookup("Ploshcha Svobody")[0].name == "Freedom Square"
    assert gaz.lookup("Respublika alany")[0].name == "Republic Square"
    assert gaz.lookup("Almaly Awdany")[0].name == "Almaly District"  # from admin2Codes.txt
    du = [p for p in gaz.lookup("DU") if p.name == "University of Dhaka"]
    assert du and du[0].flags & ACRONYM  # an abbreviation: capitals only
    # codes and links are not names; nor are names of features the build left out
    for junk in ("ALA", "UAAA", "100000", "Buriganga", "Nowhere In Particular"):
        assert not [p for p in gaz.lookup(junk) if p.id >= 91_000_000 or p.id == 99_999_999], junk
    flags = dict(_rows(full_index, "SELECT norm, flags FROM names WHERE place_id = 1523401"))
    assert flags["karagandinskaya"] & DERIVED  # the region's name without its generic word
    assert flags["qaraghandy oblysy"] & CANONICAL


def test_countries_regions_and_words_come_from_the_bundled_index(full_index: Path) -> None:
    gaz = Gazetteer(full_index)
    assert gaz.country("KZ").name == "Kazakhstan"  # the curated name, not the dump's
    assert gaz.country("FR") is not None  # countries the dump does not hold are kept
    assert any(p.flags & DEMONYM for p in gaz.lookup("French"))
    assert gaz.admin1("KZ.12").name == "Karaganda"
    words = "SELECT COUNT(*) FROM words"
    assert _rows(full_index, words) == _rows(BUNDLED, words)
    assert gaz.word("police") == Gazetteer(BUNDLED).word("police")


def test_geoparse_with_the_full_index_finds_districts_and_landmarks(full_index: Path) -> None:
    text = ("Students marched from the University of Dhaka to Shapla Square on Sunday, and "
            "police fired tear gas at a crowd in Mirpur late in the evening.")
    full = {m.mention: m for m in Geoparser(Gazetteer(full_index)).parse(text)}
    assert full["Mirpur"].geonameid == 91000001 and full["Mirpur"].country_code == "BD"
    assert full["Mirpur"].kind == "landmark"
    assert full["Shapla Square"].kind == "landmark" and full["Shapla Square"].country_code == "BD"
    assert full["University of Dhaka"].geonameid == 91000004
    bundled = {m.mention for m in Geoparser(Gazetteer(BUNDLED)).parse(text)}
    assert "Shapla Square" not in bundled  # the bundled index holds no landmarks


def test_the_setting_picks_the_index(full_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from geodata.places import gazetteer as gz

    monkeypatch.setenv("UNREST_ATLAS_GAZETTEER", str(full_index))
    monkeypatch.setattr(settings, "_current", None)
    gz.reset_default()
    try:
        assert settings.get().gazetteer_path == full_index
        assert gz.default_gazetteer().path == full_index
        ms = Geoparser(gz.default_gazetteer()).parse("Crowds filled Republic Square in Almaty.")
        assert "Republic Square" in {m.mention for m in ms}
    finally:
        gz.reset_default()
    monkeypatch.delenv("UNREST_ATLAS_GAZETTEER")
    monkeypatch.setattr(settings, "_current", None)
    assert settings.get().gazetteer_path == BUNDLED  # the bundled index stays the default


def test_info_says_which_index_is_in_use(
    full_index: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UNREST_ATLAS_GAZETTEER", raising=False)
    monkeypatch.setattr(settings, "_current", None)
    assert main(["gazetteer", "info"]) == 0
    out = capsys.readouterr().out
    assert "bundled (GeoNames cities500)" in out and "chosen by: default" in out
    assert str(BUNDLED) in out and "MB on disk" in out
    monkeypatch.setenv("UNREST_ATLAS_GAZETTEER", str(full_index))
    monkeypatch.setattr(settings, "_current", None)
    assert main(["gazetteer", "info"]) == 0
    out = capsys.readouterr().out
    n_places = _rows(full_index, "SELECT COUNT(*) FROM places")[0][0]
    assert "full (GeoNames dump)" in out and "chosen by: UNREST_ATLAS_GAZETTEER" in out
    assert f"places:  {n_places:,}" in out and "allCountries.zip" in out
    monkeypatch.setattr(settings, "_current", None)


def test_build_command_from_a_folder(dump_dir: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "g.sqlite"
    assert main(["gazetteer", "build", "--full", "--from", str(dump_dir), "--out", str(out),
                 "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert f"UNREST_ATLAS_GAZETTEER={out}" in printed
    meta = dict(_rows(out, "SELECT key, value FROM meta"))
    assert meta["edition"] == "full" and "allCountries.zip" in json.loads(meta["files"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.sqlite"]  # nothing left beside it


def test_text_files_build_the_same_index(tmp_path: Path, full_index: Path) -> None:
    out = tmp_path / "t.sqlite"
    geonames.build_full(FIXTURE, out)  # allCountries.txt, alternateNamesV2.txt unzipped
    q = "SELECT * FROM places ORDER BY id"
    assert _rows(out, q) == _rows(full_index, q)
    q = "SELECT * FROM names ORDER BY norm, place_id"
    assert _rows(out, q) == _rows(full_index, q)


def _names_in_everywhere(index: Path, initials: list[str | None],
                         countries: list[str] | None = None) -> dict[tuple[object, ...], object]:
    """names_in for every country, kind and initials asked (names, ids and skeletons, in order)."""
    gaz = Gazetteer(index)
    ccs = countries or [str(r[0]) for r in _rows(index, "SELECT DISTINCT cc FROM places "
                                                         "WHERE cc IS NOT NULL ORDER BY cc")]
    return {(cc, kind, ini): gaz.names_in(cc, kind, ini) for cc in [*ccs, "XX"]
            for kind in (None, "city", "region", "landmark", "country") for ini in initials}


def test_names_in_reads_the_names_by_country_with_the_same_result(
    full_index: Path, tmp_path: Path
) -> None:
    assert Gazetteer(full_index)._by_country
    plain = tmp_path / "plain.sqlite"
    shutil.copy(full_index, plain)
    con = sqlite3.connect(plain)
    con.execute("DROP TABLE names_cc")
    con.close()
    assert not Gazetteer(plain)._by_country  # the query of an index without the table
    letters = sorted({str(r[0])[:1] for r in _rows(full_index, "SELECT norm FROM names")})
    initials: list[str | None] = [None, "", "kqcg", "aeiouy", "zjdy", *letters]
    with_table = _names_in_everywhere(full_index, initials)
    assert with_table == _names_in_everywhere(plain, initials)
    assert with_table["KZ", None, "kqcg"][0]  # something was compared
    ids = {pid for names in with_table.values() for pids in names[1] for pid in pids}
    assert {609655, 91000001, 1523401} <= ids  # a town, a district (landmark), a region


def test_names_in_on_the_bundled_index_with_the_table_added(tmp_path: Path) -> None:
    copy = tmp_path / "bundled.sqlite"
    shutil.copy(BUNDLED, copy)
    con = sqlite3.connect(copy)
    geonames.add_country_names(con)
    con.commit()
    con.close()
    assert Gazetteer(copy)._by_country and not Gazetteer(BUNDLED)._by_country
    countries = ["KZ", "BD", "UA", "US", "IN", "NG", "FR", "LB", "PS", "MX"]
    initials: list[str | None] = [None, "kqcg", "aeiouy", "zjdy", "hk", "fp", "m", "é", "ш"]
    with_table = _names_in_everywhere(copy, initials, countries)
    assert with_table == _names_in_everywhere(BUNDLED, initials, countries)
    assert len(with_table["US", None, None][0]) > 10_000


def _old_index(tmp_path: Path) -> tuple[Path, str]:
    old = tmp_path / "index" / "g.sqlite"
    old.parent.mkdir()
    shutil.copy(BUNDLED, old)
    return old, _digest(old)


def _broken_dump(dump_dir: Path, tmp_path: Path, how: str) -> Path:
    d = tmp_path / "dump"
    shutil.copytree(dump_dir, d)
    z = d / "allCountries.zip"
    data = bytearray(z.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 2]
    else:  # a flipped byte inside the compressed data: the CRC check fails
        data[60] ^= 0xFF
    z.write_bytes(bytes(data))
    return d


@pytest.mark.parametrize("how", ["truncated", "flipped"])
def test_a_corrupt_zip_leaves_the_old_index(dump_dir: Path, tmp_path: Path, how: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    old, before = _old_index(tmp_path)
    bad = _broken_dump(dump_dir, tmp_path, how)
    assert main(["gazetteer", "build", "--full", "--from", str(bad), "--out", str(old),
                 "--no-progress"]) == 2
    assert "allCountries.zip" in capsys.readouterr().err
    assert _digest(old) == before
    assert [p.name for p in old.parent.iterdir()] == ["g.sqlite"]


def test_an_interrupted_build_leaves_the_old_index(
    dump_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, before = _old_index(tmp_path)

    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(geonames, "_stream_alternates", interrupt)
    with pytest.raises(KeyboardInterrupt):
        geonames.build_full(dump_dir, old)
    assert _digest(old) == before
    assert [p.name for p in old.parent.iterdir()] == ["g.sqlite"]
    assert main(["gazetteer", "build", "--full", "--from", str(dump_dir), "--out", str(old),
                 "--no-progress"]) == 130


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    d = tmp_path / "dump"
    shutil.copytree(FIXTURE, d)
    (d / "countryInfo.txt").unlink()
    with pytest.raises(DataMissingError, match=r"countryInfo\.txt"):
        geonames.build_full(d, tmp_path / "g.sqlite")
    assert not (tmp_path / "g.sqlite").exists()


# -- downloads, from a server on 127.0.0.1 -------------------------------------------------

class _Server:
    """A static server with HTTP Range support that can cut one transfer short."""

    def __init__(self, root: Path) -> None:
        self.root = root  # serves root/dump/...
        self.log: list[tuple[str, str | None, int]] = []  # (file, Range header, status)
        self.cut: set[str] = set()  # files whose next transfer stops half-way
        self.stall: set[str] = set()  # files whose transfer hangs half-way until released
        self.release = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                name = self.path.lstrip("/")
                path = server.root / name
                if not path.is_file():
                    server.log.append((name, None, 404))
                    self.send_error(404)
                    return
                data = path.read_bytes()
                etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
                rng = self.headers.get("Range")
                start = 0
                if rng and self.headers.get("If-Range", etag) == etag:
                    start = int(rng.split("=")[1].split("-")[0])
                status = 206 if start else 200
                server.log.append((name, rng, status))
                self.send_response(status)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(data) - start))
                if start:
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                self.end_headers()
                body = data[start:]
                if name in server.stall:
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    server.release.wait(30)
                    return
                if name in server.cut:
                    server.cut.discard(name)
                    body = body[: len(body) // 2]
                    self.wfile.write(body)
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/dump/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def gets(self, name: str) -> list[tuple[str | None, int]]:
        return [(r, s) for f, r, s in self.log if f == f"dump/{name}"]


@pytest.fixture
def server(dump_dir: Path, tmp_path: Path) -> Iterator[_Server]:
    shutil.copytree(dump_dir, tmp_path / "www" / "dump")
    srv = _Server(tmp_path / "www")
    srv.thread.start()
    yield srv
    srv.release.set()
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture
def no_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "_current", settings.get())
    settings.configure(online_min_delay=0.0)


@pytest.mark.usefixtures("no_delay")
def test_download_builds_and_reuses_the_cache(server: _Server, tmp_path: Path,
                                              full_index: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "g.sqlite"
    meta = geonames.build_full(server.url, out, cache_dir=cache)
    assert json.loads(meta["files"])["allCountries.zip"]["origin"] == server.url + "allCountries.zip"
    q = "SELECT * FROM places ORDER BY id"
    assert _rows(out, q) == _rows(full_index, q)
    assert server.gets("allCountries.zip") == [(None, 200)]
    geonames.build_full(server.url, out, cache_dir=cache)  # verified copies: not fetched again
    assert server.gets("allCountries.zip") == [(None, 200)]
    assert server.gets("hierarchy.zip") == []  # optional, not downloaded


@pytest.mark.usefixtures("no_delay")
def test_an_interrupted_download_resumes_with_a_range_request(server: _Server,
                                                              tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    server.cut.add("dump/allCountries.zip")
    with pytest.raises(GazetteerError, match="resume"):
        geonames.build_full(server.url, tmp_path / "g.sqlite", cache_dir=cache)
    part = cache / "allCountries.zip.part"
    assert part.exists() and not (tmp_path / "g.sqlite").exists()
    have = part.stat().st_size
    geonames.build_full(server.url, tmp_path / "g.sqlite", cache_dir=cache)
    assert server.gets("allCountries.zip") == [(None, 200), (f"bytes={have}-", 206)]
    assert _digest(cache / "allCountries.zip") == _digest(server.root / "dump" / "allCountries.zip")
    assert not part.exists()


@pytest.mark.usefixtures("no_delay")
def test_a_checksum_mismatch_is_refused(server: _Server, tmp_path: Path) -> None:
    old, before = _old_index(tmp_path)
    good = _digest(server.root / "dump" / "countryInfo.txt")
    (server.root / "dump" / "SHA256SUMS").write_text(
        f"{good}  countryInfo.txt\n{'0' * 64}  admin1CodesASCII.txt\n", encoding="utf-8")
    cache = tmp_path / "cache"
    with pytest.raises(GazetteerError, match="SHA-256"):
        geonames.build_full(server.url, old, cache_dir=cache)
    assert _digest(old) == before
    assert not list(cache.glob("admin1CodesASCII.txt*"))  # the bad copy is discarded


def test_a_changed_file_is_fetched_whole_again(server: _Server, tmp_path: Path) -> None:
    dest = tmp_path / "allCountries.zip"
    url = server.url + "allCountries.zip"
    part = tmp_path / "allCountries.zip.part"
    part.write_bytes(b"x" * 100)  # a part of an older version of the file
    (tmp_path / "allCountries.zip.part.json").write_text(json.dumps(
        {"url": url, "etag": '"older"', "last_modified": None, "total": 999}), encoding="utf-8")
    got = _dump.download(url, dest)
    assert server.gets("allCountries.zip") == [("bytes=100-", 200)]
    assert got.sha256 == _digest(server.root / "dump" / "allCountries.zip")


def test_sigterm_during_a_download_leaves_the_old_index_and_keeps_the_part(
    server: _Server, tmp_path: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    old, before = _old_index(tmp_path)
    cache = tmp_path / "cache"
    server.stall.add("dump/allCountries.zip")
    env = {**os.environ, "UNREST_ATLAS_CACHE": str(tmp_path / "c")}
    proc = subprocess.Popen([sys.executable, "-m", "geodata.cli", "gazetteer", "build", "--full",
                             "--from", server.url, "--out", str(old), "--cache", str(cache),
                             "--no-progress"], env=env, stderr=subprocess.PIPE)
    part = cache / "allCountries.zip.part"
    deadline = time.monotonic() + 60
    while not part.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert part.exists(), "the download did not start"
    proc.send_signal(signal.SIGTERM)
    rc = proc.wait(30)
    assert rc == 130, proc.stderr.read().decode() if proc.stderr else rc
    assert _digest(old) == before
    assert [p.name for p in old.parent.iterdir()] == ["g.sqlite"]
    assert part.stat().st_size > 0 and (cache / "allCountries.zip.part.json").exists()  # to resume
