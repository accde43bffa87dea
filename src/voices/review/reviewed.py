"""A reviewed theme version: the run's themes with researchers' decisions replayed over them, never edited.

:func:`apply_decisions` is pure: a themes table, its assignments and a list of decisions in, a new themes table,
new assignments and the quote moves out. Decisions are replayed in order; a decision about a theme that an
earlier decision merged away follows it to the theme it was merged into, and one about a dropped or unknown
theme is skipped with a note (never silently). Sizes, shares and intervals are recomputed for every theme a
decision touched; the others keep the run's numbers.

Payloads (see :data:`voices.db.decisions.PAYLOAD_KEYS`):

- ``rename`` / ``adopt_panel_name``: ``{"theme_id", "name"}`` (adopt may add ``review_id``, ``proposed_by``)
- ``merge``: ``{"theme_ids": [...], "name"?}``; the first id survives
- ``split``: ``{"theme_id", "parts": [{"name", "segment_ids"?}, ...]}`` (or plain names); parts get ids
  ``<id>.1``, ``<id>.2`` …; segments not listed stay with the first part
- ``drop``: ``{"theme_id"}``; its segments become unassigned
- ``move_quote``: ``{"segment_id", "from_theme_id", "to_theme_id"}``

Example:
    >>> import pandas as pd
    >>> from voices.review.themeset import normalise_themes
    >>> themes = normalise_themes(pd.DataFrame({"theme_id": [0, 1], "label": ["heat", "food"],
    ...                                         "size": [2, 1], "share": [0.5, 0.25]}))
    >>> out = apply_decisions(themes, None, [Change("rename", {"theme_id": "0", "name": "Heating or eating"})])
    >>> out.themes[["theme_id", "label", "machine_label", "name_source"]].values.tolist()
    [['0', 'Heating or eating', 'heat', 'researcher'], ['1', 'food', 'food', 'machine']]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from voices.review.themeset import UNASSIGNED, normalise_assignments, theme_key


class DecisionLike(Protocol):
    """Anything with a decision's ``kind`` and ``payload`` (a :class:`voices.db.models.Decision`, a :class:`Change`)."""

    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Change:
    """A decision not (yet) in the database: used in tests, previews and examples."""

    kind: str
    payload: dict[str, Any]
    id: int | None = None


@dataclass
class ReviewedThemes:
    """The outcome of replaying decisions.

    Attributes:
        themes: the reviewed themes (the run's columns plus ``machine_label``, ``name_source``, ``derived_from``).
        assignments: segment -> reviewed theme (``-1`` unassigned).
        quote_moves: ``{"segment_id", "from_theme_id", "to_theme_id"}`` for each quote moved.
        notes: what was skipped or redirected, in words.
    """

    themes: pd.DataFrame
    assignments: pd.DataFrame
    quote_moves: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def wilson(successes: int, n: float, z: float = 1.96) -> tuple[float, float] | None:
    """Wilson score 95% interval for a proportion (None when ``n`` is unknown or zero).

    Example:
        >>> [round(x, 3) for x in wilson(20, 100)]
        [0.133, 0.289]
    """
    if not n or math.isnan(n) or n <= 0:
        return None
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


class _Replay:
    def __init__(self, themes: pd.DataFrame, assignments: pd.DataFrame, texts: Mapping[str, str]) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        for record in themes.to_dict("records"):
            row = dict(record)
            row["machine_label"] = row.get("machine_label") or row["label"]
            row.setdefault("name_source", "machine")
            if not isinstance(row.get("name_source"), str):
                row["name_source"] = "machine"
            row["derived_from"] = list(row.get("derived_from") or [row["theme_id"]])
            size, share = row["size"], row["share"]
            row["_n"] = size / share if size and share and not math.isnan(share) and share > 0 else math.nan
            self.rows[row["theme_id"]] = row
        self.assign = assignments.copy()
        self.texts = texts
        self.alias: dict[str, str] = {}
        self.dropped: set[str] = set()
        self.touched: set[str] = set()
        self.moves: list[dict[str, str]] = []
        self.notes: list[str] = []

    def resolve(self, theme_id: Any, what: str) -> str | None:
        tid, seen = theme_key(theme_id), set()
        while tid in self.alias and tid not in seen:
            seen.add(tid)
            followed = self.alias[tid]
            self.notes.append(f"{what}: theme {tid} had become {followed}; applied to {followed}")
            tid = followed
        if tid in self.rows:
            return tid
        reason = "was dropped" if tid in self.dropped else "is not a theme of this version"
        self.notes.append(f"{what}: skipped, theme {tid} {reason}")
        return None

    def members(self, tid: str) -> set[str]:
        return set(self.assign.loc[self.assign["theme_id"] == tid, "segment_id"])

    def reassign(self, segment_ids: Iterable[str] | None, source: set[str], target: str) -> None:
        mask = self.assign["theme_id"].isin(source)
        if segment_ids is not None:
            mask &= self.assign["segment_id"].isin(set(segment_ids))
        self.assign.loc[mask, "theme_id"] = target
        self.assign = (
            self.assign.sort_values("probability", ascending=False, kind="stable")
            .drop_duplicates(["segment_id", "theme_id"])
            .sort_index()
        )

    def name(self, payload: Mapping[str, Any], source: str, what: str) -> None:
        tid = self.resolve(payload["theme_id"], what)
        if tid is None:
            return
        self.rows[tid]["label"] = str(payload["name"]).strip()
        self.rows[tid]["name_source"] = source

    def merge(self, payload: Mapping[str, Any], what: str) -> None:
        ids: list[str] = []
        for raw in payload["theme_ids"]:
            tid = self.resolve(raw, what)
            if tid is not None and tid not in ids:
                ids.append(tid)
        if len(ids) < 2:
            self.notes.append(f"{what}: skipped, fewer than two themes left to merge")
            return
        keep, rest = ids[0], ids[1:]
        row = self.rows[keep]
        if payload.get("name"):
            row["label"], row["name_source"] = str(payload["name"]).strip(), "researcher"
        for tid in rest:
            other = self.rows.pop(tid)
            row["quotes"] = _unique_quotes([*row["quotes"], *other["quotes"]])
            row["keywords"] = list(dict.fromkeys([*row["keywords"], *other["keywords"]]))
            row["derived_from"] = list(dict.fromkeys([*row["derived_from"], *other["derived_from"]]))
            row["size"] += other["size"]
            if math.isnan(row["_n"]):
                row["_n"] = other["_n"]
            self.alias[tid] = keep
        if not self.assign.empty:
            self.reassign(None, set(rest), keep)
        row["stability"] = math.nan
        self.touched.add(keep)

    def split(self, payload: Mapping[str, Any], what: str) -> None:
        tid = self.resolve(payload["theme_id"], what)
        if tid is None:
            return
        original = self.rows.pop(tid)
        members = self.members(tid)
        parts = [p if isinstance(p, Mapping) else {"name": str(p)} for p in payload["parts"]]
        ids = [self._free_id(f"{tid}.{k}") for k in range(1, len(parts) + 1)]
        claimed: dict[str, str] = {}
        for part_id, part in zip(ids[1:], parts[1:], strict=True):
            for seg in part.get("segment_ids") or []:
                claimed.setdefault(str(seg), part_id)
        listed_first = {str(s) for s in parts[0].get("segment_ids") or []}
        for part_id, part in zip(ids, parts, strict=True):
            mine = {s for s, owner in claimed.items() if owner == part_id}
            quotes = [q for q in original["quotes"] if claimed.get(q["segment_id"], ids[0]) == part_id]
            row = {
                **original,
                "theme_id": part_id,
                "label": str(part.get("name") or f"{original['label']} ({part_id})").strip(),
                "name_source": "researcher",
                "quotes": quotes,
                "keywords": list(original["keywords"]) if part_id == ids[0] else [],
                "description": original["description"] if part_id == ids[0] else "",
                "stability": math.nan,
                "derived_from": list(original["derived_from"]),
                "parent_id": original.get("parent_id"),
            }
            if members:
                row["size"] = len(mine & members) if part_id != ids[0] else len(members - set(claimed))
            else:
                row["size"] = (
                    len(mine) if part_id != ids[0] else max(original["size"] - len(claimed), len(listed_first))
                )
            self.rows[part_id] = row
            self.touched.add(part_id)
        for seg, owner in claimed.items():
            self.reassign([seg], {tid}, owner)
        self.reassign(None, {tid}, ids[0])
        self.alias[tid] = ids[0]

    def drop(self, payload: Mapping[str, Any], what: str) -> None:
        tid = self.resolve(payload["theme_id"], what)
        if tid is None:
            return
        del self.rows[tid]
        self.dropped.add(tid)
        self.reassign(None, {tid}, UNASSIGNED)

    def move_quote(self, payload: Mapping[str, Any], what: str) -> None:
        source = self.resolve(payload["from_theme_id"], what)
        target = self.resolve(payload["to_theme_id"], what)
        if source is None or target is None:
            return
        seg = str(payload["segment_id"])
        moved = [q for q in self.rows[source]["quotes"] if q["segment_id"] == seg]
        self.rows[source]["quotes"] = [q for q in self.rows[source]["quotes"] if q["segment_id"] != seg]
        if not moved and seg in self.texts:
            moved = [{"segment_id": seg, "text": self.texts[seg]}]
        self.rows[target]["quotes"] = _unique_quotes([*self.rows[target]["quotes"], *moved])
        if not self.assign.empty:
            had = seg in self.members(source)
            self.reassign([seg], {source}, target)
            if not had and seg not in self.members(target):
                self.assign = pd.concat(
                    [self.assign, pd.DataFrame({"segment_id": [seg], "theme_id": [target], "probability": [math.nan]})],
                    ignore_index=True,
                )
        else:
            self.rows[source]["size"] = max(0, self.rows[source]["size"] - 1)
            self.rows[target]["size"] += 1
        self.touched.update({source, target})
        self.moves.append({"segment_id": seg, "from_theme_id": source, "to_theme_id": target})

    def _free_id(self, wanted: str) -> str:
        candidate, k = wanted, 1
        while candidate in self.rows or candidate in self.alias or candidate in self.dropped:
            k += 1
            candidate = f"{wanted}-{k}"
        return candidate

    def finish(self, columns: Sequence[str]) -> ReviewedThemes:
        if not self.assign.empty:
            sizes = self.assign[self.assign["theme_id"] != UNASSIGNED].groupby("theme_id")["segment_id"].nunique()
        for tid in self.touched & set(self.rows):
            row = self.rows[tid]
            if not self.assign.empty:
                row["size"] = int(sizes.get(tid, 0))
            n = row["_n"]
            row["share"] = row["size"] / n if n and not math.isnan(n) else math.nan
            row["share_ci"] = wilson(row["size"], n)
        extra = ["machine_label", "name_source", "derived_from"]
        ordered = [*columns, *[c for c in extra if c not in columns]]
        records = [{c: row.get(c) for c in ordered} for row in self.rows.values()]
        themes = pd.DataFrame.from_records(records, columns=ordered)
        return ReviewedThemes(themes, self.assign.reset_index(drop=True), self.moves, self.notes)


def _unique_quotes(quotes: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    seen: set[str] = set()
    out = []
    for q in quotes:
        key = q["segment_id"] or q["text"]
        if key not in seen:
            seen.add(key)
            out.append(q)
    return out


def apply_decisions(
    themes: pd.DataFrame,
    assignments: pd.DataFrame | None,
    decisions: Sequence[DecisionLike],
    *,
    texts: Mapping[str, str] | None = None,
) -> ReviewedThemes:
    """Replay decisions over a run's themes.

    Args:
        themes: a normalised themes table (:func:`voices.review.themeset.normalise_themes`); not modified.
        assignments: normalised assignments, or None.
        decisions: in the order they were made.
        texts: segment id -> (masked) text, to quote a moved segment that was not among the theme's quotes.

    Returns:
        The reviewed themes, assignments, quote moves and notes.
    """
    replay = _Replay(themes, normalise_assignments(assignments), texts or {})
    for number, decision in enumerate(decisions, start=1):
        what = f"decision {getattr(decision, 'id', None) or number} ({decision.kind})"
        payload = decision.payload
        if decision.kind == "rename":
            replay.name(payload, "researcher", what)
        elif decision.kind == "adopt_panel_name":
            replay.name(payload, "panel", what)
        elif decision.kind == "merge":
            replay.merge(payload, what)
        elif decision.kind == "split":
            replay.split(payload, what)
        elif decision.kind == "drop":
            replay.drop(payload, what)
        elif decision.kind == "move_quote":
            replay.move_quote(payload, what)
        else:
            replay.notes.append(f"{what}: skipped, unknown kind {decision.kind!r}")
    return replay.finish(list(themes.columns))
