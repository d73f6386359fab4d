"""Sign-in for the dashboard in team mode (``unrest-atlas dashboard --auth FILE``).

Laptop mode (no accounts file) is unchanged: nobody signs in, the audit trail records the
name typed in the sidebar. In team mode:

- :func:`gate` runs first on every page run, before anything reads the store: without a live
  session it draws the sign-in form and stops the script (``st.stop``), so no event, count or
  facet is computed for, let alone sent to, a browser that has not signed in;
- sessions live on the server (:class:`geodata.team.auth.Sessions`, one per server process):
  the browser's Streamlit session holds only a random token; a session ends after
  ``UNREST_ATLAS_DASHBOARD_IDLE_MINUTES`` (default 30) without a page run, and 12 hours after
  sign-in; repeated failed sign-ins for a name or from an address wait longer and longer;
- :func:`authorize` is called by every write of :mod:`dashboard.data` (verify, flag, reject,
  correct, ingest): it refuses a role that may not (:func:`geodata.team.auth.require`) and
  returns the signed-in user's name, which is what the audit trail records (the sidebar's
  name field is gone);
- with ``UNREST_ATLAS_DASHBOARD_OIDC`` set (``--oidc [PROVIDER]``), the identity comes from
  an OpenID Connect provider through Streamlit's ``st.login`` (configured in
  ``.streamlit/secrets.toml``); the accounts file still says what the identity (its e-mail
  address) may do, and an identity without an account is refused.

The accounts file's path comes in ``UNREST_ATLAS_DASHBOARD_AUTH`` (never a password).
"""

from __future__ import annotations

import os
import threading
from typing import Any

import streamlit as st

from dashboard.safe import md_text
from geodata.team.auth import (
    IDLE_TIMEOUT,
    Accounts,
    AuthError,
    Sessions,
    User,
    require,
)

__all__ = [
    "ENV_AUTH",
    "ENV_IDLE",
    "ENV_OIDC",
    "authorize",
    "current_user",
    "gate",
    "may",
    "refuse_exposed",
    "sessions",
    "team_mode",
]

#: The accounts file (set by ``unrest-atlas dashboard --auth FILE``): team mode when set.
ENV_AUTH = "UNREST_ATLAS_DASHBOARD_AUTH"
#: Minutes a session may stay unused before it ends (``--idle-minutes``).
ENV_IDLE = "UNREST_ATLAS_DASHBOARD_IDLE_MINUTES"
#: Sign in through OpenID Connect: the provider's name in ``secrets.toml`` (``default``: the
#: ``[auth]`` section itself).
ENV_OIDC = "UNREST_ATLAS_DASHBOARD_OIDC"
_TOKEN = "_ua_session"
#: Password checks at once (Argon2id costs ~64 MB and tens of ms each): a flood of sign-ins
#: with ever new names waits here instead of taking every core.
_CHECKS = threading.BoundedSemaphore(2)
_NOTE = "_ua_signin_note"


def team_mode() -> bool:
    """Whether the dashboard runs with sign-in (an accounts file was given)."""
    return bool(os.environ.get(ENV_AUTH, "").strip())


def _idle_seconds() -> float:
    try:
        minutes = float(os.environ.get(ENV_IDLE, "") or IDLE_TIMEOUT / 60)
    except ValueError:
        minutes = IDLE_TIMEOUT / 60
    return max(minutes, 0.01) * 60.0


@st.cache_resource(show_spinner=False)
def sessions(path: str, idle_seconds: float) -> Sessions:
    """The server's sessions for one accounts file (shared by every browser session)."""
    return Sessions(Accounts(path), idle_timeout=idle_seconds)


def _sessions() -> Sessions:
    return sessions(os.path.abspath(os.environ[ENV_AUTH]), _idle_seconds())


def _client() -> str:
    """The connecting address, for the per-address sign-in throttle; ``""`` when it is this
    machine (Streamlit gives none for loopback): then everyone may be coming through one local
    reverse proxy, and a shared counter would let one person's typos lock out the whole desk,
    so only the per-name throttle applies (limit by address at the proxy)."""
    try:
        return str(st.context.ip_address or "")
    except Exception:  # an older Streamlit, or no request context (tests)
        return ""


def current_user() -> User | None:
    """The signed-in user of this browser session (``None``: laptop mode, or not signed in,
    or the session expired). Each call counts as use of the session."""
    if not team_mode():
        return None
    return _sessions().user(st.session_state.get(_TOKEN))


def may(action: str) -> bool:
    """Whether this session may do ``action`` (laptop mode: always)."""
    if not team_mode():
        return True
    user = current_user()
    return user is not None and user.can(action)


def authorize(action: str, who: str = "") -> str:
    """The name to record for ``action``, checked on the server.

    Laptop mode: ``who`` as given. Team mode: the signed-in user's name, when the user's role
    allows ``action`` (``"correct"`` covers verify, flag, reject and corrections; ``"ingest"``).

    Raises
    ------
    geodata.team.auth.AuthError
        Nobody signed in (or the session expired).
    geodata.team.auth.PermissionDenied
        The role does not allow ``action``.
    """
    if not team_mode():
        return who
    return require(current_user(), action).name


# ----------------------------------------------------------------------------- the page
def refuse_exposed() -> None:
    """Laptop mode served on an address other than loopback (``streamlit run dashboard/app.py
    --server.address 0.0.0.0``, past the command's own check): say why and stop the run
    before anything is read. Team mode: nothing to do (everyone signs in)."""
    from geodata.commands.dashboard import is_loopback

    if team_mode():
        return
    address = str(st.get_option("server.address") or "")
    if address and not is_loopback(address):
        st.error(f"This dashboard listens on {md_text(address)} without sign-in: anyone who "
                 "reaches it could read and edit the store. Serve it on 127.0.0.1, or with "
                 "sign-in: unrest-atlas dashboard --auth FILE --host ADDRESS.")
        st.stop()


def gate(stop: bool = True) -> User | None:
    """Call first in the app: laptop mode returns ``None``; team mode returns the signed-in
    user (and draws who is signed in in the sidebar), else draws the sign-in page and stops
    the run (``st.stop``: nothing after this line runs), or with ``stop=False`` returns
    ``None`` (the caller must stop before reading anything: the app first declares its pages,
    hidden, so that a deep link still opens its page after sign-in)."""
    if not team_mode():
        return None
    user = current_user()
    expired = user is None and st.session_state.pop(_TOKEN, None) is not None
    if expired:
        st.session_state[_NOTE] = "Your session expired: sign in again."
    elif user is None and os.environ.get(ENV_OIDC):
        user = _oidc_user()
    if user is not None:
        _account_box(user)
        return user
    if os.environ.get(ENV_OIDC):
        _oidc_page()
    else:
        _password_page()
    if stop:
        st.stop()
    return None


def _password_page() -> None:
    st.title("Unrest Atlas")
    note = st.session_state.pop(_NOTE, None)
    if note:
        st.info(note)
    with st.form("ua_signin"):
        st.subheader("Sign in")
        name = st.text_input("Name", key="ua_signin_name", autocomplete="username")
        password = st.text_input("Password", type="password", key="ua_signin_password",
                                 autocomplete="current-password")
        sent = st.form_submit_button("Sign in", type="primary")
    if not sent:
        return
    try:
        with _CHECKS:
            token = _sessions().sign_in((name or "").strip(), password or "", client=_client())
    except AuthError as exc:
        st.error(str(exc))
        return
    st.session_state[_TOKEN] = token
    st.session_state.pop("ua_signin_password", None)
    st.rerun()


def _oidc_identity() -> str | None:
    """The e-mail address of the OpenID Connect identity of this browser, if signed in."""
    info: Any = getattr(st, "user", None)
    if info is None or not info.get("is_logged_in"):
        return None
    email = info.get("email")
    if not email or info.get("email_verified") is False:
        return None
    return str(email).strip().lower()


def _oidc_user() -> User | None:
    """A server session for a signed-in identity that has an account (``None`` otherwise)."""
    email = _oidc_identity()
    if email is None:
        return None
    ses = _sessions()
    role = ses.accounts.role_of(email)
    if role is None:
        return None
    token = ses.start(User(email, role))
    st.session_state[_TOKEN] = token
    return ses.user(token)


def _oidc_page() -> None:
    st.title("Unrest Atlas")
    note = st.session_state.pop(_NOTE, None)
    email = _oidc_identity()
    if email is not None and note:  # the session expired: the identity signs in afresh
        st.logout()
    if note:
        st.info(note)
    if email is not None:
        st.error(f"{email} has no account on this dashboard: ask an admin to add one "
                 "(unrest-atlas users add EMAIL --role viewer --no-password --auth FILE).")
        if st.button("Sign out", key="ua_oidc_out"):
            st.logout()
        return
    provider = os.environ.get(ENV_OIDC, "")
    if st.button("Sign in with your organisation", type="primary", key="ua_oidc_in"):
        if provider and provider != "default":
            st.login(provider)
        else:
            st.login()


def _account_box(user: User) -> None:
    with st.sidebar:
        st.caption(f"Signed in as **{md_text(user.name)}** ({user.role})")
        if st.button("Sign out", key="ua_sign_out"):
            _sessions().sign_out(st.session_state.pop(_TOKEN, None))
            st.session_state[_NOTE] = "Signed out."
            if os.environ.get(ENV_OIDC) and _oidc_identity():
                st.logout()
            st.rerun()
