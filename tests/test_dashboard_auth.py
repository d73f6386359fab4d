"""Team mode sign-in of the dashboard (streamlit.testing AppTest, no browser): the gate shows
nothing of the store before sign-in, roles are enforced by the server functions that write,
the signed-in user is what the audit trail records, sessions expire, failures slow down, and
the command refuses an address other than loopback without sign-in."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
pytest.importorskip("streamlit_folium")
pytest.importorskip("argon2", reason="argon2-cffi missing: pip install -e '.[team]'")

from streamlit.testing.v1 import AppTest

from dashboard import APP_PATH, auth, data
from geodata.store.eventstore import EventStore
from geodata.team.auth import FREE_FAILURES, Accounts
from tests._dashboard_stores import build_store

TIMEOUT = 60
PW = "a long enough passphrase"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Argon2id with small costs: the same code paths, milliseconds a hash."""
    from argon2 import PasswordHasher

    monkeypatch.setattr("geodata.team.auth._hasher",
                        lambda: PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="module")
def base_store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("auth") / "base.gpkg")


@pytest.fixture
def store_copy(base_store, tmp_path) -> Path:
    p = tmp_path / "copy.gpkg"
    shutil.copyfile(base_store, p)
    return p


@pytest.fixture
def accounts(tmp_path) -> Path:
    path = tmp_path / "team-auth.json"
    acc = Accounts(path)
    acc.add("ana", "analyst", PW)
    acc.add("bo", "viewer", PW)
    return path


def _team_app(store: Path, accounts: Path, monkeypatch, query: dict | None = None,
              idle_minutes: str | None = None) -> AppTest:
    monkeypatch.setenv(data.ENV_STORE, str(store))
    monkeypatch.delenv(data.ENV_READONLY, raising=False)
    monkeypatch.setenv(auth.ENV_AUTH, str(accounts))
    monkeypatch.delenv(auth.ENV_OIDC, raising=False)
    if idle_minutes:
        monkeypatch.setenv(auth.ENV_IDLE, idle_minutes)
    else:
        monkeypatch.delenv(auth.ENV_IDLE, raising=False)
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _sign_in(at: AppTest, name: str, password: str = PW) -> AppTest:
    at.text_input(key="ua_signin_name").input(name)
    at.text_input(key="ua_signin_password").input(password)
    next(b for b in at.button if b.label == "Sign in").click()
    return _run(at)


def _signin_shown(at: AppTest) -> bool:
    return any(t.key == "ua_signin_password" for t in at.text_input)


def _all_text(at: AppTest) -> str:
    """Every element the run produced, as its protobuf text (what would go to a browser)."""
    return "\n".join(str(node.proto) for node in _walk(at._tree) if getattr(node, "proto", None))


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _an_event(store: Path) -> str:
    with EventStore.open_readonly(store) as s:
        return str(s.events(date_from="2022-01-01", limit=1)["event_id"].iloc[0])


# ----------------------------------------------------------------------------- the gate
def test_nothing_of_the_store_before_sign_in(base_store, accounts, monkeypatch):
    eid = _an_event(base_store)
    calls = []
    real = data.resolve_store
    monkeypatch.setattr(data, "resolve_store", lambda *a, **k: calls.append(1) or real(*a, **k))
    at = _run(_team_app(base_store, accounts, monkeypatch, {"sel": eid}))
    assert _signin_shown(at)
    assert calls == []  # the store was not even looked for
    assert not at.metric and not at.dataframe and not at.get("component_instance")
    shown = _all_text(at)
    assert eid not in shown and "Aktobe" not in shown and "Sign in" in shown
    # a wrong password: one message for a wrong name or a wrong password, still nothing shown
    _sign_in(at, "ana", "not the password")
    assert any("wrong name or password" in e.value for e in at.error)
    assert calls == [] and not at.metric


def test_sign_in_shows_the_map_and_no_name_field(base_store, accounts, monkeypatch):
    at = _run(_team_app(base_store, accounts, monkeypatch))
    _sign_in(at, "ana")
    assert not _signin_shown(at)
    assert int(at.metric[0].value.replace(",", "")) > 0
    assert any("Signed in as **ana** (analyst)" in c.value for c in at.sidebar.caption)
    assert not [t for t in at.text_input if t.key == "analyst"]  # no free-text name
    # signing out ends the session on the server: the sign-in page again
    next(b for b in at.button if b.label == "Sign out").click()
    _run(at)
    assert _signin_shown(at) and not at.metric


def test_repeated_failures_are_slowed_down(base_store, accounts, monkeypatch):
    at = _run(_team_app(base_store, accounts, monkeypatch))
    for _ in range(FREE_FAILURES):
        _sign_in(at, "bo", "wrong password!")
    _sign_in(at, "bo", PW)  # the right password now waits too
    assert any("too many failed sign-ins" in e.value for e in at.error)
    assert _signin_shown(at) and not at.metric


def test_sessions_expire_when_idle(base_store, accounts, monkeypatch):
    at = _run(_team_app(base_store, accounts, monkeypatch, idle_minutes="0.02"))  # 1.2 s
    _sign_in(at, "ana")
    assert at.metric
    time.sleep(1.5)
    _run(at)
    assert _signin_shown(at) and not at.metric
    assert any("expired" in i.value for i in at.info)


# ----------------------------------------------------------------------------- roles
def test_viewer_sees_no_review_buttons(base_store, accounts, monkeypatch):
    eid = _an_event(base_store)
    at = _run(_team_app(base_store, accounts, monkeypatch, {"sel": eid}))
    _sign_in(at, "bo")
    assert at.metric  # a viewer reads
    assert not [b for b in at.button if b.label in ("✔ Verify", "⚑ Flag", "✖ Reject")]


def _write_script() -> None:
    """A page that calls the dashboard's write functions directly, whatever the role: what a
    forged request could reach. The server must refuse by role and record the signed-in user."""
    import streamlit as st

    from dashboard import auth, data
    from geodata.exceptions import UnrestAtlasError
    from geodata.pipeline import process_report
    from tests._dashboard_stores import INGEST_REPORT

    auth.gate()
    choice = data.StoreChoice(data.resolve_store().path, True, False, "test")
    eid = st.query_params["eid"]
    found = process_report(INGEST_REPORT)
    for label, call in (
        ("correct", lambda: data.update_event(choice, eid, who="mallory", note="forged",
                                              fatalities=99)),
        ("flag", lambda: data.set_status(choice, eid, "flagged", who="mallory", note="forged")),
        ("ingest", lambda: data.ingest_report(choice, INGEST_REPORT, found.mentions, found.events,
                                              who="mallory")),
    ):
        try:
            call()
        except UnrestAtlasError as exc:
            st.error(f"{label}: {type(exc).__name__}: {exc}")
        else:
            st.success(f"{label}: done")


def _write_app(store: Path, accounts: Path, monkeypatch, eid: str) -> AppTest:
    _team_app(store, accounts, monkeypatch)  # (the environment of team mode)
    at = AppTest.from_function(_write_script, default_timeout=TIMEOUT)
    at.query_params["eid"] = eid
    return at


def test_server_refuses_a_viewers_writes(store_copy, accounts, monkeypatch):
    eid = _an_event(store_copy)
    with EventStore.open_readonly(store_copy) as s:
        before = (s.event(eid), len(s.audit()), s.summary()["reports"])
    at = _run(_write_app(store_copy, accounts, monkeypatch, eid))
    assert _signin_shown(at) and not at.success  # not signed in: nothing runs
    _sign_in(at, "bo")
    errors = [e.value for e in at.error]
    assert len(errors) == 3 and not at.success, errors
    assert all("PermissionDenied" in e and "bo (viewer) may not" in e for e in errors)
    with EventStore.open_readonly(store_copy) as s:
        assert (s.event(eid), len(s.audit()), s.summary()["reports"]) == before


def test_an_analysts_writes_record_the_analyst(store_copy, accounts, monkeypatch):
    eid = _an_event(store_copy)
    at = _run(_write_app(store_copy, accounts, monkeypatch, eid))
    _sign_in(at, "ana")
    assert {s.value for s in at.success} == {"correct: done", "flag: done", "ingest: done"}
    with EventStore.open_readonly(store_copy) as s:
        audit = s.audit(eid)
        assert s.report("auth-ingest-1") is not None
        everyone = s.audit()
    assert set(audit["who"]) == {"ana"}  # not the "mallory" the caller passed
    on_ingest = everyone[everyone["note"] == "reviewed on ingest"]
    assert len(on_ingest) and set(on_ingest["who"]) == {"ana"}  # the ingest's events

    assert {"fatalities", "status"} <= set(audit["field"])


def test_review_on_the_map_page_records_the_signed_in_analyst(store_copy, accounts, monkeypatch):
    eid = _an_event(store_copy)
    at = _run(_team_app(store_copy, accounts, monkeypatch, {"sel": eid}))
    _sign_in(at, "ana")
    next(b for b in at.button if b.label == "✔ Verify").click()
    _run(at)
    with EventStore.open_readonly(store_copy) as s:
        assert s.event(eid)["status"] == "verified"
        assert s.audit(eid)["who"].tolist()[-1] == "ana"


def test_laptop_mode_is_unchanged(store_copy, monkeypatch):
    monkeypatch.delenv(auth.ENV_AUTH, raising=False)
    assert auth.authorize("correct", "someone") == "someone" and auth.may("ingest")
    monkeypatch.setenv(data.ENV_STORE, str(store_copy))
    at = _run(AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT))
    assert at.metric and not _signin_shown(at)
    assert [t for t in at.text_input if t.key == "analyst"]  # the name field stays


def test_laptop_mode_on_a_network_address_stops(base_store, accounts, monkeypatch):
    """``streamlit run dashboard/app.py --server.address 0.0.0.0`` without sign-in (past the
    command's check) shows nothing of the store; with sign-in it asks for it."""
    from streamlit import config

    monkeypatch.delenv(auth.ENV_AUTH, raising=False)
    monkeypatch.setenv(data.ENV_STORE, str(base_store))
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = _run(AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT))
        assert not at.metric and any("without sign-in" in e.value for e in at.error)
        at = _run(_team_app(base_store, accounts, monkeypatch))
        assert _signin_shown(at) and not at.error
    finally:
        config.set_option("server.address", before)


# ----------------------------------------------------------------------------- the command
def test_command_binds_loopback_and_refuses_other_hosts_without_auth(tmp_path, monkeypatch,
                                                                     accounts, base_store,
                                                                     capsys):
    from geodata import cli
    from geodata.commands import dashboard as cmd

    seen: dict = {}
    monkeypatch.setattr(cmd, "_exec", lambda c, env: seen.update(cmd=c, env=env) or 0)
    monkeypatch.setattr(cmd, "_start_warmer", lambda a, p, env: None)
    monkeypatch.setenv(cmd.ENV_AUTH, "/somewhere/else.json")  # only --auth sets team mode
    monkeypatch.chdir(tmp_path)
    assert cli.main(["dashboard", "--store", str(base_store)]) == 0
    flags = dict(zip(seen["cmd"][5::2], seen["cmd"][6::2], strict=False))
    assert flags["--server.address"] == "127.0.0.1" and cmd.ENV_AUTH not in seen["env"]
    for host in ("0.0.0.0", "10.1.2.3", "::"):
        seen.clear()
        assert cli.main(["dashboard", "--store", str(base_store), "--host", host]) == 2
        assert "without sign-in" in capsys.readouterr().err and not seen
    assert cli.main(["dashboard", "--store", str(base_store), "--host", "127.0.0.2"]) == 0
    assert cli.main(["dashboard", "--auth", str(tmp_path / "none.json"), "--host", "0.0.0.0"]) == 2
    assert "no accounts file" in capsys.readouterr().err
    seen.clear()
    assert cli.main(["dashboard", "--store", str(base_store), "--host", "0.0.0.0", "--auth",
                     str(accounts), "--idle-minutes", "5"]) == 0
    flags = dict(zip(seen["cmd"][5::2], seen["cmd"][6::2], strict=False))
    assert flags["--server.address"] == "0.0.0.0"
    env = seen["env"]
    assert env[cmd.ENV_AUTH] == str(accounts.resolve()) and env[cmd.ENV_IDLE] == "5.0"
    assert PW not in " ".join([*seen["cmd"], *env.values()])  # only the file's path goes
    assert cmd.ENV_AUTH == auth.ENV_AUTH and cmd.ENV_IDLE == auth.ENV_IDLE
    assert cmd.ENV_OIDC == auth.ENV_OIDC
    url = "postgresql://atlas@db.example:5433/unrest"  # a PostGIS store goes as it is
    monkeypatch.setattr(cmd, "_oidc_problem", lambda provider: None)
    assert cli.main(["dashboard", "--store", url, "--auth", str(accounts), "--oidc"]) == 0
    assert seen["env"][cmd.ENV_STORE] == url and seen["env"][cmd.ENV_OIDC] == "default"
    monkeypatch.setattr(cmd, "_oidc_problem", lambda provider: f"no [auth.{provider}] section")
    assert cli.main(["dashboard", "--auth", str(accounts), "--oidc", "okta"]) == 2
    assert "no [auth.okta] section" in capsys.readouterr().err
    assert cli.main(["dashboard", "--store", str(base_store), "--idle-minutes", "5"]) == 2
    assert "need --auth" in capsys.readouterr().err


def test_oidc_only_accounts_cannot_use_a_password(tmp_path):
    acc = Accounts(tmp_path / "a.json")
    acc.add("ana@example.org", "analyst", None)
    assert acc.role_of("ana@example.org") == "analyst"
    assert acc.check("ana@example.org", "") is None and acc.check("ana@example.org", PW) is None



def test_oidc_identity_gets_the_role_of_its_account(base_store, accounts, monkeypatch):
    """With --oidc the identity provider says who signs in (st.login, faked here: no provider
    in the tests); the accounts file says what they may do; no account, no entry."""
    Accounts(accounts).add("cy@example.org", "viewer", None)
    who: dict[str, str | None] = {"email": "cy@example.org"}
    monkeypatch.setattr(auth, "_oidc_identity", lambda: who["email"])
    at = _team_app(base_store, accounts, monkeypatch)
    monkeypatch.setenv(auth.ENV_OIDC, "default")
    _run(at)
    assert at.metric and any("(viewer)" in c.value and "cy" in c.value for c in at.sidebar.caption)
    assert not _signin_shown(at)  # no password form in OIDC mode
    who["email"] = "eve@example.org"  # an identity without an account
    at2 = _run(AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT))
    assert not at2.metric and any("has no account" in e.value for e in at2.error)
    who["email"] = None  # not signed in at the provider: the sign-in button only
    at3 = _run(AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT))
    assert not at3.metric and [b for b in at3.button if b.label.startswith("Sign in with")]


def test_stop_group_ends_a_server_and_the_children_it_started():
    # a server that ignores SIGTERM and has a child of its own: both are gone afterwards
    import subprocess
    import sys

    from geodata.commands._warm import stop_group

    code = ("import signal, subprocess, sys, time\n"
            "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
            "c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
            "print(c.pid, flush=True); time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    assert proc.stdout is not None
    child = int(proc.stdout.readline())
    stop_group(proc, grace=1.0)
    assert proc.poll() is not None
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by init) counts as ended
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(") ", 1)[1][0] != "Z"
