"""Property-based tests (hypothesis) of the readers, the geoparser, the extraction and the
writers (issue 15). The example count is bounded here; ``tools/stress.py`` runs more."""

from __future__ import annotations

import contextlib
import json
from datetime import date

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from geodata.exceptions import InputError  # noqa: E402

CI = settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))

# JSON values nested a little, and lines that are almost JSONL reports
_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                     lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(), c, max_size=4),
                     max_leaves=12)
_report_like = st.fixed_dictionaries(
    {"id": st.one_of(st.text(max_size=20), st.integers()), "text": st.text(max_size=200)},
    optional={"published": st.one_of(st.text(max_size=25), st.integers(), st.none()),
              "title": st.text(max_size=20), "source": st.text(max_size=20)})
_lines = st.one_of(st.text(max_size=300), _json.map(json.dumps), _report_like.map(json.dumps),
                   _report_like.map(lambda d: json.dumps(d, ensure_ascii=False)))
# Text with place names, punctuation, figures and odd characters among random words
_words = st.sampled_from(["Protesters", "marched", "in", "Almaty", "Lagos", "on", "Monday", ".",
                          ",", "police", "killed", "9223372036854775808", "people", "\u2028",
                          "\ud800", "\x00", "Mr.", "St.", "(", ")", "\n", "2022-01-05",
                          "Nairobi", "Kenya", "U.S.", "99999999999999999999"])
_texts = st.one_of(st.text(max_size=400), st.lists(_words, max_size=80).map(" ".join))


@CI
@given(_lines)
def test_a_jsonl_line_gives_a_report_or_a_clear_error(line):
    from geodata.io.reports import parse_jsonl_line

    try:
        rep = parse_jsonl_line(line, default_published=date(2022, 1, 5), where="x.jsonl:1")
    except (InputError, ValueError):
        return
    assert isinstance(rep.text, str) and rep.text


@CI
@given(st.binary(max_size=400))
def test_a_file_of_any_bytes_is_read_or_refused_clearly(tmp_path_factory, data):
    from geodata.io.reports import read_reports

    f = tmp_path_factory.mktemp("p") / "r.jsonl"
    f.write_bytes(data)
    with contextlib.suppress(InputError, ValueError):
        list(read_reports([f], published=date(2022, 1, 5), problems=[], warnings=[]))


@CI
@given(_texts)
def test_geoparse_never_raises_and_its_offsets_index_the_text(gazetteer, text):
    from geodata import geoparse

    for m in geoparse(text):
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start:m.end] == m.mention


@CI
@given(_texts)
def test_process_report_never_raises(gazetteer, text):
    from geodata import Report, process_report

    if not text.strip():
        return
    res = process_report(Report(id="p", text=text, published=date(2022, 1, 5)))
    for ev in res.events:
        assert ev.report_id == "p"
        assert ev.fatalities is None or ev.fatalities >= 0


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(1, 40), st.integers(0, 10_000), st.sampled_from(["geojson", "csv", "gpkg"]))
def test_written_events_read_back_the_same(tmp_path_factory, n, seed, fmt):
    from geodata.io.files import read_events, write_events
    from geodata.store.synthetic import synthetic_events

    events = synthetic_events(n, seed=seed)
    path = tmp_path_factory.mktemp("w") / f"e.{fmt}"
    write_events(events, path, raw_csv=True)
    back = {e.event_id: e for e in read_events(path)}
    assert set(back) == {e.event_id for e in events}
    for e in events:
        b = back[e.event_id]
        assert (b.event_type, b.event_date[:10] if isinstance(b.event_date, str) else b.event_date,
                b.fatalities) == (e.event_type, e.event_date, e.fatalities)
        if e.latitude is not None:
            assert abs(b.latitude - e.latitude) < 1e-6 and abs(b.longitude - e.longitude) < 1e-6
