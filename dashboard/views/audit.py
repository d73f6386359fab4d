"""The review page: the queue of flagged events, the events whose place was not found, the
corrections audit trail and the stored reports."""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from dashboard import data, ui

choice = ui.current_store()
PATH, W = str(choice.path), choice.writable
VER = data.store_version(choice.path)
s = data.summary(PATH, VER, W)

st.title("Review & audit")
c1, c2, c3, c4 = st.columns(4)
c1.metric("Events", f"{s['events']:,}")
c2.metric("Reports", f"{s['reports']:,}")
c3.metric("Corrections", f"{s['corrections']:,}")
by_status = s.get("by_status", {})
c4.metric("Flagged", f"{by_status.get('flagged', 0):,}",
          help=", ".join(f"{k}: {v:,}" for k, v in sorted(by_status.items())))

frame = data.frame(PATH, VER, W)
#: a link that opens the event on the map page, its detail panel (review, correction) beside
OPEN = st.column_config.LinkColumn("Open", display_text="open on the map")


def _with_link(df):
    return df.assign(open=["./?sel=" + quote(str(e)) for e in df["event_id"]])


st.subheader("Flagged events")
flagged = data.newest_first(frame[frame["status"] == "flagged"])
if flagged.empty:
    st.caption("No flagged event.")
else:
    st.dataframe(_with_link(flagged[["event_date", "event_type", "location", "country", "event_id"]]),
                 hide_index=True, width="stretch", column_config={"open": OPEN},
                 column_order=("open", "event_date", "event_type", "location", "country", "event_id"))

st.subheader("Events whose place was not found")
unplaced = data.unplaced_events(frame)
if unplaced.empty:
    st.caption("None: every event is at the place its report names.")
else:
    st.caption(f"{len(unplaced):,} event(s) put at region or country level because the place "
               "the report names is not in the gazetteer. Open one and move it to the right "
               "place (correction panel), or add the place to an overrides file.")
    st.dataframe(_with_link(unplaced), hide_index=True, width="stretch",
                 column_order=("open", "event_date", "event_type", "country", "not_found", "notes",
                               "event_id"),
                 column_config={"open": OPEN, "not_found": "Place not found",
                                "notes": "Source sentence", "event_date": "Date",
                                "event_type": "Type", "country": "Country",
                                "event_id": "Event ID"})

st.subheader("Audit trail")
audit = data.audit_trail(PATH, VER, W)
if audit.empty:
    st.caption("No correction yet.")
else:
    st.dataframe(audit.iloc[::-1], hide_index=True, width="stretch",
                 column_config={"before": "Before", "after": "After", "who": "Who",
                                "at": "When (UTC)", "note": "Note", "field": "Field",
                                "event_id": "Event ID", "id": None})

st.subheader("Reports")
st.dataframe(data.reports_table(PATH, VER, W), hide_index=True, width="stretch",
             column_config={"report_id": "Report ID", "title": "Title", "source": "Source",
                            "url": st.column_config.LinkColumn("Link"),
                            "published": "Published", "sha1": "Text digest (SHA-1)",
                            "ingested_at": "Stored at (UTC)", "n_mentions": "Place mentions",
                            "n_events": "Events"})
