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
    """One marked value: its fingerprint, its length in words, and the placeholder label to show."""

    fingerprint: str
    words: int
    label: str = "REDACTED"

    @property
    def placeholder(self) -> str:
        """What replaces the value, e.g. ``[PERSON]`` (a shape the anonymiser also treats as a placeholder)."""
        return f"[{self.label if self.label in MASK_LABELS else 'REDACTED'}]"


def words_of(text: str) -> list[re.Match[str]]:
    """The word tokens of a text (letters, digits, inner apostrophes)."""
    return list(WORD.finditer(text))


def normalise(text: str) -> str:
    """Casefolded words joined by single spaces: what a fingerprint is taken over."""
    return " ".join(m.group(0).casefold() for m in words_of(text))


def fingerprint(run_id: str, text: str) -> str:
    """A keyed SHA-256 of the normalised value, specific to one run.

    Example:
        >>> fingerprint("r", "Zebedee") == fingerprint("r", " zebedee "), fingerprint("r", "x") == fingerprint("s", "x")
        (True, False)
    """
    key = _KEY_PREFIX + run_id.encode("utf-8")
    return hmac.new(key, normalise(text).encode("utf-8"), hashlib.sha256).hexdigest()


def rule_for(run_id: str, text: str, label: str = "REDACTED") -> MaskRule:
    """The rule that masks ``text`` in a run (empty or word-less text gives a rule that never matches)."""
    return MaskRule(fingerprint(run_id, text), max(len(words_of(text)), 1), label)


def mask_text(text: str, run_id: str, rules: Sequence[MaskRule]) -> str:
    """Replace every occurrence of a marked value in ``text`` with its placeholder.

    Longer rules win where marks overlap; each word is masked at most once.
    """
    if not rules or not text:
        return text
    by_length: dict[int, dict[str, MaskRule]] = {}
    for rule in rules:
        by_length.setdefault(rule.words, {})[rule.fingerprint] = rule
    tokens = words_of(text)
    if not tokens:
        return text
    key = _KEY_PREFIX + run_id.encode("utf-8")
    folded = [m.group(0).casefold() for m in tokens]
    taken = [False] * len(tokens)
    spans: list[tuple[int, int, str]] = []
    for length in sorted(by_length, reverse=True):
        wanted = by_length[length]
        for i in range(len(tokens) - length + 1):
            if any(taken[i : i + length]):
                continue
            digest = hmac.new(key, " ".join(folded[i : i + length]).encode("utf-8"), hashlib.sha256).hexdigest()
            hit = wanted.get(digest)
            if hit is not None:
                spans.append((tokens[i].start(), tokens[i + length - 1].end(), hit.placeholder))
                for j in range(i, i + length):
                    taken[j] = True
    if not spans:
        return text
    out, last = [], 0
    for start, end, placeholder in sorted(spans):
        out.append(text[last:start])
        out.append(placeholder)
        last = end
    out.append(text[last:])
    return "".join(out)


def mask_segments(segments: pd.DataFrame, run_id: str, rules: Iterable[MaskRule]) -> pd.DataFrame:
    """A copy of the segment table with marked values masked in ``text`` (and ``speaker``, if present)."""
    rules = list(rules)
    if not rules:
        return segments
    out = segments.copy()
    out["text"] = [mask_text(t, run_id, rules) if isinstance(t, str) else t for t in out["text"]]
    if "speaker" in out.columns:
        out["speaker"] = [mask_text(t, run_id, rules) if isinstance(t, str) else t for t in out["speaker"]]
    return out


def mask_quotes(quotes: list[dict[str, str]], run_id: str, rules: Sequence[MaskRule]) -> list[dict[str, str]]:
    """Quotes with marked values masked."""
    if not rules:
        return quotes
    return [{**q, "text": mask_text(q["text"], run_id, rules)} for q in quotes]
