"""Transform operators: what a detected span becomes in the output text.

=============  ==============================================================================================
operator       output
=============  ==============================================================================================
placeholder    typed, numbered, consistent within the scope: ``[PERSON_1]``, ``[EMAIL_2]``
hash           typed, salted keyed hash, consistent everywhere: ``[HANDLE_3f9a2c]``
generalise     ``[AGE_35-44]`` for ages; postcodes become ``[POSTCODE_1]`` and their area goes to ``area_code``;
               other labels fall back to ``placeholder``
redact         ``[REDACTED]``
keep           not masked: the span is flagged for human review (the default for quasi-identifiers)
=============  ==============================================================================================

Every output is matched by :data:`PLACEHOLDER`, which the engine protects from detection on a second pass, so
anonymising twice changes nothing.

Example:
    >>> from voices.anonymise.pseudonyms import Pseudonyms
    >>> p = Pseudonyms()
    >>> render(Span(0, 2, "AGE", "age", 0.9), "38", "generalise", p, "doc")
    '[AGE_35-44]'
    >>> bool(PLACEHOLDER.fullmatch("[PERSON_12]")), bool(PLACEHOLDER.fullmatch("[SARAH]"))
    (True, False)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal, get_args

from voices.anonymise.generalise import age_band, decade_band
from voices.anonymise.identifiers.ages import age_value
from voices.anonymise.pseudonyms import Pseudonyms
from voices.anonymise.spans import Label, Span
from voices.errors import VoicesError

Operator = Literal["placeholder", "hash", "generalise", "redact", "keep"]
OPERATORS: tuple[str, ...] = get_args(Operator)
LABELS: tuple[str, ...] = get_args(Label)

#: Default operator per label: handles hashed, ages and postcodes generalised, quasi-identifiers kept for review.
DEFAULT_OPERATORS: dict[str, Operator] = {
    **{label: "placeholder" for label in LABELS},
    "HANDLE": "hash",
    "AGE": "generalise",
    "POSTCODE": "generalise",
    "POSTCODE_DISTRICT": "generalise",
    **{label: "keep" for label in LABELS if label.startswith("QUASI_")},
    "LANGUAGE": "keep",
}

#: Everything an operator can write. Only known labels: "[SARAH]" in the input is not a placeholder.
PLACEHOLDER = re.compile(
    rf"\[(?:REDACTED|(?:{'|'.join(sorted(LABELS, key=len, reverse=True))})"
    r"(?:_(?:[0-9]+(?:-[0-9]+|\+)?|[0-9a-f]{4,16}))?)\]"
)


_KNOWN = frozenset(LABELS)
_DECADE = re.compile(r"[1-9]0['’]?s|[a-z]+ties")


class OperatorError(VoicesError):
    """An operator configuration names an unknown label or operator."""


def resolve_operators(overrides: Mapping[str, str] | None) -> dict[str, Operator]:
    """The default operators with ``overrides`` applied.

    Raises:
        OperatorError: an unknown label or operator, with the closest valid choices.
    """
    ops: dict[str, Operator] = dict(DEFAULT_OPERATORS)
    for label, op in (overrides or {}).items():
        if label not in LABELS:
            raise OperatorError(
                f"Unknown label {label!r} in operators: expected one of {list(LABELS)}. Fix: correct the label."
            )
        if op not in OPERATORS:
            raise OperatorError(
                f"Unknown operator {op!r} for {label}: expected one of {list(OPERATORS)}. Fix: correct the operator."
            )
        ops[label] = op  # type: ignore[assignment]
    return ops


def render(
    span: Span,
    surface: str,
    operator: str,
    pseudonyms: Pseudonyms,
    scope: str,
    canonical: str | None = None,
) -> str:
    """The replacement text of one span under ``operator`` (never the original value)."""
    label = span.label
    if operator == "redact" or label not in _KNOWN:
        return "[REDACTED]"  # an unknown label from a plugin detector: its placeholder would not be protected
        return "[REDACTED]"
    if operator == "hash":
        return pseudonyms.hashed(label, surface, canonical)
    if operator == "generalise" and label == "AGE":
        value = age_value(surface)
        if value is None:
            return "[AGE]"
        decade = _DECADE.fullmatch(surface.strip().lower()) is not None
        return f"[AGE_{decade_band(value) if decade else age_band(value)}]"
    return pseudonyms.placeholder(scope, label, surface, canonical)
