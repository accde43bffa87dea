"""Deductive mode: segments map to a codebook (several codes each) and uncovered themes are discovered."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voices.embed.protocol import l2_normalise
from voices.themes.deductive import CodebookModel, read_codebook
from voices.themes.errors import ThemeError


def _corpus(seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = l2_normalise(rng.normal(size=(4, 32)))
    truth = np.repeat(np.arange(4), 50)
    x = l2_normalise(centres[truth] + 0.12 * rng.normal(size=(200, 32)))
    return x, truth, centres


def test_deductive_maps_segments_to_their_code() -> None:
    x, truth, centres = _corpus()
    book = CodebookModel(min_similarity=0.5, seed=0).fit(x, centres[:3])
    covered = truth < 3
    assert (book.labels_[covered] == truth[covered]).mean() > 0.95


def test_deductive_discovers_what_the_codebook_misses() -> None:
    x, truth, centres = _corpus()
    book = CodebookModel(min_similarity=0.5, seed=0).fit(x, centres[:3])
    assert book.n_discovered_ >= 1
    assert (book.labels_[truth == 3] >= 3).mean() > 0.9
    assert (book.labels_[truth < 3] < 3).mean() > 0.95


def test_deductive_carries_several_codes_for_a_mixed_segment() -> None:
    x, _, centres = _corpus()
    book = CodebookModel(min_similarity=0.5, seed=0).fit(x, centres[:3])
    mixed = l2_normalise((centres[0] + centres[1])[None, :])
    result = book.assign(mixed)
    assert {0, 1} <= set(np.flatnonzero(result.members[0]))


def test_deductive_without_discovery_leaves_uncovered_unassigned() -> None:
    x, truth, centres = _corpus()
    book = CodebookModel(min_similarity=0.5, discover=False, seed=0).fit(x, centres[:3])
    assert book.n_discovered_ == 0
    assert (book.labels_[truth == 3] == -1).mean() > 0.9


def test_deductive_reads_codebooks(tmp_path: Path) -> None:
    csv = tmp_path / "book.csv"
    csv.write_text("code_id,name,description\nT1,Transport,buses and trains\nH1,Housing,\n", encoding="utf-8")
    codes = read_codebook(csv)
    assert [(c.code_id, c.text) for c in codes] == [("T1", "Transport: buses and trains"), ("H1", "Housing")]
    assert [c.name for c in read_codebook(["A", "B"])] == ["A", "B"]


def test_deductive_codebook_errors_say_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ThemeError, match="name"):
        read_codebook([{"what": "x"}])
    with pytest.raises(ThemeError, match="duplicates"):
        read_codebook(["Bus", "bus"])
    with pytest.raises(ThemeError, match="no such file"):
        read_codebook(tmp_path / "missing.csv")


def test_deductive_code_embeddings_must_match_width() -> None:
    x, _, _ = _corpus()
    with pytest.raises(ThemeError, match="same embedder"):
        CodebookModel().fit(x, np.ones((2, 5), dtype=np.float32))
