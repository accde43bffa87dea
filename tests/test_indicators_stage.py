"""The voices.pair.v1 stage on the demo consultation: contract, joins, suppression, determinism, voices pair RUN."""

from __future__ import annotations

import importlib.util
import inspect
import json

import numpy as np
import pandas as pd
import pytest

from voices.anonymise.stage import Anonymise
from voices.corpus import Corpus
from voices.indicators.geography import area_lookup_factory, default_area_lookup
from voices.indicators.pairing import TABLES
from voices.indicators.stage import Pair
from voices.stage import RunContext, Stage

SURVEY = "data/samples/consultation/wearside_cost_of_living_surveymonkey.csv"
THEMES = {
    "energy": "heat|energy|gas|electric|meter|cold",
    "food": "food|meal|pantry|eat|shop",
    "housing": "rent|landlord|mortgage|damp|housing",
    "debt": "debt|loan|credit|borrow|bailiff|arrears",
}


@pytest.fixture(scope="module")
def demo(repo_root) -> Corpus:
    """The demo survey, ingested and anonymised with the bundled postcode lookup, with keyword themes."""
    from voices.ingest.consultation import read

    corpus = Corpus(read(repo_root / SURVEY).segments)
    corpus = Anonymise(names=False, area_lookup=default_area_lookup())(corpus, RunContext(seed=1))
    seg = corpus.segments
    themes, rows = [], []
    for q in ("Q4", "Q5"):
        for name, pattern in THEMES.items():
            tid = len(themes)
            themes.append({"theme_id": tid, "parent_id": None, "label": f"{q} {name}"})
            hit = seg[(seg["question_id"] == q) & seg["text"].str.contains(pattern, case=False)]
            rows += [{"segment_id": s, "theme_id": tid, "probability": 0.8} for s in hit["segment_id"]]
    assignments = pd.DataFrame(rows)
    left = seg.loc[~seg["segment_id"].isin(assignments["segment_id"]), "segment_id"]
    assignments = pd.concat([assignments, pd.DataFrame({"segment_id": left, "theme_id": -1, "probability": 0.0})])
    return corpus.with_table("themes", pd.DataFrame(themes)).with_table("assignments", assignments)


@pytest.fixture(scope="module")
def paired(demo) -> Corpus:
    return Pair(indicators=["builtin:cpi"], n_resamples=400)(demo, RunContext(seed=7))


@pytest.fixture(scope="module")
def expected_deciles(repo_root) -> pd.Series:
    """Per respondent with a full postcode: the IMD decile from the build script's own (NSPL) ranks."""
    spec = importlib.util.spec_from_file_location(
        "build", repo_root / "data/samples/consultation/build_cost_of_living.py"
    )
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    decile_of = {pc: (rank - 1) * 10 // 32844 + 1 for pc, rank in build.POSTCODES}
    survey = pd.read_csv(repo_root / SURVEY, skiprows=[1], dtype=str)
    typed = survey["What is your postcode?"].fillna("")
    norm = typed.str.upper().str.replace(r"\s+", "", regex=True).str.replace(r"(\w+)(\w{3})$", r"\1 \2", regex=True)
    answered = survey["How has the rising cost of living affected you and your household?"].notna()
    decile = norm.map(decile_of)
    return decile[answered & decile.notna()].astype(int)


def test_pair_stage_contract():
    assert isinstance(Pair(), Stage)
    assert Pair.name == "voices.pair.v1"
    assert Pair.requires == frozenset({"themes", "assignments"})
    assert Pair.produces == frozenset({*TABLES, "pairing"})
    stage = Pair(indicators=["a.csv"], freq="week", threshold=20)
    params = inspect.signature(Pair.__init__).parameters
    assert set(vars(stage)) == set(params) - {"self"}  # the constructor only stores its arguments
    assert stage.indicators == ["a.csv"] and stage.threshold == 20


def test_pair_stage_adds_every_table_and_the_report(paired, demo):
    assert set(TABLES) <= set(paired.tables) and "pairing" in paired.artifacts
    assert len(paired) == len(demo) and paired.privacy == "anonymised"
    report = paired.artifacts["pairing"]
    json.dumps(report)  # JSON-serialisable as an artifact must be
    assert any("Benjamini–Hochberg" in c for c in report["caveats"])
    assert any("fewer than 10 people" in c for c in report["caveats"])
    assert "Contains OS data © Crown copyright and database right." in report["attribution"]


def test_pair_published_cells_never_below_threshold(paired):
    for name in ("pair_deciles", "pair_groups", "pair_time"):
        table = paired.tables[name]
        shown = table[~table["suppressed"]]
        assert (shown["k"] >= 10).all() and ((shown["n"] - shown["k"]) >= 10).all(), name
        assert table["n"].dropna().ge(10).all(), name
        hidden = table[table["suppressed"]]
        assert hidden[["k", "share", "ci_low", "ci_high", "lift"]].isna().all().all(), name
    assert paired.artifacts["pairing"]["suppression"]["values_still_fixed_by_published_totals"] == 0


def test_pair_deciles_match_imd_from_the_postcodes(paired, expected_deciles):
    deciles = paired.tables["pair_deciles"]
    q4 = deciles[(deciles["scope"] == "Q4") & (deciles["theme_id"] == 0) & deciles["n"].notna()]
    counts = expected_deciles.value_counts()
    shown = q4[q4["group"].str.isdigit()]
    assert len(shown) >= 5
    for group, n in zip(shown["group"], shown["n"], strict=True):
        assert n == counts[int(group)], group
    placed = q4[q4["group"] == "(not placed at LSOA)"]
    assert len(placed) == 1  # district-only respondents are a row of their own, not dropped


def test_pair_finds_the_planted_deprivation_gradient(paired):
    corr = paired.tables["pair_indicators"].set_index(["label", "indicator"])
    debt = corr.loc[("Q4 debt", "imd2019_rank")]
    assert debt["rho"] < 0 and debt["ci_high"] < 0  # voiced more where the rank is low, i.e. more deprived
    assert debt["reading"] == "voiced more in more deprived areas"
    assert debt["areas"] >= 50 and debt["n_resamples"] == 400


def test_pair_reports_unplaced_areas(paired, demo):
    geo = paired.artifacts["pairing"]["geography"]
    assert sum(geo["by_level"].values()) == demo.segments["document_id"].nunique()
    assert geo["by_level"]["district"] == geo["not_at_lsoa_total"] > 0
    listed = {i["area"] for i in geo["not_at_lsoa"]}
    assert {"SR1", "SR2", "SR3", "SR4", "SR5", "SR6", "SR7", "SR8"} == listed
    counts = [i["count"] for i in geo["not_at_lsoa"]]
    assert all(c is None for c in counts)  # every district has fewer than 10 people: none shown, total is


def test_pair_time_and_lags_over_the_six_month_demo(paired):
    time = paired.tables["pair_time"]
    assert set(time["group"]) == {"2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01"}
    lags = paired.tables["pair_lags"]
    assert set(lags["series"]) == {"D7G7"} and (lags["n_periods"] >= 6).all()
    assert lags["spearman"].notna().any()


def test_pair_lags_honest_about_two_months(demo):
    seg = demo.segments
    two_months = seg["created_at"].dt.month.map(lambda m: "2026-01-15" if m % 2 else "2026-02-15")
    short = demo.evolve(
        segments=seg.assign(created_at=pd.to_datetime(two_months, utc=True).astype(seg["created_at"].dtype))
    )
    lags = Pair(indicators=["builtin:cpi"], n_resamples=50)(short, RunContext(seed=7)).tables["pair_lags"]
    assert set(lags["series"]) == {"D7G7"} and lags["spearman"].isna().all()
    assert lags["note"].str.contains("only 2 overlapping periods").all()


def test_pair_tests_are_fdr_controlled(paired):
    tests = paired.tables["pair_tests"]
    ok = tests["p_value"].notna()
    assert (tests.loc[ok, "q_value"] >= tests.loc[ok, "p_value"] - 1e-12).all()
    assert set(tests["variable"]) >= {"demographics.age_band", "imd2019_decile", "month"}
    assert not (tests["significant"] & (tests["q_value"] >= 0.05)).any()


def test_pair_same_seed_same_tables(demo, paired):
    again = Pair(indicators=["builtin:cpi"], n_resamples=400)(demo, RunContext(seed=7))
    for name in TABLES:
        pd.testing.assert_frame_equal(again.tables[name], paired.tables[name])
    other = Pair(indicators=["builtin:cpi"], n_resamples=400)(demo, RunContext(seed=8))
    assert not np.allclose(
        other.tables["pair_indicators"]["ci_low"].fillna(0), paired.tables["pair_indicators"]["ci_low"].fillna(0)
    )


def test_pair_with_a_user_indicator_file(demo, tmp_path):
    table = tmp_path / "fuel.csv"
    pd.DataFrame(
        {
            "indicator": "fuel_poverty",
            "geography": "lad19",
            "area_code": ["E08000024", "E06000047", "E08000023", "Nowhere"],
            "value": [14.1, 13.2, 15.0, 1],
            "source": "DESNZ sub-regional fuel poverty 2021",
            "licence": "OGL v3.0",
        }
    ).to_csv(table, index=False)
    out = Pair(indicators=[str(table)], n_resamples=100)(demo, RunContext(seed=1, base_dir=tmp_path))
    fuel = out.tables["pair_indicators"]
    fuel = fuel[fuel["indicator"] == "fuel_poverty"]
    assert len(fuel) == 8 and fuel["note"].str.contains("only 3 areas").all()
    report = out.artifacts["pairing"]
    assert report["indicator_rows_quarantined_total"] == 1
    assert report["indicators"] == [
        {"indicator": "fuel_poverty", "source": "DESNZ sub-regional fuel poverty 2021", "licence": "OGL v3.0"}
    ]


def test_pair_run_writes_a_new_run_and_leaves_the_parent_alone(demo, tmp_path):
    import typer
    from typer.testing import CliRunner

    from voices.cli import pair as pair_cli
    from voices.runstore import open_run, write_run

    parent = write_run(demo, runs_dir=tmp_path, name="demo", seed=3)
    before = {p.name: p.stat().st_mtime_ns for p in parent.rglob("*")}
    app = typer.Typer()
    pair_cli.register(app)
    app.command("noop")(lambda: None)  # two commands, so "pair" is a subcommand
    result = CliRunner().invoke(app, ["pair", str(parent), "-i", "builtin:cpi", "--freq", "week"])
    assert result.exit_code == 0, result.output
    runs = sorted(p for p in tmp_path.iterdir() if p.is_dir())
    assert len(runs) == 2
    child = open_run(next(p for p in runs if p != parent))
    assert {p.name: p.stat().st_mtime_ns for p in parent.rglob("*")} == before and open_run(parent).verify() == []
    assert set(TABLES) <= set(child.tables()) and {"themes", "assignments", "redactions"} <= set(child.tables())
    assert child.manifest["derived_from"]["run_id"] == open_run(parent).manifest["run_id"]
    assert child.manifest["stages"][0]["use"] == "voices.pair.v1"
    assert child.table("pair_lags")["frequency"].eq("month").all()  # CPI is monthly: compared by month
    assert "Not placed at LSOA" in result.output


def test_pair_run_refuses_a_run_without_themes(tmp_path):
    from voices.errors import RunStoreError
    from voices.indicators.files import pair_run
    from voices.runstore import conform_example, write_run

    run = write_run(Corpus(conform_example(), privacy="declared_anonymous"), runs_dir=tmp_path, name="x", seed=0)
    with pytest.raises(RunStoreError, match="themes"):
        pair_run(run)


def test_area_lookup_factory_for_pipeline_files(tmp_path):
    from voices.indicators.errors import IndicatorError

    assert area_lookup_factory("bundled")("SR2 8LU") == "E01008736"
    with pytest.raises(IndicatorError, match="nspl"):
        area_lookup_factory("nspl")


class KeywordThemes:
    """A stand-in themes stage for pipeline tests: themes by keyword, per question."""

    name = "tests.keyword_themes.v1"
    requires = frozenset({"text"})
    produces = frozenset({"themes", "assignments"})

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        seg = corpus.segments
        themes, rows = [], []
        for name, pattern in THEMES.items():
            themes.append({"theme_id": len(themes), "parent_id": None, "label": name})
            hit = seg[(seg["question_id"] == "Q4") & seg["text"].str.contains(pattern, case=False)]
            rows += [{"segment_id": s, "theme_id": len(themes) - 1, "probability": 1.0} for s in hit["segment_id"]]
        return corpus.with_table("themes", pd.DataFrame(themes)).with_table("assignments", pd.DataFrame(rows))


def test_pair_runs_in_a_pipeline_file(monkeypatch, repo_root, tmp_path):
    from voices import pipeline, registry
    from voices.errors import PipelineError
    from voices.runstore import open_run

    monkeypatch.setattr(
        registry,
        "BUILTIN",
        {
            **registry.BUILTIN,
            "voices.pair.v1": "voices.indicators.stage:Pair",
            KeywordThemes.name: f"{__name__}:KeywordThemes",
        },
    )
    text = (
        f'[pipeline]\nname = "paired"\nseed = 4\n'
        f'[[stage]]\nuse = "voices.ingest.consultation.v1"\npaths = ["{repo_root / SURVEY}"]\n'
        '[[stage]]\nuse = "voices.anonymise.v1"\nnames = false\n'
        f'[[stage]]\nuse = "{KeywordThemes.name}"\n'
        '[[stage]]\nuse = "voices.pair.v1"\nindicators = ["builtin:cpi"]\nfreq = "week"\nn_resamples = 100\n'
    )
    spec = pipeline.loads(text, base_dir=tmp_path)
    run = open_run(pipeline.run(spec, runs_dir=tmp_path / "runs"))
    assert set(TABLES) <= set(run.tables())
    stage = next(s for s in run.manifest["stages"] if s["use"] == "voices.pair.v1")
    assert stage["segments_in"] == stage["segments_out"] and stage["stats"]["not_at_lsoa"] > 0
    # anonymise resolves postcodes through the bundled ONS lookup before masking them: most people are
    # placed in an LSOA, and the district-only answers are counted as not placed at LSOA.
    by_level = run.artifact("pairing")["geography"]["by_level"]
    assert by_level.get("lsoa11", 0) > stage["stats"]["not_at_lsoa"]
    with pytest.raises(PipelineError, match="freq"):
        pipeline.loads(text.replace('freq = "week"', 'freq = "fortnight"'), base_dir=tmp_path)


def test_pair_small_corpus_keeps_every_person_and_hides_everything():
    from conftest import make_segments
    from voices.indicators.pairing import pair

    seg = make_segments(["a", "b", "c"], question_id=["Q1", "Q1", "Q2"], area_code=["E01008736", None, "SR4"])
    themes = pd.DataFrame({"theme_id": [0, 1, 2], "parent_id": [None, 0, 0], "label": ["money", "bills", "food"]})
    asg = pd.DataFrame(
        {"segment_id": [seg["segment_id"][0], seg["segment_id"][2]], "theme_id": [1, 2], "probability": 1.0}
    )
    result = pair(seg, themes, asg)
    deciles = result.tables["pair_deciles"]
    assert deciles["suppressed"].all() and deciles["k"].isna().all()
    q1 = deciles[(deciles["scope"] == "Q1") & (deciles["theme_id"] == 1)]
    assert q1["group"].tolist() == ["1", "(no area)"]
    parent = {s["scope"]: s for s in result.report["scopes"]}["Q1+Q2"]  # a parent theme spans its children's questions
    assert parent["units"] == 3
