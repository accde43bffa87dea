"""Soft, multi-theme assignment of segments to fitted themes.

A segment's probability for a theme is the similarity-weighted share of its nearest reference segments (the
sample the themes were fitted on) that carry the theme. The theme with the highest probability is its primary
theme; other themes whose probability reaches ``threshold`` are added, so a response that makes several points
gets several themes. A segment is left unassigned (theme ``-1``) when it is less similar to its primary theme's
centre than almost every segment the theme was fitted on (below the theme's ``floor``).

Everything is float32 matrix products in fixed-size batches, so a million 256-d vectors are assigned in minutes
in a few hundred MB, and the same arrays always give the same answer.

Example:
    >>> import numpy as np
    >>> ref = np.array([[1, 0], [0.99, 0.14], [0, 1], [0.14, 0.99]], dtype=np.float32)
    >>> a = assign(np.array([[0.98, 0.2]], dtype=np.float32), reference=ref, reference_labels=np.array([0, 0, 1, 1]),
    ...            centroids=np.array([[1, 0.07], [0.07, 1]], dtype=np.float32), floors=np.array([0.5, 0.5]),
    ...            n_neighbors=2, threshold=0.3)
    >>> a.primary.tolist(), a.to_frame(["s1"])["theme_id"].tolist()
    ([0], [0])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from voices.themes.graph import nearest, unit_rows

UNASSIGNED = -1


@dataclass(frozen=True)
class Assignment:
    """Assignment of ``n`` segments to ``K`` themes.

    Attributes:
        primary: ``(n,)`` primary theme per segment, ``-1`` when unassigned.
        probabilities: ``(n, K)`` float32 probability per theme (rows sum to 1).
        similarity: ``(n,)`` cosine similarity to the primary theme's centre.
        members: ``(n, K)`` bool, every theme the segment carries (primary plus those above the threshold).
        subthemes: ``(n, K)`` sub-theme id (``K + index``) within each carried theme, ``-1`` where there is
            none; the smallest signed integer type that holds every id (int16 unless there are over 32,000
            themes and sub-themes), so a million segments with 40 themes take 80 MB, not 320 MB.
    """

    primary: np.ndarray
    probabilities: np.ndarray
    similarity: np.ndarray
    members: np.ndarray
    subthemes: np.ndarray

    def __len__(self) -> int:
        return len(self.primary)

    @property
    def unassigned_share(self) -> float:
        """Share of segments with no theme."""
        return float((self.primary == UNASSIGNED).mean()) if len(self.primary) else 0.0

    def to_frame(self, segment_ids: Sequence[str] | np.ndarray) -> pd.DataFrame:
        """Long table: one row per (segment, theme) it carries, one ``-1`` row per unassigned segment.

        Columns ``segment_id``, ``theme_id``, ``subtheme_id``, ``probability`` (0 for unassigned rows),
        ``primary`` (True for the segment's primary theme). Rows follow segment order, primary theme first.
        """
        ids = np.asarray(segment_ids, dtype=object)
        if len(ids) != len(self.primary):
            raise ValueError(f"{len(ids)} segment ids for {len(self.primary)} assigned segments")
        seg, theme = np.nonzero(self.members)
        prob = self.probabilities[seg, theme]
        is_primary = self.primary[seg] == theme
        none = np.flatnonzero(self.primary == UNASSIGNED)
        seg = np.concatenate([seg, none])
        frame = pd.DataFrame(
            {
                "segment_id": ids[seg],
                "theme_id": np.concatenate([theme, np.full(len(none), UNASSIGNED)]).astype(np.int64),
                "subtheme_id": np.concatenate([self.subthemes[seg[: len(theme)], theme], np.full(len(none), -1)]),
                "probability": np.concatenate([prob, np.zeros(len(none), np.float32)]).astype(np.float64).round(4),
                "primary": np.concatenate([is_primary, np.ones(len(none), bool)]),
                "_seg": seg,
            }
        )
        frame = frame.sort_values(["_seg", "primary", "probability"], ascending=[True, False, False], kind="stable")
        return frame.drop(columns="_seg").reset_index(drop=True)


def vote(
    x: np.ndarray,
    *,
    reference: np.ndarray,
    reference_labels: np.ndarray,
    n_themes: int,
    n_neighbors: int,
    batch_size: int = 4096,
) -> np.ndarray:
    """Similarity-weighted share of each theme among the ``n_neighbors`` nearest reference rows.

    Returns:
        ``(n, n_themes)`` float32 probabilities; rows sum to 1.
    """
    out = np.zeros((len(x), n_themes), dtype=np.float32)
    for start in range(0, len(x), batch_size):
        idx, sim = nearest(x[start : start + batch_size], reference, n_neighbors, block=min(batch_size, 1024))
        out[start : start + batch_size] = neighbour_vote(idx, sim, reference_labels, n_themes)
    return out


def neighbour_vote(idx: np.ndarray, sim: np.ndarray, reference_labels: np.ndarray, n_themes: int) -> np.ndarray:
    """:func:`vote` from neighbours already found (``idx``, ``sim`` as :func:`~voices.themes.graph.nearest` gives).

    Example:
        >>> neighbour_vote(np.array([[0, 1]]), np.array([[0.9, 0.3]]), np.array([1, 0]), 2).round(2).tolist()
        [[0.25, 0.75]]
    """
    n, k = idx.shape
    w = (np.maximum(sim, 0.0) + 1e-6).astype(np.float64)
    cells = (np.repeat(np.arange(n), k) * n_themes + reference_labels[idx].ravel()).astype(np.int64)
    block = np.bincount(cells, weights=w.ravel(), minlength=n * n_themes).reshape(n, n_themes)
    return (block / block.sum(axis=1, keepdims=True)).astype(np.float32)


def assign(
    x: np.ndarray,
    *,
    reference: np.ndarray,
    reference_labels: np.ndarray,
    centroids: np.ndarray,
    floors: np.ndarray,
    n_neighbors: int,
    threshold: float,
    subtheme_centroids: np.ndarray | None = None,
    subtheme_parent: np.ndarray | None = None,
    batch_size: int = 4096,
) -> Assignment:
    """Assign embeddings to themes (see the module docstring for the rule).

    Args:
        x: ``(n, d)`` embeddings (normalised here).
        reference: ``(m, d)`` unit-length embeddings of the fitted sample.
        reference_labels: ``(m,)`` theme of each reference row (``0..K-1``).
        centroids: ``(K, d)`` unit-length theme centres.
        floors: ``(K,)`` minimum similarity to a theme's centre to carry it.
        n_neighbors: reference neighbours that vote.
        threshold: probability from which a theme other than the primary one is added.
        subtheme_centroids: ``(S, d)`` unit-length sub-theme centres (sub-theme ``s`` has id ``K + s``), or
            ``None``.
        subtheme_parent: ``(S,)`` theme of each sub-theme.
        batch_size: rows per matrix product.

    Returns:
        :class:`Assignment`.
    """
    k = len(centroids)
    n = len(x)
    primary = np.empty(n, dtype=np.int64)
    probs = np.empty((n, k), dtype=np.float32)
    similarity = np.empty(n, dtype=np.float32)
    members = np.zeros((n, k), dtype=bool)
    n_sub = 0 if subtheme_centroids is None else len(subtheme_centroids)
    subthemes = np.full((n, k), -1, dtype=subtheme_dtype(k + n_sub))
    for start in range(0, n, batch_size):
        xb = unit_rows(x[start : start + batch_size])
        p = vote(
            xb,
            reference=reference,
            reference_labels=reference_labels,
            n_themes=k,
            n_neighbors=n_neighbors,
            batch_size=batch_size,
        )
        sims = xb @ centroids.T
        top = np.argmax(p, axis=1)
        rows = np.arange(len(xb))
        ok = sims[rows, top] >= floors[top]
        member = (p >= threshold) & (sims >= floors[None, :])
        member[rows, top] = True
        member[~ok] = False
        sl = slice(start, start + len(xb))
        primary[sl] = np.where(ok, top, UNASSIGNED)
        probs[sl] = p
        similarity[sl] = sims[rows, top]
        members[sl] = member
        if subtheme_centroids is not None and subtheme_parent is not None and len(subtheme_centroids):
            subthemes[sl] = _subthemes(xb, member, subtheme_centroids, subtheme_parent, k)
    return Assignment(primary, probs, similarity, members, subthemes)


def subtheme_dtype(n_ids: int) -> np.dtype:
    """Smallest signed integer type for theme ids ``-1 .. n_ids - 1`` (int16 for any human-sized solution).

    Example:
        >>> subtheme_dtype(360), subtheme_dtype(40_000)
        (dtype('int16'), dtype('int32'))
    """
    return np.dtype(np.int16) if n_ids <= np.iinfo(np.int16).max else np.dtype(np.int32)


def _subthemes(xb: np.ndarray, member: np.ndarray, centroids: np.ndarray, parent: np.ndarray, k: int) -> np.ndarray:
    out = np.full(member.shape, -1, dtype=np.int64)
    sims = xb @ centroids.T
    for theme in range(k):
        subs = np.flatnonzero(parent == theme)
        if len(subs) == 0:
            continue
        rows = np.flatnonzero(member[:, theme])
        if len(rows):
            out[rows, theme] = k + subs[np.argmax(sims[np.ix_(rows, subs)], axis=1)]
    return out
