"""The workbook's tables as DataFrames: pairing tables as published (hidden cells as the word ``suppressed``),
themes and quotes flattened from the theme cards, and the page's small tables as they read.

Example:
    >>> import pandas as pd
    >>> t = pd.DataFrame({"group": ["a", "b"], "theme_id": [0, 0], "label": ["x", "x"], "n": [None, 40],
    ...     "k": [None, 12], "share": [None, 0.3], "suppressed": [True, False]})
    >>> published(t, {"0": "Bills"})[["label", "n", "k", "share"]].values.tolist()
    [['Bills', 'suppressed', 'suppressed', 'suppressed'], ['Bills', 40, 12, 0.3]]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import pandas as pd

from voices.report import words
from voices.report.model import Scope, Table, ThemeCard
from voices.report.themes import theme_key

#: Columns hidden in a suppressed row (whatever they hold), and columns hidden wherever they are empty.
HIDDEN_IN_SUPPRESSED_ROWS: tuple[str, ...] = ("k", "share", "ci_low", "ci_high", "lift")
HIDDEN_WHEN_EMPTY: tuple[str, ...] = ("n",)
#: Columns holding whole numbers (shown without a decimal point even when the frame stored them as floats).
COUNT_COLUMNS: tuple[str, ...] = (
    "n",
    "k",
    "theme_id",
    "areas",
    "units",
    "units_without_value",
    "groups_tested",
    "groups_pooled",
    "dof",
    "lag",
    "n_periods",
    "n_resamples",
)


def _whole(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def published(frame: pd.DataFrame, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A pairing table ready for a spreadsheet: hidden cells read ``suppressed``, labels as in the report.

    Args:
        frame: a pairing table from the run.
        labels: theme id → label to show (a reviewed version's names); others keep the table's label.
    """
    columns: dict[str, list[object]] = {
        str(c): [None if words.is_missing(v) else v for v in frame[c].tolist()] for c in frame.columns
    }
    if labels and "theme_id" in columns and "label" in columns:
        columns["label"] = [
            labels.get(theme_key(t)) or lbl for t, lbl in zip(columns["theme_id"], columns["label"], strict=True)
        ]
    for col in COUNT_COLUMNS:
        if col in columns:
            columns[col] = [_whole(v) for v in columns[col]]
    if "suppressed" in columns:
        hidden = [v is not None and str(v).strip().lower() not in ("false", "0", "") for v in columns["suppressed"]]
        for col in HIDDEN_IN_SUPPRESSED_ROWS:
            if col in columns:
                columns[col] = [words.SUPPRESSED if h else v for h, v in zip(hidden, columns[col], strict=True)]
        for col in HIDDEN_WHEN_EMPTY:
            if col in columns:
                columns[col] = [words.SUPPRESSED if v is None else v for v in columns[col]]
    return pd.DataFrame(columns, columns=list(columns), dtype="object")


def _walk(cards: Sequence[ThemeCard], parent: str = "") -> Iterator[tuple[ThemeCard, str]]:
    for card in cards:
        yield card, parent
        yield from _walk(card.children, card.theme_id)


def themes_frame(scopes: Sequence[Scope]) -> pd.DataFrame:
    """One row per theme and sub-theme, with its share and stability as numbers and in words."""
    rows = []
    for scope in scopes:
        for card, parent in _walk(scope.themes):
            rows.append(
                {
                    "question": scope.key or "all",
                    "theme_id": card.theme_id,
                    "parent_id": parent,
                    "label": card.label,
                    "description": card.description,
                    "keywords": ", ".join(card.keywords),
                    "size": card.size,
                    "share": card.share,
                    "share_low": card.share_ci[0] if card.share_ci else None,
                    "share_high": card.share_ci[1] if card.share_ci else None,
                    "how_common": card.share_words,
                    "stability": card.stability,
                    "stability_in_words": card.stability_words,
                }
            )
    return pd.DataFrame(rows)


def quotes_frame(scopes: Sequence[Scope]) -> pd.DataFrame:
    """One row per quote: the theme, the quote's number, its segment and its (anonymised) text."""
    rows = [
        {
            "theme_id": card.theme_id,
            "label": card.label,
            "quote": i,
            "segment_id": quote.segment_id,
            "text": quote.text,
        }
        for scope in scopes
        for card, _ in _walk(scope.themes)
        for i, quote in enumerate(card.quotes, start=1)
    ]
    return pd.DataFrame(rows, columns=["theme_id", "label", "quote", "segment_id", "text"])


def table_frame(table: Table) -> pd.DataFrame:
    """A page table as a DataFrame (display text)."""
    return pd.DataFrame(table.rows, columns=table.columns)
