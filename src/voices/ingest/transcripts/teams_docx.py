"""Word transcripts: Microsoft Teams DOCX, and Rev or plain turns saved as DOCX.

A Teams DOCX starts with a title paragraph (``<Title>-YYYYMMDD_HHMMSS-Meeting Recording``), a date paragraph and
``<Name> started transcription``; then **each turn is one paragraph** whose lines (``<w:br/>`` breaks, ``\\n`` in
python-docx) are ``Name   0:04`` followed by the words; it ends with ``<Name> stopped transcription``. The heading
paragraphs are dropped with a reason (only their count and the recording date and time reach ``notes``: titles
carry names), the transcription notices are dropped, and every turn paragraph is a record whose ``source_row`` is
its 1-based paragraph number (empty paragraphs are not records but still count in the numbering).

A DOCX without Teams headers is read as Rev (``Speaker 1 (00:02):`` paragraphs, ``source_format="rev"``) or else as
plain turns over its lines (``source_format="plain"``, ``source_row`` = line of the document's text).

Example:
    >>> import tempfile, pathlib, docx
    >>> d = docx.Document()
    >>> for t in ["Call-20260115_100512-Meeting Recording", "Ana started transcription", "Ana   0:04\\nHello.\\nHi."]:
    ...     _ = d.add_paragraph(t)
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "call.docx"
    >>> d.save(p)
    >>> read_docx(p).segments[["speaker", "start_s", "text", "source_row"]].values.tolist()
    [['Ana', 4.0, 'Hello. Hi.', 3]]
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from voices.errors import InputFormatError
from voices.ingest.reading import ReadResult, sniff_binary
from voices.ingest.transcripts import otter, rev
from voices.ingest.transcripts.headed import HeaderFn, paragraphs_to_cues
from voices.ingest.transcripts.markup import transcription_marker
from voices.ingest.transcripts.plain import lines_to_cues
from voices.ingest.transcripts.source import start
from voices.ingest.transcripts.turns import finish

log = logging.getLogger(__name__)

EXPECTED = "a Word transcript (.docx, e.g. downloaded from Microsoft Teams)"
HEADING_REASON = "transcript heading (meeting title or date line)"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_RES = (
    re.compile(rf"^\s*(?P<d>\d{{1,2}})\s+(?P<m>{_MONTHS}),?\s+(?P<y>\d{{4}})", re.IGNORECASE),
    re.compile(rf"^\s*(?P<m>{_MONTHS})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})", re.IGNORECASE),
)
_CLOCK_RE = re.compile(r"(?P<h>\d{1,2}):(?P<mi>\d{2})\s*(?P<ap>[ap]\.?m\.?)?", re.IGNORECASE)


def recorded_at(line: str) -> str | None:
    """The meeting's local date and time from a Teams date line, as ISO text, or ``None``.

    Example:
        >>> recorded_at("15 January 2026, 10:05am"), recorded_at("January 15, 2026, 3:07 PM"), recorded_at("Hi")
        ('2026-01-15T10:05', '2026-01-15T15:07', None)
    """
    for pattern in _DATE_RES:
        m = pattern.match(line)
        if m is None:
            continue
        month = [x.lower() for x in _MONTHS.split("|")].index(m["m"].lower()) + 1
        try:
            day = dt.date(int(m["y"]), month, int(m["d"]))
        except ValueError:
            return None
        clock = _CLOCK_RE.search(line[m.end() :])
        if clock is None:
            return day.isoformat()
        hour, minute = int(clock["h"]), int(clock["mi"])
        if clock["ap"]:
            hour = hour % 12 + (12 if clock["ap"].lower().startswith("p") else 0)
        if hour > 23 or minute > 59:
            return day.isoformat()
        return f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    return None


#: Teams turn headers look like Otter's: ``Name   0:04``.
teams_header: HeaderFn = otter.header


def paragraphs(path: str | Path) -> list[str]:
    """The text of every paragraph of a DOCX body (``<w:br/>`` as ``\\n``), refusing non-Word files clearly.

    Raises:
        InputFormatError: missing file, not a ZIP, a ZIP that is not a Word document, or a damaged one.
    """
    p = Path(path)
    if not p.is_file():
        raise InputFormatError(
            p, expected=EXPECTED, found="no such file" if not p.exists() else "a directory", fix="check the path"
        )
    data = p.read_bytes()
    if not data.startswith(b"PK\x03\x04"):
        sniff_binary(p, data[:8192], expected=EXPECTED)
        found = "a text file" if data[:4096].isascii() or _utf8(data[:4096]) else "binary data that is not a ZIP"
        raise InputFormatError(
            p,
            expected=EXPECTED,
            found=found,
            fix="pass the file with its real extension (.vtt, .srt, .txt) or save it as .docx",
        )
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as exc:
        raise InputFormatError(
            p, expected=EXPECTED, found=f"a damaged ZIP container ({exc})", fix="download the transcript again"
        ) from exc
    if "word/document.xml" not in names:
        what = (
            "an Excel workbook (XLSX)"
            if "xl/workbook.xml" in names
            else "a PowerPoint file"
            if "ppt/presentation.xml" in names
            else "a ZIP archive without word/document.xml"
        )
        raise InputFormatError(
            p,
            expected=EXPECTED,
            found=what,
            fix="export the transcript from Teams as .docx, or use the reader for this file type",
        )
    import docx  # lazy: python-docx pulls in lxml

    try:
        document: Any = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for damaged packages
        raise InputFormatError(
            p,
            expected=EXPECTED,
            found=f"a damaged Word document ({type(exc).__name__}: {exc})",
            fix="open it in Word and save it again as .docx",
        ) from exc
    return [para.text for para in document.paragraphs]


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read_docx(
    path: str | Path,
    *,
    interviewers: Iterable[str] | None = None,
    roles: Mapping[str, str] | None = None,
    merge_turns: bool = True,
) -> ReadResult:
    """Read a Word transcript (Teams DOCX, or Rev / plain turns) into one segment per speaker turn.

    Args:
        path: the ``.docx`` file.
        interviewers: speaker labels to treat as interviewers.
        roles: explicit ``{speaker label: role}``.
        merge_turns: merge consecutive turns of the same speaker.

    Returns:
        A :class:`~voices.ingest.reading.ReadResult` with ``source_format`` ``teams_docx``, ``rev`` or ``plain``.

    Raises:
        InputFormatError: the file is not a readable Word document.
    """
    texts = paragraphs(path)
    known = [*(interviewers or ()), *(roles or {})]
    numbered = [(i, t.replace("\r", "\n").split("\n")) for i, t in enumerate(texts, start=1) if t.strip()]
    numbered = [(i, [line.rstrip() for line in lines if line.strip()]) for i, lines in numbered]
    layout = _layout(numbered)
    if layout is None:
        result = start(path, "plain", container="docx")
        flat = "\n".join(texts).replace("\r", "\n").split("\n")
        cues = lines_to_cues(flat, result, known=known)
    else:
        fmt, header = layout
        result = start(path, fmt, container="docx")
        body = _skip_heading(numbered, header, result)
        cues = paragraphs_to_cues(body, result, header, known=known)
    return finish(
        result, cues, document_id=Path(path).stem, merge_turns=merge_turns, interviewers=interviewers, roles=roles
    )


def _layout(numbered: list[tuple[int, list[str]]]) -> tuple[str, HeaderFn] | None:
    """``("teams_docx", header)`` or ``("rev", header)`` when paragraphs open with such headers, else ``None``."""
    for fmt, candidate in (("teams_docx", teams_header), ("rev", rev.header)):
        found = [h for _, lines in numbered if (h := candidate(lines[0])) is not None]
        labels = [h.label for h in found]
        if any(h.strict or labels.count(h.label) > 1 for h in found):
            return fmt, candidate
    return None


def _skip_heading(
    numbered: list[tuple[int, list[str]]], header: HeaderFn, result: ReadResult
) -> list[tuple[int, list[str]]]:
    heading: list[str] = []
    for row, lines in numbered:
        if header(lines[0]) is not None or transcription_marker(lines[0]):
            break
        result.records_in += 1
        result.drop_row(row, HEADING_REASON)
        heading.append(" ".join(lines))
    if heading:
        result.notes["heading_paragraphs"] = len(heading)
        recorded = next((d for text in heading if (d := recorded_at(text)) is not None), None)
        if recorded is not None:
            result.notes["recorded_at"] = recorded
    return numbered[len(heading) :]
