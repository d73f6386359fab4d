"""``unrest-atlas store``: create, copy and describe event stores (GeoPackage or PostGIS).

    unrest-atlas store init postgresql://ana@db.example/unrest
    unrest-atlas store copy unrest.gpkg postgresql://ana@db.example/unrest
    unrest-atlas store copy postgresql://ana@db.example/unrest backup.gpkg
    unrest-atlas store info postgresql://ana@db.example/unrest

A ``postgresql://USER[:PASSWORD]@HOST[:PORT]/DB`` URL selects the PostGIS backend (a password
may also come from ``~/.pgpass`` or ``PGPASSWORD``); anything else is a GeoPackage path.

Exit codes: 0 done, 2 bad arguments, no connection, PostGIS missing, not a store, or a
destination that is not new/empty.
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction, name: str) -> None:  # type: ignore[type-arg]
    """Add the ``store`` sub-command (``init``, ``copy``, ``info``)."""
    p = subparsers.add_parser(
        name,
        help="create, copy (GeoPackage <-> PostGIS) and describe event stores",
        description="Create a PostGIS event store, copy a store between a GeoPackage and "
        "PostGIS (every row and geometry), or describe a store.",
    )
    sub = p.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    init = sub.add_parser("init", help="create (or upgrade) the store schema at a URL or path")
    init.add_argument("location", metavar="URL", help="postgresql://USER[:PASSWORD]@HOST[:PORT]/DB or a .gpkg path")
    copy = sub.add_parser("copy", help="copy a store: GeoPackage to PostGIS, PostGIS to GeoPackage, ...")
    copy.add_argument("src", metavar="SRC", help="the store to copy (URL or .gpkg)")
    copy.add_argument("dst", metavar="DST", help="a new .gpkg path or an empty PostGIS database URL")
    info = sub.add_parser("info", help="backend, schema version and counts of a store")
    info.add_argument("location", metavar="URL", help="postgresql://... URL or a .gpkg path")
    info.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run one store action; returns the exit code."""
    if args.store_command == "init":
        return _init(args.location)
    if args.store_command == "copy":
        return _copy(args.src, args.dst)
    return _info(args.location, as_json=args.json)


def _init(location: str) -> int:
    from geodata.store.backends import describe, is_postgres_url, open_store

    if is_postgres_url(location):
        from geodata.store.postgis import init_store

        revision = init_store(location)
        print(f"PostGIS event store ready at {describe(location)} (schema revision {revision})")
        return 0
    with open_store(location) as store:
        count = store.count(include_rejected=True)
    print(f"GeoPackage event store ready at {location} ({count} events)")
    return 0


def _copy(src: str, dst: str) -> int:
    from geodata.store.backends import describe
    from geodata.store.transfer import copy_store

    counts = copy_store(src, dst)
    parts = ", ".join(f"{n} {table}" for table, n in counts.items())
    print(f"copied {describe(src)} to {describe(dst)}: {parts}")
    return 0


def _info(location: str, *, as_json: bool) -> int:
    from geodata.store.backends import describe, is_postgres_url, open_store

    with open_store(location, readonly=True) as store:
        summary = store.summary(include_rejected=True)
        info: dict[str, object] = {
            "store": describe(location),
            "backend": "postgis" if is_postgres_url(location) else "geopackage",
        }
        if is_postgres_url(location):
            info.update(_server(store))
        info.update({k: summary[k] for k in ("events", "reports", "mentions", "sources", "corrections",
                                             "corroborated", "date_min", "date_max", "by_status")})  # fmt: skip
    if as_json:
        json.dump(info, sys.stdout, indent=2, default=str)
        print()
    else:
        width = max(len(k) for k in info)
        for key, value in info.items():
            print(f"{key:<{width}}  {value}")
    return 0


def _server(store: object) -> dict[str, object]:
    """Schema revision, PostgreSQL and PostGIS versions and the change counter of a PostGIS store."""
    import sqlalchemy as sa

    from geodata.store import migrations
    from geodata.store.postgis import PostgisStore

    assert isinstance(store, PostgisStore)
    with store._engine.connect() as conn:
        return {
            "schema_revision": migrations.current(conn),
            "postgresql": conn.execute(sa.text("SHOW server_version")).scalar_one(),
            "postgis": conn.execute(sa.text("SELECT postgis_lib_version()")).scalar_one(),
            "change_counter": store.change_counter(),
        }
