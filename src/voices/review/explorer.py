"""The theme explorer's tables: breakdowns by question, group, area and time (small cells suppressed), search.

Small numbers identify people: any cell counting fewer than ``threshold`` segments (default 10) is shown as
``<10`` and the table says so.

Example:
    >>> suppress(4, 10), suppress(0, 10), suppress(12, 10)
    ('<10', '0', '12')
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from voices.review.cards import plain_label
from voices.review.themeset import UNASSIGNED

THRESHOLD = 10
BUILT_IN: dict[str, str] = {"question_id": "question", "area_code": "area", "period": "time period"}
MAX_GROUPS = 30


def suppress(count: int, threshold: int = THRESHOLD) -> str:
    """A count as shown: ``<threshold`` for 1 … threshold-1."""
    return f"<{threshold}" if 0 < count < threshold else str(int(count))


def group_keys(segments: pd.DataFrame) -> list[str]:
    """Meta fields with a few distinct values (demographic groups, closed answers) worth breaking down by."""
    if "meta" not in segments.columns or segments.empty:
        return []
    counts: dict[str, set[str]] = {}
    for raw in segments["meta"].head(5000):
        try:
            meta = json.loads(raw) if isinstance(raw, str) else {}
        except ValueError:
            continue
        for key, value in meta.items() if isinstance(meta, dict) else []:
            if isinstance(value, str | int | float | bool) and not isinstance(value, bool | float):
                counts.setdefault(key, set()).add(str(value))
    return sorted(k for k, values in counts.items() if 1 < len(values) <= MAX_GROUPS)


def dimensions(segments: pd.DataFrame) -> dict[str, str]:
    """Every dimension available in this run: column or ``meta:<key>`` -> plain label."""
    out = {c: label for c, label in BUILT_IN.items() if c in segments.columns and segments[c].notna().any()}
    if "created_at" in segments.columns and segments["created_at"].notna().any() and "period" not in out:
        out["month"] = "month"
    out.update({f"meta:{key}": key.replace("_", " ") for key in group_keys(segments)})
    return out


def _values(segments: pd.DataFrame, dimension: str) -> pd.Series:
    if dimension == "month":
        return pd.to_datetime(segments["created_at"], utc=True).dt.strftime("%Y-%m")
    if dimension.startswith("meta:"):
        key = dimension[5:]

        def pick(raw: object) -> object:
            try:
                meta = json.loads(raw) if isinstance(raw, str) else {}
            except ValueError:
                return None
            return meta.get(key) if isinstance(meta, dict) else None

        return segments["meta"].map(pick)
    return segments[dimension]


def breakdown(
    assignments: pd.DataFrame,
    segments: pd.DataFrame,
    labels: Mapping[str, str],
    dimension: str,
    *,
    threshold: int = THRESHOLD,
) -> tuple[pd.DataFrame, int]:
    """Theme x category counts of segments, with small cells suppressed.

    Args:
        assignments: reviewed assignments.
        segments: the segment table (``segment_id`` and the dimension's column).
        labels: theme id -> label, in display order.
        dimension: a key of :func:`dimensions`.
        threshold: smallest count shown.

    Returns:
        ``(table of strings, number of suppressed cells)``; the last row is every segment in each category.
    """
    values = _values(segments, dimension).astype("string").fillna("(not known)")
    category = pd.Series(values.to_numpy(), index=segments["segment_id"].astype(str).to_numpy())
    assigned = assignments[assignments["theme_id"] != UNASSIGNED]
    joined = assigned.assign(category=assigned["segment_id"].map(category)).dropna(subset=["category"])
    counts = joined.groupby(["theme_id", "category"])["segment_id"].nunique().unstack(fill_value=0)
    columns = sorted(category.unique().tolist())
    counts = counts.reindex(index=list(labels), columns=columns, fill_value=0)
    totals = category.value_counts().reindex(columns, fill_value=0)
    suppressed = 0
    rows = []
    for tid in labels:
        row = {"theme": plain_label(labels[tid])}
        for col in columns:
            n = int(counts.loc[tid, col])
            suppressed += int(0 < n < threshold)
            row[col] = suppress(n, threshold)
        rows.append(row)
    total_row = {"theme": "all segments"}
    for col in columns:
        n = int(totals[col])
        suppressed += int(0 < n < threshold)
        total_row[col] = suppress(n, threshold)
    rows.append(total_row)
    return pd.DataFrame(rows, columns=["theme", *columns]), suppressed


def search(
    segments: pd.DataFrame, assignments: pd.DataFrame, labels: Mapping[str, str], query: str, *, limit: int = 200
) -> pd.DataFrame:
    """Segments whose (masked) text contains ``query`` (case-insensitive, literal), with their themes."""
    query = query.strip()
    columns = ["segment_id", "themes", "text"]
    if not query:
        return pd.DataFrame(columns=columns)
    hits = segments[segments["text"].astype(str).str.contains(query, case=False, regex=False, na=False)].head(limit)
    themes_of = (
        assignments[assignments["theme_id"] != UNASSIGNED]
        .groupby("segment_id")["theme_id"]
        .agg(lambda ids: "; ".join(plain_label(labels.get(t, t)) for t in ids))
    )
    return pd.DataFrame(
        {
            "segment_id": hits["segment_id"].astype(str).to_numpy(),
            "themes": [themes_of.get(str(s), "") for s in hits["segment_id"]],
            "text": hits["text"].astype(str).to_numpy(),
        },
        columns=columns,
    )
