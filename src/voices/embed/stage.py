"""Stage ``voices.embed.v1``: add row-aligned, L2-normalised float32 ``embeddings`` for the segment texts.

Example:
    >>> from voices.stage import Stage
    >>> isinstance(Embed("fast"), Stage), Embed.requires, Embed.produces
    (True, frozenset({'text'}), frozenset({'embeddings'}))
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import ClassVar

from voices.corpus import Corpus
from voices.embed.cache import EmbeddingCache, cached_embed
from voices.embed.factory import make_embedder
from voices.embed.protocol import Embedder
from voices.stage import RunContext

log = logging.getLogger(__name__)


class Embed:
    """Embed every segment's text, serving repeated texts from the on-disk embedding cache.

    Args:
        embedder: ``"default"``, ``"fast"``, a model folder or cached model name (see
            :func:`~voices.embed.factory.make_embedder`), or an :class:`Embedder`.
        batch_size: texts per forward pass.
        cache: keep and reuse embeddings on disk.
        cache_dir: cache folder; else ``ctx.cache_dir / "embeddings"`` when the run sets one; else
            ``<user cache folder>/embeddings``.

    Stats recorded in ``ctx.stats``: ``embedder`` (its name), ``dim``, ``embedded``, ``from_cache``,
    ``duplicates`` (the last three add up to the number of segments).
    """

    name: ClassVar[str] = "voices.embed.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    produces: ClassVar[frozenset[str]] = frozenset({"embeddings"})

    def __init__(
        self,
        embedder: str | Embedder = "default",
        *,
        batch_size: int = 64,
        cache: bool = True,
        cache_dir: str | Path | None = None,
    ) -> None:
        self.embedder = embedder
        self.batch_size = batch_size
        self.cache = cache
        self.cache_dir = cache_dir

    def _cache(self, ctx: RunContext) -> EmbeddingCache | None:
        if not self.cache:
            return None
        if self.cache_dir is not None:
            return EmbeddingCache(ctx.resolve(self.cache_dir))
        if ctx.cache_dir is not None:
            return EmbeddingCache(Path(ctx.cache_dir) / "embeddings")
        return EmbeddingCache()

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        embedder = make_embedder(self.embedder) if isinstance(self.embedder, str) else self.embedder
        cache = self._cache(ctx)
        texts = corpus.segments["text"].tolist()
        log.info("Embedding %d segments with %s (cache: %s)", len(texts), embedder.name, cache)
        vectors = cached_embed(
            embedder,
            texts,
            cache,
            batch_size=self.batch_size,
            progress=lambda done, total: ctx.progress("embed", done, total),
            stats=ctx.stats,
        )
        ctx.stats["embedder"] = embedder.name
        ctx.stats["dim"] = int(vectors.shape[1])
        return corpus.with_array("embeddings", vectors)
