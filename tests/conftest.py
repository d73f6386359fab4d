"""Shared fixtures."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The dashboard's frame cache and the online-answer cache of this test run stay out of the
# user's ~/.cache (subprocess servers inherit it).
os.environ.setdefault("UNREST_ATLAS_CACHE", tempfile.mkdtemp(prefix="ua-test-cache-"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed wire report from ../shared/seed (read only; the project holds none of it)."""
    files = sorted((SHARED / "seed").glob("*.txt")) if (SHARED / "seed").is_dir() else []
    if not files:
        pytest.skip("../shared/seed is absent")
    return files[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gazetteer():
    from geodata.places.gazetteer import Gazetteer
    from geodata.settings import DATA_DIR

    if not (DATA_DIR / "gazetteer.sqlite").exists():
        pytest.skip("gazetteer index not built (python tools/build_gazetteer.py)")
    return Gazetteer(DATA_DIR / "gazetteer.sqlite")


@pytest.fixture(scope="module")
def gp(gazetteer):
    """A geoparser over the bundled gazetteer (one per test module, as each had its own)."""
    from geodata.places.geoparse import Geoparser

    return Geoparser(gazetteer)


@pytest.fixture(scope="session")
def playwright():
    """One Playwright driver per test process, shared by every browser test (two sync
    drivers alive at once in one process refuse to start)."""
    api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)")
    pw = api.sync_playwright().start()
    yield pw
    pw.stop()
