"""The decisions database: people, panels, reviews, decisions, codings, memos and the audit trail.

SQLite in the project folder by default, PostgreSQL by URL (``VOICES_DATABASE_URL``). Every write is
attributed to a person and recorded in ``audit_events`` in the same transaction.

Example:
    >>> import tempfile
    >>> from voices import db
    >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db")
    >>> db.upgrade(engine)
    >>> with db.session(engine) as s:
    ...     lead, code = db.create_person(s, "Asha", role="researcher", by=None)
    >>> with db.session(engine) as s:
    ...     db.verify_access_code(s, code).display_name
    'Asha'
    >>> engine.dispose()
"""

from __future__ import annotations

from voices.db.audit import audit_log, record_event
from voices.db.codings import add_coding, codings_for, remove_coding
from voices.db.decisions import decisions_for, record_decision, start_version, versions_for
from voices.db.engine import connect, session
from voices.db.errors import DatabaseError
from voices.db.memos import edit_memo, memos_for, write_memo
from voices.db.migrate import current_revision, downgrade, head_revision, require_current, upgrade
from voices.db.panels import create_panel, grant_run, invite, runs_for
from voices.db.people import create_person, reset_access_code, set_active, verify_access_code
from voices.db.reviews import flag_quote, reviews_for, save_review, suggest_missing_theme
from voices.db.url import database_url

__all__ = [
    "DatabaseError",
    "add_coding",
    "audit_log",
    "codings_for",
    "connect",
    "create_panel",
    "create_person",
    "current_revision",
    "database_url",
    "decisions_for",
    "downgrade",
    "edit_memo",
    "flag_quote",
    "grant_run",
    "head_revision",
    "invite",
    "memos_for",
    "record_decision",
    "record_event",
    "remove_coding",
    "require_current",
    "reset_access_code",
    "reviews_for",
    "runs_for",
    "save_review",
    "session",
    "set_active",
    "start_version",
    "suggest_missing_theme",
    "upgrade",
    "verify_access_code",
    "versions_for",
    "write_memo",
]
