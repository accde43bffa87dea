"""The themes stages: contract, tables, splits by question, quality artifact, runs that reload exactly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import make_segments
from themes_data import planted, planted_texts
from voices.corpus import Corpus
from voices.registry import get
from voices.stage import RunContext, Stage
from voices.themes.errors import ThemeError
from voices.themes.persist import from_state
from voices.themes.stage import DeductiveThemes, Themes


def _corpus(k: int = 5, per: int = 32, **columns: list) -> tuple[Corpus, np.ndarray]:
    x, truth = planted(k=k, per=per, seed=2)
    seg = make_segments(planted_texts(truth), **columns)
    return Corpus(seg, privacy="anonymised").with_array("embeddings", x), truth


def _stage(**kw) -> Themes:  # type: ignore[no-untyped-def]
    return Themes(tokeniser="regex", stability_runs=1, **kw)


def test_stage_contract() -> None:
    for name, cls in (("voices.themes.v1", Themes), ("voices.themes.deductive.v1", DeductiveThemes)):
        assert get(name) is cls
        assert cls.name == name and {"text", "embeddings"} <= cls.requires
        assert {"themes", "assignments", "themes_quality"} <= cls.produces
    assert isinstance(Themes(), Stage) and isinstance(DeductiveThemes(["a"]), Stage)


def test_stage_themes_tables_and_quality() -> None:
    corpus, _ = _corpus()
    ctx = RunContext(seed=7)
    out = _stage()(corpus, ctx)
    themes, asg = out.tables["themes"], out.tables["assignments"]
    top = themes[themes["level"] == 0]
    assert len(top) == 5 and top["stability"].notna().all()
    assert set(asg["segment_id"]) == set(corpus.segments["segment_id"])
    assert asg.groupby("segment_id")["primary"].sum().eq(1).all()
    assert {"segment_id", "theme_id", "probability"} <= set(asg.columns)
    quality = out.artifacts["themes_quality"]
    for key in ("coherence_npmi", "diversity", "unassigned_share", "between_run_ari"):
        assert quality[key] is not None and ctx.stats[key] == quality[key]
    assert quality["groups"]["all"]["stability"]["per_theme"]
    json.dumps(quality)
    json.dumps(out.artifacts["theme_models"])


def test_stage_same_seed_same_tables() -> None:
    corpus, _ = _corpus()
    a = _stage()(corpus, RunContext(seed=3))
    b = _stage()(corpus, RunContext(seed=3))
    pd.testing.assert_frame_equal(a.tables["themes"], b.tables["themes"])
    pd.testing.assert_frame_equal(a.tables["assignments"], b.tables["assignments"])


def test_stage_split_by_question_fits_each_question() -> None:
    questions = ["Q1"] * 80 + ["Q2"] * 80
    corpus, _ = _corpus(k=4, per=40, question_id=questions)
    out = _stage(split_by="question_id", min_themes=2)(corpus, RunContext(seed=0))
    themes, asg = out.tables["themes"], out.tables["assignments"]
    assert set(themes["group"]) == {"Q1", "Q2"}
    assert themes["theme_id"].is_unique
    q_of = dict(zip(corpus.segments["segment_id"], questions, strict=True))
    assigned = asg[asg["theme_id"] >= 0]
    theme_group = dict(zip(themes["theme_id"], themes["group"], strict=True))
    assert all(theme_group[t] == q_of[s] for s, t in zip(assigned["segment_id"], assigned["theme_id"], strict=True))
    assert set(out.artifacts["theme_models"]) == {"Q1", "Q2"}


def test_stage_split_by_speaker_role_and_period() -> None:
    roles = ["participant", "interviewer"] * 80
    corpus, _ = _corpus(speaker_role=roles, period=["2026-01"] * 80 + ["2026-02"] * 80)
    for by in ("speaker_role", "period"):
        out = _stage(split_by=by, min_themes=2, max_subthemes=0)(corpus, RunContext(seed=0))
        assert out.tables["themes"]["group"].nunique() == 2


def test_stage_theme_shares_over_time_with_suppression() -> None:
    periods = ["2026-01"] * 100 + ["2026-02"] * 60
    corpus, _ = _corpus(period=periods)
    out = _stage(shares_by=["period"], min_cell=10)(corpus, RunContext(seed=0))
    shares = out.tables["theme_shares"]
    assert set(shares["by"]) == {"period"} and set(shares["group"]) == {"2026-01", "2026-02"}
    assert shares.loc[shares["suppressed"], "count"].isna().all()
    shown = shares[~shares["suppressed"]]
    assert (shown["count"] >= 10).all() and (shown["share_ci_low"] <= shown["share"]).all()


def test_stage_empty_texts_are_unassigned_not_fitted() -> None:
    x, truth = planted(k=4, per=30, seed=2)
    texts = planted_texts(truth)
    texts[0] = "   "
    corpus = Corpus(make_segments(texts), privacy="anonymised").with_array("embeddings", x)
    out = _stage()(corpus, RunContext(seed=0))
    asg = out.tables["assignments"]
    first = asg[asg["segment_id"] == corpus.segments["segment_id"][0]]
    assert first["theme_id"].tolist() == [-1]


def test_stage_run_reloads_and_assigns_exactly(tmp_path: Path) -> None:
    from voices.runstore import open_run, write_run

    corpus, _ = _corpus()
    out = _stage()(corpus, RunContext(seed=0))
    run = open_run(write_run(out, runs_dir=tmp_path, name="themes", seed=0))
    model = from_state(run.artifact("theme_models")["all"], np.asarray(run.array("embeddings")))
    primary = run.table("assignments").query("primary")
    fresh = model.assign(np.asarray(run.array("embeddings")))
    assert fresh.primary.tolist() == primary["theme_id"].tolist()
    assert len(run.table("themes")) == len(out.tables["themes"])


def test_stage_tiny_groups_are_left_unassigned_and_said_so() -> None:
    x, _ = planted(k=1, per=1)
    corpus = Corpus(make_segments(["only one answer"]), privacy="anonymised").with_array("embeddings", x)
    out = _stage()(corpus, RunContext(seed=0))
    assert out.tables["assignments"]["theme_id"].tolist() == [-1]
    assert len(out.tables["themes"]) == 0 and "theme_id" in out.tables["themes"].columns
    assert out.artifacts["themes_quality"]["groups"]["all"]["skipped"]


def test_stage_without_embeddings_says_which_stage_is_missing() -> None:
    corpus = Corpus(make_segments(["a", "b"]), privacy="anonymised")
    with pytest.raises(ThemeError, match="voices.embed.v1"):
        _stage()(corpus, RunContext())


def test_stage_deductive_codes_and_discovery() -> None:
    corpus, truth = _corpus(k=4, per=40)
    x = corpus.arrays["embeddings"]
    centres = np.stack([x[truth == t].mean(axis=0) for t in range(3)])

    class Book(DeductiveThemes):
        def embed_codes(self, texts: list[str]) -> np.ndarray:
            return centres / np.linalg.norm(centres, axis=1, keepdims=True)

    book = [{"name": "Buses", "description": "public transport"}, "Parks", "Housing"]
    out = Book(book, min_similarity=0.6, tokeniser="regex")(corpus, RunContext(seed=0))
    themes = out.tables["themes"]
    assert themes.loc[themes["source"] == "codebook", "label"].tolist() == ["Buses", "Parks", "Housing"]
    assert (themes["source"] == "discovered").sum() >= 1
    assert themes.loc[0, "description"] == "public transport"
    assert out.artifacts["themes_quality"]["groups"]["all"]["discovered"] >= 1


def test_stage_import_is_light() -> None:
    code = (
        "import sys, voices.themes, voices.themes.stage, voices.themes.model, voices.themes.files; "
        "print([m for m in ('bertopic', 'umap', 'torch', 'spacy', 'sentence_transformers', 'hdbscan') "
        "if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
