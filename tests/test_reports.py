"""Reading report files: every input kind and every bad input."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from geodata.exceptions import InputError
from geodata.io.reports import parse_jsonl_line, read_reports


def test_txt_report_id_is_stem(tmp_path):
    p = tmp_path / "kz-almaty-0105.txt"
    p.write_text("Crowds gathered in Almaty on Wednesday.", encoding="utf-8")
    (r,) = read_reports([p], published=date(2022, 1, 6))
    assert r.id == "kz-almaty-0105"
    assert r.published == date(2022, 1, 6)
    assert r.text.startswith("Crowds")


def test_jsonl_fields_and_ignored_extras(tmp_path):
    p = tmp_path / "batch.jsonl"
    p.write_text(
        '{"id": "a", "text": "Riot in Aktobe.", "published": "2022-01-05T10:00:00Z", "title": "T",'
        ' "source": "Wire", "url": "http://x", "extra": 1}\n\n'
        '{"id": 7, "text": "March in Lagos."}\n',
        encoding="utf-8",
    )
    problems: list[InputError] = []
    a, b = read_reports([p], published=date(2020, 1, 1), problems=problems)
    assert not problems
    assert (a.id, a.published, a.title, a.source, a.url) == ("a", date(2022, 1, 5), "T", "Wire", "http://x")
    assert b.id == "7" and b.published == date(2020, 1, 1)


def test_directory_is_read_recursively_in_name_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Second", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First", encoding="utf-8")
    (tmp_path / "sub" / "c.jsonl").write_text('{"id": "c", "text": "Third"}\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    ids = [r.id for r in read_reports([tmp_path])]
    assert ids == ["a", "b", "c"]


def test_stdin_plain_text_and_jsonl():
    (r,) = read_reports(["-"], stdin=io.StringIO("Protest in Dakar."))
    assert (r.id, r.text) == ("stdin", "Protest in Dakar.")
    rs = list(read_reports(["-"], stdin=io.StringIO('{"id": "x", "text": "A"}\n{"id": "y", "text": "B"}\n')))
    assert [r.id for r in rs] == ["x", "y"]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\x00\x01\x02binary", "binary"),
        ("Almaty".encode("utf-16-le"), "binary"),  # no byte-order mark: not text
        (b"Protest in Almaty.\x00\x00", "binary"),
        (b"caf\xe9 in Paris", "not UTF-8"),
        (b"   \n\n", "empty"),
    ],
)
def test_bad_txt_is_reported_and_skipped(tmp_path, content, fragment):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Fine report from Almaty.", encoding="utf-8")
    problems: list[InputError] = []
    reports = list(read_reports([bad, good], problems=problems))
    assert [r.id for r in reports] == ["good"]
    assert len(problems) == 1
    assert fragment in str(problems[0]) and "bad.txt" in str(problems[0])


def test_bad_jsonl_lines_report_their_line_numbers(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_text(
        '{"id": "ok1", "text": "Fine."}\n'
        '{"id": "broken", "text": \n'
        '{"id": "notext"}\n'
        '["a", "list"]\n'
        '{"id": "baddate", "text": "x", "published": "yesterday"}\n'
        '{"id": "ok2", "text": "Also fine."}\n',
        encoding="utf-8",
    )
    problems: list[InputError] = []
    ids = [r.id for r in read_reports([p], problems=problems)]
    assert ids == ["ok1", "ok2"]
    assert [e.line for e in problems] == [2, 3, 4, 5]
    assert all(e.path == str(p) for e in problems)
    assert "text" in problems[1].reason


def test_missing_path_and_empty_folder_are_problems(tmp_path):
    problems: list[InputError] = []
    assert list(read_reports([tmp_path / "nope.txt", tmp_path], problems=problems)) == []
    assert len(problems) == 2


def test_parse_jsonl_line_rejects_blank_text():
    with pytest.raises(ValueError, match="text"):
        parse_jsonl_line('{"id": "a", "text": "   "}')


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_text_files_are_decoded_by_their_byte_order_mark(tmp_path, encoding):
    text = "Miners marched in Karaganda; police used tear gas in Темиртау."
    f = tmp_path / "r.txt"
    f.write_bytes(text.encode(encoding) if encoding != "utf-16-be"
                  else b"\xfe\xff" + text.encode("utf-16-be"))
    problems: list[InputError] = []
    [report] = read_reports([f], problems=problems)
    assert report.text == text and problems == []


def test_other_encodings_are_refused_with_the_fix_named(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Manifestation à Paris.".encode("cp1252"))
    problems: list[InputError] = []
    assert list(read_reports([f], problems=problems)) == []
    assert "not UTF-8" in str(problems[0]) and "iconv" in str(problems[0])


def test_jsonl_lines_split_on_newline_only(tmp_path):
    f = tmp_path / "r.jsonl"
    lines = [json.dumps({"id": f"r{i}", "text": f"Strike\u2028in Lagos\u0085day {i}."},
                        ensure_ascii=False) for i in range(3)]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems: list[InputError] = []
    reports = list(read_reports([f], problems=problems))
    assert [r.id for r in reports] == ["r0", "r1", "r2"] and problems == []
    assert "\u2028" in reports[0].text


def test_a_bad_jsonl_line_costs_only_itself(tmp_path):
    deep = "[" * 5000 + "]" * 5000
    good = json.dumps({"id": "ok", "text": "Protest in Dakar."})
    f = tmp_path / "r.jsonl"
    f.write_bytes(b"\n".join([deep.encode(), b'{"id": "x", "text": "caf\xe9"}',
                               b'{"id": "n", "text": "a\x00b"}', good.encode()]) + b"\n")
    problems: list[InputError] = []
    assert [r.id for r in read_reports([f], problems=problems)] == ["ok"]
    assert [p.line for p in problems] == [1, 2, 3]
    assert "nested too deeply" in str(problems[0])


def test_lone_surrogates_are_replaced_with_a_warning(tmp_path):
    f = tmp_path / "r.jsonl"
    f.write_text('{"id": "s", "text": "Riot in Osh \\ud800 today."}\n', encoding="utf-8")
    problems: list[InputError] = []
    warnings: list[InputError] = []
    [r] = read_reports([f], problems=problems, warnings=warnings)
    assert r.text == "Riot in Osh \ufffd today." and problems == []
    assert "surrogate" in str(warnings[0]) and "r.jsonl:1" in str(warnings[0])
    assert len(r.sha1) == 40  # hashable as UTF-8 now


@pytest.mark.parametrize("published", ["2022-01-05T99:99", "0001-01-02", "9999-12-31", "1850-01-01"])
def test_bad_or_absurd_publication_dates_are_refused(tmp_path, published):
    f = tmp_path / "r.jsonl"
    f.write_text(json.dumps({"id": "d", "text": "Protest in Lima.", "published": published}) + "\n",
                 encoding="utf-8")
    problems: list[InputError] = []
    assert list(read_reports([f], problems=problems)) == []
    assert "published" in str(problems[0])


def test_timestamps_are_read_as_their_date():
    from geodata.io.reports import parse_date

    assert parse_date("2024-07-19T08:15:00+06:00").isoformat() == "2024-07-19"


def test_duplicate_ids_are_kept_apart_and_warned(tmp_path):
    f = tmp_path / "r.jsonl"
    f.write_text("\n".join(json.dumps({"id": "a", "text": t}) for t in
                           ("Riot in Osh.", "Strike in Bishkek.", "Rally in Naryn.")) + "\n",
                 encoding="utf-8")
    warnings: list[InputError] = []
    reports = list(read_reports([f], warnings=warnings))
    assert [r.id for r in reports] == ["a", "a~2", "a~3"]
    assert [r.text for r in reports][1] == "Strike in Bishkek."
    assert len(warnings) == 2 and "'a~2'" in str(warnings[0])


def test_a_report_over_the_size_limit_is_refused_quickly(tmp_path, monkeypatch):
    from geodata.io import reports as mod

    monkeypatch.setattr(mod, "MAX_REPORT_CHARS", 1000)
    big = tmp_path / "big.txt"
    big.write_text("Protest in Accra. " * 100, encoding="utf-8")
    line = tmp_path / "big.jsonl"
    line.write_text(json.dumps({"id": "b", "text": "x" * 2000}) + "\n", encoding="utf-8")
    problems: list[InputError] = []
    assert list(read_reports([big, line], problems=problems)) == []
    assert all("split it" in str(p) for p in problems) and len(problems) == 2
