"""Atomic file output: write beside the target, then rename; never leave half a file."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["atomic_path", "atomic_write_text", "check_output", "remove_stale_parts"]


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces ``target``.

    On an exception the temporary file is removed and ``target`` is left as it was.
    The temporary name keeps the target's suffix, so drivers that look at it (GDAL) work.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.{os.getpid()}.", suffix=f".part{target.suffix}",
                               dir=target.parent)
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


def remove_stale_parts(target: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files that killed writers of ``target`` left behind.

    A temporary file is named ``.STEM.PID.RANDOM.partSUFFIX``; it is stale when no process
    with that id runs (a writer killed with SIGKILL cannot clean up after itself). Files of
    live processes (a concurrent writer) are left alone. Returns the files removed.
    """
    target = Path(target)
    removed = []
    for part in target.parent.glob(f".{glob.escape(target.stem)}.*.part{glob.escape(target.suffix)}*"):
        pid_text = part.name[len(target.stem) + 2:].split(".", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            part.unlink()
            removed.append(part)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def atomic_write_text(target: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def check_output(
    path: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    others: Iterable[str | os.PathLike[str] | None] = (),
    what: str = "output",
) -> Path:
    """``path`` as a safe target for :func:`atomic_path`, or a clear error.

    Refused: a path that is one of ``inputs`` (or a report file inside an input folder), one
    of ``others`` (the store, the other outputs), or that exists and is not a regular file
    (a folder, FIFO, device or symbolic link: the rename would replace it).

    Raises
    ------
    ExportError
        What is wrong with ``path``.

    >>> check_output("/tmp/x.geojson", others=["/tmp/x.geojson"])
    Traceback (most recent call last):
    ...
    geodata.exceptions.ExportError: output /tmp/x.geojson is also another input or output of this command
    """
    from geodata.exceptions import ExportError

    p = Path(path)
    target = p.resolve()
    if p.is_symlink():
        raise ExportError(f"{what} {p} is a symbolic link: give the file it points to")
    if p.exists() and not p.is_file():
        raise ExportError(f"{what} {p} exists and is not a regular file (a folder, FIFO or "
                          "device): give a file path")
    for other in others:
        if other is not None and Path(other).resolve() == target:
            raise ExportError(f"{what} {p} is also another input or output of this command")
    for item in inputs:
        if str(item) == "-":
            continue
        src = Path(item).resolve()
        if src == target or (src.is_dir() and target.is_relative_to(src)
                             and target.suffix.lower() in (".txt", ".jsonl")):
            raise ExportError(f"{what} {p} would overwrite the input {item}")
    return p
