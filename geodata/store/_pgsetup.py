"""Private plumbing of :mod:`geodata.store.postgis`: engines, extensions, schema creation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from geodata.exceptions import StoreError

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Connection, Engine

__all__ = ["engine_for", "init_schema"]


def engine_for(url: str, readonly: bool) -> Engine:
    """An engine (psycopg 3, READ COMMITTED, read-only sessions when asked) for a store URL."""
    try:
        import geoalchemy2  # noqa: F401  (registers the geometry type)
        import psycopg  # noqa: F401
        import sqlalchemy as sa
    except ImportError as exc:
        raise StoreError(
            f"a PostGIS store needs SQLAlchemy, psycopg and GeoAlchemy2 ({exc.name} is missing):"
            " pip install 'unrest-atlas[team]'"
        ) from None
    try:
        u = sa.engine.make_url(url.replace("postgres://", "postgresql://", 1))
    except (sa.exc.ArgumentError, ValueError):
        raise StoreError("not a PostgreSQL URL: postgresql://USER[:PASSWORD]@HOST[:PORT]/DB") from None
    u = u.set(drivername="postgresql+psycopg")
    args: dict[str, Any] = {"connect_timeout": 10, "application_name": "unrest-atlas"}
    if readonly:
        args["options"] = "-c default_transaction_read_only=on"
    return sa.create_engine(u, isolation_level="READ COMMITTED", pool_pre_ping=True, connect_args=args)


def init_schema(engine: Engine, where: str) -> str:
    """Create or upgrade the schema (one process at a time); returns the revision."""
    import sqlalchemy as sa

    from geodata.store import migrations
    from geodata.store._gpkg import utc_now
    from geodata.store._pglocks import lock_id
    from geodata.store._pgschema import store_meta

    try:
        with engine.begin() as conn:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_id("schema")})
            rev = migrations.current(conn)
            if rev == migrations.HEAD:
                return rev
            if rev is None and sa.inspect(conn).has_table("events"):
                raise StoreError(f"{where} has an 'events' table but is not an Unrest Atlas event store")
            _extensions(conn, where)
            migrations.upgrade(conn)
            if rev is None:
                conn.execute(sa.insert(store_meta), [
                    {"key": "created_at", "value": utc_now()}, {"key": "generator", "value": "unrest-atlas"},
                ])  # fmt: skip
            return migrations.HEAD
    except sa.exc.OperationalError as exc:
        raise StoreError(f"cannot connect to {where}: {str(exc.orig).strip().splitlines()[0]}") from None


def _extensions(conn: Connection, where: str) -> None:
    import sqlalchemy as sa

    available = set(conn.execute(sa.text("SELECT name FROM pg_available_extensions")).scalars())
    if "postgis" not in available:
        version = conn.execute(sa.text("SHOW server_version_num")).scalar_one()
        raise StoreError(
            f"PostGIS is not installed on the PostgreSQL server of {where}: install it on the server"
            f" (Debian: apt-get install postgresql-{int(version) // 10000}-postgis-3) and run"
            " 'unrest-atlas store init URL' again"
        )
    for ext in ("postgis", "pg_trgm"):
        if ext not in available:
            raise StoreError(f"the {ext} extension is not available on the server of {where} (postgresql-contrib)")
        try:
            with conn.begin_nested():
                conn.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS {ext}"))  # a fixed name, no value
        except sa.exc.DBAPIError as exc:
            raise StoreError(
                f"cannot create the {ext} extension in {where} ({str(exc.orig).strip().splitlines()[0]}):"
                f" a superuser must run 'CREATE EXTENSION {ext};' in that database once"
            ) from None
