"""Which transcript format a file is, from its content (the extension only breaks ties).

Order of checks: Word (ZIP with ``word/document.xml``) → ``teams_docx`` or ``docx``; other binaries are refused;
``WEBVTT`` → ``teams_vtt`` / ``zoom_vtt`` / ``vtt``; JSON → ``whisper_json`` / ``whisperx_json``; cue timing lines
→ ``srt`` (``vtt`` flavours for a ``.vtt`` without its header); ``question|person|…`` rows → ``parliament_csv``;
``Speaker 1 (00:02):`` headers → ``rev``; ``Name  0:02`` headers → ``otter``; a delimited table is refused (it is
a consultation or social export); anything else with text → ``plain``.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.txt"
    >>> _ = p.write_text("Speaker 1 (00:02):\\nHello.\\n")
    >>> detect(p)
    'rev'
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from voices.errors import InputFormatError
from voices.ingest.transcripts import otter, rev, teams_docx, vtt, whisper
from voices.ingest.transcripts.cues import blocks
from voices.ingest.transcripts.source import load, start
from voices.ingest.transcripts.timecode import TIMING_RE

EXPECTED = "an interview transcript (VTT, SRT, DOCX, Whisper JSON, Otter / Rev / plain text, Parliament CSV)"
FORMATS: tuple[str, ...] = (
    "teams_vtt",
    "zoom_vtt",
    "vtt",
    "srt",
    "plain",
    "otter",
    "rev",
    "teams_docx",
    "docx",
    "whisper_json",
    "whisperx_json",
    "parliament_csv",
)
#: Share of paragraphs that must open with ``Name  0:02`` for a text file to count as Otter.
OTTER_SHARE = 0.3
_SCAN_LINES = 400


def detect(path: str | Path) -> str:
    """Name the transcript format of ``path`` (one of :data:`FORMATS`).

    Args:
        path: the transcript file.

    Returns:
        The format name to pass to :func:`voices.ingest.transcripts.read`.

    Raises:
        InputFormatError: the file is missing, empty, binary, JSON that is not Whisper output, a delimited table,
            or a ZIP that is not a Word document.
    """
    p = Path(path)
    if p.is_file() and p.read_bytes()[:4] == b"PK\x03\x04":
        texts = teams_docx.paragraphs(p)
        return "teams_docx" if any(_teams_header(t) for t in texts) else "docx"
    text, _ = load(p, expected=EXPECTED)
    stripped = text.strip()
    if not stripped:
        raise InputFormatError(
            p, expected=EXPECTED, found="an empty file", fix="check that the transcript finished exporting"
        )
    if stripped.startswith("WEBVTT"):
        return _vtt_flavour(p, text)
    if stripped[0] in "{[" or p.suffix.lower() == ".json":
        fmt = _json_format(p, stripped)
        if fmt is not None:
            return fmt
    lines = text.split("\n")
    if any(TIMING_RE.match(line) for line in lines):
        return _vtt_flavour(p, text) if p.suffix.lower() == ".vtt" else "srt"
    data = [line for line in lines if line.strip() and not line.startswith("#")]
    if data and data[0].replace(" ", "").lower().startswith("question|person|"):
        return "parliament_csv"
    if any(rev.header(line) is not None for line in lines[:_SCAN_LINES]):
        return "rev"
    paragraphs = [b for _, b in blocks("\n".join(lines[: _SCAN_LINES * 2]))]
    heads = sum(1 for b in paragraphs if (h := otter.header(b[0])) is not None and h.strict)
    if heads and heads >= OTTER_SHARE * len(paragraphs):
        return "otter"
    table = _delimited(data[:30])
    if table is not None:
        raise InputFormatError(
            p,
            expected=EXPECTED,
            found=f"a {table}-delimited table",
            fix="read it with the consultation or social reader (kind='consultation'/'social')",
        )
    return "plain"


def _teams_header(paragraph: str) -> bool:
    first = paragraph.replace("\r", "\n").split("\n", 1)[0]
    head = teams_docx.teams_header(first)
    return head is not None and head.strict


def _vtt_flavour(path: Path, text: str) -> str:
    scratch = start(path, "vtt")
    vtt.parse(text, scratch)
    return scratch.source_format


def _json_format(path: Path, text: str) -> str | None:
    """The Whisper flavour; ``None`` for text that only looks like JSON (``[00:00:02] Name: …``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if path.suffix.lower() != ".json":
            return None
        raise InputFormatError(
            path,
            expected=EXPECTED,
            found=f"broken JSON ({exc.msg} at line {exc.lineno})",
            fix="check the file was written completely",
        ) from exc
    fmt = whisper.flavour(data)
    if fmt is None:
        raise InputFormatError(
            path,
            expected=EXPECTED,
            found="JSON that is not a Whisper transcript (no 'segments')",
            fix="read it with the social or consultation reader",
        )
    return fmt


def _delimited(lines: list[str]) -> str | None:
    if len(lines) < 3:
        return None
    for sep, name in ((",", "comma"), ("\t", "tab"), (";", "semicolon"), ("|", "pipe")):
        counts = Counter(line.count(sep) for line in lines)
        width, n = counts.most_common(1)[0]
        if width >= 2 and n >= 0.8 * len(lines) and lines[0].count(sep) == width:
            return name
    return None
