"""Behaviours of the learned event classifier, one per test, on sentences written here.

These check single behaviours, not accuracy (that is measured on the corpora's TEST halves by
``tools/eval_event_model.py``). Skipped when the artefact has not been built.
"""

from __future__ import annotations

import pytest

from geodata.events.classifier import DEFAULT_PATH, EventClassifier, WordPiece, hashed_ngrams
from geodata.events.taxonomy import EVENT_TYPES

pytestmark = pytest.mark.skipif(not DEFAULT_PATH.exists(),
                                reason="event classifier artefact not built")


@pytest.fixture(scope="module")
def clf() -> EventClassifier:
    return EventClassifier.load()


def _p(clf: EventClassifier, text: str) -> tuple[float, str, str]:
    got = clf.predict([text])[0]
    return got.is_event, got.event_type, got.sub_event_type


def test_reported_attack_is_an_event(clf: EventClassifier) -> None:
    p, kind, _ = _p(clf, "Gunmen on a motorbike shot and injured a shopkeeper in the town "
                         "market on Sunday evening.")
    assert p >= clf.threshold
    assert kind == "Violence against civilians"


def test_possible_curfew_is_not_an_event(clf: EventClassifier) -> None:
    p, _, _ = _p(clf, "The authorities may impose a curfew on the capital this weekend.")
    assert p < clf.threshold


def test_curfew_that_looks_likely_is_not_an_event(clf: EventClassifier) -> None:
    p, _, _ = _p(clf, "A curfew across the whole country now looks very likely.")
    assert p < clf.threshold


def test_threat_is_not_an_event(clf: EventClassifier) -> None:
    p, _, _ = _p(clf, "The armed group threatened to blow up the pipeline unless its fighters "
                      "are freed.")
    assert p < clf.threshold


def test_no_injuries_sentence_alone_is_not_an_event(clf: EventClassifier) -> None:
    p, _, _ = _p(clf, "No injuries were reported.")
    assert p < clf.threshold


def test_disaster_deaths_are_not_an_event(clf: EventClassifier) -> None:
    p, _, _ = _p(clf, "Flash floods after a night of torrential rain killed 14 people in the "
                      "valley.")
    assert p < clf.threshold


def test_clear_airstrike_sub_type(clf: EventClassifier) -> None:
    p, kind, sub = _p(clf, "Fighter jets bombed a fuel market outside the town, killing nine "
                           "traders.")
    assert p >= clf.threshold
    assert (kind, sub) == ("Explosions/Remote violence", "Air/drone strike")


def test_arrest_sub_type(clf: EventClassifier) -> None:
    _, kind, sub = _p(clf, "Officers detained eleven members of the student union at dawn.")
    assert (kind, sub) == ("Strategic developments", "Arrests")


def test_peaceful_protest_sub_type(clf: EventClassifier) -> None:
    p, kind, sub = _p(clf, "Several hundred nurses marched to the health ministry on Monday "
                           "demanding overdue wages.")
    assert p >= clf.threshold
    assert (kind, sub) == ("Protests", "Peaceful protest")


def test_police_firing_on_protesters_is_excessive_force(clf: EventClassifier) -> None:
    _, kind, sub = _p(clf, "Police opened fire on a crowd of protesters at the roundabout, "
                           "killing three of them.")
    assert (kind, sub) == ("Protests", "Excessive force against protesters")


def test_roadside_bomb_sub_type(clf: EventClassifier) -> None:
    _, _, sub = _p(clf, "A roadside bomb tore through a minibus on the highway, killing six.")
    assert sub == "Remote explosive/landmine/IED"


def test_kidnapping_sub_type(clf: EventClassifier) -> None:
    _, _, sub = _p(clf, "Armed men kidnapped two engineers working at the dam site.")
    assert sub == "Abduction/forced disappearance"


def test_prediction_fields_are_consistent(clf: EventClassifier) -> None:
    got = clf.predict(["Troops clashed with rebels near the river.", ""])
    assert len(got) == 2
    for pred in got:
        assert 0.0 <= pred.is_event <= 1.0
        assert pred.sub_event_type in EVENT_TYPES[pred.event_type]
        assert pred.sub_probs[0][0] == pred.sub_event_type
        assert [s for s, _ in pred.sub_probs] == sorted(
            [s for s, _ in pred.sub_probs], key=lambda s: -dict(pred.sub_probs)[s])


def test_predictions_are_deterministic_and_batch_independent(clf: EventClassifier) -> None:
    texts = ["Rebels shelled the airport.", "The minister met union leaders.",
             "Villagers lynched a suspected thief."]
    one_by_one = [clf.predict([t])[0] for t in texts]
    assert clf.predict(texts) == one_by_one
    assert clf.predict(texts) == clf.predict(texts)


def test_load_is_cached(clf: EventClassifier) -> None:
    assert EventClassifier.load() is clf


def test_wordpiece_splits_punctuation_and_unknown_words() -> None:
    wp = WordPiece(["[UNK]", "police", "fired", ",", "##s", "shot", "tear", "gas"])
    assert wp.ids("Police fired, shots") == [1, 2, 3, 5, 4]
    assert wp.ids("xyzzy police") == [1]


def test_hashed_ngrams_are_case_insensitive() -> None:
    assert hashed_ngrams("Tear Gas", 1 << 16) == hashed_ngrams("tear gas", 1 << 16)
