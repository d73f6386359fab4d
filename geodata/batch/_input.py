"""What ``batch`` reads: the inputs of ``geocode`` plus Parquet datasets, in order, lazily.

A ``.parquet`` file, or a folder holding ``.parquet`` files (read recursively in path order, as
a Hive-partitioned dataset is laid out), gives one report per row: columns ``id`` and
``text``, optional ``published``, ``title``, ``source``, ``url`` (other columns ignored). The
rows are read with pyarrow a batch at a time (memory: one row group of the file, whatever its
length). A bad row is reported as ``FILE: row N: why`` (rows numbered from 1 in the file) and
skipped; a file without an ``id`` or ``text`` column is reported and skipped whole.

Everything else (``.txt`` and ``.jsonl`` files, folders of them, ``-``) is read by
:func:`geodata.io.reports.read_reports`, exactly as ``geocode`` reads it (JSONL a line at a
time, bad lines reported as ``FILE:LINE: why``); with no Parquet input the reports are those
``geocode`` reads, so the results are the same. A report id seen before anywhere in the input
is kept as ``ID~2``, ``ID~3``..., as ``geocode`` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from geodata.exceptions import InputError
from geodata.io.reports import MAX_REPORT_CHARS, parse_date, read_reports
from geodata.model import Report

__all__ = ["PARQUET_COLUMNS", "is_parquet_input", "read_inputs", "read_parquet_reports"]

#: The columns a Parquet dataset of reports may have (``id`` and ``text`` required).
PARQUET_COLUMNS = ("id", "text", "published", "title", "source", "url")
_ROWS_PER_BATCH = 1024


def _parquet_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.parquet") if p.is_file())


def is_parquet_input(item: str | Path) -> bool:
    """Whether an input is a Parquet file, or a folder holding Parquet files."""
    if str(item) == "-":
        return False
    path = Path(item)
    if path.is_file():
        return path.suffix.lower() == ".parquet"
    return path.is_dir() and bool(_parquet_files(path))


def _row_report(rec: dict[str, Any], published: date | None) -> Report:
    """One Parquet row as a report; the same checks as a JSONL line.

    Raises
    ------
    ValueError
        No usable ``id`` or ``text``, a bad ``published`` date, or a text too long.
    """
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no 'text' (a non-empty string) in this row")
    if len(text) > MAX_REPORT_CHARS:
        raise ValueError(f"report longer than {MAX_REPORT_CHARS:,} characters: split it into "
                         "several reports (one article each)")
    rid = rec.get("id")
    if rid is None or (isinstance(rid, str) and not rid.strip()):
        raise ValueError("no 'id' in this row")
    if isinstance(rid, bool) or not isinstance(rid, str | int):
        raise ValueError(f"'id' must be a string or an integer, not {type(rid).__name__}")

    def opt(key: str) -> str | None:
        v = rec.get(key)
        return None if v is None else str(v)

    return Report(id=str(rid), text=text,
                  published=parse_date(rec.get("published"), "'published'") or published,
                  title=opt("title"), source=opt("source"), url=opt("url"))


def read_parquet_reports(path: Path, published: date | None,
                         problems: list[InputError]) -> Iterator[Report]:
    """The reports of one Parquet file, a batch of rows at a time (see the module docstring).

    Parameters
    ----------
    path
        A Parquet file.
    published
        Publication date for rows without one.
    problems
        Receives an :class:`~geodata.exceptions.InputError` per skipped row or file.
    """
    import pyarrow.parquet as pq

    where = str(path)
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # not Parquet, truncated, unreadable: the file is skipped
        problems.append(InputError(f"cannot read as Parquet: {exc}", where))
        return
    names = set(pf.schema_arrow.names)
    missing = [c for c in ("id", "text") if c not in names]
    if missing:
        problems.append(InputError(
            f"no {' and no '.join(repr(c) for c in missing)} column (a dataset of reports has "
            f"the columns {', '.join(PARQUET_COLUMNS)})", where))
        return
    columns = [c for c in PARQUET_COLUMNS if c in names]
    row = 0
    try:
        for batch in pf.iter_batches(batch_size=_ROWS_PER_BATCH, columns=columns):
            for rec in batch.to_pylist():
                row += 1
                try:
                    yield _row_report(rec, published)
                except ValueError as exc:
                    problems.append(InputError(f"row {row}: {exc}", where))
    except Exception as exc:  # a corrupt row group: the rest of the file is skipped
        problems.append(InputError(f"cannot read past row {row}: {exc}", where))
    if row == 0:
        problems.append(InputError("empty file: no report in it", where))


def _items(inputs: Iterable[str | Path]) -> Iterator[tuple[bool, str | Path]]:
    """``(is_parquet, item)`` in input order; a folder holding Parquet files is opened into
    its ``.parquet``, ``.jsonl`` and ``.txt`` files, in path order."""
    for item in inputs:
        if not is_parquet_input(item):
            yield False, item
            continue
        path = Path(item)
        if path.is_file():
            yield True, path
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file()
                       and p.suffix.lower() in (".parquet", ".jsonl", ".txt"))
        for f in files:
            yield f.suffix.lower() == ".parquet", f


def _grouped(inputs: Iterable[str | Path], published: date | None, problems: list[InputError],
             warnings: list[InputError] | None) -> Iterator[Report]:
    """Parquet files read here; each run of other inputs read by one ``read_reports`` call."""
    run: list[str | Path] = []
    for parquet, item in _items(inputs):
        if not parquet:
            run.append(item)
            continue
        if run:
            yield from read_reports(run, published=published, problems=problems,
                                    warnings=warnings, renumber=False)
            run = []
        yield from read_parquet_reports(Path(item), published, problems)
    if run:
        yield from read_reports(run, published=published, problems=problems,
                                    warnings=warnings, renumber=False)


def read_inputs(
    inputs: Iterable[str | Path],
    published: date | None = None,
    problems: list[InputError] | None = None,
    warnings: list[InputError] | None = None,
) -> Iterator[Report]:
    """Every report of ``inputs``, one at a time, in input order (see the module docstring).

    Parameters
    ----------
    inputs
        As for ``geocode`` (``.txt``/``.jsonl`` files, folders, ``-``), plus ``.parquet`` files
        and folders of them.
    published
        Publication date for reports that state none.
    problems
        Receives an :class:`~geodata.exceptions.InputError` per skipped file, line or row.
    warnings
        Receives what was repaired and kept (an id seen before, kept as ``ID~N``).
    """
    if problems is None:
        problems = []
    seen: dict[str, int] = {}
    for report in _grouped(list(inputs), published, problems, warnings):
        n = seen.get(report.id, 0) + 1
        seen[report.id] = n
        if n > 1:
            new_id = f"{report.id}~{n}"  # as read_reports renumbers, over every input
            if warnings is not None:
                warnings.append(InputError(f"report id {report.id!r} seen before in this input: "
                                           f"kept as {new_id!r}"))
            report = Report(id=new_id, text=report.text, published=report.published,
                            title=report.title, source=report.source, url=report.url)
        yield report
