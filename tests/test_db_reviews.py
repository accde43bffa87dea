"""Panel feedback: one current review per person and theme, flags, missing themes, all attributed."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from db_fixtures import Team
from voices import db
from voices.db.models import MissingThemeSuggestion, QuoteFlag, Review


def test_save_review_upserts_one_row_per_person_run_theme(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        first = db.save_review(s, team.member, team.run_id, "4", verdict="partly", comment="close")
    with db.session(db_engine) as s:
        second = db.save_review(s, team.member, team.run_id, "4", verdict="not sure", own_name="Bills")
    assert second.id == first.id
    assert second.created_at == first.created_at and second.updated_at >= first.updated_at
    with db.session(db_engine, readonly=True) as s:
        rows = db.reviews_for(s, team.run_id)
        assert [(r.verdict, r.own_name, r.comment) for r in rows] == [("not_sure", "Bills", None)]
        assert [e.details["verdict"] for e in db.audit_log(s, action="review.save")] == ["partly", "not_sure"]


def test_save_review_keeps_people_and_themes_apart(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        db.save_review(s, team.member, team.run_id, "4", verdict="yes")
        db.save_review(s, team.other_member, team.run_id, "4", verdict="no")
        db.save_review(s, team.member, team.run_id, "5", verdict="partly")
    with db.session(db_engine, readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(Review)) == 3
        assert [r.verdict for r in db.reviews_for(s, team.run_id, theme_id="4")] == ["yes", "no"]


def test_save_review_blank_name_and_comment_become_none(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        review = db.save_review(s, team.member, team.run_id, "4", verdict="yes", own_name="  ", comment="")
    assert review.own_name is None and review.comment is None


def test_save_review_rejects_unknown_verdict(db_engine: Engine, team: Team) -> None:
    expected = r"expected one of yes, partly, no, not_sure, found 'maybe'"
    with pytest.raises(db.DatabaseError, match=expected), db.session(db_engine) as s:
        db.save_review(s, team.member, team.run_id, "4", verdict="maybe")  # type: ignore[arg-type]


def test_flag_quote_upserts_and_is_audited(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        db.flag_quote(s, team.member, team.run_id, "4", "seg-12", reason="misplaced")
        db.flag_quote(s, team.member, team.run_id, "4", "seg-12", reason="identifying", note="names the school")
    with db.session(db_engine, readonly=True) as s:
        flags = s.scalars(select(QuoteFlag)).all()
        assert [(f.reason, f.note, f.person_id) for f in flags] == [("identifying", "names the school", team.member.id)]
        assert len(db.audit_log(s, action="quote.flag", actor=team.member)) == 2


def test_flag_quote_rejects_unknown_reason(db_engine: Engine, team: Team) -> None:
    with pytest.raises(db.DatabaseError, match="reason: expected one of misplaced"), db.session(db_engine) as s:
        db.flag_quote(s, team.member, team.run_id, "4", "seg-12", reason="boring")  # type: ignore[arg-type]


def test_suggest_missing_theme_records_words_and_author(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        db.suggest_missing_theme(s, team.member, team.run_id, "Shame about asking", description="nobody says it")
    with db.session(db_engine, readonly=True) as s:
        (suggestion,) = s.scalars(select(MissingThemeSuggestion)).all()
        assert (suggestion.name, suggestion.person_id) == ("Shame about asking", team.member.id)
        (event,) = db.audit_log(s, action="theme.suggest_missing")
        assert event.actor == "Jo" and event.run_id == team.run_id
