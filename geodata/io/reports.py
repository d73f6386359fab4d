"""Reading reports: ``.txt`` files, ``.jsonl`` files, folders of them, or standard input.

A bad file or line is reported and skipped, never fatal: :func:`read_reports` yields the good
reports and records each problem in the ``problems`` list it is given.

>>> from geodata.io.reports import parse_jsonl_line
>>> parse_jsonl_line('{"id": "r1", "text": "Protest in Almaty.", "published": "2022-01-05"}').published
datetime.date(2022, 1, 5)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO

from geodata.exceptions import InputError
from geodata.model import Report

__all__ = ["parse_date", "parse_jsonl_line", "read_reports", "read_text_file", "reports_from_bytes"]

_SUFFIXES = {".txt", ".jsonl"}


def parse_date(value: object, what: str = "date") -> date | None:
    """Parse an ISO date (``YYYY-MM-DD``, a longer timestamp is cut to its date)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a string YYYY-MM-DD, not {type(value).__name__}")
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a date YYYY-MM-DD") from None


def _decode(data: bytes, path: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes), not a text report", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path) from None
    return text


def read_text_file(path: Path, published: date | None = None) -> Report:
    """One ``.txt`` report; its id is the file stem.

    Raises
    ------
    InputError
        When the file is binary, not UTF-8, or empty.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    return _text_report(_decode(data, str(path)), str(path), published)


def _report_id(name: str) -> str:
    """The one id rule for a report that comes as a file: its stem (``a/b/x.txt`` -> ``x``)."""
    return Path(name.replace("\\", "/")).stem or "report"


def _text_report(text: str, name: str, published: date | None) -> Report:
    if not text.strip():
        raise InputError("empty report", name)
    return Report(id=_report_id(name), text=text, published=published)


def reports_from_bytes(
    name: str, data: bytes, published: date | None = None,
    problems: list[InputError] | None = None,
) -> list[Report]:
    """The reports in one file's bytes (an upload): ``.jsonl`` one per line, else one report.

    The same decoding, checks and id rule as :func:`read_reports` on a file of that name: a
    text report's id is the file stem; a JSONL line's own ``published`` wins over ``published``.
    Each bad file or line goes to ``problems`` and is skipped.

    >>> problems = []
    >>> [r.id for r in reports_from_bytes("a.jsonl",
    ...     b'{"id": "r1", "text": "Riot in Aktobe."}\\nnot json\\n', None, problems)]
    ['r1']
    >>> [str(p) for p in problems]
    ['a.jsonl:2: malformed JSON (Expecting value, column 1)']
    >>> [r.id for r in reports_from_bytes("uploads/Almaty riot.txt", b"Riot in Almaty.")]
    ['Almaty riot']
    """
    if problems is None:
        problems = []
    try:
        text = _decode(data, name)
    except InputError as exc:
        problems.append(exc)
        return []
    if name.lower().endswith(".jsonl"):
        return list(_read_jsonl(text.splitlines(), name, published, problems))
    try:
        return [_text_report(text, name, published)]
    except InputError as exc:
        problems.append(exc)
        return []


def parse_jsonl_line(line: str, default_published: date | None = None) -> Report:
    """One JSONL line: ``id``, ``text``, optional ``published``, ``title``, ``source``, ``url``.

    Raises
    ------
    ValueError
        When the line is not a JSON object, or lacks a usable ``id`` or ``text``.
    """
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise ValueError("a line must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no 'text' (a non-empty string) in this line")
    rid = obj.get("id")
    if rid is None or (isinstance(rid, str) and not rid.strip()):
        raise ValueError("no 'id' in this line")
    if not isinstance(rid, str | int):
        raise ValueError("'id' must be a string or an integer")
    published = parse_date(obj.get("published"), "'published'") or default_published

    def opt(key: str) -> str | None:
        v = obj.get(key)
        return str(v) if v is not None else None

    return Report(
        id=str(rid), text=text, published=published,
        title=opt("title"), source=opt("source"), url=opt("url"),
    )


def _read_jsonl(
    lines: Iterable[str], path: str, published: date | None, problems: list[InputError]
) -> Iterator[Report]:
    seen = 0
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        seen += 1
        try:
            yield parse_jsonl_line(line, published)
        except ValueError as exc:
            problems.append(InputError(str(exc), path, lineno))
    if seen == 0:
        problems.append(InputError("empty file: no report in it", path))


def _read_jsonl_file(path: Path, published: date | None, problems: list[InputError]) -> Iterator[Report]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(InputError(f"cannot read: {exc.strerror}", str(path)))
        return
    yield from reports_from_bytes(str(path), data, published, problems)


def _read_stream(stream: IO[str], published: date | None, problems: list[InputError]) -> Iterator[Report]:
    text = stream.read()
    if not text.strip():
        problems.append(InputError("empty input", "<stdin>"))
        return
    first = text.lstrip()[:1]
    if first == "{":
        yield from _read_jsonl(text.splitlines(), "<stdin>", published, problems)
    else:
        yield Report(id="stdin", text=text, published=published)


def read_reports(
    inputs: Iterable[str | Path],
    published: date | None = None,
    problems: list[InputError] | None = None,
    stdin: IO[str] | None = None,
) -> Iterator[Report]:
    """Yield every report found in ``inputs``.

    Parameters
    ----------
    inputs
        ``.txt`` and ``.jsonl`` files, folders of them (read in name order, recursively), or
        ``"-"`` for standard input (JSONL when it starts with ``{``, else one text report).
    published
        Publication date for reports that state none.
    problems
        A list that receives an :class:`~geodata.exceptions.InputError` per skipped file or line.
    stdin
        The stream to read for ``"-"`` (default ``sys.stdin``).
    """
    if problems is None:
        problems = []
    for item in inputs:
        if str(item) == "-":
            yield from _read_stream(stdin or sys.stdin, published, problems)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES)
            if not files:
                problems.append(InputError("no .txt or .jsonl file in this folder", str(path)))
            for f in files:
                yield from _read_one(f, published, problems)
        elif path.exists():
            yield from _read_one(path, published, problems)
        else:
            problems.append(InputError("no such file or folder", str(path)))


def _read_one(path: Path, published: date | None, problems: list[InputError]) -> Iterator[Report]:
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl_file(path, published, problems)
        return
    try:
        yield read_text_file(path, published)
    except InputError as exc:
        problems.append(exc)
