"""Persistence as data: a saved model reloads and assigns exactly as the fitted one; nothing is pickled."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from themes_data import planted
from voices.themes.errors import ThemeError
from voices.themes.model import ThemeModel
from voices.themes.persist import from_state, load, save, to_state


@pytest.fixture(scope="module")
def fitted() -> tuple[ThemeModel, np.ndarray]:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(5, 24))
    subs = np.concatenate([c + 0.3 * rng.normal(size=(3, 24)) for c in centres])
    x = subs[np.repeat(np.arange(15), 30)] + 0.3 * rng.normal(size=(450, 24))
    return ThemeModel(max_fit_size=300, seed=1).fit(x.astype(np.float32)), x.astype(np.float32)


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    for field in ("primary", "probabilities", "similarity", "members", "subthemes"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field


def test_persist_round_trip_assigns_exactly(fitted: tuple[ThemeModel, np.ndarray], tmp_path: Path) -> None:
    model, x = fitted
    again = load(save(model, tmp_path / "model"))
    new = (x[:50] + 0.05).astype(np.float32)
    _same(model.assign(x), again.assign(x))
    _same(model.assign(new), again.assign(new))
    assert again.get_params() == model.get_params()
    assert again.k_scores_ == model.k_scores_ and again.n_themes_ == model.n_themes_


def test_persist_writes_only_json_and_npy(fitted: tuple[ThemeModel, np.ndarray], tmp_path: Path) -> None:
    save(fitted[0], tmp_path)
    assert {p.suffix for p in tmp_path.iterdir()} == {".json", ".npy"}
    for npy in tmp_path.glob("*.npy"):
        np.load(npy, allow_pickle=False)
    meta = json.loads((tmp_path / "model.json").read_text())
    assert meta["format"] == "voices.themes.model" and meta["params"]["seed"] == 1


def test_persist_state_round_trip_uses_the_run_embeddings(fitted: tuple[ThemeModel, np.ndarray]) -> None:
    model, x = fitted
    state = json.loads(json.dumps(to_state(model)))  # what a run directory stores
    _same(model.assign(x), from_state(state, x).assign(x))


def test_persist_load_explains_a_wrong_folder(tmp_path: Path) -> None:
    with pytest.raises(ThemeError, match="model.json"):
        load(tmp_path)
    (tmp_path / "model.json").write_text(json.dumps({"format": "other"}))
    with pytest.raises(ThemeError, match="format"):
        load(tmp_path)


def test_persist_state_needs_the_fitted_rows(fitted: tuple[ThemeModel, np.ndarray]) -> None:
    with pytest.raises(ThemeError, match="embeddings"):
        from_state(to_state(fitted[0]), fitted[1][:10])


def test_persist_unfitted_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ThemeError):
        save(ThemeModel(), tmp_path)


def test_persist_is_stable_for_planted_data(tmp_path: Path) -> None:
    x, _ = planted(k=4, per=30)
    model = ThemeModel(seed=0).fit(x)
    assert np.array_equal(load(save(model, tmp_path)).assign(x).primary, model.labels_)
