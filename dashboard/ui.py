"""Streamlit widgets shared by the pages: the store box, the filter sidebar and its URL sync.

The filters live in the URL query string (:mod:`dashboard.filters`): on the first run of a
session the widgets are set from the URL, and after every run the URL is set from the
widgets, so a view can be bookmarked, shared and reloaded.
"""

from __future__ import annotations

import getpass
from datetime import date, timedelta
from typing import Any

import streamlit as st

from dashboard import auth, data
from dashboard.filters import PLAY_MODES, Filters, ViewOptions
from dashboard.safe import md_text
from geodata.maps import styles
from geodata.store.filter import REVIEW_STATUSES

__all__ = [
    "analyst",
    "current_store",
    "filter_sidebar",
    "store_sidebar",
    "sync_query",
]

#: Widget keys of the filters (session state) -> what they hold.
KEYS = {
    "dates": "f_dates", "play": "f_play", "day": "f_day", "win": "f_win", "types": "f_types",
    "subs": "f_subs", "sev": "f_sev", "cc": "f_cc", "region": "f_region", "actor": "f_actor",
    "q": "f_q", "status": "f_status", "heat": "v_heat", "choro": "v_choro",
    "cluster": "v_cluster", "bbox": "f_bbox", "src": "f_src", "base": "v_base",
}  # fmt: skip
_PLAY_LABELS = {"off": "Off", "cumulative": "Cumulative", "window": "Moving window"}


def current_store() -> data.StoreChoice:
    """The store of this run (stopped with an error message when it cannot be opened)."""
    try:
        choice = data.resolve_store()
        if choice.writable and not (auth.may("correct") or auth.may("ingest")):
            import dataclasses  # team mode, a viewer: no review or ingest buttons (and the
            # server refuses those writes anyway: dashboard.auth.authorize)
            choice = dataclasses.replace(choice, writable=False, note="read-only for a viewer")
        data.store(str(choice.path), choice.writable)
    except Exception as exc:  # StoreError, OSError: tell the analyst, do not crash
        st.error(f"Cannot open the event store: {md_text(exc)}")
        st.stop()
    return choice


def analyst() -> str:
    """The analyst's name for the audit trail (sidebar; defaults to the login name). In team
    mode: the signed-in user's (there is no name field)."""
    if auth.team_mode():
        user = auth.current_user()
        return user.name if user is not None else ""
    if "analyst" not in st.session_state:
        try:
            st.session_state["analyst"] = getpass.getuser()
        except Exception:
            st.session_state["analyst"] = "analyst"
    return str(st.session_state.get("analyst") or "").strip()


def store_sidebar(choice: data.StoreChoice) -> None:
    """Which store is open, whether it is writable, and the analyst's name."""
    with st.sidebar:
        st.divider()
        if not auth.team_mode():  # team mode: the signed-in user is recorded
            analyst()
            st.text_input("Your name (for the audit trail)", key="analyst")
        kind = "Sample store (your copy)" if choice.is_sample else "Event store"
        mode = "read-write" if choice.writable else "read-only"
        st.caption(f"{kind}, {mode}: {md_text(choice.path)}")
        if choice.note:
            st.caption(choice.note)
        if choice.is_sample and choice.writable:
            with st.popover("Reset the sample"):
                st.write("Replace your copy of the sample store with a fresh one: your "
                         "corrections and ingested reports in it are lost.")
                if st.button("Reset the sample store", key="reset_sample"):
                    data.reset_sample_copy()
                    st.session_state.pop("_qp_init", None)
                    st.rerun()


# ----------------------------------------------------------------------------- filters
def _query_dict() -> dict[str, list[str]]:
    qp = st.query_params
    return {k: qp.get_all(k) for k in qp}


def _parse_day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _bounds(fac: dict[str, Any]) -> tuple[date, date]:
    lo, hi = _parse_day(fac.get("date_min")), _parse_day(fac.get("date_max"))
    today = date.today()
    hi = hi or today
    lo = lo or hi
    return lo, hi


def _init_from_query(fac: dict[str, Any]) -> list[str]:
    """Set the widget states from the URL (first run of a session); returns what was ignored."""
    params = _query_dict()
    f = Filters.from_query(params)
    v = ViewOptions.from_query(params)
    lo, hi = _bounds(fac)
    ignored: list[str] = []
    ss = st.session_state
    d_from = f.date_from or lo  # every event unless the link narrows the range
    d_to = f.date_to or hi
    d_from, d_to = min(max(d_from, lo), hi), max(min(d_to, hi), lo)
    if d_from > d_to:
        d_from, d_to = lo, hi
    ss[KEYS["dates"]] = (d_from, d_to)
    ss[KEYS["play"]] = f.play
    ss[KEYS["day"]] = min(max(f.day or d_to, d_from), d_to)
    ss[KEYS["win"]] = f.window

    def keep(values: tuple[str, ...], options: list[str], what: str) -> list[str]:
        ok = [x for x in values if x in options]
        ignored.extend(f"{what} {x!r}" for x in values if x not in options)
        return ok

    types = list(fac.get("event_types", []))
    ss[KEYS["types"]] = keep(f.types, types, "event type")
    subs = sorted({s for t in types for s in fac.get("sub_event_types", {}).get(t, [])})
    ss[KEYS["subs"]] = keep(f.sub_types, subs, "sub-event type")
    ss[KEYS["sev"]] = max(1, int(f.min_severity or 1))
    ss[KEYS["cc"]] = keep(f.countries, list(fac.get("countries", [])), "country")
    ss[KEYS["region"]] = keep(f.regions, list(fac.get("admin1", [])), "region")
    ss[KEYS["actor"]] = keep(f.actors, list(fac.get("actors", [])), "actor")
    ss[KEYS["src"]] = keep(f.sources, list(fac.get("sources", [])), "source")
    ss[KEYS["q"]] = f.text
    ss[KEYS["status"]] = list(f.statuses)
    ss[KEYS["bbox"]] = f.bbox
    ss[KEYS["heat"]] = v.heat_weight
    ss[KEYS["choro"]] = v.choropleth or "off"
    ss[KEYS["cluster"]] = v.cluster
    ss[KEYS["base"]] = v.basemap
    ss["sel"] = v.selected
    ss["focus"] = v.selected
    ss["_qp_init"] = True
    return ignored


def _shift_day(step: int, lo: date, hi: date) -> None:
    cur = st.session_state.get(KEYS["day"]) or hi
    st.session_state[KEYS["day"]] = min(max(cur + timedelta(days=step), lo), hi)


def _date_range(sb: Any, lo: date, hi: date) -> tuple[date, date]:
    """The date range widget (kept inside the store's dates)."""
    ss = st.session_state
    dates = ss.get(KEYS["dates"])
    full = ss.get("_dates_full")  # the store's dates on the previous run
    if not isinstance(dates, (tuple, list)) or not dates:
        ss[KEYS["dates"]] = (lo, hi)
    elif full and tuple(dates) == tuple(full) and tuple(full) != (lo, hi):
        ss[KEYS["dates"]] = (lo, hi)  # not narrowed: new events (an ingest) stay in view
    else:  # keep the stored range inside the store's dates (they change on ingest)
        a = min(max(dates[0], lo), hi)
        b = min(max(dates[-1], lo), hi) if len(dates) > 1 else hi
        if (a, b) != tuple(dates):
            ss[KEYS["dates"]] = (a, b)
    widen = ss.pop("_widen_dates", None)  # the dates of events just ingested
    if widen:
        cur = ss[KEYS["dates"]]
        a, b = cur[0], cur[-1]
        a2, b2 = max(min(a, widen[0]), lo), min(max(b, widen[1]), hi)
        if (a2, b2) != (a, b):
            ss[KEYS["dates"]] = (a2, b2)
            ss["_widened"] = True
    ss["_dates_full"] = (lo, hi)
    picked = sb.date_input("Date range", min_value=lo, max_value=hi, key=KEYS["dates"])
    if isinstance(picked, (tuple, list)) and len(picked) == 2:
        d_from, d_to = picked
    elif isinstance(picked, (tuple, list)) and len(picked) == 1:
        d_from, d_to = picked[0], hi
    else:
        d_from, d_to = lo, hi
    return d_from, d_to


def _playback(sb: Any, d_from: date, d_to: date) -> tuple[str, date | None, int]:
    """The playback widgets: mode, day and window."""
    ss = st.session_state
    play = sb.segmented_control("Time playback", PLAY_MODES, key=KEYS["play"],
                                format_func=lambda m: _PLAY_LABELS.get(m, m), help=(
                                    "Step through the days: every day up to the playback day "
                                    "(cumulative), or a window of days ending on it."))
    play = play or "off"
    day = None
    window = int(ss.get(KEYS["win"]) or 7)
    if play != "off":
        cur = ss.get(KEYS["day"])
        if not isinstance(cur, date) or not d_from <= cur <= d_to:
            ss[KEYS["day"]] = d_to
        if d_from < d_to:
            c1, c2 = sb.columns(2)
            c1.button("◀ Day", key="day_prev", on_click=_shift_day, args=(-1, d_from, d_to),
                      width="stretch")
            c2.button("Day ▶", key="day_next", on_click=_shift_day, args=(1, d_from, d_to),
                      width="stretch")
            day = sb.slider("Playback day", min_value=d_from, max_value=d_to,
                            step=timedelta(days=1), key=KEYS["day"], format="YYYY-MM-DD")
        else:
            day = d_from
            sb.caption(f"Playback day: {day.isoformat()}")
        if play == "window":
            window = int(sb.number_input("Window (days)", min_value=1, max_value=366, step=1,
                                         key=KEYS["win"]))
        sb.toggle("Play (one day every 2 s)", key="playing")
    return play, day, window


def _what(sb: Any, fac: dict[str, Any]) -> tuple[list[str], list[str], Any]:
    """Event type, sub-type and severity widgets."""
    ss = st.session_state
    types = list(fac.get("event_types", []))
    order = [t for t in styles.EVENT_TYPES if t in types] + [t for t in types
                                                             if t not in styles.EVENT_TYPES]
    sel_types = sb.multiselect("Event type", order, key=KEYS["types"], placeholder="All types")
    sub_map = fac.get("sub_event_types", {})
    subs = sorted({s for t in (sel_types or order) for s in sub_map.get(t, [])})
    ss[KEYS["subs"]] = [s for s in ss.get(KEYS["subs"], []) if s in subs]
    sel_subs = sb.multiselect("Sub-event type", subs, key=KEYS["subs"],
                              placeholder="All sub-types")
    sev = sb.slider("Minimum severity", min_value=1, max_value=5, step=1, key=KEYS["sev"],
                    help="1 keeps every event; 5 only the most severe.")
    return sel_types, sel_subs, sev


def _where(sb: Any, fac: dict[str, Any]) -> tuple[list[str], list[str], Any]:
    """Country, region and map-area widgets."""
    ss = st.session_state
    names = fac.get("country_names", {})
    ccs = list(fac.get("countries", []))
    sel_cc = sb.multiselect("Country", ccs, key=KEYS["cc"], placeholder="All countries",
                            format_func=lambda c: f"{names.get(c) or c} ({c})")
    by_cc = fac.get("admin1_by_country", {})
    regions = sorted({r for c in (sel_cc or ccs) for r in by_cc.get(c, [])}) if sel_cc \
        else list(fac.get("admin1", []))
    ss[KEYS["region"]] = [r for r in ss.get(KEYS["region"], []) if r in regions]
    sel_regions = sb.multiselect("Region (admin-1)", regions, key=KEYS["region"],
                                 placeholder="All regions")
    bbox = ss.get(KEYS["bbox"])
    if bbox:
        w, s_, e, n = bbox
        sb.caption(f"Map area: latitude {s_:g} to {n:g}, longitude {w:g} to {e:g} "
                   "(from a grid cell clicked on the map)")
        sb.button("Clear the map area", key="clear_bbox", on_click=ss.pop,
                  args=(KEYS["bbox"], None), width="stretch")
    return sel_cc, sel_regions, bbox


def _who(sb: Any, fac: dict[str, Any]) -> tuple[list[str], list[str], str, list[str]]:
    """Actor, source, text and review-status widgets."""
    sel_actors = sb.multiselect("Actor", list(fac.get("actors", [])), key=KEYS["actor"],
                                placeholder="Any actor")
    sel_sources = sb.multiselect("Source", list(fac.get("sources", [])), key=KEYS["src"],
                                 placeholder="Any source",
                                 help="Events reported by one of these sources (a corroborated "
                                      "event counts for each of its sources).")
    text = sb.text_input("Search the sources", key=KEYS["q"], max_chars=200,
                         placeholder="a word in the sentence, place, actor or source")
    statuses = sb.multiselect("Review status", list(REVIEW_STATUSES), key=KEYS["status"],
                              placeholder="All but rejected")
    return sel_actors, sel_sources, text, statuses


def _layers(sb: Any) -> tuple[str, str, bool, str]:
    """The map layer options."""
    with sb.expander("Map layers"):
        heat = st.radio("Heat map weighted by", ("severity", "fatalities"), key=KEYS["heat"],
                        horizontal=True)
        choro = st.radio("Regions shaded by", ("events", "fatalities", "off"), key=KEYS["choro"],
                         horizontal=True)
        cluster = st.checkbox("Cluster dense points (above 300 points)", key=KEYS["cluster"])
        base = st.radio("Basemap", ("vector", "raster"), key=KEYS["base"], horizontal=True,
                        format_func=lambda b: {"vector": "Vector (sharp to zoom 12)",
                                               "raster": "Raster tiles"}.get(b, b))
    return heat, choro, bool(cluster), str(base or "vector")


def filter_sidebar(fac: dict[str, Any]) -> tuple[Filters, ViewOptions]:
    """Draw the filter widgets in the sidebar; return the filters and the view options."""
    ss = st.session_state
    if not ss.get("_qp_init"):  # the link's filters, read once; what was ignored stays said
        ss["_qp_ignored"] = list(_init_from_query(fac))  # (on every rerun of the session)
    if ss.get("_qp_ignored"):
        st.warning("Ignored from the link (not in this store): "
                   + md_text("; ".join(ss["_qp_ignored"][:8])))
    lo, hi = _bounds(fac)
    sb = st.sidebar
    sb.header("Filters")
    d_from, d_to = _date_range(sb, lo, hi)
    play, day, window = _playback(sb, d_from, d_to)
    sel_types, sel_subs, sev = _what(sb, fac)
    sel_cc, sel_regions, bbox = _where(sb, fac)
    sel_actors, sel_sources, text, statuses = _who(sb, fac)
    heat, choro, cluster, base = _layers(sb)
    filters = Filters(
        date_from=d_from if d_from else None, date_to=d_to if d_to else None, play=play, day=day,
        window=window, types=tuple(sel_types), sub_types=tuple(sel_subs),
        min_severity=int(sev) if sev and int(sev) > 1 else None, countries=tuple(sel_cc),
        regions=tuple(sel_regions), actors=tuple(sel_actors), text=(text or "").strip(),
        statuses=tuple(statuses), bbox=tuple(bbox) if bbox else None,
        sources=tuple(sel_sources),
    ).normalised()
    view = ViewOptions(selected=ss.get("sel"), heat_weight=heat,
                       choropleth=None if choro == "off" else choro, cluster=bool(cluster),
                       basemap=base)
    return filters, view


def sync_query(filters: Filters, view: ViewOptions) -> None:
    """Write the filters and view options into the URL (only when they changed)."""
    want: dict[str, Any] = {**filters.to_query(), **view.to_query()}
    have = _query_dict()
    norm_want = {k: (v if isinstance(v, list) else [v]) for k, v in want.items()}
    if norm_want != have:
        st.query_params.from_dict(want)
