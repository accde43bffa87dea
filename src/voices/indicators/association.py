"""Which groups raise which themes: lift, chi-square tests, and Benjamini–Hochberg control across them.

Comparing every theme with every group variable runs many tests: at 5% each, one in twenty "significant"
differences is expected by chance alone. :func:`benjamini_hochberg` turns the p-values into q-values (the
false-discovery-rate-adjusted p-values); a difference is reported as significant when its q-value is below the
chosen rate, so about that share of the reported differences are expected to be false discoveries.

Example:
    >>> benjamini_hochberg([0.01, 0.04, 0.03, 0.20]).round(3).tolist()
    [0.04, 0.053, 0.053, 0.2]
    >>> t = chi_square([[30, 70], [10, 90]])
    >>> round(t.statistic, 2), t.dof, round(t.p_value, 5)
    (12.5, 1, 0.00041)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray


def benjamini_hochberg(p_values: ArrayLike) -> NDArray[np.float64]:
    """Benjamini–Hochberg adjusted p-values (q-values), in the input order; NaNs stay NaN and are not counted.

    ``q_(i) = min_{j >= i} p_(j) · m / j`` over the ``m`` non-missing p-values sorted ascending, capped at 1.
    """
    p = np.asarray(p_values, dtype="float64")
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    vals = p[ok]
    order = np.argsort(vals, kind="stable")
    ranked = vals[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(adjusted, 1.0)
    out[ok] = q
    return out


@dataclass(frozen=True)
class ChiSquare:
    """A chi-square test of independence on a groups × (in theme, not in theme) table."""

    statistic: float
    dof: int
    p_value: float
    min_expected: float


def chi_square(table: ArrayLike) -> ChiSquare:
    """Pearson's chi-square test of independence (no continuity correction) on a 2-D count table.

    Rows or columns that are all zero are dropped first; with fewer than two of either left the test is
    undefined and NaN is returned. ``min_expected`` is the smallest expected count: below 5 the chi-square
    approximation is rough, and the tables say so.
    """
    from scipy.stats import chi2

    t = np.asarray(table, dtype="float64")
    t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    if t.ndim != 2 or t.shape[0] < 2 or t.shape[1] < 2:
        return ChiSquare(float("nan"), 0, float("nan"), float("nan"))
    expected = t.sum(axis=1, keepdims=True) * t.sum(axis=0, keepdims=True) / t.sum()
    stat = float(((t - expected) ** 2 / expected).sum())
    dof = (t.shape[0] - 1) * (t.shape[1] - 1)
    return ChiSquare(stat, dof, float(chi2.sf(stat, dof)), float(expected.min()))


def lift(k: ArrayLike, n: ArrayLike, k_total: float, n_total: float) -> NDArray[np.float64]:
    """How many times more often a group voices a theme than everyone: ``(k / n) / (K / N)``.

    Example:
        >>> lift([6, 2], [20, 20], 8, 40).tolist()
        [1.5, 0.5]
    """
    k_arr, n_arr = np.asarray(k, dtype="float64"), np.asarray(n, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        ok = (n_arr > 0) & (k_total > 0) & (n_total > 0)
        return np.where(ok, (k_arr * n_total) / (n_arr * k_total), np.nan)
