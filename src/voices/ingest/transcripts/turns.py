"""From cues to speaker turns: merging, timing, roles, and the segment table every transcript reader returns.

One segment per speaker turn. Consecutive cues of the same (known) speaker merge into one turn when
``merge_turns`` is on; a cue marked ``continues`` (a wrapped line with no speaker) always joins the turn before
it. Cues with no speaker are never merged with each other, since nothing says they are one person. The turn's
text is its cues' texts joined by single spaces, and ``meta["cues"]`` keeps ``[start_s, end_s, char_offset]``
per cue so a player can still seek to any part of a long turn; ``meta["role_by"]`` says how the speaker's role was
decided. ``notes`` hold counts only (speakers, roles, how roles were decided), never labels or text, because
ingest stages copy them into the run manifest.

Example:
    >>> from voices.ingest.transcripts.cues import Cue
    >>> from voices.ingest.transcripts.source import start
    >>> result = start("demo.vtt", "vtt")
    >>> result.records_in = 3
    >>> cues = [Cue(3, "Hello.", "Ana", 0.0, 1.0), Cue(7, "How are you?", "Ana", 1.0, 2.5),
    ...         Cue(11, "Fine.", "Ben", 3.0, 4.0)]
    >>> seg = finish(result, cues, document_id="demo").segments
    >>> seg[["segment_id", "speaker", "text", "start_s", "end_s", "source_row"]].values.tolist()
    [['demo/t0000', 'Ana', 'Hello. How are you?', 0.0, 2.5, 3], ['demo/t0001', 'Ben', 'Fine.', 3.0, 4.0, 11]]
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from voices.corpus import conform
from voices.ingest.reading import ReadResult, clip
from voices.ingest.transcripts import roles as roles_mod
from voices.ingest.transcripts.cues import Cue
from voices.ingest.transcripts.markup import notations

log = logging.getLogger(__name__)

EMPTY_REASON = "empty cue: no text left after removing markup and whitespace"


def merge(cues: list[Cue], *, merge_turns: bool = True) -> list[list[Cue]]:
    """Group cues into turns.

    Args:
        cues: non-empty cues in file order.
        merge_turns: merge consecutive cues of the same known speaker.

    Returns:
        One list of cues per turn.

    Example:
        >>> from voices.ingest.transcripts.cues import Cue
        >>> [len(t) for t in merge([Cue(1, "a", "X"), Cue(2, "b", "X"), Cue(3, "c", None), Cue(4, "d", None)])]
        [2, 1, 1]
    """
    turns: list[list[Cue]] = []
    for cue in cues:
        if turns and (
            cue.continues or (merge_turns and cue.speaker is not None and cue.speaker == turns[-1][0].speaker)
        ):
            turns[-1].append(cue)
        else:
            turns.append([cue])
    return turns


def _merge_meta(cues: list[Cue]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for cue in cues:
        for key, value in cue.meta.items():
            if isinstance(value, list):
                bucket = meta.setdefault(key, [])
                bucket.extend(v for v in value if v not in bucket)
            else:
                meta.setdefault(key, value)
    return meta


def finish(
    result: ReadResult,
    cues: Iterable[Cue],
    *,
    document_id: str,
    merge_turns: bool = True,
    interviewers: Iterable[str] | None = None,
    roles: Mapping[str, str] | None = None,
    hints: Mapping[str, tuple[str, str]] | None = None,
    columns: Mapping[str, Any] | None = None,
) -> ReadResult:
    """Turn a reader's cues into the segment table, fill the counts and notes, and check them.

    Cues whose text is empty are dropped (one dropped record per row that gave no text at all, with the cue's
    ``reason`` or :data:`EMPTY_REASON`). Every row that gives at least one non-empty cue counts as kept.

    Args:
        result: the reader's result so far (``records_in``, quarantine and dropped already filled).
        cues: the cues in file order.
        document_id: the transcript's document id (its file stem).
        merge_turns: merge consecutive cues of the same speaker.
        interviewers: labels to treat as interviewers (see :func:`voices.ingest.transcripts.roles.assign`).
        roles: explicit ``{label: role}``.
        hints: role hints from the format.
        columns: other segment columns with one value for the whole transcript (e.g. ``created_at``).

    Returns:
        ``result``, completed, after :meth:`ReadResult.check`.
    """
    cue_list = list(cues)
    kept_rows = {row for c in cue_list if c.text for row in (c.row, *c.also)}
    empty: dict[int, str] = {}
    for cue in cue_list:
        for row in (cue.row, *cue.also) if not cue.text else ():
            if row not in kept_rows:
                empty.setdefault(row, cue.reason or EMPTY_REASON)
    for row, reason in empty.items():
        result.drop_row(row, reason)
    turns = merge([c for c in cue_list if c.text], merge_turns=merge_turns)
    texts = [" ".join(c.text for c in turn) for turn in turns]
    speakers = [turn[0].speaker for turn in turns]
    decided = roles_mod.assign(
        list(zip(speakers, texts, strict=True)), interviewers=interviewers, roles=roles, hints=hints
    )
    timed = any(c.start is not None for c in cue_list)
    records: list[dict[str, Any]] = []
    notation_counts: Counter[str] = Counter()
    truncated = 0
    for index, (turn, text) in enumerate(zip(turns, texts, strict=True)):
        meta = _merge_meta(turn)
        offsets, offset = [], 0
        for cue in turn:
            offsets.append(offset)
            offset += len(cue.text) + 1
        if timed:
            meta["cues"] = [[c.start, c.end, o] for c, o in zip(turn, offsets, strict=True)]
        if len(turn) > 1:
            meta["cue_rows"] = [c.row for c in turn]
        label = speakers[index]
        if label is not None:
            meta["role_by"] = decided[label][1]
        found = notations(text)
        if found:
            meta["notations"] = found
            notation_counts.update(n.split()[0].lower() for n in found)
        text, was_clipped = clip(text)
        if was_clipped:
            meta["truncated"] = True
            truncated += 1
        starts = [c.start for c in turn if c.start is not None]
        ends = [c.end for c in turn if c.end is not None]
        speaker = speakers[index]
        records.append(
            {
                "segment_id": f"{document_id}/t{index:04d}",
                "document_id": document_id,
                "source_kind": "transcript",
                "source_format": result.source_format,
                "source_file": result.source_file,
                "source_row": turn[0].row,
                "text": text,
                "speaker": speaker,
                "speaker_role": None if speaker is None else decided[speaker][0],
                "turn_index": index,
                "start_s": min(starts) if starts else None,
                "end_s": max(ends) if ends else None,
                "meta": meta,
                **(columns or {}),
            }
        )
    result.segments = conform(pd.DataFrame.from_records(records)) if records else result.segments
    result.records_kept += len(kept_rows)
    result.notes["turns"] = len(turns)
    result.notes["cues"] = sum(len(t) for t in turns)
    # Counts only: notes reach the run manifest, which must never hold names.
    result.notes["speakers"] = len(decided)
    result.notes["speaker_roles"] = dict(sorted(Counter(role for role, _ in decided.values()).items()))
    result.notes["roles_decided_by"] = dict(sorted(Counter(how for _, how in decided.values()).items()))
    if notation_counts:
        result.notes["notations"] = dict(sorted(notation_counts.items()))
    if truncated:
        result.notes["truncated_turns"] = truncated
        log.warning("%s: %d turn(s) longer than the cell limit were truncated", result.source_file, truncated)
    result.check()
    return result
