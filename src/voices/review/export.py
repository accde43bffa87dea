"""Exports of a reviewed version: CSV and XLSX tables that are safe to open in a spreadsheet.

Every text cell that a spreadsheet would read as a formula (starting ``=``, ``+``, ``-``, ``@``, tab or carriage
return) is prefixed with an apostrophe, so a response such as ``=HYPERLINK(...)`` stays text (OWASP's CSV
injection advice).

Example:
    >>> safe_cell("=1+1"), safe_cell("fine"), safe_cell(3)
    ("'=1+1", 'fine', 3)
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from voices.db.models import Decision
from voices.review.reviewed import ReviewedThemes

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A cell value that cannot run as a spreadsheet formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell passed through :func:`safe_cell` and timezone-aware times made naive UTC."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.DatetimeTZDtype):
            out[column] = out[column].dt.tz_convert("UTC").dt.tz_localize(None)
        elif out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = [safe_cell(_plain(v)) for v in out[column]]
    return out


def _plain(value: Any) -> Any:
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return value.replace(tzinfo=None)
    return value


def themes_table(reviewed: ReviewedThemes) -> pd.DataFrame:
    """Reviewed themes flattened for a spreadsheet: one row per theme, intervals as two columns."""
    t = reviewed.themes
    ci = [c if isinstance(c, tuple | list) and len(c) == 2 else (math.nan, math.nan) for c in t["share_ci"]]
    return pd.DataFrame(
        {
            "theme_id": t["theme_id"],
            "label": t["label"],
            "name_source": t["name_source"],
            "machine_label": t["machine_label"],
            "description": t["description"],
            "keywords": ["; ".join(k) for k in t["keywords"]],
            "size": t["size"],
            "share": t["share"],
            "share_ci_low": [c[0] for c in ci],
            "share_ci_high": [c[1] for c in ci],
            "stability": t["stability"],
            "derived_from": ["; ".join(d) for d in t["derived_from"]],
            "parent_id": t["parent_id"],
        }
    )


def quotes_table(reviewed: ReviewedThemes) -> pd.DataFrame:
    """Every quote of every reviewed theme (masked)."""
    rows = [
        {"theme_id": tid, "label": label, "segment_id": q["segment_id"], "quote": q["text"]}
        for tid, label, quotes in zip(
            reviewed.themes["theme_id"], reviewed.themes["label"], reviewed.themes["quotes"], strict=True
        )
        for q in quotes
    ]
    return pd.DataFrame(rows, columns=["theme_id", "label", "segment_id", "quote"])


def decisions_table(decisions: Sequence[Decision], names: Mapping[int, str]) -> pd.DataFrame:
    """Decisions with who, when and why."""
    rows = [
        {
            "decision_id": d.id,
            "version": d.reviewed_version,
            "kind": d.kind,
            "what": json.dumps(d.payload, ensure_ascii=False, sort_keys=True),
            "by": names.get(d.author_id, f"person {d.author_id}"),
            "when": d.created_at,
            "why": d.reason or "",
        }
        for d in decisions
    ]
    return pd.DataFrame(rows, columns=["decision_id", "version", "kind", "what", "by", "when", "why"])


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with a byte-order mark, so Excel reads accents correctly)."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per table (sheet names cut to Excel's 31 characters)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in tables.items():
            safe_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()
