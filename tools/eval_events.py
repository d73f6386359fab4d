#!/usr/bin/env python3
"""Score event extraction against a labelled set of reports.

    python tools/eval_events.py [FIXTURE] [--mentions auto|geoparser|hand] [-v] [--json OUT]

FIXTURE (default ``tests/fixtures/labelled_events.jsonl``) has one report per line: ``id``,
``published`` (or null), ``text``, ``places`` (hand mentions: surface ``mention``, ``name``,
``kind``, ``country_code``, ``admin1``, ``lat``, ``lon``) and ``events``, the gold events
(``place``, ``country_code``, ``lat``, ``lon``, ``date``, ``time_precision``, ``event_type``,
``sub_event_type``, ``fatalities``).

Mentions come from the real geoparser (``geodata.places.geoparse``) when it is importable and its
gazetteer is present (``auto``, the default), else from the hand places.

A predicted event matches a gold event of its report when the places agree: both country-level
(geo_precision 4) in the same country, the same name, or below country level within 10 km
(150 km for a gold region). Pairs are matched one-to-one, best first (same type, then same sub-type, then same
date). Reported:

* event recall, precision and F1 (matched / gold, matched / predicted);
* date accuracy over matched pairs: precision 1 the same day, 2 within 3 days, 3 the same month;
* type and sub-type accuracy over matched pairs;
* fatality accuracy over matched pairs (``null`` must be ``null``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geodata.atomic import atomic_path  # noqa: E402
from geodata.events.extract import extract_events  # noqa: E402
from geodata.model import Event, Mention, Report  # noqa: E402
from geodata.places._handmentions import mentions_from_places  # noqa: E402

DEFAULT_FIXTURE = ROOT / "tests" / "fixtures" / "labelled_events.jsonl"


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().replace("saint ", "st ").strip()


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _gold_is_country(g: dict) -> bool:
    return g.get("geo_precision") == 4 or g.get("kind") == "country"


def place_match(g: dict, e: Event) -> bool:
    """Whether a predicted event is at a gold event's place."""
    if _norm(e.location) == _norm(g["place"]) and (e.country_code or "").upper() == (g.get("country_code") or "").upper():
        return True
    if _gold_is_country(g):
        return e.geo_precision == 4 and (e.country_code or "").upper() == (g.get("country_code") or "").upper()
    if e.geo_precision == 4:
        return False
    if _norm(e.location) == _norm(g["place"]):
        return True
    if e.latitude is not None and g.get("lat") is not None:
        radius = 150.0 if g.get("geo_precision") == 3 else 10.0
        return _km((e.latitude, e.longitude or 0.0), (g["lat"], g["lon"])) <= radius
    return False


def date_match(g: dict, e: Event) -> bool:
    """Whether the predicted date agrees with the gold date at the gold precision."""
    gd = g.get("date")
    if gd is None or e.event_date is None:
        return gd is None and e.event_date is None
    prec = g.get("time_precision", 1)
    if len(gd) == 4:
        return e.event_date[:4] == gd
    if len(gd) == 7 or prec == 3:
        return e.event_date[:7] == gd[:7]
    delta = abs((date.fromisoformat(e.event_date) - date.fromisoformat(gd)).days)
    return delta == 0 if prec == 1 else delta <= 3


def match_report(gold: list[dict], pred: list[Event]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, best first."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, e in enumerate(pred):
            if not place_match(g, e):
                continue
            score = (
                4 * (_norm(e.location) == _norm(g["place"]))
                + 2 * (e.event_type == g["event_type"])
                + (e.sub_event_type == g["sub_event_type"])
                + date_match(g, e)
            )
            cands.append((-score, gi, pi))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def _geoparser():
    try:
        from geodata.places.gazetteer import default_gazetteer
        from geodata.places.geoparse import geoparse

        default_gazetteer().country("KZ")
    except Exception:  # not built yet, or its data is absent
        return None
    return geoparse


def load_fixture(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
    return rows


def evaluate(rows: Sequence[dict], mentions: str = "auto", verbose: bool = False) -> dict:
    """Scores of :func:`geodata.events.extract.extract_events` on labelled rows."""
    gp = _geoparser() if mentions in ("auto", "geoparser") else None
    if mentions == "geoparser" and gp is None:
        raise SystemExit("the geoparser (geodata.places.geoparse with its gazetteer) is not available")
    n_gold = n_pred = n_match = 0
    ok_date = ok_type = ok_sub = ok_fat = 0
    details = []
    for row in rows:
        published = date.fromisoformat(row["published"]) if row.get("published") else None
        report = Report(id=row["id"], text=row["text"], published=published)
        ms: list[Mention]
        if gp is not None:
            ms = gp(report.text, report.id)
        else:
            ms = mentions_from_places(report.id, report.text, row.get("places", []))
        pred = extract_events(report, ms)
        gold = row.get("events", [])
        pairs = match_report(gold, pred)
        n_gold += len(gold)
        n_pred += len(pred)
        n_match += len(pairs)
        for gi, pi in pairs:
            g, e = gold[gi], pred[pi]
            ok_date += date_match(g, e)
            ok_type += e.event_type == g["event_type"]
            ok_sub += e.sub_event_type == g["sub_event_type"]
            ok_fat += e.fatalities == g.get("fatalities")
        if verbose:
            matched_g = {gi for gi, _ in pairs}
            matched_p = {pi: gi for gi, pi in pairs}
            lines = [f"== {row['id']} ({len(pairs)}/{len(gold)} gold, {len(pred)} predicted)"]
            for pi, e in enumerate(pred):
                mark = "ok " if pi in matched_p else "FP "
                extra = ""
                if pi in matched_p:
                    g = gold[matched_p[pi]]
                    errs = []
                    if not date_match(g, e):
                        errs.append(f"date {e.event_date} != {g['date']}")
                    if e.sub_event_type != g["sub_event_type"]:
                        errs.append(f"type {e.sub_event_type} != {g['sub_event_type']}")
                    if e.fatalities != g.get("fatalities"):
                        errs.append(f"fatalities {e.fatalities} != {g.get('fatalities')}")
                    extra = ("  <- " + "; ".join(errs)) if errs else ""
                lines.append(f"  {mark}{e.location} {e.event_date} p{e.time_precision} {e.event_type}/{e.sub_event_type}"
                             f" F={e.fatalities} gp={e.geo_precision}{extra}")
            for gi, g in enumerate(gold):
                if gi not in matched_g:
                    lines.append(f"  MISS {g['place']} {g['date']} {g['event_type']}/{g['sub_event_type']} F={g.get('fatalities')}")
            details.append("\n".join(lines))
    m = max(n_match, 1)
    recall = n_match / n_gold if n_gold else 1.0
    precision = n_match / n_pred if n_pred else 1.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return {
        "mentions": "geoparser" if gp is not None else "hand",
        "reports": len(rows),
        "gold_events": n_gold,
        "predicted_events": n_pred,
        "matched": n_match,
        "recall": round(recall, 3),
        "precision": round(precision, 3),
        "f1": round(f1, 3),
        "date_accuracy": round(ok_date / m, 3),
        "type_accuracy": round(ok_type / m, 3),
        "sub_type_accuracy": round(ok_sub / m, 3),
        "fatality_accuracy": round(ok_fat / m, 3),
        "details": details,
    }


def format_table(scores: dict) -> str:
    rows = [
        ("mentions from", scores["mentions"]),
        ("reports", scores["reports"]),
        ("gold events", scores["gold_events"]),
        ("predicted events", scores["predicted_events"]),
        ("matched", scores["matched"]),
        ("event recall", f"{scores['recall']:.3f}"),
        ("event precision", f"{scores['precision']:.3f}"),
        ("event F1", f"{scores['f1']:.3f}"),
        ("date accuracy", f"{scores['date_accuracy']:.3f}"),
        ("type accuracy", f"{scores['type_accuracy']:.3f}"),
        ("sub-type accuracy", f"{scores['sub_type_accuracy']:.3f}"),
        ("fatality accuracy", f"{scores['fatality_accuracy']:.3f}"),
    ]
    w = max(len(k) for k, _ in rows)
    out = [f"| {'metric'.ljust(w)} | value |", f"|{'-' * (w + 2)}|-------|"]
    out += [f"| {k.ljust(w)} | {v} |" for k, v in rows]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation; returns the exit code (0, or 2 for a missing fixture)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("fixture", nargs="?", type=Path, default=DEFAULT_FIXTURE)
    ap.add_argument("--mentions", choices=("auto", "geoparser", "hand"), default="auto",
                    help="where place mentions come from (default: the geoparser when available)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every report's events and misses")
    ap.add_argument("--json", type=Path, help="also write the scores to this JSON file")
    args = ap.parse_args(argv)
    if not args.fixture.exists():
        print(f"no such fixture: {args.fixture}", file=sys.stderr)
        return 2
    scores = evaluate(load_fixture(args.fixture), args.mentions, args.verbose)
    if args.verbose:
        print("\n".join(scores["details"]))
        print()
    print(format_table(scores))
    if args.json:
        with atomic_path(args.json) as tmp:
            Path(tmp).write_text(json.dumps({k: v for k, v in scores.items() if k != "details"}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
