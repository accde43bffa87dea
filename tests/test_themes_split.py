"""Theme shares split by question, speaker role, period and meta fields, with small cells suppressed."""

from __future__ import annotations

import pandas as pd
import pytest

from voices.themes.errors import ThemeError
from voices.themes.split import group_values, groups, theme_shares


def _segments() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "segment_id": [f"s{i}" for i in range(30)],
            "question_id": ["Q1"] * 20 + ["Q2"] * 10,
            "speaker_role": ["participant", "interviewer"] * 15,
            "period": ["2026-01"] * 15 + ["2026-02"] * 15,
            "created_at": pd.to_datetime(["2026-01-05"] * 15 + ["2026-02-07"] * 15, utc=True),
            "meta": ['{"age_band": "25-34"}'] * 12 + ["{}"] * 18,
        }
    )


def _assignments() -> pd.DataFrame:
    rows = [{"segment_id": f"s{i}", "theme_id": 0} for i in range(30)]
    rows += [{"segment_id": f"s{i}", "theme_id": 1} for i in range(0, 30, 2)]
    rows += [{"segment_id": "s29", "theme_id": -1}]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("by", ["question_id", "speaker_role", "period", "created_at", "meta.age_band"])
def test_split_shares_add_up_within_each_group(by: str) -> None:
    table = theme_shares(_assignments(), _segments(), by=by, min_cell=1)
    theme0 = table[table["theme_id"] == 0]
    assert (theme0["count"] == theme0["group_size"]).all()
    assert int(theme0["group_size"].sum()) == 30
    assert (table["share_ci_low"] <= table["share"]).all() and (table["share"] <= table["share_ci_high"]).all()


def test_split_by_question_counts() -> None:
    table = theme_shares(_assignments(), _segments(), by="question_id", min_cell=1).set_index(["group", "theme_id"])
    assert table.loc[("Q1", 1), "count"] == 10 and table.loc[("Q2", 1), "count"] == 5
    assert table.loc[("Q2", 1), "share"] == 0.5


def test_split_suppresses_small_cells_and_says_so() -> None:
    table = theme_shares(_assignments(), _segments(), by="question_id", min_cell=10)
    small = table[table["suppressed"]]
    assert len(small) == 1 and small["count"].isna().all() and small["share"].isna().all()


def test_split_created_at_groups_by_month() -> None:
    assert group_values(_segments(), "created_at").unique().tolist() == ["2026-01", "2026-02"]


def test_split_groups_keep_first_appearance_order() -> None:
    assert list(groups(_segments(), "question_id")) == ["Q1", "Q2"]
    assert list(groups(_segments(), None)) == ["all"]


def test_split_unknown_column_names_the_choices() -> None:
    with pytest.raises(ThemeError, match="question_id"):
        group_values(_segments(), "ward")
