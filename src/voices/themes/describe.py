"""The themes table: label, keywords, description, quotes, size and share (with a 95% interval) per theme.

Keywords come from a seeded sample of each theme's segments (``keyword_sample`` in all, at least ``min_per_theme``
per theme), so a million posts are described from tens of thousands of lemmatised texts, not a million.

Example:
    >>> import numpy as np
    >>> from voices.themes.model import ThemeModel
    >>> from voices.themes.tokens import RegexTokeniser
    >>> rng = np.random.default_rng(0)
    >>> x = np.repeat(np.eye(2, 8) * 3, 20, axis=0) + 0.3 * rng.normal(size=(40, 8))
    >>> texts = ["the bus was late again"] * 20 + ["litter in the park"] * 20
    >>> model = ThemeModel(min_themes=2, max_themes=2, max_subthemes=0, seed=0).fit(x)
    >>> themes, quality = describe_themes(model, model.assignment_, x, texts, [f"s{i}" for i in range(40)],
    ...                                   tokeniser=RegexTokeniser())
    >>> sorted(themes["label"])
    ['Bus, late', 'Litter, park']
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import pandas as pd

from voices.themes.assign import Assignment
from voices.themes.keywords import theme_keywords
from voices.themes.labels import label_terms, theme_description, unique_labels
from voices.themes.metrics import diversity, npmi_coherence, wilson_interval
from voices.themes.quotes import representative, snippet
from voices.themes.tokens import Tokeniser, default_tokeniser

THEME_COLUMNS: tuple[str, ...] = (
    "theme_id",
    "parent_id",
    "level",
    "label",
    "keywords",
    "description",
    "quotes",
    "size",
    "primary_size",
    "share",
    "share_ci_low",
    "share_ci_high",
    "stability",
)


def keyword_rows(labels: np.ndarray, *, sample: int, min_per_theme: int, seed: int) -> np.ndarray:
    """Seeded, theme-stratified sample of row indices to tokenise for keywords (assigned rows only).

    Example:
        >>> keyword_rows(np.array([0, 0, 0, 1, -1]), sample=2, min_per_theme=1, seed=0).tolist()
        [1, 2, 3]
    """
    rng = np.random.default_rng(seed)
    assigned = np.flatnonzero(labels >= 0)
    if len(assigned) <= sample:
        return assigned
    picked = []
    for theme in np.unique(labels[assigned]):
        rows = np.flatnonzero(labels == theme)
        want = min(len(rows), max(min_per_theme, round(sample * len(rows) / len(assigned))))
        picked.append(rng.choice(rows, size=want, replace=False))
    return np.sort(np.concatenate(picked))


class FittedThemes(Protocol):
    """What :func:`describe_themes` reads from a fitted model (a ThemeModel or a CodebookModel)."""

    @property
    def n_themes_(self) -> int: ...

    @property
    def centroids_(self) -> np.ndarray: ...

    @property
    def subtheme_parent_(self) -> np.ndarray: ...

    @property
    def subtheme_centroids_(self) -> np.ndarray: ...


def describe_themes(
    model: FittedThemes,
    assignment: Assignment,
    embeddings: np.ndarray,
    texts: Sequence[str],
    segment_ids: Sequence[str],
    *,
    tokeniser: Tokeniser | None = None,
    n_quotes: int = 5,
    top_n: int = 10,
    keyword_sample: int = 5000,
    min_per_theme: int = 50,
    seed: int = 0,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Build the themes table (top-level themes, then sub-themes) and the text-quality numbers.

    Args:
        model: the fitted model.
        assignment: its assignment of the segments described here.
        embeddings: ``(n, d)`` embeddings of those segments.
        texts: their (anonymised) texts.
        segment_ids: their ids (quotes link back to them).
        tokeniser: lemmatiser for keywords (default: spaCy if installed).
        n_quotes: quotes per theme (3–10 are sensible).
        top_n: keywords per theme.
        keyword_sample: most segments tokenised for keywords and coherence.
        min_per_theme: segments per theme always included in that sample (if it has them).
        seed: seed for the keyword sample.

    Returns:
        ``(themes, quality)``: the table (columns :data:`THEME_COLUMNS`; ``keywords`` and ``quotes`` are JSON
        strings; ``stability`` is empty until :mod:`voices.themes.stability` fills it) and a dict with
        ``coherence_npmi``, ``coherence_per_theme``, ``diversity``, ``unassigned_share``, ``multi_theme_share``.
    """
    tokeniser = tokeniser or default_tokeniser()
    n = len(assignment)
    k = model.n_themes_
    n_sub = len(model.subtheme_parent_)
    primary = assignment.primary
    sub_primary = np.full(n, -1, dtype=np.int64)
    ok = primary >= 0
    sub_primary[ok] = assignment.subthemes[np.flatnonzero(ok), primary[ok]]
    rows = keyword_rows(primary, sample=keyword_sample, min_per_theme=min_per_theme, seed=seed)
    tokens = tokeniser([texts[i] for i in rows])
    top_kw = theme_keywords(tokens, primary[rows], n_themes=k, top_n=top_n)
    labels = unique_labels(top_kw)
    sub_kw: dict[int, list[tuple[str, float]]] = {}
    sub_labels: dict[int, str] = {}
    for parent in np.unique(model.subtheme_parent_):
        siblings = np.flatnonzero(model.subtheme_parent_ == parent)
        # sub-theme keywords are what sets a sub-theme apart from its siblings
        local = np.full(len(rows), -1, dtype=np.int64)
        for j, sib in enumerate(siblings):
            local[sub_primary[rows] == k + sib] = j
        sibling_kw = theme_keywords(tokens, local, n_themes=len(siblings), top_n=top_n)
        names = unique_labels(sibling_kw)
        for j, sib in enumerate(siblings):
            sub_kw[int(sib)], sub_labels[int(sib)] = sibling_kw[j], names[j]
    records: list[dict[str, Any]] = []
    kw: list[tuple[str, float]]
    for theme in range(k + n_sub):
        if theme < k:
            members = np.flatnonzero(primary == theme)
            size = int(assignment.members[:, theme].sum())
            centre, kw, label, parent, level = model.centroids_[theme], top_kw[theme], labels[theme], -1, 0
        else:
            sub = theme - k
            parent = int(model.subtheme_parent_[sub])
            members = np.flatnonzero(sub_primary == theme)
            size = int((assignment.subthemes[:, parent] == theme).sum())
            centre, kw, label, level = model.subtheme_centroids_[sub], sub_kw.get(sub, []), sub_labels.get(sub, ""), 1
        picks = [
            int(members[i])
            for i in representative(
                embeddings[members], centre, n_quotes=n_quotes, texts=[texts[int(i)] for i in members]
            )
        ]
        quotes = [{"segment_id": str(segment_ids[i]), "text": snippet(texts[i])} for i in picks]
        terms = label_terms(kw)
        low, high = wilson_interval(size, n)
        records.append(
            {
                "theme_id": theme,
                "parent_id": parent,
                "level": level,
                "label": label or "Unlabelled theme",
                "keywords": json.dumps([t for t, _ in kw], ensure_ascii=False),
                "description": theme_description(terms, [q["text"] for q in quotes]),
                "quotes": json.dumps(quotes, ensure_ascii=False),
                "size": size,
                "primary_size": len(members),
                "share": round(size / n, 4) if n else 0.0,
                "share_ci_low": low,
                "share_ci_high": high,
                "stability": np.nan,
            }
        )
    table = pd.DataFrame.from_records(records, columns=list(THEME_COLUMNS))
    terms_by_theme = {t: [w for w, _ in top_kw[t]] for t in range(k)}
    coherence, per_theme = npmi_coherence(terms_by_theme, tokens, top_n=top_n)
    quality = {
        "segments": int(n),
        "themes": int(k),
        "subthemes": int(n_sub),
        "unassigned_share": round(assignment.unassigned_share, 4),
        "multi_theme_share": round(float((assignment.members.sum(axis=1) > 1).mean()) if n else 0.0, 4),
        "coherence_npmi": coherence,
        "coherence_per_theme": {str(t): v for t, v in per_theme.items()},
        "diversity": diversity(terms_by_theme, top_n),
        "keyword_sample": len(rows),
    }
    return table, quality
