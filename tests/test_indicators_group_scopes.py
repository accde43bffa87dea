"""Themes split by question carry the question in ``group``; pairing scopes must follow it."""

import pandas as pd

from voices.corpus import conform
from voices.indicators.membership import scopes


def test_scopes_follow_the_themes_group_column_even_for_empty_themes():
    seg = conform(
        pd.DataFrame(
            {
                "segment_id": [f"r{i}/{q}" for i in range(6) for q in ("Q1", "Q2")],
                "document_id": [f"r{i}" for i in range(6) for _ in ("Q1", "Q2")],
                "source_kind": "consultation",
                "source_format": "test",
                "source_file": "a.csv",
                "source_row": [i + 2 for i in range(6) for _ in ("Q1", "Q2")],
                "text": "x",
                "question_id": [q for _ in range(6) for q in ("Q1", "Q2")],
            }
        )
    )
    themes = pd.DataFrame({"theme_id": [0, 1, 2], "parent_id": [-1, -1, -1], "group": ["Q1", "Q2", "Q2"]})
    assignments = pd.DataFrame(
        {
            "segment_id": [f"r{i}/Q1" for i in range(6)] + [f"r{i}/Q2" for i in range(6)],
            "theme_id": [0] * 6 + [1] * 6,  # theme 2 (Q2) has no segments at all
            "probability": 1.0,
        }
    )
    found = {tuple(s.questions): sorted(s.themes) for s in scopes(seg, themes, assignments)}
    # -1 is the "no theme" row every scope carries; no theme may fall into a scope without a question
    assert found == {("Q1",): [-1, 0], ("Q2",): [-1, 1, 2]}
