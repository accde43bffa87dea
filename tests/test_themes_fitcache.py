"""The theme fit cache: a re-run over the same embeddings and settings reloads the fit and gives the same output."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from conftest import make_segments
from themes_data import planted, planted_texts
from voices.corpus import Corpus
from voices.stage import RunContext
from voices.themes.fitcache import FitCache
from voices.themes.stage import Themes


def _corpus(seed: int = 2) -> Corpus:
    x, truth = planted(k=4, per=30, seed=seed)
    return Corpus(make_segments(planted_texts(truth)), privacy="anonymised").with_array("embeddings", x)


def _run(corpus: Corpus, cache: Path | None, seed: int = 0, **kw) -> tuple[Corpus, RunContext]:  # type: ignore[no-untyped-def]
    ctx = RunContext(seed=seed, cache_dir=cache)
    return Themes(tokeniser="regex", stability_runs=2, **kw)(corpus, ctx), ctx


def test_rerun_reloads_the_fit_and_gives_identical_output(tmp_path: Path) -> None:
    corpus = _corpus()
    cold, cold_ctx = _run(corpus, tmp_path)
    warm, warm_ctx = _run(corpus, tmp_path)
    plain, _ = _run(corpus, None)
    assert cold_ctx.stats.get("fits") == 1 and "fits_from_cache" not in cold_ctx.stats
    assert warm_ctx.stats.get("fits_from_cache") == 1 and "fits" not in warm_ctx.stats
    for name in ("themes", "assignments"):
        pd.testing.assert_frame_equal(warm.tables[name], cold.tables[name])
        pd.testing.assert_frame_equal(plain.tables[name], cold.tables[name])
    for name in ("themes_quality", "theme_models"):
        assert json.dumps(warm.artifacts[name], sort_keys=True, default=str) == json.dumps(
            cold.artifacts[name], sort_keys=True, default=str
        )
    stability = cold.artifacts["themes_quality"]["groups"]
    assert any("stability" in g for g in stability.values()), "the stability report was not measured"


def test_fit_cache_misses_when_embeddings_parameters_or_seed_change(tmp_path: Path) -> None:
    _run(_corpus(), tmp_path)
    for corpus, seed, kw in ((_corpus(seed=3), 0, {}), (_corpus(), 1, {}), (_corpus(), 0, {"max_themes": 6})):
        _, ctx = _run(corpus, tmp_path, seed=seed, **kw)
        assert ctx.stats.get("fits") == 1 and "fits_from_cache" not in ctx.stats


def test_fit_cache_holds_no_text_or_vectors(tmp_path: Path) -> None:
    corpus = _corpus()
    _run(corpus, tmp_path)
    files = list((tmp_path / "theme_fits").glob("*.json"))
    assert len(files) == 1
    content = files[0].read_text()
    for text in corpus.segments["text"]:
        assert text not in content
    data = json.loads(content)
    assert set(data) == {"format", "state", "stability"}
    assert "reference" not in data["state"], "vectors must come from the run's embeddings, not the cache"


def test_key_depends_on_every_input(tmp_path: Path) -> None:
    cache = FitCache(tmp_path)
    x = np.random.default_rng(0).normal(size=(20, 4)).astype(np.float32)
    base = cache.key(x, {"seed": 0}, {"runs": 3})
    y = x.copy()
    y[3, 2] += 1e-6
    assert cache.key(y, {"seed": 0}, {"runs": 3}) != base
    assert cache.key(x, {"seed": 1}, {"runs": 3}) != base
    assert cache.key(x, {"seed": 0}, {"runs": 2}) != base
    assert cache.key(x.copy(), {"seed": 0}, {"runs": 3}) == base
