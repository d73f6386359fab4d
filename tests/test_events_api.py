"""The one extraction call: mentions with roles and events from one reading, no hidden state."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from geodata.events.detect import RULES, Detector
from geodata.events.extract import assign_roles, extract, extract_events
from geodata.model import Mention, Report

TEXT = "Protesters stormed the akimat in Almaty. An analyst in London said it was grim."


def _mentions() -> list[Mention]:
    return [
        Mention("r", "Almaty", 33, 39, "Almaty", 1526384, 43.25, 76.95, "KZ", "Almaty", "city", confidence=0.9),
        Mention("r", "London", 55, 61, "London", 2643743, 51.5, -0.13, "GB", "England", "city", confidence=0.9),
    ]


def test_extract_returns_roles_and_events_together():
    out = extract(Report("r", TEXT, date(2022, 1, 6)), _mentions())
    assert [m.role for m in out.mentions] == ["event", "context"]
    assert [e.location for e in out.events] == ["Almaty"]


def test_wrappers_agree_with_the_one_call():
    report = Report("r", TEXT, date(2022, 1, 6))
    out = extract(report, _mentions())
    assert extract_events(report, _mentions()) == out.events
    assert assign_roles(report, _mentions()) == out.mentions


def test_concurrent_calls_on_different_reports_do_not_mix():
    texts = [TEXT, TEXT.replace("stormed the akimat", "marched peacefully")]

    def run(k: int) -> str:
        return extract(Report(f"r{k % 2}", texts[k % 2], date(2022, 1, 6)), _mentions()).events[0].sub_event_type

    with ThreadPoolExecutor(4) as pool:
        subs = list(pool.map(run, range(40)))
    assert set(subs[0::2]) == {subs[0]} and set(subs[1::2]) == {subs[1]}
    assert subs[0] != subs[1]


class _Model:
    """A stand-in learned detector: says every sentence reports (or not) one sub-type."""

    def __init__(self, p: float, sub: str | None) -> None:
        self.p, self.sub = p, sub

    def predict(self, texts):
        return [self for _ in texts]

    @property
    def is_event(self) -> float:
        return self.p

    @property
    def sub_event_type(self) -> str | None:
        return self.sub


def test_a_model_below_threshold_vetoes_what_the_rules_only_guessed():
    # "an explosion was heard" is a medium-strength rule reading: the model's "no" removes it
    text = "An explosion was heard near the akimat in Almaty. An analyst in London said it was grim."
    report = Report("r", text, date(2022, 1, 6))
    ms = [Mention("r", "Almaty", 42, 48, "Almaty", 1526384, 43.25, 76.95, "KZ", "Almaty", "city",
                  confidence=0.9),
          Mention("r", "London", 64, 70, "London", 2643743, 51.5, -0.13, "GB", "England", "city",
                  confidence=0.9)]
    assert extract(report, ms, detector=RULES).events
    out = extract(report, ms, detector=Detector(_Model(0.1, None)))
    assert out.events == []
    assert [m.role for m in out.mentions] == ["context", "context"]


def test_an_unambiguous_trigger_stands_against_the_model():
    out = extract(Report("r", TEXT, date(2022, 1, 6)), _mentions(), detector=Detector(_Model(0.1, None)))
    assert [e.location for e in out.events] == ["Almaty"]


def test_a_model_adds_an_event_the_rules_miss():
    text = "Villagers in Almaty were robbed at gunpoint by a gang on Monday."
    ms = [Mention("r", "Almaty", 13, 19, "Almaty", 1526384, 43.25, 76.95, "KZ", "Almaty", "city", confidence=0.9)]
    report = Report("r", text, date(2022, 1, 6))
    assert extract(report, ms, detector=RULES).events == []
    (e,) = extract(report, ms, detector=Detector(_Model(0.95, "Attack"))).events
    assert (e.event_type, e.sub_event_type, e.location) == ("Violence against civilians", "Attack", "Almaty")


def test_a_sure_model_confirms_a_bare_noun_the_rules_only_guessed():
    # "gunfire" alone is too weak for the rules without a date; a sure model makes it an event
    text = "Heavy gunfire in Almaty left residents sheltering indoors."
    ms = [Mention("r", "Almaty", 17, 23, "Almaty", 1526384, 43.25, 76.95, "KZ", "Almaty", "city", confidence=0.9)]
    report = Report("r", text, date(2022, 1, 6))
    assert extract(report, ms, detector=RULES).events == []
    assert extract(report, ms, detector=Detector(_Model(0.6, "Armed clash"))).events == []
    (e,) = extract(report, ms, detector=Detector(_Model(0.95, "Armed clash"))).events
    assert e.location == "Almaty"


def test_roles_follow_the_mentions_when_a_missed_country_is_inserted_before_them():
    # "DR Congo" is not a geoparser mention; event extraction adds it ahead of the others,
    # and the roles must still land on the right input mentions (Goma event, Paris context).
    text = ("Fighting in DR Congo spread to Goma on Monday, where rebels shelled the airport and "
            "killed 4 civilians. Officials in Paris condemned it.")
    goma, paris = text.index("Goma"), text.index("Paris")
    ms = [Mention("r", "Goma", goma, goma + 4, "Goma", 216281, -1.68, 29.22, "CD", "North Kivu", "city",
                  confidence=0.9),
          Mention("r", "Paris", paris, paris + 5, "Paris", 2988507, 48.85, 2.35, "FR", "Ile-de-France",
                  "city", confidence=0.9)]
    out = extract(Report("r", text, date(2024, 1, 10)), ms)
    assert [(m.name, m.role) for m in out.mentions] == [("Goma", "event"), ("Paris", "context")]
    assert [e.location for e in out.events] == ["Goma"]
