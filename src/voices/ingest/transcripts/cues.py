"""The cue: the smallest timed (or untimed) piece of speech a transcript reader hands on.

Every format reader turns its records (caption cues, lines, paragraphs, JSON segments, CSV rows) into a list of
:class:`Cue`; :mod:`.turns` then merges cues into speaker turns. A record may give several cues (a WebVTT cue with
two ``<v>`` voices) and a cue may continue the previous one (a plain-text line with no speaker prefix).

Example:
    >>> [(row, lines) for row, lines in blocks("WEBVTT\\n\\n1\\n00:01.000 --> 00:02.000\\nHi\\n")]
    [(1, ['WEBVTT']), (3, ['1', '00:01.000 --> 00:02.000', 'Hi'])]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Cue:
    """One piece of speech.

    Attributes:
        row: 1-based line number (or record number for JSON / paragraph number for DOCX) of its record.
        text: plain text (markup already stripped).
        speaker: speaker label as written, or ``None`` when the source does not say.
        start: start time in seconds, or ``None``.
        end: end time in seconds, or ``None``.
        continues: ``True`` when this cue continues the previous cue's utterance (a wrapped line with no
            speaker); it is merged into the previous turn even when ``merge_turns`` is off.
        meta: extra per-cue facts to carry into the turn's ``meta`` (e.g. persons.csv panel and sector).
        reason: why the cue is dropped when ``text`` is empty (default: it was an empty cue).
        also: other records this cue consumed (a speaker-label line or timestamp-only line before its text);
            they count as kept when the cue is.
    """

    row: int
    text: str
    speaker: str | None = None
    start: float | None = None
    end: float | None = None
    continues: bool = False
    meta: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    also: tuple[int, ...] = ()


def blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Split text into blocks separated by blank (whitespace-only) lines.

    Args:
        text: decoded file text with ``\\n`` newlines.

    Yields:
        ``(first_line_number, lines)`` with 1-based line numbers; lines keep their trailing spaces stripped.
    """
    start = 0
    current: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip())
        elif current:
            yield start, current
            current = []
    if current:
        yield start, current
