"""The map page: filtered events on an offline map, the selected event's details, the
country-level events, counts by region, a timeline and the table with downloads.

Selection: a click on the map selects the event in the detail panel and the table; a row
picked in the table (or the country-level list, or ``?sel=`` in the URL) selects it and the
map is redrawn centred on it with a ring. A click on the map does not redraw the map (its
popup stays open); pan and zoom never rerun the script (``returned_objects`` is narrow).
"""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboard import charts, data, foliumkit, panels, ui
from dashboard.filters import Filters, ViewOptions
from dashboard.safe import md_text
from geodata.exceptions import UnrestAtlasError
from geodata.maps import styles
from geodata.maps.layers import cell_from_click, event_id_from_click, format_event_date

RETURNED = ["last_active_drawing", "last_object_clicked_popup", "last_object_clicked"]
TABLE_LIMIT = 2000
MAP_HEIGHT = 600
PLAY_SECONDS = 2.0

choice = ui.current_store()
PATH, W = str(choice.path), choice.writable
VER = data.store_version(choice.path)
fac = data.facets(PATH, VER, W)
filters, view = ui.filter_sidebar(fac)
events = data.filtered(PATH, VER, filters, W)
ss = st.session_state

#: A session's first page draws the map before the charts and the events table: those come
#: with a second run ``DEFER_SECONDS`` later (the browser builds every element of the page
#: on one thread, the map's frame too, and the tables and charts held the map back by about
#: a second on a first visit). Any later run draws everything at once.
DEFER_SECONDS = 1.0
LIGHT = not ss.get("_ua_page_full")
ss["_ua_page_full"] = True


def _select(event_id: str | None, source: str) -> None:
    ss["sel"] = event_id
    if source != "map":
        ss["focus"] = event_id


# ----------------------------------------------------------------------------- header
st.title("Map")
flash = ss.pop("flash", None)
if flash:
    (st.success if flash[0] == "ok" else st.error)(md_text(flash[1]))

total = data.event_count(PATH, VER, W)
n_events = len(events)
fat = int(pd.to_numeric(events["fatalities"], errors="coerce").fillna(0).sum()) if n_events else 0
corro = int((pd.to_numeric(events["sources_count"], errors="coerce") > 1).sum()) if n_events else 0
m1, m2, m3, m4 = st.columns(4)
m1.metric("Events", f"{n_events:,}", help=f"of {total:,} in the store")
m2.metric("Fatalities (lowest reported)", f"{fat:,}")
m3.metric("Corroborated (2+ sources)", f"{corro:,}")
m4.metric("Countries", f"{events['country_code'].nunique():,}")
lo, hi = filters.date_range()
st.caption(f"Showing {n_events:,} events · {md_text(filters.describe())}", help="The filters are in the "
           "page address: copy it to share or bookmark this view.")
if lo or hi:  # the range is narrowed: say what it hides
    undated = dataclasses.replace(filters, date_from=None, date_to=None, play="off", day=None)
    n_out = len(data.filtered(PATH, VER, undated, W)) - n_events
    if n_out > 0:
        st.info(f"{n_out:,} event{'s' if n_out != 1 else ''} matching the other filters "
                f"{'are' if n_out != 1 else 'is'} outside the date range {lo or '…'} to "
                f"{hi or '…'}.", icon=":material/date_range:")
just = ss.pop("_just_ingested", None)
if just:
    st.success(f"{just['n']:,} event{'s' if just['n'] != 1 else ''} just stored from "
               f"{md_text(', '.join(just['reports']))}: shown on the map and in the table"
               + (" (the date range was widened to include them)." if ss.pop("_widened", False)
                  else "."), icon=":material/new_releases:")


# ----------------------------------------------------------------------------- the map
@st.fragment
def map_block(filters: Filters, map_view: ViewOptions, focus: str | None) -> None:
    """The map; a click that picks an event selects it (and reruns the page)."""
    rm = data.event_map(PATH, VER, filters, map_view, focus, W)
    s = rm.summary
    out = foliumkit.show(rm.args, rm.rebuild, key="map",
                         height=MAP_HEIGHT, returned_objects=RETURNED)
    # (an aggregated map draws its events as cells; the selected one also on its own)
    drawn = s.cell_events if s.aggregated else s.points + s.region_events + s.halos
    parts = [f"**{drawn:,}** events on the map"]
    if s.aggregated:
        parts.append(f"shown as {s.cells:,} grid cells of {s.grid_degrees:g}° "
                     "(click a cell to show its events)")
    if s.region_events:
        parts.append(f"{s.region_events:,} region-level in {s.regions:,} outlined regions")
    if s.halos:
        parts.append(f"{s.halos:,} region-level as halos")
    if s.country_level:
        parts.append(f"{s.country_level:,} country-level listed beside the map")
    if s.unplaced:
        parts.append(f"{len(s.unplaced):,} without a usable location")
    st.caption(" · ".join(parts))

    eid = event_id_from_click(out)
    sig = json.dumps([(out or {}).get("last_object_clicked"), eid], default=str, sort_keys=True)
    mkey = repr((VER, filters, map_view, focus))
    seen = ss.setdefault("_map_seen", {})
    if mkey not in seen:
        seen[mkey] = sig
    elif sig != seen[mkey]:
        seen[mkey] = sig
        cell = cell_from_click(out)
        if cell is not None:  # drill down: the cell's area becomes a filter
            ss[ui.KEYS["bbox"]] = cell
            st.rerun(scope="app")
        if eid and eid != ss.get("sel"):
            _select(eid, "map")
            st.rerun()


def _review_actions(ev: dict) -> None:
    """Verify / flag / reject, and a small correction form (audited)."""
    eid = str(ev["event_id"])
    if not choice.writable:
        st.caption("Read-only store: review actions are off.")
        return
    who = ui.analyst()
    with st.form(f"review-{eid}", clear_on_submit=True, border=False):
        note = st.text_input("Note", placeholder="what is right or wrong (needed to flag)")
        c1, c2, c3 = st.columns(3)
        verify = c1.form_submit_button("✔ Verify", width="stretch")
        flag = c2.form_submit_button("⚑ Flag", width="stretch", help="Flag as wrong (say why in the note)")
        reject = c3.form_submit_button("✖ Reject", width="stretch")
    status = "verified" if verify else "flagged" if flag else "rejected" if reject else None
    if status:
        if not who:
            st.error("Give your name in the sidebar first (it goes into the audit trail).")
            return
        try:
            data.set_status(choice, eid, status, who=who, note=note or "")
        except UnrestAtlasError as exc:
            st.error(md_text(exc))
            return
        ss["flash"] = ("ok", f"Event {eid} marked {status}.")
        st.rerun()
    with st.expander("Correct this event"):
        _move_place(ev, who)
        types = list(styles.EVENT_TYPES)
        from geodata.events.taxonomy import EVENT_TYPES

        with st.form(f"correct-{eid}", border=False):
            cur_t = ev.get("event_type") if ev.get("event_type") in types else types[0]
            etype = st.selectbox("Event type", types, index=types.index(cur_t))
            subs = list(EVENT_TYPES.get(etype, ()))
            cur_s = ev.get("sub_event_type")
            sub = st.selectbox("Sub-event type (of the type above)",
                               list(dict.fromkeys([*([cur_s] if cur_s in subs else []), *subs])))
            day = st.date_input("Date", value=pd.to_datetime(ev.get("event_date")).date()
                                if ev.get("event_date") else None)
            fat_v = ev.get("fatalities")
            fat_n = st.number_input("Fatalities", min_value=0, step=1,
                                    value=int(fat_v) if fat_v is not None else 0)
            why = st.text_input("Why", placeholder="what the source actually says")
            ok = st.form_submit_button("Save correction")
        if ok:
            changes: dict = {}
            if etype != ev.get("event_type") or sub != ev.get("sub_event_type"):
                changes.update(event_type=etype, sub_event_type=sub)
            if day and day.isoformat() != str(ev.get("event_date"))[:10]:
                changes["event_date"] = day.isoformat()
            if (fat_v is None and fat_n != 0) or (fat_v is not None and int(fat_v) != fat_n):
                changes["fatalities"] = int(fat_n)
            if not changes:
                st.info("Nothing changed.")
            elif not who:
                st.error("Give your name in the sidebar first.")
            else:
                try:
                    data.update_event(choice, eid, who=who, note=why or "", **changes)
                except UnrestAtlasError as exc:
                    st.error(md_text(exc))
                else:
                    ss["flash"] = ("ok", f"Event {eid} corrected: {', '.join(changes)}.")
                    st.rerun()


def _move_place(ev: dict, who: str) -> None:
    """Put the event at another place of the gazetteer (audited): what an event whose town the
    geoparser could not find ("place not found: ...") needs."""
    from dashboard import review
    from geodata.places.countries import country_name

    eid = str(ev["event_id"])
    name = st.text_input("Move it to a place", key=f"move-q-{eid}",
                         placeholder="a town or region of the gazetteer")
    if not (name or "").strip():
        return
    try:
        found = data.gazetteer().lookup(name.strip())[:12]
    except UnrestAtlasError as exc:
        st.error(md_text(exc))
        return
    choices = review.lookup_choices(found)
    if not choices:
        st.caption(f"No place called {md_text(repr(name.strip()))} in the gazetteer.")
        return
    k = st.selectbox("Place found", range(len(choices)), key=f"move-pick-{eid}",
                     format_func=lambda i: choices[i].label)
    if st.button("Move the event here", key=f"move-{eid}"):
        if not who:
            st.error("Give your name in the sidebar first.")
            return
        place = choices[k or 0]
        names = {c.country_code: country_name(c.country_code) or c.country_code for c in choices
                 if c.country_code}
        try:
            data.update_event(choice, eid, who=who, note=f"moved to {place.label}",
                              **place.changes(names))
        except UnrestAtlasError as exc:
            st.error(md_text(exc))
            return
        ss["flash"] = ("ok", f"Event {eid} moved to {place.label}.")
        st.rerun()


def detail_panel(sel: str) -> None:
    ev = data.event_detail(PATH, VER, sel, W)
    if ev is None:
        st.info(f"Event {md_text(repr(sel))} is not in this store.")
        if st.button("Clear the selection", key="clear_missing"):
            _select(None, "panel")
            st.rerun()
        return
    html_card = panels.event_card_html(
        ev, ev.get("sources") or [],
        date_text=format_event_date(ev.get("event_date"), ev.get("time_precision")),
        precision_text=styles.PRECISION_LABELS.get(int(ev.get("geo_precision") or 0), ""),
        color=styles.type_color(ev.get("event_type")))
    st.html(panels.CARD_CSS + html_card)
    if not events["event_id"].eq(ev["event_id"]).any():
        st.caption("This event is outside the current filters.")
    n_corr = len(ev.get("corrections") or [])
    if n_corr:
        st.caption(f"{n_corr} correction{'s' if n_corr != 1 else ''} in the audit trail.")
    _review_actions(ev)
    if st.button("Clear the selection", key="clear_sel"):
        _select(None, "panel")
        st.rerun()


# ----------------------------------------------------------------------------- layout
col_map, col_side = st.columns([2.6, 1.4], gap="medium")
cl = data.country_level_events(PATH, VER, filters, W)
with col_map:
    focus = ss.get("focus")
    # no ring for an event that is not on the map (filtered out, or country-level: those are
    # listed beside the map, never pinned at the country's centroid)
    if focus and (not events["event_id"].eq(focus).any() or cl["event_id"].eq(focus).any()):
        focus = None
    map_block(filters, dataclasses.replace(view, selected=None), focus)

with col_side:
    sel = ss.get("sel")
    with st.container(border=True):
        if sel:
            detail_panel(sel)
        else:
            st.markdown("**No event selected.** Click an event on the map or pick a row in "
                        "the table.")
    st.markdown(f"**Country-level events** ({len(cl):,}) — not pinned on the map")
    if LIGHT and len(cl):
        st.caption("Drawing the list…")
    elif len(cl):
        cl_view = data.newest_first(cl).head(500)
        ss["_cl_ids"] = list(cl_view["event_id"].astype(str))

        def _on_cl() -> None:
            rows = (ss.get("cl_table") or {}).get("selection", {}).get("rows") or []
            if rows:
                _select(ss["_cl_ids"][rows[0]], "country-list")

        st.dataframe(cl_view[["event_date", "event_type", "country", "sub_event_type", "notes"]],
                     key="cl_table", on_select=_on_cl, selection_mode="single-row",
                     hide_index=True, height=min(240, 38 + 35 * len(cl_view)), placeholder="–",
                     column_config={"event_date": "Date", "event_type": "Type",
                                    "country": "Country", "sub_event_type": "Sub-type",
                                    "notes": "Source sentence"})
    else:
        st.caption("None in the current filters.")
    regions = data.by_region(PATH, VER, filters, W)
    st.markdown("**Events by region**")
    if LIGHT:
        st.caption("Drawing the chart…")
    elif len(regions):
        st.altair_chart(charts.region_chart(regions), width="stretch")
        if len(regions) > charts.REGION_BAR_LIMIT:
            st.caption(f"The {charts.REGION_BAR_LIMIT} regions with most events; all of them "
                       "in the table below.")
        with st.expander(f"All {len(regions):,} regions"):
            st.dataframe(regions, hide_index=True, width="stretch", column_config={
                "country": "Country", "admin1": "Region", "events": "Events",
                "fatalities": "Fatalities"})
    else:
        st.caption("No events.")


# ----------------------------------------------------------------------------- timeline
st.subheader("Timeline")
context = dataclasses.replace(filters, play="off", day=None)
tl = data.timeline(PATH, VER, context, W)
if LIGHT:
    st.caption("Drawing the timeline…")
elif tl.empty:
    st.caption("No dated events in the current filters.")
else:
    band = (lo, hi) if filters.play != "off" and lo and hi else None
    st.altair_chart(charts.timeline_chart(tl, band), width="stretch")
    if filters.play != "off":
        st.caption(f"Shaded: the playback {'window' if filters.play == 'window' else 'period'} "
                   f"{lo} to {hi}.")


# ----------------------------------------------------------------------------- table
st.subheader("Events")


def events_table() -> None:
    """The filtered events (newest first, a row selects the event) and the downloads."""
    table = data.newest_first(events)
    if len(table) > TABLE_LIMIT:
        shown = table.head(TABLE_LIMIT)
        if sel and not shown["event_id"].eq(sel).any() and table["event_id"].eq(sel).any():
            shown = pd.concat([table[table["event_id"] == sel], shown])
        st.caption(f"The {TABLE_LIMIT:,} most recent of {len(table):,} events; the downloads hold "
                   "all of them.")
    else:
        shown = table
    ids = list(shown["event_id"].astype(str))
    ss["_table_ids"] = ids
    want = [ids.index(sel)] if sel in ids else []
    cur = ((ss.get("table") or {}).get("selection") or {}).get("rows")
    if cur != want:
        ss["table"] = {"selection": {"rows": want, "columns": [], "cells": []}}


    def _on_table() -> None:
        rows = ((ss.get("table") or {}).get("selection") or {}).get("rows") or []
        _select(ss["_table_ids"][rows[0]] if rows else None, "table")


    st.dataframe(
        shown[list(data.TABLE_COLUMNS)], key="table", on_select=_on_table,
        selection_mode="single-row", hide_index=True, height=380, width="stretch", placeholder="–",
        column_config={
            "event_date": st.column_config.TextColumn("Date"),
            "event_type": "Type", "sub_event_type": "Sub-type", "location": "Place",
            "admin1": "Region", "country": "Country",
            "fatalities": st.column_config.NumberColumn("Fatalities", format="%d"),
            "severity": st.column_config.NumberColumn("Severity", format="%d"),
            "sources_count": st.column_config.NumberColumn("Sources", format="%d"),
            "status": "Status", "actor1": "Actor 1", "actor2": "Actor 2",
            "geo_precision": st.column_config.NumberColumn("Geo precision", format="%d"),
            "event_id": "Event ID",
        },
    )
    stem = f"unrest-events-{lo or 'start'}-{hi or 'end'}"
    d1, d2, d3, d4, _ = st.columns([1, 1, 1, 1, 1])
    d1.download_button(f"⬇ CSV ({n_events:,} events)", data=lambda: data.export_bytes(events, "csv"),
                       file_name=f"{stem}.csv", mime="text/csv", key="dl_csv", on_click="ignore",
                       disabled=not n_events)
    d2.download_button(f"⬇ GeoJSON ({n_events:,} events)",
                       data=lambda: data.export_bytes(events, "geojson"),
                       file_name=f"{stem}.geojson", mime="application/geo+json", key="dl_geojson",
                       on_click="ignore", disabled=not n_events)
    # briefing maps of exactly the filtered events: the same library code as `unrest-atlas export-map`
    d3.download_button("⬇ Map (PDF)", data=lambda: data.map_export_bytes(events, "pdf", filters.describe()),
                       file_name=f"{stem}.pdf", mime="application/pdf", key="dl_map_pdf",
                       on_click="ignore", disabled=not n_events)
    d4.download_button("⬇ Map (offline HTML)",
                       data=lambda: data.map_export_bytes(events, "html", filters.describe()),
                       file_name=f"{stem}.html", mime="text/html", key="dl_map_html",
                       on_click="ignore", disabled=not n_events)


if LIGHT:
    st.caption("Drawing the table…")
else:
    events_table()


# ----------------------------------------------------------------------------- playback
if ss.get("playing") and filters.play != "off":

    @st.fragment(run_every=PLAY_SECONDS)
    def _ticker() -> None:
        now = time.monotonic()
        last = ss.get("_tick_at")
        if last is None or now - last < PLAY_SECONDS * 0.9:
            ss.setdefault("_tick_at", now)
            return
        ss["_tick_at"] = now
        _d_from, d_to = filters.date_from, filters.date_to
        day = filters.day or d_to
        if day is None or d_to is None or day >= d_to:
            ss["playing"] = False
        else:
            ss[ui.KEYS["day"]] = day + timedelta(days=1)
        st.rerun()

    _ticker()
else:
    ss.pop("_tick_at", None)

if LIGHT:  # the rest of the page, a moment after the map

    @st.fragment(run_every=DEFER_SECONDS)
    def _complete_page() -> None:
        if ss.pop("_ua_page_armed", False):  # the timer's run: draw the whole page
            st.rerun(scope="app")
        ss["_ua_page_armed"] = True

    _complete_page()

ui.sync_query(filters, dataclasses.replace(view, selected=ss.get("sel")))
