"""Organisation names hold words that look like names: "Getty Images", "Lowy Institute", "Rand Corporation".

A run of capitalised words that ends in an organisation word ("Inc", "Ltd", "Institute", "Foundation",
"Airways", "Associates") names an organisation; the surnames in it are not people to mask. Titles and the
user's own name lists still win (the detector applies this only to guesses from the model and the lexicon).

Example:
    >>> organisation_positions(["Pic", ":", "Getty", "Images", "and", "Jane", "Smith"])
    [2, 3]
    >>> organisation_positions(["to", "St", "Mary", "'s", "Catholic", "Primary", "School", "on"])
    [1, 2, 3, 4, 5]
    >>> organisation_positions(["at", "St", "Joseph", "'s", ",", "Brenda", "and", "Pallion", "surgery"])
    [1, 2, 3, 7, 8]
"""

from __future__ import annotations

from collections.abc import Sequence


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Last words of organisation names (compared in lower case, without a final dot).
ORGANISATION_WORDS = _words(
    "inc ltd llc llp plc corp corporation company co group institute foundation associates partners images "
    "airways airlines bank trust university college academy hospital society agency investments holdings "
    "technologies industries services media news orchestra fc ratings consulting solutions systems studios "
    "records publishing limited gmbh ag sa school primary surgery nursery centre center hospice mosque "
    "synagogue gurdwara association church chapel club partnership network forum alliance federation "
    "library pantry"
)
#: Organisation words that name a local facility even in lower case after a capitalised word: "Pallion
#: surgery", "Hendon library" (a person's name is rarely followed by one).
_FACILITY_WORDS = frozenset(
    {"surgery", "school", "academy", "library", "hospital", "mosque", "church", "nursery", "hospice", "pantry"}
)
#: "St" and "Saint" before a name and a possessive: a church, school or hospital ("at St Joseph's").
_SAINTS = frozenset({"st", "st.", "saint"})
#: Possessives that may sit inside an organisation's name: "St Mary's Catholic Primary School".
POSSESSIVE_S = frozenset({"'s", "\u2019s"})


#: UK shops, banks, utilities, services and charities that residents name in consultations about the cost of
#: living, in lower case; the model and the surname lists take several for people ("Asda", "Lidl", "Greggs",
#: "Barclays"). Written for this project from common knowledge (CC0).
BRANDS = _words(
    "asda tesco lidl aldi morrisons sainsburys sainsbury's waitrose farmfoods greggs primark argos poundland "
    "poundstretcher wilko superdrug costcutter londis nisa ocado amazon ebay deliveroo klarna clearpay "
    "brighthouse edf e.on eon ovo npower barclays lloyds natwest hsbc santander nationwide halifax monzo "
    "tsb vodafone oxfam barnardos barnardo's stepchange turn2us samaritans jobcentre"
)
#: Brand names of several words, in lower case, as tokens.
BRAND_PHRASES = (
    ("british", "gas"),
    ("scottish", "power"),
    ("octopus", "energy"),
    ("home", "bargains"),
    ("marks", "and", "spencer"),
    ("marks", "&", "spencer"),
    ("citizens", "advice"),
    ("trussell", "trust"),
    ("age", "uk"),
    ("universal", "credit"),
    ("virgin", "media"),
    ("step", "change"),
    ("food", "bank"),
)


def brand_positions(words: Sequence[str]) -> list[int]:
    """Positions of listed UK brand and service names ("Asda", "Sainsbury's", "Citizens Advice").

    Example:
        >>> brand_positions(["I", "go", "round", "Aldi", "and", "Sainsbury", "'s", "for", "Citizens", "Advice"])
        [3, 5, 6, 8, 9]
    """
    out: list[int] = []
    n = len(words)
    lower = [w.lower() for w in words]
    for i, w in enumerate(lower):
        if w in BRANDS:
            out.append(i)
        elif i + 1 < n and lower[i + 1] in POSSESSIVE_S and w + "'s" in BRANDS:
            out.extend((i, i + 1))  # "Sainsbury 's", as spaCy splits it
        else:
            for phrase in _PHRASES_BY_FIRST.get(w, ()):
                if tuple(lower[i : i + len(phrase)]) == phrase:
                    out.extend(range(i, i + len(phrase)))
    return sorted(set(out))


_PHRASES_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {}
for _phrase in BRAND_PHRASES:
    _PHRASES_BY_FIRST[_phrase[0]] = (*_PHRASES_BY_FIRST.get(_phrase[0], ()), _phrase)


def organisation_positions(words: Sequence[str]) -> list[int]:
    """Positions of the capitalised words before an organisation word, and of that word ("Getty Images")."""
    out: list[int] = []
    n = len(words)
    for i in range(1, n - 1):  # "St Joseph's", "Saint Anne's": the saint's church, school or hospital
        if (
            words[i - 1].lower() in _SAINTS
            and words[i - 1][:1].isupper()
            and words[i][:1].isupper()
            and words[i + 1] in POSSESSIVE_S
        ):
            out.extend((i - 1, i, i + 1))
    for i in range(1, n):
        w = words[i]
        low = w.lower().rstrip(".")
        capitalised = w[:1].isupper() and low in ORGANISATION_WORDS
        facility = w.islower() and low in _FACILITY_WORDS and words[i - 1][:1].isupper() and words[i - 1].isalpha()
        if not (capitalised or facility):
            continue
        k = i - 1
        while (
            k >= 0
            and words[k].lower() not in ORGANISATION_WORDS
            and ((words[k][:1].isupper() and words[k].isalpha()) or (words[k].lower() in POSSESSIVE_S and k > 0))
        ):
            k -= 1
        while k + 1 < i - 1 and words[k + 1].lower() in POSSESSIVE_S:
            k += 1  # the run starts with a name, not with "'s"
        if k < i - 1:
            out.extend(range(k + 1, i + 1))
    return sorted(set(out))
