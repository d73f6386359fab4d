"""The dashboard's map of filtered events and the downloads of exactly those events
(folium plumbing and export bytes; :mod:`dashboard.data` caches the rendered map)."""

from __future__ import annotations

import copy
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

#: Columns :func:`make_map` passes to :func:`geodata.maps.layers.build_map` (popups included).
MAP_COLUMNS: tuple[str, ...] = (
    "event_id", "report_id", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "location", "admin1", "country", "country_code", "latitude",
    "longitude", "geo_precision", "fatalities", "injuries", "severity", "notes", "source",
    "confidence", "mention_start", "mention_end", "sentence_start", "sentence_end", "status",
    "sources_count", "admin1_code",
)  # fmt: skip


#: Helper columns of :func:`load_frame` that :func:`make_map` passes on (see
#: :func:`geodata.maps.layers.prepare_events`).
_MAP_HELPERS: tuple[str, ...] = ("_prec", "_has_xy", "_region", "_day")


def hide_popup_flag(m) -> None:
    """Hide the popups' "Flag as wrong" button: in the dashboard it could not store anything
    (the component reports clicks on features, not on buttons). A click on the event selects
    it, and the detail panel beside the map flags it for real (audited)."""
    import folium

    m.get_root().header.add_child(
        folium.Element("<style>.ua-popup .ua-flag{display:none}</style>"), name="ua_no_flag")


def lean_assets(m):
    """Leave out the assets the map does not use (Bootstrap, and awesome-markers / Font
    Awesome when there is no icon marker): fewer files for the browser to fetch one after
    another before the map draws. (``build_map`` keeps them in static mode.)"""
    from geodata.maps.assets import OfflineSetup, localize

    att = next((list(c.attributions) for c in m._children.values()
                if isinstance(c, OfflineSetup)), [])
    return localize(m, mode="static", attributions=att, lean=True)


@dataclass(frozen=True)
class RenderedMap:
    """A map of filtered events, rendered once for streamlit-folium.

    Attributes
    ----------
    summary
        What was drawn (:class:`geodata.maps.layers.MapSummary`).
    args
        The component arguments (:func:`dashboard.foliumkit.component_args`), or ``None``.
    rebuild
        A zero-argument function that builds the same map again (for the plain
        ``st_folium`` fallback; a folium map can be rendered only once).
    """

    summary: Any
    args: dict[str, Any] | None
    rebuild: Any


def _walk(el: Any):
    yield el
    for child in list(getattr(el, "_children", {}).values()):
        yield from _walk(child)


def fresh_copy(m):
    """A deep copy of a folium map that renders like the original.

    branca drops an element's ``_template`` when it is copied and rebuilds it only from
    ``_template_str``/``_template_name``; elements that set ``_template`` directly (the
    Leaflet snippets of :mod:`geodata.maps._mapjs`) would lose their script, so the original
    (immutable) templates are put back.
    """
    c = copy.deepcopy(m)
    for a, b in zip(_walk(m.get_root()), _walk(c.get_root()), strict=True):
        t = a.__dict__.get("_template")
        if t is not None and b.__dict__.get("_template") is not t:
            b._template = t
    return c


def map_export_bytes(df: pd.DataFrame, fmt: str, subtitle: str = "") -> bytes:
    """A briefing map (``pdf``, ``png``, ``svg`` or self-contained ``html``) of exactly the
    events of ``df``, through :func:`geodata.maps.static.map_bytes` (as ``unrest-atlas export-map``)."""
    from geodata.maps.static import map_bytes

    return map_bytes(df, fmt, title="Civil unrest events", subtitle=subtitle or None)


def export_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """The events of ``df`` as a CSV (ACLED columns first) or GeoJSON file's bytes, through
    :func:`geodata.io.files.write_events` (exactly these rows)."""
    from geodata.io.files import write_events

    if fmt not in ("csv", "geojson"):
        raise ValueError(f"unknown export format {fmt!r}")
    cols = [c for c in df.columns if not c.startswith("_")]
    with tempfile.TemporaryDirectory(prefix="ua-export-") as tmp:
        out = Path(tmp) / f"events.{fmt}"
        write_events(df[cols], out, fmt)
        return out.read_bytes()
