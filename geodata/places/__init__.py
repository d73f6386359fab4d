"""Places: from text to coordinates (the first stage).

Owns the offline gazetteer (:mod:`~geodata.places.gazetteer`), place recognition and resolution
(:mod:`~geodata.places.geoparse`), country names and codes (:mod:`~geodata.places.countries`) and
the optional online fallback (:mod:`~geodata.places.online`). It reads text and the gazetteer
index and returns :class:`geodata.model.Mention` objects.

May import: :mod:`geodata.settings`, :mod:`geodata.exceptions`, :mod:`geodata.model`. Never
imports events, store, maps or io.
"""
