"""The review page: the queue of flagged events, the corrections audit trail and the stored
reports."""

from __future__ import annotations

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
st.subheader("Flagged events")
flagged = frame[frame["status"] == "flagged"]
if flagged.empty:
    st.caption("No flagged event.")
else:
    st.dataframe(flagged[["event_date", "event_type", "location", "country", "event_id"]],
                 hide_index=True, width="stretch")
    st.caption("Open one on the map: filter the map page by review status “flagged”.")

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
st.dataframe(data.reports_table(PATH, VER, W), hide_index=True, width="stretch")
