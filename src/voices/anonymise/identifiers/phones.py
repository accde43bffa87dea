"""UK telephone numbers in every Ofcom shape, drama ranges included.

The pattern is permissive (``+44``, ``0044``, ``+44 (0)``, brackets, spaces, dots and hyphens); the digit count
and the leading digit choose the confidence. There is deliberately no libphonenumber "valid" gate: that rejects
the Ofcom drama ranges (07700 900xxx) people copy from leaflets, and scrubadub misses them for that reason.

Example:
    >>> [(s.start, s.end, s.confidence) for s in PhoneDetector().detect(["Call me on 07700 900123 after six."])[0]]
    [(11, 23, 0.95)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from voices.anonymise.identifiers.pattern import PatternDetector
from voices.anonymise.spans import Span

_PHONE = re.compile(
    r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|00\s?44\s?(?:\(0\)\s?)?|\(?0)"
    r"(?:[1-9][\d \t().\-]{6,16}\d)(?!\d)"
)
_GROUP_END = re.compile(r"\d(?=[ \t]|$)")
#: Leading digits of the national significant number that Ofcom allocates.
_ALLOCATED = ("1", "2", "3", "5", "7", "8", "9")


def national_digits(surface: str) -> str:
    """The national significant number: digits without the ``44`` / ``0044`` prefix or the trunk ``0``.

    Example:
        >>> national_digits("+44 (0)20 7946 0958")
        '2079460958'
    """
    s = surface.strip()
    digits = re.sub(r"\D", "", s)
    if s.startswith("+"):
        digits = digits[2:]
    elif digits.startswith("0044"):
        digits = digits[4:]
    if "(0)" in s and digits.startswith("0"):
        digits = digits[1:]
    return digits[1:] if digits.startswith("0") else digits


class PhoneDetector(PatternDetector):
    """UK phone numbers: 10 national digits (9 in a few areas) is high confidence; 8–11 is masked but low."""

    name: ClassVar[str] = "voices.anonymise.phone"
    prefilter: ClassVar[re.Pattern[str] | None] = re.compile(r"[0-9][0-9 \t().\-]{6}")

    def find(self, text: str) -> Iterator[Span]:
        for m in _PHONE.finditer(text):
            start, end = m.start(), m.end()
            nsn = national_digits(m.group(0))
            if len(nsn) > 10:
                # A number glued to the next one ("07700 900123 2 times"): end at the group boundary that gives 10.
                for g in _GROUP_END.finditer(text, start, end):
                    if len(national_digits(text[start : g.end()])) == 10:
                        end = g.end()
                        nsn = national_digits(text[start:end])
                        break
            if text[start] == "(" and ")" not in text[start:end]:
                start += 1
            n = len(nsn)
            if n < 8 or n > 11:
                continue
            if n == 10 and nsn[0] in _ALLOCATED:
                conf = 0.95
            elif n == 9 and nsn[0] in ("1", "8"):
                conf = 0.8
            else:
                conf = 0.45
            yield Span(start, end, "PHONE", self.name, conf)
