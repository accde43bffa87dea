"""Rev.com TXT exports: ``Speaker N (MM:SS):`` headers, with the text below or on the same line.

Rev's notation tags (``[inaudible 00:00:07]``, ``[crosstalk]``, ``[laughter]``) are kept in the text, since they
are part of the record, and counted in ``meta["notations"]`` per turn and ``notes["notations"]`` per file.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "rev.txt"
    >>> _ = p.write_text("Speaker 1 (00:02):\\nHow long?\\n\\nSpeaker 2 (00:05):\\nSince [inaudible 00:00:07] 2019.\\n")
    >>> r = read_rev(p)
    >>> r.segments[["speaker", "start_s", "text"]].values.tolist(), r.notes["notations"]
    ([['Speaker 1', 2.0, 'How long?'], ['Speaker 2', 5.0, 'Since [inaudible 00:00:07] 2019.']], {'inaudible': 1})
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from voices.ingest.reading import ReadResult
from voices.ingest.transcripts.cues import blocks
from voices.ingest.transcripts.headed import Header, paragraphs_to_cues
from voices.ingest.transcripts.source import load, start
from voices.ingest.transcripts.speakers import plausible
from voices.ingest.transcripts.timecode import seconds
from voices.ingest.transcripts.turns import finish

EXPECTED = "a Rev text transcript ('Speaker 1 (00:02):' above each paragraph)"
_HEADER_RE = re.compile(
    r"^(?P<label>\S.{0,59}?)\s*\((?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\)\s*:(?:\s+(?P<rest>.*))?$"
)


def header(line: str) -> Header | None:
    """Parse a Rev header line, or return ``None``.

    Example:
        >>> header("Participant 04 (01:02:14): Yes.")
        Header(label='Participant 04', start=3734.0, rest='Yes.', strict=True)
    """
    m = _HEADER_RE.match(line)
    if m is None or not plausible(m["label"].strip()):
        return None
    at = seconds(m["time"])
    if at is None:
        return None
    return Header(m["label"].strip(), at, m["rest"] or "", True)


def read_rev(
    path: str | Path,
    *,
    interviewers: Iterable[str] | None = None,
    roles: Mapping[str, str] | None = None,
    merge_turns: bool = True,
) -> ReadResult:
    """Read a Rev TXT transcript into one segment per speaker turn.

    Args:
        path: the ``.txt`` file.
        interviewers: speaker labels to treat as interviewers.
        roles: explicit ``{speaker label: role}``.
        merge_turns: merge consecutive paragraphs of the same speaker into one turn.

    Returns:
        A :class:`~voices.ingest.reading.ReadResult` with ``source_format="rev"``.

    Raises:
        InputFormatError: the file is binary.
    """
    text, encoding = load(path, expected=EXPECTED)
    result = start(path, "rev", encoding=encoding)
    cues = paragraphs_to_cues(blocks(text), result, header, known=[*(interviewers or ()), *(roles or {})])
    return finish(
        result, cues, document_id=Path(path).stem, merge_turns=merge_turns, interviewers=interviewers, roles=roles
    )
