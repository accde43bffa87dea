"""Sign in with a personal access code."""

from __future__ import annotations

import streamlit as st

from voices.review import ui

st.title("Welcome")
st.write(
    "Sign in with the access code you were given. It looks like **ABCD-EFGH-JKLM-NPQR**. "
    "Capital letters, spaces and dashes don't matter."
)
with st.form("sign_in", clear_on_submit=True, enter_to_submit=True):
    code = st.text_input("Your access code", max_chars=40, autocomplete="off", key="access_code")
    submitted = st.form_submit_button("Sign in", type="primary")
if submitted:
    if ui.sign_in(code or "") is None:
        st.error("That code didn't work. Check it and try again, or ask the researcher who invited you.")
    else:
        st.rerun()
st.caption("Your answers are saved as you go. You can stop at any time and come back with the same code.")
