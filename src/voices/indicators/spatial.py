"""Themes across areas: area keys per segment, and respondent-weighted rank correlations with area indicators.

For each area indicator (IMD 2019 rank, a domain decile, a user's fuel-poverty rate by district…), the units of
a scope are grouped by their area *at the indicator's geography* (LSOA 2011, ward 2019, LAD 2019, region, or the
area code as given for other vintages); each area's share of units voicing a theme is correlated with the
indicator across areas, weighted by the area's units, with a seeded bootstrap interval. Only the coefficient and
its interval leave: no per-area numbers, so nothing here needs suppression.

Example:
    >>> keys = area_keys(pd.DataFrame({"lsoa11cd": ["E01008736"], "lad19cd": ["E08000024"],
    ...     "wd19cd": [None], "rgncd": ["E12000001"], "area_code": ["E01008736"]}), "lad19")
    >>> keys.tolist()
    ['E08000024']
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from voices.indicators.correlation import bootstrap_spearman_many
from voices.indicators.imd import LOWER_IS_MORE_DEPRIVED, MEANINGS
from voices.indicators.membership import MISSING, UNASSIGNED, Scope, crosstab, unit_mode

#: Geography level → the resolved column holding that level's code.
LEVEL_COLUMNS: dict[str, str] = {"lsoa11": "lsoa11cd", "wd19": "wd19cd", "lad19": "lad19cd", "rgn": "rgncd"}
CORRELATION_COLUMNS: tuple[str, ...] = (
    "scope",
    "theme_id",
    "label",
    "indicator",
    "geography",
    "areas",
    "units",
    "units_without_value",
    "rho",
    "ci_low",
    "ci_high",
    "confidence",
    "n_resamples",
    "reading",
    "note",
)


def area_keys(resolved: pd.DataFrame, geography: str) -> pd.Series:
    """Each row's area code at ``geography``: a resolved column for the bundled levels, else ``area_code``."""
    column = LEVEL_COLUMNS.get(geography, "area_code")
    return resolved[column].astype("object")


def seed_for(seed: int, *parts: object) -> int:
    """A stable per-test seed derived from the run seed and names (Python's hash() is salted per process)."""
    return int(zlib.crc32("\x1f".join(map(str, (seed, *parts))).encode()))


def reading(indicator: str, rho: float, low: float, high: float) -> str:
    """A plain-English reading of a correlation, naming which way the indicator runs."""
    if np.isnan(rho):
        return "not estimated"
    if np.isnan(low) or (low <= 0 <= high):
        return "no clear association (the interval includes zero)"
    more = rho > 0
    if indicator in LOWER_IS_MORE_DEPRIVED:
        where = "less deprived" if more else "more deprived"
        return f"voiced more in {where} areas"
    if indicator in MEANINGS:
        return f"voiced more in {'more' if more else 'less'} deprived areas"
    return f"voiced more where {indicator} is {'higher' if more else 'lower'}"


def correlate(
    scope: Scope,
    keys: pd.Series,
    values: pd.Series,
    *,
    indicator: str,
    geography: str,
    labels: Mapping[int, str],
    themes: Sequence[int],
    n_resamples: int = 1000,
    confidence: float = 0.95,
    min_areas: int = 5,
    seed: int = 0,
) -> pd.DataFrame:
    """Weighted Spearman of each theme's area share against one area indicator.

    Args:
        scope: the scope.
        keys: per in-scope segment, its area code at the indicator's geography (null when unplaced).
        values: the indicator's value per area code.
        indicator: its name.
        geography: its geography level.
        labels: theme labels.
        themes: the scope's theme ids (``-1`` = no theme is skipped).
        n_resamples: bootstrap resamples.
        confidence: interval coverage.
        min_areas: below this many areas with a value, no correlation is reported.
        seed: the run seed.
    """
    per_unit = unit_mode(scope, keys)
    ct = crosstab(scope, per_unit)
    groups = pd.Index(ct.groups)
    value = groups.map(lambda g: values.get(g, np.nan) if g != MISSING else np.nan).to_numpy(dtype="float64")
    has = ~np.isnan(value)
    n_areas = int(has.sum())
    wanted = [(j, int(t)) for j, t in enumerate(themes) if t != UNASSIGNED]
    note = f"only {n_areas} areas have a value (at least {min_areas} needed)" if n_areas < min_areas else ""
    results = (
        bootstrap_spearman_many(
            [ct.k[has, j] / ct.n[has] for j, _ in wanted],
            value[has],
            ct.n[has],
            n_resamples=n_resamples,
            confidence=confidence,
            seed=seed_for(seed, scope.key, indicator, geography),
        )
        if not note and wanted
        else [None] * len(wanted)
    )
    rows = []
    for (_, theme), result in zip(wanted, results, strict=True):
        rho = result.rho if result else np.nan
        low = result.low if result else np.nan
        high = result.high if result else np.nan
        theme_note = note or ("the theme's share or the indicator is the same in every area" if np.isnan(rho) else "")
        rows.append(
            {
                "scope": scope.key,
                "theme_id": theme,
                "label": labels.get(theme, str(theme)),
                "indicator": indicator,
                "geography": geography,
                "areas": n_areas,
                "units": int(ct.n[has].sum()),
                "units_without_value": int(ct.n[~has].sum()),
                "rho": rho,
                "ci_low": low,
                "ci_high": high,
                "confidence": confidence,
                "n_resamples": result.n_resamples if result else 0,
                "reading": reading(indicator, rho, low, high),
                "note": theme_note,
            }
        )
    return pd.DataFrame(rows, columns=list(CORRELATION_COLUMNS))
