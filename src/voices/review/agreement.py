"""Agreement between panel members: Krippendorff's alpha over their verdicts, with a bootstrap interval.

Alpha suits panels: any number of raters, missing answers (someone skipped a theme, or said "not sure"), and
nominal or ordinal scales. Verdicts are ordinal (no < partly < yes); "not sure" counts as no answer. Alpha is
1 for perfect agreement, 0 for agreement no better than chance, below 0 for systematic disagreement. It says
nothing about who is right: dissent stays visible next to it on the panel results page.

Reference: Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
Communication, University of Pennsylvania. ``tests/test_app_agreement.py`` reproduces its worked example.

Example:
    >>> round(alpha([[1, 2, 3, 3], [1, 2, 3, 3], [1, 2, 3, 4]], level="nominal"), 3)
    0.78
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

Level = Literal["nominal", "ordinal", "interval"]
VERDICT_ORDER: tuple[str, ...] = ("no", "partly", "yes")
"""Verdicts in order; ``not_sure`` is treated as no answer."""


def _coincidences(data: Sequence[Sequence[Hashable | None]]) -> tuple[list[Hashable], np.ndarray]:
    units = list(zip(*data, strict=True)) if data else []
    values = sorted({v for unit in units for v in unit if v is not None}, key=_sort_key)
    index = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for unit in units:
        present = [index[v] for v in unit if v is not None]
        m = len(present)
        if m < 2:
            continue
        counts = Counter(present)
        for c, nc in counts.items():
            for k, nk in counts.items():
                o[c, k] += (nc * (nk - (1 if c == k else 0))) / (m - 1)
    return values, o


def _sort_key(value: Hashable) -> tuple[int, float | str]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, float(value))
    return (1, str(value))


def _delta(values: list[Hashable], n_c: np.ndarray, level: Level) -> np.ndarray:
    size = len(values)
    if level == "nominal":
        return 1.0 - np.eye(size)
    if level == "interval":
        x = np.array([float(v) for v in values])  # type: ignore[arg-type]
        return (x[:, None] - x[None, :]) ** 2
    d = np.zeros((size, size))
    for c in range(size):
        for k in range(c, size):
            between = n_c[c : k + 1].sum() - (n_c[c] + n_c[k]) / 2
            d[c, k] = d[k, c] = between**2
    return d


def alpha(data: Sequence[Sequence[Hashable | None]], *, level: Level = "nominal") -> float:
    """Krippendorff's alpha for reliability data.

    Args:
        data: one row per rater, one column per unit (theme); None where a rater gave no answer. Values must be
            numbers for ``interval``; for ``ordinal`` they are ranked in sorted order (numbers, then strings).
        level: ``nominal``, ``ordinal`` or ``interval``.

    Returns:
        Alpha, or NaN when it is undefined (fewer than two pairable answers, or only one value ever used).

    Example:
        >>> alpha([["yes", "no"], ["yes", "no"]]), math.isnan(alpha([["yes", "yes"], ["yes", "yes"]]))
        (1.0, True)
    """
    values, o = _coincidences(data)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n < 2 or len(values) < 2:
        return math.nan
    delta = _delta(values, n_c, level)
    observed = float((o * delta).sum())
    expected = float((np.outer(n_c, n_c) * delta).sum())
    if expected == 0:
        return math.nan
    return float(1.0 - (n - 1) * observed / expected)


def verdict_rank(verdict: str | None) -> int | None:
    """``no`` 0, ``partly`` 1, ``yes`` 2; None for ``not_sure`` or no answer."""
    return VERDICT_ORDER.index(verdict) if verdict in VERDICT_ORDER else None


@dataclass(frozen=True)
class PanelAgreement:
    """Alpha over a panel's verdicts, its 95% bootstrap interval, and how much data it rests on."""

    alpha: float
    low: float
    high: float
    level: Level
    raters: int
    themes: int
    pairable: int

    def in_words(self) -> str:
        """A short reading of alpha for researchers (Krippendorff's own rule of thumb: 0.8 good, 0.667 tentative)."""
        if math.isnan(self.alpha):
            return "not enough overlapping answers to measure agreement yet"
        if self.alpha >= 0.8:
            return "strong agreement"
        if self.alpha >= 0.667:
            return "moderate agreement (enough for tentative conclusions)"
        if self.alpha > 0:
            return "weak agreement: look at where members differ"
        return "no more agreement than chance: members see these themes differently"


def panel_agreement(
    verdicts: Mapping[tuple[str, str], str],
    *,
    level: Level = "ordinal",
    resamples: int = 1000,
    seed: int = 0,
) -> PanelAgreement:
    """Alpha over verdicts keyed by ``(person, theme)``, with a percentile bootstrap over themes.

    Args:
        verdicts: ``(person_id, theme_id) -> verdict``.
        level: ``ordinal`` (default: no < partly < yes) or ``nominal``.
        resamples: bootstrap resamples (0 for no interval).
        seed: the bootstrap's seed.

    Returns:
        The agreement.

    Example:
        >>> v = {("a", "1"): "yes", ("b", "1"): "yes", ("a", "2"): "no", ("b", "2"): "no"}
        >>> panel_agreement(v, resamples=0).alpha
        1.0
    """
    raters = sorted({p for p, _ in verdicts})
    themes = sorted({t for _, t in verdicts})
    matrix = [[verdict_rank(verdicts.get((p, t))) for t in themes] for p in raters]
    point = alpha(matrix, level=level)
    pairable = sum(1 for j in range(len(themes)) if sum(row[j] is not None for row in matrix) >= 2)
    low = high = math.nan
    if resamples > 0 and themes and not math.isnan(point):
        rng = np.random.default_rng(seed)
        columns = np.array(matrix, dtype=object)
        draws = []
        for _ in range(resamples):
            pick = rng.integers(0, len(themes), len(themes))
            value = alpha(columns[:, pick].tolist(), level=level)
            if not math.isnan(value):
                draws.append(value)
        if draws:
            low, high = (float(x) for x in np.percentile(draws, [2.5, 97.5]))
    return PanelAgreement(point, low, high, level, len(raters), len(themes), pairable)


def theme_agreement(verdicts: Sequence[str]) -> float:
    """Share of pairs of members who gave the same verdict on one theme (NaN with fewer than two answers).

    Example:
        >>> theme_agreement(["yes", "yes", "no"])
        0.3333333333333333
    """
    given = [v for v in verdicts if v in VERDICT_ORDER]
    m = len(given)
    if m < 2:
        return math.nan
    same = sum(n * (n - 1) for n in Counter(given).values())
    return same / (m * (m - 1))
