"""Breakdowns of theme shares by group, ready to leave the library: shares, intervals, lift, suppression, tests.

:func:`breakdown` turns a :class:`~voices.indicators.membership.Crosstab` into a tidy table, one row per group ×
theme, with the share of the group's units voicing the theme, its Wilson interval and its lift over the whole
scope — and with small cells already suppressed: group sizes below the threshold are hidden (and enough others
that the total cannot reveal them), then, per theme, the counts of units voicing it and not voicing it, with
secondary suppression checked against the group sizes and the theme's total. A hidden cell shows no count,
share, interval or lift.

:func:`association_tests` runs one chi-square test per theme across the groups. Groups with hidden cells are
pooled into one before testing, so a test statistic never reveals what the table hides.

Example:
    >>> import numpy as np
    >>> from voices.indicators.membership import Crosstab
    >>> ct = Crosstab(["16-24", "25-34", "35-44"], np.array([40, 60, 8]), np.array([[12, 28], [30, 30], [2, 6]]))
    >>> t = breakdown("Q4", "age_band", ct, themes=[0, -1], labels={0: "bills"})
    >>> shown = t[t.theme_id == 0][["group", "n", "k", "share", "suppression"]]
    >>> print(shown.to_string(index=False))  # doctest: +NORMALIZE_WHITESPACE
    group    n    k  share suppression
    16-24 <NA> <NA>   <NA>   secondary
    25-34   60   30    0.5
    35-44 <NA> <NA>   <NA>     primary
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from voices.indicators.association import chi_square, lift
from voices.indicators.intervals import wilson
from voices.indicators.membership import UNASSIGNED, Crosstab
from voices.indicators.suppression import THRESHOLD, suppress_margin, suppress_table

BREAKDOWN_COLUMNS: tuple[str, ...] = (
    "scope",
    "variable",
    "group",
    "theme_id",
    "label",
    "n",
    "k",
    "share",
    "ci_low",
    "ci_high",
    "lift",
    "suppressed",
    "suppression",
)
TEST_COLUMNS: tuple[str, ...] = (
    "scope",
    "variable",
    "theme_id",
    "label",
    "groups_tested",
    "groups_pooled",
    "n",
    "chi2",
    "dof",
    "p_value",
    "q_value",
    "significant",
    "min_expected",
    "note",
)
NO_THEME = "(no theme)"


def group_order(group: str) -> tuple[int, float, str]:
    """Sort key: numbers numerically ("2" before "10"), then labels, then bracketed groups such as (not given)."""
    if group.startswith("("):
        return (2, 0.0, group)
    m = re.fullmatch(r"-?\d+(?:\.\d+)?", group)
    return (0, float(group), "") if m else (1, 0.0, group)


def _hide(ct: Crosstab, threshold: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Per group × theme: hidden cells and primary cells; per group: hidden sizes; and exposed values left."""
    hidden_n = suppress_margin(ct.n, threshold)
    g, t = ct.k.shape
    hidden = np.zeros((g, t), dtype=bool)
    primary = np.zeros((g, t), dtype=bool)
    exposed = 0
    for j in range(t):
        table = np.stack([ct.k[:, j], ct.n - ct.k[:, j]], axis=1)
        s = suppress_table(
            table,
            threshold,
            locked_row_totals=~hidden_n,
            hidden_row_totals=hidden_n,
            locked_col_totals=True,
            locked_total=True,
        )
        hidden[:, j] = s.cells.any(axis=1) | hidden_n
        primary[:, j] = s.primary.any(axis=1) | (ct.n < threshold)
        exposed += s.exposed
    return hidden, primary, hidden_n, exposed


def breakdown(
    scope: str,
    variable: str,
    ct: Crosstab,
    *,
    themes: Sequence[int],
    labels: Mapping[int, str],
    threshold: int = THRESHOLD,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """A suppressed, tidy table of theme shares by group (see the module docstring).

    Args:
        scope: the scope key (``Q4``), written in every row.
        variable: what the groups are (``demographics.age_band``, ``imd2019_decile``, ``month``).
        ct: the counts.
        themes: theme ids in the column order of ``ct.k`` (``-1`` = no theme).
        labels: theme labels.
        threshold: the small-cell threshold.
        confidence: for the Wilson intervals.

    Returns:
        :data:`BREAKDOWN_COLUMNS`; ``attrs["exposed"]`` counts values the locked totals still fix (normally 0).
    """
    hidden, primary, hidden_n, exposed = _hide(ct, threshold)
    n_total, k_total = int(ct.n.sum()), ct.k.sum(axis=0)
    rows = []
    order = sorted(range(len(ct.groups)), key=lambda i: group_order(ct.groups[i]))
    for j, theme in enumerate(themes):
        low, high = wilson(ct.k[:, j], ct.n, confidence)
        lifts = lift(ct.k[:, j], ct.n, float(k_total[j]), float(n_total))
        for i in order:
            hide = bool(hidden[i, j])
            rows.append(
                {
                    "scope": scope,
                    "variable": variable,
                    "group": ct.groups[i],
                    "theme_id": int(theme),
                    "label": NO_THEME if theme == UNASSIGNED else labels.get(int(theme), str(theme)),
                    "n": None if hidden_n[i] else int(ct.n[i]),
                    "k": None if hide else int(ct.k[i, j]),
                    "share": None if hide else float(ct.k[i, j] / ct.n[i]),
                    "ci_low": None if hide else float(low[i]),
                    "ci_high": None if hide else float(high[i]),
                    "lift": None if hide else float(lifts[i]),
                    "suppressed": hide,
                    "suppression": ("primary" if primary[i, j] else "secondary") if hide else "",
                }
            )
    out = pd.DataFrame(rows, columns=list(BREAKDOWN_COLUMNS))
    out = out.astype(
        {
            "scope": "str",
            "variable": "str",
            "group": "str",
            "theme_id": "int64",
            "label": "str",
            "n": "Int64",
            "k": "Int64",
            "share": "Float64",
            "ci_low": "Float64",
            "ci_high": "Float64",
            "lift": "Float64",
            "suppressed": "bool",
            "suppression": "str",
        }
    )
    out.attrs["exposed"] = exposed
    out.attrs["hidden"] = int(hidden.sum())
    return out


def association_tests(
    scope: str,
    variable: str,
    ct: Crosstab,
    *,
    themes: Sequence[int],
    labels: Mapping[int, str],
    threshold: int = THRESHOLD,
) -> pd.DataFrame:
    """One chi-square test per theme across the groups, with groups holding hidden cells pooled into one.

    ``q_value`` and ``significant`` are left empty: :func:`control_fdr` fills them across every test of a run.
    """
    hidden, _, _, _ = _hide(ct, threshold)
    rows = []
    for j, theme in enumerate(themes):
        if theme == UNASSIGNED:
            continue
        shown = ~hidden[:, j]
        table = [[int(ct.k[i, j]), int(ct.n[i] - ct.k[i, j])] for i in np.flatnonzero(shown)]
        pooled = int((~shown).sum())
        if pooled:
            table.append([int(ct.k[~shown, j].sum()), int((ct.n[~shown] - ct.k[~shown, j]).sum())])
        test = chi_square(table)
        groups = len(table)
        notes = []
        if pooled:
            notes.append(f"{pooled} groups with suppressed cells pooled into one before testing")
        if np.isnan(test.p_value):
            notes.append("not testable: fewer than two groups, or the theme is in all or none of them")
        elif test.min_expected < 5:
            notes.append("some expected counts below 5: the p-value is approximate")
        rows.append(
            {
                "scope": scope,
                "variable": variable,
                "theme_id": int(theme),
                "label": labels.get(int(theme), str(theme)),
                "groups_tested": groups,
                "groups_pooled": pooled,
                "n": int(ct.n.sum()),
                "chi2": test.statistic,
                "dof": test.dof,
                "p_value": test.p_value,
                "q_value": np.nan,
                "significant": False,
                "min_expected": test.min_expected,
                "note": "; ".join(notes),
            }
        )
    return pd.DataFrame(rows, columns=list(TEST_COLUMNS))


def control_fdr(tests: pd.DataFrame, rate: float = 0.05) -> pd.DataFrame:
    """Fill ``q_value`` (Benjamini–Hochberg across all rows) and ``significant`` (q below ``rate``).

    Example:
        >>> t = pd.DataFrame({"p_value": [0.01, 0.04, 0.03, 0.20, float("nan")]})
        >>> control_fdr(t)["significant"].tolist()
        [True, False, False, False, False]
    """
    from voices.indicators.association import benjamini_hochberg

    out = tests.copy()
    q = benjamini_hochberg(out["p_value"].to_numpy(dtype="float64"))
    out["q_value"] = q
    out["significant"] = np.nan_to_num(q, nan=1.0) < rate
    return out
