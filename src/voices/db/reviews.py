"""Panel feedback on a run's themes: verdicts and own names, flagged quotes, missing themes.

Every save is an atomic ``INSERT … ON CONFLICT DO UPDATE``: a person has one current review per theme, however
many tabs or refreshes save it at once.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from voices.db import upsert
from voices.db.audit import record_event
from voices.db.columns import utcnow
from voices.db.errors import DatabaseError
from voices.db.models import (
    FLAG_REASONS,
    VERDICTS,
    FlagReason,
    MissingThemeSuggestion,
    Person,
    QuoteFlag,
    Review,
    Verdict,
)
from voices.db.panels import require_run_access


def save_review(
    s: Session,
    person: Person,
    run_id: str,
    theme_id: str,
    *,
    verdict: Verdict,
    own_name: str | None = None,
    comment: str | None = None,
) -> Review:
    """Save a person's verdict on a theme, replacing their earlier one.

    Args:
        s: a session.
        person: the reviewer (the write is attributed to them).
        run_id: the run.
        theme_id: the theme within the run.
        verdict: ``yes``, ``partly``, ``no`` or ``not_sure`` (``not sure`` is accepted too).
        own_name: what they would call the theme; blank means none.
        comment: anything else they want to say; blank means none.

    Returns:
        The review as stored.

    Raises:
        DatabaseError: unknown verdict, or the person may not see this run.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> from voices.db.people import create_person
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, _ = create_person(s, "Asha", role="researcher", by=None)
        ...     _ = save_review(s, lead, "run-1", "3", verdict="partly")
        ...     review = save_review(s, lead, "run-1", "3", verdict="yes", own_name="Heating or eating")
        ...     review.verdict, review.own_name, len(s.scalars(select(Review)).all())
        ('yes', 'Heating or eating', 1)
        >>> engine.dispose()
    """
    checked = _verdict(verdict)
    require_run_access(s, person, run_id)
    now = utcnow()
    statement = upsert.insert(s, Review).values(
        person_id=person.id,
        run_id=run_id,
        theme_id=str(theme_id),
        verdict=checked,
        own_name=_blank_to_none(own_name),
        comment=_blank_to_none(comment),
        created_at=now,
        updated_at=now,
    )
    statement = statement.on_conflict_do_update(
        index_elements=["person_id", "run_id", "theme_id"],
        set_={
            "verdict": statement.excluded.verdict,
            "own_name": statement.excluded.own_name,
            "comment": statement.excluded.comment,
            "updated_at": statement.excluded.updated_at,
        },
    )
    review_id = s.execute(statement.returning(Review.id)).scalar_one()
    review = s.get_one(Review, review_id, populate_existing=True)
    record_event(
        s,
        by=person,
        action="review.save",
        object_type="review",
        object_id=review_id,
        run_id=run_id,
        details={"theme_id": review.theme_id, "verdict": checked, "own_name": review.own_name},
    )
    return review


def reviews_for(s: Session, run_id: str, *, theme_id: str | None = None) -> list[Review]:
    """Current reviews of a run (or of one theme), ordered by theme then reviewer.

    Args:
        s: a session.
        run_id: the run.
        theme_id: only this theme.

    Returns:
        Reviews.

    Example:
        See :func:`save_review`.
    """
    query = select(Review).where(Review.run_id == run_id)
    if theme_id is not None:
        query = query.where(Review.theme_id == str(theme_id))
    return list(s.scalars(query.order_by(Review.theme_id, Review.person_id)))


def flag_quote(
    s: Session,
    person: Person,
    run_id: str,
    theme_id: str,
    segment_id: str,
    *,
    reason: FlagReason,
    note: str | None = None,
) -> QuoteFlag:
    """Flag a quote shown under a theme; flagging it again updates the reason and note.

    Args:
        s: a session.
        person: who flags it.
        run_id: the run.
        theme_id: the theme it was shown under.
        segment_id: the quote's segment.
        reason: ``misplaced`` (belongs elsewhere), ``identifying`` (could identify someone), ``harmful``, ``other``.
        note: optional words of explanation.

    Returns:
        The flag as stored.

    Raises:
        DatabaseError: unknown reason, or the person may not see this run.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> from voices.db.people import create_person
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, _ = create_person(s, "Asha", role="researcher", by=None)
        ...     flag_quote(s, lead, "run-1", "3", "seg-9", reason="identifying").reason
        'identifying'
        >>> engine.dispose()
    """
    if reason not in FLAG_REASONS:
        raise DatabaseError(
            "reason", expected=f"one of {', '.join(FLAG_REASONS)}", found=repr(reason), fix="pick a listed reason"
        )
    require_run_access(s, person, run_id)
    statement = upsert.insert(s, QuoteFlag).values(
        person_id=person.id,
        run_id=run_id,
        theme_id=str(theme_id),
        segment_id=str(segment_id),
        reason=reason,
        note=_blank_to_none(note),
        created_at=utcnow(),
    )
    statement = statement.on_conflict_do_update(
        index_elements=["person_id", "run_id", "theme_id", "segment_id"],
        set_={"reason": statement.excluded.reason, "note": statement.excluded.note},
    )
    flag_id = s.execute(statement.returning(QuoteFlag.id)).scalar_one()
    flag = s.get_one(QuoteFlag, flag_id, populate_existing=True)
    record_event(
        s,
        by=person,
        action="quote.flag",
        object_type="quote_flag",
        object_id=flag_id,
        run_id=run_id,
        details={"theme_id": flag.theme_id, "segment_id": flag.segment_id, "reason": reason},
    )
    return flag


def suggest_missing_theme(
    s: Session, person: Person, run_id: str, name: str, *, description: str | None = None
) -> MissingThemeSuggestion:
    """Record a theme a person expected and did not find, in their own words.

    Args:
        s: a session.
        person: who suggests it.
        run_id: the run.
        name: a short name for the missing theme.
        description: optional longer explanation.

    Returns:
        The suggestion.

    Raises:
        DatabaseError: empty name, or the person may not see this run.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> from voices.db.people import create_person
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, _ = create_person(s, "Asha", role="researcher", by=None)
        ...     suggest_missing_theme(s, lead, "run-1", "Pride stops people asking for help").name
        'Pride stops people asking for help'
        >>> engine.dispose()
    """
    if not name.strip():
        raise DatabaseError("missing theme name", expected="a few words", found="nothing", fix="name the theme")
    require_run_access(s, person, run_id)
    suggestion = MissingThemeSuggestion(
        person_id=person.id, run_id=run_id, name=name.strip(), description=_blank_to_none(description)
    )
    s.add(suggestion)
    s.flush()
    record_event(
        s,
        by=person,
        action="theme.suggest_missing",
        object_type="missing_theme_suggestion",
        object_id=suggestion.id,
        run_id=run_id,
        details={"name": suggestion.name},
    )
    return suggestion


def _verdict(value: str) -> str:
    normalised = value.strip().lower().replace(" ", "_")
    if normalised not in VERDICTS:
        raise DatabaseError(
            "verdict",
            expected=f"one of {', '.join(VERDICTS)}",
            found=repr(value),
            fix="pass one of the listed verdicts",
        )
    return normalised


def _blank_to_none(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return value.strip()
