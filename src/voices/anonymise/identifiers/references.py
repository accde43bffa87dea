"""Other long reference numbers: digit runs of six or more, alphanumeric case references, and numbers after
reference words ("case ref", "claim number", "tenancy ref").

This is the catch-all that makes "mask anything shaped like an identifier" true for identifiers no other
detector names: customer numbers, UTRs, passport numbers, council tax references, order numbers. Amounts of
money (``£1500000``) and plain years are not references.

Example:
    >>> t = "My case ref is HX/2023/04512 and my claim 88812345, it cost £1500000."
    >>> [t[s.start:s.end] for s in ReferenceDetector().detect([t])[0]]
    ['HX/2023/04512', '88812345']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from voices.anonymise.identifiers.pattern import REFERENCE_WORD_TAIL, REFERENCE_WORDS, PatternDetector, has_any
from voices.anonymise.spans import Span

_DIGITS = re.compile(r"(?<![0-9])[0-9]{6,}(?![0-9])")
#: Three or more groups of 2+ digits separated by single spaces, 8+ digits in all ("44 20 7946").
_GROUPS = re.compile(r"(?<![0-9.,:/£$€])[0-9]{2,}(?: [0-9]{2,}){2,}(?![0-9]|[.,:/][0-9])")
#: A whole field that is one code: 5+ digits, or letters and 4+ digits ("12345", "AB1234"), at most 40 characters.
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-](?:[0-9]{2}|[0-9]{4})")
_WHOLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 /\-]{3,38}[A-Za-z0-9]")
_TOKEN = re.compile(r"(?<![A-Za-z0-9/\-])[A-Za-z0-9](?:[A-Za-z0-9/\-]*[A-Za-z0-9])?(?![A-Za-z0-9])")
_CONTEXT = re.compile(
    rf"\b(?:{REFERENCE_WORDS}|account|patient|hospital|id)\.?{REFERENCE_WORD_TAIL}"
    r"(?P<v>[A-Za-z0-9](?:[A-Za-z0-9/\-]*[A-Za-z0-9])?)",
    re.IGNORECASE,
)
#: Letter runs that make a number a quantity, a time or an ordinal rather than a reference.
_UNIT_LETTERS = frozenset(
    [
        "s",
        "st",
        "nd",
        "rd",
        "th",
        "am",
        "pm",
        "k",
        "m",
        "bn",
        "km",
        "kg",
        "mph",
        "p",
        "ml",
        "mm",
        "cm",
        "x",
        "gb",
        "mb",
        "tb",
        "kb",
        "hrs",
        "hr",
        "h",
        "mins",
        "min",
        "yrs",
        "yr",
        "g",
        "mg",
        "v",
        "w",
        "kw",
        "kwh",
    ]
)
_CURRENCY = "£$€"
_MIXED = re.compile(r"[A-Za-z][0-9]|[0-9][A-Za-z]|[0-9][/\-][0-9A-Za-z]|[A-Za-z][/\-][0-9]")
_NEEDLES = (
    "ref",
    "case",
    "claim",
    "ticket",
    "order",
    "customer",
    "member",
    "applica",
    "booking",
    "tenancy",
    "council tax",
    "invoice",
    "policy",
    "passport",
    "licen",
    "utr",
    "crn",
    "account",
    "payroll",
    "employee",
    "student",
    "pupil",
    "patient",
    "hospital",
    "id",
)


def _code_tokens(field: str) -> bool:
    """Every token of the field holds a digit or is one or two capital letters ("AB 12 34 56 C", "12345")."""
    return all(any(c.isdigit() for c in tok) or (len(tok) <= 2 and tok.isupper()) for tok in field.split())


def _is_quantity(token: str) -> bool:
    letters = re.findall(r"[A-Za-z]+", token)
    return bool(letters) and all(run.lower() in _UNIT_LETTERS for run in letters)


class ReferenceDetector(PatternDetector):
    """Long digit runs, mixed letter-digit codes with four or more digits, and values after reference words."""

    name: ClassVar[str] = "voices.anonymise.reference"

    def find(self, text: str) -> Iterator[Span]:
        taken: list[tuple[int, int]] = []
        contextual = has_any(text.lower(), _NEEDLES)
        for m in _CONTEXT.finditer(text) if contextual else ():
            value = m.group("v")
            if re.fullmatch(r"(?:19|20)[0-9]{2}", value):
                continue  # "in case 2023 is bad": a year
            if sum(c.isdigit() for c in value) >= 3 and len(value) >= 4 and not _is_quantity(value):
                taken.append((m.start("v"), m.end("v")))
                yield Span(m.start("v"), m.end("v"), "REFERENCE_NUMBER", self.name, 0.85)
        for m in _DIGITS.finditer(text):
            before = text[max(0, m.start() - 1) : m.start()]
            if before and before in _CURRENCY:
                continue
            if any(a <= m.start() and m.end() <= b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            yield Span(m.start(), m.end(), "REFERENCE_NUMBER", self.name, 0.7 if m.end() - m.start() >= 8 else 0.6)
        for m in _GROUPS.finditer(text):
            if sum(c.isdigit() for c in m.group(0)) >= 8 and not any(a < m.end() and m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
                yield Span(m.start(), m.end(), "REFERENCE_NUMBER", self.name, 0.3)
        whole = text.strip()
        if _WHOLE.fullmatch(whole) and _code_tokens(whole) and not taken:
            digits = sum(c.isdigit() for c in whole)
            if (
                (digits >= 5 or (digits >= 4 and any(c.isalpha() for c in whole)))
                and not _is_quantity(whole)
                and not (re.fullmatch(r"(?:19|20)[0-9]{2}", whole) or _DATE.fullmatch(whole))
            ):
                start = text.index(whole)
                taken.append((start, start + len(whole)))
                yield Span(start, start + len(whole), "REFERENCE_NUMBER", self.name, 0.4)
        if not _MIXED.search(text):
            return
        for m in _TOKEN.finditer(text):
            token = m.group(0)
            digits = sum(c.isdigit() for c in token)
            if digits < 4 or digits == len(re.sub(r"[/\-]", "", token)) or len(token) < 6 or _is_quantity(token):
                continue
            if any(a <= m.start() and m.end() <= b for a, b in taken):
                continue
            yield Span(m.start(), m.end(), "REFERENCE_NUMBER", self.name, 0.5)
