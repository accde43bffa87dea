"""Security of the review app: access by URL tampering, sessions, hashed codes, text never rendered as HTML."""

# ruff: noqa: F811  (the app_runs fixtures are imported by name)

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select, text
from streamlit.testing.v1 import AppTest

from app_runs import APP, EVIL, World, app_runs, page_text, world  # noqa: F401 (fixtures)
from db_fixtures import Team
from voices import db
from voices.db.models import AuditEvent, Person
from voices.review import access, panel, sessions
from voices.review.cards import theme_cards
from voices.review.catalogue import RunCatalogue
from voices.review.errors import AccessDenied
from voices.review.export import safe_cell, to_csv
from voices.review.report_page import render_report
from voices.review.themeset import run_themes
from voices.runstore import open_run

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

RESEARCHER_VIEWS = ["overview", "themes", "anonymisation", "panel_results", "decisions", "audit", "exports", "panels"]


def test_access_panel_member_cannot_open_another_panels_run_by_url(world: World) -> None:
    at = world.app("Jo", run=world.secret_run_id).run()
    assert "can't open this" in at.error[0].value
    assert not at.text and not at.radio  # nothing of either run is shown
    assert world.secret_run_id not in page_text(at)


@pytest.mark.parametrize("tampered", ["../../etc/passwd", "' OR 1=1 --", "x" * 5000, "20990101-000000-unknown-000000"])
def test_access_unknown_or_malformed_run_ids_are_refused(world: World, tampered: str) -> None:
    at = world.app("Jo", run=tampered).run()
    assert not at.exception
    assert not at.text and not at.radio


def test_access_visible_runs_are_only_those_granted_to_the_members_panels(world: World) -> None:
    catalogue = RunCatalogue.discover([world.runs_dir])
    with db.session(world.engine, readonly=True) as s:
        assert access.visible_runs(s, world.people["Jo"], catalogue) == [world.run_id]
        assert access.visible_runs(s, world.people["Lou"], catalogue) == [world.secret_run_id]
        assert set(access.visible_runs(s, world.people["Asha"], catalogue)) == {world.run_id, world.secret_run_id}
        with pytest.raises(AccessDenied):
            access.require_run(s, world.people["Jo"], catalogue, world.secret_run_id)


@pytest.mark.parametrize("view", RESEARCHER_VIEWS)
def test_access_panel_member_cannot_open_researcher_pages_by_url(world: World, view: str) -> None:
    at = world.app("Jo").run()
    with pytest.raises(ValueError):  # the page is not registered for a panel member at all
        at.switch_page(f"views/{view}.py")
    # and run directly (as if navigation were bypassed), the page refuses by itself
    direct = AppTest.from_file(str(APP.parent / "views" / f"{view}.py"), default_timeout=30)
    direct.query_params["s"] = at.query_params["s"]
    direct.run()
    assert not direct.exception
    assert "can't open this" in direct.error[0].value
    assert not direct.dataframe and not direct.text


def test_access_app_has_no_pages_folder_that_streamlit_would_serve_by_itself() -> None:
    # A folder named pages/ next to the entry script switches Streamlit to its old multipage mode, which serves
    # every file in it by URL and ignores st.navigation. The views live in app/views/ for that reason.
    assert not (APP.parent / "pages").exists()


@pytest.mark.parametrize("card", ["999", "-5", "abc", "1.5", ""])
def test_access_tampered_card_numbers_show_only_the_members_cards(world: World, card: str) -> None:
    at = world.app("Jo", card=card).run()
    assert not at.exception
    quotes = {q["text"] for c in _cards(world) for q in c.quotes}
    assert {t.value for t in at.text} <= quotes


@pytest.mark.parametrize("token", ["", "v1.", "v1.not-a-real-token", "garbage", "v1." + "A" * 43])
def test_access_tampered_session_tokens_show_the_sign_in_page(world: World, token: str) -> None:
    at = world.app(s=token).run()
    assert [t.value for t in at.title] == ["Welcome"]


def test_access_a_token_with_one_character_changed_is_refused(world: World) -> None:
    token = world.token("Jo")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    at = world.app(s=flipped).run()
    assert [t.value for t in at.title] == ["Welcome"]


def _cards(world: World):  # type: ignore[no-untyped-def]
    return theme_cards(run_themes(open_run(world.runs_dir / world.run_id)), run_id=world.run_id)


def test_panel_answers_refuse_a_theme_or_quote_that_was_not_on_the_cards(world: World) -> None:
    cards = _cards(world)
    with db.session(world.engine) as s:
        with pytest.raises(AccessDenied):
            panel.answer(s, world.people["Jo"], world.run_id, cards, "99", verdict_words="Yes")
        with pytest.raises(AccessDenied):
            panel.flag(
                s, world.people["Jo"], world.run_id, cards, "0", "doc30/q1", reason_words="Something else is wrong"
            )


def test_quotes_render_as_text_never_as_html_or_markdown(world: World) -> None:
    at = world.app("Jo", card="4").run()  # "Not being listened to" carries the hostile quote
    assert at.header[0].value == "Not being listened to"
    assert EVIL in [t.value for t in at.text]  # shown character for character, by st.text
    for element in [*at.markdown, *at.caption, *at.header, *at.subheader, *at.title]:
        assert "<script" not in element.value  # never raw in anything Markdown parses
        assert "](http" not in element.value


def test_panel_words_render_as_text_for_researchers_too(world: World) -> None:
    with db.session(world.engine) as s:
        db.save_review(s, world.people["Jo"], world.run_id, "0", verdict="yes", own_name=EVIL[:190], comment=EVIL)
    at = world.app("Asha", run=world.run_id).run()
    at.switch_page("views/panel_results.py").run()
    assert not at.exception
    for element in [*at.markdown, *at.caption, *at.header, *at.subheader, *at.title]:
        assert "<script" not in element.value and "](http" not in element.value
    adopt = [b for b in at.button if b.label.startswith("Use Jo's name")]
    assert adopt and "\\<script\\>" in adopt[0].label  # escaped in the button's Markdown label
    assert EVIL in at.dataframe[1].value.to_string() or EVIL[:40] in page_text(at)


def test_access_codes_and_session_tokens_are_never_stored_in_clear(world: World) -> None:
    token = world.token("Jo")
    with world.engine.connect() as conn:
        dump = "\n".join(
            str(row) for table in ("people", "audit_events") for row in conn.execute(text(f"SELECT * FROM {table}"))
        )
    for code in world.codes.values():
        assert code not in dump and code.replace("-", "") not in dump
        assert code.split("-", 1)[1] not in dump  # the secret part
    assert token not in dump
    assert sessions.token_hash(token) in dump
    with db.session(world.engine, readonly=True) as s:
        hashes = [p.access_code_hash for p in s.scalars(select(Person))]
    assert all(h.startswith("scrypt$") for h in hashes)


def test_exported_cells_cannot_run_as_spreadsheet_formulas() -> None:
    assert safe_cell('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    assert safe_cell("+44 7700") == "'+44 7700" and safe_cell("@SUM(A1)") == "'@SUM(A1)"
    import pandas as pd

    assert b"'=1+1" in to_csv(pd.DataFrame({"quote": ["=1+1"]}))


def test_the_html_report_escapes_every_piece_of_text() -> None:
    html = render_report(
        title=EVIL,
        themes=[
            {
                "label": EVIL,
                "quotes": [{"segment_id": "a", "text": EVIL}],
                "name_source": "panel",
                "machine_label": EVIL,
                "description": EVIL,
                "share": 0.2,
                "share_ci": (0.1, 0.3),
            }
        ],
        decisions=[{"kind": "rename", "what": EVIL, "by": EVIL, "when": "now", "why": EVIL}],
        notes=[EVIL],
    )
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html


# --- sessions, on SQLite and PostgreSQL -------------------------------------------------------------------------


def test_sessions_resume_until_signed_out(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        signed = sessions.sign_in(s, team.codes["Jo"])
    assert signed is not None
    with db.session(db_engine, readonly=True) as s:
        assert sessions.resume(s, signed.token).display_name == "Jo"
    with db.session(db_engine) as s:
        assert sessions.sign_out(s, signed.token)
    with db.session(db_engine, readonly=True) as s:
        assert sessions.resume(s, signed.token) is None


def test_sessions_refuse_a_wrong_code_and_record_nothing(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        assert sessions.sign_in(s, "AAAA-BBBB-CCCC-DDDD") is None
        code = team.codes["Jo"]
        wrong = code[:-1] + ("3" if code.endswith("2") else "2")  # codes are random: never the right one by chance
        assert sessions.sign_in(s, wrong) is None
    with db.session(db_engine, readonly=True) as s:
        assert not db.audit_log(s, object_type=sessions.OBJECT_TYPE)


def test_sessions_expire(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        signed = sessions.sign_in(s, team.codes["Jo"], hours=1)
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == sessions.START))
        event.details = {**event.details, "expires_at": (signed.expires_at - timedelta(hours=2)).isoformat()}
    with db.session(db_engine, readonly=True) as s:
        assert sessions.resume(s, signed.token) is None


def test_sessions_end_when_the_person_is_deactivated_or_given_a_new_code(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        jo = sessions.sign_in(s, team.codes["Jo"])
        kez = sessions.sign_in(s, team.codes["Kez"])
        db.set_active(s, team.member, False, by=team.lead)
        db.reset_access_code(s, team.other_member, by=team.lead)
    with db.session(db_engine, readonly=True) as s:
        assert sessions.resume(s, jo.token) is None
        assert sessions.resume(s, kez.token) is None


def test_sessions_tokens_are_random_and_never_reused(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        tokens = {sessions.sign_in(s, team.codes["Jo"]).token for _ in range(5)}
    assert len(tokens) == 5 and all(len(t) > 40 for t in tokens)
