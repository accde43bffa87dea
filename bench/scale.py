"""Benchmark the whole pipeline at scale: ingest → anonymise → embed (fast) → themes on 100k and 1M short posts.

Run: .venv/bin/python bench/scale.py --n 100000 [--n 1000000] [--warm] [--default-texts 2000]

For each ``--n`` it builds a synthetic Reddit NDJSON export of ``n`` short posts (sentences sampled with a seeded
RNG from the shared corpora: Polis comments, WNUT-17 and Broad Twitter Corpus tweets, 20 Newsgroups sentences;
with hashtags, @handles, emoji, the odd Ofcom drama-range phone number and "[deleted]" comment; timestamps spread
over two years) in ``bench/.cache/scale/`` (git-ignored; the corpora are read, never shipped), then runs the real
pipeline (``voices.pipeline.loads`` + ``voices.pipeline.run``, which writes a run directory) in a fresh
subprocess, so each size's peak memory is its own. The child samples its RSS (plus its worker processes') every
0.2 s and splits the samples
by stage (stage starts come from the runner's "running <stage>" log line), next to the manifest's per-stage wall
and CPU seconds and high-water RSS.

``--warm`` re-runs the first size in a new process against the same, now warm, embedding cache.
``--default-texts K`` times the default (MiniLM) embedder on K anonymised posts from the first size's run.
``--names-model voices-fast-ner`` gives the anonymise stage that ``names_model`` (the label gets it as a suffix).
``--profile`` runs each size under cProfile and prints the top functions (slower; use a small ``--n``).

Prints a markdown table and merges the results into bench/results/scale.json (one entry per run label, so a
1M run started later adds to the 100k results). Targets (issue 4, 2-core machine): 100k < 5 min; 1M < 45 min
and < 8 GB peak; warm 100k < 30 s.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import glob
import json
import logging
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DATA = Path("/work/shared/data")
WORK = ROOT / "bench" / ".cache" / "scale"
RESULTS = ROOT / "bench" / "results" / "scale.json"
STAGES = ("voices.ingest.social.v1", "voices.anonymise.v1", "voices.embed.v1", "voices.themes.v1")
SHORT = {
    "voices.ingest.social.v1": "ingest",
    "voices.anonymise.v1": "anonymise",
    "voices.embed.v1": "embed",
    "voices.themes.v1": "themes",
    "write_run": "write run",
}
TARGETS = {"100k_s": 300, "1m_s": 45 * 60, "1m_peak_gb": 8.0, "warm_100k_s": 30}

PIPELINE = """
[pipeline]
name = "scale-{label}"
seed = 0
cache_dir = "{cache}"

[[stage]]
use = "voices.ingest.social.v1"
paths = ["{posts}"]

[[stage]]
use = "voices.anonymise.v1"
{anonymise_args}
[[stage]]
use = "voices.embed.v1"
embedder = "fast"

[[stage]]
use = "voices.themes.v1"
"""

# -- synthetic posts ------------------------------------------------------------------------------------------

HASHTAGS = (  # noqa: SIM905 - a word list reads best as one string
    "#CostOfLiving #energybills #rent #NHS #climate #housing #bus #GE2024 #StrikeAction #foodbank #Leeds "
    "#Manchester #mentalhealth #schools #potholes #trains #wages #childcare #heating #council"
).split()
EMOJI = ["😡", "🥶", "😂", "🙏", "💸", "🔥", "👏", "😢", "🤦", "❤️", "👀", "🚌"]
HANDLE_PARTS = "leeds mum dad city watcher local bus rail news fan tenant nurse teacher voice north south".split()  # noqa: SIM905


def _detok(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([.,!?;:%)])", r"\1", text)
    text = re.sub(r"([(]) ", r"\1", text)
    return re.sub(r" (n't|'s|'re|'m|'ll|'ve|'d)\b", r"\1", text)


def _conll_sentences(path: Path) -> list[str]:
    out, tokens = [], []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            if tokens:
                out.append(_detok(tokens))
            tokens = []
            continue
        tokens.append(line.split("\t")[0].split(" ")[0])
    if tokens:
        out.append(_detok(tokens))
    return out


def sentence_pool() -> dict[str, list[str]]:
    """Short texts from the shared corpora, by source (read only; nothing is copied into the repository)."""
    csv.field_size_limit(1 << 24)
    polis: list[str] = []
    for path in sorted(glob.glob(str(DATA / "consultation/polis/*/comments.csv"))):
        with open(path, encoding="utf-8", newline="") as fh:
            polis += [r.get("comment-body") or "" for r in csv.DictReader(fh)]
    tweets: list[str] = []
    for path in sorted(glob.glob(str(DATA / "pii/wnut17/*.conll")) + glob.glob(str(DATA / "pii/btc/*.conll"))):
        tweets += _conll_sentences(Path(path))
    news: list[str] = []
    with open(DATA / "themes/20newsgroups_10k.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lines = [ln for ln in (row.get("text") or "").splitlines() if not ln.lstrip().startswith((">", "|"))]
            flat = re.sub(r"\s+", " ", " ".join(lines)).strip()
            news += re.split(r"(?<=[.!?])\s+(?=[A-Z])", flat)

    def keep(texts: list[str], lo: int, hi: int) -> list[str]:
        return [t.strip() for t in texts if lo <= len(t.strip()) <= hi and sum(c.isalpha() for c in t) > lo // 2]

    return {"polis": keep(polis, 15, 280), "tweets": keep(tweets, 15, 280), "news": keep(news, 25, 240)}


def _phone(rng: random.Random) -> str:
    """A number from Ofcom's drama ranges (never allocated to anyone)."""
    return rng.choice(
        [
            f"07700 900{rng.randint(0, 999):03d}",
            f"0113 496 0{rng.randint(0, 999):03d}",
            f"020 7946 0{rng.randint(0, 999):03d}",
            f"0161 496 0{rng.randint(0, 999):03d}",
        ]
    )


def make_post(rng: random.Random, pool: dict[str, list[str]]) -> str:
    """One short post: one to three sentences plus light social-media variation, at most 280 characters."""
    source = rng.choices(("polis", "tweets", "news"), weights=(35, 35, 30))[0]
    k = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
    text = " ".join(rng.choice(pool[source]) for _ in range(k))
    if rng.random() < 0.2:
        text = f"@{rng.choice(HANDLE_PARTS)}_{rng.choice(HANDLE_PARTS)}{rng.randint(1, 999)} {text}"
    if rng.random() < 0.3:
        text += " " + " ".join(rng.sample(HASHTAGS, rng.randint(1, 2)))
    if rng.random() < 0.15:
        text += " " + rng.choice(EMOJI) * rng.randint(1, 3)
    if rng.random() < 0.02:
        text += f" ring me on {_phone(rng)}"
    if len(text) > 280:
        text = text[:280].rsplit(" ", 1)[0] + "…"
    return text


def write_posts(path: Path, n: int, pool: dict[str, list[str]], *, seed: int = 0) -> None:
    """Reddit NDJSON: a submission every ~20 records then comments on it; 2 % deleted; two years of timestamps."""
    rng = random.Random(seed)
    t0, span = 1_704_067_200, 2 * 365 * 86_400  # 2024-01-01, two years
    subs = ["Leeds", "manchester", "unitedkingdom", "AskUK", "CasualUK", "london", "Scotland", "britishproblems"]
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        sub_id = "s0"
        for i in range(n):
            created = t0 + int(span * i / n) + rng.randint(0, 600)
            author = f"user{rng.randint(1, max(2, n // 4))}"
            if i % 20 == 0:
                sub_id = f"s{i:x}"
                rec: dict[str, Any] = {
                    "id": sub_id,
                    "name": f"t3_{sub_id}",
                    "author": author,
                    "subreddit": rng.choice(subs),
                    "created_utc": created,
                    "title": make_post(rng, pool),
                    "selftext": "",
                    "score": rng.randint(0, 900),
                    "num_comments": 19,
                }
            else:
                body = "[deleted]" if rng.random() < 0.02 else make_post(rng, pool)
                rec = {
                    "id": f"c{i:x}",
                    "name": f"t1_c{i:x}",
                    "author": author,
                    "subreddit": "",
                    "created_utc": created,
                    "link_id": f"t3_{sub_id}",
                    "parent_id": f"t3_{sub_id}",
                    "body": body,
                    "score": rng.randint(-5, 90),
                }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    tmp.rename(path)


def posts_file(n: int, seed: int) -> Path:
    """The posts file for ``n`` (built once, reused by later runs with the same n and seed)."""
    path = WORK / f"reddit-{n}-seed{seed}.ndjson"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        pool = sentence_pool()
        write_posts(path, n, pool, seed=seed)
        print(
            f"wrote {path.name}: {n:,} posts ({path.stat().st_size / 1e6:.0f} MB) from "
            f"{ {k: len(v) for k, v in pool.items()} } sentences in {time.perf_counter() - t0:.0f} s",
            flush=True,
        )
    return path


# -- child: one pipeline run ----------------------------------------------------------------------------------


class _StageMarks(logging.Handler):
    """Records when the runner starts each stage (its "running <stage>" log line)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.marks: list[tuple[str, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "running %s" and record.args:
            self.marks.append((str(record.args[0]), time.perf_counter()))  # type: ignore[index]


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _sample_rss(samples: list[tuple[float, float]], stop: threading.Event) -> None:
    import psutil

    proc = psutil.Process()
    while not stop.is_set():
        rss = proc.memory_info().rss
        for child in proc.children(recursive=True):  # the anonymise stage's worker processes count too
            with contextlib.suppress(psutil.Error):
                rss += child.memory_info().rss
        samples.append((time.perf_counter(), rss / 2**20))
        stop.wait(0.2)


def child_run(
    label: str, posts: Path, cache: Path, runs: Path, out: Path, *, profile: bool, names_model: str | None
) -> None:
    """Run the pipeline once in this process and write what it measured to ``out`` (JSON)."""
    import resource

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("voices").setLevel(logging.INFO)
    marks = _StageMarks()
    logging.getLogger("voices.pipeline").addHandler(marks)
    samples: list[tuple[float, float]] = []
    stop = threading.Event()
    sampler = threading.Thread(target=_sample_rss, args=(samples, stop), daemon=True)
    t_start = time.perf_counter()
    sampler.start()

    from voices import pipeline

    last = [0.0]

    def progress(task: str, done: int, total: int) -> None:  # a line at most every 30 s, for the log
        now = time.perf_counter()
        if now - last[0] > 30 or (total and done >= total):
            last[0] = now
            rss = samples[-1][1] if samples else 0.0
            print(
                f"  [{now - t_start:7.0f} s] {task}: {done:,}/{total:,} (RSS {rss:,.0f} MB)",
                file=sys.stderr,
                flush=True,
            )

    anonymise_args = f'names_model = "{names_model}"\n' if names_model else ""
    text = PIPELINE.format(label=label, cache=cache, posts=posts, anonymise_args=anonymise_args)
    spec = pipeline.loads(text, base_dir=WORK)
    t_imports = time.perf_counter() - t_start
    t0 = time.perf_counter()
    if profile:
        import cProfile

        prof = cProfile.Profile()
        run_dir = prof.runcall(pipeline.run, spec, runs_dir=runs, progress=progress)
        prof.dump_stats(str(out.with_suffix(".pstats")))
    else:
        run_dir = pipeline.run(spec, runs_dir=runs, progress=progress)
    t_end = time.perf_counter()
    stop.set()
    sampler.join()
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    stages = manifest.get("stages", [])
    bounds = [(name, start) for name, start in marks.marks] + [("write_run", t0 + sum(s["wall_s"] for s in stages))]
    per_stage: dict[str, Any] = {}
    for i, (name, start) in enumerate(bounds):
        end = bounds[i + 1][1] if i + 1 < len(bounds) else t_end
        rss = [r for t, r in samples if start <= t <= end] or [0.0]
        rec = next((s for s in stages if s["use"] == name), None)
        per_stage[name] = {
            "wall_s": rec["wall_s"] if rec else round(end - start, 3),
            "cpu_s": rec["cpu_s"] if rec else None,
            "peak_rss_mb_sampled": round(max(rss), 1),
            "peak_rss_mb_high_water": rec["peak_rss_mb"] if rec else None,
            "segments_out": rec["segments_out"] if rec else None,
            "stats": {k: v for k, v in (rec or {}).get("stats", {}).items() if k not in ("sources", "notes")},
        }
    size = sum(p.stat().st_size for p in run_dir.rglob("*") if p.is_file())
    timeline, next_t = [], t_start
    for t, r in samples:  # one sample every 5 s: where in the run the memory grows
        if t >= next_t:
            timeline.append([round(t - t_start, 1), round(r)])
            next_t = t + 5.0
    result = {
        "label": label,
        "posts_file_mb": round(posts.stat().st_size / 1e6, 1),
        "segments": stages[-1]["segments_out"] if stages else 0,
        "imports_s": round(t_imports, 2),
        "pipeline_wall_s": round(t_end - t0, 2),
        "peak_rss_mb": round(
            max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, max((r for _, r in samples), default=0)), 1
        ),
        "peak_rss_mb_self_high_water": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
        "worker_processes_cpu_s": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
            + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime,
            1,
        ),
        "run_dir_mb": round(size / 1e6, 1),
        "stages": per_stage,
        "rss_timeline_s_mb": timeline,
        "profiled": profile,
    }
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")


def child_default(run_dir: Path, k: int, seed: int, out: Path) -> None:
    """Time the default embedder on ``k`` anonymised posts taken from a run (texts/s, model load excluded)."""
    import pandas as pd

    from voices.embed import make_embedder

    texts = pd.read_parquet(run_dir / "segments.parquet", columns=["text"])["text"].astype(str).tolist()
    sample = random.Random(seed).sample(texts, min(k, len(texts)))
    embedder = make_embedder("default")
    t0 = time.perf_counter()
    embedder.embed(sample[:8])
    load_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    vecs = embedder.embed(sample, batch_size=64)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    out.write_text(
        json.dumps(
            {
                "name": embedder.name,
                "texts": len(sample),
                "dim": int(vecs.shape[1]),
                "load_s": round(load_s, 2),
                "wall_s": round(wall, 2),
                "cpu_s": round(cpu, 2),
                "texts_per_s": round(len(sample) / wall, 1),
                "projected_1m_hours": round(1_000_000 / (len(sample) / wall) / 3600, 1),
            },
            indent=2,
        ),
        encoding="utf-8",
    )


# -- parent ---------------------------------------------------------------------------------------------------


def _spawn(args: list[str], *, log_to: Path | None = None) -> tuple[float, float, float, int]:
    """Run this script as a child; return wall seconds, load average before and after, and the return code."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], env=env, check=False)
    return time.perf_counter() - t0, load0, os.getloadavg()[0], proc.returncode


def _code_version() -> str:
    """HEAD's short hash, with ``+dirty`` when src/ has uncommitted changes (the tree moves while we measure)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True).stdout
    except OSError:
        return "unknown"
    return head.strip() + ("+dirty" if dirty.strip() else "")


def measure(
    label: str, n: int, posts: Path, cache: Path, *, profile: bool, names_model: str | None = None
) -> dict[str, Any]:
    runs = WORK / f"runs-{label}"
    out = WORK / f"result-{label}.json"
    out.unlink(missing_ok=True)
    print(f"\n== {label}: {n:,} posts, pipeline in a fresh process (cache {cache.name}) ==", flush=True)
    code = _code_version()
    wall, load0, load1, rc = _spawn(
        ["--child", label, "--posts", str(posts), "--cache", str(cache), "--runs", str(runs), "--out", str(out)]
        + (["--profile"] if profile else [])
        + (["--names-model", names_model] if names_model else [])
    )
    if rc != 0 or not out.exists():
        raise SystemExit(f"{label}: the child run failed (exit code {rc}); see its output above.")
    result = json.loads(out.read_text(encoding="utf-8"))
    result.update(n=n, process_wall_s=round(wall, 1), load_avg_1m=[round(load0, 2), round(load1, 2)], code=code)
    result["names_model"] = names_model or "default"
    result["run_dir"] = str(next(runs.iterdir()))
    if profile:
        _print_profile(out.with_suffix(".pstats"))
    return result


def _print_profile(path: Path) -> None:
    import pstats

    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def _gb(mb: float | None) -> str:
    return "" if mb is None else f"{mb / 1024:.2f}"


def table(results: dict[str, Any]) -> str:
    """Markdown table of the runs in ``results``."""
    head = (
        "| run | posts | segments | ingest s | anonymise s | embed s | themes s | write s | pipeline s | "
        "process s | peak RSS GB (stage) | load avg | target | met |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    rows = []
    for label, r in results.get("runs", {}).items():
        st = r["stages"]
        peak_stage = max(st, key=lambda s: st[s]["peak_rss_mb_sampled"])
        cells = [f"{st[s]['wall_s']:.1f}" if s in st else "" for s in (*STAGES, "write_run")]
        limit_s = (
            TARGETS["warm_100k_s"]
            if label.endswith("warm")
            else (TARGETS["100k_s"] if r["n"] <= 100_000 else TARGETS["1m_s"])
        )
        target = f"< {limit_s // 60} min" if limit_s >= 60 else f"< {limit_s} s"
        ok = r["process_wall_s"] < limit_s
        if r["n"] >= 1_000_000:
            target += ", < 8 GB"
            ok = ok and r["peak_rss_mb"] / 1024 < TARGETS["1m_peak_gb"]
        rows.append(
            f"| {label} | {r['n']:,} | {r['segments']:,} | "
            + " | ".join(cells)
            + f" | {r['pipeline_wall_s']:.0f} | {r['process_wall_s']:.0f} | {_gb(r['peak_rss_mb'])} "
            f"({SHORT.get(peak_stage, peak_stage)}) | {r['load_avg_1m'][0]:.1f}–{r['load_avg_1m'][1]:.1f} | {target} | "
            f"{'yes' if ok else '**no**'} |"
        )
    out = head + "\n".join(rows)
    d = results.get("default_embedder")
    if d:
        out += (
            f"\n\nDefault embedder ({d['name']}): **{d['texts_per_s']:,.0f} texts/s** on {d['texts']:,} anonymised "
            f"posts ({d['wall_s']:.0f} s, model load {d['load_s']:.0f} s; "
            f"1M posts would take ~{d['projected_1m_hours']} h)."
        )
    return out


def save(update: dict[str, Any]) -> dict[str, Any]:
    """Merge ``update`` into bench/results/scale.json (runs keyed by label) and return the whole file."""
    data: dict[str, Any] = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    data.setdefault("runs", {}).update(update.pop("runs", {}))
    data.update(update)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(RESULTS)
    return data


def _label(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, action="append", help="posts per run (repeatable); default 100000")
    parser.add_argument("--warm", action="store_true", help="re-run the first size with the embedding cache warm")
    parser.add_argument("--default-texts", type=int, default=0, help="time the default embedder on this many posts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="run under cProfile and print the top functions")
    parser.add_argument("--names-model", help="the anonymise stage's names_model (e.g. voices-fast-ner)")
    parser.add_argument("--keep-runs", action="store_true", help="keep the run directories in bench/.cache/scale")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/scale.json")
    for internal in ("--child", "--posts", "--cache", "--runs", "--out", "--default-from"):
        parser.add_argument(internal, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_run(
            args.child,
            Path(args.posts),
            Path(args.cache),
            Path(args.runs),
            Path(args.out),
            profile=args.profile,
            names_model=args.names_model,
        )
        return
    if args.default_from:
        child_default(Path(args.default_from), args.default_texts, args.seed, Path(args.out))
        return

    sizes = args.n or [100_000]
    meta = {
        "command": "python bench/scale.py " + " ".join(sys.argv[1:]),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "targets": TARGETS,
    }
    found: dict[str, Any] = {"runs": {}}
    first_run: Path | None = None
    for i, n in enumerate(sizes):
        label = _label(n) + (f"-{args.names_model}" if args.names_model else "") + ("-profile" if args.profile else "")
        posts = posts_file(n, args.seed)
        cache = WORK / f"cache-{label}"
        shutil.rmtree(cache, ignore_errors=True)  # a cold embedding cache for the first run of each size
        shutil.rmtree(WORK / f"runs-{label}", ignore_errors=True)
        found["runs"][label] = measure(label, n, posts, cache, profile=args.profile, names_model=args.names_model)
        if i == 0:
            first_run = Path(found["runs"][label]["run_dir"])
        if args.warm and i == 0:
            warm = f"{label}-warm"
            shutil.rmtree(WORK / f"runs-{warm}", ignore_errors=True)
            found["runs"][warm] = measure(warm, n, posts, cache, profile=False, names_model=args.names_model)
            shutil.rmtree(WORK / f"runs-{warm}", ignore_errors=True)
        if not args.no_save and not args.profile:
            save({**meta, "runs": dict(found["runs"])})
    if args.default_texts and first_run is not None:
        out = WORK / "result-default.json"
        print(f"\n== default embedder on {args.default_texts:,} posts ==", flush=True)
        _, load0, load1, rc = _spawn(
            ["--default-from", str(first_run), "--default-texts", str(args.default_texts), "--out", str(out)]
        )
        if rc == 0:
            found["default_embedder"] = {
                **json.loads(out.read_text()),
                "load_avg_1m": [round(load0, 2), round(load1, 2)],
            }
    if not args.keep_runs:
        for label in found["runs"]:
            shutil.rmtree(WORK / f"runs-{label}", ignore_errors=True)
    data = found if args.no_save or args.profile else save({**meta, **found})
    print("\n" + table(data))


if __name__ == "__main__":
    main()
