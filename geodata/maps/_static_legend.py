"""The legend column of a static map: event types with counts, severity sizes, precision key,
and the country-level events that are not pinned.

Imports matplotlib: :mod:`geodata.maps.static` imports this module when it draws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from geodata.maps import styles
from geodata.maps._static_data import Prepared, date_text, marker_diameter
from geodata.maps._static_draw import rgba

if TYPE_CHECKING:  # pragma: no cover
    from geodata.maps.static import MapExport

__all__ = ["Panel", "country_box", "legend"]


class Panel:
    """Writes the legend column top-down in figure coordinates."""

    def __init__(self, fig: Any, x: float, top: float, width: float) -> None:
        self.fig, self.x, self.y, self.width = fig, x, top, width
        self.h_in = fig.get_figheight()

    def gap(self, pts: float) -> None:
        """Move down ``pts`` points."""
        self.y -= pts / 72.0 / self.h_in

    def heading(self, text: str) -> None:
        """A bold heading."""
        self.gap(3)
        self.fig.text(self.x, self.y, text, fontsize=9.5, fontweight="bold", va="top", color="#222222")
        self.gap(14)

    def row(self, text: str, symbol: Any = None, size: float = 8.5, indent: float = 0.018) -> None:
        """A line of text, after ``symbol(x, y)`` (a swatch drawer) when given."""
        mid = self.y - 5.5 / 72.0 / self.h_in
        if symbol is not None:
            symbol(self.x + indent / 2, mid)
        self.fig.text(self.x + indent + 0.004, mid, text, fontsize=size, va="center", color="#222222")
        self.gap(13)

    def marker(self, x: float, y: float, **kw: Any) -> None:
        """A circle marker at figure coordinates (``Line2D`` keywords)."""
        self.fig.add_artist(Line2D([x], [y], transform=self.fig.transFigure, ls="none", marker="o", **kw))

    def box(self, x: float, y: float, face: Any, edge: Any, dashed: bool = True) -> None:
        """A small (dashed) area swatch centred at figure coordinates."""
        w, h = 0.014, 9 / 72.0 / self.h_in
        self.fig.add_artist(Rectangle((x - w / 2, y - h / 2), w, h, transform=self.fig.transFigure,
                                      facecolor=face, edgecolor=edge, linewidth=1.0,
                                      linestyle=(0, (3, 2)) if dashed else "-"))  # fmt: skip


def legend(panel: Panel, type_counts: list[tuple[str, int]], scale: float, info: MapExport,
           has_near: bool) -> None:
    """Event types with counts, severity sizes (times ``scale``) and the precision key."""
    panel.heading("Event types")
    for t, n in type_counts:
        color = styles.type_color(t)
        panel.row(f"{t} ({n:,})", lambda x, y, c=color: panel.marker(x, y, ms=8, mfc=c, mec="white", mew=0.5))
    if not type_counts:
        panel.row("no events to draw")
    panel.heading("Severity")
    y = panel.y - 8 / 72.0 / panel.h_in
    step = panel.width / 6.2
    for i, s in enumerate(styles.SEVERITY_LEVELS):
        x = panel.x + 0.01 + i * step
        panel.marker(x, y, ms=marker_diameter(s, scale), mfc="#8c8c8c", mec="white", mew=0.5)
        panel.fig.text(x, y - 12.5 / 72.0 / panel.h_in, str(s), fontsize=7.5, ha="center", va="top", color="#222222")
    panel.gap(34)
    note = "1 minor … 5 ten or more deaths"
    if scale != 1:
        note += f"; markers ×{scale:.2f} (dense)"
    panel.fig.text(panel.x, panel.y + 4 / 72.0 / panel.h_in, note, fontsize=7, color="#555555", va="top")
    panel.gap(8)
    panel.heading("Location precision")
    panel.row("exact place", lambda x, y: panel.marker(x, y, ms=8, mfc="#8c8c8c", mec="white", mew=0.5))
    if has_near:
        panel.row("near a place", lambda x, y: panel.marker(x, y, ms=8, mfc=rgba("#8c8c8c", 0.3), mec="#8c8c8c", mew=0.9))
    if info.regions:
        panel.row(f"region-level: whole region ({info.region_events:,})",
                  lambda x, y: panel.box(x, y, rgba("#8c8c8c", 0.16), "#6f6f6f"))  # fmt: skip
    if info.halos:
        panel.row(f"region-level, no outline: 40 km halo ({info.halos:,})",
                  lambda x, y: panel.marker(x, y, ms=11, mfc=rgba("#8c8c8c", 0.14), mec="#6f6f6f", mew=0.9))  # fmt: skip


def country_box(panel: Panel, p: Prepared, bottom: float) -> None:
    """The country-level events (not pinned), by country, down to ``bottom`` (figure y)."""
    df = p.df
    sel = df[p.is_country]
    panel.heading(f"Country-level, not mapped ({len(sel):,})")
    by_c = sel.assign(_c=sel["country"].fillna(sel["country_code"]).fillna("country unknown").astype(str))
    groups = sorted(by_c.groupby("_c"), key=lambda kv: -len(kv[1]))
    per = 23 / 72.0 / panel.h_in
    room = max(1, int((panel.y - bottom - 13 / 72.0 / panel.h_in) / per))
    for i, (name, grp) in enumerate(groups):
        if i == room and len(groups) > room:
            rest = sum(len(g) for _n, g in groups[room:])
            panel.row(f"… and {len(groups) - room} more countr{'ies' if len(groups) - room > 1 else 'y'} "
                      f"({rest:,} events)", size=7.5, indent=0)  # fmt: skip
            break
        types = grp["event_type"].value_counts()
        kinds = ", ".join(f"{t} ×{n}" for t, n in types.head(3).items())
        dates = grp["event_date"].dropna().astype(str).str.slice(0, 10)
        when = date_text(dates.min(), dates.max()) if len(dates) else "dates unknown"
        panel.row(f"{name}: {len(grp)} — {when}", size=7.5, indent=0)
        panel.gap(-3)
        panel.row(f"   {kinds}", size=7, indent=0)

