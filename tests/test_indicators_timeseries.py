"""Periods, ONS time-series CSVs, generic series and the tidy indicator table."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voices.errors import InputFormatError
from voices.indicators import bundled
from voices.indicators.errors import IndicatorError
from voices.indicators.periods import coarsen, label, labels, parse_period, to_periods
from voices.indicators.table import builtin_indicators, read_indicators, validate
from voices.indicators.timeseries import is_ons_layout, read_ons_timeseries, read_series


@pytest.fixture(scope="module")
def excerpt(fixtures_dir):
    return fixtures_dir / "indicators" / "ons_d7g7_excerpt.csv"


def test_timeseries_ons_layout_blocks(excerpt):
    s = read_ons_timeseries(excerpt)
    assert (s.indicator, s.unit, s.title) == ("D7G7", "%", "CPI ANNUAL RATE 00: ALL ITEMS 2015=100")
    assert "MM23" in s.source and "25-03-2026" in s.source and "Open Government Licence" in s.licence
    assert s.frequencies() == ["month", "quarter", "year"]
    counts = s.data["frequency"].value_counts().to_dict()
    assert counts == {"month": 36, "quarter": 12, "year": 3}
    year, quarter, month = s.at("year"), s.at("quarter"), s.at("month")
    assert year[pd.Period("2022", "Y")] == 9.1
    assert quarter[pd.Period("2022Q4", "Q")] == 10.7
    assert month[pd.Period("2022-10", "M")] == 11.1 and month.idxmax() == pd.Period("2022-10", "M")
    assert len(s.quarantine) == 0


def test_timeseries_ons_bad_rows_quarantined(tmp_path, excerpt):
    text = excerpt.read_text().replace('"2022 OCT","11.1"', '"2022 OCT","x"').replace('"2023 DEC"', '"2023 DECX"')
    path = tmp_path / "series.csv"
    path.write_text(text + '"2024 JAN",""\n')
    s = read_ons_timeseries(path)
    reasons = s.quarantine["reason"].tolist()
    assert len(s.quarantine) == 3
    assert any("'x'" in r for r in reasons) and any("2023 DECX" in r for r in reasons)
    assert pd.Period("2022-10", "M") not in s.at("month").index


def test_timeseries_bundled_cpi_is_complete():
    s = read_series(bundled.path("ons_d7g7_cpi_annual_rate.csv"))
    month = s.at("month")
    assert month.index.min() == pd.Period("1989-01", "M") and month.index.max() == pd.Period("2026-02", "M")
    assert len(month) == 446 and month.index.is_unique
    assert month[pd.Period("2026-02", "M")] == 3.0


def test_timeseries_coarser_from_finer_and_not_finer(excerpt):
    s = read_ons_timeseries(excerpt)
    weekly_only = s.data[s.data["frequency"] == "month"]
    monthly = type(s)(s.indicator, s.title, s.unit, s.source, s.licence, weekly_only)
    q = monthly.at("quarter")
    assert q[pd.Period("2022Q4", "Q")] == pytest.approx((11.1 + 10.7 + 10.5) / 3)
    with pytest.raises(IndicatorError, match="week"):
        monthly.at("week")


def test_timeseries_generic_csv_and_xlsx(tmp_path):
    frame = pd.DataFrame({"Date": ["01/01/2024", "01/02/2024", "March 2024", "bad"], "rate": ["1.5", "2", "2.5", "3"]})
    csv = tmp_path / "rate.csv"
    frame.to_csv(csv, index=False)
    s = read_series(csv, source="test", licence="CC0")
    assert s.at("month").tolist() == [1.5, 2.0, 2.5] and s.quarantine["row"].tolist() == [5]
    xlsx = tmp_path / "rate.xlsx"
    frame.to_excel(xlsx, index=False)
    assert read_series(xlsx).at("month").tolist() == [1.5, 2.0, 2.5]
    assert not is_ons_layout(csv)


def test_periods_labels_and_parsing():
    ts = pd.Series(pd.to_datetime(["2026-01-12 09:00", "2025-12-29 10:00", "2026-06-30 23:30", None], utc=True))
    assert labels(to_periods(ts, "week")).tolist()[:3] == ["2026-W03", "2026-W01", "2026-W27"]
    assert labels(to_periods(ts, "month")).tolist()[:3] == ["2026-01", "2025-12", "2026-07"]  # 00:30 BST, 1 July
    assert labels(to_periods(ts, "quarter")).tolist()[2] == "2026-Q3"
    assert labels(to_periods(ts, "week")).isna().tolist() == [False, False, False, True]
    assert label(parse_period("Q3 2024")) == "2024-Q3"
    assert label(parse_period("2024M07")) == "2024-07"
    assert label(parse_period("September 2024")) == label(parse_period("2024 SEPT")) == "2024-09"
    assert parse_period("2024 DECX") is None
    assert parse_period("2024-13") is None and parse_period("next year") is None


@settings(max_examples=50, deadline=None)
@given(
    st.dates(min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp("2040-12-31").date()),
    st.sampled_from(["week", "month", "quarter", "year"]),
)
def test_periods_label_round_trips(day, freq):
    period = to_periods(pd.Series([pd.Timestamp(day)]), freq).iloc[0]
    assert parse_period(label(period)) == period


def test_periods_coarsen_weeks_by_thursday():
    weeks = pd.Series([1.0, 3.0], index=[parse_period("2026-W05"), parse_period("2026-W06")])
    out = coarsen(weeks, "month")  # W05 runs 26 Jan – 1 Feb: its Thursday is 29 Jan
    assert out.to_dict() == {pd.Period("2026-01", "M"): 1.0, pd.Period("2026-02", "M"): 3.0}


def test_table_validation_quarantines_with_reasons():
    frame = pd.DataFrame(
        {
            "Indicator": ["fuel_poverty"] * 6 + ["cpi"],
            "Geography": ["lad19"] * 6 + ["national"],
            "Area": ["E08000024", "County Durham", "E01008736", "E06000047", "E08000023", "Nowhere", None],
            "Period": [None, None, None, None, "not a date", None, "2024 JAN"],
            "Value": ["14.2", "13", "12", "n/a", "11", "10", "4.0"],
        }
    )
    checked = validate(frame, where="fp.csv", source="DESNZ", licence="OGL v3.0")
    assert checked.table["area_code"].tolist()[:2] == ["E08000024", "E06000047"]
    assert checked.table["area_code"].isna().tolist() == [False, False, True]
    assert checked.table["period"].tolist()[2] == "2024-01"
    assert checked.quarantine["row"].tolist() == [4, 5, 6, 7]
    reasons = checked.quarantine["reason"].tolist()
    assert "prefix E01" in reasons[0] and "'n/a' is not a number" in reasons[1]
    assert "not a date" in reasons[2] and "'Nowhere'" in reasons[3]
    assert checked.names() == ["cpi", "fuel_poverty"]
    assert len(checked.time_series()) == 1 and len(checked.area_indicators()) == 2


def test_table_duplicates_quarantined_first_kept():
    frame = pd.DataFrame(
        {
            "indicator": "x",
            "geography": "lsoa11",
            "area_code": ["E01008736", "E01008736"],
            "value": [1, 2],
            "source": "s",
            "licence": "l",
        }
    )
    checked = validate(frame)
    assert checked.table["value"].tolist() == [1.0]
    assert "first kept" in checked.quarantine["reason"].iloc[0]


def test_table_missing_columns_and_licence_say_how_to_fix():
    with pytest.raises(IndicatorError, match="reshape to one row per indicator"):
        validate(pd.DataFrame({"area": ["E01008736"], "deprivation": [3]}))
    with pytest.raises(IndicatorError, match="licence"):
        validate(
            pd.DataFrame(
                {"indicator": ["x"], "geography": ["lsoa11"], "area_code": ["E01008736"], "value": [1], "source": ["s"]}
            )
        )
    with pytest.raises(IndicatorError, match="geography"):
        validate(pd.DataFrame({"indicator": ["x"], "area_code": ["E01008736"], "value": [1]}), source="s", licence="l")


def test_table_reads_csv_xlsx_and_ons(tmp_path, excerpt):
    frame = pd.DataFrame(
        {
            "indicator": "fp",
            "geography": "lad19",
            "area_code": ["E08000024", "E06000047"],
            "value": [14.2, 13.0],
            "source": "DESNZ",
            "licence": "OGL v3.0",
        }
    )
    frame.to_csv(tmp_path / "fp.csv", index=False)
    frame.to_excel(tmp_path / "fp.xlsx", index=False, sheet_name="data")
    a = read_indicators(tmp_path / "fp.csv")
    b = read_indicators(tmp_path / "fp.xlsx", sheet="data")
    pd.testing.assert_frame_equal(a.table, b.table)
    ons = read_indicators(excerpt)
    assert set(ons.table["geography"]) == {"national"} and ons.table["area_code"].isna().all()
    assert len(ons.table) == 51 and "2022-10" in set(ons.table["period"])
    with pytest.raises(InputFormatError):
        read_indicators(tmp_path / "missing.csv")


def test_table_builtin_is_imd_2019():
    b = builtin_indicators()
    decile = b.table[(b.table["indicator"] == "imd2019_decile")]
    assert len(decile) == 32844 and set(decile["geography"]) == {"lsoa11"}
    assert set(b.table.loc[b.table["geography"] == "lad19", "area_code"].str[:3]) <= {"E06", "E07", "E08", "E09"}
    assert b.table["licence"].eq("Open Government Licence v3.0").all()


@pytest.mark.parametrize(
    "module",
    [
        "areas",
        "association",
        "breakdowns",
        "bundled",
        "correlation",
        "errors",
        "files",
        "geography",
        "imd",
        "intervals",
        "membership",
        "nspl",
        "pairing",
        "periods",
        "postcodes",
        "spatial",
        "stage",
        "suppression",
        "table",
        "temporal",
        "timeseries",
    ],
)
def test_indicators_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    mod = importlib.import_module(f"voices.indicators.{module}")
    failed, tried = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failed == 0 and tried > 0


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.datetimes(
            min_value=pd.Timestamp("1995-01-01").to_pydatetime(), max_value=pd.Timestamp("2035-12-31").to_pydatetime()
        ),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["week", "month", "quarter", "year"]),
)
def test_periods_vectorised_labels_agree(stamps, freq):
    from voices.indicators.periods import period_labels

    ts = pd.Series(pd.to_datetime(stamps)).dt.tz_localize("UTC")
    assert period_labels(ts, freq).tolist() == labels(to_periods(ts, freq)).tolist()
