"""A throwaway PostgreSQL + PostGIS cluster for the PostGIS store tests (pytest plugin).

Registered from ``tests/conftest.py`` (``pytest_plugins``). Nothing is installed here:
``scripts/test.sh`` installs Debian's packages (``scripts/_install_postgis.sh``); when the
server binaries, PostGIS or the Python drivers are missing the tests that use these fixtures
skip with the reason.

- ``postgis_cluster`` (session): ``initdb`` in a temporary folder as an unprivileged user
  (``postgres`` when the tests run as root, else the current user), ``pg_ctl start`` on a free
  loopback port (no Unix socket outside the folder), a template database with PostGIS and
  ``pg_trgm``; stopped and removed at the end.
- ``postgis_url`` (function): a fresh, empty database cloned from the template; its URL.

Tests that use them carry ``@pytest.mark.xdist_group("postgis")`` so that under
``pytest -n 2 --dist loadgroup`` one worker owns the one cluster.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

TEMPLATE = "ua_template"
_counter = itertools.count(1)


@dataclass
class Cluster:
    """A running throwaway cluster."""

    bindir: Path
    datadir: Path
    port: int
    user: str

    def url(self, db: str = "postgres") -> str:
        """The ``postgresql://`` URL of a database of this cluster (trust auth on loopback)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"


def _bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/N/bin`` that has initdb and a PostGIS extension."""
    found = []
    for initdb in glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        version = Path(initdb).parents[1].name
        if glob.glob(f"/usr/share/postgresql/{version}/extension/postgis.control"):
            with contextlib.suppress(ValueError):
                found.append((float(version), Path(initdb).parent))
    return max(found)[1] if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_user(user: str | None, cmd: list[str]) -> list[str]:
    return ["runuser", "-u", user, "--", *cmd] if user else cmd


def _start(bindir: Path, root: Path, run_as: str | None) -> Cluster:
    datadir = root / "data"
    init = subprocess.run(
        _as_user(run_as, [str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres",
                          "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
        capture_output=True, text=True, timeout=120,
    )
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed: {init.stderr[-2000:]}")
    last = ""
    for _ in range(5):  # another process may take the port between probing and binding it
        port = _free_port()
        opts = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root}"
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                " -c max_connections=60 -c shared_buffers=64MB")  # fmt: skip
        start = subprocess.run(
            _as_user(run_as, [str(bindir / "pg_ctl"), "-D", str(datadir), "-l", str(root / "log"),
                              "-o", opts, "-w", "-t", "60", "start"]),
            capture_output=True, text=True, timeout=120,
        )
        if start.returncode == 0:
            return Cluster(bindir, datadir, port, run_as or pwd.getpwuid(os.getuid()).pw_name)
        last = (root / "log").read_text(errors="replace")[-2000:] if (root / "log").exists() else start.stderr
    raise RuntimeError(f"pg_ctl start failed: {last}")


def _stop(cluster: Cluster, run_as: str | None) -> None:
    subprocess.run(
        _as_user(run_as, [str(cluster.bindir / "pg_ctl"), "-D", str(cluster.datadir), "-m", "immediate",
                          "-w", "stop"]),
        capture_output=True, timeout=60, check=False,
    )


def _psql(cluster: Cluster, db: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(cluster.url(db), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def postgis_cluster() -> Iterator[Cluster]:
    """A PostgreSQL cluster with a PostGIS template database (see the module docstring)."""
    for mod in ("sqlalchemy", "psycopg", "geoalchemy2", "alembic"):
        pytest.importorskip(mod, reason=f"{mod} missing: pip install -e '.[team]'")
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL/PostGIS not installed (scripts/_install_postgis.sh installs them as root)")
    run_as: str | None = None
    if os.getuid() == 0:  # initdb refuses to run as root
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to own the test cluster")
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser to drop privileges for the test cluster")
        run_as = "postgres"
    root = Path(tempfile.mkdtemp(prefix="ua-pg-"))
    if run_as:
        ids = pwd.getpwnam(run_as)
        os.chown(root, ids.pw_uid, ids.pw_gid)
    cluster = None
    try:
        cluster = _start(bindir, root, run_as)
        _psql(cluster, "postgres", f"CREATE DATABASE {TEMPLATE}")
        _psql(cluster, TEMPLATE, "CREATE EXTENSION postgis; CREATE EXTENSION pg_trgm")
        yield cluster
    finally:
        if cluster is not None:
            _stop(cluster, run_as)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgis_url(postgis_cluster: Cluster) -> Iterator[str]:
    """The URL of a new, empty database (PostGIS installed, no store tables yet); dropped after
    the test (the cluster's folder stays small)."""
    name = f"ua_{os.getpid()}_{next(_counter)}_{int(time.time() * 1000) % 100000}"
    _psql(postgis_cluster, "postgres", f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")
    yield postgis_cluster.url(name)
    _psql(postgis_cluster, "postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
