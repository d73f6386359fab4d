"""Argument types shared by the sub-commands."""

from __future__ import annotations

import argparse
from collections.abc import Callable

__all__ = ["bounded_int"]


def bounded_int(what: str, lo: int, hi: int) -> Callable[[str], int]:
    """An argparse ``type`` for an integer in ``lo..hi`` that names ``what`` in its errors.

    >>> port = bounded_int("port", 1, 65535)
    >>> port("8502")
    8502
    >>> port("0")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: port must be 1-65535, not 0
    """

    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} {value!r} is not an integer {lo}-{hi}") from None
        if not lo <= n <= hi:
            raise argparse.ArgumentTypeError(f"{what} must be {lo}-{hi}, not {n}")
        return n

    parse.__name__ = what.replace(" ", "_")  # argparse names the type in its messages
    return parse
