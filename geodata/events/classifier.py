"""Learned event detector: is an ACLED-codable event reported in a clause, and which sub-type.

A static token embedding (model2vec, distilled offline from sentence-transformers
all-MiniLM-L6-v2) is averaged over the sentence's WordPiece tokens, hashed word uni- and
bigrams are added beside it, and two linear heads (trained with scikit-learn by
``tools/build_event_model.py``) give

* ``is_event``: the probability that an event is *reported* (not planned, feared, threatened,
  denied, hypothetical or commented on);
* a distribution over ACLED's 25 sub-event types (the type above follows from the taxonomy).

Inference needs numpy only: the artefact (``geodata/data/models/event_classifier.npz``) holds
the vocabulary, the embedding table and the weights, and the BERT WordPiece tokenizer is
re-implemented below (the build checks it gives the same ids as Hugging Face ``tokenizers``
on every training sentence). No transformer runs, nothing is fetched.

Examples
--------
>>> clf = EventClassifier.load()  # doctest: +SKIP
>>> p = clf.predict(["Police arrested dozens of opposition activists overnight."])[0]  # doctest: +SKIP
>>> p.sub_event_type, p.event_type  # doctest: +SKIP
('Arrests', 'Strategic developments')
"""

from __future__ import annotations

import io
import itertools
import json
import re
import threading
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import numpy as np
import numpy.typing as npt

__all__ = ["DEFAULT_PATH", "EventClassifier", "Prediction", "WordPiece", "hashed_ngrams"]

#: Where the shipped artefact lives.
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "models" / "event_classifier.npz"

_F32 = npt.NDArray[np.float32]
_V = TypeVar("_V")
_ASCII_TOKEN_RX = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
_WORD_RX = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CONTROL_RX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Prediction:
    """What the classifier says about one clause or sentence.

    Attributes
    ----------
    is_event : float
        Probability (0-1) that an ACLED-codable event is reported in the text.
    event_type : str
        ACLED event type of the most likely sub-event type.
    sub_event_type : str
        Most likely of ACLED's 25 sub-event types (meaningful when ``is_event`` is high).
    sub_probs : tuple of (str, float)
        The top sub-event types with their probabilities, most likely first.
    """

    is_event: float
    event_type: str
    sub_event_type: str
    sub_probs: tuple[tuple[str, float], ...]


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def _basic_pieces(chunk: str) -> list[str]:
    """BERT's normaliser and pre-tokeniser on one non-ASCII, whitespace-free chunk."""
    pieces: list[str] = []
    cur: list[str] = []
    for ch in chunk:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or unicodedata.category(ch) in ("Cc", "Cf"):
            if ch in "\t\n\r":
                pieces.extend(["".join(cur)] if cur else [])
                cur = []
            continue
        if ch.isspace() or unicodedata.category(ch) == "Zs":
            pieces.extend(["".join(cur)] if cur else [])
            cur = []
            continue
        if _is_cjk(cp):
            pieces.extend(["".join(cur)] if cur else [])
            pieces.append(ch)
            cur = []
            continue
        for c in unicodedata.normalize("NFD", ch):
            if unicodedata.category(c) == "Mn":
                continue
            for low in c.lower():
                if _is_punct(low):
                    pieces.extend(["".join(cur)] if cur else [])
                    pieces.append(low)
                    cur = []
                else:
                    cur.append(low)
    if cur:
        pieces.append("".join(cur))
    return pieces


class _Memo(dict[str, _V]):
    """A function's value for each string, computed on the first lookup (``__missing__``), so
    that many strings are looked up at C speed (``map(memo.__getitem__, strings)``)."""

    __slots__ = ("_compute", "_limit")

    def __init__(self, compute: Callable[[str], _V], limit: int) -> None:
        super().__init__()
        self._compute = compute
        self._limit = limit  # emptied beyond this many (a long batch run sees many strings)

    def __missing__(self, key: str) -> _V:
        if len(self) > self._limit:
            self.clear()
        out = self[key] = self._compute(key)
        return out


class WordPiece:
    """BERT uncased WordPiece (normalise, split, greedy longest match), ids without ``[UNK]``.

    Parameters
    ----------
    vocab : sequence of str
        Token of each row of the embedding table.
    """

    def __init__(self, vocab: Sequence[str]) -> None:
        self._ids = {tok: i for i, tok in enumerate(vocab)}
        self._unk = self._ids.get("[UNK]", -1)
        self._cache: _Memo[tuple[int, ...]] = _Memo(self._chunk, 500_000)

    def _word(self, word: str) -> tuple[int, ...]:
        if len(word) > 100:
            return ()
        ids: list[int] = []
        start, n = 0, len(word)
        while start < n:
            end = n
            found = -1
            while start < end:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                found = self._ids.get(sub, -1)
                if found >= 0:
                    break
                end -= 1
            if found < 0:
                return ()  # the whole word is [UNK], which the embedding model drops
            ids.append(found)
            start = end
        return tuple(i for i in ids if i != self._unk)

    def _chunk(self, chunk: str) -> tuple[int, ...]:
        if chunk.isascii():
            pieces = _ASCII_TOKEN_RX.findall(_CONTROL_RX.sub("", chunk.lower()))
        else:
            pieces = _basic_pieces(chunk)
        return tuple(i for p in pieces for i in self._word(p))

    def ids(self, text: str) -> list[int]:
        """Token ids of ``text`` (``[UNK]`` dropped)."""
        return list(itertools.chain.from_iterable(map(self._cache.__getitem__, text.split())))


def hashed_ngrams(text: str, buckets: int) -> list[int]:
    """Distinct hashed word unigrams and bigrams (CRC-32 modulo ``buckets``), in the order of
    a set filled with the unigrams' then the bigrams' buckets, in text order (the order in
    which the model's rows are summed).

    >>> sorted(hashed_ngrams("No injuries", 1 << 16)) == sorted(hashed_ngrams("no  INJURIES", 1 << 16))
    True
    """
    try:
        memo = _WORD_BUCKETS[buckets]
    except KeyError:
        memo = _WORD_BUCKETS.setdefault(buckets, _Memo(partial(_bucket, buckets=buckets), 200_000))
    words = _WORD_RX.findall(text.lower())
    out = set(map(memo.__getitem__, words))
    out.update([zlib.crc32(g.encode()) % buckets for g in map(" ".join, itertools.pairwise(words))])
    return list(out)


def _bucket(gram: str, buckets: int) -> int:
    return zlib.crc32(gram.encode()) % buckets


#: Each word's bucket, per number of buckets (words recur; bigrams mostly do not).
_WORD_BUCKETS: dict[int, _Memo[int]] = {}


def _read_npz(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as zf:
        out: dict[str, Any] = {}
        for name in zf.namelist():
            with zf.open(name) as fh:
                out[name.removesuffix(".npy")] = np.lib.format.read_array(
                    io.BytesIO(fh.read()), allow_pickle=False)
        return out


class EventClassifier:
    """The loaded artefact; use :meth:`load` (cached, thread-safe) rather than the constructor.

    Parameters
    ----------
    arrays : dict
        The arrays of the artefact (see ``tools/build_event_model.py``).
    """

    _lock: ClassVar[threading.Lock] = threading.Lock()
    _cache: ClassVar[dict[Path, EventClassifier]] = {}

    def __init__(self, arrays: dict[str, Any]) -> None:
        self.meta: dict[str, Any] = json.loads(str(arrays["meta"]))
        self.labels: tuple[str, ...] = tuple(str(x) for x in arrays["labels"])
        self.label_types: tuple[str, ...] = tuple(str(x) for x in arrays["label_types"])
        self.threshold: float = float(self.meta["threshold"])
        self.buckets: int = int(self.meta["buckets"])
        self._scale_emb = float(self.meta["emb_scale"])
        self._tok = WordPiece([str(x) for x in arrays["vocab"]])
        self._emb = np.asarray(arrays["emb"], dtype=np.float32)
        # Both heads in one table each (column 0: event, 1-25: sub-event types): one gather.
        self._w = np.column_stack([arrays["ev_w"], arrays["sub_w"]]).astype(np.float32)
        # (the hashed table transposed, one row per output column: see _hashed)
        self._h_t = np.ascontiguousarray(
            np.column_stack([arrays["ev_h"], arrays["sub_h"]]).astype(np.float32).T)
        self._b = np.concatenate([[arrays["ev_b"]], arrays["sub_b"]]).astype(np.float32)

    @classmethod
    def load(cls, path: str | Path | None = None) -> EventClassifier:
        """The classifier stored at ``path`` (default: the shipped artefact), loaded once.

        Raises
        ------
        FileNotFoundError
            When the artefact is missing (rebuild it with ``tools/build_event_model.py``).
        """
        key = Path(path or DEFAULT_PATH).resolve()
        with cls._lock:
            got = cls._cache.get(key)
            if got is None:
                if not key.exists():
                    raise FileNotFoundError(
                        f"event classifier artefact not found: {key} "
                        "(rebuild with: python tools/build_event_model.py)")
                got = cls(_read_npz(key))
                cls._cache[key] = got
            return got

    def features(self, texts: Sequence[str]) -> tuple[_F32, list[list[int]]]:
        """Scaled, L2-normalised mean embeddings and hashed n-gram buckets of each text."""
        id_lists = [self._tok.ids(t) for t in texts]
        counts = np.array([len(ids) for ids in id_lists], dtype=np.int64)
        dense = np.zeros((len(texts), self._emb.shape[1]), dtype=np.float32)
        nonempty = counts > 0
        if nonempty.any():
            flat = np.fromiter(itertools.chain.from_iterable(id_lists), dtype=np.int64,
                               count=int(counts.sum()))
            starts = np.concatenate(([0], np.cumsum(counts[nonempty])[:-1]))
            sums = np.add.reduceat(self._emb[flat], starts, axis=0)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            dense[nonempty] = sums / np.maximum(norms, 1e-12)
        grams = [hashed_ngrams(t, self.buckets) for t in texts]
        return dense * self._scale_emb, grams

    @staticmethod
    def _hashed(grams: list[list[int]], table_t: _F32) -> _F32:
        """Sum of the rows of a table over each text's buckets, divided by sqrt(count).

        ``table_t`` is the table transposed (C-contiguous): each output column's buckets are
        gathered and summed along a contiguous row. numpy sums each segment with the same
        pairwise summation whatever the stride, so the sums are bitwise those of
        ``np.add.reduceat(table[flat], starts, axis=0)``, two to three times faster.
        """
        lens = np.array([len(g) for g in grams], dtype=np.int64)
        out = np.zeros((len(grams), table_t.shape[0]), dtype=np.float32)
        keep = lens > 0
        if keep.any():
            flat = np.fromiter(itertools.chain.from_iterable(grams), dtype=np.int64, count=int(lens.sum()))
            starts = np.concatenate(([0], np.cumsum(lens[keep])[:-1]))
            sums = np.add.reduceat(table_t.take(flat, axis=1), starts, axis=1).T
            out[keep] = sums / np.sqrt(lens[keep].astype(np.float32))[:, None]
        return out

    #: Texts scored at once: bounds the gathered token rows (a 1 MB report is some 10,000
    #: sentences; one gather of all their tokens would take hundreds of MB).
    BATCH: ClassVar[int] = 256

    def scores(self, texts: Sequence[str]) -> tuple[_F32, _F32]:
        """Event probabilities (n,) and sub-event type probabilities (n, 25)."""
        if not texts:
            return np.zeros(0, np.float32), np.zeros((0, len(self.labels)), np.float32)
        if len(texts) > self.BATCH:
            parts = [self._scores(texts[i:i + self.BATCH]) for i in range(0, len(texts), self.BATCH)]
            return np.concatenate([p for p, _ in parts]), np.concatenate([q for _, q in parts])
        return self._scores(texts)

    def _scores(self, texts: Sequence[str]) -> tuple[_F32, _F32]:
        dense, grams = self.features(texts)
        out = dense @ self._w + self._hashed(grams, self._h_t) + self._b
        p_ev = (1.0 / (1.0 + np.exp(-out[:, 0]))).astype(np.float32)
        logits = out[:, 1:]
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        return p_ev, probs.astype(np.float32)

    def predict(self, texts: Sequence[str], top_k: int = 3) -> list[Prediction]:
        """One :class:`Prediction` per text (a clause or a sentence), in order.

        Parameters
        ----------
        texts : sequence of str
            Clauses or sentences.
        top_k : int
            How many sub-event types to keep in ``sub_probs``.
        """
        p_ev, probs = self.scores(texts)
        order = np.argsort(-probs, axis=1, kind="stable")[:, :top_k]
        # Python floats in bulk (``tolist`` gives float(x) of each float32: the same values)
        top_p = np.take_along_axis(probs, order, axis=1).tolist()
        labels, types = self.labels, self.label_types
        return [Prediction(round(ev, 4), types[js[0]], labels[js[0]],
                           tuple((labels[j], round(q, 4)) for j, q in zip(js, qs, strict=True)))
                for ev, js, qs in zip(p_ev.tolist(), order.tolist(), top_p, strict=True)]
