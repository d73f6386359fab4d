"""Exception hierarchy of Unrest Atlas.

Every error the library raises on purpose derives from :class:`UnrestAtlasError`, so a caller
can catch one class. Sub-classes say *what* went wrong, in the manner of geopy's
``GeopyError`` family.
"""

from __future__ import annotations

__all__ = [
    "CorrectionError",
    "DataMissingError",
    "ExportError",
    "GazetteerError",
    "GeocoderServiceError",
    "ImportFormatError",
    "InputError",
    "StoreError",
    "UnrestAtlasError",
]


class UnrestAtlasError(Exception):
    """Base class of every error raised by :mod:`geodata`."""


class DataMissingError(UnrestAtlasError):
    """Bundled data (gazetteer index, boundaries, sample store) is absent or unreadable."""


class GazetteerError(UnrestAtlasError):
    """The gazetteer or an analyst's override file is malformed."""


class InputError(UnrestAtlasError):
    """A report file or a line of it cannot be used (binary, not UTF-8, empty, malformed).

    Parameters
    ----------
    message
        What is wrong.
    path
        The file it concerns, if any.
    line
        The 1-based line number, for JSONL input.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")
        self.reason = message


class GeocoderServiceError(UnrestAtlasError):
    """An optional online geocoder failed (timeout, refusal, server error)."""


class StoreError(UnrestAtlasError):
    """The event store cannot be opened or written."""


class CorrectionError(StoreError):
    """A correction names an unknown event or an invalid value."""


class ExportError(UnrestAtlasError):
    """A map or data export cannot be produced."""


class ImportFormatError(UnrestAtlasError):
    """A file given to ``unrest-atlas import`` is not of the named format."""
