"""Deliberate chunking of long texts, and pooling the chunks back into one vector per text.

Transformer embedders see at most ``max_seq_length`` tokens (128 for MiniLM, what it was trained on) and
silently drop the rest. Instead, a text longer than the budget is split into windows on sentence boundaries
(falling back to word boundaries for a sentence that is itself too long), each window is embedded, and the
text's vector is the mean of its windows' vectors weighted by their token counts, renormalised to unit length.
Windows do not overlap. Short texts, the vast majority of consultation answers and posts, are one window.

Example:
    >>> count = lambda texts: [len(t.split()) for t in texts]
    >>> plan = plan_chunks(["one two three. four five six.", "short"], count, max_tokens=3)
    >>> plan.pieces
    ['one two three.', 'four five six.', 'short']
    >>> plan.owner.tolist(), plan.weight.tolist()
    ([0, 0, 1], [3.0, 3.0, 1.0])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from voices.embed.protocol import l2_normalise

#: Counts content tokens (no special tokens) of each text in a batch.
TokenCounter = Callable[[Sequence[str]], Sequence[int]]

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\s*\n\s*")


@dataclass(frozen=True)
class ChunkPlan:
    """The pieces to embed for a list of texts, and how to pool them back.

    Attributes:
        pieces: texts to embed; the pieces of one text are contiguous and in reading order.
        owner: index of the source text of each piece (non-decreasing).
        weight: token count of each piece (at least 1), the pooling weight and the sort key.
        n_texts: number of source texts; every text owns at least one piece.
    """

    pieces: list[str]
    owner: np.ndarray
    weight: np.ndarray
    n_texts: int

    def pool(self, piece_vectors: np.ndarray) -> np.ndarray:
        """Token-weighted mean of each text's piece vectors, renormalised (float32, one row per text)."""
        vecs = np.asarray(piece_vectors, dtype=np.float32)
        if len(vecs) != len(self.pieces):
            raise ValueError(f"expected {len(self.pieces)} piece vectors, got {len(vecs)}")
        if len(self.pieces) == self.n_texts:  # nothing was split
            return l2_normalise(vecs)
        starts = np.flatnonzero(np.r_[True, self.owner[1:] != self.owner[:-1]])
        pooled = np.add.reduceat(vecs * self.weight[:, None], starts, axis=0)
        return l2_normalise(pooled)


def split_sentences(text: str) -> list[str]:
    """Split on sentence ends (. ! ? … followed by space) and line breaks; drop empty parts.

    Example:
        >>> split_sentences("Bins missed. Again!\\nRoads bad")
        ['Bins missed.', 'Again!', 'Roads bad']
    """
    return [s for s in (p.strip() for p in _SENTENCE_END.split(text)) if s]


def _pack(units: Sequence[str], counts: Sequence[int], max_tokens: int) -> list[tuple[str, int]]:
    """Greedily join consecutive units (with spaces) into windows of at most ``max_tokens``."""
    windows: list[tuple[str, int]] = []
    current: list[str] = []
    size = 0
    for unit, n in zip(units, counts, strict=True):
        if current and size + n > max_tokens:
            windows.append((" ".join(current), size))
            current, size = [], 0
        current.append(unit)
        size += n
    if current:
        windows.append((" ".join(current), size))
    return windows


def split_long(text: str, count_tokens: TokenCounter, max_tokens: int) -> list[tuple[str, int]]:
    """Split one text into ``(window, tokens)`` pairs of at most ``max_tokens`` tokens each.

    Sentences are packed greedily; a sentence longer than the budget is packed word by word; a single word
    longer than the budget is its own window (the model truncates it).
    """
    sentences = split_sentences(text) or [text]
    counts = list(count_tokens(sentences))
    units: list[str] = []
    unit_counts: list[int] = []
    for sentence, n in zip(sentences, counts, strict=True):
        if n <= max_tokens:
            units.append(sentence)
            unit_counts.append(n)
            continue
        words = sentence.split()
        units.extend(words)
        unit_counts.extend(count_tokens(words))
    return _pack(units, unit_counts, max_tokens)


def plan_chunks(texts: Sequence[str], count_tokens: TokenCounter, max_tokens: int) -> ChunkPlan:
    """Plan the pieces to embed: each text whole if it fits in ``max_tokens``, else split (see module doc).

    Args:
        texts: the texts, in input order.
        count_tokens: counts content tokens of each text in a batch (called once for all texts, then per
            long text).
        max_tokens: content-token budget per piece (the model's max_seq_length minus its special tokens).

    Returns:
        A :class:`ChunkPlan` whose ``pool`` turns piece vectors back into one vector per text.
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, got {max_tokens}")
    counts = list(count_tokens(texts))
    pieces: list[str] = []
    owner: list[int] = []
    weight: list[int] = []
    for i, (text, n) in enumerate(zip(texts, counts, strict=True)):
        windows = [(text, n)] if n <= max_tokens else split_long(text, count_tokens, max_tokens)
        for window, size in windows:
            pieces.append(window)
            owner.append(i)
            weight.append(max(int(size), 1))
    return ChunkPlan(
        pieces=pieces,
        owner=np.asarray(owner, dtype=np.int64),
        weight=np.asarray(weight, dtype=np.float32),
        n_texts=len(texts),
    )
