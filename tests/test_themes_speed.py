"""What keeps the themes stage fast at 100k-1M segments: exact top-k, capped stability, lemma cache, compact ids."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import make_segments
from themes_data import planted, planted_texts
from voices.corpus import Corpus
from voices.stage import RunContext
from voices.themes.assign import neighbour_vote, vote
from voices.themes.errors import ThemeError
from voices.themes.graph import _top_k, nearest, unit_rows
from voices.themes.lemmas import CachedTokeniser, LemmaCache
from voices.themes.model import ThemeModel
from voices.themes.selection import class_sums
from voices.themes.stability import stability
from voices.themes.stage import Themes
from voices.themes.tokens import RegexTokeniser


def _reference_top_k(s: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Full sort, by decreasing value then lower column: the definition the fast path must match."""
    order = np.lexsort((np.broadcast_to(np.arange(s.shape[1]), s.shape), -s), axis=1)[:, :k]
    return order, np.take_along_axis(s, order, axis=1)


@pytest.mark.parametrize("probe", [3, 8, 50, 1000])
def test_graph_top_k_is_exact_whatever_the_probe(probe: int) -> None:
    rng = np.random.default_rng(probe)
    s = rng.normal(size=(40, 200)).astype(np.float32)
    s[:, 150:160] = s[:, :10]  # ties: equal values at a lower and a higher column
    s[5] = 0.5  # a row of equal values
    idx, vals = _top_k(s, 3, probe=probe)
    want_idx, want_vals = _reference_top_k(s, 3)
    assert np.array_equal(idx, want_idx) and np.array_equal(vals, want_vals)


def test_graph_nearest_breaks_ties_by_lower_index_and_leaves_out_self() -> None:
    x = unit_rows(np.repeat(np.random.default_rng(0).normal(size=(3, 4)), 4, axis=0))
    idx, sim = nearest(x, x, 3, exclude_self=True, block=5)
    assert idx[0].tolist() == [1, 2, 3] and idx[5].tolist() == [4, 6, 7]
    assert np.allclose(sim[:, 0], 1.0, atol=1e-6)


def test_assign_vote_from_neighbours_matches_vote() -> None:
    x, truth = planted(k=3, per=20)
    x = unit_rows(x)
    idx, sim = nearest(x, x, 5)
    assert np.array_equal(
        neighbour_vote(idx, sim, truth, 3), vote(x, reference=x, reference_labels=truth, n_themes=3, n_neighbors=5)
    )


def test_selection_class_sums_equal_add_at() -> None:
    rng = np.random.default_rng(1)
    x, labels, w = rng.normal(size=(500, 7)), rng.integers(0, 6, 500), rng.random(500)
    want = np.zeros((6, 7))
    np.add.at(want, labels, x * w[:, None])
    assert np.array_equal(class_sums(x, labels, 6, w), want)


def test_assign_subthemes_are_compact() -> None:
    x, _ = planted(k=3, per=80)
    model = ThemeModel(min_themes=3, max_themes=3, seed=0).fit(x)
    assert model.assignment_.subthemes.dtype == np.int16
    frame = model.assignment_.to_frame([f"s{i}" for i in range(len(x))])
    assert frame["subtheme_id"].dtype == np.int64


def test_stability_caps_the_refit_sample_and_says_so() -> None:
    x, _ = planted(k=5, per=60)
    model = ThemeModel(max_subthemes=0, seed=0).fit(x)
    capped = stability(model, x, runs=2, max_sample=150, seed=0)
    assert capped.sample == 150 and capped.to_dict()["sample"] == 150
    assert capped.agreement > 0.9 and min(capped.per_theme.values()) > 0.85
    assert capped.to_dict() == stability(model, x, runs=2, max_sample=150, seed=0).to_dict()
    whole = stability(model, x, runs=2, seed=0)
    assert whole.sample == len(x)


def test_stability_rejects_a_tiny_sample_with_a_fix() -> None:
    x, _ = planted(k=3, per=20)
    model = ThemeModel(max_subthemes=0, seed=0).fit(x)
    with pytest.raises(ThemeError, match="Fix"):
        stability(model, x, max_sample=1)


class _CountingTokeniser(RegexTokeniser):
    """Plain words, counting the texts it sees; has a ``cache_name`` so the stage caches it like spaCy's."""

    cache_name = "counting-regex-v1"

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def __call__(self, texts):  # type: ignore[no-untyped-def,override]
        self.seen += len(texts)
        return super().__call__(texts)


def test_lemmas_cache_serves_repeated_texts(tmp_path: Path) -> None:
    inner = _CountingTokeniser()
    cached = CachedTokeniser(inner, LemmaCache(tmp_path))
    texts = ["Buses late again", "Litter in the park", "Buses late again"]
    first = cached(texts)
    assert first == RegexTokeniser()(texts) and inner.seen == 2  # the repeat is tokenised once
    again = CachedTokeniser(inner, LemmaCache(tmp_path))(["Litter in the park", "New text here"])
    assert again == [["litter", "park"], ["new", "text"]] and inner.seen == 3


def test_lemmas_cache_refuses_a_folder_of_another_tokeniser(tmp_path: Path) -> None:
    cache = LemmaCache(tmp_path)
    cache.store("a", np.zeros((1, 2), np.uint64), [["x"]])
    cache.folder("b").mkdir(parents=True)
    (cache.folder("b") / "tokeniser.json").write_text('{"name": "a", "format": 1}')
    with pytest.raises(ThemeError, match="Fix"):
        cache.store("b", np.zeros((1, 2), np.uint64), [["x"]])


def test_lemmas_cache_compacts_many_shards(tmp_path: Path) -> None:
    cache = LemmaCache(tmp_path)
    for i in range(40):
        cache.store("t", np.array([[i, 0], [0, 0]], np.uint64), [[f"w{i}"], ["zero"]])
    assert len(list(cache.folder("t").glob("*.keys.npy"))) <= 32
    found = cache.lookup("t", np.array([[39, 0], [0, 0], [99, 0]], np.uint64))
    assert found == [["w39"], ["zero"], None]


def test_stage_lemma_cache_gives_identical_tables_on_a_warm_run(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import voices.themes.stage as stage_module

    inner = _CountingTokeniser()
    monkeypatch.setattr(stage_module, "make_tokeniser", lambda kind: inner)
    x, truth = planted(k=4, per=30, seed=2)
    corpus = Corpus(make_segments(planted_texts(truth)), privacy="anonymised").with_array("embeddings", x)
    cold_ctx, warm_ctx = RunContext(seed=0, cache_dir=tmp_path), RunContext(seed=0, cache_dir=tmp_path)
    cold = Themes(stability_runs=1)(corpus, cold_ctx)
    seen = inner.seen
    warm = Themes(stability_runs=1)(corpus, warm_ctx)
    assert seen > 0 and inner.seen == seen  # the warm run tokenised nothing
    assert cold_ctx.stats["lemmas_from_cache"] == 0 and warm_ctx.stats["lemmatised"] == 0
    assert (tmp_path / "lemmas").is_dir()
    pd.testing.assert_frame_equal(cold.tables["themes"], warm.tables["themes"])
    pd.testing.assert_frame_equal(cold.tables["assignments"], warm.tables["assignments"])
    no_cache = Themes(stability_runs=1)(corpus, RunContext(seed=0))
    pd.testing.assert_frame_equal(cold.tables["themes"], no_cache.tables["themes"])


def test_stage_stability_sample_is_recorded() -> None:
    x, truth = planted(k=4, per=40, seed=2)
    corpus = Corpus(make_segments(planted_texts(truth)), privacy="anonymised").with_array("embeddings", x)
    out = Themes(tokeniser="regex", stability_runs=1, stability_sample=100)(corpus, RunContext(seed=0))
    assert out.artifacts["themes_quality"]["groups"]["all"]["stability"]["sample"] == 100


@pytest.mark.parametrize("n", [30, 400])
def test_ward_compiled_tree_equals_scikit_learn(n: int) -> None:
    import warnings

    from scipy.sparse.csgraph import connected_components
    from sklearn.cluster import AgglomerativeClustering

    from voices.themes.graph import diffusion_map, knn_graph
    from voices.themes.ward import connected_ward

    x = unit_rows(np.random.default_rng(n).normal(size=(n, 12)))
    graph = knn_graph(x, 6)
    assert connected_components(graph)[0] == 1
    coords = diffusion_map(graph, dims=8)
    children, distances = connected_ward(coords, graph)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = AgglomerativeClustering(
            n_clusters=None, distance_threshold=0.0, linkage="ward", connectivity=graph, compute_full_tree=True
        ).fit(coords)
    assert np.array_equal(children, tree.children_) and np.array_equal(distances, tree.distances_)


def test_ward_disconnected_graph_still_gives_a_full_tree() -> None:
    import scipy.sparse as sp

    from voices.themes.selection import ward_tree
    from voices.themes.ward import connected_ward

    coords = np.array([[0.0], [0.1], [5.0], [5.1]])
    graph = sp.csr_matrix(np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], float))
    tree = ward_tree(coords, graph)
    assert tree.shape == (3, 4) and tree[-1, 3] == 4
    with pytest.raises(ThemeError, match="Fix"):
        connected_ward(coords, graph)
