"""make_embedder: default, fast, folders of either kind, cached names, and clear errors."""

from __future__ import annotations

import json

import pytest

from embed_fakes import save_tiny_static_model
from voices.embed import SentenceTransformerEmbedder, StaticEmbedder, make_embedder
from voices.embed.locations import ModelNotFoundError, default_model_dir
from voices.errors import VoicesError


def test_make_embedder_default_is_the_packaged_minilm():
    embedder = make_embedder("default")
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.directory == default_model_dir()


def test_make_embedder_fast_is_static_and_builds_nothing_yet(tmp_path):
    embedder = make_embedder("fast", models_dir=tmp_path)
    assert isinstance(embedder, StaticEmbedder)
    assert list(tmp_path.iterdir()) == []


def test_make_embedder_detects_a_model2vec_folder(tmp_path):
    assert isinstance(make_embedder(str(save_tiny_static_model(tmp_path / "m2v"))), StaticEmbedder)


def test_make_embedder_detects_a_sentence_transformers_folder():
    embedder = make_embedder(str(default_model_dir()))
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.name == make_embedder("default").name  # the same model, the same cache key


def test_make_embedder_missing_path_says_what_was_tried_and_the_fix(tmp_path):
    with pytest.raises(ModelNotFoundError) as info:
        make_embedder(str(tmp_path / "no-such-model"))
    message = str(info.value)
    assert isinstance(info.value, VoicesError)
    assert "no-such-model" in message and "does not exist" in message and "Fix:" in message


def test_make_embedder_unknown_name_is_looked_up_offline_only(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf"))
    with pytest.raises(ModelNotFoundError, match="local Hugging Face cache") as info:
        make_embedder("not-a-real-org/not-a-real-model")
    assert "never downloads" in str(info.value)


def test_make_embedder_rejects_a_folder_with_no_model(tmp_path):
    (tmp_path / "notes.txt").write_text("hi")
    with pytest.raises(ModelNotFoundError, match="found neither"):
        make_embedder(str(tmp_path))


def test_make_embedder_rejects_a_broken_config(tmp_path):
    (tmp_path / "config.json").write_text("{not json")
    with pytest.raises(ModelNotFoundError, match="invalid JSON"):
        make_embedder(str(tmp_path))


def test_make_embedder_sentence_folder_needs_no_model2vec_marker(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert"}))
    assert isinstance(make_embedder(str(tmp_path)), SentenceTransformerEmbedder)
