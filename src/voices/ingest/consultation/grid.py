"""Load a consultation export into raw records before any platform logic runs.

A :class:`Grid` is what the file holds, decoded and split but not yet understood: for tables (CSV, TSV,
delimited TXT, XLSX) a list of records, each a list of cell strings, header rows included, blank records kept
as ``[]`` so that record ``i`` is row ``i + 1`` as a person sees it in Excel; for JSON the parsed document;
for JSON Lines the parsed lines with their line numbers. A record the CSV parser cannot read is kept as an
error (``Grid.errors``) so the reader can quarantine it with its row number.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_text("Q,Why?\\n1,Because\\n", encoding="utf-8")
    >>> load(p).records
    [['Q', 'Why?'], ['1', 'Because']]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from voices.errors import InputFormatError
from voices.ingest.reading import read_text

log = logging.getLogger(__name__)

TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUFFIXES = (*TABLE_SUFFIXES, ".xlsx", *JSON_SUFFIXES, *JSONL_SUFFIXES)
EXPECTED = "a consultation export (.csv, .tsv, .txt, .xlsx, .json or .jsonl)"
_DELIMITERS = (",", ";", "\t", "|")
_FIELD_LIMIT = 2**31 - 1


@dataclass
class Grid:
    """A file's content, decoded and split, not yet interpreted.

    Attributes:
        path: the file (or the folder, for a ThemeFinder layout).
        kind: ``table``, ``json``, ``jsonl`` or ``dir``.
        records: table records (header rows included); ``[]`` for a blank record.
        errors: record index -> reason, for records the CSV parser could not read.
        payload: parsed JSON document (``json``) or ``[(line_no, obj or None, error or None)]`` (``jsonl``).
        encoding: text encoding detected (``None`` for XLSX).
        delimiter: CSV delimiter used (``None`` unless CSV-like).
        notes: things worth telling the user (sheet used, encoding).
    """

    path: Path
    kind: Literal["table", "json", "jsonl", "dir"]
    records: list[list[str]] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)
    payload: Any = None
    encoding: str | None = None
    delimiter: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)


def load(path: str | Path, *, sheet: str | int | None = None) -> Grid:
    """Read ``path`` into a :class:`Grid`.

    Args:
        path: a .csv, .tsv, .txt, .xlsx, .json or .jsonl file, or a ThemeFinder ``inputs`` folder.
        sheet: XLSX sheet name or 0-based index (first sheet when omitted).

    Raises:
        InputFormatError: the file is missing, of an unsupported type, binary, or not parseable at all.
    """
    p = Path(path)
    if p.is_dir():
        if (p / "respondents.jsonl").exists() or any(p.glob("question_part_*")):
            return Grid(path=p, kind="dir")
        raise InputFormatError(
            p, expected=EXPECTED, found="a folder", fix="pass the export file in it, or a ThemeFinder inputs/ folder"
        )
    if not p.exists():
        raise InputFormatError(p, expected=EXPECTED, found="no such file", fix="check the path")
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        found = "a legacy Excel .xls workbook" if suffix == ".xls" else f"a {suffix or 'suffix-less'} file"
        raise InputFormatError(p, expected=EXPECTED, found=found, fix="download the responses again as CSV or XLSX")
    if suffix == ".xlsx":
        return _load_xlsx(p, sheet)
    text, encoding = read_text(p, expected=f"{EXPECTED[:-1]}; this one named {suffix}")
    if suffix in JSON_SUFFIXES:
        return Grid(path=p, kind="json", payload=_parse_json(p, text), encoding=encoding)
    if suffix in JSONL_SUFFIXES:
        return Grid(path=p, kind="jsonl", payload=parse_jsonl(text), encoding=encoding)
    delimiter = "\t" if suffix == ".tsv" else sniff_delimiter(text)
    records, errors = split_records(text, delimiter)
    return Grid(
        path=p,
        kind="table",
        records=records,
        errors=errors,
        encoding=encoding,
        delimiter=delimiter,
        notes={"encoding": encoding, "delimiter": delimiter},
    )


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter from the header line: the candidate that occurs most often there (``,`` by default).

    Example:
        >>> sniff_delimiter("a;b;c\\n1;2;3\\n")
        ';'
    """
    head = text[:20000].split("\n", 1)[0]
    counts = {d: head.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def split_records(text: str, delimiter: str) -> tuple[list[list[str]], dict[int, str]]:
    """Split CSV text into records, keeping newlines inside quoted cells and blank records as ``[]``.

    A record the parser rejects becomes ``[]`` with its reason in the returned errors. A file that ends
    inside a quoted cell has swallowed everything after the opening quote: that last record is an error too.
    """
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[list[str]] = []
    errors: dict[int, str] = {}
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors[len(records)] = f"the CSV parser could not read this row ({exc})"
            rec = []
        records.append(rec)
    if records and text.count('"') % 2 == 1:
        last = len(records) - 1
        if any("\n" in cell for cell in records[last]):
            errors[last] = (
                "a quoted cell is never closed, so this row and every line after it were read as one cell; "
                "fix the stray double quote in the file and read it again"
            )
            records[last] = []
    return records, errors


def _parse_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFormatError(
            path,
            expected="a JSON document",
            found=f"invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})",
            fix="download the file again; if it is JSON Lines (one object per line), name it .jsonl",
        ) from None


def parse_jsonl(text: str) -> list[tuple[int, Any, str | None]]:
    """Parse JSON Lines: ``(line number, object or None, error or None)`` per non-blank line."""
    out: list[tuple[int, Any, str | None]] = []
    for i, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            out.append((i, json.loads(line), None))
        except json.JSONDecodeError as exc:
            out.append((i, None, f"line is not valid JSON ({exc.msg} at column {exc.colno})"))
    return out


def _load_xlsx(path: Path, sheet: str | int | None) -> Grid:
    head = path.read_bytes()[:4]
    if head != b"PK\x03\x04":
        raise InputFormatError(
            path,
            expected="an XLSX workbook",
            found="a file that is not a ZIP container (perhaps a CSV or an old .xls renamed)",
            fix="open it in Excel and save as .xlsx, or rename it to .csv if it is text",
        )
    try:
        rows, names, index = _xlsx_calamine(path, sheet)
        engine = "calamine"
    except ImportError:
        rows, names, index = _xlsx_openpyxl(path, sheet)
        engine = "openpyxl"
    records = [[cell_text(v) for v in row] for row in rows]
    for rec in records:  # sheets are padded to their width; trailing blanks are not cells
        while rec and rec[-1] == "":
            rec.pop()
    notes: dict[str, Any] = {"sheet": names[index], "xlsx_reader": engine}
    if len(names) > 1:
        notes["other_sheets"] = [n for i, n in enumerate(names) if i != index]
    return Grid(path=path, kind="table", records=records, notes=notes)


def _sheet_index(path: Path, names: list[str], sheet: str | int | None) -> int:
    if sheet is None:
        return 0
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise InputFormatError(
                path,
                expected=f"sheet index 0..{len(names) - 1}",
                found=str(sheet),
                fix=f"pass one of the sheets {names}",
            )
        return sheet
    if sheet not in names:
        raise InputFormatError(
            path,
            expected=f"a sheet named {sheet!r}",
            found=f"sheets {names}",
            fix="pass sheet= with one of those names",
        )
    return names.index(sheet)


def _unreadable(path: Path, exc: Exception) -> InputFormatError:
    return InputFormatError(
        path,
        expected="an XLSX workbook",
        found=f"a file the XLSX reader cannot open ({exc})",
        fix="open it in Excel and save it again as .xlsx",
    )


def _xlsx_calamine(path: Path, sheet: str | int | None) -> tuple[list[list[Any]], list[str], int]:
    """Read a sheet with python-calamine (Rust; about ten times faster than openpyxl), if it is installed."""
    from python_calamine import CalamineWorkbook  # optional, lazy

    try:
        wb = CalamineWorkbook.from_path(str(path))
        names = list(wb.sheet_names)
        index = _sheet_index(path, names, sheet)
        rows = wb.get_sheet_by_index(index).to_python(skip_empty_area=False)
    except InputFormatError:
        raise
    except Exception as exc:  # calamine raises its own error types for corrupt workbooks
        raise _unreadable(path, exc) from None
    return rows, names, index


def _xlsx_openpyxl(path: Path, sheet: str | int | None) -> tuple[list[list[Any]], list[str], int]:
    """Read a sheet with openpyxl in read-only mode."""
    import openpyxl  # lazy: only XLSX needs it

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from None
    try:
        names = list(wb.sheetnames)
        index = _sheet_index(path, names, sheet)
        rows = [list(r) for r in wb.worksheets[index].iter_rows(values_only=True)]
    finally:
        wb.close()
    return rows, names, index


def cell_text(value: Any) -> str:
    """The text of one spreadsheet cell: integral floats lose their ``.0`` (Excel stores ids as floats).

    Example:
        >>> cell_text(114433221101.0), cell_text(None), cell_text(2.5)
        ('114433221101', '', '2.5')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)
