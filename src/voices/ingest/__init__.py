"""Ingest: read platform exports into segments.

Three kinds of source, each a subpackage with ``detect(path)`` and ``read(path, **options) -> ReadResult``:
:mod:`voices.ingest.consultation`, :mod:`voices.ingest.transcripts` and :mod:`voices.ingest.social`.
:func:`read` dispatches on the kind; :func:`guess_kind` picks one from the file when the user did not say.

Example:
    >>> KINDS
    ('consultation', 'transcript', 'social')
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from voices.errors import InputFormatError
from voices.ingest.reading import ReadResult

KINDS: tuple[str, ...] = ("consultation", "transcript", "social")
_MODULES = {
    "consultation": "voices.ingest.consultation",
    "transcript": "voices.ingest.transcripts",
    "social": "voices.ingest.social",
}
_TRANSCRIPT_SUFFIXES = {".vtt", ".srt", ".docx"}
_SOCIAL_KEYS = (
    "includes",
    "id_str",
    "created_utc",
    "subreddit",
    "full_text",
    "reblog",
    "facets",
    "textDisplay",
    "commentThread",
    "author_id",
    "langs",
    '"posts"',
    '"feed"',
    "video_description",
    'kind": "youtube',
)


def reader(kind: str) -> Any:
    """The reader module for ``kind`` (imported on first use)."""
    if kind not in _MODULES:
        raise InputFormatError("--kind", expected=f"one of {KINDS}", found=repr(kind), fix="pass a valid --kind")
    return importlib.import_module(_MODULES[kind])


def guess_kind(path: str | Path) -> str:
    """Guess whether a file is a consultation export, a transcript or a social export.

    Transcript suffixes (.vtt, .srt, .docx) and Whisper JSON are transcripts; JSON/NDJSON with platform keys
    are social; other tables are consultations. Pass ``kind`` explicitly whenever the guess could be wrong.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in _TRANSCRIPT_SUFFIXES:
        return "transcript"
    if suffix in {".json", ".jsonl", ".ndjson"}:
        head = p.read_bytes()[:20000].decode("utf-8", errors="replace")
        if '"segments"' in head and ('"start"' in head or '"seek"' in head):
            return "transcript"
        if '"responses"' in head and '"answers"' in head:
            return "consultation"
        if any(k in head for k in _SOCIAL_KEYS):
            return "social"
        try:
            first = json.loads(head.splitlines()[0]) if suffix != ".json" else None
        except (json.JSONDecodeError, IndexError):
            first = None
        if isinstance(first, dict) and "response_id" in first:
            return "consultation"
        return "social"
    if suffix == ".txt":
        # A delimited table saved as .txt is a consultation export; anything the transcript detector accepts is
        # a transcript. The transcript detector refuses real tables, so let it decide.
        try:
            reader("transcript").detect(p)
        except InputFormatError:
            return "consultation"
        return "transcript"
    if suffix == ".csv":
        head = p.read_bytes()[:4000].decode("utf-8", errors="replace").lower()
        if head.startswith("#") or "|oralevidence" in head:
            return "transcript"
        if "post created" in head or "facebook id" in head:
            return "social"
    return "consultation"


def read(path: str | Path, *, kind: str = "auto", **options: Any) -> ReadResult:
    """Read one file of the given kind (or a guessed one) into a :class:`ReadResult`.

    Args:
        path: the export file.
        kind: ``consultation``, ``transcript``, ``social`` or ``auto``.
        **options: passed to the kind's ``read`` (e.g. ``platform=``, ``columns=``, ``interviewers=``).
    """
    k = guess_kind(path) if kind == "auto" else kind
    result: ReadResult = reader(k).read(path, **options)
    result.check()
    return result
