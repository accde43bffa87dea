"""How much a word's spelling looks like a person's name: "Szczepańska", "Šušulić" and "Ogasahara" do.

The small spaCy model often calls a rare foreign name an organisation or a place ("Wisława", "Hakuba"), and
no list holds every surname. Surnames and first names share endings and letter groups across a language
("-ová", "-ić", "-dóttir", "-nen", "Sz", "-ahara"), so a character-trigram naive Bayes model that contrasts the
lexicon's names with English words and place names says how name-like an unknown word is. It is learnt
once per process from the packaged lexicon and vocabulary (about a second), so it needs no data of its own.

Example:
    >>> spelling = NameSpelling.default()
    >>> spelling.score("Szczepańska") > 0.7 > spelling.score("Interfax")
    True
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache

from voices.anonymise.names.lexicon import NameLexicon
from voices.anonymise.names.vocabulary import EnglishVocabulary


def _grams(word: str) -> list[str]:
    s = f"^{word.lower()}$"
    return [s[i : i + 3] for i in range(len(s) - 2)]


class NameSpelling:
    """Per-trigram log-odds of "person name" against "English word or place".

    Args:
        log_odds: trigram -> log P(trigram | name) - log P(trigram | other).
        unseen: log-odds of a trigram seen in neither class.
    """

    def __init__(self, log_odds: dict[str, float], unseen: float) -> None:
        self.log_odds = log_odds
        self.unseen = unseen

    @classmethod
    def default(cls) -> NameSpelling:
        """The model learnt from the packaged lexicon and vocabulary (once per process)."""
        return _default_spelling()

    @classmethod
    def learn(cls, names: list[str], others: list[str]) -> NameSpelling:
        """Learn trigram log-odds (add-half smoothing) from name words and other words."""
        pos: Counter[str] = Counter(g for w in names for g in _grams(w))
        neg: Counter[str] = Counter(g for w in others for g in _grams(w))
        vocab = len(pos.keys() | neg.keys())
        pos_total = sum(pos.values()) + 0.5 * vocab
        neg_total = sum(neg.values()) + 0.5 * vocab
        unseen = math.log(0.5 / pos_total) - math.log(0.5 / neg_total)
        log_odds = {
            g: math.log((pos[g] + 0.5) / pos_total) - math.log((neg[g] + 0.5) / neg_total)
            for g in pos.keys() | neg.keys()
        }
        return cls(log_odds, unseen)

    def score(self, word: str) -> float:
        """Mean trigram log-odds that ``word`` is a name: above 0.7 is name-like, below -0.9 is not."""
        grams = _grams(word)
        return sum(self.log_odds.get(g, self.unseen) for g in grams) / len(grams)


@cache
def _default_spelling() -> NameSpelling:
    lex = NameLexicon.default()
    names: list[str] = []
    others: list[str] = []
    for word, e in lex.entries.items():
        if e.is_name and not e.is_common_word and not e.place:
            names.append(word)
        elif not e.is_name or e.place:
            others.append(word)
    others.extend(w for w in EnglishVocabulary.default().lemmas if w not in lex.entries)
    return NameSpelling.learn(names, others)
