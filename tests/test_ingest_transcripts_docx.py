"""Word transcripts: Teams DOCX, Rev-style and plain DOCX, and files that are not Word documents."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest

from voices.corpus import validate
from voices.errors import InputFormatError
from voices.ingest.transcripts import read_docx

FIX = Path(__file__).parent / "fixtures" / "transcripts"


def _docx(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_read_docx_teams_one_paragraph_per_turn_with_line_breaks() -> None:
    r = read_docx(FIX / "teams_transcript_synthetic.docx")
    r.check()
    validate(r.segments)
    seg = r.segments
    assert r.source_format == "teams_docx"
    assert list(seg["speaker"]) == ["Priya Shah", "Participant 04"]
    assert list(seg["start_s"]) == [3.0, 8.0]
    assert seg["text"].iloc[0] == "Thanks for joining. Can you tell me about your housing situation?"
    assert seg["text"].iloc[1] == "Yeah, so we've been in the flat since 2019, it's a council flat on the estate."
    assert list(seg["source_row"]) == [4, 5]
    assert list(seg["speaker_role"]) == ["interviewer", "participant"]


def test_read_docx_teams_heading_and_transcription_notices_are_dropped_with_reasons() -> None:
    r = read_docx(FIX / "teams_transcript_synthetic.docx")
    assert r.records_in == 6
    assert r.records_kept == 2
    reasons = {d["row"]: d["reason"] for d in r.dropped}
    assert set(reasons) == {1, 2, 3, 6}
    assert "heading" in reasons[1] and "heading" in reasons[2]
    assert "transcription" in reasons[3] and "transcription" in reasons[6]
    assert r.notes["heading_paragraphs"] == 2
    assert r.notes["recorded_at"] == "2026-01-15T10:05"
    assert "Housing interview" not in json.dumps(r.notes)  # titles carry names: never in notes


def test_read_docx_teams_times_past_an_hour_and_merging(tmp_path: Path) -> None:
    p = _docx(
        tmp_path / "long.docx",
        [
            "Call-20260115_100512-Meeting Recording",
            "Ana started transcription",
            "Ana   0:04\nHow are things?",
            "Ana   0:09\nAnd the damp?",
            "",
            "Ben   1:02:14\nStill there.",
            "Ana stopped transcription",
        ],
    )
    r = read_docx(p)
    r.check()
    seg = r.segments
    assert list(seg["speaker"]) == ["Ana", "Ben"]
    assert seg["text"].iloc[0] == "How are things? And the damp?"
    assert list(seg["start_s"]) == [4.0, 3734.0]
    assert list(seg["source_row"]) == [3, 6]  # empty paragraph 5 still counts in the numbering


def test_read_docx_rev_layout(tmp_path: Path) -> None:
    p = _docx(tmp_path / "rev.docx", ["Speaker 1 (00:02):", "How long?", "Speaker 2 (00:05): Two years."])
    r = read_docx(p)
    r.check()
    assert r.source_format == "rev"
    assert list(r.segments["speaker"]) == ["Speaker 1", "Speaker 2"]
    assert list(r.segments["text"]) == ["How long?", "Two years."]


def test_read_docx_plain_layout(tmp_path: Path) -> None:
    p = _docx(tmp_path / "plain.docx", ["Interviewer: Where do you live?", "P1: Near the park.", "It is quiet."])
    r = read_docx(p)
    r.check()
    assert r.source_format == "plain"
    assert list(r.segments["speaker"]) == ["Interviewer", "P1"]
    assert r.segments["text"].iloc[1] == "Near the park. It is quiet."


def test_read_docx_refuses_xlsx_text_and_damaged_zip(tmp_path: Path) -> None:
    xlsx = tmp_path / "book.docx"
    with zipfile.ZipFile(xlsx, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputFormatError, match="Excel workbook") as info:
        read_docx(xlsx)
    assert info.value.fix
    text = tmp_path / "notes.docx"
    text.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n")
    with pytest.raises(InputFormatError, match="a text file"):
        read_docx(text)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 20)
    with pytest.raises(InputFormatError, match="expected a Word transcript"):
        read_docx(broken)
