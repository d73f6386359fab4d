"""CSV with ACLED's 31 columns in ACLED's order, then ours (standard library only)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from geodata.atomic import atomic_path
from geodata.exceptions import ImportFormatError
from geodata.io._acled import (
    ACLED_COLUMNS,
    CSV_EXTRA_COLUMNS,
    civilian_targeting,
    disorder_type,
    interaction,
    iso_numeric,
    tag_values,
    unix_timestamp,
)
from geodata.io._common import cell

#: Header of an events CSV.
EVENT_CSV_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + CSV_EXTRA_COLUMNS


def acled_row(row: Mapping[str, Any]) -> list[str]:
    """One CSV row in :data:`EVENT_CSV_COLUMNS` order: ACLED's derived columns computed from
    our fields; ``region``, ``admin2``, ``admin3``, ``source_scale`` and ``timestamp`` from
    ``tags`` when an ACLED import put them there (:func:`geodata.io._acled.tag_values`)."""
    date_s = row.get("event_date") or ""
    tags = tag_values(row.get("tags"))
    derived = {
        "event_id_cnty": row["event_id"],
        "year": date_s[:4] if len(date_s) >= 4 else None,
        "disorder_type": disorder_type(row.get("event_type"), row.get("sub_event_type")),
        "interaction": interaction(row.get("inter1"), row.get("inter2")),
        "civilian_targeting": civilian_targeting(row),
        "iso": iso_numeric(row.get("country_code")),
        "region": tags.get("region"),
        "admin2": tags.get("admin2"),
        "admin3": tags.get("admin3"),
        "source_scale": tags.get("source_scale"),
        "timestamp": tags.get("timestamp") or unix_timestamp(row.get("updated_at")),
    }
    return [cell(derived[c] if c in derived else row.get(c)) for c in EVENT_CSV_COLUMNS]


#: A cell starting with one of these is read as a formula by spreadsheets (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """``value`` made inert for spreadsheets: a leading ``'`` before a formula-like start, as
    OWASP recommends (numbers such as ``-12.5`` stay as they are). :func:`read_rows` undoes it.

    >>> print(neutralise('=HYPERLINK("http://x","y")'), neutralise("-12.5"), neutralise("Kyiv"))
    '=HYPERLINK("http://x","y") -12.5 Kyiv
    """
    if not value.startswith(FORMULA_STARTS):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def _restore(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def write_rows(header: Iterable[str], rows: Iterable[list[str]], path: Path, *,
               raw: bool = False) -> None:
    """Write a CSV atomically; cells are neutralised for spreadsheets unless ``raw``."""
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(list(header))
        if raw:
            w.writerows(rows)
        else:
            w.writerows([neutralise(c) for c in row] for row in rows)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames:
                raise ImportFormatError(f"{path}: empty CSV, no header")
            for row in reader:
                yield reader.line_num, {k: _restore(v) if isinstance(v, str) else v
                                        for k, v in row.items()}
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise ImportFormatError(f"{path}: bad CSV: {exc}") from None
