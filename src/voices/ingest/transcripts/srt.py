"""SubRip (``.srt``) transcripts, including WhisperX's ``[SPEAKER_00]: `` speaker prefixes.

Blocks are ``index / hh:mm:ss,mmm --> hh:mm:ss,mmm / text``; the index line is optional and ``.`` is accepted
for ``,``. Markup (``<i>``, ``<font>``, ASS ``{\\an8}`` overrides) is removed. A trusted speaker prefix
(``[SPEAKER_00]: ``, ``Priya Shah: `` when it repeats) is split off into ``speaker``.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.srt"
    >>> _ = p.write_text("1\\n00:00:02,656 --> 00:00:05,230\\n[SPEAKER_00]: Thanks for joining.\\n")
    >>> read_srt(p).segments[["speaker", "text", "start_s", "end_s"]].values.tolist()
    [['SPEAKER_00', 'Thanks for joining.', 2.656, 5.23]]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from voices.errors import InputFormatError
from voices.ingest.reading import ReadResult
from voices.ingest.transcripts.captions import timed
from voices.ingest.transcripts.cues import Cue, blocks
from voices.ingest.transcripts.markup import MARKER_REASON, strip_markup, transcription_marker
from voices.ingest.transcripts.source import load, start
from voices.ingest.transcripts.speakers import Prefixes
from voices.ingest.transcripts.turns import finish

EXPECTED = "an SRT subtitle transcript (numbered cues with 'hh:mm:ss,mmm --> hh:mm:ss,mmm' lines)"
_ASS_RE = re.compile(r"\{\\[^{}]*\}")


def read_srt(
    path: str | Path,
    *,
    interviewers: Iterable[str] | None = None,
    roles: Mapping[str, str] | None = None,
    merge_turns: bool = True,
) -> ReadResult:
    """Read an SRT transcript into one segment per speaker turn.

    Args:
        path: the ``.srt`` file.
        interviewers: speaker labels to treat as interviewers.
        roles: explicit ``{speaker label: role}``.
        merge_turns: merge consecutive cues of the same speaker into one turn.

    Returns:
        A :class:`~voices.ingest.reading.ReadResult` with ``source_format="srt"``.

    Raises:
        InputFormatError: the file is binary, or text without a single ``-->`` timing line.
    """
    text, encoding = load(path, expected=EXPECTED)
    result = start(path, "srt", encoding=encoding)
    all_blocks = list(blocks(text))
    if all_blocks and all_blocks[0][1][0].lstrip().startswith("WEBVTT"):
        result.notes["webvtt_header_skipped"] = True
        all_blocks = all_blocks[1:]
    if all_blocks and not any("-->" in line for _, lines in all_blocks for line in lines):
        raise InputFormatError(
            path,
            expected=EXPECTED,
            found=f"{len(all_blocks)} block(s) of text with no '-->' cue timing line",
            fix="export the transcript again as .srt, or choose the format that matches the file",
        )
    found = [(b, strip_markup(_ASS_RE.sub("", "\n".join(b.lines)))) for b in timed(all_blocks, result)]
    prefixes = Prefixes((t for _, t in found), known=[*(interviewers or ()), *(roles or {})])
    cues: list[Cue] = []
    for block, words in found:
        speaker, words = prefixes.split(words)
        if transcription_marker(words):
            cues.append(Cue(block.row, "", speaker, block.start, block.end, reason=MARKER_REASON))
        else:
            cues.append(Cue(block.row, words.strip(), speaker, block.start, block.end))
    return finish(
        result, cues, document_id=Path(path).stem, merge_turns=merge_turns, interviewers=interviewers, roles=roles
    )
