"""Rank correlations: respondent-weighted Spearman across areas, its bootstrap interval, and lagged correlation.

Across areas, a theme's share is better measured where more people answered. :func:`weighted_spearman` weights
each area by its respondents: it equals Spearman's rho on the data expanded to one row per respondent (each
carrying their area's share and indicator), computed without expanding. :func:`bootstrap_spearman` resamples
areas with replacement (keeping their weights) with a seeded generator and gives a percentile interval.

Over time, :func:`lagged_correlation` correlates a theme's share in each period with an indicator ``lag``
periods earlier (prices rise, then people talk about it).

Example:
    >>> x, y, w = [1, 2, 3, 4, 5], [2, 1, 4, 3, 5], [10, 20, 10, 30, 5]
    >>> round(weighted_spearman(x, y, w), 4)
    0.7193
    >>> r = bootstrap_spearman(x, y, w, n_resamples=200, seed=1)
    >>> r.n_areas, round(r.rho, 4), r.low <= r.rho <= r.high
    (5, 0.7193, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray


def _midranks(values: NDArray[np.float64], weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """Expanded-data midranks of ``values`` for each row of ``weights`` (shape B × n), tied values sharing one."""
    order = np.argsort(values, kind="stable")
    sorted_vals = values[order]
    starts = np.flatnonzero(np.r_[True, sorted_vals[1:] != sorted_vals[:-1]])
    group_of = np.cumsum(np.r_[True, sorted_vals[1:] != sorted_vals[:-1]]) - 1
    group_weight = np.add.reduceat(weights[:, order], starts, axis=1)
    before = np.cumsum(group_weight, axis=1) - group_weight
    rank_sorted = (before + (group_weight + 1) / 2)[:, group_of]
    ranks = np.empty_like(rank_sorted)
    ranks[:, order] = rank_sorted
    return ranks


def _weighted_pearson(a: NDArray[np.float64], b: NDArray[np.float64], w: NDArray[np.float64]) -> NDArray[np.float64]:
    total = w.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        ma = (w * a).sum(axis=1, keepdims=True) / total
        mb = (w * b).sum(axis=1, keepdims=True) / total
        da, db = a - ma, b - mb
        cov = (w * da * db).sum(axis=1)
        var = (w * da * da).sum(axis=1) * (w * db * db).sum(axis=1)
        r = cov / np.sqrt(var)
    return np.where(var > 1e-12 * np.maximum(1.0, total[:, 0] ** 4), np.clip(r, -1.0, 1.0), np.nan)


def _prepare(x: ArrayLike, y: ArrayLike, w: ArrayLike | None) -> tuple[NDArray, NDArray, NDArray]:
    xa = np.asarray(x, dtype="float64")
    ya = np.asarray(y, dtype="float64")
    wa = np.ones_like(xa) if w is None else np.asarray(w, dtype="float64")
    if not (xa.shape == ya.shape == wa.shape) or xa.ndim != 1:
        raise ValueError(f"x, y and w must be 1-D and the same length, got {xa.shape}, {ya.shape}, {wa.shape}")
    ok = np.isfinite(xa) & np.isfinite(ya) & np.isfinite(wa) & (wa > 0)
    return xa[ok], ya[ok], wa[ok]


def weighted_spearman(x: ArrayLike, y: ArrayLike, w: ArrayLike | None = None) -> float:
    """Spearman's rho with frequency weights (NaN when either variable is constant or fewer than 3 points).

    Args:
        x: e.g. each area's theme share.
        y: e.g. each area's indicator value.
        w: e.g. each area's number of respondents; rows with zero, missing or negative weight are ignored.
    """
    xa, ya, wa = _prepare(x, y, w)
    if len(xa) < 3:
        return float("nan")
    weights = wa[None, :]
    return float(_weighted_pearson(_midranks(xa, weights), _midranks(ya, weights), weights)[0])


@dataclass(frozen=True)
class BootstrapResult:
    """A weighted Spearman rho with its percentile bootstrap interval."""

    rho: float
    low: float
    high: float
    n_areas: int
    n_weight: float
    n_resamples: int
    confidence: float


def bootstrap_spearman(
    x: ArrayLike,
    y: ArrayLike,
    w: ArrayLike | None = None,
    *,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> BootstrapResult:
    """Weighted Spearman rho and a percentile bootstrap interval from resampling areas with replacement.

    Each resample draws as many areas as there are, uniformly with replacement, and weights each drawn area by
    its respondents (an area drawn twice counts twice). Resamples where rho is undefined (one distinct value)
    are left out of the percentiles. Same inputs and seed give the same interval.
    """
    return bootstrap_spearman_many([x], y, w, n_resamples=n_resamples, confidence=confidence, seed=seed)[0]


def bootstrap_spearman_many(
    xs: Sequence[ArrayLike],
    y: ArrayLike,
    w: ArrayLike | None = None,
    *,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> list[BootstrapResult]:
    """:func:`bootstrap_spearman` for several ``x`` against one ``y`` (e.g. every theme against one indicator).

    The resamples are drawn once and shared, so ``y``'s ranks are computed once per resample: each interval is
    the same as a separate call with the same seed would give.
    """
    ya_all = np.asarray(y, dtype="float64")
    wa_all = np.ones_like(ya_all) if w is None else np.asarray(w, dtype="float64")
    rows = [np.asarray(x, dtype="float64") for x in xs]
    base = np.isfinite(ya_all) & np.isfinite(wa_all) & (wa_all > 0)
    results: list[BootstrapResult | None] = [None] * len(rows)
    todo: list[int] = []
    for i, xa in enumerate(rows):
        if xa.shape != ya_all.shape:
            raise ValueError(f"x and y must be the same length, got {xa.shape} and {ya_all.shape}")
        ok = base & np.isfinite(xa)
        rho = weighted_spearman(xa[ok], ya_all[ok], wa_all[ok])
        n = int(ok.sum())
        if n < 3 or np.isnan(rho):
            results[i] = BootstrapResult(rho, float("nan"), float("nan"), n, float(wa_all[ok].sum()), 0, confidence)
        else:
            todo.append(i)
    if todo:
        ok = base & np.all([np.isfinite(rows[i]) for i in todo], axis=0)
        ya, wa = ya_all[ok], wa_all[ok]
        n = len(ya)
        rng = np.random.default_rng(seed)
        stats: list[list[NDArray[np.float64]]] = [[] for _ in todo]
        for start in range(0, n_resamples, 500):  # bounded memory: 500 × n at a time
            size = min(500, n_resamples - start)
            draws = rng.integers(0, n, size=(size, n)) + (np.arange(size) * n)[:, None]
            counts = np.bincount(draws.ravel(), minlength=size * n).reshape(size, n).astype("float64")
            weights = counts * wa[None, :]
            p = weights / weights.sum(axis=1, keepdims=True)
            y_ranks = _midranks(ya, weights)
            y_mean = np.einsum("ij,ij->i", p, y_ranks)
            y_var = np.einsum("ij,ij,ij->i", p, y_ranks, y_ranks) - y_mean**2
            for slot, i in enumerate(todo):
                x_ranks = _midranks(rows[i][ok], weights)
                x_mean = np.einsum("ij,ij->i", p, x_ranks)
                x_var = np.einsum("ij,ij,ij->i", p, x_ranks, x_ranks) - x_mean**2
                cov = np.einsum("ij,ij,ij->i", p, x_ranks, y_ranks) - x_mean * y_mean
                with np.errstate(invalid="ignore", divide="ignore"):
                    r = cov / np.sqrt(x_var * y_var)
                # A resample with one distinct value has zero variance (up to rounding): rho is undefined there.
                tiny = 1e-9 * np.maximum(x_mean, 1.0) ** 2
                stats[slot].append(np.where((x_var > tiny) & (y_var > tiny), np.clip(r, -1.0, 1.0), np.nan))
        alpha = 1 - confidence
        for slot, i in enumerate(todo):
            values = np.concatenate(stats[slot])
            values = values[np.isfinite(values)]
            low, high = np.quantile(values, [alpha / 2, 1 - alpha / 2]) if len(values) else (np.nan, np.nan)
            rho = weighted_spearman(rows[i][ok], ya, wa)
            results[i] = BootstrapResult(rho, float(low), float(high), n, float(wa.sum()), int(n_resamples), confidence)
    return [r for r in results if r is not None]


def lagged_correlation(
    theme: pd.Series, indicator: pd.Series, *, max_lag: int = 3, min_periods: int = 6
) -> pd.DataFrame:
    """Correlate a theme's value per period with an indicator ``lag`` periods earlier, for lag 0…max_lag.

    Args:
        theme: values indexed by :class:`pandas.Period` (one frequency).
        indicator: values indexed by periods of the same frequency.
        max_lag: the largest lag, in periods; the indicator leads the theme.
        min_periods: below this many overlapping periods no correlation is reported (``note`` says why).

    Returns:
        One row per lag: ``lag``, ``n_periods``, ``spearman``, ``pearson``, ``note``.

    Example:
        >>> idx = pd.period_range("2024-01", periods=8, freq="M")
        >>> t = pd.Series([1, 2, 3, 4, 5, 6, 7, 8], index=idx)
        >>> s = pd.Series([0, 1, 2, 3, 4, 5, 6, 7], index=idx - 1)
        >>> lagged_correlation(t, s, max_lag=1)[["lag", "n_periods", "spearman"]].to_dict("records")
        [{'lag': 0, 'n_periods': 7, 'spearman': 1.0}, {'lag': 1, 'n_periods': 8, 'spearman': 1.0}]
    """
    from scipy.stats import pearsonr, spearmanr

    rows = []
    ind = indicator.dropna()
    for lag in range(max_lag + 1):
        shifted = pd.Series(ind.to_numpy(), index=ind.index + lag)
        both = pd.concat([theme.rename("theme"), shifted.rename("indicator")], axis=1, join="inner").dropna()
        n = len(both)
        rho = r = float("nan")
        note = ""
        if n < min_periods:
            note = f"only {n} overlapping periods (at least {min_periods} needed)"
        elif both["theme"].nunique() < 2 or both["indicator"].nunique() < 2:
            note = "one of the series is constant over these periods"
        else:
            rho = float(spearmanr(both["theme"], both["indicator"]).statistic)
            r = float(pearsonr(both["theme"], both["indicator"]).statistic)
        rows.append({"lag": lag, "n_periods": n, "spearman": rho, "pearson": r, "note": note})
    return pd.DataFrame(rows, columns=["lag", "n_periods", "spearman", "pearson", "note"])
