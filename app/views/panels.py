"""Panels and people: create a panel, invite members (each gets an access code, shown once), grant runs."""

from __future__ import annotations

import streamlit as st

from voices import db
from voices.db.models import Panel, Person
from voices.errors import VoicesError
from voices.review import team, ui

person = ui.require_researcher()
st.title("Panels and people")
for done in ui.pop_messages("panels_done"):
    st.success(done)

new_code = st.session_state.get("new_code")
if new_code:
    with st.container(border=True):
        st.markdown(f"**Access code for {ui.md(new_code['name'])}.** Copy it now: it is shown only once.")
        st.code(new_code["code"], language=None)
        if st.button("I have copied it"):
            st.session_state.pop("new_code", None)
            st.rerun()


def _write(action, message: str) -> None:  # type: ignore[no-untyped-def]
    """Run a write as the signed-in researcher; on success rerun the page with a message, else show the error."""
    who = ui.signed_in_person()
    if who is None:
        return
    try:
        with db.session(ui.engine()) as s:
            action(s, who)
    except VoicesError as error:
        st.error(str(error))
        return
    st.session_state.setdefault("panels_done", []).append(message)
    st.rerun()


with db.session(ui.engine(), readonly=True) as s:
    panel_table = team.panels_table(s)
    people = team.people_table(s)
runs = ui.catalogue().ids()

st.subheader("Panels", anchor=False)
st.dataframe(panel_table.drop(columns=["panel_id"]), hide_index=True)

with st.form("create_panel", clear_on_submit=True):
    st.markdown("**Create a panel**")
    name = st.text_input("Panel name", max_chars=200)
    description = st.text_input("What it is for (shown to members)", max_chars=500)
    grant = st.multiselect("Runs it may see", runs)
    if st.form_submit_button("Create panel", type="primary") and name.strip():

        def create(s, who) -> None:  # type: ignore[no-untyped-def]
            panel = db.create_panel(s, name, by=who, description=description or None)
            for run_id in grant:
                db.grant_run(s, panel, run_id, by=who)

        _write(create, f"Created the panel {name.strip()!r}.")

panel_names = dict(zip(panel_table["panel_id"], panel_table["panel"], strict=True))
if panel_names:
    with st.form("invite", clear_on_submit=True):
        st.markdown("**Invite a member** (they get their own access code)")
        panel_id = st.selectbox("Panel", list(panel_names), format_func=lambda p: panel_names[p])
        member = st.text_input("Their first name or a pseudonym", max_chars=200)
        if st.form_submit_button("Invite", type="primary") and member.strip():

            def add(s, who) -> None:  # type: ignore[no-untyped-def]
                panel = s.get_one(Panel, panel_id)
                invited, code = team.invite_new_member(s, panel, member, by=who)
                st.session_state["new_code"] = {"name": invited.display_name, "code": code}

            _write(add, f"Invited {member.strip()!r}.")
    with st.form("grant", clear_on_submit=True):
        st.markdown("**Show a run to a panel**")
        panel_id = st.selectbox("Panel", list(panel_names), format_func=lambda p: panel_names[p], key="grant_panel")
        run_id = st.selectbox("Run", runs)
        if st.form_submit_button("Grant") and run_id:

            def grant_run(s, who) -> None:  # type: ignore[no-untyped-def]
                db.grant_run(s, s.get_one(Panel, panel_id), run_id, by=who)

            _write(grant_run, f"{panel_names[panel_id]} can now see {run_id}.")

st.subheader("People", anchor=False)
st.dataframe(people.drop(columns=["person_id"]), hide_index=True)
ids = dict(zip(people["person_id"], people["name"], strict=True))
with st.form("manage_person", clear_on_submit=True):
    st.markdown("**Give someone a new code, or stop or restore their access**")
    target = st.selectbox("Person", list(ids), format_func=lambda p: ids[p])
    action = st.radio("Action", ["New access code", "Stop access", "Restore access"], horizontal=True)
    if st.form_submit_button("Apply") and target is not None:

        def manage(s, who) -> None:  # type: ignore[no-untyped-def]
            someone = s.get_one(Person, target)
            if action == "New access code":
                st.session_state["new_code"] = {
                    "name": someone.display_name,
                    "code": db.reset_access_code(s, someone, by=who),
                }
            else:
                db.set_active(s, someone, action == "Restore access", by=who)

        _write(manage, f"{action} for {ids[target]}: done.")
with st.form("add_researcher", clear_on_submit=True):
    st.markdown("**Add a researcher**")
    researcher = st.text_input("Name", max_chars=200, key="researcher_name")
    if st.form_submit_button("Add researcher") and researcher.strip():

        def add_researcher(s, who) -> None:  # type: ignore[no-untyped-def]
            added, code = db.create_person(s, researcher, role="researcher", by=who)
            st.session_state["new_code"] = {"name": added.display_name, "code": code}

        _write(add_researcher, f"Added {researcher.strip()!r}.")
