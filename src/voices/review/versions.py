"""Reviewed versions from the database: follow a version's ``derived_from`` chain and replay its decisions.

Example:
    >>> chain_numbers({1: None, 2: 1, 3: 2, 4: None}, 3)
    [1, 2, 3]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from sqlalchemy.orm import Session

from voices.db import decisions_for, versions_for
from voices.db.models import Decision, Person, ThemeVersion
from voices.review.errors import ReviewError
from voices.review.masking import MaskRule, mask_quotes, mask_segments, mask_text
from voices.review.reviewed import ReviewedThemes, apply_decisions
from voices.review.themeset import run_assignments, run_themes
from voices.runstore import Run


def chain_numbers(derived: Mapping[int, int | None], version: int) -> list[int]:
    """Version numbers from the root to ``version`` (each derived from the one before it).

    Raises:
        ReviewError: unknown version, or a loop in ``derived_from``.
    """
    chain: list[int] = []
    current: int | None = version
    while current is not None:
        if current not in derived or current in chain:
            raise ReviewError(
                f"version {version}",
                expected="a chain of existing versions",
                found=f"version {current} missing or repeated",
                fix="pick a version listed on the decisions page",
            )
        chain.append(current)
        current = derived[current]
    return chain[::-1]


def decisions_in_chain(s: Session, run_id: str, version: int) -> list[Decision]:
    """Every decision that shapes ``version``: its ancestors' decisions, then its own, in order."""
    derived = {v.version: v.derived_from for v in versions_for(s, run_id)}
    out: list[Decision] = []
    for number in chain_numbers(derived, version):
        out.extend(decisions_for(s, run_id, number))
    return out


def latest_version(s: Session, run_id: str) -> ThemeVersion | None:
    """The newest reviewed version of a run, or None."""
    versions = versions_for(s, run_id)
    return versions[-1] if versions else None


def reviewed_themes(
    run: Run,
    decisions: Sequence[Decision],
    rules: Sequence[MaskRule],
    *,
    run_id: str,
    texts: Mapping[str, str] | None = None,
    themes: pd.DataFrame | None = None,
    assignments: pd.DataFrame | None = None,
) -> ReviewedThemes:
    """The run's themes with decisions replayed and every quote masked with the run's rules.

    Args:
        run: the run.
        decisions: in order (see :func:`decisions_in_chain`).
        rules: the run's mask rules.
        run_id: the run's id (masks are keyed by it).
        texts: segment id -> masked text, if the caller has it cached; computed from the run otherwise.
        themes: the run's normalised themes, if cached (read from the run otherwise).
        assignments: the run's normalised assignments, if cached.
    """
    if texts is None:
        segments = mask_segments(run.segments[["segment_id", "text"]], run_id, rules)
        texts = dict(zip(segments["segment_id"].astype(str), segments["text"].astype(str), strict=True))
    themes = run_themes(run) if themes is None else themes
    assignments = run_assignments(run) if assignments is None else assignments
    result = apply_decisions(themes, assignments, decisions, texts=texts)
    masked = result.themes
    masked["quotes"] = [mask_quotes(list(q), run_id, rules) for q in masked["quotes"]]
    for column in ("label", "machine_label", "description"):
        masked[column] = [mask_text(str(v), run_id, rules) if isinstance(v, str) else v for v in masked[column]]
    masked["keywords"] = [[mask_text(k, run_id, rules) for k in ks] for ks in masked["keywords"]]
    return result


def open_or_start(s: Session, run_id: str, *, by: Person) -> int:
    """The latest version's number, starting version 1 (or the next, derived from the latest) if none is open."""
    from voices.db import start_version

    latest = latest_version(s, run_id)
    if latest is not None:
        return latest.version
    return start_version(s, run_id, by=by, note="started from the app").version
