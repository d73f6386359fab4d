"""Events: from sentences and place mentions to ACLED-style events (the second stage).

The public call is :func:`geodata.events.extract.extract` (a report and its mentions in; the
mentions with their roles and the events out, from one reading). Inside, by step:

- :mod:`~geodata.events._sentences` sentences; :mod:`~geodata.events._triggers` the trigger
  lexicon; :mod:`~geodata.events.detect` what a sentence states (the seam where a learned
  model can decide, :class:`~geodata.events.detect.Detector`);
- :mod:`~geodata.events._places` labels of mentions and a sentence's own places;
  :mod:`~geodata.events._scene` the place of a spec (own, scene, country);
- :mod:`~geodata.events._extractor` the sentence-by-sentence reading (dates, casualties);
- :mod:`~geodata.events._build` merging per place, day and type, actors, the Event records;
- :mod:`~geodata.events.dates`, :mod:`~geodata.events._casualties`,
  :mod:`~geodata.events._actors`, :mod:`~geodata.events.taxonomy` (ACLED's types) and
  :mod:`~geodata.events.merge` (the cross-report merge rules of the store).

May import: :mod:`geodata.settings`, :mod:`geodata.exceptions`, :mod:`geodata.model`,
:mod:`geodata.places`. Never imports store, maps or io.
"""
