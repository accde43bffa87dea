"""What every reader shares: the result it returns, quarantine bookkeeping, and decoding bytes into text.

Every reader is a function ``read_xxx(path, **options) -> ReadResult``. A reader never crashes on a bad row: it
quarantines the row with its number and reason and goes on. It raises :class:`~voices.errors.InputFormatError`
only when the whole file cannot be read, saying what it expected, what it found and the fix.

Counting contract (checked by :meth:`ReadResult.check`): every *record* a reader sees (a respondent row, a cue
or line, a post) ends up in exactly one of three places::

    records_in == records_kept + len(quarantine) + len(dropped)

Example:
    >>> r = ReadResult.empty("x.csv")
    >>> r.records_in
    0
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from voices.corpus import empty_segments
from voices.errors import InputFormatError, VoicesError

log = logging.getLogger(__name__)

#: Cells longer than this many characters are truncated (and the truncation noted in ``meta``) rather than
#: allowed to blow up memory; a real free-text answer is far shorter.
MAX_CELL_CHARS = 100_000

# Magic numbers of files people attach by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office file (.xls/.doc)"),
    (b"PK\x03\x04", "a ZIP container (XLSX, DOCX or ZIP)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3", "an SQLite database"),
)


@dataclass
class ReadResult:
    """What a reader returns.

    Attributes:
        source_file: file name the records came from.
        source_format: detected format name (e.g. ``surveymonkey``).
        segments: one row per segment, in the segment schema (see :func:`voices.corpus.conform`).
        quarantine: records that could not be read: ``file, row, reason``.
        dropped: records deliberately left out, each with a reason: ``file, row, reason``.
        records_in: how many records the reader saw.
        records_kept: how many records contributed at least one segment.
        notes: anything else worth reporting (column classification, empty answers, warnings).
    """

    source_file: str
    source_format: str
    segments: pd.DataFrame
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    dropped: list[dict[str, Any]] = field(default_factory=list)
    records_in: int = 0
    records_kept: int = 0
    notes: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def empty(cls, source_file: str, source_format: str = "unknown") -> ReadResult:
        return cls(source_file=source_file, source_format=source_format, segments=empty_segments())

    def quarantine_row(self, row: int, reason: str) -> None:
        """Record that ``row`` could not be read, and why."""
        self.quarantine.append({"file": self.source_file, "row": int(row), "reason": reason})

    def drop_row(self, row: int, reason: str) -> None:
        """Record that ``row`` was deliberately left out, and why."""
        self.dropped.append({"file": self.source_file, "row": int(row), "reason": reason})

    def quarantine_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.quarantine, columns=["file", "row", "reason"])

    def dropped_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.dropped, columns=["file", "row", "reason"])

    def check(self) -> None:
        """Raise if the counts do not add up (a bug in the reader, never the user's fault)."""
        total = self.records_kept + len(self.quarantine) + len(self.dropped)
        if self.records_in != total:
            raise VoicesError(
                f"{self.source_file}: reader counts do not add up: in={self.records_in} but kept="
                f"{self.records_kept} + quarantined={len(self.quarantine)} + dropped={len(self.dropped)} = {total}. "
                "This is a bug in voices; please report it with the file's shape."
            )


def sniff_binary(path: Path, head: bytes, *, expected: str) -> None:
    """Raise a clear error if ``head`` looks like a binary file where text was expected."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputFormatError(
                path,
                expected=expected,
                found=what,
                fix="export the data again in the expected format, or pass the file with the right extension",
            )
    if b"\x00" in head[:4096] and not (head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE)):
        raise InputFormatError(
            path,
            expected=expected,
            found="binary data (NUL bytes)",
            fix="check that this is the export file and not a database or image",
        )


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode file bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 (Excel's default).

    Returns:
        (text, encoding name). Newlines are normalised to ``\\n``; a leading BOM is removed.
    """
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        text, enc = data.decode("utf-16"), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, enc = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, enc = data.decode("latin-1"), "latin-1"
                log.warning("%s: not UTF-8 or cp1252; decoded as latin-1, check accented characters", path)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, enc


def read_text(path: str | Path, *, expected: str) -> tuple[str, str]:
    """Read a text file whatever its encoding, refusing binary files with a clear error.

    Args:
        path: the file.
        expected: what the caller expects, used in the error ("a WebVTT transcript").

    Returns:
        (text, encoding).
    """
    p = Path(path)
    if not p.exists():
        raise InputFormatError(p, expected=expected, found="no such file", fix="check the path")
    if p.is_dir():
        raise InputFormatError(p, expected=expected, found="a directory", fix="pass the file inside it")
    data = p.read_bytes()
    sniff_binary(p, data[:8192], expected=expected)
    return decode(data, p)


def clip(text: str, limit: int = MAX_CELL_CHARS) -> tuple[str, bool]:
    """Truncate ``text`` to ``limit`` characters; return (text, was_truncated)."""
    if len(text) <= limit:
        return text, False
    return text[:limit], True
