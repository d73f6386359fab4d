"""Deprecated alias of :mod:`geodata.atomic` (kept while in-flight work moves over)."""

from geodata.atomic import *  # noqa: F403
from geodata.atomic import __all__  # noqa: F401
