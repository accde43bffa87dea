"""Exports of a reviewed version: CSV and XLSX tables (masked, formula-safe) and the HTML report."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd

from app_runs import build_run
from voices.review.export import quotes_table, themes_table, to_csv, to_xlsx
from voices.review.masking import rule_for
from voices.review.report_page import render_report
from voices.review.reviewed import Change
from voices.review.versions import reviewed_themes
from voices.runstore import open_run


def test_export_tables_carry_the_reviewed_version_with_masked_quotes(tmp_path: Path) -> None:
    run = open_run(build_run(tmp_path))
    decisions = [Change("rename", {"theme_id": "1", "name": "Food"})]
    reviewed = reviewed_themes(run, decisions, [rule_for(run.path.name, "Zebedee", "PERSON")], run_id=run.path.name)
    themes = themes_table(reviewed)
    assert list(themes.columns[:4]) == ["theme_id", "label", "name_source", "machine_label"]
    assert themes.set_index("theme_id").loc["1", "label"] == "Food"
    assert themes["share_ci_low"].notna().all()
    quotes = quotes_table(reviewed)
    assert any("[PERSON] at the food bank" in q for q in quotes["quote"])
    assert not quotes["quote"].str.contains("Zebedee").any()


def test_export_xlsx_has_one_sheet_per_table_and_no_formulas() -> None:
    tables = {"themes": pd.DataFrame({"label": ["=cmd|' /C calc'!A0", "fine"]}), "a" * 40: pd.DataFrame({"x": [1]})}
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(tables)))
    assert book.sheetnames == ["themes", "a" * 31]
    cell = book["themes"]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")
    assert to_csv(tables["themes"]).startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8


def test_export_html_report_shows_names_quotes_and_decisions() -> None:
    html = render_report(
        title="Wearside: reviewed version 1",
        themes=[
            {
                "label": "Heating or eating",
                "machine_label": "heat",
                "name_source": "panel",
                "share": 0.2,
                "share_ci": (0.15, 0.25),
                "how_common": "about 1 in 5 responses",
                "quotes": [{"segment_id": "a", "text": "We sit in coats"}],
            }
        ],
        decisions=[{"kind": "adopt_panel_name", "what": "{}", "by": "Asha", "when": "today", "why": "panel"}],
        notes=[],
        agreement="Krippendorff's alpha 0.71",
    )
    for text in ("Heating or eating", "Machine's name: heat", "We sit in coats", "about 1 in 5", "20% (15%–25%)"):
        assert text in html
    assert "<script" not in html
