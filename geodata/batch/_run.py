"""The client side of a batch: read reports in order, in partitions, submit them to Dask, keep
a bounded number in flight, and (for a GeoPackage store) add finished partitions in order
through one writer, so the store is the same as ``geocode --store`` gives. A PostGIS store is
written by the workers themselves (:mod:`geodata.batch._pgsink`)."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geodata.batch._dataset import (
    Layout,
    part_name,
    read_events_file,
    read_mentions_file,
    read_reports_file,
)
from geodata.batch._input import read_inputs
from geodata.batch._worker import Options, PartitionSummary, process_partition
from geodata.exceptions import InputError
from geodata.io._skipped import SkipReporter, not_processed
from geodata.model import Report

__all__ = ["BatchTally", "partitions", "run_batch"]


@dataclass
class BatchTally:
    """What a batch did."""

    partitions: int = 0
    skipped_partitions: int = 0
    reports: int = 0
    events: int = 0
    mentions: int = 0
    words: int = 0
    stored: int = 0
    problems: list[str] = field(default_factory=list)


def partitions(reports: Iterable[Report], size: int) -> Iterator[tuple[int, list[Report]]]:
    """``(number, reports)`` of ``size`` reports each, in input order (read lazily)."""
    it = iter(reports)
    for number in itertools.count():
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield number, chunk


class _StoreReduce:
    """Adds finished partitions to the store strictly in partition order (one writer)."""

    def __init__(self, store: Any, layout: Layout, tally: BatchTally,
                 reporter: SkipReporter) -> None:
        self.store, self.layout, self.tally, self.reporter = store, layout, tally, reporter
        self.next = 0
        self.ready: set[int] = set()

    def finished(self, number: int) -> None:
        self.ready.add(number)
        while self.next in self.ready:
            self._add(self.next)
            self.ready.discard(self.next)
            self.next += 1

    def _add(self, number: int) -> None:
        assert self.layout.reports and self.layout.mentions and self.layout.events
        name = part_name(number)
        reports = read_reports_file(Path(self.layout.reports) / name)
        mentions = read_mentions_file(Path(self.layout.mentions) / name)
        events = read_events_file(Path(self.layout.events) / name)
        problems = []
        for report in reports:
            ms = [m for m in mentions if m.report_id == report.id]
            es = [e for e in events if e.report_id == report.id]
            try:
                self.store.add_report(report, ms, es)
                self.tally.stored += 1
            except Exception as exc:
                problems.append(not_processed(report.id, exc))
        self.reporter.say(problems)


class _FileSink:
    """Partitions written as files by the workers (the GeoParquet datasets)."""

    def __init__(self, layout: Layout, options: Options) -> None:
        self.layout, self.options = layout, options

    def done(self, number: int) -> bool:
        return self.layout.done(number)

    def submit(self, client: Any, number: int, chunk: list[Report]) -> Any:
        return client.submit(process_partition, number, chunk, self.layout, self.options,
                             pure=False)


def run_batch(
    inputs: Iterable[str | Path],
    client: Any,
    layout: Layout | None = None,
    *,
    partition_size: int = 200,
    published: date | None = None,
    options: Options | None = None,
    store: Any = None,
    store_url: str | None = None,
    ordered: bool = True,
    progress: bool = False,
    quiet: bool = False,
    on_partition: Callable[[PartitionSummary], None] | None = None,
) -> BatchTally:
    """Process every report of ``inputs`` on the Dask ``client``; write the dataset(s) or store.

    Parameters
    ----------
    inputs
        As for ``geocode`` (files, folders, JSONL), plus Parquet files and folders of them
        (:func:`geodata.batch.read_inputs`).
    client
        A ``dask.distributed.Client``.
    layout
        Where partitions go (the folders must be reachable by every worker); not with
        ``store_url``.
    partition_size
        Reports per partition (the unit of work, and of a re-run's skipping).
    store
        An open GeoPackage :class:`~geodata.store.eventstore.EventStore`: partitions are added
        in order as they finish (``layout`` must then name all three folders).
    store_url
        A ``postgresql://`` URL: the workers add each partition to that PostGIS store in one
        transaction (no ``layout``; every worker must reach the database).
    ordered
        With ``store_url``: write the partitions in input order (the store ``geocode`` gives);
        ``False`` lets the writes run concurrently (some order; merged event ids may differ).
    on_partition
        Called on the client with each partition's summary as it finishes (tests, tools).
    """
    from geodata.batch._pgsink import PostgisSink, batch_key

    if partition_size < 1:
        raise ValueError("the partition size must be at least 1")
    options = options or Options()
    sink: _FileSink | PostgisSink
    inputs = list(inputs)
    key = batch_key(inputs, partition_size, options)
    if store_url is not None:
        sink = PostgisSink(store_url, key, options, ordered)
        sink.prepare()
    else:
        if layout is None:
            raise ValueError("give a layout (the dataset folders) or a store_url")
        layout.prepare(partition_size, key)
        sink = _FileSink(layout, options)
    tally = BatchTally()
    problems: list[InputError] = []
    warnings: list[InputError] = []
    reporter = SkipReporter(problems, warnings, quiet=quiet, record=tally.problems)
    reduce = None
    if store is not None:
        assert layout is not None
        reduce = _StoreReduce(store, layout, tally, reporter)
    parts = partitions(read_inputs(inputs, published=published, problems=problems,
                                   warnings=warnings), partition_size)

    def finished(summary: PartitionSummary) -> None:
        _count(tally, summary)
        reporter.say(summary.problems)
        if reduce is not None:
            reduce.finished(summary.number)
        if on_partition is not None:
            on_partition(summary)

    _drive(client, parts, sink, reporter, finished, progress)
    reporter.say()
    return tally


def _drive(client: Any, parts: Iterator[tuple[int, list[Report]]], sink: Any,
           reporter: SkipReporter, finished: Callable[[PartitionSummary], None],
           progress: bool) -> None:
    """Submit the partitions (at most twice the workers' threads in flight) and hand each
    finished one to ``finished``; a partition the sink has done is not even sent."""
    import distributed
    from tqdm import tqdm

    window = max(2, 2 * sum(client.nthreads().values()))
    dask: Any = distributed  # untyped library
    pending = dask.as_completed([], with_results=True)
    in_flight = 0
    with tqdm(desc="partitions", unit="part", disable=not progress, file=sys.stderr) as bar:
        while True:
            while in_flight < window:
                nxt = next(parts, None)
                reporter.say()
                if nxt is None:
                    break
                number, chunk = nxt
                if sink.done(number):  # finished by an earlier run
                    finished(PartitionSummary(number, skipped=True))
                    bar.update(1)
                    continue
                pending.add(sink.submit(client, number, chunk))
                in_flight += 1
            if in_flight == 0:
                break
            _future, summary = next(pending)
            in_flight -= 1
            finished(summary)
            bar.update(1)


def _count(tally: BatchTally, s: PartitionSummary) -> None:
    tally.partitions += 1
    tally.skipped_partitions += s.skipped
    tally.reports += s.reports
    tally.events += s.events
    tally.mentions += s.mentions
    tally.words += s.words
    tally.stored += s.stored
