"""Panels: membership, which runs a member may see, and refusing writes about other runs."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from db_fixtures import Team
from voices import db
from voices.db.models import PanelMember, PanelRun


def test_runs_for_lists_runs_granted_to_the_members_panels(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        other_panel = db.create_panel(s, "Carers panel", by=team.lead)
        db.grant_run(s, other_panel, "2025-09-carers", by=team.lead)
        db.invite(s, other_panel, team.member, by=team.lead)
        db.grant_run(s, other_panel, team.run_id, by=team.lead)
    with db.session(db_engine, readonly=True) as s:
        assert db.runs_for(s, team.member) == ["2025-06-housing", "2025-09-carers"]
        assert db.runs_for(s, team.other_member) == ["2025-06-housing"]


def test_invite_and_grant_run_twice_change_nothing(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        panel = db.create_panel(s, "Carers panel", by=team.lead)
        for _ in range(2):
            db.invite(s, panel, team.member, by=team.lead)
            db.grant_run(s, panel, "r1", by=team.lead)
    with db.session(db_engine, readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(PanelMember).where(PanelMember.panel_id == panel.id)) == 1
        assert s.scalar(select(func.count()).select_from(PanelRun).where(PanelRun.panel_id == panel.id)) == 1
        assert len(db.audit_log(s, object_type="panel", object_id=panel.id, action="panel.invite")) == 1


def test_panel_member_cannot_review_a_run_not_granted(db_engine: Engine, team: Team) -> None:
    with pytest.raises(db.DatabaseError, match="not granted to any of their panels"), db.session(db_engine) as s:
        db.save_review(s, team.member, "secret-run", "1", verdict="yes")


def test_panel_member_cannot_manage_panels_or_decide(db_engine: Engine, team: Team) -> None:
    with pytest.raises(db.DatabaseError, match="expected a researcher"), db.session(db_engine) as s:
        db.create_panel(s, "Rogue panel", by=team.member)
    with pytest.raises(db.DatabaseError, match="expected a researcher"), db.session(db_engine) as s:
        db.start_version(s, team.run_id, by=team.member)


def test_deactivated_member_sees_no_runs_and_cannot_write(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        db.set_active(s, team.member, False, by=team.lead)
    with db.session(db_engine) as s:
        assert db.runs_for(s, team.member) == []
    with pytest.raises(db.DatabaseError, match="deactivated"), db.session(db_engine) as s:
        db.save_review(s, team.member, team.run_id, "1", verdict="yes")
