"""Themes over time: each segment's period, theme volumes per period, and lagged correlation with a series.

A theme's volume in a period is the number of units (people) voicing it then; its share is that out of the
units active in the period, which keeps a busy week from looking like a surge. Lagged correlations use the
share, at the coarser of the requested frequency and the series' own (a monthly CPI is compared with monthly
shares even when weekly volumes were asked for).

Example:
    >>> seg = pd.DataFrame({"created_at": pd.to_datetime(["2026-01-05", None], utc=True),
    ...                     "period": [None, "2026-02"]})
    >>> segment_periods(seg, "month").tolist()
    ['2026-01', '2026-02']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from voices.indicators.correlation import lagged_correlation
from voices.indicators.membership import MISSING, UNASSIGNED, Scope, crosstab
from voices.indicators.periods import FREQUENCIES, Frequency, coarsen, is_finer, label, parse_period, period_labels

LAG_COLUMNS: tuple[str, ...] = (
    "scope",
    "theme_id",
    "label",
    "series",
    "frequency",
    "lag",
    "n_periods",
    "spearman",
    "pearson",
    "note",
)


def segment_periods(segments: pd.DataFrame, freq: Frequency) -> pd.Series:
    """Each segment's period label at ``freq``: from ``created_at``, else from its ``period`` label (if coarse
    enough); null when neither is usable."""
    from_time = period_labels(segments["created_at"], freq) if "created_at" in segments.columns else None
    out = pd.Series([None] * len(segments), index=segments.index, dtype="object")
    if from_time is not None:
        out = from_time.astype("object").where(from_time.notna(), None)
    if "period" in segments.columns:
        todo = out.isna() & segments["period"].notna()
        for idx in out.index[todo]:
            p = parse_period(str(segments.at[idx, "period"]))
            if p is None:
                continue
            have = _freq(p)
            if have == freq:
                out.at[idx] = label(p)
            elif is_finer(have, freq):
                out.at[idx] = label(coarsen(pd.Series([0.0], index=[p]), freq).index[0])
    return out


def _freq(period: pd.Period) -> Frequency:
    from voices.indicators.periods import frequency_of

    return frequency_of(period)


def shares_by_period(scope: Scope, keys: pd.Series, freq: Frequency) -> pd.DataFrame:
    """Share of active units voicing each theme per period: rows periods (:class:`pandas.Period`), columns themes."""
    ct = crosstab(scope, keys)
    keep = [i for i, g in enumerate(ct.groups) if g != MISSING]
    index = [parse_period(ct.groups[i]) for i in keep]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = ct.k[keep] / ct.n[keep][:, None]
    return pd.DataFrame(share, index=pd.Index(index), columns=scope.themes).sort_index()


def series_frequency(available: Sequence[str], wanted: Frequency) -> Frequency | None:
    """The frequency to compare at: ``wanted`` if the series has it or finer, else its next coarser one."""
    if any(f == wanted or is_finer(f, wanted) for f in available):  # type: ignore[arg-type]
        return wanted
    coarser = [f for f in FREQUENCIES if f in available and is_finer(wanted, f)]  # type: ignore[arg-type]
    return coarser[0] if coarser else None  # type: ignore[return-value]


def lag_table(
    scope: Scope,
    shares: pd.DataFrame,
    series: pd.Series,
    *,
    name: str,
    freq: Frequency,
    labels_: Mapping[int, str],
    max_lag: int,
    min_periods: int,
) -> pd.DataFrame:
    """Lagged correlations of every theme's share with one series (both indexed by periods at ``freq``)."""
    frames = []
    for theme in scope.themes:
        if theme == UNASSIGNED:
            continue
        t = lagged_correlation(shares[theme].dropna(), series, max_lag=max_lag, min_periods=min_periods)
        t.insert(0, "frequency", freq)
        t.insert(0, "series", name)
        t.insert(0, "label", labels_.get(int(theme), str(theme)))
        t.insert(0, "theme_id", int(theme))
        t.insert(0, "scope", scope.key)
        frames.append(t)
    if not frames:
        return pd.DataFrame(columns=list(LAG_COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(LAG_COLUMNS)]
