"""Popups of the interactive map: one event, one aggregated grid cell, one region area, dates
in words.

The map carries each popup as a compact record (:func:`event_popup_data`,
:func:`cell_popup_data`) and its script builds the HTML when a popup opens
(:data:`geodata.maps._mapjs.POPUP_JS`); :func:`event_html`, :func:`cell_html` and
:func:`region_html` build the same HTML here. Every piece of report text is escaped
(``html.escape``) when the record is made: a record's strings are HTML text. Used by :mod:`geodata.maps.layers`
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
from geodata.maps._aggregate import cell_bbox

__all__ = ["EVENT_FIELDS", "Row", "cell_html", "cell_popup_data", "cell_popup_html",
           "event_html", "event_popup_data", "event_popup_html", "format_event_date",
           "int_or_none", "plain", "region_html"]

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


def _status(status: str) -> list[str] | None:
    """The review status as ``[css class, label HTML]`` (``None``: unreviewed)."""
    s = status.strip().lower() or "unreviewed"
    if s == "unreviewed":
        return None
    label = {"verified": "✔ verified", "flagged": "⚑ flagged"}.get(s, html.escape(s))
    return [re.sub(r"[^a-z0-9-]", "", s), label]


#: Fields of an event's popup record (:func:`event_popup_data`), in order.
EVENT_FIELDS = ("event_id", "event_type", "sub_event_type", "date", "place", "geo_precision",
                "fatalities", "severity", "notes", "actors", "injuries", "report_id", "source",
                "sources_count", "confidence", "status")


def _trimmed(rec: list[Any]) -> list[Any]:
    """``rec`` without its trailing empty fields (``None``/``""``): read back as empty."""
    n = len(rec)
    while n and rec[n - 1] in (None, ""):
        n -= 1
    return rec[:n]


def event_popup_data(row: Row) -> list[Any]:
    """The popup of one event as a compact record (fields :data:`EVENT_FIELDS`, trailing
    empty ones left out): every text is HTML already (escaped here; the source sentence with
    the place in ``<mark>``), numbers are ints or ``None``, the status ``[class, label]``.

    The map's script turns it into the popup's HTML when the popup opens
    (:data:`geodata.maps._mapjs.POPUP_JS`), as :func:`event_popup_html` does here.

    >>> event_popup_data({"event_id": "e1", "event_type": "Riots",
    ...                   "notes": "<script>x</script>", "fatalities": 2})
    ['e1', 'Riots', '', 'date unknown', '', None, 2, None, '&lt;script&gt;x&lt;/script&gt;']
    """
    e = html.escape
    place = ", ".join(p for p in (plain(row.get("location")), plain(row.get("admin1")),
                                  plain(row.get("country"))) if p)
    actors = " vs ".join(a for a in (plain(row.get("actor1")), plain(row.get("actor2"))) if a)
    conf, conf_text = row.get("confidence"), ""
    try:
        if conf is not None and not math.isnan(float(conf)):
            conf_text = f"{float(conf):.0%}"
    except (TypeError, ValueError):
        pass
    return _trimmed([
        e(plain(row.get("event_id"))), e(plain(row.get("event_type")) or "Event"),
        e(plain(row.get("sub_event_type"))),
        e(format_event_date(row.get("event_date"), row.get("time_precision"))), e(place),
        int_or_none(row.get("geo_precision")), int_or_none(row.get("fatalities")),
        int_or_none(row.get("severity")), _highlighted_notes(row), e(actors),
        int_or_none(row.get("injuries")), e(plain(row.get("report_id"))),
        e(plain(row.get("source"))), int_or_none(row.get("sources_count")), conf_text,
        _status(plain(row.get("status"))),
    ])


def event_html(rec: list[Any], color: str) -> str:
    """The HTML of an event's popup record (:func:`event_popup_data`), its type's swatch in
    ``color``; what the map's script builds in the browser."""
    (eid, etype, sub, when, place, prec, fat, sev, notes, actors, inj, report, source, n_src,
     conf, status) = rec + [None] * (len(EVENT_FIELDS) - len(rec))
    prec_label = styles.PRECISION_LABELS.get(prec or 0, "precision unknown")
    parts = [
        f'<div class="ua-popup" data-event-id="{eid}">',
        f'<div class="ua-h"><span class="ua-swatch" style="background:{color}"></span> '
        f"{etype}{(' · ' + sub) if sub else ''}</div>",
        f'<div class="ua-meta">{when}</div>',
        f'<div class="ua-meta">{place or "place unknown"} <i>({prec_label})</i></div>',
    ]
    if actors:
        parts.append(f"<div>Actors: {actors}</div>")
    figures = [f"Fatalities: {fat if fat is not None else 'unknown'}"]
    if inj is not None:
        figures.append(f"Injuries: {inj}")
    if sev is not None:
        figures.append(f"Severity: {sev}/5")
    parts.append(f"<div>{' · '.join(figures)}</div>")
    if notes:
        parts.append(f'<div class="ua-notes">{notes}</div>')
    src_bits = []
    if report:
        src_bits.append(f"Report {report}")
    if source:
        src_bits.append(f"source: {source}")
    if n_src is not None:
        src_bits.append(f"{n_src} source{'s' if n_src != 1 else ''}"
                        f"{' (corroborated)' if n_src > 1 else ''}")
    if conf:
        src_bits.append(f"geocoding confidence {conf}")
    if src_bits:
        parts.append(f'<div class="ua-src">{" · ".join(src_bits)}</div>')
    # (no "Flag as wrong" button: an exported page has nowhere to record a flag; the
    # dashboard's detail panel flags events, audited)
    cls, label = status or ("unreviewed", "unreviewed")
    parts.append(f'<div><span class="ua-status-{cls}">{label}</span> · '
                 f'<span class="ua-id" data-event-id="{eid}">Event ID: {eid}</span>'
                 "</div></div>")
    return "".join(parts)


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
    return event_html(event_popup_data(row), styles.type_color(plain(row.get("event_type"))
                                                               or "Event"))


def cell_popup_data(row: Any, size: float) -> list[Any]:
    """An aggregated grid cell of ``size`` degrees (a row of
    ``_aggregate.aggregate_cells``) as the record the map draws and builds the popup from:
    ``[lat, lon, radius, events, fatalities, max severity or None, first date, last date
    ("" when unknown), region-level events, "lat, lon" (2 places), bbox]``."""
    return [round(float(row.lat), 5), round(float(row.lon), 5),
            round(styles.cell_radius(int(row.n)), 2), int(row.n), int(row.fatalities),
            None if math.isnan(row.severity) else int(row.severity), html.escape(row.first),
            html.escape(row.last), int(row.regional), f"{row.lat:.2f}, {row.lon:.2f}",
            cell_bbox(row.west, row.south, size)]


def cell_html(cell: list[Any], type_html: str, color: str, size_text: str,
              limit_text: str) -> str:
    """The popup HTML of a cell record (:func:`cell_popup_data`) of the type ``type_html``
    (escaped), in a grid of ``size_text`` degrees on a map of at most ``limit_text`` markers;
    what the map's script builds in the browser."""
    n, fat, sev, first, last, regional, centre = cell[3:10]
    dates = first if first == last else f"{first} – {last}"
    sev_text = "" if sev is None else f" · max severity {sev}/5"
    reg = (f"<div>{regional:,} of them region-level (placed at the region's "
           "reference point)</div>") if regional else ""
    return (f'<div class="ua-popup"><div class="ua-h"><span class="ua-swatch" '
            f'style="background:{color}"></span> '
            f"{n:,} {type_html} event{'s' if n != 1 else ''}</div>"
            f"<div>in a {size_text}° grid cell around {centre}</div>{reg}"
            f"<div>Fatalities: {fat:,}{sev_text}</div>"
            f"<div>Dates: {dates or 'unknown'}</div>"
            f'<div class="ua-src">Aggregated: more than {limit_text} events on the map. '
            "Filter the selection (in the dashboard: click the cell) to see single events."
            "</div></div>")


def cell_popup_html(row: Any, size: float, limit: int) -> str:
    """The popup of an aggregated grid cell of ``size`` degrees (a row of
    ``_aggregate.aggregate_cells``); ``limit``: the map's ``max_markers``."""
    return cell_html(cell_popup_data(row, size), html.escape(row.event_type),
                     styles.type_color(row.event_type), f"{size:g}", f"{limit:,}")


def region_html(region: list[Any], records: list[list[Any]], color: str) -> str:
    """The popup HTML of a region area: ``region`` is ``[name, country, events, record
    indices]`` (HTML text), ``records`` the layer's event records."""
    name, admin, n, shown = region
    head = (f'<div class="ua-popup"><div class="ua-src">Region-level: {name}, {admin} · '
            f"{n} event{'s' if n != 1 else ''}</div></div>")
    more = (f'<div class="ua-popup ua-src">… and {n - len(shown)} more</div>'
            if n > len(shown) else "")
    return head + "<hr>".join(event_html(records[i], color) for i in shown) + more
