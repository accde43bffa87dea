"""Chunking long texts into windows and pooling them back."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from voices.embed.chunking import plan_chunks, split_long, split_sentences


def words(texts):
    return [len(t.split()) for t in texts]


def test_chunking_leaves_short_texts_whole():
    plan = plan_chunks(["a b", "c"], words, max_tokens=5)
    assert plan.pieces == ["a b", "c"]
    assert plan.owner.tolist() == [0, 1]


def test_chunking_splits_on_sentence_boundaries():
    text = "One two three. Four five. Six seven eight nine."
    windows = split_long(text, words, max_tokens=5)
    assert windows == [("One two three. Four five.", 5), ("Six seven eight nine.", 4)]


def test_chunking_falls_back_to_words_for_a_long_sentence():
    text = "a b c d e f g"
    assert split_long(text, words, max_tokens=3) == [("a b c", 3), ("d e f", 3), ("g", 1)]


def test_chunking_splits_on_line_breaks():
    assert split_sentences("Roads\n\nBins are bad! Parking?") == ["Roads", "Bins are bad!", "Parking?"]


def test_chunk_pooling_is_token_weighted_mean_renormalised():
    plan = plan_chunks(["a b c. d", "e"], words, max_tokens=3)
    assert plan.owner.tolist() == [0, 0, 1]
    assert plan.weight.tolist() == [3.0, 1.0, 1.0]
    vecs = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]], dtype=np.float32)
    pooled = plan.pool(vecs)
    expected = np.array([3.0, 1.0]) / np.linalg.norm([3.0, 1.0])
    assert np.allclose(pooled[0], expected)
    assert np.allclose(pooled[1], [0.0, 1.0])


def test_chunking_gives_every_text_a_piece_even_when_empty():
    plan = plan_chunks(["", "   ", "x"], words, max_tokens=2)
    assert sorted(set(plan.owner.tolist())) == [0, 1, 2]
    assert (plan.weight >= 1).all()


text_st = st.lists(
    st.text(alphabet=st.sampled_from(list("abc .!?\n")), min_size=0, max_size=80), min_size=0, max_size=8
)


@given(text_st, st.integers(1, 6))
def test_chunking_keeps_every_word_in_order_within_budget(texts, budget):
    plan = plan_chunks(texts, words, max_tokens=budget)
    assert len(plan.pieces) >= len(texts)
    assert plan.owner.tolist() == sorted(plan.owner.tolist())
    for i, text in enumerate(texts):
        mine = [p for p, o in zip(plan.pieces, plan.owner, strict=True) if o == i]
        assert " ".join(mine).split() == text.split()
        assert all(len(p.split()) <= budget for p in mine)
