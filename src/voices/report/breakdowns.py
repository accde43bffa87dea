"""Breakdowns of theme shares by question, area decile, group and period, read from the pairing tables as given.

The ``voices.pair.v1`` stage publishes ``pair_deciles``, ``pair_groups`` and ``pair_time`` already suppressed.
This module only reshapes them: a row marked ``suppressed`` becomes a hidden :class:`~voices.report.model.Cell`
with no numbers, whatever the row holds; nothing is recomputed. A table without the ``suppressed`` flag is not
shown at all (it cannot be told apart from an unprotected one).

Example:
    >>> import pandas as pd
    >>> t = pd.DataFrame({"scope": "all", "variable": "age", "group": ["16-24", "25-34"], "theme_id": 0,
    ...     "label": "Bills", "n": [None, 40], "k": [None, 12], "share": [None, 0.3], "ci_low": [None, 0.2],
    ...     "ci_high": [None, 0.45], "suppressed": [True, False], "suppression": ["primary", ""]})
    >>> b = from_table(t, "group")[0]
    >>> [b.cells[(g, "0")].text for g in b.groups]
    ['suppressed', '30% (20–45%)']
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import pandas as pd

from voices.report import words
from voices.report.model import Breakdown, BreakdownKind, Cell
from voices.report.themes import UNASSIGNED, scope_title, theme_key

log = logging.getLogger(__name__)

#: Columns a breakdown table must have to be shown.
REQUIRED: tuple[str, ...] = ("scope", "variable", "group", "theme_id", "share", "suppressed")
#: The pairing tables that hold breakdowns, and what kind each is.
TABLE_KINDS: dict[str, BreakdownKind] = {"pair_deciles": "decile", "pair_groups": "group", "pair_time": "time"}
_TITLES: dict[BreakdownKind, str] = {
    "question": "By question",
    "decile": "By area deprivation",
    "group": "By group",
    "time": "Over time",
}


def missing_columns(table: pd.DataFrame) -> list[str]:
    """Required columns the table lacks (empty when it can be shown)."""
    return [c for c in REQUIRED if c not in table.columns]


def _is_true(value: object) -> bool:
    if words.is_missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _cell(row: Mapping[str, object]) -> Cell:
    if _is_true(row.get("suppressed")):
        return Cell.hidden(str(row.get("suppression") or ""))
    return Cell.of(row.get("share"), row.get("ci_low"), row.get("ci_high"))


def from_table(
    table: pd.DataFrame,
    kind: BreakdownKind,
    *,
    labels: Mapping[str, str] | None = None,
    order: Mapping[str, float] | None = None,
    title_of: Callable[[str], str] = scope_title,
) -> list[Breakdown]:
    """One :class:`~voices.report.model.Breakdown` per scope × grouping in a pairing table.

    Args:
        table: ``pair_deciles``, ``pair_groups`` or ``pair_time`` (already suppressed by the run).
        kind: what the table is; ``group`` tables split into ``question`` (grouped by question) and ``group``.
        labels: theme id → label to show instead of the table's (a reviewed version's names).
        order: theme id → size, largest first (default: the table's order).
        title_of: scope key → its title.

    Returns:
        The breakdowns, in table order; none when required columns are missing (logged).
    """
    gone = missing_columns(table)
    if gone:
        log.warning("breakdown table not shown: it lacks the columns %s", gone)
        return []
    labels = labels or {}
    order = order or {}
    out: list[Breakdown] = []
    frame = table.assign(_theme=[theme_key(t) for t in table["theme_id"]], _group=table["group"].astype("str"))
    for (scope, variable), chunk in frame.groupby(["scope", "variable"], sort=False):
        scope, variable = str(scope), str(variable)
        this_kind: BreakdownKind = "question" if kind == "group" and variable == "question_id" else kind
        groups = list(dict.fromkeys(chunk["_group"]))
        theme_ids = list(dict.fromkeys(chunk["_theme"]))
        shown_labels: dict[str, str] = {}
        for tid, lbl in zip(chunk["_theme"], chunk.get("label", chunk["_theme"]), strict=True):
            shown_labels.setdefault(tid, labels.get(tid) or ("(no theme)" if tid == UNASSIGNED else str(lbl)))
        first = {t: i for i, t in enumerate(theme_ids)}
        theme_ids.sort(key=lambda t: (t == UNASSIGNED, -order.get(t, 0.0), first[t]))
        sizes: dict[str, int | None] = {}
        cells: dict[tuple[str, str], Cell] = {}
        for row in chunk.to_dict("records"):
            g, t = row["_group"], row["_theme"]
            n = words.number(row.get("n"))
            if g not in sizes or sizes[g] is None:
                sizes[g] = None if n is None else int(n)
            cells[(g, t)] = _cell(row)
        scope_text = title_of(scope)
        heading = _TITLES[this_kind]
        if this_kind == "group":
            heading = f"By {words.variable_name(variable)}"
        elif this_kind == "time":
            heading = f"Over time (by {words.variable_name(variable)})"
        out.append(
            Breakdown(
                kind=this_kind,
                scope=scope,
                scope_title=scope_text,
                variable=variable,
                title=heading,
                groups=groups,
                group_labels=[words.group_name(variable, g) for g in groups],
                group_sizes=[sizes.get(g) for g in groups],
                themes=[(t, shown_labels[t]) for t in theme_ids],
                cells=cells,
            )
        )
    return out


def breakdowns(
    tables: Mapping[str, pd.DataFrame],
    *,
    labels: Mapping[str, str] | None = None,
    order: Mapping[str, float] | None = None,
    title_of: Callable[[str], str] = scope_title,
) -> list[Breakdown]:
    """Every breakdown in a run's pairing tables: by question first, then area decile, group and time."""
    found: list[Breakdown] = []
    for name, kind in TABLE_KINDS.items():
        if name in tables:
            found += from_table(tables[name], kind, labels=labels, order=order, title_of=title_of)
    rank = {"question": 0, "decile": 1, "group": 2, "time": 3}
    return sorted(found, key=lambda b: rank[b.kind])
