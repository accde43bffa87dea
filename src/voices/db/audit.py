"""The audit trail: every write names who made it, what it did, to which object, and when."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from voices.db.models import AuditEvent, Person

SYSTEM = "system"
"""The actor label for set-up work done before anyone exists (creating the first researcher)."""


def record_event(
    s: Session,
    *,
    by: Person | None,
    action: str,
    object_type: str,
    object_id: str | int,
    run_id: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session's transaction, so it commits or rolls back with the change it records.

    Args:
        s: the session making the change.
        by: the person responsible, or None for set-up work (recorded as ``system``).
        action: a dotted verb, e.g. ``review.save`` or ``decision.rename``.
        object_type: the table or kind of thing changed, e.g. ``review``.
        object_id: its id.
        run_id: the run concerned, if any (lets the app show a run's history quickly).
        details: what changed, as JSON-compatible data. Never put access codes or raw text here.

    Returns:
        The event, flushed (it has an id).

    Example:
        >>> from voices.db.models import Person
        >>> from sqlalchemy.orm import Session
        >>> import sqlalchemy
        >>> engine = sqlalchemy.create_engine("sqlite://")
        >>> AuditEvent.metadata.create_all(engine)
        >>> with Session(engine) as s:
        ...     record_event(s, by=None, action="example.touch", object_type="thing", object_id=7).actor
        'system'
    """
    event = AuditEvent(
        actor_id=None if by is None else by.id,
        actor=SYSTEM if by is None else by.display_name,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        run_id=run_id,
        details=dict(details or {}),
    )
    s.add(event)
    s.flush()
    return event


def audit_log(
    s: Session,
    *,
    run_id: str | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    actor: Person | int | None = None,
    action: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[AuditEvent]:
    """Read the audit trail, oldest first, filtered by any combination of run, object, actor, action and time.

    Args:
        s: a session.
        run_id: only events about this run.
        object_type: only events about this kind of object.
        object_id: only events about this object (use with ``object_type``).
        actor: only events by this person (or person id).
        action: only this action, e.g. ``review.save``.
        since: only events at or after this timezone-aware time.
        limit: at most this many events (the newest ones, still returned oldest first).

    Returns:
        Matching events.

    Example:
        >>> import sqlalchemy
        >>> engine = sqlalchemy.create_engine("sqlite://")
        >>> AuditEvent.metadata.create_all(engine)
        >>> with Session(engine) as s:
        ...     _ = record_event(s, by=None, action="example.touch", object_type="thing", object_id=7)
        ...     [e.action for e in audit_log(s, object_type="thing", object_id=7)]
        ['example.touch']
    """
    query = select(AuditEvent)
    if run_id is not None:
        query = query.where(AuditEvent.run_id == run_id)
    if object_type is not None:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEvent.object_id == str(object_id))
    if actor is not None:
        query = query.where(AuditEvent.actor_id == (actor if isinstance(actor, int) else actor.id))
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if limit is None:
        return list(s.scalars(query.order_by(AuditEvent.at, AuditEvent.id)))
    newest = list(s.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)))
    return newest[::-1]
