"""Theme cards from a themes table (a run's, or a reviewed version's), whatever types its cells came back with.

The table may come from the theme stage (integer ids, NumPy arrays of quotes) or from the review app (string ids
such as ``"3.1"``, lists of dicts). Optional columns may be missing; a column naming the question a theme was
found in (``question_id``, ``split``…) groups the cards by question, and ``parent_id`` nests sub-themes.

Example:
    >>> import pandas as pd
    >>> t = pd.DataFrame({"theme_id": [0, 1, -1], "label": ["Bills", "Food", "none"], "share": [0.2, 0.1, 0.7],
    ...                   "quotes": [[{"segment_id": "a/1", "text": "Too dear"}], [], []]})
    >>> [(c.label, c.share_words) for c in scopes(t)[0].themes]
    [('Bills', 'about 1 in 5 responses (20%)'), ('Food', 'about 1 in 10 responses (10%)')]
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from voices.report import words
from voices.report.model import Quote, Scope, ThemeCard

UNASSIGNED = "-1"
#: Columns that may say which question (split) a theme was found in, in order of preference.
#: ``group`` is what the theme stage writes (the ``split_by`` value, ``all`` when not split).
SCOPE_COLUMNS: tuple[str, ...] = ("question_id", "group", "split", "scope", "question")
#: Scope keys meaning "the whole corpus".
WHOLE: frozenset[str] = frozenset({"", "all"})
MAX_QUOTES = 5


def theme_key(value: Any) -> str:
    """A theme id as text: ``3``, ``3.0`` and ``np.int64(3)`` all become ``"3"``; ``"3.1"`` stays.

    Example:
        >>> theme_key(3.0), theme_key(np.int64(-1)), theme_key("3.1"), theme_key(None)
        ('3', '-1', '3.1', '')
    """
    if words.is_missing(value):
        return ""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def as_list(value: Any) -> list[Any]:
    """A list from a cell that may be a list, a NumPy array, JSON text of a list, a scalar, None or NaN.

    Example:
        >>> as_list(np.array(["a", "b"])), as_list(None), as_list("x"), as_list('["a", "b"]')
        (['a', 'b'], [], ['x'], ['a', 'b'])
    """
    if value is None:
        return []
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            parsed = json.loads(value)  # the theme stage stores keywords and quotes as JSON text
        except ValueError:
            return [value]
        return list(parsed) if isinstance(parsed, list) else [value]
    if isinstance(value, np.ndarray):
        return list(value.tolist())
    if isinstance(value, list | tuple):
        return list(value)
    if words.is_missing(value):
        return []
    return [value]


def quotes_of(value: Any, limit: int = MAX_QUOTES) -> list[Quote]:
    """Up to ``limit`` distinct quotes from a cell of ``{segment_id, text}`` dicts (or plain strings).

    Example:
        >>> [q.text for q in quotes_of([{"segment_id": "a", "text": "x"}, {"segment_id": "b", "text": "x"}, "y"])]
        ['x', 'y']
    """
    out: list[Quote] = []
    seen: set[str] = set()
    for item in as_list(value):
        if isinstance(item, Mapping):
            text, seg = item.get("text"), item.get("segment_id", "")
        else:
            text, seg = item, ""
        if words.is_missing(text) or not str(text).strip() or str(text) in seen:
            continue
        seen.add(str(text))
        out.append(Quote(str(text), "" if words.is_missing(seg) else str(seg)))
        if len(out) == limit:
            break
    return out


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str) and not value.lstrip().startswith("["):
        return [k.strip() for k in value.split(",") if k.strip()]
    return [str(k) for k in as_list(value) if not words.is_missing(k) and str(k).strip()]


def _text(value: Any) -> str:
    return "" if words.is_missing(value) else str(value)


def scope_column(themes: pd.DataFrame) -> str | None:
    """The column that says which question each theme was found in, if the table has one with values."""
    for col in SCOPE_COLUMNS:
        if col in themes.columns and themes[col].notna().any():
            return col
    return None


def scope_title(
    key: str, questions: Mapping[str, str] | None = None, noun: str = "responses", split_by: str | None = None
) -> str:
    """A scope in words: ``Question Q1: What worries you most?``, ``Questions Q1 and Q2``, ``All responses``;
    for themes split by something other than the question, ``Speaker role: interviewee``.

    Example:
        >>> scope_title("Q1", {"Q1": "What would help?"}), scope_title("Q1+Q2"), scope_title("all", noun="posts")
        ('Question Q1: What would help?', 'Questions Q1 and Q2', 'All posts')
        >>> scope_title("interviewee", split_by="speaker_role")
        'Speaker role: interviewee'
    """
    questions = questions or {}
    if key in WHOLE:
        return f"All {noun}"
    if split_by and split_by != "question_id":
        name = words.variable_name(split_by)
        return f"{name[:1].upper()}{name[1:]}: {key}"
    parts = key.split("+")
    if len(parts) == 1:
        text = questions.get(key, "")
        return f"Question {key}: {text}" if text else f"Question {key}"
    return f"Questions {', '.join(parts[:-1])} and {parts[-1]}"


def _card(row: Mapping[str, Any], noun: str, scope: str) -> ThemeCard:
    share = words.number(row.get("share"))
    ci = words.as_interval(row.get("share_ci"))
    if ci is None and "share_ci_low" in row:
        ci = words.as_interval([row.get("share_ci_low"), row.get("share_ci_high")])
    size = words.number(row.get("size"))
    stability = words.number(row.get("stability"))
    return ThemeCard(
        theme_id=theme_key(row.get("theme_id")),
        label=_text(row.get("label")) or f"Theme {theme_key(row.get('theme_id'))}",
        description=_text(row.get("description")),
        keywords=_keywords(row.get("keywords")),
        quotes=quotes_of(row.get("quotes")),
        size=None if size is None else int(size),
        share=share,
        share_ci=ci,
        share_words=words.share_words(share, ci, noun),
        stability=stability,
        stability_words=words.stability_words(stability),
        scope=scope,
        origin={"codebook": "from the codebook", "discovered": "found in the data, not in the codebook"}.get(
            _text(row.get("source")), ""
        ),
    )


def _order(card: ThemeCard) -> tuple[float, str]:
    weight = card.size if card.size is not None else (card.share or 0.0)
    return (-float(weight), card.theme_id)


def scopes(
    themes: pd.DataFrame | None,
    *,
    noun: str = "responses",
    questions: Mapping[str, str] | None = None,
    quality: Mapping[str, Any] | None = None,
) -> list[Scope]:
    """Theme cards grouped by the question they were found in, largest first, sub-themes nested.

    Args:
        themes: a themes table (``theme_id`` required; every other documented column optional).
        noun: what a segment is called (for the share in words).
        questions: question id → question text, for the scope titles.
        quality: the ``themes_quality`` artifact, for what the themes were split by and each split's unassigned
            share.

    Returns:
        One :class:`~voices.report.model.Scope` per question (one in all when themes span the corpus); empty
        when there is no table or no theme.
    """
    if themes is None or "theme_id" not in themes.columns or themes.empty:
        return []
    col = scope_column(themes)
    records = themes.to_dict("records")
    ids = [theme_key(r.get("theme_id")) for r in records]
    known = set(ids)
    cards: dict[str, ThemeCard] = {}
    parents: dict[str, str] = {}
    for tid, row in zip(ids, records, strict=True):
        if tid in ("", UNASSIGNED):
            continue
        scope = theme_key(row.get(col)) if col else ""
        cards[tid] = _card(row, noun, scope)
        parent = theme_key(row.get("parent_id"))
        if parent and parent != UNASSIGNED and parent != tid and parent in known:
            parents[tid] = parent
    for child, parent in sorted(parents.items(), key=lambda kv: _order(cards[kv[0]])):
        if parent in cards:
            cards[parent].children.append(cards[child])
    top = sorted((c for t, c in cards.items() if t not in parents or parents[t] not in cards), key=_order)
    by_scope: dict[str, list[ThemeCard]] = {}
    for card in top:
        by_scope.setdefault(card.scope, []).append(card)
    quality = quality or {}
    split_by = quality.get("split_by") if isinstance(quality.get("split_by"), str) else None
    raw_groups = quality.get("groups")
    per_group: Mapping[str, Any] = raw_groups if isinstance(raw_groups, Mapping) else {}
    out = []
    for key in sorted(by_scope, key=lambda k: (k in WHOLE, k)):
        group = per_group.get(key) or (per_group.get("all") if key in WHOLE and len(per_group) == 1 else None)
        unassigned = words.number(group.get("unassigned_share")) if isinstance(group, Mapping) else None
        out.append(Scope(key, scope_title(key, questions, noun, split_by), by_scope[key], unassigned))
    return out


def labels(themes: pd.DataFrame | None) -> dict[str, str]:
    """Theme id → label for every theme in a table (for relabelling pairing tables after a review).

    Example:
        >>> labels(pd.DataFrame({"theme_id": [1.0], "label": ["Bills"]}))
        {'1': 'Bills'}
    """
    if themes is None or "theme_id" not in themes.columns or "label" not in themes.columns:
        return {}
    return {theme_key(t): _text(lbl) for t, lbl in zip(themes["theme_id"], themes["label"], strict=True)}


def sizes(themes: pd.DataFrame | None) -> dict[str, float]:
    """Theme id → size (or share when there is no size), for ordering themes in breakdowns."""
    if themes is None or "theme_id" not in themes.columns:
        return {}
    col = "size" if "size" in themes.columns else "share" if "share" in themes.columns else None
    if col is None:
        return {}
    return {theme_key(t): words.number(v) or 0.0 for t, v in zip(themes["theme_id"], themes[col], strict=True)}
