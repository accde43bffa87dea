"""``INSERT … ON CONFLICT`` for whichever backend a session is bound to (SQLite and PostgreSQL share the syntax)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from voices.db.errors import DatabaseError


def insert(s: Session, model: type[Any]) -> sqlite.Insert | postgresql.Insert:
    """An insert statement for ``model`` that supports ``on_conflict_do_update`` / ``on_conflict_do_nothing``.

    Args:
        s: the session the statement will run in (its bind decides the dialect).
        model: a mapped class.

    Returns:
        The dialect's insert construct.

    Raises:
        DatabaseError: the session is bound to neither SQLite nor PostgreSQL.

    Example:
        >>> import sqlalchemy
        >>> from voices.db.models import Review
        >>> with Session(sqlalchemy.create_engine("sqlite://")) as s:
        ...     type(insert(s, Review)).__module__
        'sqlalchemy.dialects.sqlite.dml'
    """
    name = s.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(model)
    if name == "sqlite":
        return sqlite.insert(model)
    raise DatabaseError("database", expected="SQLite or PostgreSQL", found=name, fix="use a supported database URL")
