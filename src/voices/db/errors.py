"""The database's own error: what was expected, what was found, and the fix."""

from __future__ import annotations

from voices.errors import VoicesError


class DatabaseError(VoicesError):
    """The decisions database refused an operation, or an argument would break its rules.

    Args:
        what: the object or setting concerned (a URL with its password hidden, a field, a record).
        expected: what voices expected.
        found: what it found instead.
        fix: what the user can do about it.

    Example:
        >>> str(DatabaseError("verdict", expected="one of yes, partly, no, not_sure", found="'maybe'",
        ...                   fix="pass one of the listed verdicts"))
        "verdict: expected one of yes, partly, no, not_sure, found 'maybe'. Fix: pass one of the listed verdicts."
    """

    def __init__(self, what: str, *, expected: str, found: str, fix: str) -> None:
        self.what = what
        self.expected = expected
        self.found = found
        self.fix = fix
        super().__init__(f"{what}: expected {expected}, found {found}. Fix: {fix}.")
