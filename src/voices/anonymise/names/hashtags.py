"""Names inside camel-case hashtags: "#JustinBieber", "#RIPJohnnyWinter", "#TeamPhil", "#VoteChloeCrushSong".

A hashtag is one token, so the NER and the word rules see "JustinBieber" as a single unknown word. This rule
splits the hashtag at its capitals and reads the parts with the name lexicon. The hashtag is a name when:

* a first name is followed by a surname or an unknown word ("Justin" + "Bieber", "Donald" + "Sterling"); or
* it holds a well-attested first name that is no English word or place among other parts ("#TeamPhil",
  "#SelenaForMMVA", "#JusticeForJohn").

A hashtag with an organisation word ("#ChelseaFC") is an organisation.

Parts that are English words never count as first names, so "#ArtOfTheDay", "#MayDay", "#JusticeForGrenfell"
and "#BlackLivesMatter" are left alone. An all-lower-case hashtag is a name when it
is a very common first name glued to a listed surname, neither of them an everyday word ("#lukebatty"). All-capital
hashtags cannot be split and are left to the other rules (the lexicon still reads a one-word hashtag such as
"#Poroshenko").

Example:
    >>> hashtag_name_positions(["#", "JustinBieber", "and", "#", "ArtOfTheDay"], [False, True, False, False, True])
    [1]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from voices.anonymise.names.lexicon import Entry, NameLexicon
from voices.anonymise.names.organisations import ORGANISATION_WORDS
from voices.anonymise.names.vocabulary import EnglishVocabulary

#: The parts of a camel-case word: "RIPJohnnyWinter" -> RIP, Johnny, Winter; "Mckenna2014" -> Mckenna, 2014.
_PARTS = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")


def _first_name(part: str, entry: Entry | None, vocab: EnglishVocabulary) -> bool:
    """A title-case part that is a first name and not an English word ("Chloe", not "Art" or "May").

    The word list holds some proper nouns ("Johnny", "Shelley"): a very common first name overrules it."""
    return (
        entry is not None
        and entry.first >= 1
        and not entry.is_common_word
        and (entry.first >= 3 or not vocab.knows(part))
        and part[:1].isupper()
        and part[1:].islower()
    )


def _surname_like(part: str, entry: Entry | None, vocab: EnglishVocabulary) -> bool:
    """A title-case part that can be a surname: listed as one ("Sterling"), or no English word ("Bieber")."""
    if not (part[:1].isupper() and part[1:].islower() and len(part) > 1):
        return False
    if entry is not None and entry.surname >= 1:
        return True
    return entry is None and not vocab.knows(part)


def _lower_case_full_name(word: str, lex: NameLexicon) -> bool:
    """ "lukebatty", "danielcraig": a very common first name glued to a surname, neither an everyday word."""
    for k in range(3, len(word) - 2):
        first, last = lex.get(word[:k]), lex.get(word[k:])
        if (
            first is not None
            and first.first >= 3
            and not first.is_common_word
            and not first.place
            and last is not None
            and last.surname >= 2
            and not last.is_common_word
            and not last.place
        ):
            return True
    return False


def hashtag_has_name(word: str, lexicon: NameLexicon | None = None, vocab: EnglishVocabulary | None = None) -> bool:
    """Whether a hashtag's body (without "#") names a person, by its camel-case parts.

    Example:
        >>> hashtag_has_name("RIPJohnnyWinter"), hashtag_has_name("ThrowbackThursday")
        (True, False)
    """
    lex = lexicon or NameLexicon.default()
    voc = vocab or EnglishVocabulary.default()
    if word.islower() and word.isalpha():
        return _lower_case_full_name(word, lex)
    parts = _PARTS.findall(word)
    if len(parts) < 2 or "".join(parts) != word:
        return False  # one word, or characters the split does not cover ("_", letters with accents)
    entries = [lex.get(p) for p in parts]
    if any(p.lower() in ORGANISATION_WORDS for p in parts):
        return False  # "ChelseaFC", "JohnLewisPartners": an organisation
    for i, (part, entry) in enumerate(zip(parts, entries, strict=True)):
        if entry is None or not _first_name(part, entry, voc):
            continue
        after = entries[i + 1] if i + 1 < len(parts) else None
        if i + 1 < len(parts) and _surname_like(parts[i + 1], after, voc) and not (after and after.place):
            return True  # "JustinBieber", "DonaldSterling", "AustinMahone" (not "AustinTexas")
        if entry.first >= 2 and not entry.place:
            return True  # "TeamPhil", "SelenaForMMVA": a well-attested first name among other words
    return False


def hashtag_name_positions(
    words: Sequence[str],
    hashtag: Sequence[bool],
    lexicon: NameLexicon | None = None,
    vocab: EnglishVocabulary | None = None,
) -> list[int]:
    """Positions of hashtag bodies that name a person.

    Args:
        words: the tokens of one text.
        hashtag: per token, whether it is the body of a hashtag (the token after an attached "#").
        lexicon: name lexicon (default: the packaged one).
        vocab: English vocabulary (default: the packaged one).

    Returns:
        Sorted token positions.
    """
    return [i for i, (w, h) in enumerate(zip(words, hashtag, strict=True)) if h and hashtag_has_name(w, lexicon, vocab)]
