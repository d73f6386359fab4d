"""Hand-built place mentions, for tests and evaluation without the geoparser.

A place list names each place once (``mention`` surface text, ``name``, ``kind``,
``country_code``, ``admin1``, ``lat``, ``lon``); every word-bounded occurrence of the surface
text becomes a :class:`~geodata.model.Mention`. An entry with ``only_before`` claims only the
occurrences followed by that word ("Lagos" + "state"); the others skip the occurrences claimed.

>>> ms = mentions_from_places("r", "Riot in Aktobe. Aktobe calm.", [
...     {"mention": "Aktobe", "name": "Aktobe", "kind": "city", "country_code": "KZ", "lat": 50.3, "lon": 57.2}])
>>> [(m.start, m.end) for m in ms]
[(8, 14), (16, 22)]
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

from geodata.model import Mention

__all__ = ["mentions_from_places"]


def _id(name: str, cc: str) -> int:
    return zlib.crc32(f"{name}|{cc}".encode()) % 10_000_000 + 10_000_000


def mentions_from_places(report_id: str, text: str, places: Iterable[Mapping[str, Any]]) -> list[Mention]:
    """Mentions of every place of ``places`` in ``text``, in text order.

    Parameters
    ----------
    report_id
        Id carried by the mentions.
    text
        Report text.
    places
        Dicts with ``mention``, ``name``, ``kind`` and optionally ``country_code``,
        ``admin1``, ``admin1_code``, ``lat``, ``lon``, ``geonameid``, ``confidence``,
        ``only_before``.
    """
    entries = sorted(places, key=lambda p: 0 if p.get("only_before") else 1)
    claimed: set[int] = set()
    out: list[Mention] = []
    for p in entries:
        surface = p["mention"]
        rx = re.compile(rf"(?<![\w-]){re.escape(surface)}(?![\w-])")
        for m in rx.finditer(text):
            if m.start() in claimed:
                continue
            nxt = p.get("only_before")
            if nxt and not re.match(rf"\s+{re.escape(nxt)}\b", text[m.end():], re.IGNORECASE):
                continue
            claimed.add(m.start())
            cc = p.get("country_code")
            out.append(Mention(
                report_id=report_id, mention=surface, start=m.start(), end=m.end(), name=p.get("name", surface),
                geonameid=p.get("geonameid", _id(p.get("name", surface), cc or "")),
                lat=p.get("lat"), lon=p.get("lon"), country_code=cc, admin1=p.get("admin1"),
                kind=p.get("kind", "city"), confidence=float(p.get("confidence", 0.9)),
                admin1_code=p.get("admin1_code") or (f"{cc}.{p.get('admin1')}" if cc and p.get("admin1") else None),
            ))
    out.sort(key=lambda m: m.start)
    return out
