"""The shared shape of every identifier detector: cheap gates, then one compiled pass per family.

A :class:`PatternDetector` subclass sets ``name``, says whether it ``needs_digit`` (most identifiers have one),
optionally a ``prefilter`` regex or a :meth:`~PatternDetector.wanted` gate on the text and its lower-cased copy,
and implements :meth:`~PatternDetector.find` for one text. Validators inside ``find`` choose the label and the
confidence; they never decide whether to mask. :class:`DetectorSuite` runs many pattern detectors over a batch
and computes the shared gates (has a digit, lower-cased text) once per text instead of once per detector.

Example:
    >>> import re
    >>> class Digits(PatternDetector):
    ...     name = "example.digits"
    ...     def find(self, text):
    ...         for m in re.finditer(r"[0-9]+", text):
    ...             yield Span(m.start(), m.end(), "REFERENCE_NUMBER", self.name, 0.5)
    >>> [[(s.start, s.end) for s in spans] for spans in Digits().detect(["a 12", "none"])]
    [[(2, 4)], []]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import ClassVar

from voices.anonymise.spans import DetectContext, Span

#: Any ASCII digit: most identifier families need one, so texts without a digit skip them cheaply.
HAS_DIGIT = re.compile(r"[0-9]")


class PatternDetector:
    """Base class: batched ``detect`` over a per-text ``find``; subclasses hold only compiled patterns."""

    name: ClassVar[str] = "voices.anonymise.pattern"
    needs_digit: ClassVar[bool] = True
    prefilter: ClassVar[re.Pattern[str] | None] = None

    def detect(self, texts: Sequence[str], context: DetectContext | None = None) -> list[list[Span]]:
        """Return, per text, the spans :meth:`find` yields (empty for empty texts or a failed gate)."""
        return DetectorSuite([self]).detect(texts, context)

    def wanted(self, text: str, low: str) -> bool:
        """Cheap gate run before :meth:`find` (``low`` is ``text.lower()``): False means no match is possible."""
        pre = self.prefilter
        return pre is None or pre.search(text) is not None

    def find(self, text: str) -> Iterator[Span]:
        """Yield the spans in one text."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class DetectorSuite:
    """Several pattern detectors run as one, sharing the per-text gates.

    Spans keep the name of the detector that found them.

    Args:
        detectors: the pattern detectors, in the order their spans are listed.
    """

    name: ClassVar[str] = "voices.anonymise.identifiers"

    def __init__(self, detectors: Sequence[PatternDetector]) -> None:
        self.detectors = list(detectors)

    def detect(self, texts: Sequence[str], context: DetectContext | None = None) -> list[list[Span]]:
        """Return, per text, every span of every detector (unmerged)."""
        with_digit = [(d.wanted, d.find) for d in self.detectors]
        without_digit = [(d.wanted, d.find) for d in self.detectors if not d.needs_digit]
        out: list[list[Span]] = []
        for text in texts:
            if not text:
                out.append([])
                continue
            low = text.lower()
            spans: list[Span] = []
            for wanted, find in with_digit if HAS_DIGIT.search(text) else without_digit:
                if wanted(text, low):
                    spans.extend(find(text))
            out.append(spans)
        return out

    def __repr__(self) -> str:
        return f"DetectorSuite({[d.name for d in self.detectors]})"


def has_any(text: str, needles: tuple[str, ...]) -> bool:
    """Whether any of ``needles`` occurs in ``text`` (plain substring tests: much faster than a regex scan)."""
    for needle in needles:  # noqa: SIM110 - a plain loop is twice as fast as any() over a generator here
        if needle in text:
            return True
    return False


def context_before(text: str, start: int, width: int = 40) -> str:
    """The lower-cased ``width`` characters before ``start`` (for context words such as "NHS number")."""
    return text[max(0, start - width) : start].lower()


#: Words that name a reference number ("case ref", "claim number", "UTR"), as a regex alternation, and what may
#: sit between such a word and its value ("no.", "number:", "is").
REFERENCE_WORDS = (
    r"ref(?:erence)?|case|claim|ticket|order|customer|member(?:ship)?|application|applicant|booking|tenancy|"
    r"council[ \t]+tax|invoice|policy|passport|licen[cs]e|utr|crn|payroll|employee|student|pupil"
)
REFERENCE_WORD_TAIL = r"(?:[ \t]*(?:no\.|no\b|number|num|#|id|ref(?:erence)?|is|was|:))*[ \t]*[:#=]?[ \t]*"
#: A reference word right before a number ("UTR 1234567890", "case ref 1234567890123"): a number shaped like an
#: NHS or card number is then that reference, unless its own context or check says otherwise.
_REFERENCE_WORD_BEFORE = re.compile(rf"\b(?:{REFERENCE_WORDS})\.?{REFERENCE_WORD_TAIL}$")


def reference_word_before(text: str, start: int) -> bool:
    """Whether a reference word ("UTR", "case ref", "order number:") directly precedes ``start``."""
    return _REFERENCE_WORD_BEFORE.search(context_before(text, start, 30)) is not None


def is_shouting(text: str, start: int, end: int, width: int = 30) -> bool:
    """True when the text around ``start:end`` (the match itself excluded) is written in capitals.

    Needs at least three letters around the match, all upper-case ("THE M1 WAS SHUT"); a match on its own is
    not shouting.
    """
    window = text[max(0, start - width) : start] + " " + text[end : end + width]
    letters = [c for c in window if c.isalpha()]
    return len(letters) >= 3 and not any(c.islower() for c in letters)
