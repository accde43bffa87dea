"""Panel results: verdicts per theme, agreement (Krippendorff's alpha), members' names side by side, flags,
missing themes. Dissent stays visible. A member's name can be adopted as a decision from here."""

from __future__ import annotations

import math

import streamlit as st

from voices import db
from voices.errors import VoicesError
from voices.review import results, ui, versions
from voices.review.cards import plain_label

person = ui.require_researcher()
run_id, run = ui.choose_run(person)
path = str(run.path)
themes = ui.themes_of(path)
themes = themes[themes["level"] == 0]  # panels review themes, not sub-themes
labels = dict(zip(themes["theme_id"], themes["label"], strict=True))

st.title("Panel results")
ui.show_errors(ui.pop_messages("results_errors"))
for message in ui.pop_messages("results_done"):
    st.success(message)

with db.session(ui.engine(), readonly=True) as s:
    reviews = results.run_reviews(s, run_id)
    names = results.people_names(s)
    flags = results.flags_table(s, run_id, labels, names, ui.texts_of(path, run_id, ui.rules_for(run_id)), [])
    missing = results.suggestions_table(s, run_id, names)

if not reviews:
    st.info("No panel member has answered yet.")

agreement = results.agreement(reviews)
cols = st.columns(3)
cols[0].metric("Members who answered", len({r.person_id for r in reviews}))
cols[1].metric("Answers", len(reviews))
alpha_text = "–" if math.isnan(agreement.alpha) else f"{agreement.alpha:.2f}"
cols[2].metric("Agreement (Krippendorff's α)", alpha_text)
interval = (
    ""
    if math.isnan(agreement.low)
    else f" 95% interval {agreement.low:.2f} to {agreement.high:.2f} (bootstrap over themes)."
)
st.caption(
    f"Ordinal alpha over yes / partly / no ('not sure' counts as no answer): {agreement.in_words()}.{interval} "
    "Alpha measures agreement between members, not whether they are right; read the answers below."
)

st.subheader("Does each theme ring true?", anchor=False)
st.dataframe(
    results.verdict_table(reviews, labels),
    hide_index=True,
    column_config={"members agreeing (pairs)": st.column_config.NumberColumn(format="percent")},
)

st.subheader("Their names for each theme", anchor=False)
table = results.names_table(reviews, labels, names)


def _adopt(review_id: int, theme_id: str, name: str, member: str, reason_key: str) -> None:
    who = ui.signed_in_person()
    if who is None:
        return
    reason = st.session_state.get(reason_key) or f"the panel's words ({member})"
    try:
        with db.session(ui.engine()) as s:
            version = versions.open_or_start(s, run_id, by=who)
            db.record_decision(
                s,
                run_id,
                version,
                "adopt_panel_name",
                {"theme_id": theme_id, "name": name, "review_id": review_id, "proposed_by": member},
                by=who,
                reason=reason,
            )
        st.session_state.setdefault("results_done", []).append(
            f"Adopted “{name}” for theme {theme_id} in reviewed version {version}."
        )
    except VoicesError as error:
        st.session_state.setdefault("results_errors", []).append(str(error))


for theme_id in labels:
    rows = table[table["theme_id"] == theme_id]
    with st.expander(f"{ui.md(plain_label(labels[theme_id]))} · {len(rows)} answers", expanded=len(rows) > 0):
        st.caption(f"The machine's name: {ui.md(labels[theme_id])}")
        if rows.empty:
            st.caption("No answers yet.")
            continue
        st.dataframe(rows.drop(columns=["theme_id", "theme", "review_id"]), hide_index=True)
        reason_key = f"reason|{theme_id}"
        named = rows[rows["their name for it"] != ""]
        if not named.empty:
            st.text_input("Why adopt a name (optional, kept in the audit log)", key=reason_key, max_chars=500)
        for row in named.to_dict("records"):
            name, member = str(row["their name for it"]), str(row["member"])
            st.button(
                f"Use {ui.md(member)}'s name: “{ui.md(name)}”",
                key=f"adopt|{row['review_id']}",
                on_click=_adopt,
                args=(int(row["review_id"]), theme_id, name, member, reason_key),
            )

st.subheader("Flagged quotes", anchor=False)
if flags.empty:
    st.caption("No quote has been flagged.")
else:
    st.dataframe(flags, hide_index=True)
    st.caption("Quotes flagged as identifying: check them on the Anonymisation check page and mask what is needed.")

st.subheader("What members think is missing", anchor=False)
if missing.empty:
    st.caption("No suggestions yet.")
else:
    st.dataframe(missing, hide_index=True)
