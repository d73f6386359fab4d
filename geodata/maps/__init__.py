"""Maps: what the analyst looks at (the fourth stage).

Owns interactive folium/Leaflet maps (:mod:`~geodata.maps.layers`), static PNG/SVG/PDF and
self-contained HTML maps (:mod:`~geodata.maps.static`), the offline basemap
(:mod:`~geodata.maps.basemap`), styles (:mod:`~geodata.maps.styles`), boundaries and region
matching (:mod:`~geodata.maps.regions`) and offline web assets (:mod:`~geodata.maps.assets`).

May import: :mod:`geodata.settings`, :mod:`geodata.exceptions`, :mod:`geodata.model`,
:mod:`geodata.events` (taxonomy), :mod:`geodata.io` (event rows). Never imports streamlit.
"""
