"""What :func:`geodata.maps.layers.build_map` drew (``m.unrest_summary``)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["MapSummary"]


@dataclass
class MapSummary:
    """What :func:`build_map` drew (``m.unrest_summary``)."""

    points: int = 0
    regions: int = 0
    region_events: int = 0
    halos: int = 0
    country_level: int = 0
    unplaced: list[str] = field(default_factory=list)
    aggregated: bool = False
    grid_degrees: float | None = None
    cells: int = 0
    #: Events counted in the grid cells (aggregated maps).
    cell_events: int = 0
    heat_points: int = 0
    choropleth_regions: int = 0
    basemap: str = "none"
    #: (south, west, north, east) of the drawn events, ``None`` when nothing is drawn.
    extent: tuple[float, float, float, float] | None = None
    #: Whether the points were clustered (one cluster group, rings coloured by type).
    clustered: bool = False

