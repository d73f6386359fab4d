"""What runs on a Dask worker: one partition of reports in, its files out.

The gazetteer and the event model are opened once per worker process (a module-level cache
filled on first use), never pickled: a task carries only its reports and where to write.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from geodata.batch._dataset import (
    Layout,
    part_name,
    write_events_file,
    write_mentions_file,
    write_reports_file,
)
from geodata.io._skipped import not_processed
from geodata.model import Event, Mention, Report
from geodata.places.geoparse import Geoparser

__all__ = ["Options", "PartitionSummary", "geocode_reports", "process_partition", "worker_geoparser"]


@dataclass(frozen=True)
class Options:
    """Geoparser options (as ``geocode``'s flags of the same names)."""

    include_demonyms: bool = False
    include_embedded: bool = False


@dataclass
class PartitionSummary:
    """What one partition gave (sent back to the client; small)."""

    number: int
    reports: int = 0
    events: int = 0
    mentions: int = 0
    words: int = 0
    skipped: bool = False
    stored: int = 0
    problems: list[str] = field(default_factory=list)


_cache: dict[Options, Geoparser] = {}
_lock = threading.Lock()


def worker_geoparser(options: Options) -> Geoparser:
    """This process's geoparser for ``options``, built on first use and kept."""
    with _lock:
        gp = _cache.get(options)
        if gp is None:
            from geodata.places.gazetteer import default_gazetteer

            gp = Geoparser(default_gazetteer(), include_demonyms=options.include_demonyms,
                           include_embedded=options.include_embedded)
            _cache[options] = gp
        return gp


def geocode_reports(reports: list[Report], options: Options,
                    summary: PartitionSummary) -> tuple[list[Report], list[Mention], list[Event]]:
    """Geocode ``reports`` with this process's geoparser: the reports kept, their mentions and
    events (in input order). A report that fails is reported in ``summary`` (as ``geocode``
    does) and left out; it never fails the partition. Counts go to ``summary``."""
    from geodata.pipeline import process_report

    gp = worker_geoparser(options)
    kept: list[Report] = []
    events: list[Event] = []
    mentions: list[Mention] = []
    for report in reports:
        try:
            result = process_report(report, geoparser=gp)
        except Exception as exc:  # one report never ends the run
            summary.problems.append(not_processed(report.id, exc))
            continue
        kept.append(report)
        events.extend(result.events)
        mentions.extend(result.mentions)
        summary.words += len(report.text.split())
    summary.reports, summary.events, summary.mentions = len(kept), len(events), len(mentions)
    return kept, mentions, events


def process_partition(number: int, reports: list[Report], layout: Layout,
                      options: Options) -> PartitionSummary:
    """Process the reports of partition ``number`` and write its files (each atomically).

    A partition whose files all exist is skipped (a re-run, or a task Dask ran again after
    its worker died); a file that exists is not written again. A report that fails is
    reported (as ``geocode`` does) and left out; it never fails the partition.
    """
    summary = PartitionSummary(number)
    if layout.done(number):
        summary.skipped = True
        return summary
    kept, mentions, events = geocode_reports(reports, options, summary)
    name = part_name(number)
    # the events file last: in a folder of events only, it is the one that says "done"
    if layout.reports is not None and not (Path(layout.reports) / name).is_file():
        write_reports_file(kept, Path(layout.reports) / name)
    if layout.mentions is not None and not (Path(layout.mentions) / name).is_file():
        write_mentions_file(mentions, Path(layout.mentions) / name)
    if layout.events is not None and not (Path(layout.events) / name).is_file():
        write_events_file(events, Path(layout.events) / name)
    return summary
