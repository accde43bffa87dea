"""Reviewed theme versions: decisions replayed over a run's themes, never editing the run."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from sqlalchemy import Engine

from db_fixtures import Team
from voices import db
from voices.review.errors import ReviewError
from voices.review.reviewed import Change, apply_decisions, wilson
from voices.review.themeset import normalise_assignments, normalise_themes
from voices.review.versions import chain_numbers, decisions_in_chain, reviewed_themes
from voices.runstore import open_run


def themes() -> pd.DataFrame:
    return normalise_themes(
        pd.DataFrame(
            {
                "theme_id": [0, 1, 2],
                "label": ["heat", "food", "bus"],
                "keywords": [["heating"], ["food"], ["bus"]],
                "description": ["Heating.", "Food.", "Buses."],
                "quotes": [
                    [{"segment_id": "a", "text": "cold"}, {"segment_id": "b", "text": "meter"}],
                    [{"segment_id": "c", "text": "food bank"}],
                    [{"segment_id": "e", "text": "fares"}],
                ],
                "size": [3, 2, 1],
                "share": [0.3, 0.2, 0.1],
                "share_ci": [[0.2, 0.4], [0.1, 0.3], [0.0, 0.2]],
                "stability": [0.9, 0.8, 0.7],
            }
        )
    )


def assignments() -> pd.DataFrame:
    return normalise_assignments(
        pd.DataFrame(
            {
                "segment_id": ["a", "b", "x", "c", "d", "e", "z"],
                "theme_id": [0, 0, 0, 1, 1, 2, -1],
                "probability": [0.9, 0.8, 0.7, 0.9, 0.6, 0.5, 0.0],
            }
        )
    )


def sizes(result) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return dict(zip(result.themes["theme_id"], result.themes["size"], strict=True))


def test_apply_decisions_without_decisions_gives_the_run_back() -> None:
    result = apply_decisions(themes(), assignments(), [])
    assert list(result.themes["label"]) == ["heat", "food", "bus"]
    assert list(result.themes["name_source"]) == ["machine"] * 3
    assert result.themes["share_ci"].iloc[0] == (0.2, 0.4)  # untouched themes keep the run's numbers
    assert result.notes == [] and result.quote_moves == []


def test_apply_decisions_never_modifies_its_inputs() -> None:
    t, a = themes(), assignments()
    before_t, before_a = t.copy(deep=True), a.copy(deep=True)
    apply_decisions(t, a, [Change("merge", {"theme_ids": ["0", "1"]}), Change("drop", {"theme_id": "2"})])
    pd.testing.assert_frame_equal(t, before_t)
    pd.testing.assert_frame_equal(a, before_a)


def test_rename_and_adopt_panel_name_keep_the_machines_name_alongside() -> None:
    result = apply_decisions(
        themes(),
        assignments(),
        [
            Change("rename", {"theme_id": "0", "name": "Cold homes"}),
            Change("adopt_panel_name", {"theme_id": "1", "name": "Heating or eating", "review_id": 4}),
        ],
    )
    rows = result.themes.set_index("theme_id")
    assert rows.loc["0", ["label", "machine_label", "name_source"]].tolist() == ["Cold homes", "heat", "researcher"]
    assert rows.loc["1", ["label", "name_source"]].tolist() == ["Heating or eating", "panel"]


def test_merge_keeps_the_first_id_pools_segments_and_recomputes_share_and_interval() -> None:
    result = apply_decisions(themes(), assignments(), [Change("merge", {"theme_ids": ["0", "1"], "name": "Money"})])
    rows = result.themes.set_index("theme_id")
    assert list(rows.index) == ["0", "2"]
    merged = rows.loc["0"]
    assert merged["label"] == "Money" and merged["size"] == 5
    assert merged["share"] == pytest.approx(0.5)  # 5 of the 10 segments behind the first theme's share
    assert merged["share_ci"] == pytest.approx(wilson(5, 10))
    assert math.isnan(merged["stability"])  # not measured for a theme the machine never made
    assert merged["derived_from"] == ["0", "1"]
    assert [q["segment_id"] for q in merged["quotes"]] == ["a", "b", "c"]
    assert set(result.assignments.loc[result.assignments["theme_id"] == "0", "segment_id"]) == {"a", "b", "x", "c", "d"}


def test_split_gives_parts_their_listed_segments_and_the_rest_to_the_first_part() -> None:
    parts = [{"name": "Heating"}, {"name": "Meters", "segment_ids": ["b"]}]
    result = apply_decisions(themes(), assignments(), [Change("split", {"theme_id": "0", "parts": parts})])
    rows = result.themes.set_index("theme_id")
    assert "0" not in rows.index
    assert rows.loc["0.1", ["label", "size"]].tolist() == ["Heating", 2]
    assert rows.loc["0.2", ["label", "size"]].tolist() == ["Meters", 1]
    assert [q["segment_id"] for q in rows.loc["0.2", "quotes"]] == ["b"]


def test_drop_leaves_its_segments_unassigned() -> None:
    result = apply_decisions(themes(), assignments(), [Change("drop", {"theme_id": "2"})])
    assert "2" not in set(result.themes["theme_id"])
    assert result.assignments.set_index("segment_id").loc["e", "theme_id"] == "-1"


def test_move_quote_moves_the_quote_and_the_segment() -> None:
    move = Change("move_quote", {"segment_id": "b", "from_theme_id": "0", "to_theme_id": "2"})
    result = apply_decisions(themes(), assignments(), [move])
    rows = result.themes.set_index("theme_id")
    assert [q["segment_id"] for q in rows.loc["0", "quotes"]] == ["a"]
    assert [q["segment_id"] for q in rows.loc["2", "quotes"]] == ["e", "b"]
    assert sizes(result) == {"0": 2, "1": 2, "2": 2}
    assert result.quote_moves == [{"segment_id": "b", "from_theme_id": "0", "to_theme_id": "2"}]


def test_decisions_about_merged_themes_follow_them_and_dropped_ones_are_skipped_with_a_note() -> None:
    decisions = [
        Change("merge", {"theme_ids": ["0", "1"]}, id=1),
        Change("adopt_panel_name", {"theme_id": "1", "name": "Money worries"}, id=2),
        Change("drop", {"theme_id": "2"}, id=3),
        Change("rename", {"theme_id": "2", "name": "Buses"}, id=4),
    ]
    result = apply_decisions(themes(), assignments(), decisions)
    assert result.themes.set_index("theme_id").loc["0", "label"] == "Money worries"
    assert result.notes == [
        "decision 2 (adopt_panel_name): theme 1 had become 0; applied to 0",
        "decision 4 (rename): skipped, theme 2 was dropped",
    ]


def test_apply_decisions_works_without_assignments() -> None:
    result = apply_decisions(themes(), None, [Change("merge", {"theme_ids": ["1", "2"]})])
    assert sizes(result) == {"0": 3, "1": 3}


def test_chain_numbers_follow_derived_from_and_refuse_loops() -> None:
    assert chain_numbers({1: None, 2: 1, 3: 1}, 3) == [1, 3]
    with pytest.raises(ReviewError):
        chain_numbers({1: 2, 2: 1}, 1)
    with pytest.raises(ReviewError):
        chain_numbers({1: None}, 7)


def test_reviewed_versions_replay_their_ancestors_decisions_from_the_database(
    db_engine: Engine, team: Team, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    from app_runs import build_run

    run = open_run(build_run(tmp_path, name=team.run_id))
    before = {p: p.read_bytes() for p in run.path.rglob("*") if p.is_file()}
    with db.session(db_engine) as s:
        v1 = db.start_version(s, team.run_id, by=team.lead)
        db.record_decision(s, team.run_id, v1.version, "rename", {"theme_id": "0", "name": "Cold homes"}, by=team.lead)
        v2 = db.start_version(s, team.run_id, by=team.lead, derived_from=v1.version)
        db.record_decision(s, team.run_id, v2.version, "drop", {"theme_id": "3"}, by=team.lead, reason="too small")
    with db.session(db_engine, readonly=True) as s:
        chain = decisions_in_chain(s, team.run_id, v2.version)
    result = reviewed_themes(run, chain, [], run_id=team.run_id)
    assert [d.kind for d in chain] == ["rename", "drop"]
    assert list(result.themes["theme_id"]) == ["0", "1", "2"]
    assert result.themes["label"].iloc[0] == "Cold homes"
    assert {p: p.read_bytes() for p in run.path.rglob("*") if p.is_file()} == before  # the run is untouched
    assert run.verify() == []
