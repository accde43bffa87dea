"""ThemeModel: find human-sized themes in embeddings, reproducibly, and assign any segment to them.

How it fits (every step deterministic given ``seed``):

1. Take a sample of at most ``max_fit_size`` segments (seeded) — the *reference*; larger corpora are assigned
   afterwards in batches, so fitting cost does not grow with N.
2. Build the exact k-nearest-neighbour cosine graph of the reference's distinct vectors (identical segments, such
   as campaign templates, count as one node weighted by their number) and its diffusion-map coordinates.
3. Cut one deterministic Ward tree over the diffusion coordinates at every candidate number of themes in
   ``[min_themes, max_themes]``, refine each cut with Lloyd iterations, and keep the k with the best silhouette
   in the embedding space (:mod:`voices.themes.selection`). Themes smaller than ``min_theme_size`` are
   dissolved into their neighbours; themes are numbered by size.
4. Split each theme into up to ``max_subthemes`` sub-themes the same way on its own sub-graph (the hierarchy).
5. Assignment (:func:`voices.themes.assign.assign`): a theme's probability is the similarity-weighted share of
   the nearest reference segments in it; several themes per segment above ``threshold``; unassigned when a segment
   is an outlier of its theme: further from the theme's centre than ``outlier_z`` robust standard deviations below
   the theme's own reference segments' median.

Example:
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> centres = rng.normal(size=(6, 32))
    >>> x = np.repeat(centres, 40, axis=0) + 0.4 * rng.normal(size=(240, 32))
    >>> model = ThemeModel(seed=0).fit(x)
    >>> model.n_themes_
    6
    >>> bool((model.assign(x).primary == model.labels_).all())
    True
"""

from __future__ import annotations

import logging
import math
from typing import Any

import numpy as np

from voices.themes.assign import Assignment, assign, neighbour_vote, vote
from voices.themes.errors import NotFittedError, ThemeError, check_embeddings
from voices.themes.graph import diffusion_map, knn_graph, nearest, unit_rows
from voices.themes.selection import KChoice, candidate_ks, choose_k, class_sums, modularity

log = logging.getLogger(__name__)


#: Smallest robust spread of a theme's similarities (cosine), so near-duplicate themes (templates, "no comment")
#: do not reject every paraphrase as an outlier.
MIN_SPREAD = 0.05


def default_n_neighbors(n: int) -> int:
    """Neighbours per segment in the similarity graph: about the square root of ``n``, between 5 and 15.

    Example:
        >>> default_n_neighbors(36), default_n_neighbors(10_000)
        (6, 15)
    """
    return int(min(15, max(5, round(math.sqrt(n)))))


def default_min_theme_size(n: int) -> int:
    """Smallest theme worth showing for ``n`` segments: half a percent, at least 5.

    Example:
        >>> default_min_theme_size(300), default_min_theme_size(10_000)
        (5, 50)
    """
    return max(5, math.ceil(0.005 * n))


class ThemeModel:
    """Reproducible theme discovery and soft multi-theme assignment over segment embeddings.

    Args:
        min_themes: fewest top-level themes to consider (if the data allow).
        max_themes: most top-level themes to consider.
        min_theme_size: smallest theme; ``None`` scales with N (:func:`default_min_theme_size`).
        max_subthemes: most sub-themes under one theme (0 for a flat model).
        max_fit_size: largest sample the themes are fitted on; the rest are assigned.
        n_neighbors: neighbours in the similarity graph and in the assignment vote; ``None`` scales with the
            sample: ``min(15, max(5, round(sqrt(m))))`` (15 from 225 segments up).
        diffusion_dims: diffusion-map dimensions.
        diffusion_time: diffusion time (larger merges more).
        threshold: probability from which a second (third…) theme is added to a segment.
        outlier_z: a segment is unassigned when its similarity to its theme's centre is more than ``outlier_z``
            robust standard deviations (1.4826 × MAD, at least :data:`MIN_SPREAD`) below the median of the theme's
            reference segments.
        batch_size: rows per matrix product when assigning (fixed, so results never depend on it).
        seed: the one seed: it draws the fit sample when N > ``max_fit_size``. Everything else is deterministic,
            so below that size the themes do not depend on the seed at all.

    Attributes (after ``fit``):
        n_themes_: number of top-level themes.
        labels_: primary theme of every fitted segment (``-1`` unassigned), as :meth:`assign` gives it.
        assignment_: the full :class:`~voices.themes.assign.Assignment` of the fitted segments.
        fit_index_: rows of the input used as the reference sample.
        reference_, reference_labels_: the reference embeddings (unit rows) and their theme.
        centroids_, floors_: unit theme centres and per-theme minimum similarity.
        reference_subthemes_: sub-theme index of every reference row (``-1`` where its theme is not split).
        subtheme_centroids_, subtheme_parent_: sub-theme centres and parents (sub-theme ``s`` has id
            ``n_themes_ + s``).
        k_scores_: ``{"silhouette": {k: score}, "modularity": {k: score}}`` for every candidate k.
        min_theme_size_, n_neighbors_: the minimum theme size and number of neighbours used.
    """

    def __init__(
        self,
        *,
        min_themes: int = 5,
        max_themes: int = 40,
        min_theme_size: int | None = None,
        max_subthemes: int = 8,
        max_fit_size: int = 20_000,
        n_neighbors: int | None = None,
        diffusion_dims: int = 40,
        diffusion_time: float = 5.0,
        threshold: float = 0.25,
        outlier_z: float = 3.0,
        batch_size: int = 4096,
        seed: int = 0,
    ) -> None:
        self.min_themes = min_themes
        self.max_themes = max_themes
        self.min_theme_size = min_theme_size
        self.max_subthemes = max_subthemes
        self.max_fit_size = max_fit_size
        self.n_neighbors = n_neighbors
        self.diffusion_dims = diffusion_dims
        self.diffusion_time = diffusion_time
        self.threshold = threshold
        self.outlier_z = outlier_z
        self.batch_size = batch_size
        self.seed = seed

    def get_params(self) -> dict[str, Any]:
        """Constructor parameters, as stored in a saved run."""
        return {
            "min_themes": self.min_themes,
            "max_themes": self.max_themes,
            "min_theme_size": self.min_theme_size,
            "max_subthemes": self.max_subthemes,
            "max_fit_size": self.max_fit_size,
            "n_neighbors": self.n_neighbors,
            "diffusion_dims": self.diffusion_dims,
            "diffusion_time": self.diffusion_time,
            "threshold": self.threshold,
            "outlier_z": self.outlier_z,
            "batch_size": self.batch_size,
            "seed": self.seed,
        }

    def _validate_params(self) -> None:
        if not 1 <= self.min_themes <= self.max_themes:
            raise ThemeError(
                expected="1 <= min_themes <= max_themes",
                found=f"min_themes={self.min_themes}, max_themes={self.max_themes}",
                fix="e.g. min_themes=5, max_themes=40",
            )
        if not 0.0 < self.threshold <= 1.0 or not self.outlier_z > 0.0:
            raise ThemeError(
                expected="0 < threshold <= 1 and outlier_z > 0",
                found=f"threshold={self.threshold}, outlier_z={self.outlier_z}",
                fix="use a probability such as threshold=0.25 and a robust z-score such as outlier_z=3",
            )
        if (self.n_neighbors is not None and self.n_neighbors < 2) or self.max_fit_size < 2:
            raise ThemeError(
                expected="n_neighbors >= 2 and max_fit_size >= 2",
                found=f"n_neighbors={self.n_neighbors}, max_fit_size={self.max_fit_size}",
                fix="keep the defaults (15 and 20000)",
            )

    def fit(self, embeddings: np.ndarray) -> ThemeModel:
        """Find themes in ``embeddings`` (``(n, d)``, one row per segment) and return ``self``."""
        self._validate_params()
        check_embeddings(embeddings)
        n = len(embeddings)
        if n < 2:
            raise ThemeError(
                expected="at least 2 segments to find themes in",
                found=f"{n}",
                fix="pool more segments (e.g. several questions) or skip theming for this group",
            )
        rng = np.random.default_rng(self.seed)
        if n > self.max_fit_size:
            fit_index = np.sort(rng.choice(n, size=self.max_fit_size, replace=False))
        else:
            fit_index = np.arange(n)
        ref = unit_rows(embeddings[fit_index])
        m = len(ref)
        n_neighbors = self.n_neighbors or default_n_neighbors(m)
        min_size = self.min_theme_size or default_min_theme_size(m)
        k_scores: dict[str, dict[int, float]] = {}
        split = m >= max(2 * min_size, 10)
        if not split:
            labels = np.zeros(m, dtype=np.int64)
            log.info("%d segments are too few to split; one theme", m)
        else:
            ks = candidate_ks(m, min_themes=self.min_themes, max_themes=self.max_themes, min_theme_size=min_size)
            labels, choice = self._partition(ref, ks, n_neighbors)
            if choice is not None:
                k_scores = {"silhouette": choice.silhouette, "modularity": choice.modularity}
                log.info("chose %d themes of %s (silhouette %s)", choice.k, ks, choice.silhouette)
            labels = _dissolve_small(ref, labels, min_size, n_neighbors)
        labels, floors = self._settle(ref, _number_by_size(labels), n_neighbors)
        k = int(labels.max()) + 1
        sub_labels, sub_parent = self._subthemes(ref, labels, k, min_size, split, n_neighbors)
        self._restore(
            reference=ref,
            reference_labels=labels,
            reference_subthemes=sub_labels,
            subtheme_parent=sub_parent,
            floors=floors,
            fit_index=fit_index,
            k_scores=k_scores,
            min_theme_size=int(min_size),
            n_neighbors=n_neighbors,
        )
        self.assignment_ = self.assign(embeddings)
        self.labels_ = self.assignment_.primary
        return self

    def _restore(
        self,
        *,
        reference: np.ndarray,
        reference_labels: np.ndarray,
        reference_subthemes: np.ndarray,
        subtheme_parent: np.ndarray,
        floors: np.ndarray,
        fit_index: np.ndarray,
        k_scores: dict[str, dict[int, float]],
        min_theme_size: int,
        n_neighbors: int,
    ) -> ThemeModel:
        """Set every fitted attribute from the learned data (used by ``fit`` and by persistence)."""
        k = int(reference_labels.max()) + 1
        self.reference_ = np.ascontiguousarray(reference, dtype=np.float32)
        self.reference_labels_ = np.asarray(reference_labels, dtype=np.int64)
        self.reference_subthemes_ = np.asarray(reference_subthemes, dtype=np.int64)
        self.subtheme_parent_ = np.asarray(subtheme_parent, dtype=np.int64)
        self.floors_ = np.asarray(floors, dtype=np.float32)
        self.fit_index_ = np.asarray(fit_index, dtype=np.int64)
        self.k_scores_ = k_scores
        self.min_theme_size_ = int(min_theme_size)
        self.n_neighbors_ = int(n_neighbors)
        self.n_themes_ = k
        self.n_features_in_ = int(self.reference_.shape[1])
        self.centroids_ = _centroids(self.reference_, self.reference_labels_, k)
        n_sub = len(self.subtheme_parent_)
        members = self.reference_subthemes_ >= 0
        if n_sub:
            self.subtheme_centroids_ = _centroids(self.reference_[members], self.reference_subthemes_[members], n_sub)
        else:
            self.subtheme_centroids_ = np.zeros((0, self.n_features_in_), np.float32)
        return self

    def _partition(
        self, x: np.ndarray, candidates: list[int] | range, n_neighbors: int
    ) -> tuple[np.ndarray, KChoice | None]:
        """Labels for every row of ``x``: identical rows are clustered once (weighted by their count)."""
        first, inverse, counts = distinct_rows(x)
        u = x[first]
        if len(u) < max(n_neighbors + 3, 10):  # a handful of distinct texts: each is a candidate theme
            return inverse.copy(), None
        graph = knn_graph(u, n_neighbors)
        coords = diffusion_map(graph, dims=min(self.diffusion_dims, len(u) - 3), time=self.diffusion_time)
        choice = choose_k(u, coords, graph, candidates=candidates, weights=counts)
        return choice.labels[inverse], choice

    def _settle(self, ref: np.ndarray, labels: np.ndarray, n_neighbors: int) -> tuple[np.ndarray, np.ndarray]:
        """Floors per theme; themes that end up with no segment of their own are merged into their neighbours."""
        idx, sim = nearest(ref, ref, n_neighbors, block=1024)  # the neighbours stay; only the labels change
        for _ in range(10):
            k = int(labels.max()) + 1
            centroids = _centroids(ref, labels, k)
            own = neighbour_vote(idx, sim, labels, k)
            top = own.argmax(axis=1)
            sims = np.einsum("ij,ij->i", ref, centroids[top]).astype(np.float64)
            floors = np.full(k, -1.0, dtype=np.float32)
            for j in range(k):
                mine = sims[top == j]
                if len(mine):
                    centre = float(np.median(mine))
                    spread = max(1.4826 * float(np.median(np.abs(mine - centre))), MIN_SPREAD)
                    floors[j] = centre - self.outlier_z * spread
            kept = np.bincount(top[sims >= floors[top]], minlength=k)
            empty = kept == 0
            if not empty.any() or empty.all():
                return labels, floors
            labels = _dissolve_small(ref, labels, 1, n_neighbors, drop=empty)
            labels = _number_by_size(labels)
        return labels, floors

    def _subthemes(
        self, ref: np.ndarray, labels: np.ndarray, k: int, min_size: int, split: bool, n_neighbors: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Sub-theme index of every reference row (``-1`` where its theme is not split) and each one's parent."""
        sub_labels = np.full(len(ref), -1, dtype=np.int64)
        parents: list[int] = []
        min_sub = max(3, min_size // 2)
        if not split or self.max_subthemes < 2:
            return sub_labels, np.zeros(0, np.int64)
        for theme in range(k):
            rows = np.flatnonzero(labels == theme)
            cap = min(self.max_subthemes, len(rows) // min_sub)
            if cap < 2 or len(rows) < max(4 * min_sub, 40, n_neighbors + 3):
                continue
            sub, _ = self._partition(ref[rows], range(2, cap + 1), n_neighbors)
            sub = _number_by_size(_dissolve_small(ref[rows], sub, min_sub, n_neighbors))
            n_sub = int(sub.max()) + 1
            if n_sub < 2:
                continue
            sub_labels[rows] = len(parents) + sub
            parents.extend([theme] * n_sub)
        return sub_labels, np.asarray(parents, dtype=np.int64)

    def _check_fitted(self) -> None:
        if not hasattr(self, "centroids_"):
            raise NotFittedError("ThemeModel")

    def assign(self, embeddings: np.ndarray) -> Assignment:
        """Assign segments (``(n, d)`` embeddings) to the fitted themes; see :mod:`voices.themes.assign`."""
        self._check_fitted()
        check_embeddings(embeddings, dim=self.n_features_in_)
        return assign(
            embeddings,
            reference=self.reference_,
            reference_labels=self.reference_labels_,
            centroids=self.centroids_,
            floors=self.floors_,
            n_neighbors=self.n_neighbors_,
            threshold=self.threshold,
            subtheme_centroids=self.subtheme_centroids_,
            subtheme_parent=self.subtheme_parent_,
            batch_size=self.batch_size,
        )

    @property
    def parents_(self) -> np.ndarray:
        """Parent theme id of every theme id: ``-1`` for top-level themes, then one entry per sub-theme."""
        self._check_fitted()
        return np.concatenate([np.full(self.n_themes_, -1, np.int64), self.subtheme_parent_])

    def graph_modularity(self) -> float:
        """Modularity of the fitted reference partition on its own neighbour graph (a quality diagnostic)."""
        self._check_fitted()
        if self.n_themes_ < 2:
            return 0.0
        return modularity(knn_graph(self.reference_, self.n_neighbors_), self.reference_labels_)


def _centroids(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    return unit_rows(class_sums(x, labels, k))


def _number_by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber labels 0..K-1 by decreasing size (ties: earlier first appearance first)."""
    uniq, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))
    mapping = np.empty(int(uniq.max()) + 1, dtype=np.int64)
    mapping[uniq[order]] = np.arange(len(uniq))
    return mapping[labels]


def _dissolve_small(
    x: np.ndarray, labels: np.ndarray, min_size: int, n_neighbors: int, *, drop: np.ndarray | None = None
) -> np.ndarray:
    """Move members of themes smaller than ``min_size`` (or flagged in ``drop``) to the theme their neighbours
    vote for."""
    counts = np.bincount(labels)
    small = counts < min_size
    if drop is not None:
        small = small | drop[: len(small)]
    if not small.any() or small.all():
        return labels
    keep = ~small[labels]
    kept = _number_by_size(labels[keep])
    out = np.empty_like(labels)
    out[keep] = kept
    p = vote(x[~keep], reference=x[keep], reference_labels=kept, n_themes=int(kept.max()) + 1, n_neighbors=n_neighbors)
    out[~keep] = p.argmax(axis=1)
    return out


def distinct_rows(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Identical rows collapsed: (index of each distinct row's first appearance, in order of appearance;
    each row's distinct id; how many rows each distinct row stands for).

    Example:
        >>> [a.tolist() for a in distinct_rows(np.array([[1.0], [2.0], [1.0]]))]
        [[0, 1], [0, 1, 0], [2, 1]]
    """
    _, first, inverse = np.unique(x, axis=0, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    ids = rank[inverse.reshape(-1)]
    return first[order], ids, np.bincount(ids)
