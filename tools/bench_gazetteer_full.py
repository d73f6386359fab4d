#!/usr/bin/env python3
"""Benchmark the full-gazetteer build and its use, beside the bundled index, on a synthetic dump.

    python tools/bench_gazetteer_full.py [--rows 12000000] [--alt-rows N] [--work DIR]
                                         [--reuse-dump] [--json OUT]

Generates a dump in GeoNames' exact formats (``allCountries.zip``, ``alternateNamesV2.zip``,
``admin1CodesASCII.txt``, ``admin2Codes.txt``, ``countryInfo.txt``) of the real size by default:
about 12 million features (feature classes in GeoNames' proportions: 40 % populated places,
20 % hydrographic, 19 % terrain, 12 % spots and buildings, ...) and 1.25 alternate names a
feature (a sixth of them links and codes, which the build drops). Names are generated from
syllables, so they collide the way place names do. Countries and admin-1 codes are the bundled
index's, so the rows land in real countries. ``--rows`` scales it down.

Then, each as its own process (peak RSS from ``wait4``): the build (``unrest-atlas gazetteer
build --full --from DIR``); ``unrest-atlas geocode`` of one report with each index, first with
the index's pages evicted from the OS cache (``posix_fadvise DONTNEED``), then warm; and, in a
worker process per index, name lookups (uncached, one name a query) and the geoparse of the
report. The bundled index is the baseline in the same run. Prints a table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "geodata" / "data" / "gazetteer.sqlite"
REPORT = ROOT / "geodata" / "data" / "sample_reports" / "kz2022.jsonl"

# (feature class, feature code, share of all rows); shares from GeoNames' own statistics,
# rounded; the codes within a class are a plausible mix (kept and dropped ones)
MIX: list[tuple[str, str, float]] = [
    ("P", "PPL", 0.362), ("P", "PPLX", 0.014), ("P", "PPLA4", 0.008), ("P", "PPLA3", 0.006),
    ("P", "PPLA2", 0.004), ("P", "PPLL", 0.004), ("P", "PPLQ", 0.001), ("P", "PPLH", 0.001),
    ("H", "STM", 0.12), ("H", "LK", 0.04), ("H", "RSV", 0.02), ("H", "SPNG", 0.02),
    ("T", "MT", 0.08), ("T", "HLL", 0.06), ("T", "VAL", 0.03), ("T", "PASS", 0.02),
    ("S", "CH", 0.03), ("S", "SCH", 0.03), ("S", "HTL", 0.02), ("S", "BLDG", 0.01),
    ("S", "FRM", 0.01), ("S", "HSP", 0.004), ("S", "BDG", 0.003), ("S", "AIRP", 0.001),
    ("S", "SQR", 0.0005), ("S", "UNIV", 0.0005), ("S", "PP", 0.0005), ("S", "MILB", 0.0005),
    ("S", "STDM", 0.0005), ("S", "ADMF", 0.0005), ("S", "MSQE", 0.002), ("S", "MKT", 0.001),
    ("L", "PRK", 0.012), ("L", "LCTY", 0.02), ("L", "AREA", 0.008),
    ("A", "ADM2", 0.004), ("A", "ADM3", 0.012), ("A", "ADM4", 0.016), ("A", "ADMD", 0.008),
    ("V", "FRST", 0.005), ("R", "RD", 0.003), ("R", "ST", 0.002), ("U", "SMU", 0.001),
]
LANGS: list[tuple[str, float]] = [
    ("en", 0.22), ("ru", 0.14), ("de", 0.06), ("fr", 0.06), ("es", 0.05), ("uk", 0.03),
    ("ar", 0.05), ("zh", 0.04), ("ja", 0.02), ("", 0.15), ("link", 0.09), ("wkdt", 0.04),
    ("post", 0.03), ("abbr", 0.005), ("iata", 0.005),
]
SYL = ("ka ra an bel dor mir pur ta li sa no vo ye ze lo ul ba ha ni ko ri mu to gi on er "
       "ash tan sk ov in el ad us pa de ma ol ra va ne ti ro ga ki ya zh kh sh ch ts ak").split()
CYR = dict(zip("abdeghiklmnoprstuvyz", "абдегхиклмнопрстувыз", strict=True))
ARAB = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _name(rng: random.Random) -> str:
    n = rng.choice((2, 2, 3, 3, 3, 4))
    s = "".join(rng.choice(SYL) for _ in range(n))
    if rng.random() < 0.15:
        s += " " + "".join(rng.choice(SYL) for _ in range(2))
    return s.title()


def _cyr(name: str) -> str:
    return "".join(CYR.get(c, c) for c in name.lower()).title()


def _frame() -> tuple[list[tuple[str, str, int]], dict[str, list[str]], list[tuple[str, str, int]]]:
    con = sqlite3.connect(f"file:{BUNDLED.as_posix()}?mode=ro", uri=True)
    countries = [(r[0], r[1], r[2]) for r in con.execute(
        "SELECT cc, name, id FROM places WHERE kind = 'country' ORDER BY cc")]
    a1: dict[str, list[str]] = {}
    adm1 = []
    for cc, code, name, pid in con.execute(
            "SELECT cc, admin1_code, name, id FROM places WHERE fcode = 'ADM1' ORDER BY id"):
        if code:
            a1.setdefault(cc, []).append(code.split(".", 1)[1])
            adm1.append((code, name, pid))
    con.close()
    return countries, a1, adm1


def _zip_lines(path: Path, member: str, lines: Iterator[str]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf, \
            zf.open(member, "w", force_zip64=True) as fh:
        buf: list[str] = []
        for line in lines:
            buf.append(line)
            if len(buf) >= 20_000:
                fh.write("".join(buf).encode("utf-8"))
                buf.clear()
        fh.write("".join(buf).encode("utf-8"))


def generate(out: Path, rows: int, alt_rows: int, seed: int = 7) -> None:
    """Write a synthetic dump of ``rows`` features and ``alt_rows`` alternate names to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    countries, a1, adm1 = _frame()
    ccs = [c for c, _, _ in countries if c in a1]
    codes = [(c, f) for c, f, _ in MIX]
    weights = [w for _, _, w in MIX]
    first_id = 20_000_000
    adm2: list[tuple[str, str, int]] = []

    def features() -> Iterator[str]:
        for i in range(rows):
            gid = first_id + i
            fclass, fcode = rng.choices(codes, weights)[0]
            cc = rng.choice(ccs)
            a1c = rng.choice(a1[cc])
            a2c = ""
            name = _name(rng)
            if fcode == "ADM2":
                a2c = str(len(adm2) + 1)
                adm2.append((f"{cc}.{a1c}.{a2c}", name, gid))
            pop = int(rng.paretovariate(1.1) * 50) if fclass == "P" and rng.random() < 0.3 else 0
            alt = ",".join(_name(rng) for _ in range(rng.choice((0, 0, 1, 2))))
            lat, lon = rng.uniform(-55, 70), rng.uniform(-180, 180)
            yield (f"{gid}\t{name}\t{name}\t{alt}\t{lat:.5f}\t{lon:.5f}\t{fclass}\t{fcode}\t{cc}\t\t"
                   f"{a1c}\t{a2c}\t\t\t{pop}\t\t{rng.randint(0, 3000)}\tEtc/UTC\t2024-01-01\n")

    _zip_lines(out / "allCountries.zip", "allCountries.txt", features())
    langs = [lang for lang, _ in LANGS]
    lweights = [w for _, w in LANGS]

    def alternates() -> Iterator[str]:
        for j in range(alt_rows):
            gid = first_id + rng.randrange(rows)
            lang = rng.choices(langs, lweights)[0]
            base = _name(rng)
            if lang in ("ru", "uk"):
                name = _cyr(base)
            elif lang == "ar":
                name = "".join(rng.choice(ARAB) for _ in range(6))
            elif lang == "link":
                name = f"https://en.wikipedia.org/wiki/{base.replace(' ', '_')}"
            elif lang == "post":
                name = str(rng.randint(10000, 99999))
            elif lang in ("abbr", "iata"):
                name = base[:3].upper()
            else:
                name = base
            yield f"{j + 1}\t{gid}\t{lang}\t{name}\t\t\t\t\t\t\n"

    _zip_lines(out / "alternateNamesV2.zip", "alternateNamesV2.txt", alternates())
    with (out / "admin1CodesASCII.txt").open("w", encoding="utf-8") as fh:
        fh.writelines(f"{code}\t{name}\t{name}\t{pid}\n" for code, name, pid in adm1)
    with (out / "admin2Codes.txt").open("w", encoding="utf-8") as fh:
        fh.writelines(f"{code}\t{name}\t{name}\t{pid}\n" for code, name, pid in adm2)
    with (out / "countryInfo.txt").open("w", encoding="utf-8") as fh:
        fh.write("#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\t"
                 "Continent\ttld\tCurrencyCode\tCurrencyName\tPhone\tPostal Code Format\t"
                 "Postal Code Regex\tLanguages\tgeonameid\tneighbours\tEquivalentFipsCode\n")
        for cc, name, pid in countries:
            fh.write(f"{cc}\t{cc}X\t000\t{cc}\t{name}\t\t0\t0\tXX\t.{cc.lower()}\t\t\t\t\t\t\t"
                     f"{pid}\t\t\n")


def measured(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int, float]:
    """Run ``cmd``; returns (wall seconds, peak RSS in MB, exit code, CPU seconds)."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        print(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}", file=sys.stderr)
    if proc.stderr:
        proc.stderr.close()
    return wall, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


def evict(path: Path) -> None:
    """Drop a file's pages from the OS page cache (no root needed)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


_WORKER = r"""
import json, random, sqlite3, statistics, sys, time
from geodata.places.gazetteer import Gazetteer
from geodata.places.geoparse import Geoparser
path, report = sys.argv[1], sys.argv[2]
rng = random.Random(3)
con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
keys = []
letters = "abcdefghijklmnoprstuvyz"
while len(keys) < 2000:
    probe = "".join(rng.choice(letters) for _ in range(3))
    row = con.execute("SELECT norm FROM names WHERE norm >= ? LIMIT 1", (probe,)).fetchone()
    if row:
        keys.append(row[0])
t0 = time.perf_counter()
gaz = Gazetteer(path)
t_open = time.perf_counter() - t0
t0 = time.perf_counter()
hits = 0
for k in keys:
    hits += len(gaz.lookup_many([k]).get(k, []))
t_lookup = (time.perf_counter() - t0) / len(keys)
texts = [json.loads(x)["text"] for x in open(sys.argv[3], encoding="utf-8") if x.strip()]
gp = Geoparser(gaz)
t0 = time.perf_counter()
gp.parse(report)
t_first = time.perf_counter() - t0
runs = []
for i in range(5):
    gaz.clear_cache(fuzzy=True)
    t0 = time.perf_counter()
    for t in texts:
        gp.parse(t + " " * (i + 1))
    runs.append((time.perf_counter() - t0) / len(texts))
t0 = time.perf_counter()
n_fuzzy = len(gaz.names_in("KZ", None, "k")[0])
t_fuzzy = time.perf_counter() - t0
out = {"open_s": t_open, "lookup_us": t_lookup * 1e6, "cands_per_name": hits / len(keys),
       "first_parse_ms": t_first * 1e3, "parse_ms": sorted(runs)[2] * 1e3, "fuzzy_scan_ms": t_fuzzy * 1e3,
       "fuzzy_names": n_fuzzy}
if gaz._by_country:
    # names_in with table names_cc and with the join it replaces (forced), in this process,
    # alternated; CPU time (the machine may be loaded); the results must be the same
    join = Gazetteer(path)
    join._by_country = False
    gp_join = Geoparser(join)
    calls = [(cc, kind, ini) for cc in ("KZ", "RU", "US", "UA", "BD") for kind in (None, "city", "region")
             for ini in ("kqcg", "aeiouy", "zjdy", "hk", "cs", "vwb", "fp", "tc", "m", "n", "l", "r")]
    cpu = {"cc": [], "join": []}
    parse = {"cc": [], "join": []}
    for i in range(3):
        for label, g, p in (("cc", gaz, gp), ("join", join, gp_join)):
            g.clear_cache(fuzzy=True)
            t0 = time.process_time()
            got = [g.names_in(*c) for c in calls]
            cpu[label].append((time.process_time() - t0) / len(calls))
            g.clear_cache(fuzzy=True)
            t0 = time.process_time()
            for t in texts:
                p.parse(t + " " * (i + 1))
            parse[label].append((time.process_time() - t0) / len(texts))
            if label == "cc":
                first = got
            elif got != first:
                raise SystemExit("names_in differs with and without names_cc")
    out.update(names_in_cc_ms=statistics.median(cpu["cc"]) * 1e3,
               names_in_join_ms=statistics.median(cpu["join"]) * 1e3,
               names_in_calls=len(calls), names_in_names=sum(len(x[0]) for x in first) / len(calls),
               parse_cc_cpu_ms=statistics.median(parse["cc"]) * 1e3,
               parse_join_cpu_ms=statistics.median(parse["join"]) * 1e3)
print(json.dumps(out))
"""


def use_figures(index: Path, report_txt: Path, text: str, work: Path) -> dict[str, float]:
    """Geocode cold and warm start (wall, RSS) and in-process lookup speed with one index."""
    env = {**os.environ, "UNREST_ATLAS_GAZETTEER": str(index)}
    cmd = [sys.executable, "-m", "geodata.cli", "geocode", str(report_txt),
           "--mentions", str(work / "mentions.geojson"), "--no-progress"]
    evict(index)
    cold_s, cold_rss, rc, cold_cpu = measured(cmd, env)
    warm = [measured(cmd, env) for _ in range(3)]
    failed = rc or any(w[2] for w in warm)
    out = subprocess.run([sys.executable, "-c", _WORKER, str(index), text, str(REPORT)], env=env,
                         capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    nan = float("nan")
    figures.update(cold_s=nan if failed else cold_s, cold_rss_mb=nan if failed else cold_rss,
                   cold_cpu_s=nan if failed else cold_cpu,
                   warm_s=nan if failed else statistics.median(w[0] for w in warm),
                   warm_rss_mb=nan if failed else statistics.median(w[1] for w in warm))
    return figures


def _print_names_cc(index: Path, f: dict[str, float]) -> None:
    """The full index's names_cc table: its size, and names_in with it and without (same process)."""
    if "names_in_cc_ms" not in f:
        print("full index without table names_cc: names_in reads the join (no comparison)")
        return
    con = sqlite3.connect(f"file:{index.as_posix()}?mode=ro", uri=True)
    try:
        pages = dict(con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))
    except sqlite3.Error:
        pages = {}
    con.close()
    cc_mb = pages.get("names_cc", float("nan")) / 1e6
    rest = (sum(pages.values()) - pages.get("names_cc", 0)) / 1e6 if pages else float("nan")
    print(f"table names_cc: {cc_mb:,.0f} MB, +{100 * cc_mb / rest:.0f} % on the {rest:,.0f} MB "
          f"without it")
    print(f"names_in, full index, CPU ms per call (median of 3, {f['names_in_calls']:.0f} calls, "
          f"{f['names_in_names']:,.0f} names a call): with names_cc {f['names_in_cc_ms']:.2f}, "
          f"join {f['names_in_join_ms']:.2f} (x{f['names_in_join_ms'] / f['names_in_cc_ms']:.0f})")
    print(f"geoparse, full index, CPU ms per report, fuzzy lists uncached: with names_cc "
          f"{f['parse_cc_cpu_ms']:.1f}, join {f['parse_join_cpu_ms']:.1f} "
          f"(x{f['parse_join_cpu_ms'] / f['parse_cc_cpu_ms']:.1f})")


def _row(label: str, a: object, b: object) -> str:
    return f"{label:<38} {a!s:>16} {b!s:>18}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=12_000_000, help="allCountries rows")
    ap.add_argument("--alt-rows", type=int, help="alternate names (default 1.25 x rows)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/unrest-atlas-bench-gazetteer"))
    ap.add_argument("--reuse-dump", action="store_true", help="keep a dump generated before")
    ap.add_argument("--generate-only", action="store_true", help="write the dump and stop")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    alt_rows = args.alt_rows or int(args.rows * 1.25)
    dump, index = args.work / "dump", args.work / "gazetteer-full.sqlite"
    t0 = time.monotonic()
    if not (args.reuse_dump and (dump / "allCountries.zip").exists()):
        generate(dump, args.rows, alt_rows)
    gen_s = time.monotonic() - t0
    dump_mb = sum(p.stat().st_size for p in dump.iterdir()) / 1e6
    print(f"synthetic dump: {args.rows:,} features, {alt_rows:,} alternate names, "
          f"{dump_mb:,.0f} MB zipped, generated in {gen_s:,.0f} s", flush=True)
    if args.generate_only:
        return 0
    index.unlink(missing_ok=True)
    build_s, build_rss, rc, build_cpu = measured([sys.executable, "-m", "geodata.cli", "gazetteer", "build",
                                       "--full", "--from", str(dump), "--out", str(index),
                                       "--no-progress"])
    if rc:
        return 1
    print(f"build: {build_s:,.0f} s wall, {build_cpu:,.0f} s CPU, peak RSS {build_rss:,.0f} MB",
          flush=True)
    text = json.loads(REPORT.read_text(encoding="utf-8").splitlines()[0])["text"]
    report_txt = args.work / "report.txt"
    report_txt.write_text(text, encoding="utf-8")
    figs = {}
    for label, path in (("bundled", BUNDLED), ("full", index)):
        con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        meta = dict(con.execute("SELECT key, value FROM meta"))
        con.close()
        figs[label] = {"size_mb": path.stat().st_size / 1e6, "places": int(meta["places"]),
                       "names": int(meta["names"]), **use_figures(path, report_txt, text, args.work)}
    b, f = figs["bundled"], figs["full"]
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    _print_names_cc(index, f)
    print()
    print(_row("", "bundled", f"full (synthetic {args.rows / 1e6:g}M)"))
    print(_row("build time, wall (s)", "-", f"{build_s:,.0f}"))
    print(_row("build time, CPU user+sys (s)", "-", f"{build_cpu:,.0f}"))
    print(_row("build peak RSS (MB)", "-", f"{build_rss:,.0f}"))
    for key, label, fmt in (
        ("size_mb", "index size on disk (MB)", "{:,.0f}"), ("places", "places", "{:,}"),
        ("names", "names", "{:,}"), ("cold_s", "geocode 1 report, cold start (s)", "{:.2f}"),
        ("cold_cpu_s", "geocode 1 report, cold CPU (s)", "{:.2f}"),
        ("cold_rss_mb", "geocode 1 report, cold peak RSS (MB)", "{:,.0f}"),
        ("warm_s", "geocode 1 report, warm start (s)", "{:.2f}"),
        ("warm_rss_mb", "geocode 1 report, warm peak RSS (MB)", "{:,.0f}"),
        ("open_s", "Gazetteer() open (s)", "{:.3f}"),
        ("lookup_us", "lookup, uncached (us/name)", "{:,.0f}"),
        ("cands_per_name", "candidates per looked-up name", "{:.1f}"),
        ("first_parse_ms", "first geoparse in a process (ms)", "{:,.0f}"),
        ("parse_ms", "geoparse, warm, per report (ms)", "{:,.1f}"),
        ("fuzzy_scan_ms", "fuzzy name list KZ/k (ms)", "{:,.0f}"),
        ("fuzzy_names", "  names in that list", "{:,}"),
    ):
        print(_row(label, fmt.format(b[key]), fmt.format(f[key])))
    if args.json:
        args.json.write_text(json.dumps({"rows": args.rows, "alt_rows": alt_rows,
                                         "build_s": build_s, "build_cpu_s": build_cpu,
                                         "build_rss_mb": build_rss,
                                         "dump_mb": dump_mb, **figs}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
