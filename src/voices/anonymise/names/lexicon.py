"""The person-name lexicon: which words are first names or surnames, and which are also common English words.

The shipped table (``voices/anonymise/data/person_names.tsv.gz``, built by
``annotation/build_name_gazetteer.py`` from public-domain US SSA and Census lists, Faker's name lists and
spaCy's English word probabilities) answers three questions about a lower-cased word: is it a first name,
is it a surname, and is it ordinarily written in lower case? The last one separates "emma" (a name that
people type in lower case) from "will" or "grace" (words that are names only in context).

Example:
    >>> lex = NameLexicon.default()
    >>> lex.is_name("emma"), lex.is_common_word("emma")
    (True, False)
    >>> lex.is_name("grace"), lex.is_common_word("grace")
    (True, True)
    >>> lex.is_name("table")
    False
"""

from __future__ import annotations

import gzip
import logging
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from voices.errors import VoicesError

log = logging.getLogger(__name__)

#: A word more than this (natural-log) probable in lower case than in title case, among the frequent words,
#: is a common word. "frank" (+1.3 for the title case) is a name; "grace" (-0.7) and "will" (-3.6) are words.
_NAME_MARGIN = 1.0
#: Words rarer than this in lower case are never common words, whatever their title-case probability.
_RARE_LOGP = -14.5
#: Words more frequent than this in lower case are common words unless they are first names ("hi", "thanks":
#: their title case looks frequent only because they start sentences).
_FREQUENT_LOGP = -11.5


def _split(text: str) -> list[str]:
    return text.split()


#: Names that are everyday words in consultation and social text, whatever the statistics say: they are names
#: only in context ("Grace said", "my son Will", "Mark Okafor").
ALWAYS_AMBIGUOUS = frozenset(
    _split(
        "will grace hope joy mark bill rose frank may june august april summer autumn dawn faith chance chase "
        "drew pat sue art guy jack ray rob bob sandy sky ivy holly iris daisy pearl ruby amber heather basil "
        "cliff dean glen miles norm earl duke king prince major sterling happy honey angel star justice "
        "harmony patience charity mercy max don ken lee long young brown white black green gray grey wood "
        "hill hall bell ford cook baker parker walker page price rice church field marsh moss lane rich sunny "
        "dot penny victor carol christian florence jordan paris sydney nan"
    )
)


def is_wordlike(word: str) -> bool:
    """Whether ``word`` could be (part of) a name: two or more letters, inner apostrophes or hyphens allowed.

    Example:
        >>> is_wordlike("O'Connor"), is_wordlike("'s"), is_wordlike("#tag"), is_wordlike("A")
        (True, False, False, False)
    """
    return (
        len(word) >= 2
        and word[0].isalpha()
        and word[-1].isalpha()
        and word.replace("'", "").replace("\u2019", "").replace("-", "").isalpha()
    )


class LexiconError(VoicesError):
    """The packaged name lexicon is missing or malformed."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One lower-cased word of the lexicon.

    Attributes:
        first: first-name frequency band, 0 (not a first name) to 3 (very common).
        surname: surname frequency band, 0 to 3.
        lower_logp: log-probability of the lower-case form in English text, ``None`` when unknown.
        title_logp: log-probability of the title-case form, ``None`` when unknown.
        ambiguous: listed in :data:`ALWAYS_AMBIGUOUS` (a common word whatever the statistics say).
        place: a one-word place name ("Leeds", "Ontario", "Georgia"): a name only in context.
    """

    first: int
    surname: int
    lower_logp: float | None
    title_logp: float | None
    ambiguous: bool = False
    place: bool = False

    @property
    def is_name(self) -> bool:
        return self.first > 0 or self.surname > 0

    @property
    def is_common_word(self) -> bool:
        if self.ambiguous:
            return True
        if self.lower_logp is None or self.lower_logp < _RARE_LOGP:
            return False
        if self.lower_logp > _FREQUENT_LOGP and self.first == 0:
            return True
        if self.title_logp is None:
            return True
        return self.title_logp - self.lower_logp <= _NAME_MARGIN

    @property
    def prefers_title_case(self) -> bool:
        """Whether the word is usually written capitalised (names, places, "I'm")."""
        if self.title_logp is None:
            return self.is_name
        if self.lower_logp is None:
            return True
        return self.title_logp > self.lower_logp


class NameLexicon:
    """Look-ups over the lower-cased words of the person-name lexicon.

    Args:
        entries: lower-cased word -> :class:`Entry`.
    """

    def __init__(self, entries: dict[str, Entry]) -> None:
        self.entries = entries

    @classmethod
    def default(cls) -> NameLexicon:
        """The lexicon shipped with voices (loaded once per process)."""
        return _default_lexicon()

    def get(self, word: str) -> Entry | None:
        return self.entries.get(_key(word))

    def is_name(self, word: str) -> bool:
        entry = self.entries.get(_key(word))
        return entry is not None and entry.is_name

    def is_first_name(self, word: str) -> bool:
        entry = self.entries.get(_key(word))
        return entry is not None and entry.first > 0

    def is_surname(self, word: str) -> bool:
        entry = self.entries.get(_key(word))
        return entry is not None and entry.surname > 0

    def is_common_word(self, word: str) -> bool:
        entry = self.entries.get(_key(word))
        return entry is not None and entry.is_common_word

    def names(self, *, min_band: int = 1, common: bool | None = None) -> list[str]:
        """Lexicon names (lower case), optionally only those that are (or are not) common words."""
        return sorted(
            w
            for w, e in self.entries.items()
            if max(e.first, e.surname) >= min_band and (common is None or e.is_common_word == common)
        )


#: First-name band of the names in ``first_names_uk.txt`` (Welsh, Gaelic, Somali, South Asian, West and East
#: African, Kurdish and Eastern European names the US and Faker lists lack): listed, not "very common".
UK_FIRST_NAME_BAND = 2


def _key(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def _float(text: str) -> float | None:
    return float(text) if text else None


def packaged_path(filename: str) -> Traversable:
    """The packaged data file ``voices/anonymise/data/<filename>`` (an importlib resource)."""
    return resources.files("voices.anonymise").joinpath(f"data/{filename}")


def packaged_text(filename: str, what: str, script: str) -> str:
    """A gzip-compressed text file from ``voices/anonymise/data``, decoded.

    Raises:
        LexiconError: the file is missing or unreadable (``what`` names it; ``script`` rebuilds it).
    """
    resource = packaged_path(filename)
    try:
        return gzip.decompress(resource.read_bytes()).decode("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise LexiconError(
            f"{resource}: expected the packaged {what}, found it missing or unreadable ({exc}). "
            f"Fix: reinstall voices, or rebuild it with {script}."
        ) from exc


@cache
def _default_lexicon() -> NameLexicon:
    raw = packaged_text("person_names.tsv.gz", "person-name lexicon", "annotation/build_name_gazetteer.py")
    entries: dict[str, Entry] = {}
    lines = raw.splitlines()
    if not lines or lines[0].split("\t") != ["token", "first", "surname", "lower_logp", "title_logp", "place"]:
        raise LexiconError(
            f"{packaged_path('person_names.tsv.gz')}: expected the header "
            "'token first surname lower_logp title_logp place', "
            f"found {lines[:1]!r}. Fix: rebuild it with annotation/build_name_gazetteer.py."
        )
    for line in lines[1:]:
        token, first, surname, lower, title, place = line.split("\t")
        entries[_key(token)] = Entry(
            int(first), int(surname), _float(lower), _float(title), token in ALWAYS_AMBIGUOUS, place == "1"
        )
    added = 0
    for line in packaged_path("first_names_uk.txt").read_text(encoding="utf-8").splitlines():
        for name in line.split("#", 1)[0].split():
            key = _key(name)
            old = entries.get(key)
            if old is None:
                entries[key] = Entry(UK_FIRST_NAME_BAND, 0, None, None, key in ALWAYS_AMBIGUOUS, False)
                added += 1
            elif old.first == 0:
                entries[key] = replace(old, first=UK_FIRST_NAME_BAND)
                added += 1
    log.debug("loaded %d lexicon entries (%d first names from first_names_uk.txt)", len(entries), added)
    return NameLexicon(entries)
