r"""What every page of the Streamlit app shares: cached loaders, the signed-in person, the chosen run, safe text.

The pages in ``app/views/`` stay thin: they call these helpers and the logic modules of :mod:`voices.review`.
Engines are ``st.cache_resource`` (one per process), run tables ``st.cache_data``; nothing that matters lives
only in ``st.session_state``: the session token and the chosen run are mirrored in the URL (``?s=…&run=…``)
and everything people give is written to the database at once.

Text from people or the machine is shown with :func:`quote` (``st.text``: no Markdown, no HTML) or escaped
with :func:`md` before it goes anywhere Markdown is parsed (headings, widget labels).

Example:
    >>> print(md("**bold** <b>x</b> [a](http://e)"))
    \*\*bold\*\* \<b\>x\<\/b\> \[a\]\(http\:\/\/e\)
"""

from __future__ import annotations

import os
import re
import string
import time
from collections.abc import Sequence
from typing import Any, NoReturn

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from voices import db
from voices.db.models import Person
from voices.errors import VoicesError
from voices.review import access, sessions
from voices.review.catalogue import ENV_VAR as CATALOGUE_ENV
from voices.review.catalogue import RunCatalogue
from voices.review.errors import AccessDenied
from voices.review.masking import MaskRule, mask_segments
from voices.review.privacy import mask_rules
from voices.review.reviewed import ReviewedThemes
from voices.review.theme import THEME as THEME  # re-exported for pages
from voices.review.themeset import run_assignments, run_themes
from voices.review.versions import decisions_in_chain, reviewed_themes
from voices.runstore import Run, open_run

TOKEN_PARAM, RUN_PARAM, CARD_PARAM = "s", "run", "card"

CSS = """
<style>
[data-testid="stText"] { font-size: 1.1rem; line-height: 1.55; white-space: pre-wrap; }
.stRadio label p, .stButton button p { font-size: 1.05rem; }
</style>
"""
"""Constant styling (no user text is ever put in here)."""

_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_FAILED_KEY = "voices_failed_sign_ins"


def md(text: object) -> str:
    """Escape every ASCII punctuation mark so Markdown shows ``text`` literally (CommonMark backslash escapes).

    Newlines become spaces: use :func:`quote` for multi-line text.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def quote(text: object, *, border: bool = True) -> None:
    """Show people's words as plain text (never Markdown, never HTML), in a bordered box."""
    if border:
        with st.container(border=True):
            st.text(str(text))
    else:
        st.text(str(text))


def style() -> None:
    """Apply the app's constant CSS."""
    st.markdown(CSS, unsafe_allow_html=True)


# --- loaders -------------------------------------------------------------------------------------------------


def engine(url: str | None = None) -> Engine:
    """The engine on the app's database (``url``, else ``$VOICES_DATABASE_URL``, else ``./voices.db``)."""
    return _engine_for(db.database_url(url))


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    """One engine per database URL per process, migrated to the current schema on first use."""
    eng = db.connect(url)
    db.upgrade(eng)
    return eng


def catalogue() -> RunCatalogue:
    """The runs this app serves (``$VOICES_APP_RUNS``), re-scanned every 30 seconds."""
    return _catalogue_for(os.environ.get(CATALOGUE_ENV, ""))


@st.cache_data(ttl=30, show_spinner=False)
def _catalogue_for(locations: str) -> RunCatalogue:
    return RunCatalogue.discover(locations.split(os.pathsep) if locations else ["runs"])


@st.cache_resource(show_spinner=False)
def run_at(path: str) -> Run:
    """An opened run (immutable, so cached for the process)."""
    return open_run(path)


@st.cache_data(show_spinner=False)
def themes_of(path: str) -> pd.DataFrame:
    """The run's normalised themes."""
    return run_themes(run_at(path))


@st.cache_data(show_spinner=False)
def assignments_of(path: str) -> pd.DataFrame:
    """The run's normalised assignments."""
    return run_assignments(run_at(path))


@st.cache_data(show_spinner=False, max_entries=8)
def masked_segments(path: str, run_id: str, rules: tuple[MaskRule, ...]) -> pd.DataFrame:
    """The run's segments with every marked value masked (cached per set of rules)."""
    return mask_segments(run_at(path).segments, run_id, list(rules))


@st.cache_data(show_spinner=False)
def questions_of(path: str) -> dict[str, str]:
    """Question id -> wording, for consultation runs (empty when segments carry no question wording)."""
    seg = run_at(path).segments
    if "question_id" not in seg.columns or "question_text" not in seg.columns:
        return {}
    pairs = seg[["question_id", "question_text"]].dropna().drop_duplicates("question_id")
    return {str(q): str(w) for q, w in zip(pairs["question_id"], pairs["question_text"], strict=True)}


@st.cache_data(show_spinner=False)
def unit_of(path: str) -> str:
    """What the run's segments are, in words (``responses``, ``posts``…)."""
    from voices.review.cards import unit_for

    return unit_for(run_at(path).segments[["source_kind"]])


@st.cache_data(show_spinner=False, max_entries=8)
def texts_of(path: str, run_id: str, rules: tuple[MaskRule, ...]) -> dict[str, str]:
    """Segment id -> masked text."""
    seg = masked_segments(path, run_id, rules)
    return dict(zip(seg["segment_id"].astype(str), seg["text"].astype(str), strict=True))


def reviewed(run_id: str, run: Run, version: int | None) -> ReviewedThemes:
    """The machine's themes (``version`` None) or a reviewed version, with quotes masked."""
    rules = rules_for(run_id)
    decisions = []
    if version is not None:
        with db.session(engine(), readonly=True) as s:
            decisions = decisions_in_chain(s, run_id, version)
    path = str(run.path)
    return reviewed_themes(
        run,
        decisions,
        list(rules),
        run_id=run_id,
        texts=texts_of(path, run_id, rules),
        themes=themes_of(path),
        assignments=assignments_of(path),
    )


def rules_for(run_id: str) -> tuple[MaskRule, ...]:
    """The run's current mask rules (read fresh from the database on every script run)."""
    with db.session(engine(), readonly=True) as s:
        return tuple(mask_rules(s, run_id))


# --- who is signed in ----------------------------------------------------------------------------------------


def _token() -> str | None:
    token = st.query_params.get(TOKEN_PARAM) or st.session_state.get("voices_token")
    return str(token) if token else None


def signed_in_person() -> Person | None:
    """The person whose session token is in the URL (or this browser tab's state), re-checked in the database.

    Puts the token back in the URL when a page switch dropped it, so a refresh keeps the person signed in.
    """
    token = _token()
    if token is None:
        return None
    with db.session(engine(), readonly=True) as s:
        person = sessions.resume(s, token)
    if person is None:
        st.session_state.pop("voices_token", None)
        if TOKEN_PARAM in st.query_params:
            del st.query_params[TOKEN_PARAM]
        return None
    st.session_state["voices_token"] = token
    if st.query_params.get(TOKEN_PARAM) != token:
        st.query_params[TOKEN_PARAM] = token
    return person


def sign_in(code: str) -> Person | None:
    """Check an access code; on success put the new session token in the URL and this tab's state."""
    failures = int(st.session_state.get(_FAILED_KEY, 0))
    if failures >= 5:
        time.sleep(min(2.0 * (failures - 4), 10.0))  # slow down guessing in this tab
    with db.session(engine()) as s:
        signed = sessions.sign_in(s, code)
    if signed is None:
        st.session_state[_FAILED_KEY] = failures + 1
        return None
    st.session_state[_FAILED_KEY] = 0
    st.session_state["voices_token"] = signed.token
    st.query_params[TOKEN_PARAM] = signed.token
    return signed.person


def sign_out() -> None:
    """End the session in the database and forget it here."""
    token = _token()
    if token:
        with db.session(engine()) as s:
            sessions.sign_out(s, token)
    st.session_state.clear()
    st.query_params.clear()


def require_person() -> Person:
    """The signed-in person, or a sign-in prompt and a stop."""
    person = signed_in_person()
    if person is None:
        st.warning("Please sign in with your access code.")
        st.stop()
    return person


def require_researcher() -> Person:
    """The signed-in researcher, or a refusal and a stop (checked on every page, whatever the URL says)."""
    person = require_person()
    try:
        return access.require_researcher(person)
    except AccessDenied as error:
        refuse(error)


def refuse(error: VoicesError) -> NoReturn:
    """Show a refusal without details and stop the page."""
    st.error("Sorry, you can't open this. " + (getattr(error, "fix", "") or "").capitalize() + ".")
    st.stop()


# --- which run -----------------------------------------------------------------------------------------------


def run_title(run: Run) -> str:
    """A run's human name: the pipeline's description, else its name."""
    manifest = run.manifest
    return str((manifest.get("pipeline") or {}).get("description") or manifest.get("name") or run.path.name)


def choose_run(person: Person, *, label: str = "Run", sidebar: bool = True) -> tuple[str, Run]:
    """The run this page shows: from ``?run=``, checked against what the person may see; a picker if several.

    Stops the page with a refusal for a run the person may not open (or that does not exist: same message).
    """
    cat = catalogue()
    with db.session(engine(), readonly=True) as s:
        visible = access.visible_runs(s, person, cat)
    if not visible:
        st.info("There is nothing for you to look at yet. The researcher will let you know when there is.")
        st.stop()
    asked = st.query_params.get(RUN_PARAM) or st.session_state.get("voices_run")
    if asked is not None and asked not in visible:
        refuse(AccessDenied(f"run {str(asked)[:80]!r}"))
    current = asked or visible[0]
    if len(visible) > 1:
        where = st.sidebar if sidebar else st
        titles = {rid: f"{run_title(run_at(str(cat.paths[rid])))} ({rid})" for rid in visible}
        current = where.selectbox(label, visible, index=visible.index(current), format_func=lambda r: titles[r])
    with db.session(engine(), readonly=True) as s:
        try:
            run = access.require_run(s, person, cat, current)
        except AccessDenied as error:
            refuse(error)
    st.session_state["voices_run"] = current
    if st.query_params.get(RUN_PARAM) != current:
        st.query_params[RUN_PARAM] = current
    return current, run_at(str(run.path))


def version_picker(run_id: str, *, allow_run: bool = True, key: str = "version") -> int | None:
    """Choose the machine's themes (None) or a reviewed version; defaults to the latest version."""
    with db.session(engine(), readonly=True) as s:
        versions = [v.version for v in db.versions_for(s, run_id)]
    options: list[int | None] = [*([None] if allow_run else []), *versions[::-1]]
    if not options:
        return None
    return st.selectbox(
        "Theme version",
        options,
        index=0 if not versions or not allow_run else 1,
        format_func=lambda v: "the machine's themes (the run)" if v is None else f"reviewed version {v}",
        key=key,
    )


def show_errors(messages: Sequence[str]) -> None:
    """Show messages left by callbacks (saving happens in callbacks, before the page draws)."""
    for message in messages:
        st.error(message)


def pop_messages(key: str) -> list[str]:
    """Messages queued under ``key`` in this tab's state, removed as they are read."""
    value: Any = st.session_state.pop(key, [])
    return list(value) if isinstance(value, list) else []
