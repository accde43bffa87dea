"""Names travel in lists: "Muslija and Brown", "leonti, terrence, pamela and brian", "Šušulić, Bowman & White".

A word joined by a comma, "and", "&" or "or" to a known name is a name too when it is capitalised and not an
ordinary word (even a surname such as "Brown" or "White"), or when it is a lower-case word the lexicon
knows as a first name, or knows not at all.

Example:
    >>> coordinated_positions(["Muslija", "and", "Brown", "were", "engineers"], [False, False, True, False, False])
    [0]
"""

from __future__ import annotations

from collections.abc import Sequence

from voices.anonymise.names.gazetteer import VETO_LABELS
from voices.anonymise.names.lexicon import NameLexicon, is_wordlike
from voices.anonymise.names.vocabulary import EnglishVocabulary

JOINERS = frozenset({",", "and", "&", "or", "n"})
#: Lower-case log-probability above which a lower-case word in a list is an ordinary word, not a name.
_FREQUENT = -11.5


def coordinated_positions(
    words: Sequence[str],
    marked: Sequence[bool],
    ner_labels: Sequence[str] | None = None,
    lexicon: NameLexicon | None = None,
    *,
    shouting: bool = False,
) -> list[int]:
    """Positions joined to an already ``marked`` name by a list joiner."""
    lex = lexicon or NameLexicon.default()
    vocab = EnglishVocabulary.default()
    n = len(words)
    labels = ner_labels or [""] * n
    on = list(marked)
    added: list[int] = []

    def candidate(k: int) -> bool:
        w = words[k]
        if on[k] or not is_wordlike(w):
            return False
        entry = lex.get(w)
        if labels[k] in VETO_LABELS and (entry is None or entry.first < 2):
            return False  # "adam, kristina, chad and caleb": a first name in a list of names beats "Chad" the place
        if entry is not None and entry.place and entry.first == 0:
            return False  # "Leeds and Bradford"
        if w[0].isupper() and not shouting and not w.isupper():
            if entry is None:
                return not vocab.knows(w)
            return entry.is_name or not entry.is_common_word
        if w.islower():
            if entry is None:
                return not vocab.knows(w)
            return entry.first > 0 and (entry.lower_logp is None or entry.lower_logp < _FREQUENT)
        return False

    changed = True
    while changed:
        changed = False
        for k in range(n):
            if not candidate(k):
                continue
            left = k >= 2 and words[k - 1].lower() in JOINERS and on[k - 2]
            right = k + 2 < n and words[k + 1].lower() in JOINERS and on[k + 2]
            if left or right:
                on[k] = True
                added.append(k)
                changed = True
    return sorted(added)
