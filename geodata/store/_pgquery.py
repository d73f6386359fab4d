"""Private plumbing of :mod:`geodata.store.postgis`: the event filters, summary and facets.

Filters are SQLAlchemy expressions (every value a bound parameter) with the meaning of
:meth:`geodata.store.eventstore.EventStore.events`' filters; ``bbox`` uses the GiST index on
``geom``, ``text`` the trigram index on the search text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from geodata.exceptions import StoreError
from geodata.store._ops import as_list
from geodata.store._pgschema import (
    corrections,
    event_search,
    event_sources,
    events,
    mentions,
    reports,
)
from geodata.store._pgwrite import as_text

__all__ = ["FILTERS", "facets", "summary", "where"]

#: The keyword filters of ``events``/``count``, in positional order.
FILTERS: tuple[str, ...] = (
    "date_from", "date_to", "event_types", "sub_event_types", "min_severity", "countries", "admin1",
    "actors", "text", "bbox", "include_rejected", "statuses", "report_id", "event_ids", "sources",
)  # fmt: skip


def _day(value: str | date, what: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise StoreError(f"{what} must be YYYY-MM-DD, not {value!r}") from None


def _codes(conn: Connection, values: list[Any]) -> list[str]:
    """ISO codes for a mix of codes and country names (names looked up case-insensitively)."""
    codes = {str(x).strip().upper() for x in values if len(str(x).strip()) == 2}
    names = [str(x).strip().lower() for x in values if len(str(x).strip()) != 2]
    if names:
        e = events.c
        stmt = sa.select(e.country_code).where(sa.func.lower(e.country).in_(names), e.country_code.is_not(None))
        codes.update(c for c in conn.execute(stmt.distinct()).scalars() if c)
    return sorted(codes)


def where(
    conn: Connection,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    event_types: str | Iterable[str] | None = None,
    sub_event_types: str | Iterable[str] | None = None,
    min_severity: int | None = None,
    countries: str | Iterable[str] | None = None,
    admin1: str | Iterable[str] | None = None,
    actors: str | Iterable[str] | None = None,
    text: str | None = None,
    bbox: Sequence[float] | None = None,
    include_rejected: bool = False,
    statuses: str | Iterable[str] | None = None,
    report_id: str | None = None,
    event_ids: Iterable[str] | None = None,
    sources: str | Iterable[str] | None = None,
) -> list[sa.ColumnElement[bool]]:
    """The conditions (AND-ed) of the filters given."""
    e = events.c
    out: list[sa.ColumnElement[bool]] = []
    if date_from:
        out.append(e.event_date >= _day(date_from, "date_from"))
    if date_to:
        out.append(e.event_date <= _day(date_to, "date_to"))
    for col, values in ((e.event_type, as_list(event_types)), (e.sub_event_type, as_list(sub_event_types))):
        if values is not None:
            out.append(col.in_(values))
    if min_severity is not None:
        out.append(e.severity >= int(min_severity))
    ccs = as_list(countries)
    if ccs is not None:
        out.append(e.country_code.in_(_codes(conn, ccs)))
    a1 = as_list(admin1)
    if a1 is not None:
        out.append(sa.func.lower(e.admin1).in_([str(x).lower() for x in a1]))
    acts = as_list(actors)
    if acts is not None:
        out.append(sa.or_(e.actor1.in_(acts), e.actor2.in_(acts)))
    if text and text.strip():
        found = sa.select(event_search.c.event_id).where(
            event_search.c.text.contains(text.strip().casefold(), autoescape=True)
        )
        out.append(e.event_id.in_(found))
    if bbox is not None:
        out.append(_bbox(bbox))
    sts = as_list(statuses)
    if sts is not None:
        out.append(e.status.in_(sts))
    elif not include_rejected:
        out.append(e.status != "rejected")
    if report_id is not None:
        out.append(e.event_id.in_(sa.select(event_sources.c.event_id).where(event_sources.c.report_id == report_id)))
    srcs = as_list(sources)
    if srcs is not None:
        names = [str(x).strip() for x in srcs if str(x).strip()]
        key = sa.literal(";") + sa.func.replace(sa.func.coalesce(e.source, ""), "; ", ";") + sa.literal(";")
        out.append(sa.or_(sa.false(), *(sa.func.strpos(key, f";{n};") > 0 for n in names)))
    if event_ids is not None:
        out.append(e.event_id.in_([str(x) for x in dict.fromkeys(event_ids)]))
    return out


def _bbox(bbox: Sequence[float]) -> sa.ColumnElement[bool]:
    if len(bbox) != 4:
        raise StoreError("bbox is (min_lon, min_lat, max_lon, max_lat)")
    x0, y0, x1, y1 = (float(v) for v in bbox)
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
    counts = dict(conn.execute(stmt).all())
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
