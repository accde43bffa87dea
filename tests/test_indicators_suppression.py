"""Small-cell suppression: nothing below the threshold is published or recoverable from what is published.

The attacker here is independent of the implementation: it writes the published numbers, the row, column and
grand totals and non-negativity as a linear programme and asks scipy's HiGHS for the smallest and largest value
each hidden small cell can take. A cell is recovered when the two coincide.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linprog

from voices.indicators.breakdowns import breakdown
from voices.indicators.membership import Crosstab
from voices.indicators.suppression import suppress_margin, suppress_table

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL_COUNTS = st.sampled_from([0, 0, 1, 2, 3, 5, 8, 9, 10, 11, 14, 25, 60, 200])


def _items(table: np.ndarray) -> np.ndarray:
    return np.concatenate([table.ravel(), table.sum(1), table.sum(0), [table.sum()]]).astype(float)


def recovered(table: np.ndarray, hidden: np.ndarray, threshold: int = 10) -> list[int]:
    """Hidden items below the threshold whose value the published items, totals and x >= 0 pin down."""
    r, c = table.shape
    values = _items(table)
    n = len(values)
    rows = []
    for i in range(r):
        v = np.zeros(n)
        v[i * c : (i + 1) * c] = 1
        v[r * c + i] = -1
        rows.append(v)
    for j in range(c):
        v = np.zeros(n)
        v[j : r * c : c] = 1
        v[r * c + r + j] = -1
        rows.append(v)
    for block in (slice(r * c, r * c + r), slice(r * c + r, r * c + r + c)):
        v = np.zeros(n)
        v[block] = 1
        v[-1] = -1
        rows.append(v)
    a = np.array(rows)
    unknown, known = np.flatnonzero(hidden), np.flatnonzero(~hidden)
    a_eq, b_eq = a[:, unknown], -a[:, known] @ values[known]
    out = []
    for pos, item in enumerate(unknown):
        if values[item] >= threshold:
            continue
        goal = np.zeros(len(unknown))
        goal[pos] = 1
        low = linprog(goal, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-goal, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if high.status != 3 and (-high.fun) - low.fun < 0.5:
            out.append(int(item))
    return out


def hidden_vector(s) -> np.ndarray:
    return np.concatenate([s.cells.ravel(), s.row_totals, s.col_totals, [s.total]])


@SETTINGS
@given(arrays(np.int64, st.tuples(st.integers(1, 5), st.integers(1, 5)), elements=SMALL_COUNTS))
def test_suppression_never_publishes_or_leaks_a_small_cell(table):
    s = suppress_table(table, 10)
    published = ~hidden_vector(s)
    assert not (published & (_items(table) < 10)).any()  # primary: nothing small is shown
    assert recovered(table, hidden_vector(s)) == []  # secondary: nothing small can be worked out
    assert s.exposed == 0


@SETTINGS
@given(arrays(np.int64, st.tuples(st.integers(2, 7), st.just(2)), elements=SMALL_COUNTS))
def test_suppression_with_locked_totals_reports_what_it_cannot_protect(table):
    """The breakdown layout: [voices theme, does not] per group, theme totals published elsewhere (locked)."""
    s = suppress_table(table, 10, locked_col_totals=True, locked_total=True)
    hidden = hidden_vector(s)
    assert not hidden[-3:].any()  # locked totals stay published
    cells_and_rows = np.ones_like(hidden)
    cells_and_rows[-3:] = False
    assert not (~hidden & cells_and_rows & (_items(table) < 10)).any()
    assert len(recovered(table, hidden)) == s.exposed


@SETTINGS
@given(st.lists(st.integers(1, 60), min_size=1, max_size=12))
def test_suppression_margin_hides_small_groups_and_their_partners(sizes):
    hidden = suppress_margin(sizes, 10)
    values = np.array(sizes)
    assert hidden[values < 10].all()
    if hidden.any() and not hidden.all():
        assert hidden.sum() >= 2
        assert values[hidden].sum() > hidden.sum()  # groups have at least 1 member: the sum must not pin them


@SETTINGS
@given(st.integers(2, 6), st.integers(1, 4), st.data())
def test_breakdown_published_tables_hold_no_small_cell(groups, themes, data):
    n = np.array(data.draw(st.lists(st.integers(1, 80), min_size=groups, max_size=groups)))
    k = np.stack([np.array([data.draw(st.integers(0, int(v))) for v in n]) for _ in range(themes)], axis=1)
    ct = Crosstab([f"g{i}" for i in range(groups)], n, k)
    table = breakdown("Q1", "group", ct, themes=list(range(themes)), labels={})
    shown = table[~table["suppressed"]]
    assert (shown["k"] >= 10).all()
    assert ((shown["n"] - shown["k"]) >= 10).all()
    assert table["n"].dropna().ge(10).all()
    hidden = table[table["suppressed"]]
    assert hidden[["k", "share", "ci_low", "ci_high", "lift"]].isna().all().all()
    # Per theme, an attacker who knows the group sizes shown, the theme's total and everyone's total recovers
    # exactly what the breakdown owns up to (only tables whose locked totals fix a value, e.g. one group).
    leaks = 0
    for j in range(themes):
        rows = table[table["theme_id"] == j].set_index("group").loc[ct.groups]
        grid = np.stack([k[:, j], n - k[:, j]], axis=1)
        hidden_items = np.concatenate(
            [np.repeat(rows["suppressed"].to_numpy(), 2), rows["n"].isna().to_numpy(), [False, False, False]]
        )
        leaks += len(recovered(grid, hidden_items))
    assert leaks == table.attrs["exposed"]


def test_suppression_example_row_and_column_partners():
    s = suppress_table(np.array([[40, 3], [25, 30], [50, 44]]))
    assert s.cells.tolist() == [[True, True], [True, True], [False, False]]
    assert s.primary.tolist() == [[False, True], [False, False], [False, False]]


def test_suppression_two_hidden_zeros_are_not_enough():
    """Two hidden zeros in a column whose total is known would both be known to be zero."""
    table = np.array([[0, 50], [0, 40], [30, 20]])
    s = suppress_table(table)
    assert recovered(table, hidden_vector(s)) == []
    assert s.cells[2, 0]  # a positive cell had to be hidden with them


def test_suppression_zeros_can_be_shown_when_asked():
    s = suppress_table(np.array([[0, 50], [12, 40]]), zeros=False)
    assert not s.cells.any()
