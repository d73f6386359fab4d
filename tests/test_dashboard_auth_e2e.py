"""Team mode in a real browser: ``streamlit run`` with an accounts file (the environment of
``unrest-atlas dashboard --auth FILE``), driven by headless Chromium through Playwright.

Before sign-in no event data reaches the browser: neither the page nor any websocket frame
Streamlit sends holds a known event's id, place or sentence, even with the event's id in the
URL (``?sel=``). After sign-in the map is drawn and the same frames do carry the event (so the
check above looks where the data would be). A viewer gets no review buttons; an analyst's
verification records the analyst.
"""

from __future__ import annotations

import functools
import time

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_folium")
pytest.importorskip("argon2", reason="argon2-cffi missing: pip install -e '.[team]'")
pytest.importorskip("playwright.sync_api")

from dashboard import auth
from geodata.store.eventstore import EventStore
from geodata.team.auth import Accounts
from tests._browser import BROWSER_MARKS, idle, map_frame, offline_browser, serve
from tests._dashboard_stores import build_store

PW = "a long enough passphrase"

pytestmark = BROWSER_MARKS

_idle = functools.partial(idle, timeout=45)


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
    with serve(store, root, drop=(auth.ENV_OIDC,), **{auth.ENV_AUTH: str(accounts)}) as base:
        yield base, store, ev


@pytest.fixture(scope="module")
def context(tmp_path_factory, playwright):
    """Chromium, every request that is not local aborted."""
    with offline_browser(playwright, tmp_path_factory.mktemp("profile"), height=1400) as (ctx, _):
        yield ctx


class Traffic:
    """Every websocket frame the page receives (Streamlit's protobuf messages)."""

    def __init__(self, page) -> None:
        self.frames: list[bytes] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._add))

    def _add(self, payload) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else str(payload).encode())

    def holds(self, text: str) -> bool:
        return any(text.encode() in f for f in self.frames)


def _map_drawn(page, timeout: float = 60) -> bool:
    try:
        map_frame(page, timeout)
    except AssertionError:
        return False
    return True


def _sign_in(page, name: str) -> None:
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(PW)
    page.get_by_role("button", name="Sign in").click()


def _signed_out(context, url: str):
    """A new page (a new session: signed out) on ``url``, once the sign-in form is shown and
    the script has finished; and the page's websocket traffic from its start."""
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(url)
    page.get_by_role("textbox", name="Password").wait_for()
    _idle(page)
    return page, traffic


def _needles(ev: dict) -> list[str]:
    """Texts of the event that only its data would carry."""
    out = [str(ev["event_id"])]
    notes = str(ev.get("notes") or "")
    if len(notes) > 24:
        out.append(notes[:24])
    return out


def test_no_event_data_before_sign_in_then_the_map(team, context):
    base, _store, ev = team
    page, traffic = _signed_out(context, f"{base}/?sel={ev['event_id']}")
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
    page, traffic = _signed_out(context, f"{base}/audit")
    assert page.get_by_text("Review & audit").count() == 0
    assert not traffic.holds(str(ev["event_id"]))
    _sign_in(page, "bo")
    page.get_by_role("heading", name="Review & audit").wait_for()
    page.get_by_text("Audit trail").first.wait_for()  # the page's body, not only its title
    _idle(page)
    assert page.get_by_text("Audit trail").count()
    page.close()
