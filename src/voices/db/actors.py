"""Who may write what: every write names an active person, and some writes need a researcher."""

from __future__ import annotations

from voices.db.errors import DatabaseError
from voices.db.models import Person


def require_active(by: Person, *, doing: str) -> None:
    """Refuse a write by a deactivated or unsaved person.

    Args:
        by: the person making the change.
        doing: what they are doing, for the message.

    Raises:
        DatabaseError: ``by`` is deactivated or has no id.

    Example:
        >>> require_active(Person(id=1, display_name="Asha", role="researcher", active=True), doing="renaming")
    """
    if by.id is None or not by.active:
        raise DatabaseError(
            f"{doing} by {by.display_name!r}",
            expected="an active person saved in the database",
            found="a deactivated person" if by.id is not None else "a person that was never saved",
            fix="sign in as an active person, or reactivate this one",
        )


def require_researcher(by: Person, *, doing: str) -> None:
    """Refuse a write only researchers may make (managing people and panels, decisions, codings, memos).

    Args:
        by: the person making the change.
        doing: what they are doing, for the message.

    Raises:
        DatabaseError: ``by`` is not an active researcher.

    Example:
        >>> try:
        ...     require_researcher(Person(id=2, display_name="Sam", role="panel_member", active=True), doing="x")
        ... except DatabaseError as error:
        ...     print(error.found)
        a panel_member
    """
    require_active(by, doing=doing)
    if by.role != "researcher":
        raise DatabaseError(
            f"{doing} by {by.display_name!r}",
            expected="a researcher",
            found=f"a {by.role}",
            fix="ask a researcher to do this",
        )
