"""Anonymisation check: confirm queued spans, or mark missed personal data (then masked everywhere)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from voices import db
from voices.errors import VoicesError
from voices.review import privacy, ui
from voices.review.masking import MASK_LABELS

PAGE_SIZE = 10

person = ui.require_researcher()
run_id, run = ui.choose_run(person)
path = str(run.path)

st.title("Anonymisation check")
report = run.artifact("anonymisation") if "anonymisation" in run.artifacts() else {}
queue = run.table("review_queue") if "review_queue" in run.tables() else pd.DataFrame()
rules = ui.rules_for(run_id)
with db.session(ui.engine(), readonly=True) as s:
    status = privacy.queue_status(s, run_id)

cols = st.columns(4)
cols[0].metric("Masked by the anonymiser", report.get("redactions", "–"))
cols[1].metric("Queued for a check", len(queue))
cols[2].metric("Checked", sum(1 for item in queue.to_dict("records") if privacy.queue_key(item) in status))
cols[3].metric("Missed values masked", len(rules))
st.caption(
    "Queued spans are quasi-identifiers (schools, roles, small places), low-confidence detections and rare "
    "capitalised words. Keep a span if it is safe; mark it if it is personal data: it is then masked in every "
    "segment, quote and export of this run. The run itself is never changed."
)

texts = ui.run_at(path).segments.set_index("segment_id")["text"].astype(str).to_dict()


def _confirm(item: dict) -> None:
    who = ui.signed_in_person()
    if who is None:
        return
    try:
        with db.session(ui.engine()) as s:
            privacy.confirm(s, run_id, item, by=who)
    except VoicesError as error:
        st.session_state.setdefault("privacy_errors", []).append(str(error))


def _mask(item: dict, label_key: str) -> None:
    who = ui.signed_in_person()
    if who is None:
        return
    text = texts.get(str(item["segment_id"]), "")
    value = privacy.whole_words(text, int(item["start"]), int(item["end"]))
    try:
        with db.session(ui.engine()) as s:
            privacy.mark_missed(
                s,
                run_id,
                str(item["segment_id"]),
                text,
                value,
                by=who,
                label=st.session_state.get(label_key, "PERSON"),
                queue_item=item,
            )
    except VoicesError as error:
        st.session_state.setdefault("privacy_errors", []).append(str(error))


ui.show_errors(ui.pop_messages("privacy_errors"))

st.subheader("Queued spans", anchor=False)
if queue.empty:
    st.caption("Nothing was queued for a check.")
else:
    reasons = sorted(queue["reason"].astype(str).unique())
    picked = st.multiselect("Reasons", reasons, default=reasons)
    show_done = st.toggle("Show spans already checked", value=False)
    items = [i for i in queue.to_dict("records") if str(i["reason"]) in picked]
    if not show_done:
        items = [i for i in items if privacy.queue_key(i) not in status]
    st.caption(f"{len(items)} spans to show.")
    for item in items[:PAGE_SIZE]:
        key = privacy.queue_key(item)
        text = texts.get(str(item["segment_id"]), "")
        start, end = int(item["start"]), int(item["end"])
        with st.container(border=True):
            st.markdown(
                f"**{ui.md(item['label'])}** · {ui.md(item['reason'])} · confidence {float(item['confidence']):.2f} · "
                f"segment {ui.md(item['segment_id'])}"
            )
            st.text(f"…{text[max(0, start - 80) : start]}⟦{text[start:end]}⟧{text[end : end + 80]}…")
            if key in status:
                st.caption(f"Checked: {status[key][0]} by {ui.md(status[key][1])}")
            else:
                left, middle, right = st.columns([2, 2, 3])
                left.button("Keep it: not personal", key=f"keep|{key}", on_click=_confirm, args=(item,))
                label_key = f"label|{key}"
                right.selectbox("Mask as", MASK_LABELS, key=label_key, label_visibility="collapsed")
                middle.button(
                    "Mask it everywhere", key=f"mask|{key}", on_click=_mask, args=(item, label_key), type="primary"
                )
    if len(items) > PAGE_SIZE:
        st.caption(f"Showing the first {PAGE_SIZE}; check these to see more.")

st.subheader("Mark personal data the anonymiser missed", anchor=False)
with st.form("mark_missed", clear_on_submit=True):
    segment_id = st.text_input("Segment id (from the theme explorer or search)", max_chars=200)
    value = st.text_input("The words to mask, exactly as they appear", max_chars=200)
    label = st.selectbox("Mask as", MASK_LABELS)
    submitted = st.form_submit_button("Mask it everywhere", type="primary")
if submitted:
    if segment_id not in texts:
        st.error("There is no segment with that id in this run.")
    else:
        try:
            with db.session(ui.engine()) as s:
                privacy.mark_missed(s, run_id, segment_id, texts[segment_id], value, by=person, label=label)
            st.success("Masked everywhere it occurs in this run.")
            st.rerun()
        except VoicesError as error:
            st.error(str(error))
