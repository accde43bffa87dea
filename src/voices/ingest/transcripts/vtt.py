"""WebVTT transcripts: Microsoft Teams, Zoom, and any W3C WebVTT file.

Three flavours, told apart by content:

* ``teams_vtt`` — speakers in ``<v Name>`` voice spans, cue ids like ``GUID/15-0``, sometimes unpadded times
  (``0:0:0.570``); a cue without a ``<v>`` tag (a Teams bug) keeps speaker ``None`` and is counted in
  ``notes["cues_without_voice"]``.
* ``zoom_vtt`` — no voice spans, a ``Name: `` prefix on most cues (dial-ins as ``Call-in User 1`` or a phone
  number). The prefix is split off when trusted (see :mod:`.speakers`).
* ``vtt`` — anything else: YouTube ``Kind:``/``Language:`` headers, ``NOTE`` and ``STYLE`` blocks, cue settings,
  ``mm:ss.ttt`` times, inline ``<00:17.500>`` timestamps, ``<c.class>`` spans, ``<v.loud Name>``, unclosed
  ``<v>``, entities, multi-line cues and ``-->`` inside text are all handled.

Each cue is a record. A cue whose timing line is unreadable is quarantined with that line's number; an empty
cue is dropped. A cue with several voices becomes several cues with the same times.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "call.vtt"
    >>> _ = p.write_text("WEBVTT\\n\\n1\\n00:00:01.000 --> 00:00:02.000\\n<v Ana>Hi &amp; welcome</v>\\n")
    >>> read_vtt(p).segments[["speaker", "text", "start_s"]].values.tolist()
    [['Ana', 'Hi & welcome', 1.0]]
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

from voices.errors import InputFormatError
from voices.ingest.reading import ReadResult
from voices.ingest.transcripts.captions import Block, timed
from voices.ingest.transcripts.cues import Cue, blocks
from voices.ingest.transcripts.markup import MARKER_REASON, strip_markup, tidy, transcription_marker
from voices.ingest.transcripts.source import load, start
from voices.ingest.transcripts.speakers import Prefixes
from voices.ingest.transcripts.turns import finish

log = logging.getLogger(__name__)

VttFlavour = Literal["auto", "teams_vtt", "zoom_vtt", "vtt"]
EXPECTED = "a WebVTT transcript (a text file starting with WEBVTT)"

#: Share of cues that must carry a trusted ``Name:`` prefix for a voice-less file to count as Zoom.
ZOOM_PREFIX_SHARE = 0.5

_GUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:/\d+-\d+)?$", re.IGNORECASE)
_VOICE_RE = re.compile(r"<v(?:\.[^\s<>]*)?(?:[ \t]+([^<>]*))?>|</v\s*>")
_META_BLOCKS = ("NOTE", "STYLE", "REGION")
_HEADER_KEYS = ("Kind", "Language")


def _meta_block(first: str) -> str | None:
    word = first.strip().split(maxsplit=1)[0] if first.strip() else ""
    return word if word in _META_BLOCKS else None


def voices(raw: str) -> tuple[list[tuple[str | None, str]], bool]:
    """Split a cue's raw text by ``<v>`` voice spans.

    Returns:
        ``([(speaker, plain text), …], has_voice_tag)``. Text outside any span joins the voice before it (or
        after it, at the start); adjacent parts of one voice are joined.

    Example:
        >>> voices("<v Ana>Hi</v> <v.loud Ben>Hello")
        ([('Ana', 'Hi'), ('Ben', 'Hello')], True)
    """
    parts: list[tuple[str | None, str]] = []
    current: str | None = None
    pos = 0
    tagged = False
    for m in _VOICE_RE.finditer(raw):
        tagged = True
        parts.append((current, raw[pos : m.start()]))
        current = None if m.group().startswith("</") else (tidy(html.unescape(m.group(1) or "")) or None)
        pos = m.end()
    parts.append((current, raw[pos:]))
    cleaned = [(speaker, strip_markup(text)) for speaker, text in parts]
    cleaned = [(speaker, text) for speaker, text in cleaned if text]
    named = {speaker for speaker, _ in cleaned if speaker is not None}
    if len(named) <= 1:
        only = next(iter(named), None)
        return [(only, " ".join(text for _, text in cleaned))], tagged
    out: list[tuple[str | None, str]] = []
    pending = ""
    for speaker, text in cleaned:
        if speaker is None:
            if out:
                out[-1] = (out[-1][0], f"{out[-1][1]} {text}")
            else:
                pending = f"{pending} {text}".strip()
        elif out and out[-1][0] == speaker:
            out[-1] = (speaker, f"{out[-1][1]} {text}")
        else:
            out.append((speaker, f"{pending} {text}".strip()))
            pending = ""
    return out, tagged


def _header(lines: list[str]) -> dict[str, object]:
    """Header facts safe to keep in notes: ``Kind`` and ``Language`` values, whether there is a title, other keys."""
    fields: dict[str, object] = {}
    if lines[0].strip()[len("WEBVTT") :].strip(" -\t"):
        fields["has_title"] = True
    others = []
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        key = key.strip()
        if sep and key in _HEADER_KEYS:
            fields[key] = value.strip()[:20]
        elif sep and key:
            others.append(key[:30])
    if others:
        fields["other_keys"] = others
    return fields


def _split_header(all_blocks: list[tuple[int, list[str]]]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Take the header block off; a cue glued to the header (no blank line) is put back as its own block."""
    row, lines = all_blocks[0]
    rest = all_blocks[1:]
    for i in range(1, len(lines)):
        if "-->" in lines[i]:
            cut = i - 1 if i > 1 and ":" not in lines[i - 1] else i
            return lines[:cut], [(row + cut, lines[cut:]), *rest]
    return lines, rest


def read_vtt(
    path: str | Path,
    *,
    interviewers: Iterable[str] | None = None,
    roles: Mapping[str, str] | None = None,
    merge_turns: bool = True,
    flavour: VttFlavour = "auto",
) -> ReadResult:
    """Read a WebVTT transcript (Teams, Zoom or generic) into one segment per speaker turn.

    Args:
        path: the ``.vtt`` file.
        interviewers: speaker labels to treat as interviewers.
        roles: explicit ``{speaker label: role}``.
        merge_turns: merge consecutive cues of the same speaker into one turn.
        flavour: ``"auto"`` to detect, or force ``"teams_vtt"``, ``"zoom_vtt"`` or ``"vtt"``.

    Returns:
        A :class:`~voices.ingest.reading.ReadResult` whose ``source_format`` is the flavour.

    Raises:
        InputFormatError: the file is binary, or text with neither a ``WEBVTT`` header nor any cue timing.
    """
    text, encoding = load(path, expected=EXPECTED)
    result = start(path, "vtt", encoding=encoding)
    cues, unvoiced = parse(text, result, flavour=flavour, known=[*(interviewers or ()), *(roles or {})])
    fmt = result.source_format
    if fmt == "teams_vtt" and unvoiced:
        result.notes["cues_without_voice"] = unvoiced
        log.warning("%s: %d cue(s) have no <v> speaker tag; their speaker is unknown", result.source_file, unvoiced)
    return finish(
        result, cues, document_id=Path(path).stem, merge_turns=merge_turns, interviewers=interviewers, roles=roles
    )


def parse(
    text: str, result: ReadResult, *, flavour: VttFlavour = "auto", known: Iterable[str] = ()
) -> tuple[list[Cue], int]:
    """Parse WebVTT text into cues, counting records in ``result`` and setting its ``source_format``.

    Args:
        text: the decoded file.
        result: where records, quarantine, notes and the detected flavour go.
        flavour: ``"auto"`` or a forced flavour.
        known: speaker labels to trust as Zoom prefixes.

    Returns:
        ``(cues, number of cues without a <v> tag)``.

    Raises:
        InputFormatError: text with neither a ``WEBVTT`` header nor any cue timing.
    """
    all_blocks = list(blocks(text))
    if all_blocks and all_blocks[0][1][0].lstrip().startswith("WEBVTT"):
        header_lines, all_blocks = _split_header(all_blocks)
        result.notes["header"] = _header(header_lines)
    elif all_blocks:
        if not any("-->" in line for _, lines in all_blocks for line in lines):
            raise InputFormatError(
                result.source_file,
                expected=EXPECTED,
                found=f"{len(all_blocks)} block(s) of text with no 'WEBVTT' header and no cue timings",
                fix="export the transcript again as .vtt, or choose the format that matches the file",
            )
        result.notes["missing_header"] = True
    skipped: dict[str, int] = {}
    cue_blocks = []
    for row, lines in all_blocks:
        kind = _meta_block(lines[0])
        if kind is None:
            cue_blocks.append((row, lines))
        else:
            skipped[kind] = skipped.get(kind, 0) + 1
    if skipped:
        result.notes["skipped_blocks"] = skipped
    entries: list[tuple[Block, list[tuple[str | None, str]], bool]] = []
    for block in timed(cue_blocks, result):
        parts, tagged = voices("\n".join(block.lines))
        entries.append((block, parts, tagged))
    fmt, prefixes = _flavour(entries, flavour, known=list(known))
    result.source_format = fmt
    cues: list[Cue] = []
    unvoiced = 0
    for block, parts, tagged in entries:
        for speaker, part in parts:
            label, words = prefixes.split(part) if prefixes is not None and not tagged else (speaker, part)
            if transcription_marker(words):
                cues.append(Cue(block.row, "", label, block.start, block.end, reason=MARKER_REASON))
            else:
                unvoiced += not tagged and bool(words)
                cues.append(Cue(block.row, words, label, block.start, block.end))
    return cues, unvoiced


def _flavour(
    entries: list[tuple[Block, list[tuple[str | None, str]], bool]], flavour: VttFlavour, *, known: list[str]
) -> tuple[str, Prefixes | None]:
    tagged = sum(1 for _, _, t in entries if t)
    plain = [text for _, parts, t in entries if not t for _, text in parts]
    prefixes = Prefixes(plain, known=known)
    if flavour == "zoom_vtt":
        return flavour, prefixes
    if flavour != "auto":
        return flavour, None
    guid = any(b.ident and _GUID_RE.match(b.ident) for b, _, _ in entries)
    unpadded = any(not b.padded for b, _, _ in entries)
    if guid or (tagged and unpadded):
        return "teams_vtt", None
    if tagged:
        return "vtt", None
    with_prefix = sum(1 for text in plain if prefixes.split(text)[0] is not None)
    if plain and with_prefix / len(plain) >= ZOOM_PREFIX_SHARE:
        return "zoom_vtt", prefixes
    return "vtt", None
