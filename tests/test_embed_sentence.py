"""SentenceTransformerEmbedder with the real, locally installed all-MiniLM-L6-v2."""

from __future__ import annotations

import numpy as np
import pytest

from voices.embed import SentenceTransformerEmbedder


@pytest.fixture(scope="module")
def minilm() -> SentenceTransformerEmbedder:
    embedder = SentenceTransformerEmbedder("default", max_seq_length=32)
    embedder.embed(["warm up"])
    return embedder


def test_sentence_embedder_returns_float32_unit_rows(minilm):
    out = minilm.embed(["The bins were not collected.", "Parking is a nightmare", ""])
    assert out.shape == (3, 384) and out.dtype == np.float32
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    assert minilm.dim == 384


def test_sentence_embedder_keeps_input_order_despite_length_sorting(minilm):
    texts = ["a much longer sentence about the state of the roads in the borough", "short", "medium length text"]
    together = minilm.embed(texts, batch_size=2)
    alone = np.vstack([minilm.embed([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_sentence_embedder_chunks_long_texts_and_pools_by_tokens(minilm):
    first = " ".join(["The library in our town closed last year and children have nowhere to go."] * 2)
    second = "Buses to the hospital are too expensive for people on benefits."
    long_text = f"{first} {second}"
    count = minilm._token_counter()
    n1, n2 = count([first, second])
    assert n1 + n2 > 30  # longer than the 32-token window minus [CLS] and [SEP]
    pieces = minilm.embed([first, second])
    expected = (n1 * pieces[0] + n2 * pieces[1]) / np.linalg.norm(n1 * pieces[0] + n2 * pieces[1])
    pooled = minilm.embed([long_text])[0]
    np.testing.assert_allclose(pooled, expected, atol=1e-4)


def test_sentence_embedder_sees_text_beyond_the_window(minilm):
    start = "The council should fix the potholes on the high street before winter. " * 3
    a = minilm.embed([start + "Libraries matter."])[0]
    b = minilm.embed([start + "Food banks are overwhelmed and families are going hungry every week."])[0]
    assert float(a @ b) < 0.995


def test_sentence_embedder_name_carries_model_window_and_chunking():
    name = SentenceTransformerEmbedder("default", max_seq_length=128).name
    assert name.startswith("sentence-transformers:all-MiniLM-L6-v2:")
    assert name.endswith(":seq128:c1")
    assert SentenceTransformerEmbedder("default", max_seq_length=64).name != name
