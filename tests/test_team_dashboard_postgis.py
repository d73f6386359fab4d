"""The dashboard on a PostGIS store (a throwaway PostgreSQL cluster: ``tests/_postgis.py``;
skipped with the reason when PostgreSQL/PostGIS or the drivers are missing).

The sample store is copied into PostGIS (``store copy``); the pages render with the same
counts as the store's own query; another writer's change shows on the next page run (the
frame cache follows the store's change counter); in team mode a correction records the
signed-in analyst in the database.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_folium")
pytest.importorskip("argon2", reason="argon2-cffi missing: pip install -e '.[team]'")

from streamlit.testing.v1 import AppTest

from dashboard import APP_PATH, auth, data
from dashboard.filters import Filters
from geodata.team.auth import Accounts
from tests._dashboard_stores import build_store

pytest_plugins = ["_postgis"]  # the postgis_cluster and postgis_url fixtures
pytestmark = pytest.mark.xdist_group("postgis")

TIMEOUT = 90
PW = "a long enough passphrase"


@pytest.fixture(scope="module")
def base_store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("pgdash") / "base.gpkg")


@pytest.fixture
def pg_store(postgis_url, base_store, tmp_path, monkeypatch) -> str:
    """The sample store copied into a fresh PostGIS database; its URL. The frame cache goes
    to a folder of this test."""
    from geodata import settings
    from geodata.store.transfer import copy_store

    local = tmp_path / "src.gpkg"
    shutil.copyfile(base_store, local)
    copy_store(local, postgis_url)
    before = settings.get().cache_dir
    settings.configure(cache_dir=tmp_path / "cache")
    yield postgis_url
    settings.configure(cache_dir=before)
    data.store.clear()  # close the connections before the database is dropped


def _app(url: str, monkeypatch, query: dict | None = None) -> AppTest:
    monkeypatch.setenv(data.ENV_STORE, url)
    monkeypatch.delenv(data.ENV_READONLY, raising=False)
    monkeypatch.delenv(auth.ENV_AUTH, raising=False)
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _expected(url: str) -> int:
    """The events the map page shows by default (every date of the store), by the store."""
    from geodata.store.postgis import PostgisStore

    with PostgisStore(url, readonly=True) as s:
        f = s.facets()
        flt = Filters(date_from=date.fromisoformat(str(f["date_min"])[:10]),
                      date_to=date.fromisoformat(str(f["date_max"])[:10]))
        return s.count(**flt.store_kwargs())


def test_pages_render_on_postgis_and_follow_other_writers(pg_store, monkeypatch):
    from geodata.store.postgis import PostgisStore

    at = _app(pg_store, monkeypatch)
    choice = data.resolve_store([])
    assert choice.path == pg_store and choice.writable and not choice.is_sample
    _run(at)
    shown = int(at.metric[0].value.replace(",", ""))
    assert shown == _expected(pg_store) > 0
    assert data.frame_cache_path(pg_store).is_file()  # kept for the next start
    assert "@" not in data.frame_cache_path(pg_store).name
    # another analyst (another process, another connection) rejects an event shown now
    with PostgisStore(pg_store) as other:
        eid = str(other.events(limit=1)["event_id"].iloc[0])
        v0 = other.change_counter()
        other.reject(eid, who="someone else", note="duplicate")
        assert other.change_counter() > v0
    _run(at)  # the next page run: the cache key moved with the counter
    assert int(at.metric[0].value.replace(",", "")) == shown - 1
    for page in ("views/ingest.py", "views/audit.py"):
        at.switch_page(page)
        _run(at)
    assert any(m.label == "Corrections" and m.value == "1" for m in at.metric)


def test_team_mode_on_postgis_records_the_signed_in_analyst(pg_store, tmp_path, monkeypatch):
    from argon2 import PasswordHasher

    from geodata.store.postgis import PostgisStore

    monkeypatch.setattr("geodata.team.auth._hasher",
                        lambda: PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    accounts = tmp_path / "team-auth.json"
    Accounts(accounts).add("ana", "analyst", PW)
    with PostgisStore(pg_store, readonly=True) as s:
        eid = str(s.events(date_from="2022-01-01", limit=1)["event_id"].iloc[0])
    at = _app(pg_store, monkeypatch, {"sel": eid})
    monkeypatch.setenv(auth.ENV_AUTH, str(accounts))
    _run(at)
    assert not at.metric  # the sign-in page only
    at.text_input(key="ua_signin_name").input("ana")
    at.text_input(key="ua_signin_password").input(PW)
    next(b for b in at.button if b.label == "Sign in").click()
    _run(at)
    next(b for b in at.button if b.label == "✔ Verify").click()
    _run(at)
    with PostgisStore(pg_store, readonly=True) as s:
        assert s.event(eid)["status"] == "verified"
        assert s.audit(eid)["who"].tolist()[-1] == "ana"


def _comparable(df):
    cols = ["event_id", "event_date", "event_type", "fatalities", "status", "sources_count",
            "location", "_day"]
    return df[cols].sort_values("event_id").reset_index(drop=True)


def test_other_writers_changes_are_patched_in_not_reloaded(pg_store, monkeypatch):
    from dashboard import stores
    from geodata.pipeline import process_report
    from geodata.store.postgis import PostgisStore
    from tests._dashboard_stores import INGEST_REPORT

    monkeypatch.setenv(data.ENV_STORE, pg_store)

    def frame():
        return data.frame.__wrapped__(pg_store, data.store_version(pg_store), True)

    first = frame()
    assert first.attrs[stores.MARKS_ATTR]["counter"] == data.store_version(pg_store)[0]
    loads = []
    real_load = data.load_frame
    monkeypatch.setattr(data, "load_frame", lambda *a, **k: loads.append(1) or real_load(*a, **k))
    monkeypatch.setattr(data, "read_cached_frame", lambda *a, **k: None)
    with PostgisStore(pg_store) as other:  # another analyst: a correction, a review, an ingest
        eid = str(first["event_id"].iloc[3])
        other.correct(eid, who="someone else", note="the wire says 7", fatalities=7)
        other.verify(str(first["event_id"].iloc[5]), who="someone else")
        res = process_report(INGEST_REPORT)
        other.add_report(INGEST_REPORT, res.mentions, res.events)
    patched = frame()
    assert loads == []  # patched, not read again
    assert patched is not first and first.attrs[stores.MARKS_ATTR] != patched.attrs[stores.MARKS_ATTR]
    fresh = real_load(data.store(pg_store, True), data.boundaries())
    assert_frame_equal(_comparable(patched), _comparable(fresh), check_dtype=False)
    assert int(patched.loc[patched["event_id"] == eid, "fatalities"].iloc[0]) == 7
    # a write the marks cannot account for (a late commit below them): read again, not patched
    marks = dict(patched.attrs[stores.MARKS_ATTR])
    assert stores.changed_events(data.store(pg_store, True), marks) is not None
    marks["corr_n"] -= 1
    assert stores.changed_events(data.store(pg_store, True), marks) is None
    # a report replaced (same id, other text): whatever the route, the frame matches the store
    changed = type(INGEST_REPORT)(INGEST_REPORT.id, INGEST_REPORT.text + " Police arrested ten.",
                                  published=INGEST_REPORT.published)
    with PostgisStore(pg_store) as other:
        res = process_report(changed)
        other.add_report(changed, res.mentions, res.events)
    again = frame()
    fresh = real_load(data.store(pg_store, True), data.boundaries())
    assert_frame_equal(_comparable(again), _comparable(fresh), check_dtype=False)
