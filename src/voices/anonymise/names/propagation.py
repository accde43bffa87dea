"""Name memory: once a string is known to be a name, every later mention of it is a name too.

"Sarah O'Connor rang. Later sarah said…": the second mention has no cue, but it is the same person. A
:class:`NameMemory` remembers the words of detected names; parts that are ordinary English words ("Will"
of "Will Smith") are remembered case-sensitively, so "will" the verb never matches.

Example:
    >>> memory = NameMemory()
    >>> memory.add(["Will", "Okafor"])
    >>> memory.positions(["okafor", "says", "she", "will", "come", "with", "Will"])
    [0, 6]
    >>> memory.positions(["WILL", "OKAFOR"])
    [0, 1]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from voices.anonymise.names.lexicon import NameLexicon, is_wordlike


class NameMemory:
    """Words of names seen so far.

    Args:
        lexicon: name lexicon, to tell common words apart (default: the packaged one).
        keep_common: remember common-word parts (case-sensitively). Off for corpus-wide memories, where a
            capitalised "Will" in one post says nothing about "Will" in another.
    """

    def __init__(self, lexicon: NameLexicon | None = None, *, keep_common: bool = True) -> None:
        self.lexicon = lexicon or NameLexicon.default()
        self.keep_common = keep_common
        self.folded: set[str] = set()
        self.cased: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self.folded or self.cased)

    def add(self, words: Iterable[str]) -> None:
        """Remember the words of one name."""
        for w in words:
            if not is_wordlike(w):
                continue
            if self.lexicon.is_common_word(w):
                if self.keep_common and w[:1].isupper() and not w.isupper():
                    self.cased.add(w)
            else:
                self.folded.add(w.lower())

    def update(self, other: NameMemory) -> None:
        self.folded |= other.folded
        if self.keep_common:
            self.cased |= other.cased

    def positions(self, words: Sequence[str]) -> list[int]:
        """Positions of ``words`` that are remembered name words."""
        if not self:
            return []
        hits = [w in self.cased or w.lower() in self.folded or (w.isupper() and w.title() in self.cased) for w in words]
        if self.cased:
            # A common-word part in any casing, next to a remembered part: "will okafor", "WILL OKAFOR".
            cased_folded = {c.lower() for c in self.cased}
            for i, w in enumerate(words):
                if not hits[i] and w.lower() in cased_folded:
                    hits[i] = (i > 0 and hits[i - 1]) or (i + 1 < len(words) and hits[i + 1])
        return [i for i, h in enumerate(hits) if h]
