"""ACLED's CSV layout: column names and order, and the columns derived from our fields.

No pandas here: the CSV and GeoJSON writers must start fast.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from geodata.events.taxonomy import disorder_type
from geodata.places.countries import iso_numeric

__all__ = [
    "ACLED_COLUMNS",
    "CSV_EXTRA_COLUMNS",
    "civilian_targeting",
    "disorder_type",
    "interaction",
    "iso_numeric",
    "tag_values",
    "unix_timestamp",
]

#: ACLED's export columns, in ACLED's order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip

#: Our columns after ACLED's: the Event fields ACLED lacks, then the store's.
CSV_EXTRA_COLUMNS: tuple[str, ...] = (
    "country_code", "injuries", "arrests", "severity", "confidence", "report_id", "geonameid",
    "mention_start", "mention_end", "sentence_start", "sentence_end", "status", "sources_count",
    "fatalities_low", "fatalities_high", "reports_count", "source_url", "date_start", "date_end",
    "updated_at",
)  # fmt: skip

def interaction(inter1: Any, inter2: Any) -> int | None:
    """ACLED's two-digit interaction code (lower code first; ``60`` for protesters alone).

    >>> interaction(6, 1), interaction(6, None), interaction(None, None)
    (16, 60, None)
    """
    try:
        a = int(inter1) if inter1 not in (None, "") else None
        b = int(inter2) if inter2 not in (None, "") else None
    except (TypeError, ValueError):
        return None
    if a is None:
        return None
    if b is None:
        return a * 10
    lo, hi = sorted((a, b))
    return lo * 10 + hi


def civilian_targeting(row: Mapping[str, Any]) -> str:
    """``"Civilian targeting"`` when civilians were the target, as ACLED marks it; else ``""``."""
    if row.get("event_type") == "Violence against civilians":
        return "Civilian targeting"
    if row.get("sub_event_type") == "Excessive force against protesters":
        return "Civilian targeting"
    try:
        if row.get("inter2") not in (None, "") and int(row["inter2"]) == 7:
            return "Civilian targeting"
    except (TypeError, ValueError):
        pass
    return ""


@functools.lru_cache(maxsize=1)
def unix_timestamp(iso: str | None) -> int | None:
    """Seconds since 1970 of an ISO timestamp such as ``2024-05-01T12:00:00.000Z``."""
    if not iso:
        return None
    try:
        return int(datetime.fromisoformat(str(iso).replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None


def tag_values(tags: str | None) -> dict[str, str]:
    """The ``key=value`` entries of a ``;``-separated tags string (the first of a key wins).

    ACLED's columns with no Event field (``region``, ``admin2``, ``admin3``, ``source_scale``,
    ``timestamp``) travel in ``tags`` this way, from an ACLED import to the CSV export.

    >>> tag_values("crowd size=hundreds; admin2=Medeu; curfew")
    {'crowd size': 'hundreds', 'admin2': 'Medeu'}
    """
    out: dict[str, str] = {}
    for part in (tags or "").split(";"):
        key, sep, value = part.partition("=")
        if sep and key.strip():
            out.setdefault(key.strip(), value.strip())
    return out
