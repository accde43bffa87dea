"""Filter stages: leave segments out on purpose, every one recorded with its reason.

Example:
    >>> from voices.runstore import conform_example
    >>> from voices.corpus import Corpus
    >>> from voices.stage import RunContext
    >>> out = MinLength(words=10)(Corpus(conform_example()), RunContext())
    >>> len(out), out.dropped["reason"].tolist()
    (0, ['shorter than 10 words'])
"""

from __future__ import annotations

from typing import ClassVar

from voices.corpus import Corpus
from voices.stage import RunContext


class MinLength:
    """Drop segments with fewer than ``words`` words (e.g. "n/a", "no comment").

    Args:
        words: minimum number of whitespace-separated words to keep a segment.
    """

    name: ClassVar[str] = "voices.filter.min_length.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    produces: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, words: int = 2) -> None:
        self.words = words

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        counts = corpus.segments["text"].fillna("").astype(str).str.split().str.len()
        return corpus.filter(
            (counts >= self.words).to_numpy(), reason=f"shorter than {self.words} words", stage=self.name
        )


class DropDuplicates:
    """Drop segments marked as exact or near duplicates of an earlier one (reposts, copy-paste campaigns)."""

    name: ClassVar[str] = "voices.filter.duplicates.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    produces: ClassVar[frozenset[str]] = frozenset()

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        keep = corpus.segments["duplicate_of"].isna().to_numpy()
        return corpus.filter(keep, reason="duplicate of an earlier segment", stage=self.name)
