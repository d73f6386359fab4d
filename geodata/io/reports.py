"""Reading reports: ``.txt`` files, ``.jsonl`` files, folders of them, or standard input.

A bad file or line is reported and skipped, never fatal: :func:`read_reports` yields the good
reports and records each problem in the ``problems`` list it is given.

>>> from geodata.io.reports import parse_jsonl_line
>>> parse_jsonl_line('{"id": "r1", "text": "Protest in Almaty.", "published": "2022-01-05"}').published
datetime.date(2022, 1, 5)
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO

from geodata.exceptions import InputError
from geodata.model import Report

__all__ = [
    "EARLIEST_DATE",
    "MAX_REPORT_CHARS",
    "parse_date",
    "parse_jsonl_line",
    "read_reports",
    "read_text_file",
    "reports_from_bytes",
]

_SUFFIXES = {".txt", ".jsonl"}

#: A single report longer than this (characters) is refused: split it into reports. A wire
#: report is a few thousand characters; 5 million is a book, and would take minutes.
MAX_REPORT_CHARS = 5_000_000
#: Publication dates before this are refused (no wire copy predates it), as are dates more
#: than a year after today.
EARLIEST_DATE = date(1900, 1, 1)

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_date(value: object, what: str = "date") -> date | None:
    """Parse an ISO date or timestamp (``YYYY-MM-DD``, ``YYYY-MM-DDTHH:MM[:SS][+HH:MM]``).

    The whole value must be valid (``2022-01-05T99:99`` is refused), and the date must lie
    between :data:`EARLIEST_DATE` and a year after today.

    >>> parse_date("2022-01-05T10:30:00Z")
    datetime.date(2022, 1, 5)
    >>> parse_date("2022-01-05T99:99")
    Traceback (most recent call last):
    ...
    ValueError: date '2022-01-05T99:99' is not a date YYYY-MM-DD
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        if not isinstance(value, str):
            raise ValueError(f"{what} must be a string YYYY-MM-DD, not {type(value).__name__}")
        s = value.strip()
        try:
            value = date.fromisoformat(s) if len(s) <= 10 else datetime.fromisoformat(s).date()
        except ValueError:
            raise ValueError(f"{what} {value!r} is not a date YYYY-MM-DD") from None
    latest = date.today() + timedelta(days=366)
    if not EARLIEST_DATE <= value <= latest:
        raise ValueError(f"{what} {value.isoformat()} is outside {EARLIEST_DATE.isoformat()}.."
                         f"{latest.isoformat()}")
    return value


def _decode(data: bytes, path: str) -> str:
    """Text of a report file: by its byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data:
        raise InputError("binary file (NUL bytes), not a text report", path)
    try:
        if encoding is None:
            text = data.decode("utf-8")
        else:
            text = data[len(next(b for b, e in _BOMS if e == encoding)):].decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start}); convert it, e.g. "
            f"iconv -f WINDOWS-1252 -t UTF-8 {path} > {Path(path).stem}.utf8.txt", path) from None
    if "\x00" in text:
        raise InputError("NUL characters in the text: not a text report", path)
    return text


def _clean(text: str, where: str, warnings: list[InputError] | None) -> str:
    """``text`` with lone surrogates replaced by U+FFFD (noted in ``warnings``)."""
    if _SURROGATE.search(text) is None:
        return text
    if warnings is not None:
        warnings.append(InputError("lone surrogate characters replaced by U+FFFD", where))
    return _SURROGATE.sub("\ufffd", text)


def read_text_file(path: Path, published: date | None = None) -> Report:
    """One ``.txt`` report; its id is the file stem.

    Raises
    ------
    InputError
        When the file is binary, not UTF-8, too large, or empty.
    """
    try:
        if path.stat().st_size > 4 * MAX_REPORT_CHARS:
            raise InputError(_too_large(), str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    return _text_report(_decode(data, str(path)), str(path), published)


def _too_large() -> str:
    return (f"report longer than {MAX_REPORT_CHARS:,} characters: split it into several "
            "reports (one article each)")


def _report_id(name: str) -> str:
    """The one id rule for a report that comes as a file: its stem (``a/b/x.txt`` -> ``x``)."""
    return Path(name.replace("\\", "/")).stem or "report"


def _text_report(text: str, name: str, published: date | None,
                 warnings: list[InputError] | None = None) -> Report:
    if not text.strip():
        raise InputError("empty report", name)
    if len(text) > MAX_REPORT_CHARS:
        raise InputError(_too_large(), name)
    return Report(id=_report_id(name), text=_clean(text, name, warnings), published=published)


def reports_from_bytes(
    name: str, data: bytes, published: date | None = None,
    problems: list[InputError] | None = None, warnings: list[InputError] | None = None,
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
        return list(_read_jsonl(_lines(text), name, published, problems, warnings))
    try:
        return [_text_report(text, name, published, warnings)]
    except InputError as exc:
        problems.append(exc)
        return []


def _lines(text: str) -> list[str]:
    """JSONL lines: split on ``\\n`` only (U+2028 and U+0085 may stand inside a JSON string)."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def parse_jsonl_line(line: str, default_published: date | None = None,
                     warnings: list[InputError] | None = None, where: str = "") -> Report:
    """One JSONL line: ``id``, ``text``, optional ``published``, ``title``, ``source``, ``url``.

    Raises
    ------
    ValueError
        When the line is not a JSON object, lacks a usable ``id`` or ``text``, has a bad
        ``published`` date, or its text is longer than :data:`MAX_REPORT_CHARS`.
    """
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON ({exc.msg}, column {exc.colno})") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(obj, dict):
        raise ValueError("a line must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no 'text' (a non-empty string) in this line")
    if len(text) > MAX_REPORT_CHARS:
        raise ValueError(_too_large())
    rid = obj.get("id")
    if rid is None or (isinstance(rid, str) and not rid.strip()):
        raise ValueError("no 'id' in this line")
    if isinstance(rid, bool) or not isinstance(rid, str | int):
        raise ValueError("'id' must be a string or an integer")
    published = parse_date(obj.get("published"), "'published'") or default_published

    def opt(key: str) -> str | None:
        v = obj.get(key)
        return _clean(str(v), where, None) if v is not None else None

    return Report(
        id=_clean(str(rid), where, None), text=_clean(text, where, warnings), published=published,
        title=opt("title"), source=opt("source"), url=opt("url"),
    )


def _read_jsonl(
    lines: Iterable[str], path: str, published: date | None, problems: list[InputError],
    warnings: list[InputError] | None = None,
) -> Iterator[Report]:
    seen = 0
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        seen += 1
        try:
            yield parse_jsonl_line(line, published, warnings, f"{path}:{lineno}")
        except ValueError as exc:
            problems.append(InputError(str(exc), path, lineno))
    if seen == 0:
        problems.append(InputError("empty file: no report in it", path))


def _decoded_lines(fh: IO[bytes], path: str, problems: list[InputError]) -> Iterator[str]:
    """Lines of a UTF-8 JSONL file read one at a time (memory: one line); a line that is not
    UTF-8 or holds NUL is reported and given as empty."""
    for lineno, raw in enumerate(fh, 1):
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if b"\x00" in raw:
            problems.append(InputError("NUL bytes in this line", path, lineno))
            yield ""
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(InputError(f"not UTF-8 text (byte {exc.start})", path, lineno))
            yield ""
            continue
        yield line[:-1] if line.endswith("\n") else line


def _read_jsonl_file(path: Path, published: date | None, problems: list[InputError],
                     warnings: list[InputError] | None = None) -> Iterator[Report]:
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
            fh.seek(0)
            if any(head.startswith(bom) for bom, enc in _BOMS if enc != "utf-8"):
                data = fh.read()  # UTF-16/32: decoded whole (rare)
                yield from reports_from_bytes(str(path), data, published, problems, warnings)
                return
            lines = (line.rstrip("\r") for line in _decoded_lines(fh, str(path), problems))
            yield from _read_jsonl(lines, str(path), published, problems, warnings)
    except OSError as exc:
        problems.append(InputError(f"cannot read: {exc.strerror}", str(path)))


def _read_stream(stream: IO[str], published: date | None, problems: list[InputError],
                 warnings: list[InputError] | None) -> Iterator[Report]:
    text = stream.read()
    if not text.strip():
        problems.append(InputError("empty input", "<stdin>"))
        return
    first = text.lstrip()[:1]
    if first == "{":
        yield from _read_jsonl(_lines(text), "<stdin>", published, problems, warnings)
    else:
        try:
            report = _text_report(text, "<stdin>", published, warnings)
        except InputError as exc:
            problems.append(exc)
            return
        yield Report(id="stdin", text=report.text, published=published)


def read_reports(
    inputs: Iterable[str | Path],
    published: date | None = None,
    problems: list[InputError] | None = None,
    stdin: IO[str] | None = None,
    warnings: list[InputError] | None = None,
    *,
    renumber: bool = True,
) -> Iterator[Report]:
    """Yield every report found in ``inputs``, one at a time.

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
    warnings
        A list that receives what was repaired and kept: lone surrogates replaced, and a
        report id seen before in this input (the later report is kept as ``ID~2``, ``ID~3``...;
        nothing is dropped).
    renumber
        ``False``: ids seen before are given unchanged (a caller that reads several sources,
        as ``batch`` does, renumbers them over all of them).
    """
    if problems is None:
        problems = []
    seen: dict[str, int] = {}
    for report in _read_all(inputs, published, problems, stdin, warnings):
        if not renumber:
            yield report
            continue
        n = seen.get(report.id, 0) + 1
        seen[report.id] = n
        if n > 1:
            new_id = f"{report.id}~{n}"
            if warnings is not None:
                warnings.append(InputError(f"report id {report.id!r} seen before in this input: "
                                           f"kept as {new_id!r}"))
            report = Report(id=new_id, text=report.text, published=report.published,
                            title=report.title, source=report.source, url=report.url)
        yield report


def _read_all(inputs: Iterable[str | Path], published: date | None, problems: list[InputError],
              stdin: IO[str] | None, warnings: list[InputError] | None) -> Iterator[Report]:
    for item in inputs:
        if str(item) == "-":
            yield from _read_stream(stdin or sys.stdin, published, problems, warnings)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES)
            if not files:
                problems.append(InputError("no .txt or .jsonl file in this folder", str(path)))
            for f in files:
                yield from _read_one(f, published, problems, warnings)
        elif path.exists():
            yield from _read_one(path, published, problems, warnings)
        else:
            problems.append(InputError("no such file or folder", str(path)))


def _read_one(path: Path, published: date | None, problems: list[InputError],
              warnings: list[InputError] | None) -> Iterator[Report]:
    if path.suffix.lower() == ".jsonl":
        yield from _read_jsonl_file(path, published, problems, warnings)
        return
    try:
        report = read_text_file(path, published)
    except InputError as exc:
        problems.append(exc)
        return
    yield Report(id=report.id, text=_clean(report.text, str(path), warnings),
                 published=report.published)
