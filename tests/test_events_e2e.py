"""End to end: the bundled sample reports, the seed report and the labelled set."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from geodata.events.extract import extract_events
from geodata.io.reports import read_reports
from geodata.model import Report
from geodata.settings import DATA_DIR

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = DATA_DIR / "sample_reports" / "kz2022.jsonl"
SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
FIXTURE = ROOT / "tests" / "fixtures" / "labelled_events.jsonl"
HOLDOUT = ROOT / "tests" / "fixtures" / "labelled_events_holdout.jsonl"


def _geoparse():
    try:
        from geodata.places.gazetteer import default_gazetteer
        from geodata.places.geoparse import geoparse

        if default_gazetteer().country("KZ") is None:
            return None
    except Exception:
        return None
    return geoparse


GEOPARSE = _geoparse()
needs_geoparser = pytest.mark.skipif(GEOPARSE is None, reason="geodata.places.geoparse or its bundled gazetteer is not available")


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_events", ROOT / "tools" / "eval_events.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def test_sample_reports_are_well_formed():
    problems: list = []
    reports = list(read_reports([SAMPLES], problems=problems))
    assert not problems
    assert len(reports) == 10
    assert all(r.published and r.source and r.title for r in reports)


@needs_geoparser
def test_sample_reports_end_to_end():
    by_id = {}
    for r in read_reports([SAMPLES]):
        by_id[r.id] = extract_events(r, GEOPARSE(r.text, r.id))
    assert sum(len(v) for v in by_id.values()) >= 15
    for evs in by_id.values():
        for e in evs:
            assert e.event_type and e.severity in range(1, 6) and e.notes
            assert e.event_date is None or e.event_date <= "2022-01-15"
            assert e.location not in ("Moscow", "Washington", "Yerevan", "New York", "London")
    kz2 = by_id["kz2022-02"]
    assert any("internet shutdown" in e.tags and e.geo_precision == 4 and e.event_date == "2022-01-04" for e in kz2)
    kz4 = by_id["kz2022-04"]
    assert any(e.actor1.startswith("CSTO") for e in kz4)
    kz1 = {(e.location, e.event_date) for e in by_id["kz2022-01"]}
    assert ("Zhanaozen", "2022-01-02") in kz1 and ("Aktau", "2022-01-03") in kz1


def _seed_reports() -> list[Path]:
    return sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []


@pytest.mark.skipif(not _seed_reports(), reason=f"no seed report in {SEED_DIR}")
@needs_geoparser
def test_seed_report_done_when():
    path = _seed_reports()[0]
    text = path.read_text(encoding="utf-8")
    report = Report(path.stem, text, date(2022, 1, 6))
    evs = extract_events(report, GEOPARSE(text, report.id))
    assert all(e.event_type and e.event_date and e.severity and e.notes for e in evs)
    assert all(e.notes in text or all(part in text for part in e.notes.split(". ")) for e in evs)

    def find(pred):
        return [e for e in evs if pred(e)]

    assert find(lambda e: e.location == "Almaty" and e.event_type == "Riots" and e.event_date == "2022-01-05")
    assert find(lambda e: e.location == "Aktobe" and "Water cannon" in e.notes)
    assert find(lambda e: e.location == "Taldykorgan" and "statue" in e.notes)
    (zh,) = find(lambda e: e.location == "Zhanaozen")
    assert zh.event_date.startswith("2011") and zh.time_precision == 3
    assert zh.fatalities is not None and zh.fatalities >= 14 and zh.severity == 5
    national = find(lambda e: e.geo_precision == 4 and e.country_code == "KZ")
    assert any("state of emergency" in e.tags and "curfew" in e.tags for e in national)
    assert any("troop deployment" in e.tags and e.actor1.startswith("CSTO") for e in national)
    assert any("internet shutdown" in e.tags and e.event_date == "2022-01-04" for e in national)
    assert not find(lambda e: e.location in ("London", "Washington", "Moscow", "Yerevan", "Russia", "United States"))


def test_labelled_set_with_hand_mentions():
    ev = _eval_module()
    scores = ev.evaluate(ev.load_fixture(FIXTURE), mentions="hand")
    assert scores["reports"] >= 25 and scores["gold_events"] >= 50
    assert scores["recall"] >= 0.85 and scores["precision"] >= 0.85
    assert scores["date_accuracy"] >= 0.9
    assert scores["type_accuracy"] >= 0.85
    assert scores["fatality_accuracy"] >= 0.85
    countries = {g["country_code"] for row in ev.load_fixture(FIXTURE) for g in row["events"]}
    assert len(countries - {"KZ"}) >= 4


def test_holdout_set_with_hand_mentions():
    """Reports written after the rules were tuned on the main set (other countries again)."""
    ev = _eval_module()
    scores = ev.evaluate(ev.load_fixture(HOLDOUT), mentions="hand")
    assert scores["recall"] >= 0.8 and scores["precision"] >= 0.8
    assert scores["date_accuracy"] >= 0.85 and scores["type_accuracy"] >= 0.8


@needs_geoparser
def test_labelled_set_with_the_geoparser():
    ev = _eval_module()
    scores = ev.evaluate(ev.load_fixture(FIXTURE), mentions="geoparser")
    assert scores["recall"] >= 0.75 and scores["precision"] >= 0.8


def test_eval_script_main_prints_a_table(capsys, tmp_path):
    ev = _eval_module()
    out = tmp_path / "scores.json"
    assert ev.main([str(FIXTURE), "--mentions", "hand", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "event recall" in printed and "fatality accuracy" in printed
    assert out.exists() and '"recall"' in out.read_text()
    assert ev.main([str(tmp_path / "missing.jsonl")]) == 2


def test_thousands_of_sentences_are_processed():
    text = " ".join(
        f"Protesters rallied in Almaty on Wednesday and police fired tear gas; {n} people were detained." for n in range(300)
    )
    evs = extract_events(Report("big", text, date(2022, 1, 6)), [])
    assert evs == [], "no place was given, so no event can be placed"
