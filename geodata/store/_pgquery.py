"""Private plumbing of :mod:`geodata.store.postgis`: the event filters, summary and facets.

An :class:`~geodata.store.filter.EventFilter` becomes SQLAlchemy expressions (every value a
bound parameter) selecting the events its :meth:`~geodata.store.filter.EventFilter.to_sql`
selects in a GeoPackage; ``bbox`` uses the GiST index on ``geom``, ``text`` the trigram index
on the search text.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geodata.store._pgschema import (
    corrections,
    event_search,
    event_sources,
    events,
    mentions,
    reports,
)
from geodata.store._pgwrite import as_text
from geodata.store.filter import EventFilter, nocase

__all__ = ["facets", "summary", "where"]

def _codes(conn: Connection, flt: EventFilter) -> list[str]:
    """The ISO codes of :attr:`EventFilter.countries`: codes, and the codes stored with a name
    (compared as SQLite's ``COLLATE NOCASE`` does: ASCII letters in any case)."""
    codes = flt.country_codes()
    names = [nocase(n) for n in flt.country_names()]
    if names:
        e = events.c
        stmt = sa.select(e.country_code).where(sa.func.lower(e.country.collate("C")).in_(names), e.country_code != "")
        codes.update(c for c in conn.execute(stmt.distinct()).scalars() if c)
    return sorted(codes)


def where(conn: Connection, flt: EventFilter) -> list[sa.ColumnElement[bool]]:
    """The conditions (AND-ed) of ``flt``: the events :meth:`EventFilter.to_sql` selects."""
    e = events.c
    out: list[sa.ColumnElement[bool]] = []
    if flt.date_from:
        out.append(e.event_date >= flt.date_from)
    if flt.date_to:
        out.append(e.event_date <= flt.date_to)
    for col, values in ((e.event_type, flt.event_types), (e.sub_event_type, flt.sub_event_types)):
        if values is not None:
            out.append(col.in_(values))
    if flt.min_severity is not None:
        out.append(e.severity >= flt.min_severity)
    if flt.max_severity is not None:
        out.append(e.severity <= flt.max_severity)
    if flt.countries is not None:
        out.append(e.country_code.in_(_codes(conn, flt)))
    if flt.admin1 is not None:
        out.append(sa.func.lower(e.admin1.collate("C")).in_([nocase(a) for a in flt.admin1]))
    if flt.actors is not None:
        out.append(sa.or_(e.actor1.in_(flt.actors), e.actor2.in_(flt.actors)))
    if flt.text:
        found = sa.select(event_search.c.event_id).where(event_search.c.text.contains(flt.text.casefold(), autoescape=True))
        out.append(e.event_id.in_(found))
    if flt.bbox is not None:
        out.append(_bbox(flt.bbox))
    if flt.statuses is not None:
        out.append(e.status.in_(flt.statuses))
    elif not flt.include_rejected:
        out.append(e.status != "rejected")
    if flt.report_id is not None:
        out.append(e.event_id.in_(sa.select(event_sources.c.event_id).where(event_sources.c.report_id == flt.report_id)))
    names = flt.source_names()
    if names is not None:
        key = sa.literal(";") + sa.func.replace(sa.func.coalesce(e.source, ""), "; ", ";") + sa.literal(";")
        out.append(sa.or_(sa.false(), *(sa.func.strpos(key, f";{n};") > 0 for n in names)))
    if flt.event_ids is not None:
        out.append(e.event_id.in_(flt.event_ids))
    return out


def _bbox(bbox: tuple[float, float, float, float]) -> sa.ColumnElement[bool]:
    """Points in the box, edges included (the GiST index on ``geom``)."""
    x0, y0, x1, y1 = bbox
    geom = events.c.geom

    def box(a: float, b: float) -> sa.ColumnElement[bool]:
        return geom.op("&&")(sa.func.ST_MakeEnvelope(a, y0, b, y1, 4326))

    if x0 <= x1:
        return box(x0, x1)
    return sa.or_(box(x0, 180.0), box(-180.0, x1))  # crosses the antimeridian


def _grouped(conn: Connection, col: str, include_rejected: bool) -> dict[Any, int]:
    c = events.c[col]
    stmt = sa.select(c, sa.func.count()).group_by(c)
    if not include_rejected:
        stmt = stmt.where(events.c.status.is_distinct_from("rejected"))
    counts: dict[Any, int] = {k: int(n) for k, n in conn.execute(stmt).all()}
    return {k: n for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))) if n > 0}


def summary(conn: Connection, include_rejected: bool) -> dict[str, Any]:
    """See :meth:`geodata.store.eventstore.EventStore.summary`."""
    e = events.c
    kept = sa.true() if include_rejected else e.status != "rejected"
    n, fat, corr, dmin, dmax = conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(e.fatalities), 0),
            sa.func.count().filter(e.sources_count > 1),
            sa.func.min(as_text(events, "event_date")),
            sa.func.max(as_text(events, "event_date")),
        ).where(kept)
    ).one()

    def count(table: sa.Table) -> int:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())

    status = sa.select(e.status, sa.func.count()).group_by(e.status).order_by(e.status)
    return {
        "events": int(n),
        "reports": count(reports),
        "mentions": count(mentions),
        "sources": count(event_sources),
        "corrections": count(corrections),
        "corroborated": int(corr),
        "fatalities": int(fat),
        "date_min": dmin,
        "date_max": dmax,
        "by_status": dict(conn.execute(status).all()),
        "countries": _grouped(conn, "country_code", include_rejected),
        "event_types": _grouped(conn, "event_type", include_rejected),
    }


def facets(conn: Connection) -> dict[str, Any]:
    """See :meth:`geodata.store.eventstore.EventStore.facets`."""
    e = events.c
    types: dict[str, list[str]] = {}
    pairs = sa.select(e.event_type, e.sub_event_type).group_by(e.event_type, e.sub_event_type)
    for t, s in sorted(conn.execute(pairs).all(), key=lambda ts: (str(ts[0]), str(ts[1] or ""))):
        if t is None:
            continue
        subs = types.setdefault(t, [])
        if s:
            subs.append(s)
    names: dict[str, str] = {}
    first = sa.select(e.country_code, sa.func.min(e.country)).where(e.country_code.is_not(None)).group_by(e.country_code)
    for code, name in sorted(conn.execute(first).all()):
        names[code] = name or code
    by_country: dict[str, list[str]] = {}
    regions = sa.select(e.country_code, e.admin1).where(e.admin1.is_not(None), e.admin1 != "").distinct()
    for code, a1 in sorted(conn.execute(regions).all(), key=lambda ca: (str(ca[0] or ""), ca[1])):
        by_country.setdefault(code or "", []).append(a1)
    actors = sorted({a for (a,) in conn.execute(sa.union(sa.select(e.actor1), sa.select(e.actor2))) if a})
    dmin, dmax, smin, smax = conn.execute(
        sa.select(sa.func.min(as_text(events, "event_date")), sa.func.max(as_text(events, "event_date")),
                  sa.func.min(e.severity), sa.func.max(e.severity))
    ).one()
    statuses = sorted(conn.execute(sa.select(e.status).distinct()).scalars(), key=lambda v: (v is not None, v or ""))
    sources = sorted({part.strip() for v in conn.execute(sa.select(e.source).distinct()).scalars()
                      if v for part in str(v).split(";") if part.strip()}, key=str.casefold)  # fmt: skip
    return {
        "event_types": sorted(types),
        "sub_event_types": types,
        "countries": list(names),
        "country_names": names,
        "admin1": sorted({a for v in by_country.values() for a in v}),
        "admin1_by_country": by_country,
        "actors": actors,
        "statuses": statuses,
        "sources": sources,
        "date_min": dmin,
        "date_max": dmax,
        "severity_min": smin,
        "severity_max": smax,
    }
