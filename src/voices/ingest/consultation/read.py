"""Read one consultation export into segments: detect the platform, shape the table, classify, assemble.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "ward_survey.csv"
    >>> _ = p.write_text("Timestamp,Which ward?,Why?\\n2026/01/15 09:01:12,Hyde Park,Buses are always late\\n")
    >>> r = read(p)
    >>> r.source_format, r.segments["segment_id"].tolist()
    ('google_forms', ['ward_survey/row2/Q2'])
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from voices.errors import InputFormatError, PipelineError
from voices.ingest.consultation import documents, layouts, long, themefinder
from voices.ingest.consultation.assemble import assemble
from voices.ingest.consultation.columns import classify
from voices.ingest.consultation.detect import PLATFORMS, header_index, long_columns, platform_of
from voices.ingest.consultation.grid import Grid, load
from voices.ingest.consultation.table import Table, drop_rows
from voices.ingest.reading import ReadResult

log = logging.getLogger(__name__)

_NOT_RESPONSES = {"survey preview", "survey test", "spam"}
_TABLE_PLATFORMS = frozenset(PLATFORMS) - {"citizen_space_json", "themefinder_jsonl"}


def detect(path: str | Path) -> str:
    """Name the platform that wrote an export (one of :data:`PLATFORMS`).

    Args:
        path: the export file (or a ThemeFinder ``inputs`` folder).

    Raises:
        InputFormatError: the file cannot be read at all.
    """
    return platform_of(load(path))


def read(
    path: str | Path,
    *,
    platform: str = "auto",
    columns: Mapping[str, str] | None = None,
    id_column: str | None = None,
    sheet: str | int | None = None,
    multi_select_delimiter: str | None = None,
    long_format: Mapping[str, str] | None = None,
) -> ReadResult:
    """Read a consultation export into one segment per respondent × open question with an answer.

    Args:
        path: .csv, .tsv, .txt, .xlsx, .json or .jsonl export (or a ThemeFinder ``inputs`` folder).
        platform: one of :data:`PLATFORMS`, or ``auto`` to detect it.
        columns: column header (or platform column id, question id, Excel letter) -> role, overriding
            classification; roles: ``open``, ``closed``, ``multi``, ``demographic``, ``meta``, ``id``, ``ignore``.
        id_column: the column holding respondent ids, when detection misses it.
        sheet: XLSX sheet name or 0-based index (first sheet by default).
        multi_select_delimiter: how chosen options are joined, when not the platform's usual join.
        long_format: ``{"respondent": col, "question": col, "text": col}`` for a one-answer-per-row table.

    Returns:
        A :class:`~voices.ingest.reading.ReadResult` whose counts add up; ``notes["columns"]`` says what each
        column was taken to be and why.

    Raises:
        InputFormatError: the file cannot be read at all (wrong type, binary, no header, invalid JSON).
        PipelineError: an option names an unknown platform, role or column.
    """
    if platform != "auto" and platform not in PLATFORMS:
        raise PipelineError(
            f"platform={platform!r}: expected 'auto' or one of {list(PLATFORMS)}, found {platform!r}. "
            "Fix: leave platform='auto' or pick a listed name."
        )
    p = Path(path)
    grid = load(p, sheet=sheet)
    plat = platform_of(grid) if platform == "auto" else platform
    if long_format is not None and plat in ("generic_wide", "iai_scr"):
        plat = "generic_long"
    log.info("%s: reading as %s", p.name, plat)
    if plat == "themefinder_jsonl" and grid.kind in ("dir", "jsonl"):
        result = long.assemble_long(themefinder.load(p), source_file=p.name, stem=themefinder.dataset_name(p))
    else:
        table = _table(grid, plat, p)
        if plat == "generic_long":
            cols = dict(long_format) if long_format else long_columns([f.header for f in table.fields])
            if cols is None:
                raise PipelineError(
                    f"{p.name}: platform 'generic_long' needs long_format={{'respondent': …, 'question': …, "
                    f"'text': …}}; expected those columns among {[f.header for f in table.fields][:30]}, found "
                    "none by name. Fix: pass long_format."
                )
            result = long.assemble_long(long.from_table(table, cols), source_file=p.name)
        else:
            if plat in ("qualtrics", "qualtrics_legacy"):
                _drop_previews(table)
            decisions = classify(table, overrides=columns, id_column=id_column, delimiter=multi_select_delimiter)
            result = assemble(table, decisions, source_file=p.name)
            if plat == "polis":
                result.notes.update(_polis_moderation(table))
    result.notes["platform"] = plat
    result.notes["platform_detected"] = platform == "auto"
    result.check()
    log.info(
        "%s: %d records, %d kept, %d quarantined, %d dropped, %d segments",
        p.name,
        result.records_in,
        result.records_kept,
        len(result.quarantine),
        len(result.dropped),
        len(result.segments),
    )
    return result


def _table(grid: Grid, plat: str, path: Path) -> Table:
    if grid.kind == "table":
        if header_index(grid.records) >= len(grid.records):
            raise InputFormatError(
                path,
                expected="a header row naming the columns",
                found="an empty file" if not grid.records else "only blank rows",
                fix="download the responses again; the export should start with the question headers",
            )
        if plat not in _TABLE_PLATFORMS:
            raise InputFormatError(
                path, expected=f"a {plat} export (JSON)", found="a table", fix="leave platform='auto'"
            )
        table = layouts.to_table(grid.records, plat, grid.errors)
        table.notes.update(grid.notes)
        grid.records = []  # the table holds the cells now; free the parsed rows early on big files
        return table
    if grid.kind == "dir":
        raise InputFormatError(
            path,
            expected=f"a {plat} export file",
            found="a ThemeFinder folder",
            fix="leave platform='auto' or choose 'themefinder_jsonl'",
        )
    if plat == "citizen_space_json" or (grid.kind == "json" and plat == "citizen_space_csv"):
        if grid.kind == "jsonl":
            return documents.citizen_space(None, lines=grid.payload)
        return documents.citizen_space(grid.payload)
    items = grid.payload if grid.kind == "jsonl" else _json_items(grid.payload, path)
    table = documents.records(items, plat if plat in ("generic_long",) else "generic_wide")
    table.notes["encoding"] = grid.encoding
    return table


def _json_items(payload: Any, path: Path) -> list[tuple[int, Any, str | None]]:
    if isinstance(payload, dict):
        lists = [v for v in payload.values() if isinstance(v, list)]
        if len(lists) == 1:
            payload = lists[0]
    if not isinstance(payload, list):
        raise InputFormatError(
            path,
            expected="a JSON list of responses (or Citizen Space's {'responses': [...]})",
            found=f"a JSON {type(payload).__name__}",
            fix="export the responses as a list, CSV or XLSX",
        )
    return [(i, obj, None) for i, obj in enumerate(payload, start=1)]


def _drop_previews(table: Table) -> None:
    for f in table.fields:
        if (f.column_id or f.header).lower() in ("status", "v7") or f.header.lower() == "status":
            status = table.frame[f.key].str.lower()
            mask = status.isin(_NOT_RESPONSES).to_numpy(dtype=bool)
            drop_rows(table, mask, "Qualtrics survey preview, test or spam response, not a respondent")
            return


def _polis_moderation(table: Table) -> dict[str, Any]:
    """Polis statements a moderator rejected are kept (they are still what people said) but counted."""
    for f in table.fields:
        if f.header.lower() == "moderated":
            rejected = int((table.frame[f.key] == "-1").sum())
            return {
                "rejected_by_moderator": rejected,
                "moderation": "rejected statements are kept; filter on meta.platform.moderated == '-1'",
            }
    return {}
