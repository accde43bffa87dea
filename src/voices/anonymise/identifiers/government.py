"""Government identifiers: National Insurance numbers, NHS / CHI / H&C numbers, driving licence numbers.

Every NINO-shaped or NHS-shaped string is masked. The allocation rules (NINO prefixes and suffix) and the mod-11
check digit (NHS, CHI, H&C) only set the confidence, together with context words: HMRC's dummy ``QQ 12 34 56 C``
and the nhs.uk example ``485 777 3456`` both fail their rules and are still masked. A mod-11 pass without context
is not trusted fully either: about 1 in 11 random 10-digit numbers passes.

Example:
    >>> [(s.label, s.confidence) for s in NinoDetector().detect(["My NI number is JG 10 37 89 A."])[0]]
    [('NINO', 0.98)]
    >>> nhs_checksum_ok("943 476 5919"), nhs_checksum_ok("943 476 5918")
    (True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from voices.anonymise.identifiers.pattern import PatternDetector, context_before, reference_word_before
from voices.anonymise.spans import Span

_NINO = re.compile(
    r"(?<![A-Za-z0-9])(?P<prefix>[A-Za-z]{2})[ \-]?(?P<d>[0-9]{2}[ \-]?[0-9]{2}[ \-]?[0-9]{2})"
    r"(?:[ \-]?(?P<suffix>[A-Za-z]))?(?![A-Za-z0-9])"
)
_NINO_BAD_FIRST = set("DFIQUV")
_NINO_BAD_SECOND = set("DFIOQUV")
_NINO_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
_NINO_CONTEXT = re.compile(r"\bn\.?\s?i\.?\b|national\s+insurance|\bnino\b|\bni\s*(?:no|number)", re.IGNORECASE)

_NHS = re.compile(r"(?<![0-9+])[0-9]{3}[ \-]?[0-9]{3}[ \-]?[0-9]{4}(?![0-9])")
_NHS_CONTEXT = re.compile(
    r"\bnhs\b|\bchi\b|health\s*(?:and|&)\s*care|h\s*&\s*c\b|patient|hospital\s+number", re.IGNORECASE
)

_LICENCE = re.compile(r"(?<![A-Za-z0-9])[A-Z9]{5}[0-9]{6}[A-Z9]{2}[0-9][A-Z]{2}(?:[ \t]?[0-9]{2})?(?![A-Za-z0-9])")


def nino_valid(prefix: str, suffix: str | None) -> bool:
    """Whether a NINO prefix and suffix follow HMRC's allocation rules."""
    p = prefix.upper()
    return (
        p[0] not in _NINO_BAD_FIRST
        and p[1] not in _NINO_BAD_SECOND
        and p not in _NINO_BAD_PREFIX
        and suffix is not None
        and suffix.upper() in "ABCD"
    )


def nhs_checksum_ok(number: str) -> bool:
    """Mod-11 check used by NHS (England, Wales, Isle of Man), CHI (Scotland) and H&C (Northern Ireland) numbers."""
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


class NinoDetector(PatternDetector):
    """National Insurance numbers; allocation rules and context set the confidence, never whether to mask."""

    name: ClassVar[str] = "voices.anonymise.nino"
    prefilter: ClassVar[re.Pattern[str] | None] = re.compile(r"[0-9]{2}")

    def find(self, text: str) -> Iterator[Span]:
        for m in _NINO.finditer(text):
            prefix, suffix = m.group("prefix"), m.group("suffix")
            surface = m.group(0)
            context = _NINO_CONTEXT.search(context_before(text, m.start())) is not None
            compact = re.sub(r"[ \-]", "", surface)
            if suffix is not None and suffix.upper() not in "ABCD":
                # Shaped like a NINO but with an impossible suffix: still an identifier, labelled as a reference.
                yield Span(m.start(), m.end(), "REFERENCE_NUMBER", self.name, 0.3)
                continue
            if suffix is None and not (prefix.isupper() or context) and len(compact) == len(surface):
                continue  # "ab123456" glued lower-case without suffix: the reference detector decides
            if not prefix.isupper() and not context and " " in surface:
                continue  # "is 12 34 56 a lot": lower-case words around digit pairs, not a NINO
            valid = nino_valid(prefix, suffix)
            conf = {(True, True): 0.98, (True, False): 0.9, (False, True): 0.7, (False, False): 0.45}[(valid, context)]
            yield Span(m.start(), m.end(), "NINO", self.name, conf)


class HealthNumberDetector(PatternDetector):
    """NHS / CHI / H&C numbers (3-3-4 digits); the mod-11 check and "NHS" context set the confidence."""

    name: ClassVar[str] = "voices.anonymise.health_number"
    prefilter: ClassVar[re.Pattern[str] | None] = re.compile(r"[0-9]{3}")

    def find(self, text: str) -> Iterator[Span]:
        for m in _NHS.finditer(text):
            context = _NHS_CONTEXT.search(context_before(text, m.start(), 50)) is not None
            ok = nhs_checksum_ok(m.group(0))
            if not context and not ok and reference_word_before(text, m.start()):
                continue  # "UTR 1234567890": the reference detector masks it under its own name
            conf = {(True, True): 0.99, (True, False): 0.75, (False, True): 0.6, (False, False): 0.35}[(ok, context)]
            yield Span(m.start(), m.end(), "NHS_NUMBER", self.name, conf)


class DrivingLicenceDetector(PatternDetector):
    """GB driving licence numbers (16 characters, optional 2-digit issue number): a reference number."""

    name: ClassVar[str] = "voices.anonymise.driving_licence"
    prefilter: ClassVar[re.Pattern[str] | None] = re.compile(r"[0-9]{6}")

    def find(self, text: str) -> Iterator[Span]:
        for m in _LICENCE.finditer(text):
            yield Span(m.start(), m.end(), "REFERENCE_NUMBER", self.name, 0.9)
