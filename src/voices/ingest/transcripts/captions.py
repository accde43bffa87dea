"""What WebVTT and SRT share: blocks of ``[identifier] / start --> end / text lines``.

A block whose timing line cannot be read is quarantined with the line number and the reason, and reading goes
on with the next block; so is a block with no timing line at all (stray text after a blank line). A cue that ends
before it starts is quarantined too. Zero-length and overlapping cues are fine.

Example:
    >>> from voices.ingest.transcripts.cues import blocks
    >>> from voices.ingest.transcripts.source import start
    >>> result = start("x.srt", "srt")
    >>> text = "1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n\\n2\\n00:00:03 --> soon\\nBye\\n"
    >>> found = list(timed(blocks(text), result))
    >>> [(b.row, b.start, b.lines) for b in found], result.quarantine[0]["row"]
    ([(1, 1.0, ['Hi'])], 6)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from voices.ingest.reading import ReadResult
from voices.ingest.transcripts.markup import shape
from voices.ingest.transcripts.timecode import timing

_PADDED_RE = re.compile(r"^\s*(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}\s+-->\s+(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}(?:\s|$)")


# A line meant as a timing line, even when malformed: '-->' anywhere, or a time followed by some other arrow.
_ARROW_RE = re.compile(r"-->|\d:\d.*?(?:->|—>|–>|=>|→)")


@dataclass
class Block:
    """One timed caption block.

    Attributes:
        row: 1-based line number of the block's first line (its identifier, or the timing line).
        ident: the cue identifier line, if any.
        start: start in seconds.
        end: end in seconds.
        settings: cue settings after the end time (``align:right``), or ``""``.
        padded: whether the timing line uses the standard zero-padded form (Teams writes ``0:0:0.0``).
        lines: the text lines, markup untouched.
    """

    row: int
    ident: str | None
    start: float
    end: float
    settings: str
    padded: bool
    lines: list[str]


def timed(blocks: Iterable[tuple[int, list[str]]], result: ReadResult) -> Iterator[Block]:
    """Read caption blocks, counting each as a record and quarantining the unreadable ones.

    Args:
        blocks: ``(first_line_number, lines)`` from :func:`voices.ingest.transcripts.cues.blocks`, with
            headers, NOTE and STYLE blocks already removed.
        result: where records are counted and bad blocks quarantined.

    Yields:
        :class:`Block` for every block with a readable timing line.
    """
    for row, lines in blocks:
        result.records_in += 1
        if _ARROW_RE.search(lines[0]):
            at = 0
        elif len(lines) > 1 and _ARROW_RE.search(lines[1]):
            at = 1
        else:
            result.quarantine_row(row, "text block without a 'start --> end' timing line (stray text after a blank?)")
            continue
        line = lines[at]
        parsed = timing(line)
        if parsed is None:
            result.quarantine_row(
                row + at,
                f"bad timing line {shape(line)!r}: expected 'hh:mm:ss.ttt --> hh:mm:ss.ttt' (hours optional)",
            )
            continue
        begin, end, settings = parsed
        if end < begin:
            result.quarantine_row(row + at, f"cue ends at {end:g} s, before it starts at {begin:g} s")
            continue
        yield Block(
            row=row,
            ident=lines[0].strip() if at == 1 else None,
            start=begin,
            end=end,
            settings=settings,
            padded=bool(_PADDED_RE.match(line)),
            lines=lines[at + 1 :],
        )
