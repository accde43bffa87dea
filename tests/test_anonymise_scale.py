"""Anonymisation at scale: the detection cache, worker processes, single reading of texts, and the stage memo.

These check behaviour, not speed (speed is measured in bench/scale.py): a cached or parallel run must give
exactly what a plain run gives, a cache must never hold text, and the memo must be keyed by everything that
can change the output.
"""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

from conftest import make_segments
from voices.anonymise.engine import Anonymiser
from voices.anonymise.identifiers import default_detectors as identifier_detectors
from voices.anonymise.models import DetectionCache, ModelRunner, chunks, fingerprint
from voices.anonymise.spans import DetectContext, Span
from voices.anonymise.stage import Anonymise
from voices.corpus import Corpus
from voices.stage import RunContext

TEXTS = [
    "I told Sarah O'Connor about the bins on Elm Road.",
    "Call 07700 900123 or email dave.smith@example.org about the rent.",
    "my son Will goes to the food bank with mrs begum",
    "Prices keep going up and nobody listens.",
    "MOHAMMED ALI said the heating broke again, ring 0113 496 0000.",
    "See https://example.org/x and ask @wearside_help for the form.",
]


class CountingUpper:
    """A model-like detector: every ALL-CAPS word is a PERSON; counts the texts it reads."""

    name: ClassVar[str] = "test.upper"
    fingerprint = "test.upper.v1"
    seen: ClassVar[list[str]] = []

    def detect(self, texts: list[str], context: DetectContext | None = None) -> list[list[Span]]:
        CountingUpper.seen.extend(texts)
        out = []
        for text in texts:
            spans, pos = [], 0
            for word in text.split(" "):
                if len(word) > 1 and word.isalpha() and word.isupper():
                    spans.append(Span(pos, pos + len(word), "PERSON", self.name, 0.9))
                pos += len(word) + 1
            out.append(spans)
        return out


def test_chunks_never_split_a_document() -> None:
    docs = ["a", "a", "a", "b", "b", "c", "d", "d", "d", "d"]
    parts = chunks(docs, 2)
    assert [i for part in parts for i in part] == list(range(len(docs)))
    assert len(parts) > 1 and all(len(part) >= 2 for part in parts[:-1])
    for left, right in itertools.pairwise(parts):
        assert docs[left[-1]] != docs[right[0]], "a document was split across two chunks"


def test_runner_cache_gives_identical_spans_and_parses_nothing_twice(tmp_path: Path) -> None:
    cache = DetectionCache(tmp_path)
    texts = ["HELLO there", "no caps", "BOB and ALICE"] * 5
    docs = [str(i // 3) for i in range(len(texts))]
    first = ModelRunner([CountingUpper()], batch_size=4, cache=cache, workers=1)
    cold = first.spans(texts, docs)
    assert first.stats["texts_parsed"] == len(texts) and first.stats["from_cache"] == 0
    second = ModelRunner([CountingUpper()], batch_size=4, cache=cache, workers=1)
    warm = second.spans(texts, docs)
    assert warm == cold
    assert second.stats["texts_parsed"] == 0 and second.stats["from_cache"] == len(texts)
    # A changed text changes only its own chunk's key.
    changed = list(texts)
    changed[-1] = "BOB and CAROL"
    third = ModelRunner([CountingUpper()], batch_size=4, cache=cache, workers=1)
    third.spans(changed, docs)
    assert 0 < third.stats["texts_parsed"] < len(texts)


def test_runner_cache_holds_no_text(tmp_path: Path) -> None:
    cache = DetectionCache(tmp_path)
    ModelRunner([CountingUpper()], cache=cache, workers=1).spans(["ZEBEDEE lives here"], ["d"])
    files = list(tmp_path.rglob("*.json.gz"))
    assert files
    for f in files:
        content = gzip.decompress(f.read_bytes()).decode()
        assert "ZEBEDEE" not in content and "lives" not in content


def test_detectors_without_fingerprint_are_never_cached(tmp_path: Path) -> None:
    class Anonymous(CountingUpper):
        fingerprint = None  # type: ignore[assignment]

    assert fingerprint([Anonymous()]) is None
    runner = ModelRunner([Anonymous()], cache=DetectionCache(tmp_path), workers=1)
    runner.spans(["HELLO"], ["d"])
    assert not list(tmp_path.rglob("*.json.gz"))


def test_workers_give_the_same_spans_as_one_process() -> None:
    texts = [f"{t} (row {i})" for i, t in enumerate(TEXTS * 6)]
    docs = [str(i // 2) for i in range(len(texts))]
    from voices.anonymise.names import default_detectors

    one = ModelRunner(default_detectors(), batch_size=5, workers=1).spans(texts, docs)
    many = ModelRunner(default_detectors(), batch_size=5, workers=2)
    two = many.spans(texts, docs)
    assert many.stats["workers"] == 2
    assert two == one
    assert any(one), "the name detector found nothing at all"


def test_engine_reads_texts_without_names_once() -> None:
    """Identifiers are masked before the models read a text, so a text with no names is read exactly once."""
    CountingUpper.seen = []
    engine = Anonymiser([*identifier_detectors(), CountingUpper()])
    out = engine.run(["Ring 07700 900123 today", "ask BOB about it"], document_ids=["1", "2"])
    assert out.texts[0] == "Ring [PHONE_1] today"
    assert CountingUpper.seen.count("Ring [PHONE_1] today") == 1
    assert "Ring 07700 900123 today" not in CountingUpper.seen, "models must read the masked form"
    assert out.texts[1] == "ask [PERSON_1] about it"
    assert len(CountingUpper.seen) == 3  # phone text once; BOB text raw, then its masked form once


def test_engine_with_cache_matches_engine_without(tmp_path: Path) -> None:
    docs = [str(i % 3) for i in range(len(TEXTS))]
    plain = Anonymiser(salt="s").run(TEXTS, document_ids=docs)
    cached = Anonymiser(salt="s", cache=tmp_path).run(TEXTS, document_ids=docs)
    again = Anonymiser(salt="s", cache=tmp_path)
    warm = again.run(TEXTS, document_ids=docs)
    assert cached.texts == plain.texts and warm.texts == plain.texts
    assert warm.redactions == plain.redactions
    assert again.model_runner().stats["texts_parsed"] == 0


def _corpus(texts: list[str]) -> Corpus:
    return Corpus(make_segments(texts))


def test_stage_memo_reuses_identical_output(tmp_path: Path) -> None:
    ctx = RunContext(seed=3, cache_dir=tmp_path)
    first_ctx = RunContext(seed=3, cache_dir=tmp_path)
    cold = Anonymise()(_corpus(TEXTS), first_ctx)
    assert first_ctx.stats["memo"] == "stored"
    warm = Anonymise()(_corpus(TEXTS), ctx)
    assert ctx.stats["memo"] == "reused"
    pd.testing.assert_frame_equal(warm.segments, cold.segments)
    for name in ("redactions", "review_queue"):
        pd.testing.assert_frame_equal(warm.tables[name], cold.tables[name])
    assert warm.artifacts["anonymisation"] == cold.artifacts["anonymisation"]
    assert warm.privacy == "anonymised"
    assert ctx.stats["segments"] == first_ctx.stats["segments"] == len(TEXTS)


@pytest.mark.parametrize(
    "change",
    ["text", "seed", "setting", "known_names"],
)
def test_stage_memo_misses_when_anything_changes(tmp_path: Path, change: str) -> None:
    Anonymise()(_corpus(TEXTS), RunContext(seed=3, cache_dir=tmp_path))
    texts = [*TEXTS[:-1], TEXTS[-1] + " Thanks."] if change == "text" else TEXTS
    seed = 4 if change == "seed" else 3
    kwargs: dict = {}
    if change == "setting":
        kwargs["scope"] = "corpus"
    if change == "known_names":
        kwargs["known_names"] = ["Prices"]
    ctx = RunContext(seed=seed, cache_dir=tmp_path)
    Anonymise(**kwargs)(_corpus(texts), ctx)
    assert ctx.stats["memo"] == "stored"


def test_stage_memo_off_for_key_files_custom_detectors_and_cache_false(tmp_path: Path) -> None:
    corpus = _corpus(TEXTS[:2])
    ctx = RunContext(seed=1, cache_dir=tmp_path)
    assert Anonymise(detectors=identifier_detectors()).memo_key(corpus, ctx) is None
    assert Anonymise(key_file="k.json").memo_key(corpus, ctx) is None
    assert Anonymise(cache=False).memo(ctx) is None
    ctx2 = RunContext(seed=1, cache_dir=tmp_path)
    Anonymise(cache=False)(corpus, ctx2)
    assert "memo" not in ctx2.stats
    assert not (tmp_path / "anonymise").exists()


def test_run_blocks_gives_the_same_result_as_one_run() -> None:
    texts = [f"{t} (note {i})" for i, t in enumerate(TEXTS * 4)]
    docs = [str(i % 7) for i in range(len(texts))]  # documents interleaved: blocks must regroup them
    speakers = ["Zebedee Quist" if i % 5 == 0 else None for i in range(len(texts))]
    kinds = ["transcript"] * len(texts)
    engine = Anonymiser(salt="s", known_names=["Zebedee Quist"])
    whole = engine.run(texts, document_ids=docs, speakers=speakers, source_kinds=kinds, keep_key=True)
    seen: list[tuple[str, int, int]] = []
    blocked = engine.run_blocks(
        texts,
        document_ids=docs,
        speakers=speakers,
        source_kinds=kinds,
        keep_key=True,
        block_texts=5,
        progress=lambda task, done, total: seen.append((task, done, total)),
    )
    assert blocked.texts == whole.texts
    assert blocked.speakers == whole.speakers
    assert blocked.redactions == whole.redactions
    assert blocked.area_codes == whole.area_codes
    assert sorted(map(str, blocked.key)) == sorted(map(str, whole.key))
    first_pass = [done for task, done, total in seen if task == "anonymise"]
    assert first_pass == sorted(first_pass) and first_pass[-1] == len(texts)


def test_run_blocks_keeps_corpus_scope_in_one_block() -> None:
    engine = Anonymiser(salt="s", scope="corpus")
    texts = ["I met Sarah O'Connor.", "Sarah O'Connor rang.", "Dave Smith called."] * 3
    docs = [str(i) for i in range(len(texts))]
    assert (
        engine.run_blocks(texts, document_ids=docs, block_texts=2).texts == engine.run(texts, document_ids=docs).texts
    )
