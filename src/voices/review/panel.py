"""What panel members give, in their words: verdicts, own names, flags, missing themes, progress.

Plain-English answers map to the database's closed vocabularies here, and every write checks that the theme
(and quote) really belongs to the run, so a tampered form cannot attach feedback to something the member was
never shown.

Example:
    >>> VERDICTS["Partly"], FLAG_REASONS["It could identify someone"]
    ('partly', 'identifying')
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from voices.db import flag_quote, save_review, suggest_missing_theme
from voices.db.models import FlagReason, MissingThemeSuggestion, Person, QuoteFlag, Review, Verdict
from voices.review.cards import ThemeCard
from voices.review.errors import AccessDenied, ReviewError

VERDICTS: dict[str, Verdict] = {"Yes": "yes", "Partly": "partly", "No": "no", "Not sure": "not_sure"}
"""The question "Does this ring true?" — answers as shown, and as stored."""
VERDICT_WORDS: dict[str, str] = {v: k for k, v in VERDICTS.items()}

FLAG_REASONS: dict[str, FlagReason] = {
    "It's in the wrong place": "misplaced",
    "It could identify someone": "identifying",
    "It's upsetting or harmful": "harmful",
    "Something else is wrong": "other",
}
FLAG_WORDS: dict[str, str] = {v: k for k, v in FLAG_REASONS.items()}


@dataclass(frozen=True)
class Progress:
    """How far a member has got: cards answered out of all cards."""

    answered: int
    total: int

    def in_words(self) -> str:
        """E.g. ``You have answered 2 of 7 themes.``"""
        if self.total and self.answered >= self.total:
            return f"You have answered all {self.total} themes. Thank you!"
        return f"You have answered {self.answered} of {self.total} themes."


def my_reviews(s: Session, person: Person, run_id: str) -> dict[str, Review]:
    """This person's current review of each theme they answered."""
    rows = s.scalars(select(Review).where(Review.person_id == person.id, Review.run_id == run_id))
    return {r.theme_id: r for r in rows}


def my_flags(s: Session, person: Person, run_id: str) -> dict[tuple[str, str], QuoteFlag]:
    """This person's quote flags, keyed by ``(theme_id, segment_id)``."""
    rows = s.scalars(select(QuoteFlag).where(QuoteFlag.person_id == person.id, QuoteFlag.run_id == run_id))
    return {(f.theme_id, f.segment_id): f for f in rows}


def my_suggestions(s: Session, person: Person, run_id: str) -> list[MissingThemeSuggestion]:
    """This person's missing-theme suggestions, oldest first."""
    query = select(MissingThemeSuggestion).where(
        MissingThemeSuggestion.person_id == person.id, MissingThemeSuggestion.run_id == run_id
    )
    return list(s.scalars(query.order_by(MissingThemeSuggestion.id)))


def progress(reviews: Collection[str], cards: list[ThemeCard]) -> Progress:
    """Progress through the cards, counting only themes still on the cards."""
    ids = {c.theme_id for c in cards}
    return Progress(len(ids & set(reviews)), len(ids))


def first_unanswered(reviews: Collection[str], cards: list[ThemeCard]) -> int:
    """Index of the first card without an answer (the last card when all are answered)."""
    for i, card in enumerate(cards):
        if card.theme_id not in reviews:
            return i
    return max(len(cards) - 1, 0)


def _card(cards: list[ThemeCard], theme_id: str) -> ThemeCard:
    for card in cards:
        if card.theme_id == theme_id:
            return card
    raise AccessDenied(f"theme {theme_id[:40]!r}")


def answer(
    s: Session,
    person: Person,
    run_id: str,
    cards: list[ThemeCard],
    theme_id: str,
    *,
    verdict_words: str,
    own_name: str | None = None,
    comment: str | None = None,
) -> Review:
    """Save a member's answer to a card: whether it rings true, their own name for it, a comment.

    Args:
        s: a writable session.
        person: the member.
        run_id: the run (already checked with :func:`voices.review.access.require_run`).
        cards: the cards they were shown.
        theme_id: the card answered.
        verdict_words: ``Yes``, ``Partly``, ``No`` or ``Not sure``.
        own_name: their name for the theme.
        comment: anything else.

    Raises:
        AccessDenied: the theme is not on their cards.
        ReviewError: an answer that is not one of the four.
    """
    _card(cards, theme_id)
    if verdict_words not in VERDICTS:
        raise ReviewError("answer", expected=f"one of {', '.join(VERDICTS)}", found=repr(verdict_words), fix="pick one")
    return save_review(
        s,
        person,
        run_id,
        theme_id,
        verdict=VERDICTS[verdict_words],
        own_name=own_name,
        comment=comment,
    )


def flag(
    s: Session,
    person: Person,
    run_id: str,
    cards: list[ThemeCard],
    theme_id: str,
    segment_id: str,
    *,
    reason_words: str,
    note: str | None = None,
) -> QuoteFlag:
    """Flag a quote shown on a card.

    Raises:
        AccessDenied: the theme or quote was not on their cards.
        ReviewError: an unknown reason.
    """
    card = _card(cards, theme_id)
    if segment_id not in {q["segment_id"] for q in card.quotes}:
        raise AccessDenied(f"quote {segment_id[:40]!r}")
    if reason_words not in FLAG_REASONS:
        raise ReviewError(
            "reason", expected=f"one of {', '.join(FLAG_REASONS)}", found=repr(reason_words), fix="pick one"
        )
    return flag_quote(
        s,
        person,
        run_id,
        theme_id,
        segment_id,
        reason=FLAG_REASONS[reason_words],
        note=note,
    )


def suggest(s: Session, person: Person, run_id: str, text: str) -> MissingThemeSuggestion:
    """Record something a member thinks is missing; the first line (up to 200 characters) becomes its name."""
    text = text.strip()
    first = text.splitlines()[0].strip() if text else ""
    name = first if len(first) <= 200 else first[:199].rsplit(" ", 1)[0] + "…"
    description = text if text != name else None
    return suggest_missing_theme(s, person, run_id, name, description=description)
