"""Text transcript readers: SRT, plain turns, Otter and Rev."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from voices.corpus import validate
from voices.ingest.transcripts import read_otter, read_plain, read_rev, read_srt
from voices.ingest.transcripts.plain import clock

FIX = Path(__file__).parent / "fixtures" / "transcripts"


# --- SRT ---------------------------------------------------------------------------------------------------------


def test_read_srt_whisperx_speaker_prefix() -> None:
    r = read_srt(FIX / "whisperx_diarized_synthetic.srt")
    r.check()
    validate(r.segments)
    seg = r.segments
    assert r.source_format == "srt"
    assert list(seg["speaker"]) == ["SPEAKER_00", "SPEAKER_01"]
    assert list(seg["speaker_role"]) == ["interviewer", "participant"]
    assert seg["text"].iloc[0] == "Thanks for joining. Can you tell me about your housing situation?"
    assert (seg["start_s"].iloc[0], seg["end_s"].iloc[0]) == (pytest.approx(2.656), pytest.approx(5.23))
    assert list(seg["source_row"]) == [1, 5]


def test_read_srt_webvtt_py_sample() -> None:
    r = read_srt(FIX / "webvtt-py" / "sample.srt")
    assert r.records_in == r.records_kept == 5
    assert list(r.segments["text"]) == [f"Caption text #{i}" for i in range(1, 6)]
    assert r.segments["end_s"].iloc[-1] == pytest.approx(23.88)


def test_read_srt_markup_missing_index_and_bad_timing(tmp_path: Path) -> None:
    p = tmp_path / "messy.srt"
    p.write_text(
        "1\n00:00:01,000 --> 00:00:02,500\n<i>Hello</i> {\\an8}there\n\n"
        "00:00:03.000 --> 00:00:04.000\nNo index line\n\n"
        "3\n00:00:05,000 -> 00:00:06,000\nArrow too short\n\n"
        "4\n00:00:07,000 --> 00:00:08,000\n\n"
        "5\n00:00:09,000 --> 00:00:10,000\nLast\n"
    )
    r = read_srt(p)
    r.check()
    assert list(r.segments["text"]) == ["Hello there", "No index line", "Last"]
    assert r.records_in == 5
    assert r.records_kept == 3
    assert [q["row"] for q in r.quarantine] == [9]
    assert "bad timing line" in r.quarantine[0]["reason"]
    assert [(d["row"], "empty cue" in d["reason"]) for d in r.dropped] == [(12, True)]


def test_read_srt_empty_cue_dropped(tmp_path: Path) -> None:
    p = tmp_path / "empty.srt"
    p.write_text("1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n\n2\n00:00:03,000 --> 00:00:04,000\nHi\n")
    r = read_srt(p)
    assert [(d["row"], "empty cue" in d["reason"]) for d in r.dropped] == [(1, True)]
    assert list(r.segments["text"]) == ["Hi"]


# --- plain -------------------------------------------------------------------------------------------------------


def test_read_plain_sample_speakers_timestamps_and_continuations() -> None:
    r = read_plain(FIX / "speaker_turns_plain_synthetic.txt")
    r.check()
    validate(r.segments)
    seg = r.segments
    assert list(seg["speaker"]) == ["Interviewer", "P04", "INTERVIEWER", "P04"]
    assert list(seg["speaker_role"]) == ["interviewer", "participant", "interviewer", "participant"]
    assert seg["text"].iloc[1] == (
        "Yeah, so we've been in the flat since 2019. It's a council flat on the estate. "
        "The damp's been bad since, what, last winter? Time: about 4 years."
    )
    assert seg["start_s"].iloc[0] == 2.0
    assert seg["text"].iloc[2] == "OK."  # trailing {00:01:10} removed ...
    assert seg["end_s"].iloc[2] == 70.0  # ... and used as the end
    assert seg["start_s"].iloc[3] == 72.5  # '#00:01:12.500#' line starts the next line
    assert seg["text"].iloc[3] == "and the repairs line never answers."  # 'P04 - text'
    assert r.records_in == r.records_kept == 7


def test_read_plain_awkward_file() -> None:
    r = read_plain(FIX / "plain_awkward_synthetic.txt")
    r.check()
    seg = r.segments
    assert pd.isna(seg["speaker"].iloc[0])  # the title line has no speaker
    assert list(seg["speaker"].iloc[1:]) == ["Facilitator", "R1", "FACILITATOR", "R1"]
    assert seg["text"].iloc[2].endswith("Time: about three years ago now. It's been a lifeline, honestly.")
    label_alone = seg.iloc[3]
    assert label_alone["text"] == "What would make it better?"
    assert label_alone["source_row"] == 8
    last = seg.iloc[4]
    assert last["text"] == "longer opening hours And somewhere to sit."
    assert (last["start_s"], last["end_s"]) == (70.0, 75.0)
    assert json.loads(last["meta"])["cues"] == [[70.0, 75.0, 0], [85.0, None, 21]]
    assert r.records_in == 12
    assert r.records_kept == 11
    assert [d["row"] for d in r.dropped] == [13]


def test_read_plain_time_prefix_needs_a_known_or_repeating_speaker(tmp_path: Path) -> None:
    p = tmp_path / "t.txt"
    p.write_text("Sam: How long have you been there?\nAlex: Time: about three years.\nSam: OK.\nAlex: Yes.\n")
    seg = read_plain(p).segments
    assert list(seg["speaker"]) == ["Sam", "Alex", "Sam", "Alex"]
    assert seg["text"].iloc[1] == "Time: about three years."
    lone = tmp_path / "lone.txt"
    lone.write_text("Interviewer: How long?\nTime: about three years.\n")
    seg = read_plain(lone).segments
    assert list(seg["speaker"]) == ["Interviewer"]
    assert seg["text"].iloc[0] == "How long? Time: about three years."


def test_read_plain_known_speaker_is_trusted_once(tmp_path: Path) -> None:
    p = tmp_path / "t.txt"
    p.write_text("Morag: Hello there, what brings you in?\nShe said nothing.\n")
    assert read_plain(p).segments["speaker"].isna().all()
    seg = read_plain(p, interviewers=["Morag"]).segments
    assert list(seg["speaker"]) == ["Morag"]
    assert list(seg["speaker_role"]) == ["interviewer"]


def test_read_plain_non_latin_names_with_fullwidth_colon(tmp_path: Path) -> None:
    p = tmp_path / "jp.txt"
    p.write_text("田中：こんにちは。\n佐藤：はい。\n田中：ありがとう。\n佐藤：どうも。\n", encoding="utf-8")
    assert list(read_plain(p).segments["speaker"]) == ["田中", "佐藤", "田中", "佐藤"]


def test_read_plain_cp1252_file_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "win.txt"
    p.write_bytes("Interviewer: Café opening times?\nP1: Don’t know.\n".encode("cp1252"))
    r = read_plain(p)
    assert r.notes["encoding"] == "cp1252"
    assert list(r.segments["text"]) == ["Café opening times?", "Don’t know."]


def test_read_plain_label_without_text_at_end_is_dropped(tmp_path: Path) -> None:
    p = tmp_path / "t.txt"
    p.write_text("Interviewer: Anything else?\nP1:\n")
    r = read_plain(p)
    r.check()
    assert [d["row"] for d in r.dropped] == [2]
    assert "no text" in r.dropped[0]["reason"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("01:10", 70.0), ("00:01:12.500", 72.5), ("12.30", 750.0), ("1.02.14", 3734.0), ("1:75", None), ("x", None)],
)
def test_clock_qualcoder_times(value: str, expected: float | None) -> None:
    assert clock(value) == expected


# --- Otter -------------------------------------------------------------------------------------------------------


def test_read_otter_sample() -> None:
    r = read_otter(FIX / "otter_synthetic.txt")
    r.check()
    validate(r.segments)
    seg = r.segments
    assert r.source_format == "otter"
    assert list(seg["speaker"]) == ["Priya Shah", "Speaker 2", "Priya Shah"]
    assert list(seg["start_s"]) == [2.0, 5.0, 3734.0]  # 1:02:14 past the hour
    assert seg["end_s"].isna().all()
    assert list(seg["speaker_role"]) == ["interviewer", "participant", "interviewer"]
    assert list(seg["source_row"]) == [1, 4, 7]


def test_read_otter_crlf_and_headerless_paragraph_continues_turn() -> None:
    r = read_otter(FIX / "otter_crlf_synthetic.txt")
    r.check()
    seg = r.segments
    assert list(seg["speaker"]) == ["Priya Shah", "Speaker 2", "Priya Shah", "Speaker 2"]
    assert (
        seg["text"].iloc[1]
        == "Yeah, so we have been in the flat since 2019. It is a council flat on the estate. (laughs)"
    )
    assert seg["start_s"].iloc[2] == 3598.0
    assert r.notes["notations"] == {"laughs": 1}


def test_read_otter_single_space_time_is_not_a_header_unless_repeated(tmp_path: Path) -> None:
    p = tmp_path / "o.txt"
    p.write_text("Ana  0:01\nWe met at 10:30\n\nBen  0:05\nOK.\n")
    seg = read_otter(p).segments
    assert list(seg["speaker"]) == ["Ana", "Ben"]
    assert seg["text"].iloc[0] == "We met at 10:30"


# --- Rev ---------------------------------------------------------------------------------------------------------


def test_read_rev_sample_keeps_notation_as_text_and_notes_it() -> None:
    r = read_rev(FIX / "rev_synthetic.txt")
    r.check()
    seg = r.segments
    assert list(seg["speaker"]) == ["Speaker 1", "Participant 04", "Speaker 1"]
    assert list(seg["start_s"]) == [2.0, 5.0, 3734.0]
    assert (
        seg["text"].iloc[1] == "Yeah, so we've been in the flat since [inaudible 00:00:07] 2019. [crosstalk 00:00:09]"
    )
    assert json.loads(seg["meta"].iloc[1])["notations"] == ["inaudible 00:00:07", "crosstalk 00:00:09"]
    assert r.notes["notations"] == {"crosstalk": 1, "inaudible": 1}
    assert list(seg["speaker_role"]) == ["interviewer", "participant", "interviewer"]


def test_read_rev_text_on_header_line_and_lone_header(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_text("Speaker 1 (00:02): How are you?\n\nSpeaker 2 (00:04):\n\nFine, thanks.\n\nSpeaker 1 (00:09):\n")
    r = read_rev(p)
    r.check()
    seg = r.segments
    assert list(seg["text"]) == ["How are you?", "Fine, thanks."]
    assert list(seg["source_row"]) == [1, 3]
    assert [d["row"] for d in r.dropped] == [7]


def test_read_rev_lone_header_followed_by_another_header_is_dropped(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_text("Speaker 1 (00:02):\n\nSpeaker 2 (01:02:14): text\n")
    r = read_rev(p)
    r.check()
    assert [d["row"] for d in r.dropped] == [1]
    assert list(r.segments["speaker"]) == ["Speaker 2"]
