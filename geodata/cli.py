"""The ``unrest-atlas`` command line.

Each sub-command lives in its own module under :mod:`geodata.commands` with two functions,
``register(subparsers)`` and ``run(args) -> int``. ``scripts/*.py`` call the same
:func:`main`, so there is one code path.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import signal
import sys
import threading
from collections.abc import Iterator, Sequence

from geodata.exceptions import UnrestAtlasError

__all__ = ["build_parser", "main"]

#: Sub-command name -> module in geodata.commands (imported lazily: start-up stays fast).
COMMANDS: dict[str, str] = {
    "geocode": "geocode",
    "batch": "batch",
    "events": "events",
    "dashboard": "dashboard",
    "export-map": "export_map",
    "export-events": "export_events",
    "import": "import_",
    "gazetteer": "gazetteer",
    "store": "store",
    "users": "users",
}


def _available() -> dict[str, str]:
    out = {}
    for name, mod in COMMANDS.items():
        spec = importlib.util.find_spec(f"geodata.commands.{mod}")
        if spec is not None:
            out[name] = mod
    return out


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that sub-command is registered."""
    parser = argparse.ArgumentParser(
        prog="unrest-atlas",
        description="Offline geoparsing and mapping of civil-unrest reports.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, mod in _available().items():
        if only is not None and name != only:
            sub.add_parser(name, help=f"see 'unrest-atlas {name} --help'", add_help=False)
            continue
        module = importlib.import_module(f"geodata.commands.{mod}")
        module.register(sub, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command if command in COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return 2
    with _terminate_as_interrupt():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except UnrestAtlasError as exc:
        print(f"unrest-atlas {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: partial output files were removed", file=sys.stderr)
        return 130


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM handled as Ctrl-C while a command runs, so temporary files are removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
