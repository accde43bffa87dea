"""Missed personal data, masked everywhere it occurs, without ever storing it.

When a researcher marks a span the anonymiser missed (``Zebedee Smith``), the database keeps only a keyed
fingerprint of its words (casefolded, whitespace-normalised) and how many words it has. :func:`mask_text`
slides a window of that many words over every text and replaces each window whose fingerprint matches, so the
same name is masked in every segment, quote and export of the run, in any capitalisation. The run directory
is never edited: this is a view.

A fingerprint is not encryption: someone holding the database and a list of guesses could test them. It keeps
the value out of the database's plain text, the audit trail and exports.

Example:
    >>> rule = MaskRule(fingerprint("run-1", "Zebedee Smith"), 2, "PERSON")
    >>> mask_text("I told ZEBEDEE smith, then zebedee  Smith again.", "run-1", [rule])
    'I told [PERSON], then [PERSON] again.'
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

WORD = re.compile(r"\w+")
"""Words are runs of letters and digits: ``Smith's`` holds ``Smith``, ``O'Brien`` is ``O`` + ``Brien``."""
MASK_LABELS: tuple[str, ...] = ("PERSON", "ADDRESS", "PHONE", "EMAIL", "REFERENCE_NUMBER", "REDACTED")
_KEY_PREFIX = b"voices.review.missed-personal-data.v1:"


@dataclass(frozen=True)
class MaskRule:
    """One marked value: its fingerprint, its length in words, the placeholder label, its first word's fingerprint.

    ``first`` lets :func:`mask_text` hash each distinct word of a corpus once and look at a window only where it
    starts with a marked value's first word; a rule without it is checked at every position (slower).
    """

    fingerprint: str
    words: int
    label: str = "REDACTED"
    first: str = ""

    @property
    def placeholder(self) -> str:
        """What replaces the value, e.g. ``[PERSON]`` (a shape the anonymiser also treats as a placeholder)."""
        return f"[{self.label if self.label in MASK_LABELS else 'REDACTED'}]"


def words_of(text: str) -> list[re.Match[str]]:
    """The word tokens of a text (runs of letters and digits)."""
    return list(WORD.finditer(text))


def normalise(text: str) -> str:
    """Casefolded words joined by single spaces: what a fingerprint is taken over."""
    return " ".join(m.group(0).casefold() for m in words_of(text))


def _key(run_id: str) -> bytes:
    return _KEY_PREFIX + run_id.encode("utf-8")


def fingerprint(run_id: str, text: str) -> str:
    """A keyed SHA-256 of the normalised value, specific to one run.

    Example:
        >>> fingerprint("r", "Zebedee") == fingerprint("r", " zebedee "), fingerprint("r", "x") == fingerprint("s", "x")
        (True, False)
    """
    return hmac.new(_key(run_id), normalise(text).encode("utf-8"), hashlib.sha256).hexdigest()


def rule_for(run_id: str, text: str, label: str = "REDACTED") -> MaskRule:
    """The rule that masks ``text`` in a run (empty or word-less text gives a rule that never matches)."""
    words = words_of(text)
    first = fingerprint(run_id, words[0].group(0)) if words else ""
    return MaskRule(fingerprint(run_id, text), max(len(words), 1), label, first)


class Masker:
    """Masks a run's marked values in many texts, hashing each distinct word once.

    Example:
        >>> masker = Masker("r", [rule_for("r", "Zebedee Smith", "PERSON")])
        >>> masker("Ask zebedee smith or Zebedee Jones")
        'Ask [PERSON] or Zebedee Jones'
    """

    def __init__(self, run_id: str, rules: Sequence[MaskRule]) -> None:
        self.key = _key(run_id)
        self.by_first: dict[str, list[MaskRule]] = {}
        self.anywhere: list[MaskRule] = []
        for rule in sorted(set(rules), key=lambda r: -r.words):
            (self.by_first.setdefault(rule.first, []) if rule.first else self.anywhere).append(rule)
        self.word_digest: dict[str, str] = {}

    def _digest(self, text: str) -> str:
        return hmac.new(self.key, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def __call__(self, text: str) -> str:
        """``text`` with every marked value replaced by its placeholder (leftmost, then longest, match wins)."""
        if not text or not (self.by_first or self.anywhere):
            return text
        tokens = words_of(text)
        folded = [m.group(0).casefold() for m in tokens]
        spans: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            word = folded[i]
            digest = self.word_digest.get(word)
            if digest is None:
                digest = self.word_digest[word] = self._digest(word)
            candidates = self.by_first.get(digest, [])
            if self.anywhere:
                candidates = sorted([*candidates, *self.anywhere], key=lambda r: -r.words)
            matched = None
            for rule in candidates:
                end = i + rule.words
                if end <= len(tokens) and self._digest(" ".join(folded[i:end])) == rule.fingerprint:
                    matched = rule
                    break
            if matched is None:
                i += 1
                continue
            spans.append((tokens[i].start(), tokens[i + matched.words - 1].end(), matched.placeholder))
            i += matched.words
        if not spans:
            return text
        out, last = [], 0
        for start, end, placeholder in spans:
            out.append(text[last:start])
            out.append(placeholder)
            last = end
        out.append(text[last:])
        return "".join(out)


def mask_text(text: str, run_id: str, rules: Sequence[MaskRule]) -> str:
    """Replace every occurrence of a marked value in ``text`` with its placeholder.

    For many texts, build one :class:`Masker` and call it on each (it remembers word hashes).
    """
    if not rules or not text:
        return text
    return Masker(run_id, rules)(text)


def mask_segments(segments: pd.DataFrame, run_id: str, rules: Iterable[MaskRule]) -> pd.DataFrame:
    """A copy of the segment table with marked values masked in ``text`` (and ``speaker``, if present)."""
    rules = list(rules)
    if not rules:
        return segments
    masker = Masker(run_id, rules)
    out = segments.copy()
    out["text"] = [masker(t) if isinstance(t, str) else t for t in out["text"]]
    if "speaker" in out.columns:
        out["speaker"] = [masker(t) if isinstance(t, str) else t for t in out["speaker"]]
    return out


def mask_quotes(quotes: list[dict[str, str]], run_id: str, rules: Sequence[MaskRule]) -> list[dict[str, str]]:
    """Quotes with marked values masked."""
    if not rules:
        return quotes
    masker = Masker(run_id, rules)
    return [{**q, "text": masker(q["text"])} for q in quotes]
