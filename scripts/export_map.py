#!/usr/bin/env python3
"""Export a briefing map: the same code path as ``unrest-atlas export-map`` (see its --help)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geodata.cli import main

if __name__ == "__main__":
    sys.exit(main(["export-map", *sys.argv[1:]]))
