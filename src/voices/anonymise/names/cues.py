"""Context cues that announce a name: titles, kinship words, introductions, greetings and speaker labels.

"Mrs Begum", "my son Will", "our Helen", "my name is grace", "Thanks Mark" and a transcript line starting
"Helen:" all say that the next word is a person's name, even when that word is also an ordinary English
word. Each rule returns the token positions of the name it announces.

Example:
    >>> words = ["my", "neighbour", "Dave", "said"]
    >>> cue_name_positions(words, [False, False, False, False])
    [2]
"""

from __future__ import annotations

from collections.abc import Sequence

from voices.anonymise.names.lexicon import NameLexicon, is_wordlike
from voices.anonymise.names.spelling import NameSpelling
from voices.anonymise.names.vocabulary import EnglishVocabulary


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Titles after which the next capitalised words are a name, even "Mr Will" or "Dr Hope".
STRONG_TITLES = _words(
    "mr mrs ms miss mx dr prof professor cllr councillor sir dame rev revd reverend fr rabbi imam pastor "
    "sgt pc dc insp cpt capt lt col"
)

#: Titles that are also ordinary words ("the nurse said"): the next word must look like a name.
WEAK_TITLES = _words(
    "doctor nurse sister brother father mother lady lord canon judge inspector sergeant officer captain "
    "major auntie aunty aunt uncle nan nana nanna nanny gran granny grandma grandad grandpa cousin baby "
    "little young old big dj mc lil"
)

#: Possessives and relations: "my son Tom", "her carer Julie", "our neighbour dave".
POSSESSIVES = _words("my our her his their your me mi ma")

RELATIONS = _words(
    "son sons daughter daughters husband hubby wife partner mum mam mom mother dad father brother bro "
    "sister sis friend friends mate mates pal neighbour neighbor neighbours carer carers grandson "
    "granddaughter grandchild grandkids nephew niece boyfriend girlfriend bf gf cousin colleague boss "
    "manager landlord landlady aunt auntie aunty uncle nan nana gran granny grandma grandad grandpa kid "
    "kids child children baby fiance fiancee fiancé fiancée ex stepson stepdaughter stepdad stepmum "
    "godson goddaughter teacher worker gp doctor nurse support key lad lass bestie"
)

#: Titles that name one person together with a place: "Duchess of Cambridge", "Bishop of Durham".
NOBLE_TITLES = _words(
    "duke duchess prince princess earl countess baron baroness marquess viscount bishop archbishop mayor "
    "lord lady dean provost"
)

#: Office titles that belong to the name that follows them: "Prime Minister Theresa May", "Sen. Warren".
OFFICE_TITLES = _words(
    "president vice prime minister secretary chancellor governor senator sen rep representative mayor king "
    "queen prince princess duke duchess earl countess baron baroness pope bishop archbishop coach justice "
    "chief general gen admiral cardinal saint st deputy minister mp msp cllr councillor"
)

INTRODUCERS = _words("called named name's names")

GREETINGS = _words("hi hello hey hiya dear thanks thank cheers ta bye morning evening night love congrats")

REPORTING_VERBS = _words(
    "said says say told tells asked asks replied replies wrote writes explained added reckons thinks "
    "thought texted messaged rang phoned called emailed shouted"
)

#: Words that never start a name even when capitalised after a cue.
_NEVER = _words("the a an and or but of to in on at for with from by is was are were be been")


#: Lower-case log-probability above which a word is too frequent to be a name after a kinship word.
_FREQUENT = -11.5


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _name_after(
    words: Sequence[str],
    i: int,
    lex: NameLexicon,
    *,
    strong: bool,
    max_len: int = 3,
    relation: bool = False,
    unknown_ok: bool = False,
) -> list[int]:
    """Positions of the name that starts at ``i`` (up to ``max_len`` words), or [] if none does."""
    found: list[int] = []
    for j in range(i, min(i + max_len, len(words))):
        w = words[j]
        if not is_wordlike(w) or w.lower() in _NEVER:
            break
        entry = lex.get(w)
        english = entry is None and not strong and EnglishVocabulary.default().knows(w)  # "called Malaysian"
        looks_like_name = (_capitalised(w) and not english) or (
            entry is not None and entry.is_name and not entry.is_common_word
        )
        if not found and not looks_like_name and entry is not None and relation:
            # "my carer jo", "my daughter grace": a first name after a relation word, unless it is a very
            # frequent word ("my son will be 5").
            looks_like_name = entry.first >= 2 and (entry.lower_logp is None or entry.lower_logp < _FREQUENT)
        # An unknown word after a strong cue, or after "called" if it is no English word ("Obama called
        # Malaysian officials" is a phone call, "a lad called Borna" an introduction).
        unknown = entry is None and (strong or (unknown_ok and not english))
        if not found:
            if not (looks_like_name or unknown):
                break
        elif english or not (
            _capitalised(w) or unknown or (entry is not None and entry.is_name and not entry.is_common_word)
        ):
            break
        found.append(j)
    return found


#: Endings of English words that no name list needs to know ("anonymised", "privatized", "ongoing").
_ENGLISH_ENDINGS = ("ised", "ized", "ising", "izing", "ed", "ing", "ly", "tion", "ness", "ment", "able", "ible")


def cue_name_positions(
    words: Sequence[str], line_starts: Sequence[bool], lexicon: NameLexicon | None = None
) -> list[int]:
    """Token positions that a cue marks as part of a person's name.

    Args:
        words: the tokens of one text (whitespace tokens included or not; they never match).
        line_starts: per token, whether it starts a line (for speaker labels such as ``Helen:``).
        lexicon: name lexicon (default: the packaged one).

    Returns:
        Sorted token positions.
    """
    lex = lexicon or NameLexicon.default()
    hits: set[int] = set()
    n = len(words)
    lowered = [w.lower().rstrip(".") for w in words]
    for i, low in enumerate(lowered):
        nxt = i + 1
        if nxt < n and words[nxt] == "." and low in STRONG_TITLES:
            nxt += 1
        if low in STRONG_TITLES and _capitalised(words[i]):
            hits.update(_name_after(words, nxt, lex, strong=True))
        elif low in WEAK_TITLES and _capitalised(words[i]) and nxt < n and _capitalised(words[nxt]):
            # "Nurse Ratched", "Auntie Pat", but not "The Big Three" or "Doctor Who": a name must follow.
            if lex.is_name(words[nxt]) or not lex.is_common_word(words[nxt]):
                hits.update(_name_after(words, nxt, lex, strong=False))
        elif low in POSSESSIVES and nxt < n:
            rel = lowered[nxt]
            if rel in RELATIONS:
                after = nxt + 1
                if after < n and lowered[after] in RELATIONS:  # "my support worker Jo"
                    after += 1
                hits.update(_name_after(words, after, lex, strong=False, max_len=2, relation=True))
            elif low == "our" and _capitalised(words[nxt]) and lex.is_first_name(words[nxt]):
                hits.add(nxt)  # "our Helen", "our Grace"
        elif low in INTRODUCERS or (low == "is" and i > 0 and lowered[i - 1] == "name"):
            # "my name is borna", "everyone calls me borna": any word that is not a common word; but not
            # "so-called anonymised data", nor a lower-case word built like an English one ("called unionised").
            so_called = low == "called" and i > 1 and words[i - 1] == "-" and lowered[i - 2] == "so"
            if not so_called and not (nxt < n and words[nxt].islower() and words[nxt].endswith(_ENGLISH_ENDINGS)):
                hits.update(_name_after(words, nxt, lex, strong=False, max_len=2, unknown_ok=True))
        elif low == "me" and i > 0 and lowered[i - 1] in ("call", "calls", "called"):
            hits.update(_name_after(words, nxt, lex, strong=False, max_len=2, unknown_ok=True))
        elif low in NOBLE_TITLES and _capitalised(words[i]) and nxt + 1 < n and lowered[nxt] == "of":
            # "Duchess of Cambridge", "Mayor of Leeds": the title names one person.
            place = _name_after(words, nxt + 1, lex, strong=True, max_len=2)
            if place and all(_capitalised(words[j]) for j in place):
                hits.update([i, nxt, *place])
        elif low in GREETINGS and nxt < n and _capitalised(words[nxt]) and lex.is_first_name(words[nxt]):
            hits.update(_name_after(words, nxt, lex, strong=False, max_len=2))
        if _capitalised(words[i]) and is_wordlike(words[i]) and _vocative(words, line_starts, i, lex):
            hits.add(i)
        if line_starts[i] and _capitalised(words[i]) and is_wordlike(words[i]):
            hits.update(_name_line(words, line_starts, i, lex))
            # Speaker label: "Helen:" or "Helen Smith:" at the start of a line.
            for k in (i + 1, i + 2):
                if k < n and words[k] == ":":
                    span = list(range(i, k))
                    if all(_capitalised(words[j]) and is_wordlike(words[j]) for j in span) and (
                        _first_name_label(words[i], lex)
                        or (lex.is_name(words[i]) and not lex.is_common_word(words[i]))
                        or (lex.get(words[i]) is None and not EnglishVocabulary.default().knows(words[i]))
                    ):  # "Helen:", "Okafor:", "Ngozi:", but not a form field such as "Postcode:" or "Ward:"
                        hits.update(span)
                    break
                if k < n and not (_capitalised(words[k]) and is_wordlike(words[k])):
                    break
    return sorted(hits)


#: Words that follow a name used to address someone at the start of a sentence: "Loey, do you…", "Sam, can I…".
_AFTER_VOCATIVE = _words(
    "can could do did does are is will would please you i i'm we thanks thank how what where why when have "
    "hope just sorry"
)
_SENTENCE_FINAL = frozenset({".", "!", "?", "\u2026", "...", '"', ":", ";"})


def _vocative(words: Sequence[str], line_starts: Sequence[bool], i: int, lex: NameLexicon) -> bool:
    """A name that addresses someone: "Loey, do you…" at a sentence start, or "…, Summer?" at a sentence end.

    At a start the word must be a first name that is no common word, or no English word at all; at an end,
    after a comma, any first name will do ("Where are my keys, Summer?")."""
    n = len(words)
    w = words[i]
    entry = lex.get(w)
    start = i == 0 or line_starts[i] or words[i - 1] in _SENTENCE_FINAL
    if start and i + 2 < n and words[i + 1] == "," and words[i + 2].lower() in _AFTER_VOCATIVE:
        if entry is None:
            return not EnglishVocabulary.default().knows(w)
        return entry.first > 0 and not entry.is_common_word
    if i > 0 and words[i - 1] == "," and (i + 1 == n or words[i + 1] in ("?", "!", "!!", "?!", "...", "\u2026")):
        return entry is not None and entry.first >= (2 if entry.is_common_word else 1)
    return False


def _first_name_label(word: str, lex: NameLexicon) -> bool:
    """A first name as a speaker label: "Helen:", "Grace:", but not a rare first name that is a common word
    ("READ:", "Note:")."""
    entry = lex.get(word)
    return entry is not None and entry.first > 0 and (entry.first >= 2 or not entry.is_common_word)


def _name_line(words: Sequence[str], line_starts: Sequence[bool], i: int, lex: NameLexicon) -> list[int]:
    """A line that is only a name ("Rebecca Hides", "Mijail C Adomo"), as in signatures and address blocks."""
    j = i + 1
    while j < len(words) and not line_starts[j] and not words[j].isspace() and words[j] != ">":
        j += 1
    line = list(range(i, j))
    if len(line) == 1:
        return _sign_off(words, i, lex)
    if not 2 <= len(line) <= 4:
        return []
    if not all(_capitalised(words[k]) and (is_wordlike(words[k]) or _is_initial(words[k])) for k in line):
        return []
    first, last = lex.get(words[line[0]]), lex.get(words[line[-1]])
    if any(lex.is_common_word(words[k]) for k in line):
        return []
    if (first is not None and first.first > 0) or (last is not None and last.surname > 0):
        return line
    # "Gyala Antall", "Esat Jeknić": words no list knows, spelt like names (:mod:`.spelling`) on average.
    parts = [words[k] for k in line if is_wordlike(words[k])]
    vocab = EnglishVocabulary.default()
    if len(parts) >= 2 and all(lex.get(w) is None and not vocab.knows(w) for w in parts):
        spelling = NameSpelling.default()
        if sum(spelling.score(w) for w in parts) / len(parts) > 0:
            return line
    return []


def _sign_off(words: Sequence[str], i: int, lex: NameLexicon) -> list[int]:
    """A first name alone on the last line, or on a line after "Best wishes," ("Kind regards,\nGrace")."""
    entry = lex.get(words[i])
    if entry is None or entry.first == 0 or not is_wordlike(words[i]):
        return []
    k = i - 1
    while k >= 0 and words[k].isspace():
        k -= 1
    after_comma = k >= 0 and words[k] == ","
    last = all(w.isspace() for w in words[i + 1 :])
    if entry.is_common_word:
        return [i] if after_comma and entry.first >= 2 else []
    return [i] if after_comma or (last and k >= 0) else []


def _is_initial(word: str) -> bool:
    return (len(word) == 1 or (len(word) == 2 and word[1] == ".")) and word[0].isupper()


#: Titles that join a name even in lower case: no other word is spelt so ("miss", "pc" and "col" are).
_LOWER_CASE_TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "cllr", "prof"})


def title_positions(words: Sequence[str], marked: Sequence[bool]) -> list[int]:
    """Titles directly before a marked name ("Mrs", "Dr .", "Prime Minister"), so the mask hides them too.

    A title says a person's gender or office; masked together with the name it gives nothing away.

    Example:
        >>> title_positions(["asked", "Prime", "Minister", "Begum"], [False, False, False, True])
        [1, 2]
    """
    titles = STRONG_TITLES | WEAK_TITLES | OFFICE_TITLES

    def is_title(k: int) -> bool:
        w = words[k]
        if w == ".":  # "Dr . Margaret MacMillan"
            return k > 0 and _capitalised(words[k - 1]) and words[k - 1].lower() in titles
        low = w.lower().rstrip(".")
        return (_capitalised(w) and low in titles) or (w.islower() and low in _LOWER_CASE_TITLES)  # "mrs patel"

    added: list[int] = []
    for i in range(1, len(words)):
        if not marked[i] or marked[i - 1]:
            continue
        k = i - 1
        while k >= 0 and is_title(k):
            added.append(k)
            k -= 1
    return sorted(added)
