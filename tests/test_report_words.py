"""Plain-English wording of numbers in reports, and the report modules' docstring examples."""

from __future__ import annotations

import doctest
import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voices.report import words

REPORT_MODULES = (
    "words",
    "model",
    "themes",
    "breakdowns",
    "pairings",
    "overview",
    "lineage",
    "build",
    "charts",
    "page",
    "sheets",
    "workbook",
    "writer",
    "errors",
)


@pytest.mark.parametrize("module", REPORT_MODULES)
def test_report_docstring_examples_run(module: str) -> None:
    mod = importlib.import_module(f"voices.report.{module}")
    failed, tried = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failed == 0 and tried > 0


@pytest.mark.parametrize(
    ("share", "ci", "noun", "expected"),
    [
        (0.2, (0.17, 0.23), "responses", "about 1 in 5 responses (17–23%)"),
        (0.17, None, "responses", "about 1 in 6 responses (17%)"),
        (0.5, (0.45, 0.55), "posts", "about half of posts (45–55%)"),
        (0.62, [0.58, 0.66], "speaker turns", "about 6 in 10 speaker turns (58–66%)"),
        (0.97, None, "responses", "almost all responses (97%)"),
        (0.004, (0.001, 0.009), "responses", "fewer than 1 in 100 responses (0.1–0.9%)"),
        (0.034, (0.021, 0.05), "responses", "about 1 in 29 responses (2.1–5%)"),
        (0.0, None, "responses", "none of the responses (0%)"),
        (None, None, "responses", "share not measured"),
    ],
)
def test_share_words_reads_as_plain_english(share, ci, noun, expected) -> None:
    assert words.share_words(share, ci, noun) == expected


@pytest.mark.parametrize(
    ("value", "start"),
    [(0.95, "very stable"), (0.85, "very stable"), (0.7, "stable"), (0.55, "fairly stable"), (0.2, "unstable")],
)
def test_stability_words_name_the_band(value: float, start: str) -> None:
    assert words.stability_words(value).startswith(start + ":")


def test_stability_words_say_when_not_measured() -> None:
    assert words.stability_words(float("nan")) == "not measured"


def test_count_text_never_shows_a_hidden_count_as_a_number() -> None:
    import pandas as pd

    assert words.count_text(None) == words.SUPPRESSED
    assert words.count_text(pd.NA) == words.SUPPRESSED
    assert words.count_text(float("nan")) == words.SUPPRESSED
    assert words.count_text(0) == "0"


def test_plural_agrees_with_the_count() -> None:
    assert words.plural(1, "record was", "records were") == "1 record was"
    assert words.plural(2, "record was", "records were") == "2 records were"


def test_group_name_says_which_decile_is_most_deprived() -> None:
    assert words.group_name("imd2019_income_decile", "1") == "1 (most deprived)"
    assert words.group_name("imd2019_decile", "5") == "5"


@given(st.floats(min_value=0, max_value=1), st.floats(min_value=0, max_value=1))
def test_share_words_never_crash_and_always_give_a_percentage(a: float, b: float) -> None:
    low, high = sorted((a, b))
    text = words.share_words((low + high) / 2, (low, high))
    assert text.endswith("%)")
    assert "nan" not in text


@given(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=False), st.text(max_size=5)))
def test_percent_is_a_percentage_or_a_dash(value) -> None:
    text = words.percent(value)
    assert text == "–" or text.endswith("%")


def test_importing_the_report_package_loads_no_heavy_renderer() -> None:
    import subprocess
    import sys

    code = (
        "import sys, voices.report, voices.cli.report; "
        "print(sorted(m for m in ('plotly', 'openpyxl', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
