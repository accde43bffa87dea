"""Stage voices.embed.v1: contract, row alignment, cache accounting in ctx.stats."""

from __future__ import annotations

import numpy as np

from conftest import make_segments
from embed_fakes import HashEmbedder
from voices.corpus import Corpus
from voices.embed import Embed
from voices.embed.cache import EmbeddingCache
from voices.stage import RunContext, Stage


def test_embed_stage_contract():
    stage = Embed(HashEmbedder())
    assert isinstance(stage, Stage)
    assert Embed.name == "voices.embed.v1"
    assert Embed.requires == frozenset({"text"})
    assert Embed.produces == frozenset({"embeddings"})


def test_embed_stage_constructor_only_stores_parameters(tmp_path):
    stage = Embed("no/such/model", batch_size=8, cache=False, cache_dir=tmp_path / "c")
    assert (stage.embedder, stage.batch_size, stage.cache) == ("no/such/model", 8, False)
    assert not (tmp_path / "c").exists()


def test_embed_stage_adds_row_aligned_float32_embeddings(tmp_path):
    corpus = Corpus(make_segments(["bins", "roads", "bins"]))
    out = Embed(HashEmbedder(), cache_dir=tmp_path)(corpus, RunContext())
    vectors = out.arrays["embeddings"]
    assert vectors.shape == (3, 8) and vectors.dtype == np.float32
    np.testing.assert_array_equal(vectors[0], vectors[2])
    np.testing.assert_array_equal(vectors[1], HashEmbedder().embed(["roads"])[0])
    assert "embeddings" in out.columns and len(corpus.arrays) == 0


def test_embed_stage_records_embedded_and_cached_counts(tmp_path):
    emb = HashEmbedder()
    stage = Embed(emb, cache_dir=tmp_path)
    ctx1 = RunContext()
    stage(Corpus(make_segments(["a", "b", "a"])), ctx1)
    assert {k: ctx1.stats[k] for k in ("embedded", "from_cache", "duplicates")} == {
        "embedded": 2,
        "from_cache": 0,
        "duplicates": 1,
    }
    assert ctx1.stats["embedder"] == emb.name and ctx1.stats["dim"] == 8
    ctx2 = RunContext()
    stage(Corpus(make_segments(["a", "b", "c"])), ctx2)
    assert (ctx2.stats["embedded"], ctx2.stats["from_cache"]) == (1, 2)


def test_embed_stage_uses_the_run_cache_dir(tmp_path):
    emb = HashEmbedder()
    Embed(emb)(Corpus(make_segments(["a"])), RunContext(cache_dir=tmp_path))
    assert EmbeddingCache(tmp_path / "embeddings").count(emb.name) == 1


def test_embed_stage_without_cache_writes_nothing(tmp_path):
    ctx = RunContext(cache_dir=tmp_path)
    Embed(HashEmbedder(), cache=False)(Corpus(make_segments(["a"])), ctx)
    assert list(tmp_path.iterdir()) == []
    assert ctx.stats["embedded"] == 1


def test_embed_stage_reports_progress(tmp_path):
    seen: list[tuple[str, int, int]] = []
    ctx = RunContext(cache_dir=tmp_path, progress=lambda task, d, t: seen.append((task, d, t)))
    Embed(HashEmbedder())(Corpus(make_segments(["a", "b"])), ctx)
    assert seen[-1] == ("embed", 2, 2)


def test_embed_stage_on_an_empty_corpus(tmp_path):
    out = Embed(HashEmbedder(dim=4), cache_dir=tmp_path)(Corpus(make_segments([])), RunContext())
    assert out.arrays["embeddings"].shape == (0, 4)


def test_embed_stage_warm_rerun_never_loads_torch(tmp_path):
    """With every text cached, the default embedder is named and served without importing torch."""
    import subprocess
    import sys

    from voices.embed import SentenceTransformerEmbedder
    from voices.embed.cache import text_keys

    texts = ["bins", "roads"]
    name = SentenceTransformerEmbedder("default").name
    EmbeddingCache(tmp_path / "embeddings").store(name, text_keys(texts), np.eye(2, 384, dtype=np.float32))
    code = f"""
import sys
sys.path[:0] = {sys.path!r}
from conftest import make_segments
from voices.corpus import Corpus
from voices.embed import Embed
from voices.stage import RunContext
ctx = RunContext(cache_dir={str(tmp_path)!r})
out = Embed("default")(Corpus(make_segments({texts!r})), ctx)
assert out.arrays["embeddings"].shape == (2, 384), out.arrays["embeddings"].shape
print(ctx.stats["from_cache"], "torch" in sys.modules, "sentence_transformers" in sys.modules)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["2", "False", "False"]
