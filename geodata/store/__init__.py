"""Store: events, mentions, reports, sources and audited corrections on disk (the third stage).

Owns the GeoPackage event store (:class:`~geodata.store.eventstore.EventStore`), its schema and
write operations (``_schema``, ``_ops``, ``_gpkg``) and synthetic stores for benchmarks
(:mod:`~geodata.store.synthetic`).

May import: :mod:`geodata.settings`, :mod:`geodata.exceptions`, :mod:`geodata.model`,
:mod:`geodata.events` (taxonomy and merge rules). Never imports maps, io or the dashboard.
"""
