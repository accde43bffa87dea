"""Who voices which theme: counting units, theme scopes, and crosstabs of units by group and theme.

*Counting unit.* Small-cell rules protect people, so counts are of people, not of text: a consultation
respondent (``document``), a speaker within a transcript (``speaker``: document + speaker), or for social posts
the (pseudonymised) author where there is one. ``auto`` picks these by ``source_kind``; ``segment`` counts texts.

*Theme scope.* Themes found per question only make sense against that question's answers: a theme's share is
out of the units that answered the questions its segments come from (all segments when there is no
``question_id``). Themes with the same questions form one :class:`Scope`.

*Membership.* A unit voices a theme in a group when any of its segments in scope is assigned to it (any row in
``assignments`` with that theme, whatever its probability); a unit whose in-scope segments are all unassigned
counts under theme ``-1`` ("no theme"). Parent themes without assignments of their own collect their
children's.

Example:
    >>> import pandas as pd
    >>> seg = pd.DataFrame({"segment_id": ["a/Q1", "b/Q1", "c/Q1"], "document_id": ["a", "b", "c"],
    ...     "source_kind": "consultation", "question_id": "Q1", "speaker": None, "meta": "{}"})
    >>> asg = pd.DataFrame({"segment_id": ["a/Q1", "b/Q1", "b/Q1", "c/Q1"], "theme_id": [0, 0, 1, -1],
    ...     "probability": [0.9, 0.6, 0.5, 0.0]})
    >>> themes = pd.DataFrame({"theme_id": [0, 1], "parent_id": [None, None], "label": ["bills", "food"]})
    >>> [s.themes for s in scopes(seg, themes, asg)]
    [[0, 1, -1]]
    >>> keys = pd.Series(["x", "x", "y"])
    >>> c = crosstab(scopes(seg, themes, asg)[0], keys)
    >>> c.groups, c.n.tolist(), c.k.tolist()
    (['x', 'y'], [2, 1], [[2, 1, 0], [0, 0, 1]])
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from voices.indicators.errors import IndicatorError

UnitKind = Literal["auto", "document", "speaker", "segment"]
UNASSIGNED = -1
MISSING = "(not given)"


def unit_ids(segments: pd.DataFrame, unit: UnitKind = "auto") -> pd.Series:
    """The id of the person each segment counts towards.

    Example:
        >>> seg = pd.DataFrame({"segment_id": ["t/1", "t/2", "p/1"], "document_id": ["t", "t", "p"],
        ...     "source_kind": ["transcript", "transcript", "social"], "speaker": ["A", "B", None]})
        >>> unit_ids(seg).tolist()
        ['t\\x1fA', 't\\x1fB', 'p/1']
    """
    doc = segments["document_id"].astype("str")
    seg_id = segments["segment_id"].astype("str")
    speaker = segments["speaker"] if "speaker" in segments.columns else pd.Series(None, index=segments.index)
    has_speaker = speaker.notna() & (speaker.astype("str").str.len() > 0)
    by_speaker = (doc + "\x1f" + speaker.astype("str")).where(has_speaker, doc)
    if unit == "document":
        return doc
    if unit == "segment":
        return seg_id
    if unit == "speaker":
        return by_speaker
    if unit != "auto":
        raise IndicatorError(
            "unit", expected="auto, document, speaker or segment", found=repr(unit), fix="choose one of those"
        )
    kind = segments["source_kind"].astype("str")
    social = ("social\x1f" + speaker.astype("str")).where(has_speaker, seg_id)
    return pd.Series(
        np.where(kind == "transcript", by_speaker, np.where(kind == "social", social, doc)),
        index=segments.index,
        dtype="str",
    )


@dataclass(frozen=True)
class Scope:
    """Themes that share the questions they were found in, and the segments and units they are counted over.

    Attributes:
        key: ``Q4``, ``Q4+Q5`` or ``all``.
        questions: the question ids (empty for ``all``).
        themes: theme ids, then ``-1`` for units with no theme.
        segments: in-scope segments (rows of the corpus' segment table) with a ``unit`` column.
        members: segments × themes booleans (row-aligned with ``segments``).
    """

    key: str
    questions: tuple[str, ...]
    themes: list[int]
    segments: pd.DataFrame
    members: NDArray[np.bool_]


def _theme_questions(
    themes: pd.DataFrame, assignments: pd.DataFrame, segments: pd.DataFrame
) -> dict[int, tuple[str, ...]]:
    if "question_id" in themes.columns and themes["question_id"].notna().all():
        return {int(t): (str(q),) for t, q in zip(themes["theme_id"], themes["question_id"], strict=True)}
    if "group" in themes.columns and "question_id" in segments.columns and themes["group"].notna().all():
        # themes split by question (voices.themes.v1 with split_by = "question_id") name it in ``group``
        known = set(segments["question_id"].dropna().astype(str))
        groups = themes["group"].astype(str)
        if set(groups) <= known:
            return {int(t): (g,) for t, g in zip(themes["theme_id"], groups, strict=True)}
    qids = segments.set_index("segment_id")["question_id"] if "question_id" in segments.columns else None
    asg = assignments[assignments["theme_id"] != UNASSIGNED]
    out: dict[int, tuple[str, ...]] = {}
    if qids is None or qids.isna().all():
        return {int(t): () for t in asg["theme_id"].unique()}
    q = asg["segment_id"].map(qids)
    for theme, group in q.groupby(asg["theme_id"].to_numpy()):
        vals = sorted({str(v) for v in group.dropna()})
        out[int(theme)] = tuple(vals)
    return out


def _children(themes: pd.DataFrame) -> dict[int, list[int]]:
    if "parent_id" not in themes.columns:
        return {}
    out: dict[int, list[int]] = {}
    for t, p in zip(themes["theme_id"], themes["parent_id"], strict=True):
        if p is not None and not pd.isna(p) and int(p) != UNASSIGNED and int(p) != int(t):
            out.setdefault(int(p), []).append(int(t))
    return out


def scopes(
    segments: pd.DataFrame, themes: pd.DataFrame, assignments: pd.DataFrame, *, unit: UnitKind = "auto"
) -> list[Scope]:
    """Group themes by the questions they come from; build each scope's units and membership matrix.

    Raises:
        IndicatorError: ``assignments`` or ``themes`` lack the documented columns.
    """
    for name, frame, cols in (
        ("themes", themes, ("theme_id",)),
        ("assignments", assignments, ("segment_id", "theme_id")),
    ):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise IndicatorError(
                f"table {name!r}",
                expected=f"columns {list(cols)}",
                found=f"{list(frame.columns)}",
                fix="pair a run made by a voices themes stage (tables 'themes' and 'assignments')",
            )
    asg = assignments.astype({"segment_id": "str"}).assign(theme_id=assignments["theme_id"].astype("int64"))
    known = set(segments["segment_id"].astype("str"))
    asg = asg[asg["segment_id"].isin(known)]
    questions = _theme_questions(themes, asg, segments)
    children = _children(themes)
    for parent in children:
        if parent not in questions:
            questions[parent] = tuple(sorted({q for c in _descendants(parent, children) for q in questions.get(c, ())}))
    by_scope: dict[tuple[str, ...], list[int]] = {}
    for theme in [int(t) for t in themes["theme_id"] if int(t) != UNASSIGNED]:
        by_scope.setdefault(questions.get(theme, ()), []).append(theme)
    seg = segments.reset_index(drop=True)
    seg = seg.assign(unit=unit_ids(seg, unit).to_numpy())
    out = []
    for qs, theme_list in sorted(by_scope.items()):
        mask = seg["question_id"].astype("str").isin(qs) if qs else pd.Series(True, index=seg.index)
        in_scope = seg[mask.to_numpy()].reset_index(drop=True)
        members = _members(in_scope, asg, theme_list, children)
        out.append(Scope("+".join(qs) if qs else "all", tuple(qs), [*theme_list, UNASSIGNED], in_scope, members))
    return out


def _descendants(theme: int, children: dict[int, list[int]]) -> list[int]:
    out, stack = [], list(children.get(theme, []))
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(children.get(t, []))
    return out


def _members(
    seg: pd.DataFrame, asg: pd.DataFrame, theme_list: list[int], children: dict[int, list[int]]
) -> NDArray[np.bool_]:
    row_of = pd.Series(np.arange(len(seg)), index=seg["segment_id"].astype("str").to_numpy())
    col_of = {t: i for i, t in enumerate(theme_list)}
    own = asg[asg["segment_id"].isin(row_of.index)]
    matrix = np.zeros((len(seg), len(theme_list) + 1), dtype=bool)
    hit = own[own["theme_id"].isin(list(col_of))]
    matrix[row_of[hit["segment_id"]].to_numpy(), hit["theme_id"].map(col_of).to_numpy()] = True
    for parent in children:
        if parent in col_of and not matrix[:, col_of[parent]].any():
            for kid in _descendants(parent, children):
                if kid in col_of:
                    matrix[:, col_of[parent]] |= matrix[:, col_of[kid]]
    matrix[:, -1] = ~matrix[:, :-1].any(axis=1)
    return matrix


@dataclass(frozen=True)
class Crosstab:
    """Counts of (unit, group) pairs: ``n`` per group and ``k`` per group × theme (the scope's theme order)."""

    groups: list[str]
    n: NDArray[np.int64]
    k: NDArray[np.int64]


def crosstab(scope: Scope, keys: pd.Series) -> Crosstab:
    """Count, per group key, the units in it (``n``) and the units voicing each theme (``k``).

    A unit is counted once per group: with ``keys`` constant per unit (a demographic) that is once; with keys
    that vary within a unit (the period of each post) it is once per group it appears in.

    Args:
        scope: the scope (its segments and membership).
        keys: one group key per in-scope segment (nulls become ``(not given)``).
    """
    if len(keys) != len(scope.segments):
        raise ValueError(f"keys has {len(keys)} rows, the scope has {len(scope.segments)} segments")
    key = pd.Series(keys.to_numpy(), dtype="object").where(pd.Series(keys.to_numpy()).notna(), MISSING).astype("str")
    frame = pd.DataFrame(scope.members, columns=[str(i) for i in range(scope.members.shape[1])])
    frame["key"] = key.to_numpy()
    frame["unit"] = scope.segments["unit"].to_numpy()
    per_pair = frame.groupby(["key", "unit"], sort=False).max()
    per_pair.iloc[:, -1] = ~per_pair.iloc[:, :-1].any(axis=1)  # "no theme" only when none, over the pair
    grouped = per_pair.groupby(level="key", sort=True)
    k = grouped.sum().astype("int64")
    n = grouped.size().astype("int64")
    return Crosstab([str(g) for g in k.index], n.to_numpy(), k.to_numpy())


def unit_mode(scope: Scope, values: pd.Series) -> pd.Series:
    """Per segment, the most common non-null value among its unit's in-scope segments (ties: first seen)."""
    frame = pd.DataFrame({"unit": scope.segments["unit"].to_numpy(), "value": values.to_numpy()})
    present = frame.dropna(subset=["value"])
    if present.empty:
        return pd.Series([None] * len(frame), dtype="object")
    counts = present.groupby(["unit", "value"], sort=False).size().rename("n").reset_index()
    best = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates("unit").set_index("unit")["value"]
    return frame["unit"].map(best)


def meta_values(segments: pd.DataFrame, path: str) -> pd.Series:
    """A value from each segment's ``meta`` JSON by dotted path (``demographics.age_band``); scalars only."""
    parts = path.split(".")

    def get(raw: Any) -> Any:
        if not isinstance(raw, str) or not raw or raw == "{}":
            return None
        node: Any = json.loads(raw)
        for p in parts:
            if not isinstance(node, dict) or p not in node:
                return None
            node = node[p]
        return None if isinstance(node, (dict, list)) or node == "" else str(node)

    return segments["meta"].map(get).astype("object")


def meta_keys(segments: pd.DataFrame, prefix: str, *, sample: int = 2000) -> list[str]:
    """Scalar keys under ``prefix`` in ``meta`` (``demographics`` → ``demographics.age_band``…), from a sample."""
    found: dict[str, None] = {}
    for raw in segments["meta"].head(sample):
        if not isinstance(raw, str) or prefix not in raw:
            continue
        node = json.loads(raw).get(prefix)
        if isinstance(node, dict):
            for k, v in node.items():
                if not isinstance(v, (dict, list)):
                    found[f"{prefix}.{k}"] = None
    return list(found)
