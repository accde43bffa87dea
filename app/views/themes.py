"""Theme explorer: labels, keywords, quotes, sizes with intervals, stability, breakdowns, and search."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st

from voices.review import explorer, ui
from voices.review.cards import plain_label, share_in_words
from voices.review.themeset import members

person = ui.require_researcher()
run_id, run = ui.choose_run(person)
path = str(run.path)

st.title("Theme explorer")
version = ui.version_picker(run_id, key="explorer_version")
result = ui.reviewed(run_id, run, version)
themes = result.themes
if themes.empty:
    st.info("This run has no themes table.")
    st.stop()
labels = dict(zip(themes["theme_id"], themes["label"], strict=True))
unit = ui.unit_of(path)


def _interval(ci: object) -> tuple[float, float]:
    if isinstance(ci, tuple | list) and len(ci) == 2:
        return float(ci[0]), float(ci[1])
    return math.nan, math.nan


table = pd.DataFrame(
    {
        "theme_id": themes["theme_id"],
        "theme": [plain_label(x) for x in themes["label"]],
        "kind": ["sub-theme" if level else "theme" for level in themes["level"]],
        "size": themes["size"],
        "share": themes["share"],
        "low": [_interval(c)[0] for c in themes["share_ci"]],
        "high": [_interval(c)[1] for c in themes["share_ci"]],
        "stability": themes["stability"],
        "keywords": ["; ".join(k) for k in themes["keywords"]],
        "name from": themes["name_source"],
    }
).sort_values("size", ascending=False)
st.dataframe(
    table,
    hide_index=True,
    column_config={
        "share": st.column_config.NumberColumn(format="percent"),
        "low": st.column_config.NumberColumn("95% low", format="percent"),
        "high": st.column_config.NumberColumn("95% high", format="percent"),
        "stability": st.column_config.NumberColumn(format="%.2f", help="How often the theme reappears across seeds"),
    },
)
chart_data = table.dropna(subset=["share"])
if not chart_data.empty:
    bars = (
        alt.Chart(chart_data)
        .mark_bar(color=str(ui.THEME["primaryColor"]))
        .encode(
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title="share of segments"),
            y=alt.Y("theme:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
            tooltip=["theme", alt.Tooltip("share:Q", format=".1%"), "size"],
        )
    )
    rules = (
        alt.Chart(chart_data.dropna(subset=["low", "high"]))
        .mark_rule(color="#111827")
        .encode(x="low:Q", x2="high:Q", y=alt.Y("theme:N", sort="-x"))
    )
    st.altair_chart((bars + rules).properties(height=max(120, 32 * len(chart_data))), width="stretch")
    st.caption("Bars are shares; black lines are 95% intervals.")

st.subheader("One theme", anchor=False)
chosen = st.selectbox("Theme", list(table["theme_id"]), format_func=lambda t: f"{plain_label(labels[t])} ({t})")
row = themes[themes["theme_id"] == chosen].iloc[0]
st.markdown(f"### {ui.md(row['label'])}")
if row["name_source"] != "machine":
    st.caption(f"The machine called it: {ui.md(row['machine_label'])} · name from the {ui.md(row['name_source'])}")
if row["description"]:
    st.markdown(ui.md(row["description"]))
st.markdown(
    f"**Size:** {int(row['size'])} segments, {share_in_words(float(row['share']), unit=unit)} · "
    f"**Keywords:** {ui.md(', '.join(row['keywords']) or '–')}"
)
for q in row["quotes"]:
    ui.quote(q["text"])
    st.caption(f"segment {ui.md(q['segment_id'])}")
segs = ui.masked_segments(path, run_id, ui.rules_for(run_id))
mine = members(result.assignments, [chosen])
with st.expander(f"All {len(mine)} segments in this theme"):
    st.dataframe(segs.loc[segs["segment_id"].isin(mine), ["segment_id", "text"]], hide_index=True)

st.subheader("Breakdowns", anchor=False)
dims = explorer.dimensions(segs)
if not dims:
    st.caption("The segments carry no question, group, area or time to break down by.")
else:
    dim = st.selectbox("Break down by", list(dims), format_func=lambda d: dims[d])
    ordered = {t: labels[t] for t in table["theme_id"]}
    counts, hidden = explorer.breakdown(result.assignments, segs, ordered, dim)
    st.dataframe(counts, hide_index=True)
    st.caption(
        f"Segments per theme and {dims[dim]}. Cells under {explorer.THRESHOLD} are shown as <{explorer.THRESHOLD} "
        f"to protect people in small groups ({hidden} cells hidden)."
    )

pairings = [name for name in run.tables() if name.startswith("pair_")]
if pairings:
    st.subheader("Themes paired with indicators", anchor=False)
    st.caption("Tables written by the pairing stage (small cells were suppressed there, as its notes say).")
    for name in pairings:
        with st.expander(name.removeprefix("pair_").replace("_", " ")):
            st.dataframe(run.table(name), hide_index=True)

st.subheader("Search all segments", anchor=False)
query = st.text_input("Words to look for", max_chars=200)
if query:
    hits = explorer.search(segs, result.assignments, labels, query)
    st.caption(f"{len(hits)} segments (showing at most 200).")
    st.dataframe(hits, hide_index=True)
