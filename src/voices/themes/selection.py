"""Choosing the number of themes: cuts of one deterministic tree, refined, scored by silhouette.

1. Ward's agglomerative tree over the diffusion coordinates, joining only neighbours in the k-nearest-neighbour
   graph (deterministic: no seed).
2. For every candidate k, the tree's k-cluster cut is refined by Lloyd iterations started from the cut's
   centres (deterministic too).
3. Each refined partition is scored by its mean silhouette (cosine, exact, over the whole sample) in the
   *original* embedding space; the highest score wins (ties go to the smaller k).

Nothing here is random: for a given sample the choice is the same whatever the seed.

No number of themes is assumed: the range only keeps the answer human-sized. The modularity of each partition on
the graph is recorded alongside, as a diagnostic.

Example:
    >>> import numpy as np
    >>> from voices.themes.graph import knn_graph, diffusion_map, unit_rows
    >>> rng = np.random.default_rng(0)
    >>> centres = rng.normal(size=(6, 16))
    >>> x = unit_rows(np.repeat(centres, 30, axis=0) + 0.3 * rng.normal(size=(180, 16)))
    >>> g = knn_graph(x, 10)
    >>> choice = choose_k(x, diffusion_map(g, dims=12), g, candidates=range(2, 11))
    >>> choice.k
    6
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

log = logging.getLogger(__name__)


def modularity(graph: sp.csr_matrix, labels: np.ndarray) -> float:
    """Newman modularity of a partition of a weighted undirected graph.

    Example:
        >>> a = sp.csr_matrix(np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], float))
        >>> modularity(a, np.array([0, 0, 1, 1]))
        0.5
    """
    labels = np.asarray(labels)
    k = int(labels.max()) + 1
    total = float(graph.sum())
    if total == 0:
        return 0.0
    member = sp.csr_matrix((np.ones(len(labels)), (np.arange(len(labels)), labels)), shape=(len(labels), k))
    inside = (member.T @ graph @ member).diagonal()
    degree = member.T @ np.asarray(graph.sum(axis=1)).ravel()
    return float((inside / total - (degree / total) ** 2).sum())


def silhouette(x: np.ndarray, labels: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Mean cosine silhouette of ``labels`` on unit rows ``x``, exact, in O(n·d·k) time and memory.

    With cosine distance ``1 - x·y`` a point's mean distance to a theme is ``1 - x·(sum of the theme's rows)/n``,
    so no n-by-n matrix is needed and every segment of the sample can be scored. ``weights`` counts repeated rows
    (a row of weight 3 stands for three identical segments).

    Example:
        >>> x = np.array([[1, 0], [0.99, 0.14], [0, 1], [0.14, 0.99]], dtype=np.float32)
        >>> round(silhouette(x, np.array([0, 0, 1, 1])), 2)
        0.99
    """
    labels = np.asarray(labels)
    n = len(x)
    k = int(labels.max()) + 1
    if k < 2 or k >= n:
        return 0.0
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    x64 = np.asarray(x, dtype=np.float64)
    member = np.zeros((n, k))
    member[np.arange(n), labels] = w
    counts = member.sum(axis=0)
    dots = x64 @ (x64.T @ member)  # (n, k): x_i · weighted sum of theme c
    self_dot = np.einsum("ij,ij->i", x64, x64)
    sums = counts[None, :] - dots  # sum of distances from i to every member of c (i itself adds 1 - |x_i|^2)
    rows = np.arange(n)
    own = counts[labels] - 1
    own_sum = sums[rows, labels] - (1.0 - self_dot)
    a = np.divide(own_sum, own, out=np.zeros(n), where=own > 0)
    other = sums / np.maximum(counts, 1)[None, :]
    other[rows, labels] = np.inf
    other[:, counts == 0] = np.inf
    b = other.min(axis=1)
    s = np.divide(b - a, np.maximum(a, b), out=np.zeros(n), where=np.maximum(a, b) > 0)
    s[own <= 0] = 0.0
    return float(np.average(s, weights=w))


def class_sums(x: np.ndarray, labels: np.ndarray, k: int, weights: np.ndarray | None = None) -> np.ndarray:
    """``(k, d)`` float64 sum of the rows of ``x`` (times ``weights``) per label ``0..k-1``, in row order.

    A sparse product: the same sums as ``np.add.at`` (same order of addition), many times faster.

    Example:
        >>> class_sums(np.array([[1.0], [2.0], [4.0]]), np.array([1, 0, 1]), 2).tolist()
        [[2.0], [5.0]]
    """
    n = len(labels)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    member = sp.csr_matrix((w, (np.asarray(labels), np.arange(n))), shape=(k, n))
    return np.asarray(member @ np.asarray(x, dtype=np.float64))


def candidate_ks(n: int, *, min_themes: int, max_themes: int, min_theme_size: int) -> list[int]:
    """Candidate numbers of themes for ``n`` segments: every k from ``min_themes`` to 12, then a coarser grid.

    Capped so that an average theme keeps at least ``min_theme_size`` segments, and at the classic rule of thumb
    ``k <= sqrt(n / 2)`` so that a question with a few hundred answers gets a readable number of themes (the
    finer structure goes into sub-themes).

    Example:
        >>> candidate_ks(10_000, min_themes=5, max_themes=40, min_theme_size=25)[-4:]
        [26, 30, 35, 40]
        >>> candidate_ks(500, min_themes=5, max_themes=40, min_theme_size=5)[-2:]
        [14, 16]
    """
    grid = [*range(2, 13), 14, 16, 18, 20, 23, 26, 30, 35, 40, 45, 50, 60, 70, 80, 100]
    cap = min(max_themes, max(1, n // max(1, min_theme_size)), max(min_themes, round(math.sqrt(n / 2))))
    ks = sorted({k for k in grid if min_themes <= k <= cap} | ({max_themes} if max_themes <= cap else set()))
    return ks or [max(1, min(min_themes, cap))]


def ward_tree(coords: np.ndarray, graph: sp.csr_matrix) -> np.ndarray:
    """Ward's agglomerative tree over ``coords``, merging only along ``graph`` edges; scipy linkage format.

    A connected graph's tree is built by :func:`voices.themes.ward.connected_ward` (compiled; the same merges as
    scikit-learn's, ten times faster); a disconnected one by scikit-learn, which first joins its components.
    """
    from scipy.sparse.csgraph import connected_components

    n = len(coords)
    if n > 1 and connected_components(graph, directed=False)[0] == 1:
        from voices.themes.ward import connected_ward

        children, distances = connected_ward(coords, graph)
    else:
        from sklearn.cluster import AgglomerativeClustering

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # disconnected graphs are completed by sklearn; that is fine here
            tree = AgglomerativeClustering(
                n_clusters=None, distance_threshold=0.0, linkage="ward", connectivity=graph, compute_full_tree=True
            ).fit(coords)
        children, distances = tree.children_, tree.distances_
    sizes = np.zeros(len(children))
    for i, (a, b) in enumerate(children):
        sizes[i] = (1 if a < n else sizes[a - n]) + (1 if b < n else sizes[b - n])
    return np.column_stack([children, distances, sizes]).astype(np.float64)


def lloyd(
    coords: np.ndarray, labels: np.ndarray, *, max_iter: int = 100, weights: np.ndarray | None = None
) -> np.ndarray:
    """Lloyd (k-means) iterations from a given partition until no label changes; labels renumbered 0..k-1.

    Plain NumPy, no random restarts: the result depends only on the start. ``weights`` count repeated rows.

    Example:
        >>> lloyd(np.array([[0.0], [0.1], [0.2], [5.0]]), np.array([0, 0, 1, 1])).tolist()
        [0, 0, 0, 1]
    """
    coords = np.asarray(coords, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64).copy()
    w = np.ones(len(coords)) if weights is None else np.asarray(weights, dtype=np.float64)
    k = int(labels.max()) + 1
    sq = (coords**2).sum(axis=1)[:, None]
    twice = 2.0 * coords  # loop-invariant; the distances below are computed as sq - (2x)·c + |c|², in place
    centres = np.zeros((k, coords.shape[1]))
    dist = np.empty((len(coords), k))
    for _ in range(max_iter):
        counts = np.bincount(labels, weights=w, minlength=k)
        sums = class_sums(coords, labels, k, w)
        live = counts > 0
        centres[live] = sums[live] / counts[live, None]
        np.matmul(twice, centres.T, out=dist)
        np.subtract(sq, dist, out=dist)
        dist += (centres**2).sum(axis=1)[None, :]
        dist[:, ~live] = np.inf
        new = np.argmin(dist, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))
    return order[inverse.reshape(-1)].astype(np.int64)


def cut(
    tree: np.ndarray, coords: np.ndarray, k: int, *, max_iter: int = 100, weights: np.ndarray | None = None
) -> np.ndarray:
    """The tree's ``k``-cluster cut refined by Lloyd iterations (:func:`lloyd`); labels 0..k-1.

    Example:
        >>> c = np.array([[0.0], [0.1], [5.0], [5.1]])
        >>> import scipy.sparse as sp
        >>> cut(ward_tree(c, sp.csr_matrix(np.ones((4, 4)) - np.eye(4))), c, 2).tolist()
        [0, 0, 1, 1]
    """
    from scipy.cluster.hierarchy import fcluster

    if k < 2:
        return np.zeros(len(coords), dtype=np.int64)
    start = fcluster(tree, k, criterion="maxclust") - 1
    return lloyd(coords, start, max_iter=max_iter, weights=weights)


@dataclass
class KChoice:
    """Outcome of :func:`choose_k`: the chosen k, its labels, and the scores of every candidate."""

    k: int
    labels: np.ndarray
    silhouette: dict[int, float] = field(default_factory=dict)
    modularity: dict[int, float] = field(default_factory=dict)


def choose_k(
    x: np.ndarray,
    coords: np.ndarray,
    graph: sp.csr_matrix,
    *,
    candidates: Iterable[int],
    weights: np.ndarray | None = None,
) -> KChoice:
    """Partition for every candidate k and keep the one with the best silhouette in the embedding space.

    Args:
        x: ``(n, d)`` unit-length embeddings of the sample.
        coords: their diffusion coordinates (see :func:`voices.themes.graph.diffusion_map`).
        graph: the k-nearest-neighbour graph the coordinates came from.
        candidates: numbers of themes to try.
        weights: how many segments each row stands for (identical segments are clustered once).

    Returns:
        :class:`KChoice`.
    """
    tree = ward_tree(coords, graph)
    n = len(x)
    best_k, best_s, best_labels = -1, -np.inf, np.zeros(n, dtype=np.int64)
    sil: dict[int, float] = {}
    mod: dict[int, float] = {}
    for k in candidates:
        labels = cut(tree, coords, int(k), weights=weights)
        s = silhouette(x, labels, weights)
        sil[int(k)] = round(s, 6)
        mod[int(k)] = round(modularity(graph, labels), 6) if k > 1 else 0.0
        log.debug("k=%d silhouette=%.4f modularity=%.4f", k, s, mod[int(k)])
        if s > best_s + 1e-12:
            best_k, best_s, best_labels = int(k), s, labels
    if best_k < 0:
        raise ValueError("choose_k needs at least one candidate k")
    return KChoice(k=best_k, labels=best_labels, silhouette=sil, modularity=mod)
