"""Panels and people, as researchers manage them from the app or the CLI.

Writes go through :mod:`voices.db` (attributed and audited); this module adds the look-ups and the two-step
"create a member and invite them" that both front ends need.

Example:
    >>> import tempfile
    >>> from voices import db
    >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
    >>> with db.session(engine) as s:
    ...     lead, _ = first_researcher(s, "Asha")
    ...     panel = db.create_panel(s, "Tenants panel", by=lead)
    ...     jo, code = invite_new_member(s, panel, "Jo", by=lead)
    ...     panels_table(s)[["panel", "members"]].values.tolist()
    [['Tenants panel', 'Jo']]
    >>> engine.dispose()
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from voices.db import create_person, invite
from voices.db.models import Panel, PanelMember, PanelRun, Person
from voices.review.errors import ReviewError


def has_researcher(s: Session) -> bool:
    """True when at least one active researcher exists."""
    query = select(Person.id).where(Person.role == "researcher", Person.active.is_(True)).limit(1)
    return s.scalar(query) is not None


def first_researcher(s: Session, name: str) -> tuple[Person, str]:
    """Create the first researcher of a fresh database (recorded as set-up work by ``system``).

    Raises:
        ReviewError: a researcher already exists (add more from the app, signed in as one).
    """
    if has_researcher(s):
        raise ReviewError(
            "first researcher",
            expected="a database without researchers",
            found="one already",
            fix="sign in as a researcher and add people from the Panels page (or pass --code to the CLI)",
        )
    return create_person(s, name, role="researcher", by=None)


def invite_new_member(s: Session, panel: Panel, name: str, *, by: Person) -> tuple[Person, str]:
    """Create a panel member and invite them; returns the person and their access code (shown once)."""
    person, code = create_person(s, name, role="panel_member", by=by)
    invite(s, panel, person, by=by)
    return person, code


def find_panel(s: Session, name: str) -> Panel:
    """A panel by its exact name.

    Raises:
        ReviewError: no such panel.
    """
    panel = s.scalar(select(Panel).where(Panel.name == name.strip()))
    if panel is None:
        known = ", ".join(repr(n) for n in s.scalars(select(Panel.name).order_by(Panel.name))) or "none yet"
        raise ReviewError(
            f"panel {name!r}",
            expected="an existing panel",
            found=f"panels {known}",
            fix="create it with `voices panel create NAME`",
        )
    return panel


def panels_table(s: Session) -> pd.DataFrame:
    """Panels with their members (active ones) and the runs they may see."""
    rows = []
    for panel in s.scalars(select(Panel).order_by(Panel.name)):
        members = s.scalars(
            select(Person.display_name)
            .join(PanelMember, PanelMember.person_id == Person.id)
            .where(PanelMember.panel_id == panel.id, Person.active.is_(True))
            .order_by(Person.display_name)
        ).all()
        runs = s.scalars(select(PanelRun.run_id).where(PanelRun.panel_id == panel.id).order_by(PanelRun.run_id)).all()
        rows.append({"panel_id": panel.id, "panel": panel.name, "members": ", ".join(members), "runs": ", ".join(runs)})
    return pd.DataFrame(rows, columns=["panel_id", "panel", "members", "runs"])


def people_table(s: Session) -> pd.DataFrame:
    """Everyone who can sign in: name, role, whether active, and the public first group of their code."""
    rows = [
        {
            "person_id": p.id,
            "name": p.display_name,
            "role": p.role.replace("_", " "),
            "active": p.active,
            "code starts": p.code_id,
        }
        for p in s.scalars(select(Person).order_by(Person.role.desc(), Person.display_name))
    ]
    return pd.DataFrame(rows, columns=["person_id", "name", "role", "active", "code starts"])
