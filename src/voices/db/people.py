"""People who sign in: create them, check their access codes, reset or deactivate them."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from voices.db import access
from voices.db.actors import require_researcher
from voices.db.audit import record_event
from voices.db.errors import DatabaseError
from voices.db.models import ROLES, Person, Role

log = logging.getLogger(__name__)

_ID_ATTEMPTS = 20


def create_person(s: Session, display_name: str, *, role: Role, by: Person | None) -> tuple[Person, str]:
    """Add a person and give them an access code.

    The plain code is returned once and never stored; hand it to the person (or print it on a card).

    Args:
        s: a session.
        display_name: what others see, e.g. a first name or a pseudonym.
        role: ``researcher`` or ``panel_member``.
        by: the researcher adding them, or None only when creating the first researcher during set-up.

    Returns:
        ``(person, access_code)``.

    Raises:
        DatabaseError: bad name or role, or ``by`` is not an active researcher.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, _ = create_person(s, "Asha", role="researcher", by=None)
        ...     member, code = create_person(s, "Jo", role="panel_member", by=lead)
        >>> member.role, len(code)
        ('panel_member', 19)
        >>> engine.dispose()
    """
    name = display_name.strip()
    if not name or len(name) > 200:
        raise DatabaseError(
            "display_name",
            expected="1 to 200 characters",
            found=f"{len(name)} characters",
            fix="give a first name or pseudonym",
        )
    if role not in ROLES:
        raise DatabaseError("role", expected=f"one of {', '.join(ROLES)}", found=repr(role), fix="pick a listed role")
    if by is not None:
        require_researcher(s, by, doing=f"adding {name!r}")
    code_id, code = _unique_code(s)
    person = Person(
        display_name=name,
        role=role,
        code_id=code_id,
        access_code_hash=access.hash_secret(access.split_code(code)[1] or ""),
        created_by_id=None if by is None else by.id,
    )
    s.add(person)
    s.flush()
    record_event(s, by=by, action="person.create", object_type="person", object_id=person.id, details={"role": role})
    return person, code


def verify_access_code(s: Session, code: str) -> Person | None:
    """The active person an access code belongs to, or None.

    Takes the same time whether the public id is unknown or the secret is wrong.

    Args:
        s: a session.
        code: the code as typed (case, spaces and dashes do not matter).

    Returns:
        The person, or None for a wrong, malformed or deactivated code.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     _, code = create_person(s, "Asha", role="researcher", by=None)
        ...     verify_access_code(s, code.lower()).display_name, verify_access_code(s, "AAAA-AAAA-AAAA-AAAA")
        ('Asha', None)
        >>> engine.dispose()
    """
    code_id, secret = access.split_code(code)
    person = None if code_id is None else s.scalar(select(Person).where(Person.code_id == code_id))
    if person is None or secret is None:
        access.waste_time(secret or code)
        return None
    if not access.check_secret(secret, person.access_code_hash) or not person.active:
        return None
    return person


def reset_access_code(s: Session, person: Person, *, by: Person) -> str:
    """Give a person a new access code; the old one stops working.

    Args:
        s: a session.
        person: whose code to replace.
        by: the researcher doing it.

    Returns:
        The new plain code (shown once, never stored).

    Raises:
        DatabaseError: ``by`` is not an active researcher.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, old = create_person(s, "Asha", role="researcher", by=None)
        ...     new = reset_access_code(s, lead, by=lead)
        ...     verify_access_code(s, old) is None, verify_access_code(s, new) is lead
        (True, True)
        >>> engine.dispose()
    """
    require_researcher(s, by, doing=f"resetting the code of {person.display_name!r}")
    person = s.get_one(Person, person.id)
    code_id, code = _unique_code(s)
    person.code_id = code_id
    person.access_code_hash = access.hash_secret(access.split_code(code)[1] or "")
    s.flush()
    record_event(s, by=by, action="person.reset_code", object_type="person", object_id=person.id)
    return code


def set_active(s: Session, person: Person, active: bool, *, by: Person) -> Person:
    """Deactivate a person (their code stops working, their work stays attributed) or reactivate them.

    Args:
        s: a session.
        person: whom to change.
        active: the new state.
        by: the researcher doing it.

    Returns:
        The person as now stored (the object passed in is not changed if it came from another session).

    Raises:
        DatabaseError: ``by`` is not an active researcher.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, _ = create_person(s, "Asha", role="researcher", by=None)
        ...     jo, code = create_person(s, "Jo", role="panel_member", by=lead)
        ...     set_active(s, jo, False, by=lead).active, verify_access_code(s, code)
        (False, None)
        >>> engine.dispose()
    """
    require_researcher(s, by, doing=f"changing whether {person.display_name!r} is active")
    person = s.get_one(Person, person.id)
    person.active = active
    s.flush()
    action = "person.activate" if active else "person.deactivate"
    record_event(s, by=by, action=action, object_type="person", object_id=person.id)
    return person


def _unique_code(s: Session) -> tuple[str, str]:
    # Public ids are short, so collisions happen in large installs: draw until one is free. A concurrent
    # writer can still take the same id before we commit; the unique constraint then fails the commit loudly.
    for _ in range(_ID_ATTEMPTS):
        code_id = access.new_code_id()
        if s.scalar(select(Person.id).where(Person.code_id == code_id)) is None:
            return code_id, access.new_code(code_id)
    raise DatabaseError(
        "people.code_id",
        expected="a free public code id",
        found=f"{_ID_ATTEMPTS} random ids all taken",
        fix="deactivate and remove unused people, or report this as a bug",
    )
