"""A run's themes and assignments in one normalised shape, whatever types the parquet files came back with.

Theme ids are strings everywhere in the review app (``"3"``, ``"3.1"`` after a split); the run's unassigned
marker ``-1`` becomes :data:`UNASSIGNED`. Quotes are lists of ``{"segment_id", "text"}`` dicts, keywords lists
of strings (the themes stage stores both as JSON strings), ``share_ci`` a ``(low, high)`` tuple or None (from a
``share_ci`` pair or ``share_ci_low`` / ``share_ci_high`` columns), ``level`` 0 for a theme and 1 for a sub-theme.

Example:
    >>> import pandas as pd
    >>> t = normalise_themes(pd.DataFrame({"theme_id": [0, -1], "label": ["Bills", "Other"], "size": [4, 2]}))
    >>> t["theme_id"].tolist(), t["keywords"].tolist()
    (['0'], [[]])
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from voices.review.errors import ReviewError
from voices.runstore import Run

UNASSIGNED = "-1"
THEME_COLUMNS: tuple[str, ...] = (
    "theme_id",
    "parent_id",
    "level",
    "label",
    "keywords",
    "description",
    "quotes",
    "size",
    "share",
    "share_ci",
    "stability",
)


def as_list(value: Any) -> list[Any]:
    """A list from a parquet cell that may be a list, a NumPy array, a JSON string, None or NaN.

    Example:
        >>> as_list('["a", "b"]'), as_list(None), as_list("plain")
        (['a', 'b'], [], ['plain'])
    """
    if value is None:
        return []
    if isinstance(value, float) and math.isnan(value):
        return []
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        return list(parsed) if isinstance(parsed, list) else [parsed]
    if isinstance(value, np.ndarray | list | tuple):
        return list(value)
    return [value]


def _quote(value: Any) -> dict[str, str] | None:
    if isinstance(value, dict):
        text = value.get("text")
        if text is None:
            return None
        return {"segment_id": str(value.get("segment_id", "")), "text": str(text)}
    if isinstance(value, str):
        return {"segment_id": "", "text": value}
    return None


def _interval(value: Any) -> tuple[float, float] | None:
    items = as_list(value)
    if len(items) != 2:
        return None
    try:
        low, high = float(items[0]), float(items[1])
    except (TypeError, ValueError):
        return None
    return None if math.isnan(low) or math.isnan(high) else (low, high)


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


def theme_key(value: Any) -> str:
    """A theme id as the review app's string (``3.0`` from a float column becomes ``"3"``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def normalise_themes(frame: pd.DataFrame) -> pd.DataFrame:
    """The themes table with every documented column present and plain Python cell values.

    Unknown extra columns (``question_id``…) are kept. The unassigned pseudo-theme (``-1``) is dropped.

    Raises:
        ReviewError: no ``theme_id`` column.
    """
    if "theme_id" not in frame.columns:
        raise ReviewError(
            "themes table",
            expected="a theme_id column",
            found=f"columns {list(frame.columns)}",
            fix="write themes with the voices.themes stage",
        )
    out = frame.copy()
    out["theme_id"] = [theme_key(v) for v in out["theme_id"]]
    out = out[out["theme_id"] != UNASSIGNED].reset_index(drop=True)
    n = len(out)
    if "parent_id" in out.columns:
        out["parent_id"] = [
            None if v is None or theme_key(v) in (UNASSIGNED, "nan") else theme_key(v) for v in out["parent_id"]
        ]
    else:
        out["parent_id"] = [None] * n
    out["label"] = [str(v) if v is not None else "" for v in out.get("label", pd.Series([""] * n))]
    out["description"] = [
        "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
        for v in out.get("description", pd.Series([""] * n))
    ]
    out["keywords"] = [[str(k) for k in as_list(v)] for v in out.get("keywords", pd.Series([None] * n))]
    out["quotes"] = [
        [q for q in (_quote(item) for item in as_list(v)) if q is not None]
        for v in out.get("quotes", pd.Series([None] * n))
    ]
    out["size"] = [int(_number(v)) if not math.isnan(_number(v)) else 0 for v in out.get("size", pd.Series([0] * n))]
    out["share"] = [_number(v) for v in out.get("share", pd.Series([math.nan] * n))]
    if "share_ci" in out.columns:
        out["share_ci"] = [_interval(v) for v in out["share_ci"]]
    elif {"share_ci_low", "share_ci_high"} <= set(out.columns):  # the themes stage writes two columns
        out["share_ci"] = [
            _interval([lo, hi]) for lo, hi in zip(out["share_ci_low"], out["share_ci_high"], strict=True)
        ]
        out = out.drop(columns=["share_ci_low", "share_ci_high"])
    else:
        out["share_ci"] = [None] * n
    out["level"] = [int(_number(v)) if not math.isnan(_number(v)) else 0 for v in out.get("level", pd.Series([0] * n))]
    out["stability"] = [_number(v) for v in out.get("stability", pd.Series([math.nan] * n))]
    ordered = list(THEME_COLUMNS) + [c for c in out.columns if c not in THEME_COLUMNS]
    return out[ordered]


def normalise_assignments(frame: pd.DataFrame | None) -> pd.DataFrame:
    """Assignments as ``segment_id`` (str), ``theme_id`` (str, ``"-1"`` = unassigned), ``probability`` (float)."""
    if frame is None or frame.empty:
        return pd.DataFrame(
            {
                "segment_id": pd.Series([], dtype=str),
                "theme_id": pd.Series([], dtype=str),
                "probability": pd.Series([], dtype=float),
            }
        )
    out = pd.DataFrame(
        {
            "segment_id": [str(v) for v in frame["segment_id"]],
            "theme_id": [theme_key(v) for v in frame["theme_id"]],
            "probability": [_number(v) for v in frame.get("probability", pd.Series([math.nan] * len(frame)))],
        }
    )
    return out


def run_themes(run: Run) -> pd.DataFrame:
    """A run's themes, normalised; empty when the run has no themes table."""
    if "themes" not in run.tables():
        return normalise_themes(pd.DataFrame({"theme_id": pd.Series([], dtype=str)}))
    return normalise_themes(run.table("themes"))


def run_assignments(run: Run) -> pd.DataFrame:
    """A run's assignments, normalised; empty when the run has none."""
    return normalise_assignments(run.table("assignments") if "assignments" in run.tables() else None)


def members(assignments: pd.DataFrame, theme_ids: Iterable[str]) -> set[str]:
    """The segment ids assigned to any of these themes."""
    wanted = set(theme_ids)
    return set(assignments.loc[assignments["theme_id"].isin(wanted), "segment_id"])
