"""Team mode in a real browser: ``streamlit run`` with an accounts file (the environment of
``unrest-atlas dashboard --auth FILE``), driven by headless Chromium through Playwright.

Before sign-in no event data reaches the browser: neither the page nor any websocket frame
Streamlit sends holds a known event's id, place or sentence, even with the event's id in the
URL (``?sel=``). After sign-in the map is drawn and the same frames do carry the event (so the
check above looks where the data would be). A viewer gets no review buttons; an analyst's
verification records the analyst.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_folium")
pytest.importorskip("argon2", reason="argon2-cffi missing: pip install -e '.[team]'")
pytest.importorskip("playwright.sync_api")

from dashboard import APP_PATH, auth, data
from geodata.commands._warm import wait_until_up
from geodata.commands.dashboard import build_command
from geodata.store.eventstore import EventStore
from geodata.team.auth import Accounts
from tests._dashboard_stores import build_store

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
PW = "a long enough passphrase"
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("dashboard-browser"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """A store, an accounts file (an analyst and a viewer) and the app serving them in team
    mode on 127.0.0.1; yields ``(base URL, store, a known event)``."""
    root = tmp_path_factory.mktemp("team-e2e")
    store = build_store(root / "store.gpkg")
    accounts = root / "team-auth.json"
    acc = Accounts(accounts)
    acc.add("ana", "analyst", PW)
    acc.add("bo", "viewer", PW)
    with EventStore.open_readonly(store) as s:
        ev = s.events(date_from="2022-01-01", limit=1).iloc[0].to_dict()
    port = _free_port()
    env = {**os.environ, data.ENV_STORE: str(store), data.ENV_DATA_HOME: str(root),
           auth.ENV_AUTH: str(accounts),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop(data.ENV_READONLY, None)
    env.pop(auth.ENV_OIDC, None)
    log = (root / "streamlit.log").open("w")
    proc = subprocess.Popen([*build_command(APP_PATH, port), "--server.fileWatcherType", "none"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_up(base, timeout=60, poll=0.25, alive=lambda: proc.poll() is None):
            log.flush()
            pytest.fail("streamlit did not start:\n" + (root / "streamlit.log").read_text())
        yield base, store, ev
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        log.close()


@pytest.fixture(scope="module")
def context(tmp_path_factory, playwright):
    """Chromium, every request that is not local aborted."""
    ctx = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("profile")), executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--no-first-run",
              "--disable-background-networking", "--disable-component-update"],
        viewport={"width": 1440, "height": 1400})
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL) else r.abort())
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


class Traffic:
    """Every websocket frame the page receives (Streamlit's protobuf messages)."""

    def __init__(self, page) -> None:
        self.frames: list[bytes] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._add))

    def _add(self, payload) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else str(payload).encode())

    def holds(self, text: str) -> bool:
        return any(text.encode() in f for f in self.frames)


def _idle(page, timeout: float = 45) -> None:
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


def _map_drawn(page, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    loc = page.locator('iframe[title="streamlit_folium.st_folium"]')
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            fr = loc.first.element_handle(timeout=1000).content_frame()
            if fr is not None and fr.evaluate("() => !!(window.map && window.map._loaded)"):
                return True
        time.sleep(0.25)
    return False


def _sign_in(page, name: str) -> None:
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(PW)
    page.get_by_role("button", name="Sign in").click()


def _needles(ev: dict) -> list[str]:
    """Texts of the event that only its data would carry."""
    out = [str(ev["event_id"])]
    notes = str(ev.get("notes") or "")
    if len(notes) > 24:
        out.append(notes[:24])
    return out


def test_no_event_data_before_sign_in_then_the_map(team, context):
    base, _store, ev = team
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(f"{base}/?sel={ev['event_id']}")
    page.get_by_role("textbox", name="Password").wait_for()
    _idle(page)
    time.sleep(1.0)  # anything still on its way arrives
    assert traffic.frames, "no websocket traffic seen"
    html = page.content()
    for needle in _needles(ev):
        assert needle not in html, needle
        assert not traffic.holds(needle), f"{needle!r} sent before sign-in"
    assert page.locator('iframe[title="streamlit_folium.st_folium"]').count() == 0
    assert page.locator('[data-testid="stMetric"]').count() == 0
    # a wrong password: still nothing
    page.get_by_role("textbox", name="Name").fill("ana")
    page.get_by_role("textbox", name="Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("wrong name or password").wait_for()
    _idle(page)
    assert not any(traffic.holds(n) for n in _needles(ev))
    # signed in: the map, and the event (selected by the URL) in the traffic
    _sign_in(page, "ana")
    assert _map_drawn(page), "no map after sign-in"
    _idle(page)
    assert traffic.holds(str(ev["event_id"]))  # the check above looks where data goes
    assert page.get_by_text("Signed in as").count() == 1
    assert page.get_by_label("Your name (for the audit trail)").count() == 0
    page.close()


def test_viewer_has_no_review_buttons_and_analyst_is_recorded(team, context):
    base, store, ev = team
    eid = str(ev["event_id"])
    page = context.new_page()
    page.goto(f"{base}/?sel={eid}")
    _sign_in(page, "bo")
    assert _map_drawn(page)
    _idle(page)
    assert page.get_by_role("button", name="✔ Verify").count() == 0
    page.close()
    page = context.new_page()  # a new browser session: signed out
    page.goto(f"{base}/?sel={eid}")
    _sign_in(page, "ana")
    assert _map_drawn(page)
    _idle(page)
    page.get_by_role("button", name="✔ Verify").click()
    page.get_by_text(f"Event {eid} marked verified").wait_for()
    with EventStore.open_readonly(store) as s:
        assert s.audit(eid)["who"].tolist()[-1] == "ana"
    page.close()


def test_a_deep_link_waits_for_sign_in_then_opens_its_page(team, context):
    base, _store, ev = team
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(f"{base}/audit")
    page.get_by_role("textbox", name="Password").wait_for()
    _idle(page)
    assert page.get_by_text("Review & audit").count() == 0
    assert not traffic.holds(str(ev["event_id"]))
    _sign_in(page, "bo")
    page.get_by_role("heading", name="Review & audit").wait_for()
    page.get_by_text("Audit trail").first.wait_for()  # the page's body, not only its title
    _idle(page)
    assert page.get_by_text("Audit trail").count()
    page.close()
