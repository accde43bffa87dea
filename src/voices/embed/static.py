"""Static (model2vec) embedders: the distilled ``fast`` model, or any model2vec model folder.

A static model looks up one vector per token and averages them: no attention, no torch, tens of thousands of
short texts a second on a CPU. Long texts need no chunking: every token is averaged (no 512-token
truncation), which is the same as pooling windows weighted by their token counts.

Example:
    >>> StaticEmbedder("fast").model       # stores parameters only; nothing is built or loaded yet
    'fast'
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from voices.embed.distilled import fast_model_dir, fast_model_name
from voices.embed.fingerprint import fingerprint
from voices.embed.locations import ModelNotFoundError
from voices.embed.protocol import EmbedProgress, l2_normalise

log = logging.getLogger(__name__)

#: Static models gain nothing from small batches; smaller requests are raised to this.
MIN_BATCH = 1024


class StaticEmbedder:
    """A model2vec static model, loaded on first use.

    Args:
        model: ``"fast"`` (distilled from the default MiniLM into the user cache folder on first use) or a
            model2vec model folder.
        models_dir: where the fast model is built and kept; ``<cache root>/models`` by default.
        pca_dims: dimensionality of the fast model (ignored for a folder).

    Example:
        >>> StaticEmbedder("fast", pca_dims=256).pca_dims
        256
    """

    def __init__(self, model: str | Path = "fast", *, models_dir: str | Path | None = None, pca_dims: int = 256):
        self.model = model
        self.models_dir = models_dir
        self.pca_dims = pca_dims
        self._directory: Path | None = None
        self._name: str | None = None
        self._static: Any = None

    def __repr__(self) -> str:
        return f"StaticEmbedder({str(self.model)!r})"

    @property
    def directory(self) -> Path:
        """The model folder; for ``"fast"``, built on first access."""
        if self._directory is None:
            if str(self.model) == "fast":
                self._directory = fast_model_dir(self.models_dir, pca_dims=self.pca_dims)
            else:
                path = Path(self.model).expanduser()
                if not (path / "config.json").is_file():
                    raise ModelNotFoundError(
                        f"{path}: expected a model2vec model folder (config.json, model.safetensors, "
                        "tokenizer.json), found no config.json. Fix: pass the folder a StaticModel was saved to, "
                        "or --embedder fast."
                    )
                self._directory = path
        return self._directory

    @property
    def name(self) -> str:
        """``model2vec:fast:<recipe>`` or ``model2vec:<folder>:<fingerprint>``; never builds or loads a model."""
        if self._name is None:
            if str(self.model) == "fast":
                self._name = f"model2vec:fast:{fast_model_name(self.pca_dims)}"
            else:
                self._name = f"model2vec:{Path(str(self.model)).name}:{fingerprint(self.directory)}"
        return self._name

    @property
    def dim(self) -> int:
        """Length of each vector (the PCA size for ``fast``; else read from the model's config)."""
        if str(self.model) == "fast":
            return self.pca_dims
        config = json.loads((self.directory / "config.json").read_text(encoding="utf-8"))
        if isinstance(config.get("hidden_dim"), int):
            return int(config["hidden_dim"])
        return int(self._load().dim)

    def _load(self) -> Any:
        if self._static is None:
            from model2vec import StaticModel

            log.info("Loading model2vec model from %s", self.directory)
            self._static = StaticModel.from_pretrained(str(self.directory), normalize=True, force_download=False)
            self._static.tokenizer.no_truncation()  # average every token; tokenizer.json may carry a limit
        return self._static

    def embed(self, texts: Sequence[str], *, batch_size: int = 64, progress: EmbedProgress | None = None) -> np.ndarray:
        """Embed ``texts``: float32, L2-normalised rows, in input order.

        Args:
            texts: the texts.
            batch_size: texts per call to the model (at least :data:`MIN_BATCH`).
            progress: optional ``(done, total)`` callback, counted in texts.
        """
        texts = list(texts)
        model = self._load()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        step = max(batch_size, MIN_BATCH) * 16
        parts = []
        for start in range(0, len(texts), step):
            chunk = texts[start : start + step]
            parts.append(
                model.encode(chunk, max_length=None, batch_size=max(batch_size, MIN_BATCH), use_multiprocessing=False)
            )
            if progress is not None:
                progress(min(start + step, len(texts)), len(texts))
        return l2_normalise(np.concatenate(parts))
