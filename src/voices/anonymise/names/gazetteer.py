"""Gazetteer rule: words that are first names or surnames, with context rules for ambiguous ones.

* A first name that is not an ordinary English word ("emma", "ryan", "KWAME") is a name in any casing.
* A surname that is not an ordinary word ("Patel", "O'Connor") is a name when capitalised, or next to
  another name ("dave patel").
* A name that is also a common word ("will", "grace", "hope", "mark", "bill", "rose", "may", "june") is a
  name only when capitalised mid-sentence next to another name ("Grace Okafor"), or when a
  reporting verb follows it ("Grace said"). Titles and kinship cues ("my son Will") are in :mod:`cues`.
* Words the NER model tagged as a place, nationality, date or number are left alone.

Example:
    >>> gazetteer_positions(["I", "hope", "the", "will", "is", "read"], [True] + [False] * 5)
    []
    >>> gazetteer_positions(["wow", "emma", "and", "Grace", "Okafor", "said"], [True] + [False] * 5)
    [1, 3, 4]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from voices.anonymise.names.cues import REPORTING_VERBS
from voices.anonymise.names.lexicon import Entry, NameLexicon, is_wordlike
from voices.anonymise.names.organisations import POSSESSIVE_S
from voices.anonymise.names.spelling import NameSpelling
from voices.anonymise.names.vocabulary import EnglishVocabulary

#: NER labels that overrule the gazetteer ("Jordan" the country, "May" the month).
VETO_LABELS = frozenset(
    ["GPE", "LOC", "NORP", "FAC", "LANGUAGE", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"]
)


#: Title-case log-probability above which a word is well known as something other than a person.
_FAMOUS_LOGP = -12.0


def _famous_word(e: Entry) -> bool:
    """A frequent capitalised word that is rarely a first name: "England", "Irish", "Canada", "Ontario".

    Such surnames need context like any ambiguous name ("Gary England said", "Mr Canada")."""
    return e.first < 2 and e.title_logp is not None and e.title_logp > _FAMOUS_LOGP


#: Prepositions after which a word that names a place is that place: "in Alberta", "across Victoria".
_LOCATIVE = frozenset(["in", "across", "throughout"])


def _rare_word_common_name(e: Entry) -> bool:
    """A name whose place or nationality label from the model is not trusted: a very common first name (the
    small model calls "Stephen" a place and "Agnes" a nationality; masking "Dallas" the city is the price),
    or any name that is a rare word ("Okonkwo"). Ambiguous words ("Jordan", "Chelsea") keep the label."""
    if e.title_logp is None or e.title_logp < -15.5:  # "Okonkwo": too rare a word to be a well-known place
        return True
    return e.first >= 3 and not e.place  # "Victoria", "Alberta": listed places keep the model's label


#: Title-case log-probability below which a first name the model calls a place is too rare a word to be a
#: well-known place: the small model tags lone names in posts as places ("Becca", "Desi", "Percy", "Rihanna").
_OBSCURE_PLACE_LOGP = -13.0


def _name_called_a_place(e: Entry, label: str) -> bool:
    """A first name (not a listed place) that the model called a place, too rare a word to be a known place."""
    return (
        label == "GPE"
        and e.first >= 2
        and not e.place
        and e.title_logp is not None
        and e.title_logp < _OBSCURE_PLACE_LOGP
    )


#: Lower-case log-probability above which a word that is no first name is too frequent to be a surname that
#: reports speech mid-sentence ("Police say", "White said" are institutions and colours more often than people).
_EVERYDAY_LOGP = -9.5


def _speaker_like(e: Entry | None, sentence_start: bool) -> bool:
    """Whether an ambiguous word before a reporting verb can be the speaker's name: "Grace said", "Mark says".

    At a sentence start only first names qualify ("You said", "He said", "People say" are pronouns and nouns
    with a capital); mid-sentence also rarer surnames ("then Trump said")."""
    if e is None:
        return True
    if e.place and e.first < 2:
        return False  # "Leeds said": the council, not a person
    if e.first > 0:
        return True
    return not sentence_start and (e.lower_logp is None or e.lower_logp < _EVERYDAY_LOGP)


#: Model labels that a name-like unknown word may overrule: the small model calls rare foreign names
#: organisations, places or nationalities ("Wisława", "Hakuba", "Quinzia"), even numbers ("Elizabeth").
_WEAK_LABELS = frozenset(["ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "CARDINAL"])
#: :meth:`.NameSpelling.score` above which an unknown word the model labelled is taken for a name.
NAME_LIKE = 0.7
#: Score below which even an unlabelled unknown word is spelt like a brand or a word, not a name ("Interfax").
NOT_NAME_LIKE = -0.9


_DETERMINERS = frozenset({"no", "a", "an", "the", "any", "some", "every", "much", "more", "little", "of"})


def _not_a_word(word: str, e: Entry, vocab: EnglishVocabulary) -> bool:
    """A listed name that is no English word: never written in lower case, and not in the vocabulary."""
    return e.lower_logp is None and not e.place and not vocab.knows(word)


def _lower_word(words: Sequence[str], j: int, *, verbs: bool = True) -> bool:
    """Whether token ``j`` exists and is a lower-case word (with ``verbs=False``, not a reporting verb)."""
    return (
        j < len(words)
        and words[j][:1].islower()
        and is_wordlike(words[j])
        and (verbs or words[j].lower() not in REPORTING_VERBS)
    )


#: Where "Sue from …" says who someone is: "Sue from the food bank", "Mark from housing".
_FROM_PLACES = frozenset({"the", "housing", "church", "school", "work", "council", "next", "number", "upstairs"})


def _from_somewhere(words: Sequence[str], i: int, e: Entry | None) -> bool:
    """A first name that is also a word, before "from the …" or "from housing": the person, introduced by where
    they are from ("Sue from the food bank was brilliant")."""
    return (
        e is not None
        and e.first >= 2
        and (i == 0 or words[i - 1].lower() not in _DETERMINERS)  # "No Chance from the start"
        and i + 2 < len(words)
        and words[i + 1] == "from"
        and words[i + 2].lower() in _FROM_PLACES
    )


#: An Irish O' surname in any casing: "O'Brien", "o'connor", "O’Neill".
_IRISH_O = re.compile(r"[Oo]['\u2019][A-Za-z]{3,}")


#: Plurals of surnames that are days, months and feasts.
_NOT_FAMILIES = frozenset(
    {"mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "januarys", "februarys"}
    | {"marches", "aprils", "mays", "junes", "julys", "augusts", "septembers", "octobers", "novembers", "decembers"}
    | {"christmases", "easters"}
)


def _family(words: Sequence[str], i: int, e: Entry | None, lex: NameLexicon) -> bool:
    """A listed surname in the plural after "the": a family ("the Hendersons next door", "The Okafors").

    Only surnames that are no common word ("the Browns", "the Greens" are colours and teams as often)."""
    w = words[i]
    if e is not None or i == 0 or words[i - 1].lower() != "the" or len(w) < 5 or not w.endswith("s"):
        return False
    if not w[0].isupper() or not w[1:].islower() or w.lower() in _NOT_FAMILIES or w.endswith("ians"):
        return False  # "the Mondays", "the Christmases", "the Victorians"
    for single in (lex.get(w[:-1]), lex.get(w[:-2]) if w.endswith("es") else None):  # "Patels", "Joneses"
        if single is not None and single.surname >= max(1, single.first) and not single.is_common_word:
            return True
    return False


def _everyday_rare_surname(e: Entry | None) -> bool:
    """An everyday word that is only a rarer surname ("Do", "So", "Go", "Like", "Right"), unlike the common
    surnames that are words ("Green", "White", "Young", all in the top band)."""
    return (
        e is not None and e.first == 0 and e.surname <= 2 and e.lower_logp is not None and e.lower_logp > _EVERYDAY_LOGP
    )


def unknown_word_positions(
    words: Sequence[str],
    sentence_starts: Sequence[bool],
    ner_labels: Sequence[str],
    lexicon: NameLexicon | None = None,
    vocabulary: EnglishVocabulary | None = None,
    spelling: NameSpelling | None = None,
) -> list[int]:
    """Capitalised words that neither the lexicon nor the English vocabulary knows (mid-sentence, or at a
    sentence start when a lower-case word follows), if the model left them unlabelled or they are spelt like a
    name (:mod:`.spelling`).

    Such a word is no English word and no listed name: a rare surname ("Borodai", "Strelkov"), a brand or a
    place the model did not recognise. Recall beats precision, so it is masked. "Pensioners" or "Inquest"
    are English words the lexicon is too small to know (:mod:`.vocabulary`). When the model gave the word
    another label ("Szczepańska" as an organisation), its spelling decides.

    Example:
        >>> unknown_word_positions(["leader", "Borodai", "blames", "the", "Army"], [True] + [False] * 4, [""] * 5)
        [1]
    """
    lex = lexicon or NameLexicon.default()
    vocab = vocabulary or EnglishVocabulary.default()
    out = []
    n = len(words)
    for i, w in enumerate(words):
        label = ner_labels[i]
        if (label and label not in _WEAK_LABELS) or not is_wordlike(w) or not w[0].isupper() or w.isupper():
            continue
        if not w[1:].islower() or lex.get(w) is not None or vocab.knows(w):
            continue
        # "Rintanen began writing…": at a sentence start only when a lower-case word follows.
        lower_next = i + 1 < n and words[i + 1][:1].islower() and is_wordlike(words[i + 1])
        if sentence_starts[i] and not lower_next:
            continue
        score = (spelling or NameSpelling.default()).score(w)
        if score < (NAME_LIKE if label else NOT_NAME_LIKE):
            continue
        out.append(i)
    return out


def gazetteer_positions(
    words: Sequence[str],
    sentence_starts: Sequence[bool],
    ner_labels: Sequence[str] | None = None,
    lexicon: NameLexicon | None = None,
    *,
    shouting: bool = False,
) -> list[int]:
    """Token positions the gazetteer marks as names.

    Args:
        words: the tokens of one text, in their original casing.
        sentence_starts: per token, whether it starts a sentence (or the text).
        ner_labels: per token, the NER label ('' when none).
        lexicon: name lexicon (default: the packaged one).
        shouting: the text is in ALL CAPS (capitals then say nothing about names).

    Returns:
        Sorted token positions.
    """
    lex = lexicon or NameLexicon.default()
    n = len(words)
    labels = ner_labels or [""] * n
    entries: list[Entry | None] = [lex.get(w) if is_wordlike(w) else None for w in words]
    hit = [False] * n
    surname_only: list[int] = []
    ambiguous: list[int] = []
    vetoed_surnames: list[int] = []
    vocab = EnglishVocabulary.default()
    for i, (w, e) in enumerate(zip(words, entries, strict=True)):
        if e is None or not e.is_name:
            hit[i] = _family(words, i, e, lex)  # "the Hendersons next door"
            continue
        if _IRISH_O.fullmatch(w) and e.surname > 0 and not e.is_common_word:
            hit[i] = True  # "o'brien the housing officer": an O' name is a surname in any case
            continue
        possessive = i + 1 < n and words[i + 1].lower() in POSSESSIVE_S
        if i > 0 and words[i - 1].lower() in _LOCATIVE and (e.place or vocab.knows(w)) and not possessive:
            continue  # "in Alberta", "in Melbourne": a place ("in Smith's car": a person)
        if w.islower() and max(e.first, e.surname) <= 1 and vocab.knows(w):
            continue  # "a mandolin coda": a rare first name written as the English word it also is
        if labels[i] in VETO_LABELS and not (_rare_word_common_name(e) or _name_called_a_place(e, labels[i])):
            if e.surname > 0 and not e.is_common_word:
                vetoed_surnames.append(i)
            continue
        if e.is_common_word or _famous_word(e) or (e.place and e.first < 3):
            ambiguous.append(i)
        elif w.isupper() and not shouting and e.first < 3:
            surname_only.append(i)  # "IBAN", "APO": an acronym in mixed-case text, unless next to a name
        elif e.first > 0:
            hit[i] = True
        elif (w[:1].isupper() and not shouting) or (shouting and not sentence_starts[i]):
            # At a sentence start a rarer surname needs a neighbour, unless it is no English word at all and a
            # lower-case word follows ("Starmer promised…", as for unknown words).
            hit[i] = (
                e.surname >= 2 or not sentence_starts[i] or (_not_a_word(w, e, vocab) and _lower_word(words, i + 1))
            )
            if not hit[i]:
                surname_only.append(i)
        else:
            surname_only.append(i)

    def near_hit(i: int) -> bool:
        return (i > 0 and hit[i - 1]) or (i + 1 < n and hit[i + 1])

    for i in surname_only:  # "dave patel": a surname next to a name
        if near_hit(i):
            hit[i] = True
    for i in vetoed_surnames:  # "Agnes Adams" (the model: a nationality): a surname right after a first name
        if i > 0 and hit[i - 1] and not sentence_starts[i]:
            hit[i] = True
    for i in ambiguous:  # "beverly griffin", "Agnes Adams": a rarer surname right after a first name
        e = entries[i]
        if (
            e is not None
            and e.surname >= 2
            and i > 0
            and hit[i - 1]
            and not sentence_starts[i]
            and (e.lower_logp is None or e.lower_logp < -11.5)
            and labels[i] not in VETO_LABELS
        ):
            hit[i] = True
    for i in ambiguous:
        w = words[i]
        capitalised = w[:1].isupper() and not (shouting or w.isupper())
        if not capitalised:
            continue
        before_verb = (
            i + 1 < n and words[i + 1].lower() in REPORTING_VERBS and _speaker_like(entries[i], sentence_starts[i])
        ) or _from_somewhere(words, i, entries[i])
        # An everyday word that is only a rarer surname (unlike "Emma Green") joins a name only where a lower-case
        # word does not follow the pair and not at a sentence start: "Tran Do.", "Tran Do said", "Chairman Song
        # Lin." but not "Preston Do an…", "So Shima…", "Looks Like Demar de…".
        everyday = _everyday_rare_surname(entries[i])
        next_is_name = (
            not (everyday and (sentence_starts[i] or _lower_word(words, i + 2, verbs=False)))
            and i + 1 < n
            and hit[i + 1]
            and words[i + 1][:1].isupper()
        )
        prev_is_name = (
            not (everyday and _lower_word(words, i + 1, verbs=False))
            and i > 0
            and hit[i - 1]
            and words[i - 1][:1].isupper()
            and not sentence_starts[i]
        )
        if before_verb or next_is_name or prev_is_name:
            hit[i] = True
    return [i for i in range(n) if hit[i]]
