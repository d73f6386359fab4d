"""The event classifier alone on real text, beside baselines in the same process.

Reads ``../shared/corpora`` (skips with a message when absent) and splits each corpus with the
team's rule (TEST when ``int(sha256(id), 16) % 2 == 1``). Prints, for the chosen half:

* Wikipedia Current Events: event / no-event accuracy, precision, recall, with positives
  War_Conflict + Law_Crime, and with War_Conflict alone (Law_Crime is noisy);
* UCDP GED headlines: share detected as an event, and type-in-candidates accuracy (the
  predicted event type is one UCDP's violence type allows), over all rows and over detected;
* speed: microseconds per sentence and words per second on one core.

Baselines: the rule triggers (``find_triggers``: an event when any trigger other than a bare
casualty word survives; type from the first such trigger) and the majority class.

Usage: ``python tools/eval_event_model.py [--half test|dev] [--model PATH]``. Report TEST
figures; tune on DEV.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geodata.events._triggers import find_triggers  # noqa: E402
from geodata.events.classifier import EventClassifier  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
Decide = Callable[[Sequence[str]], list[tuple[bool, str]]]

_CAT_TYPE = {
    "battle": "Battles", "regain": "Battles", "overtake": "Battles", "clash": "Battles",
    "explosion": "Explosions/Remote violence", "vac": "Violence against civilians",
    "riot": "Riots", "mob": "Riots", "protest": "Protests", "intervention": "Protests",
    "excessive": "Protests", "measure": "Strategic developments",
    "agreement": "Strategic developments", "arrest": "Strategic developments",
    "loot": "Strategic developments",
}


def is_test(row_id: str) -> bool:
    """The team's split rule."""
    return int(hashlib.sha256(row_id.encode()).hexdigest(), 16) % 2 == 1


def load_half(name: str, half: str, corpora: Path = CORPORA) -> list[dict[str, Any]]:
    """Rows of one corpus file in the chosen half."""
    want_test = half == "test"
    with (corpora / name).open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [r for r in rows if is_test(r["id"]) == want_test]


def trigger_decide(texts: Sequence[str]) -> list[tuple[bool, str]]:
    """Rule baseline: event when a non-casualty trigger survives; type of the first one."""
    out: list[tuple[bool, str]] = []
    for text in texts:
        hits = [h for h in find_triggers(text) if h.cat not in ("kill", "injure")]
        kind = _CAT_TYPE.get(hits[0].cat.split(":")[0], "") if hits else ""
        out.append((bool(hits), kind))
    return out


def classifier_decide(clf: EventClassifier, threshold: float) -> Decide:
    """The classifier as a decision function."""
    def decide(texts: Sequence[str]) -> list[tuple[bool, str]]:
        return [(p.is_event >= threshold, p.event_type) for p in clf.predict(texts)]
    return decide


def majority_decide(label: bool, kind: str) -> Decide:
    """Always the same answer."""
    def decide(texts: Sequence[str]) -> list[tuple[bool, str]]:
        return [(label, kind)] * len(texts)
    return decide


def binary(pred: list[bool], gold: list[bool]) -> dict[str, float]:
    """Accuracy, precision, recall, F1."""
    pairs = list(zip(pred, gold, strict=True))
    tp = sum(p and g for p, g in pairs)
    fp = sum(p and not g for p, g in pairs)
    fn = sum(g and not p for p, g in pairs)
    acc = sum(p == g for p, g in pairs) / max(len(gold), 1)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"acc": acc, "P": prec, "R": rec, "F1": f1}


def wiki_scores(decide: Decide, rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Event / no-event on the Wikipedia rows, two ways of counting Law_Crime."""
    pred = [p for p, _ in decide([r["text"] for r in rows])]
    labels = [r["gold"]["source_label"] for r in rows]
    both = binary(pred, [lab in ("War_Conflict", "Law_Crime") for lab in labels])
    keep = [i for i, lab in enumerate(labels) if lab != "Law_Crime"]
    war = binary([pred[i] for i in keep], [labels[i] == "War_Conflict" for i in keep])
    return {"WC+LC": both, "WC (LC dropped)": war}


def ucdp_scores(decide: Decide, rows: list[dict[str, Any]]) -> dict[str, float]:
    """Detection rate and type-in-candidates accuracy on the UCDP rows."""
    got = decide([r["text"] for r in rows])
    cands = [r["gold"]["event_type_candidates"] for r in rows]
    detected = [i for i, (p, _) in enumerate(got) if p]
    ok = [got[i][1] in cands[i] for i in range(len(rows))]
    return {
        "detected": len(detected) / max(len(rows), 1),
        "type_ok_all": sum(ok) / max(len(rows), 1),
        "type_ok_detected": sum(ok[i] for i in detected) / max(len(detected), 1),
        "found_and_type_ok": sum(ok[i] for i in detected) / max(len(rows), 1),
    }


def speed(decide: Decide, texts: list[str], repeat: int = 5) -> tuple[float, float]:
    """Best of ``repeat`` runs, in CPU time of this process (robust to a busy machine):
    microseconds per sentence and words per second, in batches of 64 sentences."""
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for i in range(0, len(texts), 64):
            decide(texts[i:i + 64])
        best = min(best, time.process_time() - t0)
    return best / len(texts) * 1e6, words / best


def _row(name: str, vals: dict[str, float]) -> str:
    return f"  {name:<28}" + "  ".join(f"{k} {v:.3f}" for k, v in vals.items())


def main(argv: list[str] | None = None) -> int:
    """Print the table; 0 when done, 0 with a message when the corpora are absent."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=("test", "dev"), default="test")
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--corpora", type=Path, default=CORPORA)
    ap.add_argument("--threshold", type=float, default=None)
    args = ap.parse_args(argv)
    if not (args.corpora / "ucdp_ged.jsonl").exists():
        print(f"corpora not found at {args.corpora}: nothing to measure")
        return 0
    clf = EventClassifier.load(args.model)
    thr = clf.threshold if args.threshold is None else args.threshold
    wiki = load_half("wikipedia_cep_2015_09.jsonl", args.half, args.corpora)
    ucdp = load_half("ucdp_ged.jsonl", args.half, args.corpora)
    systems: dict[str, Decide] = {
        f"classifier (p>={thr:.2f})": classifier_decide(clf, thr),
        "rule triggers": trigger_decide,
    }
    print(f"half: {args.half.upper()}  wikipedia rows {len(wiki)}  ucdp rows {len(ucdp)}")
    print("Wikipedia CEP, event / no-event:")
    for name, decide in {**systems, "majority (no event)": majority_decide(False, "")}.items():
        for how, vals in wiki_scores(decide, wiki).items():
            print(_row(f"{name} [{how}]", vals))
    print("UCDP GED headlines (all are events):")
    maj = majority_decide(True, "Battles")
    for name, decide in {**systems, "majority (Battles)": maj}.items():
        print(_row(name, ucdp_scores(decide, ucdp)))
    texts = [r["text"] for r in wiki + ucdp]
    print(f"speed on {len(texts)} sentences (CPU time, one thread, warm):")
    for name, decide in systems.items():
        us, wps = speed(decide, texts)
        print(f"  {name:<28}{us:8.1f} us/sentence  {wps:12,.0f} words/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
