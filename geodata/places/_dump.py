"""GeoNames dump files: found in a folder, or downloaded to a cache (resumable, verified).

The files are those of https://download.geonames.org/export/dump/ under their own names.
A download is resumed with an HTTP ``Range`` request (``If-Range`` guards against a file the
server regenerated meanwhile), its size is checked against what the server announced, and
its SHA-256 against a ``SHA256SUMS`` list when the source publishes one (a mirror may) or the
user gives one. A finished file is recorded beside itself (``NAME.sha256``) and reused
without asking the server again, after its checksum is re-verified. Reading streams lines
out of the zip (bounded memory); zip CRCs are checked as each member is read to its end.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import io
import json
import re
import time
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..exceptions import DataMissingError, GazetteerError

__all__ = [
    "GEONAMES_URL",
    "DumpFile",
    "download",
    "iter_lines",
    "locate",
    "read_checksums",
    "sha256_of",
]

#: Where GeoNames publishes its daily dump.
GEONAMES_URL = "https://download.geonames.org/export/dump/"

#: Logical file -> accepted file names, in order of preference (a zip or the text inside it).
FILES: dict[str, tuple[str, ...]] = {
    "allCountries": ("allCountries.zip", "allCountries.txt"),
    "alternateNames": ("alternateNamesV2.zip", "alternateNamesV2.txt",
                       "alternateNames.zip", "alternateNames.txt"),
    "admin1": ("admin1CodesASCII.txt",),
    "admin2": ("admin2Codes.txt",),
    "countryInfo": ("countryInfo.txt",),
    "hierarchy": ("hierarchy.zip", "hierarchy.txt"),
}
REQUIRED = ("allCountries", "admin1", "countryInfo")
#: What a download fetches (hierarchy.zip is optional and not used by the index).
DOWNLOADED = ("allCountries", "alternateNames", "admin1", "admin2", "countryInfo")

_CHUNK = 1 << 20
Progress = Callable[[str, int | None], Callable[[int], None]]


@dataclass(frozen=True)
class DumpFile:
    """One dump file ready to read."""

    logical: str
    path: Path
    origin: str  # the URL it came from, or the folder it was found in
    size: int
    sha256: str


def _no_progress(_label: str, _total: int | None) -> Callable[[int], None]:
    return lambda _n: None


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def read_checksums(text: str) -> dict[str, str]:
    """Parse ``sha256sum`` output (``HEX  NAME`` lines) into {file name: hex}."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = re.match(r"^([0-9a-fA-F]{64})\s+\*?(\S.*)$", line.strip())
        if m:
            out[Path(m.group(2).strip()).name] = m.group(1).lower()
    return out


def is_url(source: str) -> bool:
    """Whether a ``--from`` value is a URL (else a folder)."""
    return bool(re.match(r"^https?://", source))


def locate(
    source: str | None,
    cache_dir: Path,
    *,
    checksums: dict[str, str] | None = None,
    user_agent: str = "unrest-atlas",
    refresh: bool = False,
    progress: Progress = _no_progress,
    delay: float = 1.0,
) -> dict[str, DumpFile]:
    """The dump files to build from: {logical name: file}.

    Parameters
    ----------
    source
        A folder holding the files, or a base URL to download them from (``None``: GeoNames).
    cache_dir
        Where downloads are kept (resumed and reused from here).
    checksums
        Expected SHA-256 by file name; merged with the source's ``SHA256SUMS`` when it has one.
    refresh
        Download again even when a verified copy is in the cache.
    delay
        Seconds between two requests to the server (be gentle with a free service).

    Raises
    ------
    DataMissingError
        A required file is absent from the folder.
    GazetteerError
        A download failed, was short, or its checksum differs.
    """
    if source is None or is_url(source):
        base = (source or GEONAMES_URL).rstrip("/") + "/"
        return _fetch_all(base, cache_dir, dict(checksums or {}), user_agent, refresh, progress, delay)
    folder = Path(source).expanduser()
    if not folder.is_dir():
        raise DataMissingError(f"{folder}: not a folder (give a folder of GeoNames dump files or a URL)")
    sums = dict(checksums or {})
    if (folder / "SHA256SUMS").is_file():
        sums = {**read_checksums((folder / "SHA256SUMS").read_text(encoding="utf-8")), **sums}
    found: dict[str, DumpFile] = {}
    for logical, names in FILES.items():
        path = next((folder / n for n in names if (folder / n).is_file()), None)
        if path is None:
            if logical in REQUIRED:
                raise DataMissingError(f"{folder}: {' or '.join(names)} is missing")
            continue
        digest = sha256_of(path)
        want = sums.get(path.name)
        if want and want != digest:
            raise GazetteerError(f"{path}: SHA-256 {digest} differs from the expected {want}")
        found[logical] = DumpFile(logical, path, str(folder), path.stat().st_size, digest)
    return found


def _fetch_all(
    base: str, cache_dir: Path, sums: dict[str, str], user_agent: str, refresh: bool,
    progress: Progress, delay: float,
) -> dict[str, DumpFile]:
    cache_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(urllib.error.HTTPError, urllib.error.URLError, TimeoutError):
        req = urllib.request.Request(base + "SHA256SUMS", headers={"User-Agent": user_agent})
        with urllib.request.urlopen(req, timeout=30) as resp:
            sums = {**read_checksums(resp.read().decode("utf-8", "replace")), **sums}
        time.sleep(delay)
    out: dict[str, DumpFile] = {}
    for logical in DOWNLOADED:
        name = FILES[logical][0]
        out[logical] = download(base + name, cache_dir / name, expected=sums.get(name),
                                user_agent=user_agent, refresh=refresh, progress=progress)
        out[logical] = DumpFile(logical, out[logical].path, base + name, out[logical].size,
                                out[logical].sha256)
        time.sleep(delay)
    return out


def _cached(dest: Path, expected: str | None) -> DumpFile | None:
    """A finished, still intact download, or None."""
    rec = dest.with_name(dest.name + ".sha256")
    if not (dest.is_file() and rec.is_file()):
        return None
    try:
        info = json.loads(rec.read_text(encoding="utf-8"))
    except ValueError:
        return None
    digest = sha256_of(dest)
    if digest != info.get("sha256") or (expected and digest != expected):
        return None
    return DumpFile("", dest, str(info.get("url", "")), dest.stat().st_size, digest)


def download(
    url: str,
    dest: Path,
    *,
    expected: str | None = None,
    user_agent: str = "unrest-atlas",
    refresh: bool = False,
    progress: Progress = _no_progress,
    timeout: float = 60.0,
) -> DumpFile:
    """Download ``url`` to ``dest``, resuming a partial ``dest.part``; verify and record it.

    Raises
    ------
    GazetteerError
        The server refused, the transfer ended short, or the SHA-256 differs from ``expected``
        (the partial file is then removed, so the next attempt starts afresh).
    """
    if not refresh:
        hit = _cached(dest, expected)
        if hit is not None:
            return hit
    part = dest.with_name(dest.name + ".part")
    state_path = dest.with_name(dest.name + ".part.json")
    state = _load_state(state_path, url) if part.exists() else {}
    have = part.stat().st_size if state else 0
    if refresh and not state:
        part.unlink(missing_ok=True)
    try:
        total = _transfer(url, part, state_path, state, have, user_agent, progress, timeout)
    except urllib.error.HTTPError as exc:
        raise GazetteerError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise GazetteerError(f"{url}: download interrupted ({reason}); run again to resume") from None
    size = part.stat().st_size
    if total is not None and size != total:
        raise GazetteerError(f"{url}: got {size:,} of {total:,} bytes; run again to resume")
    digest = sha256_of(part)
    if expected and digest != expected.lower():
        part.unlink(missing_ok=True)
        state_path.unlink(missing_ok=True)
        raise GazetteerError(f"{url}: SHA-256 {digest} differs from the expected {expected}; "
                             "the download was discarded")
    part.replace(dest)
    rec = {"url": url, "sha256": digest, "size": size, "etag": state.get("etag"),
           "last_modified": state.get("last_modified"), "fetched": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                               time.gmtime())}
    dest.with_name(dest.name + ".sha256").write_text(json.dumps(rec, indent=1), encoding="utf-8")
    state_path.unlink(missing_ok=True)
    return DumpFile("", dest, url, size, digest)


def _load_state(path: Path, url: str) -> dict[str, str | int | None]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("url") == url else {}


def _transfer(
    url: str, part: Path, state_path: Path, state: dict[str, str | int | None], have: int,
    user_agent: str, progress: Progress, timeout: float,
) -> int | None:
    """Fetch the rest of ``url`` into ``part``; returns the full size the server announced."""
    headers = {"User-Agent": user_agent, "Accept-Encoding": "identity"}
    if have:
        headers["Range"] = f"bytes={have}-"
        validator = state.get("etag") or state.get("last_modified")
        if validator:
            headers["If-Range"] = str(validator)
    try:
        resp = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code != 416 or not have:
            raise
        known = state.get("total")
        if isinstance(known, int) and known == have:
            return have  # the part file was already complete
        part.unlink(missing_ok=True)  # the server no longer has that range: start afresh
        resp = urllib.request.urlopen(
            urllib.request.Request(url, headers={"User-Agent": user_agent}), timeout=timeout)
        have = 0
    total: int | None
    with resp:
        if resp.status == 206:
            m = re.match(r"bytes (\d+)-\d+/(\d+|\*)", resp.headers.get("Content-Range", ""))
            if not m or int(m.group(1)) != have:
                raise GazetteerError(f"{url}: the server answered an unexpected range")
            total = int(m.group(2)) if m.group(2) != "*" else None
            mode = "ab"
        else:
            have = 0
            length = resp.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            mode = "wb"
        new_state = {"url": url, "etag": resp.headers.get("ETag"),
                     "last_modified": resp.headers.get("Last-Modified"), "total": total}
        state.clear()
        state.update(new_state)
        state_path.write_text(json.dumps(new_state), encoding="utf-8")
        tick = progress(f"download {part.name[:-5]}", total)
        tick(have)
        with part.open(mode) as fh:
            for block in iter(lambda: resp.read1(_CHUNK), b""):
                fh.write(block)
                tick(len(block))
    return total


def _member(zf: zipfile.ZipFile, stem: str) -> zipfile.ZipInfo:
    infos = [i for i in zf.infolist() if not i.is_dir()]
    for info in infos:
        if Path(info.filename).stem == stem:
            return info
    txt = [i for i in infos if i.filename.endswith(".txt") and "languagecodes" not in i.filename]
    if not txt:
        raise GazetteerError(f"{zf.filename}: no data file inside")
    return txt[0]


@contextlib.contextmanager
def _binary_lines(path: Path) -> Iterator[tuple[io.BufferedIOBase, int]]:
    if path.suffix.lower() != ".zip":
        with path.open("rb") as fh:
            yield fh, path.stat().st_size
        return
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise GazetteerError(f"{path}: not a readable zip ({exc})") from None
    with zf:
        info = _member(zf, path.stem)
        with zf.open(info) as fh:
            yield fh, info.file_size  # type: ignore[misc]


def iter_lines(path: Path, tick: Callable[[int], None] | None = None) -> Iterator[str]:
    """Lines of a dump file (a .txt, or the data file inside a .zip), without the newline.

    Comment lines (``#``) and blank lines are skipped. ``tick`` is called with (approximate)
    byte counts, for progress.

    Raises
    ------
    GazetteerError
        The zip is corrupt (bad header, truncated, or a CRC mismatch at the end).
    """
    try:
        with _binary_lines(path) as (fh, _size):
            buffered = io.BufferedReader(fh, _CHUNK)
            text = io.TextIOWrapper(buffered, encoding="utf-8", errors="replace", newline="\n")
            n = 0
            for line in text:
                n += len(line)
                if n >= _CHUNK and tick is not None:
                    tick(n)
                    n = 0
                if line[:1] == "#" or not line.strip():
                    continue
                yield line.rstrip("\r\n")
            if tick is not None:
                tick(n)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise GazetteerError(f"{path}: corrupt or truncated ({exc})") from None


def member_size(path: Path) -> int:
    """Uncompressed size of a dump file (for progress)."""
    with _binary_lines(path) as (_fh, size):
        return size

