"""Researchers' decisions about a run's themes, grouped into reviewed theme versions.

A run is never edited. A reviewed version is a numbered set of decisions (rename, merge, split, drop, move a
quote, adopt a panel's name) recorded against the run; replaying them over the run's themes gives the reviewed
themes. Each decision is written with its audit event in one transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import exc, func, select
from sqlalchemy.orm import Session

from voices.db.actors import require_researcher
from voices.db.audit import record_event
from voices.db.errors import DatabaseError
from voices.db.models import DECISION_KINDS, Decision, DecisionKind, Person, ThemeVersion

log = logging.getLogger(__name__)

PAYLOAD_KEYS: dict[str, tuple[str, ...]] = {
    "rename": ("theme_id", "name"),
    "merge": ("theme_ids",),
    "split": ("theme_id", "parts"),
    "drop": ("theme_id",),
    "move_quote": ("segment_id", "from_theme_id", "to_theme_id"),
    "adopt_panel_name": ("theme_id", "name"),
}
"""Keys each kind of decision's payload must have. Extra keys are kept (e.g. ``review_id`` on adopt_panel_name,
``name`` on merge); ``theme_ids`` (merge) and ``parts`` (split) are lists of at least two."""

_VERSION_ATTEMPTS = 10


def start_version(
    s: Session, run_id: str, *, by: Person, derived_from: int | None = None, note: str | None = None
) -> ThemeVersion:
    """Open the next reviewed version of a run's themes (1, 2, 3 … per run, safe under concurrent callers).

    Args:
        s: a session.
        run_id: the run.
        by: the researcher starting it.
        derived_from: the earlier version it builds on, or None to start from the run's own themes.
        note: optional purpose, e.g. ``after panel 2``.

    Returns:
        The new version.

    Raises:
        DatabaseError: ``by`` is not an active researcher, or ``derived_from`` is not a version of this run.

    Example:
        See :func:`record_decision`.
    """
    require_researcher(s, by, doing=f"starting a reviewed version of run {run_id!r}")
    if derived_from is not None and _find_version(s, run_id, derived_from) is None:
        raise DatabaseError(
            "derived_from",
            expected=f"an existing version of run {run_id!r}",
            found=f"version {derived_from}, which does not exist",
            fix="pass None to start from the run's themes, or one of voices.db.decisions.versions_for(run_id)",
        )
    for _ in range(_VERSION_ATTEMPTS):
        latest = s.scalar(select(func.max(ThemeVersion.version)).where(ThemeVersion.run_id == run_id)) or 0
        version = ThemeVersion(
            run_id=run_id, version=latest + 1, derived_from=derived_from, note=note, created_by_id=by.id
        )
        try:
            with s.begin_nested():
                s.add(version)
        except exc.IntegrityError:
            log.debug("version %s of run %s was taken by a concurrent writer; retrying", latest + 1, run_id)
            continue
        record_event(
            s,
            by=by,
            action="theme_version.start",
            object_type="theme_version",
            object_id=version.id,
            run_id=run_id,
            details={"version": version.version, "derived_from": derived_from},
        )
        return version
    raise DatabaseError(
        f"run {run_id!r}",
        expected="a free version number",
        found=f"{_VERSION_ATTEMPTS} attempts taken by concurrent writers",
        fix="try again",
    )


def versions_for(s: Session, run_id: str) -> list[ThemeVersion]:
    """A run's reviewed versions, oldest first.

    Args:
        s: a session.
        run_id: the run.

    Returns:
        Versions.

    Example:
        See :func:`record_decision`.
    """
    return list(s.scalars(select(ThemeVersion).where(ThemeVersion.run_id == run_id).order_by(ThemeVersion.version)))


def record_decision(
    s: Session,
    run_id: str,
    reviewed_version: int,
    kind: DecisionKind,
    payload: Mapping[str, Any],
    *,
    by: Person,
    reason: str | None = None,
) -> Decision:
    """Record a decision against a reviewed version, with its audit event, in the session's transaction.

    Args:
        s: a session.
        run_id: the run.
        reviewed_version: the version number it belongs to (from :func:`start_version`).
        kind: ``rename``, ``merge``, ``split``, ``drop``, ``move_quote`` or ``adopt_panel_name``.
        payload: what changes; must have the keys in :data:`PAYLOAD_KEYS` and be JSON-compatible.
        by: the researcher deciding.
        reason: why, in a sentence; shown in the audit trail and reports.

    Returns:
        The decision.

    Raises:
        DatabaseError: unknown kind, incomplete or non-JSON payload, unknown version, or ``by`` is not an
            active researcher.

    Example:
        >>> import tempfile
        >>> from voices import db
        >>> from voices.db.people import create_person
        >>> engine = db.connect(f"sqlite:///{tempfile.mkdtemp()}/voices.db"); db.upgrade(engine)
        >>> with db.session(engine) as s:
        ...     lead, _ = create_person(s, "Asha", role="researcher", by=None)
        ...     v = start_version(s, "run-1", by=lead)
        ...     d = record_decision(s, "run-1", v.version, "rename", {"theme_id": "3", "name": "Heating or eating"},
        ...                         by=lead, reason="the panel's words")
        ...     v.version, d.kind, [e.action for e in db.audit_log(s, run_id="run-1")]
        (1, 'rename', ['theme_version.start', 'decision.rename'])
        >>> engine.dispose()
    """
    require_researcher(s, by, doing=f"recording a {kind} decision on run {run_id!r}")
    clean = _validated_payload(kind, payload)
    if _find_version(s, run_id, reviewed_version) is None:
        raise DatabaseError(
            "reviewed_version",
            expected=f"an existing reviewed version of run {run_id!r}",
            found=f"version {reviewed_version}, which does not exist",
            fix="start one with voices.db.decisions.start_version(session, run_id, by=...) and use its number",
        )
    decision = Decision(
        run_id=run_id,
        reviewed_version=reviewed_version,
        kind=kind,
        payload=clean,
        author_id=by.id,
        reason=reason.strip() if reason and reason.strip() else None,
    )
    s.add(decision)
    s.flush()
    record_event(
        s,
        by=by,
        action=f"decision.{kind}",
        object_type="decision",
        object_id=decision.id,
        run_id=run_id,
        details={"reviewed_version": reviewed_version, "payload": clean, "reason": decision.reason},
    )
    return decision


def decisions_for(s: Session, run_id: str, reviewed_version: int | None = None) -> list[Decision]:
    """A run's decisions (or one version's) in the order they were made, ready to replay.

    Args:
        s: a session.
        run_id: the run.
        reviewed_version: only this version.

    Returns:
        Decisions.

    Example:
        See :func:`record_decision`.
    """
    query = select(Decision).where(Decision.run_id == run_id)
    if reviewed_version is not None:
        query = query.where(Decision.reviewed_version == reviewed_version)
    return list(s.scalars(query.order_by(Decision.created_at, Decision.id)))


def _find_version(s: Session, run_id: str, version: int) -> int | None:
    query = select(ThemeVersion.id).where(ThemeVersion.run_id == run_id, ThemeVersion.version == version)
    return s.scalar(query)


def _validated_payload(kind: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    if kind not in DECISION_KINDS:
        raise DatabaseError(
            "decision kind", expected=f"one of {', '.join(DECISION_KINDS)}", found=repr(kind), fix="pick a listed kind"
        )
    required = PAYLOAD_KEYS[kind]
    missing = [key for key in required if key not in payload]
    if missing:
        raise DatabaseError(
            f"{kind} payload",
            expected=f"keys {', '.join(required)}",
            found=f"{sorted(payload)} (missing {', '.join(missing)})",
            fix=f"add {', '.join(missing)} to the payload",
        )
    for key in ("theme_ids", "parts"):
        if key in required and (not isinstance(payload[key], list | tuple) or len(payload[key]) < 2):
            raise DatabaseError(
                f"{kind} payload {key!r}",
                expected="a list of at least two",
                found=repr(payload[key]),
                fix=f"list every {'theme to merge' if key == 'theme_ids' else 'part to split into'}",
            )
    try:
        return dict(json.loads(json.dumps(dict(payload))))
    except (TypeError, ValueError) as error:
        raise DatabaseError(
            f"{kind} payload",
            expected="JSON-compatible values",
            found=str(error),
            fix="use str, int, float, list, dict",
        ) from error
