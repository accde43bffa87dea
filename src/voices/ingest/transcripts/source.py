"""Opening a transcript file: decode it as text, or refuse it clearly when it is not text at all.

:func:`voices.ingest.reading.read_text` already refuses files with a known binary signature (PDF, ZIP, images)
or NUL bytes. Random bytes without NULs would still decode as cp1252 or latin-1 into nonsense, so this module also
refuses text in which control characters are common: real transcripts have almost none.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.txt"
    >>> _ = p.write_text("Interviewer: Hi", encoding="utf-8")
    >>> load(p, expected="a transcript")
    ('Interviewer: Hi', 'utf-8')
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from voices.corpus import empty_segments
from voices.errors import InputFormatError
from voices.ingest.reading import ReadResult, read_text

#: More than this share of control / unassigned characters in the first 8 KiB means "not text".
MAX_CONTROL_SHARE = 0.02
_SAMPLE = 8192


def _control_share(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch not in "\t\n" and unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"))
    return bad / len(sample)


def load(path: str | Path, *, expected: str) -> tuple[str, str]:
    """Read ``path`` as text (UTF-8, UTF-8 BOM, UTF-16, cp1252), refusing binary data.

    Args:
        path: the transcript file.
        expected: what the caller expects, for the error message ("a WebVTT transcript").

    Returns:
        ``(text, encoding)`` with ``\\n`` newlines and no BOM.

    Raises:
        InputFormatError: the file is missing, a directory, binary, or mostly control characters.
    """
    text, encoding = read_text(path, expected=expected)
    share = _control_share(text)
    if share > MAX_CONTROL_SHARE:
        raise InputFormatError(
            path,
            expected=expected,
            found=f"binary data ({share:.0%} of the first characters are control characters, decoded as {encoding})",
            fix="check that this is the transcript file and not an audio, video or archive file",
        )
    return text, encoding


def start(path: str | Path, source_format: str, **notes: object) -> ReadResult:
    """An empty :class:`ReadResult` for ``path``, ready for a reader to fill in."""
    # Not ReadResult.empty(): conform() refuses a frame without the required columns.
    result = ReadResult(source_file=Path(path).name, source_format=source_format, segments=empty_segments())
    result.notes.update(notes)
    return result
