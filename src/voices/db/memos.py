"""Researchers' memos on runs, themes, segments and codes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from voices.db.actors import require_researcher
from voices.db.audit import record_event
from voices.db.columns import utcnow
from voices.db.errors import DatabaseError
from voices.db.models import Memo, Person


def write_memo(
    s: Session, object_type: str, object_id: str, text: str, *, by: Person, run_id: str | None = None
) -> Memo:
    """Write a memo about something (``run``, ``theme``, ``segment``, ``code`` …).

    Args:
        s: a session.
        object_type: what the memo is about.
        object_id: which one.
        text: the memo.
        by: the researcher writing it.
        run_id: the run it concerns, if any.

    Returns:
        The memo.

    Raises:
        DatabaseError: empty text, or ``by`` is not an active researcher.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> from voices.db.people import create_person
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, _ = create_person(s, "Asha", role="researcher", by=None)
        ...     _ = write_memo(s, "theme", "3", "Overlaps with theme 7", by=lead, run_id="run-1")
        ...     [m.text for m in memos_for(s, "theme", "3")]
        ['Overlaps with theme 7']
        >>> engine.dispose()
    """
    require_researcher(s, by, doing=f"writing a memo on {object_type} {object_id!r}")
    if not text.strip():
        raise DatabaseError("memo", expected="some text", found="nothing", fix="write the memo")
    memo = Memo(run_id=run_id, object_type=object_type, object_id=str(object_id), text=text, author_id=by.id)
    s.add(memo)
    s.flush()
    record_event(
        s,
        by=by,
        action="memo.write",
        object_type="memo",
        object_id=memo.id,
        run_id=run_id,
        details={"about": f"{object_type}:{object_id}"},
    )
    return memo


def edit_memo(s: Session, memo: Memo, text: str, *, by: Person) -> Memo:
    """Replace a memo's text; the audit trail records who edited it and when.

    Args:
        s: a session.
        memo: the memo.
        text: its new text.
        by: the researcher editing it.

    Returns:
        The memo as now stored.

    Raises:
        DatabaseError: empty text, or ``by`` is not an active researcher.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> from voices.db.people import create_person
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, _ = create_person(s, "Asha", role="researcher", by=None)
        ...     edit_memo(s, write_memo(s, "run", "run-1", "draft", by=lead), "final", by=lead).text
        'final'
        >>> engine.dispose()
    """
    require_researcher(s, by, doing=f"editing memo {memo.id}")
    if not text.strip():
        raise DatabaseError("memo", expected="some text", found="nothing", fix="write the memo")
    memo = s.get_one(Memo, memo.id)
    memo.text = text
    memo.updated_at = utcnow()
    s.flush()
    record_event(s, by=by, action="memo.edit", object_type="memo", object_id=memo.id, run_id=memo.run_id)
    return memo


def memos_for(s: Session, object_type: str, object_id: str) -> list[Memo]:
    """Memos about one object, oldest first.

    Args:
        s: a session.
        object_type: what they are about.
        object_id: which one.

    Returns:
        Memos.

    Example:
        See :func:`write_memo`.
    """
    query = select(Memo).where(Memo.object_type == object_type, Memo.object_id == str(object_id))
    return list(s.scalars(query.order_by(Memo.created_at, Memo.id)))
