"""The k-nearest-neighbour similarity graph of a sample and its diffusion-map coordinates.

Everything here is deterministic: exact neighbours by blocked dot products (no approximate index, no seed) and
eigenvectors from a fixed start vector with signs fixed afterwards. Themes are found by k-means in the diffusion
coordinates, where clusters that are only loosely separated in the raw embedding space become compact.

Example:
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(60, 8)).astype(np.float32)
    >>> x /= np.linalg.norm(x, axis=1, keepdims=True)
    >>> g = knn_graph(x, n_neighbors=5)
    >>> g.shape
    (60, 60)
    >>> diffusion_map(g, dims=4, time=5.0).shape
    (60, 4)
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def unit_rows(x: np.ndarray) -> np.ndarray:
    """Return ``x`` as float32 with every row scaled to unit length (zero rows stay zero).

    Example:
        >>> unit_rows(np.array([[3.0, 4.0]])).tolist()
        [[0.6000000238418579, 0.800000011920929]]
    """
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def nearest(
    queries: np.ndarray, reference: np.ndarray, n_neighbors: int, *, exclude_self: bool = False, block: int = 2048
) -> tuple[np.ndarray, np.ndarray]:
    """Exact nearest neighbours by cosine similarity (rows must be unit length).

    Args:
        queries: ``(n, d)`` unit rows.
        reference: ``(m, d)`` unit rows.
        n_neighbors: how many neighbours per query (capped at the reference size).
        exclude_self: queries *are* the reference; leave each row out of its own neighbours.
        block: queries per matrix product (bounds memory at ``block * m`` floats).

    Returns:
        ``(indices, similarities)``, each ``(n, k)``, neighbours ordered by decreasing similarity
        (ties by lower index).

    Example:
        >>> r = np.eye(3, dtype=np.float32)
        >>> nearest(r[:1], r, 2)[0].tolist()
        [[0, 1]]
    """
    m = len(reference)
    k = min(n_neighbors, m - 1 if exclude_self else m)
    idx = np.empty((len(queries), k), dtype=np.int64)
    sim = np.empty((len(queries), k), dtype=np.float32)
    if k <= 0:
        return idx, sim
    reference_t = np.ascontiguousarray(np.asarray(reference, dtype=np.float32).T)
    queries = np.asarray(queries, dtype=np.float32)
    for start in range(0, len(queries), block):
        s = queries[start : start + block] @ reference_t
        if exclude_self:
            rows = np.arange(s.shape[0])
            s[rows, start + rows] = -np.inf
        i, v = _top_k(s, k)
        idx[start : start + len(i)] = i
        sim[start : start + len(i)] = v
    return idx, sim


def _top_k(s: np.ndarray, k: int, *, probe: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` largest entries of every row of ``s``, by decreasing value, ties by lower column.

    Exact and cheaper than a full ``argpartition``: the k-th largest value among the first ``probe`` columns is a
    lower bound for each row's k-th largest value, so only the (few) entries at or above it are sorted.
    """
    b, m = s.shape
    if probe >= m:
        t = np.full(b, -np.inf, dtype=s.dtype)
    else:
        t = np.partition(s[:, :probe], probe - k, axis=1)[:, probe - k]
    flat = np.flatnonzero(s >= t[:, None])  # row-major: rows ascending, then columns ascending
    rows, cols = np.divmod(flat, m)
    vals = s.ravel()[flat]
    # rows ascending, then values descending (the stable sort keeps columns ascending among equal values)
    order = np.argsort((rows.astype(np.int64) << 32) | _descending_key(vals), kind="stable")
    rows, cols, vals = rows[order], cols[order], vals[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    keep = rank < k
    return cols[keep].reshape(b, k), vals[keep].reshape(b, k)


def _descending_key(values: np.ndarray) -> np.ndarray:
    """Integers in ``[0, 2**32)`` that sort float32 ``values`` in decreasing order, equal values equal (-0.0 is 0.0).

    Example:
        >>> np.argsort(_descending_key(np.array([0.5, -np.inf, 2.0, -0.0, 0.0], np.float32)), kind="stable").tolist()
        [2, 0, 3, 4, 1]
    """
    bits = (np.asarray(values, dtype=np.float32) + np.float32(0.0)).view(np.int32).astype(np.int64)
    ascending = np.where(bits >= 0, bits, bits ^ 0x7FFFFFFF)  # the float order, as signed integers
    return (2**31 - 1) - ascending


def knn_graph(x: np.ndarray, n_neighbors: int = 15) -> sp.csr_matrix:
    """Symmetric k-nearest-neighbour graph weighted by (non-negative) cosine similarity.

    Args:
        x: ``(n, d)`` unit rows.
        n_neighbors: neighbours per node before symmetrising (an edge exists if either end chose it).

    Returns:
        ``(n, n)`` CSR adjacency matrix with zero diagonal.
    """
    n = len(x)
    idx, sim = nearest(x, x, n_neighbors, exclude_self=True)
    weights = np.maximum(sim, 1e-6).astype(np.float64).ravel()
    rows = np.repeat(np.arange(n), idx.shape[1])
    a = sp.csr_matrix((weights, (rows, idx.ravel())), shape=(n, n))
    return a.maximum(a.T).tocsr()


def diffusion_map(graph: sp.csr_matrix, *, dims: int = 40, time: float = 5.0) -> np.ndarray:
    """Diffusion-map coordinates of a graph's nodes, scaled to unit length.

    The leading eigenvectors of the symmetrically normalised adjacency ``D^-1/2 A D^-1/2`` (the trivial first one
    dropped when the graph is connected), each weighted by its eigenvalue to the power ``time``: larger ``time``
    smooths over more steps of a random walk, so points joined by many short paths end up close.

    Args:
        graph: symmetric adjacency matrix (see :func:`knn_graph`).
        dims: number of non-trivial eigenvectors kept (capped at ``n - 2``).
        time: diffusion time.

    Returns:
        ``(n, dims)`` float64 coordinates with unit-length rows.
    """
    from scipy.sparse.linalg import eigsh

    n = graph.shape[0]
    degree = np.asarray(graph.sum(axis=1)).ravel()
    inv_sqrt = sp.diags(1.0 / np.sqrt(np.maximum(degree, 1e-12)))
    m = (inv_sqrt @ graph @ inv_sqrt).tocsr()
    k = max(1, min(dims + 1, n - 2))
    if n <= 2 * k + 10:
        vals, vecs = np.linalg.eigh(m.toarray())
    else:
        v0 = np.full(n, 1.0 / np.sqrt(n))
        vals, vecs = eigsh(m, k=k, which="LA", v0=v0, tol=1e-8, maxiter=n * 20)
    order = np.argsort(-vals, kind="stable")[:k]
    vals, vecs = vals[order], vecs[:, order]
    vecs = vecs * np.sign(vecs[np.abs(vecs).argmax(axis=0), np.arange(vecs.shape[1])])
    from scipy.sparse.csgraph import connected_components

    # a connected graph's first eigenvector only encodes degree; a disconnected graph's leading eigenvectors
    # (eigenvalue 1, one per component) tell the components apart, so they are kept
    first = 1 if connected_components(graph, directed=False)[0] == 1 else 0
    coords = vecs[:, first:] * (np.clip(vals[first:], 0.0, None) ** time)
    norms = np.linalg.norm(coords, axis=1, keepdims=True)
    return np.divide(coords, norms, out=np.zeros_like(coords), where=norms > 0)
