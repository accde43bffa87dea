"""build_report: what a report shows, gathered from a run exactly as the run published it."""

# ruff: noqa: F811  (the report_runs fixtures are imported by name)

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from report_runs import (  # noqa: F401  (fixtures)
    EVIL_LABEL,
    SECRET_PATH,
    across_run,
    corpus,
    ingest_record,
    paired,
    paired_run,
    unpaired_run,
)
from voices.corpus import Corpus
from voices.report import build_report
from voices.report.breakdowns import TABLE_KINDS
from voices.report.page import render
from voices.runstore import conform_example, open_run, write_run


def _report(path: Path, **kwargs):
    return build_report(open_run(path), **kwargs)


def test_build_report_groups_themes_by_question_with_sub_themes_nested(paired_run: Path) -> None:
    report = _report(paired_run)
    assert [s.key for s in report.scopes] == ["Q1", "Q2"]
    assert report.scopes[0].title == "Question Q1: How has the cost of living affected you?"
    q1 = report.scopes[0].themes
    assert [c.theme_id for c in q1] == ["0", "1", "2"]  # largest first; the sub-theme is not top level
    assert [c.label for c in q1[0].children] == ["Prepayment meters"]
    assert q1[0].label == EVIL_LABEL
    assert q1[0].share_words.startswith("about 1 in 3 responses (")
    assert q1[0].stability_words.startswith("very stable")


def test_build_report_shows_three_to_five_distinct_quotes(paired_run: Path) -> None:
    report = _report(paired_run)
    for scope in report.scopes:
        for card in scope.themes:
            texts = [q.text for q in card.quotes]
            assert 3 <= len(texts) <= 5
            assert len(set(texts)) == len(texts)
            assert all(q.segment_id for q in card.quotes)


def test_build_report_keeps_every_suppressed_cell_hidden_and_shown_cells_as_published(paired_run: Path) -> None:
    run = open_run(paired_run)
    report = build_report(run)
    cells = {(b.scope, b.variable, g, t): c for b in report.breakdowns for (g, t), c in b.cells.items()}
    checked = hidden = 0
    for name in TABLE_KINDS:
        for row in run.table(name).to_dict("records"):
            cell = cells[(row["scope"], row["variable"], str(row["group"]), str(row["theme_id"]))]
            if row["suppressed"]:
                hidden += 1
                assert cell.suppressed and cell.share is None and cell.low is None and cell.high is None
                assert cell.text == "suppressed"
            else:
                assert not cell.suppressed
                assert cell.share == float(row["share"])  # as published, never recomputed
                assert cell.low == float(row["ci_low"]) and cell.high == float(row["ci_high"])
            checked += 1
    assert checked == sum(len(b.cells) for b in report.breakdowns)
    assert hidden > 0 and hidden < checked  # the fixture exercises both


def test_build_report_group_sizes_hidden_by_the_run_stay_hidden(paired_run: Path) -> None:
    run = open_run(paired_run)
    report = build_report(run)
    groups = run.table("pair_groups")
    tiny = groups[(groups["group"] == "85+")]
    assert tiny["n"].isna().all() or (tiny["n"] < 10).sum() == 0
    by_age = [b for b in report.breakdowns if b.variable == "demographics.age_band"]
    assert by_age
    for b in by_age:
        size = dict(zip(b.groups, b.group_sizes, strict=True))
        published = groups[(groups["scope"] == b.scope) & (groups["variable"] == b.variable)]
        for g, n in zip(published["group"], published["n"], strict=True):
            assert (size[g] is None) == bool(pd.isna(n))


def test_build_report_orders_breakdowns_question_decile_group_time(across_run: Path) -> None:
    run = open_run(across_run)
    report = build_report(run)
    kinds = [b.kind for b in report.breakdowns]
    assert kinds == sorted(kinds, key=["question", "decile", "group", "time"].index)
    assert "question" in kinds  # themes span both questions, so the run broke them down by question
    question = next(b for b in report.breakdowns if b.kind == "question")
    published = run.table("pair_groups").query("variable == 'question_id'")
    assert question.groups == list(dict.fromkeys(published["group"]))
    assert [s.key for s in report.scopes] == [""]
    assert report.scopes[0].title == "All responses"


def test_build_report_reads_pairings_with_their_caveats(paired_run: Path) -> None:
    report = _report(paired_run)
    kinds = {a.kind for a in report.associations}
    assert kinds == {"indicator", "lag"}
    assert any("not causation" in c for c in report.pairing_caveats)
    assert any("Many comparisons" in c for c in report.pairing_caveats)
    assert any(s.title == "Differences between groups" for s in report.pairings)
    assert any("Open Government Licence" in a for a in report.attribution)
    assert report.threshold == 10


def test_build_report_with_replacement_themes_uses_their_names_and_says_so(paired_run: Path) -> None:
    run = open_run(paired_run)
    themes = run.table("themes").copy()
    themes["theme_id"] = themes["theme_id"].astype(str)
    themes.loc[themes["theme_id"] == "1", "label"] = "Food: the panel's name"
    themes = pd.concat(
        [themes, themes[themes["theme_id"] == "2"].assign(theme_id="2.1", parent_id="2", label="Night buses")],
        ignore_index=True,
    )
    report = build_report(run, themes=themes, version_note="Reviewed version 2")
    assert report.version_note == "Reviewed version 2"
    assert any("reviewed version" in n for n in report.notes)
    q1 = report.scopes[0].themes
    assert "Food: the panel's name" in [c.label for c in q1]
    transport = next(c for c in q1 if c.theme_id == "2")
    assert [c.theme_id for c in transport.children] == ["2.1"]
    labels = {lbl for b in report.breakdowns for _, lbl in b.themes}
    assert "Food: the panel's name" in labels and "Food and shopping" not in labels
    assert "Food: the panel's name" in set(report.tables["By group"]["label"])


def test_build_report_without_pairing_says_how_to_pair(unpaired_run: Path) -> None:
    report = _report(unpaired_run)
    assert report.breakdowns == [] and report.associations == []
    assert any("voices pair" in n for n in report.notes)
    assert report.threshold is None
    html = render(report)
    assert "voices pair RUN" in html


def test_build_report_of_a_run_without_themes(tmp_path: Path) -> None:
    path = write_run(Corpus(conform_example(), privacy="anonymised"), runs_dir=tmp_path, name="bare", seed=0)
    report = _report(path)
    assert report.scopes == [] and "This run has no themes yet." in report.glance
    assert "This run has no themes." in render(report)


def test_build_report_tolerates_a_themes_table_with_only_ids_and_labels(tmp_path: Path) -> None:
    c = corpus()
    themes = pd.DataFrame({"theme_id": [0, 1, -1], "label": ["Heating", "Food", "unassigned"]})
    c = Corpus(c.segments, tables={"themes": themes, "assignments": c.tables["assignments"]}, privacy="anonymised")
    report = _report(write_run(c, runs_dir=tmp_path, name="thin", seed=0))
    cards = report.scopes[0].themes
    assert [c.label for c in cards] == ["Heating", "Food"]
    assert cards[0].share_words == "share not measured" and cards[0].quotes == []
    assert cards[0].stability_words == "not measured"
    assert "No quotes available" in render(report)


def test_build_report_never_shows_input_paths_or_file_names_anonymise_masked(tmp_path: Path) -> None:
    c = paired(corpus(), n_resamples=20)
    seg = c.segments.assign(source_file="interview_[PERSON_1].csv")
    c = c.evolve(segments=seg)
    record = ingest_record(len(c), file="interview_Zebedee_Quint.csv")
    path = write_run(c, runs_dir=tmp_path, name="masked", seed=0, stages=[record])
    assert "Zebedee_Quint" not in (path / "manifest.json").read_text()  # the run store withholds it …
    report = _report(path)
    html = render(report)
    assert "Zebedee_Quint" not in html and SECRET_PATH not in html and "jsmith" not in html  # … and so does the report
    assert "interview_[PERSON_1].csv" in html
    for frame in report.tables.values():
        text = frame.astype(str).to_string()
        assert "Zebedee_Quint" not in text and "jsmith" not in text


def test_build_report_of_a_derived_run_reads_its_parent(unpaired_run: Path, tmp_path: Path) -> None:
    from voices.indicators.files import pair_run

    derived = pair_run(unpaired_run, runs_dir=tmp_path, n_resamples=20)
    report = _report(derived)
    assert report.breakdowns
    assert report.analysed.lines[0].startswith("603 records were read from 1 file")
    steps = report.method.tables[0].rows
    assert [r[0] for r in steps] == ["voices.ingest.consultation.v1", "voices.pair.v1"]
    assert open_run(unpaired_run).manifest["run_id"] in report.method.lines[-1]


def test_build_report_leaves_out_a_breakdown_table_without_suppression_flags(tmp_path: Path) -> None:
    c = paired(corpus(), n_resamples=20)
    c = c.with_table("pair_deciles", c.tables["pair_deciles"].drop(columns=["suppressed"]))
    report = _report(write_run(c, runs_dir=tmp_path, name="noflags", seed=0))
    assert not any(b.kind == "decile" for b in report.breakdowns)
    assert any("pair_deciles" in n for n in report.notes)
    assert "By deprivation decile" not in report.tables


def test_build_report_unassigned_share_falls_back_to_assignments(tmp_path: Path) -> None:
    c = corpus()
    c = Corpus(c.segments, tables=dict(c.tables), artifacts={"summary": c.artifacts["summary"]}, privacy="anonymised")
    report = _report(write_run(c, runs_dir=tmp_path, name="noquality", seed=0))
    asg = c.tables["assignments"]
    expected = 1 - asg.loc[asg["theme_id"] >= 0, "segment_id"].nunique() / asg["segment_id"].nunique()
    line = next(line for line in report.glance if "did not fit any theme" in line)
    assert line.startswith(f"{round(100 * expected)}%")
    assert not math.isnan(expected)


@pytest.mark.parametrize("bad", [["a", "b"], "x", None, float("nan")])
def test_build_report_ignores_malformed_share_intervals(tmp_path: Path, bad) -> None:
    c = corpus()
    themes = c.tables["themes"].copy()
    themes["share_ci"] = [bad] * len(themes)
    c = c.with_table("themes", themes)
    report = _report(write_run(c, runs_dir=tmp_path, name="badci", seed=0))
    card = report.scopes[0].themes[0]
    assert card.share_ci is None and card.share_words.endswith("%)")


def test_build_report_reads_the_theme_stage_table_as_it_writes_it(tmp_path: Path) -> None:
    """Keywords and quotes as JSON text, the interval in two columns, a ``group`` column from ``split_by``."""
    import json

    from voices.themes.describe import THEME_COLUMNS

    c = corpus()
    seg_ids = c.segments["segment_id"].tolist()
    rows = []
    for tid, (group, parent, label) in enumerate([("Q1", -1, "Bills"), ("Q1", 0, "Meters"), ("Q2", -1, "Hubs")]):
        rows.append(
            {
                "theme_id": tid,
                "parent_id": parent,
                "level": 0 if parent < 0 else 1,
                "label": label,
                "keywords": json.dumps([label.lower(), "cost"]),
                "description": f"About {label.lower()}.",
                "quotes": json.dumps([{"segment_id": seg_ids[i], "text": f"{label} quote {i}"} for i in range(4)]),
                "size": 40 - tid,
                "primary_size": 30,
                "share": 0.2,
                "share_ci_low": 0.17,
                "share_ci_high": 0.23,
                "stability": 0.9 if parent < 0 else float("nan"),
                "group": group,
            }
        )
    themes = pd.DataFrame(rows)
    assert set(THEME_COLUMNS) <= set(themes.columns)  # the theme stage's documented columns
    quality = {
        "split_by": "question_id",
        "unassigned_share": 0.1,
        "coherence_npmi": 0.52,
        "diversity": 0.73,
        "between_run_ari": 0.44,
        "segments": 1200,
        "keyword_sample": 900,
        "groups": {"Q1": {"unassigned_share": 0.05}, "Q2": {"unassigned_share": 0.15}},
    }
    c = c.with_table("themes", themes).with_artifact("themes_quality", quality)
    report = _report(write_run(c, runs_dir=tmp_path, name="stage-shaped", seed=0))
    assert [(s.key, s.unassigned) for s in report.scopes] == [("Q1", 0.05), ("Q2", 0.15)]
    bills = report.scopes[0].themes[0]
    assert bills.keywords == ["bills", "cost"]
    assert [q.text for q in bills.quotes] == [f"Bills quote {i}" for i in range(4)]
    assert bills.share_words == "about 1 in 5 responses (17–23%)"
    assert [k.label for k in bills.children] == ["Meters"] and bills.children[0].stability_words == "not measured"
    quality_rows = next(t for t in report.method.tables if t.caption == "How good are the themes?").rows
    assert [r[2] for r in quality_rows] == ["unassigned_share", "coherence_npmi", "diversity", "between_run_ari"]


def test_build_report_names_a_split_that_is_not_by_question(tmp_path: Path) -> None:
    c = corpus()
    themes = c.tables["themes"].drop(columns=["question_id"]).assign(group="interviewee")
    c = c.with_table("themes", themes).with_artifact("themes_quality", {"split_by": "speaker_role"})
    report = _report(write_run(c, runs_dir=tmp_path, name="roles", seed=0))
    assert [s.title for s in report.scopes] == ["Speaker role: interviewee"]
