"""Popup HTML of the interactive map: one event, one aggregated grid cell, dates in words.

Every piece of report text is escaped (``html.escape``). Used by :mod:`geodata.maps.layers`
(which re-exports :func:`format_event_date` and :func:`event_popup_html`).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any, TypeAlias

import pandas as pd

from geodata.maps import styles

__all__ = ["Row", "cell_popup_html", "event_popup_html", "format_event_date", "int_or_none",
           "plain"]

#: One event: a record (``to_dict("records")``) or a frame row.
Row: TypeAlias = "Mapping[Any, Any] | pd.Series[Any]"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_LONG = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")



def plain(value: Any) -> str:
    """``str(value)`` with ``None``/NaN as ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def int_or_none(value: Any) -> int | None:
    """``int(value)``, ``None`` for a missing or unreadable value.

    >>> int_or_none("3"), int_or_none(float("nan")), int_or_none("x")
    (3, None, None)
    """
    try:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            return None
        return int(value)
    except (TypeError, ValueError):
        return None


def format_event_date(event_date: Any, time_precision: Any = 1) -> str:
    """An event date in words, with its precision.

    >>> format_event_date("2022-01-05", 1)
    '5 Jan 2022 (exact day)'
    >>> format_event_date("2022-01-05", 2)
    'week of 5 Jan 2022'
    >>> format_event_date("2022-01-05", 3)
    'January 2022 (month)'
    >>> format_event_date(None)
    'date unknown'
    """
    text = plain(event_date)[:10]
    try:
        d = date.fromisoformat(text)
    except ValueError:
        return html.unescape(html.escape(text)) if text else "date unknown"
    p = int_or_none(time_precision) or 1
    if p >= 3:
        return f"{_MONTHS_LONG[d.month - 1]} {d.year} (month)"
    day = f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    return f"week of {day}" if p == 2 else f"{day} (exact day)"


def _highlighted_notes(row: Row, limit: int = 700) -> str:
    """Escaped ``notes`` with the mention in ``<mark>`` (offsets permitting), shortened."""
    notes = plain(row.get("notes"))
    if not notes:
        return ""
    a = b = None
    ms, me, ss = (int_or_none(row.get(k)) for k in ("mention_start", "mention_end", "sentence_start"))
    if ms is not None and me is not None and ss is not None:
        a, b = ms - ss, me - ss
        if not (0 <= a < b <= len(notes)):
            a = b = None
    if a is None or b is None:
        if len(notes) > limit:
            notes = notes[: limit - 1] + "…"
        return html.escape(notes)
    before, mid, after = notes[:a], notes[a:b], notes[b:]
    room = max(40, (limit - len(mid)) // 2)
    if len(before) > room:
        before = "…" + before[-room:]
    if len(after) > room:
        after = after[:room] + "…"
    return f"{html.escape(before)}<mark>{html.escape(mid)}</mark>{html.escape(after)}"


def _status_html(status: str) -> str:
    """The review status as a labelled ``<span class="ua-status-...">``."""
    s = status.strip().lower() or "unreviewed"
    label = {"verified": "✔ verified", "flagged": "⚑ flagged"}.get(s, html.escape(s))
    cls = re.sub(r"[^a-z0-9-]", "", s)
    return f'<span class="ua-status-{cls}">{label}</span>'


def event_popup_html(row: Row) -> str:
    """The popup of one event: every value escaped.

    Shows the date with its precision, type and sub-type, actors, fatalities/injuries,
    severity, the source sentence with the place in ``<mark>``, report id and source,
    corroborating sources, review status and the event id (``class="ua-id"
    data-event-id="..."``).

    >>> h = event_popup_html({"event_id": "e1", "event_type": "Riots",
    ...                       "notes": "<script>x</script>"})
    >>> "<script>" in h, "&lt;script&gt;" in h
    (False, True)
    """
    e = html.escape
    eid = plain(row.get("event_id"))
    etype = plain(row.get("event_type")) or "Event"
    sub = plain(row.get("sub_event_type"))
    color = styles.type_color(etype)
    place = ", ".join(p for p in (plain(row.get("location")), plain(row.get("admin1")),
                                  plain(row.get("country"))) if p)
    prec = int_or_none(row.get("geo_precision"))
    prec_label = styles.PRECISION_LABELS.get(prec or 0, "precision unknown")
    actors = " vs ".join(a for a in (plain(row.get("actor1")), plain(row.get("actor2"))) if a)
    fat, inj = int_or_none(row.get("fatalities")), int_or_none(row.get("injuries"))
    sev = int_or_none(row.get("severity"))
    parts = [
        f'<div class="ua-popup" data-event-id="{e(eid)}">',
        f'<div class="ua-h"><span class="ua-swatch" style="background:{color}"></span> '
        f"{e(etype)}{(' · ' + e(sub)) if sub else ''}</div>",
        f'<div class="ua-meta">{e(format_event_date(row.get("event_date"), row.get("time_precision")))}'
        f"</div>",
        f'<div class="ua-meta">{e(place) or "place unknown"} <i>({e(prec_label)})</i></div>',
    ]
    if actors:
        parts.append(f"<div>Actors: {e(actors)}</div>")
    figures = [f"Fatalities: {fat if fat is not None else 'unknown'}"]
    if inj is not None:
        figures.append(f"Injuries: {inj}")
    if sev is not None:
        figures.append(f"Severity: {sev}/5")
    parts.append(f"<div>{' · '.join(figures)}</div>")
    notes = _highlighted_notes(row)
    if notes:
        parts.append(f'<div class="ua-notes">{notes}</div>')
    src_bits = []
    report = plain(row.get("report_id"))
    if report:
        src_bits.append(f"Report {e(report)}")
    if plain(row.get("source")):
        src_bits.append(f"source: {e(plain(row.get('source')))}")
    n_src = int_or_none(row.get("sources_count"))
    if n_src is not None:
        src_bits.append(f"{n_src} source{'s' if n_src != 1 else ''}"
                        f"{' (corroborated)' if n_src > 1 else ''}")
    conf = row.get("confidence")
    try:
        if conf is not None and not math.isnan(float(conf)):
            src_bits.append(f"geocoding confidence {float(conf):.0%}")
    except (TypeError, ValueError):
        pass
    if src_bits:
        parts.append(f'<div class="ua-src">{" · ".join(src_bits)}</div>')
    # (no "Flag as wrong" button: an exported page has nowhere to record a flag; the
    # dashboard's detail panel flags events, audited)
    parts.append(f"<div>{_status_html(plain(row.get('status')))} · "
                 f'<span class="ua-id" data-event-id="{e(eid)}">Event ID: {e(eid)}</span>'
                 "</div></div>")
    return "".join(parts)


def cell_popup_html(row: Any, size: float, limit: int) -> str:
    """The popup of an aggregated grid cell of ``size`` degrees (a row of
    ``_aggregate.aggregate_cells``); ``limit``: the map's ``max_markers``."""
    e = html.escape
    n = int(row.n)
    dates = row.first if row.first == row.last else f"{row.first} – {row.last}"
    sev = "" if math.isnan(row.severity) else f" · max severity {int(row.severity)}/5"
    regional = (f"<div>{int(row.regional):,} of them region-level (placed at the region's "
                "reference point)</div>") if row.regional else ""
    return (f'<div class="ua-popup"><div class="ua-h"><span class="ua-swatch" '
            f'style="background:{styles.type_color(row.event_type)}"></span> '
            f"{n:,} {e(row.event_type)} event{'s' if n != 1 else ''}</div>"
            f"<div>in a {size:g}° grid cell around {row.lat:.2f}, {row.lon:.2f}</div>{regional}"
            f"<div>Fatalities: {int(row.fatalities):,}{sev}</div>"
            f"<div>Dates: {e(dates) or 'unknown'}</div>"
            f'<div class="ua-src">Aggregated: more than {limit:,} events on the map. '
            "Filter the selection (in the dashboard: click the cell) to see single events."
            "</div></div>")

