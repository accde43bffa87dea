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

import re
from collections.abc import Sequence
from functools import cache

from voices.anonymise.names.cues import REPORTING_VERBS
from voices.anonymise.names.lexicon import NameLexicon, is_wordlike, packaged_text

_FIRST_WORD = re.compile(r"[^\W\d_]+")


@cache
def _places() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Multi-word phrases by their first word (longest first), and the one-word places."""
    raw = packaged_text("place_phrases.txt.gz", "list of place names", "annotation/build_place_names.py")
    by_first: dict[str, list[str]] = {}
    singles: set[str] = set()
    for line in raw.splitlines():
        phrase = line.strip()
        if not phrase:
            continue
        first = _FIRST_WORD.match(phrase)
        if first is None:
            continue
        if first.group() == phrase:
            singles.add(phrase)
        else:
            by_first.setdefault(first.group(), []).append(phrase)  # "King's Lynn" under "King", as tokenised
    # Longest first, so "Kingston upon Hull" wins over "Kingston upon" fragments.
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}, frozenset(singles)


#: Words before a one-word place that make it a place: "in Armley", "near Bolton".
PLACE_BEFORE = frozenset({"in", "near", "around", "across", "throughout"})
#: Words after a one-word place that make it a place: "Bolton council", "Lambeth Council".
PLACE_AFTER = frozenset({"council", "borough", "cc", "mbc", "bc"})


def is_place_word(word: str) -> bool:
    """Whether ``word`` is a listed one-word place name ("Armley", "Bolton"), exact spelling."""
    return word in _places()[1]


#: Words before "in" that make what follows a person: "confidence in Starmer", "believe in Jones".
_TRUST_IN = frozenset(
    {"believe", "believed", "believes", "belief", "confidence", "faith", "trust", "trusted", "interest", "interested"}
    | {"vote", "voted", "votes", "voting", "bring", "brought", "put", "ushered"}  # "voted in Trump"
)
#: The place prepositions that make a surname-only word a place ("around Smith" or "across Jones" would not).
_SURNAME_PLACE_BEFORE = frozenset({"in", "near"})


def place_context_positions(words: Sequence[str], lexicon: NameLexicon | None = None) -> list[int]:
    """One-word places in place context: after "in" / "near", or before "council" / "borough".

    Listed places count ("in Armley", "Bolton council"), and so do words that the ``lexicon`` knows only as
    surnames or not at all: after "in" or "near" such a word is far more often a neighbourhood no list holds
    ("in Pennywell", "near Roker", "in Seaburn"), and so does the word after it ("in Hylton Castle"), unless a
    reporting verb follows ("in Pennywell Smith said"). A possessive after the word ("in Stanley's garden")
    makes a person, and so does trust or a vote ("confidence in Starmer", "voted in Trump"). First names never
    count.

    Example:
        >>> place_context_positions(["We", "live", "in", "Armley", "and", "Bolton", "council", "is", "slow"])
        [3, 5]
    """
    out = []
    n = len(words)
    for i, w in enumerate(words):
        if not w[:1].isupper() or w.isupper():
            continue
        listed = is_place_word(w)
        surname_only = False
        if lexicon is not None and not listed and is_wordlike(w):
            entry = lexicon.get(w)
            surname_only = entry is None or (entry.surname > 0 and entry.first == 0)
        if not (listed or surname_only):
            continue
        nxt = words[i + 1].lower() if i + 1 < n else ""
        if nxt in ("'s", "\u2019s", "'", "\u2019"):
            continue
        before = words[i - 1].lower() if i > 0 else ""
        listed_before = i > 1 and before in ("and", "or", "&", ",") and i - 2 in out  # "in Hendon and Roker"
        # "in Hylton Castle"; not "in Pennywell Smith said…"
        continued = i - 1 in out and lexicon is not None and nxt not in REPORTING_VERBS
        if surname_only:
            trusted = i > 1 and words[i - 2].lower() in _TRUST_IN
            # "In" with a capital only at the start of a sentence ("Kang In Duk" is a name).
            preposition = i > 0 and (
                words[i - 1] in _SURNAME_PLACE_BEFORE
                or (words[i - 1] in ("In", "Near") and (i == 1 or not any(c.isalnum() for c in words[i - 2])))
            )
            coordinated = listed_before and before != ","  # "in Hendon and Roker", not "in Moore, Bertuzzi case"
            if (preposition and not trusted) or coordinated or continued:
                out.append(i)
        elif before in PLACE_BEFORE or nxt in PLACE_AFTER or listed_before or continued:
            out.append(i)
    return out


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
    by_first = _places()[0]
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
