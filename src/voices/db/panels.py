"""Lived-experience panels: who is on them, and which runs they may see."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from voices.db import upsert
from voices.db.actors import require_active, require_researcher
from voices.db.audit import record_event
from voices.db.errors import DatabaseError
from voices.db.models import Panel, PanelMember, PanelRun, Person


def create_panel(s: Session, name: str, *, by: Person, description: str | None = None) -> Panel:
    """Start a panel.

    Args:
        s: a session.
        name: unique, e.g. ``Cost of living panel 2025``.
        by: the researcher creating it.
        description: optional, shown to members.

    Returns:
        The panel.

    Raises:
        DatabaseError: empty name, or ``by`` is not an active researcher.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> from voices.db.people import create_person
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, _ = create_person(s, "Asha", role="researcher", by=None)
        ...     create_panel(s, "Tenants panel", by=lead).name
        'Tenants panel'
        >>> engine.dispose()
    """
    require_researcher(s, by, doing="creating a panel")
    if not name.strip():
        raise DatabaseError("panel name", expected="a name", found="an empty string", fix="name the panel")
    panel = Panel(name=name.strip(), description=description, created_by_id=by.id)
    s.add(panel)
    s.flush()
    record_event(s, by=by, action="panel.create", object_type="panel", object_id=panel.id, details={"name": panel.name})
    return panel


def invite(s: Session, panel: Panel, person: Person, *, by: Person) -> None:
    """Add a person to a panel; inviting someone already on it changes nothing.

    Args:
        s: a session.
        panel: the panel.
        person: who joins.
        by: the researcher inviting them.

    Raises:
        DatabaseError: ``by`` is not an active researcher.

    Example:
        See :func:`runs_for`.
    """
    require_researcher(s, by, doing=f"inviting {person.display_name!r} to {panel.name!r}")
    statement = upsert.insert(s, PanelMember).values(panel_id=panel.id, person_id=person.id, invited_by_id=by.id)
    added = s.execute(statement.on_conflict_do_nothing().returning(PanelMember.person_id)).first()
    if added is not None:
        record_event(
            s, by=by, action="panel.invite", object_type="panel", object_id=panel.id, details={"person_id": person.id}
        )


def grant_run(s: Session, panel: Panel, run_id: str, *, by: Person) -> None:
    """Let a panel see a run; granting it twice changes nothing.

    Args:
        s: a session.
        panel: the panel.
        run_id: the run's id.
        by: the researcher granting it.

    Raises:
        DatabaseError: ``by`` is not an active researcher.

    Example:
        See :func:`runs_for`.
    """
    require_researcher(s, by, doing=f"showing run {run_id!r} to {panel.name!r}")
    statement = upsert.insert(s, PanelRun).values(panel_id=panel.id, run_id=run_id, granted_by_id=by.id)
    added = s.execute(statement.on_conflict_do_nothing().returning(PanelRun.run_id)).first()
    if added is not None:
        record_event(s, by=by, action="panel.grant_run", object_type="panel", object_id=panel.id, run_id=run_id)


def runs_for(s: Session, person: Person) -> list[str]:
    """The runs a person may see through the panels they are on, sorted.

    Researchers are not limited by panels; the app lists every run for them. Deactivated people see nothing.

    Args:
        s: a session.
        person: the person signed in.

    Returns:
        Run ids.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> from voices.db.people import create_person
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, _ = create_person(s, "Asha", role="researcher", by=None)
        ...     jo, _ = create_person(s, "Jo", role="panel_member", by=lead)
        ...     panel = create_panel(s, "Tenants panel", by=lead)
        ...     invite(s, panel, jo, by=lead)
        ...     grant_run(s, panel, "2025-06-housing", by=lead)
        ...     runs_for(s, jo)
        ['2025-06-housing']
        >>> engine.dispose()
    """
    query = (
        select(PanelRun.run_id)
        .join(PanelMember, PanelMember.panel_id == PanelRun.panel_id)
        .join(Person, Person.id == PanelMember.person_id)
        .where(PanelMember.person_id == person.id, Person.active.is_(True))
        .distinct()
        .order_by(PanelRun.run_id)
    )
    return list(s.scalars(query))


def require_run_access(s: Session, person: Person, run_id: str) -> None:
    """Refuse a panel member's write about a run their panels were not shown.

    Args:
        s: a session.
        person: the person writing.
        run_id: the run concerned.

    Raises:
        DatabaseError: ``person`` is deactivated, or a panel member without access to ``run_id``.

    Example:
        See :func:`voices.db.reviews.save_review`.
    """
    role = require_active(s, person, doing=f"writing about run {run_id!r}")
    if role == "panel_member" and run_id not in runs_for(s, person):
        raise DatabaseError(
            f"run {run_id!r}",
            expected=f"a run one of {person.display_name!r}'s panels may see",
            found="a run not granted to any of their panels",
            fix="a researcher can grant the run to their panel with voices.db.panels.grant_run",
        )
