"""Maps: what the analyst looks at (the fourth stage).

Owns interactive folium/Leaflet maps (:mod:`~geodata.maps.layers`), static PNG/SVG/PDF and
self-contained HTML maps (:mod:`~geodata.maps.static`), the offline basemap
(:mod:`~geodata.maps.basemap`), styles (:mod:`~geodata.maps.styles`), boundaries and region
matching (:mod:`~geodata.maps.regions`) and offline web assets (:mod:`~geodata.maps.assets`).

Plumbing (private; import the public modules above):

* interactive map (``build_map``): ``_frames`` (helper columns, precision classes),
  ``_basemap_layer`` (panes, vector outlines, tiles), ``_event_layers`` (per-type layers,
  choropleth, heat, selected ring), ``_aggregate`` (grid cells, heat points, day numbers),
  ``_popups``, ``_legend``, ``_geojson``, ``_summary`` (``MapSummary``), ``_mapjs`` (the
  Leaflet elements);
* static map (``render_map``): ``_static_layout`` (the page, part by part), ``_static_data``
  (classes, extent, marker sizes, text lines), ``_static_draw`` (layers on the axes),
  ``_static_legend`` (the legend column), ``_mapdraw`` (matplotlib helpers).

May import: :mod:`geodata.settings`, :mod:`geodata.exceptions`, :mod:`geodata.model`,
:mod:`geodata.events` (taxonomy), :mod:`geodata.io` (event rows). Never imports streamlit.
"""
