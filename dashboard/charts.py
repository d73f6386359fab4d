"""The dashboard's Altair charts: events by region and the timeline (no Streamlit here).

The region chart names every bar in full and counts in whole numbers; the timeline picks its
bar width from the span shown (a day, a week or a month per bar), so one day, one week and
ten years all read right: a single day is one narrow bar with its date once on the axis.

>>> span_unit(pd.Timestamp("2024-07-19"), pd.Timestamp("2024-07-19"))
'day'
>>> span_unit(pd.Timestamp("2014-01-01"), pd.Timestamp("2024-01-01"))
'month'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import altair as alt
import pandas as pd

from geodata.maps import styles

__all__ = ["REGION_BAR_LIMIT", "binned_timeline", "region_chart", "span_unit", "timeline_chart"]

#: At most this many bars in the region chart (the rest are in the table below it).
REGION_BAR_LIMIT = 25
_BAR_PX = 22
#: (unit, pandas period, axis title, date format, least days shown around the data)
_UNITS = {
    "day": ("D", "Events per day", "%b %d, %Y", 7),
    "week": ("W-MON", "Events per week", "%b %d, %Y", 8 * 7),
    "month": ("M", "Events per month", "%b %Y", 0),
}


def region_chart(regions: pd.DataFrame, limit: int = REGION_BAR_LIMIT) -> alt.Chart:
    """Horizontal bars of events per region (``country``, ``admin1``, ``events``,
    ``fatalities`` of :func:`dashboard.frames.region_frame`): one labelled row per bar, the
    full name, integer ticks."""
    top = regions.head(limit).copy()
    top["label"] = top["admin1"].astype(str) + " (" + top["country"].astype(str) + ")"
    most = int(top["events"].max()) if len(top) else 1
    x_axis: dict[str, Any] = {"format": "d", "tickMinStep": 1}
    if most <= 10:
        x_axis["values"] = list(range(0, most + 1))
    chart: alt.Chart = alt.Chart(top).mark_bar(color="#8c6d4f").encode(
        x=alt.X("events:Q", title="Events", scale=alt.Scale(domain=[0, max(most, 1)], nice=False),
                axis=alt.Axis(**x_axis)),
        y=alt.Y("label:N", sort="-x", title=None,
                axis=alt.Axis(labelLimit=0, labelOverlap=False)),
        tooltip=[alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("admin1:N", title="Region"),
                 alt.Tooltip("events:Q", title="Events", format="d"),
                 alt.Tooltip("fatalities:Q", title="Fatalities", format="d")],
    ).properties(height=alt.Step(_BAR_PX))
    return chart


def span_unit(lo: pd.Timestamp, hi: pd.Timestamp) -> str:
    """The bar width for dates from ``lo`` to ``hi``: ``day`` up to three months, ``week`` up
    to three years, else ``month``."""
    days = (hi - lo).days
    return "day" if days <= 92 else "week" if days <= 3 * 366 else "month"


def binned_timeline(tl: pd.DataFrame, unit: str) -> pd.DataFrame:
    """``tl`` (``date``, ``event_type``, ``events``, ``fatalities`` per day) summed per
    ``unit``, with each bar's ``start`` and ``end`` (exclusive)."""
    freq = _UNITS[unit][0]
    per = pd.to_datetime(tl["date"]).dt.to_period(freq)
    out = (tl.assign(period=per).groupby(["period", "event_type"], as_index=False)
           [["events", "fatalities"]].sum())
    out["start"] = out["period"].dt.start_time.dt.normalize()
    out["end"] = (out["period"] + 1).dt.start_time.dt.normalize()
    return out.drop(columns="period")


def _domain(lo: pd.Timestamp, hi: pd.Timestamp, unit: str) -> list[str]:
    """The x range: the bars' span, widened to the unit's least span (centred)."""
    least = pd.Timedelta(days=_UNITS[unit][3])
    span = hi - lo
    if span < least:
        pad = (least - span) / 2
        lo, hi = lo - pad, hi + pad
    return [lo.isoformat(), hi.isoformat()]


def _color_scale(types: Sequence[str]) -> alt.Scale:
    order = [t for t in styles.EVENT_TYPES if t in types] + sorted(
        t for t in types if t not in styles.EVENT_TYPES)
    return alt.Scale(domain=order, range=[styles.type_color(t) for t in order])


def timeline_chart(tl: pd.DataFrame, band: tuple[date, date] | None = None) -> alt.VConcatChart:
    """Events and fatalities over time by event type (``tl`` from
    :func:`dashboard.frames.timeline_frame`); ``band``: a shaded playback period."""
    first, last = pd.Timestamp(tl["date"].min()), pd.Timestamp(tl["date"].max())
    unit = span_unit(first, last)
    _freq, title, fmt, _least = _UNITS[unit]
    bars = binned_timeline(tl, unit)
    domain = _domain(bars["start"].min(), bars["end"].max(), unit)
    tick = {"interval": "day" if unit == "day" else "month", "step": 1} if unit != "week" \
        else None
    axis_kw: dict[str, Any] = {"format": fmt, "labelAngle": 0, "labelOverlap": True}
    if tick:
        axis_kw["tickCount"] = tick
    x = alt.X("start:T", title=None, scale=alt.Scale(domain=domain), axis=alt.Axis(**axis_kw))
    base = alt.Chart(bars).encode(
        x=x, x2="end:T",
        color=alt.Color("event_type:N", scale=_color_scale(sorted(bars["event_type"].unique())),
                        title="Event type", legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=[alt.Tooltip("start:T", title=unit.capitalize() + " from", format="%Y-%m-%d"),
                 alt.Tooltip("event_type:N", title="Type"),
                 alt.Tooltip("events:Q", title="Events", format="d"),
                 alt.Tooltip("fatalities:Q", title="Fatalities", format="d")],
    )
    integer = alt.Axis(format="d", tickMinStep=1)
    ev = base.mark_bar().encode(y=alt.Y("sum(events):Q", title=title, axis=integer))
    fat = base.mark_bar().encode(y=alt.Y("sum(fatalities):Q",
                                         title=title.replace("Events", "Fatalities"),
                                         axis=integer))
    layers_ev: list[alt.Chart] = [ev]
    layers_fat: list[alt.Chart] = [fat]
    if band is not None:
        frame = pd.DataFrame({"start": [pd.Timestamp(band[0])],
                              "end": [pd.Timestamp(band[1]) + pd.Timedelta(days=1)]})
        rect = alt.Chart(frame).mark_rect(opacity=0.12, color="#b2182b").encode(
            x=alt.X("start:T", scale=alt.Scale(domain=domain)), x2="end:T")
        layers_ev.insert(0, rect)
        layers_fat.insert(0, rect)
    chart: alt.VConcatChart = alt.vconcat(
        alt.layer(*layers_ev).properties(height=150),
        alt.layer(*layers_fat).properties(height=110),
    ).resolve_scale(x="shared")
    return chart
