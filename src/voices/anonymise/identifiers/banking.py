"""Banking: sort codes, account numbers, IBANs and payment card numbers.

Sort codes written with hyphens (``20-00-00``) are masked anywhere, with low confidence unless a context word
("sort code", "s/c") is near; written with spaces or as six digits they are only sort codes in context (the
bare shape collides with NINO digit groups and dates). Account numbers need context ("account", "a/c"); an
8-digit run without it is still masked by the reference-number detector. IBANs are checked with ISO 13616
mod-97 and card numbers with Luhn; failing the check lowers the confidence, it does not unmask.

Example:
    >>> t = "Refund to sort code 20-00-00 account 12345678 please."
    >>> [(s.label, t[s.start:s.end]) for s in BankingDetector().detect([t])[0]]
    [('SORT_CODE', '20-00-00'), ('ACCOUNT_NUMBER', '12345678')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from voices.anonymise.identifiers.pattern import PatternDetector, context_before, has_any, reference_word_before
from voices.anonymise.spans import Span

_SORT_BARE = re.compile(r"(?<![0-9\-/.])[0-9]{2}-[0-9]{2}-[0-9]{2}(?![0-9]|-[0-9]|/[0-9])")
_SORT_CONTEXT = re.compile(
    r"(?:\bsort[ \t]*code|\bs/c|\bsortcode|\bsc\b)[ \t]*(?:no\.?|number)?[ \t]*[:#=-]?[ \t]*"
    r"(?P<v>[0-9]{2}[ \-.]?[0-9]{2}[ \-.]?[0-9]{2})(?![0-9])",
    re.IGNORECASE,
)
_ACCOUNT = re.compile(
    r"(?:\baccount|\bacc|\bacct|\ba/c)\.?[ \t]*(?:no\.?|num(?:ber)?|#)?[ \t]*[:#=-]?[ \t]*"
    r"(?P<v>[0-9][0-9 \-]{4,12}[0-9])(?![0-9])",
    re.IGNORECASE,
)
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])(?P<v>[A-Z]{2}[0-9]{2}(?:[ \t]?[A-Z0-9]{4}){2,7}(?:[ \t]?[A-Z0-9]{1,3})?)(?![A-Za-z0-9])"
)
_CARD = re.compile(r"(?<![0-9])[0-9]{4}(?:[ \-]?[0-9]{4}){2}[ \-]?[0-9]{1,7}(?![0-9])")
_IBAN_START = re.compile(r"[A-Z]{2}[0-9]{2}")
_FOUR = re.compile(r"[0-9]{4}")
_SORT_WORDS = re.compile(r"sort|s/c|bank|account|a/c", re.IGNORECASE)


def iban_ok(iban: str) -> bool:
    """ISO 13616 mod-97 check (and 22 characters for GB)."""
    s = re.sub(r"\s+", "", iban).upper()
    if s.startswith("GB") and len(s) != 22:
        return False
    rearranged = s[4:] + s[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


def luhn_ok(number: str) -> bool:
    """Luhn check digit used by payment cards."""
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


class BankingDetector(PatternDetector):
    """Sort codes, account numbers, IBANs and card numbers in one pass over the text."""

    name: ClassVar[str] = "voices.anonymise.banking"

    def find(self, text: str) -> Iterator[Span]:
        taken: list[tuple[int, int]] = []
        low = text.lower()
        for m in _SORT_CONTEXT.finditer(text) if has_any(low, ("sort", "s/c", "sc")) else ():
            taken.append((m.start("v"), m.end("v")))
            yield Span(m.start("v"), m.end("v"), "SORT_CODE", self.name, 0.95)
        for m in _SORT_BARE.finditer(text) if "-" in text else ():
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            near = _SORT_WORDS.search(context_before(text, m.start(), 30)) is not None
            yield Span(m.start(), m.end(), "SORT_CODE", self.name, 0.9 if near else 0.4)
        for m in _ACCOUNT.finditer(text) if has_any(low, ("acc", "a/c")) else ():
            digits = re.sub(r"\D", "", m.group("v"))
            if 6 <= len(digits) <= 10:
                yield Span(m.start("v"), m.end("v"), "ACCOUNT_NUMBER", self.name, 0.9 if len(digits) == 8 else 0.7)
        for m in _IBAN.finditer(text) if _IBAN_START.search(text) else ():
            compact = re.sub(r"\s+", "", m.group("v"))
            if 15 <= len(compact) <= 34 and any(c.isdigit() for c in compact[4:]):
                yield Span(m.start("v"), m.end("v"), "IBAN", self.name, 0.98 if iban_ok(compact) else 0.5)
        for m in _CARD.finditer(text) if _FOUR.search(text) else ():
            digits = re.sub(r"\D", "", m.group(0))
            if 13 <= len(digits) <= 19:
                ok = luhn_ok(digits)
                if not ok and reference_word_before(text, m.start()):
                    continue  # "case ref 1234567890123": the reference detector masks it under its own name
                yield Span(m.start(), m.end(), "CARD_NUMBER", self.name, 0.95 if ok else 0.4)
