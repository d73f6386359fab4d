"""Archive scale: reports geocoded in partitions on a Dask cluster (``unrest-atlas batch``).

The client reads the input in order and sends partitions of reports to Dask workers; each
worker opens the gazetteer once and writes each partition's events (and mentions) as one
GeoParquet file named by the partition number, atomically. Finished partitions are skipped
by a re-run; a store is filled by one writer, partition after partition, in input order, so
every result equals what ``unrest-atlas geocode`` gives on the same input.
"""

from geodata.batch._dataset import (
    Layout,
    partition_files,
    read_events_dataset,
    read_mentions_dataset,
)
from geodata.batch._run import BatchTally, partitions, run_batch
from geodata.batch._worker import Options, PartitionSummary, process_partition, worker_geoparser

__all__ = [
    "BatchTally",
    "Layout",
    "Options",
    "PartitionSummary",
    "partition_files",
    "partitions",
    "process_partition",
    "read_events_dataset",
    "read_mentions_dataset",
    "run_batch",
    "worker_geoparser",
]
