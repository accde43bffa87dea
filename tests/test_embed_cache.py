"""The on-disk embedding cache and cached_embed: hits, misses, correctness, concurrency."""

from __future__ import annotations

import multiprocessing as mp

import numpy as np
import pytest

from embed_fakes import HashEmbedder
from voices.embed.cache import EmbeddingCache, EmbeddingCacheError, cached_embed, text_keys
from voices.errors import VoicesError


def test_cached_embed_counts_hits_misses_and_duplicates(tmp_path):
    cache, emb = EmbeddingCache(tmp_path), HashEmbedder()
    stats: dict[str, int] = {}
    cached_embed(emb, ["a", "b", "a"], cache, stats=stats)
    assert stats == {"embedded": 2, "from_cache": 0, "duplicates": 1}
    stats = {}
    cached_embed(emb, ["a", "b", "c"], cache, stats=stats)
    assert stats == {"embedded": 1, "from_cache": 2, "duplicates": 0}
    assert sorted(emb.embedded) == ["a", "b", "c"]


def test_cached_embed_second_call_embeds_nothing_new(tmp_path):
    cache, emb = EmbeddingCache(tmp_path), HashEmbedder()
    texts = [f"text {i}" for i in range(500)]
    cached_embed(emb, texts, cache)
    calls = len(emb.calls)
    stats: dict[str, int] = {}
    cached_embed(emb, texts[::-1], cache, stats=stats)
    assert len(emb.calls) == calls
    assert stats["embedded"] == 0 and stats["from_cache"] == 500


def test_cached_embed_returns_the_same_vectors_as_embedding_directly(tmp_path):
    cache, emb = EmbeddingCache(tmp_path), HashEmbedder()
    texts = ["x", "y", "zz", "x", "ünïcödé", ""]
    direct = emb.embed(texts)
    cold = cached_embed(emb, texts, cache)
    warm = cached_embed(HashEmbedder(), texts, EmbeddingCache(tmp_path))
    assert cold.dtype == np.float32 and cold.shape == (6, 8)
    np.testing.assert_array_equal(cold, direct)
    np.testing.assert_array_equal(warm, direct)


def test_cached_embed_without_cache_still_embeds_duplicates_once():
    emb = HashEmbedder()
    out = cached_embed(emb, ["a", "a", "b"], None)
    assert sorted(emb.embedded) == ["a", "b"]
    np.testing.assert_array_equal(out[0], out[1])


def test_cache_keys_follow_the_embedder_name(tmp_path):
    cache = EmbeddingCache(tmp_path)
    cached_embed(HashEmbedder("one"), ["a"], cache)
    other = HashEmbedder("two")
    cached_embed(other, ["a"], cache)
    assert other.embedded == ["a"]


def test_cached_embed_flushes_in_blocks_so_interrupted_work_is_kept(tmp_path):
    cache, emb = EmbeddingCache(tmp_path), HashEmbedder()
    cached_embed(emb, [str(i) for i in range(25)], cache, flush_every=10)
    assert cache.shard_count(emb.name) == 3
    assert cache.count(emb.name) == 25


def test_cached_embed_of_nothing_is_an_empty_matrix(tmp_path):
    out = cached_embed(HashEmbedder(dim=5), [], EmbeddingCache(tmp_path))
    assert out.shape == (0, 5) and out.dtype == np.float32


def test_cache_lookup_on_empty_cache_finds_nothing(tmp_path):
    found, vecs = EmbeddingCache(tmp_path).lookup("nobody", text_keys(["a", "b"]))
    assert found.tolist() == [False, False]
    assert len(vecs) == 2


def test_cache_rejects_a_different_dimension_under_the_same_name(tmp_path):
    cache = EmbeddingCache(tmp_path)
    cache.store("m", text_keys(["a"]), np.ones((1, 4), np.float32))
    with pytest.raises(EmbeddingCacheError, match="dim 4") as info:
        cache.store("m", text_keys(["b"]), np.ones((1, 3), np.float32))
    assert isinstance(info.value, VoicesError)
    assert "Fix: delete" in str(info.value)


def test_cache_ignores_a_corrupt_shard(tmp_path):
    cache, emb = EmbeddingCache(tmp_path), HashEmbedder()
    cached_embed(emb, ["a"], cache)
    (cache.folder(emb.name) / "0-bad.keys.npy").write_bytes(b"not numpy")
    (cache.folder(emb.name) / "0-bad.vecs.npy").write_bytes(b"not numpy")
    stats: dict[str, int] = {}
    cached_embed(emb, ["a"], cache, stats=stats)
    assert stats["from_cache"] == 1


def test_cache_ignores_vectors_whose_keys_were_never_committed(tmp_path):
    cache = EmbeddingCache(tmp_path)
    folder = cache.folder("m")
    folder.mkdir(parents=True)
    np.save(folder / "1-orphan.vecs.npy", np.ones((1, 2), np.float32))
    assert cache.count("m") == 0


def test_cache_compact_merges_shards_and_drops_duplicates(tmp_path):
    cache, emb = EmbeddingCache(tmp_path), HashEmbedder()
    for batch in (["a", "b"], ["c"], ["d"]):
        cached_embed(emb, batch, cache)
    cache.store(emb.name, text_keys(["a"]), emb.embed(["a"]))  # a redundant entry, as a race would leave
    assert cache.shard_count(emb.name) == 4
    assert cache.compact(emb.name) == 4
    assert cache.shard_count(emb.name) == 1
    np.testing.assert_array_equal(cached_embed(emb, ["d", "a"], cache), emb.embed(["d", "a"]))


def _worker(directory: str, start: int) -> None:
    emb = HashEmbedder()
    cache = EmbeddingCache(directory)
    for k in range(5):
        texts = [f"t{i}" for i in range(start + k * 40, start + k * 40 + 120)]
        cached_embed(emb, texts, cache, flush_every=30)
        if k == 2:
            cache.compact(emb.name)


def test_cache_survives_concurrent_writers_and_compaction(tmp_path):
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_worker, args=(str(tmp_path), s)) for s in (0, 50, 100)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    emb = HashEmbedder()
    texts = [f"t{i}" for i in range(0, 380)]
    stats: dict[str, int] = {}
    out = cached_embed(emb, texts, EmbeddingCache(tmp_path), stats=stats)
    assert stats["from_cache"] == 380
    np.testing.assert_array_equal(out, emb.embed(texts))


def test_cached_embed_goes_on_when_the_cache_cannot_be_written(tmp_path, monkeypatch, caplog):
    cache, emb = EmbeddingCache(tmp_path), HashEmbedder()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache, "store", disk_full)
    out = cached_embed(emb, ["a", "b", "c"], cache, flush_every=1)
    np.testing.assert_array_equal(out, emb.embed(["a", "b", "c"]))
    assert "Cannot write the embedding cache" in caplog.text
    assert caplog.text.count("Cannot write") == 1
