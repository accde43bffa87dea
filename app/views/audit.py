"""The audit log: every write to the decisions database, who made it and when."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from voices import db
from voices.review import ui

person = ui.require_researcher()
run_id, run = ui.choose_run(person)

st.title("Audit log")
scope = st.radio("Show", ["This run", "Everything"], horizontal=True)
with db.session(ui.engine(), readonly=True) as s:
    events = db.audit_log(s, run_id=run_id if scope == "This run" else None, limit=5000)
frame = pd.DataFrame(
    [
        {
            "when": e.at,
            "who": e.actor,
            "action": e.action,
            "object": f"{e.object_type} {e.object_id[:16]}",
            "run": e.run_id or "",
            "details": json.dumps(e.details, ensure_ascii=False, sort_keys=True),
        }
        for e in events[::-1]
    ],
    columns=["when", "who", "action", "object", "run", "details"],
)
actions = sorted(frame["action"].unique().tolist())
chosen = st.multiselect("Actions", actions, placeholder="All actions")
if chosen:
    frame = frame[frame["action"].isin(chosen)]
st.caption(f"{len(frame)} events, newest first. Nothing here can be edited or deleted from the app.")
st.dataframe(frame, hide_index=True)
