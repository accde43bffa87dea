"""The anonymisation check: researchers confirm queued spans or mark missed personal data, in the audit trail.

Both are attributed writes recorded with :func:`voices.db.record_event` (no raw value ever reaches the
database: a missed value is stored as a :mod:`voices.review.masking` fingerprint). Reading them back gives the
queue's status and the mask rules every page applies.

Example:
    >>> queue_key({"segment_id": "d1/q1", "field": "text", "start": 4, "end": 9, "label": "QUASI_SCHOOL"})
    'd1/q1|text|4|9|QUASI_SCHOOL'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from sqlalchemy.orm import Session

from voices.db import audit_log, record_event
from voices.db.actors import require_researcher
from voices.db.models import Person
from voices.review.errors import ReviewError
from voices.review.masking import MASK_LABELS, MaskRule, mask_text, rule_for, words_of

MARK = "privacy.mark_missed"
CONFIRM = "privacy.confirm"
QueueStatus = Literal["confirmed", "masked"]


def queue_key(item: Mapping[str, Any]) -> str:
    """A stable key for one review-queue row."""
    return f"{item['segment_id']}|{item.get('field', 'text')}|{int(item['start'])}|{int(item['end'])}|{item['label']}"


def whole_words(text: str, start: int, end: int) -> str:
    """The span widened to whole words, so a detector's partial span masks the word it touches.

    Example:
        >>> whole_words("We skip meals", 3, 10)
        'skip meals'
    """
    start, end = max(0, start), min(len(text), end)
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def confirm(s: Session, run_id: str, item: Mapping[str, Any], *, by: Person) -> None:
    """Record that a queued span is fine to keep (not personal data, or already safe).

    Raises:
        DatabaseError: ``by`` is not an active researcher.
    """
    require_researcher(s, by, doing=f"confirming a queued span in run {run_id!r}")
    record_event(
        s,
        by=by,
        action=CONFIRM,
        object_type="review_queue_item",
        object_id=queue_key(item),
        run_id=run_id,
        details={"segment_id": str(item["segment_id"]), "label": str(item["label"])},
    )


def mark_missed(
    s: Session,
    run_id: str,
    segment_id: str,
    segment_text: str,
    value: str,
    *,
    by: Person,
    label: str = "PERSON",
    queue_item: Mapping[str, Any] | None = None,
) -> MaskRule:
    """Record a value the anonymiser missed; from now on it is masked wherever it occurs in the run.

    Args:
        s: a writable session.
        run_id: the run.
        segment_id: where the researcher saw it.
        segment_text: that segment's text as shown, to check the value is really there.
        value: the missed personal data (only its fingerprint is stored).
        by: the researcher.
        label: placeholder label, one of :data:`~voices.review.masking.MASK_LABELS`.
        queue_item: the review-queue row this resolves, if any.

    Returns:
        The mask rule.

    Raises:
        ReviewError: the value has no words, is not in the segment, or the label is unknown.
        DatabaseError: ``by`` is not an active researcher.
    """
    require_researcher(s, by, doing=f"marking missed personal data in run {run_id!r}")
    if label not in MASK_LABELS:
        raise ReviewError("label", expected=f"one of {', '.join(MASK_LABELS)}", found=repr(label), fix="pick one")
    if not words_of(value):
        raise ReviewError("missed value", expected="some words or digits", found=repr(value[:40]), fix="type it")
    rule = rule_for(run_id, value, label)
    if mask_text(segment_text, run_id, [rule]) == segment_text:
        raise ReviewError(
            f"segment {segment_id!r}",
            expected="the marked words to appear in it",
            found="no match",
            fix="copy the words exactly as they appear in this response",
        )
    details: dict[str, Any] = {
        "fingerprint": rule.fingerprint,
        "words": rule.words,
        "label": label,
        "first": rule.first,
    }
    if queue_item is not None:
        details["queue_key"] = queue_key(queue_item)
    record_event(s, by=by, action=MARK, object_type="segment", object_id=segment_id, run_id=run_id, details=details)
    return rule


def mask_rules(s: Session, run_id: str) -> list[MaskRule]:
    """Every missed value marked in a run, as rules (oldest first, duplicates removed)."""
    seen: dict[str, MaskRule] = {}
    for event in audit_log(s, run_id=run_id, action=MARK):
        fp = str(event.details.get("fingerprint", ""))
        if fp and fp not in seen:
            words = int(event.details.get("words", 1))
            label = str(event.details.get("label", "REDACTED"))
            seen[fp] = MaskRule(fp, words, label, str(event.details.get("first", "")))
    return list(seen.values())


def queue_status(s: Session, run_id: str) -> dict[str, tuple[QueueStatus, str]]:
    """Queue key -> (``confirmed`` or ``masked``, who decided) for the rows already handled."""
    out: dict[str, tuple[QueueStatus, str]] = {}
    for event in audit_log(s, run_id=run_id, action=CONFIRM):
        out[event.object_id] = ("confirmed", event.actor)
    for event in audit_log(s, run_id=run_id, action=MARK):
        key = event.details.get("queue_key")
        if key:
            out[str(key)] = ("masked", event.actor)
    return out
