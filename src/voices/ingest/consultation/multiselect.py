"""Multi-select answers: recognise them and split them into the options a respondent chose.

Platforms join the chosen options into one cell (Google Forms ``", "``, Microsoft Forms ``";"`` with a trailing
``";"``, Qualtrics ``","``). Splitting on the delimiter breaks labels that contain it ("Community café, youth
club"), so :func:`split` first learns the option set from the column itself: a cell with no delimiter is one
option; a run of tokens that none of those options explain is one option when some respondent chose exactly
that run on its own. Cells are then parsed matching the longest known option first, and split on the
delimiter only as a last resort. Work is done once per distinct cell, so a 100,000-row column costs little.

Example:
    >>> import pandas as pd
    >>> cells = pd.Series(["Libraries, Parks", "Community café, youth club", "Parks, Community café, youth club",
    ...                    "Libraries"])
    >>> split(cells, ", ").tolist()[2]
    ['Parks', 'Community café, youth club']
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import pandas as pd

#: Internal delimiter for values that arrive as lists (Citizen Space JSON arrays).
LIST_DELIMITER = "\x1f"


def _key(text: str, delimiter: str) -> str:
    d = delimiter.strip() or delimiter
    return re.sub(rf"\s*{re.escape(d)}\s*", d, text.strip())


def _tokens(cell: str, delimiter: str) -> list[str]:
    d = delimiter.strip() or delimiter
    return [t.strip() for t in cell.split(d) if t.strip()]


def known_options(cells: Iterable[str], delimiter: str, extra: Iterable[str] = ()) -> dict[str, str]:
    """Learn the option labels of a multi-select column: normalised key -> label as written.

    A cell without the delimiter is an option. A cell with it is one option (a label such as "Community café,
    youth club") only when other rows show it as a unit: it also appears combined with further options, none of
    its parts is chosen on its own, and wherever any of its parts appears, all of them appear together in the
    same order. Otherwise it is several choices.

    Args:
        cells: distinct non-empty cells of the column.
        delimiter: the join the platform used.
        extra: labels known from elsewhere (a question's option list).
    """
    d = delimiter.strip() or delimiter
    known: dict[str, str] = {_key(o, delimiter): o.strip() for o in extra}
    tokenised: list[list[str]] = []
    labels: list[str] = []
    for c in cells:
        toks = _tokens(c, delimiter)
        if toks:
            tokenised.append([_key(t, delimiter) for t in toks])
            labels.append(d.join(toks) if d == delimiter else delimiter.join(toks))
    for keys, label in zip(tokenised, labels, strict=True):
        if len(keys) == 1:
            known.setdefault(keys[0], label)
    where: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for ci, keys in enumerate(tokenised):
        for pos, k in enumerate(keys):
            where[k].append((ci, pos))
    for keys, label in zip(tokenised, labels, strict=True):
        if len(keys) < 2 or len(set(keys)) < len(keys) or any(k in known for k in keys):
            continue
        spots = [(ci, pos - p) for p, k in enumerate(keys) for ci, pos in where[k]]
        together = all(start >= 0 and tokenised[ci][start : start + len(keys)] == keys for ci, start in spots)
        combined = any(len(tokenised[ci]) > len(keys) for ci, _ in spots)
        if together and combined:
            known.setdefault(_key(label, delimiter), label)
    return known


def parse(cell: str, delimiter: str, known: dict[str, str]) -> list[str]:
    """Split one cell, matching the longest known option first; unknown tokens stand alone.

    Example:
        >>> parse("A, b, c", ", ", known_options(["A", "b, c", "A, b, c"], ", "))
        ['A', 'b, c']
    """
    d = delimiter.strip() or delimiter
    toks = _tokens(cell, delimiter)
    out: list[str] = []
    i = 0
    while i < len(toks):
        for j in range(len(toks), i, -1):
            k = _key(d.join(toks[i:j]), delimiter)
            if k in known:
                out.append(known[k])
                i = j
                break
        else:
            out.append(toks[i])
            i += 1
    return out


def split(cells: pd.Series, delimiter: str, options: Iterable[str] = ()) -> pd.Series:
    """Split every cell of a multi-select column into a list of options (``None`` for an empty cell).

    Args:
        cells: the column (strings, NA for empty).
        delimiter: the platform's join (``", "``, ``";"``, ``","``), or :data:`LIST_DELIMITER` for lists.
        options: option labels known in advance, if any.
    """
    present = cells.dropna()
    if delimiter == LIST_DELIMITER:
        table = {u: [t.strip() for t in u.split(LIST_DELIMITER) if t.strip()] for u in present.unique()}
    else:
        uniq = [str(u) for u in present.unique()]
        known = known_options(uniq, delimiter, options)
        table = {u: parse(u, delimiter, known) for u in uniq}
    return cells.map(lambda v: (table.get(v) or None) if isinstance(v, str) else None).astype(object)


def looks_multi(cells: pd.Series, delimiter: str, *, prompted: bool = False) -> tuple[bool, str]:
    """Decide from the values whether a column holds delimiter-joined choices.

    Args:
        cells: non-empty cells of the column.
        delimiter: the join to look for.
        prompted: the header says "select all that apply" or similar.

    Returns:
        (decision, reason).
    """
    n = len(cells)
    if n == 0:
        return False, "no answers"
    d = delimiter.strip() or delimiter
    uniq = cells.value_counts()
    values = [str(v) for v in uniq.index]
    counts = uniq.to_numpy()
    if d == ";":
        trailing = sum(int(c) for v, c in zip(values, counts, strict=True) if v.rstrip().endswith(";"))
        if trailing / n >= 0.5:
            return True, "cells end with ';' (Microsoft Forms multi-select)"
    joined = sum(int(c) for v, c in zip(values, counts, strict=True) if d in v.strip().strip(d))
    words = sum(len(v.split()) * int(c) for v, c in zip(values, counts, strict=True)) / n
    if prompted and words <= 12:
        return True, f"header asks to select several options; {joined} of {n} answers hold '{delimiter}'"
    if n < 10 or joined / n < 0.1:
        return False, "not delimiter-joined"
    atomic = {v.strip() for v in values if d not in v.strip().strip(d)}
    occurrences: Counter[str] = Counter()
    for v, c in zip(values, counts, strict=True):
        for tok in _tokens(v, delimiter):
            occurrences[tok] += int(c)
    total = sum(occurrences.values())
    explained = sum(c for tok, c in occurrences.items() if tok in atomic)
    mean_words = sum(len(t.split()) * c for t, c in occurrences.items()) / max(total, 1)
    if explained / max(total, 1) >= 0.6 and mean_words <= 6 and len(occurrences) <= max(30, n // 5):
        return True, (
            f"{joined} of {n} answers join options with '{delimiter}' and "
            f"{explained / total:.0%} of the parts are options chosen on their own elsewhere"
        )
    return False, "delimiter present but parts are not recurring options"
