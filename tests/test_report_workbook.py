"""The XLSX workbook: a README first, one sheet per table, hidden cells as "suppressed", text never a formula."""

# ruff: noqa: F811  (the report_runs fixtures are imported by name)

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from report_runs import FORMULA_QUOTE, paired_run  # noqa: F401 (fixtures)
from voices.report import write_report
from voices.report.workbook import safe_sheet_name
from voices.runstore import open_run


@pytest.fixture
def workbook(paired_run: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.getbasetemp() / "report-workbook"
    if not (out / "report.xlsx").exists():
        write_report(paired_run, out)
    return load_workbook(out / "report.xlsx")


def _rows(ws) -> list[dict]:
    values = list(ws.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def test_workbook_opens_with_a_readme_of_method_caveats_and_attribution(workbook) -> None:
    assert workbook.sheetnames[0] == "README"
    text = "\n".join(str(v) for row in workbook["README"].iter_rows(values_only=True) for v in row if v)
    for phrase in (
        "Sheets",
        "Small numbers",
        "fewer than 10 people",
        "Method",
        "Keep in mind",
        "not causation",
        "Licences and attribution",
        "Open Government Licence v3.0",
        "Contains Royal Mail data",
    ):
        assert phrase in text, phrase
    listed = {row[0] for row in workbook["README"].iter_rows(values_only=True)}
    assert set(workbook.sheetnames[1:]) <= listed  # every sheet is described


def test_workbook_has_one_sheet_per_table(workbook) -> None:
    for name in ("Themes", "Quotes", "By group", "By deprivation decile", "Over time", "Group differences"):
        assert name in workbook.sheetnames
    for name in ("Area indicators", "Time series", "What was masked, by type", "Software versions"):
        assert name in workbook.sheetnames


@pytest.mark.parametrize(
    ("sheet", "table"),
    [("By deprivation decile", "pair_deciles"), ("By group", "pair_groups"), ("Over time", "pair_time")],
)
def test_workbook_suppressed_cells_read_suppressed_exactly_where_the_run_hid_them(
    workbook, paired_run: Path, sheet: str, table: str
) -> None:
    published = open_run(paired_run).table(table)
    rows = _rows(workbook[sheet])
    assert len(rows) == len(published)
    for row, (_, source) in zip(rows, published.iterrows(), strict=True):
        assert row["group"] == source["group"] and row["theme_id"] == source["theme_id"]
        if source["suppressed"]:
            for col in ("k", "share", "ci_low", "ci_high", "lift"):
                assert row[col] == "suppressed", (sheet, col)
        else:
            assert row["share"] == pytest.approx(float(source["share"]))
            assert isinstance(row["k"], int)
        if source["n"] is None or str(source["n"]) == "<NA>":
            assert row["n"] == "suppressed"
        else:
            assert row["n"] == int(source["n"])


def test_workbook_never_writes_a_zero_for_a_hidden_count(workbook, paired_run: Path) -> None:
    published = open_run(paired_run).table("pair_deciles")
    hidden = published[published["suppressed"]]
    rows = _rows(workbook["By deprivation decile"])
    assert len(hidden) > 0
    for i in hidden.index:
        assert rows[i]["k"] == "suppressed" and rows[i]["share"] != 0


def test_workbook_keeps_formula_like_quotes_as_text(workbook) -> None:
    ws = workbook["Quotes"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == FORMULA_QUOTE]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for ws in workbook.worksheets for row in ws.iter_rows() for c in row)


def test_workbook_themes_sheet_has_shares_in_numbers_and_words(workbook) -> None:
    rows = _rows(workbook["Themes"])
    assert {r["theme_id"] for r in rows} == {"0", "1", "2", "3", "4", "5"}
    sub = next(r for r in rows if r["theme_id"] == "5")
    assert sub["parent_id"] == "0"
    first = next(r for r in rows if r["theme_id"] == "0")
    assert 0 < first["share"] < 1 and first["how_common"].startswith("about 1 in 3 responses (")


def test_safe_sheet_name_is_valid_and_unique() -> None:
    taken: set[str] = set()
    names = [safe_sheet_name("Why? [x]: a/b*c\\d " + "long " * 10, taken) for _ in range(3)]
    assert len(set(names)) == 3
    assert all(len(n) <= 31 and not set("[]:*?/\\") & set(n) for n in names)
