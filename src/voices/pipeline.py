"""Pipelines: TOML files that name registered stages and their arguments, validated before anything runs.

A pipeline file looks like this::

    [pipeline]
    name = "consultation"
    seed = 42

    [[stage]]
    use = "voices.ingest.consultation.v1"
    paths = ["../data/samples/consultation/*.csv"]

    [[stage]]
    use = "voices.anonymise.v1"

:func:`load` parses and validates it (unknown stages and arguments are named with the closest match; argument
types are checked against each stage's constructor; every stage's ``requires`` must be produced by an earlier
stage; nothing but ingest and filters may run before anonymisation). :func:`run` executes it and writes an
immutable run directory through :mod:`voices.runstore`.

Example:
    >>> spec = loads('[pipeline]\\nname = "x"\\n[[stage]]\\nuse = "voices.ingest.corpus.v1"\\npaths = ["a.csv"]\\n'
    ...              '[[stage]]\\nuse = "voices.anonymise.declare_anonymous.v1"\\nreason = "synthetic"\\n')
    >>> [s.use for s in spec.stages]
    ['voices.ingest.corpus.v1', 'voices.anonymise.declare_anonymous.v1']
"""

from __future__ import annotations

import difflib
import inspect
import logging
import os
import resource
import time
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voices import registry
from voices.corpus import REQUIRED, Corpus
from voices.errors import PipelineError, VoicesError
from voices.stage import ProgressFn, RunContext, _no_progress

log = logging.getLogger(__name__)

PIPELINE_KEYS: dict[str, str] = {
    "name": "a short name for the pipeline, used in run directory names",
    "seed": "the one integer seed passed to every stage",
    "description": "free text shown by `voices validate`",
    "runs_dir": "where run directories are written (relative to the pipeline file)",
    "cache_dir": "where caches that outlive a run are kept (default: the user's cache folder)",
}
INGEST_PREFIX = "voices.ingest."
FILTER_PREFIX = "voices.filter."
PRIVACY_STAGES = frozenset({"voices.anonymise.v1", "voices.anonymise.declare_anonymous.v1"})


@dataclass(frozen=True)
class StageSpec:
    """One ``[[stage]]`` entry: the registered name and its arguments, as written."""

    use: str
    args: dict[str, Any]
    index: int

    def label(self) -> str:
        return f"stage {self.index + 1} ({self.use})"


@dataclass(frozen=True)
class PipelineSpec:
    """A parsed, validated pipeline file."""

    name: str
    seed: int
    stages: tuple[StageSpec, ...]
    base_dir: Path
    description: str = ""
    runs_dir: str | None = None
    cache_dir: str | None = None
    source: Path | None = None
    resolved: tuple[dict[str, Any], ...] = field(default=(), compare=False)

    def build(self) -> list[Any]:
        """Instantiate every stage (constructors only store their parameters)."""
        return [registry.get(s.use)(**s.args) for s in self.stages]


def load(path: str | Path) -> PipelineSpec:
    """Read and validate a pipeline file.

    Raises:
        PipelineError: the file is not valid TOML or the pipeline is invalid; the message names the fix.
    """
    p = Path(path)
    if not p.exists():
        raise PipelineError(f"{p}: no such pipeline file. Fix: check the path; examples live in pipelines/.")
    return loads(p.read_text(encoding="utf-8"), base_dir=p.resolve().parent, source=p.resolve())


def loads(text: str, *, base_dir: Path | None = None, source: Path | None = None) -> PipelineSpec:
    """Parse and validate pipeline TOML given as a string (see :func:`load`)."""
    where = str(source) if source else "<pipeline>"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PipelineError(f"{where}: not valid TOML ({exc}). Fix: correct the syntax at that line.") from exc
    head = data.get("pipeline", {})
    if not isinstance(head, dict):
        raise PipelineError(f"{where}: [pipeline] must be a table.")
    unknown_top = [k for k in data if k not in ("pipeline", "stage")]
    if unknown_top:
        raise PipelineError(f"{where}: unknown top-level key(s) {unknown_top}; expected [pipeline] and [[stage]].")
    for key in head:
        if key not in PIPELINE_KEYS:
            raise PipelineError(f"{where}: unknown [pipeline] key {key!r}. {_did_you_mean(key, PIPELINE_KEYS)}")
    seed = head.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise PipelineError(f"{where}: [pipeline] seed must be a non-negative integer, got {seed!r}.")
    raw_stages = data.get("stage", [])
    if not isinstance(raw_stages, list) or not raw_stages:
        raise PipelineError(f'{where}: no stages. Fix: add at least one [[stage]] with use = "...".')
    stages = []
    for i, raw in enumerate(raw_stages):
        if "use" not in raw:
            raise PipelineError(f"{where}: stage {i + 1} has no 'use' key naming a registered stage.")
        args = {k: v for k, v in raw.items() if k != "use"}
        stages.append(StageSpec(use=str(raw["use"]), args=args, index=i))
    spec = PipelineSpec(
        name=str(head.get("name", source.stem if source else "pipeline")),
        seed=int(seed),
        stages=tuple(stages),
        base_dir=base_dir or Path.cwd(),
        description=str(head.get("description", "")),
        runs_dir=head.get("runs_dir"),
        cache_dir=head.get("cache_dir"),
        source=source,
    )
    resolved = validate(spec, where=where)
    return PipelineSpec(**{**spec.__dict__, "resolved": resolved})


def _did_you_mean(word: str, choices: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"Fix: did you mean {close[0]!r}?" if close else f"Fix: use one of {sorted(choices)}."


def _check_args(spec: StageSpec, cls: Any, where: str) -> dict[str, Any]:
    """Check a stage's arguments against its constructor; return all arguments with defaults filled in."""
    from pydantic import ValidationError

    sig = inspect.signature(cls.__init__)
    params = {
        n: p for n, p in sig.parameters.items() if n != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    }
    try:
        hints = typing.get_type_hints(cls.__init__)
    except Exception:  # unresolvable annotations: skip type checks, names are still checked
        hints = {}
    for key in spec.args:
        if key not in params:
            raise PipelineError(
                f"{where}: {spec.label()} got unknown argument {key!r}; it takes {sorted(params) or 'no arguments'}. "
                + _did_you_mean(key, params)
            )
    resolved: dict[str, Any] = {}
    for name, param in params.items():
        if name in spec.args:
            value = spec.args[name]
            adapter = _adapter(hints.get(name))
            if adapter is not None:
                try:
                    adapter.validate_python(value, strict=False)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    raise PipelineError(
                        f"{where}: {spec.label()} argument {name!r} should be {_type_name(hints[name])}, "
                        f"got {value!r} ({first['msg']})."
                    ) from exc
            resolved[name] = value
        elif param.default is inspect.Parameter.empty:
            raise PipelineError(f"{where}: {spec.label()} needs argument {name!r}. Fix: add `{name} = ...`.")
        else:
            resolved[name] = param.default
    return resolved


def _adapter(hint: Any) -> Any:
    """A pydantic TypeAdapter for a constructor annotation, or None when it is not a plain data type."""
    from pydantic import TypeAdapter

    if hint is None:
        return None
    try:
        return TypeAdapter(hint)
    except Exception:  # protocols and live objects: names are still checked, types are not
        return None


def _type_name(tp: Any) -> str:
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def validate(spec: PipelineSpec, *, where: str = "<pipeline>") -> tuple[dict[str, Any], ...]:
    """Check a pipeline without running it; return each stage's resolved arguments.

    Raises:
        PipelineError: naming the stage, what is wrong and the fix.
    """
    available: set[str] = set()
    privacy_at: int | None = None
    resolved = []
    for s in spec.stages:
        cls = registry.get(s.use) if s.use in registry.names() else None
        if cls is None:
            hint = registry.suggest(s.use)
            fix = f"did you mean {hint!r}?" if hint else "run `voices stages` to list registered stages."
            raise PipelineError(f"{where}: {s.label()}: unknown stage {s.use!r}. Fix: {fix}")
        args = _check_args(s, cls, where)
        resolved.append({"use": s.use, **args})
        is_ingest = s.use.startswith(INGEST_PREFIX)
        if not is_ingest:
            missing = set(cls.requires) - available
            if missing:
                raise PipelineError(
                    f"{where}: {s.label()} requires {sorted(missing)}, which no earlier stage produces. "
                    "Fix: add the stage that produces it earlier (ingest → anonymise → embed → themes)."
                )
        if s.use in PRIVACY_STAGES:
            privacy_at = s.index if privacy_at is None else privacy_at
        elif not is_ingest and not s.use.startswith(FILTER_PREFIX) and privacy_at is None:
            raise PipelineError(
                f"{where}: {s.label()} would run on raw text before anonymisation. Fix: put "
                "'voices.anonymise.v1' (or 'voices.anonymise.declare_anonymous.v1' with a reason) before it."
            )
        if is_ingest:
            available |= set(REQUIRED)
        available |= set(cls.produces)
    if privacy_at is None:
        raise PipelineError(
            f"{where}: the pipeline never anonymises, and runs refuse to store raw text. Fix: add a stage "
            "'voices.anonymise.v1' after ingest, or 'voices.anonymise.declare_anonymous.v1' with a reason "
            "if the data is already anonymised."
        )
    return tuple(resolved)


@dataclass
class StageRecord:
    """What the manifest records about one stage."""

    use: str
    args: dict[str, Any]
    segments_in: int = 0
    segments_out: int = 0
    quarantined: int = 0
    dropped: int = 0
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_rss_mb: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def execute(
    spec: PipelineSpec,
    *,
    seed: int | None = None,
    progress: ProgressFn = _no_progress,
    cache_dir: Path | None = None,
) -> tuple[Corpus, list[StageRecord]]:
    """Run every stage in order on an empty corpus; return the final corpus and per-stage records.

    Counts are checked after every stage: segments in = segments out + newly quarantined + newly dropped
    (ingest stages add segments and check their own record counts).
    """
    run_seed = spec.seed if seed is None else seed
    stages = spec.build()
    corpus = Corpus()
    records: list[StageRecord] = []
    for s, stage, args in zip(spec.stages, stages, spec.resolved, strict=True):
        ctx = RunContext(seed=run_seed, base_dir=spec.base_dir, cache_dir=cache_dir, progress=progress)
        before = corpus
        wall0, cpu0 = time.perf_counter(), time.process_time()
        log.info("running %s", s.use)
        try:
            corpus = stage(corpus, ctx)
        except VoicesError:
            raise
        except Exception as exc:
            raise PipelineError(f"{s.label()} failed: {type(exc).__name__}: {exc}") from exc
        rec = StageRecord(
            use=s.use,
            args={k: v for k, v in args.items() if k != "use"},
            segments_in=len(before),
            segments_out=len(corpus),
            quarantined=len(corpus.quarantine) - len(before.quarantine),
            dropped=len(corpus.dropped) - len(before.dropped),
            wall_s=round(time.perf_counter() - wall0, 3),
            cpu_s=round(time.process_time() - cpu0, 3),
            peak_rss_mb=round(_peak_rss_mb(), 1),
            stats=dict(ctx.stats),
        )
        if not s.use.startswith(INGEST_PREFIX) and rec.segments_in != rec.segments_out + rec.quarantined + rec.dropped:
            raise PipelineError(
                f"{s.label()}: counts do not add up: in={rec.segments_in}, out={rec.segments_out}, "
                f"quarantined={rec.quarantined}, dropped={rec.dropped}. A stage lost rows without a reason; "
                "this is a bug in that stage."
            )
        records.append(rec)
    return corpus, records


def run(
    spec: PipelineSpec,
    *,
    seed: int | None = None,
    runs_dir: str | Path | None = None,
    progress: ProgressFn = _no_progress,
) -> Path:
    """Run a validated pipeline and write its immutable run directory; return the directory."""
    from voices import runstore

    cache_dir = _cache_dir(spec)
    started = time.time()
    corpus, records = execute(spec, seed=seed, progress=progress, cache_dir=cache_dir)
    target = Path(runs_dir) if runs_dir else (spec.base_dir / spec.runs_dir if spec.runs_dir else Path("runs"))
    return runstore.write_run(
        corpus,
        runs_dir=target,
        name=spec.name,
        seed=spec.seed if seed is None else seed,
        pipeline=spec,
        stages=records,
        started=started,
    )


def _cache_dir(spec: PipelineSpec) -> Path | None:
    if spec.cache_dir:
        return spec.base_dir / spec.cache_dir
    env = os.environ.get("VOICES_CACHE_DIR")
    return Path(env) if env else None
