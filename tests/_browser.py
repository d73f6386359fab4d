"""The dashboard in a real browser, for the end-to-end tests: ``streamlit run`` on a free
loopback port (the flags of ``unrest-atlas dashboard``), and Debian's headless Chromium through
Playwright with every request that is not local aborted and recorded.

Import it after the test module's ``pytest.importorskip`` lines (it imports the dashboard).
``BROWSER_MARKS`` is the ``pytestmark`` of such a module: the browser marker, one xdist group
for them all, and the skip when Chromium is missing.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard import APP_PATH, data
from geodata.commands._warm import stop_group, wait_until_up
from geodata.commands.dashboard import build_command

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
#: The URL prefixes a page may reach: the local server and the browser's own schemes.
LOCAL = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost", "data:",
         "blob:", "about:")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.xdist_group("dashboard-browser"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(store: Path, home: Path, *, drop: Iterable[str] = (), **env_extra: str) -> Iterator[str]:
    """The app under ``streamlit run`` on a free port, on ``store``, with ``home`` as its data
    home (and its log, ``streamlit.log``); ``env_extra`` added to its environment and the
    variables named in ``drop`` taken out. Yields its base URL; kills it at the end."""
    port = free_port()
    env = {**os.environ, data.ENV_STORE: str(store), data.ENV_DATA_HOME: str(home),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **env_extra}
    for name in (data.ENV_READONLY, *drop):
        env.pop(name, None)
    log = (home / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [*build_command(APP_PATH, port), "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_up(base, timeout=60, poll=0.25, alive=lambda: proc.poll() is None):
            log.flush()
            pytest.fail("streamlit did not start:\n" + (home / "streamlit.log").read_text())
        yield base
    finally:
        stop_group(proc)
        log.close()


@contextlib.contextmanager
def offline_browser(playwright: Any, profile: Path, *, height: int) -> Iterator[tuple[Any, list[str]]]:
    """Chromium with the fresh profile ``profile`` (a 1440 x ``height`` viewport); every
    request that is not :data:`LOCAL` is aborted and its URL recorded. Yields ``(the
    browser context, the recorded URLs)``; closes it at the end."""
    blocked: list[str] = []
    ctx = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1440, "height": height})

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(LOCAL):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    ctx.route("**/*", route)
    ctx.set_default_timeout(30_000)
    try:
        yield ctx, blocked
    finally:
        ctx.close()


def idle(page: Any, timeout: float = 30) -> None:
    """Wait until Streamlit has finished running the script."""
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        status = page.locator('[data-testid="stStatusWidget"]')
        quiet = 0 if status.count() > 0 and status.is_visible() else quiet + 1
        if quiet >= 4:
            return
        time.sleep(0.15)
    raise AssertionError("the app kept running")


def map_frame(page: Any, timeout: float = 30) -> Any:
    """The st_folium iframe, once its Leaflet map exists."""
    deadline = time.monotonic() + timeout
    loc = page.locator('iframe[title="streamlit_folium.st_folium"]')
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            # (page.frames misses this out-of-process frame with Debian's chromium)
            fr = loc.first.element_handle(timeout=1000).content_frame()
            if fr is not None and fr.evaluate(
                    "() => !!(window.map && window.L && window.map._loaded)"):
                return fr
        time.sleep(0.2)
    raise AssertionError("no map drawn")
