"""Who may write what: every write names an active person, and some writes need a researcher.

Checks read the person's current row, not the object the caller holds, so someone deactivated (or changed
role) mid-session is refused at their next write even if the app cached their sign-in.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from voices.db.errors import DatabaseError
from voices.db.models import Person


def require_active(s: Session, by: Person, *, doing: str) -> str:
    """Refuse a write by a deactivated, unknown or unsaved person.

    Args:
        s: the session making the change.
        by: the person making the change.
        doing: what they are doing, for the message.

    Returns:
        Their current role.

    Raises:
        DatabaseError: ``by`` is deactivated or not in the database.

    Example:
        >>> import sqlalchemy
        >>> engine = sqlalchemy.create_engine("sqlite://")
        >>> Person.metadata.create_all(engine)
        >>> with Session(engine) as s:
        ...     asha = Person(display_name="Asha", role="researcher", code_id="K7QM", access_code_hash="x")
        ...     s.add(asha); s.flush()
        ...     require_active(s, asha, doing="renaming a theme")
        'researcher'
    """
    row = None if by.id is None else s.execute(select(Person.active, Person.role).where(Person.id == by.id)).first()
    if row is None or not row.active:
        raise DatabaseError(
            f"{doing} by {by.display_name!r}",
            expected="an active person saved in the database",
            found="a deactivated person" if row is not None else "a person not in the database",
            fix="sign in as an active person, or ask a researcher to reactivate this one",
        )
    return str(row.role)


def require_researcher(s: Session, by: Person, *, doing: str) -> None:
    """Refuse a write only researchers may make (managing people and panels, decisions, codings, memos).

    Args:
        s: the session making the change.
        by: the person making the change.
        doing: what they are doing, for the message.

    Raises:
        DatabaseError: ``by`` is not an active researcher.

    Example:
        >>> import sqlalchemy
        >>> engine = sqlalchemy.create_engine("sqlite://")
        >>> Person.metadata.create_all(engine)
        >>> with Session(engine) as s:
        ...     sam = Person(display_name="Sam", role="panel_member", code_id="K7QM", access_code_hash="x")
        ...     s.add(sam); s.flush()
        ...     try:
        ...         require_researcher(s, sam, doing="merging themes")
        ...     except DatabaseError as error:
        ...         print(error)
        merging themes by 'Sam': expected a researcher, found a panel_member. Fix: ask a researcher to do this.
    """
    role = require_active(s, by, doing=doing)
    if role != "researcher":
        raise DatabaseError(
            f"{doing} by {by.display_name!r}",
            expected="a researcher",
            found=f"a {role}",
            fix="ask a researcher to do this",
        )
