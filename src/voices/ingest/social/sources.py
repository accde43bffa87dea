"""Opening a social export: which file types are accepted, and how they become raw records with a location.

* ``.json`` — one JSON document (an object, an array of posts or of API pages). A ``.json`` file that holds one
  JSON value per line is read as NDJSON; the ``window.YTD.tweets.part0 = [...]`` prefix of an X archive is
  skipped.
* ``.jsonl`` / ``.ndjson`` — one JSON value per line, streamed (a line that cannot be parsed is quarantined
  with its line number and the rest is still read). A ``.jsonl`` that is really one pretty-printed document is
  read as ``.json``.
* ``.csv`` — a header row and data rows (comma, semicolon or tab separated), with Excel-style row numbers.

Example:
    >>> KINDS[".ndjson"], KINDS[".csv"]
    ('ndjson', 'csv')
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voices.errors import InputFormatError
from voices.ingest.reading import decode, read_text, sniff_binary

log = logging.getLogger(__name__)

KINDS: dict[str, str] = {".json": "json", ".jsonl": "ndjson", ".ndjson": "ndjson", ".csv": "csv"}
_EXPECTED = "a social media export (.json, .jsonl/.ndjson or .csv)"
_ARCHIVE_PREFIX = re.compile(r"^\s*window\.YTD\.[A-Za-z0-9_.]+\s*=\s*")


@dataclass(frozen=True)
class Unit:
    """One top-level JSON value of a file.

    Attributes:
        value: the parsed value (``None`` when ``error`` is set).
        line: its 1-based line for NDJSON; ``None`` inside a JSON document (posts are then numbered in order).
        error: why the line could not be parsed, if it could not.
    """

    value: Any
    line: int | None
    error: str | None = None


def file_kind(path: Path) -> str:
    """``json``, ``ndjson`` or ``csv`` from the file's suffix.

    Raises:
        InputFormatError: any other suffix, a missing file or a directory.
    """
    if not path.exists():
        raise InputFormatError(path, expected=_EXPECTED, found="no such file", fix="check the path")
    if path.is_dir():
        raise InputFormatError(path, expected=_EXPECTED, found="a directory", fix="pass the files inside it")
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        found = f"a {path.suffix} file" if path.suffix else "a file with no extension"
        raise InputFormatError(
            path,
            expected=_EXPECTED,
            found=found,
            fix="export the posts as JSON, NDJSON or CSV (or rename the file if it already is one)",
        )
    return kind


def json_units(path: Path, kind: str) -> Iterator[Unit]:
    """Yield the top-level values of a JSON or NDJSON file; the items of a top-level array are separate units.

    Raises:
        InputFormatError: the file is binary, or a ``.json`` file is neither one JSON document nor NDJSON.
    """
    if kind == "ndjson":
        yield from _ndjson(path)
        return
    text, _ = read_text(path, expected="a JSON export of posts")
    text = _ARCHIVE_PREFIX.sub("", text, count=1)
    if not text.strip():
        raise InputFormatError(
            path,
            expected="a JSON export of posts",
            found="an empty file",
            fix="export the posts again; the download may have failed",
        )
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if _looks_like_ndjson(text):
            log.info("%s: not one JSON document but one value per line; reading it as NDJSON", path.name)
            yield from _lines(text.split("\n"))
            return
        raise InputFormatError(
            path,
            expected="one JSON document (an object or an array)",
            found=f"invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})",
            fix="check the export finished downloading; if it holds one JSON object per line, name it .jsonl",
        ) from None
    if isinstance(doc, list):
        for item in doc:
            yield Unit(item, None)
    else:
        yield Unit(doc, None)


def _looks_like_ndjson(text: str) -> bool:
    for raw in text.split("\n"):
        if raw.strip():
            try:
                json.loads(raw)
            except json.JSONDecodeError:
                return False
            return True
    return False


def _ndjson(path: Path) -> Iterator[Unit]:
    with path.open("rb") as fh:
        head = fh.read(8192)
    sniff_binary(path, head, expected="an NDJSON export of posts (one JSON object per line)")
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        text, _ = decode(path.read_bytes(), path)
        yield from _pretty_or_lines(text.split("\n"))
        return
    first = True
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            if first:
                first = False
                if raw.startswith(codecs.BOM_UTF8):
                    raw = raw[3:]
                stripped = raw.strip()
                if stripped in (b"[", b"{"):  # a pretty-printed document saved as .jsonl
                    text, _ = decode(path.read_bytes(), path)
                    yield from _pretty_or_lines(text.split("\n"))
                    return
            yield _parse_line(raw, number)


def _pretty_or_lines(lines: list[str]) -> Iterator[Unit]:
    whole = "\n".join(lines)
    try:
        doc = json.loads(whole)
    except json.JSONDecodeError:
        yield from _lines(lines)
        return
    if isinstance(doc, list):
        for item in doc:
            yield Unit(item, None)
    else:
        yield Unit(doc, None)


def _lines(lines: list[str]) -> Iterator[Unit]:
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            yield _parse_line(raw, number)


def _parse_line(raw: bytes | str, number: int) -> Unit:
    if isinstance(raw, bytes):
        try:
            return Unit(json.loads(raw), number)
        except UnicodeDecodeError:
            raw = raw.decode("cp1252", errors="replace")
        except json.JSONDecodeError as exc:
            return Unit(None, number, f"invalid JSON: {exc.msg} (column {exc.colno})")
        except RecursionError:
            return Unit(None, number, "invalid JSON: nested too deeply")
    try:
        return Unit(json.loads(raw), number)
    except json.JSONDecodeError as exc:
        return Unit(None, number, f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return Unit(None, number, "invalid JSON: nested too deeply")


@dataclass
class Table:
    """A CSV file as a header and numbered rows.

    Attributes:
        header: column names, stripped, made unique (``Likes``, ``Likes.2``).
        rows: ``(row number, cells)``; row 1 is the header, as in a spreadsheet; blank rows are skipped.
        bad_rows: ``(row number, reason)`` for rows the CSV parser could not read.
    """

    header: list[str]
    rows: list[tuple[int, list[str]]]
    bad_rows: list[tuple[int, str]]


def csv_table(path: Path) -> Table:
    """Read a CSV export.

    Raises:
        InputFormatError: binary, empty, or without a header row.
    """
    text, _ = read_text(path, expected="a CSV export of posts")
    if not text.strip():
        raise InputFormatError(
            path,
            expected="a CSV export of posts with a header row",
            found="an empty file",
            fix="export the posts again; the download may have failed",
        )
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first_line.count)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        return _table(text, delimiter)
    except csv.Error as exc:
        raise InputFormatError(
            path,
            expected="a CSV export of posts with a header row",
            found=f"a header row the CSV parser cannot read ({exc})",
            fix="open the file in a spreadsheet and save it again as CSV (UTF-8)",
        ) from None
    finally:
        csv.field_size_limit(old_limit)


def _table(text: str, delimiter: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    bad: list[tuple[int, str]] = []
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if header is None:
                raise
            bad.append((number, f"CSV row could not be parsed: {exc}"))
            continue
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = _unique([c.strip().lstrip("\ufeff") for c in cells])
            continue
        rows.append((number, cells))
    return Table(header or [], rows, bad)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out: list[str] = []
    for name in names:
        base = name or "column"
        n = seen.get(base, 0) + 1
        seen[base] = n
        out.append(base if n == 1 else f"{base}.{n}")
    return out
