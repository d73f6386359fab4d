"""The bundled sample store is one self-contained file that reading never writes beside."""

from __future__ import annotations

from geodata import settings
from geodata.store.eventstore import EventStore


def test_the_bundled_sample_reads_without_side_files():
    path = settings.get().sample_store_path
    header = path.read_bytes()[:100]
    assert (header[18], header[19]) == (1, 1), "rollback-journal format, not WAL"
    with EventStore.open_readonly(path) as store:
        assert len(store.events()) > 0
    assert not [p.name for p in path.parent.glob(path.name + "-*")]
