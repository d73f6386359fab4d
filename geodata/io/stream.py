"""Streaming output: events or mentions written as they are made, one report at a time.

:class:`OutputStream` writes the same files as :func:`geodata.io.files.write_events` and
:func:`~geodata.io.files.write_mentions` (GeoJSON, CSV, GeoPackage), but piece by piece, so
memory is bounded by one report, not by the input. The file is built beside the target and
renamed into place when the stream closes cleanly; on an error (or Ctrl-C) the partial file
is removed and an existing target is left as it was.

>>> from geodata.io.stream import OutputStream
>>> with OutputStream("events.geojson", "events") as out:   # doctest: +SKIP
...     for result in results:
...         out.add(result.events)
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

from geodata.atomic import atomic_path
from geodata.exceptions import ExportError
from geodata.io._common import (
    EVENT_KINDS,
    MENTION_COLUMNS,
    MENTION_KINDS,
    cell,
    event_dicts,
    mention_dicts,
)
from geodata.io.acled_csv import EVENT_CSV_COLUMNS, FORMULA_STARTS, acled_row, neutralise
from geodata.io.files import format_for
from geodata.io.geojson import event_features, mention_features

__all__ = ["OutputStream"]

#: Rows buffered before a GeoPackage append (one append per batch, not per report).
GPKG_BATCH = 5000


class OutputStream:
    """A file of events or mentions written as they come.

    Parameters
    ----------
    path
        The output file.
    what
        ``"events"`` or ``"mentions"``.
    fmt
        ``geojson``, ``csv`` or ``gpkg``; default from the suffix (an unknown one is refused).
    raw_csv
        CSV cells verbatim (default: formula-like cells neutralised, see
        :func:`geodata.io.acled_csv.neutralise`).
    """

    def __init__(self, path: str | os.PathLike[str], what: Literal["events", "mentions"],
                 fmt: str | None = None, *, raw_csv: bool = False) -> None:
        self.path = Path(path)
        self.what = what
        self.format = format_for(self.path, fmt)
        self.raw_csv = raw_csv
        self.count = 0
        self._stack = contextlib.ExitStack()
        self._fh: IO[str] | None = None
        self._csv: Any = None
        self._tmp: Path | None = None
        self._batch: list[dict[str, Any]] = []
        self._gpkg_written = False

    def __enter__(self) -> OutputStream:
        self._tmp = self._stack.enter_context(atomic_path(self.path))
        if self.format == "geojson":
            self._fh = self._stack.enter_context(self._tmp.open("w", encoding="utf-8", newline="\n"))
            self._fh.write('{"type": "FeatureCollection", "features": [\n')
        elif self.format == "csv":
            self._fh = self._stack.enter_context(self._tmp.open("w", encoding="utf-8", newline=""))
            self._csv = csv.writer(self._fh)
            self._csv.writerow(EVENT_CSV_COLUMNS if self.what == "events" else MENTION_COLUMNS)
        return self

    def add(self, items: Iterable[Any]) -> None:
        """Write events (or mentions): :class:`~geodata.model.Event` objects or mappings."""
        rows = event_dicts(items) if self.what == "events" else mention_dicts(items)
        if not rows:
            return
        try:
            if self.format == "geojson":
                self._add_geojson(rows)
            elif self.format == "csv":
                self._add_csv(rows)
            else:
                self._batch.extend(rows)
                if len(self._batch) >= GPKG_BATCH:
                    self._flush_gpkg()
        except OSError as exc:
            raise ExportError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        self.count += len(rows)

    def _add_geojson(self, rows: list[dict[str, Any]]) -> None:
        assert self._fh is not None
        feats = event_features(rows) if self.what == "events" else mention_features(rows)
        for i, feat in enumerate(feats, self.count):
            if i:
                self._fh.write(",\n")
            try:
                self._fh.write(json.dumps(feat, ensure_ascii=False, allow_nan=False, default=str))
            except ValueError as exc:
                raise ExportError(f"feature {i} cannot be written as JSON: {exc}") from None

    def _add_csv(self, rows: list[dict[str, Any]]) -> None:
        if self.what == "events":
            lines = [acled_row(r) for r in rows]
        else:
            lines = [[cell(json.dumps(r[c], ensure_ascii=False) if c == "alternatives" else r.get(c))
                      for c in MENTION_COLUMNS] for r in rows]
        if not self.raw_csv:
            lines = [[neutralise(c) if c.startswith(FORMULA_STARTS) else c for c in line]
                     for line in lines]
        self._csv.writerows(lines)

    def _flush_gpkg(self, final: bool = False) -> None:
        import pyogrio

        from geodata.io.gpkg import layer_frame

        if not self._batch and (self._gpkg_written or not final):
            return
        kinds = EVENT_KINDS if self.what == "events" else MENTION_KINDS
        lon, lat = ("longitude", "latitude") if self.what == "events" else ("lon", "lat")
        gdf = layer_frame(self._batch, self.what, kinds, lon, lat)
        try:
            pyogrio.write_dataframe(gdf, self._tmp, layer=self.what, driver="GPKG",
                                    geometry_type="Point", append=self._gpkg_written)
        except Exception as exc:
            raise ExportError(f"cannot write GeoPackage {self.path}: {exc}") from exc
        self._gpkg_written = True
        self._batch = []

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            try:
                if self.format == "geojson" and self._fh is not None:
                    self._fh.write("\n]}\n")
                elif self.format == "gpkg":
                    self._flush_gpkg(final=True)
            except BaseException as err:
                self._stack.__exit__(type(err), err, err.__traceback__)
                raise
        self._stack.__exit__(exc_type, exc, tb)
