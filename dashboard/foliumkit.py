"""Render a folium map for ``streamlit-folium`` once, show it many times.

``st_folium`` turns the map into its component arguments (Leaflet script, header, asset
links) on every call, renaming the map's elements in place as it goes: a second render of
the same object is broken, and the render costs 0.1-0.7 s for a big map. The dashboard
renders each cached map once with :func:`component_args` (the same steps as ``st_folium``
0.27) and passes the stored arguments to the same component with :func:`show`. When
``streamlit_folium``'s internals differ from what this module expects, :func:`show` falls back
to ``st_folium`` on a fresh copy of the map, so an upgrade degrades speed, not behaviour
(``tests/test_dashboard_apptest.py`` compares both paths).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["component_args", "show"]


def _walk_links(fig: Any):
    import branca
    import folium
    import folium.elements

    if isinstance(fig, branca.colormap.ColorMap):
        yield fig
    if isinstance(fig, folium.elements.JSCSSMixin):
        yield fig
    for child in getattr(fig, "_children", {}).values():
        yield from _walk_links(child)


def component_args(m: Any) -> dict[str, Any] | None:
    """The arguments ``st_folium`` would send for map ``m`` (``None``: internals unknown).

    Renders ``m`` (and so changes it in place): call it once per map object.
    """
    try:
        import streamlit_folium as sf

        # (st_folium renders the whole figure first, then the map again; the page it makes is
        # thrown away and the second render gives the same header, html and script)
        m.render()
        html = sf._get_html(m)
        header = sf._get_header(m)
        script = sf._get_map_string(m)
        m_id = sf.get_full_id(m)
    except (AttributeError, ImportError, TypeError):
        return None
    extent = getattr(getattr(m, "unrest_summary", None), "extent", False)
    if extent is not False:  # geodata.maps.layers.build_map knows what it drew
        s, w, n, e = extent if extent is not None else (None, None, None, None)
    else:
        try:
            (s, w), (n, e) = m.get_bounds()
        except (AttributeError, TypeError, ValueError):
            s = w = n = e = None
    css: list[str] = []
    js: list[str] = []
    for el in _walk_links(m):
        css.extend(href for _, href in getattr(el, "default_css", []))
        js.extend(src for _, src in getattr(el, "default_js", []))
    return {
        "script": script, "header": header, "html": html, "id": m_id,
        "bounds": {"_southWest": {"lat": s, "lng": w}, "_northEast": {"lat": n, "lng": e}},
        "zoom": m.options.get("zoom") if hasattr(m, "options") else {},
        "css_links": list(dict.fromkeys(css)), "js_links": list(dict.fromkeys(js)),
    }


def show(args: Mapping[str, Any] | None, fallback_map: Any = None, *, key: str, height: int,
         returned_objects: Iterable[str], use_container_width: bool = True) -> dict | None:
    """Show a map from :func:`component_args`; returns what the component reports back
    (the ``returned_objects`` keys), like ``st_folium``.

    ``fallback_map``: a map (or a zero-argument function giving one) for ``st_folium`` when
    ``args`` is ``None`` or the component function cannot be found.
    """
    import streamlit as st
    import streamlit_folium as sf

    returned = list(returned_objects)
    component = getattr(sf, "_component_func", None)
    hasher = getattr(sf, "generate_js_hash", None)
    if args is None or component is None or hasher is None:
        m = fallback_map() if callable(fallback_map) else fallback_map
        return sf.st_folium(m, key=key, height=height, use_container_width=use_container_width,
                            returned_objects=returned)
    defaults = {
        "last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None, "last_object_clicked_popup": None,
        "all_drawings": None, "last_active_drawing": None, "bounds": args["bounds"],
        "zoom": args["zoom"], "last_circle_radius": None, "last_circle_polygon": None,
        "selected_layers": None, "selected_tags": None, "last_geocoder_result": None,
    }
    hash_key = hasher(args["script"], key, False)

    def _on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})

    return component(
        script=args["script"], header=args["header"], html=args["html"], id=args["id"],
        key=hash_key, height=height, width=None if use_container_width else 500,
        returned_objects=returned, default={k: v for k, v in defaults.items() if k in returned},
        zoom=None, center=None, feature_group=None, return_on_hover=False, layer_control=None,
        pixelated=False, css_links=args["css_links"], js_links=args["js_links"],
        on_change=_on_change, wrap_longitude=False,
    )
