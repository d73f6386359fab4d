"""Warm a dashboard that is starting: wait for the server, run the app once, say it is ready.

``unrest-atlas dashboard`` starts this beside Streamlit (``python -m geodata.commands._warm
URL``). It waits for ``/_stcore/health``, then asks for ``/_stcore/script-health-check``
(enabled by the command's ``--server.scriptHealthCheckEnabled true``): Streamlit runs the app
script once in a session of its own, which loads the store, the outlines and the map
libraries into the server's shared caches. The analyst's first page then finds them loaded,
and the terminal says when that is. Standard library only (it starts in milliseconds). When
Streamlit has no such endpoint, or anything fails, nothing is lost: the first page loads the
events itself, as it would without this.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence

__all__ = ["main", "stop_group", "wait_until_up", "warm"]

HEALTH = "/_stcore/health"
SCRIPT_CHECK = "/_stcore/script-health-check"


def _get(url: str, timeout: float) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read(200).decode("utf-8", "replace").strip()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(200).decode("utf-8", "replace").strip()


def wait_until_up(base_url: str, timeout: float = 120.0, poll: float = 0.2,
                  alive: Callable[[], bool] | None = None) -> bool:
    """Whether the Streamlit server at ``base_url`` answers ``/_stcore/health`` with ``ok``
    within ``timeout`` seconds (``False`` at once when ``alive()`` says it has died)."""
    base = base_url.rstrip("/")
    deadline = time.monotonic() + timeout
    while True:
        try:
            status, body = _get(base + HEALTH, timeout=2)
            if status == 200 and body == "ok":
                return True
        except OSError:
            pass
        if (alive is not None and not alive()) or time.monotonic() > deadline:
            return False
        time.sleep(poll)


def stop_group(proc: subprocess.Popen[bytes] | subprocess.Popen[str], grace: float = 10.0) -> None:
    """Stop a server started with ``start_new_session=True`` and its children: SIGTERM to its
    process group, then SIGKILL if it has not ended within ``grace`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def warm(base_url: str, *, start_timeout: float = 120.0, run_timeout: float = 300.0,
         poll: float = 0.2) -> tuple[bool, str, float]:
    """Wait for the server at ``base_url``, then have it run the app once.

    Returns
    -------
    tuple
        ``(ok, message, seconds)``: ``ok`` when the script ran without an error;
        ``message`` is ``"ok"``, ``"error"`` (the script failed: the page will show why),
        ``"timeout"``, ``"not started"`` (no server within ``start_timeout``) or
        ``"unavailable"`` (this Streamlit has no script check); ``seconds`` the run's time.
    """
    base = base_url.rstrip("/")
    if not wait_until_up(base, start_timeout, poll):
        return False, "not started", 0.0
    t0 = time.perf_counter()
    try:
        status, body = _get(base + SCRIPT_CHECK, timeout=run_timeout)
    except OSError as exc:
        return False, "timeout" if "timed out" in str(exc) else "unavailable", 0.0
    seconds = time.perf_counter() - t0
    if status == 404:
        return False, "unavailable", seconds
    return status == 200, body or str(status), seconds


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m geodata.commands._warm URL``: warm, then one line on stderr."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m geodata.commands._warm URL", file=sys.stderr)
        return 2
    url = args[0]
    ok, message, seconds = warm(url)
    if ok:
        print(f"unrest-atlas dashboard: ready at {url} (store loaded in {seconds:.1f} s)",
              file=sys.stderr, flush=True)
    elif message == "error":
        print(f"unrest-atlas dashboard: {url} is up, but the app reported an error: open the "
              "page to see it", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
