"""Whisper / WhisperX JSON and UK Parliament oral evidence readers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from voices.corpus import validate
from voices.errors import InputFormatError
from voices.ingest.transcripts import read_parliament_csv, read_whisper_json

FIX = Path(__file__).parent / "fixtures" / "transcripts"
ORAL = FIX / "parliament" / "u1720146_CN8001_oral_20140618_trimmed.csv"


# --- Whisper -----------------------------------------------------------------------------------------------------


def test_read_whisper_json_openai_has_no_speakers_and_strips_leading_space() -> None:
    r = read_whisper_json(FIX / "whisper_synthetic.json")
    r.check()
    validate(r.segments)
    seg = r.segments
    assert r.source_format == "whisper_json"
    assert seg["speaker"].isna().all()
    assert seg["speaker_role"].isna().all()
    assert seg["text"].iloc[0] == "Thanks for joining. Can you tell me about your housing situation?"
    assert list(seg["source_row"]) == [1, 2]
    assert list(seg["start_s"]) == [2.66, 5.9]
    assert r.notes["language"] == "en"


def test_read_whisper_json_whisperx_speakers_and_unaligned_words() -> None:
    r = read_whisper_json(FIX / "whisperx_diarized_synthetic.json")
    r.check()
    assert r.source_format == "whisperx_json"
    assert list(r.segments["speaker"]) == ["SPEAKER_00", "SPEAKER_01"]
    assert list(r.segments["speaker_role"]) == ["interviewer", "participant"]
    assert r.segments["text"].iloc[1] == "Yeah, so we've been in the flat since 2019."


def test_read_whisper_json_whisperx_segment_without_speaker(tmp_path: Path) -> None:
    data = {
        "segments": [
            {"start": 0.0, "end": 1.0, "text": " Hello?", "speaker": "SPEAKER_00"},
            {"start": 1.0, "end": 2.0, "text": " Hi.", "words": [{"word": "Hi.", "speaker": "SPEAKER_01"}]},
            {"start": 2.0, "end": 3.0, "text": " 2019", "words": [{"word": "2019", "score": 0.0}]},
            {"start": 3.0, "end": 4.0, "text": " and", "speaker": "SPEAKER_01"},
            {"start": 4.0, "end": 5.0, "text": " then", "speaker": "SPEAKER_01"},
        ],
        "word_segments": [],
    }
    p = tmp_path / "wx.json"
    p.write_text(json.dumps(data))
    r = read_whisper_json(p)
    r.check()
    seg = r.segments
    assert r.source_format == "whisperx_json"
    assert list(seg["speaker"].fillna("?")) == ["SPEAKER_00", "SPEAKER_01", "?", "SPEAKER_01"]
    assert seg["text"].iloc[3] == "and then"
    assert r.notes["speaker_from_words"] == 1
    assert r.notes["segments_without_speaker"] == 1


def test_read_whisper_json_bad_segments_are_quarantined(tmp_path: Path) -> None:
    data = {
        "segments": [
            {"start": 0, "end": 1, "text": " ok"},
            "oops",
            {"start": 1},
            {"start": "x", "text": " "},
            {"start": None, "end": float("nan"), "text": "no times"},
        ]
    }
    p = tmp_path / "w.json"
    p.write_text(json.dumps(data))
    r = read_whisper_json(p)
    r.check()
    assert [q["row"] for q in r.quarantine] == [2, 3]
    assert [d["row"] for d in r.dropped] == [4]
    assert list(r.segments["text"]) == ["ok", "no times"]
    assert pd.isna(r.segments["start_s"].iloc[1])


def test_read_whisper_json_refuses_other_json(tmp_path: Path) -> None:
    p = tmp_path / "tweets.json"
    p.write_text(json.dumps({"data": [{"id": "1", "text": "hi"}]}))
    with pytest.raises(InputFormatError, match="segments") as info:
        read_whisper_json(p)
    assert "social" in info.value.fix
    broken = tmp_path / "broken.json"
    broken.write_text('{"segments": [')
    with pytest.raises(InputFormatError, match="not valid JSON"):
        read_whisper_json(broken)


# --- Parliament --------------------------------------------------------------------------------------------------


def test_read_parliament_csv_rows_become_turns_with_persons_roles() -> None:
    r = read_parliament_csv(ORAL)
    r.check()
    validate(r.segments)
    seg = r.segments
    assert r.source_format == "parliament_csv"
    assert r.records_in == 62
    assert r.records_kept == 62
    assert r.notes["persons_file"] == "u1720146_CN8001_persons.csv"
    first = seg.iloc[0]
    assert first["speaker"] == "Chair"
    assert first["speaker_role"] == "interviewer"
    assert first["source_row"] == 14
    assert first["text"].startswith("I welcome the panel here this morning.")
    meta = json.loads(first["meta"])
    assert meta["questions"] == ["Q1"]
    assert meta["sector"] == "member"
    assert meta["session_date"] == "2014-06-18"
    assert first["created_at"] == pd.Timestamp("2014-06-18", tz="UTC")
    roles = dict(zip(seg["speaker"], seg["speaker_role"], strict=True))
    assert roles["Stephen Metcalfe"] == "interviewer"
    assert roles["Sureyya Cansoy"] == "participant"
    assert roles["Carl Miller"] == "participant"
    assert json.loads(seg[seg["speaker"] == "Carl Miller"]["meta"].iloc[0])["role_by"] == "persons file: ngo witness"
    assert r.notes["speaker_roles"] == {"interviewer": 3, "participant": 3}


def test_read_parliament_csv_consecutive_rows_of_one_person_merge() -> None:
    seg = read_parliament_csv(ORAL).segments
    cansoy = seg[(seg["speaker"] == "Sureyya Cansoy")].iloc[1]  # her Q2 answer spans two rows
    meta = json.loads(cansoy["meta"])
    assert meta["cue_rows"] == [19, 20]
    assert meta["questions"] == ["Q2"]
    assert "In the broader context" in cansoy["text"]
    assert len(seg) < 62


def test_read_parliament_csv_without_persons_uses_question_numbering(tmp_path: Path) -> None:
    p = tmp_path / "oral.csv"
    shutil.copy(ORAL, p)
    r = read_parliament_csv(p)
    seg = r.segments
    roles = {
        s: (role, json.loads(m)["role_by"])
        for s, role, m in zip(seg["speaker"], seg["speaker_role"], seg["meta"], strict=True)
    }
    assert roles["Chair"][0] == "interviewer"
    assert roles["Stephen Metcalfe"] == ("interviewer", "opens questions (question numbering)")
    assert roles["Timo Hannay"][0] == "participant"
    assert "persons_file" not in r.notes


def test_read_parliament_csv_short_rows_quarantined_and_empty_dropped(tmp_path: Path) -> None:
    p = tmp_path / "oral_20140101.csv"
    p.write_text("#heading\nquestion|person|oralEvidence\nQ1|Chair|Hello?\nQ1|broken row\nQ1|Witness|\nQ2|Chair|Bye\n")
    r = read_parliament_csv(p)
    r.check()
    assert [q["row"] for q in r.quarantine] == [4]
    assert [d["row"] for d in r.dropped] == [5]
    assert r.notes["session_date"] == "2014-01-01"  # from the file name when the heading has no date


def test_read_parliament_csv_refuses_comma_csv(tmp_path: Path) -> None:
    p = tmp_path / "survey.csv"
    p.write_text("id,answer\n1,yes\n")
    with pytest.raises(InputFormatError, match="pipe-delimited"):
        read_parliament_csv(p)


def test_bundled_parliament_sample_reads_completely(repo_root: Path) -> None:
    folder = repo_root / "data" / "samples" / "transcripts" / "parliament"
    totals = {}
    for path in sorted(folder.glob("*oral*.csv")):
        r = read_parliament_csv(path)
        r.check()
        assert not r.quarantine
        totals[path.name[-12:-4]] = r.records_in
        assert set(r.segments["speaker_role"]) == {"interviewer", "participant"}
    assert totals == {"20140618": 289, "20140623": 254, "20140708": 187}
