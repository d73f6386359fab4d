"""Events: from sentences and place mentions to ACLED-style events (the second stage).

Owns event detection (:mod:`~geodata.events.extract`), the ACLED taxonomy
(:mod:`~geodata.events.taxonomy`), dates (:mod:`~geodata.events.dates`), casualties, actors, and
the cross-report merge rules (:mod:`~geodata.events.merge`). It reads a report and its mentions
and returns :class:`geodata.model.Event` objects.

May import: :mod:`geodata.settings`, :mod:`geodata.exceptions`, :mod:`geodata.model`,
:mod:`geodata.places`. Never imports store, maps or io.
"""
