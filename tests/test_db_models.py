"""Models round-trip on both backends: UTC timestamps, JSON documents, constraints enforced by the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, exc, select

from voices import db
from voices.db.models import (
    AuditEvent,
    Coding,
    Decision,
    Memo,
    MissingThemeSuggestion,
    Panel,
    PanelMember,
    PanelRun,
    Person,
    QuoteFlag,
    Review,
    ThemeVersion,
)

WHEN = datetime(2025, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=1)))
DOC = {"theme_ids": ["2", "9"], "note": "naïve café – £5 “quoted”", "nested": {"n": [1, 2.5, None, True]}}


def test_models_round_trip_every_table(db_engine: Engine) -> None:
    with db.session(db_engine) as s:
        lead = Person(display_name="Asha", role="researcher", code_id="AAAA", access_code_hash="h", created_at=WHEN)
        s.add(lead)
        s.flush()
        panel = Panel(name="P", created_by_id=lead.id)
        s.add(panel)
        s.flush()
        v = ThemeVersion(run_id="r", version=1, created_by_id=lead.id)
        s.add_all([v, PanelMember(panel_id=panel.id, person_id=lead.id, invited_by_id=lead.id)])
        s.add(PanelRun(panel_id=panel.id, run_id="r", granted_by_id=lead.id))
        s.flush()
        s.add_all(
            [
                Review(person_id=lead.id, run_id="r", theme_id="1", verdict="partly", own_name="Bills", comment="c"),
                QuoteFlag(person_id=lead.id, run_id="r", theme_id="1", segment_id="s", reason="harmful"),
                MissingThemeSuggestion(person_id=lead.id, run_id="r", name="Pride"),
                Decision(run_id="r", reviewed_version=1, kind="merge", payload=DOC, author_id=lead.id),
                Coding(run_id="r", segment_id="s", code="debt", start=0, end=5, coder_id=lead.id),
                Memo(object_type="theme", object_id="1", text="m", author_id=lead.id),
                AuditEvent(actor_id=lead.id, actor="Asha", action="a", object_type="o", object_id="1", details=DOC),
            ]
        )
    with db.session(db_engine, readonly=True) as s:
        person = s.scalars(select(Person)).one()
        assert person.created_at == WHEN and person.created_at.tzinfo == UTC and person.active is True
        assert s.scalars(select(Decision.payload)).one() == DOC
        assert s.scalars(select(AuditEvent.details)).one() == DOC
        review = s.scalars(select(Review)).one()
        assert (review.verdict, review.own_name, review.updated_at.tzinfo) == ("partly", "Bills", UTC)
        assert s.execute(select(Coding.start, Coding.end)).one() == (0, 5)
        for model in (Panel, PanelMember, PanelRun, QuoteFlag, MissingThemeSuggestion, ThemeVersion, Memo):
            row = s.scalars(select(model)).one()
            stamp = next(getattr(row, c) for c in ("created_at", "invited_at", "granted_at") if hasattr(row, c))
            assert stamp.tzinfo == UTC and abs(datetime.now(UTC) - stamp) < timedelta(minutes=5)


def test_models_refuse_naive_timestamps(db_engine: Engine) -> None:
    with pytest.raises(exc.StatementError, match="naive"), db.session(db_engine) as s:
        s.add(Person(display_name="A", role="researcher", code_id="A", access_code_hash="h", created_at=datetime.now()))
        s.flush()


@pytest.mark.parametrize(
    "make_bad_row",
    [
        lambda: Review(person_id=1, run_id="r", theme_id="1", verdict="maybe"),
        lambda: Coding(run_id="r", segment_id="s", code="c", start=5, end=2, coder_id=1),
        lambda: Decision(run_id="r", reviewed_version=1, kind="drop", payload={}, author_id=1),  # no version 1
        lambda: Review(person_id=999, run_id="r", theme_id="1", verdict="yes"),  # no person 999
    ],
    ids=["verdict-check", "span-check", "version-foreign-key", "person-foreign-key"],
)
def test_database_enforces_constraints(db_engine: Engine, make_bad_row: Callable[[], object]) -> None:
    with db.session(db_engine) as s:
        db.create_person(s, "Asha", role="researcher", by=None)
    with pytest.raises(exc.IntegrityError), db.session(db_engine) as s:
        s.add(make_bad_row())
        s.flush()
