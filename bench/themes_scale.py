"""Benchmark the ``voices.themes.v1`` stage alone at scale (100k and 1M segments), in one process.

Input: the 100k Reddit-style segments and their fast-embedder (model2vec, 256-d) embeddings that
``bench/scale.py`` leaves in ``bench/.cache/scale/`` (``seg100k.parquet``, ``emb100k.npy``; pass ``--cache`` to
read them from another checkout). ``--tile 10`` makes 1M segments by repeating them ten times with seeded
Gaussian noise (sd 0.02 per dimension) on the embeddings and a copy suffix on the segment ids, so no two rows are
identical.

Reported: stage wall seconds, process CPU seconds (user + system, all threads), peak RSS (sampled every 50 ms,
and the kernel's high-water mark), the stage's stats and the time of each step logged by the themes modules.
``--save out.npy`` keeps the primary theme of every segment, and ``--compare old.npy`` prints the adjusted Rand
index with a saved run (same input, e.g. before and after a change), so speed-ups can show they keep the themes.

Run:  HF_HUB_OFFLINE=1 PYTHONPATH=src .venv/bin/python bench/themes_scale.py                 (100k)
      HF_HUB_OFFLINE=1 PYTHONPATH=src .venv/bin/python bench/themes_scale.py --tile 10       (1M)
      add ``--lemma-cache DIR`` to give the stage a cache_dir (second run = warm lemma cache).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from voices.corpus import Corpus  # noqa: E402
from voices.stage import RunContext  # noqa: E402
from voices.themes.stage import Themes  # noqa: E402


class _Steps(logging.Handler):
    """Print each log record of the themes modules with the seconds since the stage started."""

    def __init__(self, t0: float) -> None:
        super().__init__(logging.INFO)
        self.t0 = t0

    def emit(self, record: logging.LogRecord) -> None:
        print(f"  [{time.perf_counter() - self.t0:7.1f} s] {record.name}: {record.getMessage()}", flush=True)


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def load(cache: Path, tile: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Segments and embeddings, tiled ``tile`` times with seeded noise."""
    seg = pd.read_parquet(cache / "seg100k.parquet")
    emb = np.load(cache / "emb100k.npy").astype(np.float32)
    if tile <= 1:
        return seg, emb
    rng = np.random.default_rng(12345)
    parts = []
    for t in range(tile):
        noisy = emb + (rng.normal(scale=0.02, size=emb.shape).astype(np.float32) if t else 0)
        parts.append(noisy)
    embs = np.concatenate(parts)
    segs = pd.concat(
        [seg.assign(segment_id=seg["segment_id"] + (f"#{t}" if t else "")) for t in range(tile)], ignore_index=True
    )
    return segs, embs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=HERE / ".cache" / "scale")
    ap.add_argument("--tile", type=int, default=1)
    ap.add_argument("--tokeniser", default="auto", choices=["auto", "spacy", "regex"])
    ap.add_argument("--lemma-cache", type=Path, default=None, help="cache_dir handed to the stage")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--save", type=Path, default=None)
    ap.add_argument("--compare", type=Path, default=None)
    ap.add_argument("--profile", type=Path, default=None, help="write cProfile stats here")
    args = ap.parse_args()

    seg, emb = load(args.cache, args.tile)
    corpus = Corpus(seg).with_array("embeddings", emb)
    del emb
    print(f"n={len(seg):,} d={corpus.arrays['embeddings'].shape[1]} RSS before {_rss_mb():,.0f} MB", flush=True)
    ctx = RunContext(seed=args.seed, cache_dir=args.lemma_cache)
    samples: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            samples.append(_rss_mb())
            time.sleep(0.05)

    t0 = time.perf_counter()
    handler = _Steps(t0)
    themes_log = logging.getLogger("voices.themes")
    themes_log.addHandler(handler)
    themes_log.setLevel(logging.INFO)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    c0 = time.process_time()
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
        out = prof.runcall(Themes(tokeniser=args.tokeniser), corpus, ctx)
        prof.dump_stats(args.profile)
    else:
        out = Themes(tokeniser=args.tokeniser)(corpus, ctx)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - c0
    stop.set()
    sampler.join()
    high = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    a = out.tables["assignments"]
    primary = a[a["primary"]].set_index("segment_id")["theme_id"].reindex(seg["segment_id"]).to_numpy()
    result = {
        "segments": len(seg),
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "peak_rss_mb_sampled": round(max(samples), 0),
        "peak_rss_mb_high_water": round(high, 0),
        "stats": ctx.stats,
    }
    print(json.dumps(result, indent=1, default=str))
    themes = out.tables["themes"]
    top = themes[themes["level"] == 0]
    for row in top.head(8).itertuples():
        print(f"  {row.theme_id:>3} {row.size:>7} {row.stability!s:>6}  {row.label}  {row.keywords[:70]}")
    if args.save:
        np.save(args.save, primary)
    if args.compare:
        from sklearn.metrics import adjusted_rand_score

        old = np.load(args.compare)
        ari = adjusted_rand_score(old, primary)
        print(f"ARI with {args.compare}: {ari:.4f}; identical: {np.array_equal(old, primary)}")


if __name__ == "__main__":
    main()
