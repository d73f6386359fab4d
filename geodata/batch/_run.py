"""The client side of a batch: read reports in order, in partitions, submit them to Dask, keep
a bounded number in flight, and (for a store) add finished partitions in order through one
writer, so the store is the same as ``geocode --store`` gives."""

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
from geodata.batch._worker import Options, PartitionSummary, process_partition
from geodata.exceptions import InputError
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


class _Reporter:
    """Prints each problem once, as ``geocode`` does (``skipped: FILE:LINE: why``)."""

    def __init__(self, tally: BatchTally, problems: list[InputError],
                 warnings: list[InputError], quiet: bool) -> None:
        self.tally, self.problems, self.warnings, self.quiet = tally, problems, warnings, quiet
        self._said = 0

    def say(self, extra: Iterable[str] = ()) -> None:
        new = [str(p) for p in self.problems[self._said:]] + list(extra)
        self._said = len(self.problems)
        for text in new:
            self.tally.problems.append(text)
            if not self.quiet:
                print(f"skipped: {text}", file=sys.stderr)
        for w in self.warnings:
            if not self.quiet:
                print(f"warning: {w}", file=sys.stderr)
        self.warnings.clear()


class _StoreReduce:
    """Adds finished partitions to the store strictly in partition order (one writer)."""

    def __init__(self, store: Any, layout: Layout, tally: BatchTally, reporter: _Reporter) -> None:
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
                problems.append(f"report {report.id!r} not processed: {type(exc).__name__}: {exc}")
        self.reporter.say(problems)


def run_batch(
    inputs: Iterable[str | Path],
    client: Any,
    layout: Layout,
    *,
    partition_size: int = 200,
    published: date | None = None,
    options: Options | None = None,
    store: Any = None,
    progress: bool = False,
    quiet: bool = False,
    on_partition: Callable[[PartitionSummary], None] | None = None,
) -> BatchTally:
    """Process every report of ``inputs`` on the Dask ``client``; write the dataset(s).

    Parameters
    ----------
    inputs
        As for ``geocode`` (files, folders, JSONL).
    client
        A ``dask.distributed.Client``.
    layout
        Where partitions go (the folders must be reachable by every worker).
    partition_size
        Reports per partition (the unit of work, and of a re-run's skipping).
    store
        An open :class:`~geodata.store.eventstore.EventStore`: partitions are added in order
        as they finish (``layout`` must then name all three folders).
    on_partition
        Called on the client with each partition's summary as it finishes (tests, tools).
    """
    import distributed
    from tqdm import tqdm

    from geodata.io.reports import read_reports

    if partition_size < 1:
        raise ValueError("the partition size must be at least 1")
    options = options or Options()
    layout.prepare(partition_size)
    tally = BatchTally()
    problems: list[InputError] = []
    warnings: list[InputError] = []
    reporter = _Reporter(tally, problems, warnings, quiet)
    reduce = _StoreReduce(store, layout, tally, reporter) if store is not None else None
    window = max(2, 2 * sum(client.nthreads().values()))
    parts = partitions(read_reports(inputs, published=published, problems=problems,
                                    warnings=warnings), partition_size)
    dask: Any = distributed  # untyped library
    pending = dask.as_completed([], with_results=True)
    in_flight = 0

    def finished(summary: PartitionSummary) -> None:
        _count(tally, summary)
        reporter.say(summary.problems)
        if reduce is not None:
            reduce.finished(summary.number)
        if on_partition is not None:
            on_partition(summary)
        bar.update(1)

    with tqdm(desc="partitions", unit="part", disable=not progress, file=sys.stderr) as bar:
        while True:
            while in_flight < window:
                nxt = next(parts, None)
                reporter.say()
                if nxt is None:
                    break
                number, chunk = nxt
                if layout.done(number):  # finished by an earlier run: not even sent
                    finished(PartitionSummary(number, skipped=True))
                    continue
                pending.add(client.submit(process_partition, number, chunk, layout, options,
                                          pure=False))
                in_flight += 1
            if in_flight == 0:
                break
            _future, summary = next(pending)
            in_flight -= 1
            finished(summary)
    reporter.say()
    return tally


def _count(tally: BatchTally, s: PartitionSummary) -> None:
    tally.partitions += 1
    tally.skipped_partitions += s.skipped
    tally.reports += s.reports
    tally.events += s.events
    tally.mentions += s.mentions
    tally.words += s.words
