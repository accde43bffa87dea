"""Embeddings: turn segment texts into L2-normalised float32 vectors, once, and cache them on disk.

``import voices.embed`` stays light: torch and sentence-transformers load only when a transformer model first
embeds something; model2vec (numpy only) loads when a static model first embeds something.

Example:
    >>> from voices.embed import make_embedder, EmbeddingCache, cached_embed
    >>> callable(make_embedder) and callable(cached_embed)
    True
"""

from voices.embed.cache import EmbeddingCache, cached_embed
from voices.embed.factory import make_embedder
from voices.embed.protocol import Embedder, l2_normalise
from voices.embed.sentence import SentenceTransformerEmbedder
from voices.embed.stage import Embed
from voices.embed.static import StaticEmbedder

__all__ = [
    "Embed",
    "Embedder",
    "EmbeddingCache",
    "SentenceTransformerEmbedder",
    "StaticEmbedder",
    "cached_embed",
    "l2_normalise",
    "make_embedder",
]
