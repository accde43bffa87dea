"""voices review app: the entry script. Run with ``voices app RUN`` (or ``streamlit run app/streamlit_app.py``).

A thin view: who is signed in decides which pages exist. Panel members get their theme cards; researchers get
the overview, theme explorer, anonymisation check, panel results, decisions, audit log, exports and panels.
Every page checks access again itself, so a page's URL opens nothing for someone who should not see it.
"""

from __future__ import annotations

import streamlit as st

from voices.review import ui

person = ui.signed_in_person()
researcher = person is not None and person.role == "researcher"
st.set_page_config(
    page_title="voices",
    page_icon=":material/forum:",
    layout="wide" if researcher else "centered",
    initial_sidebar_state="expanded" if researcher else "collapsed",
)
ui.style()

if person is None:
    pages = [st.Page("views/sign_in.py", title="Sign in", icon=":material/login:", url_path="sign-in", default=True)]
    position = "hidden"
elif not researcher:
    pages = [st.Page("views/review.py", title="Your themes", icon=":material/forum:", url_path="themes", default=True)]
    position = "hidden"
else:
    pages = {
        "Run": [
            st.Page(
                "views/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True
            ),
            st.Page("views/themes.py", title="Theme explorer", icon=":material/category:", url_path="explorer"),
            st.Page(
                "views/anonymisation.py", title="Anonymisation check", icon=":material/shield:", url_path="privacy"
            ),
        ],
        "People": [
            st.Page(
                "views/panel_results.py", title="Panel results", icon=":material/groups:", url_path="panel-results"
            ),
            st.Page("views/review.py", title="Panel view (preview)", icon=":material/forum:", url_path="themes"),
            st.Page("views/panels.py", title="Panels and people", icon=":material/person_add:", url_path="panels"),
        ],
        "Decide": [
            st.Page("views/decisions.py", title="Decisions", icon=":material/gavel:", url_path="decisions"),
            st.Page("views/audit.py", title="Audit log", icon=":material/history:", url_path="audit"),
            st.Page("views/exports.py", title="Exports", icon=":material/download:", url_path="exports"),
        ],
    }
    position = "sidebar"

page = st.navigation(pages, position=position)
if person is not None:
    with st.sidebar:
        st.caption(f"Signed in as {ui.md(person.display_name)}")
        if st.button("Sign out", key="sidebar_sign_out"):
            ui.sign_out()
            st.rerun()
page.run()
