"""tools/eval_realtext.py: the split rule, the tolerance rules and the scoring, on records written
here; and one run on a 20-row slice of ../shared/corpora when it exists."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"


def _load() -> Any:
    spec = importlib.util.spec_from_file_location("eval_realtext", ROOT / "tools" / "eval_realtext.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_realtext"] = mod
    spec.loader.exec_module(mod)
    return mod


ev = _load()

# Own records (no corpus text): an ambush near a made-up road, with UCDP-style labels.
GOLD: dict[str, Any] = {
    "source_label": "state-based", "event_type_candidates": ["Battles", "Explosions/Remote violence"],
    "latitude": 10.0, "longitude": 20.0, "precision": 1, "date": "2021-03-04",
    "date_end": "2021-03-06", "fatalities": 3, "fatalities_low": 2, "fatalities_high": 5,
}
TEXT = "Soldiers and rebels exchanged fire on the river road on Thursday; three died."


def _pred(**kw: Any) -> Any:
    base: dict[str, Any] = {"detected": True, "event_type": "Battles", "lat": 10.0, "lon": 20.0,
                            "fatalities": 3, "event_date": "2021-03-04", "n_events": 1}
    base.update(kw)
    return ev.Pred(**base)


def _offset(km: float) -> float:
    """Latitude that lies ``km`` north of the gold point (10N, 20E)."""
    return 10.0 + km / 111.195


# -- split ---------------------------------------------------------------------------------------
def test_split_is_the_fixed_sha256_parity_rule() -> None:
    import hashlib

    for rid in ("ucdp-ged:1", "wikipedia-cep:7", "x"):
        assert ev.is_test(rid) == (int(hashlib.sha256(rid.encode()).hexdigest(), 16) % 2 == 1)
        assert ev.is_test(rid) == ev.is_test(rid)


def test_split_is_about_half_and_a_partition() -> None:
    rows = [{"id": f"own:{i}"} for i in range(2000)]
    test, dev = ev.select_half(rows, "test"), ev.select_half(rows, "dev")
    assert 900 <= len(test) <= 1100
    assert len(test) + len(dev) == len(rows)
    assert not {r["id"] for r in test} & {r["id"] for r in dev}
    assert [r["id"] for r in test] == [r["id"] for r in rows if ev.is_test(r["id"])]  # file order


# -- distance and tolerance ----------------------------------------------------------------------
def test_haversine() -> None:
    assert ev.haversine_km(10, 20, 10, 20) == 0
    assert ev.haversine_km(0, 0, 1, 0) == pytest.approx(111.195, abs=0.01)
    assert ev.haversine_km(0, 179.5, 0, -179.5) == pytest.approx(111.195, abs=0.01)


@pytest.mark.parametrize(("text", "prec", "km"), [
    ("Gunmen attacked a bus in the hills.", 1, 50.0),
    ("Gunmen attacked a bus near the border post.", 1, 100.0),
    ("Gunmen attacked a bus NEAR the border post.", 2, 100.0),
    ("Nearly forty buses were attacked; nearby towns shut.", 1, 50.0),
    ("Gunmen attacked a bus near the border post.", 4, 250.0),
    ("Gunmen attacked a bus in the hills.", 3, 50.0),
    ("Gunmen attacked a bus in the hills.", 6, 250.0),
    ("Gunmen attacked a bus in the hills.", None, 50.0),
])
def test_tolerance(text: str, prec: int | None, km: float) -> None:
    assert ev.tolerance_km(text, prec) == km


def test_wiki_truth() -> None:
    assert ev.wiki_truth("War_Conflict") is True
    assert ev.wiki_truth("Law_Crime") is None
    assert ev.wiki_truth("Sports") is False
    assert ev.wiki_truth(None) is False


# -- scoring -------------------------------------------------------------------------------------
def test_everything_right() -> None:
    s = ev.score_row("r", TEXT, GOLD, _pred(), True)
    assert (s.detected, s.located, s.type_ok, s.fat_exact, s.fat_range, s.date_exact, s.date_within) \
        == (True, True, True, True, True, True, True)


def test_located_tolerances() -> None:
    assert ev.score_row("r", TEXT, GOLD, _pred(lat=_offset(49)), True).located
    assert not ev.score_row("r", TEXT, GOLD, _pred(lat=_offset(51)), True).located
    near = "Rebels ambushed a convoy near the dam."
    assert ev.score_row("r", near, GOLD, _pred(lat=_offset(99)), True).located
    assert not ev.score_row("r", near, GOLD, _pred(lat=_offset(101)), True).located
    region = {**GOLD, "precision": 4}
    assert ev.score_row("r", TEXT, region, _pred(lat=_offset(240)), True).located
    assert not ev.score_row("r", TEXT, region, _pred(lat=_offset(260)), True).located
    assert ev.score_row("r", TEXT, GOLD, _pred(lat=None, lon=None), True).located is False


def test_type_against_candidates() -> None:
    assert ev.score_row("r", TEXT, GOLD, _pred(event_type="Explosions/Remote violence"), True).type_ok
    assert not ev.score_row("r", TEXT, GOLD, _pred(event_type="Riots"), True).type_ok
    assert ev.score_row("r", TEXT, {**GOLD, "event_type_candidates": None}, _pred(), True).type_ok is None


def test_fatalities_exact_and_range() -> None:
    s = ev.score_row("r", TEXT, GOLD, _pred(fatalities=2), True)
    assert (s.fat_exact, s.fat_range) == (False, True)
    s = ev.score_row("r", TEXT, GOLD, _pred(fatalities=6), True)
    assert (s.fat_exact, s.fat_range) == (False, False)
    zero = {**GOLD, "fatalities": 0, "fatalities_low": 0, "fatalities_high": 1}
    s = ev.score_row("r", TEXT, zero, _pred(fatalities=None), True)  # none reported = 0
    assert (s.fat_exact, s.fat_range) == (True, True)
    no_range = {**GOLD, "fatalities_low": None, "fatalities_high": None}
    assert ev.score_row("r", TEXT, no_range, _pred(fatalities=3), True).fat_range


def test_dates() -> None:
    s = ev.score_row("r", TEXT, GOLD, _pred(event_date="2021-03-06"), True)
    assert (s.date_exact, s.date_within) == (False, True)
    s = ev.score_row("r", TEXT, GOLD, _pred(event_date="2021-03-07"), True)
    assert (s.date_exact, s.date_within) == (False, False)
    s = ev.score_row("r", TEXT, GOLD, _pred(event_date=None), True)
    assert (s.date_exact, s.date_within) == (False, False)
    one_day = {**GOLD, "date_end": None}
    assert ev.score_row("r", TEXT, one_day, _pred(), True).date_within


def test_no_event_fails_every_measure_that_applies() -> None:
    s = ev.score_row("r", TEXT, GOLD, ev.Pred(False), True)
    assert not s.detected and s.pred_type == "none"
    assert [s.located, s.type_ok, s.fat_exact, s.fat_range, s.date_exact, s.date_within] == [False] * 6
    wiki = {"source_label": "Sports", "date": "2015-09-02"}
    s = ev.score_row("w", "A team won a cup.", wiki, ev.Pred(False), False)
    assert (s.located, s.type_ok, s.fat_exact, s.date_exact) == (None, None, None, False)


def test_pick_event_nearest_to_gold() -> None:
    far = SimpleNamespace(latitude=_offset(300), longitude=20.0, name="far")
    close = SimpleNamespace(latitude=_offset(5), longitude=20.0, name="close")
    nowhere = SimpleNamespace(latitude=None, longitude=None, name="nowhere")
    assert ev.pick_event([far, close], 10.0, 20.0).name == "close"
    assert ev.pick_event([nowhere, far], 10.0, 20.0).name == "far"
    assert ev.pick_event([nowhere, far], None, None).name == "nowhere"
    assert ev.pick_event([], 10.0, 20.0) is None


def test_summary_precision_recall_and_conditional_rates() -> None:
    rows = [
        ev.score_row("a", TEXT, GOLD, _pred(), True),                          # TP, all right
        ev.score_row("b", TEXT, GOLD, _pred(event_type="Riots"), True),       # TP, wrong type
        ev.score_row("c", TEXT, GOLD, ev.Pred(False), True),                   # FN
        ev.score_row("d", TEXT, {"source_label": "Sports"}, _pred(), False),   # FP
        ev.score_row("e", TEXT, {"source_label": "Sports"}, ev.Pred(False), False),  # TN
        ev.score_row("f", TEXT, {"source_label": "Law_Crime"}, _pred(), None),  # apart
    ]
    s = ev.summarise(rows)
    assert (s["tp"], s["positives"], s["predicted"], s["judged"]) == (2, 3, 3, 5)
    assert s["recall"] == pytest.approx(2 / 3) and s["precision"] == pytest.approx(2 / 3)
    assert s["accuracy"] == pytest.approx(3 / 5)
    assert s["type_ok"] == {"all": [1, 3], "detected": [1, 2]}
    assert ev.ratio(1, 3) == "0.333 (1/3)" and ev.ratio(0, 0) == "-"
    conf = ev.confusion(rows)
    assert conf["state-based"] == {"Battles": 1, "Riots": 1, "none": 1}


def test_baseline_constants_come_from_the_rows_given() -> None:
    rows = [{"gold": {"event_type_candidates": ["Battles", "Riots"], "fatalities": 2}},
            {"gold": {"event_type_candidates": ["Riots"], "fatalities": 2}},
            {"gold": {"event_type_candidates": ["Battles", "Riots"], "fatalities": 0}}]
    assert ev.fit_baseline(rows) == ev.Baseline("Riots", 2)


def test_published_is_read_like_the_geocode_command() -> None:
    from datetime import date

    assert ev.published_of({"published": "2019-07-02"}) == date(2019, 7, 2)
    assert ev.published_of({"published": "2019-07-02T10:00:00Z"}) == date(2019, 7, 2)
    assert ev.published_of({"published": None}) is None


# -- a real slice --------------------------------------------------------------------------------
@pytest.mark.skipif(not (CORPORA / ev.UCDP_FILE).exists(), reason="../shared/corpora is absent")
def test_runs_on_a_20_row_slice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from geodata.settings import DATA_DIR

    if not (DATA_DIR / "gazetteer.sqlite").exists():
        pytest.skip("gazetteer index not built (python tools/build_gazetteer.py)")
    out = tmp_path / "figures.json"
    assert ev.main(["--corpora", str(CORPORA), "--limit", "20", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "UCDP GED headlines, TEST half: 20 rows" in printed
    assert "Wikipedia CEP 2015-09, TEST half: 20 rows" in printed
    for label in ("event detected: recall", "located (50/100/250 km)", "type in candidates",
                  "fatalities exact", "fatalities in [low, high]", "date exact", "words/s"):
        assert label in printed
    figures = json.loads(out.read_text())
    assert figures["half"] == "test"
    for name in ("ucdp", "wiki"):
        block = figures["corpora"][name]
        assert len(block["rows"]) == 20
        assert all(ev.is_test(r["id"]) for r in block["rows"])
        assert 0.0 <= block["system"]["recall"] <= 1.0
        assert block["baseline"]["recall"] == 1.0  # the baseline calls every row an event
        assert "text" not in block["rows"][0]
    assert figures["corpora"]["ucdp"]["system"]["positives"] == 20
    assert figures["timing"]["reports"] == 40 and figures["timing"]["words"] > 0
