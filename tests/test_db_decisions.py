"""Decisions: validated, versioned, and written atomically with their audit events."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from db_fixtures import Team
from voices import db
from voices.db import decisions
from voices.db.models import AuditEvent, Decision


def test_start_version_numbers_versions_per_run(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        v1 = db.start_version(s, team.run_id, by=team.lead)
        v2 = db.start_version(s, team.run_id, by=team.lead, derived_from=1, note="after panel 2")
        other = db.start_version(s, "another-run", by=team.lead)
    assert (v1.version, v2.version, v2.derived_from, other.version) == (1, 2, 1, 1)
    with db.session(db_engine, readonly=True) as s:
        assert [v.version for v in db.versions_for(s, team.run_id)] == [1, 2]


def test_start_version_rejects_unknown_parent(db_engine: Engine, team: Team) -> None:
    with pytest.raises(db.DatabaseError, match="version 7, which does not exist"), db.session(db_engine) as s:
        db.start_version(s, team.run_id, by=team.lead, derived_from=7)


def test_record_decision_writes_decision_and_audit_event_together(db_engine: Engine, team: Team) -> None:
    payload = {"theme_ids": ["2", "9"], "name": "Energy bills"}
    with db.session(db_engine) as s:
        version = db.start_version(s, team.run_id, by=team.lead).version
        decision = db.record_decision(s, team.run_id, version, "merge", payload, by=team.lead, reason="same thing")
    with db.session(db_engine, readonly=True) as s:
        (stored,) = db.decisions_for(s, team.run_id, version)
        assert (stored.kind, stored.payload, stored.author_id, stored.reason) == (
            "merge",
            payload,
            team.lead.id,
            "same thing",
        )
        (event,) = db.audit_log(s, object_type="decision", object_id=decision.id)
        assert (event.action, event.actor_id, event.run_id) == ("decision.merge", team.lead.id, team.run_id)
        assert event.details["payload"] == payload and event.at.tzinfo is not None


def test_record_decision_rolls_back_when_the_audit_event_fails(
    db_engine: Engine, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.session(db_engine) as s:
        version = db.start_version(s, team.run_id, by=team.lead).version
    with db.session(db_engine, readonly=True) as s:
        events_before = s.scalar(select(func.count()).select_from(AuditEvent))

    def audit_outage(*args: object, **kwargs: object) -> None:
        raise ConnectionError("audit write lost")

    monkeypatch.setattr(decisions, "record_event", audit_outage)
    with pytest.raises(ConnectionError), db.session(db_engine) as s:
        db.record_decision(s, team.run_id, version, "drop", {"theme_id": "3"}, by=team.lead)
    with db.session(db_engine, readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(Decision)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == events_before


def test_record_decision_rolls_back_the_audit_event_when_the_decision_fails(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        version = db.start_version(s, team.run_id, by=team.lead).version
    with pytest.raises(db.DatabaseError), db.session(db_engine) as s:
        db.record_decision(s, team.run_id, version, "drop", {"theme_id": "3"}, by=team.lead)
        db.record_decision(s, team.run_id, version, "drop", {}, by=team.lead)  # invalid: whole unit fails
    with db.session(db_engine, readonly=True) as s:
        assert db.decisions_for(s, team.run_id) == []
        assert db.audit_log(s, action="decision.drop") == []


@pytest.mark.parametrize(
    ("kind", "payload", "message"),
    [
        ("rename", {"theme_id": "3"}, "missing name"),
        ("merge", {"theme_ids": ["3"]}, "a list of at least two"),
        ("split", {"theme_id": "3", "parts": "a,b"}, "a list of at least two"),
        ("move_quote", {"segment_id": "s1", "from_theme_id": "3"}, "missing to_theme_id"),
        ("rename", {"theme_id": "3", "name": {1, 2}}, "JSON-compatible"),
        ("recolour", {"theme_id": "3"}, "decision kind: expected one of rename"),
    ],
)
def test_record_decision_validates_kind_and_payload(
    db_engine: Engine, team: Team, kind: str, payload: dict[str, object], message: str
) -> None:
    with db.session(db_engine) as s:
        version = db.start_version(s, team.run_id, by=team.lead).version
    with pytest.raises(db.DatabaseError, match=message), db.session(db_engine) as s:
        db.record_decision(s, team.run_id, version, kind, payload, by=team.lead)  # type: ignore[arg-type]


def test_record_decision_needs_an_existing_version(db_engine: Engine, team: Team) -> None:
    with pytest.raises(db.DatabaseError, match="Fix: start one with"), db.session(db_engine) as s:
        db.record_decision(s, team.run_id, 1, "drop", {"theme_id": "3"}, by=team.lead)


def test_decisions_for_replays_in_the_order_made(db_engine: Engine, team: Team) -> None:
    with db.session(db_engine) as s:
        v = db.start_version(s, team.run_id, by=team.lead).version
        db.record_decision(s, team.run_id, v, "rename", {"theme_id": "1", "name": "Rent"}, by=team.lead)
        db.record_decision(s, team.run_id, v, "adopt_panel_name", {"theme_id": "2", "name": "Bills"}, by=team.lead)
        db.record_decision(
            s,
            team.run_id,
            v,
            "move_quote",
            {"segment_id": "s9", "from_theme_id": "1", "to_theme_id": "2"},
            by=team.lead,
        )
    with db.session(db_engine, readonly=True) as s:
        assert [d.kind for d in db.decisions_for(s, team.run_id)] == ["rename", "adopt_panel_name", "move_quote"]
