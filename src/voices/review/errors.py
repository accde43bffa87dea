"""Errors of the review app's logic: what was expected, what was found, and the fix."""

from __future__ import annotations

from voices.errors import VoicesError


class ReviewError(VoicesError):
    """A review operation cannot go ahead (unknown theme, bad decision, missing run table…).

    Args:
        what: the object or setting concerned.
        expected: what voices expected.
        found: what it found instead.
        fix: what the user can do about it.

    Example:
        >>> str(ReviewError("theme '9'", expected="a theme of the run", found="no such theme", fix="pick one"))
        "theme '9': expected a theme of the run, found no such theme. Fix: pick one."
    """

    def __init__(self, what: str, *, expected: str, found: str, fix: str) -> None:
        self.what = what
        self.expected = expected
        self.found = found
        self.fix = fix
        super().__init__(f"{what}: expected {expected}, found {found}. Fix: {fix}.")


class AccessDenied(ReviewError):
    """Someone asked for a page, run or action they may not see.

    The message never says whether the run exists, so guessing run ids reveals nothing.

    Example:
        >>> AccessDenied("run 'x'").found
        'no access'
    """

    def __init__(self, what: str, *, fix: str = "ask the researcher who invited you") -> None:
        super().__init__(what, expected="something you have been invited to see", found="no access", fix=fix)
