"""Errors raised by the indicators package; each says what was expected, what was found and the fix."""

from __future__ import annotations

from voices.errors import VoicesError


class IndicatorError(VoicesError):
    """An indicator table, series, lookup or pairing request is not usable as given.

    Args:
        where: the file, table, column or argument at fault.
        expected: what voices expected.
        found: what it found instead.
        fix: what the user can do about it.

    Example:
        >>> str(IndicatorError("cpi.csv", expected="a value column", found="none", fix="add one"))
        'cpi.csv: expected a value column, found none. Fix: add one.'
    """

    def __init__(self, where: str, *, expected: str, found: str, fix: str) -> None:
        self.where = where
        self.expected = expected
        self.found = found
        self.fix = fix
        super().__init__(f"{where}: expected {expected}, found {found}. Fix: {fix}.")
