"""The shared parts: time codes, markup, speaker prefixes, roles and turn merging."""

from __future__ import annotations

import json

import pytest

from voices.ingest.transcripts import roles
from voices.ingest.transcripts.cues import Cue
from voices.ingest.transcripts.markup import notations, strip_markup, transcription_marker
from voices.ingest.transcripts.source import start
from voices.ingest.transcripts.speakers import Prefixes, conventional
from voices.ingest.transcripts.timecode import seconds, timing
from voices.ingest.transcripts.turns import finish, merge


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("00:00:02.656", 2.656),
        ("0:0:0.0", 0.0),
        ("0:0:0.570", 0.57),
        ("00:17.500", 17.5),
        ("01:02:14", 3734.0),
        ("00:00:05,230", 5.23),
        ("100:00:00.000", 360000.0),
        ("00:60:00.000", None),
        ("00:00:61.000", None),
        ("12", None),
        ("", None),
    ],
)
def test_seconds_parses_padded_unpadded_and_comma_times(value: str, expected: float | None) -> None:
    assert seconds(value) == expected


def test_timing_reads_settings_and_refuses_malformed_lines() -> None:
    assert timing("0:0:0.0 --> 0:0:0.570") == (0.0, 0.57, "")
    assert timing("00:01.000 --> 00:04.500 align:start size:80%") == (1.0, 4.5, "align:start size:80%")
    assert timing("00:14.0x --> 00:15.000") is None
    assert timing("Buses --> they just don't come") is None


def test_strip_markup_tags_entities_and_whitespace() -> None:
    assert strip_markup("<v.loud Ana>Hi&nbsp;&amp; <i>bye</i>\n  now</v>") == "Hi & bye now"
    assert strip_markup("a < b and c > d") == "a < b and c > d"
    assert strip_markup("&lt;laughs&gt;") == "<laughs>"


def test_notations_and_transcription_markers() -> None:
    assert notations("[Inaudible] so [crosstalk 00:00:09] (laughs) [music]") == [
        "Inaudible",
        "crosstalk 00:00:09",
        "laughs",
        "music",
    ]
    assert transcription_marker("Priya Shah (Research Team) started transcription")
    assert transcription_marker("田中 stopped transcription.")
    assert not transcription_marker("We stopped transcription work last year because of cuts")


def test_prefixes_trust_known_conventional_or_repeated_labels_only() -> None:
    lines = ["Ana: Hi.", "Ben: Time: ten years.", "Ana: Right.", "Ben: OK.", "Note: one-off."]
    p = Prefixes(lines)
    assert p.split("Ben: Time: ten years.") == ("Ben", "Time: ten years.")
    assert p.split("Note: one-off.") == (None, "Note: one-off.")
    assert Prefixes(lines, known=["note"]).split("Note: one-off.") == ("Note", "one-off.")
    assert p.split("[SPEAKER_03]: hello") == ("SPEAKER_03", "hello")
    assert p.split("At 10:30 we met") == (None, "At 10:30 we met")
    assert p.split("see http://x.org") == (None, "see http://x.org")
    assert p.split("Why? Because: reasons") == (None, "Why? Because: reasons")


def test_prefixes_dash_form_needs_more_than_a_bare_letter() -> None:
    p = Prefixes(["I - went to the shop", "P04 - the repairs line"])
    assert p.split("I - went to the shop") == (None, "I - went to the shop")
    assert p.split("P04 - the repairs line") == ("P04", "the repairs line")


def test_conventional_labels() -> None:
    assert all(
        conventional(x)
        for x in [
            "Interviewer",
            "INTERVIEWER",
            "P04",
            "Speaker 2",
            "SPEAKER_00",
            "Call-in User 1",
            "Respondent 3",
            "Q",
            "R1",
        ]
    )
    assert not any(conventional(x) for x in ["Time", "Priya Shah", "Note"])


def test_roles_recognise_labels() -> None:
    for label in [
        "Interviewer",
        "INTERVIEWER",
        "Facilitator",
        "Moderator",
        "Researcher",
        "Chair",
        "Q",
        "Priya Shah (Research Team)",
        "Lead Interviewer 2",
    ]:
        assert roles.recognise(label) == "interviewer", label
    for label in ["Participant 04", "P04", "Respondent", "Interviewee", "R2"]:
        assert roles.recognise(label) == "participant", label
    assert roles.recognise("SPEAKER_00") is None
    assert roles.recognise("Chairs of the board") is None


def test_roles_first_speaker_heuristic_needs_questions() -> None:
    turns = [
        ("Sam", "So, how long have you lived here?"),
        ("Jo", "Ten years."),
        ("Sam", "And before that?"),
        ("Jo", "Leeds."),
    ]
    assert roles.assign(turns)["Sam"] == ("interviewer", "first speaker, asks questions")
    statements = [("Sam", "Hello."), ("Jo", "Hi, how are you?"), ("Sam", "Fine.")]
    assert roles.assign(statements) == {"Sam": ("participant", "default"), "Jo": ("participant", "default")}
    monologue = [("Sam", "Why?"), ("Sam", "Really?")]
    assert roles.assign(monologue)["Sam"] == ("participant", "default")


def test_roles_precedence_roles_then_interviewers_then_hints_then_labels() -> None:
    turns = [("Interviewer", "Hi?"), ("P1", "Hello."), ("Chair", "Next?")]
    out = roles.assign(turns, roles={"p1": "carer"}, hints={"Chair": ("participant", "persons file")})
    assert out == {
        "Interviewer": ("interviewer", "label"),
        "P1": ("carer", "roles mapping"),
        "Chair": ("participant", "persons file"),
    }
    out = roles.assign(turns, interviewers=["P1"])
    assert {k: v[0] for k, v in out.items()} == {
        "Interviewer": "participant",
        "P1": "interviewer",
        "Chair": "participant",
    }


def test_merge_joins_same_speaker_and_continuations_but_not_unknown_speakers() -> None:
    cues = [
        Cue(1, "a", "X"),
        Cue(2, "b", "X"),
        Cue(3, "c", "Y"),
        Cue(4, "d", "Y", continues=True),
        Cue(5, "e", None),
        Cue(6, "f", None),
        Cue(7, "g", None, continues=True),
    ]
    assert [[c.row for c in t] for t in merge(cues)] == [[1, 2], [3, 4], [5], [6, 7]]
    assert [[c.row for c in t] for t in merge(cues, merge_turns=False)] == [[1], [2], [3, 4], [5], [6, 7]]


def test_finish_counts_rows_once_and_drops_empty_cues_with_reason() -> None:
    result = start("x.vtt", "vtt")
    result.records_in = 4
    cues = [
        Cue(1, "Hi", "A", 0.0, 1.0),
        Cue(1, "Hey", "B", 0.0, 1.0),
        Cue(5, "", "A", reason="custom reason"),
        Cue(9, "Bye", "A", 2.0, 3.0, also=(8,)),
    ]
    out = finish(result, cues, document_id="x")
    assert out.records_kept == 3
    assert out.dropped == [{"file": "x.vtt", "row": 5, "reason": "custom reason"}]
    assert list(out.segments["segment_id"]) == ["x/t0000", "x/t0001", "x/t0002"]
    assert json.loads(out.segments["meta"].iloc[2]) == {"cues": [[2.0, 3.0, 0]], "role_by": "label"}  # "A" as in Q/A
    assert out.notes["speakers"] == 2
