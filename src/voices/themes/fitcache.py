"""Remembering theme fits: the same embeddings, parameters, seed and code give the same fitted model.

A theme fit (sample, graph, Ward tree, choice of k, refinement, sub-themes) and its stability refits are
deterministic functions of the group's embeddings, the model parameters, the seed and voices' code. A re-run over
the same data with the same settings (to rebuild a report, say) can therefore reload the fitted model and its
stability report instead of fitting again. Assignment, labels, keywords, quotes and descriptions are always
recomputed from the reloaded model, which assigns exactly as the fitted one did
(:func:`~voices.themes.persist.from_state`).

The cache stores the model's state (indices into the group's rows, theme labels of the fitted sample, floors,
k scores) and the stability report: numbers, no text and no vectors. It lives in the run's ``cache_dir``
(``<cache_dir>/theme_fits``), one JSON file per fit, and is used only when the pipeline sets ``cache_dir``.

Example:
    >>> import numpy as np, tempfile
    >>> cache = FitCache(tempfile.mkdtemp())
    >>> x = np.random.default_rng(0).normal(size=(40, 8)).astype(np.float32)
    >>> key = cache.key(x, {"seed": 0}, {"runs": 3})
    >>> cache.load(key, x) is None
    True
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from pathlib import Path
from typing import Any

import numpy as np

from voices.themes.model import ThemeModel
from voices.themes.stability import StabilityReport

log = logging.getLogger(__name__)

FORMAT = 1


def report_from_dict(data: dict[str, Any]) -> StabilityReport:
    """The :class:`StabilityReport` written by :meth:`StabilityReport.to_dict`."""
    return StabilityReport(
        agreement=float(data["between_run_ari"]),
        agreements=[float(a) for a in data["between_run_ari_each"]],
        per_theme={int(k): float(v) for k, v in data["per_theme"].items()},
        runs=int(data["runs"]),
        fraction=float(data["fraction"]),
        sample=int(data["sample"]),
    )


class FitCache:
    """Fitted theme models and their stability reports, keyed by embeddings, parameters and code.

    Args:
        directory: the cache folder (created on first write).
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def __repr__(self) -> str:
        return f"FitCache({str(self.directory)!r})"

    def key(self, x: np.ndarray, params: dict[str, Any], stability: dict[str, Any]) -> str:
        """SHA-256 of the embeddings (shape, dtype, bytes), the model and stability parameters and voices' code."""
        from voices.anonymise.memo import package_fingerprint

        h = hashlib.sha256(f"voices.theme_fit.v{FORMAT}".encode())
        h.update(package_fingerprint().encode())
        h.update(json.dumps([params, stability], sort_keys=True, default=str).encode())
        arr = np.ascontiguousarray(x)
        h.update(f"{arr.shape}|{arr.dtype}".encode())
        h.update(arr.view(np.uint8).reshape(-1).data)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def load(self, key: str, x: np.ndarray) -> tuple[ThemeModel, StabilityReport | None] | None:
        """The model (with ``assignment_`` recomputed on ``x``) and stability report, or None when absent."""
        from voices.themes.persist import from_state

        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("theme fit cache entry %s is unreadable (%s); fitting again", key[:12], exc)
            return None
        if data.get("format") != FORMAT:
            return None
        model = from_state(data["state"], x)
        model.assignment_ = model.assign(x)
        model.labels_ = model.assignment_.primary
        report = report_from_dict(data["stability"]) if data.get("stability") else None
        return model, report

    def save(self, key: str, model: ThemeModel, report: StabilityReport | None) -> None:
        """Store a fit (atomically; failures are logged, never fatal)."""
        from voices.themes.persist import to_state

        payload = {"format": FORMAT, "state": to_state(model), "stability": report.to_dict() if report else None}
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
            tmp.write_text(json.dumps(payload), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("cannot write the theme fit cache at %s (%s); continuing without it", self.directory, exc)
