#!/usr/bin/env python3
"""Places on real headlines: is some mention placed near the point a coder gave the event?

    python tools/eval_places_realtext.py [--corpus ../shared/corpora/ucdp_ged.jsonl] [--misses N]

Each row of the UCDP GED corpus is one real headline and the point UCDP coded the event at,
with its precision (``where_prec``: 1 the place itself, 2 within 25 km of it, 3 a second-order
unit, 4 a first-order unit, 5 a larger part of a country, 6 the country). A row is a hit
when some mention the geoparser resolves in the headline lies within 50 km of the coded point
(100 km when the coder says "near" or a second-order unit, precision 2-3; 250 km for a region,
precision 4-5; the right country for precision 6). Many headlines name no place, or only a
country, so no geoparser reaches 1.0.

Printed for the DEV half (``sha256(id) % 2 == 0``, the half to look at) and the TEST half
(reported, never looked at), beside two baselines run in the same process:

- ``first mention``: only the geoparser's first resolved mention counts;
- ``naive``: capitalised runs matched to GeoNames cities15000, the most populous wins (the
  literature's population baseline, as in ``tools/bench_geoparse.py``).

``--misses N`` prints N DEV rows the geoparser misses (text, coded place, what it found).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from geodata.places.geoparse import Geoparser  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "ucdp_ged.jsonl"

#: (lat, lon, country code) of a resolved place.
Point = tuple[float, float, str]


def is_dev(row_id: str) -> bool:
    """The DEV half: ``sha256(id) % 2 == 0``."""
    return int(hashlib.sha256(row_id.encode("utf-8")).hexdigest(), 16) % 2 == 0


def radius_km(precision: int) -> float | None:
    """How far from the coded point a mention may lie (``None``: the country decides)."""
    if precision <= 1:
        return 50.0
    if precision <= 3:
        return 100.0
    if precision <= 5:
        return 250.0
    return None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def hit(points: Iterable[Point], gold: dict) -> bool:
    """Whether one of ``points`` is where ``gold`` coded the event (see the module docstring)."""
    r = radius_km(int(gold.get("precision") or 1))
    for lat, lon, cc in points:
        if r is None:
            if cc and cc == gold.get("iso2"):
                return True
        elif km(lat, lon, float(gold["latitude"]), float(gold["longitude"])) <= r:
            return True
    return False


def usable(row: dict) -> bool:
    g = row.get("gold") or {}
    return g.get("latitude") is not None and g.get("longitude") is not None and bool(row.get("text"))


def ours(gp: Geoparser) -> Callable[[str], list[Point]]:
    def run(text: str) -> list[Point]:
        return [(m.lat, m.lon, m.country_code or "") for m in gp.parse(text)
                if m.lat is not None and m.lon is not None]
    return run


def naive() -> Callable[[str], list[Point]]:
    from bench_geoparse import NaiveBaseline

    nb = NaiveBaseline()
    return lambda text: [(t["lat"], t["lon"], "") for t in nb.parse(text)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--misses", type=int, default=0, help="print this many DEV misses")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if usable(r)]
    run = ours(Geoparser())
    systems: dict[str, Callable[[dict], bool]] = {}
    found: dict[str, list[Point]] = {}

    def ours_any(r: dict) -> bool:
        pts = found.setdefault(r["id"], run(r["text"]))
        return hit(pts, r["gold"])

    def ours_first(r: dict) -> bool:
        pts = found.setdefault(r["id"], run(r["text"]))
        return hit(pts[:1], r["gold"])

    base = naive()
    systems["ours (some mention)"] = ours_any
    systems["first mention"] = ours_first
    systems["naive (some mention)"] = lambda r: hit(base(r["text"]), r["gold"])
    halves = {"DEV": [r for r in rows if is_dev(r["id"])], "TEST": [r for r in rows if not is_dev(r["id"])]}
    print(f"{'system':<24}" + "".join(f"{h + f' (n={len(rs)})':>18}" for h, rs in halves.items()))
    for name, fn in systems.items():
        cells = []
        for rs in halves.values():
            cells.append(f"{sum(fn(r) for r in rs) / max(1, len(rs)):>18.3f}")
        print(f"{name:<24}" + "".join(cells))
    print("\nby coded precision, ours (some mention)")
    for prec in sorted({int(r["gold"]["precision"]) for r in rows}):
        cells = []
        for rs in halves.values():
            sub = [r for r in rs if int(r["gold"]["precision"]) == prec]
            cells.append(f"{sum(ours_any(r) for r in sub) / max(1, len(sub)):>12.3f} n={len(sub):<4}")
        print(f"  precision {prec:<12}" + "".join(cells))
    shown = 0
    for r in halves["DEV"]:
        if shown >= args.misses:
            break
        if not ours_any(r):
            shown += 1
            g = r["gold"]
            pts = [f"({lat:.2f},{lon:.2f},{cc})" for lat, lon, cc in found[r["id"]]]
            print(f"\n[{g['precision']}] {r['text'][:160]}\n    coded {g['location']} ({g['latitude']:.2f},"
                  f"{g['longitude']:.2f}) | found {' '.join(pts) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
