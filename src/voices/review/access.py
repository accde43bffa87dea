"""Who may open what: panel members see only the runs granted to their panels; researchers see every run.

Every page calls these checks on every run of the script, with the person re-read from the database, so a
tampered ``?run=`` or ``?page=`` parameter, a revoked grant or a deactivation takes effect at once.

Example:
    >>> from voices.db.models import Person
    >>> is_researcher(Person(display_name="Jo", role="panel_member", code_id="K7QM", access_code_hash="x"))
    False
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from voices.db import runs_for
from voices.db.models import Person
from voices.review.catalogue import RunCatalogue
from voices.review.errors import AccessDenied
from voices.runstore import Run


def is_researcher(person: Person) -> bool:
    """True for an active researcher."""
    return person.role == "researcher" and bool(person.active)


def visible_runs(s: Session, person: Person, catalogue: RunCatalogue) -> list[str]:
    """Run ids this person may open, newest first.

    Args:
        s: a session.
        person: who is signed in.
        catalogue: the runs the app serves.

    Returns:
        Every served run for a researcher; for a panel member, the served runs granted to their panels.

    Example:
        See ``tests/test_app_security.py``.
    """
    if not person.active:
        return []
    if is_researcher(person):
        return catalogue.ids()
    granted = set(runs_for(s, person))
    return [run_id for run_id in catalogue.ids() if run_id in granted]


def require_run(s: Session, person: Person, catalogue: RunCatalogue, run_id: str | None) -> Run:
    """Open a run this person may see, or refuse.

    Args:
        s: a session.
        person: who is signed in.
        catalogue: the runs the app serves.
        run_id: the id asked for (from the URL: untrusted).

    Returns:
        The run.

    Raises:
        AccessDenied: unknown run, or a run not granted to the person's panels (the same error for both).
    """
    if run_id is None or run_id not in visible_runs(s, person, catalogue):
        raise AccessDenied(f"run {str(run_id)[:80]!r}")
    run = catalogue.open(run_id)
    if run is None:  # pragma: no cover - visible_runs only lists catalogued runs
        raise AccessDenied(f"run {run_id[:80]!r}")
    return run


def require_researcher(person: Person | None) -> Person:
    """Refuse a researcher page to anyone else.

    Raises:
        AccessDenied: not signed in, or not an active researcher.
    """
    if person is None or not is_researcher(person):
        raise AccessDenied("this page", fix="sign in with a researcher's access code")
    return person
