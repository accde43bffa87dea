"""Names grow into their neighbours: initials and capitalised words the lexicon does not know.

"Ravil G Yefimov", "Vide A. Persson", "Willemine Van Pas": once one word is known to be a name, an initial
beside it, or a capitalised word beside it that is no ordinary English word, belongs to the same name.

Example:
    >>> words = ["met", "Ravil", "G", "Yefimov", "today"]
    >>> neighbour_positions(words, [False, True, False, False, False], [""] * 5)
    [2, 3]
"""

from __future__ import annotations

from collections.abc import Sequence

from voices.anonymise.names.cues import STRONG_TITLES, WEAK_TITLES
from voices.anonymise.names.gazetteer import VETO_LABELS
from voices.anonymise.names.lexicon import NameLexicon, is_wordlike
from voices.anonymise.names.vocabulary import EnglishVocabulary


def _initial(word: str) -> bool:
    """ "G" or "G." (the tokenizer keeps the dot of "Gladys L. Leblanc" on the initial)."""
    return (len(word) == 1 or (len(word) == 2 and word[1] == ".")) and word[0].isupper()


def _pronoun_i(words: Sequence[str], i: int, on: Sequence[bool], gap: Sequence[str]) -> bool:
    """Whether the "I" at ``i`` is the pronoun ("Emily I can't believe…", "Lily I'm…"), not an initial: neither a
    dot, nor a name, nor the rest of a word the tokenizer split ("Ive": "I" + "ve") follows it."""
    if i + 1 >= len(words):
        return True
    nxt = words[i + 1]
    if nxt == "." or (on[i + 1] and nxt[:1].isupper()):
        return False
    glued = gap[i] == "" and nxt[:1].isalpha()
    return not glued


def neighbour_positions(
    words: Sequence[str],
    marked: Sequence[bool],
    ner_labels: Sequence[str],
    lexicon: NameLexicon | None = None,
    *,
    gaps: Sequence[str] | None = None,
    shouting: bool = False,
) -> list[int]:
    """Positions to add to the names already ``marked``.

    Args:
        words: tokens of one text, original casing.
        marked: per token, whether a rule already marked it as a name.
        ner_labels: per token, the NER label ('' when none).
        lexicon: name lexicon (default: the packaged one).
        gaps: per token, the text between it and the next token (default: one space).
        shouting: the text is ALL CAPS, so capitals say nothing.

    Returns:
        Sorted new positions (including the "." after an initial).
    """
    lex = lexicon or NameLexicon.default()
    vocab = EnglishVocabulary.default()
    n = len(words)
    gap = list(gaps) if gaps is not None else [" "] * n
    on = list(marked)
    added: set[int] = set()

    def joined(a: int, b: int) -> bool:  # tokens a < b are adjacent, one space or nothing apart
        return gap[a] in ("", " ")

    def grows(i: int) -> bool:
        w = words[i]
        if on[i] or ner_labels[i] in VETO_LABELS:
            return False
        if _initial(w):
            return w != "I" or not _pronoun_i(words, i, on, gap)
        if shouting or not is_wordlike(w) or not w[0].isupper() or w.isupper():
            return False
        if w.lower() in STRONG_TITLES or w.lower() in WEAK_TITLES:
            return False
        entry = lex.get(w)
        if entry is None:
            return not vocab.knows(w)
        return entry.is_name and not entry.is_common_word

    changed = True
    while changed:
        changed = False
        for i in range(n):
            if not grows(i):
                continue
            left = i > 0 and on[i - 1] and joined(i - 1, i)
            nxt = i + 1
            if len(words[i]) == 1 and _initial(words[i]) and nxt < n and words[nxt] == "." and gap[i] == "":
                nxt += 1
            right = nxt < n and on[nxt] and joined(nxt - 1, nxt)
            if left or right:
                on[i] = True
                added.add(i)
                if nxt == i + 2:
                    on[i + 1] = True
                    added.add(i + 1)
                changed = True
    return sorted(added)
