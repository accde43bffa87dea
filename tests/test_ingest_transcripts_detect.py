"""detect() and read(): every sample finds its format; wrong files are refused with expected / found / fix."""

from __future__ import annotations

import json
import os
from pathlib import Path

import openpyxl
import pytest

from voices.errors import InputFormatError
from voices.ingest import transcripts

FIX = Path(__file__).parent / "fixtures" / "transcripts"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("teams_synthetic.vtt", "teams_vtt"),
        ("teams_unpadded_synthetic.vtt", "teams_vtt"),
        ("zoom_synthetic.vtt", "zoom_vtt"),
        ("zoom_names_synthetic.vtt", "zoom_vtt"),
        ("vtt_features_synthetic.vtt", "vtt"),
        ("webvtt-py/captions_with_bom.vtt", "vtt"),
        ("webvtt-py/metadata_headers.vtt", "vtt"),
        ("webvtt-py/sample.srt", "srt"),
        ("whisperx_diarized_synthetic.srt", "srt"),
        ("speaker_turns_plain_synthetic.txt", "plain"),
        ("plain_awkward_synthetic.txt", "plain"),
        ("otter_synthetic.txt", "otter"),
        ("otter_crlf_synthetic.txt", "otter"),
        ("rev_synthetic.txt", "rev"),
        ("teams_transcript_synthetic.docx", "teams_docx"),
        ("whisper_synthetic.json", "whisper_json"),
        ("whisperx_diarized_synthetic.json", "whisperx_json"),
        ("parliament/u1720146_CN8001_oral_20140618_trimmed.csv", "parliament_csv"),
    ],
)
def test_detect_names_every_sample_format(name: str, fmt: str) -> None:
    assert transcripts.detect(FIX / name) == fmt
    result = transcripts.read(FIX / name)
    result.check()
    assert result.source_format == fmt
    assert len(result.segments) > 0
    assert (result.segments["source_format"] == fmt).all()


def test_read_unknown_format_name_is_refused() -> None:
    with pytest.raises(InputFormatError, match="format 'auto' or one of"):
        transcripts.read(FIX / "zoom_synthetic.vtt", format="mp4")


def test_read_roles_and_interviewers_options_are_passed_through() -> None:
    r = transcripts.read(FIX / "zoom_synthetic.vtt", interviewers=["Call-in User 1"])
    assert dict(zip(r.segments["speaker"], r.segments["speaker_role"], strict=True)) == {
        "Priya Shah": "participant",
        "Call-in User 1": "interviewer",
    }
    r = transcripts.read(FIX / "zoom_synthetic.vtt", roles={"Priya Shah": "facilitator"})
    first = r.segments.iloc[0]
    assert (first["speaker"], first["speaker_role"]) == ("Priya Shah", "facilitator")
    assert json.loads(first["meta"])["role_by"] == "roles mapping"
    assert r.segments["speaker_role"].iloc[1] == "participant"
    assert r.notes["roles_decided_by"] == {"default": 1, "roles mapping": 1}


def _assert_refused(path: Path, found: str) -> None:
    with pytest.raises(InputFormatError) as info:
        transcripts.read(path)
    err = info.value
    assert found in err.found
    assert err.expected and err.fix
    assert str(path) in str(err)


def test_read_refuses_pdf_named_vtt(tmp_path: Path) -> None:
    p = tmp_path / "interview.vtt"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n")
    _assert_refused(p, "PDF")
    with pytest.raises(InputFormatError, match="PDF"):
        transcripts.read_vtt(p)


def test_read_refuses_xlsx(tmp_path: Path) -> None:
    p = tmp_path / "responses.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["id", "answer"])
    book.save(p)
    _assert_refused(p, "Excel workbook")
    with pytest.raises(InputFormatError, match="ZIP"):
        transcripts.read_srt(p)


def test_read_refuses_random_bytes(tmp_path: Path) -> None:
    p = tmp_path / "audio.vtt"
    p.write_bytes(os.urandom(4096))
    with pytest.raises(InputFormatError):
        transcripts.read(p)
    # random bytes without NULs still decode as cp1252 / latin-1: refused for their control characters
    no_nul = bytes(b for b in os.urandom(8192) if b)
    q = tmp_path / "noise.txt"
    q.write_bytes(no_nul)
    for reader in (transcripts.read, transcripts.read_plain, transcripts.read_otter, transcripts.read_rev):
        with pytest.raises(InputFormatError, match="binary data"):
            reader(q)


def test_read_refuses_empty_missing_directory_and_tables(tmp_path: Path) -> None:
    empty = tmp_path / "empty.vtt"
    empty.write_text("  \n\n")
    _assert_refused(empty, "an empty file")
    _assert_refused(tmp_path / "nope.vtt", "no such file")
    _assert_refused(tmp_path, "a directory")
    table = tmp_path / "export.txt"
    table.write_text("id,name,answer\n1,a,yes\n2,b,no\n3,c,maybe\n")
    _assert_refused(table, "comma-delimited table")


def test_read_refuses_non_whisper_json_and_text_without_cues(tmp_path: Path) -> None:
    p = tmp_path / "posts.json"
    p.write_text('[{"id": 1, "body": "hello"}]')
    _assert_refused(p, "not a Whisper transcript")
    q = tmp_path / "notes.vtt"
    q.write_text("Just some notes\nwith no cues\n")
    with pytest.raises(InputFormatError, match="no 'WEBVTT' header"):
        transcripts.read_vtt(q)
    with pytest.raises(InputFormatError, match="no '-->'"):
        transcripts.read_srt(q)


def test_detect_plain_text_starting_with_a_bracketed_timestamp_is_not_json(tmp_path: Path) -> None:
    p = tmp_path / "t.txt"
    p.write_text("[00:00:02] Interviewer: Hi?\n[00:00:05] P1: Hello.\n")
    assert transcripts.detect(p) == "plain"


ALL_FIXTURES = sorted(
    p
    for p in FIX.rglob("*")
    if p.is_file() and p.suffix in {".vtt", ".srt", ".txt", ".docx", ".json", ".csv"} and "persons" not in p.name
)


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=[p.name for p in ALL_FIXTURES])
def test_read_notes_and_reasons_never_hold_names_or_text(path: Path) -> None:
    """Notes and quarantine / dropped reasons reach the run manifest, which must hold no raw text."""
    r = transcripts.read(path)
    exposed = json.dumps([r.notes, r.quarantine, r.dropped], ensure_ascii=False)
    labels = {s for s in r.segments["speaker"].dropna() if len(s) > 2}
    assert not [label for label in labels if label in exposed]
    trigrams = {" ".join(ws[i : i + 3]) for text in r.segments["text"] if (ws := text.split()) for i in range(len(ws))}
    assert not [t for t in trigrams if len(t) > 8 and t in exposed]
