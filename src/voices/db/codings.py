"""Transcript coding: codes applied to a segment, or to a character span of it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from voices.db.actors import require_researcher
from voices.db.audit import record_event
from voices.db.errors import DatabaseError
from voices.db.models import Coding, Person


def add_coding(
    s: Session,
    run_id: str,
    segment_id: str,
    code: str,
    *,
    by: Person,
    start: int | None = None,
    end: int | None = None,
) -> Coding:
    """Apply a code to a segment (whole, or characters ``start`` to ``end``).

    Args:
        s: a session.
        run_id: the run the segment belongs to.
        segment_id: the segment.
        code: the code's name in the codebook.
        by: the coder (a researcher).
        start: first character of the span, or None for the whole segment.
        end: one past the last character, or None for the whole segment.

    Returns:
        The coding.

    Raises:
        DatabaseError: empty code, a half-given or backwards span, or ``by`` is not an active researcher.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> from voices.db.people import create_person
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, _ = create_person(s, "Asha", role="researcher", by=None)
        ...     c = add_coding(s, "run-1", "t1-004", "debt", by=lead, start=10, end=42)
        ...     [(x.code, x.start, x.end) for x in codings_for(s, "run-1")]
        [('debt', 10, 42)]
        >>> engine.dispose()
    """
    require_researcher(s, by, doing=f"coding segment {segment_id!r}")
    if not code.strip():
        raise DatabaseError("code", expected="a code name", found="an empty string", fix="name the code")
    if (start is None) != (end is None) or (start is not None and end is not None and not 0 <= start < end):
        raise DatabaseError(
            f"span of code {code!r} on segment {segment_id!r}",
            expected="both start and end with 0 <= start < end, or neither for the whole segment",
            found=f"start={start}, end={end}",
            fix="pass character offsets into the segment's text",
        )
    coding = Coding(run_id=run_id, segment_id=segment_id, code=code.strip(), start=start, end=end, coder_id=by.id)
    s.add(coding)
    s.flush()
    record_event(
        s,
        by=by,
        action="coding.add",
        object_type="coding",
        object_id=coding.id,
        run_id=run_id,
        details={"segment_id": segment_id, "code": coding.code, "start": start, "end": end},
    )
    return coding


def remove_coding(s: Session, coding: Coding, *, by: Person) -> None:
    """Take a code off a segment; the audit trail keeps what was removed.

    Args:
        s: a session.
        coding: the coding to remove.
        by: the researcher removing it.

    Raises:
        DatabaseError: ``by`` is not an active researcher.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> from voices.db.people import create_person
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, _ = create_person(s, "Asha", role="researcher", by=None)
        ...     remove_coding(s, add_coding(s, "run-1", "t1-004", "debt", by=lead), by=lead)
        ...     codings_for(s, "run-1")
        []
        >>> engine.dispose()
    """
    require_researcher(s, by, doing=f"removing code {coding.code!r}")
    coding = s.get_one(Coding, coding.id)
    details = {
        "segment_id": coding.segment_id,
        "code": coding.code,
        "start": coding.start,
        "end": coding.end,
        "coder_id": coding.coder_id,
    }
    record_event(
        s,
        by=by,
        action="coding.remove",
        object_type="coding",
        object_id=coding.id,
        run_id=coding.run_id,
        details=details,
    )
    s.delete(coding)
    s.flush()


def codings_for(s: Session, run_id: str, *, segment_id: str | None = None, coder: Person | None = None) -> list[Coding]:
    """A run's codings, by segment then span, optionally for one segment or one coder.

    Args:
        s: a session.
        run_id: the run.
        segment_id: only this segment.
        coder: only this coder's codings (to compare coders).

    Returns:
        Codings.

    Example:
        See :func:`add_coding`.
    """
    query = select(Coding).where(Coding.run_id == run_id)
    if segment_id is not None:
        query = query.where(Coding.segment_id == segment_id)
    if coder is not None:
        query = query.where(Coding.coder_id == coder.id)
    return list(s.scalars(query.order_by(Coding.segment_id, Coding.start, Coding.id)))
