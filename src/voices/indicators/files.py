"""``voices pair RUN``: pair an existing run's themes with indicators, writing a *new* run beside it.

Runs are immutable, so pairing never writes into the run it reads. It writes a new run directory next to it
(same runs folder unless told otherwise) holding the parent's segments, tables and artifacts, plus the pairing
tables and the ``pairing`` artifact. Its manifest records ``derived_from`` (the parent's id, path, manifest
hash and counts) and the pairing stage with its arguments. Row-aligned arrays (embeddings) are not copied: they
stay in the parent run, which the manifest names. A report built from the new run therefore finds themes,
quotes and pairing tables in one place.

Example:
    >>> from pathlib import Path
    >>> try:
    ...     pair_run(Path("/nonexistent-run"))
    ... except Exception as e:
    ...     print(type(e).__name__)
    RunStoreError
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from voices.corpus import Corpus
from voices.errors import RunStoreError
from voices.stage import RunContext

log = logging.getLogger(__name__)


def _corpus(run: Any) -> Corpus:
    state = run.manifest.get("privacy", {}).get("state", "anonymised")
    tables = {name: run.table(name) for name in run.tables()}
    artifacts = {name: run.artifact(name) for name in run.artifacts()}
    quarantine = run.quarantine.copy()
    dropped = run.dropped.copy()
    for frame in (quarantine, dropped):
        if "row" in frame.columns:
            frame["row"] = frame["row"].replace("", None).astype("Int64")
    return Corpus(
        segments=run.segments, tables=tables, artifacts=artifacts, quarantine=quarantine, dropped=dropped, privacy=state
    )


def pair_run(
    run: str | Path,
    *,
    indicators: Sequence[str | Path] = (),
    runs_dir: str | Path | None = None,
    **stage_args: Any,
) -> Path:
    """Pair the themes of the run at ``run`` and write a new run; return the new run's directory.

    Args:
        run: a run directory (or a runs folder: its newest run).
        indicators: indicator files (tidy CSV / XLSX or ONS time-series CSV); ``builtin:cpi`` for the bundled CPI.
        runs_dir: where to write the new run (default: the folder holding ``run``).
        **stage_args: any other argument of :class:`voices.indicators.stage.Pair` (``freq``, ``threshold``…).

    Raises:
        RunStoreError: ``run`` is not a run, or has no themes.
        IndicatorError / InputFormatError: an indicator file cannot be used.
    """
    from voices import runstore
    from voices.indicators.stage import Pair

    parent = runstore.open_run(run)
    missing = [t for t in ("themes", "assignments") if t not in parent.tables()]
    if missing:
        raise RunStoreError(
            f"{parent.path.name}: expected the tables 'themes' and 'assignments', found {parent.tables()}. "
            "Fix: pair a run whose pipeline ran a themes stage (voices.themes.v1)."
        )
    if parent.manifest.get("privacy", {}).get("state") == "raw":
        raise RunStoreError(f"{parent.path.name}: its manifest says the text is raw; runs never hold raw text.")
    started = time.time()
    corpus = _corpus(parent)
    args = {
        "indicators": [str(Path(p).resolve()) if not str(p).startswith("builtin:") else str(p) for p in indicators],
        **stage_args,
    }
    stage = Pair(**args)
    seed = int(parent.manifest.get("seed", 0))
    ctx = RunContext(seed=seed, base_dir=Path.cwd())
    wall0, cpu0 = time.perf_counter(), time.process_time()
    out = stage(corpus, ctx)
    record = {
        "use": stage.name,
        "args": args,
        "segments_in": len(corpus),
        "segments_out": len(out),
        "quarantined": 0,
        "dropped": 0,
        "wall_s": round(time.perf_counter() - wall0, 3),
        "cpu_s": round(time.process_time() - cpu0, 3),
        "stats": dict(ctx.stats),
    }
    manifest_path = parent.path / runstore.MANIFEST
    derived = {
        "run_id": parent.manifest.get("run_id"),
        "path": str(parent.path.resolve()),
        "manifest_sha256": hashlib.sha256(manifest_path.read_bytes()).hexdigest(),
        "counts": parent.manifest.get("counts"),
        "stages": [s.get("use") for s in parent.manifest.get("stages", [])],
        "arrays_not_copied": sorted(p.stem for p in (parent.path / "arrays").glob("*.npy"))
        if (parent.path / "arrays").exists()
        else [],
    }
    name = f"{parent.manifest.get('name', 'run')}-pair"
    target = Path(runs_dir) if runs_dir is not None else parent.path.parent
    path = runstore.write_run(
        out, runs_dir=target, name=name, seed=seed, stages=[record], started=started, extra={"derived_from": derived}
    )
    log.info("paired %s → %s", parent.path.name, path)
    return path
