"""Transcripts written as paragraphs under speaker headers (Otter, Rev).

Each paragraph (lines up to a blank line) is a record. A paragraph whose first line is a speaker header starts a
turn; its other lines (and, for Rev, the text after the header on the same line) are the turn's text. A
paragraph without a header continues the previous speaker's turn. A header alone in its paragraph takes the text
of the next paragraph. A header is *strict* when its shape is unambiguous (Otter's two spaces before the time);
a loose one is trusted only when its label is known or heads at least two paragraphs.

Example:
    >>> from voices.ingest.transcripts.cues import blocks
    >>> from voices.ingest.transcripts.otter import header
    >>> from voices.ingest.transcripts.source import start
    >>> result = start("x.txt", "otter")
    >>> cues = paragraphs_to_cues(blocks("Ana  0:02\\nHello.\\n\\nBen  0:05\\nHi."), result, header)
    >>> [(c.speaker, c.text, c.start) for c in cues]
    [('Ana', 'Hello.', 2.0), ('Ben', 'Hi.', 5.0)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import NamedTuple

from voices.ingest.reading import ReadResult
from voices.ingest.transcripts.cues import Cue
from voices.ingest.transcripts.markup import MARKER_REASON, tidy, transcription_marker


class Header(NamedTuple):
    """A parsed speaker header line."""

    label: str
    start: float | None
    rest: str
    strict: bool


HeaderFn = Callable[[str], Header | None]
LONE_HEADER_REASON = "speaker header with no text after it"


def paragraphs_to_cues(
    paragraphs: Iterable[tuple[int, list[str]]], result: ReadResult, header: HeaderFn, *, known: Iterable[str] = ()
) -> list[Cue]:
    """Turn header-and-paragraph text into cues, counting each paragraph as a record.

    Args:
        paragraphs: ``(row, lines)`` per paragraph (see :func:`voices.ingest.transcripts.cues.blocks`).
        result: where records are counted and left-out paragraphs recorded.
        header: parses a line as a speaker header, or returns ``None``.
        known: labels trusted even on loose headers.

    Returns:
        Cues in order; header-less paragraphs are marked ``continues``.
    """
    parsed = [(row, lines, header(lines[0])) for row, lines in paragraphs]
    counts = Counter(h.label.casefold() for _, _, h in parsed if h is not None)
    trusted = {k.casefold() for k in known}
    cues: list[Cue] = []
    speaker: str | None = None
    pending: tuple[int, Header] | None = None
    also: tuple[int, ...]
    for row, lines, head in parsed:
        result.records_in += 1
        if head is not None and not (
            head.strict or counts[head.label.casefold()] >= 2 or head.label.casefold() in trusted
        ):
            head = None
        body = lines[1:] if head is not None else lines
        words = tidy(" ".join([head.rest if head is not None else "", *body]))
        if head is not None and not words:
            if pending is not None:
                result.drop_row(pending[0], LONE_HEADER_REASON)
            pending = (row, head)
            continue
        if head is None and transcription_marker(words):
            cues.append(Cue(row, "", reason=MARKER_REASON))
            continue
        if head is None and pending is not None:
            (row, head), also = pending, (row,)
        else:
            if pending is not None:
                result.drop_row(pending[0], LONE_HEADER_REASON)
            also = ()
        pending = None
        if head is not None:
            speaker = head.label
            cues.append(Cue(row, words, speaker, head.start, None, also=also))
        else:
            cues.append(Cue(row, words, speaker, None, None, continues=True))
    if pending is not None:
        result.drop_row(pending[0], LONE_HEADER_REASON)
    return cues
