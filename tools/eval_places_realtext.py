#!/usr/bin/env python3
"""Places on real headlines: is some mention placed near the point a coder gave the event?

    python tools/eval_places_realtext.py [--corpus ../shared/corpora/ucdp_ged.jsonl] [--misses N]
                                         [--field text|location_description]

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

``--field location_description`` reads the coder's own words on where it happened instead
of the headline ("Kpankou village (Kalale district, Borgou region)", "near Bouar"); it also
prints how often a name the gazetteer lacks comes with the unit that holds it
(``Unresolved.within``), and with it the hit rate when events placed at that unit count.

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


def usable(row: dict, field: str) -> bool:
    g = row.get("gold") or {}
    return g.get("latitude") is not None and g.get("longitude") is not None and bool(_text(row, field))


def _text(row: dict, field: str) -> str:
    return str((row if field == "text" else row.get("gold") or {}).get(field) or "")


#: per text: (resolved points, unresolved names, of which with a ``within`` unit, within points)
_Parsed = tuple[list[Point], int, int, list[Point]]


def ours(gp: Geoparser) -> Callable[[str], _Parsed]:
    def run(text: str) -> _Parsed:
        ms, un = gp.parse_detailed(text)
        pts = [(m.lat, m.lon, m.country_code or "") for m in ms if m.lat is not None and m.lon is not None]
        held = [(u.within.lat, u.within.lon, u.within.country_code) for u in un if u.within is not None]
        return pts, len(un), len(held), held
    return run


def naive() -> Callable[[str], list[Point]]:
    from bench_geoparse import NaiveBaseline

    nb = NaiveBaseline()
    return lambda text: [(t["lat"], t["lon"], "") for t in nb.parse(text)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--field", choices=("text", "location_description"), default="text")
    ap.add_argument("--misses", type=int, default=0, help="print this many DEV misses")
    ap.add_argument("--half", choices=("dev", "test", "both"), default="both",
                    help="which half to score (tune on dev; report test once)")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    field = args.field
    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if usable(r, field)]
    run = ours(Geoparser())
    found: dict[str, _Parsed] = {}

    def parsed(r: dict) -> _Parsed:
        if r["id"] not in found:
            found[r["id"]] = run(_text(r, field))
        return found[r["id"]]

    base = naive()
    systems: dict[str, Callable[[dict], bool]] = {
        "ours (some mention)": lambda r: hit(parsed(r)[0], r["gold"]),
        "first mention": lambda r: hit(parsed(r)[0][:1], r["gold"]),
        "naive (some mention)": lambda r: hit(base(_text(r, field)), r["gold"]),
    }
    if field != "text":
        systems["ours + within units"] = lambda r: hit(parsed(r)[0] + parsed(r)[3], r["gold"])
    halves = {"DEV": [r for r in rows if is_dev(r["id"])], "TEST": [r for r in rows if not is_dev(r["id"])]}
    if args.half != "both":
        halves = {k: v for k, v in halves.items() if k.lower() == args.half}
    print(f"{field}: share of rows with some place within 50 km of the coded point "
          "(100 km near / second-order unit, 250 km region, the country for precision 6)")
    print(f"{'system':<24}" + "".join(f"{h + f' (n={len(rs)})':>18}" for h, rs in halves.items()))
    for name, fn in systems.items():
        print(f"{name:<24}" + "".join(f"{sum(fn(r) for r in rs) / max(1, len(rs)):>18.3f}" for rs in halves.values()))
    print(f"{'unresolved with within':<24}" + "".join(
        f"{sum(parsed(r)[2] for r in rs):>11}/{sum(parsed(r)[1] for r in rs):<6}" for rs in halves.values()))
    print("\nby coded precision, ours (some mention)")
    for prec in sorted({int(r["gold"]["precision"]) for r in rows}):
        cells = []
        for rs in halves.values():
            sub = [r for r in rs if int(r["gold"]["precision"]) == prec]
            cells.append(f"{sum(hit(parsed(r)[0], r['gold']) for r in sub) / max(1, len(sub)):>12.3f} n={len(sub):<4}")
        print(f"  precision {prec:<12}" + "".join(cells))
    shown = 0
    for r in halves.get("DEV", []):
        if shown >= args.misses:
            break
        if not hit(parsed(r)[0], r["gold"]):
            shown += 1
            g = r["gold"]
            pts = [f"({lat:.2f},{lon:.2f},{cc})" for lat, lon, cc in parsed(r)[0]]
            print(f"\n[{g['precision']}] {_text(r, field)[:160]}\n    coded {g['location']} ({g['latitude']:.2f},"
                  f"{g['longitude']:.2f}) | found {' '.join(pts) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
