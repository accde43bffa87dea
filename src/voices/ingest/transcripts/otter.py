"""Otter.ai TXT exports: ``Speaker Name  M:SS`` (``H:MM:SS`` past an hour) above each paragraph.

Unnamed speakers are ``Speaker 2``. Otter writes two spaces between the name and the time; a single space is
accepted when the same label heads at least two paragraphs (or is known), so a line like ``We met at 10:30`` is
never mistaken for a header. Each paragraph is a record; a turn's ``start_s`` is its header time and ``end_s`` is
``None`` (Otter does not write one).

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "otter.txt"
    >>> _ = p.write_text("Priya Shah  0:02\\nThanks for joining.\\n\\nSpeaker 2  1:02:14\\nThank you.\\n")
    >>> read_otter(p).segments[["speaker", "start_s", "text"]].values.tolist()
    [['Priya Shah', 2.0, 'Thanks for joining.'], ['Speaker 2', 3734.0, 'Thank you.']]
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

EXPECTED = "an Otter.ai text transcript ('Speaker Name  0:02' above each paragraph)"
_HEADER_RE = re.compile(r"^(?P<label>\S.{0,59}?)(?P<gap>[ \t]+)(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2})\s*$")


def header(line: str) -> Header | None:
    """Parse an Otter header line, or return ``None``.

    Example:
        >>> header("Priya Shah  1:02:14")
        Header(label='Priya Shah', start=3734.0, rest='', strict=True)
    """
    m = _HEADER_RE.match(line)
    if m is None or not plausible(m["label"].strip()):
        return None
    at = seconds(m["time"])
    if at is None:
        return None
    strict = len(m["gap"]) >= 2 or "\t" in m["gap"]
    return Header(m["label"].strip(), at, "", strict)


def read_otter(
    path: str | Path,
    *,
    interviewers: Iterable[str] | None = None,
    roles: Mapping[str, str] | None = None,
    merge_turns: bool = True,
) -> ReadResult:
    """Read an Otter.ai TXT transcript into one segment per speaker turn.

    Args:
        path: the ``.txt`` file.
        interviewers: speaker labels to treat as interviewers.
        roles: explicit ``{speaker label: role}``.
        merge_turns: merge consecutive paragraphs of the same speaker into one turn.

    Returns:
        A :class:`~voices.ingest.reading.ReadResult` with ``source_format="otter"``.

    Raises:
        InputFormatError: the file is binary.
    """
    text, encoding = load(path, expected=EXPECTED)
    result = start(path, "otter", encoding=encoding)
    cues = paragraphs_to_cues(blocks(text), result, header, known=[*(interviewers or ()), *(roles or {})])
    return finish(
        result, cues, document_id=Path(path).stem, merge_turns=merge_turns, interviewers=interviewers, roles=roles
    )
