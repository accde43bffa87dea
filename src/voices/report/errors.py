"""Errors raised while building or writing a report; each says what was expected, what was found and the fix."""

from __future__ import annotations

from voices.errors import VoicesError


class ReportError(VoicesError):
    """A report cannot be built or written as asked.

    Args:
        where: the run, table, folder or argument at fault.
        expected: what voices expected.
        found: what it found instead.
        fix: what the user can do about it.

    Example:
        >>> str(ReportError("runs/x", expected="a folder outside the run", found="runs/x/out", fix="pick another"))
        'runs/x: expected a folder outside the run, found runs/x/out. Fix: pick another.'
    """

    def __init__(self, where: str, *, expected: str, found: str, fix: str) -> None:
        self.where = where
        self.expected = expected
        self.found = found
        self.fix = fix
        super().__init__(f"{where}: expected {expected}, found {found}. Fix: {fix}.")
