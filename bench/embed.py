"""Embedding throughput and the embedding cache: default MiniLM vs the fast model2vec model.

Run: .venv/bin/python bench/embed.py [--n 100000] [--n-default 2000] [--n-fast 20000]

* texts/s of the default embedder (all-MiniLM-L6-v2, max_seq_length 128) and the fast one (model2vec distilled
  from it; built once into the user cache folder if missing, and that build is timed) on short Polis comments;
* agreement of the fast model with the default: mean overlap of each text's 10 nearest neighbours;
* cold vs warm cache for ``--n`` texts with the fast embedder: cold embeds everything into an empty cache, warm
  re-runs the same texts in the same process and again in a fresh process (import, resolve, look up).

Reads /work/shared/data/consultation/polis/*/comments.csv (override with VOICES_BENCH_POLIS). Prints a markdown
table and writes bench/results/embed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from voices.embed import EmbeddingCache, cached_embed, make_embedder  # noqa: E402
from voices.embed.distilled import fast_model_name, models_dir  # noqa: E402

POLIS = Path(os.environ.get("VOICES_BENCH_POLIS", "/work/shared/data/consultation/polis"))
RESULTS = ROOT / "bench" / "results" / "embed.json"

WARM_CHILD = """
import sys, time, json
t0 = time.perf_counter()
sys.path.insert(0, {src!r})
from voices.embed import EmbeddingCache, cached_embed, make_embedder
texts = open({texts!r}, encoding="utf-8").read().split("\\x1e")
t1 = time.perf_counter()
stats = {{}}
vecs = cached_embed(make_embedder("fast"), texts, EmbeddingCache({cache!r}), stats=stats)
t2 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "lookup_s": t2 - t1, "stats": stats, "shape": list(vecs.shape)}}))
"""


def polis_comments() -> list[str]:
    texts: list[str] = []
    for path in sorted(POLIS.glob("*/comments.csv")):
        frame = pd.read_csv(path, usecols=["comment-body"], dtype=str, keep_default_na=False)
        texts.extend(t.strip() for t in frame["comment-body"] if t.strip())
    return list(dict.fromkeys(texts))


def scaled(base: list[str], n: int) -> list[str]:
    """``n`` distinct texts: the comments, then the comments with a response number appended."""
    out = base[:n]
    i = 0
    while len(out) < n:
        out.append(f"{base[i % len(base)]} (response {i // len(base) + 1})")
        i += 1
    return out


def rate(embedder, texts: list[str]) -> tuple[float, np.ndarray]:
    embedder.embed(texts[:32])  # load the model outside the timing
    t0 = time.perf_counter()
    vecs = embedder.embed(texts, batch_size=64)
    return len(texts) / (time.perf_counter() - t0), vecs


def knn_overlap(a: np.ndarray, b: np.ndarray, k: int = 10) -> float:
    def knn(x: np.ndarray) -> np.ndarray:
        sims = x @ x.T
        np.fill_diagonal(sims, -np.inf)
        return np.argpartition(-sims, k, axis=1)[:, :k]

    na, nb = knn(a), knn(b)
    return float(np.mean([len(set(r1) & set(r2)) / k for r1, r2 in zip(na, nb, strict=True)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="texts for the cold/warm cache test")
    parser.add_argument("--n-default", type=int, default=2_000, help="texts for the default embedder's rate")
    parser.add_argument("--n-fast", type=int, default=20_000, help="texts for the fast embedder's rate")
    args = parser.parse_args()

    base = polis_comments()
    short = [t for t in base if len(t) <= 200]
    words = np.array([len(t.split()) for t in short])
    print(f"{len(base)} distinct Polis comments; {len(short)} of <= 200 chars (median {np.median(words):.0f} words)")
    machine: dict[str, object] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_1m_at_start": round(os.getloadavg()[0], 1),
    }
    results: dict[str, object] = {
        "machine": machine,
        "data": {"polis_comments": len(base), "short_comments": len(short), "median_words": float(np.median(words))},
    }

    fast_dir = models_dir() / fast_model_name(256)
    built_now = not (fast_dir / "manifest.json").is_file()
    fast = make_embedder("fast")
    t0 = time.perf_counter()
    _ = fast.directory  # builds it if missing
    results["fast_model"] = {"path": str(fast_dir), "built_now": built_now, "build_s": time.perf_counter() - t0}

    default = make_embedder("default")
    sample = scaled(short, args.n_default)
    default_rate, default_vecs = rate(default, sample)
    fast_rate, _ = rate(fast, scaled(short, args.n_fast))
    fast_vecs = fast.embed(sample)
    overlap = knn_overlap(default_vecs, fast_vecs)
    results["throughput"] = {
        "default": {"name": default.name, "texts": len(sample), "texts_per_s": default_rate},
        "fast": {"name": fast.name, "texts": args.n_fast, "texts_per_s": fast_rate},
        "fast_knn10_overlap_with_default": overlap,
    }

    texts = scaled(base, args.n)
    with tempfile.TemporaryDirectory() as tmp:
        cache = EmbeddingCache(Path(tmp) / "embeddings")
        cold_stats: dict[str, int] = {}
        t0 = time.perf_counter()
        cold = cached_embed(fast, texts, cache, stats=cold_stats)
        cold_s = time.perf_counter() - t0
        warm_stats: dict[str, int] = {}
        t0 = time.perf_counter()
        warm = cached_embed(fast, texts, cache, stats=warm_stats)
        warm_s = time.perf_counter() - t0
        assert np.array_equal(cold, warm), "warm vectors differ from cold ones"
        text_file = Path(tmp) / "texts.txt"
        text_file.write_text("\x1e".join(texts), encoding="utf-8")
        child = WARM_CHILD.format(src=str(ROOT / "src"), texts=str(text_file), cache=str(cache.directory))
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
        fresh_s = time.perf_counter() - t0
        fresh = json.loads(out.stdout.strip().splitlines()[-1])
        disk_mb = sum(p.stat().st_size for p in cache.directory.rglob("*") if p.is_file()) / 1e6
    results["cache"] = {
        "texts": len(texts),
        "cold_s": cold_s,
        "cold_stats": cold_stats,
        "warm_same_process_s": warm_s,
        "warm_stats": warm_stats,
        "warm_fresh_process_wall_s": fresh_s,
        "warm_fresh_process": fresh,
        "disk_mb": disk_mb,
    }

    rows = [
        ("default (all-MiniLM-L6-v2, seq 128) texts/s", f"{default_rate:,.0f}", f"{len(sample):,} short comments"),
        ("fast (model2vec, 256-d) texts/s", f"{fast_rate:,.0f}", f"{args.n_fast:,} short comments"),
        ("fast vs default: 10-NN overlap", f"{overlap:.2f}", f"{len(sample):,} comments"),
        (
            "fast model build",
            f"{results['fast_model']['build_s']:.0f} s",  # type: ignore[index]
            "built now" if built_now else "already built (load only)",
        ),
        (f"cold cache, {len(texts):,} texts (fast)", f"{cold_s:.1f} s", f"embedded {cold_stats['embedded']:,}"),
        (
            f"warm cache, {len(texts):,} texts, same process",
            f"{warm_s:.2f} s",
            f"from cache {warm_stats['from_cache']:,}",
        ),
        (
            f"warm cache, {len(texts):,} texts, fresh process",
            f"{fresh_s:.2f} s",
            f"import {fresh['import_s']:.1f} s + lookup {fresh['lookup_s']:.2f} s",
        ),
        ("cache on disk", f"{disk_mb:,.0f} MB", f"{len(texts):,} × 256 float32 + keys"),
    ]
    machine["load_average_1m_at_end"] = round(os.getloadavg()[0], 1)
    print(
        f"\nload average (1 min): {machine['load_average_1m_at_start']} at start, "
        f"{machine['load_average_1m_at_end']} at end (other work on a shared machine lowers texts/s)"
    )
    print("\n| measure | value | notes |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = RESULTS.with_suffix(".json.tmp")
    tmp_out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    tmp_out.replace(RESULTS)
    print(f"\nwrote {RESULTS}")


if __name__ == "__main__":
    main()
