"""The partitioned GeoParquet dataset a batch writes: one file per partition, named by its number.

A batch's output folder holds ``part-000000.parquet``, ``part-000001.parquet``... (partition
``n`` holds the results of input reports ``n*K .. n*K+K-1``) and ``_batch.json``, the partition
size the numbering depends on. Each file is written atomically, so a file that exists is
complete: a re-run skips it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from geodata.atomic import atomic_path, atomic_write_text
from geodata.exceptions import ExportError, InputError
from geodata.model import Event, Mention, Report

__all__ = [
    "MANIFEST",
    "Layout",
    "partition_files",
    "read_events_dataset",
    "read_mentions_dataset",
    "read_reports_file",
    "write_events_file",
    "write_mentions_file",
    "write_reports_file",
]

#: The file in each output folder that records how the input was partitioned.
MANIFEST = "_batch.json"
_REPORT_COLUMNS = ("id", "text", "published", "title", "source", "url")


def part_name(number: int) -> str:
    """The file name of partition ``number`` (sorts in partition order)."""
    return f"part-{number:06d}.parquet"


@dataclass(frozen=True)
class Layout:
    """Where a batch writes: the events, mentions and reports folders (``None``: not written).

    The reports folder is the batch's own work space for a ``--store`` run: the final reduce
    reads each partition's reports, mentions and events back in order.
    """

    events: str | None = None
    mentions: str | None = None
    reports: str | None = None

    def folders(self) -> list[Path]:
        return [Path(p) for p in (self.reports, self.mentions, self.events) if p is not None]

    def done(self, number: int) -> bool:
        """Whether every file of partition ``number`` exists (each is written atomically)."""
        return all((folder / part_name(number)).is_file() for folder in self.folders())

    def prepare(self, partition_size: int, batch: str | None = None) -> None:
        """Create the folders; refuse a folder holding another batch's partitions.

        ``batch`` names the inputs and options (:func:`geodata.batch.batch_key`): a folder
        of the same partition size but other inputs would have its partitions wrongly
        skipped, so it is refused too.

        Raises
        ------
        ExportError
            When a folder is a file, or holds a batch of another partition size or other
            inputs (its partition numbers would name other reports).
        """
        for folder in self.folders():
            if folder.exists() and not folder.is_dir():
                raise ExportError(f"{folder} exists and is not a folder: give a folder for the "
                                  "partitioned dataset")
            folder.mkdir(parents=True, exist_ok=True)
            manifest = folder / MANIFEST
            if manifest.is_file():
                _check_manifest(manifest, partition_size, batch)
            else:
                if any(folder.glob("part-*.parquet")):
                    raise ExportError(f"{folder} holds partition files but no {MANIFEST}: give "
                                      "an empty folder")
                atomic_write_text(manifest, json.dumps(
                    {"partition_size": partition_size, "batch": batch}) + "\n")


def _check_manifest(manifest: Path, partition_size: int, batch: str | None) -> None:
    folder = manifest.parent
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        size, before = data["partition_size"], data.get("batch")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ExportError(f"{manifest} is not a batch manifest") from None
    if size != partition_size:
        raise ExportError(
            f"{folder} holds a batch of partitions of {size} reports: give "
            f"--partition-size {size} to resume it, or an empty folder")
    if before is not None and batch is not None and before != batch:
        raise ExportError(
            f"{folder} holds a batch of other inputs or options: give the same inputs and "
            "options to resume it, or an empty folder")


def partition_files(folder: str | os.PathLike[str]) -> list[Path]:
    """The partition files of a dataset folder, in partition order."""
    return sorted(Path(folder).glob("part-*.parquet"))


def _write(gdf: Any, path: Path) -> None:
    """Write ``gdf`` atomically; text columns typed as strings even when empty or all missing,
    so every file of a dataset has one schema (readers take the first file's)."""
    for c in gdf.columns:
        if c != gdf.geometry.name and gdf[c].dtype == object:
            gdf[c] = gdf[c].astype("string")
    with atomic_path(path) as tmp:
        try:
            gdf.to_parquet(tmp, index=False, compression="zstd", schema_version=None)
        except Exception as exc:
            raise ExportError(f"cannot write GeoParquet {path}: {exc}") from exc


def write_events_file(events: list[Event], path: Path) -> None:
    """Events as GeoParquet, with the columns and types of :mod:`geodata.io.geoparquet`."""
    from geodata.io._common import event_dicts
    from geodata.io.geoparquet import typed_frame

    _write(typed_frame(event_dicts(events)), path)


def write_mentions_file(mentions: list[Mention], path: Path) -> None:
    """Mentions as GeoParquet points (``alternatives`` as JSON text, as in a GeoPackage)."""
    from geodata.io._common import MENTION_KINDS, mention_dicts
    from geodata.io.gpkg import layer_frame

    _write(layer_frame(mention_dicts(mentions), "mentions", MENTION_KINDS, "lon", "lat"), path)


def write_reports_file(reports: list[Report], path: Path) -> None:
    """The reports of a partition (plain Parquet), for the final reduce into a store."""
    import pandas as pd

    rows = [{**r.to_dict(), "id": r.id} for r in reports]
    frame = pd.DataFrame(rows, columns=list(_REPORT_COLUMNS), dtype=object)
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False, compression="zstd")


def read_reports_file(path: Path) -> list[Report]:
    """The reports :func:`write_reports_file` wrote, in order."""
    import pandas as pd

    out = []
    for rec in pd.read_parquet(path).to_dict("records"):
        def opt(key: str, rec: dict[Any, Any] = rec) -> str | None:
            v = rec.get(key)
            return None if v is None else str(v)

        pub = opt("published")
        out.append(Report(id=str(rec["id"]), text=str(rec["text"]),
                          published=date.fromisoformat(pub) if pub else None,
                          title=opt("title"), source=opt("source"), url=opt("url")))
    return out


def read_events_file(path: Path) -> list[Event]:
    from geodata.io.geoparquet import read_parquet

    return read_parquet(path)


def read_mentions_file(path: Path) -> list[Mention]:
    import geopandas as gpd

    from geodata.io._common import to_mention

    try:
        gdf = gpd.read_parquet(path)
    except Exception as exc:
        raise InputError(f"cannot read as GeoParquet: {exc}", str(path)) from None
    cols = [c for c in gdf.columns if c != gdf.geometry.name]
    return [to_mention(rec, f"{path}: row {i}", empty_is_none=False)
            for i, rec in enumerate(gdf[cols].to_dict("records"))]


def read_events_dataset(folder: str | os.PathLike[str]) -> list[Event]:
    """Every event of a batch's events folder, in input order."""
    return [e for p in partition_files(folder) for e in read_events_file(p)]


def read_mentions_dataset(folder: str | os.PathLike[str]) -> list[Mention]:
    """Every mention of a batch's mentions folder, in input order."""
    return [m for p in partition_files(folder) for m in read_mentions_file(p)]
