"""Build the full gazetteer index from GeoNames' own dump files (offline once built).

The index has the same tables, columns and indexes as the bundled one (``places``, ``names``,
``words``, ``meta``), so :class:`~geodata.places.gazetteer.Gazetteer` and the geoparser read it
unchanged; pick it with the ``gazetteer_path`` setting (``UNREST_ATLAS_GAZETTEER``). One table
is added: ``names_cc`` (:data:`COUNTRY_NAMES`), the names clustered by country, which keeps the
fuzzy matcher's per-country name lists fast on millions of names.

Sources: ``allCountries.zip`` (or ``.txt``), ``alternateNamesV2.zip`` (alternate names; without
it the ``alternatenames`` column of allCountries is used), ``admin1CodesASCII.txt`` (admin-1
names on every place), ``admin2Codes.txt`` (admin-2 names as extra names), ``countryInfo.txt``
(which features are countries). ``hierarchy.zip`` is accepted but not needed. Countries,
continents, admin-1 regions and macro-regions keep the bundled index's curated rows (display
names, centre points, demonyms, postal abbreviations), and the English word table is copied from
it: those are not in the dump.

Features kept, by GeoNames feature code, and the ``kind`` each gets (the kinds the geoparser
reads; the feature code stays in ``fcode``, so a district or a square can be told apart):

- ``city``: every populated place (class P: PPL, PPLA-PPLA5, PPLC, PPLG, PPLL, PPLF, PPLS,
  PPLR, PPLQ abandoned and PPLW destroyed, which still name a locality), except historical
  ones (PPLH, PPLCH);
- ``region``: ADM1, ADM2, ADM3 (class A) and continents (CONT);
- ``country``: the features countryInfo.txt lists (fcode PCLI, as in the bundled index);
- ``landmark``: PPLX (section of a populated place: city district, neighbourhood), SQR square,
  PRK park, ST street/avenue, UNIV university, SCH school, SCHC college, ADMF administrative
  facility (GeoNames' code for a government building), GOVL local government office, CTHSE
  courthouse, PAL palace, DIP diplomatic facility (embassy), PP police post, PRN prison, MILB
  military base, INSM military installation, AIRB airbase, STDM stadium, AIRP airport, AIRF
  airfield, BDG bridge, PSTB border post (crossing), HSP hospital, MKT market, MSQE mosque,
  CH church, RSTN railway station, CMPRF refugee camp. BLDG ("building") is left out: GeoNames
  does not say whether a building is a government one.

The build streams the files (bounded memory), batches inserts, sorts the names in SQLite and
creates the indexes at the end (the bundled index's, plus two tiny partial indexes that keep
the Gazetteer's start-up queries off a full scan of millions of rows); it writes a temporary file beside the target and renames it
on success, so a failed or interrupted build leaves the old index in place.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import settings
from ..atomic import atomic_path
from ..exceptions import DataMissingError, GazetteerError
from . import _dump
from ._lexicon import REGION_WORDS
from ._text import norm, script_ok
from .gazetteer import ACRONYM, CANONICAL, DERIVED

__all__ = [
    "COUNTRY_NAMES", "EXCLUDED_PPL", "LANDMARKS", "REGIONS", "SCHEMA", "add_country_names",
    "build_full", "default_full_path", "index_info",
]

SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    cc TEXT, admin1_code TEXT, admin1 TEXT, kind TEXT NOT NULL, fcode TEXT NOT NULL,
    population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE names (
    norm TEXT NOT NULL, place_id INTEGER NOT NULL, flags INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (norm, place_id)
) WITHOUT ROWID;
CREATE TABLE words (norm TEXT PRIMARY KEY, zipf REAL NOT NULL, flags INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_INDEXES = ("CREATE INDEX places_cc ON places (cc, kind)",
            "CREATE INDEX names_place ON names (place_id)",
            # two tiny partial indexes beyond the bundled index's: the Gazetteer's country list
            # (read at every start) and admin1() would otherwise scan millions of rows
            "CREATE INDEX places_country ON places (kind) WHERE kind = 'country'",
            "CREATE INDEX places_adm1 ON places (admin1_code) WHERE fcode = 'ADM1'")

#: The names of each country's places, clustered by country (the bundled index lacks it):
#: ``Gazetteer.names_in`` reads a range of it instead of probing the names of every place of
#: the country. Demonyms and places without a country are left out, as ``names_in`` skips them.
COUNTRY_NAMES = """
CREATE TABLE names_cc (
    cc TEXT NOT NULL, norm TEXT NOT NULL, place_id INTEGER NOT NULL, kind TEXT NOT NULL,
    PRIMARY KEY (cc, norm, place_id)
) WITHOUT ROWID;
INSERT INTO names_cc SELECT p.cc, n.norm, n.place_id, p.kind
    FROM names n JOIN places p ON p.id = n.place_id
    WHERE n.flags & 8 = 0 AND p.cc IS NOT NULL ORDER BY p.cc, n.norm, n.place_id;
"""

#: Historical populated places, left out.
EXCLUDED_PPL = frozenset({"PPLH", "PPLCH"})
#: Administrative and continental features kept as kind ``region``.
REGIONS = frozenset({"ADM1", "ADM2", "ADM3", "CONT"})
#: Feature codes kept as kind ``landmark``, with what they are.
LANDMARKS: dict[str, str] = {
    "PPLX": "section of populated place (city district, neighbourhood)",
    "SQR": "square", "PRK": "park", "ST": "street, avenue",
    "UNIV": "university", "SCH": "school", "SCHC": "college",
    "ADMF": "administrative facility (government building)", "GOVL": "local government office",
    "CTHSE": "courthouse", "PAL": "palace", "DIP": "diplomatic facility (embassy, consulate)",
    "PP": "police post", "PRN": "prison",
    "MILB": "military base", "INSM": "military installation", "AIRB": "airbase",
    "STDM": "stadium", "AIRP": "airport", "AIRF": "airfield", "BDG": "bridge",
    "PSTB": "border post", "HSP": "hospital", "MKT": "market", "MSQE": "mosque", "CH": "church",
    "RSTN": "railway station", "CMPRF": "refugee camp",
}
#: alternateNames "languages" that are codes or links, not names a report uses.
_SKIP_LANGS = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "phon",
                         "fr_1793"})
_BATCH = 50_000
_FRAME_CODES = ("PCLI", "CONT", "RGN", "ADM1")  # taken from the bundled index, curated
_REGION_MARK, _PLACE_MARK = 2, 1
_HAS_DIGIT = re.compile(r"\d").search
_REGION_RX = "|".join(sorted(REGION_WORDS, key=len, reverse=True))
_REGION_SUFFIX = re.compile(r"\s+(?:" + _REGION_RX + r")(?:\s+of)?$")
_REGION_PREFIX = re.compile(r"^(?:" + _REGION_RX + r")\s+of\s+")
_slow_norm: Callable[[str], str] = getattr(norm, "__wrapped__", norm)  # no LRU churn
_DOTTED = re.compile(r"\b(?:\w\.){2,}")
_APOS_ASCII = re.compile(r"['`]")
_SEP_ASCII = re.compile(r"[\s\-_/.,()]+")


def _norm(s: str) -> str:
    """:func:`norm`, with a fast path for ASCII names (most of the dump); same keys."""
    if not s.isascii():
        return _slow_norm(s)
    if "." in s:
        s = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), s)
    s = s.lower()
    if "'" in s or "`" in s:
        s = _APOS_ASCII.sub("", s)
    if s.isalpha():
        return s
    return _SEP_ASCII.sub(" ", s).strip()

Tick = Callable[[int], None]


def default_full_path() -> Path:
    """Where ``gazetteer build --full`` writes by default (``$XDG_DATA_HOME/unrest-atlas``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "unrest-atlas" / "gazetteer-full.sqlite"


def kind_of(fclass: str, fcode: str) -> str | None:
    """The index kind of a GeoNames feature, or None when the build leaves it out."""
    if fclass == "P":
        if fcode == "PPLX":
            return "landmark"
        return None if fcode in EXCLUDED_PPL else "city"
    if fcode in REGIONS and fclass in ("A", "L"):
        return "region"
    return "landmark" if fcode in LANDMARKS else None


def region_variants(name: str) -> list[str]:
    """Keys of a region's name without its generic word ('Mangystau Oblast' -> 'mangystau')."""
    key = _norm(name)
    out = []
    for rx in (_REGION_SUFFIX, _REGION_PREFIX):
        stripped = rx.sub("", key)
        if stripped != key and len(stripped) >= 3:
            out.append(stripped)
    return out


@dataclass
class _State:
    """What the build keeps while streaming: batches, the kept-id map, counters."""

    con: sqlite3.Connection
    kept: bytearray = field(default_factory=lambda: bytearray(1 << 24))
    extra: dict[int, int] = field(default_factory=dict)  # ids beyond the map (macro-regions)
    places: list[tuple[object, ...]] = field(default_factory=list)
    names: list[tuple[str, int, int]] = field(default_factory=list)
    n_places: int = 0
    n_bad: int = 0

    def mark(self, pid: int, value: int) -> None:
        if pid >= 1 << 31 or pid < 0:
            self.extra[pid] = value
            return
        if pid >= len(self.kept):
            self.kept.extend(bytes(max(pid + 1 - len(self.kept), len(self.kept) // 2)))
        self.kept[pid] = value

    def mark_of(self, pid: int) -> int:
        if 0 <= pid < len(self.kept):
            return self.kept[pid]
        return self.extra.get(pid, 0)

    def place(self, row: tuple[object, ...]) -> None:
        self.places.append(row)
        if len(self.places) >= _BATCH:
            self.flush()

    def name(self, raw: str, pid: int, flags: int = 0) -> None:
        raw = raw.strip()
        if len(raw) < 2 or _HAS_DIGIT(raw) or not (raw.isascii() or script_ok(raw)):
            return
        if raw.isupper() and len(raw) <= 5 and " " not in raw:
            flags |= ACRONYM
        key = _norm(raw)
        if len(key) >= 2:
            self.names.append((key, pid, flags))
            if len(self.names) >= _BATCH:
                self.flush()

    def region_names(self, raw: str, pid: int) -> None:
        for v in region_variants(raw):
            self.names.append((v, pid, DERIVED))

    def flush(self) -> None:
        if self.places:
            cur = self.con.executemany("INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
                                       self.places)
            self.n_places += max(cur.rowcount, 0)
            self.places.clear()
        if self.names:
            self.con.executemany("INSERT INTO stage.names VALUES (?,?,?)", self.names)
            self.names.clear()


@dataclass(frozen=True)
class _Lookups:
    """The small tables read before the stream: countries, admin names, the bundled frame."""

    countries: dict[int, tuple[str, str, int]]  # geonameid -> (iso, name, population)
    admin1: dict[str, str]  # 'KZ.12' -> display name
    admin2: dict[int, str]  # geonameid -> ASCII name
    frame: dict[int, tuple[object, ...]]  # bundled curated rows by id


def _tsv(path: Path) -> Iterator[list[str]]:
    for line in _dump.iter_lines(path):
        yield line.split("\t")


def _lookups(files: dict[str, _dump.DumpFile], bundled: sqlite3.Connection) -> _Lookups:
    countries = {}
    for f in _tsv(files["countryInfo"].path):
        if len(f) >= 17 and f[16].strip().isdigit():
            pop = int(f[7]) if f[7].strip().isdigit() else 0
            countries[int(f[16])] = (f[0], f[4], pop)
    frame = {r[0]: tuple(r) for r in bundled.execute(
        "SELECT * FROM b.places WHERE fcode IN (?,?,?,?)", _FRAME_CODES)}
    admin1 = {str(r[5]): str(r[1]) for r in frame.values() if r[8] == "ADM1" and r[5]}
    for f in _tsv(files["admin1"].path):
        if len(f) >= 2 and f[0] not in admin1:
            admin1[f[0]] = f[1]
    admin2 = {}
    if "admin2" in files:
        for f in _tsv(files["admin2"].path):
            if len(f) >= 4 and f[3].strip().isdigit():
                admin2[int(f[3])] = f[2] or f[1]
    if not countries:
        raise GazetteerError(f"{files['countryInfo'].path}: no countries read")
    return _Lookups(countries, admin1, admin2, frame)


def _stream_places(st: _State, lk: _Lookups, path: Path, use_column: bool, tick: Tick) -> None:
    """Places and their own names from allCountries, one row at a time."""
    countries, frame, admin1 = lk.countries, lk.frame, lk.admin1
    for line in _dump.iter_lines(path, tick):
        f = line.split("\t")
        if len(f) < 15:
            st.n_bad += 1
            continue
        fcode = f[7]
        try:
            gid = int(f[0])
            kind = "country" if gid in countries else kind_of(f[6], fcode)
            if kind is None:
                continue
            lat, lon = float(f[4]), float(f[5])
        except ValueError:
            st.n_bad += 1
            continue
        cc = f[8] or None
        a1code = f"{cc}.{f[10]}" if cc and f[10] else None
        if gid in frame:
            st.place(frame[gid])
        else:
            if kind == "country":
                cc, a1code, fcode = countries[gid][0], None, "PCLI"
            pop = int(f[14]) if f[14].isdigit() else 0
            own_a1 = f[1] if fcode == "ADM1" else admin1.get(a1code or "")
            st.place((gid, f[1], round(lat, 5), round(lon, 5), cc, a1code,
                      None if kind == "country" else own_a1, kind, fcode, pop))
        mark = _REGION_MARK if kind == "region" else _PLACE_MARK
        st.mark(gid, mark)
        st.name(f[1], gid, CANONICAL)
        if f[2] and f[2] != f[1]:
            st.name(f[2], gid, CANONICAL)
        if gid in lk.admin2:
            st.name(lk.admin2[gid], gid, CANONICAL)
        if mark == _REGION_MARK:
            st.region_names(f[1], gid)
        if use_column and f[3]:
            for alt in f[3].split(","):
                if not (alt.isupper() and len(alt) <= 4):  # airport and station codes
                    st.name(alt, gid)
                    if mark == _REGION_MARK:
                        st.region_names(alt, gid)


def _stream_alternates(st: _State, path: Path, tick: Tick) -> None:
    """Alternate names of the kept places (alternateNamesV2, or the older 8-column file)."""
    kept, extra_len = st.kept, len(st.kept)
    for line in _dump.iter_lines(path, tick):
        f = line.split("\t", 4)
        if len(f) < 4:
            continue
        try:
            gid = int(f[1])
        except ValueError:
            continue
        mark = kept[gid] if 0 <= gid < extra_len else st.extra.get(gid, 0)
        if not mark or f[2] in _SKIP_LANGS:
            continue
        st.name(f[3], gid)
        if mark == _REGION_MARK:
            st.region_names(f[3], gid)


def _carry_bundled(st: _State, lk: _Lookups, con: sqlite3.Connection) -> int:
    """Frame rows the dump lacked, and the bundled index's names of every kept place."""
    for pid, row in lk.frame.items():
        if not st.mark_of(pid) and row[8] in ("PCLI", "CONT", "RGN", "ADM1"):
            st.place(row)
            st.mark(pid, _REGION_MARK if row[7] == "region" else _PLACE_MARK)
    st.flush()
    n = 0
    for key, pid, flags in con.execute("SELECT norm, place_id, flags FROM b.names"):
        if st.mark_of(pid):
            st.names.append((key, pid, flags))
            n += 1
            if len(st.names) >= _BATCH:
                st.flush()
    st.flush()
    return n


def _finish(con: sqlite3.Connection, log: Callable[[str], None]) -> int:
    """Names sorted and merged into the final table, the word table, the indexes."""
    log("sorting and merging names")
    con.execute(
        "INSERT INTO names SELECT norm, place_id, "
        "MAX(flags & 1) | MAX(flags & 2) | MAX(flags & 4) | MAX(flags & 8) | MAX(flags & 16) "
        "FROM stage.names GROUP BY norm, place_id ORDER BY norm, place_id")
    n_names = int(con.execute("SELECT COUNT(*) FROM names").fetchone()[0])
    con.execute("INSERT INTO words SELECT norm, zipf, flags FROM b.words")
    log("creating indexes")
    for sql in _INDEXES:
        con.execute(sql)
    log("names by country")
    add_country_names(con)
    return n_names


def add_country_names(con: sqlite3.Connection) -> None:
    """Create and fill the ``names_cc`` table (:data:`COUNTRY_NAMES`) from an index's names.

    Runs inside the caller's transaction when one is open (the full build); a connection in
    autocommit mode commits each statement.
    """
    for sql in COUNTRY_NAMES.split(";"):
        if sql.strip():
            con.execute(sql)


def _meta(files: dict[str, _dump.DumpFile], bundled_meta: dict[str, str], n_places: int,
          n_names: int, seconds: float) -> dict[str, str]:
    used = {k: v for k, v in files.items() if k != "hierarchy"}
    src = "; ".join(f"{v.path.name} ({v.size:,} bytes, sha256 {v.sha256[:16]}…)"
                    for v in used.values())
    origin = next(iter(used.values())).origin.rsplit("/", 1)[0] if used else ""
    return {
        "edition": "full",
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "sources": f"GeoNames dump (CC BY 4.0) from {origin}: {src}; countries, continents, "
                   f"admin-1 rows, macro-regions and the word table from the bundled index "
                   f"(built {bundled_meta.get('built', '?')})",
        "files": json.dumps({v.path.name: {"origin": v.origin, "size": v.size, "sha256": v.sha256}
                             for v in used.values()}, sort_keys=True),
        "places": str(n_places),
        "names": str(n_names),
        "feature_codes": "city: class P except " + " ".join(sorted(EXCLUDED_PPL)) + " and PPLX; "
                         "region: " + " ".join(sorted(REGIONS)) + "; country: countryInfo.txt; "
                         "landmark: " + " ".join(LANDMARKS),
        "build_seconds": f"{seconds:.0f}",
    }


def _build_into(tmp: Path, files: dict[str, _dump.DumpFile], bundled: Path,
                progress: _dump.Progress, log: Callable[[str], None]) -> dict[str, str]:
    t0 = time.monotonic()
    stage = tmp.with_name(tmp.name + "-stage")
    con = sqlite3.connect(tmp, uri=True, isolation_level=None)
    # a Python callback now and then, so Ctrl-C and SIGTERM are seen during a long sort
    con.set_progress_handler(lambda: 0, 2_000_000)
    try:
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -262144",
                       "temp_store = FILE"):
            con.execute(f"PRAGMA {pragma}")
        con.executescript(SCHEMA)
        con.execute("ATTACH ? AS stage", (str(stage),))
        con.execute("PRAGMA stage.journal_mode = OFF")
        con.execute("PRAGMA stage.synchronous = OFF")
        con.execute("CREATE TABLE stage.names (norm TEXT, place_id INTEGER, flags INTEGER)")
        con.execute("ATTACH ? AS b", (f"file:{bundled.as_posix()}?mode=ro&immutable=1",))
        lk = _lookups(files, con)
        bundled_meta = dict(con.execute("SELECT key, value FROM b.meta"))
        st = _State(con)
        con.execute("BEGIN")
        alt = files.get("alternateNames")
        path = files["allCountries"].path
        _stream_places(st, lk, path, alt is None, progress(path.name, _dump.member_size(path)))
        st.flush()
        log(f"{st.n_places:,} places read ({st.n_bad:,} malformed rows skipped)")
        if alt is not None:
            _stream_alternates(st, alt.path, progress(alt.path.name, _dump.member_size(alt.path)))
            st.flush()
        _carry_bundled(st, lk, con)
        n_names = _finish(con, log)
        con.execute("COMMIT")
        con.execute("DETACH stage")
        stage.unlink(missing_ok=True)
        meta = _meta(files, bundled_meta, st.n_places, n_names, time.monotonic() - t0)
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        con.execute("DETACH b")
    finally:
        con.close()
        stage.unlink(missing_ok=True)
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    return meta


@contextlib.contextmanager
def _sort_files_beside(folder: Path) -> Iterator[None]:
    """SQLite's sort files go beside the index (on its disk, not a RAM-backed /tmp)."""
    if os.environ.get("SQLITE_TMPDIR"):
        yield
        return
    os.environ["SQLITE_TMPDIR"] = str(folder)
    try:
        yield
    finally:
        os.environ.pop("SQLITE_TMPDIR", None)


def _bars(enabled: bool) -> tuple[_dump.Progress, Callable[[], None]]:
    """A progress factory (tqdm bars on stderr) and a function that closes the bars."""
    bars: list[object] = []

    def make(label: str, total: int | None) -> Tick:
        if not enabled:
            return lambda _n: None
        from tqdm import tqdm  # type: ignore[import-untyped,unused-ignore]

        for b in bars:
            b.close()  # type: ignore[attr-defined]
        bars.clear()
        bar = tqdm(total=total, desc=label, unit="B", unit_scale=True, file=sys.stderr)
        bars.append(bar)
        return bar.update  # type: ignore[no-any-return]

    def close() -> None:
        for b in bars:
            b.close()  # type: ignore[attr-defined]

    return make, close


def build_full(
    source: str | Path | None,
    out: str | Path | None = None,
    *,
    cache_dir: Path | None = None,
    bundled: Path | None = None,
    checksums: dict[str, str] | None = None,
    refresh: bool = False,
    progress: bool = False,
) -> dict[str, str]:
    """Build the full index from a GeoNames dump; returns the build's metadata.

    Parameters
    ----------
    source
        A folder with the dump files (air-gapped), a base URL to download them from, or
        ``None`` for GeoNames itself.
    out
        The index to write (default :func:`default_full_path`); replaced only on success.
    cache_dir
        Where downloads are kept (default ``settings.cache_dir / "geonames"``).
    bundled
        The bundled index (countries, regions and words come from it; default: the package's).
    checksums
        Expected SHA-256 by file name.
    refresh
        Download again even when the cache holds a verified copy.
    progress
        Progress bars and steps on stderr.

    Raises
    ------
    DataMissingError
        A required dump file, or the bundled index, is absent.
    GazetteerError
        A download or a file is corrupt, short, or fails its checksum.
    """
    cfg = settings.get()
    target = Path(out) if out is not None else default_full_path()
    base = Path(bundled) if bundled is not None else settings.DATA_DIR / "gazetteer.sqlite"
    if not base.is_file():
        raise DataMissingError(f"bundled gazetteer {base} is missing")
    make, close = _bars(progress)

    def log(msg: str) -> None:
        if progress:
            print(f"gazetteer build: {msg}", file=sys.stderr, flush=True)

    try:
        files = _dump.locate(None if source is None else str(source),
                             cache_dir or cfg.cache_dir / "geonames", checksums=checksums,
                             user_agent=cfg.user_agent, refresh=refresh, progress=make,
                             delay=cfg.online_min_delay)
        with atomic_path(target) as tmp, _sort_files_beside(tmp.parent):
            meta = _build_into(tmp, files, base, make, log)
    except sqlite3.Error as exc:
        if "interrupt" in str(exc):  # a signal arrived during a statement
            raise KeyboardInterrupt from None
        raise GazetteerError(f"building {target} failed: {exc}") from None
    finally:
        close()
    return meta


def index_info(path: str | Path | None = None) -> dict[str, str | int]:
    """Which index is in use (or the one at ``path``): edition, path, size, counts, date, sources.

    Raises
    ------
    DataMissingError
        The index file is absent.
    """
    p = Path(path) if path is not None else Path(settings.get().gazetteer_path)
    if not p.is_file():
        raise DataMissingError(f"gazetteer index {p} is missing")
    con = sqlite3.connect(f"file:{p.as_posix()}?mode=ro", uri=True)
    try:
        meta = dict(con.execute("SELECT key, value FROM meta"))
        counts = {}
        for key, table in (("places", "places"), ("names", "names")):
            value = meta.get(key)
            counts[key] = int(value) if value and value.isdigit() else int(
                con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    except sqlite3.Error as exc:
        raise GazetteerError(f"{p}: not a gazetteer index ({exc})") from None
    finally:
        con.close()
    bundled = p.resolve() == (settings.DATA_DIR / "gazetteer.sqlite").resolve()
    edition = meta.get("edition") or ("bundled" if bundled else "custom")
    label = {"full": "full (GeoNames dump)", "bundled": "bundled (GeoNames cities500)"}
    return {
        "edition": label.get(edition, edition),
        "path": str(p),
        "size": p.stat().st_size,
        "places": counts["places"],
        "names": counts["names"],
        "built": meta.get("built", "?"),
        "sources": meta.get("sources", "?"),
    }
