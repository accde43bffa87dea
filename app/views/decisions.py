"""Decisions: rename, merge, split, drop, move a quote, adopt a panel name. Each is recorded with who, when and
why, in a numbered reviewed version derived from the run; the run itself is never edited."""

from __future__ import annotations

import streamlit as st

from voices import db
from voices.errors import VoicesError
from voices.review import results, ui, versions
from voices.review.cards import plain_label
from voices.review.export import decisions_table

person = ui.require_researcher()
run_id, run = ui.choose_run(person)

st.title("Decisions")
for message in ui.pop_messages("decision_done"):
    st.success(message)

with db.session(ui.engine(), readonly=True) as s:
    existing = [v.version for v in db.versions_for(s, run_id)]


def _start(derived_from: int | None) -> None:
    who = ui.signed_in_person()
    if who is None:
        return
    with db.session(ui.engine()) as s:
        v = db.start_version(s, run_id, by=who, derived_from=derived_from, note="started from the app")
    st.session_state["decisions_version"] = v.version
    st.session_state.setdefault("decision_done", []).append(f"Started reviewed version {v.version}.")


if not existing:
    st.info("No reviewed version yet. Start one: the machine's themes stay as they are in the run.")
    st.button("Start reviewed version 1", on_click=_start, args=(None,), type="primary")
    st.stop()

if st.session_state.get("decisions_version") not in existing:
    st.session_state["decisions_version"] = existing[-1]
version = st.selectbox(
    "Reviewed version to work on", existing[::-1], key="decisions_version", format_func=lambda v: f"version {v}"
)
st.button(f"Start a new version from version {version}", on_click=_start, args=(version,))

result = ui.reviewed(run_id, run, version)
themes = result.themes
ids = list(themes["theme_id"])
label_of = dict(zip(themes["theme_id"], themes["label"], strict=True))


def name_of(theme_id: str) -> str:
    return f"{plain_label(label_of.get(theme_id, theme_id))} ({theme_id})"


st.dataframe(
    themes[["theme_id", "label", "machine_label", "name_source", "size", "share"]],
    hide_index=True,
    column_config={"share": st.column_config.NumberColumn(format="percent")},
)
for note in result.notes:
    st.warning(note)


def record(kind: str, payload: dict, reason: str) -> None:
    who = ui.signed_in_person()
    if who is None:
        return
    try:
        with db.session(ui.engine()) as s:
            decision = db.record_decision(s, run_id, version, kind, payload, by=who, reason=reason)  # type: ignore[arg-type]
        st.session_state.setdefault("decision_done", []).append(
            f"Recorded decision {decision.id} ({kind.replace('_', ' ')}) in version {version}."
        )
        st.rerun()
    except VoicesError as error:
        st.error(str(error))


def decision_forms() -> None:
    """One tab per kind of decision; each records with who (the signed-in researcher), when and why."""
    tabs = st.tabs(["Rename", "Merge", "Split", "Drop", "Move a quote", "Adopt a panel name"])
    with tabs[0]:
        theme = st.selectbox("Theme", ids, format_func=name_of, key="rename_theme")
        new = st.text_input("New name", max_chars=200, key="rename_name")
        why = st.text_input("Why", max_chars=500, key="rename_why")
        if st.button("Rename", type="primary"):
            if new.strip():
                record("rename", {"theme_id": theme, "name": new.strip()}, why)
            else:
                st.error("Type the new name first.")
    with tabs[1]:
        chosen = st.multiselect("Themes to merge (the first keeps its id)", ids, format_func=name_of, key="merge_ids")
        new = st.text_input("Name of the merged theme (optional)", max_chars=200, key="merge_name")
        why = st.text_input("Why", max_chars=500, key="merge_why")
        if st.button("Merge", type="primary"):
            payload: dict = {"theme_ids": chosen}
            if new.strip():
                payload["name"] = new.strip()
            if len(chosen) >= 2:
                record("merge", payload, why)
            else:
                st.error("Choose at least two themes to merge.")
    with tabs[2]:
        theme = st.selectbox("Theme to split", ids, format_func=name_of, key="split_theme")
        count = st.number_input("Into how many parts", min_value=2, max_value=5, value=2, key="split_count")
        segs = ui.texts_of(str(run.path), run_id, ui.rules_for(run_id))
        theme_segments = sorted(result.assignments.loc[result.assignments["theme_id"] == theme, "segment_id"])
        parts = []
        for k in range(int(count)):
            name = st.text_input(f"Name of part {k + 1}", max_chars=200, key=f"split_name_{k}")
            picked: list[str] = []
            if k > 0:
                picked = st.multiselect(
                    f"Segments for part {k + 1} (the rest stay in part 1)",
                    theme_segments,
                    format_func=lambda sid: f"{sid}: {segs.get(sid, '')[:90]}",
                    key=f"split_segments_{k}",
                )
            parts.append({"name": name.strip(), "segment_ids": picked})
        why = st.text_input("Why", max_chars=500, key="split_why")
        if st.button("Split", type="primary"):
            if all(p["name"] for p in parts):
                record("split", {"theme_id": theme, "parts": parts}, why)
            else:
                st.error("Name every part first.")
    with tabs[3]:
        theme = st.selectbox("Theme to drop", ids, format_func=name_of, key="drop_theme")
        why = st.text_input("Why", max_chars=500, key="drop_why")
        if st.button("Drop", type="primary"):
            record("drop", {"theme_id": theme}, why)
    with tabs[4]:
        source = st.selectbox("From theme", ids, format_func=name_of, key="move_from")
        quotes = {q["segment_id"]: q["text"] for q in themes.loc[themes["theme_id"] == source, "quotes"].iloc[0]}
        segment = st.selectbox(
            "Quote", list(quotes), format_func=lambda sid: f"{sid}: {quotes[sid][:90]}", key="move_segment"
        )
        target = st.selectbox("To theme", [t for t in ids if t != source], format_func=name_of, key="move_to")
        why = st.text_input("Why", max_chars=500, key="move_why")
        if st.button("Move the quote", type="primary"):
            if segment is not None and target is not None:
                record("move_quote", {"segment_id": segment, "from_theme_id": source, "to_theme_id": target}, why)
            else:
                st.error("Choose a quote and the theme to move it to.")
    with tabs[5]:
        with db.session(ui.engine(), readonly=True) as s:
            named = results.names_table(results.run_reviews(s, run_id), label_of, results.people_names(s))
        named = named[named["their name for it"] != ""]
        if named.empty:
            st.caption("No panel member has suggested a name yet.")
        else:
            options = named.to_dict("records")
            pick = st.selectbox(
                "Panel name",
                range(len(options)),
                format_func=lambda i: (
                    f"“{options[i]['their name for it']}” by {options[i]['member']} for "
                    f"{plain_label(options[i]['theme'])} ({options[i]['theme_id']})"
                ),
                key="adopt_pick",
            )
            why = st.text_input("Why", max_chars=500, key="adopt_why")
            if st.button("Adopt this name", type="primary"):
                row = options[int(pick)]
                payload = {
                    "theme_id": row["theme_id"],
                    "name": row["their name for it"],
                    "review_id": int(row["review_id"]),
                    "proposed_by": row["member"],
                }
                record("adopt_panel_name", payload, why)


if ids:
    decision_forms()
else:
    st.info("This version has no themes left to decide about.")

st.subheader("Decisions behind this version", anchor=False)
with db.session(ui.engine(), readonly=True) as s:
    chain = versions.decisions_in_chain(s, run_id, version)
    names = results.people_names(s)
if chain:
    st.dataframe(decisions_table(chain, names), hide_index=True)
else:
    st.caption("No decisions yet in this version.")
