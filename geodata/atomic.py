"""Atomic file output: write beside the target, then rename; never leave half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_path", "atomic_write_text"]


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces ``target``.

    On an exception the temporary file is removed and ``target`` is left as it was.
    The temporary name keeps the target's suffix, so drivers that look at it (GDAL) work.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    tmp_path.unlink()  # let the writer create it (GDAL refuses to overwrite some formats)
    try:
        yield tmp_path
        os.replace(tmp_path, target)
    except BaseException:
        for p in (tmp_path, *tmp_path.parent.glob(tmp_path.name + "*")):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        raise


def atomic_write_text(target: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
