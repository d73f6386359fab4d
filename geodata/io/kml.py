"""A streaming KML 2.2 writer for events (one Placemark per event, escaped with the stdlib).

Layout: a ``Document`` with a ``Schema`` of every event field (read back by GDAL/QGIS as
typed attributes), one ``Style`` per event type and severity (icon colour from
:data:`geodata.maps.styles.EVENT_TYPE_COLORS`, size by severity; no icon URL, so nothing is
fetched), and one ``Folder`` per event type. Each ``Placemark`` has a name (the place), a
plain-text description, a ``TimeStamp`` (exact day) or ``TimeSpan`` (week or month
precision), ``ExtendedData/SchemaData`` with every field, and a ``Point`` (no geometry when
the event has no coordinates). simplekml was tried first: it leaves ``ExtendedData`` values
unescaped and needs about a minute for 200,000 placemarks; this writer streams.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from geodata.maps import styles

__all__ = ["kml_color", "write_kml"]

_TYPES = {"int": "int", "float": "double", "str": "string"}
#: Characters XML 1.0 forbids (control characters other than tab, newline, return).
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def kml_color(hex_color: str, alpha: int = 255) -> str:
    """KML's ``aabbggrr`` of a ``#rrggbb`` colour.

    >>> kml_color("#1f78b4")
    'ffb4781f'
    """
    h = hex_color.lstrip("#")
    r, g, b = h[0:2], h[2:4], h[4:6]
    return f"{alpha:02x}{b}{g}{r}".lower()


def _style_id(event_type: str, severity: int) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in event_type.lower()).strip("-") or "other"
    return f"t-{slug}-s{severity}"


def _sev(value: Any) -> int:
    try:
        return min(5, max(1, int(value)))
    except (TypeError, ValueError):
        return 1


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    return _BAD_XML.sub("", str(value))


def _description(row: Mapping[str, Any]) -> str:
    bits = [f"{row.get('event_type') or 'Event'}"
            + (f" · {row['sub_event_type']}" if row.get("sub_event_type") else "")]  # fmt: skip
    place = ", ".join(str(row[k]) for k in ("location", "admin1", "country") if row.get(k))
    if place:
        bits.append(place)
    if row.get("event_date"):
        prec = styles.TIME_PRECISION_LABELS.get(int(row.get("time_precision") or 1), "")
        bits.append(f"{row['event_date']}" + (f" ({prec})" if prec else ""))
    actors = " vs ".join(str(row[k]) for k in ("actor1", "actor2") if row.get(k))
    if actors:
        bits.append(f"Actors: {actors}")
    if row.get("fatalities") is not None:
        bits.append(f"Fatalities: {row['fatalities']}")
    if row.get("severity") is not None:
        bits.append(f"Severity: {row['severity']}/5")
    if row.get("notes"):
        bits.append(str(row["notes"]))
    if row.get("source"):
        bits.append(f"Source: {row['source']}")
    bits.append(f"Event ID: {row.get('event_id')}")
    return "\n".join(bits)


def write_kml(
    rows: Sequence[Mapping[str, Any]],
    fh: IO[str],
    fields: Iterable[tuple[str, str]],
    *,
    name: str = "Unrest Atlas events",
) -> int:
    """Write ``rows`` (plain values) as KML to the text stream ``fh``; return the Placemarks.

    Parameters
    ----------
    rows
        One mapping per event: the Event fields (and any extra columns listed in ``fields``);
        ``date_start``/``date_end`` (when present) bound the ``TimeSpan`` of week- or
        month-precision events.
    fh
        An open text file (UTF-8).
    fields
        ``(name, kind)`` pairs for the Schema, ``kind`` one of ``int``, ``float``, ``str``.
    name
        The document's name.
    """
    fields = list(fields)
    w = fh.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n')
    w(f'<Document id="unrest-atlas">\n<name>{escape(name)}</name>\n')
    w('<Schema name="events" id="events">\n')
    for f, kind in fields:
        w(f"  <SimpleField name={quoteattr(f)} type=\"{_TYPES.get(kind, 'string')}\"></SimpleField>\n")
    w("</Schema>\n")
    by_type: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_type.setdefault(str(row.get("event_type") or "Unknown"), []).append(row)
    order = [t for t in styles.EVENT_TYPES if t in by_type] + sorted(t for t in by_type if t not in styles.EVENT_TYPES)
    for t in order:
        color = kml_color(styles.type_color(t))
        for s in styles.SEVERITY_LEVELS:
            scale = round(styles.severity_radius(s) / 10.0, 2)
            w(f'<Style id="{_style_id(t, s)}"><IconStyle><color>{color}</color><scale>{scale}</scale>'
              f"</IconStyle><LabelStyle><scale>0.8</scale></LabelStyle></Style>\n")  # fmt: skip
    count = 0
    for t in order:
        w(f"<Folder><name>{escape(t)} ({len(by_type[t])})</name>\n")
        for row in by_type[t]:
            count += 1
            w(f"<Placemark id={quoteattr('ev-' + _text(row.get('event_id')))}>\n")
            w(f"  <name>{escape(_text(row.get('location')) or _text(row.get('event_id')))}</name>\n")
            w(f"  <description>{escape(_BAD_XML.sub('', _description(row)))}</description>\n")
            tp = int(row.get("time_precision") or 1)
            start, end = row.get("date_start"), row.get("date_end")
            if row.get("event_date"):
                if tp > 1 and start and end:
                    w(f"  <TimeSpan><begin>{escape(str(start))}</begin><end>{escape(str(end))}</end></TimeSpan>\n")
                else:
                    w(f"  <TimeStamp><when>{escape(str(row['event_date']))}</when></TimeStamp>\n")
            w(f"  <styleUrl>#{_style_id(t, _sev(row.get('severity')))}</styleUrl>\n")
            w('  <ExtendedData><SchemaData schemaUrl="#events">\n')
            for f, _kind in fields:
                v = row.get(f)
                if v is None:
                    continue
                w(f"    <SimpleData name={quoteattr(f)}>{escape(_text(v))}</SimpleData>\n")
            w("  </SchemaData></ExtendedData>\n")
            lon, lat = row.get("longitude"), row.get("latitude")
            if lon is not None and lat is not None:
                w(f"  <Point><coordinates>{float(lon)!r},{float(lat)!r}</coordinates></Point>\n")
            w("</Placemark>\n")
        w("</Folder>\n")
    w("</Document>\n</kml>\n")
    return count
