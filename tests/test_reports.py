"""Reading report files: every input kind and every bad input."""

from __future__ import annotations

import io
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
        ("Almaty".encode("utf-16"), "binary"),
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
