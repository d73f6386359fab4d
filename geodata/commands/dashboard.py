"""``unrest-atlas dashboard``: open the Streamlit dashboard (offline, on 127.0.0.1).

    unrest-atlas dashboard                      # the bundled sample store (your copy of it)
    unrest-atlas dashboard --store unrest.gpkg --port 8502
    unrest-atlas dashboard --store postgresql://atlas@db/unrest --auth team-auth.json --host 0.0.0.0

Laptop mode binds 127.0.0.1 and has no sign-in. Team mode (``--auth FILE``, accounts made with
``unrest-atlas users add``) requires sign-in before anything is shown, enforces the roles on
the server and records the signed-in user (:mod:`dashboard.auth`); only then may ``--host``
be an address other than loopback. The accounts file's path goes to the app in
``UNREST_ATLAS_DASHBOARD_AUTH`` (never a password).

Runs ``python -m streamlit run dashboard/app.py`` with the server flags given explicitly
(headless, no usage statistics, static serving on, the address), from the app's root folder so
``.streamlit/config.toml`` applies too. Beside it, :mod:`geodata.commands._warm` has the server
run the app once as soon as it is up, so the store is loaded before the first page is opened;
the terminal says "ready" when it is (``--no-warm`` leaves that to the first page). The store goes to the app through the
``UNREST_ATLAS_DASHBOARD_STORE`` environment variable. The offline map assets are copied under
``dashboard/static`` first.

Exit codes: streamlit's own (0 on a clean stop), 2 when the dashboard cannot start (streamlit
not installed, the store missing, the assets missing, an address other than loopback without
``--auth``, an accounts file missing or without accounts).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from geodata.commands._args import bounded_int
from geodata.exceptions import DataMissingError, InputError

__all__ = ["build_command", "register", "run"]

ENV_STORE = "UNREST_ATLAS_DASHBOARD_STORE"
ENV_AUTH = "UNREST_ATLAS_DASHBOARD_AUTH"
ENV_IDLE = "UNREST_ATLAS_DASHBOARD_IDLE_MINUTES"
ENV_OIDC = "UNREST_ATLAS_DASHBOARD_OIDC"


_port = bounded_int("port", 1, 65535)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], name: str) -> None:
    """Add the ``dashboard`` sub-command."""
    p = subparsers.add_parser(
        name,
        help="open the Streamlit dashboard (offline map, filters, review, ingest)",
        description="Open the dashboard in Streamlit on this machine. With no --store it "
        "opens your copy of the bundled sample store (made on first use in "
        "~/.local/share/unrest-atlas); corrections and ingested reports go into the store "
        "shown.",
    )
    p.add_argument("--store", metavar="PATH|URL", help="the event store to open: a .gpkg "
                   "(created empty when missing) or a postgresql:// URL (team mode; default: "
                   "the bundled sample)")
    p.add_argument("--port", type=_port, default=8501, help="port to serve on (default 8501)")
    p.add_argument("--host", "--address", dest="address", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1: this machine only; any other "
                   "needs --auth)")
    p.add_argument("--auth", metavar="FILE", help="team mode: sign-in with the accounts of "
                   "FILE (unrest-atlas users add), roles enforced, the signed-in user recorded")
    p.add_argument("--idle-minutes", type=float, default=None, metavar="N",
                   help="team mode: a session unused for N minutes ends (default 30)")
    p.add_argument("--oidc", nargs="?", const="default", metavar="PROVIDER",
                   help="team mode: sign in through OpenID Connect (st.login; configured in "
                   ".streamlit/secrets.toml) instead of passwords; FILE still gives the roles")
    p.add_argument("--readonly", action="store_true",
                   help="open the store read-only (no corrections, no ingest)")
    p.add_argument("--no-warm", action="store_true",
                   help="do not load the store while the server starts (the first page then "
                   "loads it)")
    p.add_argument("--print-command", action="store_true",
                   help="print the streamlit command instead of running it")
    p.set_defaults(func=run)


def _app_path() -> Path:
    spec = importlib.util.find_spec("dashboard")
    if spec is None or not spec.submodule_search_locations:
        raise DataMissingError("the dashboard package is not installed (pip install "
                               "'unrest-atlas[dashboard]')")
    app = Path(next(iter(spec.submodule_search_locations))) / "app.py"
    if not app.is_file():
        raise DataMissingError(f"dashboard entry script missing: {app}")
    return app


def build_command(app: Path, port: int, address: str = "127.0.0.1",
                  python: str | None = None) -> list[str]:
    """The ``streamlit run`` command line (every server flag explicit).

    >>> build_command(Path("/x/dashboard/app.py"), 8502, python="python")[:6]
    ['python', '-m', 'streamlit', 'run', '/x/dashboard/app.py', '--server.port']
    """
    return [
        python or sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port),
        "--server.address", address,
        "--server.headless", "true",
        "--server.enableStaticServing", "true",
        "--server.maxUploadSize", "50",
        "--browser.gatherUsageStats", "false",
        "--browser.serverAddress", address,
        # lets geodata.commands._warm run the app once at start (it loads the store)
        "--server.scriptHealthCheckEnabled", "true",
        "--theme.base", "light",
        "--theme.primaryColor", "#b2182b",
    ]  # fmt: skip


def is_loopback(address: str) -> bool:
    """Whether ``address`` is this machine only (127.0.0.0/8, ::1, localhost).

    >>> [is_loopback(a) for a in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "10.0.0.7")]
    [True, True, True, False, False]
    """
    import ipaddress

    a = address.strip().strip("[]")
    if a.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(a).is_loopback
    except ValueError:
        return False


def _team_env(args: argparse.Namespace) -> dict[str, str]:
    """The environment of team mode (empty in laptop mode); refuses what is unsafe.

    Raises
    ------
    InputError
        An address other than loopback without ``--auth``; ``--auth`` naming no accounts
        file, or one without accounts; team options without ``--auth``.
    """
    auth = getattr(args, "auth", None)
    if not auth:
        if not is_loopback(args.address):
            raise InputError(f"refusing to serve on {args.address} without sign-in: anyone who "
                             "reaches that address could read and edit the store. Add --auth "
                             "FILE (accounts: unrest-atlas users add), or use 127.0.0.1")
        if getattr(args, "oidc", None) or getattr(args, "idle_minutes", None) is not None:
            raise InputError("--oidc and --idle-minutes need --auth FILE")
        return {}
    from geodata.team.auth import Accounts

    path = Path(auth).expanduser().resolve()
    if not path.is_file():
        raise InputError(f"no accounts file {path}: create one with unrest-atlas users add "
                         f"NAME --role admin --auth {auth}")
    if not Accounts(path).names():
        raise InputError(f"the accounts file {path} has no account: add one with unrest-atlas "
                         f"users add NAME --role admin --auth {auth}")
    env = {ENV_AUTH: str(path)}
    if args.idle_minutes is not None:
        if not args.idle_minutes > 0:
            raise InputError("--idle-minutes must be more than 0")
        env[ENV_IDLE] = repr(float(args.idle_minutes))
    if args.oidc:
        problem = _oidc_problem(str(args.oidc))
        if problem:
            raise InputError(problem)
        env[ENV_OIDC] = str(args.oidc)
    return env


def _oidc_problem(provider: str) -> str | None:
    """Why ``--oidc`` cannot work here (``None``: it can): Authlib missing (Streamlit's
    ``st.login`` needs it), or no ``[auth]`` section in a ``secrets.toml`` Streamlit reads."""
    if importlib.util.find_spec("authlib") is None:
        return "--oidc needs Authlib (Streamlit's st.login uses it): pip install Authlib"
    try:
        root = _app_path().parent.parent
    except DataMissingError:
        return None
    section = "[auth]" if provider == "default" else f"[auth.{provider}]"
    for path in (root / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"):
        try:
            if section in path.read_text(encoding="utf-8"):
                return None
        except OSError:
            continue
    return (f"--oidc {provider}: no {section} section in .streamlit/secrets.toml (in {root} or "
            "~/.streamlit): see README, Team mode")

def run(args: argparse.Namespace) -> int:
    """Start streamlit (replacing this process); returns an exit code when it cannot."""
    if importlib.util.find_spec("streamlit") is None or importlib.util.find_spec(
            "streamlit_folium") is None:
        print("unrest-atlas dashboard: streamlit and streamlit-folium are needed: "
              "pip install 'unrest-atlas[dashboard]'", file=sys.stderr)
        return 2
    app = _app_path()
    env = dict(os.environ)
    for key in (ENV_AUTH, ENV_IDLE, ENV_OIDC):  # only this command's flags set team mode
        env.pop(key, None)
    env.update(_team_env(args))
    from geodata.store.postgis import is_postgres_url

    if args.store and is_postgres_url(args.store):
        env[ENV_STORE] = args.store
    elif args.store:
        store = Path(args.store).expanduser().resolve()
        if not store.exists() and not store.parent.is_dir():
            raise InputError(f"no event store at {store}, and its folder does not exist")
        if store.exists() and not store.is_file():
            raise InputError(f"{store} is not a file")
        env[ENV_STORE] = str(store)
    if args.readonly:
        env["UNREST_ATLAS_DASHBOARD_READONLY"] = "1"
    from geodata.maps import vector_basemap
    from geodata.maps.assets import install_static

    install_static(app.parent / "static" / "unrest-atlas")
    with contextlib.suppress(DataMissingError):  # no archive: the raster tiles only
        vector_basemap.install_static(app.parent / "static" / "unrest-atlas")
    cmd = build_command(app, args.port, args.address)
    if args.print_command:
        print(" ".join(cmd))
        return 0
    mode = f"team mode, sign-in with {env[ENV_AUTH]}" if ENV_AUTH in env else "laptop mode"
    print(f"unrest-atlas dashboard: http://{args.address}:{args.port} ({mode}; Ctrl+C to stop)",
          file=sys.stderr)
    os.chdir(app.parent.parent)  # .streamlit/config.toml of a checkout applies
    if not getattr(args, "no_warm", False):
        _start_warmer(args.address, args.port, env)
    return _exec(cmd, env)


def _start_warmer(address: str, port: int, env: dict[str, str]) -> None:
    """Start :mod:`geodata.commands._warm` beside the server, detached (see
    :func:`spawn_detached`: the server never reaps it; Ctrl+C in the terminal stops both)."""
    import contextlib

    host = "127.0.0.1" if address in ("", "0.0.0.0", "::") else address
    host = f"[{host}]" if ":" in host else host
    with contextlib.suppress(OSError):  # the first page loads the store instead
        spawn_detached([sys.executable, "-m", "geodata.commands._warm",
                        f"http://{host}:{port}"], env)


def spawn_detached(cmd: Sequence[str], env: dict[str, str]) -> None:
    """Run ``cmd`` as a grandchild: a short-lived child starts it and exits at once (reaped
    here), so ``cmd`` is adopted by init and never lingers as a zombie of this process, which
    becomes the server (``exec``) and would never wait for it. Same process group: the
    terminal's Ctrl+C still reaches it."""
    import subprocess

    if not hasattr(os, "fork"):
        subprocess.Popen(list(cmd), env=env, stdin=subprocess.DEVNULL)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the intermediate child: start cmd, leave at once
        code = 0
        try:
            subprocess.Popen(list(cmd), env=env, stdin=subprocess.DEVNULL)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.waitpid(pid, 0)


def _exec(cmd: Sequence[str], env: dict[str, str]) -> int:
    """Replace this process by ``cmd`` (a subprocess where exec is unavailable)."""
    sys.stdout.flush()
    sys.stderr.flush()
    if hasattr(os, "execvpe") and os.name == "posix":
        os.execvpe(cmd[0], list(cmd), env)  # does not return
    import subprocess

    try:
        return subprocess.call(list(cmd), env=env)
    except KeyboardInterrupt:
        return 130
