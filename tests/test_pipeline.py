import json
import stat

import pytest

from conftest import make_segments
from voices import pipeline, registry
from voices.errors import PipelineError, PrivacyError
from voices.runstore import open_run
from voices.tables import write_table

TEST_STAGES = {
    "tests.mark_anonymous.v1": "stages_for_tests:MarkAnonymous",
    "tests.loses.v1": "stages_for_tests:Loses",
    "tests.seed_echo.v1": "stages_for_tests:SeedEcho",
    "tests.needs_embeddings.v1": "stages_for_tests:NeedsEmbeddings",
}


@pytest.fixture
def test_stages(monkeypatch):
    monkeypatch.setattr(registry, "BUILTIN", {**registry.BUILTIN, **TEST_STAGES})
    monkeypatch.setattr(pipeline, "PRIVACY_STAGES", pipeline.PRIVACY_STAGES | {"tests.mark_anonymous.v1"})


@pytest.fixture
def segments_file(tmp_path):
    path = tmp_path / "segments.csv"
    write_table(make_segments(["one two three", "four", "five six seven eight"]), path)
    return path


def toml(*stages: str, seed: int = 7) -> str:
    return f'[pipeline]\nname = "t"\nseed = {seed}\n' + "".join(f"[[stage]]\n{s}\n" for s in stages)


INGEST = 'use = "voices.ingest.corpus.v1"\npaths = ["segments.csv"]'
ANON = 'use = "tests.mark_anonymous.v1"'


def test_validate_names_a_misspelt_stage_and_the_fix(test_stages, tmp_path):
    with pytest.raises(PipelineError, match="did you mean 'voices.ingest.corpus.v1'"):
        pipeline.loads(toml('use = "voices.ingest.corpsu.v1"\npaths = ["x"]', ANON), base_dir=tmp_path)


def test_validate_names_a_misspelt_argument_and_the_fix(test_stages, tmp_path):
    with pytest.raises(PipelineError, match="unknown argument 'pathz'.*did you mean 'paths'"):
        pipeline.loads(toml('use = "voices.ingest.corpus.v1"\npathz = ["x"]', ANON), base_dir=tmp_path)


def test_validate_checks_argument_types(test_stages, tmp_path):
    with pytest.raises(PipelineError, match="'words' should be int"):
        pipeline.loads(toml(INGEST, ANON, 'use = "voices.filter.min_length.v1"\nwords = "three"'), base_dir=tmp_path)


def test_validate_requires_missing_arguments(test_stages, tmp_path):
    with pytest.raises(PipelineError, match="needs argument 'paths'"):
        pipeline.loads(toml('use = "voices.ingest.corpus.v1"', ANON), base_dir=tmp_path)


def test_validate_checks_requires_against_earlier_stages(test_stages, tmp_path):
    with pytest.raises(PipelineError, match="requires \\['embeddings'\\]"):
        pipeline.loads(toml(INGEST, ANON, 'use = "tests.needs_embeddings.v1"'), base_dir=tmp_path)


def test_validate_refuses_a_pipeline_that_never_anonymises(test_stages, tmp_path):
    with pytest.raises(PipelineError, match="never anonymises"):
        pipeline.loads(toml(INGEST), base_dir=tmp_path)


def test_validate_refuses_analysis_before_anonymisation(test_stages, tmp_path):
    with pytest.raises(PipelineError, match="raw text before anonymisation"):
        pipeline.loads(toml(INGEST, 'use = "voices.summarise.v1"', ANON), base_dir=tmp_path)


def test_validate_rejects_bad_toml_and_unknown_pipeline_keys(tmp_path):
    with pytest.raises(PipelineError, match="not valid TOML"):
        pipeline.loads("[pipeline\n", base_dir=tmp_path)
    with pytest.raises(PipelineError, match="did you mean 'seed'"):
        pipeline.loads('[pipeline]\nsed = 1\n[[stage]]\nuse = "x"\n', base_dir=tmp_path)


def test_run_writes_an_immutable_run_with_a_manifest(test_stages, segments_file, tmp_path):
    spec = pipeline.loads(
        toml(
            INGEST,
            'use = "voices.filter.min_length.v1"\nwords = 2',
            ANON,
            'use = "tests.seed_echo.v1"',
            'use = "voices.summarise.v1"',
        ),
        base_dir=tmp_path,
    )
    run_dir = pipeline.run(spec, runs_dir=tmp_path / "runs")
    run = open_run(run_dir)
    m = run.manifest
    assert m["seed"] == 7 and run.artifact("seed_seen") == {"seed": 7}
    assert m["counts"]["records_in"] == 3 and m["counts"]["records_add_up"]
    assert m["counts"]["segments"] == 2 and m["counts"]["dropped_by_reason"] == {"shorter than 2 words": 1}
    assert [s["use"] for s in m["stages"]][0] == "voices.ingest.corpus.v1"
    assert m["stages"][1]["segments_in"] == 3 and m["stages"][1]["dropped"] == 1
    assert m["inputs"][0]["sha256"] and m["inputs"][0]["file"] == "segments.csv"
    assert m["pipeline"]["stages"][1] == {"use": "voices.filter.min_length.v1", "words": 2}
    assert m["environment"]["packages"]["pandas"]
    assert m["privacy"] == {"state": "declared_anonymous", "declaration": {"reason": "test data"}}
    assert run.verify() == []
    assert not (run_dir / "segments.parquet").stat().st_mode & stat.S_IWUSR
    assert len(run.segments) == 2 and run.dropped["reason"].tolist() == ["shorter than 2 words"]
    assert run.artifact("summary")["segments"] == 2


def test_run_seed_override_reaches_stages(test_stages, segments_file, tmp_path):
    spec = pipeline.loads(toml(INGEST, ANON, 'use = "tests.seed_echo.v1"'), base_dir=tmp_path)
    run = open_run(pipeline.run(spec, seed=123, runs_dir=tmp_path / "runs"))
    assert run.artifact("seed_seen") == {"seed": 123} and run.manifest["seed"] == 123


def test_run_detects_a_stage_that_loses_rows(test_stages, segments_file, tmp_path):
    spec = pipeline.loads(toml(INGEST, ANON, 'use = "tests.loses.v1"'), base_dir=tmp_path)
    with pytest.raises(PipelineError, match="counts do not add up"):
        pipeline.run(spec, runs_dir=tmp_path / "runs")
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


def test_run_store_refuses_raw_text(tmp_path):
    from voices.corpus import Corpus
    from voices.runstore import write_run

    with pytest.raises(PrivacyError, match="anonymise"):
        write_run(Corpus(make_segments(["Call Sarah"])), runs_dir=tmp_path, name="x", seed=0)
    assert not any(tmp_path.iterdir())


def test_missing_input_file_is_a_clear_error(test_stages, tmp_path):
    spec = pipeline.loads(toml('use = "voices.ingest.corpus.v1"\npaths = ["nope.csv"]', ANON), base_dir=tmp_path)
    with pytest.raises(Exception, match="no such file"):
        pipeline.run(spec, runs_dir=tmp_path / "runs")


def test_bundled_pipelines_validate(repo_root):
    for path in sorted((repo_root / "pipelines").glob("*.toml")):
        spec = pipeline.load(path)
        assert spec.stages, path


def test_manifest_is_plain_json(test_stages, segments_file, tmp_path):
    spec = pipeline.loads(toml(INGEST, ANON), base_dir=tmp_path)
    run_dir = pipeline.run(spec, runs_dir=tmp_path / "runs")
    json.loads((run_dir / "manifest.json").read_text())


def test_manifest_withholds_file_names_that_anonymisation_masked(tmp_path):
    """A transcript named after its participant must not reappear by name in the manifest."""
    vtt = tmp_path / "Interview_Jane_Smith.vtt"
    vtt.write_text(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n<v Interviewer>How long have you lived here?</v>\n\n"
        "2\n00:00:03.500 --> 00:00:06.000\n<v P04>Since 2019, on the estate.</v>\n",
        encoding="utf-8",
    )
    text = (
        '[pipeline]\nname = "t"\n[[stage]]\nuse = "voices.ingest.transcripts.v1"\npaths = ["*.vtt"]\n'
        '[[stage]]\nuse = "voices.anonymise.v1"\n'
    )
    run_dir = pipeline.run(pipeline.loads(text, base_dir=tmp_path), runs_dir=tmp_path / "runs")
    manifest_text = (run_dir / "manifest.json").read_text()
    assert "Jane" not in manifest_text and "Smith" not in manifest_text
    assert str(tmp_path) not in json.dumps(json.loads(manifest_text)["inputs"])
    run = open_run(run_dir)
    assert run.manifest["inputs"][0]["file"] == "[file name withheld].vtt"
    assert len(run.manifest["inputs"][0]["sha256"]) == 64
