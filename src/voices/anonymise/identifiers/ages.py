"""Ages: "72-year-old", "aged 38", "38 years old", "38yo", "I'm 38", "in my 40s".

The span is the number itself (``72`` in "72-year-old"), so the generalise operator can write
``[AGE_65-74]-year-old``; a decade ("40s") is one span too. "I'm 5 minutes away" is not an age: a unit after
the number rules it out.

Example:
    >>> t = "I'm 38 and I'm 5 minutes away."
    >>> [(s.label, t[s.start:s.end]) for s in AgeDetector().detect([t])[0]]
    [('AGE', '38')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from voices.anonymise.identifiers.pattern import PatternDetector, has_any
from voices.anonymise.spans import Span

_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
]
_WORD_NUM = rf"(?:(?:{'|'.join(_WORDS)})(?:[ \-](?:{'|'.join(_WORDS[:9])}))?)"
_NUM = rf"(?:[0-9]{{1,3}}|{_WORD_NUM})"
_UNITS = (
    r"(?:minutes?|mins?|hours?|hrs?|h\b|seconds?|secs?|days?|weeks?|wks?|months?|miles?|metres?|meters?|km|kms|"
    r"%|percent|per\s*cent|pounds?|quid|p\b|pence|am\b|pm\b|o'?clock|times?|x\b|stone|st\b|kg|kilos?|lbs?|feet|"
    r"ft\b|foot|inches?|cm|mm|k\b|th\b|st\b|nd\b|rd\b|steps?|stops?|yards?|degrees?|points?|people|of\b|out\b|"
    r"children|kids|houses|streets|more|less|mph|calls?|visits?|buses|trains|pages?|items?|[:.,]\d)"
)
_AGE = re.compile(
    rf"(?:\b(?P<a>{_NUM})[ \t]*[\-–]?[ \t]*(?:years?|yrs?|yr)[ \t]*[\-–]?[ \t]*old\b"
    rf"|\b(?P<b>{_NUM})[ \t]?(?:yo|y/o|y\.o\.?)(?![A-Za-z])"
    rf"|\b(?:aged?|age:)[ \t]+(?:of[ \t]+)?(?P<c>{_NUM})\b(?![ \t]*{_UNITS})"
    rf"|\b(?:i'?m|i’m|i[ \t]+am|im)[ \t]+(?:now[ \t]+|only[ \t]+|just[ \t]+|nearly[ \t]+|almost[ \t]+)?"
    rf"(?P<d>[0-9]{{1,3}})\b(?![ \t]*(?:{_UNITS}|[\-–/][ \t]*[0-9]))"
    r"|\b(?:in[ \t]+my|in[ \t]+his|in[ \t]+her|in[ \t]+their|in[ \t]+our)[ \t]+"
    r"(?:early[ \t]+|mid[ \t\-]+|late[ \t]+)?(?P<e>[1-9]0'?s|twenties|thirties|forties|fifties|sixties|seventies|"
    r"eighties|nineties)\b"
    r"|\b(?P<f>[0-9]{1,3})[ \t]*(?:years?|yrs?)[ \t]+of[ \t]+age\b)",
    re.IGNORECASE,
)
_NEEDLES = (
    "year",
    "yr",
    "yo",
    "y/o",
    "y.o",
    "age",
    "i'm",
    "i’m",
    "im ",
    "i am",
    "in my",
    "in his",
    "in her",
    "in their",
    "in our",
)
_WORD_VALUES = {w: v for v, w in enumerate(_WORDS[:19], start=1)} | {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_DECADES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}


def age_value(surface: str) -> int | None:
    """The age a span means: ``"72"`` → 72, ``"seventy-two"`` → 72, ``"40s"``/``"forties"`` → 40."""
    s = surface.strip().lower().replace("'", "")
    if s.isdigit():
        return int(s)
    if s.endswith("0s") and s[:-1].isdigit():
        return int(s[:-1])
    if s in _DECADES:
        return _DECADES[s]
    total = 0
    for part in re.split(r"[ \-]", s):
        if part not in _WORD_VALUES:
            return None
        total += _WORD_VALUES[part]
    return total or None


class AgeDetector(PatternDetector):
    """Ages in the forms people write them; implausible numbers (over 120) are not ages."""

    name: ClassVar[str] = "voices.anonymise.age"
    needs_digit: ClassVar[bool] = False  # "seventy-two-year-old"

    def wanted(self, text: str, low: str) -> bool:
        return has_any(low, _NEEDLES)

    def find(self, text: str) -> Iterator[Span]:
        for m in _AGE.finditer(text):
            key = next(k for k in "abcdef" if m.group(k))
            value = age_value(m.group(key))
            if value is None or value > 120:
                continue
            conf = 0.7 if key in "cd" else 0.9
            yield Span(m.start(key), m.end(key), "AGE", self.name, conf)
