"""Stability: clear themes come back on resamples; a structureless cloud's themes do not."""

from __future__ import annotations

import numpy as np

from themes_data import planted
from voices.embed.protocol import l2_normalise
from voices.themes.model import ThemeModel
from voices.themes.stability import best_match_jaccard, stability


def test_stability_high_for_planted_themes() -> None:
    x, _ = planted(k=5, per=50)
    model = ThemeModel(max_subthemes=0, seed=0).fit(x)
    report = stability(model, x, runs=2, seed=0)
    assert report.agreement > 0.95 and min(report.per_theme.values()) > 0.9
    assert set(report.to_dict()) >= {"between_run_ari", "per_theme", "runs"}


def test_stability_low_for_noise() -> None:
    x = l2_normalise(np.random.default_rng(0).normal(size=(300, 24)))
    model = ThemeModel(max_subthemes=0, seed=0).fit(x)
    report = stability(model, x, runs=2, seed=0)
    assert report.agreement < 0.7


def test_stability_is_reproducible_under_a_seed() -> None:
    x, _ = planted(k=5, per=40, noise=1.5)
    model = ThemeModel(max_subthemes=0, seed=0).fit(x)
    assert stability(model, x, runs=2, seed=3).to_dict() == stability(model, x, runs=2, seed=3).to_dict()


def test_stability_best_match_jaccard() -> None:
    assert best_match_jaccard(np.array([0, 0, 1, -1]), np.array([2, 2, -1, 1]), 2) == {0: 1.0, 1: 0.0}
