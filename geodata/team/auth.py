"""Local accounts, roles, sign-in throttling and expiring sessions for team mode.

The accounts file (``--auth FILE``) is JSON, written atomically and readable by its owner only
(mode 0600); it holds names, roles and Argon2id password hashes (argon2-cffi), never a
password. Who may do what is decided here, on the server, by :func:`require`:

======== ====================================================================
viewer   read events, sources and the audit trail
analyst  what a viewer may, and correct, verify, flag, reject and ingest
admin    what an analyst may, and manage accounts
======== ====================================================================

>>> from geodata.team.auth import Accounts, Sessions, require
>>> accounts = Accounts("team-auth.json")  # doctest: +SKIP
>>> accounts.add("ana", "analyst", "correct horse battery staple")  # doctest: +SKIP
>>> sessions = Sessions(accounts)  # doctest: +SKIP
>>> token = sessions.sign_in("ana", "correct horse battery staple", client="10.0.0.7")  # doctest: +SKIP
>>> user = sessions.user(token)  # doctest: +SKIP
>>> require(user, "correct")  # doctest: +SKIP

Repeated failed sign-ins are slowed down: after :data:`FREE_FAILURES` failures for a name or
a client, each further attempt must wait twice as long as the last (1 s, 2 s, 4 s ... up to
:data:`MAX_DELAY`), whether the password is right or not. Sessions end after
:data:`IDLE_TIMEOUT` without use and :data:`MAX_AGE` after sign-in (both configurable per
:class:`Sessions`). An account made without a password (``users add NAME --no-password``) can
only be used through OpenID Connect: the identity provider says who it is, this file what it
may do.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from geodata.exceptions import UnrestAtlasError

__all__ = [
    "FREE_FAILURES",
    "IDLE_TIMEOUT",
    "MAX_AGE",
    "MAX_DELAY",
    "PERMISSIONS",
    "ROLES",
    "Accounts",
    "AuthError",
    "PermissionDenied",
    "Sessions",
    "User",
    "require",
]

#: Roles, least to most.
ROLES: tuple[str, ...] = ("viewer", "analyst", "admin")
#: What each role may do.
PERMISSIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"read"}),
    "analyst": frozenset({"read", "correct", "ingest"}),
    "admin": frozenset({"read", "correct", "ingest", "manage_users"}),
}
FREE_FAILURES = 3
MAX_DELAY = 300.0
IDLE_TIMEOUT = 30 * 60.0
MAX_AGE = 12 * 3600.0
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_MIN_PASSWORD = 8


class AuthError(UnrestAtlasError):
    """A sign-in, session or account problem (the message is safe to show)."""


class PermissionDenied(AuthError):
    """The signed-in user's role does not allow the action."""


@dataclass(frozen=True)
class User:
    """A signed-in account."""

    name: str
    role: str

    def can(self, action: str) -> bool:
        """Whether this user's role allows ``action`` (see :data:`PERMISSIONS`)."""
        return action in PERMISSIONS.get(self.role, frozenset())


def require(user: User | None, action: str) -> User:
    """``user`` if it may do ``action``; else :class:`PermissionDenied` (or :class:`AuthError`
    when nobody is signed in). Call it on the server before every protected action."""
    if user is None:
        raise AuthError("sign in first")
    if not user.can(action):
        raise PermissionDenied(f"{user.name} ({user.role}) may not {action.replace('_', ' ')}")
    return user


def _hasher() -> Any:
    try:
        from argon2 import PasswordHasher
    except ImportError:
        raise AuthError("team mode needs argon2-cffi: pip install 'unrest-atlas[team]'") from None
    return PasswordHasher()


class Accounts:
    """The accounts file: add, remove and check accounts.

    Parameters
    ----------
    path
        The JSON file (created by :meth:`add` when missing).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def _load(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            users = data["users"]
            assert isinstance(users, dict)
            return users
        except (OSError, ValueError, KeyError, AssertionError) as exc:
            raise AuthError(f"cannot read the accounts file {self.path}: {exc}") from None

    def _save(self, users: dict[str, dict[str, str]]) -> None:
        from geodata.atomic import atomic_path

        text = json.dumps({"version": 1, "users": users}, indent=2, sort_keys=True)
        with atomic_path(self.path) as tmp:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")

    def names(self) -> dict[str, str]:
        """Account name -> role."""
        return {name: u["role"] for name, u in sorted(self._load().items())}

    def add(self, name: str, role: str, password: str | None, *, replace: bool = False) -> User:
        """Create an account (or, with ``replace``, set its role and password).

        ``password=None`` makes an account that cannot sign in with a password: one for an
        OpenID Connect identity (its name is the identity's e-mail address).

        Raises
        ------
        AuthError
            A bad name or role, a password shorter than 8 characters, or an existing name.
        """
        if not _NAME.match(name or ""):
            raise AuthError("a name is 1-64 letters, digits, '.', '_', '@' or '-'")
        if role not in ROLES:
            raise AuthError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        if password is not None and len(password) < _MIN_PASSWORD:
            raise AuthError(f"a password needs at least {_MIN_PASSWORD} characters")
        with self._lock:
            users = self._load()
            if name in users and not replace:
                raise AuthError(f"there is already an account {name!r}")
            users[name] = {
                "role": role,
                "hash": _hasher().hash(password) if password is not None else "",
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            self._save(users)
        return User(name, role)

    def remove(self, name: str) -> None:
        """Delete an account (its open sessions end at their next use)."""
        with self._lock:
            users = self._load()
            if users.pop(name, None) is None:
                raise AuthError(f"no account {name!r}")
            self._save(users)

    def check(self, name: str, password: str) -> User | None:
        """The account if ``password`` is its password, else ``None`` (same work either way)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        users = self._load()
        entry = users.get(name)
        hasher = _hasher()
        usable = bool(entry and entry.get("hash"))  # "": an OpenID Connect-only account
        stored = entry["hash"] if entry and usable else _DUMMY_HASH.get(hasher)
        try:
            hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        return User(name, entry["role"]) if entry and usable else None

    def role_of(self, name: str) -> str | None:
        """The current role of an account, or ``None`` when it no longer exists."""
        entry = self._load().get(name)
        return entry["role"] if entry else None


class _Dummy:
    """A hash of a random password, checked for unknown names (no timing tell)."""

    def __init__(self) -> None:
        self._hash: str | None = None

    def get(self, hasher: Any) -> str:
        if self._hash is None:
            self._hash = hasher.hash(secrets.token_urlsafe(16))
        return self._hash


_DUMMY_HASH = _Dummy()


@dataclass
class _Session:
    user: User
    started: float
    seen: float


def _keys(name: str, client: str) -> tuple[str, ...]:
    """The throttle's counters a sign-in counts against: the name's, and the client address's
    when one is known (``""``: unknown, e.g. every request coming through a local proxy)."""
    return (f"u:{name}", f"c:{client}") if client else (f"u:{name}",)


class Sessions:
    """Sign-in, throttling and server-side sessions (in memory: a restart signs everyone out).

    Parameters
    ----------
    accounts
        The accounts to sign in against.
    clock
        Seconds now (tests pass a fake clock).
    idle_timeout, max_age
        A session ends after this many seconds without use, and this many after sign-in
        (defaults :data:`IDLE_TIMEOUT`, :data:`MAX_AGE`).
    """

    def __init__(self, accounts: Accounts, clock: Callable[[], float] = time.monotonic, *,
                 idle_timeout: float = IDLE_TIMEOUT, max_age: float = MAX_AGE) -> None:
        self.accounts = accounts
        self.clock = clock
        self.idle_timeout = float(idle_timeout)
        self.max_age = float(max_age)
        self._lock = threading.Lock()
        self._sessions: dict[str, _Session] = {}
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (failures, next allowed time)

    def wait_for(self, name: str, client: str) -> float:
        """Seconds before ``name`` may try again from ``client`` (0: now; ``client`` ``""``:
        the name's counter only)."""
        now = self.clock()
        with self._lock:
            return max(0.0, *(self._failures.get(k, (0, 0.0))[1] - now for k in _keys(name, client)))

    def sign_in(self, name: str, password: str, client: str = "") -> str:
        """A session token for a right name and password.

        Raises
        ------
        AuthError
            Wrong name or password (one message for both), or too many failures: try again in
            N seconds.
        """
        delay = self.wait_for(name, client)
        if delay > 0:
            raise AuthError(f"too many failed sign-ins: try again in {delay:.0f} s")
        user = self.accounts.check(name, password)
        now = self.clock()
        with self._lock:
            if user is None:
                for key in _keys(name, client):
                    n = self._failures.get(key, (0, 0.0))[0] + 1
                    wait = 0.0 if n < FREE_FAILURES else min(MAX_DELAY, 2.0 ** (n - FREE_FAILURES))
                    self._failures[key] = (n, now + wait)
                raise AuthError("wrong name or password")
            for key in _keys(name, client):
                self._failures.pop(key, None)
        return self.start(user)

    def start(self, user: User) -> str:
        """A session token for a user signed in some other way (an OpenID Connect identity
        the caller has checked has an account: :meth:`Accounts.role_of`); it expires like
        any other."""
        now = self.clock()
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[token] = _Session(user, now, now)
        return token

    def user(self, token: str | None) -> User | None:
        """The signed-in user of a session token (its role re-read from the accounts file), or
        ``None`` when the token is unknown, expired, signed out or its account was removed."""
        if not token:
            return None
        now = self.clock()
        with self._lock:
            s = self._sessions.get(token)
            if s is None:
                return None
            if now - s.seen > self.idle_timeout or now - s.started > self.max_age:
                del self._sessions[token]
                return None
            s.seen = now
        role = self.accounts.role_of(s.user.name)
        if role is None:
            self.sign_out(token)
            return None
        return User(s.user.name, role)

    def sign_out(self, token: str | None) -> None:
        """End a session."""
        with self._lock:
            self._sessions.pop(token or "", None)
