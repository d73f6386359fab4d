#!/usr/bin/env python3
"""Benchmark ``unrest-atlas geocode`` end to end: words per second, beside baselines, and cold start.

    python tools/bench_geocode.py [--corpora DIR] [--repeat N] [--limit N]

Texts: the public geoparsing corpora's article texts (``../shared/benchmarks/*.jsonl``, read at
run time, never copied) and the project's own reports (the bundled sample reports and the
labelled event fixtures), plus one own long report on a single line (the fixtures joined, to
show that sentence splitting stays linear).

Each text set runs through the command's code path, :func:`geodata.cli.main` with
``geocode REPORTS.jsonl --out EVENTS.csv --mentions MENTIONS.csv`` (text in; events and
mentions written), in this process, after one warm-up call (the gazetteer loaded). Beside it,
in the same process and on the same texts: a plain regex tokenizer (the floor of any text
processing), the geoparser alone (:meth:`Geoparser.parse_detailed`) and the event stage alone
(:func:`geodata.events.extract.extract` on the geoparser's mentions and unresolved names, with
the detector the command uses: :func:`geodata.events.detect.default_detector`, the learned
classifier arbitrating the rules). The machine is shared and noisy: the best of ``--repeat``
runs is printed, and the ratio to the baselines is the figure to quote, with the ratio to the
goal of issue 10 (60,000 words/s end to end). "first run" is the warm-up call itself: the
gazetteer open but its name caches cold, as in a one-off ``geocode`` over that input. Cold
start: a fresh ``python -m geodata.cli geocode`` on one report (wall clock).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_CORPORA = ROOT.parent / "shared" / "benchmarks"
OWN = [ROOT / "geodata" / "data" / "sample_reports", ROOT / "tests" / "fixtures"]
_WORD_RX = re.compile(r"\w+")
#: Issue 10's speed goal: ``geocode`` end to end, words per second on one core.
GOAL = 60_000


def _jsonl(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def load_sets(corpora: Path, limit: int | None) -> dict[str, list[dict[str, str]]]:
    """Named sets of ``{"id", "text", "published"?}`` reports."""
    sets: dict[str, list[dict[str, str]]] = {}
    for path in sorted(corpora.glob("*.jsonl")):
        rows = [{"id": r["id"], "text": r["text"]} for r in _jsonl(path) if r.get("text")]
        sets[f"corpus {path.stem}"] = rows[:limit] if limit else rows
    own: list[dict[str, str]] = []
    for folder in OWN:
        for path in sorted(folder.glob("*.jsonl")):
            if "sample_reports" in str(folder) or path.name.startswith("labelled_events"):
                own += [{k: r[k] for k in ("id", "text", "published") if r.get(k)} for r in _jsonl(path)]
    sets["own reports"] = own
    line = " ".join(r["text"].replace("\n", " ") for r in own)
    sets["own, one line"] = [{"id": "one-line", "text": line, "published": "2022-01-10"}]
    return sets


def words(rows: list[dict[str, str]]) -> int:
    return sum(len(_WORD_RX.findall(r["text"])) for r in rows)


def best_of(n: int, fn: Callable[[], object]) -> float:
    """Smallest wall time of ``n`` runs of ``fn``."""
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def cold_start(report: Path, out: Path) -> float:
    """Wall time of a fresh process geocoding one report."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geodata.cli", "geocode", str(report), "--out", str(out)],
                   check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None, help="first N texts of each corpus")
    args = ap.parse_args(argv)

    from geodata.cli import main as cli
    from geodata.events.detect import default_detector
    from geodata.events.extract import extract
    from geodata.io.reports import read_reports
    from geodata.places.gazetteer import default_gazetteer
    from geodata.places.geoparse import Geoparser

    sets = load_sets(args.corpora, args.limit)
    if not any(k.startswith("corpus") for k in sets):
        print(f"bench_geocode: no corpora in {args.corpora} (own reports only)", file=sys.stderr)
    tmp = Path(tempfile.mkdtemp(prefix="bench_geocode_"))
    gp = Geoparser(default_gazetteer())
    detector = default_detector()
    rows_out = []
    for name, rows in sets.items():
        path = tmp / "reports.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        argv_ = ["geocode", str(path), "--out", str(tmp / "events.csv"), "--mentions", str(tmp / "mentions.csv")]
        t_first = best_of(1, lambda path=path: cli(  # warm-up: the gazetteer loaded
            ["geocode", str(path), "--out", str(tmp / "warm.csv"), "--mentions", str(tmp / "warm_m.csv")]))
        n = words(rows)
        reports = list(read_reports([path]))  # as the command reads them (published dates too)
        parsed = [gp.parse_detailed(r.text, r.id) for r in reports]
        t_tok = best_of(args.repeat, lambda rows=rows: [_WORD_RX.findall(r["text"]) for r in rows])
        t_gp = best_of(args.repeat, lambda reports=reports: [gp.parse_detailed(r.text, r.id) for r in reports])
        t_ev = best_of(args.repeat, lambda reports=reports, parsed=parsed: [
            extract(r, m, detector=detector, unresolved=u) for r, (m, u) in zip(reports, parsed, strict=True)])
        t_e2e = best_of(args.repeat, lambda argv_=argv_: cli(argv_))
        rows_out.append((name, len(rows), n, t_e2e, t_gp, t_ev, t_tok, t_first))
    one = tmp / "one.jsonl"
    one.write_text(json.dumps(sets["own reports"][0]) + "\n", encoding="utf-8")
    cold = min(cold_start(one, tmp / "one.csv") for _ in range(args.repeat))

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"words/s, one core, best of {args.repeat} runs (this process; load average {load}):")
    print(f"| {'texts':<22} | reports | words   | geocode end to end | / goal {GOAL:,} | first run | "
          f"geoparser alone | events alone | regex tokenizer | end to end / (geoparser + events) |")
    print(f"|{'-' * 24}|---------|---------|--------------------|---------------|-----------|"
          f"-----------------|--------------|-----------------|-----------------------------------|")
    for name, k, n, t_e2e, t_gp, t_ev, t_tok, t_first in rows_out:
        print(f"| {name:<22} | {k:>7} | {n:>7} | {n / t_e2e:>18,.0f} | {n / t_e2e / GOAL:>13.2f} | "
              f"{n / t_first:>9,.0f} | {n / t_gp:>15,.0f} | {n / t_ev:>12,.0f} | {n / t_tok:>15,.0f} | "
              f"{(t_gp + t_ev) / t_e2e:>33.2f} |")
    print(f"cold start, one report (fresh `python -m geodata.cli geocode`): {cold:.2f} s (goal <= 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
