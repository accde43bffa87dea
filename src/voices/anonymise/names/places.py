"""Multi-word place names made of name-like words: "Milton Keynes", "Sierra Leone", "Barking and Dagenham".

The model and the lexicon take such places for people ("Milton" is a first name, "Keynes" a surname), which
garbles the evidence and loses the place a comment is about. The packaged list (built by
``annotation/build_place_names.py`` from ONS district, region and ward names and Faker's country names) marks
their words so that the name rules leave them alone; titles and the user's own name lists still win.

Matching is on the exact spelling, case included, and must start and end on token boundaries.

Example:
    >>> text = "The buses in Milton Keynes are worse than in Stoke-on-Trent."
    >>> words = ["The", "buses", "in", "Milton", "Keynes", "are", "worse", "than", "in", "Stoke", "-", "on", "-",
    ...          "Trent", "."]
    >>> starts = [0, 4, 10, 13, 20, 27, 31, 37, 42, 45, 50, 51, 53, 54, 59]
    >>> place_positions(text, words, starts, [s + len(w) for s, w in zip(starts, words)])
    [3, 4, 9, 10, 11, 12, 13]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from voices.anonymise.names.lexicon import packaged_text


@cache
def _phrases_by_first_word() -> dict[str, tuple[str, ...]]:
    raw = packaged_text("place_phrases.txt.gz", "list of multi-word place names", "annotation/build_place_names.py")
    by_first: dict[str, list[str]] = {}
    for line in raw.splitlines():
        phrase = line.strip()
        if phrase:
            first = phrase.split()[0].split("-")[0]
            by_first.setdefault(first, []).append(phrase)
    # Longest first, so "Kingston upon Hull" wins over "Kingston upon" fragments.
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


def place_positions(text: str, words: Sequence[str], starts: Sequence[int], ends: Sequence[int]) -> list[int]:
    """Positions of the tokens that spell a listed multi-word place name.

    Args:
        text: the text the tokens come from.
        words: its tokens.
        starts: per token, its start offset in ``text``.
        ends: per token, its end offset.

    Returns:
        Sorted token positions.
    """
    by_first = _phrases_by_first_word()
    out: list[int] = []
    n = len(words)
    i = 0
    while i < n:
        candidates = by_first.get(words[i]) if words[i][:1].isupper() else None
        matched = False
        for phrase in candidates or ():
            if not text.startswith(phrase, starts[i]):
                continue
            end = starts[i] + len(phrase)
            j = i
            while j < n and ends[j] < end:
                j += 1
            if j < n and ends[j] == end:
                out.extend(range(i, j + 1))
                i = j + 1
                matched = True
                break
        if not matched:
            i += 1
    return out
