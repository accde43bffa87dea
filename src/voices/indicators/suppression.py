"""Small-cell suppression: hide counts below a threshold, and enough others that totals cannot reveal them.

*Primary* suppression hides every count below the threshold (default 10, zeros included: "nobody in this ward
said X" is a disclosure too). *Secondary* suppression hides further counts so that no hidden small count can be
worked out from what is still shown: row and column totals, the grand total, and the fact that counts are never
negative. A count shown next to its total gives away the other count in a two-column table; a single hidden
count in a row is its total minus the others; two hidden zeros whose total is known are both zero.

:func:`suppress_table` works on a 2-D table with its margins. It first makes sure no total has exactly one
hidden count under it, then *audits* the result — a hidden count is exposed when the published numbers fix its
value (checked exactly, as a flow network: a hidden count is free only if it lies on a cycle of hidden counts
that can move without any count going negative) — and hides one more count next to each exposed one until none
is left. Totals that are published elsewhere (a theme's size is in the themes table) can be *locked*: they are
assumed known and never hidden. :func:`suppress_margin` does the same for a list of group sizes with a known total.

Example:
    >>> import numpy as np
    >>> s = suppress_table(np.array([[40, 3], [25, 30], [50, 44]]))
    >>> s.cells.astype(int).tolist()
    [[1, 1], [1, 1], [0, 0]]
    >>> s.exposed
    0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: The default threshold: counts below 10 are suppressed.
THRESHOLD = 10


@dataclass(frozen=True)
class Suppression:
    """Which parts of a table to hide.

    Attributes:
        cells: r × c, True where a cell is hidden.
        row_totals: r, True where a row total is hidden.
        col_totals: c, True where a column total is hidden.
        total: whether the grand total is hidden.
        primary: r × c, True where a cell is below the threshold (hidden for itself; other hidden cells are
            secondary).
        exposed: hidden values below the threshold that published numbers still fix — only possible when locked
            totals leave no way to protect them; 0 otherwise.
    """

    cells: NDArray[np.bool_]
    row_totals: NDArray[np.bool_]
    col_totals: NDArray[np.bool_]
    total: bool
    primary: NDArray[np.bool_]
    exposed: int


def _as_bool(value: bool | ArrayLike | None, size: int) -> NDArray[np.bool_]:
    if value is None:
        return np.zeros(size, dtype=bool)
    arr = np.asarray(value, dtype=bool)
    return np.full(size, bool(arr)) if arr.ndim == 0 else arr.reshape(size)


class _Problem:
    """A table and its margins as one flow network, with the linear relations between them.

    Every item is an edge of a circulation: a cell ``(i, j)`` flows from row node ``i`` to column node ``j``, a
    row total from the source to row ``i``, a column total from column ``j`` to the sink, and the grand total
    from the sink back to the source. The totals' equations are exactly flow conservation, so a hidden count can
    change while every published number stays the same if and only if it lies on a cycle of the *residual*
    graph of the hidden edges (forward always, backward only where the count is positive, since counts are never
    negative). No cycle either way means its value is fixed: it is *exposed*.
    """

    def __init__(self, counts: NDArray[np.int64]) -> None:
        r, c = counts.shape
        self.r, self.c = r, c
        self.values = np.concatenate([counts.ravel(), counts.sum(axis=1), counts.sum(axis=0), [counts.sum()]]).astype(
            "float64"
        )
        source, sink = 0, r + c + 1
        ends: list[tuple[int, int]] = [(1 + i, 1 + r + j) for i in range(r) for j in range(c)]
        ends += [(source, 1 + i) for i in range(r)]
        ends += [(1 + r + j, sink) for j in range(c)]
        ends.append((sink, source))
        self.ends = ends
        self.n_nodes = r + c + 2
        cell = np.arange(r * c).reshape(r, c)
        row_tot = r * c + np.arange(r)
        col_tot = r * c + r + np.arange(c)
        grand = r * c + r + c
        relations: list[list[int]] = [[*map(int, cell[i]), int(row_tot[i])] for i in range(r)]
        relations += [[*map(int, cell[:, j]), int(col_tot[j])] for j in range(c)]
        relations.append([*map(int, row_tot), grand])
        relations.append([*map(int, col_tot), grand])
        self.relations = relations
        self.member: list[list[int]] = [[] for _ in range(len(self.values))]
        for n, rel in enumerate(relations):
            for k in rel:
                self.member[k].append(n)

    def _reaches(self, arcs: list[list[tuple[int, int]]], start: int, goal: int, skip: int) -> bool:
        seen = {start}
        stack = [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            for nxt, item in arcs[node]:
                if item != skip and nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    def exposed(self, hidden: NDArray[np.bool_], sensitive: NDArray[np.bool_]) -> list[int]:
        """Hidden sensitive items whose value the published items, the totals and non-negativity fix."""
        targets = [int(k) for k in np.flatnonzero(hidden & sensitive)]
        if not targets:
            return []
        arcs: list[list[tuple[int, int]]] = [[] for _ in range(self.n_nodes)]
        for item in map(int, np.flatnonzero(hidden)):
            u, v = self.ends[item]
            arcs[u].append((v, item))  # more flow on the item
            if self.values[item] > 0:
                arcs[v].append((u, item))  # less flow on it
        out: list[int] = []
        for k in targets:
            u, v = self.ends[k]
            can_rise = self._reaches(arcs, v, u, k)
            can_fall = self.values[k] > 0 and self._reaches(arcs, u, v, k)
            if not (can_rise or can_fall):
                out.append(k)
        return out


def _cheapest(candidates: list[int], values: NDArray[np.float64]) -> int | None:
    """The candidate to hide next: the smallest positive count (zeros last: hiding them protects nothing)."""
    if not candidates:
        return None
    return min(candidates, key=lambda k: (values[k] == 0, values[k], k))


def suppress_table(
    counts: ArrayLike,
    threshold: int = THRESHOLD,
    *,
    locked_row_totals: bool | ArrayLike = False,
    locked_col_totals: bool | ArrayLike = False,
    locked_total: bool = False,
    hidden_row_totals: bool | ArrayLike | None = None,
    zeros: bool = True,
) -> Suppression:
    """Decide which cells and totals of a 2-D count table to hide.

    Args:
        counts: non-negative integer counts, r × c.
        threshold: counts below this are hidden (primary suppression).
        locked_row_totals: row totals that are published anyway (e.g. group sizes shown elsewhere): never
            hidden, and assumed known.
        locked_col_totals: the same for column totals (e.g. theme sizes in the themes table).
        locked_total: the same for the grand total.
        hidden_row_totals: row totals already hidden elsewhere (kept hidden here, so tables agree).
        zeros: treat zero counts as below the threshold (default). With False, zeros are shown.

    Returns:
        A :class:`Suppression`; cells hidden in it must be shown as suppressed, never as numbers.
    """
    table = np.asarray(counts)
    if table.ndim != 2 or (table.size and (table < 0).any()):
        raise ValueError(f"counts must be a 2-D table of non-negative counts, got shape {table.shape}")
    table = table.astype("int64")
    r, c = table.shape
    prob = _Problem(table)
    n_items = len(prob.values)
    locked = np.zeros(n_items, dtype=bool)
    locked[r * c : r * c + r] = _as_bool(locked_row_totals, r)
    locked[r * c + r : r * c + r + c] = _as_bool(locked_col_totals, c)
    locked[-1] = bool(locked_total)
    small = prob.values < threshold if zeros else (prob.values < threshold) & (prob.values > 0)
    sensitive = small & ~locked
    hidden = sensitive.copy()
    pre = _as_bool(hidden_row_totals, r)
    hidden[r * c : r * c + r] |= pre
    locked[r * c : r * c + r] |= pre  # already hidden elsewhere: stays hidden (never "unlocked" to show)
    settled: set[int] = set()
    while True:
        _close_relations(prob, hidden, locked)
        exposed = [k for k in prob.exposed(hidden, sensitive) if k not in settled]
        if not exposed:
            break
        k = exposed[0]
        near = [j for n in prob.member[k] for j in prob.relations[n] if not hidden[j] and not locked[j]]
        pick = _cheapest(near, prob.values)
        if pick is None:
            pick = _cheapest([j for j in range(n_items) if not hidden[j] and not locked[j]], prob.values)
        if pick is None:
            settled.add(k)  # nothing left to hide: locked totals fix it; reported as exposed
            continue
        hidden[pick] = True
    still = prob.exposed(hidden, sensitive)
    return Suppression(
        cells=hidden[: r * c].reshape(r, c),
        row_totals=hidden[r * c : r * c + r],
        col_totals=hidden[r * c + r : r * c + r + c],
        total=bool(hidden[-1]),
        primary=sensitive[: r * c].reshape(r, c),
        exposed=len(still),
    )


def _close_relations(prob: _Problem, hidden: NDArray[np.bool_], locked: NDArray[np.bool_]) -> None:
    """Hide a second item wherever a relation (a total and its parts) has exactly one hidden item."""
    changed = True
    while changed:
        changed = False
        for items in prob.relations:
            if sum(hidden[k] for k in items) != 1:
                continue
            pick = _cheapest([k for k in items if not hidden[k] and not locked[k]], prob.values)
            if pick is not None:
                hidden[pick] = True
                changed = True


def suppress_margin(sizes: ArrayLike, threshold: int = THRESHOLD) -> NDArray[np.bool_]:
    """Which group sizes to hide when their total is known: those below the threshold, and then enough others.

    Every listed group has at least one member, so two hidden sizes adding up to 2 are both 1: more are hidden
    until the hidden sizes add up to more than their number (and never just one is hidden).

    Example:
        >>> suppress_margin([120, 4, 300, 15]).tolist()
        [False, True, False, True]
    """
    values = np.asarray(sizes, dtype="int64")
    hidden = values < threshold
    order = [int(k) for k in np.argsort(values, kind="stable")]
    while hidden.any() and (hidden.sum() == 1 or values[hidden].sum() <= hidden.sum()):
        nxt = next((k for k in order if not hidden[k]), None)
        if nxt is None:
            break
        hidden[nxt] = True
    return hidden
