"""WebVTT readers: Teams, Zoom and W3C WebVTT features."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from voices.corpus import validate
from voices.ingest import transcripts
from voices.ingest.transcripts.vtt import read_vtt, voices

FIX = Path(__file__).parent / "fixtures" / "transcripts"


def _rows(result) -> list[dict]:
    return result.segments.to_dict("records")


def test_read_vtt_teams_voice_spans_become_speaker_turns() -> None:
    r = read_vtt(FIX / "teams_synthetic.vtt")
    r.check()
    validate(r.segments)
    assert r.source_format == "teams_vtt"
    seg = r.segments
    assert seg["speaker"].iloc[0] == "Priya Shah (Research Team)"
    assert seg["speaker_role"].iloc[0] == "interviewer"
    assert seg["speaker"].iloc[1] == "Participant 04"
    assert seg["speaker_role"].iloc[1] == "participant"
    assert seg["text"].iloc[1] == (
        "Yeah, so we've been in the flat since 2019, it's a council flat on the estate. "
        "The damp's been bad since, what, last winter?"
    )
    assert list(seg["segment_id"]) == ["teams_synthetic/t0000", "teams_synthetic/t0001", "teams_synthetic/t0002"]
    assert list(seg["turn_index"]) == [0, 1, 2]
    assert set(seg["source_kind"]) == {"transcript"}
    assert set(seg["source_file"]) == {"teams_synthetic.vtt"}
    assert set(seg["document_id"]) == {"teams_synthetic"}


def test_read_vtt_teams_merged_turn_keeps_cue_offsets_and_times() -> None:
    seg = read_vtt(FIX / "teams_synthetic.vtt").segments
    turn = seg.iloc[1]
    assert turn["start_s"] == pytest.approx(8.01)
    assert turn["end_s"] == pytest.approx(16.2)
    assert turn["source_row"] == 7
    meta = json.loads(turn["meta"])
    assert meta["cues"] == [[8.01, 12.95, 0], [12.95, 16.2, 79]]
    assert meta["cue_rows"] == [7, 11]
    second_cue_offset = meta["cues"][1][2]
    assert turn["text"][second_cue_offset:].startswith("The damp's")


def test_read_vtt_teams_cue_without_voice_keeps_speaker_none_and_is_noted() -> None:
    r = read_vtt(FIX / "teams_synthetic.vtt")
    last = r.segments.iloc[2]
    assert pd.isna(last["speaker"])
    assert pd.isna(last["speaker_role"])
    assert last["text"] == "Sorry, could you repeat that?"
    assert r.notes["cues_without_voice"] == 1


def test_read_vtt_teams_unpadded_times_overlaps_and_bad_cues() -> None:
    r = read_vtt(FIX / "teams_unpadded_synthetic.vtt")
    r.check()
    assert r.source_format == "teams_vtt"
    assert r.records_in == 10
    assert r.records_kept == 7
    assert [(q["row"], q["reason"][:15]) for q in r.quarantine] == [(36, "bad timing line")]
    reasons = {d["row"]: d["reason"] for d in r.dropped}
    assert "transcription" in reasons[3]
    assert "empty cue" in reasons[31]
    seg = r.segments
    priya = seg.iloc[0]
    assert (priya["start_s"], priya["end_s"]) == (pytest.approx(3.1), pytest.approx(9.0))
    assert priya["text"] == "Thanks for coming in today. How long have you lived on the estate?"
    caller = seg.iloc[1]
    assert caller["speaker"] == "Call-in User 1"
    assert caller["start_s"] == pytest.approx(8.5)  # overlaps the previous turn: allowed
    assert caller["text"] == "About six years now & the damp started in the second winter."
    assert seg.iloc[3]["speaker"] == "田中 ひろし"
    assert seg.iloc[-1]["start_s"] == pytest.approx(68.0)
    assert r.notes["cues_without_voice"] == 1


def test_read_vtt_zoom_prefix_is_split_off() -> None:
    r = read_vtt(FIX / "zoom_synthetic.vtt")
    assert r.source_format == "zoom_vtt"
    seg = r.segments
    assert list(seg["speaker"]) == ["Priya Shah", "Call-in User 1", "Priya Shah"]
    assert seg["text"].iloc[0] == "Thanks for joining. Can you tell me about your housing situation?"
    assert list(seg["speaker_role"]) == ["interviewer", "participant", "interviewer"]


def test_read_vtt_zoom_time_word_is_not_a_speaker_change() -> None:
    seg = read_vtt(FIX / "zoom_synthetic.vtt").segments
    assert seg["text"].iloc[1] == "Yeah, so we've been in the flat since 2019. Time: about three years? No — four."
    assert "Time" not in set(seg["speaker"].dropna())


def test_read_vtt_zoom_names_with_colons_brackets_phone_numbers_and_cjk() -> None:
    r = read_vtt(FIX / "zoom_names_synthetic.vtt")
    assert r.source_format == "zoom_vtt"
    speakers = list(r.segments["speaker"])
    assert speakers == [
        "Dr. A. Okafor (Housing Team)",
        "+44 7700 900123",
        "田中",
        "Dr. A. Okafor (Housing Team)",
        "+44 7700 900123",
        "田中",
        "Room 2: Alex",
    ]
    assert r.segments["text"].iloc[2] == "はい、大丈夫です。"
    assert r.segments["text"].iloc[1] == "Yes, hello. Time: about ten minutes, I have to leave at 10:30."
    assert r.segments["speaker_role"].iloc[0] == "interviewer"
    assert json.loads(r.segments["meta"].iloc[0])["role_by"] == "first speaker, asks questions"


def test_read_vtt_w3c_features() -> None:
    r = read_vtt(FIX / "vtt_features_synthetic.vtt")
    r.check()
    assert r.source_format == "vtt"
    assert r.notes["header"] == {"has_title": True, "Kind": "captions", "Language": "en-GB"}
    assert r.notes["skipped_blocks"] == {"STYLE": 1, "NOTE": 2}
    texts = list(r.segments["text"])
    assert texts[0] == "Welcome, everyone & thanks for coming. What matters most to you about the bus service?"
    assert texts[1] == "Buses --> they just don't come after six in the evening. <laughs> Honestly."
    assert list(r.segments["speaker"]) == ["Facilitator", "Resident B", "Facilitator", "Resident B"]
    assert r.segments["start_s"].iloc[0] == pytest.approx(1.0)  # mm:ss.ttt, cue settings ignored
    assert [q["row"] for q in r.quarantine] == [31]
    assert [(d["row"], "empty cue" in d["reason"]) for d in r.dropped] == [(24, True)]


def test_read_vtt_two_voices_in_one_cue_become_two_turns_with_same_times() -> None:
    seg = read_vtt(FIX / "vtt_features_synthetic.vtt").segments
    last_two = seg.iloc[-2:]
    assert list(last_two["text"]) == ["Thank you.", "Thanks!"]
    assert list(last_two["source_row"]) == [34, 34]
    assert list(last_two["start_s"]) == [15.5, 15.5]


@pytest.mark.parametrize(
    ("name", "cues", "first_text", "first_start"),
    [
        ("captions_with_bom.vtt", 4, "Caption text #1", 0.5),
        ("comments.vtt", 3, "- Ta en kopp varmt te. - Det är inte varmt.", 135.0),
        ("cue_tags.vtt", 3, "When the moon hits your eye", 16.5),
        ("metadata_headers.vtt", 2, "Caption text #1", 0.5),
        ("sample.vtt", 16, "Caption text #1", 0.5),
    ],
)
def test_read_vtt_webvtt_py_fixtures(name: str, cues: int, first_text: str, first_start: float) -> None:
    r = read_vtt(FIX / "webvtt-py" / name)
    r.check()
    assert r.source_format == "vtt"
    assert len(r.segments) == cues  # no speakers: cues are never merged
    assert r.segments["text"].iloc[0] == first_text
    assert r.segments["start_s"].iloc[0] == pytest.approx(first_start)
    assert r.segments["speaker"].isna().all()


def test_read_vtt_inline_timestamps_and_class_spans_are_removed() -> None:
    seg = read_vtt(FIX / "webvtt-py" / "cue_tags.vtt").segments
    assert list(seg["text"]) == ["When the moon hits your eye", "Like a big-a pizza pie", "That's amore"]


def test_read_vtt_header_title_is_flagged_not_copied_into_notes() -> None:
    r = read_vtt(FIX / "webvtt-py" / "comments.vtt")
    assert r.notes["header"] == {"has_title": True}
    assert r.notes["skipped_blocks"] == {"NOTE": 2}


def test_voices_unclosed_and_classed_voice_tags() -> None:
    assert voices("<v.loud.first Mary Jane>Hi there") == ([("Mary Jane", "Hi there")], True)
    assert voices("no voice &amp; entity") == ([(None, "no voice & entity")], False)
    assert voices("<v A>one</v> stray <v B>two</v>") == ([("A", "one stray"), ("B", "two")], True)


def test_read_vtt_crlf_and_utf16_with_bom(tmp_path: Path) -> None:
    body = "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n<v Ana>Hello,\r\nworld</v>\r\n"
    p8 = tmp_path / "crlf.vtt"
    p8.write_bytes(body.encode("utf-8"))
    p16 = tmp_path / "utf16.vtt"
    p16.write_bytes(body.encode("utf-16"))
    for path in (p8, p16):
        seg = read_vtt(path).segments
        assert list(seg["text"]) == ["Hello, world"]
        assert list(seg["speaker"]) == ["Ana"]
        assert list(seg["source_row"]) == [3]


def test_read_vtt_cue_glued_to_header_and_missing_header(tmp_path: Path) -> None:
    glued = tmp_path / "glued.vtt"
    glued.write_text("WEBVTT\n1\n00:00:01.000 --> 00:00:02.000\nHi\n")
    r = read_vtt(glued)
    assert list(r.segments["text"]) == ["Hi"]
    headless = tmp_path / "headless.vtt"
    headless.write_text("00:00:01.000 --> 00:00:02.000\nHi\n")
    r = read_vtt(headless)
    assert r.notes["missing_header"] is True
    assert list(r.segments["text"]) == ["Hi"]


def test_read_vtt_stray_text_block_and_reversed_cue_are_quarantined(tmp_path: Path) -> None:
    p = tmp_path / "bad.vtt"
    p.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFirst\n\nstray line after a blank\n\n"
        "00:00:05.000 --> 00:00:04.000\nBackwards\n\n00:00:06.000 --> 00:00:07.000\nLast\n"
    )
    r = read_vtt(p)
    r.check()
    assert list(r.segments["text"]) == ["First", "Last"]
    assert [q["row"] for q in r.quarantine] == [6, 8]
    assert "without a 'start --> end' timing line" in r.quarantine[0]["reason"]
    assert not any(word in q["reason"] for q in r.quarantine for word in ("stray line", "Backwards"))
    assert "before it starts" in r.quarantine[1]["reason"]


def test_read_vtt_merge_turns_off_keeps_one_turn_per_cue() -> None:
    merged = read_vtt(FIX / "teams_synthetic.vtt")
    split = read_vtt(FIX / "teams_synthetic.vtt", merge_turns=False)
    assert len(merged.segments) == 3
    assert len(split.segments) == 4
    assert split.records_kept == merged.records_kept == 4


def test_read_vtt_forced_flavour_wins() -> None:
    r = transcripts.read(FIX / "zoom_synthetic.vtt", format="vtt")
    assert r.source_format == "zoom_vtt"  # "vtt" means "any WebVTT": the flavour is still detected
    forced = transcripts.read(FIX / "webvtt-py" / "sample.vtt", format="zoom_vtt")
    assert forced.source_format == "zoom_vtt"
    assert forced.segments["speaker"].isna().all()
