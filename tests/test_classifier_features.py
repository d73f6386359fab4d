"""The event classifier's features and outputs against their plain definitions, on sentences
written here: the fast paths (memoised word buckets and WordPiece chunks, bulk conversions)
must give the same values, in the same order (the order in which float32 rows are summed)."""

from __future__ import annotations

import itertools
import re
import zlib

import numpy as np
import pytest

from geodata.events.classifier import DEFAULT_PATH, EventClassifier, WordPiece, _Memo, hashed_ngrams

_SENTENCES = [
    "Police fired tear gas at hundreds of protesters outside the parliament on Tuesday.",
    "Two soldiers were killed when their convoy hit a roadside bomb near the border.",
    "The union's leaders said they'd strike again; nobody was hurt.",
    "Gunmen  stormed a village\tand abducted 12 farmers, officials say.",
    "Crowds chanted \"no to the decree\" in Zürich, São Paulo and Łódź.",
    "",
    "police police police police",
]


def _plain_ngrams(text: str, buckets: int) -> list[int]:
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())
    grams = words + [a + " " + b for a, b in itertools.pairwise(words)]
    return list({zlib.crc32(g.encode()) % buckets for g in grams})


@pytest.mark.parametrize("buckets", [1 << 16, 1000, 7])
def test_hashed_ngrams_are_the_plain_definition_in_the_same_order(buckets: int) -> None:
    for _ in range(2):  # cold, then with every word's bucket remembered
        for text in _SENTENCES:
            assert hashed_ngrams(text, buckets) == _plain_ngrams(text, buckets)


def test_memo_computes_once_and_empties_beyond_its_limit() -> None:
    calls: list[str] = []

    def length(s: str) -> int:
        calls.append(s)
        return len(s)

    memo = _Memo(length, limit=2)
    assert list(map(memo.__getitem__, ["ab", "c", "ab"])) == [2, 1, 2]
    assert calls == ["ab", "c"]
    for s in ["d", "e", "f", "ab"]:
        assert memo[s] == len(s)
    assert len(memo) <= 3
    assert calls[-1] == "ab"  # forgotten when emptied, then computed again


def test_wordpiece_ids_are_the_same_cold_and_warm() -> None:
    vocab = ["[UNK]", "police", "fired", ",", "##s", "shot", "tear", "gas", "the", "."]
    wp = WordPiece(vocab)
    text = "Police fired, shots   the tear-gas unknownword."
    cold = wp.ids(text)
    assert cold == wp.ids(text)
    assert cold == WordPiece(vocab).ids(text)
    assert vocab.index("shot") in cold and vocab.index("##s") in cold


@pytest.mark.skipif(not DEFAULT_PATH.exists(), reason="event classifier artefact not built")
def test_predictions_are_the_scores_rounded() -> None:
    clf = EventClassifier.load()
    texts = [t for t in _SENTENCES if t]
    p_ev, probs = clf.scores(texts)
    got = clf.predict(texts, top_k=3)
    for i, pred in enumerate(got):
        order = np.argsort(-probs[i], kind="stable")[:3]
        assert pred.is_event == round(float(p_ev[i]), 4)
        assert pred.sub_event_type == clf.labels[int(order[0])]
        assert pred.event_type == clf.label_types[int(order[0])]
        assert pred.sub_probs == tuple((clf.labels[int(j)], round(float(probs[i, j]), 4)) for j in order)
        assert all(type(p) is float for _, p in pred.sub_probs) and type(pred.is_event) is float


def test_hashed_sums_are_bitwise_the_row_wise_sums() -> None:
    rng = np.random.default_rng(7)
    table = (rng.standard_normal((500, 26)) * rng.uniform(0.01, 100.0, (500, 1))).astype(np.float32)
    grams = [list(rng.choice(500, size=int(k), replace=False)) for k in rng.integers(0, 300, 40)]
    got = EventClassifier._hashed(grams, np.ascontiguousarray(table.T))
    for row, g in zip(got, grams, strict=True):
        if not g:
            assert not row.any()
            continue
        want = np.add.reduceat(table[np.array(g)], [0], axis=0)[0] / np.sqrt(np.float32(len(g)))
        assert row.tobytes() == want.astype(np.float32).tobytes()
