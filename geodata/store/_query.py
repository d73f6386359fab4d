"""Private: the store's reads (filtered events, one event's sources, summary, facets).

Every function takes the store's connection; the caller holds the store's lock.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geodata.model import Candidate, Mention, Report
from geodata.store._ops import fix_dtypes, inline, q, slice_text
from geodata.store._schema import (
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    MENTION_SQL_TYPES,
    REPORT_COLUMNS,
    SOURCE_COLUMNS,
)
from geodata.store.filter import CountryLookup, EventFilter

if TYPE_CHECKING:  # pragma: no cover
    import geopandas
    import pandas

__all__ = [
    "country_lookup",
    "event_sources",
    "events_arrow",
    "events_sqlite",
    "facets",
    "mention_records",
    "mentions_frame",
    "points",
    "report",
    "reports_frame",
    "row",
    "summary",
    "where",
]

_MENTION_INT = frozenset(k for k, v in MENTION_SQL_TYPES.items() if v.startswith("INTEGER"))


def row(c: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    """One stored event's columns, or ``None``."""
    found = c.execute(
        f"SELECT {', '.join(q(k) for k in EVENT_COLUMNS)} FROM events WHERE event_id=?", (event_id,)
    ).fetchone()
    return dict(zip(EVENT_COLUMNS, found, strict=True)) if found else None


def country_lookup(c: sqlite3.Connection) -> CountryLookup:
    """The codes stored with country names: one seek per code on the country-name index."""

    def lookup(names: Sequence[str], known: Collection[str]) -> set[str]:
        codes = set(known)
        for name in names:
            while True:
                skip = ", ".join("?" for _ in codes)
                found = c.execute(
                    "SELECT country_code FROM events WHERE country = ? COLLATE NOCASE"
                    f" AND country_code NOT IN (''{', ' if codes else ''}{skip}) LIMIT 1",
                    (name, *sorted(codes)),
                ).fetchone()
                if found is None or not found[0]:
                    break
                codes.add(found[0])
        return codes - set(known)

    return lookup


def where(c: sqlite3.Connection, flt: EventFilter) -> tuple[str, list[Any]]:
    """``" WHERE ..."`` (or ``""``) and its parameters for ``flt`` on the ``events`` table."""
    sql, params = flt.to_sql(country_lookup(c))
    return (f" WHERE {sql}" if sql else ""), params


def events_sqlite(
    c: sqlite3.Connection, where_sql: str, params: list[Any], cols: Sequence[str], limit: int | None
) -> pandas.DataFrame:
    """The matching events read row by row with sqlite3, by date then fid."""
    import pandas as pd

    sql = (f"SELECT {', '.join(q(k) for k in cols)} FROM events{where_sql}"
           " ORDER BY event_date IS NULL, event_date, fid")  # fmt: skip
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    rows = c.execute(sql, params).fetchall()
    df = pd.DataFrame.from_records(rows, columns=list(cols), coerce_float=True)
    return fix_dtypes(df)


def events_arrow(
    path: Path, where_sql: str, params: list[Any], cols: Sequence[str], limit: int | None
) -> pandas.DataFrame:
    """The same query as :func:`events_sqlite`, read by pyogrio as Arrow (fast).

    GDAL's attribute filter takes no bound parameters: they are written in as SQL literals
    (:func:`~geodata.store._ops.inline`).
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyogrio

    need = list(dict.fromkeys([*cols, "event_date"]))
    clause = inline(where_sql[len(" WHERE ") :], params) if where_sql else None
    _, table = pyogrio.read_arrow(
        str(path), layer="events", columns=need, read_geometry=False, where=clause, return_fids=True
    )
    fid = next(n for n in ("fid", "OGC_FID") if n in table.schema.names)
    order = pc.sort_indices(table, sort_keys=[("event_date", "ascending"), (fid, "ascending")])
    if limit is not None:
        order = order[: max(0, int(limit))]
    if len(order) == table.num_rows and np.array_equal(order.to_numpy(), np.arange(len(order))):
        table = table.select(list(cols))  # already in order: skip the (costly) gather
    else:
        table = table.take(order).select(list(cols))
    for i, name in enumerate(table.schema.names):
        typ = table.schema.field(i).type
        if pa.types.is_date(typ) or pa.types.is_timestamp(typ):
            table = table.set_column(i, name, pc.cast(table[name], pa.string()))
    df = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype()}.get)
    return fix_dtypes(df)


def event_sources(c: sqlite3.Connection, eid: str) -> list[dict[str, Any]]:
    """The sources of a stored event (see :meth:`EventStore.event`), in ingest order."""
    cols = SOURCE_COLUMNS[1:]
    sql = (
        f"SELECT {', '.join('s.' + k for k in cols)}, r.title, r.text FROM event_sources s"
        " LEFT JOIN reports r ON r.report_id = s.report_id WHERE s.event_id=? ORDER BY s.fid"
    )
    sources = []
    for found in c.execute(sql, (eid,)):
        s = dict(zip((*cols, "title", "text"), found, strict=True))
        text = s.pop("text") or ""
        s["sentence"] = slice_text(text, s["sentence_start"], s["sentence_end"]) or s["notes"]
        s["mention"] = slice_text(text, s["mention_start"], s["mention_end"])
        sources.append(s)
    return sources


def mention_records(c: sqlite3.Connection, report_id: str | None) -> list[Mention]:
    """Stored mentions as :class:`~geodata.model.Mention` objects, in report order."""
    sql = f"SELECT {', '.join(q(k) for k in MENTION_COLUMNS)} FROM mentions"
    params: tuple[Any, ...] = ()
    if report_id is not None:
        sql += " WHERE report_id=?"
        params = (report_id,)
    rows = c.execute(sql + " ORDER BY report_id, start, fid", params).fetchall()
    out = []
    for found in rows:
        d = dict(zip(MENTION_COLUMNS, found, strict=True))
        alts = json.loads(d.pop("alternatives") or "[]")
        out.append(Mention(**d, alternatives=[Candidate(**a) for a in alts]))
    return out


def mentions_frame(records: Sequence[Mention]) -> pandas.DataFrame:
    """Mentions as a DataFrame with the Mention fields (nullable integers)."""
    import pandas as pd

    df = pd.DataFrame([m.to_dict() for m in records], columns=list(MENTION_COLUMNS))
    for col in _MENTION_INT:
        df[col] = df[col].astype("Int64")
    return df


def report(c: sqlite3.Connection, report_id: str) -> Report | None:
    """A stored report with its text, or ``None``."""
    from geodata.io.reports import parse_date

    found = c.execute(
        "SELECT report_id, text, published, title, source, url FROM reports WHERE report_id=?",
        (report_id,),
    ).fetchone()
    if found is None:
        return None
    return Report(id=found[0], text=found[1] or "", published=parse_date(found[2]), title=found[3],
                  source=found[4], url=found[5])  # fmt: skip


def reports_frame(c: sqlite3.Connection) -> pandas.DataFrame:
    """The stored reports (without their text), in ingest order."""
    import pandas as pd

    rows = c.execute(f"SELECT {', '.join(REPORT_COLUMNS)} FROM reports ORDER BY fid").fetchall()
    df = pd.DataFrame.from_records(rows, columns=list(REPORT_COLUMNS))
    for col in ("n_mentions", "n_events"):
        df[col] = df[col].astype("Int64")
    return df


def points(df: pandas.DataFrame) -> geopandas.GeoDataFrame:
    """Events as a GeoDataFrame of points (EPSG:4326); no coordinates, no (``None``) geometry."""
    import geopandas as gpd

    geom = gpd.points_from_xy(df["longitude"].astype("float64"), df["latitude"].astype("float64"))
    missing = df["longitude"].isna() | df["latitude"].isna()
    if missing.any():
        geom = gpd.GeoSeries(geom, index=df.index)
        geom[missing.to_numpy()] = None
    return gpd.GeoDataFrame(df, geometry=geom, crs="EPSG:4326")


def summary(c: sqlite3.Connection, include_rejected: bool) -> dict[str, Any]:
    """See :meth:`EventStore.summary`."""

    def one(sql: str) -> Any:
        return c.execute(sql).fetchone()

    def grouped(col: str) -> dict[Any, int]:
        # all rows by the (covering) index, minus the few rejected ones
        counts = dict(c.execute(f"SELECT {col}, count(*) FROM events GROUP BY {col}"))
        if not include_rejected:
            for key, n in c.execute(f"SELECT {col}, count(*) FROM events WHERE status = 'rejected' GROUP BY {col}"):
                counts[key] -= n
        return {k: n for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))) if n > 0}

    where_sql = "" if include_rejected else " WHERE status != 'rejected'"
    n, fat, corr = one(
        "SELECT count(*), coalesce(sum(fatalities), 0), coalesce(sum(sources_count > 1), 0)"
        f" FROM events{where_sql}"
    )
    dates = one(
        f"SELECT min(event_date), max(event_date) FROM events{where_sql}"
    ) if not include_rejected else (
        one("SELECT event_date FROM events WHERE event_date IS NOT NULL ORDER BY event_date LIMIT 1") or (None,)
    ) + one("SELECT max(event_date) FROM events")  # fmt: skip
    return {
        "events": n,
        "reports": one("SELECT count(*) FROM reports")[0],
        "mentions": one("SELECT count(*) FROM mentions")[0],
        "sources": one("SELECT count(*) FROM event_sources")[0],
        "corrections": one("SELECT count(*) FROM corrections")[0],
        "corroborated": corr,
        "fatalities": fat,
        "date_min": dates[0],
        "date_max": dates[1],
        "by_status": dict(c.execute("SELECT status, count(*) FROM events GROUP BY status ORDER BY status")),
        "countries": grouped("country_code"),
        "event_types": grouped("event_type"),
    }


def _type_tree(c: sqlite3.Connection) -> dict[str, list[str]]:
    types: dict[str, list[str]] = {}
    for t, s in c.execute(
        "SELECT event_type, sub_event_type FROM events GROUP BY event_type, sub_event_type"
    ):
        if t is None:
            continue
        subs = types.setdefault(t, [])
        if s:
            subs.append(s)
    return types


def _country_names(c: sqlite3.Connection) -> dict[str, str]:
    names: dict[str, str] = {}
    for (code,) in c.execute(
        "SELECT DISTINCT country_code FROM events WHERE country_code IS NOT NULL ORDER BY country_code"
    ):
        found = c.execute(
            "SELECT country FROM events WHERE country_code = ? AND country IS NOT NULL LIMIT 1", (code,)
        ).fetchone()
        names[code] = found[0] if found and found[0] else code
    return names


def facets(c: sqlite3.Connection) -> dict[str, Any]:
    """See :meth:`EventStore.facets`."""
    types = _type_tree(c)
    names = _country_names(c)
    by_country: dict[str, list[str]] = {}
    for code, a1 in c.execute(
        "SELECT DISTINCT country_code, admin1 FROM events WHERE admin1 IS NOT NULL AND admin1 != ''"
        " ORDER BY country_code, admin1"
    ):
        by_country.setdefault(code or "", []).append(a1)
    actors = sorted(
        {a for (a,) in c.execute("SELECT DISTINCT actor1 FROM events UNION SELECT DISTINCT actor2 FROM events") if a}
    )
    dmin = c.execute(
        "SELECT event_date FROM events WHERE event_date IS NOT NULL ORDER BY event_date LIMIT 1"
    ).fetchone()
    # one aggregate per query: each is then a single step down its index, not a scan
    dmax = c.execute("SELECT max(event_date) FROM events").fetchone()[0]
    smin = c.execute("SELECT min(severity) FROM events").fetchone()[0]
    smax = c.execute("SELECT max(severity) FROM events").fetchone()[0]
    statuses = [s for (s,) in c.execute("SELECT DISTINCT status FROM events ORDER BY status")]
    sources = sorted({part.strip() for (v,) in c.execute("SELECT DISTINCT source FROM events")
                      if v for part in str(v).split(";") if part.strip()}, key=str.casefold)
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
        "date_min": dmin[0] if dmin else None,
        "date_max": dmax,
        "severity_min": smin,
        "severity_max": smax,
    }
