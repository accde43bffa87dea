"""Confidence intervals for shares: the Wilson score interval.

A theme's share in a small group (7 of 40 respondents in the most deprived decile) needs an interval that stays
inside 0–1 and behaves at 0 and 1; the Wilson score interval does, and is the one ONS and most survey
guidance recommend over the Wald ``p ± z·se``.

Example:
    >>> lo, hi = wilson(7, 40)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.0875, 0.3195)
    >>> [float(x) for x in wilson(0, 0)]
    [nan, nan]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def z_value(confidence: float) -> float:
    """The two-sided standard normal quantile for a confidence level (0.95 → 1.95996…)."""
    from scipy.stats import norm

    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    return float(norm.ppf(0.5 + confidence / 2))


def wilson(k: ArrayLike, n: ArrayLike, confidence: float = 0.95) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Wilson score interval for ``k`` successes out of ``n`` (vectorised; NaN where ``n`` is 0).

    Args:
        k: successes (e.g. respondents voicing a theme).
        n: trials (respondents in the group).
        confidence: the coverage, 0.95 by default.

    Returns:
        ``(low, high)`` arrays (scalars for scalar input).
    """
    k_arr = np.asarray(k, dtype="float64")
    n_arr = np.asarray(n, dtype="float64")
    z = z_value(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k_arr / n_arr
        denom = 1 + z**2 / n_arr
        centre = (p + z**2 / (2 * n_arr)) / denom
        half = z * np.sqrt(p * (1 - p) / n_arr + z**2 / (4 * n_arr**2)) / denom
        low = np.where(n_arr > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(n_arr > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low[()], high[()]
