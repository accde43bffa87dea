"""The anonymise stages: contract, privacy flag, tables, report, speakers and meta."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from voices.anonymise import keyfile
from voices.anonymise.identifiers import default_detectors
from voices.anonymise.stage import REVIEW_COLUMNS, Anonymise, DeclareAnonymous
from voices.corpus import Corpus, conform, validate
from voices.errors import PipelineError
from voices.stage import RunContext, Stage

IDS = default_detectors()


def corpus(rows: list[dict]) -> Corpus:
    base = {"source_format": "csv", "source_file": "x.csv", "source_kind": "consultation"}
    frame = pd.DataFrame([{**base, "segment_id": f"s{i}", "source_row": i + 2, **r} for i, r in enumerate(rows)])
    return Corpus(conform(frame))


def run(c: Corpus, **kw) -> Corpus:
    return Anonymise(detectors=IDS, **kw)(c, RunContext(seed=7))


def test_stage_contract() -> None:
    stage = Anonymise()
    assert isinstance(stage, Stage)
    assert Anonymise.name == "voices.anonymise.v1"
    assert Anonymise.requires == frozenset({"text"})
    assert {"text", "redactions", "review_queue", "anonymisation"} <= Anonymise.produces
    assert DeclareAnonymous.name == "voices.anonymise.declare_anonymous.v1"
    assert isinstance(DeclareAnonymous("x"), Stage)


def test_stage_constructor_only_stores_parameters() -> None:
    stage = Anonymise(scope="corpus", k=3, names_file="does/not/exist.txt", key_file="k.key")
    assert (stage.scope, stage.k, stage.names_file, stage.key_file) == ("corpus", 3, "does/not/exist.txt", "k.key")


def test_stage_sets_privacy_and_adds_tables_and_report() -> None:
    c = corpus(
        [
            {"document_id": "r1", "text": "Call 07700 900123, postcode LS6 2AB"},
            {"document_id": "r2", "text": "Nothing personal here."},
        ]
    )
    out = run(c)
    assert out.privacy == "anonymised"
    validate(out.segments)
    assert out.segments["text"].tolist() == ["Call [PHONE_1], postcode [POSTCODE_1]", "Nothing personal here."]
    assert out.segments["area_code"].tolist()[0] == "LS6"
    red = out.tables["redactions"]
    assert red["segment_id"].tolist() == ["s0", "s1"]
    logs = [json.loads(x) for x in red["redactions"]]
    assert [e["label"] for e in logs[0]] == ["PHONE", "POSTCODE"] and logs[1] == []
    assert list(out.tables["review_queue"].columns) == list(REVIEW_COLUMNS)
    report = out.artifacts["anonymisation"]
    assert report["by_label"] == {"PHONE": 1, "POSTCODE": 1}
    assert report["texts_with_redactions"] == 1
    assert "capitalised_unmasked" in report and report["stage"] == "voices.anonymise.v1"
    assert "07700" not in json.dumps(report) and "LS6 2AB" not in json.dumps(report)


def test_stage_existing_area_code_is_kept() -> None:
    out = run(corpus([{"document_id": "r1", "text": "at LS6 2AB", "area_code": "E01000001"}]))
    assert out.segments["area_code"].tolist() == ["E01000001"]


def test_stage_meta_demographics_generalised_and_identifiers_masked() -> None:
    meta = {
        "Postcode": "LS6 2AB",
        "Age": "38",
        "date_of_birth": "03/04/1985",
        "email": "a.b@example.org",
        "Full name": "Zebedee Quist",
        "q2": "Call me on 07700 900123",
        "likes": 4,
        "author_id": 123456789,
    }
    out = run(
        corpus([{"document_id": "r1", "text": "Zebedee Quist here", "meta": meta}]), known_names=["Zebedee Quist"]
    )
    m = json.loads(out.segments["meta"][0])
    assert out.segments["area_code"][0] == "LS6"
    assert "Postcode" not in m and "Age" not in m and "date_of_birth" not in m
    assert m["age_band"] == "35-44" and m["likes"] == 4
    assert m["email"] == "[EMAIL_1]" and m["Full name"] == "[PERSON_1]" and m["q2"] == "Call me on [PHONE_1]"
    assert m["author_id"].startswith("[HANDLE_")
    assert out.segments["text"][0] == "[PERSON_1] here"
    assert out.artifacts["anonymisation"]["meta_values_masked"] == 4


def test_stage_transcript_speakers_pseudonymised() -> None:
    rows = [
        {"document_id": "t1", "source_kind": "transcript", "speaker": "Interviewer", "text": "Hello Alice."},
        {"document_id": "t1", "source_kind": "transcript", "speaker": "Alice Jones", "text": "Hi, Jones here."},
    ]
    out = run(corpus(rows))
    assert out.segments["speaker"].tolist() == ["Interviewer", "[PERSON_1]"]
    assert out.segments["text"].tolist() == ["Hello [PERSON_1].", "Hi, [PERSON_1] here."]
    assert out.artifacts["anonymisation"]["speakers_pseudonymised"] == 1


def test_stage_rare_terms_queued_for_review() -> None:
    rows = [{"document_id": f"r{i}", "text": f"The Park is nice {i}."} for i in range(5)]
    rows.append({"document_id": "r9", "text": "The Park and Zebedee are nice."})
    out = run(corpus(rows), k=3)
    q = out.tables["review_queue"]
    rare = q[q["reason"] == "rare_term"]
    assert rare["segment_id"].tolist() == ["s5"]
    text = out.segments["text"][5]
    assert text[int(rare["start"].iloc[0]) : int(rare["end"].iloc[0])] == "Zebedee"
    assert "Zebedee" not in json.dumps(out.artifacts["anonymisation"])


def test_stage_idempotent() -> None:
    c = corpus(
        [
            {
                "document_id": "r1",
                "speaker": "Alice Jones",
                "source_kind": "transcript",
                "text": "Alice said call 07700 900123",
                "meta": {"postcode": "LS6 2AB", "age": 38},
            }
        ]
    )
    once = run(c)
    twice = run(once)
    pd.testing.assert_frame_equal(once.segments, twice.segments)
    assert all(json.loads(x) == [] for x in twice.tables["redactions"]["redactions"])


def test_stage_key_file_written_apart_and_readable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = keyfile.generate_key()
    monkeypatch.setenv("TEST_VOICES_KEY", key)
    out = Anonymise(detectors=IDS, key_file=str(tmp_path / "keys" / "reid.key"), key_env="TEST_VOICES_KEY")(
        corpus([{"document_id": "r1", "text": "Call 07700 900123"}]), RunContext(base_dir=tmp_path)
    )
    mapping = keyfile.read(out.artifacts["anonymisation"]["key_file"], key)
    assert keyfile.lookup(mapping, "[PHONE_1]", "r1") == ["07700 900123"]


def test_stage_key_file_without_key_env_fails_before_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_KEY_VAR", raising=False)
    with pytest.raises(PipelineError, match="NO_SUCH_KEY_VAR"):
        run(corpus([{"document_id": "r1", "text": "x"}]), key_file="k.key", key_env="NO_SUCH_KEY_VAR")


def test_stage_salt_env_changes_handle_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    c = corpus([{"document_id": "r1", "text": "hi @sarah_oc"}])
    monkeypatch.setenv("TEST_SALT", "secret")
    default = run(c).segments["text"][0]
    salted = run(c, salt_env="TEST_SALT").segments["text"][0]
    assert default.startswith("hi [HANDLE_") and salted.startswith("hi [HANDLE_") and default != salted
    assert run(c).segments["text"][0] == default  # same seed, same hash


def test_declare_anonymous_records_reason() -> None:
    c = corpus([{"document_id": "r1", "text": "already clean"}])
    out = DeclareAnonymous("published committee transcripts")(c, RunContext())
    assert out.privacy == "declared_anonymous"
    assert out.artifacts["declared_anonymous"]["reason"] == "published committee transcripts"
    assert out.segments.equals(c.segments)


def test_declare_anonymous_requires_reason() -> None:
    with pytest.raises(PipelineError, match="needs a reason"):
        DeclareAnonymous("  ")(corpus([{"document_id": "r1", "text": "x"}]), RunContext())


def test_stage_meta_that_is_not_json_is_anonymised_as_text() -> None:
    c = corpus([{"document_id": "r1", "text": "hello"}])
    c = c.evolve(segments=c.segments.assign(meta=["call 07700 900123"]))
    m = json.loads(run(c).segments["meta"][0])
    assert m == {"meta_text": "call [PHONE_1]"}


def test_stage_empty_corpus() -> None:
    out = Anonymise(detectors=IDS)(Corpus(), RunContext())
    assert out.privacy == "anonymised" and len(out.tables["redactions"]) == 0
    assert list(out.tables["review_queue"].columns) == list(REVIEW_COLUMNS)
