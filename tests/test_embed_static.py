"""StaticEmbedder (model2vec) and the fast model distilled once into the cache folder."""

from __future__ import annotations

import json
import os
import sys
import types

import numpy as np
import pytest

from embed_fakes import save_tiny_static_model
from voices.embed import StaticEmbedder
from voices.embed.distilled import MANIFEST, DistillationError, fast_model_dir, fast_model_name


@pytest.fixture
def fake_distill(monkeypatch, tmp_path):
    """Replace model2vec.distill with a counter that saves a tiny model (the real one takes ~2 minutes)."""
    calls: list[str] = []

    class Saved:
        def save_pretrained(self, path):
            save_tiny_static_model(__import__("pathlib").Path(path))

    def distill(model_name, pca_dims=256, **kwargs):
        calls.append(model_name)
        return Saved()

    monkeypatch.setitem(sys.modules, "model2vec.distill", types.SimpleNamespace(distill=distill))
    return calls


def test_static_embedder_loads_a_model2vec_folder(tmp_path):
    embedder = StaticEmbedder(save_tiny_static_model(tmp_path / "tiny"))
    out = embedder.embed(["bins", "roads and bins", ""])
    assert out.shape == (3, 8) and out.dtype == np.float32
    assert np.allclose(np.linalg.norm(out[:2], axis=1), 1.0, atol=1e-5)
    assert embedder.dim == 8
    assert embedder.name.startswith("model2vec:tiny:")


def test_static_embedder_averages_every_token_of_long_texts(tmp_path):
    embedder = StaticEmbedder(save_tiny_static_model(tmp_path / "tiny"))
    head = "the council should fix the roads " * 120  # > 512 tokens
    a, b = embedder.embed([head, head + "libraries food banks buses " * 200])
    assert float(a @ b) < 0.99


def test_static_embedder_reports_progress(tmp_path):
    embedder = StaticEmbedder(save_tiny_static_model(tmp_path / "tiny"))
    seen: list[tuple[int, int]] = []
    embedder.embed([f"t{i}" for i in range(10)], progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (10, 10)


def test_fast_model_built_once_and_reused(tmp_path, fake_distill):
    first = fast_model_dir(tmp_path)
    second = fast_model_dir(tmp_path)
    assert first == second and len(fake_distill) == 1
    manifest = json.loads((first / MANIFEST).read_text())
    assert manifest["recipe"] == "model2vec.distill" and manifest["pca_dims"] == 256
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_fast_embedder_name_is_known_without_building(tmp_path, fake_distill):
    embedder = StaticEmbedder("fast", models_dir=tmp_path)
    assert embedder.name == f"model2vec:fast:{fast_model_name(256)}"
    assert embedder.dim == 256
    assert fake_distill == []


def test_fast_model_failed_build_leaves_nothing_behind(tmp_path, monkeypatch):
    def distill(model_name, pca_dims=256, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setitem(sys.modules, "model2vec.distill", types.SimpleNamespace(distill=distill))
    with pytest.raises(DistillationError, match="Fix:"):
        fast_model_dir(tmp_path)
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == []


def test_fast_model_missing_distill_extra_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "model2vec.distill", None)
    with pytest.raises(DistillationError, match=r"model2vec\[distill\]"):
        fast_model_dir(tmp_path)


@pytest.mark.slow
def test_fast_model_real_distillation_offline_then_reused(tmp_path, monkeypatch):
    """Distils the real fast model from the installed MiniLM with the hub forced offline (~1.5–3 min)."""
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    embedder = StaticEmbedder("fast", models_dir=tmp_path)
    out = embedder.embed(["The bins were not collected", "Rubbish collection was missed again", "I love the park"])
    assert out.shape == (3, 256)
    assert float(out[0] @ out[1]) > float(out[0] @ out[2])
    built = embedder.directory
    stamp = (built / MANIFEST).stat().st_mtime_ns

    def no_second_build(*args, **kwargs):
        raise AssertionError("the fast model was distilled twice")

    monkeypatch.setitem(sys.modules, "model2vec.distill", types.SimpleNamespace(distill=no_second_build))
    again = StaticEmbedder("fast", models_dir=tmp_path)
    np.testing.assert_array_equal(again.embed(["The bins were not collected"])[0], out[0])
    assert (built / MANIFEST).stat().st_mtime_ns == stamp
