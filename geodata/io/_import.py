"""Plumbing shared by the ACLED and GDELT importers (not public): rejected rows, the
result type, bounded number parsing, file checks, event field types."""

from __future__ import annotations

import csv
import dataclasses
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from geodata.exceptions import ImportFormatError
from geodata.io import files as gio
from geodata.model import EVENT_FIELDS, Event

INT_FIELDS = {f.name for f in dataclasses.fields(Event) if str(f.type).startswith("int")}


FLOAT_FIELDS = {f.name for f in dataclasses.fields(Event) if str(f.type).startswith("float")}


OPTIONAL_FIELDS = {f.name for f in dataclasses.fields(Event) if "None" in str(f.type)}


#: The largest integer the store (SQLite) keeps: larger figures are refused with their line.
INT64_MAX = 2**63 - 1
#: The largest CSV field read (characters): Python's default is 128 KB; a row with a longer
#: field is refused with its line, the rest of the file is read.
MAX_FIELD_CHARS = 10 * 1024 * 1024
#: Casualty figures above this are unreadable (no single event on record comes near it).
MAX_CASUALTIES = 10_000_000

csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD_CHARS))

FIELD_DEFAULTS = {f.name: f.default for f in dataclasses.fields(Event) if f.default is not dataclasses.MISSING}


def join_tags(own: str | None, extra: Mapping[str, Any]) -> str:
    parts = [p.strip() for p in (own or "").split(";") if p.strip()]
    parts += [f"{k}={v}" for k, v in extra.items() if v not in (None, "")]
    return "; ".join(parts)


def export_columns(rows: list[dict[str, Any]]) -> list[str]:
    extra = [k for k in gio.EVENT_EXTRA_FIELDS if any(k in r for r in rows)]
    return [*EVENT_FIELDS, *extra]


def column_kind(col: str) -> str:
    if col in INT_FIELDS or col in ("fatalities_low", "fatalities_high", "reports_count"):
        return "int"
    if col in FLOAT_FIELDS:
        return "float"
    return "str"


@dataclass(frozen=True)
class RejectedRow:
    """A source row that was not imported.

    Attributes
    ----------
    line
        1-based line number in the file (the first line of a multi-line CSV record).
    reason
        Why.
    skipped
        ``True`` when the row is valid but out of scope (a GDELT row whose CAMEO code is not
        an unrest event); ``False`` when it is bad.
    """

    line: int
    reason: str
    skipped: bool = False

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class ImportResult(NamedTuple):
    """What an import read: ``events, rejected = import_acled(path)``."""

    events: list[Event]
    rejected: list[RejectedRow]


class RowError(ValueError):
    pass


def bounded_float(value: str | None, what: str, lo: float, hi: float) -> float:
    s = (value or "").strip()
    if not s:
        raise RowError(f"no {what}")
    try:
        v = float(s)
    except ValueError:
        raise RowError(f"{what} {s!r} is not a number") from None
    if not math.isfinite(v) or not lo <= v <= hi:
        raise RowError(f"{what} {s} is out of range ({lo:g}..{hi:g})")
    return v


def bounded_int(value: str | None, what: str, lo: int | None = None, hi: int | None = None,
         default: int | None = None) -> int | None:  # fmt: skip
    s = (value or "").strip()
    if not s:
        return default
    try:
        v = int(s) if len(s) <= 40 else int(float(s))  # "12", "12.0", "1e3"
    except ValueError:
        try:
            f = float(s)
            if f != int(f):
                raise ValueError from None
            v = int(f)
        except (ValueError, OverflowError):
            raise RowError(f"{what} {s[:40]!r} is not a whole number") from None
    except OverflowError:
        raise RowError(f"{what} {s[:40]!r} is not a whole number") from None
    hi = INT64_MAX if hi is None else min(hi, INT64_MAX)  # the store keeps 64-bit integers
    if (lo is not None and v < lo) or v > hi:
        rng = f"{lo}..{hi}" if lo is not None else f"..{hi}"
        shown = str(v) if len(str(v)) <= 40 else f"{str(v)[:20]}... ({len(str(v))} digits)"
        raise RowError(f"{what} {shown} is out of range ({rng})")
    return v


def check_file(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    if not p.is_file():
        raise ImportFormatError(f"{p}: no such file")
    with p.open("rb") as fh:
        head = fh.read(8192)
    if b"\x00" in head:
        raise ImportFormatError(f"{p}: binary file, not a text export")
    return p


def first_lines(p: Path, n: int = 5) -> list[str]:
    out = []
    with p.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        for line in fh:
            if line.strip():
                out.append(line.rstrip("\r\n"))
            if len(out) >= n:
                break
    return out


def looks_gdelt(lines: Sequence[str]) -> bool:
    return any(len(ln.split("\t")) in (57, 58, 61) and ln.split("\t")[0].strip().isdigit() for ln in lines)
