"""The ingest page: paste or upload reports, find their places and events with a progress
bar, review each event beside its sentence (fix place, type, date; accept or reject), then
store the accepted ones. The reviewer's fixes are written as audited corrections."""

from __future__ import annotations

import uuid
from datetime import date

import streamlit as st

from dashboard import data, panels, review, ui
from dashboard.safe import md_text
from geodata.events.taxonomy import EVENT_TYPES
from geodata.exceptions import UnrestAtlasError
from geodata.maps import styles
from geodata.maps.layers import format_event_date

choice = ui.current_store()
ss = st.session_state

st.title("Ingest reports")
st.caption("Reports are geoparsed offline (bundled gazetteer) and their events extracted by the "
           "same code as the command line. Nothing enters the store until you accept it.")
if not choice.writable:
    st.warning("This store is read-only: you can try the extraction, but not store events.")

done = ss.pop("ing_done", None)
if done:
    for line in done["lines"]:
        st.success(md_text(line))
    for line in done["problems"]:
        st.warning(md_text(line))
    new_rows = done.get("events")
    if new_rows is not None and len(new_rows):
        st.dataframe(new_rows, hide_index=True, width="stretch", column_config={
            "event_date": "Date", "event_type": "Type", "sub_event_type": "Sub-type",
            "location": "Place", "admin1": "Region", "country": "Country",
            "status": "Status", "event_id": "Event ID"})
    st.page_link("views/explore.py", label="Open the map", icon=":material/map:")

mode = st.radio("Reports from", ("Paste text", "Upload files"), horizontal=True, key="ing_mode")
reports: list = []
problems: list[str] = []
if mode == "Paste text":
    text = st.text_area("Report text", height=200, key="ing_text",
                        placeholder="Paste a wire report (machine-translated text is fine).")
    # the date comes from the report's dateline; the analyst's own choice is never overwritten
    found, words = review.dateline_date(text or "")
    if ss.get("ing_published") == ss.get("_ing_pub_auto") and found != ss.get("_ing_pub_auto"):
        ss["ing_published"] = found
    ss["_ing_pub_auto"] = found
    ss.setdefault("ing_published", None)
    published = st.date_input("Publication date", key="ing_published", help=(
        "Relative dates such as “on Tuesday” are read against it. Taken from the report's "
        "dateline when it has one; otherwise give it before finding events."))
    if found and published == found:
        st.caption(f"From the dateline “{md_text(words)}”"
                   + ("" if str(found.year) in words else f" (year taken as {found.year}: check it)")
                   + ".")
    c1, c2, c3 = st.columns(3)
    rid = c1.text_input("Report id (optional)", key="ing_id")
    title = c2.text_input("Title (optional)", key="ing_title")
    source = c3.text_input("Source (optional)", key="ing_source")
    if text and text.strip():
        try:
            reports = [review.report_from_text(text, published, report_id=rid, title=title,
                                               source=source)]
        except UnrestAtlasError as exc:
            problems.append(str(exc))
else:
    ss.setdefault("ing_published", None)
    published = st.date_input("Publication date (for reports without one)", key="ing_published",
                              help="Relative dates such as “on Tuesday” are read against it. A "
                                   "JSONL line's own “published” field, then a report's "
                                   "dateline, win over it.")
    files = st.file_uploader("Reports (.txt: one report per file; .jsonl: one per line)",
                             type=["txt", "jsonl"], accept_multiple_files=True, key="ing_files")
    for f in files or []:
        got, bad = review.reports_from_upload(f.name, f.getvalue(), None)
        reports += got
        problems += bad

reports, undated = review.fill_published(reports, published)
for p in problems:
    st.warning(md_text(p))
if undated:
    st.warning("Set the publication date first: "
               + (f"{len(undated)} report(s) ({md_text(', '.join(undated[:5]))}) have" if mode != "Paste text"
                  else "the report has")
               + " no date of their own and no dateline, and relative dates such as “on "
               "Tuesday” are read against it.", icon=":material/event:")

if st.button("Find places and events", type="primary", key="ing_run",
             disabled=not reports or bool(undated)):
    bar = st.progress(0.0, text="Loading the gazetteer…")
    from geodata.pipeline import process_report

    gaz = data.gazetteer()
    batch = []
    for i, rep in enumerate(reports):
        bar.progress(i / len(reports), text=f"Report {i + 1} of {len(reports)}: {rep.id}")
        res = process_report(rep, gazetteer=gaz)
        batch.append({"report": rep, "mentions": res.mentions, "events": res.events,
                      "unresolved": [u.surface for u in res.unresolved]})
    bar.progress(1.0, text=f"Done: {len(reports)} report{'s' if len(reports) != 1 else ''}")
    ss["ing_batch"] = batch
    ss["ing_batch_id"] = uuid.uuid4().hex[:8]

batch = ss.get("ing_batch") or []
bid = ss.get("ing_batch_id", "")
types = list(styles.EVENT_TYPES)
fac_names: dict[str, str] = {}
if batch:
    fac_names = data.facets(str(choice.path), data.store_version(choice.path),
                            choice.writable).get("country_names", {})
    st.subheader("Review")
    n_total = sum(len(b["events"]) for b in batch)
    st.caption(f"{n_total} event{'s' if n_total != 1 else ''} found in {len(batch)} "
               "report(s). Untick an event to reject it; fix what is wrong.")

decisions: list[tuple[int, int, bool, dict]] = []
for i, item in enumerate(batch):
    rep, mentions, evs = item["report"], item["mentions"], item["events"]
    label = md_text(rep.id) + (f" — {md_text(rep.title)}" if rep.title else "")
    with st.expander(f"{label}: {len(evs)} event(s), {len(mentions)} place mention(s)",
                     expanded=True):
        if item["unresolved"]:
            st.caption("Names not placed: " + md_text(", ".join(item["unresolved"][:20])))
        if not evs:
            st.caption("No event found in this report (its place mentions are still stored).")
        for j, ev in enumerate(evs):
            key = f"ing-{bid}-{i}-{j}"
            with st.container(border=True):
                left, right = st.columns([3, 2], gap="medium")
                sentence, a, b = review.sentence_of(rep, ev)
                summary = (f"<b>{panels.esc(ev.event_type)}</b> · {panels.esc(ev.sub_event_type)}"
                           f" · {panels.esc(format_event_date(ev.event_date, ev.time_precision))}"
                           f" · {panels.esc(', '.join(p for p in (ev.location, ev.admin1, ev.country) if p))}"
                           f" · fatalities {panels.esc(ev.fatalities if ev.fatalities is not None else 'none reported')}"
                           f" · severity {panels.esc(ev.severity)}/5")
                left.html(panels.CARD_CSS + f'<div class="ua-card"><div>{summary}</div>'
                          f'<blockquote class="ua-sentence">{panels.highlight(sentence, a, b)}'
                          "</blockquote></div>")
                accept = right.checkbox("Accept", value=True, key=f"{key}-accept")
                other = right.text_input("Look up another place", key=f"{key}-lookup",
                                         placeholder="a place name")
                found = []
                if other and other.strip():
                    try:
                        found = data.gazetteer().lookup(other.strip())[:10]
                    except UnrestAtlasError as exc:
                        right.caption(md_text(exc))
                    if not found:
                        right.caption(f"No place called {other.strip()!r} in the gazetteer.")
                choices = review.place_choices(ev, mentions, found)
                pick = right.selectbox("Place", range(len(choices)), key=f"{key}-place",
                                       format_func=lambda k, c=choices: c[k].label)
                cur_t = ev.event_type if ev.event_type in types else types[0]
                etype = right.selectbox("Event type", types, index=types.index(cur_t),
                                        key=f"{key}-type")
                subs = list(EVENT_TYPES.get(etype, ()))
                sub_idx = subs.index(ev.sub_event_type) if ev.sub_event_type in subs else 0
                sub = right.selectbox("Sub-event type", subs, index=sub_idx, key=f"{key}-sub")
                try:
                    d0 = date.fromisoformat(ev.event_date[:10]) if ev.event_date else None
                except ValueError:
                    d0 = None
                day = right.date_input("Date", value=d0, key=f"{key}-date")
                fixes = review.fixes_for(ev, place=choices[min(pick or 0, len(choices) - 1)],
                                         event_type=etype, sub_event_type=sub,
                                         event_date=day, country_names=fac_names)
                if fixes and accept:
                    right.caption("Will be corrected: " + ", ".join(sorted(fixes)))
                decisions.append((i, j, bool(accept), fixes))

if batch:
    n_acc = sum(1 for d in decisions if d[2])
    who = ui.analyst()
    store_it = st.button(f"Store {n_acc} accepted event{'s' if n_acc != 1 else ''}",
                         type="primary", key="ing_store", disabled=not choice.writable)
    if st.button("Discard this batch", key="ing_discard"):
        ss.pop("ing_batch", None)
        st.rerun()
    if store_it:
        if not who:
            st.error("Give your name in the sidebar first (it goes into the audit trail).")
            st.stop()
        lines, probs, stored_ids, stored_reports = [], [], [], []
        for i, item in enumerate(batch):
            accepted, fixes = [], {}
            for (ri, j, ok, fx) in decisions:
                if ri != i or not ok:
                    continue
                if fx:
                    fixes[len(accepted)] = fx
                accepted.append(item["events"][j])
            try:
                res, bad = data.ingest_report(choice, item["report"], item["mentions"], accepted,
                                              fixes, who=who)
            except UnrestAtlasError as exc:
                probs.append(f"{item['report'].id}: not stored: {exc}")
                continue
            n_rej = len(item["events"]) - len(accepted)
            bits = [f"{res.added} new", f"{res.merged} merged into other reports' events"]
            if res.unchanged:
                bits.append(f"{res.unchanged} already stored")
            if n_rej:
                bits.append(f"{n_rej} rejected")
            if fixes:
                bits.append(f"{len(fixes)} corrected (audit trail)")
            lines.append(f"Stored report {item['report'].id}: " + ", ".join(bits) + ".")
            probs += [f"{item['report'].id}: {b}" for b in bad]
            stored_ids += [e for e in res.event_ids if e]
            stored_reports.append(str(item["report"].id))
        new_rows = data.stored_events(choice, stored_ids)
        ss["ing_done"] = {"lines": lines, "problems": probs, "events": new_rows}
        if len(new_rows):  # the map page shows them (its date range widened to them) and says so
            days = [d for d in (date.fromisoformat(str(v)[:10]) for v in
                                new_rows["event_date"].dropna()) if d]
            if days:
                ss["_widen_dates"] = (min(days), max(days))
            ss["_just_ingested"] = {"n": len(new_rows), "reports": stored_reports}
        ss.pop("ing_batch", None)
        st.rerun()
