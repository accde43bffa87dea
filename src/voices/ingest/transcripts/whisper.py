"""Whisper JSON: openai-whisper (no speakers) and WhisperX (aligned and diarised).

openai-whisper writes ``{"text", "segments": [{"id", "start", "end", "text": " leading space", …}], "language"}``.
WhisperX adds ``speaker`` per segment (missing where no diarisation turn overlapped), ``words`` (some without
``start``/``end``/``speaker``, often numerals) and ``word_segments``. A WhisperX segment with no ``speaker`` takes
the speaker most of its words carry, if any; otherwise its speaker is unknown. A bare JSON list of segments is
read too.

Each segment is a record, numbered from 1 (``source_row``). A segment that is not an object or has no string
``text`` is quarantined; unreadable times become ``None`` (noted); empty text is dropped.

Example:
    >>> import json, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w.json"
    >>> _ = p.write_text(json.dumps({"segments": [{"start": 2.66, "end": 5.23, "text": " Thanks for joining."}]}))
    >>> r = read_whisper_json(p)
    >>> r.source_format, bool(r.segments["speaker"].isna().all()), r.segments[["text", "start_s"]].values.tolist()
    ('whisper_json', True, [['Thanks for joining.', 2.66]])
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from voices.errors import InputFormatError
from voices.ingest.reading import ReadResult
from voices.ingest.transcripts.cues import Cue
from voices.ingest.transcripts.markup import tidy
from voices.ingest.transcripts.source import load, start
from voices.ingest.transcripts.turns import finish

EXPECTED = "a Whisper or WhisperX JSON transcript (an object with a 'segments' list)"


def _segments(data: Any) -> list[Any] | None:
    if isinstance(data, dict) and isinstance(data.get("segments"), list):
        return data["segments"]
    if isinstance(data, list) and data and all(isinstance(s, dict) and "text" in s for s in data[:20]):
        return data
    return None


def flavour(data: Any) -> str | None:
    """``whisperx_json``, ``whisper_json``, or ``None`` when ``data`` is not a Whisper transcript.

    Example:
        >>> flavour({"segments": [{"text": " hi", "speaker": "SPEAKER_00"}]}), flavour({"segments": []})
        ('whisperx_json', 'whisper_json')
    """
    segments = _segments(data)
    if segments is None:
        return None
    if isinstance(data, dict) and "word_segments" in data:
        return "whisperx_json"
    for seg in segments[:200]:
        if isinstance(seg, dict) and (
            "speaker" in seg
            or any(
                isinstance(w, dict) and ("score" in w or "speaker" in w)
                for w in (seg.get("words") or [])[:5]
                if isinstance(seg.get("words"), list)
            )
        ):
            return "whisperx_json"
    return "whisper_json"


def _time(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return round(float(value), 3)


def _word_speaker(seg: dict[str, Any]) -> str | None:
    words = seg.get("words")
    if not isinstance(words, list):
        return None
    votes = Counter(w["speaker"] for w in words if isinstance(w, dict) and isinstance(w.get("speaker"), str))
    return votes.most_common(1)[0][0] if votes else None


def read_whisper_json(
    path: str | Path,
    *,
    interviewers: Iterable[str] | None = None,
    roles: Mapping[str, str] | None = None,
    merge_turns: bool = True,
) -> ReadResult:
    """Read openai-whisper or WhisperX JSON into one segment per speaker turn (per segment without speakers).

    Args:
        path: the ``.json`` file.
        interviewers: speaker labels (``SPEAKER_00``…) to treat as interviewers.
        roles: explicit ``{speaker label: role}``.
        merge_turns: merge consecutive segments of the same speaker.

    Returns:
        A :class:`~voices.ingest.reading.ReadResult` with ``source_format`` ``whisper_json`` or ``whisperx_json``.

    Raises:
        InputFormatError: not JSON, or JSON without a ``segments`` list.
    """
    text, encoding = load(path, expected=EXPECTED)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFormatError(
            path,
            expected=EXPECTED,
            found=f"text that is not valid JSON ({exc.msg} at line {exc.lineno})",
            fix="check the file was written completely by whisper",
        ) from exc
    fmt = flavour(data)
    if fmt is None:
        keys = sorted(data)[:8] if isinstance(data, dict) else type(data).__name__
        raise InputFormatError(
            path,
            expected=EXPECTED,
            found=f"JSON without a 'segments' list (top level: {keys})",
            fix="pass the JSON that whisper / whisperx wrote, or use the social reader",
        )
    result = start(path, fmt, encoding=encoding)
    if isinstance(data, dict) and isinstance(data.get("language"), str):
        result.notes["language"] = data["language"]
    cues: list[Cue] = []
    bad_times = from_words = 0
    for row, seg in enumerate(_segments(data) or [], start=1):
        result.records_in += 1
        if not isinstance(seg, dict) or not isinstance(seg.get("text"), str):
            what = type(seg).__name__ if not isinstance(seg, dict) else "no string 'text'"
            result.quarantine_row(row, f"segment is not a Whisper segment ({what})")
            continue
        begin, end = _time(seg.get("start")), _time(seg.get("end"))
        bad_times += (begin is None) + (end is None)
        speaker = seg.get("speaker") if isinstance(seg.get("speaker"), str) else None
        if speaker is None and fmt == "whisperx_json":
            speaker = _word_speaker(seg)
            from_words += speaker is not None
        cues.append(Cue(row, tidy(seg["text"]), speaker, begin, end))
    if bad_times:
        result.notes["missing_times"] = bad_times
    if from_words:
        result.notes["speaker_from_words"] = from_words
    if fmt == "whisperx_json":
        result.notes["segments_without_speaker"] = sum(1 for c in cues if c.speaker is None)
    return finish(
        result, cues, document_id=Path(path).stem, merge_turns=merge_turns, interviewers=interviewers, roles=roles
    )
