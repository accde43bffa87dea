"""One entry point for every transcript format: :func:`read` detects the format and calls its reader.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.txt"
    >>> _ = p.write_text("Interviewer: How long have you lived there?\\nP04: Three years.\\n")
    >>> r = read(p)
    >>> r.source_format, r.segments[["speaker", "speaker_role"]].values.tolist()
    ('plain', [['Interviewer', 'interviewer'], ['P04', 'participant']])
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path

from voices.errors import InputFormatError
from voices.ingest.reading import ReadResult
from voices.ingest.transcripts.detect import FORMATS, detect
from voices.ingest.transcripts.otter import read_otter
from voices.ingest.transcripts.parliament import read_parliament_csv
from voices.ingest.transcripts.plain import read_plain
from voices.ingest.transcripts.rev import read_rev
from voices.ingest.transcripts.srt import read_srt
from voices.ingest.transcripts.teams_docx import read_docx
from voices.ingest.transcripts.vtt import read_vtt
from voices.ingest.transcripts.whisper import read_whisper_json

log = logging.getLogger(__name__)

READERS: dict[str, Callable[..., ReadResult]] = {
    "teams_vtt": partial(read_vtt, flavour="teams_vtt"),
    "zoom_vtt": partial(read_vtt, flavour="zoom_vtt"),
    "vtt": partial(read_vtt, flavour="auto"),
    "srt": read_srt,
    "plain": read_plain,
    "otter": read_otter,
    "rev": read_rev,
    "teams_docx": read_docx,
    "docx": read_docx,
    "whisper_json": read_whisper_json,
    "whisperx_json": read_whisper_json,
    "parliament_csv": read_parliament_csv,
}
assert set(READERS) == set(FORMATS)


def read(
    path: str | Path,
    *,
    format: str = "auto",
    interviewers: Iterable[str] | None = None,
    roles: Mapping[str, str] | None = None,
    merge_turns: bool = True,
) -> ReadResult:
    """Read a transcript into one segment per speaker turn, whatever its format.

    Args:
        path: the transcript file.
        format: ``"auto"`` (see :func:`voices.ingest.transcripts.detect`) or one of
            :data:`~voices.ingest.transcripts.detect.FORMATS`.
        interviewers: speaker labels to treat as interviewers (everyone else is a participant).
        roles: explicit ``{speaker label: role}``; wins over everything else.
        merge_turns: merge consecutive cues of the same speaker into one turn.

    Returns:
        A checked :class:`~voices.ingest.reading.ReadResult` (``records_in == kept + quarantined + dropped``).

    Raises:
        InputFormatError: the file cannot be read as a transcript at all, or ``format`` is unknown.
    """
    fmt = detect(path) if format == "auto" else format
    if fmt not in READERS:
        raise InputFormatError(
            path,
            expected=f"format 'auto' or one of {', '.join(FORMATS)}",
            found=repr(format),
            fix="pass format='auto' to detect it",
        )
    log.debug("%s: reading as %s", path, fmt)
    interviewers = list(interviewers) if interviewers is not None else None
    result = READERS[fmt](path, interviewers=interviewers, roles=roles, merge_turns=merge_turns)
    result.check()
    return result
