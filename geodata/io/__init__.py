"""Input and output: reports in, events and mentions out, interchange with other tools.

Owns report reading (:mod:`~geodata.io.reports`), event and mention files
(:mod:`~geodata.io.files`: GeoJSON, CSV, GeoPackage) and interchange formats
(:mod:`~geodata.io.interchange`: ACLED CSV, GeoParquet, KML, ACLED and GDELT imports).

May import: :mod:`geodata.settings`, :mod:`geodata.exceptions`, :mod:`geodata.model`,
:mod:`geodata.events` (taxonomy), :mod:`geodata.places` (country codes), :mod:`geodata.store`.
"""
