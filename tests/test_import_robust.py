"""One bad row never aborts an import (issue 15, point 2): integers beyond 64 bits and fields
over the CSV limit are refused with their line; long fields up to the limit are kept; the store
never receives a casualty figure it cannot hold."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from geodata.io._import import MAX_FIELD_CHARS
from geodata.io.acled import import_acled
from geodata.io.gdelt import import_gdelt
from geodata.io.interchange import import_to_store
from geodata.store.eventstore import EventStore

FIXTURES = Path(__file__).parent / "fixtures"


def _acled_rows() -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO((FIXTURES / "acled_sample.csv").read_text(encoding="utf-8"))))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def test_acled_bad_rows_are_refused_with_their_line_and_the_rest_stored(tmp_path):
    header, rows = _acled_rows()
    fat, notes, eid = header.index("fatalities"), header.index("notes"), header.index("event_id_cnty")
    good, huge, long_ok, too_long, tail = (list(r) for r in rows[:5])
    huge[fat] = str(2**63)
    long_ok[notes] = "a long note " * 20_000  # 240 KB: over csv's default 128 KB, kept
    too_long[notes] = "x" * (MAX_FIELD_CHARS + 10)
    path = _write(tmp_path / "a.csv", header, [good, huge, long_ok, too_long, tail])
    events, rejected = import_acled(path)
    ids = {e.event_id for e in events}
    assert ids == {f"acled:{r[eid]}" for r in (good, long_ok, tail)}
    by_line = {r.line: str(r) for r in rejected}
    assert set(by_line) == {3, 5}, by_line
    assert "fatalities" in by_line[3] and "out of range" in by_line[3]
    assert "field" in by_line[5].lower()
    summary = import_to_store(path, "acled", tmp_path / "s.gpkg")
    assert len(summary.rejected) == 2
    with EventStore.open_readonly(tmp_path / "s.gpkg") as s:
        assert set(s.events(include_rejected=True)["event_id"]) == ids


@pytest.mark.parametrize("value", [str(2**63), "1" * 80, "1e400"])
def test_gdelt_num_sources_beyond_64_bits_refuses_that_row_only(tmp_path, value):
    lines = (FIXTURES / "gdelt_sample.CSV").read_text(encoding="utf-8").splitlines()
    fields = lines[0].split("\t")
    fields[32] = value  # NumSources (0-based column 32 of GDELT 2.0 events)
    path = tmp_path / "g.CSV"
    path.write_text("\n".join(["\t".join(fields), *lines[1:]]) + "\n", encoding="utf-8")
    base_events, base_rej = import_gdelt(FIXTURES / "gdelt_sample.CSV")
    events, rejected = import_gdelt(path)
    assert not any(r.line == 1 for r in base_rej), "line 1 of the fixture is an unrest event"
    line1 = [r for r in rejected if r.line == 1]
    assert line1 and not line1[0].skipped and "NumSources" in str(line1[0])
    assert len(events) == len(base_events) - 1
    summary = import_to_store(path, "gdelt", tmp_path / "s.gpkg")
    assert summary.read == len(events)


def test_the_store_treats_an_unreadable_casualty_figure_as_unknown(tmp_path):
    from _factories import make_event, make_report

    with EventStore(tmp_path / "s.gpkg") as s:
        s.add_report(make_report("a"), [], [make_event("a", fatalities=2**64, injuries=20_000_000)])
        s.add_report(make_report("b"), [], [make_event("b", fatalities=3, injuries=2**70,
                                                       event_date="2022-03-01")])
        s.bulk_insert([make_event("c", event_id="c-ev1", fatalities=2**63)])
        df = s.events().set_index("event_id")
    assert df["fatalities"].isna().sum() == 2 and int(df.loc["b-ev1", "fatalities"]) == 3
    assert df["injuries"].isna().all()
