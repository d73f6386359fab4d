"""Places: from text to coordinates (the first stage).

Owns the offline gazetteer (:mod:`~geodata.places.gazetteer`; the full GeoNames build in
:mod:`~geodata.places.geonames`), place recognition (:mod:`~geodata.places.recognise`, with
landmarks and town parts in ``_landmarks`` and spelling variants in ``_variants``) and
resolution (:mod:`~geodata.places.resolve`) behind :mod:`~geodata.places.geoparse`, the roles
helper for the events stage (:mod:`~geodata.places.roles`), country names and codes
(:mod:`~geodata.places.countries`) and the optional online fallback
(:mod:`~geodata.places.online`). It reads text and the gazetteer index and returns
:class:`geodata.model.Mention` objects.

May import: :mod:`geodata.settings`, :mod:`geodata.exceptions`, :mod:`geodata.model`. Never
imports events, store, maps or io.
"""
