"""The ingest stages and the `voices ingest` command: dispatch, counts, quarantine files, exit codes."""

import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from voices import ingest
from voices.cli import app
from voices.corpus import Corpus, validate
from voices.errors import InputFormatError
from voices.ingest.stages import IngestConsultation, IngestSocial, IngestTranscripts
from voices.stage import RunContext

runner = CliRunner()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("consultation/surveymonkey_expanded_synthetic.csv", "consultation"),
        ("consultation/citizen_space_api_responses.json", "consultation"),
        ("transcripts/teams_synthetic.vtt", "transcript"),
        ("transcripts/whisper_synthetic.json", "transcript"),
        ("transcripts/otter_synthetic.txt", "transcript"),
        ("transcripts/teams_transcript_synthetic.docx", "transcript"),
        ("social/x_v2_search_recent.json", "social"),
        ("social/reddit_pushshift.ndjson", "social"),
        ("social/crowdtangle_posts.csv", "social"),
    ],
)
def test_guess_kind_recognises_each_family(fixtures_dir, name, kind):
    assert ingest.guess_kind(fixtures_dir / name) == kind


def test_ingest_stage_disambiguates_files_with_the_same_name(fixtures_dir, tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(fixtures_dir / "transcripts/zoom_names_synthetic.vtt", tmp_path / sub / "closed_caption.vtt")
    stage = IngestTranscripts(paths=["a/closed_caption.vtt", "b/closed_caption.vtt"])
    corpus = stage(Corpus(), RunContext(base_dir=tmp_path))
    validate(corpus.segments)
    docs = sorted(corpus.segments["document_id"].unique())
    assert docs == ["closed_caption", "closed_caption~2"]


def test_ingest_stage_counts_add_up_and_record_sources(fixtures_dir):
    ctx = RunContext(base_dir=fixtures_dir)
    corpus = IngestConsultation(paths=["consultation/*.csv"])(Corpus(), ctx)
    s = ctx.stats
    assert s["records_in"] == s["records_kept"] + s["records_quarantined"] + s["records_dropped"]
    assert s["records_quarantined"] == len(corpus.quarantine) > 0
    assert {src["file"] for src in s["sources"]} >= {"ragged_rows.csv", "surveymonkey_expanded_synthetic.csv"}
    assert all(len(src["sha256"]) == 64 for src in s["sources"])
    assert set(corpus.quarantine.columns) == {"file", "row", "reason", "stage"}


def test_social_stage_marks_duplicates_across_files(fixtures_dir, tmp_path):
    shutil.copy(fixtures_dir / "social/reddit_pushshift.ndjson", tmp_path / "one.ndjson")
    shutil.copy(fixtures_dir / "social/reddit_pushshift.ndjson", tmp_path / "two.ndjson")
    corpus = IngestSocial(paths=["*.ndjson"])(Corpus(), RunContext(base_dir=tmp_path))
    seg = corpus.segments
    first = seg[seg["segment_id"].str.endswith("~2") == False]  # noqa: E712
    second = seg[seg["segment_id"].str.endswith("~2")]
    assert len(first) == len(second) > 0
    assert second["duplicate_of"].notna().all()
    assert set(second["duplicate_of"]) <= set(first["segment_id"])


def test_missing_glob_is_a_clear_error(tmp_path):
    with pytest.raises(InputFormatError, match="matching file"):
        IngestSocial(paths=["*.json"])(Corpus(), RunContext(base_dir=tmp_path))


def test_cli_ingest_writes_segments_and_quarantine_beside_them(fixtures_dir, tmp_path):
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app,
        [
            "ingest",
            str(fixtures_dir / "consultation/ragged_rows.csv"),
            str(fixtures_dir / "consultation/ms_forms_synthetic.csv"),
            "--kind",
            "consultation",
            "--output",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    segments = pd.read_csv(out)
    quarantine = pd.read_csv(tmp_path / "out.quarantine.csv")
    assert {"segment_id", "document_id", "text", "question_id", "meta"} <= set(segments.columns)
    assert list(quarantine.columns) == ["file", "row", "reason"] and len(quarantine) > 0
    assert (quarantine["file"] == "ragged_rows.csv").all() and quarantine["row"].min() >= 1
    assert "wrote" in result.output


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_cli_ingest_writes_every_table_format(fixtures_dir, tmp_path, suffix):
    out = tmp_path / f"posts{suffix}"
    result = runner.invoke(app, ["ingest", str(fixtures_dir / "social/x_v2_search_recent.json"), "--output", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_json(out, lines=True) if suffix == ".jsonl" else pd.read_parquet(out)
    assert len(frame) >= 2 and (frame["source_kind"] == "social").all()


def test_cli_ingest_exits_non_zero_only_for_an_unreadable_file(fixtures_dir, tmp_path):
    fake = tmp_path / "responses.csv"
    fake.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app,
        [
            "ingest",
            str(fake),
            str(fixtures_dir / "consultation/ms_forms_synthetic.csv"),
            "--kind",
            "consultation",
            "--output",
            str(out),
        ],
    )
    assert result.exit_code == 1
    assert "PDF" in result.output and "Fix" in result.output
    assert len(pd.read_csv(out)) > 0  # the readable file was still ingested


def test_cli_ingest_rejects_an_unknown_output_format(fixtures_dir, tmp_path):
    result = runner.invoke(
        app, ["ingest", str(fixtures_dir / "social/x_v2_search_recent.json"), "--output", str(tmp_path / "out.xlsx")]
    )
    assert result.exit_code == 2 and ".csv, .jsonl or .parquet" in result.output


def test_cli_validate_rejects_a_misspelt_stage_naming_the_fix(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[pipeline]\nname = "x"\n[[stage]]\nuse = "voices.ingest.consultaton.v1"\npaths = ["a.csv"]\n')
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "voices.ingest.consultation.v1" in result.output


def test_cli_validate_accepts_the_bundled_pipelines(repo_root):
    paths = sorted(str(p) for p in (repo_root / "pipelines").glob("*.toml"))
    result = runner.invoke(app, ["validate", *paths])
    assert result.exit_code == 0, result.output
    assert result.output.count("ok ") == len(paths) == 3
