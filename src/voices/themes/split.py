"""Themes split by a segment attribute: question, speaker role, period, area or any ``meta`` field.

:func:`theme_shares` cross-tabulates an assignments table against a segment column: per group and theme, the
number of segments carrying the theme, the group's size, the share with a Wilson 95% interval, and small-cell
suppression (counts below ``min_cell`` are withheld, and say so, because small numbers identify people).

Fitting separate themes per consultation question is a different thing: see ``split_by`` of the
``voices.themes.v1`` stage, which uses :func:`groups`.

Example:
    >>> import pandas as pd
    >>> seg = pd.DataFrame({"segment_id": ["a", "b", "c", "d"], "speaker_role": ["p", "p", "i", "p"]})
    >>> asg = pd.DataFrame({"segment_id": ["a", "b", "c", "d", "d"], "theme_id": [0, 1, 0, 0, 1]})
    >>> t = theme_shares(asg, seg, by="speaker_role", min_cell=1)
    >>> t[["group", "theme_id", "count", "group_size", "share"]].values.tolist()
    [['i', 0, 1, 1, 1.0], ['p', 0, 2, 3, 0.6667], ['p', 1, 2, 3, 0.6667]]
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from voices.themes.errors import ThemeError
from voices.themes.metrics import wilson_interval

MISSING_GROUP = "(none)"


def group_values(segments: pd.DataFrame, by: str) -> pd.Series:
    """The grouping value of every segment: a segment column, or ``meta.<key>`` for a field of ``meta``.

    Missing values become ``"(none)"``; datetimes in ``created_at`` are grouped by month (``YYYY-MM``).

    Example:
        >>> seg = pd.DataFrame({"meta": ['{"age_band": "25-34"}', "{}"]})
        >>> group_values(seg, "meta.age_band").tolist()
        ['25-34', '(none)']
    """
    if by.startswith("meta."):
        key = by[len("meta.") :]
        if "meta" not in segments.columns:
            raise ThemeError(expected="a 'meta' column", found="none", fix=f"split by a segment column, not {by!r}")
        values = segments["meta"].map(lambda m: json.loads(m).get(key) if isinstance(m, str) and m else None)
    elif by in segments.columns:
        values = segments[by]
        if by == "created_at" or pd.api.types.is_datetime64_any_dtype(values):
            values = pd.to_datetime(values, utc=True, errors="coerce").dt.strftime("%Y-%m")
    else:
        raise ThemeError(
            expected=f"a segment column or meta.<key> to split by (e.g. question_id, speaker_role, period, "
            f"area_code, meta.age_band); segment columns are {list(segments.columns)}",
            found=repr(by),
            fix="choose one of those columns",
        )
    out = values.astype("object").where(values.notna(), None).map(lambda v: MISSING_GROUP if v is None else str(v))
    return out.reset_index(drop=True)


def groups(segments: pd.DataFrame, by: str | None) -> dict[str, np.ndarray]:
    """Row indices of each group (in first-appearance order); one group ``"all"`` when ``by`` is None.

    Example:
        >>> groups(pd.DataFrame({"question_id": ["Q2", "Q1", "Q2"]}), "question_id")
        {'Q2': array([0, 2]), 'Q1': array([1])}
    """
    if by is None:
        return {"all": np.arange(len(segments))}
    values = group_values(segments, by)
    order = pd.unique(values)
    return {str(v): np.flatnonzero(values.to_numpy() == v) for v in order}


def theme_shares(
    assignments: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    by: str,
    min_cell: int = 10,
) -> pd.DataFrame:
    """Per group and theme: segments carrying the theme, group size, share and its 95% Wilson interval.

    Args:
        assignments: long table with ``segment_id`` and ``theme_id`` (several rows per segment allowed;
            ``-1`` rows count towards the group's size, not towards any theme).
        segments: the segment table (``segment_id`` plus the ``by`` column or ``meta``).
        by: segment column or ``meta.<key>``.
        min_cell: counts below this are suppressed (``count``, ``share`` and the interval left empty,
            ``suppressed`` True).

    Returns:
        Columns ``group``, ``theme_id``, ``count``, ``group_size``, ``share``, ``share_ci_low``,
        ``share_ci_high``, ``suppressed``, sorted by group then theme.
    """
    values = group_values(segments, by)
    group_of = dict(zip(segments["segment_id"].astype(str), values, strict=True))
    size = values.value_counts()
    asg = assignments.assign(segment_id=assignments["segment_id"].astype(str))
    asg = asg[asg["theme_id"] >= 0].drop_duplicates(["segment_id", "theme_id"])
    asg = asg.assign(group=asg["segment_id"].map(group_of))
    if asg["group"].isna().any():
        missing = asg.loc[asg["group"].isna(), "segment_id"].iloc[0]
        raise ThemeError(
            expected="every assigned segment in the segment table",
            found=f"segment {missing!r} missing",
            fix="pass the segments the assignments were made for",
        )
    counts = asg.groupby(["group", "theme_id"]).size().rename("count").reset_index()
    counts["group_size"] = counts["group"].map(size).astype(int)
    counts["share"] = (counts["count"] / counts["group_size"]).round(4)
    ci = [wilson_interval(int(c), int(n)) for c, n in zip(counts["count"], counts["group_size"], strict=True)]
    counts["share_ci_low"] = [lo for lo, _ in ci]
    counts["share_ci_high"] = [hi for _, hi in ci]
    counts["suppressed"] = counts["count"] < min_cell
    hide = counts["suppressed"]
    counts["count"] = counts["count"].astype("Int64").mask(hide)
    for col in ("share", "share_ci_low", "share_ci_high"):
        counts[col] = counts[col].astype("Float64").mask(hide)
    return counts.sort_values(["group", "theme_id"], kind="stable").reset_index(drop=True)
