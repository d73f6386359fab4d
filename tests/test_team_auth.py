"""Team mode accounts: hashed passwords, roles enforced by require(), throttling, expiry, CLI."""

from __future__ import annotations

import io
import json
import stat

import pytest

pytest.importorskip("argon2", reason="argon2-cffi missing: pip install -e '.[team]'")

from geodata.cli import main
from geodata.team.auth import (
    FREE_FAILURES,
    IDLE_TIMEOUT,
    MAX_AGE,
    Accounts,
    AuthError,
    PermissionDenied,
    Sessions,
    User,
    require,
)

PW = "a long enough passphrase"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Argon2id with small costs: the same code paths, milliseconds instead of a second a hash."""
    from argon2 import PasswordHasher

    monkeypatch.setattr("geodata.team.auth._hasher", lambda: PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_accounts_file_holds_hashes_only_and_is_private(tmp_path):
    path = tmp_path / "auth.json"
    acc = Accounts(path)
    acc.add("ana", "analyst", PW)
    acc.add("bo", "viewer", PW + "!")
    raw = path.read_text()
    assert PW not in raw and "$argon2id$" in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(raw)["users"]["ana"]["role"] == "analyst"
    assert acc.check("ana", PW) == User("ana", "analyst")
    assert acc.check("ana", PW + "!") is None and acc.check("nobody", PW) is None
    with pytest.raises(AuthError, match="already"):
        acc.add("ana", "admin", PW)
    with pytest.raises(AuthError, match="8 characters"):
        acc.add("cy", "viewer", "short")
    with pytest.raises(AuthError, match="role"):
        acc.add("cy", "boss", PW)
    acc.add("ana", "admin", PW, replace=True)
    assert acc.names() == {"ana": "admin", "bo": "viewer"}


def test_roles_are_enforced_by_require():
    viewer, analyst, admin = User("v", "viewer"), User("a", "analyst"), User("m", "admin")
    for action in ("correct", "ingest", "manage_users"):
        with pytest.raises(PermissionDenied):
            require(viewer, action)
    assert require(viewer, "read") is viewer
    assert require(analyst, "correct") is analyst and require(analyst, "ingest") is analyst
    with pytest.raises(PermissionDenied):
        require(analyst, "manage_users")
    assert require(admin, "manage_users") is admin
    with pytest.raises(AuthError, match="sign in"):
        require(None, "read")


def test_sessions_expire_and_follow_account_changes(tmp_path):
    acc = Accounts(tmp_path / "auth.json")
    acc.add("ana", "analyst", PW)
    clock = Clock()
    sessions = Sessions(acc, clock=clock)
    token = sessions.sign_in("ana", PW, client="c1")
    assert sessions.user(token) == User("ana", "analyst")
    clock.now += IDLE_TIMEOUT - 1
    assert sessions.user(token) is not None  # use keeps it alive
    clock.now += IDLE_TIMEOUT + 1
    assert sessions.user(token) is None  # idle too long
    token = sessions.sign_in("ana", PW, client="c1")
    for _ in range(int(MAX_AGE // (IDLE_TIMEOUT / 2)) + 1):
        clock.now += IDLE_TIMEOUT / 2
        sessions.user(token)
    assert sessions.user(token) is None  # too old, however busy
    token = sessions.sign_in("ana", PW)
    acc.add("ana", "viewer", PW, replace=True)
    assert sessions.user(token).role == "viewer"  # a demotion applies at once
    acc.remove("ana")
    assert sessions.user(token) is None and sessions.user("forged") is None


def test_repeated_failures_are_slowed_down(tmp_path):
    acc = Accounts(tmp_path / "auth.json")
    acc.add("ana", "analyst", PW)
    clock = Clock()
    sessions = Sessions(acc, clock=clock)
    for _ in range(FREE_FAILURES):
        with pytest.raises(AuthError, match="wrong name or password"):
            sessions.sign_in("ana", "guess", client="c1")
    with pytest.raises(AuthError, match="try again in"):
        sessions.sign_in("ana", PW, client="c2")  # even the right password waits
    clock.now += sessions.wait_for("ana", "c2")
    with pytest.raises(AuthError, match="wrong"):
        sessions.sign_in("ana", "guess again", client="c1")
    assert sessions.wait_for("ana", "c1") == pytest.approx(2.0)  # doubled
    clock.now += 2.0
    assert sessions.sign_in("ana", PW, client="c1")
    assert sessions.wait_for("ana", "c1") == 0.0


def test_users_cli(tmp_path, monkeypatch, capsys):
    path = str(tmp_path / "auth.json")
    monkeypatch.setattr("sys.stdin", io.StringIO(PW + "\n"))
    assert main(["users", "add", "ana", "--role", "analyst", "--password-stdin", "--auth", path]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "bo", "--role", "viewer", "--password-stdin", "--auth", path]) == 2
    assert main(["users", "list", "--auth", path]) == 0
    assert "ana\tanalyst" in capsys.readouterr().out
    assert Accounts(path).check("ana", PW) == User("ana", "analyst")
    assert main(["users", "remove", "ana", "--auth", path]) == 0
    assert main(["users", "remove", "ana", "--auth", path]) == 2


def test_per_address_throttle_and_configurable_timeouts(tmp_path):
    acc = Accounts(tmp_path / "auth.json")
    acc.add("ana", "analyst", PW)
    acc.add("bo", "viewer", PW)
    clock = Clock()
    sessions = Sessions(acc, clock=clock, idle_timeout=60, max_age=600)
    for name in ("x1", "x2", "x3"):  # one address guessing several names
        with pytest.raises(AuthError, match="wrong"):
            sessions.sign_in(name, "guess", client="10.0.0.9")
    with pytest.raises(AuthError, match="try again in"):
        sessions.sign_in("bo", PW, client="10.0.0.9")
    assert sessions.sign_in("bo", PW, client="10.0.0.7")  # another address is not slowed
    for name in ("y1", "y2", "y3"):  # no address known (a local proxy): names only
        with pytest.raises(AuthError, match="wrong"):
            sessions.sign_in(name, "guess", client="")
    token = sessions.sign_in("ana", PW, client="")
    clock.now += 59
    assert sessions.user(token) == User("ana", "analyst")
    clock.now += 61  # idle longer than this Sessions' timeout
    assert sessions.user(token) is None
    started = clock.now
    oidc = sessions.start(User("bo", "viewer"))  # an identity checked elsewhere
    while clock.now + 59 - started <= 600:
        clock.now += 59  # used within the idle timeout, until max_age
        assert sessions.user(oidc) == User("bo", "viewer")
    clock.now += 59
    assert sessions.user(oidc) is None
