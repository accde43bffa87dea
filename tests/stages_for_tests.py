"""Tiny stages used by the pipeline and run-store tests (registered per test with monkeypatch)."""

from __future__ import annotations

from typing import ClassVar

from voices.corpus import Corpus
from voices.stage import RunContext


class MarkAnonymous:
    name: ClassVar[str] = "tests.mark_anonymous.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    produces: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, reason: str = "test data") -> None:
        self.reason = reason

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        return corpus.evolve(privacy="declared_anonymous").with_artifact("declared_anonymous", {"reason": self.reason})


class Loses:
    """A buggy stage that loses a row without saying why."""

    name: ClassVar[str] = "tests.loses.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    produces: ClassVar[frozenset[str]] = frozenset()

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        return corpus.evolve(segments=corpus.segments.iloc[1:].reset_index(drop=True))


class SeedEcho:
    name: ClassVar[str] = "tests.seed_echo.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    produces: ClassVar[frozenset[str]] = frozenset({"seed_seen"})

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        return corpus.with_artifact("seed_seen", {"seed": ctx.seed})


class NeedsEmbeddings:
    name: ClassVar[str] = "tests.needs_embeddings.v1"
    requires: ClassVar[frozenset[str]] = frozenset({"embeddings"})
    produces: ClassVar[frozenset[str]] = frozenset()

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        return corpus
