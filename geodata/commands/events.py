"""``unrest-atlas events``: the older name of ``unrest-atlas export-events``.

    unrest-atlas events --store unrest.gpkg --from 2022-01-01 --to 2022-01-31 \\
        --type Riots --type Protests --min-severity 3 --country KZ --out riots.geojson

Same options, same code, same files as :mod:`geodata.commands.export_events`.
"""

from __future__ import annotations

import argparse

from geodata.commands import export_events

__all__ = ["register", "run"]

run = export_events.run


def register(subparsers: argparse._SubParsersAction, name: str) -> None:  # type: ignore[type-arg]
    """Add the ``events`` sub-command (an alias of ``export-events``)."""
    export_events.register(subparsers, name, alias_of="export-events")
