"""Colours and sizes shared by the interactive map and the static exports.

ACLED's six event types get fixed colours (ColorBrewer "Paired" dark tones, distinguishable
for most colour-vision deficiencies when paired with the layer names); severity (1-5) sets
the circle radius. The types and their order are those of :mod:`geodata.events.taxonomy`
(the one list of type names); this module only adds their colours.

Examples
--------
>>> EVENT_TYPE_COLORS["Protests"]
'#1f78b4'
>>> severity_radius(1), severity_radius(5)
(5.0, 15.0)
>>> type_color("Something else")
'#6b6b6b'
>>> type_order(["Protests", "Zeta", "Battles", "Alpha", "Protests"])
['Battles', 'Protests', 'Alpha', 'Zeta']
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from geodata.events import taxonomy

__all__ = [
    "BASEMAP_PALETTE",
    "CHOROPLETH_COLORS",
    "EVENT_TYPES",
    "EVENT_TYPE_COLORS",
    "OTHER_COLOR",
    "PRECISION_LABELS",
    "SEVERITY_LEVELS",
    "TIME_PRECISION_LABELS",
    "cell_radius",
    "choropleth_breaks",
    "choropleth_color",
    "severity_radius",
    "type_color",
    "type_order",
]

#: ACLED event types, most violent first (the order of the legend and the layer control): the
#: keys of :data:`geodata.events.taxonomy.EVENT_TYPES`, in their order.
EVENT_TYPES: tuple[str, ...] = tuple(taxonomy.EVENT_TYPES)

#: Colours of the taxonomy's event types, in the taxonomy's order.
EVENT_TYPE_COLORS: dict[str, str] = dict(zip(EVENT_TYPES, (
    "#e31a1c",  # Battles
    "#b15928",  # Explosions/Remote violence
    "#6a3d9a",  # Violence against civilians
    "#ff7f00",  # Riots
    "#1f78b4",  # Protests
    "#33a02c",  # Strategic developments
), strict=True))
#: Colour of an event type outside ACLED's taxonomy.
OTHER_COLOR = "#6b6b6b"

#: Colours of the web basemap (``geodata/data/basemap/style.json``; a test keeps the two the
#: same), used by the static PNG/SVG/PDF map too so a briefing map matches the dashboard:
#: sea and lakes, land, coastline, country borders, admin-1 lines (dashed), and the label
#: colours of places, admin-1 regions, admin-2 districts and countries.
BASEMAP_PALETTE: dict[str, str] = {
    "sea": "#c8dae6",
    "land": "#f4f2ed",
    "coast": "#9ab3c4",
    "border": "#76667d",
    "admin1": "#9a8aa3",
    "place": "#262329",
    "region": "#85788c",
    "district": "#9c90a3",
    "country": "#4b4450",
}

#: Severity scale: 1 (minor) to 5 (most severe); values outside are clamped.
SEVERITY_LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)

#: How the map shows each ``geo_precision``.
PRECISION_LABELS: dict[int, str] = {
    1: "exact place",
    2: "near a place / part of a region",
    3: "region-level (area)",
    4: "country-level (not on the map)",
}

#: ``time_precision`` in words.
TIME_PRECISION_LABELS: dict[int, str] = {1: "exact day", 2: "week", 3: "month"}

#: Sequential palette (ColorBrewer YlOrRd, 5 classes) of the admin-1 choropleth.
CHOROPLETH_COLORS: tuple[str, ...] = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")


def type_color(event_type: str | None) -> str:
    """Colour of an event type (grey for an unknown one)."""
    return EVENT_TYPE_COLORS.get(event_type or "", OTHER_COLOR)


def type_order(types: Iterable[str]) -> list[str]:
    """The distinct ``types`` in legend order: the taxonomy's first (in its order), then any
    other by name."""
    present = list(dict.fromkeys(types))
    return ([t for t in EVENT_TYPES if t in present]
            + sorted(t for t in present if t not in EVENT_TYPES))


def severity_radius(severity: float | int | None) -> float:
    """Circle radius in pixels for a severity: 5 px (1) to 15 px (5), linear, clamped.

    ``None`` or NaN counts as 1.
    """
    try:
        s = float(severity)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        s = 1.0
    if math.isnan(s):
        s = 1.0
    s = min(max(s, SEVERITY_LEVELS[0]), SEVERITY_LEVELS[-1])
    return 5.0 + 2.5 * (s - 1.0)


def cell_radius(count: int) -> float:
    """Radius in pixels of an aggregated grid cell holding ``count`` events (6-24 px, log)."""
    return float(min(24.0, 6.0 + 4.0 * math.log10(max(1, count))))


def choropleth_breaks(values: list[float] | tuple[float, ...], k: int = 5) -> list[float]:
    """Upper bounds of up to ``k`` classes: rounded quantiles of the positive values.

    >>> choropleth_breaks([1, 2, 3, 4, 100])
    [1, 2, 3, 4, 100]
    >>> choropleth_breaks([])
    []
    """
    vals = sorted(v for v in values if v and v > 0)
    if not vals:
        return []
    out: list[float] = []
    for i in range(1, k + 1):
        q = vals[min(len(vals) - 1, math.ceil(i * len(vals) / k) - 1)]
        q = math.ceil(q)
        if not out or q > out[-1]:
            out.append(q)
    return out


def choropleth_color(value: float, breaks: list[float]) -> str | None:
    """Fill colour of ``value`` given :func:`choropleth_breaks` (``None`` for 0 / no data)."""
    if not value or value <= 0 or not breaks:
        return None
    if len(breaks) == 1:
        return CHOROPLETH_COLORS[2]
    for i, b in enumerate(breaks):
        if value <= b:
            # spread the classes over the palette when there are fewer than 5
            j = round(i * (len(CHOROPLETH_COLORS) - 1) / max(1, len(breaks) - 1))
            return CHOROPLETH_COLORS[j]
    return CHOROPLETH_COLORS[-1]
