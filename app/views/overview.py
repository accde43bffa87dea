"""Overview of a run: sources, counts, quarantine, anonymisation summary, themes at a glance."""

from __future__ import annotations

import streamlit as st

from voices.review import overview, ui

person = ui.require_researcher()
run_id, run = ui.choose_run(person)
facts = overview.facts(run)

st.title("Overview")
st.markdown(
    f"**{ui.md(ui.run_title(run))}**  \nRun {ui.md(run_id)}, made {ui.md(facts['created_at'] or 'at an unknown time')}"
)

cols = st.columns(4)
cols[0].metric("Segments", facts["segments"])
cols[1].metric("Documents", facts["documents"] if facts["documents"] is not None else "–")
cols[2].metric("Quarantined rows", facts["quarantined"])
cols[3].metric("Themes", facts["themes"] if facts["themes"] is not None else "–")
cols = st.columns(4)
cols[0].metric("Personal data masked", facts["redactions"] if facts["redactions"] is not None else "–")
cols[1].metric("Queued for a privacy check", facts["review_queue"] if facts["review_queue"] is not None else "–")
unassigned = facts["unassigned_share"]
cols[2].metric("Segments in no theme", "–" if unassigned is None else f"{100 * unassigned:.0f}%")
cols[3].metric("Privacy state", str(facts["privacy"] or "–"))

st.subheader("Sources", anchor=False)
sources = overview.sources_table(run.manifest)
if sources.empty:
    st.caption("The manifest lists no input files.")
else:
    st.dataframe(sources, hide_index=True)
st.dataframe(overview.counts_table(run.manifest.get("counts", {})), hide_index=True)
if facts["by_kind"]:
    st.caption("Segments by source: " + ", ".join(f"{ui.md(k)} {v}" for k, v in facts["by_kind"].items()))

st.subheader("Quarantine", anchor=False)
if run.quarantine.empty:
    st.caption("Nothing was quarantined.")
else:
    st.dataframe(run.quarantine, hide_index=True)
if not run.dropped.empty:
    st.caption(f"{len(run.dropped)} rows were left out on purpose (see dropped.csv in the run).")

st.subheader("Anonymisation", anchor=False)
table = overview.anonymisation_table(run.artifact("anonymisation") if "anonymisation" in run.artifacts() else None)
if table.empty:
    st.caption("No anonymisation report in this run.")
else:
    st.dataframe(table, hide_index=True)
st.page_link("views/anonymisation.py", label="Check the queued spans", icon=":material/shield:")

if facts["quality"]:
    st.subheader("Theme quality", anchor=False)
    st.json(facts["quality"], expanded=False)
