"""A run at a glance for researchers: sources, counts, quarantine, anonymisation and theme quality.

Example:
    >>> counts_table({"records_in": 10, "records_kept": 9, "records_quarantined": 1}).values.tolist()
    [['records in', 10], ['records kept', 9], ['records quarantined', 1]]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from voices.review.themeset import UNASSIGNED, run_assignments
from voices.runstore import Run

_COUNT_KEYS = (
    "records_in",
    "records_kept",
    "records_quarantined",
    "records_dropped",
    "segments",
    "quarantined_total",
    "dropped_total",
)


def counts_table(counts: Mapping[str, Any]) -> pd.DataFrame:
    """The manifest's counts as a two-column table, in a fixed order."""
    rows = [[key.replace("_", " "), counts[key]] for key in _COUNT_KEYS if key in counts]
    return pd.DataFrame(rows, columns=["count", "value"])


def sources_table(manifest: Mapping[str, Any]) -> pd.DataFrame:
    """The input files the run was made from (name, format, rows, hash), as recorded in the manifest."""
    rows = []
    for source in manifest.get("inputs", []) or []:
        if isinstance(source, Mapping):
            rows.append({k: v for k, v in source.items() if not isinstance(v, dict | list)})
        else:
            rows.append({"file": str(source)})
    return pd.DataFrame(rows)


def anonymisation_table(report: Mapping[str, Any] | None) -> pd.DataFrame:
    """Redactions by label from the ``anonymisation`` artifact."""
    by_label = (report or {}).get("by_label", {}) or {}
    return pd.DataFrame(sorted(by_label.items(), key=lambda kv: -kv[1]), columns=["label", "masked"])


def facts(run: Run) -> dict[str, Any]:
    """Headline numbers: segments, documents, quarantined, redactions, review queue, themes, unassigned share."""
    manifest = run.manifest
    summary = manifest.get("summary", {}) or {}
    report = run.artifact("anonymisation") if "anonymisation" in run.artifacts() else {}
    assignments = run_assignments(run)
    unassigned = None
    if not assignments.empty:
        per_segment = assignments.groupby("segment_id")["theme_id"].agg(lambda ids: all(t == UNASSIGNED for t in ids))
        unassigned = float(per_segment.mean())
    themes = run.table("themes") if "themes" in run.tables() else None
    return {
        "name": manifest.get("name", run.path.name),
        "run_id": manifest.get("run_id", run.path.name),
        "created_at": manifest.get("created_at"),
        "privacy": (manifest.get("privacy") or {}).get("state"),
        "segments": summary.get("segments", len(run.segments)),
        "documents": summary.get("documents"),
        "by_kind": summary.get("by_kind", {}),
        "quarantined": len(run.quarantine),
        "dropped": len(run.dropped),
        "redactions": report.get("redactions"),
        "review_queue": (report.get("review_queue") or {}).get("rows"),
        "themes": None if themes is None else int((themes["theme_id"].astype(str) != UNASSIGNED).sum()),
        "unassigned_share": unassigned,
        "quality": run.artifact("themes_quality") if "themes_quality" in run.artifacts() else None,
    }
