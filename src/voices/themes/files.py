"""The file-to-file contract behind ``voices themes INPUT --text-column COL --output DIR``.

Reads a CSV, JSONL or Parquet file, anonymises the text column (unless ``anonymise=False``, which is recorded),
embeds it, runs the ``voices.themes.v1`` stage and writes to ``DIR``:

- ``assignments.csv``: ``row`` (1-based data record number in INPUT), ``theme_id``, ``probability``; several rows
  for a record that carries several themes, ``theme_id`` -1 for an unassigned record (or one without text);
- ``themes.json``: every theme and sub-theme (label, keywords, description, quotes, size, share and interval,
  stability), the quality numbers and the parameters;
- ``manifest.json``: input hash, row counts, seed, embedder, anonymisation, package versions, timings, quality;
- ``model/``: the fitted theme model as data (:func:`voices.themes.persist.load`), to assign new text later.

Example (not run here: it loads the embedding model):
    >>> themes_file("answers.csv", "out/", text_column="answer", seed=0)  # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from voices.errors import InputFormatError
from voices.themes.errors import ThemeError

log = logging.getLogger(__name__)

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}


def read_table(path: str | Path, text_column: str) -> pd.DataFrame:
    """Read a CSV / JSONL / Parquet file and check that ``text_column`` is there.

    Raises:
        InputFormatError: unknown extension, unreadable file, or no such column (naming the closest one).
    """
    src = Path(path)
    fmt = FORMATS.get(src.suffix.lower())
    if fmt is None:
        raise InputFormatError(
            src, expected="a .csv, .jsonl or .parquet file", found=f"{src.suffix or 'no extension'}", fix="convert it"
        )
    if not src.is_file():
        raise InputFormatError(src, expected="an existing file", found="nothing at that path", fix="check the path")
    try:
        if fmt == "csv":
            frame = pd.read_csv(src, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif fmt == "jsonl":
            frame = pd.read_json(src, lines=True, dtype=False)
        else:
            frame = pd.read_parquet(src)
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        raise InputFormatError(src, expected=f"a readable {fmt} file", found=str(exc)[:200], fix="re-export") from exc
    if text_column not in frame.columns:
        close = difflib.get_close_matches(text_column, [str(c) for c in frame.columns], n=1)
        raise InputFormatError(
            src,
            expected=f"a column named {text_column!r}",
            found=f"the columns {list(frame.columns)}",
            fix=f"pass --text-column {close[0]!r}" if close else "pass --text-column with one of those names",
        )
    return frame


def _texts(frame: pd.DataFrame, column: str) -> list[str]:
    def clean(v: Any) -> str:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return ""
        return str(v)

    return [clean(v) for v in frame[column].tolist()]


def _anonymise(texts: list[str], progress: Callable[[str, int, int], None] | None) -> list[str]:
    try:
        from voices.anonymise.engine import Anonymiser
    except ImportError as exc:
        raise ThemeError(
            expected="the voices.anonymise package to anonymise the text first",
            found=f"ImportError: {exc}",
            fix="reinstall voices, or pass --no-anonymise if the text is already anonymised",
        ) from exc
    from voices.anonymise.models import DetectionCache, default_cache_dir

    # Detections are cached in the user's cache folder (spans only, never text), as embeddings are.
    engine = Anonymiser(cache=DetectionCache(default_cache_dir()))
    result = engine.run(texts, document_ids=[str(i) for i in range(len(texts))], progress=progress)
    return [t or "" for t in result.texts]


def _embed(texts: list[str], embedder: str, progress: Callable[[str, int, int], None] | None) -> tuple[np.ndarray, str]:
    try:
        from voices.embed import EmbeddingCache, cached_embed, make_embedder
    except ImportError as exc:
        raise ThemeError(
            expected="the voices.embed package to embed the text",
            found=f"ImportError: {exc}",
            fix="reinstall voices",
        ) from exc
    model = make_embedder(embedder)
    vectors = cached_embed(
        model,
        texts,
        EmbeddingCache(),
        progress=(lambda d, t: progress("embed", d, t)) if progress else None,
    )
    return vectors, model.name


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def themes_file(
    input: str | Path,
    output_dir: str | Path,
    *,
    text_column: str,
    seed: int = 0,
    embedder: str = "default",
    anonymise: bool = True,
    split_by: str | None = None,
    stability_runs: int = 3,
    tokeniser: str = "auto",
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Find themes in one text column of a table file and write assignments, themes and a manifest.

    Args:
        input: a .csv, .jsonl/.ndjson or .parquet file.
        output_dir: folder to write into (created; existing files of the same names are replaced).
        text_column: the column holding the free text.
        seed: the one seed of the run.
        embedder: ``default``, ``fast`` or a model folder (see :func:`voices.embed.make_embedder`).
        anonymise: mask personal data before anything else sees the text; ``False`` records an opt-out.
        split_by: a column of INPUT to fit separate themes per value (e.g. the question).
        stability_runs: refits for the stability scores (0 to skip).
        tokeniser: keyword tokeniser: ``spacy``, ``regex`` or ``auto``.
        progress: callback ``(task, done, total)``.

    Returns:
        A summary: rows, themes, unassigned share, output paths, seconds.
    """
    from voices.corpus import Corpus, conform
    from voices.runstore import package_versions
    from voices.stage import RunContext
    from voices.themes.persist import from_state, save
    from voices.themes.stage import Themes

    started = time.perf_counter()
    src = Path(input)
    out = Path(output_dir)
    frame = read_table(src, text_column)
    if split_by is not None and split_by not in frame.columns:
        raise InputFormatError(
            src,
            expected=f"a column {split_by!r} to split by",
            found=str(list(frame.columns)),
            fix="pass --split-by with one of those names",
        )
    raw = _texts(frame, text_column)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    texts = _anonymise(raw, progress) if anonymise else raw
    timings["anonymise_s"] = round(time.perf_counter() - t0, 2)
    del raw
    t0 = time.perf_counter()
    vectors, embedder_name = _embed(texts, embedder, progress)
    timings["embed_s"] = round(time.perf_counter() - t0, 2)
    n = len(texts)
    seg = pd.DataFrame(
        {
            "segment_id": [str(i + 1) for i in range(n)],
            "document_id": [str(i + 1) for i in range(n)],
            "source_kind": "consultation",
            "source_format": FORMATS[src.suffix.lower()],
            "source_file": src.name,
            "source_row": np.arange(1, n + 1),
            "text": texts,
        }
    )
    if split_by is not None:
        seg["question_id"] = frame[split_by].astype(str).to_numpy()
    corpus = Corpus(conform(seg), privacy="anonymised" if anonymise else "declared_anonymous").with_array(
        "embeddings", vectors
    )
    ctx = RunContext(seed=seed, progress=progress or (lambda *_: None))
    stage = Themes(
        split_by="question_id" if split_by is not None else None,
        stability_runs=stability_runs,
        tokeniser=tokeniser,  # type: ignore[arg-type]
    )
    t0 = time.perf_counter()
    result = stage(corpus, ctx)
    timings["themes_s"] = round(time.perf_counter() - t0, 2)
    out.mkdir(parents=True, exist_ok=True)
    asg = result.tables["assignments"]
    pd.DataFrame(
        {"row": asg["segment_id"].astype(int), "theme_id": asg["theme_id"], "probability": asg["probability"]}
    ).to_csv(out / "assignments.csv", index=False)
    themes = result.tables["themes"]
    records = []
    for rec in themes.to_dict(orient="records"):
        rec["keywords"] = json.loads(rec["keywords"])
        rec["quotes"] = [{**q, "row": int(q["segment_id"])} for q in json.loads(rec["quotes"])]
        for q in rec["quotes"]:
            q.pop("segment_id")
        rec["share_ci"] = [rec.pop("share_ci_low"), rec.pop("share_ci_high")]
        rec["stability"] = None if pd.isna(rec["stability"]) else float(rec["stability"])
        records.append(rec)
    quality = result.artifacts["themes_quality"]
    doc = {"themes": records, "quality": quality, "parameters": stage.model_params(seed)}
    (out / "themes.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False, default=_plain), encoding="utf-8")
    for group, state in result.artifacts["theme_models"].items():
        target = out / "model" if split_by is None else out / "model" / _safe(group)
        save(from_state(state, vectors), target)
    manifest = {
        "command": "voices themes",
        "input": {"path": str(src), "sha256": _sha256(src), "rows": n, "text_column": text_column},
        "seed": seed,
        "embedder": embedder_name,
        "anonymised": anonymise,
        "privacy": "anonymised" if anonymise else "declared_anonymous (--no-anonymise: text used as given)",
        "split_by": split_by,
        "counts": {
            "rows": n,
            "rows_without_text": int(sum(1 for t in texts if not t.strip())),
            "assignment_rows": len(asg),
            "themes": int(quality["themes"]),
        },
        "quality": {k: quality[k] for k in ("unassigned_share", "coherence_npmi", "diversity", "between_run_ari")},
        "timings": {**timings, "total_s": round(time.perf_counter() - started, 2)},
        "environment": package_versions(),
        "stage_stats": ctx.stats,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, default=_plain), encoding="utf-8")
    return {
        "rows": n,
        "themes": int(quality["themes"]),
        "unassigned_share": quality["unassigned_share"],
        "output": str(out),
        "seconds": round(time.perf_counter() - started, 1),
        "anonymised": anonymise,
    }


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:60] or "group"


def _plain(value: Any) -> Any:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)
