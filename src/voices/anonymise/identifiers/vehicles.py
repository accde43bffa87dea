"""UK vehicle registration marks, matched case-sensitively.

Presidio's recogniser becomes case-insensitive once enabled and then fires on "the M1 was shut" or "went to24
the shop"; plates here are upper-case only, and lower-case plates need context ("reg", "number plate"). The
current format (``BD51 SMR``) is taken anywhere in mixed-case text; older prefix, suffix and Northern Ireland
formats collide with all-caps writing ("M1 WAS SHUT"), so in shouted text they need context too. The memory tag
letters, the age identifier (not in the future) and the I/Q rule set the confidence.

Example:
    >>> t = "A car reg BD51 SMR was parked; the M1 was shut."
    >>> [(s.label, t[s.start:s.end]) for s in VehicleDetector().detect([t])[0]]
    [('VEHICLE_REG', 'BD51 SMR')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import ClassVar

from voices.anonymise.identifiers.pattern import PatternDetector, context_before, has_any, is_shouting
from voices.anonymise.spans import Span

_CURRENT = re.compile(
    r"(?<![A-Za-z0-9])(?P<tag>[A-Z]{2})[ \t]?(?P<age>[0-9]{2})[ \t]?(?P<rand>[A-Z]{3})(?![A-Za-z0-9])"
)
_OLDER = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-HJ-NPR-TV-Y][0-9]{1,3}[ \t]?[A-HJ-PR-Y]{3}"  # prefix: A123 BCD
    r"|[A-HJ-PR-Y]{3}[ \t]?[0-9]{1,3}[ \t]?[A-HJ-NPR-TV-Y]"  # suffix: ABC 123D
    r"|[A-Z]{2}[IZ][ \t]?[0-9]{1,4})(?![A-Za-z0-9])"  # Northern Ireland: ABZ 1234
)
_CONTEXT_PLATE = re.compile(
    r"(?:\breg(?:istration)?|number[ \t]?plate|\bplate|\bvrm|\bvehicle|\bcar|\bvan|\btaxi|\blorry|\bmotorbike)"
    r"[ \t]*(?:no\.?|number|mark)?[ \t]*(?:is|was)?[ \t]*[:#-]?[ \t]*"
    r"(?P<v>[A-Za-z]{2}[ \t]?[0-9]{2}[ \t]?[A-Za-z]{3}|[A-Za-z][0-9]{1,3}[ \t]?[A-Za-z]{3}"
    r"|[A-Za-z]{3}[ \t]?[0-9]{1,4}[ \t]?[A-Za-z]?)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_CONTEXT_WORDS = ("reg", "plate", "vrm", "vehicle", "car", "van", "taxi", "lorry", "motorbike")
_UPPER_DIGIT = re.compile(r"[A-Z][ \t]?[0-9]|[0-9][ \t]?[A-Z]")
_PLATE_WORDS = re.compile(r"reg|plate|vehicle|vrm|car\b|van\b|dvla|parked|driv", re.IGNORECASE)
_BAD_TAG = set("IQZ")
_BAD_RANDOM = set("IQ")


def age_identifier_ok(code: str, today: dt.date | None = None) -> bool:
    """Whether a current-format age identifier (``51``, ``24``) has been issued by ``today``."""
    today = today or dt.date.today()
    n = int(code)
    yy = today.year % 100
    if 1 <= n <= 50:
        return n < yy or (n == yy and today.month >= 3)
    if 51 <= n <= 99:
        year = n - 50
        return year >= 1 and (year < yy or (year == yy and today.month >= 9))
    return False


def current_plate_ok(tag: str, age: str, rand: str) -> bool:
    """Letter rules and age identifier of a 2001+ plate (``BD51 SMR``)."""
    return not (set(tag) & _BAD_TAG) and not (set(rand) & _BAD_RANDOM) and age_identifier_ok(age)


class VehicleDetector(PatternDetector):
    """Vehicle registration marks: current, prefix, suffix and Northern Ireland formats."""

    name: ClassVar[str] = "voices.anonymise.vehicle"
    prefilter: ClassVar[re.Pattern[str] | None] = re.compile(r"[A-Za-z][ \t]?[0-9]|[0-9][ \t]?[A-Za-z]")

    def find(self, text: str) -> Iterator[Span]:
        taken: list[tuple[int, int]] = []
        contextual = has_any(text.lower(), _CONTEXT_WORDS)
        for m in _CONTEXT_PLATE.finditer(text) if contextual else ():
            taken.append((m.start("v"), m.end("v")))
            yield Span(m.start("v"), m.end("v"), "VEHICLE_REG", self.name, 0.9)
        if not _UPPER_DIGIT.search(text):
            return
        for m in _CURRENT.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            ok = current_plate_ok(m.group("tag"), m.group("age"), m.group("rand"))
            context = _PLATE_WORDS.search(context_before(text, m.start(), 40)) is not None
            if is_shouting(text, m.start(), m.end()) and not ok and not context:
                continue  # "WE 12 ARE": all-caps words, not a plate
            conf = 0.95 if ok and context else 0.85 if ok else 0.45
            taken.append((m.start(), m.end()))
            yield Span(m.start(), m.end(), "VEHICLE_REG", self.name, conf)
        for m in _OLDER.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            context = _PLATE_WORDS.search(context_before(text, m.start(), 40)) is not None
            if (is_shouting(text, m.start(), m.end()) or " " in m.group(0)) and not context:
                continue  # "M1 WAS SHUT", "THE A1 FOR": older formats need context when spaced or shouted
            yield Span(m.start(), m.end(), "VEHICLE_REG", self.name, 0.8 if context else 0.5)
