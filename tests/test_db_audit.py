"""The audit trail: every write attributed, filterable, and in time order."""

from __future__ import annotations

from sqlalchemy import Engine

from db_fixtures import Team
from voices import db


def test_every_write_is_attributed(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        v = db.start_version(s, team.run_id, by=team.lead).version
        db.record_decision(s, team.run_id, v, "drop", {"theme_id": "3"}, by=team.lead)
        db.save_review(s, team.member, team.run_id, "3", verdict="no")
        db.add_coding(s, team.run_id, "seg-1", "debt", by=team.lead)
        db.write_memo(s, "theme", "3", "weak theme", by=team.lead, run_id=team.run_id)
    with db.session(db_engine, readonly=True) as s:
        events = db.audit_log(s)
    actions = [e.action for e in events]
    assert actions == [
        "person.create",
        "person.create",
        "person.create",
        "panel.create",
        "panel.invite",
        "panel.invite",
        "panel.grant_run",
        "theme_version.start",
        "decision.drop",
        "review.save",
        "coding.add",
        "memo.write",
    ]
    assert events[0].actor == "system" and events[0].actor_id is None
    assert all(e.actor_id is not None for e in events[1:])
    assert [e.at for e in events] == sorted(e.at for e in events)


def test_audit_log_filters_by_actor_run_and_limit(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        for theme in ("1", "2", "3"):
            db.save_review(s, team.member, team.run_id, theme, verdict="yes")
        db.save_review(s, team.other_member, team.run_id, "1", verdict="no")
    with db.session(db_engine, readonly=True) as s:
        mine = db.audit_log(s, actor=team.member, run_id=team.run_id)
        assert [e.details["theme_id"] for e in mine] == ["1", "2", "3"]
        assert [e.details["theme_id"] for e in db.audit_log(s, actor=team.member.id, limit=2)] == ["2", "3"]
        assert len(db.audit_log(s, run_id="elsewhere")) == 0
        assert len(db.audit_log(s, since=mine[-1].at, action="review.save")) >= 2


def test_codings_and_memos_round_trip_with_their_authors(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        whole = db.add_coding(s, team.run_id, "seg-1", "debt", by=team.lead)
        db.add_coding(s, team.run_id, "seg-1", "housing", by=team.lead, start=3, end=9)
        memo = db.write_memo(s, "code", "debt", "first pass", by=team.lead)
    with db.session(db_engine) as s:
        db.remove_coding(s, whole, by=team.lead)
        db.edit_memo(s, memo, "second pass", by=team.lead)
    with db.session(db_engine, readonly=True) as s:
        assert [(c.code, c.start, c.end) for c in db.codings_for(s, team.run_id, coder=team.lead)] == [
            ("housing", 3, 9)
        ]
        assert [m.text for m in db.memos_for(s, "code", "debt")] == ["second pass"]
        (removed,) = db.audit_log(s, action="coding.remove")
        assert removed.details["code"] == "debt" and removed.details["coder_id"] == team.lead.id
