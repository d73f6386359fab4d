"""The dashboard's event frame and what is computed from it: helper columns, newest-first
order, patches after a review click, timeline and region counts (pure functions of frames;
:mod:`dashboard.data` caches them)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from dashboard.filters import Filters
from geodata.events.merge import sources_key


def _with_helpers(df: pd.DataFrame, bounds: Any) -> pd.DataFrame:
    """Store rows plus the helper columns of :func:`load_frame` (any number of rows)."""
    from geodata.maps.layers import day_numbers, prepare_events

    df["_day"] = day_numbers(df["event_date"])
    df["_admin1_cf"] = df["admin1"].map(lambda v: v.casefold() if isinstance(v, str) else None)
    df["_sources"] = sources_key(df["source"])
    df = prepare_events(df, bounds if bounds is not None else False)
    if bounds is not None:
        df["admin1_code"] = region_codes(df, bounds)
    # one region per event for the map, the chart and the filters: the outline the map
    # counts it in (its name), else the admin-1 the store gives
    df["_region_name"] = region_names(df, bounds)
    df["_admin1_cf"] = df["_region_name"].map(lambda v: v.casefold() if isinstance(v, str)
                                              else None)
    for col in ("_admin1_cf", "admin1_code", "_region_name"):  # strings as the store's are
        if col in df.columns:
            df[col] = df[col].astype(df["event_id"].dtype)
    return df


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    # newest first, as the table shows them: filtered rows keep the order, so no page run
    # sorts 200,000 dates again
    df = df.sort_values(**_NEWEST_FIRST_ORDER, ignore_index=True)
    df.attrs[_ORDER_ATTR] = _NEWEST_FIRST
    return df


def patch_frame(df: pd.DataFrame, rows: pd.DataFrame, bounds: Any = None) -> pd.DataFrame:
    """``df`` (from :func:`load_frame`) with the store rows ``rows`` put in: the events of
    ``rows`` replace theirs, new ones are added (as :func:`load_frame` would give them after
    the store changed only there). Only the columns that differ are copied, and the rows are
    sorted again only when a date changed or an event is new: a review click on a store of
    200,000 events costs milliseconds, not a reload of the store.
    """
    if rows.empty:
        return df
    new = _with_helpers(rows.reset_index(drop=True), bounds)[list(df.columns)]
    for col in df.columns:  # a few rows may read back with narrower types (no gaps)
        if new[col].dtype != df[col].dtype:
            with contextlib.suppress(TypeError, ValueError):
                new[col] = new[col].astype(df[col].dtype)
    pos = pd.Index(df["event_id"]).get_indexer(new["event_id"])
    old_pos = pos[pos >= 0]
    same_day = bool((df["event_date"].iloc[old_pos].to_numpy(dtype=object)
                     == new["event_date"].iloc[np.flatnonzero(pos >= 0)].to_numpy(dtype=object)).all())
    if (pos < 0).any() or not same_day:
        keep = np.ones(len(df), dtype=bool)
        keep[old_pos] = False
        out = pd.concat([df[keep], new], ignore_index=True)
        out.attrs.update(df.attrs)
        return _sorted(out)
    out = df.copy(deep=False)
    for col in df.columns:
        before, after = df[col].iloc[pos], new[col]
        if before.reset_index(drop=True).equals(after):
            continue
        values = df[col].copy()
        values.iloc[pos] = after.to_numpy()
        out[col] = values
    out.attrs.update(df.attrs)
    return out


_ORDER_ATTR, _NEWEST_FIRST = "unrest_atlas.order", "event_date desc, event_id"


_NEWEST_FIRST_ORDER = {"by": ["event_date", "event_id"], "ascending": [False, True]}


def newest_first(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` by date, newest first (then by event id); rows of :func:`load_frame` (and any
    filtered subset of them) already are, and come back as they are."""
    if df.attrs.get(_ORDER_ATTR) == _NEWEST_FIRST:
        return df
    return df.sort_values(**_NEWEST_FIRST_ORDER)


def region_codes(df: pd.DataFrame, bounds: Any) -> pd.Series:
    """The GeoNames admin-1 code of the outline each event falls in (``None`` when none, or
    when the code names more than one outline): from the ``_region`` column of
    :func:`geodata.maps.layers.prepare_events` when ``df`` has one, else found by
    :func:`geodata.maps.regions.match_regions` (names, then point in polygon)."""
    from geodata.maps.regions import match_regions

    out = pd.Series([None] * len(df), index=df.index, dtype=object)
    if df.empty:
        return out
    if "_region" in df.columns:
        idx = df["_region"].to_numpy(dtype="int64")
    else:
        idx = match_regions(df, bounds).to_numpy()
    codes = bounds.admin1["gn_a1_code"]
    unique = codes.notna() & ~codes.duplicated(keep=False) & (codes.astype(str) != "")
    ok_codes = codes.where(unique)
    hit = idx >= 0
    vals = np.full(len(df), None, dtype=object)
    vals[hit] = ok_codes.reindex(idx[hit]).to_numpy(dtype=object)
    vals = np.where(pd.isna(vals), None, vals)
    out[:] = vals
    return out


def region_names(df: pd.DataFrame, bounds: Any) -> pd.Series:
    """Each event's region: the name of the admin-1 outline the map counts it in (the
    ``_region`` of :func:`geodata.maps.layers.prepare_events`), else the store's ``admin1``
    (no outline matched, or no ``bounds``); ``None`` for country-level events without one."""
    names = df["admin1"].astype(object).where(df["admin1"].notna(), None)
    if bounds is None or "_region" not in df.columns or df.empty:
        return names
    idx = df["_region"].to_numpy(dtype="int64")
    hit = idx >= 0
    outline = bounds.admin1["name"].astype(object)
    vals = names.to_numpy(dtype=object).copy()
    vals[hit] = outline.reindex(idx[hit]).to_numpy(dtype=object)
    prec = pd.to_numeric(df["geo_precision"], errors="coerce").fillna(1).to_numpy()
    vals[prec >= 4] = names.to_numpy(dtype=object)[prec >= 4]  # country-level: no outline
    return pd.Series(np.where(pd.isna(vals), None, vals), index=df.index, dtype=object)


def select_events(all_events: pd.DataFrame, filters: Filters,
                  ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The rows of :func:`frame` that pass ``filters`` (``ids``: the text search's hits)."""
    return all_events[filters.mask(all_events, ids)]


_NOT_FOUND_RX = r"place not found: ([^;]+)"


def unplaced_events(df: pd.DataFrame) -> pd.DataFrame:
    """Events the extractor put at region or country level because a place the report names
    is not in the gazetteer (tag ``place not found: X``): ``event_id``, ``event_date``,
    ``event_type``, ``country``, ``not_found`` (X), ``notes``, newest first, rejected left out."""
    cols = ["event_id", "event_date", "event_type", "country", "not_found", "notes"]
    if df.empty or "tags" not in df.columns:
        return pd.DataFrame(columns=cols)
    found = df["tags"].astype("string").str.extract(_NOT_FOUND_RX, expand=False)
    keep = found.notna() & (df["status"].astype("string") != "rejected").fillna(True)
    if "geo_precision" in df.columns:
        keep &= pd.to_numeric(df["geo_precision"], errors="coerce").fillna(4) >= 3
    out = df.loc[keep.to_numpy(dtype=bool)].assign(not_found=found[keep].str.strip())
    return newest_first(out)[cols]


def timeline_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Events and fatalities per day and event type (long form: ``date``, ``event_type``,
    ``events``, ``fatalities``), by date then type. Week- and month-precise events count on
    their recorded day; events without a date are left out."""
    cols = {"date": "datetime64[ns]", "event_type": object, "events": "int64",
            "fatalities": "int64"}
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in cols.items()})  # type: ignore[call-overload]
    if "_day" in df.columns:  # days since 1970, from load_frame
        day = df["_day"].to_numpy(dtype=float)
    else:
        from geodata.maps.layers import day_numbers

        day = day_numbers(df["event_date"])
    ok = np.isfinite(day)
    tcode, tnames = pd.factorize(df["event_type"].fillna("Unknown"))
    fat = pd.to_numeric(df["fatalities"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    fat = np.nan_to_num(fat).astype("int64")
    key = day[ok].astype("int64") * (len(tnames) + 1) + tcode[ok]
    uniq, inv = np.unique(key, return_inverse=True)  # sorted: by day, then type code
    days, codes = np.divmod(uniq, len(tnames) + 1)
    g = pd.DataFrame({
        "date": (days.astype("datetime64[D]")).astype("datetime64[ns]"),
        "event_type": np.asarray([str(t) for t in tnames], dtype=object)[codes],
        "events": np.bincount(inv, minlength=len(uniq)).astype("int64"),
        "fatalities": np.bincount(inv, weights=fat[ok], minlength=len(uniq)).astype("int64"),
    })
    return g.sort_values(["date", "event_type"], ignore_index=True)


def region_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Events and fatalities per admin-1 region (``country``, ``admin1``, ``events``,
    ``fatalities``), most events first; country-level events count as "(country-level)"."""
    cols = ["country", "admin1", "events", "fatalities"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    prec = pd.to_numeric(df["geo_precision"], errors="coerce").fillna(1).to_numpy()
    # one label per distinct value, not per row (200,000 Arrow strings are slow to touch);
    # the map's region of each event when the frame has it (:func:`region_names`)
    a_code, a_names = pd.factorize(df["_region_name" if "_region_name" in df.columns
                                      else "admin1"])
    a_labels = np.asarray([str(v) for v in a_names] + ["(unknown)", "(country-level)"],
                          dtype=object)
    a_code = np.where(a_code < 0, len(a_names), a_code)
    blank = np.flatnonzero(a_labels[: len(a_names)] == "")
    if len(blank):
        a_code = np.where(a_code == blank[0], len(a_names), a_code)
    a_code = np.where(prec >= 4, len(a_names) + 1, a_code)
    c_code, c_names = pd.factorize(df["country"].fillna(df["country_code"]).fillna("?"))
    fat = pd.to_numeric(df["fatalities"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    key = c_code.astype("int64") * len(a_labels) + a_code
    grp, uniq = pd.factorize(key)  # in order of first appearance, as groupby(sort=False)
    cc, aa = np.divmod(uniq.astype("int64"), len(a_labels))
    g = pd.DataFrame({
        "country": np.asarray([str(v) for v in c_names], dtype=object)[cc],
        "admin1": a_labels[aa],
        "events": np.bincount(grp, minlength=len(uniq)).astype("int64"),
        "fatalities": np.bincount(grp, weights=np.nan_to_num(fat),
                                  minlength=len(uniq)).astype("int64"),
    })
    return g.sort_values(["events", "fatalities", "admin1"], ascending=[False, False, True],
                         ignore_index=True, kind="stable")[cols]


def not_pinned(df: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The events the map does not pin: country-level (``geo_precision`` 4) and point events
    without usable coordinates (the rule of :func:`geodata.maps.layers.country_level`, vectorised:
    it runs on every filter change); only ``columns`` when given."""
    if "_prec" in df.columns and "_has_xy" in df.columns:  # from load_frame
        prec, ok = df["_prec"].to_numpy(), df["_has_xy"].to_numpy()
    else:
        lat = pd.to_numeric(df["latitude"], errors="coerce").to_numpy(dtype=float)
        lon = pd.to_numeric(df["longitude"], errors="coerce").to_numpy(dtype=float)
        ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
        prec = pd.to_numeric(df["geo_precision"], errors="coerce").to_numpy(dtype=float)
        prec = np.where(np.isnan(prec), np.where(ok, 2, 4), prec).clip(1, 4).round()
    rows = np.flatnonzero((prec >= 4) | ((prec <= 2) & ~ok))
    sub = df if columns is None else df[[c for c in columns if c in df.columns]]
    return sub.iloc[rows]


def json_dumps(obj: Any) -> str:
    """Compact JSON with dates as ISO strings."""
    return json.dumps(obj, ensure_ascii=False, default=lambda v: v.isoformat()
                      if isinstance(v, date) else str(v))
