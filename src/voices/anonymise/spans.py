"""Spans and detectors: the shared vocabulary of every anonymisation detector.

A detector looks at a batch of texts and returns, per text, the character spans it believes are personal data,
each with a label, the detector's name and a confidence. Detectors are small and registered; the anonymise
stage runs several, merges their spans and transforms the text.

Example:
    >>> s = Span(0, 5, "PERSON", "example", 0.9)
    >>> s.length
    5
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal, Protocol, runtime_checkable

#: Labels that are masked. Quasi-identifiers (``QUASI_*``) are flagged for human review, not masked, and so is
#: ``LANGUAGE``: a whole text in a language other than English, where names are found less reliably.
Label = Literal[
    "PERSON",
    "EMAIL",
    "URL",
    "HANDLE",
    "PHONE",
    "POSTCODE",
    "POSTCODE_DISTRICT",
    "NINO",
    "NHS_NUMBER",
    "SORT_CODE",
    "ACCOUNT_NUMBER",
    "IBAN",
    "CARD_NUMBER",
    "VEHICLE_REG",
    "DATE_OF_BIRTH",
    "AGE",
    "ADDRESS",
    "REFERENCE_NUMBER",
    "IP_ADDRESS",
    "QUASI_SCHOOL",
    "QUASI_SURGERY",
    "QUASI_WORKPLACE",
    "QUASI_ROLE",
    "QUASI_STREET",
    "QUASI_RARE_TERM",
    "LANGUAGE",
]


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of text a detector believes is personal data.

    Attributes:
        start: offset of the first character (Unicode code points, 0-based).
        end: offset one past the last character.
        label: what kind of personal data (see :data:`Label`).
        detector: registered name of the detector that found it.
        confidence: 0–1; checksums and context set it, they never decide whether to mask.
    """

    start: int
    end: int
    label: str
    detector: str = field(compare=False)
    confidence: float = field(default=1.0, compare=False)

    @property
    def length(self) -> int:
        return self.end - self.start

    @property
    def is_quasi(self) -> bool:
        return self.label.startswith("QUASI_")


@dataclass(frozen=True)
class DetectContext:
    """What a detector may know beyond the text itself.

    Attributes:
        document_ids: per text, the document it belongs to (for propagating names within a document).
        known_names: user-supplied names (respondents, staff, speakers) that must always be masked.
        source_kind: consultation, transcript or social (detectors may tune their rules).
    """

    document_ids: Sequence[str] | None = None
    known_names: Sequence[str] = ()
    source_kind: str | None = None


@runtime_checkable
class Detector(Protocol):
    """Finds spans in a batch of texts; one list of spans per text, in input order."""

    name: ClassVar[str]

    def detect(self, texts: Sequence[str], context: DetectContext | None = None) -> list[list[Span]]: ...
