#!/usr/bin/env python3
"""Score the whole pipeline (``unrest-atlas geocode``'s code path) on real text written by others.

    python tools/eval_realtext.py [--corpora DIR] [--half test|dev] [--limit N] [-v] [--json OUT]

Reads ``ucdp_ged.jsonl`` and ``wikipedia_cep_2015_09.jsonl`` from ``--corpora`` (default
``../shared/corpora`` beside the repository; its README says what each label means) and runs
every row through :func:`geodata.process_report`, as the ``geocode`` command does: one
:class:`geodata.Gazetteer` and one :class:`geodata.Geoparser` built once, each row a
:class:`geodata.Report` with the row's ``id``, ``text`` and ``published`` date (``None`` when
the row has none), no online geocoder.

Split (fixed; other tools use the same rule): a row is TEST when
``int(sha256(row["id"]).hexdigest(), 16) % 2 == 1``, else DEV. The TEST half is reported by
default; tune and read rows on the DEV half only.

Rules
-----
Event detected
    A row is predicted positive when the pipeline gives at least one event. UCDP: every row
    reports an event (organised lethal violence), so precision is 1 by construction and recall is
    the figure. Wikipedia CEP: ``War_Conflict`` rows are positive; ``Law_Crime`` rows are left out
    of precision/recall and reported apart (share with an event); every other category is
    negative. Accuracy is "event / no event right" over positives and negatives.
Scored event
    When a row gives several events, the one nearest to the gold point is scored (the first
    event when none has coordinates); type, fatalities and date are read from that event.
Located
    The scored event lies within 50 km of the gold point; 100 km when the text says "near";
    250 km when the gold precision is a region (UCDP ``where_prec`` >= 4: admin-1, between
    places or along a linear feature, country). Reported over all rows ("found and located")
    and over the rows with an event.
Type
    UCDP: the event type is one of the row's ``event_type_candidates``. Per-type confusion:
    the scored event's type (or ``none``) against UCDP's ``source_label``; for Wikipedia
    against the CEP category.
Fatalities
    Exact: the event's fatalities (``None`` counts as 0, ACLED's "none reported") equal UCDP's
    ``best``. Range: they lie within ``[low, high]`` (ACLED codes the lowest figure reported).
Date
    Exact: ``event_date`` equals the gold ``date`` (Wikipedia: the portal day, which is usually
    but not always the event day); within: ``date <= event_date <= date_end``.

Baseline (same rows, same run): every row is an event; its place is the first place the
geoparser resolves in the text; its type the constant that is most often acceptable on the DEV
half; its fatalities the most common DEV figure; its date the row's ``published`` date.
Throughput: words (whitespace-separated) per second through ``process_report``, beside the
geoparser alone, both timed in this process after the gazetteer is open.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
UCDP_FILE = "ucdp_ged.jsonl"
WIKI_FILE = "wikipedia_cep_2015_09.jsonl"
UCDP_LABELS = ("state-based", "non-state", "one-sided")
WIKI_POSITIVE = "War_Conflict"
WIKI_APART = "Law_Crime"
NONE = "none"
TYPE_ABBR = {
    "Battles": "Battles", "Explosions/Remote violence": "Expl/RV",
    "Violence against civilians": "VAC", "Riots": "Riots", "Protests": "Protests",
    "Strategic developments": "StratDev", NONE: NONE,
}
_NEAR = re.compile(r"\bnear\b", re.IGNORECASE)

Row = dict[str, Any]


# -- rules --------------------------------------------------------------------------------------
def is_test(row_id: str) -> bool:
    """The fixed split: TEST when the id's sha256, read as an integer, is odd."""
    return int(hashlib.sha256(row_id.encode()).hexdigest(), 16) % 2 == 1


def select_half(rows: Iterable[Row], half: str) -> list[Row]:
    """The rows of one half (``"test"`` or ``"dev"``), in file order."""
    want = half == "test"
    return [r for r in rows if is_test(str(r["id"])) == want]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def tolerance_km(text: str, gold_precision: int | None) -> float:
    """How far the event may lie from the gold point: 250 km for a region (UCDP precision >= 4),
    else 100 km when the text says "near", else 50 km."""
    if gold_precision is not None and gold_precision >= 4:
        return 250.0
    return 100.0 if _NEAR.search(text) else 50.0


def wiki_truth(category: str | None) -> bool | None:
    """Wikipedia CEP: ``True`` for War_Conflict, ``None`` (scored apart) for Law_Crime,
    ``False`` for every other category."""
    if category == WIKI_POSITIVE:
        return True
    return None if category == WIKI_APART else False


# -- predictions --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pred:
    """What was predicted for one row (the scored event, or nothing)."""

    detected: bool
    event_type: str | None = None
    lat: float | None = None
    lon: float | None = None
    fatalities: int | None = None
    event_date: str | None = None
    n_events: int = 0
    location: str | None = None


def pick_event(events: Sequence[Any], lat: float | None, lon: float | None) -> Any:
    """The event nearest to the gold point (the first when none can be measured)."""
    if not events:
        return None
    if lat is None or lon is None:
        return events[0]
    placed = [e for e in events if e.latitude is not None and e.longitude is not None]
    if not placed:
        return events[0]
    return min(placed, key=lambda e: haversine_km(lat, lon, e.latitude, e.longitude))


def pred_from_events(events: Sequence[Any], gold: Row) -> Pred:
    """Reduce a row's events to the scored one."""
    e = pick_event(events, gold.get("latitude"), gold.get("longitude"))
    if e is None:
        return Pred(False)
    return Pred(True, e.event_type, e.latitude, e.longitude, e.fatalities, e.event_date,
                len(events), e.location)


# -- scoring ------------------------------------------------------------------------------------
@dataclass
class RowScore:
    """One row's outcome; ``None`` where a measure does not apply."""

    id: str
    truth: bool | None
    detected: bool
    located: bool | None = None
    km: float | None = None
    type_ok: bool | None = None
    fat_exact: bool | None = None
    fat_range: bool | None = None
    date_exact: bool | None = None
    date_within: bool | None = None
    label: str = ""
    pred_type: str = NONE
    n_events: int = 0


def _fatality_checks(pred: Pred, gold: Row) -> tuple[bool | None, bool | None]:
    best = gold.get("fatalities")
    if best is None:
        return None, None
    got = pred.fatalities or 0
    low = gold.get("fatalities_low")
    high = gold.get("fatalities_high")
    low = best if low is None else low
    high = best if high is None else high
    return got == best, low <= got <= high


def _date_checks(pred: Pred, gold: Row) -> tuple[bool | None, bool | None]:
    start = gold.get("date")
    if not start:
        return None, None
    end = gold.get("date_end") or start
    got = pred.event_date
    return got == start, got is not None and start <= got <= end


def score_row(row_id: str, text: str, gold: Row, pred: Pred, truth: bool | None) -> RowScore:
    """Score one row: detection always; place, type, fatalities and date when both the row has
    the label and an event was found (else ``False``; ``None`` when the label is missing)."""
    s = RowScore(row_id, truth, pred.detected, label=str(gold.get("source_label") or ""),
                 pred_type=pred.event_type or NONE, n_events=pred.n_events)
    lat, lon = gold.get("latitude"), gold.get("longitude")
    if lat is not None and lon is not None:
        if pred.lat is not None and pred.lon is not None:
            s.km = haversine_km(lat, lon, pred.lat, pred.lon)
        s.located = s.km is not None and s.km <= tolerance_km(text, gold.get("precision"))
    cands = gold.get("event_type_candidates")
    if cands:
        s.type_ok = pred.event_type in cands
    s.fat_exact, s.fat_range = _fatality_checks(pred, gold)
    s.date_exact, s.date_within = _date_checks(pred, gold)
    if not pred.detected:
        for name in ("located", "type_ok", "fat_exact", "fat_range", "date_exact", "date_within"):
            if getattr(s, name) is not None:
                setattr(s, name, False)
    return s


def ratio(k: int, n: int) -> str:
    """``0.123 (k/n)``, or ``-`` for an empty denominator."""
    return f"{k / n:.3f} ({k}/{n})" if n else "-"


MEASURES = (
    ("located", "located (50/100/250 km)"),
    ("type_ok", "type in candidates"),
    ("fat_exact", "fatalities exact (best)"),
    ("fat_range", "fatalities in [low, high]"),
    ("date_exact", "date exact"),
    ("date_within", "date within [date, date_end]"),
)


def summarise(scores: Sequence[RowScore]) -> dict[str, Any]:
    """Counts and rates: detection (precision, recall, F1, accuracy over rows with a truth), and
    each measure over all positive rows and over the detected ones."""
    judged = [s for s in scores if s.truth is not None]
    tp = sum(s.truth is True and s.detected for s in judged)
    pos = sum(s.truth is True for s in judged)
    predicted = sum(s.detected for s in judged)
    right = sum(s.detected == s.truth for s in judged)
    prec = tp / predicted if predicted else 0.0
    rec = tp / pos if pos else 0.0
    out: dict[str, Any] = {
        "rows": len(scores), "positives": pos, "judged": len(judged), "tp": tp,
        "predicted": predicted, "precision": prec, "recall": rec,
        "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
        "accuracy": right / len(judged) if judged else 0.0, "right": right,
    }
    positives = [s for s in scores if s.truth is True]
    for name, _ in MEASURES:
        got = [getattr(s, name) for s in positives if getattr(s, name) is not None]
        det = [getattr(s, name) for s in positives if s.detected and getattr(s, name) is not None]
        out[name] = {"all": [sum(got), len(got)], "detected": [sum(det), len(det)]}
    return out


def confusion(scores: Sequence[RowScore]) -> dict[str, Counter[str]]:
    """Gold label -> Counter of predicted types (``none`` for no event)."""
    table: dict[str, Counter[str]] = {}
    for s in scores:
        table.setdefault(s.label, Counter())[s.pred_type] += 1
    return table


# -- running ------------------------------------------------------------------------------------
def read_jsonl(path: Path) -> list[Row]:
    """All rows of a JSONL file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def published_of(row: Row) -> date | None:
    """The row's ``published`` date, read as the ``geocode`` command reads it."""
    value = row.get("published")
    return date.fromisoformat(str(value).strip()[:10]) if value else None


@dataclass
class Timing:
    """Words and seconds spent, per stage."""

    words: int = 0
    pipeline_s: float = 0.0
    pipeline_cpu: float = 0.0
    geoparser_s: float = 0.0
    geoparser_cpu: float = 0.0
    cold_s: float = 0.0
    reports: int = 0


@dataclass
class Runner:
    """The pipeline, built once, and the geoparser-only baseline (its own gazetteer and
    geoparser, so neither warms the other's caches)."""

    timing: Timing = field(default_factory=Timing)
    geoparser: Any = None
    baseline_geoparser: Any = None

    def __post_init__(self) -> None:
        from geodata import Gazetteer, Geoparser

        t0 = time.perf_counter()
        self.geoparser = Geoparser(Gazetteer())
        self.timing.cold_s = time.perf_counter() - t0
        self.baseline_geoparser = Geoparser(Gazetteer())

    def events(self, row: Row) -> list[Any]:
        """The events of one row, through :func:`geodata.process_report`."""
        from geodata import Report, process_report

        report = Report(str(row["id"]), row["text"], published_of(row))
        t0, c0 = time.perf_counter(), time.process_time()
        result = process_report(report, geoparser=self.geoparser)
        self.timing.pipeline_cpu += time.process_time() - c0
        self.timing.pipeline_s += time.perf_counter() - t0
        self.timing.words += len(row["text"].split())
        self.timing.reports += 1
        return list(result.events)

    def first_place(self, row: Row) -> tuple[float | None, float | None]:
        """Baseline place: the first mention the geoparser resolves."""
        t0, c0 = time.perf_counter(), time.process_time()
        mentions = self.baseline_geoparser.parse(row["text"], str(row["id"]))
        self.timing.geoparser_cpu += time.process_time() - c0
        self.timing.geoparser_s += time.perf_counter() - t0
        for m in mentions:
            if m.lat is not None and m.lon is not None:
                return float(m.lat), float(m.lon)
        return None, None


@dataclass
class Baseline:
    """Constants fitted on the DEV half."""

    event_type: str
    fatalities: int


def fit_baseline(dev_ucdp: Sequence[Row]) -> Baseline:
    """The type most often acceptable and the most common fatality figure on DEV UCDP rows."""
    types: Counter[str] = Counter()
    fats: Counter[int] = Counter()
    for r in dev_ucdp:
        types.update(r["gold"].get("event_type_candidates") or [])
        if r["gold"].get("fatalities") is not None:
            fats[int(r["gold"]["fatalities"])] += 1
    typ = types.most_common(1)[0][0] if types else "Battles"
    return Baseline(typ, fats.most_common(1)[0][0] if fats else 0)


def baseline_pred(runner: Runner, row: Row, base: Baseline) -> Pred:
    """The baseline's prediction for one row."""
    lat, lon = runner.first_place(row)
    pub = published_of(row)
    return Pred(True, base.event_type, lat, lon, base.fatalities,
                pub.isoformat() if pub else None, 1)


def truth_of(corpus: str, row: Row) -> bool | None:
    """Whether the row reports an event (see the module docstring)."""
    return True if corpus == "ucdp" else wiki_truth(row["gold"].get("source_label"))


def evaluate(corpus: str, rows: Sequence[Row], runner: Runner, base: Baseline,
             show: Callable[[str], None] | None = None, with_text: bool = False,
             ) -> tuple[list[RowScore], list[RowScore]]:
    """Score the system and the baseline on ``rows``."""
    system: list[RowScore] = []
    baseline: list[RowScore] = []
    for row in rows:
        gold, text, rid = row["gold"], row["text"], str(row["id"])
        truth = truth_of(corpus, row)
        pred = pred_from_events(runner.events(row), gold)
        s = score_row(rid, text, gold, pred, truth)
        system.append(s)
        baseline.append(score_row(rid, text, gold, baseline_pred(runner, row, base), truth))
        if show is not None:
            show(row_line(s, pred, gold, text if with_text else None))
    return system, baseline


def row_line(s: RowScore, pred: Pred, gold: Row, text: str | None) -> str:
    """One verbose line per row (the text only when asked, i.e. on the DEV half)."""
    flags = "".join(
        "-" if v is None else ("+" if v else "x")
        for v in (s.detected, s.located, s.type_ok, s.fat_exact, s.date_exact)
    )
    km = f"{s.km:.0f}km" if s.km is not None else "-"
    line = (f"{s.id}\t{flags}\t{s.label}\t{pred.event_type or NONE}\t{pred.location}\t{km}\t"
            f"fat {pred.fatalities}/{gold.get('fatalities')}\tdate {pred.event_date}/"
            f"{gold.get('date')}\tn={pred.n_events}")
    return f"{line}\t{text}" if text is not None else line


# -- printing -----------------------------------------------------------------------------------
def _table(lines: Sequence[tuple[str, str, str]]) -> str:
    w0 = max(len(a) for a, _, _ in lines)
    w1 = max(len(b) for _, b, _ in lines)
    return "\n".join(f"  {a:<{w0}}  {b:<{w1}}  {c}" for a, b, c in lines)


def _pair(summary: dict[str, Any], name: str, scope: str) -> str:
    k, n = summary[name][scope]
    return ratio(int(k), int(n))


def detection_lines(sys_s: dict[str, Any], base_s: dict[str, Any], wiki: bool
                    ) -> list[tuple[str, str, str]]:
    """Detection rows of the table."""
    lines = [("metric", "system", "baseline"),
             ("event detected: recall", ratio(sys_s["tp"], sys_s["positives"]),
              ratio(base_s["tp"], base_s["positives"])),
             ("event detected: precision", ratio(sys_s["tp"], sys_s["predicted"]),
              ratio(base_s["tp"], base_s["predicted"]))]
    if wiki:
        lines += [("event detected: F1", f"{sys_s['f1']:.3f}", f"{base_s['f1']:.3f}"),
                  ("event / no event right", ratio(sys_s["right"], sys_s["judged"]),
                   ratio(base_s["right"], base_s["judged"]))]
    return lines


def measure_lines(sys_s: dict[str, Any], base_s: dict[str, Any], names: Sequence[str]
                  ) -> list[tuple[str, str, str]]:
    """Per-measure rows: over all positive rows, then over the rows with an event."""
    lines: list[tuple[str, str, str]] = []
    for name, label in MEASURES:
        if name not in names or not sys_s[name]["all"][1]:
            continue
        lines.append((f"{label}, of all", _pair(sys_s, name, "all"), _pair(base_s, name, "all")))
        lines.append((f"{label}, of detected", _pair(sys_s, name, "detected"),
                      _pair(base_s, name, "detected")))
    return lines


def confusion_text(table: dict[str, Counter[str]], order: Sequence[str]) -> str:
    """Gold label (rows) by predicted type (columns)."""
    cols = [t for t in TYPE_ABBR if any(c[t] for c in table.values())]
    width = max([len(x) for x in order] + [10])
    head = " " * (width + 2) + "".join(f"{TYPE_ABBR[c]:>9}" for c in cols)
    body = [f"  {lab:<{width}}" + "".join(f"{table[lab][c]:>9}" for c in cols)
            for lab in order if lab in table]
    return "\n".join([head, *body])


def report_ucdp(half: str, sys_sc: list[RowScore], base_sc: list[RowScore]) -> str:
    """The UCDP block."""
    s, b = summarise(sys_sc), summarise(base_sc)
    lines = detection_lines(s, b, wiki=False) + measure_lines(s, b, [m for m, _ in MEASURES])
    multi = sum(x.n_events > 1 for x in sys_sc)
    return "\n".join([
        f"== UCDP GED headlines, {half.upper()} half: {len(sys_sc)} rows (all report an event) ==",
        _table(lines), f"  rows with more than one event: {multi}",
        "  type confusion (UCDP source_label x predicted type of the scored event):",
        confusion_text(confusion(sys_sc), UCDP_LABELS)])


def report_wiki(half: str, sys_sc: list[RowScore], base_sc: list[RowScore]) -> str:
    """The Wikipedia CEP block."""
    s, b = summarise(sys_sc), summarise(base_sc)
    lines = detection_lines(s, b, wiki=True)
    apart = [x for x in sys_sc if x.label == WIKI_APART]
    apart_b = [x for x in base_sc if x.label == WIKI_APART]
    lines.append((f"{WIKI_APART} rows with an event", ratio(sum(x.detected for x in apart), len(apart)),
                  ratio(sum(x.detected for x in apart_b), len(apart_b))))
    lines += [(f"{a} (portal day)", b2, c) for a, b2, c in measure_lines(s, b, ["date_exact"])]
    table = confusion(sys_sc)
    order = sorted(table, key=lambda k: (k != WIKI_POSITIVE, k != WIKI_APART, k))
    return "\n".join([
        f"== Wikipedia CEP 2015-09, {half.upper()} half: {len(sys_sc)} rows "
        f"({s['positives']} {WIKI_POSITIVE} positive, {len(apart)} {WIKI_APART} apart, "
        f"{s['judged'] - s['positives']} negative) ==",
        _table(lines), "  category x predicted type (of the first event):",
        confusion_text(table, order)])


def report_timing(t: Timing) -> str:
    """Throughput lines."""
    def rate(seconds: float) -> str:
        return f"{seconds:6.2f} s = {t.words / seconds if seconds else 0.0:>9,.0f} words/s"

    return (f"== throughput (one process; wall clock, and CPU time of this process) ==\n"
            f"  {t.reports} reports, {t.words} words\n"
            f"  process_report end to end: wall {rate(t.pipeline_s)}; "
            f"CPU {rate(t.pipeline_cpu)}\n"
            f"  baseline, geoparser alone: wall {rate(t.geoparser_s)}; "
            f"CPU {rate(t.geoparser_cpu)}\n"
            f"  gazetteer + geoparser build (cold start): {t.cold_s:.2f} s")


# -- main ---------------------------------------------------------------------------------------
def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, metavar="DIR")
    p.add_argument("--half", choices=("test", "dev"), default="test")
    p.add_argument("--limit", type=int, metavar="N", help="first N rows of each corpus half")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="one line per row (with its text on the DEV half only)")
    p.add_argument("--json", type=Path, metavar="OUT", help="write figures and per-row outcomes")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation; 0 on success, 2 when a corpus file is missing."""
    args = parse_args(argv)
    paths = {"ucdp": args.corpora / UCDP_FILE, "wiki": args.corpora / WIKI_FILE}
    missing = [str(p) for p in paths.values() if not p.exists()]
    if missing:
        print(f"eval_realtext: missing {', '.join(missing)}", file=sys.stderr)
        return 2
    rows = {k: read_jsonl(p) for k, p in paths.items()}
    base = fit_baseline(select_half(rows["ucdp"], "dev"))
    runner = Runner()
    show = print if args.verbose else None
    out: dict[str, Any] = {"half": args.half, "baseline": asdict(base), "corpora": {}}
    blocks = []
    for name, all_rows in rows.items():
        part = select_half(all_rows, args.half)[: args.limit]
        sys_sc, base_sc = evaluate(name, part, runner, base, show, args.half == "dev")
        report = report_ucdp if name == "ucdp" else report_wiki
        blocks.append(report(args.half, sys_sc, base_sc))
        out["corpora"][name] = {
            "system": summarise(sys_sc), "baseline": summarise(base_sc),
            "confusion": {k: dict(v) for k, v in confusion(sys_sc).items()},
            "rows": [asdict(s) for s in sys_sc]}
    print("\n\n".join(blocks))
    print(f"\nbaseline: every row an event; place = first place the geoparser resolves; type = "
          f"{base.event_type!r} (most often acceptable on DEV); fatalities = {base.fatalities} "
          f"(most common on DEV); date = published\n")
    print(report_timing(runner.timing))
    out["timing"] = asdict(runner.timing)
    if args.json is not None:
        args.json.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
