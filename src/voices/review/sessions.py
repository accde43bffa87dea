"""Sign-in sessions that survive a page refresh: a random token in the URL, its hash in the audit trail.

Signing in with an access code records a ``session.start`` audit event whose object id is the SHA-256 of a
fresh 256-bit token; the token itself goes only to the browser (as ``?s=…``). Resuming hashes the presented
token and looks the event up, so a tampered, truncated or invented token finds nothing. A session ends when it
expires, when the person signs out (``session.end``), is deactivated, or has their access code reset (the
event remembers the code's public id, which a reset changes). No server secret is needed, so several app
processes behind a proxy share sessions through the database. See ``docs/adr/0010-*``.

Example:
    >>> token_hash("v1.abc") == token_hash("v1.abc"), token_hash("v1.abc") == token_hash("v1.abd")
    (True, False)
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from voices.db import audit_log, record_event, verify_access_code
from voices.db.columns import utcnow
from voices.db.models import Person

PREFIX = "v1."
TOKEN_BYTES = 32
OBJECT_TYPE = "session"
START, END = "session.start", "session.end"
HOURS_ENV = "VOICES_APP_SESSION_HOURS"
DEFAULT_HOURS = 12.0


@dataclass(frozen=True)
class SignIn:
    """A successful sign-in: who, and the token that lets their browser resume."""

    person: Person
    token: str
    expires_at: datetime


def session_hours() -> float:
    """How long a session lasts: ``$VOICES_APP_SESSION_HOURS`` or 12 hours."""
    try:
        hours = float(os.environ.get(HOURS_ENV, DEFAULT_HOURS))
    except ValueError:
        return DEFAULT_HOURS
    return hours if hours > 0 else DEFAULT_HOURS


def token_hash(token: str) -> str:
    """The hex SHA-256 of a token: what the database stores instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def sign_in(s: Session, code: str, *, hours: float | None = None) -> SignIn | None:
    """Check an access code and open a session for its person.

    Args:
        s: a writable session.
        code: the access code as typed.
        hours: session length (default :func:`session_hours`).

    Returns:
        The sign-in, or None for a wrong, malformed or deactivated code (the same None for each, so a guess
        learns nothing).

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     _, code = db.create_person(s, "Asha", role="researcher", by=None)
        ...     signed = sign_in(s, code)
        >>> with db.session(engine, readonly=True) as s:
        ...     resume(s, signed.token).display_name, resume(s, signed.token + "x")
        ('Asha', None)
        >>> engine.dispose()
    """
    person = verify_access_code(s, code)
    if person is None:
        return None
    token = PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    expires_at = utcnow() + timedelta(hours=hours if hours is not None else session_hours())
    record_event(
        s,
        by=person,
        action=START,
        object_type=OBJECT_TYPE,
        object_id=token_hash(token),
        details={"expires_at": expires_at.isoformat(), "code_id": person.code_id},
    )
    return SignIn(person=person, token=token, expires_at=expires_at)


def resume(s: Session, token: str | None) -> Person | None:
    """The person a session token belongs to, if the session is still open.

    Args:
        s: a session (read-only is enough).
        token: the token from the browser, or None.

    Returns:
        The person, or None when the token is missing, malformed, unknown, expired or signed out, or the person
        is deactivated or has a new access code.

    Example:
        See :func:`sign_in`.
    """
    if not token or not token.startswith(PREFIX) or len(token) > 200:
        return None
    digest = token_hash(token)
    events = audit_log(s, object_type=OBJECT_TYPE, object_id=digest)
    start = next((e for e in events if e.action == START), None)
    if start is None or any(e.action == END for e in events) or start.actor_id is None:
        return None
    # The lookup was by the digest already; compare again in constant time as a guard against collation quirks.
    if not hmac.compare_digest(start.object_id, digest):
        return None
    try:
        expires_at = datetime.fromisoformat(str(start.details.get("expires_at")))
    except ValueError:
        return None
    if expires_at <= utcnow():
        return None
    person = s.get(Person, start.actor_id)
    if person is None or not person.active or person.code_id != start.details.get("code_id"):
        return None
    return person


def sign_out(s: Session, token: str | None) -> bool:
    """End a session, so its token stops working even if someone copied the URL.

    Args:
        s: a writable session.
        token: the token to end.

    Returns:
        True if an open session was ended.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     _, code = db.create_person(s, "Asha", role="researcher", by=None)
        ...     token = sign_in(s, code).token
        ...     sign_out(s, token), resume(s, token)
        (True, None)
        >>> engine.dispose()
    """
    person = resume(s, token)
    if person is None or token is None:
        return False
    record_event(s, by=person, action=END, object_type=OBJECT_TYPE, object_id=token_hash(token))
    return True
