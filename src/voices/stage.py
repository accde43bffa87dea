"""The stage protocol: small callables ``Corpus -> Corpus`` that declare what they need and what they add.

A stage is a class with a versioned ``name`` (``voices.ingest.consultation.v1``), ``requires`` and
``produces`` (names of segment columns, arrays, tables or artifacts), a constructor that only stores its
parameters, and ``__call__(corpus, ctx)``. The runner checks ``requires`` against what earlier stages produce
before anything heavy runs, and hands every stage the same :class:`RunContext` (one seed per run).

Example:
    >>> class Upper:
    ...     name = "example.upper.v1"
    ...     requires = frozenset({"text"})
    ...     produces = frozenset({"text"})
    ...     def __call__(self, corpus, ctx):
    ...         seg = corpus.segments.assign(text=corpus.segments["text"].str.upper())
    ...         return corpus.evolve(segments=seg)
    >>> isinstance(Upper(), Stage)
    True
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

from voices.corpus import Corpus

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, int, int], None]


def _no_progress(task: str, done: int, total: int) -> None:
    return None


@dataclass
class RunContext:
    """What the runner hands every stage.

    Attributes:
        seed: the one integer seed of the run; stages derive every random state from it.
        base_dir: directory that relative paths in the pipeline file resolve against.
        cache_dir: where stages may keep caches that outlive a run (embeddings).
        progress: callback ``(task, done, total)`` for long work; a no-op by default.
        stats: per-stage counters a stage may add to (e.g. ``records_in`` for ingest); the runner
            copies them into the manifest.
    """

    seed: int = 0
    base_dir: Path = field(default_factory=Path.cwd)
    cache_dir: Path | None = None
    progress: ProgressFn = _no_progress
    stats: dict[str, Any] = field(default_factory=dict)

    def resolve(self, path: str | Path) -> Path:
        """Resolve ``path`` against the pipeline file's directory (absolute paths pass through)."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else (self.base_dir / p)

    def count(self, key: str, n: int = 1) -> None:
        """Add ``n`` to a named counter in this stage's stats."""
        self.stats[key] = int(self.stats.get(key, 0)) + int(n)


@runtime_checkable
class Stage(Protocol):
    """What every registered stage looks like."""

    name: ClassVar[str]
    requires: ClassVar[frozenset[str]]
    produces: ClassVar[frozenset[str]]

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus: ...
