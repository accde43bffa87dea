"""Errors raised by the theme model; each says what was expected, what was found, and the fix."""

from __future__ import annotations

from voices.errors import VoicesError


class ThemeError(VoicesError):
    """Theme discovery or assignment cannot proceed with the given input.

    Example:
        >>> str(ThemeError(expected="a 2-d array", found="shape (3,)", fix="stack the vectors"))
        'Themes: expected a 2-d array, found shape (3,). Fix: stack the vectors.'
    """

    def __init__(self, *, expected: str, found: str, fix: str) -> None:
        self.expected = expected
        self.found = found
        self.fix = fix
        super().__init__(f"Themes: expected {expected}, found {found}. Fix: {fix}.")


class NotFittedError(ThemeError):
    """A model was used before :meth:`fit` (or :func:`voices.themes.persist.load`)."""

    def __init__(self, what: str) -> None:
        super().__init__(expected=f"a fitted {what}", found="an unfitted one", fix="call fit() or load() first")


def check_embeddings(embeddings: object, *, dim: int | None = None, name: str = "embeddings") -> None:
    """Raise :class:`ThemeError` unless ``embeddings`` is a finite 2-d float array (of width ``dim``).

    Example:
        >>> import numpy as np
        >>> check_embeddings(np.zeros((2, 3), dtype=np.float32), dim=3)
    """
    import numpy as np

    if not isinstance(embeddings, np.ndarray) or embeddings.ndim != 2:
        shape = getattr(embeddings, "shape", type(embeddings).__name__)
        raise ThemeError(
            expected=f"{name} as a 2-d NumPy array (rows = segments)",
            found=f"{shape}",
            fix="pass corpus.arrays['embeddings'] or np.asarray(vectors)",
        )
    if dim is not None and embeddings.shape[1] != dim:
        raise ThemeError(
            expected=f"{name} of width {dim} (the embedder the model was fitted with)",
            found=f"width {embeddings.shape[1]}",
            fix="embed the new text with the same embedder as the saved run",
        )
    floating = np.issubdtype(embeddings.dtype, np.floating)
    step = 65_536  # in blocks: a million 256-d rows would otherwise need a 256 MB temporary mask
    if not floating or not all(np.isfinite(embeddings[i : i + step]).all() for i in range(0, len(embeddings), step)):
        raise ThemeError(
            expected=f"finite floating-point {name}",
            found=f"dtype {embeddings.dtype} with non-finite values"
            if np.issubdtype(embeddings.dtype, np.floating)
            else f"dtype {embeddings.dtype}",
            fix="re-run the embed stage; drop empty segments before embedding",
        )
