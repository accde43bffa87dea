"""Representative quotes: central to their theme and different from each other (maximal marginal relevance).

Among the segments most similar to the theme's centre, quotes are picked one at a time, each maximising
``(1 - diversity) * similarity_to_centre - diversity * max_similarity_to_quotes_already_picked``; near-duplicates
(similarity above ``duplicate_similarity`` to a picked quote, or the same text) are skipped.

Example:
    >>> import numpy as np
    >>> x = np.array([[1, 0], [0.99, 0.14], [0.99, 0.14], [0.8, 0.6]], dtype=np.float32)
    >>> representative(x, np.array([1.0, 0.0], dtype=np.float32), n_quotes=2, texts=["a", "b", "b", "c"])
    [0, 3]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from voices.themes.graph import unit_rows


def representative(
    x: np.ndarray,
    centre: np.ndarray,
    *,
    n_quotes: int = 5,
    diversity: float = 0.3,
    candidates: int = 200,
    duplicate_similarity: float = 0.97,
    texts: Sequence[str] | None = None,
) -> list[int]:
    """Indices (into ``x``) of up to ``n_quotes`` central and diverse members of a theme.

    Args:
        x: ``(n, d)`` embeddings of the theme's segments.
        centre: the theme's centre.
        n_quotes: how many quotes.
        diversity: weight of dissimilarity to quotes already picked (0 = most central only).
        candidates: only the ``candidates`` most central segments are considered.
        duplicate_similarity: skip a segment this similar to a picked quote.
        texts: segment texts; identical (case- and space-insensitive) texts are quoted once.

    Returns:
        Indices, most representative first.
    """
    if len(x) == 0 or n_quotes <= 0:
        return []
    xu = unit_rows(x)
    c = unit_rows(centre[None, :])[0]
    rel = xu @ c
    pool = np.lexsort((np.arange(len(rel)), -rel))[:candidates]
    seen: set[str] = set()
    chosen: list[int] = []
    max_sim = np.full(len(pool), -1.0, dtype=np.float64)
    alive = np.ones(len(pool), dtype=bool)
    while len(chosen) < n_quotes and alive.any():
        score = (1 - diversity) * rel[pool] - diversity * np.where(max_sim < -0.5, 0.0, max_sim)
        score[~alive] = -np.inf
        best = int(np.argmax(score))
        alive[best] = False
        i = int(pool[best])
        key = " ".join(str(texts[i]).lower().split()) if texts is not None else None
        if (key is not None and (key in seen or not key)) or max_sim[best] > duplicate_similarity:
            continue
        if key is not None:
            seen.add(key)
        chosen.append(i)
        max_sim = np.maximum(max_sim, xu[pool] @ xu[i])
    return chosen


def snippet(text: str, max_chars: int = 300) -> str:
    """``text`` on one line, cut at a word boundary to at most ``max_chars`` characters (with an ellipsis).

    Example:
        >>> snippet("The buses  are\\nalways late and the fares keep rising", 30)
        'The buses are always late…'
    """
    flat = " ".join(str(text).split())
    if len(flat) <= max_chars:
        return flat
    cut = flat[: max_chars - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > max_chars // 2 else cut).rstrip(" ,;:") + "…"
