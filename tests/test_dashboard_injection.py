"""Markdown injection (issue 15, point 5): values from a shared link (``?sel=``, ``?actor=``,
``?q=``, ``?src=``, ``?region=``) and stored source and actor names are shown as text: no
attacker's link, no remote image fetched, the payload readable as it was written.

A real server (``streamlit run``) and headless Chromium; every request that is not local is
aborted and recorded (none may happen).
"""

from __future__ import annotations

import urllib.parse

import pytest

pytest.importorskip("streamlit")
playwright_api = pytest.importorskip("playwright.sync_api")

from _factories import make_event, make_report  # noqa: E402

from dashboard.safe import JOINER  # noqa: E402
from geodata.store.eventstore import EventStore  # noqa: E402
from tests._browser import BROWSER_MARKS, offline_browser  # noqa: E402
from tests._browser import idle as _idle  # noqa: E402
from tests._browser import map_frame as _map_frame  # noqa: E402
from tests._browser import serve as _serve  # noqa: E402
from tests._dashboard_stores import build_store  # noqa: E402

pytestmark = BROWSER_MARKS

PAYLOAD = "[Session expired](http://evil.example/login) ![t](http://host/t.png)"
STORED = "[Stored wire](http://evil.example/wire) ![s](http://host/s.png)"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("inj") / "store.gpkg")
    with EventStore(store) as s:
        s.add_report(make_report("inj", source=STORED), [],
                     [make_event("inj", actor1=STORED, source=STORED)])
    with _serve(store, tmp_path_factory.mktemp("home-inj")) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory, playwright):
    with offline_browser(playwright, tmp_path_factory.mktemp("profile-inj"), height=1700) as pair:
        yield pair


def _check(browser, base: str, query: dict[str, str], shown: list[str]) -> None:
    ctx, blocked = browser
    before = len(blocked)
    page = ctx.new_page()
    try:
        page.goto(base + "/?" + urllib.parse.urlencode(query))
        _map_frame(page, timeout=60)
        _idle(page)
        links = page.evaluate("() => Array.from(document.querySelectorAll('a'))"
                              ".filter(a => !a.href.startsWith(location.origin))"
                              ".map(a => a.href + ' in ' + a.parentElement.outerHTML.slice(0, 400))")
        images = page.evaluate("() => Array.from(document.querySelectorAll('img')).map(i => i.src)")
        text = page.inner_text("body").replace(JOINER, "")  # the invisible autolink breaker
    finally:
        page.close()
    assert not [u for u in links if "evil.example" in u], links
    assert not [u for u in images if "host/" in u], images
    assert blocked[before:] == [], f"the page requested: {blocked[before:]}"
    for literal in shown:
        assert literal in text, f"{literal!r} not shown as text"


@pytest.mark.parametrize("param", ["sel", "actor", "q", "src", "region"])
def test_a_link_parameter_is_shown_as_text(server, browser, param):
    # sel: "not in this store"; actor/src/region: "ignored from the link"; q: the filter caption
    _check(browser, server, {param: PAYLOAD}, [PAYLOAD])


@pytest.mark.parametrize("param", ["actor", "src"])
def test_a_stored_name_with_markdown_is_shown_as_text(server, browser, param):
    # a stored actor / source accepted from the link: named in the filter caption
    _check(browser, server, {param: STORED}, [STORED])
