"""English vocabulary beyond the name lexicon: is a word an ordinary English word (or an inflection of one)?

The name lexicon carries the 25,000 most frequent English words. Rarer ones ("pensioners", "inquest",
"procession", "readout") are neither names nor common words to it, so the rule for unknown capitalised words
took them for rare surnames. This vocabulary (WordNet 3.0 lemmas from spaCy's rule lemmatizer, built by
``annotation/build_english_words.py``) answers the question for some 82,000 lemmas and their regular
inflections.

Example:
    >>> vocab = EnglishVocabulary.default()
    >>> vocab.knows("Pensioners"), vocab.knows("inquest"), vocab.knows("Borodai")
    (True, True, False)
"""

from __future__ import annotations

from functools import cache

from voices.anonymise.names.lexicon import packaged_text


class EnglishVocabulary:
    """Lower-case English lemmas plus suffix rules that map an inflected form to its lemma.

    Args:
        lemmas: lower-case lemmas.
        rules: ``(suffix, replacement)`` pairs ("ies" -> "y", "s" -> "").
    """

    def __init__(self, lemmas: frozenset[str], rules: tuple[tuple[str, str], ...]) -> None:
        self.lemmas = lemmas
        self.rules = rules

    @classmethod
    def default(cls) -> EnglishVocabulary:
        """The vocabulary shipped with voices (loaded once per process)."""
        return _default_vocabulary()

    def knows(self, word: str) -> bool:
        """Whether ``word`` (any casing) is an English lemma or a regular inflection of one."""
        low = word.lower().replace("\u2019", "'")
        if low in self.lemmas:
            return True
        for old, new in self.rules:
            if low.endswith(old) and len(low) > len(old) + 1 and low[: -len(old)] + new in self.lemmas:
                return True
        return False


@cache
def _default_vocabulary() -> EnglishVocabulary:
    raw = packaged_text("english_words.txt.gz", "English word list", "annotation/build_english_words.py")
    rules: list[tuple[str, str]] = []
    lemmas: set[str] = set()
    for line in raw.splitlines():
        if line.startswith("#rule\t"):
            _, _pos, old, new = line.split("\t")
            if (old, new) not in rules:
                rules.append((old, new))
        elif line:
            lemmas.add(line)
    return EnglishVocabulary(frozenset(lemmas), tuple(rules))
