"""Statistics against independent reference computations (scipy) and hand calculations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from voices.indicators.association import benjamini_hochberg, chi_square, lift
from voices.indicators.breakdowns import control_fdr
from voices.indicators.correlation import bootstrap_spearman, lagged_correlation, weighted_spearman
from voices.indicators.intervals import wilson


@pytest.mark.parametrize(("k", "n"), [(0, 1), (0, 10), (1, 10), (7, 40), (20, 40), (39, 40), (40, 40), (3, 1000)])
def test_wilson_matches_scipy(k, n):
    reference = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = wilson(k, n)
    assert low == pytest.approx(reference.low, abs=1e-12)
    assert high == pytest.approx(reference.high, abs=1e-12)


def test_wilson_other_confidence_and_vectorised():
    k, n = np.array([5, 50]), np.array([20, 200])
    low, high = wilson(k, n, 0.9)
    for i in range(2):
        ref = stats.binomtest(int(k[i]), int(n[i])).proportion_ci(confidence_level=0.9, method="wilson")
        assert (low[i], high[i]) == pytest.approx((ref.low, ref.high), abs=1e-12)
    assert np.isnan(wilson(0, 0)[0])


def test_benjamini_hochberg_against_hand_computation():
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.060, 0.074, 0.205, 0.212, 0.216]
    # m = 10: p·m/rank = .01 .04 .13 .1025 .084 .1 .1057 .25625 .23556 .216; then running minimum from the top.
    expected = [0.01, 0.04, 0.084, 0.084, 0.084, 0.1, 0.10571428571, 0.216, 0.216, 0.216]
    assert benjamini_hochberg(p) == pytest.approx(expected)
    shuffled = [p[i] for i in (9, 0, 4, 2, 7, 1, 8, 3, 6, 5)]
    assert benjamini_hochberg(shuffled) == pytest.approx([expected[i] for i in (9, 0, 4, 2, 7, 1, 8, 3, 6, 5)])


def test_benjamini_hochberg_ignores_missing_and_caps_at_one():
    q = benjamini_hochberg([0.5, np.nan, 0.9, 0.01])
    assert np.isnan(q[1])
    assert q[[0, 2, 3]] == pytest.approx([0.75, 0.9, 0.03])
    assert benjamini_hochberg([1.0, 1.0]).max() <= 1.0


def test_benjamini_hochberg_flags_with_rate():
    table = pd.DataFrame({"p_value": [0.001, 0.008, 0.039, 0.041, 0.2]})
    assert control_fdr(table, 0.05)["significant"].tolist() == [True, True, False, False, False]


@pytest.mark.parametrize("table", [[[30, 70], [10, 90]], [[12, 28], [30, 30], [2, 6]], [[5, 0], [3, 9], [8, 8]]])
def test_chi_square_matches_scipy(table):
    ref = stats.chi2_contingency(np.array(table), correction=False)
    got = chi_square(table)
    assert got.statistic == pytest.approx(ref.statistic)
    assert got.p_value == pytest.approx(ref.pvalue)
    assert got.dof == ref.dof
    assert got.min_expected == pytest.approx(ref.expected_freq.min())


def test_chi_square_undefined_for_one_group():
    assert np.isnan(chi_square([[3, 7]]).p_value)
    assert np.isnan(chi_square([[3, 0], [5, 0]]).p_value)


def test_lift_is_share_over_overall_share():
    assert lift([6, 2], [20, 20], 8, 40).tolist() == [1.5, 0.5]


@pytest.mark.filterwarnings("ignore::scipy.stats.ConstantInputWarning")
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(-5, 5), st.integers(1, 6)), min_size=3, max_size=25))
def test_weighted_spearman_equals_spearman_on_expanded_data(rows):
    x, y, w = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    got = weighted_spearman(x, y, w)
    ref = stats.spearmanr(np.repeat(x, w.astype(int)), np.repeat(y, w.astype(int))).statistic
    if np.isnan(ref):
        assert np.isnan(got)
    else:
        assert got == pytest.approx(ref, abs=1e-9)


def test_weighted_spearman_unweighted_is_spearman():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=50), rng.normal(size=50)
    assert weighted_spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic)


def test_bootstrap_interval_matches_scipy_bootstrap():
    rng = np.random.default_rng(11)
    x = rng.normal(size=60)
    y = 0.5 * x + rng.normal(size=60)
    ours = bootstrap_spearman(x, y, n_resamples=4000, seed=5)
    ref = stats.bootstrap(
        (x, y),
        lambda a, b: stats.spearmanr(a, b).statistic,
        paired=True,
        vectorized=False,
        n_resamples=4000,
        method="percentile",
        random_state=np.random.default_rng(6),
    )
    assert ours.rho == pytest.approx(stats.spearmanr(x, y).statistic)
    # Different random streams: the two percentile intervals agree to Monte Carlo error.
    assert ours.low == pytest.approx(ref.confidence_interval.low, abs=0.03)
    assert ours.high == pytest.approx(ref.confidence_interval.high, abs=0.03)


def test_bootstrap_weights_resample_areas_not_people():
    x, y, w = [1, 2, 3, 4, 5, 6], [1, 3, 2, 5, 4, 6], [100, 1, 1, 1, 1, 100]
    result = bootstrap_spearman(x, y, w, n_resamples=500, seed=1)
    assert result.n_areas == 6 and result.n_weight == 204
    assert result.low <= result.rho <= result.high


def test_bootstrap_same_seed_same_interval():
    x, y, w = [1, 2, 3, 4, 5, 6, 7], [2, 1, 4, 3, 6, 5, 7], [3, 4, 5, 6, 7, 8, 9]
    a = bootstrap_spearman(x, y, w, n_resamples=300, seed=9)
    b = bootstrap_spearman(x, y, w, n_resamples=300, seed=9)
    c = bootstrap_spearman(x, y, w, n_resamples=300, seed=10)
    assert (a.low, a.high) == (b.low, b.high)
    assert (a.low, a.high) != (c.low, c.high)


def test_bootstrap_too_few_areas_gives_no_interval():
    result = bootstrap_spearman([1, 2], [2, 1], [5, 5])
    assert np.isnan(result.rho) and np.isnan(result.low) and result.n_resamples == 0


def test_lagged_correlation_finds_the_lead():
    idx = pd.period_range("2022-01", periods=24, freq="M")
    driver = pd.Series(np.sin(np.arange(24) / 3.0), index=idx)
    theme = pd.Series(driver.shift(2).to_numpy(), index=idx).dropna()  # the theme follows 2 months later
    table = lagged_correlation(theme, driver, max_lag=4, min_periods=6)
    assert table.loc[table["spearman"].idxmax(), "lag"] == 2
    assert table.set_index("lag").loc[2, "spearman"] == pytest.approx(1.0)
    ref = stats.pearsonr(theme.to_numpy(), driver.shift(2).dropna().to_numpy()).statistic
    assert table.set_index("lag").loc[2, "pearson"] == pytest.approx(ref)


def test_lagged_correlation_says_when_too_few_periods():
    idx = pd.period_range("2026-01", periods=2, freq="M")
    table = lagged_correlation(pd.Series([0.2, 0.3], index=idx), pd.Series([3.0, 3.4], index=idx), max_lag=1)
    assert table["spearman"].isna().all()
    assert table["note"].str.contains("only").all()
