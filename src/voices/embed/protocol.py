"""The ``Embedder`` protocol: what every embedding model looks like to the rest of voices.

An embedder has a stable ``name`` (model identity and every setting that changes its vectors; the embedding
cache is keyed by it), a ``dim``, and ``embed(texts)`` returning one float32, L2-normalised row per text in
input order.

Example:
    >>> import numpy as np
    >>> class Ones:
    ...     name = "example.ones"
    ...     dim = 2
    ...     def embed(self, texts, *, batch_size=64, progress=None):
    ...         return l2_normalise(np.ones((len(texts), 2)))
    >>> isinstance(Ones(), Embedder)
    True
    >>> Ones().embed(["a"]).round(3)
    array([[0.707, 0.707]], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

#: ``progress(done, total)``: called as texts are embedded; ``done`` counts texts, not batches.
EmbedProgress = Callable[[int, int], None]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into vectors.

    Attributes:
        name: stable identity of the model and of every setting that changes its vectors; two embedders with
            the same name must return the same vectors for the same text (the embedding cache relies on it).
        dim: length of each vector.
    """

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str], *, batch_size: int = 64, progress: EmbedProgress | None = None) -> np.ndarray:
        """Return a ``(len(texts), dim)`` float32 array of L2-normalised rows, in input order."""
        ...


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    """Return ``vectors`` as float32 with every row scaled to unit length (all-zero rows stay zero).

    Float64 input is normalised in float64 (tiny rows keep their precision), then cast.

    Example:
        >>> l2_normalise(np.array([[3.0, 4.0], [0.0, 0.0]])).tolist()
        [[0.6000000238418579, 0.800000011920929], [0.0, 0.0]]
    """
    arr = np.asarray(vectors)
    work = arr.astype(np.float64 if arr.dtype == np.float64 else np.float32, copy=False)
    if work.ndim != 2:
        work = work.reshape(len(work), -1)
    norms = np.linalg.norm(work, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(work / norms, dtype=np.float32)
