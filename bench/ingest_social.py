"""Benchmark the social readers: read a synthetic X API v2 NDJSON (or Reddit NDJSON) export and mark duplicates.

Run: .venv/bin/python bench/ingest_social.py [--posts 100000] [--platform x_v2|reddit] [--dedup-posts 1000000]

Writes a synthetic export to a temporary folder (pages of 100 tweets with ``includes``, about 10 % retweets and
5 % near-duplicate copies; or one Reddit comment / submission per line), times ``social.read`` on it and prints
posts per second and the process's peak RSS (``--trace`` adds a slower pass tracing Python allocations).
With ``--dedup-posts N`` it also times ``social.mark_duplicates`` alone on N in-memory posts.
Nothing is downloaded; the data are invented.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from voices.ingest import social

WORDS = (  # noqa: SIM905 - a word list reads best as one string
    "rent bills energy heating bus fares council housing damp mould food bank prices wages childcare nursery "
    "school meals train cancelled late again standing charge meter landlord repairs queue winter cost living "
    "can't afford cold kids work shifts universal credit payday tinned veg nappies warm space library"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 30))]
    return " ".join(words).capitalize() + rng.choice([".", "!", "?", " 😡", " 🥶", " #CostOfLiving", ""])


def write_x_v2(path: Path, posts: int, seed: int = 0) -> None:
    """NDJSON of API v2 pages (100 tweets each) with includes, retweets and near-duplicates."""
    rng = random.Random(seed)
    t0 = 1_767_225_600  # 2026-01-01
    texts: list[str] = []
    with path.open("w", encoding="utf-8") as fh:
        for start in range(0, posts, 100):
            data, users, refs = [], {}, []
            for i in range(start, min(posts, start + 100)):
                uid = str(rng.randint(1, posts // 5 + 1))
                users[uid] = {"id": uid, "username": f"user_{uid}", "name": f"User {uid}"}
                tid = str(1_900_000_000_000_000_000 + i)
                r = rng.random()
                tweet: dict = {
                    "id": tid,
                    "author_id": uid,
                    "conversation_id": tid,
                    "lang": "en",
                    "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(t0 + i * 7)),
                }
                if r < 0.10 and texts:
                    ref_id = str(1_800_000_000_000_000_000 + i)
                    full = rng.choice(texts)
                    refs.append({"id": ref_id, "text": full, "author_id": uid})
                    tweet["text"] = f"RT @user_{uid}: {full[:100]}…"
                    tweet["referenced_tweets"] = [{"type": "retweeted", "id": ref_id}]
                elif r < 0.15 and texts:
                    tweet["text"] = rng.choice(texts).replace("e", "3", 1) + " https://t.co/x" + str(i)
                else:
                    tweet["text"] = _sentence(rng) + " &amp; " + _sentence(rng)
                    texts.append(tweet["text"])
                tweet["public_metrics"] = {
                    "retweet_count": rng.randint(0, 50),
                    "reply_count": rng.randint(0, 9),
                    "like_count": rng.randint(0, 500),
                    "quote_count": 0,
                }
                data.append(tweet)
            page = {
                "data": data,
                "includes": {"users": list(users.values()), "tweets": refs},
                "meta": {"result_count": len(data)},
            }
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")


def write_reddit(path: Path, posts: int, seed: int = 0) -> None:
    """NDJSON of Reddit submissions and comments, one per line, a few deleted."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        sub = "s0"
        for i in range(posts):
            if i % 20 == 0:
                sub = f"s{i}"
                rec = {
                    "id": sub,
                    "name": f"t3_{sub}",
                    "author": f"u{rng.randint(1, posts)}",
                    "subreddit": "Leeds",
                    "created_utc": 1_767_225_600 + i * 7,
                    "title": _sentence(rng),
                    "selftext": _sentence(rng),
                    "score": rng.randint(0, 900),
                    "num_comments": 19,
                }
            else:
                body = "[deleted]" if rng.random() < 0.02 else _sentence(rng)
                rec = {
                    "id": f"c{i}",
                    "name": f"t1_c{i}",
                    "author": f"u{rng.randint(1, posts)}",
                    "subreddit": "Leeds",
                    "created_utc": 1_767_225_600 + i * 7,
                    "link_id": f"t3_{sub}",
                    "parent_id": f"t3_{sub}",
                    "body": body,
                    "score": rng.randint(-5, 90),
                }
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # kilobytes on Linux


def _frame_mb(frame: pd.DataFrame) -> float:
    return float(frame.memory_usage(deep=True).sum()) / 1e6


def bench_read(posts: int, platform: str, *, trace: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench_{platform}.ndjson"
        (write_x_v2 if platform == "x_v2" else write_reddit)(path, posts)
        size = path.stat().st_size
        before = _rss_mb()
        t0 = time.perf_counter()
        result = social.read(path)
        elapsed = time.perf_counter() - t0
        after = _rss_mb()
        result.check()
        print(
            f"read {platform}: {result.records_in:,} records ({size / 1e6:.0f} MB) -> {len(result.segments):,} "
            f"posts, {len(result.dropped):,} dropped, {result.notes.get('duplicates', 0):,} duplicates "
            f"in {elapsed:.1f} s = {result.records_in / elapsed:,.0f} posts/s; peak RSS {after:.0f} MB "
            f"(was {before:.0f} MB before reading); segments {_frame_mb(result.segments):.0f} MB"
        )
        if trace:  # a second, slower pass: Python allocations only
            del result
            tracemalloc.start()
            social.read(path)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"peak traced Python allocations while reading: {peak / 1e6:.0f} MB")


def bench_dedup(posts: int) -> None:
    rng = np.random.default_rng(1)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = np.array(["".join(rng.choice(letters, rng.integers(3, 9))) for _ in range(20_000)])
    base = [" ".join(rng.choice(vocab, rng.integers(8, 30))) for _ in range(posts // 2)]
    pick = rng.integers(0, len(base), posts)
    kind = rng.random(posts)
    texts = [
        f"RT @u{i % 997}: {base[j]}"
        if k < 0.1
        else (base[j][:-2] + "zz" if k < 0.15 else base[j if k < 0.5 else i // 2])
        for i, (j, k) in enumerate(zip(pick, kind, strict=True))
    ]
    seg = pd.DataFrame(
        {
            "segment_id": pd.array([f"x/{i}" for i in range(posts)], dtype="str"),
            "text": pd.array(texts, dtype="str"),
            "created_at": pd.to_datetime(np.arange(posts) * 1_000_000_000, utc=True),
        }
    )
    t0 = time.perf_counter()
    out = social.mark_duplicates(seg)
    elapsed = time.perf_counter() - t0
    print(
        f"mark_duplicates: {posts:,} posts in {elapsed:.1f} s = {posts / elapsed:,.0f} posts/s; "
        f"{int(out['duplicate_of'].notna().sum()):,} marked"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--platform", choices=["x_v2", "reddit"], default="x_v2")
    parser.add_argument("--dedup-posts", type=int, default=0)
    parser.add_argument("--trace", action="store_true", help="also trace Python allocations (a slower second pass)")
    args = parser.parse_args()
    bench_read(args.posts, args.platform, trace=args.trace)
    if args.dedup_posts:
        bench_dedup(args.dedup_posts)


if __name__ == "__main__":
    main()
