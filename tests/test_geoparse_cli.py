"""The geocode command's research options reach the geoparser."""

from __future__ import annotations

import csv
from pathlib import Path

from geodata.cli import main


def _mentions(tmp_path: Path, *opts: str) -> list[str]:
    src = tmp_path / "r1.txt"
    src.write_text("Russian troops left the US Army base near Almaty on Monday.", encoding="utf-8")
    out = tmp_path / f"m{len(opts)}.csv"
    assert main(["geocode", str(src), "--mentions", str(out), "--no-progress", *opts]) == 0
    with out.open(encoding="utf-8", newline="") as fh:
        return [r["mention"] for r in csv.DictReader(fh)]


def test_research_options_off_by_default(tmp_path: Path) -> None:
    assert _mentions(tmp_path) == ["Almaty"]


def test_include_demonyms_and_embedded(tmp_path: Path) -> None:
    assert _mentions(tmp_path, "--include-demonyms") == ["Russian", "Almaty"]
    assert _mentions(tmp_path, "--include-demonyms", "--include-embedded") == ["Russian", "US", "Almaty"]
