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


def write_rows(header: Iterable[str], rows: Iterable[list[str]], path: Path) -> None:
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(list(header))
        w.writerows(rows)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames:
                raise ImportFormatError(f"{path}: empty CSV, no header")
            for row in reader:
                yield reader.line_num, row
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except csv.Error as exc:
        raise ImportFormatError(f"{path}: bad CSV: {exc}") from None
