"""Plain-text transcripts with speaker turns.

Handles ``Interviewer: …``, ``INTERVIEWER: …``, ``P04: …``, ``[00:00:02] Name: …``, ``P04 - …``, a label alone on
its line with the text below it, continuation lines with no speaker (they join the turn before), and QualCoder's
timestamps ``[mm:ss]``, ``[hh:mm:ss]``, ``[mm.ss]``, ``[hh.mm.ss]``, ``{hh:mm:ss}``, ``#hh:mm:ss.sss#``. A timestamp
at the start of a line is the line's start; at the end, its end; elsewhere it is removed from the text. A line that
is only a timestamp (Google Meet writes one before each block) gives the start of the next line.

A ``Word:`` prefix is a speaker only when trusted (see :mod:`.speakers`), so ``Time: about three years`` stays text.
Each non-blank line is a record; blank lines only separate paragraphs.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.txt"
    >>> _ = p.write_text("Interviewer: How long?\\nP04: Time: about three years.\\nIt was hard.\\n")
    >>> read_plain(p).segments[["speaker", "text"]].values.tolist()
    [['Interviewer', 'How long?'], ['P04', 'Time: about three years. It was hard.']]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from voices.ingest.reading import ReadResult
from voices.ingest.transcripts.cues import Cue
from voices.ingest.transcripts.markup import MARKER_REASON, tidy, transcription_marker
from voices.ingest.transcripts.source import load, start
from voices.ingest.transcripts.speakers import Prefixes
from voices.ingest.transcripts.timecode import seconds
from voices.ingest.transcripts.turns import finish

EXPECTED = "a plain-text transcript (one speaker turn per line, 'Speaker: text')"

_TS = r"(?:\d{1,2}[:.])?\d{1,2}[:.]\d{2}(?:[.,]\d{1,3})?"
_WRAPPED = rf"\[(?P<sq>{_TS})\]|\((?P<rd>{_TS})\)|\{{(?P<cb>{_TS})\}}|#(?P<hs>{_TS})#"
_LEADING_RE = re.compile(rf"^\s*(?:{_WRAPPED}|(?P<bare>\d{{1,2}}:\d{{2}}:\d{{2}}(?:[.,]\d{{1,3}})?)(?=\s|$))\s*")
_INLINE_RE = re.compile(_WRAPPED)
_TRAILING_RE = re.compile(rf"\s*(?:{_WRAPPED})\s*$")

LABEL_ONLY_REASON = "speaker label with no text after it"
TIME_ONLY_REASON = "timestamp-only line with no text after it"


def clock(value: str) -> float | None:
    """Seconds from a QualCoder-style time: ``mm:ss``, ``hh:mm:ss[.sss]``, ``mm.ss`` or ``hh.mm.ss``.

    Example:
        >>> clock("01:10"), clock("00:01:12.500"), clock("12.30"), clock("1.02.14")
        (70.0, 72.5, 750.0, 3734.0)
    """
    if ":" in value:
        return seconds(value)
    parts = value.split(".")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        return None
    return seconds(":".join(parts))


def _time(m: re.Match[str]) -> float | None:
    raw = next(v for k, v in m.groupdict().items() if v is not None)
    return clock(raw)


def _split_times(line: str) -> tuple[float | None, float | None, str]:
    begin = end = None
    m = _LEADING_RE.match(line)
    if m is not None and m.end() > 0:
        begin = _time(m)
        line = line[m.end() :]
    m = _TRAILING_RE.search(line)
    if m is not None:
        end = _time(m)
        line = line[: m.start()]
    return begin, end, _INLINE_RE.sub(" ", line)


def read_plain(
    path: str | Path,
    *,
    interviewers: Iterable[str] | None = None,
    roles: Mapping[str, str] | None = None,
    merge_turns: bool = True,
) -> ReadResult:
    """Read a plain-text transcript into one segment per speaker turn.

    Args:
        path: the ``.txt`` file.
        interviewers: speaker labels to treat as interviewers (they are also trusted as prefixes).
        roles: explicit ``{speaker label: role}`` (its labels are trusted as prefixes too).
        merge_turns: merge consecutive lines of the same speaker into one turn.

    Returns:
        A :class:`~voices.ingest.reading.ReadResult` with ``source_format="plain"``.

    Raises:
        InputFormatError: the file is binary.
    """
    text, encoding = load(path, expected=EXPECTED)
    result = start(path, "plain", encoding=encoding)
    cues = lines_to_cues(text.split("\n"), result, known=[*(interviewers or ()), *(roles or {})])
    return finish(
        result, cues, document_id=Path(path).stem, merge_turns=merge_turns, interviewers=interviewers, roles=roles
    )


def lines_to_cues(lines: list[str], result: ReadResult, *, known: Iterable[str] = (), first_row: int = 1) -> list[Cue]:
    """Turn plain-text lines into cues, counting each non-blank line as a record.

    Args:
        lines: the file's lines.
        result: where records are counted and left-out lines recorded.
        known: speaker labels to trust as prefixes.
        first_row: line number of ``lines[0]``.

    Returns:
        Cues in order; continuation lines are marked ``continues``.
    """
    entries: list[tuple[int, float | None, float | None, str]] = []
    for row, line in enumerate(lines, start=first_row):
        if not line.strip():
            continue
        result.records_in += 1
        entries.append((row, *_split_times(line)))
    prefixes = Prefixes((body for *_, body in entries), known=known)
    cues: list[Cue] = []
    speaker: str | None = None
    waiting: list[tuple[int, str]] = []  # label-only and timestamp-only lines waiting for their text
    waiting_start: float | None = None
    waiting_label: str | None = None
    for row, begin, end, body in entries:
        label, words = prefixes.split(body.strip())
        words = tidy(words)
        if label is None and transcription_marker(words):
            cues.append(Cue(row, "", reason=MARKER_REASON))
            continue
        if not words:
            if label is not None:
                if waiting_label is not None:
                    _give_up(result, waiting)
                    waiting, waiting_start = [], None
                waiting_label = label
            waiting.append((row, TIME_ONLY_REASON if label is None else LABEL_ONLY_REASON))
            if waiting_start is None:
                waiting_start = begin if begin is not None else end
            continue
        first = begin if begin is not None else waiting_start
        label = label if label is not None else waiting_label
        rows = [r for r, _ in waiting] + [row]
        if label is not None:
            speaker = label
        cues.append(Cue(rows[0], words, speaker, first, end, continues=label is None, also=tuple(rows[1:])))
        waiting, waiting_start, waiting_label = [], None, None
    _give_up(result, waiting)
    return cues


def _give_up(result: ReadResult, waiting: list[tuple[int, str]]) -> None:
    for row, reason in waiting:
        result.drop_row(row, reason)
