"""Street addresses hold words that look like names: "12 Victoria Road", "86 Rua do Arenque", "Passauer Strasse 33".

Words inside a numbered street address are not person names, and the address detector
(:mod:`voices.anonymise.identifiers.addresses`) masks the whole address anyway. This module finds the token
positions of such addresses so that the name rules leave them alone (a name the user listed or a title cue
still wins):

* every span the address detector labels ``ADDRESS`` ("Flat 3, 45 High Street");
* a house number, then a street word of another language ("Rue", "Rua", "Via", "ul.", "Calle") and the
  capitalised or linking words after it, up to the next number or punctuation ("12 Rue de la Gare");
* a one-word street name with a street suffix ("Passauer Strasse", "Søndergade", "Hersnapvej"), followed
  by a house number.

Example:
    >>> text = "Write to 12 Victoria Road or 8 Rue Emile Zola, said Grace."
    >>> words = text.replace(",", " ,").replace(".", " .").split()
    >>> [words[i] for i in street_positions(text, words, _offsets(text, words))]
    ['12', 'Victoria', 'Road', '8', 'Rue', 'Emile', 'Zola']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from voices.anonymise.identifiers.addresses import AddressDetector
from voices.anonymise.identifiers.pattern import HAS_DIGIT


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Street words that come before the street's name in other languages' addresses.
_PREFIXES = _words(
    "rue rua via viale vicolo strada piazza largo calle avenida avda avda. paseo travessa praça ul ul. ulica "
    "boulevard bd chemin allée allee place plaza route"
)
#: Endings of one-word street names in German, Dutch and Nordic addresses.
_SUFFIX = re.compile(
    r"(?:stra(?:ss|ß)e|str\.?|gasse|weg|laan|straat|gade|vej|veien|vegen|vägen|gatan|gata|katu|tie|utca)$", re.I
)
#: Words that link the parts of a street's name: "Rue de la Gare", "Rua do Arenque", "Via dei Fiorentini".
_LINKS = _words("de del dei della delle do da dos das du la le les des di van von der den am an")
_ADDRESSES = AddressDetector()


def _offsets(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for w in words:
        start = text.index(w, pos)
        out.append((start, start + len(w)))
        pos = start + len(w)
    return out


def street_positions(text: str, words: Sequence[str], offsets: Sequence[tuple[int, int]]) -> list[int]:
    """Token positions inside a numbered street address.

    Args:
        text: the text.
        words: its tokens.
        offsets: per token, its ``(start, end)`` character offsets in ``text``.

    Returns:
        Sorted token positions.
    """
    if not HAS_DIGIT.search(text):
        return []
    hits: set[int] = set()
    spans = [(s.start, s.end) for s in _ADDRESSES.find(text) if s.label == "ADDRESS"]
    if spans:
        for i, (a, b) in enumerate(offsets):
            if any(a < e and s < b for s, e in spans):
                hits.add(i)
    n = len(words)
    for i, w in enumerate(words):
        if not w[:1].isdigit() or len(w) > 6:
            continue
        j = i + 1
        if j < n and words[j].lower() in _PREFIXES:
            k = j + 1
            while k < n and (words[k][:1].isupper() or words[k].lower() in _LINKS or words[k] == "."):
                k += 1
            if k > j + 1:
                hits.update(range(i, k))
        if i >= 1 and _SUFFIX.search(words[i - 1]) and words[i - 1][:1].isupper():
            hits.update((i - 1, i))
            if i >= 2 and words[i - 2][:1].isupper() and _SUFFIX.fullmatch(words[i - 1]):
                hits.add(i - 2)  # "Passauer Strasse 33"
    return sorted(hits)
