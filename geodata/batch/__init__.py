"""Archive scale: reports geocoded in partitions on a Dask cluster (``unrest-atlas batch``).

The client reads the input in order (``geocode``'s inputs, plus Parquet datasets:
:func:`read_inputs`) and sends partitions of reports to Dask workers; each worker opens the
gazetteer once and writes each partition's events (and mentions) as one GeoParquet file named
by the partition number, atomically. Finished partitions are skipped by a re-run. A GeoPackage
store is filled by one writer, partition after partition, in input order; a PostGIS store by
the workers, one transaction per partition, in input order (:mod:`geodata.batch._pgsink`). So
every result equals what ``unrest-atlas geocode`` gives on the same input.
"""

from geodata.batch._dataset import (
    Layout,
    partition_files,
    read_events_dataset,
    read_mentions_dataset,
)
from geodata.batch._input import read_inputs, read_parquet_reports
from geodata.batch._pgsink import MARKERS, batch_key
from geodata.batch._run import BatchTally, partitions, run_batch
from geodata.batch._worker import Options, PartitionSummary, process_partition, worker_geoparser

__all__ = [
    "MARKERS",
    "BatchTally",
    "Layout",
    "Options",
    "PartitionSummary",
    "batch_key",
    "partition_files",
    "partitions",
    "process_partition",
    "read_events_dataset",
    "read_inputs",
    "read_mentions_dataset",
    "read_parquet_reports",
    "run_batch",
    "worker_geoparser",
]
