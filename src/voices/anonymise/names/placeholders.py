"""Placeholders that anonymisation writes (``[PERSON_3]``, ``[EMAIL_1]``) are never personal data.

Anonymising already-anonymised text must change nothing, so every name rule skips characters inside a
placeholder.

Example:
    >>> placeholder_ranges("Ask [PERSON_3] or [EMAIL_12].")
    [(4, 14), (18, 28)]
"""

from __future__ import annotations

import re

#: The placeholder shape written by the transform step: ``[LABEL_N]``.
PLACEHOLDER = re.compile(r"\[[A-Z_]+_\d+\]")


def placeholder_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges ``(start, end)`` of every placeholder in ``text``."""
    if "[" not in text:
        return []
    return [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]
