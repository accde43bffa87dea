"""One error family for voices; every message says what was expected, what was found, and the fix."""

from __future__ import annotations

from pathlib import Path


class VoicesError(Exception):
    """Base class for every error voices raises on purpose."""


class InputFormatError(VoicesError):
    """A whole input file cannot be read.

    Args:
        path: the file.
        expected: what voices expected to find.
        found: what it found instead.
        fix: what the user can do about it.

    Example:
        >>> str(InputFormatError("a.pdf", expected="a CSV export", found="a PDF", fix="export as CSV"))
        'a.pdf: expected a CSV export, found a PDF. Fix: export as CSV.'
    """

    def __init__(self, path: str | Path, *, expected: str, found: str, fix: str) -> None:
        self.path = str(path)
        self.expected = expected
        self.found = found
        self.fix = fix
        super().__init__(f"{self.path}: expected {expected}, found {found}. Fix: {fix}.")


class SchemaError(VoicesError):
    """A corpus does not match the documented segment schema."""


class PipelineError(VoicesError):
    """A pipeline file is invalid: unknown stage, bad argument, missing requirement."""


class PrivacyError(VoicesError):
    """An operation would let un-anonymised text leave the anonymise stage."""


class RunStoreError(VoicesError):
    """A run directory cannot be written or read."""
