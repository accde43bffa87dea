"""A respondent table: one row per respondent, one column per export column, plus what each column is.

Every platform layout (:mod:`~voices.ingest.consultation.layouts`, :mod:`~voices.ingest.consultation.documents`)
reduces its file to a :class:`Table`; classification and assembly then work the same for all of them.
Cells are stripped text with ``NA`` for empty; frame columns have internal keys (``c0``, ``c1``…) so duplicate
or blank headers never collide.

Example:
    >>> t = from_records([["Q", "Why?"], ["1", " Because "], [], ["2", "  "]], header=["Q", "Why?"], start=1,
    ...                  platform="generic_wide")
    >>> t.frame["c1"].tolist(), t.rows.tolist(), t.notes["blank_rows"]
    (['Because', nan], [2, 4], 1)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

_NOT_APPLICABLE = re.compile(r"^(?:n\s*/\s*a|n\.a\.?|na|not applicable|[\W_]+)$", re.IGNORECASE)


@dataclass
class Field:
    """One column of a respondent table.

    Attributes:
        key: internal column key in :attr:`Table.frame`.
        header: the header as a person sees it (SurveyMonkey: the question, or the option for its sub-columns).
        column_id: the platform's own id for the column (Qualtrics ``Q3_TEXT``, Citizen Space component id,
            i.AI ``Ident 5`` / ``Prop 1 Q1``), used as the question id when present.
        question_text: the question's wording when it differs from the header.
        group: the question a multi-column block belongs to (SurveyMonkey).
        option: the SurveyMonkey row-2 label (``Response``, ``Open-Ended Response``, an option label).
        hint: what the layout already knows: ``open``, ``multi_option``, ``multi_list``, ``other_text``,
            ``matrix``, ``meta``, ``id``, ``ignore``.
        meta_kind: the platform metadata kind when the layout knows it (``submitted``, ``started``…).
        tz: IANA time zone of a timestamp column, when the platform states it.
        letter: the Excel column letter (A, B, … AA) of the column in the file, when it has one.
    """

    key: str
    header: str
    column_id: str | None = None
    question_text: str | None = None
    group: str | None = None
    option: str | None = None
    hint: str | None = None
    meta_kind: str | None = None
    tz: str | None = None
    letter: str | None = None

    @property
    def label(self) -> str:
        """How notes and errors name the column."""
        if self.group and self.option and self.group != self.header:
            return f"{self.group} / {self.option}"
        if self.group and self.option and self.option not in ("Response", "Open-Ended Response"):
            return f"{self.group} / {self.option}"
        return self.header


@dataclass
class Table:
    """A file reduced to respondent rows.

    Attributes:
        platform: detected platform name.
        fields: the columns, in file order.
        frame: one row per readable respondent; columns keyed by :attr:`Field.key`.
        rows: the 1-based source row (or record number) of each frame row.
        records_in: every respondent record seen (frame rows + quarantined + pre-dropped).
        quarantine: ``(row, reason)`` for records that could not be read.
        dropped: ``(row, reason)`` for records the platform marks as not real responses (deleted, preview).
        notes: layout notes (blank rows, encoding, whitespace-only cells per key…).
    """

    platform: str
    fields: list[Field]
    frame: pd.DataFrame
    rows: np.ndarray
    records_in: int
    quarantine: list[tuple[int, str]] = field(default_factory=list)
    dropped: list[tuple[int, str]] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)

    def field(self, key: str) -> Field:
        """The field with internal key ``key``."""
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


def excel_letter(index: int) -> str:
    """Excel's name for the 0-based column ``index``.

    Example:
        >>> excel_letter(0), excel_letter(25), excel_letter(26)
        ('A', 'Z', 'AA')
    """
    out = ""
    i = index + 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def from_records(
    records: list[list[str]],
    *,
    header: list[str],
    start: int,
    platform: str,
    errors: dict[int, str] | None = None,
    fields: list[Field] | None = None,
) -> Table:
    """Build a :class:`Table` from CSV-like records.

    Args:
        records: every record of the file, header rows included (record ``i`` is row ``i + 1``).
        header: the header cells that name the columns (sets the table width).
        start: index of the first data record.
        platform: platform name.
        errors: record index -> reason for records the parser rejected.
        fields: fields to use instead of ones made from ``header`` (same length).

    Blank records are skipped and counted; a record with more cells than the header is quarantined unless
    the extra cells are empty; a shorter record is padded with empty cells.
    """
    errors = errors or {}
    width = len(header)
    quarantine: list[tuple[int, str]] = []
    body: list[list[str]] = []
    rows: list[int] = []
    blank = 0
    for i in range(start, len(records)):
        rec = records[i]
        if i in errors:
            quarantine.append((i + 1, errors[i]))
            continue
        if not rec or not any(c.strip() for c in rec):
            blank += 1
            continue
        if len(rec) > width:
            if any(c.strip() for c in rec[width:]):
                quarantine.append(
                    (
                        i + 1,
                        (
                            f"row has {len(rec)} cells but the header has {width}, and the extra cells are not empty, "
                            "so the answers cannot be matched to questions (a stray delimiter or an unquoted cell); "
                            "fix the row in the file and read it again"
                        ),
                    )
                )
                continue
            rec = rec[:width]
        elif len(rec) < width:
            rec = rec + [""] * (width - len(rec))
        body.append(rec)
        rows.append(i + 1)
    if fields is None:
        fields = [Field(key=f"c{j}", header=h.strip(), letter=excel_letter(j)) for j, h in enumerate(header)]
    columns = list(zip(*body, strict=True)) if body else [() for _ in fields]
    frame, whitespace = _frame([f.key for f in fields], columns)
    table = Table(
        platform=platform,
        fields=fields,
        frame=frame,
        rows=np.asarray(rows, dtype=np.int64),
        records_in=len(body) + len(quarantine),
        quarantine=quarantine,
        notes={"blank_rows": blank, "whitespace_only": whitespace},
    )
    return drop_unnamed_empty(table)


def _frame(keys: list[str], columns: list[Any]) -> tuple[pd.DataFrame, dict[str, int]]:
    data: dict[str, pd.Series] = {}
    whitespace: dict[str, int] = {}
    for key, col in zip(keys, columns, strict=True):
        s = pd.Series(list(col), dtype="str")
        data[key], whitespace[key] = clean(s)
    return pd.DataFrame(data), whitespace


def clean(s: pd.Series) -> tuple[pd.Series, int]:
    """Strip cells and turn empty ones into NA; return the column and how many were whitespace-only."""
    s = s.astype("str")
    raw_present = s.notna() & (s.str.len() > 0)
    stripped = s.str.strip()
    empty = stripped.isna() | (stripped.str.len() == 0)
    return stripped.where(~empty), int((raw_present & empty).sum())


def not_applicable(s: pd.Series) -> pd.Series:
    """True where a cell says nothing: ``N/A``, ``n.a.``, ``Not applicable`` or punctuation only (``-``, ``.``)."""
    return s.notna() & s.str.fullmatch(_NOT_APPLICABLE).fillna(False).astype(bool)


def drop_unnamed_empty(table: Table) -> Table:
    """Remove columns with no header and no values (Qualtrics' trailing comma, Excel's padding)."""
    gone = [f for f in table.fields if not f.header and table.frame[f.key].isna().all()]
    if gone:
        keys = {f.key for f in gone}
        table.fields = [f for f in table.fields if f.key not in keys]
        table.frame = table.frame.drop(columns=list(keys))
        table.notes["unnamed_empty_columns"] = len(gone)
    for f in table.fields:
        if not f.header:
            f.header = f"Column {f.letter or f.key}"
    return table


def drop_rows(table: Table, mask: np.ndarray, reason: str) -> None:
    """Move the rows where ``mask`` is true from the table to its dropped list, with ``reason``."""
    if not mask.any():
        return
    table.dropped.extend((int(r), reason) for r in table.rows[mask])
    table.frame = table.frame.loc[~mask].reset_index(drop=True)
    table.rows = table.rows[~mask]
