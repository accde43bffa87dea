"""The report's tables as an Excel workbook: a README sheet first, then one sheet per table.

Hidden (suppressed) cells hold the text ``suppressed`` (in grey italics), never a number or a blank. Text from
the run is written as text: a quote that starts with ``=`` stays a string and is never turned into a formula,
and characters a spreadsheet cannot hold are removed. The README sheet says what each sheet holds, how the
numbers were made, what to keep in mind, and the licences and attribution the data require.

Example:
    >>> safe_sheet_name("Why records were quarantined (most common reasons)", set())
    'Why records were quarantined (m'
    >>> safe_sheet_name("A/B: [x]?", {"A B x"})
    'A B x 2'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from voices.report import words
from voices.report.model import Report

#: What each standard sheet holds (others are described by their name).
SHEET_NOTES: dict[str, str] = {
    "Themes": "one row per theme and sub-theme: name, description, key words, size, share with interval, stability",
    "Quotes": "the quotes shown for each theme, with the segment each comes from (anonymised text)",
    "By group": "theme shares by group (demographics, question, role), small cells suppressed",
    "By deprivation decile": "theme shares by IMD 2019 decile of the respondent's area, small cells suppressed",
    "Over time": "theme shares by period, small cells suppressed",
    "Group differences": "chi-square tests per theme and grouping, with Benjamini–Hochberg q-values",
    "Area indicators": "Spearman correlations of theme shares with area indicators, with bootstrap intervals",
    "Time series": "correlations of theme shares over time with time series, at each lag",
    "Sources": "the outside data the pairings used",
}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_MAX_WIDTH = 60


def safe_sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (at most 31 characters, none of ``[]:*?/\\``)."""
    base = " ".join(_BAD_SHEET_CHARS.sub(" ", name).split())[:31].strip() or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" {n}"
        candidate = base[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    taken.add(candidate)
    return candidate


def _clean(value: Any) -> Any:
    """A cell value openpyxl can write: plain Python types, no illegal characters, None for missing."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        try:
            value = value.item()
        except (ValueError, TypeError):
            value = str(value)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, int):
        return value
    if words.is_missing(value):
        return None
    if isinstance(value, list | tuple | dict | set):
        value = ", ".join(map(str, value)) if not isinstance(value, dict) else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _write_rows(ws: Any, header: list[str], rows: Iterable[list[Any]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E5E7EB")
    hidden_font = Font(italic=True, color="4B5563")
    widths = [len(h) for h in header]
    ws.append([_clean(h) for h in header])
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.data_type = "s"
    for row in rows:
        values = [_clean(v) for v in row]
        ws.append(values)
        for cell, value in zip(ws[ws.max_row], values, strict=True):
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if value == words.SUPPRESSED:
                    cell.font = hidden_font
                if len(value) > _MAX_WIDTH:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, value in enumerate(values):
            widths[i] = max(widths[i], min(_MAX_WIDTH, len(str(value)) if value is not None else 0))
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(8, width + 2)
    ws.freeze_panes = "A2"


def _frame_rows(frame: pd.DataFrame) -> Iterable[list[Any]]:
    for row in frame.itertuples(index=False, name=None):
        yield list(row)


def readme_rows(report: Report, sheets: dict[str, str]) -> list[list[str]]:
    """The README sheet's lines as ``[heading, text]`` rows."""
    rows: list[list[str]] = [
        ["Report", report.title],
        ["Version", report.version_note or "the machine's themes, as the run produced them"],
        ["Run", report.run_id],
        ["Made", report.made_at],
        ["", ""],
        ["Sheets", ""],
    ]
    rows += [[name, SHEET_NOTES.get(name, caption)] for name, caption in sheets.items()]
    rows += [["", ""], ["Small numbers", ""]]
    if report.threshold is not None:
        rows.append(
            [
                "",
                f"Counts of fewer than {report.threshold} people in a breakdown, and some others next to them, are "
                "hidden and read “suppressed” (never zero), so that no hidden number can be worked out from the "
                "totals. Their share, interval and lift are hidden too.",
            ]
        )
    else:
        rows.append(["", "This run has no breakdowns by area, group or time."])
    rows += [["", ""], ["Method", ""]]
    rows += [["", line] for line in report.method.lines]
    rows += [["", ""], ["Keep in mind", ""]]
    rows += [["", c] for c in [*report.caveats, *report.pairing_caveats]]
    rows += [["", n] for n in report.notes]
    rows += [["", ""], ["Licences and attribution", ""]]
    rows += [["", a] for a in report.attribution] or [["", "No outside data were used."]]
    rows.append(
        [
            "",
            "The quotes are anonymised text from the run; check the anonymisation review queue before publishing "
            "them more widely. voices is open-source software (MIT licence).",
        ]
    )
    return rows


def write_workbook(report: Report, path: str | Path) -> Path:
    """Write the report's tables to an ``.xlsx`` workbook at ``path`` (overwritten) and return the path.

    Args:
        report: from :func:`voices.report.build.build_report`.
        path: the file to write.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    target = Path(path)
    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    taken = {"README"}
    names: dict[str, str] = {}
    for caption, frame in report.tables.items():
        name = safe_sheet_name(caption, taken)
        names[name] = caption
        ws = wb.create_sheet(name)
        _write_rows(ws, [str(c) for c in frame.columns], _frame_rows(frame))
    for row in readme_rows(report, names):
        readme.append([_clean(v) for v in row])
        for cell in readme[readme.max_row]:
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in readme["A"]:
        cell.font = Font(bold=True)
    readme.column_dimensions["A"].width = 28
    readme.column_dimensions["B"].width = 110
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target
