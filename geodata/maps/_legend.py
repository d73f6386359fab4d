"""The legend of the interactive map (types with counts, severity sizes, precision key, notes).

>>> out = legend_html([("Riots", 3)], MapSummary(), None, [], None, 5000)
>>> "Riots (3)" in out, "<details open>" in out
(True, True)
"""

from __future__ import annotations

import html

from geodata.maps import styles
from geodata.maps._summary import MapSummary

__all__ = ["legend_html"]


def legend_html(types: list[tuple[str, int]], summary: MapSummary, choropleth: str | None,
                breaks: list[float], heat_weight: str | None, limit: int,
                open_: bool = True) -> str:
    """The legend's HTML (a ``<details>``, unfolded when ``open_``).

    Parameters
    ----------
    types
        Event types drawn, in legend order, with their counts.
    summary
        What the map drew (country-level, unplaced, aggregation notes).
    choropleth, breaks
        The choropleth measure and its class breaks (no choropleth key when empty).
    heat_weight
        The heat layer's weight (``None``: no heat layer).
    limit
        The map's ``max_markers`` (named in the aggregation note).
    """
    e = html.escape
    rows = [f'<details{" open" if open_ else ""}><summary><b>Legend</b></summary><h4>Event types</h4>']
    for t, n in types:
        rows.append(f'<div class="ua-row"><span class="ua-swatch" style="background:'
                    f'{styles.type_color(t)}"></span>{e(t)}'
                    f'{f" ({n:,})" if n else ""}</div>')
    rows.append("<h4>Severity</h4><div class=\"ua-row\">")
    for s in styles.SEVERITY_LEVELS:
        r = styles.severity_radius(s)
        d = 2 * r + 2
        rows.append(f'<svg width="{d:.0f}" height="{d:.0f}"><circle cx="{d / 2}" cy="{d / 2}" '
                    f'r="{r}" fill="#888" stroke="#fff"/></svg>{s}')
    rows.append("</div><h4>Location precision</h4>")
    rows.append('<div class="ua-row"><svg width="16" height="16"><circle cx="8" cy="8" r="6" '
                'fill="#888" stroke="#fff"/></svg>exact place</div>')
    rows.append('<div class="ua-row"><svg width="16" height="16"><circle cx="8" cy="8" r="6" '
                'fill="#888" fill-opacity=".35" stroke="#888" stroke-width="2" '
                'stroke-dasharray="3 2"/></svg>near a place</div>')
    rows.append('<div class="ua-row"><span class="ua-box" style="background:rgba(136,136,136,.2);'
                'border:2px dashed #888"></span>region-level (area)</div>')
    if summary.clustered:
        rows.append('<div class="ua-row"><svg width="18" height="18"><g transform="rotate(-90 9 9)">'
                    '<circle cx="9" cy="9" r="6" fill="#fff" stroke="#1f78b4" stroke-width="4" '
                    'stroke-dasharray="22 15.7"/><circle cx="9" cy="9" r="6" fill="none" '
                    'stroke="#ff7f00" stroke-width="4" stroke-dasharray="15.7 22" '
                    'stroke-dashoffset="-22"/></g></svg>cluster: its types, its count</div>')
    if summary.country_level:
        rows.append(f'<div class="ua-note">{summary.country_level:,} country-level event'
                    f'{"s" if summary.country_level != 1 else ""} not drawn (listed separately)'
                    "</div>")
    if summary.unplaced:
        rows.append(f'<div class="ua-note">{len(summary.unplaced):,} event(s) without a usable '
                    "location not drawn</div>")
    if summary.aggregated:
        rows.append(f'<div class="ua-note"><b>Aggregated</b>: more than {limit:,} events to '
                    f"draw, shown as {summary.cells:,} grid cells of "
                    f"{summary.grid_degrees:g}°.</div>")
    if choropleth and breaks:
        label = "Fatalities" if choropleth == "fatalities" else "Events"
        rows.append(f"<h4>{label} per region</h4>")
        lo = 1
        for b in breaks:
            color = styles.choropleth_color(b, breaks)
            rng = f"{lo:,}" if lo >= b else f"{lo:,}–{int(b):,}"
            rows.append(f'<div class="ua-row"><span class="ua-box" style="background:{color}">'
                        f"</span>{rng}</div>")
            lo = int(b) + 1
    if heat_weight:
        rows.append(f'<div class="ua-note">Heat layer weighted by {e(heat_weight)}.</div>')
    rows.append("</details>")
    return "".join(rows)

