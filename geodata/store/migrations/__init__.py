"""Alembic migrations of the PostGIS event store's schema (run by :func:`upgrade`, no ``alembic.ini``).

Maintainers add a revision with::

    alembic -c /dev/null -x none revision -m "what changes"   # or copy versions/0001_*.py

Each revision is a frozen snapshot: it never imports the runtime table definitions
(:mod:`geodata.store._pgschema`), which a test compares with the migrated database.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Connection

__all__ = ["HEAD", "current", "upgrade"]

#: The newest revision (what :func:`upgrade` brings a database to).
HEAD = "0001"
_HERE = Path(__file__).resolve().parent


def _config(connection: Connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_HERE))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the store schema of ``connection``'s database to ``revision`` (in its transaction)."""
    from alembic import command

    command.upgrade(_config(connection), revision)


def current(connection: Connection) -> str | None:
    """The revision the database is at, or ``None`` (no store schema yet)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()
