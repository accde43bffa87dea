"""The shared shape of every identifier detector: a cheap pre-filter, then one compiled pass per family.

A :class:`PatternDetector` subclass sets ``name`` and a ``prefilter`` (a fast regex that must match somewhere
before the real patterns are tried, e.g. "has a digit") and implements :meth:`PatternDetector.find` for one
text. Validators inside ``find`` choose the label and the confidence; they never decide whether to mask.

Example:
    >>> import re
    >>> class Digits(PatternDetector):
    ...     name = "example.digits"
    ...     prefilter = re.compile(r"[0-9]")
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
    prefilter: ClassVar[re.Pattern[str] | None] = HAS_DIGIT

    def detect(self, texts: Sequence[str], context: DetectContext | None = None) -> list[list[Span]]:
        """Return, per text, the spans :meth:`find` yields (empty for empty texts or a failed pre-filter)."""
        pre = self.prefilter
        out: list[list[Span]] = []
        for text in texts:
            if not text or (pre is not None and pre.search(text) is None):
                out.append([])
            else:
                out.append(list(self.find(text)))
        return out

    def find(self, text: str) -> Iterator[Span]:
        """Yield the spans in one text."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def context_before(text: str, start: int, width: int = 40) -> str:
    """The lower-cased ``width`` characters before ``start`` (for context words such as "NHS number")."""
    return text[max(0, start - width) : start].lower()


def is_shouting(text: str, start: int, end: int, width: int = 30) -> bool:
    """True when the text around ``start:end`` (the match itself excluded) is written in capitals.

    Needs at least three letters around the match, all upper-case ("THE M1 WAS SHUT"); a match on its own is
    not shouting.
    """
    window = text[max(0, start - width) : start] + " " + text[end : end + width]
    letters = [c for c in window if c.isalpha()]
    return len(letters) >= 3 and not any(c.islower() for c in letters)
