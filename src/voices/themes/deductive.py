"""Deductive themes: map segments to a supplied codebook, and discover what the codebook does not cover.

Each code is a name and an optional description; its text (``"name: description"``) is embedded by the same
embedder as the segments. Matching works in two passes:

1. a segment *matches* a code when its similarity to the code's text is at least ``min_similarity``;
2. each code's centre moves to the mean of its matched segments and its description (a prototype), with a floor
   at ``outlier_z`` robust standard deviations below its matched segments' median similarity; segments are then
   matched again against the prototypes, so a code finds segments phrased unlike its description.

Probabilities over codes are a softmax of similarities with ``temperature``; every code at or above
``threshold`` is carried. Segments matching no code are *uncovered*; when there are enough of them a
:class:`~voices.themes.model.ThemeModel` finds new themes among them (ids after the codes).

Example:
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> centres = np.eye(3, 16)
    >>> x = np.repeat(centres, 40, axis=0) + 0.15 * rng.normal(size=(120, 16))
    >>> book = CodebookModel(min_similarity=0.5, seed=0).fit(x, centres[:2])
    >>> book.n_codes_, book.n_discovered_ >= 1, float(np.mean(book.labels_[80:] >= 2)) > 0.9
    (2, True, True)
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from voices.themes.assign import UNASSIGNED, Assignment, subtheme_dtype
from voices.themes.errors import NotFittedError, ThemeError, check_embeddings
from voices.themes.graph import unit_rows
from voices.themes.model import ThemeModel

log = logging.getLogger(__name__)
_NAME_COLUMNS = ("name", "code", "theme", "label", "title")


@dataclass(frozen=True)
class Code:
    """One codebook entry."""

    code_id: str
    name: str
    description: str = ""

    @property
    def text(self) -> str:
        """What gets embedded: the name, and the description when there is one."""
        return f"{self.name}: {self.description}" if self.description else self.name


def read_codebook(source: str | Path | pd.DataFrame | Sequence[Any]) -> list[Code]:
    """Read a codebook from a CSV / JSON / JSONL file, a DataFrame, or a list of names or dicts.

    A table needs a ``name`` column (or ``code``, ``theme``, ``label``, ``title``); ``description`` and
    ``code_id`` are optional (ids default to ``C1``, ``C2``…).

    Raises:
        ThemeError: no name column, an empty codebook, or duplicate names.

    Example:
        >>> [c.text for c in read_codebook(["Transport", {"name": "Parks", "description": "green space"}])]
        ['Transport', 'Parks: green space']
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise ThemeError(expected=f"a codebook file at {path}", found="no such file", fix="check the path")
        suffix = path.suffix.lower()
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        elif suffix in (".jsonl", ".ndjson"):
            frame = pd.read_json(path, lines=True, dtype=False)
        elif suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            return read_codebook(data.get("codes", data) if isinstance(data, dict) else data)
        else:
            raise ThemeError(
                expected="a codebook as .csv, .json or .jsonl", found=f"{path.name}", fix="convert the codebook"
            )
        return read_codebook(frame)
    if isinstance(source, pd.DataFrame):
        records = source.to_dict(orient="records")
    else:
        records = [s if isinstance(s, dict) else {"name": str(s)} for s in source]
    codes: list[Code] = []
    for i, rec in enumerate(records):
        low = {str(k).lower(): v for k, v in rec.items()}
        name_key = next((c for c in _NAME_COLUMNS if c in low and str(low[c]).strip()), None)
        if name_key is None:
            raise ThemeError(
                expected=f"a code name in one of the columns {list(_NAME_COLUMNS)}",
                found=f"entry {i + 1} with fields {list(rec)}",
                fix="add a 'name' column (and optionally 'description' and 'code_id')",
            )
        desc = low.get("description")
        codes.append(
            Code(
                code_id=str(low.get("code_id") or f"C{i + 1}"),
                name=str(low[name_key]).strip(),
                description="" if desc is None or pd.isna(desc) else str(desc).strip(),
            )
        )
    if not codes:
        raise ThemeError(expected="at least one code", found="an empty codebook", fix="add codes to the codebook")
    names = [c.name.lower() for c in codes]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ThemeError(expected="distinct code names", found=f"duplicates {dupes}", fix="merge or rename them")
    return codes


class CodebookModel:
    """Map segments to codes (several per segment), then discover themes among the uncovered ones.

    Args:
        min_similarity: similarity to a code's text from which a segment matches it.
        outlier_z: robust z-score below which a segment is too far from a code's prototype.
        threshold: probability from which a code is carried.
        temperature: softmax temperature over code similarities.
        discover: look for new themes among uncovered segments.
        max_new_themes: most new themes.
        min_new_theme_size: smallest new theme (``None``: as :class:`ThemeModel`).
        seed: the one seed (passed to the discovery model).

    Attributes (after ``fit``):
        n_codes_, n_discovered_: numbers of codes and of discovered themes.
        centres_, floors_: code prototypes and their floors.
        discovery_: the :class:`ThemeModel` fitted on uncovered segments, or ``None``.
        assignment_, labels_: assignment of the fitted segments and their primary theme.
    """

    def __init__(
        self,
        *,
        min_similarity: float = 0.3,
        outlier_z: float = 3.0,
        threshold: float = 0.25,
        temperature: float = 0.05,
        discover: bool = True,
        max_new_themes: int = 10,
        min_new_theme_size: int | None = None,
        seed: int = 0,
    ) -> None:
        self.min_similarity = min_similarity
        self.outlier_z = outlier_z
        self.threshold = threshold
        self.temperature = temperature
        self.discover = discover
        self.max_new_themes = max_new_themes
        self.min_new_theme_size = min_new_theme_size
        self.seed = seed

    def fit(self, embeddings: np.ndarray, code_embeddings: np.ndarray) -> CodebookModel:
        """Match ``embeddings`` to codes embedded as ``code_embeddings`` and discover uncovered themes."""
        check_embeddings(embeddings)
        check_embeddings(code_embeddings, dim=embeddings.shape[1], name="code embeddings")
        x = unit_rows(embeddings)
        codes = unit_rows(code_embeddings)
        n_codes = len(codes)
        sims = x @ codes.T
        first = sims.argmax(axis=1)
        matched = sims[np.arange(len(x)), first] >= self.min_similarity
        centres = codes.copy()
        floors = np.full(n_codes, self.min_similarity, dtype=np.float32)
        for c in range(n_codes):
            rows = np.flatnonzero(matched & (first == c))
            if len(rows) >= 3:
                centres[c] = unit_rows((x[rows].mean(axis=0) + codes[c])[None, :])[0]
                own = (x[rows] @ centres[c]).astype(np.float64)
                med = np.median(own)
                floors[c] = min(self.min_similarity, med - self.outlier_z * 1.4826 * np.median(np.abs(own - med)))
        self.code_embeddings_ = codes
        self.centres_ = centres
        self.floors_ = floors
        self.n_codes_ = n_codes
        self.n_features_in_ = int(x.shape[1])
        self.discovery_: ThemeModel | None = None
        covered = self._covered(x)
        uncovered = np.flatnonzero(~covered)
        min_size = self.min_new_theme_size or max(5, int(np.ceil(0.005 * len(x))))
        if self.discover and len(uncovered) >= 2 * min_size:
            self.discovery_ = ThemeModel(
                min_themes=1,
                max_themes=self.max_new_themes,
                min_theme_size=min_size,
                max_subthemes=0,
                threshold=self.threshold,
                seed=self.seed,
            ).fit(embeddings[uncovered])
            log.info("%d uncovered segments: %d new themes", len(uncovered), self.discovery_.n_themes_)
        self.n_discovered_ = self.discovery_.n_themes_ if self.discovery_ is not None else 0
        self.assignment_ = self.assign(embeddings)
        self.labels_ = self.assignment_.primary
        return self

    @property
    def n_themes_(self) -> int:
        """Codes plus discovered themes."""
        return self.n_codes_ + self.n_discovered_

    @property
    def centroids_(self) -> np.ndarray:
        """Code prototypes, then the discovered themes' centres."""
        parts = [self.centres_] + ([self.discovery_.centroids_] if self.discovery_ is not None else [])
        return np.concatenate(parts).astype(np.float32)

    @property
    def subtheme_parent_(self) -> np.ndarray:
        """No sub-themes in deductive mode."""
        return np.zeros(0, dtype=np.int64)

    @property
    def subtheme_centroids_(self) -> np.ndarray:
        """No sub-themes in deductive mode."""
        return np.zeros((0, self.n_features_in_), dtype=np.float32)

    def _covered(self, x: np.ndarray) -> np.ndarray:
        return ((x @ self.code_embeddings_.T).max(axis=1) >= self.min_similarity) | (
            (x @ self.centres_.T) >= self.floors_[None, :]
        ).any(axis=1)

    def assign(self, embeddings: np.ndarray) -> Assignment:
        """Assign segments to codes (ids ``0..n_codes-1``) and discovered themes (ids from ``n_codes``)."""
        if not hasattr(self, "centres_"):
            raise NotFittedError("CodebookModel")
        check_embeddings(embeddings, dim=self.n_features_in_)
        x = unit_rows(embeddings)
        n, c = len(x), self.n_codes_
        k = c + self.n_discovered_
        sims = x @ self.centres_.T
        logits = (sims - sims.max(axis=1, keepdims=True)) / self.temperature
        p_codes = np.exp(logits)
        p_codes /= p_codes.sum(axis=1, keepdims=True)
        ok_code = sims >= self.floors_[None, :]
        covered = self._covered(x)
        probs = np.zeros((n, k), dtype=np.float32)
        members = np.zeros((n, k), dtype=bool)
        primary = np.full(n, UNASSIGNED, dtype=np.int64)
        top = p_codes.argmax(axis=1)
        rows = np.flatnonzero(covered)
        probs[rows, :c] = p_codes[rows]
        members[rows, :c] = (p_codes[rows] >= self.threshold) & ok_code[rows]
        members[rows, top[rows]] = True
        primary[rows] = top[rows]
        similarity = sims[np.arange(n), top].astype(np.float32)
        rest = np.flatnonzero(~covered)
        if self.discovery_ is not None and len(rest):
            found = self.discovery_.assign(embeddings[rest])
            probs[rest, c:] = found.probabilities
            members[rest, c:] = found.members
            primary[rest] = np.where(found.primary >= 0, found.primary + c, UNASSIGNED)
            similarity[rest] = found.similarity
        subthemes = np.full((n, k), -1, dtype=subtheme_dtype(k))
        return Assignment(primary, probs, similarity, members, subthemes)
