"""Ward's agglomerative tree restricted to a neighbour graph, compiled with numba.

The same algorithm as scikit-learn's ``ward_tree`` with a connectivity matrix (merge the pair of neighbouring
clusters whose merge least increases the within-cluster variance; the merged cluster's neighbours are the union
of its parts' neighbours), and the same result, merge for merge: candidate merges are taken from a priority queue
in the order of (increase, cluster, neighbour), exactly as scikit-learn's heap of tuples orders them, and the
increases are computed with the same floating-point operations. scikit-learn keeps that heap as Python tuples,
which makes a 20,000-segment tree take about 15 s; here it is a fraction of a second.

Disconnected graphs are left to scikit-learn (it completes them first); :func:`voices.themes.selection.ward_tree`
chooses. This module imports numba (a dependency of BERTopic's UMAP), so it is imported only when a tree is built.

Example:
    >>> import numpy as np, scipy.sparse as sp
    >>> x = np.array([[0.0], [0.1], [5.0], [5.2]])
    >>> g = sp.csr_matrix(np.ones((4, 4)) - np.eye(4))
    >>> children, distances = connected_ward(x, g)
    >>> children.tolist(), distances.round(3).tolist()
    ([[0, 1], [2, 3], [4, 5]], [0.1, 0.2, 7.142])
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import scipy.sparse as sp

from voices.themes.errors import ThemeError


@numba.njit(cache=True)
def less(w: Any, a: Any, b: Any, p: int, q: int) -> bool:
    if w[p] != w[q]:
        return w[p] < w[q]
    if a[p] != a[q]:
        return a[p] < a[q]
    return b[p] < b[q]


@numba.njit(cache=True)
def swap(w: Any, a: Any, b: Any, i: int, j: int) -> None:
    w[i], w[j] = w[j], w[i]
    a[i], a[j] = a[j], a[i]
    b[i], b[j] = b[j], b[i]


@numba.njit(cache=True)
def sift_up(w: Any, a: Any, b: Any, pos: int) -> None:
    while pos > 0:
        parent = (pos - 1) >> 1
        if less(w, a, b, pos, parent):
            swap(w, a, b, pos, parent)
            pos = parent
        else:
            break


@numba.njit(cache=True)
def sift_down(w: Any, a: Any, b: Any, size: int) -> None:
    pos = 0
    while True:
        left = 2 * pos + 1
        if left >= size:
            break
        best = left
        if left + 1 < size and less(w, a, b, left + 1, left):
            best = left + 1
        if less(w, a, b, best, pos):
            swap(w, a, b, pos, best)
            pos = best
        else:
            break


@numba.njit(cache=True)
def ward_dist(m1: Any, m2: Any, row: int, col: int) -> float:
    n = (m1[row] * m1[col]) / (m1[row] + m1[col])
    pa = 0.0
    for j in range(m2.shape[1]):
        d = m2[row, j] / m1[row] - m2[col, j] / m1[col]
        pa += d * d
    return pa * n


@numba.njit(cache=True)
def merge_loop(x: Any, indptr: Any, indices: Any) -> Any:
    n, d = x.shape
    n_nodes = 2 * n - 1
    m1 = np.zeros(n_nodes)
    m1[:n] = 1.0
    m2 = np.zeros((n_nodes, d))
    m2[:n] = x
    # adjacency of every node as linked lists in growable arrays (order does not matter: the queue is totally
    # ordered, so only the set of candidate merges counts)
    cap = max(16, 2 * len(indices) + 4 * n)
    adj_node = np.empty(cap, np.int64)
    adj_next = np.empty(cap, np.int64)
    head = np.full(n_nodes, -1, np.int64)
    used = 0
    hw = np.empty(cap, np.float64)
    ha = np.empty(cap, np.int64)
    hb = np.empty(cap, np.int64)
    size = 0
    for i in range(n):
        for p in range(indptr[i], indptr[i + 1]):
            j = indices[p]
            adj_node[used] = j
            adj_next[used] = head[i]
            head[i] = used
            used += 1
            if j < i:
                hw[size] = ward_dist(m1, m2, i, j)
                ha[size] = i
                hb[size] = j
                size += 1
                sift_up(hw, ha, hb, size - 1)
    parent = np.arange(n_nodes)
    alive = np.ones(n_nodes, np.bool_)
    visited = np.zeros(n_nodes, np.int64) - 1
    children = np.empty((n - 1, 2), np.int64)
    distances = np.empty(n - 1, np.float64)
    heads = np.empty(n_nodes, np.int64)
    for k in range(n, n_nodes):
        while True:
            if size == 0:  # no candidate merge left: the graph was not connected
                return children[: k - n], distances[: k - n]
            inert, i, j = hw[0], ha[0], hb[0]
            size -= 1
            hw[0], ha[0], hb[0] = hw[size], ha[size], hb[size]
            sift_down(hw, ha, hb, size)
            if alive[i] and alive[j]:
                break
        parent[i] = k
        parent[j] = k
        children[k - n, 0] = j
        children[k - n, 1] = i
        alive[i] = False
        alive[j] = False
        distances[k - n] = inert
        m1[k] = m1[i] + m1[j]
        for c in range(d):
            m2[k, c] = m2[i, c] + m2[j, c]
        visited[k] = k
        n_heads = 0
        for start in (i, j):
            p = head[start]
            while p != -1:
                node = adj_node[p]
                top = parent[node]
                while top != node:
                    node = top
                    top = parent[node]
                if visited[node] != k:
                    visited[node] = k
                    heads[n_heads] = node
                    n_heads += 1
                p = adj_next[p]
        if used + 2 * n_heads > len(adj_node):
            grow = max(len(adj_node), 2 * n_heads)
            adj_node = np.concatenate((adj_node, np.empty(grow, np.int64)))
            adj_next = np.concatenate((adj_next, np.empty(grow, np.int64)))
        if size + n_heads > len(hw):
            grow = max(len(hw), n_heads)
            hw = np.concatenate((hw, np.empty(grow, np.float64)))
            ha = np.concatenate((ha, np.empty(grow, np.int64)))
            hb = np.concatenate((hb, np.empty(grow, np.int64)))
        for h in range(n_heads):
            col = heads[h]
            adj_node[used] = k
            adj_next[used] = head[col]
            head[col] = used
            used += 1
            adj_node[used] = col
            adj_next[used] = head[k]
            head[k] = used
            used += 1
            hw[size] = ward_dist(m1, m2, k, col)
            ha[size] = k
            hb[size] = col
            size += 1
            sift_up(hw, ha, hb, size - 1)
    return children, np.sqrt(2.0 * distances)


def connected_ward(x: np.ndarray, graph: sp.spmatrix) -> tuple[np.ndarray, np.ndarray]:
    """Ward tree of the rows of ``x`` merging only along edges of ``graph`` (which must be connected).

    Returns:
        ``(children, distances)`` as scikit-learn's ``AgglomerativeClustering(linkage="ward",
        connectivity=graph, compute_full_tree=True, distance_threshold=0)`` sets ``children_`` and
        ``distances_``.
    """
    n = len(x)
    structure = sp.csr_matrix(graph + graph.T)
    structure.sort_indices()
    x64 = np.ascontiguousarray(x, dtype=np.float64)
    children, distances = merge_loop(x64, structure.indptr.astype(np.int64), structure.indices.astype(np.int64))
    if len(children) != n - 1:
        raise ThemeError(
            expected="a connected neighbour graph for the compiled Ward tree",
            found=f"a graph that joins only {len(children) + 1} of {n} rows into one tree",
            fix="use voices.themes.selection.ward_tree, which lets scikit-learn complete disconnected graphs",
        )
    return children, distances
