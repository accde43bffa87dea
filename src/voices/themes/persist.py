"""Persistence as data: a fitted :class:`~voices.themes.model.ThemeModel` is parameters plus arrays.

``save`` writes ``model.json`` (parameters and small learned values) and NumPy ``.npy`` arrays (the reference
sample and its labels); ``load`` rebuilds the model from them, recomputing centres with the same code, so a
reloaded model assigns every segment exactly as the fitted one did. Nothing is pickled.

Inside a run, :func:`to_state` gives a JSON-serialisable state that refers to the reference rows by index into the
run's own ``embeddings`` array instead of copying them; :func:`from_state` rebuilds the model from it.

Example:
    >>> import numpy as np, tempfile
    >>> from voices.themes.model import ThemeModel
    >>> rng = np.random.default_rng(0)
    >>> x = np.repeat(rng.normal(size=(5, 16)), 30, axis=0) + 0.3 * rng.normal(size=(150, 16))
    >>> model = ThemeModel(seed=0).fit(x)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     again = load(save(model, d))
    >>> bool(np.array_equal(again.assign(x).probabilities, model.assign(x).probabilities))
    True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from voices.themes.errors import ThemeError
from voices.themes.graph import unit_rows
from voices.themes.model import ThemeModel

FORMAT = "voices.themes.model"
FORMAT_VERSION = 1
_ARRAYS = ("reference", "reference_labels", "reference_subthemes", "subtheme_parent", "floors", "fit_index")


def _meta(model: ThemeModel) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "params": model.get_params(),
        "n_themes": int(model.n_themes_),
        "n_features": int(model.n_features_in_),
        "min_theme_size": int(model.min_theme_size_),
        "n_neighbors": int(model.n_neighbors_),
        "k_scores": {name: {str(k): v for k, v in scores.items()} for name, scores in model.k_scores_.items()},
    }


def _k_scores(raw: dict[str, dict[str, float]]) -> dict[str, dict[int, float]]:
    return {name: {int(k): float(v) for k, v in scores.items()} for name, scores in raw.items()}


def _check_format(meta: dict[str, Any], where: str) -> None:
    if meta.get("format") != FORMAT or int(meta.get("format_version", -1)) > FORMAT_VERSION:
        raise ThemeError(
            expected=f"a {FORMAT} (format_version <= {FORMAT_VERSION}) in {where}",
            found=f"format={meta.get('format')!r}, format_version={meta.get('format_version')!r}",
            fix="point at the 'model' folder a voices themes run wrote, or upgrade voices",
        )


def save(model: ThemeModel, directory: str | Path) -> Path:
    """Write a fitted model to ``directory`` (created if needed) and return the directory."""
    model._check_fitted()
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for name in _ARRAYS:
        np.save(out / f"{name}.npy", np.asarray(getattr(model, f"{name}_")), allow_pickle=False)
    (out / "model.json").write_text(json.dumps(_meta(model), indent=2, sort_keys=True), encoding="utf-8")
    return out


def load(directory: str | Path) -> ThemeModel:
    """Rebuild a model saved by :func:`save`.

    Raises:
        ThemeError: the folder is not a saved theme model (or a newer format).
    """
    src = Path(directory)
    meta_path = src / "model.json"
    if not meta_path.is_file():
        raise ThemeError(
            expected=f"{meta_path} (a saved theme model)",
            found="no such file",
            fix="pass the 'model' folder inside the output of `voices themes`",
        )
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    _check_format(meta, str(src))
    arrays = {name: np.load(src / f"{name}.npy", allow_pickle=False) for name in _ARRAYS}
    return ThemeModel(**meta["params"])._restore(
        reference=arrays["reference"],
        reference_labels=arrays["reference_labels"],
        reference_subthemes=arrays["reference_subthemes"],
        subtheme_parent=arrays["subtheme_parent"],
        floors=arrays["floors"],
        fit_index=arrays["fit_index"],
        k_scores=_k_scores(meta["k_scores"]),
        min_theme_size=int(meta["min_theme_size"]),
        n_neighbors=int(meta["n_neighbors"]),
    )


def to_state(model: ThemeModel) -> dict[str, Any]:
    """JSON-serialisable state; the reference rows are given as ``fit_index`` into the fitted embeddings."""
    model._check_fitted()
    state = _meta(model)
    state.update(
        {
            "fit_index": model.fit_index_.tolist(),
            "reference_labels": model.reference_labels_.tolist(),
            "reference_subthemes": model.reference_subthemes_.tolist(),
            "subtheme_parent": model.subtheme_parent_.tolist(),
            "floors": [float(f) for f in model.floors_],
        }
    )
    return state


def from_state(state: dict[str, Any], embeddings: np.ndarray) -> ThemeModel:
    """Rebuild a model from :func:`to_state` and the embeddings it was fitted on (e.g. a run's array)."""
    _check_format(state, "the state")
    fit_index = np.asarray(state["fit_index"], dtype=np.int64)
    if len(fit_index) and int(fit_index.max()) >= len(embeddings):
        raise ThemeError(
            expected=f"the {int(fit_index.max()) + 1}+ embeddings the model was fitted on",
            found=f"{len(embeddings)} rows",
            fix="pass the run's own embeddings array (run.array('embeddings'))",
        )
    return ThemeModel(**state["params"])._restore(
        reference=unit_rows(embeddings[fit_index]),
        reference_labels=np.asarray(state["reference_labels"], dtype=np.int64),
        reference_subthemes=np.asarray(state["reference_subthemes"], dtype=np.int64),
        subtheme_parent=np.asarray(state["subtheme_parent"], dtype=np.int64),
        floors=np.asarray(state["floors"], dtype=np.float32),
        fit_index=fit_index,
        k_scores=_k_scores(state["k_scores"]),
        min_theme_size=int(state["min_theme_size"]),
        n_neighbors=int(state["n_neighbors"]),
    )
