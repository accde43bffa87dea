"""Every page of the review app, driven with Streamlit's AppTest (no browser): what it shows and what it saves."""

# ruff: noqa: F811  (the app_runs fixtures are imported by name)

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app_runs import World, app_runs, page_text, world  # noqa: F401 (fixtures)
from conftest import make_segments
from voices import db
from voices.corpus import Corpus
from voices.db.models import MissingThemeSuggestion, QuoteFlag
from voices.review import privacy
from voices.runstore import write_run

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def by_label(widgets, label: str):  # type: ignore[no-untyped-def]
    """The one widget with this label."""
    found = [w for w in widgets if w.label == label]
    assert len(found) == 1, f"{label!r} not found once among {[w.label for w in widgets]}"
    return found[0]


def button(at, text: str):  # type: ignore[no-untyped-def]
    """The first button whose label starts with ``text``."""
    found = [b for b in at.button if b.label.startswith(text)]
    assert found, f"no button {text!r} among {[b.label for b in at.button]}"
    return found[0]


def reviews(world: World) -> list[tuple[str, str, str, str | None, str | None]]:
    with db.session(world.engine, readonly=True) as s:
        return [
            (w, r.theme_id, r.verdict, r.own_name, r.comment)
            for r in db.reviews_for(s, world.run_id)
            for w in [next(n for n, p in world.people.items() if p.id == r.person_id)]
        ]


def test_sign_in_page_signs_a_member_in_and_puts_a_session_token_in_the_url(world: World) -> None:
    at = world.app().run()
    assert [t.value for t in at.title] == ["Welcome"]
    at.text_input(key="access_code").input(world.codes["Jo"].lower().replace("-", " "))
    button(at, "Sign in").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Do these themes ring true?"]
    assert at.query_params["s"].startswith("v1.")
    assert at.query_params["run"] == world.run_id


def test_sign_in_page_refuses_a_wrong_code_without_saying_why(world: World) -> None:
    at = world.app().run()
    at.text_input(key="access_code").input("AAAA-BBBB-CCCC-DDDD")
    button(at, "Sign in").click().run()
    assert [t.value for t in at.title] == ["Welcome"]
    assert "didn't work" in at.error[0].value
    assert "s" not in at.query_params


def test_review_page_saves_a_verdict_the_moment_it_is_given(world: World) -> None:
    at = world.app("Jo").run()
    assert at.header[0].value == "Heating energy bills"
    by_label(at.radio, "Does this ring true?").set_value("Partly").run()
    assert reviews(world) == [("Jo", "0", "partly", None, None)]
    assert "saved" in at.success[0].value


def test_review_page_saves_own_name_and_comment_when_the_box_is_left(world: World) -> None:
    at = world.app("Jo").run()
    assert by_label(at.text_input, "What would you call it, in your own words?").disabled  # verdict first
    by_label(at.radio, "Does this ring true?").set_value("Yes").run()
    by_label(at.text_input, "What would you call it, in your own words?").input("Heating or eating").run()
    by_label(at.text_area, "Anything else you want to say about this theme?").input("It's every winter.").run()
    assert reviews(world) == [("Jo", "0", "yes", "Heating or eating", "It's every winter.")]


def test_review_page_answers_survive_a_refresh(world: World) -> None:
    at = world.app("Jo").run()
    by_label(at.radio, "Does this ring true?").set_value("No").run()
    by_label(at.text_input, "What would you call it, in your own words?").input("Cold homes").run()
    button(at, "Next theme").click().run()
    by_label(at.radio, "Does this ring true?").set_value("Yes").run()
    params = dict(at.query_params)
    assert params["card"] == "2"

    refreshed = world.app()  # a new browser session: only the URL survives a refresh
    for key, value in params.items():
        refreshed.query_params[key] = value
    refreshed.run()
    assert not refreshed.exception
    assert refreshed.header[0].value == "Food banks and food prices"
    assert by_label(refreshed.radio, "Does this ring true?").value == "Yes"
    assert "answered 2 of 4" in refreshed.get("progress")[0].proto.text
    button(refreshed, "← Previous").click().run()
    assert by_label(refreshed.radio, "Does this ring true?").value == "No"
    assert by_label(refreshed.text_input, "What would you call it, in your own words?").value == "Cold homes"


def test_review_page_resumes_at_the_first_unanswered_theme(world: World) -> None:
    with db.session(world.engine) as s:
        for theme_id in ("0", "1"):
            db.save_review(s, world.people["Jo"], world.run_id, theme_id, verdict="yes")
    at = world.app("Jo").run()
    assert at.header[0].value == "Transport costs"
    assert at.query_params["card"] == "3"


def test_review_page_shows_how_common_in_plain_words_and_real_quotes(world: World) -> None:
    at = world.app("Jo").run()
    text = page_text(at)
    assert "about 1 in 3 responses" in text
    assert "The heating costs more than the rent now and we sit in coats" in [t.value for t in at.text]
    for jargon in ("cluster", "c-TF-IDF", "topic", "embedding", "validate", "probability"):
        assert jargon.lower() not in text.lower()


def test_review_page_flags_a_quote(world: World) -> None:
    at = world.app("Jo").run()
    by_label(at.selectbox, "Is anything wrong with quote 2?").select("It could identify someone").run()
    with db.session(world.engine, readonly=True) as s:
        flags = s.scalars(select(QuoteFlag)).all()
    assert [(f.theme_id, f.segment_id, f.reason) for f in flags] == [("0", "doc1/q1", "identifying")]
    again = world.app("Jo").run()
    assert by_label(again.selectbox, "Is anything wrong with quote 2?").value == "It could identify someone"


def test_review_page_records_something_missing(world: World) -> None:
    at = world.app("Jo", card="5").run()  # the last step, after every card
    assert at.header[0].value == "Nearly done"
    by_label(at.text_area, "Tell us about anything important that isn't here").input("Pride stops people asking")
    button(at, "Send this to the researcher").click().run()
    with db.session(world.engine, readonly=True) as s:
        names = [m.name for m in s.scalars(select(MissingThemeSuggestion))]
    assert names == ["Pride stops people asking"]
    assert "Pride stops people asking" in [t.value for t in at.text]


def test_review_page_is_a_read_only_preview_for_researchers(world: World) -> None:
    at = world.app("Asha").switch_page("views/review.py")
    at.run()
    at.switch_page("views/review.py").run()
    assert "Preview" in at.info[0].value
    assert by_label(at.radio, "Does this ring true?").disabled


def test_overview_page_shows_counts_sources_and_anonymisation(world: World) -> None:
    at = world.app("Asha", run=world.run_id).run()
    assert [t.value for t in at.title] == ["Overview"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Segments"] == "33"
    assert metrics["Queued for a privacy check"] == "2"
    assert metrics["Themes"] == "4"
    assert "PERSON" in page_text(at)


def test_theme_explorer_shows_sizes_quotes_breakdowns_and_search(world: World) -> None:
    at = world.app("Asha", run=world.run_id).run()
    at.switch_page("views/themes.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["theme"])[:2] == ["Heating energy bills", "Food banks and food prices"]
    assert {"low", "high", "stability"} <= set(table.columns)
    by_label(at.selectbox, "Break down by").select("area").run()
    text = page_text(at)
    assert "<10" in text and "cells hidden" in text
    assert [e.label for e in at.expander if "imd" in e.label] == ["imd decile"]  # pairing tables when present
    by_label(at.text_input, "Words to look for").input("food bank").run()
    hits = at.dataframe[-1].value
    assert len(hits) == 3 and set(hits["themes"]) == {"Food banks and food prices"}


def test_anonymisation_page_masks_a_missed_name_everywhere(world: World) -> None:
    at = world.app("Asha", run=world.run_id).run()
    at.switch_page("views/anonymisation.py").run()
    assert not at.exception
    zebedee = next(b for b in at.button if b.label == "Mask it everywhere" and "rare" not in b.key)
    zebedee.click().run()
    with db.session(world.engine, readonly=True) as s:
        assert len(privacy.mask_rules(s, world.run_id)) == 1
        events = db.audit_log(s, action=privacy.MARK)
    assert "zebedee" not in str(events[0].details).lower()  # only a fingerprint is stored
    panel = world.app("Jo", card="2").run()
    shown = [t.value for t in panel.text]
    assert "[PERSON] at the food bank helped us a lot" in shown
    assert not any("Zebedee" in t for t in shown)


def test_anonymisation_page_confirms_a_span_as_safe(world: World) -> None:
    at = world.app("Asha", run=world.run_id).run()
    at.switch_page("views/anonymisation.py").run()
    button(at, "Keep it").click().run()
    with db.session(world.engine, readonly=True) as s:
        status = privacy.queue_status(s, world.run_id)
    assert list(status.values()) == [("confirmed", "Asha")]
    assert {m.label: m.value for m in at.metric}["Checked"] == "1"


def _panel_answers(world: World) -> None:
    with db.session(world.engine) as s:
        db.save_review(s, world.people["Jo"], world.run_id, "0", verdict="yes", own_name="Heating or eating")
        db.save_review(s, world.people["Kez"], world.run_id, "0", verdict="no", own_name="Cold homes")
        db.save_review(s, world.people["Jo"], world.run_id, "1", verdict="yes")
        db.save_review(s, world.people["Kez"], world.run_id, "1", verdict="yes")
        db.flag_quote(s, world.people["Kez"], world.run_id, "1", "doc14/q1", reason="identifying")
        db.suggest_missing_theme(s, world.people["Kez"], world.run_id, "Shame")


def test_panel_results_page_shows_verdicts_agreement_names_flags_and_dissent(world: World) -> None:
    _panel_answers(world)
    at = world.app("Asha", run=world.run_id).run()
    at.switch_page("views/panel_results.py").run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Members who answered"] == "2"
    assert metrics["Agreement (Krippendorff's α)"] != "–"
    verdicts = at.dataframe[0].value.set_index("theme_id")
    assert verdicts.loc["0", "dissent"] == "1 of 2 answered differently (no)"
    assert verdicts.loc["1", "dissent"] == ""
    text = page_text(at)
    assert "Heating or eating" in text and "Cold homes" in text  # side by side, dissent kept
    assert "Shame" in text
    assert "It could identify someone" in text


def test_panel_results_page_adopts_a_panel_name_into_a_reviewed_version(world: World) -> None:
    _panel_answers(world)
    at = world.app("Asha", run=world.run_id).run()
    at.switch_page("views/panel_results.py").run()
    button(at, "Use Jo's name").click().run()
    assert "Adopted" in at.success[0].value
    with db.session(world.engine, readonly=True) as s:
        (decision,) = db.decisions_for(s, world.run_id)
        assert [v.version for v in db.versions_for(s, world.run_id)] == [1]
    assert decision.kind == "adopt_panel_name"
    assert decision.payload["name"] == "Heating or eating" and decision.payload["proposed_by"] == "Jo"
    at.switch_page("views/decisions.py").run()
    assert "Heating or eating" in list(at.dataframe[0].value["label"])


def test_decisions_page_starts_a_version_and_records_each_kind_with_who_and_why(world: World) -> None:
    at = world.app("Asha", run=world.run_id).run()
    at.switch_page("views/decisions.py").run()
    button(at, "Start reviewed version 1").click().run()
    at.text_input(key="rename_name").input("Cold homes")
    at.text_input(key="rename_why").input("the panel's words")
    button(at, "Rename").click().run()
    at.multiselect(key="merge_ids").select("2").select("3")
    button(at, "Merge").click().run()
    at.selectbox(key="drop_theme").select("1")
    at.text_input(key="drop_why").input("duplicates theme 0")
    button(at, "Drop").click().run()
    assert not at.exception
    with db.session(world.engine, readonly=True) as s:
        decisions = db.decisions_for(s, world.run_id, 1)
    assert [(d.kind, d.reason) for d in decisions] == [
        ("rename", "the panel's words"),
        ("merge", None),
        ("drop", "duplicates theme 0"),
    ]
    themes = at.dataframe[0].value
    assert list(themes["theme_id"]) == ["0", "2"]
    assert themes["label"].iloc[0] == "Cold homes"
    log = at.dataframe[-1].value
    assert list(log["by"]) == ["Asha"] * 3 and list(log["kind"]) == ["rename", "merge", "drop"]


def test_decisions_page_splits_a_theme_and_moves_a_quote(world: World) -> None:
    with db.session(world.engine) as s:
        db.start_version(s, world.run_id, by=world.people["Asha"])
    at = world.app("Asha", run=world.run_id).run()
    at.switch_page("views/decisions.py").run()
    at.selectbox(key="split_theme").select("2").run()  # the segments offered depend on the theme
    at.text_input(key="split_name_0").input("Bus fares")
    at.text_input(key="split_name_1").input("Trains")
    at.multiselect(key="split_segments_1").select("doc25/q1")
    button(at, "Split").click().run()
    at.selectbox(key="move_from").select("0").run()
    at.selectbox(key="move_segment").select("doc3/q1")
    at.selectbox(key="move_to").select("1")
    button(at, "Move the quote").click().run()
    assert not at.exception
    themes = at.dataframe[0].value.set_index("theme_id")
    assert themes.loc["2.1", "label"] == "Bus fares" and themes.loc["2.2", "size"] == 1
    assert themes.loc["0", "size"] == 11 and themes.loc["1", "size"] == 9


def test_audit_log_page_lists_who_did_what(world: World) -> None:
    _panel_answers(world)
    at = world.app("Asha", run=world.run_id).run()
    at.switch_page("views/audit.py").run()
    log = at.dataframe[0].value
    assert {"review.save", "quote.flag", "theme.suggest_missing"} <= set(log["action"])
    assert {"Jo", "Kez"} <= set(log["who"])


def test_exports_page_offers_csv_xlsx_and_an_html_report(world: World) -> None:
    _panel_answers(world)
    at = world.app("Asha", run=world.run_id).run()
    at.switch_page("views/exports.py").run()
    assert not at.exception
    labels = [b.label for b in at.download_button]
    assert any(label.startswith("Themes (CSV") for label in labels)
    assert "Everything as one workbook (XLSX)" in labels and "Report (HTML)" in labels


def test_panels_page_creates_a_panel_and_shows_a_new_members_code_once(world: World) -> None:
    at = world.app("Asha").run()
    at.switch_page("views/panels.py").run()
    by_label(at.text_input, "Panel name").input("Young people's panel")
    button(at, "Create panel").click().run()
    assert "Young people's panel" in list(at.dataframe[0].value["panel"])
    by_label(at.text_input, "Their first name or a pseudonym").input("Sam")
    button(at, "Invite").click().run()
    code = at.code[0].value
    with db.session(world.engine, readonly=True) as s:
        assert db.verify_access_code(s, code).display_name == "Sam"
    button(at, "I have copied it").click().run()
    assert not at.code


def test_sign_out_ends_the_session_everywhere(world: World) -> None:
    at = world.app("Jo").run()
    token = at.query_params["s"]
    button(at, "Sign out").click().run()
    assert [t.value for t in at.title] == ["Welcome"]
    copied = world.app()
    copied.query_params["s"] = token
    copied.run()
    assert [t.value for t in copied.title] == ["Welcome"]


def test_every_page_copes_with_a_run_that_has_no_themes_yet(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = write_run(
        Corpus(make_segments(["the bus fare went up", "heating costs"]), privacy="anonymised"),
        runs_dir=tmp_path / "bare-runs",
        name="bare",
        seed=0,
    )
    monkeypatch.setenv("VOICES_APP_RUNS", str(bare.parent))
    with db.session(world.engine) as s:
        db.start_version(s, bare.name, by=world.people["Asha"])
    at = world.app("Asha", run=bare.name).run()
    for view in ["overview", "themes", "anonymisation", "panel_results", "decisions", "audit", "exports", "review"]:
        at.switch_page(f"views/{view}.py").run()
        assert not at.exception, (view, at.exception)
    assert "no themes" in page_text(at)
