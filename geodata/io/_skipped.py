"""What a run over many reports says about the ones it skips: one line each on stderr
(``skipped: FILE:LINE: why``, ``warning: ...``), printed once, as the run goes on. Shared by
``geocode`` and ``batch``, so both speak alike.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from geodata.exceptions import InputError

__all__ = ["SkipReporter", "not_processed"]


def not_processed(report_id: str, exc: BaseException) -> str:
    """The reason given for a report that failed while it was processed.

    >>> not_processed("r1", ValueError("bad"))
    "report 'r1' not processed: ValueError: bad"
    """
    return f"report {report_id!r} not processed: {type(exc).__name__}: {exc}"


class SkipReporter:
    """Prints each problem of a run once, and each warning once.

    ``problems`` and ``warnings`` are the lists the reader fills
    (:func:`geodata.io.reports.read_reports`); the reporter prints what has been added to them
    since its last :meth:`say`, with any further problems passed to it. Every problem printed
    is appended to ``record`` (as text); with ``quiet`` nothing is printed.

    >>> problems, warnings = [InputError("empty", "a.jsonl", 3)], []
    >>> r = SkipReporter(problems, warnings, file=sys.stdout)
    >>> r.say(["report 'x' not processed: KeyError: 'text'"])
    skipped: a.jsonl:3: empty
    skipped: report 'x' not processed: KeyError: 'text'
    2
    >>> r.say()
    0
    """

    def __init__(self, problems: list[InputError], warnings: list[InputError], *,
                 quiet: bool = False, record: list[str] | None = None,
                 file: TextIO | None = None) -> None:
        self.problems, self.warnings, self.quiet = problems, warnings, quiet
        self.record: list[str] = [] if record is None else record
        self._file = file
        self._said = 0

    def say(self, extra: Iterable[str] = ()) -> int:
        """Print the problems not printed yet, then ``extra``, then the warnings not printed
        yet; the number of problems printed."""
        new = [str(p) for p in self.problems[self._said:]] + list(extra)
        self._said = len(self.problems)
        out = self._file or sys.stderr  # (looked up now: tests replace sys.stderr)
        for text in new:
            self.record.append(text)
            if not self.quiet:
                print(f"skipped: {text}", file=out)
        for w in self.warnings:
            if not self.quiet:
                print(f"warning: {w}", file=out)
        self.warnings.clear()
        return len(new)
